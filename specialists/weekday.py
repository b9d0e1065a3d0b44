"""Rule-based specialist: the day of the week of a date.

Answer convention: the English weekday name (Monday ... Sunday). The rationale sums a century key, the
year within the century and its leap days, a month key and the day, mod 7 (`_dates.weekday_steps`):
"Weekday of March 5, 2024: century 20 = 5 x 4 + 0, key 6; year 24 = 6 x 4 + 0, 24 + 6 = 30; March's key is
3; day 5. 6 + 30 = 36; 36 + 3 = 39; 39 + 5 = 44 = 6 x 7 + 2: Tuesday (0 = Sunday). So March 5, 2024 is a
Tuesday."
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
