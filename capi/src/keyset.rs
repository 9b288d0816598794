//! Key sets: [`jwtv_keyset`], the storage of the keys a token is verified against, and the
//! `jwtv_keyset_*` functions that fill and read it.

use core::ffi::c_char;
use core::mem::{align_of, size_of};
use core::ptr;

use jwtv::{Algorithm, Key, KeySetIn, KeySlot};

use crate::memory::{
    JWTV_KEY_SLOT_SIZE, JWTV_KEYSET_WORDS, Span, apart, bytes, optional_str, outputs_apart,
};
use crate::policy::bit;
use crate::status::jwtv_status::{JWTV_CAPACITY_EXCEEDED, JWTV_INVALID_ARGUMENT, JWTV_OK};
use crate::status::{Status, jwtv_status, status};

/// What the head of a key set's storage holds; the key slots and the store follow it.
#[repr(C)]
pub(crate) struct KeySetSlot {
    /// [`KEYSET_MAGIC`] once [`jwtv_keyset_init`] has run on this storage.
    magic: usize,
    /// The head's address when it was initialised: a moved or copied key set is refused.
    at: usize,
    /// Bytes of the whole storage, this head included.
    size: usize,
    /// The set, over the slots and the store that follow this head in the same storage.
    pub(crate) keys: KeySetIn<'static, 'static>,
}

const KEYSET_MAGIC: usize = 0x6a77_6b73;

/// Bytes of the head: the key slots begin this far into the storage.
const HEAD: usize = size_of::<KeySetSlot>();

/// The head of a key set's storage: the storage holds this head, then a slot for each key
/// (`JWTV_KEY_SLOT_SIZE` bytes) and the store of their `kid`s and material,
/// `JWTV_KEYSET_BYTES(max_keys, material_bytes)` bytes in all (declared with
/// `JWTV_KEYSET_DEFINE`). An RSA-2048 key's material is 512 bytes (its modulus and Montgomery
/// constant), a P-256 key's 64, an HMAC secret's its length and 64; each adds its `kid`.
///
/// Opaque and aligned. Read-only after loading: one key set may serve several threads'
/// verifications at once.
#[allow(non_camel_case_types)]
#[repr(C)]
pub struct jwtv_keyset {
    opaque: [usize; JWTV_KEYSET_WORDS],
}

