"""Shared core of the date/time specialists: formatting, parsing and sampling of dates and times.

All calendar facts come from `datetime` and `calendar`; nothing here hand-codes month lengths or leap rules.
The one formula written out, the weekday rule (century, year, month and day keys summed mod 7), only words
a rationale: its keys are read off `datetime`, and its result is asserted against `datetime` each time.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from specialist_kd import SKDError

MONTHS = list(calendar.month_name)[1:]
WEEKDAYS = list(calendar.day_name)  # Monday first, matching date.weekday()
# Input formats of dates in questions; numeric ones state their order, as an unambiguous question must.
DATE_STYLES = ("iso", "mdy", "dmy", "mdy_num", "dmy_num")


@dataclass
class FamilyOptions:
    """The options every rule-based family takes."""

    n: int = 100  # questions to generate
    weight: float = 1.0  # loss weight of this family's records in training (and in dedup, the higher is kept)
    rationale: bool = True  # a step-by-step derivation before the "Answer:" line
    # session 49: the unseen wordings are where most families now lose, each by following the wording's positions
    # (leap_year's "Will February have 29 days in the year {year}?" answered "No" for all 64 leap years)
    # leap_year at 3x with it (session 50, runs/leap_year-3x-reword): 75.8% against 73.5%, p = 0.79; that wording
    # reworded right 206 of 211 times, and 48 of its 64 leap years still "not divisible by 4"; relative_date at 3x
    # with gap_steps (session 56, runs/relative_date-3x-gap-rw): 46.5% against 51.7%, p = 0.048: the club wording
    # reworded every time with the ordinal always "first", all 96 Rent outputs opened with "Rent" (5 right, from 44)
    reword: bool = False  # open the rationale with the question in its type's first wording (a training one, asking the same of the same values): "Reworded: Is 2096 a leap year? ..."
    drill: int = 0  # extra training rows of this family's own arithmetic: each asks 8 equations its rationales write, taken in order from fresh questions, and answers them in the rationales' form ("Work out: 31 - 22, 26 + 60, ..." -> "31 - 22 = 9. 26 + 60 = 86. ..."); never in eval suites


@dataclass
class DateOptions(FamilyOptions):
    year_min: int = 1600  # the calendar allows 1..9998; this default keeps to the Gregorian era
    year_max: int = 2400  # dates lie in year_min..year_max
    questions: list[str] | None = None  # question types to ask (None: all of the family's)

    def __post_init__(self) -> None:
        if not (dt.MINYEAR <= self.year_min <= self.year_max <= dt.MAXYEAR - 1):
            raise ValueError(
                f"year range {self.year_min}..{self.year_max} invalid: need {dt.MINYEAR} <= year_min "
                f"<= year_max <= {dt.MAXYEAR - 1}"
            )


@dataclass
class ReadDatesOptions(DateOptions):
    """The options of the date families whose questions may write a date numerically, without a month walk
    (date_add_months, iso_week, relative_date, weekday: weekday turns the reading on; date_add_days and
    days_between, on `WalkOptions`, declare the field themselves)."""

    read_dates: bool = False  # first read a numeric date field by field, as weekday's option does (trained in iso_week with four other options, session 48; in relative_date with day_walk, session 62: 80.5% against 85.5%, the dates read right but the held-out weekday_after wording in nth_weekday's form; off): "05/03/2024 (MM/DD/YYYY) reads month 05, day 03: May 3, 2024."


SUMS = ("plain", "chain", "carry")


@dataclass
class WalkOptions(DateOptions):
    """The options of the families whose rationale walks month by month (date_add_days, days_between,
    business_days): how its sums are written and whether February's length is derived."""

    sums: str = "plain"  # "plain" ("97 - 9 = 88"), "chain" ("97 - 9 = 97 - 7 - 2 = 90 - 2 = 88") or "carry" (chains with "77 + 3 = 70 + 10 = 80")
    leap_rule: bool = False  # derive February's length: "1972 ends in 72, and the 70s' multiples of 4 are 72, 76: ..."
    leap_first: bool = False  # leap_rule (on or not) with each leap year decided after the first multiple of 4 from the year on, as leap_year's default rationale and weekday's leap_first do (`leap_steps(first=True)`): "The first multiple of 4 from 1972 on is 1972, the year itself. 1972 ends in 72, ...: a leap year, so February 1972 has 29 days"

    def __post_init__(self) -> None:
        super().__post_init__()
        check_sums(self.sums)
        self.leap_rule |= self.leap_first  # leap_first is a form of leap_rule's steps: on its own it turns them on


def check_sums(sums: str) -> None:
    if sums not in SUMS:
        raise ValueError(f"sums={sums!r} unknown: use one of {', '.join(SUMS)}")


DIRECTION_WORDS = {"rel": ("after", "before"), "fromnow": ("from now", "ago"), "later": ("later", "earlier"),
                   "sign": ("+", "-"), "dir": ("forward", "backward")}


def direction_words(forward: bool) -> dict[str, str]:
    """Template words for a shift forward or backward in time ({rel}, {fromnow}, {later}, {sign}, {dir})."""
    return {k: v[0] if forward else v[1] for k, v in DIRECTION_WORDS.items()}


_AFTER_AMOUNT = "|".join(w for k, pair in DIRECTION_WORDS.items() if k != "sign" for w in pair)


def shift_cue(prompt: str, amount: str) -> str | None:
    """The question's words that say how far and which way, as a `quote` option copies them: "17 months
    before", "3 calendar years forward", "- 5 months" (a sign before the amount, or a direction word after
    it, with an optional "calendar" between number and unit); None where the question has neither."""
    k, unit = amount.split(" ", 1)
    m = re.search(rf"(?:([+-]) )?\b{k} (?:calendar )?{unit}\b(?: ({_AFTER_AMOUNT})\b)?", prompt)
    return m[0] if m and (m[1] or m[2]) else None


