//! Suite `attack-crit-b64` (`fixtures/attacks/crit-b64.json`): crit and b64 header parameters: no
//! extension is understood, so any crit is refused (RFC 7515 s4.1.11, CVE-2025-59420); b64 false
//! is not for JWTs (RFC 7797).

use super::{FAMILIES, good, lower, op_keyset};
use crate::common::{NOW, Suite, case, id_claims, id_defaults, raw_token, text};
use crate::keys::Keys;
use host_harness::jose::{self, b64};

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/crit-b64.json",
        "attack-crit-b64",
        "crit and b64 header parameters: no extension is understood, so any crit is refused \
         (RFC 7515 s4.1.11, CVE-2025-59420); b64 false is not for JWTs (RFC 7797)",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    let claims = id_claims();
    let body = text(&claims);
    for (alg, kid) in FAMILIES {
        let key = keys.private(kid);
        let variants: Vec<(&str, String, &str, &str)> = vec![
            (
                "crit-unknown",
                format!(
                    r#"{{"alg":"{alg}","kid":"{kid}","crit":["http://example.invalid/ext"],"http://example.invalid/ext":true}}"#
                ),
                "an unknown extension",
                "unsupported_critical_header",
            ),
            (
                "crit-empty",
                format!(r#"{{"alg":"{alg}","kid":"{kid}","crit":[]}}"#),
                "an empty list (forbidden by RFC 7515)",
                "unsupported_critical_header",
            ),
            (
                "crit-alg",
                format!(r#"{{"alg":"{alg}","kid":"{kid}","crit":["alg"]}}"#),
                "a registered header name",
                "unsupported_critical_header",
            ),
            (
                "crit-exp",
                format!(
                    r#"{{"alg":"{alg}","kid":"{kid}","crit":["exp"],"exp":{}}}"#,
                    NOW + 3600
                ),
                "exp, present in the header",
                "unsupported_critical_header",
            ),
            (
                "crit-absent-name",
                format!(r#"{{"alg":"{alg}","kid":"{kid}","crit":["nbf"]}}"#),
                "a name absent from the header",
                "unsupported_critical_header",
            ),
            (
                "crit-b64-false",
                format!(r#"{{"alg":"{alg}","kid":"{kid}","b64":false,"crit":["b64"]}}"#),
                "b64 with b64 false (RFC 7797)",
                "unsupported_critical_header",
            ),
            (
                "crit-b64-true",
                format!(r#"{{"alg":"{alg}","kid":"{kid}","b64":true,"crit":["b64"]}}"#),
                "b64 with b64 true",
                "unsupported_critical_header",
            ),
            (
                "crit-string",
                format!(r#"{{"alg":"{alg}","kid":"{kid}","crit":"exp"}}"#),
                "a string instead of a list",
                "unsupported_critical_header",
            ),
            (
                "crit-null",
                format!(r#"{{"alg":"{alg}","kid":"{kid}","crit":null}}"#),
                "null",
                "unsupported_critical_header",
            ),
            (
                "b64-false",
                format!(r#"{{"alg":"{alg}","kid":"{kid}","b64":false}}"#),
                "b64 false without crit",
                "malformed_header",
            ),
            (
                "b64-string-false",
                format!(r#"{{"alg":"{alg}","kid":"{kid}","b64":"false"}}"#),
                "b64 \"false\" (a string)",
                "malformed_header",
            ),
            (
                "b64-zero",
                format!(r#"{{"alg":"{alg}","kid":"{kid}","b64":0}}"#),
                "b64 0",
                "malformed_header",
            ),
            (
                "b64-null",
                format!(r#"{{"alg":"{alg}","kid":"{kid}","b64":null}}"#),
                "b64 null",
                "malformed_header",
            ),
            (
                "b64-true",
                format!(r#"{{"alg":"{alg}","kid":"{kid}","b64":true}}"#),
                "b64 true, the default",
                "valid",
            ),
        ];
        for (label, header, what, expect) in variants {
            let what = if label.starts_with("crit") {
                format!("crit holding {what}")
            } else {
                what.to_string()
            };
            let mut c = case(
                format!("{}-{label}", lower(alg)),
                format!("{alg} token signed by the provider, header with {what}"),
                "RFC 7515 s4.1.11; RFC 7797 s3, s6; CVE-2025-59420",
            )
            .token(raw_token(header.as_bytes(), body.as_bytes(), key, alg))
            .keyset("op")
            .expect(expect);
            if expect == "valid" {
                c = c.claims(good("alice"));
            }
            s.add(c);
        }
        // RFC 7797 unencoded payload in compact form: the payload segment is raw JSON.
        let header = format!(r#"{{"alg":"{alg}","kid":"{kid}","b64":false,"crit":["b64"]}}"#);
        let h = b64(header.as_bytes());
        let input = [h.as_bytes(), b".", body.as_bytes()].concat();
        let sig = jose::sign_input(key, alg, &input).expect("sign");
        s.add(
            case(format!("{}-b64-false-unencoded-payload", lower(alg)), format!("{alg} RFC 7797 token whose payload segment is the raw JSON claims: not base64url"), "RFC 7797 s5")
                .token(format!("{h}.{body}.{}", b64(&sig)))
                .keyset("op")
                .expect("malformed_token"),
        );
    }
    let order: Vec<(&str, &str, &str, &str)> = vec![
        (
            "crit-before-alg-resolution",
            r#"{"alg":"ES512","crit":["x"],"x":1}"#,
            "an unimplemented alg and a crit: crit is refused before the alg is resolved",
            "unsupported_critical_header",
        ),
        (
            "crit-before-kid-type",
            r#"{"alg":"ES256","kid":7,"crit":["x"],"x":1}"#,
            "a mistyped kid and a crit: crit is refused first",
            "unsupported_critical_header",
        ),
        (
            "crit-without-alg",
            r#"{"crit":["x"],"x":1}"#,
            "crit and no alg: the missing alg comes first",
            "malformed_header",
        ),
    ];
    for (id, header, what, expect) in order {
        s.add(
            case(id, format!("Header with {what}"), "RFC 7515 s4.1.11")
                .token(raw_token(
                    header.as_bytes(),
                    body.as_bytes(),
                    keys.private("p256-a"),
                    "ES256",
                ))
                .keyset("op")
                .expect(expect),
        );
    }
    s
}
