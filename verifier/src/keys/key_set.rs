//! A fixed-capacity set of verification keys, loaded from a JWKS (RFC 7517 §5) or built from
//! decoded material.

use super::jwk;
use super::key::{Key, KeyRejection, Material};
use crate::algorithm::{Algorithm, KeyKind};
use crate::error::Error;
use crate::json::{self, Array, JsonStr, Value};

/// Nesting allowed in a JWKS document: the top object, `keys`, a key, `x5c`/`key_ops`, and a
/// level to spare for extensions.
pub(crate) const JWKS_MAX_DEPTH: usize = 5;

/// Up to `N` verification keys, their `kid`s and material in `BYTES` bytes of storage.
///
/// Each key takes what its material needs: an RSA-2048 key 512 bytes (the modulus and its
/// Montgomery constant), an EC P-256 key 64, an Ed25519 key 32, a secret its length, plus its
/// `kid`. A set that runs out of either is [`Error::CapacityExceeded`].
///
/// # Examples
/// An issuer's published set: its signing key loads; its encryption key, and a secret it
/// should never have published, are skipped. The relying party adds its client secret itself.
/// ```
/// use jwtv::{Key, KeyRejection, KeySet};
/// let jwks = br#"{"keys":[
///   {"kty":"EC","crv":"P-256","kid":"ec-1","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
///   {"kty":"RSA","use":"enc","n":"AQAB","e":"AQAB"},
///   {"kty":"oct","kid":"hs","alg":"HS256","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}
/// ]}"#;
/// let (mut keys, report) = KeySet::<4>::from_jwks(jwks)?;
/// assert_eq!((keys.len(), report.skipped()), (1, 2));
/// assert_eq!(report.skipped_for(KeyRejection::SecretInPublicSet), 1);
///
/// let client_secret = Key::oct(b"the client secret, 32 bytes or more").expect("long enough");
/// keys.push(client_secret)?;
/// assert_eq!(keys.len(), 2);
/// # Ok::<(), jwtv::Error>(())
/// ```
pub struct KeySet<const N: usize, const BYTES: usize = DEFAULT_KEYSET_BYTES> {
    slots: [KeySlot<'static>; N],
    /// Every key's `kid` and material (and an RSA key's `R² mod n`), back to back.
    store: [u8; BYTES],
    len: usize,
    used: usize,
}

/// The default storage of a [`KeySet`], in bytes: four RSA-2048 keys with their Montgomery
/// constants (512 bytes each) and `kid`s, or dozens of EC keys (64 bytes each).
pub const DEFAULT_KEYSET_BYTES: usize = 2560;

/// A key set in storage lent to it at run time: the same keys, rules and errors as a
/// [`KeySet`], whose capacities are fixed at compile time instead. This is the form for
/// storage sized when the program runs (a region of RAM the application hands out, the C
/// interface's caller storage): `slots.len()` keys, their `kid`s and material in `store`.
///
/// A key may also stay where it is ([`KeySetIn::push_borrowed`]): the set keeps the [`Key`],
/// whose material lives for `'k` (constant data in flash), and none of it is copied.
///
/// # Examples
/// Storage for one RSA-2048 key: its slot, and the modulus, `R² mod n` and `kid` in 520 bytes.
/// ```
/// use jwtv::{Error, Key, KeySetIn, KeySlot};
/// static N: [u8; 256] = [0xC5; 256]; // an RSA-2048 modulus
/// let mut slots = [KeySlot::EMPTY; 1];
/// let mut store = [0u8; 520];
/// let mut keys = KeySetIn::new(&mut slots, &mut store);
/// let key = Key::rsa(&N, 65537).and_then(|key| key.with_kid("rsa-1")).expect("a valid key");
/// keys.push(key)?;
/// assert_eq!((keys.len(), keys.bytes_used()), (1, 517));
/// let secret = Key::oct(&[7; 32]).expect("long enough");
/// assert_eq!(keys.push(secret), Err(Error::CapacityExceeded));
/// # Ok::<(), Error>(())
/// ```
pub struct KeySetIn<'s, 'k> {
    slots: &'s mut [KeySlot<'k>],
    store: &'s mut [u8],
    len: usize,
    used: usize,
}

/// Room for one key in a [`KeySetIn`]: which kind of key it is and where its `kid` and
/// material are in the set's store, or a key borrowed for `'k`. Opaque; [`KeySlot::EMPTY`]
/// fills the storage before use. 40 bytes on a 32-bit target, 64 on a 64-bit one.
#[derive(Clone, Copy, Debug)]
pub struct KeySlot<'k>(Slot<'k>);

#[derive(Clone, Copy, Debug)]
enum Slot<'k> {
    /// A key whose parts are in the set's store.
    Stored(Entry),
    /// A key whose parts stay where they are.
    Borrowed(Key<'k>),
}

impl KeySlot<'_> {
    /// A slot holding no key.
    pub const EMPTY: KeySlot<'static> = KeySlot(Slot::Stored(Entry {
        kind: KeyKind::Oct,
        alg: None,
        e: 0,
        shared_kid: false,
        kid: None,
        material: Span { start: 0, len: 0 },
        r2: None,
    }));
}

