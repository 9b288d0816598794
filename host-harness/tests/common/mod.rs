//! Shared by the integration tests: the binary, scratch directories, the fixed test keys in
//! `tests/data/`, and signing.
#![allow(dead_code)] // each test file uses a different part

use core::sync::atomic::{AtomicUsize, Ordering};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Map, Value, json};

/// Fixed test keys (public, test-only material; never use them anywhere else).
pub const RSA_KEY: &str = "rsa-2048.json";
pub const RSA_KEY_B: &str = "rsa-2048-b.json";
pub const EC_KEY: &str = "ec-p256.json";
pub const EC_KEY_B: &str = "ec-p256-b.json";
pub const HS_KEY: &str = "oct-64.json";

/// A time all the fixed tokens below are valid at.
pub const NOW: u64 = 1_700_000_000;

/// The `tests/data` directory.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
}

/// A private test JWK from `tests/data`.
pub fn private_key(name: &str) -> Value {
    let text = std::fs::read_to_string(data_dir().join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The public half of a JWK (what an issuer publishes).
pub fn public_key(private: &Value) -> Value {
    let mut public = private.as_object().unwrap().clone();
    for member in ["d", "p", "q", "dp", "dq", "qi"] {
        public.remove(member);
    }
    Value::Object(public)
}

/// A JWKS of the public halves of these private keys (HMAC secrets stay: they are shared).
pub fn jwks(private: &[&Value]) -> Value {
    json!({ "keys": private.iter().map(|k| public_key(k)).collect::<Vec<_>>() })
}

/// Signs `claims` (serialized compactly) with `key`, adding `header` members.
pub fn sign_with(key: &Value, alg: &str, header: &Value, claims: &Value) -> String {
    let header: Map<String, Value> = header.as_object().cloned().unwrap_or_default();
    host_harness::jose::sign(key, alg, &header, &serde_json::to_vec(claims).unwrap()).unwrap()
}

/// Signs `claims` with `key` and no extra header.
pub fn sign(key: &Value, alg: &str, claims: &Value) -> String {
    sign_with(key, alg, &json!({}), claims)
}

/// A fresh, empty scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("host-harness-{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `value` as pretty JSON to `path`.
pub fn write_json(path: &Path, value: &Value) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `jwtv` with `args` in `dir` (the repository root if `None`), feeding `stdin`.
pub fn harness_in(dir: Option<&Path>, args: &[&str], stdin: Option<&str>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jwtv"));
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let mut child = command.spawn().unwrap();
    {
        let mut pipe = child.stdin.take().unwrap();
        if let Some(input) = stdin {
            pipe.write_all(input.as_bytes()).unwrap();
        }
    }
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Runs `jwtv` with `args`.
pub fn harness(args: &[&str]) -> Run {
    harness_in(None, args, None)
}

/// A path as a `&str` argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Whether the verifier's real RSA module has landed (its placeholder rejects every signature);
/// RSA-valid checks are skipped until it has.
pub fn rsa_ready() -> bool {
    static READY: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *READY.get_or_init(|| {
        let key = private_key(RSA_KEY);
        let token = sign(&key, "RS256", &json!({}));
        let jwks = serde_json::to_vec(&jwks(&[&key])).unwrap();
        let (keys, _) = jwtv::KeySet::<1>::from_jwks(&jwks).unwrap();
        let policy = jwtv::Policy::jws(&[jwtv::Algorithm::RS256]);
        let mut buffer = jwtv::TokenBuffer::<4096>::new();
        jwtv::verify(token.as_bytes(), &keys, &policy, 0, &mut buffer).is_ok()
    })
}

/// Policy strings with backslashes, quotes, control characters and non-ASCII text: a verifier
/// that compared the escaped JSON text of a claim with them (instead of its decoded value) would
/// accept or refuse the wrong tokens.
pub const TRICKY: &[&str] = &[
    r"C:\temp",  // a literal backslash: the JSON text `C:\temp` decodes to a TAB
    "C:\temp",   // a real TAB
    r#"a"b"#,    // a quote
    r#"a\"b"#,   // a backslash before a quote
    "ü/ẞ",       // non-ASCII and a slash
    "rp1",       // spelled `rp\u0031` too
    r"\u00fc",   // text that looks like an escape
    "ü",         // what that escape decodes to
    "😀\u{0}\\", // beyond the BMP, a NUL, a backslash
    "https://op.example",
];

/// How a JSON string literal is spelled in a generated token.
#[derive(Clone, Copy, Debug)]
pub enum Spelling {
    /// serde_json's own escaping.
    Canonical,
    /// Every character one of its legal spellings, chosen from the seed: raw where allowed, a
    /// short escape (`\\`, `\"`, `\/`, `\t`, …) or `\u` with lower- or upper-case hex.
    Mixed(u64),
    /// The string between quotes, unescaped: the JSON text equals the string, but it decodes to
    /// something else (or is not JSON at all) as soon as it holds `\` or `"`.
    RawText,
}

/// `s` as a JSON string literal spelled `how`.
pub fn spell(s: &str, how: Spelling) -> String {
    match how {
        Spelling::Canonical => Value::String(s.to_owned()).to_string(),
        Spelling::RawText => format!("\"{s}\""),
        Spelling::Mixed(seed) => {
            let mut x = seed | 1;
            let mut next = move || {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x
            };
            let mut out = String::from("\"");
            for c in s.chars() {
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
                let raw_ok = c != '"' && c != '\\' && c >= ' ';
                match (next() % 3, short) {
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
    }
}
