"""Rule-based specialist: the day of the week of a date.

Answer convention: the English weekday name (Monday ... Sunday). The rationale sums the year within the
century brought under 28 and its leap days, a century key, a month key and the day, each term added just
after it is introduced, the year's divisions written as a multiple and a subtraction, and the total taken
mod 7 by its digits (`_dates.weekday_steps`): "Weekday of November 14, 2077: year 77: 2 x 28 = 56, 77 - 56
= 21; 21: 5 x 4 = 20, 21 - 20 = 1, 21 + 5 = 26. Century 20 = 5 x 4 + 0, key 6: 26 + 6 = 32. November's key
is 3: 32 + 3 = 35. Day 14: 35 + 14 = 49; mod 7 (a ten leaves 3): 49: 4 x 3 = 12, 12 + 9 = 21; 21: 2 x 3 =
6, 6 + 1 = 7; 7 - 7 = 0: Sunday (0 = Sunday). So November 14, 2077 is a Sunday."
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from specialist_kd.specialist import RuleSpecialist, register
from specialists._dates import (
    DATE_STYLES,
    WEEKDAYS,
    DateOptions,
    fmt_date,
    parse_iso_date,
    random_date,
    weekday_steps,
)


@register
class Weekday(RuleSpecialist):
    name = "weekday"
    domain = "weekday"
    answer_kind = "weekday"
    answer_format = "weekday name"
    Options = DateOptions
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
        d = random_date(rng, self.options.year_min, self.options.year_max)
        return {"d": d, "date": fmt_date(d, rng.choice(DATE_STYLES))}

    solve_args = {"date": "YYYY-MM-DD"}

    def params_from_args(self, args: dict[str, str]) -> dict[str, Any]:
        return {"d": parse_iso_date(args["date"])}

    def solve(self, p: dict[str, Any]) -> tuple[str, str]:
        d: dt.date = p["d"]
        return WEEKDAYS[d.weekday()], weekday_steps(d)
