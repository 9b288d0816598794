//! `host-harness wycheproof`: Project Wycheproof's signature vectors ([`crate::corpus::wycheproof`])
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

use verifier::{Key, KeySet, verify_signature};

use crate::cli::{CommandResult, RunTarget, WycheproofArgs};
use crate::corpus::wycheproof::{self, Expected, Vector, VectorKey};
use crate::error::InputError;
use crate::target::qemu;

/// One key with its `R² mod n`, as the firmware keeps it.
type OneKey = KeySet<1, 1024>;

/// A verdict as the firmware prints it: `valid`, an error code, or `key:<rejection>`.
fn code(verdict: Result<(), verifier::Error>) -> String {
    match verdict {
        Ok(()) => "valid".to_owned(),
        Err(e) => e.code().to_owned(),
    }
}

/// An EC key from `x ‖ y`, its curve told by the length (P-256, P-384, P-521).
fn ec_key(xy: &[u8]) -> Result<Key<'_>, verifier::KeyRejection> {
    if let Ok(xy) = xy.try_into() {
        Ok(Key::ec_p256(xy))
    } else if let Ok(xy) = xy.try_into() {
        Ok(Key::ec_p384(xy))
    } else if let Ok(xy) = xy.try_into() {
        Ok(Key::ec_p521(xy))
    } else {
        Err(verifier::KeyRejection::Invalid)
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

/// The vectors in the firmware's wire format (`firmware/src/wire.rs`, `Vector`).
pub fn encode(vectors: &[Vector]) -> Vec<u8> {
    let mut out = Vec::new();
    for v in vectors {
        let mut body = Vec::new();
        qemu::record(&mut body, "alg", v.alg.name().as_bytes());
        match &v.key {
            VectorKey::Rsa { n, e } => {
                qemu::record(&mut body, "rsa_n", n);
                qemu::record(&mut body, "rsa_e", e.to_string().as_bytes());
            }
            VectorKey::Ec(xy) => qemu::record(&mut body, "ec_xy", xy),
            VectorKey::Ed25519(public) => qemu::record(&mut body, "ed25519", public),
            VectorKey::Oct(secret) => qemu::record(&mut body, "oct", secret),
        }
        qemu::record(&mut body, "msg", &v.msg);
        qemu::record(&mut body, "sig", &v.sig);
        qemu::frame(&mut out, "VECTOR", &body);
    }
    out
}

/// What the target said about one vector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetVerdict {
    /// The verdict with the key as constructed.
    pub direct: String,
    /// The verdict with the key stored in a key set.
    pub stored: String,
    /// Instructions of the first check.
    pub instructions: u64,
    /// Peak stack of the first check, in bytes.
    pub stack: u64,
}

/// Parses the `signature-vectors` firmware's report.
///
/// # Errors
/// [`InputError`] when a line is unreadable, the firmware stopped, or vectors are missing.
pub fn parse(text: &str, expected: usize) -> Result<Vec<TargetVerdict>, InputError> {
    qemu::parse_report(text, "V", "vectors", expected, |fields| {
        let [direct, stored, instructions, stack] = fields else {
            return None;
        };
        Some(TargetVerdict {
            direct: (*direct).to_owned(),
            stored: (*stored).to_owned(),
            instructions: instructions.parse().ok()?,
            stack: stack.parse().ok()?,
        })
    })
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
        RunTarget::QemuM4 => {
            let image = match &args.firmware {
                Some(image) => image.clone(),
                None => qemu::build_firmware("signature-vectors", None)?,
            };
            let (text, status) = qemu::execute(&image, "vectors.bin", &encode(&vectors))?;
            let results = parse(&text, vectors.len())?;
            qemu::exited_well(status)?;
            Some(results)
        }
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
    print!("{problems}");
    let total: usize = sets.values().map(|t| t.vectors).sum();
    let mismatches: usize = sets.values().map(|t| t.target_mismatches).sum();
    let where_ = if on_target.is_some() {
        "host and qemu-m4"
    } else {
        "host"
    };
    println!(
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
    println!("{header}\n{rule}");
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
        println!("{row}");
    }
    println!(
        "\n`differ from Wycheproof`: refused by design (keys over 4096 bits, PSS salt lengths other than JWS's,\n\
         HMAC keys shorter than the hash, truncated tags); each reason is listed in the verifier's tests."
    );
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn reads_the_firmware_report_and_refuses_a_short_one() {
        let text = "V 0 valid valid 1200 3000\nV 1 key:weak key:weak 0 0\nDONE 2\n";
        let results = parse(text, 2).unwrap();
        assert_eq!(results[1].direct, "key:weak");
        assert_eq!(results[0].instructions, 1200);
        assert!(parse("V 0 valid valid 1 1\nDONE 1\n", 2).is_err());
        assert!(parse("V 1 valid valid 1 1\nDONE 1\n", 1).is_err());
        assert!(parse("V 0 valid valid 1 1\nPANIC at x\n", 1).is_err());
    }

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

    #[test]
    fn encodes_one_frame_per_vector() {
        let vectors = wycheproof::all().unwrap();
        let encoded = encode(&vectors[..3]);
        let text = String::from_utf8_lossy(&encoded);
        assert_eq!(text.matches("VECTOR ").count(), 3);
        assert!(text.starts_with("VECTOR "));
    }
}
