//! How large a key may be: the bounds that the key's constructors, the JWK parser, the
//! precomputed-material checks and the stored form hold every key to.

/// Largest HMAC secret, and the largest RSA modulus of the widest build (4096 bits), in bytes.
pub const MAX_KEY_BYTES: usize = 512;
/// Largest `kid` a key can carry, in UTF-8 bytes.
pub const MAX_KID_LEN: usize = 128;
/// Smallest RSA modulus accepted, in bits (RFC 7518 §3.3).
pub const MIN_RSA_BITS: usize = 2048;
/// Largest RSA modulus accepted, in bits: 4096 with the cargo feature `rsa-4096` (a default),
/// 3072 with `rsa-3072`, else 2048.
pub const MAX_RSA_BITS: usize = if cfg!(feature = "rsa-4096") {
    4096
} else if cfg!(feature = "rsa-3072") {
    3072
} else {
    2048
};
/// Smallest HMAC secret accepted, in bytes: the SHA-256 output (RFC 7518 §3.2). A key used with
/// HS384 or HS512 must also be at least 48 or 64 bytes, checked when the key is selected.
pub const MIN_HMAC_KEY_BYTES: usize = 32;
