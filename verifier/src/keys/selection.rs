//! The choice of key for a token: the keys that fit its header (`alg`, and `kid` when it names
//! one), the one key to verify with, and why none was found.

use super::key::Key;
use super::key_set::Keys;
use crate::algorithm::KeyKind;
use crate::error::Error;
use crate::header::Header;
use crate::rejection::Detail;

/// The keys that may verify a token with this header, by panva/jose's local-JWKS rules.
pub(crate) fn candidates<'k, K: Keys + ?Sized>(
    keys: &'k K,
    header: &Header<'_>,
) -> impl Iterator<Item = Key<'k>> + Clone {
    let (alg, kid) = (header.alg(), header.kid());
    keys.keys().filter(move |k| k.fits(alg, kid))
}

/// Picks the one key to verify with.
///
/// With a `kid` in the header, the one key carrying that `kid` (compared after unescaping) must
/// allow the `alg`; two keys carrying it, or one whose document had another signing key with
/// the same `kid`, make it ambiguous. Without a `kid`, exactly one key may fit the `alg`.
///
/// # Errors
/// [`Error::KeyNotFound`] when no key fits; [`Error::AmbiguousKey`] when the choice is not
/// unique (without a `kid`, the caller may instead try each, see `Policy::try_all_keys`).
pub(crate) fn select<'k, K: Keys + ?Sized>(
    keys: &'k K,
    header: &Header<'_>,
) -> Result<Key<'k>, Error> {
    if let Some(kid) = header.kid() {
        let mut named = keys
            .keys()
            .filter(|k| k.kid().is_some_and(|own| kid == own));
        let key = named.next().ok_or(Error::KeyNotFound)?;
        if key.has_shared_kid() || named.next().is_some() {
            return Err(Error::AmbiguousKey);
        }
        return if key.allows(header.alg()) {
            Ok(key)
        } else {
            Err(Error::KeyNotFound)
        };
    }
    let mut fitting = candidates(keys, header);
    let first = fitting.next().ok_or(Error::KeyNotFound)?;
    if fitting.next().is_some() {
        return Err(Error::AmbiguousKey);
    }
    Ok(first)
}

