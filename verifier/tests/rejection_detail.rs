//! `verify_explained`: the same verdict as `verify`, with the values that explain a refusal.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)] // test code

mod common;

use common::hs256;
use jwtv::{Algorithm, Detail, Error, Key, Policy, TokenBuffer, verify, verify_explained};

const SECRET: &[u8] = b"an HS256 test secret, 32+ bytes long";
const NOW: u64 = 1_700_000_000;
const POLICY: Policy<'static> =
    Policy::id_token(&[Algorithm::HS256], "https://op", "rp").with_nonce("n-1");

fn claims(extra: &str) -> String {
    format!(
        r#"{{"iss":"https://op","sub":"alice","aud":"rp","exp":{},"iat":{},"nonce":"n-1"{extra}}}"#,
        NOW + 60,
        NOW - 60
    )
}

/// Both entry points on one token: the error must agree; the detail and its text are returned.
fn explain(
    header: &str,
    payload: &str,
    policy: &Policy<'static>,
) -> (Error, Detail<'static>, String) {
    let token = hs256(SECRET, header, payload);
    let keys = [Key::oct(SECRET).unwrap().with_kid("k1").unwrap()];
    let mut plain = TokenBuffer::<2048>::new();
    let expected = verify(token.as_bytes(), &keys, policy, NOW, &mut plain)
        .err()
        .unwrap();
    let buffer = Box::leak(Box::new(TokenBuffer::<2048>::new()));
    let rejection = verify_explained(token.as_bytes(), &keys, policy, NOW, buffer).unwrap_err();
    assert_eq!(rejection.error(), expected);
    assert_eq!(Error::from(rejection), expected);
    (rejection.error(), rejection.detail(), rejection.to_string())
}

const H: &str = r#"{"alg":"HS256","kid":"k1"}"#;

