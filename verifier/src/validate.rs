//! Claim validation: the profile's and the policy's rules, applied to a verified token.
//!
//! The checks run in this order, and the first failure is the verdict:
//!
//! 1. `typ` (explicit typing) — [`Error::TypeMismatch`]
//! 2. presence of the profile's required claims, then the policy's — [`Error::MissingClaim`];
//!    an ID token's `sub` longer than 255 bytes — [`Error::MalformedClaims`]; the profile's own
//!    claim rules ([`profile_rule`]): a logout token's `sub`/`sid` — [`Error::MissingClaim`],
//!    its `nonce` (or an ID token's `events`) — [`Error::ProhibitedClaim`], its `events` —
//!    [`Error::InvalidLogoutEvent`]
//! 3. `iss` — [`Error::IssuerMismatch`]
//! 4. `aud` — [`Error::AudienceMismatch`]
//! 5. `azp` (ID tokens) — [`Error::AuthorizedPartyMismatch`]
//! 6. `exp` — [`Error::Expired`]; `nbf` — [`Error::NotYetValid`]; `iat` — [`Error::IssuedInFuture`]
//! 7. maximum token age (`iat`) — [`Error::TokenTooOld`]; `max_age` (`auth_time`) — [`Error::AuthTooOld`]
//! 8. `nonce` (the policy's, and the one the implicit and hybrid flows sent) —
//!    [`Error::NonceMismatch`]
//! 9. `at_hash` — [`Error::AtHashMismatch`]; `c_hash` — [`Error::CHashMismatch`] (the policy's
//!    strict `with_access_token` / `with_code`, then the flow's rules, `Policy::received_from`)
//! 10. required scopes — [`Error::InsufficientScope`]
//!
//! Time rules compare exactly, fractions included, with `leeway` in the token's favour:
//! valid while `now - leeway < exp`, `now + leeway >= nbf`, `now + leeway >= iat`,
//! `now - leeway <= iat + max_token_age`, `now - leeway <= auth_time + max_age`, where
//! `now - leeway` stops at 0 and `now + leeway` at `u64::MAX` (so `exp: 0` is expired whatever
//! the leeway).

use crate::algorithm::HashAlg;
use crate::base64url;
use crate::claims::Claims;
use crate::crypto;
use crate::error::Error;
use crate::header::Header;
use crate::json::{JsonStr, Value};
use crate::policy::{IdTokenSource, Policy, Profile};

/// Applies `policy` to the claims of a token whose signature has been verified.
pub(crate) fn validate(
    header: &Header<'_>,
    claims: &Claims<'_>,
    policy: &Policy<'_>,
    now: u64,
) -> Result<(), Error> {
    check_typ(header, policy)?;
    check_presence(claims, policy)?;
    check_issuer(claims, policy)?;
    check_audience(claims, policy)?;
    check_time(claims, policy, now)?;
    check_nonce(claims, policy)?;
    check_hashes(header, claims, policy)?;
    check_scopes(claims, policy)
}

/// The optional prefix of a media type in `typ` (RFC 7515 §4.1.9).
const MEDIA_TYPE_PREFIX: &str = "application/";

/// Whether the header's `typ` names the media type `wanted`: both without their optional
/// `application/` prefix, compared ASCII-case-insensitively, as RFC 7515 §4.1.9 says `typ`
/// values compare. `wanted` is cut as a `str` (one generic comparison, over the header's
/// unescaped characters).
fn typ_is(typ: JsonStr<'_>, wanted: &str) -> bool {
    let wanted = match wanted.get(..MEDIA_TYPE_PREFIX.len()) {
        Some(prefix) if prefix.eq_ignore_ascii_case(MEDIA_TYPE_PREFIX) => {
            wanted.get(MEDIA_TYPE_PREFIX.len()..).unwrap_or_default()
        }
        _ => wanted,
    };
    let lower = typ.chars().map(|c| c.to_ascii_lowercase());
    let prefixed = lower
        .clone()
        .take(MEDIA_TYPE_PREFIX.len())
        .eq(MEDIA_TYPE_PREFIX.chars());
    lower
        .skip(if prefixed { MEDIA_TYPE_PREFIX.len() } else { 0 })
        .eq(wanted.chars().map(|c| c.to_ascii_lowercase()))
}

/// Explicit typing (RFC 8725 §3.11): a token of one kind must never pass as another kind from
/// the same issuer and key.
///
/// - Access tokens must say `at+jwt` (RFC 9068 §4).
/// - ID tokens and plain JWTs may say nothing or `JWT` (RFC 7519 §5.1); any other type names
///   another kind of token (`at+jwt`, `logout+jwt`, `secevent+jwt`, `dpop+jwt`, …) and is refused,
///   unless the policy names that type itself.
/// - Logout tokens may say nothing or `logout+jwt` (Back-Channel Logout 1.0 §2.4), unless the
///   policy names a type.
/// - A type the policy names (`Policy::with_typ`) must be present and equal.
pub(crate) fn check_typ(header: &Header<'_>, policy: &Policy<'_>) -> Result<(), Error> {
    let typ = header.typ();
    let fits = match (policy.profile(), policy.typ()) {
        (Profile::AccessToken, wanted) => {
            typ.is_some_and(|t| typ_is(t, "at+jwt") && wanted.is_none_or(|w| typ_is(t, w)))
        }
        (_, Some(wanted)) => typ.is_some_and(|t| typ_is(t, wanted)),
        // Back-Channel Logout 1.0 §2.4: explicit typing is recommended, not required.
        (Profile::LogoutToken, None) => typ.is_none_or(|t| typ_is(t, "logout+jwt")),
        (Profile::IdToken | Profile::Jwt, None) => typ.is_none_or(|t| typ_is(t, "JWT")),
        (_, None) => true,
    };
    if fits {
        Ok(())
    } else {
        Err(Error::TypeMismatch)
    }
}

