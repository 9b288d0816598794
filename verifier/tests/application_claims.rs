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
use jwtv::{Algorithm, ClaimsErrorKind, Error, Key, Policy, TokenBuffer, verify};
use serde::Deserialize;

const SECRET: &[u8] = b"an HS256 test secret, 32+ bytes long";
const POLICY: Policy<'static> = Policy::jws(&[Algorithm::HS256]);

/// Signs `payload`, verifies it, and hands the verified token to `read`.
fn with_verified<R>(payload: &str, read: impl FnOnce(&jwtv::Verified<'_>) -> R) -> R {
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

        // Exactly the decoded strings' bytes (18 + 10 + 3; "plain" has no escape and borrows the
        // payload) is enough, and one byte less is not: the last string fills the buffer.
        let mut exact = [0u8; 31];
        let site: Site<'_> = v.deserialize_claims_escaped(&mut exact).unwrap();
        assert_eq!(site.groups.as_slice(), ["a\"b", "plain"]);
        let mut short = [0u8; 30];
        let e = v
            .deserialize_claims_escaped::<Site<'_>>(&mut short)
            .unwrap_err();
        assert_eq!(e.field(), Some("groups"));
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

/// Issue 19: fixed-length sequences took the first elements of a longer array and dropped the
/// rest. serde_json refuses (`trailing characters` after the visitor returns), and so must we:
/// arrays, tuples, tuple structs and tuple variants, longer and shorter.
#[test]
fn fixed_length_sequences_refuse_longer_and_shorter_arrays() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Roles {
        roles: [heapless::String<16>; 1],
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Pair(u8, u8);
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    enum Shape {
        Point(u8, u8),
        Unit,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Shapes {
        tuple: Option<(u8, u8)>,
        pair: Option<Pair>,
        shape: Option<Shape>,
        empty: Option<[u8; 0]>,
    }
    with_verified(r#"{"roles":["user","admin"]}"#, |v| {
        let e = v.deserialize_claims::<Roles>().unwrap_err();
        assert_eq!(
            (e.kind(), e.field()),
            (ClaimsErrorKind::WrongType, Some("roles"))
        );
    });
    with_verified(r#"{"roles":["user"]}"#, |v| {
        let roles = v.deserialize_claims::<Roles>().unwrap();
        assert_eq!(roles.roles[0].as_str(), "user");
    });
    for (payload, field) in [
        (r#"{"roles":[]}"#, "roles"),
        (r#"{"tuple":[1,2,3]}"#, "tuple"),
        (r#"{"tuple":[1]}"#, "tuple"),
        (r#"{"pair":[1,2,3]}"#, "pair"),
        (r#"{"pair":[1]}"#, "pair"),
        (r#"{"shape":{"Point":[1,2,3]}}"#, "Point"),
        (r#"{"shape":{"Point":[1]}}"#, "Point"),
        (r#"{"empty":[1]}"#, "empty"),
    ] {
        with_verified(payload, |v| {
            let e = if field == "roles" {
                assert!(serde_json::from_str::<Roles>(payload).is_err(), "{payload}");
                v.deserialize_claims::<Roles>().unwrap_err()
            } else {
                assert!(
                    serde_json::from_str::<Shapes>(payload).is_err(),
                    "{payload}"
                );
                v.deserialize_claims::<Shapes>().unwrap_err()
            };
            assert_eq!(
                (e.kind(), e.field()),
                (ClaimsErrorKind::WrongType, Some(field)),
                "{payload}"
            );
        });
    }
    let fits = r#"{"tuple":[1,2],"pair":[3,4],"shape":{"Point":[5,6]},"empty":[]}"#;
    with_verified(fits, |v| {
        let s = v.deserialize_claims::<Shapes>().unwrap();
        assert_eq!(
            format!("{s:?}"),
            format!("{:?}", serde_json::from_str::<Shapes>(fits).unwrap())
        );
    });
}

/// A visitor that stops before the end of an array or object: serde_json refuses what is left
/// (`trailing characters`), whatever the visitor (here one that reads a single element or
/// member), and the deserializer does too.
#[test]
fn a_visitor_that_stops_early_leaves_no_data_behind() {
    struct First(u8);
    impl<'de> Deserialize<'de> for First {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = First;
                fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str("an array or object whose first value is a u8")
                }
                fn visit_seq<A: serde::de::SeqAccess<'de>>(
                    self,
                    mut a: A,
                ) -> Result<First, A::Error> {
                    Ok(First(a.next_element()?.unwrap_or(0)))
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut a: A,
                ) -> Result<First, A::Error> {
                    Ok(First(a.next_entry::<&str, u8>()?.map_or(0, |(_, v)| v)))
                }
            }
            d.deserialize_any(V)
        }
    }
    #[derive(Deserialize)]
    struct Wrap {
        v: First,
    }
    for (payload, fits) in [
        (r#"{"v":[7]}"#, true),
        (r#"{"v":{"a":7}}"#, true),
        (r#"{"v":[7,8]}"#, false),
        (r#"{"v":{"a":7,"b":8}}"#, false),
    ] {
        let theirs = serde_json::from_str::<Wrap>(payload).map(|w| w.v.0);
        assert_eq!(theirs.is_ok(), fits, "{payload}");
        with_verified(payload, |v| {
            let ours = v.deserialize_claims::<Wrap>().map(|w| w.v.0);
            assert_eq!(ours.is_ok(), fits, "{payload}");
            if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
                assert_eq!(ours, theirs);
            }
        });
    }
}

/// A variant written as a bare string is a unit variant; serde_json refuses it for a newtype,
/// tuple or struct variant (even a newtype of `Option` or `()`, which `null` would fit).
#[test]
fn a_variant_named_by_a_string_is_only_a_unit_variant() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    enum Kind {
        Unit,
        Maybe(Option<u8>),
        Nothing(()),
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Wrap {
        v: Kind,
    }
    for (payload, fits) in [
        (r#"{"v":"Unit"}"#, true),
        (r#"{"v":{"Unit":null}}"#, true),
        (r#"{"v":{"Maybe":null}}"#, true),
        (r#"{"v":{"Nothing":null}}"#, true),
        (r#"{"v":"Maybe"}"#, false),
        (r#"{"v":"Nothing"}"#, false),
        (r#"{"v":{"Unit":0}}"#, false),
    ] {
        assert_eq!(
            serde_json::from_str::<Wrap>(payload).is_ok(),
            fits,
            "{payload}"
        );
        with_verified(payload, |v| {
            assert_eq!(v.deserialize_claims::<Wrap>().is_ok(), fits, "{payload}");
        });
    }
}

/// Issue 19: numbers as serde_json reads them. `-0` is the float -0.0 (integer fields refuse
/// it, `f64` keeps the sign); a number beyond ±f64::MAX is refused, not infinity (also RFC 7493
/// §2.2); `u128`/`i128` take their whole range, integers only.
#[test]
fn numbers_are_read_as_serde_json_reads_them() {
    #[derive(Debug, Deserialize)]
    struct F64 {
        v: f64,
    }
    #[derive(Debug, Deserialize)]
    struct F32 {
        v: f32,
    }
    #[derive(Debug, Deserialize)]
    struct U8 {
        v: u8,
    }
    #[derive(Debug, Deserialize)]
    struct I64 {
        v: i64,
    }
    #[derive(Debug, Deserialize)]
    struct U128 {
        v: u128,
    }
    #[derive(Debug, Deserialize)]
    struct I128 {
        v: i128,
    }
    let read = |payload: &str| {
        with_verified(payload, |v| {
            (
                v.deserialize_claims::<F64>().map(|x| x.v.to_bits()).ok(),
                v.deserialize_claims::<F32>().map(|x| x.v.to_bits()).ok(),
                v.deserialize_claims::<U8>().map(|x| x.v).ok(),
                v.deserialize_claims::<I64>().map(|x| x.v).ok(),
                v.deserialize_claims::<U128>().map(|x| x.v).ok(),
                v.deserialize_claims::<I128>().map(|x| x.v).ok(),
            )
        })
    };
    // -0: a float in serde_json, so integer fields refuse it; i128 reads it as 0 (serde_json's
    // 128-bit path reads the digits as an integer) and u128 refuses the sign.
    assert_eq!(
        read(r#"{"v":-0}"#),
        (
            Some((-0.0f64).to_bits()),
            Some((-0.0f32).to_bits()),
            None,
            None,
            None,
            Some(0)
        )
    );
    for huge in [
        "1e400",
        "-1e400",
        "1e309",
        "2e308",
        "1.8e308",
        "1e99999999999",
    ] {
        let (f64_, f32_, ..) = read(&format!(r#"{{"v":{huge}}}"#));
        assert_eq!((f64_, f32_), (None, None), "{huge}");
    }
    // Beyond f32 but not f64: refused by an f32 field (serde_json reads f32 correctly rounded,
    // and refuses infinity).
    let (f64_, f32_, ..) = read(r#"{"v":1e39}"#);
    assert_eq!((f64_, f32_), (Some(1e39f64.to_bits()), None));
    for tiny in ["1e-400", "0.1e-330", "1e-99999999999"] {
        let (f64_, f32_, ..) = read(&format!(r#"{{"v":{tiny}}}"#));
        assert_eq!((f64_, f32_), (Some(0), Some(0)), "{tiny}");
    }
    assert_eq!(
        read(r#"{"v":340282366920938463463374607431768211455}"#).4,
        Some(u128::MAX)
    );
    assert_eq!(read(r#"{"v":18446744073709551616}"#).4, Some(1 << 64));
    assert_eq!(
        read(r#"{"v":-170141183460469231731687303715884105728}"#).5,
        Some(i128::MIN)
    );
    assert_eq!(
        read(r#"{"v":-9223372036854775809}"#).5,
        Some(-(1 << 63) - 1)
    );
    assert_eq!(
        read(r#"{"v":340282366920938463463374607431768211456}"#).4,
        None
    );
    assert_eq!(read(r#"{"v":1.0}"#).4, None);
    assert_eq!(read(r#"{"v":1e2}"#).5, None);
    // Every field against serde_json itself on the same payloads.
    for n in [
        "-0",
        "0",
        "-0.0",
        "1.0",
        "1e2",
        "255",
        "256",
        "-1",
        "18446744073709551616",
        "-9223372036854775809",
        "1e400",
        "-1e400",
        "1e-400",
        "0.1e-330",
        "1e39",
        "340282366920938463463374607431768211455",
        "-170141183460469231731687303715884105729",
    ] {
        let payload = format!(r#"{{"v":{n}}}"#);
        let theirs = (
            serde_json::from_str::<F64>(&payload)
                .map(|x| x.v.to_bits())
                .ok(),
            serde_json::from_str::<F32>(&payload)
                .map(|x| x.v.to_bits())
                .ok(),
            serde_json::from_str::<U8>(&payload).map(|x| x.v).ok(),
            serde_json::from_str::<I64>(&payload).map(|x| x.v).ok(),
            serde_json::from_str::<U128>(&payload).map(|x| x.v).ok(),
            serde_json::from_str::<I128>(&payload).map(|x| x.v).ok(),
        );
        assert_eq!(read(&payload), theirs, "{n}");
    }
}
