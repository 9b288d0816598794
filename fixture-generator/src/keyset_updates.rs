//! `fixtures/keyset-updates/scenarios.json`: signed key-set updates (`typ` `jwk-set+jwt`) as a
//! device meets them. Signed here with the test keys through `host_harness::jose` (RustCrypto),
//! not by the verifier; the stored-form steps are written by `KeySet::write_stored` and then
//! damaged by hand.

use base64ct::{Base64UrlUnpadded, Encoding as _};
use host_harness::corpus::keyset_update::{Scenario, ScenarioFile, Step, UpdatePolicySettings};
use jwtv::KeySet;
use serde_json::{Value, json};

use crate::common::{obj, text, token};
use crate::keys::Keys;

/// The devices' clock in the scenarios.
const T: u64 = 1_750_000_000;
const ISS: &str = "https://keys.example";
const SUB: &str = "door-controllers";
const TOKEN_ISS: &str = "https://op.example";
const ANCHOR: &str = "trust-anchor-es256";
const ANCHOR_B: &str = "trust-anchor-b-es256";

struct Builder<'k> {
    keys: &'k Keys,
}

impl Builder<'_> {
    fn claims(&self, kids: &[&str], iat: u64, exp: Option<u64>) -> Value {
        let keys: Vec<Value> = kids.iter().map(|kid| self.keys.public(kid)).collect();
        host_harness::corpus::keyset_update::update_claims(&keys, ISS, SUB, iat, exp)
    }

    /// An update signed by `signer` (its own `kid`), header `typ` `jwk-set+jwt`.
    fn signed(&self, signer: &str, claims: &Value) -> String {
        host_harness::corpus::keyset_update::sign_update(self.keys.private(signer), claims)
            .expect("signing")
    }

    /// An update with the header members given (`typ`, `kid` overrides).
    fn with_header(&self, signer: &str, alg: &str, header: Value, claims: &Value) -> String {
        token(self.keys.private(signer), alg, header, claims)
    }

    fn token(&self, kid: &str, alg: &str) -> String {
        token(
            self.keys.private(kid),
            alg,
            json!({}),
            &json!({"iss": TOKEN_ISS, "sub": "door-3", "iat": T - 60, "exp": T + 3600}),
        )
    }
}

fn step(id: &str, description: &str, now: u64, expect: &str) -> Step {
    Step {
        id: id.into(),
        description: description.into(),
        update: None,
        stored: None,
        token: None,
        now,
        expect: expect.into(),
        installs: None,
    }
}

fn update(id: &str, description: &str, update: String, now: u64, expect: &str) -> Step {
    Step {
        update: Some(update),
        ..step(id, description, now, expect)
    }
}

fn installs(mut step: Step, kids: &[&str]) -> Step {
    step.installs = Some(kids.iter().map(|k| (*k).to_owned()).collect());
    step
}

fn token_step(id: &str, description: &str, token: String, expect: &str) -> Step {
    Step {
        token: Some(token),
        ..step(id, description, T, expect)
    }
}

fn stored_step(id: &str, description: &str, bytes: &[u8], expect: &str) -> Step {
    Step {
        stored: Some(Base64UrlUnpadded::encode_string(bytes)),
        ..step(id, description, T, expect)
    }
}

/// The stored form of the set `kids` (as the devices' `KeySet<4>` holds it) with `iat`.
fn stored(keys: &Keys, kids: &[&str], iat: u64) -> Vec<u8> {
    let jwks = text(&json!({ "keys": kids.iter().map(|k| keys.public(k)).collect::<Vec<_>>() }));
    let (set, _) = KeySet::<4>::from_jwks(jwks.as_bytes()).expect("the test keys load");
    let mut out = vec![0u8; set.stored_len()];
    let len = set.write_stored(iat, &mut out).expect("room");
    out.truncate(len);
    out
}

