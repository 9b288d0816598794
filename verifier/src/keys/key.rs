//! A verification key, decoded and checked: RSA, EC (P-256, P-384, P-521), Ed25519 or an HMAC
//! secret.
//!
//! Keys own their bytes in fixed arrays, and their constructors are `const fn`, so firmware can
//! keep a key set in a `static` (in flash) without parsing JSON at boot.

use super::limits::{MAX_KEY_BYTES, MAX_KID_LEN, MAX_RSA_BITS, MIN_HMAC_KEY_BYTES, MIN_RSA_BITS};
use super::precomputed::HMAC_SHA256_PADS_LEN;
use crate::algorithm::{Algorithm, KeyKind};
use crate::json::JsonStr;

/// Why a key cannot be used for verification.
///
/// # Examples
/// ```
/// use jwtv::{Key, KeyRejection};
/// let rejection = Key::oct(b"short").unwrap_err();
/// assert_eq!(rejection, KeyRejection::Weak);
/// assert_eq!(rejection.code(), "weak");
/// assert!(rejection.explanation().starts_with("too weak to trust"));
/// // The codes are distinct, for reports.
/// assert!(KeyRejection::ALL.iter().all(|r| KeyRejection::ALL.iter().filter(|o| o.code() == r.code()).count() == 1));
/// ```
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyRejection {
    /// `use` is not `sig`, or `key_ops` lacks `verify` (e.g. an encryption key).
    NotForVerification,
    /// `kty`, `crv` or `alg` names something this build does not implement.
    Unsupported,
    /// Too weak to trust: RSA modulus under 2048 bits or with the ROCA fingerprint
    /// (CVE-2017-15361), HMAC secret shorter than the hash, Ed25519 key of small order.
    Weak,
    /// Larger than this build stores: an RSA modulus over [`MAX_RSA_BITS`] (4096 with the default
    /// features), a secret over 512 bytes, a long `kid`.
    TooLarge,
    /// Broken key material: bad base64url, wrong lengths, even modulus, `e` not odd and > 1,
    /// a point not on P-256, an Ed25519 `x` that is no curve point, an `alg` of another key type,
    /// members of the wrong JSON type, precomputed constants that are not the key's
    /// ([`Key::rsa_precomputed`]'s `R² mod n`, [`Key::oct_precomputed`]'s pad states).
    Invalid,
    /// A secret (`kty` `oct`) in a document that publishes public keys. An issuer's published
    /// set never holds a secret; one that does has leaked it, so it is never used. Add an OIDC
    /// client secret explicitly ([`Key::oct`], [`crate::KeySet::push`]), or load a document of
    /// secrets alone.
    SecretInPublicSet,
    /// The key carries private members (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`): a private key
    /// was published, and anyone holding the document can sign with it.
    PrivateKey,
}

impl KeyRejection {
    /// A stable snake_case name for reports.
    pub const fn code(self) -> &'static str {
        match self {
            KeyRejection::NotForVerification => "not_for_verification",
            KeyRejection::Unsupported => "unsupported",
            KeyRejection::Weak => "weak",
            KeyRejection::TooLarge => "too_large",
            KeyRejection::Invalid => "invalid",
            KeyRejection::SecretInPublicSet => "secret_in_public_set",
            KeyRejection::PrivateKey => "private_key",
        }
    }

    /// A one-line explanation for people reading load reports.
    pub const fn explanation(self) -> &'static str {
        match self {
            KeyRejection::NotForVerification => "not a signature verification key (use, key_ops)",
            KeyRejection::Unsupported => "key type, curve or alg not implemented by this build",
            KeyRejection::Weak => {
                "too weak to trust (RSA under 2048 bits or with the ROCA fingerprint, short secret, \
                 small-order Ed25519 key)"
            }
            KeyRejection::TooLarge => "larger than this build stores (RSA modulus, secret, kid)",
            KeyRejection::Invalid => {
                "broken key material, mistyped members or precomputed constants of another key"
            }
            KeyRejection::SecretInPublicSet => {
                "a secret (oct) published beside public keys: leaked, never used"
            }
            KeyRejection::PrivateKey => "carries private key members (d, p, q, ...): leaked",
        }
    }

    /// Every reason, in declaration order.
    pub const ALL: [KeyRejection; 7] = [
        KeyRejection::NotForVerification,
        KeyRejection::Unsupported,
        KeyRejection::Weak,
        KeyRejection::TooLarge,
        KeyRejection::Invalid,
        KeyRejection::SecretInPublicSet,
        KeyRejection::PrivateKey,
    ];

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

