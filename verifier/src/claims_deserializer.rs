//! The application's own claims: a `serde` deserializer over a verified payload.
//!
//! The payload has already passed the strict JSON reader (no duplicate names, valid escapes,
//! bounded nesting), so this reads values in place and never fails on hostile input: every
//! error here means "this payload does not fit the application's type", and says which member.
//!
//! Strings written without escapes are borrowed from the token. Escaped strings
//! (`"https:\/\/op"` from PHP encoders, `"st\u0061ff"`) are decoded into the caller's scratch
//! buffer and borrowed from there; with no room left there, they are decoded into a small
//! buffer on the stack and handed over for the length of the call, which owned types
//! (`heapless::String`, enums, numbers in strings) accept and `&str` fields cannot.
//!
//! On every payload the strict reader accepts, the verdict and the value are `serde_json`'s
//! (`from_slice`, with `float_roundtrip` so its floats are correctly rounded, as core's parser
//! is): the same JSON types for each `deserialize_*`, the same visitor calls for numbers (see
//! [`Number`]), member names read as map keys as its `MapKey` reads them (numbers and booleans
//! from the name's text, see [`MemberName`]), and nothing left over when a visitor returns
//! (`end_seq`/`end_map`). Held by
//! `tests/claims_differential.rs` and the `claims` fuzz target.

use core::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

use crate::error::Error;
use crate::json::{Array, Elements, JsonStr, Members, Object, Value};

/// Longest escaped string decoded on the stack when the scratch buffer is full.
const STACK_STRING: usize = 256;

/// What went wrong when reading a verified payload into the application's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClaimsErrorKind {
    /// A member has another JSON type or value than the field, as `serde_json` would refuse it:
    /// a string for a number, a number out of the field's range (`-0` or `1.0` for an integer,
    /// a fraction for `u128`/`i128`, anything rounding to ±infinity for `f32`/`f64`), an
    /// unknown enum variant, an array longer or shorter than a `[T; N]`, tuple, tuple struct or
    /// tuple variant, an object or array with members or elements the type left unread.
    WrongType,
    /// A field the type requires is absent.
    MissingField,
    /// A member the type refuses (`#[serde(deny_unknown_fields)]`).
    UnknownField,
    /// An escaped string for a borrowed `&str` field, and no room left in the scratch buffer
    /// to decode it into (give [`crate::Verified::deserialize_claims_escaped`] a larger one).
    EscapedStringNeedsScratch,
    /// An escaped string longer than the stack buffer it is decoded into when the scratch
    /// buffer is full (256 bytes); give a larger scratch buffer.
    StringTooLong,
    /// The type's own `Deserialize` refused the value (a custom message, not kept: no heap).
    Refused,
    /// Only under [`crate::Profile::Jws`], where nothing has read the payload before: it is not
    /// acceptable JSON (not an object, duplicate names, bad escapes...).
    Malformed,
    /// Only under [`crate::Profile::Jws`]: the payload nests deeper than the policy allows, or
    /// has more member names open at once than [`crate::MAX_OPEN_MEMBERS`].
    CapacityExceeded,
}

impl ClaimsErrorKind {
    /// A stable snake_case name.
    pub const fn code(self) -> &'static str {
        match self {
            ClaimsErrorKind::WrongType => "wrong_type",
            ClaimsErrorKind::MissingField => "missing_field",
            ClaimsErrorKind::UnknownField => "unknown_field",
            ClaimsErrorKind::EscapedStringNeedsScratch => "escaped_string_needs_scratch",
            ClaimsErrorKind::StringTooLong => "string_too_long",
            ClaimsErrorKind::Refused => "refused",
            ClaimsErrorKind::Malformed => "malformed",
            ClaimsErrorKind::CapacityExceeded => "capacity_exceeded",
        }
    }
}

