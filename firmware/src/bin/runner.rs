//! Replays conformance cases on the target: reads `cases.bin` from the host (semihosting),
//! verifies each case exactly as a product would, and prints one line per case:
//!
//! ```text
//! R <index> <verdict> <instructions> <stack-bytes> <signature-instructions>
//! ```
//! then `DONE <count>`. `verdict` is `valid` or the error code. Instructions are meaningful only
//! under `qemu -icount shift=0`. The key set is loaded before measuring: a device loads it once.
//! For a valid token the signature layer alone (`verify_signature` with the key that fits the
//! header) is timed too, so the whole verification can be compared with its primitive; it is 0
//! otherwise.
#![no_std]
#![no_main]

use core::fmt::Write as _;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hio};
use jwtv::{Key, KeySet, TokenBuffer, verify, verify_signature};
use jwtv_firmware::host_file::HostFile;
use jwtv_firmware::wire::Case;
use jwtv_firmware::{measure, wire};

/// Largest case body (its JWKS and token included).
const MAX_CASE: usize = 64 * 1024;
/// Longest token, the same capacity as the host harness.
const MAX_TOKEN: usize = 8192;

static mut CASE_BUFFER: [u8; MAX_CASE] = [0; MAX_CASE];

#[entry]
fn main() -> ! {
    let peripherals = cortex_m::Peripherals::take().unwrap();
    measure::start(peripherals.SYST);
    let mut out = hio::hstdout().unwrap();
    // SAFETY: the only reference to CASE_BUFFER, taken once here.
    let body_buffer: &mut [u8; MAX_CASE] = unsafe { &mut *core::ptr::addr_of_mut!(CASE_BUFFER) };
    let Some(mut file) = HostFile::open(b"cases.bin\0") else {
        let _ = writeln!(out, "ERROR cannot open cases.bin");
        debug::exit(debug::EXIT_FAILURE);
        loop {}
    };
    let mut count = 0usize;
    loop {
        let case = match file.read_frame("CASE", body_buffer) {
            Ok(None) => break,
            Ok(Some(body)) => Case::parse(body),
            Err(()) => None,
        };
        let Some(case) = case else {
            let _ = writeln!(
                out,
                "ERROR case {count} is not well formed (max {MAX_CASE} bytes, max list {})",
                wire::MAX_LIST
            );
            debug::exit(debug::EXIT_FAILURE);
            loop {}
        };
        let Ok(policy) = case.policy() else {
            // The host checked the settings with the same `Policy::from_parts`.
            let _ = writeln!(out, "R {count} policy_refused 0 0 0");
            count += 1;
            continue;
        };
        let verdict = match load_keys(case.jwks, case.secrets) {
            Err(e) => Err(e),
            Ok(keys) => {
                let mut buffer = TokenBuffer::<MAX_TOKEN>::new();
                let (stack, (instructions, result)) = measure::stack(|| {
                    measure::instructions(|| {
                        verify(case.token, &keys, &policy, case.now, &mut buffer).map(|v| {
                            (
                                v.header().alg(),
                                v.header().kid().and_then(|k| k.as_plain()),
                            )
                        })
                    })
                });
                let (code, signature_instructions) = match result {
                    Ok((alg, kid)) => {
                        let key = keys
                            .iter()
                            .find(|k| k.fits(alg, None) && (kid.is_none() || k.kid() == kid));
                        (
                            "valid",
                            key.map_or(0, |key| signature_cost(alg, &key, case.token)),
                        )
                    }
                    Err(e) => (e.code(), 0),
                };
                let _ = writeln!(
                    out,
                    "R {count} {code} {instructions} {stack} {signature_instructions}"
                );
                Ok(())
            }
        };
        if let Err(e) = verdict {
            let _ = writeln!(out, "R {count} {} 0 0 0", e.code());
        }
        count += 1;
    }
    let _ = writeln!(out, "DONE {count}");
    debug::exit(debug::EXIT_SUCCESS);
    loop {}
}

/// The issuer's JWKS plus the secrets the relying party adds explicitly (an OIDC client secret).
fn load_keys(jwks: &[u8], secrets: Option<&[u8]>) -> Result<Keys, jwtv::Error> {
    let (mut keys, _) = Keys::from_jwks(jwks)?;
    if let Some(secrets) = secrets {
        let (secrets, _) = Keys::from_jwks(secrets)?;
        for key in secrets.iter() {
            keys.push(key)?;
        }
    }
    Ok(keys)
}

/// A case's key set: sixteen keys, as many bytes as sixteen RSA-4096 keys with their
/// Montgomery constants and `kid`s (the host harness's capacity).
type Keys = KeySet<16, { 16 * (2 * 512 + 128) }>;

/// Instructions `verify_signature` takes on this token's signing input and signature.
fn signature_cost(alg: jwtv::Algorithm, key: &Key<'_>, token: &[u8]) -> u64 {
    let Some(dot) = token.iter().rposition(|&b| b == b'.') else {
        return 0;
    };
    let mut signature = [0u8; 512];
    let Ok(signature) = Base64UrlUnpadded::decode(&token[dot + 1..], &mut signature) else {
        return 0;
    };
    let (instructions, _) =
        measure::instructions(|| verify_signature(alg, key, &token[..dot], signature));
    instructions
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    if let Ok(mut out) = hio::hstdout() {
        let _ = writeln!(out, "PANIC {info}");
    }
    debug::exit(debug::EXIT_FAILURE);
    loop {}
}
