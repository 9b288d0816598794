//! A verification policy held in owned values: what a fixture case or the `verify` command's
//! options ask for, turned into a borrowed [`verifier::Policy`] on demand.

use verifier::{Algorithm, IdTokenSource, Policy, Profile};

/// Every algorithm this build of the verifier implements, in [`Algorithm::ALL`] order: the
/// default allow-list of fixtures and of `host-harness verify`.
pub fn implemented_algorithms() -> Vec<Algorithm> {
    Algorithm::ALL
        .into_iter()
        .filter(|a| a.is_implemented())
        .collect()
}

/// Who the token must come from and be for, per profile. The ID token and access token profiles
/// cannot exist without an issuer and an audience, so the type does not allow it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Signature only; no claim is read.
    Jws,
    /// A JWT; an absent issuer or audience is waived (not checked).
    Jwt {
        /// The expected `iss`, or `None` to accept any.
        issuer: Option<String>,
        /// The expected `aud`, or `None` to accept any.
        audience: Option<String>,
    },
    /// An OpenID Connect ID token.
    IdToken {
        /// The OpenID Provider's issuer identifier.
        issuer: String,
        /// The relying party's client id.
        client_id: String,
    },
    /// An OAuth 2.0 JWT access token (RFC 9068).
    AccessToken {
        /// The authorization server's issuer identifier.
        issuer: String,
        /// The resource server's identifier.
        resource: String,
    },
    /// An OpenID Connect Back-Channel Logout token.
    LogoutToken {
        /// The OpenID Provider's issuer identifier.
        issuer: String,
        /// The relying party's client id.
        client_id: String,
    },
}

impl Target {
    /// The target for `profile`, given the issuer and audience asked for.
    ///
    /// # Errors
    /// The name of the missing setting, `"issuer"` or `"audience"`, when `profile` needs it.
    pub fn new(
        profile: Profile,
        issuer: Option<String>,
        audience: Option<String>,
    ) -> Result<Target, &'static str> {
        match profile {
            Profile::Jws => Ok(Target::Jws),
            Profile::IdToken => Ok(Target::IdToken {
                issuer: issuer.ok_or("issuer")?,
                client_id: audience.ok_or("audience")?,
            }),
            Profile::AccessToken => Ok(Target::AccessToken {
                issuer: issuer.ok_or("issuer")?,
                resource: audience.ok_or("audience")?,
            }),
            Profile::LogoutToken => Ok(Target::LogoutToken {
                issuer: issuer.ok_or("issuer")?,
                client_id: audience.ok_or("audience")?,
            }),
            // `Profile` is non-exhaustive: anything new is treated like a plain JWT until the
            // harness learns about it.
            _ => Ok(Target::Jwt { issuer, audience }),
        }
    }
}

