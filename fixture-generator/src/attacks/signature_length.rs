//! Suite `attack-signature-length` (`fixtures/attacks/signature-length.json`): Signatures of the
//! wrong length: ES256 not exactly 64 bytes (DER, zero-padded, truncated), RSA not exactly the
//! modulus length, empty signatures, truncated HMAC tags.

use serde_json::{Value, json};

use super::{good, op_keyset_with_hs64 as op_keyset};
use crate::common::{
    Suite, case, id_claims, id_defaults, raw_token, signature, text, token, with_signature,
};
use crate::keys::Keys;
use host_harness::jose::b64;

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/signature-length.json",
        "attack-signature-length",
        "Signatures of the wrong length: ES256 not exactly 64 bytes (DER, zero-padded, truncated), \
         RSA not exactly the modulus length, empty signatures, truncated HMAC tags",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    let claims = id_claims();
    let source = "RFC 7518 s3.2, s3.3, s3.4; CVE-2020-28042";
    let es = token(keys.private("p256-a"), "ES256", json!({}), &claims);
    let es_sig = signature(&es);
    let der = {
        let r = p256::ecdsa::Signature::from_slice(&es_sig).expect("sig");
        r.to_der().as_bytes().to_vec()
    };
    let (r, sv) = es_sig.split_at(32);
    let es_variants: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "der",
            der,
            "the same signature in ASN.1 DER (not the JOSE r||s form)",
        ),
        (
            "65-leading-zero",
            [&[0u8][..], &es_sig].concat(),
            "65 bytes: a zero byte prepended",
        ),
        (
            "65-trailing-zero",
            [&es_sig[..], &[0u8]].concat(),
            "65 bytes: a zero byte appended",
        ),
        (
            "66-padded-halves",
            [&[0u8][..], r, &[0u8], sv].concat(),
            "66 bytes: r and s each zero-padded to 33 bytes",
        ),
        (
            "63-truncated",
            es_sig[..63].to_vec(),
            "63 bytes: the last byte cut",
        ),
        ("32-r-only", r.to_vec(), "32 bytes: r only"),
        (
            "128-doubled",
            [&es_sig[..], &es_sig].concat(),
            "128 bytes: the signature twice",
        ),
        ("empty", Vec::new(), "empty"),
    ];
    for (label, sig, what) in es_variants {
        s.add(
            case(
                format!("es256-{label}"),
                format!("ES256 ID token whose signature is {what}"),
                source,
            )
            .token(with_signature(&es, &sig))
            .keyset("op")
            .expect("invalid_signature"),
        );
    }
    let rs = token(keys.private("rsa2048-a"), "RS256", json!({}), &claims);
    let rs_sig = signature(&rs);
    let rs_variants: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "255-short",
            rs_sig[1..].to_vec(),
            "255 bytes: the first byte removed",
        ),
        (
            "255-truncated",
            rs_sig[..255].to_vec(),
            "255 bytes: the last byte cut",
        ),
        (
            "257-leading-zero",
            [&[0u8][..], &rs_sig].concat(),
            "257 bytes: a zero byte prepended (same integer, wrong length)",
        ),
        (
            "257-trailing-zero",
            [&rs_sig[..], &[0u8]].concat(),
            "257 bytes: a zero byte appended",
        ),
        ("128-half", rs_sig[..128].to_vec(), "128 bytes"),
        ("empty", Vec::new(), "empty"),
        ("all-zero", vec![0u8; 256], "256 zero bytes"),
        (
            "all-ff",
            vec![0xFFu8; 256],
            "256 0xFF bytes (above the modulus)",
        ),
    ];
    for (label, sig, what) in rs_variants {
        s.add(
            case(
                format!("rs256-{label}"),
                format!("RS256 ID token whose signature is {what}"),
                source,
            )
            .token(with_signature(&rs, &sig))
            .keyset("op")
            .expect("invalid_signature"),
        );
    }
    let ps = token(keys.private("rsa2048-a"), "PS256", json!({}), &claims);
    let ps_sig = signature(&ps);
    s.add(
        case(
            "ps256-255-truncated",
            "PS256 ID token whose signature lost its last byte",
            source,
        )
        .token(with_signature(&ps, &ps_sig[..255]))
        .keyset("op")
        .expect("invalid_signature"),
    );
    s.add(
        case(
            "ps256-empty",
            "PS256 ID token with an empty signature",
            source,
        )
        .token(with_signature(&ps, &[]))
        .keyset("op")
        .expect("invalid_signature"),
    );
    let hs = token(keys.private("hs-32"), "HS256", json!({}), &claims);
    let hs_sig = signature(&hs);
    let hs_variants: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "16-truncated",
            hs_sig[..16].to_vec(),
            "the first 16 bytes of the tag (Wycheproof calls truncated tags valid; JWS does not)",
        ),
        ("31-truncated", hs_sig[..31].to_vec(), "31 bytes"),
        ("1-byte", hs_sig[..1].to_vec(), "its first byte only"),
        (
            "33-extended",
            [&hs_sig[..], &[0u8]].concat(),
            "33 bytes: a zero appended",
        ),
        ("empty", Vec::new(), "empty (CVE-2020-28042)"),
    ];
    for (label, sig, what) in hs_variants {
        s.add(
            case(
                format!("hs256-{label}"),
                format!("HS256 ID token whose tag is {what}"),
                source,
            )
            .token(with_signature(&hs, &sig))
            .keyset("op")
            .expect("invalid_signature"),
        );
    }
    let hs512 = token(keys.private("hs-64"), "HS512", json!({}), &claims);
    s.add(
        case(
            "hs512-truncated-to-32",
            "HS512 ID token whose 64-byte tag is cut to 32 bytes",
            source,
        )
        .token(with_signature(&hs512, &signature(&hs512)[..32]))
        .keyset("op")
        .expect("invalid_signature"),
    );
    // Signatures made for another algorithm of the same key type.
    let cross: Vec<(&str, &str, &str, &str)> = vec![
        (
            "rs256-header-rs512-signature",
            "RS256",
            "RS512",
            "rsa2048-a",
        ),
        (
            "rs256-header-ps256-signature",
            "RS256",
            "PS256",
            "rsa2048-a",
        ),
        (
            "ps256-header-rs256-signature",
            "PS256",
            "RS256",
            "rsa2048-a",
        ),
        (
            "ps384-header-ps256-signature",
            "PS384",
            "PS256",
            "rsa2048-a",
        ),
        ("hs256-header-hs512-tag", "HS256", "HS512", "hs-64"),
        ("hs512-header-hs256-tag", "HS512", "HS256", "hs-64"),
    ];
    for (id, header_alg, sign_alg, kid) in cross {
        let header = text(&json!({ "alg": header_alg, "kid": kid }));
        s.add(
            case(
                id,
                format!(
                    "{header_alg} ID token whose signature was made with {sign_alg} by the same key"
                ),
                "RFC 7518 s3.2, s3.3, s3.5; RFC 8725 s3.1",
            )
            .token(raw_token(
                header.as_bytes(),
                text(&claims).as_bytes(),
                keys.private(kid),
                sign_alg,
            ))
            .keyset("op")
            .expect("invalid_signature"),
        );
    }
    // RSASSA-PSS salts other than the hash length (RFC 7518 s3.5 fixes it to the hash size).
    for (id, alg, salt) in [
        ("ps256-salt-0", "PS256", 0usize),
        ("ps256-salt-20", "PS256", 20),
        ("ps256-salt-64", "PS256", 64),
        ("ps384-salt-32", "PS384", 32),
    ] {
        let header = text(&json!({ "alg": alg, "kid": "rsa2048-a" }));
        let input = format!(
            "{}.{}",
            b64(header.as_bytes()),
            b64(text(&claims).as_bytes())
        );
        let sig = pss_with_salt(keys.private("rsa2048-a"), alg, salt, input.as_bytes());
        s.add(case(id, format!("{alg} ID token whose PSS signature uses a {salt}-byte salt instead of the hash length"), "RFC 7518 s3.5")
            .token(format!("{input}.{}", b64(&sig))).keyset("op").expect("invalid_signature"));
    }
    for (alg, t) in [
        ("ES256", &es),
        ("RS256", &rs),
        ("PS256", &ps),
        ("HS256", &hs),
        ("HS512", &hs512),
    ] {
        s.add(
            case(
                format!("{}-genuine", alg.to_ascii_lowercase()),
                format!("The genuine {alg} ID token the variants are made from"),
                source,
            )
            .token(t.clone())
            .keyset("op")
            .valid()
            .claims(good("alice")),
        );
    }
    s
}

/// An RSASSA-PSS signature with a chosen salt length (the library signer always uses the hash size).
fn pss_with_salt(jwk: &Value, alg: &str, salt: usize, input: &[u8]) -> Vec<u8> {
    use rand_chacha::rand_core::SeedableRng as _;
    use rsa::signature::{RandomizedSigner as _, SignatureEncoding as _};
    let u = |m: &str| {
        rsa::BigUint::from_bytes_be(&crate::common::unb64(jwk[m].as_str().expect("member")))
    };
    let key = rsa::RsaPrivateKey::from_components(u("n"), u("e"), u("d"), vec![u("p"), u("q")])
        .expect("rsa key");
    let mut rng = rand_chacha::ChaCha20Rng::from_seed([7u8; 32]);
    match alg {
        "PS256" => rsa::pss::SigningKey::<rsa::sha2::Sha256>::new_with_salt_len(key, salt)
            .sign_with_rng(&mut rng, input)
            .to_vec(),
        _ => rsa::pss::SigningKey::<rsa::sha2::Sha384>::new_with_salt_len(key, salt)
            .sign_with_rng(&mut rng, input)
            .to_vec(),
    }
}
