//! Suite `attack-eddsa` (`fixtures/attacks/eddsa.json`): EdDSA (Ed25519, RFC 8037) tokens, genuine
//! and attacked, under both names of the algorithm (`EdDSA`, and `Ed25519` of RFC 9864):
//! tampered and malleated signatures (`S + ℓ`, RFC 8032 §5.1.7), wrong lengths, small-order
//! points, the wrong kind of key, keys pinned to the other name, an Ed448 key, and the Ed25519
//! public key used as an HMAC secret.

use serde_json::json;

use super::good;
use crate::common::{
    Suite, case, half_hash, id_claims, id_defaults, patch, signature, text, token, with_signature,
};
use crate::keys::Keys;
use host_harness::jose::b64;

/// The order ℓ of Ed25519's prime-order subgroup, little-endian (RFC 8032 §5.1).
const ELL: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// The encoding of the identity point (x = 0, y = 1): order 1.
const IDENTITY: [u8; 32] = {
    let mut p = [0u8; 32];
    p[0] = 1;
    p
};

/// A point of order 2 (x = 0, y = -1 = p - 1).
const ORDER_2: [u8; 32] = [
    0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
];

/// `a + b` for little-endian 256-bit numbers (no overflow for the values used here).
fn add_le(a: &[u8], b: &[u8; 32]) -> Vec<u8> {
    let mut out = vec![0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let v = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i] = (v & 0xFF) as u8;
        carry = v >> 8;
    }
    assert_eq!(carry, 0, "S + ℓ fits in 256 bits");
    out
}

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/eddsa.json",
        "attack-eddsa",
        "EdDSA (Ed25519, RFC 8037) tokens, genuine and attacked, under both names of the \
         algorithm (EdDSA, and Ed25519 of RFC 9864): tampered and malleated signatures (S + l), \
         wrong lengths, small-order points, the wrong kind of key, keys pinned to the other name, \
         an Ed448 key, and the Ed25519 public key used as an HMAC secret",
        id_defaults(),
    );
    s.keyset("op", vec![keys.public("ed25519-a")]);
    s.keyset(
        "op-mixed",
        vec![
            keys.public("rsa2048-a"),
            keys.public("p256-a"),
            keys.public("ed25519-a"),
            keys.public("hs-64"),
        ],
    );
    s.keyset(
        "no-okp",
        vec![
            keys.public("rsa2048-a"),
            keys.public("p256-a"),
            keys.public("hs-64"),
        ],
    );
    s.keyset("other-ed25519", vec![keys.public("ed25519-b")]);
    for pin in ["EdDSA", "Ed25519"] {
        s.keyset(
            &format!("pinned-{}", pin.to_ascii_lowercase()),
            vec![keys.public_with("ed25519-a", json!({ "alg": pin }))],
        );
    }
    // An Ed448 key (57-byte x, RFC 8037 s2) under the Ed25519 key's kid.
    s.keyset(
        "ed448-same-kid",
        vec![
            json!({ "kty": "OKP", "crv": "Ed448", "kid": "ed25519-a", "alg": "Ed448",
            "x": b64(&[0x5a; 57]) }),
        ],
    );
    let small = |kid: &str, x: &[u8; 32]| json!({ "kty": "OKP", "crv": "Ed25519", "kid": kid, "x": b64(x) });
    s.keyset(
        "small-order",
        vec![small("ed25519-a", &IDENTITY), small("order-2", &ORDER_2)],
    );
    // Every attack under both names of the algorithm: `EdDSA` (RFC 8037) and its
    // fully-specified successor `Ed25519` (RFC 9864 s2.2), which providers now issue.
    for (alg, prefix) in [("EdDSA", "eddsa"), ("Ed25519", "ed25519")] {
        attacks_under(&mut s, keys, alg, prefix);
    }
    let claims = id_claims();
    for (alg, kid) in [("ES256", "p256-a"), ("RS256", "rsa2048-a")] {
        s.add(
            case(
                format!("{}-naming-okp-kid", alg.to_ascii_lowercase()),
                format!(
                    "{alg} ID token naming the Ed25519 key's kid: {alg} never selects an OKP key"
                ),
                "RFC 8725 s3.1",
            )
            .token(token(
                keys.private(kid),
                alg,
                json!({ "kid": "ed25519-a" }),
                &claims,
            ))
            .keyset("op-mixed")
            .expect("key_not_found"),
        );
    }
    // Algorithm confusion: the Ed25519 public key (raw x, or the JWK text) as an HMAC secret.
    let public = keys.public("ed25519-a");
    let x = crate::common::unb64(public["x"].as_str().expect("x"));
    for (form, what, secret) in [
        ("raw", "the raw 32-byte public key", x),
        (
            "jwk",
            "the public JWK's compact JSON text",
            text(&public).into_bytes(),
        ),
    ] {
        let attacker = json!({ "kty": "oct", "k": b64(&secret) });
        s.add(
            case(
                format!("hs256-with-okp-{form}"),
                format!("HS256 token MACed with {what}; the key set holds only the Ed25519 key"),
                "CVE-2015-9235; RFC 8725 s3.1",
            )
            .token(token(&attacker, "HS256", json!({ "kid": null }), &claims))
            .keyset("op")
            .expect("key_not_found"),
        );
        s.add(
            case(
                format!("hs256-with-okp-{form}-kid"),
                format!("HS256 token MACed with {what}, naming the Ed25519 key's kid"),
                "CVE-2015-9235; RFC 8725 s3.1",
            )
            .token(token(
                &attacker,
                "HS256",
                json!({ "kid": "ed25519-a" }),
                &claims,
            ))
            .keyset("op-mixed")
            .expect("key_not_found"),
        );
        s.add(
            case(
                format!("hs256-with-okp-{form}-oct-key-present"),
                format!("HS256 token MACed with {what}; the set's HMAC key has another secret"),
                "CVE-2015-9235; RFC 8725 s3.1",
            )
            .token(token(&attacker, "HS256", json!({ "kid": null }), &claims))
            .keyset("op-mixed")
            .expect("invalid_signature"),
        );
    }
    // RFC 9864: `Ed25519` is its own algorithm name. A key's `alg` pins it to exactly one of
    // the two names; an unpinned key verifies either; `Ed448` is not implemented.
    let private = keys.private("ed25519-a");
    let rfc9864 = "RFC 9864 s2.2; RFC 7517 s4.4; RFC 8725 s3.1";
    for (token_alg, pin, expect) in [
        ("EdDSA", "EdDSA", "valid"),
        ("Ed25519", "Ed25519", "valid"),
        ("Ed25519", "EdDSA", "key_not_found"),
        ("EdDSA", "Ed25519", "key_not_found"),
    ] {
        let c = case(
            format!(
                "{}-key-pinned-{}",
                token_alg.to_ascii_lowercase(),
                pin.to_ascii_lowercase()
            ),
            format!("{token_alg} ID token; the key's alg is {pin}"),
            rfc9864,
        )
        .token(token(private, token_alg, json!({}), &claims))
        .keyset(&format!("pinned-{}", pin.to_ascii_lowercase()));
        s.add(if expect == "valid" {
            c.valid().claims(good("alice"))
        } else {
            c.expect(expect)
        });
    }
    for (token_alg, allowed) in [("Ed25519", "EdDSA"), ("EdDSA", "Ed25519")] {
        s.add(
            case(
                format!(
                    "{}-policy-allows-only-{}",
                    token_alg.to_ascii_lowercase(),
                    allowed.to_ascii_lowercase()
                ),
                format!("{token_alg} ID token; the policy allows {allowed} alone"),
                "RFC 9864 s2.2; RFC 8725 s3.1",
            )
            .token(token(private, token_alg, json!({}), &claims))
            .keyset("op")
            .policy(json!({ "algorithms": [allowed] }))
            .expect("algorithm_not_allowed"),
        );
    }
    s.add(
        case(
            "ed25519-against-ed448-key",
            "Ed25519 ID token naming a kid whose key is an Ed448 key (another curve): Ed448 keys are \
             not implemented and skipped, so no key fits",
            rfc9864,
        )
        .token(token(private, "Ed25519", json!({}), &claims))
        .keyset("ed448-same-kid")
        .expect("key_not_found"),
    );
    for (id, name, what) in [
        ("ed448", "Ed448", "RFC 9864's Ed448, not implemented"),
        (
            "ed25519-lower-case",
            "ed25519",
            "Ed25519 in lower case (alg names are case-sensitive)",
        ),
        ("ed25519-upper-case", "ED25519", "Ed25519 in upper case"),
    ] {
        s.add(
            case(
                format!("header-alg-{id}"),
                format!("a token whose header alg is {what}, signed with the Ed25519 key"),
                "RFC 9864 s2.2; RFC 7515 s4.1.1",
            )
            .token(token(private, "Ed25519", json!({ "alg": name }), &claims))
            .keyset("op")
            .expect("unsupported_algorithm"),
        );
    }
    // The header's alg compares after unescaping: `Ed\u00325519` is Ed25519.
    let header = br#"{"alg":"Ed\u00325519","kid":"ed25519-a"}"#;
    s.add(
        case(
            "ed25519-alg-escaped",
            "Ed25519 ID token whose header spells the alg with a JSON escape",
            "RFC 8259 s7; RFC 9864 s2.2",
        )
        .token(crate::common::raw_token(
            header,
            text(&claims).as_bytes(),
            private,
            "Ed25519",
        ))
        .keyset("op")
        .valid()
        .claims(good("alice")),
    );
    s
}

