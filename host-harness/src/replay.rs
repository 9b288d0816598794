//! Replays fixture cases through the verifier and classifies each result the way rustls-webpki's
//! x509-limbo runner does: pass, known divergence, unexpected failure, unexpected success — plus
//! "wrong error", a rejection for another reason than the one expected.

use core::panic::AssertUnwindSafe;
use std::collections::{BTreeMap, HashSet};
use std::panic::catch_unwind;
use std::path::PathBuf;

use jwtv::{Error, KeySet, TokenBuffer, verify};
use serde_json::{Map, Value};

use crate::corpus::divergence::Divergences;
use crate::corpus::fixture::{Expectation, ResolvedCase, Suite};
use crate::verdict::Verdict;

/// Keys a fixture keyset may hold.
pub const KEYSET_CAPACITY: usize = 16;
/// Bytes of key material a fixture keyset may hold: sixteen RSA-4096 keys with their
/// Montgomery constants and `kid`s.
pub const KEYSET_BYTES: usize = 16 * (2 * 512 + 128);

/// Longest token a fixture may carry, in bytes.
pub const TOKEN_CAPACITY: usize = 8192;

/// How a result compares with its expectation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// As expected.
    Pass,
    /// Not as expected, but listed in the divergences file with this very verdict.
    KnownDivergence,
    /// Expected valid, but rejected (or valid without the expected claims, or a panic).
    UnexpectedFailure,
    /// Expected a rejection, but valid.
    UnexpectedSuccess,
    /// Expected one rejection, got another.
    WrongError,
    /// The target's verdict differs from the host's (`run --target`): always a failure, even
    /// when one of them is the expected verdict.
    HostTargetMismatch,
}

impl Outcome {
    /// A stable snake_case name for reports.
    pub const fn name(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::KnownDivergence => "known_divergence",
            Outcome::UnexpectedFailure => "unexpected_failure",
            Outcome::UnexpectedSuccess => "unexpected_success",
            Outcome::WrongError => "wrong_error",
            Outcome::HostTargetMismatch => "host_target_mismatch",
        }
    }

    /// Whether this outcome fails the run.
    pub const fn is_failure(self) -> bool {
        !matches!(self, Outcome::Pass | Outcome::KnownDivergence)
    }
}

/// The result of one case.
#[derive(Clone, Debug)]
pub struct CaseResult {
    /// The suite.
    pub suite: String,
    /// The case id.
    pub id: String,
    /// The suite's file.
    pub file: PathBuf,
    /// What the case expects.
    pub expected: Expectation,
    /// What the verifier did.
    pub actual: Verdict,
    /// How the two compare.
    pub outcome: Outcome,
    /// More about a failure (a claim that differs) or the reason of a known divergence.
    pub detail: Option<String>,
}

/// Everything a run found.
#[derive(Clone, Debug, Default)]
pub struct RunReport {
    /// One result per case, suite by suite in file order.
    pub results: Vec<CaseResult>,
    /// Stale divergence entries and similar notices that do not fail the run.
    pub warnings: Vec<String>,
}

impl RunReport {
    /// Cases that passed.
    pub fn passed(&self) -> usize {
        self.count(|o| o == Outcome::Pass)
    }

    /// Cases that failed the run.
    pub fn failed(&self) -> usize {
        self.count(Outcome::is_failure)
    }

    /// Cases that diverged as documented.
    pub fn known_divergences(&self) -> usize {
        self.count(|o| o == Outcome::KnownDivergence)
    }

    fn count(&self, pred: impl Fn(Outcome) -> bool) -> usize {
        self.results.iter().filter(|r| pred(r.outcome)).count()
    }
}

/// Runs every case of `suites` on the host, classifying against `divergences`.
pub fn run(suites: &[Suite], divergences: &Divergences) -> RunReport {
    run_against(suites, divergences, None)
}

