//! What the caller will accept: algorithms, issuer, audience, profile, time rules.

use crate::algorithm::Algorithm;

/// The rule set a token is validated under.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Profile {
    /// Signature only (RFC 7515): the payload need not be a JWT; no claim is read.
    Jws,
    /// A JWT (RFC 7519, RFC 8725): `exp` required; `iss` and `aud` checked unless waived;
    /// `typ` absent or `JWT` (explicit typing, RFC 8725 §3.11: `at+jwt`, `logout+jwt`,
    /// `secevent+jwt`, `dpop+jwt` and every other type are refused unless the policy names it).
    Jwt,
    /// An OpenID Connect ID Token (OIDC Core 1.0 §3.1.3.7): `iss`, `sub`, `aud`, `exp`, `iat`
    /// required; `aud` holds the client id and no other audience; `azp`, when present, is the
    /// client id; `typ` absent or `JWT` (as for [`Profile::Jwt`]: an access token, a logout
    /// token, a security event or a DPoP proof from the same issuer is refused); no `events`
    /// claim (a security event such as a logout token, even without `typ`, is
    /// [`crate::Error::ProhibitedClaim`]). Where the token came from
    /// ([`Policy::received_from`]) decides which of `at_hash`, `c_hash` and `nonce` are required.
    IdToken,
    /// An OAuth 2.0 JWT access token (RFC 9068 §4): `typ` is `at+jwt`; `iss`, `exp`, `aud`, `sub`,
    /// `client_id`, `iat`, `jti` required.
    AccessToken,
    /// An OpenID Connect Back-Channel Logout token (Back-Channel Logout 1.0 §2.4, §2.6):
    /// `typ` absent or `logout+jwt`; `iss`, `aud`, `iat`, `exp`, `jti` and `events` required;
    /// `sub`, `sid` or both; `events` an object whose member
    /// `http://schemas.openid.net/event/backchannel-logout` is an object; no `nonce`. `iss`,
    /// `aud`, `iat` and `exp` are checked as for an ID token (the client id the only audience,
    /// unless the policy trusts others); `azp` is not a logout token claim and is not checked.
    LogoutToken,
}

