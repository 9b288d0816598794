//! Signing test tokens (host only): private JWKs in, compact JWS out.
