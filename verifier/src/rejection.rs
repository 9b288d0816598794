//! Why a token was refused, with the values involved: which `kid` and `alg` no key matched,
//! which claim is missing, what the token said and what the policy expected. [`Error`] stays a
//! `Copy` code; the detail borrows from the token buffer and the policy, so nothing is
//! allocated and nothing is copied.

use core::fmt;

use crate::algorithm::Algorithm;
use crate::claims::Claims;
use crate::error::Error;
use crate::header::Header;
use crate::json::JsonStr;
use crate::policy::{Policy, Profile};
use crate::validate;

/// A refused token: the [`Error`], and the values that explain it ([`verify_explained`]).
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
/// use jwtv::{verify_explained, Detail, Error};
/// // The same token, an hour after it expired (`exp` 2000000000.5; leeway 60).
/// const LATE: Policy<'static> = POLICY.with_leeway(60);
/// let mut buffer = TokenBuffer::<1024>::new();
/// let rejection = verify_explained(TOKEN, &keys, &LATE, 2_000_003_600, &mut buffer).unwrap_err();
/// assert_eq!(rejection.error(), Error::Expired);
/// assert_eq!(
///     rejection.detail(),
///     Detail::Time { claim: "exp", value: 2_000_000_001, now: 2_000_003_600, leeway: 60 }
/// );
/// assert!(rejection.to_string().starts_with("expired: "));
/// // A `kid` the keys do not have.
/// let mut buffer = TokenBuffer::<1024>::new();
/// let rejection = verify_explained(TOKEN, &[], &POLICY, 1_800_000_000, &mut buffer).unwrap_err();
/// assert_eq!(Error::from(rejection), Error::KeyNotFound);
/// assert!(matches!(
///     rejection.detail(),
///     Detail::Key { alg: Algorithm::HS256, kid: Some(kid) } if kid == "hs-1"
/// ));
/// # Ok::<(), jwtv::Error>(())
/// ```
///
/// [`verify_explained`]: crate::verify_explained
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rejection<'b> {
    error: Error,
    detail: Detail<'b>,
}

