//! Claims JSON: the input is the decoded payload, signed HS256 with the fixed key inside the
//! target, then verified under the JWT, ID-token and access-token profiles (so claims parsing
//! and every claim check run past the signature), and read into application claim types through
//! `Verified::deserialize_claims` / `deserialize_claims_escaped`.
//!
//! Oracle: whatever is accepted satisfies the policy (`check_verified`, on the claims as
//! `serde_json` decodes them), also under policies whose issuer, audience and nonce hold
//! backslashes, quotes and non-ASCII text (`NAME_SETS`). The claims deserializer reads every
//! accepted payload into a `serde_json::Value` equal to `serde_json`'s own reading, and its
//! errors never claim hostile input for a payload the verifier already read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use verifier::{
    Algorithm, ClaimsError, ClaimsErrorKind, Error, IdTokenSource, Policy, TokenBuffer, Verified,
    verify,
};
use verifier_fuzz::{
    ACCESS_TOKEN, CLIENT, CODE, ISS, NAME_SETS, NONCE, NOW, RESOURCE, check_error, check_result,
    check_verified, hs256_token, keys,
};

const HS: &[Algorithm] = &[Algorithm::HS256];

/// An application's own claims, as firmware would declare them: borrowed strings only.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct AppClaims<'a> {
    iss: Option<&'a str>,
    sub: Option<&'a str>,
    exp: Option<u64>,
    iat: Option<f64>,
    name: Option<&'a str>,
    email: Option<&'a str>,
    email_verified: Option<bool>,
    #[serde(borrow)]
    roles: Option<heapless::Vec<&'a str, 8>>,
    #[serde(borrow)]
    address: Option<Address<'a>>,
    level: Option<i32>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Address<'a> {
    country: Option<&'a str>,
    locality: Option<&'a str>,
}

/// The same with owned, unescaped strings.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct AppClaimsEscaped {
    iss: Option<heapless::String<64>>,
    sub: Option<heapless::String<64>>,
    name: Option<heapless::String<32>>,
    roles: Option<heapless::Vec<heapless::String<16>, 4>>,
}

fn read_app_claims(v: &Verified<'_>) {
    check_claims_error(v, v.deserialize_claims::<AppClaims<'_>>().err());
    let mut scratch = [0u8; 64];
    check_claims_error(
        v,
        v.deserialize_claims_escaped::<AppClaimsEscaped>(&mut scratch)
            .err(),
    );
    let mut tiny = [0u8; 2];
    check_claims_error(
        v,
        v.deserialize_claims_escaped::<AppClaims<'_>>(&mut tiny)
            .err(),
    );
    // The whole deserializer against serde_json, with room for every decoded string.
    let mut room = vec![0u8; v.payload().len()];
    match v.deserialize_claims_escaped::<serde_json::Value>(&mut room) {
        Ok(ours) => {
            let theirs: serde_json::Value = serde_json::from_slice(v.payload())
                .expect("serde_json reads what the strict reader accepted");
            assert_eq!(numbers_as_f64(ours), numbers_as_f64(theirs));
        }
        Err(e) => check_claims_error(v, Some(e)),
    }
}

/// A payload the verifier has read (every profile but JWS) never fails as malformed or too
/// deep here; the conversion to `Error` is a documented code.
fn check_claims_error(v: &Verified<'_>, e: Option<ClaimsError<'_>>) {
    let Some(e) = e else { return };
    if v.claims().is_some() {
        assert!(
            !matches!(
                e.kind(),
                ClaimsErrorKind::Malformed | ClaimsErrorKind::CapacityExceeded
            ),
            "{e:?}"
        );
    }
    check_result::<()>(&Err(Error::from(e)));
}

/// `serde_json` here keeps numbers as text (`arbitrary_precision`); compare their values (`-0`
/// and `0` are one JSON value: the deserializer hands `-0` over as the integer 0).
fn numbers_as_f64(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => n
            .as_f64()
            .map_or(Value::Null, |f| Value::from(if f == 0.0 { 0.0 } else { f })),
        Value::Array(a) => Value::Array(a.into_iter().map(numbers_as_f64).collect()),
        Value::Object(o) => {
            Value::Object(o.into_iter().map(|(k, v)| (k, numbers_as_f64(v))).collect())
        }
        other => other,
    }
}

