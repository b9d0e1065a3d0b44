"""Rule-based specialist: month and year shifts without a day ("which month comes 3 months after April",
"8 years and 8 months after February 1798").

Answer convention: the English month name ("July"), with the year when the question has one
("October 1806"). The rationale opens with the start and the whole shift, whatever the question's wording
(`restate`), splits off whole years, adds the months with at most one wrap, then the years on the year's last
two digits (`year_digits`): "From February 1798, 8 years and 8 months forward. February is month 2; 2 + 8 =
10: October. 1798 ends in 98: 98 + 8 = 106 = 1 x 100 + 6, so century 17 + 1 = 18: 1806." / "From January,
39 months back. 39 = 3 x 12 + 3: 3 years and 3 months back. January is month 1; 1 - 3 = -2; -2 + 12 = 10:
October, one year earlier." Both options are on by default since session 40; since session 43 a year step
with a month's wrap adds the two one at a time (`year_two_term`): "34 + 13 = 47; 47 + 1 = 48, so 1848"."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from specialist_kd import SKDError
from specialist_kd.specialist import RuleSpecialist, register
from specialists._dates import (
    MONTHS,
    DateOptions,
    direction_words,
    month_steps,
    parse_int,
    shift_month,
    year_step,
)


@dataclass
class Options(DateOptions):
    max_months: int = 40  # "month" questions: 1..max_months months
    max_years: int = 30  # "month_year" questions: 0..max_years years and 0..11 months
    questions: list[str] | None = None  # "month", "month_year" (None: both)
    # session 38 at 3x, trained beside date_add_months: the unseen "Going {span} {dir} from {month}, ..." right
    # 35 of 187, 100 of the wrong answers opening in date_add_months' form ("1634-12-01 + 11 months: ...")
    restate: bool = True  # open with the start and the whole shift, whatever the wording: "From February 1798, 8 years and 8 months forward." (at 3x with year_digits: 76.2% and 75.5% over two seeds against 61.0%, p = 5.6e-13 and 5.8e-12; the "Going" wording 95 and 89 of 187 against 35, no answer in date_add_months' form; the default since session 40)
    year_digits: bool = True  # the year step names the year's last two digits first: "1798 ends in 98: 98 + 8 = 106 = ..." (with restate, the same runs; the default since session 40)
    # session 41: a year step back past a century ("34 - 40 = -6 = -1 x 100 + 94") in 23, 22 and 22 answers of
    # three 3x runs (runs/md-3x-rd, md-3x-rdq-s1, md-3x-rdq), right 3, 5 and 2 times
    year_borrow: bool = False  # such a step borrows the century first, as date_add_months' option does: "34 - 40 needs a borrow: 34 + 100 = 134; 134 - 40 = 94, so century 17 - 1 = 16: 1694" (session 41 at 3x: such steps right 2 of 16, the three-digit subtraction with a wrap wrong, 76.0% against 77.2%; not kept)
    # session 42 (bench/equation_kinds.py on runs/md-3x-rdq): the year step's three-term sums ("34 + 13 + 1 = 48")
    # held 27 of 87 times, two-number sums 252 of 256
    year_two_term: bool = True  # the years and the month's wrap added one at a time: "34 + 13 = 47; 47 + 1 = 48, so 1848" (session 43 at 3x beside date_add_months: 81.0% and 83.8% over two seeds against 77.2% and 75.5%, p = 0.043 and 1.2e-05; month-and-year questions with a wrap right 51 and 58 of 88 against 29 and 27; the default since)


def _span(years: int, months: int) -> str:
    parts = [f"{years} year{'s' * (years != 1)}"] * bool(years) + [f"{months} month{'s' * (months != 1)}"] * bool(months)
    return " and ".join(parts)


@register
class MonthShift(RuleSpecialist):
    name = "month_shift"
    domain = "month_shift"
    answer_kind = "month"
    answer_kinds = {"month": "month", "month_year": "month_year"}
    answer_format = "month name, with the year when the question gives one (e.g. October 1806)"
    Options = Options
    n_heldout = 1
    templates = {
        "month": [
            "Which month comes {span} {rel} {month}?",
            "What month is it {span} {rel} {month}?",
            "If it is {month} now, which month will it be {span} {fromnow}?",
            "Count {span} {dir} from {month}. Which month do you reach?",
            # held out: eval only
            "Starting in {month}, move {span} {dir}. Which month is it?",
        ],
        "month_year": [
            "What month and year is {span} {rel} {month}?",
            "Which month is {span} {rel} {month}?",
            "A project starts in {month} and ends {span} {later}. In which month does it end?",
            "{month} {sign} {span} = ? Give the month and year.",
            # held out: eval only
            "Going {span} {dir} from {month}, which month and year do you reach?",
        ],
    }

    def sample(self, rng: random.Random) -> dict[str, Any]:
        o = self.options
        qtype = self.pick_qtype(rng)
        if qtype == "month":
            years, months = 0, rng.randint(1, o.max_months)
        else:
            years, months = rng.randint(0, o.max_years), rng.randint(0, 11)
            years += not (years or months)
        year = rng.randint(o.year_min + o.max_years + 4, o.year_max - o.max_years - 4)
        return self._params(qtype, year, rng.randint(1, 12), years, months, rng.random() < 0.5)

    @staticmethod
    def _params(qtype: str, year: int, month: int, years: int, months: int, forward: bool) -> dict[str, Any]:
        label = MONTHS[month - 1] + (f" {year}" if qtype == "month_year" else "")
        return {"qtype": qtype, "year": year, "mon": month, "years": years, "months": months, "forward": forward,
                "month": label, "span": _span(years, months), **direction_words(forward)}

    solve_args = {"month": "YYYY-MM", "months": "integer, negative = before"}

    def params_from_args(self, args: dict[str, str]) -> dict[str, Any]:
        try:
            year, month = (int(x) for x in args["month"].split("-"))
            if not 1 <= month <= 12:
                raise ValueError
        except ValueError:
            raise SKDError(f"invalid month {args['month']!r}: expected YYYY-MM") from None
        n = parse_int("months", args["months"])
        return self._params("month_year", year, month, abs(n) // 12, abs(n) % 12, n >= 0)

    def solve(self, p: dict[str, Any]) -> tuple[str, str]:
        total = (12 * p["years"] + p["months"]) * (1 if p["forward"] else -1)
        y, m = shift_month(p["year"], p["mon"], total)
        if not 1 <= y <= 9999:
            raise SKDError(f"{p['month']} {p['sign']} {p['span']} leaves the calendar (years 1-9999)")
        # "month" questions move 1..max_months months; "month_year" ones whole years plus 0-11 months
        text, reached, split_years, wrap = month_steps(p["mon"], p["months"] if p["forward"] else -p["months"])
        assert reached == m
        if self.options.restate:
            text = f"From {p['month']}, {p['span']} {'forward' if p['forward'] else 'back'}. {text}"
        if p["qtype"] == "month":
            return MONTHS[m - 1], text
        years = split_years + (p["years"] if p["forward"] else -p["years"])
        if years or wrap:
            o = self.options
            step, reached_year = year_step(p["year"], years, wrap, o.year_digits, o.year_borrow, o.year_two_term)
            text += f" {step}."
            assert reached_year == y
        return f"{MONTHS[m - 1]} {y}", text
