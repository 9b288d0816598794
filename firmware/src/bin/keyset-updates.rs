//! Replays the key-set update scenarios on the target: reads `updates.bin` from the host
//! (semihosting), one `STEP` frame per step, and keeps a device's state between steps: the
//! installed `KeySet<4>`, the `iat` it came from, and its stored form in a "flash" buffer. An
//! accepted update is verified into a staged set beside the installed one, written in its stored
//! form, and read back from there as after a reboot; a `stored` step reads a stored set at boot;
//! a `token` step verifies a token against the installed set. Prints one line per step:
//!
//! ```text
//! K <index> <verdict> <installed kids, comma-separated, or -> <instructions> <stack-bytes>
//! ```
//! then `DONE <count>`. Instructions (exact under `qemu -icount shift=0`, SysTick resolution 40)
//! and peak stack are those of `verify_key_set_update` for an update step, of `read_stored` for a
//! stored step, of `verify` for a token step.
//!
//! Step body records (`tag len\nbytes\n`, as `wire.rs`): `reset` (a new device), `anchors`
//! (JWKS), `update_alg`*, `iss`, `sub`, `leeway`, `token_iss`, `token_alg`*, `now`, and one of
//! `update`, `stored`, `token`.
#![no_std]
#![no_main]

use core::fmt::Write as _;

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hio};
use jwtv::{
    Algorithm, Error, KeySet, KeySetUpdatePolicy, Policy, TokenBuffer, verify,
    verify_key_set_update,
};
use jwtv_firmware::host_file::HostFile;
use jwtv_firmware::measure;
use jwtv_firmware::wire::header_line;

const MAX_STEP: usize = 16 * 1024;
const MAX_UPDATE: usize = 8192;
const MAX_ALGS: usize = 8;

type DeviceKeys = KeySet<4>;

static mut STEP_BUFFER: [u8; MAX_STEP] = [0; MAX_STEP];
static mut TOKEN_BUFFER: TokenBuffer<MAX_UPDATE> = TokenBuffer::new();
static mut INSTALLED: DeviceKeys = KeySet::new();
static mut STAGED: DeviceKeys = KeySet::new();
static mut ANCHORS: KeySet<4> = KeySet::new();
static mut FLASH: [u8; 4096] = [0; 4096];

#[derive(Default)]
struct Step<'a> {
    reset: bool,
    anchors: &'a [u8],
    update_algs: ([Option<Algorithm>; MAX_ALGS], usize),
    iss: &'a str,
    sub: &'a str,
    leeway: u64,
    token_iss: &'a str,
    token_algs: ([Option<Algorithm>; MAX_ALGS], usize),
    now: u64,
    update: Option<&'a [u8]>,
    stored: Option<&'a [u8]>,
    token: Option<&'a [u8]>,
}

fn text(bytes: &[u8]) -> Option<&str> {
    core::str::from_utf8(bytes).ok()
}

fn push_alg(list: &mut ([Option<Algorithm>; MAX_ALGS], usize), bytes: &[u8]) -> Option<()> {
    let alg = Algorithm::from_name(text(bytes)?)?;
    *list.0.get_mut(list.1)? = Some(alg);
    list.1 += 1;
    Some(())
}

fn parse(mut body: &[u8]) -> Option<Step<'_>> {
    let mut step = Step::default();
    while !body.is_empty() {
        let (tag, len, rest) = header_line(body)?;
        let value = rest.get(..len)?;
        body = rest.get(len + 1..)?;
        match tag {
            "reset" => step.reset = true,
            "anchors" => step.anchors = value,
            "update_alg" => push_alg(&mut step.update_algs, value)?,
            "iss" => step.iss = text(value)?,
            "sub" => step.sub = text(value)?,
            "leeway" => step.leeway = text(value)?.parse().ok()?,
            "token_iss" => step.token_iss = text(value)?,
            "token_alg" => push_alg(&mut step.token_algs, value)?,
            "now" => step.now = text(value)?.parse().ok()?,
            "update" => step.update = Some(value),
            "stored" => step.stored = Some(value),
            "token" => step.token = Some(value),
            _ => return None,
        }
    }
    Some(step)
}

fn algorithms(
    list: &([Option<Algorithm>; MAX_ALGS], usize),
    out: &mut [Algorithm; MAX_ALGS],
) -> usize {
    for (o, a) in out.iter_mut().zip(list.0.iter()) {
        *o = a.unwrap_or(Algorithm::ES256);
    }
    list.1
}

