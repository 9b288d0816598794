//! More of the attack catalogue: signature lengths, JSON parser differentials and duplicates,
//! NumericDate typing, segment counts and sizes, token substitution, algorithm names.

use serde_json::{Value, json};

use crate::common::{
    CLIENT, NOW, OP, Suite, case, filler, id_claims, id_defaults, patch, raw_token, set_null,
    signature, text, token, token_bytes, with_signature,
};
use crate::keys::Keys;
use host_harness::jose::b64;

fn good(sub: &str) -> Value {
    json!({ "sub": sub })
}

fn op_keyset(s: &mut Suite, keys: &Keys) {
    s.keyset(
        "op",
        vec![
            keys.public("rsa2048-a"),
            keys.public("p256-a"),
            keys.public("hs-32"),
            keys.public("hs-64"),
        ],
    );
}

pub fn signature_length(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/signature-length.json",
        "attack-signature-length",
        "Signatures of the wrong length: ES256 not exactly 64 bytes (DER, zero-padded, truncated), \
         RSA not exactly the modulus length, empty signatures, truncated HMAC tags",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    let claims = id_claims();
    let source = "RFC 7518 s3.2, s3.3, s3.4; CVE-2020-28042";
    let es = token(keys.private("p256-a"), "ES256", json!({}), &claims);
    let es_sig = signature(&es);
    let der = {
        let r = p256::ecdsa::Signature::from_slice(&es_sig).expect("sig");
        r.to_der().as_bytes().to_vec()
    };
    let (r, sv) = es_sig.split_at(32);
    let es_variants: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "der",
            der,
            "the same signature in ASN.1 DER (not the JOSE r||s form)",
        ),
        (
            "65-leading-zero",
            [&[0u8][..], &es_sig].concat(),
            "65 bytes: a zero byte prepended",
        ),
        (
            "65-trailing-zero",
            [&es_sig[..], &[0u8]].concat(),
            "65 bytes: a zero byte appended",
        ),
        (
            "66-padded-halves",
            [&[0u8][..], r, &[0u8], sv].concat(),
            "66 bytes: r and s each zero-padded to 33 bytes",
        ),
        (
            "63-truncated",
            es_sig[..63].to_vec(),
            "63 bytes: the last byte cut",
        ),
        ("32-r-only", r.to_vec(), "32 bytes: r only"),
        (
            "128-doubled",
            [&es_sig[..], &es_sig].concat(),
            "128 bytes: the signature twice",
        ),
        ("empty", Vec::new(), "empty"),
    ];
    for (label, sig, what) in es_variants {
        s.add(
            case(
                format!("es256-{label}"),
                format!("ES256 ID token whose signature is {what}"),
                source,
            )
            .token(with_signature(&es, &sig))
            .keyset("op")
            .expect("invalid_signature"),
        );
    }
    let rs = token(keys.private("rsa2048-a"), "RS256", json!({}), &claims);
    let rs_sig = signature(&rs);
    let rs_variants: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "255-short",
            rs_sig[1..].to_vec(),
            "255 bytes: the first byte removed",
        ),
        (
            "255-truncated",
            rs_sig[..255].to_vec(),
            "255 bytes: the last byte cut",
        ),
        (
            "257-leading-zero",
            [&[0u8][..], &rs_sig].concat(),
            "257 bytes: a zero byte prepended (same integer, wrong length)",
        ),
        (
            "257-trailing-zero",
            [&rs_sig[..], &[0u8]].concat(),
            "257 bytes: a zero byte appended",
        ),
        ("128-half", rs_sig[..128].to_vec(), "128 bytes"),
        ("empty", Vec::new(), "empty"),
        ("all-zero", vec![0u8; 256], "256 zero bytes"),
        (
            "all-ff",
            vec![0xFFu8; 256],
            "256 0xFF bytes (above the modulus)",
        ),
    ];
    for (label, sig, what) in rs_variants {
        s.add(
            case(
                format!("rs256-{label}"),
                format!("RS256 ID token whose signature is {what}"),
                source,
            )
            .token(with_signature(&rs, &sig))
            .keyset("op")
            .expect("invalid_signature"),
        );
    }
    let ps = token(keys.private("rsa2048-a"), "PS256", json!({}), &claims);
    let ps_sig = signature(&ps);
    s.add(
        case(
            "ps256-255-truncated",
            "PS256 ID token whose signature lost its last byte",
            source,
        )
        .token(with_signature(&ps, &ps_sig[..255]))
        .keyset("op")
        .expect("invalid_signature"),
    );
    s.add(
        case(
            "ps256-empty",
            "PS256 ID token with an empty signature",
            source,
        )
        .token(with_signature(&ps, &[]))
        .keyset("op")
        .expect("invalid_signature"),
    );
    let hs = token(keys.private("hs-32"), "HS256", json!({}), &claims);
    let hs_sig = signature(&hs);
    let hs_variants: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "16-truncated",
            hs_sig[..16].to_vec(),
            "the first 16 bytes of the tag (Wycheproof calls truncated tags valid; JWS does not)",
        ),
        ("31-truncated", hs_sig[..31].to_vec(), "31 bytes"),
        ("1-byte", hs_sig[..1].to_vec(), "its first byte only"),
        (
            "33-extended",
            [&hs_sig[..], &[0u8]].concat(),
            "33 bytes: a zero appended",
        ),
        ("empty", Vec::new(), "empty (CVE-2020-28042)"),
    ];
    for (label, sig, what) in hs_variants {
        s.add(
            case(
                format!("hs256-{label}"),
                format!("HS256 ID token whose tag is {what}"),
                source,
            )
            .token(with_signature(&hs, &sig))
            .keyset("op")
            .expect("invalid_signature"),
        );
    }
    let hs512 = token(keys.private("hs-64"), "HS512", json!({}), &claims);
    s.add(
        case(
            "hs512-truncated-to-32",
            "HS512 ID token whose 64-byte tag is cut to 32 bytes",
            source,
        )
        .token(with_signature(&hs512, &signature(&hs512)[..32]))
        .keyset("op")
        .expect("invalid_signature"),
    );
    // Signatures made for another algorithm of the same key type.
    let cross: Vec<(&str, &str, &str, &str)> = vec![
        (
            "rs256-header-rs512-signature",
            "RS256",
            "RS512",
            "rsa2048-a",
        ),
        (
            "rs256-header-ps256-signature",
            "RS256",
            "PS256",
            "rsa2048-a",
        ),
        (
            "ps256-header-rs256-signature",
            "PS256",
            "RS256",
            "rsa2048-a",
        ),
        (
            "ps384-header-ps256-signature",
            "PS384",
            "PS256",
            "rsa2048-a",
        ),
        ("hs256-header-hs512-tag", "HS256", "HS512", "hs-64"),
        ("hs512-header-hs256-tag", "HS512", "HS256", "hs-64"),
    ];
    for (id, header_alg, sign_alg, kid) in cross {
        let header = text(&json!({ "alg": header_alg, "kid": kid }));
        s.add(
            case(
                id,
                format!(
                    "{header_alg} ID token whose signature was made with {sign_alg} by the same key"
                ),
                "RFC 7518 s3.2, s3.3, s3.5; RFC 8725 s3.1",
            )
            .token(raw_token(
                header.as_bytes(),
                text(&claims).as_bytes(),
                keys.private(kid),
                sign_alg,
            ))
            .keyset("op")
            .expect("invalid_signature"),
        );
    }
    // RSASSA-PSS salts other than the hash length (RFC 7518 s3.5 fixes it to the hash size).
    for (id, alg, salt) in [
        ("ps256-salt-0", "PS256", 0usize),
        ("ps256-salt-20", "PS256", 20),
        ("ps256-salt-64", "PS256", 64),
        ("ps384-salt-32", "PS384", 32),
    ] {
        let header = text(&json!({ "alg": alg, "kid": "rsa2048-a" }));
        let input = format!(
            "{}.{}",
            b64(header.as_bytes()),
            b64(text(&claims).as_bytes())
        );
        let sig = pss_with_salt(keys.private("rsa2048-a"), alg, salt, input.as_bytes());
        s.add(case(id, format!("{alg} ID token whose PSS signature uses a {salt}-byte salt instead of the hash length"), "RFC 7518 s3.5")
            .token(format!("{input}.{}", b64(&sig))).keyset("op").expect("invalid_signature"));
    }
    for (alg, t) in [
        ("ES256", &es),
        ("RS256", &rs),
        ("PS256", &ps),
        ("HS256", &hs),
        ("HS512", &hs512),
    ] {
        s.add(
            case(
                format!("{}-genuine", alg.to_ascii_lowercase()),
                format!("The genuine {alg} ID token the variants are made from"),
                source,
            )
            .token(t.clone())
            .keyset("op")
            .valid()
            .claims(good("alice")),
        );
    }
    s
}