/// A verified payload that does not fit the application's type, and where.
///
/// Converts into [`Error`] for callers that propagate it with `?`:
/// [`ClaimsErrorKind::CapacityExceeded`] into [`Error::CapacityExceeded`], every other kind
/// into [`Error::MalformedClaims`].
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
/// use jwtv::{ClaimsErrorKind, Error};
/// #[derive(Debug, serde::Deserialize)]
/// struct Door {
///     door: u8,
///     floor: u8,
/// }
/// let error = verified.deserialize_claims::<Door>().unwrap_err();
/// assert_eq!((error.kind(), error.field()), (ClaimsErrorKind::MissingField, Some("floor")));
/// assert_eq!(error.to_string(), "claim `floor` is missing");
/// assert_eq!(Error::from(error), Error::MalformedClaims);
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Named<'a> {
///     name: &'a str, // "st\u0061ff" is escaped: a `&str` needs a scratch buffer
/// }
/// let error = verified.deserialize_claims::<Named<'_>>().unwrap_err();
/// assert_eq!(error.kind(), ClaimsErrorKind::EscapedStringNeedsScratch);
/// assert_eq!(error.kind().code(), "escaped_string_needs_scratch");
/// let mut scratch = [0u8; 32];
/// let named: Named<'_> = verified.deserialize_claims_escaped(&mut scratch).expect("fits");
/// assert_eq!(named.name, "staff");
/// # Ok::<(), jwtv::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClaimsError<'s> {
    kind: ClaimsErrorKind,
    field: Option<&'s str>,
}

impl<'s> ClaimsError<'s> {
    const fn new(kind: ClaimsErrorKind) -> Self {
        ClaimsError { kind, field: None }
    }

    /// What went wrong.
    pub const fn kind(&self) -> ClaimsErrorKind {
        self.kind
    }

    /// The member (the innermost one, as written in the token) or the missing field's name.
    pub const fn field(&self) -> Option<&'s str> {
        self.field
    }

    /// A payload the strict reader refused (only under the JWS profile, where nothing had read
    /// it): `error` is the reader's verdict.
    pub(crate) const fn unreadable(error: Error) -> Self {
        ClaimsError::new(match error {
            Error::CapacityExceeded => ClaimsErrorKind::CapacityExceeded,
            _ => ClaimsErrorKind::Malformed,
        })
    }

    fn in_field(mut self, name: &'s str) -> Self {
        if self.field.is_none() {
            self.field = Some(name);
        }
        self
    }
}

impl fmt::Display for ClaimsError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ClaimsErrorKind::WrongType => "does not fit the application's type",
            ClaimsErrorKind::MissingField => "is missing",
            ClaimsErrorKind::UnknownField => "is not a field of the application's type",
            ClaimsErrorKind::EscapedStringNeedsScratch => {
                "is an escaped string for a borrowed field: needs a (larger) scratch buffer"
            }
            ClaimsErrorKind::StringTooLong => "is an escaped string too long to decode here",
            ClaimsErrorKind::Refused => "was refused by the application's type",
            ClaimsErrorKind::Malformed => "are not acceptable JSON",
            ClaimsErrorKind::CapacityExceeded => "nest too deep or have too many names",
        };
        match self.field {
            Some(field) => write!(f, "claim `{field}` {what}"),
            None => write!(f, "the claims {what}"),
        }
    }
}

impl core::error::Error for ClaimsError<'_> {}

impl From<ClaimsError<'_>> for Error {
    fn from(e: ClaimsError<'_>) -> Error {
        match e.kind {
            ClaimsErrorKind::CapacityExceeded => Error::CapacityExceeded,
            _ => Error::MalformedClaims,
        }
    }
}

impl de::Error for ClaimsError<'_> {
    fn custom<T: fmt::Display>(_: T) -> Self {
        ClaimsError::new(ClaimsErrorKind::Refused)
    }
    fn invalid_type(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        ClaimsError::new(ClaimsErrorKind::WrongType)
    }
    fn invalid_value(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        ClaimsError::new(ClaimsErrorKind::WrongType)
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        ClaimsError::new(ClaimsErrorKind::WrongType)
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        ClaimsError::new(ClaimsErrorKind::WrongType)
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        ClaimsError::new(ClaimsErrorKind::UnknownField)
    }
    fn missing_field(field: &'static str) -> Self {
        ClaimsError {
            kind: ClaimsErrorKind::MissingField,
            field: Some(field),
        }
    }
}

