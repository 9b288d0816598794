/* The host tests' input: a whole file read into memory the test allocates (the library
 * allocates nothing). Host only: the Cortex-M4 examples take their input as C arrays. */
#ifndef JWTV_HOST_FILE_H
#define JWTV_HOST_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The bytes of `path` and their count in *len, or NULL (the reason printed) if it cannot be
 * read. free() the result. */
static uint8_t *host_file_read(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *bytes = size >= 0 ? malloc((size_t)size + 1) : NULL;
    if (!bytes || fread(bytes, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "cannot read %s\n", path);
        free(bytes);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *len = (size_t)size;
    return bytes;
}

#endif /* JWTV_HOST_FILE_H */