fn check_presence(claims: &Claims<'_>, policy: &Policy<'_>) -> Result<(), Error> {
    if missing_claim(claims, policy).is_some() {
        return Err(Error::MissingClaim);
    }
    // OIDC Core §2: `sub` "MUST NOT exceed 255 ASCII characters".
    if policy.profile() == Profile::IdToken
        && claims.sub().is_some_and(|sub| sub.len() > MAX_SUB_LEN)
    {
        return Err(Error::MalformedClaims);
    }
    match profile_rule(claims, policy) {
        Some((error, _)) => Err(error),
        None => Ok(()),
    }
}

/// The member of a logout token's `events` that makes it one (Back-Channel Logout 1.0 §2.4).
pub const BACKCHANNEL_LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

/// The first of the profile's own claim rules the token breaks, and the rule in words (for
/// [`crate::Rejection`]): a logout token's `sub`/`sid`, `nonce` and `events` (Back-Channel
/// Logout 1.0 §2.4, §2.6), and an ID token's `events`. One lookup per rule: bounded by the
/// payload's member count, as every claim lookup is.
pub(crate) fn profile_rule(
    claims: &Claims<'_>,
    policy: &Policy<'_>,
) -> Option<(Error, &'static str)> {
    match policy.profile() {
        Profile::LogoutToken => {
            if !claims.contains("sub") && !claims.contains("sid") {
                return Some((
                    Error::MissingClaim,
                    "a logout token must contain sub, sid or both (Back-Channel Logout 1.0 §2.4)",
                ));
            }
            if let Some(sid) = claims.object().get("sid")
                && !matches!(sid, Value::String(_))
            {
                return Some((
                    Error::MalformedClaims,
                    "a logout token's sid must be a string (Back-Channel Logout 1.0 §2.4)",
                ));
            }
            if claims.contains("nonce") {
                return Some((
                    Error::ProhibitedClaim,
                    "a logout token must not contain nonce, so that it never passes as an ID \
                     token (Back-Channel Logout 1.0 §2.4)",
                ));
            }
            let rule = match claims.events() {
                Some(Value::Object(events)) => match events.get(BACKCHANNEL_LOGOUT_EVENT) {
                    Some(Value::Object(_)) => return None,
                    Some(_) => {
                        "the back-channel logout member of events must be a JSON object \
                         (Back-Channel Logout 1.0 §2.4)"
                    }
                    None => {
                        "events must contain the member \
                         http://schemas.openid.net/event/backchannel-logout \
                         (Back-Channel Logout 1.0 §2.4, §2.6 step 6)"
                    }
                },
                _ => "events must be a JSON object (Back-Channel Logout 1.0 §2.4)",
            };
            Some((Error::InvalidLogoutEvent, rule))
        }
        Profile::IdToken if claims.contains("events") => Some((
            Error::ProhibitedClaim,
            "an ID token does not contain events: a token with events is a security event \
             token such as a logout token (RFC 8417 §4.1, Back-Channel Logout 1.0 §4.1)",
        )),
        _ => None,
    }
}

/// The first claim the profile, then the policy, requires and the token lacks.
pub(crate) fn missing_claim<'p>(claims: &Claims<'_>, policy: &Policy<'p>) -> Option<&'p str> {
    let required: &[&str] = match policy.profile() {
        Profile::Jws => &[],
        Profile::Jwt => &["exp"],
        Profile::IdToken => &["iss", "sub", "aud", "exp", "iat"],
        Profile::AccessToken => &["iss", "exp", "aud", "sub", "client_id", "iat", "jti"],
        // Back-Channel Logout 1.0 §2.4; `sub` or `sid` is [`profile_rule`]'s.
        Profile::LogoutToken => &["iss", "aud", "iat", "exp", "jti", "events"],
    };
    let by_policy = [
        policy.issuer().map(|_| "iss"),
        policy.audience().map(|_| "aud"),
        policy.max_token_age().map(|_| "iat"),
        policy.max_age().map(|_| "auth_time"),
    ];
    required
        .iter()
        .copied()
        .chain(by_policy.into_iter().flatten())
        .chain(policy.required_claims().iter().copied())
        .find(|name| !claims.contains(name))
}

/// Longest `sub` an ID token may carry, in bytes (OIDC Core §2).
const MAX_SUB_LEN: usize = 255;

fn check_issuer(claims: &Claims<'_>, policy: &Policy<'_>) -> Result<(), Error> {
    match (policy.issuer(), claims.iss()) {
        (Some(wanted), Some(iss)) if iss == wanted => Ok(()),
        (Some(_), _) => Err(Error::IssuerMismatch),
        (None, _) => Ok(()),
    }
}

