/* Replays fixture cases through the C interface and checks each verdict against the one the
 * fixture expects (or the documented divergence), as host-harness's Rust runner does.
 *
 * The cases come from `jwtv export-cases`: the firmware's wire format
 * (firmware/src/wire.rs), `CASE <len>\n` frames of `<tag> <len>\n<bytes>\n`
 * records, each case ending with `suite`, `expect` and, when documented, `divergence`.
 * Shared by the host test (capi/tests/corpus.c) and the Cortex-M4 example
 * (capi/examples/cortex-m4/main.c). Plain C99, no malloc. */
#ifndef JWTV_REPLAY_H
#define JWTV_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "jwtv.h"

/* Room for one case's NUL-terminated policy strings. */
#define REPLAY_STRINGS 16384

typedef struct {
    const uint8_t *bytes;
    size_t len;
} replay_bytes;

typedef struct {
    replay_bytes id, suite, jwks, secrets, token, expect, divergence;
    uint64_t now;
    bool has_secrets, has_divergence;
    jwtv_policy policy;
    const char *required_claims[JWTV_MAX_LIST];
    const char *required_scopes[JWTV_MAX_LIST];
    char strings[REPLAY_STRINGS];
    size_t strings_used;
} replay_case;

/* Reads `<tag> <len>\n` at *in; on success *in points past it. */
static bool replay_header(const uint8_t **in, const uint8_t *end, char *tag, size_t tag_size,
                          size_t *len) {
    const uint8_t *p = *in;
    size_t t = 0;
    while (p < end && *p != ' ') {
        if (t + 1 >= tag_size) return false;
        tag[t++] = (char)*p++;
    }
    tag[t] = 0;
    if (p == end) return false;
    p++;
    size_t n = 0;
    bool digits = false;
    while (p < end && *p >= '0' && *p <= '9') {
        if (n > (SIZE_MAX - 9) / 10) return false;
        n = n * 10 + (size_t)(*p++ - '0');
        digits = true;
    }
    if (!digits || p == end || *p != '\n') return false;
    *in = p + 1;
    *len = n;
    return true;
}

static bool replay_eq(replay_bytes b, const char *s) {
    return b.len == strlen(s) && memcmp(b.bytes, s, b.len) == 0;
}

static bool replay_number(replay_bytes b, uint64_t *out) {
    uint64_t n = 0;
    if (b.len == 0) return false;
    for (size_t i = 0; i < b.len; i++) {
        if (b.bytes[i] < '0' || b.bytes[i] > '9') return false;
        n = n * 10 + (uint64_t)(b.bytes[i] - '0');
    }
    *out = n;
    return true;
}

/* A NUL-terminated copy of `b` in the case's string room. */
static const char *replay_string(replay_case *c, replay_bytes b) {
    if (c->strings_used + b.len + 1 > sizeof c->strings) return NULL;
    char *s = c->strings + c->strings_used;
    memcpy(s, b.bytes, b.len);
    s[b.len] = 0;
    c->strings_used += b.len + 1;
    return s;
}

static uint32_t replay_alg_bit(replay_bytes name) {
    static const char *const names[] = {"HS256", "HS384", "HS512", "RS256", "RS384",
                                        "RS512", "PS256", "PS384", "PS512", "ES256",
                                        "ES384", "ES512", "EdDSA", "Ed25519"};
    for (uint32_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (replay_eq(name, names[i])) return 1u << i;
    }
    return 0;
}

/* Parses one case body into `c`; false if it is not well formed. */
static bool replay_parse(const uint8_t *body, size_t len, replay_case *c) {
    memset(c, 0, sizeof *c);
    c->policy.profile = JWTV_PROFILE_JWT;
    c->policy.required_claims = c->required_claims;
    c->policy.required_scopes = c->required_scopes;
    const uint8_t *p = body, *end = body + len;
    while (p < end) {
        char tag[32];
        size_t n;
        if (!replay_header(&p, end, tag, sizeof tag, &n) || (size_t)(end - p) < n + 1) return false;
        replay_bytes v = {p, n};
        p += n + 1;
        const char *s = NULL;
        uint64_t num = 0;
        if (!strcmp(tag, "id")) c->id = v;
        else if (!strcmp(tag, "suite")) c->suite = v;
        else if (!strcmp(tag, "jwks")) c->jwks = v;
        else if (!strcmp(tag, "secrets")) c->secrets = v, c->has_secrets = true;
        else if (!strcmp(tag, "token")) c->token = v;
        else if (!strcmp(tag, "expect")) c->expect = v;
        else if (!strcmp(tag, "divergence")) c->divergence = v, c->has_divergence = true;
        else if (!strcmp(tag, "now")) {
            if (!replay_number(v, &c->now)) return false;
        } else if (!strcmp(tag, "leeway")) {
            if (!replay_number(v, &c->policy.leeway)) return false;
        } else if (!strcmp(tag, "max_age")) {
            if (!replay_number(v, &c->policy.max_age)) return false;
            c->policy.check_max_age = true;
        } else if (!strcmp(tag, "max_token_age")) {
            if (!replay_number(v, &c->policy.max_token_age)) return false;
            c->policy.check_max_token_age = true;
        } else if (!strcmp(tag, "max_depth")) {
            if (!replay_number(v, &num) || num > 0xffffffffu) return false;
            c->policy.max_depth = (uint32_t)num;
        } else if (!strcmp(tag, "try_all_keys")) {
            c->policy.try_all_keys = replay_eq(v, "true");
        } else if (!strcmp(tag, "profile")) {
            if (replay_eq(v, "jws")) c->policy.profile = JWTV_PROFILE_JWS;
            else if (replay_eq(v, "jwt")) c->policy.profile = JWTV_PROFILE_JWT;
            else if (replay_eq(v, "id_token")) c->policy.profile = JWTV_PROFILE_ID_TOKEN;
            else if (replay_eq(v, "access_token")) c->policy.profile = JWTV_PROFILE_ACCESS_TOKEN;
            else if (replay_eq(v, "logout_token")) c->policy.profile = JWTV_PROFILE_LOGOUT_TOKEN;
            else return false;
        } else if (!strcmp(tag, "id_token_source")) {
            if (replay_eq(v, "token_endpoint")) c->policy.id_token_source = JWTV_SOURCE_TOKEN_ENDPOINT;
            else if (replay_eq(v, "implicit")) c->policy.id_token_source = JWTV_SOURCE_IMPLICIT;
            else if (replay_eq(v, "hybrid")) c->policy.id_token_source = JWTV_SOURCE_HYBRID;
            else return false;
        } else if (!strcmp(tag, "alg")) {
            uint32_t bit = replay_alg_bit(v);
            if (!bit) return false;
            c->policy.algorithms |= bit;
        } else {
            if (!(s = replay_string(c, v))) return false;
            if (!strcmp(tag, "issuer")) c->policy.issuer = s;
            else if (!strcmp(tag, "audience")) c->policy.audience = s;
            else if (!strcmp(tag, "nonce")) c->policy.nonce = s;
            else if (!strcmp(tag, "access_token")) c->policy.access_token = s;
            else if (!strcmp(tag, "code")) c->policy.code = s;
            else if (!strcmp(tag, "typ")) c->policy.typ = s;
            else if (!strcmp(tag, "required_claim")) {
                if (c->policy.required_claims_len == JWTV_MAX_LIST) return false;
                c->required_claims[c->policy.required_claims_len++] = s;
            } else if (!strcmp(tag, "required_scope")) {
                if (c->policy.required_scopes_len == JWTV_MAX_LIST) return false;
                c->required_scopes[c->policy.required_scopes_len++] = s;
            } else return false;
        }
    }
    return c->expect.len > 0;
}

