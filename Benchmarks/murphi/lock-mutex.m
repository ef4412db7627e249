-- The `lock-mutex` fixture (Sources/FixtureModels/LockMutex.swift) in Murphi, for Rumur.
--
-- N processes share one lock. With SEEDED_BUG = 1 a process tests the lock and sets it in two
-- separate steps, so two processes can both enter the critical section and MutualExclusion fails;
-- with SEEDED_BUG = 0 test-and-set is atomic. CHECK_MUTEX = 0 leaves the invariant out, to count
-- the whole state space of the buggy variant.
--
-- Instantiate by replacing the constants (Benchmarks/run-comparison.sh does it with sed):
--   sed -e 's/^  N : [0-9]*;/  N : 3;/' -e 's/^  SEEDED_BUG : [0-9]*;/  SEEDED_BUG : 1;/' lock-mutex.m
--
-- Processes are a plain range, not a scalarset, so Rumur applies no symmetry reduction. Each
-- bftcheck action is one rule instance; a state where no process can move is not an error (run
-- Rumur with --deadlock-detection off).

const
  N : 3;
  SEEDED_BUG : 1;
  CHECK_MUTEX : 1;

type
  Proc : 0..N-1;
  Location : enum { Idle, SawFree, Critical };

var
  loc : array [Proc] of Location;
  locked : boolean;

startstate "AllIdle"
  for p : Proc do
    loc[p] := Idle;
  endfor;
  locked := false;
endstartstate;

ruleset p : Proc do

  -- Buggy variant: see the lock free, then take it in a separate step.
  rule "test"
    SEEDED_BUG = 1 & loc[p] = Idle & !locked
  ==>
  begin
    loc[p] := SawFree;
  endrule;

  -- Buggy variant: enter after having seen the lock free. Correct variant: atomic test-and-set.
  rule "enter"
    (SEEDED_BUG = 1 & loc[p] = SawFree) | (SEEDED_BUG = 0 & loc[p] = Idle & !locked)
  ==>
  begin
    loc[p] := Critical;
    locked := true;
  endrule;

  rule "leave"
    loc[p] = Critical
  ==>
  begin
    loc[p] := Idle;
    locked := false;
  endrule;

endruleset;

invariant "MutualExclusion"
  CHECK_MUTEX = 0 | (forall p : Proc do forall q : Proc do
    (loc[p] = Critical & loc[q] = Critical) -> p = q endforall endforall);
