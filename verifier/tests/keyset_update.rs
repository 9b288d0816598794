//! Signed key-set updates (`typ` `jwk-set+jwt`): a rotation end to end, and each refusal, with
//! documents signed here by p256 (the oracle), independent of the verifier.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)] // test code

mod common;

use common::{es256_with, p256_jwk_members, p256_key_from};
use jwtv::{
    Algorithm, Error, Key, KeySet, KeySetUpdate, KeySetUpdatePolicy, Policy, TokenBuffer, verify,
    verify_key_set_update, verify_key_set_update_explained,
};

const NOW: u64 = 1_700_000_000;
const ES: &[Algorithm] = &[Algorithm::ES256];
const POLICY: KeySetUpdatePolicy<'static> =
    KeySetUpdatePolicy::new(ES, "https://keys.example", "door-controllers").with_leeway(60);
const HEADER: &str = r#"{"alg":"ES256","kid":"anchor","typ":"jwk-set+jwt"}"#;
const TOKEN_POLICY: Policy<'static> = Policy::jwt(ES, "https://op.example", "").waive_audience();

struct World {
    anchor: p256::ecdsa::SigningKey,
    anchor_point: [u8; 64],
    other: p256::ecdsa::SigningKey,
    issuer_old: (p256::ecdsa::SigningKey, [u8; 64]),
    issuer_new: (p256::ecdsa::SigningKey, [u8; 64]),
}

fn world() -> World {
    let (anchor, anchor_point) = p256_key_from(0x31);
    let (other, _) = p256_key_from(0x32);
    World {
        anchor,
        anchor_point,
        other,
        issuer_old: p256_key_from(0x41),
        issuer_new: p256_key_from(0x42),
    }
}

fn jwk(point: &[u8; 64], kid: &str) -> String {
    format!(
        r#"{{{},"kid":"{kid}","use":"sig","alg":"ES256"}}"#,
        p256_jwk_members(point)
    )
}

fn claims(keys: &[String], iat: u64, extra: &str) -> String {
    format!(
        r#"{{"iss":"https://keys.example","sub":"door-controllers","iat":{iat}{extra},"keys":[{}]}}"#,
        keys.join(",")
    )
}

fn anchors(w: &World) -> [Key<'_>; 1] {
    [Key::ec_p256(&w.anchor_point).with_kid("anchor").unwrap()]
}

fn accept(
    w: &World,
    update: &str,
    policy: &KeySetUpdatePolicy<'_>,
    into: &mut KeySet<4>,
) -> Result<KeySetUpdate, Error> {
    let mut buffer = TokenBuffer::<4096>::new();
    verify_key_set_update(
        update.as_bytes(),
        &anchors(w),
        policy,
        NOW,
        &mut buffer,
        into,
    )
}

fn apply(
    w: &World,
    update: &str,
    policy: &KeySetUpdatePolicy<'_>,
    into: &mut KeySet<4>,
) -> Result<u64, Error> {
    accept(w, update, policy, into).map(|update| update.iat())
}

