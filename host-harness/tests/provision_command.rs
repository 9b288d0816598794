//! `jwtv provision` on a real-shaped JWKS (signing keys with certificate chains, an
//! encryption key, an EdDSA key, a weak key, keys for algorithms the issuer does not use).

// Test code: a failed assumption should fail the test, loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]

mod common;

use std::path::{Path, PathBuf};

use base64ct::{Base64UrlUnpadded, Encoding as _};
use common::{
    EC_KEY, RSA_KEY, RSA_KEY_B, arg, harness, private_key, public_key, scratch, write_json,
};
use serde_json::{Value, json};

/// A JWKS shaped like Google's and Auth0's published documents, with keys a device cannot use.
fn published_jwks() -> Value {
    let with = |key: &Value, extra: Value| {
        let mut key = public_key(key);
        let object = key.as_object_mut().unwrap();
        for (name, value) in extra.as_object().unwrap() {
            object.insert(name.clone(), value.clone());
        }
        key
    };
    let rsa_a = private_key(RSA_KEY);
    let rsa_b = private_key(RSA_KEY_B);
    let ec = private_key(EC_KEY);
    let weak_n = Base64UrlUnpadded::encode_string(&[0xC5; 128]);
    json!({ "keys": [
        // 0: Auth0-style signing key with a certificate chain and thumbprints: kept, trimmed.
        with(&rsa_a, json!({"kid": "rsa-1", "use": "sig", "alg": "RS256",
            "x5c": ["MIIDBTCCAe2gAwIBAgIQN33ROaIJ6bJBWDCxtmJEbjANBgkqhkiG9w0BAQsFADAt"],
            "x5t": "2wfv9EfQPr8h8J0JkUkoG3Zs-kg", "x5t#S256": "x"})),
        // 1: an encryption key.
        with(&rsa_b, json!({"kid": "enc-1", "use": "enc", "alg": "RSA-OAEP"})),
        // 2: an EC key, but the issuer signs ID tokens with RS256 only.
        with(&ec, json!({"kid": "ec-1", "use": "sig"})),
        // 3: an RSA key for RS384, which the issuer does not list.
        with(&rsa_b, json!({"kid": "rsa-384", "use": "sig", "alg": "RS384"})),
        // 4: Ed448 (RFC 8037), which no build implements.
        {"kty": "OKP", "crv": "Ed448", "kid": "ed-1", "x": "X9dEm1m0Yf0s54fsYWrUah2hNCSFpw4fig6nXYDpZ3jt8SR2m0bHBhvWeD3x5Q9s0foavq_oJWGA"},
        // 5: RSA-1024.
        {"kty": "RSA", "kid": "weak", "n": weak_n, "e": "AQAB"},
        // 6: Google-style signing key without `use` or `x5c`: kept.
        with(&rsa_b, json!({"kid": "rsa-2", "alg": "RS256"})),
    ]})
}

fn discovery(dir: &Path, algs: Value) -> PathBuf {
    let file = dir.join("openid-configuration.json");
    write_json(
        &file,
        &json!({
            "issuer": "https://op.example",
            "jwks_uri": "https://op.example/jwks.json",
            "id_token_signing_alg_values_supported": algs,
            "response_types_supported": ["code"],
        }),
    );
    file
}

