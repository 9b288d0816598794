//! [`crate::mul_rows`] in Thumb-2 assembly for ARMv7E-M, around `UMAAL`.
//!
//! Registers in the loop over a row's limbs (all twelve that inline assembly may name):
//!
//! | register | holds |
//! | --- | --- |
//! | r0 | `aᵢ` |
//! | r1 | `m` |
//! | r2 | carry of the `aᵢ·b` chain |
//! | r3 | carry of the `m·n` chain |
//! | r4 | `&t[j − 1]`, where the limb computed at `j` goes |
//! | r5 | `&b[j]` |
//! | r8 | `&n[j]` |
//! | r9 | turns (two pairs of limbs each) left in the row |
//! | r10, r11 | `t[j]`, `t[j + 1]` |
//! | r12, lr | `b[j]`, `b[j + 1]`, then `n[j]`, `n[j + 1]` |
//!
//! Step `j` of a row is two instructions, `UMAAL t_j, c_ab, aᵢ, b_j` then `UMAAL t_j, c_mn, m,
//! n_j`, and the loop takes four limbs per turn, two at a time with `LDRD`/`STRD`: 4.5
//! instructions a limb.
//! What does not fit in registers stays in a 32-byte frame on the stack:
//!
//! | offset | holds |
//! | ---: | --- |
//! | 0 | `n0` |
//! | 4 | `&t[0]` |
//! | 8 | `&b[0]` |
//! | 12 | `&n[0]` |
//! | 16 | `len − 1` |
//! | 20 | `&a[i]`, the next row's limb |
//! | 24 | the end of `a` |
//! | 28 | `top` |
//!
//! Only instructions and operand forms that ARMv7-M defines are used (no single-register
//! `LDM`, no SP or PC as a data operand), since QEMU faults on the UNPREDICTABLE ones.

use core::arch::asm;

/// See [`crate::mul_rows`].
pub(crate) fn mul_rows(
    t: &mut [u32],
    top: u32,
    a: &[u32],
    b: &[u32],
    n: &[u32],
    n0: u32,
) -> Option<u32> {
    if !crate::lengths_ok(t, b, n) {
        return None;
    }
    if a.is_empty() {
        return Some(top);
    }
    // `t` is not empty (checked above), so this does not wrap; limb counts fit a u32 on a 32-bit
    // target.
    let last = u32::try_from(t.len().wrapping_sub(1)).ok()?;
    let a_range = a.as_ptr_range();
    let mut top = top;
    // SAFETY:
    // - Memory: the block reads `a[0..a.len()]` (from `a_range.start` up to `a_range.end`,
    //   non-empty), `b[0..len]` and `n[0..len]`, and reads and writes `t[0..len]`, with
    //   `len = t.len() = b.len() = n.len() ≥ 1` checked above: every access is inside the
    //   slices. `t` is a `&mut` and so overlaps none of the others. All four are `u32` slices,
    //   so every address is 4-aligned as `LDR`, `LDRD`, `STRD` and `LDM` need.
    // - Stack: it takes 32 bytes below `sp` (hence no `nostack`) and gives them back; `sp`
    //   stays 8-aligned.
    // - Registers: every register it changes is an operand (in/out or clobbered, flags
    //   included as `preserves_flags` is not given); r6, r7 (frame pointer), sp and pc are not
    //   touched.
    // - Termination: a row ends after `len − 1` limbs (an odd one alone, then `p = (len − 1) / 2`
    //   pairs: none if `p` is 0, else r9 counts `⌈p / 2⌉ ≥ 1` turns down to 0, the first turn
    //   entered halfway when `p` is odd), and the rows end when the pointer into `a`,
    //   advanced 4 bytes a row, reaches the end of `a`, which is a whole number of rows away.
    unsafe {
        asm!(
            // The frame: n0, &t, &b, &n, len − 1, &a, end of a, top (see the module docs).
            "push {{r2, r3, r4, r5, r8, r9, r10, r11}}",
            // A row: the frame's constants, and aᵢ.
            "2:",
            "ldm sp, {{r1, r4, r5, r8, r9, r10}}",
            "ldr r0, [r10], #4",
            "str r10, [sp, #20]",
            // j = 0: sum = t[0] + aᵢ·b[0]; m = sum·n0; m·n[0] + sum is 0 mod 2³², only its
            // carry stays.
            "ldr r10, [r4]",
            "ldr r12, [r5], #4",
            "movs r2, #0",
            "umaal r10, r2, r0, r12",
            "mul r1, r10, r1",
            "ldr r12, [r8], #4",
            "movs r3, #0",
            "umaal r10, r3, r1, r12",
            // r9 = (len − 1) / 2 pairs; C = one odd limb to do alone; Z = no pairs.
            "lsrs r9, r9, #1",
            "bcc 3f",
            "ldr r10, [r4, #4]",
            "ldr r12, [r5], #4",
            "umaal r10, r2, r0, r12",
            "ldr r12, [r8], #4",
            "umaal r10, r3, r1, r12",
            "str r10, [r4], #4",
            // (LDR, STR and UMAAL leave the flags alone: Z is still that of the LSRS.)
            "3:",
            "beq 5f",
            // Pairs of limbs, two pairs a turn: r9 = ⌊pairs / 2⌋ turns, and an odd pair enters
            // the first turn at its second half (one more turn).
            "lsrs r9, r9, #1",
            "bcc 4f",
            "add r9, r9, #1",
            "b 6f",
            // A pair: t[j − 1], t[j] = t[j], t[j + 1] + aᵢ·b[j..j + 2] + m·n[j..j + 2].
            "4:",
            "ldrd r10, r11, [r4, #4]",
            "ldrd r12, lr, [r5], #8",
            "umaal r10, r2, r0, r12",
            "umaal r11, r2, r0, lr",
            "ldrd r12, lr, [r8], #8",
            "umaal r10, r3, r1, r12",
            "umaal r11, r3, r1, lr",
            "strd r10, r11, [r4], #8",
            "6:",
            "ldrd r10, r11, [r4, #4]",
            "ldrd r12, lr, [r5], #8",
            "umaal r10, r2, r0, r12",
            "umaal r11, r2, r0, lr",
            "ldrd r12, lr, [r8], #8",
            "umaal r10, r3, r1, r12",
            "umaal r11, r3, r1, lr",
            "strd r10, r11, [r4], #8",
            "subs r9, r9, #1",
            "bne 4b",
            // The top: t[len − 1], top = top + carry_ab + carry_mn (below 3·2³²).
            "5:",
            "mov r12, #0",
            "umaal r2, r3, r12, r12",
            "ldr r10, [sp, #28]",
            "adds r2, r2, r10",
            "adc r3, r3, #0",
            "str r2, [r4]",
            "str r3, [sp, #28]",
            // Next row while &a[i] is not the end of a.
            "ldrd r10, r11, [sp, #20]",
            "cmp r10, r11",
            "bne 2b",
            "ldr r9, [sp, #28]",
            "add sp, sp, #32",
            inout("r2") n0 => _,
            inout("r3") t.as_mut_ptr() => _,
            inout("r4") b.as_ptr() => _,
            inout("r5") n.as_ptr() => _,
            inout("r8") last => _,
            inout("r9") a_range.start => top,
            inout("r10") a_range.end => _,
            inout("r11") top => _,
            out("r0") _,
            out("r1") _,
            out("r12") _,
            out("lr") _,
        );
    }
    Some(top)
}
