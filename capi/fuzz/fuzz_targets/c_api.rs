//! The C entry points with arbitrary input, as a C caller would reach them: a JWKS, a policy
//! (its profile, algorithm bits, source and strings from the input, valid or not), a token (as
//! given, and signed HS256 over the input as payload so that it gets past the signature), then
//! every claim function with an input-chosen name, index and output size; then the key-set
//! functions: a `kid` read, the stored form written and read back, the input read as a stored
//! form, a key-set update (as given, and signed by the set's HMAC key as a `jwk-set+jwt`), and
//! a key borrowed from the input.
//!
//! Oracle: every result is a documented `jwtv_status` (its string is not "unknown"); a
//! verification that fails leaves no claims (`JWTV_NOT_VERIFIED`); a string read successfully
//! is NUL-terminated at the reported length; a stored form written reads back to as many keys;
//! a refused update or stored form leaves its key set empty; AddressSanitizer checks every read
//! and write stays in what the caller gave.
#![no_main]

use core::ffi::{CStr, c_char};

use jwtv_capi::*;
use jwtv_fuzz::{HS_SECRET, NOW, hs256_token};
use libfuzzer_sys::fuzz_target;

fn documented(s: jwtv_status) -> jwtv_status {
    // SAFETY: jwtv_error_string returns a static NUL-terminated string.
    let text = unsafe { CStr::from_ptr(jwtv_error_string(s as i32)) };
    assert_ne!(text.to_bytes(), b"unknown", "{s:?}");
    s
}

/// A NUL-terminated copy of `bytes` (up to its first NUL).
fn c_string(bytes: &[u8]) -> Vec<u8> {
    let mut v: Vec<u8> = bytes.iter().copied().take_while(|b| *b != 0).collect();
    v.push(0);
    v
}

struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn byte(&mut self) -> u8 {
        let (b, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.0 = rest;
        b
    }
    /// Up to `max - 1` bytes, the count read first.
    fn field(&mut self, max: u8) -> &'a [u8] {
        let n = usize::from(self.byte() % max);
        self.take(n)
    }
    fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.0.len());
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        a
    }
}

/// Bytes of the key set's storage: its head, four slots and 4 KiB of material.
const KEYSET_BYTES: usize = size_of::<jwtv_keyset>() + 4 * JWTV_KEY_SLOT_SIZE + 4096;
/// Bytes of the token buffer's storage: its head and tokens of up to 2 KiB.
const BUFFER_BYTES: usize = JWTV_TOKEN_BUFFER_SIZE + 2048;

