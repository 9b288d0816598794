//! Project Wycheproof's primitive vectors through the verifier's signature layer
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)] // test code
//! (`verify_signature`), with a written reason for every verdict that differs.

use jwtv::{Algorithm, Error, Key, KeyRejection, verify_signature};
use wycheproof::TestResult;

/// Our verdict against Wycheproof's; `Acceptable` vectors may go either way.
fn agrees(result: TestResult, ours: bool) -> bool {
    match result {
        TestResult::Valid => ours,
        TestResult::Invalid => !ours,
        TestResult::Acceptable => true,
    }
}

/// One of Wycheproof's ECDSA sets in P1363 form (`r ‖ s`, the JWS form) through
/// `verify_signature` with `alg`; the key is the group's uncompressed SEC 1 point.
fn ecdsa_p1363(name: wycheproof::ecdsa::TestName, alg: Algorithm, coordinate: usize) -> usize {
    let set = wycheproof::ecdsa::TestSet::load(name).unwrap();
    let (mut total, mut valid) = (0, 0);
    for group in &set.test_groups {
        let point: &[u8] = &group.key.key;
        assert_eq!(point.len(), 1 + 2 * coordinate, "uncompressed point");
        assert_eq!(point[0], 4, "uncompressed point");
        let xy = &point[1..];
        let (p256, p384, p521): ([u8; 64], [u8; 96], [u8; 132]);
        let key = match alg {
            Algorithm::ES256 => {
                p256 = xy.try_into().unwrap();
                Key::ec_p256(&p256)
            }
            Algorithm::ES384 => {
                p384 = xy.try_into().unwrap();
                Key::ec_p384(&p384)
            }
            _ => {
                p521 = xy.try_into().unwrap();
                Key::ec_p521(&p521)
            }
        };
        for t in &group.tests {
            let ours = verify_signature(alg, &key, &t.msg, &t.sig);
            assert!(
                ours.is_ok() || ours == Err(Error::InvalidSignature),
                "tc {}: {ours:?}",
                t.tc_id
            );
            assert!(
                agrees(t.result, ours.is_ok()),
                "tc {} ({}): wycheproof {:?}, ours {ours:?}",
                t.tc_id,
                t.comment,
                t.result
            );
            total += 1;
            valid += usize::from(ours.is_ok());
        }
    }
    println!("{name:?} ({alg}): {total} vectors, {valid} accepted, 0 divergences");
    total
}

#[test]
fn ecdsa_p256_sha256_p1363() {
    let total = ecdsa_p1363(
        wycheproof::ecdsa::TestName::EcdsaSecp256r1Sha256P1363,
        Algorithm::ES256,
        32,
    );
    assert!(total >= 200, "expected the full set, got {total}");
}

#[cfg(feature = "es384")]
#[test]
fn ecdsa_p384_sha384_p1363() {
    let total = ecdsa_p1363(
        wycheproof::ecdsa::TestName::EcdsaSecp384r1Sha384P1363,
        Algorithm::ES384,
        48,
    );
    assert!(total >= 200, "expected the full set, got {total}");
}

#[cfg(feature = "es512")]
#[test]
fn ecdsa_p521_sha512_p1363() {
    let total = ecdsa_p1363(
        wycheproof::ecdsa::TestName::EcdsaSecp521r1Sha512P1363,
        Algorithm::ES512,
        66,
    );
    assert!(total >= 200, "expected the full set, got {total}");
}

/// HMAC-SHA256, where JWS policy makes two deliberate differences, each checked exactly:
/// - keys shorter than 32 bytes cannot be constructed (RFC 7518 §3.2: a key at least as long as
///   the hash output), so their vectors are refused at key construction;
/// - truncated tags (Wycheproof's `tagSize` < 256, labelled valid) are refused: JWS HS256 carries
///   the full 32-byte tag, and accepting a prefix would weaken the MAC.
#[test]
fn hmac_sha256() {
    let set = wycheproof::mac::TestSet::load(wycheproof::mac::TestName::HmacSha256).unwrap();
    let (mut total, mut short_key, mut truncated) = (0, 0, 0);
    for group in &set.test_groups {
        for t in &group.tests {
            total += 1;
            let key = match Key::oct(&t.key) {
                Ok(key) => key,
                Err(reason) => {
                    assert_eq!(reason, KeyRejection::Weak, "tc {}", t.tc_id);
                    assert!(
                        t.key.len() < 32,
                        "tc {}: a {}-byte key refused",
                        t.tc_id,
                        t.key.len()
                    );
                    short_key += 1;
                    continue;
                }
            };
            let ours = verify_signature(Algorithm::HS256, &key, &t.msg, &t.tag);
            if group.tag_size < 256 {
                assert_eq!(
                    ours,
                    Err(Error::InvalidSignature),
                    "tc {}: truncated tag accepted",
                    t.tc_id
                );
                truncated += 1;
                continue;
            }
            assert!(
                agrees(t.result, ours.is_ok()),
                "tc {} ({}): wycheproof {:?}, ours {ours:?}",
                t.tc_id,
                t.comment,
                t.result
            );
        }
    }
    println!(
        "hmac_sha256: {total} vectors; refused by policy: {short_key} with keys under 32 bytes, {truncated} with truncated tags"
    );
    assert!(total > 100 && short_key > 0 && truncated > 0);
}

/// Ed25519 (RFC 8032) through `EdDSA` and through RFC 9864's `Ed25519`, with no divergence: every `valid` vector verifies and
/// every `invalid` one is refused. Wycheproof's invalid vectors include non-canonical `S`
/// (`S ≥ ℓ`, the malleability `verify_strict` refuses), signatures of the wrong length
/// (truncated, with trailing bytes: only exactly 64 bytes are a JWS EdDSA signature, RFC 8037
/// §3.1), and small-order `R`. Keys are constructed as `Key::ed25519` would hold them: every
/// group's key is 32 bytes.
#[cfg(feature = "eddsa")]
#[test]
fn ed25519() {
    let set = wycheproof::eddsa::TestSet::load(wycheproof::eddsa::TestName::Ed25519).unwrap();
    let (mut total, mut valid) = (0, 0);
    for group in &set.test_groups {
        let public: [u8; 32] = group.key.pk[..].try_into().unwrap();
        let key = Key::ed25519(&public);
        for t in &group.tests {
            let ours = verify_signature(Algorithm::EdDSA, &key, &t.msg, &t.sig);
            assert_eq!(
                verify_signature(Algorithm::Ed25519, &key, &t.msg, &t.sig),
                ours,
                "tc {}: the two names of one algorithm disagree",
                t.tc_id
            );
            assert!(
                ours.is_ok() || ours == Err(Error::InvalidSignature),
                "tc {}: {ours:?}",
                t.tc_id
            );
            assert!(
                agrees(t.result, ours.is_ok()),
                "tc {} ({}): wycheproof {:?}, ours {ours:?}",
                t.tc_id,
                t.comment,
                t.result
            );
            total += 1;
            valid += usize::from(ours.is_ok());
        }
    }
    println!("ed25519: {total} vectors, {valid} accepted, 0 divergences");
    assert!(total >= 140, "expected the full set, got {total}");
    assert!(valid > 0 && valid < total);
}
