//! Replays fixture cases through the verifier and classifies each result the way rustls-webpki's
//! x509-limbo runner does: pass, known divergence, unexpected failure, unexpected success — plus
//! "wrong error", a rejection for another reason than the one expected.

use core::panic::AssertUnwindSafe;
use std::collections::{BTreeMap, HashSet};
use std::panic::catch_unwind;
use std::path::PathBuf;

use jwtv::{Error, KeySet, TokenBuffer, verify_explained};
use serde_json::{Map, Value};

use crate::corpus::divergence::Divergences;
use crate::corpus::fixture::{Expectation, ResolvedCase, Suite};
use crate::verdict::{Explanation, Verdict};

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
    /// What was expected and what was found, in one line: `expected valid, got expired`, or for
    /// a claim that differs, `expected valid with claim `sub` "alice", got claim `sub` "bob"`.
    pub headline: String,
    /// The values behind what was found: the verifier's rejection detail (`exp`, `now` and
    /// `leeway` for `expired`; the claim, expected and found values for a mismatch; `alg` and
    /// `kid` for `key_not_found`), the claims of a token that verified, or the claim that differs
    /// from the case's `claims`.
    pub explanation: Option<Explanation>,
    /// The reason of a known divergence, or the host's and the target's verdicts when they
    /// differ.
    pub detail: Option<String>,
}

impl CaseResult {
    /// The headline with the values behind it, on one line (the JUnit failure's message):
    /// `expected valid, got expired (exp 1700000000, now 1700000100, leeway 0)`. A claim that
    /// differs is already named with its values in the headline.
    pub fn summary(&self) -> String {
        match &self.explanation {
            Some(e) if !e.values.is_empty() && !self.claims_differ() => {
                format!("{} ({})", self.headline, e.values_line())
            }
            _ => self.headline.clone(),
        }
    }

