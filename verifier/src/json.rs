//! A strict, bounded JSON reader (RFC 8259) that works in place, without allocation.
//!
//! [`parse_object`] validates a whole document once: valid UTF-8, an object at the top, nothing
//! after it, nesting within a budget, legal escapes (no lone surrogates), and no duplicate member
//! names in any object, compared after unescaping (`"\u0061lg"` is `alg`). Only then can the
//! document be navigated with [`Object`], [`Array`] and [`Value`], which borrow from the input and
//! decode strings lazily ([`JsonStr`]). Navigation of validated text cannot fail; if it ever met
//! bytes that break the invariants it would stop early rather than panic.
//!
//! The duplicate check is exact and near-linear whatever the input: the names of the objects
//! open at any moment are kept (as offsets) in one array of [`MAX_OPEN_MEMBERS`] entries, and an
//! object whose Bloom filter reports a possible repeat has its names heap-sorted (after
//! unescaping) and compared with their neighbours: O(n log m) character comparisons for a
//! document of n bytes and at most m names, never a rescan per member. More names open at once
//! than the array holds is a capacity error, like nesting beyond the depth budget.

use core::cmp::Ordering;
use core::fmt;
use core::str;

/// The most member names the objects open at one point of a document may hold together (an
/// object's own members plus those of the objects it is nested in). Exceeding it is
/// [`crate::Error::CapacityExceeded`]. Real ID tokens, access tokens and JWKS keys hold a few
/// dozen; the array costs 4 bytes of stack per entry while a document is validated.
pub const MAX_OPEN_MEMBERS: usize = 128;

/// Why a document was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// Not acceptable JSON (syntax, UTF-8, escapes, duplicate names, not an object).
    Invalid,
    /// Nested deeper than the caller's budget.
    TooDeep,
    /// More member names open at once than [`MAX_OPEN_MEMBERS`], or a document too long for
    /// 32-bit offsets.
    TooManyMembers,
}

impl JsonError {
    /// The verifier's error: `invalid` for bad JSON, a capacity error for the budgets.
    pub(crate) const fn to_error(self, invalid: crate::Error) -> crate::Error {
        match self {
            JsonError::Invalid => invalid,
            JsonError::TooDeep | JsonError::TooManyMembers => crate::Error::CapacityExceeded,
        }
    }
}

/// Validates `doc` as one JSON object nested at most `max_depth` levels (the top object is level 1).
///
/// # Errors
/// [`JsonError::Invalid`], [`JsonError::TooDeep`] or [`JsonError::TooManyMembers`].
pub(crate) fn parse_object(doc: &[u8], max_depth: usize) -> Result<Object<'_>, JsonError> {
    // One UTF-8 check for the whole document; a BOM is then not whitespace and is refused below.
    let text = str::from_utf8(doc).map_err(|_| JsonError::Invalid)?;
    let mut p = Validator {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        names: [0; MAX_OPEN_MEMBERS],
        open_names: 0,
    };
    p.skip_ws();
    let start = p.pos;
    if p.peek() != Some(b'{') {
        return Err(JsonError::Invalid);
    }
    p.value(max_depth)?;
    let end = p.pos;
    p.skip_ws();
    if p.pos != p.bytes.len() {
        return Err(JsonError::Invalid);
    }
    let text = text.get(start..end).ok_or(JsonError::Invalid)?;
    Ok(Object { text })
}

struct Validator<'a> {
    /// The document, already checked to be UTF-8.
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Where the names of the members of the open objects start (just after the opening quote),
    /// innermost object last.
    names: [u32; MAX_OPEN_MEMBERS],
    open_names: usize,
}

