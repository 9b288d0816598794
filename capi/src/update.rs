//! Signed key-set updates and the stored key-set form: [`jwtv_keyset_update`] checks an update
//! (`typ` `jwk-set+jwt`, signed by a trust anchor) into a staged key set, and
//! `jwtv_keyset_write_stored` / `jwtv_keyset_read_stored` keep a set in flash across reboots,
//! with the `iat` of the update it came from (the rollback state).

use core::ffi::c_char;

use jwtv::{Algorithm, KeySetUpdatePolicy};

use crate::keyset::{jwtv_keyset, keyset_slot, keyset_slot_mut};
use crate::memory::{Span, apart, bytes, c_str, outputs_apart};
use crate::policy::algorithms;
use crate::status::jwtv_status::{JWTV_BUFFER_TOO_SMALL, JWTV_INVALID_ARGUMENT};
use crate::status::{jwtv_status, status};
use crate::verify::{jwtv_token_buffer, scratch};

/// What a key-set update must satisfy: the verifier's `KeySetUpdatePolicy` field by field.
/// Zero it and set what you need.
#[allow(non_camel_case_types)]
#[repr(C)]
pub struct jwtv_update_policy {
    /// The `JWTV_ALG_*` bits the trust anchors sign updates with.
    pub algorithms: u32,
    /// The updates' `iss` (required): the signer of the fleet's key sets.
    pub issuer: *const c_char,
    /// The updates' `sub` (required): which devices they are for.
    pub subject: *const c_char,
    /// Clock skew allowed for `exp` and `iat`, in seconds.
    pub leeway: u64,
    /// Whether a key set is installed; then an update must be issued after `installed_iat`.
    pub has_installed_iat: bool,
    /// The `iat` of the installed set (from its update, or read back with its stored form).
    pub installed_iat: u64,
}

