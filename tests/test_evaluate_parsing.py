import datetime as dt

import pytest

from specialist_kd.evaluate import extract_answer, parse_dates, parse_times, score_answer


@pytest.mark.parametrize(
    "text,want",
    [
        ("Answer: 2024-04-19", dt.date(2024, 4, 19)),
        ("It is April 19, 2024.", dt.date(2024, 4, 19)),
        ("that gives 19 April 2024", dt.date(2024, 4, 19)),
        ("the 19th of April 2024", dt.date(2024, 4, 19)),
        ("Apr 19 2024", dt.date(2024, 4, 19)),
        ("From 2024-03-05 we reach ... Answer: March 6, 2024", dt.date(2024, 3, 6)),
    ],
)
def test_date_parsing_formats(text, want):
    assert extract_answer("date", text) == want


def test_answer_line_wins_over_later_mentions_and_invalid_dates_are_skipped():
    assert extract_answer("integer", "5 + 10 = 15. Answer: 15 days (not 20)") == 15
    assert parse_dates("2023-02-30 and 2023-03-01") == [dt.date(2023, 3, 1)]
    assert extract_answer("weekday", "It was a sunny Monday... Answer: Tuesday") == "Tuesday"


def test_times_24h_and_12h():
    assert parse_times("13:05") == [785]
    assert parse_times("1:05 PM") == [785]
    assert parse_times("12:30 a.m.") == [30]
    assert parse_times("12:00 pm") == [720]
    assert score_answer("time", "The clock shows 1:05 p.m.", "13:05")
    assert not score_answer("time", "Answer: 13:06", "13:05")


def test_no_answer_is_wrong_not_an_error():
    assert not score_answer("date", "I cannot compute dates.", "2024-01-01")
    assert extract_answer("weekday", "no idea") is None


def test_numeric_dates_need_their_stated_order():
    assert parse_dates("03/05/2024 (MM/DD/YYYY)") == [dt.date(2024, 3, 5)]
    assert parse_dates("03/05/2024 (DD/MM/YYYY)") == [dt.date(2024, 5, 3)]
    assert parse_dates("03/05/2024") == []  # ambiguous without the order: not a date
    assert parse_dates("02/30/2024 (MM/DD/YYYY)") == []


def test_durations_datetimes_months_and_yesno():
    from specialist_kd.evaluate import parse_datetimes, parse_durations, parse_month_years, parse_months

    assert parse_durations("4 h 15 min 30 s") == [15330]
    assert parse_durations("4 hours, 15 minutes and 30 seconds") == [15330]
    assert parse_durations("2:03:04") == [7384]
    assert parse_durations("Answer: 45 min") == [2700]
    assert parse_durations("in 2 months") == []
    assert score_answer("duration", "Hours: 2 + 1 = 3. Answer: 3 h 24 min 2 s", "3 h 24 min 2 s")
    assert not score_answer("duration", "Answer: 3 h 24 min 3 s", "3 h 24 min 2 s")
    assert parse_datetimes("Answer: 2024-03-10 07:30") == [(dt.date(2024, 3, 10), 450)]
    assert parse_datetimes("March 10, 2024 at 7:30 PM") == [(dt.date(2024, 3, 10), 1170)]
    assert not score_answer("datetime", "Answer: 2024-03-11 07:30", "2024-03-10 07:30")  # the date counts too
    assert parse_month_years("Answer: October 1806") == [(1806, 10)]
    assert parse_month_years("March 5, 2024") == []  # a full date is not a month-year
    assert parse_months("it is July") == [7]
    assert score_answer("month_year", "So October 1806.", "October 1806")
    assert not score_answer("month_year", "Answer: October 1807", "October 1806")
    assert score_answer("yesno", "2100 is not divisible by 400. Answer: No", "No")
    assert not score_answer("yesno", "Answer: Yes", "No")


