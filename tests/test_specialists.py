"""Every registered rule-based specialist: exact answers checked against an independent computation,
determinism, held-out templates, and the scorer parsing its own responses."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import random
import re
from collections import Counter
from collections.abc import Callable
from functools import partial
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from specialist_kd import SKDError
from specialist_kd.evaluate import arithmetic_claims, check_steps, extract_answer, score_answer, steps_by_size
from specialist_kd.specialist import get_specialist, registry
from specialists._dates import (
    DATE_STYLES,
    MONTHS,
    WEEKDAYS,
    column_sub,
    fmt_date,
    month_steps,
    shift_month,
    weekday_steps,
    year_step,
)

RULE = sorted(n for n, c in registry().items() if c.kind == "rule")


def _iso_dates(text: str) -> list[dt.date]:
    return [dt.date.fromisoformat(m) for m in re.findall(r"\d{4}-\d{2}-\d{2}", text)]


# Independent checks: dateutil / plain ordinal arithmetic, not the specialists' own code paths.
# The older families parse the question text itself; the newer ones check `ex.params` (what the calculator
# was given) and a separate test checks that every param the templates name appears in the question.
def _back(q: str) -> bool:
    return any(w in q for w in ("before", "ago", "backward", " - ", "earlier"))


def check_date_add_days(ex) -> None:
    q = ex.question
    n, unit = re.search(r"(\d+) (days?|weeks?)", q).groups()
    start = extract_answer("date", q)
    delta = relativedelta(**{unit.rstrip("s") + "s": int(n)})
    assert dt.date.fromisoformat(ex.answer) == (start - delta if _back(q) else start + delta)


def check_weekday(ex) -> None:
    d = extract_answer("date", ex.question)
    assert ex.answer == d.strftime("%A")


def check_days_between(ex) -> None:
    from specialist_kd.evaluate import parse_dates

    a, b = parse_dates(ex.question)[:2]
    days = b.toordinal() - a.toordinal()
    qtype = ex.template.split(":")[0]
    assert ("inclusive" in ex.question or "both" in ex.question or "includ" in ex.question) == (qtype == "inclusive")
    assert int(ex.answer) == {"days": days, "inclusive": days + 1, "weeks": days // 7}[qtype]


def check_clock_add_minutes(ex) -> None:
    from specialist_kd.evaluate import parse_times

    q = ex.question
    m = int(re.search(r"(\d+) minutes", q)[1])
    (start,) = parse_times(q)
    want = (start + (-m if _back(q) else m)) % 1440
    twelve = bool(re.search(r"\d [AP]M\b", q))
    assert twelve == bool(re.fullmatch(r"(1[0-2]|[1-9]):[0-5]\d [AP]M", ex.answer))
    assert parse_times(ex.answer) == [want]


def check_date_add_months(ex) -> None:
    p = ex.params
    n = p["k"] * (12 if p["qtype"] == "years" else 1) * (1 if p["forward"] else -1)
    y, m = divmod(p["start"].year * 12 + p["start"].month - 1 + n, 12)
    day = p["start"].day
    while True:  # clamp by trial, not by month tables
        try:
            want = dt.date(y, m + 1, day)
            break
        except ValueError:
            day -= 1
    assert dt.date.fromisoformat(ex.answer) == want and (p["k"] == 1) != p["unit"].endswith("s")


def check_month_shift(ex) -> None:
    p = ex.params
    sign = 1 if p["forward"] else -1
    want = dt.date(p["year"], p["mon"], 1) + relativedelta(years=sign * p["years"], months=sign * p["months"])
    assert ex.answer == (want.strftime("%B") if p["qtype"] == "month" else want.strftime("%B ") + str(want.year))


def check_iso_week(ex) -> None:
    d = extract_answer("date", ex.question)
    assert int(ex.answer) == int(d.strftime("%V" if ex.params["qtype"] == "week" else "%j"))


def check_leap_year(ex) -> None:
    def leap(y: int) -> bool:
        try:
            return dt.date(y, 2, 29) is not None
        except ValueError:
            return False

    y = int(re.search(r"\b\d{1,4}\b", re.sub(r"February 29|29 days", "", ex.question))[0])
    if ex.params["qtype"] == "is_leap":
        assert ex.answer == ("Yes" if leap(y) else "No")
    else:
        assert int(ex.answer) == next(x for x in range(y + 1, y + 9) if leap(x))


def check_duration(ex) -> None:
    from specialist_kd.evaluate import parse_durations

    q, qtype = ex.question, ex.params["qtype"]
    if qtype == "from_seconds":
        (a,) = map(int, re.findall(r"\d+", q))
        assert parse_durations(ex.answer) == [a]
        return
    vals = parse_durations(q)
    got = int(ex.answer) if qtype == "to_seconds" else parse_durations(ex.answer)[0]
    assert got == {"add": lambda: vals[0] + vals[1], "sub": lambda: abs(vals[0] - vals[1]), "to_seconds": lambda: vals[0]
                   }[qtype]()


def check_timezone(ex) -> None:
    p = ex.params
    src, dst = ZoneInfo(p["src"]), ZoneInfo(p["dst"])  # zoneinfo's own lookup, not the specialist's loader
    out = dt.datetime.strptime(ex.answer, "%Y-%m-%d %H:%M").replace(tzinfo=dst)
    back = out.astimezone(src)
    assert back.replace(tzinfo=None) == p["local"]
    assert p["src"] in ex.question and p["dst"] in ex.question and p["local"].strftime("%H:%M") in ex.question


_WD = [MO, TU, WE, TH, FR, SA, SU]


def check_relative_date(ex) -> None:
    p = ex.params
    d, wd, got = p["d"], _WD[p["wd"]], dt.date.fromisoformat(ex.answer)
    first = d.replace(day=1)
    want = {
        "weekday_after": lambda: d + relativedelta(days=1, weekday=wd(+1)),
        "nth_weekday": lambda: first + relativedelta(weekday=wd(p["n"] + 1)),
        "last_weekday": lambda: first + relativedelta(day=31, weekday=wd(-1)),
        "last_business_day": lambda: np.busday_offset(first + relativedelta(day=31), 0, roll="backward").astype(object),
    }[p["qtype"]]()
    assert got == want


def check_business_days(ex) -> None:
    p = ex.params
    assert int(ex.answer) == np.busday_count(p["start"], p["end"], holidays=p["hols"])


CHECKS = {f.__name__.removeprefix("check_"): f for f in
          (check_date_add_days, check_weekday, check_days_between, check_clock_add_minutes, check_date_add_months,
           check_month_shift, check_iso_week, check_leap_year, check_duration, check_timezone, check_relative_date,
           check_business_days)}


@pytest.mark.parametrize("name", RULE)
def test_every_rule_specialist_has_an_independent_check(name):
    assert name in CHECKS, f"add an independent answer check for the new specialist {name!r}"


@pytest.mark.parametrize("name", RULE)
@pytest.mark.parametrize("heldout", [False, True])
def test_answers_match_independent_computation(name, heldout):
    spec = get_specialist(name)()
    for ex in spec.examples(2000, seed=11, heldout=heldout):
        CHECKS[name](ex)


@pytest.mark.parametrize("name", RULE)
def test_scorer_reads_own_responses_and_rejects_wrong(name):
    spec = get_specialist(name)()
    for ex in spec.examples(300, seed=3):
        for rationale in (True, False):
            assert score_answer(ex.kind, spec.format_response(ex, rationale), ex.answer), ex
    wrong = spec.examples(50, seed=4)
    right = spec.examples(50, seed=3)
    mismatched = [score_answer(r.kind, f"Answer: {w.answer}", r.answer) for w, r in zip(wrong, right)
                  if w.answer != r.answer and w.kind == r.kind]
    assert mismatched and not any(mismatched)


@pytest.mark.parametrize("name", RULE)
def test_same_seed_same_records_and_heldout_templates_disjoint(name):
    cls = get_specialist(name)
    a = cls().generate(50, seed=5, ctx=None)
    b = cls().generate(50, seed=5, ctx=None)
    c = cls().generate(50, seed=6, ctx=None)
    assert [r.response for r in a] == [r.response for r in b]
    assert [r.messages for r in a] == [r.messages for r in b]
    assert [r.messages for r in a] != [r.messages for r in c]
    groups = cls().groups()  # the class's templates and the training wordings its default options add
    assert sum(len(g) for g in groups.values()) >= 8, "at least 8 phrasings per family"
    want_train = {f"{q}:{i}" for q, g in groups.items() for i in range(len(g) - cls.n_heldout)}
    want_held = {f"{q}:{i}" for q, g in groups.items() for i in range(len(g) - cls.n_heldout, len(g))}
    train_t = {e.template for e in cls().examples(1000, seed=1)}
    held_t = {e.template for e in cls().examples(500, seed=1, heldout=True)}
    assert train_t == want_train and held_t == want_held


@pytest.mark.parametrize("name", RULE)
@pytest.mark.parametrize("heldout", [False, True])
def test_reword_opens_with_the_question_in_its_types_first_wording_and_changes_nothing_else(name, heldout):
    """reword prefixes the rationale with the question as its type's first template asks it of the same values
    (a training wording, so a question asked that way is copied), held-out questions too; answers and the rest
    of the rationale unchanged. Off by default."""
    first = {q: g[0] for q, g in get_specialist(name).template_groups().items()}
    copied = 0
    for p, r in _paired({}, {"reword": True}, 200, name, heldout):
        asked = first[p.params.get("qtype", "")].format(**p.params)
        assert r.rationale == f"Reworded: {asked} {p.rationale}", r.rationale
        assert (asked == p.question) == p.template.endswith(":0"), (asked, p.question)
        copied += asked == p.question
    assert (copied > 10) != heldout, copied
    assert get_specialist(name).Options().reword is False


@pytest.mark.parametrize("name", RULE)
def test_drill_rows_ask_the_rationales_own_equations_and_change_no_question(name):
    """`drill: N` adds N rows after the family's own, each asking 8 equations its rationales write and
    answering them in that form; the family's rows are the same as without drill rows."""
    cls = get_specialist(name)
    for key in ("n", "drill"):
        with pytest.raises(SKDError, match=f"specialist '{name}': option '{key}' is -1; accepted: 0 or more"):
            cls.from_config({key: -1})
    plain = cls.from_config({"n": 30}).generate(30, seed=5, ctx=None)
    if name in ("leap_year", "timezone"):  # their rationales write no equations: a named error, not a loop
        with pytest.raises(SKDError, match=f"specialist '{name}': option 'drill' needs equations"):
            cls.from_config({"n": 30, "drill": 2}).generate(30, seed=5, ctx=None)
        return
    drilled = cls.from_config({"n": 30, "drill": 40}).generate(30, seed=5, ctx=None)
    assert [(r.messages, r.response) for r in drilled[:30]] == [(r.messages, r.response) for r in plain]
    rows = drilled[30:]
    assert len(rows) == 40 and len({r.id for r in drilled}) == 70
    assert [r.response for r in rows] == [r.response for r in cls.from_config({"drill": 40}).generate(30, 5, None)[30:]]
    rationales = " ".join(e.rationale for e in cls().examples(400, seed=11))
    for r in rows:
        asked = r.messages[-1]["content"].removeprefix("Work out: ").removesuffix(".").split(", ")
        steps, answer = r.response.split("\nAnswer: ")
        claims = steps.removesuffix(".").split(". ")
        assert len(asked) == len(claims) == 8 and r.meta["template"] == "drill"
        values = []
        for q, claim in zip(asked, claims, strict=True):
            assert claim.startswith(f"{q} = ") and re.search(r"\d (?:[-+x]|mod) ", q), (q, claim)
            python = [re.sub(r"\d+", lambda m: str(int(m[0])), side).replace("x", "*").replace("mod", "%")
                      for side in claim.split(" = ")]
            sides = [eval(side, {}) for side in python]  # Python's arithmetic, not the checker's
            assert len(set(sides)) == 1, claim
            values.append(str(sides[0]))
        assert answer == r.answer == ", ".join(values)
    # the equations are the family's own: their shapes ("N + N = N") are those its rationales write
    def shape(claim):
        return re.sub(r"-?\d+", "N", claim)

    own = {shape(c) for c, _ in arithmetic_claims(rationales)}
    drilled_shapes = [shape(c) for r in rows for c in r.response.split("\n")[0].removesuffix(".").split(". ")]
    assert sum(d in own for d in drilled_shapes) >= 0.95 * len(drilled_shapes)


@pytest.mark.parametrize("name", RULE)
def test_questions_show_every_template_field(name):
    """Each field a template names is rendered into the question (no '{' left, no 'None')."""
    for ex in get_specialist(name)().examples(300, seed=9):
        assert "{" not in ex.question and "None" not in ex.question, ex.question


def test_arithmetic_claim_checker_finds_wrong_steps():
    assert [v for _, v in arithmetic_claims("25 - 98 = -73. 761 = 108 x 7 + 5, 2076 mod 400 = 76")] == \
        [[-73, -73], [761, 761], [76, 76]]
    assert arithmetic_claims("59 + 17 = 77 = 1 min 16 s")[0][1] == [76, 77]  # a wrong sum is caught
    assert arithmetic_claims("20:04 + 9 h = 29:04; 8 weeks x 5 = 40; month 7 - 11 = -4 = -1 year") == \
        [("7 - 11 = -4", [-4, -4])]
    assert check_steps("4 + 4 = 8. 9 - 1 = 7. Answer: 7") == (1, 2)
    # what students write: dates and times are not subtractions, mod 0 is a wrong step, not a crash
    assert check_steps("1725-07-16 - 1725-06-02 = 44; 05:04 - 08 = 3; 7 mod 0 = 7; 08 + 1 = 9") == (1, 2)
    # by the digits of the largest number: where a small student's arithmetic breaks
    assert steps_by_size("8 + 4 = 12. 3 + 4 = 7. 1777 + 6 = 1787; -38 = -4 x 12 + 10; 127 = 18 x 7 + 1") == \
        {"1": [1, 1], "2": [2, 2], "3": [1, 1], "4+": [0, 1]}


def test_month_steps_split_years_then_wrap_at_most_once():
    """Month arithmetic in steps a small student can check: every shift of every month by -60..60 months."""
    for month in range(1, 13):
        for shift in range(-60, 61):
            text, reached, years, wrap = month_steps(month, shift)
            assert (years + wrap, reached) == shift_month(0, month, shift)
            claims = arithmetic_claims(text)
            assert claims and all(len(set(v)) == 1 for _, v in claims), text
            # only the year split may hold a number past 23: the month step stays within -11..23
            month_claims = [v for c, v in claims if "x 12" not in c]
            assert all(-11 <= x <= 23 for vs in month_claims for x in vs), text
            assert wrap in (-1, 0, 1) and text.count("12 =") <= 1
            assert text.endswith(f"{MONTHS[reached - 1]}" + {0: ".", 1: ", one year later.", -1: ", one year earlier."}[wrap])
    assert year_step(1806, 8, 1) == ("6 + 8 + 1 = 15, so 1815", 1815)
    assert year_step(1994, -1, -1) == ("94 - 1 - 1 = 92, so 1992", 1992)
    assert year_step(1803, -5) == ("3 - 5 = -2 = -1 x 100 + 98, so century 18 - 1 = 17: 1798", 1798)
    for year in range(1, 9999, 7):  # every step on the last two digits, right across centuries
        for years in (-99, -50, -1, 0, 1, 49, 120):
            if 1 <= year + years <= 9998:
                text, reached = year_step(year, years, 1)
                claims = arithmetic_claims(text)
                assert reached == year + years + 1 and all(len(set(v)) == 1 for _, v in claims), text
                assert max(len(str(abs(x))) for _, v in claims for x in v) <= 3, text


@pytest.mark.parametrize("name", ["month_shift", "date_add_months", "clock_add_minutes", "weekday"])
def test_rationale_steps_stay_small(name):
    """Measured: students get one- and two-digit steps right far more often than four-digit ones, so these
    families' rationales keep every equation's numbers under 1000."""
    for r in get_specialist(name)().generate(300, seed=8, ctx=None):
        for claim, _ in arithmetic_claims(r.response):
            assert all(len(n) <= 3 for n in re.findall(r"\d+", claim)), f"{name}: {claim!r} in {r.response}"


# Families whose rationales are pure lookups or time arithmetic, with no integer equation to check.
NO_CLAIMS = {"leap_year", "timezone"}


@pytest.mark.parametrize("name", RULE)
def test_every_arithmetic_step_of_a_rationale_is_right(name):
    """A rationale is a derivation the student can check and learn: each equation in it must hold."""
    recs = get_specialist(name)().generate(400, seed=21, ctx=None)
    checked = 0
    for r in recs:
        for text, values in arithmetic_claims(r.response):
            assert len(set(values)) == 1, f"{name}: {text!r} is wrong in: {r.response}"
            checked += 1
    if name not in NO_CLAIMS:
        assert checked >= len(recs) // 2, f"{name}: only {checked} equations in {len(recs)} rationales"


def test_weekday_derivation_matches_datetime_over_the_whole_calendar():
    """The weekday rule for the first and last day of every month of every year 1-9998 (the derivation asserts
    its result against datetime), the weekday it states at the end, and every equation in it."""
    for year in range(1, 9999):
        for month in range(1, 13):
            for d in (dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])):
                text = weekday_steps(d)
                assert text.endswith(f"is a {d.strftime('%A')}."), text
    for d in (dt.date(1794, 11, 3), dt.date(2000, 1, 1), dt.date(2024, 2, 29), dt.date(9998, 12, 31)):
        text = weekday_steps(d)
        claims = arithmetic_claims(text)
        # six before the mod 7 (two in the year, the century's split, three sums), then two per round of
        # digits and one when 7 is taken off
        assert len(claims) == 6 + 2 * text.count(" x 3 = ") + text.count(" - 7 = "), claims
        assert all(len(set(v)) == 1 for _, v in claims), claims
        assert max(abs(x) for _, v in claims for x in v) < 100  # small numbers only


def test_weekday_leap_rule_and_sums_derive_the_leap_year_and_chain_the_days_sum_and_change_nothing_else():
    """weekday takes date_add_days' `leap_rule` and `sums` (sums off; leap_rule on by default since session 57,
    in `leap_first`'s form, both off here): every January and February date derives
    its year's leap status before the month key, and the sum with the day is a chain that holds and collapses to
    the plain sum; the rest of the rationale, the question and the answer are the same."""
    assert weekday_steps(dt.date(2351, 2, 21), leap_rule=True, sums="carry") == (
        "Weekday of February 21, 2351: year 51: 50s key 6, 6 + 1 = 7; leap years after 50 up to 51: none, 7 + 0 = 7. "
        "Century 23 = 5 x 4 + 3, key 0: 7 + 0 = 7. 2351 ends in 51, and the 50s' multiples of 4 are 52, 56: not a "
        "leap year, so February's key is 3: 7 + 3 = 10. Day 21: 10 + 21 = 10 + 20 + 1 = 30 + 1 = 31; mod 7 (a ten "
        "leaves 3): 31: 3 x 3 = 9, 9 + 1 = 10; 10: 1 x 3 = 3, 3 + 0 = 3: Wednesday (0 = Sunday). So February 21, "
        "2351 is a Wednesday.")
    assert ("2000 ends in 00: a leap year only if 20 is a multiple of 4; the 20s' multiples of 4 are 20, 24, 28: a "
            "leap year, so January's key is 6: 6 + 6 = 12. Day 19: 12 + 19 = 12 + 10 + 8 + 1 = 22 + 8 + 1 = 20 + 10 "
            "+ 1 = 30 + 1 = 31;") in weekday_steps(dt.date(2000, 1, 19), leap_rule=True, sums="carry")
    jan_feb = leap = chains = 0
    for p, r in _paired({"leap_rule": False, "leap_first": False}, {"leap_rule": True, "sums": "carry"}, 300,
                        "weekday"):
        claims = arithmetic_claims(r.rationale)
        assert claims and all(len(set(v)) == 1 for _, v in claims), r.rationale
        derived = re.findall(r"(\d+) ends in [^.]*?: (a|not a) leap year, so (\w+)'s key", r.rationale)
        month = p.params["d"].month
        assert len(derived) == (month <= 2), r.rationale
        jan_feb += bool(derived)
        leap += bool(derived) and derived[0][1] == "a"
        undone = re.sub(r"(\d+) ends in [^.]*?: a leap year, so ", r"\1 is a leap year, so ", r.rationale)
        undone = re.sub(r"\d+ ends in [^.]*?: not a leap year, so ", "", undone)
        chained = re.sub(r"(\d+ \+ \d+) = (?:\d+(?: \+ \d+)+ = )+(\d+)(?=;)", r"\1 = \2", undone)
        chains += chained != undone
        assert chained == p.rationale, (p.rationale, r.rationale)
    assert jan_feb > 30 and leap > 5 and chains > 100
    cls = get_specialist("weekday")
    assert cls.Options().leap_rule is True and cls.Options().sums == "plain"
    with pytest.raises(SKDError, match="sums='chains' unknown: use one of plain, chain, carry"):
        cls.from_config({"sums": "chains"})


