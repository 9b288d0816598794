//! Arithmetic modulo the P-256 field prime `p = 2^256 − 2^224 + 2^192 + 2^96 − 1`.
//!
//! Elements are kept in Montgomery form (`x·2^256 mod p`, fully reduced), so that every product
//! is one Montgomery multiplication; `−p⁻¹ ≡ 1 mod 2^LIMB_BITS` because `p ≡ −1 mod 2^96`,
//! which makes the reduction's quotient digit free. Equality of Montgomery forms is equality of
//! the values, so elements compare limb by limb.

use super::{Limbs, from_words, is_zero, less_than, mont_mul, neg_inverse};

/// The field prime `p`.
pub(crate) const P: Limbs = from_words([
    0xFFFF_FFFF_FFFF_FFFF,
    0x0000_0000_FFFF_FFFF,
    0x0000_0000_0000_0000,
    0xFFFF_FFFF_0000_0001,
]);
/// `2^512 mod p`, which takes an integer into Montgomery form.
const R2: Limbs = from_words([
    0x0000_0000_0000_0003,
    0xFFFF_FFFB_FFFF_FFFF,
    0xFFFF_FFFF_FFFF_FFFE,
    0x0000_0004_FFFF_FFFD,
]);
/// `−p⁻¹ mod 2^LIMB_BITS`.
const P0: super::Limb = neg_inverse(P[0]);

/// An element of the field, in Montgomery form and below `p`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct FieldElement(Limbs);

impl FieldElement {
    /// 0.
    pub(crate) const ZERO: FieldElement = FieldElement([0; super::LIMBS]);
    /// 1 (`2^256 mod p` in Montgomery form).
    pub(crate) const ONE: FieldElement = FieldElement::from_montgomery_words([
        0x0000_0000_0000_0001,
        0xFFFF_FFFF_0000_0000,
        0xFFFF_FFFF_FFFF_FFFF,
        0x0000_0000_FFFF_FFFE,
    ]);

    /// The element whose Montgomery form is the given four little-endian 64-bit words (which
    /// must be below `p`; for constants).
    pub(crate) const fn from_montgomery_words(words: [u64; 4]) -> FieldElement {
        FieldElement(from_words(words))
    }

    /// The element `x`, or `None` when `x ≥ p`.
    pub(crate) fn from_limbs(x: &Limbs) -> Option<FieldElement> {
        // x · 2^512 · 2^−256 = x · 2^256, through the one copy of the multiplication.
        less_than(x, &P).then(|| FieldElement(*x).mul(&FieldElement(R2)))
    }

    /// The element encoded as 32 big-endian bytes, or `None` when the integer is not below `p`.
    pub(crate) fn from_be_bytes(bytes: &[u8; 32]) -> Option<FieldElement> {
        FieldElement::from_limbs(&super::from_be_bytes(bytes))
    }

    /// The integer in `[0, p)` (out of Montgomery form).
    #[cfg(test)]
    pub(crate) fn to_limbs(self) -> Limbs {
        let mut one = [0; super::LIMBS];
        one[0] = 1;
        mont_mul(&self.0, &one, &P, P0)
    }

    /// Whether the element is 0.
    pub(crate) fn is_zero(&self) -> bool {
        is_zero(&self.0)
    }

    /// `self · other`.
    pub(crate) fn mul(&self, other: &FieldElement) -> FieldElement {
        FieldElement(mont_mul(&self.0, &other.0, &P, P0))
    }

    /// `self²`.
    pub(crate) fn square(&self) -> FieldElement {
        self.mul(self)
    }

    /// `self + other`.
    pub(crate) fn add(&self, other: &FieldElement) -> FieldElement {
        FieldElement(super::add_mod(&self.0, &other.0, &P))
    }

    /// `self − other`.
    pub(crate) fn sub(&self, other: &FieldElement) -> FieldElement {
        FieldElement(super::sub_mod(&self.0, &other.0, &P))
    }

    /// `2 · self`.
    pub(crate) fn double(&self) -> FieldElement {
        self.add(self)
    }

    /// `self / 2`.
    pub(crate) fn half(&self) -> FieldElement {
        FieldElement(super::half_mod(&self.0, &P))
    }

    /// `−self`.
    pub(crate) fn neg(&self) -> FieldElement {
        FieldElement::ZERO.sub(self)
    }

