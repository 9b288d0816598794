//! A corpus loaded whole: every suite under the paths given (suite names unique across them),
//! and the known divergences that apply to those paths.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::corpus::divergence::{Divergences, Scope};
use crate::corpus::fixture::{self, DIVERGENCES_FILE, Suite};
use crate::error::InputError;

/// The corpus replayed when no path is given, relative to the current directory.
pub const DEFAULT_FIXTURES: &str = "fixtures";

/// The paths given, or [`DEFAULT_FIXTURES`] when there are none.
pub fn or_default(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(DEFAULT_FIXTURES)]
    } else {
        paths.to_vec()
    }
}

/// Prints every error but the last, which it returns for the caller to print as any input error.
pub fn print_all_but_last(mut errors: Vec<InputError>) -> InputError {
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
///
/// # Errors
/// Every unreadable or invalid file, in order.
pub fn load_all(paths: &[PathBuf]) -> Result<Vec<Suite>, Vec<InputError>> {
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
///
/// # Errors
/// [`InputError`] for an unreadable or invalid divergences file.
pub fn load_divergences(
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
