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

/// A time on the command line: seconds since the epoch, or `+N` followed by `s`, `m`, `h` or `d`
/// counted from this machine's clock (`--exp +30d`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Seconds since the epoch.
    At(u64),
    /// Seconds from now.
    After(u64),
}

/// The longest relative time accepted: ten years of 365 days. A key set valid longer is a key
/// set nobody will remember to replace; give absolute seconds to sign one anyway.
pub const MAX_RELATIVE_SECONDS: u64 = 10 * 365 * 86_400;

impl When {
    /// The time in seconds since the epoch, given `now`.
    pub const fn resolve(self, now: u64) -> u64 {
        match self {
            When::At(at) => at,
            When::After(seconds) => now.saturating_add(seconds),
        }
    }
}

/// Parses a [`When`] (the `--exp` values).
///
/// # Errors
/// What the command line says about a value that is neither form, or a relative one beyond
/// [`MAX_RELATIVE_SECONDS`].
pub fn parse_when(text: &str) -> Result<When, String> {
    const FORMS: &str = "seconds since the epoch (1767225600), or +N with a unit s, m, h or d \
                         counted from now (+30d)";
    let Some(relative) = text.strip_prefix('+') else {
        return text
            .parse()
            .map(When::At)
            .map_err(|_| format!("expected {FORMS}"));
    };
    let split = relative
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(|| format!("`{text}` has no unit: expected {FORMS}"))?;
    let (count, unit) = relative.split_at(split);
    let unit_seconds: u64 = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        _ => return Err(format!("unknown unit `{unit}`: expected {FORMS}")),
    };
    let seconds = count
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit_seconds))
        .filter(|s| *s <= MAX_RELATIVE_SECONDS)
        .ok_or_else(|| {
            format!(
                "`{text}`: a relative time is at most {} days (+{}d); give seconds since the \
                 epoch for a later one",
                MAX_RELATIVE_SECONDS / 86_400,
                MAX_RELATIVE_SECONDS / 86_400
            )
        })?;
    Ok(When::After(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_absolute_or_relative_and_bounded() {
        assert_eq!(parse_when("1767225600"), Ok(When::At(1_767_225_600)));
        assert_eq!(parse_when("+90s"), Ok(When::After(90)));
        assert_eq!(parse_when("+5m"), Ok(When::After(300)));
        assert_eq!(parse_when("+2h"), Ok(When::After(7_200)));
        assert_eq!(parse_when("+30d"), Ok(When::After(2_592_000)));
        assert_eq!(parse_when("+3650d"), Ok(When::After(MAX_RELATIVE_SECONDS)));
        assert_eq!(When::After(60).resolve(1_000), 1_060);
        assert_eq!(When::At(5).resolve(1_000), 5);
        for bad in [
            "+3651d",
            "+30",
            "+d",
            "+30w",
            "30d",
            "-30d",
            "+99999999999999999999d",
            "",
        ] {
            assert!(parse_when(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(parse_when("+3651d").unwrap_err().contains("3650 days"));
    }
}
