//! Signing test tokens (host only): private JWKs in, compact JWS out.
//!
//! This is the signer of the conformance corpus and of `jwtv sign`; it never verifies
//! anything, and it never depends on the verifier. Output is deterministic for every algorithm:
//! RSASSA-PKCS1-v1_5 and HMAC are deterministic by construction, ECDSA uses RFC 6979 nonces, and
//! RSASSA-PSS draws its salt from a ChaCha20 generator seeded with the hash of the signing input,
//! so that regenerating the fixtures gives byte-identical files.

use core::fmt;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use hmac::{Hmac, KeyInit as _, Mac as _};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng as _;
use rsa::signature::{RandomizedSigner as _, SignatureEncoding as _, Signer as _};
use rsa::{BigUint, RsaPrivateKey};
use serde_json::{Map, Value};
use sha2::Digest as _;

/// Why a token could not be signed.
#[derive(Debug)]
pub enum JoseError {
    /// The JWK lacks a member the algorithm needs.
    MissingMember(&'static str),
    /// A JWK member is not a string of canonical base64url, or its value is unusable.
    BadMember(&'static str),
    /// The JWK's `kty` (or `crv`) does not fit the algorithm.
    WrongKeyType {
        /// The algorithm asked for.
        alg: String,
        /// The key type found (`kty`, or `kty`/`crv`).
        kty: String,
    },
    /// The algorithm is not one this signer implements.
    UnsupportedAlgorithm(String),
    /// The private key material is inconsistent (the named member is the first suspect).
    InvalidKey(&'static str, String),
    /// The header could not be serialized.
    Json(String),
}

impl fmt::Display for JoseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JoseError::MissingMember(m) => write!(f, "jwk: missing member \"{m}\""),
            JoseError::BadMember(m) => {
                write!(f, "jwk: member \"{m}\" is not a valid base64url value")
            }
            JoseError::WrongKeyType { alg, kty } => {
                write!(f, "jwk: member \"kty\" is {kty}, which cannot sign {alg}")
            }
            JoseError::UnsupportedAlgorithm(alg) => write!(f, "unsupported algorithm {alg:?}"),
            JoseError::InvalidKey(m, why) => write!(f, "jwk: member \"{m}\": invalid key: {why}"),
            JoseError::Json(why) => write!(f, "header: {why}"),
        }
    }
}

impl core::error::Error for JoseError {}

/// Signs `claims` (the exact payload bytes) with a private JWK, returning a compact JWS.
///
/// `header` members are merged into `{"alg": alg}` (header "alg" wins if given explicitly, so
/// attacks can lie); `kid` is taken from the JWK when present unless `header` sets it (use
/// `"kid": null` in header to omit it). The header is serialized compactly in insertion order.
///
/// # Errors
/// [`JoseError`] when the JWK cannot sign with `alg`.
pub fn sign(
    private_jwk: &Value,
    alg: &str,
    header: &Map<String, Value>,
    claims: &[u8],
) -> Result<String, JoseError> {
    let mut protected = Map::new();
    protected.insert("alg".into(), Value::String(alg.into()));
    if !header.contains_key("kid")
        && let Some(kid) = private_jwk.get("kid")
    {
        protected.insert("kid".into(), kid.clone());
    }
    for (name, value) in header {
        if name == "kid" && value.is_null() {
            continue;
        }
        protected.insert(name.clone(), value.clone());
    }
    let header_json = serde_json::to_vec(&Value::Object(protected))
        .map_err(|e| JoseError::Json(e.to_string()))?;
    let signing_input = format!("{}.{}", b64(&header_json), b64(claims));
    let signature = sign_input(private_jwk, alg, signing_input.as_bytes())?;
    Ok(format!("{signing_input}.{}", b64(&signature)))
}

