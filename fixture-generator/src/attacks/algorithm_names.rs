//! Suite `attack-algorithm-names` (`fixtures/attacks/algorithm-names.json`): Algorithm names the
//! verifier does not implement or the caller did not allow: names are exact and case-sensitive;
//! the caller's allow-list decides.

use serde_json::{Value, json};

use super::{good, op_keyset_with_hs64 as op_keyset};
use crate::common::{Suite, case, id_claims, id_defaults, raw_token, text, token, token_bytes};
use crate::keys::Keys;

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/algorithm-names.json",
        "attack-algorithm-names",
        "Algorithm names the verifier does not implement or the caller did not allow: names are \
         exact and case-sensitive; the caller's allow-list decides",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    let claims = text(&id_claims());
    let rs = keys.private("rsa2048-a");
    let ec = keys.private("p256-a");
    let hs = keys.private("hs-32");
    let src = "RFC 7518 s3.1; RFC 8725 s3.1";
    let names: Vec<(&str, &str, &Value, &str, &str)> = vec![
        // Implemented names whose key kind the set lacks (no P-521, P-384 or Ed25519 key;
        // Ed25519 is RFC 9864's name for EdDSA with Ed25519).
        ("es512", "ES512", ec, "ES256", "key_not_found"),
        ("es384", "ES384", ec, "ES256", "key_not_found"),
        ("ed25519", "Ed25519", ec, "ES256", "key_not_found"),
        (
            "lowercase-eddsa",
            "eddsa",
            ec,
            "ES256",
            "unsupported_algorithm",
        ),
        (
            "lowercase-ed25519",
            "ed25519",
            ec,
            "ES256",
            "unsupported_algorithm",
        ),
        ("ed448", "Ed448", ec, "ES256", "unsupported_algorithm"),
        ("es256k", "ES256K", ec, "ES256", "unsupported_algorithm"),
        ("rs1", "RS1", rs, "RS256", "unsupported_algorithm"),
        (
            "lowercase-rs256",
            "rs256",
            rs,
            "RS256",
            "unsupported_algorithm",
        ),
        (
            "lowercase-hs256",
            "hs256",
            hs,
            "HS256",
            "unsupported_algorithm",
        ),
        (
            "hs256-trailing-space",
            "HS256 ",
            hs,
            "HS256",
            "unsupported_algorithm",
        ),
        (
            "hs256-nul",
            "HS256\u{0}",
            hs,
            "HS256",
            "unsupported_algorithm",
        ),
        (
            "repeated-name",
            "RS256RS256RS256",
            rs,
            "RS256",
            "unsupported_algorithm",
        ),
        ("rsa-oaep", "RSA-OAEP", rs, "RS256", "unsupported_algorithm"),
        ("dir", "dir", hs, "HS256", "unsupported_algorithm"),
    ];
    for (id, name, key, sign_alg, expect) in names {
        let header = text(&json!({ "alg": name }));
        s.add(
            case(
                format!("alg-{id}"),
                format!("Token whose header alg is {name:?} (signed {sign_alg}): not implemented"),
                src,
            )
            .token(raw_token(
                header.as_bytes(),
                claims.as_bytes(),
                key,
                sign_alg,
            ))
            .keyset("op")
            .expect(expect),
        );
    }
    let allow: Vec<(&str, &str, &Value, Value, &str)> = vec![
        (
            "hs256-only-rs256-allowed",
            "HS256",
            hs,
            json!(["RS256"]),
            "algorithm_not_allowed",
        ),
        (
            "rs256-only-es256-allowed",
            "RS256",
            rs,
            json!(["ES256"]),
            "algorithm_not_allowed",
        ),
        (
            "ps256-only-rs256-allowed",
            "PS256",
            rs,
            json!(["RS256"]),
            "algorithm_not_allowed",
        ),
        (
            "es256-only-hs-allowed",
            "ES256",
            ec,
            json!(["HS256", "HS384", "HS512"]),
            "algorithm_not_allowed",
        ),
        (
            "es256-empty-allow-list",
            "ES256",
            ec,
            json!([]),
            "algorithm_not_allowed",
        ),
        ("es256-allowed", "ES256", ec, json!(["ES256"]), "valid"),
        (
            "hs256-allowed-among-others",
            "HS256",
            hs,
            json!(["RS256", "ES256", "HS256"]),
            "valid",
        ),
    ];
    for (id, alg, key, algorithms, expect) in allow {
        let mut c = case(
            id,
            format!("{alg} token, the caller allows {}", text(&algorithms)),
            src,
        )
        .token(token(key, alg, json!({}), &id_claims()))
        .keyset("op")
        .policy(json!({ "algorithms": algorithms }))
        .expect(expect);
        if expect == "valid" {
            c = c.claims(good("alice"));
        }
        s.add(c);
    }
    let _ = token_bytes;
    s
}
