"""bench/days_between_walks.py, the step-by-step diagnostic of days_between month walks: every step of the
calculator's own walks checks out in both forms (plain and compare, with the sums plain or as chains and
Februaries derived), and a slip fails exactly the step it is in."""

import datetime as dt
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from specialist_kd.specialist import get_specialist

_path = Path(__file__).parents[1] / "bench" / "days_between_walks.py"
_spec = importlib.util.spec_from_file_location("days_between_walks", _path)
dbw = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dbw)


def _check(output: str, start: dt.date, end: dt.date, qtype: str = "days", prompt: str = "") -> dict[str, bool]:
    g = dbw.parse(output)
    assert g, output
    return dbw.check(g, start, end, qtype, prompt)


def _failed(res: dict[str, bool]) -> list[str]:
    return [k for k, ok in res.items() if not ok]


@pytest.mark.parametrize("options", [{"compare": False}, {}, {"sums": "carry", "leap_rule": True, "compare": False},
                                     {"sums": "carry", "leap_rule": True, "compare": True, "weeks": "digits"},
                                     {"restate": True}, {"read_dates": False}, {"quote": False},
                                     {"quote_meaning": "colon"}, {"quote_meaning": "sentence"}])
def test_the_calculators_own_walks_pass_every_step(options):
    examples = [e for h in (False, True) for e in get_specialist("days_between").from_config(options).examples(300, 5, h)]
    kinds = set()
    for e in examples:
        p = e.params
        res = _check(f"{e.rationale}\nAnswer: {e.answer}", p["start"], p["end"], p["qtype"], e.question)
        assert res and not _failed(res), (e.rationale, res)
        assert dbw.stop_offset(dbw.parse(e.rationale), p["end"]) in (0, None), e.rationale
        kinds |= set(res)
    assert {"sums hold", "walk stops in the end's month", "weeks: q full weeks said",
            "both ends count: the walk's days + 1", "month length"} <= kinds
    assert ("dates restated" in kinds) == options.get("compare", True)
    assert ("weeks: n mod 7 by the digits, each step" in kinds) == ("weeks" in options)
    assert ("what is counted, said first" in kinds) == ("restate" in options or options.get("quote", True))
    assert ("words quoted say what is asked" in kinds) == options.get("quote", True)
    assert ("numeric date named" in kinds) == options.get("read_dates", True)


PLAIN = ("To the end of May 2024: 31 - 3 = 28. June 2024: 28 + 30 = 58. Then 14 days into July 2024: 58 + 14 = 72. "
         "72 = 10 x 7 + 2, so 10 full weeks.")
COMPARED = ("From May 3, 2024 to July 14, 2024. May 2024 is before July 2024, to its end: 31 - 3 = 28. June 2024 is "
            "before July 2024: 28 + 30 = 58. July 2024 is the end month, 14 days into it: 58 + 14 = 72.")
MAY3, JULY14 = dt.date(2024, 5, 3), dt.date(2024, 7, 14)


