//! `jwtv verify-keyset`: one key-set update (`typ` `jwk-set+jwt`), checked as a device
//! will check it.

use std::path::{Path, PathBuf};

use clap::Args;
use jwtv::{
    Algorithm, Error, KeySet, KeySetUpdatePolicy, Keys, TokenBuffer,
    verify_key_set_update_explained,
};

use crate::commands::common::{
    CommandResult, parse_algorithm, read_token, trailing_whitespace_hint,
};
use crate::corpus::jwks;
use crate::corpus::keyset_update::{self, DEVICE_KEYS, STORED_CAPACITY, UPDATE_CAPACITY};
use crate::error::{Input, InputError, read_file, write_file};

const VERIFY_KEYSET_HELP: &str = "\
Verifies a key-set update (a compact JWS with typ jwk-set+jwt, OpenID Federation 1.0's signed JWK
Set) exactly as jwtv::verify_key_set_update does on a device: signed by one of the trust
anchors (public JWK or JWKS files; private members are ignored), iss and sub as expected, not
expired, not issued beyond --now plus --leeway, iat later than the installed set's, no secret, no
private key, no trust anchor inside, and every JWKS loading rule. Prints `accepted: iat N, keys:
kid, ...` (and writes the stored binary form with --binary) and exits 0; prints `error: <code>:
<explanation> (<values>)` and exits 1 when refused: the update's kid and the anchors' kids for
key_not_found, both iat values for key_set_rollback, both subjects for subject_mismatch; exits 2
on a usage error or unreadable file.

--installed FILE reads a device's stored key set (the stored binary form, as --binary or
`provision --binary` writes it and a device keeps in flash) and prints `installed: iat N, K keys:
kid, ...`; with an update, that iat is the installed one. Given alone, it only prints.

Examples:
  jwtv verify-keyset --trust-anchor anchor-public.json --iss https://keys.example \\
      --sub door-controllers --now \"$(date +%s)\" --installed keys.bin update.jwt
  jwtv verify-keyset --installed keys.bin       # what a device has installed
  jwtv verify-keyset --trust-anchor fixtures/keys/trust-anchor-es256.json \\
      --iss https://keys.example --sub door-controllers --now 1700000000 \\
      --installed-iat 1690000000 --binary keys.bin - < update.jwt";

/// Options of `verify-keyset`.
#[derive(Debug, Args)]
#[command(after_help = VERIFY_KEYSET_HELP)]
pub struct VerifyKeysetArgs {
    /// A trust anchor: a public JWK or a JWKS; repeat for several.
    #[arg(long = "trust-anchor", value_name = "FILE")]
    pub trust_anchors: Vec<PathBuf>,
    /// The expected `iss`.
    #[arg(long, value_name = "ISSUER")]
    pub iss: Option<String>,
    /// The expected `sub`.
    #[arg(long, value_name = "SUBJECT")]
    pub sub: Option<String>,
    /// The device's clock, in seconds since the epoch.
    #[arg(long, value_name = "SECONDS")]
    pub now: Option<u64>,
    /// The `iat` of the set installed on the device (none installed when absent).
    #[arg(long, value_name = "SECONDS", conflicts_with = "installed")]
    pub installed_iat: Option<u64>,
    /// The device's stored key set (stored binary form): print its `iat` and kids, and check
    /// the update against that `iat`.
    #[arg(long, value_name = "FILE")]
    pub installed: Option<PathBuf>,
    /// Clock leeway in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub leeway: u64,
    /// Algorithms the trust anchors sign with [default: each anchor's].
    #[arg(long = "alg", value_name = "A", value_parser = parse_algorithm)]
    pub algorithms: Vec<Algorithm>,
    /// When accepted, write the stored binary form of the new set here.
    #[arg(long, value_name = "FILE")]
    pub binary: Option<PathBuf>,
    /// The file holding the update (a compact JWS); `-` reads standard input, and so does no
    /// file unless --installed is given alone.
    #[arg(value_name = "UPDATE_FILE")]
    pub update: Option<String>,
}

/// The most keys a stored set read with `--installed` may hold (a device's set is smaller).
const INSTALLED_KEYS: usize = 64;

