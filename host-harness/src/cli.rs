//! The command line: subcommands, options, help with examples, and exit codes.
//!
//! Exit codes are part of the contract: 0 success; 1 the answer is "no" (a fixture case failed,
//! a token was rejected, nothing left to provision); 2 the question could not be asked (bad usage,
//! an unreadable or invalid file).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use verifier::{Algorithm, Profile};

use crate::error::InputError;
use crate::report::Format;
use verifier::Flow;

/// Exit status: the command ran and the answer is yes.
pub const EXIT_OK: u8 = 0;
/// Exit status: the command ran and the answer is no.
pub const EXIT_REJECTED: u8 = 1;
/// Exit status: usage error, or an unreadable or invalid input file.
pub const EXIT_INPUT: u8 = 2;

/// Conformance harness and command-line tool for the `verifier` crate.
#[derive(Debug, Parser)]
#[command(
    name = "host-harness",
    version,
    about = "Conformance harness and command-line tool for the no_std token verifier",
    after_help = "Exit status: 0 success; 1 a fixture failed, a token was rejected or nothing was left to provision; 2 usage error or an unreadable or invalid file.\n\nRun `host-harness <COMMAND> --help` for examples."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[allow(clippy::large_enum_variant)] // parsed once per process
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Replay the conformance fixtures and report unexpected results.
    #[command(after_help = RUN_HELP)]
    Run(RunArgs),
    /// Verify one token against a JWKS and a policy.
    #[command(after_help = VERIFY_HELP)]
    Verify(VerifyArgs),
    /// Check an issuer's JWKS and write the minimal key set a device needs.
    #[command(after_help = PROVISION_HELP)]
    Provision(ProvisionArgs),
    /// Check a signed key-set update (typ jwk-set+jwt) as a device will.
    #[command(name = "verify-keyset", after_help = VERIFY_KEYSET_HELP)]
    VerifyKeyset(VerifyKeysetArgs),
    /// Replay the key-set update scenarios (fixtures/keyset-updates) on the host or the
    /// emulated Cortex-M4.
    #[command(name = "keyset-updates", after_help = KEYSET_UPDATES_HELP)]
    KeysetUpdates(KeysetUpdatesArgs),
    /// Sign a test token with a private JWK (for authoring fixtures).
    #[command(after_help = SIGN_HELP)]
    Sign(SignArgs),
    /// Measure verification on the emulated Cortex-M4: instructions, stack, flash.
    #[command(after_help = BENCH_HELP)]
    Bench(BenchArgs),
    /// Replay Project Wycheproof's signature vectors through the signature layer, on the host
    /// and on the emulated Cortex-M4.
    #[command(after_help = WYCHEPROOF_HELP)]
    Wycheproof(WycheproofArgs),
    /// Write fixture cases, with their expected verdicts, for the C interface's tests.
    #[command(after_help = EXPORT_CASES_HELP)]
    ExportCases(ExportCasesArgs),
    /// List the panic call sites of a linked Cortex-M image, by calling function and crate.
    #[command(after_help = PANIC_SITES_HELP)]
    PanicSites(PanicSitesArgs),
}

const PANIC_SITES_HELP: &str = "\
Reads a 32-bit ARM ELF image (a firmware, or the capi C example linked with arm-none-eabi-gcc)
and lists every function that calls one of core's panic paths, with its crate and the number of
calls, then the total per crate. A call the optimiser could not remove is listed even if no
input reaches it. Exit status: 0 when no crate named by --deny has a site; 1 otherwise.

Examples:
  host-harness panic-sites target/capi-c/door.elf --deny jwt_verifier";

/// Options of `panic-sites`.
#[derive(Debug, Args)]
pub struct PanicSitesArgs {
    /// The ELF image.
    pub elf: PathBuf,
    /// Crates that must have no panic call site (repeatable).
    #[arg(long, value_name = "CRATE")]
    pub deny: Vec<String>,
}

const EXPORT_CASES_HELP: &str = "\
Writes every case of the suites under the paths in the firmware's wire format
(firmware/src/wire.rs: `CASE <len>` frames of `<tag> <len>` records: JWKS, secrets,
policy, token) followed, in each case, by `suite`, `expect` (the fixture's verdict: `valid` or an
error code) and, for a documented divergence, `divergence` (the verdict the verifier gives
instead, from divergences.json). The C tests of capi/ read it: the host test every case, the
Cortex-M4 example a subset embedded as a C array (--format c). The output is a function of the
fixtures alone, so CI regenerates it and compares.

