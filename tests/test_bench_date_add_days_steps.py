"""bench/date_add_days_steps.py, the step-by-step diagnostic of date_add_days month walks: every step of the
calculator's own derivations check out, in the current form and the one before it, a slip fails the step
it is in, and the summary counts right answers by direction and the median days off."""

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

from specialist_kd.evaluate import arithmetic_claims
from specialist_kd.specialist import get_specialist

_spec = importlib.util.spec_from_file_location("dad_steps", Path(__file__).parents[1] / "bench" / "date_add_days_steps.py")
ds = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ds)

FORWARD = ("1977-10-19 + 22 days: 19 + 22 = 41. October 1977 has 31 days; 41 - 31 = 10, into November 1977. "
           "So November 10, 1977.\nAnswer: 1977-11-10")
Q_FORWARD = "What date is 22 days after October 19, 1977?"


# date_add_days' rationale before its four forms became the default (session 24): one equation per sum
PLAIN = {"sums": "plain", "leap_rule": False, "restate": False, "back_larger_first": False}


def _all_right(checked: tuple[dict, str]) -> bool:
    steps, walk = checked
    return walk == "as many" and all(all(v) for v in steps.values())


def _own_walks(options: dict) -> list[tuple[str, dict]]:
    """The calculator's own walks with `options` (300, seed 7), each checked right at every step: (text, steps)."""
    spec = get_specialist("date_add_days").from_config(options)
    walks = []
    for ex in spec.examples(300, seed=7):
        text = spec.format_response(ex, True)
        checked = ds.check(text, ex.question)
        assert checked and _all_right(checked), (text, checked)
        walks.append((text, checked[0]))
    return walks


def test_the_calculators_own_walks_pass_every_step_in_both_forms():
    spec = get_specialist("date_add_days").from_config(PLAIN)
    examples = spec.examples(300, seed=7)
    texts = [spec.format_response(ex, True) for ex in examples]
    for ex, text in zip(examples, texts):
        checked = ds.check(text, ex.question)
        assert checked and _all_right(checked), (text, checked)
        # the forms before: the first sum back without the larger number first (sessions 12-13), and also
        # no month reached and no "So" sentence (before session 12)
        older = re.sub(r"\d+ - \d+ = \d+, so ", "", text)
        old = re.sub(r", into [A-Z][a-z]+ \d+\.", ".", re.sub(r" So [^.]+, \d+\.", "", older))
        for form in (older, old):
            checked = ds.check(form, ex.question)
            assert checked and _all_right(checked), (form, checked)
    # every kind of step was exercised: month steps forward and back, and weeks
    assert any(", into " in t for t in texts) and any(re.search(r"; -\d+ \+ \d+ = ", t) for t in texts)
    assert any("weeks = " in t for t in texts) and any(", so " in t for t in texts)


def test_a_slip_fails_the_step_it_is_in():
    assert _all_right(ds.check(FORWARD, Q_FORWARD))
    # answered with the last month named (what the session-11 student did): only the answer's check fails
    steps, _ = ds.check(FORWARD.replace("Answer: 1977-11-10", "Answer: 1977-10-10"), Q_FORWARD)
    assert steps["answer is the date the walk reached"] == [False]
    assert steps["'So' names the date the walk reached"] == [True]
    # stopped one step early: the walk is short and the day is out of its month
    early = "1977-10-19 + 22 days: 19 + 22 = 41. So October 41, 1977.\nAnswer: 1977-10-41"
    steps, walk = ds.check(early, Q_FORWARD)
    assert steps["stopped inside its month"] == [False] and walk == "fewer"
    # the wrong month named for a step, and a step that does not hold
    steps, _ = ds.check(FORWARD.replace("October 1977 has 31 days; 41 - 31 = 10", "September 1977 has 30 days; 41 - 30 = 12"),
                        Q_FORWARD)
    assert steps["month step names the right month"] == [False] and steps["step holds"] == [False]
    assert steps["month length right"] == [True]  # September has 30 days: right for the month it names
    # a misread question: the start date and the days restated wrong
    steps, _ = ds.check(FORWARD, "What date is 22 days before 10/09/1977 (MM/DD/YYYY)?")
    assert steps["date restated from the question"] == [False] and steps["sign and days restated"] == [False]
    assert ds.check("Answer: 1977-11-10", Q_FORWARD) is None  # answer-only outputs are not walks


