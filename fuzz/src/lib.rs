//! Shared pieces of the fuzz targets: fixed test keys, token signers, the error-code invariant,
//! post-conditions of an accepted token, and independent reference implementations (base64url,
//! strict JSON on top of `serde_json`) used as oracles.
//!
//! Every key here is a public, fuzz-only test key.

use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use base64ct::{Base64UrlUnpadded, Encoding};
use hmac::{Hmac, KeyInit, Mac};
use p256::ecdsa::signature::Signer;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use sha2::Digest;
use jwtv::{
    Algorithm, Error, HashAlg, IdTokenSource, JsonStr, Key, KeyKind, Policy, Profile, Verified,
};

/// The pinned "now" of every target (2023-11-14T22:13:20Z).
pub const NOW: u64 = 1_700_000_000;
/// The issuer, client id, nonce, access token and code of the fixed policies.
pub const ISS: &str = "https://issuer.example";
pub const CLIENT: &str = "client-1";
pub const NONCE: &str = "n-0S6_WzA2Mj";
pub const ACCESS_TOKEN: &str = "jHkWEdUXMU1BwAsC4vtUsZwnNc";
pub const CODE: &str = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk";
/// The resource server of the access-token policy.
pub const RESOURCE: &str = "https://api.example";

/// The fuzz-only HMAC secret (32 bytes: HS256 only).
pub const HS_SECRET: &[u8; 32] = b"fuzz-only-hs256-secret-000000001";
/// `kid`s of the two fixed keys.
pub const HS_KID: &str = "hs";
pub const ES_KID: &str = "es";

/// The fuzz-only P-256 secret scalar.
const ES_SECRET: [u8; 32] = [0x17; 32];

/// Algorithms the fixed policies allow.
pub const ALGS: &[Algorithm] = &[Algorithm::HS256, Algorithm::ES256];
/// Every algorithm the verifier knows (for the signature-only policy of the parser targets).
pub const ALL_ALGS: &[Algorithm] = &Algorithm::ALL;

/// The fixed key set: the HMAC key (`kid` "hs") and the P-256 key (`kid` "es").
pub fn keys() -> &'static [Key<'static>] {
    static KEYS: OnceLock<Vec<Key<'static>>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let point = es_public();
        vec![
            Key::oct(HS_SECRET)
                .and_then(|k| k.with_kid(HS_KID))
                .expect("HS key"),
            Key::ec_p256(point).with_kid(ES_KID).expect("ES key"),
        ]
    })
}

/// The same two keys without `kid`s, with their `alg` pinned.
pub fn keys_without_kid() -> &'static [Key<'static>] {
    static KEYS: OnceLock<Vec<Key<'static>>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let point = es_public();
        vec![
            Key::oct(HS_SECRET)
                .and_then(|k| k.with_alg(Algorithm::HS256))
                .expect("HS key"),
            Key::ec_p256(point)
                .with_alg(Algorithm::ES256)
                .expect("ES key"),
        ]
    })
}

/// One set of policy strings (issuer, client id, nonce, resource server) and `kid`s of the two
/// fixed keys. Set 0 is the plain one; the others hold backslashes, quotes, control characters
/// and non-ASCII text, so that a comparison of escaped JSON text against a policy string (rather
/// than of decoded values) shows.
#[derive(Clone, Copy, Debug)]
pub struct Names {
    pub iss: &'static str,
    pub client: &'static str,
    pub nonce: &'static str,
    pub resource: &'static str,
    pub hs_kid: &'static str,
    pub es_kid: &'static str,
}

pub const NAME_SETS: &[Names] = &[
    Names {
        iss: ISS,
        client: CLIENT,
        nonce: NONCE,
        resource: RESOURCE,
        hs_kid: HS_KID,
        es_kid: ES_KID,
    },
    // A literal backslash (the text `C:\temp` decodes to a TAB), a quote, non-ASCII.
    Names {
        iss: r"C:\temp",
        client: r#"a"b"#,
        nonce: "ü/ẞ",
        resource: r"https:\/\/api.example",
        hs_kid: r"h\s",
        es_kid: "é\"s",
    },
    // A real TAB (what the text `C:\temp` decodes to), `rp1` (which `rp\u0031` spells).
    Names {
        iss: "C:\temp",
        client: "rp1",
        nonce: r#"n\"0"#,
        resource: "ü/ẞ",
        hs_kid: "hs1",
        es_kid: "\u{1F600}",
    },
    // Text that looks like an escape (`\u00fc`), a backslash before a quote, a NUL.
    Names {
        iss: r"https://issuer.example/\u00fc",
        client: "ü",
        nonce: "\u{0}\"\\/\u{1F600}",
        resource: "a\"b\\c",
        hs_kid: r"\u0068s",
        es_kid: "e\ns",
    },
];

