//! The rules that close false accepts and bound work before the signature, through the public
//! API: decoded comparisons, explicit typing, the signature layer's key checks, empty payloads,
//! exact NumericDates, nesting and size ceilings, and application claims read only from a
//! payload the strict reader accepted.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)] // test code

mod common;

use common::{b64, hs256, signing_input};
use jwtv::{
    Algorithm, Error, Key, MAX_DEPTH, MAX_HEADER_LEN, MAX_OPEN_MEMBERS, Policy, TokenBuffer,
    verify, verify_signature,
};
use serde::Deserialize;

const SECRET: &[u8] = b"an HS256 test secret, 32+ bytes long, and then some more for HS512";
const NOW: u64 = 1_700_000_000;
const HS: &[Algorithm] = &[Algorithm::HS256, Algorithm::HS512];

fn keys() -> [Key<'static>; 1] {
    [Key::oct(SECRET).unwrap()]
}

fn run<const N: usize>(token: &str, policy: &Policy<'_>) -> Result<(), Error> {
    let mut buf = TokenBuffer::<N>::new();
    verify(token.as_bytes(), &keys(), policy, NOW, &mut buf).map(|_| ())
}

const H: &str = r#"{"alg":"HS256"}"#;

#[test]
fn issuer_audience_and_nonce_compare_decoded_values() {
    let policy = Policy::id_token(HS, "C:\\temp", "rp\\u0031").with_nonce("n\"ü");
    let claims = |iss: &str, aud: &str, nonce: &str| {
        format!(
            r#"{{"iss":{iss},"sub":"s","aud":{aud},"exp":{},"iat":{},"nonce":{nonce}}}"#,
            NOW + 10,
            NOW - 10
        )
    };
    let ok = (r#""C:\\temp""#, r#""rp\\u0031""#, r#""n\"ü""#);
    let check = |iss, aud, nonce| run::<1024>(&hs256(SECRET, H, &claims(iss, aud, nonce)), &policy);
    assert_eq!(check(ok.0, ok.1, ok.2), Ok(()));
    assert_eq!(
        check(r#""C:\u005ctemp""#, ok.1, r#""n\u0022\u00fc""#),
        Ok(())
    );
    // The raw text equals the expected string; the decoded value does not.
    assert_eq!(
        check(r#""C:\temp""#, ok.1, ok.2),
        Err(Error::IssuerMismatch)
    );
    assert_eq!(
        check(ok.0, r#""rp\u0031""#, ok.2),
        Err(Error::AudienceMismatch)
    );
    assert_eq!(
        check(ok.0, r#"["rp\u0031"]"#, ok.2),
        Err(Error::AudienceMismatch)
    );
}

#[test]
fn id_tokens_and_jwts_refuse_other_token_types() {
    let claims = format!(
        r#"{{"iss":"i","sub":"s","aud":"a","exp":{},"iat":{}}}"#,
        NOW + 10,
        NOW - 10
    );
    let id = Policy::id_token(HS, "i", "a");
    let jwt = Policy::jwt(HS, "i", "a");
    let token = |typ: &str| {
        hs256(
            SECRET,
            &format!(r#"{{"alg":"HS256","typ":"{typ}"}}"#),
            &claims,
        )
    };
    for typ in ["JWT", "jwt", "application/jwt", "APPLICATION/JWT"] {
        assert_eq!(run::<1024>(&token(typ), &id), Ok(()), "{typ}");
        assert_eq!(run::<1024>(&token(typ), &jwt), Ok(()), "{typ}");
    }
    for typ in [
        "logout+jwt",
        "secevent+jwt",
        "dpop+jwt",
        "at+jwt",
        "application/at+jwt",
        "JOSE",
        "",
        "JWT ",
    ] {
        assert_eq!(
            run::<1024>(&token(typ), &id),
            Err(Error::TypeMismatch),
            "{typ}"
        );
        assert_eq!(
            run::<1024>(&token(typ), &jwt),
            Err(Error::TypeMismatch),
            "{typ}"
        );
    }
    let logout = jwt.with_typ("logout+jwt");
    assert_eq!(run::<1024>(&token("logout+jwt"), &logout), Ok(()));
    assert_eq!(
        run::<1024>(&token("application/Logout+JWT"), &logout),
        Ok(())
    );
    assert_eq!(
        run::<1024>(&token("JWT"), &logout),
        Err(Error::TypeMismatch)
    );
    assert_eq!(
        run::<1024>(&hs256(SECRET, H, &claims), &logout),
        Err(Error::TypeMismatch)
    );
    // Signature-only verification checks a typ only when the policy names one.
    let jws = Policy::jws(HS);
    assert_eq!(run::<1024>(&token("logout+jwt"), &jws), Ok(()));
    assert_eq!(
        run::<1024>(&token("logout+jwt"), &jws.with_typ("JWT")),
        Err(Error::TypeMismatch)
    );
}

#[test]
fn verify_signature_honours_the_keys_own_algorithm() {
    let input = signing_input(H, "{}");
    let tag = {
        use hmac::{KeyInit, Mac};
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET).unwrap();
        mac.update(input.as_bytes());
        mac.finalize().into_bytes().to_vec()
    };
    let free = Key::oct(SECRET).unwrap();
    let pinned = Key::oct(SECRET)
        .unwrap()
        .with_alg(Algorithm::HS512)
        .unwrap();
    assert_eq!(
        verify_signature(Algorithm::HS256, &free, input.as_bytes(), &tag),
        Ok(())
    );
    assert_eq!(
        verify_signature(Algorithm::HS256, &pinned, input.as_bytes(), &tag),
        Err(Error::InvalidSignature)
    );
    // A secret shorter than the hash never keys it, here either.
    let short = Key::oct(&SECRET[..32]).unwrap();
    assert_eq!(
        verify_signature(Algorithm::HS512, &short, input.as_bytes(), &[0; 64]),
        Err(Error::InvalidSignature)
    );
}

#[test]
fn empty_payloads_verify_only_as_plain_jws() {
    let token = format!("{}..{}", b64(H.as_bytes()), {
        let t = hs256(SECRET, H, "");
        t.rsplit('.').next().unwrap().to_owned()
    });
    assert_eq!(run::<1024>(&token, &Policy::jws(HS)), Ok(()));
    let jwt = Policy::jwt(HS, "i", "a").waive_issuer().waive_audience();
    assert_eq!(run::<1024>(&token, &jwt), Err(Error::MalformedToken));
}

#[test]
fn numeric_dates_with_long_mantissas_are_exact() {
    let zeros = "0".repeat(100_009);
    let policy = Policy::jwt(HS, "i", "a").waive_issuer().waive_audience();
    // 2 × 10^100009 × 10^-100010 = 0.2: long expired, never a date in 2033.
    let point_two = hs256(SECRET, H, &format!(r#"{{"exp":2{zeros}e-100010}}"#));
    assert_eq!(run::<300_000>(&point_two, &policy), Err(Error::Expired));
    // The same mantissa with e-100000 is 2 × 10^9 (2033): valid now.
    let valid = hs256(SECRET, H, &format!(r#"{{"exp":2{zeros}e-100000}}"#));
    assert_eq!(run::<300_000>(&valid, &policy), Ok(()));
}

#[test]
fn nesting_budget_has_a_ceiling() {
    let policy = Policy::jws(HS).with_max_depth(usize::MAX);
    assert_eq!(policy.max_depth(), MAX_DEPTH);
    let nested = |levels: usize| {
        hs256(
            SECRET,
            H,
            &format!(
                r#"{{"a":{}1{}}}"#,
                "[".repeat(levels - 1),
                "]".repeat(levels - 1)
            ),
        )
    };
    let jwt = Policy::jwt(HS, "i", "a")
        .waive_issuer()
        .waive_audience()
        .with_max_depth(10_000);
    assert_eq!(
        run::<4096>(&nested(MAX_DEPTH), &jwt),
        Err(Error::MissingClaim)
    );
    assert_eq!(
        run::<4096>(&nested(MAX_DEPTH + 1), &jwt),
        Err(Error::CapacityExceeded)
    );
    // The header too, before any key is looked at.
    let header = format!(
        r#"{{"alg":"HS256","x":{}1{}}}"#,
        "[".repeat(MAX_DEPTH),
        "]".repeat(MAX_DEPTH)
    );
    assert_eq!(
        run::<4096>(&hs256(SECRET, &header, "{}"), &policy),
        Err(Error::CapacityExceeded)
    );
}

#[test]
fn the_buffer_capacity_is_the_longest_token_taken() {
    // {"alg":"HS256"}, {}, an HS256 signature: 20 + 1 + 3 + 1 + 43 bytes.
    let token = hs256(SECRET, H, "{}");
    assert_eq!(token.len(), 68);
    assert_eq!(run::<68>(&token, &Policy::jws(HS)), Ok(()));
    assert_eq!(
        run::<67>(&token, &Policy::jws(HS)),
        Err(Error::CapacityExceeded)
    );
}

#[test]
fn header_size_and_member_count_are_capacities() {
    let policy = Policy::jws(HS);
    let padded = |len: usize| {
        let pad = len - r#"{"alg":"HS256","x":""}"#.len();
        format!(r#"{{"alg":"HS256","x":"{}"}}"#, "p".repeat(pad))
    };
    assert_eq!(
        run::<16384>(&hs256(SECRET, &padded(MAX_HEADER_LEN), "{}"), &policy),
        Ok(())
    );
    assert_eq!(
        run::<16384>(&hs256(SECRET, &padded(MAX_HEADER_LEN + 1), "{}"), &policy),
        Err(Error::CapacityExceeded)
    );
    let members = |n: usize| (1..n).map(|i| format!(r#","m{i}":0"#)).collect::<String>();
    let header = |n: usize| format!(r#"{{"alg":"HS256"{}}}"#, members(n));
    assert_eq!(
        run::<16384>(&hs256(SECRET, &header(MAX_OPEN_MEMBERS), "{}"), &policy),
        Ok(())
    );
    assert_eq!(
        run::<16384>(&hs256(SECRET, &header(MAX_OPEN_MEMBERS + 1), "{}"), &policy),
        Err(Error::CapacityExceeded)
    );
}

#[test]
fn application_claims_are_read_only_from_a_payload_the_strict_reader_accepted() {
    #[derive(Debug, Deserialize)]
    struct App<'a> {
        role: &'a str,
    }
    let policy = Policy::jws(HS);
    let read = |payload: &str| -> Result<String, Error> {
        let token = hs256(SECRET, H, payload);
        let mut buf = TokenBuffer::<262_144>::new();
        let verified = verify(token.as_bytes(), &keys(), &policy, NOW, &mut buf)?;
        Ok(verified
            .deserialize_claims::<App<'_>>()
            .map(|a| a.role.to_owned())?)
    };
    assert_eq!(read(r#"{"role":"admin"}"#), Ok("admin".to_owned()));
    // Signed, but not acceptable JSON: duplicates, or nesting serde-json-core would recurse on.
    assert_eq!(
        read(r#"{"role":"user","role":"admin"}"#),
        Err(Error::MalformedClaims)
    );
    let deep = format!(
        r#"{{"role":"a","x":{}{}}}"#,
        "[".repeat(3000),
        "]".repeat(3000)
    );
    assert_eq!(read(&deep), Err(Error::CapacityExceeded));
    assert_eq!(read("not json"), Err(Error::MalformedClaims));
}

/// HMAC-SHA-256 from pad states alone (RFC 2104 §4), computed here with the sha2 crate's
/// compression function: what an attacker who knows a key object's pads can compute.
fn hs256_from_pads(pads: &[u8; 64], message: &[u8]) -> [u8; 32] {
    let finish = |state: &[u8], message: &[u8]| {
        let mut h = [0u32; 8];
        for (word, bytes) in h.iter_mut().zip(state.chunks_exact(4)) {
            *word = u32::from_be_bytes(bytes.try_into().unwrap());
        }
        let mut padded = message.to_vec();
        padded.push(0x80);
        while padded.len() % 64 != 56 {
            padded.push(0);
        }
        padded.extend_from_slice(&(((message.len() + 64) as u64) * 8).to_be_bytes());
        let (blocks, _) = padded.as_chunks::<64>();
        sha2::block_api::compress256(&mut h, blocks);
        let mut out = [0u8; 32];
        for (bytes, word) in out.chunks_exact_mut(4).zip(h) {
            bytes.copy_from_slice(&word.to_be_bytes());
        }
        out
    };
    let inner = finish(&pads[..32], message);
    finish(&pads[32..], &inner)
}

/// Pad states are derived material: a key whose pads are not its secret's cannot be made, so
/// a token MACed with blank-flash, erased-flash or another secret's pads verifies nowhere.
/// (Truncated pads cannot be written: the parameter is `&[u8; 64]`.)
#[test]
fn hmac_pads_that_are_not_the_secrets_make_no_key() {
    let mut set = jwtv::KeySet::<2>::new();
    set.push(Key::oct(SECRET).unwrap()).unwrap();
    set.push(Key::oct(b"a rotated-out secret, also 32+ bytes long").unwrap())
        .unwrap();
    let right: [u8; 64] = *set.get(0).unwrap().hmac_sha256_pads().unwrap();
    let rotated: [u8; 64] = *set.get(1).unwrap().hmac_sha256_pads().unwrap();
    let claims = format!(r#"{{"iss":"op","sub":"admin","exp":{}}}"#, NOW + 60);
    let policy = Policy::jwt(&[Algorithm::HS256], "op", "").waive_audience();
    let check = |keys: &[Key<'_>], token: &str| {
        let mut buf = TokenBuffer::<1024>::new();
        verify(token.as_bytes(), keys, &policy, NOW, &mut buf).map(|_| ())
    };
    let genuine = hs256(SECRET, H, &claims);
    let precomputed = Key::oct_precomputed(SECRET, &right).unwrap();
    assert_eq!(check(&[precomputed], &genuine), Ok(()));
    for wrong in [[0u8; 64], [0xFF; 64], rotated] {
        assert_eq!(
            Key::oct_precomputed(SECRET, &wrong).err(),
            Some(jwtv::KeyRejection::Invalid)
        );
        let input = signing_input(H, &claims);
        let forged = format!(
            "{input}.{}",
            b64(&hs256_from_pads(&wrong, input.as_bytes()))
        );
        for keys in [
            &[precomputed][..],
            &[Key::oct(SECRET).unwrap()],
            &[set.get(0).unwrap()],
        ] {
            assert_eq!(check(keys, &forged), Err(Error::InvalidSignature));
        }
    }
    // One key object, one secret: HS512 with the precomputed key takes the same secret.
    let policy = Policy::jwt(&[Algorithm::HS512], "op", "").waive_audience();
    let mut buf = TokenBuffer::<1024>::new();
    let hs512 = common::hs512(SECRET, r#"{"alg":"HS512"}"#, &claims);
    assert!(verify(hs512.as_bytes(), &[precomputed], &policy, NOW, &mut buf).is_ok());
}

/// The same for RSA's Montgomery constant: `R² mod n` of another key or of blank flash makes
/// no key (with such a constant, every signature would be checked against the wrong number).
#[test]
fn rsa_r2_that_is_not_the_moduluss_makes_no_key() {
    // n = 2^2048 - 159, so R = 2^2048 ≡ 159 and R² ≡ 159² = 0x62C1 (mod n).
    let mut n = [0xFFu8; 256];
    n[255] = 0x61;
    let mut r2 = [0u8; 256];
    r2[254] = 0x62;
    r2[255] = 0xC1;
    assert!(Key::rsa_precomputed(&n, 65537, &r2).is_ok());
    let mut one_off = r2;
    one_off[255] ^= 1;
    let mut other = [0u8; 256];
    other[254] = 0x62;
    other[255] = 0xC4; // another residue
    for wrong in [[0u8; 256], [0xFF; 256], one_off, other, n] {
        assert_eq!(
            Key::rsa_precomputed(&n, 65537, &wrong).err(),
            Some(jwtv::KeyRejection::Invalid)
        );
    }
}

/// The check runs at compile time for the widest key a `static` can hold (4096 bits, two
/// REDCs of 128 limbs in const evaluation): n = 2^4096 - 159, so R² mod n = 159².
#[cfg(feature = "rsa-4096")]
#[test]
fn a_4096_bit_key_with_its_r2_builds_in_a_static() {
    static N: [u8; 512] = {
        let mut n = [0xFF; 512];
        n[511] = 0x61;
        n
    };
    static R2: [u8; 512] = {
        let mut r2 = [0; 512];
        r2[510] = 0x62;
        r2[511] = 0xC1;
        r2
    };
    #[allow(clippy::panic)] // a compile error, never a run-time one
    static KEY: Key<'static> = match Key::rsa_precomputed(&N, 65537, &R2) {
        Ok(key) => key,
        Err(_) => panic!("R² mod n of another modulus"),
    };
    assert_eq!(
        (KEY.bits(), KEY.rsa_r2().map(<[u8]>::len)),
        (4096, Some(512))
    );
}