def test_the_first_sum_back_with_the_larger_number_first_is_checked_part_by_part():
    q = "What date is 98 days before 2035-09-21?"
    spec = get_specialist("date_add_days").from_config(PLAIN)
    text = spec.solve(spec.params_from_args({"date": "2035-09-21", "days": "-98"}))[1] + "\nAnswer: 2035-06-15"
    assert text.startswith("2035-09-21 - 98 days: 98 - 21 = 77, so 21 - 98 = -77. August 2035 has 31 days;")
    steps, walk = ds.check(text, q)
    assert steps["larger-first sum holds"] == [True] and steps["first sum turns its sign"] == [True]
    assert walk == "as many" and steps["  of them walking back"] == [True]
    # a slip in the larger-first sum, carried over with its sign turned: the first sum does not hold
    steps, _ = ds.check(text.replace("98 - 21 = 77, so 21 - 98 = -77", "98 - 21 = 73, so 21 - 98 = -73"), q)
    assert steps["larger-first sum holds"] == [False] and steps["first sum turns its sign"] == [True]
    assert steps["first sum holds"] == [False]
    # a term miscopied, or the sign turned on a different number
    steps, _ = ds.check(text.replace("98 - 21 = 77, so", "98 - 12 = 86, so"), q)
    assert steps["larger-first sum copies its terms"] == [False]
    steps, _ = ds.check(text.replace("= 77, so", "= 76, so"), q)
    assert steps["first sum turns its sign"] == [False] and steps["larger-first sum holds"] == [False]


def test_the_summary_counts_right_answers_by_direction_and_the_median_days_off(tmp_path, monkeypatch, capsys):
    back = "2035-09-21 - 98 days: 21 - 98 = -73. So June 12, 2035.\nAnswer: 2035-06-12"
    rows = [
        {"suite": "date_add_days", "model": "student", "prompt": Q_FORWARD, "output": FORWARD, "parsed": "1977-11-10",
         "gold": "1977-11-10", "correct": True},
        {"suite": "date_add_days", "model": "student", "prompt": "What date is 14 weeks before 2035-09-21?",
         "output": back, "parsed": "2035-06-12", "gold": "2035-06-15", "correct": False},
        {"suite": "date_add_days", "model": "student", "prompt": "What date is 3 days before 2035-09-21?",
         "output": "Answer: 2035-09-41", "parsed": "2035-09-41", "gold": "2035-09-18", "correct": False, "cut": True},
        {"suite": "weekday", "model": "student", "prompt": Q_FORWARD, "output": "", "parsed": "", "gold": "Monday",
         "correct": False},
    ]
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "samples.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    monkeypatch.setattr("sys.argv", ["date_add_days_steps.py", str(tmp_path)])
    ds.main()
    out = capsys.readouterr().out
    assert "3 date_add_days outputs, 1 right, 2 in the walk form" in out
    assert "right going forward / back: 1 of 1 / 0 of 2" in out
    assert "right by wording and direction: 'What date is ...' back 0 of 2; 'What date is ...' forward 1 of 1" in out
    assert "outputs cut at the token budget: 1" in out
    assert ds.wording("2035-09-21 - 3 days = ? Give the date.") == "(the date first) ..."    # 0 and 3 days off; "2035-09-41" is not a date and is left out of the median
    assert "median days off: 1.5 (2 answers that are dates)" in out
    assert ds.days_off(None, "2035-09-18") is None
    # the first sum is split by the direction the walk is written in
    assert "first sum holds                             1 / 2" in out
    assert "of them walking forward                   1 / 1" in out and "of them walking back                      0 / 1" in out
    # the wrong answer in the walk form, by the first step it got wrong: "14 weeks" restated as 98 days, no
    # "k weeks = ..." line, then the first sum back (21 - 98 = -77, written -73)
    assert "wrong answers in the walk form by their first wrong step (1):\n       1  first sum holds: of them walking back" in out


