//! Suites shaped like real providers' JWKS documents and tokens (Auth0, Google, Microsoft Entra,
//! Amazon Cognito, Keycloak), built from our own test keys, and suite `appsync` (AWS AppSync /
//! Amplify OIDC authorization: identity and groups claims, iat and auth_time TTLs).

use serde_json::{Value, json};

use crate::common::{NOW, Suite, case, filler, patch, token};
use crate::keys::Keys;
use host_harness::jose::b64;

/// A certificate-looking x5c entry (standard base64 of DER-shaped filler; verifiers ignore x5c).
fn x5c(label: &str) -> String {
    let body = [
        &[0x30u8, 0x82, 0x02, 0xE0, 0x30, 0x82, 0x01, 0xC8][..],
        &filler(label, 728),
    ]
    .concat();
    crate::common::std_b64(&body)
}

/// An x5t-looking thumbprint (20 bytes, base64url).
fn x5t(label: &str) -> String {
    b64(&filler(label, 20))
}

fn defaults(issuer: &str, audience: &str, profile: &str) -> Value {
    json!({ "now": NOW, "profile": profile, "issuer": issuer, "audience": audience })
}

/// The provider-shaped key sets, written also as standalone JWKS documents (for `verify --jwks`
/// and `provision --jwks`): the suite's file, its published keyset, the standalone file.
pub const PUBLISHED: [(&str, &str, &str); 5] = [
    ("providers/auth0.json", "jwks", "providers/jwks/auth0.json"),
    (
        "providers/google.json",
        "jwks",
        "providers/jwks/google.json",
    ),
    ("providers/entra.json", "jwks", "providers/jwks/entra.json"),
    (
        "providers/cognito.json",
        "jwks",
        "providers/jwks/cognito.json",
    ),
    (
        "providers/keycloak.json",
        "certs",
        "providers/jwks/keycloak.json",
    ),
];

/// The standalone JWKS of the plain test keys a token signed with `jwtv sign --jwk
/// fixtures/keys/<kid>.json` verifies against: every usable asymmetric key, public members only.
pub const TEST_KEYS_FILE: &str = "providers/jwks/test-keys.json";

/// The test keys in [`TEST_KEYS_FILE`] (the weak and ROCA keys would be skipped; secrets are
/// never published).
const TEST_KEYS: [&str; 13] = [
    "rsa2048-a",
    "rsa2048-b",
    "rsa2048-c",
    "rsa3072",
    "rsa4096",
    "p256-a",
    "p256-b",
    "p384-a",
    "p384-b",
    "p521-a",
    "p521-b",
    "ed25519-a",
    "ed25519-b",
];

