//! The constants a key may carry precomputed, checked against the key they belong to.
//!
//! [`crate::Key::rsa_precomputed`] takes an RSA key's Montgomery constant `R² mod n` and
//! [`crate::Key::oct_precomputed`] an HMAC secret's SHA-256 pad states, so that a device does
//! not compute them at every verification. Both are derived material: a caller who hands over
//! the constants of another key, of a rotated-out or test secret, or of blank (`00`) or erased
//! (`ff`) flash would hold a key that disagrees with itself. For HMAC that is a forgery: the
//! HS256 tag depends on the pad states alone, so anyone who knows them can sign any claims.
//!
//! These `const fn`s decide whether the constants belong to the key. The constructors call
//! them, so a key whose constants disagree is never made: in a `static` (what
//! `jwtv provision --emit rust` writes) the mismatch is a compile error and the check
//! costs nothing at run time.
//!
//! They are written for `const` evaluation: no traits, no iterators, and in the RSA check
//! fixed-size limb arrays indexed below their lengths. SHA-256 follows FIPS 180-4 §6.2; the
//! Montgomery reduction is REDC (Montgomery 1985), 32 bits at a time.

use super::limits::MAX_KEY_BYTES;

/// SHA-256's initial hash value (FIPS 180-4 §5.3.3).
pub(crate) const SHA256_IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// SHA-256's round constants (FIPS 180-4 §4.2.2).
const SHA256_K: [u32; 64] = [
    0x428a_2f98,
    0x7137_4491,
    0xb5c0_fbcf,
    0xe9b5_dba5,
    0x3956_c25b,
    0x59f1_11f1,
    0x923f_82a4,
    0xab1c_5ed5,
    0xd807_aa98,
    0x1283_5b01,
    0x2431_85be,
    0x550c_7dc3,
    0x72be_5d74,
    0x80de_b1fe,
    0x9bdc_06a7,
    0xc19b_f174,
    0xe49b_69c1,
    0xefbe_4786,
    0x0fc1_9dc6,
    0x240c_a1cc,
    0x2de9_2c6f,
    0x4a74_84aa,
    0x5cb0_a9dc,
    0x76f9_88da,
    0x983e_5152,
    0xa831_c66d,
    0xb003_27c8,
    0xbf59_7fc7,
    0xc6e0_0bf3,
    0xd5a7_9147,
    0x06ca_6351,
    0x1429_2967,
    0x27b7_0a85,
    0x2e1b_2138,
    0x4d2c_6dfc,
    0x5338_0d13,
    0x650a_7354,
    0x766a_0abb,
    0x81c2_c92e,
    0x9272_2c85,
    0xa2bf_e8a1,
    0xa81a_664b,
    0xc24b_8b70,
    0xc76c_51a3,
    0xd192_e819,
    0xd699_0624,
    0xf40e_3585,
    0x106a_a070,
    0x19a4_c116,
    0x1e37_6c08,
    0x2748_774c,
    0x34b0_bcb5,
    0x391c_0cb3,
    0x4ed8_aa4a,
    0x5b9c_ca4f,
    0x682e_6ff3,
    0x748f_82ee,
    0x78a5_636f,
    0x84c8_7814,
    0x8cc7_0208,
    0x90be_fffa,
    0xa450_6ceb,
    0xbef9_a3f7,
    0xc671_78f2,
];

/// SHA-256's block, in bytes.
const BLOCK: usize = 64;

/// The message schedule's window: the 16 words `W[t] … W[t+15]`, shifted by one word a round.
type Window = [u32; 16];

/// `window` shifted by one word, with `word` entering at the end.
const fn shift_in(window: Window, word: u32) -> Window {
    let [_, kept @ ..] = window;
    let mut out = [word; 16];
    let (front, _) = out.split_at_mut(15);
    front.copy_from_slice(&kept);
    out
}

/// Ch (FIPS 180-4 §4.1.2): `f` where `e` is set, `g` where it is not.
#[inline(always)]
const fn ch(e: u32, f: u32, g: u32) -> u32 {
    (e & f) ^ (!e & g)
}

/// Maj (FIPS 180-4 §4.1.2): each bit the value of the majority of `a`, `b`, `c`.
#[inline(always)]
const fn maj(a: u32, b: u32, c: u32) -> u32 {
    (a & b) ^ (a & c) ^ (b & c)
}