/// A public key (or HMAC secret) ready for verification, borrowing its material.
///
/// A key is a few words: its material stays where it is, in `static`s (a key set built at
/// compile time, in flash, costs no RAM) or in a [`crate::KeySet`]'s storage (a key set loaded at
/// run time holds exactly the bytes each key needs). Constructors are `const fn`.
///
/// # Examples
/// A key set in a `static`, built at compile time: a P-256 key (RFC 7515 A.3) and an HMAC
/// secret (RFC 7515 A.1), each with a `kid` and pinned to one algorithm.
/// ```
/// use jwtv::{Algorithm, Key, KeyKind};
/// static POINT: [u8; 64] = [
///     127, 205, 206, 39, 112, 246, 196, 93, 65, 131, 203, 238, 111, 219, 75, 123, 88, 7, 51, 53,
///     123, 233, 239, 19, 186, 207, 110, 60, 123, 209, 84, 69, 199, 241, 68, 205, 27, 189, 155,
///     126, 135, 44, 223, 237, 185, 238, 185, 244, 179, 105, 93, 110, 169, 11, 36, 173, 138, 70,
///     35, 40, 133, 136, 229, 173,
/// ];
/// static SECRET: [u8; 64] = [
///     3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230,
///     240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239,
///     150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245,
///     103, 208, 128, 163,
/// ];
/// const fn checked(key: Result<Key<'static>, jwtv::KeyRejection>) -> Key<'static> {
///     match key {
///         Ok(key) => key,
///         Err(_) => panic!("bad key"), // at compile time: a bad key does not build
///     }
/// }
/// static KEYS: [Key<'static>; 2] = [
///     checked(match Key::ec_p256(&POINT).with_kid("ec-1") {
///         Ok(key) => key.with_alg(Algorithm::ES256),
///         Err(e) => Err(e),
///     }),
///     checked(match Key::oct(&SECRET) {
///         Ok(key) => key.with_kid("hs-1"),
///         Err(e) => Err(e),
///     }),
/// ];
/// assert_eq!(KEYS[0].kind(), KeyKind::EcP256);
/// assert_eq!((KEYS[0].kid(), KEYS[0].alg()), (Some("ec-1"), Some(Algorithm::ES256)));
/// assert_eq!((KEYS[1].kind(), KEYS[1].bits()), (KeyKind::Oct, 512));
/// assert!(KEYS[1].allows(Algorithm::HS512));
/// ```
#[derive(Clone, Copy)]
pub struct Key<'a> {
    kid: Option<&'a str>,
    alg: Option<Algorithm>,
    material: Material<'a>,
    /// Another signing key of the same document carries this key's `kid` (possibly one that
    /// failed to load): a token naming that `kid` is ambiguous.
    shared_kid: bool,
}

