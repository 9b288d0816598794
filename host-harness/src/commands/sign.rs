//! `jwtv sign`: a compact JWS from a private JWK, for authoring fixtures.

use std::path::PathBuf;

use clap::Args;
use serde_json::{Map, Value};

use crate::commands::common::CommandResult;
use crate::error::{Input, InputError, read_file, read_json};
use crate::jose;

const SIGN_HELP: &str = "\
Prints a compact JWS and a newline (`verify` reading standard input drops that newline; strip it
when the token goes elsewhere). The claims file's bytes are the payload, verbatim. The protected header is
{\"alg\": A, \"kid\": the JWK's kid} with the members of the header file, if given, merged over it
(a header `alg` wins, so attack fixtures can lie; `\"kid\": null` leaves the kid out). For test
tokens only: the private key is read from a file in the clear.

Examples:
  jwtv sign --jwk fixtures/keys/rsa2048-a.json --alg RS256 --claims claims.json
  jwtv sign --jwk fixtures/keys/hs-32.json --alg HS256 --claims claims.json \\
      --header header.json        # header.json: {\"typ\":\"JWT\"}";

/// Options of `sign`.
#[derive(Debug, Args)]
#[command(after_help = SIGN_HELP)]
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

/// Runs `jwtv sign`.
///
/// # Errors
/// [`InputError`] naming the file for an unreadable or invalid JWK, claims or header file, or
/// naming `--alg` when the key cannot sign with it.
pub fn run(args: &SignArgs) -> CommandResult {
    let jwk: Value = read_json(&args.jwk, Input::Json)?;
    if !jwk.is_object() {
        return Err(InputError::in_file(
            &args.jwk,
            "not a JSON object (a private JWK)",
        ));
    }
    let claims = read_file(&args.claims, Input::Json)?;
    let header: Map<String, Value> = match &args.header {
        Some(file) => read_json(file, Input::Json)?,
        None => Map::new(),
    };
    let token = jose::sign(&jwk, &args.alg, &header, &claims).map_err(|e| {
        InputError::in_file(
            &args.jwk,
            format!("cannot sign with --alg {}: {e}", args.alg),
        )
    })?;
    crate::outln!("{token}");
    Ok(true)
}
