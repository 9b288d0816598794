//! The NIST P-256 curve (FIPS 186-5, SEC 2 §2.4.2) for ECDSA verification: arithmetic modulo the
//! field prime `p` ([`field`]) and the group order `n` ([`scalar`]), and Jacobian points
//! ([`point`]).
//!
//! Verification handles only public data (the key, the message, the signature), so this code is
//! variable-time: it branches and stops early on values. It must never be used with a private
//! key.
//!
//! Integers are little-endian arrays of machine words (32-bit limbs on a Cortex-M, 64-bit on a
//! 64-bit host) of fixed length, so that loops have constant bounds and indices constant values.
//! Both moduli use Montgomery multiplication with `R = 2^256` (the same for either limb size), so
//! constants written as four 64-bit words serve both.

pub(crate) mod field;
pub(crate) mod point;
pub(crate) mod scalar;

pub(crate) use super::limb::Limb;
use super::limb::{LIMB_BITS, LIMB_BYTES, Wide, mul_add, split};

/// Limbs in a 256-bit integer.
pub(crate) const LIMBS: usize = 256 / LIMB_BITS as usize;

/// A 256-bit integer, little-endian limbs.
pub(crate) type Limbs = [Limb; LIMBS];

// Loops over the limbs written out: the firmware is built for size, where LLVM keeps loops
// rolled, and there the rolled multiplication costs over twice the instructions of the unrolled
// one.
// `each_limb!(I => { … })` repeats the block with the constant `I` = 0, 1, … LIMBS − 1, so
// array indices are constants (checked at compile time) and the modulus's limbs fold in.

/// Repeats a block once per limb index, `$i` bound to the index as a constant.
#[cfg(target_pointer_width = "64")]
macro_rules! each_limb {
    ($i:ident => $body:block) => {
        each_limb!(@ $i $body 0 1 2 3)
    };
    (@ $i:ident $body:block $($n:literal)*) => {
        $({
            const $i: usize = $n;
            $body
        })*
    };
}
/// Repeats a block once per limb index, `$i` bound to the index as a constant.
#[cfg(not(target_pointer_width = "64"))]
macro_rules! each_limb {
    ($i:ident => $body:block) => {
        each_limb!(@ $i $body 0 1 2 3 4 5 6 7)
    };
    (@ $i:ident $body:block $($n:literal)*) => {
        $({
            const $i: usize = $n;
            $body
        })*
    };
}
/// Repeats a block once per limb index but the first.
#[cfg(target_pointer_width = "64")]
macro_rules! each_limb_after_first {
    ($i:ident => $body:block) => {
        each_limb!(@ $i $body 1 2 3)
    };
}
/// Repeats a block once per limb index but the first.
#[cfg(not(target_pointer_width = "64"))]
macro_rules! each_limb_after_first {
    ($i:ident => $body:block) => {
        each_limb!(@ $i $body 1 2 3 4 5 6 7)
    };
}

/// The limbs of a 256-bit constant written as four little-endian 64-bit words.
const fn from_words(words: [u64; 4]) -> Limbs {
    let mut out = [0; LIMBS];
    let per_word = LIMBS / 4;
    let mut i = 0;
    // Compile-time only: an out-of-range index is a compile error, and the truncating casts
    // pick the halves of a word on 32-bit targets.
    #[allow(
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::cast_possible_truncation
    )]
    while i < LIMBS {
        let word = words[i / per_word];
        let shift = (i % per_word) as u32 * LIMB_BITS;
        out[i] = (word >> shift) as Limb;
        i += 1;
    }
    out
}

/// `−m⁻¹ mod 2^LIMB_BITS` for odd `m0`, the constant of Montgomery reduction.
const fn neg_inverse(m0: Limb) -> Limb {
    // Newton's iteration for the inverse modulo 2^k doubles the correct bits each step: x = m0
    // is correct mod 2^3 for odd m0 (m0·m0 ≡ 1 mod 8), then 6, 12, 24, 48, 96 bits.
    let mut x = m0;
    let mut steps = 5;
    #[allow(clippy::arithmetic_side_effects)] // compile-time counter
    while steps > 0 {
        x = x.wrapping_mul((2 as Limb).wrapping_sub(m0.wrapping_mul(x)));
        steps -= 1;
    }
    x.wrapping_neg()
}

/// Decodes a 32-byte big-endian integer (any value below 2^256).
pub(crate) fn from_be_bytes(bytes: &[u8; 32]) -> Limbs {
    let mut out = [0; LIMBS];
    for (limb, chunk) in out.iter_mut().zip(bytes.rchunks_exact(LIMB_BYTES)) {
        if let Ok(chunk) = chunk.try_into() {
            *limb = Limb::from_be_bytes(chunk);
        }
    }
    out
}

