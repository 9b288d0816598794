//! The fixture format (version 1) as builders, and token-making helpers shared by every suite.

use std::collections::BTreeSet;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use host_harness::jose::{self, b64};
use serde_json::{Map, Value, json};
use sha2::Digest as _;

/// The fixed "current time" of most cases: 2023-11-14T22:13:20Z.
pub const NOW: u64 = 1_700_000_000;
/// The synthetic OpenID provider and its relying party.
pub const OP: &str = "https://op.example";
pub const CLIENT: &str = "client-1";

/// One suite file.
pub struct Suite {
    pub file: &'static str,
    name: &'static str,
    description: &'static str,
    keysets: Map<String, Value>,
    secrets: Map<String, Value>,
    /// Keysets that publish private members on purpose (leaked-key cases).
    leaked: BTreeSet<String>,
    defaults: Value,
    cases: Vec<Value>,
    ids: BTreeSet<String>,
}

impl Suite {
    pub fn new(
        file: &'static str,
        name: &'static str,
        description: &'static str,
        defaults: Value,
    ) -> Suite {
        Suite {
            file,
            name,
            description,
            keysets: Map::new(),
            secrets: Map::new(),
            leaked: BTreeSet::new(),
            defaults,
            cases: Vec::new(),
            ids: BTreeSet::new(),
        }
    }

    /// A relying party's keys: the public ones as the issuer's published `{"keys": [...]}`, and
    /// any secrets (`oct`) as the RP holds a client secret, beside it in `secrets` (a published
    /// set never yields a secret). A set of secrets alone is published as it is.
    pub fn keyset(&mut self, name: &str, keys: Vec<Value>) {
        let is_secret = |k: &Value| k.get("kty").and_then(Value::as_str) == Some("oct");
        let (secrets, public): (Vec<Value>, Vec<Value>) = keys.into_iter().partition(is_secret);
        if public.is_empty() {
            self.keyset_doc(name, json!({ "keys": secrets }));
            return;
        }
        self.keyset_doc(name, json!({ "keys": public }));
        if !secrets.is_empty() {
            self.secrets.insert(name.into(), json!({ "keys": secrets }));
        }
    }

    /// A key set document exactly as given (may be malformed on purpose).
    pub fn keyset_doc(&mut self, name: &str, doc: Value) {
        assert!(
            self.keysets.insert(name.into(), doc).is_none(),
            "{}: keyset {name} defined twice",
            self.name
        );
        // Private members never go into a key set (oct keys necessarily carry `k`).
    }

    /// A key set document that publishes private key members on purpose: the case is the
    /// leak. (Test keys only; every other keyset is checked to carry none.)
    pub fn leaked_keyset_doc(&mut self, name: &str, doc: Value) {
        self.leaked.insert(name.into());
        self.keyset_doc(name, doc);
    }

    pub fn add(&mut self, case: Case) {
        let Case {
            id,
            description,
            source,
            token,
            keyset,
            policy,
            expect,
            claims,
        } = case;
        assert!(
            self.ids.insert(id.clone()),
            "{}: duplicate id {id}",
            self.name
        );
        assert!(!token.is_empty() || id.contains("empty"), "{id}: no token");
        assert!(
            self.keysets.contains_key(&keyset),
            "{}: {id}: unknown keyset {keyset}",
            self.name
        );
        let expect = expect.unwrap_or_else(|| panic!("{id}: no expectation"));
        assert!(
            expect == "valid" || jwtv::Error::from_code(&expect).is_some(),
            "{id}: unknown code {expect}"
        );
        assert!(
            claims.is_none() || expect == "valid",
            "{id}: claims on a rejection"
        );
        assert!(!description.is_empty() && !source.is_empty(), "{id}");
        let mut c = Map::new();
        c.insert("id".into(), json!(id));
        c.insert("description".into(), json!(description));
        c.insert("source".into(), json!(source));
        c.insert("token".into(), json!(token));
        c.insert("keyset".into(), json!(keyset));
        c.insert("policy".into(), Value::Object(policy));
        c.insert("expect".into(), json!(expect));
        if let Some(claims) = claims {
            c.insert("claims".into(), claims);
        }
        self.cases.push(Value::Object(c));
    }