const _: () = {
    assert!(HEAD <= size_of::<jwtv_keyset>());
    assert!(align_of::<KeySetSlot>() <= align_of::<jwtv_keyset>());
    assert!(size_of::<jwtv_keyset>().is_multiple_of(align_of::<KeySlot>()));
    assert!(size_of::<KeySlot<'static>>() == JWTV_KEY_SLOT_SIZE);
};

/// The key set at `keyset`, initialised by [`jwtv_keyset_init`] at this address, and the span
/// of its whole storage.
///
/// # Safety
/// A non-null, aligned `keyset` must point to a `jwtv_keyset` valid for `'a`, and an
/// initialised one to its whole storage.
pub(crate) unsafe fn keyset_slot<'a>(
    keyset: *const jwtv_keyset,
) -> Result<(&'a KeySetSlot, Span), Status> {
    let slot = keyset.cast::<KeySetSlot>();
    if slot.is_null() || !slot.is_aligned() {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    // SAFETY: non-null, aligned, the size of a jwtv_keyset (checked at compile time); the magic
    // number and the address are plain words at its start, read before anything else.
    let (magic, at) = unsafe { ((*slot).magic, (*slot).at) };
    if magic != KEYSET_MAGIC || at != slot as usize {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    // SAFETY: initialised at this address by jwtv_keyset_init (checked), so the whole head is
    // a valid KeySetSlot whose set lies in the storage that follows it.
    let slot = unsafe { &*slot };
    Ok((slot, Span::of(keyset, slot.size)))
}

/// The key set at `keyset`, mutable, and the span of its storage.
///
/// # Safety
/// As [`keyset_slot`], with no other reference to it alive.
pub(crate) unsafe fn keyset_slot_mut<'a>(
    keyset: *mut jwtv_keyset,
) -> Result<(&'a mut KeySetIn<'static, 'static>, Span), Status> {
    // SAFETY: forwarded; checks the pointer, the magic number and the address.
    let (_, storage) = unsafe { keyset_slot(keyset) }?;
    // SAFETY: checked above; exclusive per the caller's promise.
    Ok((unsafe { &mut (*keyset.cast::<KeySetSlot>()).keys }, storage))
}

/// Makes the `size` bytes at `keyset` an empty key set of up to `max_keys` keys. The storage
/// holds the head (`sizeof(jwtv_keyset)`), `max_keys` slots of `JWTV_KEY_SLOT_SIZE` bytes, and
/// the store of the keys' `kid`s and material in the rest: `JWTV_KEYSET_BYTES(max_keys,
/// material_bytes)` bytes, aligned as `jwtv_keyset` (`JWTV_KEYSET_DEFINE` declares such
/// storage). A set loaded once is read, never moved: keep the storage where it is.
///
/// # Errors
/// `JWTV_INVALID_ARGUMENT` for a null or misaligned `keyset`, `max_keys` 0, or a `size` without
/// room for the head and the slots (nothing is written).
///
/// # Safety
/// `keyset` must point to `size` writable bytes that no other thread uses meanwhile, and stay
/// valid for as long as the key set is used.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_init(
    keyset: *mut jwtv_keyset,
    size: usize,
    max_keys: usize,
) -> jwtv_status {
    let slot = keyset.cast::<KeySetSlot>();
    let store_len = max_keys
        .checked_mul(JWTV_KEY_SLOT_SIZE)
        .and_then(|slots| slots.checked_add(size_of::<jwtv_keyset>()))
        .and_then(|head_and_slots| size.checked_sub(head_and_slots));
    let Some(store_len) = store_len else {
        return JWTV_INVALID_ARGUMENT;
    };
    if slot.is_null()
        || !slot.is_aligned()
        || max_keys == 0
        || size > isize::MAX as usize
        || (slot as usize).checked_add(size).is_none()
    {
        return JWTV_INVALID_ARGUMENT;
    }
    // SAFETY: non-null, aligned, `size` bytes that hold the head, the slots and `store_len`
    // bytes (checked), without wrapping; writable per the caller's promise, and valid for as
    // long as the set is used (the 'static below stands for that promise: every entry point
    // reaches the set through this head, after checking it is still at this address). The
    // slots start at a multiple of their alignment (the head's size, checked at compile time);
    // each is written before the slice over them is made, and the store is zeroed first.
    unsafe {
        let slots_at = keyset
            .cast::<u8>()
            .add(size_of::<jwtv_keyset>())
            .cast::<KeySlot>();
        for i in 0..max_keys {
            slots_at.add(i).write(KeySlot::EMPTY);
        }
        let slots = core::slice::from_raw_parts_mut(slots_at, max_keys);
        let store_at = slots_at.add(max_keys).cast::<u8>();
        store_at.write_bytes(0, store_len);
        let store = core::slice::from_raw_parts_mut(store_at, store_len);
        ptr::addr_of_mut!((*slot).keys).write(KeySetIn::new(slots, store));
        ptr::addr_of_mut!((*slot).size).write(size);
        ptr::addr_of_mut!((*slot).at).write(slot as usize);
        ptr::addr_of_mut!((*slot).magic).write(KEYSET_MAGIC);
    }
    JWTV_OK
}

/// Adds the usable keys of a JWKS document (RFC 7517), as an issuer publishes it, to
/// `keyset`. Keys the verifier cannot use (encryption keys, unsupported curves, weak keys)
/// are skipped and counted; a document of secrets (an OIDC client secret) is added the same
/// way. `loaded` and `skipped` (each may be NULL) receive the counts.
///
/// # Errors
/// `JWTV_MALFORMED_JWKS` when the document is not a JWKS; `JWTV_CAPACITY_EXCEEDED` when its
/// usable keys do not fit beside those already in the set (the set is then unchanged);
/// `JWTV_INVALID_ARGUMENT` for bad pointers.
///
/// # Safety
/// `keyset` as for [`jwtv_keyset_init`], initialised; `jwks` readable for `jwks_len` bytes
/// (NULL with 0 is accepted); `loaded` and `skipped` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_add_jwks(
    keyset: *mut jwtv_keyset,
    jwks: *const u8,
    jwks_len: usize,
    loaded: *mut usize,
    skipped: *mut usize,
) -> jwtv_status {
    status((|| {
        // SAFETY: forwarded from the caller; only read.
        let (_, written) = unsafe { keyset_slot(keyset) }?;
        // SAFETY: forwarded from the caller.
        let jwks = unsafe { bytes(jwks, jwks_len) }?;
        let document = Span::of(jwks.as_ptr(), jwks.len());
        apart(document, written)?;
        for out in [loaded, skipped] {
            if !out.is_null() && !out.is_aligned() {
                return Err(JWTV_INVALID_ARGUMENT);
            }
        }
        outputs_apart(
            &[Span::output(loaded), Span::output(skipped)],
            &[written, document],
        )?;
        // SAFETY: checked by keyset_slot_mut; the caller promised exclusive use, and neither
        // the document nor an output lies in the set's storage (checked above).
        let (keys, _) = unsafe { keyset_slot_mut(keyset) }?;
        let report = keys.load_jwks_with(jwks, |_| {})?;
        // SAFETY: non-null outputs are aligned (checked) and writable (the caller's promise).
        unsafe {
            if !loaded.is_null() {
                loaded.write(report.loaded());
            }
            if !skipped.is_null() {
                skipped.write(report.skipped());
            }
        }
        Ok(())
    })())
}

