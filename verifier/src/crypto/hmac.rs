//! HS256/HS384/HS512: HMAC with SHA-2 (RFC 7518 §3.2), with the `hmac` crate.

use hmac::{Hmac, KeyInit as _, Mac as _};

use crate::algorithm::HashAlg;
use crate::error::Error;

/// Verifies an HMAC tag in constant time (`Mac::verify_slice`); the tag must be full length,
/// since a truncated tag is easier to forge.
///
/// # Errors
/// [`Error::InvalidSignature`] for any failure.
pub(crate) fn verify(
    hash: HashAlg,
    secret: &[u8],
    message: &[u8],
    tag: &[u8],
) -> Result<(), Error> {
    // RFC 7518 §3.2: the key must be at least as long as the hash output.
    if secret.len() < hash.output_len() {
        return Err(Error::InvalidSignature);
    }
    // One monomorphic call per hash: `Hmac<D>`'s bounds make a generic helper noisier than this.
    macro_rules! verify_with {
        ($hash:ty) => {
            match Hmac::<$hash>::new_from_slice(secret) {
                Ok(mut mac) => {
                    mac.update(message);
                    mac.verify_slice(tag).is_ok()
                }
                Err(_) => false,
            }
        };
    }
    let ok = match hash {
        HashAlg::Sha256 => verify_with!(sha2::Sha256),
        #[cfg(feature = "sha512")]
        HashAlg::Sha384 => verify_with!(sha2::Sha384),
        #[cfg(feature = "sha512")]
        HashAlg::Sha512 => verify_with!(sha2::Sha512),
        #[cfg(not(feature = "sha512"))]
        HashAlg::Sha384 | HashAlg::Sha512 => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidSignature)
    }
}