/// Reads `object` (a verified payload) into `T`, decoding escaped strings into `scratch`.
pub(crate) fn deserialize<'s, T: de::Deserialize<'s>>(
    object: Object<'s>,
    scratch: &'s mut [u8],
) -> Result<T, ClaimsError<'s>> {
    let mut scratch = Scratch { rest: scratch };
    T::deserialize(ValueDeserializer {
        value: Value::Object(object),
        scratch: &mut scratch,
    })
}

/// The caller's buffer for decoded strings, used front to back.
struct Scratch<'s> {
    rest: &'s mut [u8],
}

impl<'s> Scratch<'s> {
    /// `s` decoded into the front of the remaining buffer, or `None` if it does not fit.
    fn decode(&mut self, s: JsonStr<'_>) -> Option<&'s str> {
        let len = s.len();
        if len > self.rest.len() {
            return None;
        }
        let (head, tail) = core::mem::take(&mut self.rest).split_at_mut(len);
        self.rest = tail;
        s.unescape_into(head).ok()
    }
}

/// How a string is handed to a visitor: as `str` (`deserialize_str` and the rest), or as its
/// UTF-8 bytes (`deserialize_bytes`, as serde_json hands a string to it).
#[derive(Clone, Copy)]
enum StringAs {
    Str,
    Bytes,
}

impl StringAs {
    fn borrowed<'s, V: Visitor<'s>>(
        self,
        text: &'s str,
        visitor: V,
    ) -> Result<V::Value, ClaimsError<'s>> {
        match self {
            StringAs::Str => visitor.visit_borrowed_str(text),
            StringAs::Bytes => visitor.visit_borrowed_bytes(text.as_bytes()),
        }
    }

    fn transient<'s, V: Visitor<'s>>(
        self,
        text: &str,
        visitor: V,
    ) -> Result<V::Value, ClaimsError<'s>> {
        match self {
            StringAs::Str => visitor.visit_str(text),
            StringAs::Bytes => visitor.visit_bytes(text.as_bytes()),
        }
    }
}

/// Hands `s` to `visitor`: borrowed when it has no escapes or fits the scratch buffer, else
/// decoded on the stack for the length of the call.
fn visit_string<'s, V: Visitor<'s>>(
    s: JsonStr<'s>,
    scratch: &mut Scratch<'s>,
    visitor: V,
) -> Result<V::Value, ClaimsError<'s>> {
    hand_string(s, scratch, visitor, StringAs::Str)
}

#[inline(never)]
fn hand_string<'s, V: Visitor<'s>>(
    s: JsonStr<'s>,
    scratch: &mut Scratch<'s>,
    visitor: V,
    string_as: StringAs,
) -> Result<V::Value, ClaimsError<'s>> {
    if let Some(plain) = s.as_plain() {
        return string_as.borrowed(plain, visitor);
    }
    if let Some(decoded) = scratch.decode(s) {
        return string_as.borrowed(decoded, visitor);
    }
    let mut local = [0u8; STACK_STRING];
    let Ok(text) = s.unescape_into(&mut local) else {
        return Err(ClaimsError::new(ClaimsErrorKind::StringTooLong));
    };
    string_as
        .transient(text, visitor)
        .map_err(|e: ClaimsError<'s>| {
            if e.kind == ClaimsErrorKind::WrongType {
                ClaimsError::new(ClaimsErrorKind::EscapedStringNeedsScratch)
            } else {
                e
            }
        })
}

