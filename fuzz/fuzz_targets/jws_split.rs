//! The compact splitter and base64url decoding, through `verify` under `Policy::jws`.
//!
//! Oracle: an independent splitter and strict base64url decoder. The verifier says
//! `malformed_token` exactly when the reference does; when the token verifies, the payload it
//! returns is the reference's decoding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use jwtv::{Error, Policy, TokenBuffer, verify};
use jwtv_fuzz::{ALL_ALGS, NOW, check_error, check_verified, keys, ref_split};

const CAPACITY: usize = 4096;

fuzz_target!(|token: &[u8]| {
    let policy = Policy::jws(ALL_ALGS);
    let mut buf = TokenBuffer::<CAPACITY>::new();
    let result = verify(token, keys(), &policy, NOW, &mut buf);
    if token.len() > CAPACITY {
        assert_eq!(result.err(), Some(Error::CapacityExceeded));
        return;
    }
    let reference = ref_split(token);
    match &result {
        Err(e) => {
            check_error(*e);
            assert_eq!(
                *e == Error::MalformedToken,
                reference.is_none(),
                "verifier says {e:?}, reference split {reference:?}"
            );
        }
        Ok(v) => {
            let (_, payload, _) = reference.expect("accepted a token the reference cannot split");
            assert_eq!(v.payload(), payload.as_slice());
            check_verified(v, &policy, keys(), NOW);
        }
    }
    // A smaller buffer that still holds the token gives the same verdict.
    if token.len() <= 256 {
        let mut small = TokenBuffer::<256>::new();
        let again = verify(token, keys(), &policy, NOW, &mut small);
        assert_eq!(again.err(), result.as_ref().err().copied());
    }
});
