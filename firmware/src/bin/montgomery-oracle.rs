//! The UMAAL assembly of `jwtv-montgomery-m4` against its portable Rust twin, on the target: thousands
//! of pseudo-random calls at every length from 1 to 128 limbs (plus the edge words 0 and
//! 0xFFFF_FFFF, tops 0, 1, 2 and 0xFFFF_FFFF, true and arbitrary Montgomery constants, and
//! mismatched lengths), each result compared word for word. Exits with EXIT_FAILURE at the first
//! difference, or if the build it runs is not the assembly at all.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};
use jwtv_montgomery_m4::{UMAAL, mul_rows, portable};

/// The longest operand, 4096 bits.
const MAX: usize = 128;
/// Calls per length with a few rows each, and with as many rows as limbs (a whole multiply).
const SHORT_CASES: usize = 24;
const WHOLE_CASES: usize = 3;

/// xorshift32: reproducible inputs.
struct Rng(u32);

impl Rng {
    fn word(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0
    }
    /// Random words, or one of the edge shapes: all zero, all ones, alternating.
    fn fill(&mut self, out: &mut [u32]) {
        let shape = self.word() % 8;
        for (i, x) in out.iter_mut().enumerate() {
            *x = match shape {
                0 => 0,
                1 => u32::MAX,
                2 => {
                    if i % 2 == 0 {
                        u32::MAX
                    } else {
                        0
                    }
                }
                _ => self.word(),
            };
        }
    }
    fn top(&mut self) -> u32 {
        match self.word() % 6 {
            0 => 0,
            1 => 1,
            2 => 2,
            3 => u32::MAX,
            _ => self.word(),
        }
    }
}

/// `−n⁻¹ mod 2³²` for odd `n`.
fn neg_inverse(n: u32) -> u32 {
    let mut x = n;
    for _ in 0..5 {
        x = x.wrapping_mul(2u32.wrapping_sub(n.wrapping_mul(x)));
    }
    x.wrapping_neg()
}

fn fail(what: &str, len: usize, case: usize) -> ! {
    hprintln!(
        "montgomery-oracle: MISMATCH ({}) at len {}, case {}",
        what,
        len,
        case
    );
    debug::exit(debug::EXIT_FAILURE);
    loop {}
}

#[entry]
fn main() -> ! {
    if !UMAAL {
        hprintln!("montgomery-oracle: this build is not the UMAAL assembly; nothing to compare");
        debug::exit(debug::EXIT_FAILURE);
    }
    let mut rng = Rng(0x9E37_79B9);
    let (mut a, mut b, mut n) = ([0u32; 2 * MAX], [0u32; MAX], [0u32; MAX]);
    let mut t_ref = [0u32; MAX + 1];
    let (mut calls, mut rows) = (0u32, 0u32);
    for len in 1..=MAX {
        for case in 0..SHORT_CASES + WHOLE_CASES {
            let (a, b, n) = (&mut a[..], &mut b[..len], &mut n[..len]);
            rng.fill(a);
            rng.fill(b);
            rng.fill(n);
            let n0 = if case % 2 == 0 {
                n[0] |= 1;
                neg_inverse(n[0])
            } else {
                rng.word()
            };
            let row_count = if case >= SHORT_CASES {
                // A whole multiply; every other one from t = 0, as Montgomery multiplication starts.
                len
            } else {
                1 + rng.word() as usize % 4
            };
            let a = &a[..row_count];
            rng.fill(&mut t_ref[..len]);
            if case >= SHORT_CASES && case % 2 == 0 {
                t_ref[..len].fill(0);
            }
            let top = if case >= SHORT_CASES && case % 2 == 0 {
                0
            } else {
                rng.top()
            };
            // One word past t, which neither may write.
            t_ref[len] = rng.word();
            let mut t_asm = t_ref;
            let got = mul_rows(&mut t_asm[..len], top, a, b, n, n0);
            let want = portable::mul_rows(&mut t_ref[..len], top, a, b, n, n0);
            if got.is_none() || got != want {
                fail("top", len, case);
            }
            if t_asm != t_ref {
                fail("t", len, case);
            }
            // Mismatched lengths: None, and t untouched.
            let before = t_asm;
            if len > 1 && mul_rows(&mut t_asm[..len], top, a, &b[..len - 1], n, n0).is_some() {
                fail("accepted a short b", len, case);
            }
            if mul_rows(&mut t_asm[..len + 1], top, a, b, n, n0).is_some() || t_asm != before {
                fail("accepted a long t", len, case);
            }
            calls += 1;
            rows += row_count as u32;
        }
    }
    hprintln!(
        "montgomery-oracle: {} calls, {} rows at lengths 1..={}: UMAAL assembly == portable",
        calls,
        rows,
        MAX
    );
    debug::exit(debug::EXIT_SUCCESS);
    loop {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    debug::exit(debug::EXIT_FAILURE);
    loop {}
}
