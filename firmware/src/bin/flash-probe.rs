//! Links what a product links: `verify` with every compiled-in algorithm allowed, keys from a
//! `static`. `jwtv bench --target qemu-m4` builds it once per feature set and reads its
//! size; with `--features baseline` the verifier is not called, which gives the cost of the
//! runtime alone.
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use cortex_m_semihosting::debug;
use jwtv::{Algorithm, Key, Policy, TokenBuffer, verify};

static KEYS: [Key<'static>; 1] = [Key::ec_p256(&[1; 64])];
const POLICY: Policy<'static> = Policy::id_token(&Algorithm::ALL, "https://op.example", "client-1");

#[entry]
fn main() -> ! {
    if cfg!(feature = "baseline") {
        debug::exit(debug::EXIT_SUCCESS);
    } else {
        let token: &[u8] = black_box(b"a.b.c");
        let mut buffer = TokenBuffer::<2048>::new();
        let verdict = verify(token, black_box(&KEYS), &POLICY, black_box(0), &mut buffer).is_ok();
        debug::exit(if black_box(verdict) {
            debug::EXIT_SUCCESS
        } else {
            debug::EXIT_FAILURE
        });
    }
    loop {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    debug::exit(debug::EXIT_FAILURE);
    loop {}
}
