//! The formats on disk: fixture suites and the policy settings they hold, known divergences, a
//! corpus loaded whole, key-set update scenarios, Project Wycheproof's vector files, and JWKS
//! documents read as a device reads them.

pub mod divergence;
pub mod fixture;
pub mod jwks;
pub mod keyset_update;
pub mod load;
pub mod settings;
pub mod wycheproof;
