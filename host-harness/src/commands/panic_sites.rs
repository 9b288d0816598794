//! `jwtv panic-sites`: what may panic in a linked image, by calling function and crate.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;

use crate::commands::common::CommandResult;
use crate::firmware::panic_sites;

const PANIC_SITES_HELP: &str = "\
Reads a 32-bit ARM ELF image (a firmware, or the capi C example linked with arm-none-eabi-gcc)
and lists every function that calls one of core's panic paths, with its crate and the number of
calls, then the total per crate. A call the optimiser could not remove is listed even if no
input reaches it. Exit status: 0 when no crate named by --deny has a site; 1 otherwise.

Examples:
  jwtv panic-sites target/capi-c/door.elf --deny jwtv_capi";

/// Options of `panic-sites`.
#[derive(Debug, Args)]
#[command(after_help = PANIC_SITES_HELP)]
pub struct PanicSitesArgs {
    /// The ELF image.
    pub elf: PathBuf,
    /// Crates that must have no panic call site (repeatable).
    #[arg(long, value_name = "CRATE")]
    pub deny: Vec<String>,
}

/// Runs `jwtv panic-sites`.
///
/// # Errors
/// [`InputError`](crate::error::InputError) when the image cannot be read.
pub fn run(args: &PanicSitesArgs) -> CommandResult {
    let sites = panic_sites::sites(&args.elf)?;
    let mut per_crate = BTreeMap::<String, usize>::new();
    for (function, calls) in &sites {
        let name = panic_sites::crate_of(function);
        crate::outln!("{name}\t{calls}\t{function}");
        let count = per_crate.entry(name).or_insert(0);
        *count = count.saturating_add(*calls);
    }
    let total = per_crate.values().fold(0usize, |a, n| a.saturating_add(*n));
    let summary: Vec<String> = per_crate.iter().map(|(c, n)| format!("{c} {n}")).collect();
    crate::outln!("panic call sites: {total} ({})", summary.join(", "));
    let denied: Vec<&String> = args
        .deny
        .iter()
        .filter(|c| per_crate.get(c.as_str()).is_some_and(|n| *n > 0))
        .collect();
    for c in &denied {
        eprintln!("error: {c} has panic call sites");
    }
    Ok(denied.is_empty())
}
