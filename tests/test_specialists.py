"""Every registered rule-based specialist: exact answers checked against an independent computation,
determinism, held-out templates, and the scorer parsing its own responses."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from dateutil.relativedelta import relativedelta

from specialist_kd import SKDError
from specialist_kd.evaluate import extract_answer, score_answer
from specialist_kd.specialist import get_specialist, registry

RULE = sorted(n for n, c in registry().items() if c.kind == "rule")


def _iso_dates(text: str) -> list[dt.date]:
    return [dt.date.fromisoformat(m) for m in re.findall(r"\d{4}-\d{2}-\d{2}", text)]


# Independent checks: dateutil / plain ordinal arithmetic, not the specialists' own code paths.
def check_date_add_days(ex) -> None:
    q = ex.question
    n = int(re.search(r"(\d+) days", q)[1])
    start = extract_answer("date", q)
    back = any(w in q for w in ("before", "ago", "backward", " - "))
    assert dt.date.fromisoformat(ex.answer) == start + relativedelta(days=-n if back else n)


def check_weekday(ex) -> None:
    d = extract_answer("date", ex.question)
    assert ex.answer == d.strftime("%A")


def check_days_between(ex) -> None:
    from specialist_kd.evaluate import parse_dates

    a, b = parse_dates(ex.question)
    assert int(ex.answer) == b.toordinal() - a.toordinal()


def check_clock_add_minutes(ex) -> None:
    q = ex.question
    m = int(re.search(r"(\d+) minutes", q)[1])
    h, mi = map(int, re.search(r"(\d{2}):(\d{2})", q).groups())
    back = any(w in q for w in ("before", "earlier", "backward", " - "))
    want = (h * 60 + mi + (-m if back else m)) % 1440
    assert ex.answer == f"{want // 60:02d}:{want % 60:02d}"


CHECKS = {f.__name__.removeprefix("check_"): f for f in
          (check_date_add_days, check_weekday, check_days_between, check_clock_add_minutes)}


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
            assert score_answer(spec.answer_kind, spec.format_response(ex, rationale), ex.answer), ex
    wrong = spec.examples(50, seed=4)
    right = spec.examples(50, seed=3)
    mismatched = [score_answer(spec.answer_kind, f"Answer: {w.answer}", r.answer) for w, r in zip(wrong, right)
                  if w.answer != r.answer]
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
    n_train = len(cls.templates) - cls.n_heldout
    train_t = {e.template for e in cls().examples(500, seed=1)}
    held_t = {e.template for e in cls().examples(200, seed=1, heldout=True)}
    assert train_t == set(range(n_train)) and held_t == set(range(n_train, len(cls.templates)))


def test_rationale_option_changes_the_response():
    cls = get_specialist("date_add_days")
    with_r = cls(cls.Options(rationale=True)).generate(5, 0, None)
    without = cls(cls.Options(rationale=False)).generate(5, 0, None)
    assert all(r.response.startswith("Answer:") for r in without)
    assert all("\nAnswer: " in r.response and len(r.response) > len(w.response) for r, w in zip(with_r, without))


def test_edge_cases_leap_day_and_midnight():
    from specialists.clock_add_minutes import shift_rationale
    from specialists.date_add_days import add_days_rationale

    assert add_days_rationale(dt.date(2024, 2, 28), 1)[0] == dt.date(2024, 2, 29)
    assert add_days_rationale(dt.date(2023, 2, 28), 1)[0] == dt.date(2023, 3, 1)
    assert add_days_rationale(dt.date(2000, 1, 1), -1)[0] == dt.date(1999, 12, 31)
    assert add_days_rationale(dt.date(1900, 3, 1), -1)[0] == dt.date(1900, 2, 28)  # 1900 is not a leap year
    assert shift_rationale(23 * 60 + 59, 1)[0] == 0
    assert shift_rationale(0, -1)[0] == 23 * 60 + 59


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

    ex = get_specialist("date_add_days").from_config({"max_days": 5}).examples(300, 0)
    assert {int(re.search(r"(\d+) days", e.question)[1]) for e in ex} <= set(range(1, 6))
    for e in get_specialist("days_between").from_config({"max_gap": 3}).examples(300, 0):
        a, b = parse_dates(e.question)
        assert 1 <= (b - a).days <= 3
    ex = get_specialist("clock_add_minutes").from_config({"max_minutes": 59}).examples(300, 0)
    assert not any(re.match(r"\d+ min = \d+ h", e.rationale) for e in ex)  # no whole hours to split off
    with pytest.raises(SKDError, match="max_days=0 must be >= 1"):
        get_specialist("date_add_days").from_config({"max_days": 0})


SOLVE_CASES = {
    "date_add_days": ({"date": "2024-02-28", "days": "2"}, "2024-03-01"),
    "weekday": ({"date": "2000-01-01"}, "Saturday"),
    "days_between": ({"start": "2023-12-25", "end": "2024-03-01"}, "67"),
    "clock_add_minutes": ({"time": "00:10", "minutes": "-20"}, "23:50"),
}


@pytest.mark.parametrize("name", RULE)
def test_solve_from_user_arguments(name):
    assert name in SOLVE_CASES, f"add a `skd solve` case for the new specialist {name!r}"
    args, want = SOLVE_CASES[name]
    answer, rationale = get_specialist(name)().solve_args_checked(args)
    assert answer == want and rationale
    bad = {k: ("2023-02-30" if "YYYY" in v else "25:00" if "HH" in v else "x")
           for k, v in get_specialist(name).solve_args.items()}
    with pytest.raises(SKDError, match=r"invalid (date|time|days|minutes) '"):
        get_specialist(name)().solve_args_checked(bad)