/// One key of a key set: where its parts are in the store.
#[derive(Clone, Copy, Debug)]
struct Entry {
    kind: KeyKind,
    alg: Option<Algorithm>,
    /// RSA public exponent; 0 for other kinds.
    e: u32,
    shared_kid: bool,
    kid: Option<Span>,
    material: Span,
    /// RSA: `R² mod n`; HMAC: the SHA-256 pad states.
    r2: Option<Span>,
}

/// A range of the store (32-bit offsets: a slot is the same size on every target).
#[derive(Clone, Copy, Debug)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn range(self) -> Option<core::ops::Range<usize>> {
        let start = usize::try_from(self.start).ok()?;
        let len = usize::try_from(self.len).ok()?;
        Some(start..start.checked_add(len)?)
    }
}

/// Where verification finds its keys: a slice or array of [`Key`]s (a key set in a `static`,
/// built at compile time) or a [`KeySet`] (loaded at run time).
///
/// # Examples
/// The same token verified with an array of keys and with a key set.
/// ```
/// use jwtv::{verify, Algorithm, Key, KeySet, Keys, Policy, TokenBuffer};
/// // RFC 7515 Appendix A.1 (HS256).
/// let token = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
/// let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
/// const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "joe", "").waive_audience();
///
/// let key = Key::oct(&secret).expect("long enough");
/// let array = [key];
/// let mut set = KeySet::<2>::new();
/// set.push(key)?;
///
/// let mut buffer = TokenBuffer::<1024>::new();
/// assert!(verify(token, &array, &POLICY, 1_300_819_379, &mut buffer).is_ok());
/// let mut buffer = TokenBuffer::<1024>::new();
/// assert!(verify(token, &set, &POLICY, 1_300_819_379, &mut buffer).is_ok());
/// // An empty set has no key for it.
/// let mut buffer = TokenBuffer::<1024>::new();
/// let none: [Key<'_>; 0] = [];
/// assert_eq!(
///     verify(token, &none, &POLICY, 1_300_819_379, &mut buffer).err(),
///     Some(jwtv::Error::KeyNotFound)
/// );
/// // Either can be listed through the trait.
/// assert_eq!(array.keys().count(), set.keys().count());
/// # Ok::<(), jwtv::Error>(())
/// ```
pub trait Keys {
    /// The keys, in order.
    fn keys(&self) -> impl Iterator<Item = Key<'_>> + Clone;
}

impl<K: Keys + ?Sized> Keys for &K {
    fn keys(&self) -> impl Iterator<Item = Key<'_>> + Clone {
        (**self).keys()
    }
}

impl Keys for [Key<'_>] {
    fn keys(&self) -> impl Iterator<Item = Key<'_>> + Clone {
        self.iter().copied()
    }
}

impl<const M: usize> Keys for [Key<'_>; M] {
    fn keys(&self) -> impl Iterator<Item = Key<'_>> + Clone {
        self.iter().copied()
    }
}

impl<const N: usize, const BYTES: usize> Keys for KeySet<N, BYTES> {
    fn keys(&self) -> impl Iterator<Item = Key<'_>> + Clone {
        self.iter()
    }
}

/// What loading a JWKS kept and what it skipped, by reason.
///
/// # Examples
/// ```
/// use jwtv::{KeyRejection, KeySet};
/// // A document with a signing key, a key with private members, and an RSA key too small.
/// let jwks = br#"{"keys":[
///   {"kty":"EC","crv":"P-256","kid":"ec-1","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
///   {"kty":"EC","crv":"P-256","kid":"ec-private","d":"AA","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
///   {"kty":"RSA","kid":"rsa-512","n":"wQ","e":"AQAB"}
/// ]}"#;
/// let (_, report) = KeySet::<4>::from_jwks(jwks)?;
/// assert_eq!((report.loaded(), report.skipped()), (1, 2));
/// assert_eq!(report.skipped_for(KeyRejection::PrivateKey), 1);
/// assert_eq!(report.skipped_for(KeyRejection::Weak), 1);
/// for reason in KeyRejection::ALL {
///     if report.skipped_for(reason) > 0 {
///         println!("{} skipped: {}", report.skipped_for(reason), reason.explanation());
///     }
/// }
/// # Ok::<(), jwtv::Error>(())
/// ```
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
///
/// Given to the callback of [`KeySet::from_jwks_with`]; the `kid` borrows from the document.
///
/// # Examples
/// ```
/// use jwtv::{KeyRejection, KeySet};
/// let jwks = br#"{"keys":[{"kty":"oct","kid":"client","k":"c2hvcnQ"}]}"#;
/// let mut reasons = Vec::new();
/// let (keys, _) = KeySet::<1>::from_jwks_with(jwks, |skipped| {
///     assert!(skipped.kid.is_some_and(|kid| kid == "client"));
///     reasons.push((skipped.index, skipped.reason));
/// })?;
/// assert!(keys.is_empty());
/// // A document of secrets alone loads them, but this one is 5 bytes: too weak.
/// assert_eq!(reasons, [(0, KeyRejection::Weak)]);
/// # Ok::<(), jwtv::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct SkippedKey<'a> {
    /// Index in the JWKS `keys` array.
    pub index: usize,
    /// The key's `kid`, when it is a string.
    pub kid: Option<JsonStr<'a>>,
    /// Why it was skipped.
    pub reason: KeyRejection,
}

