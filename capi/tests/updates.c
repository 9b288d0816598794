/* The key-set update scenarios through the C interface, on the host, under AddressSanitizer and
 * UndefinedBehaviorSanitizer: every step's verdict and installed kids must be the fixture's, as
 * in host-harness's Rust runner (`jwtv keyset-updates`).
 *
 *   cargo run -p host-harness -- export-updates --output target/capi-c/updates.bin
 *   ./updates target/capi-c/updates.bin
 */
#include <stdio.h>
#include <stdlib.h>

#include "updates.h"

static updates_device device;
static updates_step step;

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s UPDATES.bin\n", argv[0]);
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
    uint8_t *steps = malloc((size_t)size);
    if (!steps || fread(steps, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    fclose(f);
    updates_totals totals = {0, 0};
    bool ok = updates_all(steps, (size_t)size, &device, &step, &totals);
    free(steps);
    printf("C interface, key-set update scenarios: %lu passed, %lu failed\n",
           (unsigned long)totals.passed, (unsigned long)totals.failed);
    return ok && totals.failed == 0 && totals.passed > 0 ? 0 : 1;
}
