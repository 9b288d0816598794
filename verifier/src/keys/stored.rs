//! The stored form of a [`KeySet`]: compact, versioned bytes that firmware writes to flash after
//! a key-set update and reads back at boot without parsing JSON.
//!
//! Version 1, integers big-endian:
//!
//! | offset | bytes | field |
//! | ---: | ---: | --- |
//! | 0 | 4 | magic `KSET` |
//! | 4 | 1 | format version, 1 |
//! | 5 | 1 | number of keys |
//! | 6 | 2 | zero (reserved) |
//! | 8 | 4 | total length in bytes, checksum included |
//! | 12 | 8 | `iat` of the update the set came from (0: none) |
//! | 20 | … | the keys, one after the other (below) |
//! | length − 16 | 16 | the first 16 bytes of SHA-256 over every byte before them |
//!
//! Each key: its kind (1 byte: 1 RSA, 2 EC P-256, 3 EC P-384, 4 EC P-521, 5 Ed25519, 6 `oct`),
//! flags (1 byte: bit 0 a `kid` is present, bit 1 the `kid` is shared with another signing key of
//! its document; other bits zero), the `alg` name's length (1 byte, 0 for none, at most 8) and
//! name, the `kid`'s length (1 byte, at most [`crate::MAX_KID_LEN`]) and UTF-8 bytes, the RSA
//! exponent (4 bytes; 0 for other kinds), the material's length (2 bytes) and the material (an
//! RSA modulus without leading zeros, an EC point `x ‖ y`, an Ed25519 public key, a secret).
//! Precomputed constants (RSA `R² mod n`, HMAC pad states) are not stored: they are recomputed
//! as the keys are added back.
//!
//! Reading checks the magic, the version, the length, the checksum, and then every key again by
//! the rules of JWKS loading (RSA size, exponent and ROCA fingerprint, EC point on its curve,
//! Ed25519 not of small order, secret length, `alg` fitting the key), so a set that a build
//! would not load from a JWKS is never read back either.

use sha2::Digest as _;

use super::jwk;
use super::key::Key;
use super::key_set::{KeySet, KeySetIn};
use super::limits::MAX_KID_LEN;
use crate::algorithm::{Algorithm, KeyKind};
use crate::error::Error;

/// The magic bytes that open a stored key set.
pub const STORED_KEY_SET_MAGIC: [u8; 4] = *b"KSET";
/// The format version written and read by this build.
pub const STORED_KEY_SET_VERSION: u8 = 1;
/// Bytes of the header before the first key.
const HEADER_LEN: usize = 20;
/// Bytes of the truncated SHA-256 that closes the record.
const CHECKSUM_LEN: usize = 16;
/// Longest `alg` name stored (`EdDSA`, `RS256`, …).
const MAX_ALG_NAME: usize = 8;
const FLAG_KID: u8 = 1;
const FLAG_SHARED_KID: u8 = 2;

fn kind_code(kind: KeyKind) -> u8 {
    match kind {
        KeyKind::Rsa => 1,
        KeyKind::EcP256 => 2,
        KeyKind::EcP384 => 3,
        KeyKind::EcP521 => 4,
        KeyKind::Ed25519 => 5,
        KeyKind::Oct => 6,
    }
}

fn checksum(bytes: &[u8]) -> [u8; CHECKSUM_LEN] {
    let digest = sha2::Sha256::digest(bytes);
    let mut out = [0u8; CHECKSUM_LEN];
    for (o, d) in out.iter_mut().zip(digest.iter()) {
        *o = *d;
    }
    out
}

/// Writes bytes front to back into a slice, refusing to run past its end.
struct Writer<'o> {
    out: &'o mut [u8],
    at: usize,
}

impl Writer<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let end = self
            .at
            .checked_add(bytes.len())
            .ok_or(Error::CapacityExceeded)?;
        self.out
            .get_mut(self.at..end)
            .ok_or(Error::CapacityExceeded)?
            .copy_from_slice(bytes);
        self.at = end;
        Ok(())
    }
}

