//! The signature layer (`Key` + `verify_signature`, the public path every token takes) held to
//! the crates its arithmetic replaces: RustCrypto's `rsa` for RS256/384/512 and PS256/384/512,
//! `p256` for ES256; for EdDSA, ed25519-dalek's own signing and strict verification, and for
//! ES384/ES512 the `p384`/`p521` crates (the verifier calls those crates: the test holds its key
//! handling, signature length and wiring to them). Random
//! keys sign random messages with the oracle crate; each signature is
//! verified unchanged, with one bit flipped in the signature (three times), in the message
//! (three times) and in the public key (twice), and a random signature of the right length is
//! tried: ten verdicts per signature, every one equal to the oracle's.
//!
//! The default run is small (debug builds are slow); the full run, 100,000 verdicts per
//! algorithm, is `cargo test --release -p jwtv --test differential -- --ignored` (CI runs it).
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)] // test code

use jwtv::{Algorithm, Key, verify_signature};
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use rsa::rand_core::{CryptoRng, RngCore};
use rsa::sha2::{Sha256, Sha384, Sha512};
use rsa::signature::{RandomizedSigner, SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey, pkcs1v15, pss};

/// Verdicts per signature: unchanged, three signature flips, three message flips, two key
/// flips, one random signature.
const VERDICTS_PER_SIGNATURE: usize = 10;

/// splitmix64: reproducible keys, messages and mutations (the tests need no secrecy).
struct TestRng(u64);

impl RngCore for TestRng {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for TestRng {}

impl TestRng {
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = vec![0u8; len];
        self.fill_bytes(&mut out);
        out
    }

    fn flip(&mut self, bytes: &mut [u8]) {
        let bit = self.below(bytes.len() * 8);
        bytes[bit / 8] ^= 1 << (bit % 8);
    }
}

/// Our verdict through the public path: the key constructed as a JWKS or `const` key would be,
/// then the signature layer.
fn ours_rsa(alg: Algorithm, n: &[u8], e: u32, msg: &[u8], sig: &[u8]) -> bool {
    Key::rsa(n, e).is_ok_and(|key| verify_signature(alg, &key, msg, sig).is_ok())
}

/// The `rsa` crate's verdict: its key checks, then PKCS#1 v1.5 or PSS with JWS's salt length.
fn oracle_rsa(alg: Algorithm, n: &[u8], e: u32, msg: &[u8], sig: &[u8]) -> bool {
    let Ok(key) = RsaPublicKey::new(BigUint::from_bytes_be(n), BigUint::from(e)) else {
        return false;
    };
    let Ok(signature) = pkcs1v15::Signature::try_from(sig) else {
        return false;
    };
    let Ok(pss_signature) = pss::Signature::try_from(sig) else {
        return false;
    };
    use rsa::signature::Verifier as _;
    match alg {
        Algorithm::RS256 => pkcs1v15::VerifyingKey::<Sha256>::new(key)
            .verify(msg, &signature)
            .is_ok(),
        Algorithm::RS384 => pkcs1v15::VerifyingKey::<Sha384>::new(key)
            .verify(msg, &signature)
            .is_ok(),
        Algorithm::RS512 => pkcs1v15::VerifyingKey::<Sha512>::new(key)
            .verify(msg, &signature)
            .is_ok(),
        Algorithm::PS256 => pss::VerifyingKey::<Sha256>::new_with_salt_len(key, 32)
            .verify(msg, &pss_signature)
            .is_ok(),
        Algorithm::PS384 => pss::VerifyingKey::<Sha384>::new_with_salt_len(key, 48)
            .verify(msg, &pss_signature)
            .is_ok(),
        Algorithm::PS512 => pss::VerifyingKey::<Sha512>::new_with_salt_len(key, 64)
            .verify(msg, &pss_signature)
            .is_ok(),
        _ => unreachable!("not an RSA algorithm"),
    }
}

