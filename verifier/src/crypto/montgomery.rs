//! Montgomery arithmetic modulo an RSA public modulus, for the public operation `s^e mod n`.
//!
//! Integers are little-endian arrays of machine words (32-bit limbs on a Cortex-M, 64-bit on a
//! 64-bit host) in buffers sized for the largest modulus, so the arithmetic is one copy of the
//! code for every key size and lives on the stack. Multiplication is FIOS (Koç, Acar, Kaliski,
//! "Analyzing and Comparing Montgomery Multiplication Algorithms", 1996): the product and the
//! reduction interleaved word by word, `2L² + L` word multiplications for `L` limbs and one
//! buffer of `L + 1` words.
//!
//! Everything here is public (the modulus, the exponent, the signature), so the code branches
//! and stops early on data; there is no secret to protect from timing.

pub(crate) use super::limb::Limb;
use super::limb::{LIMB_BITS, LIMB_BYTES, mul_add};

/// The mask of a bit's position within its limb.
const BIT_IN_LIMB: usize = LIMB_BITS as usize - 1;
/// Limbs of the largest modulus this build accepts ([`crate::MAX_RSA_BITS`]).
pub(crate) const MAX_LIMBS: usize = crate::keys::limits::MAX_RSA_BITS / LIMB_BITS as usize;

/// Working memory for [`Modulus::pow`]: three buffers of at least the modulus's length, which
/// the caller sizes for the key (a 2048-bit key need not pay for 4096-bit buffers).
pub(crate) struct Work<'w> {
    pub(crate) base: &'w mut [Limb],
    pub(crate) acc: &'w mut [Limb],
    pub(crate) t: &'w mut [Limb],
}

/// An odd modulus with the constant Montgomery reduction needs.
pub(crate) struct Modulus<'a> {
    /// `n`, little-endian, without high zero limbs.
    n: &'a [Limb],
    /// `-n⁻¹ mod 2^LIMB_BITS`.
    n0: Limb,
}