impl Profile {
    /// The profile's name in fixtures and on the command line: `jws`, `jwt`, `id_token`,
    /// `access_token`, `logout_token`.
    pub const fn name(self) -> &'static str {
        match self {
            Profile::Jws => "jws",
            Profile::Jwt => "jwt",
            Profile::IdToken => "id_token",
            Profile::AccessToken => "access_token",
            Profile::LogoutToken => "logout_token",
        }
    }

    /// Every profile, in declaration order.
    pub const ALL: [Profile; 5] = [
        Profile::Jws,
        Profile::Jwt,
        Profile::IdToken,
        Profile::AccessToken,
        Profile::LogoutToken,
    ];

    /// The profile with this name.
    ///
    /// # Examples
    /// ```
    /// use jwtv::Profile;
    /// assert_eq!(Profile::from_name("id_token"), Some(Profile::IdToken));
    /// assert_eq!(Profile::AccessToken.name(), "access_token");
    /// assert_eq!(Profile::from_name("IdToken"), None);
    /// assert_eq!(Profile::from_name("logout_token"), Some(Profile::LogoutToken));
    /// ```
    pub fn from_name(name: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// Where an ID token was received, and with what: the OpenID Connect flow decides which of
/// `at_hash`, `c_hash` and `nonce` the token must carry (OIDC Core 1.0 §3.1.3.6–8, §3.2.2.9–11,
/// §3.3.2.9–12, §3.3.3.6). Given to [`Policy::received_from`].
///
/// | source | `response_type` | `at_hash` | `c_hash` | `nonce` |
/// | --- | --- | --- | --- | --- |
/// | `TokenEndpoint { access_token: None }` | `code` | not checked | not checked | checked if the policy has one |
/// | `TokenEndpoint { access_token: Some(t) }` | `code` | checked against `t` when present | not checked | checked if the policy has one |
/// | `Implicit { access_token: None, nonce }` | `id_token` | not checked (no access token) | not checked | required, equal to `nonce` |
/// | `Implicit { access_token: Some(t), nonce }` | `id_token token` | required, against `t` | not checked | required, equal to `nonce` |
/// | `Hybrid { code, access_token: None, nonce }` | `code id_token` | not checked | required, against `code` | required, equal to `nonce` |
/// | `Hybrid { code, access_token: Some(t), nonce }` | `code id_token token` | required, against `t` | required, against `code` | required, equal to `nonce` |
///
/// "Required" hashes that are absent or differ are [`crate::Error::AtHashMismatch`] /
/// [`crate::Error::CHashMismatch`]; a `nonce` claim that is absent or differs from the nonce
/// sent is [`crate::Error::NonceMismatch`]. The implicit and hybrid flows always send a nonce
/// and the value MUST come back (§3.2.2.11, §3.3.2.11, §3.1.3.7 rule 11), so those sources
/// carry it: a policy for them cannot be written without the value. Hashes use the SHA-2
/// function of the token's `alg` (SHA-256 for `*256`, SHA-384 for `*384`, SHA-512 for
/// `*512`), left half, base64url.
///
/// # Examples
/// ```
/// use jwtv::IdTokenSource;
/// let hybrid = IdTokenSource::Hybrid {
///     code: "SplxlOBeZQQYbYS6WxSbIA",
///     access_token: None,
///     nonce: "n-0S6_WzA2Mj",
/// };
/// assert_eq!(hybrid.response_type(), "code id_token");
/// assert_eq!(IdTokenSource::TokenEndpoint { access_token: None }.response_type(), "code");
/// // The implicit and hybrid flows send a nonce, which must come back; a token response has none.
/// assert!(hybrid.requires_nonce());
/// assert_eq!(hybrid.nonce(), Some("n-0S6_WzA2Mj"));
/// assert!(!IdTokenSource::TokenEndpoint { access_token: None }.requires_nonce());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdTokenSource<'p> {
    /// Token endpoint (authorization code flow, or the token-endpoint leg of a hybrid flow):
    /// `at_hash` OPTIONAL, checked against the access token when both are present (§3.1.3.8,
    /// §3.3.3.6). No code comes with a token response, so `c_hash` is not checked (§3.3.3.6: it
    /// MAY be omitted there); [`Policy::with_code`] requires and checks it anyway.
    TokenEndpoint {
        /// The access token of the same token response, if the caller wants `at_hash` checked.
        access_token: Option<&'p str>,
    },
    /// Implicit flow from the authorization endpoint: `None` = response_type `id_token`,
    /// `Some` = `id_token token` (`at_hash` REQUIRED and checked, §3.2.2.10). `nonce` REQUIRED
    /// and equal to the one sent (§3.2.2.11).
    Implicit {
        /// The access token returned with the ID token (`id_token token`).
        access_token: Option<&'p str>,
        /// The nonce sent in the authentication request.
        nonce: &'p str,
    },
    /// Hybrid flow from the authorization endpoint: `code id_token` (`access_token` `None`) or
    /// `code id_token token`: `c_hash` REQUIRED; `at_hash` REQUIRED iff an access token was
    /// issued with it (§3.3.2.11). `nonce` REQUIRED (§3.3.2.11).
    Hybrid {
        /// The authorization code returned with the ID token.
        code: &'p str,
        /// The access token returned with the ID token (`code id_token token`).
        access_token: Option<&'p str>,
        /// The nonce sent in the authentication request.
        nonce: &'p str,
    },
}