fuzz_target!(|data: &[u8]| {
    let mut input = Input(data);
    // Storage as a product sizes it, in 8-byte words (aligned for either head): four keys in
    // 4 KiB of material, tokens of up to 2 KiB.
    let mut keys_storage = vec![0u64; KEYSET_BYTES.div_ceil(8)];
    let mut buffer_storage = vec![0u64; BUFFER_BYTES.div_ceil(8)];
    let keys = keys_storage.as_mut_ptr().cast::<jwtv_keyset>();
    let buffer = buffer_storage.as_mut_ptr().cast::<jwtv_token_buffer>();
    // SAFETY (every call below): the pointers are to live Rust storage of the sizes given, or
    // null where the API takes null; lengths are those of the slices passed.
    unsafe {
        assert_eq!(
            jwtv_keyset_init(keys, KEYSET_BYTES, 4),
            jwtv_status::JWTV_OK
        );
        assert_eq!(
            jwtv_token_buffer_init(buffer, BUFFER_BYTES),
            jwtv_status::JWTV_OK
        );
        let jwks_len = usize::from(input.byte()) * 8;
        let jwks = input.take(jwks_len);
        documented(jwtv_keyset_add_jwks(
            keys,
            jwks.as_ptr(),
            jwks.len(),
            core::ptr::null_mut(),
            core::ptr::null_mut(),
        ));
        let kid = c_string(input.field(8));
        documented(jwtv_keyset_add_hmac(
            keys,
            HS_SECRET.as_ptr(),
            HS_SECRET.len(),
            kid.as_ptr().cast(),
            0,
        ));

        let flags = input.byte();
        let issuer = c_string(input.field(32));
        let audience = c_string(input.field(32));
        let nonce = c_string(input.field(16));
        let claim = c_string(input.field(16));
        let list: [*const c_char; 2] = [claim.as_ptr().cast(), nonce.as_ptr().cast()];
        let policy = jwtv_policy {
            profile: u32::from(input.byte() % 7),
            algorithms: u32::from(input.byte()) | u32::from(input.byte()) << 8,
            issuer: if flags & 1 != 0 {
                issuer.as_ptr().cast()
            } else {
                core::ptr::null()
            },
            audience: if flags & 2 != 0 {
                audience.as_ptr().cast()
            } else {
                core::ptr::null()
            },
            additional_audiences: list.as_ptr(),
            additional_audiences_len: usize::from(flags >> 6) % 3,
            leeway: u64::from(input.byte()),
            nonce: if flags & 4 != 0 {
                nonce.as_ptr().cast()
            } else {
                core::ptr::null()
            },
            check_max_age: flags & 8 != 0,
            max_age: u64::from(input.byte()) * 60,
            check_max_token_age: flags & 16 != 0,
            max_token_age: u64::from(input.byte()) * 60,
            access_token: if flags & 32 != 0 {
                nonce.as_ptr().cast()
            } else {
                core::ptr::null()
            },
            code: if flags & 32 != 0 {
                claim.as_ptr().cast()
            } else {
                core::ptr::null()
            },
            id_token_source: u32::from(input.byte() % 5),
            typ: core::ptr::null(),
            required_claims: list.as_ptr(),
            required_claims_len: usize::from(input.byte() % 3),
            required_scopes: list.as_ptr(),
            required_scopes_len: usize::from(input.byte() % 3),
            try_all_keys: flags & 128 != 0,
            max_depth: u32::from(input.byte() % 40),
        };
        let index = usize::from(input.byte() % 4);
        let out_size = usize::from(input.byte());
        let rest = input.0;
        let signed = hs256_token(br#"{"alg":"HS256","typ":"JWT"}"#, rest);
        for token in [rest, &signed[..]] {
            let s = documented(jwtv_verify(
                keys,
                &policy,
                token.as_ptr(),
                token.len(),
                NOW,
                buffer,
            ));
            let mut out = vec![0u8; out_size];
            let mut len = 0usize;
            let name = claim.as_ptr().cast::<c_char>();
            let r = documented(jwtv_claim_string(
                buffer,
                name,
                out.as_mut_ptr().cast(),
                out.len(),
                &mut len,
            ));
            if s != jwtv_status::JWTV_OK {
                // The name is checked first: one that is not UTF-8 is refused as such.
                let name_ok =
                    CStr::from_bytes_with_nul(&claim).is_ok_and(|name| name.to_str().is_ok());
                let expected = if name_ok {
                    jwtv_status::JWTV_NOT_VERIFIED
                } else {
                    jwtv_status::JWTV_INVALID_ARGUMENT
                };
                assert_eq!(r, expected);
            }
            if r == jwtv_status::JWTV_OK {
                assert!(len < out.len() && out[len] == 0);
            }
            let r = documented(jwtv_claim_array_string(
                buffer,
                name,
                index,
                out.as_mut_ptr().cast(),
                out.len(),
                &mut len,
            ));
            if r == jwtv_status::JWTV_OK {
                assert!(len < out.len() && out[len] == 0);
            }
            let (mut i, mut b, mut n, mut alg) = (0i64, false, 0usize, 0u32);
            documented(jwtv_claim_integer(buffer, name, &mut i));
            documented(jwtv_claim_bool(buffer, name, &mut b));
            documented(jwtv_claim_array_len(buffer, name, &mut n));
            documented(jwtv_claim_present(buffer, name, &mut b));
            documented(jwtv_has_scope(buffer, name, &mut b));
            documented(jwtv_header_alg(buffer, &mut alg));
            let mut payload = core::ptr::null::<u8>();
            documented(jwtv_payload(buffer, &mut payload, &mut n));
        }

        // The key-set functions, on a second key set as a device stages one.
        let mut staged_storage = vec![0u64; KEYSET_BYTES.div_ceil(8)];
        let staged = staged_storage.as_mut_ptr().cast::<jwtv_keyset>();
        assert_eq!(
            jwtv_keyset_init(staged, KEYSET_BYTES, 4),
            jwtv_status::JWTV_OK
        );
        let count_of = |set: *const jwtv_keyset| {
            let mut count = usize::MAX;
            assert_eq!(jwtv_keyset_count(set, &mut count), jwtv_status::JWTV_OK);
            count
        };
        let mut out = vec![0u8; out_size];
        let mut len = 0usize;
        let r = documented(jwtv_keyset_kid(
            keys,
            index,
            out.as_mut_ptr().cast(),
            out.len(),
            &mut len,
        ));
        if r == jwtv_status::JWTV_OK {
            assert!(len < out.len() && out[len] == 0);
        }
        let mut stored = vec![0u8; 4096];
        let mut written = 0usize;
        if documented(jwtv_keyset_write_stored(
            keys,
            u64::from(flags),
            stored.as_mut_ptr(),
            stored.len(),
            &mut written,
        )) == jwtv_status::JWTV_OK
        {
            let mut iat = 0u64;
            assert_eq!(
                jwtv_keyset_read_stored(staged, stored.as_ptr(), written, &mut iat),
                jwtv_status::JWTV_OK
            );
            assert_eq!((count_of(staged), iat), (count_of(keys), u64::from(flags)));
        }
        if documented(jwtv_keyset_read_stored(
            staged,
            rest.as_ptr(),
            rest.len(),
            core::ptr::null_mut(),
        )) != jwtv_status::JWTV_OK
        {
            assert_eq!(count_of(staged), 0);
        }
        let subject = c_string(input_tail(rest, 8));
        let update_policy = jwtv_update_policy {
            algorithms: policy.algorithms,
            issuer: issuer.as_ptr().cast(),
            subject: subject.as_ptr().cast(),
            leeway: u64::from(flags),
            has_installed_iat: flags & 1 != 0,
            installed_iat: (out_size as u64) << 24,
        };
        let signed_update = hs256_token(br#"{"alg":"HS256","typ":"jwk-set+jwt"}"#, rest);
        for update in [rest, &signed_update[..]] {
            let mut iat = 0u64;
            if documented(jwtv_keyset_update(
                keys,
                &update_policy,
                update.as_ptr(),
                update.len(),
                NOW,
                buffer,
                staged,
                &mut iat,
            )) != jwtv_status::JWTV_OK
            {
                assert_eq!(count_of(staged), 0);
            }
        }
        assert_eq!(
            jwtv_keyset_init(staged, KEYSET_BYTES, 4),
            jwtv_status::JWTV_OK
        );
        let split = usize::from(flags).min(rest.len());
        let (material, precomputed) = rest.split_at(split);
        let borrowed = jwtv_key_data {
            kind: (out_size % 8) as u32,
            material: material.as_ptr(),
            material_len: material.len(),
            precomputed: precomputed.as_ptr(),
            precomputed_len: if flags & 2 != 0 { precomputed.len() } else { 0 },
            e: 65537,
            kid: kid.as_ptr().cast(),
            alg: policy.algorithms & (1 << (index * 3)),
        };
        if documented(jwtv_keyset_borrow(staged, &borrowed, 1)) != jwtv_status::JWTV_OK {
            assert_eq!(count_of(staged), 0);
        }
    }
});

/// The last `n` bytes of `bytes` (all of it when shorter).
fn input_tail(bytes: &[u8], n: usize) -> &[u8] {
    &bytes[bytes.len().saturating_sub(n)..]
}
