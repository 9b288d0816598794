//! The generated header against the verifier: every rejection's name and number in
//! `jwtv.h` is the verifier's `Error::code()` and its place in `Error::ALL`, and every
//! `JWTV_ALG_*` bit names `Algorithm::ALL`'s algorithm at that place.

#![allow(
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::unwrap_used
)]

use core::ffi::CStr;

use jwtv::{Algorithm, Error, KeyRejection};
use jwtv_capi::{JWTV_ALG_ALL, jwtv_error_string, jwtv_status};

const HEADER: &str = include_str!("../include/jwtv.h");

/// `(name, value)` of each `JWTV_*` enumerator of `jwtv_status` in the header.
fn enumerators() -> Vec<(String, i32)> {
    let start = HEADER.find("typedef enum {").expect("the status enum");
    let end = start + HEADER[start..].find("} jwtv_status;").expect("its end");
    HEADER[start..end]
        .lines()
        .filter_map(|line| {
            let (name, value) = line.trim().trim_end_matches(',').split_once(" = ")?;
            Some((name.to_owned(), value.parse().ok()?))
        })
        .collect()
}

fn string(code: i32) -> String {
    // SAFETY: jwtv_error_string returns a static NUL-terminated string for any code.
    unsafe { CStr::from_ptr(jwtv_error_string(code)) }
        .to_str()
        .expect("ASCII")
        .to_owned()
}

#[test]
fn rejections_are_the_verifiers_codes_in_order() {
    let enumerators = enumerators();
    for (i, error) in Error::ALL.into_iter().enumerate() {
        let number = i32::try_from(i + 1).unwrap();
        let name = format!("JWTV_{}", error.code().to_uppercase());
        assert!(
            enumerators.contains(&(name.clone(), number)),
            "{name} = {number} missing from the header"
        );
        assert_eq!(jwtv_status::from(error) as i32, number, "{name}");
        assert_eq!(string(number), error.code());
    }
}

#[test]
fn key_rejections_have_the_documented_statuses() {
    // jwtv.h: WEAK, TOO_LARGE and UNSUPPORTED name their reasons; every other reason a raw key
    // can be refused for (an even modulus, an `alg` of another key type, ...) is INVALID.
    for reason in KeyRejection::ALL {
        let expected = match reason {
            KeyRejection::Weak => jwtv_status::JWTV_KEY_WEAK,
            KeyRejection::TooLarge => jwtv_status::JWTV_KEY_TOO_LARGE,
            KeyRejection::Unsupported => jwtv_status::JWTV_KEY_UNSUPPORTED,
            _ => jwtv_status::JWTV_KEY_INVALID,
        };
        assert_eq!(jwtv_status::from(reason), expected, "{reason:?}");
    }
}

#[test]
fn every_status_string_is_its_lowercase_name() {
    let enumerators = enumerators();
    assert_eq!(enumerators.len(), 1 + Error::ALL.len() + 10);
    for (name, value) in &enumerators {
        let expected = name.strip_prefix("JWTV_").unwrap().to_lowercase();
        assert_eq!(string(*value), expected, "{name}");
    }
    assert_eq!(string(-1), "unknown");
    assert_eq!(string(36), "unknown");
}

#[test]
fn algorithm_bits_follow_the_verifiers_list() {
    for (i, alg) in Algorithm::ALL.into_iter().enumerate() {
        // Bit 0 is written `1`.
        let value = if i == 0 {
            "1".to_owned()
        } else {
            format!("(1 << {i})")
        };
        let line = format!("#define JWTV_ALG_{} {value}", alg.name().to_uppercase());
        assert!(HEADER.contains(&line), "{line} missing from the header");
    }
    assert_eq!(JWTV_ALG_ALL, (1 << Algorithm::ALL.len()) - 1);
}

#[test]
fn the_rust_algorithm_constants_are_the_headers_bits() {
    // cbindgen writes the header's #defines from these constants (capi/ci.sh checks it is
    // current); the bits a `jwtv_policy` or a raw key's `alg` carries are decoded by position
    // in `Algorithm::ALL`, so each constant must be its algorithm's bit there.
    let constants = [
        (jwtv_capi::JWTV_ALG_HS256, Algorithm::HS256),
        (jwtv_capi::JWTV_ALG_HS384, Algorithm::HS384),
        (jwtv_capi::JWTV_ALG_HS512, Algorithm::HS512),
        (jwtv_capi::JWTV_ALG_RS256, Algorithm::RS256),
        (jwtv_capi::JWTV_ALG_RS384, Algorithm::RS384),
        (jwtv_capi::JWTV_ALG_RS512, Algorithm::RS512),
        (jwtv_capi::JWTV_ALG_PS256, Algorithm::PS256),
        (jwtv_capi::JWTV_ALG_PS384, Algorithm::PS384),
        (jwtv_capi::JWTV_ALG_PS512, Algorithm::PS512),
        (jwtv_capi::JWTV_ALG_ES256, Algorithm::ES256),
        (jwtv_capi::JWTV_ALG_ES384, Algorithm::ES384),
        (jwtv_capi::JWTV_ALG_ES512, Algorithm::ES512),
        (jwtv_capi::JWTV_ALG_EDDSA, Algorithm::EdDSA),
        (jwtv_capi::JWTV_ALG_ED25519, Algorithm::Ed25519),
    ];
    assert_eq!(constants.len(), Algorithm::ALL.len());
    for (value, alg) in constants {
        let position = Algorithm::ALL.iter().position(|a| *a == alg).unwrap();
        assert_eq!(
            value,
            1 << position,
            "JWTV_ALG_{}",
            alg.name().to_uppercase()
        );
    }
}