Examples:
  cargo run -p host-harness -- export-cases --output target/capi-c/cases.bin
  host-harness export-cases fixtures/rfc --format c --output capi/examples/cortex-m4/cases.c";

/// Options of `export-cases`.
#[derive(Debug, Args)]
pub struct ExportCasesArgs {
    /// Fixture files or directories [default: fixtures/]
    pub paths: Vec<PathBuf>,
    /// Where to write.
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
    /// `bin`: the wire format itself; `c`: the same bytes as a C array `jwtv_cases`.
    #[arg(long, value_enum, default_value_t = ExportFormat::Bin)]
    pub format: ExportFormat,
}

/// What `export-cases` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The wire format.
    Bin,
    /// A C source file defining `jwtv_cases` and `jwtv_cases_len`.
    C,
}

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

const RUN_HELP: &str = "\
Every *.json file under the paths is a fixture suite (format 1, see fixtures/README.md), except
keys/, vectors/ and jwks/ directories and divergences.json. Known divergences are read from
--divergences, or else from divergences.json at the root of each directory given or, failing
that, in the nearest directory above it.

The text report lists each unexpected result (suite, id, expected, actual) and ends with the line
`N passed, N failed`. Exit status: 0 nothing failed; 1 a case failed; 2 a fixture file is
unreadable or invalid (the message names the file, the case and the field's path, such as
cases[3].policy.leeway; nothing is replayed, but --format junit still writes a report with one
<error> per invalid file).

Examples:
  cargo run -p host-harness -- run
  host-harness run fixtures/oidc/oidc-rp.json fixtures/claims
  host-harness run --format junit --output target/fixtures.xml
  host-harness run --target qemu-m4        # the same corpus inside an emulated Cortex-M4
  host-harness run --format json | jq '.results[] | select(.outcome != \"pass\")'";

const BENCH_HELP: &str = "\
Replays the fixtures inside QEMU's Cortex-M4 (mps2-an386, -icount shift=0: exact instruction
counts; SysTick resolution 40 instructions) and prints, per algorithm and key size, the
instructions of a whole verification and of its signature layer alone, and the peak stack; then
the flash each feature set adds (the flash-probe image of firmware/, built per feature set,
less the runtime alone), and the project's targets met or missed. Only valid cases are measured.
Needs qemu-system-arm and the thumbv7em-none-eabihf target.

Examples:
  cargo run -p host-harness -- bench --target qemu-m4
  host-harness bench fixtures/oidc fixtures/claims";

const VERIFY_HELP: &str = "\
Prints {\"header\":{...},\"claims\":{...}} and exits 0 when the token is valid; prints
`error: <code>: <explanation> (<the values involved>)` on stderr and exits 1 when it is rejected; exits 2 on a usage error
or an unreadable JWKS. Standard input loses one final newline (what `sign > file` leaves); any
other trailing whitespace stays and the token is malformed_token, with a message that says so.
Inputs are bounded: a token 64 KiB, a JWKS 1 MiB, a client-secret file 64 KiB (exit 2 past
that). The profiles id_token, access_token and logout_token need --issuer and
--audience; a jwt without them accepts any issuer or audience. --id-token-source states where an
ID token came from: token-endpoint (at_hash optional, checked against --access-token when both
are there), implicit (--response-type \"id_token\" or \"id_token token\" with --access-token;
--nonce, which the token's nonce must equal) or hybrid (--response-type \"code id_token\" or
\"code id_token token\", with --code and --nonce, and --access-token for the latter; c_hash
required, nonce equal to --nonce). Without it,
--access-token and --code make at_hash and c_hash required. Keys of the JWKS the verifier cannot use (another
curve, an encryption key, ...) are listed on stderr with -v, and whenever the verdict is
key_not_found or ambiguous_key. Values may start with `-` (--nonce -x, --code -x). The test
keys' public JWKS, and the fixture suites' provider key sets, are standalone files in
fixtures/providers/jwks/ (a suite file is not a JWKS).

