//! Verification: [`jwtv_token_buffer`], the storage a token is decoded and verified in,
//! [`jwtv_verify`], and the check value that tells a buffer `jwtv_verify` filled in place
//! from stale, moved or overwritten memory.

use core::mem::{MaybeUninit, align_of, size_of};
use core::ptr;

use jwtv::Verified;

use crate::keyset::{jwtv_keyset, keyset_slot};
use crate::memory::{JWTV_TOKEN_BUFFER_ALIGN, JWTV_TOKEN_BUFFER_SIZE, Span, apart, bytes};
use crate::policy::{PolicyStrings, jwtv_policy, policy};
use crate::status::jwtv_status::{JWTV_INVALID_ARGUMENT, JWTV_NOT_VERIFIED, JWTV_OK};
use crate::status::{Status, jwtv_status, status};

/// What the head of a token buffer's storage holds; the decoded token's bytes follow it, to
/// the end of the storage.
///
/// The verified token points into `buffer`, so the claim readers must never trust storage
/// they cannot prove `jwtv_verify` filled, in place, during the buffer's current use (since
/// its last [`jwtv_token_buffer_init`]): stale memory (a stack frame reused at the same
/// address), a copy, or a partly overwritten buffer. The slot's state words carry the address
/// they were written at and the storage's size, with a check value over them; once verified, a
/// second check value covers every decoded byte. Each reader recomputes both, the state
/// words' first: the size is trusted only once they check. The check is a fast non-cryptographic mix,
/// not a MAC: it stops accidents (a 64-bit value cannot match by chance), not a deliberate
/// forger, who can write any byte of the caller's memory anyway.
#[repr(C)]
struct TokenSlot {
    /// [`TOKEN_EMPTY`] or [`TOKEN_VERIFIED`].
    state: u32,
    /// Verifications started in this buffer since its initialisation (wrapping).
    uses: u32,
    /// The slot's address when the state was written.
    at: usize,
    /// Bytes of the whole storage, this head included, as `jwtv_token_buffer_init` was given.
    size: usize,
    /// The verified payload's address and length, as `jwtv_verify` saw them; 0 when empty.
    payload_at: usize,
    payload_len: usize,
    /// [`slot_check`] of the words above.
    head_check: u64,
    /// [`slot_check`] of `head_check` and, when verified, the decoded bytes.
    check: u64,
    verified: MaybeUninit<Verified<'static>>,
}

/// Bytes of the head: the decoded token begins this far into the storage.
const HEAD: usize = size_of::<TokenSlot>();

/// A token buffer initialised, or whose last verification did not succeed.
const TOKEN_EMPTY: u32 = 0x6a77_6265;
/// A token buffer holding the token its last verification accepted.
const TOKEN_VERIFIED: u32 = 0x6a77_7674;

/// The head of a token buffer's storage: the storage holds this head, then room for the
/// longest token the caller accepts (`JWTV_TOKEN_BUFFER_BYTES(max_token_len)` bytes in all,
/// declared with `JWTV_TOKEN_BUFFER_DEFINE`). After `JWTV_OK` it holds the verified token whose
/// claims the `jwtv_claim_*` functions read.
///
/// Opaque and aligned; [`jwtv_token_buffer_init`] begins its use (each time, for one on a
/// stack). The claims point into it: keep it in place (do not copy it elsewhere and read the
/// copy, which is refused) until they have been read; verifying another token into it replaces
/// them, and a verification that fails leaves none.
#[allow(non_camel_case_types)]
#[repr(C, align(8))]
pub struct jwtv_token_buffer {
    opaque: [u8; JWTV_TOKEN_BUFFER_SIZE],
}

const _: () = {
    assert!(HEAD <= JWTV_TOKEN_BUFFER_SIZE);
    assert!(align_of::<TokenSlot>() <= JWTV_TOKEN_BUFFER_ALIGN);
    assert!(size_of::<jwtv_token_buffer>() == JWTV_TOKEN_BUFFER_SIZE);
    assert!(align_of::<jwtv_token_buffer>() == JWTV_TOKEN_BUFFER_ALIGN);
};

