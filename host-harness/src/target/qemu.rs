//! The emulated Cortex-M4 target: the firmware image in `firmware/`, run under
//! `qemu-system-arm -machine mps2-an386` with semihosting.
//!
//! The cases travel in one file, `cases.bin`, which the firmware reads through semihosting from
//! QEMU's working directory (format: `firmware/src/wire.rs`). Each case carries its
//! own JWKS and policy, so the image needs no state between cases and a real board could read
//! the same file over a debug probe. The firmware prints one line per case
//! (`R <index> <verdict> <instructions> <stack> <signature-instructions>`), which is parsed here.
//! QEMU runs with `-icount shift=0`, so instruction counts are exact and repeatable.

use core::fmt::Write as _;
use core::time::Duration;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use verifier::Error;

use crate::corpus::fixture::{ResolvedCase, Suite};
use crate::error::{Input, InputError};
use crate::replay::Verdict;

/// Most entries of one list (algorithms, required claims, required scopes) the firmware takes.
pub const MAX_LIST: usize = 16;
/// The largest case body the firmware reads.
pub const MAX_CASE: usize = 64 * 1024;
/// How long QEMU may take for a whole run.
const QEMU_TIMEOUT: Duration = Duration::from_secs(600);

/// What the target said about one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetResult {
    /// The verdict.
    pub verdict: Verdict,
    /// Instructions retired by `verify` (multiple of 40: SysTick resolution).
    pub instructions: u64,
    /// Peak stack of `verify`, in bytes.
    pub stack: u64,
    /// Instructions of the signature layer alone (`verify_signature`), for valid tokens; else 0.
    pub signature_instructions: u64,
}

/// The firmware crate's directory (`firmware/`, beside this crate).
pub fn firmware_dir() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../firmware")).to_path_buf()
}

/// Builds a firmware binary (release profile) with cargo and returns the path of the ELF this
/// very build produced, as cargo's `compiler-artifact` message names it: wherever
/// `CARGO_TARGET_DIR` or a cargo config puts it, never a stale image at a guessed path. Every
/// command that runs the firmware (`run`, `bench`, `wycheproof`, `keyset-updates`) goes
/// through here.
///
/// # Errors
/// [`InputError`] when cargo cannot be run, the build fails, or cargo names no executable.
pub fn build_firmware(bin: &str, features: Option<&str>) -> Result<PathBuf, InputError> {
    let dir = firmware_dir();
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // The firmware's .cargo/config.toml (target, linker script) applies from its own directory.
    // Diagnostics go to standard error as usual; standard output carries the JSON messages.
    cargo.current_dir(&dir).args([
        "build",
        "--quiet",
        "--release",
        "--message-format=json-render-diagnostics",
        "--bin",
        bin,
    ]);
    if let Some(features) = features {
        cargo.args(["--no-default-features", "--features", features]);
    }
    let output = cargo
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| InputError::usage(format!("cannot run cargo to build the firmware: {e}")))?;
    let failed = |what: &str| {
        InputError::usage(format!(
            "building the firmware ({bin}, features {}) in {} {what}",
            features.unwrap_or("default"),
            dir.display()
        ))
    };
    if !output.status.success() {
        return Err(failed("failed"));
    }
    artifact_executable(&String::from_utf8_lossy(&output.stdout), bin)
        .ok_or_else(|| failed("named no executable in its compiler-artifact messages"))
}

/// The executable of binary target `bin` in cargo's `--message-format=json` output: the last
/// `compiler-artifact` message for it (one JSON object a line; other lines are ignored).
pub fn artifact_executable(messages: &str, bin: &str) -> Option<PathBuf> {
    messages
        .lines()
        .rev()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| {
            m.get("reason").and_then(serde_json::Value::as_str) == Some("compiler-artifact")
        })
        .filter(|m| {
            let target = m.get("target");
            let name = target
                .and_then(|t| t.get("name"))
                .and_then(serde_json::Value::as_str);
            let is_bin = target
                .and_then(|t| t.get("kind"))
                .and_then(serde_json::Value::as_array)
                .is_some_and(|kinds| kinds.iter().any(|k| k == "bin"));
            name == Some(bin) && is_bin
        })
        .filter_map(|m| {
            m.get("executable")
                .and_then(serde_json::Value::as_str)
                .map(PathBuf::from)
        })
        .next()
}

