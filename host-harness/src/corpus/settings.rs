//! A verification policy held in owned values: what a fixture case or the `verify` command's
//! options ask for, turned into a borrowed [`jwtv::Policy`] on demand through
//! [`Policy::from_parts`], which holds every rule.

use jwtv::{Algorithm, Flow, Policy, PolicyError, PolicyParts, Profile};

/// Every algorithm this build of the verifier implements, in [`Algorithm::ALL`] order: the
/// default allow-list of fixtures and of `jwtv verify`.
pub fn implemented_algorithms() -> Vec<Algorithm> {
    Algorithm::ALL
        .into_iter()
        .filter(|a| a.is_implemented())
        .collect()
}

/// A complete policy in owned values: what a fixture case or the `verify` command's options ask
/// for. [`PolicySettings::check`] says, in the caller's words, what [`Policy::from_parts`]
/// would refuse; [`PolicySettings::with_policy`] lends out the policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicySettings {
    /// The rule set.
    pub profile: Profile,
    /// Expected `iss`.
    pub issuer: Option<String>,
    /// Expected `aud`.
    pub audience: Option<String>,
    /// Allowed algorithms.
    pub algorithms: Vec<Algorithm>,
    /// Clock skew tolerated, in seconds.
    pub leeway: u64,
    /// Expected `nonce`.
    pub nonce: Option<String>,
    /// OIDC `max_age` (checked against `auth_time`).
    pub max_age: Option<u64>,
    /// Maximum age since `iat`.
    pub max_token_age: Option<u64>,
    /// Access token for `at_hash`.
    pub access_token: Option<String>,
    /// Authorization code for `c_hash`.
    pub code: Option<String>,
    /// Where the ID token was received ([`PolicyParts::flow`]).
    pub id_token_source: Option<Flow>,
    /// The authorization request's `response_type` (checked against the flow by
    /// [`PolicySettings::check`]; the verifier does not need it).
    pub response_type: Option<String>,
    /// Required header `typ`.
    pub typ: Option<String>,
    /// Claims that must be present.
    pub required_claims: Vec<String>,
    /// Scopes that `scope` must list.
    pub required_scopes: Vec<String>,
    /// Try every fitting key when the choice is ambiguous.
    pub try_all_keys: bool,
    /// JSON nesting budget; `None` for the verifier's default.
    pub max_depth: Option<usize>,
}

impl PolicySettings {
    /// Settings for `profile` with every other field at the verifier's default, and every
    /// implemented algorithm allowed.
    pub fn new(profile: Profile) -> PolicySettings {
        PolicySettings {
            profile,
            issuer: None,
            audience: None,
            algorithms: implemented_algorithms(),
            leeway: 0,
            nonce: None,
            max_age: None,
            max_token_age: None,
            access_token: None,
            code: None,
            id_token_source: None,
            response_type: None,
            typ: None,
            required_claims: Vec::new(),
            required_scopes: Vec::new(),
            try_all_keys: false,
            max_depth: None,
        }
    }

