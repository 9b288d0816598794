//! Signed key-set updates for offline devices: a JWK Set signed by a trust anchor, in the shape
//! OpenID Federation 1.0 gives a signed JWK Set (`typ` `jwk-set+jwt`; claims `keys`, `iss`,
//! `sub`, `iat`, optionally `exp`), verified against keys provisioned at manufacture and loaded
//! beside the installed set, never over it.

use super::jwk;
use super::key_set::{JWKS_MAX_DEPTH, KeySet, KeySetIn, Keys, LoadReport};
use crate::algorithm::Algorithm;
use crate::claims::Claims;
use crate::error::Error;
use crate::json::Value;
use crate::policy::Policy;
use crate::rejection::{Detail, Rejection};
use crate::validate;
use crate::verify::{TokenBuffer, verify_explained, verify_in};

/// The `typ` of a signed JWK Set (OpenID Federation 1.0, media type `application/jwk-set+jwt`).
pub const KEY_SET_UPDATE_TYP: &str = "jwk-set+jwt";

/// The claims a signed key set must carry, beside `iss` (always expected).
const REQUIRED: &[&str] = &["sub", "iat", "keys"];

/// What a device expects of a key-set update: who signs it (the trust anchor's algorithms), who
/// issues it and for which devices (`iss`, `sub`), the clock leeway, and the `iat` of the set
/// installed now (an update must be newer).
///
/// # Examples
/// ```
/// use jwtv::{Algorithm, KeySetUpdatePolicy};
/// const POLICY: KeySetUpdatePolicy<'static> =
///     KeySetUpdatePolicy::new(&[Algorithm::ES256], "https://keys.example", "door-controllers")
///         .with_leeway(60);
/// // At boot, from the stored set's `iat`:
/// let policy = POLICY.with_installed_iat(1_700_000_000);
/// assert_eq!(policy.installed_iat(), Some(1_700_000_000));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct KeySetUpdatePolicy<'p> {
    algorithms: &'p [Algorithm],
    issuer: &'p str,
    subject: &'p str,
    leeway: u64,
    installed_iat: Option<u64>,
}

impl<'p> KeySetUpdatePolicy<'p> {
    /// Updates signed with one of `algorithms`, from `issuer` (`iss`) for `subject` (`sub`), with
    /// no leeway and no set installed yet.
    pub const fn new(algorithms: &'p [Algorithm], issuer: &'p str, subject: &'p str) -> Self {
        KeySetUpdatePolicy {
            algorithms,
            issuer,
            subject,
            leeway: 0,
            installed_iat: None,
        }
    }

    /// Clock skew allowed for `exp` and `iat`, in seconds.
    pub const fn with_leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// The `iat` of the set installed now: an update must be issued strictly later.
    pub const fn with_installed_iat(mut self, iat: u64) -> Self {
        self.installed_iat = Some(iat);
        self
    }

    /// The algorithms the trust anchor signs with.
    pub const fn algorithms(&self) -> &'p [Algorithm] {
        self.algorithms
    }

    /// The expected `iss`.
    pub const fn issuer(&self) -> &'p str {
        self.issuer
    }

    /// The expected `sub`.
    pub const fn subject(&self) -> &'p str {
        self.subject
    }

    /// The leeway, in seconds.
    pub const fn leeway(&self) -> u64 {
        self.leeway
    }

    /// The `iat` of the installed set, if one is installed.
    pub const fn installed_iat(&self) -> Option<u64> {
        self.installed_iat
    }
}

/// A key-set update that passed every check: the new set is in the storage given to
/// [`verify_key_set_update`].
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeySetUpdate {
    iat: u64,
    exp: Option<u64>,
    report: LoadReport,
}

impl KeySetUpdate {
    /// The update's `iat` (whole seconds): store it with the set, and give it as
    /// [`KeySetUpdatePolicy::with_installed_iat`] to the next update.
    pub const fn iat(&self) -> u64 {
        self.iat
    }

    /// The update's `exp` (whole seconds), if it has one.
    pub const fn exp(&self) -> Option<u64> {
        self.exp
    }

    /// The keys loaded, and those skipped (by the JWKS loader's rules), by reason.
    pub const fn report(&self) -> LoadReport {
        self.report
    }
}