/// Reads bytes front to back from a slice; running past its end is a damaged record.
struct Reader<'b> {
    bytes: &'b [u8],
}

impl<'b> Reader<'b> {
    fn take(&mut self, len: usize) -> Result<&'b [u8], Error> {
        let (head, tail) = self
            .bytes
            .split_at_checked(len)
            .ok_or(Error::StoredKeySetCorrupt)?;
        self.bytes = tail;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?.first().copied().unwrap_or(0))
    }

    fn array<const L: usize>(&mut self) -> Result<[u8; L], Error> {
        self.take(L)?
            .try_into()
            .map_err(|_| Error::StoredKeySetCorrupt)
    }
}

/// The length of the stored form of `keys`, in bytes.
fn stored_len_of<'k>(keys: impl Iterator<Item = Key<'k>>) -> usize {
    keys.fold(HEADER_LEN + CHECKSUM_LEN, |len, key| {
        let alg = key.alg().map_or(0, |alg| alg.name().len());
        let kid = key.kid().map_or(0, str::len);
        len.saturating_add(10)
            .saturating_add(alg)
            .saturating_add(kid)
            .saturating_add(key.material().len())
    })
}

impl<const N: usize, const BYTES: usize> KeySet<N, BYTES> {
    /// The length of this set's stored form, in bytes.
    pub fn stored_len(&self) -> usize {
        stored_len_of(self.iter())
    }

    /// Writes the set's stored form (the module docs give the format), with the `iat` of the
    /// update it came from, into `out`; returns the bytes written.
    ///
    /// # Errors
    /// [`Error::CapacityExceeded`] when `out` is shorter than [`KeySet::stored_len`].
    ///
    /// # Examples
    /// ```
    /// use jwtv::{Key, KeySet};
    /// let mut set = KeySet::<2, 256>::new();
    /// set.push(Key::oct(&[7; 32]).unwrap().with_kid("hs").unwrap())?;
    /// let mut flash = [0u8; 128];
    /// let len = set.write_stored(1_700_000_000, &mut flash)?;
    /// assert_eq!(len, set.stored_len());
    ///
    /// let mut at_boot = KeySet::<2, 256>::new();
    /// assert_eq!(at_boot.read_stored(&flash[..len])?, 1_700_000_000);
    /// assert_eq!(at_boot.get(0).and_then(|key| key.kid()), Some("hs"));
    /// // One flipped bit is refused.
    /// flash[30] ^= 1;
    /// assert_eq!(at_boot.read_stored(&flash[..len]), Err(jwtv::Error::StoredKeySetCorrupt));
    /// assert!(at_boot.is_empty());
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub fn write_stored(&self, iat: u64, out: &mut [u8]) -> Result<usize, Error> {
        write_stored_of(self.iter(), iat, out)
    }

    /// Replaces the set's keys, in place, with those of a stored form (as
    /// [`KeySet::write_stored`] wrote it); returns the `iat` stored with them. `bytes` may run
    /// past the record (a whole flash sector): only the length the header gives is read.
    ///
    /// # Errors
    /// [`Error::StoredKeySetCorrupt`] for a wrong magic, a length past `bytes`, a checksum that
    /// does not match, a malformed entry or a key refused by the key rules;
    /// [`Error::StoredKeySetVersion`] for another format version; [`Error::CapacityExceeded`]
    /// when the keys do not fit this set. On any error the set is left empty.
    pub fn read_stored(&mut self, bytes: &[u8]) -> Result<u64, Error> {
        self.lend(|set| set.read_stored(bytes))
    }
}

impl KeySetIn<'_, '_> {
    /// The length of this set's stored form, in bytes ([`KeySet::stored_len`]).
    pub fn stored_len(&self) -> usize {
        stored_len_of(self.iter())
    }

