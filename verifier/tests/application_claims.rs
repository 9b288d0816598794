//! `Verified::deserialize_claims` and `deserialize_claims_escaped`: the application's own claim
//! types read from real payloads (escaped strings included), with the member that does not fit
//! named; and the whole deserializer held to `serde_json` on the same payloads.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)] // test code

mod common;

use std::collections::BTreeMap;

use common::hs256;
use serde::Deserialize;
use verifier::{Algorithm, ClaimsErrorKind, Error, Key, Policy, TokenBuffer, verify};

const SECRET: &[u8] = b"an HS256 test secret, 32+ bytes long";
const POLICY: Policy<'static> = Policy::jws(&[Algorithm::HS256]);

/// Signs `payload`, verifies it, and hands the verified token to `read`.
fn with_verified<R>(payload: &str, read: impl FnOnce(&verifier::Verified<'_>) -> R) -> R {
    let token = hs256(SECRET, r#"{"alg":"HS256"}"#, payload);
    let keys = [Key::oct(SECRET).unwrap()];
    let mut buffer = TokenBuffer::<8192>::new();
    let verified = verify(token.as_bytes(), &keys, &POLICY, 0, &mut buffer).unwrap();
    read(&verified)
}

#[derive(Debug, Deserialize, PartialEq)]
struct Site<'a> {
    iss: &'a str,
    website: &'a str,
    groups: heapless::Vec<&'a str, 4>,
}

#[test]
fn escaped_strings_read_into_borrowed_fields_through_scratch() {
    let payload = r#"{"iss":"https:\/\/op.example","website":"st\u0061ff \ud83d\ude00","groups":["a\"b","plain"],"other":"x\ny"}"#;
    with_verified(payload, |v| {
        let mut scratch = [0u8; 64];
        let site: Site<'_> = v.deserialize_claims_escaped(&mut scratch).unwrap();
        assert_eq!(site.iss, "https://op.example");
        assert_eq!(site.website, "staff \u{1F600}");
        assert_eq!(site.groups.as_slice(), ["a\"b", "plain"]);

        // Without scratch, a borrowed field cannot hold an escaped string: named, not mangled.
        let e = v.deserialize_claims::<Site<'_>>().unwrap_err();
        assert_eq!(e.kind(), ClaimsErrorKind::EscapedStringNeedsScratch);
        assert_eq!(e.field(), Some("iss"));
        assert_eq!(Error::from(e), Error::MalformedClaims);

        // A scratch buffer too small for the second string: the first borrows, the second fails.
        let mut small = [0u8; 20];
        let e = v
            .deserialize_claims_escaped::<Site<'_>>(&mut small)
            .unwrap_err();
        assert_eq!(e.field(), Some("website"));
    });
}

#[test]
fn owned_fields_read_escaped_strings_without_scratch() {
    #[derive(Debug, Deserialize)]
    struct Owned {
        iss: heapless::String<32>,
        role: Role,
        level: Option<u8>,
    }
    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Role {
        Admin,
        Staff,
    }
    let payload = r#"{"iss":"https:\/\/op","role":"st\u0061ff","level":null,"x":[1,{"y":2}]}"#;
    with_verified(payload, |v| {
        let owned: Owned = v.deserialize_claims().unwrap();
        assert_eq!(owned.iss.as_str(), "https://op");
        assert_eq!(owned.role, Role::Staff);
        assert_eq!(owned.level, None);
    });
}

#[test]
fn the_member_that_does_not_fit_is_named() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Door<'a> {
        sub: &'a str,
        door: u8,
        inner: Inner,
    }
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        floor: i8,
    }
    let cases = [
        (
            r#"{"sub":"a","door":256,"inner":{"floor":1}}"#,
            ClaimsErrorKind::WrongType,
            "door",
        ),
        (
            r#"{"sub":"a","door":"3","inner":{"floor":1}}"#,
            ClaimsErrorKind::WrongType,
            "door",
        ),
        (
            r#"{"sub":7,"door":3,"inner":{"floor":1}}"#,
            ClaimsErrorKind::WrongType,
            "sub",
        ),
        (
            r#"{"sub":"a","door":3,"inner":{"floor":-129}}"#,
            ClaimsErrorKind::WrongType,
            "floor",
        ),
        (
            r#"{"sub":"a","door":3,"inner":{"floor":1,"x":0}}"#,
            ClaimsErrorKind::UnknownField,
            "x",
        ),
        (
            r#"{"sub":"a","inner":{"floor":1}}"#,
            ClaimsErrorKind::MissingField,
            "door",
        ),
    ];
    for (payload, kind, field) in cases {
        with_verified(payload, |v| {
            let e = v.deserialize_claims::<Door<'_>>().unwrap_err();
            assert_eq!((e.kind(), e.field()), (kind, Some(field)), "{payload}");
            assert!(e.to_string().contains(field), "{e}");
        });
    }
}

#[test]
fn under_the_jws_profile_the_payload_is_read_strictly_here() {
    with_verified(r#"{"a":1,"a":2}"#, |v| {
        let e = v.deserialize_claims::<BTreeMap<&str, u8>>().unwrap_err();
        assert_eq!(e.kind(), ClaimsErrorKind::Malformed);
    });
    let deep = format!("{{\"a\":{}{}}}", "[".repeat(40), "]".repeat(40));
    with_verified(&deep, |v| {
        let e = v.deserialize_claims::<serde_json::Value>().unwrap_err();
        assert_eq!(Error::from(e), Error::CapacityExceeded);
    });
}

/// The oracle: `serde_json` reading the same payload into its own `Value`. Every JSON type,
/// escapes of every kind, integers at the `u64`/`i64` edges and beyond, fractions, exponents.
#[test]
fn the_deserializer_reads_what_serde_json_reads() {
    let payloads = [
        r#"{}"#,
        r#"{"a":null,"b":true,"c":false,"d":0,"e":-1,"f":1.5,"g":-0.0,"h":1e3,"i":2E-2}"#,
        r#"{"u":18446744073709551615,"v":18446744073709551616,"w":-9223372036854775808,"x":-9223372036854775809}"#,
        r#"{"s":"plain","t":"\"\\\/\b\f\n\r\t","u":"\u00e9\u20ac\ud834\udd1e","v":""}"#,
        r#"{"nested":{"a":[1,[2,[3,{"b":"c\u0064"}]]],"e":{}},"arr":[]}"#,
        r#"{"esc\u0061ped name":1,"\u00fc":"\u00fc"}"#,
        r#"{"big":123456789012345678901234567890,"tiny":5e-324,"huge":1.7976931348623157e308}"#,
    ];
    for payload in payloads {
        let expected: serde_json::Value = serde_json::from_str(payload).unwrap();
        with_verified(payload, |v| {
            let mut scratch = [0u8; 512];
            let ours: serde_json::Value = v.deserialize_claims_escaped(&mut scratch).unwrap();
            assert_eq!(ours, expected, "{payload}");
            // Owned targets need no scratch at all.
            let ours: serde_json::Value = v.deserialize_claims().unwrap();
            assert_eq!(ours, expected, "{payload}");
        });
    }
}
