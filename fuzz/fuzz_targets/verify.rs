//! End to end: `verify` on raw bytes, with fixed key sets (HS256 + ES256 keys, and the fixture
//! keys) and a pinned time, under every profile.
//!
//! Oracles: every rejection is a documented code; whatever is accepted satisfies its policy;
//! a token longer than the buffer is `capacity_exceeded`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use jwtv::{Algorithm, Error, Policy, TokenBuffer, verify};
use jwtv_fuzz::{
    ACCESS_TOKEN, ALGS, ALL_ALGS, CLIENT, CODE, ISS, NONCE, NOW, RESOURCE, check_error,
    check_verified, fixture_keys, keys, keys_without_kid,
};

const CAPACITY: usize = 4096;

fuzz_target!(|token: &[u8]| {
    let policies = [
        Policy::jws(ALL_ALGS),
        Policy::jwt(ALGS, ISS, CLIENT)
            .waive_issuer()
            .waive_audience(),
        Policy::id_token(ALGS, ISS, CLIENT),
        Policy::id_token(ALGS, ISS, CLIENT)
            .with_leeway(30)
            .with_nonce(NONCE)
            .with_max_age(3600)
            .with_access_token(ACCESS_TOKEN)
            .with_code(CODE),
        Policy::access_token(ALGS, ISS, RESOURCE).with_required_scopes(&["read"]),
        // The fixture corpus: several HMAC and EC keys, some without kid.
        Policy::jws(&[Algorithm::HS256, Algorithm::ES256, Algorithm::RS256]).try_all_keys(),
    ];
    for (i, policy) in policies.iter().enumerate() {
        let key_sets: &[&[jwtv::Key]] = if i == 5 {
            &[fixture_keys()]
        } else {
            &[keys(), keys_without_kid()]
        };
        for keys in key_sets {
            let mut buf = TokenBuffer::<CAPACITY>::new();
            let result = verify(token, keys, policy, NOW, &mut buf);
            match &result {
                Ok(v) => check_verified(v, policy, keys, NOW),
                Err(e) => check_error(*e),
            }
            if token.len() > CAPACITY {
                assert_eq!(result.err(), Some(Error::CapacityExceeded));
            }
        }
    }
    // A buffer too small for the token refuses it before any work.
    let mut small = TokenBuffer::<64>::new();
    let r = verify(token, keys(), &policies[0], NOW, &mut small);
    if token.len() > 64 {
        assert_eq!(r.err(), Some(Error::CapacityExceeded));
    } else if let Err(e) = r {
        check_error(e);
    }
});
