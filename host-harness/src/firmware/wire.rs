//! The firmware's wire format (`firmware/src/wire.rs`): records `<tag> <len>\n<bytes>\n`
//! inside frames `<TAG> <len>\n<body>`, and a fixture case in it, as the runner image and the C
//! interface's tests read it.

use core::fmt::Write as _;

use crate::corpus::fixture::{ResolvedCase, Suite};
use crate::error::InputError;

/// Most entries of one list (algorithms, required claims, required scopes) the firmware takes.
pub const MAX_LIST: usize = 16;

/// The largest case body the firmware reads.
pub const MAX_CASE: usize = 64 * 1024;

/// Appends one record, `"<tag> <len>\n" value "\n"`, of the firmware's wire format.
pub fn record(out: &mut Vec<u8>, tag: &str, value: &[u8]) {
    let _ = writeln!(StringSink(out), "{tag} {}", value.len());
    out.extend_from_slice(value);
    out.push(b'\n');
}

/// Appends one frame, `"<tag> <len>\n" body`, of the firmware's wire format.
pub fn frame(out: &mut Vec<u8>, tag: &str, body: &[u8]) {
    let _ = writeln!(StringSink(out), "{tag} {}", body.len());
    out.extend_from_slice(body);
}

/// `write!` into a byte vector.
struct StringSink<'a>(&'a mut Vec<u8>);

impl core::fmt::Write for StringSink<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

fn list<'a>(
    out: &mut Vec<u8>,
    tag: &str,
    items: impl ExactSizeIterator<Item = &'a str>,
    case: &str,
) -> Result<(), String> {
    if items.len() > MAX_LIST {
        return Err(format!(
            "case {case}: more than {MAX_LIST} `{tag}` entries, which the firmware cannot take"
        ));
    }
    for item in items {
        record(out, tag, item.as_bytes());
    }
    Ok(())
}

/// Encodes one case (its JWKS, policy and token) for the firmware.
fn encode_case(
    jwks: &[u8],
    secrets: Option<&[u8]>,
    case: &ResolvedCase,
) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    let s = &case.settings;
    record(&mut body, "id", case.id.as_bytes());
    record(&mut body, "jwks", jwks);
    if let Some(secrets) = secrets {
        record(&mut body, "secrets", secrets);
    }
    record(&mut body, "now", case.now.to_string().as_bytes());
    record(&mut body, "leeway", s.leeway.to_string().as_bytes());
    let (profile, issuer, audience) =
        (s.profile.name(), s.issuer.as_deref(), s.audience.as_deref());
    record(&mut body, "profile", profile.as_bytes());
    for (tag, value) in [("issuer", issuer), ("audience", audience)] {
        if let Some(value) = value {
            record(&mut body, tag, value.as_bytes());
        }
    }
    list(
        &mut body,
        "alg",
        s.algorithms.iter().map(|a| a.name()),
        &case.id,
    )?;
    let optional = [
        ("nonce", s.nonce.clone()),
        ("max_age", s.max_age.map(|v| v.to_string())),
        ("max_token_age", s.max_token_age.map(|v| v.to_string())),
        ("access_token", s.access_token.clone()),
        ("code", s.code.clone()),
        (
            "id_token_source",
            s.id_token_source.map(|flow| flow.name().to_owned()),
        ),
        ("typ", s.typ.clone()),
    ];
    for (tag, value) in optional {
        if let Some(value) = value {
            record(&mut body, tag, value.as_bytes());
        }
    }
    list(
        &mut body,
        "required_claim",
        s.required_claims.iter().map(String::as_str),
        &case.id,
    )?;
    list(
        &mut body,
        "required_scope",
        s.required_scopes.iter().map(String::as_str),
        &case.id,
    )?;
    if s.try_all_keys {
        record(&mut body, "try_all_keys", b"true");
    }
    if let Some(depth) = s.max_depth {
        record(&mut body, "max_depth", depth.to_string().as_bytes());
    }
    record(&mut body, "token", case.token.as_bytes());
    if body.len() > MAX_CASE {
        return Err(format!(
            "case {}: {} bytes encoded, over the firmware's {MAX_CASE}",
            case.id,
            body.len()
        ));
    }
    Ok(body)
}

/// Encodes every case of `suites`, in order, each in a `CASE` frame after the records `extra`
/// appends to its body; and how many cases.
///
/// # Errors
/// [`InputError`] naming the suite's file and the case the firmware could not take.
pub fn encode_cases(
    suites: &[Suite],
    mut extra: impl FnMut(&Suite, &ResolvedCase, &mut Vec<u8>),
) -> Result<(Vec<u8>, usize), InputError> {
    let mut out = Vec::new();
    let mut count = 0usize;
    for suite in suites {
        for case in &suite.cases {
            let jwks = suite
                .keysets
                .get(&case.keyset)
                .map_or(&b"{\"keys\":[]}"[..], Vec::as_slice);
            let secrets = suite.secrets.get(&case.keyset).map(Vec::as_slice);
            let mut body = encode_case(jwks, secrets, case)
                .map_err(|e| InputError::in_file(&suite.file, e))?;
            extra(suite, case, &mut body);
            frame(&mut out, "CASE", &body);
            count = count.saturating_add(1);
        }
    }
    Ok((out, count))
}
