/* The Rust starter's job (examples/cortex-m4) in C, on the Cortex-M4 (QEMU mps2-an386): RS256
 * OpenID Connect ID tokens from an Auth0-shaped tenant verified against the tenant's keys,
 * which stay in flash (`jwtv provision --emit c` wrote them with their R^2 mod n: the key set
 * holds two slots and no key material), the `sub` claim read. The same four test tokens and
 * verdicts as the starter's expected-output.txt.
 *
 * With BASELINE: the same program without the library (what the library adds is id_token.elf
 * less this). The stack of each verification is measured by painting. */
#include <stdio.h>
#include <string.h>

#include "jwtv.h"
#include "jwtv_keys.h"  /* jwtv provision --emit c, from the starter's jwks.json */
#include "tokens.h"     /* the starter's test tokens as C strings (the Makefile writes it) */

#define ISSUER "https://tenant.eu.auth0.example/"
#define CLIENT_ID "Xy7pQ2mVn4RkT9sLw3HbA6cDe8FgJ1Kz"
#define NOW 1700000000u

/* Stack measurement: stack_paint() before a step, stack_used() after it. */
#include "stack.h"

#ifdef BASELINE
int main(void) {
    unsigned peak = 0;
    for (size_t i = 0; i < sizeof TOKENS / sizeof TOKENS[0]; i++) {
        stack_paint();
        printf("%s: %s, sub %.*s\n", TOKENS[i].name, "valid", 8, TOKENS[i].token);
        unsigned used = stack_used();
        if (used > peak) peak = used;
    }
    printf("stack: %u bytes\n", peak + (unsigned)JWTV_KEY_COUNT);
    return 0;
}
#else
/* Two slots for the borrowed keys and no store; tokens of up to 2 KiB, as the starter. */
static JWTV_KEYSET_DEFINE(keys, JWTV_KEY_COUNT, 0);
static JWTV_TOKEN_BUFFER_DEFINE(buffer, 2048);

int main(void) {
    jwtv_status s = jwtv_keyset_init(&keys.keyset, sizeof keys, JWTV_KEY_COUNT);
    if (s == JWTV_OK) s = jwtv_keyset_borrow(&keys.keyset, JWTV_KEYS, JWTV_KEY_COUNT);
    if (s != JWTV_OK) {
        printf("keys: %s\n", jwtv_error_string(s));
        return 1;
    }
    jwtv_policy policy = {0};
    policy.profile = JWTV_PROFILE_ID_TOKEN;
    policy.algorithms = JWTV_ALG_RS256;
    policy.issuer = ISSUER;
    policy.audience = CLIENT_ID;

    unsigned peak = 0;
    for (size_t i = 0; i < sizeof TOKENS / sizeof TOKENS[0]; i++) {
        const char *token = TOKENS[i].token;
        s = jwtv_token_buffer_init(&buffer.buffer, sizeof buffer);
        stack_paint();
        if (s == JWTV_OK)
            s = jwtv_verify(&keys.keyset, &policy, (const uint8_t *)token, strlen(token), NOW,
                            &buffer.buffer);
        unsigned used = stack_used();
        if (used > peak) peak = used;
        char sub[256];
        if (s == JWTV_OK) s = jwtv_claim_string(&buffer.buffer, "sub", sub, sizeof sub, NULL);
        if (s == JWTV_OK) {
            printf("%s: valid, sub %s\n", TOKENS[i].name, sub);
        } else {
            printf("%s: %s\n", TOKENS[i].name, jwtv_error_string(s));
        }
    }
    printf("stack: RS256 verification %u bytes\n", peak);
    return 0;
}
#endif
