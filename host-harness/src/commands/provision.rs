//! `jwtv provision`: from an issuer's published JWKS (and its discovery document) to the
//! minimal key set a device needs, as a JWKS with public members only or as Rust source that
//! builds a `static [jwtv::Key; N]` at compile time.

use core::fmt::Write as _;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use jwtv::{Algorithm, Key, KeyKind, KeyRejection, KeySet};
use serde_json::{Map, Value};

use crate::commands::client_secret::{self, ClientSecretArgs};
use crate::commands::common::{CommandResult, When, parse_algorithm, parse_when};
use crate::corpus::jwks::{self, Skipped};
use crate::corpus::settings::implemented_algorithms;
use crate::error::{Input, InputError, read_file, write_file};

const PROVISION_HELP: &str = "\
Loads the JWKS as a device would, drops the keys the device cannot or should not use (one line
per key on stderr: index, kid, reason), and writes the rest: as a JWKS with public members only
(--emit json), as Rust source defining `pub static KEYS: [jwtv::Key; N]` built at compile
time (--emit rust), or as a C header of `const` key data for `jwtv_keyset_borrow` (--emit c:
the keys stay in flash, R² mod n and HMAC pad states computed here). With --discovery, keys must fit the issuer's
id_token_signing_alg_values_supported; --alg restricts further. Prints the RAM/flash the key set
needs. Exit status: 0 written; 1 no usable key left (nothing written); 2 unreadable or invalid input
(a fixture suite is not a JWKS: the provider-shaped key sets of the suites are standalone files in
fixtures/providers/jwks/).

With --sign-with TRUST_ANCHOR_JWK the key set is written as a signed key-set update (typ
jwk-set+jwt: claims iss, sub, iat, exp and keys, signed by the trust anchor's private JWK with its
alg, or ES256/ES384/ES512/EdDSA/RS256 by its type), checked as a device would check it, and
--binary FILE also writes the stored binary form a device keeps in flash. An --iat more than
300 seconds ahead of this machine's clock is refused (exit 2): a device that installed it would
refuse every correct later update as key_set_rollback until that date; --allow-future-iat signs it
anyway.

Examples:
  jwtv provision --jwks op-jwks.json --alg ES256 --sign-with anchor-private.json \\
      --iss https://keys.example --sub door-controllers --exp +90d \\
      --output update.jwt --binary keys.bin
  jwtv provision --jwks google-certs.json --discovery openid-configuration.json \\
      --output device-keys.json
  jwtv provision --jwks jwks.json --alg RS256 --emit rust --output src/keys.rs
  jwtv provision --jwks jwks.json --alg RS256 --emit c --output jwtv_keys.h
  jwtv provision --jwks fixtures/providers/jwks/keycloak.json --output device-keys.json";

/// Options of `provision`.
#[derive(Debug, Args)]
#[command(after_help = PROVISION_HELP)]
pub struct ProvisionArgs {
    /// The issuer's JWKS document.
    #[arg(long, value_name = "FILE")]
    pub jwks: PathBuf,
    /// The issuer's openid-configuration document.
    #[arg(long, value_name = "FILE")]
    pub discovery: Option<PathBuf>,
    /// Keep only keys usable with this algorithm; repeat for several.
    #[arg(long = "alg", value_name = "A", value_parser = parse_algorithm)]
    pub algorithms: Vec<Algorithm>,
    /// Where to write the key set; `-` writes it to standard output.
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
    /// Output form.
    #[arg(long, value_enum, default_value_t = Emit::Json)]
    pub emit: Emit,
    /// A client secret to provision beside the issuer's public keys.
    #[command(flatten)]
    pub secret: ClientSecretArgs,
    /// Write a signed key-set update (typ jwk-set+jwt), signed with this trust anchor's private
    /// JWK.
    #[arg(long, value_name = "TRUST_ANCHOR_JWK", requires_all = ["iss", "sub"])]
    pub sign_with: Option<PathBuf>,
    /// The update's `iss`.
    #[arg(long, value_name = "ISSUER", requires = "sign_with")]
    pub iss: Option<String>,
    /// The update's `sub`: the devices it is for.
    #[arg(long, value_name = "SUBJECT", requires = "sign_with")]
    pub sub: Option<String>,
    /// The update's `iat` [default: now]; each update must be later than the one installed.
    /// At most 300 seconds (MAX_IAT_AHEAD) ahead of this machine's clock, unless
    /// --allow-future-iat.
    #[arg(long, value_name = "SECONDS", requires = "sign_with")]
    pub iat: Option<u64>,
    /// Sign an --iat more than 300 seconds ahead of this machine's clock. Devices that install
    /// it refuse every update with an earlier iat (key_set_rollback) until that date, and
    /// devices whose clock is behind it refuse it (issued_in_future).
    #[arg(long, requires = "iat")]
    pub allow_future_iat: bool,
    /// The update's `exp`, if any: seconds since the epoch, or +N with a unit s, m, h or d
    /// counted from now (+30d; at most +3650d).
    #[arg(long, value_name = "SECONDS|+Nd", requires = "sign_with", value_parser = parse_when)]
    pub exp: Option<When>,
    /// Also write the stored binary form of the key set (what a device keeps in flash).
    #[arg(long, value_name = "FILE", requires = "sign_with")]
    pub binary: Option<PathBuf>,
}