    /// Whether the token verified as expected but without the case's `claims`.
    pub fn claims_differ(&self) -> bool {
        self.actual == Verdict::Valid
            && self.expected == Expectation::Valid
            && self.outcome.is_failure()
            && self.outcome != Outcome::HostTargetMismatch
    }
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
            let host = replay(case, keys);
            let on_target = target.map(|t| {
                t.get(index).map_or_else(
                    || Verdict::Panicked("no verdict from the target".to_owned()),
                    Verdict::clone,
                )
            });
            index = index.saturating_add(1);
            let actual = on_target.clone().unwrap_or_else(|| host.verdict.clone());
            // The target reports codes only: the values come from the host's run of the same
            // case, when it reached the same verdict.
            let same = actual == host.verdict;
            let mut result = classify(
                suite,
                case,
                actual,
                same.then_some(&host),
                divergences,
                &mut report.warnings,
            );
            let host = host.verdict;
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

/// What the host's verifier did with one case.
struct Replayed {
    verdict: Verdict,
    /// The verified payload.
    payload: Option<Vec<u8>>,
    /// The rejection's values, or the claims of a token that verified.
    explanation: Option<Explanation>,
}

/// Verifies one case (with [`verify_explained`], which gives the same verdicts as `verify` and
/// the values behind a refusal); a panic in the verifier becomes a verdict rather than ending
/// the run.
fn replay(
    case: &ResolvedCase,
    keys: Result<&KeySet<KEYSET_CAPACITY, KEYSET_BYTES>, Verdict>,
) -> Replayed {
    let keys = match keys {
        Ok(keys) => keys,
        Err(verdict) => {
            return Replayed {
                verdict,
                payload: None,
                explanation: None,
            };
        }
    };
    let mut buffer = Box::new(TokenBuffer::<TOKEN_CAPACITY>::new());
    let result = catch_unwind(AssertUnwindSafe(|| {
        case.settings.with_policy(|policy| {
            match verify_explained(case.token.as_bytes(), keys, policy, case.now, &mut buffer) {
                Ok(verified) => Ok((verified.payload().to_vec(), policy.leeway())),
                Err(rejection) => Err((rejection.error(), Explanation::of_rejection(&rejection))),
            }
        })
    }));
    let (verdict, payload, explanation) = match result {
        Ok(Ok(Ok((payload, leeway)))) => {
            let explanation = verified_values(&payload, case.now, leeway);
            (Verdict::Valid, Some(payload), Some(explanation))
        }
        Ok(Ok(Err((e, explanation)))) => (Verdict::Rejected(e), None, Some(explanation)),
        Ok(Err(refused)) => (Verdict::PolicyRefused(refused.to_string()), None, None),
        Err(panic) => (Verdict::Panicked(panic_message(panic.as_ref())), None, None),
    };
    Replayed {
        verdict,
        payload,
        explanation,
    }
}

/// The registered claims that decide validity, as a token that verified carries them, with the
/// time it was verified at: what a case that expected a refusal needs to see.
fn verified_values(payload: &[u8], now: u64, leeway: u64) -> Explanation {
    let mut values = Map::new();
    if let Ok(Value::Object(claims)) = serde_json::from_slice::<Value>(payload) {
        for name in ["iss", "sub", "aud", "exp", "nbf", "iat"] {
            if let Some(value) = claims.get(name) {
                values.insert(name.to_owned(), value.clone());
            }
        }
    }
    values.insert("now".to_owned(), Value::from(now));
    values.insert("leeway".to_owned(), Value::from(leeway));
    let mut explanation = Explanation {
        text: String::new(),
        values,
    };
    explanation.text = format!("the token verified ({})", explanation.values_line());
    explanation
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
    host: Option<&Replayed>,
    divergences: &Divergences,
    warnings: &mut Vec<String>,
) -> CaseResult {
    let claim_problem = match host.and_then(|h| h.payload.as_deref()) {
        Some(payload) if actual.is(case.expect) => claims_problem(payload, &case.claims),
        _ => None,
    };
    let headline = match &claim_problem {
        Some(problem) => problem.headline.clone(),
        None => format!("expected {}, got {actual}", case.expect),
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
            (unexpected(case.expect, &actual), None)
        }
        None => (unexpected(case.expect, &actual), None),
    };
    let explanation = match claim_problem {
        Some(problem) => Some(problem.explanation),
        None => host.and_then(|h| h.explanation.clone()),
    };
    CaseResult {
        suite: suite.name.clone(),
        id: case.id.clone(),
        file: suite.file.clone(),
        expected: case.expect,
        actual,
        outcome,
        headline,
        explanation,
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

/// A verified token whose claims are not the case's `claims`.
struct ClaimsProblem {
    /// `expected valid with claim `sub` "alice", got claim `sub` "bob"`.
    headline: String,
    /// The claim, the expected value and the one found (`null` when absent).
    explanation: Explanation,
}

/// Why the verified payload does not carry the expected claims, if it does not: the first
/// claim, in the case's order, that is absent or differs.
fn claims_problem(payload: &[u8], expected: &Map<String, Value>) -> Option<ClaimsProblem> {
    if expected.is_empty() {
        return None;
    }
    let claims: Map<String, Value> = match serde_json::from_slice(payload) {
        Ok(claims) => claims,
        Err(e) => {
            let text = format!("the payload is not a JSON object serde_json reads: {e}");
            return Some(ClaimsProblem {
                headline: format!("expected valid with the case's claims, got valid and {text}"),
                explanation: Explanation {
                    text,
                    values: Map::new(),
                },
            });
        }
    };
    let (name, want, got) = expected
        .iter()
        .find_map(|(name, want)| match claims.get(name) {
            Some(got) if same_value(got, want) => None,
            got => Some((name, want, got)),
        })?;
    let found = got.map_or_else(
        || format!("no claim `{name}`"),
        |got| format!("claim `{name}` {got}"),
    );
    let mut values = Map::new();
    values.insert("claim".to_owned(), Value::from(name.as_str()));
    values.insert("expected".to_owned(), want.clone());
    values.insert("found".to_owned(), got.cloned().unwrap_or(Value::Null));
    Some(ClaimsProblem {
        headline: format!("expected valid with claim `{name}` {want}, got valid with {found}"),
        explanation: Explanation {
            text: match got {
                Some(got) => format!("claim `{name}` is {got}; expected {want}"),
                None => format!("claim `{name}` is absent; expected {want}"),
            },
            values,
        },
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
        assert!(claims_problem(br#"{"sub":"\u0061lice","exp":1.7e9}"#, &want).is_none());
        let problem = claims_problem(br#"{"sub":"bob","exp":1700000000}"#, &want).unwrap();
        assert_eq!(
            problem.headline,
            r#"expected valid with claim `sub` "alice", got valid with claim `sub` "bob""#
        );
        assert_eq!(
            Value::Object(problem.explanation.values),
            serde_json::json!({"claim": "sub", "expected": "alice", "found": "bob"})
        );
        let absent = claims_problem(br#"{"exp":1700000000}"#, &want).unwrap();
        assert_eq!(
            absent.headline,
            r#"expected valid with claim `sub` "alice", got valid with no claim `sub`"#
        );
        assert_eq!(absent.explanation.values["found"], Value::Null);
    }

    #[test]
    fn claims_compare_booleans_and_arrays_by_decoded_value() {
        let want: Map<String, Value> = serde_json::from_str(
            r#"{"email_verified":true,"groups":["a","b"],"levels":[1,[2,"x"]]}"#,
        )
        .unwrap();
        assert!(
            claims_problem(
                br#"{"email_verified":true,"groups":["\u0061","b"],"levels":[1.0,[2e0,"\u0078"]]}"#,
                &want
            )
            .is_none()
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
