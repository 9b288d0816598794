#![no_main]
//! The elliptic-curve signature layer on arbitrary input: `verify_signature` with ES256, ES384,
//! ES512 and EdDSA, for an arbitrary public key (or a fixed valid one, so that arbitrary
//! signatures reach the curve arithmetic), an arbitrary signature of any length near the right
//! one, and an arbitrary message. It never panics, and its verdict equals the oracle's: the
//! `p256` crate for ES256 (the verifier has its own P-256 arithmetic), `p384`/`p521` for
//! ES384/ES512 and ed25519-dalek's `verify_strict` for EdDSA, each called here on its own.
//!
//! Input: one selector byte (bits 0-1: the algorithm; bit 2: the fixed key instead of key
//! bytes from the input), one byte for the signature's length, then the key bytes (unless fixed),
//! the signature, and the message.

use libfuzzer_sys::fuzz_target;
use p256::ecdsa::signature::Verifier as _;
use std::sync::OnceLock;
use jwtv::{Algorithm, Key, verify_signature};

/// A fixed valid public key of each curve, `x ‖ y` (Ed25519: its 32-byte encoding).
fn fixed_key(alg: Algorithm) -> &'static [u8] {
    static KEYS: OnceLock<[Vec<u8>; 4]> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        let p256 = p256::ecdsa::SigningKey::from_slice(&[0x17; 32]).expect("P-256 scalar");
        let p384 = p384::ecdsa::SigningKey::from_slice(&[0x17; 48]).expect("P-384 scalar");
        let p521 = p521::ecdsa::SigningKey::from_slice(&[[0u8].as_slice(), &[0x17; 65]].concat())
            .expect("P-521 scalar");
        let ed = ed25519_dalek::SigningKey::from_bytes(&[0x17; 32]);
        [
            p256.verifying_key().to_sec1_point(false).as_bytes()[1..].to_vec(),
            p384.verifying_key().to_sec1_point(false).as_bytes()[1..].to_vec(),
            p521.verifying_key().to_sec1_point(false).as_bytes()[1..].to_vec(),
            ed.verifying_key().to_bytes().to_vec(),
        ]
    });
    match alg {
        Algorithm::ES256 => &keys[0],
        Algorithm::ES384 => &keys[1],
        Algorithm::ES512 => &keys[2],
        _ => &keys[3],
    }
}

/// The oracle crate's verdict for `alg` on the key `public`.
fn oracle(alg: Algorithm, public: &[u8], msg: &[u8], sig: &[u8]) -> bool {
    let sec1 = [&[4u8][..], public].concat();
    match alg {
        Algorithm::ES256 => {
            let (Ok(key), Ok(sig)) = (
                p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1),
                p256::ecdsa::Signature::from_slice(sig),
            ) else {
                return false;
            };
            key.verify(msg, &sig).is_ok()
        }
        Algorithm::ES384 => {
            let (Ok(key), Ok(sig)) = (
                p384::ecdsa::VerifyingKey::from_sec1_bytes(&sec1),
                p384::ecdsa::Signature::from_slice(sig),
            ) else {
                return false;
            };
            key.verify(msg, &sig).is_ok()
        }
        Algorithm::ES512 => {
            let (Ok(key), Ok(sig)) = (
                p521::ecdsa::VerifyingKey::from_sec1_bytes(&sec1),
                p521::ecdsa::Signature::from_slice(sig),
            ) else {
                return false;
            };
            key.verify(msg, &sig).is_ok()
        }
        _ => {
            let (Ok(public), Ok(sig)) = (<[u8; 32]>::try_from(public), <[u8; 64]>::try_from(sig))
            else {
                return false;
            };
            let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(&public) else {
                return false;
            };
            key.verify_strict(msg, &ed25519_dalek::Signature::from_bytes(&sig))
                .is_ok()
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let [selector, sig_len, rest @ ..] = data else {
        return;
    };
    let (alg, key_len, sig_full) = match selector & 3 {
        0 => (Algorithm::ES256, 64, 64),
        1 => (Algorithm::ES384, 96, 96),
        2 => (Algorithm::ES512, 132, 132),
        _ => (Algorithm::EdDSA, 32, 64),
    };
    let (public, rest) = if selector & 4 != 0 {
        (fixed_key(alg), rest)
    } else {
        match rest.split_at_checked(key_len) {
            Some(split) => split,
            None => return,
        }
    };
    // Lengths around the right one: shorter, exact (most often), longer.
    let sig_len = match sig_len % 8 {
        0 => usize::from(*sig_len) % (sig_full + 8),
        _ => sig_full,
    };
    let Some((sig, msg)) = rest.split_at_checked(sig_len) else {
        return;
    };
    let key = match alg {
        Algorithm::ES256 => Key::ec_p256(public.try_into().expect("64 bytes")),
        Algorithm::ES384 => Key::ec_p384(public.try_into().expect("96 bytes")),
        Algorithm::ES512 => Key::ec_p521(public.try_into().expect("132 bytes")),
        _ => Key::ed25519(public.try_into().expect("32 bytes")),
    };
    let ours = verify_signature(alg, &key, msg, sig);
    if alg == Algorithm::EdDSA {
        // RFC 9864's fully-specified name for the same algorithm: the same verdict.
        assert_eq!(verify_signature(Algorithm::Ed25519, &key, msg, sig), ours, "Ed25519 vs EdDSA");
    }
    assert!(
        ours.is_ok() || ours == Err(jwtv::Error::InvalidSignature),
        "{alg}: {ours:?}"
    );
    assert_eq!(
        ours.is_ok(),
        oracle(alg, public, msg, sig),
        "{alg}: the verifier and the oracle crate disagree"
    );
});