/// A JSON number as serde_json reads it (`Deserializer::parse_integer` with `float_roundtrip`).
///
/// serde_json keeps an integer as `u64` or `i64` only while it fits and is not `-0`; every other
/// number (`-0`, a fraction, an exponent, an integer beyond the 64-bit ranges) is an `f64`,
/// correctly rounded, and one that rounds to ±infinity is refused (as RFC 7493 §2.2 asks). So
/// `-0` keeps its sign in a float field and no integer field takes it (their visitors refuse
/// floats), and `1e400` fits nothing. A negative integer below `i64::MIN` whose magnitude fits
/// `u64` is that magnitude converted to `f64` and negated: the same `f64` as parsing the text,
/// but for an `f32` field serde_json does not parse such a number in single precision.
enum Number {
    U64(u64),
    I64(i64),
    F64(f64),
}

/// Which float a fraction, an exponent or a long integer is parsed into: `f32` fields get the
/// correctly rounded `f32` (serde_json's `single_precision`), handed over as `f64`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Precision {
    Single,
    Double,
}

/// `text` is a number the strict reader accepted (RFC 8259 grammar, no leading zeros); `None`
/// for one out of the float's range.
fn parse_number(text: &str, precision: Precision) -> Option<Number> {
    // An integer is read as one when it fits (the integer parsers refuse a fraction or an
    // exponent); anything else is a float, as in serde_json.
    match text.strip_prefix('-') {
        None => {
            if let Ok(n) = text.parse::<u64>() {
                return Some(Number::U64(n));
            }
        }
        Some(magnitude) => {
            if magnitude.parse::<u64>().is_ok() {
                return match text.parse::<i64>() {
                    Ok(n) if n != 0 => Some(Number::I64(n)),
                    // `-0`, or below i64::MIN: the f64 of the magnitude, negated.
                    _ => text.parse::<f64>().ok().map(Number::F64),
                };
            }
        }
    }
    let float = match precision {
        Precision::Single => text.parse::<f32>().map(f64::from),
        Precision::Double => text.parse::<f64>(),
    };
    match float {
        Ok(f) if f.is_finite() => Some(Number::F64(f)),
        _ => None,
    }
}

/// A JSON number to the visitor, as serde_json hands it over (see [`Number`]).
fn visit_number<'s, V: Visitor<'s>>(
    text: &str,
    precision: Precision,
    visitor: V,
) -> Result<V::Value, ClaimsError<'s>> {
    match parse_number(text, precision) {
        Some(Number::U64(n)) => visitor.visit_u64(n),
        Some(Number::I64(n)) => visitor.visit_i64(n),
        Some(Number::F64(n)) => visitor.visit_f64(n),
        None => Err(ClaimsError::new(ClaimsErrorKind::WrongType)),
    }
}

/// Hands the elements of `array` to `visitor`, then refuses any it left: serde_json's
/// `end_seq` after `visit_seq` ("trailing characters"). This is what makes a longer array
/// than a `[T; N]`, a tuple, a tuple struct or a tuple variant takes an error instead of
/// losing its tail; a shorter one is the visitor's own `invalid_length`.
fn visit_array<'s, V: Visitor<'s>>(
    array: Array<'s>,
    scratch: &mut Scratch<'s>,
    visitor: V,
) -> Result<V::Value, ClaimsError<'s>> {
    let mut access = ElementsAccess {
        elements: array.iter(),
        scratch,
    };
    let value = visitor.visit_seq(&mut access)?;
    match access.elements.next() {
        None => Ok(value),
        Some(_) => Err(ClaimsError::new(ClaimsErrorKind::WrongType)),
    }
}

/// Hands the members of `object` to `visitor`, then refuses any it left, a name read without
/// its value included: serde_json's `end_map` after `visit_map`. Derived structs and maps read
/// every member (unknown ones into `IgnoredAny`); a hand-written visitor may stop early.
fn visit_object<'s, V: Visitor<'s>>(
    object: Object<'s>,
    scratch: &mut Scratch<'s>,
    visitor: V,
) -> Result<V::Value, ClaimsError<'s>> {
    let mut access = MembersAccess {
        members: object.members(),
        value: None,
        scratch,
    };
    let value = visitor.visit_map(&mut access)?;
    match (access.value, access.members.next()) {
        (None, None) => Ok(value),
        _ => Err(ClaimsError::new(ClaimsErrorKind::WrongType)),
    }
}

