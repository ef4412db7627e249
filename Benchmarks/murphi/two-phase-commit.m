-- The `two-phase-commit` fixture (Sources/FixtureModels/TwoPhaseCommit.swift) in Murphi, for
-- Rumur: Lamport's TwoPhase with K resource managers. 288 / 1,568 / 8,832 states for K = 3 / 4 / 5.
--
-- Instantiate by replacing the constant (Benchmarks/run-comparison.sh does it with sed):
--   sed -e 's/^  K : [0-9]*;/  K : 9;/' two-phase-commit.m
--
-- The variables are TwoPhase's: rmState, tmState (decided), tmPrepared and the message set `msgs`
-- as flags (Prepared from each manager, Commit, Abort). Managers are a plain range, not a
-- scalarset, so Rumur applies no symmetry reduction. Each bftcheck action is one rule instance.
-- TwoPhase's final states have no successors; run Rumur with --deadlock-detection off.

const
  K : 3;

type
  Manager : 0..K-1;
  Phase : enum { Working, Prepared, Committed, Aborted };

var
  rmState : array [Manager] of Phase;
  decided : boolean;                          -- tmState = "done"
  tmPrepared : array [Manager] of boolean;
  preparedSent : array [Manager] of boolean;  -- [type |-> "Prepared", rm |-> m] \in msgs
  commitSent : boolean;                       -- [type |-> "Commit"] \in msgs
  abortSent : boolean;                        -- [type |-> "Abort"] \in msgs

startstate "Init"
  for m : Manager do
    rmState[m] := Working;
    tmPrepared[m] := false;
    preparedSent[m] := false;
  endfor;
  decided := false;
  commitSent := false;
  abortSent := false;
endstartstate;

ruleset m : Manager do
  rule "tmReceivePrepared"
    !decided & preparedSent[m] & !tmPrepared[m]
  ==>
  begin
    tmPrepared[m] := true;
  endrule;
endruleset;

rule "tmCommit"
  !decided & forall m : Manager do tmPrepared[m] endforall
==>
begin
  decided := true;
  commitSent := true;
endrule;

rule "tmAbort"
  !decided
==>
begin
  decided := true;
  abortSent := true;
endrule;

ruleset m : Manager do

  rule "prepare"
    rmState[m] = Working
  ==>
  begin
    rmState[m] := Prepared;
    preparedSent[m] := true;
  endrule;

  rule "chooseToAbort"
    rmState[m] = Working
  ==>
  begin
    rmState[m] := Aborted;
  endrule;

  rule "receiveCommit"
    commitSent & rmState[m] != Committed
  ==>
  begin
    rmState[m] := Committed;
  endrule;

  rule "receiveAbort"
    abortSent & rmState[m] != Aborted
  ==>
  begin
    rmState[m] := Aborted;
  endrule;

endruleset;

invariant "Consistent"
  !(exists m : Manager do rmState[m] = Committed endexists
    & exists m : Manager do rmState[m] = Aborted endexists);
