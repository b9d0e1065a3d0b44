"""An eval stopped part-way keeps the (suite, model) results it finished and goes on from there. The engine
is a small fake of VLLMTeacher here (what it returns is what the scorer reads); tests/test_integration.py runs
the real one."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from specialist_kd.config import load_config
from specialist_kd.evaluate import PARTIAL, load_suites, run_eval


@dataclass
class FakeOutput:
    text: str
    token_ids: list[int]
    finish_reason: str = "stop"


class FakeTeacher:
    """Answers every question right except the first of each suite; after `stop_after` answers in all (or
    on scoring, with `stop_scoring`), stops as Ctrl-C would."""

    calls: list[int] = []  # prompts per generate_iter call
    scored: list[int] = []  # references per sequence_logprobs call
    answered = 0
    stop_after: int | None = None
    stop_scoring = False
    gold: dict[str, str] = {}

    contexts: list[int] = []  # max_model_len of each engine started

    def __init__(self, model, **kwargs):
        self.model = model
        FakeTeacher.contexts.append(kwargs["max_model_len"])

    def generate_iter(self, prompts, *, max_tokens, adapter, **kwargs):
        FakeTeacher.calls.append(len(prompts))
        for i, m in enumerate(prompts):
            if FakeTeacher.answered == FakeTeacher.stop_after:
                raise KeyboardInterrupt
            FakeTeacher.answered += 1
            right = i % 3 != 0  # eval.n = 3: each suite's first question is answered wrong
            yield i, FakeOutput("Answer: " + (FakeTeacher.gold[m[-1]["content"]] if right else "no idea"), [1, 2])

    def sequence_logprobs(self, prompts, references, adapter=None):
        if FakeTeacher.stop_scoring:
            raise KeyboardInterrupt
        FakeTeacher.scored.append(len(prompts))
        return [[-1.0, -0.5 * (i % 3)] for i in range(len(prompts))]

    def close(self):
        pass


@pytest.fixture
def fake_engine(monkeypatch):
    monkeypatch.setattr("specialist_kd.teacher.VLLMTeacher", FakeTeacher)
    _restart(FakeTeacher)
    return FakeTeacher


def _cfg(tmp_path, extra=()):
    cfg = load_config("toy", workdir=str(tmp_path), overrides=[
        "eval.models=[base]", "eval.suites=[general, weekday, date_add_days, days_between]", "eval.n=3", *extra])
    FakeTeacher.gold = {it["messages"][-1]["content"]: it.get("answer")
                        for s in load_suites(cfg.eval.suites_dir, cfg.eval.suites, cfg.eval.options)
                        for it in s.items(cfg.system_prompt, n=3)}
    return cfg


def _restart(engine, stop_after=None, stop_scoring=False):
    engine.calls, engine.scored, engine.answered, engine.stop_after = [], [], 0, stop_after
    engine.contexts = []
    engine.stop_scoring = stop_scoring


def test_a_stopped_eval_asks_only_what_it_had_not_finished(tmp_path, fake_engine):
    whole = run_eval(_cfg(tmp_path / "whole"))
    assert fake_engine.calls == [9] and fake_engine.scored == [3]  # every suite's questions in one batch
    expected = json.loads((whole / "results.json").read_text())["results"]
    assert expected["weekday"]["base"]["value"] == pytest.approx(2 / 3)

    cfg = _cfg(tmp_path / "stopped")
    _restart(fake_engine, stop_after=7)  # weekday's and date_add_days' 3 answers in, days_between's 1
    with pytest.raises(KeyboardInterrupt):
        run_eval(cfg)
    assert not (tmp_path / "stopped" / "eval").exists()  # no half-written stage
    assert len(list((tmp_path / "stopped" / PARTIAL).glob("*.json"))) == 2

    _restart(fake_engine)
    out = run_eval(cfg)
    assert fake_engine.calls == [3] and fake_engine.scored == [3]  # days_between and general, not the rest
    assert json.loads((out / "results.json").read_text())["results"] == expected
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kept_from_stopped_eval"] == [["date_add_days", "base"], ["weekday", "base"]]
    assert (out / "samples.jsonl").read_text() == (whole / "samples.jsonl").read_text()
    assert not (tmp_path / "stopped" / PARTIAL).exists()

    _restart(fake_engine, stop_scoring=True)  # every answer in, stopped while scoring general: they are kept
    with pytest.raises(KeyboardInterrupt):
        run_eval(_cfg(tmp_path / "late"))
    _restart(fake_engine)
    run_eval(_cfg(tmp_path / "late"))
    assert fake_engine.calls == [] and fake_engine.scored == [3]  # no engine work but general's


def test_saved_results_are_not_reused_for_other_questions_and_unreadable_ones_run_again(tmp_path, fake_engine):
    cfg = _cfg(tmp_path)
    _restart(fake_engine, stop_after=7)
    with pytest.raises(KeyboardInterrupt):
        run_eval(cfg)
    saved = sorted((tmp_path / PARTIAL).glob("*.json"))
    assert len(saved) == 2
    saved[0].write_text('{"texts": [')  # cut off
    saved[1].write_text('{"texts": ["Answer: 1"], "cut": [false]}')  # not this suite's 3 questions
    _restart(fake_engine)
    run_eval(cfg)
    assert fake_engine.calls == [9] and fake_engine.scored == [3]  # the two unreadable ones run again
    assert not (tmp_path / PARTIAL).exists()

    _restart(fake_engine, stop_after=4)
    with pytest.raises(KeyboardInterrupt):
        run_eval(cfg)
    _restart(fake_engine)
    run_eval(_cfg(tmp_path, extra=["system_prompt=Be brief."]))  # other prompts: nothing saved applies
    assert fake_engine.calls == [9]


def test_the_engine_context_is_sized_to_the_suites_and_a_setting_too_short_is_refused_first(tmp_path, fake_engine):
    """eval.max_model_len unset: the engine's context is the longest prompt plus token budget of the suites
    asked, plus one, and at least 1024 (business_days' budget alone is 960 tokens); set too short, the eval is
    refused with the suite and the tokens it needs before any engine starts; set long enough, used as given."""
    from specialist_kd import SKDError
    from specialist_kd.evaluate import context_needed, engine_context
    from specialist_kd.models import load_tokenizer, render_prompt

    extra = ["eval.suites=[general, business_days]"]
    cfg = _cfg(tmp_path / "sized", extra)
    suites = load_suites(cfg.eval.suites_dir, cfg.eval.suites, cfg.eval.options)
    asked = [(s, s.items(cfg.system_prompt, n=3)) for s in suites]
    tok = load_tokenizer(cfg.model)
    (budget,) = [s.max_tokens for s in suites if s.name == "business_days"]
    longest = max(len(render_prompt(tok, it["messages"])) for s, items in asked if s.name == "business_days"
                  for it in items)
    need, suite = context_needed(cfg.model, asked)
    assert (need, suite) == (longest + budget, "business_days") and need > 1024
    out = run_eval(cfg)
    assert fake_engine.contexts == [need + 1]
    assert json.loads((out / "manifest.json").read_text())["max_model_len"] == need + 1
    _restart(fake_engine)
    with pytest.raises(SKDError, match=f"eval.max_model_len=1024 is too short for suite 'business_days': its "
                                       f"longest prompt and token budget take {need} tokens"):
        run_eval(_cfg(tmp_path / "short", [*extra, "eval.max_model_len=1024"]))
    assert fake_engine.contexts == [] and not (tmp_path / "short" / "eval").exists()
    run_eval(_cfg(tmp_path / "long", [*extra, "eval.max_model_len=4096"]))
    assert fake_engine.contexts == [4096]
    assert engine_context(None, 300, "weekday") == 1024 and engine_context(None, 1100, "x") == 1101
