//! A verification policy held in owned values: what a fixture case or the `verify` command's
//! options ask for, turned into a borrowed [`verifier::Policy`] on demand.

use verifier::{Algorithm, Policy, Profile};

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
        if let Some(token) = &self.access_token {
            policy = policy.with_access_token(token);
        }
        if let Some(code) = &self.code {
            policy = policy.with_code(code);
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
