"""bench/gold_departures.py, the teacher-forced diagnostic: date styles, the token after a marker in the chat
template's completion, the departures, the check of the run's form, and a whole report on a tiny model."""

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest

from specialist_kd import SKDError
from specialist_kd.models import render_response
from specialist_kd.records import write_records
from specialist_kd.specialist import get_specialist, make_messages

_spec = importlib.util.spec_from_file_location("gold_departures",
                                               Path(__file__).parents[1] / "bench" / "gold_departures.py")
gd = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gd)


def test_date_style():
    assert gd.date_style("From 03/29/2144 (MM/DD/YYYY) to 04/03/2144 (MM/DD/YYYY)?") == "MM/DD/YYYY"
    assert gd.date_style("29/03/2144 (DD/MM/YYYY) through 03/04/2144 (DD/MM/YYYY), inclusive") == "DD/MM/YYYY"
    assert gd.date_style("How many days from 2144-03-29 to 2144-04-03?") == "ISO"
    assert gd.date_style("From March 29, 2144 to 3 April 2144?") == "words"
    assert gd.date_style("What time is 11:45 PM plus 30 minutes?") == "-"


def test_the_token_after_a_marker_in_the_rendered_completion(tokenizer):
    response = 'Asked: "inclusive". Counting days, both ends. From March 29, 2144 to April 3, 2144.\nAnswer: 6'
    _, completion = render_response(tokenizer, make_messages("q?", "You are a helpful assistant."), response)
    pieces = [tokenizer.decode([t]) for t in completion]
    assert "".join(pieces).startswith(response)
    assert pieces[gd.token_index_after(pieces, response, "Counting days")] == ","
    quoted = pieces[gd.token_index_after(pieces, response, 'Asked: "')]
    assert quoted and "inclusive".startswith(quoted)
    assert gd.token_index_after(pieces, response, "Counting weeks") is None


def test_departures():
    assert gd.departures([1, 2, 3], [1, 2, 3]) == []
    assert gd.departures([1, 2, 3], [1, 5, 3]) == [1]
    assert gd.departures([1, 2, 3], [9, 2, 9]) == [0, 2]


def _run(tmp_path, tiny_model_dir, trained: dict, recorded: dict) -> Path:
    """A run dir as `skd train` leaves it, at toy size: a manifest with `recorded` as the family's options, a
    LoRA adapter on the tiny model, and the first generated records written with `trained`."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    run = tmp_path / "run"
    config = {"name": "t", "workdir": str(run), "seed": 3, "model": str(tiny_model_dir),
              "specialists": {"days_between": recorded}, "eval": {"suites": ["days_between"]}}
    (run / "train").mkdir(parents=True)
    (run / "train" / "manifest.json").write_text(json.dumps({"stage": "train", "config": config}))
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(tiny_model_dir),
                           LoraConfig(r=2, target_modules=["q_proj", "v_proj"]))
    model.save_pretrained(run / "train" / "adapter")
    spec = get_specialist("days_between").from_config(trained)
    write_records(run / "generate" / "days_between.parquet", spec.generate(30, 3, None))
    return run


def _table(out: str) -> list[list[str]]:
    """The rows of the by-template table: template id, date style, n, followed, log-p/token[, decision]."""
    return [line.split() for line in out.splitlines() if re.match(r"\w+:\d+ +\S+ +\d+ +\d+ ", line)]


def test_report_on_a_tiny_student(tmp_path, tiny_model_dir, capsys):
    run = _run(tmp_path, tiny_model_dir, {"n": 30, "quote": False}, {"n": 30, "quote": False})
    gd.main([str(run), "--suite", "days_between", "--n", "6", "--at", "Counting days", "--batch-size", "4"])
    out = capsys.readouterr().out
    assert "'quote': False" in out
    rows = _table(out)
    assert sum(int(r[2]) for r in rows) == 6  # every question in one row
    assert all(0 <= int(r[3]) <= int(r[2]) for r in rows)
    assert re.search(r"departures from the gold: \d+ tokens in \d of 6 questions", out)
    gd.main([str(run), "--suite", "days_between", "--n", "12", "--templates", "inclusive:4,inclusive:5"])
    rows = _table(capsys.readouterr().out)
    assert rows and all(r[0].startswith("inclusive:") for r in rows)
    with pytest.raises(SystemExit, match="unknown template id.*accepted: days:0"):
        gd.main([str(run), "--suite", "days_between", "--templates", "days:9"])
    shutil.rmtree(run / "train" / "adapter")
    with pytest.raises(SystemExit, match="no student adapter in .*--model base"):
        gd.main([str(run), "--suite", "days_between", "--n", "2"])


def test_a_run_trained_with_other_options_is_refused(tmp_path, tiny_model_dir):
    # records written with quote on; the manifest says off: the gold would be another form
    run = _run(tmp_path, tiny_model_dir, {"n": 30, "quote": True}, {"n": 30, "quote": False})
    with pytest.raises(SKDError, match="differ from this code's"):
        gd.gold_spec(gd.read_run(run), "days_between", None)
    assert gd.gold_spec(gd.read_run(run), "days_between", {"quote": True}).options.quote
    with pytest.raises(SystemExit, match="--options"):
        gd.main([str(run), "--suite", "days_between", "--n", "2"])
