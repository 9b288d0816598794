//! Suite `attack-explicit-typing`: RFC 8725 §3.11. A logout token, a security event token or a
//! DPoP proof signed by the issuer's own key must not pass as an ID token or plain JWT, nor an
//! ID token as an access token. The ID token and JWT profiles take `typ` absent or `JWT` (media
//! type rules: ASCII case-insensitive, optional `application/` prefix, RFC 7515 §4.1.9) unless the
//! policy names another type; access tokens take `at+jwt` (RFC 9068 §4).

use serde_json::{Value, json};

use super::{FAMILIES, op_keyset};
use crate::common::{CLIENT, NOW, OP, Suite, case, patch, token};
use crate::keys::Keys;

/// Claims every profile of this suite accepts when `typ` is right: an ID token that is also a
/// back-channel logout token, a security event and an access token in shape (OIDC Back-Channel
/// Logout 1.0 §2.4, RFC 8417 §2.2, RFC 9449 §4.2, RFC 9068 §2.2), so that `typ` alone decides.
/// Offered as an ID token it carries no `events` (an ID token with `events` is a security
/// event, refused as `prohibited_claim` whatever its `typ`: the logout-token suite has those).
fn claims() -> Value {
    json!({
        "iss": OP,
        "sub": "alice",
        "aud": CLIENT,
        "exp": NOW + 3600,
        "iat": NOW - 60,
        "jti": "6f2b1b5e-3c8d-4a8e-9e0f-1b2c3d4e5f60",
        "client_id": CLIENT,
        "sid": "08a5019c-17e1-4977-8f42-65a12843ea02",
        "events": { "http://schemas.openid.net/event/backchannel-logout": {} },
        "htm": "POST",
        "htu": "https://op.example/token",
    })
}

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/explicit-typing.json",
        "attack-explicit-typing",
        "Explicit typing (RFC 8725 s3.11): logout tokens, security event tokens, DPoP proofs and \
         access tokens from the same issuer and key refused as ID tokens and JWTs; logout tokens \
         typed logout+jwt or not at all; typ compared as a media type; a policy-named typ; for \
         each signing family",
        json!({ "now": NOW, "profile": "id_token", "issuer": OP, "audience": CLIENT }),
    );
    op_keyset(&mut s, keys);
    let src = "RFC 8725 s3.11; RFC 7515 s4.1.9; conformance notes s4.17";
    let id_token: Vec<(&str, Option<&str>, &str)> = vec![
        ("absent", None, "valid"),
        ("jwt", Some("JWT"), "valid"),
        ("jwt-lowercase", Some("jwt"), "valid"),
        ("application-jwt", Some("application/jwt"), "valid"),
        (
            "application-jwt-mixed-case",
            Some("Application/JWT"),
            "valid",
        ),
        ("logout", Some("logout+jwt"), "type_mismatch"),
        (
            "application-logout",
            Some("application/logout+jwt"),
            "type_mismatch",
        ),
        ("secevent", Some("secevent+jwt"), "type_mismatch"),
        ("dpop", Some("dpop+jwt"), "type_mismatch"),
        ("at-jwt", Some("at+jwt"), "type_mismatch"),
        ("jose", Some("JOSE"), "type_mismatch"),
        ("empty", Some(""), "type_mismatch"),
        ("jwt-trailing-space", Some("JWT "), "type_mismatch"),
        ("application-only", Some("application/"), "type_mismatch"),
    ];
    let jwt: Vec<(&str, Option<&str>, Option<&str>, &str)> = vec![
        ("absent", None, None, "valid"),
        ("jwt", Some("JWT"), None, "valid"),
        ("logout", Some("logout+jwt"), None, "type_mismatch"),
        ("secevent", Some("secevent+jwt"), None, "type_mismatch"),
        ("dpop", Some("dpop+jwt"), None, "type_mismatch"),
        (
            "policy-logout-logout",
            Some("logout+jwt"),
            Some("logout+jwt"),
            "valid",
        ),
        (
            "policy-logout-application-logout",
            Some("application/logout+jwt"),
            Some("logout+jwt"),
            "valid",
        ),
        (
            "policy-logout-absent",
            None,
            Some("logout+jwt"),
            "type_mismatch",
        ),
        (
            "policy-logout-jwt",
            Some("JWT"),
            Some("logout+jwt"),
            "type_mismatch",
        ),
    ];
    let access: Vec<(&str, Option<&str>, &str)> = vec![
        ("at-jwt", Some("at+jwt"), "valid"),
        ("application-at-jwt", Some("application/at+jwt"), "valid"),
        ("jwt", Some("JWT"), "type_mismatch"),
        ("absent", None, "type_mismatch"),
        ("logout", Some("logout+jwt"), "type_mismatch"),
    ];
    let logout: Vec<(&str, Option<&str>, &str)> = vec![
        ("absent", None, "valid"),
        ("logout", Some("logout+jwt"), "valid"),
        (
            "application-logout",
            Some("application/logout+jwt"),
            "valid",
        ),
        ("jwt", Some("JWT"), "type_mismatch"),
        ("at-jwt", Some("at+jwt"), "type_mismatch"),
        ("secevent", Some("secevent+jwt"), "type_mismatch"),
    ];
    let header = |typ: Option<&str>| match typ {
        Some(t) => json!({ "typ": t }),
        None => json!({}),
    };
    for (alg, kid) in FAMILIES {
        let key = keys.private(kid);
        let family = alg.to_lowercase();
        let add = |s: &mut Suite,
                   id: String,
                   what: String,
                   typ: Option<&str>,
                   policy: Value,
                   expect: &str| {
            let body = if policy.get("profile").is_none() {
                patch(&claims(), json!({ "events": null }))
            } else {
                claims()
            };
            let mut c = case(id, what, src)
                .token(token(key, alg, header(typ), &body))
                .keyset("op")
                .policy(policy)
                .expect(expect);
            if expect == "valid" {
                c = c.claims(json!({ "sub": "alice" }));
            }
            s.add(c);
        };
        let shown = |typ: Option<&str>| typ.map_or("absent".to_owned(), |t| format!("{t:?}"));
        for (id, typ, expect) in &id_token {
            add(
                &mut s,
                format!("{family}-id-token-typ-{id}"),
                format!("{alg} token offered as an ID token, typ {}", shown(*typ)),
                *typ,
                json!({}),
                expect,
            );
        }
        for (id, typ, wanted, expect) in &jwt {
            let mut policy = patch(&json!({ "profile": "jwt" }), json!({}));
            if let Some(w) = wanted {
                policy["typ"] = json!(w);
            }
            add(
                &mut s,
                format!("{family}-jwt-typ-{id}"),
                format!(
                    "{alg} token under the JWT profile, typ {}{}",
                    shown(*typ),
                    wanted.map_or(String::new(), |w| format!(", the policy names typ {w:?}"))
                ),
                *typ,
                policy,
                expect,
            );
        }
        for (id, typ, expect) in &logout {
            add(
                &mut s,
                format!("{family}-logout-token-typ-{id}"),
                format!(
                    "{alg} token offered as a back-channel logout token, typ {}",
                    shown(*typ)
                ),
                *typ,
                json!({ "profile": "logout_token" }),
                expect,
            );
        }
        for (id, typ, expect) in &access {
            add(
                &mut s,
                format!("{family}-access-token-typ-{id}"),
                format!(
                    "{alg} token offered as an access token, typ {}",
                    shown(*typ)
                ),
                *typ,
                json!({ "profile": "access_token", "audience": CLIENT }),
                expect,
            );
        }
    }
    s
}