/// `value`, `object` and `array` recurse, so every byte of their frames is paid once per level
/// of nesting: the readers of leaves (strings, numbers, literals, member names) and the duplicate
/// check are kept out of line (`#[inline(never)]`), which holds a level to about 100 bytes of
/// stack for an object and 24 for an array on a Cortex-M4 (measured with the emulated runner).
impl<'a> Validator<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn bump(&mut self) {
        self.pos = self.pos.saturating_add(1);
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek();
        self.bump();
        b
    }

    fn expect(&mut self, want: u8) -> Result<(), JsonError> {
        if self.next() == Some(want) {
            Ok(())
        } else {
            Err(JsonError::Invalid)
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    fn value(&mut self, depth_left: usize) -> Result<(), JsonError> {
        match self.peek().ok_or(JsonError::Invalid)? {
            b'{' => self.object(depth_left.checked_sub(1).ok_or(JsonError::TooDeep)?),
            b'[' => self.array(depth_left.checked_sub(1).ok_or(JsonError::TooDeep)?),
            b'"' => self.string().map(|_| ()),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(JsonError::Invalid),
        }
    }

    #[inline(never)]
    fn literal(&mut self, word: &[u8]) -> Result<(), JsonError> {
        let end = self.pos.checked_add(word.len()).ok_or(JsonError::Invalid)?;
        if self.bytes.get(self.pos..end) != Some(word) {
            return Err(JsonError::Invalid);
        }
        self.pos = end;
        Ok(())
    }

    fn digits(&mut self) -> Result<(), JsonError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(JsonError::Invalid);
        }
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.bump();
        }
        Ok(())
    }

    #[inline(never)]
    fn number(&mut self) -> Result<(), JsonError> {
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.peek() {
            // RFC 8259 §6: no leading zeros.
            Some(b'0') => self.bump(),
            _ => self.digits()?,
        }
        if self.peek() == Some(b'.') {
            self.bump();
            self.digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.bump();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.bump();
            }
            self.digits()?;
        }
        Ok(())
    }

    /// Validates a string and returns its raw contents (between the quotes, escapes intact).
    #[inline(never)]
    fn string(&mut self) -> Result<&'a str, JsonError> {
        self.expect(b'"')?;
        let start = self.pos;
        loop {
            match self.next().ok_or(JsonError::Invalid)? {
                b'"' => break,
                b'\\' => self.escape()?,
                0x00..=0x1f => return Err(JsonError::Invalid),
                _ => {}
            }
        }
        let end = self.pos.saturating_sub(1);
        // Both ends are at ASCII quotes of text already checked to be UTF-8.
        self.text.get(start..end).ok_or(JsonError::Invalid)
    }

    fn escape(&mut self) -> Result<(), JsonError> {
        match self.next().ok_or(JsonError::Invalid)? {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Ok(()),
            b'u' => {
                let unit = self.hex4()?;
                match unit {
                    // A high surrogate must be followed by an escaped low surrogate.
                    0xD800..=0xDBFF => {
                        self.expect(b'\\')?;
                        self.expect(b'u')?;
                        match self.hex4()? {
                            0xDC00..=0xDFFF => Ok(()),
                            _ => Err(JsonError::Invalid),
                        }
                    }
                    // A lone low surrogate is not a character.
                    0xDC00..=0xDFFF => Err(JsonError::Invalid),
                    _ => Ok(()),
                }
            }
            _ => Err(JsonError::Invalid),
        }
    }

    fn hex4(&mut self) -> Result<u16, JsonError> {
        let end = self.pos.checked_add(4).ok_or(JsonError::Invalid)?;
        let digits = self.bytes.get(self.pos..end).ok_or(JsonError::Invalid)?;
        let value = hex4(digits).ok_or(JsonError::Invalid)?;
        self.pos = end;
        Ok(value)
    }

    #[inline(never)]
    fn object(&mut self, depth_left: usize) -> Result<(), JsonError> {
        self.expect(b'{')?;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(());
        }
        let first_name = self.open_names;
        let mut seen = SeenNames::EMPTY;
        let mut maybe_repeated = false;
        loop {
            self.skip_ws();
            let bits = self.member_name()?;
            maybe_repeated |= seen.insert(bits);
            self.skip_ws();
            self.expect(b':')?;
            self.skip_ws();
            self.value(depth_left)?;
            self.skip_ws();
            match self.next() {
                Some(b',') => {}
                Some(b'}') => break,
                _ => return Err(JsonError::Invalid),
            }
        }
        if maybe_repeated {
            self.reject_duplicates(first_name)?;
        }
        self.open_names = first_name;
        Ok(())
    }

    /// Reads a member name, keeps where it starts, and returns its Bloom filter bits. Kept out of
    /// line, as are the other leaf readers: `value`, `object` and `array` recurse, and every
    /// byte of their frames is paid once per nesting level.
    #[inline(never)]
    fn member_name(&mut self) -> Result<u128, JsonError> {
        let start =
            u32::try_from(self.pos.saturating_add(1)).map_err(|_| JsonError::TooManyMembers)?;
        let name = JsonStr {
            raw: self.string()?,
        };
        let slot = self
            .names
            .get_mut(self.open_names)
            .ok_or(JsonError::TooManyMembers)?;
        *slot = start;
        self.open_names = self.open_names.saturating_add(1);
        Ok(name_bits(name))
    }

    /// Sorts the names of the innermost object (from `first`) by binary insertion, refusing a
    /// name equal to one already placed. At most [`MAX_OPEN_MEMBERS`] names, so the moves
    /// (quadratic, of 4-byte offsets) stay small; the name comparisons, which read the text, are
    /// the fewest a comparison sort makes (about n log₂ n).
    #[inline(never)]
    fn reject_duplicates(&mut self, first: usize) -> Result<(), JsonError> {
        let text = self.text;
        let names = self
            .names
            .get_mut(first..self.open_names)
            .ok_or(JsonError::Invalid)?;
        for i in 1..names.len() {
            let current = *names.get(i).ok_or(JsonError::Invalid)?;
            let placed = names.get(..i).ok_or(JsonError::Invalid)?;
            let at = match placed.binary_search_by(|&p| compare_names(text, p, current)) {
                Ok(_) => return Err(JsonError::Invalid),
                Err(at) => at,
            };
            let mut j = i;
            while j > at {
                let before = j.saturating_sub(1);
                let moved = *names.get(before).ok_or(JsonError::Invalid)?;
                *names.get_mut(j).ok_or(JsonError::Invalid)? = moved;
                j = before;
            }
            *names.get_mut(at).ok_or(JsonError::Invalid)? = current;
        }
        Ok(())
    }

    #[inline(never)]
    fn array(&mut self, depth_left: usize) -> Result<(), JsonError> {
        self.expect(b'[')?;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(());
        }
        loop {
            self.skip_ws();
            self.value(depth_left)?;
            self.skip_ws();
            match self.next() {
                Some(b',') => {}
                Some(b']') => return Ok(()),
                _ => return Err(JsonError::Invalid),
            }
        }
    }
}

