"""VLLMTeacher.generate_iter on small fakes of vLLM's offline LLM and its output objects (the real engine
runs in tests/test_integration.py): answers come back as they finish, under the caller's indexes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from specialist_kd import SKDError
from specialist_kd.teacher import VLLMTeacher


def _out(rid: str, token_ids: list[int], finished: bool = True):
    return SimpleNamespace(request_id=rid, finished=finished, outputs=[
        SimpleNamespace(token_ids=token_ids, logprobs=None, finish_reason="stop" if finished else None)])


class FakeEngine:
    """Finishes the requests in the order given, one or two a step, with a not-finished output between."""

    def __init__(self, order: list[str], tokens: dict[str, list[int]]):
        self.order, self.tokens, self.aborted = list(order), tokens, []

    def has_unfinished_requests(self):
        return bool(self.order)

    def step(self):
        done, self.order = self.order[:2], self.order[2:]
        return [_out(done[0], [], finished=False)] + [_out(r, self.tokens[r]) for r in done]

    def abort_request(self, ids):
        self.aborted += ids


class FakeLLM:
    def __init__(self, engine: FakeEngine, n: int):
        self.llm_engine, self.n = engine, n

    def enqueue(self, prompts, params, lora_request=None, use_tqdm=True):
        assert len(prompts) == len(params) == self.n and use_tqdm is False
        return [f"{10 + i}-a1b2c3d4" for i in range(self.n)]  # vLLM adds a random suffix to the caller's id


def _teacher(tokenizer, llm) -> VLLMTeacher:
    t = object.__new__(VLLMTeacher)  # the engine is the fake; no vLLM start-up
    t.tokenizer, t.max_model_len, t._lora_ids, t.llm = tokenizer, 1024, {}, llm
    return t


def _prompts(n):
    return [[{"role": "user", "content": f"question {i}"}] for i in range(n)]


def test_answers_come_back_as_they_finish_under_the_callers_indexes(tokenizer):
    words = {str(10 + i): tokenizer.encode(f" answer {i}") for i in range(4)}
    engine = FakeEngine(["12", "10", "13", "11"], words)
    t = _teacher(tokenizer, FakeLLM(engine, 4))
    got = list(t.generate_iter(_prompts(4), max_tokens=[8, 8, 16, 16], top_k=0))
    assert [i for i, _ in got] == [2, 0, 3, 1]
    assert [o.text for _, o in got] == [" answer 2", " answer 0", " answer 3", " answer 1"]
    assert engine.aborted == []


def test_a_caller_that_stops_early_aborts_the_requests_still_running(tokenizer):
    engine = FakeEngine(["11", "10", "12"], {r: [1] for r in ("10", "11", "12")})
    stream = _teacher(tokenizer, FakeLLM(engine, 3)).generate_iter(_prompts(3), max_tokens=8, top_k=0)
    assert next(stream)[0] == 1
    stream.close()  # as an exception in the caller's loop does
    assert engine.aborted == ["10", "12"]


def test_an_output_it_did_not_ask_for_is_an_error(tokenizer):
    engine = FakeEngine(["10", "99"], {"10": [1], "99": [1]})
    with pytest.raises(SKDError, match=r"vLLM returned request '99', not one of the 2 this call enqueued"):
        list(_teacher(tokenizer, FakeLLM(engine, 2)).generate_iter(_prompts(2), max_tokens=8, top_k=0))
    assert engine.aborted == ["11"]


def test_without_enqueue_every_answer_comes_at_the_end(tokenizer):
    class OldLLM:  # a vLLM before LLM.enqueue
        def generate(self, prompts, params, lora_request=None, use_tqdm=True):
            return [_out(str(i), tokenizer.encode(f" answer {i}")) for i in range(len(prompts))]

    got = list(_teacher(tokenizer, OldLLM()).generate_iter(_prompts(2), max_tokens=8, top_k=0))
    assert [(i, o.text) for i, o in got] == [(0, " answer 0"), (1, " answer 1")]


def test_the_engines_lora_rank_is_one_vllm_accepts():
    """vLLM takes max_lora_rank only from a fixed set (1, 8, 16, 32, ...): lora_r = 4 or 24 would stop the
    engine with a pydantic error, so the rank is rounded up to the next it accepts."""
    from specialist_kd.teacher import vllm_lora_rank

    assert [vllm_lora_rank(r) for r in (1, 4, 8, 12, 16, 24, 64)] == [1, 8, 8, 16, 16, 32, 64]
    with pytest.raises(SKDError, match="LoRA rank 1000 is above the largest vLLM serves"):
        vllm_lora_rank(1000)