/// What a key is made of.
#[derive(Clone, Copy)]
pub(crate) enum Material<'a> {
    /// The big-endian modulus without leading zeros, the public exponent, and optionally
    /// `R² mod n` for the Montgomery arithmetic (big-endian, as long as `n`).
    Rsa {
        n: &'a [u8],
        e: u32,
        r2: Option<&'a [u8]>,
    },
    /// `x ‖ y`, each 32 bytes big-endian.
    EcP256(&'a [u8; 64]),
    /// `x ‖ y`, each 48 bytes big-endian.
    EcP384(&'a [u8; 96]),
    /// `x ‖ y`, each 66 bytes big-endian.
    EcP521(&'a [u8; 132]),
    /// The 32-byte encoded point `A` of RFC 8032 §5.1.5 (the JWK's `x`, RFC 8037 §2).
    Ed25519(&'a [u8; 32]),
    /// The secret, and optionally the SHA-256 states after HMAC's inner and outer pad blocks
    /// (`ipad ‖ opad`, 8 big-endian words each), which save two of HS256's compressions.
    Oct {
        secret: &'a [u8],
        pads: Option<&'a [u8; HMAC_SHA256_PADS_LEN]>,
    },
}

impl<'a> Key<'a> {
    /// An RSA public key from its big-endian modulus (leading zero bytes allowed) and exponent.
    ///
    /// Each verification then computes the Montgomery constant `R² mod n` (about a fifth of an
    /// RSA-2048 verification); [`Key::rsa_precomputed`] takes it ready, and a
    /// [`crate::KeySet`] computes it once when the key is added.
    ///
    /// # Errors
    /// [`KeyRejection::Weak`] under 2048 bits or for a modulus with the ROCA fingerprint
    /// (CVE-2017-15361: keys from Infineon's RSALib, whose factors can be computed),
    /// [`KeyRejection::TooLarge`] over [`MAX_RSA_BITS`], [`KeyRejection::Invalid`] for an even modulus or
    /// an `e` that is not odd and > 1.
    ///
    /// # Examples
    /// ```
    /// use jwtv::{Key, KeyRejection};
    /// static N: [u8; 256] = [0xC5; 256]; // 2048 bits, odd
    /// assert!(Key::rsa(&N, 65537).is_ok());
    /// assert_eq!(Key::rsa(&N[..128], 65537).err(), Some(KeyRejection::Weak));
    /// assert_eq!(Key::rsa(&N, 4).err(), Some(KeyRejection::Invalid));
    /// ```
    pub const fn rsa(n: &'a [u8], e: u32) -> Result<Key<'a>, KeyRejection> {
        let n = strip_leading_zeros(n);
        let bits = bit_len(n);
        if bits < MIN_RSA_BITS {
            return Err(KeyRejection::Weak);
        }
        if bits > MAX_RSA_BITS {
            return Err(KeyRejection::TooLarge);
        }
        let odd = match n.last() {
            Some(b) => *b & 1 == 1,
            None => false,
        };
        if !odd || e < 3 || e & 1 == 0 {
            return Err(KeyRejection::Invalid);
        }
        if has_roca_fingerprint(n) {
            return Err(KeyRejection::Weak);
        }
        Ok(Key::new(Material::Rsa { n, e, r2: None }))
    }

    /// An RSA public key with its Montgomery constant `r2 = R² mod n` precomputed, where
    /// `R = 2^(64·⌈bits/64⌉)`, big-endian and exactly as long as `n` (without its leading
    /// zeros). `jwtv provision --emit rust` writes it.
    ///
    /// `r2` is checked against `n` here (two Montgomery reductions: `r2·R⁻² mod n` must be 1),
    /// so a key never holds the constant of another modulus or of blank flash. In a `static`
    /// the check runs at compile time and a wrong `r2` does not build.
    ///
    /// # Errors
    /// As [`Key::rsa`], and [`KeyRejection::Invalid`] when `r2` is not `R² mod n` (or not as
    /// long as `n`).
    ///
    /// # Examples
    /// ```
    /// use jwtv::{Key, KeyRejection};
    /// // n = 2^2048 - 159 (odd, 2048 bits); R = 2^2048, so R mod n = 159 and R² mod n = 159².
    /// static N: [u8; 256] = {
    ///     let mut n = [0xFF; 256];
    ///     n[255] = 0x61;
    ///     n
    /// };
    /// static R2: [u8; 256] = {
    ///     let mut r2 = [0; 256];
    ///     r2[254] = 0x62; // 159² = 25281 = 0x62C1
    ///     r2[255] = 0xC1;
    ///     r2
    /// };
    /// let key = Key::rsa_precomputed(&N, 65537, &R2)?;
    /// assert_eq!(key.rsa_r2(), Some(&R2[..]));
    /// assert_eq!((key.bits(), key.rsa_exponent()), (2048, 65537));
    /// assert_eq!(Key::rsa(&N, 65537)?.rsa_r2(), None);
    /// // Any other constant is refused: blank or erased flash, another key's, a truncated one.
    /// for wrong in [&[0u8; 256][..], &[0xFF; 256], &N, &R2[1..]] {
    ///     assert_eq!(Key::rsa_precomputed(&N, 65537, wrong).err(), Some(KeyRejection::Invalid));
    /// }
    /// # Ok::<(), KeyRejection>(())
    /// ```
    pub const fn rsa_precomputed(
        n: &'a [u8],
        e: u32,
        r2: &'a [u8],
    ) -> Result<Key<'a>, KeyRejection> {
        match Key::rsa(n, e) {
            Ok(Key {
                material: Material::Rsa { n, e, .. },
                ..
            }) if super::precomputed::rsa_r2_agrees(n, r2) => {
                Ok(Key::new(Material::Rsa { n, e, r2: Some(r2) }))
            }
            Ok(_) => Err(KeyRejection::Invalid),
            Err(r) => Err(r),
        }
    }

    /// An EC P-256 public key from its affine coordinates, `x ‖ y` (32 bytes each, big-endian).
    ///
    /// The point is checked to be on the curve when a JWKS is loaded and again at every
    /// verification (a `const fn` cannot do curve arithmetic); a key off the curve never verifies.
    ///
    /// # Examples
    /// ```
    /// use jwtv::{Algorithm, Key, KeyKind};
    /// // RFC 7515 A.3: x = f83OJ3D2..., y = x_FEzRu9... (base64url), decoded.
    /// static POINT: [u8; 64] = [
    ///     127, 205, 206, 39, 112, 246, 196, 93, 65, 131, 203, 238, 111, 219, 75, 123, 88, 7, 51,
    ///     53, 123, 233, 239, 19, 186, 207, 110, 60, 123, 209, 84, 69, 199, 241, 68, 205, 27, 189,
    ///     155, 126, 135, 44, 223, 237, 185, 238, 185, 244, 179, 105, 93, 110, 169, 11, 36, 173,
    ///     138, 70, 35, 40, 133, 136, 229, 173,
    /// ];
    /// static KEY: Key<'static> = Key::ec_p256(&POINT);
    /// assert_eq!((KEY.kind(), KEY.bits()), (KeyKind::EcP256, 256));
    /// assert!(KEY.allows(Algorithm::ES256));
    /// assert!(!KEY.allows(Algorithm::RS256));
    /// ```
    pub const fn ec_p256(point: &'a [u8; 64]) -> Key<'a> {
        Key::new(Material::EcP256(point))
    }

    /// A P-384 public key (`ES384`) from its affine coordinates `x ‖ y`, each 48 bytes
    /// big-endian (the JWK's `x` and `y`, RFC 7518 §6.2.1).
    ///
    /// The point is checked to be on the curve when a JWKS is loaded and again at every
    /// verification (a `const fn` cannot do curve arithmetic); a point off the curve never
    /// verifies.
    pub const fn ec_p384(point: &'a [u8; 96]) -> Key<'a> {
        Key::new(Material::EcP384(point))
    }

    /// A P-521 public key (`ES512`) from its affine coordinates `x ‖ y`, each 66 bytes
    /// big-endian (the JWK's `x` and `y`, RFC 7518 §6.2.1).
    ///
    /// Checked as [`Key::ec_p384`]'s point is.
    pub const fn ec_p521(point: &'a [u8; 132]) -> Key<'a> {
        Key::new(Material::EcP521(point))
    }

    /// An Ed25519 public key from its 32-byte encoding (RFC 8032 §5.1.5; the JWK's `x`,
    /// RFC 8037 §2), for `EdDSA`.
    ///
    /// The encoding is decoded, and a small-order (weak) key refused, when a JWKS is loaded and
    /// again at every verification (a `const fn` cannot do curve arithmetic); such a key never
    /// verifies.
    pub const fn ed25519(public: &'a [u8; 32]) -> Key<'a> {
        Key::new(Material::Ed25519(public))
    }

    /// An HMAC secret (for OpenID Connect, the UTF-8 octets of the client secret).
    ///
    /// # Errors
    /// [`KeyRejection::Weak`] under 32 bytes, [`KeyRejection::TooLarge`] over 512 bytes.
    ///
    /// # Examples
    /// ```
    /// use jwtv::{Algorithm, Key, KeyRejection};
    /// let key = Key::oct(b"a client secret of at least 32 bytes")?;
    /// assert!(key.allows(Algorithm::HS256));
    /// // HS512 needs a secret at least as long as its hash (64 bytes).
    /// assert!(!key.allows(Algorithm::HS512));
    /// assert_eq!(Key::oct(b"too short").err(), Some(KeyRejection::Weak));
    /// # Ok::<(), KeyRejection>(())
    /// ```
    pub const fn oct(secret: &'a [u8]) -> Result<Key<'a>, KeyRejection> {
        if secret.len() < MIN_HMAC_KEY_BYTES {
            return Err(KeyRejection::Weak);
        }
        if secret.len() > MAX_KEY_BYTES {
            return Err(KeyRejection::TooLarge);
        }
        Ok(Key::new(Material::Oct { secret, pads: None }))
    }

    /// An HMAC secret with its SHA-256 pad states precomputed: the SHA-256 chaining values after
    /// the block `K ⊕ ipad` and after `K ⊕ opad` (RFC 2104), each as 8 big-endian 32-bit words,
    /// one after the other. HS256 then takes five SHA-256 compressions instead of seven for a
    /// 200-byte token. `jwtv provision --emit rust` writes them; a [`crate::KeySet`]
    /// computes them when an HMAC key is added. HS384 and HS512 use the secret alone.
    ///
    /// The HS256 tag depends on the pad states alone, so pads of another secret would let
    /// whoever knows them sign any claims. They are recomputed from `secret` here and compared:
    /// in a `static` at compile time (pads that disagree do not build, and verification costs
    /// nothing more); at run time this costs the two compressions the pads save, once.
    ///
    /// # Errors
    /// As [`Key::oct`], and [`KeyRejection::Invalid`] when `pads` are not `secret`'s. In a
    /// `static`, pads that are not the secret's do not build:
    /// ```compile_fail
    /// use jwtv::Key;
    /// static SECRET: [u8; 32] = [7; 32];
    /// static BLANK_FLASH: [u8; 64] = [0; 64];
    /// static KEY: Key<'static> = match Key::oct_precomputed(&SECRET, &BLANK_FLASH) {
    ///     Ok(key) => key,
    ///     Err(_) => panic!("pad states of another secret"),
    /// };
    /// ```
    ///
    /// # Examples
    /// ```
    /// use jwtv::{verify, Algorithm, Key, KeyRejection, KeySet, Policy, TokenBuffer};
    /// // RFC 7515 A.1's secret and token.
    /// static SECRET: [u8; 64] = [
    ///     3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240,
    ///     84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150,
    ///     138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208,
    ///     128, 163,
    /// ];
    /// let token = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "joe", "").waive_audience();
    ///
    /// // A key set computes the pad states when the key is added; provisioning writes them out.
    /// let mut set = KeySet::<1>::new();
    /// set.push(Key::oct(&SECRET).expect("long enough"))?;
    /// let pads: [u8; 64] = *set.get(0).and_then(|key| key.hmac_sha256_pads()).expect("computed");
    ///
    /// let key = Key::oct_precomputed(&SECRET, &pads).expect("long enough");
    /// let mut buffer = TokenBuffer::<1024>::new();
    /// assert!(verify(token, &[key], &POLICY, 1_300_819_379, &mut buffer).is_ok());
    /// // Pads that are not the secret's make no key: blank or erased flash, another secret's.
    /// let mut others = KeySet::<1>::new();
    /// others.push(Key::oct(&[7; 64]).expect("long enough"))?;
    /// let other: [u8; 64] = *others.get(0).and_then(|key| key.hmac_sha256_pads()).expect("computed");
    /// for wrong in [[0; 64], [0xFF; 64], other] {
    ///     assert_eq!(Key::oct_precomputed(&SECRET, &wrong).err(), Some(KeyRejection::Invalid));
    /// }
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub const fn oct_precomputed(
        secret: &'a [u8],
        pads: &'a [u8; HMAC_SHA256_PADS_LEN],
    ) -> Result<Key<'a>, KeyRejection> {
        match Key::oct(secret) {
            Ok(_) if super::precomputed::hmac_sha256_pads_agree(secret, pads) => {
                Ok(Key::new(Material::Oct {
                    secret,
                    pads: Some(pads),
                }))
            }
            Ok(_) => Err(KeyRejection::Invalid),
            Err(r) => Err(r),
        }
    }

    /// The same key with a `kid`.
    ///
    /// # Errors
    /// [`KeyRejection::TooLarge`] when `kid` is longer than [`MAX_KID_LEN`] bytes.
    ///
    /// # Examples
    /// ```
    /// use jwtv::{Key, KeyRejection, MAX_KID_LEN};
    /// let key = Key::oct(b"a client secret of at least 32 bytes")?.with_kid("2024-07")?;
    /// assert_eq!(key.kid(), Some("2024-07"));
    /// let long = "k".repeat(MAX_KID_LEN + 1);
    /// assert_eq!(key.with_kid(&long).err(), Some(KeyRejection::TooLarge));
    /// # Ok::<(), KeyRejection>(())
    /// ```
    pub const fn with_kid(mut self, kid: &'a str) -> Result<Key<'a>, KeyRejection> {
        if kid.len() > MAX_KID_LEN {
            return Err(KeyRejection::TooLarge);
        }
        self.kid = Some(kid);
        Ok(self)
    }

    /// The same key restricted to one algorithm (the JWK `alg` member).
    ///
    /// # Errors
    /// [`KeyRejection::Invalid`] when `alg` needs another kind of key, [`KeyRejection::Weak`] when
    /// an HMAC secret is shorter than `alg`'s hash.
    ///
    /// # Examples
    /// ```
    /// use jwtv::{Algorithm, Key, KeyRejection};
    /// let bytes = [7u8; 48];
    /// let secret = Key::oct(&bytes)?;
    /// let pinned = secret.with_alg(Algorithm::HS256)?;
    /// assert_eq!(pinned.alg(), Some(Algorithm::HS256));
    /// assert!(secret.allows(Algorithm::HS384)); // 48 bytes: long enough for HS384
    /// assert!(!pinned.allows(Algorithm::HS384)); // one key, one algorithm
    /// assert_eq!(secret.with_alg(Algorithm::ES256).err(), Some(KeyRejection::Invalid));
    /// assert_eq!(secret.with_alg(Algorithm::HS512).err(), Some(KeyRejection::Weak));
    /// # Ok::<(), KeyRejection>(())
    /// ```
    pub const fn with_alg(mut self, alg: Algorithm) -> Result<Key<'a>, KeyRejection> {
        if !kinds_equal(alg.key_kind(), self.kind()) {
            return Err(KeyRejection::Invalid);
        }
        if let Material::Oct { secret, .. } = self.material
            && secret.len() < alg.hash().output_len()
        {
            return Err(KeyRejection::Weak);
        }
        self.alg = Some(alg);
        Ok(self)
    }

    /// The key's `kid`, if it has one.
    pub const fn kid(&self) -> Option<&'a str> {
        self.kid
    }

    /// The one algorithm this key is restricted to, if any.
    pub const fn alg(&self) -> Option<Algorithm> {
        self.alg
    }

    /// What kind of key this is.
    pub const fn kind(&self) -> KeyKind {
        match self.material {
            Material::Rsa { .. } => KeyKind::Rsa,
            Material::EcP256(_) => KeyKind::EcP256,
            Material::EcP384(_) => KeyKind::EcP384,
            Material::EcP521(_) => KeyKind::EcP521,
            Material::Oct { .. } => KeyKind::Oct,
            Material::Ed25519(_) => KeyKind::Ed25519,
        }
    }

    /// The RSA public exponent (0 for other kinds).
    pub const fn rsa_exponent(&self) -> u32 {
        match self.material {
            Material::Rsa { e, .. } => e,
            _ => 0,
        }
    }

    /// The RSA Montgomery constant `R² mod n`, when it was precomputed.
    pub const fn rsa_r2(&self) -> Option<&'a [u8]> {
        match self.material {
            Material::Rsa { r2, .. } => r2,
            _ => None,
        }
    }

    /// An HMAC key's precomputed SHA-256 pad states ([`Key::oct_precomputed`]), if it has them.
    pub const fn hmac_sha256_pads(&self) -> Option<&'a [u8; HMAC_SHA256_PADS_LEN]> {
        match self.material {
            Material::Oct { pads, .. } => pads,
            _ => None,
        }
    }

    /// The key material: the RSA modulus, the EC point as `x ‖ y`, the HMAC secret, or the
    /// Ed25519 public key's 32 bytes.
    pub const fn material(&self) -> &'a [u8] {
        match self.material {
            Material::Rsa { n, .. } => n,
            Material::EcP256(point) => point,
            Material::EcP384(point) => point,
            Material::EcP521(point) => point,
            Material::Oct { secret, .. } => secret,
            Material::Ed25519(public) => public,
        }
    }

    /// Size of the key material in bits (RSA modulus bits, the curve's size: 256 for P-256 and
    /// Ed25519, 384 for P-384, 521 for P-521; secret bits).
    pub const fn bits(&self) -> usize {
        match self.material {
            Material::Rsa { n, .. } => bit_len(n),
            Material::EcP256(_) | Material::Ed25519(_) => 256,
            Material::EcP384(_) => 384,
            Material::EcP521(_) => 521,
            Material::Oct { secret, .. } => secret.len().saturating_mul(8),
        }
    }

    /// Whether this key may verify signatures made with `alg`: the key type fits the algorithm,
    /// the key's own `alg` (if set) is `alg`, and an HMAC secret is at least as long as the hash
    /// (RFC 7518 §3.2). One key, one algorithm (RFC 8725 §3.1).
    ///
    /// # Examples
    /// ```
    /// use jwtv::{Algorithm, Key};
    /// static N: [u8; 256] = [0xC5; 256];
    /// let rsa = Key::rsa(&N, 65537)?;
    /// assert!(rsa.allows(Algorithm::RS256) && rsa.allows(Algorithm::PS512));
    /// assert!(!rsa.allows(Algorithm::ES256) && !rsa.allows(Algorithm::HS256));
    /// assert!(!rsa.with_alg(Algorithm::RS256)?.allows(Algorithm::PS256));
    /// # Ok::<(), jwtv::KeyRejection>(())
    /// ```
    pub fn allows(&self, alg: Algorithm) -> bool {
        kinds_equal(alg.key_kind(), self.kind())
            && self.alg.is_none_or(|own| own == alg)
            && match self.material {
                Material::Oct { secret, .. } => secret.len() >= alg.hash().output_len(),
                _ => true,
            }
    }

    /// Whether this key may verify a token whose header says `alg` (and `kid`, if any): it
    /// [allows](Key::allows) `alg`, and a `kid` in the header equals the key's after unescaping.
    ///
    /// # Examples
    /// The header's `kid` comes from [`crate::peek_header`] or [`crate::Header::kid`].
    /// ```
    /// use jwtv::{peek_header, Algorithm, Key, TokenBuffer};
    /// let key = Key::oct(b"a client secret of at least 32 bytes")?.with_kid("hs-1")?;
    /// // {"alg":"HS256","kid":"hs\u002d1"}: the kid "hs-1", escaped.
    /// let token = b"eyJhbGciOiJIUzI1NiIsImtpZCI6ImhzXHUwMDJkMSJ9.e30.c2ln";
    /// let mut buffer = TokenBuffer::<256>::new();
    /// let header = peek_header(token, &mut buffer).expect("a well-formed header");
    /// assert!(key.fits(header.alg(), header.kid()));
    /// assert!(key.fits(Algorithm::HS256, None)); // no kid in the header: any key that allows alg
    /// assert!(!key.fits(Algorithm::RS256, header.kid()));
    /// # Ok::<(), jwtv::KeyRejection>(())
    /// ```
    pub fn fits(&self, alg: Algorithm, kid: Option<JsonStr<'_>>) -> bool {
        if !self.allows(alg) {
            return false;
        }
        match (kid, self.kid) {
            (None, _) => true,
            (Some(wanted), Some(own)) => wanted == own,
            (Some(_), None) => false,
        }
    }

    /// A key from parts already checked (a [`crate::KeySet`]'s stored keys).
    pub(crate) const fn from_parts(
        material: Material<'a>,
        kid: Option<&'a str>,
        alg: Option<Algorithm>,
        shared_kid: bool,
    ) -> Key<'a> {
        Key {
            kid,
            alg,
            material,
            shared_kid,
        }
    }

    const fn new(material: Material<'a>) -> Key<'a> {
        Key {
            kid: None,
            alg: None,
            material,
            shared_kid: false,
        }
    }

    /// Marks the key's `kid` as carried by another signing key of its document.
    pub(crate) const fn with_shared_kid(mut self, shared: bool) -> Key<'a> {
        self.shared_kid = shared;
        self
    }

    /// Whether another signing key of the key's document carries the same `kid`.
    pub const fn has_shared_kid(&self) -> bool {
        self.shared_kid
    }
}

/// Secrets are never printed: only their length.
impl core::fmt::Debug for Key<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut d = f.debug_struct("Key");
        d.field("kind", &self.kind())
            .field("kid", &self.kid)
            .field("alg", &self.alg)
            .field("bits", &self.bits());
        if let Material::Rsa { e, r2, .. } = self.material {
            d.field("e", &e).field("r2", &r2.is_some());
        }
        d.field("shared_kid", &self.shared_kid).finish()
    }
}

