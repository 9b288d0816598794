//! The emulated Cortex-M4 target.

pub mod panic_sites;
pub mod qemu;
