//! Structure-aware end to end: an `arbitrary`-derived header and claim set (header `alg`, `kid`,
//! `typ`, `crit`, `b64`; claims `iss`, `sub`, `aud` as a string or an array, `exp`, `nbf`,
//! `iat`, `auth_time`, `nonce`, `azp`, `at_hash`, `c_hash`, … each either a well-formed value,
//! a near miss of it, an arbitrary string or an arbitrary JSON value; extra members, possibly
//! duplicates) is serialized, signed with a fixed test key (HS256 with `hmac`, or ES256 with
//! `p256` and a fixed scalar), and verified under ID-token and access-token policies. This is
//! what reaches the claim checks past the signature.
//!
//! The policy strings (issuer, client id, nonce, resource server) and the keys' `kid`s come from
//! one of `NAME_SETS`: plain ones, and ones with backslashes, quotes, control characters and
//! non-ASCII text. The token spells the strings it means to match in one of several ways: the
//! document's escaping, a per-character mix of every legal spelling (`\\` or `\u005c`, `\"` or
//! `\u0022`, `/` or `\/`, raw UTF-8 or `\u00fc`, …), or the raw-text trap: the policy string
//! pasted between quotes unescaped, whose JSON text equals the policy string but which decodes
//! to something else (or is not JSON at all).
//!
//! Oracles:
//! * a token signed with the right key for an allowed `alg` is never `invalid_signature`;
//! * under the ID-token policies, when the header is well-formed, the verdict is predicted
//!   exactly from the header and claims as `serde_json` decodes them: accepted iff every decoded
//!   string equals the policy's (and the other rules hold), otherwise the documented error of
//!   the first rule broken;
//! * whatever is accepted satisfies the policy (`check_verified`); every error is documented.
#![no_main]

use arbitrary::{Arbitrary, Result as AResult, Unstructured};
use libfuzzer_sys::fuzz_target;
use jwtv::{Error, Key, MAX_HEADER_LEN, MAX_NUMERIC_DATE, Policy, TokenBuffer, verify};
use jwtv_fuzz::{
    ACCESS_TOKEN, ALGS, CODE, Decoded, Dv, NAME_SETS, NOW, Names, b64, check_error, check_verified,
    decode_object, es256_sign, half_hash, hmac_sha256, keys_named, keys_without_kid, media_type,
    ref_hash, signing_input,
};

const CAPACITY: usize = 16384;

/// An arbitrary JSON value, already serialized (bounded depth and width).
#[derive(Debug, Clone)]
struct J(String);

const NAMES: &[&str] = &[
    "alg",
    "kid",
    "typ",
    "crit",
    "b64",
    "iss",
    "sub",
    "aud",
    "exp",
    "nbf",
    "iat",
    "auth_time",
    "nonce",
    "azp",
    "jti",
    "at_hash",
    "c_hash",
    "client_id",
    "scope",
    "x",
    "",
];

const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "0.5",
    "1e400",
    "-1e400",
    "1E-400",
    "1e13",
    "253402300799",
    "253402300799.9",
    "253402300800",
    "1700000000",
    "1700000000.5",
    "1699999999.999",
    "1700000030",
    "1699996400",
    "1.7e9",
    "17000000000e-1",
    "9007199254740993",
    "18446744073709551616",
    "1e+9",
    "2E9",
    "0.0",
    "1700000000.0000000000000000001",
];

fn json_value(u: &mut Unstructured<'_>, depth: usize, esc: u8) -> AResult<String> {
    let top = if depth >= 3 { 4 } else { 6 };
    Ok(match u.int_in_range(0..=top)? {
        0 => "null".into(),
        1 => if u.arbitrary()? { "true" } else { "false" }.into(),
        2 => number(u)?,
        3 => lit(&name(u)?, esc),
        4 => lit(&String::arbitrary(u)?, esc),
        5 => {
            let n = u.int_in_range(0..=3)?;
            let items = (0..n)
                .map(|_| json_value(u, depth + 1, esc))
                .collect::<AResult<Vec<_>>>()?;
            format!("[{}]", items.join(","))
        }
        _ => {
            let n = u.int_in_range(0..=3)?;
            let members = (0..n)
                .map(|_| {
                    Ok(format!(
                        "{}:{}",
                        lit(&name(u)?, esc),
                        json_value(u, depth + 1, esc)?
                    ))
                })
                .collect::<AResult<Vec<_>>>()?;
            format!("{{{}}}", members.join(","))
        }
    })
}

