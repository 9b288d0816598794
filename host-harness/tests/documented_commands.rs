//! The commands the operators' documentation shows are run as written, and print what it says
//! they print.
//!
//! Every ```` ```console ```` block of README.md, docs/operators.md and docs/qa.md is a session: a line
//! `$ command` (continued by lines after a trailing `\`) is run by `bash` in one scratch
//! directory per document, in order, with this build's `jwtv` first on `PATH` and the
//! repository's `fixtures/` and `docs/` beside it (as from the root of a checkout); the lines after it are
//! what it prints, standard output and standard error together. Times are whatever the command
//! computes (`--exp +90d`, `--now "$(date +%s)"`), so the comparison masks every Unix time in
//! seconds (ten digits starting with 1: 2001 to 2033) as `<time>`, and nothing else.
//!
//! `DOCS_BLESS=1 cargo test -p host-harness --test documented_commands` writes what the commands
//! printed into the documents instead of comparing (then review the diff).

// Test code: a failed assumption should fail the test, loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// One `$ command` of a console block and the output the document shows for it.
#[derive(Debug)]
struct Step {
    /// Where it is written: the document and its line.
    at: String,
    command: String,
    output: Vec<String>,
    /// The index of the document's line after the command (its first output line).
    output_at: usize,
}

/// The `$` commands of the document's console blocks, in order.
fn console_steps(document: &Path) -> Vec<Step> {
    let text = std::fs::read_to_string(document).unwrap();
    let mut steps: Vec<Step> = Vec::new();
    let mut in_console = false;
    let mut continued = false;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_end();
        if !in_console {
            in_console = trimmed == "```console";
            continue;
        }
        if trimmed == "```" {
            in_console = false;
            continue;
        }
        if continued {
            let step = steps.last_mut().unwrap();
            step.command.push('\n');
            step.command.push_str(trimmed);
            step.output_at = n + 1;
            continued = trimmed.ends_with('\\');
        } else if let Some(command) = trimmed.strip_prefix("$ ") {
            steps.push(Step {
                at: format!("{}:{}", document.display(), n + 1),
                command: command.to_owned(),
                output: Vec::new(),
                output_at: n + 1,
            });
            continued = trimmed.ends_with('\\');
        } else {
            let step = steps.last_mut().unwrap_or_else(|| {
                panic!(
                    "{}:{}: output before any `$ ` command",
                    document.display(),
                    n + 1
                )
            });
            step.output.push(trimmed.to_owned());
        }
    }
    assert!(
        !in_console,
        "{}: a console block is not closed",
        document.display()
    );
    steps
}

/// `text` with every Unix time in seconds (`1` and nine more digits, alone) as `<time>`.
fn mask_times(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        let run = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let after = chars.get(i + run);
        if starts_number
            && run == 10
            && chars[i] == '1'
            && after.is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            out.push_str("<time>");
            i += run;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs the document's console sessions and lists every difference.
fn check(document: &str, at_least: usize) {
    let root = repository();
    let steps = console_steps(&root.join(document));
    assert!(
        steps.len() >= at_least,
        "{document}: {} console commands, expected at least {at_least}",
        steps.len()
    );
    let dir = common::scratch(&document.replace(['/', '.'], "-"));
    #[cfg(unix)]
    for inputs in ["fixtures", "docs"] {
        std::os::unix::fs::symlink(root.join(inputs), dir.join(inputs)).unwrap();
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_jwtv")).parent().unwrap();
    let path = std::env::join_paths(core::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut differences = Vec::new();
    let mut printed_by_step = Vec::new();
    for step in &steps {
        let run = Command::new("bash")
            .args(["-c", &format!("exec 2>&1\n{}", step.command)])
            .current_dir(&dir)
            .env("PATH", &path)
            .output()
            .unwrap();
        let printed = String::from_utf8(run.stdout).unwrap();
        printed_by_step.push(printed.lines().map(|l| l.trim_end().to_owned()).collect());
        let printed: Vec<String> = printed.lines().map(|l| mask_times(l.trim_end())).collect();
        let shown: Vec<String> = step.output.iter().map(|l| mask_times(l)).collect();
        if printed != shown {
            differences.push(format!(
                "{}: `{}` (exit {:?})\n  the document shows:\n    {}\n  the command printed:\n    {}",
                step.at,
                step.command,
                run.status.code(),
                shown.join("\n    "),
                printed.join("\n    ")
            ));
        }
    }
    if std::env::var_os("DOCS_BLESS").is_some() {
        bless(&root.join(document), &steps, &printed_by_step);
        return;
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// Writes what each command printed in place of the output the document shows.
fn bless(document: &Path, steps: &[Step], printed: &[Vec<String>]) {
    let text = std::fs::read_to_string(document).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for (step, printed) in steps.iter().zip(printed).rev() {
        lines.splice(
            step.output_at..step.output_at + step.output.len(),
            printed.iter().cloned(),
        );
    }
    let mut out = lines.join("\n");
    out.push('\n');
    std::fs::write(document, out).unwrap();
}

#[test]
fn times_are_masked_and_nothing_else() {
    assert_eq!(
        mask_times("iat 1796656386, exp 1804432386, 2 keys: k1700000000x, 686 bytes, 12345678901"),
        "iat <time>, exp <time>, 2 keys: k1700000000x, 686 bytes, 12345678901"
    );
}

#[test]
fn the_console_parser_reads_commands_continuations_and_output() {
    let dir = common::scratch("console-parser");
    let doc = dir.join("doc.md");
    std::fs::write(
        &doc,
        "text\n```sh\n$ not run\n```\n```console\n$ one \\\n    --two\nout 1\nout 2\n$ three\n```\n",
    )
    .unwrap();
    let steps = console_steps(&doc);
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert_eq!(steps[0].command, "one \\\n    --two");
    assert_eq!(steps[0].output, ["out 1", "out 2"]);
    assert_eq!(steps[1].command, "three");
    assert!(steps[1].output.is_empty());
}

#[test]
fn the_operators_guide_runs_as_written() {
    check("docs/operators.md", 8);
}

#[test]
fn the_qa_guide_runs_as_written() {
    check("docs/qa.md", 1);
}

#[test]
fn the_readme_runs_as_written() {
    check("README.md", 1);
}
