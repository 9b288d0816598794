//! The library half of the interop suite (`interop/`): every case the suite captured from a real
//! OpenID Provider, verified with `jwtv::verify` directly, without the command line.
//!
//! `interop-verify algorithms` prints the algorithms this build implements, as a JSON array (the
//! suite's expectations for ES384 and EdDSA follow it). `interop-verify check CAPTURE RESULTS`
//! reads the capture file `interop/run.mjs` writes and writes `{"<case id>": "<outcome>"}`:
//! `valid` or the verifier's error code. The suite compares these with its expectations; this
//! program judges nothing.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use host_harness::error::{Input, read_file};
use jwtv::{Algorithm, Flow, Key, KeySet, Policy, PolicyParts, Profile, TokenBuffer, verify};
use serde::Deserialize;

/// Room for an issuer's whole JWKS and a client secret, RSA-4096 keys included.
type InteropKeys = KeySet<16, { 16 * (2 * 512 + 128) }>;

/// One captured token and what to verify it against (the fields `interop/lib/cases.mjs` writes).
#[derive(Deserialize)]
struct Case {
    id: String,
    token: String,
    /// The device key set, relative to the repository root.
    jwks: String,
    /// A file holding the client secret, for HS* ID tokens.
    secret_file: Option<String>,
    now: u64,
    policy: CasePolicy,
}

#[derive(Deserialize)]
struct CasePolicy {
    profile: String,
    issuer: String,
    audience: String,
    nonce: Option<String>,
    max_age: Option<u64>,
    #[serde(default)]
    leeway: u64,
    access_token: Option<String>,
    code: Option<String>,
    /// `token-endpoint`, `implicit` or `hybrid`: the OpenID Connect flow's hash and nonce rules
    /// (`Policy::received_from`), with `access_token` and `code` as what came with the token.
    /// Without it, `access_token` and `code` are `with_access_token` / `with_code`.
    id_token_source: Option<String>,
}

#[derive(Deserialize)]
struct Capture {
    cases: Vec<Case>,
}

fn implemented() -> Vec<Algorithm> {
    Algorithm::ALL
        .into_iter()
        .filter(|a| a.is_implemented())
        .collect()
}

fn outcome(case: &Case, algorithms: &[Algorithm]) -> Result<String, String> {
    let jwks = read_file(Path::new(&case.jwks), Input::Jwks).map_err(|e| e.to_string())?;
    let (mut keys, _) = InteropKeys::from_jwks(&jwks)
        .map_err(|e| format!("{}: not loadable: {}", case.jwks, e.code()))?;
    let secret;
    if let Some(file) = &case.secret_file {
        secret = read_file(Path::new(file), Input::Secret).map_err(|e| e.to_string())?;
        // A secret that cannot key HMAC (shorter than the hash, RFC 7518 §3.2) is refused
        // when loaded, as a device would: the token then finds no key.
        if let Ok(key) = Key::oct(&secret) {
            keys.push(key)
                .map_err(|e| format!("no room for the secret: {}", e.code()))?;
        }
    }
    let p = &case.policy;
    let profile = Profile::from_name(&p.profile)
        .ok_or_else(|| format!("profile {} is not known to this build", p.profile))?;
    let flow = match p.id_token_source.as_deref() {
        // The suite spells the flows as the command line does.
        Some(name) => Some(
            Flow::from_name(&name.replace('-', "_"))
                .ok_or_else(|| format!("id_token_source {name} is not a flow"))?,
        ),
        None => None,
    };
    let policy = Policy::from_parts(PolicyParts {
        profile,
        algorithms,
        issuer: Some(&p.issuer),
        audience: Some(&p.audience),
        leeway: p.leeway,
        nonce: p.nonce.as_deref(),
        max_age: p.max_age,
        access_token: p.access_token.as_deref(),
        code: p.code.as_deref(),
        flow,
        ..PolicyParts::default()
    })
    .map_err(|e| format!("the case's policy: {e}"))?;
    let mut buffer = Box::new(TokenBuffer::<8192>::new());
    Ok(
        match verify(case.token.as_bytes(), &keys, &policy, case.now, &mut buffer) {
            Ok(_) => "valid".to_owned(),
            Err(e) => e.code().to_owned(),
        },
    )
}

fn check(capture: &Path, results: &Path) -> Result<(), String> {
    let text = read_file(capture, Input::Json).map_err(|e| e.to_string())?;
    let capture: Capture =
        serde_json::from_slice(&text).map_err(|e| format!("{}: {e}", capture.display()))?;
    let algorithms = implemented();
    let mut out = BTreeMap::new();
    for case in &capture.cases {
        let got = outcome(case, &algorithms).unwrap_or_else(|e| format!("harness_error: {e}"));
        out.insert(case.id.as_str(), got);
    }
    let json = serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?;
    std::fs::write(results, json).map_err(|e| format!("{}: {e}", results.display()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["algorithms"] => {
            let names: Vec<&str> = implemented().iter().map(|a| a.name()).collect();
            println!("{}", serde_json::json!(names));
            Ok(())
        }
        ["check", capture, results] => check(Path::new(capture), Path::new(results)),
        _ => Err("usage: interop-verify algorithms | interop-verify check CAPTURE RESULTS".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
