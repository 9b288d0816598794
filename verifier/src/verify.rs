//! The data path, top to bottom: token → segments → header → key → signature → claims →
//! verified result.

use crate::base64url;
use crate::claims::Claims;
#[cfg(doc)]
use crate::claims_deserializer::ClaimsErrorKind;
use crate::claims_deserializer::{self, ClaimsError};
use crate::crypto;
use crate::error::Error;
use crate::header::{self, Header};
use crate::json;
use crate::jws;
use crate::keys::key_set::Keys;
use crate::keys::selection;
use crate::policy::{Policy, Profile};
use crate::rejection::Rejection;
use crate::validate;

/// Working memory for one verification: the decoded header, payload and signature.
///
/// `N` is the longest token accepted, in bytes; a longer token is refused with
/// [`Error::CapacityExceeded`] before any work is done. The decoded segments always fit, since
/// base64url decodes to at most three quarters of its length. The buffer is `N` bytes and
/// nothing else; keep it in a `static` or on the stack of the task that verifies.
///
/// # Sizing
///
/// Size it for the longest token your issuer sends, with room for claims you do not control
/// (profile claims, group lists). Token lengths seen from real providers:
///
/// | token | bytes |
/// | --- | ---: |
/// | HS256 token of the conformance corpus (median) | 258 |
/// | RS256 token of the conformance corpus (median; Auth0, Google, Cognito shapes) | 564 |
/// | RS256 ID token with profile claims, from a certified OpenID Provider | 1,045 |
/// | PS512 ID token, RSA-4096 (the signature alone is 683 characters), same provider | 1,442 |
/// | Microsoft Entra token with `groups` (at most 200 ids of ~50 characters each before Entra switches to an overage claim) | several KiB, up to ~12 KiB |
///
/// `TokenBuffer<2048>` fits OpenID Connect ID tokens from the usual providers; Entra tokens
/// carrying groups need 4–16 KiB (or configure Entra to emit fewer groups). A 1,024-byte buffer
/// refused 18 of 61 tokens from a certified provider in one trial: err on the large side, the
/// cost is RAM only.
///
/// # Examples
/// ```
/// use jwtv::TokenBuffer;
/// // In a `static` (no stack cost), or on the stack for one call.
/// static mut BUFFER: TokenBuffer<2048> = TokenBuffer::new();
/// let mut on_stack = TokenBuffer::<2048>::new();
/// # let _ = &mut on_stack;
/// ```
#[derive(Clone, Debug)]
pub struct TokenBuffer<const N: usize> {
    bytes: [u8; N],
}

impl<const N: usize> TokenBuffer<N> {
    /// A zeroed buffer (usable in a `static`).
    pub const fn new() -> Self {
        TokenBuffer { bytes: [0; N] }
    }
}

impl<const N: usize> TokenBuffer<N> {
    /// The whole buffer, for a reader that decodes one segment into it.
    pub(crate) fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }
}

impl<const N: usize> Default for TokenBuffer<N> {
    fn default() -> Self {
        Self::new()
    }
}

/// A token whose signature verified and whose claims satisfied the policy.
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
/// assert_eq!(verified.header().alg(), Algorithm::HS256);
/// assert!(verified.claims().and_then(|c| c.sub()).is_some_and(|sub| sub == "door-3"));
/// assert!(verified.payload().starts_with(br#"{"iss":"https://op.example""#));
/// // Under `Policy::jws` the payload is not read as claims.
/// const JWS: Policy<'static> = Policy::jws(&[Algorithm::HS256]);
/// let mut buffer = TokenBuffer::<1024>::new();
/// let signed_only = verify(TOKEN, &keys, &JWS, 0, &mut buffer)?;
/// assert!(signed_only.claims().is_none());
/// assert_eq!(signed_only.payload(), verified.payload());
/// # Ok::<(), jwtv::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Verified<'b> {
    header: Header<'b>,
    claims: Option<Claims<'b>>,
    payload: &'b [u8],
    max_depth: usize,
}

