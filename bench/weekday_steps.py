"""Where a student's weekday derivations go wrong, step by step (a diagnostic over a run's eval outputs).

    python bench/weekday_steps.py runs/weekday-key [--model student]

Reads <run>/eval/samples.jsonl, takes the `weekday` outputs written in one of the weekday rule's forms and
checks each step against the restated date. The current form (`skd solve weekday date=2077-11-14`): "Weekday
of November 14, 2077: year 77: 70s key 3, 3 + 7 = 10; leap years after 70 up to 77: 72, 76, 10 + 2 = 12.
Century 20 = 5 x 4 + 0, key 6: 12 + 6 = 18. November's key is 3: 18 + 3 = 21. Day 14: 21 + 14 = 35; mod 7 (a
ten leaves 3): 35: 3 x 3 = 9, 9 + 5 = 14; 14: 1 x 3 = 3, 3 + 4 = 7; 7 - 7 = 0: Sunday (0 = Sunday). ..."; a
decade form measured in session 9 compared the decade's two leap years with the year instead ("77: 70s key 3,
leap years 72 and 76: 72 <= 77, 76 <= 77, so 2; 3 + 7 = 10, 10 + 2 = 12"; runs/weekday-cmp), and one read a
numeric date field by field before the derivation ("Reading 04/09/1831 (MM/DD/YYYY): month 04 = April, day 09,
year 1831. "; runs/weekday-read; weekday's `read_dates` option writes days_between's reading instead:
"05/03/2024 (MM/DD/YYYY) reads month 05, day 03: May 3, 2024. "); session 8's brought the year under 28 and
divided it by 4 as multiples and subtractions ("year 77: 2 x 28 = 56, 77 - 56 = 21; 21: 5 x 4 = 20, 21 - 20 =
1, 21 + 5 = 26"); earlier forms divided the total by 7 that way too ("7 x 7 = 49, 49 - 49 = 0"; session 7),
put the century key first and the four terms' sum after all of them, summed at once or two at a time, and
wrote each division "77 = 19 x 4 + 1", without or with the year brought under 28 first; a form measured in
session 7 (runs/weekday-cu) counted the multiples up before each division ("year 77: 28, 56, 84 > 77, so 2 x
28 = 56, 77 - 56 = 21"). It checks the date the derivation starts from against the question's, the table
lookups (century, decade and month keys) against `_dates`' tables, each piece of arithmetic on the numbers as
written (so one early slip does not fail every later step), the copies of earlier numbers, and the weekday
named for the remainder; a division in the subtraction form is checked whole and in parts: the count of
multiples where there is one (in order; stopped at the first above n; the multiple taken from it), the
quotient (is q x k the largest multiple not above n?), the multiple, the copies and the subtraction; the total
mod 7 by its digits round by round (`_digits`); the year in the decade forms (session 9) step by step
(`_decade`); the reading of a numeric date before the derivation, where there is one (`_reading`,
`_read_dates`); with weekday's `leap_rule` and `sums` (session 36), the leap year derived for a January or
February date (against `_dates.leap_steps`, in `leap_first`'s form too, the default since session 57) and each
link of the day's sum written as a chain. Prints right / checked per step, the right answers by the question's
date style, and how many wrong answers restated the date wrong.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._samples import READ as READ_DATES  # noqa: E402
from bench._samples import date_style, reading_checks, reading_named, suite_outputs  # noqa: E402
from specialist_kd.evaluate import _holds, arithmetic_claims, parse_dates  # noqa: E402
from specialists._dates import CENTURY_KEYS, DECADE_KEYS, MONTH_KEYS, MONTHS, WEEKDAYS, leap_steps  # noqa: E402

_HEAD = (r"Weekday of (?P<month>[A-Z][a-z]+) (?P<day>\d+), (?P<year>\d+): "
         r"century (?P<c>\d+) = (?P<c4>\d+) x 4 \+ (?P<cr>\d+), key (?P<ckey>\d+); ")
_MONTH = r"(?:\d+ is a leap year, so )?(?P<month_>[A-Z][a-z]+)'s key is (?P<mkey>\d+); day (?P<day_>\d+)\. "
# divisions written "n = q x k + r" (the session-5 form, and session 6's with the year brought under 28 first)
RULE = re.compile(
    _HEAD + r"year (?P<y>\d+) = (?:(?P<q28>\d+) x 28 \+ (?P<y28>\d+), (?P<y28_>\d+) = )?"
    r"(?P<q4>\d+) x 4 \+ (?P<y4r>\d+), (?P<y_>\d+) \+ (?P<q4_>\d+) = (?P<ysum>\d+); "
    + _MONTH + r"(?P<sums>[\d +=;]+?) = (?P<q7>\d+) x 7 \+ (?P<r>\d+): (?P<wd>[A-Z][a-z]+)"
)
# divisions written as a multiple and a subtraction ("year 77: 2 x 28 = 56, 77 - 56 = 21"; session 6)
RULE_SUB = re.compile(
    _HEAD + r"year (?P<y>\d+): (?P<q28>\d+) x 28 = (?P<m28>\d+), (?P<n28>\d+) - (?P<m28_>\d+) = (?P<y28>\d+); "
    r"(?P<y28_>\d+): (?P<q4>\d+) x 4 = (?P<m4>\d+), (?P<n4>\d+) - (?P<m4_>\d+) = (?P<y4r>\d+), "
    r"(?P<y_>\d+) \+ (?P<q4_>\d+) = (?P<ysum>\d+); "
    + _MONTH + r"(?P<sums>[\d +=;]+?); (?P<q7>\d+) x 7 = (?P<m7>\d+), (?P<n7>\d+) - (?P<m7_>\d+) = (?P<r>\d+): "
    r"(?P<wd>[A-Z][a-z]+)"
)


def _count_up(k: str) -> str:
    """The multiples of k counted up to the first above n ("28, 56, 84 > 77, so "; session 7), optional."""
    return rf"(?:(?P<l{k}>\d+(?:, \d+)*) > (?P<ln{k}>\d+), so )?"


# each term introduced just before it is added (session 6): "... 21 + 5 = 26. Century 20 = 5 x 4 + 0, key 6:
# 26 + 6 = 32. November's key is 3: 32 + 3 = 35. Day 14: 35 + 14 = 49; 7 x 7 = 49, 49 - 49 = 0: Sunday";
# with the multiples counted up before each division (session 7): "...; 7, 14, ..., 49, 56 > 49, so 7 x 7 = 49"
RULE_IL = re.compile(
    r"Weekday of (?P<month>[A-Z][a-z]+) (?P<day>\d+), (?P<year>\d+): "
    r"year (?:(?P<y>\d+): " + _count_up("28") + r"(?P<q28>\d+) x 28 = (?P<m28>\d+), (?P<n28>\d+) - (?P<m28_>\d+) = (?P<y28>\d+); "
    r"(?P<y28_>\d+): " + _count_up("4") + r"(?P<q4>\d+) x 4 = (?P<m4>\d+), (?P<n4>\d+) - (?P<m4_>\d+) = (?P<y4r>\d+), "
    r"(?P<y_>\d+) \+ (?P<q4_>\d+) = (?P<ysum>\d+)"
    # the year as its decade's key, its years on and their leap years (session 9): "year 77: 70s key 3, 3 + 7
    # = 10; leap years after 70 up to 77: 72, 76, 10 + 2 = 12"
    r"|(?P<ydtext>\d+: \d+s key [^.]+))\. "
    r"Century (?P<c>\d+) = (?P<c4>\d+) x 4 \+ (?P<cr>\d+), key (?P<ckey>\d+): "
    r"(?P<sb>\d+) \+ (?P<sa>\d+) = (?P<s1>\d+)\. "
    # a leap year's January or February, or with `leap_rule` (session 36) every January and February, the
    # leap year derived: "2351 ends in 51, and the 50s' multiples of 4 are 52, 56: not a leap year, so "
    # with `leap_first` (session 54; the default since 57) after the first multiple of 4 from the year on: "The
    # first multiple of 4 from 2352 on is 2352, the year itself. 2352 ends in 52, ...: a leap year, so "
    r"(?:\d+ is a leap year, so |(?P<leaptext>(?:The first multiple of 4 from \d+ on is \d+, "
    r"(?:the year itself|after it)\. )?\d+ ends in [^.]*?: (?:not )?a leap year), so )?"
    r"(?P<month_>[A-Z][a-z]+)'s key is (?P<mkey>\d+): "
    r"(?P<s1_>\d+) \+ (?P<smk>\d+) = (?P<s2>\d+)\. "
    # with `sums` (session 36) the sum with the day may be a chain: "21 + 14 = 21 + 10 + 4 = 31 + 4 = 35"
    r"Day (?P<day_>\d+): (?P<s2_>\d+) \+ (?P<sd>\d+) = (?:(?P<dchain>\d+(?: \+ \d+)+(?: = \d+(?: \+ \d+)+)*) = )?"
    r"(?P<total>\d+); "
    r"(?:" + _count_up("7") + r"(?P<q7>\d+) x 7 = (?P<m7>\d+), (?P<n7>\d+) - (?P<m7_>\d+) = (?P<r>\d+)"
    r"|mod 7 \(a ten leaves 3\): (?P<d7>[\d x+=,;:-]+?)): (?P<wd>[A-Z][a-z]+)"
)
# the year in the decade forms (session 9), read by `_decade`: the leap years listed up to the year ("77: 70s
# key 3, 3 + 7 = 10; leap years after 70 up to 77: 72, 76, 10 + 2 = 12"), or the decade's two compared with
# it ("77: 70s key 3, leap years 72 and 76: 72 <= 77, 76 <= 77, so 2; 3 + 7 = 10, 10 + 2 = 12")
DECADE_LIST = re.compile(
    r"^(?P<y>\d+): (?P<dec>\d+)s key (?P<dkey>\d+), (?P<dkey_>\d+) \+ (?P<don>\d+) = (?P<ds1>\d+); "
    r"leap years after (?P<dec_>\d+) up to (?P<y_>\d+): (?P<leaps>none|\d+(?:, \d+)*), "
    r"(?P<ds1_>\d+) \+ (?P<nleap>\d+) = (?P<ysum>\d+)$")
DECADE_CMP = re.compile(
    r"^(?P<y>\d+): (?P<dec>\d+)s key (?P<dkey>\d+), leap years (?P<c1>\d+) and (?P<c2>\d+): "
    r"(?P<c1_>\d+) (?P<o1><=|>) (?P<y1>\d+), (?P<c2_>\d+) (?P<o2><=|>) (?P<y2>\d+), so (?P<nleap>\d+); "
    r"(?P<dkey_>\d+) \+ (?P<don>\d+) = (?P<ds1>\d+), (?P<ds1_>\d+) \+ (?P<nleap_>\d+) = (?P<ysum>\d+)$")
# the compared form with the key and the count each added just after it (session 10, runs/weekday-cmp-il):
# "77: 70s key 3, 3 + 7 = 10; leap years 72 and 76: 72 <= 77, 76 <= 77, so 2, 10 + 2 = 12"
DECADE_CMP_IL = re.compile(
    r"^(?P<y>\d+): (?P<dec>\d+)s key (?P<dkey>\d+), (?P<dkey_>\d+) \+ (?P<don>\d+) = (?P<ds1>\d+); "
    r"leap years (?P<c1>\d+) and (?P<c2>\d+): "
    r"(?P<c1_>\d+) (?P<o1><=|>) (?P<y1>\d+), (?P<c2_>\d+) (?P<o2><=|>) (?P<y2>\d+), so (?P<nleap>\d+), "
    r"(?P<ds1_>\d+) \+ (?P<nleap_>\d+) = (?P<ysum>\d+)$")
# a numeric date read field by field before the derivation (session 9): "Reading 04/09/1831 (MM/DD/YYYY):
# month 04 = April, day 09, year 1831. "
READ = re.compile(r"^Reading (?P<written>[\d/-]+) \((?P<order>[YMD/-]+)\): (?P<fields>[^.]*)\. ")
FIELD = re.compile(r"^(?:year (?P<y>\d+)|month (?P<m>\d+) = (?P<name>[A-Z][a-z]+)|day (?P<d>\d+))$")
# the total mod 7 by its digits (session 8): "49: 4 x 3 = 12, 12 + 9 = 21; 21: 2 x 3 = 6, 6 + 1 = 7; 7 - 7 = 0"
DIGIT = re.compile(r"^(\d+): (\d) x 3 = (\d+), (\d+) \+ (\d) = (\d+)$")
SEVEN = re.compile(r"^(\d+) - 7 = (-?\d+)$")
# the sum of the four terms: at once (the rule's first form) or two at a time (since session 5)
SUM4 = re.compile(r"^(\d+) \+ (\d+) \+ (\d+) \+ (\d+) = (\d+)$")
SUM2 = re.compile(r"^(\d+) \+ (\d+) = (\d+); (\d+) \+ (\d+) = (\d+); (\d+) \+ (\d+) = (\d+)$")
# the weekday name for remainder r (0 = Sunday)
SUNDAY0 = [WEEKDAYS[(r - 1) % 7] for r in range(7)]


def parse(text: str) -> dict[str, str] | None:
    m = RULE_IL.search(text) or RULE_SUB.search(text) or RULE.search(text)
    return m.groupdict() if m else None


def _multiples_of(k: int, ms: list[int]) -> bool:
    """`ms` is k, 2k, 3k, ... in order."""
    return ms == [k * i for i in range(1, len(ms) + 1)]


def _division(v: dict[str, int], name: str, n: int, k: int, q: str, r: str, sub: str,
              listed: str | None = None) -> dict[str, bool]:
    """Checks of one division of `n` by `k`: the whole (q x k + r = n, r < k) and, in the subtraction form
    (`sub` names its groups: m<sub> = q x k, n<sub> - m<sub>_ = r), each of its parts; with the multiples
    counted up first (`listed`, "28, 56, 84"), the count, where it stops and the multiple taken from it."""
    steps = {f"{name} and remainder": v[q] * k + v[r] == n and v[r] < k}
    if listed:
        ms, stop = [int(x) for x in listed.split(", ")], v[f"ln{sub}"]
        steps |= {
            f"{name}: counts up the multiples of {k}": _multiples_of(k, ms),
            f"{name}: stops at the first multiple above n": ms[-1] > stop and (len(ms) < 2 or ms[-2] <= stop)
            and stop == n,
            f"{name}: takes the multiple before the stop": v[f"m{sub}"] == (ms[-2] if len(ms) > 1 else 0),
        }
    if f"m{sub}" in v:
        steps |= {
            f"{name}: the quotient (the largest q with q x {k} <= n)": v[q] == v[f"n{sub}"] // k,
            f"{name}: the multiple (q x {k})": v[q] * k == v[f"m{sub}"],
            f"{name}: copies the number and the multiple": (v[f"n{sub}"], v[f"m{sub}_"]) == (n, v[f"m{sub}"]),
            f"{name}: the subtraction": v[f"n{sub}"] - v[f"m{sub}_"] == v[r],
        }
    return steps


def _restated(year: int, month: int, day: int, prompt: str) -> bool:
    """The date the derivation starts from is the question's (read by the scorer's date parser, which knows
    every format the questions use)."""
    try:
        return dt.date(year, month, day) in parse_dates(prompt)
    except ValueError:  # "February 30"
        return False


def check(g: dict[str, str], prompt: str, text: str = "") -> dict[str, bool] | None:
    """Every step of one parsed derivation (`g`, from `parse`) of the weekday asked for in `prompt`; `text`,
    the whole output, for the date reading before the derivation, where there is one."""
    if g["month"] not in MONTHS:
        return None
    decade = None
    if g.get("ydtext"):
        decade = (DECADE_LIST.match(g["ydtext"]) or DECADE_CMP.match(g["ydtext"])
                  or DECADE_CMP_IL.match(g["ydtext"]))
        if not decade:
            return None
        g = g | decade.groupdict()  # the year (y) and year part (ysum), as the division forms name theirs
    v = {k: int(x) for k, x in g.items() if x and x.isdigit()}
    year, month = v["year"], MONTHS.index(g["month"]) + 1
    c, y = divmod(year, 100)
    leap_jan_feb = month <= 2 and calendar.isleap(year)
    # the number divided by 4: the year within the century, or in the 28-year forms that brought under 28 first
    y4_of = v["y28_"] if "q28" in v else v["y"]
    steps = _reading(text, prompt, (year, month, v["day"])) | {
        "date restated from the question": _restated(year, month, v["day"], prompt),
        "century and year split off the restated year": (v["c"], v["y"]) == (c, y),
        "century / 4 and remainder": v["c4"] * 4 + v["cr"] == v["c"] and v["cr"] < 4,
        "century key (lookup)": v["ckey"] == CENTURY_KEYS[v["c"] % 4],
    }
    if decade:
        steps |= _decade(v, g)
    else:
        if "q28" in v:
            steps |= _division(v, "year / 28", v["y"], 28, "q28", "y28", "28", g.get("l28"))
            steps["year under 28 carried to the / 4"] = v["y28_"] == v["y28"]
        steps |= _division(v, "year / 4", y4_of, 4, "q4", "y4r", "4", g.get("l4")) | {
            "year + quotient copies the year and its quotient": (v["y_"], v["q4_"]) == (y4_of, v["q4"]),
            "year + quotient (the addition)": v["y_"] + v["q4_"] == v["ysum"],
        }
    if g.get("leaptext"):
        first = g["leaptext"].startswith("The first multiple")
        steps["leap year derived (January, February)"] = month <= 2 and g["leaptext"] == leap_steps(year, first)
    steps["month key (lookup)"] = (g["month_"] == g["month"]
                                   and v["mkey"] == (MONTH_KEYS[month - 1] - leap_jan_feb) % 7)
    # two at a time: the century key + the year part, + the month key, + the day, as nine numbers in the
    # order SUM2 writes them (each term added as it is introduced, the year part first, writes the same)
    if "s1" in v:
        pairwise = [v[k] for k in ("sa", "sb", "s1", "s1_", "smk", "s2", "s2_", "sd", "total")]
    elif m := SUM2.match(g["sums"]):
        pairwise = [int(x) for x in m.groups()]
    elif m := SUM4.match(g["sums"]):
        a, b, mk, d, total = map(int, m.groups())
        steps["sum copies its four terms"] = (a, b, mk, d) == (v["ckey"], v["ysum"], v["mkey"], v["day_"])
        steps["sum of the four terms at once"] = a + b + mk + d == total
        pairwise = None
    else:
        return None
    if pairwise:
        a, b, s1, s1_, mk, s2, s2_, d, total = pairwise
        steps["sum copies its four terms"] = (a, b, mk, d) == (v["ckey"], v["ysum"], v["mkey"], v["day_"])
        steps["running sum carried to the next addition"] = (s1_, s2_) == (s1, s2)
        steps["sum: century key + year part"] = a + b == s1
        steps["sum: + month key"] = s1_ + mk == s2
        steps["sum: + day"] = s2_ + d == total
        if g.get("dchain"):  # each side of the chain the same sum as the one it goes on from
            (_, values), = arithmetic_claims(f"{s2_} + {d} = {g['dchain']}")
            steps["sum: + day, each link of its chain"] = _holds(values)
    if g.get("d7"):
        mod7 = _digits(v, g["d7"], total)
        if mod7 is None:
            return None
        steps |= mod7
    else:
        steps |= _division(v, "total / 7", total, 7, "q7", "r", "7", g.get("l7"))
    return steps | {
        "weekday named for r": v["r"] < 7 and g["wd"] == SUNDAY0[v["r"]],
    }


def _reading(text: str, prompt: str, restated: tuple[int, int, int]) -> dict[str, bool]:
    """Checks of the reading of a numeric date (session 9, runs/weekday-read), where the output has one: the date
    and its order copied from the question (ISO dates state no order: the written date is in ISO form), the
    fields in the order stated, each the number written there, the month named, and the date the derivation
    goes on with (`restated`, year, month, day) the one read."""
    m = READ.match(text)
    if not m:
        return _read_dates(text, prompt, restated)
    written, order = m["written"], m["order"]
    fields = [FIELD.match(x) for x in m["fields"].split(", ")]
    parts = re.split(r"[/-]", written)
    keys = [k[0].lower() for k in re.split(r"[/-]", order)]  # "MM/DD/YYYY" -> m, d, y
    read = {k: int(f[k]) for f in fields if f for k in "ymd" if f[k]}
    names = [f["name"] for f in fields if f and f["name"]]
    stated = re.search(r"\((YYYY-MM-DD|MM/DD/YYYY|DD/MM/YYYY)\)", prompt)
    iso = re.fullmatch(r"\d{4}-\d\d-\d\d", written) is not None and order == "YYYY-MM-DD"
    return {
        "reading: the date copied from the question": written in prompt,
        "reading: its order copied from the question": order == stated[1] if stated else iso,
        "reading: fields in the order written": all(fields) and [next(k for k in "ymd" if f[k]) for f in fields]
        == keys,
        "reading: each field the number written there": all(fields) and len(parts) == len(keys)
        and all(read.get(k) == int(x) for k, x in zip(keys, parts)),
        "reading: month named": len(names) == 1 and "m" in read and 1 <= read["m"] <= 12
        and names[0] == MONTHS[read["m"] - 1],
        "reading: the date carried to the derivation": (read.get("y"), read.get("m"), read.get("d")) == restated,
    }


def _read_dates(text: str, prompt: str, restated: tuple[int, int, int]) -> dict[str, bool]:
    """Checks of weekday's `read_dates` reading, days_between's form (`_samples.READ`), where the output opens
    with one: the date copied from the question, its fields in the stated order, the question's date named,
    and the date the derivation goes on with (`restated`) the one named."""
    r = READ_DATES.match(text)
    asked = parse_dates(prompt) if r else []
    if not asked:
        return {}
    return {"reading: the date copied from the question": r[0].split(" reads ")[0] in prompt,
            **reading_checks(r, asked[0]),
            "reading: the date carried to the derivation": reading_named(r) == restated}


def _decade(v: dict[str, int], g: dict[str, str]) -> dict[str, bool]:
    """Checks of the year in the decade forms (`_dates.year_key_steps`): the decade, its key, the years on and
    their sum; the leap years after the decade's start, listed up to the year (`DECADE_LIST`), or the
    decade's two looked up and each compared with the year (`DECADE_CMP`, `DECADE_CMP_IL`); counted and
    added; and the year part, y + y // 4 mod 7, on the whole."""
    y, dec = v["y"], v["dec"]
    leaps = [x for x in range(dec + 1, y + 1) if x % 4 == 0]
    steps = {
        "year: its decade": dec == y // 10 * 10,
        "year: decade key (lookup)": dec % 10 == 0 and dec < 100 and v["dkey"] == DECADE_KEYS[dec // 10],
    }
    if "c1" in v:
        pair, ops = (v["c1"], v["c2"]), (g["o1"], g["o2"])
        steps |= {
            "year: the decade's two leap years (lookup)": list(pair) == [x for x in range(dec + 1, dec + 10)
                                                                         if x % 4 == 0],
            "year: copies them and the year into the comparisons": (v["c1_"], v["c2_"], v["y1"], v["y2"])
            == (*pair, y, y),
            "year: the comparisons": ops == tuple("<=" if c <= y else ">" for c in pair),
            "year: counts the ones not above the year": v["nleap"] == ops.count("<="),
        }
    else:
        listed = [] if g["leaps"] == "none" else [int(x) for x in g["leaps"].split(", ")]
        v["nleap_"] = v["nleap"]
        steps |= {
            "year: copies the decade and the year into the leap years": (v["dec_"], v["y_"]) == (dec, y),
            "year: lists the leap years after the decade up to the year": listed == leaps,
            "year: counts the leap years": v["nleap"] == len(listed),
        }
    return steps | {
        "year: copies the key and the years on": (v["dkey_"], v["don"]) == (v["dkey"], y - dec),
        "year: key + years on (the addition)": v["dkey_"] + v["don"] == v["ds1"],
        "year: copies the sum and the count": (v["ds1_"], v["nleap_"]) == (v["ds1"], v["nleap"]),
        "year: + leap years (the addition)": v["ds1_"] + v["nleap_"] == v["ysum"],
        "year part (y + y // 4 mod 7)": v["ysum"] % 7 == (y + y // 4) % 7,
    }


def _digits(v: dict[str, int], chain: str, total: int) -> dict[str, bool] | None:
    """Checks of the total mod 7 by its digits (`_dates.mod7_steps`): each number split into its tens and
    units, the tens times 3, the product copied, the units added, the sum carried on as the next number;
    repeated until one digit is left, then 7 taken off a 7, 8 or 9. Sets v["r"] to the digit it ends on."""
    parts = chain.split("; ")
    seven = SEVEN.match(parts[-1])
    if seven:
        parts = parts[:-1]
    rounds = [DIGIT.match(x) for x in parts] if parts != [str(total)] else []
    if not all(rounds):
        return None
    rounds = [[int(x) for x in m.groups()] for m in rounds]
    last = int(seven[1]) if seven else rounds[-1][5] if rounds else total  # the one digit left
    numbers = [n for n, *_ in rounds] + [last]
    v["r"] = int(seven[2]) if seven else numbers[-1]
    return {
        "total mod 7: the number is the total, then the sum before it": numbers[0] == total
        and all(n == r[5] for n, r in zip(numbers[1:], rounds)),
        "total mod 7: splits into tens and units": all((a, b) == divmod(n, 10) for n, a, _, _, b, _ in rounds),
        "total mod 7: tens x 3": all(a * 3 == p for _, a, p, *_ in rounds),
        "total mod 7: copies the product": all(p == p_ for _, _, p, p_, _, _ in rounds),
        "total mod 7: adds the units": all(p_ + b == s for *_, p_, b, s in rounds),
        "total mod 7: goes on while two digits are left": all(n >= 10 for n, *_ in rounds) and numbers[-1] < 10,
        "total mod 7: takes 7 off a 7, 8 or 9 (only)": (numbers[-1] >= 7) == bool(seven)
        and (not seven or numbers[-1] - 7 == v["r"]),
        "total mod 7 (the remainder)": v["r"] == total % 7,
    }


# a count of multiples anywhere in an output, after "n: " or "= n; ", closed ("21: 4, 8, ..., 24 > 21") or
# not (it ran on to the end of the output); not the decade form's leap years ("up to 04: 04, 4 + 1 = 5")
COUNT = re.compile(r"(?<!up to )\b(\d+)[:;] (\d+(?:, \d+)+|\d+(?= > ))(?: > (\d+))?")


def counts(text: str) -> list[dict[str, object]]:
    """Every count of the multiples of 28, 4 or 7 in `text`, whether or not the output parses: the number
    counted to (n), the divisor (k), whether the count is in order (all of it, or up to the first multiple
    above n) and whether it stops there ("> n" after it). A student that lists but does not compare runs
    past n."""
    found = []
    for m in COUNT.finditer(text):
        n, ms = int(m.group(1)), [int(x) for x in m.group(2).split(", ")]
        k = ms[0]
        if k not in (28, 4, 7):
            continue
        first_above = next((i for i, x in enumerate(ms) if x > n), None)
        upto = ms if first_above is None else ms[: first_above + 1]
        found.append({
            "n": n,
            "k": k,
            "in order": _multiples_of(k, ms),
            "in order up to n": _multiples_of(k, upto),
            "closed": m.group(3) is not None,
            "stops at the first multiple above n": m.group(3) is not None and int(m.group(3)) == n
            and first_above == len(ms) - 1,
            "runs past n": first_above is not None and first_above < len(ms) - 1,
        })
    return found


def main(argv: list[str] | None = None) -> None:
    a, rows = suite_outputs(__doc__, "weekday", argv)
    right, seen, parsed, whole, whole_correct = Counter(), Counter(), 0, 0, 0
    by_style, misread = Counter((date_style(r["prompt"]), bool(r["correct"])) for r in rows), Counter()
    for r in rows:
        g = parse(r["output"])
        res = check(g, r["prompt"], r["output"]) if g else None
        if res is None:
            continue
        parsed += 1
        if not r["correct"]:
            misread[res.get("date restated from the question", True)] += 1
        if all(res.values()):
            whole += 1
            whole_correct += bool(r["correct"])
        for k, ok in res.items():
            seen[k] += 1
            right[k] += ok
    correct = sum(bool(r["correct"]) for r in rows)
    print(f"{a.run}: {a.model}, {len(rows)} weekday outputs, {correct} correct, {parsed} in the rule's format, "
          f"{whole} right at every step ({whole_correct} of them answered right)")
    for k in seen:
        print(f"  {right[k]:>3}/{seen[k]:<3} {k}")
    print("correct by the question's date style: " + ", ".join(
        f"{s} {by_style[s, True]}/{by_style[s, True] + by_style[s, False]}" for s in sorted({s for s, _ in by_style})))
    if misread:
        print(f"wrong answers in the rule's format: {misread[False]} restated the date wrong, "
              f"{misread[True]} restated it right and slipped later")
    found = [c for r in rows for c in counts(r["output"])]
    for k in (28, 4, 7):
        mine = [c for c in found if c["k"] == k]
        if mine:
            print(f"counts of the multiples of {k}, in all {len(rows)} outputs: " + ", ".join(
                f"{sum(bool(c[q]) for c in mine)}/{len(mine)} {q}"
                for q in ("in order", "in order up to n", "closed", "stops at the first multiple above n",
                          "runs past n")))


if __name__ == "__main__":
    main()
