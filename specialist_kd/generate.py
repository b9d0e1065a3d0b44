"""Stage 1 — generate: every configured specialist produces records (Parquet shards via `datasets`).

    skd generate -c quickstart

Rule-based specialists compute exact answers (+ rationales); neural specialists answer or score through
one shared vLLM engine that is started only if some specialist needs it. Each specialist's shard is
written atomically with a sidecar of the options that produced it; a re-run (e.g. after an interruption)
reuses shards whose options, and the specialists' code, are unchanged, and a neural shard stopped part-way
asks only the prompts it had no answer for (`GenerateContext.generate` keeps each answer under
generate/.partial/ as it comes). `manifest.json` is written last and marks the stage finished.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

from specialist_kd import SKDError
from specialist_kd.config import PipelineConfig
from specialist_kd.models import model_fingerprint
from specialist_kd.records import write_records
from specialist_kd.specialist import Specialist, get_specialist
from specialist_kd.utils import (
    MANIFEST,
    Timer,
    read_manifest,
    sha256_file,
    sha256_tree,
    write_json_atomic,
    write_manifest,
)

log = logging.getLogger(__name__)


PARTIAL = ".partial"  # under generate/: each neural shard's answers so far, one JSON line per answer


class GenerateContext:
    """What a specialist may use while generating: the config, a lazily started shared vLLM engine, and
    `generate`, which keeps every answer as it comes so a stopped shard goes on where it stopped."""

    def __init__(self, cfg: PipelineConfig):
        self.cfg = cfg
        self.system_prompt = cfg.system_prompt
        self.seed = cfg.seed
        self._teacher: Any = None
        self.shard: tuple[str, str] | None = None  # (specialist, shard key) being generated, set by run_generate
        self.adapters: list[str] = []  # adapters given as folders (not specialize entries), set by run_generate

    def generate(self, prompts: list[list[dict[str, str]]], *, part: str = "", **kw: Any) -> list[Any]:
        """`VLLMTeacher.generate` for the shard being generated, each answer appended to a work file under
        generate/.partial/ as it finishes; answers already there for the same shard key, prompts and sampling
        options (`part` tells a specialist's calls apart) are not asked again. run_generate removes the file
        once the shard is written. Greedy decoding, or a seeded sampler per request: the same answers."""
        from specialist_kd.teacher import TeacherOutput

        teacher = self.teacher()
        name, shard_key = self.shard or ("unnamed", "")
        key = hashlib.sha256(json.dumps([shard_key, part, prompts, kw], sort_keys=True, default=str).encode())
        path = self.cfg.stage_dir("generate") / PARTIAL / f"{name}-{key.hexdigest()[:16]}.jsonl"
        done: dict[int, Any] = {}
        saved = path.read_text() if path.is_file() else ""
        if saved:
            for line in saved.splitlines():
                try:
                    row = json.loads(line)
                    i = row.pop("i")
                    if 0 <= i < len(prompts):
                        done[i] = TeacherOutput(**row)
                except (ValueError, TypeError, KeyError):  # a line cut off by a kill: asked again
                    continue
            log.info("generate %s: %d of %d answers kept from a run stopped before (%s)", name, len(done),
                     len(prompts), path)
        todo = [i for i in range(len(prompts)) if i not in done]
        if todo:
            path.parent.mkdir(parents=True, exist_ok=True)
            per_prompt = {k: [v[i] for i in todo] for k, v in kw.items() if isinstance(v, (list, tuple))}
            with open(path, "a") as f:
                if saved and not saved.endswith("\n"):
                    f.write("\n")  # after a line cut off by a kill, the next answer starts a line of its own
                for j, out in teacher.generate_iter([prompts[i] for i in todo], **{**kw, **per_prompt}):
                    done[todo[j]] = out
                    f.write(json.dumps({"i": todo[j], **asdict(out)}) + "\n")
                    f.flush()
        return [done[i] for i in range(len(prompts))]

    def teacher(self) -> Any:
        if self._teacher is None:
            from specialist_kd.teacher import VLLMTeacher, adapter_rank, adapter_target_modules

            ranks = [s.lora_r for s in self.cfg.specialize.values()] + [adapter_rank(a) for a in self.adapters]
            adapters = [str(self.cfg.stage_dir("specialize") / n / "adapter") for n in self.cfg.specialize]
            adapters = [a for a in adapters if Path(a).is_dir()] + self.adapters
            self._teacher = VLLMTeacher(
                self.cfg.model, max_model_len=self.cfg.generate.max_model_len,
                max_logprobs=self.cfg.generate.max_logprobs, enable_lora=bool(adapters),
                max_lora_rank=max(ranks, default=16), max_loras=max(1, len(adapters)),
                lora_target_modules=adapter_target_modules(adapters) if adapters else None, seed=self.cfg.seed,
            )
        return self._teacher

    def adapter_path(self, ref: str) -> str:
        """A `specialize` entry name -> its trained adapter dir; anything else is taken as a path."""
        if ref in self.cfg.specialize:
            d = self.cfg.stage_dir("specialize") / ref
            read_manifest(d, "specialize")
            return str(d / "adapter")
        if not (Path(ref) / "adapter_config.json").is_file():
            known = ", ".join(self.cfg.specialize) or "none configured"
            raise SKDError(f"adapter {ref!r} is neither a specialize entry ({known}) nor a PEFT adapter dir")
        return ref


@functools.cache
def specialists_code_fingerprint() -> str:
    """A hash of the code that writes records (the `specialists` package and `specialist_kd/specialist.py`):
    a new version of a calculator or its rationales must not reuse shards an older one wrote."""
    import specialists

    files = sorted(Path(specialists.__file__).parent.glob("*.py")) + [Path(__file__).with_name("specialist.py")]
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def _folder_adapter(cfg: PipelineConfig, spec: Specialist) -> str | None:
    """A neural specialist's `adapter` option when it names a folder rather than a specialize entry."""
    ref = getattr(spec.options, "adapter", None) if spec.kind == "neural" else None
    return ref if ref and ref not in cfg.specialize else None


def _shard_key(cfg: PipelineConfig, name: str, spec: Specialist) -> str:
    payload = {"name": name, "options": asdict(spec.options), "seed": cfg.seed, "model": cfg.model,
               "system_prompt": cfg.system_prompt, "specialize": {k: asdict(v) for k, v in cfg.specialize.items()},
               "code": specialists_code_fingerprint()}
    if spec.kind == "neural":
        payload["model_fp"] = model_fingerprint(cfg.model)
        payload["specialists"] = cfg.specialists  # rule families' ranges/rationale shape what it scores
        # a re-trained adapter invalidates the shards it taught, even with an unchanged config
        payload["adapters"] = {n: sha256_tree(cfg.stage_dir("specialize") / n / "adapter")
                               for n in cfg.specialize if (cfg.stage_dir("specialize") / n / "adapter").is_dir()}
        if (folder := _folder_adapter(cfg, spec)) and Path(folder).is_dir():
            payload["adapter_files"] = sha256_tree(folder)  # re-trained in place: its shards are asked again
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:16]


