//! The attack catalogue (conformance notes s4): one suite per class, several variants each,
//! for RS256, ES256 and HS256 where the class applies.

use serde_json::{Value, json};

use crate::common::{
    CLIENT, NOW, OP, Suite, case, dirty_trailing_bits, filler, id_claims, id_defaults, patch,
    raw_token, segments, signature, text, token, with_signature,
};
use crate::keys::Keys;
use host_harness::jose::{self, b64};

/// The three families most attacks are run against: (alg, signing key kid).
const FAMILIES: [(&str, &str); 3] = [
    ("RS256", "rsa2048-a"),
    ("ES256", "p256-a"),
    ("HS256", "hs-32"),
];

fn lower(alg: &str) -> String {
    alg.to_ascii_lowercase()
}

/// The provider's key set used by most attack suites: one key per family, each with its kid.
fn op_keyset(s: &mut Suite, keys: &Keys) {
    s.keyset(
        "op",
        vec![
            keys.public("rsa2048-a"),
            keys.public("p256-a"),
            keys.public("hs-32"),
        ],
    );
}

fn good(sub: &str) -> Value {
    json!({ "sub": sub })
}

pub fn alg_none(keys: &Keys) -> Suite {
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

pub fn key_confusion(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/key-confusion.json",
        "attack-key-confusion",
        "HS256/384/512 tokens MACed with the provider's public RSA or EC key as the secret (PEM, \
         DER, JWK text, raw bytes): an HMAC algorithm never selects an RSA or EC key \
         (CVE-2015-9235, CVE-2016-10555, CVE-2017-11424, CVE-2022-29217)",
        id_defaults(),
    );
    s.keyset("rsa-only", vec![keys.public("rsa2048-a")]);
    s.keyset("ec-only", vec![keys.public("p256-a")]);
    s.keyset(
        "rsa-and-oct",
        vec![keys.public("rsa2048-a"), keys.public("hs-64")],
    );
    s.keyset(
        "ec-and-oct",
        vec![keys.public("p256-a"), keys.public("hs-64")],
    );
    let claims = id_claims();
    let source = "CVE-2015-9235; CVE-2016-10555; CVE-2017-11424; CVE-2022-29217; RFC 8725 s3.1";
    for (family, kid, only, with_oct) in [
        ("rsa", "rsa2048-a", "rsa-only", "rsa-and-oct"),
        ("ec", "p256-a", "ec-only", "ec-and-oct"),
    ] {
        let (der, pem, pkcs1) = keys.public_der_pem(kid);
        let public = keys.public(kid);
        let material: Vec<u8> = if family == "rsa" {
            crate::common::unb64(public["n"].as_str().expect("n"))
        } else {
            let mut p = vec![4u8];
            for m in ["x", "y"] {
                p.extend(crate::common::unb64(public[m].as_str().expect("xy")));
            }
            p
        };
        let mut forms: Vec<(&str, &str, Vec<u8>)> = vec![
            (
                "pem",
                "the SPKI PEM text (LF, trailing newline)",
                pem.clone().into_bytes(),
            ),
            (
                "pem-no-newline",
                "the SPKI PEM text without its trailing newline",
                pem.trim_end().as_bytes().to_vec(),
            ),
            (
                "pem-crlf",
                "the SPKI PEM text with CRLF line ends",
                pem.replace('\n', "\r\n").into_bytes(),
            ),
            ("der", "the SPKI DER bytes", der),
            (
                "jwk",
                "the public JWK's compact JSON text",
                text(&public).into_bytes(),
            ),
            (
                if family == "rsa" {
                    "modulus"
                } else {
                    "sec1-point"
                },
                if family == "rsa" {
                    "the raw modulus bytes"
                } else {
                    "the uncompressed SEC1 point"
                },
                material,
            ),
        ];
        if let Some(pkcs1) = pkcs1 {
            forms.push((
                "pkcs1-pem",
                "the PKCS#1 RSAPublicKey PEM text",
                pkcs1.into_bytes(),
            ));
        }
        for (form, what, secret) in forms {
            let attacker = json!({ "kty": "oct", "k": b64(&secret) });
            for alg in ["HS256", "HS384", "HS512"] {
                if alg != "HS256" && !matches!(form, "pem" | "der") {
                    continue;
                }
                let plain = token(&attacker, alg, json!({}), &claims);
                s.add(
                    case(
                        format!("{family}-{form}-{}", lower(alg)),
                        format!("{alg} token MACed with {what} of the provider's {} key; the key set holds only that key", family.to_uppercase()),
                        source,
                    )
                    .token(plain.clone())
                    .keyset(only)
                    .expect("key_not_found"),
                );
                if alg != "HS256" {
                    continue;
                }
                s.add(
                    case(
                        format!("{family}-{form}-{}-kid", lower(alg)),
                        format!(
                            "{alg} token MACed with {what}, naming the {} key's kid",
                            family.to_uppercase()
                        ),
                        source,
                    )
                    .token(token(&attacker, alg, json!({ "kid": kid }), &claims))
                    .keyset(only)
                    .expect("key_not_found"),
                );
                s.add(
                    case(
                        format!("{family}-{form}-{}-oct-key-present", lower(alg)),
                        format!("{alg} token MACed with {what}; the key set also has an HMAC key with another secret, which is tried and fails"),
                        source,
                    )
                    .token(plain)
                    .keyset(with_oct)
                    .expect("invalid_signature"),
                );
                s.add(
                    case(
                        format!("{family}-{form}-{}-kid-oct-key-present", lower(alg)),
                        format!("{alg} token MACed with {what}, naming the {} key's kid; the HMAC key in the set has another kid", family.to_uppercase()),
                        source,
                    )
                    .token(token(&attacker, alg, json!({ "kid": kid }), &claims))
                    .keyset(with_oct)
                    .expect("key_not_found"),
                );
            }
        }
    }
    // The reverse: an asymmetric algorithm never uses an HMAC secret.
    s.keyset("oct-only", vec![keys.public("hs-64")]);
    for (alg, kid) in [("RS256", "rsa2048-a"), ("ES256", "p256-a")] {
        s.add(
            case(
                format!("{}-against-oct-only", lower(alg)),
                format!("{alg} token checked against a key set holding only an HMAC secret"),
                "RFC 8725 s3.1",
            )
            .token(token(
                keys.private(kid),
                alg,
                json!({ "kid": null }),
                &claims,
            ))
            .keyset("oct-only")
            .expect("key_not_found"),
        );
    }
    s
}

