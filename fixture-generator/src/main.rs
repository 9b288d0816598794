//! Regenerates the conformance corpus under `fixtures/`, deterministically.
//!
//! `cargo run -p fixture-generator` (the binary `generate-fixtures`) rewrites every generated
//! suite file byte for byte the same way on every run: fixed times, test keys kept in
//! `fixtures/keys/` (generated once from fixed seeds when missing), deterministic signatures
//! (RFC 6979 ECDSA, PSS salts seeded from the signing input), insertion-ordered pretty JSON. It
//! also writes the provider-shaped key sets and the test keys' public halves as standalone JWKS
//! documents under `fixtures/providers/jwks/`. Hand-kept files
//! (`fixtures/README.md`, `fixtures/divergences.json`, `fixtures/vectors/`, `fixtures/keys/README.md`)
//! are read, never written. CI runs it and then `git diff --exit-code`.

// A build tool over fixed, trusted inputs: a failed assumption should stop it loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::type_complexity,
    missing_docs
)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod attacks;
mod claims;
mod common;
mod empty_payload;
mod flows;
mod keys;
mod keyset_updates;
mod logout;
mod oidc;
mod providers;
mod rfc;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let keys = keys::Keys::load_or_generate(&root.join("keys"));
    let k = &keys;
    let suites = vec![
        rfc::suite(&root),
        empty_payload::suite(k),
        oidc::oidc_rp(k),
        oidc::fapi_client(k),
        flows::suite(k),
        logout::suite(k),
        attacks::alg_none::suite(k),
        attacks::key_confusion::suite(k),
        attacks::embedded_key::suite(k),
        attacks::ecdsa_psychic::suite(k),
        attacks::eddsa::suite(k),
        attacks::ecdsa_p384_p521::suite(k),
        attacks::kid_injection::suite(k),
        attacks::crit_b64::suite(k),
        attacks::base64url::suite(k),
        attacks::invalid_keys::suite(k),
        attacks::signature_length::suite(k),
        attacks::json_parsing::suite(k),
        attacks::numeric_date::suite(k),
        attacks::segments::suite(k),
        attacks::substitution::suite(k),
        attacks::algorithm_names::suite(k),
        attacks::string_comparison::suite(k),
        attacks::explicit_typing::suite(k),
        attacks::key_set_hygiene::suite(k),
        attacks::work_bounds::suite(k),
        claims::claim_matrix(k),
        claims::access_token(k),
        providers::auth0(k),
        providers::google(k),
        providers::entra(k),
        providers::cognito(k),
        providers::keycloak(k),
        providers::appsync(k),
    ];
    for (file, doc) in providers::standalone_jwks(&suites, k) {
        write_if_changed(&root.join(file), &doc);
    }
    let updates = keyset_updates::scenarios(k);
    write_if_changed(
        &root.join("keyset-updates/scenarios.json"),
        &serde_json::to_value(&updates).expect("json"),
    );
    let update_steps: Vec<&str> = updates
        .scenarios
        .iter()
        .flat_map(|s| s.steps.iter().map(|step| step.expect.as_str()))
        .collect();
    println!(
        "{:>5}  {:<28} keyset-updates/scenarios.json",
        update_steps.len(),
        "keyset-updates (steps)"
    );
    write_and_summarize(&root, &suites, &update_steps)
}

/// Writes `doc` as pretty JSON with a final newline, unless the file already holds exactly that.
fn write_if_changed(path: &Path, doc: &serde_json::Value) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let mut text = serde_json::to_string_pretty(doc).expect("json");
    text.push('\n');
    if fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
        fs::write(path, &text).expect("write");
    }
}

fn write_and_summarize(root: &Path, suites: &[common::Suite], update_steps: &[&str]) -> ExitCode {
    let mut per_code: BTreeMap<String, usize> = BTreeMap::new();
    // The key-set update scenarios expect the codes that only updates and stored sets give.
    for code in update_steps {
        *per_code.entry((*code).to_owned()).or_default() += 1;
    }
    let mut total = 0usize;
    for suite in suites {
        let path: PathBuf = root.join(suite.file);
        write_if_changed(&path, &suite.to_json());
        println!("{:>5}  {:<28} {}", suite.len(), suite.name(), suite.file);
        total += suite.len();
        for e in suite.expectations() {
            *per_code.entry(e.to_string()).or_default() += 1;
        }
    }
    println!("{total:>5}  cases in {} suites", suites.len());
    println!();
    for (code, n) in &per_code {
        println!("{n:>5}  {code}");
    }
    let missing: Vec<&str> = jwtv::Error::ALL
        .iter()
        .map(|e| e.code())
        .filter(|c| !per_code.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        eprintln!("error codes never expected: {missing:?}");
        return ExitCode::FAILURE;
    }
    if total < 400 {
        eprintln!("only {total} cases (at least 400 wanted)");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