fn check_audience(claims: &Claims<'_>, policy: &Policy<'_>) -> Result<(), Error> {
    let Some(wanted) = policy.audience() else {
        return Ok(());
    };
    let aud = claims.aud().ok_or(Error::AudienceMismatch)?;
    let additional = policy.additional_audiences();
    // A logout token's `aud` is validated as an ID token's (Back-Channel Logout 1.0 §2.6 step 4).
    if matches!(policy.profile(), Profile::IdToken | Profile::LogoutToken) {
        // OIDC Core §3.1.3.7 rule 2: the client itself must be an audience.
        if !aud.contains(wanted) {
            return Err(Error::AudienceMismatch);
        }
        // Rule 3: reject an ID token that lists audiences the client does not trust; it trusts
        // itself and the audiences the policy adds.
        if aud
            .iter()
            .any(|a| a != wanted && !additional.iter().any(|extra| a == *extra))
        {
            return Err(Error::AudienceMismatch);
        }
        // Rules 4–5: an `azp`, when present, must be this client. (Not a logout token claim.)
        if policy.profile() == Profile::IdToken && claims.azp().is_some_and(|azp| azp != wanted) {
            return Err(Error::AuthorizedPartyMismatch);
        }
    } else if !aud.contains(wanted) && !additional.iter().any(|extra| aud.contains(extra)) {
        // RFC 7519 §4.1.3, RFC 9068 §4: one of the audiences the verifier identifies with.
        return Err(Error::AudienceMismatch);
    }
    Ok(())
}

fn check_time(claims: &Claims<'_>, policy: &Policy<'_>, now: u64) -> Result<(), Error> {
    let leeway = policy.leeway();
    let late = now.saturating_sub(leeway);
    let early = now.saturating_add(leeway);
    if let Some(exp) = claims.exp() {
        // RFC 7519 §4.1.4: the current time must be before exp.
        if late >= exp.ceil() {
            return Err(Error::Expired);
        }
    }
    if let Some(nbf) = claims.nbf()
        && early < nbf.ceil()
    {
        return Err(Error::NotYetValid);
    }
    if let Some(iat) = claims.iat()
        && early < iat.ceil()
    {
        return Err(Error::IssuedInFuture);
    }
    if let (Some(limit), Some(iat)) = (policy.max_token_age(), claims.iat())
        && late > iat.secs().saturating_add(limit)
    {
        return Err(Error::TokenTooOld);
    }
    if let (Some(limit), Some(auth_time)) = (policy.max_age(), claims.auth_time())
        && late > auth_time.secs().saturating_add(limit)
    {
        return Err(Error::AuthTooOld);
    }
    Ok(())
}

/// OIDC Core §3.1.3.7 rule 11: the nonce sent must come back. The implicit and hybrid flows
/// always send one, and their sources carry it (§3.2.2.11, §3.3.2.11); a nonce the policy names
/// must be equal too. A logout token never carries one ([`profile_rule`]), so a policy's nonce
/// does not apply to it.
fn check_nonce(claims: &Claims<'_>, policy: &Policy<'_>) -> Result<(), Error> {
    if policy.profile() == Profile::LogoutToken {
        return Ok(());
    }
    let holds = policy
        .expected_nonces()
        .all(|wanted| claims.nonce().is_some_and(|nonce| nonce == wanted));
    if holds {
        Ok(())
    } else {
        Err(Error::NonceMismatch)
    }
}

/// `at_hash` / `c_hash` (OIDC Core §3.1.3.6, §3.3.2.11): base64url of the left half of the hash
/// of the ASCII value, with the hash of the token's `alg`.
fn half_hash_matches(hash: HashAlg, value: &str, claim: Option<JsonStr<'_>>) -> bool {
    let Some(claim) = claim else { return false };
    let digest = crypto::digest(hash, value.as_bytes());
    let half = digest
        .as_bytes()
        .get(..hash.output_len() / 2)
        .unwrap_or(&[]);
    let mut buf = [0u8; 43];
    match base64url::encode(half, &mut buf) {
        Ok(encoded) => claim == encoded,
        Err(_) => false,
    }
}

/// What a flow asks of one hash claim.
#[derive(Clone, Copy)]
enum HashRule<'p> {
    /// Not checked: nothing to check it against, or the flow leaves it out.
    Unchecked,
    /// Checked against this value when the token carries the claim.
    IfPresent(&'p str),
    /// The claim must be present and match this value.
    Required(&'p str),
}

impl HashRule<'_> {
    fn holds(self, hash: HashAlg, claim: Option<JsonStr<'_>>) -> bool {
        match (self, claim) {
            (HashRule::Unchecked, _) | (HashRule::IfPresent(_), None) => true,
            (HashRule::IfPresent(value) | HashRule::Required(value), claim) => {
                half_hash_matches(hash, value, claim)
            }
        }
    }
}

/// The `at_hash` and `c_hash` rules of the flow an ID token came from (OIDC Core §3.1.3.8,
/// §3.2.2.9–10, §3.3.2.9–11, §3.3.3.6).
fn flow_rules<'p>(source: Option<IdTokenSource<'p>>) -> (HashRule<'p>, HashRule<'p>) {
    let access = |token: Option<&'p str>| token.map_or(HashRule::Unchecked, HashRule::Required);
    match source {
        None => (HashRule::Unchecked, HashRule::Unchecked),
        Some(IdTokenSource::TokenEndpoint { access_token }) => (
            access_token.map_or(HashRule::Unchecked, HashRule::IfPresent),
            HashRule::Unchecked,
        ),
        Some(IdTokenSource::Implicit { access_token, .. }) => {
            (access(access_token), HashRule::Unchecked)
        }
        Some(IdTokenSource::Hybrid {
            code, access_token, ..
        }) => (access(access_token), HashRule::Required(code)),
    }
}