fn sign_rsa(alg: Algorithm, key: &RsaPrivateKey, msg: &[u8], rng: &mut TestRng) -> Vec<u8> {
    let k = key.clone();
    match alg {
        Algorithm::RS256 => pkcs1v15::SigningKey::<Sha256>::new(k).sign(msg).to_vec(),
        Algorithm::RS384 => pkcs1v15::SigningKey::<Sha384>::new(k).sign(msg).to_vec(),
        Algorithm::RS512 => pkcs1v15::SigningKey::<Sha512>::new(k).sign(msg).to_vec(),
        Algorithm::PS256 => pss::SigningKey::<Sha256>::new_with_salt_len(k, 32)
            .sign_with_rng(rng, msg)
            .to_vec(),
        Algorithm::PS384 => pss::SigningKey::<Sha384>::new_with_salt_len(k, 48)
            .sign_with_rng(rng, msg)
            .to_vec(),
        Algorithm::PS512 => pss::SigningKey::<Sha512>::new_with_salt_len(k, 64)
            .sign_with_rng(rng, msg)
            .to_vec(),
        _ => unreachable!("not an RSA algorithm"),
    }
}

/// Random RSA keys of every arithmetic width and its lower boundary (2049 and 3073 bits, where
/// PSS's emLen is k − 1).
fn rsa_keys(rng: &mut TestRng, sizes: &[usize]) -> Vec<(RsaPrivateKey, Vec<u8>, u32)> {
    sizes
        .iter()
        .map(|&bits| {
            let key = RsaPrivateKey::new(rng, bits).unwrap();
            let n = key.n().to_bytes_be();
            assert_eq!(n.len() * 8 - n[0].leading_zeros() as usize, bits);
            let e = u32::try_from(
                key.e()
                    .to_bytes_be()
                    .iter()
                    .fold(0u64, |a, &b| a << 8 | u64::from(b)),
            )
            .unwrap();
            (key, n, e)
        })
        .collect()
}

/// `signatures` signatures under `alg`, each with its ten verdicts; returns the verdict count
/// and how many were acceptances (so a run that accepts nothing, or everything, shows).
fn agree_with_rsa(alg: Algorithm, seed: u64, sizes: &[usize], signatures: usize) -> (usize, usize) {
    let mut rng = TestRng(seed);
    let keys = rsa_keys(&mut rng, sizes);
    let (mut verdicts, mut accepted) = (0, 0);
    for case in 0..signatures {
        let (private, n, e) = &keys[case % keys.len()];
        let len = rng.below(300);
        let msg = rng.bytes(len);
        let sig = sign_rsa(alg, private, &msg, &mut rng);
        let mut variants = vec![(n.clone(), msg.clone(), sig.clone())];
        for _ in 0..3 {
            let mut s = sig.clone();
            rng.flip(&mut s);
            variants.push((n.clone(), msg.clone(), s));
        }
        for _ in 0..3 {
            let mut m = msg.clone();
            if m.is_empty() {
                m.push(rng.next_u32() as u8);
            } else {
                rng.flip(&mut m);
            }
            variants.push((n.clone(), m, sig.clone()));
        }
        for _ in 0..2 {
            let mut modulus = n.clone();
            rng.flip(&mut modulus);
            variants.push((modulus, msg.clone(), sig.clone()));
        }
        variants.push((n.clone(), msg.clone(), rng.bytes(sig.len())));
        assert_eq!(variants.len(), VERDICTS_PER_SIGNATURE);
        for (index, (n, msg, sig)) in variants.iter().enumerate() {
            let ours = ours_rsa(alg, n, *e, msg, sig);
            let theirs = oracle_rsa(alg, n, *e, msg, sig);
            assert_eq!(
                ours,
                theirs,
                "{alg:?} case {case} variant {index}: {} bits",
                private.size() * 8
            );
            verdicts += 1;
            accepted += usize::from(ours);
        }
    }
    (verdicts, accepted)
}