impl<const N: usize, const BYTES: usize> KeySet<N, BYTES> {
    /// An empty key set.
    ///
    /// # Examples
    /// ```
    /// use jwtv::KeySet;
    /// // Up to 4 keys in the default 2560 bytes, in a `static` or on the stack.
    /// static mut KEYS: KeySet<4> = KeySet::new();
    /// let keys = KeySet::<8, 1024>::new();
    /// assert!(keys.is_empty());
    /// assert_eq!(keys.bytes_used(), 0);
    /// ```
    pub const fn new() -> Self {
        KeySet {
            slots: [KeySlot::EMPTY; N],
            store: [0; BYTES],
            len: 0,
            used: 0,
        }
    }

    /// The set as a [`KeySetIn`] over its own storage, for one change; the counts come back.
    pub(crate) fn lend<R>(&mut self, change: impl FnOnce(&mut KeySetIn<'_, 'static>) -> R) -> R {
        let mut set = KeySetIn {
            slots: &mut self.slots,
            store: &mut self.store,
            len: self.len,
            used: self.used,
        };
        let result = change(&mut set);
        (self.len, self.used) = (set.len, set.used);
        result
    }

    /// Adds a key, copying its `kid` and material into the set's storage. An RSA key's
    /// Montgomery constant `R² mod n` is computed here, once, unless the key carries it; so are
    /// an HMAC secret's SHA-256 pad states (64 bytes, [`Key::oct_precomputed`]).
    ///
    /// # Errors
    /// [`Error::CapacityExceeded`] when the set already holds `N` keys or its storage lacks the
    /// room (the set is then unchanged).
    ///
    /// # Examples
    /// ```
    /// use jwtv::{Error, Key, KeySet};
    /// static N: [u8; 256] = [0xC5; 256]; // an RSA-2048 modulus
    /// let mut keys = KeySet::<2, 600>::new();
    /// let key = Key::rsa(&N, 65537).and_then(|key| key.with_kid("rsa-1")).expect("a valid key");
    /// keys.push(key)?;
    /// // The modulus and its `R² mod n`, 256 bytes each, and the 5-byte `kid`.
    /// assert_eq!(keys.bytes_used(), 517);
    /// assert!(keys.get(0).is_some_and(|key| key.rsa_r2().is_some()));
    /// // A second RSA-2048 key does not fit in the 83 bytes left; the set is unchanged.
    /// assert_eq!(keys.push(Key::rsa(&N, 65537).expect("a valid key")), Err(Error::CapacityExceeded));
    /// assert_eq!((keys.len(), keys.bytes_used()), (1, 517));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn push(&mut self, key: Key<'_>) -> Result<(), Error> {
        self.lend(|set| set.push(key))
    }

    /// The keys, in the order they were added.
    ///
    /// # Examples
    /// ```
    /// use jwtv::{KeyKind, KeySet};
    /// let jwks = br#"{"keys":[
    ///   {"kty":"EC","crv":"P-256","kid":"ec-1","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
    ///   {"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}
    /// ]}"#;
    /// let (keys, _) = KeySet::<4>::from_jwks(jwks)?;
    /// // A public key and a secret in one document: the secret is never used.
    /// assert_eq!(keys.iter().map(|key| key.kind()).collect::<Vec<_>>(), [KeyKind::EcP256]);
    /// assert_eq!(keys.get(0).and_then(|key| key.kid()), Some("ec-1"));
    /// assert!(keys.get(1).is_none());
    /// // The point (64 bytes) and the `kid` (4).
    /// assert_eq!(keys.bytes_used(), 68);
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = Key<'_>> + Clone {
        keys_of(&self.slots, self.len, &self.store)
    }

    /// The key at `index`.
    pub fn get(&self, index: usize) -> Option<Key<'_>> {
        self.iter().nth(index)
    }

    /// How many keys the set holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the set holds no key.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes of storage the keys use (of `BYTES`).
    pub fn bytes_used(&self) -> usize {
        self.used
    }

    /// Loads the usable keys of a JWKS document, exactly as an issuer publishes it.
    ///
    /// # Errors
    /// See [`KeySet::from_jwks_with`].
    ///
    /// # Examples
    /// ```
    /// use jwtv::{Error, KeySet};
    /// let (keys, report) = KeySet::<4>::from_jwks(br#"{"keys":[
    ///   {"kty":"EC","crv":"P-256","kid":"ec-1","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}
    /// ]}"#)?;
    /// assert_eq!((keys.len(), report.loaded(), report.skipped()), (1, 1, 0));
    /// // Not a JWKS, and more usable keys than the set holds:
    /// assert_eq!(KeySet::<4>::from_jwks(br#"{"kid":"ec-1"}"#).err(), Some(Error::MalformedJwks));
    /// let two = br#"{"keys":[
    ///   {"kty":"EC","crv":"P-256","kid":"ec-1","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
    ///   {"kty":"EC","crv":"P-256","kid":"ec-2","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}
    /// ]}"#;
    /// assert_eq!(KeySet::<1>::from_jwks(two).err(), Some(Error::CapacityExceeded));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn from_jwks(jwks: &[u8]) -> Result<(Self, LoadReport), Error> {
        Self::from_jwks_with(jwks, |_| {})
    }

    /// Loads the usable keys of a JWKS document, telling `on_skip` about each key it skips.
    ///
    /// Keys a verifier cannot use are skipped, not fatal: real documents mix signing keys with
    /// encryption keys, certificate chains and algorithms this build lacks. Beyond each key's own
    /// rules ([`KeyRejection`]), the document is read as a whole (Wycheproof's JWK tests):
    ///
    /// - A document that publishes public keys (any `kty` but `oct`) never yields a secret:
    ///   its `oct` keys are skipped as [`KeyRejection::SecretInPublicSet`]. A document of
    ///   secrets alone loads them; an OIDC client secret is added with [`KeySet::push`].
    /// - Keys carrying private members are skipped as [`KeyRejection::PrivateKey`].
    /// - A `kid` carried by two signing keys (`use` absent or `sig`, `key_ops` absent or with
    ///   `verify`) is ambiguous, even when one of them failed to load: a token naming it is
    ///   refused with [`Error::AmbiguousKey`] rather than checked with whichever key loaded.
    ///
    /// # Errors
    /// [`Error::MalformedJwks`] when the document is not a JSON object whose `keys` member is an
    /// array of objects; [`Error::CapacityExceeded`] when it nests deeper than a JWKS needs, has
    /// more member names open at once than [`crate::MAX_OPEN_MEMBERS`], or has more usable keys
    /// than `N`.
    ///
    /// # Examples
    /// ```
    /// use jwtv::{KeyRejection, KeySet};
    /// let jwks = br#"{"keys":[
    ///   {"kty":"EC","crv":"P-256","kid":"ec-1","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
    ///   {"kty":"EC","crv":"P-256","kid":"ec-enc","use":"enc","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
    ///   {"kty":"EC","crv":"secp256k1","kid":"ec-k1","x":"AA","y":"AA"}
    /// ]}"#;
    /// let mut skipped = Vec::new();
    /// let (keys, report) = KeySet::<4>::from_jwks_with(jwks, |key| {
    ///     skipped.push((key.index, key.kid.map(|kid| kid.to_string()), key.reason));
    /// })?;
    /// assert_eq!(keys.len(), 1);
    /// assert_eq!(
    ///     skipped,
    ///     [
    ///         (1, Some("ec-enc".to_string()), KeyRejection::NotForVerification),
    ///         (2, Some("ec-k1".to_string()), KeyRejection::Unsupported),
    ///     ]
    /// );
    /// assert_eq!((report.loaded(), report.skipped()), (1, 2));
    /// assert_eq!(report.skipped_for(KeyRejection::Unsupported), 1);
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub fn from_jwks_with(
        jwks: &[u8],
        on_skip: impl FnMut(SkippedKey<'_>),
    ) -> Result<(Self, LoadReport), Error> {
        let mut set = KeySet::new();
        let report = set.load_jwks_with(jwks, on_skip)?;
        Ok((set, report))
    }

    /// Adds the usable keys of a JWKS document to this set, in place: the same rules as
    /// [`KeySet::from_jwks_with`], without a second set on the stack (a set of RSA-4096 keys
    /// is tens of KiB, more than a small task's stack). A document of secrets (an OIDC client
    /// secret) is added the same way after the issuer's keys; each document is judged on its
    /// own (a public set never yields a secret, a `kid` is shared within one document).
    ///
    /// # Errors
    /// As [`KeySet::from_jwks_with`]; [`Error::CapacityExceeded`] also when the keys already
    /// in the set and the document's together exceed `N` or the storage. On an error the set
    /// is unchanged.
    ///
    /// # Examples
    /// ```
    /// use jwtv::{Error, KeySet};
    /// let mut keys = KeySet::<2>::new();
    /// let report = keys.load_jwks_with(br#"{"keys":[
    ///   {"kty":"EC","crv":"P-256","kid":"ec-1","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}
    /// ]}"#, |_| {})?;
    /// assert_eq!((keys.len(), report.loaded()), (1, 1));
    /// let secret = br#"{"keys":[{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}]}"#;
    /// keys.load_jwks_with(secret, |_| {})?;
    /// assert_eq!(keys.len(), 2);
    /// // A third key does not fit: the set is as it was.
    /// assert_eq!(keys.load_jwks_with(secret, |_| {}).err(), Some(Error::CapacityExceeded));
    /// assert_eq!(keys.len(), 2);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn load_jwks_with(
        &mut self,
        jwks: &[u8],
        on_skip: impl FnMut(SkippedKey<'_>),
    ) -> Result<LoadReport, Error> {
        self.lend(|set| set.load_jwks_with(jwks, on_skip))
    }

    /// Empties the set, in place.
    pub fn clear(&mut self) {
        (self.len, self.used) = (0, 0);
    }
}

