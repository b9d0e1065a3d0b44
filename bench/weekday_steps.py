"""Where a student's weekday derivations go wrong, step by step (a diagnostic over a run's eval outputs).

    python bench/weekday_steps.py runs/weekday-key [--model student]

Reads <run>/eval/samples.jsonl, takes the `weekday` outputs written in the weekday rule's format
("Weekday of March 5, 2024: century 20 = 5 x 4 + 0, key 6; year 24 = 6 x 4 + 0, 24 + 6 = 30; March's key
is 3; day 5. 6 + 30 = 36; 36 + 3 = 39; 39 + 5 = 44 = 6 x 7 + 2: Tuesday (0 = Sunday). ..."; or two forms
measured and not kept: the four terms summed at once, and the year brought under 28 first, "year 77 =
2 x 28 + 21, 21 = 5 x 4 + 1, 21 + 5 = 26"), and checks each step against the
restated date: the table lookups (century key, month key) against `_dates.CENTURY_KEYS` / `MONTH_KEYS`,
each piece of arithmetic on the numbers as written (so one early slip does not fail every later step),
the copies of earlier numbers, and the weekday named for the remainder. Prints right / checked per step.
"""

from __future__ import annotations

import argparse
import calendar
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from specialists._dates import CENTURY_KEYS, MONTH_KEYS, MONTHS, WEEKDAYS  # noqa: E402

RULE = re.compile(
    r"Weekday of (?P<month>[A-Z][a-z]+) (?P<day>\d+), (?P<year>\d+): "
    r"century (?P<c>\d+) = (?P<c4>\d+) x 4 \+ (?P<cr>\d+), key (?P<ckey>\d+); "
    r"year (?P<y>\d+) = (?:(?P<q28>\d+) x 28 \+ (?P<y28>\d+), (?P<y28_>\d+) = )?"
    r"(?P<y4>\d+) x 4 \+ (?P<yr>\d+), (?P<y_>\d+) \+ (?P<y4_>\d+) = (?P<ysum>\d+); "
    r"(?:\d+ is a leap year, so )?(?P<month_>[A-Z][a-z]+)'s key is (?P<mkey>\d+); day (?P<day_>\d+)\. "
    r"(?P<sums>[\d +=;]+?) = (?P<q>\d+) x 7 \+ (?P<r>\d+): (?P<wd>[A-Z][a-z]+)"
)
# the sum of the four terms: at once (the rule's first form) or two at a time (since session 5)
SUM4 = re.compile(r"^(\d+) \+ (\d+) \+ (\d+) \+ (\d+) = (\d+)$")
SUM2 = re.compile(r"^(\d+) \+ (\d+) = (\d+); (\d+) \+ (\d+) = (\d+); (\d+) \+ (\d+) = (\d+)$")
# the weekday name for remainder r (0 = Sunday)
SUNDAY0 = [WEEKDAYS[(r - 1) % 7] for r in range(7)]


def check(g: dict[str, str], prompt: str) -> dict[str, bool] | None:
    if g["month"] not in MONTHS:
        return None
    v = {k: int(x) for k, x in g.items() if x and x.isdigit()}
    year, month = v["year"], MONTHS.index(g["month"]) + 1
    c, y = divmod(year, 100)
    leap_jan_feb = month <= 2 and calendar.isleap(year)
    # the number divided by 4: the year within the century, or in the 28-year form that brought under 28 first
    y4_of = v["y28_"] if "q28" in v else v["y"]
    steps = {
        "date restated from the question (year and day appear in it)": str(year) in prompt and str(v["day"]) in prompt,
        "century and year split off the restated year": (v["c"], v["y"]) == (c, y),
        "century / 4 and remainder": v["c4"] * 4 + v["cr"] == v["c"] and v["cr"] < 4,
        "century key (lookup)": v["ckey"] == CENTURY_KEYS[v["c"] % 4],
    } | ({
        "year / 28 and remainder": v["q28"] * 28 + v["y28"] == v["y"] and v["y28"] < 28,
        "year under 28 carried to the / 4": v["y28_"] == v["y28"],
    } if "q28" in v else {}) | {
        "year / 4 and remainder": v["y4"] * 4 + v["yr"] == y4_of and v["yr"] < 4,
        "year + quotient copies the year and its quotient": (v["y_"], v["y4_"]) == (y4_of, v["y4"]),
        "year + quotient (the addition)": v["y_"] + v["y4_"] == v["ysum"],
        "month key (lookup)": g["month_"] == g["month"] and v["mkey"] == (MONTH_KEYS[month - 1] - leap_jan_feb) % 7,
    }
    if m := SUM4.match(g["sums"]):
        a, b, mk, d, total = map(int, m.groups())
        steps["sum copies its four terms"] = (a, b, mk, d) == (v["ckey"], v["ysum"], v["mkey"], v["day_"])
        steps["sum of the four terms at once"] = a + b + mk + d == total
    elif m := SUM2.match(g["sums"]):
        a, b, s1, s1_, mk, s2, s2_, d, total = map(int, m.groups())
        steps["sum copies its four terms"] = (a, b, mk, d) == (v["ckey"], v["ysum"], v["mkey"], v["day_"])
        steps["running sum carried to the next addition"] = (s1_, s2_) == (s1, s2)
        steps["sum: century key + year part"] = a + b == s1
        steps["sum: + month key"] = s1_ + mk == s2
        steps["sum: + day"] = s2_ + d == total
    else:
        return None
    return steps | {
        "total = q x 7 + r": v["q"] * 7 + v["r"] == total and v["r"] < 7,
        "weekday named for r": v["r"] < 7 and g["wd"] == SUNDAY0[v["r"]],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run", type=Path, help="a run directory with eval/samples.jsonl")
    ap.add_argument("--model", default="student")
    a = ap.parse_args()
    path = a.run / "eval" / "samples.jsonl"
    if not path.is_file():
        sys.exit(f"error: no {path}; run `skd eval` on that run first")
    rows = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
    rows = [r for r in rows if r["suite"] == "weekday" and r["model"] == a.model]
    if not rows:
        sys.exit(f"error: no weekday outputs of model {a.model!r} in {path}")
    right, seen, parsed = Counter(), Counter(), 0
    for r in rows:
        m = RULE.search(r["output"])
        res = check(m.groupdict(), r["prompt"]) if m else None
        if res is None:
            continue
        parsed += 1
        for k, ok in res.items():
            seen[k] += 1
            right[k] += ok
    correct = sum(bool(r["correct"]) for r in rows)
    print(f"{a.run}: {a.model}, {len(rows)} weekday outputs, {correct} correct, {parsed} in the rule's format")
    for k in seen:
        print(f"  {right[k]:>3}/{seen[k]:<3} {k}")


if __name__ == "__main__":
    main()
