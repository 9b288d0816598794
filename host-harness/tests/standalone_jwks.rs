//! The standalone JWKS files under `fixtures/providers/jwks/`: each is the published key set of
//! its provider suite, `provision` and `verify` take them, a suite file given as `--jwks` is
//! named as such, and the table in `fixtures/README.md` maps every kid to the test key it is
//! built from.

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

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{arg, harness_in, scratch};
use serde_json::Value;

const PROVIDERS: [(&str, &str); 5] = [
    ("auth0", "jwks"),
    ("google", "jwks"),
    ("entra", "jwks"),
    ("cognito", "jwks"),
    ("keycloak", "certs"),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn each_standalone_jwks_is_its_suites_published_key_set() {
    let fixtures = root().join("fixtures");
    for (provider, keyset) in PROVIDERS {
        let suite = read(&fixtures.join(format!("providers/{provider}.json")));
        let standalone = read(&fixtures.join(format!("providers/jwks/{provider}.json")));
        assert_eq!(suite["keysets"][keyset], standalone, "{provider}");
    }
}

#[test]
fn provision_and_verify_take_the_standalone_files() {
    let dir = scratch("standalone-jwks");
    let mut files: Vec<String> = PROVIDERS
        .iter()
        .map(|(p, _)| format!("fixtures/providers/jwks/{p}.json"))
        .collect();
    files.push("fixtures/providers/jwks/test-keys.json".to_owned());
    for file in &files {
        let out = dir.join("device.json");
        let run = harness_in(
            Some(&root()),
            &["provision", "--jwks", file, "--output", arg(&out)],
            None,
        );
        assert_eq!(run.code, 0, "{file}: {run:?}");
        assert!(run.stdout.starts_with("kept "), "{file}: {}", run.stdout);
    }
    // The test keys' public JWKS verifies a token signed with a test key.
    let claims = dir.join("claims.json");
    std::fs::write(&claims, r#"{"sub":"alice","exp":1700000600}"#).unwrap();
    let signed = harness_in(
        Some(&root()),
        &[
            "sign",
            "--jwk",
            "fixtures/keys/p256-a.json",
            "--alg",
            "ES256",
            "--claims",
            arg(&claims),
        ],
        None,
    );
    assert_eq!(signed.code, 0, "{signed:?}");
    let verified = harness_in(
        Some(&root()),
        &[
            "verify",
            "--jwks",
            "fixtures/providers/jwks/test-keys.json",
            "--now",
            "1700000000",
            signed.stdout.trim(),
        ],
        None,
    );
    assert_eq!(verified.code, 0, "{verified:?}");
    assert!(verified.stdout.contains("alice"), "{}", verified.stdout);
}

#[test]
fn a_suite_given_as_jwks_is_named_a_fixture_suite() {
    let dir = scratch("suite-as-jwks");
    let out = dir.join("device.json");
    let run = harness_in(
        Some(&root()),
        &[
            "provision",
            "--jwks",
            "fixtures/providers/auth0.json",
            "--output",
            arg(&out),
        ],
        None,
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains(
            "fixtures/providers/auth0.json: this is a fixture suite (format 1), not a JWKS; \
             its key sets are under keysets.jwks, keysets.client-secret; \
             standalone JWKS files are in fixtures/providers/jwks/ \
             (this suite's: fixtures/providers/jwks/auth0.json)"
        ),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    // `verify` reads its --jwks the same way; a suite without a standalone file beside it.
    let run = harness_in(
        Some(&root()),
        &[
            "verify",
            "--jwks",
            "fixtures/oidc/oidc-rp.json",
            "--now",
            "1700000000",
            "a.b.c",
        ],
        None,
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains(
            "this is a fixture suite (format 1), not a JWKS; its key sets are under keysets."
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("this suite's"), "{}", run.stderr);
}

/// The members that make a key the key it is.
fn public_material(jwk: &Value) -> Vec<Value> {
    ["kty", "crv", "n", "e", "x", "y"]
        .iter()
        .map(|m| jwk.get(*m).cloned().unwrap_or(Value::Null))
        .collect()
}

#[test]
fn the_readme_maps_every_provider_kid_to_its_test_key() {
    let fixtures = root().join("fixtures");
    let readme = std::fs::read_to_string(fixtures.join("README.md")).unwrap();
    let mut listed = BTreeSet::new();
    for line in readme
        .lines()
        .filter(|l| l.starts_with("| `providers/jwks/"))
    {
        let cells: Vec<&str> = line
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().trim_matches('`'))
            .collect();
        // The kid table's rows have four cells (the table of files above it, two).
        let [file, kid, key, _] = cells[..] else {
            continue;
        };
        let jwks = read(&fixtures.join(file));
        let entry = jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kid"] == kid)
            .unwrap_or_else(|| panic!("{file} has no kid {kid}"));
        let test_key = read(&fixtures.join(key));
        assert_eq!(
            public_material(entry),
            public_material(&test_key),
            "{file} {kid} is not built from {key}"
        );
        listed.insert((file.to_owned(), kid.to_owned()));
    }
    for entry in std::fs::read_dir(fixtures.join("providers/jwks")).unwrap() {
        let path = entry.unwrap().path();
        let file = format!(
            "providers/jwks/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        for key in read(&path)["keys"].as_array().unwrap() {
            let kid = key["kid"].as_str().unwrap().to_owned();
            assert!(
                listed.contains(&(file.clone(), kid.clone())),
                "README lists no row for {file} kid {kid}"
            );
        }
    }
}
