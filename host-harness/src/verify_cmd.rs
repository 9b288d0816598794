//! `host-harness verify`: one token, one JWKS, one policy; the header and claims on success, the
//! error code and its explanation on rejection.

use std::io::Read as _;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use serde_json::{Value, json};
use verifier::{Error, Key, TokenBuffer, Verified, verify_explained};

use crate::cli::{CommandResult, VerifyArgs};
use crate::error::{InputError, read_file};
use crate::jwks;
use crate::runner::{KEYSET_BYTES, KEYSET_CAPACITY, TOKEN_CAPACITY};
use crate::settings::{PolicySettings, Target};

/// Runs `host-harness verify`.
///
/// # Errors
/// [`InputError`] for a usage error, an unreadable token or JWKS, or a JWKS that is not one.
pub fn run(args: &VerifyArgs) -> CommandResult {
    let settings = settings(args)?;
    let token = read_token(args.token.as_deref())?;
    let jwks_bytes = read_file(&args.jwks)?;
    let (mut keys, skipped) = jwks::load::<KEYSET_CAPACITY, KEYSET_BYTES>(&args.jwks, &jwks_bytes)?;
    if args.verbose {
        for key in &skipped {
            eprintln!("note: {}: {key} (skipped)", args.jwks.display());
        }
    }
    if let Some(secret) = jwks::client_secret(&args.secret)? {
        let key = Key::oct(&secret).map_err(|reason| InputError::usage(reason.explanation()))?;
        keys.push(key).map_err(|_| {
            InputError::usage(format!(
                "{}: no room for the client secret beside {KEYSET_CAPACITY} keys",
                args.jwks.display()
            ))
        })?;
    }
    let mut buffer = Box::new(TokenBuffer::<TOKEN_CAPACITY>::new());
    let result = settings.with_policy(|policy| {
        verify_explained(&token, &keys, policy, args.now, &mut buffer)
            .map(|v| describe(&v))
            .map_err(|rejection| (rejection.error(), rejection.to_string()))
    });
    match result {
        Ok(description) => {
            println!("{description}");
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
    let target = Target::new(args.profile, args.issuer.clone(), args.audience.clone()).map_err(
        |missing| {
            InputError::usage(format!(
                "--profile {} needs --{missing}",
                args.profile.name()
            ))
        },
    )?;
    let mut settings = PolicySettings::new(target);
    if !args.algorithms.is_empty() {
        settings.algorithms.clone_from(&args.algorithms);
    }
    settings.leeway = args.leeway;
    settings.nonce.clone_from(&args.nonce);
    settings.max_age = args.max_age;
    settings.max_token_age = args.max_token_age;
    settings.access_token.clone_from(&args.access_token);
    settings.code.clone_from(&args.code);
    settings.typ.clone_from(&args.typ);
    settings.required_claims.clone_from(&args.required_claims);
    settings.required_scopes.clone_from(&args.required_scopes);
    settings.try_all_keys = args.try_all_keys;
    Ok(settings)
}

/// The token from the argument, or from standard input for `-` or no argument (one trailing
/// newline removed).
fn read_token(arg: Option<&str>) -> Result<Vec<u8>, InputError> {
    match arg {
        Some(token) if token != "-" => Ok(token.as_bytes().to_vec()),
        _ => {
            let mut token = Vec::new();
            std::io::stdin()
                .read_to_end(&mut token)
                .map_err(|e| InputError::usage(format!("standard input: cannot read: {e}")))?;
            if token.last() == Some(&b'\n') {
                token.pop();
                if token.last() == Some(&b'\r') {
                    token.pop();
                }
            }
            Ok(token)
        }
    }
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
