"""Rule-based specialist: the ISO 8601 week number and the day of the year of a date.

Answer convention: an integer. ISO weeks start on Monday and week 1 is the week with January 4 in it,
so early January can belong to the previous ISO year's last week and late December to the next year's
week 1. The rationale derives the weekday of January 4 (`_dates.weekday_steps`), then: "... January 4,
2024 is a Thursday. So ISO week 1 of 2024 starts on Monday, January 1, 2024. 2024-03-05 is 64 days later;
64 = 9 x 7 + 1, so week 9 + 1 = 10." The day of the year is a walk of month lengths, "31 + 28 = 59. 59 + 5 =
64."; with `doy_months` each step names its month, "January 31. February 28: 31 + 28 = 59. March 5: 59 + 5 =
64.", so the walk says where it stops. The week's day count ("64 days later") is still stated, not derived.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from specialist_kd.specialist import RuleSpecialist, register
from specialists._dates import (
    DATE_STYLES,
    MONTHS,
    ReadDatesOptions,
    day_of_year_parts,
    fmt_date,
    parse_iso_date,
    random_date,
    read_dates_first,
    weekday_steps,
)


@dataclass
class Options(ReadDatesOptions):
    # session 47 at 3x (runs/iso_week-3x, 2.5%): the day-of-year walk ("31 + 28 = 59. 59 + 31 = 90. 90 + 13 =
    # 103.") names no month, and on the unseen wording 176 of its 188 walks never stopped (cut at the budget)
    doy_months: bool = False  # name the month each step of the day-of-year walk adds, and stop at the date's own month with its day: "January 31. February 28: 31 + 28 = 59. March 31: 59 + 31 = 90. April 13: 90 + 13 = 103."


def _long(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


@register
class IsoWeek(RuleSpecialist):
    name = "iso_week"
    domain = "iso_week"
    answer_kind = "integer"
    answer_format = "integer: ISO week number (1-53) or day of the year (1-366)"
    Options = Options
    n_heldout = 1
    templates = {
        "week": [
            "What is the ISO week number of {date}?",
            "In which ISO 8601 week does {date} fall?",
            "Give the ISO calendar week of {date}.",
            "{date}: which ISO week number is that?",
            # held out: eval only
            "My meeting is on {date}. What ISO week is it in?",
        ],
        "doy": [
            "What day of the year is {date}?",
            "Which day number of its year is {date}?",
            "Counting January 1 as day 1, what is the day of the year of {date}?",
            "{date} is day number what of the year?",
            # held out: eval only
            "How many days into its year is {date}, with January 1 as day 1?",
        ],
    }

    def sample(self, rng: random.Random) -> dict[str, Any]:
        o = self.options
        d = random_date(rng, o.year_min, o.year_max)
        if rng.random() < 0.2:  # the ISO-year boundary, where week numbers are tricky
            d = dt.date(d.year, rng.choice((1, 12)), 1)
            d = d.replace(day=rng.randint(1, 4) if d.month == 1 else rng.randint(28, 31))
        return {"qtype": self.pick_qtype(rng), "d": d, "date": fmt_date(d, rng.choice(DATE_STYLES))}

    solve_args = {"date": "YYYY-MM-DD", "number": "week|doy"}

    def params_from_args(self, args: dict[str, str]) -> dict[str, Any]:
        return {"qtype": self.qtype_arg(args, "number"), "d": parse_iso_date(args["date"])}

    def solve(self, p: dict[str, Any]) -> tuple[str, str]:
        answer, rationale = self._derive(p)
        return answer, read_dates_first(rationale, p, (("date", "d"),)) if self.options.read_dates else rationale

    def _derive(self, p: dict[str, Any]) -> tuple[str, str]:
        d: dt.date = p["d"]
        if p["qtype"] == "doy":
            parts = day_of_year_parts(d)
            named = self.options.doy_months
            steps, total = [f"January {parts[0]}."] if named and d.month > 1 else [], parts[0]
            for month, x in enumerate(parts[1:], start=2):  # running sums: one short addition per step
                label = f"{MONTHS[month - 1]} {x}: " if named else ""  # the month whose days (or day) it adds
                steps.append(f"{label}{total} + {x} = {total + x}.")
                total += x
            return str(total), " ".join(steps) or f"Day {total} of January."
        iso_year, week, _ = d.isocalendar()
        jan4 = dt.date(iso_year, 1, 4)
        start = jan4 - dt.timedelta(days=jan4.weekday())
        q, r = divmod((d - start).days, 7)
        assert q + 1 == week, f"rationale reached week {q + 1}, isocalendar says {week}"
        other = f"{fmt_date(d)} belongs to ISO year {iso_year}. " if iso_year != d.year else ""
        rationale = (
            f"{other}{weekday_steps(jan4)} So ISO week 1 of {iso_year} starts on "
            f"Monday, {_long(start)}. {fmt_date(d)} is {(d - start).days} days later; "
            f"{(d - start).days} = {q} x 7 + {r}, so week {q} + 1 = {week}."
        )
        return str(week), rationale
