//! The firmware's `keyset-updates` image: the key-set update scenarios inside the emulated
//! Cortex-M4, one `STEP` frame per step in `updates.bin`, one line `K <index> <verdict>
//! <installed kids> <instructions> <stack>` back per step.

use std::path::Path;

use base64ct::Encoding as _;

use crate::corpus::keyset_update::ScenarioFile;
use crate::error::InputError;
use crate::firmware::qemu::{build_firmware, execute, exited_well, parse_report};
use crate::firmware::wire::{frame, record};
use crate::verdict::StepVerdict;

/// Runs the key-set update scenarios of `file` inside the emulated Cortex-M4 (the firmware's
/// `keyset-updates` image) and returns one verdict per step.
///
/// # Errors
/// [`InputError`] when the image cannot be built or run, or answers wrongly.
pub fn step_verdicts(path: &Path, file: &ScenarioFile) -> Result<Vec<StepVerdict>, InputError> {
    let image = build_firmware("keyset-updates", None)?;
    let (out, count) = encode_steps(path, file, false)?;
    let (text, status) = execute(&image, "updates.bin", &out)?;
    let verdicts = parse_report(&text, "K", "steps", count, |fields| {
        let [code, installed, instructions, stack] = fields else {
            return None;
        };
        Some((
            StepVerdict {
                code: (*code).to_owned(),
                installed: if *installed == "-" {
                    Vec::new()
                } else {
                    installed.split(',').map(str::to_owned).collect()
                },
                detail: None,
            },
            instructions.parse::<u64>().ok()?,
            stack.parse::<u64>().ok()?,
        ))
    })?;
    exited_well(status)?;
    // What an accepted update and a boot-time read cost on the target.
    let steps = file.scenarios.iter().flat_map(|s| s.steps.iter());
    let (mut update, mut stored) = ((0u64, 0u64), (0u64, 0u64));
    for (step, (verdict, instructions, stack)) in steps.zip(&verdicts) {
        let slot = match (&step.update, &step.stored) {
            (Some(_), _) if verdict.code == "valid" => &mut update,
            (_, Some(_)) if verdict.code == "valid" => &mut stored,
            _ => continue,
        };
        *slot = (slot.0.max(*instructions), slot.1.max(*stack));
    }
    crate::outln!(
        "on target: an accepted update takes at most {} instructions and {} bytes of stack \
         (verify_key_set_update); reading a stored set at boot {} instructions, {} bytes",
        update.0,
        update.1,
        stored.0,
        stored.1
    );
    Ok(verdicts.into_iter().map(|(v, _, _)| v).collect())
}

/// The steps of `file` as `STEP` frames of the firmware's wire format, and how many; with
/// `expectations`, each also carries its `id` (scenario/step), `expect` and, when the fixture
/// gives them, `installs` (the kids installed after it, comma-separated, `-` for none): what
/// `jwtv export-updates` writes for the C interface's scenario runner.
///
/// # Errors
/// [`InputError`] naming a step without exactly one of update, stored and token, or with a
/// stored form that is not base64url.
pub fn encode_steps(
    path: &Path,
    file: &ScenarioFile,
    expectations: bool,
) -> Result<(Vec<u8>, usize), InputError> {
    let mut out = Vec::new();
    let anchors = file.trust_anchors.to_string();
    let mut count = 0usize;
    for scenario in &file.scenarios {
        for (i, step) in scenario.steps.iter().enumerate() {
            let mut body = Vec::new();
            if i == 0 {
                record(&mut body, "reset", b"");
            }
            record(&mut body, "anchors", anchors.as_bytes());
            for alg in &file.update_policy.algorithms {
                record(&mut body, "update_alg", alg.as_bytes());
            }
            record(&mut body, "iss", file.update_policy.iss.as_bytes());
            record(&mut body, "sub", file.update_policy.sub.as_bytes());
            record(
                &mut body,
                "leeway",
                file.update_policy.leeway.to_string().as_bytes(),
            );
            record(&mut body, "token_iss", file.token_issuer.as_bytes());
            for alg in &file.token_algorithms {
                record(&mut body, "token_alg", alg.as_bytes());
            }
            record(&mut body, "now", step.now.to_string().as_bytes());
            match (&step.update, &step.stored, &step.token) {
                (Some(update), None, None) => record(&mut body, "update", update.as_bytes()),
                (None, Some(stored), None) => {
                    let bytes = base64ct::Base64UrlUnpadded::decode_vec(stored).map_err(|e| {
                        InputError::in_file(path, format!("{}: stored: {e}", step.id))
                    })?;
                    record(&mut body, "stored", &bytes);
                }
                (None, None, Some(token)) => record(&mut body, "token", token.as_bytes()),
                _ => {
                    return Err(InputError::in_file(
                        path,
                        format!(
                            "{}: exactly one of update, stored, token is needed",
                            step.id
                        ),
                    ));
                }
            }
            if expectations {
                record(
                    &mut body,
                    "id",
                    format!("{}/{}", scenario.name, step.id).as_bytes(),
                );
                record(&mut body, "expect", step.expect.as_bytes());
                if let Some(installs) = &step.installs {
                    let kids = if installs.is_empty() {
                        "-".to_owned()
                    } else {
                        installs.join(",")
                    };
                    record(&mut body, "installs", kids.as_bytes());
                }
            }
            frame(&mut out, "STEP", &body);
            count = count.saturating_add(1);
        }
    }
    Ok((out, count))
}
