//! Reading a token's header before (and without) verifying it: which key and algorithm it
//! claims, to decide whether a key set needs refreshing. Nothing read here is trusted.

use crate::algorithm::Algorithm;
use crate::base64url;
use crate::error::Error;
use crate::header::{self, Header};
use crate::json::JsonStr;
use crate::jws;
use crate::policy::DEFAULT_MAX_DEPTH;
use crate::verify::TokenBuffer;

/// A token's protected header, read **without verifying anything**: anyone can write any `kid`,
/// `alg` or `typ` into a token. Use it only to choose what to do next (fetch or provision a key
/// set when the `kid` is unknown, pick a policy), then [`crate::verify`] the token, whose
/// [`crate::Verified::header`] is the one to trust.
#[derive(Clone, Copy, Debug)]
pub struct UnverifiedHeader<'b> {
    header: Header<'b>,
}

impl<'b> UnverifiedHeader<'b> {
    /// The algorithm the token claims (one this build implements; `none` is refused).
    pub fn alg(&self) -> Algorithm {
        self.header.alg()
    }

    /// The key id the token claims, if any.
    pub fn kid(&self) -> Option<JsonStr<'b>> {
        self.header.kid()
    }

    /// The media type the token claims, if any.
    pub fn typ(&self) -> Option<JsonStr<'b>> {
        self.header.typ()
    }

    /// The header's JSON text.
    pub fn json(&self) -> &'b str {
        self.header.json()
    }
}

/// Decodes and reads the protected header of `token` into `buffer`, checking only its form
/// (three base64url segments, the header's JSON, `alg`, `crit`, `b64`) exactly as
/// [`crate::verify`] does. The signature is **not** checked: see [`UnverifiedHeader`].
///
/// # Errors
/// [`Error::CapacityExceeded`] when the token is longer than `N` or its header nests deeper than
/// [`DEFAULT_MAX_DEPTH`]; [`Error::MalformedToken`], [`Error::MalformedHeader`],
/// [`Error::UnsupportedCriticalHeader`], [`Error::AlgorithmNotAllowed`] (`none`) or
/// [`Error::UnsupportedAlgorithm`] as [`crate::verify`] would report them.
///
/// # Examples
/// ```
/// use jwtv::{peek_header, Algorithm, TokenBuffer};
///
/// // A token whose key the device may not have yet (`kid` "2024-07").
/// let token = b"eyJhbGciOiJSUzI1NiIsImtpZCI6IjIwMjQtMDcifQ.e30.c2ln";
/// let mut buffer = TokenBuffer::<1024>::new();
/// let header = peek_header(token, &mut buffer)?;
/// assert_eq!(header.alg(), Algorithm::RS256);
/// assert!(header.kid().is_some_and(|kid| kid == "2024-07"));
/// # Ok::<(), jwtv::Error>(())
/// ```
pub fn peek_header<'b, const N: usize>(
    token: &[u8],
    buffer: &'b mut TokenBuffer<N>,
) -> Result<UnverifiedHeader<'b>, Error> {
    if token.len() > N {
        return Err(Error::CapacityExceeded);
    }
    let segments = jws::split(token)?;
    let json = base64url::decode(segments.header, buffer.bytes_mut(), Error::MalformedToken)?;
    let header = header::parse(json, DEFAULT_MAX_DEPTH)?;
    Ok(UnverifiedHeader { header })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_header_and_refuses_what_verify_refuses() {
        let mut buffer = TokenBuffer::<256>::new();
        // {"alg":"ES256","kid":"k\/1","typ":"JWT"}, no valid signature anywhere.
        let token = b"eyJhbGciOiJFUzI1NiIsImtpZCI6ImtcLzEiLCJ0eXAiOiJKV1QifQ.e30.AA";
        let header = peek_header(token, &mut buffer).unwrap();
        assert_eq!(header.alg(), Algorithm::ES256);
        assert!(header.kid().is_some_and(|kid| kid == "k/1"));
        assert!(header.typ().is_some_and(|typ| typ == "JWT"));
        assert_eq!(header.json(), r#"{"alg":"ES256","kid":"k\/1","typ":"JWT"}"#);

        let cases: [(&[u8], Error); 4] = [
            // {"alg":"none"}
            (b"eyJhbGciOiJub25lIn0.e30.", Error::AlgorithmNotAllowed),
            // {"alg":"HS256","crit":["exp"]}
            (
                b"eyJhbGciOiJIUzI1NiIsImNyaXQiOlsiZXhwIl19.e30.AA",
                Error::UnsupportedCriticalHeader,
            ),
            // {"kid":"x"}
            (b"eyJraWQiOiJ4In0.e30.AA", Error::MalformedHeader),
            (b"not a token", Error::MalformedToken),
        ];
        for (token, error) in cases {
            let mut buffer = TokenBuffer::<256>::new();
            assert_eq!(peek_header(token, &mut buffer).err(), Some(error));
        }
        // The buffer's capacity is the longest token taken: a token of exactly N bytes is read,
        // one of N + 1 refused before anything is decoded (its header alone would fit).
        const TOKEN: &[u8; 27] = b"eyJhbGciOiJFUzI1NiJ9.e30.AA"; // {"alg":"ES256"}
        let mut exact = TokenBuffer::<27>::new();
        assert_eq!(
            peek_header(TOKEN, &mut exact).map(|h| h.alg()),
            Ok(Algorithm::ES256)
        );
        let mut short = TokenBuffer::<26>::new();
        assert_eq!(
            peek_header(TOKEN, &mut short).err(),
            Some(Error::CapacityExceeded)
        );
        let mut small = TokenBuffer::<8>::new();
        assert_eq!(
            peek_header(token, &mut small).err(),
            Some(Error::CapacityExceeded)
        );
    }
}
