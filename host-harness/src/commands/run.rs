//! `jwtv run`: find the suites, load them all (any invalid file stops the run before a
//! case is replayed), replay, report.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::commands::common::{CommandResult, RunTarget};
use crate::corpus::load::{self, load_all, load_divergences, print_all_but_last};
use crate::error::{InputError, write_file, write_stdout};
use crate::firmware::runner;
use crate::replay;
use crate::report::{self, Format};

const RUN_HELP: &str = "\
Every *.json file under the paths is a fixture suite (format 1, see fixtures/README.md), except
keys/, vectors/ and jwks/ directories and divergences.json. Known divergences are read from
--divergences, or else from divergences.json at the root of each directory given or, failing
that, in the nearest directory above it.

With no path, the corpus is fixtures/ in the current directory (run from the repository root);
elsewhere `run` exits 2 naming the directory it looked in and the corpus path to give.

The text report lists each unexpected result (suite, id, what was expected and what was found)
with the values behind it on the next line (expired: exp, now and leeway; a claim that differs:
the claim, the expected and the found value), and ends with the line `N passed, N failed`. JSON
gives each result's `values` by name; a JUnit <failure> has them in its message and body. A
reader that stops early (`| head`) ends the report quietly, with the run's own status.

Exit status: 0 nothing failed; 1 a case failed; 2 a fixture file is unreadable or invalid (the
message names the file, the case and the field's path, such as cases[3].policy.leeway; nothing
is replayed, but --format junit still writes a report with one <error> per invalid file).

Examples:
  cargo run -p host-harness -- run
  jwtv run fixtures/oidc/oidc-rp.json fixtures/claims
  jwtv run --format junit --output target/fixtures.xml
  jwtv run --target qemu-m4        # the same corpus inside an emulated Cortex-M4
  jwtv run --format json | jq '.results[] | select(.outcome != \"pass\")'";

/// Options of `run`.
#[derive(Debug, Args)]
#[command(after_help = RUN_HELP)]
pub struct RunArgs {
    /// Fixture files or directories [default: fixtures/]
    pub paths: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Known divergences file [default: divergences.json in or above each path given]
    #[arg(long, value_name = "FILE")]
    pub divergences: Option<PathBuf>,
    /// Where the verifier runs: on this machine, or inside an emulated Cortex-M4 (QEMU
    /// mps2-an386), where every verdict must also equal the host's.
    #[arg(long, value_enum, default_value_t = RunTarget::Host)]
    pub target: RunTarget,
    /// A prebuilt firmware runner image to use instead of building firmware/.
    #[arg(long, value_name = "ELF")]
    pub firmware: Option<PathBuf>,
}

/// Runs `jwtv run`.
///
/// # Errors
/// [`InputError`] for a path, fixture or divergences file that cannot be read or is invalid.
pub fn run(args: &RunArgs) -> CommandResult {
    if args.paths.is_empty()
        && let Err(e) = default_corpus_exists()
    {
        return Err(input_errors(args, vec![e]));
    }
    let paths = load::or_default(&args.paths);
    let loaded = load_all(&paths).and_then(|suites| {
        load_divergences(&paths, args.divergences.as_deref())
            .map(|divergences| (suites, divergences))
            .map_err(|e| vec![e])
    });
    let (suites, divergences) = match loaded {
        Ok(loaded) => loaded,
        Err(errors) => return Err(input_errors(args, errors)),
    };
    if suites.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        eprintln!("warning: no fixture suite under {}", shown.join(", "));
    }
    let report = match args.target {
        RunTarget::Host => replay::run(&suites, &divergences),
        RunTarget::QemuM4 => {
            let on_target = runner::replay(&suites, args.firmware.as_deref())?;
            let verdicts: Vec<_> = on_target.into_iter().map(|r| r.verdict).collect();
            replay::run_against(&suites, &divergences, Some(&verdicts))
        }
    };
    let rendered = report::render(&report, args.format);
    match &args.output {
        Some(file) => {
            write_file(file, rendered.as_bytes())?;
            // The report went to a file: still say how it went.
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            crate::outln!("{}", report::summary_line(&report));
        }
        None => {
            if args.format != Format::Text {
                for warning in &report.warnings {
                    eprintln!("warning: {warning}");
                }
            }
            write_stdout(rendered.as_bytes())?;
        }
    }
    Ok(report.failed() == 0)
}

/// The default corpus, `fixtures/` in the current directory, is there; if not, say where it was
/// looked for and how to name the corpus instead (the repository this binary was built from, if
/// it still has one).
fn default_corpus_exists() -> Result<(), InputError> {
    let default = Path::new(load::DEFAULT_FIXTURES);
    if default.is_dir() {
        return Ok(());
    }
    let here = std::env::current_dir().map_or_else(
        |_| "the current directory".to_owned(),
        |dir| dir.display().to_string(),
    );
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(|root| root.join(load::DEFAULT_FIXTURES))
        .filter(|corpus| corpus.is_dir());
    let example = built_from.map_or_else(
        || "/path/to/checkout/fixtures".to_owned(),
        |corpus| corpus.display().to_string(),
    );
    Err(InputError::usage(format!(
        "no `{dir}/` directory in {here}: with no path given, `run` replays the corpus in \
         `{dir}/` of the current directory; run it from the repository root, or name the \
         corpus (files or directories): `jwtv run {example}`",
        dir = load::DEFAULT_FIXTURES
    )))
}

/// What `run` does when an input cannot be used: nothing is replayed, but a JUnit report (to
/// `--output` or standard output) still carries one `<error>` per invalid input, so that a CI
/// dashboard shows why the run stopped; the errors go to stderr as usual (the caller prints the
/// returned last one) and the exit status is 2.
fn input_errors(args: &RunArgs, mut errors: Vec<InputError>) -> InputError {
    if args.format == Format::Junit {
        let rendered = report::junit_input_errors(&errors);
        let written = match &args.output {
            Some(file) => write_file(file, rendered.as_bytes()),
            None => write_stdout(rendered.as_bytes()),
        };
        if let Err(e) = written {
            errors.push(e);
        }
    }
    print_all_but_last(errors)
}
