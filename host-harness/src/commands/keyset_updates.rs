//! `jwtv keyset-updates`: the key-set update scenarios (`fixtures/keyset-updates/`) on
//! the host, each step's verdict from the verifier itself, or inside the emulated Cortex-M4.

use std::path::{Path, PathBuf};

use base64ct::{Base64UrlUnpadded, Encoding as _};
use clap::Args;
use jwtv::{
    Algorithm, Error, KeySet, KeySetUpdatePolicy, Policy, TokenBuffer, verify_explained,
    verify_key_set_update_explained,
};

use crate::commands::common::{CommandResult, RunTarget};
use crate::corpus::keyset_update::{
    self, DEVICE_KEYS, STORED_CAPACITY, ScenarioFile, Step, UPDATE_CAPACITY,
};
use crate::error::InputError;
use crate::firmware::keyset_updates::step_verdicts;
use crate::verdict::StepVerdict;

const KEYSET_UPDATES_HELP: &str = "\
Each file (default: every *.json under fixtures/keyset-updates/) holds scenarios: a device starts
with nothing installed; each step is an update arriving (applied when accepted: written in the
stored binary form and read back, as after a reboot), a stored key set read at boot, or a token
checked against the installed set. Every step's verdict, and the kids installed after it, must
be the fixture's. With --target qemu-m4 the steps run inside the emulated Cortex-M4 and must give
the same verdicts. Ends with `N passed, N failed`. Exit status: 0 nothing failed; 1 a step
failed; 2 an unreadable or invalid file, or the target could not be run.

Examples:
  cargo run -p host-harness -- keyset-updates
  cargo run -p host-harness -- keyset-updates --target qemu-m4";

/// Options of `keyset-updates`.
#[derive(Debug, Args)]
#[command(after_help = KEYSET_UPDATES_HELP)]
pub struct KeysetUpdatesArgs {
    /// Scenario files or directories [default: fixtures/keyset-updates/]
    pub paths: Vec<PathBuf>,
    /// Where the verifier runs.
    #[arg(long, value_enum, default_value_t = RunTarget::Host)]
    pub target: RunTarget,
}

/// The scenario files under `paths` (default `fixtures/keyset-updates`), sorted.
///
/// # Errors
/// [`InputError`] for a directory that cannot be read.
pub fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
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
pub fn host_verdicts(file: &ScenarioFile) -> Result<Vec<StepVerdict>, String> {
    let mut verdicts = Vec::new();
    for scenario in &file.scenarios {
        let mut device = Device::default();
        for step in &scenario.steps {
            verdicts.push(run_step(&mut device, file, step)?);
        }
    }
    Ok(verdicts)
}

