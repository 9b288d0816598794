//! Claim readers: what a C program reads from the verified token in a [`jwtv_token_buffer`]
//! (its claims by name, its scopes, its payload and header `alg`).

use core::ffi::c_char;

use jwtv::{Algorithm, Claims, JsonStr};

use crate::memory::{Span, apart, c_str, outputs_apart};
use crate::policy::bit;
use crate::status::jwtv_status::{
    JWTV_BUFFER_TOO_SMALL, JWTV_CLAIM_ABSENT, JWTV_CLAIM_TYPE_MISMATCH, JWTV_INVALID_ARGUMENT,
    JWTV_NO_CLAIMS,
};
use crate::status::{Status, jwtv_status, status};
use crate::verify::{jwtv_token_buffer, verified};

/// Where a claim reader writes what it read: a value written whole (`*mut T`) or a string
/// ([`StringOut`]).
trait Output<T> {
    /// Checks the output's pointers (null, alignment, size) and returns the memory it may write,
    /// for the overlap checks; nothing is written yet.
    fn spans(&self) -> Result<[Span; 2], Status>;

    /// Writes `value`.
    ///
    /// # Safety
    /// [`Output::spans`] accepted the output, and [`claims_and_name`] found that memory apart
    /// from the token buffer and the name; it is writable (the caller's promise).
    unsafe fn store(self, value: T) -> Result<(), Status>;
}

/// An `int64_t`, a `size_t` or a `bool`: non-null and aligned (always true of a `bool`, whose
/// alignment is 1).
impl<T> Output<T> for *mut T {
    fn spans(&self) -> Result<[Span; 2], Status> {
        if self.is_null() || !self.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        Ok([Span::object(*self), Span::NONE])
    }

    unsafe fn store(self, value: T) -> Result<(), Status> {
        // SAFETY: non-null, aligned, writable per the caller's promise.
        unsafe { self.write(value) };
        Ok(())
    }
}

/// A string's output, `(out, out_size, out_len)`: `out` of `out_size` bytes (NULL with 0: the
/// size query), and `out_len` (NULL allowed, but for the size query), which receives the
/// string's length without its NUL.
struct StringOut(*mut c_char, usize, *mut usize);