/// The odd primes below 168. Infineon's RSALib (ROCA, CVE-2017-15361) makes primes
/// `p = k·M + (65537^a mod M)` where `M` is a primorial that, for every key size, contains all of
/// these, so the modulus is a power of 65537 modulo each of them.
const ROCA_PRIMES: [u32; 38] = [
    3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
];

/// The ROCA fingerprint: `n mod p` lies in the subgroup generated by 65537 modulo every prime of
/// [`ROCA_PRIMES`]. A random modulus has it with probability about 2⁻²⁸; an RSALib modulus
/// always has it. About 15 k integer operations for a 2048-bit modulus.
const fn has_roca_fingerprint(n: &[u8]) -> bool {
    let mut primes: &[u32] = &ROCA_PRIMES;
    while let [p, rest @ ..] = primes {
        if !is_power_of_65537(residue(n, *p), *p) {
            return false;
        }
        primes = rest;
    }
    true
}

/// `n mod p` for a big-endian `n` and a prime `p < 2^8` (so nothing overflows).
const fn residue(mut n: &[u8], p: u32) -> u32 {
    let mut r = 0u32;
    while let [byte, rest @ ..] = n {
        r = match r
            .wrapping_mul(256)
            .wrapping_add(*byte as u32)
            .checked_rem(p)
        {
            Some(r) => r,
            None => return 0,
        };
        n = rest;
    }
    r
}

