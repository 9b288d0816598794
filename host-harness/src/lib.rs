//! Conformance harness for the `verifier` crate: fixture replay, reports, single-token
//! verification, key-set provisioning and test-token signing.
//!
//! The binary `host-harness` is a thin wrapper over [`cli::main`]; the fixture format lives in
//! [`fixture`], so the fixture generator can write exactly what the runner reads.

pub mod bench_cmd;
pub mod cli;
pub mod divergence;
pub mod error;
pub mod export_cmd;
pub mod fixture;
pub mod jose;
pub mod jwks;
pub mod keyset_cmd;
pub mod keyset_update;
pub mod panic_sites;
pub mod provision;
pub mod qemu;
pub mod report;
pub mod run_cmd;
pub mod runner;
pub mod settings;
pub mod sign_cmd;
pub mod verify_cmd;
pub mod wycheproof;
pub mod wycheproof_cmd;