    /// Writes the set's stored form with the `iat` of the update it came from
    /// ([`KeySet::write_stored`]); returns the bytes written. A borrowed key is stored whole,
    /// as a copied one: the stored form holds every key's material.
    ///
    /// # Errors
    /// [`Error::CapacityExceeded`] when `out` is shorter than [`KeySetIn::stored_len`].
    pub fn write_stored(&self, iat: u64, out: &mut [u8]) -> Result<usize, Error> {
        write_stored_of(self.iter(), iat, out)
    }

    /// Replaces the set's keys with those of a stored form ([`KeySet::read_stored`]); returns
    /// the `iat` stored with them.
    ///
    /// # Errors
    /// As [`KeySet::read_stored`]. On any error the set is left empty.
    pub fn read_stored(&mut self, bytes: &[u8]) -> Result<u64, Error> {
        self.clear();
        let result = self.read_stored_keys(bytes);
        if result.is_err() {
            self.clear();
        }
        result
    }
}

/// Writes the stored form of `keys` with `iat` into `out`; returns the bytes written.
fn write_stored_of<'k>(
    keys: impl Iterator<Item = Key<'k>> + Clone,
    iat: u64,
    out: &mut [u8],
) -> Result<usize, Error> {
    let total = stored_len_of(keys.clone());
    let total32 = u32::try_from(total).map_err(|_| Error::CapacityExceeded)?;
    let count = u8::try_from(keys.clone().count()).map_err(|_| Error::CapacityExceeded)?;
    if out.len() < total {
        return Err(Error::CapacityExceeded);
    }
    let mut w = Writer { out, at: 0 };
    w.put(&STORED_KEY_SET_MAGIC)?;
    w.put(&[STORED_KEY_SET_VERSION, count, 0, 0])?;
    w.put(&total32.to_be_bytes())?;
    w.put(&iat.to_be_bytes())?;
    for key in keys {
        let alg = key.alg().map_or("", |alg| alg.name());
        let kid = key.kid().unwrap_or("");
        let mut flags = 0;
        if key.kid().is_some() {
            flags |= FLAG_KID;
        }
        if key.has_shared_kid() {
            flags |= FLAG_SHARED_KID;
        }
        let material = key.material();
        let material_len = u16::try_from(material.len()).map_err(|_| Error::CapacityExceeded)?;
        let alg_len = u8::try_from(alg.len()).map_err(|_| Error::CapacityExceeded)?;
        let kid_len = u8::try_from(kid.len()).map_err(|_| Error::CapacityExceeded)?;
        w.put(&[kind_code(key.kind()), flags, alg_len])?;
        w.put(alg.as_bytes())?;
        w.put(&[kid_len])?;
        w.put(kid.as_bytes())?;
        w.put(&key.rsa_exponent().to_be_bytes())?;
        w.put(&material_len.to_be_bytes())?;
        w.put(material)?;
    }
    let body = w.at;
    let sum = checksum(w.out.get(..body).ok_or(Error::CapacityExceeded)?);
    w.put(&sum)?;
    Ok(w.at)
}

impl KeySetIn<'_, '_> {
    fn read_stored_keys(&mut self, bytes: &[u8]) -> Result<u64, Error> {
        let mut header = Reader { bytes };
        if header.array::<4>()? != STORED_KEY_SET_MAGIC {
            return Err(Error::StoredKeySetCorrupt);
        }
        if header.byte()? != STORED_KEY_SET_VERSION {
            return Err(Error::StoredKeySetVersion);
        }
        let count = header.byte()?;
        if header.array::<2>()? != [0, 0] {
            return Err(Error::StoredKeySetCorrupt);
        }
        let total = usize::try_from(u32::from_be_bytes(header.array::<4>()?))
            .map_err(|_| Error::StoredKeySetCorrupt)?;
        let record = bytes.get(..total).ok_or(Error::StoredKeySetCorrupt)?;
        let body_len = total
            .checked_sub(CHECKSUM_LEN)
            .filter(|len| *len >= HEADER_LEN)
            .ok_or(Error::StoredKeySetCorrupt)?;
        let (body, sum) = record
            .split_at_checked(body_len)
            .ok_or(Error::StoredKeySetCorrupt)?;
        if checksum(body) != sum {
            return Err(Error::StoredKeySetCorrupt);
        }
        let iat = u64::from_be_bytes(header.array::<8>()?);
        let mut keys = Reader {
            bytes: body.get(HEADER_LEN..).ok_or(Error::StoredKeySetCorrupt)?,
        };
        for _ in 0..count {
            self.read_key(&mut keys)?;
        }
        if !keys.bytes.is_empty() {
            return Err(Error::StoredKeySetCorrupt);
        }
        Ok(iat)
    }

