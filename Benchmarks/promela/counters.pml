/*
 * The `counters` fixture (Sources/FixtureModels/Counters.swift) in Promela, for SPIN.
 *
 * K counters in 0..<M. For each counter: increment if c + 1 < M, reset if c > 0.
 * Exactly M^K reachable states.
 *
 * Instantiate with the preprocessor: spin -DK=8 -DM=8 -a counters.pml  (K at most 16).
 *
 * Shape, so that SPIN's state space equals bftcheck's, state for state:
 *  - one process, whose control always rests at the head of one `do` loop: its program counter is
 *    the same in every stored state and adds no states;
 *  - each bftcheck action is one `d_step` option: one SPIN transition, no intermediate states;
 *  - the loop head is an `end` label, so a state without enabled options is a valid end state
 *    (bftcheck does not treat deadlock as an error either).
 */
#ifndef K
#define K 4
#endif
#ifndef M
#define M 6
#endif

byte c[K];

#define COUNTER(j) \
    :: d_step { c[j] + 1 < M -> c[j]++ } \
    :: d_step { c[j] > 0 -> c[j] = 0 }

active proctype counters()
{
end:
    do
    COUNTER(0)
#if K > 1
    COUNTER(1)
#endif
#if K > 2
    COUNTER(2)
#endif
#if K > 3
    COUNTER(3)
#endif
#if K > 4
    COUNTER(4)
#endif
#if K > 5
    COUNTER(5)
#endif
#if K > 6
    COUNTER(6)
#endif
#if K > 7
    COUNTER(7)
#endif
#if K > 8
    COUNTER(8)
#endif
#if K > 9
    COUNTER(9)
#endif
#if K > 10
    COUNTER(10)
#endif
#if K > 11
    COUNTER(11)
#endif
#if K > 12
    COUNTER(12)
#endif
#if K > 13
    COUNTER(13)
#endif
#if K > 14
    COUNTER(14)
#endif
#if K > 15
    COUNTER(15)
#endif
    od
}
