//! Suite `attack-invalid-keys` (`fixtures/attacks/invalid-keys.json`): Key sets with unusable keys
//! (off-curve or other-curve points, wrong lengths, RSA under 2048 bits, e = 1 or even, HMAC
//! secrets shorter than the hash, encryption keys): such keys are skipped at load, so tokens
//! naming them find no key; malformed JWKS documents.

use serde_json::{Value, json};

use super::{good, lower};
use crate::common::{Suite, case, filler, id_claims, id_defaults, token};
use crate::keys::Keys;
use host_harness::jose::b64;

pub fn suite(keys: &Keys) -> Suite {
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
    sixteen.push(json!({"kty": "OKP", "crv": "Ed448", "kid": "ed", "x": "X9dEm1m0Yf0s54fsYWrUah2hNCSFpw4fig6nXYDpZ3jt8SR2m0bHBhvWeD3x5Q9s0foavq_oJWGA"}));
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
