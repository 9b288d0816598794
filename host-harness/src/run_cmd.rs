//! `host-harness run`: find the suites, load them all (any invalid file stops the run before a
//! case is replayed), replay, report.

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::cli::{CommandResult, RunArgs, RunTarget};
use crate::divergence::{Divergences, Scope};
use crate::error::{InputError, write_file};
use crate::fixture::{self, DIVERGENCES_FILE, Suite};
use crate::report::{self, Format};
use crate::{qemu, runner};

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
    let suites = load_suites(&paths)?;
    if suites.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        eprintln!("warning: no fixture suite under {}", shown.join(", "));
    }
    let divergences = load_divergences(&paths, args.divergences.as_deref())?;
    let report = match args.target {
        RunTarget::Host => runner::run(&suites, &divergences),
        RunTarget::QemuM4 => {
            let on_target = qemu::replay(&suites, args.firmware.as_deref())?;
            runner::run_against(&suites, &divergences, Some(&on_target))
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

/// Loads every suite under `paths`.
///
/// # Errors
/// [`InputError`] for the last unreadable or invalid file (earlier ones are printed).
pub fn load_suites(paths: &[PathBuf]) -> Result<Vec<Suite>, InputError> {
    let files = fixture::discover(paths)?;
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
    // Every invalid file is listed, in order; the caller prints the last one, as for any input
    // error, and exits 2.
    match errors.pop() {
        None => Ok(suites),
        Some(last) => {
            for earlier in errors {
                eprintln!("error: {earlier}");
            }
            Err(last)
        }
    }
}

/// The divergences that apply to `paths`: the file named by `--divergences`, or else
/// `divergences.json` at the root of each directory given or, failing that, in the nearest
/// directory above the path (so that `run fixtures/oidc/oidc-rp.json` still knows them).
fn load_divergences(paths: &[PathBuf], explicit: Option<&Path>) -> Result<Divergences, InputError> {
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