/// SHA-256's compression function (FIPS 180-4 §6.2.2) on one block given as 16 big-endian words.
const fn compress(state: [u32; 8], block: Window) -> [u32; 8] {
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = state;
    let mut window = block;
    let mut constants: &[u32] = &SHA256_K;
    while let [k, rest @ ..] = constants {
        let [w0, w1, _, _, _, _, _, _, _, w9, _, _, _, _, w14, _] = window;
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let t1 = h
            .wrapping_add(s1)
            .wrapping_add(ch(e, f, g))
            .wrapping_add(*k)
            .wrapping_add(w0);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let t2 = s0.wrapping_add(maj(a, b, c));
        h = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.wrapping_add(t2);
        // W[t+16] = σ1(W[t+14]) + W[t+9] + σ0(W[t+1]) + W[t]; the last 16 are never used.
        let sigma0 = w1.rotate_right(7) ^ w1.rotate_right(18) ^ w1.wrapping_shr(3);
        let sigma1 = w14.rotate_right(17) ^ w14.rotate_right(19) ^ w14.wrapping_shr(10);
        let next = sigma1
            .wrapping_add(w9)
            .wrapping_add(sigma0)
            .wrapping_add(w0);
        window = shift_in(window, next);
        constants = rest;
    }
    let [s0, s1, s2, s3, s4, s5, s6, s7] = state;
    [
        s0.wrapping_add(a),
        s1.wrapping_add(b),
        s2.wrapping_add(c),
        s3.wrapping_add(d),
        s4.wrapping_add(e),
        s5.wrapping_add(f),
        s6.wrapping_add(g),
        s7.wrapping_add(h),
    ]
}

/// The eight words as 32 big-endian bytes.
const fn state_bytes(state: [u32; 8]) -> [u8; 32] {
    let [a, b, c, d, e, f, g, h] = state;
    let [a0, a1, a2, a3] = a.to_be_bytes();
    let [b0, b1, b2, b3] = b.to_be_bytes();
    let [c0, c1, c2, c3] = c.to_be_bytes();
    let [d0, d1, d2, d3] = d.to_be_bytes();
    let [e0, e1, e2, e3] = e.to_be_bytes();
    let [f0, f1, f2, f3] = f.to_be_bytes();
    let [g0, g1, g2, g3] = g.to_be_bytes();
    let [h0, h1, h2, h3] = h.to_be_bytes();
    [
        a0, a1, a2, a3, b0, b1, b2, b3, c0, c1, c2, c3, d0, d1, d2, d3, e0, e1, e2, e3, f0, f1, f2,
        f3, g0, g1, g2, g3, h0, h1, h2, h3,
    ]
}

/// SHA-256 of `message` (FIPS 180-4 §5.1.1 padding: `0x80`, zeros, the length in bits in the
/// last 8 bytes), read one byte at a time.
pub(crate) const fn sha256(message: &[u8]) -> [u8; 32] {
    let len = message.len();
    // The message, the 0x80 marker and the 8 length bytes, rounded up to whole blocks.
    let padded = (len.saturating_add(8) / BLOCK)
        .saturating_add(1)
        .saturating_mul(BLOCK);
    let bits = (len as u64).wrapping_mul(8).to_be_bytes();
    let mut state = SHA256_IV;
    let mut window: Window = [0; 16];
    let mut rest = message;
    let mut at = 0;
    while at < padded {
        let byte = if let [byte, tail @ ..] = rest {
            rest = tail;
            *byte
        } else if at == len {
            0x80
        } else if at >= padded.saturating_sub(8) {
            let [b0, b1, b2, b3, b4, b5, b6, b7] = bits;
            match padded.saturating_sub(at) {
                8 => b0,
                7 => b1,
                6 => b2,
                5 => b3,
                4 => b4,
                3 => b5,
                2 => b6,
                _ => b7,
            }
        } else {
            0
        };
        window = replace_last_word(window, window[15].wrapping_shl(8) | byte as u32);
        at = at.saturating_add(1);
        if at % 4 == 0 {
            if at % BLOCK == 0 {
                state = compress(state, window);
            }
            window = shift_in(window, 0);
        }
    }
    state_bytes(state)
}

/// `window` with its last word replaced.
const fn replace_last_word(mut window: Window, word: u32) -> Window {
    window[15] = word;
    window
}