/// What `provision` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    /// A JWKS document with public members only.
    Json,
    /// Rust source: `pub static KEYS: [jwtv::Key; N]`.
    Rust,
    /// A C header: `static const jwtv_key_data JWTV_KEYS[]` for `jwtv_keyset_borrow`.
    C,
}

/// The most keys a JWKS may offer for provisioning (usable ones; skipped keys do not count).
pub const CAPACITY: usize = 64;
/// Bytes of key material those keys may hold: sixty-four RSA-4096 keys with their Montgomery
/// constants and `kid`s.
pub const CAPACITY_BYTES: usize = CAPACITY * (2 * 512 + 128);

/// The JWK members a device can use; everything else (`x5c`, `x5t`, `key_ops`, private members of
/// a mistakenly published key, …) is left out of the JSON output.
pub const PUBLIC_MEMBERS: [&str; 10] = ["kty", "kid", "alg", "use", "n", "e", "crv", "x", "y", "k"];

/// The discovery member listing the algorithms an issuer signs ID tokens with.
pub const DISCOVERY_ALGS: &str = "id_token_signing_alg_values_supported";

/// A key that survives, with its position in the JWKS and its JSON.
pub struct Kept<'a> {
    index: usize,
    json: &'a Map<String, Value>,
    key: Key<'a>,
}

