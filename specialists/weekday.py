"""Rule-based specialist: the day of the week of a date.

Answer convention: the English weekday name (Monday ... Sunday). The rationale sums the year within the
century (its decade's key, its years on and the leap years among them), a century key, a month key and the
day, each term added just after it is introduced, and takes the total mod 7 by its digits
(`_dates.weekday_steps`): "Weekday of November 14, 2077: year 77: 70s key 3, 3 + 7 = 10; leap years after
70 up to 77: 72, 76, 10 + 2 = 12. Century 20 = 5 x 4 + 0, key 6: 12 + 6 = 18. November's key is 3: 18 + 3 =
21. Day 14: 21 + 14 = 35; mod 7 (a ten leaves 3): 35: 3 x 3 = 9, 9 + 5 = 14; 14: 1 x 3 = 3, 3 + 4 = 7; 7 - 7
= 0: Sunday (0 = Sunday). So November 14, 2077 is a Sunday." A numeric date in the question is read field by
field first (`read_dates`): "11/14/2077 (MM/DD/YYYY) reads month 11, day 14: November 14, 2077."
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from specialist_kd.specialist import RuleSpecialist, register
from specialists._dates import (
    DATE_STYLES,
    WEEKDAYS,
    ReadDatesOptions,
    check_share,
    check_sums,
    fmt_date,
    leap_moved,
    month_len,
    parse_iso_date,
    random_date,
    read_dates_first,
    weekday_steps,
)


@dataclass
class Options(ReadDatesOptions):
    # days_between's reading. At 3x (sessions 34-35, two seeds, 400 held-out questions): 349 and 341 against
    # 342 and 330 (60 vs 42 right in one run only, p = 0.092); numeric dates 40 vs 10 (p = 2e-05), restated
    # wrong 3 and 4 times against 19 and 33. At 960 questions two pairs disagreed (+25, -45; sessions 30-31)
    read_dates: bool = True  # first read a numeric date field by field: "05/03/2024 (MM/DD/YYYY) reads month 05, day 03: May 3, 2024."
    # the two below (session 36) aim at the two steps 3x students got wrong most: the month key of a leap year's
    # January or February (6 of 56 right) and the sum with the day (`weekday_steps`). Both on at 3x: 281 of 400
    # against 349 (p = 2.1e-10): 88 of 301 chains ended on a wrong sum, and the leap verdict said "not a leap
    # year" on 11 of 14 leap years (docs/experiments.md)
    leap_rule: bool = True  # (on by default since session 57, in leap_first's form) derive the leap year for every January and February date, as date_add_days' leap_rule (alone worse at 3x): "2351 ends in 51, and the 50s' multiples of 4 are 52, 56: not a leap year, so January's key is 0"; off (with leap_first off), the clause is stated: "2352 is a leap year, so January's key is 6"
    # leap_first at 3x against the defaults before it, paired at two seeds (sessions 55-57): 89.5% against 88.0%
    # (runs/weekday-3x-lf, -def; 18 vs 12, p = 0.36), 90.5% against 87.0% (runs/weekday-3x-lf-s1, -def-s1; 27 vs 13,
    # p = 0.038); together 45 vs 25. A leap year's January or February right 6 of 14 against 0 at seed 0, but 1
    # against 2 at seed 1, whose gain was in March to December (322 against 308): what it mends is not settled
    leap_first: bool = True  # (on by default since session 57) leap_rule's step with each leap year decided after the first multiple of 4 from the year on, as leap_year's default rationale does (session 54): "The first multiple of 4 from 2352 on is 2352, the year itself. 2352 ends in 52, ...: a leap year, so January's key is 6"; off, the decade lookup alone
    sums: str = "plain"  # the day's addition, as date_add_days' sums (worse at 3x): "plain" ("21 + 14 = 35"), "chain" or "carry" ("21 + 14 = 21 + 10 + 4 = 31 + 4 = 35")
    # session 57 at 3x, seed 1 (runs/weekday-3x-lf-s1): with leap_first a leap year's January or February was right
    # 1 of 14, "not a leap year" every time, 7 of them after "the year itself": about 3 in 4 of the January and
    # February dates a student trains on are in a common year
    leap_share: float | None = None  # share of January and February dates in a leap year (None: as drawn, about 1 in 4), as leap_year's leap_share: the date's year moved to the nearest leap year at or below it, or to the year after it (February 29 then the 28th); decided by the date alone, so every other question is the same

    def __post_init__(self) -> None:
        super().__post_init__()
        check_sums(self.sums)
        check_share("leap_share", self.leap_share)
        if self.leap_first and not self.leap_rule:  # both on by default: a leap_rule turned off alone is refused
            raise ValueError("leap_first (on by default) is a form of leap_rule's step: with leap_rule false set "
                             "leap_first false too")


@register
class Weekday(RuleSpecialist):
    name = "weekday"
    domain = "weekday"
    answer_kind = "weekday"
    answer_format = "weekday name"
    Options = Options
    templates = [
        "What day of the week is {date}?",
        "What day of the week was {date}?",
        "Which weekday does {date} fall on?",
        "On what day of the week is {date}?",
        "{date}: which day of the week is that?",
        "Tell me the weekday of {date}.",
        # held out: eval only
        "If I was born on {date}, on which day of the week was I born?",
        "Name the day of the week for the date {date}.",
    ]

    def sample(self, rng: random.Random) -> dict[str, Any]:
        o = self.options
        d = random_date(rng, o.year_min, o.year_max)
        if o.leap_share is not None and d.month <= 2:  # a stream of its own: the questions after it stay the same
            year = leap_moved(d.year, random.Random(d.toordinal()).random() < o.leap_share, o.year_min, o.year_max)
            d = d.replace(year=year, day=min(d.day, month_len(year, d.month)))
        return {"d": d, "date": fmt_date(d, rng.choice(DATE_STYLES))}

    solve_args = {"date": "YYYY-MM-DD"}

    def params_from_args(self, args: dict[str, str]) -> dict[str, Any]:
        return {"d": parse_iso_date(args["date"])}

    def solve(self, p: dict[str, Any]) -> tuple[str, str]:
        d: dt.date = p["d"]
        o = self.options
        rationale = weekday_steps(d, leap_rule=o.leap_rule, sums=o.sums, leap_first=o.leap_first)
        if o.read_dates:
            rationale = read_dates_first(rationale, p, (("date", "d"),))
        return WEEKDAYS[d.weekday()], rationale
