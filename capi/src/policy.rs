//! The policy: the algorithm bits, profiles and ID token sources of [`jwtv_policy`], and how
//! a `jwtv_policy` from C becomes the verifier's `Policy`.

use core::ffi::c_char;

use jwtv::{Algorithm, Flow, Policy, PolicyParts, Profile};

use crate::memory::{JWTV_MAX_LIST, Span, optional_str, str_list};
use crate::status::Status;
use crate::status::jwtv_status::JWTV_INVALID_ARGUMENT;

// Algorithm bits of `jwtv_policy.algorithms` and of a raw key's `alg`, in the order of
// `jwtv::Algorithm::ALL`.
/// `HS256` (bit 0).
pub const JWTV_ALG_HS256: u32 = 1;
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
/// when both are present; `code` must be NULL (the token endpoint's ID token is not bound to the
/// code: leave the source out to require `c_hash`), else `JWTV_INVALID_ARGUMENT`.
pub const JWTV_SOURCE_TOKEN_ENDPOINT: u32 = 1;
/// ID token source: the implicit flow; `nonce` must be set (the nonce sent: the token's must
/// equal it) and `code` NULL, else `JWTV_INVALID_ARGUMENT`; `at_hash` required with
/// `access_token`.
pub const JWTV_SOURCE_IMPLICIT: u32 = 2;
/// ID token source: the hybrid flow; `c_hash` (against `code`) required, `at_hash` required with
/// `access_token`; `code` and `nonce` (the nonce sent) must be set, else `JWTV_INVALID_ARGUMENT`.
pub const JWTV_SOURCE_HYBRID: u32 = 3;

/// What a token must satisfy: the verifier's `PolicyParts`, field by field, made a `Policy` by
/// `Policy::from_parts` as in Rust. Zero-initialise it and set what you need: every other field
/// then has the verifier's default (no leeway, no `max_age`, no required claims, ...). Strings
/// are NUL-terminated UTF-8; NULL means unset, and an empty string is refused. The combinations
/// `Policy::from_parts` refuses make [`jwtv_verify`] return `JWTV_INVALID_ARGUMENT`: an ID,
/// access or logout token without `issuer` or `audience`; `additional_audiences` without
/// `audience`; an `id_token_source` with another profile than the ID token's; the implicit and
/// hybrid flows without `nonce`; the hybrid flow without `code`, and the others with one.
/// The policy is only read, during [`jwtv_verify`]; nothing keeps it afterwards.
// The link target is given to rustdoc alone (cbindgen copies `///` lines into the header), as
// the capacities' in memory.rs: verify.rs is built on this module, not the reverse.
#[cfg_attr(doc, doc = "", doc = "[`jwtv_verify`]: crate::jwtv_verify")]
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
    /// verifier's ceiling (32), the ceiling.
    pub max_depth: u32,
}

/// The `JWTV_ALG_*` bit of `jwtv::Algorithm::ALL[index]`.
pub(crate) fn bit(index: usize) -> Option<u32> {
    1u32.checked_shl(u32::try_from(index).ok()?)
}

/// The algorithms of `JWTV_ALG_*` bits, in `Algorithm::ALL`'s order, into `out`; returns how
/// many. An unknown bit is `JWTV_INVALID_ARGUMENT`.
pub(crate) fn algorithms(
    bits: u32,
    out: &mut [Algorithm; Algorithm::ALL.len()],
) -> Result<usize, Status> {
    if bits & !JWTV_ALG_ALL != 0 {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    let mut n = 0usize;
    for (i, alg) in Algorithm::ALL.into_iter().enumerate() {
        if bits & bit(i).unwrap_or(0) != 0 {
            let slot = out.get_mut(n).ok_or(JWTV_INVALID_ARGUMENT)?;
            *slot = alg;
            n = n.saturating_add(1);
        }
    }
    Ok(n)
}

/// The profile of a `JWTV_PROFILE_*` value.
fn profile(value: u32) -> Result<Profile, Status> {
    Ok(match value {
        JWTV_PROFILE_JWS => Profile::Jws,
        JWTV_PROFILE_JWT => Profile::Jwt,
        JWTV_PROFILE_ID_TOKEN => Profile::IdToken,
        JWTV_PROFILE_ACCESS_TOKEN => Profile::AccessToken,
        JWTV_PROFILE_LOGOUT_TOKEN => Profile::LogoutToken,
        _ => return Err(JWTV_INVALID_ARGUMENT),
    })
}

/// The flow of a `JWTV_SOURCE_*` value (`None` for `JWTV_SOURCE_NONE`).
fn flow(value: u32) -> Result<Option<Flow>, Status> {
    Ok(match value {
        JWTV_SOURCE_NONE => None,
        JWTV_SOURCE_TOKEN_ENDPOINT => Some(Flow::TokenEndpoint),
        JWTV_SOURCE_IMPLICIT => Some(Flow::Implicit),
        JWTV_SOURCE_HYBRID => Some(Flow::Hybrid),
        _ => return Err(JWTV_INVALID_ARGUMENT),
    })
}

/// The strings and lists a policy borrows, read from C.
pub(crate) struct PolicyStrings<'p> {
    algorithms: [Algorithm; Algorithm::ALL.len()],
    algorithm_count: usize,
    lists: [[&'p str; JWTV_MAX_LIST]; 3],
    counts: [usize; 3],
}

impl PolicyStrings<'_> {
    /// Storage for a policy's strings, before [`policy`] fills it.
    pub(crate) fn new() -> Self {
        PolicyStrings {
            algorithms: [Algorithm::HS256; Algorithm::ALL.len()],
            algorithm_count: 0,
            lists: [[""; JWTV_MAX_LIST]; 3],
            counts: [0; 3],
        }
    }
}

/// Reads `c` into `strings` and builds the policy; nothing it borrows overlaps `written`.
///
/// # Safety
/// Every pointer of `c` as its field's documentation says.
pub(crate) unsafe fn policy<'p>(
    c: &jwtv_policy,
    written: Span,
    strings: &'p mut PolicyStrings<'p>,
) -> Result<Policy<'p>, Status> {
    strings.algorithm_count = algorithms(c.algorithms, &mut strings.algorithms)?;
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
    let parts = PolicyParts {
        profile: profile(c.profile)?,
        algorithms,
        // SAFETY: forwarded.
        issuer: unsafe { optional_str(c.issuer, written) }?,
        // SAFETY: forwarded.
        audience: unsafe { optional_str(c.audience, written) }?,
        additional_audiences: list(0)?,
        leeway: c.leeway,
        // SAFETY: forwarded.
        nonce: unsafe { optional_str(c.nonce, written) }?,
        max_age: c.check_max_age.then_some(c.max_age),
        max_token_age: c.check_max_token_age.then_some(c.max_token_age),
        // SAFETY: forwarded.
        access_token: unsafe { optional_str(c.access_token, written) }?,
        // SAFETY: forwarded.
        code: unsafe { optional_str(c.code, written) }?,
        flow: flow(c.id_token_source)?,
        // SAFETY: forwarded.
        typ: unsafe { optional_str(c.typ, written) }?,
        required_claims: list(1)?,
        required_scopes: list(2)?,
        try_all_keys: c.try_all_keys,
        // 0 is the verifier's default.
        max_depth: match c.max_depth {
            0 => None,
            depth => Some(usize::try_from(depth).map_err(|_| JWTV_INVALID_ARGUMENT)?),
        },
    };
    // Every rule of the policy's fields, and every combination refused, is the verifier's.
    Policy::from_parts(parts).map_err(|_| JWTV_INVALID_ARGUMENT)
}
