"""A neural shard stopped part-way keeps the answers it had and asks only the rest when run again. The engine
is a small fake of VLLMTeacher (its outputs are what the records are made of); tests/test_integration.py
generates through the real one."""

from __future__ import annotations

import json

import pytest

from specialist_kd import SKDError
from specialist_kd.config import load_config
from specialist_kd.generate import PARTIAL, run_generate
from specialist_kd.records import read_records
from specialist_kd.teacher import TeacherOutput


class FakeTeacher:
    asked: list[int] = []  # prompts per generate_iter call
    answered = 0
    stop_after: int | None = None

    engine_kwargs: dict = {}
    adapters: list = []  # the adapter each generate_iter call asked for

    def __init__(self, model, **kwargs):
        FakeTeacher.engine_kwargs = kwargs
        self.model_name, self.fingerprint = model, "fp"
        self.llm = type("LLM", (), {"llm_engine": type("E", (), {"model_config": type("C", (), {"max_logprobs": 20})})})

    def generate_iter(self, prompts, *, max_tokens, top_k, seed, **kw):
        FakeTeacher.asked.append(len(prompts))
        FakeTeacher.adapters.append(kw.get("adapter"))
        for j, m in enumerate(prompts):
            if FakeTeacher.answered == FakeTeacher.stop_after:
                raise KeyboardInterrupt
            FakeTeacher.answered += 1
            n = len(m[-1]["content"]) % 5 + 1  # answers of different lengths, top-k logprobs as floats
            yield j, TeacherOutput(text=f"answer to {m[-1]['content'][:12]}", token_ids=list(range(n)),
                                   topk_ids=[[t] * top_k for t in range(n)],
                                   topk_logprobs=[[-0.1 * (t + 1) / 3] * top_k for t in range(n)], finish_reason="stop")

    def close(self):
        pass


@pytest.fixture
def fake_engine(monkeypatch):
    monkeypatch.setattr("specialist_kd.teacher.VLLMTeacher", FakeTeacher)
    FakeTeacher.asked, FakeTeacher.answered, FakeTeacher.stop_after = [], 0, None
    FakeTeacher.engine_kwargs, FakeTeacher.adapters = {}, []
    return FakeTeacher


def _cfg(work):
    return load_config("toy", workdir=str(work), overrides=[
        "specialize={}", "specialists={weekday: {n: 4}, general: {n: 6, max_tokens: 16}}"])


def test_a_stopped_neural_shard_asks_only_what_it_had_not_answered(tmp_path, fake_engine):
    whole = read_records(run_generate(_cfg(tmp_path / "whole")) / "general.parquet")
    assert fake_engine.asked == [6] and len(whole) == 6

    work = tmp_path / "stopped"
    fake_engine.asked, fake_engine.answered, fake_engine.stop_after = [], 0, 4
    with pytest.raises(KeyboardInterrupt):
        run_generate(_cfg(work))
    (saved,) = (work / "generate" / PARTIAL).glob("general-*.jsonl")
    lines = saved.read_text().splitlines()
    assert len(lines) == 4 and not (work / "generate" / "general.parquet").exists()
    saved.write_text("\n".join(lines[:3]) + "\n" + lines[3][:40])  # the last answer cut off by a kill

    fake_engine.asked, fake_engine.answered, fake_engine.stop_after = [], 0, 1  # one more answer, then stopped
    with pytest.raises(KeyboardInterrupt):
        run_generate(_cfg(work))
    assert len([json.loads(line) for line in saved.read_text().splitlines()[4:]]) == 1  # on a line of its own
    fake_engine.asked, fake_engine.answered, fake_engine.stop_after = [], 0, None
    out = run_generate(_cfg(work))
    assert fake_engine.asked == [2]  # the cut-off answer and the two never reached, less the one answered since
    again = read_records(out / "general.parquet")
    assert [(r.id, r.response, r.response_token_ids, r.topk_ids, r.topk_logprobs) for r in again] == \
           [(r.id, r.response, r.response_token_ids, r.topk_ids, r.topk_logprobs) for r in whole]
    assert not (work / "generate" / PARTIAL).exists()
    assert json.loads((out / "general.json").read_text())["records"] == 6


def test_a_teacher_adapter_given_as_a_folder_is_served_and_keys_its_shard(tmp_path, fake_engine):
    """`general: {adapter: PATH}` (a PEFT folder, not a specialize entry): the engine starts with LoRA on, at the
    adapter's rank and target modules, the teacher is asked through it, and re-training it in place (new files)
    asks its shard again."""
    from peft import LoraConfig

    adapter = tmp_path / "my-adapter"
    LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"]).save_pretrained(adapter)
    (adapter / "adapter_model.safetensors").write_bytes(b"weights v1")

    def cfg(ref):
        return load_config("toy", workdir=str(tmp_path / "work"), overrides=[
            "specialize={}", f"specialists={{general: {{n: 3, max_tokens: 8, adapter: {ref}}}}}"])

    run_generate(cfg(adapter))
    kw = fake_engine.engine_kwargs
    assert kw["enable_lora"] and kw["max_lora_rank"] == 4 and kw["max_loras"] == 1
    assert kw["lora_target_modules"] == ["q_proj", "v_proj"]
    assert fake_engine.adapters == [str(adapter)] and fake_engine.asked == [3]
    run_generate(cfg(adapter))
    assert fake_engine.asked == [3]  # unchanged: reused
    (adapter / "adapter_model.safetensors").write_bytes(b"weights v2")
    run_generate(cfg(adapter))
    assert fake_engine.asked == [3, 3]

    fake_engine.engine_kwargs = {}
    with pytest.raises(SKDError, match=r"adapter '.*nowhere' is neither a specialize entry \(none configured\) "
                                       r"nor a PEFT adapter dir"):
        run_generate(cfg(tmp_path / "nowhere"))
    assert fake_engine.engine_kwargs == {}  # refused before any engine started
