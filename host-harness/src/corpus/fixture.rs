//! The fixture format, version 1 (documented in `fixtures/README.md`): one JSON file per suite,
//! read strictly (an unknown field is an error, so a typo cannot silently pass), with each case's
//! `policy` merged over the suite's `defaults`.

use core::fmt;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use jwtv::{Algorithm, Error, Profile};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::corpus::settings::{PolicySettings, SettingNames};
use crate::error::{Input, InputError, read_file};
use jwtv::Flow;

/// The fixture format version this harness reads.
pub const FORMAT_VERSION: u64 = 1;

/// Directories under a fixture root that hold keys, raw upstream vectors and standalone JWKS
/// documents (`providers/jwks/`), and the key-set update scenarios (`keyset-updates/`, replayed by
/// `jwtv keyset-updates`), not suites.
pub const SKIPPED_DIRS: [&str; 4] = ["keys", "vectors", "jwks", "keyset-updates"];

/// The known-divergences file at a fixture root, which is not a suite.
pub const DIVERGENCES_FILE: &str = "divergences.json";

/// One suite file, as written.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuiteFile {
    /// Always [`FORMAT_VERSION`].
    pub format: u64,
    /// The suite's name, unique across the corpus (`oidc-rp`, `attacks`, …).
    pub suite: String,
    /// What the suite covers.
    pub description: String,
    /// Named JWKS documents, as an issuer would publish them.
    #[serde(default)]
    pub keysets: Map<String, Value>,
    /// Secrets the relying party holds beside a keyset (an OIDC client secret), by keyset
    /// name: a JWKS of `oct` keys, loaded alone and added to that keyset's keys, as an
    /// application adds its client secret with `KeySet::push`.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub secrets: Map<String, Value>,
    /// Policy settings shared by every case.
    #[serde(default)]
    pub defaults: PolicySpec,
    /// The cases.
    pub cases: Vec<Case>,
}

/// One case, as written.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Unique within the suite.
    pub id: String,
    /// What the case checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the case comes from (a specification clause, a test plan, a CVE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The compact token.
    pub token: String,
    /// The name of one of the suite's `keysets`.
    pub keyset: String,
    /// Settings merged over the suite's `defaults`.
    #[serde(default, skip_serializing_if = "PolicySpec::is_empty")]
    pub policy: PolicySpec,
    /// `valid` or one error code.
    pub expect: Expectation,
    /// Claims a valid token must carry: strings, numbers, booleans or arrays of these, compared
    /// by decoded value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<Map<String, Value>>,
}

/// Deserializes a present field, `null` included, as `Some(value)`; an absent one stays `None`
/// through `#[serde(default)]`. `null` in a case's `policy` clears the suite's default.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Policy settings. Each field is absent (inherit the default), `null` (clear the default) or a
/// value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    /// The current time, in Unix seconds (required after merging).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub now: Option<Option<u64>>,
    /// Clock skew tolerated, in seconds (default 0).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub leeway: Option<Option<u64>>,
    /// Allowed algorithms (default: every implemented one).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub algorithms: Option<Option<Vec<AlgorithmName>>>,
    /// `jws`, `jwt`, `id_token`, `access_token` or `logout_token` (default `jwt`).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub profile: Option<Option<ProfileName>>,
    /// Expected `iss`.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub issuer: Option<Option<String>>,
    /// Expected `aud`.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub audience: Option<Option<String>>,
    /// Expected `nonce`.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub nonce: Option<Option<String>>,
    /// OIDC `max_age`, checked against `auth_time`.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_age: Option<Option<u64>>,
    /// Maximum age since `iat`.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_token_age: Option<Option<u64>>,
    /// The access token whose hash `at_hash` must be (with `id_token_source`: the access token
    /// that came with the ID token, checked as the flow says).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token: Option<Option<String>>,
    /// The authorization code whose hash `c_hash` must be (with `id_token_source`: the code
    /// that came with the ID token).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<Option<String>>,
    /// Where the ID token came from: `token_endpoint`, `implicit` or `hybrid`
    /// (`Policy::received_from`).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub id_token_source: Option<Option<FlowName>>,
    /// The authorization request's `response_type` (`code id_token`, …): required for the
    /// implicit and hybrid flows, and must agree with `access_token` and `code`.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub response_type: Option<Option<String>>,
    /// Required header `typ`.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub typ: Option<Option<String>>,
    /// Claims that must be present.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub required_claims: Option<Option<Vec<String>>>,
    /// Scopes `scope` must list.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub required_scopes: Option<Option<Vec<String>>>,
    /// Try every fitting key when the header has no `kid` and several fit.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub try_all_keys: Option<Option<bool>>,
    /// JSON nesting budget (default the verifier's, clamped to `jwtv::MAX_DEPTH`).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_depth: Option<Option<usize>>,
}

