//! Caller memory: the capacities and storage sizes the header gives, and the checks every
//! pointer, length and string from C passes before use (null, size, alignment, UTF-8, a NUL
//! within bound, overlap with what is written).

use core::ffi::c_char;
use core::mem::size_of;

use crate::status::Status;
use crate::status::jwtv_status::JWTV_INVALID_ARGUMENT;

// These docs link to the types and functions they size, in the modules above this one: the
// link targets are given to rustdoc alone (cbindgen copies every `///` line into the header,
// and importing those modules here would tie this module to the ones built on it).

/// Bytes of one key's slot in a [`jwtv_keyset`]'s storage (`JWTV_KEYSET_BYTES` counts them):
/// 40 on a 32-bit target, 64 on a 64-bit one. The header gives it as a macro of
/// `sizeof(void *)` (cbindgen.toml), which `keyset.rs` holds equal to the slot's size.
#[cfg_attr(doc, doc = "", doc = "[`jwtv_keyset`]: crate::jwtv_keyset")]
pub const JWTV_KEY_SLOT_SIZE: usize = if size_of::<usize>() <= 4 { 40 } else { 64 };
/// The most entries of a list in [`jwtv_policy`] (additional audiences, required claims,
/// required scopes).
#[cfg_attr(doc, doc = "", doc = "[`jwtv_policy`]: crate::jwtv_policy")]
pub const JWTV_MAX_LIST: usize = 16;
/// The longest string [`jwtv_policy`] or a claim name may hold, in bytes, before its NUL: a
/// string without a NUL in its first `JWTV_MAX_STRING_LEN + 1` bytes is
/// `JWTV_INVALID_ARGUMENT`, so an unterminated string is never read without bound.
#[cfg_attr(doc, doc = "", doc = "[`jwtv_policy`]: crate::jwtv_policy")]
pub const JWTV_MAX_STRING_LEN: usize = 8192;

/// Words (`size_t`) of a [`jwtv_keyset`]'s head: `sizeof(jwtv_keyset)` is 36 bytes on a
/// 32-bit target, 72 on a 64-bit one.
#[cfg_attr(doc, doc = "", doc = "[`jwtv_keyset`]: crate::jwtv_keyset")]
pub const JWTV_KEYSET_WORDS: usize = 9;
/// Bytes of a [`jwtv_token_buffer`]'s head (`sizeof(jwtv_token_buffer)`): the token's room
/// follows it. What a 64-bit target needs, and so every target's.
#[cfg_attr(doc, doc = "", doc = "[`jwtv_token_buffer`]: crate::jwtv_token_buffer")]
pub const JWTV_TOKEN_BUFFER_SIZE: usize = 408;
/// Alignment a [`jwtv_token_buffer`]'s storage needs.
#[cfg_attr(doc, doc = "", doc = "[`jwtv_token_buffer`]: crate::jwtv_token_buffer")]
pub const JWTV_TOKEN_BUFFER_ALIGN: usize = 8;

/// An address range `[start, end)` of C memory, for the overlap checks.
#[derive(Clone, Copy)]
pub(crate) struct Span {
    start: usize,
    end: usize,
}

impl Span {
    pub(crate) fn of<T>(p: *const T, len: usize) -> Span {
        let start = p as usize;
        Span {
            start,
            end: start.saturating_add(len),
        }
    }

    pub(crate) fn object<T>(p: *const T) -> Span {
        Span::of(p, size_of::<T>())
    }

    /// No memory: an output not given, which overlaps nothing.
    pub(crate) const NONE: Span = Span { start: 0, end: 0 };

    /// An optional output: nothing for NULL.
    pub(crate) fn output<T>(p: *const T) -> Span {
        if p.is_null() {
            Span::NONE
        } else {
            Span::object(p)
        }
    }

    fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Checks that `what` does not overlap `written`.
pub(crate) fn apart(what: Span, written: Span) -> Result<(), Status> {
    if what.overlaps(written) {
        Err(JWTV_INVALID_ARGUMENT)
    } else {
        Ok(())
    }
}

/// Checks that no output overlaps an input or another output: every output pointer of an entry
/// point goes through here before anything is written.
pub(crate) fn outputs_apart(outputs: &[Span], inputs: &[Span]) -> Result<(), Status> {
    for (i, output) in outputs.iter().enumerate() {
        for input in inputs {
            apart(*output, *input)?;
        }
        for other in outputs.iter().skip(i.saturating_add(1)) {
            apart(*output, *other)?;
        }
    }
    Ok(())
}

/// `len` bytes at `p`; NULL is accepted for an empty range.
///
/// # Safety
/// A non-null `p` must be valid for reads of `len` bytes for `'a`.
pub(crate) unsafe fn bytes<'a>(p: *const u8, len: usize) -> Result<&'a [u8], Status> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() || len > isize::MAX as usize || (p as usize).checked_add(len).is_none() {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    // SAFETY: non-null, the range does not wrap and fits isize; validity is the caller's
    // promise.
    Ok(unsafe { core::slice::from_raw_parts(p, len) })
}

/// A NUL-terminated UTF-8 string at `p`, at most `JWTV_MAX_STRING_LEN` bytes; `None` for NULL.
///
/// # Safety
/// A non-null `p` must point to a NUL-terminated string, or to at least
/// `JWTV_MAX_STRING_LEN + 1` readable bytes, valid for `'a`.
pub(crate) unsafe fn c_str<'a>(p: *const c_char) -> Result<Option<&'a str>, Status> {
    if p.is_null() {
        return Ok(None);
    }
    let p = p.cast::<u8>();
    let mut len = 0usize;
    loop {
        // SAFETY: bytes before the NUL are readable (the caller's promise); the loop stops at
        // the NUL or after JWTV_MAX_STRING_LEN bytes.
        if unsafe { p.add(len).read() } == 0 {
            break;
        }
        len = len.checked_add(1).ok_or(JWTV_INVALID_ARGUMENT)?;
        if len > JWTV_MAX_STRING_LEN {
            return Err(JWTV_INVALID_ARGUMENT);
        }
    }
    // SAFETY: the `len` bytes before the NUL were just read.
    let bytes = unsafe { bytes(p, len) }?;
    core::str::from_utf8(bytes)
        .map(Some)
        .map_err(|_| JWTV_INVALID_ARGUMENT)
}

/// A required string: NULL is `JWTV_INVALID_ARGUMENT`; it must not overlap `written`.
///
/// # Safety
/// As [`c_str`].
unsafe fn required_str<'a>(p: *const c_char, written: Span) -> Result<&'a str, Status> {
    // SAFETY: forwarded.
    let s = unsafe { c_str(p) }?.ok_or(JWTV_INVALID_ARGUMENT)?;
    apart(Span::of(s.as_ptr(), s.len().saturating_add(1)), written)?;
    Ok(s)
}

/// An optional string that must not overlap `written`.
///
/// # Safety
/// As [`c_str`].
pub(crate) unsafe fn optional_str<'a>(
    p: *const c_char,
    written: Span,
) -> Result<Option<&'a str>, Status> {
    // SAFETY: forwarded.
    let s = unsafe { c_str(p) }?;
    if let Some(s) = s {
        apart(Span::of(s.as_ptr(), s.len().saturating_add(1)), written)?;
    }
    Ok(s)
}

/// Reads a C list of `len` strings into `out`; returns how many.
///
/// # Safety
/// A non-null `list` must point to `len` readable pointers, each as [`c_str`] requires.
pub(crate) unsafe fn str_list(
    list: *const *const c_char,
    len: usize,
    written: Span,
    out: &mut [&str; JWTV_MAX_LIST],
) -> Result<usize, Status> {
    if len > JWTV_MAX_LIST {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    if len == 0 {
        return Ok(0);
    }
    if list.is_null() || !list.is_aligned() {
        return Err(JWTV_INVALID_ARGUMENT);
    }
    apart(
        Span::of(list, len.saturating_mul(size_of::<usize>())),
        written,
    )?;
    for (i, slot) in out.iter_mut().take(len).enumerate() {
        // SAFETY: `i < len`, and the list holds `len` pointers (the caller's promise).
        let p = unsafe { list.add(i).read() };
        // SAFETY: each entry is a string as `c_str` requires (the caller's promise).
        *slot = unsafe { required_str(p, written) }?;
    }
    Ok(len)
}
