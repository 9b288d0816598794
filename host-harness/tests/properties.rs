//! Property tests: whatever the signer signs, the verifier accepts with the same claims back; any
//! single-byte change to a valid token is rejected, without a panic.
//!
//! Keys: random HMAC secrets, random P-256 keys, and (RSA key generation being slow) the fixed
//! RSA keys in `tests/data`.

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

use base64ct::{Base64UrlUnpadded, Encoding as _};
use common::{RSA_KEY, RSA_KEY_B, Spelling, TRICKY, jwks, private_key, spell};
use jwtv::{Algorithm, Error, KeySet, Policy, TokenBuffer, verify};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

const NOW: u64 = 1_700_000_000;
const REGISTERED: [&str; 15] = [
    "iss",
    "sub",
    "aud",
    "exp",
    "nbf",
    "iat",
    "auth_time",
    "jti",
    "azp",
    "nonce",
    "at_hash",
    "c_hash",
    "client_id",
    "scope",
    "typ",
];

/// A private JWK and an algorithm it signs with.
fn signing_key() -> impl Strategy<Value = (Algorithm, Value)> {
    let hmac = (
        prop::sample::select(vec![Algorithm::HS256, Algorithm::HS384, Algorithm::HS512]),
        0usize..48,
        any::<[u8; 32]>(),
    )
        .prop_map(|(alg, extra, seed)| {
            let len = alg.hash().output_len() + extra;
            let secret: Vec<u8> = seed
                .iter()
                .cycle()
                .enumerate()
                .take(len)
                .map(|(i, b)| b ^ (i as u8))
                .collect();
            (
                alg,
                json!({"kty": "oct", "kid": "hs", "k": Base64UrlUnpadded::encode_string(&secret)}),
            )
        });
    let ec = any::<[u8; 32]>().prop_filter_map("not a P-256 scalar", |d| {
        let key = p256::ecdsa::SigningKey::from_slice(&d).ok()?;
        let point = key.verifying_key().to_sec1_point(false);
        let xy = point.as_bytes().get(1..)?;
        Some((
            Algorithm::ES256,
            json!({
                "kty": "EC", "crv": "P-256", "kid": "ec",
                "x": Base64UrlUnpadded::encode_string(&xy[..32]),
                "y": Base64UrlUnpadded::encode_string(&xy[32..]),
                "d": Base64UrlUnpadded::encode_string(&d),
            }),
        ))
    });
    let rsa = (
        prop::sample::select(vec![Algorithm::RS256, Algorithm::PS256, Algorithm::RS512]),
        prop::sample::select(vec![RSA_KEY, RSA_KEY_B]),
    )
        .prop_map(|(alg, file)| (alg, private_key(file)));
    prop_oneof![3 => hmac, 2 => ec, 1 => rsa]
}

/// Strings with the characters JSON must escape, and some it need not.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9:/._-]{0,24}",
        "\\PC{0,12}",
        prop::collection::vec(
            prop::sample::select(vec![
                '"', '\\', '/', '\n', '\u{0}', '\u{1f}', '\u{7f}', 'é', '\u{2028}', '😀', 'a'
            ]),
            0..8
        )
        .prop_map(|chars| chars.into_iter().collect()),
    ]
}

/// Any JSON value, nested a little.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e300f64..1e300).prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Claims that satisfy a JWT policy for their own `iss` and `aud` at `NOW`.
fn claims() -> impl Strategy<Value = Map<String, Value>> {
    (
        text(),
        text(),
        prop_oneof![
            text().prop_map(|a| (a.clone(), json!(a))),
            (text(), text()).prop_map(|(a, b)| (a.clone(), json!([b, a])))
        ],
        1u64..1_000_000_000,
        prop::option::of(0u64..1_000_000),
        prop::option::of(0u64..1_000_000),
        prop::collection::btree_map("[a-z_]{1,12}", json_value(), 0..6),
    )
        .prop_map(|(iss, sub, (aud, aud_claim), exp, nbf, iat, extra)| {
            let mut claims = Map::new();
            for (name, value) in extra {
                if !REGISTERED.contains(&name.as_str()) {
                    claims.insert(name, value);
                }
            }
            claims.insert("iss".into(), json!(iss));
            claims.insert("sub".into(), json!(sub));
            claims.insert("aud".into(), aud_claim);
            claims.insert("expected_aud".into(), json!(aud));
            claims.insert("exp".into(), json!(NOW + exp));
            if let Some(nbf) = nbf {
                claims.insert("nbf".into(), json!(NOW - nbf));
            }
            if let Some(iat) = iat {
                claims.insert("iat".into(), json!(NOW - iat));
            }
            claims
        })
}

/// A policy string: one of the tricky ones, or any text.
fn policy_string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(TRICKY).prop_map(str::to_owned),
        1 => text(),
    ]
}

