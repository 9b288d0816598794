//! The verifier's C interface: `jwtv_*` functions over caller-provided storage.
//!
//! Every object lives in memory the C program owns (a `static`, a task's stack, a pool): no
//! allocation, no global state, so separate objects may be used from separate threads. Every
//! pointer and length that comes from C is checked before use (null, size, alignment, overlap
//! with the object being written) and a failed check is [`jwtv_status::JWTV_INVALID_ARGUMENT`],
//! never a crash. The header `include/jwt_verifier.h` is generated from this file by cbindgen
//! (`capi/cbindgen.toml`); the README has the C guide.
#![no_std]

// The host library links std for its panic handler (never called: see the README's panic
// sites); a bare-metal image gets the one below.
#[cfg(not(target_os = "none"))]
extern crate std;

use core::ffi::c_char;
use core::mem::{MaybeUninit, align_of, size_of};
use core::ptr;

use verifier::{
    Algorithm, Error, IdTokenSource, Key, KeyRejection, KeySet, Policy, TokenBuffer, Verified,
};

/// A panic cannot happen (no path from the C entry points reaches one: see the README); were
/// one reached on a bare-metal target, the library stops here rather than return a wrong
/// verdict.
#[cfg(all(target_os = "none", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {
        core::hint::spin_loop();
    }
}

/// The most keys a [`jwtv_keyset`] holds.
pub const JWTV_MAX_KEYS: usize = 16;
/// Bytes of key material a [`jwtv_keyset`] holds: sixteen RSA-4096 keys with their Montgomery
/// constants and `kid`s (the conformance corpus's key sets).
pub const JWTV_KEY_MATERIAL_BYTES: usize = 18432;
/// The longest token [`jwtv_verify`] accepts, in bytes; a longer one is
/// `JWTV_CAPACITY_EXCEEDED`.
pub const JWTV_MAX_TOKEN_LEN: usize = 8192;
/// The most entries of a list in [`jwtv_policy`] (additional audiences, required claims,
/// required scopes).
pub const JWTV_MAX_LIST: usize = 16;
/// The longest string [`jwtv_policy`] or a claim name may hold, in bytes, before its NUL: a
/// string without a NUL in its first `JWTV_MAX_STRING_LEN + 1` bytes is
/// `JWTV_INVALID_ARGUMENT`, so an unterminated string is never read without bound.
pub const JWTV_MAX_STRING_LEN: usize = 8192;

/// Bytes of a [`jwtv_keyset`] (`sizeof(jwtv_keyset)`), for storage declared as bytes.
pub const JWTV_KEYSET_SIZE: usize = 19608;
/// Alignment a [`jwtv_keyset`]'s storage needs.
pub const JWTV_KEYSET_ALIGN: usize = 8;
/// Bytes of a [`jwtv_token_buffer`] (`sizeof(jwtv_token_buffer)`).
pub const JWTV_TOKEN_BUFFER_SIZE: usize = 8584;
/// Alignment a [`jwtv_token_buffer`]'s storage needs.
pub const JWTV_TOKEN_BUFFER_ALIGN: usize = 8;

type Keys = KeySet<JWTV_MAX_KEYS, JWTV_KEY_MATERIAL_BYTES>;

/// What a key set's storage holds.
#[repr(C)]
struct KeySetSlot {
    /// [`KEYSET_MAGIC`] once [`jwtv_keyset_init`] has run on this storage.
    magic: u32,
    keys: Keys,
}

/// What a token buffer's storage holds.
///
/// The verified token points into `buffer`, so the claim readers must never trust storage
/// they cannot prove `jwtv_verify` filled, in place, during the buffer's current use (since
/// its last [`jwtv_token_buffer_init`]): stale memory (a stack frame reused at the same
/// address), a copy, or a partly overwritten buffer. The slot's state words carry the address
/// they were written at and a check value over them, the payload's place and, once verified,
/// every decoded byte; each reader recomputes it. The check is a fast non-cryptographic mix,
/// not a MAC: it stops accidents (a 64-bit value cannot match by chance), not a deliberate
/// forger, who can write any byte of the caller's memory anyway.
#[repr(C)]
struct TokenSlot {
    /// [`TOKEN_EMPTY`] or [`TOKEN_VERIFIED`].
    state: u32,
    /// Verifications started in this buffer since its initialisation (wrapping).
    uses: u32,
    /// The slot's address when the state was written.
    at: usize,
    /// The verified payload's address and length, as `jwtv_verify` saw them; 0 when empty.
    payload_at: usize,
    payload_len: usize,
    /// [`slot_check`] of the words above (and the decoded bytes when verified).
    check: u64,
    verified: MaybeUninit<Verified<'static>>,
    buffer: TokenBuffer<JWTV_MAX_TOKEN_LEN>,
}

const KEYSET_MAGIC: u32 = 0x6a77_6b73;
/// A token buffer initialised, or whose last verification did not succeed.
const TOKEN_EMPTY: u32 = 0x6a77_6265;
/// A token buffer holding the token its last verification accepted.
const TOKEN_VERIFIED: u32 = 0x6a77_7674;

/// Storage for a key set: up to `JWTV_MAX_KEYS` keys in `JWTV_KEY_MATERIAL_BYTES` of material.
///
/// An opaque, aligned byte array: declare one (`static jwtv_keyset keys;`), or give
/// [`jwtv_keyset_init`] bytes aligned to `JWTV_KEYSET_ALIGN`. Read-only after loading: one
/// key set may serve several threads' verifications at once.
#[allow(non_camel_case_types)]
#[repr(C, align(8))]
pub struct jwtv_keyset {
    opaque: [u8; JWTV_KEYSET_SIZE],
}

/// Storage for one verification: the decoded token and, after `JWTV_OK`, the verified token
/// whose claims the `jwtv_claim_*` functions read.
///
/// An opaque, aligned byte array; [`jwtv_token_buffer_init`] begins its use (each time, for
/// one on a stack). The claims point into it: keep it in place (do not copy it elsewhere and
/// read the copy, which is refused) until they have been read; verifying another token into
/// it replaces them, and a verification that fails leaves none.
#[allow(non_camel_case_types)]
#[repr(C, align(8))]
pub struct jwtv_token_buffer {
    opaque: [u8; JWTV_TOKEN_BUFFER_SIZE],
}

const _: () = {
    assert!(size_of::<KeySetSlot>() <= JWTV_KEYSET_SIZE);
    assert!(align_of::<KeySetSlot>() <= JWTV_KEYSET_ALIGN);
    assert!(size_of::<jwtv_keyset>() == JWTV_KEYSET_SIZE);
    assert!(align_of::<jwtv_keyset>() == JWTV_KEYSET_ALIGN);
    assert!(size_of::<TokenSlot>() <= JWTV_TOKEN_BUFFER_SIZE);
    assert!(align_of::<TokenSlot>() <= JWTV_TOKEN_BUFFER_ALIGN);
    assert!(size_of::<jwtv_token_buffer>() == JWTV_TOKEN_BUFFER_SIZE);
    assert!(align_of::<jwtv_token_buffer>() == JWTV_TOKEN_BUFFER_ALIGN);
};