    /// `self⁻¹` (Fermat: `self^(p−2)`), 0 for 0. For tests and table checks only: verification
    /// needs no field inversion.
    #[cfg(test)]
    pub(crate) fn invert(&self) -> FieldElement {
        let mut exponent = P;
        if let Some(low) = exponent.first_mut() {
            *low = low.wrapping_sub(2);
        }
        let mut acc = FieldElement::ONE;
        for limb in exponent.iter().rev() {
            for bit in (0..super::LIMB_BITS).rev() {
                acc = acc.square();
                if (limb >> bit) & 1 == 1 {
                    acc = acc.mul(self);
                }
            }
        }
        acc
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests {
    use ::p256::U256;
    use ::p256::elliptic_curve::bigint::NonZero;

    use super::super::tests::{random_bytes, to_be_bytes};
    use super::*;

    /// The oracle: `crypto-bigint`'s modular arithmetic on plain integers.
    fn oracle(x: &FieldElement) -> U256 {
        U256::from_be_slice(&to_be_bytes(&x.to_limbs()))
    }

    fn modulus() -> NonZero<U256> {
        NonZero::new(U256::from_be_slice(&to_be_bytes(&P))).unwrap()
    }

    fn random(state: &mut u64) -> FieldElement {
        loop {
            if let Some(x) = FieldElement::from_be_bytes(&random_bytes(state)) {
                return x;
            }
        }
    }

    #[test]
    fn constants() {
        assert_eq!(P0, 1);
        assert_eq!(
            FieldElement::from_limbs(&from_words([1, 0, 0, 0])),
            Some(FieldElement::ONE)
        );
        assert_eq!(FieldElement::ONE.to_limbs(), from_words([1, 0, 0, 0]));
        assert_eq!(FieldElement::from_limbs(&P), None);
        assert_eq!(FieldElement::from_be_bytes(&[0xFF; 32]), None);
        let mut p_minus_1 = P;
        p_minus_1[0] -= 1;
        let x = FieldElement::from_limbs(&p_minus_1).unwrap();
        assert_eq!(x.add(&FieldElement::ONE), FieldElement::ZERO);
        assert_eq!(x.mul(&x), FieldElement::ONE);
        // A product whose top limb is all ones takes the multiplication's slow path.
        let raw = FieldElement(p_minus_1);
        assert_eq!(raw.mul(&FieldElement::ONE), raw);
        // R2 really is 2^512 mod p: 2^256 · 2^256 computed by repeated doubling of ONE.
        let mut r = FieldElement::ONE.0;
        for _ in 0..256 {
            r = super::super::add_mod(&r, &r, &P);
        }
        assert_eq!(r, R2);
    }

    #[test]
    fn arithmetic_matches_crypto_bigint() {
        let p = modulus();
        let mut state = 7;
        let mut p_minus_1 = P;
        p_minus_1[0] -= 1;
        let specials = [
            FieldElement::ZERO,
            FieldElement::ONE,
            FieldElement::from_limbs(&p_minus_1).unwrap(),
        ];
        for i in 0..3000 {
            let a = specials
                .get(i)
                .copied()
                .unwrap_or_else(|| random(&mut state));
            let b = random(&mut state);
            let (oa, ob) = (oracle(&a), oracle(&b));
            assert_eq!(oracle(&a.mul(&b)), oa.mul_mod(&ob, &p));
            assert_eq!(oracle(&a.square()), oa.mul_mod(&oa, &p));
            assert_eq!(oracle(&a.add(&b)), oa.add_mod(&ob, &p));
            assert_eq!(oracle(&a.sub(&b)), oa.sub_mod(&ob, &p));
            assert_eq!(oracle(&b.sub(&a)), ob.sub_mod(&oa, &p));
            assert_eq!(oracle(&a.double()), oa.add_mod(&oa, &p));
            assert_eq!(oracle(&a.neg()), U256::ZERO.sub_mod(&oa, &p));
            assert_eq!(a.half().double(), a);
            assert_eq!(a.is_zero(), oa == U256::ZERO);
            if i < 50 {
                let inverse = a.invert();
                if a.is_zero() {
                    assert!(inverse.is_zero());
                } else {
                    assert_eq!(inverse.mul(&a), FieldElement::ONE);
                }
            }
        }
    }
}