/// Appends one record, `"<tag> <len>\n" value "\n"`, of the firmware's wire format.
pub(crate) fn record(out: &mut Vec<u8>, tag: &str, value: &[u8]) {
    let _ = writeln!(StringSink(out), "{tag} {}", value.len());
    out.extend_from_slice(value);
    out.push(b'\n');
}

/// Appends one frame, `"<tag> <len>\n" body`, of the firmware's wire format.
pub(crate) fn frame(out: &mut Vec<u8>, tag: &str, body: &[u8]) {
    let _ = writeln!(StringSink(out), "{tag} {}", body.len());
    out.extend_from_slice(body);
}

/// `write!` into a byte vector.
struct StringSink<'a>(&'a mut Vec<u8>);

impl core::fmt::Write for StringSink<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

fn list<'a>(
    out: &mut Vec<u8>,
    tag: &str,
    items: impl ExactSizeIterator<Item = &'a str>,
    case: &str,
) -> Result<(), String> {
    if items.len() > MAX_LIST {
        return Err(format!(
            "case {case}: more than {MAX_LIST} `{tag}` entries, which the firmware cannot take"
        ));
    }
    for item in items {
        record(out, tag, item.as_bytes());
    }
    Ok(())
}

/// Encodes one case (its JWKS, policy and token) for the firmware.
pub(crate) fn encode_case(
    jwks: &[u8],
    secrets: Option<&[u8]>,
    case: &ResolvedCase,
) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    let s = &case.settings;
    record(&mut body, "id", case.id.as_bytes());
    record(&mut body, "jwks", jwks);
    if let Some(secrets) = secrets {
        record(&mut body, "secrets", secrets);
    }
    record(&mut body, "now", case.now.to_string().as_bytes());
    record(&mut body, "leeway", s.leeway.to_string().as_bytes());
    let (profile, issuer, audience) =
        (s.profile.name(), s.issuer.as_deref(), s.audience.as_deref());
    record(&mut body, "profile", profile.as_bytes());
    for (tag, value) in [("issuer", issuer), ("audience", audience)] {
        if let Some(value) = value {
            record(&mut body, tag, value.as_bytes());
        }
    }
    list(
        &mut body,
        "alg",
        s.algorithms.iter().map(|a| a.name()),
        &case.id,
    )?;
    let optional = [
        ("nonce", s.nonce.clone()),
        ("max_age", s.max_age.map(|v| v.to_string())),
        ("max_token_age", s.max_token_age.map(|v| v.to_string())),
        ("access_token", s.access_token.clone()),
        ("code", s.code.clone()),
        (
            "id_token_source",
            s.id_token_source.map(|flow| flow.name().to_owned()),
        ),
        ("typ", s.typ.clone()),
    ];
    for (tag, value) in optional {
        if let Some(value) = value {
            record(&mut body, tag, value.as_bytes());
        }
    }
    list(
        &mut body,
        "required_claim",
        s.required_claims.iter().map(String::as_str),
        &case.id,
    )?;
    list(
        &mut body,
        "required_scope",
        s.required_scopes.iter().map(String::as_str),
        &case.id,
    )?;
    if s.try_all_keys {
        record(&mut body, "try_all_keys", b"true");
    }
    if let Some(depth) = s.max_depth {
        record(&mut body, "max_depth", depth.to_string().as_bytes());
    }
    record(&mut body, "token", case.token.as_bytes());
    if body.len() > MAX_CASE {
        return Err(format!(
            "case {}: {} bytes encoded, over the firmware's {MAX_CASE}",
            case.id,
            body.len()
        ));
    }
    Ok(body)
}