Examples:
  host-harness verify --jwks op-jwks.json --now 1700000000 eyJhbGciOi...
  host-harness verify --jwks op-jwks.json --now \"$(date +%s)\" --profile id_token \\
      --issuer https://op.example --audience client-1 --nonce n-0S6_WzA2Mj --alg RS256 < token.txt
  host-harness verify --jwks op-jwks.json --now 1700000000 --profile id_token \\
      --issuer https://op.example --audience client-1 --id-token-source hybrid \\
      --response-type \"code id_token\" --code SplxlOBeZQQYbYS6WxSbIA --nonce n-0S6_WzA2Mj TOKEN
  host-harness verify --jwks op-jwks.json --now 1700000000 --profile logout_token \\
      --issuer https://op.example --audience client-1 LOGOUT_TOKEN
  host-harness sign --jwk hs.json --alg HS256 --claims claims.json | \\
      host-harness verify --jwks hs-jwks.json --now 1700000000 -
  host-harness sign --jwk fixtures/keys/p256-a.json --alg ES256 --claims claims.json | \\
      host-harness verify --jwks fixtures/providers/jwks/test-keys.json --now 1700000000 -";

const VERIFY_KEYSET_HELP: &str = "\
Verifies a key-set update (a compact JWS with typ jwk-set+jwt, OpenID Federation 1.0's signed JWK
Set) exactly as verifier::verify_key_set_update does on a device: signed by one of the trust
anchors (public JWK or JWKS files; private members are ignored), iss and sub as expected, not
expired, not issued beyond --now plus --leeway, iat later than --installed-iat, no secret, no
private key, no trust anchor inside, and every JWKS loading rule. Prints `accepted: iat N, keys:
kid, ...` (and writes the stored binary form with --binary) and exits 0; prints `error: <code>:
<explanation>` and exits 1 when refused; exits 2 on a usage error or unreadable file.

Examples:
  host-harness verify-keyset --trust-anchor anchor-public.json --iss https://keys.example \\
      --sub door-controllers --now \"$(date +%s)\" --installed-iat 1700000000 update.jwt
  host-harness verify-keyset --trust-anchor fixtures/keys/trust-anchor-es256.json \\
      --iss https://keys.example --sub door-controllers --now 1700000000 --binary keys.bin - < update.jwt";

const KEYSET_UPDATES_HELP: &str = "\
Each file (default: every *.json under fixtures/keyset-updates/) holds scenarios: a device starts
with nothing installed; each step is an update arriving (applied when accepted: written in the
stored binary form and read back, as after a reboot), a stored key set read at boot, or a token
checked against the installed set. Every step's verdict, and the kids installed after it, must
be the fixture's. With --target qemu-m4 the steps run inside the emulated Cortex-M4 and must give
the same verdicts. Ends with `N passed, N failed`. Exit status: 0 nothing failed; 1 a step
failed; 2 an unreadable or invalid file, or the target could not be run.

Examples:
  cargo run -p host-harness -- keyset-updates
  cargo run -p host-harness -- keyset-updates --target qemu-m4";

const PROVISION_HELP: &str = "\
Loads the JWKS as a device would, drops the keys the device cannot or should not use (one line
per key on stderr: index, kid, reason), and writes the rest: as a JWKS with public members only
(--emit json), or as Rust source defining `pub static KEYS: [verifier::Key; N]` built at compile
time (--emit rust). With --discovery, keys must fit the issuer's
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
  host-harness provision --jwks op-jwks.json --alg ES256 --sign-with anchor-private.json \\
      --iss https://keys.example --sub door-controllers --iat 1700000000 --exp 1731536000 \\
      --output update.jwt --binary keys.bin
  host-harness provision --jwks google-certs.json --discovery openid-configuration.json \\
      --output device-keys.json
  host-harness provision --jwks jwks.json --alg RS256 --emit rust --output src/keys.rs
  host-harness provision --jwks fixtures/providers/jwks/keycloak.json --output device-keys.json";