/// The two fixed keys with the `kid`s of `NAME_SETS[set]`.
pub fn keys_named(set: usize) -> &'static [Key<'static>] {
    static KEYS: OnceLock<Vec<Vec<Key<'static>>>> = OnceLock::new();
    let all = KEYS.get_or_init(|| {
        let point = es_public();
        NAME_SETS
            .iter()
            .map(|n| {
                vec![
                    Key::oct(HS_SECRET)
                        .and_then(|k| k.with_kid(n.hs_kid))
                        .expect("HS key"),
                    Key::ec_p256(point).with_kid(n.es_kid).expect("ES key"),
                ]
            })
            .collect()
    });
    &all[set % all.len()]
}

/// The fixture keys (public halves of `fixtures/keys/`) and the RFC 7515 A.1/A.3 keys, as two
/// JWKS documents (a document that publishes public keys never yields a secret, so the HMAC
/// secrets are a document of their own): seeds from the fixture corpus verify against these.
pub const FIXTURE_JWKS: &str = r#"{"keys":[
{"kty":"EC","kid":"p256-a","crv":"P-256","x":"jDTaZQs_MR2PvAgvvKe4pfT2WVypkwU6Gpn5POyuY6g","y":"L2fQamEvvpt_0FIbfG09_4Gv0EaYjaHdCiu9Mrz5SCA"},
{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}
]}"#;
pub const FIXTURE_SECRETS_JWKS: &str = r#"{"keys":[
{"kty":"oct","kid":"hs-32","k":"xEODmYeF9sFXbfAHGyv96cQiHEy5l8WlLbih4dgGuf8"},
{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}
]}"#;

/// [`FIXTURE_SECRETS_JWKS`] and [`FIXTURE_JWKS`] loaded.
pub fn fixture_keys() -> &'static [Key<'static>] {
    static KEYS: OnceLock<Vec<Key<'static>>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = Vec::new();
        for doc in [FIXTURE_SECRETS_JWKS, FIXTURE_JWKS] {
            let (set, report) =
                jwtv::KeySet::<8>::from_jwks(doc.as_bytes()).expect("fixture JWKS");
            assert_eq!(report.skipped(), 0);
            // The keys borrow the set's storage: keep it for the process.
            let set: &'static jwtv::KeySet<8> = Box::leak(Box::new(set));
            keys.extend(set.iter());
        }
        keys
    })
}

fn es_signing_key() -> &'static p256::ecdsa::SigningKey {
    static SK: OnceLock<p256::ecdsa::SigningKey> = OnceLock::new();
    SK.get_or_init(|| p256::ecdsa::SigningKey::from_slice(&ES_SECRET).expect("P-256 scalar"))
}

/// The fuzz key's public point, `x ‖ y`.
fn es_public() -> &'static [u8; 64] {
    static POINT: OnceLock<[u8; 64]> = OnceLock::new();
    POINT.get_or_init(|| {
        let point = es_signing_key().verifying_key().to_sec1_point(false);
        point.as_bytes()[1..65].try_into().expect("x ‖ y")
    })
}

