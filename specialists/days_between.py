"""Rule-based specialist: the number of days between two dates.

Answer convention: an integer, the end date minus the start date (the start day is not counted; the
end day is). The rationale adds the rest of the first month, whole months, then the days of the last.
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
    DateOptions,
    check_at_least_one,
    fmt_date,
    month_len,
    month_name,
    next_month,
    parse_iso_date,
    random_date,
)


def days_between_rationale(a: dt.date, b: dt.date) -> tuple[int, str]:
    assert a <= b, "start must not be after end"
    if (a.year, a.month) == (b.year, b.month):
        return b.day - a.day, f"Same month: {b.day} - {a.day} = {b.day - a.day}."
    first = month_len(a.year, a.month) - a.day
    steps = [f"To the end of {month_name(a.year, a.month)}: {month_len(a.year, a.month)} - {a.day} = {first}."]
    total = first
    y, m = next_month(a.year, a.month)
    while (y, m) != (b.year, b.month):
        length = month_len(y, m)
        steps.append(f"{month_name(y, m)}: {total} + {length} = {total + length}.")
        total += length
        y, m = next_month(y, m)
    steps.append(f"Then {b.day} days into {month_name(y, m)}: {total} + {b.day} = {total + b.day}.")
    return total + b.day, " ".join(steps)


@dataclass
class Options(DateOptions):
    max_gap: int = 120  # the two dates are 1..max_gap days apart

    def __post_init__(self) -> None:
        super().__post_init__()
        check_at_least_one(max_gap=self.max_gap)


@register
class DaysBetween(RuleSpecialist):
    name = "days_between"
    domain = "days_between"
    answer_kind = "integer"
    answer_format = "integer number of days (end minus start)"
    Options = Options
    templates = [
        "How many days are there between {a} and {b}?",
        "How many days from {a} to {b}?",
        "Count the days from {a} until {b}.",
        "What is the number of days between {a} and {b}?",
        "If I start on {a}, how many days is it until {b}?",
        "How many days separate {a} and {b}?",
        # held out: eval only
        "{a} to {b}: how many days is that?",
        "A trip starts on {a} and ends on {b}. How many days after the start does it end?",
    ]

    def sample(self, rng: random.Random) -> dict[str, Any]:
        o = self.options
        a = random_date(rng, o.year_min, o.year_max - 1)
        b = a + dt.timedelta(days=rng.randint(1, o.max_gap))
        style = rng.choice(DATE_STYLES)
        return {"start": a, "end": b, "a": fmt_date(a, style), "b": fmt_date(b, style)}

    solve_args = {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD, not before start"}

    def params_from_args(self, args: dict[str, str]) -> dict[str, Any]:
        a, b = parse_iso_date(args["start"]), parse_iso_date(args["end"])
        if b < a:
            raise SKDError(f"end {b} is before start {a}: give the earlier date as start")
        return {"start": a, "end": b}

    def solve(self, p: dict[str, Any]) -> tuple[str, str]:
        truth = (p["end"] - p["start"]).days
        reached, rationale = days_between_rationale(p["start"], p["end"])
        assert reached == truth, f"rationale reached {reached}, datetime says {truth}"
        return str(truth), rationale
