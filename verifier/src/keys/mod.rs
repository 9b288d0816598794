//! Verification keys: the key itself, JWK parsing, the key set and the choice of key, the
//! stored (flash) form, signed key-set updates, and the checks of precomputed key material.

pub(crate) mod jwk;
pub(crate) mod key;
pub(crate) mod key_set;
pub(crate) mod limits;
pub(crate) mod precomputed;
pub(crate) mod selection;
pub(crate) mod stored;
pub(crate) mod update;

pub use jwk::JwkStorage;
pub use key::{Key, KeyRejection};
pub use key_set::{DEFAULT_KEYSET_BYTES, KeySet, Keys, LoadReport, SkippedKey};
pub use limits::{MAX_KEY_BYTES, MAX_KID_LEN, MAX_RSA_BITS, MIN_HMAC_KEY_BYTES, MIN_RSA_BITS};
pub use stored::{STORED_KEY_SET_MAGIC, STORED_KEY_SET_VERSION};
pub use update::{KEY_SET_UPDATE_TYP, KeySetUpdate, KeySetUpdatePolicy, verify_key_set_update};
