#![no_std]
#![forbid(unsafe_code)]
#![doc = include_str!("../README.md")]

#[cfg(test)]
#[macro_use]
extern crate std;

mod algorithm;
mod base64url;
mod claims;
mod claims_deserializer;
mod crypto;
mod error;
mod header;
mod json;
mod jws;
mod keys;
mod numeric_date;
mod policy;
mod policy_parts;
mod rejection;
mod unverified;
mod validate;
mod verify;

pub use algorithm::{Algorithm, HashAlg, KeyKind, UnknownAlgorithm};
pub use claims::{Audience, AudienceIter, AudienceList, Claims};
pub use claims_deserializer::{ClaimsError, ClaimsErrorKind};
pub use crypto::verify_signature;
pub use error::Error;
pub use header::{Header, MAX_HEADER_LEN};
pub use json::{Chars, JsonStr, MAX_OPEN_MEMBERS};
pub use keys::{
    DEFAULT_KEYSET_BYTES, JwkStorage, KEY_SET_UPDATE_TYP, Key, KeyRejection, KeySet, KeySetIn,
    KeySetUpdate, KeySetUpdatePolicy, KeySlot, Keys, LoadReport, MAX_KEY_BYTES, MAX_KID_LEN,
    MAX_RSA_BITS, MIN_HMAC_KEY_BYTES, MIN_RSA_BITS, STORED_KEY_SET_MAGIC, STORED_KEY_SET_VERSION,
    SkippedKey, verify_key_set_update, verify_key_set_update_explained, verify_key_set_update_in,
};
pub use numeric_date::{MAX_NUMERIC_DATE, NumericDate};
pub use policy::{DEFAULT_MAX_DEPTH, Expect, IdTokenSource, MAX_DEPTH, Policy, Profile};
pub use policy_parts::{Flow, PolicyError, PolicyParts};
pub use rejection::{Detail, Rejection};
pub use unverified::{UnverifiedHeader, peek_header};
pub use validate::BACKCHANNEL_LOGOUT_EVENT;
pub use verify::{TokenBuffer, Verified, verify, verify_explained, verify_in};

/// The repository README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// The Rust firmware guide's examples (`docs/firmware.md`), compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/firmware.md")]
pub struct FirmwareGuideDoctests;
