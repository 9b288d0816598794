//! Differential testing against `jsonwebtoken` (rust_crypto backend): on generated tokens and
//! their single-byte mutations, the verifier's accept/reject must agree with jsonwebtoken's, or the
//! disagreement must be one of the deliberate differences listed in [`DELIBERATE`].
//!
//! jsonwebtoken is configured to match the verifier's JWT profile: leeway 0 (its default is 60 s),
//! `nbf` validated (off by default), `exp`, `iss` and `aud` required, one algorithm. It reads the
//! system clock itself, so the verifier is given the same `now`, and every generated time is at
//! least 100 s away from it (the exact `exp == now` boundary differs: see the notes below).

// Test code: a failed assumption should fail the test, loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]

mod common;

use std::collections::HashSet;
use std::time::{SystemTime, UNIX_EPOCH};

use base64ct::{Base64UrlUnpadded, Encoding as _};
use common::{EC_KEY, EC_KEY_B, RSA_KEY, Spelling, TRICKY, private_key, spell};
use jsonwebtoken::{DecodingKey, Validation};
use jwtv::{Algorithm, Error, KeySet, Policy, TokenBuffer, verify};
use proptest::prelude::*;
use serde_json::{Value, json};

const ISS: &str = "https://op.example";
const AUD: &str = "client-1";

/// Something a generated token does on purpose that the two libraries treat differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Feature {
    /// `typ: at+jwt` offered to a JWT validator.
    AccessTokenTyp,
    /// A `crit` header.
    Crit,
    /// An HMAC secret shorter than the hash output.
    ShortSecret,
    /// `iat` in the future.
    IatInFuture,
    /// `iat` that is not a number.
    IatMistyped,
    /// `iss` as an array containing the issuer.
    IssArray,
    /// `sub` that is not a string.
    SubMistyped,
    /// A claim name that appears twice (not one jsonwebtoken validates).
    DuplicateClaim,
}

/// The deliberate differences: the verifier rejects (with this code) what jsonwebtoken accepts.
/// Nothing is listed in the other direction: jsonwebtoken rejecting what the verifier accepts is
/// always reported as a bug.
const DELIBERATE: [(Feature, Error, &str); 8] = [
    (
        Feature::AccessTokenTyp,
        Error::TypeMismatch,
        "RFC 8725 §3.11 / RFC 9068 §4: an access token (typ at+jwt) is not accepted as a JWT; jsonwebtoken does not look at typ",
    ),
    (
        Feature::Crit,
        Error::UnsupportedCriticalHeader,
        "RFC 7515 §4.1.11: a crit extension the recipient does not understand must be rejected; jsonwebtoken parses crit but ignores it",
    ),
    (
        Feature::ShortSecret,
        Error::KeyNotFound,
        "RFC 7518 §3.2: an HMAC key must be at least as long as the hash; the verifier skips such a key when loading the JWKS, jsonwebtoken uses any secret",
    ),
    (
        Feature::IatInFuture,
        Error::IssuedInFuture,
        "the verifier rejects iat after now + leeway; jsonwebtoken does not check iat at all",
    ),
    (
        Feature::IatMistyped,
        Error::MalformedClaims,
        "RFC 7519 §4.1.6: iat is a NumericDate; the verifier rejects a mistyped registered claim, jsonwebtoken ignores iat",
    ),
    (
        Feature::IssArray,
        Error::MalformedClaims,
        "RFC 7519 §4.1.1: iss is a StringOrURI, not an array; jsonwebtoken accepts an array containing the issuer",
    ),
    (
        Feature::SubMistyped,
        Error::MalformedClaims,
        "RFC 7519 §4.1.2: sub is a string; jsonwebtoken ignores a sub it cannot parse when no subject is required",
    ),
    (
        Feature::DuplicateClaim,
        Error::MalformedClaims,
        "RFC 7519 §4 / RFC 7515 §5.2: duplicate member names are rejected; serde_json keeps the last one",
    ),
];
// Not generated, and so not listed: `exp == now` (the verifier follows RFC 7519 §4.1.4, "on or
// after exp" is expired; jsonwebtoken accepts it), fractional dates (jsonwebtoken rounds, the
// verifier compares exactly), and `typ`/`kid` type errors (the verifier rejects them; jsonwebtoken
// fails to parse the header too).

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[derive(Clone, Debug)]
struct Case {
    alg: Algorithm,
    /// The policy's issuer and audience (both libraries are given the same).
    iss: String,
    aud: String,
    private_jwk: Value,
    header: Value,
    /// Payload members as (name, raw JSON text), so duplicates and odd types can be written.
    members: Vec<(String, String)>,
    features: HashSet<Feature>,
}

