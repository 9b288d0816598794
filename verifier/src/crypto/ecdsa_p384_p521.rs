//! ES384 and ES512: ECDSA on P-384 with SHA-384 and on P-521 with SHA-512 (RFC 7518 §3.4),
//! verified by RustCrypto's `p384` and `p521` crates (`ecdsa` 0.17's `verify_prehashed`, SEC 1
//! v2 §4.1.4).
//!
//! The JWS form of the signature is exactly `r ‖ s`, each as long as the curve's order (48 bytes
//! for P-384, 66 for P-521), never DER. `r` and `s` must lie in `[1, n)` (the check that
//! CVE-2022-21449's "psychic signatures" skipped), and a public key must be a point of the curve
//! other than the identity, with coordinates below `p` (an off-curve point enables
//! invalid-curve attacks). High `s` is accepted: JWS does not require the low-`s` form.
//!
//! The verifier hashes the signing input itself ([`super::digest`]); the curve crates see the
//! digest only, so one SHA-2 implementation serves every algorithm.

#[cfg(feature = "es384")]
use p384::ecdsa::signature::hazmat::PrehashVerifier as _;
#[cfg(all(feature = "es512", not(feature = "es384")))]
use p521::ecdsa::signature::hazmat::PrehashVerifier as _;

use crate::algorithm::HashAlg;
use crate::error::Error;

#[cfg(feature = "es384")]
use p384::ecdsa as ecdsa_core_p384;
#[cfg(feature = "es512")]
use p521::ecdsa as ecdsa_core_p521;

/// `0x04 ‖ x ‖ y`, the SEC 1 uncompressed encoding of an affine point given as `x ‖ y`.
fn uncompressed<const POINT: usize, const SEC1: usize>(xy: &[u8]) -> Option<[u8; SEC1]> {
    let xy: &[u8; POINT] = xy.try_into().ok()?;
    let mut sec1 = [0x04; SEC1];
    sec1.get_mut(1..)?.copy_from_slice(xy);
    Some(sec1)
}

/// Decodes `x ‖ y` (96 bytes) as a P-384 public key.
#[cfg(feature = "es384")]
fn p384_key(xy: &[u8]) -> Result<ecdsa_core_p384::VerifyingKey, Error> {
    let sec1 = uncompressed::<96, 97>(xy).ok_or(Error::InvalidSignature)?;
    ecdsa_core_p384::VerifyingKey::from_sec1_bytes(&sec1).map_err(|_| Error::InvalidSignature)
}

/// Decodes `x ‖ y` (132 bytes) as a P-521 public key.
#[cfg(feature = "es512")]
fn p521_key(xy: &[u8]) -> Result<ecdsa_core_p521::VerifyingKey, Error> {
    let sec1 = uncompressed::<132, 133>(xy).ok_or(Error::InvalidSignature)?;
    ecdsa_core_p521::VerifyingKey::from_sec1_bytes(&sec1).map_err(|_| Error::InvalidSignature)
}

/// Checks that `x ‖ y` (96 bytes) is a valid P-384 public key.
///
/// # Errors
/// [`Error::InvalidSignature`] (the caller reports it as an invalid key).
#[cfg(feature = "es384")]
pub(crate) fn check_p384_key(xy: &[u8]) -> Result<(), Error> {
    p384_key(xy).map(|_| ())
}

/// Checks that `x ‖ y` (132 bytes) is a valid P-521 public key.
///
/// # Errors
/// [`Error::InvalidSignature`] (the caller reports it as an invalid key).
#[cfg(feature = "es512")]
pub(crate) fn check_p521_key(xy: &[u8]) -> Result<(), Error> {
    p521_key(xy).map(|_| ())
}

/// Verifies an ES384 signature: exactly the 96-byte `r ‖ s`.
///
/// # Errors
/// [`Error::InvalidSignature`] for any failure.
#[cfg(feature = "es384")]
#[inline(never)] // its frame need not add to the other algorithms' in `verify_signature`
pub(crate) fn verify_es384(xy: &[u8], message: &[u8], signature: &[u8]) -> Result<(), Error> {
    let key = p384_key(xy)?;
    let signature =
        ecdsa_core_p384::Signature::from_slice(signature).map_err(|_| Error::InvalidSignature)?;
    let digest = super::digest(HashAlg::Sha384, message);
    key.verify_prehash(digest.as_bytes(), &signature)
        .map_err(|_| Error::InvalidSignature)
}

/// Verifies an ES512 signature: exactly the 132-byte `r ‖ s`.
///
/// # Errors
/// [`Error::InvalidSignature`] for any failure.
#[cfg(feature = "es512")]
#[inline(never)] // its frame need not add to the other algorithms' in `verify_signature`
pub(crate) fn verify_es512(xy: &[u8], message: &[u8], signature: &[u8]) -> Result<(), Error> {
    let key = p521_key(xy)?;
    let signature =
        ecdsa_core_p521::Signature::from_slice(signature).map_err(|_| Error::InvalidSignature)?;
    let digest = super::digest(HashAlg::Sha512, message);
    key.verify_prehash(digest.as_bytes(), &signature)
        .map_err(|_| Error::InvalidSignature)
}
