//! The smallest product-shaped use of the verifier: a key set in a `static`, a `const` policy, a
//! token in, a verdict out. There is no `#[global_allocator]`: if anything in the verifier
//! allocated, this would not link.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};
use jwtv::{Algorithm, Key, Policy, TokenBuffer, verify};

/// RFC 7515 Appendix A.1: an HS256 token and its key (the key is public test data).
const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const SECRET: [u8; 64] = [
    3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240,
    84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138,
    180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128,
    163,
];

static KEYS: [Key<'static>; 1] = [match Key::oct(&SECRET) {
    Ok(key) => key,
    Err(_) => panic!("bad key"),
}];

const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "joe", "").waive_audience();

#[entry]
fn main() -> ! {
    let mut buffer = TokenBuffer::<512>::new();
    let before_exp = verify(TOKEN, &KEYS, &POLICY, 1_300_819_379, &mut buffer).map(|_| ());
    let mut buffer = TokenBuffer::<512>::new();
    let after_exp = verify(TOKEN, &KEYS, &POLICY, 1_300_819_380, &mut buffer).map(|_| ());
    let ok = before_exp.is_ok() && after_exp == Err(jwtv::Error::Expired);
    hprintln!(
        "link-check: before exp {:?}, at exp {:?}",
        before_exp,
        after_exp
    );
    debug::exit(if ok {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    debug::exit(debug::EXIT_FAILURE);
    loop {}
}