/// Every result of the C interface. `JWTV_OK` is 0; 1 to 35 are the verifier's rejections,
/// named and numbered as `verifier::Error::ALL` (their strings, [`jwtv_error_string`], are
/// `verifier::Error::code()`); from 100 on, what only a C caller can get wrong.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum jwtv_status {
    /// Success.
    JWTV_OK = 0,
    /// Not a compact JWS with three canonical base64url segments.
    JWTV_MALFORMED_TOKEN = 1,
    /// The protected header is not an acceptable JSON object.
    JWTV_MALFORMED_HEADER = 2,
    /// The claims are not an acceptable JSON object or a registered claim is mistyped.
    JWTV_MALFORMED_CLAIMS = 3,
    /// The key set is not a JWKS document.
    JWTV_MALFORMED_JWKS = 4,
    /// A capacity was exceeded (token length, keys, key material, nesting, header size).
    JWTV_CAPACITY_EXCEEDED = 5,
    /// The header `alg` is not implemented by this build.
    JWTV_UNSUPPORTED_ALGORITHM = 6,
    /// The header `alg` is not allowed by the policy.
    JWTV_ALGORITHM_NOT_ALLOWED = 7,
    /// The header lists critical extensions, none of which are supported.
    JWTV_UNSUPPORTED_CRITICAL_HEADER = 8,
    /// No key of the set matches the header.
    JWTV_KEY_NOT_FOUND = 9,
    /// Several keys match the header, or its `kid` names several keys.
    JWTV_AMBIGUOUS_KEY = 10,
    /// The signature does not verify.
    JWTV_INVALID_SIGNATURE = 11,
    /// The token has expired (`exp`).
    JWTV_EXPIRED = 12,
    /// The token is not valid yet (`nbf`).
    JWTV_NOT_YET_VALID = 13,
    /// The token was issued in the future (`iat`).
    JWTV_ISSUED_IN_FUTURE = 14,
    /// The token was issued too long ago (`iat`, the policy's maximum token age).
    JWTV_TOKEN_TOO_OLD = 15,
    /// The authentication is too old (`auth_time`, `max_age`).
    JWTV_AUTH_TOO_OLD = 16,
    /// A claim the profile or the policy requires is absent.
    JWTV_MISSING_CLAIM = 17,
    /// A claim the profile prohibits is present.
    JWTV_PROHIBITED_CLAIM = 18,
    /// `events` does not hold the back-channel logout event as an object.
    JWTV_INVALID_LOGOUT_EVENT = 19,
    /// The issuer (`iss`) is not the expected one.
    JWTV_ISSUER_MISMATCH = 20,
    /// The audience (`aud`) does not match.
    JWTV_AUDIENCE_MISMATCH = 21,
    /// The authorized party (`azp`) is not the client.
    JWTV_AUTHORIZED_PARTY_MISMATCH = 22,
    /// The nonce is absent or differs.
    JWTV_NONCE_MISMATCH = 23,
    /// `at_hash` is absent or does not match the access token.
    JWTV_AT_HASH_MISMATCH = 24,
    /// `c_hash` is absent or does not match the authorization code.
    JWTV_C_HASH_MISMATCH = 25,
    /// The token type (`typ`) does not fit the profile.
    JWTV_TYPE_MISMATCH = 26,
    /// A required scope is missing.
    JWTV_INSUFFICIENT_SCOPE = 27,
    /// The subject (`sub`) is not the expected one (key-set updates).
    JWTV_SUBJECT_MISMATCH = 28,
    /// A key-set update is not newer than the installed set (`iat`): a replay or a rollback.
    JWTV_KEY_SET_ROLLBACK = 29,
    /// A key-set update would install no usable key.
    JWTV_KEY_SET_EMPTY = 30,
    /// A key-set update holds a secret (`kty` `oct`).
    JWTV_KEY_SET_SECRET = 31,
    /// A key-set update holds private key members.
    JWTV_KEY_SET_PRIVATE_KEY = 32,
    /// A key-set update holds the trust-anchor key that signed it.
    JWTV_KEY_SET_HOLDS_TRUST_ANCHOR = 33,
    /// A stored key set fails its checksum or layout.
    JWTV_STORED_KEY_SET_CORRUPT = 34,
    /// A stored key set has a format version this build does not read.
    JWTV_STORED_KEY_SET_VERSION = 35,
    /// A pointer is null where a value is required, misaligned, or overlaps the object being
    /// written; a size is smaller than the object; a string is not UTF-8 or has no NUL within
    /// `JWTV_MAX_STRING_LEN`; a list is longer than `JWTV_MAX_LIST`; a policy value is out of
    /// range (profile, algorithm bits, source); the object was not initialised, or was moved,
    /// copied or overwritten since.
    JWTV_INVALID_ARGUMENT = 100,
    /// The output buffer cannot hold the value and its NUL (or was not given: the size query);
    /// the length it needs is reported.
    JWTV_BUFFER_TOO_SMALL = 101,
    /// The token buffer holds no verified token: no verification into it succeeded since
    /// `jwtv_token_buffer_init`, or the last one did not.
    JWTV_NOT_VERIFIED = 102,
    /// The token was verified under the `jws` profile: its payload was not read as claims.
    JWTV_NO_CLAIMS = 103,
    /// The claim (or array element) is absent.
    JWTV_CLAIM_ABSENT = 104,
    /// The claim (or array element) is present with another JSON type than asked for.
    JWTV_CLAIM_TYPE_MISMATCH = 105,
    /// A raw key is too weak to trust (RSA under 2048 bits, HMAC secret shorter than 32 bytes).
    JWTV_KEY_WEAK = 110,
    /// A raw key is larger than this build stores (RSA over 4096 bits, a long `kid`).
    JWTV_KEY_TOO_LARGE = 111,
    /// A raw key is broken (even modulus, `e` not odd and > 1, an `alg` of another key type).
    JWTV_KEY_INVALID = 112,
    /// A raw key's type or algorithm is not implemented by this build.
    JWTV_KEY_UNSUPPORTED = 113,
}

impl From<Error> for jwtv_status {
    fn from(e: Error) -> Self {
        use jwtv_status::*;
        match e {
            Error::MalformedToken => JWTV_MALFORMED_TOKEN,
            Error::MalformedHeader => JWTV_MALFORMED_HEADER,
            Error::MalformedClaims => JWTV_MALFORMED_CLAIMS,
            Error::MalformedJwks => JWTV_MALFORMED_JWKS,
            Error::CapacityExceeded => JWTV_CAPACITY_EXCEEDED,
            Error::UnsupportedAlgorithm => JWTV_UNSUPPORTED_ALGORITHM,
            Error::AlgorithmNotAllowed => JWTV_ALGORITHM_NOT_ALLOWED,
            Error::UnsupportedCriticalHeader => JWTV_UNSUPPORTED_CRITICAL_HEADER,
            Error::KeyNotFound => JWTV_KEY_NOT_FOUND,
            Error::AmbiguousKey => JWTV_AMBIGUOUS_KEY,
            Error::InvalidSignature => JWTV_INVALID_SIGNATURE,
            Error::Expired => JWTV_EXPIRED,
            Error::NotYetValid => JWTV_NOT_YET_VALID,
            Error::IssuedInFuture => JWTV_ISSUED_IN_FUTURE,
            Error::TokenTooOld => JWTV_TOKEN_TOO_OLD,
            Error::AuthTooOld => JWTV_AUTH_TOO_OLD,
            Error::MissingClaim => JWTV_MISSING_CLAIM,
            Error::ProhibitedClaim => JWTV_PROHIBITED_CLAIM,
            Error::InvalidLogoutEvent => JWTV_INVALID_LOGOUT_EVENT,
            Error::IssuerMismatch => JWTV_ISSUER_MISMATCH,
            Error::AudienceMismatch => JWTV_AUDIENCE_MISMATCH,
            Error::AuthorizedPartyMismatch => JWTV_AUTHORIZED_PARTY_MISMATCH,
            Error::NonceMismatch => JWTV_NONCE_MISMATCH,
            Error::AtHashMismatch => JWTV_AT_HASH_MISMATCH,
            Error::CHashMismatch => JWTV_C_HASH_MISMATCH,
            Error::TypeMismatch => JWTV_TYPE_MISMATCH,
            Error::InsufficientScope => JWTV_INSUFFICIENT_SCOPE,
            Error::SubjectMismatch => JWTV_SUBJECT_MISMATCH,
            Error::KeySetRollback => JWTV_KEY_SET_ROLLBACK,
            Error::KeySetEmpty => JWTV_KEY_SET_EMPTY,
            Error::KeySetSecret => JWTV_KEY_SET_SECRET,
            Error::KeySetPrivateKey => JWTV_KEY_SET_PRIVATE_KEY,
            Error::KeySetHoldsTrustAnchor => JWTV_KEY_SET_HOLDS_TRUST_ANCHOR,
            Error::StoredKeySetCorrupt => JWTV_STORED_KEY_SET_CORRUPT,
            Error::StoredKeySetVersion => JWTV_STORED_KEY_SET_VERSION,
            // `Error` is non_exhaustive: a rejection added later is still a rejection.
            _ => JWTV_INVALID_SIGNATURE,
        }
    }
}

impl From<KeyRejection> for jwtv_status {
    fn from(r: KeyRejection) -> Self {
        match r {
            KeyRejection::Weak => jwtv_status::JWTV_KEY_WEAK,
            KeyRejection::TooLarge => jwtv_status::JWTV_KEY_TOO_LARGE,
            KeyRejection::Unsupported => jwtv_status::JWTV_KEY_UNSUPPORTED,
            _ => jwtv_status::JWTV_KEY_INVALID,
        }
    }
}

type Status = jwtv_status;
use jwtv_status::{
    JWTV_BUFFER_TOO_SMALL, JWTV_CLAIM_ABSENT, JWTV_CLAIM_TYPE_MISMATCH, JWTV_INVALID_ARGUMENT,
    JWTV_NO_CLAIMS, JWTV_NOT_VERIFIED, JWTV_OK,
};

fn status(result: Result<(), Status>) -> Status {
    match result {
        Ok(()) => JWTV_OK,
        Err(s) => s,
    }
}

/// The string of a result code, NUL-terminated and static: `"ok"`, the verifier's
/// `Error::code()` (`"expired"`, `"invalid_signature"`, …) for 1 to 35, and the lowercase name
/// without `JWTV_` for the others (`"invalid_argument"`); `"unknown"` for any other number.
#[unsafe(no_mangle)]
pub extern "C" fn jwtv_error_string(code: i32) -> *const c_char {
    code_string(code).as_ptr()
}

fn code_string(code: i32) -> &'static core::ffi::CStr {
    match code {
        0 => c"ok",
        1 => c"malformed_token",
        2 => c"malformed_header",
        3 => c"malformed_claims",
        4 => c"malformed_jwks",
        5 => c"capacity_exceeded",
        6 => c"unsupported_algorithm",
        7 => c"algorithm_not_allowed",
        8 => c"unsupported_critical_header",
        9 => c"key_not_found",
        10 => c"ambiguous_key",
        11 => c"invalid_signature",
        12 => c"expired",
        13 => c"not_yet_valid",
        14 => c"issued_in_future",
        15 => c"token_too_old",
        16 => c"auth_too_old",
        17 => c"missing_claim",
        18 => c"prohibited_claim",
        19 => c"invalid_logout_event",
        20 => c"issuer_mismatch",
        21 => c"audience_mismatch",
        22 => c"authorized_party_mismatch",
        23 => c"nonce_mismatch",
        24 => c"at_hash_mismatch",
        25 => c"c_hash_mismatch",
        26 => c"type_mismatch",
        27 => c"insufficient_scope",
        28 => c"subject_mismatch",
        29 => c"key_set_rollback",
        30 => c"key_set_empty",
        31 => c"key_set_secret",
        32 => c"key_set_private_key",
        33 => c"key_set_holds_trust_anchor",
        34 => c"stored_key_set_corrupt",
        35 => c"stored_key_set_version",
        100 => c"invalid_argument",
        101 => c"buffer_too_small",
        102 => c"not_verified",
        103 => c"no_claims",
        104 => c"claim_absent",
        105 => c"claim_type_mismatch",
        110 => c"key_weak",
        111 => c"key_too_large",
        112 => c"key_invalid",
        113 => c"key_unsupported",
        _ => c"unknown",
    }
}

