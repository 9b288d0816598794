//! Suite `logout-token`: OpenID Connect Back-Channel Logout 1.0 logout tokens (s2.4, s2.6), one
//! case per rule, and the confusion between logout tokens, ID tokens and access tokens from the
//! same issuer and keys (s4.1; RFC 8725 s3.11).

use serde_json::{Value, json};

use crate::common::{
    CLIENT, NOW, OP, Suite, case, id_claims, patch, signature, token, with_signature,
};
use crate::keys::Keys;
use host_harness::jose::b64;

const EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";
const SPEC: &str = "OpenID Connect Back-Channel Logout 1.0";

fn src(section: &str) -> String {
    format!("{SPEC} s{section}")
}

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "oidc/logout-token.json",
        "logout-token",
        "OpenID Connect Back-Channel Logout 1.0 logout tokens from https://op.example for \
         client-1 (profile logout_token): typ absent or logout+jwt; iss, aud, iat, exp, jti, \
         events required; sub, sid or both; events holding the back-channel logout event as an \
         object; no nonce; and logout tokens, ID tokens and access tokens of the same issuer \
         refused by each other's profiles",
        json!({ "now": NOW, "profile": "logout_token", "issuer": OP, "audience": CLIENT }),
    );
    crate::common::op_and_client_secret_keysets(&mut s, keys);
    let secret = keys.private_as("client-secret", None);
    let rsa = keys.private("rsa2048-a");
    let ec = keys.private("p256-a");
    // The example of s2.4, with this suite's issuer, client and times.
    let claims = json!({
        "iss": OP,
        "sub": "248289761001",
        "aud": CLIENT,
        "iat": NOW - 10,
        "exp": NOW + 110,
        "jti": "bWJq",
        "sid": "08a5019c-17e1-4977-8f42-65a12843ea02",
        "events": { EVENT: {} },
    });
    let typed = json!({ "typ": "logout+jwt" });

    // Valid logout tokens.
    let valid: Vec<(&str, &str, &Value, &str, Value, Value, &str)> = vec![
        (
            "rs256-sub-and-sid",
            "RS256, typ logout+jwt, sub and sid",
            rsa,
            "RS256",
            typed.clone(),
            claims.clone(),
            "2.4",
        ),
        (
            "rs256-sub-only",
            "sub without sid: every session of the user",
            rsa,
            "RS256",
            typed.clone(),
            patch(&claims, json!({ "sid": null })),
            "2.4",
        ),
        (
            "rs256-sid-only",
            "sid without sub: that session",
            rsa,
            "RS256",
            typed.clone(),
            patch(&claims, json!({ "sub": null })),
            "2.4",
        ),
        (
            "rs256-typ-absent",
            "no typ: explicit typing is recommended, not required",
            rsa,
            "RS256",
            json!({}),
            claims.clone(),
            "2.4",
        ),
        (
            "rs256-typ-application-logout-jwt",
            "typ application/logout+jwt (a media type: the prefix is optional)",
            rsa,
            "RS256",
            json!({ "typ": "application/logout+jwt" }),
            claims.clone(),
            "2.4; RFC 7515 s4.1.9",
        ),
        (
            "rs256-typ-uppercase",
            "typ LOGOUT+JWT (media types compare case-insensitively)",
            rsa,
            "RS256",
            json!({ "typ": "LOGOUT+JWT" }),
            claims.clone(),
            "2.4; RFC 7515 s4.1.9",
        ),
        (
            "es256",
            "ES256",
            ec,
            "ES256",
            typed.clone(),
            claims.clone(),
            "2.4",
        ),
        (
            "hs256-client-secret",
            "HS256 with the client secret, no kid",
            &secret,
            "HS256",
            typed.clone(),
            claims.clone(),
            "2.4",
        ),
        (
            "event-with-members",
            "the event object is not empty (SHOULD be {}; any object is accepted)",
            rsa,
            "RS256",
            typed.clone(),
            patch(
                &claims,
                json!({ "events": { EVENT: { "reason": "user" } } }),
            ),
            "2.4",
        ),
        (
            "other-events-too",
            "events holds another event beside the back-channel logout one",
            rsa,
            "RS256",
            typed.clone(),
            patch(
                &claims,
                json!({ "events": { "https://example.com/other": {}, EVENT: {} } }),
            ),
            "2.4",
        ),
        (
            "aud-array",
            "aud as an array holding only the client",
            rsa,
            "RS256",
            typed.clone(),
            patch(&claims, json!({ "aud": [CLIENT] })),
            "2.6 step 4; OpenID Connect Core 1.0 s3.1.3.7",
        ),
        (
            "azp-other",
            "azp naming another party: not a logout token claim, not checked",
            rsa,
            "RS256",
            typed.clone(),
            patch(&claims, json!({ "azp": "other" })),
            "2.4 (other claims are ignored)",
        ),
    ];
    for (id, what, key, alg, header, body, section) in valid {
        s.add(
            case(
                format!("valid-{id}"),
                format!("Logout token: {what}; accepted"),
                src(section),
            )
            .token(token(key, alg, header, &body))
            .keyset(if alg == "HS256" {
                "client-secret"
            } else {
                "op"
            })
            .valid()
            .claims(json!({ "iss": OP, "jti": "bWJq" })),
        );
    }
    // A policy that names the type replaces the default rule: an OP that types its logout
    // tokens JWT is accepted only on purpose.
    s.add(
        case(
            "valid-typ-jwt-named-by-policy",
            "Logout token typed JWT, the policy naming typ JWT (an OP that does not use logout+jwt); accepted",
            format!("{}; RFC 8725 s3.11", src("2.4")),
        )
        .token(token(rsa, "RS256", json!({ "typ": "JWT" }), &claims))
        .keyset("op")
        .policy(json!({ "typ": "JWT" }))
        .valid(),
    );
    // The member name spelled with escapes is the same name once decoded.
    let escaped = format!(
        r#"{{"iss":"{OP}","sub":"248289761001","aud":"{CLIENT}","iat":{},"exp":{},"jti":"bWJq","events":{{"http:\/\/schemas.openid.net\/event\/backchannel-logout":{{}}}}}}"#,
        NOW - 10,
        NOW + 110
    );
    s.add(
        case(
            "valid-event-name-escaped",
            "The event's member name written with \\/ escapes: compared after unescaping; accepted",
            format!("{}; RFC 8259 s7", src("2.4")),
        )
        .token(crate::common::token_bytes(
            rsa,
            "RS256",
            typed.clone(),
            escaped.as_bytes(),
        ))
        .keyset("op")
        .valid(),
    );

    // One case per rule.
    let mut reject = |id: &str,
                      what: &str,
                      header: Value,
                      body: Value,
                      policy: Value,
                      expect: &str,
                      section: &str| {
        s.add(
            case(id, format!("Logout token: {what}"), src(section))
                .token(token(rsa, "RS256", header, &body))
                .keyset("op")
                .policy(policy)
                .expect(expect),
        );
    };
    for typ in ["JWT", "at+jwt", "secevent+jwt", "logout"] {
        reject(
            &format!("typ-{}", typ.replace('+', "-")),
            &format!("typ {typ}: not a logout token's type"),
            json!({ "typ": typ }),
            claims.clone(),
            json!({}),
            "type_mismatch",
            "2.4; RFC 8725 s3.11",
        );
    }
    reject(
        "typ-required-by-policy-absent",
        "no typ, and the policy requires explicit typing (typ logout+jwt)",
        json!({}),
        claims.clone(),
        json!({ "typ": "logout+jwt" }),
        "type_mismatch",
        "2.4; RFC 8725 s3.11",
    );
    s_add_required(&mut reject, &claims, &typed);
    reject(
        "no-sub-no-sid",
        "neither sub nor sid",
        typed.clone(),
        patch(&claims, json!({ "sub": null, "sid": null })),
        json!({}),
        "missing_claim",
        "2.4, 2.6 step 5",
    );
    reject(
        "sid-number",
        "sid is a number, not a string",
        typed.clone(),
        patch(&claims, json!({ "sid": 8 })),
        json!({}),
        "malformed_claims",
        "2.4",
    );
    reject(
        "nonce-present",
        "a nonce claim (prohibited: it would make the token pass as an ID token)",
        typed.clone(),
        patch(&claims, json!({ "nonce": "n-0S6_WzA2Mj" })),
        json!({}),
        "prohibited_claim",
        "2.4, 2.6 step 7",
    );
    reject(
        "nonce-present-and-expected",
        "a nonce claim, and the policy names that nonce: still prohibited",
        typed.clone(),
        patch(&claims, json!({ "nonce": "n-0S6_WzA2Mj" })),
        json!({ "nonce": "n-0S6_WzA2Mj" }),
        "prohibited_claim",
        "2.4, 2.6 step 7",
    );
    for (id, what, events) in [
        ("events-empty", "events is an empty object", json!({})),
        (
            "events-array",
            "events is an array holding the event's name",
            json!([EVENT]),
        ),
        (
            "events-string",
            "events is the event's name as a string",
            json!(EVENT),
        ),
        ("events-null", "events is null", Value::Null),
        (
            "events-frontchannel",
            "events names another event only",
            json!({ "http://schemas.openid.net/event/frontchannel-logout": {} }),
        ),
        (
            "events-https",
            "events names the event with https instead of http",
            json!({ "https://schemas.openid.net/event/backchannel-logout": {} }),
        ),
        (
            "events-trailing-slash",
            "the event's name with a trailing /",
            json!({ format!("{EVENT}/"): {} }),
        ),
        (
            "event-true",
            "the event's value is true, not an object",
            json!({ EVENT: true }),
        ),
        (
            "event-array",
            "the event's value is an array",
            json!({ EVENT: [] }),
        ),
        (
            "event-string",
            "the event's value is a string",
            json!({ EVENT: "logout" }),
        ),
    ] {
        let body = if events.is_null() {
            crate::common::set_null(&claims, "events")
        } else {
            patch(&claims, json!({ "events": events }))
        };
        reject(
            id,
            what,
            typed.clone(),
            body,
            json!({}),
            "invalid_logout_event",
            "2.4, 2.6 step 6",
        );
    }
    reject(
        "iss-other",
        "iss names another issuer",
        typed.clone(),
        patch(&claims, json!({ "iss": "https://evil.example" })),
        json!({}),
        "issuer_mismatch",
        "2.6 step 4",
    );
    reject(
        "aud-other",
        "aud names another client",
        typed.clone(),
        patch(&claims, json!({ "aud": "client-2" })),
        json!({}),
        "audience_mismatch",
        "2.6 step 4",
    );
    reject(
        "aud-extra",
        "aud holds the client and an audience it does not trust (as for ID tokens)",
        typed.clone(),
        patch(&claims, json!({ "aud": [CLIENT, "client-2"] })),
        json!({}),
        "audience_mismatch",
        "2.6 step 4; OpenID Connect Core 1.0 s3.1.3.7 rule 3",
    );
    reject(
        "expired",
        "exp has passed",
        typed.clone(),
        patch(&claims, json!({ "exp": NOW - 1 })),
        json!({}),
        "expired",
        "2.6 step 4",
    );
    reject(
        "iat-future",
        "iat is in the future",
        typed.clone(),
        patch(&claims, json!({ "iat": NOW + 60 })),
        json!({}),
        "issued_in_future",
        "2.6 step 4",
    );
    reject(
        "iat-too-old",
        "iat older than the relying party's window (120 s)",
        typed.clone(),
        patch(&claims, json!({ "iat": NOW - 121 })),
        json!({ "max_token_age": 120 }),
        "token_too_old",
        "2.6 step 4; OpenID Connect Core 1.0 s3.1.3.7 rule 10",
    );
    s.add(
        case(
            "alg-none",
            "Unsecured logout token (alg none)",
            src("2.6 step 3"),
        )
        .token(format!(
            "{}.{}.",
            b64(br#"{"alg":"none","typ":"logout+jwt"}"#),
            b64(crate::common::text(&claims).as_bytes())
        ))
        .keyset("op")
        .expect("algorithm_not_allowed"),
    );
    let good = token(rsa, "RS256", typed.clone(), &claims);
    let flipped: Vec<u8> = signature(&good).iter().map(|b| b ^ 0x5A).collect();
    s.add(
        case(
            "bad-signature",
            "Logout token whose signature bytes are XORed with 0x5A",
            src("2.6 step 2"),
        )
        .token(with_signature(&good, &flipped))
        .keyset("op")
        .expect("invalid_signature"),
    );

    // Confusion between the profiles.
    let id = patch(&id_claims(), json!({ "nonce": "n-0S6_WzA2Mj" }));
    let at = patch(
        &id_claims(),
        json!({ "aud": CLIENT, "client_id": CLIENT, "jti": "at-1", "scope": "openid" }),
    );
    let cross: Vec<(&str, &str, Value, Value, Value, &str, &str)> = vec![
        (
            "logout-typed-as-id-token",
            "A logout token (typ logout+jwt) offered as an ID token",
            typed.clone(),
            claims.clone(),
            json!({ "profile": "id_token" }),
            "type_mismatch",
            "4.1; RFC 8725 s3.11",
        ),
        (
            "logout-untyped-as-id-token",
            "A logout token without typ, with sub, offered as an ID token: its events claim makes it a security event",
            json!({}),
            claims.clone(),
            json!({ "profile": "id_token" }),
            "prohibited_claim",
            "4.1; RFC 8417 s4.1",
        ),
        (
            "logout-untyped-as-id-token-with-nonce",
            "A logout token without typ offered as an ID token answering a request with a nonce: it has no nonce",
            json!({}),
            patch(&claims, json!({ "events": null })),
            json!({ "profile": "id_token", "nonce": "n-0S6_WzA2Mj" }),
            "nonce_mismatch",
            "2.4 (nonce prohibited so that this fails); 4.1",
        ),
        (
            "logout-as-access-token",
            "A logout token offered as an access token",
            typed.clone(),
            patch(&claims, json!({ "client_id": CLIENT })),
            json!({ "profile": "access_token" }),
            "type_mismatch",
            "4.1; RFC 9068 s4",
        ),
        (
            "id-token-typed-as-logout",
            "An ID token (typ JWT) offered as a logout token",
            json!({ "typ": "JWT" }),
            id.clone(),
            json!({}),
            "type_mismatch",
            "4.1; RFC 8725 s3.11",
        ),
        (
            "id-token-untyped-as-logout",
            "An ID token without typ offered as a logout token: no jti",
            json!({}),
            id.clone(),
            json!({}),
            "missing_claim",
            "2.4, 4.1",
        ),
        (
            "id-token-with-jti-as-logout",
            "An ID token without typ, with a jti, offered as a logout token: no events",
            json!({}),
            patch(&id, json!({ "jti": "id-1" })),
            json!({}),
            "missing_claim",
            "2.4, 2.6 step 6",
        ),
        (
            "id-token-with-jti-and-events-as-logout",
            "An ID token without typ, with jti and an events claim of another kind, offered as a logout token",
            json!({}),
            patch(
                &id,
                json!({ "nonce": null, "jti": "id-1", "events": { "https://example.com/event": {} } }),
            ),
            json!({}),
            "invalid_logout_event",
            "2.6 step 6",
        ),
        (
            "id-token-nonce-as-logout",
            "A token shaped as an ID token with events and a nonce offered as a logout token: the nonce gives it away",
            json!({}),
            patch(&id, json!({ "jti": "id-1", "events": { EVENT: {} } })),
            json!({}),
            "prohibited_claim",
            "2.4, 2.6 step 7",
        ),
        (
            "access-token-as-logout",
            "An access token (typ at+jwt) offered as a logout token",
            json!({ "typ": "at+jwt" }),
            at,
            json!({}),
            "type_mismatch",
            "4.1; RFC 9068 s4",
        ),
    ];
    for (id, what, header, body, policy, expect, section) in cross {
        s.add(
            case(format!("cross-{id}"), what, src(section))
                .token(token(rsa, "RS256", header, &body))
                .keyset("op")
                .policy(policy)
                .expect(expect),
        );
    }
    s
}

/// A case for each claim the profile requires.
fn s_add_required(
    reject: &mut impl FnMut(&str, &str, Value, Value, Value, &str, &str),
    claims: &Value,
    typed: &Value,
) {
    for claim in ["iss", "aud", "iat", "exp", "jti", "events"] {
        reject(
            &format!("{claim}-absent"),
            &format!("{claim} absent"),
            typed.clone(),
            patch(claims, json!({ claim: null })),
            json!({}),
            "missing_claim",
            if claim == "exp" || claim == "iat" {
                "2.4, 2.6 step 4"
            } else {
                "2.4"
            },
        );
    }
}