/// The member names of one object met so far, as a 128-bit Bloom filter of their
/// [`name_bits`]. It never misses a repeated name; it may suspect one that is not, and only
/// then does the object pay for the sort that decides (`reject_duplicates`), so an object of
/// distinct names is validated in linear time.
#[derive(Clone, Copy)]
struct SeenNames(u128);

impl SeenNames {
    const EMPTY: SeenNames = SeenNames(0);

    /// Adds a name's bits; whether the name may have been met already (all its bits were set).
    fn insert(&mut self, bits: u128) -> bool {
        let maybe_seen = self.0 & bits == bits;
        self.0 |= bits;
        maybe_seen
    }
}

/// Two bits of a 128-bit Bloom filter for a member name, from an FNV-1a hash of its decoded
/// characters (so `"\u0061lg"` and `"alg"` agree). An object none of whose names finds both its
/// bits already set has no repeated name, and needs no sort.
fn name_bits(name: JsonStr<'_>) -> u128 {
    let hash = name.chars().fold(0x811c_9dc5_u32, |h, c| {
        (h ^ u32::from(c)).wrapping_mul(0x0100_0193)
    });
    (1u128 << (hash % 128)) | (1u128 << ((hash >> 7) % 128))
}

/// Two member names of validated `text`, given by where their raw text starts, in the order
/// of their decoded characters (each read once, up to the first difference).
fn compare_names(text: &str, a: u32, b: u32) -> Ordering {
    let from = |start: u32| {
        usize::try_from(start)
            .ok()
            .and_then(|start| text.get(start..))
            .unwrap_or_default()
    };
    let (a, b) = (from(a), from(b));
    // Identical raw bytes without an escape or the closing quote decode identically, and UTF-8
    // orders as code points do: skip that common prefix byte by byte, back to a character
    // boundary, and decode only from there.
    let same = a
        .bytes()
        .zip(b.bytes())
        .take_while(|&(x, y)| x == y && x != b'\\' && x != b'"')
        .count();
    let skip = floor_char_boundary(a, same);
    let a = Chars {
        rest: a.get(skip..).unwrap_or_default(),
    };
    let b = Chars {
        rest: b.get(skip..).unwrap_or_default(),
    };
    a.cmp(b)
}

/// The greatest character boundary of `text` at or before `index` (0 is always one).
fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut at = index;
    while at > 0 && !text.is_char_boundary(at) {
        at = at.saturating_sub(1);
    }
    at
}

fn hex4(digits: &[u8]) -> Option<u16> {
    if digits.len() != 4 {
        return None;
    }
    digits.iter().try_fold(0u16, |acc, &d| {
        let v = char::from(d).to_digit(16)?;
        acc.checked_mul(16)?.checked_add(u16::try_from(v).ok()?)
    })
}

/// A cursor over validated JSON text; every step tolerates broken input by returning `None`.
#[derive(Clone, Copy)]
struct Scan<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Scan<'a> {
    /// A cursor just inside the opening bracket of `text`.
    fn inside(text: &'a str) -> Scan<'a> {
        Scan { text, pos: 1 }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos = self.pos.saturating_add(1);
        }
    }

    /// Skips a `,` separator; returns false at the closing bracket or the end.
    fn separator(&mut self, first: bool) -> bool {
        self.skip_ws();
        match self.peek() {
            Some(b',') if !first => {
                self.pos = self.pos.saturating_add(1);
                self.skip_ws();
                true
            }
            Some(b'}' | b']') | None => false,
            Some(_) => first,
        }
    }

    /// Reads a string's raw contents, leaving the cursor after its closing quote.
    fn string(&mut self) -> Option<&'a str> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.pos.checked_add(1)?;
        let mut i = start;
        let bytes = self.text.as_bytes();
        loop {
            match bytes.get(i)? {
                b'"' => break,
                b'\\' => i = i.checked_add(2)?,
                _ => i = i.checked_add(1)?,
            }
        }
        self.pos = i.checked_add(1)?;
        self.text.get(start..i)
    }

    /// Reads one value, leaving the cursor after it.
    fn value(&mut self) -> Option<Value<'a>> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        match self.peek()? {
            b'"' => self
                .string()
                .and_then(JsonStr::from_str_raw)
                .map(Value::String),
            open @ (b'{' | b'[') => {
                let mut depth = 0usize;
                let mut i = start;
                loop {
                    match bytes.get(i)? {
                        b'{' | b'[' => depth = depth.checked_add(1)?,
                        b'}' | b']' => {
                            depth = depth.checked_sub(1)?;
                            if depth == 0 {
                                break;
                            }
                        }
                        b'"' => {
                            let mut s = Scan {
                                text: self.text,
                                pos: i,
                            };
                            s.string()?;
                            i = s.pos;
                            continue;
                        }
                        _ => {}
                    }
                    i = i.checked_add(1)?;
                }
                self.pos = i.checked_add(1)?;
                let text = self.text.get(start..self.pos)?;
                Some(if open == b'{' {
                    Value::Object(Object { text })
                } else {
                    Value::Array(Array { text })
                })
            }
            _ => {
                let mut i = start;
                while !matches!(
                    bytes.get(i),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    i = i.checked_add(1)?;
                }
                self.pos = i;
                match self.text.get(start..i)? {
                    "null" => Some(Value::Null),
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    number => Some(Value::Number(number)),
                }
            }
        }
    }
}