impl Case {
    fn payload(&self) -> String {
        let members: Vec<String> = self
            .members
            .iter()
            .map(|(name, value)| format!("{}:{value}", json!(name)))
            .collect();
        format!("{{{}}}", members.join(","))
    }

    fn token(&self) -> String {
        let header = self.header.as_object().cloned().unwrap_or_default();
        host_harness::jose::sign(
            &self.private_jwk,
            self.alg.name(),
            &header,
            self.payload().as_bytes(),
        )
        .unwrap()
    }
}

fn key() -> impl Strategy<Value = (Algorithm, Value, bool)> {
    let hmac = (
        prop::sample::select(vec![Algorithm::HS256, Algorithm::HS384, Algorithm::HS512]),
        prop_oneof![4 => Just(false), 1 => Just(true)],
        any::<[u8; 16]>(),
    )
        .prop_map(|(alg, short, seed)| {
            let len = if short {
                16
            } else {
                alg.hash().output_len() + 8
            };
            let secret: Vec<u8> = seed.iter().cycle().take(len).copied().collect();
            let jwk =
                json!({"kty": "oct", "kid": "hs", "k": Base64UrlUnpadded::encode_string(&secret)});
            (alg, jwk, short)
        });
    let ec = prop::sample::select(vec![EC_KEY, EC_KEY_B])
        .prop_map(|file| (Algorithm::ES256, private_key(file), false));
    let rsa = prop::sample::select(vec![Algorithm::RS256, Algorithm::PS384])
        .prop_map(|alg| (alg, private_key(RSA_KEY), false));
    prop_oneof![3 => hmac, 2 => ec, 1 => rsa]
}

/// A time at least 100 s from now: (offset in seconds, whether it is in the past), in the past
/// with probability `past`.
fn offset(past: f64) -> impl Strategy<Value = (u64, bool)> {
    (100u64..100_000_000, prop::bool::weighted(past))
}

fn at(now: u64, (offset, past): (u64, bool)) -> u64 {
    if past { now - offset } else { now + offset }
}

/// The policy's issuer and audience: the plain ones, or strings with backslashes, quotes,
/// control characters and non-ASCII text; and how the token spells them (canonically, with mixed
/// escapes, or as raw text: the JSON text equal to the string, decoding to something else).
fn names() -> impl Strategy<Value = (String, String, Spelling, Spelling)> {
    let spelling = || {
        prop_oneof![
            2 => Just(Spelling::Canonical),
            2 => any::<u64>().prop_map(Spelling::Mixed),
            1 => Just(Spelling::RawText),
        ]
    };
    let plain = (Just(ISS.to_owned()), Just(AUD.to_owned()));
    let tricky = (
        prop::sample::select(TRICKY).prop_map(str::to_owned),
        prop::sample::select(TRICKY).prop_map(str::to_owned),
    );
    (prop_oneof![plain, tricky], spelling(), spelling())
        .prop_map(|((iss, aud), s_iss, s_aud)| (iss, aud, s_iss, s_aud))
}

