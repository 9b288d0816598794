//! Seeds the fuzz corpora from the fixture corpus and the RFC vectors.
//!
//! Usage: `jwtv-fuzz-seed FIXTURES_DIR CORPUS_DIR`
//!
//! Reads every `*.json` under `FIXTURES_DIR` (suites, keys and vectors; a folder or file that
//! does not exist yet, or does not parse, is skipped) and collects, wherever they appear:
//! * compact tokens: the string values of `token` and `compact` members;
//! * JWKS documents: objects with a `keys` array (a suite's `keysets`);
//! * single JWKs: objects with a `kty` member (`jwk`, `jwk_public`, the key files), each
//!   wrapped as `{"keys":[jwk]}`.
//!
//! Then writes one file per seed, named by a hash of its contents:
//! * `jws_split/`, `verify/`: the tokens;
//! * `header/`: their decoded header segments; `claims/`: their decoded payload segments;
//! * `differential_json/`: both decoded segments;
//! * `jwks/`: the JWKS documents (compact JSON, as written) and wrapped JWKs.
//!
//! `verify_structured` takes `arbitrary` input, which no fixture resembles: it is not seeded.

use std::collections::BTreeSet;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;

#[derive(Default)]
struct Found {
    tokens: BTreeSet<String>,
    jwks: BTreeSet<String>,
}

fn walk(value: &Value, found: &mut Found) {
    match value {
        Value::Object(map) => {
            for (name, v) in map {
                if let (Value::String(s), "token" | "compact") = (v, name.as_str()) {
                    found.tokens.insert(s.clone());
                }
            }
            if matches!(map.get("keys"), Some(Value::Array(_))) {
                found.jwks.insert(value.to_string());
            }
            if map.contains_key("kty") {
                found.jwks.insert(format!("{{\"keys\":[{value}]}}"));
            }
            map.values().for_each(|v| walk(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, found)),
        _ => {}
    }
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn write_seed(corpus: &Path, target: &str, bytes: &[u8]) -> std::io::Result<bool> {
    if bytes.is_empty() {
        return Ok(false);
    }
    let dir = corpus.join(target);
    fs::create_dir_all(&dir)?;
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    let path = dir.join(format!("seed-{:016x}", h.finish()));
    if path.exists() {
        return Ok(false);
    }
    fs::write(path, bytes)?;
    Ok(true)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, fixtures, corpus] = args.as_slice() else {
        eprintln!("usage: jwtv-fuzz-seed FIXTURES_DIR CORPUS_DIR");
        std::process::exit(2);
    };
    let (fixtures, corpus) = (Path::new(fixtures), Path::new(corpus));
    let mut files = Vec::new();
    json_files(fixtures, &mut files);
    let mut found = Found::default();
    let mut skipped = 0;
    for file in &files {
        match fs::read(file).map(|b| serde_json::from_slice::<Value>(&b)) {
            Ok(Ok(value)) => walk(&value, &mut found),
            _ => {
                eprintln!("seed: skipping {} (unreadable or not JSON)", file.display());
                skipped += 1;
            }
        }
    }
    let mut written = std::collections::BTreeMap::<&str, usize>::new();
    let mut put = |target: &'static str, bytes: &[u8]| -> std::io::Result<()> {
        if write_seed(corpus, target, bytes)? {
            *written.entry(target).or_default() += 1;
        }
        Ok(())
    };
    for token in &found.tokens {
        put("jws_split", token.as_bytes())?;
        put("verify", token.as_bytes())?;
        let mut segments = token.split('.');
        let decode = |s: Option<&str>| s.and_then(|s| Base64UrlUnpadded::decode_vec(s).ok());
        if let Some(header) = decode(segments.next()) {
            put("header", &header)?;
            put("differential_json", &header)?;
        }
        if let Some(payload) = decode(segments.next()) {
            put("claims", &payload)?;
            put("differential_json", &payload)?;
        }
    }
    for doc in &found.jwks {
        put("jwks", doc.as_bytes())?;
    }
    eprintln!(
        "seed: {} JSON files read ({skipped} skipped), {} tokens, {} JWKS documents; new seeds: {written:?}",
        files.len(),
        found.tokens.len(),
        found.jwks.len()
    );
    Ok(())
}
