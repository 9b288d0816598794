//! HS256/HS384/HS512: HMAC with SHA-2 (RFC 7518 §3.2). HS256 runs from the key's pad states
//! (RFC 2104 §4: the chaining values after `K ⊕ ipad` and `K ⊕ opad` can be kept with the key,
//! or computed at the verification) on `sha2`'s SHA-256 compression function; HS384 and HS512
//! with the `hmac` crate.

#[cfg(feature = "sha512")]
use hmac::{Hmac, KeyInit as _, Mac as _};

use sha2::Digest as _;

use crate::algorithm::HashAlg;
use crate::error::Error;
use crate::keys::precomputed::{HMAC_SHA256_PADS_LEN, SHA256_IV};

/// SHA-256's block, in bytes.
const BLOCK: usize = 64;

/// The SHA-256 chaining values after HMAC's first block with `secret`, `K ⊕ ipad` then
/// `K ⊕ opad` (RFC 2104 §2: a key longer than the block is hashed first), each as 8 big-endian
/// words: what [`crate::Key::oct_precomputed`] takes.
pub(crate) fn sha256_pads(secret: &[u8]) -> [u8; HMAC_SHA256_PADS_LEN] {
    let mut key = [0u8; BLOCK];
    if secret.len() > BLOCK {
        let digest: [u8; 32] = sha2::Sha256::digest(secret).into();
        if let Some(dst) = key.first_chunk_mut::<32>() {
            *dst = digest;
        }
    } else if let Some(dst) = key.get_mut(..secret.len()) {
        dst.copy_from_slice(secret);
    }
    let mut out = [0u8; HMAC_SHA256_PADS_LEN];
    for (pad, half) in [0x36u8, 0x5c].into_iter().zip(out.chunks_exact_mut(32)) {
        let block = key.map(|b| b ^ pad);
        let mut state = SHA256_IV;
        sha2::block_api::compress256(&mut state, &[block]);
        for (word, bytes) in state.iter().zip(half.chunks_exact_mut(4)) {
            bytes.copy_from_slice(&word.to_be_bytes());
        }
    }
    out
}

/// SHA-256 of a message that follows one already-compressed block, from that block's chaining
/// value: the inner and outer hashes of HMAC from the pad states.
fn sha256_after_one_block(state: &[u8], message: &[u8]) -> [u8; 32] {
    let mut h = [0u32; 8];
    for (word, bytes) in h.iter_mut().zip(state.chunks_exact(4)) {
        *word = u32::from_be_bytes([
            bytes.first().copied().unwrap_or(0),
            bytes.get(1).copied().unwrap_or(0),
            bytes.get(2).copied().unwrap_or(0),
            bytes.get(3).copied().unwrap_or(0),
        ]);
    }
    let (blocks, rest) = message.as_chunks::<BLOCK>();
    sha2::block_api::compress256(&mut h, blocks);
    // FIPS 180-4 §5.1.1: 0x80, zeros, and the bit length of everything hashed (the pad block
    // included) in the last 8 bytes of the last block.
    let bits = (message.len() as u64)
        .wrapping_add(BLOCK as u64)
        .wrapping_mul(8);
    let mut tail = [[0u8; BLOCK]; 2];
    let flat = tail.as_flattened_mut();
    if let Some(dst) = flat.get_mut(..rest.len()) {
        dst.copy_from_slice(rest);
    }
    if let Some(marker) = flat.get_mut(rest.len()) {
        *marker = 0x80;
    }
    // The length fits after the marker in one block when at most 55 bytes remain.
    let (blocks, length_at) = if rest.len() < BLOCK - 8 {
        (1, BLOCK - 8..BLOCK)
    } else {
        (2, 2 * BLOCK - 8..2 * BLOCK)
    };
    if let Some(len) = flat.get_mut(length_at) {
        len.copy_from_slice(&bits.to_be_bytes());
    }
    sha2::block_api::compress256(&mut h, tail.get(..blocks).unwrap_or_default());
    let mut out = [0u8; 32];
    for (bytes, word) in out.chunks_exact_mut(4).zip(h) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// HMAC-SHA-256 from precomputed pad states (see [`sha256_pads`]).
fn hmac_sha256_from_pads(pads: &[u8; HMAC_SHA256_PADS_LEN], message: &[u8]) -> [u8; 32] {
    let (inner_state, outer_state) = pads.split_at(32);
    let inner = sha256_after_one_block(inner_state, message);
    sha256_after_one_block(outer_state, &inner)
}

/// Whether `a` and `b` are equal, in time that depends only on their lengths.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a
        .iter()
        .zip(b)
        .fold(0u8, |acc, (x, y)| core::hint::black_box(acc | (x ^ y)));
    difference == 0
}

/// HS256 with a key's precomputed pad states; the tag must be the full 32 bytes.
///
/// Not inlined: its buffers stay out of the frame of the signature layer's other paths.
///
/// # Errors
/// [`Error::InvalidSignature`] for any failure.
#[inline(never)]
pub(crate) fn verify_sha256_with_pads(
    pads: &[u8; HMAC_SHA256_PADS_LEN],
    message: &[u8],
    tag: &[u8],
) -> Result<(), Error> {
    if constant_time_eq(&hmac_sha256_from_pads(pads, message), tag) {
        Ok(())
    } else {
        Err(Error::InvalidSignature)
    }
}