/// A JSON value inside a validated document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Value<'a> {
    Null,
    Bool(bool),
    /// The number's text as written (RFC 8259 §6 grammar, already checked).
    Number(&'a str),
    String(JsonStr<'a>),
    Array(Array<'a>),
    Object(Object<'a>),
}

/// A validated JSON object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Object<'a> {
    text: &'a str,
}

impl<'a> Object<'a> {
    /// The members in document order.
    pub(crate) fn members(&self) -> Members<'a> {
        Members {
            scan: Scan::inside(self.text),
        }
    }

    /// The value of the member named `name` (compared after unescaping).
    pub(crate) fn get(&self, name: &str) -> Option<Value<'a>> {
        self.members()
            .find(|(key, _)| *key == *name)
            .map(|(_, v)| v)
    }

    /// The object's text, from `{` to `}`.
    pub(crate) fn as_str(&self) -> &'a str {
        self.text
    }
}

/// Iterator over an object's members.
pub(crate) struct Members<'a> {
    scan: Scan<'a>,
}

impl<'a> Iterator for Members<'a> {
    type Item = (JsonStr<'a>, Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let first = self.scan.pos == 1;
        if !self.scan.separator(first) {
            return None;
        }
        let name = JsonStr::from_str_raw(self.scan.string()?)?;
        self.scan.skip_ws();
        if self.scan.peek() != Some(b':') {
            return None;
        }
        self.scan.pos = self.scan.pos.saturating_add(1);
        self.scan.skip_ws();
        let value = self.scan.value()?;
        Some((name, value))
    }
}

/// A validated JSON array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Array<'a> {
    text: &'a str,
}

impl<'a> Array<'a> {
    /// The elements in document order.
    pub(crate) fn iter(&self) -> Elements<'a> {
        Elements {
            scan: Scan::inside(self.text),
        }
    }
}

/// Iterator over an array's elements.
pub(crate) struct Elements<'a> {
    scan: Scan<'a>,
}

impl<'a> Iterator for Elements<'a> {
    type Item = Value<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        let first = self.scan.pos == 1;
        if !self.scan.separator(first) {
            return None;
        }
        self.scan.value()
    }
}

/// A JSON string from a verified document, still in its escaped form.
///
/// Comparisons and [`JsonStr::chars`] decode escapes on the fly, so `"\u0068ttps://a"` equals
/// `"https://a"` without a copy. Use [`JsonStr::as_plain`] to borrow it directly when it has no
/// escapes, or [`JsonStr::unescape_into`] to decode it into a buffer of your own.
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
/// let name = claims.string("name").expect("a string claim"); // "st\u0061ff" in the token
/// assert!(name == "staff"); // compared decoded
/// assert_eq!(name.raw(), r"st\u0061ff");
/// assert_eq!(name.len(), 5);
/// assert_eq!(name.as_plain(), None); // escaped: no borrowable form
/// let mut buf = [0u8; 16];
/// assert_eq!(name.unescape_into(&mut buf)?, "staff");
/// assert_eq!(name.chars().collect::<String>(), "staff");
/// assert_eq!(name.to_string(), "staff"); // Display decodes too
/// let mut tiny = [0u8; 4];
/// assert_eq!(name.unescape_into(&mut tiny), Err(jwtv::Error::CapacityExceeded));
///
/// let sub = claims.sub().expect("sub");
/// assert_eq!(sub.as_plain(), Some("door-3")); // no escapes: borrowed from the token
/// # Ok::<(), jwtv::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct JsonStr<'a> {
    raw: &'a str,
}

impl<'a> JsonStr<'a> {
    fn from_str_raw(raw: &'a str) -> Option<JsonStr<'a>> {
        Some(JsonStr { raw })
    }

    /// The string as it appears between the quotes in the token, escapes intact.
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// The string itself, borrowed, when it contains no escapes.
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
    /// assert_eq!(claims.sub().and_then(|sub| sub.as_plain()), Some("door-3"));
    /// assert_eq!(claims.string("name").and_then(|name| name.as_plain()), None); // "st\u0061ff"
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub fn as_plain(&self) -> Option<&'a str> {
        if self.raw.contains('\\') {
            None
        } else {
            Some(self.raw)
        }
    }

