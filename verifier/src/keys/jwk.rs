//! One JSON Web Key (RFC 7517 §4, RFC 7518 §6) turned into a [`Key`], or the reason it cannot be.

use super::key::{Key, KeyRejection};
use super::limits::{MAX_KEY_BYTES, MAX_KID_LEN};
use crate::algorithm::{Algorithm, KeyKind};
use crate::base64url;
use crate::error::Error;
use crate::json::{JsonStr, Object, Value};

/// Reads one JWK object.
///
/// Members are checked in this order: `kty`; no private members (`d`, `p`, `q`, `dp`, `dq`,
/// `qi`, `oth`) on an asymmetric key; `use` (must be `sig` when present) and `key_ops` (must
/// contain `verify` when present); an `EC` key's `crv`; `alg` (must be implemented and fit `kty`); `kid`; then the key
/// material. Members a verifier does not need (`x5c`, `x5t`, `x5t#S256`, …) are ignored.
///
/// The key borrows its decoded material and `kid` from `scratch`.
///
/// # Errors
/// The [`KeyRejection`] that makes the key unusable.
pub(crate) fn parse<'s>(
    jwk: Object<'_>,
    scratch: &'s mut Scratch,
) -> Result<Key<'s>, KeyRejection> {
    let kty = string(jwk, "kty")?.ok_or(KeyRejection::Invalid)?;
    if kty != "oct" && has_private_members(jwk) {
        return Err(KeyRejection::PrivateKey);
    }
    let kind = if kty == "RSA" {
        KeyKind::Rsa
    } else if kty == "EC" {
        // The curve is read below, after `use` and `key_ops`.
        KeyKind::EcP256
    } else if kty == "oct" {
        KeyKind::Oct
    } else if kty == "OKP" {
        // RFC 8037: Ed25519, Ed448, X25519, X448. Only Ed25519 is implemented; the curve is
        // checked with the key material.
        KeyKind::Ed25519
    } else {
        return Err(KeyRejection::Unsupported);
    };
    if string(jwk, "use")?.is_some_and(|usage| usage != "sig") {
        return Err(KeyRejection::NotForVerification);
    }
    match jwk.get("key_ops") {
        None => {}
        Some(Value::Array(ops)) => {
            let mut verify = false;
            for op in ops.iter() {
                match op {
                    Value::String(op) => verify |= op == "verify",
                    _ => return Err(KeyRejection::Invalid),
                }
            }
            if !verify {
                return Err(KeyRejection::NotForVerification);
            }
        }
        Some(_) => return Err(KeyRejection::Invalid),
    }
    let kind = match kind {
        KeyKind::EcP256 => ec_curve(jwk)?,
        other => other,
    };
    let alg = match string(jwk, "alg")? {
        None => None,
        Some(name) => Some(algorithm(name, kind)?),
    };
    if !kind.is_implemented() {
        return Err(KeyRejection::Unsupported);
    }
    let Scratch {
        material,
        kid: kid_buf,
    } = scratch;
    let mut key = match kind {
        KeyKind::Rsa => rsa(jwk, material)?,
        KeyKind::EcP256 | KeyKind::EcP384 | KeyKind::EcP521 => ec(jwk, kind, material)?,
        KeyKind::Oct => Key::oct(bytes(jwk, "k", material)?)?,
        KeyKind::Ed25519 => okp(jwk, material)?,
    };
    if let Some(kid) = string(jwk, "kid")? {
        let kid = kid
            .unescape_into(kid_buf)
            .map_err(|_| KeyRejection::TooLarge)?;
        key = key.with_kid(kid)?;
    }
    if let Some(alg) = alg {
        key = key.with_alg(alg)?;
    }
    Ok(key)
}

/// Room for one key's decoded material (an RSA modulus with a spare leading zero byte, a point,
/// a secret) and `kid`: 641 bytes. A key set uses one while it loads each key; a [`Key`] made
/// with [`Key::from_jwk`] borrows from one for as long as it lives.
pub struct JwkStorage {
    material: [u8; MAX_KEY_BYTES + 1],
    kid: [u8; MAX_KID_LEN],
}

pub(crate) type Scratch = JwkStorage;

