//! Suite `hash-rules-by-flow`: which of `at_hash`, `c_hash` and `nonce` an ID token must carry,
//! by where it came from and the response type (OpenID Connect Core 1.0 s3.1.3.6-8,
//! s3.2.2.9-11, s3.3.2.9-12, s3.3.3.6), for algorithms of every hash size.

use serde_json::{Value, json};

use crate::common::{CLIENT, OP, Suite, case, half_hash, id_claims, id_defaults, patch, token};
use crate::keys::Keys;

const NONCE: &str = "n-0S6_WzA2Mj";
const ACCESS_TOKEN: &str = "jHkWEdUXMU1BwAsC4vtUsZwnNHX1wPWu";
const CODE: &str = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk";

/// One flow: its fixture name, its response type, and what it returns with the ID token.
struct Flow {
    /// Short name for case ids.
    tag: &'static str,
    source: &'static str,
    response_type: Option<&'static str>,
    access_token: bool,
    code: bool,
    /// Where the rules are.
    clause: &'static str,
}

const FLOWS: [Flow; 5] = [
    Flow {
        tag: "token-endpoint",
        source: "token_endpoint",
        response_type: None,
        access_token: true,
        code: false,
        clause: "OpenID Connect Core 1.0 s3.1.3.6 (at_hash OPTIONAL), s3.1.3.8",
    },
    Flow {
        tag: "implicit-id_token",
        source: "implicit",
        response_type: Some("id_token"),
        access_token: false,
        code: false,
        clause: "OpenID Connect Core 1.0 s3.2.2.10, s3.2.2.11 (nonce REQUIRED)",
    },
    Flow {
        tag: "implicit-id_token-token",
        source: "implicit",
        response_type: Some("id_token token"),
        access_token: true,
        code: false,
        clause: "OpenID Connect Core 1.0 s3.2.2.10 (at_hash REQUIRED), s3.2.2.9",
    },
    Flow {
        tag: "hybrid-code-id_token",
        source: "hybrid",
        response_type: Some("code id_token"),
        access_token: false,
        code: true,
        clause: "OpenID Connect Core 1.0 s3.3.2.11 (c_hash REQUIRED), s3.3.2.10",
    },
    Flow {
        tag: "hybrid-code-id_token-token",
        source: "hybrid",
        response_type: Some("code id_token token"),
        access_token: true,
        code: true,
        clause: "OpenID Connect Core 1.0 s3.3.2.11 (at_hash and c_hash REQUIRED), s3.3.2.9-10",
    },
];

impl Flow {
    fn policy(&self) -> Value {
        let mut p = json!({ "id_token_source": self.source, "nonce": NONCE });
        if let Some(rt) = self.response_type {
            p["response_type"] = json!(rt);
        }
        if self.access_token {
            p["access_token"] = json!(ACCESS_TOKEN);
        }
        if self.code {
            p["code"] = json!(CODE);
        }
        p
    }

    fn needs_nonce(&self) -> bool {
        self.source != "token_endpoint"
    }