    fn read_key(&mut self, r: &mut Reader<'_>) -> Result<(), Error> {
        let kind = r.byte()?;
        let flags = r.byte()?;
        if flags & !(FLAG_KID | FLAG_SHARED_KID) != 0 {
            return Err(Error::StoredKeySetCorrupt);
        }
        let alg = read_alg(r)?;
        let kid_len = usize::from(r.byte()?);
        if kid_len > MAX_KID_LEN || (flags & FLAG_KID == 0 && kid_len != 0) {
            return Err(Error::StoredKeySetCorrupt);
        }
        let kid = core::str::from_utf8(r.take(kid_len)?).map_err(|_| Error::StoredKeySetCorrupt)?;
        let e = u32::from_be_bytes(r.array::<4>()?);
        let material_len = usize::from(u16::from_be_bytes(r.array::<2>()?));
        let material = r.take(material_len)?;
        let refused = |_| Error::StoredKeySetCorrupt;
        let key = match kind {
            1 => {
                if material.first() == Some(&0) {
                    return Err(Error::StoredKeySetCorrupt);
                }
                Key::rsa(material, e).map_err(refused)?
            }
            _ if e != 0 => return Err(Error::StoredKeySetCorrupt),
            2 => Key::ec_p256(
                material
                    .try_into()
                    .map_err(|_| Error::StoredKeySetCorrupt)?,
            ),
            3 => Key::ec_p384(
                material
                    .try_into()
                    .map_err(|_| Error::StoredKeySetCorrupt)?,
            ),
            4 => Key::ec_p521(
                material
                    .try_into()
                    .map_err(|_| Error::StoredKeySetCorrupt)?,
            ),
            5 => Key::ed25519(
                material
                    .try_into()
                    .map_err(|_| Error::StoredKeySetCorrupt)?,
            ),
            6 => Key::oct(material).map_err(refused)?,
            _ => return Err(Error::StoredKeySetCorrupt),
        };
        if !key.kind().is_implemented() {
            return Err(Error::StoredKeySetCorrupt);
        }
        jwk::check_point(&key).map_err(refused)?;
        let mut key = key.with_shared_kid(flags & FLAG_SHARED_KID != 0);
        if flags & FLAG_KID != 0 {
            key = key.with_kid(kid).map_err(refused)?;
        }
        if let Some(alg) = alg {
            if !alg.is_implemented() {
                return Err(Error::StoredKeySetCorrupt);
            }
            key = key.with_alg(alg).map_err(refused)?;
        }
        self.push(key)
    }
}

