//! An operator's walk: a trust anchor made with `trust-anchor`, an update signed with it
//! (`provision --sign-with`, `--exp +30d`), what a device has installed (`verify-keyset
//! --installed`), and refusals that name their values. The oracles are independent of the
//! harness: the p256 and ed25519-dalek crates derive the public keys, the update's claims are
//! decoded here, file modes come from the file system.

// Test code: a failed assumption should fail the test, loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod common;

use std::path::Path;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use common::{EC_KEY_B, RSA_KEY, arg, harness, jwks, private_key, scratch, write_json};
use serde_json::Value;

fn b64(text: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(text).unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The claims of a compact JWS, decoded here.
fn claims_of(update: &Path) -> Value {
    let text = std::fs::read_to_string(update).unwrap();
    let payload = text.trim_end().split('.').nth(1).unwrap();
    serde_json::from_slice(&b64(payload)).unwrap()
}

fn make_anchor(dir: &Path, alg: &str, kid: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let private = dir.join(format!("{kid}-private.json"));
    let public = dir.join(format!("{kid}-public.json"));
    let run = harness(&[
        "trust-anchor",
        "--alg",
        alg,
        "--kid",
        kid,
        "--private",
        arg(&private),
        "--public",
        arg(&public),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    (private, public)
}

#[test]
fn trust_anchors_are_fresh_consistent_key_pairs_and_the_private_half_is_owner_only() {
    let dir = scratch("trust-anchor");
    let (private, public) = make_anchor(&dir, "ES256", "anchor-a");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&private).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    let jwk = read_json(&private);
    assert_eq!(jwk["kid"], "anchor-a");
    assert_eq!(jwk["alg"], "ES256");
    // The public point is d·G, by p256.
    let secret = p256::SecretKey::from_slice(&b64(jwk["d"].as_str().unwrap())).unwrap();
    let point = secret.public_key().to_sec1_bytes();
    let published = read_json(&public);
    let keys = published["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(b64(keys[0]["x"].as_str().unwrap()), point[1..33]);
    assert_eq!(b64(keys[0]["y"].as_str().unwrap()), point[33..]);
    assert!(keys[0].get("d").is_none(), "{published}");
    assert_eq!(keys[0]["kid"], "anchor-a");

    // Another run, another key.
    let (private_b, _) = make_anchor(&dir, "ES256", "anchor-b");
    assert_ne!(read_json(&private_b)["d"], jwk["d"]);

    // Ed25519: the public key from the seed, by ed25519-dalek.
    let (private_ed, public_ed) = make_anchor(&dir, "EdDSA", "anchor-ed");
    let seed: [u8; 32] = b64(read_json(&private_ed)["d"].as_str().unwrap())
        .try_into()
        .unwrap();
    let verifying = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key();
    assert_eq!(
        b64(read_json(&public_ed)["keys"][0]["x"].as_str().unwrap()),
        verifying.as_bytes()
    );

    // A kid a device cannot store is refused before any key is made.
    let long = "k".repeat(jwtv::MAX_KID_LEN + 1);
    for kid in ["", long.as_str()] {
        let private = dir.join("refused.json");
        let run = harness(&[
            "trust-anchor",
            "--kid",
            kid,
            "--private",
            arg(&private),
            "--public",
            arg(&dir.join("refused-public.json")),
        ]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains("--kid must be 1 to"), "{run:?}");
        assert!(!private.exists());
    }

    // An existing private key is never overwritten.
    let before = std::fs::read(&private).unwrap();
    let run = harness(&[
        "trust-anchor",
        "--kid",
        "anchor-a",
        "--private",
        arg(&private),
        "--public",
        arg(&dir.join("other.json")),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("refusing to overwrite"), "{run:?}");
    assert_eq!(std::fs::read(&private).unwrap(), before);
}

#[test]
fn an_update_signed_with_a_new_anchor_installs_and_its_refusals_name_their_values() {
    let dir = scratch("anchor-walk");
    let (private, public) = make_anchor(&dir, "ES256", "anchor-2026");
    let issuer = dir.join("issuer.json");
    write_json(
        &issuer,
        &jwks(&[&private_key(RSA_KEY), &private_key(EC_KEY_B)]),
    );
    let update = dir.join("update.jwt");
    let stored = dir.join("keys.bin");
    let run = harness(&[
        "provision",
        "--jwks",
        arg(&issuer),
        "--sign-with",
        arg(&private),
        "--iss",
        "https://keys.example",
        "--sub",
        "door-controllers",
        "--exp",
        "+30d",
        "--output",
        arg(&update),
        "--binary",
        arg(&stored),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let claims = claims_of(&update);
    let iat = claims["iat"].as_u64().unwrap();
    assert_eq!(claims["exp"].as_u64().unwrap() - iat, 30 * 86_400);
    let kids: Vec<&str> = claims["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();

    // What the device has: the stored set's iat and kids.
    let run = harness(&["verify-keyset", "--installed", arg(&stored)]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        format!(
            "installed: iat {iat}, {} keys: {} ({})\n",
            kids.len(),
            kids.join(", "),
            stored.display()
        )
    );

    let now = (iat + 10).to_string();
    let check = |extra: &[&str], anchor: &Path, sub: &str| {
        let mut args = vec![
            "verify-keyset",
            "--trust-anchor",
            arg(anchor),
            "--iss",
            "https://keys.example",
            "--sub",
            sub,
            "--now",
            &now,
        ];
        args.extend_from_slice(extra);
        args.push(arg(&update));
        harness(&args)
    };
    let run = check(&[], &public, "door-controllers");
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.starts_with(&format!("accepted: iat {iat}, ")),
        "{run:?}"
    );

    // The same update again, against the stored set: both iat values.
    let run = check(&["--installed", arg(&stored)], &public, "door-controllers");
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .trim_end()
            .starts_with("error: key_set_rollback: ")
            && run
                .stderr
                .trim_end()
                .ends_with(&format!("(iat {iat}, installed iat {iat})")),
        "{run:?}"
    );
    let older = (iat - 1).to_string();
    let run = check(&["--installed-iat", &older], &public, "door-controllers");
    assert_eq!(run.code, 0, "{run:?}");

    // Another subject: both subjects.
    let run = check(&[], &public, "thermostats");
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .contains(r#"(sub "door-controllers", expected "thermostats")"#),
        "{run:?}"
    );

    // Another anchor: the update's kid, and the anchors' kids.
    let (_, other) = make_anchor(&dir, "ES256", "anchor-other");
    let run = check(&[], &other, "door-controllers");
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.starts_with("error: key_not_found: "), "{run:?}");
    assert!(
        run.stderr.contains(r#"(alg ES256, kid "anchor-2026")"#)
            && run
                .stderr
                .contains(r#"trust anchors: kid "anchor-other" (ES256)"#),
        "{run:?}"
    );

    // Checking an update needs the anchors and the policy; showing a stored set does not.
    let run = harness(&["verify-keyset", arg(&update)]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("--trust-anchor, --iss, --sub and --now"),
        "{run:?}"
    );
    let run = harness(&["verify-keyset", "--installed", arg(&update)]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("not a stored key set"), "{run:?}");
}

#[test]
fn a_relative_exp_is_bounded() {
    let dir = scratch("relative-exp");
    let (private, _) = make_anchor(&dir, "ES256", "anchor");
    let issuer = dir.join("issuer.json");
    write_json(&issuer, &jwks(&[&private_key(EC_KEY_B)]));
    let run = harness(&[
        "provision",
        "--jwks",
        arg(&issuer),
        "--sign-with",
        arg(&private),
        "--iss",
        "i",
        "--sub",
        "s",
        "--exp",
        "+3651d",
        "--output",
        arg(&dir.join("update.jwt")),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("at most 3650 days"), "{run:?}");
    assert!(!dir.join("update.jwt").exists());
}

#[test]
fn a_failing_key_set_update_step_shows_the_refusals_values() {
    let dir = scratch("keyset-updates-fail");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("fixtures/keyset-updates/scenarios.json");
    let mut file = read_json(&corpus);
    // The replay, said to be accepted; and a wrong subject, said to be expired.
    let mut changed = 0;
    for scenario in file["scenarios"].as_array_mut().unwrap() {
        for step in scenario["steps"].as_array_mut().unwrap() {
            match step["id"].as_str().unwrap() {
                "old-update-replayed" => {
                    step["expect"] = "valid".into();
                    changed += 1;
                }
                "wrong-sub" => {
                    step["expect"] = "expired".into();
                    changed += 1;
                }
                _ => {}
            }
        }
    }
    assert_eq!(changed, 2);
    let path = dir.join("scenarios.json");
    write_json(&path, &file);
    let run = harness(&["keyset-updates", arg(&path)]);
    assert_eq!(run.code, 1, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    let after = |id: &str| {
        let at = lines
            .iter()
            .position(|l| l.starts_with("FAIL ") && l.contains(&format!("/ {id}: ")))
            .unwrap_or_else(|| panic!("no FAIL line for {id}: {}", run.stdout));
        (lines[at], lines[at + 1])
    };
    let (fail, detail) = after("old-update-replayed");
    assert!(fail.contains("expected valid"), "{fail}");
    assert!(detail.starts_with("    key_set_rollback: "), "{detail}");
    assert!(
        detail.contains("(iat ") && detail.contains(", installed iat "),
        "{detail}"
    );
    let (_, detail) = after("wrong-sub");
    assert!(detail.starts_with("    subject_mismatch: "), "{detail}");
    assert!(
        detail.contains(", expected \"door-controllers\")"),
        "{detail}"
    );
}
