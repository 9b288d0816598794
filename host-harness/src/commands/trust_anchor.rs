//! `jwtv trust-anchor`: a new trust-anchor key pair for signed key-set updates: the
//! private JWK in a file only its owner can read, the public half as a JWKS to build into the
//! firmware.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use crate::commands::common::CommandResult;
use crate::error::{InputError, write_file};
use crate::jose::b64;

const TRUST_ANCHOR_HELP: &str = "\
Generates a trust-anchor key pair from the operating system's random source. The private JWK (with
its kid and alg) goes to --private, created with mode 0600 and never over an existing file; the
public half goes to --public as a JWKS (`-`: standard output), ready for `provision --emit rust`
(a firmware's anchors) or `verify-keyset --trust-anchor`. Sign key-set updates with
`provision --sign-with PRIVATE`.

Run it on the machine that will sign updates and nowhere else, ideally one that is never online:
the private half never leaves it (copy a JWKS in, an update out); see docs/operators.md,
\"Creating a trust anchor\". Generate two anchors, kept apart, so that one can replace the other.

Examples:
  jwtv trust-anchor --kid anchor-2026 --private anchor-private.json \\
      --public anchor-public.json
  jwtv trust-anchor --alg EdDSA --kid anchor-b --private /media/offline/anchor-b.json \\
      --public anchor-b-public.json";

/// Options of `trust-anchor`.
#[derive(Debug, Args)]
#[command(after_help = TRUST_ANCHOR_HELP)]
pub struct TrustAnchorArgs {
    /// The signature algorithm.
    #[arg(long, value_enum, default_value_t = AnchorAlg::Es256)]
    pub alg: AnchorAlg,
    /// The key's `kid`: devices pick the anchor that verifies an update by it.
    #[arg(long)]
    pub kid: String,
    /// Where to write the private JWK (created with mode 0600; an existing file is refused).
    #[arg(long, value_name = "FILE")]
    pub private: PathBuf,
    /// Where to write the public JWKS; `-` writes it to standard output.
    #[arg(long, value_name = "FILE")]
    pub public: PathBuf,
}

/// The algorithms a trust anchor is generated for: the elliptic-curve ones, whose keys are
/// small in flash and quick to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AnchorAlg {
    /// ECDSA with P-256 and SHA-256.
    #[value(name = "ES256")]
    Es256,
    /// ECDSA with P-384 and SHA-384 (devices need the verifier's `es384`).
    #[value(name = "ES384")]
    Es384,
    /// Ed25519 (devices need the verifier's `eddsa`).
    #[value(name = "EdDSA")]
    EdDsa,
}

/// Bytes from the operating system's random source.
fn random<const N: usize>() -> Result<[u8; N], InputError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| {
        InputError::usage(format!("the operating system's random source failed: {e}"))
    })?;
    Ok(bytes)
}

/// A fresh private JWK for `alg`, with `kid` and `alg`.
fn generate(alg: AnchorAlg, kid: &str) -> Result<Value, InputError> {
    // A scalar of zero or past the group order is refused by `from_slice`: draw again (the
    // chance is about 2^-32 for P-256, 2^-190 for P-384).
    const DRAWS: usize = 64;
    let ec = |crv: &str, alg: &str, d: &[u8], sec1: &[u8]| {
        let half = sec1.len().saturating_sub(1) / 2;
        let (x, y) = sec1.get(1..).unwrap_or_default().split_at(half);
        json!({ "kty": "EC", "crv": crv, "kid": kid, "alg": alg, "use": "sig",
                "x": b64(x), "y": b64(y), "d": b64(d) })
    };
    match alg {
        AnchorAlg::Es256 => {
            for _ in 0..DRAWS {
                let d = random::<32>()?;
                if let Ok(secret) = p256::SecretKey::from_slice(&d) {
                    return Ok(ec(
                        "P-256",
                        "ES256",
                        &d,
                        &secret.public_key().to_sec1_bytes(),
                    ));
                }
            }
        }
        AnchorAlg::Es384 => {
            for _ in 0..DRAWS {
                let d = random::<48>()?;
                if let Ok(secret) = p384::SecretKey::from_slice(&d) {
                    return Ok(ec(
                        "P-384",
                        "ES384",
                        &d,
                        &secret.public_key().to_sec1_bytes(),
                    ));
                }
            }
        }
        AnchorAlg::EdDsa => {
            let d = random::<32>()?;
            let public = ed25519_dalek::SigningKey::from_bytes(&d).verifying_key();
            return Ok(
                json!({ "kty": "OKP", "crv": "Ed25519", "kid": kid, "alg": "EdDSA",
                              "use": "sig", "x": b64(public.as_bytes()), "d": b64(&d) }),
            );
        }
    }
    Err(InputError::usage(
        "the operating system's random source gave no valid scalar in 64 draws",
    ))
}

/// Creates `path` for the private key: readable and writable by its owner only, and never over
/// an existing file (an anchor's private half is not to be lost by a typo).
fn write_private(path: &Path, contents: &[u8]) -> Result<(), InputError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            InputError::in_file(
                path,
                "already exists: refusing to overwrite a private key (move it away first)",
            )
        } else {
            InputError::unwritable(path, &e)
        }
    })?;
    file.write_all(contents)
        .and_then(|()| file.sync_all())
        .map_err(|e| InputError::unwritable(path, &e))
}

/// Runs `jwtv trust-anchor`.
///
/// # Errors
/// [`InputError`] for an output that cannot be written (an existing private key file among
/// them) or a random source that fails.
pub fn run(args: &TrustAnchorArgs) -> CommandResult {
    if args.kid.is_empty() || args.kid.len() > jwtv::MAX_KID_LEN {
        return Err(InputError::usage(format!(
            "--kid must be 1 to {} bytes (what a device stores)",
            jwtv::MAX_KID_LEN
        )));
    }
    if args.public == args.private {
        return Err(InputError::usage(
            "--public and --private name the same file",
        ));
    }
    let private = generate(args.alg, &args.kid)?;
    let public = json!({ "keys": [crate::corpus::keyset_update::public_jwk(&private)] });
    let mut public_text = serde_json::to_string_pretty(&public).unwrap_or_default();
    public_text.push('\n');
    let mut private_text = serde_json::to_string_pretty(&private).unwrap_or_default();
    private_text.push('\n');
    write_private(&args.private, private_text.as_bytes())?;
    let alg = private.get("alg").and_then(Value::as_str).unwrap_or("?");
    if args.public.as_os_str() == "-" {
        crate::out!("{public_text}");
        eprintln!(
            "trust anchor {:?} ({alg}): private key in {} (mode 0600), public JWKS on standard output",
            args.kid,
            args.private.display()
        );
    } else {
        write_file(&args.public, public_text.as_bytes())?;
        crate::outln!(
            "trust anchor {:?} ({alg}): private key in {} (mode 0600), public JWKS in {}",
            args.kid,
            args.private.display(),
            args.public.display()
        );
    }
    Ok(true)
}
