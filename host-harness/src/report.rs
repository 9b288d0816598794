//! A run's report in three shapes: text for people (ending with `N passed, N failed`), JSON for
//! programs, JUnit XML for CI dashboards.

use core::fmt::Write as _;
use std::collections::BTreeMap;

use serde_json::json;

use crate::error::InputError;
use crate::replay::{CaseResult, Outcome, RunReport};

/// The JUnit suite of the inputs that stopped a run (unreadable or invalid fixture files).
pub const INPUT_ERROR_SUITE: &str = "invalid-input";

/// The report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Unexpected results, known divergences and warnings, then `N passed, N failed`.
    Text,
    /// A summary and every case's result.
    Json,
    /// JUnit XML: one `<testsuite>` per suite.
    Junit,
}

/// Renders `report` in `format`.
pub fn render(report: &RunReport, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Json => json(report),
        Format::Junit => junit(report),
    }
}

/// The last line of the text report, alone on its line: `N passed, N failed`.
pub fn summary_line(report: &RunReport) -> String {
    format!("{} passed, {} failed", report.passed(), report.failed())
}

fn describe(result: &CaseResult) -> String {
    format!("{} / {}: {}", result.suite, result.id, result.headline)
}

/// A failure's details, one per line: what was expected, what was found, the values behind it
/// (the verifier's explanation), where the case is, and a divergence's or the target's note.
fn failure_body(result: &CaseResult) -> String {
    let mut body = format!("expected: {}\nfound: {}\n", result.expected, result.actual);
    if let Some(explanation) = &result.explanation {
        let _ = writeln!(body, "{}", explanation.text);
        if !explanation.values.is_empty() {
            let _ = writeln!(body, "values: {}", explanation.values_line());
        }
    }
    if let Some(detail) = &result.detail {
        let _ = writeln!(body, "{detail}");
    }
    let _ = write!(
        body,
        "case: {} / {} in {}",
        result.suite,
        result.id,
        result.file.display()
    );
    body
}

fn text(report: &RunReport) -> String {
    let mut out = String::new();
    for result in report.results.iter().filter(|r| r.outcome.is_failure()) {
        let kind = result.outcome.name().replace('_', " ");
        let _ = writeln!(
            out,
            "{kind}: {} ({})",
            describe(result),
            result.file.display()
        );
        if let Some(explanation) = &result.explanation {
            let _ = writeln!(out, "    {}", explanation.text);
        }
        if let Some(detail) = &result.detail {
            let _ = writeln!(out, "    {detail}");
        }
    }
    for result in report
        .results
        .iter()
        .filter(|r| r.outcome == Outcome::KnownDivergence)
    {
        let _ = writeln!(out, "known divergence: {}", describe(result));
        if let Some(reason) = &result.detail {
            let _ = writeln!(out, "    {reason}");
        }
    }
    for warning in &report.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    let divergences = report.known_divergences();
    if divergences > 0 {
        let _ = writeln!(
            out,
            "{divergences} known divergence{} (listed above; they do not fail the run)",
            if divergences == 1 { "" } else { "s" }
        );
    }
    let _ = writeln!(out, "{}", summary_line(report));
    out
}

fn json(report: &RunReport) -> String {
    let results: Vec<_> = report
        .results
        .iter()
        .map(|r| {
            json!({
                "suite": r.suite,
                "id": r.id,
                "file": r.file.display().to_string(),
                "expected": r.expected.to_string(),
                "actual": r.actual.to_string(),
                "outcome": r.outcome.name(),
                "headline": r.headline,
                "explanation": r.explanation.as_ref().map(|e| &e.text),
                "values": r.explanation.as_ref().map(|e| &e.values),
                "detail": r.detail,
            })
        })
        .collect();
    let doc = json!({
        "summary": {
            "total": report.results.len(),
            "passed": report.passed(),
            "failed": report.failed(),
            "known_divergences": report.known_divergences(),
        },
        "warnings": report.warnings,
        "results": results,
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

/// Text escaped for an XML attribute or element; characters XML 1.0 cannot carry are replaced.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn junit(report: &RunReport) -> String {
    let mut suites: BTreeMap<&str, Vec<&CaseResult>> = BTreeMap::new();
    for result in &report.results {
        suites
            .entry(result.suite.as_str())
            .or_default()
            .push(result);
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"jwtv\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
        report.results.len(),
        report.failed(),
        report.known_divergences()
    );
    for (name, results) in &suites {
        let failures = results.iter().filter(|r| r.outcome.is_failure()).count();
        let skipped = results
            .iter()
            .filter(|r| r.outcome == Outcome::KnownDivergence)
            .count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">",
            xml_escape(name),
            results.len()
        );
        for result in results {
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
                xml_escape(&result.suite),
                xml_escape(&result.id),
                xml_escape(&result.file.display().to_string())
            );
            match result.outcome {
                Outcome::Pass => out.push_str("/>\n"),
                Outcome::KnownDivergence => {
                    let reason = result.detail.as_deref().unwrap_or_default();
                    let _ = writeln!(
                        out,
                        ">\n      <skipped message=\"known divergence: {}: {}\"/>\n    </testcase>",
                        xml_escape(&result.headline),
                        xml_escape(reason)
                    );
                }
                outcome => {
                    let _ = writeln!(
                        out,
                        ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                        xml_escape(&result.summary()),
                        outcome.name(),
                        xml_escape(&failure_body(result))
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// The JUnit report of a run that stopped before replaying anything because inputs are
/// unreadable or invalid: one `<testcase>` per input (named by its file), each carrying an
/// `<error>` whose message names the file and the problem, in suite `invalid-input`.
pub fn junit_input_errors(errors: &[InputError]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"jwtv\" tests=\"{n}\" failures=\"0\" errors=\"{n}\" skipped=\"0\">",
        n = errors.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{INPUT_ERROR_SUITE}\" tests=\"{n}\" failures=\"0\" errors=\"{n}\" skipped=\"0\">",
        n = errors.len()
    );
    for error in errors {
        let name = error.file.as_ref().map_or_else(
            || "(command line)".to_owned(),
            |file| file.display().to_string(),
        );
        let name = xml_escape(&name);
        let _ = write!(
            out,
            "    <testcase classname=\"{INPUT_ERROR_SUITE}\" name=\"{name}\""
        );
        if error.file.is_some() {
            let _ = write!(out, " file=\"{name}\"");
        }
        let _ = writeln!(
            out,
            ">\n      <error message=\"{message}\" type=\"invalid_input\">{message}</error>\n    </testcase>",
            message = xml_escape(&error.to_string())
        );
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping_covers_markup_and_control_characters() {
        assert_eq!(
            xml_escape("a<b>&\"c'\n\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;\u{FFFD}"
        );
    }
}