def first_cue(prompt: str, cues: tuple[str, ...]) -> str:
    """The first of `cues` the question holds, as a `quote` option copies it; every template holds one."""
    cue = next((c for c in cues if c in prompt), None)
    assert cue, f"the question holds none of {cues}: {prompt}"
    return cue


def check_at_least_one(**values: int) -> None:
    for name, v in values.items():
        if v < 1:
            raise ValueError(f"{name}={v} must be >= 1")


def fmt_date(d: dt.date, style: str = "iso") -> str:
    if style == "iso":
        return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
    if style == "mdy":
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "dmy":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if style == "mdy_num":
        return f"{d.month:02d}/{d.day:02d}/{d.year:04d} (MM/DD/YYYY)"
    if style == "dmy_num":
        return f"{d.day:02d}/{d.month:02d}/{d.year:04d} (DD/MM/YYYY)"
    raise ValueError(f"unknown date style {style!r} (accepted: {', '.join(DATE_STYLES)})")


NUMERIC_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4}) \((MM/DD|DD/MM)/YYYY\)")


def read_numeric(text: str, d: dt.date) -> str:
    """A numeric date in a question, `text` as `fmt_date` writes it, read field by field in its stated order,
    then named: "05/03/2024 (MM/DD/YYYY) reads month 05, day 03: May 3, 2024." ("... (DD/MM/YYYY) reads day 03,
    month 05: ..."). "" for a date in words or ISO. A 3x days_between student restated 42 of 169 numeric
    questions' dates wrong, mostly MM/DD read as DD/MM, against 2 of 72 ISO (session 27)."""
    m = NUMERIC_DATE.fullmatch(text)
    if not m:
        return ""
    first, second, year, order = m.groups()
    names = ("month", "day") if order == "MM/DD" else ("day", "month")
    fields = dict(zip(names, (first, second)))
    assert dt.date(int(year), int(fields["month"]), int(fields["day"])) == d, f"{text} is not {d}"
    return f"{text} reads {names[0]} {first}, {names[1]} {second}: {fmt_date(d, 'mdy')}."


ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
DMY_DATE = re.compile(r"(\d{1,2}) ([A-Z][a-z]+) (\d{4})")


def read_date(text: str, d: dt.date, every_style: bool = False) -> str:
    """`read_numeric`, and with `every_style` an ISO date or a day-first date in words read the same way, so
    that every rationale starts by copying the question's date as written: "2285-01-03 reads year 2285, month
    01, day 03: January 3, 2285."; "13 May 2263 reads day 13, month May: May 13, 2263." A "May 13, 2263" date
    is already in the words the rationale names it by: "" for it."""
    read = read_numeric(text, d)
    if read or not every_style:
        return read
    if m := ISO_DATE.fullmatch(text):
        fields = f"year {m[1]}, month {m[2]}, day {m[3]}"
    elif m := DMY_DATE.fullmatch(text):
        fields = f"day {m[1]}, month {m[2]}"
    else:
        return ""
    assert text == fmt_date(d, "iso" if m.re is ISO_DATE else "dmy"), f"{text} is not {d}"
    return f"{text} reads {fields}: {fmt_date(d, 'mdy')}."


def read_dates_first(rationale: str, p: dict[str, Any], fields: tuple[tuple[str, str], ...],
                     every_style: bool = False) -> str:
    """`rationale` opened by a reading (`read_date`) of each numeric date in the question, or with
    `every_style` of each date not written "May 13, 2263": `fields` pairs the key of a date's text as the
    question wrote it with the key of its date in the params `p`. A text the question does not hold
    (relative_date's month questions; `skd solve`, which has no question) or a date in words or ISO (in words
    "May 13, 2263" with `every_style`) adds nothing."""
    prompt = p.get("prompt", "")
    reads = [read_date(p[text], p[date], every_style) for text, date in fields if p.get(text) and p[text] in prompt]
    return " ".join([r for r in reads if r] + [rationale])