/// Unpadded base64url.
pub fn b64(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

/// `b64(header) '.' b64(payload)`.
pub fn signing_input(header: &[u8], payload: &[u8]) -> String {
    format!("{}.{}", b64(header), b64(payload))
}

/// HMAC-SHA-256 of `input` under `secret`.
pub fn hmac_sha256(secret: &[u8], input: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(input);
    mac.finalize().into_bytes().to_vec()
}

/// A compact JWS over raw header and payload bytes, HS256 with [`HS_SECRET`].
pub fn hs256_token(header: &[u8], payload: &[u8]) -> Vec<u8> {
    let input = signing_input(header, payload);
    let sig = hmac_sha256(HS_SECRET, input.as_bytes());
    format!("{input}.{}", b64(&sig)).into_bytes()
}

/// ES256 (`r ‖ s`) over `input` with the fixed P-256 key.
pub fn es256_sign(input: &[u8]) -> Vec<u8> {
    let sig: p256::ecdsa::Signature = es_signing_key().sign(input);
    sig.to_bytes().to_vec()
}

/// A compact JWS over raw header and payload bytes, ES256 with the fixed P-256 key.
pub fn es256_token(header: &[u8], payload: &[u8]) -> Vec<u8> {
    let input = signing_input(header, payload);
    let sig = es256_sign(input.as_bytes());
    format!("{input}.{}", b64(&sig)).into_bytes()
}

/// `at_hash` / `c_hash` of `value` for `alg` (OIDC Core §3.1.3.6), computed independently.
pub fn half_hash(hash: HashAlg, value: &str) -> String {
    let digest: Vec<u8> = match hash {
        HashAlg::Sha256 => sha2::Sha256::digest(value.as_bytes()).to_vec(),
        HashAlg::Sha384 => sha2::Sha384::digest(value.as_bytes()).to_vec(),
        HashAlg::Sha512 => sha2::Sha512::digest(value.as_bytes()).to_vec(),
    };
    b64(&digest[..digest.len() / 2])
}

/// The invariant on every rejection: one of the documented codes, and the code round-trips.
pub fn check_error(e: Error) {
    assert!(Error::ALL.contains(&e), "undocumented error {e:?}");
    assert_eq!(
        Error::from_code(e.code()),
        Some(e),
        "code {:?} does not round-trip",
        e.code()
    );
    assert!(!e.explanation().is_empty());
    assert_eq!(e.to_string(), e.code());
}

/// [`check_error`] on the error of a result, if any.
pub fn check_result<T>(r: &Result<T, Error>) {
    if let Err(e) = r {
        check_error(*e);
    }
}

/// A [`JsonStr`] from a validated document decodes consistently every way it can be read, and
/// the same way `serde_json` decodes the same string literal.
pub fn check_json_str(s: JsonStr<'_>) {
    let decoded = s.to_string();
    assert_eq!(s.len(), decoded.len(), "len of {:?}", s.raw());
    assert_eq!(
        s.is_empty(),
        decoded.is_empty(),
        "is_empty of {:?}",
        s.raw()
    );
    assert_eq!(s.chars().count(), decoded.chars().count());
    let mut buf = vec![0u8; decoded.len()];
    assert_eq!(
        s.unescape_into(&mut buf).map(str::to_owned),
        Ok(decoded.clone()),
        "unescape_into of {:?}",
        s.raw()
    );
    if !decoded.is_empty() {
        let mut small = vec![0u8; decoded.len() - 1];
        assert_eq!(s.unescape_into(&mut small), Err(Error::CapacityExceeded));
    }
    match s.as_plain() {
        Some(plain) => {
            assert!(!s.raw().contains('\\'));
            assert_eq!(plain, decoded);
        }
        None => assert!(s.raw().contains('\\')),
    }
    assert!(s == decoded.as_str(), "{:?} != its decoding", s.raw());
    assert!(s == s);
    let _ = format!("{s:?}");
    // The oracle: serde_json's decoding of the same literal.
    let literal = format!("\"{}\"", s.raw());
    match serde_json::from_str::<String>(&literal) {
        Ok(reference) => assert_eq!(decoded, reference, "decoding of {:?}", s.raw()),
        Err(e) => panic!("serde_json rejects a string the verifier validated: {literal:?}: {e}"),
    }
}

/// `media type` comparison of RFC 7515 §4.1.9, written independently of the verifier: ASCII
/// lowercase, then an optional `application/` prefix removed.
pub fn media_type(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    lower
        .strip_prefix("application/")
        .map(str::to_owned)
        .unwrap_or(lower)
}

/// Whether a header whose (decoded) `typ` is `typ` fits a policy of `profile` naming
/// `wanted`: access tokens need `at+jwt` (and `wanted` too, if set); otherwise a named type must
/// be present and equal; ID tokens and JWTs without a named type take only an absent `typ` or
/// `JWT`; a bare JWS takes anything.
pub fn ref_typ_fits(profile: Profile, wanted: Option<&str>, typ: Option<&str>) -> bool {
    let is = |t: &str, w: &str| media_type(t) == media_type(w);
    match (profile, wanted, typ) {
        (Profile::AccessToken, _, None) => false,
        (Profile::AccessToken, w, Some(t)) => is(t, "at+jwt") && w.is_none_or(|w| is(t, w)),
        (_, Some(w), t) => t.is_some_and(|t| is(t, w)),
        (Profile::LogoutToken, None, t) => t.is_none_or(|t| is(t, "logout+jwt")),
        (Profile::IdToken | Profile::Jwt, None, t) => t.is_none_or(|t| is(t, "JWT")),
        (_, None, _) => true,
    }
}

/// The hash of `alg` for `at_hash`/`c_hash`, read off the algorithm's name (independent of
/// `Algorithm::hash`).
pub fn ref_hash(alg: Algorithm) -> HashAlg {
    let name = alg.name();
    // EdDSA and Ed25519 (RFC 9864): SHA-512, the hash Ed25519 is built on (the verifier's
    // documented choice for at_hash/c_hash; OpenID Connect Core names none).
    if name == "EdDSA" || name == "Ed25519" || name.ends_with("512") {
        HashAlg::Sha512
    } else if name.ends_with("384") {
        HashAlg::Sha384
    } else {
        assert!(name.ends_with("256"), "no hash for {name}");
        HashAlg::Sha256
    }
}

/// A JSON value as `serde_json` decodes it, keeping only what the string oracles need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dv {
    /// A string, unescaped by `serde_json`.
    Str(String),
    /// An array.
    Arr(Vec<Dv>),
    /// Anything else (numbers, booleans, null, objects).
    Other,
}

impl<'de> Deserialize<'de> for Dv {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DvVisitor)
    }
}

struct DvVisitor;

