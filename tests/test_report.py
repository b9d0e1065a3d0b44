"""The report table, and comparing runs side by side (`report.compare`)."""

from __future__ import annotations

import json

import pytest
import torch

from specialist_kd import SKDError
from specialist_kd.config import load_config
from specialist_kd.report import (
    cut_table,
    make_table,
    mcnemar_p,
    merge_compared,
    paired_table,
    run_report,
    saved_samples,
    steps_by_size_table,
    steps_table,
)
from specialist_kd.utils import write_manifest


def _results(student: float, options: dict | None = None) -> dict:
    acc = {"metric": "accuracy", "n": 20}
    return {"suites": {"weekday": {"domain": "weekday", "version": 1, "options": options or {}}},
            "results": {"weekday": {"base": {**acc, "value": 0.0}, "student": {**acc, "value": student}}}}


def _eval_dir(root, results, right: dict[str, list[bool]] | None = None):
    """An eval output; `right`: model -> whether it answered each of the weekday questions "q0", "q1", ... right."""
    d = root / "eval"
    d.mkdir(parents=True)
    (d / "results.json").write_text(json.dumps(results))
    if right is not None:
        (d / "samples.jsonl").write_text("".join(
            json.dumps({"suite": "weekday", "model": m, "prompt": f"q{i}", "gold": "Monday", "output": "",
                        "correct": ok}) + "\n" for m, oks in right.items() for i, ok in enumerate(oks)))
    write_manifest(d, "eval", {})


def test_compare_adds_labelled_columns_and_refuses_different_questions(tmp_path, capsys):
    _eval_dir(tmp_path / "a", _results(0.5))
    _eval_dir(tmp_path / "b", _results(0.25))
    cfg = load_config("toy", workdir=str(tmp_path / "a"),
                      overrides=[f"report.compare={{answers: {tmp_path / 'b'}}}"])
    run_report(cfg)
    md = (tmp_path / "a" / "report" / "report.md").read_text()
    header, rows = make_table(merge_compared(_results(0.5), {"answers": _results(0.25)}))
    assert header[3:] == ["base", "answers/base", "student", "answers/student"]
    assert rows[0][3:] == ["0.0%", "0.0%", "50.0%", "25.0%"]
    assert "| base | answers/base | student | answers/student |" in md and "| 50.0% | 25.0% |" in md
    with pytest.raises(SKDError, match="suite 'weekday' differs"):
        merge_compared(_results(0.5), {"x": _results(0.2, options={"max_days": 3})})


def test_compare_accepts_another_suite_version_where_the_saved_outputs_asked_the_same_questions(tmp_path, caplog):
    # a suite version that changed only the token budget asks the same questions: compared, with a warning
    newer = _results(0.5)
    newer["suites"]["weekday"]["version"] = 2
    _eval_dir(tmp_path / "a", newer, {"student": [True, True, False, True]})
    _eval_dir(tmp_path / "b", _results(0.25), {"student": [False, True, False, False]})
    cfg = load_config("toy", workdir=str(tmp_path / "a"), overrides=[f"report.compare={{v1: {tmp_path / 'b'}}}"])
    run_report(cfg)
    md = (tmp_path / "a" / "report" / "report.md").read_text()
    assert "| weekday | student | v1/student | 4 | 3 | 1 | 2 | 0 |" in md
    assert "version 1 there, 2 here, but both runs asked the same 4 questions" in caplog.text
    assert "Note: report.compare.v1: suite 'weekday' is version 1 there, 2 here" in md
    # other questions (one more asked there) or no saved outputs there: refused, as before
    _eval_dir(tmp_path / "c", _results(0.25), {"student": [False, True, False, False, True]})
    _eval_dir(tmp_path / "d", _results(0.25))
    for other in ("c", "d"):
        cfg = load_config("toy", workdir=str(tmp_path / "a"), overrides=[f"report.compare={{x: {tmp_path / other}}}"])
        with pytest.raises(SKDError, match="the saved outputs do not show the same questions"):
            run_report(cfg)


def test_checkpoint_columns_sit_between_specialists_and_the_student_by_step():
    res = _results(0.5)
    acc = {"metric": "accuracy", "n": 20}
    for m, v in [("student@100", 0.4), ("student@20", 0.1), ("specialist:calendar", 0.9)]:
        res["results"]["weekday"][m] = {**acc, "value": v}
    header, rows = make_table(res)
    assert header[3:] == ["base", "specialist:calendar", "student@20", "student@100", "student"]  # 20 before 100
    assert rows[0][3:] == ["0.0%", "90.0%", "10.0%", "40.0%", "50.0%"]


