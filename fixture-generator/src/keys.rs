//! The test keys under `fixtures/keys/`: generated once from fixed seeds, then kept.
//!
//! A key file that exists is always reused as it is, so regenerating the corpus never changes a
//! key (and therefore never changes a signature).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use host_harness::jose::b64;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{RngCore as _, SeedableRng as _};
use rsa::traits::{PrivateKeyParts as _, PublicKeyParts as _};
use serde_json::{Map, Value, json};
use sha2::Digest as _;

enum Spec {
    Rsa(usize),
    /// RSA whose primes are made the way Infineon's RSALib made them (ROCA, CVE-2017-15361):
    /// `k·M + (65537^a mod M)` with `M` the product of the first 39 primes.
    RsaRoca(usize),
    P256,
    /// P-384 (ES384) and P-521 (ES512): `d`, `x`, `y` at the curve's length (48, 66 bytes).
    P384,
    P521,
    /// An Ed25519 key (RFC 8037 `OKP`): `d` the 32-byte private key, `x` the public key.
    Ed25519,
    Oct(usize),
    /// An OIDC client secret: ASCII characters, used as UTF-8 octets (OIDC Core §10.1).
    ClientSecret(usize),
}

/// Every test key: its `kid` (also its file name) and what it is.
const SPECS: &[(&str, Spec)] = &[
    ("rsa2048-a", Spec::Rsa(2048)),
    ("rsa2048-b", Spec::Rsa(2048)),
    ("rsa2048-c", Spec::Rsa(2048)),
    ("rsa3072", Spec::Rsa(3072)),
    ("rsa4096", Spec::Rsa(4096)),
    ("rsa1024-weak", Spec::Rsa(1024)),
    ("rsa2048-roca", Spec::RsaRoca(2048)),
    ("p256-a", Spec::P256),
    ("p256-b", Spec::P256),
    ("p384-a", Spec::P384),
    ("p384-b", Spec::P384),
    ("p521-a", Spec::P521),
    ("p521-b", Spec::P521),
    ("ed25519-a", Spec::Ed25519),
    ("ed25519-b", Spec::Ed25519),
    ("hs-32", Spec::Oct(32)),
    ("hs-48", Spec::Oct(48)),
    ("hs-64", Spec::Oct(64)),
    ("hs-short", Spec::Oct(16)),
    ("client-secret", Spec::ClientSecret(40)),
    // Trust anchors of the key-set update scenarios: they sign key sets, never tokens.
    ("trust-anchor-es256", Spec::P256),
    ("trust-anchor-b-es256", Spec::P256),
];

pub struct Keys {
    private: BTreeMap<&'static str, Value>,
}

impl Keys {
    /// Loads every key from `dir`, generating (and writing) only the missing ones.
    pub fn load_or_generate(dir: &Path) -> Keys {
        fs::create_dir_all(dir).expect("keys dir");
        let mut private = BTreeMap::new();
        for (kid, spec) in SPECS {
            let path = dir.join(format!("{kid}.json"));
            let jwk = match fs::read_to_string(&path) {
                Ok(text) => serde_json::from_str(&text).expect("key file is JSON"),
                Err(_) => {
                    eprintln!("generating test key {kid} (once; the file is then kept)");
                    let jwk = generate(kid, spec);
                    let mut text = serde_json::to_string_pretty(&jwk).expect("json");
                    text.push('\n');
                    fs::write(&path, text).expect("write key");
                    jwk
                }
            };
            private.insert(*kid, jwk);
        }
        Keys { private }
    }

    /// The private JWK (for signing only; never goes into a fixture).
    pub fn private(&self, kid: &str) -> &Value {
        self.private
            .get(kid)
            .unwrap_or_else(|| panic!("no key {kid}"))
    }

    /// The public JWK as an issuer publishes it: `kty`, `kid`, the public material.
    pub fn public(&self, kid: &str) -> Value {
        let k = self.private(kid);
        let mut out = Map::new();
        for m in ["kty", "kid", "crv", "x", "y", "n", "e", "k"] {
            if let Some(v) = k.get(m) {
                out.insert(m.into(), v.clone());
            }
        }
        Value::Object(out)
    }

