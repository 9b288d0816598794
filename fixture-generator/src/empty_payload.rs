//! Suite `rfc7515-empty-payload`: RFC 7515 lets a JWS carry an empty payload (its compact form
//! then has an empty middle segment, `header..signature`). Signature-only verification accepts
//! one whose signature covers it; a JWT is a JSON object (RFC 7519 §7.2), so the JWT profiles
//! refuse it as a malformed token before any key is used.

use serde_json::json;

use crate::attacks::op_keyset;
use crate::common::{CLIENT, NOW, OP, Suite, case, segments, token_bytes};
use crate::keys::Keys;

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "rfc/empty-payload.json",
        "rfc7515-empty-payload",
        "JWS with an empty payload (RFC 7515 s7.1, Wycheproof JOSE): valid under signature-only \
         verification when the signature covers the empty payload, malformed under the JWT \
         profiles, for each signing family",
        json!({ "now": NOW, "profile": "jws" }),
    );
    op_keyset(&mut s, keys);
    let src = "RFC 7515 s7.1, s5.2; RFC 7519 s7.2 step 10";
    for (alg, kid) in [
        ("HS256", "hs-32"),
        ("RS256", "rsa2048-a"),
        ("PS256", "rsa2048-a"),
        ("ES256", "p256-a"),
    ] {
        let key = keys.private(kid);
        let family = alg.to_lowercase();
        let empty = token_bytes(key, alg, json!({}), b"");
        let (h, p, sig) = segments(&empty);
        assert!(p.is_empty());
        let other = token_bytes(key, alg, json!({}), b"{}");
        let (_, other_p, other_sig) = segments(&other);
        s.add(
            case(
                format!("{family}-empty-payload"),
                format!("{alg} JWS over an empty payload, signature only"),
                src,
            )
            .token(empty.clone())
            .keyset("op")
            .valid(),
        );
        for (profile, policy) in [
            ("jwt", json!({ "profile": "jwt" })),
            (
                "id-token",
                json!({ "profile": "id_token", "issuer": OP, "audience": CLIENT }),
            ),
        ] {
            s.add(
                case(
                    format!("{family}-empty-payload-{profile}"),
                    format!("{alg} JWS over an empty payload offered under the {profile} profile: a JWT's payload is a JSON object"),
                    src,
                )
                .token(empty.clone())
                .keyset("op")
                .policy(policy)
                .expect("malformed_token"),
            );
        }
        s.add(
            case(
                format!("{family}-empty-payload-signature-of-another"),
                format!("{alg}: empty payload with the signature of the payload {{}}"),
                src,
            )
            .token(format!("{h}..{other_sig}"))
            .keyset("op")
            .expect("invalid_signature"),
        );
        s.add(
            case(
                format!("{family}-payload-added-to-empty-signature"),
                format!("{alg}: the payload {{}} put into a token whose signature covers an empty payload"),
                src,
            )
            .token(format!("{h}.{other_p}.{sig}"))
            .keyset("op")
            .expect("invalid_signature"),
        );
    }
    s
}