fn case(now: u64) -> impl Strategy<Value = Case> {
    (
        (key(), names()),
        prop::sample::select(vec!["", "JWT", "at+jwt"]),
        prop_oneof![6 => Just(false), 1 => Just(true)],
        prop::option::weighted(0.9, offset(0.2)),
        prop::option::weighted(0.3, offset(0.7)),
        prop_oneof![3 => Just(None), 3 => offset(0.7).prop_map(Some), 1 => Just(Some((0, true)))],
        prop_oneof![6 => Just(4usize), 1 => 0usize..4],
        prop_oneof![5 => Just(6usize), 1 => 0usize..6],
        prop_oneof![4 => Just(false), 1 => Just(true)],
        prop_oneof![4 => Just(false), 1 => Just(true)],
        "[a-zA-Z0-9 ]{0,10}",
    )
        .prop_map(
            move |(
                ((alg, private_jwk, short), (iss, aud, spell_iss, spell_aud)),
                typ,
                crit,
                exp,
                nbf,
                iat,
                iss_kind,
                aud_kind,
                sub_number,
                duplicate,
                sub,
            )| {
                let mut features = HashSet::new();
                if short {
                    features.insert(Feature::ShortSecret);
                }
                let mut header = serde_json::Map::new();
                if !typ.is_empty() {
                    header.insert("typ".into(), json!(typ));
                }
                if typ == "at+jwt" {
                    features.insert(Feature::AccessTokenTyp);
                }
                if crit {
                    header.insert("crit".into(), json!(["exp"]));
                    features.insert(Feature::Crit);
                }
                let mut members: Vec<(String, String)> = Vec::new();
                match iss_kind {
                    0 => {}
                    1 => members.push(("iss".into(), json!("https://evil.example").to_string())),
                    2 => {
                        members.push(("iss".into(), format!("[{}]", spell(&iss, spell_iss))));
                        features.insert(Feature::IssArray);
                    }
                    3 => members.push(("iss".into(), "42".into())),
                    _ => members.push(("iss".into(), spell(&iss, spell_iss))),
                }
                if sub_number {
                    members.push(("sub".into(), "7".into()));
                    features.insert(Feature::SubMistyped);
                } else {
                    members.push(("sub".into(), json!(sub).to_string()));
                }
                match aud_kind {
                    0 => {}
                    1 => members.push(("aud".into(), json!("other").to_string())),
                    2 => members.push((
                        "aud".into(),
                        format!("[\"other\",{}]", spell(&aud, spell_aud)),
                    )),
                    3 => members.push(("aud".into(), "[]".into())),
                    4 => members.push(("aud".into(), "5".into())),
                    5 => members.push(("aud".into(), json!(["other"]).to_string())),
                    _ => members.push(("aud".into(), spell(&aud, spell_aud))),
                }
                match exp {
                    Some(o) => members.push(("exp".into(), at(now, o).to_string())),
                    None => members.push(("exp".into(), "\"soon\"".into())),
                }
                if let Some(o) = nbf {
                    members.push(("nbf".into(), at(now, o).to_string()));
                }
                match iat {
                    None => {}
                    Some((0, _)) => {
                        members.push(("iat".into(), "\"yesterday\"".into()));
                        features.insert(Feature::IatMistyped);
                    }
                    Some(o) => {
                        if !o.1 {
                            features.insert(Feature::IatInFuture);
                        }
                        members.push(("iat".into(), at(now, o).to_string()));
                    }
                }
                if duplicate {
                    members.push(("role".into(), json!("user").to_string()));
                    members.push(("role".into(), json!("admin").to_string()));
                    features.insert(Feature::DuplicateClaim);
                }
                Case {
                    alg,
                    iss,
                    aud,
                    private_jwk,
                    header: Value::Object(header),
                    members,
                    features,
                }
            },
        )
}

fn ours(token: &[u8], case: &Case, now: u64) -> Result<(), Error> {
    let jwks = serde_json::to_vec(&common::jwks(&[&case.private_jwk])).unwrap();
    let (keys, _) = KeySet::<1>::from_jwks(&jwks)?;
    let algorithms = [case.alg];
    let policy = Policy::jwt(&algorithms, &case.iss, &case.aud);
    let mut buffer = TokenBuffer::<8192>::new();
    verify(token, &keys, &policy, now, &mut buffer).map(|_| ())
}

