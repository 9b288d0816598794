//! Suite `attack-key-confusion` (`fixtures/attacks/key-confusion.json`): HS256/384/512 tokens
//! MACed with the provider's public RSA or EC key as the secret (PEM, DER, JWK text, raw bytes):
//! an HMAC algorithm never selects an RSA or EC key (CVE-2015-9235, CVE-2016-10555,
//! CVE-2017-11424, CVE-2022-29217).

use serde_json::json;

use super::lower;
use crate::common::{Suite, case, id_claims, id_defaults, text, token};
use crate::keys::Keys;
use host_harness::jose::b64;

pub fn suite(keys: &Keys) -> Suite {
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