    /// The decoded characters.
    pub fn chars(&self) -> Chars<'a> {
        Chars { rest: self.raw }
    }

    /// Whether the decoded string is empty.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The length of the decoded string in UTF-8 bytes.
    pub fn len(&self) -> usize {
        self.chars()
            .fold(0usize, |n, c| n.saturating_add(c.len_utf8()))
    }

    /// Decodes the string into `buf` and returns it.
    ///
    /// # Errors
    /// [`crate::Error::CapacityExceeded`] when `buf` is too small.
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
    /// let website = verified.claims().and_then(|c| c.string("website")).expect("a string claim");
    /// let mut buf = [0u8; 64];
    /// assert_eq!(website.unescape_into(&mut buf)?, "https://example.com");
    /// assert_eq!(website.unescape_into(&mut [0u8; 8]), Err(jwtv::Error::CapacityExceeded));
    /// # Ok::<(), jwtv::Error>(())
    /// ```
    pub fn unescape_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, crate::Error> {
        let mut len = 0usize;
        for c in self.chars() {
            let (bytes, n) = utf8(c);
            let end = len.checked_add(n).ok_or(crate::Error::CapacityExceeded)?;
            let dst = buf
                .get_mut(len..end)
                .ok_or(crate::Error::CapacityExceeded)?;
            dst.copy_from_slice(bytes.get(..n).ok_or(crate::Error::CapacityExceeded)?);
            len = end;
        }
        let out = buf.get(..len).ok_or(crate::Error::CapacityExceeded)?;
        str::from_utf8(out).map_err(|_| crate::Error::CapacityExceeded)
    }
}

/// Compares decoded strings (identical raw text always decodes identically).
impl PartialEq for JsonStr<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw || self.chars().eq(other.chars())
    }
}

impl Eq for JsonStr<'_> {}

/// Compares the decoded string with `other` (RFC 7515 §5.3, RFC 7519 §7.3): the token's
/// `"C:\\temp"` equals `C:\temp`, while its `"C:\temp"` (a TAB) does not, whatever the raw text.
impl PartialEq<str> for JsonStr<'_> {
    fn eq(&self, other: &str) -> bool {
        match self.as_plain() {
            Some(plain) => plain == other,
            None => self.chars().eq(other.chars()),
        }
    }
}

impl PartialEq<&str> for JsonStr<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl fmt::Debug for JsonStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        f.write_char('"')?;
        for c in self.chars() {
            for e in c.escape_debug() {
                f.write_char(e)?;
            }
        }
        f.write_char('"')
    }
}

impl fmt::Display for JsonStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        self.chars().try_for_each(|c| f.write_char(c))
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for JsonStr<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "{=str}", self.raw);
    }
}

/// The UTF-8 encoding of `c` and its length (RFC 3629 §3), written out so that no length
/// assertion (and so no panic path) is linked, as `char::encode_utf8` would.
fn utf8(c: char) -> ([u8; 4], usize) {
    let v = u32::from(c);
    // Each `as u8` keeps the low bits on purpose: the masks leave at most 8 bits.
    #[allow(clippy::cast_possible_truncation)]
    let byte = |x: u32| x as u8;
    if v < 0x80 {
        ([byte(v), 0, 0, 0], 1)
    } else if v < 0x800 {
        ([0xC0 | byte(v >> 6), 0x80 | byte(v & 0x3F), 0, 0], 2)
    } else if v < 0x1_0000 {
        (
            [
                0xE0 | byte(v >> 12),
                0x80 | byte((v >> 6) & 0x3F),
                0x80 | byte(v & 0x3F),
                0,
            ],
            3,
        )
    } else {
        (
            [
                0xF0 | byte(v >> 18),
                0x80 | byte((v >> 12) & 0x3F),
                0x80 | byte((v >> 6) & 0x3F),
                0x80 | byte(v & 0x3F),
            ],
            4,
        )
    }
}

/// The decoded characters of a [`JsonStr`].
#[derive(Clone)]
pub struct Chars<'a> {
    rest: &'a str,
}

/// Not a hexadecimal digit, in [`HEX`].
const NOT_HEX: u8 = 0xFF;

/// Each byte's value as a hexadecimal digit, or [`NOT_HEX`] (built at compile time).
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
const HEX: [u8; 256] = {
    let mut table = [NOT_HEX; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

/// The value of one hexadecimal digit.
fn hex_digit(b: u8) -> Option<u32> {
    match HEX.get(usize::from(b)).copied() {
        Some(NOT_HEX) | None => None,
        Some(v) => Some(u32::from(v)),
    }
}

impl Chars<'_> {
    /// Consumes `n` bytes (all ASCII here, so always at a character boundary).
    fn skip(&mut self, n: usize) {
        self.rest = self.rest.get(n..).unwrap_or_default();
    }

    /// The four hex digits of a `\u` escape, after `\u`.
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.rest.as_bytes().get(..4)?;
        let v = digits
            .iter()
            .try_fold(0u32, |v, &d| Some((v << 4) | hex_digit(d)?))?;
        self.skip(4);
        Some(v)
    }
}