// Algorithm bits of `jwtv_policy.algorithms` and of a raw key's `alg`, in the order of
// `verifier::Algorithm::ALL`.
/// `HS256`.
pub const JWTV_ALG_HS256: u32 = 1 << 0;
/// `HS384`.
pub const JWTV_ALG_HS384: u32 = 1 << 1;
/// `HS512`.
pub const JWTV_ALG_HS512: u32 = 1 << 2;
/// `RS256`.
pub const JWTV_ALG_RS256: u32 = 1 << 3;
/// `RS384`.
pub const JWTV_ALG_RS384: u32 = 1 << 4;
/// `RS512`.
pub const JWTV_ALG_RS512: u32 = 1 << 5;
/// `PS256`.
pub const JWTV_ALG_PS256: u32 = 1 << 6;
/// `PS384`.
pub const JWTV_ALG_PS384: u32 = 1 << 7;
/// `PS512`.
pub const JWTV_ALG_PS512: u32 = 1 << 8;
/// `ES256`.
pub const JWTV_ALG_ES256: u32 = 1 << 9;
/// `ES384` (implemented with the `es384` feature).
pub const JWTV_ALG_ES384: u32 = 1 << 10;
/// `ES512` (implemented with the `es512` feature).
pub const JWTV_ALG_ES512: u32 = 1 << 11;
/// `EdDSA` with Ed25519 (implemented with the `eddsa` feature).
pub const JWTV_ALG_EDDSA: u32 = 1 << 12;
/// `Ed25519`, RFC 9864's fully-specified name for EdDSA with Ed25519 (implemented with the
/// `eddsa` feature). A key restricted to it does not verify `EdDSA` tokens, nor the reverse.
pub const JWTV_ALG_ED25519: u32 = 1 << 13;
/// Every algorithm bit.
pub const JWTV_ALG_ALL: u32 = (1 << 14) - 1;

/// Profile: signature only (RFC 7515); no claim is read.
pub const JWTV_PROFILE_JWS: u32 = 1;
/// Profile: a JWT (RFC 7519, RFC 8725); `issuer` / `audience` NULL waives that check.
pub const JWTV_PROFILE_JWT: u32 = 2;
/// Profile: an OpenID Connect ID token; `issuer` and `audience` (the client id) required.
pub const JWTV_PROFILE_ID_TOKEN: u32 = 3;
/// Profile: an OAuth 2.0 JWT access token (RFC 9068); `issuer` and `audience` required.
pub const JWTV_PROFILE_ACCESS_TOKEN: u32 = 4;
/// Profile: an OpenID Connect back-channel logout token; `issuer` and `audience` required.
pub const JWTV_PROFILE_LOGOUT_TOKEN: u32 = 5;

/// ID token source: none given; `access_token` and `code`, when set, are always checked
/// (`at_hash` / `c_hash` required).
pub const JWTV_SOURCE_NONE: u32 = 0;
/// ID token source: the token endpoint (code flow); `at_hash` checked against `access_token`
/// when both are present.
pub const JWTV_SOURCE_TOKEN_ENDPOINT: u32 = 1;
/// ID token source: the implicit flow; `nonce` must be set (the nonce sent: the token's must
/// equal it, else `JWTV_INVALID_ARGUMENT`), `at_hash` required with `access_token`.
pub const JWTV_SOURCE_IMPLICIT: u32 = 2;
/// ID token source: the hybrid flow; `c_hash` (against `code`) required, `at_hash` required with
/// `access_token`; `code` and `nonce` (the nonce sent) must be set, else `JWTV_INVALID_ARGUMENT`.
pub const JWTV_SOURCE_HYBRID: u32 = 3;

/// What a token must satisfy: the verifier's `Policy`, field by field. Zero-initialise it and
/// set what you need: every other field then has the verifier's default (no leeway, no
/// `max_age`, no required claims, ...). Strings are NUL-terminated UTF-8; NULL means unset.
/// The policy is only read, during [`jwtv_verify`]; nothing keeps it afterwards.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct jwtv_policy {
    /// `JWTV_PROFILE_*` (0 is not a profile: a zeroed policy is refused).
    pub profile: u32,
    /// The allowed algorithms: `JWTV_ALG_*` bits (none allowed: every token is
    /// `JWTV_ALGORITHM_NOT_ALLOWED`).
    pub algorithms: u32,
    /// Expected `iss`. Required but for `JWTV_PROFILE_JWT` (NULL: any issuer) and
    /// `JWTV_PROFILE_JWS` (ignored).
    pub issuer: *const c_char,
    /// Expected audience (the client id of an ID or logout token, the resource of an access
    /// token). Required but for `JWTV_PROFILE_JWT` (NULL: any audience) and `JWTV_PROFILE_JWS`.
    pub audience: *const c_char,
    /// Further audiences trusted beside `audience`: `additional_audiences_len` strings.
    pub additional_audiences: *const *const c_char,
    /// Entries of `additional_audiences` (at most `JWTV_MAX_LIST`).
    pub additional_audiences_len: usize,
    /// Clock skew tolerated for `exp`, `nbf`, `iat`, in seconds.
    pub leeway: u64,
    /// The nonce sent in the authentication request; `nonce` must equal it.
    pub nonce: *const c_char,
    /// Whether `max_age` is checked.
    pub check_max_age: bool,
    /// OIDC `max_age` in seconds: `auth_time` required and no older.
    pub max_age: u64,
    /// Whether `max_token_age` is checked.
    pub check_max_token_age: bool,
    /// The oldest `iat` accepted, in seconds before now.
    pub max_token_age: u64,
    /// The access token received with the ID token (`at_hash`).
    pub access_token: *const c_char,
    /// The authorization code received with the ID token (`c_hash`).
    pub code: *const c_char,
    /// Where the ID token came from: `JWTV_SOURCE_*`.
    pub id_token_source: u32,
    /// Header `typ` required (compared as a media type); NULL: the profile's rule.
    pub typ: *const c_char,
    /// Claims that must be present: `required_claims_len` names.
    pub required_claims: *const *const c_char,
    /// Entries of `required_claims` (at most `JWTV_MAX_LIST`).
    pub required_claims_len: usize,
    /// Scopes `scope` must list: `required_scopes_len` strings.
    pub required_scopes: *const *const c_char,
    /// Entries of `required_scopes` (at most `JWTV_MAX_LIST`).
    pub required_scopes_len: usize,
    /// Try every fitting key when a token names no `kid` and several keys fit.
    pub try_all_keys: bool,
    /// JSON nesting budget of header and claims; 0: the verifier's default (16). Over the
    /// verifier's ceiling (32), every token is `JWTV_CAPACITY_EXCEEDED`.
    pub max_depth: u32,
}

/// An address range `[start, end)` of C memory, for the overlap checks.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    fn of<T>(p: *const T, len: usize) -> Span {
        let start = p as usize;
        Span {
            start,
            end: start.saturating_add(len),
        }
    }

    fn object<T>(p: *const T) -> Span {
        Span::of(p, size_of::<T>())
    }

    /// An optional output: nothing for NULL.
    fn output<T>(p: *const T) -> Span {
        if p.is_null() {
            Span { start: 0, end: 0 }
        } else {
            Span::object(p)
        }
    }

    fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Checks that `what` does not overlap `written`.
fn apart(what: Span, written: Span) -> Result<(), Status> {
    if what.overlaps(written) {
        Err(JWTV_INVALID_ARGUMENT)
    } else {
        Ok(())
    }
}

/// Checks that no output overlaps an input or another output: every output pointer of an entry
/// point goes through here before anything is written.
fn outputs_apart(outputs: &[Span], inputs: &[Span]) -> Result<(), Status> {
    for (i, output) in outputs.iter().enumerate() {
        for input in inputs {
            apart(*output, *input)?;
        }
        for other in outputs.iter().skip(i.saturating_add(1)) {
            apart(*output, *other)?;
        }
    }
    Ok(())
}

/// `len` bytes at `p`; NULL is accepted for an empty range.
///
/// # Safety
/// A non-null `p` must be valid for reads of `len` bytes for `'a`.
unsafe fn bytes<'a>(p: *const u8, len: usize) -> Result<&'a [u8], Status> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() || len > isize::MAX as usize || (p as usize).checked_add(len).is_none() {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    // SAFETY: non-null, the range does not wrap and fits isize; validity is the caller's
    // promise.
    Ok(unsafe { core::slice::from_raw_parts(p, len) })
}