fn token(sk: &p256::ecdsa::SigningKey, kid: &str) -> String {
    es256_with(
        sk,
        &format!(r#"{{"alg":"ES256","kid":"{kid}"}}"#),
        r#"{"iss":"https://op.example","exp":1700003600}"#,
    )
}

fn check_token(keys: &KeySet<4>, token: &str) -> Result<(), Error> {
    let mut buffer = TokenBuffer::<1024>::new();
    verify(token.as_bytes(), keys, &TOKEN_POLICY, NOW, &mut buffer).map(|_| ())
}

#[test]
fn rotation_end_to_end() {
    let w = world();
    let first = es256_with(
        &w.anchor,
        HEADER,
        &claims(&[jwk(&w.issuer_old.1, "op-1")], NOW - 1000, ""),
    );
    let mut installed = KeySet::<4>::new();
    let accepted = accept(&w, &first, &POLICY, &mut installed).unwrap();
    // The update's own iat and exp (it has none), and its keys.
    assert_eq!(
        (accepted.iat(), accepted.exp(), accepted.report().loaded()),
        (NOW - 1000, None, 1)
    );
    let iat = accepted.iat();
    let new_token = token(&w.issuer_new.0, "op-2");
    assert_eq!(check_token(&installed, &new_token), Err(Error::KeyNotFound));
    assert_eq!(
        check_token(&installed, &token(&w.issuer_old.0, "op-1")),
        Ok(())
    );

    // The rotation: op-2 added beside op-1, then op-1 withdrawn.
    let second = es256_with(
        &w.anchor,
        HEADER,
        &claims(
            &[jwk(&w.issuer_old.1, "op-1"), jwk(&w.issuer_new.1, "op-2")],
            NOW - 500,
            r#","exp":1700086400"#,
        ),
    );
    let mut staged = KeySet::<4>::new();
    let installed_policy = POLICY.with_installed_iat(iat);
    let accepted = accept(&w, &second, &installed_policy, &mut staged).unwrap();
    assert_eq!(
        (accepted.exp(), accepted.report().loaded()),
        (Some(1_700_086_400), 2)
    );
    let iat = accepted.iat();
    core::mem::swap(&mut installed, &mut staged);
    assert_eq!(installed.len(), 2);
    assert_eq!(check_token(&installed, &new_token), Ok(()));

    // Stored and read back at boot.
    let mut flash = [0u8; 512];
    let len = installed.write_stored(iat, &mut flash).unwrap();
    let mut at_boot = KeySet::<4>::new();
    assert_eq!(at_boot.read_stored(&flash[..len]), Ok(iat));
    assert_eq!(check_token(&at_boot, &new_token), Ok(()));

    // The first update replayed, and the second applied twice: rollback.
    let replay = POLICY.with_installed_iat(iat);
    assert_eq!(
        apply(&w, &first, &replay, &mut staged),
        Err(Error::KeySetRollback)
    );
    assert_eq!(
        apply(&w, &second, &replay, &mut staged),
        Err(Error::KeySetRollback)
    );
    assert!(staged.is_empty());
    // The installed set is untouched by a refused update.
    assert_eq!(check_token(&installed, &new_token), Ok(()));
}

#[test]
fn refusals() {
    let w = world();
    let good_keys = [jwk(&w.issuer_new.1, "op-2")];
    let good = claims(&good_keys, NOW - 10, "");
    let secret = r#"{"kty":"oct","kid":"s","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;
    let private = format!(
        r#"{{{},"kid":"p","d":"AAAA"}}"#,
        p256_jwk_members(&w.issuer_new.1)
    );
    let five: Vec<String> = (0..5)
        .map(|i| jwk(&w.issuer_new.1, &format!("k{i}")))
        .collect();
    let sign = |claims: &str| es256_with(&w.anchor, HEADER, claims);
    let cases: Vec<(
        &str,
        String,
        KeySetUpdatePolicy<'static>,
        Result<u64, Error>,
    )> = vec![
        ("valid", sign(&good), POLICY, Ok(NOW - 10)),
        (
            "another signer, its own kid",
            es256_with(
                &w.other,
                r#"{"alg":"ES256","kid":"other","typ":"jwk-set+jwt"}"#,
                &good,
            ),
            POLICY,
            Err(Error::KeyNotFound),
        ),
        (
            "another signer, the anchor's kid",
            es256_with(&w.other, HEADER, &good),
            POLICY,
            Err(Error::InvalidSignature),
        ),
        (
            "no typ",
            es256_with(&w.anchor, r#"{"alg":"ES256","kid":"anchor"}"#, &good),
            POLICY,
            Err(Error::TypeMismatch),
        ),
        (
            "typ JWT",
            es256_with(
                &w.anchor,
                r#"{"alg":"ES256","kid":"anchor","typ":"JWT"}"#,
                &good,
            ),
            POLICY,
            Err(Error::TypeMismatch),
        ),
        (
            "typ as a full media type",
            es256_with(
                &w.anchor,
                r#"{"alg":"ES256","kid":"anchor","typ":"application/jwk-set+jwt"}"#,
                &good,
            ),
            POLICY,
            Ok(NOW - 10),
        ),
        (
            "expired",
            sign(&claims(&good_keys, NOW - 10, r#","exp":1699999000"#)),
            POLICY,
            Err(Error::Expired),
        ),
        (
            "issued in the future",
            sign(&claims(&good_keys, NOW + 61, "")),
            POLICY,
            Err(Error::IssuedInFuture),
        ),
        (
            "within the leeway",
            sign(&claims(&good_keys, NOW + 60, "")),
            POLICY,
            Ok(NOW + 60),
        ),
        (
            "same iat twice",
            sign(&good),
            POLICY.with_installed_iat(NOW - 10),
            Err(Error::KeySetRollback),
        ),
        (
            "one second newer",
            sign(&good),
            POLICY.with_installed_iat(NOW - 11),
            Ok(NOW - 10),
        ),
        (
            "wrong iss",
            sign(&good.replace("keys.example", "keys.evil")),
            POLICY,
            Err(Error::IssuerMismatch),
        ),
        (
            "wrong sub",
            sign(&good.replace("door-controllers", "thermostats")),
            POLICY,
            Err(Error::SubjectMismatch),
        ),
        (
            "no sub",
            sign(&good.replace(r#""sub":"door-controllers","#, "")),
            POLICY,
            Err(Error::MissingClaim),
        ),
        (
            "no iat",
            sign(&good.replace(&format!(r#""iat":{},"#, NOW - 10), "")),
            POLICY,
            Err(Error::MissingClaim),
        ),
        (
            "no keys",
            sign(&format!(
                r#"{{"iss":"https://keys.example","sub":"door-controllers","iat":{}}}"#,
                NOW - 10
            )),
            POLICY,
            Err(Error::MissingClaim),
        ),
        (
            "keys not an array",
            sign(
                &good
                    .replace(r#""keys":["#, r#""keys":{"a":["#)
                    .replace("}]}", "}]}}"),
            ),
            POLICY,
            Err(Error::MalformedJwks),
        ),
        (
            "empty",
            sign(&claims(&[], NOW - 10, "")),
            POLICY,
            Err(Error::KeySetEmpty),
        ),
        (
            "only unusable keys",
            sign(&claims(
                &[format!(
                    r#"{{{},"use":"enc"}}"#,
                    p256_jwk_members(&w.issuer_new.1)
                )],
                NOW - 10,
                "",
            )),
            POLICY,
            Err(Error::KeySetEmpty),
        ),
        (
            "a secret",
            sign(&claims(
                &[good_keys[0].clone(), secret.into()],
                NOW - 10,
                "",
            )),
            POLICY,
            Err(Error::KeySetSecret),
        ),
        (
            "a private key",
            sign(&claims(&[good_keys[0].clone(), private], NOW - 10, "")),
            POLICY,
            Err(Error::KeySetPrivateKey),
        ),
        (
            "the trust anchor inside",
            sign(&claims(
                &[good_keys[0].clone(), jwk(&w.anchor_point, "looks-innocent")],
                NOW - 10,
                "",
            )),
            POLICY,
            Err(Error::KeySetHoldsTrustAnchor),
        ),
        (
            "a duplicate kid",
            sign(&claims(
                &[jwk(&w.issuer_new.1, "op"), jwk(&w.issuer_old.1, "op")],
                NOW - 10,
                "",
            )),
            POLICY,
            Err(Error::AmbiguousKey),
        ),
        (
            "more keys than the set holds",
            sign(&claims(&five, NOW - 10, "")),
            POLICY,
            Err(Error::CapacityExceeded),
        ),
        (
            "an algorithm the anchor does not use",
            sign(&good),
            KeySetUpdatePolicy::new(
                &[Algorithm::RS256],
                "https://keys.example",
                "door-controllers",
            ),
            Err(Error::AlgorithmNotAllowed),
        ),
    ];
    for (name, update, policy, want) in cases {
        let mut set = KeySet::<4>::new();
        set.push(Key::oct(&[1; 32]).unwrap()).unwrap(); // stale content, replaced or cleared
        let got = apply(&w, &update, &policy, &mut set);
        assert_eq!(got, want, "{name}");
        if got.is_err() {
            assert!(set.is_empty(), "{name}: the staged set is cleared");
        } else {
            assert!(
                set.iter().all(|k| k.kind() == jwtv::KeyKind::EcP256),
                "{name}"
            );
        }
    }
    // A tampered key: one character of a signed document changed.
    let update = sign(&good);
    let (head, rest) = update.split_once('.').unwrap();
    let (payload, sig) = rest.split_once('.').unwrap();
    let mut bytes =
        <base64ct::Base64UrlUnpadded as base64ct::Encoding>::decode_vec(payload).unwrap();
    let at = bytes.iter().position(|&b| b == b'x').unwrap() + 5;
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    let tampered = format!("{head}.{}.{sig}", common::b64(&bytes));
    let mut set = KeySet::<4>::new();
    assert_eq!(
        apply(&w, &tampered, &POLICY, &mut set),
        Err(Error::InvalidSignature)
    );
}

/// What `verify_key_set_update_explained` says of `update`: the same verdict as
/// `verify_key_set_update`, and the detail (its `Display` text too, owned).
fn explained(
    w: &World,
    update: &str,
    policy: &KeySetUpdatePolicy<'_>,
) -> Result<u64, (Error, String, String)> {
    let mut plain = KeySet::<4>::new();
    let verdict = apply(w, update, policy, &mut plain);
    let mut buffer = TokenBuffer::<4096>::new();
    let mut new_set = KeySet::<4>::new();
    let explained = verify_key_set_update_explained(
        update.as_bytes(),
        &anchors(w),
        policy,
        NOW,
        &mut buffer,
        &mut new_set,
    )
    .map(|accepted| accepted.iat())
    .map_err(|r| (r.error(), format!("{:?}", r.detail()), r.to_string()));
    assert_eq!(
        explained.as_ref().map_err(|(e, _, _)| *e),
        verdict.as_ref().map_err(|e| *e),
        "explained and plain verdicts differ"
    );
    assert_eq!(new_set.len(), plain.len());
    explained
}

#[test]
fn refusals_name_their_values() {
    let w = world();
    let good_keys = [jwk(&w.issuer_new.1, "op-2")];
    let good = claims(&good_keys, NOW - 10, "");
    let sign = |claims: &str| es256_with(&w.anchor, HEADER, claims);
    let detail = |update: &str, policy: &KeySetUpdatePolicy<'_>| {
        explained(&w, update, policy).expect_err("refused")
    };

    assert_eq!(explained(&w, &sign(&good), &POLICY), Ok(NOW - 10));

    // No anchor has the update's kid: its kid and alg.
    let other = es256_with(
        &w.other,
        r#"{"alg":"ES256","kid":"other","typ":"jwk-set+jwt"}"#,
        &good,
    );
    let (error, d, text) = detail(&other, &POLICY);
    assert_eq!(error, Error::KeyNotFound);
    assert_eq!(d, r#"Key { alg: ES256, kid: Some("other") }"#);
    assert!(text.ends_with(r#"(alg ES256, kid "other")"#), "{text}");

    let (error, d, _) = detail(&es256_with(&w.other, HEADER, &good), &POLICY);
    assert_eq!(error, Error::InvalidSignature);
    assert_eq!(d, r#"Key { alg: ES256, kid: Some("anchor") }"#);

    let typ_jwt = es256_with(
        &w.anchor,
        r#"{"alg":"ES256","kid":"anchor","typ":"JWT"}"#,
        &good,
    );
    let (error, d, _) = detail(&typ_jwt, &POLICY);
    assert_eq!(error, Error::TypeMismatch);
    assert_eq!(
        d,
        r#"Mismatch { name: "typ", found: Some("JWT"), expected: Some("jwk-set+jwt") }"#
    );

    // Not newer than the installed set: both iat values.
    let (error, d, text) = detail(&sign(&good), &POLICY.with_installed_iat(NOW - 10));
    assert_eq!(error, Error::KeySetRollback);
    assert_eq!(
        d,
        format!(
            "Rollback {{ iat: {}, installed_iat: {} }}",
            NOW - 10,
            NOW - 10
        )
    );
    assert!(
        text.ends_with(&format!("(iat {}, installed iat {})", NOW - 10, NOW - 10)),
        "{text}"
    );
    let (_, d, _) = detail(&sign(&good), &POLICY.with_installed_iat(NOW + 7));
    assert_eq!(
        d,
        format!(
            "Rollback {{ iat: {}, installed_iat: {} }}",
            NOW - 10,
            NOW + 7
        )
    );

    // Another subject: both subjects.
    let (error, d, text) = detail(
        &sign(&good.replace("door-controllers", "thermostats")),
        &POLICY,
    );
    assert_eq!(error, Error::SubjectMismatch);
    assert_eq!(
        d,
        r#"Mismatch { name: "sub", found: Some("thermostats"), expected: Some("door-controllers") }"#
    );
    assert!(
        text.ends_with(r#"(sub "thermostats", expected "door-controllers")"#),
        "{text}"
    );

    // The claims' rules, as for a token.
    let (error, d, _) = detail(&sign(&good.replace("keys.example", "keys.evil")), &POLICY);
    assert_eq!(error, Error::IssuerMismatch);
    assert_eq!(
        d,
        r#"Mismatch { name: "iss", found: Some("https://keys.evil"), expected: Some("https://keys.example") }"#
    );
    let (error, d, _) = detail(
        &sign(&claims(&good_keys, NOW - 10, r#","exp":1699999000"#)),
        &POLICY,
    );
    assert_eq!(error, Error::Expired);
    assert_eq!(
        d,
        format!("Time {{ claim: \"exp\", value: 1699999000, now: {NOW}, leeway: 60 }}")
    );
    let (error, d, _) = detail(&sign(&claims(&good_keys, NOW + 61, "")), &POLICY);
    assert_eq!(error, Error::IssuedInFuture);
    assert_eq!(
        d,
        format!(
            "Time {{ claim: \"iat\", value: {}, now: {NOW}, leeway: 60 }}",
            NOW + 61
        )
    );
    let (error, d, _) = detail(
        &sign(&good.replace(r#""sub":"door-controllers","#, "")),
        &POLICY,
    );
    assert_eq!(
        (error, d.as_str()),
        (Error::MissingClaim, r#"MissingClaim("sub")"#)
    );

    // A refusal of the keys inside names no value.
    let (error, d, _) = detail(&sign(&claims(&[], NOW - 10, "")), &POLICY);
    assert_eq!((error, d.as_str()), (Error::KeySetEmpty, "None"));
    let (error, d, _) = detail(
        &sign(&claims(
            &[good_keys[0].clone(), jwk(&w.anchor_point, "looks-innocent")],
            NOW - 10,
            "",
        )),
        &POLICY,
    );
    assert_eq!((error, d.as_str()), (Error::KeySetHoldsTrustAnchor, "None"));
}
