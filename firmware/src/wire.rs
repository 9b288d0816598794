//! The case format the host harness sends to the target (one file, read front to back).
//!
//! ```text
//! file   = *case
//! case   = "CASE " len "\n" body          ; len: decimal byte length of body
//! body   = *record
//! record = tag " " len "\n" bytes "\n"    ; tag: id jwks secrets now leeway profile alg issuer
//!                                         ;      audience nonce max_age max_token_age access_token
//!                                         ;      code id_token_source typ required_claim required_scope
//!                                         ;      try_all_keys max_depth token
//! ```
//! Each case carries its own JWKS, so the target needs no state between cases. With
//! `id_token_source` (`token_endpoint`, `implicit`, `hybrid`), `access_token` and `code` are
//! those that came with the ID token (`Policy::received_from`); without it, the strict
//! `with_access_token` / `with_code`.

use jwtv::{Algorithm, Flow, Policy, PolicyError, PolicyParts, Profile};

/// Most `alg`, `required_claim` or `required_scope` records a case may carry.
pub const MAX_LIST: usize = 16;

/// One case, borrowing from the body buffer.
pub struct Case<'a> {
    pub id: &'a str,
    pub jwks: &'a [u8],
    /// A JWKS of secrets added to the keys of `jwks` (an OIDC client secret), if any.
    pub secrets: Option<&'a [u8]>,
    pub token: &'a [u8],
    pub now: u64,
    profile: Profile,
    algorithms: [Algorithm; MAX_LIST],
    algorithm_count: usize,
    issuer: Option<&'a str>,
    audience: Option<&'a str>,
    leeway: u64,
    nonce: Option<&'a str>,
    max_age: Option<u64>,
    max_token_age: Option<u64>,
    access_token: Option<&'a str>,
    code: Option<&'a str>,
    id_token_source: Option<Flow>,
    typ: Option<&'a str>,
    required_claims: [&'a str; MAX_LIST],
    required_claim_count: usize,
    required_scopes: [&'a str; MAX_LIST],
    required_scope_count: usize,
    try_all_keys: bool,
    max_depth: Option<usize>,
}

/// Parses a decimal length line `"<tag> <len>\n"` at the front of `input`.
pub fn header_line<'a>(input: &'a [u8]) -> Option<(&'a str, usize, &'a [u8])> {
    let nl = input.iter().position(|&b| b == b'\n')?;
    let line = core::str::from_utf8(&input[..nl]).ok()?;
    let (tag, len) = line.split_once(' ')?;
    Some((tag, len.parse().ok()?, &input[nl + 1..]))
}

fn number(bytes: &[u8]) -> Option<u64> {
    core::str::from_utf8(bytes).ok()?.parse().ok()
}

fn text(bytes: &[u8]) -> Option<&str> {
    core::str::from_utf8(bytes).ok()
}