/// A NUL-terminated UTF-8 string at `p`, at most `JWTV_MAX_STRING_LEN` bytes; `None` for NULL.
///
/// # Safety
/// A non-null `p` must point to a NUL-terminated string, or to at least
/// `JWTV_MAX_STRING_LEN + 1` readable bytes, valid for `'a`.
unsafe fn c_str<'a>(p: *const c_char) -> Result<Option<&'a str>, Status> {
    if p.is_null() {
        return Ok(None);
    }
    let p = p.cast::<u8>();
    let mut len = 0usize;
    loop {
        // SAFETY: bytes before the NUL are readable (the caller's promise); the loop stops at
        // the NUL or after JWTV_MAX_STRING_LEN bytes.
        if unsafe { p.add(len).read() } == 0 {
            break;
        }
        len = len.checked_add(1).ok_or(JWTV_INVALID_ARGUMENT)?;
        if len > JWTV_MAX_STRING_LEN {
            return Err(JWTV_INVALID_ARGUMENT);
        }
    }
    // SAFETY: the `len` bytes before the NUL were just read.
    let bytes = unsafe { bytes(p, len) }?;
    core::str::from_utf8(bytes)
        .map(Some)
        .map_err(|_| JWTV_INVALID_ARGUMENT)
}

/// A required string: NULL is `JWTV_INVALID_ARGUMENT`; it must not overlap `written`.
///
/// # Safety
/// As [`c_str`].
unsafe fn required_str<'a>(p: *const c_char, written: Span) -> Result<&'a str, Status> {
    // SAFETY: forwarded.
    let s = unsafe { c_str(p) }?.ok_or(JWTV_INVALID_ARGUMENT)?;
    apart(Span::of(s.as_ptr(), s.len().saturating_add(1)), written)?;
    Ok(s)
}

/// An optional string that must not overlap `written`.
///
/// # Safety
/// As [`c_str`].
unsafe fn optional_str<'a>(p: *const c_char, written: Span) -> Result<Option<&'a str>, Status> {
    // SAFETY: forwarded.
    let s = unsafe { c_str(p) }?;
    if let Some(s) = s {
        apart(Span::of(s.as_ptr(), s.len().saturating_add(1)), written)?;
    }
    Ok(s)
}

/// Reads a C list of `len` strings into `out`; returns how many.
///
/// # Safety
/// A non-null `list` must point to `len` readable pointers, each as [`c_str`] requires.
unsafe fn str_list(
    list: *const *const c_char,
    len: usize,
    written: Span,
    out: &mut [&str; JWTV_MAX_LIST],
) -> Result<usize, Status> {
    if len > JWTV_MAX_LIST {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    if len == 0 {
        return Ok(0);
    }
    if list.is_null() || !list.is_aligned() {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    apart(
        Span::of(list, len.saturating_mul(size_of::<usize>())),
        written,
    )?;
    for (i, slot) in out.iter_mut().take(len).enumerate() {
        // SAFETY: `i < len`, and the list holds `len` pointers (the caller's promise).
        let p = unsafe { list.add(i).read() };
        // SAFETY: each entry is a string as `c_str` requires (the caller's promise).
        *slot = unsafe { required_str(p, written) }?;
    }
    Ok(len)
}

/// The key set at `keyset`, initialised by [`jwtv_keyset_init`].
///
/// # Safety
/// A non-null, aligned `keyset` must point to a `jwtv_keyset` valid for `'a`.
unsafe fn keyset_slot<'a>(keyset: *const jwtv_keyset) -> Result<&'a KeySetSlot, Status> {
    let slot = keyset.cast::<KeySetSlot>();
    if slot.is_null() || !slot.is_aligned() {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    // SAFETY: non-null, aligned, the size of a jwtv_keyset (checked at compile time); the magic
    // number is a plain u32 at its start.
    let slot = unsafe { &*slot };
    if slot.magic == KEYSET_MAGIC {
        Ok(slot)
    } else {
        Err(JWTV_INVALID_ARGUMENT)
    }
}

/// The key set at `keyset`, mutable.
///
/// # Safety
/// As [`keyset_slot`], with no other reference to it alive.
unsafe fn keyset_slot_mut<'a>(keyset: *mut jwtv_keyset) -> Result<&'a mut Keys, Status> {
    // SAFETY: forwarded; checks the pointer and the magic number.
    unsafe { keyset_slot(keyset) }?;
    // SAFETY: checked above; exclusive per the caller's promise.
    Ok(unsafe { &mut (*keyset.cast::<KeySetSlot>()).keys })
}

/// Makes `keyset` an empty key set.
///
/// `size` is the storage's size, `sizeof(jwtv_keyset)` (`JWTV_KEYSET_SIZE`) or more; the
/// storage must be aligned to `JWTV_KEYSET_ALIGN`.
///
/// # Errors
/// `JWTV_INVALID_ARGUMENT` for a null or misaligned `keyset`, or a `size` under
/// `JWTV_KEYSET_SIZE`.
///
/// # Safety
/// `keyset` must point to `size` writable bytes that no other thread uses meanwhile.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_init(keyset: *mut jwtv_keyset, size: usize) -> jwtv_status {
    let slot = keyset.cast::<KeySetSlot>();
    if slot.is_null() || !slot.is_aligned() || size < JWTV_KEYSET_SIZE {
        return JWTV_INVALID_ARGUMENT;
    }
    // SAFETY: non-null, aligned, large enough (checked); writable per the caller's promise.
    // The fields are written in place (a whole KeySetSlot value would be built on the stack
    // first: 19 KiB).
    unsafe {
        ptr::addr_of_mut!((*slot).keys).write(KeySet::new());
        ptr::addr_of_mut!((*slot).magic).write(KEYSET_MAGIC);
    }
    JWTV_OK
}

/// Adds the usable keys of a JWKS document (RFC 7517), as an issuer publishes it, to
/// `keyset`. Keys the verifier cannot use (encryption keys, unsupported curves, weak keys)
/// are skipped and counted; a document of secrets (an OIDC client secret) is added the same
/// way. `loaded` and `skipped` (each may be NULL) receive the counts.
///
/// # Errors
/// `JWTV_MALFORMED_JWKS` when the document is not a JWKS; `JWTV_CAPACITY_EXCEEDED` when its
/// usable keys do not fit beside those already in the set (the set is then unchanged);
/// `JWTV_INVALID_ARGUMENT` for bad pointers.
///
/// # Safety
/// `keyset` as for [`jwtv_keyset_init`], initialised; `jwks` readable for `jwks_len` bytes
/// (NULL with 0 is accepted); `loaded` and `skipped` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_add_jwks(
    keyset: *mut jwtv_keyset,
    jwks: *const u8,
    jwks_len: usize,
    loaded: *mut usize,
    skipped: *mut usize,
) -> jwtv_status {
    status((|| {
        let written = Span::object(keyset);
        // SAFETY: forwarded from the caller.
        let jwks = unsafe { bytes(jwks, jwks_len) }?;
        let document = Span::of(jwks.as_ptr(), jwks.len());
        apart(document, written)?;
        for out in [loaded, skipped] {
            if !out.is_null() && !out.is_aligned() {
                return Err(JWTV_INVALID_ARGUMENT);
            }
        }
        outputs_apart(
            &[Span::output(loaded), Span::output(skipped)],
            &[written, document],
        )?;
        // SAFETY: checked by keyset_slot_mut; the caller promised exclusive use.
        let keys = unsafe { keyset_slot_mut(keyset) }?;
        let report = keys.load_jwks_with(jwks, |_| {})?;
        // SAFETY: non-null outputs are aligned (checked) and writable (the caller's promise).
        unsafe {
            if !loaded.is_null() {
                loaded.write(report.loaded());
            }
            if !skipped.is_null() {
                skipped.write(report.skipped());
            }
        }
        Ok(())
    })())
}

/// The `JWTV_ALG_*` bit of `verifier::Algorithm::ALL[index]`.
fn bit(index: usize) -> Option<u32> {
    1u32.checked_shl(u32::try_from(index).ok()?)
}

/// The algorithm of a raw key's `alg` bit (0: none).
fn key_alg(alg: u32) -> Result<Option<Algorithm>, Status> {
    if alg == 0 {
        return Ok(None);
    }
    if !alg.is_power_of_two() {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    Algorithm::ALL
        .into_iter()
        .enumerate()
        .find(|(i, _)| bit(*i) == Some(alg))
        .map(|(_, a)| Some(a))
        .ok_or(JWTV_INVALID_ARGUMENT)
}

/// Adds `key` (built from `material`) with its `kid` and `alg` to `keyset`.
///
/// # Safety
/// `keyset` as for [`keyset_slot_mut`]; `kid` as for [`c_str`].
unsafe fn add_key<'m>(
    keyset: *mut jwtv_keyset,
    material: &'m [u8],
    kid: *const c_char,
    alg: u32,
    build: impl FnOnce(&'m [u8]) -> Result<Key<'m>, Status>,
) -> jwtv_status {
    status((|| {
        let written = Span::object(keyset);
        apart(Span::of(material.as_ptr(), material.len()), written)?;
        // SAFETY: forwarded from the caller.
        let kid = unsafe { optional_str(kid, written) }?;
        let alg = key_alg(alg)?;
        let mut key = build(material)?;
        if let Some(kid) = kid {
            key = key.with_kid(kid)?;
        }
        if let Some(alg) = alg {
            key = key.with_alg(alg)?;
        }
        // SAFETY: checked by keyset_slot_mut; the caller promised exclusive use.
        let keys = unsafe { keyset_slot_mut(keyset) }?;
        keys.push(key)?;
        Ok(())
    })())
}

/// Adds an RSA public key: the modulus `n` (big-endian, `n_len` bytes, leading zeros allowed)
/// and the public exponent `e`. `kid` (NULL: none) is matched against the token's header;
/// `alg` is one `JWTV_ALG_*` bit the key is restricted to, or 0 for any RSA algorithm.
///
/// # Errors
/// `JWTV_KEY_WEAK` (under 2048 bits), `JWTV_KEY_TOO_LARGE`, `JWTV_KEY_INVALID` (even modulus,
/// `e` not odd and > 1, an `alg` of another key type), `JWTV_CAPACITY_EXCEEDED` (the set is
/// full), `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `keyset` initialised and not used by another thread meanwhile; `n` readable for `n_len`
/// bytes; `kid` NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_add_rsa(
    keyset: *mut jwtv_keyset,
    n: *const u8,
    n_len: usize,
    e: u32,
    kid: *const c_char,
    alg: u32,
) -> jwtv_status {
    // SAFETY: forwarded from the caller.
    match unsafe { bytes(n, n_len) } {
        // SAFETY: forwarded from the caller.
        Ok(n) => unsafe { add_key(keyset, n, kid, alg, |n| Ok(Key::rsa(n, e)?)) },
        Err(s) => s,
    }
}

/// Adds an HMAC secret (`HS256`/`HS384`/`HS512`), `secret_len` bytes; `kid` and `alg` as for
/// [`jwtv_keyset_add_rsa`].
///
/// # Errors
/// `JWTV_KEY_WEAK` (under 32 bytes), `JWTV_KEY_TOO_LARGE`, `JWTV_KEY_INVALID`,
/// `JWTV_CAPACITY_EXCEEDED`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// As [`jwtv_keyset_add_rsa`], `secret` readable for `secret_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_add_hmac(
    keyset: *mut jwtv_keyset,
    secret: *const u8,
    secret_len: usize,
    kid: *const c_char,
    alg: u32,
) -> jwtv_status {
    // SAFETY: forwarded from the caller.
    match unsafe { bytes(secret, secret_len) } {
        // SAFETY: forwarded from the caller.
        Ok(s) => unsafe { add_key(keyset, s, kid, alg, |s| Ok(Key::oct(s)?)) },
        Err(s) => s,
    }
}

