//! The verifier's strict JSON reader against `serde_json`, on claims.
//!
//! The input is signed HS256 as a payload and verified under a JWT profile with the issuer and
//! audience waived. Up to the claims the token is valid, so the verdict says what the claims
//! reader thought: `capacity_exceeded` = nested too deep, `malformed_claims` = not acceptable
//! JSON or a mistyped registered claim, anything else = accepted.
//!
//! The reference is `serde_json` (arbitrary-precision numbers, so `1e400` is a number) plus
//! duplicate-name detection after unescaping, a nesting count, and an independent reading of
//! the registered claims' types. Deliberate differences, handled explicitly:
//! * duplicate member names: the verifier refuses them (serde_json::Value keeps the last);
//! * nesting deeper than 16: the verifier refuses with `capacity_exceeded` as soon as it meets
//!   the 17th level, so what serde_json says about the rest does not matter (its limit is 128);
//! * lone surrogates: both refuse;
//! * invalid UTF-8: the verifier validates the whole document first, serde_json only the
//!   strings it reaches, so an invalid byte after a nesting or syntax error changes serde_json's
//!   reason but not the verifier's: only the verifier's `malformed_claims` is checked.
//!
//! Any other disagreement panics with both answers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use jwtv::{
    Algorithm, DEFAULT_MAX_DEPTH, Error, MAX_OPEN_MEMBERS, Policy, TokenBuffer, verify,
};
use jwtv_fuzz::{
    NOW, StrictJson, check_error, check_json_str, confuses_serde_json, hs256_token, keys,
    opens_object, ref_claims_typed, ref_numeric_date, strict_json,
};

const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "", "")
    .waive_issuer()
    .waive_audience();

fuzz_target!(|doc: &[u8]| {
    if doc.is_empty() || confuses_serde_json(doc) {
        return;
    }
    let token = hs256_token(br#"{"alg":"HS256"}"#, doc);
    let mut buf = TokenBuffer::<16384>::new();
    let result = verify(&token, keys(), &POLICY, NOW, &mut buf);
    if let Err(e) = &result {
        check_error(*e);
    }
    // Deliberate difference: the verifier checks UTF-8 over the whole document before parsing
    // (so it refuses invalid UTF-8 even past a nesting or syntax error), serde_json only when it
    // reaches a string. Invalid UTF-8 is always malformed for the verifier.
    if std::str::from_utf8(doc).is_err() {
        assert_eq!(
            verdict_of(&result),
            Some(Error::MalformedClaims),
            "invalid UTF-8"
        );
        return;
    }
    let strict = strict_json(doc);
    let parsed: Option<serde_json::Map<String, Value>> = match strict {
        StrictJson::Object { .. } => Some(
            serde_json::from_slice(doc)
                .unwrap_or_else(|e| panic!("serde_json cannot read its own object back: {e}")),
        ),
        _ => None,
    };
    let typed = parsed.as_ref().map(ref_claims_typed);
    let verdict = verdict_of(&result);
    let disagree = |why: &str| -> ! {
        panic!(
            "JSON disagreement ({why}):\n  verifier: {verdict:?}\n  serde_json: {strict:?}, claims typed: {typed:?}\n  doc: {:?}",
            String::from_utf8_lossy(doc)
        )
    };
    // The reader's capacities: nesting, and member names open at once.
    let over_capacity = |depth: usize, open_names: usize| {
        depth > DEFAULT_MAX_DEPTH || open_names > MAX_OPEN_MEMBERS
    };
    match verdict {
        Some(Error::CapacityExceeded) => match &strict {
            StrictJson::Object { depth, open_names } if !over_capacity(*depth, *open_names) => {
                disagree("verifier says over capacity")
            }
            StrictJson::NotObject => disagree("too deep for a non-object"),
            _ => {}
        },
        Some(Error::MalformedClaims) => match &strict {
            StrictJson::Object { depth, open_names } if over_capacity(*depth, *open_names) => {
                disagree("deep or member-heavy object should be capacity_exceeded")
            }
            StrictJson::Object { .. } => {
                if typed == Some(Ok(())) {
                    disagree("verifier refuses well-typed claims")
                }
            }
            StrictJson::RecursionLimit if opens_object(doc) => {
                disagree("deeper than 128 should be capacity_exceeded")
            }
            StrictJson::RecursionLimit => {}
            StrictJson::NotObject | StrictJson::Duplicate | StrictJson::Invalid(_) => {}
        },
        Some(Error::MalformedToken | Error::MalformedHeader | Error::InvalidSignature) => {
            disagree("the token itself was refused")
        }
        // Accepted as JSON with well-typed registered claims.
        _ => {
            let StrictJson::Object { depth, open_names } = strict else {
                disagree("verifier accepts what serde_json refuses")
            };
            if over_capacity(depth, open_names) {
                disagree("verifier accepts nesting or member names beyond its capacity");
            }
            if let Some(Err(why)) = &typed {
                disagree(&format!("verifier accepts a mistyped claim: {why}"));
            }
            let doc = parsed.as_ref().expect("parsed");
            compare_claims(&token, doc);
        }
    }
});

fn verdict_of<T>(r: &Result<T, Error>) -> Option<Error> {
    r.as_ref().err().copied()
}

/// The registered claims the verifier reads are the ones serde_json reads.
fn compare_claims(token: &[u8], doc: &serde_json::Map<String, Value>) {
    // Claims are only exposed after a JWT-profile verification; use a lenient one (its only
    // remaining rules: exp present and after 0).
    let lenient = Policy::jwt(&[Algorithm::HS256], "", "")
        .waive_issuer()
        .waive_audience()
        .with_leeway(u64::MAX);
    let mut buf = TokenBuffer::<16384>::new();
    let v = match verify(token, keys(), &lenient, NOW, &mut buf) {
        Ok(v) => v,
        // The remaining checks (exp present) can still fail; nothing to compare then.
        Err(_) => return,
    };
    let c = v.claims().expect("claims under jwt");
    for (name, value) in doc {
        assert!(c.contains(name), "claims lack {name:?}");
        match (c.string(name), value) {
            (Some(s), Value::String(want)) => {
                check_json_str(s);
                assert_eq!(&s.to_string(), want, "claim {name:?}");
            }
            (None, Value::String(_)) => panic!("string claim {name:?} not found"),
            (Some(s), other) => panic!("claim {name:?} read as string {s:?}, is {other}"),
            (None, _) => {}
        }
    }
    let dates = [
        ("exp", c.exp()),
        ("nbf", c.nbf()),
        ("iat", c.iat()),
        ("auth_time", c.auth_time()),
    ];
    for (name, got) in dates {
        let want = doc
            .get(name)
            .and_then(|v| v.as_number())
            .and_then(|n| ref_numeric_date(&n.to_string()));
        assert_eq!(
            got.map(|d| (d.secs(), d.has_fraction())),
            want,
            "NumericDate {name}: {:?}",
            doc.get(name)
        );
    }
    match (c.aud(), doc.get("aud")) {
        (None, None) => {}
        (Some(aud), Some(Value::String(s))) => {
            assert_eq!(aud.len(), 1);
            assert!(aud.contains(s));
        }
        (Some(aud), Some(Value::Array(a))) => {
            let got: Vec<String> = aud.iter().map(|x| x.to_string()).collect();
            let want: Vec<String> = a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect();
            assert_eq!(got, want);
        }
        (got, want) => panic!("aud {got:?} vs {want:?}"),
    }
}
