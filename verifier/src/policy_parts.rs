//! A policy from loose parts: the one place where settings that arrive as data (the C
//! interface's `jwtv_policy`, the harness's fixtures and command line, the firmware's wire
//! format) become a [`Policy`], and where the combinations that make no sense are refused.

use core::fmt;

use crate::algorithm::Algorithm;
use crate::policy::{IdTokenSource, Policy, Profile};

/// Where an ID token was received, without the values that came with it: which OpenID Connect
/// flow's rules apply to `at_hash`, `c_hash` and `nonce` ([`IdTokenSource`] is the same with its
/// values, for [`Policy::received_from`]).
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// The token endpoint (the authorization code flow, or a hybrid flow's second leg).
    TokenEndpoint,
    /// The authorization endpoint, implicit flow (`id_token`, `id_token token`).
    Implicit,
    /// The authorization endpoint, hybrid flow (`code id_token`, `code id_token token`).
    Hybrid,
}

impl Flow {
    /// Every flow, in declaration order.
    pub const ALL: [Flow; 3] = [Flow::TokenEndpoint, Flow::Implicit, Flow::Hybrid];

    /// The flow's name in fixtures and on the wire: `token_endpoint`, `implicit`, `hybrid`.
    pub const fn name(self) -> &'static str {
        match self {
            Flow::TokenEndpoint => "token_endpoint",
            Flow::Implicit => "implicit",
            Flow::Hybrid => "hybrid",
        }
    }

    /// The flow with this name.
    ///
    /// ```
    /// use jwtv::Flow;
    /// assert_eq!(Flow::from_name("token_endpoint"), Some(Flow::TokenEndpoint));
    /// assert_eq!(Flow::from_name("Hybrid"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Flow> {
        Flow::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Every setting of a [`Policy`] as a plain value, for callers whose settings arrive as data.
