/* The key-set update scenarios (fixtures/keyset-updates) through the C interface on the
 * Cortex-M4 (QEMU mps2-an386): rotation, every refusal (rollback included) and the stored form
 * read at boot, each step's verdict and installed kids the fixture's (capi/tests/updates.h).
 * The steps are the C array `jwtv export-updates --format c` writes. */
#include <stdio.h>

#include "updates.h"

extern const uint8_t jwtv_updates[];
extern const size_t jwtv_updates_len;

static updates_device device;
static updates_step step;

int main(void) {
    updates_totals totals = {0, 0};
    bool ok = updates_all(jwtv_updates, jwtv_updates_len, &device, &step, &totals);
    printf("key-set update scenarios on the Cortex-M4: %lu passed, %lu failed\n",
           (unsigned long)totals.passed, (unsigned long)totals.failed);
    return ok && totals.failed == 0 && totals.passed > 0 ? 0 : 1;
}
