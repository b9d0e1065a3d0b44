"""bench/steps_by_exposure.py: each equation of the eval outputs binned by how often its left-hand side was
written in the rows the student trained on (validation rows do not count), and whether it holds."""

import importlib.util
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

_spec = importlib.util.spec_from_file_location("steps_by_exposure",
                                               Path(__file__).parents[1] / "bench" / "steps_by_exposure.py")
sx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sx)


def _run(root: Path) -> Path:
    (root / "generate").mkdir(parents=True)
    (root / "build").mkdir()
    (root / "eval").mkdir()
    pq.write_table(pa.table({"id": ["a", "b", "c"], "response": [
        "12 + 5 = 17. 17 - 3 = 14.\nAnswer: 14", "12  +  5 = 17.\nAnswer: 17", "40 + 2 = 42.\nAnswer: 42"]}),
        root / "generate" / "date_add_days.parquet")
    pq.write_table(pa.table({"id": ["a", "b"]}), root / "build" / "train.parquet")  # "c" is a validation row
    samples = [("student", "12 + 5 = 17. 40 + 2 = 41. 9 - 1 = 8."), ("student", "12 + 5 = 18."),
               ("base", "17 - 3 = 14.")]
    (root / "eval" / "samples.jsonl").write_text("".join(
        json.dumps({"suite": "date_add_days", "model": m, "prompt": f"q{i}", "output": out, "correct": False}) + "\n"
        for i, (m, out) in enumerate(samples)))
    return root


def test_equations_are_binned_by_training_exposure_of_their_left_hand_side(tmp_path, capsys):
    run = _run(tmp_path)
    assert sx.training_exposure(run) == {"12 + 5": 2, "17 - 3": 1}
    assert sx.by_exposure(run) == {"student": {"1-2": [1, 2], "0": [1, 2]}, "base": {"1-2": [1, 1]}}
    assert sx.by_exposure(run, model="base") == {"base": {"1-2": [1, 1]}}
    assert sx.by_exposure(run, suite="weekday") == {}
    sx.main([str(run), "--model", "student"])
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "| model | seen 0 | seen 1-2 | seen 3-7 | seen 8-20 | seen 21+ |"
    assert out[2] == "| student | 1 of 2 (50.0%) | 1 of 2 (50.0%) | — | — | — |"


def test_a_directory_without_a_build_is_a_one_line_error(tmp_path, capsys):
    with pytest.raises(SystemExit, match="build/train.parquet not found: pass a run directory"):
        sx.main([str(tmp_path)])