/// Verifies a key-set update (a compact JWS, `typ` `jwk-set+jwt`) and loads its keys into
/// `new_set`, leaving the installed set untouched: the caller swaps the sets (and stores the new
/// one with [`KeySet::write_stored`]) only on success.
///
/// The checks, in order (the first failure is the verdict):
/// 1. the signature, by one of `trust_anchors` with one of the policy's algorithms, as
///    [`verify`](crate::verify()) checks any JWS (`key_not_found`, `invalid_signature`, …),
///    and the header `typ` `jwk-set+jwt` (compared as a media type) — [`Error::TypeMismatch`];
/// 2. the claims: `iss`, `sub`, `iat` and `keys` present — [`Error::MissingClaim`]; `iss` —
///    [`Error::IssuerMismatch`]; `exp` — [`Error::Expired`]; `iat` beyond now + leeway —
///    [`Error::IssuedInFuture`]; `sub` — [`Error::SubjectMismatch`];
/// 3. `iat` later than the installed set's — [`Error::KeySetRollback`];
/// 4. `keys`: no secret (`oct`) — [`Error::KeySetSecret`], no private members —
///    [`Error::KeySetPrivateKey`], then loaded by [`KeySet::from_jwks_with`]'s rules
///    (`malformed_jwks`, `capacity_exceeded`; unusable keys skipped); a `kid` carried by two
///    signing keys — [`Error::AmbiguousKey`]; no usable key — [`Error::KeySetEmpty`]; a
///    trust-anchor key among them — [`Error::KeySetHoldsTrustAnchor`].
///
/// On any error `new_set` is left empty.
///
/// # Errors
/// As listed above, and [`Error::CapacityExceeded`] for an update longer than `buffer`.
///
/// # Examples
/// See the repository's `docs/firmware.md`, "Key-set updates on the device".
pub fn verify_key_set_update<const T: usize, const N: usize, const BYTES: usize>(
    update: &[u8],
    trust_anchors: &(impl Keys + ?Sized),
    policy: &KeySetUpdatePolicy<'_>,
    now: u64,
    buffer: &mut TokenBuffer<T>,
    new_set: &mut KeySet<N, BYTES>,
) -> Result<KeySetUpdate, Error> {
    new_set.lend(|set| {
        verify_key_set_update_in(update, trust_anchors, policy, now, buffer.bytes_mut(), set)
    })
}

/// Like [`verify_key_set_update`], for a key set in lent storage ([`KeySetIn`]) and a buffer of
/// run-time size (the update is refused with [`Error::CapacityExceeded`] when longer than
/// `buffer`): what the C interface calls.
///
/// # Errors
/// As [`verify_key_set_update`]. On any error `new_set` is left empty.
pub fn verify_key_set_update_in(
    update: &[u8],
    trust_anchors: &(impl Keys + ?Sized),
    policy: &KeySetUpdatePolicy<'_>,
    now: u64,
    buffer: &mut [u8],
    new_set: &mut KeySetIn<'_, '_>,
) -> Result<KeySetUpdate, Error> {
    new_set.clear();
    let result = check(update, trust_anchors, policy, now, buffer, new_set);
    if result.is_err() {
        new_set.clear();
    }
    result
}

/// Like [`verify_key_set_update`], and a refusal comes with the values that explain it, as
/// [`verify_explained`] gives them for a token: the update's `alg` and `kid` when no trust anchor
/// verifies it ([`Error::KeyNotFound`], [`Error::InvalidSignature`], …: [`Detail::Key`]), the
/// update's `sub` and the expected one ([`Error::SubjectMismatch`]: [`Detail::Mismatch`]), its
/// `iat` and the installed set's ([`Error::KeySetRollback`]: [`Detail::Rollback`]), its `iss`,
/// `exp` or `iat` against the policy and `now` as for a token. A refusal of the keys inside
/// (a secret, a private key, an anchor, no usable key) has [`Detail::None`].
///
/// The update is checked once by [`verify_key_set_update`]; only a refusal reads it again, to
/// explain it, so an accepted update costs what it costs there. The detail borrows from `buffer`
/// and the policy's strings.
///
/// # Errors
/// As [`verify_key_set_update`], as a [`Rejection`].
///
/// # Examples
/// ```
/// use jwtv::{verify_key_set_update_explained, Algorithm, Detail, Error, KeySet};
/// use jwtv::{KeySetUpdatePolicy, TokenBuffer};
///
/// const POLICY: KeySetUpdatePolicy<'static> =
///     KeySetUpdatePolicy::new(&[Algorithm::ES256], "https://keys.example", "door-controllers");
/// // Header {"alg":"ES256","kid":"anchor-1","typ":"jwk-set+jwt"}; no anchor has that kid.
/// let update = b"eyJhbGciOiJFUzI1NiIsImtpZCI6ImFuY2hvci0xIiwidHlwIjoiandrLXNldCtqd3QifQ.e30.AAAA";
/// let mut buffer = TokenBuffer::<1024>::new();
/// let mut new_set = KeySet::<4>::new();
/// let rejection = verify_key_set_update_explained(
///     update, &[], &POLICY, 1_700_000_000, &mut buffer, &mut new_set,
/// )
/// .unwrap_err();
/// assert_eq!(rejection.error(), Error::KeyNotFound);
/// assert!(matches!(
///     rejection.detail(),
///     Detail::Key { alg: Algorithm::ES256, kid: Some(kid) } if kid == "anchor-1"
/// ));
/// ```
pub fn verify_key_set_update_explained<'b, const T: usize, const N: usize, const BYTES: usize>(
    update: &[u8],
    trust_anchors: &(impl Keys + ?Sized),
    policy: &KeySetUpdatePolicy<'b>,
    now: u64,
    buffer: &'b mut TokenBuffer<T>,
    new_set: &mut KeySet<N, BYTES>,
) -> Result<KeySetUpdate, Rejection<'b>> {
    match verify_key_set_update(update, trust_anchors, policy, now, buffer, new_set) {
        Ok(accepted) => Ok(accepted),
        Err(error) => Err(explain(error, update, trust_anchors, policy, now, buffer)),
    }
}