/// A check value: a 64-bit mix of `words` and `bytes`. Over a slot's state words (with no
/// bytes) it is the head check; over the head check and, for a verified slot, every byte after
/// the head (the decoded header and payload the claims point into), the slot's check. A
/// multiply-xorshift per 64-bit word: 256 rounds for a buffer of 2 KiB, each claim read.
fn slot_check(words: &[u64], bytes: &[u8]) -> u64 {
    fn mix(h: u64, word: u64) -> u64 {
        let h = (h ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^ (h >> 29)
    }
    let mut h = 0x6a77_7476_6368_6b31;
    for word in words {
        h = mix(h, *word);
    }
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = mix(h, u64::from_le_bytes(word));
    }
    for (i, byte) in chunks.remainder().iter().enumerate() {
        h = mix(h, u64::from(*byte) << (i & 7).wrapping_mul(8));
    }
    mix(h, bytes.len() as u64)
}

/// The head check of a slot's state words.
fn head_check(state: u32, uses: u32, at: usize, size: usize, payload: (usize, usize)) -> u64 {
    let words = [
        u64::from(state) | (u64::from(uses) << 32),
        at as u64,
        size as u64,
        payload.0 as u64,
        payload.1 as u64,
    ];
    slot_check(&words, &[])
}

/// The `size - HEAD` decoded bytes after a slot's head.
///
/// # Safety
/// `slot` non-null, aligned, `size` readable bytes (at least `HEAD`), not written meanwhile,
/// every byte after the head initialised (by `jwtv_token_buffer_init` or since).
unsafe fn slot_bytes<'a>(slot: *const TokenSlot, size: usize) -> &'a [u8] {
    // SAFETY: the bytes from HEAD to `size` are inside the storage and initialised, per the
    // caller.
    unsafe { core::slice::from_raw_parts(slot.cast::<u8>().add(HEAD), size.saturating_sub(HEAD)) }
}

/// The state of the token buffer at `slot`: `Some((state, uses, size))` when its words are
/// those `jwtv_token_buffer_init` or `jwtv_verify` wrote at this very address, check values
/// included; `None` for storage never initialised, moved or copied, or overwritten.
///
/// # Safety
/// `slot` NULL or `HEAD` readable bytes and, once its head checks, the `size` it records, not
/// written meanwhile.
unsafe fn slot_state(slot: *const TokenSlot) -> Option<(u32, u32, usize)> {
    if slot.is_null() || !slot.is_aligned() {
        return None;
    }
    // SAFETY: non-null, aligned, readable; the state words are plain integers (any bit
    // pattern is a value).
    let (state, uses, at, size, payload, head, check) = unsafe {
        (
            (*slot).state,
            (*slot).uses,
            (*slot).at,
            (*slot).size,
            ((*slot).payload_at, (*slot).payload_len),
            (*slot).head_check,
            (*slot).check,
        )
    };
    if at != slot as usize || head_check(state, uses, at, size, payload) != head {
        return None;
    }
    // The head checks: `size` is the one `jwtv_token_buffer_init` was given for this storage.
    let bytes: &[u8] = match state {
        TOKEN_EMPTY => &[],
        // SAFETY: as above, and `size` is the storage's.
        TOKEN_VERIFIED => unsafe { slot_bytes(slot, size) },
        _ => return None,
    };
    (slot_check(&[head], bytes) == check).then_some((state, uses, size))
}

/// Writes the state words of the slot (its decoded bytes must already be in place).
///
/// # Safety
/// `slot` non-null, aligned, `size` writable bytes, used by no one else meanwhile.
unsafe fn set_slot_state(
    slot: *mut TokenSlot,
    state: u32,
    uses: u32,
    size: usize,
    payload: (usize, usize),
) {
    let at = slot as usize;
    let head = head_check(state, uses, at, size, payload);
    let bytes: &[u8] = if state == TOKEN_VERIFIED {
        // SAFETY: forwarded from the caller.
        unsafe { slot_bytes(slot, size) }
    } else {
        &[]
    };
    let check = slot_check(&[head], bytes);
    // SAFETY: forwarded from the caller; the state words are disjoint from the bytes read.
    unsafe {
        ptr::addr_of_mut!((*slot).state).write(state);
        ptr::addr_of_mut!((*slot).uses).write(uses);
        ptr::addr_of_mut!((*slot).at).write(at);
        ptr::addr_of_mut!((*slot).size).write(size);
        ptr::addr_of_mut!((*slot).payload_at).write(payload.0);
        ptr::addr_of_mut!((*slot).payload_len).write(payload.1);
        ptr::addr_of_mut!((*slot).head_check).write(head);
        ptr::addr_of_mut!((*slot).check).write(check);
    }
}