/// Whether `r` is a power of 65537 modulo the prime `p`: walks the at most `p - 1` powers.
const fn is_power_of_65537(r: u32, p: u32) -> bool {
    let Some(g) = 65537u32.checked_rem(p) else {
        return false;
    };
    let mut x = 1u32;
    let mut steps = 0;
    while steps < p {
        if x == r {
            return true;
        }
        x = match x.wrapping_mul(g).checked_rem(p) {
            Some(x) => x,
            None => return false,
        };
        steps = steps.wrapping_add(1);
    }
    false
}

const fn kinds_equal(a: KeyKind, b: KeyKind) -> bool {
    matches!(
        (a, b),
        (KeyKind::Rsa, KeyKind::Rsa)
            | (KeyKind::EcP256, KeyKind::EcP256)
            | (KeyKind::EcP384, KeyKind::EcP384)
            | (KeyKind::EcP521, KeyKind::EcP521)
            | (KeyKind::Oct, KeyKind::Oct)
            | (KeyKind::Ed25519, KeyKind::Ed25519)
    )
}

const fn strip_leading_zeros(mut n: &[u8]) -> &[u8] {
    while let [0, rest @ ..] = n {
        n = rest;
    }
    n
}

const fn bit_len(n: &[u8]) -> usize {
    let n = strip_leading_zeros(n);
    match n.first() {
        None => 0,
        Some(top) => {
            let top_bits = 8usize.saturating_sub(top.leading_zeros() as usize);
            n.len()
                .saturating_sub(1)
                .saturating_mul(8)
                .saturating_add(top_bits)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rsa_size_and_exponent_rules() {
        let mut n = [0xFFu8; 257];
        n[0] = 0;
        assert_eq!(Key::rsa(&n, 65537).unwrap().bits(), 2048);
        assert_eq!(Key::rsa(&n, 65537).unwrap().material().len(), 256);
        let mut small = [0xFFu8; 256];
        small[0] = 0x7F;
        assert_eq!(Key::rsa(&small, 65537).err(), Some(KeyRejection::Weak));
        let mut big = [0xFFu8; 513];
        big[0] = 1;
        assert_eq!(Key::rsa(&big, 65537).err(), Some(KeyRejection::TooLarge));
        assert_eq!(Key::rsa(&[0xFF; 256], 3).map(|k| k.bits()), Ok(2048));
        // The wider moduli follow the build's features (`rsa-3072`, `rsa-4096`).
        for (bytes, wide_enough) in [
            (257, cfg!(feature = "rsa-3072")),
            (384, cfg!(feature = "rsa-3072")),
            (385, cfg!(feature = "rsa-4096")),
            (512, cfg!(feature = "rsa-4096")),
        ] {
            let n = [0xFFu8; 512];
            let expected = if wide_enough {
                Ok(bytes * 8)
            } else {
                Err(KeyRejection::TooLarge)
            };
            assert_eq!(
                Key::rsa(&n[..bytes], 3).map(|k| k.bits()),
                expected,
                "{bytes} bytes"
            );
        }
        for e in [0, 1, 2, 65536] {
            assert_eq!(
                Key::rsa(&[0xFF; 256], e).err(),
                Some(KeyRejection::Invalid),
                "e={e}"
            );
        }
        assert_eq!(
            Key::rsa(&[0xFE; 256], 65537).err(),
            Some(KeyRejection::Invalid)
        );
    }

    #[test]
    fn oct_and_alg_rules() {
        assert_eq!(Key::oct(&[1; 31]).err(), Some(KeyRejection::Weak));
        let k = Key::oct(&[1; 32]).unwrap();
        assert!(k.with_alg(Algorithm::HS256).is_ok());
        assert_eq!(k.with_alg(Algorithm::HS384).err(), Some(KeyRejection::Weak));
        assert_eq!(
            k.with_alg(Algorithm::RS256).err(),
            Some(KeyRejection::Invalid)
        );
        assert!(k.fits(Algorithm::HS256, None));
        assert!(
            !k.fits(Algorithm::HS512, None),
            "a 32-byte secret is too short for HS512"
        );
        assert!(!k.fits(Algorithm::RS256, None));
        // The largest secret stored is MAX_KEY_BYTES (512) bytes; one more is too large.
        assert_eq!(Key::oct(&[1; 512]).map(|k| k.material().len()), Ok(512));
        assert_eq!(Key::oct(&[1; 513]).err(), Some(KeyRejection::TooLarge));
    }

    #[test]
    fn debug_names_the_key_never_its_secret() {
        let key = Key::oct(&[0xA5; 32]).unwrap().with_kid("hs-1").unwrap();
        let shown = std::format!("{key:?}");
        for part in ["Key {", "kind: Oct", "kid: Some(\"hs-1\")", "bits: 256"] {
            assert!(shown.contains(part), "{part} in {shown}");
        }
        // 0xA5 is 165: neither form of a secret byte appears.
        assert!(!shown.contains("165") && !shown.contains("a5"), "{shown}");
    }

    #[test]
    fn kid_rules() {
        let k = Key::ec_p256(&[1; 64]).with_kid("k1").unwrap();
        assert_eq!(k.kid(), Some("k1"));
        assert_eq!(k.material().len(), 64);
        let long = "x".repeat(MAX_KID_LEN + 1);
        assert_eq!(
            Key::ec_p256(&[1; 64]).with_kid(&long).err(),
            Some(KeyRejection::TooLarge)
        );
        assert!(Key::ec_p256(&[1; 64]).with_kid(&long[1..]).is_ok());
    }

    /// Moduli built the RSALib way (a power of 65537 modulo the primorial of the small primes,
    /// plus a multiple of it) are refused; the same sizes built otherwise are not.
    #[test]
    fn roca_fingerprint() {
        use base64ct::Encoding as _;
        use rsa::BigUint;
        let m = ROCA_PRIMES
            .iter()
            .fold(BigUint::from(1u32), |m, &p| m * BigUint::from(p));
        for (c, k_bits) in [(1u32, 1830usize), (12345, 1900), (999_999, 3860)] {
            let base = BigUint::from(65537u32).modpow(&BigUint::from(c), &m);
            let k = BigUint::from(1u32) << k_bits;
            let mut n = base + k * &m;
            // M is odd: adding it once more makes n odd and keeps every residue.
            if n.to_bytes_be().last().is_some_and(|b| b & 1 == 0) {
                n += &m;
            }
            let bytes = n.to_bytes_be();
            assert_eq!(
                Key::rsa(&bytes, 65537).err(),
                Some(KeyRejection::Weak),
                "c={c}"
            );
            // One more multiple of M... and the same number plus 2 is almost surely no power.
            let plus_two = (&n + BigUint::from(2u32)).to_bytes_be();
            assert!(Key::rsa(&plus_two, 65537).is_ok(), "c={c}");
        }
        // The corpus's keys, made by the rsa crate's generator.
        for jwk in [
            include_str!("../../../fixtures/keys/rsa2048-a.json"),
            include_str!("../../../fixtures/keys/rsa2048-b.json"),
            include_str!("../../../fixtures/keys/rsa2048-c.json"),
            include_str!("../../../fixtures/keys/rsa3072.json"),
            include_str!("../../../fixtures/keys/rsa4096.json"),
        ] {
            let jwk: serde_json::Value = serde_json::from_str(jwk).unwrap();
            let n = base64ct::Base64UrlUnpadded::decode_vec(jwk["n"].as_str().unwrap()).unwrap();
            assert!(Key::rsa(&n, 65537).is_ok(), "{}", jwk["kid"]);
        }
    }

    // A key set in a `static`, built at compile time.
    static STATIC_KEY: Key = match Key::oct(b"0123456789abcdef0123456789abcdef") {
        Ok(k) => k,
        Err(_) => panic!("bad key"),
    };

    #[test]
    fn keys_can_live_in_statics() {
        assert_eq!(STATIC_KEY.bits(), 256);
    }
}
