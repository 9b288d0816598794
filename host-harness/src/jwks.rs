//! Reading an issuer's JWKS file the way a device would (`KeySet::from_jwks_with`), keeping a
//! record of every key it skipped and why.

use core::fmt;
use std::path::Path;

use verifier::{Error, KeyRejection, KeySet};

use crate::error::InputError;

/// A key the verifier cannot use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Index in the JWKS `keys` array.
    pub index: usize,
    /// The key's `kid`, when it has a string one.
    pub kid: Option<String>,
    /// Why it is skipped.
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "key {} ", self.index)?;
        match &self.kid {
            Some(kid) => write!(f, "(kid {kid:?})")?,
            None => f.write_str("(no kid)")?,
        }
        write!(f, ": {}", self.reason)
    }
}

/// What a [`KeyRejection`] means, in a few words.
pub fn rejection_text(reason: KeyRejection) -> String {
    let why = match reason {
        KeyRejection::NotForVerification => {
            "not a signature key (`use` is not \"sig\" or `key_ops` lacks \"verify\")"
        }
        KeyRejection::Unsupported => {
            "`kty`, `crv` or `alg` names something this build does not implement"
        }
        KeyRejection::Weak => {
            "too weak (RSA under 2048 bits, or an HMAC secret shorter than its hash)"
        }
        KeyRejection::TooLarge => {
            "larger than a device key holds (RSA over 4096 bits, secret over 512 bytes, long `kid`)"
        }
        KeyRejection::Invalid => "broken key material or a member of the wrong type",
        _ => "rejected by the verifier",
    };
    format!("{}: {why}", reason.code())
}

/// Loads `jwks` (the contents of `file`) into a key set of capacity `N`.
///
/// # Errors
/// [`InputError`] naming `file`: not a JWKS document, or more usable keys than `N`.
pub fn load<const N: usize>(
    file: &Path,
    jwks: &[u8],
) -> Result<(KeySet<N>, Vec<Skipped>), InputError> {
    let mut skipped = Vec::new();
    let loaded = KeySet::<N>::from_jwks_with(jwks, |s| {
        skipped.push(Skipped {
            index: s.index,
            kid: s.kid.map(|kid| kid.to_string()),
            reason: rejection_text(s.reason),
        });
    });
    match loaded {
        Ok((keys, _)) => Ok((keys, skipped)),
        Err(Error::CapacityExceeded) => Err(InputError::in_file(
            file,
            format!(
                "field `keys`: more usable keys than the {N} this tool holds, or nested too deep ({})",
                Error::CapacityExceeded.code()
            ),
        )),
        Err(e) => {
            // Say which part of the document is wrong: serde_json gives a line and column for
            // bad JSON; otherwise it is the `keys` member.
            let detail = match serde_json::from_slice::<serde_json::Value>(jwks) {
                Err(json) => json.to_string(),
                Ok(doc) if !doc.is_object() => "the document must be a JSON object".to_owned(),
                Ok(doc) => match doc.get("keys") {
                    None => "field `keys`: missing".to_owned(),
                    Some(serde_json::Value::Array(_)) => {
                        "field `keys`: every entry must be a JSON object (and names must not repeat)"
                            .to_owned()
                    }
                    Some(_) => "field `keys`: must be an array of JWK objects".to_owned(),
                },
            };
            Err(InputError::in_file(
                file,
                format!("not a JWKS document ({}): {detail}", e.code()),
            ))
        }
    }
}
