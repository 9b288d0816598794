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
//!
//! And every member of the payload, read as each of the shapes of issue 19 (`[T; N]`, tuples,
//! tuple structs, tuple and struct variants, `f32`/`f64`, `u128`/`i128`, integers that `-0`
//! does not fit), gets `serde_json::from_slice`'s verdict and value (`typed_agree`). Those
//! types reach only serde_json's typed `deserialize_*`, which `arbitrary_precision` (on here for
//! `differential_json`) leaves alone: it changes `deserialize_any` alone, handing a number that
//! is not a `u64`/`i64` (`-0`, `1.5`, `1e400`, `2^64`) over as a one-member map, so `Value`,
//! untagged enums and `flatten` are compared only loosely (`numbers_as_f64`). `float_roundtrip`
//! (also on) makes serde_json's floats correctly rounded, as core's parser is.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use jwtv::{
    Algorithm, ClaimsError, ClaimsErrorKind, Error, IdTokenSource, Policy, TokenBuffer, Verified,
    verify,
};
use jwtv_fuzz::{
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
    typed_shapes_agree(v);
}

/// A pair as a tuple struct.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Pair(u8, i64);

/// Every way to write an enum's variants.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
enum Variants {
    U,
    N(i64),
    O(Option<u8>),
    T(u8, f32),
    S { a: u8 },
}

/// Each member of the payload read as `T`, by the claims deserializer and by serde_json: the
/// same verdict, and the same value (`Debug` prints a float's shortest round-trip form, so
/// `-0.0` against `0.0` or a one-ulp difference shows). A payload the strict reader refuses
/// (only under `Policy::jws`: duplicates, nesting) is not compared.
fn typed_agree<T: serde::de::DeserializeOwned + std::fmt::Debug>(v: &Verified<'_>) {
    type Members<T> = std::collections::BTreeMap<String, T>;
    let mut room = vec![0u8; v.payload().len()];
    let ours = v.deserialize_claims_escaped::<Members<T>>(&mut room);
    if let Err(e) = &ours {
        if matches!(
            e.kind(),
            ClaimsErrorKind::Malformed | ClaimsErrorKind::CapacityExceeded
        ) {
            assert!(v.claims().is_none(), "{e:?}");
            return;
        }
    }
    let theirs = serde_json::from_slice::<Members<T>>(v.payload());
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => assert_eq!(
            format!("{ours:?}"),
            format!("{theirs:?}"),
            "as {}",
            std::any::type_name::<T>()
        ),
        (Err(_), Err(_)) => {}
        (ours, theirs) => panic!(
            "as {}: ours {:?}, serde_json {:?}",
            std::any::type_name::<T>(),
            ours.map(|m| format!("{m:?}")),
            theirs.map(|m| format!("{m:?}"))
        ),
    }
}

/// The payload's member names read as map keys of type `K` (serde_json's `MapKey`: numbers
/// and booleans from the name's text), by the claims deserializer and by serde_json.
fn keys_agree<K: serde::de::DeserializeOwned + std::fmt::Debug + Ord>(v: &Verified<'_>) {
    type Names<K> = std::collections::BTreeMap<K, serde::de::IgnoredAny>;
    let mut room = vec![0u8; v.payload().len()];
    let ours = v.deserialize_claims_escaped::<Names<K>>(&mut room);
    if let Err(e) = &ours {
        if matches!(
            e.kind(),
            ClaimsErrorKind::Malformed | ClaimsErrorKind::CapacityExceeded
        ) {
            return;
        }
    }
    let theirs = serde_json::from_slice::<Names<K>>(v.payload());
    assert_eq!(
        ours.map(|m| format!("{m:?}")).ok(),
        theirs.map(|m| format!("{m:?}")).ok(),
        "member names as {}",
        std::any::type_name::<K>()
    );
}

fn typed_shapes_agree(v: &Verified<'_>) {
    keys_agree::<u8>(v);
    keys_agree::<i64>(v);
    keys_agree::<u64>(v);
    keys_agree::<i128>(v);
    keys_agree::<u128>(v);
    keys_agree::<bool>(v);
    keys_agree::<Option<u32>>(v);
    typed_agree::<u8>(v);
    typed_agree::<i64>(v);
    typed_agree::<u64>(v);
    typed_agree::<i128>(v);
    typed_agree::<u128>(v);
    typed_agree::<f32>(v);
    typed_agree::<f64>(v);
    typed_agree::<Option<f64>>(v);
    typed_agree::<String>(v);
    typed_agree::<[u8; 0]>(v);
    typed_agree::<[u8; 1]>(v);
    typed_agree::<[f64; 2]>(v);
    typed_agree::<[String; 1]>(v);
    typed_agree::<(u8,)>(v);
    typed_agree::<(String, f64)>(v);
    typed_agree::<(i128, u128, f32)>(v);
    typed_agree::<Pair>(v);
    typed_agree::<Variants>(v);
    typed_agree::<Vec<f32>>(v);
    typed_agree::<Vec<Option<i128>>>(v);
    typed_agree::<Vec<Variants>>(v);
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

/// `serde_json` here keeps numbers as text (`arbitrary_precision`), the deserializer hands
/// floats over as `f64` (`-0` as -0.0, `2^64` as 1.8446744073709552e19): compare their values,
/// by bit pattern (so `-0` must stay -0.0).
fn numbers_as_f64(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => n.as_f64().map_or(Value::Null, |f| Value::from(f.to_bits())),
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