impl PolicySpec {
    /// Whether no field is given.
    pub fn is_empty(&self) -> bool {
        *self == PolicySpec::default()
    }

    /// `self` merged over `defaults`, field by field.
    pub fn over(&self, defaults: &PolicySpec) -> PolicySpec {
        fn pick<T: Clone>(case: &Option<T>, defaults: &Option<T>) -> Option<T> {
            case.clone().or_else(|| defaults.clone())
        }
        PolicySpec {
            now: pick(&self.now, &defaults.now),
            leeway: pick(&self.leeway, &defaults.leeway),
            algorithms: pick(&self.algorithms, &defaults.algorithms),
            profile: pick(&self.profile, &defaults.profile),
            issuer: pick(&self.issuer, &defaults.issuer),
            audience: pick(&self.audience, &defaults.audience),
            nonce: pick(&self.nonce, &defaults.nonce),
            max_age: pick(&self.max_age, &defaults.max_age),
            max_token_age: pick(&self.max_token_age, &defaults.max_token_age),
            access_token: pick(&self.access_token, &defaults.access_token),
            code: pick(&self.code, &defaults.code),
            id_token_source: pick(&self.id_token_source, &defaults.id_token_source),
            response_type: pick(&self.response_type, &defaults.response_type),
            typ: pick(&self.typ, &defaults.typ),
            required_claims: pick(&self.required_claims, &defaults.required_claims),
            required_scopes: pick(&self.required_scopes, &defaults.required_scopes),
            try_all_keys: pick(&self.try_all_keys, &defaults.try_all_keys),
            max_depth: pick(&self.max_depth, &defaults.max_depth),
        }
    }

    /// The current time and the policy of fully merged settings.
    ///
    /// # Errors
    /// A message naming the field: `now` missing, or an issuer or audience missing where the
    /// profile needs one.
    pub fn resolve(&self) -> Result<(u64, PolicySettings), String> {
        let now = self
            .now
            .flatten()
            .ok_or("field `now`: missing (set it in `defaults` or in the case's `policy`)")?;
        let profile = self.profile.flatten().map_or(Profile::Jwt, |p| p.0);
        let mut settings = PolicySettings::new(profile);
        settings.issuer = self.issuer.clone().flatten();
        settings.audience = self.audience.clone().flatten();
        if let Some(algorithms) = self.algorithms.clone().flatten() {
            settings.algorithms = algorithms.into_iter().map(|a| a.0).collect();
        }
        settings.leeway = self.leeway.flatten().unwrap_or(0);
        settings.nonce = self.nonce.clone().flatten();
        settings.max_age = self.max_age.flatten();
        settings.max_token_age = self.max_token_age.flatten();
        settings.access_token = self.access_token.clone().flatten();
        settings.code = self.code.clone().flatten();
        settings.id_token_source = self.id_token_source.flatten().map(|f| f.0);
        settings.response_type = self.response_type.clone().flatten();
        settings.typ = self.typ.clone().flatten();
        settings.required_claims = self.required_claims.clone().flatten().unwrap_or_default();
        settings.required_scopes = self.required_scopes.clone().flatten().unwrap_or_default();
        settings.try_all_keys = self.try_all_keys.flatten().unwrap_or(false);
        settings.max_depth = self.max_depth.flatten();
        settings.check(&SettingNames::FIELDS)?;
        Ok((now, settings))
    }
}

/// A JWS algorithm name the verifier knows (`RS256`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AlgorithmName(pub Algorithm);

impl TryFrom<String> for AlgorithmName {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        Algorithm::from_name(&name)
            .map(AlgorithmName)
            .ok_or_else(|| {
                let known: Vec<&str> = Algorithm::ALL.iter().map(|a| a.name()).collect();
                format!(
                    "unknown algorithm `{name}`, expected one of {}",
                    known.join(", ")
                )
            })
    }
}

impl From<AlgorithmName> for String {
    fn from(a: AlgorithmName) -> String {
        a.0.name().to_owned()
    }
}

/// A profile name (`jws`, `jwt`, `id_token`, `access_token`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProfileName(pub Profile);