/// A fixed-size point from C.
fn point<const N: usize>(material: &[u8]) -> Result<&[u8; N], Status> {
    material.try_into().map_err(|_| JWTV_INVALID_ARGUMENT)
}

/// Adds a P-256 public key (`ES256`): `xy` is `x ‖ y`, 32 bytes each, big-endian
/// (`xy_len` must be 64). The point is checked at each verification: one off the curve never
/// verifies. `kid` and `alg` as for [`jwtv_keyset_add_rsa`].
///
/// # Errors
/// `JWTV_INVALID_ARGUMENT` for another length or bad pointers; `JWTV_KEY_INVALID`,
/// `JWTV_CAPACITY_EXCEEDED`.
///
/// # Safety
/// As [`jwtv_keyset_add_rsa`], `xy` readable for `xy_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_add_ec_p256(
    keyset: *mut jwtv_keyset,
    xy: *const u8,
    xy_len: usize,
    kid: *const c_char,
    alg: u32,
) -> jwtv_status {
    // SAFETY: forwarded from the caller.
    match unsafe { bytes(xy, xy_len) } {
        // SAFETY: forwarded from the caller.
        Ok(xy) => unsafe { add_key(keyset, xy, kid, alg, |xy| Ok(Key::ec_p256(point(xy)?))) },
        Err(s) => s,
    }
}

/// Adds a P-384 public key (`ES384`): `xy` is `x ‖ y`, 48 bytes each (`xy_len` 96). With the
/// `es384` feature.
///
/// # Errors
/// As [`jwtv_keyset_add_ec_p256`].
///
/// # Safety
/// As [`jwtv_keyset_add_ec_p256`].
#[cfg(feature = "es384")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_add_ec_p384(
    keyset: *mut jwtv_keyset,
    xy: *const u8,
    xy_len: usize,
    kid: *const c_char,
    alg: u32,
) -> jwtv_status {
    // SAFETY: forwarded from the caller.
    match unsafe { bytes(xy, xy_len) } {
        // SAFETY: forwarded from the caller.
        Ok(xy) => unsafe { add_key(keyset, xy, kid, alg, |xy| Ok(Key::ec_p384(point(xy)?))) },
        Err(s) => s,
    }
}

/// Adds a P-521 public key (`ES512`): `xy` is `x ‖ y`, 66 bytes each (`xy_len` 132). With the
/// `es512` feature.
///
/// # Errors
/// As [`jwtv_keyset_add_ec_p256`].
///
/// # Safety
/// As [`jwtv_keyset_add_ec_p256`].
#[cfg(feature = "es512")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_add_ec_p521(
    keyset: *mut jwtv_keyset,
    xy: *const u8,
    xy_len: usize,
    kid: *const c_char,
    alg: u32,
) -> jwtv_status {
    // SAFETY: forwarded from the caller.
    match unsafe { bytes(xy, xy_len) } {
        // SAFETY: forwarded from the caller.
        Ok(xy) => unsafe { add_key(keyset, xy, kid, alg, |xy| Ok(Key::ec_p521(point(xy)?))) },
        Err(s) => s,
    }
}

/// Adds an Ed25519 public key (`EdDSA`, `Ed25519`), its 32-byte encoding (`public_len` 32). With the
/// `eddsa` feature.
///
/// # Errors
/// As [`jwtv_keyset_add_ec_p256`].
///
/// # Safety
/// As [`jwtv_keyset_add_ec_p256`], `public_key` readable for `public_len` bytes.
#[cfg(feature = "eddsa")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_add_ed25519(
    keyset: *mut jwtv_keyset,
    public_key: *const u8,
    public_len: usize,
    kid: *const c_char,
    alg: u32,
) -> jwtv_status {
    // SAFETY: forwarded from the caller.
    match unsafe { bytes(public_key, public_len) } {
        // SAFETY: forwarded from the caller.
        Ok(k) => unsafe { add_key(keyset, k, kid, alg, |k| Ok(Key::ed25519(point(k)?))) },
        Err(s) => s,
    }
}

/// How many keys `keyset` holds, into `count`.
///
/// # Errors
/// `JWTV_INVALID_ARGUMENT` for bad pointers (`count` null, misaligned or inside the key set:
/// nothing is written) or an uninitialised set.
///
/// # Safety
/// `keyset` initialised; `count` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_count(
    keyset: *const jwtv_keyset,
    count: *mut usize,
) -> jwtv_status {
    status((|| {
        if count.is_null() || !count.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        apart(Span::object(count), Span::object(keyset))?;
        // SAFETY: checked by keyset_slot.
        let slot = unsafe { keyset_slot(keyset) }?;
        // SAFETY: non-null, aligned, writable per the caller's promise.
        unsafe { count.write(slot.keys.len()) };
        Ok(())
    })())
}

/// The profile of a `JWTV_PROFILE_*` value, with its issuer and audience rules.
fn base_policy<'p>(
    profile: u32,
    algorithms: &'p [Algorithm],
    issuer: Option<&'p str>,
    audience: Option<&'p str>,
) -> Result<Policy<'p>, Status> {
    let both = || issuer.zip(audience).ok_or(JWTV_INVALID_ARGUMENT);
    Ok(match profile {
        JWTV_PROFILE_JWS => Policy::jws(algorithms),
        JWTV_PROFILE_JWT => {
            let mut policy = Policy::jwt(
                algorithms,
                issuer.unwrap_or_default(),
                audience.unwrap_or_default(),
            );
            if issuer.is_none() {
                policy = policy.waive_issuer();
            }
            if audience.is_none() {
                policy = policy.waive_audience();
            }
            policy
        }
        JWTV_PROFILE_ID_TOKEN => {
            let (i, a) = both()?;
            Policy::id_token(algorithms, i, a)
        }
        JWTV_PROFILE_ACCESS_TOKEN => {
            let (i, a) = both()?;
            Policy::access_token(algorithms, i, a)
        }
        JWTV_PROFILE_LOGOUT_TOKEN => {
            let (i, a) = both()?;
            Policy::logout_token(algorithms, i, a)
        }
        _ => return Err(JWTV_INVALID_ARGUMENT),
    })
}