/// ES256, ES384 or ES512 against the `p256`, `p384` or `p521` crate: random keys sign random
/// messages with the crate, and each signature's ten variants get the crate's verdict (its SEC 1
/// point decoding, `r ‖ s` decoding and verification). For ES256 the crate is an independent
/// oracle (the verifier has its own P-256 arithmetic); the verifier calls `p384` and `p521`
/// itself, so for those this holds its wiring to them: the curve by algorithm, the coordinates'
/// lengths, the digest it hashes, the signature's exact length.
macro_rules! agree_with_nist_curve {
    ($name:ident, $curve:ident, $alg:expr, $coordinate:expr, $constructor:ident) => {
        fn $name(seed: u64, signatures: usize) -> (usize, usize) {
            const XY: usize = 2 * $coordinate;
            let oracle = |xy: &[u8; XY], msg: &[u8], sig: &[u8; XY]| {
                let mut sec1 = vec![4u8];
                sec1.extend_from_slice(xy);
                let Ok(key) = $curve::ecdsa::VerifyingKey::from_sec1_bytes(&sec1) else {
                    return false;
                };
                let Ok(signature) = $curve::ecdsa::Signature::from_slice(sig) else {
                    return false;
                };
                key.verify(msg, &signature).is_ok()
            };
            let mut rng = TestRng(seed);
            let (mut verdicts, mut accepted) = (0, 0);
            for case in 0..signatures {
                let key = loop {
                    if let Ok(key) = $curve::ecdsa::SigningKey::from_slice(&rng.bytes($coordinate))
                    {
                        break key;
                    }
                };
                let point = key.verifying_key().to_sec1_point(false);
                let xy: [u8; XY] = point.as_bytes()[1..].try_into().unwrap();
                let len = rng.below(300);
                let msg = rng.bytes(len);
                let signature: $curve::ecdsa::Signature = key.sign(&msg);
                let sig: [u8; XY] = signature.to_bytes().as_slice().try_into().unwrap();
                let mut variants = vec![(xy, msg.clone(), sig)];
                for _ in 0..3 {
                    let mut s = sig;
                    rng.flip(&mut s);
                    variants.push((xy, msg.clone(), s));
                }
                for _ in 0..3 {
                    let mut m = msg.clone();
                    if m.is_empty() {
                        m.push(rng.next_u32() as u8);
                    } else {
                        rng.flip(&mut m);
                    }
                    variants.push((xy, m, sig));
                }
                for _ in 0..2 {
                    let mut point = xy;
                    rng.flip(&mut point);
                    variants.push((point, msg.clone(), sig));
                }
                let mut random = [0u8; XY];
                rng.fill_bytes(&mut random);
                variants.push((xy, msg.clone(), random));
                assert_eq!(variants.len(), VERDICTS_PER_SIGNATURE);
                for (index, (xy, msg, sig)) in variants.iter().enumerate() {
                    let ours = verify_signature($alg, &Key::$constructor(xy), msg, sig).is_ok();
                    assert_eq!(ours, oracle(xy, msg, sig), "case {case} variant {index}");
                    verdicts += 1;
                    accepted += usize::from(ours);
                }
                // The signature one byte short, and with a byte more: never a JWS signature.
                assert!(verify_signature($alg, &Key::$constructor(&xy), &msg, &sig[1..]).is_err());
                let mut long = sig.to_vec();
                long.push(0);
                assert!(verify_signature($alg, &Key::$constructor(&xy), &msg, &long).is_err());
            }
            (verdicts, accepted)
        }
    };
}

agree_with_nist_curve!(agree_with_p256, p256, Algorithm::ES256, 32, ec_p256);
agree_with_nist_curve!(agree_with_p384, p384, Algorithm::ES384, 48, ec_p384);
agree_with_nist_curve!(agree_with_p521, p521, Algorithm::ES512, 66, ec_p521);

/// ed25519-dalek's strict verdict: its point decoding, then `verify_strict`.
fn oracle_ed25519(public: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(public) else {
        return false;
    };
    key.verify_strict(msg, &ed25519_dalek::Signature::from_bytes(sig))
        .is_ok()
}