/// Why `at_hash` or `c_hash` failed, in words (for [`crate::Rejection`]).
pub(crate) fn hash_rule_text(
    error: Error,
    claims: &Claims<'_>,
    policy: &Policy<'_>,
) -> &'static str {
    let source = policy.id_token_source();
    if error == Error::AtHashMismatch {
        if claims.at_hash().is_some() {
            return "at_hash is not the base64url left half of the access token's hash with the \
                    alg's SHA-2 (OIDC Core §3.1.3.8, §3.2.2.9)";
        }
        return match source {
            Some(IdTokenSource::Implicit { .. }) if policy.access_token_value().is_none() => {
                "at_hash is REQUIRED for response_type id_token token (OIDC Core §3.2.2.10)"
            }
            Some(IdTokenSource::Hybrid { .. }) if policy.access_token_value().is_none() => {
                "at_hash is REQUIRED for response_type code id_token token (OIDC Core §3.3.2.11)"
            }
            _ => "at_hash is required by the policy (with_access_token)",
        };
    }
    if claims.c_hash().is_some() {
        return "c_hash is not the base64url left half of the code's hash with the alg's SHA-2 \
                (OIDC Core §3.3.2.10)";
    }
    match source {
        Some(IdTokenSource::Hybrid { .. }) if policy.code().is_none() => {
            "c_hash is REQUIRED for response_type code id_token and code id_token token (OIDC \
             Core §3.3.2.11)"
        }
        _ => "c_hash is required by the policy (with_code)",
    }
}

fn check_hashes(
    header: &Header<'_>,
    claims: &Claims<'_>,
    policy: &Policy<'_>,
) -> Result<(), Error> {
    let hash = header.alg().hash();
    fn strict(value: Option<&str>) -> HashRule<'_> {
        value.map_or(HashRule::Unchecked, HashRule::Required)
    }
    let (at_flow, c_flow) = flow_rules(policy.id_token_source());
    let at_hash = claims.at_hash();
    if !strict(policy.access_token_value()).holds(hash, at_hash) || !at_flow.holds(hash, at_hash) {
        return Err(Error::AtHashMismatch);
    }
    let c_hash = claims.c_hash();
    if !strict(policy.code()).holds(hash, c_hash) || !c_flow.holds(hash, c_hash) {
        return Err(Error::CHashMismatch);
    }
    Ok(())
}

