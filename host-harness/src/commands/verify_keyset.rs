//! `host-harness verify-keyset` (one update, checked as a device will) and
//! `host-harness keyset-updates` (the scenario fixtures, on the host or the emulated Cortex-M4).

use std::path::{Path, PathBuf};

use verifier::{Algorithm, KeySet, KeySetUpdatePolicy, TokenBuffer, verify_key_set_update};

use crate::cli::{CommandResult, KeysetUpdatesArgs, RunTarget, VerifyKeysetArgs};
use crate::corpus::keyset_update::{
    self, DEVICE_KEYS, Device, STORED_CAPACITY, ScenarioFile, UPDATE_CAPACITY, Verdict,
};
use crate::error::{Input, InputError, read_file, write_file};

/// Runs `host-harness verify-keyset`.
///
/// # Errors
/// [`InputError`] for a usage error or an unreadable trust anchor or update.
pub fn verify_keyset(args: &VerifyKeysetArgs) -> CommandResult {
    let mut anchor_keys = Vec::new();
    for path in &args.trust_anchors {
        let doc: serde_json::Value = serde_json::from_str(&keyset_update::anchors_jwks(
            path,
            &read_file(path, Input::Jwks)?,
        )?)
        .map_err(|e| InputError::json(path, &e))?;
        if let Some(keys) = doc.get("keys").and_then(serde_json::Value::as_array) {
            anchor_keys.extend(keys.iter().cloned());
        }
    }
    let mut algorithms = args.algorithms.clone();
    if algorithms.is_empty() {
        for key in &anchor_keys {
            let alg = keyset_update::anchor_alg(key).map_err(InputError::usage)?;
            let alg = Algorithm::from_name(&alg)
                .ok_or_else(|| InputError::usage(format!("unknown algorithm {alg}")))?;
            if !algorithms.contains(&alg) {
                algorithms.push(alg);
            }
        }
    }
    let anchors_doc = serde_json::json!({ "keys": anchor_keys }).to_string();
    let anchors_path = args
        .trust_anchors
        .first()
        .map_or(Path::new("-"), PathBuf::as_path);
    let (anchors, skipped) =
        crate::corpus::jwks::load::<16, { 16 * 1152 }>(anchors_path, anchors_doc.as_bytes())?;
    for key in &skipped {
        eprintln!("note: trust anchor {key} (skipped)");
    }
    if anchors.is_empty() {
        return Err(InputError::usage("no usable trust-anchor key"));
    }
    let update = match args.update.as_deref() {
        Some(file) if file != "-" => {
            let path = Path::new(file);
            let mut bytes = read_file(path, Input::Token)?;
            while bytes.last().is_some_and(u8::is_ascii_whitespace) {
                bytes.pop();
            }
            bytes
        }
        _ => crate::commands::verify::read_token(None)?,
    };
    let mut policy =
        KeySetUpdatePolicy::new(&algorithms, &args.iss, &args.sub).with_leeway(args.leeway);
    if let Some(iat) = args.installed_iat {
        policy = policy.with_installed_iat(iat);
    }
    let mut buffer = Box::new(TokenBuffer::<UPDATE_CAPACITY>::new());
    let mut staged = Box::new(KeySet::<DEVICE_KEYS>::new());
    match verify_key_set_update(
        &update,
        &anchors,
        &policy,
        args.now,
        &mut buffer,
        &mut staged,
    ) {
        Ok(accepted) => {
            let kids: Vec<&str> = staged.iter().map(|k| k.kid().unwrap_or("-")).collect();
            println!(
                "accepted: iat {}{}, {} keys: {}",
                accepted.iat(),
                accepted
                    .exp()
                    .map_or_else(String::new, |exp| format!(", exp {exp}")),
                kids.len(),
                kids.join(", ")
            );
            let report = accepted.report();
            if report.skipped() > 0 {
                eprintln!(
                    "note: {} keys of the set skipped (unusable here)",
                    report.skipped()
                );
            }
            if let Some(path) = &args.binary {
                let mut flash = vec![0u8; STORED_CAPACITY];
                let len = staged
                    .write_stored(accepted.iat(), &mut flash)
                    .map_err(|e| InputError::usage(e.explanation()))?;
                write_file(path, flash.get(..len).unwrap_or_default())?;
                println!("wrote {len} bytes of stored key set to {}", path.display());
            }
            Ok(true)
        }
        Err(e) => {
            let hint = match crate::commands::verify::trailing_whitespace_hint(&update) {
                Some(hint) if e == verifier::Error::MalformedToken => format!(" ({hint})"),
                _ => String::new(),
            };
            eprintln!("error: {}: {}{hint}", e.code(), e.explanation());
            Ok(false)
        }
    }
}