/// Makes the `size` bytes at `buffer` an empty token buffer: its use begins here. The storage
/// holds the head (`sizeof(jwtv_token_buffer)`) and then room for the longest token to be
/// verified in it: `JWTV_TOKEN_BUFFER_BYTES(max_token_len)` bytes in all, aligned as
/// `jwtv_token_buffer` (`JWTV_TOKEN_BUFFER_DEFINE` declares such storage). `jwtv_verify` takes
/// only an initialised buffer, and the claim functions read only a token that `jwtv_verify`
/// accepted into it since, at this address.
///
/// Initialise a buffer declared on a stack each time its function runs: the memory may still
/// hold a buffer an earlier call verified at the same address, and only this call tells the
/// two apart.
///
/// # Errors
/// `JWTV_INVALID_ARGUMENT` for a null or misaligned `buffer`, or a `size` without room for a
/// token past the head (`size <= sizeof(jwtv_token_buffer)`); nothing is written.
///
/// # Safety
/// `buffer` must point to `size` writable bytes that no other thread uses meanwhile.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_token_buffer_init(
    buffer: *mut jwtv_token_buffer,
    size: usize,
) -> jwtv_status {
    let slot = buffer.cast::<TokenSlot>();
    if slot.is_null()
        || !slot.is_aligned()
        || size <= HEAD
        || size > isize::MAX as usize
        || (slot as usize).checked_add(size).is_none()
    {
        return JWTV_INVALID_ARGUMENT;
    }
    // SAFETY: non-null, aligned, large enough, not wrapping (checked); writable per the
    // caller's promise. The token's bytes are zeroed in place, so that every byte the check
    // value reads is initialised.
    unsafe {
        slot.cast::<u8>()
            .add(HEAD)
            .write_bytes(0, size.saturating_sub(HEAD));
        set_slot_state(slot, TOKEN_EMPTY, 0, size, (0, 0));
    }
    JWTV_OK
}

