//! Suite `attack-key-set-hygiene`: what a key set document says as a whole (Wycheproof's JWK
//! tests, Tink). A published set never yields a secret; keys with private members are refused;
//! a `kid` that names two signing keys is ambiguous even when one of them failed to load; RSA
//! moduli with the ROCA fingerprint (CVE-2017-15361) are weak.

use serde_json::{Value, json};

use crate::common::{CLIENT, NOW, OP, Suite, case, id_claims, token};
use crate::keys::Keys;

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/key-set-hygiene.json",
        "attack-key-set-hygiene",
        "Key set hygiene: secrets published beside public keys are never used (a client secret is \
         added apart), keys carrying private members are refused, a kid shared by two signing \
         keys is ambiguous even when one fails to load, ROCA-fingerprinted RSA moduli are weak",
        json!({ "now": NOW, "profile": "id_token", "issuer": OP, "audience": CLIENT }),
    );
    let claims = id_claims();
    let src_secret = "Wycheproof JOSE json_web_key_test; RFC 7517 s5; conformance notes s4.18";
    let good = |c: crate::common::Case| c.valid().claims(json!({ "sub": "alice" }));

    // A secret published beside public keys (of any type, supported or not).
    let okp = json!({"kty": "OKP", "crv": "Ed448", "kid": "ed-1", "x": "X9dEm1m0Yf0s54fsYWrUah2hNCSFpw4fig6nXYDpZ3jt8SR2m0bHBhvWeD3x5Q9s0foavq_oJWGA"});
    let published: Vec<(&str, Value)> = vec![
        (
            "published-rsa-and-secret",
            json!({ "keys": [keys.public("rsa2048-a"), keys.public("hs-32")] }),
        ),
        (
            "published-ec-and-secret",
            json!({ "keys": [keys.public("hs-64"), keys.public("p256-a")] }),
        ),
        (
            "published-okp-and-secret",
            json!({ "keys": [okp, keys.public("hs-32")] }),
        ),
    ];
    for (name, doc) in published {
        s.keyset_doc(name, doc);
    }
    for (id, keyset, alg, signer, what) in [
        (
            "hs256-secret-beside-rsa",
            "published-rsa-and-secret",
            "HS256",
            "hs-32",
            "an RSA key",
        ),
        (
            "hs512-secret-beside-ec",
            "published-ec-and-secret",
            "HS512",
            "hs-64",
            "an EC key",
        ),
        (
            "hs256-secret-beside-unsupported-okp",
            "published-okp-and-secret",
            "HS256",
            "hs-32",
            "an Ed448 key this build cannot use",
        ),
    ] {
        s.add(
            case(
                id,
                format!("{alg} token MACed with the secret a key set publishes beside {what}: a published secret has leaked and is never used"),
                src_secret,
            )
            .token(token(keys.private(signer), alg, json!({}), &claims))
            .keyset(keyset)
            .expect("key_not_found"),
        );
    }
    s.add(good(
        case(
            "rs256-beside-a-published-secret",
            "RS256 token; the key set also publishes a secret, which is skipped without harming the RSA key",
            src_secret,
        )
        .token(token(keys.private("rsa2048-a"), "RS256", json!({}), &claims))
        .keyset("published-rsa-and-secret"),
    ));
    // The same secrets held apart, as a relying party holds its client secret.
    s.keyset(
        "rp-with-client-secret",
        vec![keys.public("rsa2048-a"), keys.public("hs-32")],
    );
    s.keyset(
        "secrets-alone",
        vec![keys.public("hs-32"), keys.public("hs-64")],
    );
    for (id, keyset, alg, signer, what) in [
        (
            "hs256-client-secret-added-apart",
            "rp-with-client-secret",
            "HS256",
            "hs-32",
            "the issuer's public keys plus the client secret held apart",
        ),
        (
            "hs256-set-of-secrets-alone",
            "secrets-alone",
            "HS256",
            "hs-32",
            "a document of secrets alone",
        ),
        (
            "hs512-set-of-secrets-alone",
            "secrets-alone",
            "HS512",
            "hs-64",
            "a document of secrets alone",
        ),
    ] {
        s.add(good(
            case(
                id,
                format!("{alg} token; the key set is {what}"),
                "OIDC Core s10.1; RFC 7517 s5",
            )
            .token(token(keys.private(signer), alg, json!({}), &claims))
            .keyset(keyset),
        ));
    }

    // Private members: the private key has leaked, so anyone can sign.
    let mut rsa_private = keys.private("rsa2048-a").clone();
    rsa_private
        .as_object_mut()
        .unwrap()
        .shift_remove("test_only");
    let mut ec_private = keys.private("p256-a").clone();
    ec_private
        .as_object_mut()
        .unwrap()
        .shift_remove("test_only");
    let mut ec_with_d = keys.public("p256-b");
    ec_with_d["d"] = keys.private("p256-b")["d"].clone();
    let mut rsa_with_p = keys.public("rsa2048-b");
    rsa_with_p["p"] = keys.private("rsa2048-b")["p"].clone();
    s.leaked_keyset_doc("published-private-rsa", json!({ "keys": [rsa_private] }));
    s.leaked_keyset_doc("published-private-ec", json!({ "keys": [ec_private] }));
    s.leaked_keyset_doc(
        "published-ec-d-only",
        json!({ "keys": [ec_with_d, keys.public("rsa2048-a")] }),
    );
    s.leaked_keyset_doc(
        "published-rsa-p-only",
        json!({ "keys": [rsa_with_p, keys.public("p256-a")] }),
    );
    let src_private = "RFC 7517 s4, RFC 7518 s6.2.2, s6.3.2; conformance notes s4.18";
    for (id, keyset, alg, signer, what) in [
        (
            "rs256-published-private-rsa-key",
            "published-private-rsa",
            "RS256",
            "rsa2048-a",
            "a whole private RSA JWK (d, p, q, dp, dq, qi)",
        ),
        (
            "es256-published-private-ec-key",
            "published-private-ec",
            "ES256",
            "p256-a",
            "a private EC JWK (d)",
        ),
        (
            "es256-ec-key-with-d",
            "published-ec-d-only",
            "ES256",
            "p256-b",
            "an EC key carrying d beside a clean RSA key",
        ),
        (
            "rs256-rsa-key-with-p",
            "published-rsa-p-only",
            "RS256",
            "rsa2048-b",
            "an RSA key carrying only the prime p",
        ),
    ] {
        s.add(
            case(
                id,
                format!("{alg} token; the key set publishes {what}: the key is refused"),
                src_private,
            )
            .token(token(keys.private(signer), alg, json!({}), &claims))
            .keyset(keyset)
            .expect("key_not_found"),
        );
    }
    s.add(good(
        case(
            "rs256-clean-key-beside-a-leaked-one",
            "RS256 token signed by a clean key; the same document publishes an EC key carrying d",
            src_private,
        )
        .token(token(
            keys.private("rsa2048-a"),
            "RS256",
            json!({}),
            &claims,
        ))
        .keyset("published-ec-d-only"),
    ));

    // One kid, two signing keys: ambiguous, whichever of them loads.
    let src_kid = "Wycheproof JOSE json_web_key_test; RFC 7517 s4.5; conformance notes s4.18";
    let named = |kid: &str, as_kid: &str, extra: Value| {
        let mut k = keys.public_with(kid, extra);
        k["kid"] = json!(as_kid);
        k
    };
    let shared: Vec<(&str, Vec<Value>, &str, &str, &str)> = vec![
        (
            "rsa-good-and-exponent-1",
            vec![
                named("rsa2048-a", "k", json!({})),
                named("rsa2048-b", "k", json!({ "e": "AQ" })),
            ],
            "RS256",
            "rsa2048-a",
            "an RSA key and a broken RSA key (e = 1) share the kid",
        ),
        (
            "rsa-good-and-unsupported-okp",
            vec![
                named("rsa2048-a", "k", json!({})),
                json!({"kty": "OKP", "crv": "Ed448", "kid": "k", "x": "X9dEm1m0Yf0s54fsYWrUah2hNCSFpw4fig6nXYDpZ3jt8SR2m0bHBhvWeD3x5Q9s0foavq_oJWGA"}),
            ],
            "RS256",
            "rsa2048-a",
            "an RSA key and an Ed448 key this build cannot load share the kid",
        ),
        (
            "ec-broken-first",
            vec![
                named("p256-b", "k", json!({ "crv": "P-384" })),
                named("p256-a", "k", json!({})),
            ],
            "ES256",
            "p256-a",
            "an EC key of another curve, listed first, shares the kid of the good P-256 key",
        ),
        (
            "rsa-and-ec-both-good",
            vec![
                named("rsa2048-a", "k", json!({})),
                named("p256-a", "k", json!({})),
            ],
            "ES256",
            "p256-a",
            "an RSA and an EC key, both usable, share the kid; the token is ES256",
        ),
    ];
    for (name, doc_keys, alg, signer, what) in shared {
        s.keyset_doc(name, json!({ "keys": doc_keys }));
        let kid = "k";
        s.add(
            case(
                format!("{}-{name}", alg.to_lowercase()),
                format!("{alg} token naming kid {kid:?}; {what}: ambiguous"),
                src_kid,
            )
            .token(token(
                &keys.private_as(signer, Some(kid)),
                alg,
                json!({}),
                &claims,
            ))
            .keyset(name)
            .expect("ambiguous_key"),
        );
    }
    // Secrets alone, one of them too short for any HS algorithm (and so skipped): same rule.
    s.keyset_doc(
        "secrets-good-and-short-same-kid",
        json!({ "keys": [named("hs-short", "k", json!({})), named("hs-32", "k", json!({}))] }),
    );
    s.add(
        case(
            "hs256-secret-good-and-short-same-kid",
            "HS256 token naming kid \"k\"; a document of secrets gives that kid to the good secret and to a 16-byte one that cannot load: ambiguous",
            src_kid,
        )
        .token(token(&keys.private_as("hs-32", Some("k")), "HS256", json!({}), &claims))
        .keyset("secrets-good-and-short-same-kid")
        .expect("ambiguous_key"),
    );
    // Not signing keys: an encryption key may share the kid.
    s.keyset_doc(
        "sig-and-enc-same-kid",
        json!({ "keys": [
            named("rsa2048-a", "k", json!({ "use": "sig" })),
            named("rsa2048-b", "k", json!({ "use": "enc", "alg": "RSA-OAEP" })),
            named("p256-b", "k", json!({ "key_ops": ["deriveKey"] })),
        ] }),
    );
    s.add(good(
        case(
            "rs256-kid-shared-with-encryption-keys",
            "RS256 token naming kid k; the other keys with that kid are for encryption and key agreement, not signing",
            src_kid,
        )
        .token(token(&keys.private_as("rsa2048-a", Some("k")), "RS256", json!({}), &claims))
        .keyset("sig-and-enc-same-kid"),
    ));

    // ROCA.
    let src_roca = "CVE-2017-15361 (ROCA); conformance notes s4.18";
    s.keyset("roca", vec![keys.public("rsa2048-roca")]);
    s.keyset(
        "roca-and-good",
        vec![keys.public("rsa2048-roca"), keys.public("rsa2048-a")],
    );
    for (alg, profile) in [("RS256", "id_token"), ("PS256", "id_token")] {
        s.add(
            case(
                format!("{}-roca-key", alg.to_lowercase()),
                format!("{alg} token signed by an RSA-2048 key whose primes have RSALib's structure (the ROCA fingerprint): the key is weak and skipped"),
                src_roca,
            )
            .token(token(keys.private("rsa2048-roca"), alg, json!({}), &claims))
            .keyset("roca")
            .policy(json!({ "profile": profile }))
            .expect("key_not_found"),
        );
    }
    s.add(good(
        case(
            "rs256-good-key-beside-roca-key",
            "RS256 token signed by a sound key; the set also lists a ROCA-fingerprinted key",
            src_roca,
        )
        .token(token(
            keys.private("rsa2048-a"),
            "RS256",
            json!({}),
            &claims,
        ))
        .keyset("roca-and-good"),
    ));
    s
}
