//! Suites `claim-matrix` (time rules at their bounds, aud, azp, nonce, at_hash/c_hash, check
//! order) and `access-token` (RFC 9068 profile).

use serde_json::{Value, json};

use crate::common::{
    CLIENT, NOW, OP, Suite, case, half_hash, id_claims, id_defaults, patch, raw_token, text, token,
};
use crate::keys::Keys;

fn good(sub: &str) -> Value {
    json!({ "sub": sub })
}

pub fn claim_matrix(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "claims/claim-matrix.json",
        "claim-matrix",
        "Each claim rule at its bounds: exp, nbf, iat, maximum token age and max_age at bound - 1, \
         bound and bound + 1, with and without leeway; aud string and array; azp; nonce; \
         at_hash and c_hash for every hash size; the order in which rules are checked",
        id_defaults(),
    );
    s.keyset(
        "op",
        vec![
            keys.public("rsa2048-a"),
            keys.public("p256-a"),
            keys.public("p384-a"),
            keys.public("p521-a"),
            keys.public("ed25519-a"),
            keys.public("hs-32"),
            keys.public("hs-48"),
            keys.public("hs-64"),
        ],
    );
    let ec = keys.private("p256-a");
    let src = "claim matrix";
    let sign = |claims: &Value| token(ec, "ES256", json!({}), claims);
    const L: u64 = 60;
    // Time rules: (rule, claims, bound, policy, code when late/early, which side fails).
    // For exp, max_token_age and max_age the token fails after the bound; for nbf and iat before.
    let t0 = NOW;
    let rules: Vec<(&str, &str, Value, u64, Value, &str, bool)> = vec![
        (
            "exp",
            "exp (valid while now < exp)",
            patch(&id_claims(), json!({ "exp": t0 + 3600, "iat": t0 - 60 })),
            t0 + 3600,
            json!({}),
            "expired",
            true,
        ),
        (
            "nbf",
            "nbf (valid once now >= nbf)",
            patch(
                &id_claims(),
                json!({ "nbf": t0, "iat": t0 - 600, "exp": t0 + 3600 }),
            ),
            t0,
            json!({}),
            "not_yet_valid",
            false,
        ),
        (
            "iat",
            "iat (issued in the future while now < iat)",
            patch(&id_claims(), json!({ "iat": t0, "exp": t0 + 3600 })),
            t0,
            json!({}),
            "issued_in_future",
            false,
        ),
        (
            "max-token-age",
            "maximum token age 300 s since iat (valid while now <= iat + 300)",
            patch(&id_claims(), json!({ "iat": t0, "exp": t0 + 3600 })),
            t0 + 300,
            json!({ "max_token_age": 300 }),
            "token_too_old",
            true,
        ),
        (
            "max-age",
            "max_age 600 s since auth_time (valid while now <= auth_time + 600)",
            patch(
                &id_claims(),
                json!({ "auth_time": t0, "iat": t0, "exp": t0 + 3600 }),
            ),
            t0 + 600,
            json!({ "max_age": 600 }),
            "auth_too_old",
            true,
        ),
    ];
    for (rule, what, claims, bound, policy, code, fails_after) in rules {
        let tok = sign(&claims);
        for leeway in [0, L] {
            // With leeway the bound moves in the token's favour.
            let b = if fails_after {
                bound + leeway
            } else {
                bound - leeway
            };
            for (label, now) in [
                ("bound-minus-1", b - 1),
                ("bound", b),
                ("bound-plus-1", b + 1),
            ] {
                // exp is exclusive (now must be < exp); the others are inclusive bounds.
                let ok = match (rule, fails_after) {
                    ("exp", _) => now < b,
                    (_, true) => now <= b,
                    (_, false) => now >= b,
                };
                let id = if leeway == 0 {
                    format!("{rule}-{label}")
                } else {
                    format!("{rule}-leeway-{leeway}-{label}")
                };
                let mut c = case(
                    id,
                    format!(
                        "{what}: now = {now}{}",
                        if leeway == 0 {
                            String::new()
                        } else {
                            format!(", leeway {leeway} s")
                        }
                    ),
                    src,
                )
                .token(tok.clone())
                .keyset("op")
                .policy(policy.clone())
                .now(now)
                .expect(if ok { "valid" } else { code });
                if leeway != 0 {
                    c = c.policy(json!({ "leeway": leeway }));
                }
                if ok {
                    c = c.claims(good("alice"));
                }
                s.add(c);
            }
        }
    }
    // Fractional bounds.
    let h = r#"{"alg":"ES256","kid":"p256-a"}"#;
    let frac = |member: &str, value: &str| {
        let mut m = crate::common::obj(patch(
            &id_claims(),
            json!({ "iat": t0 - 600, "exp": t0 + 3600 }),
        ));
        m.insert(member.into(), json!("@@"));
        raw_token(
            h.as_bytes(),
            text(&Value::Object(m)).replace("\"@@\"", value).as_bytes(),
            ec,
            "ES256",
        )
    };
    let fractional: Vec<(&str, &str, &str, u64, &str)> = vec![
        (
            "exp-fraction-before",
            "exp",
            "1700000100.5",
            t0 + 100,
            "valid",
        ),
        (
            "exp-fraction-after",
            "exp",
            "1700000100.5",
            t0 + 101,
            "expired",
        ),
        (
            "nbf-fraction-before",
            "nbf",
            "1700000100.5",
            t0 + 100,
            "not_yet_valid",
        ),
        (
            "nbf-fraction-after",
            "nbf",
            "1700000100.5",
            t0 + 101,
            "valid",
        ),
        (
            "iat-fraction-before",
            "iat",
            "1700000100.5",
            t0 + 100,
            "issued_in_future",
        ),
        (
            "iat-fraction-after",
            "iat",
            "1700000100.5",
            t0 + 101,
            "valid",
        ),
    ];
    for (id, member, value, now, expect) in fractional {
        let mut c = case(
            id,
            format!("{member} = {value} at now = {now}: fractions compare exactly"),
            "claim matrix; RFC 7519 s2",
        )
        .token(frac(member, value))
        .keyset("op")
        .now(now)
        .expect(expect);
        if expect == "valid" {
            c = c.claims(good("alice"));
        }
        s.add(c);
    }
    let misc: Vec<(&str, &str, Value, Value, &str)> = vec![
        (
            "exp-long-past-with-leeway",
            "exp a day ago with 60 s leeway",
            patch(
                &id_claims(),
                json!({ "exp": t0 - 86_400, "iat": t0 - 90_000 }),
            ),
            json!({ "leeway": L }),
            "expired",
        ),
        (
            "max-age-zero-fresh",
            "max_age 0 and auth_time = now",
            patch(&id_claims(), json!({ "auth_time": t0 })),
            json!({ "max_age": 0 }),
            "valid",
        ),
        (
            "max-age-zero-stale",
            "max_age 0 and auth_time one second ago",
            patch(&id_claims(), json!({ "auth_time": t0 - 1 })),
            json!({ "max_age": 0 }),
            "auth_too_old",
        ),
        (
            "max-age-missing-auth-time",
            "max_age requested and no auth_time",
            id_claims(),
            json!({ "max_age": 600 }),
            "missing_claim",
        ),
        (
            "max-token-age-missing-iat-jwt",
            "JWT profile, maximum token age and no iat",
            patch(&id_claims(), json!({ "iat": null })),
            json!({ "profile": "jwt", "max_token_age": 600 }),
            "missing_claim",
        ),
        (
            "auth-time-without-max-age",
            "auth_time a year old but no max_age requested",
            patch(&id_claims(), json!({ "auth_time": t0 - 31_536_000 })),
            json!({}),
            "valid",
        ),
        (
            "iat-old-without-max-token-age",
            "iat a year old but no maximum token age",
            patch(&id_claims(), json!({ "iat": t0 - 31_536_000 })),
            json!({}),
            "valid",
        ),
        // aud.
        (
            "aud-string",
            "aud is the client id",
            id_claims(),
            json!({}),
            "valid",
        ),
        (
            "aud-array-one",
            "aud is [client-1]",
            patch(&id_claims(), json!({ "aud": [CLIENT] })),
            json!({}),
            "valid",
        ),
        (
            "aud-array-duplicate",
            "aud is [client-1, client-1]",
            patch(&id_claims(), json!({ "aud": [CLIENT, CLIENT] })),
            json!({}),
            "valid",
        ),
        (
            "aud-array-extra",
            "aud is [client-1, other] (untrusted extra audience)",
            patch(&id_claims(), json!({ "aud": [CLIENT, "other"] })),
            json!({}),
            "audience_mismatch",
        ),
        (
            "aud-array-extra-first",
            "aud is [other, client-1]",
            patch(&id_claims(), json!({ "aud": ["other", CLIENT] })),
            json!({}),
            "audience_mismatch",
        ),
        (
            "aud-array-extra-with-azp",
            "aud is [client-1, other] with azp client-1: the extra audience is still untrusted",
            patch(
                &id_claims(),
                json!({ "aud": [CLIENT, "other"], "azp": CLIENT }),
            ),
            json!({}),
            "audience_mismatch",
        ),
        (
            "aud-array-empty",
            "aud is []",
            patch(&id_claims(), json!({ "aud": [] })),
            json!({}),
            "audience_mismatch",
        ),
        (
            "aud-array-other",
            "aud is [other]",
            patch(&id_claims(), json!({ "aud": ["other"] })),
            json!({}),
            "audience_mismatch",
        ),
        (
            "aud-case",
            "aud is Client-1",
            patch(&id_claims(), json!({ "aud": "Client-1" })),
            json!({}),
            "audience_mismatch",
        ),
        (
            "aud-empty-string",
            "aud is \"\"",
            patch(&id_claims(), json!({ "aud": "" })),
            json!({}),
            "audience_mismatch",
        ),
        (
            "aud-prefix",
            "aud is client-10",
            patch(&id_claims(), json!({ "aud": "client-10" })),
            json!({}),
            "audience_mismatch",
        ),
        (
            "aud-number",
            "aud is a number",
            patch(&id_claims(), json!({ "aud": 1 })),
            json!({}),
            "malformed_claims",
        ),
        (
            "aud-array-with-number",
            "aud is [client-1, 1]",
            patch(&id_claims(), json!({ "aud": [CLIENT, 1] })),
            json!({}),
            "malformed_claims",
        ),
        (
            "aud-object",
            "aud is an object",
            patch(&id_claims(), json!({ "aud": { "id": CLIENT } })),
            json!({}),
            "malformed_claims",
        ),
        (
            "aud-array-nested",
            "aud is [[client-1]]",
            patch(&id_claims(), json!({ "aud": [[CLIENT]] })),
            json!({}),
            "malformed_claims",
        ),
        (
            "jwt-aud-array-extra",
            "JWT profile: aud [api, other] contains the expected audience",
            patch(
                &id_claims(),
                json!({ "aud": ["https://api.example", "other"] }),
            ),
            json!({ "profile": "jwt", "audience": "https://api.example" }),
            "valid",
        ),
        (
            "jwt-aud-missing",
            "JWT profile expecting an audience: aud absent",
            patch(&id_claims(), json!({ "aud": null })),
            json!({ "profile": "jwt", "audience": "https://api.example" }),
            "missing_claim",
        ),
        (
            "jwt-aud-other",
            "JWT profile: aud names another API",
            patch(&id_claims(), json!({ "aud": "https://other.example" })),
            json!({ "profile": "jwt", "audience": "https://api.example" }),
            "audience_mismatch",
        ),
        // azp.
        (
            "azp-equal",
            "azp is the client",
            patch(&id_claims(), json!({ "azp": CLIENT })),
            json!({}),
            "valid",
        ),
        (
            "azp-array-aud-equal",
            "aud [client-1] and azp client-1",
            patch(&id_claims(), json!({ "aud": [CLIENT], "azp": CLIENT })),
            json!({}),
            "valid",
        ),
        (
            "azp-other",
            "azp is another client",
            patch(&id_claims(), json!({ "azp": "client-2" })),
            json!({}),
            "authorized_party_mismatch",
        ),
        (
            "azp-empty",
            "azp is \"\"",
            patch(&id_claims(), json!({ "azp": "" })),
            json!({}),
            "authorized_party_mismatch",
        ),
        (
            "azp-number",
            "azp is a number",
            patch(&id_claims(), json!({ "azp": 5 })),
            json!({}),
            "malformed_claims",
        ),
        (
            "azp-other-jwt-profile",
            "JWT profile: azp is not an ID token rule",
            patch(&id_claims(), json!({ "azp": "client-2" })),
            json!({ "profile": "jwt" }),
            "valid",
        ),
        // nonce.
        (
            "nonce-equal",
            "nonce equals the one sent",
            patch(&id_claims(), json!({ "nonce": "n-0S6_WzA2Mj" })),
            json!({ "nonce": "n-0S6_WzA2Mj" }),
            "valid",
        ),
        (
            "nonce-missing",
            "nonce sent, absent from the token",
            id_claims(),
            json!({ "nonce": "n-0S6_WzA2Mj" }),
            "nonce_mismatch",
        ),
        (
            "nonce-different",
            "nonce differs",
            patch(&id_claims(), json!({ "nonce": "n-0S6_WzA2Mk" })),
            json!({ "nonce": "n-0S6_WzA2Mj" }),
            "nonce_mismatch",
        ),
        (
            "nonce-case",
            "nonce differs in letter case",
            patch(&id_claims(), json!({ "nonce": "N-0s6_wza2mj" })),
            json!({ "nonce": "n-0S6_WzA2Mj" }),
            "nonce_mismatch",
        ),
        (
            "nonce-trailing-space",
            "nonce with a trailing space",
            patch(&id_claims(), json!({ "nonce": "n-0S6_WzA2Mj " })),
            json!({ "nonce": "n-0S6_WzA2Mj" }),
            "nonce_mismatch",
        ),
        (
            "nonce-empty",
            "nonce \"\"",
            patch(&id_claims(), json!({ "nonce": "" })),
            json!({ "nonce": "n-0S6_WzA2Mj" }),
            "nonce_mismatch",
        ),
        (
            "nonce-unrequested",
            "nonce present but none was sent",
            patch(&id_claims(), json!({ "nonce": "whatever" })),
            json!({}),
            "valid",
        ),
        (
            "nonce-number",
            "nonce is a number",
            patch(&id_claims(), json!({ "nonce": 42 })),
            json!({ "nonce": "42" }),
            "malformed_claims",
        ),
        (
            "nonce-array",
            "nonce is [n]",
            patch(&id_claims(), json!({ "nonce": ["n-0S6_WzA2Mj"] })),
            json!({ "nonce": "n-0S6_WzA2Mj" }),
            "malformed_claims",
        ),
        // Required claims of the policy.
        (
            "required-claim-present",
            "the policy requires email, present",
            patch(&id_claims(), json!({ "email": "alice@example.com" })),
            json!({ "required_claims": ["email"] }),
            "valid",
        ),
        (
            "required-claim-absent",
            "the policy requires email, absent",
            id_claims(),
            json!({ "required_claims": ["email"] }),
            "missing_claim",
        ),
        (
            "required-claim-null",
            "the policy requires email, present as null (present is present)",
            crate::common::set_null(&id_claims(), "email"),
            json!({ "required_claims": ["email"] }),
            "valid",
        ),
        (
            "required-sub-missing",
            "sub absent (OIDC Core s2)",
            patch(&id_claims(), json!({ "sub": null })),
            json!({}),
            "missing_claim",
        ),
        (
            "required-exp-missing",
            "exp absent",
            patch(&id_claims(), json!({ "exp": null })),
            json!({}),
            "missing_claim",
        ),
        (
            "required-iss-missing",
            "iss absent",
            patch(&id_claims(), json!({ "iss": null })),
            json!({}),
            "missing_claim",
        ),
        (
            "sub-255-ascii",
            "sub of 255 ASCII characters (the OIDC maximum)",
            patch(&id_claims(), json!({ "sub": "s".repeat(255) })),
            json!({}),
            "valid",
        ),
        (
            "sub-256-ascii",
            "sub of 256 ASCII characters: over the 255 that OpenID Connect Core s2 allows",
            patch(&id_claims(), json!({ "sub": "s".repeat(256) })),
            json!({}),
            "malformed_claims",
        ),
        (
            "sub-number",
            "sub is a number",
            patch(&id_claims(), json!({ "sub": 42 })),
            json!({}),
            "malformed_claims",
        ),
        (
            "iss-number",
            "iss is a number",
            patch(&id_claims(), json!({ "iss": 42 })),
            json!({}),
            "malformed_claims",
        ),
        // Check order: the first failing rule is the verdict.
        (
            "order-typ-before-missing",
            "typ at+jwt and no sub: typ first",
            patch(&id_claims(), json!({ "sub": null })),
            json!({ "typ_header": "at+jwt" }),
            "type_mismatch",
        ),
        (
            "order-missing-before-iss",
            "no sub and a wrong iss: presence first",
            patch(
                &id_claims(),
                json!({ "sub": null, "iss": "https://evil.example" }),
            ),
            json!({}),
            "missing_claim",
        ),
        (
            "order-iss-before-aud",
            "wrong iss and wrong aud",
            patch(
                &id_claims(),
                json!({ "iss": "https://evil.example", "aud": "other" }),
            ),
            json!({}),
            "issuer_mismatch",
        ),
        (
            "order-aud-before-azp",
            "wrong aud and wrong azp",
            patch(&id_claims(), json!({ "aud": "other", "azp": "other" })),
            json!({}),
            "audience_mismatch",
        ),
        (
            "order-azp-before-exp",
            "wrong azp and expired",
            patch(&id_claims(), json!({ "azp": "other", "exp": t0 - 10 })),
            json!({}),
            "authorized_party_mismatch",
        ),
        (
            "order-exp-before-nbf",
            "expired and not yet valid",
            patch(&id_claims(), json!({ "exp": t0 - 10, "nbf": t0 + 10 })),
            json!({}),
            "expired",
        ),
        (
            "order-nbf-before-iat",
            "not yet valid and issued in the future",
            patch(&id_claims(), json!({ "nbf": t0 + 10, "iat": t0 + 10 })),
            json!({}),
            "not_yet_valid",
        ),
        (
            "order-iat-before-age",
            "issued in the future with a maximum token age",
            patch(&id_claims(), json!({ "iat": t0 + 10 })),
            json!({ "max_token_age": 1 }),
            "issued_in_future",
        ),
        (
            "order-token-age-before-auth-age",
            "token too old and authentication too old",
            patch(
                &id_claims(),
                json!({ "iat": t0 - 1000, "auth_time": t0 - 1000 }),
            ),
            json!({ "max_token_age": 10, "max_age": 10 }),
            "token_too_old",
        ),
        (
            "order-auth-age-before-nonce",
            "authentication too old and wrong nonce",
            patch(
                &id_claims(),
                json!({ "auth_time": t0 - 1000, "nonce": "x" }),
            ),
            json!({ "max_age": 10, "nonce": "y" }),
            "auth_too_old",
        ),
        (
            "order-nonce-before-at-hash",
            "wrong nonce and wrong at_hash",
            patch(
                &id_claims(),
                json!({ "nonce": "x", "at_hash": "AAAAAAAAAAAAAAAAAAAAAA" }),
            ),
            json!({ "nonce": "y", "access_token": "token" }),
            "nonce_mismatch",
        ),
        (
            "order-at-hash-before-c-hash",
            "wrong at_hash and wrong c_hash",
            patch(
                &id_claims(),
                json!({ "at_hash": "AAAAAAAAAAAAAAAAAAAAAA", "c_hash": "AAAAAAAAAAAAAAAAAAAAAA" }),
            ),
            json!({ "access_token": "token", "code": "code" }),
            "at_hash_mismatch",
        ),
        (
            "order-malformed-before-everything",
            "a mistyped nbf and every other rule broken",
            patch(
                &id_claims(),
                json!({ "nbf": "later", "iss": "https://evil.example", "exp": t0 - 10 }),
            ),
            json!({}),
            "malformed_claims",
        ),
    ];
    for (id, what, claims, policy, expect) in misc {
        let mut policy = policy;
        let header = match policy.get("typ_header").and_then(Value::as_str) {
            Some(typ) => {
                let typ = typ.to_string();
                policy = patch(&policy, json!({ "typ_header": null }));
                json!({ "typ": typ })
            }
            None => json!({}),
        };
        let mut c = case(id, format!("ES256 ID token: {what}"), src)
            .token(token(ec, "ES256", header, &claims))
            .keyset("op")
            .policy(policy)
            .expect(expect);
        if expect == "valid" {
            c = c.claims(json!({ "iss": OP }));
        }
        s.add(c);
    }
    // at_hash / c_hash: the left half of the alg's hash, for every algorithm.
    let access_token = "ya29.a0AfH6SMBx-synthetic-access-token";
    let code = "SplxlOBeZQQYbYS6WxSbIA";
    let signers: Vec<(&str, &str)> = vec![
        ("HS256", "hs-32"),
        ("HS384", "hs-48"),
        ("HS512", "hs-64"),
        ("RS256", "rsa2048-a"),
        ("RS384", "rsa2048-a"),
        ("RS512", "rsa2048-a"),
        ("PS256", "rsa2048-a"),
        ("PS384", "rsa2048-a"),
        ("PS512", "rsa2048-a"),
        ("ES256", "p256-a"),
        ("ES384", "p384-a"),
        ("ES512", "p521-a"),
        ("EdDSA", "ed25519-a"),
    ];
    for (alg, kid) in signers {
        let key = keys.private(kid);
        // EdDSA's hash is SHA-512 (this verifier's documented choice; OIDC Core names none).
        let bits = if alg == "EdDSA" || alg == "Ed25519" {
            "512"
        } else {
            &alg[2..]
        };
        let other = if alg.ends_with("256") {
            "HS512"
        } else {
            "HS256"
        };
        let la = alg.to_ascii_lowercase();
        let hash_src = "claim matrix; OpenID Connect Core 1.0 s3.1.3.6, s3.3.2.11";
        let variants: Vec<(String, String, Value, Value, &str)> = vec![
            (
                format!("at-hash-{la}"),
                format!("{alg}: at_hash is the left half of SHA-{bits} of the access token"),
                json!({ "at_hash": half_hash(alg, access_token) }),
                json!({ "access_token": access_token }),
                "valid",
            ),
            (
                format!("at-hash-{la}-wrong-size"),
                format!("{alg}: at_hash computed with SHA-{} instead", &other[2..]),
                json!({ "at_hash": half_hash(other, access_token) }),
                json!({ "access_token": access_token }),
                "at_hash_mismatch",
            ),
            (
                format!("c-hash-{la}"),
                format!("{alg}: c_hash is the left half of SHA-{bits} of the code"),
                json!({ "c_hash": half_hash(alg, code) }),
                json!({ "code": code }),
                "valid",
            ),
            (
                format!("c-hash-{la}-wrong-size"),
                format!("{alg}: c_hash computed with SHA-{} instead", &other[2..]),
                json!({ "c_hash": half_hash(other, code) }),
                json!({ "code": code }),
                "c_hash_mismatch",
            ),
        ];
        for (id, what, extra, policy, expect) in variants {
            let mut c = case(id, what, hash_src)
                .token(token(key, alg, json!({}), &patch(&id_claims(), extra)))
                .keyset("op")
                .policy(policy)
                .expect(expect);
            if expect == "valid" {
                c = c.claims(good("alice"));
            }
            s.add(c);
        }
    }
    let full = {
        use sha2::Digest as _;
        host_harness::jose::b64(&sha2::Sha256::digest(access_token.as_bytes()))
    };
    let hash_misc: Vec<(&str, &str, Value, Value, &str)> = vec![
        (
            "at-hash-full-hash",
            "at_hash is the whole SHA-256 hash, not its left half",
            json!({ "at_hash": full }),
            json!({ "access_token": access_token }),
            "at_hash_mismatch",
        ),
        (
            "at-hash-padded",
            "at_hash with = padding",
            json!({ "at_hash": format!("{}==", half_hash("ES256", access_token)) }),
            json!({ "access_token": access_token }),
            "at_hash_mismatch",
        ),
        (
            "at-hash-of-other-token",
            "at_hash of another access token",
            json!({ "at_hash": half_hash("ES256", "another-token") }),
            json!({ "access_token": access_token }),
            "at_hash_mismatch",
        ),
        (
            "at-hash-unchecked",
            "at_hash present, no access token to check it against",
            json!({ "at_hash": "garbage" }),
            json!({}),
            "valid",
        ),
        (
            "at-hash-number",
            "at_hash is a number",
            json!({ "at_hash": 1 }),
            json!({}),
            "malformed_claims",
        ),
        (
            "c-hash-oidc-core-a4",
            "c_hash of OpenID Connect Core Appendix A.4's code",
            json!({ "c_hash": "LDktKdoQak3Pk0cnXxCltA" }),
            json!({ "code": "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk" }),
            "valid",
        ),
        (
            "c-hash-missing",
            "a code was issued, c_hash absent",
            json!({}),
            json!({ "code": code }),
            "c_hash_mismatch",
        ),
        (
            "c-hash-number",
            "c_hash is a number",
            json!({ "c_hash": 1 }),
            json!({}),
            "malformed_claims",
        ),
    ];
    for (id, what, extra, policy, expect) in hash_misc {
        let mut c = case(
            id,
            format!("ES256: {what}"),
            "claim matrix; OpenID Connect Core 1.0 s3.1.3.6, s3.3.2.11",
        )
        .token(sign(&patch(&id_claims(), extra)))
        .keyset("op")
        .policy(policy)
        .expect(expect);
        if expect == "valid" {
            c = c.claims(good("alice"));
        }
        s.add(c);
    }
    s
}