/// The strings and lists a policy borrows, read from C.
struct PolicyStrings<'p> {
    algorithms: [Algorithm; Algorithm::ALL.len()],
    algorithm_count: usize,
    lists: [[&'p str; JWTV_MAX_LIST]; 3],
    counts: [usize; 3],
}

/// Reads `c` into `strings` and builds the policy; nothing it borrows overlaps `written`.
///
/// # Safety
/// Every pointer of `c` as its field's documentation says.
unsafe fn policy<'p>(
    c: &jwtv_policy,
    written: Span,
    strings: &'p mut PolicyStrings<'p>,
) -> Result<Policy<'p>, Status> {
    if c.algorithms & !JWTV_ALG_ALL != 0 {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    let mut n = 0usize;
    for (i, alg) in Algorithm::ALL.into_iter().enumerate() {
        if c.algorithms & bit(i).unwrap_or(0) != 0 {
            let slot = strings.algorithms.get_mut(n).ok_or(JWTV_INVALID_ARGUMENT)?;
            *slot = alg;
            n = n.saturating_add(1);
        }
    }
    strings.algorithm_count = n;
    let [additional, claims, scopes] = &mut strings.lists;
    // SAFETY (the blocks below): each pointer is forwarded with the caller's promise.
    let counts = [
        // SAFETY: forwarded.
        unsafe {
            str_list(
                c.additional_audiences,
                c.additional_audiences_len,
                written,
                additional,
            )
        }?,
        // SAFETY: forwarded.
        unsafe { str_list(c.required_claims, c.required_claims_len, written, claims) }?,
        // SAFETY: forwarded.
        unsafe { str_list(c.required_scopes, c.required_scopes_len, written, scopes) }?,
    ];
    strings.counts = counts;
    let strings: &'p PolicyStrings<'p> = strings;
    let algorithms = strings
        .algorithms
        .get(..strings.algorithm_count)
        .ok_or(JWTV_INVALID_ARGUMENT)?;
    let list = |i: usize| -> Result<&'p [&'p str], Status> {
        let list = strings.lists.get(i).ok_or(JWTV_INVALID_ARGUMENT)?;
        let count = *strings.counts.get(i).ok_or(JWTV_INVALID_ARGUMENT)?;
        list.get(..count).ok_or(JWTV_INVALID_ARGUMENT)
    };
    // SAFETY (the blocks below): each string pointer is forwarded with the caller's promise.
    // SAFETY: forwarded.
    let issuer = unsafe { optional_str(c.issuer, written) }?;
    // SAFETY: forwarded.
    let audience = unsafe { optional_str(c.audience, written) }?;
    let mut policy = base_policy(c.profile, algorithms, issuer, audience)?
        .with_leeway(c.leeway)
        .with_additional_audiences(list(0)?)
        .with_required_claims(list(1)?)
        .with_required_scopes(list(2)?);
    // SAFETY: forwarded.
    let nonce = unsafe { optional_str(c.nonce, written) }?;
    if let Some(nonce) = nonce {
        policy = policy.with_nonce(nonce);
    }
    if c.check_max_age {
        policy = policy.with_max_age(c.max_age);
    }
    if c.check_max_token_age {
        policy = policy.with_max_token_age(c.max_token_age);
    }
    // SAFETY: forwarded.
    let access_token = unsafe { optional_str(c.access_token, written) }?;
    // SAFETY: forwarded.
    let code = unsafe { optional_str(c.code, written) }?;
    // The implicit and hybrid flows always send a nonce, and its value must come back (OIDC
    // Core §3.2.2.11, §3.3.2.11): a policy for them without one is refused.
    let sent_nonce = || nonce.filter(|n| !n.is_empty()).ok_or(JWTV_INVALID_ARGUMENT);
    policy = match c.id_token_source {
        JWTV_SOURCE_NONE => {
            if let Some(token) = access_token {
                policy = policy.with_access_token(token);
            }
            if let Some(code) = code {
                policy = policy.with_code(code);
            }
            policy
        }
        JWTV_SOURCE_TOKEN_ENDPOINT => {
            policy.received_from(IdTokenSource::TokenEndpoint { access_token })
        }
        JWTV_SOURCE_IMPLICIT => policy.received_from(IdTokenSource::Implicit {
            access_token,
            nonce: sent_nonce()?,
        }),
        JWTV_SOURCE_HYBRID => policy.received_from(IdTokenSource::Hybrid {
            code: code.ok_or(JWTV_INVALID_ARGUMENT)?,
            access_token,
            nonce: sent_nonce()?,
        }),
        _ => return Err(JWTV_INVALID_ARGUMENT),
    };
    // SAFETY: forwarded.
    if let Some(typ) = unsafe { optional_str(c.typ, written) }? {
        policy = policy.with_typ(typ);
    }
    if c.try_all_keys {
        policy = policy.try_all_keys();
    }
    if c.max_depth != 0 {
        // Past the verifier's ceiling, a token is refused as JWTV_CAPACITY_EXCEEDED, as in Rust.
        let depth = usize::try_from(c.max_depth).map_err(|_| JWTV_INVALID_ARGUMENT)?;
        policy = policy.with_max_depth(depth);
    }
    Ok(policy)
}

/// The check value of a token slot's state: a 64-bit mix of the state words and, for a
/// verified slot, of every byte of its token buffer (the decoded header and payload the
/// claims point into). A multiply-xorshift per 64-bit word: about 1,000 rounds for the 8 KiB
/// buffer, each claim read.
fn slot_check(state: u32, uses: u32, at: usize, payload: (usize, usize), bytes: &[u8]) -> u64 {
    fn mix(h: u64, word: u64) -> u64 {
        let h = (h ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^ (h >> 29)
    }
    let mut h = mix(
        0x6a77_7476_6368_6b31,
        u64::from(state) | (u64::from(uses) << 32),
    );
    for word in [at, payload.0, payload.1] {
        h = mix(h, word as u64);
    }
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = mix(h, u64::from_le_bytes(word));
    }
    for (i, byte) in chunks.remainder().iter().enumerate() {
        h = mix(h, u64::from(*byte) << ((i & 7) << 3));
    }
    mix(h, bytes.len() as u64)
}

/// The decoded bytes of a slot.
///
/// # Safety
/// `slot` non-null, aligned, `JWTV_TOKEN_BUFFER_SIZE` readable bytes, not written meanwhile.
unsafe fn slot_bytes<'a>(slot: *const TokenSlot) -> &'a [u8] {
    // SAFETY: `TokenBuffer<N>` is `N` plain bytes (a `[u8; N]`), every one written by
    // `jwtv_token_buffer_init` (zeros) or since by the verifier; readable per the caller.
    unsafe {
        core::slice::from_raw_parts(
            ptr::addr_of!((*slot).buffer).cast::<u8>(),
            size_of::<TokenBuffer<JWTV_MAX_TOKEN_LEN>>(),
        )
    }
}

/// The state words of the token buffer at `slot`: `Some((state, uses))` when they are those
/// `jwtv_token_buffer_init` or `jwtv_verify` wrote at this very address, check value
/// included; `None` for storage never initialised, moved or copied, or overwritten.
///
/// # Safety
/// `slot` NULL or `JWTV_TOKEN_BUFFER_SIZE` readable bytes, not written meanwhile.
unsafe fn slot_state(slot: *const TokenSlot) -> Option<(u32, u32)> {
    if slot.is_null() || !slot.is_aligned() {
        return None;
    }
    // SAFETY: non-null, aligned, readable; the state words are plain integers (any bit
    // pattern is a value).
    let (state, uses, at, payload, check) = unsafe {
        (
            (*slot).state,
            (*slot).uses,
            (*slot).at,
            ((*slot).payload_at, (*slot).payload_len),
            (*slot).check,
        )
    };
    if at != slot as usize {
        return None;
    }
    let bytes: &[u8] = match state {
        TOKEN_EMPTY => &[],
        // SAFETY: as above.
        TOKEN_VERIFIED => unsafe { slot_bytes(slot) },
        _ => return None,
    };
    (slot_check(state, uses, at, payload, bytes) == check).then_some((state, uses))
}

/// Writes the state words of the slot (its decoded bytes must already be in place).
///
/// # Safety
/// `slot` non-null, aligned, writable, used by no one else meanwhile.
unsafe fn set_slot_state(slot: *mut TokenSlot, state: u32, uses: u32, payload: (usize, usize)) {
    let at = slot as usize;
    let bytes: &[u8] = if state == TOKEN_VERIFIED {
        // SAFETY: forwarded from the caller.
        unsafe { slot_bytes(slot) }
    } else {
        &[]
    };
    let check = slot_check(state, uses, at, payload, bytes);
    // SAFETY: forwarded from the caller; the state words are disjoint from the bytes read.
    unsafe {
        ptr::addr_of_mut!((*slot).state).write(state);
        ptr::addr_of_mut!((*slot).uses).write(uses);
        ptr::addr_of_mut!((*slot).at).write(at);
        ptr::addr_of_mut!((*slot).payload_at).write(payload.0);
        ptr::addr_of_mut!((*slot).payload_len).write(payload.1);
        ptr::addr_of_mut!((*slot).check).write(check);
    }
}

/// Makes `buffer` an empty token buffer: its use begins here. `jwtv_verify` takes only an
/// initialised buffer, and the claim functions read only a token that `jwtv_verify` accepted
/// into it since, at this address.
///
/// `size` is the storage's size, `sizeof(jwtv_token_buffer)` (`JWTV_TOKEN_BUFFER_SIZE`) or
/// more; the storage must be aligned to `JWTV_TOKEN_BUFFER_ALIGN`. Initialise a buffer
/// declared on a stack each time its function runs: the memory may still hold a buffer an
/// earlier call verified at the same address, and only this call tells the two apart.
///
/// # Errors
/// `JWTV_INVALID_ARGUMENT` for a null or misaligned `buffer`, or a `size` under
/// `JWTV_TOKEN_BUFFER_SIZE` (nothing is written).
///
/// # Safety
/// `buffer` must point to `size` writable bytes that no other thread uses meanwhile.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_token_buffer_init(
    buffer: *mut jwtv_token_buffer,
    size: usize,
) -> jwtv_status {
    let slot = buffer.cast::<TokenSlot>();
    if slot.is_null() || !slot.is_aligned() || size < JWTV_TOKEN_BUFFER_SIZE {
        return JWTV_INVALID_ARGUMENT;
    }
    // SAFETY: non-null, aligned, large enough (checked); writable per the caller's promise.
    // The decoded bytes are zeroed in place (not built on the stack: 8 KiB).
    unsafe {
        ptr::addr_of_mut!((*slot).buffer)
            .cast::<u8>()
            .write_bytes(0, size_of::<TokenBuffer<JWTV_MAX_TOKEN_LEN>>());
        set_slot_state(slot, TOKEN_EMPTY, 0, (0, 0));
    }
    JWTV_OK
}

