//! `jwtv verify`: one token, one JWKS, one policy; the header and claims on success, the
//! error code and its explanation on rejection.

use std::path::PathBuf;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use clap::Args;
use jwtv::{
    Algorithm, Detail, Error, Flow, Key, KeyKind, KeyRejection, Profile, TokenBuffer, Verified,
    verify_explained,
};
use serde_json::{Value, json};

use crate::commands::client_secret::{self, ClientSecretArgs};
use crate::commands::common::{
    CommandResult, parse_algorithm, read_token, trailing_whitespace_hint,
};
use crate::corpus::jwks;
use crate::corpus::settings::{PolicySettings, SettingNames};
use crate::error::{Input, InputError, read_file};
use crate::replay::{KEYSET_BYTES, KEYSET_CAPACITY, TOKEN_CAPACITY};

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
  jwtv verify --jwks op-jwks.json --now 1700000000 eyJhbGciOi...
  jwtv verify --jwks op-jwks.json --now \"$(date +%s)\" --profile id_token \\
      --issuer https://op.example --audience client-1 --nonce n-0S6_WzA2Mj --alg RS256 < token.txt
  jwtv verify --jwks op-jwks.json --now 1700000000 --profile id_token \\
      --issuer https://op.example --audience client-1 --id-token-source hybrid \\
      --response-type \"code id_token\" --code SplxlOBeZQQYbYS6WxSbIA --nonce n-0S6_WzA2Mj TOKEN
  jwtv verify --jwks op-jwks.json --now 1700000000 --profile logout_token \\
      --issuer https://op.example --audience client-1 LOGOUT_TOKEN
  jwtv sign --jwk hs.json --alg HS256 --claims claims.json | \\
      jwtv verify --jwks hs-jwks.json --now 1700000000 -
  jwtv sign --jwk fixtures/keys/p256-a.json --alg ES256 --claims claims.json | \\
      jwtv verify --jwks fixtures/providers/jwks/test-keys.json --now 1700000000 -";

/// Options of `verify`.
#[derive(Debug, Args)]
#[command(after_help = VERIFY_HELP)]
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

/// Runs `jwtv verify`.
///
/// # Errors
/// [`InputError`] for a usage error, an unreadable token or JWKS, or a JWKS that is not one.
pub fn run(args: &VerifyArgs) -> CommandResult {
    let settings = settings(args)?;
    let token = read_token(args.token.as_deref())?;
    let jwks_bytes = read_file(&args.jwks, Input::Jwks)?;
    let (mut keys, skipped) = jwks::load::<KEYSET_CAPACITY, KEYSET_BYTES>(&args.jwks, &jwks_bytes)?;
    if args.verbose {
        for key in &skipped {
            eprintln!("note: {}: {key} (skipped)", args.jwks.display());
        }
    }
    // A secret too short for any HMAC (RFC 7518 §3.2) is refused as the verifier refuses it:
    // not used, and named in the verdict of an HS* token, which then has no key.
    let mut short_secret = None;
    if let Some(secret) = client_secret::client_secret_bytes(&args.secret)? {
        match Key::oct(&secret) {
            Ok(key) => keys.push(key).map_err(|_| {
                InputError::usage(format!(
                    "{}: no room for the client secret beside {KEYSET_CAPACITY} keys",
                    args.jwks.display()
                ))
            })?,
            Err(KeyRejection::Weak) => short_secret = Some(secret.len()),
            Err(reason) => {
                return Err(InputError::usage(format!(
                    "the client secret cannot key HMAC: {}",
                    reason.explanation()
                )));
            }
        }
    }
    let mut buffer = Box::new(TokenBuffer::<TOKEN_CAPACITY>::new());
    let result = settings
        .with_policy(|policy| {
            verify_explained(&token, &keys, policy, args.now, &mut buffer)
                .map(|v| describe(&v))
                .map_err(|rejection| {
                    let mut text = rejection.to_string();
                    if let (Error::KeyNotFound, Detail::Key { alg, .. }, Some(len)) =
                        (rejection.error(), rejection.detail(), short_secret)
                        && alg.key_kind() == KeyKind::Oct
                    {
                        text = format!("{text}: {}", client_secret::short_secret_text(len, alg));
                    }
                    if rejection.error() == Error::MalformedToken
                        && let Some(hint) = trailing_whitespace_hint(&token)
                    {
                        text = format!("{text} ({hint})");
                    }
                    (rejection.error(), text)
                })
        })
        .map_err(|refused| InputError::usage(refused.to_string()))?;
    let named = matches!(&result, Err((_, text)) if text.contains("the client secret is"));
    if let Some(len) = short_secret
        && !named
    {
        eprintln!(
            "note: {}: not used",
            client_secret::short_secret_text(len, Algorithm::HS256)
        );
    }
    match result {
        Ok(description) => {
            crate::outln!("{description}");
            Ok(true)
        }
        Err((e, explained)) => {
            // Without -v the skipped keys are listed only when they may explain the verdict.
            if !args.verbose && matches!(e, Error::KeyNotFound | Error::AmbiguousKey) {
                for key in &skipped {
                    eprintln!("note: {}: {key} (skipped)", args.jwks.display());
                }
            }
            eprintln!("error: {explained}");
            Ok(false)
        }
    }
}

fn settings(args: &VerifyArgs) -> Result<PolicySettings, InputError> {
    let mut settings = PolicySettings::new(args.profile);
    settings.issuer.clone_from(&args.issuer);
    settings.audience.clone_from(&args.audience);
    if !args.algorithms.is_empty() {
        settings.algorithms.clone_from(&args.algorithms);
    }
    settings.leeway = args.leeway;
    settings.nonce.clone_from(&args.nonce);
    settings.max_age = args.max_age;
    settings.max_token_age = args.max_token_age;
    settings.access_token.clone_from(&args.access_token);
    settings.code.clone_from(&args.code);
    settings.id_token_source = args.id_token_source;
    settings.response_type.clone_from(&args.response_type);
    settings.typ.clone_from(&args.typ);
    settings.required_claims.clone_from(&args.required_claims);
    settings.required_scopes.clone_from(&args.required_scopes);
    settings.try_all_keys = args.try_all_keys;
    settings
        .check(&SettingNames::FLAGS)
        .map_err(InputError::usage)?;
    Ok(settings)
}

/// `{"header":{…},"claims":{…}}`; a JWS payload that is not a JSON object is given as
/// `"claims":null` and `"payload"` in base64url.
fn describe(verified: &Verified<'_>) -> String {
    let header: Value = serde_json::from_str(verified.header().json()).unwrap_or(Value::Null);
    let doc = match serde_json::from_slice::<Value>(verified.payload()) {
        Ok(claims @ Value::Object(_)) => json!({ "header": header, "claims": claims }),
        _ => json!({
            "header": header,
            "claims": null,
            "payload": Base64UrlUnpadded::encode_string(verified.payload()),
        }),
    };
    doc.to_string()
}