/// The values behind a [`Rejection`]. Values from the token are as it wrote them (a
/// [`JsonStr`] compares and displays decoded); nothing here is trusted unless the signature
/// verified, which only the claim details imply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Detail<'b> {
    /// Nothing more to say than the error code.
    None,
    /// The header's algorithm and key id, for [`Error::KeyNotFound`], [`Error::AmbiguousKey`],
    /// [`Error::AlgorithmNotAllowed`] and [`Error::InvalidSignature`]. Not verified.
    Key {
        /// The header's `alg`.
        alg: Algorithm,
        /// The header's `kid`, if any.
        kid: Option<JsonStr<'b>>,
    },
    /// The claim that is required and absent ([`Error::MissingClaim`]).
    MissingClaim(&'b str),
    /// A rule that names no value, in words with its source: a logout token's `sub`/`sid`,
    /// `nonce` or `events` rule ([`Error::MissingClaim`], [`Error::ProhibitedClaim`],
    /// [`Error::InvalidLogoutEvent`], [`Error::MalformedClaims`]), an ID token's `events`
    /// ([`Error::ProhibitedClaim`]), which flow required `at_hash` or `c_hash`
    /// ([`Error::AtHashMismatch`], [`Error::CHashMismatch`]).
    Rule(&'static str),
    /// An HMAC secret that fits the header but for its length: it is shorter than the hash of
    /// the header's `alg` (RFC 7518 §3.2; OIDC Core §16.19 for client secrets), so it never
    /// verifies ([`Error::KeyNotFound`]).
    ShortSecret {
        /// The header's `alg`.
        alg: Algorithm,
        /// The header's `kid`, if any.
        kid: Option<JsonStr<'b>>,
        /// The secret's length in bytes.
        bytes: usize,
        /// The least `alg` takes: its hash's output length.
        needed: usize,
    },
    /// What the token carries and what was expected: `iss`, `aud`, `azp`, `nonce` or the
    /// header's `typ` ([`Error::IssuerMismatch`], [`Error::AudienceMismatch`],
    /// [`Error::AuthorizedPartyMismatch`], [`Error::NonceMismatch`], [`Error::TypeMismatch`]).
    Mismatch {
        /// The claim or header parameter.
        name: &'static str,
        /// The token's value (for `aud`, the first audience that is not accepted), if any.
        found: Option<JsonStr<'b>>,
        /// The expected value, when there is one to name.
        expected: Option<&'b str>,
    },
    /// A signed key set that is not newer than the installed one ([`Error::KeySetRollback`],
    /// from [`verify_key_set_update_explained`]): its `iat` and the installed set's, in whole
    /// seconds, as compared.
    ///
    /// [`verify_key_set_update_explained`]: crate::verify_key_set_update_explained
    Rollback {
        /// The update's `iat`.
        iat: u64,
        /// The installed set's `iat`.
        installed_iat: u64,
    },
    /// A time rule: the NumericDate claim (`exp`, `nbf`, `iat`, `auth_time`), its value in
    /// seconds (fractions rounded up, as compared), the caller's `now` and the leeway
    /// ([`Error::Expired`], [`Error::NotYetValid`], [`Error::IssuedInFuture`],
    /// [`Error::TokenTooOld`], [`Error::AuthTooOld`]).
    Time {
        /// The claim.
        claim: &'static str,
        /// Its value.
        value: u64,
        /// The time the token was verified at.
        now: u64,
        /// The policy's leeway.
        leeway: u64,
    },
}

impl<'b> Rejection<'b> {
    /// The error code.
    pub const fn error(&self) -> Error {
        self.error
    }

    /// The values that explain it.
    pub const fn detail(&self) -> Detail<'b> {
        self.detail
    }

    /// A rejection with this detail.
    pub(crate) const fn new(error: Error, detail: Detail<'b>) -> Rejection<'b> {
        Rejection { error, detail }
    }

    /// Explains `error` from what verification had read when it stopped.
    pub(crate) fn explain(
        error: Error,
        header: Option<&Header<'b>>,
        claims: Option<&Claims<'b>>,
        policy: &Policy<'b>,
        now: u64,
    ) -> Rejection<'b> {
        let detail = match (error, header, claims) {
            (
                Error::KeyNotFound
                | Error::AmbiguousKey
                | Error::AlgorithmNotAllowed
                | Error::InvalidSignature,
                Some(header),
                _,
            ) => Detail::Key {
                alg: header.alg(),
                kid: header.kid(),
            },
            (Error::TypeMismatch, Some(header), _) => Detail::Mismatch {
                name: "typ",
                found: header.typ(),
                expected: match (policy.typ(), policy.profile()) {
                    (Some(typ), _) => Some(typ),
                    (None, Profile::AccessToken) => Some("at+jwt"),
                    (None, Profile::LogoutToken) => Some("logout+jwt"),
                    (None, Profile::IdToken | Profile::Jwt) => Some("JWT"),
                    (None, _) => None,
                },
            },
            (_, _, Some(claims)) => explain_claims(error, claims, policy, now),
            _ => Detail::None,
        };
        Rejection { error, detail }
    }

    /// The same rejection with another detail.
    pub(crate) fn with_detail(self, detail: Detail<'b>) -> Rejection<'b> {
        Rejection { detail, ..self }
    }
}

fn explain_claims<'b>(
    error: Error,
    claims: &Claims<'b>,
    policy: &Policy<'b>,
    now: u64,
) -> Detail<'b> {
    let time = |claim: &'static str, value: Option<crate::NumericDate>| match value {
        Some(value) => Detail::Time {
            claim,
            value: value.ceil(),
            now,
            leeway: policy.leeway(),
        },
        None => Detail::None,
    };
    let rule = || {
        validate::profile_rule(claims, policy)
            .filter(|(e, _)| *e == error)
            .map_or(Detail::None, |(_, rule)| Detail::Rule(rule))
    };
    match error {
        Error::MissingClaim => match validate::missing_claim(claims, policy) {
            Some(claim) => Detail::MissingClaim(claim),
            None => rule(),
        },
        Error::ProhibitedClaim | Error::InvalidLogoutEvent | Error::MalformedClaims => rule(),
        Error::AtHashMismatch | Error::CHashMismatch => {
            Detail::Rule(validate::hash_rule_text(error, claims, policy))
        }
        Error::IssuerMismatch => Detail::Mismatch {
            name: "iss",
            found: claims.iss(),
            expected: policy.issuer(),
        },
        Error::AudienceMismatch => {
            let wanted = policy.audience();
            let accepted = |a: &JsonStr<'_>| {
                wanted.is_some_and(|w| *a == *w)
                    || policy.additional_audiences().iter().any(|x| *a == **x)
            };
            let aud = claims.aud();
            Detail::Mismatch {
                name: "aud",
                found: aud
                    .and_then(|aud| aud.iter().find(|a| !accepted(a)))
                    .or_else(|| aud.and_then(|aud| aud.iter().next())),
                expected: wanted,
            }
        }
        Error::AuthorizedPartyMismatch => Detail::Mismatch {
            name: "azp",
            found: claims.azp(),
            expected: policy.audience(),
        },
        Error::NonceMismatch => Detail::Mismatch {
            name: "nonce",
            found: claims.nonce(),
            expected: policy.expected_nonces().next(),
        },
        Error::Expired => time("exp", claims.exp()),
        Error::NotYetValid => time("nbf", claims.nbf()),
        Error::IssuedInFuture | Error::TokenTooOld => time("iat", claims.iat()),
        Error::AuthTooOld => time("auth_time", claims.auth_time()),
        _ => Detail::None,
    }
}

