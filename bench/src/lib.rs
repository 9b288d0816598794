//! The benchmark fixture: one OpenID Connect ID token per algorithm (HS256, RS256, ES256), signed
//! once at startup with the repository's test keys (`fixtures/keys/*.json`), and one verification
//! function per implementation, all fed the same token.
//!
//! Every full-token function checks the signature, `exp`, `iss` and `aud` (see the README for what
//! each does beyond that). [`Case::self_check`] proves, before anything is timed, that each one
//! accepts the token and rejects a tampered, an expired, a wrong-issuer and a wrong-audience token,
//! so no benchmark can silently measure an error path.

use std::time::{SystemTime, UNIX_EPOCH};

use base64ct::{Base64UrlUnpadded, Encoding as _};
use jwt_compact::AlgorithmExt as _;
use serde::Deserialize;
use jwtv::{Algorithm, KeySet, Policy, TokenBuffer};

/// The issuer of every token.
pub const ISSUER: &str = "https://login.example.com";
/// The relying party (`aud`) of every token.
pub const CLIENT_ID: &str = "s6BhdRkqt3";
/// `iat` of every token (2023-11-14).
pub const IAT: u64 = 1_700_000_000;
/// `exp` of every token (2096-10-02): valid whenever the benchmark runs.
pub const EXP: u64 = 4_000_000_000;
/// The longest token the verifier accepts here.
pub const TOKEN_CAPACITY: usize = 2048;

/// The three algorithms benchmarked, in report order.
pub const ALGORITHMS: [Algorithm; 3] = [Algorithm::HS256, Algorithm::RS256, Algorithm::ES256];

const ID_TOKEN_POLICIES: [Policy<'static>; 3] = [
    Policy::id_token(&[Algorithm::HS256], ISSUER, CLIENT_ID),
    Policy::id_token(&[Algorithm::RS256], ISSUER, CLIENT_ID),
    Policy::id_token(&[Algorithm::ES256], ISSUER, CLIENT_ID),
];

/// The current time in Unix seconds, read on every verification as the peers do.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The claims of the benchmark token, with the values that the negative checks change.
fn claims_json(iss: &str, aud: &str, exp: u64) -> String {
    format!(
        concat!(
            r#"{{"iss":"{iss}","sub":"248289761001","aud":"{aud}","exp":{exp},"iat":{iat},"#,
            r#""auth_time":{auth_time},"nonce":"n-0S6_WzA2Mj","#,
            r#""sid":"08a5019c-17e1-4977-8f42-65a12843ea02","name":"Jane Doe","#,
            r#""given_name":"Jane","family_name":"Doe","email":"janedoe@example.com","#,
            r#""email_verified":true,"locale":"en-US","#,
            r#""groups":["engineering","platform-admins","on-call"]}}"#,
        ),
        iss = iss,
        aud = aud,
        exp = exp,
        iat = IAT,
        auth_time = IAT - 10,
    )
}

/// A private JWK from `fixtures/keys` (only the members used here).
#[derive(Deserialize)]
struct PrivateJwk {
    kid: String,
    // oct
    k: Option<String>,
    // RSA
    n: Option<String>,
    e: Option<String>,
    p: Option<String>,
    q: Option<String>,
    // EC (and RSA's private exponent)
    x: Option<String>,
    y: Option<String>,
    d: Option<String>,
}

fn load_jwk(file: &str) -> PrivateJwk {
    let path = format!("{}/../fixtures/keys/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn b64(member: &Option<String>) -> Vec<u8> {
    let text = member.as_deref().expect("JWK member missing");
    Base64UrlUnpadded::decode_vec(text).expect("JWK member is not base64url")
}

fn text(member: &Option<String>) -> &str {
    member.as_deref().expect("JWK member missing")
}

/// The signer of the test tokens.
enum Signer {
    Hmac(Vec<u8>),
    Rsa(Box<rsa::pkcs1v15::SigningKey<rsa::sha2::Sha256>>),
    Ec(p256::ecdsa::SigningKey),
}

impl Signer {
    fn sign(&self, message: &[u8]) -> Vec<u8> {
        match self {
            Signer::Hmac(secret) => {
                use hmac::{KeyInit as _, Mac as _};
                let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).expect("HMAC key");
                mac.update(message);
                mac.finalize().into_bytes().to_vec()
            }
            Signer::Rsa(key) => {
                use rsa::signature::{SignatureEncoding as _, Signer as _};
                key.sign(message).to_vec()
            }
            Signer::Ec(key) => {
                use p256::ecdsa::signature::Signer as _;
                let signature: p256::ecdsa::Signature = key.sign(message);
                signature.to_bytes().to_vec()
            }
        }
    }
}

