//! The harness's own error: an input it cannot use (a file it cannot read or that is not what it
//! should be, an option that makes no sense). Every such error exits with status 2 and names the
//! file and the field.

use core::fmt;
use std::path::{Path, PathBuf};

/// A file or option the harness cannot use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The file at fault, when there is one.
    pub file: Option<PathBuf>,
    /// What is wrong, naming the field (or serde's line and column).
    pub message: String,
}

impl InputError {
    /// A problem with `file`.
    pub fn in_file(file: &Path, message: impl Into<String>) -> InputError {
        InputError {
            file: Some(file.to_path_buf()),
            message: message.into(),
        }
    }

    /// A problem with the command line itself.
    pub fn usage(message: impl Into<String>) -> InputError {
        InputError {
            file: None,
            message: message.into(),
        }
    }

    /// `file` could not be read.
    pub fn unreadable(file: &Path, err: &std::io::Error) -> InputError {
        InputError::in_file(file, format!("cannot read: {err}"))
    }

    /// `file` could not be written.
    pub fn unwritable(file: &Path, err: &std::io::Error) -> InputError {
        InputError::in_file(file, format!("cannot write: {err}"))
    }

    /// `file` is not the JSON expected (serde_json's message carries the line and column).
    pub fn json(file: &Path, err: &serde_json::Error) -> InputError {
        InputError::in_file(file, err.to_string())
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{}: {}", file.display(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl core::error::Error for InputError {}

/// Reads a whole file, naming it on failure.
///
/// # Errors
/// [`InputError`] naming `file` when it cannot be read.
pub fn read_file(file: &Path) -> Result<Vec<u8>, InputError> {
    std::fs::read(file).map_err(|e| InputError::unreadable(file, &e))
}

/// Reads and parses a JSON file, naming it on failure.
///
/// # Errors
/// [`InputError`] naming `file`, with serde's line and column for bad JSON.
pub fn read_json<T: serde::de::DeserializeOwned>(file: &Path) -> Result<T, InputError> {
    let bytes = read_file(file)?;
    serde_json::from_slice(&bytes).map_err(|e| InputError::json(file, &e))
}

/// Writes a whole file, naming it on failure.
///
/// # Errors
/// [`InputError`] naming `file` when it cannot be written.
pub fn write_file(file: &Path, contents: &[u8]) -> Result<(), InputError> {
    std::fs::write(file, contents).map_err(|e| InputError::unwritable(file, &e))
}
