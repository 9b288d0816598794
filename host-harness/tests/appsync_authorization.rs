//! AppSync-style authorization: an OIDC provider's ID token carries an identity claim (`user_id`)
//! and a groups claim (`user_groups`); the application reads them through its own claim type with
//! `Verified::deserialize_claims` (borrowing from the token, no heap), after the verifier has
//! applied the issuer, client id, issued-at TTL and auth-time TTL.

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

use core::fmt;

use common::{EC_KEY, jwks, private_key, sign};
use jwtv::{Algorithm, Error, KeySet, Policy, TokenBuffer, verify};
use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde_json::json;

const ISSUER: &str = "https://auth.example.com";
const CLIENT_ID: &str = "appsync-client";
const NOW: u64 = 1_700_000_000;

/// What the application knows about the caller. Strings borrow from the token.
#[derive(Debug, serde::Deserialize)]
struct AppClaims<'a> {
    #[serde(borrow)]
    user_id: &'a str,
    #[serde(borrow, default)]
    user_groups: Groups<'a>,
}

/// Up to eight group names, without a heap (the shape of `heapless::Vec<&str, 8>`).
#[derive(Debug, Default)]
struct Groups<'a> {
    names: [&'a str; 8],
    len: usize,
}

impl Groups<'_> {
    fn contains(&self, group: &str) -> bool {
        self.names.iter().take(self.len).any(|g| *g == group)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Groups<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct GroupsVisitor;
        impl<'de> Visitor<'de> for GroupsVisitor {
            type Value = Groups<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("at most 8 group names")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Groups<'de>, A::Error> {
                let mut groups = Groups::default();
                while let Some(name) = seq.next_element::<&'de str>()? {
                    let slot = groups
                        .names
                        .get_mut(groups.len)
                        .ok_or_else(|| de::Error::invalid_length(groups.len + 1, &self))?;
                    *slot = name;
                    groups.len += 1;
                }
                Ok(groups)
            }
        }
        deserializer.deserialize_seq(GroupsVisitor)
    }
}

/// A resolver's rule: only members of `group` may call it.
fn authorize(token: &str, group: &str) -> Result<bool, Error> {
    let key = private_key(EC_KEY);
    let (keys, _) = KeySet::<2>::from_jwks(&serde_json::to_vec(&jwks(&[&key])).unwrap())?;
    // AppSync's OIDC settings: issuer, client id, issued-at TTL, auth-time TTL.
    const POLICY: Policy<'static> = Policy::id_token(&[Algorithm::ES256], ISSUER, CLIENT_ID)
        .with_max_token_age(3600)
        .with_max_age(86_400);
    let mut buffer = TokenBuffer::<2048>::new();
    let verified = verify(token.as_bytes(), &keys, &POLICY, NOW, &mut buffer)?;
    let claims: AppClaims<'_> = verified.deserialize_claims()?;
    Ok(!claims.user_id.is_empty() && claims.user_groups.contains(group))
}

fn token(extra: serde_json::Value) -> String {
    let mut claims = json!({
        "iss": ISSUER, "aud": CLIENT_ID, "sub": "b4c1-7e", "exp": NOW + 600,
        "iat": NOW - 60, "auth_time": NOW - 3600, "token_use": "id",
    });
    for (name, value) in extra.as_object().unwrap() {
        claims[name] = value.clone();
    }
    sign(&private_key(EC_KEY), "ES256", &claims)
}

#[test]
fn members_of_the_group_are_authorized() {
    let t = token(json!({"user_id": "alice", "user_groups": ["readers", "admin"]}));
    assert_eq!(authorize(&t, "admin"), Ok(true));
    assert_eq!(authorize(&t, "readers"), Ok(true));
    assert_eq!(authorize(&t, "Admin"), Ok(false));
    assert_eq!(authorize(&t, "billing"), Ok(false));
}

#[test]
fn the_claims_borrow_from_the_token() {
    let t = token(json!({"user_id": "alice", "user_groups": ["ops"]}));
    let key = private_key(EC_KEY);
    let (keys, _) = KeySet::<1>::from_jwks(&serde_json::to_vec(&jwks(&[&key])).unwrap()).unwrap();
    let policy = Policy::id_token(&[Algorithm::ES256], ISSUER, CLIENT_ID);
    let mut buffer = TokenBuffer::<2048>::new();
    let verified = verify(t.as_bytes(), &keys, &policy, NOW, &mut buffer).unwrap();
    let claims: AppClaims<'_> = verified.deserialize_claims().unwrap();
    assert_eq!(claims.user_id, "alice");
    let payload = verified.payload().as_ptr_range();
    assert!(
        payload.contains(&claims.user_id.as_ptr()),
        "user_id is borrowed, not copied"
    );
    assert_eq!(claims.user_groups.len, 1);
}

#[test]
fn no_groups_means_no_access_and_bad_shapes_are_malformed() {
    assert_eq!(
        authorize(&token(json!({"user_id": "bob"})), "admin"),
        Ok(false)
    );
    assert_eq!(
        authorize(&token(json!({"user_groups": ["admin"]})), "admin"),
        Err(Error::MalformedClaims),
        "no identity claim"
    );
    let nine: Vec<String> = (0..9).map(|i| format!("g{i}")).collect();
    assert_eq!(
        authorize(&token(json!({"user_id": "bob", "user_groups": nine})), "g0"),
        Err(Error::MalformedClaims),
        "more groups than the application holds"
    );
    assert_eq!(
        authorize(
            &token(json!({"user_id": "bob", "user_groups": "admin"})),
            "admin"
        ),
        Err(Error::MalformedClaims),
        "groups must be an array"
    );
}

