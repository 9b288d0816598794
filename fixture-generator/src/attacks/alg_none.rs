//! Suite `attack-alg-none` (`fixtures/attacks/alg-none.json`): alg none in any letter case, with
//! empty and non-empty signatures: always rejected (CVE-2015-2951, CVE-2022-23540, RFC 8725 s3.1).

use serde_json::{Value, json};

use super::op_keyset;
use crate::common::{Suite, case, filler, id_claims, id_defaults, text};
use crate::keys::Keys;
use host_harness::jose::{self, b64};

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/alg-none.json",
        "attack-alg-none",
        "alg none in any letter case, with empty and non-empty signatures: always rejected \
         (CVE-2015-2951, CVE-2022-23540, RFC 8725 s3.1)",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    let claims = id_claims();
    let payload = b64(text(&claims).as_bytes());
    for name in ["none", "NONE", "None", "nOnE"] {
        for (kid_label, header) in [
            ("", json!({ "alg": name })),
            ("-kid", json!({ "alg": name, "kid": "rsa2048-a" })),
        ] {
            let h = b64(text(&header).as_bytes());
            let input = format!("{h}.{payload}");
            let sigs: Vec<(&str, String)> = vec![
                ("empty-sig", String::new()),
                ("garbage-sig", b64(&filler("alg none garbage", 32))),
                (
                    "rs256-sig",
                    b64(
                        &jose::sign_input(keys.private("rsa2048-a"), "RS256", input.as_bytes())
                            .expect("sign"),
                    ),
                ),
                (
                    "hs256-sig",
                    b64(
                        &jose::sign_input(keys.private("hs-32"), "HS256", input.as_bytes())
                            .expect("sign"),
                    ),
                ),
            ];
            for (sig_label, sig) in sigs {
                if !kid_label.is_empty() && sig_label != "empty-sig" && sig_label != "rs256-sig" {
                    continue;
                }
                s.add(
                    case(
                        format!("alg-{name}{kid_label}-{sig_label}"),
                        format!(
                            "header alg \"{name}\"{}, {}: an unsecured token is never accepted",
                            if kid_label.is_empty() {
                                ""
                            } else {
                                " with the provider's kid"
                            },
                            match sig_label {
                                "empty-sig" => "empty signature",
                                "garbage-sig" => "32 random signature bytes",
                                "rs256-sig" => "a valid RS256 signature of the same input",
                                _ => "a valid HS256 tag of the same input",
                            }
                        ),
                        "CVE-2015-2951; CVE-2022-23540; RFC 8725 s3.1",
                    )
                    .token(format!("{input}.{sig}"))
                    .keyset("op")
                    .expect("algorithm_not_allowed"),
                );
            }
        }
    }
    let unsigned = |header: &str| format!("{}.{payload}.", b64(header.as_bytes()));
    let extra: Vec<(&str, &str, String, Value, &str)> = vec![
        (
            "alg-none-escaped",
            "header alg written \"\\u006eone\": none after unescaping",
            unsigned(r#"{"alg":"\u006eone"}"#),
            json!({}),
            "algorithm_not_allowed",
        ),
        (
            "alg-none-jws-profile",
            "alg none under signature-only verification",
            unsigned(r#"{"alg":"none"}"#),
            json!({ "profile": "jws" }),
            "algorithm_not_allowed",
        ),
        (
            "alg-none-jwt-profile",
            "alg none under the JWT profile",
            unsigned(r#"{"alg":"none"}"#),
            json!({ "profile": "jwt" }),
            "algorithm_not_allowed",
        ),
        (
            "alg-none-access-token-profile",
            "alg none under the access token profile",
            unsigned(r#"{"alg":"none","typ":"at+jwt"}"#),
            json!({ "profile": "access_token" }),
            "algorithm_not_allowed",
        ),
        (
            "alg-none-with-trailing-space",
            "header alg \"none \" (trailing space) is no algorithm at all",
            unsigned(r#"{"alg":"none "}"#),
            json!({}),
            "unsupported_algorithm",
        ),
        (
            "alg-none-with-crit",
            "alg none and a crit header: crit is refused first",
            unsigned(r#"{"alg":"none","crit":["exp"],"exp":1}"#),
            json!({}),
            "unsupported_critical_header",
        ),
        (
            "alg-none-as-array",
            "header alg [\"none\"]: alg must be a string",
            unsigned(r#"{"alg":["none"]}"#),
            json!({}),
            "malformed_header",
        ),
        (
            "alg-null",
            "header alg null",
            unsigned(r#"{"alg":null}"#),
            json!({}),
            "malformed_header",
        ),
        (
            "alg-missing",
            "header without alg",
            unsigned(r#"{"typ":"JWT"}"#),
            json!({}),
            "malformed_header",
        ),
        (
            "alg-empty-string",
            "header alg \"\"",
            unsigned(r#"{"alg":""}"#),
            json!({}),
            "unsupported_algorithm",
        ),
    ];
    for (id, what, tok, policy, expect) in extra {
        s.add(
            case(id, what, "CVE-2015-2951; RFC 7515 s4.1.1; RFC 8725 s3.1")
                .token(tok)
                .keyset("op")
                .policy(policy)
                .expect(expect),
        );
    }
    s
}