impl<'p> IdTokenSource<'p> {
    /// The OAuth `response_type` this source stands for, its values in the order OIDC Core
    /// writes them: `code` for [`IdTokenSource::TokenEndpoint`] (the ID token of a token
    /// response follows the code flow's rules, §3.1.3.6, whatever the authorization request's
    /// response type was: `code`, or `code id_token`, `code token`, `code id_token token` in
    /// a hybrid flow, §3.3.3.6), `id_token` or `id_token token` for
    /// [`IdTokenSource::Implicit`], `code id_token` or `code id_token token` for
    /// [`IdTokenSource::Hybrid`].
    pub const fn response_type(&self) -> &'static str {
        match self {
            IdTokenSource::TokenEndpoint { .. } => "code",
            IdTokenSource::Implicit {
                access_token: None, ..
            } => "id_token",
            IdTokenSource::Implicit {
                access_token: Some(_),
                ..
            } => "id_token token",
            IdTokenSource::Hybrid {
                access_token: None, ..
            } => "code id_token",
            IdTokenSource::Hybrid {
                access_token: Some(_),
                ..
            } => "code id_token token",
        }
    }

    /// Whether the flow requires a `nonce` claim (implicit and hybrid, §3.2.2.11, §3.3.2.11).
    pub const fn requires_nonce(&self) -> bool {
        self.nonce().is_some()
    }

    /// The nonce the flow sent, which the `nonce` claim must equal (implicit and hybrid).
    pub const fn nonce(&self) -> Option<&'p str> {
        match self {
            IdTokenSource::TokenEndpoint { .. } => None,
            IdTokenSource::Implicit { nonce, .. } | IdTokenSource::Hybrid { nonce, .. } => {
                Some(nonce)
            }
        }
    }
}

/// Default nesting budget for header and claims JSON.
pub const DEFAULT_MAX_DEPTH: usize = 16;

/// The most [`Policy::with_max_depth`] allows: nesting is read by recursion, and a token is read
/// before its signature is checked, so the budget bounds what an unsigned token can make the
/// verifier's stack hold. A level of nested objects costs about 100 bytes of stack on a
/// Cortex-M4 and a level of arrays 24 (32 levels of objects: about 3.3 KiB above the rest of
/// the verification).
pub const MAX_DEPTH: usize = 32;

/// What a policy expects of a claim such as `iss` or `aud` ([`Policy::jwt_expecting`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect<'p> {
    /// The claim must equal this value (compared after unescaping).
    Value(&'p str),
    /// Any value is accepted: the check is waived, on purpose.
    Any,
}

impl<'p> Expect<'p> {
    const fn value(self) -> Option<&'p str> {
        match self {
            Expect::Value(v) => Some(v),
            Expect::Any => None,
        }
    }
}

/// What a token must satisfy. Buildable in a `const`; every setting has a documented default.
///
/// The issuer and audience are required by the constructors and dropped only by an explicit
/// [`Policy::waive_issuer`] / [`Policy::waive_audience`].
///
/// # Examples
/// ```
/// use jwtv::{Algorithm, Policy};
/// const POLICY: Policy<'static> = Policy::id_token(&[Algorithm::RS256], "https://op.example", "client-1")
///     .with_leeway(30)
///     .with_max_age(3600);
/// assert_eq!(POLICY.leeway(), 30);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Policy<'p> {
    profile: Profile,
    algorithms: &'p [Algorithm],
    issuer: Option<&'p str>,
    audience: Option<&'p str>,
    additional_audiences: &'p [&'p str],
    leeway: u64,
    nonce: Option<&'p str>,
    max_age: Option<u64>,
    max_token_age: Option<u64>,
    access_token: Option<&'p str>,
    code: Option<&'p str>,
    source: Option<IdTokenSource<'p>>,
    typ: Option<&'p str>,
    required_claims: &'p [&'p str],
    required_scopes: &'p [&'p str],
    try_all_keys: bool,
    max_depth: usize,
}

