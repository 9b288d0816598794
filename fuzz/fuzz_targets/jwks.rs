//! JWKS loading: `KeySet::<8>::from_jwks_with`.
//!
//! Oracles: the skip callback and the load report agree; every loaded key obeys the size rules;
//! `serde_json` (with duplicate detection) agrees on what is a JWKS document; a loaded key never
//! panics in the signature layer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use verifier::{
    Algorithm, Error, KeyKind, KeyRejection, KeySet, MAX_KEY_BYTES, MAX_KID_LEN,
    MIN_HMAC_KEY_BYTES, verify_signature,
};
use verifier_fuzz::{
    StrictJson, check_error, check_json_str, confuses_serde_json, opens_object, strict_json,
};

/// `JWKS_MAX_DEPTH` in the verifier: the top object, `keys`, a key, `x5c`/`key_ops`, and one more.
const JWKS_MAX_DEPTH: usize = 5;

fuzz_target!(|jwks: &[u8]| {
    let mut skipped = Vec::new();
    let result = KeySet::<8>::from_jwks_with(jwks, |s| {
        if let Some(kid) = s.kid {
            check_json_str(kid);
        }
        assert!(KeyRejection::ALL.contains(&s.reason));
        assert!(!s.reason.code().is_empty());
        skipped.push((s.index, s.reason));
    });
    match &result {
        Err(e) => {
            check_error(*e);
            assert!(
                matches!(e, Error::MalformedJwks | Error::CapacityExceeded),
                "from_jwks returned {e:?}"
            );
        }
        Ok((set, report)) => {
            assert_eq!(report.loaded(), set.len());
            assert_eq!(report.skipped(), skipped.len());
            for reason in KeyRejection::ALL {
                let n = skipped.iter().filter(|(_, r)| *r == reason).count();
                assert_eq!(report.skipped_for(reason), n);
            }
            assert!(skipped.windows(2).all(|w| w[0].0 < w[1].0));
            for key in set.iter() {
                check_key(key);
            }
        }
    }

    // The reference's view of the document.
    if confuses_serde_json(jwks) {
        return;
    }
    // The verifier checks UTF-8 over the whole document before parsing, serde_json only when it
    // reaches a string: on invalid UTF-8 only the verifier's verdict is checked.
    if std::str::from_utf8(jwks).is_err() {
        assert_eq!(result.err(), Some(Error::MalformedJwks), "invalid UTF-8");
        return;
    }
    let strict = strict_json(jwks);
    let entries = match &strict {
        StrictJson::Object { depth } if *depth <= JWKS_MAX_DEPTH => {
            let doc: Value = serde_json::from_slice(jwks).expect("serde_json reads its own object");
            match doc.get("keys") {
                Some(Value::Array(a)) if a.iter().all(Value::is_object) => Some(a.len()),
                _ => None,
            }
        }
        _ => None,
    };
    match (&result, &strict, entries) {
        (Ok((set, report)), _, Some(n)) => {
            assert_eq!(set.len() + report.skipped(), n, "keys loaded + skipped");
        }
        (Ok(_), _, None) => panic!("loaded a document serde_json calls {strict:?}"),
        (Err(Error::CapacityExceeded), StrictJson::Object { depth }, Some(_)) => {
            // Too many usable keys.
            assert!(*depth <= JWKS_MAX_DEPTH);
        }
        (Err(e), StrictJson::Object { depth }, _) if *depth > JWKS_MAX_DEPTH => {
            assert_eq!(*e, Error::CapacityExceeded, "depth {depth}");
        }
        (Err(e), StrictJson::Object { .. }, Some(n)) => {
            panic!("{e:?} for a JWKS serde_json reads with {n} keys")
        }
        (Err(e), StrictJson::RecursionLimit, _) if opens_object(jwks) => {
            assert_eq!(*e, Error::CapacityExceeded)
        }
        // Not a JWKS for the reference either (entries are only counted for objects).
        (Err(_), _, _) => {}
    }
});

fn check_key(key: &verifier::Key) {
    if let Some(kid) = key.kid() {
        assert!(kid.len() <= MAX_KID_LEN);
    }
    let len = key.material().len();
    match key.kind() {
        KeyKind::Rsa => {
            assert!(
                (2048..=4096).contains(&key.bits()),
                "RSA bits {}",
                key.bits()
            );
            assert!(
                key.material().last().is_some_and(|b| b & 1 == 1),
                "even modulus"
            );
            assert_ne!(key.material().first(), Some(&0));
            let e = key.rsa_exponent();
            assert!(e >= 3 && e % 2 == 1, "e = {e}");
        }
        KeyKind::EcP256 => assert_eq!(len, 64),
        KeyKind::Oct => assert!((MIN_HMAC_KEY_BYTES..=MAX_KEY_BYTES).contains(&len)),
    }
    if let Some(alg) = key.alg() {
        assert_eq!(alg.key_kind(), key.kind());
        assert!(alg.is_implemented());
        if key.kind() == KeyKind::Oct {
            assert!(len >= alg.hash().output_len());
        }
    }
    for alg in Algorithm::ALL {
        if key.fits(alg, None) {
            // A junk signature never verifies, and never panics.
            let sig = [0x42u8; 64];
            let r = verify_signature(alg, key, b"e30.e30", &sig);
            assert_eq!(r, Err(Error::InvalidSignature), "{alg}");
        }
    }
}