fn number(u: &mut Unstructured<'_>) -> AResult<String> {
    Ok(match u.int_in_range(0..=3)? {
        0 => u.choose(NUMBERS)?.to_string(),
        1 => u64::arbitrary(u)?.to_string(),
        2 => (NOW as i64 + i64::from(i32::arbitrary(u)?)).to_string(),
        _ => {
            let f = f64::arbitrary(u)?;
            if f.is_finite() {
                format!("{f:e}")
            } else {
                "1.5".into()
            }
        }
    })
}

fn name(u: &mut Unstructured<'_>) -> AResult<String> {
    if u.ratio(3, 4)? {
        Ok(u.choose(NAMES)?.to_string())
    } else {
        String::arbitrary(u)
    }
}

impl<'a> Arbitrary<'a> for J {
    fn arbitrary(u: &mut Unstructured<'a>) -> AResult<Self> {
        let esc = u.arbitrary()?;
        Ok(J(json_value(u, 0, esc)?))
    }
}

/// A JSON string literal for `s`; `esc` picks the spelling (plain, `\u`-escaped punctuation and
/// non-ASCII, everything `\u`-escaped), all meaning the same string.
fn lit(s: &str, esc: u8) -> String {
    match esc % 4 {
        0 | 3 => serde_json::to_string(s).expect("string"),
        mode => {
            let mut out = String::from("\"");
            for (i, c) in s.chars().enumerate() {
                if mode == 1 && c.is_ascii_alphanumeric() {
                    out.push(c);
                } else if c == '/' && i % 2 == 0 {
                    out.push_str("\\/");
                } else {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        if i % 2 == 0 {
                            out.push_str(&format!("\\u{unit:04x}"));
                        } else {
                            out.push_str(&format!("\\u{unit:04X}"));
                        }
                    }
                }
            }
            out.push('"');
            out
        }
    }
}

/// A JSON string literal for `s` with every character spelled, independently, one of its legal
/// ways (driven by `seed`): raw where allowed, the short escape where there is one, `\u` with
/// lower- or upper-case hex (surrogate pairs beyond the BMP).
fn lit_mixed(s: &str, seed: u64) -> String {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut out = String::from("\"");
    for c in s.chars() {
        let r = next() % 3;
        let short = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '/' => Some("\\/"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            _ => None,
        };
        let raw_ok = !matches!(c, '"' | '\\') && c >= ' ';
        match (r, short) {
            (0, _) if raw_ok => out.push(c),
            (1, Some(e)) => out.push_str(e),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    if next() % 2 == 0 {
                        out.push_str(&format!("\\u{unit:04x}"));
                    } else {
                        out.push_str(&format!("\\u{unit:04X}"));
                    }
                }
            }
        }
    }
    out.push('"');
    out
}

/// How a string the token means to match is spelled.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Spell {
    /// The document's escaping (`lit` with the document's `esc`).
    Doc,
    /// A per-character mix of every legal spelling.
    Mixed(u64),
    /// The raw-text trap: the string between quotes, unescaped.
    Trap,
}

/// A near miss of `good` (which may still decode equal: the oracle decides on decoded values).
fn near(good: &str, k: u8) -> String {
    match k % 6 {
        0 => format!("{good}x"),
        1 => {
            let mut s = good.to_owned();
            s.pop();
            s
        }
        2 => good.to_ascii_uppercase(),
        3 => good.replace('\\', "\t").replace('"', "'"),
        4 => good.replace('\t', "\\t"),
        _ => format!("{good} "),
    }
}

#[derive(Arbitrary, Debug, Clone, Copy, PartialEq)]
enum SignAlg {
    HS256,
    ES256,
}

#[derive(Arbitrary, Debug)]
enum HeaderAlg {
    Signed,
    Name(String),
    Pick(u8),
    Value(J),
    Absent,
}