    /// A keyset's document, as the suite file carries it.
    pub fn keyset_doc_of(&self, name: &str) -> Option<&Value> {
        self.keysets.get(name)
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn expectations(&self) -> impl Iterator<Item = &str> {
        self.cases
            .iter()
            .filter_map(|c| c.get("expect").and_then(Value::as_str))
    }

    pub fn len(&self) -> usize {
        self.cases.len()
    }

    pub fn to_json(&self) -> Value {
        for (name, doc) in &self.keysets {
            if self.leaked.contains(name) {
                continue;
            }
            if let Some(keys) = doc.get("keys").and_then(Value::as_array) {
                for k in keys {
                    for private in ["d", "p", "q", "dp", "dq", "qi", "oth"] {
                        assert!(
                            k.get(private).is_none(),
                            "{}: keyset {name} carries private member {private}",
                            self.name
                        );
                    }
                }
            }
        }
        let mut suite = json!({
            "format": 1,
            "suite": self.name,
            "description": self.description,
            "keysets": self.keysets,
            "defaults": self.defaults,
            "cases": self.cases,
        });
        if !self.secrets.is_empty() {
            suite["secrets"] = Value::Object(self.secrets.clone());
        }
        suite
    }
}

/// One case, built field by field.
pub struct Case {
    id: String,
    description: String,
    source: String,
    token: String,
    keyset: String,
    policy: Map<String, Value>,
    expect: Option<String>,
    claims: Option<Value>,
}

pub fn case(
    id: impl Into<String>,
    description: impl Into<String>,
    source: impl Into<String>,
) -> Case {
    Case {
        id: id.into(),
        description: description.into(),
        source: source.into(),
        token: String::new(),
        keyset: String::new(),
        policy: Map::new(),
        expect: None,
        claims: None,
    }
}

impl Case {
    pub fn token(mut self, token: impl Into<String>) -> Case {
        self.token = token.into();
        self
    }

    pub fn keyset(mut self, keyset: &str) -> Case {
        self.keyset = keyset.into();
        self
    }

    /// Merges policy fields (later calls win).
    pub fn policy(mut self, policy: Value) -> Case {
        if let Value::Object(fields) = policy {
            for (k, v) in fields {
                self.policy.insert(k, v);
            }
        } else {
            panic!("policy must be an object");
        }
        self
    }

    pub fn now(self, now: u64) -> Case {
        self.policy(json!({ "now": now }))
    }

    pub fn expect(mut self, code: &str) -> Case {
        self.expect = Some(code.into());
        self
    }

    pub fn valid(self) -> Case {
        self.expect("valid")
    }