/// The algorithm of a raw key's `alg` bit (0: none).
fn key_alg(alg: u32) -> Result<Option<Algorithm>, Status> {
    if alg == 0 {
        return Ok(None);
    }
    if !alg.is_power_of_two() {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    Algorithm::ALL
        .into_iter()
        .enumerate()
        .find(|(i, _)| bit(*i) == Some(alg))
        .map(|(_, a)| Some(a))
        .ok_or(JWTV_INVALID_ARGUMENT)
}

/// Adds `key` (built from `material`) with its `kid` and `alg` to `keyset`.
///
/// # Safety
/// `keyset` as for [`keyset_slot_mut`]; `kid` as for [`c_str`](crate::memory::c_str).
unsafe fn add_key<'m>(
    keyset: *mut jwtv_keyset,
    material: &'m [u8],
    kid: *const c_char,
    alg: u32,
    build: impl FnOnce(&'m [u8]) -> Result<Key<'m>, Status>,
) -> jwtv_status {
    status((|| {
        // SAFETY: forwarded from the caller; only read.
        let (_, written) = unsafe { keyset_slot(keyset) }?;
        apart(Span::of(material.as_ptr(), material.len()), written)?;
        // SAFETY: forwarded from the caller.
        let kid = unsafe { optional_str(kid, written) }?;
        let alg = key_alg(alg)?;
        let mut key = build(material)?;
        if let Some(kid) = kid {
            key = key.with_kid(kid)?;
        }
        if let Some(alg) = alg {
            key = key.with_alg(alg)?;
        }
        // SAFETY: checked by keyset_slot_mut; the caller promised exclusive use, and neither
        // the material nor the `kid` lies in the set's storage (checked above).
        let (keys, _) = unsafe { keyset_slot_mut(keyset) }?;
        keys.push(key)?;
        Ok(())
    })())
}

/// Adds an RSA public key: the modulus `n` (big-endian, `n_len` bytes, leading zeros allowed)
/// and the public exponent `e`. `kid` (NULL: none) is matched against the token's header;
/// `alg` is one `JWTV_ALG_*` bit the key is restricted to, or 0 for any RSA algorithm.
///
/// # Errors
/// `JWTV_KEY_WEAK` (under 2048 bits), `JWTV_KEY_TOO_LARGE`, `JWTV_KEY_INVALID` (even modulus,
/// `e` not odd and > 1, an `alg` of another key type), `JWTV_CAPACITY_EXCEEDED` (the set is
/// full), `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `keyset` initialised and not used by another thread meanwhile; `n` readable for `n_len`
/// bytes; `kid` NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_add_rsa(
    keyset: *mut jwtv_keyset,
    n: *const u8,
    n_len: usize,
    e: u32,
    kid: *const c_char,
    alg: u32,
) -> jwtv_status {
    // SAFETY: forwarded from the caller.
    match unsafe { bytes(n, n_len) } {
        // SAFETY: forwarded from the caller.
        Ok(n) => unsafe { add_key(keyset, n, kid, alg, |n| Ok(Key::rsa(n, e)?)) },
        Err(s) => s,
    }
}