#[derive(Arbitrary, Debug)]
enum Kid {
    Absent,
    Matching(Spell),
    Other(Spell),
    Near(u8, Spell),
    Str(String),
    Value(J),
}

#[derive(Arbitrary, Debug)]
enum Typ {
    Absent,
    Jwt(Spell),
    AppJwt(Spell),
    AtJwt(Spell),
    Pick(u8, Spell),
    Str(String),
    Value(J),
}

#[derive(Arbitrary, Debug)]
enum B64 {
    True,
    False,
    Value(J),
}

/// A string claim: absent, the value the policy expects, a near miss, any string, any value.
#[derive(Arbitrary, Debug)]
enum S {
    Absent,
    Good(Spell),
    Near(u8, Spell),
    Str(String),
    Value(J),
}

#[derive(Arbitrary, Debug)]
enum Aud {
    Absent,
    Good(Spell),
    GoodInArray(Spell),
    Near(u8, Spell),
    Resource(Spell),
    GoodAndOther(Spell, String),
    Many(Vec<String>),
    Value(J),
}

/// A NumericDate claim: `NOW + offset` (with an optional `.5`), a tricky number, any value.
#[derive(Arbitrary, Debug)]
enum D {
    Absent,
    Offset(i32, bool),
    Text(u8),
    Value(J),
}

#[derive(Arbitrary, Debug)]
enum Sig {
    Correct,
    Correct2,
    Correct3,
    WrongKey,
    FlipBit(u16),
    Truncate(u8),
    Empty,
}

#[derive(Arbitrary, Debug)]
struct Input {
    /// Keep only the string choices (see `Input::focus`).
    focus: bool,
    names: u8,
    sign: SignAlg,
    alg: HeaderAlg,
    kid: Kid,
    typ: Typ,
    crit: Option<J>,
    b64: Option<B64>,
    header_extra: Vec<(String, J)>,
    iss: S,
    sub: S,
    aud: Aud,
    azp: S,
    exp: D,
    nbf: D,
    iat: D,
    auth_time: D,
    nonce: S,
    at_hash: S,
    c_hash: S,
    jti: S,
    client_id: S,
    scope: S,
    extra: Vec<(String, J)>,
    esc: u8,
    spaced: bool,
    sig: Sig,
}

impl Input {
    /// Half of the inputs keep only their string choices (kid, typ and the string claims, each
    /// well-formed: the value the policy expects or a near miss, spelled some way, or any
    /// string) and take the right signature, a plain header and good dates for the rest, so
    /// that the verdict turns on how the strings decode.
    fn focus(&mut self) {
        self.alg = HeaderAlg::Signed;
        self.sig = Sig::Correct;
        self.crit = None;
        self.b64 = None;
        self.header_extra.clear();
        self.extra.clear();
        self.exp = D::Offset(3600, false);
        self.iat = D::Offset(-60, false);
        self.nbf = D::Absent;
        self.auth_time = D::Offset(-60, false);
        if matches!(self.kid, Kid::Value(_)) {
            self.kid = Kid::Absent;
        }
        if matches!(self.typ, Typ::Value(_)) {
            self.typ = Typ::Absent;
        }
        for s in [
            &mut self.iss,
            &mut self.sub,
            &mut self.azp,
            &mut self.nonce,
            &mut self.at_hash,
            &mut self.c_hash,
            &mut self.jti,
            &mut self.client_id,
            &mut self.scope,
        ] {
            if matches!(s, S::Value(_) | S::Absent) {
                *s = S::Good(Spell::Doc);
            }
        }
        if matches!(self.aud, Aud::Value(_) | Aud::Absent) {
            self.aud = Aud::Good(Spell::Doc);
        }
    }

    fn names(&self) -> &'static Names {
        &NAME_SETS[self.names as usize % NAME_SETS.len()]
    }
}

struct Writer {
    members: Vec<String>,
    esc: u8,
    spaced: bool,
}

