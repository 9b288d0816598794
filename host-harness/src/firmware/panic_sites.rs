//! Call sites of the panic machinery in a linked Cortex-M image, by the crate that calls.
//!
//! The verifier promises that no input can make it panic; its own code should not even contain
//! a call that could. This reads a 32-bit little-endian ARM ELF image (its symbol table and
//! executable sections), walks the Thumb-2 instructions of every function, and counts the
//! `BL` and `B.W` instructions whose target is a function of core's panic paths
//! (`core::panicking::*`, `unwrap_failed`, `expect_failed`, the slice index failures, …),
//! attributing each to the crate of the function that contains it. A call the optimiser could
//! not remove is counted even if no input reaches it, so the count is an upper bound.

// Offsets and sizes of an ELF image we built ourselves, read with bounds-checked `get`.
#![allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Input, InputError, read_file};

/// A function of the image: where it is, how long, its demangled name.
struct Function {
    start: u64,
    size: u64,
    name: String,
}

/// Panic call sites per calling crate (`jwtv`, `core`, `p256`, …), in the image at `elf`.
///
/// # Errors
/// [`InputError`] when the file is not a 32-bit little-endian ELF image with a symbol table.
pub fn count(elf: &Path) -> Result<BTreeMap<String, usize>, InputError> {
    let mut counts = BTreeMap::new();
    for (function, calls) in sites(elf)? {
        *counts.entry(crate_of(&function)).or_insert(0) += calls;
    }
    Ok(counts)
}

/// Panic call sites in the image at `elf`, per calling function (demangled, without its hash):
/// each function that calls a panic path, and how many times.
///
/// # Errors
/// [`InputError`] when the file is not a 32-bit little-endian ELF image with a symbol table.
pub fn sites(elf: &Path) -> Result<BTreeMap<String, usize>, InputError> {
    let bytes = read_file(elf, Input::Elf)?;
    let bad = |what: &str| InputError::in_file(elf, format!("not a usable ELF image: {what}"));
    let u16_at = |at: usize| {
        bytes
            .get(at..at + 2)
            .and_then(|b| b.try_into().ok())
            .map(u16::from_le_bytes)
    };
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
    };
    if bytes.get(..5) != Some(b"\x7fELF\x01") {
        return Err(bad("not 32-bit ELF"));
    }
    let shoff = u32_at(0x20).ok_or_else(|| bad("header"))? as usize;
    let shentsize = usize::from(u16_at(0x2E).ok_or_else(|| bad("header"))?);
    let shnum = usize::from(u16_at(0x30).ok_or_else(|| bad("header"))?);
    struct Section {
        kind: u32,
        flags: u32,
        addr: u64,
        offset: usize,
        size: usize,
        link: usize,
    }
    let sections: Vec<Section> = (0..shnum)
        .map(|i| {
            let at = shoff + i * shentsize;
            Some(Section {
                kind: u32_at(at + 4)?,
                flags: u32_at(at + 8)?,
                addr: u64::from(u32_at(at + 12)?),
                offset: u32_at(at + 16)? as usize,
                size: u32_at(at + 20)? as usize,
                link: u32_at(at + 24)? as usize,
            })
        })
        .collect::<Option<_>>()
        .ok_or_else(|| bad("section headers"))?;
    const SHT_SYMTAB: u32 = 2;
    const SHF_EXECINSTR: u32 = 4;
    let symtab = sections
        .iter()
        .find(|s| s.kind == SHT_SYMTAB)
        .ok_or_else(|| bad("no symbol table (stripped?)"))?;
    let strtab = sections
        .get(symtab.link)
        .ok_or_else(|| bad("symbol names"))?;
    let name_at = |offset: usize| -> Option<&str> {
        let start = strtab.offset + offset;
        let rest = bytes.get(start..strtab.offset + strtab.size)?;
        let end = rest.iter().position(|&b| b == 0)?;
        core::str::from_utf8(rest.get(..end)?).ok()
    };
    const STT_FUNC: u8 = 2;
    let mut functions = Vec::new();
    for i in 0..symtab.size / 16 {
        let at = symtab.offset + i * 16;
        let (Some(name), Some(value), Some(size), Some(&info)) = (
            u32_at(at),
            u32_at(at + 4),
            u32_at(at + 8),
            bytes.get(at + 12),
        ) else {
            continue;
        };
        if info & 0xF != STT_FUNC || size == 0 {
            continue;
        }
        let Some(mangled) = name_at(name as usize) else {
            continue;
        };
        functions.push(Function {
            // Bit 0 marks Thumb code.
            start: u64::from(value & !1),
            size: u64::from(size),
            name: format!("{:#}", rustc_demangle::demangle(mangled)),
        });
    }
    let panics: Vec<u64> = functions
        .iter()
        .filter(|f| is_panic_path(&f.name))
        .map(|f| f.start)
        .collect();
    let mut sites = BTreeMap::new();
    for function in functions.iter().filter(|f| !is_panic_path(&f.name)) {
        let Some(section) = sections.iter().find(|s| {
            s.flags & SHF_EXECINSTR != 0
                && s.addr <= function.start
                && function.start + function.size <= s.addr + s.size as u64
        }) else {
            continue;
        };
        let from = section.offset + (function.start - section.addr) as usize;
        let Some(code) = bytes.get(from..from + function.size as usize) else {
            continue;
        };
        let calls = branch_targets(code, function.start)
            .filter(|target| panics.contains(target))
            .count();
        if calls > 0 {
            let name = function
                .name
                .rsplit_once("::h")
                .map_or(function.name.as_str(), |(path, _)| path);
            *sites.entry(name.to_owned()).or_insert(0) += calls;
        }
    }
    Ok(sites)
}

