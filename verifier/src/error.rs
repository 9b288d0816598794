//! The one error type: every rejection the verifier can make, each with a stable code.

use core::fmt;

/// Why a token, key set or signature was rejected.
///
/// Every variant maps to one stable snake_case code ([`Error::code`]) that QA pipelines and the
/// fixture corpus use as the verdict vocabulary. Variants carry no data: the error is `Copy`, has no
/// heap payload, and a cryptographic failure is deliberately opaque ([`Error::InvalidSignature`]).
///
/// The enum is `#[non_exhaustive]`: new rules may add variants, but a code once published never
/// changes meaning.
///
/// # Codes
///
/// | code | variant | meaning |
/// | --- | --- | --- |
/// | `malformed_token` | [`MalformedToken`](Error::MalformedToken) | not a compact JWS with three canonical base64url segments (a JWE, the JSON serialization, a detached payload, whitespace), or an empty payload under a JWT profile |
/// | `malformed_header` | [`MalformedHeader`](Error::MalformedHeader) | the protected header is not an acceptable JSON object |
/// | `malformed_claims` | [`MalformedClaims`](Error::MalformedClaims) | the claims are not an acceptable JSON object, or a registered claim is mistyped or out of range; an ID token's `sub` over 255 bytes |
/// | `malformed_jwks` | [`MalformedJwks`](Error::MalformedJwks) | the key set is not a JWKS document |
/// | `capacity_exceeded` | [`CapacityExceeded`](Error::CapacityExceeded) | a capacity was exceeded: token length, keys, key storage, nesting, header size, open member names |
/// | `unsupported_algorithm` | [`UnsupportedAlgorithm`](Error::UnsupportedAlgorithm) | the header `alg` is not implemented by this build (or its feature is off) |
/// | `algorithm_not_allowed` | [`AlgorithmNotAllowed`](Error::AlgorithmNotAllowed) | the header `alg` is not in the policy's allow-list; `none` always |
/// | `unsupported_critical_header` | [`UnsupportedCriticalHeader`](Error::UnsupportedCriticalHeader) | the header has `crit`; no extension is supported |
/// | `key_not_found` | [`KeyNotFound`](Error::KeyNotFound) | no provisioned key fits the header's `alg` and `kid` (the device may need a newer JWKS); an HMAC secret shorter than the `alg`'s hash never fits (RFC 7518 §3.2) |
/// | `ambiguous_key` | [`AmbiguousKey`](Error::AmbiguousKey) | several keys fit a header without `kid`, or its `kid` names several keys |
/// | `invalid_signature` | [`InvalidSignature`](Error::InvalidSignature) | the signature does not verify (every cryptographic failure) |
/// | `expired` | [`Expired`](Error::Expired) | `exp` is not after `now - leeway` |
/// | `not_yet_valid` | [`NotYetValid`](Error::NotYetValid) | `nbf` is after `now + leeway` |
/// | `issued_in_future` | [`IssuedInFuture`](Error::IssuedInFuture) | `iat` is after `now + leeway` |
/// | `token_too_old` | [`TokenTooOld`](Error::TokenTooOld) | `iat` is older than the policy's maximum token age |
/// | `auth_too_old` | [`AuthTooOld`](Error::AuthTooOld) | `auth_time` is older than the policy's `max_age` |
/// | `missing_claim` | [`MissingClaim`](Error::MissingClaim) | a claim the profile or the policy requires is absent (a logout token with neither `sub` nor `sid`) |
/// | `prohibited_claim` | [`ProhibitedClaim`](Error::ProhibitedClaim) | a claim the profile prohibits is present: `nonce` in a logout token, `events` in an ID token |
/// | `invalid_logout_event` | [`InvalidLogoutEvent`](Error::InvalidLogoutEvent) | a logout token's `events` is not an object whose back-channel logout member is an object |
/// | `issuer_mismatch` | [`IssuerMismatch`](Error::IssuerMismatch) | `iss` is absent or not the expected issuer |
/// | `audience_mismatch` | [`AudienceMismatch`](Error::AudienceMismatch) | `aud` is absent or lacks the expected audience (or, for JWTs and access tokens, every one of `Policy::with_additional_audiences`); an ID token's `aud` also holds an audience the client does not trust (even with `azp` naming the client) |
/// | `authorized_party_mismatch` | [`AuthorizedPartyMismatch`](Error::AuthorizedPartyMismatch) | `azp` is present and not the client id |
/// | `nonce_mismatch` | [`NonceMismatch`](Error::NonceMismatch) | a nonce was expected, or the flow requires one, and `nonce` is absent or differs |
/// | `at_hash_mismatch` | [`AtHashMismatch`](Error::AtHashMismatch) | `at_hash` is absent where the flow or the policy requires it, or does not match the access token |
/// | `c_hash_mismatch` | [`CHashMismatch`](Error::CHashMismatch) | `c_hash` is absent where the flow or the policy requires it, or does not match the authorization code |
/// | `type_mismatch` | [`TypeMismatch`](Error::TypeMismatch) | the header `typ` does not fit the profile or the policy (a logout token's: absent or `logout+jwt`) |
/// | `insufficient_scope` | [`InsufficientScope`](Error::InsufficientScope) | `scope` lacks a scope the policy requires |
/// | `subject_mismatch` | [`SubjectMismatch`](Error::SubjectMismatch) | a signed key set's `sub` is absent or not the expected one |
/// | `key_set_rollback` | [`KeySetRollback`](Error::KeySetRollback) | a signed key set's `iat` is not later than the installed set's |
/// | `key_set_empty` | [`KeySetEmpty`](Error::KeySetEmpty) | a signed key set leaves no usable key |
/// | `key_set_secret` | [`KeySetSecret`](Error::KeySetSecret) | a signed key set holds a secret (`oct`) |
/// | `key_set_private_key` | [`KeySetPrivateKey`](Error::KeySetPrivateKey) | a signed key set holds a key with private members |
/// | `key_set_holds_trust_anchor` | [`KeySetHoldsTrustAnchor`](Error::KeySetHoldsTrustAnchor) | a signed key set contains a trust-anchor key |
/// | `stored_key_set_corrupt` | [`StoredKeySetCorrupt`](Error::StoredKeySetCorrupt) | the binary form's magic, length, checksum, an entry or a key is wrong |
/// | `stored_key_set_version` | [`StoredKeySetVersion`](Error::StoredKeySetVersion) | the binary form's version is not one this build reads |
///
/// # Examples
/// ```
/// use jwtv::Error;
/// assert_eq!(Error::Expired.code(), "expired");
/// assert_eq!(Error::from_code("invalid_signature"), Some(Error::InvalidSignature));
/// assert_eq!(Error::from_code("Expired"), None); // codes are exact
/// assert_eq!(Error::AudienceMismatch.to_string(), "audience_mismatch");
/// assert_eq!(Error::Expired.explanation(), "the token has expired (exp)");
/// // Every code round-trips.
/// assert!(Error::ALL.iter().all(|e| Error::from_code(e.code()) == Some(*e)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// The token is not a compact JWS (RFC 7515 §7.1): not exactly three `.`-separated segments,
    /// an empty header, bytes outside the base64url alphabet (whitespace, padding, `+`, `/`), or
    /// base64url that is not canonical (non-zero unused trailing bits); or, under the JWT
    /// profiles, an empty payload (a JWT is a JSON object; plain JWS may have an empty payload).
    MalformedToken,
    /// The protected header is not a JSON object the verifier accepts: invalid JSON or UTF-8,
    /// duplicate member names (compared after unescaping), a missing or non-string `alg`, a
    /// non-string `kid` or `typ`, or a `b64` other than `true` (RFC 7797 is not for JWTs). A
    /// `crit` of any type is [`Error::UnsupportedCriticalHeader`]; nesting too deep or too many
    /// members is [`Error::CapacityExceeded`].
    MalformedHeader,
    /// The payload is not a JSON object the verifier accepts, or a registered claim has the wrong
    /// type: NumericDate (`exp`, `nbf`, `iat`, `auth_time`) that is not a non-negative number in
    /// range, `aud` that is neither a string nor an array of strings, or a non-string `iss`, `sub`,
    /// `azp`, `nonce`, `jti`, `at_hash`, `c_hash`, `client_id` or `scope` (RFC 7519 §4.1); or an
    /// ID token's `sub` longer than 255 bytes (OIDC Core §2).
    MalformedClaims,
    /// A JWKS document is not a JSON object with a `keys` array of objects (RFC 7517 §5).
    MalformedJwks,
    /// A capacity was exceeded: the token longer than its `TokenBuffer`, more usable keys than
    /// the `KeySet` holds, JSON nested deeper than the policy's budget (at most `MAX_DEPTH`), a
    /// header longer than `MAX_HEADER_LEN`, more than `MAX_OPEN_MEMBERS` member names open at
    /// once in a JSON document, or an output buffer too small.
    CapacityExceeded,
    /// The header `alg` names an algorithm this build does not implement (or whose cargo feature
    /// is off).
    UnsupportedAlgorithm,
    /// The header `alg` is not in the policy's allow-list; `none` in any letter case is always
    /// rejected with this code (RFC 8725 §3.1, §3.2).
    AlgorithmNotAllowed,
    /// The header carries `crit`: no JWS extension is supported, so every `crit` is rejected
    /// (RFC 7515 §4.1.11).
    UnsupportedCriticalHeader,
    /// No provisioned key fits the header (`alg` family, `kid` equal after unescaping, the key's
    /// own `alg`, an HMAC secret at least as long as the hash). Keys a JWKS could not give (a
    /// published secret, a key with private members, a weak or ROCA-fingerprinted RSA key) are
    /// not there to fit. The device may need a newer JWKS (OpenID RP test
    /// rp-key-rotation-op-sign-key). For a secret too short for the `alg` (RFC 7518 §3.2),
    /// `verify_explained` says so: `the secret is 40 bytes; HS512 needs at least 64 (RFC 7518 §3.2)`.
    KeyNotFound,
    /// The key is not unique: several keys fit and the header has no `kid` (and the policy did
    /// not opt in to trying each), or the header's `kid` is carried by two keys, or by a key whose
    /// document had another signing key with the same `kid` that failed to load.
    AmbiguousKey,
    /// The signature does not verify. Every cryptographic failure (wrong length, wrong key,
    /// out-of-range ECDSA scalars, bad padding) is this one opaque code.
    InvalidSignature,
    /// `exp` is not after the current time, allowing for leeway (RFC 7519 §4.1.4).
    Expired,
    /// `nbf` is after the current time, allowing for leeway (RFC 7519 §4.1.5).
    NotYetValid,
    /// `iat` is after the current time, allowing for leeway.
    IssuedInFuture,
    /// `iat` is older than the policy's maximum token age ("issued-at TTL").
    TokenTooOld,
    /// `auth_time` is older than the policy's `max_age` (OIDC Core §3.1.3.7 rule 13, the
    /// "auth-time TTL").
    AuthTooOld,
    /// A claim the profile or the policy requires is absent; for a logout token, also neither
    /// `sub` nor `sid` (Back-Channel Logout 1.0 §2.4: one of them, or both).
    MissingClaim,
    /// A claim the profile prohibits is present: `nonce` in a logout token (Back-Channel Logout
    /// 1.0 §2.4, so that a logout token can never pass as an ID token in an authentication
    /// response), or `events` in an ID token (a security event token, RFC 8417, such as a
    /// logout token without `typ`, offered as an ID token).
    ProhibitedClaim,
    /// A logout token's `events` claim is not a JSON object containing the member
    /// `http://schemas.openid.net/event/backchannel-logout` (compared after unescaping) whose
    /// value is a JSON object (Back-Channel Logout 1.0 §2.4, §2.6 step 6).
    InvalidLogoutEvent,
    /// `iss` differs from the expected issuer (exact comparison of the decoded string, RFC 7519
    /// §7.3: never of the token's raw JSON text), or is absent where an issuer is expected.
    IssuerMismatch,
    /// `aud` is absent or does not contain the expected audience (decoded strings compared); or,
    /// for ID tokens, it contains any other audience: the client trusts only itself, so an extra
    /// audience is refused even when `azp` names the client (OIDC Core §3.1.3.7 rule 3).
    AudienceMismatch,
    /// `azp` is present and differs from the client id (OIDC Core §3.1.3.7 rules 4–5).
    AuthorizedPartyMismatch,
    /// A nonce was expected and `nonce` is absent or differs after unescaping (OIDC Core
    /// §3.1.3.7 rule 11); or the ID token came from the implicit or hybrid flow, where `nonce`
    /// is REQUIRED (§3.2.2.11, §3.3.2.11), and it is absent.
    NonceMismatch,
    /// `at_hash` does not match the access token, or is absent where it is required: the
    /// implicit flow's `id_token token` and the hybrid flow's `code id_token token`
    /// (OIDC Core §3.2.2.10, §3.3.2.11), or always with `Policy::with_access_token`. An ID
    /// token from the token endpoint may omit it (§3.1.3.6, §3.3.3.6).
    AtHashMismatch,
    /// `c_hash` does not match the authorization code, or is absent where it is required: the
    /// hybrid flow's `code id_token` and `code id_token token` (OIDC Core §3.3.2.11), or always
    /// with `Policy::with_code`.
    CHashMismatch,
    /// The header `typ` does not fit the profile (explicit typing, RFC 8725 §3.11; compared as a
    /// media type, RFC 7515 §4.1.9): an access token must be `at+jwt` (RFC 9068 §4); an ID token
    /// or plain JWT must have no `typ` or `JWT`, so an access token, logout token, security
    /// event or DPoP proof from the same issuer is refused; a logout token must have no `typ`
    /// or `logout+jwt` (Back-Channel Logout 1.0 §2.4); a `typ` the policy names must be
    /// present and equal.
    TypeMismatch,
    /// The access token's `scope` lacks a scope the policy requires.
    InsufficientScope,
    /// `sub` differs from the expected subject, or is absent where one is expected: a signed key
    /// set (`typ` `jwk-set+jwt`) made for other devices.
    SubjectMismatch,
    /// A signed key set's `iat` is not later than the `iat` of the set installed: an old update
    /// replayed, or the same one applied twice (rollback).
    KeySetRollback,
    /// A signed key set would leave the device with no usable key.
    KeySetEmpty,
    /// A signed key set carries a secret (`kty` `oct`): a key set sent to many devices is public,
    /// so a secret in it has leaked.
    KeySetSecret,
    /// A signed key set carries a key with private members (`d`, `p`, `q`, `dp`, `dq`, `qi`,
    /// `oth`): its signing key has leaked.
    KeySetPrivateKey,
    /// A signed key set contains a trust-anchor key: a token signed by the anchor would then
    /// pass as one from the issuer, and the anchor is for key sets alone.
    KeySetHoldsTrustAnchor,
    /// The stored (binary) form of a key set is damaged: wrong magic or length, checksum
    /// mismatch, a malformed entry, or a key that this build's key rules refuse.
    StoredKeySetCorrupt,
    /// The stored (binary) form of a key set has a format version this build does not read.
    StoredKeySetVersion,
}