/// Another JSON type than the one a typed `deserialize_*` asks for: serde_json refuses it
/// there whatever the visitor would accept (`peek_invalid_type`).
fn wrong_type<'s, T>() -> Result<T, ClaimsError<'s>> {
    Err(ClaimsError::new(ClaimsErrorKind::WrongType))
}

struct ValueDeserializer<'s, 'x> {
    value: Value<'s>,
    scratch: &'x mut Scratch<'s>,
}

/// `deserialize_i8` ... `deserialize_f64`: a number only (serde_json's `deserialize_number`),
/// read in double precision.
macro_rules! numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            match self.value {
                Value::Number(text) => visit_number(text, Precision::Double, visitor),
                _ => wrong_type(),
            }
        }
    )*};
}

/// Each typed `deserialize_*` takes the JSON types serde_json's does, and refuses the others
/// whatever the visitor would accept; `deserialize_any` hands every value over as serde_json's
/// does (without `arbitrary_precision`).
impl<'s> de::Deserializer<'s> for ValueDeserializer<'s, '_> {
    type Error = ClaimsError<'s>;

    fn deserialize_any<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(text) => visit_number(text, Precision::Double, visitor),
            Value::String(s) => visit_string(s, self.scratch, visitor),
            Value::Array(array) => visit_array(array, self.scratch, visitor),
            Value::Object(object) => visit_object(object, self.scratch, visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Bool(b) => visitor.visit_bool(b),
            _ => wrong_type(),
        }
    }

    fn deserialize_f32<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Number(text) => visit_number(text, Precision::Single, visitor),
            _ => wrong_type(),
        }
    }

    /// serde_json's 128-bit path reads the integer digits as they are: the whole `i128` range,
    /// `-0` as 0, and no fraction or exponent (what follows the digits is "trailing"; the
    /// integer parser refuses it).
    fn deserialize_i128<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Number(text) => match text.parse::<i128>() {
                Ok(n) => visitor.visit_i128(n),
                Err(_) => wrong_type(),
            },
            _ => wrong_type(),
        }
    }

    /// As `deserialize_i128`; any sign is refused (`-0` too, as serde_json does: an unsigned
    /// parser takes no `-`).
    fn deserialize_u128<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Number(text) => match text.parse::<u128>() {
                Ok(n) => visitor.visit_u128(n),
                Err(_) => wrong_type(),
            },
            _ => wrong_type(),
        }
    }

    fn deserialize_str<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::String(s) => visit_string(s, self.scratch, visitor),
            _ => wrong_type(),
        }
    }

    /// A string, handed over as its UTF-8 bytes (`visit_borrowed_bytes`, as serde_json does;
    /// the strict reader has refused lone surrogates), or an array.
    fn deserialize_bytes<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::String(s) => hand_string(s, self.scratch, visitor, StringAs::Bytes),
            Value::Array(array) => visit_array(array, self.scratch, visitor),
            _ => wrong_type(),
        }
    }

    fn deserialize_option<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            _ => wrong_type(),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'s>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'s>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Array(array) => visit_array(array, self.scratch, visitor),
            _ => wrong_type(),
        }
    }

    /// `[T; N]` and tuples: the array must hold exactly what the visitor reads.
    fn deserialize_tuple<V: Visitor<'s>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'s>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Object(object) => visit_object(object, self.scratch, visitor),
            _ => wrong_type(),
        }
    }

    /// An object, or an array of the fields in order (serde_json takes both).
    fn deserialize_struct<V: Visitor<'s>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Array(array) => visit_array(array, self.scratch, visitor),
            Value::Object(object) => visit_object(object, self.scratch, visitor),
            _ => wrong_type(),
        }
    }

    fn deserialize_enum<V: Visitor<'s>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value {
            // A unit variant written as its name: no value, so no other kind of variant.
            Value::String(name) => visitor.visit_enum(VariantOf {
                name,
                value: None,
                scratch: self.scratch,
            }),
            // `{"Variant": value}`, one member only.
            Value::Object(object) => {
                let mut members = object.members();
                match (members.next(), members.next()) {
                    (Some((name, value)), None) => visitor.visit_enum(VariantOf {
                        name,
                        value: Some(value),
                        scratch: self.scratch,
                    }),
                    _ => wrong_type(),
                }
            }
            _ => wrong_type(),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f64
    }

    fn deserialize_char<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_string<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_bytes(visitor)
    }
}

