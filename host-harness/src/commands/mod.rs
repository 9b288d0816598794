//! The subcommands.

pub mod bench;
pub mod export_cases;
pub mod provision;
pub mod run;
pub mod sign;
pub mod verify;
pub mod verify_keyset;
pub mod wycheproof;
