"""Where a student's time-zone conversions go wrong, step by step (a diagnostic over a run's eval outputs).

    python bench/timezone_steps.py runs/tz-3x [--model student]

Reads <run>/eval/samples.jsonl, takes the `timezone` outputs written in the calculator's form (`skd solve timezone
datetime=2000-10-30T22:15 from=Australia/Sydney to=Asia/Tokyo`: "At 2000-10-30 22:15 Australia/Sydney is at
UTC+11:00. 22:15 - 11 h = 11:15 UTC on 2000-10-30. Then Asia/Tokyo is at UTC+09:00. 11:15 + 9 h = 20:15 on
2000-10-30.") and checks each step on the numbers as written, so one early slip does not fail every later step:
the moment and the two zones restated from the question; the source zone's offset at that wall time (zoneinfo,
from the tzdata package, as the calculator reads it); the offset applied with the opposite sign to reach UTC,
that subtraction's time and its date (a day crossed or not); the target zone's offset at that UTC moment; the
offset applied from UTC, that addition's time and date; the answer line against the derivation's result.

Prints right / checked per step; each offset the student wrote, right or wrong, by the kind of zone and moment
(UTC itself, a zone without daylight saving time that year, one with it, in it or out of it: an offset the
student has to remember, not compute); each time sum by its offset (whole hours, or hours and an offset's
minutes: where a carry or a borrow between minutes and hours can be lost) and whether its own numbers cross a day,
its time right or not; and the wrong answers by their first wrong step.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._samples import StepTally, suite_outputs  # noqa: E402
from specialist_kd import SKDError  # noqa: E402
from specialist_kd.evaluate import parse_dates, parse_times  # noqa: E402
from specialists.timezone import ZONES, offset_text, span_text, zone  # noqa: E402

_T = r"(\d\d:\d\d)"
_D = r"(\d{4}-\d\d-\d\d)"
_OFF = r"(UTC[+-]\d\d:\d\d)"
# a sum is "22:15 - 11 h = 11:15" or, with `minute_steps` and an offset's minutes, "22:40 - 5 h 30 min: minutes 40
# - 30 = 10; hours 22 - 5 = 17, so 17:10" (the time it reaches is checked, not the steps between)
_TO = r"([^=]+?)(?: =|: minutes [^.]*?, so)"
FORM = re.compile(rf"At {_D} {_T} (\S+) is at {_OFF}\. {_TO} {_T} UTC on {_D}\. "
                  rf"Then (\S+) is at {_OFF}\. {_TO} {_T} on {_D}\.")
_ZONE = re.compile(r"\b(" + "|".join(re.escape(z) for z in sorted(ZONES, key=len, reverse=True)) + r")\b")
_EXPR = re.compile(r"(\d\d:\d\d)(?: ([+-]) (\d+) h(?: (\d+) min)?)?$")


def question(prompt: str) -> tuple[dt.datetime, str, str] | None:
    """The question's local moment, source zone and target zone (every template names the source first); None
    where the prompt does not hold one date, one time and two of the calculator's zones."""
    dates, times, zones = parse_dates(prompt), parse_times(prompt), _ZONE.findall(prompt)
    if len(dates) != 1 or len(times) != 1 or len(zones) != 2:
        return None
    return dt.datetime.combine(dates[0], dt.time(*divmod(times[0], 60))), zones[0], zones[1]


def _minutes(hm: str) -> int:
    h, m = hm.split(":")
    return int(h) * 60 + int(m)


def _offset(off: str) -> int:
    """"UTC-03:30" -> -210 (minutes)."""
    return (-1 if off[3] == "-" else 1) * _minutes(off[4:])


def _moves(expr: str, start: str, offset: str, sign: int) -> bool:
    """Is `expr` ("22:15 - 11 h", or the time alone for a zero offset) `start` moved by `sign` x `offset`, as the
    calculator writes it?"""
    minutes = sign * _offset(offset)
    if not minutes:
        return expr == start
    return expr == f"{start} {'+' if minutes > 0 else '-'} {span_text(dt.timedelta(minutes=minutes))}"


def _sum(expr: str, day: str) -> tuple[int, dt.date] | None:
    """The wall time (minutes) and date that `expr` ("22:15 - 11 h") reaches from `day`, on its own numbers."""
    m = _EXPR.match(expr)
    if not m:
        return None
    total = _minutes(m[1])
    if m[2]:
        span = int(m[3]) * 60 + int(m[4] or 0)
        total += span if m[2] == "+" else -span
    try:
        return total % 1440, dt.date.fromisoformat(day) + dt.timedelta(days=total // 1440)
    except (ValueError, OverflowError):  # a date the student made up ("2001-02-30")
        return None


def local_offset(day: str, hm: str, key: str) -> str | None:
    """The zone's offset at a local wall time (fold 0, as the calculator's questions have no repeated times)."""
    try:
        return offset_text(dt.datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=zone(key)).utcoffset())
    except (SKDError, ValueError):
        return None


