"""The report table, and comparing runs side by side (`report.compare`)."""

from __future__ import annotations

import json

import pytest

from specialist_kd import SKDError
from specialist_kd.config import load_config
from specialist_kd.report import make_table, merge_compared, run_report, steps_by_size_table, steps_table
from specialist_kd.utils import write_manifest


def _results(student: float, options: dict | None = None) -> dict:
    acc = {"metric": "accuracy", "n": 20}
    return {"suites": {"weekday": {"domain": "weekday", "version": 1, "options": options or {}}},
            "results": {"weekday": {"base": {**acc, "value": 0.0}, "student": {**acc, "value": student}}}}


def _eval_dir(root, results):
    d = root / "eval"
    d.mkdir(parents=True)
    (d / "results.json").write_text(json.dumps(results))
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
