"""Rule-based specialist: the number of days, or whole weeks, between two dates.

Answer convention: an integer. "days": the end date minus the start date (the start day is not counted;
the end day is); "inclusive": both the first and the last day counted (one more); "weeks": the number of
full weeks in the "days" count. The rationale adds the rest of the first month, whole months, then the
days of the last, each month step opened by its decision against the end's month (`compare`, the default),
then the full weeks where asked (`weeks`: a division, or the remainder by the digits). By default it opens with
the words of the question that say what is counted, quoted, and what they mean (`quote`, `quote_meaning`:
'Asked: "inclusive". Both ends count.'), then reads each numeric date field by field (`read_dates`).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from specialist_kd import SKDError
from specialist_kd.specialist import RuleSpecialist, register
from specialists._dates import (
    DATE_STYLES,
    WalkOptions,
    check_at_least_one,
    days_between_steps,
    first_cue,
    fmt_date,
    mod7_steps,
    parse_iso_date,
    random_date,
    read_dates_first,
)

WEEKS = ("divide", "digits")
# what the rationale counts, said first with `restate`: a weeks question answered without its weeks step
# was the most common wrong answer with compare and weeks: digits at 3x (109 of 115 weeks questions)
COUNTING = {"days": "Counting days.", "inclusive": "Counting days, both ends.", "weeks": "Counting full weeks."}
# the words of each template that say what is counted, quoted from the question with `quote` (each template holds
# one of its own type's): the unseen "{a} through {b}, inclusive: how many calendar days?" was right 0 times in 58
# for a 3x student, 49 of them answered as plain days (session 30), and said "Counting days." first with `restate`
# (session 27)
CUES = {
    "days": ("How many days", "how many days", "Count the days", "number of days"),
    "inclusive": ("counting both the first and the last day", "both days included", "Including both", "inclusive",
                  "count both the arrival and the departure day"),
    "weeks": ("full weeks", "complete weeks", "whole weeks", "entire weeks"),
}
# what the quoted words mean, written right after them with `quote_meaning`: each type's first word differs, so
# the count is decided at the token after the quote, not after a shared "Counting days" (where the unseen
# inclusive wording with numeric dates went on as plain days: P(",") 0.13-0.23 against 0.56-0.67 with dates in
# words, bench/gold_departures.py, session 32). "colon": 'Asked: "inclusive": both ends count.'; "sentence":
# 'Asked: "inclusive". Both ends count.'
MEANING = {"days": "the end counts, not the start.", "inclusive": "both ends count.", "weeks": "full weeks count."}
MEANING_FORMS = ("colon", "sentence")


@dataclass
class Options(WalkOptions):
    max_gap: int = 120  # the two dates are 1..max_gap days apart (7..max_gap for "weeks" questions)
    questions: list[str] | None = None  # "days", "inclusive", "weeks" (None: all)
    # 237 of 400 against the plain walk's 180 at 3x (session 27; 84 vs 27 right in one run only): the walk
    # stopped in the end's month 378 times against 274
    compare: bool = True  # write both dates, then open each month step with its decision: "June 2024 is before July 2024: ..."
    weeks: str = "divide"  # the full weeks: "divide" ("72 = 10 x 7 + 2") or "digits" (72 mod 7 by its digits, then 70 = 10 x 7)
    restate: bool = False  # open with what is counted, whatever the question's wording: "Counting full weeks." (quote writes it too, with quote_meaning: null)
    # 262 and 266 of 400 against 247 and 244 at 3x (sessions 28 and 30, two pairs of runs; 87 vs 50 right in
    # one run only, p = 0.002): numeric dates restated wrong 3 and 1 of 169 against 37 and 35
    read_dates: bool = True  # first read each numeric date field by field: "05/03/2024 (MM/DD/YYYY) reads month 05, day 03: May 3, 2024."
    # 298 and 292 of 400 against 266 and 267 at 3x (sessions 31 and 32, seeds 1 and 2; 94 vs 37 right in one run
    # only): the unseen "{a} through {b}, inclusive: how many calendar days?" 27 and 24 of 58 right against 0 and 1,
    # but never where its dates are numeric (0 and 1 of 21: "inclusive" quoted, then counted as plain days)
    quote: bool = True  # open with the question's words on what is counted, then what they mean (quote_meaning): 'Asked: "inclusive". Both ends count.'
    # 311 and 304 of 400 against 292 and 298 at 3x ("colon", session 33, seeds 2 and 1; 90 vs 65 right in one
    # run only, p = 0.054): the unseen inclusive wording with numeric dates 36 of 42 right against 1, but the
    # unseen trip wording 46 of 106 against 69 ("end" quoted, then a "from ..." of its own after the colon)
    # "sentence": 318 and 317 of 400 against 298 and 292 (session 34, seeds 1 and 2; 93 vs 48 right in one run
    # only, p = 0.0002; against "colon" 59 vs 39, p = 0.054): the numeric-date inclusive 36 of 42 right, the trip
    # wording 79 of 106 ("end" quoted, then "The end counts." and the walk, where colon's student went on after
    # '"end":' with a "from ..." of its own)
    quote_meaning: str | None = "sentence"  # with quote, what the quoted words mean right after them, in place of restate's sentence: "sentence" ('Asked: "inclusive". Both ends count.'), "colon" ('Asked: "inclusive": both ends count.') or null (restate's: 'Asked: "inclusive". Counting days, both ends.'); nothing without quote

    def __post_init__(self) -> None:
        super().__post_init__()
        check_at_least_one(max_gap=self.max_gap)
        if self.weeks not in WEEKS:
            raise ValueError(f"weeks={self.weeks!r} unknown: use one of {', '.join(WEEKS)}")
        if self.quote_meaning not in (None, *MEANING_FORMS):
            raise ValueError(f"quote_meaning={self.quote_meaning!r} unknown: use one of {', '.join(MEANING_FORMS)}")


def weeks_steps(days: int, form: str = "divide") -> str:
    """The full weeks in `days`. "divide": "72 = 10 x 7 + 2, so 10 full weeks.", where a 3x student chose the
    quotient right 88 times in 124 and the remainder 11 (bench/days_between_walks.py on runs/db-plain-3x).
    "digits": the remainder by the digits, as the weekday rule takes it (`mod7_steps`), then a lookup in the
    7 times table: "72 mod 7 (a ten leaves 3): 72: 7 x 3 = 21, 21 + 2 = 23; 23: 2 x 3 = 6, 6 + 3 = 9; 9 - 7 = 2.
    72 - 2 = 70 = 10 x 7, so 10 full weeks." With it, a 3x student (with compare) wrote the weeks step for 6
    of 115 weeks questions and answered the rest with the days (session 27, docs/experiments.md)."""
    q, r = divmod(days, 7)
    said = f"so {q} full week{'s' * (q != 1)}."  # "1 full week." (both forms; "divide" wrote "1 full weeks" to session 27)
    if form == "divide":
        return f"{days} = {q} x 7 + {r}, {said}"
    mod, reached = mod7_steps(days)
    assert reached == r
    return f"{days} mod 7 (a ten leaves 3): {mod}. {days} - {r} = {7 * q} = {q} x 7, {said}"


@register
class DaysBetween(RuleSpecialist):
    name = "days_between"
    domain = "days_between"
    answer_kind = "integer"
    answer_format = "integer number of days (end minus start; +1 when both ends count) or of full weeks"
    Options = Options
    templates = {
        "days": [
            "How many days are there between {a} and {b}?",
            "How many days from {a} to {b}?",
            "Count the days from {a} until {b}.",
            "What is the number of days between {a} and {b}?",
            "If I start on {a}, how many days is it until {b}?",
            "How many days separate {a} and {b}?",
            # held out: eval only
            "{a} to {b}: how many days is that?",
            "A trip starts on {a} and ends on {b}. How many days after the start does it end?",
        ],
        "inclusive": [
            "How many days are there from {a} to {b}, counting both the first and the last day?",
            "A festival runs from {a} through {b}, both days included. How many days does it last?",
            "Count the days from {a} to {b} inclusive.",
            "Including both {a} and {b}, how many days is that?",
            # held out: eval only
            "I stay from {a} to {b} and count both the arrival and the departure day. How many days?",
            "{a} through {b}, inclusive: how many calendar days?",
        ],
        "weeks": [
            "How many full weeks are there between {a} and {b}?",
            "How many complete weeks separate {a} and {b}?",
            "From {a} to {b}, how many whole weeks pass?",
            "Count the full weeks from {a} until {b}.",
            # held out: eval only
            "Between {a} and {b}, how many entire weeks go by?",
            "{a} to {b}: how many whole weeks is that?",
        ],
    }

    def sample(self, rng: random.Random) -> dict[str, Any]:
        o = self.options
        qtype = self.pick_qtype(rng)
        a = random_date(rng, o.year_min, o.year_max - 1)
        lo, hi = (7, max(o.max_gap, 7)) if qtype == "weeks" else (1, o.max_gap)
        b = a + dt.timedelta(days=rng.randint(lo, hi))
        style = rng.choice(DATE_STYLES)
        return {"qtype": qtype, "start": a, "end": b, "a": fmt_date(a, style), "b": fmt_date(b, style)}

    solve_args = {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD, not before start", "count": "days|inclusive|weeks"}

    def params_from_args(self, args: dict[str, str]) -> dict[str, Any]:
        a, b = parse_iso_date(args["start"]), parse_iso_date(args["end"])
        if b < a:
            raise SKDError(f"end {b} is before start {a}: give the earlier date as start")
        return {"qtype": self.qtype_arg(args, "count"), "start": a, "end": b}

    def solve(self, p: dict[str, Any]) -> tuple[str, str]:
        days = (p["end"] - p["start"]).days
        o = self.options
        reached, rationale = days_between_steps(p["start"], p["end"], o.sums, o.leap_rule, compare=o.compare,
                                                leap_first=o.leap_first)
        assert reached == days, f"rationale reached {reached}, datetime says {days}"
        if o.read_dates:
            rationale = read_dates_first(rationale, p, (("a", "start"), ("b", "end")))
        quoting = o.quote and "prompt" in p  # the words that say what is counted, copied; `skd solve` has no question
        if quoting and o.quote_meaning:
            meaning = MEANING[p["qtype"]]
            rationale = f"{meaning.capitalize() if o.quote_meaning == 'sentence' else meaning} {rationale}"
        elif o.restate or o.quote:
            rationale = f"{COUNTING[p['qtype']]} {rationale}"
        if quoting:
            cue = first_cue(p["prompt"], CUES[p["qtype"]])
            rationale = f'Asked: "{cue}"{":" if o.quote_meaning == "colon" else "."} {rationale}'
        if p["qtype"] == "inclusive":
            return str(days + 1), f"{rationale} Both ends count: {days} + 1 = {days + 1}."
        if p["qtype"] == "weeks":
            return str(days // 7), f"{rationale} {weeks_steps(days, o.weeks)}"
        return str(days), rationale