/// Lower level: sign an arbitrary signing input (already "b64header.b64payload") and return the
/// raw signature bytes. `alg` `none` gives an empty signature.
///
/// # Errors
/// [`JoseError`] when the JWK cannot sign with `alg`.
pub fn sign_input(
    private_jwk: &Value,
    alg: &str,
    signing_input: &[u8],
) -> Result<Vec<u8>, JoseError> {
    match alg {
        "none" => Ok(Vec::new()),
        "HS256" | "HS384" | "HS512" => {
            expect_kty(private_jwk, alg, "oct")?;
            let secret = member(private_jwk, "k")?;
            hmac_sign(alg, &secret, signing_input)
        }
        "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => {
            expect_kty(private_jwk, alg, "RSA")?;
            rsa_sign(alg, &rsa_key(private_jwk)?, signing_input)
        }
        "ES256" | "ES384" | "ES512" => {
            expect_kty(private_jwk, alg, "EC")?;
            let crv = private_jwk.get("crv").and_then(Value::as_str);
            let wanted = match alg {
                "ES256" => "P-256",
                "ES384" => "P-384",
                _ => "P-521",
            };
            if crv != Some(wanted) {
                return Err(JoseError::WrongKeyType {
                    alg: alg.into(),
                    kty: format!("EC/{}", crv.unwrap_or("?")),
                });
            }
            ecdsa_sign(alg, &member(private_jwk, "d")?, signing_input)
        }
        "EdDSA" | "Ed25519" => {
            expect_kty(private_jwk, alg, "OKP")?;
            if private_jwk.get("crv").and_then(Value::as_str) != Some("Ed25519") {
                return Err(JoseError::WrongKeyType {
                    alg: alg.into(),
                    kty: format!(
                        "OKP/{}",
                        private_jwk
                            .get("crv")
                            .and_then(Value::as_str)
                            .unwrap_or("?")
                    ),
                });
            }
            ed25519_sign(&member(private_jwk, "d")?, signing_input)
        }
        other => Err(JoseError::UnsupportedAlgorithm(other.into())),
    }
}