/// A complete policy in owned values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicySettings {
    /// Profile, issuer and audience.
    pub target: Target,
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
    /// Where the ID token was received; then `access_token` and `code` are those that came with
    /// it, and the flow decides which hashes are required ([`IdTokenSource`]). Without it, they
    /// are the strict `with_access_token` / `with_code`.
    pub id_token_source: Option<Flow>,
    /// The authorization request's `response_type` (checked against the flow by
    /// [`check_flow`]).
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
    /// Settings for `target` with every other field at the verifier's default, and every
    /// implemented algorithm allowed.
    pub fn new(target: Target) -> PolicySettings {
        PolicySettings {
            target,
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

    /// Calls `f` with the [`Policy`] these settings describe (the policy borrows from them).
    pub fn with_policy<R>(&self, f: impl FnOnce(&Policy<'_>) -> R) -> R {
        let algorithms = self.algorithms.as_slice();
        let base = match &self.target {
            Target::Jws => Policy::jws(algorithms),
            Target::Jwt { issuer, audience } => {
                let mut policy = Policy::jwt(
                    algorithms,
                    issuer.as_deref().unwrap_or_default(),
                    audience.as_deref().unwrap_or_default(),
                );
                if issuer.is_none() {
                    policy = policy.waive_issuer();
                }
                if audience.is_none() {
                    policy = policy.waive_audience();
                }
                policy
            }
            Target::IdToken { issuer, client_id } => {
                Policy::id_token(algorithms, issuer, client_id)
            }
            Target::AccessToken { issuer, resource } => {
                Policy::access_token(algorithms, issuer, resource)
            }
            Target::LogoutToken { issuer, client_id } => {
                Policy::logout_token(algorithms, issuer, client_id)
            }
        };
        let required_claims: Vec<&str> = self.required_claims.iter().map(String::as_str).collect();
        let required_scopes: Vec<&str> = self.required_scopes.iter().map(String::as_str).collect();
        let mut policy = base
            .with_leeway(self.leeway)
            .with_required_claims(&required_claims)
            .with_required_scopes(&required_scopes);
        if let Some(nonce) = &self.nonce {
            policy = policy.with_nonce(nonce);
        }
        if let Some(seconds) = self.max_age {
            policy = policy.with_max_age(seconds);
        }
        if let Some(seconds) = self.max_token_age {
            policy = policy.with_max_token_age(seconds);
        }
        let access_token = self.access_token.as_deref();
        match self.id_token_source {
            Some(flow) => {
                policy = policy.received_from(flow.source(
                    access_token,
                    self.code.as_deref(),
                    self.nonce.as_deref(),
                ))
            }
            None => {
                if let Some(token) = access_token {
                    policy = policy.with_access_token(token);
                }
                if let Some(code) = &self.code {
                    policy = policy.with_code(code);
                }
            }
        }
        if let Some(typ) = &self.typ {
            policy = policy.with_typ(typ);
        }
        if self.try_all_keys {
            policy = policy.try_all_keys();
        }
        if let Some(depth) = self.max_depth {
            policy = policy.with_max_depth(depth);
        }
        f(&policy)
    }
}

/// Where an ID token was received (`IdTokenSource` without its values): the names of
/// `--id-token-source` (`token-endpoint`) and of the fixtures' `id_token_source`
/// (`token_endpoint`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// The token endpoint (authorization code flow, or a hybrid flow's second leg).
    TokenEndpoint,
    /// The authorization endpoint, implicit flow.
    Implicit,
    /// The authorization endpoint, hybrid flow.
    Hybrid,
}

impl Flow {
    /// Every flow.
    pub const ALL: [Flow; 3] = [Flow::TokenEndpoint, Flow::Implicit, Flow::Hybrid];

    /// The fixture name: `token_endpoint`, `implicit`, `hybrid`.
    pub const fn name(self) -> &'static str {
        match self {
            Flow::TokenEndpoint => "token_endpoint",
            Flow::Implicit => "implicit",
            Flow::Hybrid => "hybrid",
        }
    }

    /// The flow of this fixture name, or command-line name (`token-endpoint`).
    pub fn from_name(name: &str) -> Option<Flow> {
        Flow::ALL
            .into_iter()
            .find(|f| f.name() == name || f.name().replace('_', "-") == name)
    }

    /// The verifier's source for this flow, with the access token, code and nonce that came
    /// with the ID token ([`check_flow`] has made sure a hybrid flow has its code, and the
    /// implicit and hybrid flows their nonce).
    pub fn source<'p>(
        self,
        access_token: Option<&'p str>,
        code: Option<&'p str>,
        nonce: Option<&'p str>,
    ) -> IdTokenSource<'p> {
        // Never reached without a code or a nonce: the empty code's hash and the empty nonce
        // are then required, so nothing is accepted by mistake.
        let nonce = nonce.unwrap_or_default();
        match self {
            Flow::TokenEndpoint => IdTokenSource::TokenEndpoint { access_token },
            Flow::Implicit => IdTokenSource::Implicit {
                access_token,
                nonce,
            },
            Flow::Hybrid => IdTokenSource::Hybrid {
                code: code.unwrap_or_default(),
                access_token,
                nonce,
            },
        }
    }
}

/// How the caller spells the settings [`check_flow`] talks about: command-line flags or fixture
/// fields.
#[derive(Clone, Copy, Debug)]
pub struct FlowNames {
    /// The flow setting (`--id-token-source`, `id_token_source`).
    pub source: &'static str,
    /// The response type setting.
    pub response_type: &'static str,
    /// The access token setting.
    pub access_token: &'static str,
    /// The code setting.
    pub code: &'static str,
    /// The nonce setting.
    pub nonce: &'static str,
}

