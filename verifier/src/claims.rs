//! The registered claims of a verified JWT (RFC 7519 §4.1, OIDC Core §2, RFC 9068 §2.2),
//! strictly typed.

use crate::error::Error;
use crate::json::{self, Array, Elements, JsonStr, Object, Value};
use crate::numeric_date::NumericDate;

/// The `aud` claim: one audience or an array of them (RFC 7519 §4.1.3).
///
/// # Examples
/// ```
/// // `TOKEN`: header {"alg":"HS256","kid":"hs-1"}, payload {"iss":"https://op.example",
/// // "sub":"door-3","aud":["client-1","https://api.example"],"exp":2000000000.5,
/// // "iat":1700000000,"scope":"openid door:open","website":"https:\/\/example.com",
/// // "name":"st\u0061ff","door":3,"roles":["admin","staff"]}, signed with the key in `keys`.
/// // `verified`: verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?, where
/// // POLICY = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1").
/// # use jwtv::{verify, Algorithm, Key, Policy, TokenBuffer};
/// # const TOKEN: &[u8] = b"eyJhbGciOiJIUzI1NiIsImtpZCI6ImhzLTEifQ.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUiLCJzdWIiOiJkb29yLTMiLCJhdWQiOlsiY2xpZW50LTEiLCJodHRwczovL2FwaS5leGFtcGxlIl0sImV4cCI6MjAwMDAwMDAwMC41LCJpYXQiOjE3MDAwMDAwMDAsInNjb3BlIjoib3BlbmlkIGRvb3I6b3BlbiIsIndlYnNpdGUiOiJodHRwczpcL1wvZXhhbXBsZS5jb20iLCJuYW1lIjoic3RcdTAwNjFmZiIsImRvb3IiOjMsInJvbGVzIjpbImFkbWluIiwic3RhZmYiXX0.CAtjRpgzOAeQaEsisK9UCxfLxJSkPFx4plHljSGMVbE";
/// # static SECRET: [u8; 64] = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
/// # let keys = [Key::oct(&SECRET).and_then(|key| key.with_kid("hs-1")).expect("valid key")];
/// # const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1");
/// # let mut buffer = TokenBuffer::<1024>::new();
/// # let verified = verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?;
/// use jwtv::Audience;
/// let aud = verified.claims().and_then(|c| c.aud()).expect("the token has an aud");
/// assert!(matches!(aud, Audience::Many(_)));
/// assert_eq!(aud.len(), 2);
/// assert!(aud.contains("https://api.example"));
/// assert!(!aud.contains("client-2"));
/// let mut all = aud.iter();
/// assert!(all.next().is_some_and(|first| first == "client-1"));
/// assert!(all.next().is_some_and(|second| second == "https://api.example"));
/// assert!(all.next().is_none());
/// # Ok::<(), jwtv::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub enum Audience<'a> {
    /// `"aud": "x"`.
    One(JsonStr<'a>),
    /// `"aud": ["x", "y"]`; every element is a string.
    Many(AudienceList<'a>),
}

/// The elements of an `aud` array.
#[derive(Clone, Copy, Debug)]
pub struct AudienceList<'a> {
    array: Array<'a>,
}

impl<'a> Audience<'a> {
    /// The audiences in order.
    pub fn iter(&self) -> AudienceIter<'a> {
        match self {
            Audience::One(s) => AudienceIter {
                one: Some(*s),
                many: None,
            },
            Audience::Many(list) => AudienceIter {
                one: None,
                many: Some(list.array.iter()),
            },
        }
    }

    /// Whether `audience` is one of them.
    pub fn contains(&self, audience: &str) -> bool {
        self.iter().any(|a| a == audience)
    }

    /// How many audiences there are.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether there are none (`"aud": []`).
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

/// Iterator over the audiences of an [`Audience`].
pub struct AudienceIter<'a> {
    one: Option<JsonStr<'a>>,
    many: Option<Elements<'a>>,
}

impl<'a> Iterator for AudienceIter<'a> {
    type Item = JsonStr<'a>;

