"""bench/relative_date_forms.py, the diagnostic of which type's form relative_date outputs take: the
calculator's own responses to the suite's questions each take their own type's form with every gap step and
date sum right (stated, or with `day_sum`) or day walk right (`day_walk`, the default), and slips land where
they belong."""

import datetime as dt
import re

from _bench import calculator_outputs, load, run_with_samples

from specialist_kd.evaluate import EvalSuite
from specialist_kd.specialist import get_specialist
from specialists._dates import WEEKDAYS

rf = load("relative_date_forms")


def _suite_outputs(options: dict, n: int = 60) -> list[tuple[str, str]]:
    """(question, the calculator's response with `options`) for the suite's first `n` questions."""
    return calculator_outputs("relative_date", options, n, EvalSuite.from_yaml(rf.SUITE).source.seed, True)


def test_the_calculators_responses_take_their_own_form_and_every_step_holds():
    params = rf.question_params(60)
    for options in ({}, {"day_sum": True}, {"month_check": True}, {"gap_steps": False, "day_walk": False},
                    {"day_walk": False}, {"month_end": True}):
        walks_on = get_specialist("relative_date").from_config(options).options.day_walk
        for prompt, output in _suite_outputs(options):
            qtype = params[prompt]["qtype"]  # the suite's own question, whatever the options
            assert rf.form_of(output) == qtype, (qtype, output)
            assert not rf.SUBJECT.search(output), output
            gaps = list(rf.GAP.finditer(output))
            walked = walks_on and qtype == "weekday_after"
            assert len(gaps) == (0 if options.get("gap_steps") is False or walked else 1), output
            assert all(rf.gap_right(m) == (True, True) for m in gaps), output
            sums = list(rf.SUM.finditer(output))
            assert len(sums) == (qtype == "weekday_after" and not walked), output
            assert all(rf.sum_right(m)[0] for m in sums), output
            walks = list(rf.WALK.finditer(output))
            assert len(walks) == bool(walked), output
            for m in walks:
                got = rf.walk_steps(m, params[prompt]["d"], params[prompt]["weekday"])
                assert got["begun"] == got["ended"] == 1 and got["step right"] == got["steps"], output
                assert got["weekday right"] == got["days"] == got["steps"] + 1, output
            stated = list(rf.MONTH_END.finditer(output))
            assert len(stated) == (walked and options.get("month_end", False)), output
            assert all(rf.month_end_right(m, params[prompt]["d"]) for m in stated), output


def test_main_counts_forms_subjects_gaps_and_sums(tmp_path, capsys):
    rows = [(p, o, True) for p, o in _suite_outputs({"day_sum": True}, 40)]
    after = next(i for i, (_, o, _) in enumerate(rows) if re.search(r"\+ \d+ days: ", o))
    p, o, _ = rows[after]
    day = re.search(r", so \d{4}-\d\d-(\d\d)\.\n", o)[1]
    rows[after] = (p, o.replace(f"-{day}.\n", f"-{'27' if day == '28' else '28'}.\n"), False)  # its sum wrong
    club = next(i for i, (p, _, _) in enumerate(rows) if p.startswith("A club meets"))
    p, o, _ = rows[club]
    gap = rf.GAP.search(o)
    named = re.sub(r" is (\d),", lambda m: f" is {(int(m[1]) + 1) % 7},", gap[0], count=1)  # a number misnamed
    wrong = re.sub(r"So the (first|second|third|fourth) (\w+day) is day 1 \+ ", r"So the club meets on the \1 \2. "
                   r"So the \1 \2 is day 7 + ", o.replace(gap[0], named), count=1)  # the subject, another day
    rows[club] = (p, wrong, False)
    rf.main([str(run_with_samples(tmp_path, "relative_date", rows))])
    out = capsys.readouterr().out
    assert "40 relative_date outputs, 38 right" in out
    line = next(x for x in out.splitlines() if x.startswith("  nth_weekday: "))
    assert "nth_weekday from another day 1 (0 right)" in line and line.endswith("written where a step goes: 1")
    sums = sum(bool(re.search(r"\+ \d+ days: ", o)) for _, o, _ in rows)
    assert f"date sums: {sums} written, {sums - 1} right" in out
    gaps = sum(len(rf.GAP.findall(o)) for _, o, _ in rows)
    assert f"gap steps: {gaps} written, the weekday numbers right in {gaps - 1}, the subtraction (and wrap) right " \
        f"in {gaps - 1}" in out


