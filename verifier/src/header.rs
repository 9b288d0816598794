//! The JOSE protected header (RFC 7515 §4): which algorithm, which key, which type.

use crate::algorithm::Algorithm;
use crate::error::Error;
use crate::json::{self, JsonStr, Object, Value};

/// The longest protected header accepted, in bytes of JSON (after base64url decoding); a longer
/// one is [`Error::CapacityExceeded`] before it is read. Real headers hold `alg`, `kid`, `typ` and
/// at most a certificate chain (`x5c`) or a public key (`jwk`), which the verifier ignores; this
/// bounds what an unsigned token can make the verifier read before the signature is checked.
pub const MAX_HEADER_LEN: usize = 8192;

/// The protected header of a verified token.
///
/// Only `alg`, `kid`, `typ` and `crit` are understood. `jwk`, `jku`, `x5u`, `x5c` and `x5t` are
/// never used to find or build a key (RFC 8725 §3.10: a key carried by the token proves nothing).
///
/// # Examples
/// ```
/// // `TOKEN`: header {"alg":"HS256","kid":"hs-1"}, payload {"iss":"https://op.example",
/// // "sub":"door-3","aud":["client-1","https://api.example"],"exp":2000000000.5,
/// // "iat":1700000000,"scope":"openid door:open","website":"https:\/\/example.com",
/// // "name":"st\u0061ff","door":3,"roles":["admin","staff"]}, signed with the key in `keys`.
/// // `verified`: verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?, where
/// // POLICY = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1").
/// # use jwtv::{verify, Algorithm, Key, Policy, TokenBuffer};
/// # const TOKEN: &[u8] = b"eyJhbGciOiJIUzI1NiIsImtpZCI6ImhzLTEifQ.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUiLCJzdWIiOiJkb29yLTMiLCJhdWQiOlsiY2xpZW50LTEiLCJodHRwczovL2FwaS5leGFtcGxlIl0sImV4cCI6MjAwMDAwMDAwMC41LCJpYXQiOjE3MDAwMDAwMDAsInNjb3BlIjoib3BlbmlkIGRvb3I6b3BlbiIsIndlYnNpdGUiOiJodHRwczpcL1wvZXhhbXBsZS5jb20iLCJuYW1lIjoic3RcdTAwNjFmZiIsImRvb3IiOjMsInJvbGVzIjpbImFkbWluIiwic3RhZmYiXX0.CAtjRpgzOAeQaEsisK9UCxfLxJSkPFx4plHljSGMVbE";
/// # static SECRET: [u8; 64] = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
/// # let keys = [Key::oct(&SECRET).and_then(|key| key.with_kid("hs-1")).expect("valid key")];
/// # const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1");
/// # let mut buffer = TokenBuffer::<1024>::new();
/// # let verified = verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?;
/// let header = verified.header();
/// assert_eq!(header.alg(), Algorithm::HS256);
/// assert!(header.kid().is_some_and(|kid| kid == "hs-1"));
/// assert!(header.typ().is_none());
/// assert_eq!(header.json(), r#"{"alg":"HS256","kid":"hs-1"}"#);
/// # Ok::<(), jwtv::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Header<'a> {
    alg: Algorithm,
    kid: Option<JsonStr<'a>>,
    typ: Option<JsonStr<'a>>,
    object: Object<'a>,
}

impl<'a> Header<'a> {
    /// The algorithm the token was signed with (already checked against the policy).
    pub fn alg(&self) -> Algorithm {
        self.alg
    }

    /// The key id, if the header names one.
    pub fn kid(&self) -> Option<JsonStr<'a>> {
        self.kid
    }

    /// The media type of the token (`JWT`, `at+jwt`, …), if present.
    pub fn typ(&self) -> Option<JsonStr<'a>> {
        self.typ
    }

    /// The header's JSON text as decoded from the token.
    pub fn json(&self) -> &'a str {
        self.object.as_str()
    }
}