def test_weekday_rationales_derive_the_weekdays_they_use():
    """No rationale states a date's weekday without deriving it ("Weekday of <that date>: ..." before it)."""
    stated = re.compile(rf"(?:([A-Z][a-z]+ \d+, \d+)|(\d{{4}}-\d\d-\d\d)) is a ({'|'.join(calendar.day_name)})")
    seen = 0
    for name in ("weekday", "relative_date", "iso_week", "business_days"):
        for r in get_specialist(name)().generate(100, seed=3, ctx=None):
            for m in stated.finditer(r.response):
                date = m.group(1)
                if m.group(2):
                    d = dt.date.fromisoformat(m.group(2))
                    date = f"{calendar.month_name[d.month]} {d.day}, {d.year}"
                assert f"Weekday of {date}: " in r.response[: m.start()], f"{name}: underived weekday in {r.response}"
                seen += 1
    assert seen >= 300


def test_business_days_derive_the_day_count_they_split_into_weeks():
    """The days between the two dates come out of month steps ("... 26 + 14 = 40. 40: 5 x 7 = 35, ..."), not
    a stated "is 40 days later"."""
    for r in get_specialist("business_days")().generate(200, seed=5, ctx=None):
        m = re.search(r"(\d+): \d+ x 7 = \d+, \d+ - \d+ = \d+: \d+ full week", r.response)
        assert m and re.search(rf"[-+] \d+ = {m.group(1)}\. {m.group(1)}: ", r.response), r.response
        assert "days later" not in r.response


def test_rationale_option_changes_the_response():
    cls = get_specialist("date_add_days")
    with_r = cls(cls.Options(rationale=True)).generate(5, 0, None)
    without = cls(cls.Options(rationale=False)).generate(5, 0, None)
    assert all(r.response.startswith("Answer:") for r in without)
    assert all("\nAnswer: " in r.response and len(r.response) > len(w.response) for r, w in zip(with_r, without))