#[test]
fn drops_what_the_device_cannot_use_and_writes_public_members_only() {
    let dir = scratch("provision-json");
    let jwks = dir.join("jwks.json");
    write_json(&jwks, &published_jwks());
    let discovery = discovery(&dir, json!(["RS256", "ES256K"]));
    let out = dir.join("device.json");
    let run = harness(&[
        "provision",
        "--jwks",
        arg(&jwks),
        "--discovery",
        arg(&discovery),
        "--output",
        arg(&out),
    ]);
    assert_eq!(run.code, 0, "{run:?}");

    let dropped: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("dropped key"))
        .collect();
    assert_eq!(dropped.len(), 5, "{}", run.stderr);
    assert!(
        dropped[0].starts_with("dropped key 1 (kid \"enc-1\"): not_for_verification"),
        "{}",
        dropped[0]
    );
    assert!(
        dropped[1]
            .starts_with("dropped key 2 (kid \"ec-1\"): no allowed algorithm uses an EC P-256 key"),
        "{}",
        dropped[1]
    );
    assert!(dropped[2].starts_with("dropped key 3 (kid \"rsa-384\"): alg RS384 is not in id_token_signing_alg_values_supported"), "{}", dropped[2]);
    assert!(
        dropped[3].starts_with("dropped key 4 (kid \"ed-1\"): unsupported"),
        "{}",
        dropped[3]
    );
    assert!(
        dropped[4].starts_with("dropped key 5 (kid \"weak\"): weak"),
        "{}",
        dropped[4]
    );
    assert!(
        run.stderr
            .contains("\"ES256K\", which this verifier does not implement"),
        "{}",
        run.stderr
    );

    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let keys = written["keys"].as_array().unwrap();
    let kids: Vec<&str> = keys.iter().map(|k| k["kid"].as_str().unwrap()).collect();
    assert_eq!(kids, ["rsa-1", "rsa-2"]);
    let allowed = ["kty", "kid", "alg", "use", "n", "e", "crv", "x", "y", "k"];
    for key in keys {
        for name in key.as_object().unwrap().keys() {
            assert!(
                allowed.contains(&name.as_str()),
                "{name} should have been dropped"
            );
        }
        assert_eq!(key["kty"], "RSA");
    }
    assert_eq!(keys[0]["n"], published_jwks()["keys"][0]["n"]);
    assert_eq!(keys[0]["use"], "sig");
    // The output loads as a device would load it.
    let (set, report) = jwtv::KeySet::<2>::from_jwks(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!((set.len(), report.skipped()), (2, 0));

    // Sizes on a 32-bit device (Key: 36 bytes; KeySet: 8 + 40 per key + its store; pinned on
    // i686 by verifier/tests/sizes.rs).
    let memory = run
        .stdout
        .lines()
        .find(|l| l.starts_with("memory on a 32-bit device: "))
        .unwrap();
    // Two RSA-2048 keys: the modulus and R² mod n (256 bytes each) and the kids rsa-1, rsa-2.
    const MATERIAL: usize = 2 * (256 + 256) + 5 + 5;
    assert!(
        memory.starts_with(&format!(
            "memory on a 32-bit device: [Key; 2] = 72 bytes + {MATERIAL} bytes of key material"
        )),
        "{memory}"
    );
    let keyset_size = (8 + 2 * 40 + MATERIAL).next_multiple_of(4);
    assert!(
        memory.contains(&format!("KeySet<2, {MATERIAL}> = {keyset_size} bytes")),
        "{memory}"
    );
    // The set holds exactly that: no more storage is needed.
    let (set, _) = jwtv::KeySet::<2, MATERIAL>::from_jwks(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(set.bytes_used(), MATERIAL);
    assert!(run.stdout.contains("kept 2 of 7 keys"), "{}", run.stdout);
}

#[test]
fn alg_option_restricts_further_and_rust_output_is_a_static() {
    let dir = scratch("provision-rust");
    let jwks = dir.join("jwks.json");
    write_json(&jwks, &published_jwks());
    let out = dir.join("keys.rs");
    let run = harness(&[
        "provision",
        "--jwks",
        arg(&jwks),
        "--alg",
        "ES256",
        "--emit",
        "rust",
        "--output",
        arg(&out),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("dropped key 0 (kid \"rsa-1\"): alg RS256 is not among --alg ES256"),
        "{}",
        run.stderr
    );
    let source = std::fs::read_to_string(&out).unwrap();
    assert!(
        source.contains("pub static KEYS: [Key<'static>; 1] = ["),
        "{source}"
    );
    assert!(source.contains("Key::ec_p256("), "{source}");
    assert!(source.contains(".with_kid(\"ec-1\")"), "{source}");
    assert!(source.contains("use jwtv::Key;"), "{source}");
}

/// `--emit c`: a header of `const` arrays and the `jwtv_key_data` table `jwtv_keyset_borrow`
/// takes, each RSA key with its R² mod n (the bytes a key set computes), a client secret with
/// its pad states; a key of an opt-in family stops the build of a library without it.
#[test]
fn c_output_is_a_table_to_borrow_from_flash() {
    let dir = scratch("provision-c");
    let jwks = dir.join("jwks.json");
    write_json(&jwks, &published_jwks());
    let out = dir.join("jwtv_keys.h");
    let secret = "a-client-secret-of-at-least-thirty-two-bytes";
    let run = harness(&[
        "provision",
        "--jwks",
        arg(&jwks),
        "--alg",
        "RS256",
        "--alg",
        "HS256",
        "--client-secret",
        secret,
        "--emit",
        "c",
        "--output",
        arg(&out),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("(C header)"), "{}", run.stdout);
    let header = std::fs::read_to_string(&out).unwrap();
    assert!(header.contains("#include \"jwtv.h\""), "{header}");
    assert!(header.contains("#define JWTV_KEY_COUNT 3"), "{header}");
    assert!(
        header.contains("static const jwtv_key_data JWTV_KEYS[JWTV_KEY_COUNT] = {"),
        "{header}"
    );
    assert!(
        header.contains(
            "{JWTV_KEY_RSA, jwtv_key0_material, sizeof jwtv_key0_material, jwtv_key0_precomputed, sizeof jwtv_key0_precomputed, 65537, \"rsa-1\", JWTV_ALG_RS256},"
        ),
        "{header}"
    );
    assert!(
        header.contains(
            "{JWTV_KEY_OCT, jwtv_key2_material, sizeof jwtv_key2_material, jwtv_key2_precomputed, sizeof jwtv_key2_precomputed, 0, NULL, 0},"
        ),
        "{header}"
    );
    // The arrays hold what a key set computes from the same document.
    let (set, _) = jwtv::KeySet::<4, 2048>::from_jwks(&std::fs::read(&jwks).unwrap()).unwrap();
    let rsa_1 = set.iter().find(|key| key.kid() == Some("rsa-1")).unwrap();
    let c_array = |name: &str| -> Vec<u8> {
        let start = header.find(&format!("{name}[")).unwrap();
        let body = &header[start..];
        let body = &body[body.find('{').unwrap() + 1..body.find("};").unwrap()];
        body.split(',')
            .map(str::trim)
            .filter(|cell| !cell.is_empty())
            .map(|cell| u8::from_str_radix(cell.trim_start_matches("0x"), 16).unwrap())
            .collect()
    };
    assert_eq!(c_array("jwtv_key0_material"), rsa_1.material());
    assert_eq!(c_array("jwtv_key0_precomputed"), rsa_1.rsa_r2().unwrap());
    assert_eq!(c_array("jwtv_key2_material"), secret.as_bytes());
    let pads = jwtv::Key::oct(secret.as_bytes()).unwrap();
    let mut one = jwtv::KeySet::<1, 256>::new();
    one.push(pads).unwrap();
    assert_eq!(
        c_array("jwtv_key2_precomputed"),
        one.get(0).unwrap().hmac_sha256_pads().unwrap()
    );
    // Two slots and a head (36 bytes) on a 32-bit device, whatever the keys' size.
    assert!(
        run.stdout
            .contains("the key set is JWTV_KEYSET_BYTES(3, 0) = 156 bytes of RAM"),
        "{}",
        run.stdout
    );

    // An Ed25519 key: only a library built with `eddsa` takes it.
    let jwks = dir.join("ed.json");
    write_json(
        &jwks,
        &json!({ "keys": [
            {"kty": "OKP", "crv": "Ed25519", "kid": "ed \"1\"", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
        ]}),
    );
    let run = harness(&[
        "provision",
        "--jwks",
        arg(&jwks),
        "--emit",
        "c",
        "--output",
        arg(&out),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let header = std::fs::read_to_string(&out).unwrap();
    assert!(
        header.contains("#ifndef JWTV_FEATURE_EDDSA\n#error"),
        "{header}"
    );
    assert!(
        header.contains("{JWTV_KEY_ED25519, jwtv_key0_material, sizeof jwtv_key0_material, NULL, 0, 0, \"ed \\\"1\\\"\", 0},"),
        "{header}"
    );
}

/// An Ed25519 key (RFC 8037 A.2's) provisions as `Key::ed25519` with its 32 bytes.
#[test]
fn ed25519_keys_provision_as_rust() {
    let dir = scratch("provision-ed25519");
    let jwks = dir.join("jwks.json");
    write_json(
        &jwks,
        &json!({ "keys": [
            {"kty": "OKP", "crv": "Ed25519", "kid": "ed-1", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
            {"kty": "OKP", "crv": "Ed448", "kid": "ed-2", "x": "X9dEm1m0Yf0s54fsYWrUah2hNCSFpw4fig6nXYDpZ3jt8SR2m0bHBhvWeD3x5Q9s0foavq_oJWGA"},
        ]}),
    );
    let out = dir.join("keys.rs");
    let run = harness(&[
        "provision",
        "--jwks",
        arg(&jwks),
        "--alg",
        "EdDSA",
        "--emit",
        "rust",
        "--output",
        arg(&out),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("dropped key 1 (kid \"ed-2\"): unsupported"),
        "{}",
        run.stderr
    );
    let source = std::fs::read_to_string(&out).unwrap();
    assert!(
        source.contains("pub static KEYS: [Key<'static>; 1] = ["),
        "{source}"
    );
    // The first bytes of x, 11qYAYKx... = d7 5a 98 01 82 b1.
    assert!(source.contains("Key::ed25519(&["), "{source}");
    assert!(
        source.contains("0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1,"),
        "{source}"
    );
    // 32 bytes of key material and a 4-byte kid.
    assert!(source.contains("+ 36 bytes of key material"), "{source}");
    assert_eq!(source.matches("0x").count(), 32, "{source}");
    assert!(source.contains(".with_kid(\"ed-1\")"), "{source}");
}

#[test]
fn nothing_left_exits_1_and_bad_input_exits_2_naming_file_and_field() {
    let dir = scratch("provision-errors");
    let jwks = dir.join("jwks.json");
    write_json(&jwks, &published_jwks());
    let out = dir.join("out.json");
    let discovery_none = discovery(&dir, json!(["none"]));
    let run = harness(&[
        "provision",
        "--jwks",
        arg(&jwks),
        "--discovery",
        arg(&discovery_none),
        "--output",
        arg(&out),
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("no usable key left"), "{}", run.stderr);
    assert!(!out.exists());

    let bad_discovery = dir.join("bad-discovery.json");
    write_json(&bad_discovery, &json!({"issuer": "https://op.example"}));
    let run = harness(&[
        "provision",
        "--jwks",
        arg(&jwks),
        "--discovery",
        arg(&bad_discovery),
        "--output",
        arg(&out),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("bad-discovery.json"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("field `id_token_signing_alg_values_supported`"),
        "{}",
        run.stderr
    );

    write_json(
        &bad_discovery,
        &json!({"id_token_signing_alg_values_supported": "RS256"}),
    );
    let run = harness(&[
        "provision",
        "--jwks",
        arg(&jwks),
        "--discovery",
        arg(&bad_discovery),
        "--output",
        arg(&out),
    ]);
    assert_eq!(run.code, 2, "{run:?}");

    let bad_jwks = dir.join("bad-jwks.json");
    std::fs::write(&bad_jwks, "{\"keys\": [1, 2]}").unwrap();
    let run = harness(&["provision", "--jwks", arg(&bad_jwks), "--output", arg(&out)]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("bad-jwks.json") && run.stderr.contains("field `keys`"),
        "{}",
        run.stderr
    );

    std::fs::write(&bad_jwks, "{\"keys\": [").unwrap();
    let run = harness(&["provision", "--jwks", arg(&bad_jwks), "--output", arg(&out)]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("line 1 column"), "{}", run.stderr);
}

/// A published set holding a secret or a private key has leaked it: `provision` refuses the
/// whole document (exit 1, naming the key and the reason) and writes nothing.
#[test]
fn refuses_documents_that_publish_secret_or_private_material() {
    let dir = scratch("provision-leaks");
    let rsa = private_key(RSA_KEY);
    let ec = private_key(EC_KEY);
    let secret =
        json!({"kty": "oct", "kid": "hs-1", "k": Base64UrlUnpadded::encode_string(&[7; 64])});
    let cases = [
        (
            "secret beside public keys",
            json!({"keys": [public_key(&rsa), secret.clone()]}),
            "secret_in_public_set",
        ),
        (
            "a whole private RSA key",
            json!({"keys": [rsa.clone()]}),
            "private_key",
        ),
        (
            "an EC key with d",
            json!({"keys": [public_key(&rsa), ec.clone()]}),
            "private_key",
        ),
    ];
    for (what, doc, reason) in cases {
        let jwks = dir.join("jwks.json");
        write_json(&jwks, &doc);
        let out = dir.join("device.json");
        let _ = std::fs::remove_file(&out);
        let run = harness(&["provision", "--jwks", arg(&jwks), "--output", arg(&out)]);
        assert_eq!(run.code, 1, "{what}: {run:?}");
        assert!(run.stderr.contains(reason), "{what}: {}", run.stderr);
        assert!(
            run.stderr.contains("nothing written"),
            "{what}: {}",
            run.stderr
        );
        assert!(!out.exists(), "{what}");
    }
    // A document of secrets alone is not a published set: it provisions.
    let jwks = dir.join("secrets.json");
    write_json(&jwks, &json!({"keys": [secret]}));
    let out = dir.join("secrets-device.json");
    let run = harness(&["provision", "--jwks", arg(&jwks), "--output", arg(&out)]);
    assert_eq!(run.code, 0, "{run:?}");
}

/// The client secret is given apart from the published document; a JSON key set for a device
/// cannot carry it (the device would skip it), so only Rust output takes it.
#[test]
fn a_client_secret_is_added_explicitly() {
    let dir = scratch("provision-client-secret");
    let jwks = dir.join("jwks.json");
    write_json(&jwks, &json!({"keys": [public_key(&private_key(EC_KEY))]}));
    let secret = "a-client-secret-of-at-least-thirty-two-bytes";
    let out = dir.join("keys.rs");
    let run = harness(&[
        "provision",
        "--jwks",
        arg(&jwks),
        "--client-secret",
        secret,
        "--emit",
        "rust",
        "--output",
        arg(&out),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("kept 2 of 1 keys"), "{}", run.stdout);
    let json_out = dir.join("keys.json");
    let run = harness(&[
        "provision",
        "--jwks",
        arg(&jwks),
        "--client-secret",
        secret,
        "--output",
        arg(&json_out),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--emit rust"), "{}", run.stderr);
    let run = harness(&[
        "provision",
        "--jwks",
        arg(&jwks),
        "--client-secret",
        "short",
        "--emit",
        "rust",
        "--output",
        arg(&out),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("weak"), "{}", run.stderr);
}

/// An RSA key whose modulus has the ROCA fingerprint (CVE-2017-15361) is dropped as weak; the
/// rest of the document provisions.
#[test]
fn drops_roca_fingerprinted_rsa_keys() {
    let dir = scratch("provision-roca");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/keys");
    let read = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(fixtures.join(name)).unwrap()).unwrap()
    };
    let roca = public_key(&read("rsa2048-roca.json"));
    let good = public_key(&private_key(RSA_KEY));
    let jwks = dir.join("jwks.json");
    write_json(&jwks, &json!({"keys": [roca, good]}));
    let out = dir.join("device.json");
    let run = harness(&["provision", "--jwks", arg(&jwks), "--output", arg(&out)]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("dropped key 0") && run.stderr.contains("ROCA"),
        "{}",
        run.stderr
    );
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written["keys"].as_array().unwrap().len(), 1);
}