impl Error {
    /// Every variant, in declaration order (for tables and exhaustive tests).
    pub const ALL: [Error; 35] = [
        Error::MalformedToken,
        Error::MalformedHeader,
        Error::MalformedClaims,
        Error::MalformedJwks,
        Error::CapacityExceeded,
        Error::UnsupportedAlgorithm,
        Error::AlgorithmNotAllowed,
        Error::UnsupportedCriticalHeader,
        Error::KeyNotFound,
        Error::AmbiguousKey,
        Error::InvalidSignature,
        Error::Expired,
        Error::NotYetValid,
        Error::IssuedInFuture,
        Error::TokenTooOld,
        Error::AuthTooOld,
        Error::MissingClaim,
        Error::ProhibitedClaim,
        Error::InvalidLogoutEvent,
        Error::IssuerMismatch,
        Error::AudienceMismatch,
        Error::AuthorizedPartyMismatch,
        Error::NonceMismatch,
        Error::AtHashMismatch,
        Error::CHashMismatch,
        Error::TypeMismatch,
        Error::InsufficientScope,
        Error::SubjectMismatch,
        Error::KeySetRollback,
        Error::KeySetEmpty,
        Error::KeySetSecret,
        Error::KeySetPrivateKey,
        Error::KeySetHoldsTrustAnchor,
        Error::StoredKeySetCorrupt,
        Error::StoredKeySetVersion,
    ];