/// Verifies `token` (`token_len` bytes of a compact JWS) against `keyset` under `policy`, at
/// `now` (seconds since the Unix epoch: the library reads no clock), decoding it into
/// `buffer`, which [`jwtv_token_buffer_init`] prepared. On `JWTV_OK` the `jwtv_claim_*`
/// functions read its claims from `buffer`; after any other result `buffer` holds no verified
/// token (the previous one is forgotten), unless nothing could be written: `buffer` itself
/// refused, or another input lying in it.
///
/// # Errors
/// One of the verifier's rejections (1 to 35): which rule refused the token.
/// `JWTV_CAPACITY_EXCEEDED` for a token longer than the buffer's room (its storage less the
/// head).
/// `JWTV_INVALID_ARGUMENT` for bad pointers, a buffer not initialised (or moved, copied or
/// overwritten since), an uninitialised key set, a policy with an unknown profile, algorithm
/// bit or source, a missing issuer or audience where the profile needs one, or any input (the
/// token, the key set, the policy or its strings) that overlaps `buffer`. A refused buffer,
/// or one another input lies in, is not written at all; otherwise only its state changes.
///
/// # Safety
/// `keyset` initialised and not modified meanwhile; `policy` and its strings and lists as
/// [`jwtv_policy`] documents; `token` readable for `token_len` bytes; `buffer` initialised,
/// its storage writable and not used by another thread meanwhile.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwtv_verify(
    keyset: *const jwtv_keyset,
    policy: *const jwtv_policy,
    token: *const u8,
    token_len: usize,
    now: u64,
    buffer: *mut jwtv_token_buffer,
) -> jwtv_status {
    let slot = buffer.cast::<TokenSlot>();
    // SAFETY: forwarded from the caller; only read.
    let Some((_, uses, size)) = (unsafe { slot_state(slot) }) else {
        return JWTV_INVALID_ARGUMENT;
    };
    let written = Span::of(buffer, size);
    // Nothing is written while an object of the caller's lies in the buffer's storage (the
    // key set given as the buffer, a token copied into it): it would be ruined. The key set's
    // storage is known once it is found to be one.
    // SAFETY: forwarded from the caller; only read.
    let keyset_storage = match unsafe { keyset_slot(keyset) } {
        Ok((_, storage)) => storage,
        Err(_) => Span::object(keyset),
    };
    let outside = apart(keyset_storage, written)
        .and(apart(Span::object(policy), written))
        .and(apart(Span::of(token, token_len), written));
    if outside.is_err() {
        return JWTV_INVALID_ARGUMENT;
    }
    // Every other input is only read, and the state words are the slot's own (a string lying
    // on them would have broken their check value above). From here on, whatever the result,
    // the buffer holds no token but one this call accepts.
    let uses = uses.wrapping_add(1);
    // SAFETY: a valid slot (checked), writable and exclusive per the caller's promise.
    unsafe { set_slot_state(slot, TOKEN_EMPTY, uses, size, (0, 0)) };
    status((|| {
        // SAFETY: checked by keyset_slot.
        let (keys, _) = unsafe { keyset_slot(keyset) }?;
        if policy.is_null() || !policy.is_aligned() {
            return Err(JWTV_INVALID_ARGUMENT);
        }
        // SAFETY: non-null, aligned, readable per the caller's promise.
        let c_policy = unsafe { &*policy };
        // SAFETY: forwarded from the caller.
        let token = unsafe { bytes(token, token_len) }?;
        let mut strings = PolicyStrings::new();
        // SAFETY: forwarded from the caller.
        let policy = unsafe { self::policy(c_policy, written, &mut strings) }?;
        // SAFETY: the slot is valid (checked above), its storage `size` bytes, initialised by
        // jwtv_token_buffer_init; nothing else refers to the bytes after its head: every input
        // was checked not to overlap them.
        let token_buffer = unsafe {
            core::slice::from_raw_parts_mut(slot.cast::<u8>().add(HEAD), size.saturating_sub(HEAD))
        };
        let verified = jwtv::verify_in(token, &keys.keys, &policy, now, token_buffer)?;
        let payload = (
            verified.payload().as_ptr() as usize,
            verified.payload().len(),
        );
        // SAFETY: `verified` borrows only the slot's buffer, which stays where it is while the
        // slot is in use: the claim functions read it only while the state words, written
        // below for this address over these very bytes, still check.
        let verified: Verified<'static> = unsafe { core::mem::transmute(verified) };
        // SAFETY: the slot is valid and writable; these fields are disjoint from the buffer.
        unsafe {
            ptr::addr_of_mut!((*slot).verified).write(MaybeUninit::new(verified));
            set_slot_state(slot, TOKEN_VERIFIED, uses, size, payload);
        }
        Ok(())
    })())
}

/// Begins a use of an initialised token buffer's bytes as scratch (a key-set update is decoded
/// there): once the buffer and `inputs` pass their checks (none of them may lie in the buffer's
/// storage: then nothing is written), the buffer's previous token is forgotten and its bytes are
/// lent, with the span of its storage. Afterwards it holds no verified token.
///
/// # Safety
/// `buffer` as for [`jwtv_verify`]; nothing else refers to its bytes while they are lent.
pub(crate) unsafe fn scratch<'a>(
    buffer: *mut jwtv_token_buffer,
    inputs: &[Span],
) -> Result<(&'a mut [u8], Span), Status> {
    let slot = buffer.cast::<TokenSlot>();
    // SAFETY: forwarded from the caller; only read.
    let Some((_, uses, size)) = (unsafe { slot_state(slot) }) else {
        return Err(JWTV_INVALID_ARGUMENT);
    };
    let written = Span::of(buffer, size);
    for input in inputs {
        apart(*input, written)?;
    }
    // SAFETY: a valid slot (checked), writable and exclusive per the caller's promise; its
    // bytes after the head are `size - HEAD` initialised bytes no input lies in (checked).
    unsafe {
        set_slot_state(slot, TOKEN_EMPTY, uses.wrapping_add(1), size, (0, 0));
        let bytes =
            core::slice::from_raw_parts_mut(slot.cast::<u8>().add(HEAD), size.saturating_sub(HEAD));
        Ok((bytes, written))
    }
}

