"""Rule-based specialist: convert a date and time between time zones, daylight saving time included.

Zones come from the `tzdata` package (IANA database, a dependency), never the OS's files, so answers are
the same on every machine. Answer convention: "YYYY-MM-DD HH:MM" in the target zone (24-hour clock; the
date can change). Local times that do not exist (skipped by a DST change) or happen twice (repeated by
one) are refused with an error naming them, and never asked. The rationale goes through UTC:
"At 2024-03-10 03:30 America/New_York is at UTC-04:00. 03:30 + 4 h = 07:30 UTC on 2024-03-10. ..."
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import random
from dataclasses import dataclass
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from specialist_kd import SKDError
from specialist_kd.specialist import RuleSpecialist, register
from specialists._dates import (
    DATE_STYLES,
    FamilyOptions,
    fmt_date,
    minute_hour_steps,
    parse_time,
    random_date,
)

UTC = dt.timezone.utc
ZONES = ["UTC", "America/New_York", "America/Los_Angeles", "America/Chicago", "America/Sao_Paulo",
         "America/St_Johns", "Europe/London", "Europe/Berlin", "Europe/Moscow", "Africa/Cairo", "Asia/Kolkata",
         "Asia/Kathmandu", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland"]


@cache
def zone(key: str) -> ZoneInfo:
    """An IANA zone read from the tzdata package (not the OS), with an error naming an unknown key."""
    try:
        import tzdata  # noqa: F401

        parts = key.split("/")
        res = importlib.resources.files("tzdata.zoneinfo").joinpath(*parts)
        if not parts or any(p in ("", ".", "..") for p in parts) or not res.is_file():
            raise FileNotFoundError
        with res.open("rb") as f:
            return ZoneInfo.from_file(f, key=key)
    except (FileNotFoundError, IsADirectoryError, ValueError):
        raise SKDError(f"unknown time zone {key!r}: accepted: IANA names from the tzdata package, "
                       f"e.g. {', '.join(ZONES[1:4])}") from None


def offset_text(off: dt.timedelta) -> str:
    minutes = int(off.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def span_text(off: dt.timedelta) -> str:
    minutes = abs(int(off.total_seconds()) // 60)
    return f"{minutes // 60} h" + (f" {minutes % 60} min" if minutes % 60 else "")


def minute_steps(start: int, delta: int) -> str:
    """A wall time (`start` minutes after midnight) moved by an offset with minutes (`delta`, signed), the
    minutes then the hours, in clock_add_minutes' steps (`_dates.minute_hour_steps`, with its borrow):
    minute_steps(13 * 60 + 45, 330) == "minutes 45 + 30 = 75; 75 - 60 = 15, one hour more; hours 13 + 5 + 1 =
    19"; a day crossed wraps the hours once ("hours 1 - 5 - 1 = -5; -5 + 24 = 19")."""
    minutes, hours, result = minute_hour_steps(start, delta, borrow=True)
    assert result == (start + delta) % 1440, (start, delta)
    return f"minutes {minutes}" + (f"; hours {hours}" if hours else "")


def localize(local: dt.datetime, key: str) -> dt.datetime:
    """A naive local wall time in zone `key` -> an aware datetime; refuses skipped or repeated times."""
    z = zone(key)
    a, b = local.replace(tzinfo=z, fold=0), local.replace(tzinfo=z, fold=1)
    if a.utcoffset() != b.utcoffset():
        back = a.astimezone(UTC).astimezone(z).replace(tzinfo=None)
        what = "does not exist (skipped by a DST change)" if back != local else "is ambiguous (happens twice)"
        raise SKDError(f"local time {local:%Y-%m-%d %H:%M} in {key} {what}; give another time")
    return a


@dataclass
class Options(FamilyOptions):
    year_min: int = 1990  # the IANA history is reliable here; far-future rules are projections
    year_max: int = 2035  # dates lie in year_min..year_max
    zones: list[str] | None = None  # zones to ask about (None: a fixed list of 16 across all offsets)
    minute_steps: bool = False  # a sum with an offset's minutes in two steps, the minutes then the hours, as clock writes them: "13:45 + 5 h 30 min: minutes 45 + 30 = 75; 75 - 60 = 15, one hour more; hours 13 + 5 + 1 = 19, so 19:15 UTC on ..." (session 42 at 3x without it: such sums right 90 of 168, whole hours 520 of 570)

    def __post_init__(self) -> None:
        for key in self.zones or []:
            zone(key)
        if len(self.zones or ZONES) < 2:
            raise ValueError("zones needs at least two time zones")