/// `a + b` and the carry out.
#[inline(always)]
pub(crate) fn add(a: &Limbs, b: &Limbs) -> (Limbs, bool) {
    let mut out = [0; LIMBS];
    let mut carry: Limb = 0;
    each_limb!(I => {
        // a + b + carry < 2^(2w): the double-width sum, split (the form LLVM turns into
        // add-with-carry chains).
        (out[I], carry) = split(
            Wide::from(a[I])
                .wrapping_add(Wide::from(b[I]))
                .wrapping_add(Wide::from(carry)),
        );
    });
    (out, carry != 0)
}

/// `a − b` and the borrow out.
#[inline(always)]
fn sub(a: &Limbs, b: &Limbs) -> (Limbs, bool) {
    let mut out = [0; LIMBS];
    let mut borrow: Limb = 0;
    each_limb!(I => {
        // a − b − borrow in double width: the high half is all ones exactly when it borrowed.
        let high;
        (out[I], high) = split(
            Wide::from(a[I])
                .wrapping_sub(Wide::from(b[I]))
                .wrapping_sub(Wide::from(borrow)),
        );
        borrow = high & 1;
    });
    (out, borrow != 0)
}

/// Whether `a < b`.
#[inline(always)]
pub(crate) fn less_than(a: &Limbs, b: &Limbs) -> bool {
    sub(a, b).1
}

/// Whether every limb is zero.
#[inline(always)]
fn is_zero(a: &Limbs) -> bool {
    a.iter().all(|&limb| limb == 0)
}

/// `a + b mod m` for `a, b < m`.
#[inline(always)]
fn add_mod(a: &Limbs, b: &Limbs, m: &Limbs) -> Limbs {
    let (sum, carry) = add(a, b);
    if !carry && sum[LIMBS - 1] < m[LIMBS - 1] {
        // Below m already (the common case for P-256's p, whose top limb is all ones).
        return sum;
    }
    let (reduced, borrow) = sub(&sum, m);
    // The sum is below 2m: subtract m once when it reached 2^256 or m.
    if carry || !borrow { reduced } else { sum }
}

/// `a − b mod m` for `a, b < m`.
#[inline(always)]
fn sub_mod(a: &Limbs, b: &Limbs, m: &Limbs) -> Limbs {
    let (difference, borrow) = sub(a, b);
    if borrow {
        // The wrapped difference is 2^256 + a − b; adding m wraps back to m + a − b.
        add(&difference, m).0
    } else {
        difference
    }
}

/// `(x + top·2^256) / 2`, for even `x + top·2^256`.
#[inline(always)]
fn shift_right_1(x: &Limbs, top: bool) -> Limbs {
    let mut out = [0; LIMBS];
    each_limb!(I => {
        const NEXT: usize = I + 1;
        let next = x.get(NEXT).copied().unwrap_or(Limb::from(top));
        out[I] = x[I].wrapping_shr(1) | next.wrapping_shl(LIMB_BITS - 1);
    });
    out
}

/// `x / 2 mod m` for odd `m` and `x < m`: `x / 2` or `(x + m) / 2`.
#[inline(always)]
fn half_mod(x: &Limbs, m: &Limbs) -> Limbs {
    if x[0] & 1 == 0 {
        shift_right_1(x, false)
    } else {
        let (sum, carry) = add(x, m);
        shift_right_1(&sum, carry)
    }
}

