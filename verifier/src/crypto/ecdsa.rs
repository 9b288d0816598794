//! ES256: ECDSA on P-256 with SHA-256 (RFC 7518 §3.4), with `p256`.

use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};

use crate::error::Error;

/// Decodes `x ‖ y` as a P-256 point, which must lie on the curve (an off-curve or identity point
/// enables invalid-curve attacks).
fn public_key(xy: &[u8]) -> Result<VerifyingKey, Error> {
    let xy: &[u8; 64] = xy.try_into().map_err(|_| Error::InvalidSignature)?;
    let mut sec1 = [0x04; 65];
    if let Some((_, coordinates)) = sec1.split_first_mut() {
        coordinates.copy_from_slice(xy);
    }
    VerifyingKey::from_sec1_bytes(&sec1).map_err(|_| Error::InvalidSignature)
}

/// Checks that `x ‖ y` is a valid P-256 public key.
///
/// # Errors
/// [`Error::InvalidSignature`] (the caller reports it as an invalid key).
pub(crate) fn check_public_key(xy: &[u8]) -> Result<(), Error> {
    public_key(xy).map(|_| ())
}

/// Verifies an ES256 signature: exactly the 64-byte `r ‖ s` (RFC 7518 §3.4), never DER.
///
/// `Signature::from_slice` refuses r or s equal to 0 or not below the group order, which is what
/// CVE-2022-21449 ("psychic signatures") forgot.
///
/// # Errors
/// [`Error::InvalidSignature`] for any failure.
pub(crate) fn verify(xy: &[u8], message: &[u8], signature: &[u8]) -> Result<(), Error> {
    if signature.len() != 64 {
        return Err(Error::InvalidSignature);
    }
    let key = public_key(xy)?;
    let signature = Signature::from_slice(signature).map_err(|_| Error::InvalidSignature)?;
    key.verify(message, &signature)
        .map_err(|_| Error::InvalidSignature)
}