/// Bytes of an HMAC key's precomputed SHA-256 pad states ([`crate::Key::oct_precomputed`]):
/// the chaining values after the inner and the outer pad block, 32 bytes each.
pub const HMAC_SHA256_PADS_LEN: usize = 64;

/// HMAC-SHA-256's pad states for `secret`: the SHA-256 chaining values after the block
/// `K ⊕ ipad` and after `K ⊕ opad` (RFC 2104 §2; a key longer than the block is hashed
/// first), each as 8 big-endian words: what [`crate::Key::oct_precomputed`] takes.
pub(crate) const fn hmac_sha256_pads(secret: &[u8]) -> [u8; HMAC_SHA256_PADS_LEN] {
    let hashed;
    let key: &[u8] = if secret.len() > BLOCK {
        hashed = sha256(secret);
        &hashed
    } else {
        secret
    };
    let inner = state_bytes(compress(SHA256_IV, padded_key_block(key, 0x36)));
    let outer = state_bytes(compress(SHA256_IV, padded_key_block(key, 0x5c)));
    let mut pads = [0u8; HMAC_SHA256_PADS_LEN];
    let (first, second) = pads.split_at_mut(32);
    first.copy_from_slice(&inner);
    second.copy_from_slice(&outer);
    pads
}

/// The block `K ⊕ pad` for a key of at most one block, zero-filled to the block's length.
const fn padded_key_block(key: &[u8], pad: u8) -> Window {
    let mut window: Window = [0; 16];
    let mut rest = key;
    let mut at = 0;
    while at < BLOCK {
        let byte = if let [byte, tail @ ..] = rest {
            rest = tail;
            *byte
        } else {
            0
        };
        window = replace_last_word(window, window[15].wrapping_shl(8) | (byte ^ pad) as u32);
        at = at.saturating_add(1);
        if at % 4 == 0 && at < BLOCK {
            window = shift_in(window, 0);
        }
    }
    window
}

/// Whether `pads` are `secret`'s HMAC-SHA-256 pad states. Every byte is compared, whatever the
/// first difference.
pub(crate) const fn hmac_sha256_pads_agree(
    secret: &[u8],
    pads: &[u8; HMAC_SHA256_PADS_LEN],
) -> bool {
    let expected = hmac_sha256_pads(secret);
    let mut difference = 0u8;
    let mut a: &[u8] = &expected;
    let mut b: &[u8] = pads;
    while let ([x, a_rest @ ..], [y, b_rest @ ..]) = (a, b) {
        difference |= *x ^ *y;
        a = a_rest;
        b = b_rest;
    }
    difference == 0
}

/// Limbs of the widest modulus, and two more for REDC's running sum.
const LIMBS: usize = MAX_KEY_BYTES / 4 + 2;

/// A number as 32-bit limbs, least significant first.
type Limbs = [u32; LIMBS];

/// Whether `r2` is `R² mod n` for the RSA modulus `n` (big-endian, no leading zeros, odd, at
/// most [`MAX_KEY_BYTES`] long), with `R = 2^(64·⌈bits/64⌉)` and `r2` big-endian as long as `n`.
///
/// `r2 < n`, and Montgomery-reducing it twice gives one: `REDC(REDC(r2)) = r2·R⁻² mod n`, which
/// is 1 exactly when `r2 ≡ R²`. Two reductions, about 2·(bits/32)² word products.
pub(crate) const fn rsa_r2_agrees(n: &[u8], r2: &[u8]) -> bool {
    if n.len() != r2.len() || n.len() > MAX_KEY_BYTES {
        return false;
    }
    let Some(&low) = n.last() else {
        return false;
    };
    if low & 1 == 0 {
        return false;
    }
    // R's limbs: a whole number of 64-bit words (as `crypto::rsa` makes them).
    let words = n.len().div_ceil(8).saturating_mul(2);
    let modulus = limbs_from_be(n);
    let value = limbs_from_be(r2);
    if !less_than(&value, &modulus) {
        return false;
    }
    let n_prime = neg_inverse(limb0(&modulus));
    let once = redc(value, &modulus, n_prime, words);
    let twice = redc(once, &modulus, n_prime, words);
    is_one(&twice)
}