def utc_offset(day: str, hm: str, key: str) -> str | None:
    """The zone's offset at a UTC moment."""
    try:
        moment = dt.datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=dt.timezone.utc)
        return offset_text(moment.astimezone(zone(key)).utcoffset())
    except (SKDError, ValueError):
        return None


def offset_kind(moment: dt.datetime, key: str) -> str:
    """UTC, a zone without daylight saving time in that year, or one with it, in it or out of it at `moment`
    (aware)."""
    if key == "UTC":
        return "UTC"
    z = zone(key)
    y = moment.year
    jan, jul = (dt.datetime(y, m, 15, 12, tzinfo=z).utcoffset() for m in (1, 7))
    if jan == jul:
        return "no DST that year"
    return "DST that year, in it" if moment.astimezone(z).dst() else "DST that year, out of it"


def check(m: re.Match, prompt: str, output: str) -> dict[str, bool]:
    """Each step of one derivation (`FORM`), in order, on the numbers as written."""
    d1, t1, src, o1, e1, ut, ud, dst, o2, e2, t2, d2 = m.groups()
    q = question(prompt)
    steps = {"moment and zones restated from the question":
             q is not None and (f"{q[0]:%Y-%m-%d}", f"{q[0]:%H:%M}", q[1], q[2]) == (d1, t1, src, dst),
             "source offset at the wall time": local_offset(d1, t1, src) == o1,
             "to UTC: the offset applied, sign opposite": _moves(e1, t1, o1, -1)}
    reached = _sum(e1, d1)
    steps["to UTC: the time"] = reached is not None and reached[0] == _minutes(ut)
    steps["to UTC: the date"] = reached is not None and str(reached[1]) == ud
    steps["target offset at the UTC moment"] = utc_offset(ud, ut, dst) == o2
    steps["from UTC: the offset applied"] = _moves(e2, ut, o2, 1)
    reached = _sum(e2, ud)
    steps["from UTC: the time"] = reached is not None and reached[0] == _minutes(t2)
    steps["from UTC: the date"] = reached is not None and str(reached[1]) == d2
    answer = re.search(r"Answer:\s*(\S+ \S+)", output)
    steps["answer line = the derivation's result"] = bool(answer) and answer[1] == f"{d2} {t2}"
    return steps


def offsets_written(m: re.Match) -> list[tuple[str, bool]]:
    """The kind (`offset_kind`) of each of the two offsets a derivation writes, and whether it is right."""
    d1, t1, src, o1, _, ut, ud, dst, o2, *_ = m.groups()
    out = []
    for day, hm, key, written, right, utc in ((d1, t1, src, o1, local_offset(d1, t1, src), False),
                                              (ud, ut, dst, o2, utc_offset(ud, ut, dst), True)):
        if right is None:  # a zone or moment the student made up
            continue
        moment = dt.datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=dt.timezone.utc if utc else zone(key))
        out.append((offset_kind(moment, key), written == right))
    return out


def sums_written(m: re.Match) -> list[tuple[str, bool]]:
    """The kind of each of a derivation's two time sums ("whole hours, day kept", "hours and minutes, day crossed")
    and whether the time it writes is the one its own numbers reach; a zero offset (the time alone) is no sum."""
    d1, t1, _, _, e1, ut, ud, _, _, e2, t2, _ = m.groups()
    out = []
    for expr, day, written in ((e1, d1, ut), (e2, ud, t2)):
        parts = _EXPR.match(expr)
        reached = _sum(expr, day)
        if not parts or not parts[2] or reached is None:
            continue
        crossed = reached[1] != dt.date.fromisoformat(day)
        kind = f"{'hours and minutes' if parts[4] else 'whole hours'}, day {'crossed' if crossed else 'kept'}"
        out.append((kind, reached[0] == _minutes(written)))
    return out


def _by_kind(title: str, counts: Counter) -> str:
    return f"  {title}: " + "; ".join(f"{k} {counts[k, True]} of {counts[k, True] + counts[k, False]}"
                                      for k in sorted({k for k, _ in counts}))


def main(argv: list[str] | None = None) -> None:
    args, rows = suite_outputs(__doc__, "timezone", argv)
    tally, offsets, sums = StepTally(), Counter(), Counter()
    for r in rows:
        m = FORM.search(r["output"] or "")
        tally.add(check(m, r["prompt"], r["output"]) if m else None, bool(r["correct"]), "not in the calculator's form")
        offsets.update(offsets_written(m) if m else [])
        sums.update(sums_written(m) if m else [])
    print(f"{args.run} ({args.model}): {tally.outputs} timezone outputs, {tally.correct} right, {tally.read} in the "
          "calculator's form")
    tally.print_steps()
    print(_by_kind("offsets right by zone and moment", offsets))
    print(_by_kind("time sums right by offset and day", sums))
    tally.print_firsts()

if __name__ == "__main__":
    main()
