"""bench/date_add_days_steps.py, the step-by-step diagnostic of date_add_days month walks: every step of the
calculator's own derivations checks out, so do the forms before session 12, and a slip fails the step it is
in."""

import datetime as dt
import importlib.util
from pathlib import Path

from specialist_kd.specialist import get_specialist
from specialists.date_add_days import add_days_rationale

_spec = importlib.util.spec_from_file_location("dad_steps", Path(__file__).parents[1] / "bench" / "date_add_days_steps.py")
ds = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ds)

FORWARD = ("1977-10-19 + 22 days: 19 + 22 = 41. October 1977 has 31 days; 41 - 31 = 10, into November 1977. "
           "So November 10, 1977.\nAnswer: 1977-11-10")
Q_FORWARD = "What date is 22 days after October 19, 1977?"


def _all_right(steps: dict) -> bool:
    walk = steps.pop("walk: months walked vs needed")
    return walk == ["as many"] and all(all(v) for v in steps.values())


# the forms before session 12: forward without the month reached, back through negative numbers, no "So"
OLD_FORWARD = "1977-10-19 + 22 days: 19 + 22 = 41. October 1977 has 31 days; 41 - 31 = 10.\nAnswer: 1977-11-10"
OLD_BACK = ("14 weeks = 14 x 7 = 98 days. 2035-09-21 - 98 days: 21 - 98 = -77. August 2035 has 31 days; -77 + 31 = "
            "-46. July 2035 has 31 days; -46 + 31 = -15. June 2035 has 30 days; -15 + 30 = 15.\nAnswer: 2035-06-15")
Q_BACK = "Starting on 09/21/2035 (MM/DD/YYYY), move 14 weeks backward. What is the resulting date?"


def test_the_calculators_own_walks_pass_every_step():
    spec = get_specialist("date_add_days")()
    examples = spec.examples(300, seed=7)
    texts = [spec.format_response(ex, True) for ex in examples]
    for ex, text in zip(examples, texts):
        steps = ds.check(text, ex.question)
        assert steps and _all_right(steps), (text, steps)
    # every kind of step was exercised: forward and back, weeks, walks of several months
    for part in ("into", "more, back from the end of", "weeks = ", "days; 30 - "):
        assert any(part in t for t in texts), part
    # the edges of the walk back: to the last day of the month before, and within the month
    for q, text in (("What date is 21 days before 2035-09-21?", "2035-09-21 - 21 days: " + add_days_rationale(
                        dt.date(2035, 9, 21), -21)[1] + "\nAnswer: 2035-08-31"),
                    ("What date is 20 days before 2035-09-21?", "2035-09-21 - 20 days: " + add_days_rationale(
                        dt.date(2035, 9, 21), -20)[1] + "\nAnswer: 2035-09-01")):
        assert _all_right(ds.check(text, q)), text


def test_the_earlier_forms_pass_every_step():
    assert _all_right(ds.check(OLD_FORWARD, Q_FORWARD))
    steps = ds.check(OLD_BACK, Q_BACK)
    assert _all_right(steps) and steps["step sign right"] == [True] * 3


def test_a_slip_fails_the_step_it_is_in():
    assert _all_right(ds.check(FORWARD, Q_FORWARD))
    # answered with the last month named (what the session-11 student did): only the answer's check fails
    steps = ds.check(FORWARD.replace("Answer: 1977-11-10", "Answer: 1977-10-10"), Q_FORWARD)
    assert steps["answer is the date the walk reached"] == [False]
    assert steps["'So' names the date the walk reached"] == [True]
    # stopped one step early: the walk is short and the day is out of its month
    early = "1977-10-19 + 22 days: 19 + 22 = 41. So October 41, 1977.\nAnswer: 1977-10-41"
    steps = ds.check(early, Q_FORWARD)
    assert steps["stopped inside its month"] == [False] and steps["walk: months walked vs needed"] == ["fewer"]
    # the wrong month named for a step, and a step that does not hold
    steps = ds.check(FORWARD.replace("October 1977 has 31 days; 41 - 31 = 10", "September 1977 has 30 days; 41 - 30 = 12"),
                     Q_FORWARD)
    assert steps["month step names the right month"] == [False] and steps["step holds"] == [False]
    assert steps["month length right"] == [True]  # September has 30 days: right for the month it names
    # a misread question: the start date and the days restated wrong
    steps = ds.check(FORWARD, "What date is 22 days before 10/09/1977 (MM/DD/YYYY)?")
    assert steps["date restated from the question"] == [False] and steps["sign and days restated"] == [False]
    assert ds.check("Answer: 1977-11-10", Q_FORWARD) is None  # answer-only outputs are not walks


def test_a_slip_in_the_walk_back_fails_the_step_it_is_in():
    right = ("2035-09-21 - 98 days: " + add_days_rationale(dt.date(2035, 9, 21), -98)[1] + "\nAnswer: 2035-06-15")
    assert _all_right(ds.check(right, Q_BACK))
    # counted back from July's end with 46 days still to go (more than July has): stopped a month early
    early = ("2035-09-21 - 98 days: 98 - 21 = 77 more, back from the end of August 2035. August 2035 has 31 days; "
             "77 - 31 = 46 more, back from the end of July 2035. July 2035 has 31 days; 31 - 46 = -15. So July -15, "
             "2035.\nAnswer: 2035-07-15")
    steps = ds.check(early, Q_BACK)
    assert steps["counted back only when fewer than its month"] == [False]
    assert steps["stopped inside its month"] == [False] and steps["walk: months walked vs needed"] == ["fewer"]
    assert steps["month reached named right"] == [True, True] and steps["step holds"] == [True, True]