fn agree_with_ed25519(seed: u64, signatures: usize) -> (usize, usize) {
    use ed25519_dalek::Signer as _;
    let mut rng = TestRng(seed);
    let (mut verdicts, mut accepted) = (0, 0);
    for case in 0..signatures {
        let mut secret = [0u8; 32];
        rng.fill_bytes(&mut secret);
        let key = ed25519_dalek::SigningKey::from_bytes(&secret);
        let public = key.verifying_key().to_bytes();
        let len = rng.below(300);
        let msg = rng.bytes(len);
        let sig = key.sign(&msg).to_bytes();
        let mut variants = vec![(public, msg.clone(), sig)];
        for _ in 0..3 {
            let mut s = sig;
            rng.flip(&mut s);
            variants.push((public, msg.clone(), s));
        }
        for _ in 0..3 {
            let mut m = msg.clone();
            if m.is_empty() {
                m.push(rng.next_u32() as u8);
            } else {
                rng.flip(&mut m);
            }
            variants.push((public, m, sig));
        }
        for _ in 0..2 {
            let mut p = public;
            rng.flip(&mut p);
            variants.push((p, msg.clone(), sig));
        }
        let mut random = [0u8; 64];
        rng.fill_bytes(&mut random);
        variants.push((public, msg.clone(), random));
        assert_eq!(variants.len(), VERDICTS_PER_SIGNATURE);
        for (index, (public, msg, sig)) in variants.iter().enumerate() {
            let ours = verify_signature(Algorithm::EdDSA, &Key::ed25519(public), msg, sig).is_ok();
            // RFC 9864's fully-specified name: the same verification.
            assert_eq!(
                verify_signature(Algorithm::Ed25519, &Key::ed25519(public), msg, sig).is_ok(),
                ours,
                "case {case} variant {index}: Ed25519 and EdDSA disagree"
            );
            assert_eq!(
                ours,
                oracle_ed25519(public, msg, sig),
                "case {case} variant {index}"
            );
            // A signature one byte short or long is never one (RFC 8037 §3.1: 64 bytes).
            if index == 0 {
                for wrong in [&sig[..63], &[sig.as_slice(), &[0]].concat()[..]] {
                    assert!(
                        verify_signature(Algorithm::EdDSA, &Key::ed25519(public), msg, wrong)
                            .is_err(),
                        "case {case}: {}-byte signature",
                        wrong.len()
                    );
                }
            }
            verdicts += 1;
            accepted += usize::from(ours);
        }
    }
    (verdicts, accepted)
}

const RSA_ALGORITHMS: [Algorithm; 6] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
];

/// Every unchanged signature verifies and (with overwhelming probability) no mutation does.
fn check_counts(alg: Algorithm, (verdicts, accepted): (usize, usize), signatures: usize) {
    println!("{alg:?}: {verdicts} verdicts equal to the oracle's, {accepted} acceptances");
    assert_eq!(verdicts, signatures * VERDICTS_PER_SIGNATURE);
    assert_eq!(
        accepted, signatures,
        "{alg:?}: one acceptance per signature"
    );
}

/// Also run in CI on a build with 2048-bit RSA only and without SHA-384/512
/// (`--no-default-features --features rsa,ecdsa`), where the *384 and *512 algorithms must be
/// refused as unsupported, whatever the signature.
#[test]
fn rsa_agrees_with_the_rsa_crate() {
    for (index, alg) in RSA_ALGORITHMS.into_iter().enumerate() {
        if alg.is_implemented() {
            let counts = agree_with_rsa(alg, 10 + index as u64, &[2048], 4);
            check_counts(alg, counts, 4);
        } else {
            let mut rng = TestRng(index as u64);
            let (private, n, e) = &rsa_keys(&mut rng, &[2048])[0];
            let sig = sign_rsa(alg, private, b"message", &mut rng);
            let key = Key::rsa(n, *e).unwrap();
            assert!(oracle_rsa(alg, n, *e, b"message", &sig));
            assert_eq!(
                verify_signature(alg, &key, b"message", &sig),
                Err(jwtv::Error::UnsupportedAlgorithm),
                "{alg:?} without its hash's feature"
            );
        }
    }
}

#[test]
fn es256_agrees_with_the_p256_crate() {
    check_counts(Algorithm::ES256, agree_with_p256(20, 20), 20);
}

/// Off by default (features `es384`, `es512`); where a feature is off the algorithm must be
/// refused as unsupported.
#[test]
fn es384_and_es512_agree_with_the_p384_and_p521_crates() {
    for (alg, run) in [
        (
            Algorithm::ES384,
            agree_with_p384 as fn(u64, usize) -> (usize, usize),
        ),
        (Algorithm::ES512, agree_with_p521),
    ] {
        if alg.is_implemented() {
            check_counts(alg, run(40, 10), 10);
        } else {
            let key_bytes = [1u8; 132];
            let key = match alg {
                Algorithm::ES384 => Key::ec_p384(key_bytes[..96].try_into().unwrap()),
                _ => Key::ec_p521(&key_bytes),
            };
            assert_eq!(
                verify_signature(alg, &key, b"message", &[1; 132]),
                Err(jwtv::Error::UnsupportedAlgorithm)
            );
        }
    }
}

