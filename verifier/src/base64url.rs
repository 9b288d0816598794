//! Strict base64url without padding (RFC 7515 §2, RFC 4648 §5), via `base64ct`.
//!
//! Strict means: only `A–Z a–z 0–9 - _`, no `=` padding, no whitespace, no `+` or `/`, no
//! length that leaves a lone 6-bit group, and zero unused trailing bits. Lenient decoders that
//! accept several spellings of the same bytes let an attacker vary a token without changing
//! what is verified (CVE-2022-25898).

use base64ct::{Base64UrlUnpadded, Encoding};

use crate::error::Error;

/// The number of bytes `encoded_len` base64url characters decode to, if that length is possible.
pub(crate) const fn decoded_len(encoded_len: usize) -> Option<usize> {
    let full = (encoded_len / 4).saturating_mul(3);
    match encoded_len % 4 {
        0 => Some(full),
        2 => full.checked_add(1),
        3 => full.checked_add(2),
        _ => None,
    }
}

/// Decodes `src` into the front of `dst` and returns the decoded bytes.
///
/// # Errors
/// `invalid` for any non-canonical or non-alphabet input; [`Error::CapacityExceeded`] when `dst`
/// is too small.
pub(crate) fn decode<'d>(src: &[u8], dst: &'d mut [u8], invalid: Error) -> Result<&'d [u8], Error> {
    let len = decoded_len(src.len()).ok_or(invalid)?;
    let out = dst.get_mut(..len).ok_or(Error::CapacityExceeded)?;
    let decoded = Base64UrlUnpadded::decode(src, out).map_err(|_| invalid)?;
    Ok(decoded)
}

/// Encodes `src` into `dst` and returns the text.
///
/// # Errors
/// [`Error::CapacityExceeded`] when `dst` is too small.
pub(crate) fn encode<'d>(src: &[u8], dst: &'d mut [u8]) -> Result<&'d str, Error> {
    Base64UrlUnpadded::encode(src, dst).map_err(|_| Error::CapacityExceeded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Result<([u8; 64], usize), Error> {
        let mut buf = [0u8; 64];
        let n = decode(s.as_bytes(), &mut buf, Error::MalformedToken)?.len();
        Ok((buf, n))
    }

    #[test]
    fn decodes_canonical_input() {
        let (buf, n) = dec("eyJhbGciOiJIUzI1NiJ9").unwrap();
        assert_eq!(&buf[..n], br#"{"alg":"HS256"}"#);
        let (buf, n) = dec("_-8").unwrap();
        assert_eq!(&buf[..n], &[0xff, 0xef]);
        assert_eq!(dec("").unwrap().1, 0);
    }

    #[test]
    fn rejects_every_non_canonical_spelling() {
        for bad in [
            "eyJhbGciOiJIUzI1NiJ9=",  // padding
            "eyJhbGciOiJIUzI1NiJ9==", // padding
            "eyJhbGci OiJIUzI1NiJ9",  // whitespace
            "eyJhbGciOiJIUzI1NiJ9\n", // trailing newline
            "/+8",                    // standard alphabet
            "_-9",                    // non-zero unused bits
            "QR",                     // "A" with a non-zero trailing bit
            "A",                      // impossible length
            "AAAAA",                  // impossible length
            "ab*d",                   // outside the alphabet
            "abc\0",
        ] {
            assert_eq!(dec(bad).map(|_| ()), Err(Error::MalformedToken), "{bad:?}");
        }
    }

    #[test]
    fn small_destination_is_a_capacity_error() {
        let mut buf = [0u8; 2];
        assert_eq!(
            decode(b"AAAA", &mut buf, Error::MalformedToken),
            Err(Error::CapacityExceeded)
        );
    }

    #[test]
    fn encode_round_trips() {
        let mut buf = [0u8; 8];
        assert_eq!(encode(&[0xff, 0xef], &mut buf).unwrap(), "_-8");
        assert_eq!(decoded_len(3), Some(2));
        assert_eq!(decoded_len(5), None);
    }
}