/// [`Policy::from_parts`] turns them into a policy, or says which combination it refuses.
///
/// `None` and empty lists mean "not set"; an empty string is never a value (it is refused).
/// [`Default`] is an ID token policy with nothing filled in: it is refused until the issuer and
/// the audience are given, and it allows no algorithm until `algorithms` names some.
///
/// | field | meaning | when not set |
/// | --- | --- | --- |
/// | `profile` | the rule set ([`Profile`]) | ID token |
/// | `algorithms` | the `alg` values accepted | none: every token is refused (`algorithm_not_allowed`) |
/// | `issuer` | the `iss` expected | JWT: any `iss` accepted; ID, access and logout tokens: refused ([`PolicyError::MissingIssuer`]) |
/// | `audience` | the `aud` expected (the client id, the resource) | JWT: any `aud` accepted; the others: refused ([`PolicyError::MissingAudience`]) |
/// | `additional_audiences` | [`Policy::with_additional_audiences`] | none |
/// | `leeway` | clock skew, seconds | 0 |
/// | `nonce` | [`Policy::with_nonce`]; with the implicit or hybrid `flow`, also the nonce sent | not checked (the token endpoint), refused (implicit, hybrid) |
/// | `max_age` | [`Policy::with_max_age`] | not checked |
/// | `max_token_age` | [`Policy::with_max_token_age`] | not checked |
/// | `access_token` | without `flow`: [`Policy::with_access_token`] (`at_hash` required); with it: the access token that came with the ID token | not checked |
/// | `code` | without `flow`: [`Policy::with_code`] (`c_hash` required); with the hybrid flow: the code that came with the ID token | not checked; refused with the token endpoint and the implicit flow, which return no code with the ID token |
/// | `flow` | where the ID token was received ([`Policy::received_from`]): ID tokens only | the strict `with_access_token` / `with_code` rules |
/// | `typ` | [`Policy::with_typ`] | the profile's |
/// | `required_claims`, `required_scopes` | [`Policy::with_required_claims`], [`Policy::with_required_scopes`] | none |
/// | `try_all_keys` | [`Policy::try_all_keys`] | off |
/// | `max_depth` | [`Policy::with_max_depth`] (at most [`crate::MAX_DEPTH`]) | [`crate::DEFAULT_MAX_DEPTH`] |
///
/// Under [`Profile::Jws`] no claim is read: the claim settings are accepted and have no effect.
///
/// # Examples
/// ```
/// use jwtv::{Algorithm, Flow, Policy, PolicyError, PolicyParts, Profile};
/// let parts = PolicyParts {
///     algorithms: &[Algorithm::RS256],
///     issuer: Some("https://op.example"),
///     audience: Some("client-1"),
///     flow: Some(Flow::Implicit),
///     nonce: Some("n-0S6_WzA2Mj"),
///     ..PolicyParts::default()
/// };
/// let policy = Policy::from_parts(parts)?;
/// assert_eq!(policy.profile(), Profile::IdToken);
/// // The implicit flow always sends a nonce, and its value must come back.
/// let no_nonce = PolicyParts { nonce: None, ..parts };
/// assert_eq!(Policy::from_parts(no_nonce).err(), Some(PolicyError::NonceRequired));
/// # Ok::<(), PolicyError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PolicyParts<'p> {
    /// The rule set.
    pub profile: Profile,
    /// The `alg` values accepted.
    pub algorithms: &'p [Algorithm],
    /// The `iss` expected.
    pub issuer: Option<&'p str>,
    /// The `aud` expected: the client id of an ID or logout token, an access token's resource.
    pub audience: Option<&'p str>,
    /// Other audiences accepted besides `audience`.
    pub additional_audiences: &'p [&'p str],
    /// Clock skew tolerated, in seconds.
    pub leeway: u64,
    /// The nonce sent in the authentication request.
    pub nonce: Option<&'p str>,
    /// OIDC `max_age`, in seconds (checked against `auth_time`).
    pub max_age: Option<u64>,
    /// The oldest `iat` accepted, as an age in seconds.
    pub max_token_age: Option<u64>,
    /// The access token issued with the ID token (`at_hash`).
    pub access_token: Option<&'p str>,
    /// The authorization code issued with the ID token (`c_hash`).
    pub code: Option<&'p str>,
    /// Where the ID token was received.
    pub flow: Option<Flow>,
    /// The header `typ` required instead of the profile's.
    pub typ: Option<&'p str>,
    /// Claims that must be present.
    pub required_claims: &'p [&'p str],
    /// Scopes that `scope` must list.
    pub required_scopes: &'p [&'p str],
    /// Try every fitting key when the choice of key is ambiguous.
    pub try_all_keys: bool,
    /// The JSON nesting budget.
    pub max_depth: Option<usize>,
}

impl Default for PolicyParts<'_> {
    fn default() -> Self {
        PolicyParts::DEFAULT
    }
}

impl<'p> PolicyParts<'p> {
    /// [`PolicyParts::default`], usable in a `const`.
    pub const DEFAULT: PolicyParts<'static> = PolicyParts {
        profile: Profile::IdToken,
        algorithms: &[],
        issuer: None,
        audience: None,
        additional_audiences: &[],
        leeway: 0,
        nonce: None,
        max_age: None,
        max_token_age: None,
        access_token: None,
        code: None,
        flow: None,
        typ: None,
        required_claims: &[],
        required_scopes: &[],
        try_all_keys: false,
        max_depth: None,
    };
}

