//! JWKS loading: `KeySet::<8>::from_jwks_with`.
//!
//! Oracles: the skip callback and the load report agree; every loaded key obeys the size rules;
//! `serde_json` (with duplicate detection) agrees on what is a JWKS document; a loaded key never
//! panics in the signature layer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use jwtv::{
    Algorithm, Error, KeyKind, KeyRejection, KeySet, MAX_KEY_BYTES, MAX_KID_LEN, MAX_OPEN_MEMBERS,
    MIN_HMAC_KEY_BYTES, verify_signature,
};
use jwtv_fuzz::{
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
                check_key(&key);
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
    let over_capacity =
        |depth: usize, open_names: usize| depth > JWKS_MAX_DEPTH || open_names > MAX_OPEN_MEMBERS;
    let entries: Option<Vec<Value>> = match &strict {
        StrictJson::Object { depth, open_names } if !over_capacity(*depth, *open_names) => {
            let doc: Value = serde_json::from_slice(jwks).expect("serde_json reads its own object");
            match doc.get("keys") {
                Some(Value::Array(a)) if a.iter().all(Value::is_object) => Some(a.clone()),
                _ => None,
            }
        }
        _ => None,
    };
    match (&result, &strict, entries) {
        (Ok((set, report)), _, Some(entries)) => {
            assert_eq!(
                set.len() + report.skipped(),
                entries.len(),
                "keys loaded + skipped"
            );
            check_hygiene(set, &skipped, &entries);
        }
        (Ok(_), _, None) => panic!("loaded a document serde_json calls {strict:?}"),
        (Err(Error::CapacityExceeded), StrictJson::Object { depth, open_names }, Some(_)) => {
            // Too many usable keys.
            assert!(!over_capacity(*depth, *open_names));
        }
        (Err(e), StrictJson::Object { depth, open_names }, _)
            if over_capacity(*depth, *open_names) =>
        {
            assert_eq!(
                *e,
                Error::CapacityExceeded,
                "depth {depth}, {open_names} names"
            );
        }
        (Err(e), StrictJson::Object { .. }, Some(entries)) => {
            panic!(
                "{e:?} for a JWKS serde_json reads with {} keys",
                entries.len()
            )
        }
        (Err(e), StrictJson::RecursionLimit, _) if opens_object(jwks) => {
            assert_eq!(*e, Error::CapacityExceeded)
        }
        // Not a JWKS for the reference either (entries are only counted for objects).
        (Err(_), _, _) => {}
    }
});

/// The document-wide rules, decided from serde_json's reading of the entries: a document with
/// any non-`oct` key yields no secret; no loaded key carries private members; a loaded key whose
/// `kid` another signing entry carries is marked shared.
fn check_hygiene<const N: usize>(
    set: &KeySet<N>,
    skipped: &[(usize, KeyRejection)],
    entries: &[Value],
) {
    let kty = |e: &Value| e.get("kty").and_then(Value::as_str).map(str::to_owned);
    let publishes_public = entries.iter().any(|e| kty(e).is_some_and(|k| k != "oct"));
    let loaded: Vec<usize> = (0..entries.len())
        .filter(|i| !skipped.iter().any(|(s, _)| s == i))
        .collect();
    assert_eq!(loaded.len(), set.len());
    let signing = |e: &Value| {
        let usage = match e.get("use") {
            None => true,
            Some(Value::String(u)) => u == "sig",
            Some(_) => false,
        };
        let ops = match e.get("key_ops") {
            None => true,
            Some(Value::Array(ops)) => ops.iter().any(|o| o.as_str() == Some("verify")),
            Some(_) => false,
        };
        usage && ops
    };
    for (key, &index) in set.iter().zip(&loaded) {
        let entry = &entries[index];
        if publishes_public {
            assert_ne!(
                key.kind(),
                KeyKind::Oct,
                "a secret from a published set: {entry}"
            );
        }
        if kty(entry).as_deref() != Some("oct") {
            for private in ["d", "p", "q", "dp", "dq", "qi", "oth"] {
                assert!(
                    entry.get(private).is_none(),
                    "loaded a key with {private}: {entry}"
                );
            }
        }
        let kid = entry.get("kid").and_then(Value::as_str);
        let shared = kid.is_some_and(|kid| {
            entries.iter().enumerate().any(|(i, other)| {
                i != index
                    && signing(other)
                    && other.get("kid").and_then(Value::as_str) == Some(kid)
            })
        });
        assert_eq!(key.has_shared_kid(), shared, "shared kid of {entry}");
    }
}

fn check_key(key: &jwtv::Key) {
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
        KeyKind::EcP384 => assert_eq!(len, 96),
        KeyKind::EcP521 => assert_eq!(len, 132),
        KeyKind::Ed25519 => assert_eq!(len, 32),
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