/// The big-endian `bytes` (at most [`MAX_KEY_BYTES`]) as limbs.
const fn limbs_from_be(bytes: &[u8]) -> Limbs {
    let mut limbs: Limbs = [0; LIMBS];
    let mut rest = bytes;
    // The least significant byte is the last: read from the end.
    let mut shift = 0u32;
    let mut limb = 0usize;
    while let [head @ .., byte] = rest {
        if limb < LIMBS {
            let value = get(&limbs, limb) | (*byte as u32).wrapping_shl(shift);
            set(&mut limbs, limb, value);
        }
        shift = shift.wrapping_add(8);
        if shift == 32 {
            shift = 0;
            limb = limb.saturating_add(1);
        }
        rest = head;
    }
    limbs
}

/// `limbs[i]`, or 0 past the end.
const fn get(limbs: &Limbs, i: usize) -> u32 {
    if i < LIMBS {
        #[allow(clippy::indexing_slicing)] // i < LIMBS, the array's length
        limbs[i]
    } else {
        0
    }
}

/// `limbs[i] = value`; nothing past the end.
const fn set(limbs: &mut Limbs, i: usize, value: u32) {
    if i < LIMBS {
        #[allow(clippy::indexing_slicing)] // i < LIMBS, the array's length
        {
            limbs[i] = value;
        }
    }
}

const fn limb0(limbs: &Limbs) -> u32 {
    let [first, ..] = *limbs;
    first
}

/// `-m⁻¹ mod 2³²` for an odd `m`, by Newton's iteration (each step doubles the correct bits:
/// `m` is its own inverse to 3 bits, and 3 → 6 → 12 → 24 → 48).
const fn neg_inverse(m: u32) -> u32 {
    let mut x = m;
    let mut step = 0u32;
    while step < 4 {
        x = x.wrapping_mul(2u32.wrapping_sub(m.wrapping_mul(x)));
        step = step.wrapping_add(1);
    }
    x.wrapping_neg()
}

/// `a < b`.
const fn less_than(a: &Limbs, b: &Limbs) -> bool {
    let mut i = LIMBS;
    while i > 0 {
        i = i.wrapping_sub(1);
        let (x, y) = (get(a, i), get(b, i));
        if x != y {
            return x < y;
        }
    }
    false
}

/// Montgomery reduction: `t·R⁻¹ mod n` for `t < n`, with `R = 2^(32·words)`.
///
/// The result is below `n` with no final subtraction: each round adds `m·n` with `m < 2³²` and
/// drops a limb, so after all of them it is `(t + M·n) / R` with `M < R`, and
/// `(t + M·n) / R < (n + (R - 1)·n) / R = n`.
const fn redc(mut t: Limbs, n: &Limbs, n_prime: u32, words: usize) -> Limbs {
    let mut round = 0;
    while round < words {
        // t + m·n is divisible by 2³²; shift it down a limb.
        let m = limb0(&t).wrapping_mul(n_prime);
        t = shift_down(add_multiple(t, n, m, words));
        round = round.wrapping_add(1);
    }
    t
}

/// `t + m·n`, for an `n` of at most `words` limbs.
const fn add_multiple(mut t: Limbs, n: &Limbs, m: u32, words: usize) -> Limbs {
    let mut carry = 0u64;
    let mut i = 0;
    while i < words {
        // At most (2³²-1) + (2³²-1)² + (2³²-1) = 2⁶⁴-1: no overflow.
        let sum = (get(&t, i) as u64)
            .wrapping_add((m as u64).wrapping_mul(get(n, i) as u64))
            .wrapping_add(carry);
        set(&mut t, i, low_half(sum));
        carry = sum.wrapping_shr(32);
        i = i.wrapping_add(1);
    }
    while carry != 0 && i < LIMBS {
        let sum = (get(&t, i) as u64).wrapping_add(carry);
        set(&mut t, i, low_half(sum));
        carry = sum.wrapping_shr(32);
        i = i.wrapping_add(1);
    }
    t
}

/// `t / 2³²`: every limb one place down, the top one zero.
const fn shift_down(mut t: Limbs) -> Limbs {
    let mut j = 0;
    while j < LIMBS - 1 {
        let next = get(&t, j.wrapping_add(1));
        set(&mut t, j, next);
        j = j.wrapping_add(1);
    }
    set(&mut t, LIMBS - 1, 0);
    t
}

