//! Suite `attack-es384-es512` (`fixtures/attacks/ecdsa-p384-p521.json`): ES384 (P-384) and ES512
//! (P-521) tokens, genuine and attacked: tampered signatures, `r`/`s` of zero or the group order
//! (CVE-2022-21449's class), DER instead of `r ‖ s`, wrong lengths, keys of another curve, broken
//! keys in the set, `at_hash` by the algorithm's own hash, and a public key used as an HMAC
//! secret.

use serde_json::json;

use super::good;
use crate::common::{
    Suite, case, half_hash, id_claims, id_defaults, patch, signature, text, token, with_signature,
};
use crate::keys::Keys;
use host_harness::jose::b64;

/// The order of P-384's group, big-endian (SEC 2 §2.5.1, FIPS 186-5).
const P384_ORDER: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";
/// The order of P-521's group, big-endian, 66 bytes (SEC 2 §2.6.1).
const P521_ORDER: &str = "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409";

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

/// `n - 1`, big-endian (n is odd: only the last byte changes).
fn minus_one(n: &[u8]) -> Vec<u8> {
    let mut out = n.to_vec();
    *out.last_mut().expect("n") -= 1;
    out
}

/// The DER form of an ECDSA signature (`SEQUENCE { INTEGER r, INTEGER s }`, SEC 1 C.5), which
/// JWS does not use (RFC 7518 §3.4): what a library that forgot the conversion would send.
fn der(r: &[u8], s: &[u8]) -> Vec<u8> {
    let integer = |v: &[u8]| {
        let v: Vec<u8> = v.iter().copied().skip_while(|b| *b == 0).collect();
        let mut body = if v.first().is_some_and(|b| b & 0x80 != 0) {
            vec![0]
        } else {
            vec![]
        };
        body.extend(v);
        let mut out = vec![2u8];
        out.extend(length(body.len()));
        out.extend(body);
        out
    };
    fn length(len: usize) -> Vec<u8> {
        if len < 128 {
            vec![len as u8]
        } else {
            vec![0x81, len as u8]
        }
    }
    let mut body = integer(r);
    body.extend(integer(s));
    let mut out = vec![0x30];
    out.extend(length(body.len()));
    out.extend(body);
    out
}