/// Runs `jwtv verify-keyset`.
///
/// # Errors
/// [`InputError`] for a usage error or an unreadable trust anchor, stored set or update.
pub fn run(args: &VerifyKeysetArgs) -> CommandResult {
    let installed_iat = match &args.installed {
        Some(path) => Some(show_installed(path)?),
        None => args.installed_iat,
    };
    if args.installed.is_some() && args.update.is_none() {
        return Ok(true);
    }
    let (Some(iss), Some(sub), Some(now), false) = (
        args.iss.as_deref(),
        args.sub.as_deref(),
        args.now,
        args.trust_anchors.is_empty(),
    ) else {
        return Err(InputError::usage(
            "checking an update needs --trust-anchor, --iss, --sub and --now \
             (`verify-keyset --installed FILE` alone only shows a stored set)",
        ));
    };
    let mut anchor_keys = Vec::new();
    for path in &args.trust_anchors {
        let doc: serde_json::Value = serde_json::from_str(&keyset_update::anchors_jwks(
            path,
            &read_file(path, Input::Jwks)?,
        )?)
        .map_err(|e| InputError::json(path, &e))?;
        if let Some(keys) = doc.get("keys").and_then(serde_json::Value::as_array) {
            anchor_keys.extend(keys.iter().cloned());
        }
    }
    let mut algorithms = args.algorithms.clone();
    if algorithms.is_empty() {
        for key in &anchor_keys {
            let alg = keyset_update::anchor_alg(key).map_err(InputError::usage)?;
            let alg = Algorithm::from_name(&alg)
                .ok_or_else(|| InputError::usage(format!("unknown algorithm {alg}")))?;
            if !algorithms.contains(&alg) {
                algorithms.push(alg);
            }
        }
    }
    let anchors_doc = serde_json::json!({ "keys": anchor_keys }).to_string();
    let anchors_path = args
        .trust_anchors
        .first()
        .map_or(Path::new("-"), PathBuf::as_path);
    let (anchors, skipped) = jwks::load::<16, { 16 * 1152 }>(anchors_path, anchors_doc.as_bytes())?;
    for key in &skipped {
        eprintln!("note: trust anchor {key} (skipped)");
    }
    if anchors.is_empty() {
        return Err(InputError::usage("no usable trust-anchor key"));
    }
    let update = match args.update.as_deref() {
        Some(file) if file != "-" => {
            let path = Path::new(file);
            let mut bytes = read_file(path, Input::Token)?;
            while bytes.last().is_some_and(u8::is_ascii_whitespace) {
                bytes.pop();
            }
            bytes
        }
        _ => read_token(None)?,
    };
    let mut policy = KeySetUpdatePolicy::new(&algorithms, iss, sub).with_leeway(args.leeway);
    if let Some(iat) = installed_iat {
        policy = policy.with_installed_iat(iat);
    }
    let mut buffer = Box::new(TokenBuffer::<UPDATE_CAPACITY>::new());
    let mut staged = Box::new(KeySet::<DEVICE_KEYS>::new());
    match verify_key_set_update_explained(&update, &anchors, &policy, now, &mut buffer, &mut staged)
    {
        Ok(accepted) => {
            let kids: Vec<&str> = staged.iter().map(|k| k.kid().unwrap_or("-")).collect();
            crate::outln!(
                "accepted: iat {}{}, {} keys: {}",
                accepted.iat(),
                accepted
                    .exp()
                    .map_or_else(String::new, |exp| format!(", exp {exp}")),
                kids.len(),
                kids.join(", ")
            );
            let report = accepted.report();
            if report.skipped() > 0 {
                eprintln!(
                    "note: {} keys of the set skipped (unusable here)",
                    report.skipped()
                );
            }
            if let Some(path) = &args.binary {
                let mut flash = vec![0u8; STORED_CAPACITY];
                let len = staged
                    .write_stored(accepted.iat(), &mut flash)
                    .map_err(|e| InputError::usage(e.explanation()))?;
                write_file(path, flash.get(..len).unwrap_or_default())?;
                crate::outln!("wrote {len} bytes of stored key set to {}", path.display());
            }
            Ok(true)
        }
        Err(rejection) => {
            let hint = match trailing_whitespace_hint(&update) {
                Some(hint) if rejection.error() == Error::MalformedToken => format!(" ({hint})"),
                _ => String::new(),
            };
            let anchors_named = match rejection.error() {
                Error::KeyNotFound | Error::InvalidSignature | Error::AlgorithmNotAllowed => {
                    format!("; {}", describe_anchors(&anchors, &algorithms))
                }
                _ => String::new(),
            };
            eprintln!("error: {rejection}{anchors_named}{hint}");
            Ok(false)
        }
    }
}

/// The trust anchors as a device holds them: `trust anchors: kid "a" (ES256), kid "b" (EdDSA)`,
/// and the algorithms allowed.
fn describe_anchors(anchors: &impl Keys, algorithms: &[Algorithm]) -> String {
    let listed: Vec<String> = anchors
        .keys()
        .map(|key| {
            let kid = key
                .kid()
                .map_or_else(|| "no kid".to_owned(), |kid| format!("kid {kid:?}"));
            match key.alg() {
                Some(alg) => format!("{kid} ({alg})"),
                None => kid,
            }
        })
        .collect();
    let allowed: Vec<&str> = algorithms.iter().map(|a| a.name()).collect();
    format!(
        "trust anchors: {}; algorithms allowed: {}",
        listed.join(", "),
        allowed.join(", ")
    )
}

/// Reads a stored key set as a device does at boot, prints its `iat` and kids, and returns the
/// `iat`.
fn show_installed(path: &Path) -> Result<u64, InputError> {
    let bytes = read_file(path, Input::StoredKeySet)?;
    let mut set = Box::new(KeySet::<INSTALLED_KEYS, { INSTALLED_KEYS * 1152 }>::new());
    let iat = set.read_stored(&bytes).map_err(|e| {
        InputError::in_file(
            path,
            format!(
                "not a stored key set this verifier reads: {}: {}",
                e.code(),
                e.explanation()
            ),
        )
    })?;
    let kids: Vec<&str> = set.iter().map(|k| k.kid().unwrap_or("-")).collect();
    crate::outln!(
        "installed: iat {iat}, {} keys: {} ({})",
        kids.len(),
        kids.join(", "),
        path.display()
    );
    Ok(iat)
}
