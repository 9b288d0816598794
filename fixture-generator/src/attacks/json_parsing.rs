//! Suite `attack-json-parsing` (`fixtures/attacks/json-parsing.json`): Duplicate members and
//! parser differentials in the header and the claims: duplicates rejected (even when escaped),
//! names and values compared after unescaping, lone surrogates, invalid UTF-8, BOM, trailing
//! bytes, deep nesting and odd numbers.

use serde_json::{Value, json};

use super::{good, op_keyset_with_hs64 as op_keyset};
use crate::common::{CLIENT, OP, Suite, case, id_claims, id_defaults, raw_token, text};
use crate::keys::Keys;

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/json-parsing.json",
        "attack-json-parsing",
        "Duplicate members and parser differentials in the header and the claims: duplicates \
         rejected (even when escaped), names and values compared after unescaping, lone \
         surrogates, invalid UTF-8, BOM, trailing bytes, deep nesting and odd numbers",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    let key = keys.private("p256-a");
    let h = r#"{"alg":"ES256","kid":"p256-a"}"#;
    let base = text(&id_claims());
    let tail = &base[1..]; // `"iss":…}` without the opening brace
    let src_dup = "RFC 8259 s4; RFC 7515 s5.2 step 4; RFC 7519 s4; conformance notes s4.11";
    let src_diff = "RFC 8259 s7, s8.1; RFC 8725 s3.7; conformance notes s4.12";
    // Header documents (claims are the good ones).
    let headers: Vec<(&str, &str, String, &str)> = vec![
        (
            "header-dup-alg-none",
            "two alg members, the second none",
            r#"{"alg":"ES256","alg":"none","kid":"p256-a"}"#.into(),
            "malformed_header",
        ),
        (
            "header-dup-alg-first-none",
            "two alg members, the first none",
            r#"{"alg":"none","alg":"ES256","kid":"p256-a"}"#.into(),
            "malformed_header",
        ),
        (
            "header-dup-alg-escaped",
            "alg and \\u0061lg",
            r#"{"alg":"ES256","\u0061lg":"none","kid":"p256-a"}"#.into(),
            "malformed_header",
        ),
        (
            "header-dup-kid",
            "two kid members",
            r#"{"alg":"ES256","kid":"p256-a","kid":"p256-b"}"#.into(),
            "malformed_header",
        ),
        (
            "header-dup-typ",
            "two typ members",
            r#"{"alg":"ES256","kid":"p256-a","typ":"JWT","typ":"at+jwt"}"#.into(),
            "malformed_header",
        ),
        (
            "header-dup-nested",
            "a duplicate inside a nested object",
            r#"{"alg":"ES256","kid":"p256-a","jwk":{"kty":"EC","kty":"RSA"}}"#.into(),
            "malformed_header",
        ),
        (
            "header-escaped-alg-name",
            "the name alg written \\u0061lg (no duplicate)",
            r#"{"\u0061lg":"ES256","kid":"p256-a"}"#.into(),
            "valid",
        ),
        (
            "header-escaped-alg-value",
            "the value ES256 written \\u0045S256",
            r#"{"alg":"\u0045S\u0032\u0035\u0036","kid":"p256-a"}"#.into(),
            "valid",
        ),
        (
            "header-escaped-solidus-typ",
            "typ JWT with a needless escape \\u004aWT",
            r#"{"alg":"ES256","kid":"p256-a","typ":"\u004aWT"}"#.into(),
            "valid",
        ),
        (
            "header-whitespace",
            "whitespace and line breaks between tokens",
            "{ \"alg\" : \"ES256\" ,\r\n \"kid\":\"p256-a\"\t}".into(),
            "valid",
        ),
        (
            "header-lone-high-surrogate",
            "a kid holding a lone high surrogate \\ud800",
            r#"{"alg":"ES256","kid":"p256-a\ud800"}"#.into(),
            "malformed_header",
        ),
        (
            "header-lone-low-surrogate",
            "a member name holding a lone low surrogate \\udc00",
            r#"{"alg":"ES256","kid":"p256-a","\udc00":1}"#.into(),
            "malformed_header",
        ),
        (
            "header-trailing-bytes",
            "bytes after the object",
            format!("{h} x"),
            "malformed_header",
        ),
        (
            "header-two-objects",
            "a second object after the first",
            format!("{h}{{}}"),
            "malformed_header",
        ),
        (
            "header-array",
            "a JSON array instead of an object",
            r#"["ES256","p256-a"]"#.into(),
            "malformed_header",
        ),
        (
            "header-single-quotes",
            "single-quoted strings",
            "{'alg':'ES256','kid':'p256-a'}".into(),
            "malformed_header",
        ),
        (
            "header-trailing-comma",
            "a trailing comma",
            r#"{"alg":"ES256","kid":"p256-a",}"#.into(),
            "malformed_header",
        ),
        (
            "header-unknown-escape",
            "an invalid escape \\x41",
            r#"{"alg":"ES256","kid":"p256-a","x":"\x41"}"#.into(),
            "malformed_header",
        ),
        (
            "header-nesting-16",
            "nesting 16 levels deep (the limit)",
            format!(
                r#"{{"alg":"ES256","kid":"p256-a","x":{}1{}}}"#,
                "[".repeat(15),
                "]".repeat(15)
            ),
            "valid",
        ),
        (
            "header-nesting-17",
            "nesting 17 levels deep",
            format!(
                r#"{{"alg":"ES256","kid":"p256-a","x":{}1{}}}"#,
                "[".repeat(16),
                "]".repeat(16)
            ),
            "capacity_exceeded",
        ),
        (
            "header-nesting-1000",
            "nesting 1000 levels deep",
            format!(
                r#"{{"alg":"ES256","kid":"p256-a","x":{}1{}}}"#,
                "[".repeat(999),
                "]".repeat(999)
            ),
            "capacity_exceeded",
        ),
    ];
    for (id, what, header, expect) in headers {
        let mut c = case(
            id,
            format!("ES256 token signed by the provider, header with {what}"),
            if id.contains("dup") {
                src_dup
            } else {
                src_diff
            },
        )
        .token(raw_token(header.as_bytes(), base.as_bytes(), key, "ES256"))
        .keyset("op")
        .expect(expect);
        if expect == "valid" {
            c = c.claims(good("alice"));
        }
        s.add(c);
    }
    // Header bytes that are not UTF-8 text.
    let raw_headers: Vec<(&str, &str, Vec<u8>)> = vec![
        (
            "header-invalid-utf8",
            "a 0xFF byte inside the kid",
            [&br#"{"alg":"ES256","kid":"p256-a"#[..], &[0xFF], br#""}"#].concat(),
        ),
        (
            "header-bom",
            "a UTF-8 byte order mark before the object",
            [&[0xEF, 0xBB, 0xBF][..], h.as_bytes()].concat(),
        ),
        (
            "header-utf16",
            "UTF-16LE text",
            h.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        ),
        (
            "header-nul-after",
            "a NUL byte after the object",
            [h.as_bytes(), &[0u8]].concat(),
        ),
    ];
    for (id, what, header) in raw_headers {
        s.add(
            case(
                id,
                format!("ES256 token signed by the provider, header with {what}"),
                src_diff,
            )
            .token(raw_token(&header, base.as_bytes(), key, "ES256"))
            .keyset("op")
            .expect("malformed_header"),
        );
    }
    // Claims documents.
    let claims: Vec<(&str, &str, String, &str, Value)> = vec![
        (
            "claims-dup-exp",
            "two exp members, the first far in the future",
            format!(r#"{{"exp":99999999999,{tail}"#),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-dup-iss",
            "two iss members",
            format!(r#"{{"iss":"https://attacker.example",{tail}"#),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-dup-sub-escaped",
            "sub and \\u0073ub",
            format!(r#"{{"\u0073ub":"mallory",{tail}"#),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-dup-aud",
            "two aud members",
            format!(r#"{{"aud":"client-2",{tail}"#),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-dup-nested",
            "a duplicate inside a custom object",
            format!(r#"{{"address":{{"country":"NL","country":"BE"}},{tail}"#),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-dup-in-array-object",
            "a duplicate inside an object in an array",
            format!(r#"{{"roles":[{{"r":1,"r":2}}],{tail}"#),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-escaped-iss-solidus",
            "iss written https:\\/\\/op.example",
            base.replace("https://op.example", r"https:\/\/op.example"),
            "valid",
            json!({ "iss": OP }),
        ),
        (
            "claims-escaped-iss-unicode",
            "iss written \\u0068ttps://op.example",
            base.replace("https://op.example", r"\u0068ttps://op.example"),
            "valid",
            json!({ "iss": OP }),
        ),
        (
            "claims-escaped-aud",
            "aud written client\\u002d1",
            base.replace("\"client-1\"", r#""client\u002d1""#),
            "valid",
            json!({ "aud": CLIENT }),
        ),
        (
            "claims-escaped-sub",
            "sub written \\u0061lice",
            base.replace("\"alice\"", r#""\u0061lice""#),
            "valid",
            json!({ "sub": "alice" }),
        ),
        (
            "claims-escaped-names",
            "claim names written \\u0069ss and \\u0065xp",
            base.replace("\"iss\"", r#""\u0069ss""#)
                .replace("\"exp\"", r#""\u0065xp""#),
            "valid",
            json!({ "iss": OP }),
        ),
        (
            "claims-surrogate-pair",
            "a custom claim with a valid surrogate pair \\ud83d\\ude00",
            format!(r#"{{"emoji":"\ud83d\ude00",{tail}"#),
            "valid",
            json!({ "sub": "alice" }),
        ),
        (
            "claims-iss-nul-suffix",
            "iss followed by an escaped NUL",
            base.replace("https://op.example", r"https://op.example\u0000"),
            "issuer_mismatch",
            json!(null),
        ),
        (
            "claims-iss-trailing-slash",
            "iss with a trailing slash",
            base.replace("https://op.example", "https://op.example/"),
            "issuer_mismatch",
            json!(null),
        ),
        (
            "claims-iss-upper-case",
            "iss in upper case",
            base.replace("https://op.example", "HTTPS://OP.EXAMPLE"),
            "issuer_mismatch",
            json!(null),
        ),
        (
            "claims-iss-homoglyph",
            "iss with a Cyrillic o",
            base.replace("https://op.example", "https://\u{043e}p.example"),
            "issuer_mismatch",
            json!(null),
        ),
        (
            "claims-aud-nul-suffix",
            "aud followed by an escaped NUL",
            base.replace("\"client-1\"", r#""client-1\u0000""#),
            "audience_mismatch",
            json!(null),
        ),
        (
            "claims-lone-high-surrogate",
            "sub holding a lone high surrogate \\ud800",
            base.replace("\"alice\"", r#""alice\ud800""#),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-lone-low-surrogate",
            "sub holding a lone low surrogate \\udc00",
            base.replace("\"alice\"", r#""\udc00alice""#),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-high-surrogate-then-letter",
            "\\ud800 followed by \\u0041",
            base.replace("\"alice\"", r#""\ud800\u0041""#),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-trailing-bytes",
            "bytes after the object",
            format!("{base} x"),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-two-objects",
            "a second object after the first",
            format!("{base}{{}}"),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-trailing-whitespace",
            "trailing CR LF (JSON whitespace)",
            format!("{base}\r\n"),
            "valid",
            json!({ "sub": "alice" }),
        ),
        (
            "claims-leading-whitespace",
            "leading spaces and tabs (JSON whitespace)",
            format!(" \t{base}"),
            "valid",
            json!({ "sub": "alice" }),
        ),
        (
            "claims-array",
            "a JSON array instead of an object",
            "[1700003600]".into(),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-string",
            "a JSON string instead of an object",
            "\"alice\"".into(),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-null",
            "null instead of an object",
            "null".into(),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-empty-object",
            "an empty object",
            "{}".into(),
            "missing_claim",
            json!(null),
        ),
        (
            "claims-raw-control-char",
            "a raw tab inside a string",
            base.replace("alice", "al\tice"),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-comment",
            "a /* comment */",
            format!(r#"{{/* hi */{tail}"#),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-nan",
            "a custom claim NaN",
            format!(r#"{{"x":NaN,{tail}"#),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-infinity",
            "a custom claim Infinity",
            format!(r#"{{"x":Infinity,{tail}"#),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-leading-zero",
            "a custom claim 01",
            format!(r#"{{"x":01,{tail}"#),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-plus-sign",
            "a custom claim +1",
            format!(r#"{{"x":+1,{tail}"#),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-hex-number",
            "a custom claim 0x10",
            format!(r#"{{"x":0x10,{tail}"#),
            "malformed_claims",
            json!(null),
        ),
        (
            "claims-huge-exponent",
            "a custom claim 1e400 (beyond binary64)",
            format!(r#"{{"x":1e400,{tail}"#),
            "valid",
            json!(null),
        ),
        (
            "claims-huge-integer",
            "a custom claim of 400 digits",
            format!(r#"{{"x":{},{tail}"#, "9".repeat(400)),
            "valid",
            json!(null),
        ),
        (
            "claims-negative-zero",
            "a custom claim -0.0e-0",
            format!(r#"{{"x":-0.0e-0,{tail}"#),
            "valid",
            json!({ "sub": "alice" }),
        ),
        (
            "claims-nesting-16",
            "nesting 16 levels deep (the limit)",
            format!(
                r#"{{"x":{}{}{},{tail}"#,
                "{\"a\":".repeat(15),
                "1",
                "}".repeat(15)
            ),
            "valid",
            json!({ "sub": "alice" }),
        ),
        (
            "claims-nesting-17",
            "nesting 17 levels deep",
            format!(r#"{{"x":{}1{},{tail}"#, "[".repeat(16), "]".repeat(16)),
            "capacity_exceeded",
            json!(null),
        ),
        (
            "claims-nesting-2000",
            "nesting 2000 levels deep",
            format!(r#"{{"x":{}1{},{tail}"#, "[".repeat(1999), "]".repeat(1999)),
            "capacity_exceeded",
            json!(null),
        ),
        (
            "claims-nesting-unclosed",
            "2000 unclosed brackets (too deep before it is found invalid)",
            format!(r#"{{"x":{}"#, "[".repeat(2000)),
            "capacity_exceeded",
            json!(null),
        ),
    ];
    for (id, what, body, expect, good_claims) in claims {
        let mut c = case(
            id,
            format!("ES256 ID token signed by the provider, claims with {what}"),
            if id.contains("dup") {
                src_dup
            } else {
                src_diff
            },
        )
        .token(raw_token(h.as_bytes(), body.as_bytes(), key, "ES256"))
        .keyset("op")
        .expect(expect);
        // (Claims are not listed where a std JSON parser could not read the payload back.)
        if expect == "valid" && !good_claims.is_null() {
            c = c.claims(good_claims);
        }
        s.add(c);
    }
    let raw_claims: Vec<(&str, &str, Vec<u8>)> = vec![
        (
            "claims-invalid-utf8",
            "a 0xFF byte inside sub",
            base.replace("alice", "al\u{1}ice")
                .into_bytes()
                .into_iter()
                .map(|b| if b == 1 { 0xFF } else { b })
                .collect(),
        ),
        (
            "claims-overlong-utf8",
            "an overlong encoding C0 AF of /",
            base.replace("alice", "al\u{1}\u{2}ice")
                .into_bytes()
                .into_iter()
                .map(|b| match b {
                    1 => 0xC0,
                    2 => 0xAF,
                    x => x,
                })
                .collect(),
        ),
        (
            "claims-utf8-surrogate",
            "a UTF-8 encoded surrogate ED A0 80",
            base.replace("alice", "al\u{1}\u{2}\u{3}ice")
                .into_bytes()
                .into_iter()
                .map(|b| match b {
                    1 => 0xED,
                    2 => 0xA0,
                    3 => 0x80,
                    x => x,
                })
                .collect(),
        ),
        (
            "claims-bom",
            "a UTF-8 byte order mark before the object",
            [&[0xEF, 0xBB, 0xBF][..], base.as_bytes()].concat(),
        ),
        (
            "claims-nul-after",
            "a NUL byte after the object",
            [base.as_bytes(), &[0u8]].concat(),
        ),
        (
            "claims-latin1",
            "sub in ISO-8859-1 (0xE9)",
            base.replace("alice", "al\u{1}ice")
                .into_bytes()
                .into_iter()
                .map(|b| if b == 1 { 0xE9 } else { b })
                .collect(),
        ),
    ];
    for (id, what, body) in raw_claims {
        s.add(
            case(
                id,
                format!("ES256 ID token signed by the provider, claims with {what}"),
                src_diff,
            )
            .token(raw_token(h.as_bytes(), &body, key, "ES256"))
            .keyset("op")
            .expect("malformed_claims"),
        );
    }
    s
}