/// Verifies `token` (`token_len` bytes of a compact JWS) against `keyset` under `policy`, at
/// `now` (seconds since the Unix epoch: the library reads no clock), decoding it into
/// `buffer`, which [`jwtv_token_buffer_init`] prepared. On `JWTV_OK` the `jwtv_claim_*`
/// functions read its claims from `buffer`; after any other result `buffer` holds no verified
/// token (the previous one is forgotten), unless nothing could be written: `buffer` itself
/// refused, or another input lying in it.
///
/// # Errors
/// One of the verifier's rejections (1 to 35): which rule refused the token.
/// `JWTV_CAPACITY_EXCEEDED` for a token longer than `JWTV_MAX_TOKEN_LEN`.
/// `JWTV_INVALID_ARGUMENT` for bad pointers, a buffer not initialised (or moved, copied or
/// overwritten since), an uninitialised key set, a policy with an unknown profile, algorithm
/// bit or source, a missing issuer or audience where the profile needs one, or any input (the
/// token, the key set, the policy or its strings) that overlaps `buffer`. A refused buffer,
/// or one another input lies in, is not written at all; otherwise only its state changes.
///
/// # Safety
/// `keyset` initialised and not modified meanwhile; `policy` and its strings and lists as
/// [`jwtv_policy`] documents; `token` readable for `token_len` bytes; `buffer` writable,
/// `JWTV_TOKEN_BUFFER_SIZE` bytes aligned to `JWTV_TOKEN_BUFFER_ALIGN`, not used by another
/// thread meanwhile.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_verify(
    keyset: *const jwtv_keyset,
    policy: *const jwtv_policy,
    token: *const u8,
    token_len: usize,
    now: u64,
    buffer: *mut jwtv_token_buffer,
) -> jwtv_status {
    let slot = buffer.cast::<TokenSlot>();
    // SAFETY: forwarded from the caller; only read.
    let Some((_, uses)) = (unsafe { slot_state(slot) }) else {
        return JWTV_INVALID_ARGUMENT;
    };
    let written = Span::object(buffer);
    // Nothing is written while an object of the caller's lies in the buffer's storage (the
    // key set given as the buffer, a token copied into it): it would be ruined.
    let outside = apart(Span::object(keyset), written)
        .and(apart(Span::object(policy), written))
        .and(apart(Span::of(token, token_len), written));
    if outside.is_err() {
        return JWTV_INVALID_ARGUMENT;
    }
    // Every other input is only read, and the state words are the slot's own (a string lying
    // on them would have broken their check value above). From here on, whatever the result,
    // the buffer holds no token but one this call accepts.
    let uses = uses.wrapping_add(1);
    // SAFETY: a valid slot (checked), writable and exclusive per the caller's promise.
    unsafe { set_slot_state(slot, TOKEN_EMPTY, uses, (0, 0)) };
    status((|| {
        // SAFETY: checked by keyset_slot.
        let keys = unsafe { keyset_slot(keyset) }?;
        if policy.is_null() || !policy.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: non-null, aligned, readable per the caller's promise.
        let c_policy = unsafe { &*policy };
        // SAFETY: forwarded from the caller.
        let token = unsafe { bytes(token, token_len) }?;
        let mut strings = PolicyStrings {
            algorithms: [Algorithm::HS256; Algorithm::ALL.len()],
            algorithm_count: 0,
            lists: [[""; JWTV_MAX_LIST]; 3],
            counts: [0; 3],
        };
        // SAFETY: forwarded from the caller.
        let policy = unsafe { self::policy(c_policy, written, &mut strings) }?;
        // SAFETY: the slot is valid (checked above) and nothing else refers to its buffer:
        // every input was checked not to overlap it.
        let token_buffer = unsafe { &mut *ptr::addr_of_mut!((*slot).buffer) };
        let verified = verifier::verify(token, &keys.keys, &policy, now, token_buffer)?;
        let payload = (
            verified.payload().as_ptr() as usize,
            verified.payload().len(),
        );
        // SAFETY: `verified` borrows only the slot's buffer, which stays where it is while the
        // slot is in use: the claim functions read it only while the state words, written
        // below for this address over these very bytes, still check.
        let verified: Verified<'static> = unsafe { core::mem::transmute(verified) };
        // SAFETY: the slot is valid and writable; these fields are disjoint from the buffer.
        unsafe {
            ptr::addr_of_mut!((*slot).verified).write(MaybeUninit::new(verified));
            set_slot_state(slot, TOKEN_VERIFIED, uses, payload);
        }
        Ok(())
    })())
}

/// The verified token in `buffer`.
///
/// # Safety
/// `buffer` NULL or a `jwtv_token_buffer` readable for `'a`, not modified meanwhile.
unsafe fn verified<'a>(buffer: *const jwtv_token_buffer) -> Result<&'a Verified<'a>, Status> {
    let slot = buffer.cast::<TokenSlot>();
    // SAFETY: forwarded from the caller.
    match unsafe { slot_state(slot) } {
        // Never initialised, moved or copied since, or overwritten.
        None => return Err(JWTV_INVALID_ARGUMENT),
        Some((TOKEN_VERIFIED, _)) => {}
        Some(_) => return Err(JWTV_NOT_VERIFIED),
    }
    // SAFETY: the state words check for this address: `jwtv_verify` wrote `verified` before
    // them, over the decoded bytes they check, all unchanged since.
    let verified = unsafe { (*ptr::addr_of!((*slot).verified)).assume_init_ref() };
    // SAFETY: plain integers of a valid slot.
    let payload = unsafe { ((*slot).payload_at, (*slot).payload_len) };
    if (
        verified.payload().as_ptr() as usize,
        verified.payload().len(),
    ) != payload
    {
        // The record itself was overwritten (its bytes are not in the check value).
        return Err(JWTV_INVALID_ARGUMENT);
    }
    Ok(verified)
}

/// The verified claims in `buffer` and the name asked for, once the `outputs` the caller
/// gave are known to overlap neither the buffer, the name, nor each other (nothing has been
/// written yet).
///
/// # Safety
/// As [`verified`]; `name` as for [`c_str`].
unsafe fn claims_and_name<'a>(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    outputs: &[Span],
) -> Result<(&'a verifier::Claims<'a>, &'a str), Status> {
    // SAFETY: forwarded from the caller.
    let name = unsafe { c_str(name) }?.ok_or(JWTV_INVALID_ARGUMENT)?;
    outputs_apart(
        outputs,
        &[
            Span::object(buffer),
            Span::of(name.as_ptr(), name.len().saturating_add(1)),
        ],
    )?;
    // SAFETY: forwarded from the caller.
    let verified = unsafe { verified(buffer) }?;
    let claims = verified.claims().ok_or(JWTV_NO_CLAIMS)?;
    Ok((claims, name))
}