impl<'b> Verified<'b> {
    /// The protected header.
    pub fn header(&self) -> &Header<'b> {
        &self.header
    }

    /// The registered claims; `None` under [`Profile::Jws`], where the payload is not read.
    pub fn claims(&self) -> Option<&Claims<'b>> {
        self.claims.as_ref()
    }

    /// The decoded payload bytes.
    pub fn payload(&self) -> &'b [u8] {
        self.payload
    }

    /// Reads the payload into the application's own claim type (any `serde::Deserialize`),
    /// borrowing strings from the token.
    ///
    /// The payload is always one the strict reader accepted (under [`Profile::Jws`] it is read
    /// now, with the policy's nesting budget): no duplicate names, valid escapes, bounded
    /// nesting. So a failure here never means hostile input; it means the payload does not fit
    /// `T`, and [`ClaimsError::field`] says which member.
    ///
    /// Strings without escapes are borrowed (`&'b str` fields). An escaped string
    /// (`"https:\/\/op"` from PHP encoders, `"st\u0061ff"`) has no borrowable form: owned
    /// fields (`heapless::String`, enums, numbers) still read it, decoded on the stack; a
    /// `&str` field fails with [`ClaimsErrorKind::EscapedStringNeedsScratch`]. Use
    /// [`Verified::deserialize_claims_escaped`] to read those into `&str` too.
    ///
    /// # Errors
    /// [`ClaimsError`] naming the member that does not fit; it converts into
    /// [`Error::MalformedClaims`] for `?` in functions that return [`Error`].
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
    /// #[derive(serde::Deserialize)]
    /// struct Door<'a> {
    ///     sub: &'a str,
    ///     door: u8,
    ///     roles: heapless::Vec<heapless::String<16>, 4>,
    /// }
    /// let door: Door<'_> = verified.deserialize_claims()?;
    /// assert_eq!((door.sub, door.door), ("door-3", 3));
    /// assert!(door.roles.iter().any(|role| role == "admin"));
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub fn deserialize_claims<T: serde::Deserialize<'b>>(&self) -> Result<T, ClaimsError<'b>> {
        self.deserialize_claims_escaped(&mut [])
    }

    /// Like [`Verified::deserialize_claims`], decoding escaped strings into `scratch` (front to
    /// back) and borrowing them from there, so `&str` fields read any string. A string that no
    /// longer fits `scratch` is treated as by [`Verified::deserialize_claims`].
    ///
    /// # Errors
    /// As [`Verified::deserialize_claims`].
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
    /// #[derive(serde::Deserialize)]
    /// struct Site<'a> {
    ///     website: &'a str,
    /// }
    /// let mut scratch = [0u8; 256];
    /// // "website":"https:\/\/example.com" reads as "https://example.com".
    /// let site: Site<'_> = verified.deserialize_claims_escaped(&mut scratch)?;
    /// assert_eq!(site.website, "https://example.com");
    /// // Without scratch space, a `&str` field cannot hold an escaped string.
    /// assert!(verified.deserialize_claims::<Site<'_>>().is_err());
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub fn deserialize_claims_escaped<'s, T: serde::Deserialize<'s>>(
        &self,
        scratch: &'s mut [u8],
    ) -> Result<T, ClaimsError<'s>>
    where
        'b: 's,
    {
        let object = match &self.claims {
            Some(claims) => claims.object(),
            None => json::parse_object(self.payload, self.max_depth)
                .map_err(|e| ClaimsError::unreadable(e.to_error(Error::MalformedClaims)))?,
        };
        claims_deserializer::deserialize(object, scratch)
    }
}