const SIGN_HELP: &str = "\
Prints a compact JWS and a newline (`verify` reading standard input drops that newline; strip it
when the token goes elsewhere). The claims file's bytes are the payload, verbatim. The protected header is
{\"alg\": A, \"kid\": the JWK's kid} with the members of the header file, if given, merged over it
(a header `alg` wins, so attack fixtures can lie; `\"kid\": null` leaves the kid out). For test
tokens only: the private key is read from a file in the clear.

Examples:
  host-harness sign --jwk fixtures/keys/rsa2048-a.json --alg RS256 --claims claims.json
  host-harness sign --jwk fixtures/keys/hs-32.json --alg HS256 --claims claims.json \\
      --header header.json        # header.json: {\"typ\":\"JWT\"}";

/// Options of `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Fixture files or directories [default: fixtures/]
    pub paths: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Known divergences file [default: divergences.json in or above each path given]
    #[arg(long, value_name = "FILE")]
    pub divergences: Option<PathBuf>,
    /// Where the verifier runs: on this machine, or inside an emulated Cortex-M4 (QEMU
    /// mps2-an386), where every verdict must also equal the host's.
    #[arg(long, value_enum, default_value_t = RunTarget::Host)]
    pub target: RunTarget,
    /// A prebuilt firmware runner image to use instead of building firmware/.
    #[arg(long, value_name = "ELF")]
    pub firmware: Option<PathBuf>,
}

/// Where `run` and `bench` verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RunTarget {
    /// This machine.
    Host,
    /// The firmware in firmware/ under `qemu-system-arm -machine mps2-an386`.
    #[value(name = "qemu-m4")]
    QemuM4,
}

/// Options of `bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Fixture files or directories whose valid cases are measured [default: fixtures/]
    pub paths: Vec<PathBuf>,
    /// Where to measure (only the emulated Cortex-M4 is supported; host benchmarks are
    /// `cargo bench` in bench/).
    #[arg(long, value_enum, default_value_t = RunTarget::QemuM4)]
    pub target: RunTarget,
    /// A prebuilt firmware runner image to use instead of building firmware/.
    #[arg(long, value_name = "ELF")]
    pub firmware: Option<PathBuf>,
    /// One row per case (instructions, peak stack, ratio to the baseline) instead of the
    /// per-algorithm tables; flash is not measured.
    #[arg(long)]
    pub per_case: bool,
    /// With --per-case: the id of the case every other case of the same token length (within
    /// 1 %) is compared with [default: the first case].
    #[arg(long, value_name = "ID", requires = "per_case")]
    pub baseline: Option<String>,
    /// Exit 1 when a measurement exceeds its CI ceiling (the last column of the targets table:
    /// instruction counts are exact under QEMU's -icount, stack and flash exact too).
    #[arg(long, conflicts_with = "per_case")]
    pub enforce_ceilings: bool,
    /// With --per-case: exit 1 when a case of the baseline's token length costs more than this
    /// many times the baseline's instructions (counts are exact under QEMU's -icount, so this
    /// is a deterministic check).
    #[arg(long, value_name = "RATIO", requires = "per_case")]
    pub max_ratio: Option<f64>,
}

/// Options of `wycheproof`.
#[derive(Debug, Args)]
pub struct WycheproofArgs {
    /// Where the vectors run besides this machine: `qemu-m4` adds the emulated Cortex-M4.
    #[arg(long, value_enum, default_value_t = RunTarget::Host)]
    pub target: RunTarget,
    /// A prebuilt `signature-vectors` firmware image to use instead of building
    /// firmware/.
    #[arg(long, value_name = "ELF")]
    pub firmware: Option<PathBuf>,
}

