//! Key-set updates as files: signing one with a trust-anchor key (`provision --sign-with`, the
//! fixture generator), a trust-anchor file as a JWKS (`verify-keyset`), and the scenario format
//! of `fixtures/keyset-updates/` (`keyset-updates`).

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::error::{Input, InputError, read_file};
use crate::jose::{self, JoseError};

/// Keys a device's set holds in the scenarios (the firmware's `KeySet<4>`, default storage).
pub const DEVICE_KEYS: usize = 4;
/// The longest update accepted, in bytes (the firmware's buffer).
pub const UPDATE_CAPACITY: usize = 8192;
/// Room for a stored key set.
pub const STORED_CAPACITY: usize = 4096;

/// The private JWK members that never leave the signer.
const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// The JWS algorithm a trust-anchor key signs with: its `alg`, or the one its type and curve
/// imply (ES256, ES384, ES512, EdDSA; RS256 for RSA).
///
/// # Errors
/// A message for a key that cannot be a trust anchor (a secret, an unknown type).
pub fn anchor_alg(jwk: &Value) -> Result<String, String> {
    if let Some(alg) = jwk.get("alg").and_then(Value::as_str) {
        return Ok(alg.to_owned());
    }
    let kty = jwk.get("kty").and_then(Value::as_str).unwrap_or("");
    let crv = jwk.get("crv").and_then(Value::as_str).unwrap_or("");
    match (kty, crv) {
        ("EC", "P-256") => Ok("ES256".into()),
        ("EC", "P-384") => Ok("ES384".into()),
        ("EC", "P-521") => Ok("ES512".into()),
        ("OKP", "Ed25519") => Ok("EdDSA".into()),
        ("RSA", _) => Ok("RS256".into()),
        ("oct", _) => Err(
            "a trust anchor is an asymmetric key: a shared secret on every device would let \
             any device sign key sets"
                .into(),
        ),
        _ => Err(format!("no JWS algorithm for kty {kty:?} crv {crv:?}")),
    }
}

/// The public half of a JWK: every member but the private ones.
pub fn public_jwk(jwk: &Value) -> Value {
    match jwk {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(name, _)| !PRIVATE_MEMBERS.contains(&name.as_str()))
                .map(|(n, v)| (n.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The claims of a signed JWK Set (OpenID Federation 1.0): `iss`, `sub`, `iat`, `exp` when
/// given, and `keys`.
pub fn update_claims(keys: &[Value], iss: &str, sub: &str, iat: u64, exp: Option<u64>) -> Value {
    let mut claims = Map::new();
    claims.insert("iss".into(), json!(iss));
    claims.insert("sub".into(), json!(sub));
    claims.insert("iat".into(), json!(iat));
    if let Some(exp) = exp {
        claims.insert("exp".into(), json!(exp));
    }
    claims.insert("keys".into(), Value::Array(keys.to_vec()));
    Value::Object(claims)
}

/// Signs `claims` as a key-set update (`typ` `jwk-set+jwt`) with the trust anchor's private JWK.
///
/// # Errors
/// [`JoseError`] when the key cannot sign.
pub fn sign_update(anchor_private: &Value, claims: &Value) -> Result<String, JoseError> {
    let alg = anchor_alg(anchor_private).map_err(JoseError::UnsupportedAlgorithm)?;
    let mut header = Map::new();
    header.insert("typ".into(), json!(jwtv::KEY_SET_UPDATE_TYP));
    let payload = serde_json::to_vec(claims).map_err(|e| JoseError::Json(e.to_string()))?;
    jose::sign(anchor_private, &alg, &header, &payload)
}

/// A trust-anchor file: one JWK or a JWKS, private members dropped, as a JWKS document.
///
/// # Errors
/// [`InputError`] for a file that is neither.
pub fn anchors_jwks(path: &Path, bytes: &[u8]) -> Result<String, InputError> {
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| InputError::json(path, &e))?;
    let keys: Vec<Value> = match doc.get("keys") {
        Some(Value::Array(keys)) => keys.iter().map(public_jwk).collect(),
        Some(_) => return Err(InputError::in_file(path, "`keys` is not an array")),
        None => vec![public_jwk(&doc)],
    };
    Ok(json!({ "keys": keys }).to_string())
}

/// What a device checks an update against.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UpdatePolicySettings {
    /// The trust anchors' algorithms.
    pub algorithms: Vec<String>,
    /// The expected `iss`.
    pub iss: String,
    /// The expected `sub`.
    pub sub: String,
    /// Clock leeway in seconds.
    #[serde(default)]
    pub leeway: u64,
}

/// One step of a scenario: an update arriving, a stored key set read at boot, or a token
/// checked against the set installed.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Unique within the file.
    pub id: String,
    /// What the step is about.
    pub description: String,
    /// A signed key-set update (compact JWS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update: Option<String>,
    /// A stored key set (base64url), read as at boot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored: Option<String>,
    /// A token from the issuer, checked with the scenario's token policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The device's clock.
    pub now: u64,
    /// `valid` or an error code.
    pub expect: String,
    /// For an accepted update or stored set: the `kid`s installed, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installs: Option<Vec<String>>,
}

/// A sequence of steps from a device with nothing installed.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Its name.
    pub name: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// A file of key-set update scenarios (`fixtures/keyset-updates/*.json`).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// 1.
    pub format: u32,
    /// The suite's name.
    pub suite: String,
    /// What it covers.
    pub description: String,
    /// The trust anchors provisioned at manufacture (public JWKs).
    pub trust_anchors: Value,
    /// What updates must satisfy.
    pub update_policy: UpdatePolicySettings,
    /// How tokens are checked: their issuer and algorithms (a JWT without `aud`).
    pub token_issuer: String,
    /// The token algorithms.
    pub token_algorithms: Vec<String>,
    /// The scenarios.
    pub scenarios: Vec<Scenario>,
}

/// Reads a scenario file.
///
/// # Errors
/// [`InputError`] for an unreadable or invalid file.
pub fn read_scenarios(path: &Path) -> Result<ScenarioFile, InputError> {
    let bytes = read_file(path, Input::Json)?;
    let file: ScenarioFile =
        serde_json::from_slice(&bytes).map_err(|e| InputError::json(path, &e))?;
    if file.format != 1 {
        return Err(InputError::in_file(path, "format must be 1"));
    }
    Ok(file)
}