impl JwkStorage {
    /// Empty storage (usable in a `static`).
    pub const fn new() -> JwkStorage {
        JwkStorage {
            material: [0; MAX_KEY_BYTES + 1],
            kid: [0; MAX_KID_LEN],
        }
    }
}

impl Default for JwkStorage {
    fn default() -> Self {
        Self::new()
    }
}

impl core::fmt::Debug for JwkStorage {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("JwkStorage")
    }
}

/// Nesting a single JWK needs (`key_ops`, `x5c` arrays inside the key object).
const JWK_MAX_DEPTH: usize = 3;

// `Key::from_jwk` stands here, beside the parser it calls: the key itself knows no JSON, and
// the parser builds on the key's own constructors.
impl Key<'_> {
    /// One JSON Web Key (RFC 7517), as an issuer publishes it or as a key is handed out alone,
    /// checked by the same rules as a key set's keys ([`crate::KeySet::from_jwks`] describes them;
    /// a single key has no document around it, so an `oct` secret is accepted here as from
    /// [`Key::oct`]). The key borrows its decoded material and `kid` from `storage`.
    ///
    /// # Errors
    /// The [`KeyRejection`] that makes the key unusable; [`KeyRejection::Invalid`] when `jwk`
    /// is not a JSON object.
    ///
    /// # Examples
    /// ```
    /// use jwtv::{Algorithm, JwkStorage, Key};
    /// let mut storage = JwkStorage::new();
    /// let jwk = br#"{"kty":"EC","crv":"P-256","kid":"device-ca",
    ///     "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
    ///     "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
    /// let key = Key::from_jwk(jwk, &mut storage)?;
    /// assert!(key.allows(Algorithm::ES256));
    /// assert_eq!(key.kid(), Some("device-ca"));
    /// # Ok::<(), jwtv::KeyRejection>(())
    /// ```
    pub fn from_jwk<'s>(jwk: &[u8], storage: &'s mut JwkStorage) -> Result<Key<'s>, KeyRejection> {
        let object =
            crate::json::parse_object(jwk, JWK_MAX_DEPTH).map_err(|_| KeyRejection::Invalid)?;
        parse(object, storage)
    }
}

/// The private members of RSA (RFC 7518 §6.3.2) and EC/OKP keys (§6.2.2, RFC 8037 §2).
pub(crate) const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "oth"];

pub(crate) fn has_private_members(jwk: Object<'_>) -> bool {
    jwk.members()
        .any(|(name, _)| PRIVATE_MEMBERS.iter().any(|private| name == *private))
}

/// Whether the JWK is a secret (`kty` `oct`).
pub(crate) fn is_secret(jwk: Object<'_>) -> bool {
    matches!(jwk.get("kty"), Some(Value::String(kty)) if kty == "oct")
}

/// Whether the JWK names an asymmetric key type (anything but `oct`, supported or not).
pub(crate) fn is_public_key(jwk: Object<'_>) -> bool {
    matches!(jwk.get("kty"), Some(Value::String(kty)) if kty != "oct")
}

/// Whether the JWK declares itself a signing key: `use` absent or `sig`, `key_ops` absent or
/// listing `verify` (whatever else is wrong with it).
pub(crate) fn is_for_signing(jwk: Object<'_>) -> bool {
    let usage = match jwk.get("use") {
        None => true,
        Some(Value::String(usage)) => usage == "sig",
        Some(_) => false,
    };
    let ops = match jwk.get("key_ops") {
        None => true,
        Some(Value::Array(ops)) => ops
            .iter()
            .any(|op| matches!(op, Value::String(op) if op == "verify")),
        Some(_) => false,
    };
    usage && ops
}

/// The JWK's `kid`, when it is a string.
pub(crate) fn kid(jwk: Object<'_>) -> Option<JsonStr<'_>> {
    match jwk.get("kid") {
        Some(Value::String(kid)) => Some(kid),
        _ => None,
    }
}

fn string<'a>(jwk: Object<'a>, name: &str) -> Result<Option<JsonStr<'a>>, KeyRejection> {
    match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(KeyRejection::Invalid),
    }
}