/// A key's `alg`: its name's length (0 for none) and the name, a name this build knows.
fn read_alg(r: &mut Reader<'_>) -> Result<Option<Algorithm>, Error> {
    let len = usize::from(r.byte()?);
    if len > MAX_ALG_NAME {
        return Err(Error::StoredKeySetCorrupt);
    }
    match len {
        0 => Ok(None),
        _ => core::str::from_utf8(r.take(len)?)
            .ok()
            .and_then(Algorithm::from_name)
            .map(Some)
            .ok_or(Error::StoredKeySetCorrupt),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::key_set::KeySlot;

    /// A set in lent storage, borrowed keys included, writes the stored form a fixed set of the
    /// same keys writes, byte for byte.
    #[test]
    fn a_lent_set_stores_what_a_fixed_set_stores() {
        let mut fixed = KeySet::<4, 1024>::new();
        fixed
            .push(Key::oct(&[7; 32]).unwrap().with_kid("hs").unwrap())
            .unwrap();
        fixed.push(Key::ec_p256(&POINT)).unwrap();
        let mut slots = [KeySlot::EMPTY; 4];
        let mut store = [0u8; 256];
        let mut lent = KeySetIn::new(&mut slots, &mut store);
        lent.push(Key::oct(&[7; 32]).unwrap().with_kid("hs").unwrap())
            .unwrap();
        lent.push_borrowed(Key::ec_p256(&POINT)).unwrap();
        assert_eq!(lent.stored_len(), fixed.stored_len());
        let (mut a, mut b) = ([0u8; 512], [0u8; 512]);
        let len = fixed.write_stored(1_700_000_000, &mut a).unwrap();
        assert_eq!(lent.write_stored(1_700_000_000, &mut b), Ok(len));
        assert_eq!(a[..len], b[..len]);
        assert!(len > 20 + 16 + 64);
        assert_eq!(
            lent.write_stored(1, &mut b[..len - 1]),
            Err(Error::CapacityExceeded)
        );
        let mut back = KeySet::<4, 1024>::new();
        assert_eq!(back.read_stored(&a[..len]), Ok(1_700_000_000));
        assert_eq!(back.len(), 2);
    }

    // RFC 7515 A.3's P-256 point.
    const POINT: [u8; 64] = [
        127, 205, 206, 39, 112, 246, 196, 93, 65, 131, 203, 238, 111, 219, 75, 123, 88, 7, 51, 53,
        123, 233, 239, 19, 186, 207, 110, 60, 123, 209, 84, 69, 199, 241, 68, 205, 27, 189, 155,
        126, 135, 44, 223, 237, 185, 238, 185, 244, 179, 105, 93, 110, 169, 11, 36, 173, 138, 70,
        35, 40, 133, 136, 229, 173,
    ];

    fn sample() -> KeySet<4, 1024> {
        let mut set = KeySet::new();
        set.push(
            Key::ec_p256(&POINT)
                .with_kid("ec-1")
                .unwrap()
                .with_alg(Algorithm::ES256)
                .unwrap(),
        )
        .unwrap();
        set.push(Key::oct(&[9; 48]).unwrap().with_shared_kid(true))
            .unwrap();
        set
    }

    fn stored(set: &KeySet<4, 1024>, iat: u64) -> std::vec::Vec<u8> {
        let mut out = vec![0u8; set.stored_len()];
        let len = set.write_stored(iat, &mut out).unwrap();
        assert_eq!(len, out.len());
        out
    }

    #[test]
    fn round_trip_keeps_every_key_and_the_iat() {
        let set = sample();
        let bytes = stored(&set, 1_700_000_123);
        assert_eq!(&bytes[..4], b"KSET");
        // Header 20, EC key 10 + "ES256" + "ec-1" + 64, oct key 10 + 48, checksum 16.
        assert_eq!(bytes.len(), 20 + (10 + 5 + 4 + 64) + (10 + 48) + 16);
        let mut back = KeySet::<4, 1024>::new();
        // Trailing bytes (the rest of a flash sector) are not read.
        let mut sector = bytes.clone();
        sector.extend_from_slice(&[0xFF; 40]);
        assert_eq!(back.read_stored(&sector), Ok(1_700_000_123));
        assert_eq!(back.len(), 2);
        for (a, b) in set.iter().zip(back.iter()) {
            assert_eq!(
                (a.kind(), a.kid(), a.alg(), a.material(), a.has_shared_kid()),
                (b.kind(), b.kid(), b.alg(), b.material(), b.has_shared_kid())
            );
        }
        // The precomputed HMAC pads are recomputed on the way back.
        assert_eq!(
            set.get(1).unwrap().hmac_sha256_pads(),
            back.get(1).unwrap().hmac_sha256_pads()
        );
        assert_eq!(stored(&back, 1_700_000_123), bytes);
    }

    #[test]
    fn every_flipped_byte_and_every_truncation_is_refused() {
        let bytes = stored(&sample(), 42);
        for i in 0..bytes.len() {
            for bit in [0x01u8, 0x80] {
                let mut bad = bytes.clone();
                bad[i] ^= bit;
                let mut set = KeySet::<4, 1024>::new();
                let result = set.read_stored(&bad);
                assert!(result.is_err(), "byte {i} bit {bit:#x}");
                assert!(set.is_empty());
            }
        }
        for len in 0..bytes.len() {
            let mut set = KeySet::<4, 1024>::new();
            assert!(set.read_stored(&bytes[..len]).is_err(), "length {len}");
        }
        let mut other_version = bytes.clone();
        other_version[4] = 2;
        assert_eq!(
            KeySet::<4, 1024>::new().read_stored(&other_version),
            Err(Error::StoredKeySetVersion)
        );
    }

    /// Every kind of key comes back as it was written, with the longest `kid` and `alg` name.
    #[test]
    fn every_kind_of_key_round_trips() {
        // keys/jwk's P-384 and P-521 test keys (fixtures/providers/jwks/test-keys.json), RFC 8037's
        // Ed25519 key pinned to `Ed25519` (the longest algorithm name, 7 bytes).
        let doc = format!(
            r#"{{"keys":[{{{},"kid":"p384","alg":"ES384"}},{{{},"kid":"p521"}},{{"kty":"OKP","crv":"Ed25519","alg":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}}]}}"#,
            jwk::tests::P384,
            jwk::tests::P521
        );
        let (mut set, report) = KeySet::<8, 2048>::from_jwks(doc.as_bytes()).unwrap();
        let implemented = [
            cfg!(feature = "es384"),
            cfg!(feature = "es512"),
            cfg!(feature = "eddsa"),
        ];
        assert_eq!(
            report.loaded(),
            implemented.iter().filter(|on| **on).count()
        );
        set.push(
            Key::rsa(&[0xC5; 256], 65537)
                .unwrap()
                .with_kid("rsa")
                .unwrap(),
        )
        .unwrap();
        set.push(Key::ec_p256(&POINT)).unwrap();
        let longest_kid = "k".repeat(MAX_KID_LEN);
        set.push(Key::oct(&[9; 64]).unwrap().with_kid(&longest_kid).unwrap())
            .unwrap();
        let mut out = vec![0u8; set.stored_len()];
        let len = set.write_stored(7, &mut out).unwrap();
        let mut back = KeySet::<8, 2048>::new();
        assert_eq!(back.read_stored(&out[..len]), Ok(7));
        assert_eq!(back.len(), set.len());
        for (a, b) in set.iter().zip(back.iter()) {
            assert_eq!(
                (a.kind(), a.kid(), a.alg(), a.material(), a.rsa_exponent()),
                (b.kind(), b.kid(), b.alg(), b.material(), b.rsa_exponent())
            );
        }
    }

    /// `body` (the header and the keys) with its length field and checksum made right.
    fn sealed(mut body: std::vec::Vec<u8>) -> std::vec::Vec<u8> {
        let total = u32::try_from(body.len().checked_add(CHECKSUM_LEN).unwrap()).unwrap();
        body[8..12].copy_from_slice(&total.to_be_bytes());
        let sum = checksum(&body);
        body.extend_from_slice(&sum);
        body
    }

    /// A `kid` is read only where its flag says there is one; bytes of a `kid` without the flag
    /// make the record corrupt, not a key without a `kid`.
    #[test]
    fn kid_bytes_need_the_kid_flag() {
        let mut set = KeySet::<4, 1024>::new();
        set.push(Key::oct(&[9; 48]).unwrap()).unwrap();
        let bytes = stored(&set, 1);
        let body = &bytes[..bytes.len() - CHECKSUM_LEN];
        // The key at 20: kind, flags, alg length (0), kid length (0), then the exponent.
        assert_eq!(body[20..24], [6, 0, 0, 0]);
        for (flags, expected) in [
            (FLAG_KID, Ok(Some("ab"))),
            (0, Err(Error::StoredKeySetCorrupt)),
        ] {
            let mut edited = body[..23].to_vec();
            edited[21] = flags;
            edited.extend_from_slice(&[2, b'a', b'b']);
            edited.extend_from_slice(&body[24..]);
            let mut back = KeySet::<4, 1024>::new();
            let read = back.read_stored(&sealed(edited));
            assert_eq!(
                read.map(|_| back.get(0).and_then(|key| key.kid())),
                expected,
                "flags {flags}"
            );
        }
    }

    /// The stored form is canonical: an exponent only on an RSA key, a modulus without leading
    /// zeros. Either broken, with a valid checksum, is corrupt.
    #[test]
    fn an_exponent_off_rsa_and_a_leading_zero_are_corrupt() {
        let mut set = KeySet::<4, 1024>::new();
        set.push(Key::ec_p256(&POINT)).unwrap();
        let bytes = stored(&set, 1);
        let mut body = bytes[..bytes.len() - CHECKSUM_LEN].to_vec();
        // The EC key at 20: kind, flags, alg length (0), kid length (0), the exponent (0).
        assert_eq!(body[20..28], [2, 0, 0, 0, 0, 0, 0, 0]);
        body[27] = 1;
        assert_eq!(
            KeySet::<4, 1024>::new().read_stored(&sealed(body)),
            Err(Error::StoredKeySetCorrupt)
        );

        let mut set = KeySet::<4, 1024>::new();
        set.push(Key::rsa(&[0xC5; 256], 65537).unwrap()).unwrap();
        let bytes = stored(&set, 1);
        let body = &bytes[..bytes.len() - CHECKSUM_LEN];
        // The RSA key at 20: kind, flags, 0, 0, the exponent, the modulus's length (256).
        assert_eq!(body[20..30], [1, 0, 0, 0, 0, 1, 0, 1, 1, 0]);
        let mut padded = body[..28].to_vec();
        padded.extend_from_slice(&257u16.to_be_bytes());
        padded.push(0);
        padded.extend_from_slice(&body[30..]);
        assert_eq!(
            KeySet::<4, 1024>::new().read_stored(&sealed(padded)),
            Err(Error::StoredKeySetCorrupt)
        );
    }

    /// A record with a valid checksum whose key breaks the key rules: an EC point off the curve.
    #[test]
    fn keys_are_checked_again_when_read() {
        let mut bytes = stored(&sample(), 1);
        // The EC point's last byte: header 20 + 3 + "ES256" + 1 + "ec-1" + 4 + 2 + 63.
        let at = 20 + 3 + 5 + 1 + 4 + 4 + 2 + 63;
        bytes[at] ^= 1;
        bytes.truncate(bytes.len() - CHECKSUM_LEN);
        let result = KeySet::<4, 1024>::new().read_stored(&sealed(bytes));
        if cfg!(feature = "ecdsa") {
            assert_eq!(result, Err(Error::StoredKeySetCorrupt));
        }
        // Too small a set for the record's keys.
        let bytes = stored(&sample(), 1);
        assert_eq!(
            KeySet::<1, 1024>::new().read_stored(&bytes),
            Err(Error::CapacityExceeded)
        );
        let mut out = [0u8; 16];
        assert_eq!(
            sample().write_stored(1, &mut out),
            Err(Error::CapacityExceeded)
        );
    }
}