    /// Calls `f` with the [`PolicyParts`] these settings describe (they borrow from them).
    fn with_parts<R>(&self, f: impl FnOnce(PolicyParts<'_>) -> R) -> R {
        let required_claims: Vec<&str> = self.required_claims.iter().map(String::as_str).collect();
        let required_scopes: Vec<&str> = self.required_scopes.iter().map(String::as_str).collect();
        f(PolicyParts {
            profile: self.profile,
            algorithms: &self.algorithms,
            issuer: self.issuer.as_deref(),
            audience: self.audience.as_deref(),
            additional_audiences: &[],
            leeway: self.leeway,
            nonce: self.nonce.as_deref(),
            max_age: self.max_age,
            max_token_age: self.max_token_age,
            access_token: self.access_token.as_deref(),
            code: self.code.as_deref(),
            flow: self.id_token_source,
            typ: self.typ.as_deref(),
            required_claims: &required_claims,
            required_scopes: &required_scopes,
            try_all_keys: self.try_all_keys,
            max_depth: self.max_depth,
        })
    }

    /// Checks that these settings make a policy: the response type agrees with the flow and
    /// the access token ([`check_response_type`]), and [`Policy::from_parts`] takes them.
    ///
    /// # Errors
    /// What is wrong, naming the settings as `names` spells them.
    pub fn check(&self, names: &SettingNames) -> Result<(), String> {
        check_response_type(
            self.id_token_source,
            self.profile,
            self.response_type.as_deref(),
            self.access_token.is_some(),
            names,
        )?;
        self.with_parts(|parts| Policy::from_parts(parts).map(|_| ()))
            .map_err(|e| names.explain(e, self))
    }

    /// Calls `f` with the [`Policy`] these settings describe (the policy borrows from them).
    ///
    /// # Errors
    /// What [`Policy::from_parts`] refuses ([`PolicySettings::check`] says it in words first).
    pub fn with_policy<R>(&self, f: impl FnOnce(&Policy<'_>) -> R) -> Result<R, PolicyError> {
        self.with_parts(|parts| Policy::from_parts(parts).map(|policy| f(&policy)))
    }
}

/// How the caller spells the settings: command-line flags or fixture fields.
#[derive(Clone, Copy, Debug)]
pub struct SettingNames {
    /// The name of a setting, from its [`PolicyParts`] field name (`issuer`, `flow`,
    /// `required_claims`, …; `response_type` for the response type).
    pub name: fn(&str) -> String,
}

impl SettingNames {
    /// The command line's: `--issuer`, `--id-token-source`, `--require-claim`.
    pub const FLAGS: SettingNames = SettingNames {
        name: |field| match field {
            "flow" => "--id-token-source".to_owned(),
            "required_claims" => "--require-claim".to_owned(),
            "required_scopes" => "--require-scope".to_owned(),
            other => format!("--{}", other.replace('_', "-")),
        },
    };

    /// The fixtures': ``field `issuer` ``, ``field `id_token_source` ``.
    pub const FIELDS: SettingNames = SettingNames {
        name: |field| match field {
            "flow" => "field `id_token_source`".to_owned(),
            other => format!("field `{other}`"),
        },
    };

    fn of(&self, field: &str) -> String {
        (self.name)(field)
    }

    /// What `error` means for `settings`, in these names.
    pub fn explain(&self, error: PolicyError, settings: &PolicySettings) -> String {
        let profile = settings.profile.name();
        let flow = match settings.id_token_source {
            Some(Flow::Implicit) => "implicit flow",
            Some(Flow::Hybrid) => "hybrid flow",
            _ => "token endpoint",
        };
        match error {
            PolicyError::MissingIssuer => {
                format!("profile `{profile}` needs {}", self.of("issuer"))
            }
            PolicyError::MissingAudience => {
                format!("profile `{profile}` needs {}", self.of("audience"))
            }
            PolicyError::AdditionalAudiencesWithoutAudience => format!(
                "{} are given without {}",
                self.of("additional_audiences"),
                self.of("audience")
            ),
            PolicyError::EmptyValue { field } => {
                format!(
                    "{}: empty (an empty string is never a value)",
                    self.of(field)
                )
            }
            PolicyError::FlowWithoutIdToken => format!(
                "{} applies to ID tokens only, not to profile {profile}",
                self.of("flow")
            ),
            PolicyError::NonceRequired => format!(
                "the {flow} sends a nonce, and the ID token must return that value (OIDC Core \
                 §3.2.2.11, §3.3.2.11): {} is required (the nonce sent)",
                self.of("nonce")
            ),
            PolicyError::CodeRequired => format!(
                "the hybrid flow returns a code with the ID token: {} is required",
                self.of("code")
            ),
            PolicyError::CodeWithoutHybridFlow {
                flow: Flow::Implicit,
            } => format!(
                "{}: the implicit flow returns no code (response type `{}`)",
                self.of("code"),
                settings.response_type.as_deref().unwrap_or_default()
            ),
            PolicyError::CodeWithoutHybridFlow { .. } => format!(
                "{}: the ID token from the token endpoint is not bound to the code (OIDC Core \
                 §3.3.3.6 lets it omit c_hash); leave {} out to require c_hash with {}",
                self.of("code"),
                self.of("flow"),
                self.of("code")
            ),
            other => other.to_string(),
        }
    }
}

/// Checks that a flow, a `response_type` and the access token given agree (OIDC Core
/// §3.1.2.1, §3.2.2.1, §3.3.2.1): the implicit flow is `id_token` or `id_token token`, the
/// hybrid flow `code id_token` or `code id_token token`, `token` in the response type exactly
/// when an access token is given; the token endpoint needs no response type (one given must
/// contain `code`). Response type values are space-separated, in any order (RFC 6749 §3.1.1).
/// The rest of the flow's rules (the code, the nonce, ID tokens only) are
/// [`Policy::from_parts`]'s.
///
/// # Errors
/// A message naming the settings by `names`.
pub fn check_response_type(
    flow: Option<Flow>,
    profile: Profile,
    response_type: Option<&str>,
    access_token: bool,
    names: &SettingNames,
) -> Result<(), String> {
    let (source, response_type_name) = (names.of("flow"), names.of("response_type"));
    let Some(flow) = flow else {
        return match response_type {
            Some(_) => Err(format!(
                "{response_type_name} is given without {source}: say where the ID token came from"
            )),
            None => Ok(()),
        };
    };
    if profile != Profile::IdToken {
        // Policy::from_parts says so.
        return Ok(());
    }
    let values = match response_type {
        Some(text) => {
            Some(response_type_values(text).map_err(|e| format!("{response_type_name}: {e}"))?)
        }
        None => None,
    };
    let (label, allowed): (&str, &[&str]) = match flow {
        Flow::TokenEndpoint => (
            "token endpoint",
            &["code", "code id_token", "code token", "code id_token token"],
        ),
        Flow::Implicit => ("implicit flow", &["id_token", "id_token token"]),
        Flow::Hybrid => ("hybrid flow", &["code id_token", "code id_token token"]),
    };
    let expected = || {
        allowed
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    let Some(values) = values else {
        return match flow {
            Flow::TokenEndpoint => Ok(()),
            _ => Err(format!(
                "{source} needs {response_type_name} (the {label}: {})",
                expected()
            )),
        };
    };
    let fits = allowed.iter().any(|a| {
        let mut want: Vec<&str> = a.split(' ').collect();
        want.sort_unstable();
        want == values
    });
    if !fits {
        return Err(format!(
            "{response_type_name} `{}` is not a response type of the {label} (expected {})",
            response_type.unwrap_or_default(),
            expected()
        ));
    }
    if flow == Flow::TokenEndpoint {
        return Ok(());
    }
    match (values.contains(&"token"), access_token) {
        (true, false) => Err(format!(
            "response type `{}` returns an access token with the ID token: {} is required",
            response_type.unwrap_or_default(),
            names.of("access_token")
        )),
        (false, true) => Err(format!(
            "{}: response type `{}` returns no access token from the authorization endpoint \
             (add `token` to {response_type_name})",
            names.of("access_token"),
            response_type.unwrap_or_default(),
        )),
        _ => Ok(()),
    }
}

/// The values of a `response_type`, sorted: `code`, `id_token`, `token`, each at most once,
/// separated by single spaces.
fn response_type_values(text: &str) -> Result<Vec<&str>, String> {
    let mut values: Vec<&str> = text.split(' ').collect();
    for v in &values {
        if !["code", "id_token", "token"].contains(v) {
            return Err(format!(
                "`{v}` in `{text}` is not a response type value (code, id_token, token, separated by single spaces)"
            ));
        }
    }
    values.sort_unstable();
    let len = values.len();
    values.dedup();
    if values.len() != len {
        return Err(format!("`{text}` repeats a value"));
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The settings of an ID token with this flow, response type, access token, code and nonce.
    fn id_token(
        flow: Option<Flow>,
        response_type: Option<&str>,
        access_token: bool,
        code: bool,
        nonce: Option<&str>,
    ) -> PolicySettings {
        let mut settings = PolicySettings::new(Profile::IdToken);
        settings.issuer = Some("https://op.example".into());
        settings.audience = Some("client-1".into());
        settings.id_token_source = flow;
        settings.response_type = response_type.map(str::to_owned);
        settings.access_token = access_token.then(|| "at".to_owned());
        settings.code = code.then(|| "c".to_owned());
        settings.nonce = nonce.map(str::to_owned);
        settings
    }

    #[test]
    fn id_token_and_access_token_need_issuer_and_audience() {
        let mut settings = PolicySettings::new(Profile::IdToken);
        settings.issuer = Some("i".into());
        assert_eq!(
            settings.check(&SettingNames::FLAGS),
            Err("profile `id_token` needs --audience".to_owned())
        );
        let mut settings = PolicySettings::new(Profile::AccessToken);
        settings.audience = Some("a".into());
        assert_eq!(
            settings.check(&SettingNames::FIELDS),
            Err("profile `access_token` needs field `issuer`".to_owned())
        );
        assert_eq!(
            PolicySettings::new(Profile::Jwt).check(&SettingNames::FLAGS),
            Ok(())
        );
    }

    #[test]
    fn flows_and_response_types_must_agree() {
        let check = |flow, rt: Option<&str>, at, code| {
            id_token(flow, rt, at, code, Some("n-1")).check(&SettingNames::FLAGS)
        };
        let (i, h, t) = (
            Some(Flow::Implicit),
            Some(Flow::Hybrid),
            Some(Flow::TokenEndpoint),
        );
        assert_eq!(check(i, Some("id_token"), false, false), Ok(()));
        assert_eq!(check(i, Some("token id_token"), true, false), Ok(()));
        assert_eq!(check(h, Some("code id_token"), false, true), Ok(()));
        assert_eq!(check(h, Some("code id_token token"), true, true), Ok(()));
        assert_eq!(check(t, None, true, false), Ok(()));
        assert_eq!(check(t, Some("code"), false, false), Ok(()));
        assert_eq!(check(None, None, true, true), Ok(()));
        for (flow, rt, at, code, needle) in [
            (i, None, false, false, "needs --response-type"),
            (h, None, false, true, "needs --response-type"),
            (i, Some("id_token"), true, false, "returns no access token"),
            (
                i,
                Some("id_token token"),
                false,
                false,
                "--access-token is required",
            ),
            (
                i,
                Some("code id_token"),
                false,
                true,
                "not a response type of the implicit flow",
            ),
            (
                i,
                Some("id_token"),
                false,
                true,
                "the implicit flow returns no code",
            ),
            (h, Some("code id_token"), false, false, "--code is required"),
            (
                h,
                Some("code id_token token"),
                false,
                true,
                "--access-token is required",
            ),
            (
                h,
                Some("code  id_token"),
                false,
                true,
                "is not a response type value",
            ),
            (h, Some("code id_token id_token"), false, true, "repeats"),
            (
                t,
                Some("id_token"),
                false,
                false,
                "not a response type of the token endpoint",
            ),
            (t, None, false, true, "not bound to the code"),
            (
                None,
                Some("code"),
                false,
                false,
                "without --id-token-source",
            ),
        ] {
            let err = check(flow, rt, at, code).unwrap_err();
            assert!(err.contains(needle), "{flow:?} {rt:?}: {err}");
        }
        let mut jwt = id_token(i, Some("id_token"), false, false, None);
        jwt.profile = Profile::Jwt;
        let err = jwt.check(&SettingNames::FLAGS).unwrap_err();
        assert!(err.contains("ID tokens only"), "{err}");
        // The implicit and hybrid flows send a nonce: its value is required (OIDC Core
        // §3.2.2.11, §3.3.2.11), and an empty one is none.
        for (flow, rt, code) in [
            (i, "id_token", false),
            (i, "id_token token", false),
            (h, "code id_token", true),
            (h, "code id_token token", true),
        ] {
            let at = rt.ends_with(" token");
            let err = id_token(flow, Some(rt), at, code, None)
                .check(&SettingNames::FLAGS)
                .unwrap_err();
            assert!(err.contains("--nonce is required"), "{rt}: {err}");
            let err = id_token(flow, Some(rt), at, code, Some(""))
                .check(&SettingNames::FIELDS)
                .unwrap_err();
            assert!(err.contains("field `nonce`: empty"), "{rt}: {err}");
        }
        // The token endpoint checks a nonce only when one is named.
        assert_eq!(
            id_token(t, None, false, false, None).check(&SettingNames::FLAGS),
            Ok(())
        );
    }

    #[test]
    fn builds_the_policy_asked_for() {
        let mut settings = PolicySettings::new(Profile::Jwt);
        settings.issuer = Some("i".into());
        settings.leeway = 5;
        settings.required_claims = vec!["email".into()];
        settings.try_all_keys = true;
        settings
            .with_policy(|p| {
                assert_eq!(p.profile(), Profile::Jwt);
                assert_eq!(p.issuer(), Some("i"));
                assert_eq!(p.audience(), None);
                assert_eq!(p.leeway(), 5);
                assert_eq!(p.required_claims(), &["email"]);
                assert!(p.tries_all_keys());
                assert!(p.allows(Algorithm::HS256));
            })
            .unwrap();
    }
}