pub fn embedded_key(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/embedded-key.json",
        "attack-embedded-key",
        "Keys carried or pointed to by the token (jwk, jku, x5u, x5c) and signing it: never used \
         (CVE-2018-0114, RFC 8725 s3.10)",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    let claims = id_claims();
    let source = "CVE-2018-0114; RFC 7515 s4.1.2-4.1.6; RFC 8725 s3.10";
    let cert = crate::common::std_b64(
        &[
            &[0x30u8, 0x82, 0x02, 0x2a][..],
            &filler("attacker cert", 550),
        ]
        .concat(),
    );
    let attacker_secret = json!({ "kty": "oct", "kid": "attacker-hs", "k": b64(b"an attacker-chosen HMAC secret, 32+ bytes") });
    for (alg, real_kid, attacker_kid) in [
        ("RS256", "rsa2048-a", "rsa2048-c"),
        ("ES256", "p256-a", "p256-b"),
        ("HS256", "hs-32", "attacker-hs"),
    ] {
        let attacker = if alg == "HS256" {
            attacker_secret.clone()
        } else {
            keys.private(attacker_kid).clone()
        };
        let attacker_public = if alg == "HS256" {
            attacker_secret.clone()
        } else {
            keys.public(attacker_kid)
        };
        let members: Vec<(&str, Value)> = vec![
            ("jwk", json!({ "jwk": attacker_public })),
            (
                "jku",
                json!({ "jku": "https://attacker.example/.well-known/jwks.json" }),
            ),
            ("x5u", json!({ "x5u": "https://attacker.example/cert.pem" })),
            ("x5c", json!({ "x5c": [cert.clone()] })),
        ];
        for (member, header) in members {
            for (kid_label, kid, expect, why) in [
                (
                    "no-kid",
                    Value::Null,
                    "invalid_signature",
                    "no kid, so the provider's only key of that type is used, and fails",
                ),
                (
                    "attacker-kid",
                    json!(attacker_kid),
                    "key_not_found",
                    "the attacker's kid is not provisioned",
                ),
                (
                    "provider-kid",
                    json!(real_kid),
                    "invalid_signature",
                    "the provider's kid selects the provider's key, which fails",
                ),
            ] {
                let mut h = header.clone();
                h["kid"] = kid;
                s.add(
                    case(
                        format!("{}-{member}-{kid_label}", lower(alg)),
                        format!("{alg} token signed by an attacker key, with a header {member} naming that key; {why}"),
                        source,
                    )
                    .token(token(&attacker, alg, h, &claims))
                    .keyset("op")
                    .expect(expect),
                );
            }
        }
        // Controls: the same header members on a token the provider really signed change nothing.
        let real = keys.private(real_kid);
        let real_public = keys.public(real_kid);
        s.add(
            case(format!("{}-jwk-matching-provider-key", lower(alg)), format!("{alg} token signed by the provider, whose header also embeds the provider's own key: the embedded key is ignored, the provisioned one verifies"), source)
                .token(token(real, alg, json!({ "jwk": real_public }), &claims))
                .keyset("op")
                .valid()
                .claims(good("alice")),
        );
        s.add(
            case(format!("{}-jku-on-genuine-token", lower(alg)), format!("{alg} token signed by the provider with a jku header: nothing is fetched, the provisioned key verifies"), source)
                .token(token(real, alg, json!({ "jku": "https://op.example/jwks.json", "x5u": "https://op.example/cert.pem" }), &claims))
                .keyset("op")
                .valid()
                .claims(good("alice")),
        );
    }
    s
}