/// Checks a signed key-set update (`update`, `update_len` bytes of a compact JWS with `typ`
/// `jwk-set+jwt`) against `trust_anchors` under `policy` at `now`, and on `JWTV_OK` leaves its
/// keys in `staged` and its `iat` in `iat` (may be NULL). Checked: the signature by a trust
/// anchor, `typ`, `iss`, `sub`, `iat` later than the installed set's, `exp` and `iat` against
/// `now`, and the keys: no secret, no private key, no trust anchor, no shared `kid`, at least
/// one usable key, all fitting `staged`. `staged` is an initialised key set (emptied first, and
/// left empty on any refusal); `buffer` an initialised token buffer, used to decode the update
/// (it holds no verified token afterwards). The installed set stays as it is: make `staged`
/// the one verified against (a pointer the application swaps), then store it.
///
/// # Errors
/// The verifier's rejections: `JWTV_KEY_NOT_FOUND` / `JWTV_INVALID_SIGNATURE` (no trust anchor
/// signed it), `JWTV_TYPE_MISMATCH`, `JWTV_ISSUER_MISMATCH`, `JWTV_SUBJECT_MISMATCH`,
/// `JWTV_KEY_SET_ROLLBACK`, `JWTV_EXPIRED`, `JWTV_ISSUED_IN_FUTURE`, `JWTV_KEY_SET_SECRET`,
/// `JWTV_KEY_SET_PRIVATE_KEY`, `JWTV_KEY_SET_HOLDS_TRUST_ANCHOR`, `JWTV_AMBIGUOUS_KEY`,
/// `JWTV_KEY_SET_EMPTY`, `JWTV_CAPACITY_EXCEEDED` (the update longer than the buffer's room,
/// or its keys more than `staged` holds); `JWTV_INVALID_ARGUMENT` for bad pointers, an
/// uninitialised key set or buffer, `trust_anchors` given as `staged`, a policy without issuer
/// or subject or with an unknown algorithm bit, or any input lying in `staged`'s or `buffer`'s
/// storage (then nothing is written).
///
/// # Safety
/// `trust_anchors` and `staged` initialised key sets, `buffer` an initialised token buffer,
/// none used by another thread meanwhile; `policy` and its strings readable; `update` readable
/// for `update_len` bytes; `iat` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_update(
    trust_anchors: *const jwtv_keyset,
    policy: *const jwtv_update_policy,
    update: *const u8,
    update_len: usize,
    now: u64,
    buffer: *mut jwtv_token_buffer,
    staged: *mut jwtv_keyset,
    iat: *mut u64,
) -> jwtv_status {
    status((|| {
        // SAFETY: forwarded from the caller; only read.
        let (_, anchors_storage) = unsafe { keyset_slot(trust_anchors) }?;
        // SAFETY: forwarded from the caller; only read.
        let (_, staged_storage) = unsafe { keyset_slot(staged) }?;
        apart(anchors_storage, staged_storage)?;
        if policy.is_null() || !policy.is_aligned() || (!iat.is_null() && !iat.is_aligned()) {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: non-null, aligned, readable per the caller's promise.
        let c_policy = unsafe { &*policy };
        // SAFETY: forwarded from the caller.
        let update = unsafe { bytes(update, update_len) }?;
        // SAFETY: forwarded from the caller.
        let issuer = unsafe { c_str(c_policy.issuer) }?.ok_or(JWTV_INVALID_ARGUMENT)?;
        // SAFETY: forwarded from the caller.
        let subject = unsafe { c_str(c_policy.subject) }?.ok_or(JWTV_INVALID_ARGUMENT)?;
        let text = |s: &str| Span::of(s.as_ptr(), s.len().saturating_add(1));
        let read = [
            anchors_storage,
            Span::object(policy),
            Span::of(update.as_ptr(), update.len()),
            text(issuer),
            text(subject),
        ];
        // What stays read while `staged` is written: none of it in `staged`'s storage.
        for input in read {
            apart(input, staged_storage)?;
        }
        outputs_apart(&[Span::output(iat), staged_storage], &read)?;
        let mut listed = [Algorithm::HS256; Algorithm::ALL.len()];
        let count = algorithms(c_policy.algorithms, &mut listed)?;
        let listed = listed.get(..count).ok_or(JWTV_INVALID_ARGUMENT)?;
        let mut rules =
            KeySetUpdatePolicy::new(listed, issuer, subject).with_leeway(c_policy.leeway);
        if c_policy.has_installed_iat {
            rules = rules.with_installed_iat(c_policy.installed_iat);
        }
        let [a, b, c, d, e] = read;
        let outside = [a, b, c, d, e, staged_storage, Span::output(iat)];
        // SAFETY: forwarded from the caller; every input and output is checked apart from the
        // buffer's storage there, before anything is written.
        let (scratch, _) = unsafe { scratch(buffer, &outside) }?;
        // SAFETY: checked by keyset_slot (above and again here); exclusive per the caller's
        // promise, and no input lies in its storage (checked).
        let (anchors, _) = unsafe { keyset_slot(trust_anchors) }?;
        // SAFETY: as above.
        let (set, _) = unsafe { keyset_slot_mut(staged) }?;
        // The anchors through a reference (`Keys for &K`): a verification of its own, which
        // LTO lays out apart from jwtv_verify's. Through the same instantiation, jwtv_verify's
        // would be called rather than inlined, and every verification through C would take
        // 320 bytes more stack (measured on the Cortex-M4), in programs that never update.
        let anchors = &&anchors.keys;
        let accepted = jwtv::verify_key_set_update_in(update, anchors, &rules, now, scratch, set)?;
        if !iat.is_null() {
            // SAFETY: non-null, aligned (checked), writable per the caller's promise.
            unsafe { iat.write(accepted.iat()) };
        }
        Ok(())
    })())
}

/// The length of `keyset`'s stored form, in bytes, into `len`: what `jwtv_keyset_write_stored`
/// needs.
///
/// # Errors
/// `JWTV_INVALID_ARGUMENT` for bad pointers or an uninitialised key set.
///
/// # Safety
/// `keyset` initialised; `len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_stored_len(
    keyset: *const jwtv_keyset,
    len: *mut usize,
) -> jwtv_status {
    status((|| {
        if len.is_null() || !len.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: forwarded from the caller; only read.
        let (slot, storage) = unsafe { keyset_slot(keyset) }?;
        apart(Span::object(len), storage)?;
        // SAFETY: non-null, aligned, writable per the caller's promise.
        unsafe { len.write(slot.keys.stored_len()) };
        Ok(())
    })())
}