/// The bare RustCrypto primitive, its key decoded once, outside the timed loop.
enum Primitive {
    /// `hmac` 0.13 + `sha2` 0.11 (what the verifier wraps); the key is set up per call, as in
    /// any HMAC verification.
    Hmac(Vec<u8>),
    /// `rsa` 0.9 PKCS#1 v1.5 with `sha2` (the crate the peers' RustCrypto backends use; the
    /// verifier has its own Montgomery arithmetic).
    Rsa(Box<rsa::pkcs1v15::VerifyingKey<rsa::sha2::Sha256>>),
    /// `p256` 0.14 ECDSA (what the verifier wraps).
    Ec(p256::ecdsa::VerifyingKey),
}

/// jwt-compact's verifying key for the algorithm.
enum JwtCompactKey {
    Hs256(jwt_compact::alg::Hs256Key),
    Rs256(Box<jwt_compact::alg::RsaPublicKey>),
    Es256(<jwt_compact::alg::Es256 as jwt_compact::Algorithm>::VerifyingKey),
}

/// jwt-compact has no `iss`/`aud` validation: they are custom claims, compared after
/// `validate`. (`aud` is taken as a single string, which is what the token carries.)
#[derive(Deserialize)]
struct JwtCompactClaims {
    iss: String,
    aud: String,
    #[allow(dead_code)]
    sub: String,
}

/// The claims jsonwebtoken deserializes into: the registered claims an application reads.
#[derive(Deserialize)]
#[allow(dead_code)]
struct JsonwebtokenClaims {
    iss: String,
    sub: String,
    aud: String,
    exp: u64,
    iat: u64,
}

