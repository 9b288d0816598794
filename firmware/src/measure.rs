//! Cost on target: instructions from SysTick under `qemu -icount shift=0`, stack from painting.
//!
//! With `-icount shift=0` QEMU retires one instruction per virtual nanosecond, and the
//! mps2-an386 SysTick runs at 25 MHz of virtual time: one tick per 40 instructions. The counter
//! is 24 bits wide, so its wraps are counted in the SysTick exception.

use core::sync::atomic::{AtomicU32, Ordering};

use cortex_m::peripheral::SYST;
use cortex_m::peripheral::syst::SystClkSource;
use cortex_m_rt::exception;

/// Instructions per SysTick tick under `-icount shift=0` on mps2-an386.
pub const INSTRUCTIONS_PER_TICK: u64 = 40;
const RELOAD: u32 = 0x00FF_FFFF;

static WRAPS: AtomicU32 = AtomicU32::new(0);

#[exception]
fn SysTick() {
    WRAPS.fetch_add(1, Ordering::Relaxed);
}

/// Starts SysTick free-running from the processor clock.
pub fn start(mut syst: SYST) {
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(RELOAD);
    syst.clear_current();
    syst.enable_interrupt();
    syst.enable_counter();
}

/// Ticks since [`start`], monotonic.
pub fn ticks() -> u64 {
    loop {
        let before = WRAPS.load(Ordering::Relaxed);
        let current = SYST::get_current();
        if WRAPS.load(Ordering::Relaxed) == before {
            return u64::from(before) * (u64::from(RELOAD) + 1) + u64::from(RELOAD - current);
        }
    }
}

/// Instructions retired by `f` (to within [`INSTRUCTIONS_PER_TICK`]) and its result.
pub fn instructions<T>(f: impl FnOnce() -> T) -> (u64, T) {
    let start = ticks();
    let out = f();
    let end = ticks();
    ((end - start) * INSTRUCTIONS_PER_TICK, out)
}

const PAINT: u32 = 0xA5A5_5A5A;
/// How far below the caller's stack pointer is painted and checked.
pub const PAINTED_BYTES: usize = 32 * 1024;

/// Peak stack used by `f` below the caller's frame, in bytes, and its result.
///
/// Paints [`PAINTED_BYTES`] below the current stack pointer, runs `f`, and finds the lowest
/// word no longer holding the paint.
#[inline(never)]
pub fn stack<T>(f: impl FnOnce() -> T) -> (usize, T) {
    // Leave a margin for this function's own frame.
    let top = (cortex_m::register::msp::read() as usize - 256) & !3;
    let bottom = top - PAINTED_BYTES;
    for addr in (bottom..top).step_by(4) {
        // SAFETY: [bottom, top) lies in the unused part of the stack below this frame (RAM is
        // 4 MiB and the stack starts at its top; nothing else lives there).
        unsafe { core::ptr::write_volatile(addr as *mut u32, PAINT) };
    }
    let out = f();
    let mut lowest = top;
    for addr in (bottom..top).step_by(4) {
        // SAFETY: as above; reading back the painted region.
        if unsafe { core::ptr::read_volatile(addr as *const u32) } != PAINT {
            lowest = addr;
            break;
        }
    }
    (top - lowest + 256, out)
}