/// A token whose payload is exactly `payload` (so it can hold escapes serde_json would not write).
fn raw_token(payload: &str) -> String {
    host_harness::jose::sign(
        &private_key(EC_KEY),
        "ES256",
        &serde_json::Map::new(),
        payload.as_bytes(),
    )
    .unwrap()
}

fn raw_payload(user_id_json: &str) -> String {
    format!(
        r#"{{"iss":"{ISSUER}","aud":"{CLIENT_ID}","sub":"s","exp":{},"iat":{},"auth_time":{},"user_id":{user_id_json},"user_groups":["admin"]}}"#,
        NOW + 600,
        NOW - 60,
        NOW - 60
    )
}

#[test]
fn an_escaped_string_is_never_read_raw_into_a_borrowed_str() {
    // `"adm\u0069n"` is the string "admin". Without scratch, a borrowed &str cannot hold it
    // unescaped, so the outcome is an error naming the member (give deserialize_claims_escaped
    // a scratch buffer), never the raw 10 characters `adm\u0069n`, nor a PHP-style issuer's
    // `"a\/b"` as `a\/b`.
    for escaped in [r#""adm\u0069n""#, r#""a\/b""#, r#""al\"ice""#] {
        let token = raw_token(&raw_payload(escaped));
        let key = private_key(EC_KEY);
        let (keys, _) =
            KeySet::<1>::from_jwks(&serde_json::to_vec(&jwks(&[&key])).unwrap()).unwrap();
        let policy = Policy::id_token(&[Algorithm::ES256], ISSUER, CLIENT_ID);
        let mut buffer = TokenBuffer::<2048>::new();
        let verified = verify(token.as_bytes(), &keys, &policy, NOW, &mut buffer).unwrap();
        let read = verified
            .deserialize_claims::<AppClaims<'_>>()
            .map(|c| c.user_id.to_owned());
        let e = read.unwrap_err();
        assert_eq!(
            e.kind(),
            jwtv::ClaimsErrorKind::EscapedStringNeedsScratch,
            "{escaped}"
        );
        assert_eq!(e.field(), Some("user_id"), "{escaped}");
        assert_eq!(Error::from(e), Error::MalformedClaims);
        // With scratch, the decoded string.
        let mut scratch = [0u8; 64];
        let claims = verified
            .deserialize_claims_escaped::<AppClaims<'_>>(&mut scratch)
            .unwrap();
        let decoded: String = serde_json::from_str(escaped).unwrap();
        assert_eq!(claims.user_id, decoded, "{escaped}");
    }
}

/// An owned, fixed-capacity string (the shape of `heapless::String<N>`), for claims that may
/// contain escapes.
struct Name<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> Name<N> {
    fn as_str(&self) -> &str {
        core::str::from_utf8(&self.bytes[..self.len]).unwrap()
    }
}

impl<'de, const N: usize> Deserialize<'de> for Name<N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor<const N: usize>;
        impl<const N: usize> Visitor<'_> for NameVisitor<N> {
            type Value = Name<N>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a string of at most {N} bytes")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Name<N>, E> {
                let mut name = Name {
                    bytes: [0; N],
                    len: s.len(),
                };
                name.bytes
                    .get_mut(..s.len())
                    .ok_or_else(|| E::invalid_length(s.len(), &self))?
                    .copy_from_slice(s.as_bytes());
                Ok(name)
            }
        }
        deserializer.deserialize_str(NameVisitor::<N>)
    }
}

#[derive(serde::Deserialize)]
struct EscapedAppClaims<'a> {
    user_id: Name<32>,
    #[serde(borrow, default)]
    user_groups: Groups<'a>,
}

#[test]
fn escaped_identities_are_read_through_deserialize_claims_escaped() {
    for (escaped, plain) in [
        (r#""adm\u0069n""#, "admin"),
        (r#""a\/b""#, "a/b"),
        (r#""al\"ice""#, "al\"ice"),
        (r#""bob""#, "bob"),
    ] {
        let token = raw_token(&raw_payload(escaped));
        let key = private_key(EC_KEY);
        let (keys, _) =
            KeySet::<1>::from_jwks(&serde_json::to_vec(&jwks(&[&key])).unwrap()).unwrap();
        let policy = Policy::id_token(&[Algorithm::ES256], ISSUER, CLIENT_ID);
        let mut buffer = TokenBuffer::<2048>::new();
        let verified = verify(token.as_bytes(), &keys, &policy, NOW, &mut buffer).unwrap();
        let mut scratch = [0u8; 64];
        let claims: EscapedAppClaims<'_> =
            verified.deserialize_claims_escaped(&mut scratch).unwrap();
        assert_eq!(claims.user_id.as_str(), plain);
        assert!(claims.user_groups.contains("admin"));
    }
}

#[test]
fn the_verifier_applies_appsync_ttls_before_the_application_sees_claims() {
    let groups = json!(["admin"]);
    let stale = token(json!({"user_id": "a", "user_groups": groups, "iat": NOW - 3601}));
    assert_eq!(authorize(&stale, "admin"), Err(Error::TokenTooOld));
    let old_login =
        token(json!({"user_id": "a", "user_groups": groups, "auth_time": NOW - 86_401}));
    assert_eq!(authorize(&old_login, "admin"), Err(Error::AuthTooOld));
    let other_client = token(json!({"user_id": "a", "user_groups": groups, "aud": "other"}));
    assert_eq!(
        authorize(&other_client, "admin"),
        Err(Error::AudienceMismatch)
    );
}
