//! Copy this: a door controller that drives its "unlock" line only for a valid token that
//! carries the claim it requires, and takes new issuer keys as signed key-set updates.
//!
//! Tokens arrive over a byte stream (a UART, a BLE characteristic, …), one per line. Each is
//! verified against the installed key set, under a `const` policy, with the time from the
//! device's RTC. The line goes high only when the token verifies *and* the application's own claim
//! (`http://example.com/is_root` here) is `true`.
//!
//! A line `KEYS <update>` is a key-set update (`typ` `jwk-set+jwt`, signed by the trust anchor
//! provisioned at manufacture): verified beside the installed set, written to flash in its
//! stored form, read back from there (as at the next boot) and installed. A replayed or older
//! update is refused (`key_set_rollback`). The anchor here is the repository's test-only
//! `fixtures/keys/trust-anchor-es256.json`: provision your own.
//!
//! Logs go through defmt over RTT, for a debug probe. defmt compiles out every level below
//! `error` unless `DEFMT_LOG` is set when building, so on a board (probe-rs as the runner instead
//! of this crate's QEMU):
//!
//! ```sh
//! DEFMT_LOG=info cargo run --release \
//!     --config 'target.thumbv7em-none-eabihf.runner = "probe-rs run --chip STM32F407VGTx"'
//! # or: DEFMT_LOG=info cargo build --release, then
//! #     probe-rs run --chip <chip> target/thumbv7em-none-eabihf/release/door
//! ```
//!
//! (with your chip's `memory.x`). QEMU has no RTT: there the defmt build runs but prints
//! nothing. With the `semihosting` feature the same lines go through semihosting instead, and
//! the program exits when the stream ends, so it shows its output under QEMU (this crate's
//! runner):
//!
//! ```sh
//! cargo run --release --features semihosting
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
use jwtv::{
    Algorithm, Error, Key, KeySet, KeySetUpdatePolicy, Policy, TokenBuffer, verify,
    verify_key_set_update,
};

/// The issuer's P-256 key (RFC 7515 Appendix A.3's public key). `jwtv provision
/// --emit rust` writes this from a JWKS.
static KEYS: [Key<'static>; 1] = [Key::ec_p256(&[
    // x
    127, 205, 206, 39, 112, 246, 196, 93, 65, 131, 203, 238, 111, 219, 75, 123, 88, 7, 51, 53, 123,
    233, 239, 19, 186, 207, 110, 60, 123, 209, 84, 69, //
    // y
    199, 241, 68, 205, 27, 189, 155, 126, 135, 44, 223, 237, 185, 238, 185, 244, 179, 105, 93, 110,
    169, 11, 36, 173, 138, 70, 35, 40, 133, 136, 229, 173,
])];

/// The trust anchor that signs key-set updates (test-only: fixtures/keys/trust-anchor-es256.json).
static TRUST_ANCHORS: [Key<'static>; 1] = [
    match Key::ec_p256(&[
        // x
        140, 125, 32, 125, 237, 172, 25, 237, 75, 212, 5, 207, 158, 254, 19, 96, 248, 211, 77, 69,
        205, 229, 52, 100, 108, 142, 31, 81, 114, 31, 80, 201, //
        // y
        17, 24, 110, 195, 131, 95, 220, 202, 129, 137, 149, 160, 85, 91, 104, 254, 220, 212, 212,
        156, 81, 38, 100, 34, 24, 91, 71, 101, 235, 99, 189, 71,
    ])
    .with_kid("trust-anchor-es256")
    {
        Ok(key) => key,
        Err(_) => panic!("kid too long"),
    },
];

/// Key-set updates from the key service, for door controllers.
const UPDATES: KeySetUpdatePolicy<'static> = KeySetUpdatePolicy::new(
    &[Algorithm::ES256],
    "https://keys.example",
    "door-controllers",
)
.with_leeway(60);

/// The installed key set: up to four keys in 2560 bytes.
type Installed = KeySet<4>;

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
fn may_unlock(token: &[u8], keys: &Installed, now: u64) -> Result<bool, Error> {
    let mut buffer = TokenBuffer::<1024>::new();
    let verified = verify(token, keys, &POLICY, now, &mut buffer)?;
    let claims: DoorClaims = verified.deserialize_claims()?;
    Ok(claims.is_root)
}

/// What the device keeps in flash: the stored form of its key set (a real device writes a
/// flash sector; the bytes are the same).
struct Flash {
    bytes: [u8; 512],
}