#[entry]
fn main() -> ! {
    let peripherals = cortex_m::Peripherals::take().unwrap();
    measure::start(peripherals.SYST);
    let mut out = hio::hstdout().unwrap();
    // SAFETY: each static is referenced once, here, for the whole run.
    let (body_buffer, buffer, installed, staged, anchors, flash) = unsafe {
        (
            &mut *core::ptr::addr_of_mut!(STEP_BUFFER),
            &mut *core::ptr::addr_of_mut!(TOKEN_BUFFER),
            &mut *core::ptr::addr_of_mut!(INSTALLED),
            &mut *core::ptr::addr_of_mut!(STAGED),
            &mut *core::ptr::addr_of_mut!(ANCHORS),
            &mut *core::ptr::addr_of_mut!(FLASH),
        )
    };
    let Some(mut file) = HostFile::open(b"updates.bin\0") else {
        let _ = writeln!(out, "ERROR cannot open updates.bin");
        debug::exit(debug::EXIT_FAILURE);
        loop {}
    };
    let mut installed_iat: Option<u64> = None;
    let mut count = 0usize;
    loop {
        let step = match file.read_frame("STEP", body_buffer) {
            Ok(None) => break,
            Ok(Some(body)) => parse(body),
            Err(()) => None,
        };
        let Some(step) = step else {
            let _ = writeln!(out, "ERROR step {count} is not well formed");
            debug::exit(debug::EXIT_FAILURE);
            loop {}
        };
        if step.reset {
            installed.clear();
            installed_iat = None;
        }
        let mut cost = (0u64, 0usize);
        let verdict: Result<(), Error> = (|| {
            let (loaded, _) = KeySet::<4>::from_jwks(step.anchors)?;
            *anchors = loaded;
            let mut update_algs = [Algorithm::ES256; MAX_ALGS];
            let n = algorithms(&step.update_algs, &mut update_algs);
            let mut token_algs = [Algorithm::ES256; MAX_ALGS];
            let m = algorithms(&step.token_algs, &mut token_algs);
            let mut policy = KeySetUpdatePolicy::new(&update_algs[..n], step.iss, step.sub)
                .with_leeway(step.leeway);
            if let Some(iat) = installed_iat {
                policy = policy.with_installed_iat(iat);
            }
            if let Some(update) = step.update {
                let (stack, (instructions, accepted)) = measure::stack(|| {
                    measure::instructions(|| {
                        verify_key_set_update(update, &*anchors, &policy, step.now, buffer, staged)
                    })
                });
                cost = (instructions, stack);
                let accepted = accepted?;
                // Written to flash, then read back: what the device runs on after a reboot.
                let len = staged.write_stored(accepted.iat(), flash)?;
                installed_iat = Some(installed.read_stored(&flash[..len])?);
                Ok(())
            } else if let Some(stored) = step.stored {
                let (stack, (instructions, read)) =
                    measure::stack(|| measure::instructions(|| staged.read_stored(stored)));
                cost = (instructions, stack);
                read?;
                let iat = installed.read_stored(stored)?;
                installed_iat = Some(iat);
                Ok(())
            } else if let Some(token) = step.token {
                let policy = Policy::jwt(&token_algs[..m], step.token_iss, "").waive_audience();
                let (stack, (instructions, verified)) = measure::stack(|| {
                    measure::instructions(|| {
                        verify(token, &*installed, &policy, step.now, buffer).map(|_| ())
                    })
                });
                cost = (instructions, stack);
                verified
            } else {
                Err(Error::MalformedToken)
            }
        })();
        let code = match verdict {
            Ok(()) => "valid",
            Err(e) => e.code(),
        };
        let _ = write!(out, "K {count} {code} ");
        if installed.is_empty() {
            let _ = write!(out, "-");
        }
        for (i, key) in installed.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            let _ = write!(out, "{sep}{}", key.kid().unwrap_or("-"));
        }
        let _ = writeln!(out, " {} {}", cost.0, cost.1);
        count += 1;
    }
    let _ = writeln!(out, "DONE {count}");
    debug::exit(debug::EXIT_SUCCESS);
    loop {}
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    if let Ok(mut out) = hio::hstdout() {
        let _ = writeln!(out, "PANIC {info}");
    }
    debug::exit(debug::EXIT_FAILURE);
    loop {}
}