/// Encodes every case of `suites`, in order, as `cases.bin`.
///
/// # Errors
/// [`InputError`] naming the suite's file and the case the firmware could not take.
pub fn encode(suites: &[Suite]) -> Result<Vec<u8>, InputError> {
    let mut out = Vec::new();
    for suite in suites {
        for case in &suite.cases {
            let jwks = suite
                .keysets
                .get(&case.keyset)
                .map_or(&b"{\"keys\":[]}"[..], Vec::as_slice);
            let secrets = suite.secrets.get(&case.keyset).map(Vec::as_slice);
            let body = encode_case(jwks, secrets, case)
                .map_err(|e| InputError::in_file(&suite.file, e))?;
            frame(&mut out, "CASE", &body);
        }
    }
    Ok(out)
}

/// Runs `image` under QEMU on `cases` (the output of [`encode`]) and returns one result per case.
///
/// # Errors
/// [`InputError`] when QEMU cannot be started, times out, or the firmware reports a problem.
pub fn run(image: &Path, cases: &[u8], expected: usize) -> Result<Vec<TargetResult>, InputError> {
    let (text, status) = execute(image, "cases.bin", cases)?;
    let results = parse(&text, expected)?;
    exited_well(status)?;
    Ok(results)
}

/// Runs `image` under QEMU (`-icount shift=0`) with `input` as the file `input_name` in its
/// semihosting working directory, and returns what it printed and how it exited.
///
/// # Errors
/// [`InputError`] when QEMU cannot be started or does not finish in time.
pub fn execute(
    image: &Path,
    input_name: &str,
    input: &[u8],
) -> Result<(String, std::process::ExitStatus), InputError> {
    let work = std::env::temp_dir().join(format!("host-harness-qemu-{}", std::process::id()));
    std::fs::create_dir_all(&work)
        .map_err(|e| InputError::usage(format!("cannot create {}: {e}", work.display())))?;
    let result = execute_in(&work, image, input_name, input);
    let _ = std::fs::remove_dir_all(&work);
    result
}

/// An error unless the firmware exited with success.
///
/// # Errors
/// [`InputError`] naming the exit status.
pub fn exited_well(status: std::process::ExitStatus) -> Result<(), InputError> {
    if status.success() {
        Ok(())
    } else {
        Err(InputError::usage(format!(
            "the firmware exited with {status}"
        )))
    }
}