impl Flash {
    /// At boot: the stored set and the `iat` it came from, or the factory keys.
    fn boot(&self, installed: &mut Installed) -> Option<u64> {
        match installed.read_stored(&self.bytes) {
            Ok(iat) => Some(iat),
            Err(_) => {
                for key in KEYS {
                    let _ = installed.push(key);
                }
                None
            }
        }
    }
}

/// Applies a key-set update: verified into a staged set beside the installed one, stored, read
/// back from flash, and only then installed.
fn apply_update(
    update: &[u8],
    installed: &mut Installed,
    installed_iat: &mut Option<u64>,
    flash: &mut Flash,
    now: u64,
) -> Result<u64, Error> {
    let policy = match *installed_iat {
        Some(iat) => UPDATES.with_installed_iat(iat),
        None => UPDATES,
    };
    let mut buffer = TokenBuffer::<1024>::new();
    let mut staged = Installed::new();
    let accepted = verify_key_set_update(
        update,
        &TRUST_ANCHORS,
        &policy,
        now,
        &mut buffer,
        &mut staged,
    )?;
    staged.write_stored(accepted.iat(), &mut flash.bytes)?;
    *installed_iat = flash.boot(installed);
    installed_iat.ok_or(Error::StoredKeySetCorrupt)
}

/// Reads tokens line by line from `bytes` and drives `unlock` for each.
fn serve<P: OutputPin>(mut bytes: impl Iterator<Item = u8>, unlock: &mut P, now: impl Fn() -> u64) {
    let mut flash = Flash { bytes: [0xFF; 512] }; // erased flash: the factory keys
    let mut installed = Installed::new();
    let mut installed_iat = flash.boot(&mut installed);
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
        if let Some(update) = line[..len].strip_prefix(b"KEYS ") {
            match apply_update(
                update,
                &mut installed,
                &mut installed_iat,
                &mut flash,
                now(),
            ) {
                Ok(iat) => log!(
                    info,
                    "key set updated: iat {}, {} keys",
                    iat,
                    installed.len()
                ),
                Err(e) => log!(warn, "key set update refused: {}", e),
            }
            continue;
        }
        let verdict = if overflow {
            Err(Error::CapacityExceeded)
        } else {
            may_unlock(&line[..len], &installed, now())
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

/// What arrives "over the UART": RFC 7515 A.3 as issued; a token from the issuer's new key
/// (p256-b), not yet known; the key-set update that rotates to it (signed by the trust anchor);
/// the new key's token again; the update replayed; the old key's token, whose key was withdrawn
/// (no `kid`: checked against the one ES256 key left, it fails); and the RFC token with its
/// payload altered.
fn bytes() -> impl Iterator<Item = u8> {
    const RFC: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
    const NEW_KEY: &str = "eyJhbGciOiJFUzI1NiIsImtpZCI6InAyNTYtYiJ9.eyJpc3MiOiJqb2UiLCJleHAiOjEzMDA4MTkzODAsImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.ztILfOmc92iJvHADEjGBPIDvL6_2LDcjdMjHkcJZ15jJPPyAuhNcQl_fmBIXsE1YK56W3slw_zfrtiVePsqe_w";
    const UPDATE: &str = "KEYS eyJhbGciOiJFUzI1NiIsImtpZCI6InRydXN0LWFuY2hvci1lczI1NiIsInR5cCI6Imp3ay1zZXQrand0In0.eyJpc3MiOiJodHRwczovL2tleXMuZXhhbXBsZSIsInN1YiI6ImRvb3ItY29udHJvbGxlcnMiLCJpYXQiOjEzMDAwMDAwMDAsImtleXMiOlt7Imt0eSI6IkVDIiwia2lkIjoicDI1Ni1iIiwiY3J2IjoiUC0yNTYiLCJ4IjoiNFdZU3gwNW56Wkp4cXpFZEJLUnFnUmJRd3FvQ2dwNFV2ZG10LXZrLUhZayIsInkiOiI0M0hmYnRsSHpqTFVScTlxbXRYal9IeVgzLUN1cWc0S0Vha01oMWU5LUk4In1dfQ.jNrWJQqloTG3LdqrhzRl59ZGrl4JNbwZakuU1zTnuiJssymq5SE_TjjISSrVqpkMIdh-JUnJ5UMR050LrjBqVg";
    const ALTERED: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfR.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
    [RFC, NEW_KEY, UPDATE, NEW_KEY, UPDATE, RFC, ALTERED]
        .into_iter()
        .flat_map(|line| line.bytes().chain(core::iter::once(b'\n')))
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