/// Whether a (demangled) function is one of core's panic paths: `core::panicking::*` and core's
/// `…_fail` / `…_failed` functions (`unwrap_failed`, `expect_failed`, `slice_index_fail`,
/// `len_mismatch_fail`, …), or the panic handler.
fn is_panic_path(name: &str) -> bool {
    let path = name.rsplit_once("::h").map_or(name, |(path, _)| path);
    (path.starts_with("core::")
        && (path.contains("panic") || path.ends_with("_fail") || path.ends_with("_failed")))
        || path.contains("rust_begin_unwind")
}

/// The crate a demangled path belongs to: its first segment (`<T as Trait>` paths: the
/// implementing type's crate).
pub fn crate_of(name: &str) -> String {
    let name = name
        .trim_start_matches(['<', '&', '*', ' '])
        .trim_start_matches("mut ");
    name.split("::")
        .next()
        .unwrap_or(name)
        .split(['<', ' ', '>'])
        .next()
        .unwrap_or(name)
        .to_owned()
}

/// The targets of the `BL` and `B.W` (T4) instructions of Thumb-2 code at address `base`,
/// decoded in order (16-bit instructions skipped, 32-bit ones recognised by their first
/// halfword, ARMv7-M ARM §A5.1).
fn branch_targets(code: &[u8], base: u64) -> impl Iterator<Item = u64> + '_ {
    let mut at = 0usize;
    core::iter::from_fn(move || {
        loop {
            let first = u16::from_le_bytes(code.get(at..at + 2)?.try_into().ok()?);
            let wide = matches!(first >> 11, 0b11101..=0b11111);
            if !wide {
                at += 2;
                continue;
            }
            let second = u16::from_le_bytes(code.get(at + 2..at + 4)?.try_into().ok()?);
            let pc = base + at as u64;
            at += 4;
            // BL: 11110 S imm10 | 11 J1 1 J2 imm11; B.W (T4): 11110 S imm10 | 10 J1 1 J2 imm11.
            if first >> 11 != 0b11110 || (second & 0xD000 != 0xD000 && second & 0xD000 != 0x9000) {
                continue;
            }
            let s = u32::from((first >> 10) & 1);
            let j1 = u32::from((second >> 13) & 1);
            let j2 = u32::from((second >> 11) & 1);
            let i1 = !(j1 ^ s) & 1;
            let i2 = !(j2 ^ s) & 1;
            let imm = (s << 24)
                | (i1 << 23)
                | (i2 << 22)
                | (u32::from(first & 0x3FF) << 12)
                | (u32::from(second & 0x7FF) << 1);
            // Sign-extend the 25-bit offset.
            let offset = ((imm << 7) as i32 >> 7) as i64;
            return Some((pc as i64 + 4 + offset) as u64);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_bl_and_b_w() {
        // `bl` forward by 0x100 at 0x1000: 0xF000 0xF880 → 0x1000 + 4 + 0x100.
        let code = [0x00, 0xF0, 0x80, 0xF8, 0x00, 0xBF];
        assert_eq!(
            branch_targets(&code, 0x1000).collect::<Vec<_>>(),
            vec![0x1104]
        );
        // `b.w` backward by 8 at 0x2000: S=1, imm10=0x3FF, J1=J2=1, imm11=0x7FC.
        let code = [0xFF, 0xF7, 0xFC, 0xBF];
        assert_eq!(
            branch_targets(&code, 0x2000).collect::<Vec<_>>(),
            vec![0x1FFC]
        );
        // 16-bit instructions in between are skipped, a 32-bit non-branch too.
        let code = [0x00, 0xBF, 0x4F, 0xF0, 0x00, 0x00, 0x00, 0xF0, 0x00, 0xF8];
        assert_eq!(branch_targets(&code, 0).collect::<Vec<_>>(), vec![6 + 4]);
    }

    #[test]
    fn crates_of_paths() {
        assert_eq!(crate_of("jwtv::json::Validator::string"), "jwtv");
        assert_eq!(
            crate_of("<p256::arithmetic::FieldElement as core::ops::Mul>::mul"),
            "p256"
        );
        assert_eq!(crate_of("core::fmt::write"), "core");
        assert!(is_panic_path("core::panicking::panic_bounds_check"));
        assert!(is_panic_path(
            "core::slice::copy_from_slice_impl::len_mismatch_fail"
        ));
        assert!(is_panic_path("core::option::unwrap_failed"));
        assert!(!is_panic_path("jwtv::verify::verify"));
        assert!(!is_panic_path("core::fmt::write"));
    }
}