pub fn suite(keys: &Keys) -> Suite {
    // The orders are checked against the curve crates: n - 1 is a scalar, n is not.
    assert!(
        p384::ecdsa::Signature::from_scalars(
            <[u8; 48]>::try_from(minus_one(&hex(P384_ORDER))).expect("48"),
            <[u8; 48]>::try_from(minus_one(&hex(P384_ORDER))).expect("48"),
        )
        .is_ok()
    );
    assert!(p384::ecdsa::Signature::from_slice(&[hex(P384_ORDER), vec![1; 48]].concat()).is_err());
    assert!(
        p521::ecdsa::Signature::from_slice(&[minus_one(&hex(P521_ORDER)), vec![1; 66]].concat())
            .is_ok()
    );
    assert!(p521::ecdsa::Signature::from_slice(&[hex(P521_ORDER), vec![1; 66]].concat()).is_err());

    let mut s = Suite::new(
        "attacks/ecdsa-p384-p521.json",
        "attack-es384-es512",
        "ES384 (P-384) and ES512 (P-521) tokens, genuine and attacked: tampered signatures, r or s \
         zero or the group order, DER instead of r||s, wrong lengths, keys of another curve, broken \
         keys in the set, at_hash by the algorithm's hash, and a public key used as an HMAC secret",
        id_defaults(),
    );
    s.keyset("p384", vec![keys.public("p384-a")]);
    s.keyset("p521", vec![keys.public("p521-a")]);
    s.keyset(
        "mixed",
        vec![
            keys.public("rsa2048-a"),
            keys.public("p256-a"),
            keys.public("p384-a"),
            keys.public("p521-a"),
            keys.public("ed25519-a"),
            keys.public("hs-64"),
        ],
    );
    s.keyset(
        "p256-only",
        vec![keys.public("p256-a"), keys.public("rsa2048-a")],
    );
    s.keyset("p384-other", vec![keys.public("p384-b")]);
    s.keyset("p521-other", vec![keys.public("p521-b")]);
    // Broken keys under the genuine kids: each is skipped when the set loads.
    let off_curve = |kid: &str| {
        let mut k = keys.public(kid);
        let y = crate::common::unb64(k["y"].as_str().expect("y"));
        let mut y = y.clone();
        *y.last_mut().expect("y") ^= 1;
        k["y"] = json!(b64(&y));
        k
    };
    let short_x = |kid: &str| {
        let mut k = keys.public(kid);
        let x = crate::common::unb64(k["x"].as_str().expect("x"));
        k["x"] = json!(b64(&x[1..]));
        k
    };
    s.keyset("p384-off-curve", vec![off_curve("p384-a")]);
    s.keyset("p521-off-curve", vec![off_curve("p521-a")]);
    s.keyset("p384-short-x", vec![short_x("p384-a")]);
    s.keyset("p521-short-x", vec![short_x("p521-a")]);
    let mut pinned = keys.public("p384-a");
    pinned["alg"] = json!("ES512");
    s.keyset("p384-pinned-es512", vec![pinned]);
    let mut curve_swapped = keys.public("p384-a");
    curve_swapped["crv"] = json!("P-521");
    s.keyset("p384-named-p521", vec![curve_swapped]);

    let claims = id_claims();
    let rfc = "RFC 7518 s3.4";
    for (alg, kid, other, coordinate, order, hash_bits) in [
        ("ES384", "p384-a", "p384", 48usize, P384_ORDER, "384"),
        ("ES512", "p521-a", "p521", 66, P521_ORDER, "512"),
    ] {
        let lower = alg.to_ascii_lowercase();
        let private = keys.private(kid);
        let genuine = token(private, alg, json!({}), &claims);
        let no_kid = token(private, alg, json!({ "kid": null }), &claims);
        for (id, what, t, keyset) in [
            ("genuine", "naming its key", &genuine, other),
            ("genuine-no-kid", "without kid", &no_kid, other),
            (
                "genuine-mixed-set",
                "in a set with RSA, P-256, P-384, P-521, Ed25519 and HMAC keys",
                &genuine,
                "mixed",
            ),
            (
                "genuine-no-kid-mixed-set",
                "without kid in the mixed set: only the key of its curve is a candidate",
                &no_kid,
                "mixed",
            ),
        ] {
            s.add(
                case(
                    format!("{lower}-{id}"),
                    format!("{alg} ID token {what}"),
                    rfc,
                )
                .token(t.clone())
                .keyset(keyset)
                .valid()
                .claims(good("alice")),
            );
        }
        // at_hash: the left half of the algorithm's hash (SHA-384 for ES384, SHA-512 for ES512).
        let access_token = format!("{lower}-access-token-0001");
        for (id, what, hash, expect) in [
            (
                format!("at_hash-sha{hash_bits}"),
                format!("at_hash is the left half of SHA-{hash_bits} of the access token"),
                half_hash(alg, &access_token),
                "valid",
            ),
            (
                "at_hash-sha256".to_owned(),
                "at_hash computed with SHA-256 instead".to_owned(),
                half_hash("ES256", &access_token),
                "at_hash_mismatch",
            ),
        ] {
            let c = case(
                format!("{lower}-{id}"),
                format!("{alg} ID token (implicit flow): {what}"),
                "OpenID Connect Core s3.2.2.9",
            )
            .token(token(
                private,
                alg,
                json!({}),
                &patch(&claims, json!({ "at_hash": hash })),
            ))
            .keyset(other)
            .policy(json!({ "access_token": access_token }));
            s.add(if expect == "valid" {
                c.valid().claims(good("alice"))
            } else {
                c.expect(expect)
            });
        }
        let sig = signature(&genuine);
        assert_eq!(sig.len(), 2 * coordinate);
        let (r, sv) = sig.split_at(coordinate);
        let n = hex(order);
        let zero = vec![0u8; coordinate];
        let mut bad: Vec<(&str, String, Vec<u8>)> = Vec::new();
        for (bit, name) in [
            (7usize, "r-first-byte"),
            (coordinate * 8 + 7, "s-first-byte"),
        ] {
            let mut t = sig.clone();
            t[bit / 8] ^= 1;
            bad.push((name, "one bit of the genuine signature flipped".into(), t));
        }
        let mut last = sig.clone();
        *last.last_mut().expect("sig") ^= 0x80;
        bad.push((
            "s-last-byte",
            "one bit of its last byte flipped".into(),
            last,
        ));
        bad.push((
            "r-s-zero",
            "r = s = 0 (CVE-2022-21449)".into(),
            vec![0u8; 2 * coordinate],
        ));
        bad.push((
            "r-zero",
            "r = 0 with the genuine s".into(),
            [&zero[..], sv].concat(),
        ));
        bad.push((
            "s-zero",
            "the genuine r with s = 0".into(),
            [r, &zero[..]].concat(),
        ));
        bad.push((
            "r-s-order",
            "r = s = n, the group order (0 mod n)".into(),
            [&n[..], &n[..]].concat(),
        ));
        bad.push((
            "s-plus-order",
            "the genuine r with s replaced by n (out of range)".into(),
            [r, &n[..]].concat(),
        ));
        bad.push((
            "der",
            "the genuine signature in DER (ASN.1), not r||s".into(),
            der(r, sv),
        ));
        bad.push((
            "truncated",
            "the genuine signature less its last byte".into(),
            sig[..sig.len() - 1].to_vec(),
        ));
        bad.push((
            "extended",
            "the genuine signature with a zero byte appended".into(),
            [&sig[..], &[0u8][..]].concat(),
        ));
        bad.push((
            "es256-length",
            "the genuine signature cut to ES256's 64 bytes".into(),
            sig[..64].to_vec(),
        ));
        bad.push(("empty", "an empty signature".into(), Vec::new()));
        for (id, what, bytes) in bad {
            s.add(
                case(
                    format!("{lower}-{id}"),
                    format!("{alg} ID token whose signature is {what}"),
                    "RFC 7518 s3.4; CVE-2022-21449",
                )
                .token(with_signature(&genuine, &bytes))
                .keyset(other)
                .expect("invalid_signature"),
            );
        }
        let forged = token(
            private,
            alg,
            json!({}),
            &patch(&claims, json!({ "sub": "mallory" })),
        );
        let (h, p, _) = crate::common::segments(&forged);
        s.add(
            case(
                format!("{lower}-payload-swapped"),
                format!("{alg} ID token whose payload is replaced (the genuine signature kept)"),
                rfc,
            )
            .token(format!("{h}.{p}.{}", b64(&sig)))
            .keyset(other)
            .expect("invalid_signature"),
        );
        s.add(
            case(
                format!("{lower}-other-key"),
                format!("{alg} ID token checked against another key of its curve"),
                rfc,
            )
            .token(no_kid.clone())
            .keyset(&format!("{other}-other"))
            .expect("invalid_signature"),
        );
        s.add(
            case(
                format!("{lower}-against-p256-and-rsa"),
                format!("{alg} ID token against a set of a P-256 and an RSA key: {alg} selects only keys of its own curve"),
                "RFC 7518 s3.4; RFC 8725 s3.1",
            )
            .token(no_kid.clone())
            .keyset("p256-only")
            .expect("key_not_found"),
        );
        for (keyset, what) in [
            ("off-curve", "whose point is off the curve (y changed)"),
            (
                "short-x",
                "whose x is one byte short (RFC 7518 s6.2.1.2: the full length)",
            ),
        ] {
            s.add(
                case(
                    format!("{lower}-key-{keyset}"),
                    format!("{alg} ID token; the set's only key of its kid is {what}: skipped as invalid"),
                    "RFC 7518 s6.2.1",
                )
                .token(genuine.clone())
                .keyset(&format!("{other}-{keyset}"))
                .expect("key_not_found"),
            );
        }
        // The public JWK's text as an HMAC secret.
        let public = keys.public(kid);
        let attacker = json!({ "kty": "oct", "k": b64(text(&public).as_bytes()) });
        s.add(
            case(
                format!("hs256-with-{other}-jwk"),
                format!("HS256 token MACed with the {alg} key's public JWK text, naming its kid"),
                "CVE-2015-9235; RFC 8725 s3.1",
            )
            .token(token(&attacker, "HS256", json!({ "kid": kid }), &claims))
            .keyset("mixed")
            .expect("key_not_found"),
        );
    }
    // Curves crossed by kid.
    for (alg, signer, named) in [
        ("ES384", "p384-a", "p521-a"),
        ("ES512", "p521-a", "p384-a"),
        ("ES256", "p256-a", "p384-a"),
        ("ES384", "p384-a", "p256-a"),
    ] {
        s.add(
            case(
                format!("{}-naming-{named}", alg.to_ascii_lowercase()),
                format!("{alg} ID token naming the kid of {named}, a key of another curve"),
                "RFC 7518 s3.4; RFC 8725 s3.1",
            )
            .token(token(
                keys.private(signer),
                alg,
                json!({ "kid": named }),
                &claims,
            ))
            .keyset("mixed")
            .expect("key_not_found"),
        );
    }
    s.add(
        case(
            "es384-key-pinned-es512",
            "ES384 ID token; the P-384 key is pinned to ES512 (an alg of another curve): the key \
             is skipped as invalid",
            "RFC 7517 s4.4",
        )
        .token(token(keys.private("p384-a"), "ES384", json!({}), &claims))
        .keyset("p384-pinned-es512")
        .expect("key_not_found"),
    );
    s.add(
        case(
            "es384-key-named-p521",
            "ES384 ID token; its key is published as crv P-521 (48-byte coordinates): skipped as \
             invalid",
            "RFC 7518 s6.2.1",
        )
        .token(token(keys.private("p384-a"), "ES384", json!({}), &claims))
        .keyset("p384-named-p521")
        .expect("key_not_found"),
    );
    s
}