/// Options of `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The issuer's JWKS document.
    #[arg(long, value_name = "FILE")]
    pub jwks: PathBuf,
    /// The current time, in Unix seconds (the verifier never reads a clock).
    #[arg(long, value_name = "SECS")]
    pub now: u64,
    /// jws, jwt, id_token, access_token or logout_token.
    #[arg(long, value_name = "P", default_value = "jwt", value_parser = parse_profile)]
    pub profile: Profile,
    /// Expected `iss`.
    #[arg(long, value_name = "S")]
    pub issuer: Option<String>,
    /// Expected `aud` (the client id for an ID token, the resource for an access token).
    #[arg(long, value_name = "S")]
    pub audience: Option<String>,
    /// Allowed algorithm; repeat for several [default: every implemented one]
    #[arg(long = "alg", value_name = "A", value_parser = parse_algorithm)]
    pub algorithms: Vec<Algorithm>,
    /// Clock skew tolerated, in seconds.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub leeway: u64,
    /// Expected `nonce` (may start with `-`: `--nonce=-x` or `--nonce -x`).
    #[arg(long, value_name = "S", allow_hyphen_values = true)]
    pub nonce: Option<String>,
    /// OIDC max_age: `auth_time` must be at most this many seconds ago.
    #[arg(long, value_name = "S")]
    pub max_age: Option<u64>,
    /// `iat` must be at most this many seconds ago.
    #[arg(long, value_name = "S")]
    pub max_token_age: Option<u64>,
    /// The access token issued with this ID token (checks `at_hash`: required without
    /// --id-token-source, else as the flow says); may start with `-`.
    #[arg(long, value_name = "S", allow_hyphen_values = true)]
    pub access_token: Option<String>,
    /// The authorization code issued with this ID token (checks `c_hash`: required without
    /// --id-token-source, else as the flow says); may start with `-`.
    #[arg(long, value_name = "S", allow_hyphen_values = true)]
    pub code: Option<String>,
    /// Where the ID token came from: token-endpoint, implicit or hybrid. The flow decides which
    /// of at_hash, c_hash and nonce are required (OpenID Connect Core §3.1.3.8, §3.2.2.10-11,
    /// §3.3.2.11); implicit and hybrid need --response-type and --nonce (the nonce sent).
    #[arg(long, value_name = "FLOW", value_parser = parse_flow)]
    pub id_token_source: Option<Flow>,
    /// The authorization request's response_type, space-separated (`"code id_token token"`):
    /// must agree with --id-token-source, --access-token and --code.
    #[arg(long, value_name = "\"T ...\"")]
    pub response_type: Option<String>,
    /// Required header `typ`.
    #[arg(long, value_name = "S")]
    pub typ: Option<String>,
    /// A claim that must be present; repeat for several.
    #[arg(long = "require-claim", value_name = "NAME")]
    pub required_claims: Vec<String>,
    /// A scope `scope` must list; repeat for several.
    #[arg(long = "require-scope", value_name = "SCOPE")]
    pub required_scopes: Vec<String>,
    /// Try each fitting key when the header has no kid and several fit.
    #[arg(long)]
    pub try_all_keys: bool,
    /// Also list the JWKS's keys that were skipped, and why (on standard error).
    #[arg(short, long)]
    pub verbose: bool,
    /// The relying party's client secret, if HS* tokens are to verify.
    #[command(flatten)]
    pub secret: ClientSecretArgs,
    /// The compact token; `-` or absent reads it from standard input.
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,
}

/// What `provision` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    /// A JWKS document with public members only.
    Json,
    /// Rust source: `pub static KEYS: [verifier::Key; N]`.
    Rust,
}

/// Options of `provision`.
#[derive(Debug, Args)]
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
    /// The update's `exp`, if any.
    #[arg(long, value_name = "SECONDS", requires = "sign_with")]
    pub exp: Option<u64>,
    /// Also write the stored binary form of the key set (what a device keeps in flash).
    #[arg(long, value_name = "FILE", requires = "sign_with")]
    pub binary: Option<PathBuf>,
}

/// Options of `verify-keyset`.
#[derive(Debug, Args)]
pub struct VerifyKeysetArgs {
    /// A trust anchor: a public JWK or a JWKS; repeat for several.
    #[arg(long = "trust-anchor", value_name = "FILE", required = true)]
    pub trust_anchors: Vec<PathBuf>,
    /// The expected `iss`.
    #[arg(long, value_name = "ISSUER")]
    pub iss: String,
    /// The expected `sub`.
    #[arg(long, value_name = "SUBJECT")]
    pub sub: String,
    /// The device's clock, in seconds since the epoch.
    #[arg(long, value_name = "SECONDS")]
    pub now: u64,
    /// The `iat` of the set installed on the device (none installed when absent).
    #[arg(long, value_name = "SECONDS")]
    pub installed_iat: Option<u64>,
    /// Clock leeway in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub leeway: u64,
    /// Algorithms the trust anchors sign with [default: each anchor's].
    #[arg(long = "alg", value_name = "A", value_parser = parse_algorithm)]
    pub algorithms: Vec<Algorithm>,
    /// When accepted, write the stored binary form of the new set here.
    #[arg(long, value_name = "FILE")]
    pub binary: Option<PathBuf>,
    /// The file holding the update (a compact JWS); `-` or absent reads standard input.
    #[arg(value_name = "UPDATE_FILE")]
    pub update: Option<String>,
}

