//! `jwtv run` end to end: exit codes, the summary line, invalid fixtures, divergences,
//! and the JSON and JUnit reports.

// Test code: a failed assumption should fail the test, loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]

mod common;

use std::path::{Path, PathBuf};

use common::{HS_KEY, NOW, arg, harness, jwks, private_key, scratch, sign, write_json};
use serde_json::{Value, json};

/// A suite with one case that passes and one whose expectation is wrong.
fn suite_with_one_failure(dir: &Path) -> PathBuf {
    let key = private_key(HS_KEY);
    let good = sign(
        &key,
        "HS256",
        &json!({"iss":"https://op.example","sub":"alice","exp": NOW + 60}),
    );
    let expired = sign(
        &key,
        "HS256",
        &json!({"iss":"https://op.example","sub":"bob","exp": NOW - 60}),
    );
    let file = dir.join("small.json");
    write_json(
        &file,
        &json!({
            "format": 1,
            "suite": "small",
            "description": "one pass, one failure",
            "keysets": { "hs": jwks(&[&key]) },
            "defaults": { "now": NOW, "issuer": "https://op.example" },
            "cases": [
                { "id": "good", "token": good, "keyset": "hs", "expect": "valid",
                  "claims": { "sub": "alice", "exp": NOW + 60 } },
                { "id": "expired-but-expected-valid", "token": expired, "keyset": "hs",
                  "expect": "valid" },
            ]
        }),
    );
    file
}

fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or_default()
}

#[test]
fn a_failing_case_exits_1_and_is_listed_with_expected_and_actual() {
    let dir = scratch("run-fail");
    suite_with_one_failure(&dir);
    let run = harness(&["run", arg(&dir)]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(last_line(&run.stdout), "1 passed, 1 failed");
    let listed = run
        .stdout
        .lines()
        .find(|l| l.contains("expired-but-expected-valid"))
        .unwrap();
    assert!(listed.contains("small"), "{listed}");
    assert!(listed.contains("expected valid, got expired"), "{listed}");
    assert!(listed.starts_with("unexpected failure"), "{listed}");
    assert!(
        !run.stdout.contains("/ good"),
        "passing cases are not listed"
    );
}

#[test]
fn passing_corpus_exits_0_and_the_default_path_is_fixtures() {
    let dir = scratch("run-pass");
    let key = private_key(HS_KEY);
    let token = sign(&key, "HS256", &json!({"exp": NOW + 1}));
    write_json(
        &dir.join("fixtures").join("sub").join("one.json"),
        &json!({
            "format": 1, "suite": "one", "description": "d",
            "keysets": { "hs": jwks(&[&key]) },
            "cases": [ { "id": "a", "token": token, "keyset": "hs", "expect": "valid",
                         "policy": { "now": NOW, "algorithms": ["HS256"] } },
                       { "id": "b", "token": token, "keyset": "hs", "expect": "expired",
                         "policy": { "now": NOW + 1 } },
                       { "id": "c", "token": token, "keyset": "hs", "expect": "algorithm_not_allowed",
                         "policy": { "now": NOW, "algorithms": ["ES256"] } } ]
        }),
    );
    // Keys and raw vectors are not suites.
    std::fs::create_dir_all(dir.join("fixtures/keys")).unwrap();
    std::fs::write(dir.join("fixtures/keys/k.json"), "{\"kty\":\"oct\"}").unwrap();
    std::fs::create_dir_all(dir.join("fixtures/vectors")).unwrap();
    std::fs::write(dir.join("fixtures/vectors/v.json"), "[]").unwrap();
    let run = common::harness_in(Some(&dir), &["run"], None);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "3 passed, 0 failed\n");
}

#[test]
fn an_unknown_field_exits_2_naming_the_file_and_the_field() {
    let dir = scratch("run-invalid");
    suite_with_one_failure(&dir);
    let bad = dir.join("typo.json");
    std::fs::write(
        &bad,
        r#"{"format":1,"suite":"typo","description":"d","keysets":{"k":{"keys":[]}},
            "cases":[{"id":"x","token":"a.b.c","keyset":"k","expect":"valid",
                      "policy":{"now":1,"nonse":"n"}}]}"#,
    )
    .unwrap();
    let run = harness(&["run", arg(&dir)]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("typo.json"), "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown field `nonse`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("line 3"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "no case runs when a file is invalid");
}