impl<'de> Visitor<'de> for DvVisitor {
    type Value = Dv;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Dv, E> {
        Ok(Dv::Other)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Dv, E> {
        Ok(Dv::Other)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Dv, E> {
        Ok(Dv::Other)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Dv, E> {
        Ok(Dv::Other)
    }
    fn visit_unit<E>(self) -> Result<Dv, E> {
        Ok(Dv::Other)
    }
    fn visit_str<E>(self, s: &str) -> Result<Dv, E> {
        Ok(Dv::Str(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Dv, E> {
        Ok(Dv::Str(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Dv, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Dv>()? {
            items.push(item);
        }
        Ok(Dv::Arr(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dv, A::Error> {
        // An object, or an arbitrary-precision number (a one-member map): neither is read.
        while map.next_key::<de::IgnoredAny>()?.is_some() {
            map.next_value::<de::IgnoredAny>()?;
        }
        Ok(Dv::Other)
    }
}

/// The top-level members of a JSON object as `serde_json` decodes them (the last of duplicate
/// names kept, `duplicate` set).
#[derive(Clone, Debug, Default)]
pub struct Decoded {
    pub members: std::collections::BTreeMap<String, Dv>,
    pub duplicate: bool,
}

impl Decoded {
    /// The member `name`.
    pub fn get(&self, name: &str) -> Option<&Dv> {
        self.members.get(name)
    }
    /// The member `name` when it is a string.
    pub fn str(&self, name: &str) -> Option<&str> {
        match self.members.get(name) {
            Some(Dv::Str(s)) => Some(s),
            _ => None,
        }
    }
    /// `aud` as a list of strings (a string is a list of one); `None` when absent or mistyped.
    pub fn audiences(&self) -> Option<Vec<&str>> {
        match self.members.get("aud")? {
            Dv::Str(s) => Some(vec![s.as_str()]),
            Dv::Arr(items) => items
                .iter()
                .map(|i| match i {
                    Dv::Str(s) => Some(s.as_str()),
                    _ => None,
                })
                .collect(),
            Dv::Other => None,
        }
    }
}

impl<'de> Deserialize<'de> for Decoded {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Decoded;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decoded, A::Error> {
                let mut out = Decoded::default();
                while let Some(name) = map.next_key::<String>()? {
                    let value = map.next_value::<Dv>()?;
                    out.duplicate |= out.members.insert(name, value).is_some();
                }
                Ok(out)
            }
        }
        d.deserialize_map(V)
    }
}

/// `doc` decoded by `serde_json` as an object; `Err` with serde_json's message otherwise.
pub fn decode_object(doc: &[u8]) -> Result<Decoded, String> {
    serde_json::from_slice::<Decoded>(doc).map_err(|e| e.to_string())
}

/// Whether `key` may verify `alg`, by the rules of RFC 7518/8725 written out here: the key type
/// of the algorithm family, the key's own `alg` pin, an HMAC secret at least as long as the hash.
pub fn ref_key_allows(key: &Key, alg: Algorithm) -> bool {
    let name = alg.name();
    let kind = match &name[..2] {
        "HS" => KeyKind::Oct,
        "ES" => match &name[2..] {
            "384" => KeyKind::EcP384,
            "512" => KeyKind::EcP521,
            _ => KeyKind::EcP256,
        },
        "Ed" => KeyKind::Ed25519,
        _ => KeyKind::Rsa,
    };
    let hash_len = match ref_hash(alg) {
        HashAlg::Sha256 => 32,
        HashAlg::Sha384 => 48,
        HashAlg::Sha512 => 64,
    };
    key.kind() == kind
        && key.alg().is_none_or(|own| own == alg)
        && (kind != KeyKind::Oct || key.material().len() >= hash_len)
}

/// Everything a token accepted under `policy` with `keys` at `now` must satisfy, checked on the
/// result. String rules are checked on the header and payload as `serde_json` decodes them,
/// never through the verifier's own comparisons.
pub fn check_verified(v: &Verified<'_>, policy: &Policy<'_>, keys: &[Key], now: u64) {
    let header = v.header();
    let alg = header.alg();
    assert!(policy.allows(alg), "accepted alg {alg} outside the policy");
    assert!(policy.algorithms().contains(&alg));
    assert!(alg.is_implemented());
    let header_json = header.json();
    assert!(header_json.starts_with('{') && header_json.ends_with('}'));
    assert!(header_json.len() <= jwtv::MAX_HEADER_LEN);
    if let Some(kid) = header.kid() {
        check_json_str(kid);
    }
    if let Some(typ) = header.typ() {
        check_json_str(typ);
    }
    let hdr = decode_object(header_json.as_bytes())
        .unwrap_or_else(|e| panic!("serde_json refuses an accepted header {header_json:?}: {e}"));
    assert!(!hdr.duplicate, "accepted a header with duplicate names");
    assert_eq!(hdr.str("alg"), Some(alg.name()));

    // kid: the one key carrying exactly the decoded kid, fit for alg; without a kid, the only
    // key fit for alg (or one of them with try_all_keys).
    match hdr.get("kid") {
        None => {
            assert!(header.kid().is_none());
            let fitting = keys.iter().filter(|k| ref_key_allows(k, alg)).count();
            assert!(fitting >= 1, "accepted without a key fit for {alg}");
            if !policy.tries_all_keys() {
                assert_eq!(fitting, 1, "accepted a kid-less token with {fitting} keys");
            }
        }
        Some(Dv::Str(kid)) => {
            assert_eq!(
                header.kid().map(|k| k.to_string()).as_deref(),
                Some(kid.as_str())
            );
            let named: Vec<&Key> = keys
                .iter()
                .filter(|k| k.kid() == Some(kid.as_str()))
                .collect();
            assert_eq!(
                named.len(),
                1,
                "accepted kid {kid:?}: {} keys carry it",
                named.len()
            );
            assert!(!named[0].has_shared_kid(), "accepted a shared kid {kid:?}");
            assert!(
                ref_key_allows(named[0], alg),
                "key {kid:?} does not allow {alg}"
            );
        }
        Some(other) => panic!("accepted a kid that is not a string: {other:?}"),
    }

    // typ, explicit typing.
    let typ = match hdr.get("typ") {
        None => None,
        Some(Dv::Str(t)) => Some(t.as_str()),
        Some(other) => panic!("accepted a typ that is not a string: {other:?}"),
    };
    assert_eq!(header.typ().map(|t| t.to_string()).as_deref(), typ);
    assert!(
        ref_typ_fits(policy.profile(), policy.typ(), typ),
        "typ {typ:?} accepted under {:?} naming {:?}",
        policy.profile(),
        policy.typ()
    );

    let Some(c) = v.claims() else {
        assert_eq!(policy.profile(), Profile::Jws, "claims missing");
        return;
    };
    assert_ne!(policy.profile(), Profile::Jws, "claims read under jws");
    assert!(!v.payload().is_empty(), "empty payload accepted as a JWT");
    let trimmed = std::str::from_utf8(v.payload())
        .expect("accepted payload is UTF-8")
        .trim_matches([' ', '\t', '\n', '\r']);
    assert_eq!(c.json(), trimmed);
    let doc = decode_object(v.payload())
        .unwrap_or_else(|e| panic!("serde_json refuses accepted claims {trimmed:?}: {e}"));
    assert!(!doc.duplicate, "accepted claims with duplicate names");

    // Presence.
    let required: &[&str] = match policy.profile() {
        Profile::Jwt => &["exp"],
        Profile::IdToken => &["iss", "sub", "aud", "exp", "iat"],
        Profile::AccessToken => &["iss", "exp", "aud", "sub", "client_id", "iat", "jti"],
        Profile::LogoutToken => &["iss", "aud", "iat", "exp", "jti", "events"],
        _ => &[],
    };
    // Back-Channel Logout 1.0 §2.4; and no security event passes as an ID token.
    let events = serde_json::from_slice::<serde_json::Value>(v.payload())
        .ok()
        .and_then(|doc| doc.get("events").cloned());
    match policy.profile() {
        Profile::LogoutToken => {
            assert!(
                doc.get("sub").is_some() || doc.get("sid").is_some(),
                "logout token without sub or sid"
            );
            assert!(
                matches!(doc.get("sid"), None | Some(Dv::Str(_))),
                "logout token with a non-string sid"
            );
            assert!(doc.get("nonce").is_none(), "logout token with a nonce");
            let event = events
                .as_ref()
                .and_then(|e| e.as_object())
                .and_then(|e| e.get("http://schemas.openid.net/event/backchannel-logout"));
            assert!(
                event.is_some_and(serde_json::Value::is_object),
                "logout token with events {events:?}"
            );
        }
        Profile::IdToken => assert!(events.is_none(), "ID token with events"),
        _ => {}
    }
    for name in required.iter().chain(policy.required_claims()) {
        assert!(doc.get(name).is_some(), "accepted without {name}");
        assert!(c.contains(name));
    }
    // Strings decode consistently, and as serde_json decodes them.
    for (name, s) in [
        ("iss", c.iss()),
        ("sub", c.sub()),
        ("jti", c.jti()),
        ("azp", c.azp()),
        ("nonce", c.nonce()),
        ("at_hash", c.at_hash()),
        ("c_hash", c.c_hash()),
        ("client_id", c.client_id()),
        ("scope", c.scope()),
    ] {
        if let Some(s) = s {
            check_json_str(s);
        }
        match doc.get(name) {
            None => assert!(s.is_none(), "{name} read from nowhere"),
            Some(Dv::Str(d)) => {
                assert_eq!(
                    s.map(|s| s.to_string()).as_deref(),
                    Some(d.as_str()),
                    "{name}"
                )
            }
            Some(other) => panic!("accepted {name} = {other:?}"),
        }
    }
    let audiences = doc.audiences();
    match (c.aud(), &audiences) {
        (None, None) => assert!(doc.get("aud").is_none(), "accepted a mistyped aud"),
        (Some(aud), Some(reference)) => {
            let all: Vec<String> = aud.iter().map(|a| a.to_string()).collect();
            assert_eq!(&all, reference, "aud decodes differently");
            assert_eq!(aud.len(), all.len());
            assert_eq!(aud.is_empty(), all.is_empty());
            for a in aud.iter() {
                check_json_str(a);
            }
            for a in &all {
                assert!(aud.contains(a));
            }
        }
        (mine, reference) => panic!("aud: verifier {mine:?}, serde_json {reference:?}"),
    }
    // iss, aud, azp, on decoded values.
    if let Some(iss) = policy.issuer() {
        assert_eq!(doc.str("iss"), Some(iss), "accepted another issuer");
    }
    if let Some(wanted) = policy.audience() {
        let aud = audiences.expect("accepted without aud");
        assert!(
            aud.contains(&wanted),
            "accepted {aud:?} for audience {wanted:?}"
        );
        if matches!(policy.profile(), Profile::IdToken | Profile::LogoutToken) {
            assert!(
                aud.iter().all(|a| *a == wanted),
                "ID or logout token with other audiences: {aud:?}"
            );
        }
        if policy.profile() == Profile::IdToken {
            assert!(
                doc.get("azp").is_none() || doc.str("azp") == Some(wanted),
                "accepted azp {:?} for client {wanted:?}",
                doc.get("azp")
            );
        }
    }
    // Time.
    let leeway = policy.leeway();
    let late = now.saturating_sub(leeway);
    let early = now.saturating_add(leeway);
    let ceil = |d: jwtv::NumericDate| d.secs() + u64::from(d.has_fraction());
    for d in [c.exp(), c.nbf(), c.iat(), c.auth_time()]
        .into_iter()
        .flatten()
    {
        assert!(d.secs() <= jwtv::MAX_NUMERIC_DATE);
    }
    if let Some(exp) = c.exp() {
        assert!(late < ceil(exp), "accepted expired: exp {exp}, now {now}");
    }
    if let Some(nbf) = c.nbf() {
        assert!(ceil(nbf) <= early, "accepted before nbf {nbf}");
    }
    if let Some(iat) = c.iat() {
        assert!(ceil(iat) <= early, "accepted iat {iat} in the future");
    }
    if let Some(limit) = policy.max_token_age() {
        let iat = c.iat().expect("max_token_age without iat");
        assert!(late <= iat.secs().saturating_add(limit));
    }
    if let Some(limit) = policy.max_age() {
        let auth_time = c.auth_time().expect("max_age without auth_time");
        assert!(late <= auth_time.secs().saturating_add(limit));
    }
    // nonce, at_hash, c_hash, scopes, on decoded values.
    if let Some(nonce) = policy.nonce()
        && policy.profile() != Profile::LogoutToken
    {
        assert_eq!(doc.str("nonce"), Some(nonce), "accepted another nonce");
    }
    // The hash and nonce rules of the flow (OIDC Core §3.1.3.8, §3.2.2.10-11, §3.3.2.11).
    let (at_rule, c_rule, nonce_sent) = match policy.id_token_source() {
        None => (None, None, None),
        Some(IdTokenSource::TokenEndpoint { access_token }) => {
            (access_token.map(|t| (t, false)), None, None)
        }
        Some(IdTokenSource::Implicit { access_token, nonce }) => {
            (access_token.map(|t| (t, true)), None, Some(nonce))
        }
        Some(IdTokenSource::Hybrid { code, access_token, nonce }) => {
            (access_token.map(|t| (t, true)), Some(code), Some(nonce))
        }
    };
    if let Some(nonce) = nonce_sent {
        assert_eq!(doc.str("nonce"), Some(nonce), "accepted an implicit/hybrid ID token without the nonce sent");
    }
    if let Some((at, required)) = at_rule
        && (required || doc.get("at_hash").is_some())
    {
        let want = half_hash(ref_hash(alg), at);
        assert_eq!(doc.str("at_hash"), Some(want.as_str()), "flow at_hash");
    }
    if let Some(code) = c_rule {
        let want = half_hash(ref_hash(alg), code);
        assert_eq!(doc.str("c_hash"), Some(want.as_str()), "flow c_hash");
    }
    if let Some(at) = policy.access_token_value() {
        let want = half_hash(ref_hash(alg), at);
        assert_eq!(doc.str("at_hash"), Some(want.as_str()), "at_hash");
    }
    if let Some(code) = policy.code() {
        let want = half_hash(ref_hash(alg), code);
        assert_eq!(doc.str("c_hash"), Some(want.as_str()), "c_hash");
    }
    let words: Vec<&str> = doc
        .str("scope")
        .map(|s| s.split(' ').filter(|w| !w.is_empty()).collect())
        .unwrap_or_default();
    for scope in policy.required_scopes() {
        assert!(words.contains(scope), "accepted without scope {scope:?}");
        assert!(c.has_scope(scope));
    }
    for word in &words {
        assert!(c.has_scope(word), "scope lacks {word:?}");
    }
    assert!(!c.has_scope(""));
}

/// Reference strict base64url decoding (RFC 7515 §2), independent of `base64ct`.
pub fn ref_b64_decode(s: &[u8]) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        } as u32)
    }
    if s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    for chunk in s.chunks(4) {
        let mut acc = 0u32;
        for &c in chunk {
            acc = (acc << 6) | val(c)?;
        }
        match chunk.len() {
            4 => out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]),
            3 => {
                if acc & 0b11 != 0 {
                    return None;
                }
                out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]);
            }
            2 => {
                if acc & 0b1111 != 0 {
                    return None;
                }
                out.push((acc >> 4) as u8);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Reference compact-JWS parsing: the three decoded segments, or `None` for `malformed_token`.
/// The payload may be empty (RFC 7515; only the JWT profiles refuse it).
pub fn ref_split(token: &[u8]) -> Option<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    let parts: Vec<&[u8]> = token.split(|&b| b == b'.').collect();
    let [h, p, s] = parts.as_slice() else {
        return None;
    };
    if h.is_empty() {
        return None;
    }
    Some((ref_b64_decode(h)?, ref_b64_decode(p)?, ref_b64_decode(s)?))
}

/// What a strict reading of a JSON document says, built on `serde_json` plus duplicate-name
/// detection (after unescaping) and a nesting count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StrictJson {
    /// A valid object nested `depth` levels (the top object is level 1), no duplicate names, with
    /// at most `open_names` member names open at once (an object's members plus those of the
    /// objects around it).
    Object { depth: usize, open_names: usize },
    /// Valid JSON without duplicates whose top value is not an object.
    NotObject,
    /// A duplicate member name (serde_json::Value would keep the last one).
    Duplicate,
    /// serde_json's own recursion limit (128) was hit.
    RecursionLimit,
    /// Invalid for serde_json.
    Invalid(String),
}

const NUMBER_TOKEN: &str = "$serde_json::private::Number";
const DUPLICATE: &str = "duplicate member name";

struct Probe {
    depth: usize,
    /// The most member names open at once inside this value, its own included.
    open_names: usize,
    object: bool,
}

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ProbeVisitor)
    }
}

