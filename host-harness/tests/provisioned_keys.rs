//! The Rust source `jwtv provision --emit rust` writes compiles and works: a checked-in
//! example (`tests/data/provisioned_keys.rs`, from `tests/data/provision-jwks.json` and the client
//! secret in `tests/data/provision-client-secret.txt`) is built into this test, used to verify
//! tokens, and checked to be exactly what the command writes today.
//!
//! After changing the emitter (or `jwtv::Key`'s size), regenerate it with
//! `HOST_HARNESS_BLESS=1 cargo test -p host-harness --test provisioned_keys`.

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

#[cfg(test)]
mod provisioned {
    include!("data/provisioned_keys.rs");
}

use common::{EC_KEY, NOW, RSA_KEY, arg, data_dir, harness, private_key, scratch, sign};
use jwtv::{Algorithm, Error, Policy, TokenBuffer, verify};
use serde_json::{Value, json};

const POLICY: Policy<'static> = Policy::jwt(
    &[
        Algorithm::RS256,
        Algorithm::PS256,
        Algorithm::ES256,
        Algorithm::HS256,
        Algorithm::HS512,
    ],
    "https://op.example",
    "",
)
.waive_audience();

/// The client secret the example was provisioned with.
const CLIENT_SECRET: &str = "test-only-client-secret-for-provisioning-0123456789-abcdefghijklmn";

fn check(key_file: &str, alg: &str) -> Result<(), Error> {
    check_with(&private_key(key_file), alg)
}

fn check_with(key: &Value, alg: &str) -> Result<(), Error> {
    let token = sign(
        key,
        alg,
        &json!({"iss": "https://op.example", "exp": NOW + 1}),
    );
    let mut buffer = TokenBuffer::<2048>::new();
    verify(
        token.as_bytes(),
        &provisioned::KEYS,
        &POLICY,
        NOW,
        &mut buffer,
    )
    .map(|_| ())
}

#[test]
fn the_generated_static_key_set_verifies_tokens() {
    assert_eq!(provisioned::KEYS.len(), 3);
    assert_eq!(provisioned::KEYS[0].kid(), Some("rsa-1"));
    assert_eq!(provisioned::KEYS[0].alg(), Some(Algorithm::RS256));
    assert_eq!(provisioned::KEYS[1].kid(), Some("ec-1"));
    assert_eq!(provisioned::KEYS[1].alg(), None);
    // The client secret, given apart from the published JWKS: no kid, no alg.
    assert_eq!(provisioned::KEYS[2].kid(), None);
    assert_eq!(provisioned::KEYS[2].alg(), None);
    assert_eq!(provisioned::KEYS[2].material(), CLIENT_SECRET.as_bytes());
    assert_eq!(check(EC_KEY, "ES256"), Ok(()));
    let secret = json!({"kty": "oct", "k": host_harness::jose::b64(CLIENT_SECRET.as_bytes())});
    assert_eq!(check_with(&secret, "HS512"), Ok(()));
    assert_eq!(check_with(&secret, "HS256"), Ok(()));
    // RS256 selects the RSA key (whose signature verifies once the real RSA module is there).
    let expected = if common::rsa_ready() {
        Ok(())
    } else {
        Err(Error::InvalidSignature)
    };
    assert_eq!(check(RSA_KEY, "RS256"), expected);
    assert_eq!(
        check(RSA_KEY, "PS256"),
        Err(Error::KeyNotFound),
        "pinned to RS256"
    );
}

#[test]
fn the_checked_in_example_is_what_provision_writes_today() {
    let checked_in = data_dir().join("provisioned_keys.rs");
    let fresh = scratch("provisioned-keys").join("provisioned_keys.rs");
    let run = harness(&[
        "provision",
        "--jwks",
        arg(&data_dir().join("provision-jwks.json")),
        "--client-secret-file",
        arg(&data_dir().join("provision-client-secret.txt")),
        "--emit",
        "rust",
        "--output",
        arg(&fresh),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let fresh = std::fs::read_to_string(&fresh).unwrap();
    if std::env::var_os("HOST_HARNESS_BLESS").is_some() {
        std::fs::write(&checked_in, &fresh).unwrap();
    }
    assert!(
        std::fs::read_to_string(&checked_in).unwrap() == fresh,
        "{} is stale: regenerate it with HOST_HARNESS_BLESS=1 cargo test -p host-harness --test provisioned_keys",
        checked_in.display()
    );
}
