/* Replays the key-set update scenarios (fixtures/keyset-updates) through the C interface, as the
 * firmware's keyset-updates image does in Rust (firmware/src/bin/keyset-updates.rs): a device
 * with an installed key set, the `iat` it came from and a "flash" holding its stored form. An
 * accepted update is checked into a staged set, written in the stored form and read back into
 * the installed set, as after a reboot; a `stored` step reads a stored set at boot (checked in
 * the staged set first); a `token` step verifies a token against the installed set. Each step's
 * verdict, and the kids installed after it where the fixture gives them, must be the fixture's.
 *
 * The steps come from `jwtv export-updates`: `STEP <len>\n` frames of `<tag> <len>\n<bytes>\n`
 * records (firmware/src/wire.rs). Shared by the host test (capi/tests/updates.c) and the
 * Cortex-M4 example (capi/examples/cortex-m4/updates.c). Plain C99, no malloc. */
#ifndef JWTV_UPDATES_H
#define JWTV_UPDATES_H

#include "replay.h"

/* The scenarios' device: key sets of four keys in 2,560 bytes of material (the Rust
 * firmware's KeySet<4>), updates of up to 8 KiB, 4 KiB of flash for the stored form. */
typedef JWTV_KEYSET_DEFINE(updates_keyset, 4, 2560);
typedef JWTV_TOKEN_BUFFER_DEFINE(updates_buffer, 8192);

typedef struct {
    updates_keyset installed, staged, anchors;
    updates_buffer buffer;
    uint8_t flash[4096];
    bool has_iat;
    uint64_t iat;
} updates_device;

typedef struct {
    replay_bytes id, expect, installs, anchors, update, stored, token;
    bool reset, has_installs;
    uint64_t now, leeway;
    uint32_t update_algs, token_algs;
    const char *iss, *sub, *token_iss;
    char strings[512];
    size_t used;
} updates_step;

static const char *updates_string(updates_step *st, replay_bytes b) {
    if (st->used + b.len + 1 > sizeof st->strings) return NULL;
    char *s = st->strings + st->used;
    memcpy(s, b.bytes, b.len);
    s[b.len] = 0;
    st->used += b.len + 1;
    return s;
}

/* Parses one step body; false if it is not well formed. */
static bool updates_parse(const uint8_t *body, size_t len, updates_step *st) {
    memset(st, 0, sizeof *st);
    const uint8_t *p = body, *end = body + len;
    while (p < end) {
        char tag[16];
        size_t n;
        if (!replay_header(&p, end, tag, sizeof tag, &n) || (size_t)(end - p) < n + 1) return false;
        replay_bytes v = {p, n};
        p += n + 1;
        if (!strcmp(tag, "reset")) st->reset = true;
        else if (!strcmp(tag, "anchors")) st->anchors = v;
        else if (!strcmp(tag, "update")) st->update = v;
        else if (!strcmp(tag, "stored")) st->stored = v;
        else if (!strcmp(tag, "token")) st->token = v;
        else if (!strcmp(tag, "id")) st->id = v;
        else if (!strcmp(tag, "expect")) st->expect = v;
        else if (!strcmp(tag, "installs")) st->installs = v, st->has_installs = true;
        else if (!strcmp(tag, "now")) {
            if (!replay_number(v, &st->now)) return false;
        } else if (!strcmp(tag, "leeway")) {
            if (!replay_number(v, &st->leeway)) return false;
        } else if (!strcmp(tag, "update_alg") || !strcmp(tag, "token_alg")) {
            uint32_t bit = replay_alg_bit(v);
            if (!bit) return false;
            if (tag[0] == 'u') st->update_algs |= bit;
            else st->token_algs |= bit;
        } else if (!strcmp(tag, "iss")) {
            if (!(st->iss = updates_string(st, v))) return false;
        } else if (!strcmp(tag, "sub")) {
            if (!(st->sub = updates_string(st, v))) return false;
        } else if (!strcmp(tag, "token_iss")) {
            if (!(st->token_iss = updates_string(st, v))) return false;
        } else return false;
    }
    return st->expect.len > 0;
}

