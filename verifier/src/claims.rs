//! The registered claims of a verified JWT (RFC 7519 §4.1, OIDC Core §2, RFC 9068 §2.2),
//! strictly typed.

use crate::error::Error;
use crate::json::{self, Array, Elements, JsonError, JsonStr, Object, Value};
use crate::numeric_date::NumericDate;

/// The `aud` claim: one audience or an array of them (RFC 7519 §4.1.3).
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
        let object = json::parse_object(payload, max_depth).map_err(|e| match e {
            JsonError::Invalid => Error::MalformedClaims,
            JsonError::TooDeep => Error::CapacityExceeded,
        })?;
        let string = |name| match object.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(Error::MalformedClaims),
        };
        // A wrongly typed date is an error, never "absent" (jsonwebtoken CVE-2026-25537).
        let date = |name| match object.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => NumericDate::parse(n)
                .map(Some)
                .ok_or(Error::MalformedClaims),
            Some(_) => Err(Error::MalformedClaims),
        };
        let aud = match object.get("aud") {
            None => None,
            Some(Value::String(s)) => Some(Audience::One(s)),
            Some(Value::Array(array)) => {
                if !array.iter().all(|v| matches!(v, Value::String(_))) {
                    return Err(Error::MalformedClaims);
                }
                Some(Audience::Many(AudienceList { array }))
            }
            Some(_) => return Err(Error::MalformedClaims),
        };
        Ok(Claims {
            object,
            iss: string("iss")?,
            sub: string("sub")?,
            aud,
            exp: date("exp")?,
            nbf: date("nbf")?,
            iat: date("iat")?,
            auth_time: date("auth_time")?,
            jti: string("jti")?,
            azp: string("azp")?,
            nonce: string("nonce")?,
            at_hash: string("at_hash")?,
            c_hash: string("c_hash")?,
            client_id: string("client_id")?,
            scope: string("scope")?,
        })
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

    /// Whether a claim of this name is present (any type; `null` counts as present).
    pub fn contains(&self, name: &str) -> bool {
        self.object.get(name).is_some()
    }

    /// The value of a string claim by name; `None` when absent or not a string.
    pub fn string(&self, name: &str) -> Option<JsonStr<'a>> {
        match self.object.get(name)? {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Whether the `scope` claim lists `wanted` as one of its space-separated scopes.
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
        assert!(one.contains("a") && one.len() == 1);
        assert!(c(r#"{"aud":[]}"#).unwrap().aud().unwrap().is_empty());
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
        ] {
            assert_eq!(c(doc).map(|_| ()), Err(Error::MalformedClaims), "{doc}");
        }
        assert_eq!(
            c(r#"{"a":[[[[1]]]]}"#).map(|_| ()),
            Err(Error::CapacityExceeded)
        );
    }
}