pub fn scenarios(keys: &Keys) -> ScenarioFile {
    let b = Builder { keys };
    let u1 = b.signed(ANCHOR, &b.claims(&["p256-a"], T - 86_400, None));
    let u2 = b.signed(
        ANCHOR,
        &b.claims(&["p256-a", "p256-b"], T - 3600, Some(T + 30 * 86_400)),
    );
    let u3 = b.signed(ANCHOR_B, &b.claims(&["p256-b", "rsa2048-a"], T - 60, None));
    let rotation = Scenario {
        name: "rotation".into(),
        steps: vec![
            installs(
                update(
                    "first-set",
                    "the first signed set, p256-a alone, onto a device with nothing installed",
                    u1.clone(),
                    T - 86_000,
                    "valid",
                ),
                &["p256-a"],
            ),
            token_step(
                "new-key-not-yet-known",
                "a token by p256-b, which the installed set lacks",
                b.token("p256-b", "ES256"),
                "key_not_found",
            ),
            token_step(
                "old-key-accepted",
                "a token by p256-a",
                b.token("p256-a", "ES256"),
                "valid",
            ),
            installs(
                update(
                    "rotation-adds-p256-b",
                    "the next set (newer iat, with exp): p256-a and p256-b",
                    u2.clone(),
                    T,
                    "valid",
                ),
                &["p256-a", "p256-b"],
            ),
            token_step(
                "new-key-accepted",
                "the p256-b token, after the update",
                b.token("p256-b", "ES256"),
                "valid",
            ),
            update(
                "old-update-replayed",
                "the first update again: its iat is older than the installed set's",
                u1,
                T,
                "key_set_rollback",
            ),
            installs(
                update(
                    "same-iat-twice",
                    "the installed update again: an iat not newer is refused",
                    u2,
                    T,
                    "key_set_rollback",
                ),
                &["p256-a", "p256-b"],
            ),
            installs(
                update(
                    "second-anchor-signs",
                    "a set signed by the second trust anchor (anchor rotation): p256-a withdrawn, rsa2048-a added",
                    u3,
                    T,
                    "valid",
                ),
                &["p256-b", "rsa2048-a"],
            ),
            token_step(
                "withdrawn-key-refused",
                "a p256-a token after p256-a was withdrawn",
                b.token("p256-a", "ES256"),
                "key_not_found",
            ),
            token_step(
                "rsa-key-accepted",
                "an RS256 token by the newly added rsa2048-a",
                b.token("rsa2048-a", "RS256"),
                "valid",
            ),
        ],
    };

    let good = b.claims(&["p256-b"], T - 60, None);
    let typ = json!({"typ": "jwk-set+jwt"});
    let mut tampered_claims = good.clone();
    tampered_claims["keys"][0]["x"] = keys.public("p256-a")["x"].clone();
    let tampered = {
        let signed = b.signed(ANCHOR, &good);
        let mut parts: Vec<String> = signed.split('.').map(str::to_owned).collect();
        parts[1] = host_harness::jose::b64(text(&tampered_claims).as_bytes());
        parts.join(".")
    };
    let mut private = keys.private("p256-a").clone();
    private["kid"] = json!("p256-a");
    let mut secret_inside = good.clone();
    secret_inside["keys"]
        .as_array_mut()
        .unwrap()
        .push(keys.public("hs-32"));
    let mut private_inside = good.clone();
    private_inside["keys"].as_array_mut().unwrap().push(private);
    let mut duplicate = b.claims(&["p256-a", "p256-b"], T - 60, None);
    duplicate["keys"][1]["kid"] = json!("p256-a");
    let mut without_typ = obj(json!({}));
    without_typ.insert("kid".into(), json!(ANCHOR));
    let refusals = Scenario {
        name: "refusals".into(),
        steps: vec![
            update(
                "wrong-signer",
                "signed by an issuer key (its own kid), not a trust anchor",
                b.with_header("p256-a", "ES256", typ.clone(), &good),
                T,
                "key_not_found",
            ),
            update(
                "wrong-signer-anchor-kid",
                "signed by an issuer key under the trust anchor's kid",
                b.with_header(
                    "p256-a",
                    "ES256",
                    json!({"typ": "jwk-set+jwt", "kid": ANCHOR}),
                    &good,
                ),
                T,
                "invalid_signature",
            ),
            update(
                "tampered-key",
                "a key's x replaced after signing",
                tampered,
                T,
                "invalid_signature",
            ),
            update(
                "algorithm-not-allowed",
                "signed with ES384 under the anchor's kid (the anchors sign ES256)",
                b.with_header(
                    "p384-a",
                    "ES384",
                    json!({"typ": "jwk-set+jwt", "kid": ANCHOR}),
                    &good,
                ),
                T,
                "algorithm_not_allowed",
            ),
            update(
                "no-typ",
                "no typ header",
                b.with_header(ANCHOR, "ES256", Value::Object(without_typ), &good),
                T,
                "type_mismatch",
            ),
            update(
                "typ-jwt",
                "typ JWT: a token, not a key set",
                b.with_header(ANCHOR, "ES256", json!({"typ": "JWT"}), &good),
                T,
                "type_mismatch",
            ),
            update(
                "expired",
                "exp an hour ago",
                b.signed(ANCHOR, &b.claims(&["p256-b"], T - 7200, Some(T - 3600))),
                T,
                "expired",
            ),
            update(
                "issued-in-future",
                "iat beyond now plus the 300 s leeway",
                b.signed(ANCHOR, &b.claims(&["p256-b"], T + 301, None)),
                T,
                "issued_in_future",
            ),
            update(
                "wrong-iss",
                "iss of another signer",
                b.signed(ANCHOR, &{
                    let mut c = good.clone();
                    c["iss"] = json!("https://keys.other.example");
                    c
                }),
                T,
                "issuer_mismatch",
            ),
            update(
                "wrong-sub",
                "sub naming other devices",
                b.signed(ANCHOR, &{
                    let mut c = good.clone();
                    c["sub"] = json!("thermostats");
                    c
                }),
                T,
                "subject_mismatch",
            ),
            update(
                "oversize-count",
                "five keys for a device set of four",
                b.signed(
                    ANCHOR,
                    &b.claims(
                        &["p256-a", "p256-b", "p384-a", "p384-b", "p521-a"],
                        T - 60,
                        None,
                    ),
                ),
                T,
                "capacity_exceeded",
            ),
            update(
                "oversize-bytes",
                "four RSA keys (4096, 3072, 2048, 2048 bits): 2,848 bytes with their Montgomery \
                 constants and kids, more than the set's 2,560",
                b.signed(
                    ANCHOR,
                    &b.claims(
                        &["rsa4096", "rsa3072", "rsa2048-a", "rsa2048-b"],
                        T - 60,
                        None,
                    ),
                ),
                T,
                "capacity_exceeded",
            ),
            update(
                "secret-inside",
                "an HMAC secret (oct) among the keys",
                b.signed(ANCHOR, &secret_inside),
                T,
                "key_set_secret",
            ),
            update(
                "private-key-inside",
                "p256-a with its private d",
                b.signed(ANCHOR, &private_inside),
                T,
                "key_set_private_key",
            ),
            update(
                "trust-anchor-inside",
                "the second trust anchor's public key in the set",
                b.signed(ANCHOR, &b.claims(&["p256-b", ANCHOR_B], T - 60, None)),
                T,
                "key_set_holds_trust_anchor",
            ),
            update(
                "empty",
                "no keys",
                b.signed(ANCHOR, &b.claims(&[], T - 60, None)),
                T,
                "key_set_empty",
            ),
            update(
                "duplicate-kid",
                "two keys with one kid",
                b.signed(ANCHOR, &duplicate),
                T,
                "ambiguous_key",
            ),
            installs(
                update(
                    "then-a-good-one",
                    "after every refusal, a good update still installs",
                    b.signed(ANCHOR, &good),
                    T,
                    "valid",
                ),
                &["p256-b"],
            ),
        ],
    };

    let good_stored = stored(keys, &["p256-a", "p256-b"], T - 3600);
    let mut flipped = good_stored.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x10;
    let mut version = good_stored.clone();
    version[4] = 2;
    let boot = Scenario {
        name: "stored-at-boot".into(),
        steps: vec![
            stored_step(
                "stored-flipped-byte",
                "the stored set with one bit flipped",
                &flipped,
                "stored_key_set_corrupt",
            ),
            stored_step(
                "stored-truncated",
                "the stored set cut short",
                &good_stored[..good_stored.len() - 1],
                "stored_key_set_corrupt",
            ),
            stored_step(
                "stored-version-2",
                "a format version this build does not read",
                &version,
                "stored_key_set_version",
            ),
            installs(
                stored_step(
                    "stored-read",
                    "the stored set read at boot",
                    &good_stored,
                    "valid",
                ),
                &["p256-a", "p256-b"],
            ),
            token_step(
                "token-after-boot",
                "a p256-b token against the set read back",
                b.token("p256-b", "ES256"),
                "valid",
            ),
            update(
                "replay-after-boot",
                "an update older than the stored set's iat",
                b.signed(ANCHOR, &b.claims(&["p256-a"], T - 86_400, None)),
                T,
                "key_set_rollback",
            ),
        ],
    };

    ScenarioFile {
        format: 1,
        suite: "keyset-updates".into(),
        description: "Signed key-set updates (OpenID Federation 1.0's signed JWK Set, typ \
                      jwk-set+jwt) on a device with a KeySet<4>: rotation, anchor rotation, \
                      replay, every refusal, and the stored binary form read at boot."
            .into(),
        trust_anchors: json!({"keys": [keys.public(ANCHOR), keys.public(ANCHOR_B)]}),
        update_policy: UpdatePolicySettings {
            algorithms: vec!["ES256".into()],
            iss: ISS.into(),
            sub: SUB.into(),
            leeway: 300,
        },
        token_issuer: TOKEN_ISS.into(),
        token_algorithms: vec!["ES256".into(), "RS256".into()],
        scenarios: vec![rotation, refusals, boot],
    }
}