impl Writer {
    fn new(esc: u8, spaced: bool) -> Self {
        Writer {
            members: Vec::new(),
            esc,
            spaced,
        }
    }
    fn raw(&mut self, name: &str, value: String) {
        let sep = if self.spaced { " : " } else { ":" };
        self.members
            .push(format!("{}{sep}{value}", lit(name, self.esc)));
    }
    fn spell(&self, value: &str, spell: Spell) -> String {
        match spell {
            Spell::Doc => lit(value, self.esc),
            Spell::Mixed(seed) => lit_mixed(value, seed),
            Spell::Trap => format!("\"{value}\""),
        }
    }
    fn str(&mut self, name: &str, value: &str) {
        let v = lit(value, self.esc);
        self.raw(name, v);
    }
    fn spelled(&mut self, name: &str, value: &str, spell: Spell) {
        let v = self.spell(value, spell);
        self.raw(name, v);
    }
    fn finish(self) -> String {
        if self.spaced {
            format!("{{\r\n {}\n}}", self.members.join(",\n "))
        } else {
            format!("{{{}}}", self.members.join(","))
        }
    }
}

impl S {
    fn write(&self, w: &mut Writer, name: &str, good: &str) {
        match self {
            S::Absent => {}
            S::Good(spell) => w.spelled(name, good, *spell),
            S::Near(k, spell) => w.spelled(name, &near(good, *k), *spell),
            S::Str(s) => w.str(name, s),
            S::Value(j) => w.raw(name, j.0.clone()),
        }
    }
}

impl D {
    fn write(&self, w: &mut Writer, name: &str) {
        match self {
            D::Absent => {}
            D::Offset(off, half) => {
                let v = NOW as i64 + i64::from(*off);
                w.raw(name, format!("{v}{}", if *half { ".5" } else { "" }));
            }
            D::Text(i) => w.raw(name, NUMBERS[*i as usize % NUMBERS.len()].into()),
            D::Value(j) => w.raw(name, j.0.clone()),
        }
    }
    /// `(secs, fraction)` when this is a well-formed in-range offset date.
    fn value(&self) -> Option<(u64, bool)> {
        match self {
            D::Offset(off, half) => {
                let v = NOW as i64 + i64::from(*off);
                (v >= 0 && v as u64 <= MAX_NUMERIC_DATE).then_some((v as u64, *half))
            }
            _ => None,
        }
    }
    /// Whether this is absent or a well-formed in-range date.
    fn well_formed(&self) -> bool {
        matches!(self, D::Absent) || self.value().is_some()
    }
}

fn ceil((secs, frac): (u64, bool)) -> u64 {
    secs + u64::from(frac)
}

fn own_kid(input: &Input) -> &'static str {
    let n = input.names();
    match input.sign {
        SignAlg::HS256 => n.hs_kid,
        SignAlg::ES256 => n.es_kid,
    }
}

fn other_kid(input: &Input) -> &'static str {
    let n = input.names();
    match input.sign {
        SignAlg::HS256 => n.es_kid,
        SignAlg::ES256 => n.hs_kid,
    }
}

struct Built {
    token: Vec<u8>,
    header: String,
    claims: String,
}