/// The attacks of the suite under one name of the algorithm (`prefix` starts each case id).
fn attacks_under(s: &mut Suite, keys: &Keys, alg: &str, prefix: &str) {
    let claims = id_claims();
    let rfc = "RFC 8037 s3.1; RFC 8032 s5.1.7; RFC 9864 s2.2";
    let private = keys.private("ed25519-a");
    let genuine = token(private, alg, json!({}), &claims);
    let no_kid = token(private, alg, json!({ "kid": null }), &claims);
    for (id, what, t, keyset) in [
        (
            "genuine",
            format!("{alg} ID token naming its key"),
            &genuine,
            "op",
        ),
        (
            "genuine-no-kid",
            format!("{alg} ID token without kid"),
            &no_kid,
            "op",
        ),
        (
            "genuine-mixed-set",
            format!("{alg} ID token; the key set also holds RSA, P-256 and HMAC keys"),
            &genuine,
            "op-mixed",
        ),
        (
            "genuine-no-kid-mixed-set",
            format!("{alg} ID token without kid; only the OKP key of the mixed set is a candidate"),
            &no_kid,
            "op-mixed",
        ),
    ] {
        s.add(
            case(format!("{prefix}-{id}"), what, rfc)
                .token(t.clone())
                .keyset(keyset)
                .valid()
                .claims(good("alice")),
        );
    }
    // at_hash for EdDSA and Ed25519: the left half of SHA-512 (OpenID Connect Core names no hash for it).
    let access_token = "eddsa-access-token-0001";
    for (id, what, hash, expect) in [
        (
            "at_hash-sha512",
            "at_hash is the left half of SHA-512 of the access token",
            half_hash(alg, access_token),
            "valid",
        ),
        (
            "at_hash-sha256",
            "at_hash computed with SHA-256 instead: not this verifier's rule for EdDSA and Ed25519",
            half_hash("ES256", access_token),
            "at_hash_mismatch",
        ),
    ] {
        let c = case(
            format!("{prefix}-{id}"),
            format!("{alg} ID token (implicit flow): {what}"),
            "OpenID Connect Core s3.2.2.9; RFC 8032 s5.1",
        )
        .token(token(
            private,
            alg,
            json!({}),
            &patch(&claims, json!({ "at_hash": hash })),
        ))
        .keyset("op")
        .policy(json!({ "access_token": access_token }));
        s.add(if expect == "valid" {
            c.valid().claims(good("alice"))
        } else {
            c.expect(expect)
        });
    }
    let sig = signature(&genuine);
    let (r, sv) = sig.split_at(32);
    let mut tampered: Vec<(&str, &str, Vec<u8>)> = Vec::new();
    for (bit, name) in [
        (0usize, "r-bit-0"),
        (255, "r-bit-255"),
        (256, "s-bit-0"),
        (500, "s-bit-244"),
    ] {
        let mut t = sig.clone();
        t[bit / 8] ^= 1 << (bit % 8);
        tampered.push((name, "one bit of the genuine signature flipped", t));
    }
    tampered.push((
        "s-plus-ell",
        "S replaced by S + l: the same value mod l, a non-canonical encoding that a lax verifier \
         accepts (signature malleability)",
        [r, &add_le(sv, &ELL)[..]].concat(),
    ));
    tampered.push(("s-zero", "S = 0", [r, &[0u8; 32][..]].concat()));
    tampered.push((
        "r-identity-s-zero",
        "R the identity point and S = 0 (a small-order R)",
        [&IDENTITY[..], &[0u8; 32][..]].concat(),
    ));
    tampered.push(("all-zero", "64 zero bytes", vec![0u8; 64]));
    tampered.push((
        "truncated-63",
        "the genuine signature less its last byte",
        sig[..63].to_vec(),
    ));
    tampered.push((
        "extended-65",
        "the genuine signature with a zero byte appended",
        [&sig[..], &[0u8][..]].concat(),
    ));
    tampered.push((
        "doubled-128",
        "the genuine signature twice (128 bytes)",
        [&sig[..], &sig[..]].concat(),
    ));
    tampered.push(("empty", "an empty signature", Vec::new()));
    for (id, what, bad) in tampered {
        s.add(
            case(
                format!("{prefix}-{id}"),
                format!("{alg} ID token whose signature is {what}"),
                rfc,
            )
            .token(with_signature(&genuine, &bad))
            .keyset("op")
            .expect("invalid_signature"),
        );
    }
    let forged_claims = patch(&claims, json!({ "sub": "mallory" }));
    let forged = token(private, alg, json!({}), &forged_claims);
    let (h, p, _) = crate::common::segments(&forged);
    s.add(
        case(
            format!("{prefix}-payload-swapped"),
            format!("{alg} ID token whose payload is replaced (the genuine signature kept)"),
            rfc,
        )
        .token(format!("{h}.{p}.{}", b64(&sig)))
        .keyset("op")
        .expect("invalid_signature"),
    );
    // Wrong kind of key.
    s.add(
        case(
            format!("{prefix}-against-no-okp"),
            format!(
                "{alg} ID token against a key set of RSA, P-256 and HMAC keys: {alg} selects only \
             OKP Ed25519 keys"
            ),
            "RFC 8037 s3.1; RFC 8725 s3.1",
        )
        .token(no_kid.clone())
        .keyset("no-okp")
        .expect("key_not_found"),
    );
    s.add(
        case(
            format!("{prefix}-kid-of-ec-key"),
            format!("{alg} ID token naming the P-256 key's kid"),
            "RFC 8725 s3.1",
        )
        .token(token(private, alg, json!({ "kid": "p256-a" }), &claims))
        .keyset("op-mixed")
        .expect("key_not_found"),
    );
    s.add(
        case(
            format!("{prefix}-other-key"),
            format!("{alg} ID token checked against another Ed25519 key"),
            rfc,
        )
        .token(no_kid.clone())
        .keyset("other-ed25519")
        .expect("invalid_signature"),
    );
    // Small-order keys: with the identity as the public key, (R, S) = (identity, 0) satisfies
    // the cofactorless equation for every message. Such keys are skipped when the set loads.
    let forgery = with_signature(&genuine, &[&IDENTITY[..], &[0u8; 32][..]].concat());
    s.add(
        case(
            format!("{prefix}-small-order-key-identity"),
            format!(
                "{alg} ID token with (R, S) = (identity, 0) against a set whose key of that kid is \
                 the identity point: the key is skipped as weak"
            ),
            "RFC 8032 s5.1.7; RFC 8037 s3.1",
        )
        .token(forgery)
        .keyset("small-order")
        .expect("key_not_found"),
    );
    s.add(
        case(
            format!("{prefix}-small-order-key-order-2"),
            format!("{alg} ID token with (R, S) = (identity, 0) naming a key of order 2: skipped as weak"),
            "RFC 8032 s5.1.7",
        )
        .token(with_signature(
            &token(private, alg, json!({ "kid": "order-2" }), &claims),
            &[&IDENTITY[..], &[0u8; 32][..]].concat(),
        ))
        .keyset("small-order")
        .expect("key_not_found"),
    );
}