def month_name(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


def month_len(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def prev_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) `months` calendar months later (earlier when negative)."""
    y, m0 = divmod(year * 12 + month - 1 + months, 12)
    return y, m0 + 1


def lead_sub(n: int, m: int) -> str:
    """`n - m` by leading digits, one place of m at a time from the thousands down: each step takes one of
    m's digits (its thousands whole) from the leading digits of what is left and copies the rest, "21286 -
    14400: 21 - 14 = 7, so 7286; 72 - 4 = 68, so 6886". No step has more than one operation, nor a number
    longer than n's leading digits: a 3x student got "21286 - 18000 = 3286" right 7 of 96 times (session
    38), where it copies digits well."""
    assert 0 <= m <= n, f"{n} - {m} is negative"
    steps, cur = [], n
    for place in (1000, 100, 10, 1):
        digit = m // place if place == 1000 else m // place % 10
        if digit:
            lead = cur // place
            cur -= digit * place
            steps.append(f"{lead} - {digit} = {lead - digit}" + (f", so {cur}" if place > 1 else ""))
    assert cur == n - m
    return f"{n} - {m}: " + "; ".join(steps) if steps else f"{n} - 0 = {n}"


def column_sub(x: int, y: int) -> str:
    """`x - y` (0 <= y <= x < 200) a column at a time, the units then the tens, each a fact on single digits
    (the tens of x may be 10 or 11; an x under 10 is the fact itself): "57 - 6: 7 - 6 = 1; 5 - 0 = 5; so 51",
    with a ten borrowed where the units need it, "34 - 25: 4 - 5 needs a ten: 14 - 5 = 9; 3 - 1 - 2 = 0; so 9".
    Two 6x duration students got sub's two-number subtractions right 145 of 211 and 137 of 208 times where
    their additions under 120 held 93% and 94%, "57 - 6 = 55" among them (session 66)."""
    assert 0 <= y <= x < 200, f"{x} - {y} is not a subtraction of numbers under 200 with a result >= 0"
    if x < 10:  # one column: the fact itself
        return f"{x} - {y} = {x - y}"
    (xt, xu), (yt, yu) = divmod(x, 10), divmod(y, 10)
    ten = xu < yu
    units = (f"{xu} - {yu} needs a ten: {xu + 10} - {yu} = {xu + 10 - yu}" if ten else f"{xu} - {yu} = {xu - yu}")
    tens = xt - ten - yt
    assert tens * 10 + (xu + 10 * ten - yu) == x - y
    return f"{x} - {y}: {units}; {xt}{' - 1' if ten else ''} - {yt} = {tens}; so {x - y}"


def split_off(n: int, unit: int, subtract: bool = False, lead: bool = False,
              ladder: bool = False) -> tuple[int, int, str]:
    """`n` split into whole units and a remainder, as a checkable step: (units, remainder, text). The text is
    one equation, "262 = 4 x 60 + 22", or with `subtract` n, then the product and the remainder each its own
    two-term equation, "262: 4 x 60 = 240; 262 - 240 = 22". Students wrote the quotient right (344 of 356
    times) but the remainder by copying the last digits of n ("262 = 4 x 60 + 2"; session 37). Without n
    written first ("4 x 60 = 240; ...", session 38) the quotient was right 213 of 342 times: it was picked
    before n was in view (docs/experiments.md). `lead` (with `subtract`) writes the subtraction by leading
    digits (`lead_sub`). `ladder` (with `subtract`) finds the quotient by counting up the unit's multiples to
    the first past n, each with its count: "21286: 3600 (1), 7200 (2), 10800 (3), 14400 (4), 18000 (5), 21600
    (6) is more than 21286, so 5 x 3600 = 18000; ..." (a 3x student's quotient by 3600 was right 26, 36 and 66
    of 95 times in three runs, session 40)."""
    q, r = divmod(n, unit)
    if subtract:
        rest = lead_sub(n, q * unit) if lead else f"{n} - {q * unit} = {r}"
        up = ""
        if ladder:  # the multiples up to q, then the first past n
            up = "".join(f"{k * unit} ({k}), " for k in range(1, q + 2))[:-2] + f" is more than {n}, so "
        return q, r, f"{n}: {up}{q} x {unit} = {q * unit}; {rest}"
    return q, r, f"{n} = {q} x {unit} + {r}"


def borrow_step(x: int, y: int, base: int = 60, sums: str = "plain") -> str:
    """`x - y` for a y larger than x, with one `base` borrowed first, in two-term equations and no negative
    number after the borrow: borrow_step(26, 50) == "26 + 60 = 86; 86 - 50 = 36". x may be -1, a unit already
    lent to the step below (duration's "0 - 1 - 9": "-1 + 60 = 59; 59 - 9 = 50"). `sums` writes the
    subtraction as `sum_writer` does ("chain": "86 - 58 = 86 - 50 - 6 - 2 = 36 - 6 - 2 = 30 - 2 = 28")."""
    assert y - base <= x < y, f"{x} - {y} is not one borrow of {base}"
    return f"{x} + {base} = {x + base}; {sum_writer(sums)(x + base, '-', y)}"


def wrap_step(raw: int, base: int, low: int = 0) -> tuple[str, int, int]:
    """`raw` brought back into low..low + base - 1 by at most one wrap, as a checkable step: (text, value,
    wrap), the text "" or "; 67 - 60 = 7" and the wrap -1, 0 or +1. `raw` must be within one base of it."""
    wrap = (raw - low) // base
    assert wrap in (-1, 0, 1), f"{raw} is more than one wrap of {base} away from {low}..{low + base - 1}"
    value = raw - base * wrap
    return (f"; {raw} {'-' if wrap > 0 else '+'} {base} = {value}" if wrap else ""), value, wrap


def minute_hour_steps(start: int, delta: int, borrow: bool = False, sums: str = "plain",
                      two_term_hours: bool = False) -> tuple[str, str, int]:
    """A wall time (`start` minutes after midnight) moved by `delta` minutes (signed), the minutes then the
    hours, as the bodies of two checkable steps: (minutes, hours, result in minutes after midnight). The
    minutes take at most one carry ("45 + 30 = 75; 75 - 60 = 15, one hour more"), with `borrow` taken past
    the hour without a negative number ("26 - 50 needs a borrow: 26 + 60 = 86; 86 - 50 = 36, one hour less");
    the hours at most one wrap past midnight ("1 - 5 - 1 = -5; -5 + 24 = 19"), beyond it the whole days split
    off; the hours are "" when neither whole hours nor a carry move them. `sums` writes the minutes' sum as
    `sum_writer` does; `two_term_hours` adds the hours two numbers at a time ("22 + 7 = 29; 29 + 1 = 30")."""
    sign = "+" if delta >= 0 else "-"
    h, mm = divmod(abs(delta), 60)
    hour, minute = divmod(start, 60)
    wrap_text, new_minute, carry = wrap_step(minute + mm if delta >= 0 else minute - mm, 60)
    if borrow and carry < 0:
        minutes = f"{minute} - {mm} needs a borrow: {borrow_step(minute, mm, sums=sums)}, one hour less"
    else:
        minutes = (f"{sum_writer(sums)(minute, sign, mm)}{wrap_text}"
                   + (f", one hour {'more' if carry > 0 else 'less'}" if carry else ""))
    hours = ""
    if h or carry:
        raw = hour + (h if delta >= 0 else -h) + carry
        hours = f"{hour}" + (f" {sign} {h}" if h else "")
        if two_term_hours and h and carry:
            hours += f" = {raw - carry}; {raw - carry}"
        hours += f" {'+' if carry > 0 else '-'} 1" if carry else ""
        if -24 <= raw < 48:  # one wrap past midnight at most
            wrap_text, hour, _ = wrap_step(raw, 24)
            hours += f" = {raw}{wrap_text}"
        else:
            days, hour = divmod(raw, 24)
            hours += f" = {raw} = {days} x 24 + {hour}"
    return minutes, hours, hour * 60 + new_minute


def month_steps(month: int, months: int) -> tuple[str, int, int, int]:
    """A month moved by `months` (signed) in small checkable steps: the whole years split off first, then one
    addition with at most one wrap past December or January.

    Returns (text, month reached, whole years, wrap), with the years signed and the wrap -1, 0 or +1.
    month_steps(1, -39) gives ("39 = 3 x 12 + 3: 3 years and 3 months back. January is month 1; 1 - 3 = -2;
    -2 + 12 = 10: October, one year earlier.", 10, -3, -1); every equation in the text holds.
    """
    sign, n = ("+", months) if months >= 0 else ("-", -months)
    years, rest = divmod(n, 12)
    steps = []
    if years:
        span = f"{years} year{'s' * (years != 1)} and {rest} month{'s' * (rest != 1)}"
        steps.append(f"{n} = {years} x 12 + {rest}: {span} {'forward' if months >= 0 else 'back'}.")
    raw = month + (rest if months >= 0 else -rest)
    wrap_text, reached, wrap = wrap_step(raw, 12, low=1)
    steps.append(f"{MONTHS[month - 1]} is month {month}; {month} {sign} {rest} = {raw}{wrap_text}: "
                 f"{MONTHS[reached - 1]}" + {0: ".", 1: ", one year later.", -1: ", one year earlier."}[wrap])
    years = years if months >= 0 else -years
    assert shift_month(0, month, months) == (years + wrap, reached), "month steps disagree with shift_month"
    return " ".join(steps), reached, years, wrap


def year_step(year: int, years: int, wrap: int = 0, name_digits: bool = False, borrow: bool = False,
              two_term: bool = False) -> tuple[str, int]:
    """A year moved by whole `years` (signed) and a month wrap (-1, 0, +1), on its last two digits, so no step
    has a four-digit number in it: "77 + 6 + 1 = 84, so 1784"; past a century, "98 + 5 = 103 = 1 x 100 + 3,
    so century 19 + 1 = 20: 2003". With `name_digits` the year and its digits come first, "1777 ends in 77:
    77 + 6 + 1 = 84, so 1784": a 3x student took the wrong first operand, "26 - 2 = 24, so 2324" for 2349 - 26
    (session 38). With `borrow` a step back past a century borrows it first, as the clock's minutes borrow an
    hour, so no number is negative: "2 - 39 needs a borrow: 2 + 100 = 102; 102 - 39 = 63, so century 20 - 1 =
    19: 1963" (where "2 - 39 = -37 = -1 x 100 + 63, ..."; a 3x student's back steps past a century reached
    the right year 6 times in 65, three runs, session 41). With `two_term` the years and a month's wrap are added
    one at a time, "34 + 13 = 47; 47 + 1 = 48, so 1848", where "34 + 13 + 1 = 48" held 27 of 87 times in a 3x
    student's month_shift outputs (session 42, bench/equation_kinds.py). Returns (text, year reached)."""
    century, yy = divmod(year, 100)
    terms = [(years, abs(years))] * bool(years) + [(wrap, 1)] * bool(wrap)
    raw = yy + years + wrap
    reached = year + years + wrap
    moves = "".join(f" {'+' if s > 0 else '-'} {v}" for s, v in terms)

    def added(start: int) -> str:  # "34 + 13 + 1 = 48", or with two_term "34 + 13 = 47; 47 + 1 = 48"
        if not two_term:
            return f"{start}{moves} = {start + years + wrap}"
        links, acc = [], start
        for signed, v in terms:
            links.append(f"{acc} {'+' if signed > 0 else '-'} {v} = {acc + signed}")
            acc += signed
        return "; ".join(links)

    text = f"{year} ends in {yy:02d}: " * name_digits
    if borrow and raw < 0:
        assert raw >= -100, f"{yy}{moves} is more than one century back"
        text += f"{yy}{moves} needs a borrow: {yy} + 100 = {yy + 100}; {added(yy + 100)}"
        text += f", so century {century} - 1 = {century - 1}: {reached}"
        assert reached == 100 * (century - 1) + raw + 100
        return text, reached
    text += added(yy)
    carry, rest = divmod(raw, 100)
    if carry:
        text += (f" = {carry} x 100 + {rest}, so century {century} {'+' if carry > 0 else '-'} {abs(carry)} = "
                 f"{century + carry}: {reached}")
    else:
        text += f", so {reached}"
    assert reached == 100 * (century + carry) + rest
    return text, reached


def sum_chain(a: int, op: str, b: int, carry: bool = False) -> str:
    """"a op b = r", or with b of two digits or a carry or borrow in its units, a chain that takes b's tens
    first, then its units split at the ten: "97 - 9 = 97 - 7 - 2 = 90 - 2 = 88", "25 + 87 = 25 + 80 + 5 + 2 =
    105 + 5 + 2 = 110 + 2 = 112". Each link adds or takes whole tens, or stays within one ten, where a small
    model slips least: most of its wrong sums were off by ten or by two in the units (docs/experiments.md).
    carry=True writes an addition that reaches a ten in two links, the units made a ten and then the tens
    added: "77 + 3 = 70 + 10 = 80", "105 + 5 + 2 = 100 + 10 + 2 = 110 + 2". With chains, "105 + 5 = 110" was the
    one kind of link a 9x student got wrong often, 10 of 109 times, keeping the tens digit ("77 + 3 = 70"),
    where whole tens were wrong 2 of 969; written with the carry, those links held 109 of 109 (session 22,
    docs/experiments.md)."""
    sgn = 1 if op == "+" else -1
    tens, units = b - b % 10, b % 10
    # the units that reach a ten: up to the next one when adding, down to the one below when taking
    to_ten = (10 - (a + tens) % 10) % 10 if op == "+" else (a - tens) % 10
    parts = [tens] + ([to_ten, units - to_ten] if 0 < to_ten < units else [units])
    parts = [x for x in parts if x]
    sides, acc = [f"{a} {op} {b}"] if len(parts) > 1 else [], a
    while parts:
        sides.append(" ".join([str(acc)] + [f"{op} {x}" for x in parts]))
        if carry and op == "+" and acc > 10 and acc % 10 and (acc + parts[0]) % 10 == 0:  # units make a ten
            sides.append(" ".join([str(acc - acc % 10), "+ 10"] + [f"+ {x}" for x in parts[1:]]))
        acc, parts = acc + sgn * parts[0], parts[1:]
    return " = ".join(sides + [str(acc)])


def sum_writer(sums: str) -> Callable[[int, str, int], str]:
    """"a op b = r" as the `sums` option writes it: one equation ("plain"), or a `sum_chain` ("chain"), with
    the carry to a ten written ("carry")."""
    if sums not in SUMS:
        raise SKDError(f"sums={sums!r} unknown: use one of {', '.join(SUMS)}")
    if sums == "plain":
        return lambda a, op, b: f"{a} {op} {b} = {a + b if op == '+' else a - b}"
    return lambda a, op, b: sum_chain(a, op, b, carry=sums == "carry")


def days_between_steps(a: dt.date, b: dt.date, sums: str = "plain", leap_rule: bool = False, *,
                       compare: bool = False, leap_first: bool = False) -> tuple[int, str]:
    """The days from `a` to `b` (not before it) in month steps: the rest of `a`'s month, each whole month
    between, then the days into `b`'s month; or one subtraction within a month. Returns (days, text):
    "To the end of March: 31 - 5 = 26. Then 14 days into April: 26 + 14 = 40." The sums are written as the
    `sums` option says (`sum_writer`); leap_rule=True puts February's length, derived (`february_steps`),
    before a step that uses it: "... so February 2024 has 29 days. February 2024: 16 + 29 = 45."; leap_first
    derives it after the first multiple of 4 from the year on (`february_steps(first=True)`).
    compare=True first writes both dates with the month named, then opens each month's step with that month and
    the decision it takes against the end's month, whether to add the whole month or the days into it and stop:
    "From May 3, 2024 to July 14, 2024. May 2024 is before July 2024, to its end: 31 - 3 = 28. June 2024 is before
    July 2024: 28 + 30 = 58. July 2024 is the end month, 14 days into it: 58 + 14 = 72." Within one month: "From
    May 3, 2024 to May 20, 2024. May 2024 is the end month: 20 - 3 = 17." The keyword default writes the
    plain walk; days_between's `Options` turn compare on, business_days' leave it off."""
    assert a <= b, "start must not be after end"
    chain = sum_writer(sums)

    def feb(y: int, m: int) -> str:
        return f"{february_steps(y, leap_first)}. " if leap_rule and m == 2 else ""

    end = month_name(b.year, b.month)
    head = [f"From {fmt_date(a, 'mdy')} to {fmt_date(b, 'mdy')}."] if compare else []
    if (a.year, a.month) == (b.year, b.month):
        same = f"{end} is the end month" if compare else "Same month"
        return b.day - a.day, " ".join(head + [f"{same}: {chain(b.day, '-', a.day)}."])
    first = month_name(a.year, a.month)
    first = f"{first} is before {end}, to its end" if compare else f"To the end of {first}"
    length = month_len(a.year, a.month)
    steps = head + [f"{feb(a.year, a.month)}{first}: {chain(length, '-', a.day)}."]
    total = length - a.day
    y, m = next_month(a.year, a.month)
    while (y, m) != (b.year, b.month):
        length = month_len(y, m)
        label = f"{month_name(y, m)} is before {end}" if compare else month_name(y, m)
        steps.append(f"{feb(y, m)}{label}: {chain(total, '+', length)}.")
        total += length
        y, m = next_month(y, m)
    last = f"{end} is the end month, {b.day} day{'s' * (b.day > 1)} into it" if compare else f"Then {b.day} days into {end}"
    steps.append(f"{last}: {chain(total, '+', b.day)}.")
    return total + b.day, " ".join(steps)


def day_of_year_parts(d: dt.date) -> list[int]:
    """The lengths of the months before `d`'s month, then its day: they sum to its day of the year."""
    parts = [month_len(d.year, m) for m in range(1, d.month)] + [d.day]
    assert sum(parts) == d.timetuple().tm_yday, "day-of-year sum disagrees with datetime"
    return parts


def sunday0(weekday: int) -> int:
    """A weekday's number as the rationales count them (0 = Sunday), from Python's (0 = Monday)."""
    return (weekday + 1) % 7


def _sunday0(d: dt.date) -> int:
    return sunday0(d.weekday())


# The keys of the weekday rule, read off the calendar by datetime (not written by hand): for a date in year
# 100 x C + Y, weekday (0 = Sunday) = century key[C mod 4] + Y + Y // 4 + month key + day (mod 7), with
# January and February one less in a leap year. 1900 has century key 0 and Y = 0, so its March..December
# give the month keys; the first of March of each century year gives its century key.
MONTH_KEYS = [(_sunday0(dt.date(1900, m, 1)) - 1) % 7 for m in range(1, 13)]
CENTURY_KEYS = [(_sunday0(dt.date(100 * c, 3, 1)) - 1 - MONTH_KEYS[2]) % 7 for c in (16, 17, 18, 19)]
# The decade keys: how far the weekday of March 1 moves from year 00 of a century to year 10a (10a years
# and their leap days, 10a + 10a // 4 mod 7), read off 1900..1990.
DECADE_KEYS = [(_sunday0(dt.date(1900 + 10 * a, 3, 1)) - _sunday0(dt.date(1900, 3, 1))) % 7 for a in range(10)]


def remainder_step(n: int, k: int) -> tuple[str, int, int]:
    """`n` divided by `k` as a multiple and a subtraction: ("2 x 28 = 56, 77 - 56 = 21", 2, 21). A student
    that gets the quotient of "77 = 2 x 28 + 21" right mostly writes a favourite remainder instead of the
    difference; here the remainder is a subtraction it can see the terms of, and it mostly holds when the
    multiple is the right one (66 of 73 times in runs/weekday-il). Choosing that multiple is the step
    students got wrong; counting the multiples up to `n` first did not help (they never stopped at `n`;
    docs/experiments.md). The weekday rule no longer divides (`year_key_steps`, `mod7_steps`); business_days
    still uses this for its whole weeks, where the quotient is needed."""
    q, r = divmod(n, k)
    return f"{q} x {k} = {q * k}, {n} - {q * k} = {r}", q, r


def mod7_steps(n: int) -> tuple[str, int]:
    """`n` mod 7 by its digits, with no multiple to choose: a ten leaves 3 (10 = 7 + 3), so 10a + b leaves
    what 3a + b leaves; repeated until one digit is left, then 7 taken off if it is 7, 8 or 9:
    ("49: 4 x 3 = 12, 12 + 9 = 21; 21: 2 x 3 = 6, 6 + 1 = 7; 7 - 7 = 0", 0). Every step is a lookup in the
    3 times table or a small addition. Measured on a 960-question weekday student: the remainder right 35
    times in 39 (runs/weekday-dig), where one writing `remainder_step` chose the multiple of 7 right 16 times
    in 40 and got the remainder 14 (runs/weekday-il)."""
    parts, r = [], n
    while r >= 10:
        a, b = divmod(r, 10)
        parts.append(f"{r}: {a} x 3 = {3 * a}, {3 * a} + {b} = {3 * a + b}")
        r = 3 * a + b
    if r >= 7:
        parts.append(f"{r} - 7 = {r - 7}")
        r -= 7
    assert r == n % 7, f"mod7_steps reached {r} for {n}"
    return "; ".join(parts) or str(r), r


def year_key_steps(y: int) -> tuple[str, int]:
    """The year within the century `y` (0..99) as its decade's key, its years on from the decade and the leap
    years among them, with no division: ("77: 70s key 3, 3 + 7 = 10; leap years after 70 up to 77: 72, 76,
    10 + 2 = 12", 12). The key is one of ten lookups (`DECADE_KEYS`, like the month keys a student learns
    without a slip); the leap years after a decade's start end in 2 and 6 in an odd decade, in 4 and 8 in an
    even one. The result is y + y // 4 mod 7, the year's share of the weekday.

    Measured on 960-question students (runs/weekday-dec, and -seed1 with another training seed): the key
    right 35 and 31 times in 40, the list 28 and 27 (the decade's leap years written past the year, or the
    other parity's). Looking up the decade's two leap years and comparing each with the year ("leap years
    72 and 76: 72 <= 77, 76 <= 77, so 2"; runs/weekday-cmp, and runs/weekday-cmp-il with the key and the
    count each added just after it) got the pair right 38 of 38 and 40 of 40, but the key only 21 and 16;
    not kept (docs/experiments.md)."""
    a, b = divmod(y, 10)
    key = DECADE_KEYS[a]
    leaps = [x for x in range(10 * a + 1, y + 1) if x % 4 == 0]
    s1 = key + b
    s2 = s1 + len(leaps)
    assert (s2 - (y + y // 4)) % 7 == 0, f"the decade form disagrees with the year's share for {y}"
    listed = ", ".join(f"{x:02d}" for x in leaps) or "none"
    return (f"{y:02d}: {10 * a:02d}s key {key}, {key} + {b} = {s1}; "
            f"leap years after {10 * a:02d} up to {y:02d}: {listed}, {s1} + {len(leaps)} = {s2}"), s2


def first_multiple_of_4(n: int) -> int:
    """The smallest multiple of 4 not below `n`: the number leap_year's `first_multiple`, `century_first` and
    next-leap walk ("from n on") each write, and `leap_steps(first=True)`."""
    return n + (4 - n % 4) % 4


def first_multiple_head(year: int) -> str:
    """The opening leap_year's `first_multiple` and `leap_steps(first=True)` write: "The first multiple of 4 from
    2096 on is 2096, the year itself" or "... from 2097 on is 2100, after it"."""
    m = first_multiple_of_4(year)
    return f"The first multiple of 4 from {year} on is {m}, {'the year itself' if m == year else 'after it'}"


def century_first(y: int) -> str:
    """Whether the century `y` is a leap year by the first multiple of 4 from its first two digits on, as
    leap_year's `first_multiple` finds the year's: "2100 ends in 00: a leap year only if 21 is a multiple of 4;
    the first multiple of 4 from 21 on is 24, after it: not a leap year."; "... from 16 on is 16, 16 itself: a
    leap year."."""
    c = y // 100
    assert y % 100 == 0, f"{y} is not a century"
    m = first_multiple_of_4(c)
    assert (m == c) == calendar.isleap(y)
    return (f"{y} ends in 00: a leap year only if {c} is a multiple of 4; the first multiple of 4 from {c} on is "
            f"{m}, {f'{c} itself: a leap year' if m == c else 'after it: not a leap year'}.")


def february_steps(year: int, first: bool = False) -> str:
    """February's length in `year` derived from the leap rule by lookups, ending "so February <year> has <n>
    days": "1972 ends in 72, and the 70s' multiples of 4 are 72, 76: a leap year, so February 1972 has 29 days";
    a century year asks the same of its century, "1900 ends in 00: a leap year only if 19 is a multiple of 4;
    the 10s' multiples of 4 are 12, 16: not a leap year, so February 1900 has 28 days". The multiples of 4 in a
    decade are one of ten short lists (0, 4, 8 in an even decade, 2, 6 in an odd one), and whether a number is
    in the list is a comparison: the lookup a weekday student got right 78 of 78 times (`year_key_steps`).
    A date_add_days student that was only shown "February 1972 has 29 days" wrote 28 for every leap February
    in its eval outputs (runs/dad-chain-9x: 0 right of 16 on 600 questions); one trained with this step got
    10 of 13 right and wrote the rule right 63 times in 67 (runs/dad-chain-leap-9x), though its score did not
    move (docs/experiments.md, session 21)."""
    leap = calendar.isleap(year)
    return f"{leap_steps(year, first)}, so February {year} has {29 if leap else 28} days"


def leap_steps(year: int, first: bool = False) -> str:
    """Whether `year` is a leap year, derived by `february_steps`' lookups, ending "a leap year" or "not a leap
    year": "1972 ends in 72, and the 70s' multiples of 4 are 72, 76: a leap year". `first` writes leap_year's
    default yes/no rationale (session 54): the verdict after the first multiple of 4 from the year on, a
    century's by its own first multiple of 4 (`century_first`): "The first multiple of 4 from 1972 on is 1972,
    the year itself. 1972 ends in 72, and ..."; "The first multiple of 4 from 1900 on is 1900, the year itself.
    1900 ends in 00: a leap year only if 19 is a multiple of 4; the first multiple of 4 from 19 on is 20, after
    it: not a leap year". Where the verdict came one token after the decade list, students called leap years
    "not a leap year": weekday 11 of 14 (session 36), iso_week 73 of 76 wrong verdicts (session 54)."""
    if first:
        verdict = century_first(year).removesuffix(".") if year % 100 == 0 else leap_steps(year)
        return f"{first_multiple_head(year)}. {verdict}"
    c, yy = divmod(year, 100)
    x = yy if yy else c  # the number that must be a multiple of 4
    tens = x - x % 10
    listed = ", ".join(f"{m:02d}" if yy else str(m) for m in range(tens, tens + 10) if m % 4 == 0)
    decade = f"{tens:02d}s" if yy else f"{tens}s"
    leap = x % 4 == 0
    assert leap == calendar.isleap(year), f"the decade lookup disagrees with the leap rule for {year}"
    head = (f"{year} ends in {yy:02d}, and the {decade}' multiples of 4 are {listed}" if yy else
            f"{year} ends in 00: a leap year only if {c} is a multiple of 4; the {decade}' multiples of 4 are {listed}")
    return f"{head}: {'a leap year' if leap else 'not a leap year'}"


def weekday_steps(d: dt.date, *, leap_rule: bool = False, sums: str = "plain", leap_first: bool = False) -> str:
    """A derivation of `d`'s weekday from the date alone, in small checkable steps: the year within the
    century as its decade's key plus its years on and their leap years (`year_key_steps`); then the century
    key, the month key and the day, each added to the running sum just after it is introduced; the total mod
    7 by its digits (`mod7_steps`). Ends "So <Month> <day>, <year> is a <Weekday>." The four century keys,
    ten decade keys and twelve month keys are the only facts to remember; the one division left is the
    century's by 4, right in every parsed output of every 960-question weekday run (bench/weekday_steps.py).

    Measured on 960-question students: the year's divisions, "77 = 19 x 4 + 1", or brought under 28 and
    written as a multiple and a subtraction ("2 x 28 = 56, 77 - 56 = 21"), chose the multiple right 24 and 27
    times in 39 and subtracted it right 20 (runs/weekday-dig), where the lookups (century and month keys) held
    39 of 39; with the decade's key and the leap years listed up to the year, the year's part was right 26
    times in 40, from 17 in 39, and whole derivations 18 in 40, from 8 (runs/weekday-dec). The total's
    division by 7 held 16 of 40 with the multiple to choose and 35 of 39 by its digits (runs/weekday-il,
    runs/weekday-dig). With every term introduced first and summed after (century key first), the student
    copied the century key into the sum right 14 times in 40; introduced just before it is added, 39
    (docs/experiments.md).

    Rationales that only assert an anchor ("January 1, 2077 is a Friday") give a student a fact it cannot
    derive; this gives it the computation instead.

    January and February take one less in a leap year: "2352 is a leap year, so January's key is 6". Students
    at 3x (sessions 34-35) met 14 such dates in the 400 held-out questions, wrote that clause 5 times in the
    four runs' 56 answers to them, and got 6 right (chance is 1 in 7). leap_rule=True derives the year's leap
    status for every January and February date, leap or not, as date_add_days' `leap_rule` does for February's
    length (`leap_steps`): "2351 ends in 51, and the 50s' multiples of 4 are 52, 56: not a leap year, so
    January's key is 0"; with `leap_first` too, after the first multiple of 4 from the year on (`leap_steps`'
    `first`). `sums` writes the day's addition, the one sum with a two-digit term,
    as `sum_writer` does: with "carry", "21 + 14 = 21 + 10 + 4 = 31 + 4 = 35". That sum was wrong 20 times in
    one 3x run's 400 (runs/wd-3x-read), each time with the tens off by one. Both on at 3x scored 281 of 400
    against 349: 88 of 301 chains ended on a wrong sum, and the leap verdict said "not a leap year" on 11 of
    14 leap years (docs/experiments.md, session 36).
    """
    c, y = divmod(d.year, 100)
    ckey = CENTURY_KEYS[c % 4]
    leap_jan_feb = d.month <= 2 and calendar.isleap(d.year)
    mkey = (MONTH_KEYS[d.month - 1] - leap_jan_feb) % 7
    tyear, ysum = year_key_steps(y)
    s1 = ysum + ckey
    s2 = s1 + mkey
    total = s2 + d.day
    t7, r = mod7_steps(total)
    truth = WEEKDAYS[d.weekday()]
    assert r == _sunday0(d), f"the weekday rule disagrees with datetime for {d}"
    month = MONTHS[d.month - 1]
    if leap_rule and d.month <= 2:
        mtext = f"{leap_steps(d.year, leap_first)}, so {month}'s key is {mkey}"
    elif leap_jan_feb:
        mtext = f"{d.year} is a leap year, so {month}'s key is {mkey}"
    else:
        mtext = f"{month}'s key is {mkey}"
    day_sum = sum_writer(sums)(s2, "+", d.day)
    return (f"Weekday of {month} {d.day}, {d.year}: year {tyear}. "
            f"Century {c} = {c // 4} x 4 + {c % 4}, key {ckey}: {ysum} + {ckey} = {s1}. "
            f"{mtext}: {s1} + {mkey} = {s2}. Day {d.day}: {day_sum}; mod 7 (a ten leaves 3): {t7}: "
            f"{truth} (0 = Sunday). "
            f"So {month} {d.day}, {d.year} is a {truth}.")


def random_date(rng: random.Random, year_min: int, year_max: int) -> dt.date:
    lo, hi = dt.date(year_min, 1, 1).toordinal(), dt.date(year_max, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(lo, hi))


def leap_moved(year: int, leap: bool, year_min: int, year_max: int) -> int:
    """`year` if it is a leap year iff `leap`; else the nearest leap year at or below it (above it where that
    would pass year_min), or the year after it (before it at year_max): the `leap_share` options' move."""
    if calendar.isleap(year) == leap:
        return year
    if not leap:
        return year + 1 if year < year_max else year - 1
    down = next(y for y in range(year, year - 9, -1) if calendar.isleap(y))
    return down if down >= year_min else next(y for y in range(year, year + 9) if calendar.isleap(y))


def check_share(name: str, share: float | None) -> None:
    if share is not None and not 0 <= share <= 1:
        raise ValueError(f"{name} {share} invalid: accepted a share from 0 to 1, or null")


def make_date(year: int, month: int, day: int) -> dt.date:
    """A date from parts, with an error that names the invalid value (e.g. Feb 30)."""
    try:
        return dt.date(year, month, day)
    except ValueError as e:
        raise SKDError(f"invalid date {year:04d}-{month:02d}-{day:02d}: {e}") from None


def parse_iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise SKDError(f"invalid date {text!r}: expected an existing calendar date as YYYY-MM-DD") from None


def fmt_time(minutes: int) -> str:
    """Minutes after midnight -> 24-hour HH:MM."""
    assert 0 <= minutes < 24 * 60, f"minutes after midnight out of range: {minutes}"
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def fmt_time12(minutes: int) -> str:
    """Minutes after midnight -> 12-hour 'h:MM AM/PM' (00:00 is 12:00 AM, 12:00 is 12:00 PM)."""
    assert 0 <= minutes < 24 * 60, f"minutes after midnight out of range: {minutes}"
    h, m = divmod(minutes, 60)
    return f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}"


def fmt_clock(minutes: int, style: str) -> str:
    return fmt_time12(minutes) if style == "12h" else fmt_time(minutes)


def parse_time(text: str) -> int:
    """`HH:MM` (24 h) -> minutes after midnight, with an error naming a bad value."""
    try:
        t = dt.time.fromisoformat(text.strip())
    except ValueError:
        raise SKDError(f"invalid time {text!r}: expected HH:MM on a 24-hour clock (00:00-23:59)") from None
    return t.hour * 60 + t.minute


def parse_clock(text: str) -> tuple[int, str]:
    """'HH:MM' (24 h) or 'h:MM AM/PM' (12 h) -> (minutes after midnight, "24h" | "12h")."""
    import re

    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*([AaPp])\.?[Mm]\.?\s*", text)
    if m is None:
        return parse_time(text), "24h"
    h, mi = int(m[1]), int(m[2])
    if not (1 <= h <= 12 and mi <= 59):
        raise SKDError(f"invalid time {text!r}: expected h:MM AM/PM with h in 1..12 (12:00 AM is midnight)")
    return (h % 12 + (12 if m[3].lower() == "p" else 0)) * 60 + mi, "12h"


def parse_int(name: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise SKDError(f"invalid {name} {text!r}: expected an integer") from None
