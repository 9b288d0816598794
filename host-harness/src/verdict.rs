//! What the verifier did, on the host or on the target: with a fixture case ([`Verdict`]), and
//! with a step of a key-set update scenario ([`StepVerdict`]).

use core::fmt;

use jwtv::Error;

use crate::corpus::fixture::Expectation;

/// What the verifier did with a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The token verified.
    Valid,
    /// The token (or its key set) was rejected.
    Rejected(Error),
    /// The verifier panicked: always a bug.
    Panicked(String),
    /// `Policy::from_parts` refused the case's settings (the fixture loader checks them first,
    /// so this is a bug of the harness or of the target's wire format).
    PolicyRefused(String),
}

impl Verdict {
    /// Whether this verdict is the one `expect` names.
    pub fn is(&self, expect: Expectation) -> bool {
        match (self, expect) {
            (Verdict::Valid, Expectation::Valid) => true,
            (Verdict::Rejected(got), Expectation::Rejected(want)) => *got == want,
            _ => false,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Valid => f.write_str("valid"),
            Verdict::Rejected(e) => f.write_str(e.code()),
            Verdict::Panicked(message) => write!(f, "panic ({message})"),
            Verdict::PolicyRefused(message) => write!(f, "policy refused ({message})"),
        }
    }
}

/// The verdict of one step of a key-set update scenario: `valid` or an error code, and the
/// `kid`s installed after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepVerdict {
    /// `valid` or the error code.
    pub code: String,
    /// The installed set's `kid`s after the step.
    pub installed: Vec<String>,
}