/// An HMAC secret that would fit the header (its `kid`, its own `alg`) but is shorter than the
/// `alg`'s hash (RFC 7518 §3.2): why no key was found, when that is why.
pub(crate) fn short_secret<'b, K: Keys + ?Sized>(
    keys: &K,
    header: &Header<'b>,
) -> Option<Detail<'b>> {
    let alg = header.alg();
    if alg.key_kind() != KeyKind::Oct {
        return None;
    }
    let needed = alg.hash().output_len();
    let kid = header.kid();
    keys.keys().find_map(|key| {
        let bytes = key.material().len();
        let named = match (kid, key.kid()) {
            (None, _) => true,
            (Some(wanted), Some(own)) => wanted == own,
            (Some(_), None) => false,
        };
        (key.kind() == KeyKind::Oct
            && key.alg().is_none_or(|own| own == alg)
            && named
            && bytes < needed)
            .then_some(Detail::ShortSecret {
                alg,
                kid,
                bytes,
                needed,
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::Algorithm;
    use crate::keys::key_set::KeySet;

    const EC: &str = r#""kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0""#;

    fn header(json: &str) -> Header<'_> {
        crate::header::parse(json.as_bytes(), 4).unwrap()
    }

    #[test]
    fn a_kid_shared_with_a_broken_signing_key_is_ambiguous() {
        let off_curve = EC.replace("I5a0", "I5a1");
        let doc = format!(
            r#"{{"keys":[{{{EC},"kid":"k"}},{{{off_curve},"kid":"\u006b"}},{{{EC},"kid":"other"}}]}}"#
        );
        let (set, _) = KeySet::<4>::from_jwks(doc.as_bytes()).unwrap();
        assert_eq!(set.len(), 2);
        assert!(set.get(0).unwrap().has_shared_kid() && !set.get(1).unwrap().has_shared_kid());
        assert_eq!(
            select(&set, &header(r#"{"alg":"ES256","kid":"k"}"#)).err(),
            Some(Error::AmbiguousKey)
        );
        assert_eq!(
            select(&set, &header(r#"{"alg":"ES256","kid":"other"}"#))
                .unwrap()
                .kid(),
            Some("other")
        );
        // An encryption key sharing the kid is no signing key: no ambiguity.
        let doc = format!(
            r#"{{"keys":[{{{EC},"kid":"k"}},{{{EC},"kid":"k","use":"enc"}},{{"kty":"RSA","kid":"k","key_ops":["encrypt"]}}]}}"#
        );
        let (set, _) = KeySet::<4>::from_jwks(doc.as_bytes()).unwrap();
        assert_eq!(set.len(), 1);
        assert!(select(&set, &header(r#"{"alg":"ES256","kid":"k"}"#)).is_ok());
        // Two signing keys of different types with one kid: ambiguous for either alg.
        let doc = format!(
            r#"{{"keys":[{{{EC},"kid":"k"}},{{"kty":"RSA","kid":"k","n":"AQAB","e":"AQAB"}}]}}"#
        );
        let (set, _) = KeySet::<4>::from_jwks(doc.as_bytes()).unwrap();
        assert_eq!(
            select(&set, &header(r#"{"alg":"ES256","kid":"k"}"#)).err(),
            Some(Error::AmbiguousKey)
        );
    }

    /// An Ed25519 key takes its 32 bytes of storage and is chosen for `EdDSA` and `Ed25519`
    /// (RFC 9864) alone; no other algorithm selects it, and neither name selects another kind
    /// of key (as panva/jose does).
    #[cfg(feature = "eddsa")]
    #[test]
    fn ed25519_keys_are_stored_and_selected_for_eddsa_only() {
        let public = [0x11u8; 32];
        let mut set = KeySet::<4, 256>::new();
        set.push(Key::ed25519(&public).with_kid("ed").unwrap())
            .unwrap();
        set.push(Key::oct(&[7u8; 64]).unwrap().with_kid("hs").unwrap())
            .unwrap();
        set.push(Key::ec_p256(&[1; 64]).with_kid("ec").unwrap())
            .unwrap();
        assert_eq!(set.bytes_used(), 2 + 32 + 2 + 64 + 64 + 2 + 64);
        let ed = set.get(0).unwrap();
        assert_eq!((ed.kind(), ed.material()), (KeyKind::Ed25519, &public[..]));
        for alg in ["EdDSA", "Ed25519"] {
            assert_eq!(
                select(&set, &header(&format!(r#"{{"alg":"{alg}"}}"#)))
                    .unwrap()
                    .kid(),
                Some("ed")
            );
        }
        for header_json in [
            r#"{"alg":"EdDSA","kid":"hs"}"#,
            r#"{"alg":"EdDSA","kid":"ec"}"#,
            r#"{"alg":"Ed25519","kid":"hs"}"#,
            r#"{"alg":"Ed25519","kid":"ec"}"#,
        ] {
            assert_eq!(
                select(&set, &header(header_json)).err(),
                Some(Error::KeyNotFound),
                "{header_json}"
            );
        }
        for header_json in [
            r#"{"alg":"HS256","kid":"ed"}"#,
            r#"{"alg":"ES256","kid":"ed"}"#,
            r#"{"alg":"RS256","kid":"ed"}"#,
        ] {
            assert_eq!(
                select(&set, &header(header_json)).err(),
                Some(Error::KeyNotFound),
                "{header_json}"
            );
        }
    }

    /// RFC 9864: a key pinned to `EdDSA` verifies only `EdDSA` tokens, one pinned to `Ed25519`
    /// only `Ed25519` tokens; an unpinned key either.
    #[cfg(feature = "eddsa")]
    #[test]
    fn ed25519_pins_are_exact() {
        let public = [0x11u8; 32];
        let mut set = KeySet::<3, 256>::new();
        for (kid, alg) in [
            ("eddsa", Some(Algorithm::EdDSA)),
            ("ed25519", Some(Algorithm::Ed25519)),
            ("any", None),
        ] {
            let key = Key::ed25519(&public).with_kid(kid).unwrap();
            set.push(match alg {
                Some(alg) => key.with_alg(alg).unwrap(),
                None => key,
            })
            .unwrap();
        }
        let pick = |json: &str| select(&set, &header(json)).map(|k| k.kid());
        assert_eq!(pick(r#"{"alg":"EdDSA","kid":"eddsa"}"#), Ok(Some("eddsa")));
        assert_eq!(
            pick(r#"{"alg":"Ed25519","kid":"ed25519"}"#),
            Ok(Some("ed25519"))
        );
        assert_eq!(pick(r#"{"alg":"EdDSA","kid":"any"}"#), Ok(Some("any")));
        assert_eq!(pick(r#"{"alg":"Ed25519","kid":"any"}"#), Ok(Some("any")));
        assert_eq!(
            pick(r#"{"alg":"Ed25519","kid":"eddsa"}"#),
            Err(Error::KeyNotFound)
        );
        assert_eq!(
            pick(r#"{"alg":"EdDSA","kid":"ed25519"}"#),
            Err(Error::KeyNotFound)
        );
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
        set.push(Key::ec_p256(&[1; 64]).with_kid("e").unwrap())
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
            Some("e")
        );
        // A kid names one key, whatever the alg: a second key with it makes it ambiguous.
        set.push(Key::ec_p256(&[1; 64]).with_kid("a").unwrap())
            .unwrap();
        assert_eq!(
            select(&set, &header(r#"{"alg":"HS256","kid":"a"}"#)).err(),
            Some(Error::AmbiguousKey)
        );
        assert_eq!(
            select(&set, &header(r#"{"alg":"ES256","kid":"a"}"#)).err(),
            Some(Error::AmbiguousKey)
        );
        assert_eq!(
            select(&set, &header(r#"{"alg":"RS256"}"#)).err(),
            Some(Error::KeyNotFound)
        );
        assert_eq!(candidates(&set, &header(r#"{"alg":"HS512"}"#)).count(), 2);
    }
}