def test_steps_table_shows_the_share_of_arithmetic_that_holds(tmp_path):
    res = _results(0.5)
    res["results"]["weekday"]["student"]["steps"] = [30, 40]
    res["results"]["weekday"]["base"]["steps"] = [0, 0]  # no equations written: no cell
    header, rows = steps_table(res)
    assert header == ["suite", "base", "student"] and rows == [["weekday", "—", "75% of 40"]]
    assert steps_table(_results(0.5)) is None  # results from before step checking
    _eval_dir(tmp_path, res)
    run_report(load_config("toy", workdir=str(tmp_path)))
    assert "Arithmetic steps that hold" in (tmp_path / "report" / "report.md").read_text()


def test_cut_table_counts_outputs_that_ran_out_of_tokens(tmp_path):
    res = _results(0.5)
    res["results"]["weekday"]["student"]["cut"] = 3  # base: a run from before the count ("—")
    header, rows = cut_table(res)
    assert header == ["suite", "base", "student"] and rows == [["weekday", "—", "3 of 20"]]
    res["results"]["weekday"]["student"]["cut"] = 0
    assert cut_table(res) is None and cut_table(_results(0.5)) is None  # nothing cut: no table
    res["results"]["weekday"]["student"]["cut"] = 3
    _eval_dir(tmp_path, res)
    run_report(load_config("toy", workdir=str(tmp_path)))
    assert "| weekday | — | 3 of 20 |" in (tmp_path / "report" / "report.md").read_text()


def test_steps_by_size_table_sums_suites_per_model(tmp_path):
    res = _results(0.5)
    res["suites"]["clock"] = res["suites"]["weekday"]
    res["results"]["clock"] = {"student": {"metric": "accuracy", "n": 20, "value": 0.0,
                                           "steps_by_size": {"1": [9, 10], "2": [1, 2], "3": [0, 0], "4+": [0, 1]}}}
    res["results"]["weekday"]["student"]["steps_by_size"] = {"1": [1, 10], "2": [0, 0], "3": [0, 0], "4+": [1, 3]}
    res["results"]["weekday"]["base"]["steps_by_size"] = {s: [0, 0] for s in ("1", "2", "3", "4+")}
    header, rows = steps_by_size_table(res)
    assert header == ["model", "1 digit", "2 digits", "3 digits", "4+ digits"]
    assert rows == [["student", "50% of 20", "50% of 2", "—", "25% of 4"]]  # base wrote no equation: no row
    assert steps_by_size_table(_results(0.5)) is None  # results from before the split
    _eval_dir(tmp_path, res)
    run_report(load_config("toy", workdir=str(tmp_path)))
    assert "| student | 50% of 20 | 50% of 2 | — | 25% of 4 |" in (tmp_path / "report" / "report.md").read_text()


def test_mcnemar_p_is_the_two_sided_binomial_tail_of_the_split():
    for only_here, only_there in [(10, 23), (27, 25), (0, 6), (3, 3)]:
        n = only_here + only_there
        k = torch.arange(min(only_here, only_there) + 1, dtype=torch.float64)
        tail = torch.distributions.Binomial(n, torch.tensor(0.5, dtype=torch.float64)).log_prob(k).exp().sum()
        assert mcnemar_p(only_here, only_there) == pytest.approx(min(1.0, 2 * tail.item()), rel=1e-9)
        assert mcnemar_p(only_here, only_there) == mcnemar_p(only_there, only_here)
    assert mcnemar_p(10, 23) == pytest.approx(0.035, abs=5e-4) and mcnemar_p(0, 0) == 1.0


