//! `jwtv verify` and `jwtv sign` end to end: exit codes, output shapes, and the
//! sign → verify round trip.

// Test code: a failed assumption should fail the test, loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]

mod common;

use std::path::Path;

use common::{
    EC_KEY, HS_KEY, NOW, RSA_KEY, arg, harness, harness_in, jwks, private_key, public_key, scratch,
    sign, write_json,
};
use serde_json::{Value, json};

fn write_jwks(dir: &Path, keys: &[&Value]) -> std::path::PathBuf {
    let file = dir.join("jwks.json");
    write_json(&file, &jwks(keys));
    file
}

#[test]
fn valid_token_prints_header_and_claims_and_exits_0() {
    let dir = scratch("verify-valid");
    let key = private_key(HS_KEY);
    let file = write_jwks(&dir, &[&key]);
    let token = sign(
        &key,
        "HS256",
        &json!({"iss":"https://op.example","aud":"client-1","sub":"alice","exp":NOW + 60,"iat":NOW - 1,"n":"\u{e9}\\\""}),
    );
    let now = NOW.to_string();
    let run = harness(&[
        "verify",
        "--jwks",
        arg(&file),
        "--now",
        &now,
        "--profile",
        "id_token",
        "--issuer",
        "https://op.example",
        "--audience",
        "client-1",
        "--alg",
        "HS256",
        &token,
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["header"]["alg"], "HS256");
    assert_eq!(out["header"]["kid"], "hs-1");
    assert_eq!(out["claims"]["sub"], "alice");
    assert_eq!(out["claims"]["n"], "\u{e9}\\\"");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn rejected_token_prints_the_code_on_stderr_and_exits_1() {
    let dir = scratch("verify-rejected");
    let key = private_key(HS_KEY);
    let file = write_jwks(&dir, &[&key]);
    let token = sign(&key, "HS256", &json!({"exp": NOW}));
    let now = NOW.to_string();
    let run = harness(&["verify", "--jwks", arg(&file), "--now", &now, &token]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.is_empty());
    assert_eq!(
        run.stderr,
        format!(
            "error: expired: {} (exp {NOW}, now {NOW}, leeway 0)\n",
            jwtv::Error::Expired.explanation()
        )
    );
    // Leeway moves the verdict.
    let run = harness(&[
        "verify",
        "--jwks",
        arg(&file),
        "--now",
        &now,
        "--leeway",
        "1",
        &token,
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    // The allow-list.
    let run = harness(&[
        "verify",
        "--jwks",
        arg(&file),
        "--now",
        "1",
        "--alg",
        "ES256",
        &token,
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error: algorithm_not_allowed: "),
        "{}",
        run.stderr
    );
}

#[test]
fn token_from_stdin_with_a_trailing_newline() {
    let dir = scratch("verify-stdin");
    let key = private_key(EC_KEY);
    let file = write_jwks(&dir, &[&key]);
    let token = sign(&key, "ES256", &json!({"exp": NOW + 1, "sub": "s"}));
    let now = NOW.to_string();
    for args in [
        vec!["verify", "--jwks", arg(&file), "--now", &now, "-"],
        vec!["verify", "--jwks", arg(&file), "--now", &now],
    ] {
        let run = harness_in(None, &args, Some(&format!("{token}\n")));
        assert_eq!(run.code, 0, "{run:?}");
        assert!(run.stdout.contains("\"sub\":\"s\""), "{}", run.stdout);
    }
    // Only one newline is trimmed: the rest is part of the token, which is then malformed.
    let run = harness_in(
        None,
        &["verify", "--jwks", arg(&file), "--now", &now],
        Some(&format!("{token}\n\n")),
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.starts_with("error: malformed_token: "));
}

#[test]
fn usage_and_input_errors_exit_2() {
    let dir = scratch("verify-usage");
    let key = private_key(HS_KEY);
    let file = write_jwks(&dir, &[&key]);
    let jwks = arg(&file);
    for (args, needle) in [
        (
            vec![
                "verify",
                "--jwks",
                jwks,
                "--now",
                "1",
                "--profile",
                "id_token",
                "--audience",
                "c",
                "t",
            ],
            "--issuer",
        ),
        (
            vec![
                "verify",
                "--jwks",
                jwks,
                "--now",
                "1",
                "--profile",
                "access_token",
                "--issuer",
                "i",
                "t",
            ],
            "--audience",
        ),
        (vec!["verify", "--jwks", jwks, "t"], "--now"),
        (vec!["verify", "--jwks", jwks, "--now", "soon", "t"], "soon"),
        (
            vec![
                "verify",
                "--jwks",
                jwks,
                "--now",
                "1",
                "--profile",
                "saml",
                "t",
            ],
            "saml",
        ),
        (
            vec!["verify", "--jwks", jwks, "--now", "1", "--alg", "none", "t"],
            "none",
        ),
        (
            vec![
                "verify",
                "--jwks",
                "/nonexistent/jwks.json",
                "--now",
                "1",
                "t",
            ],
            "/nonexistent/jwks.json",
        ),
        (vec!["verify"], "--jwks"),
    ] {
        let run = harness(&args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
    }
    std::fs::write(dir.join("not-jwks.json"), r#"{"kids":[]}"#).unwrap();
    let run = harness(&[
        "verify",
        "--jwks",
        arg(&dir.join("not-jwks.json")),
        "--now",
        "1",
        "t",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not-jwks.json") && run.stderr.contains("field `keys`"),
        "{}",
        run.stderr
    );
}

#[test]
fn help_has_examples_for_every_subcommand() {
    for sub in ["run", "verify", "provision", "sign"] {
        let run = harness(&[sub, "--help"]);
        assert_eq!(run.code, 0);
        assert!(run.stdout.contains("Examples:"), "{sub}: {}", run.stdout);
    }
}

fn round_trip(key_file: &str, alg: &str) {
    let dir = scratch(&format!("sign-{alg}"));
    let key = private_key(key_file);
    let jwk = dir.join("private.json");
    write_json(&jwk, &key);
    let jwks = write_jwks(&dir, &[&key]);
    let claims = dir.join("claims.json");
    std::fs::write(
        &claims,
        r#"{"iss":"https://op.example","sub":"caf\u00e9","exp":1700000060}"#,
    )
    .unwrap();
    let header = dir.join("header.json");
    write_json(&header, &json!({"typ": "JWT"}));
    let signed = harness(&[
        "sign",
        "--jwk",
        arg(&jwk),
        "--alg",
        alg,
        "--claims",
        arg(&claims),
        "--header",
        arg(&header),
    ]);
    assert_eq!(signed.code, 0, "{signed:?}");
    assert_eq!(signed.stdout.matches('.').count(), 2);
    let now = NOW.to_string();
    let verified = harness_in(
        None,
        &[
            "verify",
            "--jwks",
            arg(&jwks),
            "--now",
            &now,
            "--issuer",
            "https://op.example",
            "--typ",
            "JWT",
            "--alg",
            alg,
        ],
        Some(&signed.stdout),
    );
    assert_eq!(verified.code, 0, "{alg}: {verified:?}");
    let out: Value = serde_json::from_str(&verified.stdout).unwrap();
    assert_eq!(out["claims"]["sub"], "caf\u{e9}");
    assert_eq!(out["header"]["alg"], alg);
    assert_eq!(out["header"]["typ"], "JWT");
}

#[test]
fn sign_then_verify_hs256() {
    round_trip(HS_KEY, "HS256");
}

#[test]
fn sign_then_verify_es256() {
    round_trip(EC_KEY, "ES256");
}

#[test]
fn sign_then_verify_rs256_and_ps256() {
    if !common::rsa_ready() {
        eprintln!("skipped: the verifier's RSA module is still the placeholder");
        return;
    }
    round_trip(RSA_KEY, "RS256");
    round_trip(RSA_KEY, "PS256");
}

#[test]
fn sign_errors_name_the_file() {
    let dir = scratch("sign-errors");
    let claims = dir.join("claims.json");
    std::fs::write(&claims, "{}").unwrap();
    let jwk = dir.join("hs.json");
    write_json(&jwk, &private_key(HS_KEY));
    let run = harness(&[
        "sign",
        "--jwk",
        arg(&jwk),
        "--alg",
        "ES256",
        "--claims",
        arg(&claims),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("hs.json") && run.stderr.contains("kty"),
        "{}",
        run.stderr
    );
    std::fs::write(dir.join("bad.json"), "{\"kty\":").unwrap();
    let run = harness(&[
        "sign",
        "--jwk",
        arg(&dir.join("bad.json")),
        "--alg",
        "HS256",
        "--claims",
        arg(&claims),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad.json") && run.stderr.contains("line 1"),
        "{}",
        run.stderr
    );
}

/// An HS256 ID token verifies against a published JWKS of public keys only with the client
/// secret given explicitly; the same secret published in the JWKS is never used.
#[test]
fn the_client_secret_is_given_apart_from_the_published_jwks() {
    let dir = scratch("verify-client-secret");
    let secret = "an-oidc-client-secret-of-32-bytes-or-more";
    let oct = json!({"kty": "oct", "k": host_harness::jose::b64(secret.as_bytes())});
    let token = sign(
        &oct,
        "HS256",
        &json!({"iss":"https://op.example","aud":"client-1","sub":"alice","exp":NOW + 60,"iat":NOW - 1}),
    );
    let ec = private_key(EC_KEY);
    let public_only = write_jwks(&dir, &[&ec]);
    let mixed = dir.join("mixed.json");
    write_json(&mixed, &json!({"keys": [public_key(&ec), oct]}));
    let secret_file = dir.join("secret.txt");
    std::fs::write(&secret_file, format!("{secret}\n")).unwrap();
    let now = NOW.to_string();
    let run_with = |jwks: &Path, extra: &[&str]| {
        let mut args = vec![
            "verify",
            "--jwks",
            arg(jwks),
            "--now",
            &now,
            "--profile",
            "id_token",
            "--issuer",
            "https://op.example",
            "--audience",
            "client-1",
        ];
        args.extend_from_slice(extra);
        args.push(&token);
        harness(&args)
    };
    let run = run_with(&mixed, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("key_not_found"), "{}", run.stderr);
    assert!(
        run.stderr.contains("secret_in_public_set"),
        "{}",
        run.stderr
    );
    assert_eq!(run_with(&public_only, &["--client-secret", secret]).code, 0);
    let file_arg = arg(&secret_file);
    assert_eq!(
        run_with(&public_only, &["--client-secret-file", file_arg]).code,
        0
    );
    let run = run_with(
        &public_only,
        &["--client-secret", "another-secret-of-32-bytes-or-more!"],
    );
    assert!(run.stderr.contains("invalid_signature"), "{run:?}");
}

/// Values that start with `-` (real authorization codes and opaque access tokens do) are values,
/// not options; skipped keys are listed only with -v or when they may explain the verdict.
#[test]
fn hyphen_values_and_quiet_skipped_keys() {
    let dir = scratch("verify-hyphen");
    let key = private_key(EC_KEY);
    let k1 = json!({"kty":"EC","crv":"secp256k1","kid":"k1","x":"AA","y":"AA"});
    let file = write_jwks(&dir, &[&public_key(&private_key(EC_KEY)), &k1]);
    let token = sign(
        &key,
        "ES256",
        &json!({"iss":"https://op.example","aud":"client-1","sub":"alice","exp":NOW + 60,"iat":NOW - 1,"nonce":"-n1"}),
    );
    let now = NOW.to_string();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "verify",
            "--jwks",
            arg(&file),
            "--now",
            &now,
            "--profile",
            "id_token",
            "--issuer",
            "https://op.example",
            "--audience",
            "client-1",
        ];
        args.extend_from_slice(extra);
        args.push(&token);
        harness(&args)
    };
    let ok = run(&["--nonce", "-n1"]);
    assert_eq!(ok.code, 0, "{ok:?}");
    assert!(ok.stderr.is_empty(), "{}", ok.stderr);
    let wrong = run(&["--nonce", "-n2", "--code", "-c0de"]);
    assert_eq!(wrong.code, 1, "{wrong:?}");
    assert!(wrong.stderr.contains("nonce_mismatch"), "{}", wrong.stderr);
    let verbose = run(&["-v", "--nonce", "-n1"]);
    assert_eq!(verbose.code, 0, "{verbose:?}");
    assert!(
        verbose
            .stderr
            .contains("secp256k1 (kty EC) is not supported"),
        "{}",
        verbose.stderr
    );
}

#[test]
fn provision_writes_to_standard_output_with_a_dash() {
    let dir = scratch("provision-stdout");
    let file = write_jwks(&dir, &[&public_key(&private_key(EC_KEY))]);
    let run = harness_in(
        Some(&dir),
        &["provision", "--jwks", arg(&file), "--output", "-"],
        None,
    );
    assert_eq!(run.code, 0, "{run:?}");
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["keys"].as_array().map(Vec::len), Some(1));
    assert!(
        run.stderr.contains("wrote standard output"),
        "{}",
        run.stderr
    );
    assert!(!dir.join("-").exists());
}

/// An OP that accepted a 16-byte client secret signs HS256 ID tokens the verifier refuses (RFC
/// 7518 §3.2, OIDC Core §16.19): the refusal says why, with the secret's length and the rule.
#[test]
fn a_short_client_secret_is_refused_with_the_rule() {
    let dir = scratch("verify-short-secret");
    let secret = "0123456789abcdef";
    let oct = json!({"kty": "oct", "k": host_harness::jose::b64(secret.as_bytes())});
    let claims = json!({"iss":"https://op.example","aud":"client-1","sub":"alice","exp":NOW + 60,"iat":NOW - 1});
    let token = sign(&oct, "HS256", &claims);
    let ec = private_key(EC_KEY);
    let jwks = write_jwks(&dir, &[&ec]);
    let now = NOW.to_string();
    let verify = |token: &str| {
        harness(&[
            "verify",
            "--jwks",
            arg(&jwks),
            "--now",
            &now,
            "--profile",
            "id_token",
            "--issuer",
            "https://op.example",
            "--audience",
            "client-1",
            "--client-secret",
            secret,
            token,
        ])
    };
    let run = verify(&token);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains(
            "key_not_found: no provisioned key matches the header (alg HS256, no kid): the \
             client secret is 16 bytes; HS256 needs at least 32 (RFC 7518 §3.2"
        ),
        "{}",
        run.stderr
    );
    // An ES256 token still verifies; the secret is noted as unused.
    let run = verify(&sign(&ec, "ES256", &claims));
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("the client secret is 16 bytes") && run.stderr.contains("not used"),
        "{}",
        run.stderr
    );
    // provision refuses it outright, naming the rule too.
    let run = harness(&[
        "provision",
        "--jwks",
        arg(&jwks),
        "--output",
        arg(&dir.join("out.json")),
        "--client-secret",
        secret,
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("16 bytes; HS256 needs at least 32"),
        "{}",
        run.stderr
    );
}

/// `--id-token-source` and `--response-type` must agree with `--access-token` and `--code`
/// (exit 2), and then decide which hashes the ID token must carry.
#[test]
fn flows_on_the_command_line() {
    let dir = scratch("verify-flows");
    let key = private_key(EC_KEY);
    let jwks = write_jwks(&dir, &[&public_key(&key)]);
    let code = "SplxlOBeZQQYbYS6WxSbIA";
    let c_hash = {
        use sha2::Digest as _;
        host_harness::jose::b64(&sha2::Sha256::digest(code.as_bytes())[..16])
    };
    let claims = |extra: Value| {
        let mut c = json!({"iss":"https://op.example","aud":"client-1","sub":"alice","exp":NOW + 60,"iat":NOW - 1});
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        c
    };
    let with_c = sign(
        &key,
        "ES256",
        &claims(json!({"c_hash": c_hash, "nonce": "n"})),
    );
    let without = sign(&key, "ES256", &claims(json!({"nonce": "n"})));
    let now = NOW.to_string();
    let verify = |token: &str, extra: &[&str]| {
        let mut args = vec![
            "verify",
            "--jwks",
            arg(&jwks),
            "--now",
            &now,
            "--profile",
            "id_token",
            "--issuer",
            "https://op.example",
            "--audience",
            "client-1",
        ];
        args.extend_from_slice(extra);
        args.push(token);
        harness(&args)
    };
    let hybrid = [
        "--id-token-source",
        "hybrid",
        "--response-type",
        "code id_token",
        "--code",
        code,
        "--nonce",
        "n",
    ];
    assert_eq!(verify(&with_c, &hybrid).code, 0);
    // The implicit and hybrid flows' nonce is the value sent: another one (a token replayed
    // from another session) is refused, and none at all is a usage error (below).
    let implicit = [
        "--id-token-source",
        "implicit",
        "--response-type",
        "id_token",
    ];
    let replayed = [&implicit[..], &["--nonce", "m"]].concat();
    let run = verify(&without, &replayed);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("nonce_mismatch"), "{}", run.stderr);
    assert_eq!(
        verify(&without, &[&implicit[..], &["--nonce", "n"]].concat()).code,
        0
    );
    let run = verify(&without, &hybrid);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("c_hash_mismatch"), "{}", run.stderr);
    // The token endpoint does not require c_hash (and takes no code).
    assert_eq!(
        verify(&without, &["--id-token-source", "token-endpoint"]).code,
        0
    );
    for (args, needle) in [
        (
            &["--id-token-source", "hybrid", "--code", code][..],
            "--id-token-source needs --response-type",
        ),
        (
            &[
                "--id-token-source",
                "hybrid",
                "--response-type",
                "code id_token token",
                "--code",
                code,
            ][..],
            "--access-token is required",
        ),
        (
            &[
                "--id-token-source",
                "implicit",
                "--response-type",
                "id_token",
                "--access-token",
                "at",
            ][..],
            "returns no access token",
        ),
        (
            &["--id-token-source", "token-endpoint", "--code", code][..],
            "not bound to the code",
        ),
        (&implicit[..], "--nonce is required"),
        (
            // An empty string is never a value (Policy::from_parts).
            &[&implicit[..], &["--nonce", ""]].concat()[..],
            "--nonce: empty",
        ),
        (&hybrid[..6], "--nonce is required"),
        (
            &["--response-type", "code"][..],
            "without --id-token-source",
        ),
        (
            &["--id-token-source", "token_endpoint"][..],
            "token-endpoint, implicit, hybrid",
        ),
    ] {
        let run = verify(&without, args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
    }
}