def test_walks_with_sums_as_chains_are_read_and_their_links_checked():
    spec = get_specialist("date_add_days").from_config({**PLAIN, "sums": "chain"})
    examples = spec.examples(300, seed=7)
    for ex in examples:
        text = spec.format_response(ex, True)
        checked = ds.check(text, ex.question)
        assert checked and _all_right(checked), (text, checked)
    q = "What date is 98 days before 2035-09-21?"
    text = spec.solve(spec.params_from_args({"date": "2035-09-21", "days": "-98"}))[1] + "\nAnswer: 2035-06-15"
    steps, _ = ds.check(text, q)
    assert steps["chain holds link by link"] == [True] and steps["larger-first sum holds"] == [True]
    # a slip inside the chain, carried to its end: the chain and the sum fail; a slip in one link only: the chain
    steps, _ = ds.check(text.replace("98 - 20 - 1 = 78 - 1 = 77, so 21 - 98 = -77", "98 - 20 - 1 = 68 - 1 = 67, so 21 - 98 = -67"), q)
    assert steps["chain holds link by link"] == [False] and steps["larger-first sum holds"] == [False]
    steps, _ = ds.check(text.replace("78 - 1 = 77", "79 - 1 = 77"), q)
    assert steps["chain holds link by link"] == [False] and steps["larger-first sum holds"] == [True]


def test_walks_with_the_leap_rule_are_read_and_februaries_split_by_leap_and_common_years():
    # without the stop (`compare`), whose February derives the rule too: each rule written is then a step's
    spec = get_specialist("date_add_days").from_config({"sums": "chain", "leap_rule": True, "compare": False})
    examples = spec.examples(400, seed=7)
    febs = Counter()
    for ex in examples:
        text = spec.format_response(ex, True)
        checked = ds.check(text, ex.question)
        assert checked and _all_right(checked), (text, checked)
        for key in ("  February, leap year", "  February, common year", "  leap rule written right"):
            febs[key] += len(checked[0].get(key, []))
    assert febs["  February, leap year"] > 0 and febs["  February, common year"] > 0
    assert febs["  leap rule written right"] == febs["  February, leap year"] + febs["  February, common year"]
    q = "What date is 20 days after February 20, 1972?"
    text = spec.solve(spec.params_from_args({"date": "1972-02-20", "days": "20"}))[1] + "\nAnswer: 1972-03-11"
    assert "1972 ends in 72, and the 70s' multiples of 4 are 72, 76: a leap year, so February 1972 has 29 days;" in text
    assert _all_right(ds.check(text, q))
    # the student's slip: a leap February given 28 days, with or without the rule written before it
    slipped = text.replace("has 29 days; 40 - 29 = 40 - 20 - 9 = 20 - 9 = 11", "has 28 days; 40 - 28 = 40 - 20 - 8 = 20 - 8 = 12")
    steps, _ = ds.check(slipped.replace("a leap year, so", "not a leap year, so"), q)
    assert steps["  February, leap year"] == [False] and steps["  leap rule written right"] == [False]
    assert steps["month length right"] == [False] and steps["step holds"] == [True]
    trace = []
    ds.check(re.sub(r" 1972 ends in [^;]*?: a leap year, so", "", slipped), q, trace)
    assert ds.first_failure(trace) == "month length right: February, leap year"
    trace = []
    ds.check(text, q, trace)
    assert ds.first_failure(trace) is None and len(trace) > 10
    steps, _ = ds.check(re.sub(r" 1972 ends in [^;]*?: a leap year, so", "", slipped), q)
    assert steps["  February, leap year"] == [False] and steps["  leap rule written right"] == []
    # a wrong list for the decade is a wrong rule, even when the verdict is right
    steps, _ = ds.check(text.replace("72, 76: a leap", "70, 74, 78: a leap"), q)
    assert steps["  leap rule written right"] == [False] and steps["  February, leap year"] == [True]