fuzz_target!(|payload: &[u8]| {
    if payload.is_empty() {
        return;
    }
    let jwt = hs256_token(br#"{"alg":"HS256","typ":"JWT"}"#, payload);
    let at_jwt = hs256_token(br#"{"alg":"HS256","typ":"at+jwt","kid":"hs"}"#, payload);
    let untyped = hs256_token(br#"{"alg":"HS256"}"#, payload);
    let logout_jwt = hs256_token(br#"{"alg":"HS256","typ":"logout+jwt"}"#, payload);
    let mut policies: Vec<(&[u8], Policy<'_>)> = vec![
        (&jwt, Policy::jws(HS)),
        (
            &jwt,
            Policy::jwt(HS, ISS, CLIENT).waive_issuer().waive_audience(),
        ),
        (
            &jwt,
            Policy::jwt(HS, ISS, CLIENT)
                .with_typ("jwt")
                .with_required_claims(&["sub", "x"]),
        ),
        (&jwt, Policy::id_token(HS, ISS, CLIENT)),
        (
            &jwt,
            Policy::id_token(HS, ISS, CLIENT)
                .with_leeway(60)
                .with_nonce(NONCE)
                .with_max_age(3600)
                .with_max_token_age(600)
                .with_access_token(ACCESS_TOKEN)
                .with_code(CODE)
                .with_max_depth(4),
        ),
        (
            &at_jwt,
            Policy::access_token(HS, ISS, RESOURCE)
                .with_required_scopes(&["read", "write"])
                .with_max_token_age(3600),
        ),
    ];
    // The flows' hash and nonce rules, and the logout token profile (with and without typ).
    policies.push((
        &jwt,
        Policy::id_token(HS, ISS, CLIENT).received_from(IdTokenSource::Hybrid {
            code: CODE,
            access_token: Some(ACCESS_TOKEN),
            nonce: NONCE,
        }),
    ));
    policies.push((
        &jwt,
        Policy::id_token(HS, ISS, CLIENT)
            .received_from(IdTokenSource::TokenEndpoint {
                access_token: Some(ACCESS_TOKEN),
            })
            .with_nonce(NONCE),
    ));
    policies.push((
        &jwt,
        Policy::id_token(HS, ISS, CLIENT).received_from(IdTokenSource::Implicit {
            access_token: None,
            nonce: NONCE,
        }),
    ));
    policies.push((&untyped, Policy::logout_token(HS, ISS, CLIENT)));
    policies.push((
        &logout_jwt,
        Policy::logout_token(HS, ISS, CLIENT)
            .with_typ("logout+jwt")
            .with_max_token_age(120),
    ));
    // Issuers, audiences and nonces with backslashes, quotes, control characters and non-ASCII:
    // only the decoded claim may match them (checked on serde_json's decoding).
    for n in &NAME_SETS[1..] {
        policies.push((
            &jwt,
            Policy::id_token(HS, n.iss, n.client).with_nonce(n.nonce),
        ));
        policies.push((&at_jwt, Policy::access_token(HS, n.iss, n.resource)));
    }
    for (token, policy) in policies {
        let mut buf = TokenBuffer::<16384>::new();
        match verify(token, keys(), &policy, NOW, &mut buf) {
            Ok(v) => {
                check_verified(&v, &policy, keys(), NOW);
                read_app_claims(&v);
            }
            Err(e) => {
                check_error(e);
                assert!(
                    !matches!(
                        e,
                        Error::MalformedToken
                            | Error::MalformedHeader
                            | Error::KeyNotFound
                            | Error::InvalidSignature
                            | Error::AlgorithmNotAllowed
                    ),
                    "{e:?} for a token signed correctly with a fixed header"
                );
            }
        }
    }
});
