//! Conformance harness for the `verifier` crate: fixture replay, reports, single-token
//! verification, key-set provisioning and test-token signing.
//!
//! The binary `host-harness` is a thin wrapper over [`cli::main`]; the fixture format lives in
//! [`corpus::fixture`], so the fixture generator can write exactly what the runner reads.

pub mod cli;
pub mod commands;
pub mod corpus;
pub mod error;
pub mod jose;
pub mod replay;
pub mod report;
pub mod target;