    pub fn claims(mut self, claims: Value) -> Case {
        self.claims = Some(claims);
        self
    }
}

/// A JSON object literal as a map.
pub fn obj(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

/// A copy of `base` with `changes` applied: members set, or removed where the change is `null`.
/// (To write a real `null` claim use [`set_null`].)
pub fn patch(base: &Value, changes: Value) -> Value {
    let mut out = obj(base.clone());
    for (k, v) in obj(changes) {
        if v.is_null() {
            out.shift_remove(&k);
        } else {
            out.insert(k, v);
        }
    }
    Value::Object(out)
}

/// A copy of `base` with `name` set to JSON `null`.
pub fn set_null(base: &Value, name: &str) -> Value {
    let mut out = obj(base.clone());
    out.insert(name.into(), Value::Null);
    Value::Object(out)
}

/// Compact JSON text in insertion order.
pub fn text(value: &Value) -> String {
    serde_json::to_string(value).expect("serializable")
}

/// A token from a header object (merged by `jose::sign`, `kid` from the key) and claims.
pub fn token(key: &Value, alg: &str, header: Value, claims: &Value) -> String {
    jose::sign(key, alg, &obj(header), text(claims).as_bytes()).expect("signing")
}

/// A token whose payload is exactly `payload`.
pub fn token_bytes(key: &Value, alg: &str, header: Value, payload: &[u8]) -> String {
    jose::sign(key, alg, &obj(header), payload).expect("signing")
}

/// A token whose header and payload are exactly the given bytes, signed with `alg`.
pub fn raw_token(header: &[u8], payload: &[u8], key: &Value, alg: &str) -> String {
    let input = format!("{}.{}", b64(header), b64(payload));
    let sig = jose::sign_input(key, alg, input.as_bytes()).expect("signing");
    format!("{input}.{}", b64(&sig))
}

/// The three segments of a compact token.
pub fn segments(token: &str) -> (String, String, String) {
    let mut it = token.splitn(3, '.');
    let h = it.next().unwrap_or_default().to_string();
    let p = it.next().unwrap_or_default().to_string();
    let s = it.next().unwrap_or_default().to_string();
    (h, p, s)
}

/// The decoded signature of a compact token.
pub fn signature(token: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(&segments(token).2).expect("signature segment")
}

/// `token` with its signature replaced by `sig`.
pub fn with_signature(token: &str, sig: &[u8]) -> String {
    let (h, p, _) = segments(token);
    format!("{h}.{p}.{}", b64(sig))
}

/// Flips the unused low bits of the last character of a base64url segment (which must have some).
pub fn dirty_trailing_bits(segment: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    assert!(
        segment.len() % 4 == 2 || segment.len() % 4 == 3,
        "segment has no unused bits"
    );
    let mut bytes = segment.as_bytes().to_vec();
    let last = bytes.last_mut().expect("non-empty");
    let v = ALPHABET.iter().position(|c| c == last).expect("alphabet");
    *last = ALPHABET[v ^ 1];
    String::from_utf8(bytes).expect("ascii")
}

/// OIDC `at_hash` / `c_hash`: base64url of the left half of the alg's SHA-2 hash.
pub fn half_hash(alg: &str, value: &str) -> String {
    // EdDSA: SHA-512, the hash Ed25519 is built on (the verifier's documented choice; OpenID
    // Connect Core names none).
    let bits = if alg == "EdDSA" || alg == "Ed25519" {
        "512"
    } else {
        &alg[2..]
    };
    let digest: Vec<u8> = match bits {
        "256" => sha2::Sha256::digest(value.as_bytes()).to_vec(),
        "384" => sha2::Sha384::digest(value.as_bytes()).to_vec(),
        "512" => sha2::Sha512::digest(value.as_bytes()).to_vec(),
        other => panic!("no hash for {other}"),
    };
    b64(&digest[..digest.len() / 2])
}

/// Deterministic filler bytes (for blobs that only need to look real).
pub fn filler(label: &str, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 64);
    let mut counter = 0u32;
    while out.len() < len {
        let mut h = sha2::Sha512::new();
        h.update(label.as_bytes());
        h.update(counter.to_be_bytes());
        out.extend_from_slice(&h.finalize());
        counter += 1;
    }
    out.truncate(len);
    out
}

/// The ID token claims every OIDC case starts from.
pub fn id_claims() -> Value {
    json!({
        "iss": OP,
        "sub": "alice",
        "aud": CLIENT,
        "exp": NOW + 3600,
        "iat": NOW - 60,
    })
}

/// Default policy of the ID-token suites.
pub fn id_defaults() -> Value {
    json!({ "now": NOW, "profile": "id_token", "issuer": OP, "audience": CLIENT })
}

/// Strict base64url decoding (panics on bad input: the generator's own data).
pub fn unb64(text: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(text).expect("base64url")
}

/// Standard, padded base64 (RFC 4648 s4), as in x5c.
pub fn std_b64(bytes: &[u8]) -> String {
    base64ct::Base64::encode_string(bytes)
}

/// The key sets of the OIDC suites that sign with the provider's keys and with the client
/// secret: `op` (the RSA-2048 and P-256 signing keys, `use` `sig`) and `client-secret` (the
/// relying party's secret, without `kid`).
pub fn op_and_client_secret_keysets(s: &mut Suite, keys: &crate::keys::Keys) {
    let sig = json!({ "use": "sig" });
    s.keyset(
        "op",
        vec![
            keys.public_with("rsa2048-a", sig.clone()),
            keys.public_with("p256-a", sig),
        ],
    );
    s.keyset(
        "client-secret",
        vec![keys.public_with("client-secret", json!({ "kid": null }))],
    );
}
