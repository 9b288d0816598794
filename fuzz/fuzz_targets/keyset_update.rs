//! Key-set updates past the signature: the input is the payload of a `jwk-set+jwt` signed with
//! the fixed P-256 key (the trust anchor here), verified by `verify_key_set_update` into a
//! staged `KeySet<4>` with an installed `iat`.
//!
//! Oracles: an error is documented and leaves the staged set empty; an accepted update was
//! issued after the installed set and not after now, names the expected `iss` and `sub` (as
//! `serde_json` decodes them), holds no secret, no key with a shared `kid`, and not the anchor.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use jwtv::{
    Algorithm, KeyKind, KeySet, KeySetUpdatePolicy, TokenBuffer, verify_key_set_update,
};
use jwtv_fuzz::{check_error, es256_token, keys};

const NOW: u64 = 1_700_000_000;
const INSTALLED: u64 = 1_600_000_000;
const POLICY: KeySetUpdatePolicy<'static> =
    KeySetUpdatePolicy::new(&[Algorithm::ES256], "https://keys", "devices").with_leeway(60);

fuzz_target!(|payload: &[u8]| {
    let update = es256_token(br#"{"alg":"ES256","kid":"es","typ":"jwk-set+jwt"}"#, payload);
    let mut buffer = TokenBuffer::<16384>::new();
    let mut staged = KeySet::<4>::new();
    let anchors = keys();
    let policy = POLICY.with_installed_iat(INSTALLED);
    match verify_key_set_update(&update, anchors, &policy, NOW, &mut buffer, &mut staged) {
        Err(e) => {
            check_error(e);
            assert!(staged.is_empty(), "{e:?} left keys staged");
        }
        Ok(accepted) => {
            assert!(accepted.iat() > INSTALLED && accepted.iat() <= NOW + 60);
            assert!(!staged.is_empty());
            let claims: Value = serde_json::from_slice(payload).expect("accepted JSON");
            assert_eq!(claims["iss"].as_str(), Some("https://keys"));
            assert_eq!(claims["sub"].as_str(), Some("devices"));
            for key in staged.iter() {
                assert_ne!(key.kind(), KeyKind::Oct);
                assert!(!key.has_shared_kid());
                assert!(
                    !anchors
                        .iter()
                        .any(|a| a.kind() == key.kind() && a.material() == key.material())
                );
            }
        }
    }
});
