//! Starter: verify RS256 OpenID Connect ID tokens from an Auth0-shaped tenant on a Cortex-M4.
//!
//! The key set is a `static` in flash, the policy a `const`, the token buffer lives on the stack:
//! no heap (there is no `#[global_allocator]`: if anything allocated, this would not link) and no
//! JSON parsing of keys at boot. Each embedded test token is verified at a fixed `now` and its
//! verdict printed on one line; then the program exits (under QEMU, `cargo run --release`).
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use jwtv::{Algorithm, Error, JsonStr, Policy, TokenBuffer, verify};

// The tenant's signing keys, generated from its JWKS (jwks.json here) with precomputed RSA
// constants. Regenerate after a key rotation, or for your own tenant, from the repository
// checkout:
//   cargo run -p host-harness -- provision --jwks examples/cortex-m4/jwks.json --alg RS256 \
//       --emit rust --output examples/cortex-m4/src/keys.rs
// (download your JWKS from https://YOUR_DOMAIN/.well-known/jwks.json).
mod keys;
use keys::KEYS;

/// The tenant: `iss` exactly as Auth0 writes it (with the trailing slash).
const ISSUER: &str = "https://tenant.eu.auth0.example/";
/// Your application's client ID: an ID token's `aud` must be it (an ID token that also names
/// other audiences is refused, as OpenID Connect requires of a client that trusts only itself).
const CLIENT_ID: &str = "Xy7pQ2mVn4RkT9sLw3HbA6cDe8FgJ1Kz";

/// OpenID Connect Core §3.1.3.7: signature by a key of `KEYS` with RS256 (nothing else is
/// accepted, whatever the header says); `iss`, `sub`, `aud`, `exp`, `iat` present; `iss` and
/// `aud` as above, `azp` (if present) this client, `exp` after `now`. Add `.with_leeway(60)` for clock skew, `.with_nonce(..)` when the
/// device sent one.
const POLICY: Policy<'static> = Policy::id_token(&[Algorithm::RS256], ISSUER, CLIENT_ID);

/// The longest token accepted, in bytes (the buffer is on the stack; a longer token is
/// `capacity_exceeded`). The test tokens are 838 bytes; ID tokens grow with the profile claims
/// the device asks for (`name`, `email`, `picture`, ...).
const MAX_TOKEN: usize = 2048;

/// Test tokens signed with the repository's test key (tokens/make-tokens.sh has the commands).
/// A token file may end in a newline (`jwtv sign ... > tokens/NAME.jwt` writes one, and so do
/// editors): [`token_file`] drops trailing whitespace as the file is embedded, since the
/// verifier rightly refuses a token with bytes after its signature (`malformed_token`).
const TOKENS: [(&str, &str); 4] = [
    ("valid", token_file(include_str!("../tokens/valid.jwt"))),
    ("expired", token_file(include_str!("../tokens/expired.jwt"))),
    (
        "wrong-audience",
        token_file(include_str!("../tokens/wrong-audience.jwt")),
    ),
    (
        "tampered",
        token_file(include_str!("../tokens/tampered.jwt")),
    ),
];

