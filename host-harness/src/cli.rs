//! The command line: the subcommands, each with its options and help beside its `run` in
//! [`crate::commands`], and the exit codes.
//!
//! Exit codes are part of the contract: 0 success; 1 the answer is "no" (a fixture case failed,
//! a token was rejected, nothing left to provision); 2 the question could not be asked (bad usage,
//! an unreadable or invalid file).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::commands::bench::{self, BenchArgs};
use crate::commands::export_cases::{self, ExportCasesArgs};
use crate::commands::export_updates::{self, ExportUpdatesArgs};
use crate::commands::keyset_updates::{self, KeysetUpdatesArgs};
use crate::commands::panic_sites::{self, PanicSitesArgs};
use crate::commands::provision::{self, ProvisionArgs};
use crate::commands::run::{self, RunArgs};
use crate::commands::sign::{self, SignArgs};
use crate::commands::trust_anchor::{self, TrustAnchorArgs};
use crate::commands::verify::{self, VerifyArgs};
use crate::commands::verify_keyset::{self, VerifyKeysetArgs};
use crate::commands::wycheproof::{self, WycheproofArgs};

/// Exit status: the command ran and the answer is yes.
pub const EXIT_OK: u8 = 0;
/// Exit status: the command ran and the answer is no.
pub const EXIT_REJECTED: u8 = 1;
/// Exit status: usage error, or an unreadable or invalid input file.
pub const EXIT_INPUT: u8 = 2;

/// Conformance harness and command-line tool for the `jwtv` crate.
#[derive(Debug, Parser)]
#[command(
    name = "jwtv",
    version,
    about = "Conformance harness and command-line tool for the no_std token verifier",
    after_help = "Exit status: 0 success; 1 a fixture failed, a token was rejected or nothing was left to provision; 2 usage error or an unreadable or invalid file.\n\nRun `jwtv <COMMAND> --help` for examples."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[allow(clippy::large_enum_variant)] // parsed once per process
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Replay the conformance fixtures and report unexpected results.
    Run(RunArgs),
    /// Verify one token against a JWKS and a policy.
    Verify(VerifyArgs),
    /// Check an issuer's JWKS and write the minimal key set a device needs.
    Provision(ProvisionArgs),
    /// Check a signed key-set update (typ jwk-set+jwt) as a device will.
    #[command(name = "verify-keyset")]
    VerifyKeyset(VerifyKeysetArgs),
    /// Generate a trust-anchor key pair for signing key-set updates (private JWK, mode 0600;
    /// public JWKS).
    #[command(name = "trust-anchor")]
    TrustAnchor(TrustAnchorArgs),
    /// Replay the key-set update scenarios (fixtures/keyset-updates) on the host or the
    /// emulated Cortex-M4.
    #[command(name = "keyset-updates")]
    KeysetUpdates(KeysetUpdatesArgs),
    /// Sign a test token with a private JWK (for authoring fixtures).
    Sign(SignArgs),
    /// Measure verification on the emulated Cortex-M4: instructions, stack, flash.
    Bench(BenchArgs),
    /// Replay Project Wycheproof's signature vectors through the signature layer, on the host
    /// and on the emulated Cortex-M4.
    Wycheproof(WycheproofArgs),
    /// Write fixture cases, with their expected verdicts, for the C interface's tests.
    ExportCases(ExportCasesArgs),
    /// Write the key-set update scenarios, with their expected verdicts, for the C interface's
    /// tests.
    ExportUpdates(ExportUpdatesArgs),
    /// List the panic call sites of a linked Cortex-M image, by calling function and crate.
    PanicSites(PanicSitesArgs),
}

/// Parses the command line, runs the command, and turns the result into the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Run(args) => run::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Provision(args) => provision::run(args),
        Command::Sign(args) => sign::run(args),
        Command::VerifyKeyset(args) => verify_keyset::run(args),
        Command::TrustAnchor(args) => trust_anchor::run(args),
        Command::KeysetUpdates(args) => keyset_updates::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Wycheproof(args) => wycheproof::run(args),
        Command::ExportCases(args) => export_cases::run(args),
        Command::ExportUpdates(args) => export_updates::run(args),
        Command::PanicSites(args) => panic_sites::run(args),
    };
    match result {
        Ok(true) => ExitCode::from(EXIT_OK),
        Ok(false) => ExitCode::from(EXIT_REJECTED),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_INPUT)
        }
    }
}
