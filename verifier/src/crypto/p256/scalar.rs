//! Arithmetic modulo the P-256 group order `n`, for the scalars of ECDSA verification.
//!
//! Scalars are plain integers below `n`; products go through Montgomery multiplication (with
//! `2^512 mod n` to cancel the `2^−256` factors), and the inverse comes from the
//! binary extended Euclidean algorithm.

use super::{
    LIMBS, Limb, Limbs, from_words, half_mod, is_zero, less_than, mul_add, neg_inverse,
    shift_right_1, sub, sub_mod,
};

/// The group order `n`.
pub(crate) const N: Limbs = from_words([
    0xF3B9_CAC2_FC63_2551,
    0xBCE6_FAAD_A717_9E84,
    0xFFFF_FFFF_FFFF_FFFF,
    0xFFFF_FFFF_0000_0000,
]);
/// `2^512 mod n`.
const R2: Limbs = from_words([
    0x8324_4C95_BE79_EEA2,
    0x4699_799C_49BD_6FA6,
    0x2845_B239_2B6B_EC59,
    0x66E1_2D94_F3D9_5620,
]);
/// `−n⁻¹ mod 2^LIMB_BITS`.
const N0: Limb = neg_inverse(N[0]);
/// 1 as an integer.
const ONE: Limbs = from_words([1, 0, 0, 0]);

/// `a · b · 2^−256 mod n` for `a · b < n · 2^256`, below `n`.
///
/// Montgomery multiplication (FIOS: both halves of each round in one pass) with rolled loops: verification
/// takes only a handful of scalar products, so the unrolled copy's flash would buy nothing.
#[inline(never)]
fn mul_n(a: &Limbs, b: &Limbs) -> Limbs {
    let mut t: Limbs = [0; LIMBS];
    let mut t_top: Limb = 0;
    let [b_first, b_rest @ ..] = b;
    let [n_first, n_rest @ ..] = &N;
    for &ai in a {
        let [t_first, t_rest @ ..] = &mut t;
        let (sum, mut carry_ab) = mul_add(ai, *b_first, *t_first, 0);
        let q = sum.wrapping_mul(N0);
        let (_, mut carry_nq) = mul_add(q, *n_first, sum, 0);
        let mut previous = t_first;
        for ((tj, &bj), &nj) in t_rest.iter_mut().zip(b_rest).zip(n_rest) {
            let sum;
            (sum, carry_ab) = mul_add(ai, bj, *tj, carry_ab);
            (*previous, carry_nq) = mul_add(q, nj, sum, carry_nq);
            previous = tj;
        }
        let (sum, high_ab) = mul_add(0, 0, t_top, carry_ab);
        let (low, high_nq) = mul_add(0, 0, sum, carry_nq);
        *previous = low;
        // t stays below 2n, so its top limb is at most 1.
        t_top = high_ab.wrapping_add(high_nq);
    }
    let (reduced, borrow) = sub(&t, &N);
    if t_top != 0 || !borrow { reduced } else { t }
}

/// An integer below `n`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Scalar(Limbs);

impl Scalar {
    /// The scalar encoded as 32 big-endian bytes when it lies in `[1, n)` (the range of ECDSA's
    /// `r` and `s`), else `None`.
    pub(crate) fn from_be_bytes_nonzero(bytes: &[u8; 32]) -> Option<Scalar> {
        let x = super::from_be_bytes(bytes);
        (!is_zero(&x) && less_than(&x, &N)).then_some(Scalar(x))
    }

    /// The 32 big-endian bytes as an integer, reduced modulo `n` (ECDSA's `e` from a 256-bit
    /// hash).
    pub(crate) fn from_be_bytes_reduced(bytes: &[u8; 32]) -> Scalar {
        let x = super::from_be_bytes(bytes);
        // x < 2^256 < 2n: at most one subtraction.
        let (reduced, borrow) = sub(&x, &N);
        Scalar(if borrow { x } else { reduced })
    }

    /// The integer's limbs.
    pub(crate) fn limbs(&self) -> &Limbs {
        &self.0
    }

    /// Whether the scalar is 0.
    pub(crate) fn is_zero(&self) -> bool {
        is_zero(&self.0)
    }

    /// `self · other mod n`.
    pub(crate) fn mul(&self, other: &Scalar) -> Scalar {
        // (a·b·2^−256)·(2^512)·2^−256 = a·b.
        Scalar(mul_n(&mul_n(&self.0, &other.0), &R2))
    }