def run_generate(cfg: PipelineConfig) -> Path:
    if not cfg.specialists:
        raise SKDError("config has no specialists: add at least one under 'specialists:'")
    specs = {name: get_specialist(name).from_config(opts) for name, opts in cfg.specialists.items()}
    out = cfg.stage_dir("generate")
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).unlink(missing_ok=True)  # the stage is unfinished until the manifest is rewritten
    ctx = GenerateContext(cfg)
    # checked before any engine starts; the engine is started with LoRA on, at a rank that holds them
    ctx.adapters = sorted({ctx.adapter_path(a) for spec in specs.values() if (a := _folder_adapter(cfg, spec))})
    shards: dict[str, Any] = {}
    try:
        for name, spec in specs.items():
            shard, sidecar = out / f"{name}.parquet", out / f"{name}.json"
            key = _shard_key(cfg, name, spec)
            if shard.is_file() and sidecar.is_file() and json.loads(sidecar.read_text()).get("key") == key:
                log.info("generate %s: up to date, reusing %s", name, shard)
                shards[name] = json.loads(sidecar.read_text())
                continue
            with Timer() as t:
                ctx.shard = (name, key)
                records = spec.generate(spec.options.n, cfg.seed, ctx)
                write_records(shard, records)
            for work in (out / PARTIAL).glob(f"{name}-*.jsonl"):  # its answers are in the shard now
                work.unlink()
            info = {"key": key, "records": len(records), "kind": spec.kind, "seconds": round(t.seconds, 1),
                    "sha256": sha256_file(shard), "options": asdict(spec.options)}
            write_json_atomic(sidecar, info)
            shards[name] = info
            log.info("generate %s: %d records in %.1f s", name, len(records), t.seconds)
    finally:
        if ctx._teacher is not None:
            ctx._teacher.close()
    with contextlib.suppress(OSError):
        (out / PARTIAL).rmdir()  # only when empty: another config's work files stay for it
    for stale in out.glob("*.parquet"):
        if stale.stem not in specs:
            stale.unlink()
            (out / f"{stale.stem}.json").unlink(missing_ok=True)
    write_manifest(out, "generate", cfg.to_dict(), shards=shards, model=cfg.model)
    return out