// `#[inline]` on both: the string readers then hold them whole, as they held the functions
// these were; left out of line, the Cortex-M4 example's flash grows by 128 bytes.
impl<'v> Output<JsonStr<'v>> for StringOut {
    #[inline]
    fn spans(&self) -> Result<[Span; 2], Status> {
        let StringOut(out, out_size, out_len) = *self;
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

    /// Writes `value` and a NUL into `out`; `out_len` receives the length without the NUL,
    /// also when `out` is too small (and for the size query).
    #[inline]
    unsafe fn store(self, value: JsonStr<'v>) -> Result<(), Status> {
        let StringOut(out, out_size, out_len) = self;
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
}

/// The verified claims in `buffer` and the name asked for, once the `outputs` the caller
/// gave are known to overlap neither the buffer, the name, nor each other (nothing has been
/// written yet). Not generic: one copy serves every reader.
///
/// # Safety
/// As [`verified`]; `name` as for [`c_str`].
unsafe fn claims_and_name<'a>(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    outputs: &[Span],
) -> Result<(&'a Claims<'a>, &'a str), Status> {
    // SAFETY: forwarded from the caller.
    let name = unsafe { c_str(name) }?.ok_or(JWTV_INVALID_ARGUMENT)?;
    // SAFETY: forwarded from the caller.
    let (verified, storage) = unsafe { verified(buffer) }?;
    outputs_apart(
        outputs,
        &[
            storage,
            Span::of(name.as_ptr(), name.len().saturating_add(1)),
        ],
    )?;
    let claims = verified.claims().ok_or(JWTV_NO_CLAIMS)?;
    Ok((claims, name))
}

/// The one path of every claim reader: checks `out`'s pointers, then the name, the overlaps
/// and the buffer ([`claims_and_name`]), and writes what `read` returns through `out`:
/// nothing is written unless `read` succeeds.
///
/// # Safety
/// As [`claims_and_name`]; `out` writable as its type says.
unsafe fn read_claim<'a, T>(
    buffer: *const jwtv_token_buffer,
    name: *const c_char,
    out: impl Output<T>,
    read: impl FnOnce(&'a Claims<'a>, &'a str) -> Result<T, Status>,
) -> jwtv_status {
    status((|| {
        let outputs = out.spans()?;
        // SAFETY: forwarded from the caller.
        let (claims, name) = unsafe { claims_and_name(buffer, name, &outputs) }?;
        let value = read(claims, name)?;
        // SAFETY: `out` was checked above, and found apart from the buffer and the name;
        // writable per the caller's promise.
        unsafe { out.store(value) }
    })())
}

/// The reader of a claim of one JSON type, for [`read_claim`]: the value `get` finds
/// (`Claims::string`, `Claims::integer`, ...); else `JWTV_CLAIM_TYPE_MISMATCH` when the claim is
/// present with another type, `JWTV_CLAIM_ABSENT` when it is not present.
fn typed<'a, T>(
    get: impl FnOnce(&'a Claims<'a>, &'a str) -> Option<T>,
) -> impl FnOnce(&'a Claims<'a>, &'a str) -> Result<T, Status> {
    move |claims, name| match get(claims, name) {
        Some(value) => Ok(value),
        None if claims.contains(name) => Err(JWTV_CLAIM_TYPE_MISMATCH),
        None => Err(JWTV_CLAIM_ABSENT),
    }
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
    let out = StringOut(out, out_size, out_len);
    // SAFETY: forwarded from the caller.
    unsafe { read_claim(buffer, name, out, typed(Claims::string)) }
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
    // SAFETY: forwarded from the caller.
    unsafe { read_claim(buffer, name, out, typed(Claims::integer)) }
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
    // SAFETY: forwarded from the caller.
    unsafe { read_claim(buffer, name, out, typed(Claims::boolean)) }
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
    // SAFETY: forwarded from the caller.
    unsafe { read_claim(buffer, name, out, typed(Claims::array_len)) }
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
    let out = StringOut(out, out_size, out_len);
    // SAFETY: forwarded from the caller.
    unsafe {
        read_claim(buffer, name, out, |claims, name| {
            if index >= typed(Claims::array_len)(claims, name)? {
                return Err(JWTV_CLAIM_ABSENT);
            }
            claims
                .array_string(name, index)
                .ok_or(JWTV_CLAIM_TYPE_MISMATCH)
        })
    }
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
    // SAFETY: forwarded from the caller.
    unsafe { read_claim(buffer, name, out, |c, name| Ok(c.contains(name))) }
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
    // SAFETY: forwarded from the caller.
    unsafe { read_claim(buffer, scope, out, |c, scope| Ok(c.has_scope(scope))) }
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
        // SAFETY: forwarded from the caller.
        let (verified, storage) = unsafe { verified(buffer) }?;
        outputs_apart(
            &[Span::object(payload), Span::object(payload_len)],
            &[storage],
        )?;
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
        // SAFETY: forwarded from the caller.
        let (verified, storage) = unsafe { verified(buffer) }?;
        apart(Span::object(out), storage)?;
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

#[cfg(test)]
mod tests {
    use super::{Output, StringOut};
    use core::ffi::c_char;

    /// `spans` of a string output: nothing is written, so any address may be tried.
    fn accepted(out: *mut c_char, size: usize, len: *mut usize) -> bool {
        StringOut(out, size, len).spans().is_ok()
    }

    #[test]
    fn a_string_output_is_refused_before_anything_is_written() {
        let mut out = [0 as c_char; 16];
        let mut lens = [0usize; 2];
        let (out, len) = (out.as_mut_ptr(), lens.as_mut_ptr());
        assert!(accepted(out, 16, len));
        assert!(accepted(out, 16, core::ptr::null_mut()));
        // `out_len` where no size_t can be.
        let misaligned = len.cast::<u8>().wrapping_add(1).cast::<usize>();
        assert!(!accepted(out, 16, misaligned));
        // No object is larger than PTRDIFF_MAX bytes; an output may claim up to that.
        assert!(accepted(out, isize::MAX as usize, len));
        assert!(!accepted(out, isize::MAX as usize + 1, len));
        assert!(!accepted(out, usize::MAX, len));
        // An output that would end past the top of the address space.
        let top = core::ptr::without_provenance_mut::<c_char>(usize::MAX - 4);
        assert!(!accepted(top, 16, len));
        assert!(accepted(top, 4, len));
    }
}
