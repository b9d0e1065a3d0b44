"""`skd export`: a trained student (or a LoRA specialist) merged into its base as a plain transformers checkpoint.

    skd export -c datetime-full -w runs/tz-6x --out exported/tz-student
    skd export -c quickstart --model specialist:datetime --out exported/datetime --dtype bfloat16
    skd export -c datetime-full -w runs/tz-6x --model student@480 --out exported/tz-480   # a checkpoint

The adapter under <workdir>/train/adapter (PEFT format) already loads with `PeftModel.from_pretrained` on its
base; the export is for tools that take one model folder and no adapter (vLLM without `enable_lora`, llama.cpp's
converter, `AutoModelForCausalLM.from_pretrained`): the LoRA weights folded into the base (PEFT's
`merge_and_unload`), saved with the base's tokenizer and chat template, and an `skd_export.json` naming what it
came from. Written to a temporary folder and renamed, so the destination is never half-written.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path
from typing import Any

from specialist_kd import SKDError
from specialist_kd.config import PipelineConfig
from specialist_kd.utils import atomic_dir, read_manifest, saved_checkpoints, sha256_tree, write_json_atomic

log = logging.getLogger(__name__)

EXPORT_MANIFEST = "skd_export.json"
DTYPES = ("float32", "bfloat16", "float16")


def merge_adapter(base_model: str, adapter: str | Path, out: Path, dtype: str = "float32",
                  note: dict[str, Any] | None = None) -> str:
    """Base + LoRA adapter -> a plain merged checkpoint at `out` (replaced in one rename), with the base's
    tokenizer; `note`, when given, is saved beside the weights as `skd_export.json`."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from specialist_kd.models import load_tokenizer, resolve_model

    model = AutoModelForCausalLM.from_pretrained(resolve_model(base_model), dtype=getattr(torch, dtype))
    merged = PeftModel.from_pretrained(model, str(adapter)).merge_and_unload()
    with atomic_dir(out) as tmp:
        merged.save_pretrained(tmp)
        load_tokenizer(base_model).save_pretrained(tmp)
        if note is not None:
            write_json_atomic(tmp / EXPORT_MANIFEST, note)
    return str(out)


def export_adapter(cfg: PipelineConfig, which: str) -> tuple[Path, dict[str, Any]]:
    """The adapter folder of `which` ("student", "student@STEP" or "specialist:NAME") and the manifest of the
    stage that wrote it. An error names what is accepted, or the stage to run where there is none, and refuses an
    adapter trained on another base model than the config's."""
    if re.fullmatch(r"student@\d+", which):
        return _checkpoint(cfg, int(which.split("@")[1]))
    if which == "student":
        d, stage = cfg.stage_dir("train"), "train"
    elif which.startswith("specialist:") and (name := which.split(":", 1)[1]) in cfg.specialize:
        d, stage = cfg.stage_dir("specialize") / name, "specialize"
    else:
        accepted = ["student", "student@STEP"] + [f"specialist:{n}" for n in cfg.specialize]
        raise SKDError(f"--model {which!r} is not accepted (accepted: {', '.join(accepted)})")
    manifest = read_manifest(d, stage)
    trained_on = (manifest.get("config") or {}).get("model")
    if trained_on and trained_on != cfg.model and not _same_model(trained_on, cfg.model):
        raise SKDError(f"{which} under {d} was trained on {trained_on!r}, not this config's model {cfg.model!r}: "
                       f"export it with the config it was trained with (or -s model={trained_on})")
    return d / "adapter", manifest


def _same_model(a: str, b: str) -> bool:
    """Two names of one model (a name and its path, a path and a copy of it): equal fingerprints. A name that no
    longer resolves is not the same."""
    from specialist_kd.models import model_fingerprint

    try:
        return model_fingerprint(a) == model_fingerprint(b)
    except SKDError:
        return False


def _checkpoint(cfg: PipelineConfig, step: int) -> tuple[Path, dict[str, Any]]:
    """A training checkpoint's adapter (`student@STEP`, as `eval.checkpoints` labels it), checked against the
    checkpoints folder's run.json: the base it was trained on."""
    from specialist_kd.models import model_fingerprint
    from specialist_kd.trainer import RUN_FILE

    ckpt_dir = cfg.stage_dir("train") / "checkpoints"
    have = saved_checkpoints(ckpt_dir)
    if step not in have:
        raise SKDError(f"--model student@{step}: no complete checkpoint-{step} under {ckpt_dir} "
                       f"(have: {', '.join(map(str, have)) or 'none'})")
    try:
        run = json.loads((ckpt_dir / RUN_FILE).read_text())
    except (OSError, ValueError):
        run = {}
    if run.get("model") and run["model"] != model_fingerprint(cfg.model):
        raise SKDError(f"checkpoint-{step} under {ckpt_dir} was trained on another base model than this "
                       f"config's {cfg.model!r}: export it with the config it was trained with")
    return have[step], {"inputs": {"build": run.get("data")}}


def run_export(cfg: PipelineConfig, out: str | Path, which: str = "student", dtype: str = "float32",
               force: bool = False) -> Path:
    """Merge `which`'s adapter into `cfg.model` and save the result at `out`; refuses an `out` that exists and is
    not empty unless `force` (then it is replaced whole, in one rename, once the new one is written)."""
    out = Path(out)
    if dtype not in DTYPES:
        raise SKDError(f"--dtype {dtype!r} is not accepted (accepted: {', '.join(DTYPES)})")
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not force:
        raise SKDError(f"{out} exists and is not empty; pass --force to replace it, or name another folder")
    adapter, manifest = export_adapter(cfg, which)
    note = {
        "created": dt.datetime.now().isoformat(timespec="seconds"),
        "model": which,
        "base_model": cfg.model,
        "adapter": str(adapter.resolve()),
        "adapter_sha256": sha256_tree(adapter),
        # the student: the hash of the build it was trained on; a specialist: its families
        "trained_on": manifest.get("inputs") or {"families": manifest.get("families")},
        "dtype": dtype,
    }
    log.info("export: merging %s (%s) into %s, %s", which, adapter, cfg.model, dtype)
    merge_adapter(cfg.model, adapter, out, dtype=dtype, note=note)
    return out