/// Runs `jwtv provision`.
///
/// # Errors
/// [`InputError`] naming the file and field for an unreadable or invalid JWKS or discovery
/// document, or an output that cannot be written.
pub fn run(args: &ProvisionArgs) -> CommandResult {
    let bytes = read_file(&args.jwks, Input::Jwks)?;
    let (keys, skipped) = jwks::load::<CAPACITY, CAPACITY_BYTES>(&args.jwks, &bytes)?;
    // A published set holding a secret or a private key has leaked it: nothing from such a
    // document goes into a device.
    let leaked: Vec<&Skipped> = skipped
        .iter()
        .filter(|s| {
            matches!(
                s.rejection,
                Some(KeyRejection::SecretInPublicSet | KeyRejection::PrivateKey)
            )
        })
        .collect();
    if !leaked.is_empty() {
        for key in &leaked {
            eprintln!("error: {}: {key}", args.jwks.display());
        }
        eprintln!(
            "error: {}: refusing a key set that publishes secret or private key material; \
             rotate the leaked keys, and give a client secret to `verify --client-secret` \
             instead of publishing it; nothing written",
            args.jwks.display()
        );
        return Ok(false);
    }
    let doc: Value =
        serde_json::from_slice(&bytes).map_err(|e| InputError::json(&args.jwks, &e))?;
    let entries = key_objects(&args.jwks, &doc)?;
    let filter = AlgorithmFilter::new(args.discovery.as_deref(), &args.algorithms)?;
    let secret_bytes = client_secret::client_secret(&args.secret)?;
    // The secret goes through a key set, as a device's would, which computes its HMAC pad
    // states; the Rust source then carries them.
    let mut secret_set = KeySet::<1, 1024>::new();
    if let Some(bytes) = &secret_bytes {
        let key = Key::oct(bytes).map_err(|reason| InputError::usage(reason.explanation()))?;
        secret_set
            .push(key)
            .map_err(|e| InputError::usage(e.explanation()))?;
    }
    let secret = secret_set.get(0);
    if secret.is_some() && args.emit == Emit::Json {
        return Err(InputError::usage(
            "a client secret is provisioned into source only (`--emit rust` or `--emit c`): a \
             JWKS that holds public keys never yields a secret to the device, so a JSON key set \
             cannot carry it; at run time add it with `KeySet::push(Key::oct(secret)?)`",
        ));
    }
    let secret_json = secret.as_ref().map(|key| {
        let mut json = Map::new();
        json.insert("kty".to_owned(), Value::from("oct"));
        json.insert(
            "k".to_owned(),
            Value::from(crate::jose::b64(key.material())),
        );
        json
    });

    let skipped_indices: BTreeSet<usize> = skipped.iter().map(|s| s.index).collect();
    let loaded = (0..entries.len()).filter(|i| !skipped_indices.contains(i));
    let mut dropped = skipped;
    let mut kept = Vec::new();
    for (index, key) in loaded.zip(keys.iter()) {
        let Some(json) = entries.get(index) else {
            continue;
        };
        // A kid another signing key of the document carries (perhaps one the device cannot
        // load) is ambiguous on the device; copied alone into a static set it would not be.
        let admitted = if key.has_shared_kid() {
            Err(
                "its kid is shared with another signing key of the document \
                 (tokens naming it are ambiguous_key)"
                    .to_owned(),
            )
        } else {
            filter.admits(&key)
        };
        match admitted {
            Ok(()) => kept.push(Kept { index, json, key }),
            Err(reason) => dropped.push(Skipped {
                index,
                kid: key.kid().map(str::to_owned),
                reason,
                rejection: None,
            }),
        }
    }
    if let (Some(key), Some(json)) = (secret, &secret_json) {
        match filter.admits(&key) {
            Ok(()) => kept.push(Kept {
                index: entries.len(),
                json,
                key,
            }),
            Err(reason) => {
                return Err(InputError::usage(format!(
                    "the client secret would not be used: {reason}"
                )));
            }
        }
    }
    dropped.sort_by_key(|s| s.index);
    for key in &dropped {
        eprintln!("dropped {key}");
    }
    warn_about_ambiguity(&kept);
    if kept.is_empty() {
        eprintln!(
            "error: {}: no usable key left; nothing written",
            args.jwks.display()
        );
        return Ok(false);
    }

    let source_name = args.jwks.file_name().map_or_else(
        || args.jwks.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let output = match args.emit {
        Emit::Json => emit_json(&kept),
        Emit::Rust => emit_rust(&kept, &source_name),
        Emit::C => emit_c(&kept, &source_name),
    };
    if args.emit == Emit::Json {
        // The output must load exactly as the kept keys did.
        let (reloaded, lost) =
            jwks::load::<CAPACITY, CAPACITY_BYTES>(&args.output, output.as_bytes())?;
        if reloaded.len() != kept.len() || !lost.is_empty() {
            return Err(InputError::in_file(
                &args.output,
                "internal error: the written JWKS does not reload to the kept keys",
            ));
        }
    }
    if let Some(anchor) = &args.sign_with {
        if args.emit != Emit::Json {
            return Err(InputError::usage(
                "a signed key-set update carries a JWKS: --sign-with goes with --emit json",
            ));
        }
        return sign_update(args, anchor, &output, &kept);
    }
    let to_stdout = args.output.as_os_str() == "-";
    let summary = format!(
        "kept {} of {} keys from {}; wrote {} ({})\n{}",
        kept.len(),
        entries.len(),
        args.jwks.display(),
        if to_stdout {
            "standard output".to_owned()
        } else {
            args.output.display().to_string()
        },
        match args.emit {
            Emit::Json => "JWKS",
            Emit::Rust => "Rust source",
            Emit::C => "C header",
        },
        match args.emit {
            Emit::C => c_memory_line(&kept),
            _ => memory_line(&kept),
        }
    );
    if to_stdout {
        // The key set alone on standard output, so it can be piped; the summary on stderr.
        crate::out!("{output}");
        eprintln!("{summary}");
    } else {
        write_file(&args.output, output.as_bytes())?;
        crate::outln!("{summary}");
    }
    Ok(true)
}

/// The `keys` array's objects (the verifier already refused a document where they are not).
fn key_objects<'a>(file: &Path, doc: &'a Value) -> Result<Vec<&'a Map<String, Value>>, InputError> {
    let keys = doc
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| InputError::in_file(file, "field `keys`: must be an array"))?;
    keys.iter()
        .enumerate()
        .map(|(i, k)| {
            k.as_object().ok_or_else(|| {
                InputError::in_file(file, format!("field `keys[{i}]`: not an object"))
            })
        })
        .collect()
}

/// The algorithms a device will accept, from the issuer's discovery document and `--alg`.
struct AlgorithmFilter {
    discovery: Option<(PathBuf, Vec<Algorithm>)>,
    cli: Vec<Algorithm>,
    allowed: Vec<Algorithm>,
}

impl AlgorithmFilter {
    fn new(discovery: Option<&Path>, cli: &[Algorithm]) -> Result<AlgorithmFilter, InputError> {
        let listed = match discovery {
            None => None,
            Some(file) => Some((file.to_path_buf(), discovery_algorithms(file)?)),
        };
        let allowed = implemented_algorithms()
            .into_iter()
            .filter(|a| listed.as_ref().is_none_or(|(_, l)| l.contains(a)))
            .filter(|a| cli.is_empty() || cli.contains(a))
            .collect();
        Ok(AlgorithmFilter {
            discovery: listed,
            cli: cli.to_vec(),
            allowed,
        })
    }

