//! ES256: ECDSA on P-256 with SHA-256 (RFC 7518 §3.4), verified with the crate's own P-256
//! arithmetic ([`super::p256`]).
//!
//! Verification follows SEC 1 v2 §4.1.4 (FIPS 186-5 §6.4.2): `r, s ∈ [1, n)`, `e` the hash as
//! an integer mod `n`, `w = s⁻¹`, `R = (e·w)·G + (r·w)·Q`, reject infinity, accept iff
//! `x(R) mod n = r`. The last step needs no field inversion: with `R = (X, Y, Z)` in Jacobian
//! coordinates, `x(R) = X/Z²`, and since `p < 2n`, `x(R) mod n = r` iff `x(R) = r` or
//! `x(R) = r + n < p`, that is `X = r·Z²` or `X = (r + n)·Z²`.

use super::p256::field::FieldElement;
use super::p256::point::{Affine, mul_base_and_point};
use super::p256::scalar::{N, Scalar};
use crate::algorithm::HashAlg;
use crate::error::Error;

/// Decodes `x ‖ y` as a P-256 point, which must lie on the curve (an off-curve or identity point
/// enables invalid-curve attacks) with coordinates below `p`.
fn public_key(xy: &[u8]) -> Result<Affine, Error> {
    let xy: &[u8; 64] = xy.try_into().map_err(|_| Error::InvalidSignature)?;
    Affine::from_be_bytes(xy).ok_or(Error::InvalidSignature)
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
/// r and s must lie in `[1, n)`, which is what CVE-2022-21449 ("psychic signatures") forgot.
///
/// # Errors
/// [`Error::InvalidSignature`] for any failure.
#[inline(never)] // its frame need not add to the other algorithms' in `verify_signature`
pub(crate) fn verify(xy: &[u8], message: &[u8], signature: &[u8]) -> Result<(), Error> {
    let q = public_key(xy)?;
    let (r, s) = signature
        .split_first_chunk::<32>()
        .ok_or(Error::InvalidSignature)?;
    let s: &[u8; 32] = s.try_into().map_err(|_| Error::InvalidSignature)?;
    let r = Scalar::from_be_bytes_nonzero(r).ok_or(Error::InvalidSignature)?;
    let s = Scalar::from_be_bytes_nonzero(s).ok_or(Error::InvalidSignature)?;
    let digest = super::digest(HashAlg::Sha256, message);
    let e: &[u8; 32] = digest
        .as_bytes()
        .try_into()
        .map_err(|_| Error::InvalidSignature)?;
    let e = Scalar::from_be_bytes_reduced(e);
    let w = s.invert();
    let point = mul_base_and_point(e.mul(&w).limbs(), r.mul(&w).limbs(), &q);
    if point.is_infinity() {
        return Err(Error::InvalidSignature);
    }
    let z2 = point.z.square();
    let matches = |candidate: &super::p256::Limbs| {
        FieldElement::from_limbs(candidate).is_some_and(|x| x.mul(&z2) == point.x)
    };
    let (r_plus_n, carry) = super::p256::add(r.limbs(), &N);
    // r + n is a candidate only when it is below p (from_limbs refuses it otherwise).
    if matches(r.limbs()) || (!carry && matches(&r_plus_n)) {
        Ok(())
    } else {
        Err(Error::InvalidSignature)
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]
mod tests {
    use ::p256::ecdsa::signature::{Signer as _, Verifier as _};
    use ::p256::ecdsa::{Signature, SigningKey, VerifyingKey};
    use ::p256::elliptic_curve::PrimeField as _;

    use super::*;

    /// SplitMix64, a deterministic generator for test inputs.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, bound: usize) -> usize {
            (self.next() % bound as u64) as usize
        }

        fn fill(&mut self, out: &mut [u8]) {
            for byte in out {
                *byte = self.next() as u8;
            }
        }
    }

    /// The oracle's verdict: `p256`'s key decoding, signature decoding and verification.
    fn oracle(xy: &[u8], message: &[u8], signature: &[u8]) -> bool {
        let mut sec1 = vec![4u8];
        sec1.extend_from_slice(xy);
        let Ok(key) = VerifyingKey::from_sec1_bytes(&sec1) else {
            return false;
        };
        let Ok(signature) = Signature::from_slice(signature) else {
            return false;
        };
        key.verify(message, &signature).is_ok()
    }

    fn flip(bytes: &mut [u8], rng: &mut Rng) {
        let bit = rng.below(bytes.len() * 8);
        bytes[bit / 8] ^= 1 << (bit % 8);
    }

    /// `count` random keys and messages signed by `p256`, each verified unchanged and with one
    /// bit flipped in r, in s, in the message and in the key: our verdict must be the oracle's.
    fn agree_with_p256(seed: u64, count: usize) {
        let mut rng = Rng(seed);
        for case in 0..count {
            let key = loop {
                let mut secret = [0u8; 32];
                rng.fill(&mut secret);
                if let Ok(key) = SigningKey::from_slice(&secret) {
                    break key;
                }
            };
            let encoded = key.verifying_key().to_sec1_point(false);
            let xy: [u8; 64] = encoded.as_bytes()[1..].try_into().unwrap();
            let mut message = vec![0u8; rng.below(200)];
            rng.fill(&mut message);
            let signature: Signature = key.sign(&message);
            let signature: [u8; 64] = signature.to_bytes().into();
            assert_eq!(check_public_key(&xy), Ok(()), "case {case}");
            assert_eq!(verify(&xy, &message, &signature), Ok(()), "case {case}");

            let mut variants = std::vec::Vec::new();
            for part in 0..2 {
                let mut mutated = signature;
                flip(&mut mutated[32 * part..32 * part + 32], &mut rng);
                variants.push((xy, message.clone(), mutated));
            }
            let mut mutated = message.clone();
            if mutated.is_empty() {
                mutated.push(0);
            } else {
                flip(&mut mutated, &mut rng);
            }
            variants.push((xy, mutated, signature));
            let mut mutated = xy;
            flip(&mut mutated, &mut rng);
            variants.push((mutated, message.clone(), signature));
            for (xy, message, signature) in &variants {
                let expected = oracle(xy, message, signature);
                assert_eq!(
                    verify(xy, message, signature).is_ok(),
                    expected,
                    "case {case}"
                );
            }
        }
    }

    #[test]
    fn agrees_with_p256_on_signatures_and_mutations() {
        agree_with_p256(1, 300);
    }

    /// The full run: about 200 s in an unoptimised test build, a few seconds with `--release`.
    #[test]
    #[ignore = "slow in debug builds; run with --release -- --ignored"]
    fn agrees_with_p256_on_10_000_signatures_and_mutations() {
        agree_with_p256(2, 10_000);
    }

    #[test]
    fn rejects_malformed_inputs() {
        let key = SigningKey::from_slice(&[7; 32]).unwrap();
        let encoded = key.verifying_key().to_sec1_point(false);
        let xy: [u8; 64] = encoded.as_bytes()[1..].try_into().unwrap();
        let signature: Signature = key.sign(b"message");
        let signature: [u8; 64] = signature.to_bytes().into();
        assert_eq!(verify(&xy, b"message", &signature), Ok(()));
        assert!(verify(&xy, b"message", &signature[..63]).is_err());
        assert!(verify(&xy, b"message", &[signature.as_slice(), &[0]].concat()).is_err());
        assert!(verify(&xy[..63], b"message", &signature).is_err());
        assert!(check_public_key(&xy[..63]).is_err());
        assert!(check_public_key(&[0; 64]).is_err());
        // r or s of 0 or n (CVE-2022-21449) and the all-ones values.
        let n = super::super::p256::tests::to_be_bytes(&N);
        for bad in [[0u8; 32], n, [0xFF; 32]] {
            let mut with_bad_r = signature;
            with_bad_r[..32].copy_from_slice(&bad);
            assert!(verify(&xy, b"message", &with_bad_r).is_err());
            let mut with_bad_s = signature;
            with_bad_s[32..].copy_from_slice(&bad);
            assert!(verify(&xy, b"message", &with_bad_s).is_err());
        }
        assert!(verify(&xy, b"message", &[0; 64]).is_err());
        // The negated s also verifies (ECDSA is malleable; p256 accepts it too).
        let s = ::p256::Scalar::from_repr(signature[32..].try_into().unwrap()).unwrap();
        let minus_s: [u8; 32] = (-s).to_repr().into();
        let mut malleated = signature;
        malleated[32..].copy_from_slice(&minus_s);
        assert_eq!(verify(&xy, b"message", &malleated), Ok(()));
        assert!(oracle(&xy, b"message", &malleated));
    }
}