/// Adds an HMAC secret (`HS256`/`HS384`/`HS512`), `secret_len` bytes; `kid` and `alg` as for
/// [`jwtv_keyset_add_rsa`].
///
/// # Errors
/// `JWTV_KEY_WEAK` (under 32 bytes), `JWTV_KEY_TOO_LARGE`, `JWTV_KEY_INVALID`,
/// `JWTV_CAPACITY_EXCEEDED`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// As [`jwtv_keyset_add_rsa`], `secret` readable for `secret_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_add_hmac(
    keyset: *mut jwtv_keyset,
    secret: *const u8,
    secret_len: usize,
    kid: *const c_char,
    alg: u32,
) -> jwtv_status {
    // SAFETY: forwarded from the caller.
    match unsafe { bytes(secret, secret_len) } {
        // SAFETY: forwarded from the caller.
        Ok(s) => unsafe { add_key(keyset, s, kid, alg, |s| Ok(Key::oct(s)?)) },
        Err(s) => s,
    }
}

/// A fixed-size point from C.
fn point<const N: usize>(material: &[u8]) -> Result<&[u8; N], Status> {
    material.try_into().map_err(|_| JWTV_INVALID_ARGUMENT)
}

/// Adds a P-256 public key (`ES256`): `xy` is `x ‖ y`, 32 bytes each, big-endian
/// (`xy_len` must be 64). The point is checked at each verification: one off the curve never
/// verifies. `kid` and `alg` as for [`jwtv_keyset_add_rsa`].
///
/// # Errors
/// `JWTV_INVALID_ARGUMENT` for another length or bad pointers; `JWTV_KEY_INVALID`,
/// `JWTV_CAPACITY_EXCEEDED`.
///
/// # Safety
/// As [`jwtv_keyset_add_rsa`], `xy` readable for `xy_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_add_ec_p256(
    keyset: *mut jwtv_keyset,
    xy: *const u8,
    xy_len: usize,
    kid: *const c_char,
    alg: u32,
) -> jwtv_status {
    // SAFETY: forwarded from the caller.
    match unsafe { bytes(xy, xy_len) } {
        // SAFETY: forwarded from the caller.
        Ok(xy) => unsafe { add_key(keyset, xy, kid, alg, |xy| Ok(Key::ec_p256(point(xy)?))) },
        Err(s) => s,
    }
}

/// Adds a P-384 public key (`ES384`): `xy` is `x ‖ y`, 48 bytes each (`xy_len` 96). With the
/// `es384` feature.
///
/// # Errors
/// As [`jwtv_keyset_add_ec_p256`].
///
/// # Safety
/// As [`jwtv_keyset_add_ec_p256`].
#[cfg(feature = "es384")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_add_ec_p384(
    keyset: *mut jwtv_keyset,
    xy: *const u8,
    xy_len: usize,
    kid: *const c_char,
    alg: u32,
) -> jwtv_status {
    // SAFETY: forwarded from the caller.
    match unsafe { bytes(xy, xy_len) } {
        // SAFETY: forwarded from the caller.
        Ok(xy) => unsafe { add_key(keyset, xy, kid, alg, |xy| Ok(Key::ec_p384(point(xy)?))) },
        Err(s) => s,
    }
}

/// Adds a P-521 public key (`ES512`): `xy` is `x ‖ y`, 66 bytes each (`xy_len` 132). With the
/// `es512` feature.
///
/// # Errors
/// As [`jwtv_keyset_add_ec_p256`].
///
/// # Safety
/// As [`jwtv_keyset_add_ec_p256`].
#[cfg(feature = "es512")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_add_ec_p521(
    keyset: *mut jwtv_keyset,
    xy: *const u8,
    xy_len: usize,
    kid: *const c_char,
    alg: u32,
) -> jwtv_status {
    // SAFETY: forwarded from the caller.
    match unsafe { bytes(xy, xy_len) } {
        // SAFETY: forwarded from the caller.
        Ok(xy) => unsafe { add_key(keyset, xy, kid, alg, |xy| Ok(Key::ec_p521(point(xy)?))) },
        Err(s) => s,
    }
}

/// Adds an Ed25519 public key (`EdDSA`, `Ed25519`), its 32-byte encoding (`public_len` 32). With the
/// `eddsa` feature.
///
/// # Errors
/// As [`jwtv_keyset_add_ec_p256`].
///
/// # Safety
/// As [`jwtv_keyset_add_ec_p256`], `public_key` readable for `public_len` bytes.
#[cfg(feature = "eddsa")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_add_ed25519(
    keyset: *mut jwtv_keyset,
    public_key: *const u8,
    public_len: usize,
    kid: *const c_char,
    alg: u32,
) -> jwtv_status {
    // SAFETY: forwarded from the caller.
    match unsafe { bytes(public_key, public_len) } {
        // SAFETY: forwarded from the caller.
        Ok(k) => unsafe { add_key(keyset, k, kid, alg, |k| Ok(Key::ed25519(point(k)?))) },
        Err(s) => s,
    }
}

