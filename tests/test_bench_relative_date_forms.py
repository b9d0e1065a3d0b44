"""bench/relative_date_forms.py, the diagnostic of which type's form relative_date outputs take: the
calculator's own responses to the suite's questions each take their own type's form with every gap step and
date sum right (stated or with `day_sum`), and slips land where they belong."""

import re

from _bench import calculator_outputs, load, run_with_samples

from specialist_kd.evaluate import EvalSuite

rf = load("relative_date_forms")


def _suite_outputs(options: dict, n: int = 60) -> list[tuple[str, str]]:
    """(question, the calculator's response with `options`) for the suite's first `n` questions."""
    return calculator_outputs("relative_date", options, n, EvalSuite.from_yaml(rf.SUITE).source.seed, True)


def test_the_calculators_responses_take_their_own_form_and_every_step_holds():
    types = rf.question_types(60)
    for options in ({}, {"day_sum": True}, {"month_check": True}, {"gap_steps": False}):
        for prompt, output in _suite_outputs(options):
            qtype = types[prompt]  # the suite's own question, whatever the options
            assert rf.form_of(output) == qtype, (qtype, output)
            assert not rf.SUBJECT.search(output), output
            gaps = list(rf.GAP.finditer(output))
            assert len(gaps) == (0 if options.get("gap_steps") is False else 1), output
            assert all(rf.gap_right(m) == (True, True) for m in gaps), output
            sums = list(rf.SUM.finditer(output))
            assert len(sums) == (qtype == "weekday_after") and all(rf.sum_right(m)[0] for m in sums), output


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