/// Verifies a compact JWS token against `keys` and `policy` at time `now` (Unix seconds).
///
/// Steps, in order; the first failure is the verdict:
/// 1. length ≤ `N` ([`Error::CapacityExceeded`]); three segments of canonical base64url, the
///    payload non-empty except under [`Profile::Jws`] ([`Error::MalformedToken`]);
/// 2. header JSON (at most [`crate::MAX_HEADER_LEN`] bytes) and `alg` (see [`Error::MalformedHeader`], [`Error::UnsupportedCriticalHeader`],
///    [`Error::AlgorithmNotAllowed`], [`Error::UnsupportedAlgorithm`]), then the policy's
///    allow-list ([`Error::AlgorithmNotAllowed`]);
/// 3. key selection ([`Error::KeyNotFound`], [`Error::AmbiguousKey`]);
/// 4. the signature ([`Error::InvalidSignature`]);
/// 5. only then the claims: JSON and types ([`Error::MalformedClaims`]), then the policy's rules
///    in the order documented for the profile (see the crate docs' "What is checked, in order"); under
///    [`Profile::Jws`] no claim is read and only a `typ` the policy names is checked.
///
/// # Budgets
///
/// Nothing is allocated: the memory is `buffer` ([`TokenBuffer`], sized by you), the key set
/// (a `static` of [`crate::Key`]s costs no RAM; a [`crate::KeySet`] is its capacity) and the
/// stack of this call. The peak stack of one call, its instructions and the flash of each
/// feature set on a Cortex-M4 are measured by the repository's `jwtv bench --target qemu-m4`
/// and tabled in its `docs/performance.md` (CI fails when that page and a fresh measurement
/// disagree).
///
/// Give the verifying task at least 13 KiB of stack when it may verify ES512, 9 KiB for ES384,
/// 8 KiB for EdDSA (a key of that kind in the set and the algorithm allowed), 6 KiB with
/// RSA-4096 enabled, 4 KiB otherwise (the measured peaks with a margin). EdDSA, ES384 and
/// ES512 each add as much flash as a default family or more (ES512 more than the three
/// together); the size features take flash away (see the crate's feature list).
///
/// # Errors
/// The [`Error`] for the first rule the token breaks.
///
/// # Examples
/// ```
/// use jwtv::{verify, Algorithm, Error, KeySet, Policy, TokenBuffer};
///
/// // RFC 7515 Appendix A.1 (HS256); its `exp` is in 2011.
/// let token = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
/// let (keys, _) = KeySet::<2>::from_jwks(br#"{"keys":[{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}]}"#)?;
/// const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "joe", "").waive_audience();
/// let mut buf = TokenBuffer::<1024>::new();
///
/// let verified = verify(token, &keys, &POLICY, 1_300_819_379, &mut buf)?;
/// assert_eq!(verified.claims().and_then(|c| c.iss()).unwrap(), "joe");
///
/// let mut buf = TokenBuffer::<1024>::new();
/// assert_eq!(verify(token, &keys, &POLICY, 1_700_000_000, &mut buf).err(), Some(Error::Expired));
/// # Ok::<(), Error>(())
/// ```
pub fn verify<'b, const N: usize, K: Keys + ?Sized>(
    token: &[u8],
    keys: &K,
    policy: &Policy<'_>,
    now: u64,
    buffer: &'b mut TokenBuffer<N>,
) -> Result<Verified<'b>, Error> {
    run(token, keys, policy, now, &mut buffer.bytes, &mut ())
}

/// Like [`verify`], decoding into a byte slice sized at run time instead of a [`TokenBuffer`]
/// (storage a C caller or an allocator-free pool hands out): a token longer than `buffer` is
/// [`Error::CapacityExceeded`].
///
/// # Errors
/// As [`verify`].
///
/// # Examples
/// ```
/// use jwtv::{verify_in, Algorithm, Error, Key, Policy};
/// // RFC 7515 Appendix A.1 (HS256).
/// let token = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
/// let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
/// let keys = [Key::oct(&secret)?];
/// const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "joe", "").waive_audience();
/// let mut storage = [0u8; 512];
/// // Room for the token's length is enough; a byte less is refused.
/// let exact = &mut storage[..token.len()];
/// assert!(verify_in(token, &keys, &POLICY, 1_300_819_379, exact).is_ok());
/// let short = &mut storage[..token.len() - 1];
/// assert_eq!(verify_in(token, &keys, &POLICY, 1_300_819_379, short).err(), Some(Error::CapacityExceeded));
/// # Ok::<(), jwtv::KeyRejection>(())
/// ```
pub fn verify_in<'b, K: Keys + ?Sized>(
    token: &[u8],
    keys: &K,
    policy: &Policy<'_>,
    now: u64,
    buffer: &'b mut [u8],
) -> Result<Verified<'b>, Error> {
    run(token, keys, policy, now, buffer, &mut ())
}