def test_slips_fail_their_own_step():
    assert not _failed(_check(PLAIN, MAY3, JULY14, "weeks")) and not _failed(_check(COMPARED, MAY3, JULY14))
    # a walk that stops a month early, its sums right: the stop, and the days into the month named
    early = _check("To the end of May 2024: 31 - 3 = 28. Then 14 days into June 2024: 28 + 14 = 42.", MAY3, JULY14)
    assert _failed(early) == ["walk stops in the end's month"]
    assert dbw.stop_offset(dbw.parse("To the end of May 2024: 31 - 3 = 28. Then 14 days into June 2024: 28 + 14 = "
                                     "42."), JULY14) == -1
    # the right quotient with a favourite remainder, and a wrong sum
    assert _failed(_check(PLAIN.replace("10 x 7 + 2", "10 x 7 + 4"), MAY3, JULY14, "weeks")) == [
        "weeks: the remainder (n = q x 7 + r)"]
    assert _failed(_check(PLAIN.replace("28 + 30 = 58. Then 14 days into July 2024: 58", "28 + 30 = 48. Then 14 days "
                                        "into July 2024: 48").replace("= 72. 72", "= 62. 62")
                          .replace("10 x 7 + 2, so 10", "8 x 7 + 6, so 8"), MAY3, JULY14, "weeks")) == ["sums hold"]
    # the weeks division written where the question asked for days
    assert _failed(_check(PLAIN, MAY3, JULY14, "days")) == ["the count the question asks (days, both ends, weeks)"]
    # compare: a decision against the wrong end month, a wrong restated date, a month out of order
    wrong_end = COMPARED.replace("June 2024 is before July 2024", "June 2024 is before August 2024")
    assert _failed(_check(wrong_end, MAY3, JULY14)) == ["end month named in each decision"]
    assert _failed(_check(COMPARED.replace("to July 14, 2024.", "to July 4, 2024."), MAY3, JULY14)) == [
        "dates restated"]
    back = COMPARED.replace("June 2024 is before", "April 2024 is before")  # 30 days as June has
    assert _failed(_check(back, MAY3, JULY14)) == ["each month the one after the last"]
    # the dates share a month, and the output walks across months
    may20 = dt.date(2024, 5, 20)
    assert not _failed(_check("From May 3, 2024 to May 20, 2024. May 2024 is the end month: 20 - 3 = 17.", MAY3, may20))
    across = _check("To the end of May 2024: 31 - 3 = 28. Then 20 days into June 2024: 28 + 20 = 48.", MAY3, may20)
    assert _failed(across) == ["same-month form where the dates share a month, a walk where not",
                               "walk stops in the end's month"]
    assert dbw.parse("The answer is 72 days.") is None
    # a year the calendar lacks is a wrong month, not a crash
    assert "month length" in _failed(_check(COMPARED.replace("June 2024 is before", "June 0 is before"), MAY3, JULY14))
    # restate: the weeks said first, then the days answered (what the compare + digits student did most)
    said = _check("Counting full weeks. " + COMPARED, MAY3, JULY14, "weeks")
    assert _failed(said) == ["the count the question asks (days, both ends, weeks)"]
    assert _failed(_check("Counting days. " + COMPARED, MAY3, JULY14, "weeks")) == [
        "what is counted, said first", "the count the question asks (days, both ends, weeks)"]
    # quote: the held-out inclusive wording's "how many calendar days" quoted, then plain days counted; words
    # the question does not hold
    asked = "May 3, 2024 through July 14, 2024, inclusive: how many calendar days?"
    assert not _failed(_check('Asked: "inclusive". Counting days, both ends. ' + COMPARED + " Both ends count: 72 + 1 "
                              "= 73.", MAY3, JULY14, "inclusive", asked))
    assert _failed(_check('Asked: "how many calendar days". Counting days. ' + COMPARED, MAY3, JULY14, "inclusive",
                          asked)) == ["words quoted say what is asked", "what is counted, said first",
                                      "the count the question asks (days, both ends, weeks)"]
    assert _failed(_check('Asked: "both days included". Counting days, both ends. ' + COMPARED + " Both ends count: "
                          "72 + 1 = 73.", MAY3, JULY14, "inclusive", asked)) == ["words quoted from the question"]
    # quote_meaning: what the quoted words mean, right after them; the numeric-date inclusive failure it is for
    assert not _failed(_check('Asked: "inclusive": both ends count. ' + COMPARED + " Both ends count: 72 + 1 = 73.",
                              MAY3, JULY14, "inclusive", asked))
    assert _failed(_check('Asked: "inclusive": the end counts, not the start. ' + COMPARED, MAY3, JULY14,
                          "inclusive", asked)) == ["what is counted, said first",
                                               "the count the question asks (days, both ends, weeks)"]
    # a sentence of the student's own after the quote: not judged, the walk after it read on
    trip = "A trip starts on May 3, 2024 and ends on July 14, 2024. How many days after the start does it end?"
    g = dbw.parse('Asked: "end". The end counts. ' + COMPARED)
    assert g["own"][1] == "The end counts." and len(g["walk"]) == 3
    assert _failed(_check('Asked: "end". The end counts. ' + COMPARED, MAY3, JULY14, "days", trip)) == [
        "words quoted say what is asked"]
    assert dbw.parse('Asked: "end". 05/03/2024 (MM/DD/YYYY) reads month 05, day 03: May 3, 2024. ' + COMPARED)[
        "own"] is None  # a reading is not a sentence of its own
    stay = "I stay from May 3, 2024 to July 14, 2024 and count both the arrival and the departure day. How many days?"
    part = 'Asked: "both the arrival and the departure day". Counting days, both ends. '
    assert not _failed(_check(part + COMPARED + " Both ends count: 72 + 1 = 73.", MAY3, JULY14, "inclusive", stay))
    assert _failed(_check('Asked: "day". Counting days, both ends. ' + COMPARED + " Both ends count: 72 + 1 = 73.",
                          MAY3, JULY14, "inclusive", stay)) == ["words quoted say what is asked"]
    # read_dates: MM/DD read as DD/MM (the misreading it is for), then a field miscopied
    read = "05/03/2024 (MM/DD/YYYY) reads month 05, day 03: May 3, 2024. 07/14/2024 (MM/DD/YYYY) reads month 07, day " \
           "14: July 14, 2024. "
    assert not _failed(_check(read + COMPARED, MAY3, JULY14))
    swapped = read.replace("reads month 05, day 03: May 3", "reads day 05, month 03: March 5")
    assert _failed(_check(swapped + COMPARED, MAY3, JULY14)) == ["numeric date's fields copied in its stated order",
                                                                 "numeric date named"]
    assert _failed(_check(read.replace("day 14: July 14", "day 16: July 14") + COMPARED, MAY3, JULY14)) == [
        "numeric date's fields copied in its stated order"]
    # weeks: digits: a ten taken as leaving 4, the remainder it reaches copied on; then the wrong multiple of 7
    digits = PLAIN.replace("72 = 10 x 7 + 2, so 10 full weeks.", "72 mod 7 (a ten leaves 3): 72: 7 x 3 = 21, 21 + 2 = "
                           "23; 23: 2 x 3 = 6, 6 + 3 = 9; 9 - 7 = 2. 72 - 2 = 70 = 10 x 7, so 10 full weeks.")
    assert not _failed(_check(digits, MAY3, JULY14, "weeks"))
    slip = digits.replace("23: 2 x 3 = 6, 6 + 3 = 9; 9 - 7 = 2. 72 - 2", "23: 2 x 4 = 8, 8 + 3 = 11; 11: 1 x 3 = 3, 3 + "
                          "1 = 4. 72 - 4")
    assert _failed(_check(slip.replace("= 70 = 10 x 7", "= 68 = 10 x 7"), MAY3, JULY14, "weeks")) == [
        "weeks: n mod 7 by the digits, each step", "weeks: the remainder reached and copied",
        "weeks: n - r and the multiple of 7"]
    assert _failed(_check(digits.replace("70 = 10 x 7, so 10", "70 = 9 x 7, so 9"), MAY3, JULY14, "weeks")) == [
        "weeks: n - r and the multiple of 7"]


def test_main_reads_a_runs_samples(tmp_path):
    (tmp_path / "eval").mkdir()
    rows = [{"suite": "days_between", "model": "student", "prompt": "How many days from 2024-05-03 to 2024-07-14?",
             "gold": "72", "output": COMPARED + "\nAnswer: 72", "correct": True},
            {"suite": "days_between", "model": "student", "prompt": "How many days from 2024-05-03 to 2024-05-20?",
             "gold": "17", "output": "To the end of May 2024: 31 - 3 = 28. Then 20 days into June 2024: 28 + 20 = "
                                     "48.\nAnswer: 48", "correct": False}]
    (tmp_path / "eval" / "samples.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = subprocess.run([sys.executable, str(_path), str(tmp_path)], capture_output=True, text=True, check=True).stdout
    assert "2 days_between outputs, 1 correct, 2 written as a walk" in out
    assert "1/2    walk stops in the end's month" in out and "0: 1, 1: 1" in out
    assert "dates restated right, by how the question wrote them: numeric 0 of 0, ISO 1 of 1, words 0 of 0" in out
    assert "dates in one month: 0 of 1 right" in out and "dates in different months: 1 of 1 right" in out