/// Verifies an HMAC tag in constant time (`Mac::verify_slice`); the tag must be full length,
/// since a truncated tag is easier to forge.
///
/// # Errors
/// [`Error::InvalidSignature`] for any failure.
pub(crate) fn verify(
    hash: HashAlg,
    secret: &[u8],
    message: &[u8],
    tag: &[u8],
) -> Result<(), Error> {
    // RFC 7518 §3.2: the key must be at least as long as the hash output.
    if secret.len() < hash.output_len() {
        return Err(Error::InvalidSignature);
    }
    // One monomorphic call per hash: `Hmac<D>`'s bounds make a generic helper noisier than this.
    // (Measured on the Cortex-M4: with these calls out of line the HS384/HS512 stack peak grows
    // by 0.9 KiB, more than the RSA and ES256 peaks shrink; inlined, every peak is in budget.)
    #[cfg(feature = "sha512")]
    macro_rules! verify_with {
        ($hash:ty) => {
            match Hmac::<$hash>::new_from_slice(secret) {
                Ok(mut mac) => {
                    mac.update(message);
                    mac.verify_slice(tag).is_ok()
                }
                Err(_) => false,
            }
        };
    }
    let ok = match hash {
        // The pad states' path, with the states computed here: the same HMAC (RFC 2104 §4),
        // and no second HMAC-SHA-256 in the image beside the one precomputed keys use.
        HashAlg::Sha256 => verify_sha256_with_pads(&sha256_pads(secret), message, tag).is_ok(),
        #[cfg(feature = "sha512")]
        HashAlg::Sha384 => verify_with!(sha2::Sha384),
        #[cfg(feature = "sha512")]
        HashAlg::Sha512 => verify_with!(sha2::Sha512),
        #[cfg(not(feature = "sha512"))]
        HashAlg::Sha384 | HashAlg::Sha512 => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidSignature)
    }
}

#[cfg(test)]
mod tests {
    use hmac::{Hmac, KeyInit as _, Mac as _};

    use super::*;

    /// The `hmac` crate's HMAC-SHA-256 (the oracle).
    fn oracle(secret: &[u8], message: &[u8]) -> [u8; 32] {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// Every message length across the padding boundaries (55/56 bytes left in the last
    /// block, whole blocks) and keys shorter than, as long as, and longer than a block.
    #[test]
    fn pad_states_give_the_hmac_crates_tags() {
        let mut x = 0x9E37_79B9u32;
        let mut byte = || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x.to_le_bytes()[0]
        };
        for key_len in [32usize, 33, 63, 64, 65, 100, 128, 512] {
            let secret: std::vec::Vec<u8> = (0..key_len).map(|_| byte()).collect();
            let pads = sha256_pads(&secret);
            // The key set's run-time derivation (sha2) and the constructors' check (const fn).
            assert_eq!(pads, crate::keys::precomputed::hmac_sha256_pads(&secret));
            for len in 0..=300 {
                let message: std::vec::Vec<u8> = (0..len).map(|_| byte()).collect();
                let expected = oracle(&secret, &message);
                assert_eq!(
                    hmac_sha256_from_pads(&pads, &message),
                    expected,
                    "key {key_len}, message {len}"
                );
                assert_eq!(verify_sha256_with_pads(&pads, &message, &expected), Ok(()));
                // A key without its pad states: the same tags, the states computed at once.
                assert_eq!(
                    verify(HashAlg::Sha256, &secret, &message, &expected),
                    Ok(())
                );
                let mut wrong = expected;
                wrong[len % 32] ^= 1 << (len % 8);
                assert!(verify_sha256_with_pads(&pads, &message, &wrong).is_err());
                assert!(verify(HashAlg::Sha256, &secret, &message, &wrong).is_err());
                assert!(verify(HashAlg::Sha256, &secret, &message, &expected[..31]).is_err());
                assert!(verify_sha256_with_pads(&pads, &message, &expected[..31]).is_err());
            }
        }
    }

    /// A tag equals the computed one only if every byte does: differences in several bytes never
    /// cancel out (two bytes flipped by the same bit, every byte flipped, a pair in any places).
    #[test]
    fn tags_differing_anywhere_are_refused() {
        let tag: [u8; 32] = core::array::from_fn(|i| u8::try_from(i * 37 % 256).unwrap());
        assert!(constant_time_eq(&tag, &tag));
        for i in 0..32 {
            for j in 0..32 {
                for bit in [0x01u8, 0x80] {
                    let mut wrong = tag;
                    wrong[i] ^= bit;
                    wrong[j] ^= bit; // i == j: the same tag again
                    assert_eq!(constant_time_eq(&tag, &wrong), i == j, "bytes {i} and {j}");
                }
            }
        }
        assert!(!constant_time_eq(&tag, &tag.map(|b| !b)));
        assert!(!constant_time_eq(&tag, &tag[..31]));
        assert!(!constant_time_eq(&[], &tag));
    }
}