/// One algorithm's token, its variants for the negative checks, and every implementation's key.
pub struct Case {
    alg: Algorithm,
    policy: Policy<'static>,
    /// The token every implementation verifies.
    pub token: String,
    /// `header.payload` of [`Case::token`].
    pub signing_input: Vec<u8>,
    /// The decoded signature of [`Case::token`].
    pub signature: Vec<u8>,
    /// The token with one payload character changed and the original signature.
    tampered: String,
    /// Correctly signed, but expired / for another issuer / for another audience.
    invalid_claims: [(&'static str, String); 3],
    keys: KeySet<1>,
    primitive: Primitive,
    jsonwebtoken_key: jsonwebtoken::DecodingKey,
    jsonwebtoken_validation: jsonwebtoken::Validation,
    jwt_compact_key: JwtCompactKey,
}

impl Case {
    /// Loads the key for `alg` and signs the benchmark token with it.
    ///
    /// # Panics
    /// When a fixture key is missing or malformed, or `alg` is not one of [`ALGORITHMS`].
    pub fn new(alg: Algorithm) -> Case {
        let (file, jwk_alg) = match alg {
            Algorithm::HS256 => ("hs-32.json", "HS256"),
            Algorithm::RS256 => ("rsa2048-a.json", "RS256"),
            Algorithm::ES256 => ("p256-a.json", "ES256"),
            _ => panic!("not benchmarked: {alg:?}"),
        };
        let jwk = load_jwk(file);
        let policy = ID_TOKEN_POLICIES[ALGORITHMS.iter().position(|a| *a == alg).expect("alg")];

        // The public JWKS a relying party would fetch (an oct key necessarily carries `k`).
        let public_members = match alg {
            Algorithm::HS256 => format!(r#""kty":"oct","k":"{}""#, text(&jwk.k)),
            Algorithm::RS256 => format!(
                r#""kty":"RSA","n":"{}","e":"{}""#,
                text(&jwk.n),
                text(&jwk.e)
            ),
            _ => format!(
                r#""kty":"EC","crv":"P-256","x":"{}","y":"{}""#,
                text(&jwk.x),
                text(&jwk.y)
            ),
        };
        let public_jwk = format!(
            r#"{{{public_members},"kid":"{}","use":"sig","alg":"{jwk_alg}"}}"#,
            jwk.kid
        );
        let (keys, report) =
            KeySet::<1>::from_jwks(format!(r#"{{"keys":[{public_jwk}]}}"#).as_bytes())
                .expect("the verifier loads the JWKS");
        assert_eq!(report.loaded(), 1, "the verifier keeps the key");

        let (signer, primitive, jsonwebtoken_key, jwt_compact_key) = match alg {
            Algorithm::HS256 => {
                let secret = b64(&jwk.k);
                (
                    Signer::Hmac(secret.clone()),
                    Primitive::Hmac(secret.clone()),
                    jsonwebtoken::DecodingKey::from_secret(&secret),
                    JwtCompactKey::Hs256(jwt_compact::alg::Hs256Key::new(&secret)),
                )
            }
            Algorithm::RS256 => {
                let int = |m: &Option<String>| rsa::BigUint::from_bytes_be(&b64(m));
                let private = rsa::RsaPrivateKey::from_components(
                    int(&jwk.n),
                    int(&jwk.e),
                    int(&jwk.d),
                    vec![int(&jwk.p), int(&jwk.q)],
                )
                .expect("RSA private key");
                let public = private.to_public_key();
                (
                    Signer::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(private))),
                    Primitive::Rsa(Box::new(rsa::pkcs1v15::VerifyingKey::new(public.clone()))),
                    jsonwebtoken::DecodingKey::from_rsa_components(text(&jwk.n), text(&jwk.e))
                        .expect("jsonwebtoken RSA key"),
                    JwtCompactKey::Rs256(Box::new(public)),
                )
            }
            _ => {
                let signing =
                    p256::ecdsa::SigningKey::from_slice(&b64(&jwk.d)).expect("P-256 private key");
                let verifying = *signing.verifying_key();
                let compact: jwt_compact::jwk::JsonWebKey<'_> =
                    serde_json::from_str(&public_jwk).expect("jwt-compact JWK");
                (
                    Signer::Ec(signing),
                    Primitive::Ec(verifying),
                    jsonwebtoken::DecodingKey::from_ec_components(text(&jwk.x), text(&jwk.y))
                        .expect("jsonwebtoken EC key"),
                    JwtCompactKey::Es256((&compact).try_into().expect("jwt-compact P-256 key")),
                )
            }
        };

        let jsonwebtoken_alg = match alg {
            Algorithm::HS256 => jsonwebtoken::Algorithm::HS256,
            Algorithm::RS256 => jsonwebtoken::Algorithm::RS256,
            _ => jsonwebtoken::Algorithm::ES256,
        };
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken_alg);
        validation.leeway = 0;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[CLIENT_ID]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);

        let header = Base64UrlUnpadded::encode_string(
            format!(r#"{{"alg":"{jwk_alg}","typ":"JWT","kid":"{}"}}"#, jwk.kid).as_bytes(),
        );
        let sign = |claims: &str| -> (String, Vec<u8>) {
            let signing_input = format!(
                "{header}.{}",
                Base64UrlUnpadded::encode_string(claims.as_bytes())
            );
            let signature = signer.sign(signing_input.as_bytes());
            let token = format!(
                "{signing_input}.{}",
                Base64UrlUnpadded::encode_string(&signature)
            );
            (token, signature)
        };
        let (token, signature) = sign(&claims_json(ISSUER, CLIENT_ID, EXP));
        let signing_input = token
            .rsplit_once('.')
            .expect("three segments")
            .0
            .as_bytes()
            .to_vec();
        // `sub` 248289761001 → 248289761002 (a digit inside the payload segment; the JSON stays
        // valid), with the original signature.
        let (tampered_claims, _) = sign(
            &claims_json(ISSUER, CLIENT_ID, EXP)
                .replace("\"sub\":\"248289761001\"", "\"sub\":\"248289761002\""),
        );
        let tampered_payload = tampered_claims.split('.').nth(1).expect("payload");
        let tampered = format!(
            "{header}.{tampered_payload}.{}",
            Base64UrlUnpadded::encode_string(&signature)
        );
        let invalid_claims = [
            ("expired", sign(&claims_json(ISSUER, CLIENT_ID, IAT + 1)).0),
            (
                "wrong issuer",
                sign(&claims_json("https://evil.example", CLIENT_ID, EXP)).0,
            ),
            (
                "wrong audience",
                sign(&claims_json(ISSUER, "another-client", EXP)).0,
            ),
        ];

        Case {
            alg,
            policy,
            token,
            signing_input,
            signature,
            tampered,
            invalid_claims,
            keys,
            primitive,
            jsonwebtoken_key,
            jsonwebtoken_validation: validation,
            jwt_compact_key,
        }
    }

    /// The algorithm's name, which is also the benchmark group's.
    pub fn name(&self) -> &'static str {
        self.alg.name()
    }

    /// `jwtv::verify` under the ID-token policy, then reads the claims.
    pub fn verifier_verify(&self, token: &[u8]) -> bool {
        let mut buffer = TokenBuffer::<TOKEN_CAPACITY>::new();
        jwtv::verify(token, &self.keys, &self.policy, now(), &mut buffer)
            .is_ok_and(|verified| verified.claims().and_then(|c| c.sub()).is_some())
    }

    /// `jwtv::verify_signature`: the signature layer alone, on the decoded signature.
    pub fn verifier_verify_signature(&self, signing_input: &[u8], signature: &[u8]) -> bool {
        self.keys.get(0).is_some_and(|key| {
            jwtv::verify_signature(self.alg, &key, signing_input, signature).is_ok()
        })
    }

    /// The bare RustCrypto primitive on the decoded signature.
    pub fn primitive(&self, signing_input: &[u8], signature: &[u8]) -> bool {
        match &self.primitive {
            Primitive::Hmac(secret) => {
                use hmac::{KeyInit as _, Mac as _};
                hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).is_ok_and(|mut mac| {
                    mac.update(signing_input);
                    mac.verify_slice(signature).is_ok()
                })
            }
            Primitive::Rsa(key) => {
                use rsa::signature::Verifier as _;
                rsa::pkcs1v15::Signature::try_from(signature)
                    .is_ok_and(|signature| key.verify(signing_input, &signature).is_ok())
            }
            Primitive::Ec(key) => {
                use p256::ecdsa::signature::Verifier as _;
                p256::ecdsa::Signature::from_slice(signature)
                    .is_ok_and(|signature| key.verify(signing_input, &signature).is_ok())
            }
        }
    }

