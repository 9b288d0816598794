//! The attack catalogue (conformance notes §4): one suite per class of attack, one file per
//! suite, named as its fixture file (`fixtures/attacks/<name>.json`), with several variants each
//! and every signing family where the class applies.

use serde_json::{Value, json};

use crate::common::Suite;
use crate::keys::Keys;

pub mod alg_none;
pub mod algorithm_names;
pub mod base64url;
pub mod crit_b64;
pub mod ecdsa_p384_p521;
pub mod ecdsa_psychic;
pub mod eddsa;
pub mod embedded_key;
pub mod explicit_typing;
pub mod invalid_keys;
pub mod json_parsing;
pub mod key_confusion;
pub mod key_set_hygiene;
pub mod kid_injection;
pub mod numeric_date;
pub mod segments;
pub mod signature_length;
pub mod string_comparison;
pub mod substitution;
pub mod work_bounds;

/// The three families most attacks are run against: (alg, signing key kid).
pub(crate) const FAMILIES: [(&str, &str); 3] = [
    ("RS256", "rsa2048-a"),
    ("ES256", "p256-a"),
    ("HS256", "hs-32"),
];

fn lower(alg: &str) -> String {
    alg.to_ascii_lowercase()
}

/// The provider's key set used by most attack suites: one key per family, each with its kid.
pub(crate) fn op_keyset(s: &mut Suite, keys: &Keys) {
    s.keyset(
        "op",
        vec![
            keys.public("rsa2048-a"),
            keys.public("p256-a"),
            keys.public("hs-32"),
        ],
    );
}

fn good(sub: &str) -> Value {
    json!({ "sub": sub })
}

/// [`op_keyset`] with a 64-byte HMAC secret too (for HS512).
fn op_keyset_with_hs64(s: &mut Suite, keys: &Keys) {
    s.keyset(
        "op",
        vec![
            keys.public("rsa2048-a"),
            keys.public("p256-a"),
            keys.public("hs-32"),
            keys.public("hs-64"),
        ],
    );
}
