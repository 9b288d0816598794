//! `jwtv export-updates`: the key-set update scenarios, with their expected verdicts, in the
//! firmware's wire format, for the C interface's scenario runner (capi/tests/updates.h).

use std::path::PathBuf;

use clap::Args;

use crate::commands::common::CommandResult;
use crate::commands::export_cases::{ExportFormat, c_array};
use crate::commands::keyset_updates::scenario_files;
use crate::corpus::keyset_update;
use crate::error::write_file;
use crate::firmware::keyset_updates::encode_steps;

const EXPORT_UPDATES_HELP: &str = "\
Writes every step of the key-set update scenarios (default: fixtures/keyset-updates/) as the
firmware's keyset-updates image reads them (`STEP <len>` frames of `<tag> <len>` records: reset,
anchors, the update policy, the token policy, now, and the update, stored form or token), each
followed by `id` (scenario/step), `expect` (the fixture's verdict) and, where the fixture gives
it, `installs` (the kids installed after the step, comma-separated, `-` for none). The C
interface's runner (capi/tests/updates.h) reads it: on the host every step, on the Cortex-M4 the
same bytes as a C array (--format c). The output is a function of the fixtures alone.

Examples:
  cargo run -p host-harness -- export-updates --output target/capi-c/updates.bin
  jwtv export-updates --format c --output target/capi-c/m4-updates.c";

/// Options of `export-updates`.
#[derive(Debug, Args)]
#[command(after_help = EXPORT_UPDATES_HELP)]
pub struct ExportUpdatesArgs {
    /// Scenario files or directories [default: fixtures/keyset-updates/]
    pub paths: Vec<PathBuf>,
    /// Where to write.
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
    /// `bin`: the wire format itself; `c`: the same bytes as a C array `jwtv_updates`.
    #[arg(long, value_enum, default_value_t = ExportFormat::Bin)]
    pub format: ExportFormat,
}

/// Runs `jwtv export-updates`.
///
/// # Errors
/// [`crate::error::InputError`] for an unreadable or invalid scenario file, or an output that
/// cannot be written.
pub fn run(args: &ExportUpdatesArgs) -> CommandResult {
    let mut bytes = Vec::new();
    let mut count = 0usize;
    for path in scenario_files(&args.paths)? {
        let file = keyset_update::read_scenarios(&path)?;
        let (steps, n) = encode_steps(&path, &file, true)?;
        bytes.extend_from_slice(&steps);
        count = count.saturating_add(n);
    }
    let out = match args.format {
        ExportFormat::Bin => bytes,
        ExportFormat::C => c_array(
            &bytes,
            "jwtv_updates",
            &format!("`jwtv export-updates --format c`: {count} key-set update steps"),
        )
        .into_bytes(),
    };
    write_file(&args.output, &out)?;
    eprintln!("{count} steps written to {}", args.output.display());
    Ok(true)
}