#[test]
fn each_refusal_names_its_values() {
    let (e, d, text) = explain(r#"{"alg":"HS256","kid":"k\u0032"}"#, &claims(""), &POLICY);
    assert_eq!(e, Error::KeyNotFound);
    assert!(matches!(d, Detail::Key { alg: Algorithm::HS256, kid: Some(kid) } if kid == "k2"));
    assert!(text.ends_with(r#"(alg HS256, kid "k2")"#), "{text}");

    let (e, d, text) = explain(
        H,
        &claims("").replace("https://op", "https://evil"),
        &POLICY,
    );
    assert_eq!(e, Error::IssuerMismatch);
    assert!(
        matches!(d, Detail::Mismatch { name: "iss", found: Some(f), expected: Some("https://op") } if f == "https://evil")
    );
    assert!(
        text.contains(r#"(iss "https://evil", expected "https://op")"#),
        "{text}"
    );

    let (e, d, _) = explain(
        H,
        &claims("").replace(r#""aud":"rp""#, r#""aud":["rp","other"]"#),
        &POLICY,
    );
    assert_eq!(e, Error::AudienceMismatch);
    assert!(matches!(d, Detail::Mismatch { name: "aud", found: Some(f), .. } if f == "other"));

    let (e, d, text) = explain(
        H,
        &claims("").replace(r#","nonce":"n-1""#, ""),
        &POLICY.with_required_claims(&["door"]),
    );
    assert_eq!(e, Error::MissingClaim);
    assert_eq!(d, Detail::MissingClaim("door"));
    assert!(text.ends_with(r#"(claim "door")"#), "{text}");

    let (e, d, text) = explain(H, &claims("").replace("n-1", "n-2"), &POLICY);
    assert_eq!(e, Error::NonceMismatch);
    assert!(text.contains(r#"(nonce "n-2", expected "n-1")"#), "{text}");
    assert!(matches!(d, Detail::Mismatch { name: "nonce", .. }));

    let expired = claims("").replace(&format!("{}", NOW + 60), &format!("{}", NOW - 10));
    let (e, d, text) = explain(H, &expired, &POLICY.with_leeway(5));
    assert_eq!(e, Error::Expired);
    assert_eq!(
        d,
        Detail::Time {
            claim: "exp",
            value: NOW - 10,
            now: NOW,
            leeway: 5
        }
    );
    assert!(
        text.ends_with(&format!("(exp {}, now {NOW}, leeway 5)", NOW - 10)),
        "{text}"
    );

    // Each time rule names its own claim and value.
    let (e, d, text) = explain(H, &claims(&format!(r#","nbf":{}"#, NOW + 30)), &POLICY);
    assert_eq!(e, Error::NotYetValid);
    assert_eq!(
        d,
        Detail::Time {
            claim: "nbf",
            value: NOW + 30,
            now: NOW,
            leeway: 0
        }
    );
    assert!(
        text.ends_with(&format!("(nbf {}, now {NOW}, leeway 0)", NOW + 30)),
        "{text}"
    );
    let (e, d, _) = explain(
        H,
        &claims(&format!(r#","auth_time":{}"#, NOW - 600)),
        &POLICY.with_max_age(300),
    );
    assert_eq!(e, Error::AuthTooOld);
    assert_eq!(
        d,
        Detail::Time {
            claim: "auth_time",
            value: NOW - 600,
            now: NOW,
            leeway: 0
        }
    );

    // The audience named is the first one the policy does not accept, whether accepted as the
    // client id or as an additional audience.
    let (e, d, _) = explain(
        H,
        &claims("").replace(
            r#""aud":"rp""#,
            r#""aud":["rp-v2","rp","other"],"azp":"rp""#,
        ),
        &POLICY.with_additional_audiences(&["rp-v2"]),
    );
    assert_eq!(e, Error::AudienceMismatch);
    assert!(matches!(d, Detail::Mismatch { name: "aud", found: Some(f), .. } if f == "other"));

    let (e, d, _) = explain(
        r#"{"alg":"HS256","kid":"k1","typ":"at+jwt"}"#,
        &claims(""),
        &POLICY,
    );
    assert_eq!(e, Error::TypeMismatch);
    assert!(
        matches!(d, Detail::Mismatch { name: "typ", found: Some(t), expected: Some("JWT") } if t == "at+jwt")
    );

    let (e, d, _) = explain(H, &claims(r#","azp":"x""#), &POLICY);
    assert_eq!(e, Error::AuthorizedPartyMismatch);
    assert!(matches!(d, Detail::Mismatch { name: "azp", .. }));
}

#[test]
fn logout_and_flow_rules_are_named() {
    use jwtv::IdTokenSource;
    const LOGOUT: Policy<'static> = Policy::logout_token(&[Algorithm::HS256], "https://op", "rp");
    let logout = |extra: &str| {
        format!(
            r#"{{"iss":"https://op","aud":"rp","iat":{},"exp":{},"jti":"j"{extra}}}"#,
            NOW - 60,
            NOW + 60
        )
    };
    let event = r#","events":{"http://schemas.openid.net/event/backchannel-logout":{}}"#;
    let (e, d, text) = explain(H, &logout(event), &LOGOUT);
    assert_eq!(e, Error::MissingClaim);
    assert!(matches!(d, Detail::Rule(rule) if rule.contains("sub, sid or both")));
    assert!(text.contains("§2.4"), "{text}");
    let (e, d, _) = explain(
        H,
        &logout(&format!(r#","sid":"s","nonce":"n"{event}"#)),
        &LOGOUT,
    );
    assert_eq!(e, Error::ProhibitedClaim);
    assert!(matches!(d, Detail::Rule(rule) if rule.contains("must not contain nonce")));
    let (e, d, text) = explain(H, &logout(r#","sid":"s","events":{}"#), &LOGOUT);
    assert_eq!(e, Error::InvalidLogoutEvent);
    assert!(
        matches!(d, Detail::Rule(rule) if rule.contains("http://schemas.openid.net/event/backchannel-logout")),
        "{text}"
    );
    let (e, d, _) = explain(H, &logout(r#","sid":"s""#), &LOGOUT);
    assert_eq!(
        (e, d),
        (Error::MissingClaim, Detail::MissingClaim("events"))
    );
    let typed = r#"{"alg":"HS256","kid":"k1","typ":"JWT"}"#;
    let (e, d, _) = explain(typed, &logout(&format!(r#","sid":"s"{event}"#)), &LOGOUT);
    assert_eq!(e, Error::TypeMismatch);
    assert!(matches!(
        d,
        Detail::Mismatch {
            name: "typ",
            expected: Some("logout+jwt"),
            ..
        }
    ));
    // A logout token without typ offered as an ID token.
    let (e, d, _) = explain(H, &claims(event), &POLICY);
    assert_eq!(e, Error::ProhibitedClaim);
    assert!(matches!(d, Detail::Rule(rule) if rule.contains("ID token does not contain events")));

    // The flow that required a hash, or a nonce.
    let implicit = POLICY.received_from(IdTokenSource::Implicit {
        access_token: Some("at"),
        nonce: "n-1",
    });
    let (e, d, _) = explain(H, &claims(""), &implicit);
    assert_eq!(e, Error::AtHashMismatch);
    assert!(matches!(d, Detail::Rule(rule) if rule.contains("id_token token")));
    let hybrid = POLICY.received_from(IdTokenSource::Hybrid {
        code: "c",
        access_token: None,
        nonce: "n-1",
    });
    let (e, d, _) = explain(H, &claims(""), &hybrid);
    assert_eq!(e, Error::CHashMismatch);
    assert!(matches!(d, Detail::Rule(rule) if rule.contains("code id_token")));
    let hybrid_token = POLICY.received_from(IdTokenSource::Hybrid {
        code: "c",
        access_token: Some("at"),
        nonce: "n-1",
    });
    let (e, d, _) = explain(H, &claims(""), &hybrid_token);
    assert_eq!(e, Error::AtHashMismatch);
    assert!(matches!(d, Detail::Rule(rule) if rule.contains("code id_token token")));
    // Where the caller's policy asks for the hash too, the text names the policy.
    for policy in [
        implicit.with_access_token("at"),
        hybrid_token.with_access_token("at"),
    ] {
        let (e, d, _) = explain(H, &claims(""), &policy);
        assert_eq!(e, Error::AtHashMismatch);
        assert!(matches!(d, Detail::Rule(rule) if rule.contains("(with_access_token)")));
    }
    let (e, d, _) = explain(H, &claims(""), &hybrid.with_code("c"));
    assert_eq!(e, Error::CHashMismatch);
    assert!(matches!(d, Detail::Rule(rule) if rule.contains("(with_code)")));
    let (e, d, _) = explain(H, &claims(r#","c_hash":"AAAAAAAAAAAAAAAAAAAAAA""#), &hybrid);
    assert_eq!(e, Error::CHashMismatch);
    assert!(matches!(d, Detail::Rule(rule) if rule.contains("left half")));
    // The implicit flow's nonce comes with its source: the value sent is the one expected.
    const SENT: Policy<'static> = Policy::id_token(&[Algorithm::HS256], "https://op", "rp")
        .received_from(IdTokenSource::Implicit {
            access_token: None,
            nonce: "n-2",
        });
    let no_nonce = claims("").replace(r#","nonce":"n-1""#, "");
    let (e, d, text) = explain(H, &no_nonce, &SENT);
    assert_eq!(e, Error::NonceMismatch);
    assert_eq!(
        d,
        Detail::Mismatch {
            name: "nonce",
            found: None,
            expected: Some("n-2")
        }
    );
    assert!(
        text.ends_with(r#"(nonce absent, expected "n-2")"#),
        "{text}"
    );
    let (e, d, _) = explain(H, &claims(""), &SENT);
    assert_eq!(e, Error::NonceMismatch);
    assert!(matches!(
        d,
        Detail::Mismatch { name: "nonce", found: Some(found), expected: Some("n-2") } if found == "n-1"
    ));
}

/// An HMAC secret long enough for HS256 but not for HS512 (RFC 7518 §3.2): the refusal says so.
#[test]
fn a_short_secret_is_named() {
    let secret = [7u8; 40];
    let token = common::hs512(&secret, r#"{"alg":"HS512"}"#, &claims(""));
    let keys = [Key::oct(&secret).unwrap()];
    const ANY: Policy<'static> = Policy::id_token(&[Algorithm::HS512], "https://op", "rp");
    let mut buffer = TokenBuffer::<2048>::new();
    let r = verify_explained(token.as_bytes(), &keys, &ANY, NOW, &mut buffer).unwrap_err();
    assert_eq!(r.error(), Error::KeyNotFound);
    assert_eq!(
        r.detail(),
        Detail::ShortSecret {
            alg: Algorithm::HS512,
            kid: None,
            bytes: 40,
            needed: 64
        }
    );
    assert_eq!(
        r.to_string(),
        "key_not_found: no provisioned key matches the header (alg HS512, no kid): the secret is \
         40 bytes; HS512 needs at least 64 (RFC 7518 §3.2)"
    );
    // The token's kid names the secret: the same detail, with the kid.
    let named = common::hs512(&secret, r#"{"alg":"HS512","kid":"k"}"#, &claims(""));
    let with_kid_k = [Key::oct(&secret).unwrap().with_kid("k").unwrap()];
    let mut buffer = TokenBuffer::<2048>::new();
    let r = verify_explained(named.as_bytes(), &with_kid_k, &ANY, NOW, &mut buffer).unwrap_err();
    assert!(matches!(
        r.detail(),
        Detail::ShortSecret {
            alg: Algorithm::HS512,
            kid: Some(kid),
            bytes: 40,
            needed: 64
        } if kid == "k"
    ));
    // A kid that names another key, or a secret pinned to another algorithm: nothing to say
    // about its length.
    let token = common::hs512(&secret, r#"{"alg":"HS512","kid":"other"}"#, &claims(""));
    let pinned = [Key::oct(&secret)
        .unwrap()
        .with_alg(Algorithm::HS256)
        .unwrap()];
    let no_kid = common::hs512(&secret, r#"{"alg":"HS512"}"#, &claims(""));
    let with_kid = [Key::oct(&secret).unwrap().with_kid("k").unwrap()];
    for (token, keys) in [(&token, &keys), (&no_kid, &pinned), (&token, &with_kid)] {
        let mut buffer = TokenBuffer::<2048>::new();
        let r = verify_explained(token.as_bytes(), keys, &ANY, NOW, &mut buffer).unwrap_err();
        assert!(matches!(
            r.detail(),
            Detail::Key {
                alg: Algorithm::HS512,
                ..
            }
        ));
    }
}

#[test]
fn refusals_before_the_header_have_no_detail() {
    let keys = [Key::oct(SECRET).unwrap()];
    let mut buffer = TokenBuffer::<64>::new();
    let r = verify_explained(b"not a token", &keys, &POLICY, NOW, &mut buffer).unwrap_err();
    assert_eq!(
        (r.error(), r.detail()),
        (Error::MalformedToken, Detail::None)
    );
}