/* Runs one step on the device: its verdict. */
static jwtv_status updates_run(updates_device *d, const updates_step *st) {
    jwtv_keyset *installed = &d->installed.keyset, *staged = &d->staged.keyset;
    jwtv_status s = JWTV_OK;
    if (st->reset) {
        s = jwtv_keyset_init(installed, sizeof d->installed, 4);
        d->has_iat = false;
        if (s != JWTV_OK) return s;
    }
    s = jwtv_keyset_init(&d->anchors.keyset, sizeof d->anchors, 4);
    if (s == JWTV_OK)
        s = jwtv_keyset_add_jwks(&d->anchors.keyset, st->anchors.bytes, st->anchors.len, NULL, NULL);
    if (s == JWTV_OK) s = jwtv_keyset_init(staged, sizeof d->staged, 4);
    if (s == JWTV_OK) s = jwtv_token_buffer_init(&d->buffer.buffer, sizeof d->buffer);
    if (s != JWTV_OK) return s;
    if (st->update.bytes) {
        jwtv_update_policy policy;
        memset(&policy, 0, sizeof policy);
        policy.algorithms = st->update_algs;
        policy.issuer = st->iss;
        policy.subject = st->sub;
        policy.leeway = st->leeway;
        policy.has_installed_iat = d->has_iat;
        policy.installed_iat = d->iat;
        uint64_t iat = 0;
        s = jwtv_keyset_update(&d->anchors.keyset, &policy, st->update.bytes, st->update.len,
                               st->now, &d->buffer.buffer, staged, &iat);
        if (s != JWTV_OK) return s;
        /* Written to flash, then read back: what the device runs on after a reboot. */
        size_t len = 0;
        s = jwtv_keyset_write_stored(staged, iat, d->flash, sizeof d->flash, &len);
        if (s == JWTV_OK) s = jwtv_keyset_read_stored(installed, d->flash, len, &d->iat);
        if (s == JWTV_OK) d->has_iat = true;
        return s;
    }
    if (st->stored.bytes) {
        s = jwtv_keyset_read_stored(staged, st->stored.bytes, st->stored.len, NULL);
        if (s == JWTV_OK) s = jwtv_keyset_read_stored(installed, st->stored.bytes, st->stored.len, &d->iat);
        if (s == JWTV_OK) d->has_iat = true;
        return s;
    }
    if (st->token.bytes) {
        jwtv_policy policy;
        memset(&policy, 0, sizeof policy);
        policy.profile = JWTV_PROFILE_JWT;
        policy.algorithms = st->token_algs;
        policy.issuer = st->token_iss;
        return jwtv_verify(installed, &policy, st->token.bytes, st->token.len, st->now,
                           &d->buffer.buffer);
    }
    return JWTV_MALFORMED_TOKEN;
}

/* The installed kids, comma-separated (`-` for a key without one, or for no key). */
static void updates_installed(const updates_device *d, char *out, size_t size) {
    size_t count = 0, at = 0;
    out[0] = 0;
    if (jwtv_keyset_count(&d->installed.keyset, &count) != JWTV_OK || count == 0) {
        snprintf(out, size, "-");
        return;
    }
    for (size_t i = 0; i < count && at + 2 < size; i++) {
        size_t len = 0;
        if (i) out[at++] = ',';
        if (jwtv_keyset_kid(&d->installed.keyset, i, out + at, size - at, &len) != JWTV_OK) {
            out[at] = 0;
            return;
        }
        if (len == 0) out[at++] = '-', out[at] = 0;
        at += len;
    }
}

typedef struct {
    size_t passed, failed;
} updates_totals;

/* Replays every step of `steps` on `d`, printing each failure. False if the input is not well
 * formed. */
static bool updates_all(const uint8_t *steps, size_t len, updates_device *d, updates_step *st,
                        updates_totals *totals) {
    const uint8_t *p = steps, *end = steps + len;
    while (p < end) {
        char tag[8];
        size_t n;
        if (!replay_header(&p, end, tag, sizeof tag, &n) || strcmp(tag, "STEP") ||
            (size_t)(end - p) < n || !updates_parse(p, n, st)) {
            printf("not a step at byte %lu\n", (unsigned long)(p - steps));
            return false;
        }
        p += n;
        jwtv_status s = updates_run(d, st);
        const char *got = replay_verdict(s);
        char kids[160];
        updates_installed(d, kids, sizeof kids);
        bool installs_ok = !st->has_installs || replay_eq(st->installs, kids);
        if (replay_eq(st->expect, got) && installs_ok) {
            totals->passed++;
        } else {
            totals->failed++;
            printf("FAIL %.*s: expected %.*s installing [%.*s], got %s installing [%s]\n",
                   (int)st->id.len, (const char *)st->id.bytes, (int)st->expect.len,
                   (const char *)st->expect.bytes, (int)st->installs.len,
                   (const char *)st->installs.bytes, got, kids);
        }
    }
    return true;
}

#endif /* JWTV_UPDATES_H */