@register
class TimeZone(RuleSpecialist):
    name = "timezone"
    domain = "timezone"
    answer_kind = "datetime"
    answer_format = "YYYY-MM-DD HH:MM in the target zone (24-hour clock)"
    Options = Options
    templates = [
        "It is {t} on {date} in {src}. What are the date and time in {dst}?",
        "When it is {t} on {date} in {src}, what date and time is it in {dst}?",
        "Convert {date} {t} from {src} time to {dst} time.",
        "A call starts at {t} on {date}, {src} time. What is the date and time in {dst}?",
        "{date}, {t} ({src}) = ? ({dst})",
        "A flight lands at {t} local time on {date} in {src}. What time and date is that in {dst}?",
        # held out: eval only
        "My colleague in {src} sends a message at {t} on {date}. What are the date and time for me in {dst}?",
        "Translate the moment {date} {t} in the {src} time zone into {dst} local date and time.",
    ]

    def sample(self, rng: random.Random) -> dict[str, Any]:
        o = self.options
        zones = o.zones or ZONES
        while True:
            src, dst = rng.sample(zones, 2)
            local = dt.datetime.combine(random_date(rng, o.year_min, o.year_max), dt.time(rng.randrange(24),
                                                                                          rng.randrange(0, 60, 5)))
            try:
                out = localize(local, src).astimezone(zone(dst))
                localize(out.replace(tzinfo=None), dst)  # an answer wall time that happens twice: ask another
                return self._params(local, src, dst, rng.choice(DATE_STYLES[:3]))
            except SKDError:
                continue

    @staticmethod
    def _params(local: dt.datetime, src: str, dst: str, style: str) -> dict[str, Any]:
        return {"local": local, "src": src, "dst": dst, "date": fmt_date(local.date(), style),
                "t": f"{local:%H:%M}"}

    solve_args = {"datetime": "YYYY-MM-DDTHH:MM (local)", "from": "IANA zone, e.g. Europe/Berlin",
                  "to": "IANA zone"}

    def params_from_args(self, args: dict[str, str]) -> dict[str, Any]:
        text = args["datetime"].replace(" ", "T")
        try:
            day, t = text.split("T")
            local = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(*divmod(parse_time(t), 60)))
        except ValueError:
            raise SKDError(f"invalid datetime {args['datetime']!r}: expected YYYY-MM-DDTHH:MM") from None
        zone(args["to"])
        localize(local, args["from"])
        return self._params(local, args["from"], args["to"], "iso")

    def solve(self, p: dict[str, Any]) -> tuple[str, str]:
        aware = localize(p["local"], p["src"])
        utc = aware.astimezone(UTC)
        out = utc.astimezone(zone(p["dst"]))
        o1, o2 = aware.utcoffset(), out.utcoffset()
        # the rationale's arithmetic, checked against zoneinfo: local - offset = UTC, UTC + offset = target
        assert p["local"] - o1 == utc.replace(tzinfo=None) and utc.replace(tzinfo=None) + o2 == out.replace(tzinfo=None)
        fmt = "%Y-%m-%d %H:%M"
        to_utc = f"{p['local']:%H:%M} {'-' if o1 >= dt.timedelta(0) else '+'} {span_text(o1)}" if o1 else f"{p['local']:%H:%M}"
        from_utc = f"{utc:%H:%M} {'+' if o2 >= dt.timedelta(0) else '-'} {span_text(o2)}" if o2 else f"{utc:%H:%M}"

        def lead(text: str, start: dt.datetime, delta: dt.timedelta) -> str:
            """A sum up to its result: "22:40 - 5 h 30 min =", or with `minute_steps` and an offset's minutes
            "22:40 - 5 h 30 min: minutes 40 - 30 = 10; hours 22 - 5 = 17, so"."""
            minutes = int(delta.total_seconds()) // 60
            if self.options.minute_steps and minutes % 60:
                return f"{text}: {minute_steps(start.hour * 60 + start.minute, minutes)}, so"
            return f"{text} ="

        to_utc, from_utc = lead(to_utc, p["local"], -o1), lead(from_utc, utc, o2)
        rationale = (
            f"At {p['local']:{fmt}} {p['src']} is at {offset_text(o1)}. {to_utc} {utc:%H:%M} UTC on {utc:%Y-%m-%d}. "
            f"Then {p['dst']} is at {offset_text(o2)}. {from_utc} {out:%H:%M} on {out:%Y-%m-%d}."
        )
        if out.replace(fold=1 - out.fold).utcoffset() != out.utcoffset():
            rationale += f" (That wall time happens twice in {p['dst']} that night; this is the {('first', 'second')[out.fold]}.)"
        return out.strftime(fmt), rationale
