//! What the verifier did, on the host or on the target: with a fixture case ([`Verdict`]), and
//! with a step of a key-set update scenario ([`StepVerdict`]).

use core::fmt;

use jwtv::{Detail, Error, Rejection};
use serde_json::{Map, Value};

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
    /// A refusal's explanation with its values (`key_set_rollback: … (iat N, installed iat
    /// M)`), when the step ran on the host.
    pub detail: Option<String>,
}

/// The values behind a verdict or a failed expectation: one line for people (the verifier's
/// [`Rejection`] text, `expired: the token has expired (exp 1700000000, now 1700000100, leeway
/// 0)`), and the same values by name for programs (`{"claim": "exp", "value": 1700000000, "now":
/// 1700000100, "leeway": 0}`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Explanation {
    /// The line for people.
    pub text: String,
    /// The values by name, in a stable order.
    pub values: Map<String, Value>,
}

impl Explanation {
    /// What [`jwtv::verify_explained`] said: its text, and its [`Detail`]'s values.
    pub fn of_rejection(rejection: &Rejection<'_>) -> Explanation {
        Explanation {
            text: rejection.to_string(),
            values: detail_values(&rejection.detail()),
        }
    }

    /// The values alone, on one line: `exp 1700000000, now 1700000100, leeway 0`, strings
    /// quoted (as decoded, escaped for the terminal).
    pub fn values_line(&self) -> String {
        self.values
            .iter()
            .map(|(name, value)| match value {
                Value::String(s) => format!("{name} {s:?}"),
                Value::Null => format!("{name} absent"),
                other => format!("{name} {other}"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn string(s: impl fmt::Display) -> Value {
    Value::String(s.to_string())
}

/// A [`Detail`]'s values by name. Token strings are given decoded (a `JsonStr` displays so).
pub fn detail_values(detail: &Detail<'_>) -> Map<String, Value> {
    let mut values = Map::new();
    let kid = |kid: Option<jwtv::JsonStr<'_>>| kid.map_or(Value::Null, string);
    match *detail {
        Detail::Key { alg, kid: k } => {
            values.insert("alg".into(), string(alg));
            values.insert("kid".into(), kid(k));
        }
        Detail::MissingClaim(name) => {
            values.insert("claim".into(), string(name));
        }
        Detail::Rule(rule) => {
            values.insert("rule".into(), string(rule));
        }
        Detail::ShortSecret {
            alg,
            kid: k,
            bytes,
            needed,
        } => {
            values.insert("alg".into(), string(alg));
            values.insert("kid".into(), kid(k));
            values.insert("secret_bytes".into(), Value::from(bytes));
            values.insert("needed_bytes".into(), Value::from(needed));
        }
        Detail::Mismatch {
            name,
            found,
            expected,
        } => {
            values.insert("claim".into(), string(name));
            values.insert("expected".into(), expected.map_or(Value::Null, string));
            values.insert("found".into(), found.map_or(Value::Null, string));
        }
        Detail::Time {
            claim,
            value,
            now,
            leeway,
        } => {
            values.insert(claim.into(), Value::from(value));
            values.insert("now".into(), Value::from(now));
            values.insert("leeway".into(), Value::from(leeway));
        }
        Detail::Rollback { iat, installed_iat } => {
            values.insert("iat".into(), Value::from(iat));
            values.insert("installed_iat".into(), Value::from(installed_iat));
        }
        // `Detail::None`, and any detail a later verifier adds: its text says it.
        _ => {}
    }
    values
}
