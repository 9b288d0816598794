//! The verifier's C interface: `jwtv_*` functions over caller-provided storage.
//!
//! Every object lives in memory the C program owns (a `static`, a task's stack, a pool): no
//! allocation, no global state, so separate objects may be used from separate threads. Every
//! pointer and length that comes from C is checked before use (null, size, alignment, overlap
//! with the object being written) and a failed check is [`jwtv_status::JWTV_INVALID_ARGUMENT`],
//! never a crash. The header `include/jwtv.h` is generated from this crate by cbindgen
//! (`capi/cbindgen.toml`); the README has the C guide.
#![no_std]

// The host library links std for its panic handler (never called: see the README's panic
// sites); a bare-metal image gets the one below.
#[cfg(not(target_os = "none"))]
extern crate std;

/// A panic cannot happen (no path from the C entry points reaches one: see the README); were
/// one reached on a bare-metal target, the library stops here rather than return a wrong
/// verdict.
#[cfg(all(target_os = "none", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {
        core::hint::spin_loop();
    }
}

// The modules, from the ground up: each imports only modules declared before it. cbindgen
// writes the header's constants and functions in this order too (each module's in source
// order): reordering the modules reorders the header. The comment above each keeps rustfmt from
// sorting them.

// Status codes: `jwtv_status`, the verifier's rejections, their strings.
mod status;
// Caller memory: capacities and storage sizes, and the checks of pointers, lengths and strings.
mod memory;
// The policy: algorithm bits, profiles, ID token sources, `jwtv_policy` to `jwtv::Policy`.
mod policy;
// Key sets: `jwtv_keyset` and the `jwtv_keyset_*` functions.
mod keyset;
// Verification: `jwtv_token_buffer`, `jwtv_verify`, the check value over the buffer's state.
mod verify;
// Signed key-set updates and the stored key-set form: `jwtv_keyset_update`, `_write_stored`, ...
mod update;
// Claim readers: the `jwtv_claim_*` functions, scopes, payload and header `alg`.
mod claims;

// The C interface: every item of the header, at the crate's root (the Rust tests and the fuzz
// target call the entry points as C does).
pub use claims::{
    jwtv_claim_array_len, jwtv_claim_array_string, jwtv_claim_bool, jwtv_claim_integer,
    jwtv_claim_present, jwtv_claim_string, jwtv_has_scope, jwtv_header_alg, jwtv_payload,
};
#[cfg(feature = "es384")]
pub use keyset::jwtv_keyset_add_ec_p384;
#[cfg(feature = "es512")]
pub use keyset::jwtv_keyset_add_ec_p521;
#[cfg(feature = "eddsa")]
pub use keyset::jwtv_keyset_add_ed25519;
pub use keyset::{
    JWTV_KEY_EC_P256, JWTV_KEY_EC_P384, JWTV_KEY_EC_P521, JWTV_KEY_ED25519, JWTV_KEY_OCT,
    JWTV_KEY_RSA, jwtv_key_data, jwtv_keyset, jwtv_keyset_add_ec_p256, jwtv_keyset_add_hmac,
    jwtv_keyset_add_jwks, jwtv_keyset_add_rsa, jwtv_keyset_borrow, jwtv_keyset_count,
    jwtv_keyset_init,
};
pub use memory::{
    JWTV_KEY_SLOT_SIZE, JWTV_KEYSET_WORDS, JWTV_MAX_LIST, JWTV_MAX_STRING_LEN,
    JWTV_TOKEN_BUFFER_ALIGN, JWTV_TOKEN_BUFFER_SIZE,
};
pub use policy::{
    JWTV_ALG_ALL, JWTV_ALG_ED25519, JWTV_ALG_EDDSA, JWTV_ALG_ES256, JWTV_ALG_ES384, JWTV_ALG_ES512,
    JWTV_ALG_HS256, JWTV_ALG_HS384, JWTV_ALG_HS512, JWTV_ALG_PS256, JWTV_ALG_PS384, JWTV_ALG_PS512,
    JWTV_ALG_RS256, JWTV_ALG_RS384, JWTV_ALG_RS512, JWTV_PROFILE_ACCESS_TOKEN,
    JWTV_PROFILE_ID_TOKEN, JWTV_PROFILE_JWS, JWTV_PROFILE_JWT, JWTV_PROFILE_LOGOUT_TOKEN,
    JWTV_SOURCE_HYBRID, JWTV_SOURCE_IMPLICIT, JWTV_SOURCE_NONE, JWTV_SOURCE_TOKEN_ENDPOINT,
    jwtv_policy,
};
pub use status::{jwtv_error_string, jwtv_status};
pub use update::{
    jwtv_keyset_kid, jwtv_keyset_read_stored, jwtv_keyset_stored_len, jwtv_keyset_update,
    jwtv_keyset_write_stored, jwtv_update_policy,
};
pub use verify::{jwtv_token_buffer, jwtv_token_buffer_init, jwtv_verify};
