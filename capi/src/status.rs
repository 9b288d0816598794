//! Status codes: every result of the C interface ([`jwtv_status`]), the verifier's rejections
//! mapped onto it, and their strings.

use core::ffi::c_char;

use jwtv::{Error, KeyRejection};

use jwtv_status::JWTV_OK;

/// Every result of the C interface. `JWTV_OK` is 0; 1 to 35 are the verifier's rejections,
/// named and numbered as `jwtv::Error::ALL` (their strings, [`jwtv_error_string`], are
/// `jwtv::Error::code()`); from 100 on, what only a C caller can get wrong.
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

/// The status type, for brevity in signatures.
pub(crate) type Status = jwtv_status;

/// An entry point's status: `JWTV_OK`, or the error its body returned.
pub(crate) fn status(result: Result<(), Status>) -> Status {
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