impl Iterator for Chars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let &first = self.rest.as_bytes().first()?;
        // ASCII other than the quote and the backslash, the common case: one byte, one char.
        if first.is_ascii() && first != b'"' && first != b'\\' {
            self.skip(1);
            return Some(char::from(first));
        }
        // A JSON string holds a quote only escaped: an unescaped one is its end (names are
        // compared in place, reading from their start in the document).
        if first == b'"' {
            return None;
        }
        if first != b'\\' {
            let c = self.rest.chars().next()?;
            self.skip(c.len_utf8());
            return Some(c);
        }
        let &escaped = self.rest.as_bytes().get(1)?;
        self.skip(2);
        Some(match escaped {
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                if (0xD800..0xDC00).contains(&unit) {
                    if self.rest.as_bytes().get(..2)? != b"\\u" {
                        return None;
                    }
                    self.skip(2);
                    let low = self.hex4()?;
                    let high_bits = unit.checked_sub(0xD800)?.checked_shl(10)?;
                    let code = high_bits
                        .checked_add(low.checked_sub(0xDC00)?)?
                        .checked_add(0x1_0000)?;
                    char::from_u32(code)?
                } else {
                    char::from_u32(unit)?
                }
            }
            other => char::from(other),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(doc: &str) -> Object<'_> {
        parse_object(doc.as_bytes(), 8).unwrap_or_else(|e| panic!("{doc}: {e:?}"))
    }

    fn bad(doc: &[u8]) -> JsonError {
        match parse_object(doc, 8) {
            Ok(_) => panic!("accepted {:?}", String::from_utf8_lossy(doc)),
            Err(e) => e,
        }
    }

    extern crate std;
    use std::string::String;

    fn bits(raw: &str) -> u128 {
        name_bits(JsonStr::from_str_raw(raw).unwrap())
    }

    #[test]
    fn a_name_has_two_filter_bits_from_its_decoded_characters() {
        for name in ["alg", "kid", "iss", "a", "", "\\u00e9t\\u00e9"] {
            let ones = bits(name).count_ones();
            // Two bits, or one where both hashes land on the same bit.
            assert!(ones == 1 || ones == 2, "{name}: {ones}");
        }
        // FNV-1a (32-bit) of ASCII text, from the published test vectors: "a" 0xe40c292c,
        // "foobar" 0xbf9cf968.
        for (name, fnv1a) in [("a", 0xe40c_292c_u32), ("foobar", 0xbf9c_f968)] {
            let expected = (1u128 << (fnv1a % 128)) | (1u128 << ((fnv1a >> 7) % 128));
            assert_eq!(bits(name), expected, "{name}");
        }
        assert_eq!(bits("\\u0061lg"), bits("alg"));
        assert_eq!(bits("\\u00e9"), bits("\u{e9}"));
        assert_ne!(bits("alg"), bits("kid"));
    }

    #[test]
    fn the_name_filter_never_misses_a_repeat_and_passes_distinct_names() {
        let mut seen = SeenNames::EMPTY;
        // The registered names of a token: distinct, and none suspected (their bits differ).
        for name in ["iss", "sub", "aud", "exp", "iat", "nonce"] {
            assert!(!seen.insert(bits(name)), "{name} suspected");
        }
        for name in ["iss", "nonce"] {
            assert!(seen.insert(bits(name)), "{name} repeated, not suspected");
        }
    }

    #[test]
    fn accepts_and_navigates_objects() {
        let o = ok(" {\"a\" : 1, \"b\":[true,false,null,\"x\",{\"c\":-1.5e3}], \"d\":{}}\r\n");
        assert_eq!(o.get("a"), Some(Value::Number("1")));
        let Some(Value::Array(arr)) = o.get("b") else {
            panic!()
        };
        let items: std::vec::Vec<_> = arr.iter().collect();
        assert_eq!(items.len(), 5);
        assert_eq!(items[0], Value::Bool(true));
        assert_eq!(items[2], Value::Null);
        let Value::Object(inner) = items[4] else {
            panic!()
        };
        assert_eq!(inner.get("c"), Some(Value::Number("-1.5e3")));
        assert!(matches!(o.get("d"), Some(Value::Object(_))));
        assert_eq!(o.get("e"), None);
        assert_eq!(o.members().count(), 3);
        assert_eq!(ok("{}").members().count(), 0);
        let Some(Value::Array(empty)) = ok("{\"a\":[ ]}").get("a") else {
            panic!()
        };
        assert_eq!(empty.iter().count(), 0);
    }

    #[test]
    fn names_and_values_compare_after_unescaping() {
        let o = ok(r#"{"\u0061lg":"\u0068ttps:\/\/a","s":"\ud83d\ude00\n"}"#);
        let Some(Value::String(s)) = o.get("alg") else {
            panic!()
        };
        assert_eq!(s, "https://a");
        assert_eq!(s.as_plain(), None);
        assert_eq!(s.len(), 9);
        let mut buf = [0u8; 16];
        assert_eq!(s.unescape_into(&mut buf).unwrap(), "https://a");
        let mut small = [0u8; 4];
        assert_eq!(
            s.unescape_into(&mut small),
            Err(crate::Error::CapacityExceeded)
        );
        let Some(Value::String(e)) = o.get("s") else {
            panic!()
        };
        assert_eq!(e, "😀\n");
        assert_ne!(e, "😀");
    }

    #[test]
    fn rejects_duplicate_names_at_every_level_even_when_escaped() {
        assert_eq!(bad(br#"{"alg":"RS256","alg":"none"}"#), JsonError::Invalid);
        assert_eq!(
            bad(br#"{"alg":"RS256","\u0061lg":"none"}"#),
            JsonError::Invalid
        );
        assert_eq!(
            bad(br#"{"a":{"x":1,"y":{"z":[1,2]},"x":2}}"#),
            JsonError::Invalid
        );
        assert_eq!(bad(br#"{"a":[{"k":1,"k":1}]}"#), JsonError::Invalid);
        // Same name in different objects is fine.
        ok(r#"{"a":{"x":1},"b":{"x":1},"x":{"a":1}}"#);
    }

    #[test]
    fn duplicates_are_found_among_many_members() {
        let mut doc = String::from("{");
        for i in 0..MAX_OPEN_MEMBERS - 1 {
            doc.push_str(&format!("\"m{i}\":{i},"));
        }
        let distinct = format!("{}\"last\":0}}", doc);
        assert!(parse_object(distinct.as_bytes(), 2).is_ok());
        // The same name again, first plainly, then spelled with an escape, at the end.
        for dup in ["\"m7\"", "\"\\u006d7\"", "\"m126\"", "\"m0\""] {
            let doc = format!("{doc}{dup}:0}}");
            assert_eq!(
                parse_object(doc.as_bytes(), 2).map(|_| ()),
                Err(JsonError::Invalid),
                "{dup}"
            );
        }
    }

    #[test]
    fn member_names_are_a_capacity() {
        let members = |n: usize| {
            (0..n)
                .map(|i| format!("\"m{i}\":{i}"))
                .collect::<std::vec::Vec<_>>()
                .join(",")
        };
        let full = format!("{{{}}}", members(MAX_OPEN_MEMBERS));
        assert!(parse_object(full.as_bytes(), 2).is_ok());
        let over = format!("{{{}}}", members(MAX_OPEN_MEMBERS + 1));
        assert_eq!(
            parse_object(over.as_bytes(), 2).map(|_| ()),
            Err(JsonError::TooManyMembers)
        );
        // The names of enclosing objects count while a nested object is open...
        let nested = format!("{{\"a\":1,\"b\":{{{}}}}}", members(MAX_OPEN_MEMBERS - 1));
        assert_eq!(
            parse_object(nested.as_bytes(), 3).map(|_| ()),
            Err(JsonError::TooManyMembers)
        );
        // ...and are released when it closes: many full objects one after another are fine.
        let inner = format!("{{{}}}", members(MAX_OPEN_MEMBERS - 1));
        let many = format!("{{\"a\":[{}]}}", [inner.as_str(); 20].join(","));
        assert!(parse_object(many.as_bytes(), 3).is_ok());
    }

    #[test]
    fn equality_is_on_decoded_text_only() {
        // The raw text `C:\temp` decodes to C, colon, TAB, "emp".
        let o = ok(r#"{"tab":"C:\temp","slash":"C:\\temp","u":"rp\u0031"}"#);
        let get = |name| match o.get(name) {
            Some(Value::String(s)) => s,
            _ => panic!("{name}"),
        };
        assert_ne!(get("tab"), r"C:\temp");
        assert_eq!(get("tab"), "C:\temp");
        assert_eq!(get("slash"), r"C:\temp");
        assert_ne!(get("slash"), r"C:\\temp");
        assert_ne!(get("u"), r"rp\u0031");
        assert_eq!(get("u"), "rp1");
        // A name spelled with escapes is found by its decoded form only.
        let o = ok(r#"{"\u0061":1}"#);
        assert!(o.get("a").is_some() && o.get(r"\u0061").is_none());
    }

    #[test]
    fn utf8_encoding_agrees_with_core() {
        for c in [
            '\0',
            'a',
            '\u{7f}',
            '\u{80}',
            'é',
            '\u{7ff}',
            '\u{800}',
            '€',
            '\u{ffff}',
            '\u{10000}',
            '😀',
            char::MAX,
        ] {
            let mut want = [0u8; 4];
            let want = c.encode_utf8(&mut want).as_bytes();
            let (got, n) = utf8(c);
            assert_eq!(&got[..n], want, "{c:?}");
        }
    }

    #[test]
    fn hex_digits_are_exactly_the_ascii_ones() {
        for b in 0..=255u8 {
            assert_eq!(hex_digit(b), char::from(b).to_digit(16), "{b:#04x}");
        }
        // Just past each range: `:` after 9, `g`/`G` after f/F.
        assert_eq!(bad(br#"{"a":"\u003:"}"#), JsonError::Invalid);
        assert_eq!(bad(br#"{"a":"\u00g0"}"#), JsonError::Invalid);
        assert_eq!(bad(br#"{"a":"\u00G0"}"#), JsonError::Invalid);
    }

    #[test]
    fn brackets_inside_strings_do_not_end_a_nested_value() {
        let o = ok(r#"{"a":["]","}",{"b":"{[\"]"}],"o":{"k":"}"},"c":1}"#);
        let Some(Value::Array(a)) = o.get("a") else {
            panic!("a")
        };
        assert_eq!(a.iter().count(), 3);
        let Some(Value::Object(inner)) = o.get("o") else {
            panic!("o")
        };
        assert_eq!(inner.as_str(), r#"{"k":"}"}"#);
        assert_eq!(o.get("c"), Some(Value::Number("1")));
    }

    #[test]
    fn a_string_is_empty_when_it_decodes_to_nothing() {
        let o = ok(r#"{"e":"","s":" ","u":"\u0041"}"#);
        let get = |name| match o.get(name) {
            Some(Value::String(s)) => s,
            _ => panic!("{name}"),
        };
        assert!(get("e").is_empty());
        assert!(!get("s").is_empty() && !get("u").is_empty());
    }

    #[test]
    fn duplicate_names_are_decided_on_decoded_text_whatever_the_spelling() {
        // Spellings that share raw prefixes, escapes, multi-byte characters that share their
        // first byte, and the empty name; serde_json decodes each (the oracle).
        let spellings = [
            "",
            "a",
            "a\\\"",
            "\\u0061",
            "\\n",
            "\\u000a",
            "n",
            "\u{e9}",
            "\u{e8}",
            "\\u00e9",
            "\\u00E9",
            "\u{e9}x",
            "\\\\",
            "\\u005c",
            "\\/",
            "/",
            "\\\"",
            "\\u0022",
            "\u{1F600}",
            "\\ud83d\\ude00",
            "\u{1F601}",
        ];
        let decoded =
            |raw: &str| -> String { serde_json::from_str(&format!("\"{raw}\"")).unwrap() };
        // Enough other names that the Bloom filter suspects every object, so each one is decided
        // by the sort and its comparisons (checked below, not assumed).
        let fillers: std::vec::Vec<String> = (0..100).map(|i| format!("\"f{i}\":0")).collect();
        let mut filter = SeenNames::EMPTY;
        let suspected = (0..100).any(|i| filter.insert(bits(&format!("f{i}"))));
        assert!(suspected, "the fillers do not make the filter suspect");
        for (i, x) in spellings.iter().enumerate() {
            for y in &spellings[i + 1..] {
                let doc = format!("{{{},\"{x}\":1,\"{y}\":2}}", fillers.join(","));
                let verdict = parse_object(doc.as_bytes(), 2).map(|_| ());
                if decoded(x) == decoded(y) {
                    assert_eq!(verdict, Err(JsonError::Invalid), "{x} and {y} are one name");
                } else {
                    assert_eq!(verdict, Ok(()), "{x} and {y} are two names");
                }
            }
            let doc = format!("{{\"{x}\":1,{},\"{x}\":2}}", fillers.join(","));
            assert_eq!(
                parse_object(doc.as_bytes(), 2).map(|_| ()),
                Err(JsonError::Invalid),
                "{x} twice"
            );
        }
    }

    #[test]
    fn duplicates_are_found_in_any_order_of_names() {
        // Names in ascending, descending and interleaved order, the repeat anywhere.
        let names: std::vec::Vec<String> =
            (0..60).map(|i| format!("k{:02}", (i * 37) % 60)).collect();
        for order in [0, 1, 2] {
            let mut v = names.clone();
            match order {
                0 => v.sort(),
                1 => v.sort_by(|a, b| b.cmp(a)),
                _ => {}
            }
            let members = |v: &[String]| {
                v.iter()
                    .map(|n| format!("\"{n}\":0"))
                    .collect::<std::vec::Vec<_>>()
                    .join(",")
            };
            assert!(parse_object(format!("{{{}}}", members(&v)).as_bytes(), 2).is_ok());
            for at in [0, 1, 30, 59] {
                let mut dup = v.clone();
                dup.insert(at, v[(at + 17) % 60].clone());
                let doc = format!("{{{}}}", members(&dup));
                assert_eq!(
                    parse_object(doc.as_bytes(), 2).map(|_| ()),
                    Err(JsonError::Invalid),
                    "{doc}"
                );
            }
        }
        // A name that is a prefix of another is not a duplicate.
        ok(r#"{"a":1,"ab":2,"abc":3,"b":4,"a\"":5}"#);
    }

    #[test]
    fn rejects_malformed_documents() {
        for doc in [
            &b""[..],
            b"[]",
            b"\"s\"",
            b"{",
            b"{}}",
            b"{} x",
            b"{}{}",
            b"\xEF\xBB\xBF{}",
            b"{\"a\":1,}",
            b"{\"a\" 1}",
            b"{'a':1}",
            b"{a:1}",
            b"{\"a\":01}",
            b"{\"a\":1.}",
            b"{\"a\":.5}",
            b"{\"a\":1e}",
            b"{\"a\":+1}",
            b"{\"a\":-}",
            b"{\"a\":tru}",
            b"{\"a\":nul}",
            b"{\"a\":\"\\x\"}",
            b"{\"a\":\"\\ud800\"}",
            b"{\"a\":\"\\udc00\"}",
            b"{\"a\":\"\\ud800\\u0041\"}",
            b"{\"a\":\"\\u12\"}",
            b"{\"a\":\"tab\there\"}",
            b"{\"a\":\"\xff\"}",
            b"{\"a\":\"\xc0\xaf\"}",
            b"{\"a\":[1,]}",
            b"{\"a\":[1 2]}",
        ] {
            assert_eq!(
                bad(doc),
                JsonError::Invalid,
                "{:?}",
                String::from_utf8_lossy(doc)
            );
        }
    }

    #[test]
    fn nesting_is_bounded() {
        assert!(parse_object(br#"{"a":[[{"b":1}]]}"#, 4).is_ok());
        assert_eq!(
            parse_object(br#"{"a":[[{"b":1}]]}"#, 3).map(|_| ()),
            Err(JsonError::TooDeep)
        );
        let mut deep = std::vec::Vec::new();
        deep.extend_from_slice(b"{\"a\":");
        deep.extend(core::iter::repeat_n(b'[', 100_000));
        assert_eq!(parse_object(&deep, 64).map(|_| ()), Err(JsonError::TooDeep));
    }
}