    fn what(&self) -> String {
        match self.response_type {
            Some(rt) => format!("{} flow, response_type `{rt}`", self.source),
            None => "token endpoint".to_owned(),
        }
    }
}

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "oidc/hash-rules-by-flow.json",
        "hash-rules-by-flow",
        "ID tokens from the token endpoint, the implicit flow and the hybrid flow: at_hash, c_hash \
         and nonce required, optional or unchecked exactly as OpenID Connect Core 1.0 says for \
         each source and response type, with the hash of each token's alg (SHA-256, SHA-384, \
         SHA-512). The token-endpoint ID tokens without at_hash are what node oidc-provider issues.",
        id_defaults(),
    );
    crate::common::op_and_client_secret_keysets(&mut s, keys);
    let secret = keys.private_as("client-secret", None);
    let rsa = keys.private("rsa2048-a");
    let ec = keys.private("p256-a");
    let algs: [(&str, &Value, &str); 5] = [
        ("RS256", rsa, "op"),
        ("ES256", ec, "op"),
        ("PS384", rsa, "op"),
        ("RS512", rsa, "op"),
        ("HS256", &secret, "client-secret"),
    ];
    let base = id_claims();
    for (alg, key, keyset) in algs {
        let bits = &alg[2..];
        let at_hash = half_hash(alg, ACCESS_TOKEN);
        let c_hash = half_hash(alg, CODE);
        let lower = alg.to_lowercase();
        for flow in &FLOWS {
            let mut add =
                |suffix: &str, what: &str, members: Value, policy: Value, expect: &str| {
                    let claims = patch(&base, members);
                    let mut c = case(
                        format!("{lower}-{}-{suffix}", flow.tag),
                        format!("{alg} ID token, {}: {what}", flow.what()),
                        flow.clause,
                    )
                    .token(token(key, alg, json!({}), &claims))
                    .keyset(keyset)
                    .policy(flow.policy())
                    .policy(policy)
                    .expect(expect);
                    if expect == "valid" {
                        c = c.claims(json!({ "sub": "alice", "aud": CLIENT, "iss": OP }));
                    }
                    s.add(c);
                };
            let right = json!({
                "nonce": NONCE,
                "at_hash": if flow.access_token { json!(at_hash) } else { Value::Null },
                "c_hash": if flow.code { json!(c_hash) } else { Value::Null },
            });
            add(
                "hashes-right",
                "every hash the flow has, right",
                right.clone(),
                json!({}),
                "valid",
            );
            if flow.access_token {
                let (absent, expect) = if flow.source == "token_endpoint" {
                    ("at_hash absent: OPTIONAL here", "valid")
                } else {
                    (
                        "at_hash absent: REQUIRED with an access token",
                        "at_hash_mismatch",
                    )
                };
                add(
                    "at_hash-absent",
                    absent,
                    patch(&right, json!({ "at_hash": null })),
                    json!({}),
                    expect,
                );
                add(
                    "at_hash-wrong",
                    "at_hash of another access token",
                    patch(
                        &right,
                        json!({ "at_hash": half_hash(alg, "another access token") }),
                    ),
                    json!({}),
                    "at_hash_mismatch",
                );
                if bits != "256" {
                    add(
                        "at_hash-sha256",
                        &format!(
                            "at_hash is the SHA-256 half, not SHA-{bits}'s: the hash follows the alg"
                        ),
                        patch(
                            &right,
                            json!({ "at_hash": half_hash("RS256", ACCESS_TOKEN) }),
                        ),
                        json!({}),
                        "at_hash_mismatch",
                    );
                }
            } else {
                add(
                    "at_hash-unchecked",
                    "at_hash present, but no access token came with the ID token to check it against",
                    patch(
                        &right,
                        json!({ "at_hash": half_hash(alg, "an access token from elsewhere") }),
                    ),
                    json!({}),
                    "valid",
                );
            }
            if flow.code {
                add(
                    "c_hash-absent",
                    "c_hash absent: REQUIRED with a code from the authorization endpoint",
                    patch(&right, json!({ "c_hash": null })),
                    json!({}),
                    "c_hash_mismatch",
                );
                add(
                    "c_hash-wrong",
                    "c_hash of another code",
                    patch(&right, json!({ "c_hash": half_hash(alg, "another code") })),
                    json!({}),
                    "c_hash_mismatch",
                );
                if bits != "256" {
                    add(
                        "c_hash-sha256",
                        &format!("c_hash is the SHA-256 half, not SHA-{bits}'s"),
                        patch(&right, json!({ "c_hash": half_hash("RS256", CODE) })),
                        json!({}),
                        "c_hash_mismatch",
                    );
                }
            } else {
                add(
                    "c_hash-absent",
                    "c_hash absent: no code came with the ID token",
                    patch(&right, json!({ "c_hash": null })),
                    json!({}),
                    "valid",
                );
            }
            if flow.needs_nonce() {
                add(
                    "nonce-absent",
                    "nonce absent: REQUIRED in this flow",
                    patch(&right, json!({ "nonce": null })),
                    json!({}),
                    "nonce_mismatch",
                );
                add(
                    "nonce-other",
                    "nonce of another authentication request (a replayed or injected token): the value must be the one sent",
                    patch(&right, json!({ "nonce": "another-nonce" })),
                    json!({}),
                    "nonce_mismatch",
                );
                add(
                    "nonce-prefix",
                    "nonce that only starts with the one sent",
                    patch(&right, json!({ "nonce": format!("{NONCE}x") })),
                    json!({}),
                    "nonce_mismatch",
                );
            } else {
                add(
                    "nonce-absent",
                    "nonce absent and none expected: not required at the token endpoint",
                    patch(&right, json!({ "nonce": null })),
                    json!({ "nonce": null }),
                    "valid",
                );
            }
        }
    }
    // The token endpoint without an access token to check: at_hash is not checked.
    s.add(
        case(
            "rs256-token-endpoint-no-access-token",
            "RS256 ID token from the token endpoint with an at_hash, and no access token given to check it against: accepted",
            "OpenID Connect Core 1.0 s3.1.3.8 (the Client MAY use at_hash)",
        )
        .token(token(rsa, "RS256", json!({}), &patch(&base, json!({ "at_hash": half_hash("RS256", "x") }))))
        .keyset("op")
        .policy(json!({ "id_token_source": "token_endpoint" }))
        .valid()
        .claims(json!({ "sub": "alice" })),
    );
    // The strict form (no flow stated): the hash is required wherever the token came from.
    s.add(
        case(
            "rs256-strict-access-token-at_hash-absent",
            "RS256 ID token without at_hash, the policy naming the access token without a flow (the strict form): rejected, unlike the token-endpoint case",
            "OpenID Connect Core 1.0 s3.2.2.10; Policy::with_access_token",
        )
        .token(token(rsa, "RS256", json!({}), &base))
        .keyset("op")
        .policy(json!({ "access_token": ACCESS_TOKEN }))
        .expect("at_hash_mismatch"),
    );
    s.add(
        case(
            "rs256-strict-code-c_hash-absent",
            "RS256 ID token without c_hash, the policy naming the code without a flow (the strict form): rejected",
            "OpenID Connect Core 1.0 s3.3.2.11; Policy::with_code",
        )
        .token(token(rsa, "RS256", json!({}), &base))
        .keyset("op")
        .policy(json!({ "code": CODE }))
        .expect("c_hash_mismatch"),
    );
    // A logout token offered as an ID token from the token endpoint (no nonce there to tell
    // them apart): its events claim does.
    s.add(
        case(
            "rs256-token-endpoint-logout-token",
            "A logout token without typ (sub, no nonce) offered as an ID token from the token endpoint: its events claim makes it a security event, not an ID token",
            "OpenID Connect Back-Channel Logout 1.0 s4.1; RFC 8417 s4.1",
        )
        .token(token(
            rsa,
            "RS256",
            json!({}),
            &patch(
                &base,
                json!({ "jti": "bWJq", "events": { "http://schemas.openid.net/event/backchannel-logout": {} } }),
            ),
        ))
        .keyset("op")
        .policy(json!({ "id_token_source": "token_endpoint" }))
        .expect("prohibited_claim"),
    );
    s
}