/// Parses the decoded header JSON.
///
/// Checks, in order: JSON validity (duplicates, depth), `alg` present and a string, `crit`
/// absent, `b64` absent or `true`, `kid`/`typ` strings; then resolves `alg`: `none` in any letter
/// case → [`Error::AlgorithmNotAllowed`], a name this build does not implement →
/// [`Error::UnsupportedAlgorithm`]. The policy's allow-list is checked by the caller.
///
/// # Errors
/// As above; a header longer than [`MAX_HEADER_LEN`], nesting beyond `max_depth` or more names
/// than [`crate::MAX_OPEN_MEMBERS`] is [`Error::CapacityExceeded`].
pub(crate) fn parse(json: &[u8], max_depth: usize) -> Result<Header<'_>, Error> {
    if json.len() > MAX_HEADER_LEN {
        return Err(Error::CapacityExceeded);
    }
    let object =
        json::parse_object(json, max_depth).map_err(|e| e.to_error(Error::MalformedHeader))?;
    // One pass over the members: the reader has already refused duplicate names, so the first
    // match of each name is the only one.
    let (mut alg, mut kid, mut typ) = (None, None, None);
    let (mut crit, mut b64) = (false, None);
    for (name, value) in object.members() {
        if name == "alg" {
            alg = Some(value);
        } else if name == "kid" {
            kid = Some(value);
        } else if name == "typ" {
            typ = Some(value);
        } else if name == "crit" {
            crit = true;
        } else if name == "b64" {
            b64 = Some(value);
        }
    }
    let Some(Value::String(alg)) = alg else {
        return Err(Error::MalformedHeader);
    };
    // RFC 7515 §4.1.11: we understand no extension, so any `crit` (even `[]`, which the RFC
    // forbids, or one naming a registered header) is refused.
    if crit {
        return Err(Error::UnsupportedCriticalHeader);
    }
    // RFC 7797: an unencoded payload is not for JWTs, and without `crit` it must not be ignored.
    match b64 {
        None | Some(Value::Bool(true)) => {}
        Some(_) => return Err(Error::MalformedHeader),
    }
    let kid = optional_string(kid)?;
    let typ = optional_string(typ)?;
    let alg = resolve_alg(alg)?;
    Ok(Header {
        alg,
        kid,
        typ,
        object,
    })
}

fn optional_string(value: Option<Value<'_>>) -> Result<Option<JsonStr<'_>>, Error> {
    match value {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::MalformedHeader),
    }
}

fn resolve_alg(alg: JsonStr<'_>) -> Result<Algorithm, Error> {
    if alg
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .eq("none".chars())
    {
        return Err(Error::AlgorithmNotAllowed);
    }
    let mut buf = [0u8; 8];
    let name = alg
        .unescape_into(&mut buf)
        .map_err(|_| Error::UnsupportedAlgorithm)?;
    match Algorithm::from_name(name) {
        Some(a) if a.is_implemented() => Ok(a),
        _ => Err(Error::UnsupportedAlgorithm),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(json: &str) -> Result<Header<'_>, Error> {
        parse(json.as_bytes(), 4)
    }

    #[test]
    fn reads_alg_kid_typ() {
        let h = p(r#"{"alg":"RS256","kid":"k1","typ":"JWT","x5c":["MIIB"],"jku":"https://evil"}"#)
            .unwrap();
        assert_eq!(h.alg(), Algorithm::RS256);
        assert_eq!(h.kid().unwrap(), "k1");
        assert_eq!(h.typ().unwrap(), "JWT");
        assert_eq!(
            p(r#"{"\u0061lg":"HS\u0032\u0035\u0036"}"#).unwrap().alg(),
            Algorithm::HS256
        );
        assert!(p(r#"{"alg":"HS256","b64":true}"#).is_ok());
    }

    #[test]
    fn none_in_any_case_is_not_allowed() {
        for doc in [
            r#"{"alg":"none"}"#,
            r#"{"alg":"NONE"}"#,
            r#"{"alg":"nOnE"}"#,
            r#"{"alg":"\u006eone"}"#,
        ] {
            assert_eq!(p(doc).map(|_| ()), Err(Error::AlgorithmNotAllowed), "{doc}");
        }
    }

    #[test]
    fn unknown_algorithms_are_unsupported() {
        for doc in [
            r#"{"alg":"ES256K"}"#,
            r#"{"alg":"Ed448"}"#,
            r#"{"alg":"ed25519"}"#,
            r#"{"alg":"rs256"}"#,
            r#"{"alg":""}"#,
            r#"{"alg":"RS256RS256RS256"}"#,
        ] {
            assert_eq!(
                p(doc).map(|_| ()),
                Err(Error::UnsupportedAlgorithm),
                "{doc}"
            );
        }
    }

    #[test]
    fn crit_is_always_refused() {
        for doc in [
            r#"{"alg":"RS256","crit":["exp"],"exp":1}"#,
            r#"{"alg":"RS256","crit":[]}"#,
            r#"{"alg":"RS256","crit":["alg"]}"#,
            r#"{"alg":"RS256","crit":["b64"],"b64":false}"#,
            r#"{"alg":"RS256","crit":"x"}"#,
        ] {
            assert_eq!(
                p(doc).map(|_| ()),
                Err(Error::UnsupportedCriticalHeader),
                "{doc}"
            );
        }
    }

    #[test]
    fn malformed_headers() {
        for doc in [
            r#"{}"#,
            r#"{"alg":null}"#,
            r#"{"alg":256}"#,
            r#"{"alg":["RS256"]}"#,
            r#"{"alg":"RS256","alg":"none"}"#,
            r#"{"alg":"RS256","kid":7}"#,
            r#"{"alg":"RS256","typ":null}"#,
            r#"{"alg":"RS256","b64":false}"#,
            r#"{"alg":"RS256"} x"#,
            r#"["RS256"]"#,
        ] {
            assert_eq!(p(doc).map(|_| ()), Err(Error::MalformedHeader), "{doc}");
        }
        assert_eq!(
            p(r#"{"alg":"RS256","x":[[[[1]]]]}"#).map(|_| ()),
            Err(Error::CapacityExceeded)
        );
    }
}
