//! What the starter costs on the target, printed after the verdicts with the `measure` feature
//! (`bash measure.sh` builds and runs it): instructions per verification, and the stack peak of
//! the four verifications and their printing.
//!
//! Instructions come from SysTick: under QEMU's `-icount shift=0` (the runner in
//! `.cargo/config.toml`) one instruction is one virtual nanosecond and the mps2-an386 SysTick
//! ticks at 25 MHz, so one tick is 40 instructions, the same for every run. On a real chip the
//! same code counts core clock cycles (set [`INSTRUCTIONS_PER_TICK`] to 1), wait states included.
//! The stack is painted with a pattern below the stack pointer before the first verification and
//! read back after the last: the lowest word no longer holding the pattern is the peak.

use core::sync::atomic::{AtomicU32, Ordering};

use cortex_m::peripheral::SYST;
use cortex_m::peripheral::syst::SystClkSource;
use cortex_m_rt::exception;

/// Instructions per SysTick tick under `-icount shift=0` on mps2-an386.
pub const INSTRUCTIONS_PER_TICK: u64 = 40;
const RELOAD: u32 = 0x00FF_FFFF;
const PAINT: u32 = 0xA5A5_5A5A;
/// How far below the stack pointer is painted: more than any verification needs.
const PAINTED_BYTES: usize = 16 * 1024;
/// Left unpainted below the stack pointer, for the frames of the painting itself.
const MARGIN: usize = 256;

static WRAPS: AtomicU32 = AtomicU32::new(0);

#[exception]
fn SysTick() {
    WRAPS.fetch_add(1, Ordering::Relaxed);
}

/// Starts SysTick free-running from the core clock.
pub fn start(mut syst: SYST) {
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(RELOAD);
    syst.clear_current();
    syst.enable_interrupt();
    syst.enable_counter();
}

fn ticks() -> u64 {
    loop {
        let before = WRAPS.load(Ordering::Relaxed);
        let current = SYST::get_current();
        if WRAPS.load(Ordering::Relaxed) == before {
            return u64::from(before) * (u64::from(RELOAD) + 1) + u64::from(RELOAD - current);
        }
    }
}

/// Instructions retired by `f` (to within [`INSTRUCTIONS_PER_TICK`]), and its result.
pub fn instructions<T>(f: impl FnOnce() -> T) -> (u64, T) {
    let start = ticks();
    let out = f();
    ((ticks() - start) * INSTRUCTIONS_PER_TICK, out)
}

/// The painted region's top: just below the caller's frame.
pub struct Painted {
    top: usize,
}

/// Paints the stack below the current stack pointer. Call it from `main`, before the work.
#[inline(never)]
pub fn paint() -> Painted {
    let top = (cortex_m::register::msp::read() as usize - MARGIN) & !3;
    for addr in (top - PAINTED_BYTES..top).step_by(4) {
        // SAFETY: [top - PAINTED_BYTES, top) is the unused part of the stack below this frame:
        // the stack starts at the top of RAM (4 MiB on mps2-an386) and nothing else lives there.
        unsafe { core::ptr::write_volatile(addr as *mut u32, PAINT) };
    }
    Painted { top }
}

impl Painted {
    /// The deepest stack use since [`paint`], in bytes below `main`'s frame.
    pub fn peak(&self) -> usize {
        let bottom = self.top - PAINTED_BYTES;
        let lowest = (bottom..self.top)
            .step_by(4)
            // SAFETY: as in `paint`; reading back the painted region.
            .find(|&addr| unsafe { core::ptr::read_volatile(addr as *const u32) } != PAINT)
            .unwrap_or(self.top);
        self.top - lowest + MARGIN
    }
}
