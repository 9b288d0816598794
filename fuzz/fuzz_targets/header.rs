//! The protected header's JSON: the input is the decoded header, put into a token with a fixed
//! payload and signed HS256 with the fixed key, so a header that selects that key verifies.
//!
//! Oracle: `serde_json` (with duplicate-name detection). An accepted header is a JSON object
//! without duplicates whose `alg`, `kid` and `typ` are what the verifier reports; a header
//! naming HS256, without `crit`/`kid`, with `b64` absent or true and a string `typ`, within the
//! nesting budget, must verify.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use jwtv::{
    Algorithm, DEFAULT_MAX_DEPTH, Error, MAX_HEADER_LEN, MAX_OPEN_MEMBERS, Policy, TokenBuffer,
    verify,
};
use jwtv_fuzz::{
    ALL_ALGS, HS_KID, NOW, StrictJson, check_error, check_verified, confuses_serde_json,
    hs256_token, keys, opens_object, strict_json,
};

const PAYLOAD: &[u8] = br#"{"iss":"https://issuer.example","exp":1800000000}"#;

fuzz_target!(|header: &[u8]| {
    if header.is_empty() {
        return;
    }
    let token = hs256_token(header, PAYLOAD);
    let policy = Policy::jws(ALL_ALGS);
    let mut buf = TokenBuffer::<16384>::new();
    let result = verify(&token, keys(), &policy, NOW, &mut buf);
    if let Err(e) = &result {
        check_error(*e);
        assert_ne!(*e, Error::MalformedToken, "a well-formed token split badly");
    }
    if confuses_serde_json(header) {
        return;
    }
    // The verifier checks UTF-8 over the whole document before parsing, serde_json only when it
    // reaches a string: on invalid UTF-8 only the verifier's verdict is checked.
    if std::str::from_utf8(header).is_err() {
        assert_eq!(result.err(), Some(Error::MalformedHeader), "invalid UTF-8");
        return;
    }
    let strict = strict_json(header);
    let doc: Option<serde_json::Map<String, Value>> = match strict {
        StrictJson::Object { .. } => serde_json::from_slice(header).ok(),
        _ => None,
    };
    match (&result, &strict, &doc) {
        (Ok(v), StrictJson::Object { depth, open_names }, Some(doc)) => {
            check_verified(v, &policy, keys(), NOW);
            assert!(*depth <= DEFAULT_MAX_DEPTH);
            assert!(*open_names <= MAX_OPEN_MEMBERS);
            assert!(header.len() <= MAX_HEADER_LEN);
            let h = v.header();
            assert_eq!(Some(h.alg().name()), doc.get("alg").and_then(Value::as_str));
            assert_eq!(h.alg(), Algorithm::HS256, "verified with the HS256 key");
            assert!(doc.get("crit").is_none());
            assert_eq!(
                h.kid().map(|k| k.to_string()),
                doc.get("kid").and_then(Value::as_str).map(str::to_owned)
            );
            assert_eq!(
                h.typ().map(|k| k.to_string()),
                doc.get("typ").and_then(Value::as_str).map(str::to_owned)
            );
        }
        (Ok(_), _, _) => panic!("accepted a header serde_json calls {strict:?}"),
        (Err(e), StrictJson::Object { depth, open_names }, Some(doc)) => {
            // The capacities: nesting, names open at once, the header's length.
            let over_capacity = *depth > DEFAULT_MAX_DEPTH
                || *open_names > MAX_OPEN_MEMBERS
                || header.len() > MAX_HEADER_LEN;
            // Must it verify?
            let alg_hs256 = doc.get("alg") == Some(&Value::String("HS256".into()));
            let b64_ok = matches!(doc.get("b64"), None | Some(Value::Bool(true)));
            let kid_ok = match doc.get("kid") {
                None => true,
                Some(Value::String(k)) => k == HS_KID,
                Some(_) => false,
            };
            let typ_ok = matches!(doc.get("typ"), None | Some(Value::String(_)));
            if !over_capacity
                && alg_hs256
                && b64_ok
                && kid_ok
                && typ_ok
                && !doc.contains_key("crit")
            {
                panic!("refused a valid HS256 header with {e:?}");
            }
            if over_capacity {
                assert_eq!(
                    *e,
                    Error::CapacityExceeded,
                    "depth {depth}, {open_names} names, {} bytes",
                    header.len()
                );
            }
        }
        (Err(e), StrictJson::Object { .. }, None) => {
            panic!("serde_json cannot read its own object back ({e:?})")
        }
        (Err(e), StrictJson::RecursionLimit, _) if opens_object(header) => {
            assert_eq!(*e, Error::CapacityExceeded)
        }
        (Err(e), _, _) => assert!(
            matches!(*e, Error::MalformedHeader | Error::CapacityExceeded),
            "{e:?} for a header serde_json calls {strict:?}"
        ),
    }
});