#[test]
fn semantic_errors_exit_2_naming_the_case_and_the_field() {
    let dir = scratch("run-semantic");
    let cases = [
        (
            json!({"id":"x","token":"a.b.c","keyset":"nope","expect":"valid","policy":{"now":1}}),
            "field `keyset`",
        ),
        (
            json!({"id":"x","token":"a.b.c","keyset":"k","expect":"expird","policy":{"now":1}}),
            "expird",
        ),
        (
            json!({"id":"x","token":"a.b.c","keyset":"k","expect":"valid"}),
            "field `now`",
        ),
        (
            json!({"id":"x","token":"a.b.c","keyset":"k","expect":"valid",
                "policy":{"now":1,"profile":"id_token","issuer":"i"}}),
            "field `audience`",
        ),
        (
            json!({"id":"x","token":"a.b.c","keyset":"k","expect":"expired",
                "policy":{"now":1},"claims":{"sub":"a"}}),
            "field `claims`",
        ),
        (
            json!({"id":"x","token":"a.b.c","keyset":"k","expect":"valid",
                "policy":{"now":1},"claims":{"sub":{"a":1}}}),
            "field `claims.sub`: must be a string, a number, a boolean or an array of these",
        ),
        (
            json!({"id":"x","token":"a.b.c","keyset":"k","expect":"valid",
                "policy":{"now":1},"claims":{"groups":["a",null]}}),
            "field `claims.groups`",
        ),
    ];
    for (case, needle) in cases {
        let file = dir.join("bad.json");
        write_json(
            &file,
            &json!({"format":1,"suite":"bad","description":"d","keysets":{"k":{"keys":[]}},"cases":[case]}),
        );
        let run = harness(&["run", arg(&file)]);
        assert_eq!(run.code, 2, "{needle}: {run:?}");
        assert!(run.stderr.contains("bad.json"), "{}", run.stderr);
        assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
    }
    // Duplicate ids, and a later format.
    write_json(
        &dir.join("bad.json"),
        &json!({"format":1,"suite":"bad","description":"d","keysets":{"k":{"keys":[]}},"cases":[
            {"id":"x","token":"a","keyset":"k","expect":"malformed_token","policy":{"now":1}},
            {"id":"x","token":"a","keyset":"k","expect":"malformed_token","policy":{"now":1}}]}),
    );
    let run = harness(&["run", arg(&dir.join("bad.json"))]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("duplicate"), "{}", run.stderr);
    write_json(&dir.join("bad.json"), &json!({"format":2,"anything":true}));
    let run = harness(&["run", arg(&dir.join("bad.json"))]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("field `format`"), "{}", run.stderr);
    let run = harness(&["run", arg(&dir.join("missing.json"))]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing.json"), "{}", run.stderr);
}

#[test]
fn known_divergences_do_not_fail_and_stale_ones_are_reported() {
    let dir = scratch("run-divergence");
    suite_with_one_failure(&dir);
    write_json(
        &dir.join("divergences.json"),
        &json!([
            {"suite":"small","id":"expired-but-expected-valid","actual":"expired",
             "reason":"we do not accept expired tokens"},
            {"suite":"small","id":"good","actual":"expired","reason":"stale: it passes"},
            {"suite":"small","id":"gone","actual":"valid","reason":"stale: no such case"},
        ]),
    );
    let run = harness(&["run", arg(&dir)]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(last_line(&run.stdout), "1 passed, 0 failed");
    assert!(
        run.stdout.contains(
            "known divergence: small / expired-but-expected-valid: expected valid, got expired"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("we do not accept expired tokens"));
    let warnings: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("warning: stale divergence"))
        .collect();
    assert_eq!(warnings.len(), 2, "{}", run.stdout);
    assert!(run.stdout.contains("1 known divergence "), "{}", run.stdout);

    // One file of the corpus: the divergences above it still apply, and only entries for the
    // suites in the run are checked for staleness.
    write_json(
        &dir.join("divergences.json"),
        &json!([
            {"suite":"small","id":"expired-but-expected-valid","actual":"expired","reason":"r"},
            {"suite":"elsewhere","id":"x","actual":"valid","reason":"a suite not in this run"},
        ]),
    );
    let run = harness(&["run", arg(&dir.join("small.json"))]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stdout.contains("warning"), "{}", run.stdout);
    let run = harness(&["run", arg(&dir)]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("warning: stale divergence") && run.stdout.contains("elsewhere/x"),
        "{}",
        run.stdout
    );

    // A divergence file with a typo is invalid input.
    write_json(
        &dir.join("divergences.json"),
        &json!([{"suite":"small","id":"good","actual":"expired","reason":"r","resaon":"x"}]),
    );
    let run = harness(&["run", arg(&dir)]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("divergences.json") && run.stderr.contains("resaon"));
}

#[test]
fn json_report_parses_and_counts() {
    let dir = scratch("run-json");
    suite_with_one_failure(&dir);
    let run = harness(&["run", arg(&dir), "--format", "json"]);
    assert_eq!(run.code, 1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["summary"]["passed"], 1);
    assert_eq!(report["summary"]["failed"], 1);
    assert_eq!(report["summary"]["total"], 2);
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let failed = results.iter().find(|r| r["outcome"] != "pass").unwrap();
    assert_eq!(failed["suite"], "small");
    assert_eq!(failed["id"], "expired-but-expected-valid");
    assert_eq!(failed["expected"], "valid");
    assert_eq!(failed["actual"], "expired");
    assert_eq!(failed["outcome"], "unexpected_failure");
}

#[test]
fn junit_report_is_valid_xml_with_one_testsuite_per_suite() {
    let dir = scratch("run-junit");
    suite_with_one_failure(&dir);
    let key = private_key(HS_KEY);
    let token = sign(&key, "HS256", &json!({"exp": NOW + 1, "note": "<&\"'>"}));
    write_json(
        &dir.join("other.json"),
        &json!({
            "format": 1, "suite": "other <&>", "description": "markup in names",
            "keysets": { "hs": jwks(&[&key]) },
            "defaults": { "now": NOW },
            "cases": [ { "id": "id with \"quotes\" & <tags>", "token": token, "keyset": "hs",
                         "expect": "valid", "claims": { "note": "other" } } ]
        }),
    );
    let out = dir.join("report.xml");
    let run = harness(&["run", arg(&dir), "--format", "junit", "--output", arg(&out)]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stdout, "1 passed, 2 failed\n");
    let xml = std::fs::read_to_string(&out).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("3"));
    assert_eq!(root.attribute("failures"), Some("2"));
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 2);
    let names: Vec<_> = suites.iter().filter_map(|s| s.attribute("name")).collect();
    assert_eq!(names, ["other <&>", "small"]);
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3);
    let odd = cases
        .iter()
        .find(|c| c.attribute("classname") == Some("other <&>"))
        .unwrap();
    assert_eq!(odd.attribute("name"), Some("id with \"quotes\" & <tags>"));
    let failure = odd.children().find(|n| n.has_tag_name("failure")).unwrap();
    assert_eq!(
        failure.attribute("message"),
        Some(r#"expected valid with claim `note` "other", got valid with claim `note` "<&\"'>""#)
    );
    assert!(failure.text().unwrap().contains("claim `note`"));
    let good = cases
        .iter()
        .find(|c| c.attribute("name") == Some("good"))
        .unwrap();
    assert!(good.children().all(|n| !n.is_element()));
    let bad = cases
        .iter()
        .find(|c| c.attribute("name") == Some("expired-but-expected-valid"))
        .unwrap();
    let failure = bad.children().find(|n| n.has_tag_name("failure")).unwrap();
    assert_eq!(
        failure.attribute("message"),
        Some("expected valid, got expired (exp 1699999940, now 1700000000, leeway 0)")
    );
    assert_eq!(failure.attribute("type"), Some("unexpected_failure"));
}