/// Every standalone JWKS file: its path under `fixtures/` and its document.
pub fn standalone_jwks(suites: &[Suite], keys: &Keys) -> Vec<(&'static str, Value)> {
    let mut out: Vec<(&'static str, Value)> = PUBLISHED
        .iter()
        .map(|(suite_file, keyset, file)| {
            let suite = suites
                .iter()
                .find(|s| s.file == *suite_file)
                .unwrap_or_else(|| panic!("no suite {suite_file}"));
            let doc = suite
                .keyset_doc_of(keyset)
                .unwrap_or_else(|| panic!("{suite_file}: no keyset {keyset}"));
            (*file, doc.clone())
        })
        .collect();
    let test_keys: Vec<Value> = TEST_KEYS.iter().map(|kid| keys.public(kid)).collect();
    out.push((TEST_KEYS_FILE, json!({ "keys": test_keys })));
    out
}

pub fn auth0(keys: &Keys) -> Suite {
    const ISS: &str = "https://tenant.eu.auth0.example/";
    const CLIENT: &str = "Xy7pQ2mVn4RkT9sLw3HbA6cDe8FgJ1Kz";
    let mut s = Suite::new(
        "providers/auth0.json",
        "provider-auth0",
        "Auth0-shaped tenant: a JWKS of two RS256 signing keys (current and next) with x5c/x5t, an issuer with a trailing slash, and HS256 ID tokens keyed with the client secret",
        defaults(ISS, CLIENT, "id_token"),
    );
    let kid_cur = "NjVBRjY5MDlCMUIwNzU4RTA2QzZFMDQ4QzQ2MDAyQjVDNjk1RTM2Qg";
    let kid_next = "QjQ3RjcxNzE3QzU5OTZGNzI1MDZCMjgxNDZDNjRDNTJFNDk2NTcwMA";
    let entry = |kid: &str, key: &str| json!({ "alg": "RS256", "kty": "RSA", "use": "sig", "n": keys.public(key)["n"], "e": keys.public(key)["e"], "kid": kid, "x5t": x5t(kid), "x5c": [x5c(kid)] });
    s.keyset(
        "jwks",
        vec![entry(kid_cur, "rsa2048-a"), entry(kid_next, "rsa2048-b")],
    );
    s.keyset(
        "client-secret",
        vec![keys.public_with("client-secret", json!({ "kid": null, "alg": "HS256" }))],
    );
    let claims = json!({ "nickname": "alice", "name": "alice@example.com", "email": "alice@example.com", "email_verified": true, "iss": ISS, "aud": CLIENT, "iat": NOW - 30, "exp": NOW + 36_000, "sub": "auth0|64a1f0c2e4b0a1b2c3d4e5f6", "sid": "Jc5Zq0pvR3sI9fqS1x", "nonce": "bm9uY2UtYXV0aDA" });
    let cur = keys.private_as("rsa2048-a", Some(kid_cur));
    let next = keys.private_as("rsa2048-b", Some(kid_next));
    let src = "Auth0-shaped JWKS and ID token; OpenID Connect Core 1.0 s3.1.3.7";
    let out = json!({ "sub": "auth0|64a1f0c2e4b0a1b2c3d4e5f6", "email": "alice@example.com", "email_verified": true });
    let typ = json!({ "typ": "JWT" });
    let rows: Vec<(&str, &str, String, &str, Value, &str)> = vec![
        (
            "rs256-current-key",
            "RS256 ID token signed by the current key",
            token(&cur, "RS256", typ.clone(), &claims),
            "jwks",
            json!({ "nonce": "bm9uY2UtYXV0aDA" }),
            "valid",
        ),
        (
            "rs256-next-key",
            "RS256 ID token signed by the next key after rotation",
            token(&next, "RS256", typ.clone(), &claims),
            "jwks",
            json!({}),
            "valid",
        ),
        (
            "rs256-no-kid",
            "RS256 ID token without kid: two keys fit",
            token(
                &keys.private_as("rsa2048-a", None),
                "RS256",
                typ.clone(),
                &claims,
            ),
            "jwks",
            json!({}),
            "ambiguous_key",
        ),
        (
            "rs256-unknown-kid",
            "RS256 ID token from another tenant's key",
            token(keys.private("rsa2048-c"), "RS256", typ.clone(), &claims),
            "jwks",
            json!({}),
            "key_not_found",
        ),
        (
            "issuer-without-trailing-slash",
            "iss without Auth0's trailing slash",
            token(
                &cur,
                "RS256",
                typ.clone(),
                &patch(&claims, json!({ "iss": "https://tenant.eu.auth0.example" })),
            ),
            "jwks",
            json!({}),
            "issuer_mismatch",
        ),
        (
            "hs256-client-secret",
            "HS256 ID token keyed with the client secret (Auth0 'HS256' applications)",
            token(
                &keys.private_as("client-secret", None),
                "HS256",
                typ.clone(),
                &claims,
            ),
            "client-secret",
            json!({}),
            "valid",
        ),
        (
            "hs256-against-jwks",
            "HS256 ID token checked against the RS256 JWKS",
            token(
                &keys.private_as("client-secret", None),
                "HS256",
                typ.clone(),
                &claims,
            ),
            "jwks",
            json!({}),
            "key_not_found",
        ),
        (
            "ps256-key-restricted-to-rs256",
            "PS256 ID token signed by the current key, whose JWK says alg RS256",
            token(&cur, "PS256", typ.clone(), &claims),
            "jwks",
            json!({}),
            "key_not_found",
        ),
        (
            "expired",
            "ID token that expired an hour ago",
            token(
                &cur,
                "RS256",
                typ.clone(),
                &patch(&claims, json!({ "exp": NOW - 3600, "iat": NOW - 39_600 })),
            ),
            "jwks",
            json!({}),
            "expired",
        ),
        (
            "access-token-api-audience",
            "an Auth0 access token (aud [API, userinfo], typ at+jwt) offered as the ID token",
            token(
                &cur,
                "RS256",
                json!({ "typ": "at+jwt" }),
                &json!({ "iss": ISS, "sub": "auth0|64a1f0c2e4b0a1b2c3d4e5f6", "aud": ["https://api.example", "https://tenant.eu.auth0.example/userinfo"], "iat": NOW - 30, "exp": NOW + 86_400, "scope": "openid profile", "azp": CLIENT, "client_id": CLIENT, "jti": "a0-1" }),
            ),
            "jwks",
            json!({}),
            "type_mismatch",
        ),
    ];
    for (id, what, tok, keyset, policy, expect) in rows {
        let mut c = case(id, what, src)
            .token(tok)
            .keyset(keyset)
            .policy(policy)
            .expect(expect);
        if expect == "valid" {
            c = c.claims(out.clone());
        }
        s.add(c);
    }
    s
}

pub fn google(keys: &Keys) -> Suite {
    const ISS: &str = "https://accounts.google.com";
    const CLIENT: &str = "1234567890-abc123def456.apps.googleusercontent.com";
    let mut s = Suite::new(
        "providers/google.json",
        "provider-google",
        "Google-shaped: a JWKS of two RS256 keys with 40-hex-digit kids, ID tokens with azp, email and hd claims",
        defaults(ISS, CLIENT, "id_token"),
    );
    let k1 = "a50f6e70ef4b548a5fd9142eecd1fb8f54dce9ee";
    let k2 = "c7e04465649ffa606557650c7e65f0a87ae00fe8";
    let entry = |kid: &str, key: &str| json!({ "e": keys.public(key)["e"], "kty": "RSA", "use": "sig", "n": keys.public(key)["n"], "alg": "RS256", "kid": kid });
    s.keyset("jwks", vec![entry(k1, "rsa2048-a"), entry(k2, "rsa2048-b")]);
    let claims = json!({ "iss": ISS, "azp": CLIENT, "aud": CLIENT, "sub": "110169484474386276334", "hd": "example.com", "email": "alice@example.com", "email_verified": true, "at_hash": "HK6E_P6Dh8Y93mRNtsDB1Q", "nonce": "0394852-3190485-2490358", "name": "Alice Example", "iat": NOW - 5, "exp": NOW + 3595 });
    let key1 = keys.private_as("rsa2048-a", Some(k1));
    let key2 = keys.private_as("rsa2048-b", Some(k2));
    let src = "Google-shaped JWKS and ID token; OpenID Connect Core 1.0 s3.1.3.7";
    let out = json!({ "sub": "110169484474386276334", "email": "alice@example.com", "hd": "example.com" });
    let h = json!({ "typ": "JWT" });
    let rows: Vec<(&str, &str, String, Value, &str)> = vec![
        (
            "rs256-first-key",
            "RS256 ID token signed by the first key",
            token(&key1, "RS256", h.clone(), &claims),
            json!({ "nonce": "0394852-3190485-2490358" }),
            "valid",
        ),
        (
            "rs256-second-key",
            "RS256 ID token signed by the second key",
            token(&key2, "RS256", h.clone(), &claims),
            json!({}),
            "valid",
        ),
        (
            "issuer-without-scheme",
            "iss accounts.google.com (Google's other spelling) when the client expects the https form",
            token(
                &key1,
                "RS256",
                h.clone(),
                &patch(&claims, json!({ "iss": "accounts.google.com" })),
            ),
            json!({}),
            "issuer_mismatch",
        ),
        (
            "issuer-without-scheme-configured",
            "iss accounts.google.com when the client is configured for exactly that spelling",
            token(
                &key1,
                "RS256",
                h.clone(),
                &patch(&claims, json!({ "iss": "accounts.google.com" })),
            ),
            json!({ "issuer": "accounts.google.com" }),
            "valid",
        ),
        (
            "azp-other-client",
            "azp names another client of the same project",
            token(
                &key1,
                "RS256",
                h.clone(),
                &patch(
                    &claims,
                    json!({ "azp": "999-other.apps.googleusercontent.com" }),
                ),
            ),
            json!({}),
            "authorized_party_mismatch",
        ),
        (
            "aud-other-client",
            "aud names another client",
            token(
                &key1,
                "RS256",
                h.clone(),
                &patch(
                    &claims,
                    json!({ "aud": "999-other.apps.googleusercontent.com" }),
                ),
            ),
            json!({}),
            "audience_mismatch",
        ),
        (
            "kid-swapped",
            "signed by the first key but naming the second key's kid",
            token(
                &keys.private_as("rsa2048-a", Some(k2)),
                "RS256",
                h.clone(),
                &claims,
            ),
            json!({}),
            "invalid_signature",
        ),
        (
            "expired-with-leeway",
            "expired 10 s ago, 30 s leeway",
            token(
                &key1,
                "RS256",
                h.clone(),
                &patch(&claims, json!({ "exp": NOW - 10, "iat": NOW - 3610 })),
            ),
            json!({ "leeway": 30 }),
            "valid",
        ),
        (
            "expired-beyond-leeway",
            "expired 31 s ago, 30 s leeway",
            token(
                &key1,
                "RS256",
                h.clone(),
                &patch(&claims, json!({ "exp": NOW - 31, "iat": NOW - 3631 })),
            ),
            json!({ "leeway": 30 }),
            "expired",
        ),
        (
            "nonce-replayed",
            "nonce from another sign-in",
            token(&key1, "RS256", h.clone(), &claims),
            json!({ "nonce": "7777777-7777777-7777777" }),
            "nonce_mismatch",
        ),
    ];
    for (id, what, tok, policy, expect) in rows {
        let mut c = case(id, what, src)
            .token(tok)
            .keyset("jwks")
            .policy(policy)
            .expect(expect);
        if expect == "valid" {
            c = c.claims(out.clone());
        }
        s.add(c);
    }
    s
}

pub fn entra(keys: &Keys) -> Suite {
    const TID: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";
    const CLIENT: &str = "6731de76-14a6-49ae-97bc-6eba6914391e";
    let iss = format!("https://login.microsoftonline.com/{TID}/v2.0");
    let mut s = Suite::new(
        "providers/entra.json",
        "provider-entra",
        "Microsoft Entra ID-shaped: a JWKS of several RSA keys without alg, with x5t, x5c and an issuer member; v2.0 ID tokens; Entra access tokens are typ JWT, not RFC 9068 at+jwt",
        defaults(&iss, CLIENT, "id_token"),
    );
    let kids = [
        "L1KfKFI_jnXbwWc22xZxw1sUHH0",
        "nOo3ZDrODXEK1jKWhXslHR_KXEg",
        "KQ2tAcrE7lBaVVGBmc5FobgdJo4",
    ];
    let mut jwks = Vec::new();
    for (kid, key) in kids.iter().zip(["rsa2048-a", "rsa2048-b", "rsa3072"]) {
        jwks.push(json!({ "kty": "RSA", "use": "sig", "kid": kid, "x5t": kid, "n": keys.public(key)["n"], "e": keys.public(key)["e"], "x5c": [x5c(kid)], "issuer": format!("https://login.microsoftonline.com/{{tenantid}}/v2.0") }));
    }
    s.keyset_doc("jwks", json!({ "keys": jwks }));
    let claims = json!({ "aud": CLIENT, "iss": iss, "iat": NOW - 300, "nbf": NOW - 300, "exp": NOW + 3300, "name": "Alice Example", "oid": "00000000-0000-0000-66f3-3332eca7ea81", "preferred_username": "alice@contoso.example", "rh": "0.AAAA", "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", "tid": TID, "uti": "AbCdEf", "ver": "2.0", "nonce": "678910" });
    let h = |kid: &str| json!({ "typ": "JWT", "kid": kid, "x5t": kid });
    let k0 = keys.private_as("rsa2048-a", None);
    let k2 = keys.private_as("rsa3072", None);
    let src = "Microsoft Entra ID-shaped JWKS and v2.0 ID token; OpenID Connect Core 1.0 s3.1.3.7";
    let out =
        json!({ "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", "tid": TID, "ver": "2.0" });
    let rows: Vec<(&str, &str, String, Value, &str)> = vec![
        (
            "rs256-first-key",
            "RS256 ID token, kid and x5t of the first key",
            token(&k0, "RS256", h(kids[0]), &claims),
            json!({ "nonce": "678910" }),
            "valid",
        ),
        (
            "rs256-3072-key",
            "RS256 ID token signed by the 3072-bit key",
            token(&k2, "RS256", h(kids[2]), &claims),
            json!({}),
            "valid",
        ),
        (
            "ps256-key-without-alg",
            "PS256 ID token: keys without alg may verify any RSA algorithm",
            token(&k0, "PS256", h(kids[0]), &claims),
            json!({}),
            "valid",
        ),
        (
            "no-kid-several-keys",
            "RS256 ID token with only x5t (no kid): three RSA keys fit",
            token(
                &k0,
                "RS256",
                json!({ "typ": "JWT", "x5t": kids[0] }),
                &claims,
            ),
            json!({}),
            "ambiguous_key",
        ),
        (
            "no-kid-try-all-keys",
            "RS256 ID token with only x5t, the policy tries every key",
            token(
                &k0,
                "RS256",
                json!({ "typ": "JWT", "x5t": kids[0] }),
                &claims,
            ),
            json!({ "try_all_keys": true }),
            "valid",
        ),
        (
            "other-tenant-issuer",
            "iss of another tenant (multi-tenant apps must not accept it by default)",
            token(
                &k0,
                "RS256",
                h(kids[0]),
                &patch(
                    &claims,
                    json!({ "iss": "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0", "tid": "72f988bf-86f1-41af-91ab-2d7cd011db47" }),
                ),
            ),
            json!({}),
            "issuer_mismatch",
        ),
        (
            "templated-issuer",
            "iss with the literal {tenantid} template of the JWKS metadata",
            token(
                &k0,
                "RS256",
                h(kids[0]),
                &patch(
                    &claims,
                    json!({ "iss": "https://login.microsoftonline.com/{tenantid}/v2.0" }),
                ),
            ),
            json!({}),
            "issuer_mismatch",
        ),
        (
            "v1-issuer",
            "a v1.0 token issuer (sts.windows.net)",
            token(
                &k0,
                "RS256",
                h(kids[0]),
                &patch(
                    &claims,
                    json!({ "iss": format!("https://sts.windows.net/{TID}/"), "ver": "1.0" }),
                ),
            ),
            json!({}),
            "issuer_mismatch",
        ),
        (
            "not-yet-valid",
            "nbf five minutes ahead",
            token(
                &k0,
                "RS256",
                h(kids[0]),
                &patch(&claims, json!({ "nbf": NOW + 300 })),
            ),
            json!({}),
            "not_yet_valid",
        ),
        (
            "access-token-typ-jwt",
            "an Entra access token (typ JWT, scp claim) at an RFC 9068 resource server",
            token(
                &k0,
                "RS256",
                h(kids[0]),
                &json!({ "aud": "api://resource", "iss": iss, "iat": NOW - 300, "exp": NOW + 3300, "sub": "x", "client_id": CLIENT, "appid": CLIENT, "jti": "j", "scp": "User.Read", "tid": TID }),
            ),
            json!({ "profile": "access_token", "audience": "api://resource" }),
            "type_mismatch",
        ),
        (
            "access-token-as-jwt",
            "the same Entra access token verified as a plain JWT for api://resource",
            token(
                &k0,
                "RS256",
                h(kids[0]),
                &json!({ "aud": "api://resource", "iss": iss, "iat": NOW - 300, "exp": NOW + 3300, "sub": "x", "appid": CLIENT, "scp": "User.Read", "tid": TID }),
            ),
            json!({ "profile": "jwt", "audience": "api://resource" }),
            "valid",
        ),
    ];
    for (id, what, tok, policy, expect) in rows {
        let mut c = case(id, what, src)
            .token(tok)
            .keyset("jwks")
            .policy(policy)
            .expect(expect);
        if expect == "valid" {
            c = c.claims(if id == "access-token-as-jwt" {
                json!({ "sub": "x", "scp": "User.Read" })
            } else {
                out.clone()
            });
        }
        s.add(c);
    }
    s
}

pub fn cognito(keys: &Keys) -> Suite {
    const POOL: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI";
    const CLIENT: &str = "3n4b5urk1ft4fl3mg5e62d9ado";
    let mut s = Suite::new(
        "providers/cognito.json",
        "provider-cognito",
        "Amazon Cognito-shaped user pool: a JWKS of two RS256 keys whose kids are standard base64 (with + / =), ID tokens with token_use and cognito:groups, access tokens without aud",
        json!({ "now": NOW, "profile": "id_token", "issuer": POOL }),
    );
    let k1 = "abcdefghijklmnopqrsexample+/1234567890ABC=";
    let k2 = "fgHIJklmnOPQRstUVwxYZexample/+0987654321Z=";
    let entry = |kid: &str, key: &str| json!({ "alg": "RS256", "e": keys.public(key)["e"], "kid": kid, "kty": "RSA", "n": keys.public(key)["n"], "use": "sig" });
    s.keyset("jwks", vec![entry(k1, "rsa2048-a"), entry(k2, "rsa2048-b")]);
    let id = json!({ "sub": "aaaaaaaa-bbbb-cccc-dddd-example", "cognito:groups": ["admin", "staff"], "email_verified": true, "iss": POOL, "cognito:username": "alice", "origin_jti": "o-1", "aud": CLIENT, "event_id": "e-1", "token_use": "id", "auth_time": NOW - 120, "exp": NOW + 3480, "iat": NOW - 120, "jti": "i-1", "email": "alice@example.com" });
    let access = json!({ "sub": "aaaaaaaa-bbbb-cccc-dddd-example", "cognito:groups": ["admin"], "iss": POOL, "version": 2, "client_id": CLIENT, "origin_jti": "o-1", "token_use": "access", "scope": "openid email", "auth_time": NOW - 120, "exp": NOW + 3480, "iat": NOW - 120, "jti": "a-1", "username": "alice" });
    let key1 = keys.private_as("rsa2048-a", Some(k1));
    let key2 = keys.private_as("rsa2048-b", Some(k2));
    let src = "Amazon Cognito-shaped JWKS and tokens; OpenID Connect Core 1.0 s3.1.3.7";
    let out = json!({ "cognito:username": "alice", "token_use": "id", "email": "alice@example.com", "cognito:groups": ["admin", "staff"] });
    let rows: Vec<(&str, &str, String, Value, &str)> = vec![
        (
            "id-token",
            "RS256 ID token signed by the first key",
            token(&key1, "RS256", json!({}), &id),
            json!({}),
            "valid",
        ),
        (
            "id-token-second-key",
            "RS256 ID token signed by the second key",
            token(&key2, "RS256", json!({}), &id),
            json!({ "max_age": 300 }),
            "valid",
        ),
        (
            "id-token-kid-escaped-solidus",
            "the kid written with \\/ escapes: equal after unescaping",
            {
                let header = format!(r#"{{"kid":"{}","alg":"RS256"}}"#, k1.replace('/', "\\/"));
                crate::common::raw_token(
                    header.as_bytes(),
                    crate::common::text(&id).as_bytes(),
                    &key1,
                    "RS256",
                )
            },
            json!({}),
            "valid",
        ),
        (
            "id-token-kid-url-safe",
            "the kid re-spelled in base64url (- _ instead of + /): another kid",
            token(
                &keys.private_as("rsa2048-a", Some(&k1.replace('+', "-").replace('/', "_"))),
                "RS256",
                json!({}),
                &id,
            ),
            json!({}),
            "key_not_found",
        ),
        (
            "id-token-other-pool",
            "ID token of another user pool",
            token(
                &key1,
                "RS256",
                json!({}),
                &patch(
                    &id,
                    json!({ "iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other" }),
                ),
            ),
            json!({}),
            "issuer_mismatch",
        ),
        (
            "id-token-other-app-client",
            "ID token for another app client",
            token(
                &key1,
                "RS256",
                json!({}),
                &patch(&id, json!({ "aud": "7abcdefghijklmnopqrstuvwxy" })),
            ),
            json!({}),
            "audience_mismatch",
        ),
        (
            "id-token-auth-time-ttl",
            "auth_time two minutes ago, max_age 60 s",
            token(&key1, "RS256", json!({}), &id),
            json!({ "max_age": 60 }),
            "auth_too_old",
        ),
        (
            "access-token-as-id-token",
            "a Cognito access token (no aud, client_id instead) offered as the ID token",
            token(&key1, "RS256", json!({}), &access),
            json!({}),
            "missing_claim",
        ),
        (
            "access-token-rfc9068",
            "a Cognito access token at an RFC 9068 resource server: no typ at+jwt",
            token(&key1, "RS256", json!({}), &access),
            json!({ "profile": "access_token", "audience": CLIENT }),
            "type_mismatch",
        ),
        (
            "access-token-as-jwt",
            "a Cognito access token as a plain JWT, audience not checked (Cognito access tokens carry client_id instead)",
            token(&key1, "RS256", json!({}), &access),
            json!({ "profile": "jwt", "audience": null }),
            "valid",
        ),
    ];
    for (id_, what, tok, policy, expect) in rows {
        // The suite defaults name no audience: the JWT profile case leaves it unchecked.
        let policy = match policy.get("audience") {
            Some(Value::Null) => patch(&policy, json!({ "audience": null })),
            Some(_) => policy,
            None => patch(&policy, json!({ "audience": CLIENT })),
        };
        let mut c = case(id_, what, src)
            .token(tok)
            .keyset("jwks")
            .policy(policy)
            .expect(expect);
        if expect == "valid" {
            c = c.claims(if id_ == "access-token-as-jwt" {
                json!({ "client_id": CLIENT, "token_use": "access" })
            } else {
                out.clone()
            });
        }
        s.add(c);
    }
    s
}

pub fn keycloak(keys: &Keys) -> Suite {
    const ISS: &str = "https://sso.example/realms/demo";
    const CLIENT: &str = "device-app";
    let mut s = Suite::new(
        "providers/keycloak.json",
        "provider-keycloak",
        "Keycloak-shaped realm: the certs endpoint lists an RS256 signing key, ES256, ES384 and ES512 signing keys, an EdDSA (Ed25519) signing key and an RSA-OAEP encryption key (use enc), each with x5c, x5t and x5t#S256 (Ed25519: none, as Keycloak publishes it)",
        defaults(ISS, CLIENT, "id_token"),
    );
    let rs_kid = "Rk9ZWjRQbVRRcW9qeGZ0TnpRYVJfX2VtZ0lXeXl3";
    let ec_kid = "eV9oWmJ4dGZPSkg3cGRtTGFlcjNWSmRrZ0V0bXpr";
    let enc_kid = "cGxBaFhKd1V1T3FtV2lXV2ZYQ0VXbFJDcGV2WGdr";
    let ec_pub = keys.public("p256-a");
    let es384_kid = "UDM4NF9yZWFsbV9rZXlfZXM0ODRfZXhhbXBsZTAx";
    let es512_kid = "UDUyMV9yZWFsbV9rZXlfZXM1MTJfZXhhbXBsZTAx";
    let ed_kid = "RWQyNTUxOV9yZWFsbV9rZXlfZWRkc2FfZXhhbXBs";
    let p384_pub = keys.public("p384-a");
    let p521_pub = keys.public("p521-a");
    let ed_pub = keys.public("ed25519-a");
    s.keyset("certs", vec![
        json!({ "kid": rs_kid, "kty": "RSA", "alg": "RS256", "use": "sig", "x5c": [x5c(rs_kid)], "x5t": x5t(rs_kid), "x5t#S256": b64(&filler(rs_kid, 32)), "n": keys.public("rsa2048-a")["n"], "e": keys.public("rsa2048-a")["e"] }),
        json!({ "kid": enc_kid, "kty": "RSA", "alg": "RSA-OAEP", "use": "enc", "x5c": [x5c(enc_kid)], "x5t": x5t(enc_kid), "x5t#S256": b64(&filler(enc_kid, 32)), "n": keys.public("rsa2048-b")["n"], "e": keys.public("rsa2048-b")["e"] }),
        json!({ "kid": ec_kid, "kty": "EC", "alg": "ES256", "use": "sig", "crv": "P-256", "x": ec_pub["x"], "y": ec_pub["y"], "x5c": [x5c(ec_kid)], "x5t": x5t(ec_kid), "x5t#S256": b64(&filler(ec_kid, 32)) }),
        json!({ "kid": es384_kid, "kty": "EC", "alg": "ES384", "use": "sig", "crv": "P-384", "x": p384_pub["x"], "y": p384_pub["y"], "x5c": [x5c(es384_kid)], "x5t": x5t(es384_kid), "x5t#S256": b64(&filler(es384_kid, 32)) }),
        json!({ "kid": es512_kid, "kty": "EC", "alg": "ES512", "use": "sig", "crv": "P-521", "x": p521_pub["x"], "y": p521_pub["y"], "x5c": [x5c(es512_kid)], "x5t": x5t(es512_kid), "x5t#S256": b64(&filler(es512_kid, 32)) }),
        json!({ "kid": ed_kid, "kty": "OKP", "alg": "EdDSA", "use": "sig", "crv": "Ed25519", "x": ed_pub["x"] }),
    ]);
    let id = json!({ "exp": NOW + 300, "iat": NOW - 5, "auth_time": NOW - 10, "jti": "3c5a7a1e-example", "iss": ISS, "aud": CLIENT, "sub": "f:1b2c:alice", "typ": "ID", "azp": CLIENT, "nonce": "kc-nonce-1", "session_state": "s-1", "at_hash": "x", "acr": "1", "sid": "s-1", "email_verified": true, "preferred_username": "alice", "realm_access": { "roles": ["offline_access", "device-operator"] } });
    let access = json!({ "exp": NOW + 300, "iat": NOW - 5, "jti": "a-1", "iss": ISS, "aud": ["device-api", "account"], "sub": "f:1b2c:alice", "typ": "Bearer", "azp": CLIENT, "client_id": CLIENT, "scope": "openid device:read", "realm_access": { "roles": ["device-operator"] } });
    let rs = keys.private_as("rsa2048-a", Some(rs_kid));
    let ec = keys.private_as("p256-a", Some(ec_kid));
    let enc = keys.private_as("rsa2048-b", Some(enc_kid));
    let src = "Keycloak-shaped certs endpoint and tokens; OpenID Connect Core 1.0 s3.1.3.7";
    let out = json!({ "preferred_username": "alice", "azp": CLIENT, "typ": "ID" });
    let hj = json!({ "typ": "JWT" });
    let rows: Vec<(&str, &str, String, Value, &str)> = vec![
        (
            "id-token-rs256",
            "RS256 ID token (header typ JWT, claim typ ID)",
            token(&rs, "RS256", hj.clone(), &id),
            json!({ "nonce": "kc-nonce-1" }),
            "valid",
        ),
        (
            "id-token-es256",
            "ES256 ID token from the realm's EC key",
            token(&ec, "ES256", hj.clone(), &id),
            json!({ "nonce": "kc-nonce-1" }),
            "valid",
        ),
        (
            "id-token-es384",
            "ES384 ID token from the realm's P-384 key",
            token(
                &keys.private_as("p384-a", Some(es384_kid)),
                "ES384",
                hj.clone(),
                &id,
            ),
            json!({ "nonce": "kc-nonce-1" }),
            "valid",
        ),
        (
            "id-token-es512",
            "ES512 ID token from the realm's P-521 key",
            token(
                &keys.private_as("p521-a", Some(es512_kid)),
                "ES512",
                hj.clone(),
                &id,
            ),
            json!({ "nonce": "kc-nonce-1" }),
            "valid",
        ),
        (
            "id-token-eddsa",
            "EdDSA ID token from the realm's Ed25519 key",
            token(
                &keys.private_as("ed25519-a", Some(ed_kid)),
                "EdDSA",
                hj.clone(),
                &id,
            ),
            json!({ "nonce": "kc-nonce-1" }),
            "valid",
        ),
        (
            "id-token-es384-naming-es256-key",
            "ES384 ID token naming the realm's P-256 key: ES384 selects only P-384 keys",
            token(
                &keys.private_as("p384-a", Some(ec_kid)),
                "ES384",
                hj.clone(),
                &id,
            ),
            json!({ "nonce": "kc-nonce-1" }),
            "key_not_found",
        ),
        (
            "id-token-es256-no-kid",
            "ES256 ID token without kid: the one EC key is used",
            token(&keys.private_as("p256-a", None), "ES256", hj.clone(), &id),
            json!({}),
            "valid",
        ),
        (
            "id-token-rs256-no-kid",
            "RS256 ID token without kid: the encryption key is skipped, so one RSA key fits",
            token(
                &keys.private_as("rsa2048-a", None),
                "RS256",
                hj.clone(),
                &id,
            ),
            json!({}),
            "valid",
        ),
        (
            "signed-by-encryption-key",
            "RS256 ID token signed with the encryption key, naming its kid: use enc keys never verify",
            token(&enc, "RS256", hj.clone(), &id),
            json!({}),
            "key_not_found",
        ),
        (
            "ps256-with-rs256-key",
            "PS256 ID token naming the RS256 key",
            token(&rs, "PS256", hj.clone(), &id),
            json!({}),
            "key_not_found",
        ),
        (
            "es256-naming-rsa-kid",
            "ES256 ID token naming the RSA key's kid",
            token(
                &keys.private_as("p256-a", Some(rs_kid)),
                "ES256",
                hj.clone(),
                &id,
            ),
            json!({}),
            "key_not_found",
        ),
        (
            "other-realm",
            "ID token from another realm of the same server",
            token(
                &ec,
                "ES256",
                hj.clone(),
                &patch(&id, json!({ "iss": "https://sso.example/realms/master" })),
            ),
            json!({}),
            "issuer_mismatch",
        ),
        (
            "azp-other-client",
            "azp names another client",
            token(
                &ec,
                "ES256",
                hj.clone(),
                &patch(&id, json!({ "azp": "admin-cli" })),
            ),
            json!({}),
            "authorized_party_mismatch",
        ),
        (
            "expired-short-lifetime",
            "five-minute token checked six minutes later",
            token(&ec, "ES256", hj.clone(), &id),
            json!({ "now": NOW + 360 }),
            "expired",
        ),
        (
            "access-token-as-jwt",
            "a Keycloak access token (typ JWT header, aud [device-api, account]) as a plain JWT for device-api",
            token(&ec, "ES256", hj.clone(), &access),
            json!({ "profile": "jwt", "audience": "device-api" }),
            "valid",
        ),
        (
            "access-token-rfc9068",
            "a Keycloak access token at an RFC 9068 resource server: header typ JWT, not at+jwt",
            token(&ec, "ES256", hj.clone(), &access),
            json!({ "profile": "access_token", "audience": "device-api" }),
            "type_mismatch",
        ),
        (
            "access-token-as-id-token",
            "a Keycloak access token offered as the ID token: aud lists another audience",
            token(&ec, "ES256", hj.clone(), &access),
            json!({}),
            "audience_mismatch",
        ),
    ];
    for (id_, what, tok, policy, expect) in rows {
        let mut c = case(id_, what, src)
            .token(tok)
            .keyset("certs")
            .policy(policy)
            .expect(expect);
        if expect == "valid" {
            c = c.claims(if id_.starts_with("access") {
                json!({ "client_id": CLIENT, "scope": "openid device:read" })
            } else {
                out.clone()
            });
        }
        s.add(c);
    }
    s
}

pub fn appsync(keys: &Keys) -> Suite {
    const ISS: &str = "https://op.example";
    const CLIENT: &str = "appsync-client";
    let mut s = Suite::new(
        "appsync/appsync.json",
        "appsync",
        "AWS AppSync / Amplify OIDC authorization: ID tokens carrying an identity claim user_id and a groups claim user_groups, with the issued-at TTL (max_token_age) and auth-time TTL (max_age)",
        json!({ "now": NOW, "profile": "id_token", "issuer": ISS, "audience": CLIENT, "required_claims": ["user_id"] }),
    );
    s.keyset(
        "op",
        vec![
            keys.public("rsa2048-a"),
            keys.public("p256-a"),
            keys.public("hs-32"),
        ],
    );
    let base = json!({ "iss": ISS, "sub": "alice", "aud": CLIENT, "exp": NOW + 3600, "iat": NOW - 600, "auth_time": NOW - 1200, "user_id": "u-1001", "user_groups": ["admins", "devices:write"] });
    let ec = keys.private("p256-a");
    let src =
        "AWS AppSync OPENID_CONNECT authorization (iatTTL, authTTL, identity and groups claims)";
    let rows: Vec<(&str, &str, &Value, &str, Value, Value, &str, Value)> = vec![
        (
            "valid-es256",
            "ES256 token with user_id and two groups",
            ec,
            "ES256",
            base.clone(),
            json!({}),
            "valid",
            json!({ "user_id": "u-1001", "sub": "alice", "user_groups": ["admins", "devices:write"] }),
        ),
        (
            "valid-rs256",
            "RS256 token with user_id and two groups",
            keys.private("rsa2048-a"),
            "RS256",
            base.clone(),
            json!({}),
            "valid",
            json!({ "user_id": "u-1001" }),
        ),
        (
            "valid-hs256",
            "HS256 token with user_id and two groups",
            keys.private("hs-32"),
            "HS256",
            base.clone(),
            json!({}),
            "valid",
            json!({ "user_id": "u-1001" }),
        ),
        (
            "numeric-user-id",
            "user_id is a number",
            ec,
            "ES256",
            patch(&base, json!({ "user_id": 1001 })),
            json!({}),
            "valid",
            json!({ "user_id": 1001 }),
        ),
        (
            "groups-empty",
            "user_groups is an empty array",
            ec,
            "ES256",
            patch(&base, json!({ "user_groups": [] })),
            json!({}),
            "valid",
            json!({ "user_id": "u-1001" }),
        ),
        (
            "groups-string",
            "user_groups is a single string (the application decides what it means)",
            ec,
            "ES256",
            patch(&base, json!({ "user_groups": "admins" })),
            json!({}),
            "valid",
            json!({ "user_groups": "admins" }),
        ),
        (
            "groups-required-absent",
            "the policy requires user_groups, absent",
            ec,
            "ES256",
            patch(&base, json!({ "user_groups": null })),
            json!({ "required_claims": ["user_id", "user_groups"] }),
            "missing_claim",
            json!(null),
        ),
        (
            "user-id-absent",
            "user_id absent",
            ec,
            "ES256",
            patch(&base, json!({ "user_id": null })),
            json!({}),
            "missing_claim",
            json!(null),
        ),
        (
            "iat-ttl-within",
            "iat 600 s ago, iatTTL 600 s",
            ec,
            "ES256",
            base.clone(),
            json!({ "max_token_age": 600 }),
            "valid",
            json!({ "user_id": "u-1001" }),
        ),
        (
            "iat-ttl-exceeded",
            "iat 600 s ago, iatTTL 599 s",
            ec,
            "ES256",
            base.clone(),
            json!({ "max_token_age": 599 }),
            "token_too_old",
            json!(null),
        ),
        (
            "iat-ttl-leeway",
            "iat 600 s ago, iatTTL 590 s, 10 s leeway",
            ec,
            "ES256",
            base.clone(),
            json!({ "max_token_age": 590, "leeway": 10 }),
            "valid",
            json!({ "user_id": "u-1001" }),
        ),
        (
            "auth-ttl-within",
            "auth_time 1200 s ago, authTTL 1200 s",
            ec,
            "ES256",
            base.clone(),
            json!({ "max_age": 1200 }),
            "valid",
            json!({ "user_id": "u-1001" }),
        ),
        (
            "auth-ttl-exceeded",
            "auth_time 1200 s ago, authTTL 1199 s",
            ec,
            "ES256",
            base.clone(),
            json!({ "max_age": 1199 }),
            "auth_too_old",
            json!(null),
        ),
        (
            "auth-ttl-missing-auth-time",
            "authTTL set, auth_time absent",
            ec,
            "ES256",
            patch(&base, json!({ "auth_time": null })),
            json!({ "max_age": 3600 }),
            "missing_claim",
            json!(null),
        ),
        (
            "both-ttls-within",
            "both TTLs set and met",
            ec,
            "ES256",
            base.clone(),
            json!({ "max_token_age": 3600, "max_age": 3600 }),
            "valid",
            json!({ "user_id": "u-1001" }),
        ),
        (
            "both-ttls-exceeded",
            "both TTLs exceeded: the iat TTL is checked first",
            ec,
            "ES256",
            base.clone(),
            json!({ "max_token_age": 60, "max_age": 60 }),
            "token_too_old",
            json!(null),
        ),
        (
            "ttl-later-now",
            "a token checked an hour later: expired before any TTL",
            ec,
            "ES256",
            base.clone(),
            json!({ "max_token_age": 60, "now": NOW + 3600 }),
            "expired",
            json!(null),
        ),
        (
            "client-id-mismatch",
            "token for another AppSync client id",
            ec,
            "ES256",
            patch(&base, json!({ "aud": "other-client" })),
            json!({}),
            "audience_mismatch",
            json!(null),
        ),
        (
            "user-id-mistyped-still-present",
            "user_id is an object: present, its type is the application's business",
            ec,
            "ES256",
            patch(&base, json!({ "user_id": { "id": 1 } })),
            json!({}),
            "valid",
            json!({ "sub": "alice" }),
        ),
        (
            "groups-in-nested-claim",
            "groups nested under a custom namespace object",
            ec,
            "ES256",
            patch(
                &base,
                json!({ "user_groups": null, "https://example.com/claims": { "user_groups": ["admins"] } }),
            ),
            json!({}),
            "valid",
            json!({ "user_id": "u-1001" }),
        ),
    ];
    for (id, what, key, alg, claims, policy, expect, out) in rows {
        let mut c = case(id, format!("{alg}: {what}"), src)
            .token(token(key, alg, json!({}), &claims))
            .keyset("op")
            .policy(policy)
            .expect(expect);
        if expect == "valid" {
            c = c.claims(out);
        }
        s.add(c);
    }
    s
}