/// base64url without padding (RFC 7515 §2).
pub fn b64(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

fn expect_kty(jwk: &Value, alg: &str, kty: &str) -> Result<(), JoseError> {
    match jwk.get("kty").and_then(Value::as_str) {
        None => Err(JoseError::MissingMember("kty")),
        Some(found) if found == kty => Ok(()),
        Some(found) => Err(JoseError::WrongKeyType {
            alg: alg.into(),
            kty: found.into(),
        }),
    }
}

/// A base64url member of the JWK, decoded strictly.
fn member(jwk: &Value, name: &'static str) -> Result<Vec<u8>, JoseError> {
    let text = jwk
        .get(name)
        .ok_or(JoseError::MissingMember(name))?
        .as_str()
        .ok_or(JoseError::BadMember(name))?;
    let bytes = Base64UrlUnpadded::decode_vec(text).map_err(|_| JoseError::BadMember(name))?;
    if bytes.is_empty() {
        return Err(JoseError::BadMember(name));
    }
    Ok(bytes)
}

fn uint(jwk: &Value, name: &'static str) -> Result<BigUint, JoseError> {
    Ok(BigUint::from_bytes_be(&member(jwk, name)?))
}

fn rsa_key(jwk: &Value) -> Result<RsaPrivateKey, JoseError> {
    let n = uint(jwk, "n")?;
    let e = uint(jwk, "e")?;
    let d = uint(jwk, "d")?;
    let p = uint(jwk, "p")?;
    let q = uint(jwk, "q")?;
    RsaPrivateKey::from_components(n, e, d, vec![p, q])
        .map_err(|e| JoseError::InvalidKey("d", e.to_string()))
}

fn hmac_sign(alg: &str, secret: &[u8], input: &[u8]) -> Result<Vec<u8>, JoseError> {
    macro_rules! mac {
        ($hash:ty) => {{
            let mut mac = Hmac::<$hash>::new_from_slice(secret)
                .map_err(|e| JoseError::InvalidKey("k", e.to_string()))?;
            mac.update(input);
            Ok(mac.finalize().into_bytes().to_vec())
        }};
    }
    match alg {
        "HS256" => mac!(sha2::Sha256),
        "HS384" => mac!(sha2::Sha384),
        _ => mac!(sha2::Sha512),
    }
}

fn rsa_sign(alg: &str, key: &RsaPrivateKey, input: &[u8]) -> Result<Vec<u8>, JoseError> {
    use rsa::sha2::{Sha256, Sha384, Sha512};
    use rsa::{pkcs1v15, pss};
    // PSS needs a salt; deriving the generator's seed from the message keeps the output stable.
    let mut rng = ChaCha20Rng::from_seed(sha2::Sha256::digest(input).into());
    let failed = |e: rsa::signature::Error| JoseError::InvalidKey("d", e.to_string());
    let signature = match alg {
        "RS256" => pkcs1v15::SigningKey::<Sha256>::new(key.clone())
            .try_sign(input)
            .map_err(failed)?
            .to_vec(),
        "RS384" => pkcs1v15::SigningKey::<Sha384>::new(key.clone())
            .try_sign(input)
            .map_err(failed)?
            .to_vec(),
        "RS512" => pkcs1v15::SigningKey::<Sha512>::new(key.clone())
            .try_sign(input)
            .map_err(failed)?
            .to_vec(),
        "PS256" => pss::SigningKey::<Sha256>::new(key.clone())
            .try_sign_with_rng(&mut rng, input)
            .map_err(failed)?
            .to_vec(),
        "PS384" => pss::SigningKey::<Sha384>::new(key.clone())
            .try_sign_with_rng(&mut rng, input)
            .map_err(failed)?
            .to_vec(),
        _ => pss::SigningKey::<Sha512>::new(key.clone())
            .try_sign_with_rng(&mut rng, input)
            .map_err(failed)?
            .to_vec(),
    };
    Ok(signature)
}

/// ECDSA (RFC 7518 §3.4) with the curve's private scalar `d`: RFC 6979 deterministic nonces,
/// the signature as `r ‖ s`.
fn ecdsa_sign(alg: &str, d: &[u8], input: &[u8]) -> Result<Vec<u8>, JoseError> {
    use p256::ecdsa::signature::Signer as _;
    let invalid = |e: p256::ecdsa::Error| JoseError::InvalidKey("d", e.to_string());
    Ok(match alg {
        "ES256" => {
            let key = p256::ecdsa::SigningKey::from_slice(d).map_err(invalid)?;
            let signature: p256::ecdsa::Signature = key.try_sign(input).map_err(invalid)?;
            signature.to_bytes().to_vec()
        }
        "ES384" => {
            let key = p384::ecdsa::SigningKey::from_slice(d).map_err(invalid)?;
            let signature: p384::ecdsa::Signature = key.try_sign(input).map_err(invalid)?;
            signature.to_bytes().to_vec()
        }
        _ => {
            let key = p521::ecdsa::SigningKey::from_slice(d).map_err(invalid)?;
            let signature: p521::ecdsa::Signature = key.try_sign(input).map_err(invalid)?;
            signature.to_bytes().to_vec()
        }
    })
}

/// Ed25519 (RFC 8032 §5.1.6) from the 32-byte private key `d` (RFC 8037 §2): deterministic.
fn ed25519_sign(d: &[u8], input: &[u8]) -> Result<Vec<u8>, JoseError> {
    use ed25519_dalek::Signer as _;
    let d: [u8; 32] = d
        .try_into()
        .map_err(|_| JoseError::InvalidKey("d", "an Ed25519 private key is 32 bytes".into()))?;
    let key = ed25519_dalek::SigningKey::from_bytes(&d);
    Ok(key.sign(input).to_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hs256_matches_rfc7515_a1() {
        let jwk = json!({"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"});
        let input = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
        let sig = sign_input(&jwk, "HS256", input).unwrap();
        assert_eq!(b64(&sig), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    }

    #[test]
    fn eddsa_matches_rfc8037_a4() {
        let jwk = json!({"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"});
        let sig = sign_input(
            &jwk,
            "EdDSA",
            b"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc",
        )
        .unwrap();
        assert_eq!(
            b64(&sig),
            "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
        );
        assert!(sign_input(&json!({"kty":"OKP","crv":"Ed448","d":"AA"}), "EdDSA", b"x").is_err());
        // RFC 9864's name signs the same way with the same key.
        let input = b"eyJhbGciOiJFZDI1NTE5In0.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
        assert_eq!(
            sign_input(&jwk, "Ed25519", input).unwrap(),
            sign_input(&jwk, "EdDSA", input).unwrap()
        );
        assert!(
            sign_input(
                &json!({"kty":"OKP","crv":"Ed448","d":"AA"}),
                "Ed25519",
                b"x"
            )
            .is_err()
        );
    }

    #[test]
    fn header_merging_and_errors() {
        let jwk = json!({"kty":"oct","kid":"k1","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"});
        let mut header = Map::new();
        header.insert("typ".into(), json!("JWT"));
        let token = sign(&jwk, "HS256", &header, b"{}").unwrap();
        let head = token.split('.').next().unwrap();
        assert_eq!(
            Base64UrlUnpadded::decode_vec(head).unwrap(),
            br#"{"alg":"HS256","kid":"k1","typ":"JWT"}"#
        );
        header.insert("kid".into(), Value::Null);
        header.insert("alg".into(), json!("none"));
        let token = sign(&jwk, "HS256", &header, b"{}").unwrap();
        let head = token.split('.').next().unwrap();
        assert_eq!(
            Base64UrlUnpadded::decode_vec(head).unwrap(),
            br#"{"alg":"none","typ":"JWT"}"#
        );
        let err = sign_input(&json!({"kty":"RSA","n":"AQAB","e":"AQAB"}), "RS256", b"x")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "jwk: missing member \"d\"");
        assert!(matches!(
            sign_input(&jwk, "ES256", b"x"),
            Err(JoseError::WrongKeyType { .. })
        ));
    }
}
