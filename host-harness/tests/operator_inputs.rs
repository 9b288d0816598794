//! What an operator or a QA tool hands the CLI by mistake: a key-set update dated in the
//! future, an input without end, a token file with its final newline. Each is refused or
//! explained, never silently misread.

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

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use common::{
    EC_KEY, EC_KEY_B, HS_KEY, NOW, arg, harness, harness_in, jwks, private_key, scratch, sign,
    write_json,
};
use serde_json::json;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// `provision --sign-with` of one EC key, signed by another, at `iat` (with `extra` options).
fn sign_update(dir: &Path, iat: Option<u64>, extra: &[&str]) -> common::Run {
    let anchor = dir.join("anchor.json");
    write_json(&anchor, &private_key(EC_KEY));
    let keys = dir.join("jwks.json");
    write_json(&keys, &jwks(&[&private_key(EC_KEY_B)]));
    let output = dir.join("update.jwt");
    let iat = iat.map(|iat| iat.to_string());
    let mut args = vec![
        "provision",
        "--jwks",
        arg(&keys),
        "--output",
        arg(&output),
        "--sign-with",
        arg(&anchor),
        "--iss",
        "https://keys.example",
        "--sub",
        "door-controllers",
    ];
    if let Some(iat) = &iat {
        args.extend(["--iat", iat]);
    }
    args.extend(extra);
    harness(&args)
}

#[test]
fn provision_refuses_an_update_dated_in_the_future_unless_forced() {
    let dir = scratch("iat-future");
    // Year 5138, and tomorrow: refused, naming both consequences and the way out.
    for iat in [99_999_999_999, now() + 86_400] {
        let run = sign_update(&dir, Some(iat), &[]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains(&format!("--iat {iat} is ")), "{run:?}");
        assert!(run.stderr.contains("key_set_rollback"), "{run:?}");
        assert!(run.stderr.contains("issued_in_future"), "{run:?}");
        assert!(run.stderr.contains("--allow-future-iat"), "{run:?}");
        assert!(!dir.join("update.jwt").exists(), "nothing written");
    }
    // Within the stated skew (300 s), in the past, or the default (now): signed.
    for iat in [Some(now() + 200), Some(1_700_000_000), None] {
        let run = sign_update(&dir, iat, &[]);
        assert_eq!(run.code, 0, "{iat:?}: {run:?}");
    }
    // Forced: signed as asked.
    let run = sign_update(&dir, Some(now() + 86_400), &["--allow-future-iat"]);
    assert_eq!(run.code, 0, "{run:?}");
    // The flag only makes sense with --iat.
    let run = sign_update(&dir, None, &["--allow-future-iat"]);
    assert_eq!(run.code, 2, "{run:?}");
}

/// A file of `len` bytes of JSON-ish filler.
fn large_file(dir: &Path, name: &str, len: usize) -> PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, vec![b' '; len]).unwrap();
    file
}

#[test]
fn every_input_is_bounded_and_an_oversized_one_is_named() {
    let dir = scratch("bounded-inputs");
    let token = sign(&private_key(HS_KEY), "HS256", &json!({"iss": "joe"}));
    let now = NOW.to_string();
    // A JWKS one byte over its limit (1 MiB): exit 2, naming the file and the limit.
    let big = large_file(&dir, "big-jwks.json", (1 << 20) + 1);
    let run = harness(&["verify", "--jwks", arg(&big), "--now", &now, &token]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("{}: larger than 1048576 bytes", big.display())),
        "{run:?}"
    );
    // An endless one: read up to the limit, then refused.
    if Path::new("/dev/zero").exists() {
        let run = harness(&["verify", "--jwks", "/dev/zero", "--now", &now, &token]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains("/dev/zero: larger than"), "{run:?}");
        let run = harness(&["provision", "--jwks", "/dev/zero", "--output", "-"]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains("/dev/zero: larger than"), "{run:?}");
    }
    // A token on standard input over 64 KiB.
    let keys = dir.join("jwks.json");
    write_json(&keys, &jwks(&[&private_key(HS_KEY)]));
    let long = "a".repeat((64 << 10) + 1);
    let run = harness_in(
        None,
        &["verify", "--jwks", arg(&keys), "--now", &now],
        Some(&long),
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("standard input: larger than 65536 bytes"),
        "{run:?}"
    );
    // Under the limit but over the verifier's capacity: the verdict, not a usage error.
    let run = harness_in(
        None,
        &["verify", "--jwks", arg(&keys), "--now", &now],
        Some(&"a".repeat(10_000)),
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("capacity_exceeded"), "{run:?}");
    // A claims file, a private key, a client secret: each bounded.
    let claims = large_file(&dir, "claims.json", (16 << 20) + 1);
    let jwk = dir.join("key.json");
    write_json(&jwk, &private_key(HS_KEY));
    let run = harness(&[
        "sign",
        "--jwk",
        arg(&jwk),
        "--alg",
        "HS256",
        "--claims",
        arg(&claims),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("claims.json: larger than 16777216 bytes"),
        "{run:?}"
    );
    let secret = large_file(&dir, "secret.txt", (64 << 10) + 1);
    let run = harness(&[
        "verify",
        "--jwks",
        arg(&keys),
        "--client-secret-file",
        arg(&secret),
        "--now",
        &now,
        &token,
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("secret.txt: larger than 65536 bytes"),
        "{run:?}"
    );
}

#[test]
fn a_token_with_trailing_whitespace_is_malformed_and_the_message_says_why() {
    let dir = scratch("trailing-whitespace");
    let key = private_key(HS_KEY);
    let keys = dir.join("jwks.json");
    write_json(&keys, &jwks(&[&key]));
    let token = sign(&key, "HS256", &json!({"iss": "joe", "exp": NOW + 100}));
    let now = NOW.to_string();
    for (suffix, named) in [
        ("\n", "a newline"),
        ("\r\n", "a newline"),
        (" ", "a space"),
        ("\t", "a tab"),
        ("\r", "a carriage return"),
    ] {
        let spaced = format!("{token}{suffix}");
        let run = harness(&["verify", "--jwks", arg(&keys), "--now", &now, &spaced]);
        assert_eq!(run.code, 1, "{suffix:?}: {run:?}");
        assert!(run.stderr.starts_with("error: malformed_token"), "{run:?}");
        assert!(
            run.stderr.contains(&format!("the token ends with {named}")),
            "{suffix:?}: {run:?}"
        );
        assert!(run.stderr.contains("strip it"), "{run:?}");
    }
    // Standard input loses one final newline (what `sign > file` writes); a second one stays
    // and is named.
    let run = harness_in(
        None,
        &["verify", "--jwks", arg(&keys), "--now", &now],
        Some(&format!("{token}\n")),
    );
    assert_eq!(run.code, 0, "{run:?}");
    let run = harness_in(
        None,
        &["verify", "--jwks", arg(&keys), "--now", &now],
        Some(&format!("{token}\n\n")),
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains("the token ends with a newline"),
        "{run:?}"
    );
    // The verifier stays strict, and a malformed token without whitespace gets no hint.
    let run = harness(&["verify", "--jwks", arg(&keys), "--now", &now, "a.b"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(!run.stderr.contains("ends with"), "{run:?}");
}
