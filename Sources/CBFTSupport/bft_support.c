// Table memory for the engine's hash tables; see include/bft_support.h.
#include "bft_support.h"

#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
#include <sys/mman.h>
#define BFT_MAPPED_TABLE_BYTES ((size_t)1 << 20)
#endif

void *bft_table_allocate(size_t bytes) {
    if (bytes == 0) bytes = 64;
#if defined(__linux__)
    if (bytes >= BFT_MAPPED_TABLE_BYTES) {
        // Fresh zeroed pages, faulted in by the kernel in one go (MAP_POPULATE) instead of one page
        // fault per 4 KiB on first touch, and without a memset: the kernel zeroes them anyway.
        void *table = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        return table == MAP_FAILED ? NULL : table;
    }
#endif
    // Cache-line aligned, so that a bucket of eight slots is one line.
    void *table = NULL;
    if (posix_memalign(&table, 64, bytes) != 0) return NULL;
    memset(table, 0, bytes);
    return table;
}

void bft_table_free(void *table, size_t bytes) {
    if (table == NULL) return;
    if (bytes == 0) bytes = 64;
#if defined(__linux__)
    if (bytes >= BFT_MAPPED_TABLE_BYTES) {
        munmap(table, bytes);
        return;
    }
#endif
    free(table);
}