def test_walks_with_the_shift_in_words_and_written_carries_are_read_and_links_sorted_by_kind():
    spec = get_specialist("date_add_days")()  # the defaults: carry, restate, leap rule, steps back larger first
    o = spec.options
    assert (o.sums, o.restate, o.leap_rule, o.back_larger_first) == ("carry", True, True, True)
    kinds = Counter()
    for ex in spec.examples(400, seed=7):
        text = spec.format_response(ex, True)
        checked = ds.check(text, ex.question)
        assert checked and _all_right(checked), (text, checked)
        assert checked[0]["shift in words"] == [True] and checked[0]["sign follows the words"] == [True]
        kinds.update({k: len(v) for k, v in checked[0].items() if k.startswith("  links, ")})
        for claim, _ in arithmetic_claims(text):  # the carry form goes up to a ten only from one digit
            sides = [x.split() for x in claim.split(" = ")]
            assert all(int(a[0]) < 10 for a, b in zip(sides, sides[1:]) if ds.link_kind(a, b) == "units up to a ten")
    assert kinds["  links, units made a ten"] > 20
    assert min(kinds[f"  links, {k}"] for k in ("whole tens", "units within a ten", "units down to a ten")) > 20
    q = "I have a deadline 22 days before October 19, 1977. On what date is it?"
    text = spec.solve(spec.params_from_args({"date": "1977-10-19", "days": "22"}))[1] + "\nAnswer: 1977-11-10"
    assert text.startswith("22 days after. 1977-10-19 + 22 days: 19 + 22 = 19 + 20 + 1 + 1 = 39 + 1 + 1 = 30 + 10 + 1 "
                           "= 40 + 1 = 41. October 1977")
    # the question says before; the words say after and the sign follows them: the words are the first slip
    trace = []
    steps, _ = ds.check(text, q, trace)
    assert steps["shift in words"] == [False] and steps["sign follows the words"] == [True]
    assert ds.first_failure(trace) == "shift in words"
    # the tens digit kept where the units make a ten (what the chain-form students did): that link fails
    q = q.replace("before", "after")
    assert _all_right(ds.check(text, q))
    trace = []
    steps, _ = ds.check(text.replace("39 + 1 + 1 = 30 + 10 + 1 = 40 + 1 = 41", "39 + 1 + 1 = 30 + 1 = 31"), q, trace)
    assert steps["  links, units up to a ten"] == [False] and steps["  links, units made a ten"] == []
    assert ds.first_failure(trace) == "chain holds link by link: links, units up to a ten"
    assert ds.link_kind("25 + 87".split(), "25 + 80 + 7".split()) is None  # a split is not a step
    assert ds.link_kind("83 - 3".split(), ["80"]) == "units down to a ten"


def test_february_steps_are_counted_apart_by_direction():
    q = "What date is 20 days before 1977-03-10?"
    text = ("1977-03-10 - 20 days: 20 - 10 = 10, so 10 - 20 = -10. February 1977 has 28 days; -10 + 28 = 18. "
            "So February 18, 1977.\nAnswer: 1977-02-18")
    steps, _ = ds.check(text, q)
    assert _all_right((steps, "as many")) and steps["  February steps back"] == [True]
    # 30 added for February's 28, the slip the 9x students made most in their month steps
    steps, _ = ds.check(text.replace("-10 + 28 = 18. So February 18", "-10 + 28 = 20. So February 20"), q)
    assert steps["step holds"] == [False] and steps["  February steps back"] == [False]
    assert steps["  February steps forward"] == [] and steps["month length right"] == [True]
    steps, _ = ds.check(FORWARD, Q_FORWARD)
    assert steps["step holds"] == [True] and steps["  February steps back"] == []


def test_steps_back_with_the_larger_number_first_are_checked_part_by_part():
    _own_walks({"sums": "chain", "back_larger_first": True})
    q = "What date is 60 days before 1977-03-10?"
    text = ("1977-03-10 - 60 days: 60 - 10 = 50, so 10 - 60 = -50. February 1977 has 28 days; 50 - 28 = 22, so -50 + "
            "28 = -22. January 1977 has 31 days; 31 - 22 = 9, so -22 + 31 = 9. So January 9, 1977.\nAnswer: 1977-01-09")
    steps, _ = ds.check(text, q)
    assert _all_right((steps, "as many")) and steps["step back larger-first holds"] == [True, True]
    assert steps["step back larger-first copies its terms"] == [True, True] and steps["  February steps back"] == [True]
    # the subtraction slips (50 - 28 = 32); the next step is right on the numbers it was given
    trace = []
    steps, _ = ds.check(text.replace("50 - 28 = 22, so -50 + 28 = -22. January 1977 has 31 days; 31 - 22 = 9, so -22 + 31 = 9",
                                     "50 - 28 = 32, so -50 + 28 = -32. January 1977 has 31 days; 32 - 31 = 1, so -32 + 31 = -1"),
                        q, trace)
    assert steps["step back larger-first holds"] == [False, True] and steps["step holds"] == [False, True]
    assert steps["step back larger-first copies its terms"] == [True, True]
    assert ds.first_failure(trace) == "step back larger-first holds"
    # a running value miscopied into the subtraction
    steps, _ = ds.check(text.replace("31 - 22 = 9", "31 - 12 = 19"), q)
    assert steps["step back larger-first copies its terms"] == [True, False] and steps["step holds"] == [True, True]