/// The low 32 bits.
const fn low_half(x: u64) -> u32 {
    let [_, _, _, _, b4, b5, b6, b7] = x.to_be_bytes();
    u32::from_be_bytes([b4, b5, b6, b7])
}

const fn is_one(limbs: &Limbs) -> bool {
    let mut i = 0;
    while i < LIMBS {
        if get(limbs, i) != (i == 0) as u32 {
            return false;
        }
        i = i.wrapping_add(1);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest as _;

    #[test]
    fn sha256_agrees_with_the_sha2_crate() {
        let data: std::vec::Vec<u8> = (0..700u32)
            .map(|i| (i * 131 + 7).to_le_bytes()[0])
            .collect();
        for len in 0..=data.len() {
            let expected: [u8; 32] = sha2::Sha256::digest(&data[..len]).into();
            assert_eq!(sha256(&data[..len]), expected, "length {len}");
        }
        // FIPS 180-4's "abc" (NIST's example), independently of any crate.
        assert_eq!(
            sha256(b"abc"),
            [
                0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae,
                0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61,
                0xf2, 0x00, 0x15, 0xad,
            ]
        );
    }

    /// The pads reproduce the `hmac` crate's tags (the oracle knows nothing of pad states).
    #[test]
    fn hmac_pads_give_the_hmac_crates_tags() {
        use hmac::{Hmac, KeyInit as _, Mac as _};
        let message = b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0";
        for len in [
            0usize, 1, 31, 32, 33, 55, 56, 63, 64, 65, 100, 128, 129, 512,
        ] {
            let secret: std::vec::Vec<u8> =
                (0..len).map(|i| (i * 7 + 3).to_le_bytes()[0]).collect();
            let pads = hmac_sha256_pads(&secret);
            let mut inner_state = [0u32; 8];
            let mut outer_state = [0u32; 8];
            for (i, word) in pads.chunks_exact(4).enumerate() {
                let word = u32::from_be_bytes(word.try_into().unwrap());
                if i < 8 {
                    inner_state[i] = word;
                } else {
                    outer_state[i - 8] = word;
                }
            }
            // Finish both hashes by hand with the sha2 crate's compression function.
            let finish = |mut state: [u32; 8], message: &[u8]| {
                let mut padded = message.to_vec();
                let bits = ((message.len() + BLOCK) as u64) * 8;
                padded.push(0x80);
                while padded.len() % BLOCK != BLOCK - 8 {
                    padded.push(0);
                }
                padded.extend_from_slice(&bits.to_be_bytes());
                let (blocks, rest) = padded.as_chunks::<BLOCK>();
                assert!(rest.is_empty());
                sha2::block_api::compress256(&mut state, blocks);
                let mut out = [0u8; 32];
                for (bytes, word) in out.chunks_exact_mut(4).zip(state) {
                    bytes.copy_from_slice(&word.to_be_bytes());
                }
                out
            };
            let inner = finish(inner_state, message);
            let tag = finish(outer_state, &inner);
            let mut mac = <Hmac<sha2::Sha256>>::new_from_slice(&secret).unwrap();
            mac.update(message);
            assert_eq!(
                tag[..],
                mac.finalize().into_bytes()[..],
                "secret of {len} bytes"
            );
            assert!(hmac_sha256_pads_agree(&secret, &pads));
        }
    }

    #[test]
    fn pads_of_anything_else_disagree() {
        let secret = [0x42u8; 48];
        let right = hmac_sha256_pads(&secret);
        let mut one_bit = right;
        one_bit[63] ^= 1;
        let other = hmac_sha256_pads(&[0x43u8; 48]);
        for wrong in [[0u8; 64], [0xff; 64], other, one_bit] {
            assert!(!hmac_sha256_pads_agree(&secret, &wrong));
        }
        assert!(hmac_sha256_pads_agree(&secret, &right));
    }

    /// splitmix64, for reproducible test moduli.
    fn next(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// `R² mod n` by the `rsa` crate's big integers, `R = 2^(64·⌈len/8⌉)`, as long as `n`.
    #[allow(clippy::arithmetic_side_effects)] // test code
    fn oracle_r2(n: &[u8]) -> std::vec::Vec<u8> {
        use rsa::BigUint;
        let modulus = BigUint::from_bytes_be(n);
        let r = BigUint::from(1u8) << (64 * n.len().div_ceil(8));
        let bytes = ((&r * &r) % &modulus).to_bytes_be();
        let mut out = vec![0u8; n.len() - bytes.len()];
        out.extend_from_slice(&bytes);
        out
    }

    #[test]
    fn rsa_r2_is_checked_against_the_modulus() {
        use rsa::BigUint;
        let mut seed = 7;
        let mut previous: Option<std::vec::Vec<u8>> = None;
        // Whole 64-bit words and odd lengths (R then exceeds the modulus by up to 63 bits).
        for len in [256usize, 257, 260, 263, 384, 385, 511, 512] {
            for round in 0..4 {
                let mut n: std::vec::Vec<u8> =
                    (0..len).map(|_| next(&mut seed).to_le_bytes()[0]).collect();
                n[0] = match round {
                    0 => 0xFF,
                    1 => 0x80,
                    2 => 0x01,
                    _ => n[0] | 1,
                };
                n[len - 1] |= 1;
                let r2 = oracle_r2(&n);
                assert!(rsa_r2_agrees(&n, &r2), "length {len}, round {round}");
                let modulus = BigUint::from_bytes_be(&n);
                let value = BigUint::from_bytes_be(&r2);
                let as_bytes = |x: &BigUint| {
                    let bytes = x.to_bytes_be();
                    let mut out = vec![0u8; len.saturating_sub(bytes.len())];
                    out.extend_from_slice(&bytes);
                    out
                };
                let plus_one = as_bytes(&((&value + 1u8) % &modulus));
                let minus_one = as_bytes(&((&value + &modulus - 1u8) % &modulus));
                let mut wrong = vec![
                    plus_one,
                    minus_one,
                    vec![0; len],
                    vec![0xFF; len],
                    n.clone(),
                ];
                // The same residue, unreduced, when it still fits.
                let unreduced = &value + &modulus;
                if unreduced.to_bytes_be().len() <= len {
                    wrong.push(as_bytes(&unreduced));
                }
                if let Some(other) = previous.take().filter(|other| other.len() == len) {
                    wrong.push(other);
                }
                for bad in &wrong {
                    assert!(!rsa_r2_agrees(&n, bad), "length {len}, round {round}");
                }
                assert!(!rsa_r2_agrees(&n, &r2[1..]));
                previous = Some(r2);
            }
        }
        // A modulus whose last byte is 1 (odd, with no other low bit set).
        let mut n: std::vec::Vec<u8> = (0..256).map(|_| next(&mut seed).to_le_bytes()[0]).collect();
        n[0] |= 0x80;
        n[255] = 0x01;
        assert!(rsa_r2_agrees(&n, &oracle_r2(&n)));
        // An even modulus has no Montgomery form: refused whatever the value, every value below
        // each one-byte even modulus included.
        assert!(!rsa_r2_agrees(&[0xC4; 256], &[0x17; 256]));
        for even in (2u8..=254).step_by(2) {
            for value in 0..even {
                assert!(
                    !rsa_r2_agrees(&[even], &[value]),
                    "n = {even}, r2 = {value}"
                );
            }
        }
    }

    /// The key set's `R² mod n` (the verifier's run-time arithmetic) passes the check.
    #[cfg(feature = "rsa")]
    #[test]
    fn the_key_sets_r2_agrees() {
        let mut seed = 99;
        for len in [256usize, 300, 384, 512] {
            let mut n: std::vec::Vec<u8> =
                (0..len).map(|_| next(&mut seed).to_le_bytes()[0]).collect();
            n[0] |= 0x80;
            n[len - 1] |= 1;
            if len > crate::keys::limits::MAX_RSA_BITS / 8 {
                continue;
            }
            let mut r2 = vec![0u8; len];
            crate::crypto::rsa::r_squared(&n, &mut r2).unwrap();
            assert_eq!(r2, oracle_r2(&n));
            assert!(rsa_r2_agrees(&n, &r2));
        }
    }

    #[test]
    fn neg_inverse_is_the_negated_inverse() {
        for m in [1u32, 3, 5, 0xffff_ffff, 0x8000_0001, 0x1234_5679, 65537] {
            assert_eq!(m.wrapping_mul(neg_inverse(m)), u32::MAX, "m = {m:#x}");
        }
    }
}