fn build(input: &Input) -> Built {
    let n = input.names();
    let esc = input.esc;
    let mut h = Writer::new(esc, input.spaced);
    match &input.alg {
        HeaderAlg::Signed => h.str("alg", &format!("{:?}", input.sign)),
        HeaderAlg::Name(s) => h.str("alg", s),
        HeaderAlg::Pick(i) => {
            const ALG_NAMES: &[&str] = &[
                "none", "None", "HS256", "HS384", "HS512", "RS256", "PS256", "ES256", "ES384",
                "EdDSA", "Ed25519", "Ed448", "hs256", "",
            ];
            h.str("alg", ALG_NAMES[*i as usize % ALG_NAMES.len()])
        }
        HeaderAlg::Value(j) => h.raw("alg", j.0.clone()),
        HeaderAlg::Absent => {}
    }
    match &input.kid {
        Kid::Absent => {}
        Kid::Matching(spell) => h.spelled("kid", own_kid(input), *spell),
        Kid::Other(spell) => h.spelled("kid", other_kid(input), *spell),
        Kid::Near(k, spell) => h.spelled("kid", &near(own_kid(input), *k), *spell),
        Kid::Str(s) => h.str("kid", s),
        Kid::Value(j) => h.raw("kid", j.0.clone()),
    }
    match &input.typ {
        Typ::Absent => {}
        Typ::Jwt(spell) => h.spelled("typ", "JWT", *spell),
        Typ::AppJwt(spell) => h.spelled("typ", "application/jwt", *spell),
        Typ::AtJwt(spell) => h.spelled("typ", "at+jwt", *spell),
        Typ::Pick(i, spell) => {
            const TYPS: &[&str] = &[
                "jwt",
                "Application/JWT",
                "application/at+jwt",
                "AT+JWT",
                "logout+jwt",
                "secevent+jwt",
                "dpop+jwt",
                "JWS",
                "application/",
                "",
                "JWT ",
                "application/application/jwt",
                "\u{212A}WT",
            ];
            h.spelled("typ", TYPS[*i as usize % TYPS.len()], *spell)
        }
        Typ::Str(s) => h.str("typ", s),
        Typ::Value(j) => h.raw("typ", j.0.clone()),
    }
    if let Some(c) = &input.crit {
        h.raw("crit", c.0.clone());
    }
    match &input.b64 {
        None => {}
        Some(B64::True) => h.raw("b64", "true".into()),
        Some(B64::False) => h.raw("b64", "false".into()),
        Some(B64::Value(j)) => h.raw("b64", j.0.clone()),
    }
    for (n, v) in &input.header_extra {
        h.raw(n, v.0.clone());
    }

    // The hash for at_hash/c_hash of the alg the token is signed with (both are SHA-256 ones).
    let hash = ref_hash(match input.sign {
        SignAlg::HS256 => jwtv::Algorithm::HS256,
        SignAlg::ES256 => jwtv::Algorithm::ES256,
    });
    let mut c = Writer::new(esc.rotate_left(3), input.spaced);
    input.iss.write(&mut c, "iss", n.iss);
    input.sub.write(&mut c, "sub", "248289761001");
    match &input.aud {
        Aud::Absent => {}
        Aud::Good(spell) => c.spelled("aud", n.client, *spell),
        Aud::GoodInArray(spell) => {
            let v = c.spell(n.client, *spell);
            c.raw("aud", format!("[{v}]"))
        }
        Aud::Near(k, spell) => c.spelled("aud", &near(n.client, *k), *spell),
        Aud::Resource(spell) => {
            let v = c.spell(n.resource, *spell);
            c.raw("aud", format!("[{v}]"))
        }
        Aud::GoodAndOther(spell, o) => {
            let v = c.spell(n.client, *spell);
            c.raw("aud", format!("[{v},{}]", lit(o, esc)))
        }
        Aud::Many(v) => {
            let items: Vec<String> = v.iter().map(|s| lit(s, esc)).collect();
            c.raw("aud", format!("[{}]", items.join(",")))
        }
        Aud::Value(j) => c.raw("aud", j.0.clone()),
    }
    input.azp.write(&mut c, "azp", n.client);
    input.exp.write(&mut c, "exp");
    input.nbf.write(&mut c, "nbf");
    input.iat.write(&mut c, "iat");
    input.auth_time.write(&mut c, "auth_time");
    input.nonce.write(&mut c, "nonce", n.nonce);
    input
        .at_hash
        .write(&mut c, "at_hash", &half_hash(hash, ACCESS_TOKEN));
    input.c_hash.write(&mut c, "c_hash", &half_hash(hash, CODE));
    input.jti.write(&mut c, "jti", "id-4711");
    input.client_id.write(&mut c, "client_id", n.client);
    input.scope.write(&mut c, "scope", "openid read write");
    for (n, v) in &input.extra {
        c.raw(n, v.0.clone());
    }

    let header = h.finish();
    let claims = c.finish();
    let si = signing_input(header.as_bytes(), claims.as_bytes());
    let mut sig = match (input.sign, &input.sig) {
        (SignAlg::HS256, Sig::WrongKey) => {
            hmac_sha256(b"another-fuzz-only-hs256-secret!!", si.as_bytes())
        }
        (SignAlg::HS256, _) => hmac_sha256(jwtv_fuzz::HS_SECRET, si.as_bytes()),
        (SignAlg::ES256, Sig::WrongKey) => {
            // Sign with the right key and change the message: the signature is for another text.
            es256_sign(format!("{si}x").as_bytes())
        }
        (SignAlg::ES256, _) => es256_sign(si.as_bytes()),
    };
    match &input.sig {
        Sig::FlipBit(i) => {
            let i = *i as usize % (sig.len() * 8);
            sig[i / 8] ^= 1 << (i % 8);
        }
        Sig::Truncate(n) => sig.truncate(*n as usize % sig.len()),
        Sig::Empty => sig.clear(),
        _ => {}
    }
    let token = format!("{si}.{}", b64(&sig)).into_bytes();
    Built {
        token,
        header,
        claims,
    }
}

