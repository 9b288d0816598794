//! Compact JWS serialization (RFC 7515 §7.1): `header.payload.signature`, nothing else.

use crate::base64url;
use crate::error::Error;

/// The three base64url segments of a compact JWS, still encoded.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Segments<'t> {
    /// `BASE64URL(UTF8(JWS Protected Header))`.
    pub(crate) header: &'t [u8],
    /// `BASE64URL(JWS Payload)`.
    pub(crate) payload: &'t [u8],
    /// `BASE64URL(JWS Signature)`; empty for `alg: none`, which is rejected later by name.
    pub(crate) signature: &'t [u8],
    /// `header '.' payload`: the JWS Signing Input, exactly as sent (never re-serialized).
    pub(crate) signing_input: &'t [u8],
}

/// Splits a compact JWS into its segments.
///
/// The token is scanned once: any byte outside the base64url alphabet and `.` (whitespace,
/// padding, `+`, `/`, JSON) ends the scan, and a fourth `.` is found without splitting further,
/// so a token of many dots costs no more than its length (CVE-2025-30204, CVE-2025-27144).
///
/// # Errors
/// [`Error::MalformedToken`] for anything but three segments with a non-empty header (JWE has
/// five). The payload may be empty (RFC 7515 allows it; the JWT profiles refuse it later).
pub(crate) fn split(token: &[u8]) -> Result<Segments<'_>, Error> {
    let mut dots = [0usize; 2];
    let mut count = 0usize;
    for (i, &b) in token.iter().enumerate() {
        // One table lookup per byte for the common case, an alphabet character.
        if base64url::is_alphabet(b) {
            continue;
        }
        if b != b'.' {
            return Err(Error::MalformedToken);
        }
        *dots.get_mut(count).ok_or(Error::MalformedToken)? = i;
        count = count.checked_add(1).ok_or(Error::MalformedToken)?;
    }
    if count != 2 {
        return Err(Error::MalformedToken);
    }
    let [first, second] = dots;
    let header = token.get(..first).ok_or(Error::MalformedToken)?;
    let payload = token
        .get(first.saturating_add(1)..second)
        .ok_or(Error::MalformedToken)?;
    let signature = token
        .get(second.saturating_add(1)..)
        .ok_or(Error::MalformedToken)?;
    let signing_input = token.get(..second).ok_or(Error::MalformedToken)?;
    if header.is_empty() {
        return Err(Error::MalformedToken);
    }
    Ok(Segments {
        header,
        payload,
        signature,
        signing_input,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_three_segments() {
        let s = split(b"aGVhZA.cGF5.c2ln").unwrap();
        assert_eq!(s.header, b"aGVhZA");
        assert_eq!(s.payload, b"cGF5");
        assert_eq!(s.signature, b"c2ln");
        assert_eq!(s.signing_input, b"aGVhZA.cGF5");
        // `alg: none` tokens have an empty signature; the name check rejects them later.
        assert_eq!(split(b"aGVhZA.cGF5.").unwrap().signature, b"");
        // An empty payload (RFC 7515 §7.1 does not forbid it).
        let empty = split(b"aGVhZA..c2ln").unwrap();
        assert_eq!(empty.payload, b"");
        assert_eq!(empty.signing_input, b"aGVhZA.");
    }

    #[test]
    fn rejects_everything_else() {
        for bad in [
            &b""[..],
            b"a",
            b"a.b",
            b"a.b.c.",
            b"a.b.c.d",
            b"a.b.c.d.e",
            b".b.c",
            b" a.b.c",
            b"a.b.c ",
            b"a.b.c\n",
            b"a.b=.c",
            b"a.b+/.c",
            b"{\"payload\":\"x\"}",
            b"...",
        ] {
            assert_eq!(
                split(bad).map(|_| ()),
                Err(Error::MalformedToken),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn many_dots_are_rejected_without_splitting() {
        let dots = [b'.'; 10_000];
        assert_eq!(split(&dots).map(|_| ()), Err(Error::MalformedToken));
    }
}
