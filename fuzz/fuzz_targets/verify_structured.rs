//! Structure-aware end to end: an `arbitrary`-derived header and claim set (header `alg`, `kid`,
//! `typ`, `crit`, `b64`; claims `iss`, `sub`, `aud` as a string or an array, `exp`, `nbf`,
//! `iat`, `auth_time`, `nonce`, `azp`, `at_hash`, `c_hash`, … each either a well-formed value,
//! an arbitrary string or an arbitrary JSON value; extra members, possibly duplicates) is
//! serialized, signed with a fixed test key (HS256 with `hmac`, or ES256 with `p256` and a
//! fixed scalar), and verified under fixed ID-token and access-token policies. This is what
//! reaches the claim checks past the signature.
//!
//! Oracles:
//! * a token signed with the right key for an allowed `alg` is never `invalid_signature`;
//! * a token built only from well-formed choices that satisfy the policy is accepted;
//! * whatever is accepted satisfies the policy (`check_verified`); every error is documented.
#![no_main]

use arbitrary::{Arbitrary, Result as AResult, Unstructured};
use libfuzzer_sys::fuzz_target;
use verifier::{Error, HashAlg, Key, MAX_NUMERIC_DATE, Policy, TokenBuffer, verify};
use verifier_fuzz::{
    ACCESS_TOKEN, ALGS, CLIENT, CODE, ES_KID, HS_KID, ISS, NONCE, NOW, RESOURCE, b64, check_error,
    check_verified, es256_sign, half_hash, hmac_sha256, keys, keys_without_kid, signing_input,
};

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
    Matching,
    Str(String),
    Value(J),
}

#[derive(Arbitrary, Debug)]
enum Typ {
    Absent,
    Jwt,
    AppJwt,
    AtJwt,
    Str(String),
    Value(J),
}

#[derive(Arbitrary, Debug)]
enum B64 {
    True,
    False,
    Value(J),
}

/// A string claim: absent, the value the policy expects, any string, any JSON value.
#[derive(Arbitrary, Debug)]
enum S {
    Absent,
    Good,
    Str(String),
    Value(J),
}

#[derive(Arbitrary, Debug)]
enum Aud {
    Absent,
    Good,
    GoodInArray,
    Resource,
    GoodAndOther(String),
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
    fn str(&mut self, name: &str, value: &str) {
        let v = lit(value, self.esc);
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
            S::Good => w.str(name, good),
            S::Str(s) => w.str(name, s),
            S::Value(j) => w.raw(name, j.0.clone()),
        }
    }
    fn is_string(&self) -> bool {
        matches!(self, S::Absent | S::Good | S::Str(_))
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
}

fn ceil((secs, frac): (u64, bool)) -> u64 {
    secs + u64::from(frac)
}

