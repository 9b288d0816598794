//! Verification keys, from the ground up: how large a key may be (`limits`), the constants a
//! key may carry precomputed and their checks (`precomputed`), the key itself (`key`), one JWK
//! turned into a key (`jwk`), the key set (`key_set`), the choice of key for a token
//! (`selection`), the stored (flash) form of a set (`stored`) and signed key-set updates
//! (`update`). Each file imports only files named before it.

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
pub use key_set::{DEFAULT_KEYSET_BYTES, KeySet, KeySetIn, KeySlot, Keys, LoadReport, SkippedKey};
pub use limits::{MAX_KEY_BYTES, MAX_KID_LEN, MAX_RSA_BITS, MIN_HMAC_KEY_BYTES, MIN_RSA_BITS};
pub use stored::{STORED_KEY_SET_MAGIC, STORED_KEY_SET_VERSION};
pub use update::{
    KEY_SET_UPDATE_TYP, KeySetUpdate, KeySetUpdatePolicy, verify_key_set_update,
    verify_key_set_update_explained, verify_key_set_update_in,
};