impl<'a> Modulus<'a> {
    /// The odd modulus `n` (its high limbs may be zero), or `None`.
    pub(crate) fn new(n: &'a [Limb]) -> Option<Modulus<'a>> {
        let low = *n.first()?;
        if low & 1 == 0 || n.len() > MAX_LIMBS {
            return None;
        }
        // Newton's iteration for the inverse modulo 2^k doubles the correct bits each step:
        // x = n is correct mod 2^3 for odd n (n·n ≡ 1 mod 8), then 6, 12, 24, 48, 96 bits.
        let mut x = low;
        for _ in 0..5 {
            x = x.wrapping_mul((2 as Limb).wrapping_sub(low.wrapping_mul(x)));
        }
        Some(Modulus {
            n,
            n0: x.wrapping_neg(),
        })
    }

    /// `out = a · b · R⁻¹ mod n` with `R = 2^(LIMB_BITS · len)`, for `a, b < n` (each of `len`
    /// limbs, `len` the modulus's); `out`, of `len` limbs, is then below `n` too.
    ///
    /// One pass over `t` per limb of `a` does both halves of the round (FIOS): `t += aᵢ·b` and
    /// `t += m·n` limb by limb with two carries, each result stored one limb lower (the division
    /// by 2^LIMB_BITS), so `t` is loaded and stored once for two word products.
    /// `t` is working space of at least `len` limbs.
    ///
    /// With the `asm` feature on a 32-bit target the rows are `jwtv_montgomery_m4::mul_rows` (the
    /// same FIOS rows, in UMAAL assembly on ARMv7E-M) and this is the Rust below.
    #[cfg(all(feature = "asm", target_pointer_width = "32"))]
    pub(crate) fn mul(&self, out: &mut [Limb], a: &[Limb], b: &[Limb], t: &mut [Limb]) {
        let len = self.n.len();
        let (Some(t_low), Some(b)) = (t.get_mut(..len), b.get(..len)) else {
            return;
        };
        t_low.fill(0);
        // None only for lengths that differ, which the slicing above rules out.
        let Some(t_top) = jwtv_montgomery_m4::mul_rows(t_low, 0, a, b, self.n, self.n0) else {
            return;
        };
        self.finish(out, t_low, t_top);
    }

    /// `out = a · b · R⁻¹ mod n` with `R = 2^(LIMB_BITS · len)`, for `a, b < n` (each of `len`
    /// limbs, `len` the modulus's); `out`, of `len` limbs, is then below `n` too.
    ///
    /// One pass over `t` per limb of `a` does both halves of the round (FIOS): `t += aᵢ·b` and
    /// `t += m·n` limb by limb with two carries, each result stored one limb lower (the division
    /// by 2^LIMB_BITS), so `t` is loaded and stored once for two word products.
    /// `t` is working space of at least `len` limbs.
    #[cfg(not(all(feature = "asm", target_pointer_width = "32")))]
    pub(crate) fn mul(&self, out: &mut [Limb], a: &[Limb], b: &[Limb], t: &mut [Limb]) {
        let Some(t_low) = t.get_mut(..self.n.len()) else {
            return;
        };
        t_low.fill(0);
        let mut t_top: Limb = 0;
        let (Some((&b_first, b_rest)), Some((&n_first, n_rest))) =
            (b.split_first(), self.n.split_first())
        else {
            return;
        };
        for &ai in a {
            let Some((first, rest)) = t_low.split_first_mut() else {
                return;
            };
            let (sum, mut carry_ab) = mul_add(ai, b_first, *first, 0);
            // m makes the low limb of t + aᵢ·b + m·n zero.
            let m = sum.wrapping_mul(self.n0);
            let (_, mut carry_mn) = mul_add(m, n_first, sum, 0);
            let mut previous = first;
            for ((tj, &bj), &nj) in rest.iter_mut().zip(b_rest).zip(n_rest) {
                let sum;
                (sum, carry_ab) = mul_add(ai, bj, *tj, carry_ab);
                (*previous, carry_mn) = mul_add(m, nj, sum, carry_mn);
                previous = tj;
            }
            let (sum, high_ab) = mul_add(0, 0, t_top, carry_ab);
            let (low, high_mn) = mul_add(0, 0, sum, carry_mn);
            *previous = low;
            // t stays below 2n, so its top limb is at most 1.
            t_top = high_ab.wrapping_add(high_mn);
        }
        self.finish(out, t_low, t_top);
    }

    /// `out = a · R⁻¹ mod n` (Montgomery reduction alone: out of Montgomery form), `a < n`;
    /// `t` is working space of at least `len` limbs.
    pub(crate) fn reduce(&self, out: &mut [Limb], a: &[Limb], t: &mut [Limb]) {
        let Some(t_low) = t.get_mut(..self.n.len()) else {
            return;
        };
        let mut t_top: Limb = 0;
        match a.get(..t_low.len()) {
            Some(a) => t_low.copy_from_slice(a),
            None => return,
        }
        let Some((&n_first, n_rest)) = self.n.split_first() else {
            return;
        };
        for _ in 0..self.n.len() {
            let Some((first, rest)) = t_low.split_first_mut() else {
                return;
            };
            let m = first.wrapping_mul(self.n0);
            let (_, mut carry) = mul_add(m, n_first, *first, 0);
            let mut previous = first;
            for (tj, &nj) in rest.iter_mut().zip(n_rest) {
                (*previous, carry) = mul_add(m, nj, *tj, carry);
                previous = tj;
            }
            let (low, high) = mul_add(0, 0, t_top, carry);
            *previous = low;
            t_top = high;
        }
        self.finish(out, t_low, t_top);
    }

    /// Copies `t` (below 2n, `t_len` its limb above) into `out`, less n if it is n or more.
    fn finish(&self, out: &mut [Limb], t_low: &mut [Limb], t_len: Limb) {
        if t_len != 0 || !less_than(t_low, self.n) {
            sub_in_place(t_low, self.n);
        }
        if let Some(out) = out.get_mut(..t_low.len()) {
            out.copy_from_slice(t_low);
        }
    }

    /// `out = R² mod n`: Montgomery multiplication by it brings an integer into Montgomery form.
    /// `scratch` and `t` are buffers of at least the modulus's length.
    ///
    /// `2^(b−1)` (b the bit length of n) is below n; doubling it modulo n up to `R · 2^t` and
    /// then squaring in Montgomery form (`x·x·R⁻¹`, which doubles the exponent of 2 above `R`)
    /// reaches `R · 2^(LIMB_BITS · len) = R²` in a few squarings.
    pub(crate) fn r_squared(&self, out: &mut [Limb], scratch: &mut [Limb], t: &mut [Limb]) {
        let len = self.n.len();
        let (Some(out), Some(scratch)) = (out.get_mut(..len), scratch.get_mut(..len)) else {
            return;
        };
        let limb_bits = LIMB_BITS as usize;
        // R = 2^total; total = shift · 2^squarings with shift a multiple of LIMB_BITS.
        let total = limb_bits.saturating_mul(len);
        let squarings = len.trailing_zeros().min(6);
        let shift = total >> squarings;
        // The bit length of n, from its highest non-zero limb.
        let zeros = self
            .n
            .iter()
            .rev()
            .position(|&limb| limb != 0)
            .unwrap_or(len);
        let top_zeros = self
            .n
            .iter()
            .rev()
            .find(|&&limb| limb != 0)
            .map_or(0, |top| top.leading_zeros() as usize);
        let bits = total
            .saturating_sub(zeros.saturating_mul(limb_bits))
            .saturating_sub(top_zeros);
        let high = bits.saturating_sub(1);
        out.fill(0);
        if let Some(limb) = out.get_mut(high >> LIMB_BITS.trailing_zeros()) {
            *limb = 1 << (high & BIT_IN_LIMB);
        }
        // 2^(b−1) → 2^(total + shift) mod n = R · 2^shift mod n.
        for _ in 0..total.saturating_add(shift).saturating_sub(high) {
            let carry = shift_left_one(out);
            if carry || !less_than(out, self.n) {
                sub_in_place(out, self.n);
            }
        }
        for _ in 0..squarings {
            self.mul(scratch, out, out, t);
            out.copy_from_slice(scratch);
        }
    }

    /// `x = x^e mod n` for `x < n` and `e ≥ 1`, left to right over the bits of `e`, given
    /// `r2 = R² mod n`; `work` holds the Montgomery forms and the products.
    pub(crate) fn pow(&self, x: &mut [Limb], e: u32, r2: &[Limb], work: Work<'_>) {
        let len = self.n.len();
        let Work { base, acc, t } = work;
        let (Some(base), Some(acc), Some(x)) =
            (base.get_mut(..len), acc.get_mut(..len), x.get_mut(..len))
        else {
            return;
        };
        // base = x · R, the Montgomery form of x.
        self.mul(base, x, r2, t);
        acc.copy_from_slice(base);
        let top = e.checked_ilog2().unwrap_or(0);
        for i in (0..top).rev() {
            self.mul(x, acc, acc, t);
            if (e >> i) & 1 == 1 {
                self.mul(acc, x, base, t);
            } else {
                acc.copy_from_slice(x);
            }
        }
        self.reduce(x, acc, t);
    }
}

/// Whether `a < b`, both of the same length.
pub(crate) fn less_than(a: &[Limb], b: &[Limb]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// `a -= b` over the length of `a` (b as long or longer), dropping the final borrow.
fn sub_in_place(a: &mut [Limb], b: &[Limb]) {
    let mut borrow = false;
    let mut b = b.iter();
    for x in a.iter_mut() {
        let y = b.next().copied().unwrap_or(0);
        let (d, b1) = x.overflowing_sub(y);
        let (d, b2) = d.overflowing_sub(Limb::from(borrow));
        *x = d;
        borrow = b1 | b2;
    }
}

/// `a <<= 1`, returning the bit shifted out.
fn shift_left_one(a: &mut [Limb]) -> bool {
    let mut carry = 0;
    for x in a.iter_mut() {
        let next = *x >> (LIMB_BITS - 1);
        *x = (*x << 1) | carry;
        carry = next;
    }
    carry == 1
}

/// Reads a big-endian integer into `out` (little-endian limbs); `None` if it does not fit.
pub(crate) fn from_be_bytes(bytes: &[u8], out: &mut [Limb]) -> Option<()> {
    if bytes.len() > out.len().checked_mul(LIMB_BYTES)? {
        return None;
    }
    out.fill(0);
    for (limb, chunk) in out.iter_mut().zip(bytes.rchunks(LIMB_BYTES)) {
        *limb = chunk.iter().fold(0, |acc, &b| (acc << 8) | Limb::from(b));
    }
    Some(())
}

/// Writes the low `out.len()` bytes of `x` big-endian into `out` (I2OSP, RFC 8017 §4.1).
pub(crate) fn to_be_bytes(x: &[Limb], out: &mut [u8]) {
    for (chunk, limb) in out.rchunks_mut(LIMB_BYTES).zip(x) {
        let word = limb.to_be_bytes();
        for (dst, src) in chunk.iter_mut().rev().zip(word.iter().rev()) {
            *dst = *src;
        }
    }
}

/// Limbs needed for `bytes` bytes.
pub(crate) const fn limbs_for(bytes: usize) -> usize {
    bytes.div_ceil(LIMB_BYTES)
}

#[cfg(test)]
#[allow(
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::cast_possible_truncation
)] // test code
mod tests {
    use super::*;
    use rsa::BigUint;
    use std::vec::Vec;