fn build(input: &Input) -> (Vec<u8>, String, String) {
    let esc = input.esc;
    let mut h = Writer::new(esc, input.spaced);
    match &input.alg {
        HeaderAlg::Signed => h.str("alg", &format!("{:?}", input.sign)),
        HeaderAlg::Name(s) => h.str("alg", s),
        HeaderAlg::Pick(i) => {
            const ALG_NAMES: &[&str] = &[
                "none", "None", "HS256", "HS384", "HS512", "RS256", "PS256", "ES256", "ES384",
                "EdDSA", "hs256", "",
            ];
            h.str("alg", ALG_NAMES[*i as usize % ALG_NAMES.len()])
        }
        HeaderAlg::Value(j) => h.raw("alg", j.0.clone()),
        HeaderAlg::Absent => {}
    }
    let own_kid = match input.sign {
        SignAlg::HS256 => HS_KID,
        SignAlg::ES256 => ES_KID,
    };
    match &input.kid {
        Kid::Absent => {}
        Kid::Matching => h.str("kid", own_kid),
        Kid::Str(s) => h.str("kid", s),
        Kid::Value(j) => h.raw("kid", j.0.clone()),
    }
    match &input.typ {
        Typ::Absent => {}
        Typ::Jwt => h.str("typ", "JWT"),
        Typ::AppJwt => h.str("typ", "application/jwt"),
        Typ::AtJwt => h.str("typ", "at+jwt"),
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

    let hash = HashAlg::Sha256;
    let mut c = Writer::new(esc.rotate_left(3), input.spaced);
    input.iss.write(&mut c, "iss", ISS);
    input.sub.write(&mut c, "sub", "248289761001");
    match &input.aud {
        Aud::Absent => {}
        Aud::Good => c.str("aud", CLIENT),
        Aud::GoodInArray => c.raw("aud", format!("[{}]", lit(CLIENT, esc))),
        Aud::Resource => c.raw("aud", format!("[{}]", lit(RESOURCE, esc))),
        Aud::GoodAndOther(o) => c.raw("aud", format!("[{},{}]", lit(CLIENT, esc), lit(o, esc))),
        Aud::Many(v) => {
            let items: Vec<String> = v.iter().map(|s| lit(s, esc)).collect();
            c.raw("aud", format!("[{}]", items.join(",")))
        }
        Aud::Value(j) => c.raw("aud", j.0.clone()),
    }
    input.azp.write(&mut c, "azp", CLIENT);
    input.exp.write(&mut c, "exp");
    input.nbf.write(&mut c, "nbf");
    input.iat.write(&mut c, "iat");
    input.auth_time.write(&mut c, "auth_time");
    input.nonce.write(&mut c, "nonce", NONCE);
    input
        .at_hash
        .write(&mut c, "at_hash", &half_hash(hash, ACCESS_TOKEN));
    input.c_hash.write(&mut c, "c_hash", &half_hash(hash, CODE));
    input.jti.write(&mut c, "jti", "id-4711");
    input.client_id.write(&mut c, "client_id", CLIENT);
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
        (SignAlg::HS256, _) => hmac_sha256(verifier_fuzz::HS_SECRET, si.as_bytes()),
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
    (token, header, claims)
}

fn signed_right(input: &Input) -> bool {
    matches!(input.alg, HeaderAlg::Signed)
        && matches!(input.sig, Sig::Correct | Sig::Correct2 | Sig::Correct3)
}

fn typ_ok_for_id_token(typ: &Typ) -> bool {
    match typ {
        Typ::Absent | Typ::Jwt | Typ::AppJwt => true,
        Typ::AtJwt | Typ::Value(_) => false,
        Typ::Str(s) => {
            let l = s.to_ascii_lowercase();
            l != "at+jwt" && l != "application/at+jwt"
        }
    }
}

/// Whether every choice is well-formed and the token satisfies the basic ID-token policy
/// (`strict` adds leeway 30, nonce, max_age 3600, at_hash and c_hash).
fn expect_ok(input: &Input, strict: bool) -> bool {
    let leeway = if strict { 30 } else { 0 };
    let late = NOW - leeway;
    let early = NOW + leeway;
    let header_ok = signed_right(input)
        && matches!(input.kid, Kid::Absent | Kid::Matching)
        && typ_ok_for_id_token(&input.typ)
        && input.crit.is_none()
        && matches!(input.b64, None | Some(B64::True))
        && input.header_extra.is_empty()
        && input.extra.is_empty();
    if !header_ok {
        return false;
    }
    let good_or_absent = |s: &S| matches!(s, S::Absent | S::Good);
    let strings_ok = matches!(input.iss, S::Good)
        && matches!(input.sub, S::Good | S::Str(_))
        && good_or_absent(&input.azp)
        && matches!(input.aud, Aud::Good | Aud::GoodInArray)
        && [
            &input.nonce,
            &input.at_hash,
            &input.c_hash,
            &input.jti,
            &input.client_id,
            &input.scope,
        ]
        .iter()
        .all(|s| s.is_string());
    if !strings_ok {
        return false;
    }
    if strict
        && !(matches!(input.nonce, S::Good)
            && matches!(input.at_hash, S::Good)
            && matches!(input.c_hash, S::Good))
    {
        return false;
    }
    let date_ok = |d: &D, required: bool| match d {
        D::Absent => !required,
        D::Offset(..) => d.value().is_some(),
        _ => false,
    };
    if !(date_ok(&input.exp, true)
        && date_ok(&input.iat, true)
        && date_ok(&input.nbf, false)
        && date_ok(&input.auth_time, strict))
    {
        return false;
    }
    let exp = input.exp.value().expect("exp");
    let iat = input.iat.value().expect("iat");
    late < ceil(exp)
        && input.nbf.value().is_none_or(|n| ceil(n) <= early)
        && ceil(iat) <= early
        && (!strict || input.auth_time.value().is_some_and(|a| late <= a.0 + 3600))
}

fuzz_target!(|input: Input| {
    let (token, header, claims) = build(&input);
    let basic = Policy::id_token(ALGS, ISS, CLIENT);
    let strict = Policy::id_token(ALGS, ISS, CLIENT)
        .with_leeway(30)
        .with_nonce(NONCE)
        .with_max_age(3600)
        .with_access_token(ACCESS_TOKEN)
        .with_code(CODE);
    let access = Policy::access_token(ALGS, ISS, RESOURCE).with_required_scopes(&["read"]);
    let runs: [(&Policy<'_>, &[Key], Option<bool>); 4] = [
        (&basic, keys(), Some(expect_ok(&input, false))),
        (&strict, keys(), Some(expect_ok(&input, true))),
        (&basic, keys_without_kid(), None),
        (&access, keys(), None),
    ];
    for (policy, keys, expected) in runs {
        let mut buf = TokenBuffer::<16384>::new();
        let result = verify(&token, keys, policy, NOW, &mut buf);
        match &result {
            Ok(v) => check_verified(v, policy, NOW),
            Err(e) => {
                check_error(*e);
                if signed_right(&input) {
                    assert_ne!(
                        *e,
                        Error::InvalidSignature,
                        "correctly signed token refused as invalid_signature\nheader: {header}\nclaims: {claims}"
                    );
                }
                assert_ne!(*e, Error::MalformedToken, "we built a well-formed token");
            }
        }
        if expected == Some(true) {
            assert!(
                result.is_ok(),
                "well-formed token refused: {:?}\nheader: {header}\nclaims: {claims}",
                result.err()
            );
        }
    }
});