impl TryFrom<String> for ProfileName {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        Profile::from_name(&name).map(ProfileName).ok_or_else(|| {
            format!(
                "unknown profile `{name}`, expected jws, jwt, id_token, access_token or logout_token"
            )
        })
    }
}

impl From<ProfileName> for String {
    fn from(p: ProfileName) -> String {
        p.0.name().to_owned()
    }
}

/// Where an ID token came from (`token_endpoint`, `implicit`, `hybrid`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FlowName(pub Flow);

impl TryFrom<String> for FlowName {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        Flow::from_name(&name).map(FlowName).ok_or_else(|| {
            format!("unknown id_token_source `{name}`, expected token_endpoint, implicit or hybrid")
        })
    }
}

impl From<FlowName> for String {
    fn from(f: FlowName) -> String {
        f.0.name().to_owned()
    }
}

/// What a case expects, and what a verification gave: `valid` or one error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Expectation {
    /// The token verifies.
    Valid,
    /// The token is rejected with this error.
    Rejected(Error),
}

impl Expectation {
    /// The expectation `valid` or the error code `text`.
    pub fn parse(text: &str) -> Option<Expectation> {
        if text == "valid" {
            return Some(Expectation::Valid);
        }
        Error::from_code(text).map(Expectation::Rejected)
    }
}

impl TryFrom<String> for Expectation {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        Expectation::parse(&text).ok_or_else(|| {
            let codes: Vec<&str> = Error::ALL.iter().map(|e| e.code()).collect();
            format!(
                "`{text}` is neither `valid` nor an error code of the verifier; expected `valid` or one of: {}",
                codes.join(", ")
            )
        })
    }
}

impl From<Expectation> for String {
    fn from(e: Expectation) -> String {
        e.to_string()
    }
}

impl fmt::Display for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expectation::Valid => f.write_str("valid"),
            Expectation::Rejected(e) => f.write_str(e.code()),
        }
    }
}

/// A suite ready to run.
#[derive(Clone, Debug)]
pub struct Suite {
    /// The file it came from.
    pub file: PathBuf,
    /// Its name.
    pub name: String,
    /// Its JWKS documents by name, as JSON bytes.
    pub keysets: BTreeMap<String, Vec<u8>>,
    /// The secrets added to a keyset, by keyset name: JWKS documents of `oct` keys.
    pub secrets: BTreeMap<String, Vec<u8>>,
    /// Its cases, in file order.
    pub cases: Vec<ResolvedCase>,
}

/// A case with its policy merged and checked.
#[derive(Clone, Debug)]
pub struct ResolvedCase {
    /// Unique within the suite.
    pub id: String,
    /// The compact token.
    pub token: String,
    /// The name of the suite's JWKS to verify with.
    pub keyset: String,
    /// The current time, Unix seconds.
    pub now: u64,
    /// The policy.
    pub settings: PolicySettings,
    /// What should happen.
    pub expect: Expectation,
    /// Claims a valid result must carry (strings, numbers, booleans, arrays of these).
    pub claims: Map<String, Value>,
}

/// Reads and checks one suite file.
///
/// # Errors
/// [`InputError`] naming the file and the field (or serde's line and column).
pub fn load(file: &Path) -> Result<Suite, InputError> {
    let bytes = read_file(file, Input::Json)?;
    // Check the version first, so that a file of a later format is reported as such rather than
    // as a pile of unknown fields.
    #[derive(Deserialize)]
    struct Version {
        format: Option<Value>,
    }
    let version: Version =
        serde_json::from_slice(&bytes).map_err(|e| InputError::json(file, &e))?;
    match version.format {
        Some(Value::Number(n)) if n.as_u64() == Some(FORMAT_VERSION) => {}
        Some(other) => {
            return Err(InputError::in_file(
                file,
                format!(
                    "field `format`: {other} is not a format this harness reads (it reads {FORMAT_VERSION})"
                ),
            ));
        }
        None => {
            return Err(InputError::in_file(
                file,
                format!("field `format`: missing (expected {FORMAT_VERSION})"),
            ));
        }
    }
    let mut de = serde_json::Deserializer::from_slice(&bytes);
    let parsed: SuiteFile =
        serde_path_to_error::deserialize(&mut de).map_err(|e| field_error(file, &bytes, &e))?;
    de.end().map_err(|e| InputError::json(file, &e))?;
    resolve(file, parsed)
}

