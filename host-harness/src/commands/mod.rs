//! The subcommands, one file each: its options (a clap `Args` struct with its help) beside its
//! `run`. What several share is in [`common`] and [`client_secret`], which import no command.

pub mod bench;
pub mod client_secret;
pub mod common;
pub mod export_cases;
pub mod export_updates;
pub mod keyset_updates;
pub mod panic_sites;
pub mod provision;
pub mod run;
pub mod sign;
pub mod trust_anchor;
pub mod verify;
pub mod verify_keyset;
pub mod wycheproof;
