/* The key-set update scenarios through the C interface, on the host, under AddressSanitizer and
 * UndefinedBehaviorSanitizer: every step's verdict and installed kids must be the fixture's, as
 * in host-harness's Rust runner (`jwtv keyset-updates`).
 *
 *   cargo run -p host-harness -- export-updates --output target/capi-c/updates.bin
 *   ./updates target/capi-c/updates.bin
 */
#include <stdio.h>
#include <stdlib.h>

#include "host_file.h"
#include "updates.h"

static updates_device device;
static updates_step step;

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s UPDATES.bin\n", argv[0]);
        return 2;
    }
    size_t size = 0;
    uint8_t *steps = host_file_read(argv[1], &size);
    if (!steps) return 2;
    updates_totals totals = {0, 0};
    bool ok = updates_all(steps, size, &device, &step, &totals);
    free(steps);
    printf("C interface, key-set update scenarios: %lu passed, %lu failed\n",
           (unsigned long)totals.passed, (unsigned long)totals.failed);
    return ok && totals.failed == 0 && totals.passed > 0 ? 0 : 1;
}
