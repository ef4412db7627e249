-- The `counters` fixture (Sources/FixtureModels/Counters.swift) in Murphi, for Rumur.
--
-- K counters in 0..<M. For each counter: increment if c + 1 < M, reset if c > 0.
-- Exactly M^K reachable states.
--
-- Instantiate by replacing the two constants (Benchmarks/run-comparison.sh does it with sed):
--   sed -e 's/^  K : [0-9]*;/  K : 8;/' -e 's/^  M : [0-9]*;/  M : 8;/' counters.m
--
-- Plain ranges, not scalarsets, so Rumur applies no symmetry reduction (bftcheck runs without it
-- too). Each bftcheck action is one Murphi rule instance.

const
  K : 4;
  M : 6;

type
  CounterIndex : 0..K-1;
  Value : 0..M-1;

var
  c : array [CounterIndex] of Value;

startstate "AllZero"
  for i : CounterIndex do
    c[i] := 0;
  endfor;
endstartstate;

ruleset i : CounterIndex do

  rule "increment"
    c[i] + 1 < M
  ==>
  begin
    c[i] := c[i] + 1;
  endrule;

  rule "reset"
    c[i] > 0
  ==>
  begin
    c[i] := 0;
  endrule;

endruleset;

invariant "InRange"
  forall i : CounterIndex do c[i] >= 0 & c[i] < M endforall;