/// A field of the wrong type (or an unknown one) named by its path from the top of the file
/// (`cases[3].policy.leeway`), with its case's id when it is inside a case, and serde's line and
/// column.
fn field_error(
    file: &Path,
    bytes: &[u8],
    err: &serde_path_to_error::Error<serde_json::Error>,
) -> InputError {
    use serde_path_to_error::Segment;
    let path = err.path().to_string();
    let inner = err.inner();
    if path == "." || path.is_empty() {
        return InputError::json(file, inner);
    }
    let mut segments = err.path().iter();
    let index = match (segments.next(), segments.next()) {
        (Some(Segment::Map { key }), Some(Segment::Seq { index })) if key == "cases" => {
            Some(*index)
        }
        _ => None,
    };
    let Some(index) = index else {
        return InputError::in_file(file, format!("field `{path}`: {inner}"));
    };
    let id = serde_json::from_slice::<Value>(bytes).ok().and_then(|doc| {
        doc.get("cases")?
            .get(index)?
            .get("id")?
            .as_str()
            .map(str::to_owned)
    });
    let case = match id {
        Some(id) => format!("case `{id}` (#{index})"),
        None => format!("case #{index}"),
    };
    InputError::in_file(file, format!("{case}: field `{path}`: {inner}"))
}

/// Whether `value` can be a `claims` entry: a string, a number, a boolean, or an array of these
/// (arrays nest).
fn is_claim_value(value: &Value) -> bool {
    match value {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => true,
        Value::Array(items) => items.iter().all(is_claim_value),
        Value::Null | Value::Object(_) => false,
    }
}

