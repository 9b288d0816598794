//! The portable rows against schoolbook big integers (num-bigint-dig), and the length checks.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::unwrap_used
)] // test code

extern crate std;
use std::vec;
use std::vec::Vec;

use num_bigint_dig::BigUint;

use crate::{mul_rows, portable};

/// xorshift64: reproducible inputs without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn word(&mut self) -> u32 {
        (self.next() >> 16) as u32
    }
    /// A limb vector: random, or one of the edge shapes (all zero, all ones).
    fn limbs(&mut self, len: usize) -> Vec<u32> {
        match self.next() % 8 {
            0 => vec![0; len],
            1 => vec![u32::MAX; len],
            _ => (0..len).map(|_| self.word()).collect(),
        }
    }
    fn top(&mut self) -> u32 {
        match self.next() % 6 {
            0 => 0,
            1 => 1,
            2 => 2,
            3 => u32::MAX,
            _ => self.word(),
        }
    }
}

fn big(x: &[u32]) -> BigUint {
    BigUint::from_slice(x)
}

/// The little-endian 32-bit words of `x`, at least `len` of them.
fn words(x: &BigUint, len: usize) -> Vec<u32> {
    let mut out: Vec<u32> = x
        .to_bytes_le()
        .chunks(4)
        .map(|c| c.iter().rev().fold(0, |w, &b| (w << 8) | u32::from(b)))
        .collect();
    if out.len() < len {
        out.resize(len, 0);
    }
    out
}

/// The reference: each row as `⌊(T + aᵢ·b + m·n) / 2³²⌋` on big integers, with `m` from its
/// definition; returns `(t, top)` of the final `T`.
fn reference(t: &[u32], top: u32, a: &[u32], b: &[u32], n: &[u32], n0: u32) -> (Vec<u32>, u32) {
    let len = t.len();
    let r = BigUint::from(1u8) << (32 * len);
    let mut acc = big(t) + BigUint::from(top) * &r;
    for &ai in a {
        let low = words(&acc, 1)[0];
        let m = low.wrapping_add(ai.wrapping_mul(b[0])).wrapping_mul(n0);
        acc = (acc + BigUint::from(ai) * big(b) + BigUint::from(m) * big(n)) >> 32;
    }
    let top = &acc >> (32 * len);
    let low = acc - &top * &r;
    let top = words(&top, 1);
    assert_eq!(top.len(), 1, "top over 32 bits");
    (words(&low, len), top[0])
}

/// `−n⁻¹ mod 2³²` for odd `n`.
fn neg_inverse(n: u32) -> u32 {
    let mut x = n;
    for _ in 0..5 {
        x = x.wrapping_mul(2u32.wrapping_sub(n.wrapping_mul(x)));
    }
    x.wrapping_neg()
}

#[test]
fn rows_match_big_integers() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut checked = 0;
    let lengths = (1..=40).chain([63, 64, 65, 96, 127, 128]);
    for len in lengths {
        for case in 0..12 {
            let t = rng.limbs(len);
            let b = rng.limbs(len);
            let mut n = rng.limbs(len);
            // Half the cases with the true Montgomery constant (then the division is exact),
            // half with any word (then it is the floor).
            let n0 = if case % 2 == 0 {
                n[0] |= 1;
                neg_inverse(n[0])
            } else {
                rng.word()
            };
            let rows = match case % 3 {
                0 => len,
                1 => 1,
                _ => 1 + (rng.next() as usize) % (2 * len),
            };
            let a = rng.limbs(rows);
            let top = rng.top();
            let (want_t, want_top) = reference(&t, top, &a, &b, &n, n0);
            let mut got = t.clone();
            let got_top = portable::mul_rows(&mut got, top, &a, &b, &n, n0).unwrap();
            assert_eq!(
                (got.as_slice(), got_top),
                (want_t.as_slice(), want_top),
                "len {len}, case {case}"
            );
            let mut dispatched = t.clone();
            assert_eq!(
                mul_rows(&mut dispatched, top, &a, &b, &n, n0),
                Some(got_top)
            );
            assert_eq!(dispatched, got);
            checked += 1;
        }
    }
    assert_eq!(checked, 46 * 12);
}

/// `len` rows from zero are a Montgomery multiplication: `t ≡ a·b·R⁻¹ (mod n)`, `t < 2n`.
#[test]
fn len_rows_from_zero_multiply() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for len in [1, 2, 3, 8, 33, 64, 128] {
        for _ in 0..8 {
            let mut n: Vec<u32> = (0..len).map(|_| rng.word()).collect();
            n[0] |= 1;
            n[len - 1] |= 1 << 31;
            let nb = big(&n);
            let a = big(&rng.limbs(len)) % &nb;
            let b = big(&rng.limbs(len)) % &nb;
            let digits = |x: &BigUint| words(x, len);
            let mut t = vec![0; len];
            let top =
                portable::mul_rows(&mut t, 0, &digits(&a), &digits(&b), &n, neg_inverse(n[0]))
                    .unwrap();
            assert!(top <= 1);
            let r = BigUint::from(1u8) << (32 * len);
            let got = big(&t) + BigUint::from(top) * &r;
            assert!(got < &nb * 2u8);
            assert_eq!((got * &r) % &nb, (a * b) % &nb);
        }
    }
}

#[test]
fn mismatched_lengths_touch_nothing() {
    let b = [1u32, 2, 3];
    let n = [5u32, 6, 7];
    let a = [9u32, 9];
    for f in [portable::mul_rows, mul_rows] {
        let mut t = [11u32, 12, 13];
        let mut short = [11u32, 12];
        assert_eq!(f(&mut short, 0, &a, &b, &n, 3), None);
        assert_eq!(f(&mut t, 0, &a, &b[..2], &n, 3), None);
        assert_eq!(f(&mut t, 0, &a, &b, &n[..2], 3), None);
        assert_eq!(f(&mut [], 0, &a, &[], &[], 3), None);
        assert_eq!((t, short), ([11, 12, 13], [11, 12]));
        // No rows: nothing changes, the top comes back.
        assert_eq!(f(&mut t, 7, &[], &b, &n, 3), Some(7));
        assert_eq!(t, [11, 12, 13]);
        assert!(f(&mut t, 7, &a, &b, &n, 3).is_some());
        assert_ne!(t, [11, 12, 13]);
    }
}
