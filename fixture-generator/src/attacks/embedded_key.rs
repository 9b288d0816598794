//! Suite `attack-embedded-key` (`fixtures/attacks/embedded-key.json`): Keys carried or pointed to
//! by the token (jwk, jku, x5u, x5c) and signing it: never used (CVE-2018-0114, RFC 8725 s3.10).

use serde_json::{Value, json};

use super::{good, lower, op_keyset};
use crate::common::{Suite, case, filler, id_claims, id_defaults, token};
use crate::keys::Keys;
use host_harness::jose::b64;

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/embedded-key.json",
        "attack-embedded-key",
        "Keys carried or pointed to by the token (jwk, jku, x5u, x5c) and signing it: never used \
         (CVE-2018-0114, RFC 8725 s3.10)",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    let claims = id_claims();
    let source = "CVE-2018-0114; RFC 7515 s4.1.2-4.1.6; RFC 8725 s3.10";
    let cert = crate::common::std_b64(
        &[
            &[0x30u8, 0x82, 0x02, 0x2a][..],
            &filler("attacker cert", 550),
        ]
        .concat(),
    );
    let attacker_secret = json!({ "kty": "oct", "kid": "attacker-hs", "k": b64(b"an attacker-chosen HMAC secret, 32+ bytes") });
    for (alg, real_kid, attacker_kid) in [
        ("RS256", "rsa2048-a", "rsa2048-c"),
        ("ES256", "p256-a", "p256-b"),
        ("HS256", "hs-32", "attacker-hs"),
    ] {
        let attacker = if alg == "HS256" {
            attacker_secret.clone()
        } else {
            keys.private(attacker_kid).clone()
        };
        let attacker_public = if alg == "HS256" {
            attacker_secret.clone()
        } else {
            keys.public(attacker_kid)
        };
        let members: Vec<(&str, Value)> = vec![
            ("jwk", json!({ "jwk": attacker_public })),
            (
                "jku",
                json!({ "jku": "https://attacker.example/.well-known/jwks.json" }),
            ),
            ("x5u", json!({ "x5u": "https://attacker.example/cert.pem" })),
            ("x5c", json!({ "x5c": [cert.clone()] })),
        ];
        for (member, header) in members {
            for (kid_label, kid, expect, why) in [
                (
                    "no-kid",
                    Value::Null,
                    "invalid_signature",
                    "no kid, so the provider's only key of that type is used, and fails",
                ),
                (
                    "attacker-kid",
                    json!(attacker_kid),
                    "key_not_found",
                    "the attacker's kid is not provisioned",
                ),
                (
                    "provider-kid",
                    json!(real_kid),
                    "invalid_signature",
                    "the provider's kid selects the provider's key, which fails",
                ),
            ] {
                let mut h = header.clone();
                h["kid"] = kid;
                s.add(
                    case(
                        format!("{}-{member}-{kid_label}", lower(alg)),
                        format!("{alg} token signed by an attacker key, with a header {member} naming that key; {why}"),
                        source,
                    )
                    .token(token(&attacker, alg, h, &claims))
                    .keyset("op")
                    .expect(expect),
                );
            }
        }
        // Controls: the same header members on a token the provider really signed change nothing.
        let real = keys.private(real_kid);
        let real_public = keys.public(real_kid);
        s.add(
            case(format!("{}-jwk-matching-provider-key", lower(alg)), format!("{alg} token signed by the provider, whose header also embeds the provider's own key: the embedded key is ignored, the provisioned one verifies"), source)
                .token(token(real, alg, json!({ "jwk": real_public }), &claims))
                .keyset("op")
                .valid()
                .claims(good("alice")),
        );
        s.add(
            case(format!("{}-jku-on-genuine-token", lower(alg)), format!("{alg} token signed by the provider with a jku header: nothing is fetched, the provisioned key verifies"), source)
                .token(token(real, alg, json!({ "jku": "https://op.example/jwks.json", "x5u": "https://op.example/cert.pem" }), &claims))
                .keyset("op")
                .valid()
                .claims(good("alice")),
        );
    }
    s
}
