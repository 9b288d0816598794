//! The client secret a relying party adds beside an issuer's public keys (`--client-secret`,
//! `--client-secret-file`), for `verify` and `provision`.

use std::path::PathBuf;

use clap::Args;
use jwtv::{Key, KeyRejection};

use crate::corpus::jwks::rejection_text;
use crate::error::{Input, InputError, read_file};

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

/// The client secret given on the command line, its octets as given (not checked: see
/// [`client_secret`]).
///
/// # Errors
/// [`InputError`] for an unreadable file.
pub fn client_secret_bytes(args: &ClientSecretArgs) -> Result<Option<Vec<u8>>, InputError> {
    Ok(match (&args.client_secret, &args.client_secret_file) {
        (Some(secret), _) => Some(secret.as_bytes().to_vec()),
        (None, Some(file)) => {
            let mut secret = read_file(file, Input::Secret)?;
            if secret.last() == Some(&b'\n') {
                secret.pop();
                if secret.last() == Some(&b'\r') {
                    secret.pop();
                }
            }
            Some(secret)
        }
        (None, None) => None,
    })
}

/// Why a client secret of `len` bytes cannot key `alg` (an HMAC algorithm): RFC 7518 §3.2 wants
/// a key at least as long as the hash, and OIDC Core §16.19 applies it to client secrets.
pub fn short_secret_text(len: usize, alg: jwtv::Algorithm) -> String {
    format!(
        "the client secret is {len} bytes; {alg} needs at least {} (RFC 7518 §3.2, OpenID Connect Core §16.19)",
        alg.hash().output_len()
    )
}

/// The client secret given on the command line (its octets, checked to key HMAC: use it with
/// `Key::oct`, unpinned and without `kid`).
///
/// # Errors
/// [`InputError`] for an unreadable file or a secret too short to key HMAC.
pub fn client_secret(args: &ClientSecretArgs) -> Result<Option<Vec<u8>>, InputError> {
    let Some(secret) = client_secret_bytes(args)? else {
        return Ok(None);
    };
    Key::oct(&secret).map_err(|reason| {
        let why = match reason {
            KeyRejection::Weak => format!(
                "weak: {}; HS384 needs 48, HS512 64",
                short_secret_text(secret.len(), jwtv::Algorithm::HS256)
            ),
            other => rejection_text(other),
        };
        InputError::usage(format!("the client secret cannot key HMAC: {why}"))
    })?;
    Ok(Some(secret))
}