fn algorithm(name: JsonStr<'_>, kind: KeyKind) -> Result<Algorithm, KeyRejection> {
    let mut buf = [0u8; 8];
    let alg = name
        .unescape_into(&mut buf)
        .ok()
        .and_then(Algorithm::from_name)
        .filter(|a| a.is_implemented())
        .ok_or(KeyRejection::Unsupported)?;
    if alg.key_kind() != kind {
        return Err(KeyRejection::Invalid);
    }
    Ok(alg)
}

/// A base64url member, strictly decoded (RFC 7518 §6: Base64urlUInt and octet sequences).
fn bytes<'b>(jwk: Object<'_>, name: &str, buf: &'b mut [u8]) -> Result<&'b [u8], KeyRejection> {
    let text = string(jwk, name)?.ok_or(KeyRejection::Invalid)?;
    // Encoded members never contain escapes in practice; one that does is not base64url.
    let text = text.as_plain().ok_or(KeyRejection::Invalid)?;
    match base64url::decode(text.as_bytes(), buf, Error::MalformedJwks) {
        Ok(b) if !b.is_empty() => Ok(b),
        Ok(_) => Err(KeyRejection::Invalid),
        Err(Error::CapacityExceeded) => Err(KeyRejection::TooLarge),
        Err(_) => Err(KeyRejection::Invalid),
    }
}

fn rsa<'m>(jwk: Object<'_>, material: &'m mut [u8]) -> Result<Key<'m>, KeyRejection> {
    let mut e = [0u8; 8];
    let e = match bytes(jwk, "e", &mut e) {
        Err(KeyRejection::TooLarge) => return Err(KeyRejection::Unsupported),
        other => other?,
    };
    let e = e.iter().try_fold(0u32, |acc, &b| {
        acc.checked_mul(256).map(|v| v | u32::from(b))
    });
    let e = e.ok_or(KeyRejection::Unsupported)?;
    // One spare byte in `material`: some issuers prefix a zero byte to the modulus despite
    // RFC 7518 §6.3.1.1.
    let n = bytes(jwk, "n", material)?;
    Key::rsa(n, e)
}

/// The curve of an `EC` key (RFC 7518 §6.2.1.1): P-256, P-384 or P-521. Other curves
/// (`secp256k1` of RFC 8812, and any unregistered name) are unsupported; a key without `crv`
/// is invalid.
fn ec_curve(jwk: Object<'_>) -> Result<KeyKind, KeyRejection> {
    let crv = string(jwk, "crv")?.ok_or(KeyRejection::Invalid)?;
    if crv == "P-256" {
        Ok(KeyKind::EcP256)
    } else if crv == "P-384" {
        Ok(KeyKind::EcP384)
    } else if crv == "P-521" {
        Ok(KeyKind::EcP521)
    } else {
        Err(KeyRejection::Unsupported)
    }
}

/// An `EC` key of the curve `kind`: `x` and `y` each exactly the curve's coordinate length
/// (RFC 7518 §6.2.1.2–3: 32, 48 or 66 bytes, leading zeros kept), stored as `x ‖ y`, and a
/// point of the curve.
fn ec<'m>(jwk: Object<'_>, kind: KeyKind, material: &'m mut [u8]) -> Result<Key<'m>, KeyRejection> {
    let (len, point_len) = match kind {
        KeyKind::EcP384 => (48, 96),
        KeyKind::EcP521 => (66, 132),
        _ => (32, 64),
    };
    let (x, rest) = material
        .split_at_mut_checked(len)
        .ok_or(KeyRejection::Invalid)?;
    let y = rest.get_mut(..len).ok_or(KeyRejection::Invalid)?;
    let mut buf = [0u8; 67];
    for (name, dst) in [("x", x), ("y", y)] {
        let coordinate = bytes(jwk, name, &mut buf)?;
        if coordinate.len() != len || dst.len() != len {
            return Err(KeyRejection::Invalid);
        }
        // Element by element: copy_from_slice's length check would keep a panic path the
        // optimiser cannot always remove (the lengths were just checked equal).
        for (d, c) in dst.iter_mut().zip(coordinate) {
            *d = *c;
        }
    }
    let point = material.get(..point_len).ok_or(KeyRejection::Invalid)?;
    let key = match kind {
        KeyKind::EcP384 => Key::ec_p384(point.try_into().map_err(|_| KeyRejection::Invalid)?),
        KeyKind::EcP521 => Key::ec_p521(point.try_into().map_err(|_| KeyRejection::Invalid)?),
        _ => Key::ec_p256(point.try_into().map_err(|_| KeyRejection::Invalid)?),
    };
    check_point(&key)?;
    Ok(key)
}

