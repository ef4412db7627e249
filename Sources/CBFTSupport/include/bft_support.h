#ifndef BFT_SUPPORT_H
#define BFT_SUPPORT_H

#include <stddef.h>

/// Hints the processor to load the cache line at `address` for reading: the engine issues these for
/// a batch of hash-table probes before performing them, so that their memory latencies overlap.
static inline __attribute__((always_inline)) void bft_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// Allocates `bytes` of zeroed, cache-line aligned memory for a hash table, or returns NULL. Large
/// tables are mapped with their pages populated up front (Linux), which is cheaper than a page fault
/// per 4 KiB on first touch followed by a memset. Free with `bft_table_free` and the same size.
void *bft_table_allocate(size_t bytes);

/// Frees a table from `bft_table_allocate`; `bytes` must be the size it was allocated with.
void bft_table_free(void *table, size_t bytes);

#endif
