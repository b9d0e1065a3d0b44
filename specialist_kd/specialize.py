"""`skd specialize`: train one LoRA specialist per `specialize:` entry on rule-based data of its families.

    skd specialize -c quickstart [--only datetime]

The adapter (PEFT format) lands in <workdir>/specialize/<name>/adapter; `generate` then serves it through
vLLM (enable_lora + LoRARequest) as a neural teacher whose records carry soft targets.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict
from pathlib import Path

from specialist_kd import SKDError
from specialist_kd.config import PipelineConfig
from specialist_kd.utils import MANIFEST, Timer, machine_info, peak_resident_gib, write_manifest

log = logging.getLogger(__name__)


def specialist_rows(cfg: PipelineConfig, name: str):
    """Rule-based records of the entry's families, encoded for training (CE only)."""
    from datasets import Dataset

    from specialist_kd.build import Cuts, encode_record
    from specialist_kd.models import load_tokenizer, tokenizer_fingerprint
    from specialist_kd.specialist import configured_family

    spec = cfg.specialize[name]
    tok = load_tokenizer(cfg.model)
    fp = tokenizer_fingerprint(tok)
    rows, cuts = [], Cuts()
    for fam_name in spec.families:
        fam = configured_family(cfg, fam_name, where=f"specialize.{name}.families")
        # seed stream distinct from `generate` and from the eval suites
        for i, ex in enumerate(fam.examples(spec.n_per_family, seed=cfg.seed * 104729 + 7)):
            row, stats = encode_record(fam.to_record(ex, i, cfg.seed, cfg.system_prompt), tok, fp,
                                       cfg.build.max_length)
            cuts.add(fam_name, stats)
            if row:
                rows.append(row)
    cuts.warn(f"specialize.{name}", cfg.build.max_length)
    return Dataset.from_list(rows)


def run_specialize(cfg: PipelineConfig, only: str | None = None, resume: bool = False) -> Path:
    from specialist_kd.trainer import claim_checkpoints, train_lora, training_identity

    if not cfg.specialize:
        raise SKDError("config has no 'specialize:' entries")
    names = [only] if only else list(cfg.specialize)
    for n in names:
        if n not in cfg.specialize:
            raise SKDError(f"unknown specialize entry {n!r} (known: {', '.join(cfg.specialize)})")
    root = cfg.stage_dir("specialize")
    for name in names:
        spec = cfg.specialize[name]
        out = root / name
        out.mkdir(parents=True, exist_ok=True)
        with Timer() as t:
            rows = specialist_rows(cfg, name)
            settings = {**asdict(spec), "seed": cfg.seed, "bf16": cfg.train.bf16,
                        "gradient_checkpointing": cfg.train.gradient_checkpointing, "base_dtype": cfg.train.base_dtype}
            data = hashlib.sha256(json.dumps(rows.to_dict(), sort_keys=True).encode()).hexdigest()
            claim_checkpoints(out, training_identity(data, cfg.model, settings), resume)
            (out / MANIFEST).unlink(missing_ok=True)
            train_lora(model_name=cfg.model, train_rows=rows, val_rows=None, out_dir=out, max_steps=spec.max_steps,
                       batch_size=spec.batch_size, learning_rate=spec.learning_rate, lora_r=spec.lora_r,
                       kd_weight=0.0, save_steps=max(spec.max_steps // 2, 1), seed=cfg.seed, resume=resume,
                       bf16=cfg.train.bf16, gradient_checkpointing=cfg.train.gradient_checkpointing,
                       base_dtype=cfg.train.base_dtype, trim_memory_steps=cfg.train.trim_memory_steps)
        write_manifest(out, "specialize", cfg.to_dict(), entry=name, families=spec.families, rows=len(rows),
                       seconds=round(t.seconds, 1), process_peak_resident_gib=peak_resident_gib(),
                       machine=machine_info())
        log.info("specialize %s: %d rows, %.0f s", name, len(rows), t.seconds)
    return root