    /// The public JWK with extra members (`use`, `alg`, `x5c`, …) appended.
    pub fn public_with(&self, kid: &str, extra: Value) -> Value {
        let mut out = match self.public(kid) {
            Value::Object(m) => m,
            _ => unreachable!(),
        };
        if let Value::Object(extra) = extra {
            for (k, v) in extra {
                if v.is_null() {
                    out.shift_remove(&k);
                } else {
                    out.insert(k, v);
                }
            }
        }
        Value::Object(out)
    }

    /// The private JWK under another `kid` (or none), for signing tokens that name it.
    pub fn private_as(&self, kid: &str, new_kid: Option<&str>) -> Value {
        let mut k = self.private(kid).clone();
        if let Value::Object(m) = &mut k {
            match new_kid {
                Some(id) => {
                    m.insert("kid".into(), json!(id));
                }
                None => {
                    m.shift_remove("kid");
                }
            }
        }
        k
    }

    /// The public key in SubjectPublicKeyInfo DER, PEM (SPKI), and for RSA also PKCS#1 PEM.
    pub fn public_der_pem(&self, kid: &str) -> (Vec<u8>, String, Option<String>) {
        let k = self.private(kid);
        let bytes = |m: &str| -> Vec<u8> {
            Base64UrlUnpadded::decode_vec(k[m].as_str().expect("string")).expect("b64")
        };
        match k["kty"].as_str() {
            Some("RSA") => {
                use rsa::pkcs1::EncodeRsaPublicKey as _;
                use rsa::pkcs8::EncodePublicKey as _;
                let public = rsa::RsaPublicKey::new(
                    rsa::BigUint::from_bytes_be(&bytes("n")),
                    rsa::BigUint::from_bytes_be(&bytes("e")),
                )
                .expect("rsa public key");
                let der = public.to_public_key_der().expect("der").as_bytes().to_vec();
                let pem = public
                    .to_public_key_pem(rsa::pkcs8::LineEnding::LF)
                    .expect("pem");
                let pkcs1 = public
                    .to_pkcs1_pem(rsa::pkcs8::LineEnding::LF)
                    .expect("pkcs1 pem");
                (der, pem, Some(pkcs1))
            }
            Some("EC") => {
                use p256::pkcs8::EncodePublicKey as _;
                let mut sec1 = vec![4u8];
                sec1.extend(bytes("x"));
                sec1.extend(bytes("y"));
                let public = p256::PublicKey::from_sec1_bytes(&sec1).expect("p256 point");
                let der = public.to_public_key_der().expect("der").as_bytes().to_vec();
                let pem = public
                    .to_public_key_pem(p256::pkcs8::LineEnding::LF)
                    .expect("pem");
                (der, pem, None)
            }
            other => panic!("{kid}: no public key form for {other:?}"),
        }
    }
}

/// A prime of `bits` bits of the form `k·M + (65537^a mod M)`, `M` the product of the primes
/// up to 167 (ROCA's structure; the residue mod 2 keeps it odd).
fn roca_prime(rng: &mut ChaCha20Rng, bits: usize) -> rsa::BigUint {
    use num_bigint_dig::BigUint;
    let small: Vec<u32> = (2u32..=167)
        .filter(|n| (2..*n).take_while(|d| d * d <= *n).all(|d| n % d != 0))
        .collect();
    let m = small
        .iter()
        .fold(BigUint::from(1u32), |m, &p| m * BigUint::from(p));
    loop {
        let a = BigUint::from(rng.next_u64());
        let base = BigUint::from(65537u32).modpow(&a, &m);
        // k of exactly bits - |M| + 1 bits, so that k·M has `bits` or `bits + 1` bits.
        let k_bits = bits - m.bits() + 1;
        let mut k_bytes = vec![0u8; k_bits.div_ceil(8)];
        rng.fill_bytes(&mut k_bytes);
        let top = (k_bits - 1) % 8;
        k_bytes[0] &= (1u8 << top) | ((1u8 << top) - 1);
        k_bytes[0] |= 1u8 << top;
        let p = BigUint::from_bytes_be(&k_bytes) * &m + base;
        if p.bits() == bits && num_bigint_dig::prime::probably_prime(&p, 20) {
            return p;
        }
    }
}

