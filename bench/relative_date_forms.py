"""Which question type's form a student's relative_date outputs take, by the suite's wording, and whether the
steps after the weekday hold (a diagnostic over a run's eval outputs).

    python bench/relative_date_forms.py runs/relative_date-3x-gap-sc [--model student]

Reads <run>/eval/samples.jsonl, takes the `relative_date` outputs and finds each question's type among the
suite's own questions (eval/relative_date.yaml's held-out stream, one wording per type). Each output is put in
the form of the type it solves: weekday_after's ("Friday is 3 days later, so 2024-03-05 + 3 days ..."),
nth_weekday's ("So the first Monday is day 1 + 6 = 7"; or begun at the question's own day, "So the first
Thursday is day 2 + 1 = 3"), last_weekday's ("Back to Friday: 31 - 2 = 29"), last_business_day's ("Back to a
business day (Monday-Friday): ..."), or none of them; and, apart, whether it writes the question's subject
where a step goes ("So the club meets on ..."; session 57). Then the steps every form shares: each gap between
two weekdays derived from their numbers (`gap_steps`, the default since session 58: "Friday is 5, Tuesday is
2: 5 - 2 = 3"): the numbers right for the weekdays named, the subtraction and the wrap by 7; and
weekday_after's date sum, stated ("2024-03-05 + 3 days = 2024-03-08") or derived on the day of the month
(`day_sum`: "2080-12-27 + 5 days: 27 + 5 = 32; December 2080 has 31 days: 32 - 31 = 1, so 2081-01-01."),
against the calendar from the start and days as written, and those that pass a month's end; or walked day by
day (`day_walk`, session 61: "The days after it: Tuesday 2345-05-29, ..."): begun the day after the date, each
date the next (and those from a month's last two days), each weekday its date's, ended at the first weekday
sought; and the month's length and the month after it written before the walk (`month_end`, session 62: "May
2345 has 31 days, then June 2345."), against the date's month.

Prints, per wording: outputs, right, how many took each form (with how many of those were right) and how many
wrote the question's subject; then the gap steps and the date sums.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._samples import suite_outputs  # noqa: E402
from specialist_kd.evaluate import EvalSuite  # noqa: E402
from specialists._dates import WEEKDAYS, month_len, month_name, next_month, sunday0  # noqa: E402

SUITE = Path(__file__).resolve().parents[1] / "eval" / "relative_date.yaml"
# the form an output takes, the first that matches
FORMS = (
    ("weekday_after", re.compile(r"days later, so \d{4}-\d\d-\d\d \+ \d+ days|The days after it: \w+day \d{4}")),
    ("nth_weekday", re.compile(r"So the (?:first|second|third|fourth) \w+day is day 1 \+ ")),
    # nth_weekday's count begun at the question's own day, not the 1st ("So the first Thursday is day 2 + 1 = 3")
    ("nth_weekday from another day", re.compile(r"So the (?:first|second|third|fourth) \w+day is day \d+ \+ ")),
    # the student's shortened "Back to a day: 30 - 0 = 30" (the month's end a weekday already) counts too
    ("last_business_day", re.compile(r"Back to (?:a )?(?:business )?day\b")),
    ("last_weekday", re.compile(r"Back to \w+day: ")),
)
# the question's subject written where a step goes ("So the club meets on ...", session 57), whatever follows
SUBJECT = re.compile(r"So the (?!first|second|third|fourth|last)[a-z]+ (?!is day)[a-z]+")
GAP = re.compile(r"(\w+day) is (-?\d+), (\w+day) is (-?\d+): (-?\d+) - (-?\d+) = (-?\d+)(?:; (-?\d+) \+ 7 = (-?\d+))?")
# `day_walk` (session 61): "The days after it: Tuesday 2345-05-29, Wednesday 2345-05-30, ..."
WALK = re.compile(r"The days after it: ((?:\w+ \d{4}-\d\d-\d\d, )*\w+ \d{4}-\d\d-\d\d)")
# `month_end` (session 62): "May 2345 has 31 days, then June 2345. The days after it: ..."
MONTH_END = re.compile(r"(\w+ -?\d+) has (\d+) days, then (\w+ -?\d+)\. The days after it: ")
SUM = re.compile(r"(\d{4}-\d\d-\d\d) \+ (\d+) days(?: = (\d{4}-\d\d-\d\d)|: (.*?), so (\d{4}-\d\d-\d\d))\.")


def form_of(output: str) -> str:
    return next((name for name, pattern in FORMS if pattern.search(output)), "none")


def gap_right(m: re.Match) -> tuple[bool, bool]:
    """(the weekday numbers right for the weekdays named, the subtraction and any wrap right as written)."""
    a_day, a, b_day, b, a2, b2, diff, wrapped, days = m.groups()
    named = a_day in WEEKDAYS and b_day in WEEKDAYS
    numbers = named and (int(a), int(b)) == (sunday0(WEEKDAYS.index(a_day)), sunday0(WEEKDAYS.index(b_day)))
    arith = (a2, b2) == (a, b) and int(a) - int(b) == int(diff)
    if wrapped is not None:
        arith = arith and wrapped == diff and int(wrapped) + 7 == int(days)
    return numbers, arith


def sum_right(m: re.Match) -> tuple[bool, bool]:
    """(the date sum reaches the calendar's date from the start and days written, it passes a month's end)."""
    start, days = dt.date.fromisoformat(m[1]), int(m[2])
    truth = start + dt.timedelta(days=days)
    return (m[3] or m[5]) == truth.isoformat(), truth.month != start.month


def walk_steps(m: re.Match, start: dt.date, sought: str) -> Counter:
    """A `day_walk`'s entries against the calendar: begun the day after `start`; each date the day after the
    one before it (and those from a month's last two days, where session 61's slips were); each weekday its
    date's; ended at the first `sought`."""
    entries = [e.split(" ") for e in m[1].split(", ")]
    names, dates = [w for w, _ in entries], [_date(x) for _, x in entries]
    got = Counter(written=1, begun=dates[0] == start + dt.timedelta(days=1),
                  ended=sought in names and names.index(sought) == len(names) - 1)
    for w, x in zip(names, dates):
        got["days"] += 1
        got["weekday right"] += x is not None and w == WEEKDAYS[x.weekday()]
    for a, b in zip(dates, dates[1:]):
        nxt = a and a + dt.timedelta(days=1)
        got["steps"] += 1
        got["step right"] += b is not None and b == nxt
        if nxt and (nxt + dt.timedelta(days=1)).month != a.month:  # from a month's last two days
            got["month end"] += 1
            got["month end right"] += b == nxt
    return got