impl From<Rejection<'_>> for Error {
    fn from(rejection: Rejection<'_>) -> Error {
        rejection.error
    }
}

/// `code: explanation`, then the values: `(kid "k1", alg RS256)`,
/// `(iss "https://a", expected "https://b")`, `(exp 1700000000, now 1700000100, leeway 0)`.
impl fmt::Display for Rejection<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error.code(), self.error.explanation())?;
        match self.detail {
            Detail::None => Ok(()),
            Detail::Key { alg, kid } => match kid {
                Some(kid) => write!(f, " (alg {alg}, kid {kid:?})"),
                None => write!(f, " (alg {alg}, no kid)"),
            },
            Detail::MissingClaim(name) => write!(f, " (claim {name:?})"),
            Detail::Rule(rule) => write!(f, " ({rule})"),
            Detail::ShortSecret {
                alg,
                kid,
                bytes,
                needed,
            } => {
                match kid {
                    Some(kid) => write!(f, " (alg {alg}, kid {kid:?}): ")?,
                    None => write!(f, " (alg {alg}, no kid): ")?,
                }
                write!(
                    f,
                    "the secret is {bytes} bytes; {alg} needs at least {needed} (RFC 7518 §3.2)"
                )
            }
            Detail::Mismatch {
                name,
                found,
                expected,
            } => {
                match found {
                    Some(found) => write!(f, " ({name} {found:?}")?,
                    None => write!(f, " ({name} absent")?,
                }
                match expected {
                    Some(expected) => write!(f, ", expected {expected:?})"),
                    None => f.write_str(")"),
                }
            }
            Detail::Time {
                claim,
                value,
                now,
                leeway,
            } => write!(f, " ({claim} {value}, now {now}, leeway {leeway})"),
            Detail::Rollback { iat, installed_iat } => {
                write!(f, " (iat {iat}, installed iat {installed_iat})")
            }
        }
    }
}

impl core::error::Error for Rejection<'_> {}
