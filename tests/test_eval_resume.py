"""An eval stopped part-way keeps the (suite, model) results it finished and goes on from there. The engine
is a small fake of VLLMTeacher here (what it returns is what the scorer reads); tests/test_integration.py runs
the real one."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from specialist_kd.config import load_config
from specialist_kd.evaluate import PARTIAL, run_eval


@dataclass
class FakeOutput:
    text: str
    token_ids: list[int]
    finish_reason: str = "stop"


class FakeTeacher:
    """Answers every question right except the first of each call; stops (as Ctrl-C would) on the call
    named by `stop_at`."""

    calls: list[int] = []
    scored: list[int] = []
    stop_at: int | None = None

    def __init__(self, model, **kwargs):
        self.model = model

    def generate(self, prompts, *, max_tokens, adapter, **kwargs):
        FakeTeacher.calls.append(len(prompts))
        if FakeTeacher.stop_at == len(FakeTeacher.calls):
            raise KeyboardInterrupt
        answers = [FakeTeacher.gold[m[-1]["content"]] for m in prompts]
        return [FakeOutput("Answer: " + (a if i else "no idea"), [1, 2]) for i, a in enumerate(answers)]

    def sequence_logprobs(self, prompts, references, adapter=None):
        FakeTeacher.scored.append(len(prompts))
        return [[-1.0, -0.5 * (i % 3)] for i in range(len(prompts))]

    def close(self):
        pass


@pytest.fixture
def fake_engine(monkeypatch):
    monkeypatch.setattr("specialist_kd.teacher.VLLMTeacher", FakeTeacher)
    FakeTeacher.calls, FakeTeacher.scored, FakeTeacher.stop_at = [], [], None
    return FakeTeacher


def _cfg(tmp_path, n=3, extra=()):
    cfg = load_config("toy", workdir=str(tmp_path), overrides=[
        "eval.models=[base]", "eval.suites=[general, weekday, date_add_days, days_between]", f"eval.n={n}", *extra])
    from specialist_kd.evaluate import load_suites

    FakeTeacher.gold = {it["messages"][-1]["content"]: it.get("answer")
                        for s in load_suites(cfg.eval.suites_dir, cfg.eval.suites, cfg.eval.options)
                        for it in s.items(cfg.system_prompt, n=n)}
    return cfg


def test_a_stopped_eval_goes_on_from_the_first_suite_it_had_not_finished(tmp_path, fake_engine):
    whole = run_eval(_cfg(tmp_path / "whole"))
    assert fake_engine.calls == [3, 3, 3] and fake_engine.scored == [3]  # one call per suite
    expected = json.loads((whole / "results.json").read_text())["results"]
    assert expected["weekday"]["base"]["value"] == pytest.approx(2 / 3)

    cfg = _cfg(tmp_path / "stopped")
    fake_engine.calls, fake_engine.stop_at = [], 3
    with pytest.raises(KeyboardInterrupt):
        run_eval(cfg)
    assert not (tmp_path / "stopped" / "eval").exists()  # no half-written stage
    assert len(list((tmp_path / "stopped" / PARTIAL).glob("*.json"))) == 3

    fake_engine.calls, fake_engine.scored, fake_engine.stop_at = [], [], None
    out = run_eval(cfg)
    assert fake_engine.calls == [3] and fake_engine.scored == []  # only days_between ran again
    assert json.loads((out / "results.json").read_text())["results"] == expected
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kept_from_stopped_eval"] == [["date_add_days", "base"], ["general", "base"], ["weekday", "base"]]
    assert (out / "samples.jsonl").read_text() == (whole / "samples.jsonl").read_text()
    assert not (tmp_path / "stopped" / PARTIAL).exists()


def test_saved_results_are_not_reused_for_other_questions_and_unreadable_ones_run_again(tmp_path, fake_engine):
    cfg = _cfg(tmp_path)
    fake_engine.stop_at = 3
    with pytest.raises(KeyboardInterrupt):
        run_eval(cfg)
    saved = sorted((tmp_path / PARTIAL).glob("*.json"))
    generated = [f for f in saved if '"texts"' in f.read_text()]
    (loglik,) = set(saved) - set(generated)
    generated[0].write_text('{"texts": [')  # cut off
    loglik.write_text('{"result": {"value": -1.0}, "samples": []}')  # not the suite's 3 questions
    fake_engine.calls, fake_engine.scored, fake_engine.stop_at = [], [], None
    run_eval(cfg)
    assert fake_engine.calls == [3, 3] and fake_engine.scored == [3]  # the two unreadable ones, the one not reached
    assert not (tmp_path / PARTIAL).exists()

    fake_engine.stop_at, fake_engine.calls = 2, []
    with pytest.raises(KeyboardInterrupt):
        run_eval(cfg)
    fake_engine.calls, fake_engine.stop_at = [], None
    run_eval(_cfg(tmp_path, extra=["system_prompt=Be brief."]))  # other prompts: nothing saved applies
    assert fake_engine.calls == [3, 3, 3]