/// Like [`verify`], and a refusal comes with the values that explain it: which `kid` and `alg`
/// found no key, which claim is missing, what `iss`, `aud`, `azp`, `nonce` or `typ` the token
/// had against what the policy expected, which time bound failed and by how much. Nothing is
/// allocated: the detail borrows from `buffer` and `policy`, whose strings must therefore live
/// as long as the buffer's borrow (a `const` policy always does). [`Rejection`] converts into
/// [`Error`] for `?`.
///
/// # Errors
/// As [`verify`], as a [`Rejection`].
///
/// # Examples
/// ```
/// use jwtv::{verify_explained, Algorithm, Detail, Error, Key, Policy, TokenBuffer};
///
/// // RFC 7515 Appendix A.1 (HS256): issuer "joe", `exp` 1300819380.
/// let token = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
/// let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
/// let keys = [Key::oct(&secret)?];
/// const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "bob", "").waive_audience();
/// let mut buffer = TokenBuffer::<1024>::new();
/// let rejection = verify_explained(token, &keys, &POLICY, 1_300_819_000, &mut buffer).unwrap_err();
/// assert_eq!(rejection.error(), Error::IssuerMismatch);
/// assert!(matches!(rejection.detail(), Detail::Mismatch { name: "iss", expected: Some("bob"), .. }));
/// assert_eq!(
///     rejection.to_string(),
///     r#"issuer_mismatch: the issuer (iss) is not the expected one (iss "joe", expected "bob")"#
/// );
/// # Ok::<(), jwtv::KeyRejection>(())
/// ```
pub fn verify_explained<'b, const N: usize, K: Keys + ?Sized>(
    token: &[u8],
    keys: &K,
    policy: &Policy<'b>,
    now: u64,
    buffer: &'b mut TokenBuffer<N>,
) -> Result<Verified<'b>, Rejection<'b>> {
    let mut seen = Seen {
        header: None,
        claims: None,
    };
    run(token, keys, policy, now, &mut buffer.bytes, &mut seen).map_err(|error| {
        let rejection = Rejection::explain(
            error,
            seen.header.as_ref(),
            seen.claims.as_ref(),
            policy,
            now,
        );
        match (error, seen.header.as_ref()) {
            (Error::KeyNotFound, Some(header)) => match selection::short_secret(keys, header) {
                Some(detail) => rejection.with_detail(detail),
                None => rejection,
            },
            _ => rejection,
        }
    })
}

/// What [`run`] reports as it reads: nothing for [`verify`] (compiled away), the header and
/// claims for [`verify_explained`], to explain a refusal.
trait Trace<'b> {
    fn header(&mut self, header: &Header<'b>);
    fn claims(&mut self, claims: &Claims<'b>);
}

impl Trace<'_> for () {
    fn header(&mut self, _: &Header<'_>) {}
    fn claims(&mut self, _: &Claims<'_>) {}
}

/// The header and claims read before verification stopped.
struct Seen<'b> {
    header: Option<Header<'b>>,
    claims: Option<Claims<'b>>,
}

impl<'b> Trace<'b> for Seen<'b> {
    fn header(&mut self, header: &Header<'b>) {
        self.header = Some(*header);
    }
    fn claims(&mut self, claims: &Claims<'b>) {
        self.claims = Some(*claims);
    }
}

