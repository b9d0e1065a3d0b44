"""Neural specialist: the general-domain teacher (by default the base model itself) answering a committed
set of diverse instructions, so the student keeps its general behaviour while it learns date/time skills.

Records carry the teacher's top-k log-probabilities at every response token (soft targets).
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specialist_kd import SKDError
from specialist_kd.config import REPO_ROOT
from specialist_kd.records import Record
from specialist_kd.specialist import Specialist, make_messages, register
from specialist_kd.teacher import LOGPROBS_MODE
from specialist_kd.utils import stable_hash

log = logging.getLogger(__name__)


def load_prompts(path: str) -> list[str]:
    p = Path(path)
    if not p.is_absolute() and not p.exists():
        p = REPO_ROOT / p
    if not p.is_file():
        raise SKDError(f"prompt file {path!r} not found")
    return [line.strip() for line in p.read_text().splitlines() if line.strip() and not line.startswith("#")]


@register
class General(Specialist):
    name = "general"
    domain = "general"
    kind = "neural"

    @dataclass
    class Options:
        n: int = 64  # prompts to answer (at most the pool's size)
        weight: float = 1.0  # loss weight of these records in training (and in dedup, the higher is kept)
        prompts: str = "data/general_instructions.txt"  # the prompt pool, one per line
        max_tokens: int = 64  # the teacher's answer budget
        temperature: float = 0.0  # 0 = greedy
        top_k: int = 20  # soft-target log-probabilities kept per token
        adapter: str | None = None  # serve the teacher with a LoRA adapter (a specialize entry or a path)

    def prompts(self, n: int, seed: int) -> list[str]:
        pool = load_prompts(self.options.prompts)
        if n > len(pool):
            log.warning("%s: n=%d, but %s holds %d prompts: answering all of them", self.name, n,
                        self.options.prompts, len(pool))
        rng = random.Random(stable_hash(f"{self.name}:{seed}"))
        return rng.sample(pool, min(n, len(pool)))

    def generate(self, n: int, seed: int, ctx: Any) -> list[Record]:
        o = self.options
        questions = self.prompts(n, seed)
        msgs = [make_messages(q, ctx.system_prompt) for q in questions]
        teacher = ctx.teacher()
        if o.top_k > teacher.llm.llm_engine.model_config.max_logprobs:
            raise SKDError(f"general.top_k={o.top_k} exceeds generate.max_logprobs")
        adapter = ctx.adapter_path(o.adapter) if o.adapter else None
        outs = ctx.generate(msgs, max_tokens=o.max_tokens, temperature=o.temperature, top_k=o.top_k,
                            adapter=adapter, seed=seed)
        return [
            Record(
                id=f"{self.name}-{seed}-{i}", domain=self.domain, specialist=self.name, messages=m,
                response=out.text, response_token_ids=out.token_ids, topk_ids=out.topk_ids,
                topk_logprobs=out.topk_logprobs, logprobs_mode=LOGPROBS_MODE, sampling_temperature=o.temperature,
                teacher_model=teacher.model_name, teacher_adapter=adapter,
                tokenizer_fingerprint=teacher.fingerprint, weight=o.weight,
                meta={"finish_reason": str(out.finish_reason)},
            )
            for i, (m, out) in enumerate(zip(msgs, outs))
        ]
