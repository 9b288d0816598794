//! A fixed-capacity set of verification keys, loaded from a JWKS (RFC 7517 §5) or built from
//! decoded material, and the key-selection rules.

use core::ops::Deref;

use crate::error::Error;
use crate::header::Header;
use crate::json::{self, JsonError, JsonStr, Value};
use crate::jwk;
use crate::key::{Key, KeyRejection};

/// Nesting allowed in a JWKS document: the top object, `keys`, a key, `x5c`/`key_ops`, and a
/// level to spare for extensions.
const JWKS_MAX_DEPTH: usize = 5;

/// Up to `N` verification keys.
///
/// # Examples
/// ```
/// use verifier::KeySet;
/// let jwks = br#"{"keys":[
///   {"kty":"oct","kid":"hs","alg":"HS256","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"},
///   {"kty":"RSA","use":"enc","n":"AQAB","e":"AQAB"}
/// ]}"#;
/// let (keys, report) = KeySet::<4>::from_jwks(jwks)?;
/// assert_eq!((keys.len(), report.skipped()), (1, 1));
/// # Ok::<(), verifier::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct KeySet<const N: usize> {
    keys: heapless::Vec<Key, N>,
}

/// What loading a JWKS kept and what it skipped, by reason.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    loaded: usize,
    skipped: [usize; KeyRejection::ALL.len()],
}

impl LoadReport {
    /// Keys kept.
    pub fn loaded(&self) -> usize {
        self.loaded
    }

    /// Keys skipped, for any reason.
    pub fn skipped(&self) -> usize {
        self.skipped
            .iter()
            .fold(0usize, |a, b| a.saturating_add(*b))
    }

    /// Keys skipped for `reason`.
    pub fn skipped_for(&self, reason: KeyRejection) -> usize {
        self.skipped.get(reason.index()).copied().unwrap_or(0)
    }
}

/// A key that loading skipped: its position in `keys`, its `kid` if readable, and why.
#[derive(Clone, Copy, Debug)]
pub struct SkippedKey<'a> {
    /// Index in the JWKS `keys` array.
    pub index: usize,
    /// The key's `kid`, when it is a string.
    pub kid: Option<JsonStr<'a>>,
    /// Why it was skipped.
    pub reason: KeyRejection,
}

impl<const N: usize> KeySet<N> {
    /// An empty key set.
    pub const fn new() -> Self {
        KeySet {
            keys: heapless::Vec::new(),
        }
    }

    /// Adds a key.
    ///
    /// # Errors
    /// [`Error::CapacityExceeded`] when the set already holds `N` keys.
    pub fn push(&mut self, key: Key) -> Result<(), Error> {
        self.keys.push(key).map_err(|_| Error::CapacityExceeded)
    }

    /// Loads the usable keys of a JWKS document, exactly as an issuer publishes it.
    ///
    /// # Errors
    /// See [`KeySet::from_jwks_with`].
    pub fn from_jwks(jwks: &[u8]) -> Result<(Self, LoadReport), Error> {
        Self::from_jwks_with(jwks, |_| {})
    }

    /// Loads the usable keys of a JWKS document, telling `on_skip` about each key it skips.
    ///
    /// Keys a verifier cannot use are skipped, not fatal: real documents mix signing keys with
    /// encryption keys, certificate chains and algorithms this build lacks.
    ///
    /// # Errors
    /// [`Error::MalformedJwks`] when the document is not a JSON object whose `keys` member is an
    /// array of objects (or nests deeper than a JWKS needs: a nesting capacity); [`Error::CapacityExceeded`]
    /// when it has more usable keys than `N`.
    pub fn from_jwks_with(
        jwks: &[u8],
        mut on_skip: impl FnMut(SkippedKey<'_>),
    ) -> Result<(Self, LoadReport), Error> {
        let doc = json::parse_object(jwks, JWKS_MAX_DEPTH).map_err(|e| match e {
            JsonError::Invalid => Error::MalformedJwks,
            JsonError::TooDeep => Error::CapacityExceeded,
        })?;
        let Some(Value::Array(entries)) = doc.get("keys") else {
            return Err(Error::MalformedJwks);
        };
        let mut set = KeySet::new();
        let mut report = LoadReport::default();
        for (index, entry) in entries.iter().enumerate() {
            let Value::Object(object) = entry else {
                return Err(Error::MalformedJwks);
            };
            match jwk::parse(object) {
                Ok(key) => {
                    set.push(key)?;
                    report.loaded = report.loaded.saturating_add(1);
                }
                Err(reason) => {
                    if let Some(n) = report.skipped.get_mut(reason.index()) {
                        *n = n.saturating_add(1);
                    }
                    let kid = match object.get("kid") {
                        Some(Value::String(kid)) => Some(kid),
                        _ => None,
                    };
                    on_skip(SkippedKey { index, kid, reason });
                }
            }
        }
        Ok((set, report))
    }

    /// The keys, in load order.
    pub fn as_slice(&self) -> &[Key] {
        &self.keys
    }
}

impl<const N: usize> Deref for KeySet<N> {
    type Target = [Key];

    fn deref(&self) -> &[Key] {
        &self.keys
    }
}

/// The keys that may verify a token with this header, by panva/jose's local-JWKS rules.
pub(crate) fn candidates<'k>(
    keys: &'k [Key],
    header: &Header<'_>,
) -> impl Iterator<Item = &'k Key> + Clone {
    let (alg, kid) = (header.alg(), header.kid());
    keys.iter().filter(move |k| k.fits(alg, kid))
}

