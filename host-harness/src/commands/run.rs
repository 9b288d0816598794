//! `host-harness run`: find the suites, load them all (any invalid file stops the run before a
//! case is replayed), replay, report.

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::cli::{CommandResult, RunArgs, RunTarget};
use crate::corpus::divergence::{Divergences, Scope};
use crate::corpus::fixture::{self, DIVERGENCES_FILE, Suite};
use crate::error::{InputError, write_file};
use crate::replay;
use crate::report::{self, Format};
use crate::target::qemu;

/// The corpus replayed when no path is given, relative to the current directory.
pub const DEFAULT_FIXTURES: &str = "fixtures";

/// Runs `host-harness run`.
///
/// # Errors
/// [`InputError`] for a path, fixture or divergences file that cannot be read or is invalid.
pub fn run(args: &RunArgs) -> CommandResult {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(DEFAULT_FIXTURES)]
    } else {
        args.paths.clone()
    };
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
            let on_target = qemu::replay(&suites, args.firmware.as_deref())?;
            replay::run_against(&suites, &divergences, Some(&on_target))
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
            println!("{}", report::summary_line(&report));
        }
        None => {
            if args.format != Format::Text {
                for warning in &report.warnings {
                    eprintln!("warning: {warning}");
                }
            }
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(rendered.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| InputError::usage(format!("cannot write the report: {e}")))?;
        }
    }
    Ok(report.failed() == 0)
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
            None => {
                let mut stdout = std::io::stdout().lock();
                stdout
                    .write_all(rendered.as_bytes())
                    .and_then(|()| stdout.flush())
                    .map_err(|e| InputError::usage(format!("cannot write the report: {e}")))
            }
        };
        if let Err(e) = written {
            errors.push(e);
        }
    }
    print_all_but_last(errors)
}

/// Prints every error but the last, which it returns for the caller to print as any input error.
fn print_all_but_last(mut errors: Vec<InputError>) -> InputError {
    let last = errors
        .pop()
        .unwrap_or_else(|| InputError::usage("internal error: no input error to report"));
    for earlier in errors {
        eprintln!("error: {earlier}");
    }
    last
}

/// Loads every suite under `paths`.
///
/// # Errors
/// [`InputError`] for the last unreadable or invalid file (earlier ones are printed).
pub fn load_suites(paths: &[PathBuf]) -> Result<Vec<Suite>, InputError> {
    load_all(paths).map_err(print_all_but_last)
}

/// Loads every suite under `paths`, or lists every unreadable or invalid file, in order.
fn load_all(paths: &[PathBuf]) -> Result<Vec<Suite>, Vec<InputError>> {
    let files = fixture::discover(paths).map_err(|e| vec![e])?;
    let mut suites = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    let mut by_name: HashMap<String, PathBuf> = HashMap::new();
    for file in &files {
        match fixture::load(file) {
            Ok(suite) => {
                if let Some(first) = by_name.insert(suite.name.clone(), file.clone()) {
                    errors.push(InputError::in_file(
                        file,
                        format!(
                            "field `suite`: `{}` is also the suite of {}; suite names must be unique",
                            suite.name,
                            first.display()
                        ),
                    ));
                }
                suites.push(suite);
            }
            Err(e) => errors.push(e),
        }
    }
    // Every invalid file is listed, in order; the caller prints them, the last one as for any
    // input error, and exits 2.
    if errors.is_empty() {
        Ok(suites)
    } else {
        Err(errors)
    }
}

/// The divergences that apply to `paths`: the file named by `--divergences`, or else
/// `divergences.json` at the root of each directory given or, failing that, in the nearest
/// directory above the path (so that `run fixtures/oidc/oidc-rp.json` still knows them).
pub(crate) fn load_divergences(
    paths: &[PathBuf],
    explicit: Option<&Path>,
) -> Result<Divergences, InputError> {
    let mut divergences = Divergences::none();
    if let Some(file) = explicit {
        divergences.add_file(file, Scope::PartOfCorpus)?;
        return Ok(divergences);
    }
    let mut seen = HashSet::new();
    for path in paths {
        let at_root = path.join(DIVERGENCES_FILE);
        let (file, scope) = if path.is_dir() && at_root.is_file() {
            (at_root, Scope::WholeCorpus)
        } else {
            let above = path.canonicalize().ok().and_then(|p| {
                p.ancestors()
                    .skip(1)
                    .map(|dir| dir.join(DIVERGENCES_FILE))
                    .find(|f| f.is_file())
            });
            match above {
                Some(file) => (file, Scope::PartOfCorpus),
                None => continue,
            }
        };
        // The same file may be found from several paths; read it once.
        let identity = file.canonicalize().unwrap_or_else(|_| file.clone());
        if seen.insert(identity) {
            divergences.add_file(&file, scope)?;
        }
    }
    Ok(divergences)
}
