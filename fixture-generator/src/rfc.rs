//! Suite `rfc-examples`: the worked examples of RFC 7515, 7519, 7520 and 8037, verbatim.

use std::path::Path;

use serde_json::{Value, json};

use crate::common::{Suite, case, segments, with_signature};

/// The verdict of each example under signature-only (`jws`) verification.
fn jws_verdict(id: &str, alg: &str) -> (&'static str, &'static str) {
    match (id, alg) {
        ("rfc7520-4.5", _) => (
            "invalid_signature",
            "detached payload (empty middle segment): read as a JWS with an empty payload \
             (RFC 7515 allows one), whose signature covers content that is not in the token",
        ),
        (_, "none") => (
            "algorithm_not_allowed",
            "unsecured JWS: alg none is never accepted",
        ),
        _ => ("valid", "signature verifies with the RFC's own key"),
    }
}

pub fn suite(root: &Path) -> Suite {
    let text = std::fs::read_to_string(root.join("vectors/rfc_examples.json"))
        .expect("fixtures/vectors/rfc_examples.json");
    let doc: Value = serde_json::from_str(&text).expect("rfc_examples.json");
    let mut s = Suite::new(
        "rfc/rfc-examples.json",
        "rfc-examples",
        "Worked examples of RFC 7515 Appendix A, RFC 7519 s3.1/s6.1, RFC 7520 s4 and RFC 8037 A.4, \
         copied unchanged from fixtures/vectors/rfc_examples.json: signature-only verification, \
         and the JWT examples under JWT validation (they expire in 2011)",
        json!({ "now": 1_700_000_000u64, "profile": "jws" }),
    );
    let examples = doc["examples"].as_array().expect("examples");
    for ex in examples {
        let id = ex["id"].as_str().expect("id");
        let alg = ex["alg"].as_str().expect("alg");
        let spec = ex["spec"].as_str().expect("spec");
        let compact = ex["compact"].as_str().expect("compact");
        // The key set as the issuer would publish it: the public JWK, or the secret for HMAC.
        let public = match (&ex["jwk_public"], &ex["jwk"]) {
            (Value::Object(_), _) => Some(ex["jwk_public"].clone()),
            (_, Value::Object(jwk)) if jwk.get("kty") == Some(&json!("oct")) => {
                Some(ex["jwk"].clone())
            }
            _ => None,
        };
        s.keyset(id, public.into_iter().collect());
        let (expect, why) = jws_verdict(id, alg);
        let c = case(
            format!("{id}-jws"),
            format!("{spec}: {alg} compact serialization, signature only; {why}"),
            spec,
        )
        .token(compact)
        .keyset(id)
        .policy(json!({}))
        .expect(expect);
        s.add(c);
    }

    // The same key used as an HMAC key for another algorithm: not in the caller's allow-list.
    let a1 = &examples[0];
    let a1_token = a1["compact"].as_str().expect("compact");
    s.add(
        case(
            "rfc7515-A.1-jws-alg-not-in-allow-list",
            "RFC 7515 A.1 (HS256) verified by a caller that allows only RS256",
            "RFC 7515 Appendix A.1; RFC 8725 s3.1",
        )
        .token(a1_token)
        .keyset("rfc7515-A.1")
        .policy(json!({ "algorithms": ["RS256"] }))
        .expect("algorithm_not_allowed"),
    );
    // One bit of the payload changed: the MAC no longer verifies.
    let (h, p, sig) = segments(a1_token);
    let mut tampered = p.into_bytes();
    tampered[10] = if tampered[10] == b'A' { b'B' } else { b'A' };
    s.add(
        case(
            "rfc7515-A.1-jws-tampered-payload",
            "RFC 7515 A.1 with one payload character changed: the HMAC tag no longer matches",
            "RFC 7515 Appendix A.1",
        )
        .token(format!(
            "{h}.{}.{sig}",
            String::from_utf8(tampered).expect("ascii")
        ))
        .keyset("rfc7515-A.1")
        .expect("invalid_signature"),
    );
    s.add(
        case(
            "rfc7515-A.1-jws-zeroed-signature",
            "RFC 7515 A.1 with its 32-byte HMAC tag replaced by zeros",
            "RFC 7515 Appendix A.1",
        )
        .token(with_signature(a1_token, &[0u8; 32]))
        .keyset("rfc7515-A.1")
        .expect("invalid_signature"),
    );

    // The JWT examples (A.1 HS256, A.2 RS256, A.3 ES256) under the JWT profile: iss "joe",
    // no aud, exp 1300819380.
    const EXP: u64 = 1_300_819_380;
    for ex in &examples[..] {
        let id = ex["id"].as_str().expect("id");
        if !matches!(id, "rfc7515-A.1" | "rfc7515-A.2" | "rfc7515-A.3") {
            continue;
        }
        let alg = ex["alg"].as_str().expect("alg");
        let spec = ex["spec"].as_str().expect("spec");
        let token = ex["compact"].as_str().expect("compact");
        let jwt = json!({ "profile": "jwt", "issuer": "joe" });
        s.add(
            case(
                format!("{id}-jwt-valid-before-exp"),
                format!("{alg} JWT example verified one second before its exp (1300819380)"),
                format!("{spec}; RFC 7519 s4.1.4"),
            )
            .token(token)
            .keyset(id)
            .policy(jwt.clone())
            .now(EXP - 1)
            .valid()
            .claims(json!({ "iss": "joe", "exp": EXP })),
        );
        s.add(
            case(
                format!("{id}-jwt-expired-at-exp"),
                format!(
                    "{alg} JWT example at exactly its exp: the current time must be before exp"
                ),
                format!("{spec}; RFC 7519 s4.1.4"),
            )
            .token(token)
            .keyset(id)
            .policy(jwt.clone())
            .now(EXP)
            .expect("expired"),
        );
        s.add(
            case(
                format!("{id}-jwt-expired-now"),
                format!("{alg} JWT example verified in 2023: long expired"),
                format!("{spec}; RFC 7519 s4.1.4"),
            )
            .token(token)
            .keyset(id)
            .policy(jwt.clone())
            .expect("expired"),
        );
        s.add(
            case(
                format!("{id}-jwt-leeway"),
                format!("{alg} JWT example at exp with 1 s of leeway: still valid"),
                format!("{spec}; RFC 7519 s4.1.4"),
            )
            .token(token)
            .keyset(id)
            .policy(jwt.clone())
            .policy(json!({ "leeway": 1 }))
            .now(EXP)
            .valid()
            .claims(json!({ "iss": "joe" })),
        );
        s.add(
            case(
                format!("{id}-jwt-audience-required"),
                format!(
                    "{alg} JWT example when the caller expects an audience: the example has no aud"
                ),
                format!("{spec}; RFC 7519 s4.1.3"),
            )
            .token(token)
            .keyset(id)
            .policy(jwt.clone())
            .policy(json!({ "audience": "client-1" }))
            .now(EXP - 1)
            .expect("missing_claim"),
        );
        s.add(
            case(
                format!("{id}-jwt-issuer-mismatch"),
                format!("{alg} JWT example when the caller expects issuer \"Joe\" (exact, case-sensitive)"),
                format!("{spec}; RFC 7519 s4.1.1"),
            )
            .token(token)
            .keyset(id)
            .policy(jwt.clone())
            .policy(json!({ "issuer": "Joe" }))
            .now(EXP - 1)
            .expect("issuer_mismatch"),
        );
        s.add(
            case(
                format!("{id}-id_token-profile"),
                format!(
                    "{alg} JWT example checked as an OpenID Connect ID token: no sub, aud or iat"
                ),
                format!("{spec}; OpenID Connect Core 1.0 s2"),
            )
            .token(token)
            .keyset(id)
            .policy(json!({ "profile": "id_token", "issuer": "joe", "audience": "client-1" }))
            .now(EXP - 1)
            .expect("missing_claim"),
        );
    }
    // RFC 7520 payloads are a quotation, not JSON: the JWT profile cannot read them.
    for (id, alg) in [("rfc7520-4.4", "HS256"), ("rfc7520-4.1", "RS256")] {
        let ex = examples.iter().find(|e| e["id"] == id).expect("example");
        s.add(
            case(
                format!("{id}-jwt-payload-not-json"),
                format!("RFC 7520 {alg} example (payload is a text quotation) verified as a JWT: signature valid, claims unreadable"),
                ex["spec"].as_str().expect("spec"),
            )
            .token(ex["compact"].as_str().expect("compact"))
            .keyset(id)
            .policy(json!({ "profile": "jwt", "issuer": "joe" }))
            .expect("malformed_claims"),
        );
    }
    s
}