impl<'s, 'k> KeySetIn<'s, 'k> {
    /// An empty key set of up to `slots.len()` keys, their `kid`s and material in `store`.
    /// What the storage held before is ignored.
    pub fn new(slots: &'s mut [KeySlot<'k>], store: &'s mut [u8]) -> Self {
        KeySetIn {
            slots,
            store,
            len: 0,
            used: 0,
        }
    }

    /// Adds a key, as [`KeySet::push`] does.
    ///
    /// # Errors
    /// [`Error::CapacityExceeded`] when every slot is taken or the store lacks the room (the
    /// set is then unchanged).
    pub fn push(&mut self, key: Key<'_>) -> Result<(), Error> {
        if self.len >= self.slots.len() {
            return Err(Error::CapacityExceeded);
        }
        let used = self.used;
        let result = self.store_key(key);
        if result.is_err() {
            self.used = used;
        }
        result
    }

    /// Adds a key without copying it: the set keeps `key` itself, whose `kid` and material
    /// (constant data in flash, say) must live for `'k`. It takes a slot and no byte of the
    /// store. A key is always whole (its constructors check it, precomputed constants included):
    /// borrow an RSA key with its `R² mod n` ([`Key::rsa_precomputed`]), or every verification
    /// computes it again.
    ///
    /// # Errors
    /// [`Error::CapacityExceeded`] when every slot is taken.
    ///
    /// # Examples
    /// ```
    /// use jwtv::{Key, KeySetIn, KeySlot};
    /// static SECRET: [u8; 32] = [7; 32];
    /// let mut slots = [KeySlot::EMPTY; 2];
    /// let mut keys = KeySetIn::new(&mut slots, &mut []);
    /// let key = Key::oct(&SECRET).and_then(|key| key.with_kid("hs")).expect("a valid key");
    /// keys.push_borrowed(key)?;
    /// assert_eq!((keys.len(), keys.bytes_used()), (1, 0));
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub fn push_borrowed(&mut self, key: Key<'k>) -> Result<(), Error> {
        let slot = self
            .slots
            .get_mut(self.len)
            .ok_or(Error::CapacityExceeded)?;
        *slot = KeySlot(Slot::Borrowed(key));
        self.len = self.len.saturating_add(1);
        Ok(())
    }

    fn store_key(&mut self, key: Key<'_>) -> Result<(), Error> {
        let kid = match key.kid() {
            Some(kid) => Some(self.append(kid.as_bytes())?),
            None => None,
        };
        let material = self.append(key.material())?;
        let precomputed = key
            .rsa_r2()
            .or(key.hmac_sha256_pads().map(|p| p.as_slice()));
        let r2 = match (key.kind(), precomputed) {
            (KeyKind::Rsa | KeyKind::Oct, Some(bytes)) => Some(self.append(bytes)?),
            #[cfg(feature = "rsa")]
            (KeyKind::Rsa, None) => {
                let span = self.reserve(key.material().len())?;
                let (n, out) = self.material_and(material, span)?;
                crate::crypto::rsa::r_squared(n, out).ok_or(Error::CapacityExceeded)?;
                Some(span)
            }
            #[cfg(feature = "hmac")]
            (KeyKind::Oct, None) => {
                let span = self.reserve(super::precomputed::HMAC_SHA256_PADS_LEN)?;
                let (secret, out) = self.material_and(material, span)?;
                let out: &mut [u8; super::precomputed::HMAC_SHA256_PADS_LEN] =
                    out.try_into().map_err(|_| Error::CapacityExceeded)?;
                *out = crate::crypto::hmac::sha256_pads(secret);
                Some(span)
            }
            _ => None,
        };
        let slot = self
            .slots
            .get_mut(self.len)
            .ok_or(Error::CapacityExceeded)?;
        *slot = KeySlot(Slot::Stored(Entry {
            kind: key.kind(),
            alg: key.alg(),
            e: key.rsa_exponent(),
            shared_kid: key.has_shared_kid(),
            kid,
            material,
            r2,
        }));
        self.len = self.len.saturating_add(1);
        Ok(())
    }

    /// Reserves `len` bytes of the store.
    fn reserve(&mut self, len: usize) -> Result<Span, Error> {
        let end = self.used.checked_add(len).ok_or(Error::CapacityExceeded)?;
        if end > self.store.len() {
            return Err(Error::CapacityExceeded);
        }
        let span = Span {
            start: u32::try_from(self.used).map_err(|_| Error::CapacityExceeded)?,
            len: u32::try_from(len).map_err(|_| Error::CapacityExceeded)?,
        };
        self.used = end;
        Ok(span)
    }

    /// Copies `bytes` into the store.
    fn append(&mut self, bytes: &[u8]) -> Result<Span, Error> {
        let span = self.reserve(bytes.len())?;
        span.range()
            .and_then(|range| self.store.get_mut(range))
            .ok_or(Error::CapacityExceeded)?
            .copy_from_slice(bytes);
        Ok(span)
    }

    /// The bytes of `read` and, mutably, of the later span `write`.
    #[cfg(any(feature = "rsa", feature = "hmac"))]
    fn material_and(&mut self, read: Span, write: Span) -> Result<(&[u8], &mut [u8]), Error> {
        let (read, write) = read
            .range()
            .zip(write.range())
            .ok_or(Error::CapacityExceeded)?;
        let (before, after) = self
            .store
            .split_at_mut_checked(write.start)
            .ok_or(Error::CapacityExceeded)?;
        let read = before.get(read).ok_or(Error::CapacityExceeded)?;
        let write = after
            .get_mut(..write.len())
            .ok_or(Error::CapacityExceeded)?;
        Ok((read, write))
    }

    /// The keys, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = Key<'_>> + Clone {
        keys_of(self.slots, self.len, self.store)
    }

    /// The key at `index`.
    pub fn get(&self, index: usize) -> Option<Key<'_>> {
        self.iter().nth(index)
    }

    /// How many keys the set holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the set holds no key.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The most keys the set holds: its slots.
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// Bytes of the store the keys use.
    pub fn bytes_used(&self) -> usize {
        self.used
    }

    /// Adds the usable keys of a JWKS document, in place, by the rules of
    /// [`KeySet::load_jwks_with`].
    ///
    /// # Errors
    /// As [`KeySet::load_jwks_with`]. On an error the set is unchanged.
    pub fn load_jwks_with(
        &mut self,
        jwks: &[u8],
        on_skip: impl FnMut(SkippedKey<'_>),
    ) -> Result<LoadReport, Error> {
        let doc = json::parse_object(jwks, JWKS_MAX_DEPTH)
            .map_err(|e| e.to_error(Error::MalformedJwks))?;
        let Some(keys) = doc.get("keys") else {
            return Err(Error::MalformedJwks);
        };
        let (len, used) = (self.len, self.used);
        let result = self.append_keys(keys, on_skip);
        if result.is_err() {
            (self.len, self.used) = (len, used);
        }
        result
    }

    /// Empties the set, in place.
    pub fn clear(&mut self) {
        (self.len, self.used) = (0, 0);
    }

    /// Replaces the set's keys, in place, with the usable keys of a JWKS's `keys` value (already
    /// parsed, wherever it sits: a JWKS document or a signed key set's claims), by the rules of
    /// [`KeySet::from_jwks_with`]. Loading in place keeps a large set off the stack. On an error
    /// the set is left empty.
    pub(crate) fn load_keys(
        &mut self,
        keys: Value<'_>,
        on_skip: impl FnMut(SkippedKey<'_>),
    ) -> Result<LoadReport, Error> {
        self.clear();
        let result = self.append_keys(keys, on_skip);
        if result.is_err() {
            self.clear();
        }
        result
    }

    /// Appends the usable keys of a JWKS's `keys` value by the rules of
    /// [`KeySet::from_jwks_with`]. On an error, the keys appended so far stay: the callers
    /// restore the set.
    fn append_keys(
        &mut self,
        keys: Value<'_>,
        mut on_skip: impl FnMut(SkippedKey<'_>),
    ) -> Result<LoadReport, Error> {
        let Value::Array(entries) = keys else {
            return Err(Error::MalformedJwks);
        };
        let mut publishes_public_keys = false;
        for entry in entries.iter() {
            let Value::Object(object) = entry else {
                return Err(Error::MalformedJwks);
            };
            publishes_public_keys |= jwk::is_public_key(object);
        }
        let mut report = LoadReport::default();
        for (index, entry) in entries.iter().enumerate() {
            let Value::Object(object) = entry else {
                return Err(Error::MalformedJwks);
            };
            let mut scratch = jwk::Scratch::new();
            let loaded = if publishes_public_keys && jwk::is_secret(object) {
                Err(KeyRejection::SecretInPublicSet)
            } else {
                jwk::parse(object, &mut scratch)
            };
            match loaded {
                Ok(key) => {
                    self.push(key.with_shared_kid(kid_is_shared(entries, index)))?;
                    report.loaded = report.loaded.saturating_add(1);
                }
                Err(reason) => {
                    if let Some(n) = report.skipped.get_mut(reason.index()) {
                        *n = n.saturating_add(1);
                    }
                    let kid = jwk::kid(object);
                    on_skip(SkippedKey { index, kid, reason });
                }
            }
        }
        Ok(report)
    }
}

/// The first `len` keys of `slots`, their parts in `store`.
fn keys_of<'a>(
    slots: &'a [KeySlot<'_>],
    len: usize,
    store: &'a [u8],
) -> impl Iterator<Item = Key<'a>> + Clone {
    slots
        .iter()
        .take(len)
        .filter_map(move |slot| match &slot.0 {
            Slot::Stored(entry) => key(store, entry),
            Slot::Borrowed(key) => Some(*key),
        })
}