fn spelling() -> impl Strategy<Value = Spelling> {
    prop_oneof![
        1 => Just(Spelling::Canonical),
        2 => any::<u64>().prop_map(Spelling::Mixed),
        1 => Just(Spelling::RawText),
    ]
}

/// What a token writes for a claim the policy checks: the policy's own string, another of the
/// tricky ones (which may decode equal to it, e.g. `C:\temp` spelled raw for a TAB), or any text,
/// spelled some way.
fn claim_for(wanted: String) -> impl Strategy<Value = String> {
    let value = prop_oneof![
        3 => Just(wanted),
        1 => prop::sample::select(TRICKY).prop_map(str::to_owned),
        1 => text(),
    ];
    (value, spelling()).prop_map(|(v, how)| match how {
        // Raw text with a quote could smuggle members in; only the tricky ones (whose quote
        // makes the text invalid or a plain escape) are pasted raw.
        Spelling::RawText if v.contains('"') && !TRICKY.contains(&v.as_str()) => {
            spell(&v, Spelling::Canonical)
        }
        _ => spell(&v, how),
    })
}

/// The ID-token policy's verdict, read off serde_json's decoding of `payload`: malformed when
/// serde_json refuses it, otherwise the first of `iss`, `aud` (only the client), `nonce` whose
/// decoded value differs from the policy's.
fn oracle(payload: &str, iss: &str, aud: &str, nonce: Option<&str>) -> Result<(), Error> {
    let Ok(doc) = serde_json::from_str::<Map<String, Value>>(payload) else {
        return Err(Error::MalformedClaims);
    };
    if doc["iss"].as_str() != Some(iss) {
        return Err(Error::IssuerMismatch);
    }
    let audiences: Vec<&str> = match &doc["aud"] {
        Value::String(a) => vec![a.as_str()],
        Value::Array(items) => items.iter().map(|a| a.as_str().unwrap()).collect(),
        other => panic!("generated aud {other}"),
    };
    if !audiences.contains(&aud) || audiences.iter().any(|a| *a != aud) {
        return Err(Error::AudienceMismatch);
    }
    if nonce.is_some_and(|n| doc["nonce"].as_str() != Some(n)) {
        return Err(Error::NonceMismatch);
    }
    Ok(())
}

/// `payload` signed HS256 (header `{"alg":"HS256","kid":"hs"}`) and verified under `policy`.
fn verify_hs256(payload: &str, policy: &Policy<'_>) -> Result<(), Error> {
    let key = json!({"kty": "oct", "kid": "hs", "k": Base64UrlUnpadded::encode_string(&[7u8; 32])});
    let token = host_harness::jose::sign(&key, "HS256", &Map::new(), payload.as_bytes()).unwrap();
    let jwks = serde_json::to_vec(&jwks(&[&key])).unwrap();
    let (keys, _) = KeySet::<1>::from_jwks(&jwks).unwrap();
    let mut buffer = TokenBuffer::<8192>::new();
    verify(token.as_bytes(), &keys, policy, NOW, &mut buffer).map(|_| ())
}