def test_compare_pairs_the_same_model_question_by_question(tmp_path):
    # equal totals (3 of 6 each) but different questions right: only the paired counts tell them apart
    _eval_dir(tmp_path / "a", _results(0.5), {"student": [True, True, True, False, False, False],
                                              "base": [False] * 6})
    _eval_dir(tmp_path / "b", _results(0.5), {"student": [False, False, True, True, True, False],
                                              "specialist:calendar": [True] * 6})
    header, rows = paired_table(saved_samples(tmp_path / "a"), {"other": saved_samples(tmp_path / "b")})
    assert header[3:8] == ["questions", "right", "right there", "only here", "only there"]
    assert rows == [["weekday", "student", "other/student", "6", "3", "3", "2", "2", "1"]]  # no base there
    _eval_dir(tmp_path / "c", _results(0.5))  # a run saved without its outputs: nothing to pair
    assert paired_table(saved_samples(tmp_path / "a"), {"old": saved_samples(tmp_path / "c")}) is None
    run_report(load_config("toy", workdir=str(tmp_path / "a"),
                           overrides=[f"report.compare={{other: {tmp_path / 'b'}}}"]))
    md = (tmp_path / "a" / "report" / "report.md").read_text()
    assert "| weekday | student | other/student | 6 | 3 | 3 | 2 | 2 | 1 |" in md
    assert json.loads((tmp_path / "a" / "report" / "report.json").read_text())["paired"]["rows"] == rows
    (tmp_path / "b" / "eval" / "samples.jsonl").write_text('{"suite": "weekday"\n')
    with pytest.raises(SKDError, match="corrupt .*samples.jsonl at line 1"):
        saved_samples(tmp_path / "b")
    (tmp_path / "a" / "eval" / "samples.jsonl").write_text("not json\n")
    run_report(load_config("toy", workdir=str(tmp_path / "a")))  # nothing compared: the outputs are not read


def test_report_pairs_names_any_two_models_of_this_run_or_a_compared_one(tmp_path):
    # a checkpoint of this run against the other run's final student, and this run's end against its checkpoint
    _eval_dir(tmp_path / "a", _results(0.5), {"student": [True, True, True, True, False, False],
                                              "student@4": [True, False, False, False, True, False]})
    _eval_dir(tmp_path / "b", _results(0.5), {"student": [False, False, True, True, True, False]})
    pairs = [["student@4", "other/student"], ["student", "student@4"], ["student", "other/student"]]
    a, b = saved_samples(tmp_path / "a"), saved_samples(tmp_path / "b")
    header, rows = paired_table(a, {"other": b}, pairs)
    assert rows == [["weekday", "student", "other/student", "6", "4", "3", "2", "1", "1"],  # once, not twice
                    ["weekday", "student@4", "other/student", "6", "2", "3", "1", "2", "1"],
                    ["weekday", "student", "student@4", "6", "4", "2", "3", "1", "0.62"]]
    # pairs inside one run need no compared run
    assert paired_table(a, {}, [["student", "student@4"]])[1] == rows[2:]
    cfg = load_config("toy", workdir=str(tmp_path / "a"), overrides=[
        f"report.compare={{other: {tmp_path / 'b'}}}", "report.pairs=[[student@4, other/student]]"])
    run_report(cfg)
    md = (tmp_path / "a" / "report" / "report.md").read_text()
    assert "| weekday | student@4 | other/student | 6 | 2 | 3 | 1 | 2 | 1 |" in md
    with pytest.raises(SKDError, match=r"no saved outputs of model 'student@8' \(models with outputs: student@4, "
                                       r"student, other/student\)"):
        paired_table(a, {"other": b}, [["student@8", "other/student"]])
    _eval_dir(tmp_path / "c", {**_results(0.5), "suites": {"iso_week": {}}}, {})
    (tmp_path / "c" / "eval" / "samples.jsonl").write_text(json.dumps(
        {"suite": "iso_week", "model": "student", "prompt": "q0", "gold": "1", "output": "", "correct": True}) + "\n")
    with pytest.raises(SKDError, match="'student' and 'c/student' answered no suite in common"):
        paired_table(a, {"c": saved_samples(tmp_path / "c")}, [["student", "c/student"]])


@pytest.mark.parametrize("pairs, error", [
    ("[[student]]", r"report.pairs\[0\]: \['student'\] is not two different models"),
    ("[[student, student]]", r"is not two different models"),
    ("[[student, old/student]]", r"'old/student' names run 'old', which report.compare does not \(compared runs: none\)"),
])
def test_malformed_report_pairs_are_one_line_errors(pairs, error):
    with pytest.raises(SKDError, match=error):
        load_config("toy", overrides=[f"report.pairs={pairs}"])


def test_a_mean_row_averages_the_accuracy_suites_for_models_scored_on_all_of_them():
    res = _results(0.5)
    acc = {"metric": "accuracy", "n": 40}
    res["results"]["clock_add_minutes"] = {"student": {**acc, "value": 0.25}, "student@9": {**acc, "value": 1.0}}
    res["results"]["general"] = {"student": {"metric": "mean_logprob", "n": 40, "value": -1.2}}  # not averaged
    header, rows = make_table(res)
    assert header[3:] == ["base", "student@9", "student"]
    assert rows[-1] == ["mean of 2 suites", "accuracy", "", "—", "—", "37.5%"]  # base and @9 lack a suite
    assert make_table(_results(0.5))[1][-1][0] == "weekday"  # one accuracy suite: no mean row