/// Runs every case of `suites` on the host and, given the verdicts of a target for the same
/// cases in the same order, classifies the target's verdicts, failing any case where target and
/// host disagree.
pub fn run_against(
    suites: &[Suite],
    divergences: &Divergences,
    target: Option<&[Verdict]>,
) -> RunReport {
    let mut report = RunReport::default();
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let mut index = 0usize;
    for suite in suites {
        // JWKS loading is verifier code reading untrusted input too: a panic there is a verdict.
        let keysets: BTreeMap<&str, Result<KeySet<KEYSET_CAPACITY, KEYSET_BYTES>, Verdict>> = suite
            .keysets
            .iter()
            .map(|(name, jwks)| {
                let secrets = suite.secrets.get(name).map(Vec::as_slice);
                let loaded = match catch_unwind(|| load_keys(jwks, secrets)) {
                    Ok(Ok(keys)) => Ok(keys),
                    Ok(Err(e)) => Err(Verdict::Rejected(e)),
                    Err(panic) => Err(Verdict::Panicked(panic_message(panic.as_ref()))),
                };
                (name.as_str(), loaded)
            })
            .collect();
        for case in &suite.cases {
            seen.insert((suite.name.as_str(), case.id.as_str()));
            // Resolution checked that the keyset exists.
            let keys = match keysets.get(case.keyset.as_str()) {
                Some(Ok(keys)) => Ok(keys),
                Some(Err(verdict)) => Err(verdict.clone()),
                None => Err(Verdict::Rejected(Error::KeyNotFound)),
            };
            let (host, payload) = replay(case, keys);
            let on_target = target.map(|t| {
                t.get(index).map_or_else(
                    || Verdict::Panicked("no verdict from the target".to_owned()),
                    Verdict::clone,
                )
            });
            index = index.saturating_add(1);
            let actual = on_target.clone().unwrap_or_else(|| host.clone());
            let mut result = classify(
                suite,
                case,
                actual,
                payload.as_deref(),
                divergences,
                &mut report.warnings,
            );
            if on_target.is_some_and(|t| t != host) {
                result.outcome = Outcome::HostTargetMismatch;
                result.detail = Some(format!(
                    "the host says {host}, the target {}",
                    result.actual
                ));
            }
            report.results.push(result);
        }
    }
    let loaded: HashSet<&str> = suites.iter().map(|s| s.name.as_str()).collect();
    for (file, entry, whole_corpus) in divergences.iter() {
        let checkable = whole_corpus || loaded.contains(entry.suite.as_str());
        if checkable && !seen.contains(&(entry.suite.as_str(), entry.id.as_str())) {
            report.warnings.push(format!(
                "stale divergence in {}: {}/{}: no such case in this run",
                file.display(),
                entry.suite,
                entry.id
            ));
        }
    }
    report
}

/// A fixture keyset as a relying party holds it: the issuer's published JWKS, plus the secrets
/// (a JWKS of `oct` keys, such as an OIDC client secret) it adds explicitly.
///
/// # Errors
/// The verifier's error for either document.
pub fn load_keys(
    jwks: &[u8],
    secrets: Option<&[u8]>,
) -> Result<KeySet<KEYSET_CAPACITY, KEYSET_BYTES>, Error> {
    let (mut keys, _) = KeySet::<KEYSET_CAPACITY, KEYSET_BYTES>::from_jwks(jwks)?;
    if let Some(secrets) = secrets {
        let (secrets, _) = KeySet::<KEYSET_CAPACITY, KEYSET_BYTES>::from_jwks(secrets)?;
        for key in secrets.iter() {
            keys.push(key)?;
        }
    }
    Ok(keys)
}

/// Verifies one case; a panic in the verifier becomes a verdict rather than ending the run.
fn replay(
    case: &ResolvedCase,
    keys: Result<&KeySet<KEYSET_CAPACITY, KEYSET_BYTES>, Verdict>,
) -> (Verdict, Option<Vec<u8>>) {
    let keys = match keys {
        Ok(keys) => keys,
        Err(verdict) => return (verdict, None),
    };
    let mut buffer = Box::new(TokenBuffer::<TOKEN_CAPACITY>::new());
    let result = catch_unwind(AssertUnwindSafe(|| {
        case.settings.with_policy(|policy| {
            verify(case.token.as_bytes(), keys, policy, case.now, &mut buffer)
                .map(|verified| verified.payload().to_vec())
        })
    }));
    match result {
        Ok(Ok(Ok(payload))) => (Verdict::Valid, Some(payload)),
        Ok(Ok(Err(e))) => (Verdict::Rejected(e), None),
        Ok(Err(refused)) => (Verdict::PolicyRefused(refused.to_string()), None),
        Err(panic) => (Verdict::Panicked(panic_message(panic.as_ref())), None),
    }
}

fn panic_message(panic: &(dyn core::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned())
}

fn classify(
    suite: &Suite,
    case: &ResolvedCase,
    actual: Verdict,
    payload: Option<&[u8]>,
    divergences: &Divergences,
    warnings: &mut Vec<String>,
) -> CaseResult {
    let claim_problem = match payload {
        Some(payload) if actual.is(case.expect) => claims_problem(payload, &case.claims),
        _ => None,
    };
    let as_expected = actual.is(case.expect) && claim_problem.is_none();
    let divergence = divergences.find(&suite.name, &case.id);
    let (outcome, detail) = match divergence {
        Some((file, _)) if as_expected => {
            warnings.push(format!(
                "stale divergence in {}: {}/{}: the case now gives its expected verdict `{}`",
                file.display(),
                suite.name,
                case.id,
                case.expect
            ));
            (Outcome::Pass, None)
        }
        _ if as_expected => (Outcome::Pass, None),
        Some((_, entry)) if actual.is(entry.actual) && claim_problem.is_none() => {
            (Outcome::KnownDivergence, Some(entry.reason.clone()))
        }
        Some((file, entry)) => {
            warnings.push(format!(
                "stale divergence in {}: {}/{}: it says `{}`, the case now gives `{actual}`",
                file.display(),
                suite.name,
                case.id,
                entry.actual
            ));
            (unexpected(case.expect, &actual), claim_problem)
        }
        None => (unexpected(case.expect, &actual), claim_problem),
    };
    CaseResult {
        suite: suite.name.clone(),
        id: case.id.clone(),
        file: suite.file.clone(),
        expected: case.expect,
        actual,
        outcome,
        detail,
    }
}

