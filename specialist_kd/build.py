"""Stage 2 — build: merge teacher records into the student's training set.

    skd build -c quickstart

Reads every shard of `generate` (and its manifest), then, in this order:
1. decontaminates: drops records whose normalised prompt appears in any eval suite;
2. dedups by normalised prompt, keeping the record with soft targets, then the higher weight;
3. splits train/val by a stable hash of the normalised prompt (same split on every machine and run);
4. renders each record with the student's chat template and aligns the teacher's top-k to the
   completion tokens. Soft targets are kept only when the teacher's tokenizer fingerprint equals the
   student's; otherwise the record trains with CE only and is counted in the manifest.
Writes `train.parquet`, `val.parquet` (datasets/Parquet) and `manifest.json` under <workdir>/build.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from specialist_kd import SKDError
from specialist_kd.config import PipelineConfig
from specialist_kd.models import load_tokenizer, render_prompt, render_response, tokenizer_fingerprint
from specialist_kd.records import Record, read_records
from specialist_kd.utils import Timer, atomic_dir, read_manifest, sha256_tree, stable_hash, write_manifest

log = logging.getLogger(__name__)


def normalize_prompt(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\s:-]", " ", text)
    return " ".join(text.split())


def user_text(messages: list[dict[str, str]]) -> str:
    return "\n".join(m["content"] for m in messages if m["role"] == "user")


def encode_record(rec: Record, tokenizer: Any, student_fp: str, max_length: int) -> tuple[dict[str, Any], dict[str, int]]:
    """One record -> one training row; counts what had to be changed.

    Row: input_ids (L,), completion_start (int), teacher_topk_ids (C, K) / teacher_topk_logprobs (C, K) for
    the C completion tokens (empty lists for CE-only rows), weight, and provenance columns.
    A record cut to `max_length` counts as "truncated", and "needed_length" holds the length it needed
    (a maximum, not a count: `Cuts.add` takes it out before the counts are summed).
    """
    stats: Counter[str] = Counter()
    prompt_ids = render_prompt(tokenizer, rec.messages)
    topk_ids: list[list[int]] = []
    topk_lps: list[list[float]] = []
    if rec.has_soft_targets and rec.tokenizer_fingerprint == student_fp:
        completion = list(rec.response_token_ids or [])
        topk_ids, topk_lps = rec.topk_ids or [], rec.topk_logprobs or []
    else:
        if rec.has_soft_targets:
            stats["kl_dropped_tokenizer_mismatch"] += 1
        _, completion = render_response(tokenizer, rec.messages, rec.response)
    room = max_length - len(prompt_ids)
    if room <= 0:
        stats["dropped_prompt_too_long"] += 1
        return {}, stats
    if len(completion) > room:
        stats["truncated"] += 1
        stats["needed_length"] = len(prompt_ids) + len(completion)
        completion, topk_ids, topk_lps = completion[:room], topk_ids[:room], topk_lps[:room]
    row = {
        "id": rec.id,
        "domain": rec.domain,
        "specialist": rec.specialist,
        "input_ids": prompt_ids + completion,
        "completion_start": len(prompt_ids),
        "teacher_topk_ids": topk_ids,
        "teacher_topk_logprobs": topk_lps,
        "weight": float(rec.weight),
    }
    stats["soft" if topk_ids else "hard"] += 1
    return row, stats


def eval_prompts(cfg: PipelineConfig) -> set[str]:
    """Normalised user prompts of every eval suite the config would run (for decontamination)."""
    from specialist_kd.evaluate import load_suites

    out = set()
    for suite in load_suites(cfg.eval.suites_dir, ["all"], cfg.eval.options):
        for item in suite.items(cfg.system_prompt, n=cfg.eval.n):
            out.add(normalize_prompt(user_text(item["messages"])))
    return out


def merge(records: list[Record], banned: set[str], val_fraction: float) -> tuple[dict[str, list[Record]], Counter]:
    stats: Counter[str] = Counter()
    best: dict[str, Record] = {}
    for rec in records:
        key = normalize_prompt(user_text(rec.messages))
        if key in banned:
            stats["dropped_eval_overlap"] += 1
            continue
        if key in best:
            stats["dropped_duplicate"] += 1
            cur = best[key]
            if (rec.has_soft_targets, rec.weight) <= (cur.has_soft_targets, cur.weight):
                continue
        best[key] = rec
    splits: dict[str, list[Record]] = {"train": [], "val": []}
    for key, rec in best.items():
        is_val = (stable_hash(key) % 10_000) < val_fraction * 10_000
        splits["val" if is_val else "train"].append(rec)
    return splits, stats


def run_build(cfg: PipelineConfig) -> Path:
    src = cfg.stage_dir("generate")
    gen_manifest = read_manifest(src, "generate")
    shards = sorted(src.glob("*.parquet"))
    if not shards:
        raise SKDError(f"no record shards in {src}")
    tokenizer = load_tokenizer(cfg.model)
    fp = tokenizer_fingerprint(tokenizer)
    with Timer() as timer:
        records = [r for s in shards for r in read_records(s)]
        banned = eval_prompts(cfg) if cfg.build.decontaminate else set()
        splits, stats = merge(records, banned, cfg.build.val_fraction)
        from datasets import Dataset

        out = cfg.stage_dir("build")
        counts: dict[str, Any] = {}
        cuts = Cuts()
        with atomic_dir(out) as tmp:
            for split, recs in splits.items():
                rows = []
                for rec in recs:
                    row, s = encode_record(rec, tokenizer, fp, cfg.build.max_length)
                    cuts.add(rec.domain, s)
                    stats.update(s)
                    if row:
                        rows.append(row)
                if split == "train" and not rows:
                    raise SKDError("build produced no training rows (everything was deduplicated or filtered)")
                if rows:
                    Dataset.from_list(rows).to_parquet(str(tmp / f"{split}.parquet"))
                counts[split] = {
                    "rows": len(rows),
                    "by_domain": dict(Counter(r["domain"] for r in rows)),
                    "by_specialist": dict(Counter(r["specialist"] for r in rows)),
                    "soft_rows": sum(1 for r in rows if r["teacher_topk_ids"]),
                    "completion_tokens": sum(len(r["input_ids"]) - r["completion_start"] for r in rows),
                }
            write_manifest(
                tmp, "build", cfg.to_dict(),
                inputs={"generate": sha256_tree(src)},
                generate_manifest_created=gen_manifest.get("created"),
                student_model=cfg.model,
                tokenizer_fingerprint=fp,
                counts=counts,
                filtered=dict(stats),
                truncated_by_domain=dict(cuts.by_domain),
                max_length_needed=cuts.needed or None,
                eval_prompts_banned=len(banned),
            )
    log.info("build: %s in %.1f s; filtered %s", {k: v["rows"] for k, v in counts.items()}, timer.seconds, dict(stats))
    cuts.warn("build", cfg.build.max_length)
    return out


class Cuts:
    """Records `encode_record` cut or dropped at `build.max_length`: the cut ones by domain and the length the
    longest needed, the dropped ones (prompt alone too long) counted; `warn` says so, if any."""

    def __init__(self) -> None:
        self.by_domain: Counter[str] = Counter()
        self.needed = 0
        self.dropped = 0

    def add(self, domain: str, stats: Counter[str]) -> None:
        """Tally one record's `encode_record` stats; takes "needed_length" (a maximum, not a count) out."""
        if stats["truncated"]:
            self.by_domain[domain] += 1
            self.needed = max(self.needed, stats.pop("needed_length"))
        self.dropped += stats["dropped_prompt_too_long"]

    def warn(self, stage: str, max_length: int) -> None:
        if self.by_domain:
            log.warning(
                "%s: %d records (%s) are longer than build.max_length=%d and were cut, losing their ends "
                "(a rationale's Answer line with them); the longest needs %d: set build.max_length >= %d",
                stage, sum(self.by_domain.values()), ", ".join(f"{d}: {n}" for d, n in sorted(self.by_domain.items())),
                max_length, self.needed, self.needed,
            )
        if self.dropped:
            log.warning("%s: %d records were dropped because their prompt alone fills build.max_length=%d",
                        stage, self.dropped, max_length)
