"""Neural specialist: a LoRA adapter trained on rule-based date/time data (`skd specialize`), served by
vLLM as a teacher with soft targets.

mode "score" (default): the adapter scores the calculator's verified responses token by token
(teacher-forced), so hard labels stay exact and the soft targets carry the specialist's beliefs.
mode "generate": the adapter answers; only answers that match the calculator are kept (a specialist
never emits a record whose answer it could not verify).

adapter "auto" (default): each family is taught by the `specialize` entry that was trained on it, so
several specialists (e.g. calendar, clock) teach through one entry; `families` defaults to theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from specialist_kd import SKDError
from specialist_kd.records import Record
from specialist_kd.specialist import Specialist, configured_family, register
from specialist_kd.teacher import LOGPROBS_MODE


@register
class DatetimeExpert(Specialist):
    name = "datetime_expert"
    domain = "datetime"
    kind = "neural"

    @dataclass
    class Options:
        n: int = 50  # questions per family
        weight: float = 1.0  # loss weight of these records in training (and in dedup, the higher is kept)
        families: list[str] | None = None  # default: those the adapter(s) were trained on
        adapter: str = "auto"  # "auto", a specialize entry name, or a PEFT adapter dir
        mode: str = "score"  # "score" | "generate"
        top_k: int = 20  # soft-target log-probabilities kept per token
        max_tokens: int = 160  # the answer budget in "generate" mode

        def __post_init__(self) -> None:
            if self.mode not in ("score", "generate"):
                raise ValueError(f"mode={self.mode!r} (accepted: score, generate)")

    def family_adapters(self, cfg: Any) -> dict[str, str]:
        """family -> the adapter (specialize entry or dir) that teaches it."""
        o = self.options
        if o.adapter != "auto":
            fams = o.families or (cfg.specialize[o.adapter].families if o.adapter in cfg.specialize else None)
            if not fams:
                raise SKDError(f"datetime_expert: adapter {o.adapter!r} is not a specialize entry; name its families")
            return {f: o.adapter for f in fams}
        trained = {f: name for name, spec in cfg.specialize.items() for f in spec.families}
        fams = o.families or list(trained)
        missing = [f for f in fams if f not in trained]
        if missing or not fams:
            raise SKDError(f"datetime_expert: no specialize entry was trained on {missing or 'any family'} "
                           f"(trained: {', '.join(trained) or 'none'}); add them to a specialize entry or set "
                           f"'adapter'")
        return {f: trained[f] for f in fams}

    def generate(self, n: int, seed: int, ctx: Any) -> list[Record]:
        from specialist_kd.evaluate import score_answer

        o = self.options
        plan = self.family_adapters(ctx.cfg)
        teacher = ctx.teacher()
        records: list[Record] = []
        for fam_name, entry in plan.items():
            adapter = ctx.adapter_path(entry)
            # same ranges / rationale as the pipeline's rule data
            fam = configured_family(ctx.cfg, fam_name, where="datetime_expert.families")
            # a seed stream of its own, so these questions differ from the rule specialist's records
            exs = fam.examples(n, seed=seed * 7919 + 17)
            base = [fam.to_record(ex, i, seed, ctx.system_prompt) for i, ex in enumerate(exs)]
            if o.mode == "score":
                outs = teacher.score([r.messages for r in base], [r.response for r in base], top_k=o.top_k,
                                     adapter=adapter)
                keep = list(zip(base, outs))
            else:
                outs = ctx.generate([r.messages for r in base], part=fam_name, max_tokens=o.max_tokens,
                                    top_k=o.top_k, adapter=adapter, seed=seed)
                keep = [(r, out) for r, out in zip(base, outs) if score_answer(r.meta["answer_kind"], out.text, r.answer)]
            for r, out in keep:
                r.id = f"{self.name}-{r.id}"
                r.specialist = self.name
                r.response = out.text
                r.response_token_ids = out.token_ids
                r.topk_ids, r.topk_logprobs = out.topk_ids, out.topk_logprobs
                r.logprobs_mode = LOGPROBS_MODE
                r.sampling_temperature = 0.0
                r.teacher_model, r.teacher_adapter = teacher.model_name, adapter
                r.tokenizer_fingerprint = teacher.fingerprint
                r.weight = o.weight
                r.meta = {**r.meta, "mode": o.mode, "family": fam_name}
                records.append(r)
        return records
