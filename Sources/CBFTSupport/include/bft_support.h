#ifndef BFT_SUPPORT_H
#define BFT_SUPPORT_H

/// Hints the processor to load the cache line at `address` for reading: the engine issues these for
/// a batch of hash-table probes before performing them, so that their memory latencies overlap.
static inline __attribute__((always_inline)) void bft_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
