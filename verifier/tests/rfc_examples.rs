//! The worked examples of RFC 7515, 7519, 7520 and 8037 (fixtures/vectors/rfc_examples.json).
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)] // test code

use jwtv::{Algorithm, Error, KeySet, Policy, TokenBuffer, verify};
use serde_json::Value;

const ALL: &[Algorithm] = &Algorithm::ALL;

fn examples() -> Vec<Value> {
    let doc: Value =
        serde_json::from_str(include_str!("../../fixtures/vectors/rfc_examples.json")).unwrap();
    doc["examples"].as_array().unwrap().clone()
}

fn keys(example: &Value) -> KeySet<2> {
    let jwk = example
        .get("jwk_public")
        .filter(|j| !j.is_null())
        .or(example.get("jwk"));
    let jwks = match jwk {
        Some(jwk) if jwk.is_object() => serde_json::json!({ "keys": [jwk] }),
        _ => serde_json::json!({ "keys": [] }),
    };
    KeySet::from_jwks(jwks.to_string().as_bytes()).unwrap().0
}

fn check(example: &Value, policy: &Policy<'_>, now: u64) -> Result<(), Error> {
    let mut buf = TokenBuffer::<4096>::new();
    let token = example["compact"].as_str().unwrap();
    verify(token.as_bytes(), &keys(example), policy, now, &mut buf).map(|_| ())
}

#[test]
fn signature_only_verdicts() {
    let mut seen = 0;
    for example in examples() {
        let id = example["id"].as_str().unwrap();
        let want = match (id, example["alg"].as_str().unwrap()) {
            ("rfc7515-A.5", _) => Err(Error::AlgorithmNotAllowed),
            // Detached content (empty payload segment): a JWS with an empty payload, which RFC
            // 7515 allows, but the signature covers content that is not in the token.
            ("rfc7520-4.5", _) => Err(Error::InvalidSignature),
            // RFC 7520 §4.3 (ES512) verifies where the feature `es512` is on, RFC 8037 A.4
            // where `eddsa` is.
            (_, alg) if Algorithm::from_name(alg).is_some_and(Algorithm::is_implemented) => Ok(()),
            (_, "ES512" | "EdDSA") => Err(Error::UnsupportedAlgorithm),
            (_, alg) => panic!("{id}: unexpected alg {alg}"),
        };
        assert_eq!(
            check(&example, &Policy::jws(ALL), 1_700_000_000),
            want,
            "{id}"
        );
        seen += 1;
    }
    assert_eq!(seen, 12);
}

/// RFC 7520 §4.5: with its detached content put back in the payload segment, the example
/// verifies; as sent (empty payload) it verifies under no JWT profile.
#[test]
fn detached_content_example() {
    let example = examples()
        .into_iter()
        .find(|e| e["id"] == "rfc7520-4.5")
        .unwrap();
    let compact = example["compact"].as_str().unwrap();
    let (header, rest) = compact.split_once("..").unwrap();
    let attached = format!(
        "{header}.{}.{rest}",
        example["detached_payload_b64"].as_str().unwrap()
    );
    let mut attached_example = example.clone();
    attached_example["compact"] = Value::from(attached);
    assert_eq!(check(&attached_example, &Policy::jws(ALL), 0), Ok(()));
    let jwt = Policy::jwt(ALL, "i", "a").waive_issuer().waive_audience();
    assert_eq!(check(&example, &jwt, 0), Err(Error::MalformedToken));
}

#[test]
fn jwt_examples_are_expired() {
    let policy = Policy::jwt(ALL, "joe", "").waive_audience();
    let mut seen = 0;
    for example in examples() {
        let payload = example
            .get("payload_text")
            .and_then(Value::as_str)
            .unwrap_or("");
        let id = example["id"].as_str().unwrap();
        if !matches!(
            id,
            "rfc7515-A.1" | "rfc7519-3.1" | "rfc7515-A.2" | "rfc7515-A.3"
        ) {
            continue;
        }
        assert!(payload.is_empty() || payload.contains("1300819380"), "{id}");
        assert_eq!(
            check(&example, &policy, 1_700_000_000),
            Err(Error::Expired),
            "{id}"
        );
        assert_eq!(
            check(&example, &policy, 1_300_819_379),
            Ok(()),
            "{id} just before exp"
        );
        // No `aud` in these examples: an audience expectation rejects them first.
        assert_eq!(
            check(&example, &Policy::jwt(ALL, "joe", "rp"), 1_300_819_379),
            Err(Error::MissingClaim),
            "{id}"
        );
        seen += 1;
    }
    assert_eq!(seen, 4);
}