struct ElementsAccess<'s, 'x> {
    elements: Elements<'s>,
    scratch: &'x mut Scratch<'s>,
}

impl<'s> de::SeqAccess<'s> for ElementsAccess<'s, '_> {
    type Error = ClaimsError<'s>;

    fn next_element_seed<T: DeserializeSeed<'s>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        match self.elements.next() {
            None => Ok(None),
            Some(value) => seed
                .deserialize(ValueDeserializer {
                    value,
                    scratch: self.scratch,
                })
                .map(Some),
        }
    }
}

struct MembersAccess<'s, 'x> {
    members: Members<'s>,
    /// The value and name of the member whose key was just read.
    value: Option<(JsonStr<'s>, Value<'s>)>,
    scratch: &'x mut Scratch<'s>,
}

impl<'s> de::MapAccess<'s> for MembersAccess<'s, '_> {
    type Error = ClaimsError<'s>;

    fn next_key_seed<K: DeserializeSeed<'s>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some((name, value)) = self.members.next() else {
            return Ok(None);
        };
        self.value = Some((name, value));
        seed.deserialize(MemberName {
            name,
            scratch: self.scratch,
        })
        .map(Some)
        .map_err(|e| e.in_field(name.raw()))
    }

    fn next_value_seed<V: DeserializeSeed<'s>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        let Some((name, value)) = self.value.take() else {
            return Err(ClaimsError::new(ClaimsErrorKind::Refused));
        };
        seed.deserialize(ValueDeserializer {
            value,
            scratch: self.scratch,
        })
        .map_err(|e| e.in_field(name.raw()))
    }
}

/// A member's name read as a map key, as serde_json's `MapKey` reads it: a string, except that
/// a number or `bool` key type reads the name's text as that JSON literal (`{"1": …}` into
/// `BTreeMap<u32, _>`, `{"true": …}` into a `bool` key). The text between the quotes must be
/// exactly the literal: no escape, no space, no sign but JSON's (`"01"`, `" 1"`, `"+1"` and
/// `"\u0031"` are refused).
struct MemberName<'s, 'x> {
    name: JsonStr<'s>,
    scratch: &'x mut Scratch<'s>,
}

impl<'s, 'x> MemberName<'s, 'x> {
    /// The name as a string value.
    fn string(self) -> ValueDeserializer<'s, 'x> {
        ValueDeserializer {
            value: Value::String(self.name),
            scratch: self.scratch,
        }
    }

    /// The name as a number value, when its raw text is one JSON number literal.
    fn number(self) -> Result<ValueDeserializer<'s, 'x>, ClaimsError<'s>> {
        let text = self.name.raw();
        if is_number_literal(text) {
            Ok(ValueDeserializer {
                value: Value::Number(text),
                scratch: self.scratch,
            })
        } else {
            wrong_type()
        }
    }
}