/// 32-byte big-endian constants of P-256.
const N: [u8; 32] = [
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
];
const P: [u8; 32] = [
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
];

fn add_small(x: &[u8; 32], delta: i16) -> [u8; 32] {
    let mut out = *x;
    let mut carry = i32::from(delta);
    for b in out.iter_mut().rev() {
        let v = i32::from(*b) + carry;
        *b = v.rem_euclid(256) as u8;
        carry = v.div_euclid(256);
        if carry == 0 {
            break;
        }
    }
    out
}

fn sub(a: &[u8; 32], b: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut borrow = 0i32;
    for i in (0..32).rev() {
        let v = i32::from(a[i]) - i32::from(b[i]) - borrow;
        out[i] = v.rem_euclid(256) as u8;
        borrow = i32::from(v < 0);
    }
    out
}

pub fn psychic(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/ecdsa-psychic.json",
        "attack-ecdsa-psychic-signatures",
        "ES256 signatures with r and s out of range or degenerate ({0, 1, n-1, n, n+1, p}): \
         always invalid (CVE-2022-21449)",
        id_defaults(),
    );
    s.keyset("op", vec![keys.public("p256-a")]);
    let claims = id_claims();
    let genuine = token(keys.private("p256-a"), "ES256", json!({}), &claims);
    let zero = [0u8; 32];
    let one = add_small(&zero, 1);
    let values: [(&str, [u8; 32]); 6] = [
        ("0", zero),
        ("1", one),
        ("n-1", add_small(&N, -1)),
        ("n", N),
        ("n+1", add_small(&N, 1)),
        ("p", P),
    ];
    for (rn, r) in &values {
        for (sn, sv) in &values {
            let sig = [&r[..], &sv[..]].concat();
            s.add(
                case(
                    format!("es256-r-{rn}-s-{sn}"),
                    format!("ES256 ID token (kid present) whose signature is r = {rn}, s = {sn}"),
                    "CVE-2022-21449; RFC 7518 s3.4; SEC 1 s4.1.4",
                )
                .token(with_signature(&genuine, &sig))
                .keyset("op")
                .expect("invalid_signature"),
            );
        }
    }
    let no_kid = token(
        keys.private("p256-a"),
        "ES256",
        json!({ "kid": null }),
        &claims,
    );
    s.add(
        case(
            "es256-r-0-s-0-no-kid",
            "ES256 ID token without kid, r = s = 0",
            "CVE-2022-21449",
        )
        .token(with_signature(&no_kid, &[0u8; 64]))
        .keyset("op")
        .expect("invalid_signature"),
    );
    let sig = signature(&genuine);
    let (r, sv) = sig.split_at(32);
    let swapped = [sv, r].concat();
    s.add(
        case(
            "es256-r-s-swapped",
            "ES256 ID token with the halves of a genuine signature swapped",
            "RFC 7518 s3.4",
        )
        .token(with_signature(&genuine, &swapped))
        .keyset("op")
        .expect("invalid_signature"),
    );
    let high_s = [r, &sub(&N, sv)[..]].concat();
    s.add(
        case("es256-high-s-malleated", "ES256 ID token with a genuine signature malleated to (r, n - s): still a valid ECDSA signature, and RFC 7518 does not require low s", "RFC 7518 s3.4; SEC 1 s4.1.4")
            .token(with_signature(&genuine, &high_s))
            .keyset("op")
            .valid()
            .claims(good("alice")),
    );
    s.add(
        case(
            "es256-genuine",
            "The genuine ES256 ID token the variants are made from",
            "RFC 7518 s3.4",
        )
        .token(genuine)
        .keyset("op")
        .valid()
        .claims(good("alice")),
    );
    s
}