/// The values behind `error`, read again from `update` the way [`check`] read them.
fn explain<'b, const T: usize>(
    error: Error,
    update: &[u8],
    trust_anchors: &(impl Keys + ?Sized),
    policy: &KeySetUpdatePolicy<'b>,
    now: u64,
    buffer: &'b mut TokenBuffer<T>,
) -> Rejection<'b> {
    let signed = Policy::jws(policy.algorithms)
        .with_typ(KEY_SET_UPDATE_TYP)
        .with_max_depth(JWKS_MAX_DEPTH);
    let verified = match verify_explained(update, trust_anchors, &signed, now, buffer) {
        Ok(verified) => verified,
        // The signature stage refused it (the same refusal: both runs read the same bytes with
        // the same keys and policy): a token's own explanation.
        Err(rejection) => return rejection,
    };
    let Ok(claims) = Claims::parse(verified.payload(), JWKS_MAX_DEPTH) else {
        return Rejection::new(error, Detail::None);
    };
    let detail = match error {
        Error::SubjectMismatch => Detail::Mismatch {
            name: "sub",
            found: claims.sub(),
            expected: Some(policy.subject),
        },
        Error::KeySetRollback => match (claims.iat(), policy.installed_iat) {
            (Some(iat), Some(installed_iat)) => Detail::Rollback {
                iat: iat.secs(),
                installed_iat,
            },
            _ => Detail::None,
        },
        Error::MissingClaim
        | Error::IssuerMismatch
        | Error::Expired
        | Error::IssuedInFuture
        | Error::MalformedClaims => {
            let rules = signed
                .expecting_issuer(policy.issuer)
                .with_required_claims(REQUIRED)
                .with_leeway(policy.leeway);
            return Rejection::explain(error, None, Some(&claims), &rules, now);
        }
        _ => Detail::None,
    };
    Rejection::new(error, detail)
}

fn check(
    update: &[u8],
    trust_anchors: &(impl Keys + ?Sized),
    policy: &KeySetUpdatePolicy<'_>,
    now: u64,
    buffer: &mut [u8],
    new_set: &mut KeySetIn<'_, '_>,
) -> Result<KeySetUpdate, Error> {
    // The signature and `typ` through the one JWS path; the claims are then read with the JWT
    // rules (but `exp` optional, as OpenID Federation has it).
    let signed = Policy::jws(policy.algorithms)
        .with_typ(KEY_SET_UPDATE_TYP)
        .with_max_depth(JWKS_MAX_DEPTH);
    let verified = verify_in(update, trust_anchors, &signed, now, buffer)?;
    let claims = Claims::parse(verified.payload(), JWKS_MAX_DEPTH)?;
    let rules = signed
        .expecting_issuer(policy.issuer)
        .with_required_claims(REQUIRED)
        .with_leeway(policy.leeway);
    validate::validate(verified.header(), &claims, &rules, now)?;
    if !claims.sub().is_some_and(|sub| sub == policy.subject) {
        return Err(Error::SubjectMismatch);
    }
    let iat = claims.iat().ok_or(Error::MissingClaim)?.secs();
    if policy
        .installed_iat
        .is_some_and(|installed| iat <= installed)
    {
        return Err(Error::KeySetRollback);
    }
    let keys = claims.object().get("keys").ok_or(Error::MissingClaim)?;
    if let Value::Array(entries) = keys {
        for entry in entries.iter() {
            if let Value::Object(jwk) = entry {
                if jwk::is_secret(jwk) {
                    return Err(Error::KeySetSecret);
                }
                if jwk::has_private_members(jwk) {
                    return Err(Error::KeySetPrivateKey);
                }
            }
        }
    }
    let report = new_set.load_keys(keys, |_| {})?;
    if new_set.is_empty() {
        return Err(Error::KeySetEmpty);
    }
    if new_set.iter().any(|key| key.has_shared_kid()) {
        return Err(Error::AmbiguousKey);
    }
    let holds_anchor = new_set.iter().any(|key| {
        trust_anchors
            .keys()
            .any(|anchor| anchor.kind() == key.kind() && anchor.material() == key.material())
    });
    if holds_anchor {
        return Err(Error::KeySetHoldsTrustAnchor);
    }
    Ok(KeySetUpdate {
        iat,
        exp: claims.exp().map(|exp| exp.secs()),
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_reads_back_what_it_was_given() {
        const ALGORITHMS: [Algorithm; 1] = [Algorithm::ES256];
        let policy = KeySetUpdatePolicy::new(&ALGORITHMS, "https://keys.example", "fleet-7");
        assert_eq!(
            (
                policy.algorithms(),
                policy.issuer(),
                policy.subject(),
                policy.leeway(),
                policy.installed_iat()
            ),
            (&ALGORITHMS[..], "https://keys.example", "fleet-7", 0, None)
        );
        let policy = policy.with_leeway(30).with_installed_iat(1_700_000_000);
        assert_eq!(
            (policy.leeway(), policy.installed_iat()),
            (30, Some(1_700_000_000))
        );
    }
}
