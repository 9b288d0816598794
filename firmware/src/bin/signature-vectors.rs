//! Replays signature vectors (Project Wycheproof's, sent by `jwtv wycheproof`) through
//! the verifier's signature layer on the target: reads `vectors.bin` from the host
//! (semihosting; format in `wire::Vector`) and prints one line per vector:
//!
//! ```text
//! V <index> <verdict> <keyset-verdict> <instructions> <stack-bytes>
//! ```
//! then `DONE <count>`. `verdict` is `verify_signature`'s with the key as constructed
//! (`valid`, an error code, or `key:<rejection>` when the key itself is refused); for RSA keys
//! the Montgomery constant is then computed during the verification. `keyset-verdict` is the
//! same check with the key stored in a `KeySet`, which precomputes that constant. Instructions
//! and stack are the first check's, meaningful under `qemu -icount shift=0`.
#![no_std]
#![no_main]

use core::fmt::Write as _;

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hio};
use jwtv::{Algorithm, Key, KeySet, verify_signature};
use jwtv_firmware::host_file::HostFile;
use jwtv_firmware::measure;
use jwtv_firmware::wire::{Vector, VectorKey};

/// Largest vector body (an RSA-8192 key, a message and a signature fit).
const MAX_VECTOR: usize = 8 * 1024;

/// One key with its `R² mod n`: an RSA-4096 key takes 1 KiB.
type OneKey = KeySet<1, 1024>;

#[entry]
fn main() -> ! {
    let peripherals = cortex_m::Peripherals::take().unwrap();
    measure::start(peripherals.SYST);
    let mut out = hio::hstdout().unwrap();
    let Some(mut file) = HostFile::open(b"vectors.bin\0") else {
        let _ = writeln!(out, "ERROR cannot open vectors.bin");
        debug::exit(debug::EXIT_FAILURE);
        loop {}
    };
    let mut body = [0u8; MAX_VECTOR];
    let mut count = 0usize;
    loop {
        let vector = match file.read_frame("VECTOR", &mut body) {
            Ok(None) => break,
            Ok(Some(body)) => Vector::parse(body),
            Err(()) => None,
        };
        let Some(vector) = vector else {
            let _ = writeln!(out, "ERROR vector {count} is not well formed");
            debug::exit(debug::EXIT_FAILURE);
            loop {}
        };
        let key = match vector.key {
            VectorKey::Rsa { n, e } => Key::rsa(n, e),
            VectorKey::EcP256(xy) => Ok(Key::ec_p256(xy)),
            VectorKey::EcP384(xy) => Ok(Key::ec_p384(xy)),
            VectorKey::EcP521(xy) => Ok(Key::ec_p521(xy)),
            VectorKey::Ed25519(public) => Ok(Key::ed25519(public)),
            VectorKey::Oct(secret) => Key::oct(secret),
        };
        match key {
            Err(rejection) => {
                let code = rejection.code();
                let _ = writeln!(out, "V {count} key:{code} key:{code} 0 0");
            }
            Ok(key) => {
                let (stack, (instructions, verdict)) = measure::stack(|| {
                    measure::instructions(|| {
                        verify_signature(vector.alg, &key, vector.msg, vector.sig)
                    })
                });
                let stored = stored_verdict(vector.alg, key, vector.msg, vector.sig);
                let _ = writeln!(
                    out,
                    "V {count} {} {stored} {instructions} {stack}",
                    code(verdict)
                );
            }
        }
        count += 1;
    }
    let _ = writeln!(out, "DONE {count}");
    debug::exit(debug::EXIT_SUCCESS);
    loop {}
}

fn code(verdict: Result<(), jwtv::Error>) -> &'static str {
    match verdict {
        Ok(()) => "valid",
        Err(e) => e.code(),
    }
}

/// The verdict with `key` stored in a key set (RSA: `R² mod n` precomputed at `push`).
fn stored_verdict(alg: Algorithm, key: Key<'_>, msg: &[u8], sig: &[u8]) -> &'static str {
    let mut keys = OneKey::new();
    if let Err(e) = keys.push(key) {
        return e.code();
    }
    match keys.get(0) {
        Some(stored) => code(verify_signature(alg, &stored, msg, sig)),
        None => "missing",
    }
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    if let Ok(mut out) = hio::hstdout() {
        let _ = writeln!(out, "PANIC {info}");
    }
    debug::exit(debug::EXIT_FAILURE);
    loop {}
}