/// Options of `keyset-updates`.
#[derive(Debug, Args)]
pub struct KeysetUpdatesArgs {
    /// Scenario files or directories [default: fixtures/keyset-updates/]
    pub paths: Vec<PathBuf>,
    /// Where the verifier runs.
    #[arg(long, value_enum, default_value_t = RunTarget::Host)]
    pub target: RunTarget,
}

/// An OIDC client secret given on the command line. A JWKS that publishes public keys never
/// supplies a secret (one that does has leaked it), so a relying party that verifies HS256/384/512
/// ID tokens adds its secret explicitly.
#[derive(Debug, Args)]
pub struct ClientSecretArgs {
    /// The OIDC client secret: its UTF-8 octets are the HMAC key (OIDC Core §10.1).
    #[arg(
        long,
        value_name = "S",
        conflicts_with = "client_secret_file",
        allow_hyphen_values = true
    )]
    pub client_secret: Option<String>,
    /// The client secret read from a file (its bytes, less one trailing newline), so that it
    /// stays out of the shell history and the process list.
    #[arg(long, value_name = "FILE")]
    pub client_secret_file: Option<PathBuf>,
}

/// Options of `sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The private JWK to sign with.
    #[arg(long, value_name = "PRIVATE_JWK_FILE")]
    pub jwk: PathBuf,
    /// The JWS algorithm (`alg`).
    #[arg(long, value_name = "A")]
    pub alg: String,
    /// The payload: a file whose bytes are signed verbatim.
    #[arg(long, value_name = "JSON_FILE")]
    pub claims: PathBuf,
    /// Extra protected header members, as a JSON object.
    #[arg(long, value_name = "JSON_FILE")]
    pub header: Option<PathBuf>,
}

fn parse_algorithm(name: &str) -> Result<Algorithm, String> {
    match Algorithm::from_name(name) {
        Some(alg) if alg.is_implemented() => Ok(alg),
        Some(alg) => Err(format!("{alg} is not implemented by this build")),
        None => {
            let known: Vec<&str> = Algorithm::ALL
                .iter()
                .filter(|a| a.is_implemented())
                .map(|a| a.name())
                .collect();
            Err(format!("expected one of {}", known.join(", ")))
        }
    }
}

fn parse_profile(name: &str) -> Result<Profile, String> {
    Profile::from_name(name)
        .ok_or_else(|| "expected one of jws, jwt, id_token, access_token, logout_token".to_owned())
}

fn parse_flow(name: &str) -> Result<Flow, String> {
    // The command line spells `token_endpoint` as `token-endpoint`.
    match Flow::from_name(&name.replace('-', "_")) {
        Some(flow) if !name.contains('_') => Ok(flow),
        _ => Err("expected one of token-endpoint, implicit, hybrid".to_owned()),
    }
}

/// Parses the command line, runs the command, and turns the result into the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Run(args) => crate::commands::run::run(args),
        Command::Verify(args) => crate::commands::verify::run(args),
        Command::Provision(args) => crate::commands::provision::run(args),
        Command::Sign(args) => crate::commands::sign::run(args),
        Command::VerifyKeyset(args) => crate::commands::verify_keyset::verify_keyset(args),
        Command::KeysetUpdates(args) => crate::commands::verify_keyset::keyset_updates(args),
        Command::Bench(args) => crate::commands::bench::run(args),
        Command::Wycheproof(args) => crate::commands::wycheproof::run(args),
        Command::ExportCases(args) => crate::commands::export_cases::run(args),
        Command::PanicSites(args) => crate::commands::export_cases::panic_sites(args),
    };
    match result {
        Ok(true) => ExitCode::from(EXIT_OK),
        Ok(false) => ExitCode::from(EXIT_REJECTED),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_INPUT)
        }
    }
}

/// The outcome of a command: `Ok(true)` yes, `Ok(false)` no, `Err` unusable input.
pub type CommandResult = Result<bool, InputError>;