/// The verified token in `buffer`, and the span of the buffer's storage (for the overlap
/// checks of the outputs: nothing has been written yet).
///
/// # Safety
/// `buffer` NULL or an initialised token buffer readable for `'a`, not modified meanwhile.
pub(crate) unsafe fn verified<'a>(
    buffer: *const jwtv_token_buffer,
) -> Result<(&'a Verified<'a>, Span), Status> {
    let slot = buffer.cast::<TokenSlot>();
    // SAFETY: forwarded from the caller.
    let size = match unsafe { slot_state(slot) } {
        // Never initialised, moved or copied since, or overwritten.
        None => return Err(JWTV_INVALID_ARGUMENT),
        Some((TOKEN_VERIFIED, _, size)) => size,
        Some(_) => return Err(JWTV_NOT_VERIFIED),
    };
    // SAFETY: the state words check for this address: `jwtv_verify` wrote `verified` before
    // them, over the decoded bytes they check, all unchanged since.
    let verified = unsafe { (*ptr::addr_of!((*slot).verified)).assume_init_ref() };
    // SAFETY: plain integers of a valid slot.
    let payload = unsafe { ((*slot).payload_at, (*slot).payload_len) };
    if (
        verified.payload().as_ptr() as usize,
        verified.payload().len(),
    ) != payload
    {
        // The record itself was overwritten (its bytes are not in the check value).
        return Err(JWTV_INVALID_ARGUMENT);
    }
    Ok((verified, Span::of(buffer, size)))
}

#[cfg(test)]
mod tests {
    use super::{head_check, slot_check};

    /// A slot's state and bytes: (state, uses, at, payload, bytes).
    type Slot<'a> = (u32, u32, usize, (usize, usize), &'a [u8]);

    /// The check of a slot as a reader recomputes it: the head check (the storage's size
    /// included, here the bytes' length) and then the bytes.
    fn check((state, uses, at, payload, bytes): Slot<'_>) -> u64 {
        let head = head_check(state, uses, at, bytes.len(), payload);
        slot_check(&[head], bytes)
    }

    #[test]
    fn the_slot_check_changes_with_any_one_input() {
        // 63 bytes: seven whole words and a remainder of seven, each byte a different value.
        let mut bytes = [0u8; 63];
        for (i, b) in (0u8..).zip(bytes.iter_mut()) {
            *b = i.wrapping_mul(37).wrapping_add(11);
        }
        let base: Slot<'_> = (2, 7, 0x1000, (3, 40), &bytes);
        let reference = check(base);
        let (state, uses, at, payload, _) = base;
        let changed: [Slot<'_>; 8] = [
            (state + 1, uses, at, payload, &bytes),
            (state | 1 << 31, uses, at, payload, &bytes),
            (state, uses + 1, at, payload, &bytes),
            (state, uses | 1 << 31, at, payload, &bytes),
            (state, uses, at + 8, payload, &bytes),
            (state, uses, at, (payload.0 + 1, payload.1), &bytes),
            (state, uses, at, (payload.0, payload.1 + 1), &bytes),
            (state, uses, at, payload, &bytes[..62]),
        ];
        for (i, slot) in changed.into_iter().enumerate() {
            assert_ne!(check(slot), reference, "input change {i}");
        }
        // Every bit of every byte, in the whole words and in the remainder: the check changes,
        // and by about half its bits (a one-bit change reaches every bit of the check, so
        // unrelated states collide only by chance, 2^-64), never by a few.
        let mut distances = 0u32;
        let mut flips = 0u32;
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut flipped = bytes;
                flipped[i] ^= 1 << bit;
                let distance =
                    (check((state, uses, at, payload, &flipped)) ^ reference).count_ones();
                assert!(
                    distance >= 12,
                    "byte {i} bit {bit}: {distance} bits of 64 changed"
                );
                distances += distance;
                flips += 1;
            }
        }
        // A well-mixed check moves each bit with probability 1/2: 32 bits on average, with a
        // standard deviation of 4 / sqrt(504) = 0.18 for the mean of these 504 flips.
        let mean = f64::from(distances) / f64::from(flips);
        assert!(
            (30.5..=33.5).contains(&mean),
            "a one-bit change moves {mean:.2} bits of 64 on average"
        );
    }
}
