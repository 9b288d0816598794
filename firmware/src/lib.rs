//! Support for running the verifier on an emulated Cortex-M4 (QEMU `mps2-an386`): reading cases
//! from the host through semihosting, counting instructions with SysTick, and measuring stack.
#![no_std]

pub mod host_file;
pub mod measure;
pub mod wire;
