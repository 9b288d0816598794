//! Claim readers: what a C program reads from the verified token in a [`jwtv_token_buffer`]
//! (its claims by name, its scopes, its payload and header `alg`).

use core::ffi::c_char;

use verifier::Algorithm;

use crate::memory::{Span, apart, c_str, outputs_apart};
use crate::policy::bit;
use crate::status::jwtv_status::{
    JWTV_BUFFER_TOO_SMALL, JWTV_CLAIM_ABSENT, JWTV_CLAIM_TYPE_MISMATCH, JWTV_INVALID_ARGUMENT,
    JWTV_NO_CLAIMS,
};
use crate::status::{Status, jwtv_status, status};
use crate::verify::{jwtv_token_buffer, verified};

/// The verified claims in `buffer` and the name asked for, once the `outputs` the caller
/// gave are known to overlap neither the buffer, the name, nor each other (nothing has been
/// written yet).
///
/// # Safety
/// As [`verified`]; `name` as for [`c_str`].
unsafe fn claims_and_name<'a>(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    outputs: &[Span],
) -> Result<(&'a verifier::Claims<'a>, &'a str), Status> {
    // SAFETY: forwarded from the caller.
    let name = unsafe { c_str(name) }?.ok_or(JWTV_INVALID_ARGUMENT)?;
    outputs_apart(
        outputs,
        &[
            Span::object(buffer),
            Span::of(name.as_ptr(), name.len().saturating_add(1)),
        ],
    )?;
    // SAFETY: forwarded from the caller.
    let verified = unsafe { verified(buffer) }?;
    let claims = verified.claims().ok_or(JWTV_NO_CLAIMS)?;
    Ok((claims, name))
}