/// A token file's text without the trailing ASCII whitespace (newline, CR, spaces) that tools and
/// editors leave; evaluated at compile time.
const fn token_file(text: &'static str) -> &'static str {
    text.trim_ascii_end()
}

/// The time the tokens are checked at, in seconds since 1970 (2023-11-14T22:13:20Z). On a
/// device, read your RTC or the time from your last authenticated time sync.
const NOW: u64 = 1_700_000_000;

/// Verifies one token and hands the verdict to `report`: the `sub` claim (required by the ID token
/// profile) when the token is valid, the error otherwise.
fn check(name: &str, token: &[u8], report: impl FnOnce(Result<JsonStr<'_>, Error>)) {
    let mut buffer = TokenBuffer::<MAX_TOKEN>::new();
    #[cfg(feature = "measure")]
    let verdict = {
        let buffer = &mut buffer;
        let (count, verdict) =
            measure::instructions(move || verify(token, &KEYS, &POLICY, NOW, buffer));
        log::instructions(name, count);
        verdict
    };
    #[cfg(all(not(feature = "measure"), not(feature = "baseline")))]
    let verdict = {
        let _ = name;
        verify(token, &KEYS, &POLICY, NOW, &mut buffer)
    };
    // `baseline` (measure.sh): a made-up verdict instead of verifying, so that the image less
    // this one is what the verifier and its keys take.
    #[cfg(all(not(feature = "measure"), feature = "baseline"))]
    let verdict: Result<jwtv::Verified<'_>, Error> = {
        let _ = (name, &mut buffer, &KEYS, &POLICY, NOW);
        let pick = core::hint::black_box(token.len()) % Error::ALL.len();
        Err(Error::ALL
            .get(pick)
            .copied()
            .unwrap_or(Error::MalformedToken))
    };
    match verdict {
        // `sub` borrows from `buffer`; `Display` decodes JSON escapes, `as_plain` borrows a
        // `&str` when there are none, `unescape_into` copies into a buffer of yours.
        Ok(verified) => match verified.claims().and_then(|claims| claims.sub()) {
            Some(sub) => report(Ok(sub)),
            None => report(Err(Error::MissingClaim)),
        },
        Err(e) => report(Err(e)),
    }
}

#[entry]
fn main() -> ! {
    #[cfg(feature = "measure")]
    let painted = {
        if let Some(peripherals) = cortex_m::Peripherals::take() {
            measure::start(peripherals.SYST);
        }
        measure::paint()
    };
    check_all();
    #[cfg(feature = "measure")]
    log::stack_peak(painted.peak());
    log::done()
}

/// Verifies every test token and prints its verdict. Not inlined into `main`, so that its frames
/// (the token buffer, the verifier's) lie below the stack `measure` paints from `main`.
#[inline(never)]
fn check_all() {
    for (name, token) in TOKENS {
        check(name, token.as_bytes(), |verdict| match verdict {
            Ok(sub) => log::verdict_valid(name, sub),
            Err(e) => log::verdict_error(name, e),
        });
    }
}

#[cfg(feature = "measure")]
mod measure;

/// Output through semihosting: the host's console under QEMU or a debugger.
#[cfg(not(feature = "defmt"))]
mod log {
    use cortex_m_semihosting::{debug, hprintln};

    pub fn verdict_valid(name: &str, sub: jwtv::JsonStr<'_>) {
        hprintln!("{}: valid, sub {}", name, sub);
    }

    pub fn verdict_error(name: &str, e: jwtv::Error) {
        hprintln!("{}: {}", name, e.code());
    }

    #[cfg(feature = "measure")]
    pub fn instructions(name: &str, count: u64) {
        hprintln!("measure: {} verify {} instructions", name, count);
    }

    #[cfg(feature = "measure")]
    pub fn stack_peak(bytes: usize) {
        hprintln!("measure: stack peak {} bytes", bytes);
    }

    pub fn done() -> ! {
        debug::exit(debug::EXIT_SUCCESS);
        loop {
            cortex_m::asm::wfi();
        }
    }

    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
        hprintln!("panic");
        debug::exit(debug::EXIT_FAILURE);
        loop {
            cortex_m::asm::wfi();
        }
    }
}

/// Output through defmt over RTT: a debug probe reads it (`probe-rs run`), the core never
/// halts for it. Semihosting is not used at all, so the image also runs without a debugger.
#[cfg(feature = "defmt")]
mod log {
    use defmt_rtt as _;

    pub fn verdict_valid(name: &str, sub: jwtv::JsonStr<'_>) {
        defmt::info!("{=str}: valid, sub {}", name, sub);
    }

    pub fn verdict_error(name: &str, e: jwtv::Error) {
        defmt::warn!("{=str}: {=str}", name, e.code());
    }

    #[cfg(feature = "measure")]
    pub fn instructions(name: &str, count: u64) {
        defmt::info!("measure: {=str} verify {=u64} instructions", name, count);
    }

    #[cfg(feature = "measure")]
    pub fn stack_peak(bytes: usize) {
        defmt::info!("measure: stack peak {=usize} bytes", bytes);
    }

    pub fn done() -> ! {
        defmt::info!("done");
        loop {
            cortex_m::asm::wfi();
        }
    }

    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
        defmt::error!("panic");
        loop {
            cortex_m::asm::wfi();
        }
    }
}
