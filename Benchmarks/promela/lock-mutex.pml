/*
 * The `lock-mutex` fixture (Sources/FixtureModels/LockMutex.swift) in Promela, for SPIN.
 *
 * N processes share one lock. With SEEDED_BUG = 1 a process tests the lock and sets it in two
 * separate steps, so two processes can both enter the critical section and MutualExclusion fails;
 * with SEEDED_BUG = 0 test-and-set is atomic.
 *
 * Instantiate with the preprocessor: spin -DN=3 -DSEEDED_BUG=1 -a lock-mutex.pml  (N at most 16).
 * -DCHECK_MUTEX=0 leaves the invariant out, to count the whole state space of the buggy variant.
 *
 * The N processes are modelled as bftcheck models them: as data (an array of locations), stepped by
 * one Promela process resting at the head of one `do` loop. Each bftcheck action is one `d_step`
 * option: one SPIN transition, no intermediate states, no per-process program counters. The
 * invariant is asserted at the end of every step, on the state the step produced (the initial
 * state satisfies it); the loop that counts critical processes uses `hidden` variables, which are
 * not part of SPIN's state vector, so checking it adds no states.
 */
#ifndef N
#define N 3
#endif
#ifndef SEEDED_BUG
#define SEEDED_BUG 1
#endif
#ifndef CHECK_MUTEX
#define CHECK_MUTEX 1
#endif

#define IDLE     0
#define SAW_FREE 1
#define CRITICAL 2

byte loc[N];      /* each process's location */
bool locked;      /* the lock bit */

hidden byte scan; /* scratch for MUTEX_CHECK: not stored */
hidden byte critical;

#if CHECK_MUTEX
/* MutualExclusion: at most one process is in the critical section. */
#define MUTEX_CHECK \
    critical = 0; scan = 0; \
    do \
    :: scan < N -> critical = critical + (loc[scan] == CRITICAL -> 1 : 0); scan++ \
    :: else -> break \
    od; \
    assert(critical <= 1); critical = 0; scan = 0
#else
#define MUTEX_CHECK skip
#endif

#if SEEDED_BUG
/* test(j): read the lock and see it free. enter(j): take it. leave(j): release it. */
#define PROCESS(j) \
    :: d_step { loc[j] == IDLE && !locked -> loc[j] = SAW_FREE; MUTEX_CHECK } \
    :: d_step { loc[j] == SAW_FREE -> loc[j] = CRITICAL; locked = true; MUTEX_CHECK } \
    :: d_step { loc[j] == CRITICAL -> loc[j] = IDLE; locked = false; MUTEX_CHECK }
#else
/* enter(j): atomic test-and-set. leave(j): release the lock. */
#define PROCESS(j) \
    :: d_step { loc[j] == IDLE && !locked -> loc[j] = CRITICAL; locked = true; MUTEX_CHECK } \
    :: d_step { loc[j] == CRITICAL -> loc[j] = IDLE; locked = false; MUTEX_CHECK }
#endif

active proctype mutex()
{
end:
    do
    PROCESS(0)
#if N > 1
    PROCESS(1)
#endif
#if N > 2
    PROCESS(2)
#endif
#if N > 3
    PROCESS(3)
#endif
#if N > 4
    PROCESS(4)
#endif
#if N > 5
    PROCESS(5)
#endif
#if N > 6
    PROCESS(6)
#endif
#if N > 7
    PROCESS(7)
#endif
#if N > 8
    PROCESS(8)
#endif
#if N > 9
    PROCESS(9)
#endif
#if N > 10
    PROCESS(10)
#endif
#if N > 11
    PROCESS(11)
#endif
#if N > 12
    PROCESS(12)
#endif
#if N > 13
    PROCESS(13)
#endif
#if N > 14
    PROCESS(14)
#endif
#if N > 15
    PROCESS(15)
#endif
    od
}
