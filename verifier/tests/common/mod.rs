//! Test-only token signing (the verifier never signs).
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)] // test code
#![allow(dead_code)]

use base64ct::{Base64UrlUnpadded, Encoding};
use hmac::{Hmac, KeyInit, Mac};
use p256::ecdsa::signature::Signer;

pub fn b64(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

pub fn signing_input(header: &str, claims: &str) -> String {
    format!("{}.{}", b64(header.as_bytes()), b64(claims.as_bytes()))
}

pub fn hs256(secret: &[u8], header: &str, claims: &str) -> String {
    let input = signing_input(header, claims);
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64(&mac.finalize().into_bytes()))
}

pub fn hs512(secret: &[u8], header: &str, claims: &str) -> String {
    let input = signing_input(header, claims);
    let mut mac = Hmac::<sha2::Sha512>::new_from_slice(secret).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64(&mac.finalize().into_bytes()))
}

/// A fixed P-256 signing key (test only) and its public `x`, `y`.
/// The fixed test signing key and its public point `x ‖ y`.
pub fn p256_key() -> (p256::ecdsa::SigningKey, [u8; 64]) {
    let sk = p256::ecdsa::SigningKey::from_slice(&[0x17; 32]).unwrap();
    let point = sk.verifying_key().to_sec1_point(false);
    (sk, point.as_bytes()[1..65].try_into().unwrap())
}

pub fn es256(header: &str, claims: &str) -> String {
    let (sk, _) = p256_key();
    let input = signing_input(header, claims);
    let sig: p256::ecdsa::Signature = sk.sign(input.as_bytes());
    format!("{input}.{}", b64(&sig.to_bytes()))
}

/// A P-256 signing key from a fixed scalar byte (test only) and its public point `x ‖ y`.
pub fn p256_key_from(byte: u8) -> (p256::ecdsa::SigningKey, [u8; 64]) {
    let sk = p256::ecdsa::SigningKey::from_slice(&[byte; 32]).unwrap();
    let point = sk.verifying_key().to_sec1_point(false);
    (sk, point.as_bytes()[1..65].try_into().unwrap())
}

/// An ES256 JWS signed with `sk`.
pub fn es256_with(sk: &p256::ecdsa::SigningKey, header: &str, claims: &str) -> String {
    let input = signing_input(header, claims);
    let sig: p256::ecdsa::Signature = sk.sign(input.as_bytes());
    format!("{input}.{}", b64(&sig.to_bytes()))
}

/// The public JWK members (`"kty":"EC",…`, without braces) of a P-256 point.
pub fn p256_jwk_members(point: &[u8; 64]) -> String {
    format!(
        r#""kty":"EC","crv":"P-256","x":"{}","y":"{}""#,
        b64(&point[..32]),
        b64(&point[32..])
    )
}
