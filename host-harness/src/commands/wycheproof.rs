//! `jwtv wycheproof`: Project Wycheproof's signature vectors ([`crate::corpus::wycheproof`])
//! through the verifier's signature layer (`verify_signature`), on this machine and, with
//! `--target qemu-m4`, inside the emulated Cortex-M4, where every verdict must equal the host's.
//!
//! Each vector is checked twice: with the key as constructed (an RSA key's `R² mod n` computed
//! during the verification) and with the key stored in a `KeySet` (`R² mod n` precomputed), and
//! the two verdicts must agree. The report gives, per Wycheproof file, how many vectors were
//! accepted and how many verdicts differ from Wycheproof's `valid`/`invalid` (by design; the
//! reasons are listed in the verifier's tests), and on target the peak stack and the
//! instructions of the costliest vector.

use core::fmt::Write as _;
use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;
use jwtv::{Key, KeySet, verify_signature};

use crate::commands::common::{CommandResult, RunTarget};
use crate::corpus::wycheproof::{self, Expected, Vector, VectorKey};
use crate::error::InputError;
use crate::firmware::signature_vectors;

const WYCHEPROOF_HELP: &str = "\
Runs Project Wycheproof's vectors for the algorithms JWS uses (RSA PKCS#1 v1.5 and PSS, 2048 to
8192 bits; ECDSA P-256 SHA-256 in r||s form; HMAC-SHA-256/384/512) through verify_signature, each
twice: with the key as constructed and with the key stored in a KeySet (RSA: R^2 mod n
precomputed). With --target qemu-m4 the same vectors run inside the emulated Cortex-M4 and every
verdict must equal the host's. Prints a table per Wycheproof file; verdicts that differ from
Wycheproof's are refused by design, with the reasons in the verifier's tests. Exit status: 0 all
runs agree; 1 a verdict differs between runs; 2 the vectors or the target could not be run.

Examples:
  cargo run -p host-harness -- wycheproof
  cargo run -p host-harness -- wycheproof --target qemu-m4";

/// Options of `wycheproof`.
#[derive(Debug, Args)]
#[command(after_help = WYCHEPROOF_HELP)]
pub struct WycheproofArgs {
    /// Where the vectors run besides this machine: `qemu-m4` adds the emulated Cortex-M4.
    #[arg(long, value_enum, default_value_t = RunTarget::Host)]
    pub target: RunTarget,
    /// A prebuilt `signature-vectors` firmware image to use instead of building
    /// firmware/.
    #[arg(long, value_name = "ELF")]
    pub firmware: Option<PathBuf>,
}

/// One key with its `R² mod n`, as the firmware keeps it.
type OneKey = KeySet<1, 1024>;

/// A verdict as the firmware prints it: `valid`, an error code, or `key:<rejection>`.
fn code(verdict: Result<(), jwtv::Error>) -> String {
    match verdict {
        Ok(()) => "valid".to_owned(),
        Err(e) => e.code().to_owned(),
    }
}

/// An EC key from `x ‖ y`, its curve told by the length (P-256, P-384, P-521).
fn ec_key(xy: &[u8]) -> Result<Key<'_>, jwtv::KeyRejection> {
    if let Ok(xy) = xy.try_into() {
        Ok(Key::ec_p256(xy))
    } else if let Ok(xy) = xy.try_into() {
        Ok(Key::ec_p384(xy))
    } else if let Ok(xy) = xy.try_into() {
        Ok(Key::ec_p521(xy))
    } else {
        Err(jwtv::KeyRejection::Invalid)
    }
}

/// The host's two verdicts: the key as constructed, and the key stored in a key set.
pub fn host_verdicts(vector: &Vector) -> (String, String) {
    let key = match &vector.key {
        VectorKey::Rsa { n, e } => Key::rsa(n, *e),
        VectorKey::Ec(xy) => ec_key(xy),
        VectorKey::Ed25519(public) => Ok(Key::ed25519(public)),
        VectorKey::Oct(secret) => Key::oct(secret),
    };
    let key = match key {
        Ok(key) => key,
        Err(rejection) => {
            let code = format!("key:{}", rejection.code());
            return (code.clone(), code);
        }
    };
    let direct = code(verify_signature(vector.alg, &key, &vector.msg, &vector.sig));
    let mut keys = OneKey::new();
    let stored = match keys.push(key) {
        Err(e) => e.code().to_owned(),
        Ok(()) => keys.get(0).map_or_else(
            || "missing".to_owned(),
            |stored| {
                code(verify_signature(
                    vector.alg,
                    &stored,
                    &vector.msg,
                    &vector.sig,
                ))
            },
        ),
    };
    (direct, stored)
}