/// A combination of [`PolicyParts`] that [`Policy::from_parts`] refuses: a mistake in the
/// caller's settings, found before any token is read.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyError {
    /// The ID token, access token and logout token profiles need the issuer: OIDC Core
    /// §3.1.3.7 rule 2, RFC 9068 §4, Back-Channel Logout 1.0 §2.6.
    MissingIssuer,
    /// The ID token, access token and logout token profiles need the audience (the client id,
    /// the resource): OIDC Core §3.1.3.7 rule 3, RFC 9068 §4, Back-Channel Logout 1.0 §2.6.
    MissingAudience,
    /// Other audiences were given without the audience they are additional to.
    AdditionalAudiencesWithoutAudience,
    /// A string setting is empty (`field` names it): no token can carry an empty issuer,
    /// audience, nonce, code, access token, type, claim name or scope worth checking against.
    EmptyValue {
        /// The [`PolicyParts`] field.
        field: &'static str,
    },
    /// A flow was given for a profile other than the ID token's.
    FlowWithoutIdToken,
    /// The implicit and hybrid flows always send a nonce, and its value must come back (OIDC
    /// Core §3.2.2.11, §3.3.2.11): `nonce` is required with them.
    NonceRequired,
    /// The hybrid flow returns a code with the ID token (OIDC Core §3.3.2.11): `code` is
    /// required with it.
    CodeRequired,
    /// A code was given with a flow that returns none with its ID token (`flow` names it): the
    /// implicit flow returns no code, and the token endpoint's ID token is not bound to the code
    /// (OIDC Core §3.3.3.6 lets it omit `c_hash`; leave the flow out to require `c_hash`).
    CodeWithoutHybridFlow {
        /// The flow given.
        flow: Flow,
    },
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyError::MissingIssuer => {
                f.write_str("the profile needs an issuer (its tokens' `iss` is checked)")
            }
            PolicyError::MissingAudience => {
                f.write_str("the profile needs an audience (the client id or the resource)")
            }
            PolicyError::AdditionalAudiencesWithoutAudience => {
                f.write_str("additional audiences are given without an audience")
            }
            PolicyError::EmptyValue { field } => write!(f, "`{field}` is empty"),
            PolicyError::FlowWithoutIdToken => f.write_str("a flow applies to ID tokens only"),
            PolicyError::NonceRequired => f.write_str(
                "the implicit and hybrid flows send a nonce, and the ID token must return it: \
                 the nonce sent is required",
            ),
            PolicyError::CodeRequired => f.write_str(
                "the hybrid flow returns a code with the ID token: the code is required",
            ),
            PolicyError::CodeWithoutHybridFlow {
                flow: Flow::Implicit,
            } => f.write_str("the implicit flow returns no code"),
            PolicyError::CodeWithoutHybridFlow { .. } => f.write_str(
                "the ID token from the token endpoint is not bound to the code (OIDC Core \
                 §3.3.3.6 lets it omit c_hash); leave the flow out to require c_hash",
            ),
        }
    }
}

impl core::error::Error for PolicyError {}

/// `Some` with a non-empty value, `None` for `None`; an empty string is refused as `field`.
const fn non_empty<'p>(
    value: Option<&'p str>,
    field: &'static str,
) -> Result<Option<&'p str>, PolicyError> {
    match value {
        Some(v) if v.is_empty() => Err(PolicyError::EmptyValue { field }),
        other => Ok(other),
    }
}

/// Refuses a list that holds an empty string.
const fn none_empty(list: &[&str], field: &'static str) -> Result<(), PolicyError> {
    let mut rest = list;
    while let [first, tail @ ..] = rest {
        if first.is_empty() {
            return Err(PolicyError::EmptyValue { field });
        }
        rest = tail;
    }
    Ok(())
}

/// `?` for `const fn`.
macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Err(e),
        }
    };
}

