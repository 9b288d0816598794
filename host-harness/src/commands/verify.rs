//! `host-harness verify`: one token, one JWKS, one policy; the header and claims on success, the
//! error code and its explanation on rejection.

use base64ct::{Base64UrlUnpadded, Encoding as _};
use serde_json::{Value, json};
use verifier::{
    Detail, Error, Key, KeyKind, KeyRejection, TokenBuffer, Verified, verify_explained,
};

use crate::cli::{CommandResult, VerifyArgs};
use crate::corpus::jwks;
use crate::corpus::settings::{PolicySettings, SettingNames};
use crate::error::{Input, InputError, read_file, read_stdin};
use crate::replay::{KEYSET_BYTES, KEYSET_CAPACITY, TOKEN_CAPACITY};

/// Runs `host-harness verify`.
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
    if let Some(secret) = jwks::client_secret_bytes(&args.secret)? {
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
                        text = format!("{text}: {}", jwks::short_secret_text(len, alg));
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
            jwks::short_secret_text(len, verifier::Algorithm::HS256)
        );
    }
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

/// The token from the argument, or from standard input for `-` or no argument (one trailing
/// newline removed), at most [`Input::Token`]'s limit.
pub(crate) fn read_token(arg: Option<&str>) -> Result<Vec<u8>, InputError> {
    match arg {
        Some(token) if token != "-" => Ok(token.as_bytes().to_vec()),
        _ => {
            let mut token = read_stdin(Input::Token)?;
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

/// For a token refused as `malformed_token` that ends with whitespace: what to do about it.
/// The verifier stays strict (a compact JWS has no whitespace, RFC 7515 §7.1); the hint names
/// the cause that `host-harness sign > file` or an editor's final newline leaves.
pub(crate) fn trailing_whitespace_hint(token: &[u8]) -> Option<String> {
    let last = *token.last()?;
    let what = match last {
        b'\n' => "a newline",
        b'\r' => "a carriage return",
        b' ' => "a space",
        b'\t' => "a tab",
        _ => return None,
    };
    Some(format!(
        "the token ends with {what}: a compact token has no whitespace, so strip it (e.g. `tr -d '\\r\\n\\t '`)"
    ))
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