fn theirs(token: &[u8], case: &Case) -> Result<(), String> {
    let jwk = &case.private_jwk;
    let member = |name: &str| jwk[name].as_str().unwrap().to_owned();
    let key = match case.alg.key_kind() {
        jwtv::KeyKind::Oct => {
            DecodingKey::from_secret(&Base64UrlUnpadded::decode_vec(&member("k")).unwrap())
        }
        jwtv::KeyKind::EcP256 | jwtv::KeyKind::EcP384 | jwtv::KeyKind::EcP521 => {
            DecodingKey::from_ec_components(&member("x"), &member("y")).unwrap()
        }
        jwtv::KeyKind::Rsa => DecodingKey::from_rsa_components(&member("n"), &member("e")).unwrap(),
        jwtv::KeyKind::Ed25519 => DecodingKey::from_ed_components(&member("x")).unwrap(),
    };
    let alg = match case.alg {
        Algorithm::HS256 => jsonwebtoken::Algorithm::HS256,
        Algorithm::HS384 => jsonwebtoken::Algorithm::HS384,
        Algorithm::HS512 => jsonwebtoken::Algorithm::HS512,
        Algorithm::RS256 => jsonwebtoken::Algorithm::RS256,
        Algorithm::PS384 => jsonwebtoken::Algorithm::PS384,
        Algorithm::ES256 => jsonwebtoken::Algorithm::ES256,
        other => panic!("not generated: {other}"),
    };
    let mut validation = Validation::new(alg);
    validation.leeway = 0;
    validation.validate_exp = true;
    validation.validate_nbf = true;
    validation.set_required_spec_claims(&["exp", "iss", "aud"]);
    validation.set_issuer(&[case.iss.as_str()]);
    validation.set_audience(&[case.aud.as_str()]);
    jsonwebtoken::decode::<Value>(token, &key, &validation)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// `Ok` when the two agree or differ deliberately; the report of a bug otherwise.
fn compare(token: &[u8], case: &Case, now: u64) -> Result<(), String> {
    let (ours, theirs) = (ours(token, case, now), theirs(token, case));
    match (&ours, &theirs) {
        (Ok(()), Ok(())) | (Err(_), Err(_)) => Ok(()),
        (Err(code), Ok(())) => {
            let allowed = DELIBERATE
                .iter()
                .any(|(feature, error, _)| case.features.contains(feature) && error == code);
            if allowed {
                Ok(())
            } else {
                Err(format!(
                    "verifier rejects ({code}), jsonwebtoken accepts: {}",
                    String::from_utf8_lossy(token)
                ))
            }
        }
        (Ok(()), Err(why)) => Err(format!(
            "verifier accepts, jsonwebtoken rejects ({why}): {}",
            String::from_utf8_lossy(token)
        )),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_tokens_agree_with_jsonwebtoken(case in case(now())) {
        prop_assume!(case.alg.key_kind() != jwtv::KeyKind::Rsa || common::rsa_ready());
        let token = case.token();
        let result = compare(token.as_bytes(), &case, now());
        prop_assert!(result.is_ok(), "{} (payload {})", result.unwrap_err(), case.payload());
    }

    #[test]
    fn mutated_tokens_agree_with_jsonwebtoken(
        case in case(now()),
        position in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        prop_assume!(case.alg.key_kind() != jwtv::KeyKind::Rsa || common::rsa_ready());
        let mut token = case.token().into_bytes();
        let i = position.index(token.len());
        prop_assume!(token[i] != byte);
        token[i] = byte;
        let result = compare(&token, &case, now());
        prop_assert!(result.is_ok(), "{}", result.unwrap_err());
        // A change anywhere breaks the signature: both must reject.
        prop_assert!(ours(&token, &case, now()).is_err());
    }
}

#[test]
fn the_deliberate_differences_really_occur() {
    // Each allow-list entry is exercised by at least one fixed token, so none is dead weight.
    let now = now();
    let hs = json!({"kty": "oct", "kid": "hs", "k": Base64UrlUnpadded::encode_string(&[7u8; 40])});
    let base = |members: &[(&str, String)], header: Value, feature: Feature| Case {
        alg: Algorithm::HS256,
        iss: ISS.into(),
        aud: AUD.into(),
        private_jwk: hs.clone(),
        header,
        members: members
            .iter()
            .map(|(n, v)| ((*n).to_owned(), v.clone()))
            .collect(),
        features: [feature].into_iter().collect(),
    };
    let iss = json!(ISS).to_string();
    let aud = json!(AUD).to_string();
    let exp = (now + 1000).to_string();
    let good = vec![
        ("iss", iss.clone()),
        ("aud", aud.clone()),
        ("exp", exp.clone()),
    ];
    let with = |extra: &[(&'static str, String)]| {
        let mut members = good.clone();
        members.extend(extra.iter().cloned());
        members
    };
    let cases = [
        base(&good, json!({"typ": "at+jwt"}), Feature::AccessTokenTyp),
        base(&good, json!({"crit": ["exp"]}), Feature::Crit),
        Case {
            private_jwk: json!({"kty": "oct", "kid": "hs", "k": Base64UrlUnpadded::encode_string(&[7u8; 16])}),
            ..base(&good, json!({}), Feature::ShortSecret)
        },
        base(
            &with(&[("iat", (now + 1000).to_string())]),
            json!({}),
            Feature::IatInFuture,
        ),
        base(
            &with(&[("iat", "\"x\"".into())]),
            json!({}),
            Feature::IatMistyped,
        ),
        base(
            &[
                ("iss", json!([ISS]).to_string()),
                ("aud", aud.clone()),
                ("exp", exp.clone()),
            ],
            json!({}),
            Feature::IssArray,
        ),
        base(
            &with(&[("sub", "1".into())]),
            json!({}),
            Feature::SubMistyped,
        ),
        base(
            &with(&[("x", "1".into()), ("x", "2".into())]),
            json!({}),
            Feature::DuplicateClaim,
        ),
    ];
    for case in &cases {
        let token = case.token();
        let feature = case.features.iter().next().unwrap();
        let (_, code, _) = DELIBERATE.iter().find(|(f, _, _)| f == feature).unwrap();
        assert_eq!(ours(token.as_bytes(), case, now), Err(*code), "{feature:?}");
        assert_eq!(theirs(token.as_bytes(), case), Ok(()), "{feature:?}");
    }
    // And the baseline agrees.
    let plain = base(&good, json!({}), Feature::Crit);
    assert_eq!(ours(plain.token().as_bytes(), &plain, now), Ok(()));
    assert_eq!(theirs(plain.token().as_bytes(), &plain), Ok(()));
}

#[test]
fn the_generator_produces_both_verdicts() {
    // A differential test that only ever sees rejections would prove little.
    use proptest::strategy::ValueTree as _;
    use proptest::test_runner::TestRunner;
    let now = now();
    let strategy = case(now);
    let mut runner = TestRunner::deterministic();
    let (mut accepted, mut rejected) = (0, 0);
    for _ in 0..200 {
        let case = strategy.new_tree(&mut runner).unwrap().current();
        if case.alg.key_kind() == jwtv::KeyKind::Rsa && !common::rsa_ready() {
            continue;
        }
        match theirs(case.token().as_bytes(), &case) {
            Ok(()) => accepted += 1,
            Err(_) => rejected += 1,
        }
    }
    eprintln!("accepted {accepted}, rejected {rejected}");
    assert!(
        accepted >= 10 && rejected >= 10,
        "accepted {accepted}, rejected {rejected}"
    );
}