    /// The stable snake_case code of this error, as used by fixtures and reports.
    pub const fn code(self) -> &'static str {
        match self {
            Error::MalformedToken => "malformed_token",
            Error::MalformedHeader => "malformed_header",
            Error::MalformedClaims => "malformed_claims",
            Error::MalformedJwks => "malformed_jwks",
            Error::CapacityExceeded => "capacity_exceeded",
            Error::UnsupportedAlgorithm => "unsupported_algorithm",
            Error::AlgorithmNotAllowed => "algorithm_not_allowed",
            Error::UnsupportedCriticalHeader => "unsupported_critical_header",
            Error::KeyNotFound => "key_not_found",
            Error::AmbiguousKey => "ambiguous_key",
            Error::InvalidSignature => "invalid_signature",
            Error::Expired => "expired",
            Error::NotYetValid => "not_yet_valid",
            Error::IssuedInFuture => "issued_in_future",
            Error::TokenTooOld => "token_too_old",
            Error::AuthTooOld => "auth_too_old",
            Error::MissingClaim => "missing_claim",
            Error::ProhibitedClaim => "prohibited_claim",
            Error::InvalidLogoutEvent => "invalid_logout_event",
            Error::IssuerMismatch => "issuer_mismatch",
            Error::AudienceMismatch => "audience_mismatch",
            Error::AuthorizedPartyMismatch => "authorized_party_mismatch",
            Error::NonceMismatch => "nonce_mismatch",
            Error::AtHashMismatch => "at_hash_mismatch",
            Error::CHashMismatch => "c_hash_mismatch",
            Error::TypeMismatch => "type_mismatch",
            Error::InsufficientScope => "insufficient_scope",
            Error::SubjectMismatch => "subject_mismatch",
            Error::KeySetRollback => "key_set_rollback",
            Error::KeySetEmpty => "key_set_empty",
            Error::KeySetSecret => "key_set_secret",
            Error::KeySetPrivateKey => "key_set_private_key",
            Error::KeySetHoldsTrustAnchor => "key_set_holds_trust_anchor",
            Error::StoredKeySetCorrupt => "stored_key_set_corrupt",
            Error::StoredKeySetVersion => "stored_key_set_version",
        }
    }

    /// The error whose code is `code`, if there is one.
    ///
    /// # Examples
    /// ```
    /// use jwtv::Error;
    /// // A fixture or a report names the verdict by its code.
    /// assert_eq!(Error::from_code("nonce_mismatch"), Some(Error::NonceMismatch));
    /// assert_eq!(Error::from_code("nonce mismatch"), None);
    /// ```
    pub fn from_code(code: &str) -> Option<Error> {
        Error::ALL.into_iter().find(|e| e.code() == code)
    }

    /// A one-line explanation for people reading logs.
    pub const fn explanation(self) -> &'static str {
        match self {
            Error::MalformedToken => "not a compact JWS with three canonical base64url segments",
            Error::MalformedHeader => "the protected header is not an acceptable JSON object",
            Error::MalformedClaims => {
                "the claims are not an acceptable JSON object or a registered claim is mistyped"
            }
            Error::MalformedJwks => "the key set is not a JWKS document",
            Error::CapacityExceeded => {
                "a capacity was exceeded (token length, keys, nesting, header size, members)"
            }
            Error::UnsupportedAlgorithm => "the header alg is not implemented by this build",
            Error::AlgorithmNotAllowed => "the header alg is not allowed by the policy",
            Error::UnsupportedCriticalHeader => {
                "the header lists critical extensions, none of which are supported"
            }
            Error::KeyNotFound => "no provisioned key matches the header",
            Error::AmbiguousKey => "several keys match the header, or its kid names several keys",
            Error::InvalidSignature => "the signature does not verify",
            Error::Expired => "the token has expired (exp)",
            Error::NotYetValid => "the token is not valid yet (nbf)",
            Error::IssuedInFuture => "the token was issued in the future (iat)",
            Error::TokenTooOld => "the token was issued too long ago (iat)",
            Error::AuthTooOld => "the authentication is too old (auth_time, max_age)",
            Error::MissingClaim => "a required claim is absent",
            Error::ProhibitedClaim => "a claim the profile prohibits is present",
            Error::InvalidLogoutEvent => {
                "events does not hold the back-channel logout event as an object"
            }
            Error::IssuerMismatch => "the issuer (iss) is not the expected one",
            Error::AudienceMismatch => "the audience (aud) does not match",
            Error::AuthorizedPartyMismatch => "the authorized party (azp) is not the client",
            Error::NonceMismatch => "the nonce is absent or differs",
            Error::AtHashMismatch => "at_hash is absent or does not match the access token",
            Error::CHashMismatch => "c_hash is absent or does not match the authorization code",
            Error::TypeMismatch => "the token type (typ) does not fit the profile",
            Error::InsufficientScope => "a required scope is missing",
            Error::SubjectMismatch => "the subject (sub) is not the expected one",
            Error::KeySetRollback => {
                "the key set is not newer than the installed one (iat): a replay or rollback"
            }
            Error::KeySetEmpty => "the key set holds no usable key",
            Error::KeySetSecret => "the key set holds a secret (oct)",
            Error::KeySetPrivateKey => "the key set holds a private key",
            Error::KeySetHoldsTrustAnchor => "the key set holds a trust-anchor key",
            Error::StoredKeySetCorrupt => {
                "the stored key set is damaged (magic, length, checksum, entry or key)"
            }
            Error::StoredKeySetVersion => "the stored key set's format version is not supported",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl core::error::Error for Error {}

#[cfg(feature = "defmt")]
impl defmt::Format for Error {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "{=str}", self.code());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_round_trip() {
        for (i, e) in Error::ALL.iter().enumerate() {
            let code = e.code();
            assert!(
                code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{code}"
            );
            assert_eq!(Error::from_code(code), Some(*e));
            for other in Error::ALL.iter().skip(i + 1) {
                assert_ne!(code, other.code());
            }
        }
        assert_eq!(Error::from_code("none"), None);
    }
}
