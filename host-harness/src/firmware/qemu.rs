//! Building a firmware image (`firmware/`) and running it under `qemu-system-arm -machine
//! mps2-an386` with semihosting: the input in a file of QEMU's working directory, the image's
//! report read from its output, one line per item. QEMU runs with `-icount shift=0`, so
//! instruction counts are exact and repeatable.

use core::time::Duration;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::error::{Input, InputError, read_bounded, write_file};

/// How long QEMU may take for a whole run.
const QEMU_TIMEOUT: Duration = Duration::from_secs(600);

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
    write_file(&work.join(input_name), input)?;
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
        std::thread::spawn(
            move || match read_bounded(&mut stdout, Input::EmulatorOutput) {
                Ok(Some(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
                Ok(None) => {
                    overflow.store(true, core::sync::atomic::Ordering::Relaxed);
                    String::new()
                }
                Err(_) => String::new(),
            },
        )
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

/// Reads a firmware report: one line `<tag> <index> <fields...>` per item, numbered from 0 in
/// order, then `DONE <count>`. `read` turns an item's fields (after the index) into a result.
/// A `PANIC` or `ERROR` line, an unreadable or out-of-order line, or a count other than
/// `expected` (`what` names the items in the message) is an error.
///
/// # Errors
/// [`InputError`] as above.
pub fn parse_report<T>(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_executable_cargo_names_for_the_bin_built() {
        // Shaped as cargo 1.95 prints them: a dependency, a build script, the bin (twice: a
        // rebuild in one invocation is the later one), another bin, the final message.
        let messages = [
            r#"{"reason":"compiler-artifact","package_id":"jwtv","target":{"kind":["lib"],"crate_types":["lib"],"name":"jwtv"},"filenames":["/t/libjwtv.rlib"],"executable":null,"fresh":true}"#,
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
        assert_eq!(artifact_executable(&messages, "jwtv"), None);
        assert_eq!(artifact_executable("", "runner"), None);
    }
}