/// Checks the outputs of a string read: `out` of `out_size` bytes (NULL with 0: the size
/// query), `out_len` NULL or aligned (required for the size query). Returns their spans.
fn string_outputs(
    out: *mut c_char,
    out_size: usize,
    out_len: *mut usize,
) -> Result<[Span; 2], Status> {
    if out.is_null() && (out_size != 0 || out_len.is_null()) {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    if !out_len.is_null() && !out_len.is_aligned() {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    if out_size > isize::MAX as usize || (out as usize).checked_add(out_size).is_none() {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    Ok([Span::of(out, out_size), Span::output(out_len)])
}

/// Writes `value` and a NUL into `out` (`out_size` bytes); `out_len` (NULL allowed) receives
/// the length without the NUL, also when `out` is too small (and for the size query, `out`
/// NULL and `out_size` 0).
///
/// # Safety
/// Checked by [`string_outputs`] and [`claims_and_name`]; `out` writable for `out_size`
/// bytes; `out_len` NULL or writable.
unsafe fn write_string(
    value: verifier::JsonStr<'_>,
    out: *mut c_char,
    out_size: usize,
    out_len: *mut usize,
) -> Result<(), Status> {
    let len = value.len();
    if !out_len.is_null() {
        // SAFETY: non-null, aligned, writable per the caller's promise.
        unsafe { out_len.write(len) };
    }
    if len >= out_size {
        return Err(JWTV_BUFFER_TOO_SMALL);
    }
    // SAFETY: `out` is non-null (`out_size` is not 0) and writable for `out_size` bytes (the
    // caller's promise), and overlaps neither the token buffer the value is read from nor
    // `out_len` (checked).
    let out = unsafe { core::slice::from_raw_parts_mut(out.cast::<u8>(), out_size) };
    let written = value
        .unescape_into(out)
        .map_err(|_| JWTV_BUFFER_TOO_SMALL)?
        .len();
    *out.get_mut(written).ok_or(JWTV_BUFFER_TOO_SMALL)? = 0;
    Ok(())
}

/// Copies the string claim `name` (any claim, registered or the application's; compared
/// after unescaping), unescaped, NUL-terminated, into `out` of `out_size` bytes. `out_len`
/// (NULL allowed) receives its length without the NUL, also on `JWTV_BUFFER_TOO_SMALL`, so a
/// caller can size its buffer: `(NULL, 0, &len)` asks for the length alone
/// (`JWTV_BUFFER_TOO_SMALL`, `len` set; `len + 1` bytes hold the claim and its NUL). A string
/// claim may contain `\u0000`: compare `out_len`, not `strlen`, where that matters.
///
/// # Errors
/// `JWTV_CLAIM_ABSENT`, `JWTV_CLAIM_TYPE_MISMATCH` (not a string), `JWTV_BUFFER_TOO_SMALL`,
/// `JWTV_NOT_VERIFIED`, `JWTV_NO_CLAIMS`, `JWTV_INVALID_ARGUMENT` (also for `out` NULL with a
/// size, `out` and `out_len` both NULL, or an output overlapping the buffer, the name or the
/// other output: checked before anything is written).
///
/// # Safety
/// `buffer` a token buffer; `name` a NUL-terminated string; `out` NULL (with `out_size` 0) or
/// writable for `out_size` bytes; `out_len` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_claim_string(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    out: *mut c_char,
    out_size: usize,
    out_len: *mut usize,
) -> jwtv_status {
    status((|| {
        let outputs = string_outputs(out, out_size, out_len)?;
        // SAFETY: forwarded from the caller.
        let (claims, name) = unsafe { claims_and_name(buffer, name, &outputs) }?;
        let value = match claims.string(name) {
            Some(value) => value,
            None if claims.contains(name) => return Err(JWTV_CLAIM_TYPE_MISMATCH),
            None => return Err(JWTV_CLAIM_ABSENT),
        };
        // SAFETY: outputs checked above; writable per the caller's promise.
        unsafe { write_string(value, out, out_size, out_len) }
    })())
}

/// Reads the integer claim `name` into `out`: a JSON number without fraction or exponent that
/// fits an `int64_t`.
///
/// # Errors
/// `JWTV_CLAIM_ABSENT`, `JWTV_CLAIM_TYPE_MISMATCH` (another type, a fraction such as
/// `1700000000.5`, or out of range), `JWTV_NOT_VERIFIED`, `JWTV_NO_CLAIMS`,
/// `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `buffer` a token buffer; `name` a NUL-terminated string; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_claim_integer(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    out: *mut i64,
) -> jwtv_status {
    status((|| {
        if out.is_null() || !out.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: forwarded from the caller.
        let (claims, name) = unsafe { claims_and_name(buffer, name, &[Span::object(out)]) }?;
        let value = match claims.integer(name) {
            Some(value) => value,
            None if claims.contains(name) => return Err(JWTV_CLAIM_TYPE_MISMATCH),
            None => return Err(JWTV_CLAIM_ABSENT),
        };
        // SAFETY: non-null, aligned, writable per the caller's promise.
        unsafe { out.write(value) };
        Ok(())
    })())
}

/// Reads the boolean claim `name` (`email_verified`) into `out`.
///
/// # Errors
/// `JWTV_CLAIM_ABSENT`, `JWTV_CLAIM_TYPE_MISMATCH` (`"true"` is a string),
/// `JWTV_NOT_VERIFIED`, `JWTV_NO_CLAIMS`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `buffer` a token buffer; `name` a NUL-terminated string; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_claim_bool(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    out: *mut bool,
) -> jwtv_status {
    status((|| {
        if out.is_null() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: forwarded from the caller.
        let (claims, name) = unsafe { claims_and_name(buffer, name, &[Span::object(out)]) }?;
        let value = match claims.boolean(name) {
            Some(value) => value,
            None if claims.contains(name) => return Err(JWTV_CLAIM_TYPE_MISMATCH),
            None => return Err(JWTV_CLAIM_ABSENT),
        };
        // SAFETY: non-null, writable per the caller's promise (bool has alignment 1).
        unsafe { out.write(value) };
        Ok(())
    })())
}

/// Reads the number of elements of the array claim `name` (`groups`, `roles`, `aud`) into
/// `out`.
///
/// # Errors
/// `JWTV_CLAIM_ABSENT`, `JWTV_CLAIM_TYPE_MISMATCH` (not an array), `JWTV_NOT_VERIFIED`,
/// `JWTV_NO_CLAIMS`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `buffer` a token buffer; `name` a NUL-terminated string; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_claim_array_len(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    out: *mut usize,
) -> jwtv_status {
    status((|| {
        if out.is_null() || !out.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: forwarded from the caller.
        let (claims, name) = unsafe { claims_and_name(buffer, name, &[Span::object(out)]) }?;
        let value = match claims.array_len(name) {
            Some(value) => value,
            None if claims.contains(name) => return Err(JWTV_CLAIM_TYPE_MISMATCH),
            None => return Err(JWTV_CLAIM_ABSENT),
        };
        // SAFETY: non-null, aligned, writable per the caller's promise.
        unsafe { out.write(value) };
        Ok(())
    })())
}

/// Copies element `index` of the array claim `name`, a string, into `out` as
/// [`jwtv_claim_string`] does.
///
/// # Errors
/// `JWTV_CLAIM_ABSENT` (no such claim, or `index` past the end), `JWTV_CLAIM_TYPE_MISMATCH`
/// (the claim is not an array, or the element not a string), `JWTV_BUFFER_TOO_SMALL`,
/// `JWTV_NOT_VERIFIED`, `JWTV_NO_CLAIMS`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// As [`jwtv_claim_string`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_claim_array_string(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    index: usize,
    out: *mut c_char,
    out_size: usize,
    out_len: *mut usize,
) -> jwtv_status {
    status((|| {
        let outputs = string_outputs(out, out_size, out_len)?;
        // SAFETY: forwarded from the caller.
        let (claims, name) = unsafe { claims_and_name(buffer, name, &outputs) }?;
        let len = match claims.array_len(name) {
            Some(len) => len,
            None if claims.contains(name) => return Err(JWTV_CLAIM_TYPE_MISMATCH),
            None => return Err(JWTV_CLAIM_ABSENT),
        };
        if index >= len {
            return Err(JWTV_CLAIM_ABSENT);
        }
        let value = claims
            .array_string(name, index)
            .ok_or(JWTV_CLAIM_TYPE_MISMATCH)?;
        // SAFETY: outputs checked above; writable per the caller's promise.
        unsafe { write_string(value, out, out_size, out_len) }
    })())
}

/// Sets `out` to whether the claim `name` is present (any type, `null` included).
///
/// # Errors
/// `JWTV_NOT_VERIFIED`, `JWTV_NO_CLAIMS`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `buffer` a token buffer; `name` a NUL-terminated string; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_claim_present(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    out: *mut bool,
) -> jwtv_status {
    status((|| {
        if out.is_null() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: forwarded from the caller.
        let (claims, name) = unsafe { claims_and_name(buffer, name, &[Span::object(out)]) }?;
        // SAFETY: non-null, writable per the caller's promise.
        unsafe { out.write(claims.contains(name)) };
        Ok(())
    })())
}

/// Sets `out` to whether the `scope` claim lists `scope` as one of its space-separated
/// scopes.
///
/// # Errors
/// `JWTV_NOT_VERIFIED`, `JWTV_NO_CLAIMS`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `buffer` a token buffer; `scope` a NUL-terminated string; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_has_scope(
    buffer: *const jwtv_token_buffer,
    scope: *const c_char,
    out: *mut bool,
) -> jwtv_status {
    status((|| {
        if out.is_null() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: forwarded from the caller.
        let (claims, scope) = unsafe { claims_and_name(buffer, scope, &[Span::object(out)]) }?;
        // SAFETY: non-null, writable per the caller's promise.
        unsafe { out.write(claims.has_scope(scope)) };
        Ok(())
    })())
}

/// Points `payload` at the verified token's decoded payload inside `buffer` (`payload_len`
/// bytes, not NUL-terminated): the JSON text under every profile but `jws`, where it is
/// whatever was signed.
///
/// # Errors
/// `JWTV_NOT_VERIFIED`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `buffer` a token buffer; `payload` and `payload_len` writable. The payload is valid while
/// `buffer` is unchanged and in place.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_payload(
    buffer: *const jwtv_token_buffer,
    payload: *mut *const u8,
    payload_len: *mut usize,
) -> jwtv_status {
    status((|| {
        if payload.is_null() || !payload.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        if payload_len.is_null() || !payload_len.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        outputs_apart(
            &[Span::object(payload), Span::object(payload_len)],
            &[Span::object(buffer)],
        )?;
        // SAFETY: forwarded from the caller.
        let verified = unsafe { verified(buffer) }?;
        let bytes = verified.payload();
        // SAFETY: both non-null, aligned, writable per the caller's promise.
        unsafe {
            payload.write(bytes.as_ptr());
            payload_len.write(bytes.len());
        }
        Ok(())
    })())
}

/// Reads the verified token's header `alg` as its `JWTV_ALG_*` bit into `out`.
///
/// # Errors
/// `JWTV_NOT_VERIFIED`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `buffer` a token buffer; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_header_alg(
    buffer: *const jwtv_token_buffer,
    out: *mut u32,
) -> jwtv_status {
    status((|| {
        if out.is_null() || !out.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        apart(Span::object(out), Span::object(buffer))?;
        // SAFETY: forwarded from the caller.
        let verified = unsafe { verified(buffer) }?;
        let alg = verified.header().alg();
        let alg_bit = Algorithm::ALL
            .iter()
            .position(|a| *a == alg)
            .and_then(bit)
            .ok_or(JWTV_INVALID_ARGUMENT)?;
        // SAFETY: non-null, aligned, writable per the caller's promise.
        unsafe { out.write(alg_bit) };
        Ok(())
    })())
}