fn execute_in(
    work: &Path,
    image: &Path,
    input_name: &str,
    input: &[u8],
) -> Result<(String, std::process::ExitStatus), InputError> {
    crate::error::write_file(&work.join(input_name), input)?;
    let mut child = Command::new("qemu-system-arm")
        .current_dir(work)
        .args(["-machine", "mps2-an386", "-cpu", "cortex-m4", "-nographic", "-monitor", "none"])
        .args(["-semihosting-config", "enable=on,target=native", "-icount", "shift=0", "-kernel"])
        .arg(image)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| {
            InputError::usage(format!(
                "cannot start qemu-system-arm ({e}); install it with `apt-get install qemu-system-arm`"
            ))
        })?;
    let mut stdout = child
        .stdout
        .take()
        .ok_or_else(|| InputError::usage("no output from qemu".to_owned()))?;
    // Read up to the limit; past it the reader stops and says so, and the run is ended.
    let overflow = std::sync::Arc::new(core::sync::atomic::AtomicBool::new(false));
    let reader = {
        let overflow = std::sync::Arc::clone(&overflow);
        std::thread::spawn(move || {
            match crate::error::read_bounded(&mut stdout, Input::EmulatorOutput) {
                Ok(Some(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
                Ok(None) => {
                    overflow.store(true, core::sync::atomic::Ordering::Relaxed);
                    String::new()
                }
                Err(_) => String::new(),
            }
        })
    };
    let start = Instant::now();
    let status = loop {
        if overflow.load(core::sync::atomic::Ordering::Relaxed) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(InputError::usage(format!(
                "qemu printed more than {} bytes, the most a run may print",
                Input::EmulatorOutput.limit()
            )));
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > QEMU_TIMEOUT => {
                let _ = child.kill();
                return Err(InputError::usage(format!(
                    "qemu did not finish within {QEMU_TIMEOUT:?}"
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(InputError::usage(format!("waiting for qemu: {e}"))),
        }
    };
    Ok((reader.join().unwrap_or_default(), status))
}

/// Parses the firmware's report.
fn parse(text: &str, expected: usize) -> Result<Vec<TargetResult>, InputError> {
    parse_report(text, "R", "cases", expected, |fields| {
        let [verdict, instructions, stack, signature] = fields else {
            return None;
        };
        let verdict = match *verdict {
            "valid" => Verdict::Valid,
            "policy_refused" => Verdict::PolicyRefused("by the target".to_owned()),
            code => Error::from_code(code).map_or_else(
                || Verdict::Panicked(format!("target said `{code}`")),
                Verdict::Rejected,
            ),
        };
        Some(TargetResult {
            verdict,
            instructions: instructions.parse().ok()?,
            stack: stack.parse().ok()?,
            signature_instructions: signature.parse().ok()?,
        })
    })
}

/// Reads a firmware report: one line `<tag> <index> <fields...>` per item, numbered from 0 in
/// order, then `DONE <count>`. `read` turns an item's fields (after the index) into a result.
/// A `PANIC` or `ERROR` line, an unreadable or out-of-order line, or a count other than
/// `expected` (`what` names the items in the message) is an error.
///
/// # Errors
/// [`InputError`] as above.
pub(crate) fn parse_report<T>(
    text: &str,
    tag: &str,
    what: &str,
    expected: usize,
    read: impl Fn(&[&str]) -> Option<T>,
) -> Result<Vec<T>, InputError> {
    let mut results = Vec::with_capacity(expected);
    let mut done = None;
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            [t, index, rest @ ..] if *t == tag => {
                let item = index
                    .parse::<usize>()
                    .ok()
                    .filter(|&i| i == results.len())
                    .and_then(|_| read(rest))
                    .ok_or_else(|| {
                        InputError::usage(format!("unreadable line from the firmware: {line}"))
                    })?;
                results.push(item);
            }
            ["DONE", count] => done = count.parse::<usize>().ok(),
            _ if line.starts_with("PANIC") || line.starts_with("ERROR") => {
                return Err(InputError::usage(format!("the firmware stopped: {line}")));
            }
            _ => {}
        }
    }
    if done != Some(expected) || results.len() != expected {
        return Err(InputError::usage(format!(
            "the firmware answered {} of {expected} {what}{}",
            results.len(),
            if done.is_none() {
                " and did not finish"
            } else {
                ""
            }
        )));
    }
    Ok(results)
}

/// Builds the runner image and replays `suites` on the emulated Cortex-M4.
///
/// # Errors
/// As [`build_firmware`], [`encode`] and [`run`].
pub fn replay(suites: &[Suite], image: Option<&Path>) -> Result<Vec<TargetResult>, InputError> {
    let image = match image {
        Some(image) => image.to_path_buf(),
        None => build_firmware("runner", None)?,
    };
    let cases = encode(suites)?;
    let count = suites.iter().map(|s| s.cases.len()).sum();
    run(&image, &cases, count)
}

/// Runs the key-set update scenarios of `file` inside the emulated Cortex-M4 (the firmware's
/// `keyset-updates` image) and returns one verdict per step.
///
/// # Errors
/// [`InputError`] when the image cannot be built or run, or answers wrongly.
pub fn keyset_update_verdicts(
    path: &Path,
    file: &crate::corpus::keyset_update::ScenarioFile,
) -> Result<Vec<crate::corpus::keyset_update::Verdict>, InputError> {
    let image = build_firmware("keyset-updates", None)?;
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
                    use base64ct::Encoding as _;
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
            frame(&mut out, "STEP", &body);
            count = count.saturating_add(1);
        }
    }
    let (text, status) = execute(&image, "updates.bin", &out)?;
    let verdicts = parse_report(&text, "K", "steps", count, |fields| {
        let [code, installed, instructions, stack] = fields else {
            return None;
        };
        Some((
            crate::corpus::keyset_update::Verdict {
                code: (*code).to_owned(),
                installed: if *installed == "-" {
                    Vec::new()
                } else {
                    installed.split(',').map(str::to_owned).collect()
                },
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
    println!(
        "on target: an accepted update takes at most {} instructions and {} bytes of stack \
         (verify_key_set_update); reading a stored set at boot {} instructions, {} bytes",
        update.0, update.1, stored.0, stored.1
    );
    Ok(verdicts.into_iter().map(|(v, _, _)| v).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_firmware_report() {
        let text = "R 0 valid 1000 2000 900\nR 1 expired 40 300 0\nDONE 2\n";
        let results = parse(text, 2).unwrap();
        assert_eq!(results[0].verdict, Verdict::Valid);
        assert_eq!(results[0].signature_instructions, 900);
        assert_eq!(results[1].verdict, Verdict::Rejected(Error::Expired));
        assert!(parse("R 0 valid 1 2 3\n", 1).is_err(), "no DONE line");
        assert!(
            parse("R 1 valid 1 2 3\nDONE 1\n", 1).is_err(),
            "index out of order"
        );
        assert!(parse("PANIC at x\n", 0).is_err());
    }

    #[test]
    fn takes_the_executable_cargo_names_for_the_bin_built() {
        // Shaped as cargo 1.95 prints them: a dependency, a build script, the bin (twice: a
        // rebuild in one invocation is the later one), another bin, the final message.
        let messages = [
            r#"{"reason":"compiler-artifact","package_id":"verifier","target":{"kind":["lib"],"crate_types":["lib"],"name":"verifier"},"filenames":["/t/libverifier.rlib"],"executable":null,"fresh":true}"#,
            r#"{"reason":"build-script-executed","package_id":"firmware","out_dir":"/t/out"}"#,
            r#"{"reason":"compiler-artifact","package_id":"firmware","target":{"kind":["bin"],"crate_types":["bin"],"name":"runner"},"executable":"/old/runner","fresh":true}"#,
            r#"{"reason":"compiler-artifact","package_id":"firmware","target":{"kind":["bin"],"crate_types":["bin"],"name":"runner"},"executable":"/tmp/elsewhere/thumbv7em-none-eabihf/release/runner","fresh":false}"#,
            r#"{"reason":"compiler-artifact","package_id":"firmware","target":{"kind":["bin"],"crate_types":["bin"],"name":"keyset-updates"},"executable":"/tmp/elsewhere/thumbv7em-none-eabihf/release/keyset-updates","fresh":false}"#,
            "not json: a stray line",
            r#"{"reason":"build-finished","success":true}"#,
        ]
        .join("\n");
        assert_eq!(
            artifact_executable(&messages, "runner"),
            Some(PathBuf::from(
                "/tmp/elsewhere/thumbv7em-none-eabihf/release/runner"
            ))
        );
        assert_eq!(
            artifact_executable(&messages, "keyset-updates"),
            Some(PathBuf::from(
                "/tmp/elsewhere/thumbv7em-none-eabihf/release/keyset-updates"
            ))
        );
        // A library of that name, or no message at all, is no executable.
        assert_eq!(artifact_executable(&messages, "verifier"), None);
        assert_eq!(artifact_executable("", "runner"), None);
    }
}
