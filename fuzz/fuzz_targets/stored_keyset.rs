//! The stored (binary) form of a key set: `KeySet::<4>::read_stored`, which firmware runs at
//! boot on bytes from flash.
//!
//! Oracles: an error is one of the documented four and leaves the set empty; a record that
//! reads back writes out again byte for byte (the reader accepts exactly one spelling of each
//! set), and each key it yields obeys the key rules.
#![no_main]

use libfuzzer_sys::fuzz_target;
use jwtv::{Error, KeyKind, KeySet, MAX_KID_LEN};
use jwtv_fuzz::check_error;

fuzz_target!(|bytes: &[u8]| {
    let mut set = KeySet::<4>::new();
    match set.read_stored(bytes) {
        Err(e) => {
            check_error(e);
            assert!(
                matches!(
                    e,
                    Error::StoredKeySetCorrupt
                        | Error::StoredKeySetVersion
                        | Error::CapacityExceeded
                ),
                "read_stored returned {e:?}"
            );
            assert!(set.is_empty());
        }
        Ok(iat) => {
            let mut out = vec![0u8; set.stored_len()];
            let len = set.write_stored(iat, &mut out).expect("room for its own form");
            assert_eq!(&out[..len], &bytes[..len], "the record is written back as read");
            for key in set.iter() {
                assert!(key.kid().is_none_or(|kid| kid.len() <= MAX_KID_LEN));
                let len = key.material().len();
                match key.kind() {
                    KeyKind::Rsa => assert!((2048..=4096).contains(&key.bits())),
                    KeyKind::EcP256 => assert_eq!(len, 64),
                    KeyKind::EcP384 => assert_eq!(len, 96),
                    KeyKind::EcP521 => assert_eq!(len, 132),
                    KeyKind::Ed25519 => assert_eq!(len, 32),
                    KeyKind::Oct => assert!(len >= 32),
                }
                if let Some(alg) = key.alg() {
                    assert_eq!(alg.key_kind(), key.kind());
                }
            }
        }
    }
});
