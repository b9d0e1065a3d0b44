"""Rule-based specialist: add or subtract months or years to a date, with month-end clamping.

Answer convention: the resulting date as ISO YYYY-MM-DD. Months are counted on the calendar; when the
day does not exist in the month reached, it is clamped to that month's last day (January 31 + 1 month =
February 28 or 29), as `dateutil.relativedelta` does. The rationale quotes the question's words on the shift,
then works it: 'Asked: "1 month after". 2024-01-31 + 1 month: January is month 1; 1 + 1 = 2: February. So
February 2024. February 2024 has 29 days, so day 31 is clamped to 29.' (`quote`; `skd solve` has no question
to quote). A year step works on the year's last two digits, named first: "2349 ends in 49: 49 - 26 = 23, so
2323" (`year_digits`). Both on by default since session 41.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta

from specialist_kd import SKDError
from specialist_kd.specialist import RuleSpecialist, register
from specialists._dates import (
    DATE_STYLES,
    ReadDatesOptions,
    check_at_least_one,
    direction_words,
    fmt_date,
    month_len,
    month_name,
    month_steps,
    parse_int,
    parse_iso_date,
    random_date,
    read_dates_first,
    shift_cue,
    shift_month,
    year_step,
)


@dataclass
class Options(ReadDatesOptions):
    max_months: int = 36  # months questions shift by 1..max_months; years questions by 1..max_years
    max_years: int = 50  # years questions shift by 1..max_years (start dates keep max_years from the range's ends)
    month_end: float = 0.3  # share of start dates on day 29-31, where clamping can happen
    questions: list[str] | None = None  # "months", "years" (None: both)
    # session 38 at 3x: year shifts right 65 of 194, the year step on the wrong operand ("26 - 2 = 24, so 2324"
    # for 2349 - 26) or the years split by 12 as months after the unseen "calendar years" (8 of 93)
    year_digits: bool = True  # the year step names the year's last two digits first: "2349 ends in 49: 49 - 26 = 23, so 2323" (session 39 at 3x: year shifts 98 of 194 against 65, but the family 53.8% against 57.8%: 37 "renews N months before" read as after; with quote, 63.5% and 68.2% over two seeds and year shifts 109 and 108 of 194; the default since session 41)
    # session 39 at 3x: the held-out "My subscription renews N months before DATE" answered as after 37 times
    # in one run and 0 in another, the header ("2167-06-30 - 17 months:") the same in both
    quote: bool = True  # open with the question's words on how far and which way: 'Asked: "17 months before".' (at 3x with year_digits: 63.5% against 53.8% without it at the same seed, p = 7.8e-05, session 41; 68.2% at a second seed, session 40; the header's sign against the question's 1 and 0 times, against 57 without; the default since session 41)
    # session 41: a year step back past a century ("2002 ends in 02: 2 - 39 = -37 = -1 x 100 + 63, ...") reached
    # the right year 4 of 17, 2 of 25 and 0 of 23 times in three 3x runs (runs/md-3x-rd, md-3x-rdq-s1,
    # md-3x-rdq): its negative difference was wrong 12, 18 and 15 times
    year_borrow: bool = False  # such a step borrows the century first, no number negative: "2 - 39 needs a borrow: 2 + 100 = 102; 102 - 39 = 63, so century 20 - 1 = 19: 1963" (session 41 at 3x: such steps right 10 of 21 against 0 of 23, the family 62.7% against 63.5%, p = 0.84; not kept)
    # session 42 (bench/equation_kinds.py on runs/md-3x-rdq): a months shift's year step with a wrap ("77 + 6 + 1
    # = 84") held 44 of 65 times
    year_two_term: bool = True  # the years and the month's wrap added one at a time: "77 + 6 = 83; 83 + 1 = 84, so 1784" (session 43 at 3x beside month_shift: 71.8% and 69.8% over two seeds against 63.5% and 68.2%, p = 0.00071 and 0.59; months questions with a wrap right 78 and 82 of 104 against 64 and 74; the default since, with month_shift's)

    def __post_init__(self) -> None:
        super().__post_init__()
        check_at_least_one(max_months=self.max_months, max_years=self.max_years)


@register
class DateAddMonths(RuleSpecialist):
    name = "date_add_months"
    domain = "date_add_months"
    answer_kind = "date"
    answer_format = "YYYY-MM-DD (a day past the month's end is clamped to its last day)"
    Options = Options
    _phrasings = [
        "What date is {k} {unit} {rel} {date}?",
        "What is the date {k} {unit} {rel} {date}?",
        "If today is {date}, what date is it {k} {unit} {fromnow}?",
        "{date} {sign} {k} {unit} = ? Give the date.",
        "A contract signed on {date} ends {k} {unit} {later}. On what date does it end?",
        "Which date falls {k} {unit} {rel} {date}?",
        # held out: eval only
        "Starting on {date}, move {k} calendar {unit} {dir}. What is the resulting date?",
        "My subscription renews {k} {unit} {rel} {date}. On which date?",
    ]
    templates = {"months": _phrasings, "years": _phrasings}

    def sample(self, rng: random.Random) -> dict[str, Any]:
        o = self.options
        qtype = self.pick_qtype(rng)
        start = random_date(rng, o.year_min + o.max_years, o.year_max - o.max_years)
        if rng.random() < o.month_end:
            start = start.replace(day=month_len(start.year, start.month) - rng.randrange(min(3, start.day)))
        k = rng.randint(1, o.max_months if qtype == "months" else o.max_years)
        return self._params(qtype, start, k, rng.random() < 0.5, rng.choice(DATE_STYLES))

    @staticmethod
    def _params(qtype: str, start: dt.date, k: int, forward: bool, style: str) -> dict[str, Any]:
        return {"qtype": qtype, "start": start, "k": k, "forward": forward, "date": fmt_date(start, style),
                "unit": qtype if k != 1 else qtype[:-1], **direction_words(forward)}

    solve_args = {"date": "YYYY-MM-DD", "months": "integer, negative = before"}

    def params_from_args(self, args: dict[str, str]) -> dict[str, Any]:
        start, n = parse_iso_date(args["date"]), parse_int("months", args["months"])
        if not 1 <= start.year + (start.month - 1 + n) // 12 <= 9999:
            raise SKDError(f"{args['date']} {n:+d} months leaves the calendar (years 1-9999)")
        return self._params("months", start, abs(n), n >= 0, "iso")

    def solve(self, p: dict[str, Any]) -> tuple[str, str]:
        start: dt.date = p["start"]
        months = p["k"] * (12 if p["qtype"] == "years" else 1) * (1 if p["forward"] else -1)
        truth = start + relativedelta(months=months)
        y, m = shift_month(start.year, start.month, months)
        steps = [f"{fmt_date(start)} {p['sign']} {p['k']} {p['unit']}:"]
        if p["qtype"] == "years":
            text, reached_year = year_step(start.year, y - start.year, name_digits=self.options.year_digits,
                                           borrow=self.options.year_borrow)
            assert reached_year == y
            steps.append(f"{text}: {month_name(y, m)}.")
        else:
            text, m_reached, years, wrap = month_steps(start.month, months)
            steps.append(text)
            assert (y, m) == (start.year + years + wrap, m_reached)
            if years or wrap:
                o = self.options
                text = year_step(start.year, years, wrap, o.year_digits, o.year_borrow, o.year_two_term)[0]
                steps.append(f"{text}: {month_name(y, m)}.")
            else:
                steps.append(f"So {month_name(y, m)}.")
        day = min(start.day, month_len(y, m))
        if day != start.day:
            steps.append(f"{month_name(y, m)} has {month_len(y, m)} days, so day {start.day} is clamped to {day}.")
        reached = dt.date(y, m, day)
        assert reached == truth, f"rationale reached {reached}, relativedelta says {truth}"
        rationale = " ".join(steps)
        if self.options.read_dates:
            rationale = read_dates_first(rationale, p, (("date", "start"),))
        if self.options.quote and "prompt" in p:  # `skd solve` has no question to quote
            cue = shift_cue(p["prompt"], f"{p['k']} {p['unit']}")
            assert cue, f"the question says no direction next to {p['k']} {p['unit']}: {p['prompt']}"
            rationale = f'Asked: "{cue}". {rationale}'
        return fmt_date(truth), rationale