/// Montgomery multiplication `a · b · 2^−256 mod m` for odd `m` and `a · b < m · 2^256` (for
/// example `a, b < m`, or `a < 2^256` and `b < m`); the result is below `m`. `m0` is
/// `−m⁻¹ mod 2^LIMB_BITS`.
///
/// CIOS (Koç, Acar, Kaliski, "Analyzing and Comparing Montgomery Multiplication Algorithms",
/// 1996): per limb of `a`, one pass adds `aᵢ·b`, a second adds `q·m` (which zeroes the low limb)
/// and shifts down one limb, so the accumulator stays `LIMBS + 1` words and below `2m`.
#[inline(always)]
fn mont_mul(a: &Limbs, b: &Limbs, m: &Limbs, m0: Limb) -> Limbs {
    let mut t: Limbs = [0; LIMBS];
    let mut t_top: Limb = 0;
    each_limb!(I => {
        // t += aᵢ·b (CIOS: the product and the reduction in two passes per limb of a).
        let ai = a[I];
        let mut carry: Limb = 0;
        each_limb!(J => {
            (t[J], carry) = mul_add(ai, b[J], t[J], carry);
        });
        let (sum, t_top_high) = mul_add(0, 0, t_top, carry);
        // q makes the low limb of t + q·m zero; the sum is shifted down one limb.
        let q = t[0].wrapping_mul(m0);
        let (_, mut carry) = mul_add(q, m[0], t[0], 0);
        each_limb_after_first!(J => {
            const BELOW: usize = J - 1;
            (t[BELOW], carry) = mul_add(q, m[J], t[J], carry);
        });
        let (low, high) = mul_add(0, 0, sum, carry);
        t[LIMBS - 1] = low;
        // t stays below 2m < 2^257, so its top limb is at most 1.
        t_top = t_top_high.wrapping_add(high);
    });
    if t_top == 0 && t[LIMBS - 1] < m[LIMBS - 1] {
        // Below m already (nearly always, for moduli whose top limb is all ones).
        return t;
    }
    let (reduced, borrow) = sub(&t, m);
    // t_top·2^256 + t < 2m: one subtraction when it is at least m (the borrow then cancels
    // t_top).
    if t_top != 0 || !borrow { reduced } else { t }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
pub(crate) mod tests {
    use super::*;

    /// The 32 big-endian bytes of `a`.
    pub(crate) fn to_be_bytes(a: &Limbs) -> [u8; 32] {
        let mut out = [0; 32];
        for (chunk, limb) in out.rchunks_exact_mut(LIMB_BYTES).zip(a) {
            chunk.copy_from_slice(&limb.to_be_bytes());
        }
        out
    }

    /// A deterministic pseudo-random 32-byte string (SplitMix64).
    pub(crate) fn random_bytes(state: &mut u64) -> [u8; 32] {
        let mut out = [0; 32];
        for chunk in out.chunks_exact_mut(8) {
            *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = *state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            chunk.copy_from_slice(&(z ^ (z >> 31)).to_be_bytes());
        }
        out
    }

    #[test]
    fn bytes_round_trip() {
        let mut state = 1;
        for _ in 0..100 {
            let bytes = random_bytes(&mut state);
            assert_eq!(to_be_bytes(&from_be_bytes(&bytes)), bytes);
        }
        let words = from_words([1, 2, 3, 0xFFFF_FFFF_0000_0001]);
        let mut expected = [0u8; 32];
        expected[0..8].copy_from_slice(&0xFFFF_FFFF_0000_0001u64.to_be_bytes());
        expected[8..16].copy_from_slice(&3u64.to_be_bytes());
        expected[16..24].copy_from_slice(&2u64.to_be_bytes());
        expected[24..32].copy_from_slice(&1u64.to_be_bytes());
        assert_eq!(to_be_bytes(&words), expected);
    }

    /// `mont_mul`'s last step reduces a value in `[m, 2m)` whatever its top limb: equal to `m`'s
    /// (where the shortcut for values below `m` must not take it) or above it. Random inputs
    /// meet these with probability 2^-32 or less, so the inputs are built backwards from the
    /// value before the subtraction, `t = m + r`: `t·R = a·b + Q·m` for the one `Q < R` that
    /// makes the sum a multiple of `R`. With `a = m − 2`, `Q ≡ t·R·2⁻¹ (mod a)`, the largest
    /// such `Q` below `R`, and `b = (t·R − Q·m) / a`, below `m`.
    #[test]
    fn mont_mul_reduces_a_top_limb_equal_to_or_above_the_modulus() {
        use rsa::BigUint;
        let big = |x: &Limbs| BigUint::from_bytes_be(&to_be_bytes(x));
        let limbs = |x: &BigUint| {
            let bytes = x.to_bytes_be();
            let mut out = [0u8; 32];
            out[32 - bytes.len()..].copy_from_slice(&bytes);
            from_be_bytes(&out)
        };
        let one = BigUint::from(1u8);
        let r_big = &one << 256usize;
        for m in [field::P, scalar::N] {
            let m_big = big(&m);
            // 2^64: t's top limb stays m's (32- and 64-bit limbs); 2^193: it rises above m's
            // (64-bit limbs; with 32-bit limbs it stays equal).
            for shift in [64usize, 193] {
                let r = &one << shift;
                let t = &m_big + &r;
                assert!(t < r_big);
                assert_eq!(t.to_bytes_be()[..4], m_big.to_bytes_be()[..4]);
                let a = &m_big - BigUint::from(2u8);
                let half = (&a + &one) >> 1usize; // 2⁻¹ mod a (a odd)
                let q0 = ((&t * &r_big) % &a * &half) % &a;
                let q = &q0 + (&r_big - &one - &q0) / &a * &a;
                assert!(q < r_big);
                let n = &t * &r_big - &q * &m_big;
                assert_eq!(&n % &a, BigUint::from(0u8));
                let b = &n / &a;
                assert!(b < m_big);
                let product = mont_mul(&limbs(&a), &limbs(&b), &m, neg_inverse(m[0]));
                assert_eq!(big(&product), r, "m {m_big:x}, t = m + 2^{shift}");
            }
        }
    }
}