/// Checks the outputs of a string read: `out` of `out_size` bytes (NULL with 0: the size
/// query), `out_len` NULL or aligned (required for the size query). Returns their spans.
fn string_outputs(
    out: *mut c_char,
    out_size: usize,
    out_len: *mut usize,
) -> Result<[Span; 2], Status> {
    if out.is_null() && (out_size != 0 || out_len.is_null()) {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    if !out_len.is_null() && !out_len.is_aligned() {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    if out_size > isize::MAX as usize || (out as usize).checked_add(out_size).is_none() {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    Ok([Span::of(out, out_size), Span::output(out_len)])
}

/// Writes `value` and a NUL into `out` (`out_size` bytes); `out_len` (NULL allowed) receives
/// the length without the NUL, also when `out` is too small (and for the size query, `out`
/// NULL and `out_size` 0).
///
/// # Safety
/// Checked by [`string_outputs`] and [`claims_and_name`]; `out` writable for `out_size`
/// bytes; `out_len` NULL or writable.
unsafe fn write_string(
    value: verifier::JsonStr<'_>,
    out: *mut c_char,
    out_size: usize,
    out_len: *mut usize,
) -> Result<(), Status> {
    let len = value.len();
    if !out_len.is_null() {
        // SAFETY: non-null, aligned, writable per the caller's promise.
        unsafe { out_len.write(len) };
    }
    if len >= out_size {
        return Err(JWTV_BUFFER_TOO_SMALL);
    }
    // SAFETY: `out` is non-null (`out_size` is not 0) and writable for `out_size` bytes (the
    // caller's promise), and overlaps neither the token buffer the value is read from nor
    // `out_len` (checked).
    let out = unsafe { core::slice::from_raw_parts_mut(out.cast::<u8>(), out_size) };
    let written = value
        .unescape_into(out)
        .map_err(|_| JWTV_BUFFER_TOO_SMALL)?
        .len();
    *out.get_mut(written).ok_or(JWTV_BUFFER_TOO_SMALL)? = 0;
    Ok(())
}

/// Copies the string claim `name` (any claim, registered or the application's; compared
/// after unescaping), unescaped, NUL-terminated, into `out` of `out_size` bytes. `out_len`
/// (NULL allowed) receives its length without the NUL, also on `JWTV_BUFFER_TOO_SMALL`, so a
/// caller can size its buffer: `(NULL, 0, &len)` asks for the length alone
/// (`JWTV_BUFFER_TOO_SMALL`, `len` set; `len + 1` bytes hold the claim and its NUL). A string
/// claim may contain `\u0000`: compare `out_len`, not `strlen`, where that matters.
///
/// # Errors
/// `JWTV_CLAIM_ABSENT`, `JWTV_CLAIM_TYPE_MISMATCH` (not a string), `JWTV_BUFFER_TOO_SMALL`,
/// `JWTV_NOT_VERIFIED`, `JWTV_NO_CLAIMS`, `JWTV_INVALID_ARGUMENT` (also for `out` NULL with a
/// size, `out` and `out_len` both NULL, or an output overlapping the buffer, the name or the
/// other output: checked before anything is written).
///
/// # Safety
/// `buffer` a token buffer; `name` a NUL-terminated string; `out` NULL (with `out_size` 0) or
/// writable for `out_size` bytes; `out_len` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_claim_string(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    out: *mut c_char,
    out_size: usize,
    out_len: *mut usize,
) -> jwtv_status {
    status((|| {
        let outputs = string_outputs(out, out_size, out_len)?;
        // SAFETY: forwarded from the caller.
        let (claims, name) = unsafe { claims_and_name(buffer, name, &outputs) }?;
        let value = match claims.string(name) {
            Some(value) => value,
            None if claims.contains(name) => return Err(JWTV_CLAIM_TYPE_MISMATCH),
            None => return Err(JWTV_CLAIM_ABSENT),
        };
        // SAFETY: outputs checked above; writable per the caller's promise.
        unsafe { write_string(value, out, out_size, out_len) }
    })())
}

/// Reads the integer claim `name` into `out`: a JSON number without fraction or exponent that
/// fits an `int64_t`.
///
/// # Errors
/// `JWTV_CLAIM_ABSENT`, `JWTV_CLAIM_TYPE_MISMATCH` (another type, a fraction such as
/// `1700000000.5`, or out of range), `JWTV_NOT_VERIFIED`, `JWTV_NO_CLAIMS`,
/// `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `buffer` a token buffer; `name` a NUL-terminated string; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_claim_integer(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    out: *mut i64,
) -> jwtv_status {
    status((|| {
        if out.is_null() || !out.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: forwarded from the caller.
        let (claims, name) = unsafe { claims_and_name(buffer, name, &[Span::object(out)]) }?;
        let value = match claims.integer(name) {
            Some(value) => value,
            None if claims.contains(name) => return Err(JWTV_CLAIM_TYPE_MISMATCH),
            None => return Err(JWTV_CLAIM_ABSENT),
        };
        // SAFETY: non-null, aligned, writable per the caller's promise.
        unsafe { out.write(value) };
        Ok(())
    })())
}

/// Reads the boolean claim `name` (`email_verified`) into `out`.
///
/// # Errors
/// `JWTV_CLAIM_ABSENT`, `JWTV_CLAIM_TYPE_MISMATCH` (`"true"` is a string),
/// `JWTV_NOT_VERIFIED`, `JWTV_NO_CLAIMS`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `buffer` a token buffer; `name` a NUL-terminated string; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_claim_bool(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    out: *mut bool,
) -> jwtv_status {
    status((|| {
        if out.is_null() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: forwarded from the caller.
        let (claims, name) = unsafe { claims_and_name(buffer, name, &[Span::object(out)]) }?;
        let value = match claims.boolean(name) {
            Some(value) => value,
            None if claims.contains(name) => return Err(JWTV_CLAIM_TYPE_MISMATCH),
            None => return Err(JWTV_CLAIM_ABSENT),
        };
        // SAFETY: non-null, writable per the caller's promise (bool has alignment 1).
        unsafe { out.write(value) };
        Ok(())
    })())
}

/// Reads the number of elements of the array claim `name` (`groups`, `roles`, `aud`) into
/// `out`.
///
/// # Errors
/// `JWTV_CLAIM_ABSENT`, `JWTV_CLAIM_TYPE_MISMATCH` (not an array), `JWTV_NOT_VERIFIED`,
/// `JWTV_NO_CLAIMS`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `buffer` a token buffer; `name` a NUL-terminated string; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_claim_array_len(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    out: *mut usize,
) -> jwtv_status {
    status((|| {
        if out.is_null() || !out.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: forwarded from the caller.
        let (claims, name) = unsafe { claims_and_name(buffer, name, &[Span::object(out)]) }?;
        let value = match claims.array_len(name) {
            Some(value) => value,
            None if claims.contains(name) => return Err(JWTV_CLAIM_TYPE_MISMATCH),
            None => return Err(JWTV_CLAIM_ABSENT),
        };
        // SAFETY: non-null, aligned, writable per the caller's promise.
        unsafe { out.write(value) };
        Ok(())
    })())
}

