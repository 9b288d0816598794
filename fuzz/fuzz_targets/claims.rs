//! Claims JSON: the input is the decoded payload, signed HS256 with the fixed key inside the
//! target, then verified under the JWT, ID-token and access-token profiles (so claims parsing
//! and every claim check run past the signature), and read into an application claim type with
//! borrowed strings through `Verified::deserialize_claims` (serde-json-core).
//!
//! Oracle: whatever is accepted satisfies the policy (`check_verified`, on the claims as
//! `serde_json` decodes them), also under policies whose issuer, audience and nonce hold
//! backslashes, quotes and non-ASCII text (`NAME_SETS`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use verifier::{Algorithm, Error, Policy, TokenBuffer, Verified, verify};
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
    check_result(&v.deserialize_claims::<AppClaims<'_>>());
    let mut scratch = [0u8; 64];
    check_result(&v.deserialize_claims_escaped::<AppClaimsEscaped>(&mut scratch));
    let mut tiny = [0u8; 2];
    check_result(&v.deserialize_claims_escaped::<AppClaimsEscaped>(&mut tiny));
}

fuzz_target!(|payload: &[u8]| {
    if payload.is_empty() {
        return;
    }
    let jwt = hs256_token(br#"{"alg":"HS256","typ":"JWT"}"#, payload);
    let at_jwt = hs256_token(br#"{"alg":"HS256","typ":"at+jwt","kid":"hs"}"#, payload);
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