/// How many keys `keyset` holds, into `count`.
///
/// # Errors
/// `JWTV_INVALID_ARGUMENT` for bad pointers (`count` null, misaligned or inside the key set:
/// nothing is written) or an uninitialised set.
///
/// # Safety
/// `keyset` initialised; `count` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_count(
    keyset: *const jwtv_keyset,
    count: *mut usize,
) -> jwtv_status {
    status((|| {
        if count.is_null() || !count.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: checked by keyset_slot.
        let (slot, storage) = unsafe { keyset_slot(keyset) }?;
        apart(Span::object(count), storage)?;
        // SAFETY: non-null, aligned, writable per the caller's promise.
        unsafe { count.write(slot.keys.len()) };
        Ok(())
    })())
}

/// `jwtv_key_data::kind`: an RSA public key.
pub const JWTV_KEY_RSA: u32 = 1;
/// `jwtv_key_data::kind`: a P-256 public key (`ES256`).
pub const JWTV_KEY_EC_P256: u32 = 2;
/// `jwtv_key_data::kind`: a P-384 public key (`ES384`, feature `es384`).
pub const JWTV_KEY_EC_P384: u32 = 3;
/// `jwtv_key_data::kind`: a P-521 public key (`ES512`, feature `es512`).
pub const JWTV_KEY_EC_P521: u32 = 4;
/// `jwtv_key_data::kind`: an Ed25519 public key (`EdDSA`, feature `eddsa`).
pub const JWTV_KEY_ED25519: u32 = 5;
/// `jwtv_key_data::kind`: an HMAC secret.
pub const JWTV_KEY_OCT: u32 = 6;

/// A key that stays where it is, for [`jwtv_keyset_borrow`]: constant data in flash, as
/// `jwtv provision --emit c` writes it. The key set keeps pointers to it and copies none of it.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct jwtv_key_data {
    /// `JWTV_KEY_RSA`, `JWTV_KEY_EC_P256`, ... (the stored key-set form's kind codes).
    pub kind: u32,
    /// RSA: the modulus, big-endian; EC: `x ‖ y`; Ed25519: the public key; HMAC: the secret.
    pub material: *const u8,
    /// Bytes at `material`.
    pub material_len: usize,
    /// RSA: `R² mod n`, big-endian, as long as the modulus (required: without it every
    /// verification would compute it); HMAC: the SHA-256 pad states (64 bytes) or NULL; other
    /// kinds: NULL. Checked against the key when borrowed: constants of another key are refused.
    pub precomputed: *const u8,
    /// Bytes at `precomputed`.
    pub precomputed_len: usize,
    /// The RSA public exponent; 0 for other kinds.
    pub e: u32,
    /// The `kid`, NUL-terminated, or NULL.
    pub kid: *const c_char,
    /// One `JWTV_ALG_*` bit the key is restricted to, or 0.
    pub alg: u32,
}

