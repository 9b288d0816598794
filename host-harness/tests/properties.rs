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
use common::{RSA_KEY, RSA_KEY_B, jwks, private_key};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use verifier::{Algorithm, KeySet, Policy, TokenBuffer, verify};

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

fn is_rsa(alg: Algorithm) -> bool {
    alg.key_kind() == verifier::KeyKind::Rsa
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
        let registered = verified.claims().unwrap();
        prop_assert!(registered.iss().unwrap() == iss);
        prop_assert!(registered.sub().unwrap() == claims["sub"].as_str().unwrap());
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
}