/// The scenario files under `paths` (default `fixtures/keyset-updates`), sorted.
fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let default = [Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/keyset-updates")];
    let roots: &[PathBuf] = if paths.is_empty() { &default } else { paths };
    let mut files = Vec::new();
    for root in roots {
        if root.is_dir() {
            let entries = std::fs::read_dir(root).map_err(|e| InputError::unreadable(root, &e))?;
            for entry in entries {
                let path = entry.map_err(|e| InputError::unreadable(root, &e))?.path();
                if path.extension().is_some_and(|x| x == "json") {
                    files.push(path);
                }
            }
        } else {
            files.push(root.clone());
        }
    }
    files.sort();
    Ok(files)
}

/// Every step's verdict on the host, scenario by scenario.
///
/// # Errors
/// A message for a malformed step.
pub fn host_verdicts(file: &ScenarioFile) -> Result<Vec<Verdict>, String> {
    let mut verdicts = Vec::new();
    for scenario in &file.scenarios {
        let mut device = Device::default();
        for step in &scenario.steps {
            verdicts.push(keyset_update::run_step(&mut device, file, step)?);
        }
    }
    Ok(verdicts)
}

/// Runs `host-harness keyset-updates`.
///
/// # Errors
/// [`InputError`] for an unreadable or invalid scenario file, or a target that cannot run.
pub fn keyset_updates(args: &KeysetUpdatesArgs) -> CommandResult {
    let (mut passed, mut failed) = (0usize, 0usize);
    for path in scenario_files(&args.paths)? {
        let file = keyset_update::read_scenarios(&path)?;
        let verdicts = match args.target {
            RunTarget::Host => host_verdicts(&file).map_err(|e| InputError::in_file(&path, e))?,
            RunTarget::QemuM4 => crate::target::qemu::keyset_update_verdicts(&path, &file)?,
        };
        let steps = file
            .scenarios
            .iter()
            .flat_map(|s| s.steps.iter().map(move |step| (s, step)));
        for ((scenario, step), got) in steps.zip(verdicts.iter()) {
            let installs_ok = step
                .installs
                .as_ref()
                .is_none_or(|want| *want == got.installed);
            if got.code == step.expect && installs_ok {
                passed = passed.saturating_add(1);
            } else {
                failed = failed.saturating_add(1);
                println!(
                    "FAIL {} / {} / {}: expected {}{}, got {} (installed: {})",
                    file.suite,
                    scenario.name,
                    step.id,
                    step.expect,
                    step.installs
                        .as_ref()
                        .map_or_else(String::new, |k| format!(" installing [{}]", k.join(", "))),
                    got.code,
                    got.installed.join(", ")
                );
            }
        }
        let total: usize = file.scenarios.iter().map(|s| s.steps.len()).sum();
        if verdicts.len() != total {
            failed = failed.saturating_add(total.abs_diff(verdicts.len()));
            println!(
                "FAIL {}: {} verdicts for {total} steps",
                path.display(),
                verdicts.len()
            );
        }
    }
    let target = match args.target {
        RunTarget::Host => "host",
        RunTarget::QemuM4 => "qemu-m4",
    };
    println!("keyset-updates on {target}");
    println!("keyset-updates: {passed} passed, {failed} failed");
    Ok(failed == 0)
}
