"""Rule-based specialist: the day of the week of a date.

Answer convention: the English weekday name (Monday ... Sunday). The rationale counts from the
weekday of January 1 of that year: "January 1, 2024 was a Monday. March 5 is day 65 (31 + 29 + 5).
64 = 9 x 7 + 1, so Monday + 1 = Tuesday."
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from specialist_kd.specialist import RuleSpecialist, register
from specialists._dates import (
    DATE_STYLES,
    MONTHS,
    WEEKDAYS,
    DateOptions,
    fmt_date,
    month_len,
    parse_iso_date,
    random_date,
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
        truth = WEEKDAYS[d.weekday()]
        jan1 = dt.date(d.year, 1, 1)
        parts = [month_len(d.year, m) for m in range(1, d.month)] + [d.day]
        doy = sum(parts)
        assert doy == d.timetuple().tm_yday, "day-of-year sum disagrees with datetime"
        q, r = divmod(doy - 1, 7)
        reached = WEEKDAYS[(jan1.weekday() + r) % 7]
        assert reached == truth, f"rationale reached {reached}, datetime says {truth}"
        sums = " + ".join(map(str, parts))
        rationale = (
            f"January 1, {d.year} is a {WEEKDAYS[jan1.weekday()]}. "
            f"{MONTHS[d.month - 1]} {d.day} is day {doy} of {d.year} ({sums}). "
            f"{doy - 1} = {q} x 7 + {r}, so {WEEKDAYS[jan1.weekday()]} + {r} = {truth}."
        )
        return truth, rationale
