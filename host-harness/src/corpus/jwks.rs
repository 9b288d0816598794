//! Reading an issuer's JWKS file the way a device would (`KeySet::from_jwks_with`), keeping a
//! record of every key it skipped and why.

use core::fmt;
use std::path::Path;

use jwtv::{Error, KeyRejection, KeySet};

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
    /// The verifier's reason, when the verifier skipped it (not a tool's own filter).
    pub rejection: Option<KeyRejection>,
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
            "too weak (RSA under 2048 bits or with the ROCA fingerprint, CVE-2017-15361; or an HMAC secret shorter than its hash)"
        }
        KeyRejection::TooLarge => {
            "larger than a device key holds (RSA over 4096 bits, secret over 512 bytes, long `kid`)"
        }
        KeyRejection::Invalid => "broken key material or a member of the wrong type",
        KeyRejection::SecretInPublicSet => {
            "a secret (`oct`) published beside public keys: it has leaked and is never used (add a client secret with --client-secret)"
        }
        KeyRejection::PrivateKey => {
            "carries private key members (`d`, `p`, `q`, ...): the private key has leaked"
        }
        _ => "rejected by the verifier",
    };
    format!("{}: {why}", reason.code())
}

/// What an unsupported key is, in the words of its JWK: "secp256k1 (kty EC)", "Ed448 (kty OKP)",
/// "alg ES256K", "kty foo".
fn unsupported_what(jwk: &serde_json::Value) -> Option<String> {
    let member = |name: &str| jwk.get(name).and_then(serde_json::Value::as_str);
    let kty = member("kty")?;
    let supported_alg = member("alg").is_none_or(|alg| alg.parse::<jwtv::Algorithm>().is_ok());
    Some(match (kty, member("crv")) {
        ("EC", Some(crv)) if !["P-256", "P-384", "P-521"].contains(&crv) => {
            format!("{crv} (kty {kty})")
        }
        ("OKP", Some(crv)) if crv != "Ed25519" => format!("{crv} (kty {kty})"),
        ("RSA" | "EC" | "oct" | "OKP", _) if !supported_alg => format!("alg {}", member("alg")?),
        ("RSA" | "EC" | "oct" | "OKP", _) => return None,
        (kty, _) => format!("kty {kty}"),
    })
}

/// Where the repository ships the provider-shaped key sets of the fixture suites as standalone
/// JWKS documents.
pub const STANDALONE_JWKS_DIR: &str = "fixtures/providers/jwks/";

/// Why `bytes` (the contents of `file`) is not a JWKS but a fixture suite, if it is one: a JSON
/// object with `format` and `keysets`, `cases` or `suite`, and no `keys`.
pub fn fixture_suite(file: &Path, bytes: &[u8]) -> Option<String> {
    let doc: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let doc = doc.as_object()?;
    let format = doc.get("format")?;
    let suite_like = ["keysets", "cases", "suite"]
        .iter()
        .any(|m| doc.contains_key(*m));
    if !suite_like || doc.contains_key("keys") {
        return None;
    }
    let names: Vec<String> = doc
        .get("keysets")
        .and_then(serde_json::Value::as_object)
        .map(|sets| sets.keys().map(|name| format!("keysets.{name}")).collect())
        .unwrap_or_default();
    let under = if names.is_empty() {
        "it has no key sets".to_owned()
    } else {
        format!("its key sets are under {}", names.join(", "))
    };
    // The standalone JWKS of a suite under fixtures/providers/ sits in jwks/ beside it.
    let beside = file
        .parent()
        .zip(file.file_name())
        .map(|(dir, name)| dir.join("jwks").join(name))
        .filter(|f| f.is_file())
        .map(|f| format!(" (this suite's: {})", f.display()))
        .unwrap_or_default();
    Some(format!(
        "this is a fixture suite (format {format}), not a JWKS; {under}; standalone JWKS files are in {STANDALONE_JWKS_DIR}{beside}"
    ))
}

/// Loads `jwks` (the contents of `file`) into a key set of capacity `N`.
///
/// # Errors
/// [`InputError`] naming `file`: a fixture suite rather than a JWKS, not a JWKS document, or more
/// usable keys than `N`.
pub fn load<const N: usize, const BYTES: usize>(
    file: &Path,
    jwks: &[u8],
) -> Result<(KeySet<N, BYTES>, Vec<Skipped>), InputError> {
    if let Some(message) = fixture_suite(file, jwks) {
        return Err(InputError::in_file(file, message));
    }
    let mut skipped = Vec::new();
    // The document as plain JSON, to name what an unsupported key is.
    let doc = serde_json::from_slice::<serde_json::Value>(jwks).ok();
    let loaded = KeySet::<N, BYTES>::from_jwks_with(jwks, |s| {
        let entry = doc
            .as_ref()
            .and_then(|d| d.get("keys"))
            .and_then(|keys| keys.get(s.index));
        let reason = match (s.reason, entry.and_then(unsupported_what)) {
            (KeyRejection::Unsupported, Some(what)) => format!(
                "{}: {what} is not supported by this verifier",
                s.reason.code()
            ),
            _ => rejection_text(s.reason),
        };
        skipped.push(Skipped {
            index: s.index,
            kid: s.kid.map(|kid| kid.to_string()),
            reason,
            rejection: Some(s.reason),
        });
    });
    match loaded {
        Ok((keys, _)) => Ok((keys, skipped)),
        Err(Error::CapacityExceeded) => Err(InputError::in_file(
            file,
            format!(
                "field `keys`: more usable keys than the {N} (or their {BYTES} bytes) this tool holds, or nested too deep ({})",
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

#[cfg(test)]
mod tests {
    use super::unsupported_what;
    use serde_json::json;

    #[test]
    fn names_what_is_unsupported_and_nothing_else() {
        let what = |jwk| unsupported_what(&jwk);
        assert_eq!(
            what(json!({"kty": "OKP", "crv": "Ed448", "x": "AA"})).as_deref(),
            Some("Ed448 (kty OKP)")
        );
        assert_eq!(
            what(json!({"kty": "EC", "crv": "secp256k1", "x": "AA", "y": "AA"})).as_deref(),
            Some("secp256k1 (kty EC)")
        );
        assert_eq!(
            what(json!({"kty": "EC", "crv": "P-256", "alg": "ES256K"})).as_deref(),
            Some("alg ES256K")
        );
        for crv in ["P-384", "P-521"] {
            assert_eq!(what(json!({"kty": "EC", "crv": crv, "x": "AA"})), None);
        }
        assert_eq!(
            what(json!({"kty": "OKP", "crv": "Ed25519", "alg": "Ed448"})).as_deref(),
            Some("alg Ed448")
        );
        assert_eq!(
            what(json!({"kty": "OKP", "crv": "Ed25519", "x": "AA"})),
            None
        );
        assert_eq!(what(json!({"kty": "EC", "crv": "P-256"})), None);
    }
}