    /// `jsonwebtoken::decode` with whichever crypto provider this process installed.
    pub fn jsonwebtoken(&self, token: &str) -> bool {
        jsonwebtoken::decode::<JsonwebtokenClaims>(
            token,
            &self.jsonwebtoken_key,
            &self.jsonwebtoken_validation,
        )
        .is_ok()
    }

    /// jwt-compact: parse, check the signature and deserialize, then `exp` (no leeway), `iss`
    /// and `aud`.
    pub fn jwt_compact(&self, token: &str) -> bool {
        use jwt_compact::alg::{Es256, Hs256, Rsa};
        use jwt_compact::{Token, UntrustedToken, ValidationError};

        let Ok(untrusted) = UntrustedToken::new(token) else {
            return false;
        };
        let validated: Result<Token<JwtCompactClaims>, ValidationError> =
            match &self.jwt_compact_key {
                JwtCompactKey::Hs256(key) => Hs256.validator(key).validate(&untrusted),
                JwtCompactKey::Rs256(key) => Rsa::rs256().validator(key).validate(&untrusted),
                JwtCompactKey::Es256(key) => Es256.validator(key).validate(&untrusted),
            };
        let Ok(validated) = validated else {
            return false;
        };
        let claims = validated.claims();
        let time = jwt_compact::TimeOptions::new(chrono::Duration::zero(), chrono::Utc::now);
        claims.validate_expiration(&time).is_ok()
            && claims.custom.iss == ISSUER
            && claims.custom.aud == CLIENT_ID
    }

    /// Asserts that each implementation accepts [`Case::token`] and rejects the tampered,
    /// expired, wrong-issuer and wrong-audience tokens (the signature-only functions: the tampered
    /// signing input). Call after installing jsonwebtoken's provider; `jsonwebtoken_only` skips
    /// the others (the aws-lc-rs binary).
    ///
    /// # Panics
    /// When an implementation gets one of them wrong.
    pub fn self_check(&self, jsonwebtoken_only: bool) {
        let name = self.name();
        type FullToken<'a> = (&'a str, Box<dyn Fn(&str) -> bool + 'a>);
        let mut full: Vec<FullToken<'_>> =
            vec![("jsonwebtoken", Box::new(|t: &str| self.jsonwebtoken(t)))];
        if !jsonwebtoken_only {
            full.push((
                "jwtv::verify",
                Box::new(|t: &str| self.verifier_verify(t.as_bytes())),
            ));
            full.push(("jwt-compact", Box::new(|t: &str| self.jwt_compact(t))));
            let tampered_input = self.tampered.rsplit_once('.').expect("segments").0;
            for (what, check) in [
                (
                    "jwtv::verify_signature",
                    &(|i: &[u8], s: &[u8]| self.verifier_verify_signature(i, s))
                        as &dyn Fn(&[u8], &[u8]) -> bool,
                ),
                ("primitive", &|i: &[u8], s: &[u8]| self.primitive(i, s)),
            ] {
                assert!(
                    check(&self.signing_input, &self.signature),
                    "{name}: {what} refuses the token"
                );
                assert!(
                    !check(tampered_input.as_bytes(), &self.signature),
                    "{name}: {what} accepts a tampered token"
                );
            }
        }
        for (what, check) in &full {
            assert!(check(&self.token), "{name}: {what} refuses the token");
            assert!(
                !check(&self.tampered),
                "{name}: {what} accepts a tampered token"
            );
            for (problem, token) in &self.invalid_claims {
                assert!(!check(token), "{name}: {what} accepts a token: {problem}");
            }
        }
    }
}
