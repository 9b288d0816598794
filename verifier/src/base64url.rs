//! Strict base64url without padding (RFC 7515 §2, RFC 4648 §5).
//!
//! Strict means: only `A–Z a–z 0–9 - _`, no `=` padding, no whitespace, no `+` or `/`, no
//! length that leaves a lone 6-bit group, and zero unused trailing bits. Lenient decoders that
//! accept several spellings of the same bytes let an attacker vary a token without changing
//! what is verified (CVE-2022-25898).
//!
//! Everything decoded here is public (header, payload, signature, public JWK members) except an
//! `oct` key's `k`, read once when a key set is loaded; so the decoder is a table lookup per
//! character rather than constant-time arithmetic, which on a Cortex-M4 is several times faster.

use crate::error::Error;

/// The base64url alphabet (RFC 4648 §5).
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Not a base64url character.
const INVALID: u8 = 0xFF;

/// Each byte's 6-bit value, or [`INVALID`] (built at compile time: a bad index is a compile
/// error, never a run-time one).
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
const DECODE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// The 6-bit value of `c`, or [`INVALID`] (whose high bit no 6-bit value has).
#[inline(always)]
fn value(c: u8) -> u8 {
    // A `u8` index is always below 256: the bounds check folds away.
    DECODE.get(usize::from(c)).copied().unwrap_or(INVALID)
}

/// Whether `c` is a base64url character.
#[inline(always)]
pub(crate) fn is_alphabet(c: u8) -> bool {
    value(c) & 0x80 == 0
}

/// The 6-bit values of up to four characters, packed big-endian, or `None` if one of them is
/// not in the alphabet.
#[inline(always)]
fn pack(chars: &[u8]) -> Option<u32> {
    let mut bits = 0u32;
    let mut any_invalid = 0u8;
    for &c in chars {
        let v = value(c);
        any_invalid |= v;
        bits = (bits << 6) | u32::from(v);
    }
    // One test per group instead of one per character: only INVALID sets the high bit.
    (any_invalid & 0x80 == 0).then_some(bits)
}

/// Four 6-bit values side by side: the 24 bits of one encoding quantum (RFC 4648 §4).
#[inline(always)]
fn quantum(a: u8, b: u8, c: u8, d: u8) -> u32 {
    u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d)
}

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
    let (quads, rest) = src.as_chunks::<4>();
    let (triples, tail) = out.as_chunks_mut::<3>();
    for (&[a, b, c, d], triple) in quads.iter().zip(triples) {
        let (a, b, c, d) = (value(a), value(b), value(c), value(d));
        // One test per group instead of one per character: only INVALID sets the high bit.
        if (a | b | c | d) & 0x80 != 0 {
            return Err(invalid);
        }
        let [_, b0, b1, b2] = quantum(a, b, c, d).to_be_bytes();
        *triple = [b0, b1, b2];
    }
    // 2 or 3 final characters carry 12 or 18 bits for 1 or 2 bytes; the unused low bits must
    // be zero (a single final character is refused by `decoded_len`).
    if !rest.is_empty() {
        let bits = pack(rest).ok_or(invalid)?;
        let unused: u32 = if rest.len() == 2 { 4 } else { 2 };
        if bits.trailing_zeros() < unused && bits != 0 {
            return Err(invalid);
        }
        let bits = bits >> unused;
        let shifts: &[u32] = if tail.len() == 1 { &[0] } else { &[8, 0] };
        for (byte, shift) in tail.iter_mut().zip(shifts) {
            *byte = low_byte(bits >> shift);
        }
    }
    Ok(out)
}

/// The low 8 bits.
fn low_byte(x: u32) -> u8 {
    x.to_le_bytes()[0]
}