    /// Whether the device should keep `key`, or why not.
    fn admits(&self, key: &Key) -> Result<(), String> {
        match key.alg() {
            Some(alg) => {
                if let Some((file, listed)) = &self.discovery
                    && !listed.contains(&alg)
                {
                    return Err(format!(
                        "alg {alg} is not in {DISCOVERY_ALGS} of {}",
                        file.display()
                    ));
                }
                if !self.cli.is_empty() && !self.cli.contains(&alg) {
                    return Err(format!("alg {alg} is not among --alg {}", names(&self.cli)));
                }
                Ok(())
            }
            None if self.allowed.iter().any(|a| a.key_kind() == key.kind()) => Ok(()),
            None => Err(format!(
                "no allowed algorithm uses {} key (allowed: {})",
                kind_name(key.kind()),
                if self.allowed.is_empty() {
                    "none".to_owned()
                } else {
                    names(&self.allowed)
                }
            )),
        }
    }
}

/// The implemented algorithms the discovery document lists.
fn discovery_algorithms(file: &Path) -> Result<Vec<Algorithm>, InputError> {
    let doc: Value = crate::error::read_json(file, Input::Jwks)?;
    let field =
        |message: &str| InputError::in_file(file, format!("field `{DISCOVERY_ALGS}`: {message}"));
    if !doc.is_object() {
        return Err(InputError::in_file(
            file,
            "not a JSON object (an openid-configuration document)",
        ));
    }
    let listed = doc
        .get(DISCOVERY_ALGS)
        .ok_or_else(|| field("missing (OpenID Connect Discovery 1.0 §3 requires it)"))?
        .as_array()
        .ok_or_else(|| field("must be an array of algorithm names"))?;
    let mut algorithms = Vec::new();
    for (i, name) in listed.iter().enumerate() {
        let name = name
            .as_str()
            .ok_or_else(|| field(&format!("element {i} is not a string")))?;
        match Algorithm::from_name(name).filter(|a| a.is_implemented()) {
            Some(alg) => algorithms.push(alg),
            None => eprintln!(
                "note: {}: {DISCOVERY_ALGS} lists {name:?}, which this verifier does not implement",
                file.display()
            ),
        }
    }
    Ok(algorithms)
}