fn key<'a>(store: &'a [u8], entry: &Entry) -> Option<Key<'a>> {
    let bytes = |span: Span| store.get(span.range()?);
    let kid = match entry.kid {
        Some(span) => Some(core::str::from_utf8(bytes(span)?).ok()?),
        None => None,
    };
    let material = bytes(entry.material)?;
    let material = match entry.kind {
        KeyKind::Rsa => Material::Rsa {
            n: material,
            e: entry.e,
            r2: match entry.r2 {
                Some(span) => Some(bytes(span)?),
                None => None,
            },
        },
        KeyKind::EcP256 => Material::EcP256(material.try_into().ok()?),
        KeyKind::EcP384 => Material::EcP384(material.try_into().ok()?),
        KeyKind::EcP521 => Material::EcP521(material.try_into().ok()?),
        KeyKind::Ed25519 => Material::Ed25519(material.try_into().ok()?),
        KeyKind::Oct => Material::Oct {
            secret: material,
            pads: match entry.r2 {
                Some(span) => Some(bytes(span)?.try_into().ok()?),
                None => None,
            },
        },
    };
    Some(Key::from_parts(material, kid, entry.alg, entry.shared_kid))
}

impl Keys for KeySetIn<'_, '_> {
    fn keys(&self) -> impl Iterator<Item = Key<'_>> + Clone {
        self.iter()
    }
}

