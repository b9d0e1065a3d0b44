"""Rule-based specialist: add or subtract a number of days or weeks to a date.

Answer convention: the resulting date as ISO YYYY-MM-DD. The rationale turns weeks into days, then walks
month by month, naming the month each step reaches: "5 + 45 = 50. March 2024 has 31 days; 50 - 31 = 19, into
April 2024. So April 19, 2024." which a reader can check line by line. By default (`compare`) each forward step
also writes the comparison that decides it and the walk its stop: "50 is more than 31, so 50 - 31 = 19, into April
2024. April 2024 has 30 days; 19 is not more than 30."
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
    MONTHS,
    WalkOptions,
    check_at_least_one,
    direction_words,
    february_steps,
    fmt_date,
    month_len,
    month_name,
    next_month,
    parse_int,
    parse_iso_date,
    prev_month,
    random_date,
    read_dates_first,
    sum_writer,
)


def add_days_rationale(start: dt.date, n: int, sums: str = "plain", *, leap_rule: bool = False,
                       back_larger_first: bool = False, compare: bool = False, compare_back: bool = False,
                       leap_first: bool = False) -> tuple[dt.date, str]:
    """Day arithmetic carried month by month; returns the date it reaches and the steps. Each forward step
    names the month it reaches, and the walk ends with the date in words ("So November 10, 1977."), so the
    answer's month is written before the Answer line: without them the forward walk never wrote it, and a
    student answered with the last month named (runs/dad-rationale, docs/experiments.md). A walk back past the
    month's start writes its first sum with the larger number first, "98 - 21 = 77, so 21 - 98 = -77.": the
    back steps ("-77 + 31 = -46") are that subtraction, and a student got them right where it got "21 - 98"
    wrong. Written so, the first sum held 66 of 84 times against 52 (docs/experiments.md, session 14).
    sums="chain" writes the first sum and each forward step as a `sum_chain`; the back steps stay as they are;
    sums="carry" writes them as chains with the carry to a ten written out (`sum_chain(carry=True)`).
    leap_rule=True derives each February's length from the leap rule (`february_steps`) before using it;
    leap_first=True decides the leap year after the first multiple of 4 from the year on (`leap_steps(first=True)`).
    back_larger_first=True writes each month step back as the first sum back is written, a subtraction of the
    smaller number from the larger first: "53 - 28 = 25, so -53 + 28 = -25.", "28 - 9 = 19, so -9 + 28 = 19.".
    Written as "-53 + 28 = -25", February's steps back held 25 of 33 and 19 of 31 times in two 9x chain
    runs, where every other month step held about 998 times in 1,000 (session 22).
    compare=True writes, walking forward, the comparison that decides each step: "50 is more than 31, so 50 -
    31 = 19, into April 2024." and the stop, with the length of the month the walk stops in: "April 2024 has 30
    days; 19 is not more than 30." Without it the stop was the first wrong step of 12 of 34 wrong walks in a 9x
    run, on values equal to the month's length ("31 - 31 = 0") or past it ("So March 40"; session 24).
    compare_back=True writes, walking back, the comparison that decides the first sum's form, the shift
    against the day: "21 is more than 19: 21 - 19 = 2, so 19 - 21 = -2." or "5 is not more than 19: 19 - 5 =
    14." With compare alone, 9 of a 9x student's 21 wrong answers wrote "21 - 19 = 2. So May 2": the larger
    number first, then the stop, without the sign turned (session 26).
    The keyword defaults write the plain walk, each form off; the specialist's defaults are its `Options`'."""
    chain = sum_writer(sums)

    def has(y: int, m: int, length: int) -> str:
        return february_steps(y, leap_first) if leap_rule and m == 2 else f"{month_name(y, m)} has {length} days"

    y, m, t = start.year, start.month, start.day + n
    more = f"{-n} is {'' if t < 0 else 'not '}more than {start.day}: " if compare_back and n < 0 else ""
    if t < 0:  # the larger number first, then the first sum with its sign turned
        steps = [f"{more}{chain(-n, '-', start.day)}, so {start.day} - {-n} = {t}."]
    else:
        steps = [f"{more}{chain(start.day, '+' if n >= 0 else '-', abs(n))}."]
    while t > (length := month_len(y, m)):
        ny, nm = next_month(y, m)
        more = f"{t} is more than {length}, so " if compare else ""
        steps.append(f"{has(y, m, length)}; {more}{chain(t, '-', length)}, into {month_name(ny, nm)}.")
        t, y, m = t - length, ny, nm
    if compare and n > 0:  # the stop, walking forward: the value against the length of the month it stops in
        steps.append(f"{has(y, m, length)}; {t} is not more than {length}.")
    while t < 1:
        y, m = prev_month(y, m)
        length = month_len(y, m)
        if back_larger_first and t < 0:
            big, small = (-t, length) if -t >= length else (length, -t)
            steps.append(f"{has(y, m, length)}; {chain(big, '-', small)}, so {t} + {length} = {t + length}.")
        else:
            steps.append(f"{has(y, m, length)}; {t} + {length} = {t + length}.")
        t += length
    steps.append(f"So {MONTHS[m - 1]} {t}, {y}.")
    return dt.date(y, m, t), " ".join(steps)


@dataclass
class Options(WalkOptions):
    # The five rationale forms default on: sums, leap_rule, back_larger_first and restate took a 9x student from
    # 89.5% (chains alone) to 92.8% on 600 held-out questions (session 23), and compare on top of them to 96.5%
    # (session 26; README, docs/experiments.md). `false` / `plain` turn each off.
    sums: str = "carry"
    leap_rule: bool = True
    max_days: int = 100  # questions shift by 1..max_days days (weeks: 1..max_days // 7 weeks)
    questions: list[str] | None = None  # "days", "weeks" (None: both)
    back_larger_first: bool = True  # walking back, each month step larger number first: "53 - 28 = 25, so -53 + 28 = -25."
    restate: bool = True  # open with the shift in words, "98 days before.", then its sign: "... - 98 days: ..."
    # 579 of 600 against the four forms' 565; walking forward, where it writes, 278 of 284 against 265
    compare: bool = True  # walking forward, write each step's comparison and the stop: "19 is not more than 30."
    compare_back: bool = False  # walking back, the shift against the day before the first sum: "21 is more than 19: ..."
    read_dates: bool = False  # first read a numeric date field by field, as weekday's option does (not yet trained on in this family): "05/03/2024 (MM/DD/YYYY) reads month 05, day 03: May 3, 2024."

    def __post_init__(self) -> None:
        super().__post_init__()
        check_at_least_one(max_days=self.max_days)


@register
class DateAddDays(RuleSpecialist):
    name = "date_add_days"
    domain = "date_add_days"
    answer_kind = "date"
    answer_format = "YYYY-MM-DD"
    Options = Options
    _phrasings = [
        "What date is {k} {unit} {rel} {date}?",
        "What is the date {k} {unit} {rel} {date}?",
        "If today is {date}, what date is it {k} {unit} {fromnow}?",
        "{date} {sign} {k} {unit} = ? Give the date.",
        "Count {k} {unit} {dir} from {date}. Which date do you reach?",
        "Which date falls {k} {unit} {rel} {date}?",
        # session 24: the direction word in more settings (a story, "earlier/later than"), for it to be read,
        # not guessed from the setting (an unseen "I have a deadline N days after" was restated as "before")
        "{k} {unit} {later} than {date}: what is the date?",
        "My appointment is {k} {unit} {rel} {date}. What date is the appointment?",
        "A festival begins {k} {unit} {rel} {date}. On which date does it begin?",
        "Find the date that lies {k} {unit} {rel} {date}.",
        # held out: eval only
        "Starting on {date}, move {k} {unit} {dir}. What is the resulting date?",
        "I have a deadline {k} {unit} {rel} {date}. On what date is it?",
    ]
    templates = {"days": _phrasings, "weeks": _phrasings}

    def sample(self, rng: random.Random) -> dict[str, Any]:
        o = self.options
        qtype = self.pick_qtype(rng)
        start = random_date(rng, o.year_min, o.year_max)
        k = rng.randint(1, max(1, o.max_days // 7)) if qtype == "weeks" else rng.randint(1, o.max_days)
        n = 7 * k if qtype == "weeks" else k
        forward = rng.random() < 0.5
        if not (dt.date.min.toordinal() + n <= start.toordinal() <= dt.date.max.toordinal() - n):
            forward = start.year < 5000
        return {
            "qtype": qtype,
            "start": start,
            "n": n,
            "k": k,
            "unit": qtype if k != 1 else qtype[:-1],
            "forward": forward,
            "date": fmt_date(start, rng.choice(DATE_STYLES)),
            **direction_words(forward),
        }

    solve_args = {"date": "YYYY-MM-DD", "days": "integer, negative = before"}

    def params_from_args(self, args: dict[str, str]) -> dict[str, Any]:
        start, n = parse_iso_date(args["date"]), parse_int("days", args["days"])
        try:
            start + dt.timedelta(days=n)
        except OverflowError:
            raise SKDError(f"{args['date']} {n:+d} days leaves the calendar (years 1-9999)") from None
        return {"start": start, "n": abs(n), "k": abs(n), "unit": "days", "forward": n >= 0, **direction_words(n >= 0)}

    def solve(self, p: dict[str, Any]) -> tuple[str, str]:
        delta = p["n"] if p["forward"] else -p["n"]
        truth = p["start"] + dt.timedelta(days=delta)
        o = self.options
        reached, rationale = add_days_rationale(p["start"], delta, o.sums, leap_rule=o.leap_rule,
                                                  back_larger_first=o.back_larger_first, compare=o.compare,
                                                  compare_back=o.compare_back, leap_first=o.leap_first)
        assert reached == truth, f"rationale reached {reached}, datetime says {truth}"
        weeks = f"{p['k']} {p['unit']} = {p['k']} x 7 = {p['n']} days. " if p["unit"].startswith("week") else ""
        # the direction as the words "before" / "after", whatever the question's own words ("ago", "backward",
        # "-"), so a wording never seen is read by copying its word where it has one
        words = f"{p['k']} {p['unit']} {'after' if p['forward'] else 'before'}. " if o.restate else ""
        rationale = f"{words}{weeks}{fmt_date(p['start'])} {p['sign']} {p['n']} days: {rationale}"
        return fmt_date(truth), read_dates_first(rationale, p, (("date", "start"),)) if o.read_dates else rationale