impl<'a> Case<'a> {
    /// Parses a case body; `None` if it is not well formed.
    pub fn parse(mut body: &'a [u8]) -> Option<Case<'a>> {
        let mut case = Case {
            id: "",
            jwks: b"{\"keys\":[]}",
            secrets: None,
            token: b"",
            now: 0,
            profile: Profile::Jwt,
            algorithms: [Algorithm::HS256; MAX_LIST],
            algorithm_count: 0,
            issuer: None,
            audience: None,
            leeway: 0,
            nonce: None,
            max_age: None,
            max_token_age: None,
            access_token: None,
            code: None,
            id_token_source: None,
            typ: None,
            required_claims: [""; MAX_LIST],
            required_claim_count: 0,
            required_scopes: [""; MAX_LIST],
            required_scope_count: 0,
            try_all_keys: false,
            max_depth: None,
        };
        while !body.is_empty() {
            let (tag, len, rest) = header_line(body)?;
            let value = rest.get(..len)?;
            if rest.get(len) != Some(&b'\n') {
                return None;
            }
            body = &rest[len + 1..];
            match tag {
                "id" => case.id = text(value)?,
                "jwks" => case.jwks = value,
                "secrets" => case.secrets = Some(value),
                "token" => case.token = value,
                "now" => case.now = number(value)?,
                "leeway" => case.leeway = number(value)?,
                "profile" => case.profile = Profile::from_name(text(value)?)?,
                "alg" => {
                    *case.algorithms.get_mut(case.algorithm_count)? =
                        Algorithm::from_name(text(value)?)?;
                    case.algorithm_count += 1;
                }
                "issuer" => case.issuer = Some(text(value)?),
                "audience" => case.audience = Some(text(value)?),
                "nonce" => case.nonce = Some(text(value)?),
                "max_age" => case.max_age = Some(number(value)?),
                "max_token_age" => case.max_token_age = Some(number(value)?),
                "access_token" => case.access_token = Some(text(value)?),
                "code" => case.code = Some(text(value)?),
                "id_token_source" => case.id_token_source = Some(Flow::from_name(text(value)?)?),
                "typ" => case.typ = Some(text(value)?),
                "required_claim" => {
                    *case.required_claims.get_mut(case.required_claim_count)? = text(value)?;
                    case.required_claim_count += 1;
                }
                "required_scope" => {
                    *case.required_scopes.get_mut(case.required_scope_count)? = text(value)?;
                    case.required_scope_count += 1;
                }
                "try_all_keys" => case.try_all_keys = value == b"true",
                "max_depth" => case.max_depth = Some(usize::try_from(number(value)?).ok()?),
                _ => return None,
            }
        }
        Some(case)
    }

    /// The policy this case is verified under: its parts through `Policy::from_parts`, as the
    /// host harness builds it.
    ///
    /// # Errors
    /// What `Policy::from_parts` refuses (the host checked the same parts before sending them).
    pub fn policy(&self) -> Result<Policy<'_>, PolicyError> {
        Policy::from_parts(PolicyParts {
            profile: self.profile,
            algorithms: &self.algorithms[..self.algorithm_count],
            issuer: self.issuer,
            audience: self.audience,
            additional_audiences: &[],
            leeway: self.leeway,
            nonce: self.nonce,
            max_age: self.max_age,
            max_token_age: self.max_token_age,
            access_token: self.access_token,
            code: self.code,
            flow: self.id_token_source,
            typ: self.typ,
            required_claims: &self.required_claims[..self.required_claim_count],
            required_scopes: &self.required_scopes[..self.required_scope_count],
            try_all_keys: self.try_all_keys,
            max_depth: self.max_depth,
        })
    }
}

/// One signature vector (Project Wycheproof's, sent by `jwtv wycheproof`): a key, a
/// message and a signature for the signature layer alone.
///
/// ```text
/// file   = *vector
/// vector = "VECTOR " len "\n" body
/// body   = *record                        ; tags: alg, and one key: rsa_n with rsa_e (decimal),
///                                         ;       ec_xy (x ‖ y: 64, 96 or 132 bytes), ed25519 (32 bytes)
///                                         ;       or oct; then msg, sig
/// ```
pub struct Vector<'a> {
    pub alg: Algorithm,
    pub key: VectorKey<'a>,
    pub msg: &'a [u8],
    pub sig: &'a [u8],
}

/// The key material of a [`Vector`].
pub enum VectorKey<'a> {
    Rsa { n: &'a [u8], e: u32 },
    EcP256(&'a [u8; 64]),
    EcP384(&'a [u8; 96]),
    EcP521(&'a [u8; 132]),
    Ed25519(&'a [u8; 32]),
    Oct(&'a [u8]),
}

impl<'a> Vector<'a> {
    /// Parses a vector body; `None` if it is not well formed.
    pub fn parse(mut body: &'a [u8]) -> Option<Vector<'a>> {
        let (mut alg, mut key, mut msg, mut sig) = (None, None, None, None);
        let mut rsa_n = None;
        while !body.is_empty() {
            let (tag, len, rest) = header_line(body)?;
            let value = rest.get(..len)?;
            if rest.get(len) != Some(&b'\n') {
                return None;
            }
            body = &rest[len + 1..];
            match tag {
                "alg" => alg = Some(Algorithm::from_name(text(value)?)?),
                "rsa_n" => rsa_n = Some(value),
                "rsa_e" => {
                    let e = u32::try_from(number(value)?).ok()?;
                    key = Some(VectorKey::Rsa { n: rsa_n?, e });
                }
                "ec_xy" => {
                    key = Some(match value.len() {
                        64 => VectorKey::EcP256(value.try_into().ok()?),
                        96 => VectorKey::EcP384(value.try_into().ok()?),
                        _ => VectorKey::EcP521(value.try_into().ok()?),
                    })
                }
                "ed25519" => key = Some(VectorKey::Ed25519(value.try_into().ok()?)),
                "oct" => key = Some(VectorKey::Oct(value)),
                "msg" => msg = Some(value),
                "sig" => sig = Some(value),
                _ => return None,
            }
        }
        Some(Vector {
            alg: alg?,
            key: key?,
            msg: msg?,
            sig: sig?,
        })
    }
}