/// Checks that a flow, a `response_type` and the access token and code given agree (OIDC Core
/// §3.1.2.1, §3.2.2.1, §3.3.2.1): the implicit flow is `id_token` or `id_token token`, the
/// hybrid flow `code id_token` or `code id_token token` (with the code), `token` in the
/// response type exactly when an access token is given; the token endpoint needs no response
/// type (one given must contain `code`) and takes no code (its ID token is not bound to one:
/// leave the flow out to require `c_hash` with the code); the implicit and hybrid flows always
/// send a nonce whose value must come back (§3.2.2.11, §3.3.2.11), so they need a non-empty one.
/// Response type values are space-separated, in any order (RFC 6749 §3.1.1).
///
/// # Errors
/// A message naming the settings by `names`.
pub fn check_flow(
    flow: Option<Flow>,
    profile: Profile,
    response_type: Option<&str>,
    access_token: bool,
    code: bool,
    nonce: Option<&str>,
    names: FlowNames,
) -> Result<(), String> {
    let Some(flow) = flow else {
        return match response_type {
            Some(_) => Err(format!(
                "{} is given without {}: say where the ID token came from",
                names.response_type, names.source
            )),
            None => Ok(()),
        };
    };
    if profile != Profile::IdToken {
        return Err(format!(
            "{} applies to ID tokens only, not to profile {}",
            names.source,
            profile.name()
        ));
    }
    let values = match response_type {
        Some(text) => {
            Some(response_type_values(text).map_err(|e| format!("{}: {e}", names.response_type))?)
        }
        None => None,
    };
    let has = |v: &str| values.as_ref().is_some_and(|set| set.contains(&v));
    let (label, allowed): (&str, &[&str]) = match flow {
        Flow::TokenEndpoint => (
            "token endpoint",
            &["code", "code id_token", "code token", "code id_token token"],
        ),
        Flow::Implicit => ("implicit flow", &["id_token", "id_token token"]),
        Flow::Hybrid => ("hybrid flow", &["code id_token", "code id_token token"]),
    };
    if let Some(values) = &values {
        let fits = allowed.iter().any(|a| {
            let mut want: Vec<&str> = a.split(' ').collect();
            want.sort_unstable();
            want == *values
        });
        if !fits {
            return Err(format!(
                "{} `{}` is not a response type of the {label} (expected {})",
                names.response_type,
                response_type.unwrap_or_default(),
                allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ));
        }
    }
    match flow {
        Flow::TokenEndpoint => {
            if code {
                return Err(format!(
                    "{}: the ID token from the token endpoint is not bound to the code (OIDC Core \
                     §3.3.3.6 lets it omit c_hash); leave {} out to require c_hash with {}",
                    names.code, names.source, names.code
                ));
            }
            Ok(())
        }
        Flow::Implicit | Flow::Hybrid => {
            let Some(_) = values else {
                return Err(format!(
                    "{} needs {} (the {label}: {})",
                    names.source,
                    names.response_type,
                    allowed
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
            };
            if flow == Flow::Implicit && code {
                return Err(format!(
                    "{}: the implicit flow returns no code (response type `{}`)",
                    names.code,
                    response_type.unwrap_or_default()
                ));
            }
            if flow == Flow::Hybrid && !code {
                return Err(format!(
                    "the hybrid flow returns a code with the ID token: {} is required",
                    names.code
                ));
            }
            match (has("token"), access_token) {
                (true, false) => Err(format!(
                    "response type `{}` returns an access token with the ID token: {} is required",
                    response_type.unwrap_or_default(),
                    names.access_token
                )),
                (false, true) => Err(format!(
                    "{}: response type `{}` returns no access token from the authorization \
                     endpoint (add `token` to {})",
                    names.access_token,
                    response_type.unwrap_or_default(),
                    names.response_type
                )),
                _ if nonce.is_none_or(str::is_empty) => Err(format!(
                    "the {label} sends a nonce, and the ID token must return that value (OIDC \
                     Core §3.2.2.11, §3.3.2.11): {} is required (the nonce sent)",
                    names.nonce
                )),
                _ => Ok(()),
            }
        }
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

    #[test]
    fn id_token_and_access_token_need_issuer_and_audience() {
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            Target::new(Profile::IdToken, some("i"), None),
            Err("audience")
        );
        assert_eq!(
            Target::new(Profile::AccessToken, None, some("a")),
            Err("issuer")
        );
        assert_eq!(
            Target::new(Profile::Jwt, None, None),
            Ok(Target::Jwt {
                issuer: None,
                audience: None
            })
        );
    }

    const NAMES: FlowNames = FlowNames {
        source: "--id-token-source",
        response_type: "--response-type",
        access_token: "--access-token",
        code: "--code",
        nonce: "--nonce",
    };

    #[test]
    fn flows_and_response_types_must_agree() {
        let check = |flow, rt: Option<&str>, at, code| {
            check_flow(flow, Profile::IdToken, rt, at, code, Some("n-1"), NAMES)
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
        let err =
            check_flow(i, Profile::Jwt, Some("id_token"), false, false, None, NAMES).unwrap_err();
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
            for nonce in [None, Some("")] {
                let err = check_flow(flow, Profile::IdToken, Some(rt), at, code, nonce, NAMES)
                    .unwrap_err();
                assert!(err.contains("--nonce is required"), "{rt}: {err}");
            }
        }
        // The token endpoint checks a nonce only when one is named.
        assert_eq!(
            check_flow(t, Profile::IdToken, None, false, false, None, NAMES),
            Ok(())
        );
        assert_eq!(Flow::from_name("token-endpoint"), Some(Flow::TokenEndpoint));
        assert_eq!(Flow::from_name("token_endpoint"), Some(Flow::TokenEndpoint));
        assert_eq!(Flow::from_name("Hybrid"), None);
    }

    #[test]
    fn builds_the_policy_asked_for() {
        let mut settings = PolicySettings::new(Target::Jwt {
            issuer: Some("i".into()),
            audience: None,
        });
        settings.leeway = 5;
        settings.required_claims = vec!["email".into()];
        settings.try_all_keys = true;
        settings.with_policy(|p| {
            assert_eq!(p.profile(), Profile::Jwt);
            assert_eq!(p.issuer(), Some("i"));
            assert_eq!(p.audience(), None);
            assert_eq!(p.leeway(), 5);
            assert_eq!(p.required_claims(), &["email"]);
            assert!(p.tries_all_keys());
            assert!(p.allows(Algorithm::HS256));
        });
    }
}