def test_rescore_scores_saved_outputs_again_and_refuses_other_questions(tmp_path):
    """`skd eval --rescore`: saved outputs, new scoring (accuracy and arithmetic steps), no model run."""
    import json

    from specialist_kd import SKDError
    from specialist_kd.config import load_config
    from specialist_kd.evaluate import load_suites, rescore_eval
    from specialist_kd.utils import write_manifest

    cfg = load_config("toy", workdir=str(tmp_path), overrides=["eval.suites=[weekday]"])
    (suite,) = load_suites(cfg.eval.suites_dir, ["weekday"], cfg.eval.options)
    items = suite.items(cfg.system_prompt, n=3)
    outputs = ["1 + 1 = 2.\nAnswer: " + items[0]["answer"], "2 + 2 = 5.\nAnswer: Funday", "no idea"]
    samples = [{"suite": "weekday", "model": "student", "prompt": it["messages"][-1]["content"],
                "gold": it["answer"], "output": out, "parsed": None, "correct": False}
               for it, out in zip(items, outputs)]
    ev = tmp_path / "eval"
    ev.mkdir()
    (ev / "samples.jsonl").write_text("".join(json.dumps(s) + "\n" for s in samples))
    (ev / "results.json").write_text(json.dumps({
        "suites": {"weekday": {"domain": "weekday", "version": 1, "options": {}}},
        "results": {"weekday": {"student": {"metric": "accuracy", "value": 0.0, "n": 3}}}}))
    write_manifest(ev, "eval", cfg.to_dict())
    rescore_eval(cfg)
    res = json.loads((ev / "results.json").read_text())["results"]["weekday"]["student"]
    assert res["value"] == pytest.approx(1 / 3) and res["steps"] == [1, 2]
    assert res["steps_by_size"] == {"1": [1, 2], "2": [0, 0], "3": [0, 0], "4+": [0, 0]}
    generated = json.loads((ev / "manifest.json").read_text())["rescored_from"]
    rescore_eval(cfg)  # again: a re-scored run can be re-scored, and keeps when its outputs were generated
    assert json.loads((ev / "manifest.json").read_text())["rescored_from"] == generated
    assert json.loads((ev / "results.json").read_text())["results"]["weekday"]["student"] == res
    samples[1]["prompt"] = "What day is it?"
    (ev / "samples.jsonl").write_text("".join(json.dumps(s) + "\n" for s in samples))
    with pytest.raises(SKDError, match="do not match its questions"):
        rescore_eval(cfg)
    assert json.loads((ev / "results.json").read_text())["results"]["weekday"]["student"]["steps"] == [1, 2]
    (ev / "samples.jsonl").write_text('{"suite": "weekday", "mod')
    with pytest.raises(SKDError, match="corrupt .*samples.jsonl at line 1"):
        rescore_eval(cfg)


def test_outputs_stopped_at_max_tokens_are_counted_and_unknown_stays_unknown():
    from specialist_kd.evaluate import _score_generations, load_suites

    (suite,) = load_suites("eval", ["weekday"], {})
    items = suite.items("You are a helpful assistant.", n=2)
    res, samples = _score_generations(suite, items, ["Answer: " + items[0]["answer"], "1 + 1 ="], [False, True])
    assert res["value"] == 0.5 and res["cut"] == 1 and [s["cut"] for s in samples] == [False, True]
    # outputs saved before finish reasons were kept (a rescore of an old run): no count rather than a wrong 0
    res, samples = _score_generations(suite, items, ["a", "b"], [None, None])
    assert "cut" not in res and all("cut" not in s for s in samples)


def test_eval_checkpoints_become_student_at_step_models_and_missing_ones_are_named(tmp_path):
    from specialist_kd import SKDError
    from specialist_kd.config import load_config
    from specialist_kd.evaluate import eval_models

    cfg = load_config("toy", workdir=str(tmp_path), overrides=["eval.models=[base]", "eval.checkpoints=[40, 20]"])
    with pytest.raises(SKDError, match=r"no checkpoint-20 under .*checkpoints \(have: none\).*keep_checkpoints"):
        eval_models(cfg)
    for step in (20, 40, 60):
        (tmp_path / "train" / "checkpoints" / f"checkpoint-{step}").mkdir(parents=True)
    with pytest.raises(SKDError, match=r"checkpoint-20 under .* was cut off while being saved .*complete ones: none"):
        eval_models(cfg)
    for step in (20, 40, 60):  # the Trainer writes it last
        (tmp_path / "train" / "checkpoints" / f"checkpoint-{step}" / "trainer_state.json").write_text("{}")
    models = eval_models(cfg)
    assert [m[0] for m in models] == ["base", "student@20", "student@40"]
    assert models[1][1].endswith("checkpoint-20") and models[1][2] is None  # scored on every suite
    cfg = load_config("toy", workdir=str(tmp_path), overrides=["eval.models=[base]", "eval.checkpoints=[30]"])
    with pytest.raises(SKDError, match=r"no checkpoint-30 .*\(have: \[20, 40, 60\]\)"):
        eval_models(cfg)
