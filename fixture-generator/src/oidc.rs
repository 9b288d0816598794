//! Suites `oidc-rp` (OpenID Connect RP certification, ID token tests) and `fapi-client`
//! (FAPI 1.0 Advanced client tests about the ID token), against a synthetic provider.

use serde_json::{Value, json};

use crate::common::{
    CLIENT, NOW, OP, Suite, case, half_hash, id_claims, id_defaults, patch, signature, text, token,
    token_bytes, with_signature,
};
use crate::keys::Keys;
use host_harness::jose::b64;

const NONCE: &str = "n-0S6_WzA2Mj";
const ACCESS_TOKEN: &str = "jHkWEdUXMU1BwAsC4vtUsZwnNHX1wPWu";
const CODE: &str = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk";

/// XOR every signature byte with 0x5A, as the new certification suite's bad-signature tests do.
fn xor_5a(token: &str) -> String {
    let sig: Vec<u8> = signature(token).iter().map(|b| b ^ 0x5A).collect();
    with_signature(token, &sig)
}

fn rp_source(id: &str) -> String {
    format!("OpenID RP certification {id}")
}

pub fn oidc_rp(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "oidc/oidc-rp.json",
        "oidc-rp",
        "OpenID Connect RP certification test cases about the ID token (OpenID Connect Core 1.0 \
         s3.1.3.7), as ID tokens from a synthetic provider https://op.example for client-1",
        id_defaults(),
    );
    let rsa_a = keys.private("rsa2048-a");
    let rsa_b = keys.private("rsa2048-b");
    let ec_a = keys.private("p256-a");
    let ec_b = keys.private("p256-b");
    let sig = json!({ "use": "sig" });
    s.keyset(
        "op",
        vec![
            keys.public_with("rsa2048-a", sig.clone()),
            keys.public_with("p256-a", sig.clone()),
        ],
    );
    s.keyset("op-single-rsa", vec![keys.public("rsa2048-a")]);
    s.keyset("op-single-ec", vec![keys.public("p256-a")]);
    s.keyset(
        "op-two-rsa",
        vec![keys.public("rsa2048-a"), keys.public("rsa2048-b")],
    );
    s.keyset(
        "op-two-ec",
        vec![keys.public("p256-a"), keys.public("p256-b")],
    );
    s.keyset(
        "op-after-rotation",
        vec![
            keys.public_with("rsa2048-a", sig.clone()),
            keys.public_with("rsa2048-b", sig.clone()),
            keys.public_with("p256-a", sig.clone()),
            keys.public_with("p256-b", sig.clone()),
        ],
    );
    // The client secret, keyed as its UTF-8 octets; a client keeps it without a kid.
    s.keyset(
        "client-secret",
        vec![keys.public_with("client-secret", json!({ "kid": null }))],
    );
    let secret = keys.private_as("client-secret", None);
    let claims = patch(&id_claims(), json!({ "nonce": NONCE }));
    let nonce = json!({ "nonce": NONCE });
    let good_claims = json!({ "iss": OP, "sub": "alice", "aud": CLIENT, "nonce": NONCE });

    // Accepted signatures.
    for (id, new_id, alg, key, keyset) in [
        (
            "rp-id_token-sig-rs256",
            "oidcc-client-test-idtoken-sig-rs256",
            "RS256",
            rsa_a,
            "op",
        ),
        (
            "rp-id_token-sig-es256",
            "oidcc-client-test-idtoken-sig-es256",
            "ES256",
            ec_a,
            "op",
        ),
        (
            "rp-id_token-sig-hs256",
            "oidcc-client-test-idtoken-sig-hs256",
            "HS256",
            &secret,
            "client-secret",
        ),
    ] {
        s.add(
            case(
                id,
                format!(
                    "{alg}-signed ID token{}; accepted",
                    if alg == "HS256" {
                        " keyed with the client secret's UTF-8 octets, no kid"
                    } else {
                        ", kid present"
                    }
                ),
                format!("{} ({new_id})", rp_source(id)),
            )
            .token(token(key, alg, json!({}), &claims))
            .keyset(keyset)
            .policy(nonce.clone())
            .valid()
            .claims(good_claims.clone()),
        );
    }
    for (suffix, alg, key, keyset) in [
        ("", "RS256", rsa_a, "op-single-rsa"),
        ("-es256", "ES256", ec_a, "op-single-ec"),
    ] {
        let id = "rp-id_token-kid-absent-single-jwks";
        s.add(
            case(
                format!("{id}{suffix}"),
                format!("{alg} ID token without kid; the JWKS has a single key, which is used"),
                format!(
                    "{} (oidcc-client-test-kid-absent-single-jwks)",
                    rp_source(id)
                ),
            )
            .token(token(key, alg, json!({ "kid": null }), &claims))
            .keyset(keyset)
            .policy(nonce.clone())
            .valid()
            .claims(json!({ "sub": "alice" })),
        );
    }
    // An OP that accepted a 16-byte client secret and signs HS256 ID tokens with it: the relying
    // party's copy of the secret cannot key HMAC (RFC 7518 s3.2, OIDC Core s16.19), so no key
    // verifies the token.
    s.keyset(
        "op-short-client-secret",
        vec![
            keys.public_with("rsa2048-a", sig.clone()),
            keys.public_with("hs-short", json!({ "kid": null })),
        ],
    );
    s.add(
        case(
            "rp-id_token-sig-hs256-short-client-secret",
            "HS256 ID token keyed with a 16-byte client secret the OP accepted: the secret is shorter than SHA-256's 32 bytes, so it never keys HMAC and no key verifies the token",
            "RFC 7518 s3.2; OpenID Connect Core 1.0 s16.19, s10.1",
        )
        .token(token(&keys.private_as("hs-short", None), "HS256", json!({}), &claims))
        .keyset("op-short-client-secret")
        .policy(nonce.clone())
        .expect("key_not_found"),
    );
    // Several keys and no kid: reject as ambiguous, or (opt-in) try every key.
    for (suffix, alg, first, second, keyset) in [
        ("", "RS256", rsa_a, rsa_b, "op-two-rsa"),
        ("-es256", "ES256", ec_a, ec_b, "op-two-ec"),
    ] {
        let id = "rp-id_token-kid-absent-multiple-jwks";
        let src = format!(
            "{} (oidcc-client-test-kid-absent-multiple-jwks)",
            rp_source(id)
        );
        let by_first = token(first, alg, json!({ "kid": null }), &claims);
        let by_second = token(second, alg, json!({ "kid": null }), &claims);
        s.add(
            case(
                format!("{id}{suffix}"),
                format!(
                    "{alg} ID token without kid; the JWKS has two {alg} keys: ambiguous, rejected"
                ),
                src.clone(),
            )
            .token(by_first.clone())
            .keyset(keyset)
            .policy(nonce.clone())
            .expect("ambiguous_key"),
        );
        s.add(
            case(format!("{id}{suffix}-try-all-keys"), format!("{alg} ID token without kid signed by the first of two keys; the policy opts in to trying each key"), src.clone())
                .token(by_first.clone())
                .keyset(keyset)
                .policy(json!({ "nonce": NONCE, "try_all_keys": true }))
                .valid()
                .claims(json!({ "sub": "alice" })),
        );
        s.add(
            case(format!("{id}{suffix}-try-all-keys-second"), format!("{alg} ID token without kid signed by the second of two keys; trying each key finds it"), src.clone())
                .token(by_second)
                .keyset(keyset)
                .policy(json!({ "nonce": NONCE, "try_all_keys": true }))
                .valid()
                .claims(json!({ "sub": "alice" })),
        );
        s.add(
            case(
                format!("{id}{suffix}-try-all-keys-bad-sig"),
                format!("{alg} ID token without kid and a corrupted signature; no key verifies it"),
                src,
            )
            .token(xor_5a(&by_first))
            .keyset(keyset)
            .policy(json!({ "nonce": NONCE, "try_all_keys": true }))
            .expect("invalid_signature"),
        );
    }
    // alg none.
    let none_header = b64(br#"{"alg":"none"}"#);
    s.add(
        case(
            "rp-id_token-sig-none",
            "Unsecured ID token (alg none, empty signature): rejected (the new suite would allow accepting it; this verifier never does)",
            format!("{} (oidcc-client-test-idtoken-sig-none); RFC 8725 s3.2", rp_source("rp-id_token-sig-none")),
        )
        .token(format!("{none_header}.{}.", b64(text(&claims).as_bytes())))
        .keyset("op")
        .policy(nonce.clone())
        .expect("algorithm_not_allowed"),
    );
    // Bad signatures: every byte XORed with 0x5A.
    for (id, alg, key, keyset) in [
        ("rp-id_token-bad-sig-rs256", "RS256", rsa_a, "op"),
        ("rp-id_token-bad-sig-es256", "ES256", ec_a, "op"),
        (
            "rp-id_token-bad-sig-hs256",
            "HS256",
            &secret,
            "client-secret",
        ),
    ] {
        s.add(
            case(
                id,
                format!("{alg} ID token whose signature bytes are all XORed with 0x5A"),
                rp_source(id),
            )
            .token(xor_5a(&token(key, alg, json!({}), &claims)))
            .keyset(keyset)
            .policy(nonce.clone())
            .expect("invalid_signature"),
        );
    }
    // Claim rejections, each signed RS256 (the certification default) and ES256.
    let at_hash = half_hash("RS256", ACCESS_TOKEN);
    let c_hash = half_hash("RS256", CODE);
    let claim_cases: Vec<(&str, &str, Value, Value, &str)> = vec![
        (
            "rp-id_token-issuer-mismatch",
            "iss is https://example.org/, not the provider",
            patch(&claims, json!({ "iss": "https://example.org/" })),
            nonce.clone(),
            "issuer_mismatch",
        ),
        (
            "rp-id_token-aud",
            "aud names another client",
            patch(&claims, json!({ "aud": "some-other-client" })),
            nonce.clone(),
            "audience_mismatch",
        ),
        (
            "oidcc-client-test-missing-aud",
            "aud is absent",
            patch(&claims, json!({ "aud": null })),
            nonce.clone(),
            "missing_claim",
        ),
        (
            "rp-id_token-iat",
            "iat is absent",
            patch(&claims, json!({ "iat": null })),
            nonce.clone(),
            "missing_claim",
        ),
        (
            "rp-id_token-sub",
            "sub is absent",
            patch(&claims, json!({ "sub": null })),
            nonce.clone(),
            "missing_claim",
        ),
        (
            "rp-nonce-invalid",
            "nonce differs from the one sent",
            patch(&claims, json!({ "nonce": "012345678" })),
            nonce.clone(),
            "nonce_mismatch",
        ),
        (
            "rp-id_token-bad-at_hash",
            "implicit flow: at_hash does not match the access token",
            patch(
                &claims,
                json!({ "at_hash": half_hash("RS256", "another access token") }),
            ),
            json!({ "nonce": NONCE, "id_token_source": "implicit", "response_type": "id_token token", "access_token": ACCESS_TOKEN }),
            "at_hash_mismatch",
        ),
        (
            "rp-id_token-missing-at_hash",
            "implicit flow (id_token token): at_hash is absent",
            claims.clone(),
            json!({ "nonce": NONCE, "id_token_source": "implicit", "response_type": "id_token token", "access_token": ACCESS_TOKEN }),
            "at_hash_mismatch",
        ),
        (
            "rp-id_token-bad-c_hash",
            "hybrid flow: c_hash does not match the code",
            patch(
                &claims,
                json!({ "c_hash": half_hash("RS256", "another code") }),
            ),
            json!({ "nonce": NONCE, "id_token_source": "hybrid", "response_type": "code id_token", "code": CODE }),
            "c_hash_mismatch",
        ),
        (
            "rp-id_token-missing-c_hash",
            "hybrid flow (code id_token): c_hash is absent",
            claims.clone(),
            json!({ "nonce": NONCE, "id_token_source": "hybrid", "response_type": "code id_token", "code": CODE }),
            "c_hash_mismatch",
        ),
        (
            "rp-response_type-id_token+token",
            "implicit flow: at_hash matches the access token",
            patch(&claims, json!({ "at_hash": at_hash })),
            json!({ "nonce": NONCE, "id_token_source": "implicit", "response_type": "id_token token", "access_token": ACCESS_TOKEN }),
            "valid",
        ),
        (
            "rp-response_type-code+id_token",
            "hybrid flow: c_hash matches the code",
            patch(&claims, json!({ "c_hash": c_hash })),
            json!({ "nonce": NONCE, "id_token_source": "hybrid", "response_type": "code id_token", "code": CODE }),
            "valid",
        ),
        (
            "rp-response_type-code+id_token+token",
            "hybrid flow: at_hash and c_hash both match",
            patch(&claims, json!({ "at_hash": at_hash, "c_hash": c_hash })),
            json!({ "nonce": NONCE, "id_token_source": "hybrid", "response_type": "code id_token token", "access_token": ACCESS_TOKEN, "code": CODE }),
            "valid",
        ),
    ];
    for (id, what, body, policy, expect) in claim_cases {
        for (suffix, alg, key) in [("", "RS256", rsa_a), ("-es256", "ES256", ec_a)] {
            let mut c = case(
                format!("{id}{suffix}"),
                format!("{alg} ID token, {what}"),
                format!("{}; OpenID Connect Core 1.0 s3.1.3.7", rp_source(id)),
            )
            .token(token(key, alg, json!({}), &body))
            .keyset("op")
            .policy(policy.clone())
            .expect(expect);
            if expect == "valid" {
                c = c.claims(json!({ "sub": "alice", "nonce": NONCE }));
            }
            s.add(c);
        }
    }
    // Key rotation: a key the device was not provisioned with is a distinct "unknown key".
    for (suffix, alg, old, new, new_kid) in [
        ("", "RS256", rsa_a, rsa_b, "rsa2048-b"),
        ("-es256", "ES256", ec_a, ec_b, "p256-b"),
    ] {
        let id = "rp-key-rotation-op-sign-key";
        let rotated = token(new, alg, json!({}), &claims);
        s.add(
            case(format!("{id}{suffix}"), format!("{alg} ID token signed by the provider's new key {new_kid}, which the pre-provisioned JWKS lacks: unknown key, so the device can fetch a new JWKS"), rp_source(id))
                .token(rotated.clone())
                .keyset("op")
                .policy(nonce.clone())
                .expect("key_not_found"),
        );
        s.add(
            case(
                format!("{id}{suffix}-after-refresh"),
                format!("The same {alg} token once the JWKS with {new_kid} is provisioned"),
                rp_source(id),
            )
            .token(rotated)
            .keyset("op-after-rotation")
            .policy(nonce.clone())
            .valid()
            .claims(json!({ "sub": "alice" })),
        );
        s.add(
            case(
                format!("{id}{suffix}-old-key-still-provisioned"),
                format!("{alg} ID token signed by the old key after the JWKS gained the new one"),
                rp_source(id),
            )
            .token(token(old, alg, json!({}), &claims))
            .keyset("op-after-rotation")
            .policy(nonce.clone())
            .valid()
            .claims(json!({ "sub": "alice" })),
        );
        s.add(
            case(format!("{id}{suffix}-no-kid"), format!("{alg} ID token signed by the new key but without kid: the only provisioned {alg} key is tried and fails"), rp_source(id))
                .token(token(new, alg, json!({ "kid": null }), &claims))
                .keyset("op")
                .policy(nonce.clone())
                .expect("invalid_signature"),
        );
    }
    // A signed-then-encrypted ID token is a 5-segment JWE: not readable here.
    let jwe = format!(
        "{}.{}.{}.{}.{}",
        b64(br#"{"alg":"RSA-OAEP","enc":"A128CBC-HS256","kid":"client-enc","cty":"JWT"}"#),
        b64(&crate::common::filler("jwe cek", 256)),
        b64(&crate::common::filler("jwe iv", 16)),
        b64(&crate::common::filler("jwe ciphertext", 600)),
        b64(&crate::common::filler("jwe tag", 16)),
    );
    s.add(
        case(
            "rp-id_token-sig+enc",
            "Signed and encrypted ID token (5-segment JWE): this verifier reads only compact JWS",
            format!(
                "{}; OpenID Connect Core 1.0 s3.1.3.7 rule 1",
                rp_source("rp-id_token-sig+enc")
            ),
        )
        .token(jwe)
        .keyset("op")
        .expect("malformed_token"),
    );
    // The ID token of the valid cases, with a UTF-8 sub and claims the RP must carry through.
    s.add(
        case("rp-id_token-sig-rs256-extra-claims", "RS256 ID token with profile claims (name, email, email_verified, auth_time): accepted", rp_source("rp-id_token-sig-rs256"))
            .token(token(rsa_a, "RS256", json!({ "typ": "JWT" }), &patch(&claims, json!({ "auth_time": NOW - 120, "name": "Alice Example", "email": "alice@example.com", "email_verified": true }))))
            .keyset("op")
            .policy(json!({ "nonce": NONCE, "max_age": 600 }))
            .valid()
            .claims(json!({ "name": "Alice Example", "email": "alice@example.com", "auth_time": NOW - 120 })),
    );
    let _ = token_bytes;
    s
}

const FAPI: &str = "fapi1-advanced-final-client-test";

pub fn fapi_client(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "oidc/fapi-client.json",
        "fapi-client",
        "FAPI 1.0 Advanced client tests about the ID token (PS256 or ES256 only, nonce, c_hash, \
         iat age), against the synthetic provider https://op.example for client-1",
        patch(
            &id_defaults(),
            json!({ "algorithms": ["PS256", "ES256"], "nonce": NONCE }),
        ),
    );
    let rsa_a = keys.private("rsa2048-a");
    let ec_a = keys.private("p256-a");
    let sig = json!({ "use": "sig" });
    s.keyset(
        "op",
        vec![
            keys.public_with("rsa2048-a", sig.clone()),
            keys.public_with("p256-a", sig.clone()),
        ],
    );
    s.keyset(
        "client-secret",
        vec![keys.public_with("client-secret", json!({ "kid": null }))],
    );
    let claims = patch(
        &id_claims(),
        json!({ "nonce": NONCE, "c_hash": half_hash("PS256", CODE), "s_hash": half_hash("PS256", "state-xyz") }),
    );
    let week = 7 * 86_400;
    let cases: Vec<(&str, &str, Value, Value, &str)> = vec![
        (
            "",
            "happy path: every check passes",
            claims.clone(),
            json!({ "code": CODE }),
            "valid",
        ),
        (
            "-valid-aud-as-array",
            "aud is an array holding only the client: accepted",
            patch(&claims, json!({ "aud": [CLIENT] })),
            json!({}),
            "valid",
        ),
        (
            "-invalid-iss",
            "iss is another issuer",
            patch(&claims, json!({ "iss": "https://attacker.example" })),
            json!({}),
            "issuer_mismatch",
        ),
        (
            "-invalid-missing-iss",
            "iss is absent",
            patch(&claims, json!({ "iss": null })),
            json!({}),
            "missing_claim",
        ),
        (
            "-invalid-aud",
            "aud is another client",
            patch(&claims, json!({ "aud": "client-2" })),
            json!({}),
            "audience_mismatch",
        ),
        (
            "-invalid-missing-aud",
            "aud is absent",
            patch(&claims, json!({ "aud": null })),
            json!({}),
            "missing_claim",
        ),
        (
            "-invalid-secondary-aud",
            "aud is an array with the client and an untrusted second audience",
            patch(
                &claims,
                json!({ "aud": [CLIENT, "https://untrusted.example"] }),
            ),
            json!({}),
            "audience_mismatch",
        ),
        (
            "-invalid-expired-exp",
            "exp is in the past",
            patch(&claims, json!({ "exp": NOW - 1, "iat": NOW - 3600 })),
            json!({}),
            "expired",
        ),
        (
            "-invalid-missing-exp",
            "exp is absent",
            patch(&claims, json!({ "exp": null })),
            json!({}),
            "missing_claim",
        ),
        (
            "-iat-is-week-in-past",
            "iat is a week in the past; the client accepts tokens issued within the last hour",
            patch(&claims, json!({ "iat": NOW - week })),
            json!({ "max_token_age": 3600 }),
            "token_too_old",
        ),
        (
            "-invalid-missing-nonce",
            "nonce is absent",
            patch(&claims, json!({ "nonce": null })),
            json!({}),
            "nonce_mismatch",
        ),
        (
            "-invalid-nonce",
            "nonce differs",
            patch(&claims, json!({ "nonce": "not-the-nonce" })),
            json!({}),
            "nonce_mismatch",
        ),
        (
            "-invalid-chash",
            "c_hash does not match the code",
            patch(
                &claims,
                json!({ "c_hash": half_hash("PS256", "another code") }),
            ),
            json!({ "code": CODE }),
            "c_hash_mismatch",
        ),
        (
            "-invalid-missing-chash",
            "c_hash is absent (code id_token response)",
            patch(&claims, json!({ "c_hash": null })),
            json!({ "code": CODE }),
            "c_hash_mismatch",
        ),
    ];
    for (suffix, what, body, policy, expect) in cases {
        for (alg_suffix, alg, key) in [("", "PS256", rsa_a), ("-es256", "ES256", ec_a)] {
            let id = format!("{FAPI}{suffix}{alg_suffix}");
            let mut c = case(
                id.clone(),
                format!("{alg} ID token: {what}"),
                format!(
                    "FAPI 1.0 Advanced client test {FAPI}{suffix}; OpenID Connect Core 1.0 s3.1.3.7"
                ),
            )
            .token(token(key, alg, json!({}), &body))
            .keyset("op")
            .policy(policy.clone())
            .expect(expect);
            if expect == "valid" {
                c = c.claims(json!({ "iss": OP, "sub": "alice", "nonce": NONCE }));
            }
            s.add(c);
        }
    }
    // Algorithms other than the registered ones.
    let none = format!(
        "{}.{}.",
        b64(br#"{"alg":"none"}"#),
        b64(text(&claims).as_bytes())
    );
    s.add(
        case(
            format!("{FAPI}-invalid-null-alg"),
            "ID token with alg none and an empty signature",
            format!("FAPI 1.0 Advanced client test {FAPI}-invalid-null-alg"),
        )
        .token(none)
        .keyset("op")
        .expect("algorithm_not_allowed"),
    );
    s.add(case(format!("{FAPI}-invalid-alternate-alg"), "ID token signed RS256 with the provider's RSA key: a valid signature, but not with an algorithm FAPI allows (PS256, ES256)", format!("FAPI 1.0 Advanced client test {FAPI}-invalid-alternate-alg; FAPI 1.0 Advanced s8.6"))
        .token(token(rsa_a, "RS256", json!({}), &claims)).keyset("op").expect("algorithm_not_allowed"));
    s.add(
        case(
            format!("{FAPI}-invalid-alternate-alg-hs256"),
            "ID token MACed HS256 with the client secret: not an algorithm FAPI allows",
            format!(
                "FAPI 1.0 Advanced client test {FAPI}-invalid-alternate-alg; FAPI 1.0 Advanced s8.6"
            ),
        )
        .token(token(
            &keys.private_as("client-secret", None),
            "HS256",
            json!({}),
            &claims,
        ))
        .keyset("client-secret")
        .expect("algorithm_not_allowed"),
    );
    for (alg_suffix, alg, key) in [("", "PS256", rsa_a), ("-es256", "ES256", ec_a)] {
        s.add(
            case(
                format!("{FAPI}-invalid-signature{alg_suffix}"),
                format!("{alg} ID token with every signature byte XORed with 0x5A"),
                format!("FAPI 1.0 Advanced client test {FAPI}-invalid-signature"),
            )
            .token(xor_5a(&token(key, alg, json!({}), &claims)))
            .keyset("op")
            .expect("invalid_signature"),
        );
    }
    s
}
