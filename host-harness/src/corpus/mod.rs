//! The formats on disk.

pub mod divergence;
pub mod fixture;
pub mod jwks;
pub mod keyset_update;
pub mod settings;
pub mod wycheproof;
