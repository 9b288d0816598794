//! Conformance harness for the `verifier` crate: fixture replay, reports, single-token
//! verification, key-set provisioning and test-token signing.

pub mod jose;
