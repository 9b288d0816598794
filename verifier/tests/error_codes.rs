//! Every error code, reached through the public `verify` (or `KeySet::from_jwks`), and the
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)] // test code
//! signature checked before any claim.

mod common;

use std::collections::BTreeSet;

use common::{b64, es256, hs256, p256_key, signing_input};
use jwtv::{
    Algorithm, Error, Key, KeySet, KeySetUpdatePolicy, Policy, TokenBuffer, verify,
    verify_key_set_update,
};

const SECRET: &[u8] = b"an HS256 test secret, 32+ bytes long";
const NOW: u64 = 1_700_000_000;
const HS: &[Algorithm] = &[Algorithm::HS256, Algorithm::ES256];
const ID: Policy<'static> = Policy::id_token(HS, "https://op", "rp");
const AT: Policy<'static> = Policy::access_token(HS, "https://as", "https://rs");

fn keys() -> KeySet<4> {
    let mut set = KeySet::new();
    set.push(Key::oct(SECRET).unwrap().with_kid("hs").unwrap())
        .unwrap();
    let (_, point) = p256_key();
    set.push(Key::ec_p256(&point).with_kid("ec").unwrap())
        .unwrap();
    set
}

const LOGOUT: Policy<'static> = Policy::logout_token(HS, "https://op", "rp");
const LOGOUT_HEADER: &str = r#"{"alg":"HS256","kid":"hs","typ":"logout+jwt"}"#;
const LOGOUT_CLAIMS: &str = r#"{"iss":"https://op","aud":"rp","iat":1699999900,"exp":1700000100,"jti":"j","sid":"s","events":{"http://schemas.openid.net/event/backchannel-logout":{}}}"#;

fn run(token: &str, policy: &Policy<'_>) -> Result<(), Error> {
    let mut buf = TokenBuffer::<2048>::new();
    verify(token.as_bytes(), &keys(), policy, NOW, &mut buf).map(|_| ())
}

const H: &str = r#"{"alg":"HS256","kid":"hs"}"#;
const ID_CLAIMS: &str =
    r#"{"iss":"https://op","sub":"alice","aud":"rp","exp":1700000100,"iat":1699999900"#;

fn id(extra: &str) -> String {
    hs256(SECRET, H, &format!("{ID_CLAIMS}{extra}}}"))
}

