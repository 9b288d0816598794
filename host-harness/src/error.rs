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

/// What the harness reads, each kind with the most bytes it reads of it: a larger input is
/// refused (exit 2, naming the file and the limit) instead of being read into memory without
/// bound (`--jwks /dev/zero`). The reader stops one byte past the limit, so an endless input is
/// refused too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// A compact token (a file, or standard input): 64 KiB, eight times the verifier's
    /// 8 KiB token capacity, so that a longer token still gets its `capacity_exceeded` verdict.
    Token,
    /// A JWKS document or a discovery document: 1 MiB (published ones are a few KiB; with
    /// certificate chains, tens of KiB).
    Jwks,
    /// A harness JSON file: a fixture suite, a scenario or divergence list, a claims or
    /// header file, a private JWK: 16 MiB (the largest suite is 0.2 MiB).
    Json,
    /// A client-secret file: 64 KiB.
    Secret,
    /// A device's stored key set (`verify-keyset --installed`): 1 MiB.
    StoredKeySet,
    /// An ELF image (firmware, the C example): 64 MiB.
    Elf,
    /// What the emulated firmware prints in one run: 64 MiB (the whole corpus is about 0.3 MiB,
    /// Wycheproof's vectors 0.7 MiB).
    EmulatorOutput,
}

impl Input {
    /// The most bytes read of this kind of input.
    pub const fn limit(self) -> u64 {
        match self {
            Input::Token | Input::Secret => 64 << 10,
            Input::Jwks | Input::StoredKeySet => 1 << 20,
            Input::Json => 16 << 20,
            Input::Elf | Input::EmulatorOutput => 64 << 20,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Input::Token => "a token",
            Input::Jwks => "a JWKS or discovery document",
            Input::Json => "a JSON input",
            Input::Secret => "a client secret",
            Input::StoredKeySet => "a stored key set",
            Input::Elf => "an ELF image",
            Input::EmulatorOutput => "the emulated firmware's output",
        }
    }

    fn too_large(self) -> String {
        format!(
            "larger than {} bytes, the most {} may be (not read further)",
            self.limit(),
            self.name()
        )
    }
}

/// Reads `reader` to its end, or refuses it past `kind`'s limit (`Ok(None)`).
pub(crate) fn read_bounded(
    reader: impl std::io::Read,
    kind: Input,
) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    reader
        .take(kind.limit().saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((u64::try_from(bytes.len()).unwrap_or(u64::MAX) <= kind.limit()).then_some(bytes))
}

/// Reads a whole file of the given kind, naming it on failure.
///
/// # Errors
/// [`InputError`] naming `file` when it cannot be read or is larger than `kind` allows.
pub fn read_file(file: &Path, kind: Input) -> Result<Vec<u8>, InputError> {
    let opened = std::fs::File::open(file).map_err(|e| InputError::unreadable(file, &e))?;
    read_bounded(opened, kind)
        .map_err(|e| InputError::unreadable(file, &e))?
        .ok_or_else(|| InputError::in_file(file, kind.too_large()))
}

/// Reads standard input to its end.
///
/// # Errors
/// [`InputError`] naming standard input when it cannot be read or is larger than `kind` allows.
pub fn read_stdin(kind: Input) -> Result<Vec<u8>, InputError> {
    read_bounded(std::io::stdin().lock(), kind)
        .map_err(|e| InputError::usage(format!("standard input: cannot read: {e}")))?
        .ok_or_else(|| InputError::usage(format!("standard input: {}", kind.too_large())))
}

/// Reads and parses a JSON file of the given kind, naming it on failure.
///
/// # Errors
/// [`InputError`] naming `file`, with serde's line and column for bad JSON.
pub fn read_json<T: serde::de::DeserializeOwned>(
    file: &Path,
    kind: Input,
) -> Result<T, InputError> {
    let bytes = read_file(file, kind)?;
    serde_json::from_slice(&bytes).map_err(|e| InputError::json(file, &e))
}

/// Writes a whole file, naming it on failure.
///
/// # Errors
/// [`InputError`] naming `file` when it cannot be written.
pub fn write_file(file: &Path, contents: &[u8]) -> Result<(), InputError> {
    std::fs::write(file, contents).map_err(|e| InputError::unwritable(file, &e))
}

/// Writes a report to standard output. A reader that has gone away (`run --format json | head
/// -1`: `EPIPE`, which Rust gets as an error instead of the `SIGPIPE` that ends a C tool) is a
/// normal end, as it is for Unix tools: nothing more is written and nothing is said.
///
/// # Errors
/// [`InputError`] for any other write error (a full disk behind a redirection).
pub fn write_stdout(bytes: &[u8]) -> Result<(), InputError> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(InputError::usage(format!(
            "standard output: cannot write: {e}"
        ))),
        _ => Ok(()),
    }
}

/// `print!` / `println!` for the commands' output: as [`write_stdout`], a reader that has gone
/// away (`jwtv provision ... | head -1`) ends the program quietly with status 0, where `println!`
/// would panic; any other write error ends it with status 2 and says so on standard error.
pub fn print_stdout(args: fmt::Arguments<'_>) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_fmt(args) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            eprintln!("jwtv: standard output: cannot write: {e}");
            std::process::exit(2);
        }
    }
}

/// `print!` that ends quietly when the reader has gone away ([`print_stdout`]).
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::error::print_stdout(format_args!($($arg)*))
    };
}

/// `println!` that ends quietly when the reader has gone away ([`print_stdout`]).
#[macro_export]
macro_rules! outln {
    () => {
        $crate::error::print_stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::error::print_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

#[cfg(test)]
mod tests {
    use super::{Input, read_bounded};

    #[test]
    fn reads_up_to_the_limit_and_refuses_one_byte_more() {
        let limit = usize::try_from(Input::Token.limit()).unwrap_or(usize::MAX);
        let at_limit = vec![b'a'; limit];
        assert_eq!(
            read_bounded(&at_limit[..], Input::Token)
                .ok()
                .flatten()
                .map(|b| b.len()),
            Some(limit)
        );
        let over = vec![b'a'; limit.saturating_add(1)];
        assert!(matches!(read_bounded(&over[..], Input::Token), Ok(None)));
        // An endless input (`/dev/zero`) stops one byte past the limit.
        assert!(matches!(
            read_bounded(std::io::repeat(0), Input::Secret),
            Ok(None)
        ));
    }
}
