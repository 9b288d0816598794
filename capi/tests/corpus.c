/* The whole fixture corpus through the C interface, on the host, under AddressSanitizer and
 * UndefinedBehaviorSanitizer: every verdict must be the fixture's (or its documented
 * divergence), as in host-harness's Rust runner.
 *
 *   cargo run -p host-harness -- export-cases --output target/capi-c/cases.bin
 *   ./corpus target/capi-c/cases.bin
 */
#include <stdio.h>
#include <stdlib.h>

#include "replay.h"

static replay_keyset keys;
static replay_buffer buffer;
static replay_case current;

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s CASES.bin\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    /* The test's own memory: the library allocates nothing. */
    uint8_t *cases = malloc((size_t)size);
    if (!cases || fread(cases, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    fclose(f);
    replay_totals totals = {0, 0, 0};
    bool ok = replay_all(cases, (size_t)size, &keys, &buffer, &current, &totals, NULL);
    free(cases);
    printf("C interface, whole corpus: %lu known divergences\n", (unsigned long)totals.divergences);
    printf("%lu passed, %lu failed\n", (unsigned long)(totals.passed + totals.divergences),
           (unsigned long)totals.failed);
    return ok && totals.failed == 0 && totals.passed > 0 ? 0 : 1;
}