pub fn kid_injection(keys: &Keys) -> Suite {
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

pub fn crit_b64(keys: &Keys) -> Suite {
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

pub fn base64(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/base64url.json",
        "attack-base64url",
        "Non-canonical base64url in each segment (padding, whitespace, + and /, characters outside \
         the alphabet, impossible lengths, non-zero unused bits): one spelling per byte string \
         (CVE-2022-25898, RFC 7515 s2)",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    let source = "CVE-2022-25898; RFC 7515 s2; RFC 4648 s3.5, s5";
    for (alg, kid) in FAMILIES {
        let key = keys.private(kid);
        // Header and payload lengths chosen so that both segments end in a partial quantum.
        let mut pad = String::new();
        let (header, payload) = loop {
            let header = format!(r#"{{"alg":"{alg}","kid":"{kid}","typ":"JWT"{pad}}}"#);
            if header.len() % 3 == 1 {
                break (header, text(&patch(&id_claims(), json!({ "jti": "x" }))));
            }
            pad = format!(r#","x":"{}""#, "p".repeat(pad.len() % 7 + 1));
            if pad.len() > 20 {
                pad = r#","x":"pp""#.into();
            }
        };
        let mut payload = payload;
        while payload.len() % 3 == 0 {
            payload = payload.replace("\"jti\":\"x", "\"jti\":\"xx");
        }
        let genuine = raw_token(header.as_bytes(), payload.as_bytes(), key, alg);
        let (h, p, sig) = segments(&genuine);
        s.add(
            case(
                format!("{}-genuine", lower(alg)),
                format!("The genuine {alg} token the variants are made from"),
                source,
            )
            .token(genuine.clone())
            .keyset("op")
            .valid()
            .claims(good("alice")),
        );
        let segs = [
            ("header", h.clone()),
            ("payload", p.clone()),
            ("signature", sig.clone()),
        ];
        for (idx, (seg_name, seg)) in segs.iter().enumerate() {
            let padding = "=".repeat((4 - seg.len() % 4) % 4);
            let mid = seg.len() / 2;
            let variants: Vec<(&str, String, &str)> = vec![
                (
                    "padding",
                    format!(
                        "{seg}{}",
                        if padding.is_empty() {
                            "====".to_string()
                        } else {
                            padding.clone()
                        }
                    ),
                    "= padding",
                ),
                (
                    "space",
                    format!("{} {}", &seg[..mid], &seg[mid..]),
                    "a space in the middle",
                ),
                (
                    "newline",
                    format!("{}\n{}", &seg[..mid], &seg[mid..]),
                    "a line feed in the middle (MIME line wrapping)",
                ),
                (
                    "plus",
                    format!("{}+{}", &seg[..mid], &seg[mid + 1..]),
                    "a + (standard alphabet) in place of one character",
                ),
                (
                    "slash",
                    format!("{}/{}", &seg[..mid], &seg[mid + 1..]),
                    "a / (standard alphabet) in place of one character",
                ),
                (
                    "star",
                    format!("{}*{}", &seg[..mid], &seg[mid + 1..]),
                    "a * (outside any base64 alphabet)",
                ),
                (
                    "percent",
                    format!("{}%3D", seg),
                    "a percent-encoded = appended",
                ),
                (
                    "trailing-bits",
                    dirty_trailing_bits(seg),
                    "non-zero unused bits in its last character",
                ),
                (
                    "impossible-length",
                    seg[..seg.len() - (seg.len() % 4 + 3) % 4].to_string(),
                    "a length of 4k+1 characters",
                ),
            ];
            for (label, bad, what) in variants {
                if alg != "ES256" && !matches!(label, "padding" | "trailing-bits" | "plus") {
                    continue;
                }
                let mut parts = [h.clone(), p.clone(), sig.clone()];
                parts[idx] = bad;
                s.add(
                    case(
                        format!("{}-{seg_name}-{label}", lower(alg)),
                        format!("{alg} token whose {seg_name} segment has {what}"),
                        source,
                    )
                    .token(parts.join("."))
                    .keyset("op")
                    .expect("malformed_token"),
                );
            }
        }
        s.add(
            case(format!("{}-standard-alphabet-whole-token", lower(alg)), format!("{alg} token re-encoded entirely with the standard base64 alphabet (+ and /, padded)"), source)
                .token({
                    let std = |x: &str| crate::common::std_b64(&crate::common::unb64(x));
                    format!("{}.{}.{}", std(&h), std(&p), std(&sig))
                })
                .keyset("op")
                .expect("malformed_token"),
        );
    }
    s
}

pub fn invalid_keys(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/invalid-keys.json",
        "attack-invalid-keys",
        "Key sets with unusable keys (off-curve or other-curve points, wrong lengths, RSA under \
         2048 bits, e = 1 or even, HMAC secrets shorter than the hash, encryption keys): such keys \
         are skipped at load, so tokens naming them find no key; malformed JWKS documents",
        id_defaults(),
    );
    let claims = id_claims();
    let ec = keys.public("p256-a");
    let rsa = keys.public("rsa2048-a");
    let dec = |v: &Value| crate::common::unb64(v.as_str().expect("str"));
    let x = dec(&ec["x"]);
    let y = dec(&ec["y"]);
    let mut y_off = y.clone();
    y_off[31] ^= 1;
    let mut n_even = dec(&rsa["n"]);
    *n_even.last_mut().expect("n") &= 0xFE;
    let n_zero = [&[0u8][..], &dec(&rsa["n"])].concat();
    let ec_variants: Vec<(&str, Value, &str)> = vec![
        (
            "ec-off-curve",
            keys.public_with("p256-a", json!({ "y": b64(&y_off) })),
            "a point off the curve (y changed in its last bit)",
        ),
        (
            "ec-swapped-coordinates",
            keys.public_with("p256-a", json!({ "x": ec["y"], "y": ec["x"] })),
            "x and y swapped (off the curve)",
        ),
        (
            "ec-zero-point",
            keys.public_with(
                "p256-a",
                json!({ "x": b64(&[0u8; 32]), "y": b64(&[0u8; 32]) }),
            ),
            "the point (0, 0)",
        ),
        (
            "ec-p384-curve",
            keys.public_with("p256-a", json!({ "crv": "P-384" })),
            "crv P-384 with P-256 coordinates",
        ),
        (
            "ec-secp256k1-curve",
            keys.public_with("p256-a", json!({ "crv": "secp256k1" })),
            "crv secp256k1",
        ),
        (
            "ec-short-x",
            keys.public_with("p256-a", json!({ "x": b64(&x[1..]) })),
            "a 31-byte x",
        ),
        (
            "ec-long-x",
            keys.public_with("p256-a", json!({ "x": b64(&[&[0u8][..], &x].concat()) })),
            "a 33-byte x (leading zero)",
        ),
        (
            "ec-missing-y",
            keys.public_with("p256-a", json!({ "y": null })),
            "no y",
        ),
        (
            "ec-missing-crv",
            keys.public_with("p256-a", json!({ "crv": null })),
            "no crv",
        ),
        (
            "ec-padded-x",
            keys.public_with(
                "p256-a",
                json!({ "x": format!("{}=", ec["x"].as_str().expect("x")) }),
            ),
            "x with = padding",
        ),
        (
            "ec-alg-rs256",
            keys.public_with("p256-a", json!({ "alg": "RS256" })),
            "alg RS256 on an EC key",
        ),
        (
            "ec-use-enc",
            keys.public_with("p256-a", json!({ "use": "enc" })),
            "use enc",
        ),
        (
            "ec-key-ops-sign-only",
            keys.public_with("p256-a", json!({ "key_ops": ["sign"] })),
            "key_ops [\"sign\"]",
        ),
        (
            "ec-key-ops-string",
            keys.public_with("p256-a", json!({ "key_ops": "verify" })),
            "key_ops as a string",
        ),
        (
            "ec-use-number",
            keys.public_with("p256-a", json!({ "use": 1 })),
            "use 1",
        ),
        (
            "ec-kty-lowercase",
            keys.public_with("p256-a", json!({ "kty": "ec" })),
            "kty \"ec\"",
        ),
    ];
    let rsa_variants: Vec<(&str, Value, &str)> = vec![
        (
            "rsa-e-1",
            keys.public_with("rsa2048-a", json!({ "e": "AQ" })),
            "e = 1",
        ),
        (
            "rsa-e-2",
            keys.public_with("rsa2048-a", json!({ "e": "Ag" })),
            "e = 2 (even)",
        ),
        (
            "rsa-e-65536",
            keys.public_with("rsa2048-a", json!({ "e": "AQAA" })),
            "e = 65536 (even)",
        ),
        (
            "rsa-e-huge",
            keys.public_with("rsa2048-a", json!({ "e": b64(&[1u8; 9]) })),
            "a 9-byte e",
        ),
        (
            "rsa-n-even",
            keys.public_with("rsa2048-a", json!({ "n": b64(&n_even) })),
            "an even modulus",
        ),
        (
            "rsa-n-truncated",
            keys.public_with("rsa2048-a", json!({ "n": b64(&dec(&rsa["n"])[..128]) })),
            "the modulus cut to 1024 bits",
        ),
        (
            "rsa-n-too-large",
            keys.public_with("rsa2048-a", json!({ "n": b64(&[0xC5u8; 513]) })),
            "a 4104-bit modulus",
        ),
        (
            "rsa-missing-e",
            keys.public_with("rsa2048-a", json!({ "e": null })),
            "no e",
        ),
        (
            "rsa-alg-hs256",
            keys.public_with("rsa2048-a", json!({ "alg": "HS256" })),
            "alg HS256 on an RSA key",
        ),
        (
            "rsa-alg-rsa-oaep",
            keys.public_with("rsa2048-a", json!({ "alg": "RSA-OAEP" })),
            "alg RSA-OAEP (an encryption algorithm)",
        ),
        (
            "rsa-use-enc",
            keys.public_with("rsa2048-a", json!({ "use": "enc" })),
            "use enc",
        ),
    ];
    for (label, jwk, what) in ec_variants {
        s.keyset(label, vec![jwk]);
        s.add(
            case(label, format!("ES256 token signed by the real key and naming its kid; the key set's only key has {what}: skipped at load"), "RFC 7518 s6.2.1; conformance notes s4.9")
                .token(token(keys.private("p256-a"), "ES256", json!({}), &claims))
                .keyset(label)
                .expect("key_not_found"),
        );
    }
    for (label, jwk, what) in rsa_variants {
        s.keyset(label, vec![jwk]);
        s.add(
            case(label, format!("RS256 token signed by the real key and naming its kid; the key set's only key has {what}: skipped at load"), "RFC 7518 s3.3, s6.3.1; conformance notes s4.9")
                .token(token(keys.private("rsa2048-a"), "RS256", json!({}), &claims))
                .keyset(label)
                .expect("key_not_found"),
        );
    }
    s.keyset(
        "rsa-leading-zero",
        vec![keys.public_with("rsa2048-a", json!({ "n": b64(&n_zero) }))],
    );
    s.add(
        case("rsa-n-leading-zero", "RS256 token; the key's modulus carries one leading zero byte (seen in the wild despite RFC 7518 s6.3.1.1): tolerated", "RFC 7518 s6.3.1.1")
            .token(token(keys.private("rsa2048-a"), "RS256", json!({}), &claims))
            .keyset("rsa-leading-zero")
            .valid()
            .claims(good("alice")),
    );
    s.keyset("rsa-1024", vec![keys.public("rsa1024-weak")]);
    for alg in ["RS256", "PS256"] {
        s.add(
            case(format!("rsa-1024-{}", lower(alg)), format!("{alg} token signed by a 1024-bit RSA key that the key set publishes: under 2048 bits, skipped"), "RFC 7518 s3.3, s3.5; NIST SP 800-131A")
                .token(token(keys.private("rsa1024-weak"), alg, json!({}), &claims))
                .keyset("rsa-1024")
                .expect("key_not_found"),
        );
    }
    s.keyset(
        "rsa-large",
        vec![keys.public("rsa3072"), keys.public("rsa4096")],
    );
    for (kid, alg) in [
        ("rsa3072", "RS256"),
        ("rsa4096", "RS512"),
        ("rsa4096", "PS256"),
    ] {
        s.add(
            case(
                format!("{kid}-{}", lower(alg)),
                format!("{alg} token signed by the {kid} key: larger moduli are fine"),
                "RFC 7518 s3.3",
            )
            .token(token(keys.private(kid), alg, json!({}), &claims))
            .keyset("rsa-large")
            .valid()
            .claims(good("alice")),
        );
    }
    // HMAC secret sizes.
    s.keyset("oct-short", vec![keys.public("hs-short")]);
    s.keyset(
        "oct-31",
        vec![json!({ "kty": "oct", "kid": "hs-31", "k": b64(&filler("31-byte secret", 31)) })],
    );
    s.keyset(
        "oct-sizes",
        vec![
            keys.public("hs-32"),
            keys.public("hs-48"),
            keys.public("hs-64"),
        ],
    );
    s.keyset(
        "oct-32-alg-hs512",
        vec![keys.public_with("hs-32", json!({ "alg": "HS512" }))],
    );
    s.keyset(
        "oct-empty",
        vec![json!({ "kty": "oct", "kid": "hs-32", "k": "" })],
    );
    let secret31 = json!({ "kty": "oct", "kid": "hs-31", "k": b64(&filler("31-byte secret", 31)) });
    let hmac_cases: Vec<(&str, &str, Value, &str, &str, &str)> = vec![
        (
            "oct-16-hs256",
            "HS256 with a 16-byte secret",
            keys.private("hs-short").clone(),
            "HS256",
            "oct-short",
            "key_not_found",
        ),
        (
            "oct-31-hs256",
            "HS256 with a 31-byte secret",
            secret31,
            "HS256",
            "oct-31",
            "key_not_found",
        ),
        (
            "oct-32-hs384",
            "HS384 naming the 32-byte secret (shorter than SHA-384)",
            keys.private("hs-32").clone(),
            "HS384",
            "oct-sizes",
            "key_not_found",
        ),
        (
            "oct-32-hs512",
            "HS512 naming the 32-byte secret",
            keys.private("hs-32").clone(),
            "HS512",
            "oct-sizes",
            "key_not_found",
        ),
        (
            "oct-48-hs512",
            "HS512 naming the 48-byte secret",
            keys.private("hs-48").clone(),
            "HS512",
            "oct-sizes",
            "key_not_found",
        ),
        (
            "oct-32-hs256",
            "HS256 with the 32-byte secret",
            keys.private("hs-32").clone(),
            "HS256",
            "oct-sizes",
            "valid",
        ),
        (
            "oct-48-hs384",
            "HS384 with the 48-byte secret",
            keys.private("hs-48").clone(),
            "HS384",
            "oct-sizes",
            "valid",
        ),
        (
            "oct-64-hs512",
            "HS512 with the 64-byte secret",
            keys.private("hs-64").clone(),
            "HS512",
            "oct-sizes",
            "valid",
        ),
        (
            "oct-64-hs256",
            "HS256 with the 64-byte secret (longer than the hash is fine)",
            keys.private("hs-64").clone(),
            "HS256",
            "oct-sizes",
            "valid",
        ),
        (
            "oct-32-jwk-alg-hs512",
            "HS256 naming a 32-byte secret whose JWK says alg HS512 (too short for it: the key is skipped)",
            keys.private("hs-32").clone(),
            "HS256",
            "oct-32-alg-hs512",
            "key_not_found",
        ),
        (
            "oct-empty-k",
            "HS256 naming a JWK whose k is empty",
            keys.private("hs-32").clone(),
            "HS256",
            "oct-empty",
            "key_not_found",
        ),
    ];
    for (id, what, key, alg, keyset, expect) in hmac_cases {
        let mut c = case(
            id,
            format!("{what}; the key set holds the secret"),
            "RFC 7518 s3.2",
        )
        .token(token(&key, alg, json!({}), &claims))
        .keyset(keyset)
        .expect(expect);
        if expect == "valid" {
            c = c.claims(good("alice"));
        }
        s.add(c);
    }
    // Usable keys that are restricted: key_ops, alg.
    s.keyset(
        "ec-key-ops-verify",
        vec![keys.public_with(
            "p256-a",
            json!({ "key_ops": ["sign", "verify"], "use": "sig", "alg": "ES256" }),
        )],
    );
    s.add(
        case(
            "ec-key-ops-verify",
            "ES256 token; the key has use sig, alg ES256 and key_ops [sign, verify]: usable",
            "RFC 7517 s4.2, s4.3",
        )
        .token(token(keys.private("p256-a"), "ES256", json!({}), &claims))
        .keyset("ec-key-ops-verify")
        .valid()
        .claims(good("alice")),
    );
    s.keyset(
        "rsa-alg-rs256",
        vec![keys.public_with("rsa2048-a", json!({ "alg": "RS256" }))],
    );
    s.add(
        case("rsa-key-alg-rs256-token-ps256", "PS256 token signed by an RSA key whose JWK is restricted to RS256: one key, one algorithm", "RFC 7517 s4.4; RFC 8725 s3.1")
            .token(token(keys.private("rsa2048-a"), "PS256", json!({}), &claims))
            .keyset("rsa-alg-rs256")
            .expect("key_not_found"),
    );
    s.add(
        case(
            "rsa-key-alg-rs256-token-rs256",
            "RS256 token signed by an RSA key whose JWK is restricted to RS256",
            "RFC 7517 s4.4",
        )
        .token(token(
            keys.private("rsa2048-a"),
            "RS256",
            json!({}),
            &claims,
        ))
        .keyset("rsa-alg-rs256")
        .valid()
        .claims(good("alice")),
    );
    s.keyset(
        "broken-and-good-same-kid",
        vec![
            keys.public_with("p256-a", json!({ "y": b64(&y_off) })),
            keys.public("p256-a"),
        ],
    );
    s.add(
        case("ec-broken-key-same-kid-ambiguous", "ES256 token; the key set lists a broken copy of the key (off the curve) before the good one, same kid: the broken one is skipped, not fatal to the set, and the kid it shares names two signing keys, so it is ambiguous rather than resolved to whichever loaded", "Wycheproof JOSE json_web_key_test; conformance notes s4.18")
            .token(token(keys.private("p256-a"), "ES256", json!({}), &claims))
            .keyset("broken-and-good-same-kid")
            .expect("ambiguous_key"),
    );
    // Two keys with one kid: the kid does not decide.
    s.keyset(
        "duplicate-kid",
        vec![
            keys.public("p256-a"),
            keys.public_with("p256-b", json!({ "kid": "p256-a" })),
        ],
    );
    // Trying each key is for a header without a kid: a kid that names two keys stays ambiguous.
    for (suffix, policy, expect) in [
        ("", json!({}), "ambiguous_key"),
        (
            "-try-all-keys",
            json!({ "try_all_keys": true }),
            "ambiguous_key",
        ),
    ] {
        let mut c = case(
            format!("jwks-duplicate-kid{suffix}"),
            format!(
                "ES256 token naming kid p256-a; the JWKS has two P-256 keys with that kid{}",
                if suffix.is_empty() {
                    ""
                } else {
                    ", and the policy would try each key of a header without kid"
                }
            ),
            "RFC 7517 s4.5; conformance notes s2",
        )
        .token(token(keys.private("p256-a"), "ES256", json!({}), &claims))
        .keyset("duplicate-kid")
        .policy(policy)
        .expect(expect);
        if expect == "valid" {
            c = c.claims(good("alice"));
        }
        s.add(c);
    }
    // Documents that are not JWKS, and one with more keys than the key set holds.
    let good_token = token(keys.private("p256-a"), "ES256", json!({}), &claims);
    let docs: Vec<(&str, Value, &str)> = vec![
        (
            "jwks-keys-is-object",
            json!({ "keys": keys.public("p256-a") }),
            "keys is a single JWK object, not an array",
        ),
        (
            "jwks-keys-has-string",
            json!({ "keys": [keys.public("p256-a"), "p256-a"] }),
            "keys holds a string",
        ),
        (
            "jwks-keys-missing",
            json!({ "key": [keys.public("p256-a")] }),
            "no keys member",
        ),
        ("jwks-keys-null", json!({ "keys": null }), "keys is null"),
    ];
    for (id, doc, what) in docs {
        s.keyset_doc(id, doc);
        s.add(
            case(
                id,
                format!("A genuine ES256 token; the key set document is malformed: {what}"),
                "RFC 7517 s5",
            )
            .token(good_token.clone())
            .keyset(id)
            .expect("malformed_jwks"),
        );
    }
    let many: Vec<Value> = (0..17)
        .map(|i| keys.public_with("hs-32", json!({ "kid": format!("hs-{i:02}") })))
        .collect();
    s.keyset("seventeen-keys", many);
    s.add(
        case(
            "jwks-more-keys-than-capacity",
            "A genuine ES256 token; the JWKS has 17 usable keys and the key set holds 16",
            "conformance notes s2; key set capacity",
        )
        .token(good_token.clone())
        .keyset("seventeen-keys")
        .expect("capacity_exceeded"),
    );
    let mut sixteen: Vec<Value> = (0..15)
        .map(|i| keys.public_with("hs-32", json!({ "kid": format!("hs-{i:02}") })))
        .collect();
    sixteen.push(keys.public("p256-a"));
    sixteen.push(keys.public_with("rsa2048-a", json!({ "use": "enc" })));
    sixteen.push(json!({ "kty": "OKP", "crv": "Ed25519", "kid": "ed", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }));
    s.keyset("sixteen-usable-keys", sixteen);
    s.add(
        case("jwks-exactly-capacity", "A genuine ES256 token; the JWKS has 16 usable keys (and two it skips), exactly the key set's capacity", "conformance notes s2; key set capacity")
            .token(good_token)
            .keyset("sixteen-usable-keys")
            .valid()
            .claims(good("alice")),
    );
    s
}