/// Runs `jwtv keyset-updates`.
///
/// # Errors
/// [`InputError`] for an unreadable or invalid scenario file, or a target that cannot run.
pub fn run(args: &KeysetUpdatesArgs) -> CommandResult {
    let (mut passed, mut failed) = (0usize, 0usize);
    for path in scenario_files(&args.paths)? {
        let file = keyset_update::read_scenarios(&path)?;
        let verdicts = match args.target {
            RunTarget::Host => host_verdicts(&file).map_err(|e| InputError::in_file(&path, e))?,
            RunTarget::QemuM4 => step_verdicts(&path, &file)?,
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
                crate::outln!(
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
                if let Some(detail) = &got.detail {
                    crate::outln!("    {detail}");
                }
            }
        }
        let total: usize = file.scenarios.iter().map(|s| s.steps.len()).sum();
        if verdicts.len() != total {
            failed = failed.saturating_add(total.abs_diff(verdicts.len()));
            crate::outln!(
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
    crate::outln!("keyset-updates on {target}");
    crate::outln!("keyset-updates: {passed} passed, {failed} failed");
    Ok(failed == 0)
}

fn algorithms(names: &[String]) -> Result<Vec<Algorithm>, String> {
    names
        .iter()
        .map(|n| Algorithm::from_name(n).ok_or_else(|| format!("unknown algorithm {n}")))
        .collect()
}

/// A device's state: the installed set and the `iat` it came from.
pub struct Device {
    installed: Box<KeySet<DEVICE_KEYS>>,
    installed_iat: Option<u64>,
}

impl Default for Device {
    fn default() -> Self {
        Device {
            installed: Box::new(KeySet::new()),
            installed_iat: None,
        }
    }
}

/// Runs one step on `device` as the firmware does: an accepted update is written in its stored
/// form and read back before it is installed (what a reboot would read).
///
/// # Errors
/// A message for a step that is not well formed.
pub fn run_step(
    device: &mut Device,
    file: &ScenarioFile,
    step: &Step,
) -> Result<StepVerdict, String> {
    let anchors_doc = file.trust_anchors.to_string();
    let (anchors, _) = KeySet::<4>::from_jwks(anchors_doc.as_bytes())
        .map_err(|e| format!("trust_anchors: {e}"))?;
    let update_algs = algorithms(&file.update_policy.algorithms)?;
    let token_algs = algorithms(&file.token_algorithms)?;
    let mut policy = KeySetUpdatePolicy::new(
        &update_algs,
        &file.update_policy.iss,
        &file.update_policy.sub,
    )
    .with_leeway(file.update_policy.leeway);
    if let Some(iat) = device.installed_iat {
        policy = policy.with_installed_iat(iat);
    }
    // The explanation of a refusal, with its values (the host's; the target reports codes).
    let mut detail = None;
    let result: Result<(), Error> = match (&step.update, &step.stored, &step.token) {
        (Some(update), None, None) => {
            let mut buffer = Box::new(TokenBuffer::<UPDATE_CAPACITY>::new());
            let mut staged = Box::new(KeySet::<DEVICE_KEYS>::new());
            verify_key_set_update_explained(
                update.as_bytes(),
                &anchors,
                &policy,
                step.now,
                &mut buffer,
                &mut staged,
            )
            .map_err(|rejection| {
                detail = Some(rejection.to_string());
                rejection.error()
            })
            .and_then(|accepted| {
                let mut flash = vec![0u8; STORED_CAPACITY];
                let len = staged.write_stored(accepted.iat(), &mut flash)?;
                let mut booted = Box::new(KeySet::<DEVICE_KEYS>::new());
                let iat = booted.read_stored(flash.get(..len).unwrap_or_default())?;
                device.installed = booted;
                device.installed_iat = Some(iat);
                Ok(())
            })
        }
        (None, Some(stored), None) => {
            let bytes = Base64UrlUnpadded::decode_vec(stored)
                .map_err(|e| format!("{}: stored: {e}", step.id))?;
            let mut booted = Box::new(KeySet::<DEVICE_KEYS>::new());
            booted.read_stored(&bytes).map(|iat| {
                device.installed = booted;
                device.installed_iat = Some(iat);
            })
        }
        (None, None, Some(token)) => {
            let token_policy = Policy::jwt(&token_algs, &file.token_issuer, "").waive_audience();
            let mut buffer = Box::new(TokenBuffer::<UPDATE_CAPACITY>::new());
            verify_explained(
                token.as_bytes(),
                &*device.installed,
                &token_policy,
                step.now,
                &mut buffer,
            )
            .map(|_| ())
            .map_err(|rejection| {
                detail = Some(rejection.to_string());
                rejection.error()
            })
        }
        _ => {
            return Err(format!(
                "{}: exactly one of update, stored, token is needed",
                step.id
            ));
        }
    };
    Ok(StepVerdict {
        code: match result {
            Ok(()) => "valid".to_owned(),
            Err(e) => e.code().to_owned(),
        },
        installed: device.installed(),
        detail,
    })
}

impl Device {
    /// The installed set's `kid`s, in order (`-` for a key without one).
    pub fn installed(&self) -> Vec<String> {
        self.installed
            .iter()
            .map(|k| k.kid().unwrap_or("-").to_owned())
            .collect()
    }
}
