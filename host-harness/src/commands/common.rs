//! What several commands share: their result, where they verify, the `--alg` values, and the
//! token read from an argument or standard input.

use clap::ValueEnum;
use jwtv::Algorithm;

use crate::error::{Input, InputError, read_stdin};

/// The outcome of a command: `Ok(true)` yes, `Ok(false)` no, `Err` unusable input.
pub type CommandResult = Result<bool, InputError>;

/// Where a command verifies (`run`, `bench`, `wycheproof`, `keyset-updates`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RunTarget {
    /// This machine.
    Host,
    /// The firmware in firmware/ under `qemu-system-arm -machine mps2-an386`.
    #[value(name = "qemu-m4")]
    QemuM4,
}

/// An implemented algorithm by its JWS name (the `--alg` options).
///
/// # Errors
/// What the command line says when `name` is not one.
pub fn parse_algorithm(name: &str) -> Result<Algorithm, String> {
    match Algorithm::from_name(name) {
        Some(alg) if alg.is_implemented() => Ok(alg),
        Some(alg) => Err(format!("{alg} is not implemented by this build")),
        None => {
            let known: Vec<&str> = Algorithm::ALL
                .iter()
                .filter(|a| a.is_implemented())
                .map(|a| a.name())
                .collect();
            Err(format!("expected one of {}", known.join(", ")))
        }
    }
}

/// The token from the argument, or from standard input for `-` or no argument (one trailing
/// newline removed), at most [`Input::Token`]'s limit.
///
/// # Errors
/// [`InputError`] when standard input cannot be read or is too long.
pub fn read_token(arg: Option<&str>) -> Result<Vec<u8>, InputError> {
    match arg {
        Some(token) if token != "-" => Ok(token.as_bytes().to_vec()),
        _ => {
            let mut token = read_stdin(Input::Token)?;
            if token.last() == Some(&b'\n') {
                token.pop();
                if token.last() == Some(&b'\r') {
                    token.pop();
                }
            }
            Ok(token)
        }
    }
}

/// For a token refused as `malformed_token` that ends with whitespace: what to do about it.
/// The verifier stays strict (a compact JWS has no whitespace, RFC 7515 §7.1); the hint names
/// the cause that `jwtv sign > file` or an editor's final newline leaves.
pub fn trailing_whitespace_hint(token: &[u8]) -> Option<String> {
    let last = *token.last()?;
    let what = match last {
        b'\n' => "a newline",
        b'\r' => "a carriage return",
        b' ' => "a space",
        b'\t' => "a tab",
        _ => return None,
    };
    Some(format!(
        "the token ends with {what}: a compact token has no whitespace, so strip it (e.g. `tr -d '\\r\\n\\t '`)"
    ))
}
