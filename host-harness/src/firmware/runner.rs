//! The firmware's `runner` image: the conformance cases inside the emulated Cortex-M4.
//!
//! The cases travel in one file, `cases.bin` ([`encode_cases`]), which the image reads through
//! semihosting from QEMU's working directory. Each case carries its own JWKS and policy, so the
//! image needs no state between cases and a real board could read the same file over a debug
//! probe. The image prints one line per case
//! (`R <index> <verdict> <instructions> <stack> <signature-instructions>`), parsed here.

use std::path::Path;

use jwtv::Error;

use crate::corpus::fixture::Suite;
use crate::error::InputError;
use crate::firmware::qemu::{build_firmware, execute, exited_well, parse_report};
use crate::firmware::wire::encode_cases;
use crate::verdict::Verdict;

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

/// Runs `image` under QEMU on `cases` (the output of [`encode_cases`]) and returns one result
/// per case.
///
/// # Errors
/// [`InputError`] when QEMU cannot be started, times out, or the firmware reports a problem.
pub fn run(image: &Path, cases: &[u8], expected: usize) -> Result<Vec<TargetResult>, InputError> {
    let (text, status) = execute(image, "cases.bin", cases)?;
    let results = parse(&text, expected)?;
    exited_well(status)?;
    Ok(results)
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

/// Builds the runner image and replays `suites` on the emulated Cortex-M4.
///
/// # Errors
/// As [`build_firmware`], [`encode_cases`] and [`run`].
pub fn replay(suites: &[Suite], image: Option<&Path>) -> Result<Vec<TargetResult>, InputError> {
    let image = match image {
        Some(image) => image.to_path_buf(),
        None => build_firmware("runner", None)?,
    };
    let (cases, count) = encode_cases(suites, |_, _, _| {})?;
    run(&image, &cases, count)
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
}
