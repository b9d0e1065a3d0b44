"""bench/equation_kinds.py: every equation of a suite's outputs sorted by kind and size, false ones counted."""

from __future__ import annotations

import pytest

from tests._bench import calculator_outputs, load, run_with_samples

ek = load("equation_kinds")


@pytest.mark.parametrize("side, want", [
    ("26 + 53", ("+", 2)), ("44 + 6", ("+ carry", 2)), ("9 + 92", ("+ carry", 2)), ("73 - 33", ("-", 2)),
    ("85 - 58", ("- borrow", 2)), ("2 - 39", ("- below zero", 2)), ("412 - 420", ("- below zero", 3)),
    ("4 x 60", ("x", 2)), ("21 - 6 - 1", ("three terms or more", 2)), ("-6 + 24", ("+", 2)),
    ("21600 + 2580", ("+", 5)), ("7 + 8", ("+ carry", 1)),
])
def test_kind_by_the_first_side(side, want):
    assert ek.kind(side) == want


def test_the_calculators_own_equations_all_hold_and_slips_are_counted_by_kind():
    outputs = [o for _, o in calculator_outputs("clock_add_minutes", {}, 200, seed=3)]
    found, holding, wrong = ek.tally(outputs)
    assert sum(found.values()) > 600 and found == holding and not wrong
    assert {k for k, _ in found} >= {"+", "+ carry", "-", "- borrow", "x", "three terms or more"}
    slipped = ["Minutes: 85 - 58 = 23. Hours: 4 + 3 + 1 = 8.", "Minutes: 26 + 53 = 89; 89 - 60 = 29."]
    found, holding, wrong = ek.tally(slipped)
    assert found[("- borrow", 2)] == 1 and holding[("- borrow", 2)] == 0
    assert found[("+", 2)] == 1 and holding[("+", 2)] == 0 and holding[("-", 2)] == 1
    assert holding[("three terms or more", 1)] == 1
    assert list(wrong["- borrow"]) == ["85 - 58 = 23 (27)"] and list(wrong["+"]) == ["26 + 53 = 89 (79)"]


def test_main_prints_holds_by_kind_with_the_false_ones(tmp_path, capsys):
    rows = [("q1", "Minutes: 85 - 58 = 23. Hours: 4 + 3 + 1 = 8.\nAnswer: 08:23", False),
            ("q2", "Minutes: 85 - 58 = 27.\nAnswer: 08:27", True)]
    ek.main([str(run_with_samples(tmp_path, "clock_add_minutes", rows)), "clock_add_minutes"])
    out = capsys.readouterr().out
    assert "2 clock_add_minutes outputs, 3 equations, 2 hold" in out
    assert "    1 / 2     - borrow" in out and "(2 digits 1/2)" in out and "false: 85 - 58 = 23 (27)" in out
    with pytest.raises(SystemExit, match="no duration outputs"):
        ek.main([str(tmp_path), "duration"])
