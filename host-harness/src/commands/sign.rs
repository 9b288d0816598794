//! `host-harness sign`: a compact JWS from a private JWK, for authoring fixtures.

use serde_json::{Map, Value};

use crate::cli::{CommandResult, SignArgs};
use crate::error::{Input, InputError, read_file, read_json};
use crate::jose;

/// Runs `host-harness sign`.
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
    println!("{token}");
    Ok(true)
}