fn signed_right(input: &Input) -> bool {
    matches!(input.alg, HeaderAlg::Signed)
        && matches!(input.sig, Sig::Correct | Sig::Correct2 | Sig::Correct3)
}

/// The ID-token policies: the basic one, and the strict one (leeway 30, nonce, max_age 3600,
/// at_hash and c_hash).
#[derive(Clone, Copy, PartialEq)]
enum Run {
    Basic,
    Strict,
}

/// Whether `doc`'s registered claims are typed as the verifier requires, judged on serde_json's
/// decoding (strings are strings; `aud` a string or an array of strings).
fn strings_typed(doc: &Decoded) -> bool {
    jwtv_fuzz::STRING_CLAIMS
        .iter()
        .all(|n| matches!(doc.get(n), None | Some(Dv::Str(_))))
        && (doc.get("aud").is_none() || doc.audiences().is_some())
}

/// The verdict of an ID-token policy under `run` for names `n`, with `kids` telling whether the
/// keys carry `kid`s: `None` when the input strays where this oracle does not predict (a header
/// or signature not as signed, mistyped or odd dates, extra members, arbitrary JSON values);
/// otherwise the exact result, with every string compared on serde_json's decoding.
fn expected(input: &Input, built: &Built, run: Run, kids: bool) -> Option<Result<(), Error>> {
    let n = input.names();
    let strict = run == Run::Strict;
    if built.token.len() > CAPACITY {
        return Some(Err(Error::CapacityExceeded));
    }
    if !(signed_right(input)
        && input.crit.is_none()
        && matches!(input.b64, None | Some(B64::True))
        && input.header_extra.is_empty()
        && !matches!(input.kid, Kid::Value(_))
        && !matches!(input.typ, Typ::Value(_)))
    {
        return None;
    }
    // The header: only a trapped kid or typ can make it invalid JSON.
    if built.header.len() > MAX_HEADER_LEN {
        return Some(Err(Error::CapacityExceeded));
    }
    let Ok(hdr) = decode_object(built.header.as_bytes()) else {
        return Some(Err(Error::MalformedHeader));
    };
    // Key selection: a decoded kid must be exactly the signing key's.
    match hdr.str("kid") {
        None => {}
        Some(kid) if kids && kid == own_kid(input) => {}
        Some(_) => return Some(Err(Error::KeyNotFound)),
    }
    // The claims: only a trapped string can make them invalid JSON.
    if !input.extra.is_empty() {
        return None;
    }
    let Ok(doc) = decode_object(built.claims.as_bytes()) else {
        return Some(Err(Error::MalformedClaims));
    };
    let dates = [&input.exp, &input.nbf, &input.iat, &input.auth_time];
    if !strings_typed(&doc) || !dates.iter().all(|d| d.well_formed()) {
        return None;
    }
    // 1. typ: absent or JWT (media-type rules).
    if hdr
        .str("typ")
        .is_some_and(|t| media_type(t) != media_type("JWT"))
    {
        return Some(Err(Error::TypeMismatch));
    }
    // 2. presence (max_age needs auth_time), sub length.
    let mut required = vec!["iss", "sub", "aud", "exp", "iat"];
    if strict {
        required.push("auth_time");
    }
    if required.iter().any(|name| doc.get(name).is_none()) {
        return Some(Err(Error::MissingClaim));
    }
    if doc.str("sub").is_some_and(|s| s.len() > 255) {
        return Some(Err(Error::MalformedClaims));
    }
    // 3-5. iss, aud (only the client), azp: decoded strings against the policy's.
    if doc.str("iss") != Some(n.iss) {
        return Some(Err(Error::IssuerMismatch));
    }
    let aud = doc.audiences()?;
    if !aud.contains(&n.client) || aud.iter().any(|a| *a != n.client) {
        return Some(Err(Error::AudienceMismatch));
    }
    if doc.get("azp").is_some() && doc.str("azp") != Some(n.client) {
        return Some(Err(Error::AuthorizedPartyMismatch));
    }
    // 6-7. time.
    let leeway = if strict { 30 } else { 0 };
    let (late, early) = (NOW - leeway, NOW + leeway);
    let exp = input.exp.value()?;
    let iat = input.iat.value()?;
    if late >= ceil(exp) {
        return Some(Err(Error::Expired));
    }
    if input.nbf.value().is_some_and(|nbf| early < ceil(nbf)) {
        return Some(Err(Error::NotYetValid));
    }
    if early < ceil(iat) {
        return Some(Err(Error::IssuedInFuture));
    }
    if strict && input.auth_time.value().is_some_and(|a| late > a.0 + 3600) {
        return Some(Err(Error::AuthTooOld));
    }
    // 8-9. nonce, at_hash, c_hash.
    if strict {
        if doc.str("nonce") != Some(n.nonce) {
            return Some(Err(Error::NonceMismatch));
        }
        let hash = ref_hash(jwtv::Algorithm::HS256);
        if doc.str("at_hash") != Some(half_hash(hash, ACCESS_TOKEN).as_str()) {
            return Some(Err(Error::AtHashMismatch));
        }
        if doc.str("c_hash") != Some(half_hash(hash, CODE).as_str()) {
            return Some(Err(Error::CHashMismatch));
        }
    }
    Some(Ok(()))
}