    fn limbs(x: &BigUint, len: usize) -> Vec<Limb> {
        let mut out = std::vec![0 as Limb; len];
        from_be_bytes(&x.to_bytes_be(), &mut out).unwrap();
        out
    }

    fn big(x: &[Limb]) -> BigUint {
        let mut bytes = std::vec![0u8; x.len() * LIMB_BYTES];
        to_be_bytes(x, &mut bytes);
        BigUint::from_bytes_be(&bytes)
    }

    /// Moduli of every shape the arithmetic meets: full top limbs, a short top limb, a single
    /// set bit at the top, all ones.
    fn moduli() -> Vec<BigUint> {
        let one = BigUint::from(1u8);
        let mut out = Vec::new();
        for bits in [64usize, 96, 128, 1000, 2048, 2049, 3072, 3073, 4095, 4096] {
            let top = &one << (bits - 1);
            out.push(&top + BigUint::from(0x1234_5679u32));
            out.push((&one << bits) - &one);
            out.push(&top + &one);
        }
        out
    }

    fn work(len: usize, buffers: &mut [Vec<Limb>; 3]) -> Work<'_> {
        let [base, acc, t] = buffers;
        for b in [&mut *base, &mut *acc, &mut *t] {
            b.resize(len, 0);
        }
        Work { base, acc, t }
    }

    #[test]
    fn montgomery_operations_match_num_bigint() {
        let mut buffers: [Vec<Limb>; 3] = Default::default();
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for (n, pad) in moduli().into_iter().flat_map(|n| [(n.clone(), 0), (n, 1)]) {
            // Also with a zero limb above the modulus, as 32-bit builds pad to 64-bit words.
            let len = limbs_for(n.to_bytes_be().len()) + pad;
            if len > MAX_LIMBS {
                continue;
            }
            let n_limbs = limbs(&n, len);
            let m = Modulus::new(&n_limbs).unwrap();
            let r = BigUint::from(1u8) << (LIMB_BITS as usize * len);
            let mut r2 = std::vec![0 as Limb; len];
            let mut scratch = std::vec![0 as Limb; len];
            let mut t = std::vec![0 as Limb; len];
            m.r_squared(&mut r2, &mut scratch, &mut t);
            assert_eq!(big(&r2), (&r * &r) % &n, "R² mod n, {} bits", n.bits());
            for _ in 0..8 {
                let mut bytes = std::vec![0u8; len * LIMB_BYTES];
                bytes.iter_mut().for_each(|b| *b = next() as u8);
                let a = BigUint::from_bytes_be(&bytes) % &n;
                bytes.iter_mut().for_each(|b| *b = next() as u8);
                let b = BigUint::from_bytes_be(&bytes) % &n;
                let mut out = std::vec![0 as Limb; len];
                m.mul(&mut out, &limbs(&a, len), &limbs(&b, len), &mut t);
                // out = a·b·R⁻¹ mod n exactly when out·R ≡ a·b and out < n.
                assert!(big(&out) < n);
                assert_eq!((big(&out) * &r) % &n, (&a * &b) % &n);
                m.reduce(&mut out, &limbs(&a, len), &mut t);
                assert!(big(&out) < n);
                assert_eq!((big(&out) * &r) % &n, &a % &n);
                for e in [3u32, 17, 65537, 0xFFFF_FFFF] {
                    let mut x = limbs(&a, len);
                    m.pow(&mut x, e, &r2, work(len, &mut buffers));
                    assert_eq!(big(&x), a.modpow(&BigUint::from(e), &n), "e={e}");
                }
            }
            // The extremes: 0, 1 and n − 1.
            for x in [BigUint::from(0u8), BigUint::from(1u8), &n - 1u8] {
                let mut y = limbs(&x, len);
                m.pow(&mut y, 65537, &r2, work(len, &mut buffers));
                assert_eq!(big(&y), x.modpow(&BigUint::from(65537u32), &n));
            }
        }
    }

    #[test]
    fn even_or_empty_moduli_are_refused() {
        assert!(Modulus::new(&[]).is_none());
        assert!(Modulus::new(&[2, 1]).is_none());
        assert!(Modulus::new(&[1, 0]).is_some());
        assert!(Modulus::new(&[3]).is_some());
    }
}