/// The kind of a result that is not as expected.
fn unexpected(expect: Expectation, actual: &Verdict) -> Outcome {
    match (expect, actual) {
        (Expectation::Rejected(_), Verdict::Valid) => Outcome::UnexpectedSuccess,
        (Expectation::Rejected(_), Verdict::Rejected(_)) => Outcome::WrongError,
        _ => Outcome::UnexpectedFailure,
    }
}

/// Why the verified payload does not carry the expected claims, if it does not.
fn claims_problem(payload: &[u8], expected: &Map<String, Value>) -> Option<String> {
    if expected.is_empty() {
        return None;
    }
    let claims: Map<String, Value> = match serde_json::from_slice(payload) {
        Ok(claims) => claims,
        Err(e) => {
            return Some(format!(
                "the payload is not a JSON object serde_json reads: {e}"
            ));
        }
    };
    expected
        .iter()
        .find_map(|(name, want)| match claims.get(name) {
            None => Some(format!("claim `{name}` is absent; expected {want}")),
            Some(got) if !same_value(got, want) => {
                Some(format!("claim `{name}` is {got}; expected {want}"))
            }
            Some(_) => None,
        })
}

/// Equality of decoded JSON values: strings after unescaping, numbers by value (`1` equals
/// `1.0`), booleans as booleans (`true` is not `"true"`), arrays element by element in order.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if let (Some(x), Some(y)) = (x.as_i128(), y.as_i128()) {
                x == y
            } else {
                x.as_f64() == y.as_f64()
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_value(x, y))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_compare_after_unescaping_and_by_number_value() {
        let want: Map<String, Value> =
            serde_json::from_str(r#"{"sub":"alice","exp":1700000000}"#).unwrap();
        assert_eq!(
            claims_problem(br#"{"sub":"\u0061lice","exp":1.7e9}"#, &want),
            None
        );
        let problem = claims_problem(br#"{"sub":"bob","exp":1700000000}"#, &want).unwrap();
        assert!(problem.contains("`sub`"), "{problem}");
        assert!(claims_problem(br#"{"exp":1700000000}"#, &want).is_some());
    }

    #[test]
    fn claims_compare_booleans_and_arrays_by_decoded_value() {
        let want: Map<String, Value> = serde_json::from_str(
            r#"{"email_verified":true,"groups":["a","b"],"levels":[1,[2,"x"]]}"#,
        )
        .unwrap();
        assert_eq!(
            claims_problem(
                br#"{"email_verified":true,"groups":["\u0061","b"],"levels":[1.0,[2e0,"\u0078"]]}"#,
                &want
            ),
            None
        );
        for wrong in [
            r#"{"email_verified":"true","groups":["a","b"],"levels":[1,[2,"x"]]}"#,
            r#"{"email_verified":1,"groups":["a","b"],"levels":[1,[2,"x"]]}"#,
            r#"{"email_verified":false,"groups":["a","b"],"levels":[1,[2,"x"]]}"#,
            r#"{"email_verified":true,"groups":["b","a"],"levels":[1,[2,"x"]]}"#,
            r#"{"email_verified":true,"groups":["a"],"levels":[1,[2,"x"]]}"#,
            r#"{"email_verified":true,"groups":["a","b","c"],"levels":[1,[2,"x"]]}"#,
            r#"{"email_verified":true,"groups":"a b","levels":[1,[2,"x"]]}"#,
            r#"{"email_verified":true,"groups":["a","b"],"levels":[1,[3,"x"]]}"#,
            r#"{"email_verified":true,"groups":["a","b"],"levels":[1,2,"x"]}"#,
        ] {
            assert!(
                claims_problem(wrong.as_bytes(), &want).is_some(),
                "{wrong} should differ"
            );
        }
    }

    #[test]
    fn outcome_kinds() {
        let valid = Expectation::Valid;
        let expired = Expectation::Rejected(Error::Expired);
        assert_eq!(
            unexpected(valid, &Verdict::Rejected(Error::Expired)),
            Outcome::UnexpectedFailure
        );
        assert_eq!(
            unexpected(expired, &Verdict::Valid),
            Outcome::UnexpectedSuccess
        );
        assert_eq!(
            unexpected(expired, &Verdict::Rejected(Error::InvalidSignature)),
            Outcome::WrongError
        );
        assert_eq!(
            unexpected(expired, &Verdict::Panicked("x".into())),
            Outcome::UnexpectedFailure
        );
    }
}
