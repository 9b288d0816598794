//! Suite `attack-ecdsa-psychic-signatures` (`fixtures/attacks/ecdsa-psychic.json`): ES256
//! signatures with r and s out of range or degenerate ({0, 1, n-1, n, n+1, p}): always invalid
//! (CVE-2022-21449).

use serde_json::json;

use super::good;
use crate::common::{Suite, case, id_claims, id_defaults, signature, token, with_signature};
use crate::keys::Keys;

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/ecdsa-psychic.json",
        "attack-ecdsa-psychic-signatures",
        "ES256 signatures with r and s out of range or degenerate ({0, 1, n-1, n, n+1, p}): \
         always invalid (CVE-2022-21449)",
        id_defaults(),
    );
    s.keyset("op", vec![keys.public("p256-a")]);
    let claims = id_claims();
    let genuine = token(keys.private("p256-a"), "ES256", json!({}), &claims);
    let zero = [0u8; 32];
    let one = add_small(&zero, 1);
    let values: [(&str, [u8; 32]); 6] = [
        ("0", zero),
        ("1", one),
        ("n-1", add_small(&N, -1)),
        ("n", N),
        ("n+1", add_small(&N, 1)),
        ("p", P),
    ];
    for (rn, r) in &values {
        for (sn, sv) in &values {
            let sig = [&r[..], &sv[..]].concat();
            s.add(
                case(
                    format!("es256-r-{rn}-s-{sn}"),
                    format!("ES256 ID token (kid present) whose signature is r = {rn}, s = {sn}"),
                    "CVE-2022-21449; RFC 7518 s3.4; SEC 1 s4.1.4",
                )
                .token(with_signature(&genuine, &sig))
                .keyset("op")
                .expect("invalid_signature"),
            );
        }
    }
    let no_kid = token(
        keys.private("p256-a"),
        "ES256",
        json!({ "kid": null }),
        &claims,
    );
    s.add(
        case(
            "es256-r-0-s-0-no-kid",
            "ES256 ID token without kid, r = s = 0",
            "CVE-2022-21449",
        )
        .token(with_signature(&no_kid, &[0u8; 64]))
        .keyset("op")
        .expect("invalid_signature"),
    );
    let sig = signature(&genuine);
    let (r, sv) = sig.split_at(32);
    let swapped = [sv, r].concat();
    s.add(
        case(
            "es256-r-s-swapped",
            "ES256 ID token with the halves of a genuine signature swapped",
            "RFC 7518 s3.4",
        )
        .token(with_signature(&genuine, &swapped))
        .keyset("op")
        .expect("invalid_signature"),
    );
    let high_s = [r, &sub(&N, sv)[..]].concat();
    s.add(
        case("es256-high-s-malleated", "ES256 ID token with a genuine signature malleated to (r, n - s): still a valid ECDSA signature, and RFC 7518 does not require low s", "RFC 7518 s3.4; SEC 1 s4.1.4")
            .token(with_signature(&genuine, &high_s))
            .keyset("op")
            .valid()
            .claims(good("alice")),
    );
    s.add(
        case(
            "es256-genuine",
            "The genuine ES256 ID token the variants are made from",
            "RFC 7518 s3.4",
        )
        .token(genuine)
        .keyset("op")
        .valid()
        .claims(good("alice")),
    );
    s
}

/// 32-byte big-endian constants of P-256.
const N: [u8; 32] = [
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
];

const P: [u8; 32] = [
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
];

fn add_small(x: &[u8; 32], delta: i16) -> [u8; 32] {
    let mut out = *x;
    let mut carry = i32::from(delta);
    for b in out.iter_mut().rev() {
        let v = i32::from(*b) + carry;
        *b = v.rem_euclid(256) as u8;
        carry = v.div_euclid(256);
        if carry == 0 {
            break;
        }
    }
    out
}

fn sub(a: &[u8; 32], b: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut borrow = 0i32;
    for i in (0..32).rev() {
        let v = i32::from(a[i]) - i32::from(b[i]) - borrow;
        out[i] = v.rem_euclid(256) as u8;
        borrow = i32::from(v < 0);
    }
    out
}
