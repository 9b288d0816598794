//! The signature layer: one entry point per key family, each returning the single opaque
//! [`Error::InvalidSignature`] on any failure.

use crate::algorithm::HashAlg;
#[cfg(any(feature = "rsa", feature = "ecdsa"))]
use sha2::Digest as _;

#[cfg(feature = "ecdsa")]
pub(crate) mod ecdsa;
#[cfg(feature = "hmac")]
pub(crate) mod hmac;
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

/// Hashes `data` with `hash`.
pub(crate) fn digest(hash: HashAlg, data: &[u8]) -> Digest {
    let mut out = Digest { bytes: [0; 64], len: hash.output_len() };
    let dst = out.bytes.get_mut(..hash.output_len()).unwrap_or(&mut []);
    match hash {
        HashAlg::Sha256 => dst.copy_from_slice(&sha2::Sha256::digest(data)),
        HashAlg::Sha384 => dst.copy_from_slice(&sha2::Sha384::digest(data)),
        HashAlg::Sha512 => dst.copy_from_slice(&sha2::Sha512::digest(data)),
    }
    out
}