/// Whether `text` is exactly one number of RFC 8259 §6:
/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
fn is_number_literal(text: &str) -> bool {
    let mut bytes = text.bytes().peekable();
    let digits = |bytes: &mut core::iter::Peekable<core::str::Bytes<'_>>| {
        let mut any = false;
        while bytes.next_if(u8::is_ascii_digit).is_some() {
            any = true;
        }
        any
    };
    bytes.next_if_eq(&b'-');
    match bytes.next() {
        Some(b'0') => {}
        Some(b'1'..=b'9') => {
            digits(&mut bytes);
        }
        _ => return false,
    }
    if bytes.next_if_eq(&b'.').is_some() && !digits(&mut bytes) {
        return false;
    }
    if bytes.next_if(|b| matches!(b, b'e' | b'E')).is_some() {
        bytes.next_if(|b| matches!(b, b'+' | b'-'));
        if !digits(&mut bytes) {
            return false;
        }
    }
    bytes.next().is_none()
}

/// `deserialize_i8` ... `deserialize_u128`, `f32`, `f64` of a member name: its text as a number.
macro_rules! numeric_names {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.number()?.$method(visitor)
        }
    )*};
}

impl<'s> de::Deserializer<'s> for MemberName<'s, '_> {
    type Error = ClaimsError<'s>;

    fn deserialize_any<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.string().deserialize_any(visitor)
    }

    numeric_names! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }

    /// Exactly `true` or `false` between the quotes.
    fn deserialize_bool<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.name.raw() {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => wrong_type(),
        }
    }

    fn deserialize_option<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'s>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'s>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.string().deserialize_enum(name, variants, visitor)
    }

    fn deserialize_bytes<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.string().deserialize_bytes(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'s>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.string().deserialize_bytes(visitor)
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'s>>
        char str string unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// An enum variant: its name, and its value (`None` for a unit variant written as a string).
struct VariantOf<'s, 'x> {
    name: JsonStr<'s>,
    value: Option<Value<'s>>,
    scratch: &'x mut Scratch<'s>,
}

/// The value of a variant, read as the variant's kind asks; errors in it name the variant (the
/// member of `{"Variant": value}`).
struct VariantValue<'s, 'x> {
    name: JsonStr<'s>,
    value: Option<Value<'s>>,
    scratch: &'x mut Scratch<'s>,
}

impl<'s, 'x> VariantValue<'s, 'x> {
    /// The value of `{"Variant": value}`; a variant written as a bare string has none, and
    /// serde_json refuses it for every kind but a unit variant (even a newtype of `Option`).
    fn value(self) -> Result<ValueDeserializer<'s, 'x>, ClaimsError<'s>> {
        match self.value {
            Some(value) => Ok(ValueDeserializer {
                value,
                scratch: self.scratch,
            }),
            None => wrong_type(),
        }
    }
}

impl<'s, 'x> de::EnumAccess<'s> for VariantOf<'s, 'x> {
    type Error = ClaimsError<'s>;
    type Variant = VariantValue<'s, 'x>;

    fn variant_seed<V: DeserializeSeed<'s>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Self::Error> {
        let name = self.name;
        let variant = seed
            .deserialize(ValueDeserializer {
                value: Value::String(name),
                scratch: self.scratch,
            })
            .map_err(|e| e.in_field(name.raw()))?;
        Ok((
            variant,
            VariantValue {
                name,
                value: self.value,
                scratch: self.scratch,
            },
        ))
    }
}

impl<'s> de::VariantAccess<'s> for VariantValue<'s, '_> {
    type Error = ClaimsError<'s>;

    /// `"Variant"` or `{"Variant": null}`.
    fn unit_variant(self) -> Result<(), Self::Error> {
        match self.value {
            None | Some(Value::Null) => Ok(()),
            Some(_) => wrong_type(),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'s>>(
        self,
        seed: T,
    ) -> Result<T::Value, Self::Error> {
        let name = self.name;
        seed.deserialize(self.value()?)
            .map_err(|e| e.in_field(name.raw()))
    }

    fn tuple_variant<V: Visitor<'s>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let name = self.name;
        de::Deserializer::deserialize_seq(self.value()?, visitor)
            .map_err(|e| e.in_field(name.raw()))
    }

    fn struct_variant<V: Visitor<'s>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let name = self.name;
        de::Deserializer::deserialize_struct(self.value()?, "", fields, visitor)
            .map_err(|e| e.in_field(name.raw()))
    }
}
