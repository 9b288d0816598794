//! Key-set updates on the host: signing one with a trust-anchor key (`provision --sign-with`),
//! checking one as a device will (`verify-keyset`), and the scenario fixtures under
//! `fixtures/keyset-updates/` (`keyset-updates`), each step's verdict from the verifier itself.

use std::path::Path;

use base64ct::Encoding as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use verifier::{
    Algorithm, Error, KeySet, KeySetUpdatePolicy, Policy, TokenBuffer, verify,
    verify_key_set_update,
};

use crate::error::InputError;
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
    header.insert("typ".into(), json!(verifier::KEY_SET_UPDATE_TYP));
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
    let bytes = crate::error::read_file(path, crate::error::Input::Json)?;
    let file: ScenarioFile =
        serde_json::from_slice(&bytes).map_err(|e| InputError::json(path, &e))?;
    if file.format != 1 {
        return Err(InputError::in_file(path, "format must be 1"));
    }
    Ok(file)
}

fn algorithms(names: &[String]) -> Result<Vec<Algorithm>, String> {
    names
        .iter()
        .map(|n| Algorithm::from_name(n).ok_or_else(|| format!("unknown algorithm {n}")))
        .collect()
}

/// A device's state: the installed set and the `iat` it came from.
pub struct Device {
    installed: Box<KeySet<DEVICE_KEYS>>,
    installed_iat: Option<u64>,
}

impl Default for Device {
    fn default() -> Self {
        Device {
            installed: Box::new(KeySet::new()),
            installed_iat: None,
        }
    }
}

/// The verdict of one step: `valid` or an error code, and the `kid`s installed after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// `valid` or the error code.
    pub code: String,
    /// The installed set's `kid`s after the step.
    pub installed: Vec<String>,
}

/// Runs one step on `device` as the firmware does: an accepted update is written in its stored
/// form and read back before it is installed (what a reboot would read).
///
/// # Errors
/// A message for a step that is not well formed.
pub fn run_step(device: &mut Device, file: &ScenarioFile, step: &Step) -> Result<Verdict, String> {
    let anchors_doc = file.trust_anchors.to_string();
    let (anchors, _) = KeySet::<4>::from_jwks(anchors_doc.as_bytes())
        .map_err(|e| format!("trust_anchors: {e}"))?;
    let update_algs = algorithms(&file.update_policy.algorithms)?;
    let token_algs = algorithms(&file.token_algorithms)?;
    let mut policy = KeySetUpdatePolicy::new(
        &update_algs,
        &file.update_policy.iss,
        &file.update_policy.sub,
    )
    .with_leeway(file.update_policy.leeway);
    if let Some(iat) = device.installed_iat {
        policy = policy.with_installed_iat(iat);
    }
    let result: Result<(), Error> = match (&step.update, &step.stored, &step.token) {
        (Some(update), None, None) => {
            let mut buffer = Box::new(TokenBuffer::<UPDATE_CAPACITY>::new());
            let mut staged = Box::new(KeySet::<DEVICE_KEYS>::new());
            verify_key_set_update(
                update.as_bytes(),
                &anchors,
                &policy,
                step.now,
                &mut buffer,
                &mut staged,
            )
            .and_then(|accepted| {
                let mut flash = vec![0u8; STORED_CAPACITY];
                let len = staged.write_stored(accepted.iat(), &mut flash)?;
                let mut booted = Box::new(KeySet::<DEVICE_KEYS>::new());
                let iat = booted.read_stored(flash.get(..len).unwrap_or_default())?;
                device.installed = booted;
                device.installed_iat = Some(iat);
                Ok(())
            })
        }
        (None, Some(stored), None) => {
            let bytes = base64ct::Base64UrlUnpadded::decode_vec(stored)
                .map_err(|e| format!("{}: stored: {e}", step.id))?;
            let mut booted = Box::new(KeySet::<DEVICE_KEYS>::new());
            booted.read_stored(&bytes).map(|iat| {
                device.installed = booted;
                device.installed_iat = Some(iat);
            })
        }
        (None, None, Some(token)) => {
            let token_policy = Policy::jwt(&token_algs, &file.token_issuer, "").waive_audience();
            let mut buffer = Box::new(TokenBuffer::<UPDATE_CAPACITY>::new());
            verify(
                token.as_bytes(),
                &*device.installed,
                &token_policy,
                step.now,
                &mut buffer,
            )
            .map(|_| ())
        }
        _ => {
            return Err(format!(
                "{}: exactly one of update, stored, token is needed",
                step.id
            ));
        }
    };
    Ok(Verdict {
        code: match result {
            Ok(()) => "valid".to_owned(),
            Err(e) => e.code().to_owned(),
        },
        installed: device.installed(),
    })
}

impl Device {
    /// The installed set's `kid`s, in order (`-` for a key without one).
    pub fn installed(&self) -> Vec<String> {
        self.installed
            .iter()
            .map(|k| k.kid().unwrap_or("-").to_owned())
            .collect()
    }
}
