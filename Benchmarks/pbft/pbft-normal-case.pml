/*
 * The PBFT normal case of Specs/pbft/n4-f1-normal-case.cfg in Promela, for SPIN: n = 4, f = 1,
 * quorum n − f = 3, replica r0 (the primary of view 0) Byzantine, r1..r3 correct; REQUESTS requests
 * (default 2), sequence numbers 1..SLOTS (default 2), view 0 only, no checkpoints (window L = SLOTS).
 * Instantiate with the preprocessor, e.g. spin -DSLOTS=3 -a pbft-normal-case.pml (SLOTS ≤ 4,
 * REQUESTS ≤ 3); the matching bftcheck config sets max_seq = SLOTS, requests = REQUESTS.
 *
 * The twin of the bftcheck model (Sources/ProtocolSpecs/PBFT), with the same state and the same steps,
 * so that SPIN's count of stored states equals bftcheck's without symmetry, state for state:
 *  - the state is exactly the correct replicas' rows that can change in this configuration: the
 *    digest of the PREPARE each sent per slot (its PREPREPARE acceptance), whether it sent COMMIT per
 *    slot (it was prepared), its ledger per slot, and its conflicting-commit flag. Digests use
 *    bftcheck's codes: 0 none, 2 req1, 3 req2, 4 req3. The other fields (view, view-change flag, stable
 *    checkpoint, VIEWCHANGE and NEWVIEW messages) are constant here and left out;
 *  - the Byzantine primary is not a process and has no state: its PREPREPAREs (any request, to any
 *    backup) and its COMMITs (any digest) are the always-available vocabulary, which is why ACCEPT
 *    takes either request and COMMIT's support counts r0 unconditionally;
 *  - one process, whose control rests at the head of one `do` loop; each bftcheck action is one
 *    `d_step` option (one transition, no intermediate states); the loop head is an `end` label, so a
 *    state without enabled options is a valid end state.
 *
 * Run: spin -a pbft-normal-case.pml && gcc -O2 -DSAFETY -o pan pan.c && ./pan
 * Expected: 21025 states, stored (bftcheck: 21025 distinct states); with -DSLOTS=3, 3048625.
 */
#ifndef SLOTS
#define SLOTS 2
#endif
#ifndef REQUESTS
#define REQUESTS 2
#endif
#define Q 3                     /* quorum n − f */
#define BYZANTINE_COMMITS 1     /* r0 is Byzantine: its COMMIT is available for any digest */

byte prep[3 * SLOTS];  /* prep[(i − 1) · SLOTS + s − 1]: PREPARE(v0, s, d) sent by ri; 0 none */
bit  com[3 * SLOTS];   /* COMMIT(v0, s, d) sent by ri (ri prepared)                            */
byte led[3 * SLOTS];   /* the digest ri committed at s; 0 none                                  */
bit  conflict[3];

#define P(i, s) prep[((i) - 1) * SLOTS + (s) - 1]
#define C(i, s) com[((i) - 1) * SLOTS + (s) - 1]
#define L(i, s) led[((i) - 1) * SLOTS + (s) - 1]

/* Matching PREPAREs from distinct backups of view 0 (r1..r3; r0 is the primary). */
#define PREPARES(s, d) ((P(1, s) == (d)) + (P(2, s) == (d)) + (P(3, s) == (d)))
/* Matching COMMITs: correct replicas that sent COMMIT for d, and the Byzantine r0. */
#define COMMITS(s, d) ((C(1, s) && P(1, s) == (d)) + (C(2, s) && P(2, s) == (d)) + (C(3, s) && P(3, s) == (d)) + BYZANTINE_COMMITS)

/* Agreement: correct ledgers agree wherever both are filled; nobody committed twice differently. */
#define DIFFER(i, j, s) (L(i, s) != 0 && L(j, s) != 0 && L(i, s) != L(j, s))
#define AGREE(s) (!DIFFER(1, 2, s) && !DIFFER(1, 3, s) && !DIFFER(2, 3, s))
#if SLOTS == 1
#define AGREE_SLOTS AGREE(1)
#elif SLOTS == 2
#define AGREE_SLOTS (AGREE(1) && AGREE(2))
#elif SLOTS == 3
#define AGREE_SLOTS (AGREE(1) && AGREE(2) && AGREE(3))
#else
#define AGREE_SLOTS (AGREE(1) && AGREE(2) && AGREE(3) && AGREE(4))
#endif
#define AGREEMENT (!conflict[0] && !conflict[1] && !conflict[2] && AGREE_SLOTS)

/* acceptPrePrepare(ri, v0, s, d): the first PREPREPARE for (v0, s); then PREPARE. */
#define ACCEPT(i, s, d) :: d_step { P(i, s) == 0 -> P(i, s) = d }
/* prepare(ri, v0, s, d): the PREPREPARE and Q − 1 matching PREPAREs; then COMMIT. */
#define PREPARE(i, s) :: d_step { P(i, s) != 0 && !C(i, s) && PREPARES(s, P(i, s)) >= Q - 1 -> C(i, s) = 1 }
/* commit(ri, v0, s, d): prepared and Q matching COMMITs; a second, different digest is a conflict. */
#define COMMIT(i, s) :: d_step { C(i, s) && L(i, s) != P(i, s) && COMMITS(s, P(i, s)) >= Q -> \
        if \
        :: L(i, s) == 0 -> L(i, s) = P(i, s) \
        :: else -> conflict[(i) - 1] = 1 \
        fi; \
        assert(AGREEMENT) }

/* The steps of replica ri at slot s, for each request. */
#if REQUESTS == 1
#define ACCEPTS(i, s) ACCEPT(i, s, 2)
#elif REQUESTS == 2
#define ACCEPTS(i, s) ACCEPT(i, s, 2) ACCEPT(i, s, 3)
#else
#define ACCEPTS(i, s) ACCEPT(i, s, 2) ACCEPT(i, s, 3) ACCEPT(i, s, 4)
#endif
#define SLOT(i, s) ACCEPTS(i, s) PREPARE(i, s) COMMIT(i, s)

#if SLOTS == 1
#define REPLICA(i) SLOT(i, 1)
#elif SLOTS == 2
#define REPLICA(i) SLOT(i, 1) SLOT(i, 2)
#elif SLOTS == 3
#define REPLICA(i) SLOT(i, 1) SLOT(i, 2) SLOT(i, 3)
#else
#define REPLICA(i) SLOT(i, 1) SLOT(i, 2) SLOT(i, 3) SLOT(i, 4)
#endif

active proctype pbft()
{
end:
    do
    REPLICA(1)
    REPLICA(2)
    REPLICA(3)
    od
}
