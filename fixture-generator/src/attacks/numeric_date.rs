//! Suite `attack-numeric-date` (`fixtures/attacks/numeric-date.json`): NumericDate typing (RFC
//! 7519 s2): numbers only, fractions allowed; a string, null, bool, out-of-range or negative
//! exp/nbf/iat/auth_time is malformed, never absent (jsonwebtoken CVE-2026-25537).

use serde_json::{Value, json};

use super::{good, op_keyset_with_hs64 as op_keyset};
use crate::common::{
    NOW, Suite, case, id_claims, id_defaults, patch, raw_token, set_null, text, token,
};
use crate::keys::Keys;

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/numeric-date.json",
        "attack-numeric-date",
        "NumericDate typing (RFC 7519 s2): numbers only, fractions allowed; a string, null, bool, \
         out-of-range or negative exp/nbf/iat/auth_time is malformed, never absent \
         (jsonwebtoken CVE-2026-25537)",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    let key = keys.private("p256-a");
    let h = r#"{"alg":"ES256","kid":"p256-a"}"#;
    let src = "RFC 7519 s2, s4.1.4-4.1.6; jsonwebtoken CVE-2026-25537";
    let with = |name: &str, value: &str| -> String {
        let base = patch(
            &id_claims(),
            json!({ "auth_time": NOW - 120, "nbf": NOW - 60 }),
        );
        let mut m = crate::common::obj(base);
        m.insert(name.into(), json!("@@"));
        text(&Value::Object(m)).replace("\"@@\"", value)
    };
    let bad_values: Vec<(&str, &str)> = vec![
        ("string", "\"1700003600\""),
        ("empty-string", "\"\""),
        ("null", "null"),
        ("true", "true"),
        ("array", "[1700003600]"),
        ("object", "{\"$date\":1700003600}"),
        ("1e400", "1e400"),
        ("negative", "-1"),
        ("negative-zero", "-0"),
        ("beyond-9999", "253402300800"),
        ("20-digits", "99999999999999999999"),
    ];
    for name in ["exp", "nbf", "iat", "auth_time"] {
        for (label, value) in &bad_values {
            if name != "exp" && !matches!(*label, "string" | "null" | "true" | "1e400" | "negative")
            {
                continue;
            }
            s.add(
                case(
                    format!("{}-{label}", name.replace('_', "-")),
                    format!("ID token whose {name} is {value}"),
                    src,
                )
                .token(raw_token(
                    h.as_bytes(),
                    with(name, value).as_bytes(),
                    key,
                    "ES256",
                ))
                .keyset("op")
                .expect("malformed_claims"),
            );
        }
    }
    // Long mantissas whose exponent cancels them, read exactly (a capped exponent once read
    // 0.2 as a date in 2033): within the 8 KiB token of the corpus, 3,000 digits.
    let zeros = "0".repeat(3000);
    let long = [
        format!("1700003600{zeros}e-3000"),
        format!("2{zeros}e-3001"),
        format!("17000036{zeros}e-2998"),
        format!("0.{zeros}1700003600e3010"),
        format!("1699999940{zeros}.5e-3000"),
        format!("1{zeros}e-2991"),
    ];
    let ok: Vec<(&str, &str, &str, &str)> = vec![
        ("exp-long-mantissa", "exp", &long[0], "valid"),
        ("exp-long-mantissa-is-0.2", "exp", &long[1], "expired"),
        (
            "exp-long-mantissa-fraction-digits",
            "exp",
            &long[2],
            "valid",
        ),
        ("exp-long-leading-zeros", "exp", &long[3], "valid"),
        ("iat-long-mantissa", "iat", &long[4], "valid"),
        ("nbf-long-mantissa-1e9", "nbf", &long[5], "valid"),
        ("exp-fractional", "exp", "2000000000.5", "valid"),
        ("exp-fractional-near", "exp", "1700000000.5", "valid"),
        ("exp-exponent", "exp", "1.7000036e9", "valid"),
        ("exp-exponent-upper", "exp", "17000036E+2", "valid"),
        ("exp-decimal-zeros", "exp", "1700003600.000", "valid"),
        ("exp-max", "exp", "253402300799", "valid"),
        ("exp-1e10", "exp", "1e10", "valid"),
        ("exp-zero", "exp", "0", "expired"),
        ("exp-half", "exp", "0.5", "expired"),
        ("exp-just-past", "exp", "1699999999.999", "expired"),
        ("iat-fractional", "iat", "1699999940.25", "valid"),
        ("iat-tiny", "iat", "1e-400", "valid"),
        (
            "nbf-fractional-future",
            "nbf",
            "1700000000.5",
            "not_yet_valid",
        ),
        ("auth-time-fractional", "auth_time", "1699999880.5", "valid"),
    ];
    for (id, name, value, expect) in ok {
        let shown = if value.len() > 40 {
            format!(
                "{}…{} ({} characters)",
                &value[..12],
                &value[value.len() - 12..],
                value.len()
            )
        } else {
            value.to_owned()
        };
        let mut c = case(
            id,
            format!("ID token whose {name} is {shown}, at now = {NOW}"),
            src,
        )
        .token(raw_token(
            h.as_bytes(),
            with(name, value).as_bytes(),
            key,
            "ES256",
        ))
        .keyset("op")
        .expect(expect);
        if expect == "valid" && id != "iat-tiny" {
            c = c.claims(good("alice"));
        }
        s.add(c);
    }
    s.add(
        case(
            "exp-absent-jwt-profile",
            "A JWT without exp under the JWT profile, which requires it",
            "RFC 8725 s3.10; RFC 7519 s4.1.4",
        )
        .token(token(
            key,
            "ES256",
            json!({}),
            &patch(&id_claims(), json!({ "exp": null })),
        ))
        .keyset("op")
        .policy(json!({ "profile": "jwt" }))
        .expect("missing_claim"),
    );
    s.add(
        case(
            "exp-null-jwt-profile",
            "A JWT with exp null under the JWT profile: malformed, not absent",
            src,
        )
        .token(token(
            key,
            "ES256",
            json!({}),
            &set_null(&id_claims(), "exp"),
        ))
        .keyset("op")
        .policy(json!({ "profile": "jwt" }))
        .expect("malformed_claims"),
    );
    s.add(
        case(
            "exp-string-jws-profile",
            "exp as a string under signature-only verification: claims are not read",
            "RFC 7515 s5.2",
        )
        .token(raw_token(
            h.as_bytes(),
            with("exp", "\"soon\"").as_bytes(),
            key,
            "ES256",
        ))
        .keyset("op")
        .policy(json!({ "profile": "jws" }))
        .valid(),
    );
    s
}
