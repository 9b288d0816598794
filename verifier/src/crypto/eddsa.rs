//! EdDSA with Ed25519 (RFC 8037 §3.1, RFC 8032 §5.1.7), verified by ed25519-dalek.
//!
//! Verification is strict ([`VerifyingKey::verify_strict`]): `S` must be below the group order
//! `ℓ` (a non-canonical `S` would let anyone derive a second valid signature from a first), and
//! a small-order public key or `R` is refused (a small-order key verifies signatures made
//! without its private key, so it identifies no signer). The cofactorless equation
//! `[S]B = R + [k]A` is checked, as RFC 8032 §5.1.7 permits.

use ed25519_dalek::{Signature, VerifyingKey};

use crate::error::Error;

/// Decodes an Ed25519 public key and refuses a small-order (weak) one.
fn public_key(public: &[u8]) -> Result<VerifyingKey, Error> {
    let public: &[u8; 32] = public.try_into().map_err(|_| Error::InvalidSignature)?;
    let key = VerifyingKey::from_bytes(public).map_err(|_| Error::InvalidSignature)?;
    if key.is_weak() {
        return Err(Error::InvalidSignature);
    }
    Ok(key)
}

/// Why an Ed25519 public key cannot be used: its encoding is no point of the curve, or the
/// point has small order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BadKey {
    /// Not the encoding of a curve point.
    Invalid,
    /// A point of order 1, 2, 4 or 8.
    Weak,
}

/// Checks that `public` is a usable Ed25519 public key.
///
/// # Errors
/// The [`BadKey`] reason.
pub(crate) fn check_public_key(public: &[u8]) -> Result<(), BadKey> {
    let public: &[u8; 32] = public.try_into().map_err(|_| BadKey::Invalid)?;
    let key = VerifyingKey::from_bytes(public).map_err(|_| BadKey::Invalid)?;
    if key.is_weak() {
        return Err(BadKey::Weak);
    }
    Ok(())
}

/// Verifies an EdDSA (Ed25519) signature: exactly 64 bytes, `R ‖ S`.
///
/// # Errors
/// [`Error::InvalidSignature`] for any failure.
#[inline(never)] // its frame need not add to the other algorithms' in `verify_signature`
pub(crate) fn verify(public: &[u8], message: &[u8], signature: &[u8]) -> Result<(), Error> {
    let key = public_key(public)?;
    let signature: &[u8; 64] = signature.try_into().map_err(|_| Error::InvalidSignature)?;
    let signature = Signature::from_bytes(signature);
    key.verify_strict(message, &signature)
        .map_err(|_| Error::InvalidSignature)
}