fn names(algorithms: &[Algorithm]) -> String {
    algorithms
        .iter()
        .map(|a| a.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn kind_name(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::Rsa => "an RSA",
        KeyKind::EcP256 => "an EC P-256",
        KeyKind::EcP384 => "an EC P-384",
        KeyKind::EcP521 => "an EC P-521",
        KeyKind::Oct => "an oct (HMAC)",
        KeyKind::Ed25519 => "an OKP Ed25519",
    }
}

/// Keys that share a `kid` make a token naming it ambiguous on the device (loading already drops
/// those of one document; a client secret may collide): worth a warning, not a drop.
fn warn_about_ambiguity(kept: &[Kept<'_>]) {
    for (i, a) in kept.iter().enumerate() {
        for b in kept.iter().skip(i.saturating_add(1)) {
            if a.key.kid().is_some() && a.key.kid() == b.key.kid() {
                eprintln!(
                    "warning: keys {} and {} share kid {:?}; tokens naming it will be ambiguous_key",
                    a.index,
                    b.index,
                    a.key.kid().unwrap_or_default()
                );
            }
        }
    }
}

fn emit_json(kept: &[Kept<'_>]) -> String {
    let keys: Vec<Value> = kept
        .iter()
        .map(|k| {
            let public: Map<String, Value> = k
                .json
                .iter()
                .filter(|(name, _)| PUBLIC_MEMBERS.contains(&name.as_str()))
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect();
            Value::Object(public)
        })
        .collect();
    let mut doc = Map::new();
    doc.insert("keys".to_owned(), Value::Array(keys));
    let mut out = serde_json::to_string_pretty(&Value::Object(doc)).unwrap_or_default();
    out.push('\n');
    out
}

/// Bytes as a Rust array literal whose elements sit at `indent` plus four spaces, as many to a
/// line as rustfmt puts there (its default 100-column width), so the output is rustfmt-stable.
fn byte_array(bytes: &[u8], indent: &str) -> String {
    const WIDTH: usize = 100;
    const CELL: usize = "0x00, ".len();
    let inner = indent.len().saturating_add(4);
    let per_line = (WIDTH.saturating_sub(inner).saturating_add(1) / CELL).max(1);
    let mut out = String::from("&[\n");
    for line in bytes.chunks(per_line) {
        out.push_str(indent);
        out.push_str("    ");
        let cells: Vec<String> = line.iter().map(|b| format!("0x{b:02x},")).collect();
        out.push_str(&cells.join(" "));
        out.push('\n');
    }
    out.push_str(indent);
    out.push(']');
    out
}

fn emit_rust(kept: &[Kept<'_>], source_name: &str) -> String {
    let count = kept.len();
    let uses_alg = kept.iter().any(|k| k.key.alg().is_some());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Generated by `jwtv provision --emit rust` from {source_name}: {count} key{}.",
        if count == 1 { "" } else { "s" }
    );
    let _ = writeln!(out, "// Do not edit: regenerate from the issuer's JWKS.");
    let _ = writeln!(out, "//");
    let _ = writeln!(out, "// {}", memory_line(kept));
    let _ = writeln!(out);
    if uses_alg {
        let _ = writeln!(out, "use jwtv::{{Algorithm, Key}};");
    } else {
        let _ = writeln!(out, "use jwtv::Key;");
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "/// The issuer's verification keys: `jwtv::verify(token, &KEYS, &policy, now, &mut buffer)`."
    );
    let _ = writeln!(
        out,
        "#[allow(clippy::panic)] // in a static's initializer a panic is a compile error, never a run-time one"
    );
    let _ = writeln!(out, "pub static KEYS: [Key<'static>; {count}] = [");
    for k in kept {
        emit_key(&mut out, k);
    }
    let _ = writeln!(out, "];");
    out
}

/// Bytes as the elements of a C array initializer, twelve to a line at `indent`.
fn c_bytes(bytes: &[u8], indent: &str) -> String {
    let mut out = String::new();
    for line in bytes.chunks(12) {
        out.push_str(indent);
        let cells: Vec<String> = line.iter().map(|b| format!("0x{b:02x},")).collect();
        out.push_str(&cells.join(" "));
        out.push('\n');
    }
    out
}

/// A string as a C string literal (the `kid`s: any UTF-8, escaped byte by byte outside
/// printable ASCII, so the file is ASCII).
fn c_string(text: &str) -> String {
    let mut out = String::from("\"");
    for byte in text.bytes() {
        match byte {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(char::from(byte));
            }
            // `?` escaped too: no trigraph can form.
            b'?' => out.push_str("\\?"),
            0x20..=0x7e => out.push(char::from(byte)),
            // Octal, three digits: the next character cannot extend the escape.
            _ => {
                let _ = write!(out, "\\{byte:03o}");
            }
        }
    }
    out.push('"');
    out
}

/// The `JWTV_KEY_*` kind of a key, and the library feature its family needs, if opt-in.
fn c_kind(kind: KeyKind) -> (&'static str, Option<(&'static str, &'static str)>) {
    match kind {
        KeyKind::Rsa => ("JWTV_KEY_RSA", None),
        KeyKind::EcP256 => ("JWTV_KEY_EC_P256", None),
        KeyKind::EcP384 => ("JWTV_KEY_EC_P384", Some(("es384", "JWTV_FEATURE_ES384"))),
        KeyKind::EcP521 => ("JWTV_KEY_EC_P521", Some(("es512", "JWTV_FEATURE_ES512"))),
        KeyKind::Ed25519 => ("JWTV_KEY_ED25519", Some(("eddsa", "JWTV_FEATURE_EDDSA"))),
        KeyKind::Oct => ("JWTV_KEY_OCT", None),
    }
}

/// The C header of `--emit c`: each key's material and precomputed constants as `static const`
/// arrays, and the table `jwtv_keyset_borrow` takes.
fn emit_c(kept: &[Kept<'_>], source_name: &str) -> String {
    let count = kept.len();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "/* Generated by `jwtv provision --emit c` from {}: {count} key{}.",
        source_name.replace("*/", "* /"),
        if count == 1 { "" } else { "s" }
    );
    let _ = writeln!(out, " * Do not edit: regenerate from the issuer's JWKS.");
    let _ = writeln!(out, " *");
    let _ = writeln!(out, " * {} */", c_memory_line(kept));
    let _ = writeln!(out, "#ifndef JWTV_PROVISIONED_KEYS_H");
    let _ = writeln!(out, "#define JWTV_PROVISIONED_KEYS_H");
    let _ = writeln!(out);
    let _ = writeln!(out, "#include \"jwtv.h\"");
    for (i, k) in kept.iter().enumerate() {
        let key = k.key;
        let _ = writeln!(out);
        let _ = writeln!(out, "/* {} */", key_summary(k));
        if let (_, Some((feature, define))) = c_kind(key.kind()) {
            let _ = writeln!(out, "#ifndef {define}");
            let _ = writeln!(
                out,
                "#error \"JWKS key {}: a library built with the feature {feature} (and {define} defined) verifies it\"",
                k.index
            );
            let _ = writeln!(out, "#endif");
        }
        let material = key.material();
        let _ = writeln!(
            out,
            "static const uint8_t jwtv_key{i}_material[{}] = {{",
            material.len()
        );
        out.push_str(&c_bytes(material, "    "));
        let _ = writeln!(out, "}};");
        let precomputed = key
            .rsa_r2()
            .or(key.hmac_sha256_pads().map(|pads| pads.as_slice()));
        if let Some(bytes) = precomputed {
            let what = if key.kind() == KeyKind::Rsa {
                "R^2 mod n, computed here once so the device does not"
            } else {
                "the SHA-256 pad states, computed here once: two compressions fewer per HS256 token"
            };
            let _ = writeln!(out, "/* {what} */");
            let _ = writeln!(
                out,
                "static const uint8_t jwtv_key{i}_precomputed[{}] = {{",
                bytes.len()
            );
            out.push_str(&c_bytes(bytes, "    "));
            let _ = writeln!(out, "}};");
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "/* The issuer's verification keys, in flash: `jwtv_keyset_borrow(&keys.keyset, JWTV_KEYS,\n * JWTV_KEY_COUNT)` into a key set with a slot for each (`JWTV_KEYSET_DEFINE(keys,\n * JWTV_KEY_COUNT, 0)` when it holds no other key). */"
    );
    let _ = writeln!(out, "#define JWTV_KEY_COUNT {count}");
    let _ = writeln!(
        out,
        "static const jwtv_key_data JWTV_KEYS[JWTV_KEY_COUNT] = {{"
    );
    for (i, k) in kept.iter().enumerate() {
        let key = k.key;
        let (kind, _) = c_kind(key.kind());
        let has_precomputed = key.rsa_r2().is_some() || key.hmac_sha256_pads().is_some();
        let precomputed = if has_precomputed {
            format!("jwtv_key{i}_precomputed, sizeof jwtv_key{i}_precomputed")
        } else {
            "NULL, 0".to_owned()
        };
        let kid = key.kid().map_or_else(|| "NULL".to_owned(), c_string);
        let alg = key.alg().map_or_else(
            || "0".to_owned(),
            |alg| format!("JWTV_ALG_{}", alg.name().to_ascii_uppercase()),
        );
        let _ = writeln!(
            out,
            "    {{{kind}, jwtv_key{i}_material, sizeof jwtv_key{i}_material, {precomputed}, {}, {kid}, {alg}}},",
            key.rsa_exponent()
        );
    }
    let _ = writeln!(out, "}};");
    let _ = writeln!(out);
    let _ = writeln!(out, "#endif /* JWTV_PROVISIONED_KEYS_H */");
    out
}

/// What the kept keys cost on the device in C: a slot each when borrowed from flash, or their
/// material too when copied into the key set.
fn c_memory_line(kept: &[Kept<'_>]) -> String {
    let count = kept.len();
    // Each `kid` as a C string: with its NUL.
    let flash =
        key_bytes(kept).saturating_add(kept.iter().filter(|k| k.key.kid().is_some()).count());
    format!(
        "memory on a 32-bit device: {flash} bytes of key data in flash; borrowed \
         (jwtv_keyset_borrow), the key set is JWTV_KEYSET_BYTES({count}, 0) = {} bytes of RAM",
        DEVICE_C_KEYSET_HEAD_BYTES.saturating_add(DEVICE_KEYSET_ENTRY_BYTES.saturating_mul(count))
    )
}

/// `match EXPR { Ok(key) => key, Err(_) => panic!(MESSAGE) }`, its first line unindented and the
/// others at `indent`. In a `static` initializer the panic is a compile error.
fn checked(expr: &str, message: &str, indent: &str) -> String {
    format!(
        "match {expr} {{\n{indent}    Ok(key) => key,\n{indent}    Err(_) => panic!({message:?}),\n{indent}}}"
    )
}

/// The expression that builds `key` (a `match` when the constructor returns a `Result`), written
/// to start on a line indented by `indent`.
fn constructor(key: &Key<'_>, index: usize, indent: &str) -> String {
    let material = key.material();
    let inner = format!("{indent}    ");
    match key.kind() {
        // The Montgomery constant R² mod n, computed here once so the device does not.
        KeyKind::Rsa => checked(
            &format!(
                "Key::rsa_precomputed(\n{inner}{},\n{inner}{},\n{inner}{},\n{indent})",
                byte_array(material, &inner),
                key.rsa_exponent(),
                byte_array(key.rsa_r2().unwrap_or_default(), &inner),
            ),
            &format!("JWKS key {index}: not a usable RSA key"),
            indent,
        ),
        KeyKind::EcP256 => format!("Key::ec_p256({})", byte_array(material, indent)),
        KeyKind::EcP384 => format!("Key::ec_p384({})", byte_array(material, indent)),
        KeyKind::EcP521 => format!("Key::ec_p521({})", byte_array(material, indent)),
        KeyKind::Ed25519 => format!("Key::ed25519({})", byte_array(material, indent)),
        // HMAC's SHA-256 pad states, computed here once: two compressions fewer per HS256 token.
        KeyKind::Oct => match key.hmac_sha256_pads() {
            Some(pads) => checked(
                &format!(
                    "Key::oct_precomputed(\n{inner}{},\n{inner}{},\n{indent})",
                    byte_array(material, &inner),
                    byte_array(pads, &inner),
                ),
                &format!("JWKS key {index}: not a usable HMAC secret"),
                indent,
            ),
            None => checked(
                &format!("Key::oct({})", byte_array(material, indent)),
                &format!("JWKS key {index}: not a usable HMAC secret"),
                indent,
            ),
        },
    }
}

/// A key's comment line: its place in the JWKS, `kid`, size, `alg`, and the feature its family
/// needs if opt-in.
fn key_summary(k: &Kept<'_>) -> String {
    let key = k.key;
    let index = k.index;
    let mut summary = format!("JWKS key {index}");
    if let Some(kid) = key.kid() {
        let _ = write!(summary, ", kid {kid:?}");
    }
    let _ = write!(summary, ", {} bits", key.bits());
    if let Some(alg) = key.alg() {
        let _ = write!(summary, ", {alg} only");
    }
    // The opt-in families: the key builds in any image, but verifies only with the feature on.
    let feature = match key.kind() {
        KeyKind::EcP384 => Some("es384"),
        KeyKind::EcP521 => Some("es512"),
        KeyKind::Ed25519 => Some("eddsa"),
        _ => None,
    };
    if let Some(feature) = feature {
        let _ = write!(summary, "; needs the verifier's feature `{feature}`");
    }
    summary
}

fn emit_key(out: &mut String, k: &Kept<'_>) {
    let key = k.key;
    let index = k.index;
    let _ = writeln!(out, "    // {}", key_summary(k));

    let mut stages = Vec::new();
    if let Some(kid) = key.kid() {
        stages.push((
            format!("key.with_kid({kid:?})"),
            format!("JWKS key {index}: kid too long"),
        ));
    }
    if let Some(alg) = key.alg() {
        stages.push((
            format!("key.with_alg(Algorithm::{})", alg.name()),
            format!("JWKS key {index}: alg does not fit the key"),
        ));
    }
    if stages.is_empty() {
        // A bare expression: no block needed.
        let _ = writeln!(out, "    {},", constructor(&key, index, "    "));
        return;
    }
    let first = constructor(&key, index, "        ");
    let _ = writeln!(out, "    {{");
    let _ = writeln!(out, "        let key = {first};");
    let last = stages.len().saturating_sub(1);
    for (i, (expr, message)) in stages.iter().enumerate() {
        let stage = checked(expr, message, "        ");
        if i == last {
            let _ = writeln!(out, "        {stage}");
        } else {
            let _ = writeln!(out, "        let key = {stage};");
        }
    }
    let _ = writeln!(out, "    }},");
}

/// `size_of::<Key>()` on a 32-bit device (Cortex-M): pinned by verifier/tests/sizes.rs, which
/// CI runs on i686 (the same layout as thumbv7em).
const DEVICE_KEY_BYTES: usize = 36;
/// A `KeySet`'s fixed part on a 32-bit device (same test).
const DEVICE_KEYSET_HEADER_BYTES: usize = 8;
/// A `KeySet`'s bytes per key entry on a 32-bit device (same test); also a C key set's slot
/// (`JWTV_KEY_SLOT_SIZE` on a 32-bit target).
const DEVICE_KEYSET_ENTRY_BYTES: usize = 40;
/// `sizeof(jwtv_keyset)`, a C key set's head, on a 32-bit device (`JWTV_KEYSET_WORDS` words).
const DEVICE_C_KEYSET_HEAD_BYTES: usize = 36;

/// The bytes of the kept keys' material, precomputed constants (RSA `R² mod n`, HMAC pad
/// states) and `kid`s.
fn key_bytes(kept: &[Kept<'_>]) -> usize {
    kept.iter()
        .map(|k| {
            k.key
                .material()
                .len()
                .saturating_add(k.key.rsa_r2().map_or(0, <[u8]>::len))
                .saturating_add(k.key.hmac_sha256_pads().map_or(0, |pads| pads.len()))
                .saturating_add(k.key.kid().map_or(0, str::len))
        })
        .fold(0, usize::saturating_add)
}

/// What the kept keys cost on the device (a 32-bit Cortex-M), as a `static` and as a `KeySet`.
pub fn memory_line(kept: &[Kept<'_>]) -> String {
    let count = kept.len();
    let material = key_bytes(kept);
    // The store is a byte array after the entries: the whole rounds up to 4 bytes.
    let keyset = DEVICE_KEYSET_ENTRY_BYTES
        .saturating_mul(count)
        .saturating_add(DEVICE_KEYSET_HEADER_BYTES)
        .saturating_add(material)
        .next_multiple_of(4);
    let statics = DEVICE_KEY_BYTES.saturating_mul(count);
    format!(
        "memory on a 32-bit device: [Key; {count}] = {statics} bytes + {material} bytes of key material (flash, as a `static`: no RAM); KeySet<{count}, {material}> = {keyset} bytes (RAM, when loaded from a JWKS at run time)"
    )
}

/// How far ahead of this machine's clock `provision --sign-with --iat` may sign, in seconds:
/// the clock skew between the operator's machine and the devices. Further is refused
/// without `--allow-future-iat`.
pub const MAX_IAT_AHEAD: u64 = 300;

/// Refuses an update `iat` more than [`MAX_IAT_AHEAD`] after `now`, unless `allowed`: once
/// installed, every correct later update (signed at the real time) would be refused as
/// `key_set_rollback` until that date; before that, devices refuse it as `issued_in_future`.
fn check_iat(iat: u64, now: u64, allowed: bool) -> Result<(), InputError> {
    let ahead = iat.saturating_sub(now);
    if ahead <= MAX_IAT_AHEAD || allowed {
        return Ok(());
    }
    Err(InputError::usage(format!(
        "--iat {iat} is {ahead} s ahead of this machine's clock ({now}; at most {MAX_IAT_AHEAD} s \
         of skew is accepted): devices that install it would refuse every later update as \
         key_set_rollback until then, and devices whose clock is behind refuse it as \
         issued_in_future; pass --allow-future-iat to sign it anyway"
    )))
}

/// `provision --sign-with`: the kept keys as a signed key-set update (`typ` `jwk-set+jwt`),
/// checked as a device would check it, and optionally its stored binary form.
fn sign_update(
    args: &ProvisionArgs,
    anchor_path: &Path,
    jwks: &str,
    kept: &[Kept<'_>],
) -> CommandResult {
    use crate::corpus::keyset_update::{self, DEVICE_KEYS, STORED_CAPACITY, UPDATE_CAPACITY};
    let anchor: Value = serde_json::from_slice(&read_file(anchor_path, Input::Json)?)
        .map_err(|e| InputError::json(anchor_path, &e))?;
    let alg_name =
        keyset_update::anchor_alg(&anchor).map_err(|e| InputError::in_file(anchor_path, e))?;
    let alg = Algorithm::from_name(&alg_name)
        .ok_or_else(|| InputError::in_file(anchor_path, format!("unknown algorithm {alg_name}")))?;
    let doc: Value = serde_json::from_str(jwks).map_err(|e| InputError::json(&args.output, &e))?;
    let keys = doc
        .get("keys")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let iat = args.iat.unwrap_or(now);
    check_iat(iat, now, args.allow_future_iat)?;
    let exp = args.exp.map(|exp| exp.resolve(now));
    let (iss, sub) = (
        args.iss.as_deref().unwrap_or(""),
        args.sub.as_deref().unwrap_or(""),
    );
    let claims = keyset_update::update_claims(&keys, iss, sub, iat, exp);
    let update = keyset_update::sign_update(&anchor, &claims)
        .map_err(|e| InputError::in_file(anchor_path, e.to_string()))?;
    // Checked as the device will: with the anchor's public half, at the update's own iat.
    let anchor_doc =
        keyset_update::anchors_jwks(anchor_path, &read_file(anchor_path, Input::Json)?)?;
    let (anchors, _) = jwks::load::<4, 4096>(anchor_path, anchor_doc.as_bytes())?;
    let algs = [alg];
    let policy = jwtv::KeySetUpdatePolicy::new(&algs, iss, sub);
    let mut buffer = Box::new(jwtv::TokenBuffer::<UPDATE_CAPACITY>::new());
    let mut staged = Box::new(KeySet::<DEVICE_KEYS>::new());
    let accepted = match jwtv::verify_key_set_update_explained(
        update.as_bytes(),
        &anchors,
        &policy,
        iat,
        &mut buffer,
        &mut staged,
    ) {
        Ok(accepted) => accepted,
        Err(rejection) => {
            eprintln!("error: a device would refuse this update: {rejection}; nothing written");
            return Ok(false);
        }
    };
    write_file(&args.output, format!("{update}\n").as_bytes())?;
    crate::outln!(
        "signed key-set update: {} keys, iss {iss}, sub {sub}, iat {iat}{}, {alg_name} by {}; wrote {} ({} bytes)",
        kept.len(),
        exp.map_or_else(String::new, |exp| format!(", exp {exp}")),
        anchor_path.display(),
        args.output.display(),
        update.len()
    );
    if let Some(binary) = &args.binary {
        let mut flash = vec![0u8; STORED_CAPACITY];
        let len = staged
            .write_stored(accepted.iat(), &mut flash)
            .map_err(|e| InputError::usage(e.explanation()))?;
        write_file(binary, flash.get(..len).unwrap_or_default())?;
        crate::outln!(
            "wrote the stored key set to {} ({len} bytes)",
            binary.display()
        );
    }
    Ok(true)
}