/// Copies element `index` of the array claim `name`, a string, into `out` as
/// [`jwtv_claim_string`] does.
///
/// # Errors
/// `JWTV_CLAIM_ABSENT` (no such claim, or `index` past the end), `JWTV_CLAIM_TYPE_MISMATCH`
/// (the claim is not an array, or the element not a string), `JWTV_BUFFER_TOO_SMALL`,
/// `JWTV_NOT_VERIFIED`, `JWTV_NO_CLAIMS`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// As [`jwtv_claim_string`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_claim_array_string(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    index: usize,
    out: *mut c_char,
    out_size: usize,
    out_len: *mut usize,
) -> jwtv_status {
    status((|| {
        let outputs = string_outputs(out, out_size, out_len)?;
        // SAFETY: forwarded from the caller.
        let (claims, name) = unsafe { claims_and_name(buffer, name, &outputs) }?;
        let len = match claims.array_len(name) {
            Some(len) => len,
            None if claims.contains(name) => return Err(JWTV_CLAIM_TYPE_MISMATCH),
            None => return Err(JWTV_CLAIM_ABSENT),
        };
        if index >= len {
            return Err(JWTV_CLAIM_ABSENT);
        }
        let value = claims
            .array_string(name, index)
            .ok_or(JWTV_CLAIM_TYPE_MISMATCH)?;
        // SAFETY: outputs checked above; writable per the caller's promise.
        unsafe { write_string(value, out, out_size, out_len) }
    })())
}

/// Sets `out` to whether the claim `name` is present (any type, `null` included).
///
/// # Errors
/// `JWTV_NOT_VERIFIED`, `JWTV_NO_CLAIMS`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `buffer` a token buffer; `name` a NUL-terminated string; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_claim_present(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    out: *mut bool,
) -> jwtv_status {
    status((|| {
        if out.is_null() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: forwarded from the caller.
        let (claims, name) = unsafe { claims_and_name(buffer, name, &[Span::object(out)]) }?;
        // SAFETY: non-null, writable per the caller's promise.
        unsafe { out.write(claims.contains(name)) };
        Ok(())
    })())
}

/// Sets `out` to whether the `scope` claim lists `scope` as one of its space-separated
/// scopes.
///
/// # Errors
/// `JWTV_NOT_VERIFIED`, `JWTV_NO_CLAIMS`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `buffer` a token buffer; `scope` a NUL-terminated string; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_has_scope(
    buffer: *const jwtv_token_buffer,
    scope: *const c_char,
    out: *mut bool,
) -> jwtv_status {
    status((|| {
        if out.is_null() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: forwarded from the caller.
        let (claims, scope) = unsafe { claims_and_name(buffer, scope, &[Span::object(out)]) }?;
        // SAFETY: non-null, writable per the caller's promise.
        unsafe { out.write(claims.has_scope(scope)) };
        Ok(())
    })())
}

/// Points `payload` at the verified token's decoded payload inside `buffer` (`payload_len`
/// bytes, not NUL-terminated): the JSON text under every profile but `jws`, where it is
/// whatever was signed.
///
/// # Errors
/// `JWTV_NOT_VERIFIED`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `buffer` a token buffer; `payload` and `payload_len` writable. The payload is valid while
/// `buffer` is unchanged and in place.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_payload(
    buffer: *const jwtv_token_buffer,
    payload: *mut *const u8,
    payload_len: *mut usize,
) -> jwtv_status {
    status((|| {
        if payload.is_null() || !payload.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        if payload_len.is_null() || !payload_len.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        outputs_apart(
            &[Span::object(payload), Span::object(payload_len)],
            &[Span::object(buffer)],
        )?;
        // SAFETY: forwarded from the caller.
        let verified = unsafe { verified(buffer) }?;
        let bytes = verified.payload();
        // SAFETY: both non-null, aligned, writable per the caller's promise.
        unsafe {
            payload.write(bytes.as_ptr());
            payload_len.write(bytes.len());
        }
        Ok(())
    })())
}

/// Reads the verified token's header `alg` as its `JWTV_ALG_*` bit into `out`.
///
/// # Errors
/// `JWTV_NOT_VERIFIED`, `JWTV_INVALID_ARGUMENT`.
///
/// # Safety
/// `buffer` a token buffer; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_header_alg(
    buffer: *const jwtv_token_buffer,
    out: *mut u32,
) -> jwtv_status {
    status((|| {
        if out.is_null() || !out.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        apart(Span::object(out), Span::object(buffer))?;
        // SAFETY: forwarded from the caller.
        let verified = unsafe { verified(buffer) }?;
        let alg = verified.header().alg();
        let alg_bit = Algorithm::ALL
            .iter()
            .position(|a| *a == alg)
            .and_then(bit)
            .ok_or(JWTV_INVALID_ARGUMENT)?;
        // SAFETY: non-null, aligned, writable per the caller's promise.
        unsafe { out.write(alg_bit) };
        Ok(())
    })())
}