/* The storage a case is replayed in: the corpus's largest key sets (sixteen RSA-4096 keys, their
 * Montgomery constants and `kid`s) and tokens of up to 8 KiB. */
typedef JWTV_KEYSET_DEFINE(replay_keyset, 16, 18432);
typedef JWTV_TOKEN_BUFFER_DEFINE(replay_buffer, 8192);

/* Measurement points around one case (the Cortex-M4 example's stack painting). */
typedef enum { REPLAY_BEFORE_LOAD, REPLAY_BEFORE_VERIFY, REPLAY_DONE } replay_point;
typedef void (*replay_probe)(const replay_case *, replay_point);

/* Verifies one case with the C interface: the verdict as a code (0 valid). */
static jwtv_status replay_verify(const replay_case *c, replay_keyset *storage,
                                 replay_buffer *buffer_storage, replay_probe probe) {
    jwtv_keyset *keys = &storage->keyset;
    jwtv_token_buffer *buffer = &buffer_storage->buffer;
    if (probe) probe(c, REPLAY_BEFORE_LOAD);
    jwtv_status s = jwtv_keyset_init(keys, sizeof *storage, 16);
    if (s == JWTV_OK) s = jwtv_keyset_add_jwks(keys, c->jwks.bytes, c->jwks.len, NULL, NULL);
    if (s == JWTV_OK && c->has_secrets) {
        s = jwtv_keyset_add_jwks(keys, c->secrets.bytes, c->secrets.len, NULL, NULL);
    }
    if (probe) probe(c, REPLAY_BEFORE_VERIFY);
    if (s == JWTV_OK) s = jwtv_token_buffer_init(buffer, sizeof *buffer_storage);
    if (s == JWTV_OK) s = jwtv_verify(keys, &c->policy, c->token.bytes, c->token.len, c->now, buffer);
    if (probe) probe(c, REPLAY_DONE);
    return s;
}

/* The verdict's name as the fixtures write it: `valid` or the error code. */
static const char *replay_verdict(jwtv_status s) {
    return s == JWTV_OK ? "valid" : jwtv_error_string((int32_t)s);
}

typedef struct {
    size_t passed, failed, divergences;
} replay_totals;

/* Replays every case of `cases`, printing each failure; `probe` (may be NULL) is called
 * around the key set load and the verification, for measurements. Returns false if the input
 * is not well formed. */
static inline bool replay_all(const uint8_t *cases, size_t len, replay_keyset *keys,
                              replay_buffer *buffer, replay_case *c, replay_totals *totals,
                              replay_probe probe) {
    const uint8_t *p = cases, *end = cases + len;
    while (p < end) {
        char tag[8];
        size_t n;
        if (!replay_header(&p, end, tag, sizeof tag, &n) || strcmp(tag, "CASE") ||
            (size_t)(end - p) < n) {
            printf("not a case file at byte %lu\n", (unsigned long)(p - cases));
            return false;
        }
        if (!replay_parse(p, n, c)) {
            printf("case at byte %lu is not well formed\n", (unsigned long)(p - cases));
            return false;
        }
        p += n;
        jwtv_status s = replay_verify(c, keys, buffer, probe);
        const char *got = replay_verdict(s);
        if (replay_eq(c->expect, got)) {
            totals->passed++;
        } else if (c->has_divergence && replay_eq(c->divergence, got)) {
            totals->divergences++;
        } else {
            totals->failed++;
            printf("FAIL %.*s/%.*s: expected %.*s, got %s\n", (int)c->suite.len,
                   (const char *)c->suite.bytes, (int)c->id.len, (const char *)c->id.bytes,
                   (int)c->expect.len, (const char *)c->expect.bytes, got);
        }
    }
    return true;
}

#endif /* JWTV_REPLAY_H */