impl<'p> Policy<'p> {
    const fn new(
        profile: Profile,
        algorithms: &'p [Algorithm],
        issuer: Option<&'p str>,
        audience: Option<&'p str>,
    ) -> Self {
        Policy {
            profile,
            algorithms,
            issuer,
            audience,
            additional_audiences: &[],
            leeway: 0,
            nonce: None,
            max_age: None,
            max_token_age: None,
            access_token: None,
            code: None,
            source: None,
            typ: None,
            required_claims: &[],
            required_scopes: &[],
            try_all_keys: false,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }

    /// Signature-only verification of a compact JWS with one of `algorithms`.
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// // The signature alone: no claim is read, so an expired token passes.
    /// const POLICY: Policy<'static> = Policy::jws(&[Algorithm::HS256]);
    /// assert_eq!(check(&POLICY), Ok(()));
    /// assert_eq!(check(&Policy::jws(&[Algorithm::RS256])), Err(Error::AlgorithmNotAllowed));
    /// ```
    pub const fn jws(algorithms: &'p [Algorithm]) -> Self {
        Policy::new(Profile::Jws, algorithms, None, None)
    }

    /// A JWT from `issuer` for `audience`.
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// // RFC 7515's token has no `aud`: a JWT policy that names an audience requires one.
    /// const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "joe", "https://api.example");
    /// assert_eq!(check(&POLICY), Err(Error::MissingClaim));
    /// assert_eq!(check(&POLICY.waive_audience()), Ok(()));
    /// ```
    pub const fn jwt(algorithms: &'p [Algorithm], issuer: &'p str, audience: &'p str) -> Self {
        Policy::new(Profile::Jwt, algorithms, Some(issuer), Some(audience))
    }

    /// A JWT whose issuer and audience are each either expected or explicitly accepted as any
    /// value, with no placeholder string: `Policy::jwt_expecting(algs, Expect::Value("joe"),
    /// Expect::Any)` is `Policy::jwt(algs, "joe", "").waive_audience()`.
    ///
    /// # Examples
    /// ```
    /// use jwtv::{Algorithm, Expect, Policy};
    /// const POLICY: Policy<'static> =
    ///     Policy::jwt_expecting(&[Algorithm::ES256], Expect::Value("https://op.example"), Expect::Any);
    /// assert_eq!(POLICY.issuer(), Some("https://op.example"));
    /// assert_eq!(POLICY.audience(), None);
    /// ```
    pub const fn jwt_expecting(
        algorithms: &'p [Algorithm],
        issuer: Expect<'p>,
        audience: Expect<'p>,
    ) -> Self {
        Policy::new(Profile::Jwt, algorithms, issuer.value(), audience.value())
    }

    /// An OpenID Connect ID Token from `issuer` for the relying party `client_id`.
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// const POLICY: Policy<'static> = Policy::id_token(&[Algorithm::HS256], "joe", "client-1");
    /// assert_eq!(POLICY.audience(), Some("client-1"));
    /// // An ID token needs `sub`, `aud` and `iat`, which RFC 7515's token lacks.
    /// assert_eq!(check(&POLICY), Err(Error::MissingClaim));
    /// ```
    pub const fn id_token(
        algorithms: &'p [Algorithm],
        issuer: &'p str,
        client_id: &'p str,
    ) -> Self {
        Policy::new(Profile::IdToken, algorithms, Some(issuer), Some(client_id))
    }

    /// An OAuth JWT access token from `issuer` for the resource server `resource`.
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// const POLICY: Policy<'static> =
    ///     Policy::access_token(&[Algorithm::HS256], "joe", "https://api.example");
    /// // An access token says `typ: at+jwt` (RFC 9068); RFC 7515's token says `JWT`.
    /// assert_eq!(check(&POLICY), Err(Error::TypeMismatch));
    /// ```
    pub const fn access_token(
        algorithms: &'p [Algorithm],
        issuer: &'p str,
        resource: &'p str,
    ) -> Self {
        Policy::new(
            Profile::AccessToken,
            algorithms,
            Some(issuer),
            Some(resource),
        )
    }

    /// An OpenID Connect Back-Channel Logout token from `issuer` for the relying party
    /// `client_id` ([`Profile::LogoutToken`]).
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// const POLICY: Policy<'static> =
    ///     Policy::logout_token(&[Algorithm::HS256], "joe", "client-1");
    /// assert_eq!(POLICY.profile(), jwtv::Profile::LogoutToken);
    /// // RFC 7515's token says `typ: JWT`: not a logout token (explicit typing).
    /// assert_eq!(check(&POLICY), Err(Error::TypeMismatch));
    /// ```
    pub const fn logout_token(
        algorithms: &'p [Algorithm],
        issuer: &'p str,
        client_id: &'p str,
    ) -> Self {
        Policy::new(
            Profile::LogoutToken,
            algorithms,
            Some(issuer),
            Some(client_id),
        )
    }

    /// Accept any `iss` (the claim is then not required by the JWT profile; the ID token, access
    /// token and logout token profiles still require it to be present).
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// const STRICT: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "bob", "").waive_audience();
    /// assert_eq!(check(&STRICT), Err(Error::IssuerMismatch));
    /// assert_eq!(check(&STRICT.waive_issuer()), Ok(()));
    /// assert_eq!(STRICT.waive_issuer().issuer(), None);
    /// ```
    pub const fn waive_issuer(mut self) -> Self {
        self.issuer = None;
        self
    }

    /// Accept any `aud` (the ID token, access token and logout token profiles still require it
    /// to be present).
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "joe", "api");
    /// assert_eq!(check(&POLICY), Err(Error::MissingClaim)); // the token has no `aud`
    /// assert_eq!(check(&POLICY.waive_audience()), Ok(()));
    /// ```
    pub const fn waive_audience(mut self) -> Self {
        self.audience = None;
        self
    }