fn cases() -> Vec<(&'static str, Result<(), Error>, String, Policy<'static>)> {
    let at_claims = r#"{"iss":"https://as","sub":"s","aud":"https://rs","exp":1700000100,"iat":1699999900,"client_id":"c","jti":"j","scope":"read"}"#;
    let at_header = r#"{"alg":"HS256","kid":"hs","typ":"at+jwt"}"#;
    let good = id("");
    let mut bad_sig = good.clone();
    bad_sig.replace_range(bad_sig.len() - 2.., "AA");
    vec![
        ("valid id token", Ok(()), good.clone(), ID),
        (
            "valid es256",
            Ok(()),
            es256(r#"{"alg":"ES256"}"#, &format!("{ID_CLAIMS}}}")),
            ID,
        ),
        (
            "valid access token",
            Ok(()),
            hs256(SECRET, at_header, at_claims),
            AT.with_required_scopes(&["read"]),
        ),
        (
            "malformed_token",
            Err(Error::MalformedToken),
            format!("{good}.x"),
            ID,
        ),
        (
            "malformed_header",
            Err(Error::MalformedHeader),
            hs256(SECRET, r#"{"alg":"HS256","alg":"none"}"#, "{}"),
            ID,
        ),
        (
            "malformed_claims",
            Err(Error::MalformedClaims),
            id(r#","nbf":"0""#),
            ID,
        ),
        (
            "capacity_exceeded",
            Err(Error::CapacityExceeded),
            id(&format!(r#","pad":"{}""#, "x".repeat(2048))),
            ID,
        ),
        (
            "unsupported_algorithm",
            Err(Error::UnsupportedAlgorithm),
            format!("{}.", signing_input(r#"{"alg":"ES256K"}"#, "{}")),
            ID,
        ),
        (
            "algorithm_not_allowed (none)",
            Err(Error::AlgorithmNotAllowed),
            format!("{}.", signing_input(r#"{"alg":"none"}"#, "{}")),
            ID,
        ),
        (
            "algorithm_not_allowed (policy)",
            Err(Error::AlgorithmNotAllowed),
            good.clone(),
            Policy::id_token(&[Algorithm::ES256], "https://op", "rp"),
        ),
        (
            "unsupported_critical_header",
            Err(Error::UnsupportedCriticalHeader),
            hs256(SECRET, r#"{"alg":"HS256","crit":["exp"],"exp":1}"#, "{}"),
            ID,
        ),
        (
            "key_not_found",
            Err(Error::KeyNotFound),
            hs256(SECRET, r#"{"alg":"HS256","kid":"other"}"#, "{}"),
            ID,
        ),
        (
            "invalid_signature",
            Err(Error::InvalidSignature),
            bad_sig,
            ID,
        ),
        (
            "expired",
            Err(Error::Expired),
            hs256(
                SECRET,
                H,
                &format!("{}}}", ID_CLAIMS.replace("1700000100", "1700000000")),
            ),
            ID,
        ),
        (
            "not_yet_valid",
            Err(Error::NotYetValid),
            id(r#","nbf":1700000001"#),
            ID,
        ),
        (
            "issued_in_future",
            Err(Error::IssuedInFuture),
            hs256(
                SECRET,
                H,
                &format!("{}}}", ID_CLAIMS.replace("1699999900", "1700000001")),
            ),
            ID,
        ),
        (
            "token_too_old",
            Err(Error::TokenTooOld),
            id(""),
            ID.with_max_token_age(99),
        ),
        (
            "auth_too_old",
            Err(Error::AuthTooOld),
            id(r#","auth_time":1699990000"#),
            ID.with_max_age(600),
        ),
        (
            "missing_claim",
            Err(Error::MissingClaim),
            hs256(
                SECRET,
                H,
                r#"{"iss":"https://op","aud":"rp","exp":1700000100,"iat":1}"#,
            ),
            ID,
        ),
        (
            "issuer_mismatch",
            Err(Error::IssuerMismatch),
            id(""),
            Policy::id_token(HS, "https://other", "rp"),
        ),
        (
            "audience_mismatch",
            Err(Error::AudienceMismatch),
            id(""),
            Policy::id_token(HS, "https://op", "rp2"),
        ),
        (
            "authorized_party_mismatch",
            Err(Error::AuthorizedPartyMismatch),
            id(r#","azp":"x""#),
            ID,
        ),
        (
            "nonce_mismatch",
            Err(Error::NonceMismatch),
            id(r#","nonce":"a""#),
            ID.with_nonce("b"),
        ),
        (
            "at_hash_mismatch",
            Err(Error::AtHashMismatch),
            id(r#","at_hash":"AAAAAAAAAAAAAAAAAAAAAA""#),
            ID.with_access_token("token"),
        ),
        (
            "c_hash_mismatch",
            Err(Error::CHashMismatch),
            id(""),
            ID.with_code("code"),
        ),
        (
            "type_mismatch",
            Err(Error::TypeMismatch),
            hs256(SECRET, at_header, at_claims),
            ID,
        ),
        (
            "valid logout token",
            Ok(()),
            hs256(SECRET, LOGOUT_HEADER, LOGOUT_CLAIMS),
            LOGOUT,
        ),
        (
            "prohibited_claim",
            Err(Error::ProhibitedClaim),
            hs256(
                SECRET,
                LOGOUT_HEADER,
                &LOGOUT_CLAIMS.replace(r#""jti""#, r#""nonce":"n","jti""#),
            ),
            LOGOUT,
        ),
        (
            "invalid_logout_event",
            Err(Error::InvalidLogoutEvent),
            hs256(
                SECRET,
                LOGOUT_HEADER,
                &LOGOUT_CLAIMS.replace("backchannel-logout", "frontchannel-logout"),
            ),
            LOGOUT,
        ),
        (
            "insufficient_scope",
            Err(Error::InsufficientScope),
            hs256(SECRET, at_header, at_claims),
            AT.with_required_scopes(&["write"]),
        ),
    ]
}

#[test]
fn every_error_code_is_reachable() {
    let mut reached = BTreeSet::new();
    for (name, want, token, policy) in cases() {
        let got = run(&token, &policy);
        assert_eq!(got, want, "{name}");
        if let Err(e) = got {
            reached.insert(e.code());
        }
    }
    // ambiguous_key: two keys fit an ES256 header without kid.
    let (_, point) = p256_key();
    let mut two = KeySet::<2>::new();
    two.push(Key::ec_p256(&point)).unwrap();
    two.push(Key::ec_p256(&point).with_kid("again").unwrap())
        .unwrap();
    let token = es256(r#"{"alg":"ES256"}"#, &format!("{ID_CLAIMS}}}"));
    let mut buf = TokenBuffer::<2048>::new();
    let got = verify(token.as_bytes(), &two, &ID, NOW, &mut buf).map(|_| ());
    assert_eq!(got, Err(Error::AmbiguousKey));
    reached.insert(Error::AmbiguousKey.code());
    // ...unless the policy opts in to trying each key.
    let mut buf = TokenBuffer::<2048>::new();
    assert!(verify(token.as_bytes(), &two, &ID.try_all_keys(), NOW, &mut buf).is_ok());
    // malformed_jwks.
    assert_eq!(
        KeySet::<1>::from_jwks(b"{\"keys\":7}").err(),
        Some(Error::MalformedJwks)
    );
    reached.insert(Error::MalformedJwks.code());

    // The key-set update's codes: a signed JWK Set (`typ` `jwk-set+jwt`) from the trust anchor.
    let (anchor_sk, anchor_point) = common::p256_key_from(0x31);
    let (_, issuer_point) = common::p256_key_from(0x42);
    let anchors = [Key::ec_p256(&anchor_point)];
    let update_policy = KeySetUpdatePolicy::new(&[Algorithm::ES256], "https://keys", "devices");
    let issuer_key = format!(
        r#"{{{},"kid":"op"}}"#,
        common::p256_jwk_members(&issuer_point)
    );
    let anchor_key = format!(
        r#"{{{},"kid":"a"}}"#,
        common::p256_jwk_members(&anchor_point)
    );
    let update = |sub: &str, keys: &str| {
        common::es256_with(
            &anchor_sk,
            r#"{"alg":"ES256","typ":"jwk-set+jwt"}"#,
            &format!(r#"{{"iss":"https://keys","sub":"{sub}","iat":{NOW},"keys":[{keys}]}}"#),
        )
    };
    let secret = r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;
    let private = issuer_key.replace(r#""kid""#, r#""d":"AAAA","kid""#);
    for (token, policy, want) in [
        (update("devices", &issuer_key), update_policy, Ok(())),
        (
            update("others", &issuer_key),
            update_policy,
            Err(Error::SubjectMismatch),
        ),
        (
            update("devices", &issuer_key),
            update_policy.with_installed_iat(NOW),
            Err(Error::KeySetRollback),
        ),
        (
            update("devices", ""),
            update_policy,
            Err(Error::KeySetEmpty),
        ),
        (
            update("devices", secret),
            update_policy,
            Err(Error::KeySetSecret),
        ),
        (
            update("devices", &private),
            update_policy,
            Err(Error::KeySetPrivateKey),
        ),
        (
            update("devices", &format!("{issuer_key},{anchor_key}")),
            update_policy,
            Err(Error::KeySetHoldsTrustAnchor),
        ),
    ] {
        let mut buf = TokenBuffer::<2048>::new();
        let mut staged = KeySet::<2>::new();
        let got = verify_key_set_update(
            token.as_bytes(),
            &anchors,
            &policy,
            NOW,
            &mut buf,
            &mut staged,
        )
        .map(|_| ());
        assert_eq!(got, want);
        if let Err(e) = got {
            reached.insert(e.code());
        }
    }
    // The stored form's codes.
    let mut flash = [0u8; 256];
    let len = keys().write_stored(NOW, &mut flash).unwrap();
    let mut back = KeySet::<4>::new();
    assert_eq!(back.read_stored(&flash[..len]), Ok(NOW));
    flash[len - 1] ^= 1;
    assert_eq!(
        back.read_stored(&flash[..len]),
        Err(Error::StoredKeySetCorrupt)
    );
    flash[len - 1] ^= 1;
    flash[4] = 9;
    assert_eq!(
        back.read_stored(&flash[..len]),
        Err(Error::StoredKeySetVersion)
    );
    reached.insert(Error::StoredKeySetCorrupt.code());
    reached.insert(Error::StoredKeySetVersion.code());

    let all: BTreeSet<_> = Error::ALL.iter().map(|e| e.code()).collect();
    let missing: Vec<_> = all.difference(&reached).collect();
    assert!(missing.is_empty(), "codes never reached: {missing:?}");
}

/// A token that breaks every claim rule but carries a bad signature is rejected for the
/// signature: claims are never looked at before it verifies.
#[test]
fn signature_is_checked_before_claims() {
    let claims = r#"{"exp":"soon","iss":7}"#;
    let input = signing_input(H, claims);
    let token = format!("{input}.{}", b64(&[0u8; 32]));
    assert_eq!(run(&token, &ID), Err(Error::InvalidSignature));
    assert_eq!(
        run(&hs256(SECRET, H, claims), &ID),
        Err(Error::MalformedClaims)
    );
}

#[test]
fn verified_result_carries_header_claims_and_app_claims() {
    #[derive(serde::Deserialize)]
    struct App<'a> {
        sub: &'a str,
        user_groups: [&'a str; 2],
    }
    let token = id(r#","user_groups":["admin","door-3"]"#);
    let mut buf = TokenBuffer::<2048>::new();
    let v = verify(token.as_bytes(), &keys(), &ID, NOW, &mut buf).unwrap();
    assert_eq!(v.header().alg(), Algorithm::HS256);
    assert_eq!(v.header().kid().unwrap(), "hs");
    assert_eq!(v.claims().unwrap().sub().unwrap(), "alice");
    let app: App<'_> = v.deserialize_claims().unwrap();
    assert_eq!((app.sub, app.user_groups), ("alice", ["admin", "door-3"]));
}