fn is_rsa(alg: Algorithm) -> bool {
    alg.key_kind() == jwtv::KeyKind::Rsa
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn what_is_signed_verifies_with_the_same_claims(
        (alg, key) in signing_key(),
        claims in claims(),
        typ in prop::option::of(prop::sample::select(vec!["JWT", "jwt", "application/jwt"])),
    ) {
        prop_assume!(!is_rsa(alg) || common::rsa_ready());
        let header = match typ { Some(t) => json!({"typ": t}), None => json!({}) };
        let token = common::sign_with(&key, alg.name(), &header, &Value::Object(claims.clone()));
        let iss = claims["iss"].as_str().unwrap();
        let aud = claims["expected_aud"].as_str().unwrap();
        let algorithms = [alg];
        let policy = Policy::jwt(&algorithms, iss, aud);
        let jwks = serde_json::to_vec(&jwks(&[&key])).unwrap();
        let (keys, _) = KeySet::<1>::from_jwks(&jwks).unwrap();
        let mut buffer = TokenBuffer::<8192>::new();
        let verified = verify(token.as_bytes(), &keys, &policy, NOW, &mut buffer);
        let verified = match verified {
            Ok(v) => v,
            Err(e) => return Err(TestCaseError::fail(format!("{e}: {token}"))),
        };
        // The payload is exactly the bytes signed (comparing parsed values would trip over
        // serde_json's inexact float parsing, not over the verifier).
        let signed = serde_json::to_vec(&claims).unwrap();
        prop_assert_eq!(verified.payload(), signed.as_slice());
        // Strings on decoded values: serde_json's reading of the accepted payload, and the
        // verifier's decoding of each string, equal what was signed.
        let decoded: Map<String, Value> = serde_json::from_slice(verified.payload()).unwrap();
        prop_assert_eq!(decoded["iss"].as_str(), Some(iss));
        prop_assert_eq!(&decoded["sub"], &claims["sub"]);
        let registered = verified.claims().unwrap();
        prop_assert_eq!(registered.iss().unwrap().to_string(), iss);
        prop_assert_eq!(
            registered.sub().unwrap().to_string(),
            claims["sub"].as_str().unwrap()
        );
        prop_assert_eq!(registered.exp().unwrap().secs(), claims["exp"].as_u64().unwrap());
        prop_assert_eq!(verified.header().alg(), alg);
    }

    #[test]
    fn any_single_byte_change_is_rejected(
        (alg, key) in signing_key(),
        claims in claims(),
        position in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        delete in any::<bool>(),
    ) {
        prop_assume!(!is_rsa(alg) || common::rsa_ready());
        let token = common::sign(&key, alg.name(), &Value::Object(claims.clone()));
        let mut bytes = token.clone().into_bytes();
        let at = position.index(bytes.len());
        if delete {
            bytes.remove(at);
        } else {
            prop_assume!(bytes[at] != byte);
            bytes[at] = byte;
        }
        let iss = claims["iss"].as_str().unwrap();
        let aud = claims["expected_aud"].as_str().unwrap();
        let algorithms = [alg];
        // Even the most lenient policy, signature only, must reject it.
        for policy in [Policy::jwt(&algorithms, iss, aud), Policy::jws(&algorithms)] {
            let jwks = serde_json::to_vec(&jwks(&[&key])).unwrap();
            let (keys, _) = KeySet::<1>::from_jwks(&jwks).unwrap();
            let mut buffer = TokenBuffer::<8192>::new();
            let result = verify(&bytes, &keys, &policy, NOW, &mut buffer).map(|_| ());
            prop_assert!(result.is_err(), "accepted {:?} (from {})", String::from_utf8_lossy(&bytes), token);
        }
    }
    #[test]
    fn strings_compare_by_their_decoded_values(
        (iss, aud, nonce, iss_text, aud_text, nonce_text, in_array) in
            (policy_string(), policy_string(), policy_string()).prop_flat_map(|(i, a, n)| (
                Just(i.clone()),
                Just(a.clone()),
                Just(n.clone()),
                claim_for(i),
                claim_for(a),
                claim_for(n),
                any::<bool>(),
            )),
    ) {
        // Each string the policy checks is the policy's, another tricky one or any text, spelled
        // canonically, with mixed escapes, or as raw text (the trap); the verdict must be the one
        // serde_json's decoding gives.
        let aud_text = if in_array { format!("[{aud_text}]") } else { aud_text };
        let payload = format!(
            r#"{{"iss":{iss_text},"sub":"s","aud":{aud_text},"exp":{},"iat":{},"nonce":{nonce_text}}}"#,
            NOW + 1000,
            NOW - 10,
        );
        let expected = oracle(&payload, &iss, &aud, Some(&nonce));
        let algorithms = [Algorithm::HS256];
        let policy = Policy::id_token(&algorithms, &iss, &aud).with_nonce(&nonce);
        let ours = verify_hs256(&payload, &policy);
        prop_assert_eq!(
            ours,
            expected,
            "payload {} for iss {:?}, aud {:?}, nonce {:?}",
            payload,
            iss,
            aud,
            nonce
        );
    }

    #[test]
    fn the_raw_text_trap_is_refused(
        wanted in prop::sample::select(vec![r"C:\temp", r#"a\"b"#, r"\u00fc", "😀\u{0}\\"]),
        claim in prop::sample::select(vec!["iss", "aud", "nonce"]),
    ) {
        // The JSON text equals the policy string, the decoded value does not (or it is not
        // JSON): refused, with the code serde_json's reading predicts.
        let trap = spell(wanted, Spelling::RawText);
        let text = |name: &str| {
            if name == claim { trap.clone() } else { spell(wanted, Spelling::Canonical) }
        };
        let payload = format!(
            r#"{{"iss":{},"sub":"s","aud":{},"exp":{},"iat":{},"nonce":{}}}"#,
            text("iss"),
            text("aud"),
            NOW + 1000,
            NOW - 10,
            text("nonce"),
        );
        let algorithms = [Algorithm::HS256];
        let policy = Policy::id_token(&algorithms, wanted, wanted).with_nonce(wanted);
        let ours = verify_hs256(&payload, &policy);
        let expected = oracle(&payload, wanted, wanted, Some(wanted));
        prop_assert!(expected.is_err());
        prop_assert!(ours.is_err(), "accepted {}", payload);
        prop_assert_eq!(ours, expected);
        // And the same string spelled correctly is accepted.
        let good = payload.replace(&trap, &spell(wanted, Spelling::Canonical));
        prop_assert_eq!(verify_hs256(&good, &policy), Ok(()));
    }
}