fn resolve(file: &Path, parsed: SuiteFile) -> Result<Suite, InputError> {
    let fail = |message: String| InputError::in_file(file, message);
    if parsed.suite.is_empty() {
        return Err(fail("field `suite`: empty".into()));
    }
    let mut keysets = BTreeMap::new();
    for (name, jwks) in &parsed.keysets {
        let bytes =
            serde_json::to_vec(jwks).map_err(|e| fail(format!("field `keysets.{name}`: {e}")))?;
        keysets.insert(name.clone(), bytes);
    }
    let mut secrets = BTreeMap::new();
    for (name, jwks) in &parsed.secrets {
        if !keysets.contains_key(name) {
            return Err(fail(format!(
                "field `secrets.{name}`: no keyset named `{name}` to add them to"
            )));
        }
        let bytes =
            serde_json::to_vec(jwks).map_err(|e| fail(format!("field `secrets.{name}`: {e}")))?;
        secrets.insert(name.clone(), bytes);
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut cases = Vec::with_capacity(parsed.cases.len());
    for (index, case) in parsed.cases.iter().enumerate() {
        let at = |message: String| fail(format!("case `{}` (#{index}): {message}", case.id));
        if case.id.is_empty() {
            return Err(at("field `id`: empty".into()));
        }
        if let Some(first) = seen.insert(case.id.as_str(), index) {
            return Err(at(format!(
                "field `id`: duplicate of case #{first} in the same suite"
            )));
        }
        if !keysets.contains_key(&case.keyset) {
            let have: Vec<&str> = keysets.keys().map(String::as_str).collect();
            return Err(at(format!(
                "field `keyset`: no keyset named `{}` (the suite has: {})",
                case.keyset,
                if have.is_empty() {
                    "none".to_owned()
                } else {
                    have.join(", ")
                }
            )));
        }
        let (now, settings) = case.policy.over(&parsed.defaults).resolve().map_err(at)?;
        let claims = case.claims.clone().unwrap_or_default();
        if !claims.is_empty() && case.expect != Expectation::Valid {
            return Err(at(
                "field `claims`: only a case expected to be `valid` can list claims".into(),
            ));
        }
        for (name, value) in &claims {
            if !is_claim_value(value) {
                return Err(at(format!(
                    "field `claims.{name}`: must be a string, a number, a boolean or an array of these, not {value}"
                )));
            }
        }
        cases.push(ResolvedCase {
            id: case.id.clone(),
            token: case.token.clone(),
            keyset: case.keyset.clone(),
            now,
            settings,
            expect: case.expect,
            claims,
        });
    }
    Ok(Suite {
        file: file.to_path_buf(),
        name: parsed.suite,
        keysets,
        secrets,
        cases,
    })
}

/// The suite files under `paths`, sorted: each file given, and every `*.json` file under each
/// directory given, except under `keys/`, `vectors/` and `jwks/` and except `divergences.json`.
///
/// # Errors
/// [`InputError`] for a path that does not exist or a directory that cannot be read.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| InputError::unreadable(path, &e))?;
        if meta.is_dir() {
            walk(path, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let entries = std::fs::read_dir(dir).map_err(|e| InputError::unreadable(dir, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| InputError::unreadable(dir, &e))?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let kind = entry
            .file_type()
            .map_err(|e| InputError::unreadable(&path, &e))?;
        if kind.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_ref()) {
                walk(&path, files)?;
            }
        } else if name.ends_with(".json") && name != DIVERGENCES_FILE {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: &str) -> PolicySpec {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn policy_merges_field_by_field_and_null_clears() {
        let defaults = spec(
            r#"{"now":100,"profile":"id_token","issuer":"https://op","audience":"rp","nonce":"n"}"#,
        );
        let case = spec(r#"{"nonce":null,"leeway":5,"profile":"jwt","audience":null}"#);
        let (now, settings) = case.over(&defaults).resolve().unwrap();
        assert_eq!(now, 100);
        assert_eq!(settings.leeway, 5);
        assert_eq!(settings.nonce, None);
        assert_eq!(settings.profile, Profile::Jwt);
        assert_eq!(settings.issuer.as_deref(), Some("https://op"));
        assert_eq!(settings.audience, None);
    }

    #[test]
    fn resolution_names_the_missing_field() {
        assert!(spec("{}").resolve().unwrap_err().contains("`now`"));
        let err = spec(r#"{"now":1,"profile":"id_token","issuer":"i"}"#)
            .resolve()
            .unwrap_err();
        assert!(err.contains("audience"), "{err}");
    }

    #[test]
    fn unknown_fields_and_values_are_errors() {
        let err = serde_json::from_str::<PolicySpec>(r#"{"nonse":"x"}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `nonse`"), "{err}");
        let err = serde_json::from_str::<PolicySpec>(r#"{"algorithms":["RS257"]}"#).unwrap_err();
        assert!(err.to_string().contains("RS257"), "{err}");
        assert!(serde_json::from_str::<Expectation>(r#""expird""#).is_err());
        assert_eq!(
            serde_json::from_str::<Expectation>(r#""expired""#).unwrap(),
            Expectation::Rejected(Error::Expired)
        );
    }

    #[test]
    fn flow_fields_are_checked_together() {
        let resolve = |json: &str| spec(json).resolve().map(|(_, s)| s);
        let base = r#""now":1,"profile":"id_token","issuer":"i","audience":"a""#;
        let settings = resolve(&format!(
            r#"{{{base},"id_token_source":"hybrid","response_type":"code id_token","code":"c","nonce":"n"}}"#
        ))
        .unwrap();
        assert_eq!(settings.id_token_source, Some(Flow::Hybrid));
        settings
            .with_policy(|p| {
                assert_eq!(
                    p.id_token_source().map(|s| s.response_type()),
                    Some("code id_token")
                );
                assert_eq!(p.code(), None); // not the strict form
            })
            .unwrap();
        let err = resolve(&format!(
            r#"{{{base},"id_token_source":"hybrid","code":"c"}}"#
        ))
        .unwrap_err();
        assert!(err.contains("needs field `response_type`"), "{err}");
        let err = resolve(&format!(
            r#"{{{base},"id_token_source":"implicit","response_type":"id_token token"}}"#
        ))
        .unwrap_err();
        assert!(err.contains("field `access_token` is required"), "{err}");
        // The implicit and hybrid flows' nonce is the one sent: a fixture must name it.
        let err = resolve(&format!(
            r#"{{{base},"id_token_source":"hybrid","response_type":"code id_token","code":"c"}}"#
        ))
        .unwrap_err();
        assert!(err.contains("field `nonce` is required"), "{err}");
        let err = resolve(&format!(
            r#"{{{base},"id_token_source":"implicit","response_type":"id_token","nonce":null}}"#
        ))
        .unwrap_err();
        assert!(err.contains("field `nonce` is required"), "{err}");
        assert!(
            serde_json::from_str::<PolicySpec>(r#"{"id_token_source":"token-endpoint"}"#).is_err()
        );
    }

    #[test]
    fn spec_round_trips_through_serde() {
        let text = r#"{"now":1,"algorithms":["RS256"],"profile":"jws","nonce":null}"#;
        assert_eq!(serde_json::to_string(&spec(text)).unwrap(), text);
    }
}