impl core::fmt::Debug for KeySetIn<'_, '_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<const N: usize, const BYTES: usize> Default for KeySet<N, BYTES> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize, const BYTES: usize> Clone for KeySet<N, BYTES> {
    fn clone(&self) -> Self {
        KeySet {
            slots: self.slots,
            store: self.store,
            len: self.len,
            used: self.used,
        }
    }
}

impl<const N: usize, const BYTES: usize> core::fmt::Debug for KeySet<N, BYTES> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Whether a signing key other than entry `index` carries entry `index`'s `kid`.
fn kid_is_shared(entries: Array<'_>, index: usize) -> bool {
    let Some(Value::Object(own)) = entries.iter().nth(index) else {
        return false;
    };
    let Some(kid) = jwk::kid(own) else {
        return false;
    };
    entries.iter().enumerate().any(|(i, entry)| {
        i != index
            && matches!(entry, Value::Object(other)
                if jwk::is_for_signing(other) && jwk::kid(other).is_some_and(|k| k == kid))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str =
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";

    #[test]
    fn loading_reports_skips_by_reason() {
        let doc = format!(
            r#"{{"keys":[{{"kty":"oct","kid":"a","k":"{SECRET}"}},{{"kty":"oct","kid":"b","use":"enc","k":"{SECRET}"}},{{"kty":"oct","kid":"c","alg":"ES256K","k":"{SECRET}"}},{{"kty":"oct","k":"c2hvcnQ"}}],"extra":1}}"#
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
        // The count is the keys kept: two, or none.
        let two = format!(
            r#"{{"keys":[{{"kty":"oct","kid":"a","k":"{SECRET}"}},{{"kty":"oct","kid":"b","k":"{SECRET}"}}]}}"#
        );
        let (_, report) = KeySet::<2>::from_jwks(two.as_bytes()).unwrap();
        assert_eq!((report.loaded(), report.skipped()), (2, 0));
        assert_eq!(report.skipped_for(KeyRejection::Weak), 0);
        let (_, report) =
            KeySet::<2>::from_jwks(br#"{"keys":[{"kty":"oct","k":"c2hvcnQ"}]}"#).unwrap();
        assert_eq!((report.loaded(), report.skipped()), (0, 1));
        let weak = br#"{"keys":[{"kty":"oct","k":"c2hvcnQ"},{"kty":"oct","k":"AA"}]}"#;
        let (_, report) = KeySet::<2>::from_jwks(weak).unwrap();
        assert_eq!(report.skipped_for(KeyRejection::Weak), 2);
    }

    #[test]
    fn a_set_keeps_the_precomputed_values_it_is_given() {
        // n = 2^2048 - 159: R² mod n = 159² (Key::rsa_precomputed's example).
        let mut n = [0xFFu8; 256];
        n[255] = 0x61;
        let mut r2 = [0u8; 256];
        r2[254] = 0x62;
        r2[255] = 0xC1;
        let secret = [0x42u8; 32];
        let mut set = KeySet::<2, 608>::new();
        set.push(Key::rsa_precomputed(&n, 65537, &r2).unwrap())
            .unwrap();
        let pads = {
            let mut computed = KeySet::<1, 96>::new();
            computed.push(Key::oct(&secret).unwrap()).unwrap();
            *computed.get(0).unwrap().hmac_sha256_pads().unwrap()
        };
        set.push(Key::oct_precomputed(&secret, &pads).unwrap())
            .unwrap();
        // Stored as given: the modulus and R², the secret and its pads, to the last byte.
        assert_eq!(set.bytes_used(), 256 + 256 + 32 + 64);
        assert_eq!(set.get(0).unwrap().rsa_r2(), Some(&r2[..]));
        assert_eq!(set.get(1).unwrap().hmac_sha256_pads(), Some(&pads));
    }

    #[test]
    fn a_set_fills_its_store_to_the_last_byte() {
        let secret = [0x42u8; 32];
        // The secret and its SHA-256 pads: 96 bytes, exactly the store.
        let mut exact = KeySet::<1, 96>::new();
        assert_eq!(exact.push(Key::oct(&secret).unwrap()), Ok(()));
        assert_eq!(exact.bytes_used(), 96);
        let mut short = KeySet::<1, 95>::new();
        assert_eq!(
            short.push(Key::oct(&secret).unwrap()),
            Err(Error::CapacityExceeded)
        );
        assert_eq!((short.len(), short.bytes_used()), (0, 0));
    }

    #[test]
    fn a_clone_holds_the_same_keys_and_debug_lists_them() {
        let mut set = KeySet::<2, 256>::new();
        set.push(Key::oct(&[0x42; 32]).unwrap().with_kid("a").unwrap())
            .unwrap();
        set.push(Key::oct(&[0x43; 40]).unwrap().with_kid("b").unwrap())
            .unwrap();
        let copy = set.clone();
        assert_eq!((copy.len(), copy.bytes_used()), (2, set.bytes_used()));
        let kids: std::vec::Vec<_> = copy.iter().map(|key| key.kid()).collect();
        assert_eq!(kids, [Some("a"), Some("b")]);
        let shown = std::format!("{set:?}");
        assert!(
            shown.starts_with('[') && shown.matches("Key {").count() == 2,
            "{shown}"
        );
        assert!(
            shown.contains("\"a\"") && shown.contains("\"b\""),
            "{shown}"
        );
    }

    #[test]
    fn a_set_in_lent_storage_loads_as_a_fixed_set_does() {
        let doc = format!(
            r#"{{"keys":[{{"kty":"oct","kid":"a","k":"{SECRET}"}},{{"kty":"oct","kid":"b","k":"{SECRET}"}}]}}"#
        );
        let (fixed, fixed_report) = KeySet::<2, 320>::from_jwks(doc.as_bytes()).unwrap();
        let mut slots = [KeySlot::EMPTY; 2];
        let mut store = [0u8; 320];
        let mut lent = KeySetIn::new(&mut slots, &mut store);
        let report = lent.load_jwks_with(doc.as_bytes(), |_| {}).unwrap();
        assert_eq!(report, fixed_report);
        assert_eq!((lent.len(), lent.capacity()), (2, 2));
        assert_eq!(lent.bytes_used(), fixed.bytes_used());
        assert!(
            lent.iter()
                .zip(fixed.iter())
                .all(|(a, b)| (a.kid(), a.material()) == (b.kid(), b.material()))
        );
        // Full: a third key is refused by the slots, and a failed load leaves the set as it was.
        assert_eq!(
            lent.push(Key::oct(&[1; 32]).unwrap()),
            Err(Error::CapacityExceeded)
        );
        let mut slots = [KeySlot::EMPTY; 3];
        let mut store = [0u8; 200];
        let mut short = KeySetIn::new(&mut slots, &mut store);
        short.push(Key::oct(&[1; 32]).unwrap()).unwrap();
        let used = short.bytes_used();
        assert_eq!(
            short.load_jwks_with(doc.as_bytes(), |_| {}),
            Err(Error::CapacityExceeded)
        );
        assert_eq!((short.len(), short.bytes_used()), (1, used));
        short.clear();
        assert!(short.is_empty() && short.get(0).is_none());
    }

    #[test]
    fn a_set_in_lent_storage_reads_back_its_keys_and_lists_them() {
        let mut slots = [KeySlot::EMPTY; 2];
        let mut store = [0u8; 200];
        let mut lent = KeySetIn::new(&mut slots, &mut store);
        lent.push(Key::oct(&[0x42; 32]).unwrap().with_kid("a").unwrap())
            .unwrap();
        static BORROWED: [u8; 40] = [0x43; 40];
        lent.push_borrowed(Key::oct(&BORROWED).unwrap().with_kid("b").unwrap())
            .unwrap();
        assert_eq!(lent.get(0).and_then(|key| key.kid()), Some("a"));
        assert_eq!(lent.get(1).map(|key| key.material()), Some(&BORROWED[..]));
        assert!(lent.get(2).is_none());
        let shown = std::format!("{lent:?}");
        assert!(
            shown.starts_with('[') && shown.matches("Key {").count() == 2,
            "{shown}"
        );
        // A fixed set empties in place, as a lent one does.
        let mut fixed = KeySet::<2, 256>::new();
        fixed.push(Key::oct(&[0x42; 32]).unwrap()).unwrap();
        fixed.clear();
        assert_eq!((fixed.len(), fixed.bytes_used()), (0, 0));
        assert!(fixed.is_empty() && fixed.get(0).is_none());
    }

    const EC: &str = r#""kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0""#;

    fn reasons(doc: &str) -> (usize, std::vec::Vec<KeyRejection>) {
        let mut seen = std::vec::Vec::new();
        let (set, _) =
            KeySet::<4>::from_jwks_with(doc.as_bytes(), |s| seen.push(s.reason)).unwrap();
        (set.len(), seen)
    }

    #[test]
    fn a_published_set_never_yields_a_secret() {
        // Public keys beside a secret: the secret is skipped, whatever kty the public key has
        // (even one this build cannot use).
        for public in [
            format!("{{{EC}}}"),
            r#"{"kty":"OKP","crv":"Ed25519","x":"AAAA"}"#.into(),
            r#"{"kty":"RSA"}"#.into(),
        ] {
            let doc = format!(r#"{{"keys":[{{"kty":"oct","k":"{SECRET}"}},{public}]}}"#);
            let (_, seen) = reasons(&doc);
            assert_eq!(seen[0], KeyRejection::SecretInPublicSet, "{doc}");
        }
        // A document of secrets alone loads them.
        let doc = format!(
            r#"{{"keys":[{{"kty":"oct","kid":"1","k":"{SECRET}"}},{{"kty":"oct","kid":"2","k":"{SECRET}"}}]}}"#
        );
        assert_eq!(reasons(&doc), (2, vec![]));
    }

    #[test]
    fn private_members_are_refused() {
        for private in ["d", "p", "q", "dp", "dq", "qi", "oth", "\\u0064"] {
            let doc = format!(r#"{{"keys":[{{{EC},"{private}":"AAAA"}}]}}"#);
            assert_eq!(
                reasons(&doc),
                (0, vec![KeyRejection::PrivateKey]),
                "{private}"
            );
        }
        let doc = r#"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"AAAA","d":"AAAA"}]}"#;
        assert_eq!(reasons(doc), (0, vec![KeyRejection::PrivateKey]));
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
}
