//! Conformance harness for the `jwtv` crate: fixture replay, reports, single-token
//! verification, key-set provisioning and test-token signing.
//!
//! The binary `jwtv` is a thin wrapper over [`cli::main`], which dispatches to one file
//! per subcommand in [`commands`]. Below them: the formats on disk in [`corpus`] (the fixture
//! format in [`corpus::fixture`], so the fixture generator can write exactly what the runner
//! reads), the firmware images run under QEMU in [`firmware`], the host's replay of the corpus in
//! [`replay`] with its [`report`]s, and what the verifier did in [`verdict`].

pub mod cli;
pub mod commands;
pub mod corpus;
pub mod error;
pub mod firmware;
pub mod jose;
pub mod replay;
pub mod report;
pub mod verdict;