fn rng_for(kid: &str) -> ChaCha20Rng {
    let seed = sha2::Sha256::digest(format!("offline-token-verifier fixtures test key {kid}"));
    ChaCha20Rng::from_seed(seed.into())
}

fn generate(kid: &str, spec: &Spec) -> Value {
    let mut rng = rng_for(kid);
    match spec {
        Spec::Rsa(_) | Spec::RsaRoca(_) => {
            let key = match spec {
                Spec::Rsa(bits) => rsa::RsaPrivateKey::new(&mut rng, *bits).expect("rsa keygen"),
                Spec::RsaRoca(bits) => {
                    let p = roca_prime(&mut rng, bits / 2);
                    let q = roca_prime(&mut rng, bits / 2);
                    rsa::RsaPrivateKey::from_p_q(p, q, rsa::BigUint::from(65537u32))
                        .expect("rsa from RSALib-style primes")
                }
                _ => unreachable!(),
            };
            let u = |v: &rsa::BigUint| b64(&v.to_bytes_be());
            let primes = key.primes();
            let qi = key.crt_coefficient().expect("crt coefficient");
            json!({
                "kty": "RSA",
                "kid": kid,
                "test_only": true,
                "n": u(key.n()),
                "e": u(key.e()),
                "d": u(key.d()),
                "p": u(&primes[0]),
                "q": u(&primes[1]),
                "dp": u(key.dp().expect("dp")),
                "dq": u(key.dq().expect("dq")),
                "qi": u(&qi),
            })
        }
        Spec::P256 => ec_key(&mut rng, kid, "P-256", 32, 0xff, |d| {
            Some(
                p256::SecretKey::from_slice(d)
                    .ok()?
                    .public_key()
                    .to_sec1_bytes(),
            )
        }),
        Spec::P384 => ec_key(&mut rng, kid, "P-384", 48, 0xff, |d| {
            Some(
                p384::SecretKey::from_slice(d)
                    .ok()?
                    .public_key()
                    .to_sec1_bytes(),
            )
        }),
        // d below 2^521: the first of its 66 bytes keeps one bit.
        Spec::P521 => ec_key(&mut rng, kid, "P-521", 66, 0x01, |d| {
            Some(
                p521::SecretKey::from_slice(d)
                    .ok()?
                    .public_key()
                    .to_sec1_bytes(),
            )
        }),
        Spec::Ed25519 => {
            let mut d = [0u8; 32];
            rng.fill_bytes(&mut d);
            let public = ed25519_dalek::SigningKey::from_bytes(&d).verifying_key();
            json!({
                "kty": "OKP",
                "kid": kid,
                "test_only": true,
                "crv": "Ed25519",
                "x": b64(public.as_bytes()),
                "d": b64(&d),
            })
        }
        Spec::Oct(len) => {
            let mut k = vec![0u8; *len];
            rng.fill_bytes(&mut k);
            json!({ "kty": "oct", "kid": kid, "test_only": true, "k": b64(&k) })
        }
        Spec::ClientSecret(len) => {
            const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            let secret: String = (0..*len)
                .map(|_| char::from(CHARS[(rng.next_u32() as usize) % CHARS.len()]))
                .collect();
            json!({
                "kty": "oct",
                "kid": kid,
                "test_only": true,
                "client_secret": secret,
                "k": b64(secret.as_bytes()),
            })
        }
    }
}

/// An EC key on `crv`: a private scalar `d` of `len` random bytes (its first byte masked by
/// `first`), drawn again until `public` accepts it and gives the SEC 1 uncompressed point.
fn ec_key(
    rng: &mut ChaCha20Rng,
    kid: &str,
    crv: &str,
    len: usize,
    first: u8,
    public: impl Fn(&[u8]) -> Option<Box<[u8]>>,
) -> Value {
    loop {
        let mut d = vec![0u8; len];
        rng.fill_bytes(&mut d);
        d[0] &= first;
        let Some(point) = public(&d) else {
            continue;
        };
        return json!({
            "kty": "EC",
            "kid": kid,
            "test_only": true,
            "crv": crv,
            "x": b64(&point[1..=len]),
            "y": b64(&point[len + 1..]),
            "d": b64(&d),
        });
    }
}