/// An `OKP` key (RFC 8037 §2): `crv` `Ed25519` and a 32-byte `x`, a point of the curve of
/// more than small order. Ed448 and the ECDH curves (X25519, X448) are unsupported.
fn okp<'m>(jwk: Object<'_>, material: &'m mut [u8]) -> Result<Key<'m>, KeyRejection> {
    let crv = string(jwk, "crv")?.ok_or(KeyRejection::Invalid)?;
    if crv != "Ed25519" {
        return Err(KeyRejection::Unsupported);
    }
    let mut buf = [0u8; 33];
    let x = bytes(jwk, "x", &mut buf)?;
    let public: &mut [u8; 32] = material
        .get_mut(..32)
        .and_then(|m| m.try_into().ok())
        .ok_or(KeyRejection::Invalid)?;
    *public = x.try_into().map_err(|_| KeyRejection::Invalid)?;
    let key = Key::ed25519(public);
    check_point(&key)?;
    Ok(key)
}

/// The curve arithmetic a `const fn` constructor cannot do: an EC key's point on its curve, an
/// Ed25519 key a valid encoding of more than small order (with its family's feature on; a key
/// of a family this build lacks is never selected). Other kinds pass.
pub(crate) fn check_point(key: &Key<'_>) -> Result<(), KeyRejection> {
    let on_curve: Result<(), Error> = match key.kind() {
        #[cfg(feature = "ecdsa")]
        KeyKind::EcP256 => crate::crypto::ecdsa::check_public_key(key.material()),
        #[cfg(feature = "es384")]
        KeyKind::EcP384 => crate::crypto::ecdsa_p384_p521::check_p384_key(key.material()),
        #[cfg(feature = "es512")]
        KeyKind::EcP521 => crate::crypto::ecdsa_p384_p521::check_p521_key(key.material()),
        #[cfg(feature = "eddsa")]
        KeyKind::Ed25519 => {
            return crate::crypto::eddsa::check_public_key(key.material()).map_err(
                |bad| match bad {
                    crate::crypto::eddsa::BadKey::Invalid => KeyRejection::Invalid,
                    crate::crypto::eddsa::BadKey::Weak => KeyRejection::Weak,
                },
            );
        }
        _ => Ok(()),
    };
    on_curve.map_err(|_| KeyRejection::Invalid)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::json::parse_object;

    fn load(
        doc: &str,
    ) -> Result<
        (
            KeyKind,
            Option<std::string::String>,
            Option<Algorithm>,
            usize,
        ),
        KeyRejection,
    > {
        let mut scratch = Scratch::new();
        let key = parse(parse_object(doc.as_bytes(), 8).unwrap(), &mut scratch)?;
        Ok((
            key.kind(),
            key.kid().map(std::string::ToString::to_string),
            key.alg(),
            key.material().len(),
        ))
    }

    // RFC 7515 A.3's P-256 key and A.1's HMAC key.
    const EC: &str = r#""kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0""#;
    const OCT: &str = r#""kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow""#;

    #[test]
    fn one_jwk_follows_the_key_set_rules() {
        let mut storage = JwkStorage::new();
        let secret = br#"{"kty":"oct","kid":"s","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;
        let key = Key::from_jwk(secret, &mut storage).unwrap();
        assert_eq!((key.kind(), key.kid()), (KeyKind::Oct, Some("s")));
        let cases: [(&[u8], KeyRejection); 5] = [
            (br#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#, KeyRejection::PrivateKey),
            (br#"{"kty":"EC","crv":"secp256k1","x":"AA","y":"AA"}"#, KeyRejection::Unsupported),
            (br#"{"kty":"oct","k":"c2hvcnQ"}"#, KeyRejection::Weak),
            (br#"{"kty":"oct","k":"c2hvcnQ","k":"c2hvcnQ"}"#, KeyRejection::Invalid),
            (b"not json", KeyRejection::Invalid),
        ];
        for (jwk, reason) in cases {
            let mut storage = JwkStorage::new();
            assert_eq!(Key::from_jwk(jwk, &mut storage).err(), Some(reason));
        }
    }

    #[test]
    fn loads_ec_and_oct_keys_with_metadata() {
        let (kind, kid, alg, _) = load(&format!(
            "{{{EC},\"kid\":\"e\\u0031\",\"use\":\"sig\",\"alg\":\"ES256\"}}"
        ))
        .unwrap();
        assert_eq!(kind, KeyKind::EcP256);
        assert_eq!(kid.as_deref(), Some("e1"));
        assert_eq!(alg, Some(Algorithm::ES256));
        let (_, _, alg, len) =
            load(&format!("{{{OCT},\"key_ops\":[\"sign\",\"verify\"]}}")).unwrap();
        assert_eq!(len, 64);
        assert_eq!(alg, None);
    }

    /// An EC coordinate must be exactly the curve's size (RFC 7518 §6.2.1.2): the valid `x`
    /// with a byte more, or a byte less, is refused, whatever follows it.
    #[test]
    fn ec_coordinates_of_another_length_are_refused() {
        let y = r#""y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0""#;
        for x in [
            "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEUA",
            "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVA",
        ] {
            let doc = format!(r#"{{"kty":"EC","crv":"P-256","x":"{x}",{y}}}"#);
            assert_eq!(load(&doc), Err(KeyRejection::Invalid), "{doc}");
        }
        assert!(load(&format!("{{{EC}}}")).is_ok());
    }

    // The P-384 and P-521 keys of fixtures/providers/jwks/test-keys.json (keys/stored's tests
    // use them too).
    pub(in crate::keys) const P384: &str = r#""kty":"EC","crv":"P-384","x":"_-bJz_19rU6W4wDD3WT963L-_AmXWE-H9k5PXZZMoWpBcNP5UTt3vUBo38eunJH6","y":"51RcAMgVSnDiZktJhWPvd89v3ecYjMx-yLYq3rHxmZmCKW2c3bAXcdnGv74wkfOc""#;
    pub(in crate::keys) const P521: &str = r#""kty":"EC","crv":"P-521","x":"AH1teiTMT5O9BfFV0VTw6fUBEUppg8b-MTRCWHmoitrlcAAeeFoFCx6SxaVvBu070oUBtknHw7c-Hs1Lqh7WdDH0","y":"Ae-yv9AefmE_bUPjk8t4seIsMknkze5fQ6FbmBQ_KEnqSAO6sST97lph4yMUZXd0_PWlBDPnhKE5N4cOee9OHMlQ""#;

    #[test]
    fn loads_p384_and_p521_keys_on_their_curves() {
        // Each curve's coordinates are exactly its own length (48 and 66 bytes) and its point
        // must lie on it (RFC 7518 §6.2.1.2-3).
        let curves = [
            (
                P384,
                KeyKind::EcP384,
                cfg!(feature = "es384"),
                96,
                "fOc",
                "fOd",
            ),
            (
                P521,
                KeyKind::EcP521,
                cfg!(feature = "es512"),
                132,
                "MlQ",
                "MlR",
            ),
        ];
        for (members, kind, implemented, len, last, changed) in curves {
            let loaded = load(&format!("{{{members}}}"));
            let off = load(&format!("{{{}}}", members.replace(last, changed)));
            // y three bytes short: its first four characters gone.
            let y = members.find("\"y\":\"").unwrap() + 5;
            let short = load(&format!("{{{}{}}}", &members[..y], &members[y + 4..]));
            if implemented {
                let (loaded_kind, _, _, material) = loaded.unwrap();
                assert_eq!((loaded_kind, material), (kind, len));
                assert_eq!(
                    off.err(),
                    Some(KeyRejection::Invalid),
                    "{kind:?} off its curve"
                );
                assert_eq!(
                    short.err(),
                    Some(KeyRejection::Invalid),
                    "{kind:?} y too short"
                );
            } else {
                for result in [loaded, off, short] {
                    assert_eq!(result.err(), Some(KeyRejection::Unsupported));
                }
            }
        }
        // A P-256 key's coordinates named P-384: 32-byte coordinates on a 48-byte curve.
        let mislabelled = EC.replace("P-256", "P-384");
        assert_eq!(
            load(&format!("{{{mislabelled}}}")).err(),
            Some(if cfg!(feature = "es384") {
                KeyRejection::Invalid
            } else {
                KeyRejection::Unsupported
            })
        );
    }

    #[test]
    fn an_empty_member_is_malformed_not_a_short_value() {
        // RFC 7518 §2: a Base64urlUInt of zero is "AA"; no member encodes zero octets. An empty
        // `k` is refused as malformed, not as a weak (short) secret.
        for doc in [
            r#"{"kty":"oct","k":""}"#.into(),
            format!(
                "{{{}}}",
                EC.replace("x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0", "")
            ),
            r#"{"kty":"RSA","n":"","e":"AQAB"}"#.into(),
            r#"{"kty":"RSA","n":"AQAB","e":""}"#.into(),
        ] {
            assert_eq!(load(&doc).err(), Some(KeyRejection::Invalid), "{doc}");
        }
    }

    #[test]
    fn storage_debug_shows_no_key_material() {
        let mut storage = JwkStorage::new();
        let secret = format!("{{{OCT}}}");
        Key::from_jwk(secret.as_bytes(), &mut storage).unwrap();
        assert_eq!(std::format!("{storage:?}"), "JwkStorage");
    }

    #[test]
    fn skips_keys_not_for_verification() {
        for doc in [
            format!("{{{EC},\"use\":\"enc\"}}"),
            format!("{{{EC},\"key_ops\":[\"sign\"]}}"),
            format!("{{{EC},\"key_ops\":[]}}"),
        ] {
            assert_eq!(
                load(&doc).err(),
                Some(KeyRejection::NotForVerification),
                "{doc}"
            );
        }
    }

    // RFC 8037 A.2's Ed25519 public key.
    const OKP: &str =
        r#""kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo""#;

    #[test]
    fn loads_ed25519_keys() {
        let loaded = load(&format!("{{{OKP},\"kid\":\"ed\",\"alg\":\"EdDSA\"}}"));
        if cfg!(feature = "eddsa") {
            let (kind, kid, alg, len) = loaded.unwrap();
            assert_eq!(kind, KeyKind::Ed25519);
            assert_eq!(kid.as_deref(), Some("ed"));
            assert_eq!(alg, Some(Algorithm::EdDSA));
            assert_eq!(len, 32);
        } else {
            assert_eq!(loaded.err(), Some(KeyRejection::Unsupported));
        }
        // RFC 9864's fully-specified name pins the key to `Ed25519` alone.
        let loaded = load(&format!("{{{OKP},\"alg\":\"Ed25519\"}}"));
        if cfg!(feature = "eddsa") {
            assert_eq!(loaded.unwrap().2, Some(Algorithm::Ed25519));
        } else {
            assert_eq!(loaded.err(), Some(KeyRejection::Unsupported));
        }
    }

    #[test]
    fn refuses_bad_okp_keys() {
        let eddsa = cfg!(feature = "eddsa");
        let when_implemented = |reason| {
            if eddsa {
                reason
            } else {
                KeyRejection::Unsupported
            }
        };
        let cases: [(std::string::String, KeyRejection); 14] = [
            // A private key: RFC 8037 A.1, `d` beside `x`.
            (
                format!("{{{OKP},\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\"}}"),
                KeyRejection::PrivateKey,
            ),
            // Ed448 (57-byte keys), X25519 and X448 (ECDH): not implemented, whatever the build.
            (
                r#"{"kty":"OKP","crv":"Ed448","x":"X9dEm1m0Yf0s54fsYWrUah2hNCSFpw4fig6nXYDpZ3jt8SR2m0bHBhvWeD3x5Q9s0foavq_oJWGA"}"#.into(),
                KeyRejection::Unsupported,
            ),
            (
                r#"{"kty":"OKP","crv":"X25519","x":"3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"}"#.into(),
                KeyRejection::Unsupported,
            ),
            (
                r#"{"kty":"OKP","crv":"Ed448","x":"AA","alg":"EdDSA"}"#.into(),
                KeyRejection::Unsupported,
            ),
            // RFC 9864's Ed448 stays unsupported, on either curve's key.
            (
                r#"{"kty":"OKP","crv":"Ed448","x":"AA","alg":"Ed448"}"#.into(),
                KeyRejection::Unsupported,
            ),
            (
                format!("{{{OKP},\"alg\":\"Ed448\"}}"),
                KeyRejection::Unsupported,
            ),
            // An EC key pinned to Ed25519: an `alg` of another key type.
            (
                r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","alg":"Ed25519"}"#.into(),
                when_implemented(KeyRejection::Invalid),
            ),
            // Wrong lengths: 31 and 33 bytes.
            (
                format!("{{{}}}", OKP.replace("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUQ")),
                when_implemented(KeyRejection::Invalid),
            ),
            (
                format!("{{{}}}", OKP.replace("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURoAA")),
                when_implemented(KeyRejection::Invalid),
            ),
            // No `crv`, no `x`, an `alg` of another family.
            (
                r#"{"kty":"OKP","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#.into(),
                when_implemented(KeyRejection::Invalid),
            ),
            (
                r#"{"kty":"OKP","crv":"Ed25519"}"#.into(),
                when_implemented(KeyRejection::Invalid),
            ),
            (
                format!("{{{OKP},\"alg\":\"ES256\"}}"),
                if cfg!(feature = "ecdsa") {
                    KeyRejection::Invalid
                } else {
                    KeyRejection::Unsupported
                },
            ),
            // y = 2 is the y of no curve point.
            (
                r#"{"kty":"OKP","crv":"Ed25519","x":"AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#.into(),
                when_implemented(KeyRejection::Invalid),
            ),
            // The identity point (y = 1, order 1): every signature `(R, S) = (identity, 0)` of it
            // would verify without strict checks.
            (
                r#"{"kty":"OKP","crv":"Ed25519","x":"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#.into(),
                when_implemented(KeyRejection::Weak),
            ),
        ];
        for (doc, reason) in cases {
            assert_eq!(load(&doc).err(), Some(reason), "{doc}");
        }
    }

    #[test]
    fn skips_unsupported_and_invalid_keys() {
        assert_eq!(
            load(r#"{"kty":"EC","crv":"secp256k1","x":"AAAA","y":"AAAA"}"#).err(),
            Some(KeyRejection::Unsupported)
        );
        assert_eq!(
            load(&format!("{{{EC},\"alg\":\"ES256K\"}}")).err(),
            Some(KeyRejection::Unsupported)
        );
        // An algorithm of another curve is an `alg` of another key type.
        assert_eq!(
            load(&format!("{{{EC},\"alg\":\"ES512\"}}")).err(),
            Some(if cfg!(feature = "es512") {
                KeyRejection::Invalid
            } else {
                KeyRejection::Unsupported
            })
        );
        assert_eq!(
            load(&format!("{{{EC},\"alg\":\"RS256\"}}")).err(),
            Some(KeyRejection::Invalid)
        );
        assert_eq!(
            load(&format!("{{{EC},\"kid\":5}}")).err(),
            Some(KeyRejection::Invalid)
        );
        assert_eq!(load(r#"{"kid":"x"}"#).err(), Some(KeyRejection::Invalid));
        // Off the curve: y changed in its last digit.
        let off = EC.replace("I5a0", "I5a1");
        assert_eq!(
            load(&format!("{{{off}}}")).err(),
            Some(KeyRejection::Invalid)
        );
        // Short coordinate, padding, standard alphabet.
        assert_eq!(
            load(&format!("{{{}}}", EC.replace("f83OJ3D2", "f83O"))).err(),
            Some(KeyRejection::Invalid)
        );
        assert_eq!(
            load(r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ+EstJQLr/T"}"#).err(),
            Some(KeyRejection::Invalid)
        );
        assert_eq!(
            load(r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T=="}"#).err(),
            Some(KeyRejection::Invalid)
        );
        assert_eq!(
            load(r#"{"kty":"oct","k":"c2hvcnQ"}"#).err(),
            Some(KeyRejection::Weak)
        );
        assert_eq!(
            load(&format!("{{{OCT},\"kid\":\"{}\"}}", "k".repeat(200))).err(),
            Some(KeyRejection::TooLarge)
        );
    }
}
