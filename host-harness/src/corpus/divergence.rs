//! Known divergences: cases we deliberately decide differently from their source, each with the
//! verdict we give and the reason (like rustls-webpki's x509-limbo exceptions). They are reported
//! but do not fail a run; an entry that no longer applies is reported as stale.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corpus::fixture::Expectation;
use crate::error::{Input, InputError, read_json};

/// One entry of `divergences.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Divergence {
    /// The suite of the case.
    pub suite: String,
    /// The case id.
    pub id: String,
    /// The verdict the verifier gives instead of the case's `expect`.
    pub actual: Expectation,
    /// Why we decide differently.
    pub reason: String,
}

/// Where a divergences file was found, which decides what "no such case" means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// At the root of a directory the run covers whole: an entry for a suite the run did not load
    /// names no case at all.
    WholeCorpus,
    /// Above a narrower path (or named by `--divergences`): only entries for suites in the run
    /// can be checked.
    PartOfCorpus,
}

/// The known divergences of a run, with the file each came from.
#[derive(Clone, Debug, Default)]
pub struct Divergences {
    entries: Vec<(PathBuf, Divergence, bool)>,
    by_case: HashMap<(String, String), usize>,
}

impl Divergences {
    /// No known divergence.
    pub fn none() -> Divergences {
        Divergences::default()
    }

    /// Adds the entries of one divergences file.
    ///
    /// # Errors
    /// [`InputError`] naming the file for unreadable or invalid JSON, an unknown field, an empty
    /// reason, or a case listed twice.
    pub fn add_file(&mut self, file: &Path, scope: Scope) -> Result<(), InputError> {
        let entries: Vec<Divergence> = read_json(file, Input::Json)?;
        for (index, entry) in entries.into_iter().enumerate() {
            let at = |message: String| {
                InputError::in_file(
                    file,
                    format!("entry #{index} ({}/{}): {message}", entry.suite, entry.id),
                )
            };
            if entry.reason.trim().is_empty() {
                return Err(at("field `reason`: empty; say why we diverge".into()));
            }
            if let Some((first_file, _)) = self.find(&entry.suite, &entry.id) {
                return Err(at(format!(
                    "fields `suite`/`id`: the case is already listed in {}",
                    first_file.display()
                )));
            }
            let key = (entry.suite.clone(), entry.id.clone());
            self.by_case.insert(key, self.entries.len());
            self.entries
                .push((file.to_path_buf(), entry, scope == Scope::WholeCorpus));
        }
        Ok(())
    }

    /// The entry for a case, with its file.
    pub fn find(&self, suite: &str, id: &str) -> Option<(&Path, &Divergence)> {
        let index = *self.by_case.get(&(suite.to_owned(), id.to_owned()))?;
        self.entries
            .get(index)
            .map(|(file, entry, _)| (file.as_path(), entry))
    }

    /// Every entry, with its file and whether that file covers the whole run
    /// ([`Scope::WholeCorpus`]).
    pub fn iter(&self) -> impl Iterator<Item = (&Path, &Divergence, bool)> {
        self.entries
            .iter()
            .map(|(f, d, whole)| (f.as_path(), d, *whole))
    }

    /// Whether there is no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