def test_walk_steps_counts_each_slip_where_it_lands(tmp_path, capsys):
    """A walk past a month's end to 05-32 (two steps from its last two days, one right), a weekday misnamed,
    and one that stops early are each counted in their place, and main prints the walks."""
    walk = rf.WALK.search("The days after it: Wednesday 2345-05-30, Thursday 2345-05-31, Friday 2345-05-32, "
                          "Saturday 2345-06-02.")  # from Tuesday 2345-05-29
    got = rf.walk_steps(walk, dt.date(2345, 5, 29), "Saturday")
    assert (got["begun"], got["ended"], got["steps"], got["step right"]) == (1, 1, 3, 1)
    assert (got["month end"], got["month end right"], got["days"], got["weekday right"]) == (2, 1, 4, 3)
    early = rf.walk_steps(rf.WALK.search("The days after it: Wednesday 2345-05-30."), dt.date(2345, 5, 28),
                          "Saturday")
    assert (early["begun"], early["ended"], early["weekday right"]) == (0, 0, 1)
    rows = [(p, o, True) for p, o in _suite_outputs({"day_walk": True}, 40)]
    after = next(i for i, (_, o, _) in enumerate(rows) if rf.WALK.search(o))
    p, o, _ = rows[after]
    misnamed = re.sub(r"(The days after it: )(\w+day)", lambda m: m[1] + WEEKDAYS[WEEKDAYS.index(m[2]) - 1], o,
                      count=1)  # its first weekday, the one before
    rows[after] = (p, misnamed, False)
    rf.main([str(run_with_samples(tmp_path, "relative_date", rows))])
    out = capsys.readouterr().out
    walks = [rf.WALK.search(o) for _, o, _ in rows]
    days = sum(len(m[1].split(", ")) for m in walks if m)
    assert f"day walks: {sum(map(bool, walks))} written" in out
    assert f"weekdays right {days - 1} of {days}" in out, out


def test_main_counts_the_month_ends_stated_and_their_slips(tmp_path, capsys):
    """`month_end`'s sentence with a wrong length ("April ... has 31 days") or a wrong next month (December
    followed by "January" of the same year) is counted wrong; the calculator's own are right."""
    april = rf.MONTH_END.search("April 2023 has 31 days, then May 2023. The days after it: ")
    assert not rf.month_end_right(april, dt.date(2023, 4, 28))
    assert rf.month_end_right(rf.MONTH_END.search("April 2023 has 30 days, then May 2023. The days after it: "),
                              dt.date(2023, 4, 28))
    december = "December 2080 has 31 days, then January {}. The days after it: "
    assert rf.month_end_right(rf.MONTH_END.search(december.format(2081)), dt.date(2080, 12, 27))
    assert not rf.month_end_right(rf.MONTH_END.search(december.format(2080)), dt.date(2080, 12, 27))
    rows = [(p, o, True) for p, o in _suite_outputs({"month_end": True}, 40)]
    after = next(i for i, (_, o, _) in enumerate(rows) if rf.MONTH_END.search(o))
    p, o, _ = rows[after]
    rows[after] = (p, re.sub(r"has (\d+) days, then", lambda m: f"has {int(m[1]) + 1} days, then", o), False)
    rf.main([str(run_with_samples(tmp_path, "relative_date", rows))])
    stated = sum(bool(rf.MONTH_END.search(o)) for _, o, _ in rows)
    assert f"the month's length and the next month before the walk: {stated} written, {stated - 1} right" \
        in capsys.readouterr().out