/// A suite whose every case has a wrong expectation, one per kind of failure.
fn suite_of_wrong_expectations(dir: &Path) -> PathBuf {
    let key = private_key(HS_KEY);
    let claims = json!({"iss":"https://op.example","sub":"alice","exp": NOW - 30});
    let expired = sign(&key, "HS256", &claims);
    let fresh = sign(
        &key,
        "HS256",
        &json!({"iss":"https://evil.example","sub":"alice","exp": NOW + 600}),
    );
    let file = dir.join("wrong.json");
    write_json(
        &file,
        &json!({
            "format": 1, "suite": "wrong", "description": "wrong expectations",
            "keysets": { "hs": jwks(&[&key]) },
            "defaults": { "now": NOW, "leeway": 5 },
            "cases": [
                // expired, but the case says valid
                { "id": "expired", "token": expired, "keyset": "hs", "expect": "valid" },
                // verified (the issuer is not checked), but the case says expired
                { "id": "not-expired", "token": fresh, "keyset": "hs", "expect": "expired" },
                // issuer_mismatch, but the case says expired
                { "id": "other-issuer", "token": fresh, "keyset": "hs", "expect": "expired",
                  "policy": { "issuer": "https://op.example" } },
                // verified, but not with the claims the case names
                { "id": "other-sub", "token": fresh, "keyset": "hs", "expect": "valid",
                  "claims": { "sub": "bob" } },
            ]
        }),
    );
    file
}

