//! Turns on the UMAAL assembly (`cfg(montgomery_m4_umaal)`) for ARMv7E-M targets.
//!
//! UMAAL is in the DSP extension: ARMv7E-M (Cortex-M4, M7) has it, ARMv7-M (Cortex-M3) and
//! ARMv6-M do not. The natural test, `cfg(target_feature = "dsp")`, is not available on stable
//! Rust (the Arm target features are unstable, so rustc reports none of them in `cfg`, not even
//! for `thumbv7em-*`), so the target's name decides: every `thumbv7em-*` target is ARMv7E-M.
//! Anything else builds the portable Rust rows.

use std::env;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(montgomery_m4_umaal)");
    println!("cargo::rerun-if-changed=build.rs");
    let target = env::var("TARGET").unwrap_or_default();
    let arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    if arch == "arm" && target.starts_with("thumbv7em-") {
        println!("cargo::rustc-cfg=montgomery_m4_umaal");
    }
}