/// The steps of [`verify`], top to bottom.
fn run<'b, K: Keys + ?Sized>(
    token: &[u8],
    keys: &K,
    policy: &Policy<'_>,
    now: u64,
    buffer: &'b mut [u8],
    trace: &mut impl Trace<'b>,
) -> Result<Verified<'b>, Error> {
    let capacity = buffer.len();
    if token.len() > capacity {
        return Err(Error::CapacityExceeded);
    }
    let segments = jws::split(token)?;
    // RFC 7515 allows an empty payload; a JWT is a JSON object (RFC 7519 §7.2 step 10).
    if segments.payload.is_empty() && policy.profile() != Profile::Jws {
        return Err(Error::MalformedToken);
    }

    let header_room = decoded_capacity(segments.header.len()).min(capacity);
    let (header_buf, rest) = buffer.split_at_mut(header_room);
    let (payload_buf, signature_buf) =
        rest.split_at_mut(decoded_capacity(segments.payload.len()).min(rest.len()));
    let header_json = base64url::decode(segments.header, header_buf, Error::MalformedToken)?;
    let payload = base64url::decode(segments.payload, payload_buf, Error::MalformedToken)?;
    let signature = base64url::decode(segments.signature, signature_buf, Error::MalformedToken)?;

    let header = header::parse(header_json, policy.max_depth())?;
    trace.header(&header);
    if !policy.allows(header.alg()) {
        return Err(Error::AlgorithmNotAllowed);
    }

    check_signature(keys, &header, policy, segments.signing_input, signature)?;

    let max_depth = policy.max_depth();
    if policy.profile() == Profile::Jws {
        validate::check_typ(&header, policy)?;
        return Ok(Verified {
            header,
            claims: None,
            payload,
            max_depth,
        });
    }
    let claims = Claims::parse(payload, max_depth)?;
    trace.claims(&claims);
    validate::validate(&header, &claims, policy, now)?;
    Ok(Verified {
        header,
        claims: Some(claims),
        payload,
        max_depth,
    })
}

/// Room for a segment of `encoded_len` characters, rounded up to whole quanta.
fn decoded_capacity(encoded_len: usize) -> usize {
    (encoded_len / 4).saturating_add(1).saturating_mul(3)
}

fn check_signature<K: Keys + ?Sized>(
    keys: &K,
    header: &Header<'_>,
    policy: &Policy<'_>,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    match selection::select(keys, header) {
        Ok(key) => crypto::verify_signature(header.alg(), &key, signing_input, signature),
        Err(Error::AmbiguousKey) if policy.tries_all_keys() && header.kid().is_none() => {
            // OIDC RP test rp-id_token-kid-absent-multiple-jwks allows trying each key. A `kid`
            // that names several keys stays ambiguous: it may name one that failed to load.
            let mut fitting = selection::candidates(keys, header);
            if fitting.any(|key| {
                crypto::verify_signature(header.alg(), &key, signing_input, signature).is_ok()
            }) {
                Ok(())
            } else {
                Err(Error::InvalidSignature)
            }
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::Algorithm;

    /// Every prefix of a token, through buffers from 1 byte up: a capacity error or a verdict,
    /// never a panic (the decode buffers are carved out of the one buffer).
    #[test]
    fn tiny_buffers_never_panic() {
        const TOKEN: &[u8] =
            b"eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2ln";
        let policy = Policy::jws(&[Algorithm::HS256]);
        macro_rules! with_capacity {
            ($($n:literal)*) => {$(
                for end in 0..=TOKEN.len() {
                    let token = TOKEN.get(..end).unwrap_or_default();
                    let mut buffer = TokenBuffer::<$n>::new();
                    let verdict = verify(token, &[], &policy, 0, &mut buffer).map(|_| ());
                    if end > $n {
                        assert_eq!(verdict, Err(Error::CapacityExceeded), "N={} len={end}", $n);
                    } else {
                        assert!(verdict.is_err(), "N={} len={end}", $n);
                    }
                }
            )*};
        }
        with_capacity!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 16 24 32 64 128);
    }
}