/// Picks the one key to verify with.
///
/// # Errors
/// [`Error::KeyNotFound`] when no key fits; [`Error::AmbiguousKey`] when several do (the caller
/// may instead try each, see `Policy::try_all_keys`).
pub(crate) fn select<'k>(keys: &'k [Key], header: &Header<'_>) -> Result<&'k Key, Error> {
    let mut fitting = candidates(keys, header);
    let first = fitting.next().ok_or(Error::KeyNotFound)?;
    if fitting.next().is_some() {
        return Err(Error::AmbiguousKey);
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::Algorithm;

    const SECRET: &str =
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";

    fn header(json: &str) -> Header<'_> {
        crate::header::parse(json.as_bytes(), 4).unwrap()
    }

    #[test]
    fn loading_reports_skips_by_reason() {
        let doc = format!(
            r#"{{"keys":[{{"kty":"oct","kid":"a","k":"{SECRET}"}},{{"kty":"oct","kid":"b","use":"enc","k":"{SECRET}"}},{{"kty":"OKP","kid":"c"}},{{"kty":"oct","k":"c2hvcnQ"}}],"extra":1}}"#
        );
        let mut seen = std::vec::Vec::new();
        let (set, report) = KeySet::<2>::from_jwks_with(doc.as_bytes(), |s| {
            seen.push((
                s.index,
                s.kid.map(|k| std::string::ToString::to_string(&k)),
                s.reason,
            ))
        })
        .unwrap();
        assert_eq!(set.len(), 1);
        assert_eq!(report.loaded(), 1);
        assert_eq!(report.skipped(), 3);
        assert_eq!(report.skipped_for(KeyRejection::NotForVerification), 1);
        assert_eq!(report.skipped_for(KeyRejection::Unsupported), 1);
        assert_eq!(report.skipped_for(KeyRejection::Weak), 1);
        assert_eq!(
            seen[0],
            (1, Some("b".into()), KeyRejection::NotForVerification)
        );
        assert_eq!(seen[2], (3, None, KeyRejection::Weak));
    }

    #[test]
    fn malformed_documents_and_capacity() {
        for doc in [
            &b"[]"[..],
            b"{}",
            b"{\"keys\":{}}",
            b"{\"keys\":[1]}",
            b"{\"keys\":[]} x",
            b"{\"keys\":[],\"keys\":[]}",
        ] {
            assert_eq!(
                KeySet::<2>::from_jwks(doc).map(|_| ()),
                Err(Error::MalformedJwks)
            );
        }
        assert!(
            KeySet::<2>::from_jwks(b"{\"keys\":[]}")
                .unwrap()
                .0
                .is_empty()
        );
        let one = format!(r#"{{"kty":"oct","k":"{SECRET}"}}"#);
        let doc = format!(r#"{{"keys":[{one},{one},{one}]}}"#);
        assert_eq!(
            KeySet::<2>::from_jwks(doc.as_bytes()).map(|_| ()),
            Err(Error::CapacityExceeded)
        );
        assert_eq!(KeySet::<3>::from_jwks(doc.as_bytes()).unwrap().0.len(), 3);
    }

    #[test]
    fn selection_by_alg_kid_and_key_alg() {
        let secret = [7u8; 64];
        let mut set = KeySet::<4>::new();
        set.push(Key::oct(&secret).unwrap().with_kid("a").unwrap())
            .unwrap();
        set.push(
            Key::oct(&secret)
                .unwrap()
                .with_kid("b")
                .unwrap()
                .with_alg(Algorithm::HS512)
                .unwrap(),
        )
        .unwrap();
        set.push(Key::ec_p256(&[1; 32], &[2; 32]).with_kid("a").unwrap())
            .unwrap();

        assert_eq!(
            select(&set, &header(r#"{"alg":"HS256","kid":"a"}"#))
                .unwrap()
                .kid(),
            Some("a")
        );
        assert_eq!(
            select(&set, &header(r#"{"alg":"HS256","kid":"\u0061"}"#))
                .unwrap()
                .kid(),
            Some("a")
        );
        // b is restricted to HS512.
        assert_eq!(
            select(&set, &header(r#"{"alg":"HS256","kid":"b"}"#)).err(),
            Some(Error::KeyNotFound)
        );
        assert_eq!(
            select(&set, &header(r#"{"alg":"HS512","kid":"b"}"#))
                .unwrap()
                .kid(),
            Some("b")
        );
        // Exact kid match only.
        for kid in ["A", "a ", "", "../a", "a\\u0000"] {
            let h = format!(r#"{{"alg":"HS256","kid":"{kid}"}}"#);
            assert_eq!(
                select(&set, &header(&h)).err(),
                Some(Error::KeyNotFound),
                "{kid}"
            );
        }
        // No kid: a and b both fit HS512.
        assert_eq!(
            select(&set, &header(r#"{"alg":"HS512"}"#)).err(),
            Some(Error::AmbiguousKey)
        );
        assert_eq!(
            select(&set, &header(r#"{"alg":"ES256"}"#)).unwrap().kid(),
            Some("a")
        );
        assert_eq!(
            select(&set, &header(r#"{"alg":"RS256"}"#)).err(),
            Some(Error::KeyNotFound)
        );
        assert_eq!(candidates(&set, &header(r#"{"alg":"HS512"}"#)).count(), 2);
    }
}
