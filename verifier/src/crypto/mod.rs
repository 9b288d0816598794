//! The signature layer: one entry point per key family, each returning the single opaque
//! [`Error::InvalidSignature`] on any failure (no side channel through error detail).

use sha2::Digest as _;

use crate::algorithm::{Algorithm, HashAlg};
use crate::error::Error;
use crate::keys::key::Key;

#[cfg(feature = "ecdsa")]
pub(crate) mod ecdsa;
#[cfg(any(feature = "es384", feature = "es512"))]
pub(crate) mod ecdsa_p384_p521;
#[cfg(feature = "eddsa")]
pub(crate) mod eddsa;
#[cfg(feature = "hmac")]
pub(crate) mod hmac;
#[cfg(any(feature = "rsa", feature = "ecdsa"))]
mod limb;
#[cfg(feature = "rsa")]
mod montgomery;
#[cfg(feature = "ecdsa")]
pub(crate) mod p256;
#[cfg(feature = "rsa")]
pub(crate) mod rsa;

/// A SHA-2 digest of at most 64 bytes, kept on the stack.
#[derive(Clone, Copy)]
pub(crate) struct Digest {
    bytes: [u8; 64],
    len: usize,
}

impl Digest {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }
}

/// Hashes `data` with `hash`. When this build does not compute `hash` (the feature `sha512` is
/// off) the digest is empty, which matches no signature or `at_hash`; no caller gets there, since
/// [`verify_signature`] and header parsing refuse an algorithm whose hash is not compiled in.
pub(crate) fn digest(hash: HashAlg, data: &[u8]) -> Digest {
    let mut out = Digest {
        bytes: [0; 64],
        len: if hash.is_implemented() {
            hash.output_len()
        } else {
            0
        },
    };
    if let Some(dst) = out.bytes.get_mut(..out.len) {
        match hash {
            HashAlg::Sha256 => dst.copy_from_slice(&sha2::Sha256::digest(data)),
            #[cfg(feature = "sha512")]
            HashAlg::Sha384 => dst.copy_from_slice(&sha2::Sha384::digest(data)),
            #[cfg(feature = "sha512")]
            HashAlg::Sha512 => dst.copy_from_slice(&sha2::Sha512::digest(data)),
            #[cfg(not(feature = "sha512"))]
            HashAlg::Sha384 | HashAlg::Sha512 => {}
        }
    }
    out
}

/// The HMAC arm of [`verify_signature`]. Not inlined when `eddsa` is in the build: the compiler
/// otherwise inlines the hmac crate's key preparation into `verify_signature`, whose frame then
/// grows by 464 bytes on every algorithm's path (measured on the Cortex-M4: RSA-2048's peak
/// 3,920 -> 3,008 B out of line, HS384's 3,204 -> 3,116 B, for 648 B of flash). Without `eddsa`
/// the compiler keeps that preparation out of line by itself.
#[cfg(feature = "hmac")]
#[cfg_attr(feature = "eddsa", inline(never))]
fn verify_hmac(
    alg: Algorithm,
    key: &Key<'_>,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    match (alg, key.hmac_sha256_pads()) {
        (Algorithm::HS256, Some(pads)) => {
            hmac::verify_sha256_with_pads(pads, signing_input, signature)
        }
        _ => hmac::verify(alg.hash(), key.material(), signing_input, signature),
    }
}

/// Verifies a JWS signature over `signing_input` with `key` under `alg`.
///
/// This is the whole signature layer: no header, claims or policy are involved. The key must
/// [allow](Key::allows) `alg` (its kind, its own `alg` pin, an HMAC secret's length); key
/// selection has already checked that, and it is checked again here for direct callers.
///
/// # Errors
/// [`Error::InvalidSignature`] for every failure, including a key that does not allow `alg`;
/// [`Error::UnsupportedAlgorithm`] when `alg`'s family is not compiled in.
///
/// # Examples
/// ```
/// use jwtv::{verify_signature, Algorithm, Error, Key};
/// // RFC 7515 A.3: an ES256 signature over `header.payload` with this P-256 key.
/// static POINT: [u8; 64] = [
///     127, 205, 206, 39, 112, 246, 196, 93, 65, 131, 203, 238, 111, 219, 75, 123, 88, 7, 51, 53,
///     123, 233, 239, 19, 186, 207, 110, 60, 123, 209, 84, 69, 199, 241, 68, 205, 27, 189, 155, 126,
///     135, 44, 223, 237, 185, 238, 185, 244, 179, 105, 93, 110, 169, 11, 36, 173, 138, 70, 35, 40,
///     133, 136, 229, 173,
/// ];
/// let signing_input = b"eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
/// let mut signature = [
///     14, 209, 33, 83, 121, 99, 108, 72, 60, 47, 127, 21, 88, 7, 212, 2, 163, 178, 40, 3, 58, 249,
///     124, 126, 23, 129, 154, 195, 22, 158, 166, 101, 197, 10, 7, 211, 140, 60, 112, 229, 216, 241,
///     45, 175, 8, 74, 84, 128, 166, 101, 144, 197, 242, 147, 80, 154, 143, 63, 127, 138, 131, 163,
///     84, 213,
/// ];
/// let key = Key::ec_p256(&POINT);
/// assert_eq!(verify_signature(Algorithm::ES256, &key, signing_input, &signature), Ok(()));
/// signature[63] ^= 1;
/// assert_eq!(
///     verify_signature(Algorithm::ES256, &key, signing_input, &signature),
///     Err(Error::InvalidSignature)
/// );
/// // A key that does not allow the algorithm is the same opaque failure.
/// assert_eq!(
///     verify_signature(Algorithm::RS256, &key, signing_input, &signature),
///     Err(Error::InvalidSignature)
/// );
/// ```
pub fn verify_signature(
    alg: Algorithm,
    key: &Key<'_>,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    if !alg.is_implemented() {
        return Err(Error::UnsupportedAlgorithm);
    }
    if !key.allows(alg) {
        return Err(Error::InvalidSignature);
    }
    let _ = (signing_input, signature);
    match alg {
        #[cfg(feature = "hmac")]
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
            verify_hmac(alg, key, signing_input, signature)
        }
        #[cfg(feature = "rsa")]
        Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 => rsa::verify_pkcs1v15(
            &rsa::PublicKey::of(key),
            alg.hash(),
            signing_input,
            signature,
        ),
        #[cfg(feature = "rsa")]
        Algorithm::PS256 | Algorithm::PS384 | Algorithm::PS512 => rsa::verify_pss(
            &rsa::PublicKey::of(key),
            alg.hash(),
            signing_input,
            signature,
        ),
        #[cfg(feature = "ecdsa")]
        Algorithm::ES256 => ecdsa::verify(key.material(), signing_input, signature),
        #[cfg(feature = "es384")]
        Algorithm::ES384 => ecdsa_p384_p521::verify_es384(key.material(), signing_input, signature),
        #[cfg(feature = "es512")]
        Algorithm::ES512 => ecdsa_p384_p521::verify_es512(key.material(), signing_input, signature),
        #[cfg(feature = "eddsa")]
        Algorithm::EdDSA | Algorithm::Ed25519 => {
            eddsa::verify(key.material(), signing_input, signature)
        }
        #[allow(unreachable_patterns)]
        _ => Err(Error::UnsupportedAlgorithm),
    }
}