pub fn access_token(keys: &Keys) -> Suite {
    const AS: &str = "https://as.example";
    const RS: &str = "https://rs.example/api";
    let mut s = Suite::new(
        "claims/access-token.json",
        "access-token",
        "OAuth 2.0 JWT access tokens at a resource server (RFC 9068 s4): typ at+jwt, the required \
         claims, audience, scopes",
        json!({ "now": NOW, "profile": "access_token", "issuer": AS, "audience": RS }),
    );
    s.keyset(
        "as",
        vec![
            keys.public("rsa2048-a"),
            keys.public("p256-a"),
            keys.public("p384-a"),
            keys.public("p521-a"),
            keys.public("ed25519-a"),
            keys.public("hs-32"),
        ],
    );
    let ec = keys.private("p256-a");
    let claims = json!({
        "iss": AS, "sub": "user-42", "aud": RS, "exp": NOW + 900, "iat": NOW - 10,
        "jti": "at-0001", "client_id": "client-1", "scope": "openid profile read:messages",
    });
    let src = "RFC 9068 s4; RFC 8725 s3.11";
    let out = json!({ "sub": "user-42", "client_id": "client-1", "scope": "openid profile read:messages", "jti": "at-0001" });
    for (label, typ, expect) in [
        ("at-jwt", Some("at+jwt"), "valid"),
        ("application-at-jwt", Some("application/at+jwt"), "valid"),
        ("upper-case", Some("AT+JWT"), "valid"),
        (
            "mixed-case-application",
            Some("Application/At+Jwt"),
            "valid",
        ),
        ("missing", None, "type_mismatch"),
        ("jwt", Some("JWT"), "type_mismatch"),
        ("application-jwt", Some("application/jwt"), "type_mismatch"),
        ("trailing-space", Some("at+jwt "), "type_mismatch"),
        (
            "with-parameter",
            Some("at+jwt; charset=utf-8"),
            "type_mismatch",
        ),
        (
            "double-prefix",
            Some("application/application/at+jwt"),
            "type_mismatch",
        ),
        ("other-prefix", Some("text/at+jwt"), "type_mismatch"),
        ("at-jwt-suffix", Some("x-at+jwt"), "type_mismatch"),
        ("bearer", Some("Bearer"), "type_mismatch"),
        ("id-token", Some("id_token+jwt"), "type_mismatch"),
    ] {
        let header = match typ {
            Some(t) => json!({ "typ": t }),
            None => json!({}),
        };
        let mut c = case(
            format!("typ-{label}"),
            format!(
                "ES256 access token with {}",
                typ.map_or("no typ".to_string(), |t| format!("typ {t:?}"))
            ),
            src,
        )
        .token(token(ec, "ES256", header, &claims))
        .keyset("as")
        .expect(expect);
        if expect == "valid" {
            c = c.claims(out.clone());
        }
        s.add(c);
    }
    for (label, raw) in [("number", "1"), ("null", "null"), ("array", "[\"at+jwt\"]")] {
        let header = format!(r#"{{"alg":"ES256","kid":"p256-a","typ":{raw}}}"#);
        s.add(
            case(
                format!("typ-{label}"),
                format!("ES256 access token whose typ is {raw}: typ must be a string"),
                "RFC 7515 s4.1.9",
            )
            .token(raw_token(
                header.as_bytes(),
                text(&claims).as_bytes(),
                ec,
                "ES256",
            ))
            .keyset("as")
            .expect("malformed_header"),
        );
    }
    let at = json!({ "typ": "at+jwt" });
    for name in ["iss", "exp", "aud", "sub", "client_id", "iat", "jti"] {
        s.add(
            case(
                format!("missing-{}", name.replace('_', "-")),
                format!("ES256 access token without {name}"),
                "RFC 9068 s2.2",
            )
            .token(token(
                ec,
                "ES256",
                at.clone(),
                &patch(&claims, json!({ name: null })),
            ))
            .keyset("as")
            .expect("missing_claim"),
        );
    }
    let more: Vec<(&str, &str, Value, Value, &str)> = vec![
        (
            "client-id-number",
            "client_id is a number",
            patch(&claims, json!({ "client_id": 7 })),
            json!({}),
            "malformed_claims",
        ),
        (
            "jti-number",
            "jti is a number",
            patch(&claims, json!({ "jti": 7 })),
            json!({}),
            "malformed_claims",
        ),
        (
            "scope-array",
            "scope is an array",
            patch(&claims, json!({ "scope": ["read:messages"] })),
            json!({}),
            "malformed_claims",
        ),
        (
            "aud-array-with-others",
            "aud lists the resource among others",
            patch(&claims, json!({ "aud": ["https://other.example", RS] })),
            json!({}),
            "valid",
        ),
        (
            "aud-other-resource",
            "aud is another resource",
            patch(&claims, json!({ "aud": "https://other.example" })),
            json!({}),
            "audience_mismatch",
        ),
        (
            "iss-other",
            "iss is another authorization server",
            patch(&claims, json!({ "iss": "https://evil.example" })),
            json!({}),
            "issuer_mismatch",
        ),
        (
            "expired",
            "exp is past",
            patch(&claims, json!({ "exp": NOW - 1, "iat": NOW - 900 })),
            json!({}),
            "expired",
        ),
        (
            "not-yet-valid",
            "nbf is a minute ahead",
            patch(&claims, json!({ "nbf": NOW + 60 })),
            json!({}),
            "not_yet_valid",
        ),
        (
            "scope-required-present",
            "required scope read:messages is listed",
            claims.clone(),
            json!({ "required_scopes": ["read:messages"] }),
            "valid",
        ),
        (
            "scope-required-several",
            "required scopes openid and profile are listed",
            claims.clone(),
            json!({ "required_scopes": ["openid", "profile"] }),
            "valid",
        ),
        (
            "scope-required-none",
            "no scope required",
            claims.clone(),
            json!({ "required_scopes": [] }),
            "valid",
        ),
        (
            "scope-required-absent",
            "required scope admin is not listed",
            claims.clone(),
            json!({ "required_scopes": ["admin"] }),
            "insufficient_scope",
        ),
        (
            "scope-required-one-of-two-absent",
            "required scopes read:messages and write:messages, only read listed",
            claims.clone(),
            json!({ "required_scopes": ["read:messages", "write:messages"] }),
            "insufficient_scope",
        ),
        (
            "scope-prefix-only",
            "required scope read, only read:messages listed",
            claims.clone(),
            json!({ "required_scopes": ["read"] }),
            "insufficient_scope",
        ),
        (
            "scope-case",
            "required scope READ:MESSAGES (scopes are case-sensitive)",
            claims.clone(),
            json!({ "required_scopes": ["READ:MESSAGES"] }),
            "insufficient_scope",
        ),
        (
            "scope-with-space",
            "required scope \"openid profile\" (one scope cannot hold a space)",
            claims.clone(),
            json!({ "required_scopes": ["openid profile"] }),
            "insufficient_scope",
        ),
        (
            "scope-claim-missing",
            "no scope claim and a required scope",
            patch(&claims, json!({ "scope": null })),
            json!({ "required_scopes": ["read:messages"] }),
            "insufficient_scope",
        ),
        (
            "scope-claim-empty",
            "scope \"\" and a required scope",
            patch(&claims, json!({ "scope": "" })),
            json!({ "required_scopes": ["read:messages"] }),
            "insufficient_scope",
        ),
        (
            "scope-extra-spaces",
            "scope with doubled and edge spaces",
            patch(&claims, json!({ "scope": "  openid   read:messages " })),
            json!({ "required_scopes": ["read:messages"] }),
            "valid",
        ),
        (
            "scope-scp-array-only",
            "only an scp array (a non-standard claim), a required scope",
            patch(&claims, json!({ "scope": null, "scp": ["read:messages"] })),
            json!({ "required_scopes": ["read:messages"] }),
            "insufficient_scope",
        ),
        (
            "required-claim-tenant-absent",
            "the policy also requires tenant, absent",
            claims.clone(),
            json!({ "required_claims": ["tenant"] }),
            "missing_claim",
        ),
        (
            "required-claim-tenant-present",
            "the policy also requires tenant, present",
            patch(&claims, json!({ "tenant": "t-1" })),
            json!({ "required_claims": ["tenant"] }),
            "valid",
        ),
        (
            "policy-typ-redundant",
            "the policy also asks for typ application/at+jwt",
            claims.clone(),
            json!({ "typ": "application/at+jwt" }),
            "valid",
        ),
        (
            "leeway-saves-expired",
            "exp 30 s ago with 60 s leeway",
            patch(&claims, json!({ "exp": NOW - 30, "iat": NOW - 900 })),
            json!({ "leeway": 60 }),
            "valid",
        ),
    ];
    for (id, what, body, policy, expect) in more {
        let mut c = case(id, format!("ES256 access token: {what}"), src)
            .token(token(ec, "ES256", at.clone(), &body))
            .keyset("as")
            .policy(policy)
            .expect(expect);
        if expect == "valid" {
            c = c.claims(json!({ "sub": "user-42", "client_id": "client-1" }));
        }
        s.add(c);
    }
    for (alg, kid) in [
        ("RS256", "rsa2048-a"),
        ("PS256", "rsa2048-a"),
        ("HS256", "hs-32"),
        ("ES384", "p384-a"),
        ("ES512", "p521-a"),
        ("EdDSA", "ed25519-a"),
    ] {
        s.add(
            case(
                format!("valid-{}", alg.to_ascii_lowercase()),
                format!("{alg} access token with typ at+jwt"),
                src,
            )
            .token(token(keys.private(kid), alg, at.clone(), &claims))
            .keyset("as")
            .valid()
            .claims(out.clone()),
        );
    }
    // Policy typ on the JWT profile.
    let jwt = json!({ "profile": "jwt", "issuer": AS, "audience": RS });
    for (label, typ, wanted, expect) in [
        ("jwt-policy-typ-jwt", Some("JWT"), "JWT", "valid"),
        ("jwt-policy-typ-lowercase", Some("jwt"), "JWT", "valid"),
        (
            "jwt-policy-typ-application",
            Some("application/jwt"),
            "JWT",
            "valid",
        ),
        ("jwt-policy-typ-missing", None, "JWT", "type_mismatch"),
        (
            "jwt-policy-typ-other",
            Some("secevent+jwt"),
            "JWT",
            "type_mismatch",
        ),
        (
            "jwt-policy-typ-secevent",
            Some("secevent+jwt"),
            "secevent+jwt",
            "valid",
        ),
    ] {
        let header = match typ {
            Some(t) => json!({ "typ": t }),
            None => json!({}),
        };
        let mut c = case(
            label,
            format!(
                "JWT profile requiring typ {wanted:?}; the token has {}",
                typ.map_or("no typ".to_string(), |t| format!("typ {t:?}"))
            ),
            "RFC 8725 s3.11; RFC 7515 s4.1.9",
        )
        .token(token(ec, "ES256", header, &claims))
        .keyset("as")
        .policy(jwt.clone())
        .policy(json!({ "typ": wanted }))
        .expect(expect);
        if expect == "valid" {
            c = c.claims(json!({ "sub": "user-42" }));
        }
        s.add(c);
    }
    let _ = (OP, CLIENT, id_defaults);
    s
}