struct ProbeVisitor;

impl<'de> Visitor<'de> for ProbeVisitor {
    type Value = Probe;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Probe, E> {
        Ok(Probe::SCALAR)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Probe, E> {
        Ok(Probe::SCALAR)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Probe, E> {
        Ok(Probe::SCALAR)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Probe, E> {
        Ok(Probe::SCALAR)
    }
    fn visit_str<E>(self, _: &str) -> Result<Probe, E> {
        Ok(Probe::SCALAR)
    }
    fn visit_unit<E>(self) -> Result<Probe, E> {
        Ok(Probe::SCALAR)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Probe, A::Error> {
        let mut depth = 0;
        let mut open_names = 0;
        while let Some(p) = seq.next_element::<Probe>()? {
            depth = depth.max(p.depth);
            open_names = open_names.max(p.open_names);
        }
        Ok(Probe {
            depth: depth + 1,
            open_names,
            object: false,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
        let mut seen = HashSet::new();
        let mut depth = 0;
        let mut inner_open = 0;
        let mut first = true;
        while let Some(key) = map.next_key::<String>()? {
            if first && key == NUMBER_TOKEN {
                // arbitrary_precision hands a number over as a one-member map.
                let _: String = map.next_value()?;
                return Ok(Probe::SCALAR);
            }
            first = false;
            if !seen.insert(key) {
                return Err(de::Error::custom(DUPLICATE));
            }
            // A nested value is read while this object's earlier names (and this one) are open.
            let inner = map.next_value::<Probe>()?;
            depth = depth.max(inner.depth);
            inner_open = inner_open.max(seen.len() + inner.open_names);
        }
        Ok(Probe {
            depth: depth + 1,
            open_names: inner_open.max(seen.len()),
            object: true,
        })
    }
}

impl Probe {
    const SCALAR: Probe = Probe {
        depth: 0,
        open_names: 0,
        object: false,
    };
}

/// Reads `doc` strictly; see [`StrictJson`].
pub fn strict_json(doc: &[u8]) -> StrictJson {
    match serde_json::from_slice::<Probe>(doc) {
        Ok(Probe {
            depth,
            open_names,
            object: true,
        }) => StrictJson::Object { depth, open_names },
        Ok(_) => StrictJson::NotObject,
        Err(e) => {
            let msg = e.to_string();
            if msg.contains(DUPLICATE) {
                StrictJson::Duplicate
            } else if msg.contains("recursion limit exceeded") {
                StrictJson::RecursionLimit
            } else {
                StrictJson::Invalid(msg)
            }
        }
    }
}

/// Whether `doc` could confuse `serde_json`'s arbitrary-precision number encoding (a member
/// literally named like its private token): such documents are left out of the comparisons.
pub fn confuses_serde_json(doc: &[u8]) -> bool {
    doc.windows(b"serde_json".len()).any(|w| w == b"serde_json")
}

/// The floor of a JSON number's text, if it is a valid NumericDate (non-negative, not past
/// [`jwtv::MAX_NUMERIC_DATE`]), and whether it has a non-zero fraction: an independent
/// reading by decimal digits.
pub fn ref_numeric_date(text: &str) -> Option<(u64, bool)> {
    if text.starts_with('-') {
        return None;
    }
    let (mantissa, exp) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, "0"),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
    // value = 0.digits... × 10^(int.len() + exp); saturate the exponent.
    let exp_val: i64 = {
        let (neg, d) = match exp.as_bytes().first() {
            Some(b'-') => (true, &exp[1..]),
            Some(b'+') => (false, &exp[1..]),
            _ => (false, exp),
        };
        let mut v: i64 = 0;
        for b in d.bytes() {
            v = (v * 10 + i64::from(b - b'0')).min(1_000_000);
        }
        if neg { -v } else { v }
    };
    let point = int.len() as i64 + exp_val; // digits before the decimal point
    let first_nonzero = digits.iter().position(|&d| d != 0);
    let Some(first_nonzero) = first_nonzero else {
        return Some((0, false));
    };
    let whole_len = point - first_nonzero as i64; // significant whole digits
    if whole_len > 12 {
        return None;
    }
    let mut secs: u64 = 0;
    let mut fraction = false;
    for (i, &d) in digits.iter().enumerate() {
        if (i as i64) < point {
            secs = secs * 10 + u64::from(d);
        } else if d != 0 {
            fraction = true;
        }
    }
    // Trailing zeros implied by the exponent.
    for _ in digits.len() as i64..point.max(digits.len() as i64) {
        secs *= 10;
    }
    (secs <= jwtv::MAX_NUMERIC_DATE).then_some((secs, fraction))
}

/// The registered claims of RFC 7519 / OIDC / RFC 9068 the verifier types strictly.
pub const STRING_CLAIMS: &[&str] = &[
    "iss",
    "sub",
    "azp",
    "nonce",
    "jti",
    "at_hash",
    "c_hash",
    "client_id",
    "scope",
];
pub const DATE_CLAIMS: &[&str] = &["exp", "nbf", "iat", "auth_time"];

/// Whether the registered claims of `doc` (valid JSON, an object) are typed as the verifier
/// requires; `Err` names the first offending claim.
pub fn ref_claims_typed(doc: &serde_json::Map<String, serde_json::Value>) -> Result<(), String> {
    use serde_json::Value;
    for name in STRING_CLAIMS {
        if let Some(v) = doc.get(*name)
            && !v.is_string()
        {
            return Err(format!("{name} is {v}"));
        }
    }
    for name in DATE_CLAIMS {
        match doc.get(*name) {
            None => {}
            Some(Value::Number(n)) => {
                if ref_numeric_date(&n.to_string()).is_none() {
                    return Err(format!("{name} out of range: {n}"));
                }
            }
            Some(v) => return Err(format!("{name} is {v}")),
        }
    }
    match doc.get("aud") {
        None | Some(Value::String(_)) => Ok(()),
        Some(Value::Array(a)) if a.iter().all(Value::is_string) => Ok(()),
        Some(v) => Err(format!("aud is {v}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_numeric_dates() {
        assert_eq!(ref_numeric_date("0"), Some((0, false)));
        assert_eq!(ref_numeric_date("2e9"), Some((2_000_000_000, false)));
        assert_eq!(
            ref_numeric_date("2.0000000005E9"),
            Some((2_000_000_000, true))
        );
        assert_eq!(
            ref_numeric_date("20000000000e-1"),
            Some((2_000_000_000, false))
        );
        assert_eq!(ref_numeric_date("1e-400"), Some((0, true)));
        assert_eq!(
            ref_numeric_date("253402300799.9"),
            Some((253_402_300_799, true))
        );
        assert_eq!(ref_numeric_date("253402300800"), None);
        assert_eq!(ref_numeric_date("1e400"), None);
        assert_eq!(ref_numeric_date("-0"), None);
        assert_eq!(ref_numeric_date("0e999999999"), Some((0, false)));
    }
}

/// Whether the first byte after JSON whitespace is `{`: only then can the verifier's reader
/// run out of nesting budget (it refuses any other top-level value at once, where serde_json
/// reads on and may hit its own recursion limit).
pub fn opens_object(doc: &[u8]) -> bool {
    doc.iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .is_some_and(|&b| b == b'{')
}