fn check_scopes(claims: &Claims<'_>, policy: &Policy<'_>) -> Result<(), Error> {
    if policy.required_scopes().iter().all(|s| claims.has_scope(s)) {
        Ok(())
    } else {
        Err(Error::InsufficientScope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::Algorithm;

    const ALGS: &[Algorithm] = &[Algorithm::HS256];
    const NOW: u64 = 1_700_000_000;

    fn run(header: &str, claims: &str, policy: Policy<'_>, now: u64) -> Result<(), Error> {
        let h = crate::header::parse(header.as_bytes(), 4).unwrap();
        let c = Claims::parse(claims.as_bytes(), 4).unwrap();
        validate(&h, &c, &policy, now)
    }

    fn id(claims: &str, policy: Policy<'_>) -> Result<(), Error> {
        run(r#"{"alg":"HS256","typ":"JWT"}"#, claims, policy, NOW)
    }

    const OP: Policy<'static> = Policy::id_token(ALGS, "https://op", "rp");
    const GOOD: &str =
        r#"{"iss":"https://op","sub":"alice","aud":"rp","exp":1700000100,"iat":1699999900"#;

    fn with(extra: &str) -> std::string::String {
        format!("{GOOD}{extra}}}")
    }

    #[test]
    fn id_token_rules() {
        assert_eq!(id(&with(""), OP), Ok(()));
        assert_eq!(
            id(&with(r#","aud":["rp"]"#).replace(r#""aud":"rp","#, ""), OP),
            Ok(())
        );
        assert_eq!(
            id(
                r#"{"iss":"https://op","aud":"rp","exp":1700000100,"iat":1}"#,
                OP
            ),
            Err(Error::MissingClaim)
        );
        assert_eq!(
            id(&with("").replace("https://op", "https://op/"), OP),
            Err(Error::IssuerMismatch)
        );
        assert_eq!(
            id(&with("").replace("https://op", "https:\\/\\/op"), OP),
            Ok(())
        );
        assert_eq!(
            id(
                &with("").replace(r#""aud":"rp""#, r#""aud":["rp","evil"]"#),
                OP
            ),
            Err(Error::AudienceMismatch)
        );
        assert_eq!(
            id(&with("").replace(r#""aud":"rp""#, r#""aud":"RP""#), OP),
            Err(Error::AudienceMismatch)
        );
        assert_eq!(
            id(&with(r#","azp":"other""#), OP),
            Err(Error::AuthorizedPartyMismatch)
        );
        assert_eq!(id(&with(r#","azp":"rp""#), OP), Ok(()));
        assert_eq!(
            id(&with(""), OP.with_nonce("n1")),
            Err(Error::NonceMismatch)
        );
        assert_eq!(
            id(&with(r#","nonce":"n2""#), OP.with_nonce("n1")),
            Err(Error::NonceMismatch)
        );
        assert_eq!(
            id(&with(r#","nonce":"n\u0031""#), OP.with_nonce("n1")),
            Ok(())
        );
        assert_eq!(id(&with(""), OP.with_max_age(60)), Err(Error::MissingClaim));
        assert_eq!(
            id(&with(r#","auth_time":1699999940"#), OP.with_max_age(60)),
            Ok(())
        );
        assert_eq!(
            id(&with(r#","auth_time":1699999939"#), OP.with_max_age(60)),
            Err(Error::AuthTooOld)
        );
        assert_eq!(id(&with(""), OP.with_max_token_age(100)), Ok(()));
        assert_eq!(
            id(&with(""), OP.with_max_token_age(99)),
            Err(Error::TokenTooOld)
        );
        assert_eq!(
            id(&with(""), OP.with_required_claims(&["email"])),
            Err(Error::MissingClaim)
        );
    }

    #[test]
    fn time_bounds_are_exact_with_and_without_leeway() {
        let p = Policy::jwt(ALGS, "i", "a").waive_issuer().waive_audience();
        let t = |claims: &str, now, leeway| {
            run(r#"{"alg":"HS256"}"#, claims, p.with_leeway(leeway), now)
        };
        let exp = r#"{"exp":1000}"#;
        assert_eq!(t(exp, 999, 0), Ok(()));
        assert_eq!(t(exp, 1000, 0), Err(Error::Expired));
        assert_eq!(t(exp, 1001, 0), Err(Error::Expired));
        assert_eq!(t(exp, 1009, 10), Ok(()));
        assert_eq!(t(exp, 1010, 10), Err(Error::Expired));
        let frac = r#"{"exp":1000.5}"#;
        assert_eq!(t(frac, 1000, 0), Ok(()));
        assert_eq!(t(frac, 1001, 0), Err(Error::Expired));
        let nbf = r#"{"exp":5000,"nbf":1000}"#;
        assert_eq!(t(nbf, 999, 0), Err(Error::NotYetValid));
        assert_eq!(t(nbf, 1000, 0), Ok(()));
        assert_eq!(t(nbf, 990, 10), Ok(()));
        assert_eq!(t(nbf, 989, 10), Err(Error::NotYetValid));
        let iat = r#"{"exp":5000,"iat":1000.5}"#;
        assert_eq!(t(iat, 1000, 0), Err(Error::IssuedInFuture));
        assert_eq!(t(iat, 1001, 0), Ok(()));
        assert_eq!(t(r#"{"iat":1}"#, 1001, 0), Err(Error::MissingClaim));
        assert_eq!(t(r#"{"exp":1}"#, u64::MAX, u64::MAX), Ok(()));
    }

    #[test]
    fn additional_audiences() {
        let at = |aud: &str, policy: Policy<'_>| {
            let claims = format!(
                r#"{{"iss":"https://as","sub":"s","aud":{aud},"exp":1700000100,"iat":1699999900,"client_id":"c","jti":"j"}}"#
            );
            run(r#"{"alg":"HS256","typ":"at+jwt"}"#, &claims, policy, NOW)
        };
        let rs = Policy::access_token(ALGS, "https://as", "https://rs");
        let both = rs.with_additional_audiences(&["urn:rs", "https://rs/v2"]);
        assert_eq!(at(r#""urn:rs""#, rs), Err(Error::AudienceMismatch));
        for aud in [
            r#""urn:rs""#,
            r#""https:\/\/rs\/v2""#,
            r#"["x","urn:rs"]"#,
            r#""https://rs""#,
        ] {
            assert_eq!(at(aud, both), Ok(()), "{aud}");
        }
        for aud in [r#""urn:RS""#, r#"["x","y"]"#, r#""https://rs/v3""#] {
            assert_eq!(at(aud, both), Err(Error::AudienceMismatch), "{aud}");
        }

        // ID tokens: the client must be an audience; the others only may be there too.
        let trusting = OP.with_additional_audiences(&["api"]);
        let aud = |value: &str| with("").replace(r#""aud":"rp""#, &format!(r#""aud":{value}"#));
        assert_eq!(id(&aud(r#"["rp","api"]"#), trusting), Ok(()));
        assert_eq!(
            id(&aud(r#"["rp","api"]"#), OP),
            Err(Error::AudienceMismatch)
        );
        assert_eq!(id(&aud(r#""api""#), trusting), Err(Error::AudienceMismatch));
        assert_eq!(
            id(&aud(r#"["rp","api","evil"]"#), trusting),
            Err(Error::AudienceMismatch)
        );
        assert_eq!(
            id(&with(r#","azp":"api""#), trusting),
            Err(Error::AuthorizedPartyMismatch)
        );
    }

    #[test]
    fn access_token_rules() {
        let p =
            Policy::access_token(ALGS, "https://as", "https://rs").with_required_scopes(&["read"]);
        let good = r#"{"iss":"https://as","sub":"s","aud":["https://rs","x"],"exp":1700000100,"iat":1699999900,"client_id":"c","jti":"j","scope":"openid read"}"#;
        assert_eq!(
            run(r#"{"alg":"HS256","typ":"at+jwt"}"#, good, p, NOW),
            Ok(())
        );
        assert_eq!(
            run(
                r#"{"alg":"HS256","typ":"application/AT+JWT"}"#,
                good,
                p,
                NOW
            ),
            Ok(())
        );
        assert_eq!(
            run(r#"{"alg":"HS256","typ":"JWT"}"#, good, p, NOW),
            Err(Error::TypeMismatch)
        );
        assert_eq!(
            run(r#"{"alg":"HS256"}"#, good, p, NOW),
            Err(Error::TypeMismatch)
        );
        assert_eq!(
            run(
                r#"{"alg":"HS256","typ":"at+jwt"}"#,
                &good.replace(r#","jti":"j""#, ""),
                p,
                NOW
            ),
            Err(Error::MissingClaim)
        );
        assert_eq!(
            run(
                r#"{"alg":"HS256","typ":"at+jwt"}"#,
                &good.replace("openid read", "openid reader"),
                p,
                NOW
            ),
            Err(Error::InsufficientScope)
        );
        // An access token offered as an ID token.
        assert_eq!(
            run(r#"{"alg":"HS256","typ":"at+jwt"}"#, &with(""), OP, NOW),
            Err(Error::TypeMismatch)
        );
    }

    #[test]
    fn at_hash_and_c_hash() {
        // The code and c_hash are OIDC Core Appendix A.4's; at_hash is the SHA-256 left half of `at`.
        let at = "jHkWEdUXMU1BwAsC4vtUsZwnNHX1wPWu";
        let code = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk";
        let ok = with(r#","at_hash":"i1NLI46iFTnOvFk-1MTU3Q","c_hash":"LDktKdoQak3Pk0cnXxCltA""#);
        let p = OP.with_access_token(at).with_code(code);
        assert_eq!(id(&ok, p), Ok(()));
        assert_eq!(
            id(&with(""), OP.with_access_token(at)),
            Err(Error::AtHashMismatch)
        );
        assert_eq!(
            id(&ok.replace("i1NL", "i1NM"), p),
            Err(Error::AtHashMismatch)
        );
        assert_eq!(
            id(&ok.replace("LDkt", "LDku"), p),
            Err(Error::CHashMismatch)
        );
        assert_eq!(id(&with(""), OP.with_code(code)), Err(Error::CHashMismatch));
    }

    /// OIDC Core's hash rules by flow. The expected hashes were computed apart from the crate
    /// (Python's hashlib: base64url of the left half of SHA-256/384/512 of the ASCII value).
    #[test]
    fn hash_and_nonce_rules_by_flow() {
        use crate::policy::IdTokenSource::{Hybrid, Implicit, TokenEndpoint};
        let at = "jHkWEdUXMU1BwAsC4vtUsZwnNHX1wPWu";
        let code = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk";
        // (alg, at_hash, c_hash)
        let hashes = [
            ("HS256", "i1NLI46iFTnOvFk-1MTU3Q", "LDktKdoQak3Pk0cnXxCltA"),
            (
                "HS384",
                "OCRtRxDaAsODROCUteiqZULQfKK-W-bP",
                "Mq-knyaEMtWGfnBi2POEZb1kiLx10_DF",
            ),
            (
                "HS512",
                "C7G4ievqBq4Bo__QTEqMFMjlfmnsd3jGJp1b2tq6XbM",
                "E9z1C-c0Az4eTEzE0Nm3OQ3BS2BhMgxuP7x5JAQj1_4",
            ),
        ];
        let algs = &[Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];
        let op = Policy::id_token(algs, "https://op", "rp");
        for (i, (alg, at_hash, c_hash)) in hashes.iter().enumerate() {
            let header = format!(r#"{{"alg":"{alg}"}}"#);
            let t = |extra: &str, policy: Policy<'_>| run(&header, &with(extra), policy, NOW);
            let at_c = format!(r#","at_hash":"{at_hash}","c_hash":"{c_hash}","nonce":"n""#);
            let only_c = format!(r#","c_hash":"{c_hash}","nonce":"n""#);
            let only_at = format!(r#","at_hash":"{at_hash}","nonce":"n""#);
            let (other_at, other_c) = (hashes[(i + 1) % 3].1, hashes[(i + 1) % 3].2);
            let wrong_at = format!(r#","at_hash":"{other_at}","nonce":"n""#);
            let wrong_c = format!(r#","c_hash":"{other_c}","nonce":"n""#);

            // Token endpoint: at_hash optional, checked when present; c_hash never required.
            let te = op.received_from(TokenEndpoint {
                access_token: Some(at),
            });
            assert_eq!(t("", te), Ok(()), "{alg}");
            assert_eq!(t(&only_at, te), Ok(()), "{alg}");
            assert_eq!(t(&wrong_at, te), Err(Error::AtHashMismatch), "{alg}");
            assert_eq!(t(&only_c, te), Ok(()), "{alg}");
            let te_none = op.received_from(TokenEndpoint { access_token: None });
            assert_eq!(
                t(&wrong_at, te_none),
                Ok(()),
                "{alg}: nothing to check against"
            );
            // The strict forms still require the hash at the token endpoint.
            assert_eq!(
                t("", te.with_access_token(at)),
                Err(Error::AtHashMismatch),
                "{alg}"
            );
            assert_eq!(t("", te.with_code(code)), Err(Error::CHashMismatch));

            // Implicit `id_token token`: at_hash and nonce required.
            let it = op.received_from(Implicit {
                access_token: Some(at),
                nonce: "n",
            });
            assert_eq!(t(&only_at, it), Ok(()), "{alg}");
            assert_eq!(t(r#","nonce":"n""#, it), Err(Error::AtHashMismatch));
            assert_eq!(t(&wrong_at, it), Err(Error::AtHashMismatch), "{alg}");
            let no_nonce = format!(r#","at_hash":"{at_hash}""#);
            assert_eq!(t(&no_nonce, it), Err(Error::NonceMismatch), "{alg}");
            assert_eq!(t(&only_at, it.with_nonce("n")), Ok(()));
            assert_eq!(t(&only_at, it.with_nonce("m")), Err(Error::NonceMismatch));
            // Implicit `id_token`: no access token, no at_hash to check; nonce required.
            let i = op.received_from(Implicit {
                access_token: None,
                nonce: "n",
            });
            assert_eq!(t(r#","nonce":"n""#, i), Ok(()));
            assert_eq!(t(&wrong_at, i), Ok(()), "{alg}");
            assert_eq!(t("", i), Err(Error::NonceMismatch));
            // The value must be the one sent: a replayed or another session's nonce is refused
            // (§3.2.2.11), escaped spellings compare decoded.
            assert_eq!(t(r#","nonce":"m""#, i), Err(Error::NonceMismatch));
            assert_eq!(t(r#","nonce":"\u006e""#, i), Ok(()));

            // Hybrid `code id_token`: c_hash and nonce required; at_hash not checked.
            let h = op.received_from(Hybrid {
                code,
                access_token: None,
                nonce: "n",
            });
            assert_eq!(t(&only_c, h), Ok(()), "{alg}");
            assert_eq!(
                t(&format!(r#","c_hash":"{c_hash}","nonce":"m""#), h),
                Err(Error::NonceMismatch)
            );
            assert_eq!(t(r#","nonce":"n""#, h), Err(Error::CHashMismatch));
            assert_eq!(t(&wrong_c, h), Err(Error::CHashMismatch), "{alg}");
            assert_eq!(
                t(&format!(r#","c_hash":"{c_hash}""#), h),
                Err(Error::NonceMismatch)
            );
            // Hybrid `code id_token token`: both hashes required.
            let ht = op.received_from(Hybrid {
                code,
                access_token: Some(at),
                nonce: "n",
            });
            assert_eq!(t(&at_c, ht), Ok(()), "{alg}");
            assert_eq!(t(&only_c, ht), Err(Error::AtHashMismatch), "{alg}");
            assert_eq!(t(&only_at, ht), Err(Error::CHashMismatch), "{alg}");
        }
        // Hash length follows the alg: the SHA-256 half under HS384 does not match.
        let at256 = format!(r#","at_hash":"{}","nonce":"n""#, hashes[0].1);
        let implicit = op.received_from(Implicit {
            access_token: Some(at),
            nonce: "n",
        });
        assert_eq!(
            run(r#"{"alg":"HS384"}"#, &with(&at256), implicit, NOW),
            Err(Error::AtHashMismatch)
        );
        // Another profile ignores the flow.
        let jwt = Policy::jwt(algs, "https://op", "rp").received_from(Implicit {
            access_token: Some(at),
            nonce: "n",
        });
        assert_eq!(jwt.id_token_source(), None);
        assert_eq!(run(r#"{"alg":"HS256"}"#, &with(""), jwt, NOW), Ok(()));
        // No flow stated: nonce only when the policy names one (unchanged).
        assert_eq!(id(&with(""), op), Ok(()));
    }

    const LOGOUT: Policy<'static> = Policy::logout_token(ALGS, "https://op", "rp");
    const LOGOUT_GOOD: &str = r#"{"iss":"https://op","aud":"rp","iat":1699999900,"exp":1700000100,"jti":"j1","sub":"alice","sid":"s1","events":{"http://schemas.openid.net/event/backchannel-logout":{}}}"#;

    fn logout(header: &str, claims: &str, policy: Policy<'_>) -> Result<(), Error> {
        run(header, claims, policy, NOW)
    }

    #[test]
    fn logout_token_rules() {
        let plain = r#"{"alg":"HS256"}"#;
        let typed = r#"{"alg":"HS256","typ":"logout+jwt"}"#;
        // The members of LOGOUT_GOOD hold no commas: drop one by splitting on them.
        let drop = |name: &str| -> std::string::String {
            let inner = &LOGOUT_GOOD[1..LOGOUT_GOOD.len() - 1];
            let prefix = format!("\"{name}\":");
            let kept: std::vec::Vec<&str> = inner
                .split(',')
                .filter(|m| !m.starts_with(&prefix))
                .collect();
            format!("{{{}}}", kept.join(","))
        };
        assert_eq!(logout(plain, LOGOUT_GOOD, LOGOUT), Ok(()));
        assert_eq!(logout(typed, LOGOUT_GOOD, LOGOUT), Ok(()));
        assert_eq!(
            logout(
                r#"{"alg":"HS256","typ":"application/Logout+JWT"}"#,
                LOGOUT_GOOD,
                LOGOUT
            ),
            Ok(())
        );
        assert_eq!(logout(plain, &drop("sid"), LOGOUT), Ok(()));
        assert_eq!(logout(plain, &drop("sub"), LOGOUT), Ok(()));
        for typ in ["JWT", "at+jwt", "secevent+jwt"] {
            let h = format!(r#"{{"alg":"HS256","typ":"{typ}"}}"#);
            assert_eq!(
                logout(&h, LOGOUT_GOOD, LOGOUT),
                Err(Error::TypeMismatch),
                "{typ}"
            );
        }
        assert_eq!(
            logout(plain, LOGOUT_GOOD, LOGOUT.with_typ("logout+jwt")),
            Err(Error::TypeMismatch)
        );
        assert_eq!(
            logout(typed, LOGOUT_GOOD, LOGOUT.with_typ("logout+jwt")),
            Ok(())
        );
        // A policy naming the type replaces the default rule, as for ID tokens: an OP that
        // types its logout tokens `JWT` can be accepted on purpose.
        let jwt = r#"{"alg":"HS256","typ":"JWT"}"#;
        assert_eq!(logout(jwt, LOGOUT_GOOD, LOGOUT.with_typ("JWT")), Ok(()));
        assert_eq!(
            logout(typed, LOGOUT_GOOD, LOGOUT.with_typ("JWT")),
            Err(Error::TypeMismatch)
        );
        for claim in ["iss", "aud", "iat", "exp", "jti", "events"] {
            assert_eq!(
                logout(plain, &drop(claim), LOGOUT),
                Err(Error::MissingClaim),
                "{claim}"
            );
        }
        let neither = drop("sub").replace(r#","sid":"s1""#, "");
        assert!(!neither.contains("sid") && !neither.contains("sub"));
        assert_eq!(logout(plain, &neither, LOGOUT), Err(Error::MissingClaim));
        let with_member = |extra: &str| LOGOUT_GOOD.replacen('{', &format!("{{{extra},"), 1);
        assert_eq!(
            logout(plain, &with_member(r#""nonce":"n""#), LOGOUT),
            Err(Error::ProhibitedClaim)
        );
        assert_eq!(
            logout(
                plain,
                &with_member(r#""nonce":"n""#),
                LOGOUT.with_nonce("n")
            ),
            Err(Error::ProhibitedClaim)
        );
        assert_eq!(
            logout(
                plain,
                &LOGOUT_GOOD.replace(r#""sid":"s1""#, r#""sid":1"#),
                LOGOUT
            ),
            Err(Error::MalformedClaims)
        );
        let event = |value: &str| {
            LOGOUT_GOOD.replace(
                r#"{"http://schemas.openid.net/event/backchannel-logout":{}}"#,
                value,
            )
        };
        // Escaped member names are compared decoded.
        assert_eq!(
            logout(
                plain,
                &event(r#"{"http:\/\/schemas.openid.net\/event\/backchannel-logout":{"x":1}}"#),
                LOGOUT
            ),
            Ok(())
        );
        for bad in [
            r#"[]"#,
            r#""http://schemas.openid.net/event/backchannel-logout""#,
            r#"{}"#,
            r#"{"http://schemas.openid.net/event/backchannel-logout":true}"#,
            r#"{"http://schemas.openid.net/event/backchannel-logout":[]}"#,
            r#"{"http://schemas.openid.net/event/backchannel-logout/":{}}"#,
            r#"{"https://schemas.openid.net/event/backchannel-logout":{}}"#,
        ] {
            assert_eq!(
                logout(plain, &event(bad), LOGOUT),
                Err(Error::InvalidLogoutEvent),
                "{bad}"
            );
        }
        // iss, aud, exp as for an ID token.
        assert_eq!(
            logout(
                plain,
                &LOGOUT_GOOD.replace("https://op", "https://op2"),
                LOGOUT
            ),
            Err(Error::IssuerMismatch)
        );
        assert_eq!(
            logout(
                plain,
                &LOGOUT_GOOD.replace(r#""aud":"rp""#, r#""aud":["rp","x"]"#),
                LOGOUT
            ),
            Err(Error::AudienceMismatch)
        );
        assert_eq!(
            run(plain, LOGOUT_GOOD, LOGOUT, 1_700_000_100),
            Err(Error::Expired)
        );
        // azp is not a logout token claim.
        assert_eq!(logout(plain, &with_member(r#""azp":"x""#), LOGOUT), Ok(()));

        // Cross-profile confusion: a logout token is neither an ID token nor an access token.
        assert_eq!(logout(typed, LOGOUT_GOOD, OP), Err(Error::TypeMismatch));
        assert_eq!(logout(plain, LOGOUT_GOOD, OP), Err(Error::ProhibitedClaim));
        // `events` found under an escaped name too, whatever its value.
        assert_eq!(
            run(plain, &with(r#","\u0065vents":null"#), OP, NOW),
            Err(Error::ProhibitedClaim)
        );
        let at = Policy::access_token(ALGS, "https://op", "rp");
        assert_eq!(logout(typed, LOGOUT_GOOD, at), Err(Error::TypeMismatch));
        // And an ID token is not a logout token.
        assert_eq!(id(&with(r#","jti":"j""#), LOGOUT), Err(Error::TypeMismatch));
        assert_eq!(
            run(r#"{"alg":"HS256"}"#, &with(r#","jti":"j""#), LOGOUT, NOW),
            Err(Error::MissingClaim)
        );
        assert_eq!(
            run(
                r#"{"alg":"HS256"}"#,
                &with(r#","jti":"j","events":{}"#),
                LOGOUT,
                NOW
            ),
            Err(Error::InvalidLogoutEvent)
        );
    }

    #[test]
    fn typ_comparison() {
        let h = crate::header::parse(br#"{"alg":"HS256","typ":"Application/At+JWT"}"#, 4).unwrap();
        assert!(typ_is(h.typ().unwrap(), "at+jwt"));
        assert!(typ_is(h.typ().unwrap(), "application/at+jwt"));
        assert!(!typ_is(h.typ().unwrap(), "jwt"));
    }
}
