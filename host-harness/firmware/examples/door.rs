//! Copy this: a door controller that drives its "unlock" line only for a valid token that
//! carries the claim it requires.
//!
//! Tokens arrive over a byte stream (a UART, a BLE characteristic, …), one per line. Each is
//! verified against a key set kept in flash, under a `const` policy, with the time from the
//! device's RTC. The line goes high only when the token verifies *and* the application's own claim
//! (`http://example.com/is_root` here) is `true`.
//!
//! Logs go through defmt over RTT, for a debug probe. defmt compiles out every level below
//! `error` unless `DEFMT_LOG` is set when building, so on a board (probe-rs as the runner instead
//! of this crate's QEMU):
//!
//! ```sh
//! DEFMT_LOG=info cargo run --release --example door \
//!     --config 'target.thumbv7em-none-eabihf.runner = "probe-rs run --chip STM32F407VGTx"'
//! # or: DEFMT_LOG=info cargo build --release --example door, then
//! #     probe-rs run --chip <chip> target/thumbv7em-none-eabihf/release/examples/door
//! ```
//!
//! (with your chip's `memory.x`). QEMU has no RTT: there the defmt build runs but prints
//! nothing. With the `semihosting` feature the same lines go through semihosting instead, and
//! the program exits when the stream ends, so it shows its output under QEMU (this crate's
//! runner):
//!
//! ```sh
//! cargo run --release --example door --features semihosting
//! ```
//!
//! On a real board, replace `LoggedPin` with your HAL's `OutputPin`, `bytes()` with your UART
//! reader and `rtc_now()` with your clock. This example is compiled and run in CI.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
#[cfg(not(feature = "semihosting"))]
use defmt_rtt as _;
use embedded_hal::digital::{ErrorType, OutputPin};
use verifier::{Algorithm, Error, Key, Policy, TokenBuffer, verify};

/// The issuer's P-256 key (RFC 7515 Appendix A.3's public key). `host-harness provision
/// --emit rust` writes this from a JWKS.
static KEYS: [Key<'static>; 1] = [Key::ec_p256(&[
    // x
    127, 205, 206, 39, 112, 246, 196, 93, 65, 131, 203, 238, 111, 219, 75, 123, 88, 7, 51, 53, 123,
    233, 239, 19, 186, 207, 110, 60, 123, 209, 84, 69, //
    // y
    199, 241, 68, 205, 27, 189, 155, 126, 135, 44, 223, 237, 185, 238, 185, 244, 179, 105, 93, 110,
    169, 11, 36, 173, 138, 70, 35, 40, 133, 136, 229, 173,
])];

/// Only ES256 from "joe"; a minute of clock skew tolerated.
const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::ES256], "joe", "")
    .waive_audience()
    .with_leeway(60);

/// One log line at `$level` (info, warn, ...): through defmt by default, through semihosting
/// (prefixed with the level) with the `semihosting` feature. The format string is read by both,
/// so keep to plain `{}` placeholders.
macro_rules! log {
    ($level:ident, $fmt:literal $(, $arg:expr)* $(,)?) => {{
        #[cfg(not(feature = "semihosting"))]
        defmt::$level!($fmt $(, $arg)*);
        #[cfg(feature = "semihosting")]
        cortex_m_semihosting::hprintln!(concat!(stringify!($level), ": ", $fmt) $(, $arg)*);
    }};
}

/// The claim this door requires, read through the application's own type.
#[derive(serde::Deserialize)]
struct DoorClaims {
    #[serde(rename = "http://example.com/is_root", default)]
    is_root: bool,
}

/// Verifies one token and decides whether to unlock.
fn may_unlock(token: &[u8], now: u64) -> Result<bool, Error> {
    let mut buffer = TokenBuffer::<1024>::new();
    let verified = verify(token, &KEYS, &POLICY, now, &mut buffer)?;
    let claims: DoorClaims = verified.deserialize_claims()?;
    Ok(claims.is_root)
}

/// Reads tokens line by line from `bytes` and drives `unlock` for each.
fn serve<P: OutputPin>(mut bytes: impl Iterator<Item = u8>, unlock: &mut P, now: impl Fn() -> u64) {
    let mut line = [0u8; 1024];
    loop {
        let mut len = 0;
        let mut overflow = false;
        let mut ended = true;
        for byte in bytes.by_ref() {
            ended = false;
            if byte == b'\n' {
                break;
            }
            match line.get_mut(len) {
                Some(slot) => {
                    *slot = byte;
                    len += 1;
                }
                None => overflow = true,
            }
        }
        if ended {
            return;
        }
        let verdict = if overflow {
            Err(Error::CapacityExceeded)
        } else {
            may_unlock(&line[..len], now())
        };
        match verdict {
            Ok(true) => {
                log!(info, "token accepted: unlocking");
                let _ = unlock.set_high();
            }
            Ok(false) => {
                log!(warn, "token valid but lacks the required claim");
                let _ = unlock.set_low();
            }
            Err(e) => {
                log!(warn, "token rejected: {}", e);
                let _ = unlock.set_low();
            }
        }
    }
}

/// Stands in for a GPIO: logs what the line does.
struct LoggedPin;

impl ErrorType for LoggedPin {
    type Error = core::convert::Infallible;
}

impl OutputPin for LoggedPin {
    fn set_low(&mut self) -> Result<(), Self::Error> {
        log!(info, "unlock line low");
        Ok(())
    }
    fn set_high(&mut self) -> Result<(), Self::Error> {
        log!(info, "unlock line high");
        Ok(())
    }
}

/// Two tokens "received over the UART": RFC 7515 A.3 as issued, and with its payload altered.
fn bytes() -> impl Iterator<Item = u8> {
    const STREAM: &[u8] = b"eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q\n\
eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfR.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q\n";
    STREAM.iter().copied()
}

/// The RTC: a time at which the RFC example had not yet expired.
fn rtc_now() -> u64 {
    1_300_819_000
}

#[entry]
fn main() -> ! {
    let mut unlock = LoggedPin;
    let _ = unlock.set_low();
    serve(bytes(), &mut unlock, rtc_now);
    // The stream has ended: under QEMU, leave it; a device would wait for the next token.
    #[cfg(feature = "semihosting")]
    cortex_m_semihosting::debug::exit(cortex_m_semihosting::debug::EXIT_SUCCESS);
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    #[cfg(feature = "semihosting")]
    cortex_m_semihosting::debug::exit(cortex_m_semihosting::debug::EXIT_FAILURE);
    loop {
        cortex_m::asm::wfi();
    }
}
