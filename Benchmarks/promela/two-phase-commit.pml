/*
 * The `two-phase-commit` fixture (Sources/FixtureModels/TwoPhaseCommit.swift) in Promela, for SPIN:
 * Lamport's TwoPhase with K resource managers. 288 / 1,568 / 8,832 states for K = 3 / 4 / 5.
 *
 * Instantiate with the preprocessor: spin -DK=9 -a two-phase-commit.pml  (K at most 16).
 *
 * Shape, so that SPIN's state space equals bftcheck's, state for state: one process resting at the
 * head of one `do` loop (its program counter adds no states); each bftcheck action is one `d_step`
 * option (one SPIN transition, no intermediate states); the loop head is an `end` label, because
 * TwoPhase's final states have no successors and that is not an error.
 *
 * The variables are TwoPhase's: rmState, tmState (decided), tmPrepared, and the message set `msgs`
 * as three flags (Prepared from each manager, Commit, Abort). tmPrepared is a bit mask so that
 * "every manager prepared" is one comparison for any K; that is a bijective encoding of the
 * Boolean array bftcheck stores, so it changes no counts.
 */
#ifndef K
#define K 3
#endif

#define WORKING   0
#define PREPARED  1
#define COMMITTED 2
#define ABORTED   3

byte rm[K];                  /* each resource manager's phase */
bool decided;                /* tmState = "done" */
unsigned tmPrepared : K;     /* bit m: the TM has received Prepared from manager m */
bool preparedSent[K];        /* [type |-> "Prepared", rm |-> m] \in msgs */
bool commitSent;             /* [type |-> "Commit"] \in msgs */
bool abortSent;              /* [type |-> "Abort"] \in msgs */

#define ALL_PREPARED (tmPrepared == (1 << K) - 1)

/* The TM receives Prepared from manager j. */
#define TM_RECEIVE(j) \
    :: d_step { !decided && preparedSent[j] && (tmPrepared & (1 << j)) == 0 -> tmPrepared = tmPrepared | (1 << j) }

/* Manager j's actions, in bftcheck's order: prepare, chooseToAbort, receiveCommit, receiveAbort. */
#define MANAGER(j) \
    :: d_step { rm[j] == WORKING -> rm[j] = PREPARED; preparedSent[j] = true } \
    :: d_step { rm[j] == WORKING -> rm[j] = ABORTED } \
    :: d_step { commitSent && rm[j] != COMMITTED -> rm[j] = COMMITTED } \
    :: d_step { abortSent && rm[j] != ABORTED -> rm[j] = ABORTED }

active proctype twoPhase()
{
end:
    do
    TM_RECEIVE(0)
#if K > 1
    TM_RECEIVE(1)
#endif
#if K > 2
    TM_RECEIVE(2)
#endif
#if K > 3
    TM_RECEIVE(3)
#endif
#if K > 4
    TM_RECEIVE(4)
#endif
#if K > 5
    TM_RECEIVE(5)
#endif
#if K > 6
    TM_RECEIVE(6)
#endif
#if K > 7
    TM_RECEIVE(7)
#endif
#if K > 8
    TM_RECEIVE(8)
#endif
#if K > 9
    TM_RECEIVE(9)
#endif
#if K > 10
    TM_RECEIVE(10)
#endif
#if K > 11
    TM_RECEIVE(11)
#endif
#if K > 12
    TM_RECEIVE(12)
#endif
#if K > 13
    TM_RECEIVE(13)
#endif
#if K > 14
    TM_RECEIVE(14)
#endif
#if K > 15
    TM_RECEIVE(15)
#endif
    :: d_step { !decided && ALL_PREPARED -> decided = true; commitSent = true }
    :: d_step { !decided -> decided = true; abortSent = true }
    MANAGER(0)
#if K > 1
    MANAGER(1)
#endif
#if K > 2
    MANAGER(2)
#endif
#if K > 3
    MANAGER(3)
#endif
#if K > 4
    MANAGER(4)
#endif
#if K > 5
    MANAGER(5)
#endif
#if K > 6
    MANAGER(6)
#endif
#if K > 7
    MANAGER(7)
#endif
#if K > 8
    MANAGER(8)
#endif
#if K > 9
    MANAGER(9)
#endif
#if K > 10
    MANAGER(10)
#endif
#if K > 11
    MANAGER(11)
#endif
#if K > 12
    MANAGER(12)
#endif
#if K > 13
    MANAGER(13)
#endif
#if K > 14
    MANAGER(14)
#endif
#if K > 15
    MANAGER(15)
#endif
    od
}