    /// More audiences to accept besides the one the constructor names (a resource server known
    /// by several identifiers, a service behind two names). For JWTs and access tokens, `aud`
    /// must contain one of them. For ID tokens these are the other audiences the client trusts
    /// (OIDC Core §3.1.3.7 rule 3): `aud` must still contain the client id, and may contain
    /// these besides it; `azp`, when present, must still be the client id. No effect once the
    /// audience is waived.
    ///
    /// ```
    /// use jwtv::{Algorithm, Policy};
    /// const POLICY: Policy<'static> =
    ///     Policy::access_token(&[Algorithm::ES256], "https://as.example", "https://api.example")
    ///         .with_additional_audiences(&["https://api.example/v2", "urn:example:api"]);
    /// assert_eq!(POLICY.additional_audiences().len(), 2);
    /// ```
    pub const fn with_additional_audiences(mut self, audiences: &'p [&'p str]) -> Self {
        self.additional_audiences = audiences;
        self
    }

    /// Clock skew tolerated on `exp`, `nbf`, `iat` and the age limits, in seconds (default 0).
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// // The token expires at 1300819380; at 1300819400 it is 20 s late.
    /// const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "joe", "").waive_audience();
    /// let at = |policy: &Policy<'_>, now| {
    ///     verify(TOKEN, &keys, policy, now, &mut TokenBuffer::<1024>::new()).map(|_| ())
    /// };
    /// assert_eq!(at(&POLICY, 1_300_819_400), Err(Error::Expired));
    /// assert_eq!(at(&POLICY.with_leeway(30), 1_300_819_400), Ok(()));
    /// ```
    pub const fn with_leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// The nonce sent in the authentication request: `nonce` must be present and equal.
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// const POLICY: Policy<'static> =
    ///     Policy::jwt(&[Algorithm::HS256], "joe", "").waive_audience().with_nonce("n-0S6_WzA2Mj");
    /// assert_eq!(POLICY.nonce(), Some("n-0S6_WzA2Mj"));
    /// assert_eq!(check(&POLICY), Err(Error::NonceMismatch)); // the token has no `nonce`
    /// ```
    pub const fn with_nonce(mut self, nonce: &'p str) -> Self {
        self.nonce = Some(nonce);
        self
    }

    /// OIDC `max_age` (also the AppSync "auth-time TTL"): `auth_time` must be present and
    /// `auth_time + max_age >= now - leeway`.
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// const POLICY: Policy<'static> =
    ///     Policy::jwt(&[Algorithm::HS256], "joe", "").waive_audience().with_max_age(3600);
    /// // `auth_time` becomes required; RFC 7515's token has none.
    /// assert_eq!(check(&POLICY), Err(Error::MissingClaim));
    /// ```
    pub const fn with_max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// Maximum token age (the AppSync "issued-at TTL"): `iat` must be present and
    /// `iat + max_token_age >= now - leeway`.
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// const POLICY: Policy<'static> =
    ///     Policy::jwt(&[Algorithm::HS256], "joe", "").waive_audience().with_max_token_age(300);
    /// // `iat` becomes required; RFC 7515's token has none.
    /// assert_eq!(check(&POLICY), Err(Error::MissingClaim));
    /// ```
    pub const fn with_max_token_age(mut self, seconds: u64) -> Self {
        self.max_token_age = Some(seconds);
        self
    }

    /// The access token issued with this ID token: `at_hash` must be present and match, whatever
    /// the flow (the strict form; [`Policy::received_from`] states the flow and requires
    /// `at_hash` only where OIDC Core does). Both may be given: then both rules apply.
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "joe", "")
    ///     .waive_audience()
    ///     .with_access_token("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y");
    /// // RFC 7515's token carries no `at_hash` to bind it to that access token.
    /// assert_eq!(check(&POLICY), Err(Error::AtHashMismatch));
    /// ```
    pub const fn with_access_token(mut self, access_token: &'p str) -> Self {
        self.access_token = Some(access_token);
        self
    }

    /// The authorization code issued with this ID token: `c_hash` must be present and match,
    /// whatever the flow (the strict form; [`Policy::received_from`] states the flow and
    /// requires `c_hash` only where OIDC Core does).
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// const POLICY: Policy<'static> =
    ///     Policy::jwt(&[Algorithm::HS256], "joe", "").waive_audience().with_code("Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk");
    /// assert_eq!(check(&POLICY), Err(Error::CHashMismatch)); // the token has no `c_hash`
    /// ```
    pub const fn with_code(mut self, code: &'p str) -> Self {
        self.code = Some(code);
        self
    }

    /// Where the ID token was received, and the access token and code that came with it
    /// ([`IdTokenSource`]): `at_hash`, `c_hash` and `nonce` are then required and checked
    /// exactly as OIDC Core requires them for that flow and response type. Without it, the
    /// policy requires no hash but those of [`Policy::with_access_token`] and
    /// [`Policy::with_code`], and a `nonce` only with [`Policy::with_nonce`].
    ///
    /// In the implicit and hybrid flows the source carries the nonce sent, and the `nonce`
    /// claim must be present and equal to it (OIDC Core §3.2.2.11, §3.3.2.11): a token
    /// without it, or with another value, is [`crate::Error::NonceMismatch`]. A nonce also
    /// named with [`Policy::with_nonce`] must be equal too (two different values accept no
    /// token).
    ///
    /// The flows are those of ID tokens: under any other profile this setting is ignored, and
    /// [`Policy::id_token_source`] says `None`.
    ///
    /// # Examples
    /// ```
    /// use jwtv::{Algorithm, IdTokenSource, Policy};
    /// // response_type "code id_token token": the ID token must carry `c_hash`, `at_hash` and
    /// // the nonce sent.
    /// fn hybrid<'p>(code: &'p str, access_token: &'p str, nonce: &'p str) -> Policy<'p> {
    ///     Policy::id_token(&[Algorithm::RS256], "https://op.example", "client-1").received_from(
    ///         IdTokenSource::Hybrid { code, access_token: Some(access_token), nonce },
    ///     )
    /// }
    /// let policy = hybrid("SplxlOBeZQQYbYS6WxSbIA", "jHkWEdUXMU1BwAsC4vtUsZwnNHX1wPWu", "n-0S6_WzA2Mj");
    /// assert_eq!(policy.id_token_source().map(|s| s.response_type()), Some("code id_token token"));
    /// // Another profile ignores it.
    /// let at = Policy::access_token(&[Algorithm::RS256], "https://op.example", "https://api")
    ///     .received_from(IdTokenSource::Implicit { access_token: None, nonce: "n-0S6_WzA2Mj" });
    /// assert_eq!(at.id_token_source(), None);
    /// ```
    pub const fn received_from(mut self, source: IdTokenSource<'p>) -> Self {
        if matches!(self.profile, Profile::IdToken) {
            self.source = Some(source);
        }
        self
    }

    /// The header `typ` required, compared case-insensitively with any `application/` prefix
    /// removed (RFC 7515 §4.1.9). It must be present and equal; under [`Profile::Jwt`],
    /// [`Profile::IdToken`] and [`Profile::LogoutToken`] it replaces the default "absent or
    /// `JWT`" / "absent or `logout+jwt`" rule (for example `secevent+jwt` for another kind of
    /// security event; `Policy::logout_token(..).with_typ("logout+jwt")` makes explicit typing
    /// mandatory, `.with_typ("JWT")` accepts an OP that types its logout tokens `JWT`), and
    /// under [`Profile::AccessToken`] it is checked in addition to `at+jwt`.
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// const LOGOUT: Policy<'static> =
    ///     Policy::jwt(&[Algorithm::HS256], "joe", "").waive_audience().with_typ("logout+jwt");
    /// assert_eq!(check(&LOGOUT), Err(Error::TypeMismatch)); // the token says `JWT`
    /// // Compared as a media type: case-insensitive, `application/` optional.
    /// assert_eq!(check(&LOGOUT.with_typ("application/jwt")), Ok(()));
    /// ```
    pub const fn with_typ(mut self, typ: &'p str) -> Self {
        self.typ = Some(typ);
        self
    }

    /// Expects `issuer` under any profile, [`Profile::Jws`] included: for documents whose
    /// claims the crate reads itself after a signature-only verification (a signed key set).
    pub(crate) const fn expecting_issuer(mut self, issuer: &'p str) -> Self {
        self.issuer = Some(issuer);
        self
    }

    /// Claims that must be present, in addition to those of the profile.
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// const BASE: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "joe", "").waive_audience();
    /// assert_eq!(check(&BASE.with_required_claims(&["http://example.com/is_root"])), Ok(()));
    /// assert_eq!(check(&BASE.with_required_claims(&["sub"])), Err(Error::MissingClaim));
    /// ```
    pub const fn with_required_claims(mut self, names: &'p [&'p str]) -> Self {
        self.required_claims = names;
        self
    }

    /// Scopes the access token's `scope` must list.
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "joe", "")
    ///     .waive_audience()
    ///     .with_required_scopes(&["door:open"]);
    /// assert_eq!(POLICY.required_scopes(), ["door:open"]);
    /// assert_eq!(check(&POLICY), Err(Error::InsufficientScope)); // the token has no `scope`
    /// ```
    pub const fn with_required_scopes(mut self, scopes: &'p [&'p str]) -> Self {
        self.required_scopes = scopes;
        self
    }

    /// When several keys fit and the header has no `kid`, try each in turn instead of
    /// refusing with `ambiguous_key` (bounded by the key set's capacity).
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// // Two secrets and a token without `kid`: which one signed it?
    /// let other = [7u8; 32];
    /// let two = [Key::oct(&other).unwrap(), Key::oct(&secret).unwrap()];
    /// const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "joe", "").waive_audience();
    /// let with = |policy: &Policy<'_>| {
    ///     verify(TOKEN, &two, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ())
    /// };
    /// assert_eq!(with(&POLICY), Err(Error::AmbiguousKey));
    /// assert_eq!(with(&POLICY.try_all_keys()), Ok(()));
    /// ```
    pub const fn try_all_keys(mut self) -> Self {
        self.try_all_keys = true;
        self
    }

    /// Nesting budget for header and claims JSON (default [`DEFAULT_MAX_DEPTH`]), clamped to
    /// [`MAX_DEPTH`]. The top object is level 1; deeper nesting is
    /// [`crate::Error::CapacityExceeded`].
    ///
    /// # Examples
    /// ```
    /// # use jwtv::{verify, Algorithm, Error, Key, Policy, TokenBuffer};
    /// # // RFC 7515 A.1: {"typ":"JWT","alg":"HS256"}, {"iss":"joe","exp":1300819380,"http://example.com/is_root":true}
    /// # const TOKEN: &[u8] = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// # let secret = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&secret).unwrap()];
    /// # let check = |policy: &Policy<'_>| verify(TOKEN, &keys, policy, 1_300_819_000, &mut TokenBuffer::<1024>::new()).map(|_| ());
    /// use jwtv::MAX_DEPTH;
    /// const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "joe", "").waive_audience();
    /// assert_eq!(POLICY.max_depth(), jwtv::DEFAULT_MAX_DEPTH);
    /// assert_eq!(POLICY.with_max_depth(1000).max_depth(), MAX_DEPTH); // clamped
    /// // The token's header and claims are flat objects: one level.
    /// assert_eq!(check(&POLICY.with_max_depth(1)), Ok(()));
    /// assert_eq!(check(&POLICY.with_max_depth(0)), Err(Error::CapacityExceeded));
    /// ```
    pub const fn with_max_depth(mut self, depth: usize) -> Self {
        self.max_depth = if depth > MAX_DEPTH { MAX_DEPTH } else { depth };
        self
    }

    /// The profile.
    pub const fn profile(&self) -> Profile {
        self.profile
    }
    /// The allowed algorithms.
    pub const fn algorithms(&self) -> &'p [Algorithm] {
        self.algorithms
    }
    /// The expected issuer, unless waived.
    pub const fn issuer(&self) -> Option<&'p str> {
        self.issuer
    }
    /// The expected audience (client id, resource), unless waived.
    pub const fn audience(&self) -> Option<&'p str> {
        self.audience
    }
    /// The audiences accepted besides [`Policy::audience`] (see
    /// [`Policy::with_additional_audiences`]).
    pub const fn additional_audiences(&self) -> &'p [&'p str] {
        self.additional_audiences
    }
    /// The leeway in seconds.
    pub const fn leeway(&self) -> u64 {
        self.leeway
    }
    /// The expected nonce.
    pub const fn nonce(&self) -> Option<&'p str> {
        self.nonce
    }

    /// Every nonce the `nonce` claim must equal: the one named with [`Policy::with_nonce`] and
    /// the one the implicit or hybrid flow sent ([`IdTokenSource::nonce`]).
    pub(crate) fn expected_nonces(&self) -> impl Iterator<Item = &'p str> {
        let sent = match self.source {
            Some(source) => source.nonce(),
            None => None,
        };
        [self.nonce, sent].into_iter().flatten()
    }
    /// OIDC `max_age`.
    pub const fn max_age(&self) -> Option<u64> {
        self.max_age
    }
    /// Maximum token age since `iat`.
    pub const fn max_token_age(&self) -> Option<u64> {
        self.max_token_age
    }
    /// The access token for `at_hash`.
    pub const fn access_token_value(&self) -> Option<&'p str> {
        self.access_token
    }
    /// The code for `c_hash`.
    pub const fn code(&self) -> Option<&'p str> {
        self.code
    }
    /// Where the ID token was received ([`Policy::received_from`]); `None` when not stated, and
    /// under every profile but [`Profile::IdToken`].
    pub const fn id_token_source(&self) -> Option<IdTokenSource<'p>> {
        self.source
    }
    /// The required `typ`.
    pub const fn typ(&self) -> Option<&'p str> {
        self.typ
    }
    /// Extra required claims.
    pub const fn required_claims(&self) -> &'p [&'p str] {
        self.required_claims
    }
    /// Required scopes.
    pub const fn required_scopes(&self) -> &'p [&'p str] {
        self.required_scopes
    }
    /// Whether every fitting key is tried when the choice is ambiguous.
    pub const fn tries_all_keys(&self) -> bool {
        self.try_all_keys
    }
    /// The JSON nesting budget.
    pub const fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// Whether `alg` is allowed.
    pub fn allows(&self, alg: Algorithm) -> bool {
        self.algorithms.contains(&alg)
    }
}