/// The key `data` describes, checked as the constructors check a key: it borrows `data`'s
/// bytes for `'static`.
///
/// # Safety
/// `data`'s pointers valid for their lengths (and `kid` a NUL-terminated string) for as long
/// as the key is used.
unsafe fn borrowed_key(data: &jwtv_key_data, written: Span) -> Result<Key<'static>, Status> {
    // SAFETY: forwarded from the caller.
    let material = unsafe { bytes(data.material, data.material_len) }?;
    // SAFETY: forwarded from the caller.
    let precomputed = unsafe { bytes(data.precomputed, data.precomputed_len) }?;
    for part in [material, precomputed] {
        // Bytes inside the key set's own storage would be overwritten by the next key added.
        apart(Span::of(part.as_ptr(), part.len()), written)?;
    }
    // SAFETY: forwarded from the caller.
    let kid = unsafe { optional_str(data.kid, written) }?;
    let alg = key_alg(data.alg)?;
    // Only RSA and HMAC keys carry precomputed constants.
    if !matches!(data.kind, JWTV_KEY_RSA | JWTV_KEY_OCT) && !precomputed.is_empty() {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    let mut key = match data.kind {
        // A kind of a family this library was built without is refused here, so that its
        // constructor (and the check of its constants) is not linked.
        #[cfg(feature = "rsa")]
        JWTV_KEY_RSA if !precomputed.is_empty() => {
            Key::rsa_precomputed(material, data.e, precomputed)?
        }
        #[cfg(feature = "ecdsa")]
        JWTV_KEY_EC_P256 => Key::ec_p256(point(material)?),
        #[cfg(feature = "es384")]
        JWTV_KEY_EC_P384 => Key::ec_p384(point(material)?),
        #[cfg(feature = "es512")]
        JWTV_KEY_EC_P521 => Key::ec_p521(point(material)?),
        #[cfg(feature = "eddsa")]
        JWTV_KEY_ED25519 => Key::ed25519(point(material)?),
        #[cfg(feature = "hmac")]
        JWTV_KEY_OCT if precomputed.is_empty() => Key::oct(material)?,
        #[cfg(feature = "hmac")]
        JWTV_KEY_OCT => Key::oct_precomputed(material, point(precomputed)?)?,
        _ => return Err(JWTV_INVALID_ARGUMENT),
    };
    if let Some(kid) = kid {
        key = key.with_kid(kid)?;
    }
    if let Some(alg) = alg {
        key = key.with_alg(alg)?;
    }
    Ok(key)
}

/// Adds `count` keys that stay where they are (`keys`, an array of `jwtv_key_data`, usually
/// `const` in flash as `jwtv provision --emit c` writes it): the key set takes a slot per key
/// and no byte of its store, and keeps pointers to their material, precomputed constants and
/// `kid`s, which must stay valid and unchanged for as long as the key set is used. Each key is
/// checked as it would be when copied (RSA size, exponent and ROCA fingerprint; `R² mod n` and
/// HMAC pad states against the key they belong to; an `alg` fitting the key). All are added, or
/// none.
///
/// # Errors
/// `JWTV_KEY_WEAK`, `JWTV_KEY_TOO_LARGE`, `JWTV_KEY_INVALID` for a key refused (with `R² mod n`
/// or pad states of another key: `JWTV_KEY_INVALID`); `JWTV_CAPACITY_EXCEEDED` when the set's
/// free slots are fewer than `count`; `JWTV_INVALID_ARGUMENT` for bad pointers, an unknown
/// kind, an RSA key without its `R² mod n`, a kind of a family this library was built without,
/// or any of the keys' bytes inside the key set's storage.
///
/// # Safety
/// `keyset` initialised and not used by another thread meanwhile; `keys` readable for `count`
/// entries, each entry's pointers valid for their lengths (`kid` NULL or NUL-terminated) for
/// as long as the key set is used.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_borrow(
    keyset: *mut jwtv_keyset,
    keys: *const jwtv_key_data,
    count: usize,
) -> jwtv_status {
    status((|| {
        // SAFETY: forwarded from the caller; only read.
        let (slot, written) = unsafe { keyset_slot(keyset) }?;
        if count == 0 {
            return Ok(());
        }
        if keys.is_null() || !keys.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        let table_len = count
            .checked_mul(size_of::<jwtv_key_data>())
            .filter(|len| *len <= isize::MAX as usize)
            .ok_or(JWTV_INVALID_ARGUMENT)?;
        apart(Span::of(keys, table_len), written)?;
        if slot.keys.len().saturating_add(count) > slot.keys.capacity() {
            return Err(JWTV_CAPACITY_EXCEEDED);
        }
        // SAFETY: non-null, aligned, `count` entries readable (the caller's promise), the
        // table's bytes outside the key set (checked).
        let table = unsafe { core::slice::from_raw_parts(keys, count) };
        // Every key is checked before any is added: all or none.
        for data in table {
            // SAFETY: forwarded from the caller.
            unsafe { borrowed_key(data, written) }?;
        }
        // SAFETY: checked by keyset_slot_mut; the caller promised exclusive use, and no key's
        // bytes lie in the set's storage (checked above).
        let (set, _) = unsafe { keyset_slot_mut(keyset) }?;
        for data in table {
            // SAFETY: as above; the same checks pass again.
            let key = unsafe { borrowed_key(data, written) }?;
            set.push_borrowed(key)?;
        }
        Ok(())
    })())
}