pub fn json_parsing(keys: &Keys) -> Suite {
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

pub fn numeric_date(keys: &Keys) -> Suite {
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

pub fn segments_suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/segments.json",
        "attack-segments",
        "Compact serialization shape: exactly three segments, nothing around them, and a bounded \
         length (RFC 7515 s7.1; CVE-2025-30204, CVE-2025-27144)",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    let claims = id_claims();
    let t = token(keys.private("p256-a"), "ES256", json!({}), &claims);
    let (h, p, sig) = crate::common::segments(&t);
    let src = "RFC 7515 s7.1; CVE-2025-30204; CVE-2025-27144";
    let flattened = json!({ "payload": p, "protected": h, "signature": sig });
    let general = json!({ "payload": p, "signatures": [{ "protected": h, "signature": sig }] });
    let shapes: Vec<(&str, &str, String)> = vec![
        (
            "two-segments",
            "header.payload (no signature part)",
            format!("{h}.{p}"),
        ),
        ("four-segments", "a fourth segment", format!("{t}.{sig}")),
        ("trailing-dot", "a trailing dot", format!("{t}.")),
        ("leading-dot", "a leading dot", format!(".{t}")),
        (
            "double-dot",
            "a doubled separator",
            format!("{h}..{p}.{sig}"),
        ),
        (
            "five-segments-jwe",
            "five segments, shaped like a JWE",
            format!(
                "{h}.{}.{}.{p}.{sig}",
                b64(&filler("cek", 32)),
                b64(&filler("iv", 12))
            ),
        ),
        (
            "empty-header",
            "an empty header segment",
            format!(".{p}.{sig}"),
        ),
        (
            "empty-payload",
            "an empty payload segment (detached content)",
            format!("{h}..{sig}"),
        ),
        ("only-dots", "two dots and nothing else", "..".into()),
        ("one-segment", "one segment", h.clone()),
        ("leading-space", "a leading space", format!(" {t}")),
        ("trailing-newline", "a trailing line feed", format!("{t}\n")),
        ("trailing-crlf", "a trailing CR LF", format!("{t}\r\n")),
        ("leading-tab", "a leading tab", format!("\t{t}")),
        (
            "space-before-dot",
            "a space before a separator",
            format!("{h} .{p}.{sig}"),
        ),
        (
            "bearer-prefix",
            "the HTTP scheme \"Bearer \" in front",
            format!("Bearer {t}"),
        ),
        ("quoted", "double quotes around it", format!("\"{t}\"")),
        (
            "json-flattened",
            "the flattened JWS JSON serialization",
            text(&flattened),
        ),
        (
            "json-general",
            "the general JWS JSON serialization",
            text(&general),
        ),
        ("many-dots", "8000 dots", ".".repeat(8000)),
        (
            "unicode-dot",
            "a fullwidth full stop U+FF0E as separator",
            format!("{h}\u{FF0E}{p}.{sig}"),
        ),
    ];
    for (id, what, tok) in shapes {
        s.add(
            case(id, format!("ES256 ID token with {what}"), src)
                .token(tok)
                .keyset("op")
                .expect("malformed_token"),
        );
    }
    s.add(
        case("empty-token", "The empty string", src)
            .token("")
            .keyset("op")
            .expect("malformed_token"),
    );
    s.add(
        case(
            "empty-signature-segment",
            "ES256 token with a present but empty third segment: well-formed, signature invalid",
            src,
        )
        .token(format!("{h}.{p}."))
        .keyset("op")
        .expect("invalid_signature"),
    );
    // Length capacity: the runner verifies with an 8192-byte token buffer.
    let hs = keys.private("hs-32");
    let sized = |target: usize| -> String {
        for header_pad in 0..4 {
            let header = json!({ "typ": "JWT", "x": "p".repeat(header_pad) });
            let mut lo = 0usize;
            let mut hi = target;
            while lo < hi {
                let mid = (lo + hi) / 2;
                let t = token(
                    hs,
                    "HS256",
                    header.clone(),
                    &patch(&claims, json!({ "pad": "q".repeat(mid) })),
                );
                if t.len() < target {
                    lo = mid + 1
                } else {
                    hi = mid
                }
            }
            let t = token(
                hs,
                "HS256",
                header.clone(),
                &patch(&claims, json!({ "pad": "q".repeat(lo) })),
            );
            if t.len() == target {
                return t;
            }
        }
        panic!("no token of {target} bytes");
    };
    s.add(
        case(
            "length-8192",
            "A valid HS256 ID token of exactly 8192 bytes: the buffer's capacity",
            "RFC 7515 s7.1; token length capacity",
        )
        .token(sized(8192))
        .keyset("op")
        .valid()
        .claims(good("alice")),
    );
    s.add(
        case(
            "length-8193",
            "A valid HS256 ID token of 8193 bytes: one byte over the buffer's capacity",
            "token length capacity",
        )
        .token(sized(8193))
        .keyset("op")
        .expect("capacity_exceeded"),
    );
    s.add(
        case(
            "length-20000",
            "A valid HS256 ID token of about 20 kB",
            "token length capacity; CVE-2025-30204",
        )
        .token(token(
            hs,
            "HS256",
            json!({}),
            &patch(&claims, json!({ "pad": "q".repeat(15000) })),
        ))
        .keyset("op")
        .expect("capacity_exceeded"),
    );
    s.add(
        case(
            "length-over-capacity-garbage",
            "9000 dots: the length is refused before anything is parsed",
            "token length capacity",
        )
        .token(".".repeat(9000))
        .keyset("op")
        .expect("capacity_exceeded"),
    );
    s
}

pub fn substitution(keys: &Keys) -> Suite {
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

pub fn algorithms(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/algorithm-names.json",
        "attack-algorithm-names",
        "Algorithm names the verifier does not implement or the caller did not allow: names are \
         exact and case-sensitive; the caller's allow-list decides",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    let claims = text(&id_claims());
    let rs = keys.private("rsa2048-a");
    let ec = keys.private("p256-a");
    let hs = keys.private("hs-32");
    let src = "RFC 7518 s3.1; RFC 8725 s3.1";
    let names: Vec<(&str, &str, &Value, &str, &str)> = vec![
        ("es512", "ES512", ec, "ES256", "unsupported_algorithm"),
        ("es384", "ES384", ec, "ES256", "unsupported_algorithm"),
        ("eddsa", "EdDSA", ec, "ES256", "unsupported_algorithm"),
        ("ed25519", "Ed25519", ec, "ES256", "unsupported_algorithm"),
        ("es256k", "ES256K", ec, "ES256", "unsupported_algorithm"),
        ("rs1", "RS1", rs, "RS256", "unsupported_algorithm"),
        (
            "lowercase-rs256",
            "rs256",
            rs,
            "RS256",
            "unsupported_algorithm",
        ),
        (
            "lowercase-hs256",
            "hs256",
            hs,
            "HS256",
            "unsupported_algorithm",
        ),
        (
            "hs256-trailing-space",
            "HS256 ",
            hs,
            "HS256",
            "unsupported_algorithm",
        ),
        (
            "hs256-nul",
            "HS256\u{0}",
            hs,
            "HS256",
            "unsupported_algorithm",
        ),
        (
            "repeated-name",
            "RS256RS256RS256",
            rs,
            "RS256",
            "unsupported_algorithm",
        ),
        ("rsa-oaep", "RSA-OAEP", rs, "RS256", "unsupported_algorithm"),
        ("dir", "dir", hs, "HS256", "unsupported_algorithm"),
    ];
    for (id, name, key, sign_alg, expect) in names {
        let header = text(&json!({ "alg": name }));
        s.add(
            case(
                format!("alg-{id}"),
                format!("Token whose header alg is {name:?} (signed {sign_alg}): not implemented"),
                src,
            )
            .token(raw_token(
                header.as_bytes(),
                claims.as_bytes(),
                key,
                sign_alg,
            ))
            .keyset("op")
            .expect(expect),
        );
    }
    let allow: Vec<(&str, &str, &Value, Value, &str)> = vec![
        (
            "hs256-only-rs256-allowed",
            "HS256",
            hs,
            json!(["RS256"]),
            "algorithm_not_allowed",
        ),
        (
            "rs256-only-es256-allowed",
            "RS256",
            rs,
            json!(["ES256"]),
            "algorithm_not_allowed",
        ),
        (
            "ps256-only-rs256-allowed",
            "PS256",
            rs,
            json!(["RS256"]),
            "algorithm_not_allowed",
        ),
        (
            "es256-only-hs-allowed",
            "ES256",
            ec,
            json!(["HS256", "HS384", "HS512"]),
            "algorithm_not_allowed",
        ),
        (
            "es256-empty-allow-list",
            "ES256",
            ec,
            json!([]),
            "algorithm_not_allowed",
        ),
        ("es256-allowed", "ES256", ec, json!(["ES256"]), "valid"),
        (
            "hs256-allowed-among-others",
            "HS256",
            hs,
            json!(["RS256", "ES256", "HS256"]),
            "valid",
        ),
    ];
    for (id, alg, key, algorithms, expect) in allow {
        let mut c = case(
            id,
            format!("{alg} token, the caller allows {}", text(&algorithms)),
            src,
        )
        .token(token(key, alg, json!({}), &id_claims()))
        .keyset("op")
        .policy(json!({ "algorithms": algorithms }))
        .expect(expect);
        if expect == "valid" {
            c = c.claims(good("alice"));
        }
        s.add(c);
    }
    let _ = token_bytes;
    s
}

/// An RSASSA-PSS signature with a chosen salt length (the library signer always uses the hash size).
fn pss_with_salt(jwk: &Value, alg: &str, salt: usize, input: &[u8]) -> Vec<u8> {
    use rand_chacha::rand_core::SeedableRng as _;
    use rsa::signature::{RandomizedSigner as _, SignatureEncoding as _};
    let u = |m: &str| {
        rsa::BigUint::from_bytes_be(&crate::common::unb64(jwk[m].as_str().expect("member")))
    };
    let key = rsa::RsaPrivateKey::from_components(u("n"), u("e"), u("d"), vec![u("p"), u("q")])
        .expect("rsa key");
    let mut rng = rand_chacha::ChaCha20Rng::from_seed([7u8; 32]);
    match alg {
        "PS256" => rsa::pss::SigningKey::<rsa::sha2::Sha256>::new_with_salt_len(key, salt)
            .sign_with_rng(&mut rng, input)
            .to_vec(),
        _ => rsa::pss::SigningKey::<rsa::sha2::Sha384>::new_with_salt_len(key, salt)
            .sign_with_rng(&mut rng, input)
            .to_vec(),
    }
}
