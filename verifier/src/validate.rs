//! Claim validation: the profile's and the policy's rules, applied to a verified token.
//!
//! The checks run in this order, and the first failure is the verdict:
//!
//! 1. `typ` (explicit typing) — [`Error::TypeMismatch`]
//! 2. presence of the profile's required claims, then the policy's — [`Error::MissingClaim`];
//!    an ID token's `sub` longer than 255 bytes — [`Error::MalformedClaims`]
//! 3. `iss` — [`Error::IssuerMismatch`]
//! 4. `aud` — [`Error::AudienceMismatch`]
//! 5. `azp` (ID tokens) — [`Error::AuthorizedPartyMismatch`]
//! 6. `exp` — [`Error::Expired`]; `nbf` — [`Error::NotYetValid`]; `iat` — [`Error::IssuedInFuture`]
//! 7. maximum token age (`iat`) — [`Error::TokenTooOld`]; `max_age` (`auth_time`) — [`Error::AuthTooOld`]
//! 8. `nonce` — [`Error::NonceMismatch`]
//! 9. `at_hash` — [`Error::AtHashMismatch`]; `c_hash` — [`Error::CHashMismatch`]
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
use crate::json::JsonStr;
use crate::policy::{Policy, Profile};

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

/// A media type without its optional `application/` prefix, ASCII-lowercased: how RFC 7515
/// §4.1.9 says `typ` values compare.
fn media_type(chars: impl Iterator<Item = char> + Clone) -> impl Iterator<Item = char> {
    const PREFIX: &str = "application/";
    let lower = chars.map(|c| c.to_ascii_lowercase());
    let prefixed = lower.clone().take(PREFIX.len()).eq(PREFIX.chars());
    lower.skip(if prefixed { PREFIX.len() } else { 0 })
}

fn typ_is(typ: JsonStr<'_>, wanted: &str) -> bool {
    media_type(typ.chars()).eq(media_type(wanted.chars()))
}

/// Explicit typing (RFC 8725 §3.11): a token of one kind must never pass as another kind from
/// the same issuer and key.
///
/// - Access tokens must say `at+jwt` (RFC 9068 §4).
/// - ID tokens and plain JWTs may say nothing or `JWT` (RFC 7519 §5.1); any other type names
///   another kind of token (`at+jwt`, `logout+jwt`, `secevent+jwt`, `dpop+jwt`, …) and is refused,
///   unless the policy names that type itself.
/// - A type the policy names (`Policy::with_typ`) must be present and equal.
pub(crate) fn check_typ(header: &Header<'_>, policy: &Policy<'_>) -> Result<(), Error> {
    let typ = header.typ();
    let fits = match (policy.profile(), policy.typ()) {
        (Profile::AccessToken, wanted) => {
            typ.is_some_and(|t| typ_is(t, "at+jwt") && wanted.is_none_or(|w| typ_is(t, w)))
        }
        (_, Some(wanted)) => typ.is_some_and(|t| typ_is(t, wanted)),
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
    Ok(())
}

/// The first claim the profile, then the policy, requires and the token lacks.
pub(crate) fn missing_claim<'p>(claims: &Claims<'_>, policy: &Policy<'p>) -> Option<&'p str> {
    let required: &[&str] = match policy.profile() {
        Profile::Jws => &[],
        Profile::Jwt => &["exp"],
        Profile::IdToken => &["iss", "sub", "aud", "exp", "iat"],
        Profile::AccessToken => &["iss", "exp", "aud", "sub", "client_id", "iat", "jti"],
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
    if policy.profile() == Profile::IdToken {
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
        // Rules 4–5: an `azp`, when present, must be this client.
        if claims.azp().is_some_and(|azp| azp != wanted) {
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

fn check_nonce(claims: &Claims<'_>, policy: &Policy<'_>) -> Result<(), Error> {
    match (policy.nonce(), claims.nonce()) {
        (Some(wanted), Some(nonce)) if nonce == wanted => Ok(()),
        (Some(_), _) => Err(Error::NonceMismatch),
        (None, _) => Ok(()),
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

fn check_hashes(
    header: &Header<'_>,
    claims: &Claims<'_>,
    policy: &Policy<'_>,
) -> Result<(), Error> {
    let hash = header.alg().hash();
    if let Some(token) = policy.access_token_value()
        && !half_hash_matches(hash, token, claims.at_hash())
    {
        return Err(Error::AtHashMismatch);
    }
    if let Some(code) = policy.code()
        && !half_hash_matches(hash, code, claims.c_hash())
    {
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

    #[test]
    fn typ_comparison() {
        let h = crate::header::parse(br#"{"alg":"HS256","typ":"Application/At+JWT"}"#, 4).unwrap();
        assert!(typ_is(h.typ().unwrap(), "at+jwt"));
        assert!(typ_is(h.typ().unwrap(), "application/at+jwt"));
        assert!(!typ_is(h.typ().unwrap(), "jwt"));
    }
}
