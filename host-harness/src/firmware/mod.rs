//! The emulated Cortex-M4 target, from the host's side: the images of the `firmware/` crate built
//! and run under QEMU ([`qemu`]), the wire format they read ([`wire`]), one file per image and
//! its protocol ([`runner`], [`keyset_updates`], [`signature_vectors`]), and the panic call sites
//! of a linked image ([`panic_sites`]).

pub mod keyset_updates;
pub mod panic_sites;
pub mod qemu;
pub mod runner;
pub mod signature_vectors;
pub mod wire;