def test_sum_chains_hold_and_take_small_steps():
    from specialists._dates import sum_chain

    assert sum_chain(97, "-", 9) == "97 - 9 = 97 - 7 - 2 = 90 - 2 = 88"
    assert sum_chain(25, "+", 87) == "25 + 87 = 25 + 80 + 5 + 2 = 105 + 5 + 2 = 110 + 2 = 112"
    assert sum_chain(50, "-", 31) == "50 - 31 = 50 - 30 - 1 = 20 - 1 = 19"
    assert sum_chain(25, "+", 3) == "25 + 3 = 28" and sum_chain(25, "+", 80) == "25 + 80 = 105"
    # carry=True: an addition that reaches a ten makes the units a ten first; nothing else changes
    assert sum_chain(77, "+", 3, carry=True) == "77 + 3 = 70 + 10 = 80"
    assert sum_chain(25, "+", 87, carry=True) == ("25 + 87 = 25 + 80 + 5 + 2 = 105 + 5 + 2 = 100 + 10 + 2 = 110 + 2 "
                                                  "= 112")
    assert sum_chain(97, "-", 9, carry=True) == sum_chain(97, "-", 9) and sum_chain(1, "+", 9, carry=True) == "1 + 9 = 10"
    for a, b, carry in itertools.product(range(0, 132), range(1, 132), (False, True)):
        for op in "+-" if a >= b else "+":
            sides = sum_chain(a, op, b, carry).split(" = ")
            values = [eval(side) for side in sides]  # sides are "n op n op n": plain integer sums
            assert len(set(values)) == 1 and values[-1] == (a + b if op == "+" else a - b), (a, op, b)
            assert sides[0] == f"{a} {op} {b}" and sides[-1].lstrip("-").isdigit()
            for x, y in zip(sides, sides[1:]):  # each link does one small step: whole tens, or within a ten
                head, step = x.split()[0], int(x.split()[2])
                nxt = int(y.split()[0])
                lo, hi = sorted((int(head), nxt))
                assert step % 10 == 0 or (lo // 10 == hi // 10 or hi % 10 == 0 and hi - lo < 10), (x, y)
            if carry:  # the plain chain is the carried one less the sides that make the units a ten
                heads = [int(x.split()[0]) for x in sides]
                made = [i for i in range(1, len(sides)) if heads[i - 1] % 10 and heads[i] == heads[i - 1] // 10 * 10
                        and sides[i].split()[1:3] == ["+", "10"]]
                assert " = ".join(x for i, x in enumerate(sides) if i not in made) == sum_chain(a, op, b), sides


def _paired(base: dict, changed: dict, n: int = 300, family: str = "date_add_days", heldout: bool = False) -> list:
    """`family`'s examples built with `base` options and with `changed` on top (from the held-out wordings with
    `heldout`): the options change only the rationale, so both ask the same questions with the same answers.
    Pairs (without, with)."""
    cls = get_specialist(family)
    without, with_ = (cls.from_config(o).examples(n, 3, heldout=heldout) for o in (base, {**base, **changed}))
    assert [(e.question, e.answer) for e in without] == [(e.question, e.answer) for e in with_]
    return list(zip(without, with_))


def _rewrites_one_step(pairs: list, pattern: str, said) -> int:
    """Each pair's rationale with the option is the one without, with `pattern`'s match (where there is one)
    written as `said(match)` and nothing else changed; every equation in it holds. How many were rewritten."""
    rewritten = 0
    for p, r in pairs:
        m = re.search(pattern, p.rationale)
        assert r.rationale == (p.rationale.replace(m[0], said(m)) if m else p.rationale), r.rationale
        assert all(len(set(v)) == 1 for _, v in arithmetic_claims(r.rationale)), r.rationale
        rewritten += bool(m)
    return rewritten


def test_sums_option_writes_chains_and_rejects_unknown_forms():
    cls = get_specialist("date_add_days")
    assert sum(len(c.rationale) > len(p.rationale) for p, c in _paired({"sums": "plain"}, {"sums": "chain"}, 200)) > 100
    assert cls.Options().sums == "carry" and get_specialist("days_between").Options().sums == "plain"
    from specialists.date_add_days import add_days_rationale

    assert add_days_rationale(dt.date(2035, 9, 21), -98, "chain")[1].startswith(
        "98 - 21 = 98 - 20 - 1 = 78 - 1 = 77, so 21 - 98 = -77. August 2035 has 31 days; -77 + 31 = -46.")
    assert add_days_rationale(dt.date(1977, 10, 19), 22, "chain")[1] == (
        "19 + 22 = 19 + 20 + 1 + 1 = 39 + 1 + 1 = 40 + 1 = 41. October 1977 has 31 days; 41 - 31 = 41 - 30 - 1 = "
        "11 - 1 = 10, into November 1977. So November 10, 1977.")
    with pytest.raises(SKDError, match="sums='chains' unknown: use one of plain, chain, carry"):
        cls.from_config({"sums": "chains"})


def test_restate_option_opens_with_the_shift_in_words_and_changes_nothing_else():
    ways = Counter()
    for p, r in _paired({"restate": False}, {"restate": True}):
        k, unit, way = re.match(r"(\d+) (days?|weeks?) (before|after)\. ", r.rationale).groups()
        assert r.rationale == f"{k} {unit} {way}. {p.rationale}"
        start = re.search(r"(\d{4}-\d\d-\d\d) ([+-]) ", p.rationale)
        assert (way == "after") == (r.answer > start.group(1)) == (start.group(2) == "+"), r
        assert k in r.question and unit in r.question
        ways[way] += 1
    assert min(ways.values()) > 100 and get_specialist("date_add_days").Options().restate is True


def test_leap_rule_option_derives_february_from_the_leap_rule_and_changes_nothing_else():
    from specialists._dates import february_steps

    for y in range(1, 10000):  # the decade lookup against the calendar, every year it allows
        assert february_steps(y).endswith(f"so February {y} has {29 if calendar.isleap(y) else 28} days"), y
    assert february_steps(1900) == ("1900 ends in 00: a leap year only if 19 is a multiple of 4; the 10s' multiples "
                                    "of 4 are 12, 16: not a leap year, so February 1900 has 28 days")
    assert february_steps(1878) == ("1878 ends in 78, and the 70s' multiples of 4 are 72, 76: not a leap year, so "
                                    "February 1878 has 28 days")
    assert february_steps(2000).startswith("2000 ends in 00: a leap year only if 20 is a multiple of 4; the 20s' "
                                           "multiples of 4 are 20, 24, 28: a leap year")
    cls = get_specialist("date_add_days")
    changed = 0
    for p, r in _paired({"sums": "chain", "leap_rule": False}, {"leap_rule": True}):
        if " February " in p.rationale and " has " in p.rationale:
            assert re.sub(r" \d+ ends in [^.]*?, so February", " February", r.rationale) == p.rationale
            changed += 1
        else:
            assert r.rationale == p.rationale
    assert changed > 10 and cls.Options().leap_rule is True
    with pytest.raises(SKDError, match="'leap_rule' must be bool, got 'yes'"):
        cls.from_config({"leap_rule": "yes"})


def test_back_larger_first_option_writes_each_step_back_as_the_first_sum_back():
    from specialists.date_add_days import add_days_rationale

    assert add_days_rationale(dt.date(1977, 3, 10), -60, "plain", back_larger_first=True)[1] == (
        "60 - 10 = 50, so 10 - 60 = -50. February 1977 has 28 days; 50 - 28 = 22, so -50 + 28 = -22. January 1977 "
        "has 31 days; 31 - 22 = 9, so -22 + 31 = 9. So January 9, 1977.")
    # a step back from 0 has nothing to subtract first; with chains, the subtraction is a chain
    assert add_days_rationale(dt.date(1977, 4, 30), -30, "plain", back_larger_first=True)[1].endswith(
        "March 1977 has 31 days; 0 + 31 = 31. So March 31, 1977.")
    assert "; 50 - 28 = 50 - 20 - 8 = 30 - 8 = 22, so -50 + 28 = -22." in add_days_rationale(
        dt.date(1977, 3, 10), -60, "chain", back_larger_first=True)[1]
    changed = 0
    for p, r in _paired({"sums": "chain", "back_larger_first": False}, {"back_larger_first": True}):
        undone = re.sub(r"; \d+ - \d+(?: = [-+\d ]+?)* = \d+, so (-\d+ \+ \d+ = )", r"; \1", r.rationale)
        assert undone == p.rationale, (p.rationale, r.rationale)
        changed += undone != r.rationale
    assert changed > 50 and get_specialist("date_add_days").Options().back_larger_first is True


def test_compare_option_writes_each_forward_comparison_and_the_stop():
    from specialists.date_add_days import add_days_rationale

    assert add_days_rationale(dt.date(1977, 1, 20), 40, "plain", compare=True)[1] == (
        "20 + 40 = 60. January 1977 has 31 days; 60 is more than 31, so 60 - 31 = 29, into February 1977. "
        "February 1977 has 28 days; 29 is more than 28, so 29 - 28 = 1, into March 1977. March 1977 has 31 days; "
        "1 is not more than 31. So March 1, 1977.")
    # a value equal to the month's length stops; walking back, nothing is compared
    assert add_days_rationale(dt.date(1977, 7, 1), 30, "plain", compare=True)[1] == (
        "1 + 30 = 31. July 1977 has 31 days; 31 is not more than 31. So July 31, 1977.")
    assert add_days_rationale(dt.date(1977, 3, 10), -60, "plain", compare=True) == add_days_rationale(
        dt.date(1977, 3, 10), -60, "plain")
    forward = 0
    for p, r in _paired({"compare": False}, {"compare": True}):
        for more in re.finditer(r"has (\d+) days; (\d+) is more than \1, so \2 - \1 ", r.rationale):
            assert int(more.group(2)) > int(more.group(1)), r.rationale
        undone = re.sub(r"has (\d+) days; (\d+) is more than \1, so \2 - ", r"has \1 days; \2 - ", r.rationale)
        stop = re.search(r" (?:\d+ ends in [^.;]*?, so )?([A-Z][a-z]+ \d+) has (\d+) days; (\d+) is not more than "
                         r"\2\.( So ([A-Z][a-z]+) (\d+), (\d+)\.)$", undone)
        if stop:  # the stop names the month and day the walk ends on, and holds
            forward += 1
            assert stop.group(1) == f"{stop.group(5)} {stop.group(7)}" and stop.group(3) == stop.group(6)
            assert 1 <= int(stop.group(3)) <= int(stop.group(2))
            undone = undone[:stop.start()] + stop.group(4)
        assert undone == p.rationale, (p.rationale, r.rationale)
        assert bool(stop) == (" + " in p.rationale.split(": ", 1)[1].split(".")[0]), r.rationale
    assert forward > 100 and get_specialist("date_add_days").Options().compare is True


def test_compare_back_option_writes_the_shift_against_the_day_before_the_first_sum_back():
    from specialists.date_add_days import add_days_rationale

    assert add_days_rationale(dt.date(1740, 5, 19), -21, "plain", compare_back=True)[1] == (
        "21 is more than 19: 21 - 19 = 2, so 19 - 21 = -2. April 1740 has 30 days; -2 + 30 = 28. So April 28, 1740.")
    assert add_days_rationale(dt.date(1740, 5, 19), -19, "plain", compare_back=True)[1] == (
        "19 is not more than 19: 19 - 19 = 0. April 1740 has 30 days; 0 + 30 = 30. So April 30, 1740.")
    # walking forward, nothing is compared before the first sum
    assert add_days_rationale(dt.date(1740, 5, 19), 21, "plain", compare_back=True) == add_days_rationale(
        dt.date(1740, 5, 19), 21, "plain")
    back = 0
    for p, r in _paired({}, {"compare_back": True}):
        head = re.search(r"days: (\d+) is (not )?more than (\d+): (\d+) - ", r.rationale)
        if head:  # the shift against the day, and the subtraction that comparison calls for written first
            back += 1
            shift, day = int(head.group(1)), int(head.group(3))
            assert (shift, day) == (p.params["n"], p.params["start"].day) and not p.params["forward"]
            assert (head.group(2) is None) == (shift > day) and int(head.group(4)) == max(shift, day), r.rationale
        assert bool(head) == (not p.params["forward"]), r.rationale
        assert re.sub(r"days: \d+ is (?:not )?more than \d+: ", "days: ", r.rationale) == p.rationale
    assert back > 100 and get_specialist("date_add_days").Options().compare_back is False


@pytest.mark.parametrize("family", ["days_between", "business_days"])
def test_month_walks_take_the_sums_and_leap_rule_options(family):
    """days_between and business_days walk months as date_add_days does, and take its `sums` and `leap_rule`:
    the chains hold and collapse to the plain sums, and each February used is derived just before its step."""
    from specialists._dates import days_between_steps

    assert days_between_steps(dt.date(2024, 1, 25), dt.date(2024, 3, 3), "carry", True)[1] == (
        "To the end of January 2024: 31 - 25 = 31 - 20 - 1 - 4 = 11 - 1 - 4 = 10 - 4 = 6. 2024 ends in 24, and the "
        "20s' multiples of 4 are 20, 24, 28: a leap year, so February 2024 has 29 days. February 2024: 6 + 29 = "
        "6 + 20 + 4 + 5 = 26 + 4 + 5 = 20 + 10 + 5 = 30 + 5 = 35. Then 3 days into March 2024: 35 + 3 = 38.")
    # within one month February's length is not used, so it is not derived
    assert days_between_steps(dt.date(1900, 2, 5), dt.date(1900, 2, 23), "chain", True) == (
        18, "Same month: 23 - 5 = 23 - 3 - 2 = 20 - 2 = 18.")
    changed = febs = 0
    for p, r in _paired({}, {"sums": "carry", "leap_rule": True}, 300, family):
        claims = arithmetic_claims(r.rationale)
        assert claims and all(len(set(v)) == 1 for _, v in claims), r.rationale
        undone = re.sub(r"\d+ ends in [^.]*?, so February \d+ has \d+ days\. ", "", r.rationale)
        febs += undone != r.rationale
        undone = re.sub(r"(\d+ [-+] \d+) = (?:\d+(?: [-+] \d+)+ = )*(\d+)(?=\.)", r"\1 = \2", undone)
        assert undone == p.rationale, (p.rationale, r.rationale)
        changed += r.rationale != p.rationale
    assert changed > 150 and febs > 20
    assert get_specialist(family).Options().sums == "plain" and get_specialist(family).Options().leap_rule is False
    with pytest.raises(SKDError, match="sums='chains' unknown: use one of plain, chain, carry"):
        get_specialist(family).from_config({"sums": "chains"})


def test_days_between_compare_names_both_dates_and_decides_each_month_against_the_end():
    """compare=True (days_between) writes both dates with the month named, then each month step opens with its
    month and the right decision against the end's month; the sums are the plain walk's, which comes back when
    those sentences are taken out again."""
    from specialists._dates import days_between_steps

    assert days_between_steps(dt.date(2024, 5, 3), dt.date(2024, 5, 20), compare=True) == (
        17, "From May 3, 2024 to May 20, 2024. May 2024 is the end month: 20 - 3 = 17.")
    assert days_between_steps(dt.date(2023, 12, 5), dt.date(2024, 1, 1), compare=True)[1] == (
        "From December 5, 2023 to January 1, 2024. December 2023 is before January 2024, to its end: 31 - 5 = 26. "
        "January 2024 is the end month, 1 day into it: 26 + 1 = 27.")
    same = 0
    for p, r in _paired({"compare": False, "read_dates": False, "quote": False}, {"compare": True}, 300, "days_between"):
        m = re.fullmatch(r"From (\w+ \d+, \d+) to (\w+ \d+, \d+)\. (.*)", r.rationale)
        a, b = (dt.datetime.strptime(d, "%B %d, %Y").date() for d in m.group(1, 2))
        rest = m.group(3)
        assert (a, b) == (r.params["start"], r.params["end"]), r.rationale
        end = f"{calendar.month_name[b.month]} {b.year}"
        months = re.findall(r"(\w+ \d+) is (before|the end month)", rest)
        assert months[-1] == (end, "the end month") and all(d == "before" for _, d in months[:-1]), r.rationale
        assert all(f"is before {end}" in s for s in re.findall(r"\w+ \d+ is before \w+ \d+", rest)), r.rationale
        assert months[0][0] == f"{calendar.month_name[a.month]} {a.year}", r.rationale
        undone = re.sub(r"(\w+ \d+) is the end month, (\d+) days? into it", r"Then \2 days into \1", rest)
        undone = re.sub(r"(\w+ \d+) is before \w+ \d+, to its end", r"To the end of \1", undone)
        undone = re.sub(r"(\w+ \d+) is before \w+ \d+", r"\1", undone)
        undone = re.sub(r"\w+ \d+ is the end month", "Same month", undone)
        same += undone.startswith("Same month")
        assert undone == p.rationale and r.answer == p.answer, (p.rationale, r.rationale)
        claims = arithmetic_claims(r.rationale)
        assert claims and all(len(set(v)) == 1 for _, v in claims), r.rationale
    assert same > 5 and get_specialist("days_between").Options().compare is True


def test_days_between_weeks_digits_takes_the_remainder_by_the_digits_then_the_multiple_of_7():
    from specialists.days_between import weeks_steps

    assert weeks_steps(72, "digits") == ("72 mod 7 (a ten leaves 3): 72: 7 x 3 = 21, 21 + 2 = 23; 23: 2 x 3 = 6, 6 + 3 "
                                         "= 9; 9 - 7 = 2. 72 - 2 = 70 = 10 x 7, so 10 full weeks.")
    assert weeks_steps(8, "digits") == "8 mod 7 (a ten leaves 3): 8 - 7 = 1. 8 - 1 = 7 = 1 x 7, so 1 full week."
    assert weeks_steps(72) == "72 = 10 x 7 + 2, so 10 full weeks."
    assert weeks_steps(8) == "8 = 1 x 7 + 1, so 1 full week."
    weeks = 0
    for p, r in _paired({}, {"weeks": "digits"}, 300, "days_between"):
        if p.params["qtype"] != "weeks":
            assert r.rationale == p.rationale
            continue
        weeks += 1
        walk, days = r.rationale.split(" mod 7 ")[0].rsplit(" ", 1)  # the walk, then "72 mod 7 ..."
        assert p.rationale == (f"{walk} {days} = {int(days) // 7} x 7 + {int(days) % 7}, so {r.answer} full "
                               f"week{'s' * (r.answer != '1')}.")
        assert r.rationale.endswith(f"= {r.answer} x 7, so {r.answer} full week{'s' * (r.answer != '1')}.")
        claims = arithmetic_claims(r.rationale)
        assert claims and all(len(set(v)) == 1 for _, v in claims), r.rationale
    assert weeks > 50 and get_specialist("days_between").Options().weeks == "divide"
    with pytest.raises(SKDError, match="weeks='mod' unknown: use one of divide, digits"):
        get_specialist("days_between").from_config({"weeks": "mod"})


def test_days_between_restate_says_what_is_counted_first_and_changes_nothing_else():
    for p, r in _paired({"compare": True, "quote": False}, {"restate": True}, 300, "days_between"):
        said = {"days": "Counting days. ", "inclusive": "Counting days, both ends. ", "weeks": "Counting full weeks. "}
        assert r.rationale == said[p.params["qtype"]] + p.rationale
    assert get_specialist("days_between").Options().restate is False


def test_days_between_quote_copies_the_words_that_say_what_is_counted_then_restates_it():
    from specialists.days_between import COUNTING, CUES

    cls = get_specialist("days_between")
    for qtype, group in cls.templates.items():  # every template, held-out ones too, holds a cue of its own type
        assert all(any(c in t for c in CUES[qtype]) for t in group), qtype
    quoted = Counter()
    for heldout in (False, True):
        restated = cls.from_config({"restate": True, "quote": False}).examples(300, 3, heldout)
        for p, q in zip(restated, cls.from_config({"quote_meaning": None}).examples(300, 3, heldout)):
            assert (q.question, q.answer) == (p.question, p.answer)
            m = re.fullmatch(r'Asked: "([^"]+)"\. (.*)', q.rationale)
            assert m and m[1] in CUES[p.params["qtype"]] and m[1] in q.question and m[2] == p.rationale, q.rationale
            quoted[m[1]] += 1
    assert quoted["inclusive"] > 10 and quoted["entire weeks"] > 10 and len(quoted) == 13
    # `skd solve` has no question to quote from: restate's sentence alone
    assert cls.from_config({}).solve_args_checked(
        {"start": "2024-05-03", "end": "2024-05-10", "count": "inclusive"})[1].startswith(COUNTING["inclusive"])
    assert cls.Options().quote is True


@pytest.mark.parametrize("form", ["colon", "sentence"])
def test_days_between_quote_meaning_says_what_the_quoted_words_mean_right_after_them(form):
    from specialists.days_between import COUNTING, MEANING

    cls = get_specialist("days_between")
    firsts = {m.split()[0] for m in MEANING.values()}
    assert len(firsts) == 3  # each type's meaning differs at its first word: the count is decided there
    for heldout in (False, True):
        quoted = cls.from_config({"quote_meaning": None}).examples(300, 3, heldout)
        for p, q in zip(quoted, cls.from_config({"quote_meaning": form}).examples(300, 3, heldout)):
            assert (q.question, q.answer) == (p.question, p.answer)
            qtype = p.params["qtype"]
            m = re.fullmatch(r'(Asked: "[^"]+")\. ' + re.escape(COUNTING[qtype]) + " (.*)", p.rationale)
            meaning = MEANING[qtype] if form == "colon" else MEANING[qtype].capitalize()
            assert m and q.rationale == f"{m[1]}{':' if form == 'colon' else '.'} {meaning} {m[2]}", q.rationale
    # `skd solve` has no question to quote: restate's sentence, as with quote alone
    assert cls.from_config({"quote_meaning": form}).solve_args_checked(
        {"start": "2024-05-03", "end": "2024-05-10", "count": "inclusive"})[1].startswith(COUNTING["inclusive"])
    # without quote there is nothing to say the meaning of: the same records as quote: false alone
    unquoted = cls.from_config({"quote": False, "quote_meaning": None}).examples(100, 3)
    assert cls.from_config({"quote_meaning": form, "quote": False}).examples(100, 3) == unquoted
    with pytest.raises(SKDError, match="quote_meaning='yes' unknown: use one of colon, sentence"):
        cls.from_config({"quote_meaning": "yes"})
    assert cls.Options().quote_meaning == "sentence"  # sessions 33-34: 318 and 317 of 400 against quote's 298 and 292


def test_days_between_read_dates_reads_each_numeric_date_in_its_stated_order_and_changes_nothing_else():
    from specialists._dates import fmt_date, read_numeric

    d = dt.date(2024, 5, 3)
    assert read_numeric(fmt_date(d, "mdy_num"), d) == "05/03/2024 (MM/DD/YYYY) reads month 05, day 03: May 3, 2024."
    assert read_numeric(fmt_date(d, "dmy_num"), d) == "03/05/2024 (DD/MM/YYYY) reads day 03, month 05: May 3, 2024."
    assert read_numeric(fmt_date(d, "iso"), d) == read_numeric(fmt_date(d, "mdy"), d) == ""
    with pytest.raises(AssertionError, match="is not 2024-03-05"):  # never a reading of another date
        read_numeric(fmt_date(d, "mdy_num"), dt.date(2024, 3, 5))
    read = 0
    for p, r in _paired({"read_dates": False, "quote": False}, {"read_dates": True}, 300, "days_between"):
        numeric = [x for x in (p.params["a"], p.params["b"]) if x.endswith("/YYYY)")]
        reads = re.findall(r"(\S+ \(\w+/\w+/YYYY\)) reads \w+ \d+, \w+ \d+: \w+ \d+, \d+\. ", r.rationale)
        assert reads == numeric and r.rationale.endswith(p.rationale), (p.question, r.rationale)
        read += bool(reads)
    assert read > 60 and get_specialist("days_between").Options().read_dates is True


@pytest.mark.parametrize("family, key", [("weekday", "d"), ("date_add_days", "start"), ("date_add_months", "start"),
                                         ("iso_week", "d"), ("relative_date", "d")])
def test_read_dates_reads_a_numeric_date_of_the_question_first_and_changes_nothing_else(family, key):
    """read_dates (on by default in weekday, off in the other four): on, the rationale opens with days_between's
    reading of the question's numeric date; with the date in words or ISO, or not in the question
    (relative_date's month questions name only the month), the rationale is unchanged."""
    read = unshown = 0
    for p, r in _paired({"read_dates": False}, {"read_dates": True}, 300, family):
        d, text = p.params[key], p.params["date"]
        if text.endswith("/YYYY)") and text in p.question:
            order = "month {:02d}, day {:02d}" if "(MM/DD/YYYY)" in text else "day {1:02d}, month {0:02d}"
            said = f"{text} reads {order.format(d.month, d.day)}: {d:%B} {d.day}, {d.year}. "
            quote = re.match(r'Asked: "[^"]+"\. ', p.rationale)  # a quote (date_add_months') comes first
            at = quote.end() if quote else 0
            assert r.rationale == p.rationale[:at] + said + p.rationale[at:], (p.question, r.rationale)
            read += 1
        else:
            assert r.rationale == p.rationale
            unshown += text.endswith("/YYYY)")
    # on by default in weekday since session 35 (and in days_between, its own test above)
    assert read > 25 and get_specialist(family).Options().read_dates is (family == "weekday")
    # relative_date's month questions hold a numeric date text in their params, never read
    assert (unshown > 0) == (family == "relative_date")


def test_edge_cases_leap_day_and_midnight():
    from specialists.clock_add_minutes import shift_rationale
    from specialists.date_add_days import add_days_rationale

    assert add_days_rationale(dt.date(2024, 2, 28), 1)[0] == dt.date(2024, 2, 29)
    assert add_days_rationale(dt.date(2023, 2, 28), 1)[0] == dt.date(2023, 3, 1)
    assert add_days_rationale(dt.date(2000, 1, 1), -1)[0] == dt.date(1999, 12, 31)
    assert add_days_rationale(dt.date(1900, 3, 1), -1)[0] == dt.date(1900, 2, 28)  # 1900 is not a leap year
    assert shift_rationale(23 * 60 + 59, 1)[0] == 0
    assert shift_rationale(0, -1)[0] == 23 * 60 + 59


def test_clock_steps_hold_and_wrap_at_most_once_within_a_day():
    """Every shift up to the option's 10,000 minutes: right result, every equation holds, one carry per unit."""
    from specialists.clock_add_minutes import shift_rationale

    seen = 0
    for start, subtract, borrow in itertools.product(range(0, 24 * 60, 37), (False, True), (False, True)):
        for delta in [*range(-10_000, 10_001, 97), -1, 1, 60, -60, 1440, -1440]:
            reached, text = shift_rationale(start, delta, subtract, borrow)
            assert reached == (start + delta) % 1440, (start, delta)
            claims = arithmetic_claims(text)
            assert claims and all(len(set(v)) == 1 for _, v in claims), text
            assert text.count(", one hour") <= 1, text
            if not borrow:  # (whose "= 74; 74 - 24 = 50" takes 24 minutes, no wrap)
                # "= 67; 67 - 60 = 7", "= -5; -5 + 24 = 19" (not the split's "= 60; 106 - 60 = 46")
                wraps = [w for _, w in re.findall(r"= (-?\d+); \1 [-+] (60|24) = ", text)]
                assert wraps.count("60") <= 1 and wraps.count("24") <= 1, text
                seen += len(wraps)
            if abs(delta) < 1440:  # within a day: a plain wrap, no division by 24
                assert "x 24" not in text, text
    assert seen > 10_000  # the pattern finds the wraps it bounds


def test_split_off_writes_the_remainder_as_one_equation_or_as_its_own_subtraction():
    from specialists._dates import split_off

    assert split_off(262, 60) == (4, 22, "262 = 4 x 60 + 22")
    assert split_off(262, 60, subtract=True) == (4, 22, "262: 4 x 60 = 240; 262 - 240 = 22")
    assert split_off(21286, 3600, subtract=True) == (5, 3286, "21286: 5 x 3600 = 18000; 21286 - 18000 = 3286")
    assert split_off(59, 60, subtract=True) == (0, 59, "59: 0 x 60 = 0; 59 - 0 = 59")
    assert split_off(59, 60, subtract=True, lead=True) == (0, 59, "59: 0 x 60 = 0; 59 - 0 = 59")
    assert split_off(17498, 3600, subtract=True, lead=True)[2] == (
        "17498: 4 x 3600 = 14400; 17498 - 14400: 17 - 14 = 3, so 3498; 34 - 4 = 30, so 3098")


def test_duration_brackets_splits_in_hundreds_by_table_rows_and_changes_nothing_else():
    """brackets rewrites from_seconds' rationale only: for 5,000 random durations (and the edges) each bracket
    holds (the rows are its table's, consecutive, and hold the number), each subtraction holds on numbers under
    600, the seconds left are the difference's hundreds with the number's last two digits, and the three
    quotients reach the answer; paired with the defaults nothing else changes; it is off by default and
    refused beside lead_digits or ladder."""
    from specialists.duration import bracket_steps

    row = re.compile(r"(\d+) (h|min) = (\d+) (?:hundreds|s), (\d+) (?:h|min) = (\d+); (\d+) <= (\d+) < (\d+), so "
                     r"(\d+) (?:h|min)")
    tables = {"Hours": (1, 36), "Tens of minutes": (10, 6), "Minutes": (1, 60)}
    rng = random.Random(0)
    for n in [1, 59, 60, 99, 100, 3599, 3600, 36000, 43199, 43200] + [rng.randint(1, 43200) for _ in range(5000)]:
        text = bracket_steps(n)
        assert text.startswith(f"{n} s is {n // 100} hundreds and {n % 100:02d}. "), text
        steps = dict(re.findall(r"(Hours|Tens of minutes|Minutes): ([^.]+)\.", text))
        got = {}
        for name, (per, step) in tables.items():
            k, unit, lo, k1, hi, lo2, x, hi2, said = row.fullmatch(steps[name]).groups()
            assert int(k1) - int(k) == per and int(lo) == int(k) // per * step and int(hi) == int(lo) + step, text
            assert (lo, hi) == (lo2, hi2) and int(lo) <= int(x) < int(hi) and said == k, text
            got[name] = int(k) // per
        subs = re.findall(r"(\d+) - (\d+) = (\d+)", text)
        assert len(subs) == 3 and all(int(a) - int(b) == int(c) and int(a) < 600 for a, b, c in subs), text
        lefts = re.findall(r", so (\d+) s left", text)
        assert [int(x) for x in lefts] == [int(subs[0][2]) * 100 + n % 100, int(subs[1][2]) * 100 + n % 100], text
        h, t, m = got["Hours"], got["Tens of minutes"], got["Minutes"]
        assert h * 3600 + t * 600 + m * 60 + int(subs[2][2]) == n, text
        assert text.endswith(f"{10 * t} + {m} = {10 * t + m} min."), text
    _check_from_seconds_form("brackets", bracket_steps)


def _check_from_seconds_form(option: str, steps: Callable[[int], str]) -> None:
    """`option` (off by default) writes from_seconds' rationale as `steps(seconds)` writes it, every equation
    in it holding, changes no other question type, and is refused beside each other from_seconds form with
    one message naming the pair."""
    from specialists.duration import FROM_SECONDS_FORMS

    changed = 0
    for p, r in _paired({}, {option: True}, 300, "duration"):
        if p.params["qtype"] != "from_seconds":
            assert r.rationale == p.rationale
            continue
        assert r.rationale == f"{steps(p.params['sa'])} So {r.answer}." and r.answer == p.answer
        assert all(len(set(v)) == 1 for _, v in arithmetic_claims(r.rationale)), r.rationale
        changed += 1
    assert changed > 50 and getattr(get_specialist("duration").Options(), option) is False
    for other in (o for o in FROM_SECONDS_FORMS if o != option):
        pair = " and ".join(n for n in FROM_SECONDS_FORMS if n in (other, option))
        with pytest.raises(SKDError, match=f"'duration': {pair} cannot be set together"):
            get_specialist("duration").from_config({option: True, other: True})


def check_long_division(n: int, text: str, running: bool = False, to_come: bool = False) -> tuple[int, int, int]:
    """Reads `long_division_steps`' text for n seconds on its own terms: each number split into its tens and
    units digit, each long-division step of the tens by 6 (the first on the leading digits up to 6 or more,
    each later one the remainder and the tens' next digit), the quotient its steps' digits, the remainder and
    units digit summed; with `running` each step ends with the quotient so far, its digits up to it; with
    `to_come` each number divided is followed by the tens' digits after it, or "none"; returns (h, min, s)."""
    x, got = n, []
    for big, small, part in zip(("min", "h"), ("s", "min"), text.split(" min is "), strict=True):
        m = re.search(rf"(\d+) {small} is (\d+) tens and (\d) {small}\. (\d+) / 6: (.*?)\. So (\d+) {big} and "
                      rf"(\d) tens and (\d) {small}: (\d+) \+ (\d) = (\d+) {small}\.", part if small == "s" else
                      f"{x} min is {part}")
        assert m, part
        written, tens, unit, tens2, steps, q, r, unit2, r10, unit3, total = m.groups()
        assert int(written) == x and tens == tens2 == str(x // 10) and int(unit) == x % 10 == int(unit2) == int(unit3)
        digits, rem, pos = [], None, None
        for step in steps.split("; "):
            sm = re.fullmatch(r"(?:(\d) and (\d) make )?(\d+)" + (r", ((?:\d )*\d|none) to come" if to_come else
                              r"()") + r": (\d) x 6 = (\d+), (\d+) - (\d+) = (\d)"
                              + (r", quotient (\d+)" if running else ""), step)
            assert sm, step
            prev, nxt, part_, come, d, prod, a, b, left = sm.groups()[:9]
            if prev is None:
                assert rem is None and (int(part_) >= 6 or part_ == tens) and tens.startswith(part_), step
                pos = len(part_)
            else:
                assert int(prev) == rem and nxt == tens[pos] and int(part_) == 10 * rem + int(nxt), step
                pos += 1
            assert not to_come or come == (" ".join(tens[pos:]) or "none"), step
            assert int(d) * 6 == int(prod) and a == part_ and b == prod and int(a) - int(b) == int(left) < 6, step
            digits.append(d)
            assert not running or int(sm[10]) == int("".join(digits)), step
            rem = int(left)
        assert pos == len(tens) and int("".join(digits)) == int(q) and int(r) == rem, text
        assert int(r10) == 10 * rem and int(total) == int(r10) + int(unit) < 60, text
        got.append(int(total))
        x = int(q)
    return x, got[1], got[0]


def test_duration_long_division_divides_the_tens_by_6_a_digit_at_a_time():
    """from_seconds' `long_division` divides by 60 twice as the tens divided by 6, each step a product from 6's
    table and a subtraction under 60; read on its own terms (every step, the digit brought down, the quotient
    its steps' digits) it reaches the time divmod gives, for every number of seconds up to 12 h. Only
    from_seconds changes; off by default; refused beside the other from_seconds forms."""
    from specialists.duration import long_division_steps

    for n in range(1, 12 * 3600 + 1):
        text = long_division_steps(n)
        assert check_long_division(n, text) == (n // 3600, n % 3600 // 60, n % 60), text
    slipped = long_division_steps(21286).replace("5 x 6 = 30, 32 - 30 = 2", "5 x 6 = 30, 32 - 30 = 3")
    with pytest.raises(AssertionError):
        check_long_division(21286, slipped)
    _check_from_seconds_form("long_division", long_division_steps)


def _only_long_division_changes(option: str, steps: Callable[[int], str]) -> None:
    """`option` on its own changes only from_seconds' rationale from long_division's, to `steps` of its
    seconds; it turns long_division on, and is off by default."""
    pairs = _paired({"long_division": True}, {option: True}, 300, "duration")
    for p, r in pairs:
        if p.params["qtype"] != "from_seconds":
            assert r.rationale == p.rationale
        else:
            assert r.rationale == f"{steps(p.params['sa'])} So {r.answer}.", r.rationale
    assert sum(p.params["qtype"] == "from_seconds" for p, _ in pairs) > 50
    assert get_specialist("duration").Options(**{option: True}).long_division is True  # turned on
    assert getattr(get_specialist("duration").Options(), option) is False


def test_duration_running_quotient_writes_the_quotient_so_far_after_each_step():
    """`running_quotient` ends each of long_division's steps with the quotient so far (its digits up to that
    step), the rest unchanged, read on its own terms for every 7th number of seconds up to 12 h; only
    from_seconds changes; on its own it turns long_division on."""
    from specialists.duration import long_division_steps

    for n in range(1, 12 * 3600 + 1, 7):
        text = long_division_steps(n, True)
        assert check_long_division(n, text, running=True) == (n // 3600, n % 3600 // 60, n % 60), text
        assert re.sub(r", quotient \d+", "", text) == long_division_steps(n)
    assert "quotient 3; 3 and 2 make 32: 5 x 6 = 30, 32 - 30 = 2, quotient 35; " in long_division_steps(21286, True)
    slipped = long_division_steps(21286, True).replace("quotient 35;", "quotient 53;")
    with pytest.raises(AssertionError):
        check_long_division(21286, slipped, running=True)
    _only_long_division_changes("running_quotient", partial(long_division_steps, running=True))
    with pytest.raises(SKDError, match=r"'duration': brackets and long_division cannot be set together: .* \(running_"
                                       r"quotient turns long_division on\)$"):
        get_specialist("duration").from_config({"running_quotient": True, "brackets": True})


def test_duration_digits_to_come_names_the_digits_left_after_each_number_divided():
    """`digits_to_come` follows each number long division divides with the digits still to be brought down
    (or "none"), the rest unchanged, read on its own terms for every 7th number of seconds up to 12 h, with
    and without running_quotient; only from_seconds changes; on its own it turns long_division on."""
    from specialists.duration import long_division_steps

    for n in range(1, 12 * 3600 + 1, 7):
        for running in (False, True):
            text = long_division_steps(n, running, True)
            assert check_long_division(n, text, running, True) == (n // 3600, n % 3600 // 60, n % 60), text
            assert re.sub(r", (?:(?:\d )*\d|none) to come", "", text) == long_division_steps(n, running)
    assert "/ 6: 21, 2 8 to come: 3 x 6 = 18, 21 - 18 = 3; 3 and 2 make 32, 8 to come: 5 x 6 = 30, 32 - 30 = 2; " \
        "2 and 8 make 28, none to come: " in long_division_steps(21286, False, True)
    slipped = long_division_steps(21286, False, True).replace("32, 8 to come", "32, 2 8 to come")
    with pytest.raises(AssertionError):
        check_long_division(21286, slipped, to_come=True)
    _only_long_division_changes("digits_to_come", partial(long_division_steps, to_come=True))
    with pytest.raises(SKDError, match=r"'duration': lead_digits and long_division cannot be set together: .* \(digits_"
                                       r"to_come turns long_division on\)$"):
        get_specialist("duration").from_config({"digits_to_come": True, "lead_digits": True})


def test_lead_sub_takes_one_place_at_a_time_and_reaches_the_difference():
    """The subtractions from_seconds' two splits make for 5,000 random durations (a multiple of 3600, then
    of 60, under n): each step takes one digit of m (its thousands whole) from the leading digits of what is
    left, holds, and the last result is n - m."""
    from specialists._dates import lead_sub

    rng = random.Random(0)
    for _ in range(5000):
        n = rng.randint(0, 43200)
        for m in (n // 3600 * 3600, n % 3600 // 60 * 60):
            text = lead_sub(n, m)
            steps = re.findall(r"(\d+) - (\d+) = (\d+)(?:, so (\d+))?", text.split(": ", 1)[-1])
            assert steps and all(int(a) - int(b) == int(c) for a, b, c, _ in steps), text
            assert all(len(b) <= 2 for _, b, _, _ in steps) and int(steps[-1][3] or steps[-1][2]) == n - m, text
    with pytest.raises(AssertionError):
        lead_sub(5, 6)


CLOCK_OFF = {"subtract_remainder": False, "borrow": False, "restate_start": False}


def test_clock_subtract_remainder_borrow_and_restate_start_change_only_their_steps():
    """subtract_remainder writes the split's remainder as a subtraction; borrow takes minutes past the hour
    without a negative number; restate_start opens with the start, on both clocks for a 12-hour question;
    each changes nothing else, and all three are on by default (since session 39)."""
    split = re.compile(r"(\d+) = (\d+) x 60 \+ (\d+):")
    subtracted = 0
    for p, r in _paired(CLOCK_OFF, {"subtract_remainder": True}, 300, "clock_add_minutes"):
        m = split.search(p.rationale)
        if m:
            n, q, rest = map(int, m.groups())
            said = f"{n}: {q} x 60 = {q * 60}; {n} - {q * 60} = {rest}:"
            assert r.rationale == p.rationale.replace(m[0], said) and q * 60 + rest == n, r.rationale
            subtracted += 1
        else:  # a shift under an hour has no split
            assert r.rationale == p.rationale and p.params["m"] < 60
        assert all(len(set(v)) == 1 for _, v in arithmetic_claims(r.rationale)), r.rationale
    assert subtracted > 200
    for p, r in _paired(CLOCK_OFF, {"restate_start": True}, 300, "clock_add_minutes"):
        t = p.params["t"]
        if p.params["qtype"] == "12h":  # the 24-hour reading was there already: only "Start: " is new
            assert p.rationale.startswith(f"{t} = ") and r.rationale == "Start: " + p.rationale, r.rationale
        else:
            assert r.rationale == f"Start: {t}. {p.rationale}", r.rationale
    def borrowed(m: re.Match) -> str:
        a, b, _, got = map(int, m.groups())
        return f"Minutes: {a} - {b} needs a borrow: {a} + 60 = {a + 60}; {a + 60} - {b} = {got}, one hour less."

    pairs = _paired(CLOCK_OFF, {"borrow": True}, 300, "clock_add_minutes")
    negative = r"Minutes: (\d+) - (\d+) = (-\d+); -\d+ \+ 60 = (\d+), one hour less\."
    assert _rewrites_one_step(pairs, negative, borrowed) > 50
    o = get_specialist("clock_add_minutes").Options()
    assert o.subtract_remainder is True and o.restate_start is True and o.borrow is True  # since session 39
    chained = 0
    for p, r in _paired({}, {"sums": "carry"}, 300, "clock_add_minutes"):  # only the minutes step changes
        before, after = (re.search(r"Minutes: [^.]*\.", x.rationale)[0] for x in (p, r))
        assert r.rationale == p.rationale.replace(before, after), r.rationale
        assert all(len(set(v)) == 1 for _, v in arithmetic_claims(after)), after
        chained += after != before
    assert chained > 150 and o.sums == "plain"
    with pytest.raises(ValueError, match="sums='long' unknown"):
        get_specialist("clock_add_minutes").Options(sums="long")


def test_column_sub_is_single_digit_facts_that_reach_the_difference():
    """column_sub: every x - y under 200 written as the units' fact (a ten borrowed where they need it) and the
    tens' fact, each equation holding and the result the difference; a number under 10 is its fact alone."""
    for x in range(200):
        for y in range(x + 1):
            text = column_sub(x, y)
            assert text.endswith(f" {x - y}") and all(len(set(v)) == 1 for _, v in arithmetic_claims(text)), text
            facts = re.findall(r"(\d+)(?: - 1)? - (\d) = ", text)
            assert facts and all(int(b) < 10 and int(a) < 20 for a, b in facts), text
    assert column_sub(34, 25) == "34 - 25: 4 - 5 needs a ten: 14 - 5 = 9; 3 - 1 - 2 = 0; so 9"
    assert column_sub(108, 51) == "108 - 51: 8 - 1 = 7; 10 - 5 = 5; so 57" and column_sub(7, 6) == "7 - 6 = 1"
    with pytest.raises(AssertionError, match="24 - 51 is not"):
        column_sub(24, 51)


def test_duration_columns_rewrites_only_subs_subtractions():
    """columns rewrites sub's seconds and minutes subtractions a column at a time, leaves its hours and every
    other question type as they were, every equation holds; off by default, and refused without two_term."""
    changed = tens = 0
    for p, r in _paired({}, {"columns": True}, 300, "duration"):
        if p.params["qtype"] != "sub":
            assert r.rationale == p.rationale
            continue
        assert all(len(set(v)) == 1 for _, v in arithmetic_claims(r.rationale)), r.rationale
        assert r.rationale.split("Hours: ")[1] == p.rationale.split("Hours: ")[1]
        for unit in ("Seconds", "Minutes"):  # each step reaches the number it reached before
            before, after = (re.search(unit + r": [^.]*\.", x.rationale)[0] for x in (p, r))
            assert re.findall(r"\d+", before)[-1] == re.findall(r"\d+", after)[-1], (before, after)
        tens += "needs a ten" in r.rationale
        changed += 1
    assert changed > 50 and tens > 30 and get_specialist("duration").Options().columns is False
    with pytest.raises(SKDError, match="columns needs two_term"):
        get_specialist("duration").from_config({"columns": True, "two_term": False})


def test_duration_lead_digits_changes_only_from_seconds_subtractions():
    """lead_digits rewrites from_seconds' subtractions only, every equation still holds, and it is off."""
    changed = 0
    for p, r in _paired({}, {"lead_digits": True}, 300, "duration"):
        if p.params["qtype"] != "from_seconds":
            assert r.rationale == p.rationale
            continue
        assert r.rationale != p.rationale and r.rationale.split(": ")[0] == p.rationale.split(": ")[0]
        assert all(len(set(v)) == 1 for _, v in arithmetic_claims(r.rationale)), r.rationale
        changed += 1
    assert changed > 50 and get_specialist("duration").Options().lead_digits is False


def test_duration_ladder_counts_up_the_multiples_of_3600_and_changes_nothing_else():
    """ladder writes from_seconds' quotient by 3600 as a count of its multiples, each with its count, up to
    the first past the number; only that step changes, every equation still holds, and it is off."""
    from specialists._dates import split_off

    counted = 0
    for p, r in _paired({}, {"ladder": True}, 300, "duration"):
        if p.params["qtype"] != "from_seconds":
            assert r.rationale == p.rationale
            continue
        n, q = p.params["sa"], p.params["sa"] // 3600
        ladder = "".join(f"{k * 3600} ({k}), " for k in range(1, q + 2))[:-2]
        assert r.rationale == p.rationale.replace(f"{n}: ", f"{n}: {ladder} is more than {n}, so ", 1), r.rationale
        assert all(len(set(v)) == 1 for _, v in arithmetic_claims(r.rationale)), r.rationale
        counted += 1
    assert counted > 50 and get_specialist("duration").Options().ladder is False
    under_an_hour = "2001: 3600 (1) is more than 2001, so 0 x 3600 = 0; 2001 - 0 = 2001"
    assert split_off(2001, 3600, True, ladder=True)[2] == under_an_hour
    assert split_off(2001, 3600, ladder=True)[2] == "2001 = 0 x 3600 + 2001"  # only with the subtraction


def test_month_restate_and_year_digits_change_only_their_steps():
    """month_shift's restate opens with the start and the whole shift; year_digits (month_shift and
    date_add_months) names the year's last two digits before the year step; nothing else changes, every
    equation still holds. month_shift has both on by default since session 40, date_add_months since 41."""
    named = 0
    for family, changed in (("month_shift", {"restate": True, "year_digits": True}),
                            ("date_add_months", {"year_digits": True})):
        off = {**dict.fromkeys(changed, False), **({"quote": False} if family == "date_add_months" else {})}
        for p, r in _paired(off, changed, 300, family):
            expected = p.rationale
            if family == "month_shift":
                q = p.params
                expected = f"From {q['month']}, {q['span']} {'forward' if q['forward'] else 'back'}. {expected}"
            year = p.params["year"] if family == "month_shift" else p.params["start"].year
            m = re.search(rf"(?<=[.:] ){year % 100} [-+] \d+", p.rationale)
            if m:  # the year step: its first number is the year's last two digits, now named
                at = m.start() + len(expected) - len(p.rationale)  # restate only adds a prefix
                expected = f"{expected[:at]}{year} ends in {year % 100:02d}: {expected[at:]}"
                named += 1
            assert r.rationale == expected, r.rationale
            assert all(len(set(v)) == 1 for _, v in arithmetic_claims(r.rationale)), r.rationale
        defaults = get_specialist(family).Options()
        assert all(getattr(defaults, k) is True for k in changed), family
    assert named > 300
    assert year_step(2349, -26, name_digits=True) == ("2349 ends in 49: 49 - 26 = 23, so 2323", 2323)
    assert year_step(2305, 3, name_digits=True)[0] == "2305 ends in 05: 5 + 3 = 8, so 2308"


def test_year_borrow_borrows_the_century_instead_of_a_negative_number():
    """year_borrow (date_add_months, month_shift) rewrites only a year step back past a century ("2 - 39 = -37 = -1 x 100 + 63, so century
    20 - 1 = 19") as a borrow with no negative number; every equation holds, and it is off by default."""
    def borrowed(m: re.Match) -> str:
        yy, moves, raw = m[1], m[2], int(m[3])
        return f"{yy} - {moves} needs a borrow: {yy} + 100 = {int(yy) + 100}; {int(yy) + 100} - {moves} = {raw + 100}"

    base = {"year_digits": True, "questions": ["years"], "year_two_term": False}  # the steps as session 41 had them
    pairs = _paired(base, {"year_borrow": True}, 400, "date_add_months")
    step = r"(\d+) - (\d+(?: - 1)?) = (-\d+) = -1 x 100 \+ \d+"
    assert _rewrites_one_step(pairs, step, borrowed) > 20
    assert not any(re.search(r"(?<![\d)]) -\d|= -", r.rationale) for _, r in pairs)  # no negative number left
    months = _paired({"questions": ["months"], "year_two_term": False}, {"year_borrow": True}, 400, "date_add_months")
    assert _rewrites_one_step(months, step, borrowed) > 0  # a months question can cross a century back too
    shifts = _paired({"year_two_term": False}, {"year_borrow": True}, 400, "month_shift")
    assert _rewrites_one_step(shifts, step, borrowed) > 10 and get_specialist("month_shift").Options().year_borrow is False
    assert year_step(1700, -1, -1, borrow=True) == (
        "0 - 1 - 1 needs a borrow: 0 + 100 = 100; 100 - 1 - 1 = 98, so century 17 - 1 = 16: 1698", 1698)
    assert year_step(1745, -2, -1, borrow=True) == year_step(1745, -2, -1)  # no century crossed: unchanged
    assert get_specialist("date_add_months").Options().year_borrow is False


def test_year_two_term_adds_the_years_and_the_wrap_one_at_a_time():
    """year_two_term (month_shift, date_add_months) rewrites only a year step with a month's wrap, "34 + 13 + 1 =
    48", as two sums, "34 + 13 = 47; 47 + 1 = 48"; every equation holds, with or without year_borrow. On by
    default since session 43."""
    def two(m: re.Match) -> str:
        a, op, b, op2, r = m[1], m[2], int(m[3]), m[4], m[5]
        mid = int(a) + (b if op == "+" else -b)
        return f"{a} {op} {b} = {mid}; {mid} {op2} 1 = {r}"

    step = r"(?<=: )(\d+) ([-+]) (\d+) ([-+]) 1 = (-?\d+)"
    off = {"year_two_term": False}
    assert _rewrites_one_step(_paired(off, {"year_two_term": True}, 400, "month_shift"), step, two) > 50
    months = _paired({**off, "questions": ["months"]}, {"year_two_term": True}, 400, "date_add_months")
    assert _rewrites_one_step(months, step, two) > 20
    years = _paired({**off, "questions": ["years"]}, {"year_two_term": True}, 200, "date_add_months")
    assert all(p.rationale == r.rationale for p, r in years)  # a years question has no wrap: nothing to split
    assert year_step(1700, -1, -1, borrow=True, two_term=True) == (
        "0 - 1 - 1 needs a borrow: 0 + 100 = 100; 100 - 1 = 99; 99 - 1 = 98, so century 17 - 1 = 16: 1698", 1698)
    assert year_step(1685, 22, 1, two_term=True)[0] == (
        "85 + 22 = 107; 107 + 1 = 108 = 1 x 100 + 8, so century 16 + 1 = 17: 1708")
    for family in ("month_shift", "date_add_months"):
        assert get_specialist(family).Options().year_two_term is True
        for e in get_specialist(family).from_config({"year_borrow": True}).examples(300, 4):
            assert all(len(set(v)) == 1 for _, v in arithmetic_claims(e.rationale)), e.rationale


def test_clock_two_term_hours_adds_the_hours_two_numbers_at_a_time_and_changes_nothing_else():
    """two_term_hours splits only a three-term hours sum (the shift's hours and a carried or borrowed 1) into
    two steps; every equation still holds, and it is off by default."""
    def two_steps(m: re.Match) -> str:
        hour, sign, h, one, raw = m.groups()
        first = int(hour) + int(h) * (1 if sign == "+" else -1)
        return f"Hours: {hour} {sign} {h} = {first}; {first} {one} 1 = {raw}"

    pairs = _paired({}, {"two_term_hours": True}, 300, "clock_add_minutes")
    assert _rewrites_one_step(pairs, r"Hours: (\d+) ([+-]) (\d+) ([+-]) 1 = (-?\d+)", two_steps) > 50
    assert get_specialist("clock_add_minutes").Options().two_term_hours is False


def test_timezone_minute_steps_write_an_offsets_minutes_then_its_hours_and_change_nothing_else():
    from specialists.timezone import minute_steps

    assert minute_steps(13 * 60 + 45, 330) == "minutes 45 + 30 = 75; 75 - 60 = 15, one hour more; hours 13 + 5 + 1 = 19"
    assert minute_steps(60 + 20, -345) == ("minutes 20 - 45 needs a borrow: 20 + 60 = 80; 80 - 45 = 35, one hour "
                                           "less; hours 1 - 5 - 1 = -5; -5 + 24 = 19")
    plain, stepped = get_specialist("timezone")(), get_specialist("timezone").from_config({"minute_steps": True})
    changed = 0
    for a, b in zip(plain.examples(600, seed=4), stepped.examples(600, seed=4), strict=True):
        assert (a.question, a.answer) == (b.question, b.answer)
        with_minutes = re.findall(r"\d\d:\d\d [+-] \d+ h \d+ min", a.rationale)
        if not with_minutes:
            assert a.rationale == b.rationale
            continue
        changed += 1
        assert [c for c, v in arithmetic_claims(b.rationale) if len(set(v)) != 1] == []
        for sum_ in with_minutes:  # each such sum is now written in steps that reach the result it had
            want = re.search(re.escape(sum_) + r" = (\d\d):(\d\d)", a.rationale)
            got = re.search(re.escape(sum_) + r": minutes [^,]*?(?:, one hour (?:more|less))?; hours [^,]*= "
                            r"(-?\d+)(?:; -?\d+ [+-] 24 = (\d+))?, so (\d\d):(\d\d)", b.rationale)
            assert want and got, (sum_, b.rationale)
            assert int(got[2] or got[1]) == int(got[3]) == int(want[1]) and got[4] == want[2]
        assert re.sub(r": minutes [^,]*?(?:, one hour (?:more|less))?; hours [^,]*, so", " =", b.rationale) == a.rationale
    assert changed > 100


def test_clock_twelve_steps_reads_between_the_clocks_by_rule_and_changes_nothing_else():
    """twelve_steps rewrites only a 12-hour question's two readings ("7:59 PM = 19:59", "21:13 = 9:13 PM") as
    their rules, each of the four kinds of hour met; every equation holds, and it is off by default."""
    from specialists.clock_add_minutes import read_12h, write_12h

    rules = Counter()
    for p, r in _paired({}, {"twelve_steps": True}, 400, "clock_add_minutes"):
        m = re.fullmatch(r"Start: (\S+ [AP]M) = (\d\d:\d\d)\. (.*) Result: (\d\d:\d\d)\. \4 = (\S+ [AP]M)\.", p.rationale)
        if not m:  # a 24-hour question: unchanged
            assert r.rationale == p.rationale and " AM" not in p.rationale and " PM" not in p.rationale
            continue
        start, end = (int(t[:2]) * 60 + int(t[3:]) for t in (m[2], m[4]))
        assert r.rationale == f"Start: {read_12h(start)}. {m[3]} Result: {m[4]}. {write_12h(end)}.", r.rationale
        assert all(len(set(v)) == 1 for _, v in arithmetic_claims(r.rationale)), r.rationale
        rules[re.sub(r"\d+", "N", read_12h(start).split(": ", 1)[1].split(", so")[0])] += 1
    assert set(rules) == {"N AM is hour N", "an AM hour stays", "N PM is hour N", "N + N = N"}, rules
    assert read_12h(19 * 60 + 59) == "7:59 PM: 7 + 12 = 19, so 19:59"
    assert write_12h(13) == "Hour 0 is 12 AM, so 12:13 AM" and write_12h(21 * 60 + 13) == "21 - 12 = 9, so 9:13 PM"
    assert get_specialist("clock_add_minutes").Options().twelve_steps is False


def test_shift_cue_finds_how_far_and_which_way():
    from specialists._dates import shift_cue

    assert shift_cue("What date is 17 months before 2024-01-31?", "17 months") == "17 months before"
    assert shift_cue("2024-01-31 - 5 months = ? Give the date.", "5 months") == "- 5 months"
    moved = "Starting on 2024-01-31, move 3 calendar years forward."
    assert shift_cue(moved, "3 years") == "3 calendar years forward"
    assert shift_cue("It is 8 years from now.", "8 years") == "8 years from now"
    assert shift_cue("Add 17 months to 2024-01-31.", "17 months") is None  # no direction: nothing to quote
    assert shift_cue("What is 117 months after it?", "17 months") is None  # the whole number, not its tail


def test_date_add_months_quote_copies_how_far_and_which_way_first():
    """quote opens with the question's words on the shift, held-out templates too: the amount and a
    direction that agrees with the shift's; nothing else changes, `skd solve` has nothing to quote, and it is
    on by default (since session 41)."""
    from specialists._dates import DIRECTION_WORDS

    cls = get_specialist("date_add_months")
    back = {pair[1] for pair in DIRECTION_WORDS.values()}
    quoted = Counter()
    for heldout in (False, True):
        plain = cls.from_config({"quote": False}).examples(300, 3, heldout)
        for p, q in zip(plain, cls.from_config({"quote": True}).examples(300, 3, heldout)):
            assert (q.question, q.answer) == (p.question, p.answer)
            m = re.fullmatch(r'Asked: "([^"]+)"\. (.*)', q.rationale)
            assert m and m[1] in q.question and m[2] == p.rationale, q.rationale
            said_back = any(m[1].startswith(w + " ") or m[1].endswith(" " + w) for w in back)
            assert said_back == (not p.params["forward"]) and f"{p.params['k']} " in m[1], q.rationale
            quoted[re.sub(r"\d+", "N", m[1])] += 1
    assert len(quoted) >= 20 and quoted["N calendar months backward"] > 5
    assert not cls.from_config({"quote": True}).solve_args_checked(
        {"date": "2024-01-31", "months": "-17"})[1].startswith("Asked")
    assert cls.Options().quote is True


def test_duration_quote_copies_the_words_on_the_operation_then_says_what_they_mean():
    """quote opens with the question's words on the operation, held-out templates too, then the operation's
    meaning sentence; nothing else changes, `skd solve` has nothing to quote, and it is off by default."""
    from specialists.duration import CUES, MEANING

    cls = get_specialist("duration")
    for qtype, group in cls.templates.items():  # every template, held-out ones too, holds a cue of its own type
        assert all(any(c in t for c in CUES[qtype]) for t in group), qtype
    assert len({m.split()[0] for m in MEANING.values()}) == 4  # the operation is decided at the meaning's first word
    quoted = Counter()
    for heldout in (False, True):
        plain = cls.from_config({}).examples(300, 3, heldout)
        for p, q in zip(plain, cls.from_config({"quote": True}).examples(300, 3, heldout)):
            assert (q.question, q.answer) == (p.question, p.answer)
            qtype = p.params["qtype"]
            m = re.fullmatch(r'Asked: "([^"]+)"\. ' + re.escape(MEANING[qtype]) + " (.*)", q.rationale)
            assert m and m[1] in CUES[qtype] and m[1] in q.question and m[2] == p.rationale, q.rationale
            quoted[m[1]] += 1
    assert quoted["How many seconds"] > 20 and quoted["total"] > 20
    assert len(quoted) == sum(map(len, CUES.values()))  # every cue is quoted somewhere
    solved = cls.from_config({"quote": True}).solve_args_checked({"op": "to_seconds", "a": "1:02:03", "b": "0:00:00"})
    assert not solved[1].startswith("Asked")  # `skd solve` has no question to quote
    assert cls.Options().quote is False


def test_duration_two_term_writes_one_operation_per_step_and_changes_nothing_else():
    """two_term: each equation has at most two numbers besides a carried or borrowed 1, every equation
    holds, and the hours and minutes are split off by products and subtractions."""
    before_after = _paired({"two_term": False}, {"two_term": True}, 400, "duration")
    kinds = Counter()
    for p, r in before_after:
        claims = arithmetic_claims(r.rationale)
        assert claims and all(len(set(v)) == 1 for _, v in claims), r.rationale
        for claim, _ in claims:
            terms = [t for t in re.split(r" [-+x] ", claim.split(" = ")[0]) if t != "1"]
            assert len(terms) <= 2, f"{claim!r} in {r.rationale}"
        q, a = p.params["qtype"], p.params["sa"]
        kinds[q] += 1
        if q == "from_seconds":
            h = a // 3600
            assert r.rationale.startswith(f"{a}: {h} x 3600 = {h * 3600}; {a} - {h * 3600} = {a - h * 3600}. "), r.rationale
        if q == "to_seconds":
            assert r.rationale.startswith(f"{a // 3600} x 3600 = {a // 3600 * 3600}; "), r.rationale
        if q in ("add", "sub"):  # the same steps on the same numbers, only carries and borrows written out
            heads = [re.findall(r"(?:Seconds|Minutes|Hours): [^=n]*", x.rationale) for x in (p, r)]
            assert heads[0] == heads[1] and len(heads[0]) == 3, (p.rationale, r.rationale)
            assert re.search(r"Hours: .*", p.rationale)[0] == re.search(r"Hours: .*", r.rationale)[0]
    assert min(kinds.values()) > 50 and len(kinds) == 4
    assert all(any(f", one {unit} more." in r.rationale for _, r in before_after) for unit in ("minute", "hour"))
    assert any(re.search(r"needs a borrow: (\d+) \+ 60 = \d+; \d+ - \d+ = \d+\.", r.rationale) for _, r in before_after)
    assert get_specialist("duration").Options().two_term is True  # since session 39


def test_relative_date_gap_steps_derive_the_days_between_two_weekdays_and_change_nothing_else():
    """gap_steps writes, right after the weekday step, the two weekdays' numbers (0 = Sunday, as that step
    counts) and their difference, wrapped by 7 past Saturday (and for "after", which is strict, from 0);
    the days it reaches are the ones the rationale then uses, and nothing else changes. On by default (since
    session 58)."""
    from specialists.relative_date import gap_steps

    for ahead, behind in itertools.product(range(7), repeat=2):
        for strict in (False, True):
            days, text = gap_steps(ahead, behind, strict=strict)
            assert days == (ahead - behind) % 7 or (strict and ahead == behind and days == 7)
            assert all(len(set(v)) == 1 for _, v in arithmetic_claims(text)), text
            assert re.fullmatch(r"\w+day is [0-6], \w+day is [0-6]: [0-6] - [0-6] = -?[0-6](; -?[0-6] \+ 7 = [1-7])?",
                                text), text
    assert gap_steps(4, 1) == (3, "Friday is 5, Tuesday is 2: 5 - 2 = 3")
    assert gap_steps(0, 5) == (2, "Monday is 1, Saturday is 6: 1 - 6 = -5; -5 + 7 = 2")
    assert gap_steps(1, 1, strict=True) == (7, "Tuesday is 2, Tuesday is 2: 2 - 2 = 0; 0 + 7 = 7")

    pairs = _paired({"gap_steps": False, "day_walk": False}, {"gap_steps": True, "day_walk": False}, 400,
                    "relative_date")  # weekday_after's gap is written where it is not walked
    kinds = Counter()
    gap = r"(\w+day is \d, \w+day is \d: \d - \d = -?\d(?:; -?\d \+ 7 = \d)?)"
    for p, r in pairs:
        q = p.params["qtype"]
        kinds[q] += 1
        m = re.search(gap, r.rationale)
        assert m, r.rationale
        days = int(m[1].split(" = ")[-1])
        if q == "weekday_after":  # "Friday is 3 days later" -> "Friday is 5, Tuesday is 2: 5 - 2 = 3 days later"
            assert p.rationale.replace(f"{p.params['weekday']} is {days} days later", f"{m[1]} days later") == r.rationale
        else:  # a step of its own, after "... is a <Weekday>.", that reaches the number the next step uses
            assert r.rationale.replace(f" {m[1]}.", "", 1) == p.rationale, (p.rationale, r.rationale)
            assert (f"day 1 + {days} = " if q == "nth_weekday" else f" - {days} = ") in r.rationale
        assert all(len(set(v)) == 1 for _, v in arithmetic_claims(r.rationale)), r.rationale
    assert min(kinds.values()) > 60 and len(kinds) == 4
    assert get_specialist("relative_date").Options().gap_steps is True


def test_relative_date_day_sum_derives_weekday_afters_date_sum_and_changes_nothing_else():
    """day_sum writes weekday_after's stated date sum as a sum on the day of the month, wrapped past the month's
    end by its length (next month, next year); every equation holds and reaches the answer; the other types and
    the answers are unchanged; off by default."""
    crossed = summed = 0
    for p, r in _paired({"day_walk": False}, {"day_sum": True}, 400, "relative_date"):
        if p.params["qtype"] != "weekday_after":
            assert r.rationale == p.rationale
            continue
        d, truth = p.params["d"], dt.date.fromisoformat(p.answer)
        stated = f" + {(truth - d).days} days = {p.answer}."
        assert p.rationale.endswith(stated), p.rationale
        m = re.fullmatch(r": (\d+) \+ (\d+) = (\d+)(?:; (\w+ \d+) has (\d+) days: \d+ - \d+ = (\d+))?, so (\S+)\.",
                         r.rationale.removeprefix(p.rationale.removesuffix(stated) + f" + {(truth - d).days} days"))
        assert m and m[7] == p.answer and int(m[1]) == d.day, r.rationale
        assert all(len(set(v)) == 1 for _, v in arithmetic_claims(r.rationale)), r.rationale
        if m[4]:
            assert m[4] == f"{dt.date(2000, d.month, 1):%B} {d.year}" and int(m[5]) == calendar.monthrange(
                d.year, d.month)[1] and int(m[6]) == truth.day and truth.month != d.month
            crossed += 1
        else:
            assert int(m[3]) == truth.day and truth.month == d.month
        summed += 1
    assert summed > 60 and crossed > 10 and get_specialist("relative_date").Options().day_sum is False


def test_relative_date_month_check_compares_every_date_sum_with_its_months_length():
    """month_check writes day_sum's form with every sum compared with its month's length, within the month
    too ("10 is not over 30"); past the month's end the wrap follows ("34 is over 30: 34 - 30 = 4"); with
    day_sum as well it is the same; the other types and the answers are unchanged; off by default."""
    checked = crossed = 0
    for (p, r), (_, both) in zip(_paired({"day_walk": False}, {"month_check": True}, 400, "relative_date"),
                                 _paired({}, {"month_check": True, "day_sum": True}, 400, "relative_date")):
        assert both.rationale == r.rationale
        if p.params["qtype"] != "weekday_after":
            assert r.rationale == p.rationale
            continue
        d, truth = p.params["d"], dt.date.fromisoformat(p.answer)
        m = re.search(r"\+ (\d+) days: (\d+) \+ \d+ = (\d+); (\w+ \d+) has (\d+) days: (\d+) is (not )?over (\d+)"
                      r"(?:: \d+ - \d+ = (\d+))?, so (\S+)\.$", r.rationale)
        assert m and m[10] == p.answer and int(m[2]) == d.day, r.rationale
        assert m[4] == f"{dt.date(2000, d.month, 1):%B} {d.year}" and m[5] == m[8] == str(
            calendar.monthrange(d.year, d.month)[1]) and m[6] == m[3], r.rationale
        assert all(len(set(v)) == 1 for _, v in arithmetic_claims(r.rationale)), r.rationale
        over = truth.month != d.month
        assert (m[7] is None) == over and (m[9] is None) != over, r.rationale
        assert int(m[9] or m[3]) == truth.day
        checked += 1
        crossed += over
    assert checked > 60 and crossed > 10 and get_specialist("relative_date").Options().month_check is False


def test_relative_date_day_walk_walks_to_the_first_weekday_sought_and_changes_nothing_else():
    """day_walk (the default since session 61) ends weekday_after's rationale, after the start's weekday, with
    the days after the date, each with its weekday, read here against the calendar: one day apart from the
    start on, the last the first of the weekday sought and none before it; across a month's end, and a year's
    in a case of its own. The other types and the answers are unchanged; day_sum or month_check alone turn it
    off, and beside them it is refused."""
    walked = crossed = 0
    for p, r in _paired({"day_walk": False}, {"day_walk": True}, 400, "relative_date"):
        if p.params["qtype"] != "weekday_after":
            assert r.rationale == p.rationale
            continue
        d, wd = p.params["d"], p.params["weekday"]
        head = p.rationale[:p.rationale.index(f" is a {d:%A}.") + len(f" is a {d:%A}.")]
        days = r.rationale.removeprefix(head + " The days after it: ")
        assert days != r.rationale and days.endswith("."), r.rationale
        walk = [(w, dt.date.fromisoformat(x)) for w, x in (e.split(" ") for e in days[:-1].split(", "))]
        assert [x for _, x in walk] == [d + dt.timedelta(days=k) for k in range(1, len(walk) + 1)], r.rationale
        assert [w for w, _ in walk] == [f"{x:%A}" for _, x in walk], r.rationale
        assert [w for w, _ in walk].index(wd) == len(walk) - 1 and walk[-1][1].isoformat() == p.answer
        walked += 1
        crossed += walk[-1][1].month != d.month
    assert walked > 60 and crossed > 5 and get_specialist("relative_date").Options().day_walk is True
    for other in ("day_sum", "month_check"):  # a date sum asked for alone turns the walk off
        assert get_specialist("relative_date").from_config({other: True}).options.day_walk is False
    answer, rationale = get_specialist("relative_date").from_config({"day_walk": True}).solve_args_checked(
        {"question": "weekday_after", "date": "2080-12-27", "weekday": "Wednesday", "nth": "1"})
    assert answer == "2081-01-01" and rationale.endswith(  # 2080-12-27 is a Friday
        "is a Friday. The days after it: Saturday 2080-12-28, Sunday 2080-12-29, Monday 2080-12-30, Tuesday "
        "2080-12-31, Wednesday 2081-01-01.")
    for other in ("day_sum", "month_check"):
        with pytest.raises(SKDError, match="day_walk cannot be set with day_sum or month_check: each writes "
                                           "weekday_after's date its own way \\(set one of the three; day_sum "
                                           "or month_check alone turns day_walk off\\)"):
            get_specialist("relative_date").from_config({"day_walk": True, other: True})


def test_relative_date_month_end_opens_the_walk_with_the_month_length_and_the_next_month():
    """month_end (off by default) writes, between the start's weekday and the walk, the date's month's length
    and the month after it, read here against dateutil's month arithmetic (a December's next month is the next
    year's January); nothing else changes. It needs the walk: beside day_walk: false, day_sum or month_check it
    is refused."""
    opened = decembers = 0
    for p, r in _paired({}, {"month_end": True}, 400, "relative_date"):
        if p.params["qtype"] != "weekday_after":
            assert r.rationale == p.rationale
            continue
        d = p.params["d"]
        first = d.replace(day=1)
        after = first + relativedelta(months=1)
        said = f" {first:%B} {d.year} has {(after - first).days} days, then {after:%B} {after.year}."
        walk = p.rationale.index(" The days after it: ")
        assert r.rationale == p.rationale[:walk] + said + p.rationale[walk:], r.rationale
        opened += 1
        decembers += d.month == 12
    assert opened > 60 and decembers and get_specialist("relative_date").Options().month_end is False
    for off in ({"day_walk": False}, {"day_sum": True}, {"month_check": True}):
        with pytest.raises(SKDError, match="month_end needs day_walk, whose walk it opens \\(day_walk is on by "
                                           "default; day_walk: false, day_sum or month_check turn it off\\)"):
            get_specialist("relative_date").from_config({**off, "month_end": True})


def test_relative_date_quote_copies_which_date_is_asked_then_names_the_weekday_sought():
    """quote opens with the question's words on which date is asked (held-out templates too), then what they
    mean with the weekday sought named; nothing else changes, with or without gap_steps, `skd solve` has nothing
    to quote, and it is off by default."""
    from specialists.relative_date import CUES, MEANING

    cls = get_specialist("relative_date")
    fill = {"date": "DATE", "weekday": "Friday", "nth": "second"}
    for qtype, group in cls.templates.items():  # every template, held-out ones too, holds a cue of its own type
        assert all(any(c.format(**fill) in t.format(month="M", **fill) for c in CUES[qtype]) for t in group), qtype
    assert len(set(MEANING.values())) == 4
    quoted = Counter()
    bare = {"gap_steps": False, "scenes": False, "acts": False, "date_first": False}
    for base, heldout in itertools.product(({}, bare), (False, True)):
        plain = cls.from_config(base).examples(300, 3, heldout)
        for p, q in zip(plain, cls.from_config({**base, "quote": True}).examples(300, 3, heldout)):
            assert (q.question, q.answer) == (p.question, p.answer)
            qtype, wd = p.params["qtype"], p.params["weekday"]
            meaning = MEANING[qtype].format(**p.params)
            m = re.fullmatch(r'Asked: "([^"]+)"\. ' + re.escape(meaning) + " (.*)", q.rationale)
            assert m and m[1] in q.question and m[2] == p.rationale, q.rationale
            assert m[1] in [c.format(**p.params) for c in CUES[qtype]]
            assert qtype == "last_business_day" or wd in meaning  # the weekday sought, named before any step
            quoted[(qtype, re.sub(r"\d", "N", m[1].replace(wd, "W").replace(p.params["nth"], "nth")))] += 1
    assert quoted[("weekday_after", "after NNNN-NN-NN")] > 20  # ISO dates, held-out "Starting the day after" too
    assert {k for k, _ in quoted} == set(CUES)
    assert {c for _, c in quoted} >= {"next W", "nth W", "last W", "final W", "last working day", "final weekday"}
    solved = cls.from_config({"quote": True}).solve_args_checked(
        {"question": "last_weekday", "date": "2024-03-01", "weekday": "Friday", "nth": "1"})
    assert solved[0] == "2024-03-29" and not solved[1].startswith("Asked")  # `skd solve` has no question to quote
    assert cls.Options().quote is False


@pytest.mark.parametrize("option", ["scenes", "acts"])
def test_relative_date_scene_options_add_one_training_wording_per_type_and_leave_the_held_out_ones(option):
    """scenes and acts each add one training wording per type (before the held-out one, which stays last and
    is never trained on; with both, scenes' first); each holds a cue of its own type (so `quote` reads it), is
    asked about as often as the type's other training wordings, its answers check against dateutil, the
    held-out stream is unchanged; both are on by default (scenes since session 58, acts since 59)."""
    from specialists.relative_date import ACTS, CUES, SCENES

    cls = get_specialist("relative_date")
    table = {"scenes": SCENES, "acts": ACTS}[option]
    spec = cls.from_config({"scenes": False, "acts": False, "date_first": False, option: True, "quote": True})
    both = cls.from_config({"scenes": True, "acts": True, "date_first": False})
    fill = {"date": "DATE", "weekday": "Friday", "nth": "second", "month": "M"}
    for qtype, group in spec.groups().items():
        plain = cls.template_groups()[qtype]
        assert group == plain[:-1] + table[qtype] + plain[-1:] and len(table[qtype]) == 1
        assert both.groups()[qtype] == plain[:-1] + SCENES[qtype] + ACTS[qtype] + plain[-1:]
        assert any(c.format(**fill) in table[qtype][0].format(**fill) for c in CUES[qtype]), qtype
    train = spec.examples(2000, 3)
    scene_ids = {f"{q}:{len(g) - 2}" for q, g in spec.groups().items()}
    asked = Counter(e.template for e in train if e.template in scene_ids)
    assert set(asked) == scene_ids and min(asked.values()) > 60, asked  # about a fifth of each type
    for e in train:
        check_relative_date(e)
        if e.template in scene_ids:
            assert e.rationale.startswith('Asked: "') and e.question == table[e.params["qtype"]][0].format(**e.params)
    held = spec.examples(300, 3, heldout=True)
    assert [(e.question, e.answer, e.rationale) for e in held] == \
        [(e.question, e.answer, e.rationale) for e in cls.from_config({"quote": True}).examples(300, 3, heldout=True)]
    assert not {e.question for e in held} & {e.question for e in train}
    only = {"date_first": False}  # date_first's weekday_after wording, tested on its own below
    assert getattr(cls.Options(), option) is True and cls.from_config(only).groups() == both.groups() != \
        cls.from_config({**only, "acts": False}).groups() != \
        cls.from_config({**only, "scenes": False, "acts": False}).groups() == cls.template_groups()


def test_relative_date_date_first_adds_one_weekday_after_wording_with_the_date_first():
    """date_first adds one weekday_after training wording (after scenes' and acts', before the held-out one)
    that names the date before "the first {weekday}", with weekday_after's cue (so `quote` reads it); the other
    types, the held-out stream and every rationale are unchanged; its answers check against dateutil. On by
    default since session 59."""
    from specialists.relative_date import CUES, DATE_FIRST

    cls = get_specialist("relative_date")
    spec, plain = cls.from_config({"date_first": True}), cls.from_config({"date_first": False})
    wording = DATE_FIRST["weekday_after"][0]
    for qtype, group in spec.groups().items():
        base = plain.groups()[qtype]
        assert group == (base[:-1] + [wording] + base[-1:] if qtype == "weekday_after" else base), qtype
    fill = {"date": "DATE", "weekday": "Friday"}
    filled = wording.format(**fill)
    assert filled.index("DATE") < filled.index("the first Friday") and filled.endswith("the first Friday?")
    assert any(c.format(**fill) in filled for c in CUES["weekday_after"])
    train = spec.examples(2000, 3)
    new_id = f"weekday_after:{len(spec.groups()['weekday_after']) - 2}"
    asked = [e for e in train if e.template == new_id]
    assert len(asked) > 40, len(asked)  # a seventh of weekday_after's questions, a quarter of all: ~71
    for e in train:
        check_relative_date(e)
    quoted = cls.from_config({"date_first": True, "quote": True}).examples(2000, 3)
    for e, q in zip(asked, [q for q in quoted if q.template == new_id], strict=True):
        assert e.question == wording.format(**e.params) == q.question
        assert (e.answer, e.rationale) == plain.solve(e.params)
        assert q.rationale == f'Asked: "after {e.params["date"]}". Forward to the first {e.params["weekday"]} ' \
            f"after that date. {e.rationale}"
    held = spec.examples(300, 3, heldout=True)
    assert [(e.question, e.answer, e.rationale) for e in held] == \
        [(e.question, e.answer, e.rationale) for e in plain.examples(300, 3, heldout=True)]
    assert cls.Options().date_first is True and cls().groups() == spec.groups()


def test_iso_week_doy_months_names_each_month_of_the_walk_and_stops_at_the_dates_own():
    """doy_months writes the month whose length each step of the day-of-year walk adds, January first and the
    date's own month last with its day; the sums are the same sums, every one holds, and week questions and
    January dates do not change. Off by default."""
    pairs = _paired({}, {"doy_months": True}, 400, "iso_week")
    walks = 0
    for p, r in pairs:
        d = p.params["d"]
        if p.params["qtype"] != "doy" or d.month == 1:
            assert r.rationale == p.rationale
            continue
        walks += 1
        names = re.findall(r"([A-Z][a-z]+) (\d+)[.:]", r.rationale)
        assert [MONTHS.index(m) + 1 for m, _ in names] == list(range(1, d.month + 1)), r.rationale
        assert [int(n) for _, n in names] == [calendar.monthrange(d.year, m)[1] for m in range(1, d.month)] + [d.day]
        assert re.sub(r"(January \d+\. )|([A-Z][a-z]+ \d+: )", "", r.rationale) == p.rationale
        assert r.rationale.endswith(f"{MONTHS[d.month - 1]} {d.day}: {int(r.answer) - d.day} + {d.day} = {r.answer}.")
        assert all(len(set(v)) == 1 for _, v in arithmetic_claims(r.rationale)), r.rationale
    assert walks > 120
    assert get_specialist("iso_week").Options().doy_months is False


def test_iso_week_doy_date_names_the_date_before_the_walk_and_changes_nothing_else():
    """doy_date opens each day-of-year rationale with the date in words, with doy_months or without it and
    after read_dates' reading of a numeric date; week questions do not change. Off by default."""
    for base in ({}, {"doy_months": True}, {"read_dates": True, "doy_months": True}):
        doy = 0
        for p, r in _paired(base, {"doy_date": True}, 300, "iso_week"):
            d = p.params["d"]
            if p.params["qtype"] != "doy":
                assert r.rationale == p.rationale
                continue
            doy += 1
            named = f"{MONTHS[d.month - 1]} {d.day}, {d.year}: "
            read = re.match(r".*?reads [^:]+: [^.]+\. ", p.rationale) if base.get("read_dates") else None
            head = read[0] if read else ""
            assert r.rationale == head + named + p.rationale[len(head):], r.rationale
        assert doy > 100
    assert get_specialist("iso_week").Options().doy_date is False


def test_business_days_compare_writes_days_between_compare_walk_and_changes_nothing_else():
    """business_days' compare writes its day walk as days_between's compare does (both dates, each month step
    opened by its decision against the end's month), and nothing else changes. Off by default."""
    from specialists._dates import days_between_steps

    pairs = _paired({}, {"compare": True}, 300, "business_days")
    for p, r in pairs:
        a, b = p.params["start"], p.params["end"]
        plain, decided = days_between_steps(a, b)[1], days_between_steps(a, b, compare=True)[1]
        assert plain in p.rationale and decided.startswith(f"From {fmt_date(a, 'mdy')} to {fmt_date(b, 'mdy')}. ")
        assert r.rationale == p.rationale.replace(plain, decided), r.rationale
    assert sum("is before" in r.rationale for _, r in pairs) > 100
    assert get_specialist("business_days").Options().compare is False


def test_business_days_holidays_first_lists_the_questions_holidays_as_written_and_changes_nothing_else():
    """holidays_first opens every business_days rationale with the holidays its question lists, in the
    question's own words ("No holidays listed." where it lists none), held-out wordings too; the rest is the
    rationale without it. Off by default."""
    for heldout in (False, True):
        listed = 0
        for p, r in _paired({}, {"holidays_first": True}, 200, "business_days", heldout=heldout):
            head, rest = r.rationale.split(". ", 1) if p.params["hol"] else ("No holidays listed", r.rationale[20:])
            assert rest == p.rationale, r.rationale
            if p.params["hol"]:
                listed += 1
                assert head == f"Holidays listed: {p.params['hol']}" and p.params["hol"] in p.question
        assert listed > 40
    assert get_specialist("business_days").Options().holidays_first is False


@pytest.mark.parametrize("base", [{}, {"compare": True, "holidays_first": True, "holiday_days": True, "holiday_weekday": True}])
def test_business_days_holiday_as_asked_names_the_holiday_step_dates_as_the_question_writes_them(base):
    """holiday_as_asked names each holiday and the start in the holiday step as the question writes its dates
    (held-out wordings too): every name there is the question's own text, and written back in ISO the
    rationale is the one without it. An ISO question's rationale does not change. Off by default."""
    from specialists._dates import DATE_STYLES, fmt_date

    for heldout in (False, True):
        worded = 0
        for p, r in _paired(base, {"holiday_as_asked": True}, 300, "business_days", heldout=heldout):
            if not p.params["hols"]:
                assert r.rationale == p.rationale
                continue
            a, hols = p.params["start"], p.params["hols"]
            style = next(s for s in DATE_STYLES[:3] if fmt_date(a, s) in p.question and all(fmt_date(h, s) in p.question for h in hols))
            head, step = r.rationale.split(" Holidays: ")
            assert head == p.rationale.split(" Holidays: ")[0]
            assert step.count(f"days after {fmt_date(a, style)}") == len(hols), step
            heads = re.findall(r"(?:^|(?:day|Sunday\))(?:, already off|, outside the range)?; )([^;:]+?)(?:: | is \d+ days after )", step)
            assert heads == [fmt_date(h, style) for h in hols], step
            back = step
            for d in (a, *hols):  # "1 April 1750" is not rewritten inside "11 April 1750"
                back = re.sub(rf"(?<!\d){re.escape(fmt_date(d, style))}", fmt_date(d), back)
            assert back == p.rationale.split(" Holidays: ")[1]
            worded += style != "iso"
            assert (r.rationale == p.rationale) == (style == "iso")
        assert worded > 30
    assert get_specialist("business_days").Options().holiday_as_asked is False


# leap_year's rationale before its three forms became the default (session 54): each verdict states divisibility
LEAP_PLAIN = {"lookup": False, "first_multiple": False, "century_first": False}


def test_leap_year_lookup_derives_every_verdict_from_the_last_two_digits_and_changes_nothing_else():
    """leap_year's lookup writes each year's verdict by `_dates.leap_steps` (the decade's multiples of 4, a
    century by its first two digits) where the default states divisibility; every verdict agrees with the
    calendar, next-leap walks name the same years, questions and answers do not change. On by default since session 54."""
    cls = get_specialist("leap_year")
    years = 0
    for p, r in _paired(LEAP_PLAIN, {"lookup": True}, 400, "leap_year"):
        said = re.findall(r"(\d+) ends in (\d\d)(?:: a leap year only if (\d+)|, and)[^:]*?: (a|not a) leap year\.", r.rationale)
        named = re.findall(r"(\d+) is (?:not )?divisible", p.rationale)
        assert [y for y, *_ in said] == named and said, r.rationale
        for y, tail, century, verdict in said:
            years += 1
            assert tail == y[-2:] and (century == y[:-2] if tail == "00" else not century)
            assert (verdict == "a") == calendar.isleap(int(y)), r.rationale
        assert r.rationale.startswith("The next multiple of 4") == p.rationale.startswith("The next multiple of 4")
    assert years > 400
    assert cls.Options().lookup is True


def test_leap_year_first_multiple_opens_each_verdict_with_the_first_multiple_of_4_from_the_year_on():
    """first_multiple opens each yes/no rationale (held-out wordings too) with the smallest multiple of 4 not
    below the year, "the year itself" exactly where it is the year; the rest is the rationale without it, and
    next-leap walks, questions and answers do not change. On by default since session 54."""
    for heldout in (False, True):
        itself = 0
        for p, r in _paired(LEAP_PLAIN, {"first_multiple": True}, 400, "leap_year", heldout=heldout):
            if p.params["qtype"] != "is_leap":
                assert r.rationale == p.rationale
                continue
            m = re.fullmatch(r"The first multiple of 4 from (\d+) on is (\d+), (the year itself|after it)\. (.*)", r.rationale)
            assert m and m[4] == p.rationale, r.rationale
            year, first = int(m[1]), int(m[2])
            assert year == p.params["year"] and first % 4 == 0 and year <= first < year + 4, r.rationale
            assert (m[3] == "the year itself") == (first == year), r.rationale
            itself += first == year
        assert itself > 20
    assert get_specialist("leap_year").Options().first_multiple is True


@pytest.mark.parametrize("first_multiple", [False, True])
def test_leap_year_century_check_decides_a_multiple_of_4_by_its_last_two_digits(first_multiple):
    """century_check writes each verdict on a multiple of 4 (next-leap walks; with first_multiple the yes/no
    year after "the year itself") from its last two digits: "not 00" a leap year, a century by the lookup of
    its first two digits; after "after it" only "so {year} is not a leap year". Every verdict agrees with the
    calendar; the walks name the same years; yes/no without first_multiple does not change. Off by default."""
    base = {**LEAP_PLAIN, "first_multiple": first_multiple}
    verdicts = 0
    for heldout in (False, True):
        for p, r in _paired(base, {"century_check": True}, 400, "leap_year", heldout=heldout):
            year = p.params["year"]
            if p.params["qtype"] == "is_leap" and not first_multiple:
                assert r.rationale == p.rationale
                continue
            if p.params["qtype"] == "is_leap" and year % 4:
                assert r.rationale == p.rationale.split(". ")[0] + f", so {year} is not a leap year.", r.rationale
                continue
            said = re.findall(r"(\d+) ends in (\d\d)(, not 00|: a leap year only if (\d+) is)[^:]*?: (a|not a) leap year\.", r.rationale)
            named = re.findall(r"(\d+) is (?:not )?divisible", p.rationale)
            assert [y for y, *_ in said] == named and said, r.rationale
            for y, tail, kind, century, verdict in said:
                verdicts += 1
                assert int(y) % 4 == 0 and tail == y[-2:] and (kind == ", not 00") == (tail != "00"), r.rationale
                assert century == ("" if tail != "00" else y[:-2]), r.rationale
                assert (verdict == "a") == calendar.isleap(int(y)), r.rationale
            assert r.rationale.split(said[0][0] + " ends in")[0] == p.rationale.split(said[0][0] + " is ")[0]
    assert verdicts > 400
    assert get_specialist("leap_year").Options().century_check is False


@pytest.mark.parametrize("base", [LEAP_PLAIN, {**LEAP_PLAIN, "first_multiple": True, "lookup": True}, {**LEAP_PLAIN, "first_multiple": True, "century_check": True}, {}])
def test_leap_year_from_year_after_opens_each_walk_with_the_first_multiple_of_4_from_the_year_after(base):
    """from_year_after opens each next-leap walk (held-out wordings too) with "The first multiple of 4 from
    {year + 1} on is {m}.", m the smallest multiple of 4 above the year, where it said "The next multiple of 4
    after {year} is {m}."; the rest of the walk and every yes/no rationale do not change. Off by default."""
    walks = 0
    for heldout in (False, True):
        for p, r in _paired(base, {"from_year_after": True}, 400, "leap_year", heldout=heldout):
            if p.params["qtype"] == "is_leap":
                assert r.rationale == p.rationale
                continue
            year = p.params["year"]
            m = re.fullmatch(r"The first multiple of 4 from (\d+) on is (\d+)\.( .*)", r.rationale)
            assert m and int(m[1]) == year + 1, r.rationale
            first = int(m[2])
            assert first % 4 == 0 and year < first <= year + 4, r.rationale
            assert p.rationale == f"The next multiple of 4 after {year} is {first}.{m[3]}", (p.rationale, r.rationale)
            walks += 1
    assert walks > 300
    assert get_specialist("leap_year").Options().from_year_after is False


@pytest.mark.parametrize("base", [LEAP_PLAIN, {**LEAP_PLAIN, "lookup": True}, {**LEAP_PLAIN, "first_multiple": True, "century_check": True, "from_year_after": True}, {"century_first": False}])
def test_leap_year_century_first_decides_each_century_by_its_first_multiple_of_4(base):
    """century_first writes every century's verdict (held-out wordings too) as "{y} ends in 00: a leap year
    only if {c} is a multiple of 4; the first multiple of 4 from {c} on is {m}, {c} itself: a leap year" (or
    "after it: not a leap year"), m the smallest multiple of 4 not below c; with each such sentence and each
    century's sentence without it set aside, the rationales are the same. On by default since session 54."""
    new = r"(\d+) ends in 00: a leap year only if (\d+) is a multiple of 4; the first multiple of 4 from (\d+) on is (\d+), (?:(\d+) itself: (a)|after it: (not a)) leap year\."
    old = r"\d+00 (?:is divisible by 4 and by 100 but not by 400, so it is not|is divisible by 400, so it is) a leap year\.|\d+ ends in 00: a leap year only if \d+ is a multiple of 4; the \d+s' multiples of 4 are [\d, ]+: (?:a|not a) leap year\."
    centuries = 0
    for heldout in (False, True):
        for p, r in _paired(base, {"century_first": True}, 400, "leap_year", heldout=heldout):
            for y, c, frm, m, itself, yes, no in re.findall(new, r.rationale):
                centuries += 1
                y, c, m = int(y), int(c), int(m)
                assert y % 100 == 0 and c == y // 100 == int(frm) and m % 4 == 0 and c <= m < c + 4, r.rationale
                assert bool(yes) != bool(no) and bool(yes) == calendar.isleap(y) == (m == c), r.rationale
                assert itself == (str(c) if yes else ""), r.rationale
            assert re.sub(new, "C.", r.rationale) == re.sub(old, "C.", p.rationale), (p.rationale, r.rationale)
    assert centuries > 50
    assert get_specialist("leap_year").Options().century_first is True


@pytest.mark.parametrize("base", [{}, LEAP_PLAIN])
def test_leap_year_ending_first_decides_each_yes_no_year_by_the_first_multiple_of_4_from_its_last_two_digits(base):
    """ending_first writes each yes/no rationale (held-out wordings too) as one sentence: "{y} ends in {yy};
    the first multiple of 4 from {yy} on is {m}, {yy} itself: a leap year" (or "after it: not a leap year"), m
    the smallest multiple of 4 not below the last two digits yy; a century by `century_first`. Next-leap walks,
    questions and answers do not change. Off by default."""
    from specialists.leap_year import century_first

    pattern = r"(\d+) ends in (\d\d); the first multiple of 4 from (\d\d) on is (\d\d\d?), (?:(\d\d) itself: (a)|after it: (not a)) leap year\."
    years = set()
    for heldout in (False, True):
        for p, r in _paired(base, {"ending_first": True}, 400, "leap_year", heldout=heldout):
            year = p.params["year"]
            if p.params["qtype"] != "is_leap":
                assert r.rationale == p.rationale
                continue
            years.add(year)
            if year % 100 == 0:
                assert r.rationale == century_first(year), r.rationale
                continue
            m = re.fullmatch(pattern, r.rationale)
            assert m and int(m[1]) == year and m[2] == m[3] == f"{year % 100:02d}", r.rationale
            yy, first = year % 100, int(m[4])
            assert first % 4 == 0 and yy <= first < yy + 4, r.rationale
            assert bool(m[6]) == calendar.isleap(year) == (first == yy) and m[5] == (m[2] if m[6] else None), r.rationale
    assert sum(calendar.isleap(y) for y in years) > 20 and sum(y % 100 == 0 for y in years) > 5
    assert get_specialist("leap_year").Options().ending_first is False


@pytest.mark.parametrize("year, qtype, answer, rationale", [
    (2096, "is_leap", "Yes", "The first multiple of 4 from 2096 on is 2096, the year itself. 2096 ends in 96, and the 90s' multiples of 4 are 92, 96: a leap year."),
    (2097, "is_leap", "No", "The first multiple of 4 from 2097 on is 2100, after it. 2097 ends in 97, and the 90s' multiples of 4 are 92, 96: not a leap year."),
    (1900, "is_leap", "No", "The first multiple of 4 from 1900 on is 1900, the year itself. 1900 ends in 00: a leap year only if 19 is a multiple of 4; the first multiple of 4 from 19 on is 20, after it: not a leap year."),
    (2096, "next_leap", "2104", "The next multiple of 4 after 2096 is 2100. 2100 ends in 00: a leap year only if 21 is a multiple of 4; the first multiple of 4 from 21 on is 24, after it: not a leap year. 2104 ends in 04, and the 00s' multiples of 4 are 00, 04, 08: a leap year."),
    (1599, "next_leap", "1600", "The next multiple of 4 after 1599 is 1600. 1600 ends in 00: a leap year only if 16 is a multiple of 4; the first multiple of 4 from 16 on is 16, 16 itself: a leap year."),
])
def test_leap_year_default_rationale_derives_each_verdict_by_first_multiples_and_the_decade_lookup(year, qtype, answer, rationale):
    """The default leap_year rationale (session 54: first_multiple + lookup + century_first, 96.8% and 97.2% at
    3x against 73.5% for the stated rule): a yes/no opens with the year's first multiple of 4, each year's
    verdict by its decade's multiples of 4, each century's by its own first multiple of 4."""
    assert get_specialist("leap_year")().solve({"qtype": qtype, "year": year}) == (answer, rationale)


def test_leap_steps_first_is_leap_years_default_yes_no_rationale():
    """`_dates.leap_steps(first=True)`, the leap clause other families' `leap_first` writes, is word for word
    leap_year's default yes/no rationale (without its full stop), for ordinary years and centuries alike, and
    its verdict is the calendar's."""
    from specialists._dates import leap_steps

    spec = get_specialist("leap_year")()
    for y in [*range(1596, 1612), *range(1696, 1704), *range(2096, 2104), *range(100, 2500, 100), 1, 4, 9990]:
        text = leap_steps(y, first=True)
        assert text + "." == spec.solve({"qtype": "is_leap", "year": y})[1], text
        assert text.endswith("not a leap year") != calendar.isleap(y), text


LOOKUP = r"(\d+) ends in \d\d(?:, and the \d+s' multiples of 4 are [\d, ]+|: a leap year only if \d+ is a multiple of 4; the \d+s' multiples of 4 are [\d, ]+): (?:a|not a) leap year"


@pytest.mark.parametrize("family, base", [
    ("weekday", {"leap_rule": True, "leap_first": False}),
    ("iso_week", {"leap_rule": True}),
    ("iso_week", {"leap_rule": True, "doy_months": True, "week_days": True, "doy_has": True, "read_styles": True}),
    ("date_add_days", {}),
    ("date_add_days", {"compare": False, "back_larger_first": False, "sums": "plain"}),
    ("days_between", {"leap_rule": True}),
    ("business_days", {"leap_rule": True, "sums": "carry"}),
])
def test_leap_first_writes_each_derived_leap_year_as_leap_years_default_does(family, base):
    """leap_first (weekday, iso_week, and the month walks' February: date_add_days, days_between,
    business_days) writes each leap year that leap_rule derives (held-out wordings too) as
    `leap_steps(first=True)`, after the first multiple of 4 from the year on; with each such clause written
    back as the decade lookup alone, the rationale is the one without it. On its own it turns leap_rule on;
    off by default, but in weekday, where both are on by default (session 57) and leap_rule turned off alone
    is refused."""
    from specialists._dates import leap_steps

    clauses = centuries = 0
    for heldout in (False, True):
        for p, r in _paired(base, {"leap_first": True}, 400, family, heldout=heldout):
            found = [int(m[1]) for m in re.finditer(LOOKUP, p.rationale)]
            clauses += len(found)
            centuries += sum(y % 100 == 0 for y in found)
            assert r.rationale == re.sub(LOOKUP, lambda m: leap_steps(int(m[1]), first=True), p.rationale), r.rationale
    # business_days' walks are a few weeks long: a century's February is rare in them (days_between's walks,
    # the same `days_between_steps`, reach them)
    assert clauses > 60 and (centuries > 0 or family == "business_days"), (clauses, centuries)
    cls = get_specialist(family)
    if family == "weekday":
        assert cls.Options().leap_first is True and cls.Options().leap_rule is True
        with pytest.raises(SKDError, match="leap_first \\(on by default\\) is a form of leap_rule's step: with "
                                           "leap_rule false set leap_first false too"):
            cls.from_config({"leap_rule": False})
        return
    assert cls.Options().leap_first is False
    alone, both = ({**base, **o, "leap_first": True} for o in ({"leap_rule": False}, {}))
    assert [e.rationale for e in cls.from_config(alone).examples(200, 3)] == [e.rationale for e in cls.from_config(both).examples(200, 3)]


def test_leap_year_leap_share_sets_the_share_of_leap_years_asked_yes_or_no():
    """leap_share moves each is_leap question's year so that that share of them ask about a leap year (a year
    moved down to a leap year, or on by one), within the year range, held-out wordings too; next-leap
    questions, answers and rationales stay the calculator's. Off by default; a share outside 0..1 is refused."""
    cls = get_specialist("leap_year")
    for heldout in (False, True):
        for share, low, high in ((0.5, 0.45, 0.55), (1.0, 1.0, 1.0), (0.0, 0.0, 0.0)):
            spec = cls.from_config({"leap_share": share, "year_min": 1601, "year_max": 1700})
            ex = spec.examples(1200, 3, heldout=heldout)
            asked = [e for e in ex if e.params["qtype"] == "is_leap"]
            assert len(asked) > 400 and all(1601 <= e.params["year"] <= 1700 for e in ex)
            assert low <= sum(calendar.isleap(e.params["year"]) for e in asked) / len(asked) <= high, share
            for e in ex:
                answer, rationale = spec.solve(e.params)
                assert (e.answer, e.rationale) == (answer, rationale)
                if e.params["qtype"] == "is_leap":
                    assert e.answer == ("Yes" if calendar.isleap(e.params["year"]) else "No")
    drawn = cls.from_config({}).examples(1200, 3)
    share = sum(calendar.isleap(e.params["year"]) for e in drawn if e.params["qtype"] == "is_leap")
    assert share / sum(e.params["qtype"] == "is_leap" for e in drawn) < 0.35  # as drawn: about 1 in 4
    assert cls.Options().leap_share is None
    from specialists._dates import leap_moved

    assert leap_moved(1601, True, 1601, 1700) == 1604  # none at or above year_min below
    assert leap_moved(1900, True, 1, 9999) == 1896 and leap_moved(1904, False, 1, 9999) == 1905
    assert leap_moved(2400, False, 1600, 2400) == 2399  # the year after would pass year_max
    with pytest.raises(SKDError, match="leap_share 1.5 invalid: accepted a share from 0 to 1"):
        cls.from_config({"leap_share": 1.5})


def test_weekday_leap_share_sets_the_share_of_leap_years_among_january_and_february_dates():
    """weekday's leap_share moves each January or February date's year so that that share of them are in a
    leap year (February 29 to the 28th where it moves to a common year), within the year range, decided by
    the date alone: every other question is the one drawn without it, held-out wordings too. Answers check
    against dateutil; off by default; a share outside 0..1 is refused."""
    cls = get_specialist("weekday")
    for heldout in (False, True):
        drawn = cls.from_config({"year_min": 1601, "year_max": 1700}).examples(3000, 3, heldout=heldout)
        assert sum(calendar.isleap(e.params["d"].year) for e in drawn if e.params["d"].month <= 2) / \
            sum(e.params["d"].month <= 2 for e in drawn) < 0.35  # as drawn: about 1 in 4
        for share, low, high in ((0.5, 0.42, 0.58), (1.0, 1.0, 1.0), (0.0, 0.0, 0.0)):
            ex = cls.from_config({"leap_share": share, "year_min": 1601, "year_max": 1700}).examples(3000, 3, heldout)
            janfeb = [e for e in ex if e.params["d"].month <= 2]
            assert len(janfeb) > 400 and all(1601 <= e.params["d"].year <= 1700 for e in ex)
            assert low <= sum(calendar.isleap(e.params["d"].year) for e in janfeb) / len(janfeb) <= high, share
            moved = 0
            for e, d in zip(ex, drawn):
                check_weekday(e)
                if d.params["d"].month > 2:
                    assert (e.question, e.answer, e.rationale) == (d.question, d.answer, d.rationale)
                else:
                    got, was = e.params["d"], d.params["d"]
                    assert (got.month, got.day) == (was.month, was.day) or (was.day, got.day) == (29, 28)
                    assert abs(got.year - was.year) <= 8 and e.template == d.template
                    moved += got != was
            assert moved > 0
    assert cls.Options().leap_share is None
    with pytest.raises(SKDError, match="leap_share -0.1 invalid: accepted a share from 0 to 1"):
        cls.from_config({"leap_share": -0.1})


def test_read_date_reads_every_style_but_words_in_the_answers_order():
    """_dates.read_date: a numeric date as read_numeric reads it; with every_style an ISO date and a day-first
    date in words field by field too, "May 13, 2263" not at all; a text that is not the date is refused."""
    from specialists._dates import fmt_date, read_date, read_numeric

    d = dt.date(2285, 1, 3)
    assert read_date(fmt_date(d, "iso"), d, True) == "2285-01-03 reads year 2285, month 01, day 03: January 3, 2285."
    assert read_date(fmt_date(d, "dmy"), d, True) == "3 January 2285 reads day 3, month January: January 3, 2285."
    assert read_date(fmt_date(d, "mdy"), d, True) == ""
    for style in ("iso", "dmy", "mdy"):
        assert read_date(fmt_date(d, style), d) == ""
    for style in ("mdy_num", "dmy_num"):
        assert read_date(fmt_date(d, style), d, True) == read_date(fmt_date(d, style), d) == read_numeric(fmt_date(d, style), d) != ""
    for style in ("iso", "dmy"):
        with pytest.raises(AssertionError):
            read_date(fmt_date(d, style), dt.date(2285, 1, 4), True)


def test_business_days_holiday_days_derives_each_offset_from_the_walks_own_totals():
    """holiday_days derives each holiday's days after the start: a subtraction in the start's month, else the
    day walk's total at the end of the month before the holiday's (a number the walk writes) plus its day;
    every equation holds, and written back as stated the rationale is the one without it, held-out wordings and
    the walk's other forms too. A holiday outside the walk (from `skd solve`) stays stated. Off by default."""
    derived = re.compile(r"(\S+): (?:(\d+) - (\d+)|to the end of ([A-Z][a-z]+) (\d+): (\d+); \6 \+ (\d+)) = (\d+), so \8 days after")
    for base in ({}, {"compare": True, "sums": "carry", "leap_rule": True}):
        for heldout in (False, True):
            later = 0
            for p, r in _paired(base, {"holiday_days": True}, 200, "business_days", heldout=heldout):
                assert derived.sub(r"\1 is \8 days after", r.rationale) == p.rationale, r.rationale
                assert all(len(set(v)) == 1 for _, v in arithmetic_claims(r.rationale)), r.rationale
                a, walk = p.params["start"], r.rationale.split("Holidays:")[0]
                for m in derived.finditer(r.rationale):
                    h = dt.date.fromisoformat(m[1])
                    assert int(m[8]) == (h - a).days and (m[2] is None) == ((h.year, h.month) != (a.year, a.month))
                    if m[4]:  # the total at the end of the month before h's, as the walk wrote it
                        month = MONTHS.index(m[4]) + 1
                        assert (month % 12 + 1, int(m[5]) + (month == 12)) == (h.month, h.year), m[0]
                        end = dt.date(int(m[5]), month, calendar.monthrange(int(m[5]), month)[1])
                        assert int(m[6]) == (end - a).days and re.search(rf"\b{m[6]}\.", walk), (m[0], walk)
                        later += 1
            assert later > 15, later
    spec = get_specialist("business_days").from_config({"holiday_days": True})
    _, text = spec.solve_args_checked({"start": "2024-03-05", "end": "2024-03-20", "holidays": "2024-03-11,2024-05-01"})
    assert "2024-03-11: 11 - 5 = 6, so 6 days after 2024-03-05" in text and "2024-05-01 is 57 days after 2024-03-05" in text
    assert get_specialist("business_days").Options().holiday_days is False


@pytest.mark.parametrize("base", [{"holiday_days": True}, {"compare": True, "holidays_first": True, "holiday_days": True, "holiday_weekday": True}, {}])
def test_business_days_holiday_month_opens_each_derived_offset_with_its_month_against_the_starts(base):
    """holiday_month opens each offset `holiday_days` derives (held-out wordings too) with the holiday's month
    against the start's, by number: "month 11, the start's: " in the start's month, "month 12, after the
    start's 11: " later in its year, "2068, after the start's 2067: " in a later year; with it set aside the
    rationale is the one without. Without holiday_days nothing changes. Off by default."""
    said = re.compile(r"(\d{4})-(\d\d)-\d\d: (?:month (\d\d), (?:the start's|after the start's (\d\d))|(\d{4}), after the start's (\d{4})): ")
    kinds = Counter()
    for heldout in (False, True):
        for p, r in _paired(base, {"holiday_month": True}, 300, "business_days", heldout=heldout):
            if not base:
                assert r.rationale == p.rationale
                continue
            a = p.params["start"]
            for m in said.finditer(r.rationale):
                year, month = int(m[1]), int(m[2])
                if m[5]:
                    assert (int(m[5]), int(m[6])) == (year, a.year) and year > a.year, m[0]
                    kinds["year"] += 1
                else:
                    assert year == a.year and int(m[3]) == month and (m[4] is None) == (month == a.month), m[0]
                    assert m[4] is None or int(m[4]) == a.month < month, m[0]
                    kinds["later" if m[4] else "same"] += 1
            assert said.sub(lambda m: m[0].split(": ")[0] + ": ", r.rationale) == p.rationale, r.rationale
    assert not base or min(kinds["year"], kinds["later"], kinds["same"]) > 5, kinds
    assert get_specialist("business_days").Options().holiday_month is False


@pytest.mark.parametrize("base", [{"holiday_days": True}, {"compare": True, "holidays_first": True, "holiday_days": True, "holiday_weekday": True}, {}])
def test_business_days_month_pair_writes_both_months_before_the_decision(base):
    """month_pair writes holiday_month's decision after both numbers (held-out wordings too): "month 11, the
    start's 11: the same month: ", "month 12, the start's 11: a later month: ", "year 2068, the start's 2067: a
    later year: "; each decision is the one the two numbers make, and with the decisions put back in
    holiday_month's words the rationale is holiday_month's. On its own it turns holiday_month on; without
    holiday_days nothing changes. Off by default."""
    said = re.compile(r"((\d{4})-(\d\d)-\d\d): (?:month (\d\d), the start's (\d\d)|year (\d{4}), the start's (\d{4})): "
                      r"(the same month|a later month|a later year): ")
    kinds = Counter()

    def as_holiday_month(m: re.Match) -> str:
        if m[6]:
            return f"{m[1]}: {m[6]}, after the start's {m[7]}: "
        return f"{m[1]}: month {m[4]}, " + ("the start's: " if m[4] == m[5] else f"after the start's {m[5]}: ")

    for heldout in (False, True):
        for p, r in _paired({**base, "holiday_month": True}, {"month_pair": True}, 300, "business_days", heldout=heldout):
            if not base:
                assert r.rationale == p.rationale
                continue
            a = p.params["start"]
            for m in said.finditer(r.rationale):
                if m[6]:
                    assert (int(m[6]), int(m[7])) == (int(m[2]), a.year) and int(m[2]) > a.year, m[0]
                else:
                    assert (int(m[2]), int(m[4]), int(m[5])) == (a.year, int(m[3]), a.month), m[0]
                    assert (m[8] == "the same month") == (m[4] == m[5]) and int(m[4]) >= int(m[5]), m[0]
                assert (m[8] == "a later year") == bool(m[6]), m[0]
                kinds[m[8]] += 1
            assert said.sub(as_holiday_month, r.rationale) == p.rationale, r.rationale
    assert not base or min(kinds.values()) > 5 and len(kinds) == 3, kinds
    alone = get_specialist("business_days").from_config({"holiday_days": True, "month_pair": True})
    assert alone.options.holiday_month is True
    assert get_specialist("business_days").Options().month_pair is False


def test_business_days_holiday_weekday_counts_on_from_the_starts_weekday_number():
    """holiday_weekday writes each holiday's weekday as the start's weekday number (the one the start's
    derivation ends on, 0 = Sunday) plus the offset's remainder, less 7 past 6; every equation holds, the
    weekday is the calendar's, and written back as stated the rationale is the one without it, held-out
    wordings and with holiday_days too. Off by default."""
    derived = re.compile(r"; ([A-Z][a-z]+) is (\d): \2 \+ (\d) = (\d+)(?:, \4 - 7 = (\d))?: ([A-Z][a-z]+) \(0 = Sunday\)")
    days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    for base in ({}, {"compare": True, "holidays_first": True, "holiday_days": True}):
        for heldout in (False, True):
            wraps = entries = 0
            for p, r in _paired(base, {"holiday_weekday": True}, 200, "business_days", heldout=heldout):
                assert derived.sub(r", so it is a \6", r.rationale) == p.rationale, r.rationale
                assert all(len(set(v)) == 1 for _, v in arithmetic_claims(r.rationale)), r.rationale
                start = re.search(r"(\d): ([A-Z][a-z]+) \(0 = Sunday\)\. So", r.rationale)
                found = re.findall(r"(\d{4}-\d\d-\d\d)(?: is|:) .*?(\d+) days after [^;]+; \d+ = \d+ x 7 \+ (\d); "
                                   r"([A-Z][a-z]+) is (\d): \5 \+ (\d) = (\d+)(?:, \7 - 7 = (\d))?: ([A-Z][a-z]+) "
                                   r"\(0 = Sunday\)", r.rationale.split("Holidays: ")[-1])
                assert len(found) == len(p.params["hols"])
                for h, k, rem, name, n, r2, total, wrapped, weekday in found:
                    entries += 1
                    wraps += bool(wrapped)
                    assert (name, n) == (start[2], start[1]) and r2 == rem == str(int(k) % 7), r.rationale
                    assert weekday == days[dt.date.fromisoformat(h).isoweekday() % 7]
                    assert int(wrapped or total) == (int(n) + int(rem)) % 7 and bool(wrapped) == (int(total) > 6)
            assert entries > 80 and wraps > 20, (entries, wraps)
    assert get_specialist("business_days").Options().holiday_weekday is False


def test_iso_week_read_styles_opens_with_the_date_as_the_question_wrote_it_and_changes_nothing_else():
    """read_styles reads the question's date whatever its style (not "May 13, 2263"), before anything else, on
    week and doy questions, held-out wordings too; a numeric date is read as read_dates reads it, so with
    read_dates on only ISO and day-first dates change. Off by default."""
    for base in ({}, {"read_dates": True, "doy_months": True, "doy_date": True}):
        read = 0
        for p, r in _paired(base, {"read_styles": True}, 300, "iso_week"):
            text, d = p.params["date"], p.params["d"]
            style = next(s for s in DATE_STYLES if fmt_date(d, s) == text)
            if style == "mdy" or (base and style.endswith("_num")):
                assert r.rationale == p.rationale
                continue
            read += 1
            assert r.rationale.startswith(f"{text} reads ") and p.rationale in r.rationale, r.rationale
            assert r.rationale.split(": ", 1)[1].startswith(f"{MONTHS[d.month - 1]} {d.day}, {d.year}. "), r.rationale
        assert read > (100 if base else 200)
    cls = get_specialist("iso_week")
    held = cls.from_config({"read_styles": True}).examples(100, 9, heldout=True)
    assert sum(e.rationale.startswith(e.params["date"] + " reads ") for e in held) > 40
    assert cls.Options().read_styles is False


def test_iso_week_doy_has_writes_whole_months_with_has_and_changes_nothing_else():
    """doy_has writes each month a named walk passes whole "February has 28: ...", the date's own month by its
    day, in doy (doy_months) and week (week_days) walks alike; no step before the last reads "January <n>";
    the sums are unchanged; an unnamed walk and every other rationale do not change. Off by default."""
    for base in ({}, {"doy_months": True}, {"week_days": True}, {"doy_months": True, "week_days": True, "doy_date": True}):
        changed = 0
        for p, r in _paired(base, {"doy_has": True}, 300, "iso_week"):
            if r.rationale == p.rationale:
                continue
            changed += 1
            assert re.sub(r"([A-Z][a-z]+) has (\d+)(?!\d| days)", r"\1 \2", r.rationale) == p.rationale, r.rationale
            d = p.params["d"]
            walk = r.rationale[r.rationale.index("January has"):]
            last = walk.index(f"{MONTHS[d.month - 1]} {d.day}: ")
            assert not re.search(r"January \d", walk[:last]) and f"{MONTHS[d.month - 1]} has" not in walk, r.rationale
        assert (changed > 60) == bool(base), (base, changed)
    assert get_specialist("iso_week").Options().doy_has is False


@pytest.mark.parametrize("base", [{}, {"doy_months": True}, {"doy_months": True, "week_days": True, "doy_has": True, "read_styles": True}])
def test_iso_week_leap_rule_derives_februarys_length_and_januarys_key_and_changes_nothing_else(base):
    """iso_week's leap_rule opens each February a walk passes whole (doy walks, named or not, and week_days'
    walks) with its length derived by the decade lookup, and derives January 4's month key the same way; every
    verdict agrees with the calendar and names the walk's year or January 4's; written back in the form without
    it, the rationale is the one without. Off by default."""
    said = r"(\d+) ends in (\d\d)(?:: a leap year only if \d+ is a multiple of 4; |, and )the \d+s' multiples of 4 are [\d, ]+: (a|not a) leap year, so "
    derived = 0
    for heldout in (False, True):
        for p, r in _paired(base, {"leap_rule": True}, 300, "iso_week", heldout=heldout):
            d = p.params["d"]
            for year, tail, verdict in re.findall(said, r.rationale):
                derived += 1
                assert tail == year[-2:] and (verdict == "a") == calendar.isleap(int(year)), r.rationale
                assert int(year) in (d.year, d.isocalendar()[0]), r.rationale
            feb = re.findall(said + r"February (\d+) has (2[89]) days: 31 \+ (2[89]) = ", r.rationale)
            assert all(int(y) == int(y2) == d.year and int(n) == int(m) == 28 + calendar.isleap(d.year) for y, _, _, y2, n, m in feb), r.rationale
            back = re.sub(said + r"February \d+ has (2[89]) days: 31 \+ ", r"FEB 31 + ", r.rationale)
            back = re.sub(said + r"(January's key)", r"\4", back)
            without = p.rationale  # a walk passes February whole only to a date after it
            if d.month > 2:
                without = re.sub(r"(?:February (?:has )?2[89]: )?31 \+ (2[89]) = ", r"FEB 31 + \1 = ", without)
            without = re.sub(r"\d+ is a leap year, so (January's key)", r"\1", without)
            assert back == without, (p.rationale, r.rationale)
            if p.params["qtype"] == "week":
                assert re.search(said + "January's key", r.rationale), r.rationale  # January 4's key, derived
            assert (len(feb) > 0) == ("FEB" in without) == bool(
                d.month > 2 and (p.params["qtype"] == "doy" or base.get("week_days") and d.isocalendar()[0] == d.year)), r.rationale
    assert derived > 300
    assert get_specialist("iso_week").Options().leap_rule is False


@pytest.mark.parametrize("base", [{}, {"doy_months": True, "week_days": True, "doy_date": True, "week_hundreds": True, "read_dates": True, "read_styles": True, "doy_has": True, "leap_first": True}])
def test_iso_week_monday_steps_derive_the_week_1_monday_from_january_4s_weekday(base):
    """monday_steps derives the week-1 Monday that week rationales state (held-out wordings too): January 4's
    weekday, which the rationale has just derived, its days after Monday (the calendar's), then 4 less them in
    January or back from December's 32 past January 1; the date it reaches is the week-1 Monday; written back
    as the stated Monday, the rationale is the one without. Day-of-year rationales do not change. Off by default."""
    said = re.compile(r"So January 4, (\d+) is a (\w+)\. So ISO week 1 of \1 starts on Monday: \2 is (\d) days? after Monday; "
                      r"(?:4 - \3 = (\d)|(\d) - 3 = (\d) days? before January 1; 32 - \6 = (\d\d)): (\w+ \d+, \d+)\.")
    kinds = Counter()
    for heldout in (False, True):
        for p, r in _paired(base, {"monday_steps": True}, 300, "iso_week", heldout=heldout):
            m = said.search(r.rationale)
            assert (m is not None) == (p.params["qtype"] == "week"), r.rationale
            if m is None:
                assert r.rationale == p.rationale
                continue
            jan4 = dt.date(int(m[1]), 1, 4)
            k = jan4.weekday()
            monday = jan4 - dt.timedelta(days=k)
            assert (m[2], int(m[3])) == (WEEKDAYS[k], k) and m[8] == fmt_date(monday, "mdy"), m[0]
            assert (int(m[4]) if m[4] else int(m[7])) == monday.day and bool(m[4]) == (k <= 3) == (monday.month == 1), m[0]
            assert m[5] is None or (m[5] == m[3] and int(m[6]) == k - 3 and int(m[7]) == 35 - k), m[0]
            assert all(len(set(v)) == 1 for _, v in arithmetic_claims(r.rationale)), r.rationale
            stated = m[0][:m[0].index(" starts on ")] + f" starts on Monday, {m[8]}."
            assert r.rationale.replace(m[0], stated) == p.rationale, (p.rationale, r.rationale)
            kinds["January" if k <= 3 else "December"] += 1
    assert min(kinds.values()) > 40 and len(kinds) == 2, kinds
    assert get_specialist("iso_week").Options().monday_steps is False


@pytest.mark.parametrize("option, week_drops", [("doy_only", ("read_styles", "doy_has")), ("has_doy_only", ("doy_has",))])
def test_iso_week_scoped_options_keep_v3s_forms_to_day_of_year_questions(option, week_drops):
    """With doy_only a week rationale is the one without read_styles and doy_has (read_dates still reads a
    numeric date); with has_doy_only the one without doy_has (read_styles on); a doy rationale is v3's either
    way, held-out wordings too; without the options it scopes, it changes nothing. Off by default."""
    v2 = {"doy_months": True, "week_days": True, "doy_date": True, "week_hundreds": True, "read_dates": True}
    v3 = {**v2, "read_styles": True, "doy_has": True}
    week_form = {k: v for k, v in v3.items() if k not in week_drops}
    for heldout in (False, True):
        cls = get_specialist("iso_week")
        scoped, week, both = (cls.from_config(o).examples(300, 3, heldout=heldout)
                              for o in ({**v3, option: True}, week_form, v3))
        kinds = {"week": 0, "doy": 0}
        for s, w, b in zip(scoped, week, both, strict=True):
            assert (s.question, s.answer) == (w.question, w.answer) == (b.question, b.answer)
            kind = s.params["qtype"]
            kinds[kind] += 1
            assert s.rationale == (w if kind == "week" else b).rationale, s.rationale
        assert min(kinds.values()) > 100, kinds
        assert sum(w.rationale != b.rationale for w, b in zip(week, both) if w.params["qtype"] == "week") > 100
    assert all(p.rationale == r.rationale for p, r in _paired(week_form, {option: True}, 200, "iso_week"))
    assert getattr(get_specialist("iso_week").Options(), option) is False


def test_iso_week_week_hundreds_divides_under_106_and_reaches_the_same_week():
    """week_hundreds splits a count of 100 days or more at its hundreds (a three-line table of weeks and days)
    and divides only the rest, under 106, by 7; every equation holds, the week is the calendar's, and counts
    under 100 and doy questions do not change. Off by default."""
    from specialists.iso_week import week_division

    for days in range(371):
        q, r = divmod(days, 7)
        text = week_division(days, hundreds=True)
        assert text.endswith(f"so week {q} + 1 = {q + 1}") and all(len(set(v)) == 1 for _, v in arithmetic_claims(text))
        assert len(arithmetic_claims(text)) == (2 if days < 100 else 5), text
        assert all(int(a) < 106 for a in re.findall(r"(\d+) = \d+ x 7 \+", text) if int(a) % 100), text
        assert (text == week_division(days, hundreds=False)) == (days < 100)
    assert week_division(108, True) == "108 = 100 + 8; 100 = 14 x 7 + 2; 2 + 8 = 10 = 1 x 7 + 3; 14 + 1 = 15, so week 15 + 1 = 16"
    split = 0
    for p, r in _paired({"week_days": True}, {"week_hundreds": True}, 300, "iso_week"):
        m = re.search(r"So (\d+) days later; (.*)\.$", p.rationale)
        if not m or int(m[1]) < 100:
            assert r.rationale == p.rationale
            continue
        split += 1
        assert r.rationale == p.rationale.replace(m[2], week_division(int(m[1]), True))
    assert split > 80
    assert get_specialist("iso_week").Options().week_hundreds is False


def test_iso_week_week_days_derive_the_days_from_the_week_1_monday_and_change_nothing_else():
    """week_days replaces the stated "<date> is N days later" by a derivation that reaches N (the same month's
    days; the day-of-year walk less the Monday's day; a Monday in the December before; a date in the next
    calendar year, past a whole year's length); every equation holds and the checker reads each (none is
    written as "= N days"), over the ISO-year boundaries of four centuries; doy questions do not change.
    Off by default."""
    cls = get_specialist("iso_week")
    on = cls.from_config({"week_days": True})
    forms = Counter()
    dates = [dt.date(y, 12, 20) + dt.timedelta(days=k) for y in range(1600, 2400, 7) for k in range(22)]
    dates += [dt.date(y, m, 11) for y in range(1601, 2400, 37) for m in range(1, 13)]
    for d in dates:
        answer, rationale = on.solve({"qtype": "week", "d": d, "date": d.isoformat()})
        assert answer == str(d.isocalendar()[1])
        assert all(len(set(v)) == 1 for _, v in arithmetic_claims(rationale)), rationale
        start = dt.date.fromisocalendar(d.isocalendar()[0], 1, 1)
        n = (d - start).days
        assert re.search(rf" = {n}\. So {n} days later; {n} = \d+ x 7 \+ \d+, so week", rationale), rationale
        forms["past a year" if " has 36" in rationale else "December Monday" if "December has 31" in rationale
              else "walk" if "is day" in rationale else "same month"] += 1
    assert min(forms.values()) > 20 and len(forms) == 4, forms
    for p, r in _paired({}, {"week_days": True}, 300, "iso_week"):
        if p.params["qtype"] == "doy":
            assert r.rationale == p.rationale
        else:
            n = (p.params["d"] - dt.date.fromisocalendar(p.params["d"].isocalendar()[0], 1, 1)).days
            said = f"{p.params['d'].isoformat()} is {n} days later"
            assert said in p.rationale and said not in r.rationale and f" = {n}. So {n} days later" in r.rationale
            assert r.rationale.split(" days later")[1] == p.rationale.split(" days later")[1]
    assert cls.Options().week_days is False


def test_invalid_inputs_raise_named_errors():
    from specialists._dates import make_date, parse_iso_date, parse_time

    with pytest.raises(SKDError, match="2023-02-30"):
        parse_iso_date("2023-02-30")
    with pytest.raises(SKDError, match="invalid date 2023-02-29"):
        make_date(2023, 2, 29)
    with pytest.raises(SKDError, match="25:00"):
        parse_time("25:00")
    with pytest.raises(SKDError, match="unknown specialist 'weekdya'; did you mean 'weekday'"):
        get_specialist("weekdya")
    cls = get_specialist("weekday")
    with pytest.raises(SKDError, match="year range"):
        cls.from_config({"year_min": 2100, "year_max": 1900})
    with pytest.raises(SKDError, match="unknown option 'ration'.*'rationale'"):
        cls.from_config({"ration": False})


def test_range_options_are_respected_and_checked():
    from specialist_kd.evaluate import parse_dates

    ex = get_specialist("date_add_days").from_config({"max_days": 5, "questions": ["days"]}).examples(300, 0)
    assert {int(re.search(r"(\d+) days?", e.question)[1]) for e in ex} <= set(range(1, 6))
    with pytest.raises(SKDError, match=r"unknown question type\(s\) \['months'\].*accepted: days, weeks"):
        get_specialist("date_add_days").from_config({"questions": ["months"]})
    for e in get_specialist("days_between").from_config({"max_gap": 3, "questions": ["days", "inclusive"]}
                                                        ).examples(300, 0):
        a, b = parse_dates(e.question)[:2]
        assert 1 <= (b - a).days <= 3
    ex = get_specialist("clock_add_minutes").from_config({"max_minutes": 59}).examples(300, 0)
    assert all("Minutes: " in e.rationale and " x 60 " not in e.rationale for e in ex)  # no whole hours to split off
    ex = get_specialist("clock_add_minutes").from_config({"max_minutes": 600}).examples(300, 0)
    assert sum(" x 60 = " in e.rationale for e in ex) > 200  # the check above can fail
    with pytest.raises(SKDError, match="max_days=0 must be >= 1"):
        get_specialist("date_add_days").from_config({"max_days": 0})


SOLVE_CASES = {
    "date_add_days": ({"date": "2024-02-28", "days": "2"}, "2024-03-01"),
    "weekday": ({"date": "2000-01-01"}, "Saturday"),
    "days_between": ({"start": "2023-12-25", "end": "2024-03-01", "count": "inclusive"}, "68"),
    "clock_add_minutes": ({"time": "11:50 PM", "minutes": "20"}, "12:10 AM"),
    "date_add_months": ({"date": "2024-01-31", "months": "1"}, "2024-02-29"),
    "month_shift": ({"month": "1798-02", "months": "104"}, "October 1806"),
    "iso_week": ({"date": "2024-12-30", "number": "week"}, "1"),
    "leap_year": ({"year": "1900", "question": "is_leap"}, "No"),
    "duration": ({"op": "sub", "a": "1:00:05", "b": "0:00:10"}, "0 h 59 min 55 s"),
    "timezone": ({"datetime": "2024-03-31T03:30", "from": "Europe/London", "to": "Asia/Tokyo"}, "2024-03-31 11:30"),
    "relative_date": ({"question": "last_business_day", "date": "2024-08-01", "weekday": "Monday", "nth": "1"},
                      "2024-08-30"),
    "business_days": ({"start": "2024-12-23", "end": "2025-01-06", "holidays": "2024-12-25,2025-01-01"}, "8"),
}


@pytest.mark.parametrize("name", RULE)
def test_solve_from_user_arguments(name):
    assert name in SOLVE_CASES, f"add a `skd solve` case for the new specialist {name!r}"
    args, want = SOLVE_CASES[name]
    answer, rationale = get_specialist(name)().solve_args_checked(args)
    assert answer == want and rationale
    for key in get_specialist(name).solve_args:  # one bad value at a time: the error names it
        bad = {**args, key: "2023-02-30" if "YYYY" in args[key] or "-" in args[key] else "25:99" if ":" in args[key]
               else "x"}
        with pytest.raises(SKDError, match=f"invalid [a-z]+ '{re.escape(bad[key])}'|unknown time zone 'x'"):
            get_specialist(name)().solve_args_checked(bad)


def test_calendar_edge_cases():
    def solve(name, **args):
        return get_specialist(name)().solve_args_checked(args)[0]

    # month-end clamping, leap rules at centuries, ISO weeks across the year boundary
    assert solve("date_add_months", date="2023-01-31", months="1") == "2023-02-28"
    assert solve("date_add_months", date="2024-02-29", months="12") == "2025-02-28"
    assert solve("date_add_months", date="2024-05-31", months="-3") == "2024-02-29"
    assert [solve("leap_year", year=y, question="is_leap") for y in ("1900", "2000", "2024", "2023")] == \
        ["No", "Yes", "Yes", "No"]
    assert solve("leap_year", year="2096", question="next_leap") == "2104"  # 2100 is skipped
    assert solve("iso_week", date="2021-01-03", number="week") == "53"  # belongs to ISO year 2020
    assert solve("iso_week", date="2024-12-30", number="week") == "1"  # belongs to ISO year 2025
    assert solve("iso_week", date="2024-12-31", number="doy") == "366"
    assert solve("month_shift", month="2024-11", months="-23") == "December 2022"
    assert solve("relative_date", question="weekday_after", date="2024-03-08", weekday="Friday", nth="1") == \
        "2024-03-15"  # "after" is strict
    assert solve("business_days", start="2024-03-09", end="2024-03-11", holidays="none") == "0"  # a weekend
    assert solve("days_between", start="2024-02-28", end="2024-03-01", count="days") == "2"


def test_clock_edge_cases_noon_and_midnight():
    def solve(t, m):
        return get_specialist("clock_add_minutes")().solve_args_checked({"time": t, "minutes": m})[0]

    assert solve("11:59 AM", "1") == "12:00 PM"
    assert solve("12:00 AM", "-1") == "11:59 PM"
    assert solve("12:30 PM", "30") == "1:00 PM"
    assert solve("23:30", "45") == "00:15"
    with pytest.raises(SKDError, match="invalid time '13:00 PM'"):
        solve("13:00 PM", "1")


def test_time_zones_dst_gaps_overlaps_and_date_changes():
    from specialists.timezone import zone

    def solve(when, src, dst):
        return get_specialist("timezone")().solve_args_checked({"datetime": when, "from": src, "to": dst})

    assert solve("2024-03-10T01:59", "America/New_York", "UTC")[0] == "2024-03-10 06:59"  # EST, before the gap
    assert solve("2024-03-10T03:00", "America/New_York", "UTC")[0] == "2024-03-10 07:00"  # EDT, after it
    assert solve("2024-06-30T23:30", "UTC", "Asia/Tokyo")[0] == "2024-07-01 08:30"  # the date changes
    assert solve("2024-01-01T00:15", "Asia/Kathmandu", "UTC")[0] == "2023-12-31 18:30"  # +05:45, back a year
    answer, rationale = solve("2024-11-03T06:30", "UTC", "America/New_York")
    assert answer == "2024-11-03 01:30" and "second" in rationale  # the repeated hour, said so
    with pytest.raises(SKDError, match="2024-03-10 02:30 in America/New_York does not exist"):
        solve("2024-03-10T02:30", "America/New_York", "UTC")
    with pytest.raises(SKDError, match="2024-11-03 01:30 in America/New_York is ambiguous"):
        solve("2024-11-03T01:30", "America/New_York", "UTC")
    with pytest.raises(SKDError, match="unknown time zone 'Mars/Olympus'"):
        solve("2024-01-01T00:00", "UTC", "Mars/Olympus")
    with pytest.raises(SKDError, match="unknown time zone '../etc'"):
        zone("../etc")
    # zones come from the tzdata package, not the OS's /usr/share/zoneinfo
    import tzdata

    assert zone("Europe/Berlin").key == "Europe/Berlin" and tzdata.IANA_VERSION
    for ex in get_specialist("timezone")().examples(300, seed=2):  # asked questions never hit a gap/overlap
        assert "happens twice" not in ex.rationale


def test_invalid_calculator_inputs_name_the_value():
    def solve(name, **args):
        return get_specialist(name)().solve_args_checked(args)

    with pytest.raises(SKDError, match="would be negative"):
        solve("duration", op="sub", a="0:00:05", b="0:01:00")
    with pytest.raises(SKDError, match="invalid duration '-1:00:00'"):
        solve("duration", op="to_seconds", a="-1:00:00", b="0:00:00")
    with pytest.raises(SKDError, match="invalid month '1798-13'"):
        solve("month_shift", month="1798-13", months="1")
    with pytest.raises(SKDError, match="invalid weekday 'Fryday'"):
        solve("relative_date", question="weekday_after", date="2024-01-01", weekday="Fryday", nth="1")
    with pytest.raises(SKDError, match="invalid date '2024-02-30'"):
        solve("business_days", start="2024-02-01", end="2024-03-01", holidays="2024-02-30")


@pytest.mark.parametrize("name", RULE)
def test_same_seed_byte_identical_shards(name, tmp_path):
    from specialist_kd.records import write_records
    from specialist_kd.utils import sha256_file

    cls = get_specialist(name)
    for d in ("a", "b"):
        write_records(tmp_path / f"{d}.parquet", cls().generate(40, seed=7, ctx=None))
    assert sha256_file(tmp_path / "a.parquet") == sha256_file(tmp_path / "b.parquet")


@pytest.mark.parametrize("name", [n for n in RULE if "year_min" in get_specialist(n).Options.__dataclass_fields__])
def test_whole_calendar_range(name):
    """Years 1-9998, where the proleptic Gregorian calendar of `datetime` allows: no overflow, still exact."""
    spec = get_specialist(name).from_config({"year_min": 1, "year_max": 9998} if name != "timezone" else {})
    for ex in spec.examples(500, seed=13) + spec.examples(200, seed=13, heldout=True):
        CHECKS[name](ex)


def test_general_prompts_are_a_seeded_sample_capped_at_the_pool_with_a_warning(caplog):
    general = get_specialist("general").from_config({})
    some = general.prompts(5, 0)
    assert len(set(some)) == 5 and some == general.prompts(5, 0) and some != general.prompts(5, 1)
    with caplog.at_level("WARNING", logger="specialists.general"):
        everything = general.prompts(100_000, 0)
    assert 100 < len(everything) < 100_000 and len(set(everything)) == len(everything)
    assert f"n=100000, but data/general_instructions.txt holds {len(everything)} prompts" in caplog.text