def test_walks_with_the_comparison_and_the_stop_written_are_checked_step_by_step():
    stops = 0
    for text, steps in _own_walks({"compare": True}):
        assert len(steps["comparison right"]) == text.count(" is more than ")  # every comparison was read
        stops += len(steps.get("stop compares the value right", []))
    assert stops > 100
    spec = get_specialist("date_add_days").from_config({"compare": True})
    q = "What date is 30 days after July 1, 1977?"
    text = spec.solve(spec.params_from_args({"date": "1977-07-01", "days": "30"}))[1] + "\nAnswer: 1977-07-31"
    assert text.endswith("1 + 30 = 31. July 1977 has 31 days; 31 is not more than 31. So July 31, 1977.\nAnswer: 1977-07-31")
    assert _all_right(ds.check(text, q))
    # the value equal to the month's length taken for more (what the session-24 student did): the comparison
    # fails, and the walk goes on out of a month it was inside
    wrong = text.replace("31 is not more than 31. So July 31, 1977.\nAnswer: 1977-07-31",
                         "31 is more than 31, so 31 - 31 = 0, into August 1977. So August 0, 1977.\nAnswer: 1977-08-00")
    trace = []
    steps, walk = ds.check(wrong, q, trace)
    assert steps["comparison right"] == [False] and steps["went on while out of its month"] == [False]
    assert ds.first_failure(trace) == "went on while out of its month" and walk == "more"
    # stopped past the month's end, with the comparison written wrong
    q = "What date is 21 days after March 19, 1977?"
    wrong = ("21 days after. 1977-03-19 + 21 days: 19 + 21 = 19 + 20 + 1 = 39 + 1 = 30 + 10 = 40. March 1977 has 31 "
             "days; 40 is not more than 31. So March 40, 1977.\nAnswer: 1977-03-40")
    trace = []
    steps, walk = ds.check(wrong, q, trace)
    assert steps["stop compares the value right"] == [False] and steps["stop names the month the walk is in"] == [True]
    assert ds.first_failure(trace) == "stop compares the value right" and walk == "fewer"


def test_walks_with_the_shift_compared_with_the_day_back_are_checked_step_by_step():
    back = sum(len(steps.get("first sum's form follows the comparison", [])) for _, steps in _own_walks(
        {"compare_back": True}))
    assert back > 100
    spec = get_specialist("date_add_days").from_config({"compare_back": True})
    q = "Starting on 19/05/1740 (DD/MM/YYYY), move 21 days backward. What is the resulting date?"
    text = spec.solve(spec.params_from_args({"date": "1740-05-19", "days": "-21"}))[1] + "\nAnswer: 1740-04-28"
    assert "1740-05-19 - 21 days: 21 is more than 19: 21 - 19 = 21 - 10 - 1 - 8" in text
    assert _all_right(ds.check(text, q))
    # the larger number first and then the stop, the sign never turned (what the session-26 student did, 9 of
    # its 21 wrong answers): the comparison holds, the form does not follow it
    wrong = ("21 days before. 1740-05-19 - 21 days: 21 is more than 19: 21 - 19 = 21 - 10 - 1 - 8 = 11 - 1 - 8 = 10 - "
             "8 = 2. So May 2, 1740.\nAnswer: 1740-05-02")
    trace = []
    steps, walk = ds.check(wrong, q, trace)
    assert steps["shift against the day holds"] == [True] and steps["shift against the day copies its terms"] == [True]
    assert ds.first_failure(trace) == "first sum's form follows the comparison" and walk == "fewer"
    # the comparison written wrong, and the form that follows it
    wrong = wrong.replace("21 is more than 19", "21 is not more than 19")
    steps, _ = ds.check(wrong, q)
    assert steps["shift against the day holds"] == [False] and steps["first sum's form follows the comparison"] == [True]