/// Encodes `src` into `dst` and returns the text.
///
/// # Errors
/// [`Error::CapacityExceeded`] when `dst` is too small.
pub(crate) fn encode<'d>(src: &[u8], dst: &'d mut [u8]) -> Result<&'d str, Error> {
    let full = (src.len() / 3).saturating_mul(4);
    let len = match src.len() % 3 {
        0 => full,
        1 => full.saturating_add(2),
        _ => full.saturating_add(3),
    };
    let out = dst.get_mut(..len).ok_or(Error::CapacityExceeded)?;
    for (chunk, text) in src.chunks(3).zip(out.chunks_mut(4)) {
        let bits = chunk
            .iter()
            .chain(core::iter::repeat(&0))
            .take(3)
            .fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
        for (c, shift) in text.iter_mut().zip([18u32, 12, 6, 0]) {
            let index = usize::try_from((bits >> shift) & 0x3F).unwrap_or(0);
            *c = ALPHABET.get(index).copied().unwrap_or(b'A');
        }
    }
    core::str::from_utf8(out).map_err(|_| Error::CapacityExceeded)
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
    /// Every length up to 64 bytes and random contents: the same text as base64ct's encoder (an
    /// independent implementation), decoded back; and every single-character change of the text
    /// decodes exactly when base64ct's constant-time decoder accepts it, to the same bytes.
    fn agrees_with_base64ct() {
        use base64ct::{Base64UrlUnpadded, Encoding as _};
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for len in 0..64usize {
            let bytes: std::vec::Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed.to_le_bytes()[0]
                })
                .collect();
            let want = Base64UrlUnpadded::encode_string(&bytes);
            let mut text = [0u8; 128];
            assert_eq!(encode(&bytes, &mut text).unwrap(), want);
            let mut out = [0u8; 64];
            assert_eq!(
                decode(want.as_bytes(), &mut out, Error::MalformedToken).unwrap(),
                &bytes[..]
            );
            for at in 0..want.len() {
                for c in [
                    b'A', b'B', b'z', b'-', b'_', b'=', b'+', b'/', b' ', 0, 0x80,
                ] {
                    let mut changed = want.clone().into_bytes();
                    changed[at] = c;
                    let ours =
                        decode(&changed, &mut out, Error::MalformedToken).map(|d| d.to_vec());
                    let theirs = Base64UrlUnpadded::decode_vec(
                        core::str::from_utf8(&changed).unwrap_or("\u{0}"),
                    )
                    .map_err(|_| Error::MalformedToken);
                    assert_eq!(ours, theirs, "{:?}", changed);
                }
            }
        }
    }

    /// RFC 4648 §3.3 / RFC 7515 §2: a character outside the alphabet makes the text invalid,
    /// however many others share its group. Every set of positions of texts up to two groups
    /// and a tail long, filled with characters outside the alphabet (several at once, so that
    /// no combination of invalid values can cancel out in the per-group test), is refused.
    #[test]
    fn any_number_of_invalid_characters_in_a_group_is_refused() {
        const OUTSIDE: [u8; 7] = [b'=', b'*', b' ', b'+', 0, 0x80, 0xff];
        assert!(OUTSIDE.iter().all(|&c| !is_alphabet(c)));
        let valid = b"eyJhbGciOiJIUz";
        for len in [2usize, 3, 4, 6, 7, 8, 10, 11] {
            for positions in 1u32..(1 << len) {
                for shift in 0..OUTSIDE.len() {
                    let mut text = [0u8; 16];
                    text[..len].copy_from_slice(&valid[..len]);
                    let mut k = shift;
                    for (at, c) in text[..len].iter_mut().enumerate() {
                        if positions & (1 << at) != 0 {
                            *c = OUTSIDE[k % OUTSIDE.len()];
                            k += 1;
                        }
                    }
                    let mut out = [0u8; 16];
                    assert_eq!(
                        decode(&text[..len], &mut out, Error::MalformedToken).map(|_| ()),
                        Err(Error::MalformedToken),
                        "{:?}",
                        &text[..len]
                    );
                }
            }
        }
    }

    #[test]
    fn encode_round_trips() {
        let mut buf = [0u8; 8];
        assert_eq!(encode(&[0xff, 0xef], &mut buf).unwrap(), "_-8");
        assert_eq!(decoded_len(3), Some(2));
        assert_eq!(decoded_len(5), None);
    }
}