/// Writes `keyset`'s stored form (the verifier's `KeySet::write_stored`: versioned, with a
/// checksum, every key's material, borrowed keys included) with the `iat` of the update it came
/// from into `out` (`out_size` bytes); `written` (may be NULL) receives its length. Write it to
/// flash; `jwtv_keyset_read_stored` reads it back at boot.
///
/// # Errors
/// `JWTV_BUFFER_TOO_SMALL` when `out_size` is under `jwtv_keyset_stored_len` (nothing is
/// written; `written` receives the length needed); `JWTV_INVALID_ARGUMENT` for bad pointers, an
/// uninitialised key set, or `out` overlapping the key set.
///
/// # Safety
/// `keyset` initialised; `out` writable for `out_size` bytes; `written` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_write_stored(
    keyset: *const jwtv_keyset,
    iat: u64,
    out: *mut u8,
    out_size: usize,
    written: *mut usize,
) -> jwtv_status {
    status((|| {
        if !written.is_null() && !written.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: forwarded from the caller; only read.
        let (slot, storage) = unsafe { keyset_slot(keyset) }?;
        outputs_apart(
            &[Span::of(out, out_size), Span::output(written)],
            &[storage],
        )?;
        let needed = slot.keys.stored_len();
        if !written.is_null() {
            // SAFETY: non-null, aligned (checked), writable per the caller's promise.
            unsafe { written.write(needed) };
        }
        if out_size < needed {
            return Err(JWTV_BUFFER_TOO_SMALL);
        }
        if out.is_null() || out_size > isize::MAX as usize {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: non-null, `out_size` writable bytes (the caller's promise) apart from the key
        // set (checked); zeroed first so the slice is of initialised bytes.
        let out = unsafe {
            out.write_bytes(0, out_size);
            core::slice::from_raw_parts_mut(out, out_size)
        };
        slot.keys.write_stored(iat, out)?;
        Ok(())
    })())
}

/// Replaces `keyset`'s keys with those of a stored form (`stored`, `stored_len` bytes, as
/// `jwtv_keyset_write_stored` wrote it; it may run past the record, a whole flash sector) and
/// puts the `iat` stored with them in `iat` (may be NULL): the installed set's rollback state.
/// Every key is checked again by the rules of loading. On any error the set is left empty.
///
/// # Errors
/// `JWTV_STORED_KEY_SET_CORRUPT` (wrong magic, length, checksum, entry or key),
/// `JWTV_STORED_KEY_SET_VERSION` (another format version), `JWTV_CAPACITY_EXCEEDED` (the keys do
/// not fit this key set), `JWTV_INVALID_ARGUMENT` for bad pointers, an uninitialised key set, or
/// `stored` lying in the key set's storage.
///
/// # Safety
/// `keyset` initialised and not used by another thread meanwhile; `stored` readable for
/// `stored_len` bytes; `iat` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_read_stored(
    keyset: *mut jwtv_keyset,
    stored: *const u8,
    stored_len: usize,
    iat: *mut u64,
) -> jwtv_status {
    status((|| {
        if !iat.is_null() && !iat.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: forwarded from the caller; only read.
        let (_, storage) = unsafe { keyset_slot(keyset) }?;
        // SAFETY: forwarded from the caller.
        let stored = unsafe { bytes(stored, stored_len) }?;
        let record = Span::of(stored.as_ptr(), stored.len());
        apart(record, storage)?;
        outputs_apart(&[Span::output(iat), storage], &[record])?;
        // SAFETY: checked by keyset_slot_mut; exclusive per the caller's promise; the record lies
        // outside the set's storage (checked).
        let (set, _) = unsafe { keyset_slot_mut(keyset) }?;
        let read = set.read_stored(stored)?;
        if !iat.is_null() {
            // SAFETY: non-null, aligned (checked), writable per the caller's promise.
            unsafe { iat.write(read) };
        }
        Ok(())
    })())
}

/// Copies the `kid` of `keyset`'s key at `index` (0 for the first), NUL-terminated, into `out`
/// of `out_size` bytes; `out_len` (may be NULL) receives its length, also on
/// `JWTV_BUFFER_TOO_SMALL`. A key without a `kid` reads as the empty string.
///
/// # Errors
/// `JWTV_BUFFER_TOO_SMALL`; `JWTV_INVALID_ARGUMENT` for an `index` past the last key, bad
/// pointers, an uninitialised key set, or an output overlapping the key set or the other output.
///
/// # Safety
/// `keyset` initialised; `out` NULL (with `out_size` 0) or writable for `out_size` bytes;
/// `out_len` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_keyset_kid(
    keyset: *const jwtv_keyset,
    index: usize,
    out: *mut c_char,
    out_size: usize,
    out_len: *mut usize,
) -> jwtv_status {
    status((|| {
        if (out.is_null() && out_size != 0) || (!out_len.is_null() && !out_len.is_aligned()) {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: forwarded from the caller; only read.
        let (slot, storage) = unsafe { keyset_slot(keyset) }?;
        outputs_apart(
            &[Span::of(out, out_size), Span::output(out_len)],
            &[storage],
        )?;
        let key = slot.keys.get(index).ok_or(JWTV_INVALID_ARGUMENT)?;
        let kid = key.kid().unwrap_or("");
        if !out_len.is_null() {
            // SAFETY: non-null, aligned (checked), writable per the caller's promise.
            unsafe { out_len.write(kid.len()) };
        }
        if kid.len() >= out_size {
            return Err(JWTV_BUFFER_TOO_SMALL);
        }
        // SAFETY: `out` non-null (out_size > kid.len() >= 0), writable for `out_size` bytes,
        // apart from the key set (checked); the kid and its NUL fit.
        unsafe {
            core::ptr::copy_nonoverlapping(kid.as_ptr(), out.cast::<u8>(), kid.len());
            out.add(kid.len()).write(0);
        }
        Ok(())
    })())
}
