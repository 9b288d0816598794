/* The whole fixture corpus through the C interface, on the host, under AddressSanitizer and
 * UndefinedBehaviorSanitizer: every verdict must be the fixture's (or its documented
 * divergence), as in host-harness's Rust runner.
 *
 *   cargo run -p host-harness -- export-cases --output target/capi-c/cases.bin
 *   ./corpus target/capi-c/cases.bin
 */
#include <stdio.h>
#include <stdlib.h>

#include "host_file.h"
#include "replay.h"

static replay_keyset keys;
static replay_buffer buffer;
static replay_case current;

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s CASES.bin\n", argv[0]);
        return 2;
    }
    size_t size = 0;
    uint8_t *cases = host_file_read(argv[1], &size);
    if (!cases) return 2;
    replay_totals totals = {0, 0, 0};
    bool ok = replay_all(cases, size, &keys, &buffer, &current, &totals, NULL);
    free(cases);
    printf("C interface, whole corpus: %lu known divergences\n", (unsigned long)totals.divergences);
    printf("%lu passed, %lu failed\n", (unsigned long)(totals.passed + totals.divergences),
           (unsigned long)totals.failed);
    return ok && totals.failed == 0 && totals.passed > 0 ? 0 : 1;
}