#[test]
fn every_failure_says_what_was_expected_and_found_with_values_in_text_json_and_junit() {
    let dir = scratch("run-values");
    suite_of_wrong_expectations(&dir);
    let run = harness(&["run", arg(&dir)]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(last_line(&run.stdout), "0 passed, 4 failed");
    let expired = NOW - 30;
    let later = NOW + 600;
    for expected in [
        "unexpected failure: wrong / expired: expected valid, got expired (".to_owned(),
        format!("    expired: the token has expired (exp) (exp {expired}, now {NOW}, leeway 5)"),
        "unexpected success: wrong / not-expired: expected expired, got valid (".to_owned(),
        format!(
            "    the token verified (iss \"https://evil.example\", sub \"alice\", exp {later}, now {NOW}, leeway 5)"
        ),
        "wrong error: wrong / other-issuer: expected expired, got issuer_mismatch (".to_owned(),
        "    issuer_mismatch: the issuer (iss) is not the expected one (iss \"https://evil.example\", expected \"https://op.example\")".to_owned(),
        "unexpected failure: wrong / other-sub: expected valid with claim `sub` \"bob\", got valid with claim `sub` \"alice\" (".to_owned(),
        "    claim `sub` is \"alice\"; expected \"bob\"".to_owned(),
    ] {
        assert!(
            run.stdout.lines().any(|l| l.starts_with(&expected)),
            "no line starting {expected:?} in\n{}",
            run.stdout
        );
    }

    let run = harness(&["run", arg(&dir), "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let result = |id: &str| {
        report["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    let expired_case = result("expired");
    assert_eq!(expired_case["expected"], "valid");
    assert_eq!(expired_case["actual"], "expired");
    assert_eq!(
        expired_case["values"],
        json!({"exp": expired, "now": NOW, "leeway": 5})
    );
    assert!(
        expired_case["explanation"]
            .as_str()
            .unwrap()
            .starts_with("expired: ")
    );
    assert_eq!(
        result("other-issuer")["values"],
        json!({"claim": "iss", "expected": "https://op.example", "found": "https://evil.example"})
    );
    assert_eq!(
        result("other-sub")["values"],
        json!({"claim": "sub", "expected": "bob", "found": "alice"})
    );
    let not_expired = result("not-expired");
    assert_eq!(not_expired["outcome"], "unexpected_success");
    assert_eq!(not_expired["values"]["exp"], later);
    assert_eq!(not_expired["values"]["now"], NOW);

    let out = dir.join("report.xml");
    let run = harness(&["run", arg(&dir), "--format", "junit", "--output", arg(&out)]);
    assert_eq!(run.code, 1, "{run:?}");
    let xml = std::fs::read_to_string(&out).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let failure = |id: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some(id))
            .and_then(|c| c.children().find(|n| n.has_tag_name("failure")))
            .unwrap()
    };
    let f = failure("expired");
    assert_eq!(
        f.attribute("message"),
        Some(format!("expected valid, got expired (exp {expired}, now {NOW}, leeway 5)").as_str())
    );
    let body = f.text().unwrap();
    for line in [
        "expected: valid",
        "found: expired",
        &format!("expired: the token has expired (exp) (exp {expired}, now {NOW}, leeway 5)"),
        &format!("values: exp {expired}, now {NOW}, leeway 5"),
        "case: wrong / expired in ",
    ] {
        assert!(
            body.lines().any(|l| l.starts_with(line)),
            "{line:?} not in {body}"
        );
    }
    let f = failure("other-issuer");
    assert_eq!(f.attribute("type"), Some("wrong_error"));
    assert!(
        f.attribute("message").unwrap().ends_with(
            "(claim \"iss\", expected \"https://op.example\", found \"https://evil.example\")"
        ),
        "{:?}",
        f.attribute("message")
    );
    let f = failure("other-sub");
    assert_eq!(
        f.attribute("message"),
        Some(r#"expected valid with claim `sub` "bob", got valid with claim `sub` "alice""#)
    );
    assert!(
        f.text()
            .unwrap()
            .contains("values: claim \"sub\", expected \"bob\", found \"alice\"")
    );
}

#[test]
fn keyset_errors_are_verdicts_and_wrong_errors_are_failures() {
    let dir = scratch("run-keyset");
    let key = private_key(HS_KEY);
    let token = sign(&key, "HS256", &json!({"exp": NOW + 1}));
    let many: Vec<Value> = (0..17).map(|_| common::public_key(&key)).collect();
    write_json(
        &dir.join("k.json"),
        &json!({
            "format": 1, "suite": "k", "description": "d",
            "keysets": { "bad": { "keys": {} }, "many": { "keys": many }, "hs": jwks(&[&key]) },
            "defaults": { "now": NOW },
            "cases": [
                { "id": "malformed", "token": token, "keyset": "bad", "expect": "malformed_jwks" },
                { "id": "too-many", "token": token, "keyset": "many", "expect": "capacity_exceeded" },
                { "id": "success", "token": token, "keyset": "hs", "expect": "invalid_signature" },
                { "id": "wrong", "token": token, "keyset": "hs", "expect": "invalid_signature",
                  "policy": { "now": NOW + 5 } },
            ]
        }),
    );
    let run = harness(&["run", arg(&dir)]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("unexpected success: k / success: expected invalid_signature, got valid"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("wrong error: k / wrong: expected invalid_signature, got expired"),
        "{}",
        run.stdout
    );
    assert_eq!(last_line(&run.stdout), "2 passed, 2 failed");
}

#[test]
fn an_invalid_file_still_gets_a_junit_report_with_an_error_naming_it() {
    let dir = scratch("run-junit-invalid");
    suite_with_one_failure(&dir);
    std::fs::write(
        dir.join("typo.json"),
        r#"{"format":1,"suite":"typo","description":"d","keysets":{"k":{"keys":[]}},
            "cases":[{"id":"x","token":"a.b.c","keyset":"k","expect":"valid",
                      "policy":{"now":1,"nonse":"n"}}]}"#,
    )
    .unwrap();
    std::fs::write(dir.join("broken.json"), "{\"format\": 1,").unwrap();
    let out = dir.join("report.xml");
    let run = harness(&["run", arg(&dir), "--format", "junit", "--output", arg(&out)]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty(), "no case runs: {}", run.stdout);
    assert!(run.stderr.contains("typo.json") && run.stderr.contains("broken.json"));
    let xml = std::fs::read_to_string(&out).expect("a JUnit report despite the invalid files");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("errors"), Some("2"));
    assert_eq!(root.attribute("tests"), Some("2"));
    let suite = root
        .children()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("name"), Some("invalid-input"));
    assert_eq!(suite.attribute("errors"), Some("2"));
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 2);
    let typo = cases
        .iter()
        .find(|c| {
            c.attribute("name")
                .is_some_and(|n| n.ends_with("typo.json"))
        })
        .unwrap();
    assert_eq!(typo.attribute("file"), typo.attribute("name"));
    let error = typo.children().find(|n| n.has_tag_name("error")).unwrap();
    let message = error.attribute("message").unwrap();
    assert!(message.contains("typo.json"), "{message}");
    assert!(message.contains("unknown field `nonse`"), "{message}");
    assert!(message.contains("cases[0].policy"), "{message}");
    assert_eq!(error.attribute("type"), Some("invalid_input"));
    assert_eq!(error.text(), Some(message));
    let broken = cases
        .iter()
        .find(|c| {
            c.attribute("name")
                .is_some_and(|n| n.ends_with("broken.json"))
        })
        .unwrap();
    let error = broken.children().find(|n| n.has_tag_name("error")).unwrap();
    assert!(error.attribute("message").unwrap().contains("EOF"), "{xml}");

    // Without --output the report goes to standard output; a missing path is an error too.
    let run = harness(&["run", arg(&dir.join("nowhere")), "--format", "junit"]);
    assert_eq!(run.code, 2, "{run:?}");
    let doc = roxmltree::Document::parse(&run.stdout).unwrap();
    let error = doc.descendants().find(|n| n.has_tag_name("error")).unwrap();
    assert!(error.attribute("message").unwrap().contains("nowhere"));

    // Text and JSON reports are unchanged: nothing on stdout.
    let run = harness(&["run", arg(&dir), "--format", "json"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
}

/// Writes a one-case suite whose case is `case` and runs it.
fn run_one_case(dir: &Path, case: &Value) -> common::Run {
    let file = dir.join("bad.json");
    write_json(
        &file,
        &json!({"format":1,"suite":"bad","description":"d","keysets":{"k":{"keys":[]}},
                "defaults":{"now":1},
                "cases":[{"id":"first","token":"a","keyset":"k","expect":"malformed_token"}, case]}),
    );
    harness(&["run", arg(&file)])
}

#[test]
fn a_wrong_typed_field_is_named_by_its_path_and_case() {
    let dir = scratch("run-field-path");
    let run = run_one_case(
        &dir,
        &json!({"id":"second","token":"a","keyset":"k","expect":"malformed_token",
                "policy":{"leeway":"5"}}),
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains(
            "bad.json: case `second` (#1): field `cases[1].policy.leeway`: invalid type: string \"5\", expected u64 at line"
        ),
        "{}",
        run.stderr
    );
    let run = run_one_case(
        &dir,
        &json!({"id":"second","token":"a","keyset":"k","expect":"malformed_token",
                "policy":{"algorithms":["RS256", 7]}}),
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("field `cases[1].policy.algorithms[1]`"),
        "{}",
        run.stderr
    );
    let run = run_one_case(
        &dir,
        &json!({"id":"second","token":["a"],"keyset":"k","expect":"malformed_token"}),
    );
    assert!(
        run.stderr.contains("field `cases[1].token`"),
        "{}",
        run.stderr
    );
    // Outside the cases: the path alone.
    write_json(
        &dir.join("bad.json"),
        &json!({"format":1,"suite":"bad","description":"d","keysets":{},
                "defaults":{"now":"soon"},"cases":[]}),
    );
    let run = harness(&["run", arg(&dir.join("bad.json"))]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("bad.json: field `defaults.now`: invalid type"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_expect_code_lists_the_valid_codes() {
    let dir = scratch("run-expect-codes");
    let run = run_one_case(
        &dir,
        &json!({"id":"second","token":"a","keyset":"k","expect":"expird"}),
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("case `second` (#1): field `cases[1].expect`: `expird` is neither `valid` nor an error code of the verifier; expected `valid` or one of: malformed_token, "),
        "{}",
        run.stderr
    );
    for error in jwtv::Error::ALL {
        assert!(
            run.stderr.contains(error.code()),
            "{}: {}",
            error.code(),
            run.stderr
        );
    }
}

#[test]
fn claims_compare_booleans_and_arrays_by_decoded_value() {
    let dir = scratch("run-claims-types");
    let key = private_key(HS_KEY);
    // The payload spells them with escapes and other number forms; the values are the same.
    let payload = r#"{"exp":1700000060,"email_verified":true,"groups":["\u0061dmins","devices:write"],"levels":[1.0,[2]]}"#;
    let token =
        host_harness::jose::sign(&key, "HS256", &serde_json::Map::new(), payload.as_bytes())
            .unwrap();
    let case = |id: &str, claims: Value| json!({ "id": id, "token": token, "keyset": "hs", "expect": "valid", "claims": claims });
    write_json(
        &dir.join("claims.json"),
        &json!({
            "format": 1, "suite": "claims", "description": "boolean and array claims",
            "keysets": { "hs": jwks(&[&key]) },
            "defaults": { "now": NOW },
            "cases": [
                case("same", json!({"email_verified": true, "groups": ["admins", "devices:write"], "levels": [1, [2.0]]})),
                case("string-for-boolean", json!({"email_verified": "true"})),
                case("other-boolean", json!({"email_verified": false})),
                case("other-order", json!({"groups": ["devices:write", "admins"]})),
                case("fewer-elements", json!({"groups": ["admins"]})),
                case("flattened", json!({"levels": [1, 2]})),
            ]
        }),
    );
    let run = harness(&["run", arg(&dir)]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        last_line(&run.stdout),
        "1 passed, 5 failed",
        "{}",
        run.stdout
    );
    // The headline names the claim with the value expected and the value found.
    assert!(
        !run.stdout.contains("expected valid, got valid"),
        "{}",
        run.stdout
    );
    for (id, headline, detail) in [
        (
            "string-for-boolean",
            "expected valid with claim `email_verified` \"true\", got valid with claim `email_verified` true",
            "claim `email_verified` is true; expected \"true\"",
        ),
        (
            "other-boolean",
            "expected valid with claim `email_verified` false, got valid with claim `email_verified` true",
            "claim `email_verified` is true; expected false",
        ),
        (
            "other-order",
            "expected valid with claim `groups` [\"devices:write\",\"admins\"], got valid with claim `groups` [\"admins\",\"devices:write\"]",
            "claim `groups` is [\"admins\",\"devices:write\"]; expected [\"devices:write\",\"admins\"]",
        ),
        (
            "fewer-elements",
            "expected valid with claim `groups` [\"admins\"], got valid with claim `groups` [\"admins\",\"devices:write\"]",
            "claim `groups`",
        ),
        (
            "flattened",
            "expected valid with claim `levels` [1,2], got valid with claim `levels` [1.0,[2]]",
            "claim `levels`",
        ),
    ] {
        assert!(
            run.stdout.contains(&format!("claims / {id}: {headline}")),
            "{id}: {}",
            run.stdout
        );
        assert!(run.stdout.contains(detail), "{id}: {}", run.stdout);
    }
}

#[test]
fn outside_the_repository_root_the_error_says_where_it_looked_and_how_to_name_the_corpus() {
    let dir = scratch("run-elsewhere");
    let run = common::harness_in(Some(&dir), &["run"], None);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    let looked_in = dir.canonicalize().unwrap();
    assert!(
        run.stderr.contains(&format!(
            "no `fixtures/` directory in {}",
            looked_in.display()
        )) || run
            .stderr
            .contains(&format!("no `fixtures/` directory in {}", dir.display())),
        "{}",
        run.stderr
    );
    // The corpus of the checkout the binary was built from, as an argument to copy.
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("fixtures");
    assert!(
        run.stderr
            .contains(&format!("`jwtv run {}`", corpus.display())),
        "{}",
        run.stderr
    );
    // The JUnit report still says why.
    let run = common::harness_in(Some(&dir), &["run", "--format", "junit"], None);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.contains("no `fixtures/` directory"), "{run:?}");
}

#[test]
fn a_reader_that_stops_early_ends_the_report_quietly() {
    use std::io::{BufRead as _, BufReader};
    use std::process::{Command, Stdio};
    let dir = scratch("run-epipe");
    let key = private_key(HS_KEY);
    let token = sign(&key, "HS256", &json!({"exp": NOW + 60}));
    // Far more report than a pipe holds (64 KiB on Linux): the writer meets a closed pipe.
    let cases: Vec<Value> = (0..3000)
        .map(|i| json!({ "id": format!("case-{i}"), "token": token, "keyset": "hs", "expect": "valid" }))
        .collect();
    write_json(
        &dir.join("many.json"),
        &json!({ "format": 1, "suite": "many", "description": "a long report",
                 "keysets": { "hs": jwks(&[&key]) }, "defaults": { "now": NOW },
                 "cases": cases }),
    );
    for format in ["json", "junit"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jwtv"))
            .args(["run", arg(&dir), "--format", format])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        {
            // `| head -1`: read one line, then close the pipe.
            let mut out = BufReader::new(child.stdout.take().unwrap());
            out.read_line(&mut first).unwrap();
        }
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(!first.is_empty(), "{format}");
        // Every case passed: the run's own status, and nothing said about the pipe.
        assert_eq!(output.status.code(), Some(0), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
    }
}