fuzz_target!(|input: Input| {
    let mut input = input;
    if input.focus {
        input.focus();
    }
    let built = build(&input);
    let n = input.names();
    let basic = Policy::id_token(ALGS, n.iss, n.client);
    let strict = Policy::id_token(ALGS, n.iss, n.client)
        .with_leeway(30)
        .with_nonce(n.nonce)
        .with_max_age(3600)
        .with_access_token(ACCESS_TOKEN)
        .with_code(CODE);
    let access = Policy::access_token(ALGS, n.iss, n.resource).with_required_scopes(&["read"]);
    let named = keys_named(input.names as usize);
    let runs: [(&Policy<'_>, &[Key], Option<Result<(), Error>>); 4] = [
        (&basic, named, expected(&input, &built, Run::Basic, true)),
        (&strict, named, expected(&input, &built, Run::Strict, true)),
        (
            &basic,
            keys_without_kid(),
            expected(&input, &built, Run::Basic, false),
        ),
        (&access, named, None),
    ];
    let Built {
        token,
        header,
        claims,
    } = &built;
    for (policy, keys, expected) in runs {
        let mut buf = TokenBuffer::<CAPACITY>::new();
        let result = verify(token, keys, policy, NOW, &mut buf);
        match &result {
            Ok(v) => check_verified(v, policy, keys, NOW),
            Err(e) => {
                check_error(*e);
                if signed_right(&input) {
                    assert_ne!(
                        *e,
                        Error::InvalidSignature,
                        "correctly signed token refused as invalid_signature\nheader: {header}\nclaims: {claims}"
                    );
                }
                if token.len() <= CAPACITY {
                    assert_ne!(*e, Error::MalformedToken, "we built a well-formed token");
                }
            }
        }
        if let Some(expected) = expected {
            assert_eq!(
                result.as_ref().map(|_| ()).map_err(|e| *e),
                expected,
                "verdict differs from serde_json's reading (policy {policy:?})\nheader: {header}\nclaims: {claims}"
            );
        }
    }
});
