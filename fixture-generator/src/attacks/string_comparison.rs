//! Suite `attack-string-comparison`: every string the verifier compares (`iss`, `aud`, `azp`,
//! `nonce`, header `kid` and `typ`, required claim names) is compared after JSON unescaping
//! (RFC 7515 §5.3, RFC 7519 §7.3), never as the token's raw text. Expected values hold
//! backslashes, quotes and non-ASCII characters; tokens spell them with different escapes, and
//! with the raw-text trap: JSON text identical to the expected string that decodes to another
//! string (`"C:\temp"` is C, colon, TAB, "emp").

use serde_json::json;

use super::{FAMILIES, op_keyset};
use crate::common::{NOW, Suite, case, raw_token};
use crate::keys::Keys;

/// The expected values, as the relying party configures them (Rust strings: `\\` is one
/// backslash).
const ISSUER: &str = "C:\\temp";
const CLIENT: &str = "rp\\u0031";
const NONCE: &str = "a\\nb ü";
/// A nonce with quotes, for the cases that spell quotes.
const QUOTED_NONCE: &str = "say \"hi\" ü";

/// ID token claims as JSON text, with `iss`, `aud`, `azp` and `nonce` given as raw JSON (the
/// quotes included).
fn payload(iss: &str, aud: &str, azp: Option<&str>, nonce: &str) -> String {
    let azp = azp.map(|a| format!(",\"azp\":{a}")).unwrap_or_default();
    format!(
        "{{\"iss\":{iss},\"sub\":\"alice\",\"aud\":{aud}{azp},\"exp\":{},\"iat\":{},\"nonce\":{nonce}}}",
        NOW + 3600,
        NOW - 60
    )
}

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/string-comparison.json",
        "attack-string-comparison",
        "Strings compared after JSON unescaping, never as raw text: issuer, audience, azp, nonce, \
         kid and typ with backslashes, quotes and non-ASCII, spelled with different escapes, and \
         the raw-text trap (JSON text equal to the expected string, decoding to another), for \
         each signing family",
        json!({
            "now": NOW,
            "profile": "id_token",
            "issuer": ISSUER,
            "audience": CLIENT,
            "nonce": NONCE,
        }),
    );
    op_keyset(&mut s, keys);
    let src = "RFC 7515 s5.3; RFC 7519 s7.3; OIDC Core s3.1.3.7; conformance notes s4.16";
    // The good spellings of each value, and the traps.
    let iss_ok = r#""C:\\temp""#;
    let aud_ok = r#""rp\\u0031""#;
    let nonce_ok = r#""a\\nb ü""#;
    // (id, what, iss, aud, azp, nonce, expect)
    let variants: Vec<(&str, &str, &str, &str, Option<&str>, &str, &str)> = vec![
        (
            "plain",
            "every value escaped once, as a JSON encoder writes it",
            iss_ok,
            aud_ok,
            None,
            nonce_ok,
            "valid",
        ),
        (
            "iss-unicode-escapes",
            "iss with the backslash as \\u005c and letters as \\u escapes",
            r#""C:\u005c\u0074emp""#,
            aud_ok,
            None,
            nonce_ok,
            "valid",
        ),
        (
            "iss-uppercase-hex",
            "iss with the backslash as \\u005C",
            r#""C:\u005Ctemp""#,
            aud_ok,
            None,
            nonce_ok,
            "valid",
        ),
        (
            "iss-raw-text-trap",
            "iss whose JSON text is exactly the expected string, C:\\temp: it decodes to C, colon, TAB, emp",
            r#""C:\temp""#,
            aud_ok,
            None,
            nonce_ok,
            "issuer_mismatch",
        ),
        (
            "iss-double-escaped",
            "iss whose decoded value has two backslashes",
            r#""C:\\\\temp""#,
            aud_ok,
            None,
            nonce_ok,
            "issuer_mismatch",
        ),
        (
            "aud-raw-text-trap",
            "aud whose JSON text is rp\\u0031, which decodes to rp1",
            iss_ok,
            r#""rp\u0031""#,
            None,
            nonce_ok,
            "audience_mismatch",
        ),
        (
            "aud-array",
            "aud as a one-element array, escaped",
            iss_ok,
            r#"["rp\\u0031"]"#,
            None,
            nonce_ok,
            "valid",
        ),
        (
            "aud-array-raw-text-trap",
            "aud as an array holding the raw-text trap",
            iss_ok,
            r#"["rp\u0031"]"#,
            None,
            nonce_ok,
            "audience_mismatch",
        ),
        (
            "aud-escaped-letters",
            "aud with every letter \\u-escaped and the backslash as \\\\",
            iss_ok,
            r#""\u0072\u0070\\u0031""#,
            None,
            nonce_ok,
            "valid",
        ),
        (
            "azp-equal",
            "azp equal to the client id, escaped differently from aud",
            iss_ok,
            aud_ok,
            Some(r#""r\u0070\u005cu0031""#),
            nonce_ok,
            "valid",
        ),
        (
            "azp-raw-text-trap",
            "azp whose JSON text is rp\\u0031 (rp1)",
            iss_ok,
            aud_ok,
            Some(r#""rp\u0031""#),
            nonce_ok,
            "authorized_party_mismatch",
        ),
        (
            "nonce-unicode-escapes",
            "nonce with the backslash as \\u005c and ü as \\u00fc",
            iss_ok,
            aud_ok,
            None,
            r#""a\u005cnb \u00fc""#,
            "valid",
        ),
        (
            "nonce-raw-text-trap",
            "nonce whose JSON text is exactly the expected string, a\\nb ü: \\n decodes to a line feed",
            iss_ok,
            aud_ok,
            None,
            r#""a\nb ü""#,
            "nonce_mismatch",
        ),
        (
            "nonce-decomposed",
            "nonce with u and a combining diaeresis instead of ü (no normalization)",
            iss_ok,
            aud_ok,
            None,
            r#""a\\nb u\u0308""#,
            "nonce_mismatch",
        ),
    ];
    for (alg, kid) in FAMILIES {
        let key = keys.private(kid);
        let header = format!(r#"{{"alg":"{alg}","kid":"{kid}"}}"#);
        for (id, what, iss, aud, azp, nonce, expect) in &variants {
            let mut c = case(
                format!("{}-{id}", alg.to_lowercase()),
                format!("{alg} ID token; {what}"),
                src,
            )
            .token(raw_token(
                header.as_bytes(),
                payload(iss, aud, *azp, nonce).as_bytes(),
                key,
                alg,
            ))
            .keyset("op")
            .expect(expect);
            if *expect == "valid" {
                c = c.claims(json!({ "iss": ISSUER, "nonce": NONCE }));
            }
            s.add(c);
        }
        // Quotes: expected `say "hi" ü`, spelled with \" or \u0022.
        for (id, text, expect) in [
            ("nonce-quotes-escaped", r#""say \"hi\" ü""#, "valid"),
            (
                "nonce-quotes-unicode",
                r#""say \u0022hi\u0022 \u00FC""#,
                "valid",
            ),
            (
                "nonce-quotes-apostrophes",
                r#""say 'hi' ü""#,
                "nonce_mismatch",
            ),
        ] {
            let mut c = case(
                format!("{}-{id}", alg.to_lowercase()),
                format!(
                    "{alg} ID token; the expected nonce holds quotes; the token spells it {text}"
                ),
                src,
            )
            .token(raw_token(
                header.as_bytes(),
                payload(iss_ok, aud_ok, None, text).as_bytes(),
                key,
                alg,
            ))
            .keyset("op")
            .policy(json!({ "nonce": QUOTED_NONCE }))
            .expect(expect);
            if expect == "valid" {
                c = c.claims(json!({ "nonce": QUOTED_NONCE }));
            }
            s.add(c);
        }
    }

    // kid: the key set's kid is decoded from its JSON, the header's too; only decoded values
    // are compared. Key "k\u0031" (a backslash and u0031, spelled "k\\u0031" in the JWKS) and key
    // "k2" (spelled "k\u0032").
    for (alg, kid) in FAMILIES {
        let keyset = format!("kids-{}", alg.to_lowercase());
        let mut escaped = keys.public(kid);
        escaped["kid"] = json!("k\\u0031");
        let mut spelled = keys.public(kid);
        spelled["kid"] = json!("k2");
        // The second key is a different key of the same family, so the kid decides.
        let other = match alg {
            "HS256" => "hs-48",
            "RS256" => "rsa2048-b",
            _ => "p256-b",
        };
        let mut other_key = keys.public(other);
        other_key["kid"] = json!("k1");
        s.keyset_doc(&keyset, json!({ "keys": [escaped, spelled, other_key] }));
        let signer = keys.private(kid);
        let claims = payload(iss_ok, aud_ok, None, nonce_ok);
        let kid_cases: [(&str, &str, &str); 5] = [
            ("kid-escaped-backslash", r#""k\\u0031""#, "valid"),
            ("kid-unicode-backslash", r#""k\u005cu0031""#, "valid"),
            ("kid-raw-text-trap", r#""k\u0031""#, "invalid_signature"),
            ("kid-escaped-digit", r#""k\u0032""#, "valid"),
            ("kid-unknown", r#""k\\u0032""#, "key_not_found"),
        ];
        for (id, kid_text, expect) in kid_cases {
            let header = format!(r#"{{"alg":"{alg}","kid":{kid_text}}}"#);
            let what = match id {
                "kid-raw-text-trap" => {
                    "header kid whose JSON text equals the first key's decoded kid (k\\u0031) but decodes to k1, another key's kid: that key is selected and the signature fails"
                }
                "kid-unknown" => "header kid k\\u0032 (a backslash, u0032) that no key carries",
                "kid-escaped-digit" => "header kid k\\u0032, which decodes to k2: the second key",
                "kid-unicode-backslash" => "header kid with its backslash as \\u005c",
                _ => "header kid spelled as in the key set",
            };
            // Every token is signed by the first key (the second is the same key material).
            let mut c = case(
                format!("{}-{id}", alg.to_lowercase()),
                format!("{alg}: {what}"),
                "RFC 7515 s4.1.4, s5.3; conformance notes s4.5, s4.16",
            )
            .token(raw_token(header.as_bytes(), claims.as_bytes(), signer, alg))
            .keyset(&keyset)
            .expect(expect);
            if expect == "valid" {
                c = c.claims(json!({ "iss": ISSUER }));
            }
            s.add(c);
        }
    }

    // typ and required claim names, decoded.
    for (alg, kid) in FAMILIES {
        let key = keys.private(kid);
        let claims = payload(iss_ok, aud_ok, None, nonce_ok);
        let typ_cases: [(&str, &str, &str, &str); 3] = [
            (
                "typ-escaped-jwt",
                r#""\u004a\u0057\u0054""#,
                "typ JWT spelled with \\u escapes",
                "valid",
            ),
            (
                "typ-escaped-at-jwt",
                r#""at\u002bjwt""#,
                "typ at+jwt spelled at\\u002bjwt, offered as an ID token",
                "type_mismatch",
            ),
            (
                "typ-escaped-slash",
                r#""application\/jwt""#,
                "typ application/jwt with an escaped slash",
                "valid",
            ),
        ];
        for (id, typ, what, expect) in typ_cases {
            let header = format!(r#"{{"alg":"{alg}","kid":"{kid}","typ":{typ}}}"#);
            let mut c = case(
                format!("{}-{id}", alg.to_lowercase()),
                format!("{alg} ID token; {what}"),
                "RFC 7515 s4.1.9; RFC 8725 s3.11",
            )
            .token(raw_token(header.as_bytes(), claims.as_bytes(), key, alg))
            .keyset("op")
            .expect(expect);
            if expect == "valid" {
                c = c.claims(json!({ "iss": ISSUER }));
            }
            s.add(c);
        }
        let header = format!(r#"{{"alg":"{alg}","kid":"{kid}"}}"#);
        let with_email = claims.replacen('{', r#"{"\u0065mail":"a@example.com","#, 1);
        for (id, required, expect) in [
            ("required-claim-escaped-name", "email", "valid"),
            ("required-claim-raw-name", "\\u0065mail", "missing_claim"),
        ] {
            let mut c = case(
                format!("{}-{id}", alg.to_lowercase()),
                format!("{alg} ID token with a claim named \\u0065mail (email); the policy requires {required:?}"),
                "RFC 7519 s7.3",
            )
            .token(raw_token(header.as_bytes(), with_email.as_bytes(), key, alg))
            .keyset("op")
            .policy(json!({ "required_claims": [required] }))
            .expect(expect);
            if expect == "valid" {
                c = c.claims(json!({ "email": "a@example.com" }));
            }
            s.add(c);
        }
    }
    s
}