impl<'p> Policy<'p> {
    /// The policy `parts` describe, with every rule of [`PolicyParts`] applied; the same parts
    /// give the same policy through every door (Rust, C, the harness, the firmware).
    ///
    /// # Errors
    /// The first [`PolicyError`] the parts make, checked in the order of the fields.
    pub const fn from_parts(parts: PolicyParts<'p>) -> Result<Policy<'p>, PolicyError> {
        let issuer = tri!(non_empty(parts.issuer, "issuer"));
        let audience = tri!(non_empty(parts.audience, "audience"));
        tri!(none_empty(
            parts.additional_audiences,
            "additional_audiences"
        ));
        let nonce = tri!(non_empty(parts.nonce, "nonce"));
        let access_token = tri!(non_empty(parts.access_token, "access_token"));
        let code = tri!(non_empty(parts.code, "code"));
        let typ = tri!(non_empty(parts.typ, "typ"));
        tri!(none_empty(parts.required_claims, "required_claims"));
        tri!(none_empty(parts.required_scopes, "required_scopes"));

        let algorithms = parts.algorithms;
        let mut policy = match parts.profile {
            Profile::Jws => Policy::jws(algorithms),
            Profile::Jwt => Policy::jwt(
                algorithms,
                match issuer {
                    Some(v) => v,
                    None => "",
                },
                match audience {
                    Some(v) => v,
                    None => "",
                },
            ),
            named => {
                let (Some(issuer), Some(audience)) = (issuer, audience) else {
                    return Err(if issuer.is_none() {
                        PolicyError::MissingIssuer
                    } else {
                        PolicyError::MissingAudience
                    });
                };
                match named {
                    Profile::AccessToken => Policy::access_token(algorithms, issuer, audience),
                    Profile::LogoutToken => Policy::logout_token(algorithms, issuer, audience),
                    _ => Policy::id_token(algorithms, issuer, audience),
                }
            }
        };
        if issuer.is_none() {
            policy = policy.waive_issuer();
        }
        if audience.is_none() {
            if !parts.additional_audiences.is_empty() && !matches!(parts.profile, Profile::Jws) {
                return Err(PolicyError::AdditionalAudiencesWithoutAudience);
            }
            policy = policy.waive_audience();
        }
        policy = policy
            .with_additional_audiences(parts.additional_audiences)
            .with_leeway(parts.leeway)
            .with_required_claims(parts.required_claims)
            .with_required_scopes(parts.required_scopes);
        if let Some(nonce) = nonce {
            policy = policy.with_nonce(nonce);
        }
        if let Some(seconds) = parts.max_age {
            policy = policy.with_max_age(seconds);
        }
        if let Some(seconds) = parts.max_token_age {
            policy = policy.with_max_token_age(seconds);
        }
        policy = match parts.flow {
            None => {
                if let Some(token) = access_token {
                    policy = policy.with_access_token(token);
                }
                if let Some(code) = code {
                    policy = policy.with_code(code);
                }
                policy
            }
            Some(_) if !matches!(parts.profile, Profile::IdToken) => {
                return Err(PolicyError::FlowWithoutIdToken);
            }
            Some(flow @ (Flow::TokenEndpoint | Flow::Implicit)) if code.is_some() => {
                return Err(PolicyError::CodeWithoutHybridFlow { flow });
            }
            Some(Flow::TokenEndpoint) => {
                policy.received_from(IdTokenSource::TokenEndpoint { access_token })
            }
            Some(flow @ (Flow::Implicit | Flow::Hybrid)) => {
                let Some(nonce) = nonce else {
                    return Err(PolicyError::NonceRequired);
                };
                match (flow, code) {
                    (Flow::Hybrid, Some(code)) => policy.received_from(IdTokenSource::Hybrid {
                        code,
                        access_token,
                        nonce,
                    }),
                    (Flow::Hybrid, None) => return Err(PolicyError::CodeRequired),
                    _ => policy.received_from(IdTokenSource::Implicit {
                        access_token,
                        nonce,
                    }),
                }
            }
        };
        if let Some(typ) = typ {
            policy = policy.with_typ(typ);
        }
        if parts.try_all_keys {
            policy = policy.try_all_keys();
        }
        if let Some(depth) = parts.max_depth {
            policy = policy.with_max_depth(depth);
        }
        Ok(policy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALGS: &[Algorithm] = &[Algorithm::RS256, Algorithm::HS256];
    const ID_TOKEN: PolicyParts<'static> = PolicyParts {
        algorithms: ALGS,
        issuer: Some("https://op.example"),
        audience: Some("client-1"),
        ..PolicyParts::DEFAULT
    };

    /// The policies compared field by field (through `Debug`, which prints every field).
    fn same(a: Result<Policy<'_>, PolicyError>, b: Policy<'_>) {
        assert_eq!(format!("{a:?}"), format!("{:?}", Ok::<_, PolicyError>(b)));
    }

    #[test]
    fn the_default_is_refused_until_issuer_and_audience_are_given() {
        assert_eq!(
            Policy::from_parts(PolicyParts::default()).err(),
            Some(PolicyError::MissingIssuer)
        );
        for profile in [Profile::IdToken, Profile::AccessToken, Profile::LogoutToken] {
            let parts = PolicyParts {
                profile,
                ..ID_TOKEN
            };
            let no_issuer = PolicyParts {
                issuer: None,
                ..parts
            };
            let no_audience = PolicyParts {
                audience: None,
                ..parts
            };
            assert_eq!(
                Policy::from_parts(no_issuer).err(),
                Some(PolicyError::MissingIssuer)
            );
            assert_eq!(
                Policy::from_parts(no_audience).err(),
                Some(PolicyError::MissingAudience)
            );
        }
    }

    #[test]
    fn each_profile_is_its_constructor() {
        let (i, a) = ("https://op.example", "client-1");
        same(Policy::from_parts(ID_TOKEN), Policy::id_token(ALGS, i, a));
        let profile = |profile| PolicyParts {
            profile,
            ..ID_TOKEN
        };
        same(
            Policy::from_parts(profile(Profile::AccessToken)),
            Policy::access_token(ALGS, i, a),
        );
        same(
            Policy::from_parts(profile(Profile::LogoutToken)),
            Policy::logout_token(ALGS, i, a),
        );
        same(
            Policy::from_parts(profile(Profile::Jwt)),
            Policy::jwt(ALGS, i, a),
        );
        // A JWT's issuer and audience, when not given, are waived; they are never "".
        let jwt = PolicyParts {
            issuer: None,
            audience: None,
            ..profile(Profile::Jwt)
        };
        same(
            Policy::from_parts(jwt),
            Policy::jwt(ALGS, "", "").waive_issuer().waive_audience(),
        );
        // A JWS reads no claim: the claim settings have no effect, and are not refused.
        let jws = PolicyParts {
            issuer: None,
            audience: None,
            additional_audiences: &["other"],
            ..profile(Profile::Jws)
        };
        let built = Policy::from_parts(jws).map(|p| p.profile());
        assert_eq!(built, Ok(Profile::Jws));
    }

    #[test]
    fn every_setting_reaches_the_policy() {
        let parts = PolicyParts {
            additional_audiences: &["client-2"],
            leeway: 30,
            nonce: Some("n-1"),
            max_age: Some(3600),
            max_token_age: Some(600),
            access_token: Some("at"),
            code: Some("c"),
            typ: Some("JWT"),
            required_claims: &["email"],
            required_scopes: &["read"],
            try_all_keys: true,
            max_depth: Some(8),
            ..ID_TOKEN
        };
        same(
            Policy::from_parts(parts),
            Policy::id_token(ALGS, "https://op.example", "client-1")
                .with_additional_audiences(&["client-2"])
                .with_leeway(30)
                .with_required_claims(&["email"])
                .with_required_scopes(&["read"])
                .with_nonce("n-1")
                .with_max_age(3600)
                .with_max_token_age(600)
                .with_access_token("at")
                .with_code("c")
                .with_typ("JWT")
                .try_all_keys()
                .with_max_depth(8),
        );
    }

    #[test]
    fn an_empty_string_is_never_a_value() {
        let cases: [(PolicyParts<'static>, &str); 9] = [
            (
                PolicyParts {
                    issuer: Some(""),
                    ..ID_TOKEN
                },
                "issuer",
            ),
            (
                PolicyParts {
                    audience: Some(""),
                    ..ID_TOKEN
                },
                "audience",
            ),
            (
                PolicyParts {
                    additional_audiences: &["a", ""],
                    ..ID_TOKEN
                },
                "additional_audiences",
            ),
            (
                PolicyParts {
                    nonce: Some(""),
                    ..ID_TOKEN
                },
                "nonce",
            ),
            (
                PolicyParts {
                    access_token: Some(""),
                    ..ID_TOKEN
                },
                "access_token",
            ),
            (
                PolicyParts {
                    code: Some(""),
                    ..ID_TOKEN
                },
                "code",
            ),
            (
                PolicyParts {
                    typ: Some(""),
                    ..ID_TOKEN
                },
                "typ",
            ),
            (
                PolicyParts {
                    required_claims: &[""],
                    ..ID_TOKEN
                },
                "required_claims",
            ),
            (
                PolicyParts {
                    required_scopes: &[""],
                    ..ID_TOKEN
                },
                "required_scopes",
            ),
        ];
        for (parts, field) in cases {
            assert_eq!(
                Policy::from_parts(parts).err(),
                Some(PolicyError::EmptyValue { field }),
                "{field}"
            );
        }
        // Not even a JWT's: "" is not "any issuer".
        let jwt = PolicyParts {
            profile: Profile::Jwt,
            issuer: Some(""),
            ..ID_TOKEN
        };
        assert_eq!(
            Policy::from_parts(jwt).err(),
            Some(PolicyError::EmptyValue { field: "issuer" })
        );
    }

    #[test]
    fn additional_audiences_need_the_audience() {
        let parts = PolicyParts {
            profile: Profile::Jwt,
            audience: None,
            additional_audiences: &["api-2"],
            ..ID_TOKEN
        };
        assert_eq!(
            Policy::from_parts(parts).err(),
            Some(PolicyError::AdditionalAudiencesWithoutAudience)
        );
    }

    #[test]
    fn flows_follow_oidc_core() {
        let flow = |flow, nonce, access_token, code| PolicyParts {
            flow: Some(flow),
            nonce,
            access_token,
            code,
            ..ID_TOKEN
        };
        let base = Policy::id_token(ALGS, "https://op.example", "client-1");
        // The token endpoint: the nonce is checked when given; the access token is optional.
        same(
            Policy::from_parts(flow(Flow::TokenEndpoint, None, Some("at"), None)),
            base.received_from(IdTokenSource::TokenEndpoint {
                access_token: Some("at"),
            }),
        );
        same(
            Policy::from_parts(flow(Flow::Implicit, Some("n"), None, None)),
            base.with_nonce("n").received_from(IdTokenSource::Implicit {
                access_token: None,
                nonce: "n",
            }),
        );
        same(
            Policy::from_parts(flow(Flow::Hybrid, Some("n"), Some("at"), Some("c"))),
            base.with_nonce("n").received_from(IdTokenSource::Hybrid {
                code: "c",
                access_token: Some("at"),
                nonce: "n",
            }),
        );
        for (parts, error) in [
            (
                flow(Flow::Implicit, None, None, None),
                PolicyError::NonceRequired,
            ),
            (
                flow(Flow::Hybrid, None, None, Some("c")),
                PolicyError::NonceRequired,
            ),
            (
                flow(Flow::Hybrid, Some("n"), None, None),
                PolicyError::CodeRequired,
            ),
            (
                flow(Flow::Implicit, Some("n"), None, Some("c")),
                PolicyError::CodeWithoutHybridFlow {
                    flow: Flow::Implicit,
                },
            ),
            (
                flow(Flow::TokenEndpoint, None, None, Some("c")),
                PolicyError::CodeWithoutHybridFlow {
                    flow: Flow::TokenEndpoint,
                },
            ),
            (
                PolicyParts {
                    profile: Profile::AccessToken,
                    ..flow(Flow::TokenEndpoint, None, None, None)
                },
                PolicyError::FlowWithoutIdToken,
            ),
        ] {
            assert_eq!(Policy::from_parts(parts).err(), Some(error), "{parts:?}");
        }
    }

    #[test]
    fn every_refusal_says_what_is_wrong() {
        let said = |e: PolicyError| format!("{e}");
        for (error, words) in [
            (PolicyError::MissingIssuer, "issuer"),
            (PolicyError::MissingAudience, "audience"),
            (
                PolicyError::AdditionalAudiencesWithoutAudience,
                "additional audiences",
            ),
            (PolicyError::EmptyValue { field: "typ" }, "`typ` is empty"),
            (PolicyError::FlowWithoutIdToken, "ID tokens only"),
            (PolicyError::NonceRequired, "nonce sent is required"),
            (PolicyError::CodeRequired, "the code is required"),
            (
                PolicyError::CodeWithoutHybridFlow {
                    flow: Flow::Implicit,
                },
                "implicit flow returns no code",
            ),
            (
                PolicyError::CodeWithoutHybridFlow {
                    flow: Flow::TokenEndpoint,
                },
                "not bound to the code",
            ),
        ] {
            assert!(said(error).contains(words), "{error:?}: {}", said(error));
        }
    }

    #[test]
    fn builds_in_a_const() {
        const POLICY: Result<Policy<'static>, PolicyError> = Policy::from_parts(ID_TOKEN);
        assert!(matches!(POLICY, Ok(p) if p.profile() == Profile::IdToken));
    }

    #[test]
    fn flow_names() {
        for flow in Flow::ALL {
            assert_eq!(Flow::from_name(flow.name()), Some(flow));
        }
        assert_eq!(Flow::from_name("token-endpoint"), None);
    }
}