#[derive(Default)]
struct Tally {
    vectors: usize,
    accepted: usize,
    differ: usize,
    acceptable: usize,
    target_mismatches: usize,
    max_stack: u64,
    max_instructions: u64,
}

/// Runs the command.
///
/// # Errors
/// [`InputError`] when the vectors cannot be loaded or the target cannot be run.
pub fn run(args: &WycheproofArgs) -> CommandResult {
    let vectors = wycheproof::all().map_err(InputError::usage)?;
    let host: Vec<(String, String)> = vectors.iter().map(host_verdicts).collect();
    let on_target = match args.target {
        RunTarget::Host => None,
        RunTarget::QemuM4 => Some(signature_vectors::run(&vectors, args.firmware.as_deref())?),
    };
    let mut sets: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut problems = String::new();
    for (index, (v, (direct, stored))) in vectors.iter().zip(&host).enumerate() {
        let tally = sets.entry(v.set).or_default();
        tally.vectors = tally.vectors.saturating_add(1);
        let accepted = direct == "valid";
        tally.accepted = tally.accepted.saturating_add(usize::from(accepted));
        match v.expected {
            Expected::Acceptable => tally.acceptable = tally.acceptable.saturating_add(1),
            Expected::Valid => tally.differ = tally.differ.saturating_add(usize::from(!accepted)),
            Expected::Invalid => tally.differ = tally.differ.saturating_add(usize::from(accepted)),
        }
        if direct != stored {
            let _ = writeln!(
                problems,
                "host: {} tcId {}: {direct} with the key as constructed, {stored} from a key set",
                v.set, v.tc_id
            );
        }
        if let Some(target) = on_target.as_ref().and_then(|t| t.get(index)) {
            tally.max_stack = tally.max_stack.max(target.stack);
            tally.max_instructions = tally.max_instructions.max(target.instructions);
            if &target.direct != direct || &target.stored != stored {
                tally.target_mismatches = tally.target_mismatches.saturating_add(1);
                let _ = writeln!(
                    problems,
                    "target: {} tcId {} ({}): host {direct}/{stored}, target {}/{}",
                    v.set, v.tc_id, v.comment, target.direct, target.stored
                );
            }
        }
    }
    print_report(&sets, on_target.is_some());
    crate::out!("{problems}");
    let total: usize = sets.values().map(|t| t.vectors).sum();
    let mismatches: usize = sets.values().map(|t| t.target_mismatches).sum();
    let where_ = if on_target.is_some() {
        "host and qemu-m4"
    } else {
        "host"
    };
    crate::outln!(
        "{total} vectors on {where_}: {} disagreements between runs",
        problems.lines().count()
    );
    Ok(problems.is_empty() && mismatches == 0)
}

fn print_report(sets: &BTreeMap<&str, Tally>, on_target: bool) {
    let mut header = String::from(
        "| Wycheproof file | vectors | accepted | differ from Wycheproof | acceptable |",
    );
    let mut rule = String::from("| --- | ---: | ---: | ---: | ---: |");
    if on_target {
        header += " target = host | peak stack (B) | most instructions |";
        rule += " ---: | ---: | ---: |";
    }
    crate::outln!("{header}\n{rule}");
    for (set, t) in sets {
        let mut row = format!(
            "| {set} | {} | {} | {} | {} |",
            t.vectors, t.accepted, t.differ, t.acceptable
        );
        if on_target {
            let _ = write!(
                row,
                " {} | {} | {} |",
                t.vectors.saturating_sub(t.target_mismatches),
                t.max_stack,
                t.max_instructions
            );
        }
        crate::outln!("{row}");
    }
    crate::outln!(
        "\n`differ from Wycheproof`: refused by design (keys over 4096 bits, PSS salt lengths other than JWS's,\n\
         HMAC keys shorter than the hash, truncated tags); each reason is listed in the verifier's tests."
    );
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn host_verdicts_follow_wycheproof_where_jws_agrees() {
        let vectors = wycheproof::all().unwrap();
        let mut checked = 0;
        for v in vectors.iter().filter(|v| {
            matches!(
                v.set,
                "ecdsa_secp256r1_sha256_p1363" | "rsa_pkcs1_2048_sha256" | "ed25519"
            )
        }) {
            let (direct, stored) = host_verdicts(v);
            assert_eq!(direct, stored, "{} {}", v.set, v.tc_id);
            match v.expected {
                Expected::Valid => assert_eq!(direct, "valid", "{} {}", v.set, v.tc_id),
                Expected::Invalid | Expected::Acceptable => {
                    assert_ne!(direct, "valid", "{} {}", v.set, v.tc_id);
                }
            }
            checked += 1;
        }
        assert!(checked > 500);
        assert!(vectors.iter().filter(|v| v.set == "ed25519").count() >= 140);
    }
}