def month_end_right(m: re.Match, start: dt.date) -> bool:
    """`month_end`'s sentence names the start's month, its length and the month after it, as the calendar has
    them."""
    y, mo = start.year, start.month
    return (m[1], int(m[2]), m[3]) == (month_name(y, mo), month_len(y, mo), month_name(*next_month(y, mo)))


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # "2345-05-32"
        return None


def question_params(n: int) -> dict[str, dict]:
    """The suite's first `n` questions (as `skd eval` asks them), each to its parameters."""
    return {e.question: e.params for e in EvalSuite.from_yaml(SUITE).examples(n)}


def main(argv: list[str] | None = None) -> None:
    args, rows = suite_outputs(__doc__, "relative_date", argv)
    params = question_params(max(len(rows), 400))
    seen, right, forms, subject = Counter(), Counter(), Counter(), Counter()
    gaps, sums, walks = Counter(), Counter(), Counter()
    for r in rows:
        p = params.get(r["prompt"])
        qtype = p["qtype"] if p else "a question not in the suite"
        output, correct = r["output"] or "", bool(r["correct"])
        form = form_of(output)
        seen[qtype] += 1
        right[qtype] += correct
        forms[qtype, form] += 1
        forms[qtype, form, "right"] += correct
        subject[qtype] += bool(SUBJECT.search(output))
        for m in GAP.finditer(output):
            numbers, arith = gap_right(m)
            gaps["written"] += 1
            gaps["numbers"] += numbers
            gaps["arith"] += arith
        for m in SUM.finditer(output):
            ok, crossed = sum_right(m)
            sums["written"] += 1
            sums["right"] += ok
            sums["crossed"] += crossed
            sums["crossed right"] += ok and crossed
        for m in WALK.finditer(output):
            if p:
                walks += walk_steps(m, p["d"], p["weekday"])
        for m in MONTH_END.finditer(output):
            walks["month stated"] += 1
            walks["month stated right"] += bool(p) and month_end_right(m, p["d"])
    print(f"{args.run} ({args.model}): {len(rows)} relative_date outputs, {sum(right.values())} right")
    names = [name for name, _ in FORMS] + ["none"]
    for qtype in seen:
        taken = ", ".join(f"{name} {forms[qtype, name]} ({forms[qtype, name, 'right']} right)" for name in names
                          if forms[qtype, name])
        print(f"  {qtype}: {right[qtype]} of {seen[qtype]} right; forms: {taken}; the question's subject "
              f"written where a step goes: {subject[qtype]}")
    print(f"  gap steps: {gaps['written']} written, the weekday numbers right in {gaps['numbers']}, the subtraction "
          f"(and wrap) right in {gaps['arith']}")
    print(f"  weekday_after's date sums: {sums['written']} written, {sums['right']} right; past a month's end "
          f"{sums['crossed']}, {sums['crossed right']} right")
    if walks["written"]:
        print(f"  weekday_after's day walks: {walks['written']} written, begun the day after the date {walks['begun']}, "
              f"ended at the first weekday sought {walks['ended']}; each day the next: {walks['step right']} of "
              f"{walks['steps']} (from a month's last two days {walks['month end right']} of {walks['month end']}); "
              f"weekdays right {walks['weekday right']} of {walks['days']}")
    if walks["month stated"]:
        print(f"  the month's length and the next month before the walk: {walks['month stated']} written, "
              f"{walks['month stated right']} right")


if __name__ == "__main__":
    main()
