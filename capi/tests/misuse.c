/* The C interface used well and badly: every check compares a result with the code the
 * header documents for that use. Run under AddressSanitizer and UndefinedBehaviorSanitizer
 * (capi/ci.sh), so a read or write outside what the caller gave also fails the test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jwtv.h"

static unsigned passed, failed;

#define CHECK(expr, want)                                                                   \
    do {                                                                                    \
        jwtv_status got_ = (expr);                                                          \
        if (got_ == (want)) {                                                               \
            passed++;                                                                       \
        } else {                                                                            \
            failed++;                                                                       \
            printf("FAIL line %d: %s: expected %s, got %s\n", __LINE__, #expr,             \
                   jwtv_error_string(want), jwtv_error_string(got_));                       \
        }                                                                                   \
    } while (0)

#define TRUE(cond)                                                                          \
    do {                                                                                    \
        if (cond) {                                                                         \
            passed++;                                                                       \
        } else {                                                                            \
            failed++;                                                                       \
            printf("FAIL line %d: %s\n", __LINE__, #cond);                                  \
        }                                                                                   \
    } while (0)

/* RFC 7515 Appendix A.1: {"typ":"JWT","alg":"HS256"}
 * {"iss":"joe","exp":1300819380,"http://example.com/is_root":true} */
static const char TOKEN[] =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0"
    "cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
/* {"alg":"HS256"} {"iss":"joe","exp":1300819380,"groups":["a","bcd"]}, SECRET's HS256. */
static const char GROUPS_TOKEN[] =
    "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLCJleHAiOjEzMDA4MTkzODAsImdyb3VwcyI6WyJhIiwiYmNkIl19."
    "CozsZ7L6VSU8yVhLTP7lYsSB4J302gwNrNH4ukXa3Iw";
static const uint8_t SECRET[64] = {
    3,   35,  53,  75,  43,  15,  165, 188, 131, 126, 6,   101, 119, 123, 166, 143,
    90,  179, 40,  230, 240, 84,  201, 40,  169, 15,  132, 178, 210, 80,  46,  191,
    211, 251, 90,  146, 210, 6,   71,  239, 150, 138, 180, 195, 119, 98,  61,  34,
    61,  46,  33,  114, 5,   46,  79,  8,   192, 205, 154, 245, 103, 208, 128, 163};
static const char JWKS[] =
    "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"k1\",\"k\":\"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-"
    "EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow\"}]}";
static const uint64_t NOW = 1300819000;

/* Storage sized as a product sizes it: up to four keys in 1 KiB of material, tokens of up to
 * 8 KiB. */
#define MAX_KEYS 4
#define MAX_TOKEN_LEN 8192
typedef JWTV_KEYSET_DEFINE(keyset_storage, MAX_KEYS, 1024);
typedef JWTV_TOKEN_BUFFER_DEFINE(buffer_storage, MAX_TOKEN_LEN);
static keyset_storage keys_at, uninitialised_at, copied_keys_at;
static buffer_storage buffer_at, moved_at, never_initialised_at;
static JWTV_ALIGNED(8) uint8_t raw_keys[JWTV_KEYSET_BYTES(MAX_KEYS, 1024) + 8];
/* Storage one buffer after another occupies, as a stack frame reused at the same address. */
static JWTV_ALIGNED(JWTV_TOKEN_BUFFER_ALIGN) uint8_t pool[JWTV_TOKEN_BUFFER_BYTES(512)];

static jwtv_policy jwt_policy(void) {
    jwtv_policy p;
    memset(&p, 0, sizeof p);
    p.profile = JWTV_PROFILE_JWT;
    p.algorithms = JWTV_ALG_HS256;
    p.issuer = "joe";
    return p;
}

static jwtv_status verify(const jwtv_policy *p) {
    return jwtv_verify(&keys_at.keyset, p, (const uint8_t *)TOKEN, strlen(TOKEN), NOW,
                       &buffer_at.buffer);
}

/* A function that verifies into a buffer on its stack and leaves; returns the buffer's
 * address (as an integer: only compared). */
static __attribute__((noinline)) uintptr_t verify_on_stack(jwtv_status *verdict) {
    volatile JWTV_TOKEN_BUFFER_DEFINE(frame, 512);
    jwtv_token_buffer *b = (jwtv_token_buffer *)&frame;
    jwtv_policy p = jwt_policy();
    jwtv_status s = jwtv_token_buffer_init(b, sizeof frame);
    if (s == JWTV_OK) s = jwtv_verify(&keys_at.keyset, &p, (const uint8_t *)TOKEN, strlen(TOKEN), NOW, b);
    char issuer[8];
    if (s == JWTV_OK) s = jwtv_claim_string(b, "iss", issuer, sizeof issuer, NULL);
    *verdict = s;
    return (uintptr_t)b;
}

/* The next function at the same depth: its buffer, never verified, likely sits where the last
 * one was verified. Once initialised, it holds no claims. */
static __attribute__((noinline)) uintptr_t read_on_stack(jwtv_status *init, jwtv_status *read) {
    volatile JWTV_TOKEN_BUFFER_DEFINE(frame, 512);
    jwtv_token_buffer *b = (jwtv_token_buffer *)&frame;
    char issuer[8];
    *init = jwtv_token_buffer_init(b, sizeof frame);
    *read = jwtv_claim_string(b, "iss", issuer, sizeof issuer, NULL);
    return (uintptr_t)b;
}