/// Also run in CI on a build without the feature `eddsa`, where EdDSA must be refused as
/// unsupported, whatever the signature.
#[test]
fn eddsa_agrees_with_ed25519_dalek() {
    if Algorithm::EdDSA.is_implemented() {
        check_counts(Algorithm::EdDSA, agree_with_ed25519(30, 20), 20);
    } else {
        use ed25519_dalek::Signer as _;
        let key = ed25519_dalek::SigningKey::from_bytes(&[3; 32]);
        let public = key.verifying_key().to_bytes();
        let sig = key.sign(b"message").to_bytes();
        assert!(oracle_ed25519(&public, b"message", &sig));
        for alg in [Algorithm::EdDSA, Algorithm::Ed25519] {
            assert_eq!(
                verify_signature(alg, &Key::ed25519(&public), b"message", &sig),
                Err(jwtv::Error::UnsupportedAlgorithm)
            );
        }
    }
}

/// 100,000 verdicts for one RSA algorithm: 10,000 signatures under keys of 2048, 2049, 3072,
/// 3073 and 4096 bits in turn. One test per algorithm, so the test harness runs them in parallel.
fn full_rsa_run(alg: Algorithm, seed: u64) {
    let counts = agree_with_rsa(alg, seed, &[2048, 2049, 3072, 3073, 4096], 10_000);
    check_counts(alg, counts, 10_000);
}

#[test]
#[ignore = "minutes in a release build; run with --release -- --ignored"]
fn rs256_agrees_with_the_rsa_crate_on_100_000_verdicts() {
    full_rsa_run(Algorithm::RS256, 100);
}

#[test]
#[ignore = "minutes in a release build; run with --release -- --ignored"]
fn rs384_agrees_with_the_rsa_crate_on_100_000_verdicts() {
    full_rsa_run(Algorithm::RS384, 101);
}

#[test]
#[ignore = "minutes in a release build; run with --release -- --ignored"]
fn rs512_agrees_with_the_rsa_crate_on_100_000_verdicts() {
    full_rsa_run(Algorithm::RS512, 102);
}

#[test]
#[ignore = "minutes in a release build; run with --release -- --ignored"]
fn ps256_agrees_with_the_rsa_crate_on_100_000_verdicts() {
    full_rsa_run(Algorithm::PS256, 103);
}

#[test]
#[ignore = "minutes in a release build; run with --release -- --ignored"]
fn ps384_agrees_with_the_rsa_crate_on_100_000_verdicts() {
    full_rsa_run(Algorithm::PS384, 104);
}

#[test]
#[ignore = "minutes in a release build; run with --release -- --ignored"]
fn ps512_agrees_with_the_rsa_crate_on_100_000_verdicts() {
    full_rsa_run(Algorithm::PS512, 105);
}

/// 100,000 verdicts for ES256: 10,000 signatures under as many random keys.
#[test]
#[ignore = "slow in debug builds; run with --release -- --ignored"]
fn es256_agrees_with_the_p256_crate_on_100_000_verdicts() {
    check_counts(Algorithm::ES256, agree_with_p256(200, 10_000), 10_000);
}

/// 100,000 verdicts for EdDSA: 10,000 signatures under as many random Ed25519 keys.
#[test]
#[ignore = "slow in debug builds; run with --release -- --ignored"]
fn eddsa_agrees_with_ed25519_dalek_on_100_000_verdicts() {
    check_counts(Algorithm::EdDSA, agree_with_ed25519(300, 10_000), 10_000);
}

/// 20,000 verdicts each for ES384 and ES512 (2,000 signatures): the arithmetic is the oracle
/// crate's own, so this run checks the wiring at volume, not the curve.
#[test]
#[ignore = "slow in debug builds; run with --release -- --ignored"]
fn es384_agrees_with_the_p384_crate_on_20_000_verdicts() {
    if Algorithm::ES384.is_implemented() {
        check_counts(Algorithm::ES384, agree_with_p384(400, 2_000), 2_000);
    }
}

#[test]
#[ignore = "slow in debug builds; run with --release -- --ignored"]
fn es512_agrees_with_the_p521_crate_on_20_000_verdicts() {
    if Algorithm::ES512.is_implemented() {
        check_counts(Algorithm::ES512, agree_with_p521(500, 2_000), 2_000);
    }
}
