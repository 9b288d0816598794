//! Suite `attack-token-substitution` (`fixtures/attacks/substitution.json`): Token substitution:
//! an ID token where an access token is expected and the reverse (explicit typing, RFC 8725 s3.11,
//! RFC 9068 s4), tokens for another audience, tokens from another issuer.

use serde_json::{Value, json};

use super::{good, op_keyset_with_hs64 as op_keyset};
use crate::common::{CLIENT, NOW, OP, Suite, case, id_claims, id_defaults, patch, token};
use crate::keys::Keys;

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/substitution.json",
        "attack-token-substitution",
        "Token substitution: an ID token where an access token is expected and the reverse \
         (explicit typing, RFC 8725 s3.11, RFC 9068 s4), tokens for another audience, tokens from \
         another issuer",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    s.keyset(
        "op-and-partner",
        vec![keys.public("p256-a"), keys.public("p256-b")],
    );
    let ec = keys.private("p256-a");
    let id = id_claims();
    let at = json!({ "iss": OP, "sub": "alice", "aud": CLIENT, "exp": NOW + 3600, "iat": NOW - 60, "client_id": CLIENT, "jti": "at-1", "scope": "openid read" });
    let id_jwt = token(ec, "ES256", json!({ "typ": "JWT" }), &id);
    let id_untyped = token(ec, "ES256", json!({}), &id);
    let at_tok = token(ec, "ES256", json!({ "typ": "at+jwt" }), &at);
    let at_app = token(ec, "ES256", json!({ "typ": "application/at+jwt" }), &at);
    let at_claims_jwt = token(ec, "ES256", json!({ "typ": "JWT" }), &at);
    let src = "RFC 8725 s3.11; RFC 9068 s4";
    let access = json!({ "profile": "access_token" });
    let cases: Vec<(&str, &str, &String, Value, &str)> = vec![
        (
            "id-token-as-access-token",
            "an ID token (typ JWT) presented to a resource server",
            &id_jwt,
            access.clone(),
            "type_mismatch",
        ),
        (
            "untyped-id-token-as-access-token",
            "an ID token without typ presented to a resource server",
            &id_untyped,
            access.clone(),
            "type_mismatch",
        ),
        (
            "access-token-claims-typ-jwt",
            "a token with every access token claim but typ JWT, at a resource server",
            &at_claims_jwt,
            access.clone(),
            "type_mismatch",
        ),
        (
            "access-token-as-id-token",
            "an access token (typ at+jwt) presented as an ID token",
            &at_tok,
            json!({}),
            "type_mismatch",
        ),
        (
            "access-token-application-typ-as-id-token",
            "an access token (typ application/at+jwt) presented as an ID token",
            &at_app,
            json!({}),
            "type_mismatch",
        ),
        (
            "access-token-as-jwt",
            "an access token presented where a plain JWT is expected",
            &at_tok,
            json!({ "profile": "jwt" }),
            "type_mismatch",
        ),
        (
            "access-token-at-resource-server",
            "the same access token where it belongs",
            &at_tok,
            access.clone(),
            "valid",
        ),
        (
            "access-token-jws-profile",
            "an access token under signature-only verification (no claim rules)",
            &at_tok,
            json!({ "profile": "jws" }),
            "valid",
        ),
        (
            "id-token-where-it-belongs",
            "the ID token where it belongs",
            &id_jwt,
            json!({}),
            "valid",
        ),
    ];
    for (cid, what, tok, policy, expect) in cases {
        let mut c = case(cid, format!("ES256: {what}"), src)
            .token(tok.clone())
            .keyset("op")
            .policy(policy.clone())
            .expect(expect);
        if expect == "valid" && policy.get("profile") != Some(&json!("jws")) {
            c = c.claims(good("alice"));
        }
        s.add(c);
    }
    let others: Vec<(&str, &str, String, &str, &str)> = vec![
        (
            "other-audience",
            "an ID token for client-2, signed by the provider",
            token(
                ec,
                "ES256",
                json!({}),
                &patch(&id, json!({ "aud": "client-2", "azp": "client-2" })),
            ),
            "op",
            "audience_mismatch",
        ),
        (
            "other-audience-array",
            "an ID token for client-2 and client-3",
            token(
                ec,
                "ES256",
                json!({}),
                &patch(&id, json!({ "aud": ["client-2", "client-3"] })),
            ),
            "op",
            "audience_mismatch",
        ),
        (
            "other-issuer-own-key-no-kid",
            "an ID token from https://partner.example signed by the partner's P-256 key, no kid: the provider's only P-256 key fails",
            token(
                &keys.private_as("p256-b", None),
                "ES256",
                json!({}),
                &patch(&id, json!({ "iss": "https://partner.example" })),
            ),
            "op",
            "invalid_signature",
        ),
        (
            "other-issuer-own-key-kid",
            "an ID token from https://partner.example signed by the partner's key, with its kid",
            token(
                keys.private("p256-b"),
                "ES256",
                json!({}),
                &patch(&id, json!({ "iss": "https://partner.example" })),
            ),
            "op",
            "key_not_found",
        ),
        (
            "other-issuer-shared-jwks",
            "an ID token from https://partner.example whose key is (wrongly) in the same key set: the signature verifies, the issuer does not match",
            token(
                keys.private("p256-b"),
                "ES256",
                json!({}),
                &patch(&id, json!({ "iss": "https://partner.example" })),
            ),
            "op-and-partner",
            "issuer_mismatch",
        ),
        (
            "other-issuer-rs256-no-kid",
            "an RS256 ID token from https://partner.example signed by the partner's RSA key, no kid",
            token(
                &keys.private_as("rsa2048-c", None),
                "RS256",
                json!({}),
                &patch(&id, json!({ "iss": "https://partner.example" })),
            ),
            "op",
            "invalid_signature",
        ),
        (
            "provider-key-other-issuer-claim",
            "an ID token signed by the provider's own key but naming another issuer (multi-tenant provider)",
            token(
                ec,
                "ES256",
                json!({}),
                &patch(&id, json!({ "iss": "https://op.example/tenant-2" })),
            ),
            "op",
            "issuer_mismatch",
        ),
    ];
    for (cid, what, tok, keyset, expect) in others {
        s.add(
            case(
                cid,
                format!("ES256/RS256: {what}"),
                "RFC 8725 s3.8, s3.9; OpenID Connect Core 1.0 s3.1.3.7",
            )
            .token(tok)
            .keyset(keyset)
            .expect(expect),
        );
    }
    s
}