    /// `self⁻¹ mod n` (0 for 0).
    ///
    /// The binary extended Euclidean algorithm (Hankerson, Menezes, Vanstone, "Guide to Elliptic
    /// Curve Cryptography", algorithm 2.22), variable-time: about 2·256 halvings and 256
    /// subtractions, several times cheaper than Fermat's 256 squarings.
    pub(crate) fn invert(&self) -> Scalar {
        if self.is_zero() {
            return Scalar([0; LIMBS]);
        }
        // Invariants: x1·a ≡ u and x2·a ≡ v (mod n), u and v positive, gcd(u, v) = 1.
        let (mut u, mut v) = (self.0, N);
        let (mut x1, mut x2) = (ONE, [0; LIMBS]);
        // With n prime and 0 < a < n the loop ends within 2·256 rounds (each halves u or v at
        // least once); the budget and the zero checks only make that independent of the proof,
        // so that no input can make it spin. Running out gives 0, which no signature survives.
        let mut budget: u32 = INVERT_BUDGET;
        while !is_one(&u) && !is_one(&v) {
            budget = match budget.checked_sub(1) {
                Some(left) => left,
                None => return Scalar([0; LIMBS]),
            };
            if u.iter().all(|&limb| limb == 0) || v.iter().all(|&limb| limb == 0) {
                return Scalar([0; LIMBS]);
            }
            while is_even(&u) {
                u = shift_right_1(&u, false);
                x1 = half_mod(&x1, &N);
            }
            while is_even(&v) {
                v = shift_right_1(&v, false);
                x2 = half_mod(&x2, &N);
            }
            let (difference, borrow) = sub(&u, &v);
            if borrow {
                v = sub(&v, &u).0;
                x2 = sub_mod(&x2, &x1, &N);
            } else {
                u = difference;
                x1 = sub_mod(&x1, &x2, &N);
            }
        }
        Scalar(if is_one(&u) { x1 } else { x2 })
    }
}

/// Rounds [`Scalar::invert`] may take: twice the 2·256 its loop is proven to end within, so a
/// valid input never runs out.
const INVERT_BUDGET: u32 = 4 * 256;
const _: () = assert!(INVERT_BUDGET >= 2 * 256);

/// Whether `x` is 1.
fn is_one(x: &Limbs) -> bool {
    match x {
        [1, rest @ ..] => rest.iter().all(|&limb| limb == 0),
        _ => false,
    }
}

/// Whether `x` is even.
fn is_even(x: &Limbs) -> bool {
    x.first().is_some_and(|&low| low & 1 == 0)
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests {
    use ::p256::FieldBytes;
    use ::p256::elliptic_curve::PrimeField as _;

    use super::super::tests::{random_bytes, to_be_bytes};
    use super::*;

    type Oracle = ::p256::Scalar;

    fn oracle(x: &Scalar) -> Oracle {
        Oracle::from_repr(FieldBytes::from(to_be_bytes(&x.0))).unwrap()
    }

    #[test]
    fn decoding() {
        assert_eq!(Scalar::from_be_bytes_nonzero(&[0; 32]), None);
        assert_eq!(Scalar::from_be_bytes_nonzero(&to_be_bytes(&N)), None);
        assert_eq!(Scalar::from_be_bytes_nonzero(&[0xFF; 32]), None);
        let mut n_minus_1 = N;
        n_minus_1[0] -= 1;
        let x = Scalar::from_be_bytes_nonzero(&to_be_bytes(&n_minus_1)).unwrap();
        assert_eq!(x.limbs(), &n_minus_1);
        assert_eq!(
            Scalar::from_be_bytes_reduced(&to_be_bytes(&N)).0,
            [0; LIMBS]
        );
        assert_eq!(Scalar::from_be_bytes_reduced(&to_be_bytes(&n_minus_1)), x);
        let mut state = 3;
        for _ in 0..1000 {
            let bytes = random_bytes(&mut state);
            let reduced = Scalar::from_be_bytes_reduced(&bytes);
            let expected = <Oracle as ::p256::elliptic_curve::ops::Reduce<FieldBytes>>::reduce(
                &FieldBytes::from(bytes),
            );
            assert_eq!(oracle(&reduced), expected);
        }
    }

    #[test]
    fn arithmetic_matches_p256() {
        let mut state = 11;
        for i in 0..1000 {
            let a = Scalar::from_be_bytes_reduced(&random_bytes(&mut state));
            let b = Scalar::from_be_bytes_reduced(&random_bytes(&mut state));
            assert_eq!(oracle(&a.mul(&b)), oracle(&a) * oracle(&b));
            if i < 100 {
                let inverse = a.invert();
                assert_eq!(
                    oracle(&inverse),
                    oracle(&a).invert().unwrap_or(Oracle::ZERO)
                );
            }
        }
        let one = Scalar(ONE);
        assert_eq!(one.invert(), one);
        assert!(Scalar([0; LIMBS]).invert().is_zero());
    }
}