    fn next(&mut self) -> Option<JsonStr<'a>> {
        if let Some(one) = self.one.take() {
            return Some(one);
        }
        match self.many.as_mut()?.next()? {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

/// The registered claims, read from the verified payload without copies.
///
/// String claims are [`JsonStr`]s: compare them with `==` against a `&str` (escapes are decoded
/// on the fly), or decode them into a buffer. The application reads its own claims with
/// [`crate::Verified::deserialize_claims`].
///
/// # Examples
/// ```
/// // `TOKEN`: header {"alg":"HS256","kid":"hs-1"}, payload {"iss":"https://op.example",
/// // "sub":"door-3","aud":["client-1","https://api.example"],"exp":2000000000.5,
/// // "iat":1700000000,"scope":"openid door:open","website":"https:\/\/example.com",
/// // "name":"st\u0061ff","door":3,"roles":["admin","staff"]}, signed with the key in `keys`.
/// // `verified`: verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?, where
/// // POLICY = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1").
/// # use jwtv::{verify, Algorithm, Key, Policy, TokenBuffer};
/// # const TOKEN: &[u8] = b"eyJhbGciOiJIUzI1NiIsImtpZCI6ImhzLTEifQ.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUiLCJzdWIiOiJkb29yLTMiLCJhdWQiOlsiY2xpZW50LTEiLCJodHRwczovL2FwaS5leGFtcGxlIl0sImV4cCI6MjAwMDAwMDAwMC41LCJpYXQiOjE3MDAwMDAwMDAsInNjb3BlIjoib3BlbmlkIGRvb3I6b3BlbiIsIndlYnNpdGUiOiJodHRwczpcL1wvZXhhbXBsZS5jb20iLCJuYW1lIjoic3RcdTAwNjFmZiIsImRvb3IiOjMsInJvbGVzIjpbImFkbWluIiwic3RhZmYiXX0.CAtjRpgzOAeQaEsisK9UCxfLxJSkPFx4plHljSGMVbE";
/// # static SECRET: [u8; 64] = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
/// # let keys = [Key::oct(&SECRET).and_then(|key| key.with_kid("hs-1")).expect("valid key")];
/// # const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1");
/// # let mut buffer = TokenBuffer::<1024>::new();
/// # let verified = verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?;
/// use jwtv::{Audience, NumericDate};
/// let claims = verified.claims().expect("a JWT profile reads the claims");
/// assert!(claims.iss().is_some_and(|iss| iss == "https://op.example"));
/// assert!(claims.sub().is_some_and(|sub| sub == "door-3"));
/// assert!(claims.aud().is_some_and(|aud| aud.contains("client-1")));
/// assert_eq!(claims.exp().map(NumericDate::secs), Some(2_000_000_000));
/// assert_eq!(claims.nbf(), None);
/// assert!(claims.contains("door") && !claims.contains("groups"));
/// // Any string claim by name, decoded when compared:
/// assert!(claims.string("name").is_some_and(|name| name == "staff"));
/// assert!(claims.has_scope("door:open"));
/// # Ok::<(), jwtv::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Claims<'a> {
    object: Object<'a>,
    iss: Option<JsonStr<'a>>,
    sub: Option<JsonStr<'a>>,
    aud: Option<Audience<'a>>,
    exp: Option<NumericDate>,
    nbf: Option<NumericDate>,
    iat: Option<NumericDate>,
    auth_time: Option<NumericDate>,
    jti: Option<JsonStr<'a>>,
    azp: Option<JsonStr<'a>>,
    nonce: Option<JsonStr<'a>>,
    at_hash: Option<JsonStr<'a>>,
    c_hash: Option<JsonStr<'a>>,
    client_id: Option<JsonStr<'a>>,
    scope: Option<JsonStr<'a>>,
    /// `events` (RFC 8417), any type: found in the same pass, so that telling a security event
    /// from an ID token costs no second scan of the payload.
    events: Option<Value<'a>>,
}

macro_rules! accessors {
    ($($(#[$doc:meta])* $name:ident: $ty:ty;)*) => {
        $( $(#[$doc])* pub fn $name(&self) -> Option<$ty> { self.$name } )*
    };
}

impl<'a> Claims<'a> {
    /// Parses the decoded payload.
    ///
    /// # Errors
    /// [`Error::MalformedClaims`] for invalid JSON or a mistyped registered claim;
    /// [`Error::CapacityExceeded`] for nesting beyond `max_depth`.
    pub(crate) fn parse(payload: &'a [u8], max_depth: usize) -> Result<Claims<'a>, Error> {
        let object = json::parse_object(payload, max_depth)
            .map_err(|e| e.to_error(Error::MalformedClaims))?;
        // One pass over the members: each registered claim is typed as it is met. (Duplicate
        // names were refused by the JSON reader, so each is met at most once.)
        let mut claims = Claims {
            object,
            iss: None,
            sub: None,
            aud: None,
            exp: None,
            nbf: None,
            iat: None,
            auth_time: None,
            jti: None,
            azp: None,
            nonce: None,
            at_hash: None,
            c_hash: None,
            client_id: None,
            scope: None,
            events: None,
        };
        for (name, value) in object.members() {
            // A non-string where a string is required, or a wrongly typed date, is an error,
            // never "absent" (jsonwebtoken CVE-2026-25537).
            let string = || match value {
                Value::String(s) => Ok(Some(s)),
                _ => Err(Error::MalformedClaims),
            };
            let date = || match value {
                Value::Number(n) => NumericDate::parse(n)
                    .map(Some)
                    .ok_or(Error::MalformedClaims),
                _ => Err(Error::MalformedClaims),
            };
            let Some(name) = name.as_plain().or_else(|| registered_name(name)) else {
                continue;
            };
            match name {
                "iss" => claims.iss = string()?,
                "sub" => claims.sub = string()?,
                "jti" => claims.jti = string()?,
                "azp" => claims.azp = string()?,
                "nonce" => claims.nonce = string()?,
                "at_hash" => claims.at_hash = string()?,
                "c_hash" => claims.c_hash = string()?,
                "client_id" => claims.client_id = string()?,
                "scope" => claims.scope = string()?,
                "exp" => claims.exp = date()?,
                "nbf" => claims.nbf = date()?,
                "iat" => claims.iat = date()?,
                "auth_time" => claims.auth_time = date()?,
                "events" => claims.events = Some(value),
                "aud" => {
                    claims.aud = Some(match value {
                        Value::String(s) => Audience::One(s),
                        Value::Array(array)
                            if array.iter().all(|v| matches!(v, Value::String(_))) =>
                        {
                            Audience::Many(AudienceList { array })
                        }
                        _ => return Err(Error::MalformedClaims),
                    });
                }
                _ => {}
            }
        }
        Ok(claims)
    }

    /// The payload object.
    pub(crate) fn object(&self) -> Object<'a> {
        self.object
    }

    /// The `events` claim (a security event's, RFC 8417 §2.2), as it is.
    pub(crate) fn events(&self) -> Option<Value<'a>> {
        self.events
    }

    /// Whether a claim of this name is present. Registered claims answer from what was parsed;
    /// other names are looked up in the payload (any type; `null` counts as present).
    ///
    /// # Examples
    /// ```
    /// // `TOKEN`: header {"alg":"HS256","kid":"hs-1"}, payload {"iss":"https://op.example",
    /// // "sub":"door-3","aud":["client-1","https://api.example"],"exp":2000000000.5,
    /// // "iat":1700000000,"scope":"openid door:open","website":"https:\/\/example.com",
    /// // "name":"st\u0061ff","door":3,"roles":["admin","staff"]}, signed with the key in `keys`.
    /// // `verified`: verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?, where
    /// // POLICY = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1").
    /// # use jwtv::{verify, Algorithm, Key, Policy, TokenBuffer};
    /// # const TOKEN: &[u8] = b"eyJhbGciOiJIUzI1NiIsImtpZCI6ImhzLTEifQ.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUiLCJzdWIiOiJkb29yLTMiLCJhdWQiOlsiY2xpZW50LTEiLCJodHRwczovL2FwaS5leGFtcGxlIl0sImV4cCI6MjAwMDAwMDAwMC41LCJpYXQiOjE3MDAwMDAwMDAsInNjb3BlIjoib3BlbmlkIGRvb3I6b3BlbiIsIndlYnNpdGUiOiJodHRwczpcL1wvZXhhbXBsZS5jb20iLCJuYW1lIjoic3RcdTAwNjFmZiIsImRvb3IiOjMsInJvbGVzIjpbImFkbWluIiwic3RhZmYiXX0.CAtjRpgzOAeQaEsisK9UCxfLxJSkPFx4plHljSGMVbE";
    /// # static SECRET: [u8; 64] = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&SECRET).and_then(|key| key.with_kid("hs-1")).expect("valid key")];
    /// # const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1");
    /// # let mut buffer = TokenBuffer::<1024>::new();
    /// # let verified = verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?;
    /// let claims = verified.claims().expect("claims");
    /// assert!(claims.contains("exp")); // registered
    /// assert!(claims.contains("roles")); // the application's, an array
    /// assert!(!claims.contains("nbf"));
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub fn contains(&self, name: &str) -> bool {
        match name {
            "iss" => self.iss.is_some(),
            "sub" => self.sub.is_some(),
            "aud" => self.aud.is_some(),
            "exp" => self.exp.is_some(),
            "nbf" => self.nbf.is_some(),
            "iat" => self.iat.is_some(),
            "auth_time" => self.auth_time.is_some(),
            "jti" => self.jti.is_some(),
            "azp" => self.azp.is_some(),
            "nonce" => self.nonce.is_some(),
            "at_hash" => self.at_hash.is_some(),
            "c_hash" => self.c_hash.is_some(),
            "client_id" => self.client_id.is_some(),
            "scope" => self.scope.is_some(),
            "events" => self.events.is_some(),
            _ => self.object.get(name).is_some(),
        }
    }

    accessors! {
        /// `iss`: the issuer.
        iss: JsonStr<'a>;
        /// `sub`: the subject.
        sub: JsonStr<'a>;
        /// `aud`: the audience(s).
        aud: Audience<'a>;
        /// `exp`: expiration time.
        exp: NumericDate;
        /// `nbf`: not before.
        nbf: NumericDate;
        /// `iat`: issued at.
        iat: NumericDate;
        /// `auth_time`: when the end user authenticated (OIDC).
        auth_time: NumericDate;
        /// `jti`: the token id.
        jti: JsonStr<'a>;
        /// `azp`: the authorized party (OIDC).
        azp: JsonStr<'a>;
        /// `nonce` (OIDC).
        nonce: JsonStr<'a>;
        /// `at_hash`: access token hash (OIDC).
        at_hash: JsonStr<'a>;
        /// `c_hash`: code hash (OIDC).
        c_hash: JsonStr<'a>;
        /// `client_id` (RFC 9068).
        client_id: JsonStr<'a>;
        /// `scope`: space-separated scopes (RFC 9068, RFC 8693 §4.2).
        scope: JsonStr<'a>;
    }

    /// The value of a string claim by name; `None` when absent or not a string.
    ///
    /// # Examples
    /// ```
    /// // `TOKEN`: header {"alg":"HS256","kid":"hs-1"}, payload {"iss":"https://op.example",
    /// // "sub":"door-3","aud":["client-1","https://api.example"],"exp":2000000000.5,
    /// // "iat":1700000000,"scope":"openid door:open","website":"https:\/\/example.com",
    /// // "name":"st\u0061ff","door":3,"roles":["admin","staff"]}, signed with the key in `keys`.
    /// // `verified`: verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?, where
    /// // POLICY = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1").
    /// # use jwtv::{verify, Algorithm, Key, Policy, TokenBuffer};
    /// # const TOKEN: &[u8] = b"eyJhbGciOiJIUzI1NiIsImtpZCI6ImhzLTEifQ.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUiLCJzdWIiOiJkb29yLTMiLCJhdWQiOlsiY2xpZW50LTEiLCJodHRwczovL2FwaS5leGFtcGxlIl0sImV4cCI6MjAwMDAwMDAwMC41LCJpYXQiOjE3MDAwMDAwMDAsInNjb3BlIjoib3BlbmlkIGRvb3I6b3BlbiIsIndlYnNpdGUiOiJodHRwczpcL1wvZXhhbXBsZS5jb20iLCJuYW1lIjoic3RcdTAwNjFmZiIsImRvb3IiOjMsInJvbGVzIjpbImFkbWluIiwic3RhZmYiXX0.CAtjRpgzOAeQaEsisK9UCxfLxJSkPFx4plHljSGMVbE";
    /// # static SECRET: [u8; 64] = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&SECRET).and_then(|key| key.with_kid("hs-1")).expect("valid key")];
    /// # const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1");
    /// # let mut buffer = TokenBuffer::<1024>::new();
    /// # let verified = verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?;
    /// let claims = verified.claims().expect("claims");
    /// let website = claims.string("website").expect("a string"); // "https:\/\/example.com"
    /// assert!(website == "https://example.com");
    /// assert!(claims.string("door").is_none()); // a number
    /// assert!(claims.string("groups").is_none()); // absent
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub fn string(&self, name: &str) -> Option<JsonStr<'a>> {
        match self.object.get(name)? {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value of an integer claim by name: a JSON number written without fraction or
    /// exponent that fits an `i64`. `None` when absent, of another type, or not such an integer
    /// (`2000000000.5`, `1e3`).
    ///
    /// # Examples
    /// ```
    /// // `TOKEN`: header {"alg":"HS256","kid":"hs-1"}, payload {"iss":"https://op.example",
    /// // "sub":"door-3","aud":["client-1","https://api.example"],"exp":2000000000.5,
    /// // "iat":1700000000,"scope":"openid door:open","website":"https:\/\/example.com",
    /// // "name":"st\u0061ff","door":3,"roles":["admin","staff"]}, signed with the key in `keys`.
    /// # use jwtv::{verify, Algorithm, Key, Policy, TokenBuffer};
    /// # const TOKEN: &[u8] = b"eyJhbGciOiJIUzI1NiIsImtpZCI6ImhzLTEifQ.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUiLCJzdWIiOiJkb29yLTMiLCJhdWQiOlsiY2xpZW50LTEiLCJodHRwczovL2FwaS5leGFtcGxlIl0sImV4cCI6MjAwMDAwMDAwMC41LCJpYXQiOjE3MDAwMDAwMDAsInNjb3BlIjoib3BlbmlkIGRvb3I6b3BlbiIsIndlYnNpdGUiOiJodHRwczpcL1wvZXhhbXBsZS5jb20iLCJuYW1lIjoic3RcdTAwNjFmZiIsImRvb3IiOjMsInJvbGVzIjpbImFkbWluIiwic3RhZmYiXX0.CAtjRpgzOAeQaEsisK9UCxfLxJSkPFx4plHljSGMVbE";
    /// # static SECRET: [u8; 64] = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&SECRET).and_then(|key| key.with_kid("hs-1")).expect("valid key")];
    /// # const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1");
    /// # let mut buffer = TokenBuffer::<1024>::new();
    /// # let verified = verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?;
    /// let claims = verified.claims().expect("claims");
    /// assert_eq!(claims.integer("door"), Some(3));
    /// assert_eq!(claims.integer("iat"), Some(1_700_000_000));
    /// assert_eq!(claims.integer("exp"), None); // 2000000000.5
    /// assert_eq!(claims.integer("name"), None); // a string
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub fn integer(&self, name: &str) -> Option<i64> {
        match self.object.get(name)? {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// The value of a boolean claim by name (`email_verified`); `None` when absent or not a
    /// boolean (the string `"true"` is not one).
    ///
    /// # Examples
    /// ```
    /// // `TOKEN`: header {"alg":"HS256","kid":"hs-1"}, payload {"iss":"https://op.example",
    /// // "sub":"door-3","aud":["client-1","https://api.example"],"exp":2000000000.5,
    /// // "iat":1700000000,"scope":"openid door:open","website":"https:\/\/example.com",
    /// // "name":"st\u0061ff","door":3,"roles":["admin","staff"]}, signed with the key in `keys`.
    /// # use jwtv::{verify, Algorithm, Key, Policy, TokenBuffer};
    /// # const TOKEN: &[u8] = b"eyJhbGciOiJIUzI1NiIsImtpZCI6ImhzLTEifQ.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUiLCJzdWIiOiJkb29yLTMiLCJhdWQiOlsiY2xpZW50LTEiLCJodHRwczovL2FwaS5leGFtcGxlIl0sImV4cCI6MjAwMDAwMDAwMC41LCJpYXQiOjE3MDAwMDAwMDAsInNjb3BlIjoib3BlbmlkIGRvb3I6b3BlbiIsIndlYnNpdGUiOiJodHRwczpcL1wvZXhhbXBsZS5jb20iLCJuYW1lIjoic3RcdTAwNjFmZiIsImRvb3IiOjMsInJvbGVzIjpbImFkbWluIiwic3RhZmYiXX0.CAtjRpgzOAeQaEsisK9UCxfLxJSkPFx4plHljSGMVbE";
    /// # static SECRET: [u8; 64] = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&SECRET).and_then(|key| key.with_kid("hs-1")).expect("valid key")];
    /// # const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1");
    /// # let mut buffer = TokenBuffer::<1024>::new();
    /// # let verified = verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?;
    /// let claims = verified.claims().expect("claims");
    /// assert_eq!(claims.boolean("door"), None); // a number
    /// assert_eq!(claims.boolean("email_verified"), None); // absent
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub fn boolean(&self, name: &str) -> Option<bool> {
        match self.object.get(name)? {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The number of elements of an array claim by name (`groups`, `roles`, `aud`); `None`
    /// when absent or not an array.
    ///
    /// # Examples
    /// ```
    /// // `TOKEN`: header {"alg":"HS256","kid":"hs-1"}, payload {"iss":"https://op.example",
    /// // "sub":"door-3","aud":["client-1","https://api.example"],"exp":2000000000.5,
    /// // "iat":1700000000,"scope":"openid door:open","website":"https:\/\/example.com",
    /// // "name":"st\u0061ff","door":3,"roles":["admin","staff"]}, signed with the key in `keys`.
    /// # use jwtv::{verify, Algorithm, Key, Policy, TokenBuffer};
    /// # const TOKEN: &[u8] = b"eyJhbGciOiJIUzI1NiIsImtpZCI6ImhzLTEifQ.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUiLCJzdWIiOiJkb29yLTMiLCJhdWQiOlsiY2xpZW50LTEiLCJodHRwczovL2FwaS5leGFtcGxlIl0sImV4cCI6MjAwMDAwMDAwMC41LCJpYXQiOjE3MDAwMDAwMDAsInNjb3BlIjoib3BlbmlkIGRvb3I6b3BlbiIsIndlYnNpdGUiOiJodHRwczpcL1wvZXhhbXBsZS5jb20iLCJuYW1lIjoic3RcdTAwNjFmZiIsImRvb3IiOjMsInJvbGVzIjpbImFkbWluIiwic3RhZmYiXX0.CAtjRpgzOAeQaEsisK9UCxfLxJSkPFx4plHljSGMVbE";
    /// # static SECRET: [u8; 64] = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&SECRET).and_then(|key| key.with_kid("hs-1")).expect("valid key")];
    /// # const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1");
    /// # let mut buffer = TokenBuffer::<1024>::new();
    /// # let verified = verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?;
    /// let claims = verified.claims().expect("claims");
    /// assert_eq!(claims.array_len("roles"), Some(2));
    /// assert_eq!(claims.array_len("name"), None);
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub fn array_len(&self, name: &str) -> Option<usize> {
        match self.object.get(name)? {
            Value::Array(array) => Some(array.iter().count()),
            _ => None,
        }
    }

    /// Element `index` of an array claim by name, when it is a string; `None` when the claim
    /// is absent or not an array, the index is past its end, or the element is not a string.
    ///
    /// # Examples
    /// ```
    /// // `TOKEN`: header {"alg":"HS256","kid":"hs-1"}, payload {"iss":"https://op.example",
    /// // "sub":"door-3","aud":["client-1","https://api.example"],"exp":2000000000.5,
    /// // "iat":1700000000,"scope":"openid door:open","website":"https:\/\/example.com",
    /// // "name":"st\u0061ff","door":3,"roles":["admin","staff"]}, signed with the key in `keys`.
    /// # use jwtv::{verify, Algorithm, Key, Policy, TokenBuffer};
    /// # const TOKEN: &[u8] = b"eyJhbGciOiJIUzI1NiIsImtpZCI6ImhzLTEifQ.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUiLCJzdWIiOiJkb29yLTMiLCJhdWQiOlsiY2xpZW50LTEiLCJodHRwczovL2FwaS5leGFtcGxlIl0sImV4cCI6MjAwMDAwMDAwMC41LCJpYXQiOjE3MDAwMDAwMDAsInNjb3BlIjoib3BlbmlkIGRvb3I6b3BlbiIsIndlYnNpdGUiOiJodHRwczpcL1wvZXhhbXBsZS5jb20iLCJuYW1lIjoic3RcdTAwNjFmZiIsImRvb3IiOjMsInJvbGVzIjpbImFkbWluIiwic3RhZmYiXX0.CAtjRpgzOAeQaEsisK9UCxfLxJSkPFx4plHljSGMVbE";
    /// # static SECRET: [u8; 64] = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&SECRET).and_then(|key| key.with_kid("hs-1")).expect("valid key")];
    /// # const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1");
    /// # let mut buffer = TokenBuffer::<1024>::new();
    /// # let verified = verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?;
    /// let claims = verified.claims().expect("claims");
    /// assert!(claims.array_string("roles", 1).is_some_and(|role| role == "staff"));
    /// assert!(claims.array_string("roles", 2).is_none());
    /// assert!(claims.array_string("name", 0).is_none()); // not an array
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub fn array_string(&self, name: &str, index: usize) -> Option<JsonStr<'a>> {
        match self.object.get(name)? {
            Value::Array(array) => match array.iter().nth(index)? {
                Value::String(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether the `scope` claim lists `wanted` as one of its space-separated scopes.
    ///
    /// # Examples
    /// ```
    /// // `TOKEN`: header {"alg":"HS256","kid":"hs-1"}, payload {"iss":"https://op.example",
    /// // "sub":"door-3","aud":["client-1","https://api.example"],"exp":2000000000.5,
    /// // "iat":1700000000,"scope":"openid door:open","website":"https:\/\/example.com",
    /// // "name":"st\u0061ff","door":3,"roles":["admin","staff"]}, signed with the key in `keys`.
    /// // `verified`: verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?, where
    /// // POLICY = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1").
    /// # use jwtv::{verify, Algorithm, Key, Policy, TokenBuffer};
    /// # const TOKEN: &[u8] = b"eyJhbGciOiJIUzI1NiIsImtpZCI6ImhzLTEifQ.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUiLCJzdWIiOiJkb29yLTMiLCJhdWQiOlsiY2xpZW50LTEiLCJodHRwczovL2FwaS5leGFtcGxlIl0sImV4cCI6MjAwMDAwMDAwMC41LCJpYXQiOjE3MDAwMDAwMDAsInNjb3BlIjoib3BlbmlkIGRvb3I6b3BlbiIsIndlYnNpdGUiOiJodHRwczpcL1wvZXhhbXBsZS5jb20iLCJuYW1lIjoic3RcdTAwNjFmZiIsImRvb3IiOjMsInJvbGVzIjpbImFkbWluIiwic3RhZmYiXX0.CAtjRpgzOAeQaEsisK9UCxfLxJSkPFx4plHljSGMVbE";
    /// # static SECRET: [u8; 64] = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
    /// # let keys = [Key::oct(&SECRET).and_then(|key| key.with_kid("hs-1")).expect("valid key")];
    /// # const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1");
    /// # let mut buffer = TokenBuffer::<1024>::new();
    /// # let verified = verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?;
    /// let claims = verified.claims().expect("claims"); // "scope":"openid door:open"
    /// assert!(claims.has_scope("openid") && claims.has_scope("door:open"));
    /// assert!(!claims.has_scope("door")); // whole scopes only
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub fn has_scope(&self, wanted: &str) -> bool {
        let Some(scope) = self.scope else {
            return false;
        };
        let mut chars = scope.chars().peekable();
        while chars.peek().is_some() {
            let mut want = wanted.chars();
            let mut matched = true;
            for c in chars.by_ref() {
                if c == ' ' {
                    break;
                }
                matched &= want.next() == Some(c);
            }
            if matched && want.next().is_none() && !wanted.is_empty() {
                return true;
            }
        }
        false
    }

    /// The payload's JSON text.
    pub fn json(&self) -> &'a str {
        self.object.as_str()
    }
}

/// The registered name an escaped member name spells (`"\u0065xp"` is `exp`), if any.
fn registered_name(name: JsonStr<'_>) -> Option<&'static str> {
    const REGISTERED: [&str; 15] = [
        "iss",
        "sub",
        "aud",
        "exp",
        "nbf",
        "iat",
        "auth_time",
        "jti",
        "azp",
        "nonce",
        "at_hash",
        "c_hash",
        "client_id",
        "scope",
        "events",
    ];
    // Decoded once into a buffer as long as the longest registered name: anything longer (or
    // that does not fit) is none of them.
    let mut buf = [0u8; 9];
    let decoded = name.unescape_into(&mut buf).ok()?;
    REGISTERED.into_iter().find(|r| *r == decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(json: &str) -> Result<Claims<'_>, Error> {
        Claims::parse(json.as_bytes(), 4)
    }

    #[test]
    fn reads_registered_claims() {
        let cl = c(r#"{"iss":"https://op","sub":"alice","aud":["a","b\u0063"],"exp":2000000000.5,"iat":1e9,"scope":"read  write","x":{"y":1}}"#).unwrap();
        assert_eq!(cl.iss().unwrap(), "https://op");
        assert!(cl.aud().unwrap().contains("bc"));
        assert!(!cl.aud().unwrap().contains("c"));
        assert_eq!(cl.aud().unwrap().len(), 2);
        assert_eq!(cl.exp().unwrap().secs(), 2_000_000_000);
        assert_eq!(cl.iat().unwrap().secs(), 1_000_000_000);
        assert!(cl.has_scope("read") && cl.has_scope("write"));
        assert!(!cl.has_scope("rea") && !cl.has_scope("") && !cl.has_scope("read write"));
        assert!(cl.contains("x") && !cl.contains("nbf"));
        assert_eq!(cl.string("sub").unwrap(), "alice");
        let one = c(r#"{"aud":"a"}"#).unwrap().aud().unwrap();
        assert!(one.contains("a") && one.len() == 1 && !one.is_empty());
        assert!(!cl.aud().unwrap().is_empty());
        assert!(c(r#"{"aud":[]}"#).unwrap().aud().unwrap().is_empty());
    }

    #[test]
    fn reads_booleans_and_the_payload_text() {
        let json = r#"{"email_verified":true,"admin":false,"n":1,"s":"true"}"#;
        let cl = c(json).unwrap();
        assert_eq!(cl.boolean("email_verified"), Some(true));
        assert_eq!(cl.boolean("admin"), Some(false));
        // Only a JSON boolean is one: not a number, a string or an absent member.
        assert_eq!(cl.boolean("n"), None);
        assert_eq!(cl.boolean("s"), None);
        assert_eq!(cl.boolean("missing"), None);
        assert_eq!(cl.json(), json);
    }

    #[test]
    fn mistyped_registered_claims_are_malformed_not_absent() {
        for doc in [
            r#"{"exp":"2000000000"}"#,
            r#"{"exp":null}"#,
            r#"{"exp":true}"#,
            r#"{"exp":1e400}"#,
            r#"{"exp":-1}"#,
            r#"{"exp":[1]}"#,
            r#"{"nbf":"0"}"#,
            r#"{"iat":{}}"#,
            r#"{"auth_time":"now"}"#,
            r#"{"aud":1}"#,
            r#"{"aud":["a",1]}"#,
            r#"{"aud":null}"#,
            r#"{"iss":1}"#,
            r#"{"sub":null}"#,
            r#"{"nonce":["n"]}"#,
            r#"{"azp":false}"#,
            r#"{"jti":1}"#,
            r#"{"at_hash":1}"#,
            r#"{"c_hash":1}"#,
            r#"{"client_id":1}"#,
            r#"{"scope":["a"]}"#,
            r#"{"exp":1,"exp":2}"#,
            r#"{"\u0065xp":"1"}"#,
        ] {
            assert_eq!(c(doc).map(|_| ()), Err(Error::MalformedClaims), "{doc}");
        }
        assert_eq!(
            c(r#"{"a":[[[[1]]]]}"#).map(|_| ()),
            Err(Error::CapacityExceeded)
        );
    }
}