int main(void) {
    char out[64];
    size_t len = 0, count = 0, loaded = 0, skipped = 0;
    int64_t integer = 0;
    bool flag = false;

    /* Result strings: the verifier's codes, and the C interface's own. */
    TRUE(strcmp(jwtv_error_string(JWTV_OK), "ok") == 0);
    TRUE(strcmp(jwtv_error_string(JWTV_EXPIRED), "expired") == 0);
    TRUE(strcmp(jwtv_error_string(JWTV_INSUFFICIENT_SCOPE), "insufficient_scope") == 0);
    TRUE(strcmp(jwtv_error_string(JWTV_STORED_KEY_SET_VERSION), "stored_key_set_version") == 0);
    TRUE(strcmp(jwtv_error_string(JWTV_INVALID_ARGUMENT), "invalid_argument") == 0);
    TRUE(strcmp(jwtv_error_string(-1), "unknown") == 0);
    TRUE(strcmp(jwtv_error_string(JWTV_STORED_KEY_SET_VERSION + 1), "unknown") == 0);
    TRUE(sizeof(jwtv_keyset) == JWTV_KEYSET_WORDS * sizeof(size_t) &&
         _Alignof(jwtv_keyset) == _Alignof(size_t));
    TRUE(sizeof(jwtv_token_buffer) == JWTV_TOKEN_BUFFER_SIZE &&
         _Alignof(jwtv_token_buffer) == JWTV_TOKEN_BUFFER_ALIGN);
    TRUE(sizeof(keyset_storage) >= sizeof(jwtv_keyset) + MAX_KEYS * JWTV_KEY_SLOT_SIZE + 1024);
    TRUE(sizeof(buffer_storage) >= sizeof(jwtv_token_buffer) + MAX_TOKEN_LEN);

    /* Token buffer storage: null, short, misaligned; a buffer never initialised is refused by
     * every function (a zeroed or stale one is not a token buffer). */
    CHECK(jwtv_token_buffer_init(NULL, sizeof buffer_at), JWTV_INVALID_ARGUMENT);
    /* The head alone, or less: no room for a token. */
    CHECK(jwtv_token_buffer_init(&buffer_at.buffer, sizeof(jwtv_token_buffer)),
          JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_token_buffer_init(&buffer_at.buffer, 0), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_token_buffer_init(&buffer_at.buffer, SIZE_MAX), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_token_buffer_init((jwtv_token_buffer *)(void *)(pool + 4), sizeof pool - 4),
          JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_token_buffer_init(&buffer_at.buffer, sizeof buffer_at), JWTV_OK);
    CHECK(jwtv_token_buffer_init(&moved_at.buffer, sizeof moved_at), JWTV_OK);
    CHECK(jwtv_claim_string(&never_initialised_at.buffer, "iss", out, sizeof out, &len),
          JWTV_INVALID_ARGUMENT);

    /* Key set storage: null, short, misaligned, no slot, uninitialised; the head and the slots
     * alone are a set with no room for material. */
    CHECK(jwtv_keyset_init(NULL, sizeof keys_at, MAX_KEYS), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_init(&keys_at.keyset, 0, MAX_KEYS), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_init(&keys_at.keyset, sizeof keys_at, 0), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_init(&keys_at.keyset, sizeof keys_at, SIZE_MAX / 8), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_init(&keys_at.keyset, JWTV_KEYSET_BYTES(MAX_KEYS, 0) - 1, MAX_KEYS),
          JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_init((jwtv_keyset *)(void *)(raw_keys + 4), sizeof raw_keys - 4, MAX_KEYS),
          JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_init((jwtv_keyset *)(void *)raw_keys, sizeof raw_keys, MAX_KEYS), JWTV_OK);
    CHECK(jwtv_keyset_init(&keys_at.keyset, JWTV_KEYSET_BYTES(MAX_KEYS, 0), MAX_KEYS), JWTV_OK);
    CHECK(jwtv_keyset_add_hmac(&keys_at.keyset, SECRET, sizeof SECRET, NULL, 0),
          JWTV_CAPACITY_EXCEEDED);
    /* One slot: a second key is refused, however much material room is left. */
    CHECK(jwtv_keyset_init(&keys_at.keyset, sizeof keys_at, 1), JWTV_OK);
    CHECK(jwtv_keyset_add_hmac(&keys_at.keyset, SECRET, sizeof SECRET, NULL, 0), JWTV_OK);
    CHECK(jwtv_keyset_add_hmac(&keys_at.keyset, SECRET, sizeof SECRET, NULL, 0),
          JWTV_CAPACITY_EXCEEDED);
    /* A key set copied elsewhere is refused (its slots are the original's). */
    memcpy(&copied_keys_at, &keys_at, sizeof keys_at);
    CHECK(jwtv_keyset_count(&copied_keys_at.keyset, &count), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_add_hmac(&copied_keys_at.keyset, SECRET, sizeof SECRET, NULL, 0),
          JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_add_jwks(&uninitialised_at.keyset, (const uint8_t *)JWKS, strlen(JWKS), NULL, NULL),
          JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_count(&uninitialised_at.keyset, &count), JWTV_INVALID_ARGUMENT);

    /* JWKS: null with a length, empty, not a JWKS, overlapping the set, then loaded. */
    CHECK(jwtv_keyset_init(&keys_at.keyset, sizeof keys_at, MAX_KEYS), JWTV_OK);
    CHECK(jwtv_keyset_add_jwks(&keys_at.keyset, NULL, 5, NULL, NULL), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_add_jwks(&keys_at.keyset, NULL, 0, NULL, NULL), JWTV_MALFORMED_JWKS);
    CHECK(jwtv_keyset_add_jwks(&keys_at.keyset, (const uint8_t *)"{\"kid\":1}", 9, NULL, NULL),
          JWTV_MALFORMED_JWKS);
    CHECK(jwtv_keyset_add_jwks(&keys_at.keyset, keys_at.bytes + 100, 20, NULL, NULL), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_add_jwks(&keys_at.keyset, (const uint8_t *)JWKS, strlen(JWKS), &loaded,
                               (size_t *)(void *)(keys_at.bytes + 16)),
          JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_add_jwks(&keys_at.keyset, (const uint8_t *)JWKS, strlen(JWKS), &loaded, &skipped),
          JWTV_OK);
    TRUE(loaded == 1 && skipped == 0);
    CHECK(jwtv_keyset_count(&keys_at.keyset, &count), JWTV_OK);
    TRUE(count == 1);
    CHECK(jwtv_keyset_count(&keys_at.keyset, NULL), JWTV_INVALID_ARGUMENT);
    /* Outputs inside the key set, or on each other, or in the document: refused, and the
     * set is intact. */
    CHECK(jwtv_keyset_count(&keys_at.keyset, (size_t *)(void *)&keys_at.keyset), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_count(&keys_at.keyset, (size_t *)(void *)(keys_at.bytes + 64)), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_add_jwks(&keys_at.keyset, (const uint8_t *)JWKS, strlen(JWKS), &loaded, &loaded),
          JWTV_INVALID_ARGUMENT);
    static JWTV_ALIGNED(8) char jwks_copy[sizeof JWKS];
    memcpy(jwks_copy, JWKS, sizeof JWKS);
    CHECK(jwtv_keyset_add_jwks(&keys_at.keyset, (const uint8_t *)jwks_copy, strlen(jwks_copy),
                               (size_t *)(void *)(jwks_copy + 8), NULL),
          JWTV_INVALID_ARGUMENT);
    TRUE(memcmp(jwks_copy, JWKS, sizeof JWKS) == 0);
    CHECK(jwtv_keyset_count(&keys_at.keyset, &count), JWTV_OK);
    TRUE(count == 1);

    /* Raw keys: weak, wrong length, ambiguous or mismatched alg, bad kid. */
    static const uint8_t short_n[128] = {0xC5, [127] = 0x01};
    static const uint8_t point[64] = {1};
    CHECK(jwtv_keyset_add_hmac(&keys_at.keyset, SECRET, 16, NULL, 0), JWTV_KEY_WEAK);
    CHECK(jwtv_keyset_add_hmac(&keys_at.keyset, NULL, 32, NULL, 0), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_add_hmac(&keys_at.keyset, SECRET, sizeof SECRET, NULL, JWTV_ALG_HS256 | JWTV_ALG_HS384),
          JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_add_hmac(&keys_at.keyset, SECRET, sizeof SECRET, NULL, 1u << 20), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_add_hmac(&keys_at.keyset, SECRET, sizeof SECRET, NULL, JWTV_ALG_RS256), JWTV_KEY_INVALID);
    CHECK(jwtv_keyset_add_hmac(&keys_at.keyset, SECRET, sizeof SECRET, "\xff\xfe", 0), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_add_rsa(&keys_at.keyset, short_n, sizeof short_n, 65537, NULL, 0), JWTV_KEY_WEAK);
    /* Too large: a secret over 512 bytes, a kid over 128. */
    static const uint8_t long_secret[513] = {1};
    CHECK(jwtv_keyset_add_hmac(&keys_at.keyset, long_secret, sizeof long_secret, NULL, 0), JWTV_KEY_TOO_LARGE);
    char long_kid[130];
    memset(long_kid, 'k', sizeof long_kid - 1);
    long_kid[sizeof long_kid - 1] = '\0';
    CHECK(jwtv_keyset_add_hmac(&keys_at.keyset, SECRET, sizeof SECRET, long_kid, 0), JWTV_KEY_TOO_LARGE);
    /* A kid of exactly 128 is stored: the refusal is then the 32-byte secret's, short for HS512. */
    long_kid[128] = '\0';
    CHECK(jwtv_keyset_add_hmac(&keys_at.keyset, SECRET, 32, long_kid, JWTV_ALG_HS512), JWTV_KEY_WEAK);
    CHECK(jwtv_keyset_add_ec_p256(&keys_at.keyset, point, 63, "ec", 0), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_add_ec_p256(&keys_at.keyset, point, 64, "ec", JWTV_ALG_ES256), JWTV_OK);
    CHECK(jwtv_keyset_add_hmac(&keys_at.keyset, SECRET, sizeof SECRET, "k2", JWTV_ALG_HS256), JWTV_OK);
    CHECK(jwtv_keyset_count(&keys_at.keyset, &count), JWTV_OK);
    TRUE(count == 3);
    /* Two keys fit the token (it names no kid): ambiguous, as in Rust. */
    jwtv_policy policy = jwt_policy();
    CHECK(verify(&policy), JWTV_AMBIGUOUS_KEY);
    policy.try_all_keys = true;
    CHECK(verify(&policy), JWTV_OK);
    CHECK(jwtv_keyset_init(&keys_at.keyset, sizeof keys_at, MAX_KEYS), JWTV_OK);
    CHECK(jwtv_keyset_add_jwks(&keys_at.keyset, (const uint8_t *)JWKS, strlen(JWKS), NULL, NULL), JWTV_OK);

    /* Borrowed keys (jwtv_keyset_borrow): the set keeps pointers, takes a slot per key and no
     * byte of its store; every key is checked first, and all are added or none. */
    static const uint8_t zero_pads[64] = {0};
    static const uint8_t r2[128] = {1};
    const jwtv_key_data hs = {JWTV_KEY_OCT, SECRET, sizeof SECRET, NULL, 0, 0, "k1", JWTV_ALG_HS256};
    jwtv_key_data borrowed[2] = {hs, hs};
    CHECK(jwtv_keyset_init(&keys_at.keyset, JWTV_KEYSET_BYTES(2, 0), 2), JWTV_OK);
    CHECK(jwtv_keyset_borrow(&keys_at.keyset, NULL, 0), JWTV_OK);
    CHECK(jwtv_keyset_borrow(&keys_at.keyset, NULL, 1), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_borrow(&uninitialised_at.keyset, borrowed, 1), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_borrow(&keys_at.keyset, borrowed, 3), JWTV_CAPACITY_EXCEEDED);
    borrowed[1].kind = 0;
    CHECK(jwtv_keyset_borrow(&keys_at.keyset, borrowed, 2), JWTV_INVALID_ARGUMENT);
    borrowed[1].kind = 7;
    CHECK(jwtv_keyset_borrow(&keys_at.keyset, borrowed, 2), JWTV_INVALID_ARGUMENT);
    /* Pad states of another key (here blank flash): refused, and the first key not added. */
    borrowed[1] = hs;
    borrowed[1].precomputed = zero_pads;
    borrowed[1].precomputed_len = sizeof zero_pads;
    CHECK(jwtv_keyset_borrow(&keys_at.keyset, borrowed, 2), JWTV_KEY_INVALID);
    CHECK(jwtv_keyset_count(&keys_at.keyset, &count), JWTV_OK);
    TRUE(count == 0);
    /* Constants on a key that has none; an RSA key without its R² mod n; a short secret. */
    borrowed[1] = (jwtv_key_data){JWTV_KEY_EC_P256, point, 64, r2, 64, 0, NULL, 0};
    CHECK(jwtv_keyset_borrow(&keys_at.keyset, &borrowed[1], 1), JWTV_INVALID_ARGUMENT);
    borrowed[1] = (jwtv_key_data){JWTV_KEY_RSA, short_n, sizeof short_n, NULL, 0, 65537, NULL, 0};
    CHECK(jwtv_keyset_borrow(&keys_at.keyset, &borrowed[1], 1), JWTV_INVALID_ARGUMENT);
    borrowed[1].precomputed = r2;
    borrowed[1].precomputed_len = sizeof r2;
    CHECK(jwtv_keyset_borrow(&keys_at.keyset, &borrowed[1], 1), JWTV_KEY_WEAK);
    borrowed[1] = hs;
    borrowed[1].material_len = 16;
    CHECK(jwtv_keyset_borrow(&keys_at.keyset, &borrowed[1], 1), JWTV_KEY_WEAK);
    /* Bytes inside the key set's own storage (the next key added would overwrite them). */
    borrowed[1] = hs;
    borrowed[1].material = keys_at.bytes + 8;
    borrowed[1].material_len = 32;
    CHECK(jwtv_keyset_borrow(&keys_at.keyset, &borrowed[1], 1), JWTV_INVALID_ARGUMENT);
    /* Borrowed, it verifies as a copied key does; the set is full, with no store at all. */
    CHECK(jwtv_keyset_borrow(&keys_at.keyset, &hs, 1), JWTV_OK);
    CHECK(jwtv_keyset_count(&keys_at.keyset, &count), JWTV_OK);
    TRUE(count == 1);
    CHECK(jwtv_keyset_add_hmac(&keys_at.keyset, SECRET, sizeof SECRET, NULL, 0), JWTV_CAPACITY_EXCEEDED);
    policy = jwt_policy();
    CHECK(verify(&policy), JWTV_OK);
    CHECK(jwtv_keyset_init(&keys_at.keyset, sizeof keys_at, MAX_KEYS), JWTV_OK);
    CHECK(jwtv_keyset_add_jwks(&keys_at.keyset, (const uint8_t *)JWKS, strlen(JWKS), NULL, NULL), JWTV_OK);

    /* Kids, the stored form, updates: bad pointers, short outputs, overlaps, a garbage update. */
    {
        char kid[8];
        size_t kid_len = 0, stored_len = 0, written = 0;
        uint64_t iat = 0;
        static uint8_t flash[512];
        CHECK(jwtv_keyset_kid(&keys_at.keyset, 0, kid, sizeof kid, &kid_len), JWTV_OK);
        TRUE(kid_len == 2 && strcmp(kid, "k1") == 0);
        CHECK(jwtv_keyset_kid(&keys_at.keyset, 0, kid, 2, &kid_len), JWTV_BUFFER_TOO_SMALL);
        TRUE(kid_len == 2);
        CHECK(jwtv_keyset_kid(&keys_at.keyset, 1, kid, sizeof kid, &kid_len), JWTV_INVALID_ARGUMENT);
        CHECK(jwtv_keyset_kid(&keys_at.keyset, 0, NULL, 8, &kid_len), JWTV_INVALID_ARGUMENT);
        CHECK(jwtv_keyset_kid(&keys_at.keyset, 0, (char *)keys_at.bytes + 200, 8, NULL),
              JWTV_INVALID_ARGUMENT);
        CHECK(jwtv_keyset_kid(&uninitialised_at.keyset, 0, kid, sizeof kid, NULL), JWTV_INVALID_ARGUMENT);
        CHECK(jwtv_keyset_stored_len(&keys_at.keyset, NULL), JWTV_INVALID_ARGUMENT);
        CHECK(jwtv_keyset_stored_len(&keys_at.keyset, &stored_len), JWTV_OK);
        TRUE(stored_len > 64 + 20 + 16);
        CHECK(jwtv_keyset_write_stored(&keys_at.keyset, 7, flash, stored_len - 1, &written),
              JWTV_BUFFER_TOO_SMALL);
        TRUE(written == stored_len);
        CHECK(jwtv_keyset_write_stored(&keys_at.keyset, 7, keys_at.bytes + 64, stored_len, NULL),
              JWTV_INVALID_ARGUMENT);
        CHECK(jwtv_keyset_write_stored(&keys_at.keyset, 7, flash, sizeof flash, &written), JWTV_OK);
        /* Read back into another set: the same kid and iat; a flipped byte is corrupt. */
        CHECK(jwtv_keyset_init(&copied_keys_at.keyset, sizeof copied_keys_at, MAX_KEYS), JWTV_OK);
        CHECK(jwtv_keyset_read_stored(&copied_keys_at.keyset, flash, sizeof flash, &iat), JWTV_OK);
        TRUE(iat == 7);
        CHECK(jwtv_keyset_kid(&copied_keys_at.keyset, 0, kid, sizeof kid, NULL), JWTV_OK);
        TRUE(strcmp(kid, "k1") == 0);
        CHECK(jwtv_keyset_read_stored(&copied_keys_at.keyset, copied_keys_at.bytes + 100, 64, &iat),
              JWTV_INVALID_ARGUMENT);
        flash[30] ^= 1;
        CHECK(jwtv_keyset_read_stored(&copied_keys_at.keyset, flash, sizeof flash, &iat),
              JWTV_STORED_KEY_SET_CORRUPT);
        CHECK(jwtv_keyset_count(&copied_keys_at.keyset, &count), JWTV_OK);
        TRUE(count == 0);
        /* An update: policy without subject, the anchors as the staged set, garbage. */
        jwtv_update_policy up;
        memset(&up, 0, sizeof up);
        up.algorithms = JWTV_ALG_HS256;
        up.issuer = "joe";
        CHECK(jwtv_token_buffer_init(&buffer_at.buffer, sizeof buffer_at), JWTV_OK);
        CHECK(jwtv_keyset_update(&keys_at.keyset, &up, (const uint8_t *)TOKEN, strlen(TOKEN), NOW,
                                 &buffer_at.buffer, &copied_keys_at.keyset, &iat),
              JWTV_INVALID_ARGUMENT);
        up.subject = "door";
        CHECK(jwtv_keyset_update(&keys_at.keyset, &up, (const uint8_t *)TOKEN, strlen(TOKEN), NOW,
                                 &buffer_at.buffer, &keys_at.keyset, &iat),
              JWTV_INVALID_ARGUMENT);
        CHECK(jwtv_keyset_update(&keys_at.keyset, NULL, (const uint8_t *)TOKEN, strlen(TOKEN), NOW,
                                 &buffer_at.buffer, &copied_keys_at.keyset, &iat),
              JWTV_INVALID_ARGUMENT);
        CHECK(jwtv_keyset_update(&keys_at.keyset, &up, (const uint8_t *)TOKEN, strlen(TOKEN), NOW,
                                 &never_initialised_at.buffer, &copied_keys_at.keyset, &iat),
              JWTV_INVALID_ARGUMENT);
        CHECK(jwtv_keyset_update(&keys_at.keyset, &up, (const uint8_t *)TOKEN, strlen(TOKEN), NOW,
                                 &buffer_at.buffer, &copied_keys_at.keyset,
                                 (uint64_t *)(void *)(copied_keys_at.bytes + 64)),
              JWTV_INVALID_ARGUMENT);
        /* A JWT signed by the anchor but not a key-set update: its typ refuses it. */
        CHECK(jwtv_keyset_update(&keys_at.keyset, &up, (const uint8_t *)TOKEN, strlen(TOKEN), NOW,
                                 &buffer_at.buffer, &copied_keys_at.keyset, &iat),
              JWTV_TYPE_MISMATCH);
        CHECK(jwtv_keyset_update(&keys_at.keyset, &up, (const uint8_t *)"a.b.c", 5, NOW,
                                 &buffer_at.buffer, &copied_keys_at.keyset, NULL),
              JWTV_MALFORMED_TOKEN);
    }

    /* The policy: zeroed, unknown bits, missing issuer, long lists, bad strings. */
    jwtv_policy zero;
    memset(&zero, 0, sizeof zero);
    CHECK(verify(&zero), JWTV_INVALID_ARGUMENT);
    policy = jwt_policy();
    policy.algorithms = 1u << 20;
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    policy = jwt_policy();
    policy.algorithms = 0;
    CHECK(verify(&policy), JWTV_ALGORITHM_NOT_ALLOWED);
    policy = jwt_policy();
    policy.algorithms = JWTV_ALG_ALL; /* every algorithm the header names, at once */
    CHECK(verify(&policy), JWTV_OK);
    policy = jwt_policy();
    policy.profile = JWTV_PROFILE_ID_TOKEN;
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT); /* no audience */
    policy = jwt_policy();
    policy.id_token_source = 9;
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    policy = jwt_policy();
    policy.id_token_source = JWTV_SOURCE_HYBRID; /* without its code */
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    /* The implicit and hybrid flows send a nonce whose value must come back: a policy without
       it cannot be used (OIDC Core 3.2.2.11, 3.3.2.11). */
    policy = jwt_policy();
    policy.id_token_source = JWTV_SOURCE_IMPLICIT;
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    policy.nonce = "";
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    policy = jwt_policy();
    policy.id_token_source = JWTV_SOURCE_HYBRID;
    policy.code = "SplxlOBeZQQYbYS6WxSbIA";
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    /* Policy::from_parts decides the rest, as in Rust: a flow is for ID tokens only (even with
       its nonce and code); the token endpoint and the implicit flow take no code; an empty
       string is never a value; additional audiences need the audience. */
    policy.nonce = "n-0S6_WzA2Mj";
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    policy.profile = JWTV_PROFILE_ID_TOKEN;
    policy.audience = "client-1";
    CHECK(verify(&policy), JWTV_MISSING_CLAIM); /* usable: RFC 7515's token is no ID token */
    policy.id_token_source = JWTV_SOURCE_TOKEN_ENDPOINT;
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    policy.id_token_source = JWTV_SOURCE_IMPLICIT;
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    policy.code = NULL;
    CHECK(verify(&policy), JWTV_MISSING_CLAIM);
    policy.audience = "";
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    policy = jwt_policy();
    policy.issuer = "";
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    policy = jwt_policy();
    const char *other_audiences[] = {"api-2"};
    policy.additional_audiences = other_audiences;
    policy.additional_audiences_len = 1;
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT); /* no audience to add to */
    policy.audience = "api-1";
    CHECK(verify(&policy), JWTV_MISSING_CLAIM); /* the token has no aud */
    const char *names[JWTV_MAX_LIST + 1];
    for (size_t i = 0; i <= JWTV_MAX_LIST; i++) names[i] = "iss";
    policy = jwt_policy();
    policy.required_claims = names;
    policy.required_claims_len = JWTV_MAX_LIST + 1;
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    policy.required_claims_len = JWTV_MAX_LIST;
    CHECK(verify(&policy), JWTV_OK);
    policy.required_claims = NULL;
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    policy.required_claims_len = 0;
    CHECK(verify(&policy), JWTV_OK);
    policy = jwt_policy();
    policy.issuer = "\xc3\x28"; /* not UTF-8 */
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    char *unterminated = malloc(JWTV_MAX_STRING_LEN + 1);
    memset(unterminated, 'a', JWTV_MAX_STRING_LEN + 1);
    policy.issuer = unterminated;
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    unterminated[JWTV_MAX_STRING_LEN] = 0;
    CHECK(verify(&policy), JWTV_ISSUER_MISMATCH);
    free(unterminated);

    /* Verification inputs: null, misaligned, overlapping the buffer. */
    policy = jwt_policy();
    CHECK(jwtv_verify(NULL, &policy, (const uint8_t *)TOKEN, strlen(TOKEN), NOW, &buffer_at.buffer),
          JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_verify(&keys_at.keyset, NULL, (const uint8_t *)TOKEN, strlen(TOKEN), NOW, &buffer_at.buffer),
          JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_verify(&keys_at.keyset, &policy, (const uint8_t *)TOKEN, strlen(TOKEN), NOW, NULL),
          JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_verify(&keys_at.keyset, &policy, (const uint8_t *)TOKEN, strlen(TOKEN), NOW,
                      &never_initialised_at.buffer),
          JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_verify(&keys_at.keyset, &policy, NULL, 10, NOW, &buffer_at.buffer), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_verify(&keys_at.keyset, &policy, NULL, 0, NOW, &buffer_at.buffer), JWTV_MALFORMED_TOKEN);
    CHECK(jwtv_verify(&keys_at.keyset, &policy, (const uint8_t *)TOKEN, strlen(TOKEN), NOW,
                      (jwtv_token_buffer *)(void *)(moved_at.bytes + 1)),
          JWTV_INVALID_ARGUMENT);
    memcpy(buffer_at.bytes + 4000, TOKEN, strlen(TOKEN));
    CHECK(jwtv_verify(&keys_at.keyset, &policy, buffer_at.bytes + 4000, strlen(TOKEN), NOW, &buffer_at.buffer),
          JWTV_INVALID_ARGUMENT);
    TRUE(memcmp(buffer_at.bytes + 4000, TOKEN, strlen(TOKEN)) == 0);
    /* A token at the buffer's start: refused, and not one byte of it changed. */
    memcpy(buffer_at.bytes, TOKEN, strlen(TOKEN));
    CHECK(jwtv_verify(&keys_at.keyset, &policy, buffer_at.bytes, strlen(TOKEN), NOW, &buffer_at.buffer),
          JWTV_INVALID_ARGUMENT);
    TRUE(memcmp(buffer_at.bytes, TOKEN, strlen(TOKEN)) == 0);
    /* The key set given as the buffer: refused, the key set untouched and still usable. */
    CHECK(jwtv_verify(&keys_at.keyset, &policy, (const uint8_t *)TOKEN, strlen(TOKEN), NOW,
                      (jwtv_token_buffer *)(void *)&keys_at.keyset),
          JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_keyset_count(&keys_at.keyset, &count), JWTV_OK);
    TRUE(count == 1);
    CHECK(jwtv_token_buffer_init(&buffer_at.buffer, sizeof buffer_at), JWTV_OK);
    memcpy(buffer_at.bytes + 100, "joe", 4);
    policy.issuer = (const char *)buffer_at.bytes + 100;
    CHECK(verify(&policy), JWTV_INVALID_ARGUMENT);
    policy = jwt_policy();
    CHECK(jwtv_verify((const jwtv_keyset *)(const void *)buffer_at.bytes, &policy,
                      (const uint8_t *)TOKEN, strlen(TOKEN), NOW, &buffer_at.buffer),
          JWTV_INVALID_ARGUMENT);

    /* No claims after a failure, nor from a buffer initialised and never verified. */
    CHECK(verify(&policy), JWTV_OK);
    CHECK(jwtv_verify(&keys_at.keyset, &policy, (const uint8_t *)TOKEN, strlen(TOKEN), 1400000000, &buffer_at.buffer),
          JWTV_EXPIRED);
    CHECK(jwtv_claim_string(&buffer_at.buffer, "iss", out, sizeof out, &len), JWTV_NOT_VERIFIED);
    CHECK(jwtv_claim_string(&moved_at.buffer, "iss", out, sizeof out, &len), JWTV_NOT_VERIFIED);
    /* Nor after a refused policy: the previous token is forgotten. */
    CHECK(verify(&policy), JWTV_OK);
    CHECK(verify(&zero), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_claim_string(&buffer_at.buffer, "iss", out, sizeof out, &len), JWTV_NOT_VERIFIED);

    /* Storage reused at the same address (a stack frame's): a buffer verified there, then a
     * new one initialised there reads no claims, through every reader. */
    jwtv_token_buffer *first = (jwtv_token_buffer *)(void *)pool;
    CHECK(jwtv_token_buffer_init(first, sizeof pool), JWTV_OK);
    CHECK(jwtv_verify(&keys_at.keyset, &policy, (const uint8_t *)TOKEN, strlen(TOKEN), NOW, first), JWTV_OK);
    CHECK(jwtv_claim_string(first, "iss", out, sizeof out, &len), JWTV_OK);
    jwtv_token_buffer *second = (jwtv_token_buffer *)(void *)pool;
    CHECK(jwtv_token_buffer_init(second, sizeof pool), JWTV_OK);
    CHECK(jwtv_claim_string(second, "iss", out, sizeof out, &len), JWTV_NOT_VERIFIED);
    CHECK(jwtv_claim_integer(second, "exp", &integer), JWTV_NOT_VERIFIED);
    CHECK(jwtv_claim_bool(second, "http://example.com/is_root", &flag), JWTV_NOT_VERIFIED);
    CHECK(jwtv_claim_present(second, "iss", &flag), JWTV_NOT_VERIFIED);
    CHECK(jwtv_claim_array_len(second, "iss", &count), JWTV_NOT_VERIFIED);
    CHECK(jwtv_has_scope(second, "openid", &flag), JWTV_NOT_VERIFIED);
    {
        const uint8_t *p = NULL;
        uint32_t a = 0;
        CHECK(jwtv_payload(second, &p, &len), JWTV_NOT_VERIFIED);
        CHECK(jwtv_header_alg(second, &a), JWTV_NOT_VERIFIED);
    }
    /* The same on a real stack, when the two frames share the address. */
    {
        jwtv_status verdict, init, read;
        uintptr_t at1 = verify_on_stack(&verdict);
        uintptr_t at2 = read_on_stack(&init, &read);
        CHECK(verdict, JWTV_OK);
        CHECK(init, JWTV_OK);
        CHECK(read, JWTV_NOT_VERIFIED);
        if (at1 != at2) printf("note: the two stack buffers did not share an address\n");
    }

    /* Claims after success. */
    CHECK(verify(&policy), JWTV_OK);
    CHECK(jwtv_claim_string(&buffer_at.buffer, "iss", out, sizeof out, &len), JWTV_OK);
    TRUE(len == 3 && strcmp(out, "joe") == 0);
    CHECK(jwtv_claim_string(&buffer_at.buffer, "iss", out, 4, NULL), JWTV_OK);
    len = 0;
    CHECK(jwtv_claim_string(&buffer_at.buffer, "iss", out, 3, &len), JWTV_BUFFER_TOO_SMALL);
    TRUE(len == 3);
    CHECK(jwtv_claim_string(&buffer_at.buffer, "iss", out, 0, &len), JWTV_BUFFER_TOO_SMALL);
    /* The size query, as documented: (NULL, 0, &len) gives the length. */
    len = 0;
    CHECK(jwtv_claim_string(&buffer_at.buffer, "iss", NULL, 0, &len), JWTV_BUFFER_TOO_SMALL);
    TRUE(len == 3);
    len = 77;
    CHECK(jwtv_claim_string(&buffer_at.buffer, "iss", NULL, 0, NULL), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_claim_string(&buffer_at.buffer, "iss", NULL, 4, &len), JWTV_INVALID_ARGUMENT);
    TRUE(len == 77);
    CHECK(jwtv_claim_string(&buffer_at.buffer, NULL, out, sizeof out, &len), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_claim_string(NULL, "iss", out, sizeof out, &len), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_claim_string(&buffer_at.buffer, "iss", (char *)buffer_at.bytes + 8000, 16, &len),
          JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_claim_string(&buffer_at.buffer, "iss", out, sizeof out, (size_t *)(void *)out),
          JWTV_INVALID_ARGUMENT);
    strcpy(out, "iss");
    CHECK(jwtv_claim_string(&buffer_at.buffer, out, out, sizeof out, &len), JWTV_INVALID_ARGUMENT);
    /* Every output checked against the name and the buffer before anything is written. */
    {
        static JWTV_ALIGNED(8) char name[16] = "exp";
        len = 77;
        CHECK(jwtv_claim_string(&buffer_at.buffer, name, out, sizeof out, (size_t *)(void *)name),
              JWTV_INVALID_ARGUMENT);
        CHECK(jwtv_claim_integer(&buffer_at.buffer, name, (int64_t *)(void *)name), JWTV_INVALID_ARGUMENT);
        CHECK(jwtv_claim_array_len(&buffer_at.buffer, name, (size_t *)(void *)name), JWTV_INVALID_ARGUMENT);
        CHECK(jwtv_claim_present(&buffer_at.buffer, name, (bool *)(void *)(name + 1)), JWTV_INVALID_ARGUMENT);
        CHECK(jwtv_has_scope(&buffer_at.buffer, name, (bool *)(void *)(name + 2)), JWTV_INVALID_ARGUMENT);
        TRUE(strcmp(name, "exp") == 0);
        CHECK(jwtv_claim_string(&buffer_at.buffer, "nope", NULL, 0, (size_t *)(void *)buffer_at.bytes),
              JWTV_INVALID_ARGUMENT);
        CHECK(jwtv_claim_integer(&buffer_at.buffer, "nope", NULL), JWTV_INVALID_ARGUMENT);
        const uint8_t *one = NULL;
        CHECK(jwtv_payload(&buffer_at.buffer, &one, (size_t *)(void *)&one), JWTV_INVALID_ARGUMENT);
        TRUE(one == NULL);
    }
    CHECK(jwtv_claim_string(&buffer_at.buffer, "sub", out, sizeof out, &len), JWTV_CLAIM_ABSENT);
    CHECK(jwtv_claim_string(&buffer_at.buffer, "exp", out, sizeof out, &len), JWTV_CLAIM_TYPE_MISMATCH);
    CHECK(jwtv_claim_integer(&buffer_at.buffer, "exp", &integer), JWTV_OK);
    TRUE(integer == 1300819380);
    CHECK(jwtv_claim_integer(&buffer_at.buffer, "iss", &integer), JWTV_CLAIM_TYPE_MISMATCH);
    CHECK(jwtv_claim_integer(&buffer_at.buffer, "exp", NULL), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_claim_bool(&buffer_at.buffer, "http://example.com/is_root", &flag), JWTV_OK);
    TRUE(flag);
    CHECK(jwtv_claim_bool(&buffer_at.buffer, "exp", &flag), JWTV_CLAIM_TYPE_MISMATCH);
    CHECK(jwtv_claim_present(&buffer_at.buffer, "exp", &flag), JWTV_OK);
    TRUE(flag);
    CHECK(jwtv_claim_present(&buffer_at.buffer, "nbf", &flag), JWTV_OK);
    TRUE(!flag);
    CHECK(jwtv_claim_array_len(&buffer_at.buffer, "iss", &count), JWTV_CLAIM_TYPE_MISMATCH);
    CHECK(jwtv_claim_array_len(&buffer_at.buffer, "groups", &count), JWTV_CLAIM_ABSENT);
    CHECK(jwtv_claim_array_string(&buffer_at.buffer, "iss", 0, out, sizeof out, &len),
          JWTV_CLAIM_TYPE_MISMATCH);
    CHECK(jwtv_has_scope(&buffer_at.buffer, "openid", &flag), JWTV_OK);
    TRUE(!flag);
    uint32_t alg = 0;
    CHECK(jwtv_header_alg(&buffer_at.buffer, &alg), JWTV_OK);
    TRUE(alg == JWTV_ALG_HS256);
    const uint8_t *payload = NULL;
    CHECK(jwtv_payload(&buffer_at.buffer, &payload, &len), JWTV_OK);
    TRUE(len > 10 && payload[0] == '{' && payload >= buffer_at.bytes &&
         payload + len <= buffer_at.bytes + sizeof buffer_at.bytes);

    /* A copy of the buffer is refused (its claims point into the original). */
    memcpy(&moved_at, &buffer_at, sizeof buffer_at);
    CHECK(jwtv_claim_string(&moved_at.buffer, "iss", out, sizeof out, &len), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_verify(&keys_at.keyset, &policy, (const uint8_t *)TOKEN, strlen(TOKEN), NOW, &moved_at.buffer),
          JWTV_INVALID_ARGUMENT);

    /* A partly overwritten buffer is refused, wherever the bytes changed; put back, it reads
     * again. */
    for (size_t at = 0; at < sizeof buffer_at.bytes; at += 509) {
        uint8_t was = buffer_at.bytes[at];
        buffer_at.bytes[at] ^= 0x20;
        jwtv_status s = jwtv_claim_integer(&buffer_at.buffer, "exp", &integer);
        if (s != JWTV_INVALID_ARGUMENT) printf("byte %lu changed: ", (unsigned long)at);
        CHECK(s, JWTV_INVALID_ARGUMENT);
        buffer_at.bytes[at] = was;
    }
    CHECK(jwtv_claim_integer(&buffer_at.buffer, "exp", &integer), JWTV_OK);
    memset(buffer_at.bytes + sizeof buffer_at.bytes - 64, 0xA5, 64);
    CHECK(jwtv_claim_integer(&buffer_at.buffer, "exp", &integer), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_token_buffer_init(&buffer_at.buffer, sizeof buffer_at), JWTV_OK);

    /* Arrays, and the size query of their elements. */
    CHECK(jwtv_verify(&keys_at.keyset, &policy, (const uint8_t *)GROUPS_TOKEN, strlen(GROUPS_TOKEN), NOW,
                      &buffer_at.buffer),
          JWTV_OK);
    CHECK(jwtv_claim_array_len(&buffer_at.buffer, "groups", &count), JWTV_OK);
    TRUE(count == 2);
    len = 0;
    CHECK(jwtv_claim_array_string(&buffer_at.buffer, "groups", 1, NULL, 0, &len), JWTV_BUFFER_TOO_SMALL);
    TRUE(len == 3);
    CHECK(jwtv_claim_array_string(&buffer_at.buffer, "groups", 1, out, len + 1, &len), JWTV_OK);
    TRUE(strcmp(out, "bcd") == 0);
    CHECK(jwtv_claim_array_string(&buffer_at.buffer, "groups", 1, NULL, 0, NULL), JWTV_INVALID_ARGUMENT);
    CHECK(jwtv_claim_array_string(&buffer_at.buffer, "groups", 2, NULL, 0, &len), JWTV_CLAIM_ABSENT);

    /* Signature only: no claims. */
    policy = jwt_policy();
    policy.profile = JWTV_PROFILE_JWS;
    CHECK(verify(&policy), JWTV_OK);
    CHECK(jwtv_claim_string(&buffer_at.buffer, "iss", out, sizeof out, &len), JWTV_NO_CLAIMS);
    CHECK(jwtv_payload(&buffer_at.buffer, &payload, &len), JWTV_OK);

    /* A token longer than the buffer's room; one exactly as long is read (and found
     * malformed). */
    static uint8_t long_token[sizeof buffer_at - sizeof(jwtv_token_buffer) + 1];
    memset(long_token, 'a', sizeof long_token);
    CHECK(jwtv_verify(&keys_at.keyset, &policy, long_token, sizeof long_token - 1, NOW,
                      &buffer_at.buffer),
          JWTV_MALFORMED_TOKEN);
    CHECK(jwtv_verify(&keys_at.keyset, &policy, long_token, sizeof long_token, NOW, &buffer_at.buffer),
          JWTV_CAPACITY_EXCEEDED);

    printf("C interface, misuse and claims: %u checks\n", passed + failed);
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
