"""`skd status`: where a run stands, stage by stage, read from its work dir without starting anything.

    skd status -c datetime-3x -w runs/datetime-3x

A stage is *finished* when its manifest is there (every stage writes it last), *unfinished* when it left
work a rerun goes on from (generate's shards and answers, training checkpoints, an eval's saved suites), and *not run*
otherwise. A finished build or train whose input changed since says so (its manifest keeps the input's hash).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from specialist_kd.config import PipelineConfig
from specialist_kd.utils import MANIFEST, machine_text, saved_checkpoints, sha256_tree


def _manifest(d: Path) -> dict[str, Any] | None:
    try:
        return json.loads((d / MANIFEST).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def _when(m: dict[str, Any]) -> str:
    return m.get("created", "?").replace("T", " ")[:16]


def _on(m: dict[str, Any]) -> str:
    """Where a stage's seconds were measured (its manifest's `machine`, `utils.machine_text`): " on NVIDIA H200",
    " on AMD EPYC (2 cores, AVX2)"; "" for a manifest without it."""
    return f" on {machine_text(m['machine'])}" if m.get("machine") else ""


def _training(d: Path, max_steps: int) -> str:
    """An unfinished training stage: its newest complete checkpoint, or nothing to go on from."""
    ckpts = saved_checkpoints(d / "checkpoints")
    if not ckpts:
        return "not run" if not d.is_dir() else "unfinished, no checkpoint saved yet: it starts over"
    step = list(ckpts)[-1]
    try:
        max_steps = json.loads((ckpts[step] / "trainer_state.json").read_text()).get("max_steps") or max_steps
    except (OSError, json.JSONDecodeError):
        pass
    return f"unfinished at step {step} of {max_steps} ({ckpts[step].name}); --resume goes on from it"


def _changed(m: dict[str, Any], name: str, d: Path) -> str:
    old = (m.get("inputs") or {}).get(name)
    if old and d.is_dir() and sha256_tree(d) != old:
        return f"; {name} changed since: run it again"
    return ""


def stage_status(cfg: PipelineConfig) -> list[tuple[str, str]]:
    """(stage, one line on where it stands) for each stage of the pipeline."""
    rows: list[tuple[str, str]] = []
    for name, spec in cfg.specialize.items():
        d = cfg.stage_dir("specialize") / name
        m = _manifest(d)
        line = (f"finished {_when(m)}: {m.get('rows', '?')} rows" if m
                else _training(d, spec.max_steps))
        rows.append((f"specialize/{name}", line))

    d = cfg.stage_dir("generate")
    m = _manifest(d)
    if m:
        shards = m.get("shards", {})
        records = sum(s.get("records", 0) for s in shards.values())
        rows.append(("generate", f"finished {_when(m)}: {len(shards)} shards, {records:,} records"))
    else:
        from specialist_kd.generate import PARTIAL as GEN_PARTIAL

        done = [n for n in cfg.specialists if (d / f"{n}.parquet").is_file() and (d / f"{n}.json").is_file()]
        work = sorted((d / GEN_PARTIAL).glob("*.jsonl"))
        answers = sum(len(w.read_text().splitlines()) for w in work)
        line = (f"unfinished: {len(done)} of {len(cfg.specialists)} shards written" if done or work else "not run")
        if work:
            line += f", {answers} answers of a neural shard kept"
        if done or work:
            line += "; a rerun reuses what is still up to date"
        rows.append(("generate", line))

    d = cfg.stage_dir("build")
    m = _manifest(d)
    if m:
        counts = m.get("counts", {})
        split = ", ".join(f"{counts[s].get('rows', 0):,} {s}" for s in counts)
        rows.append(("build", f"finished {_when(m)}: {split} rows"
                              + _changed(m, "generate", cfg.stage_dir("generate"))))
    else:
        rows.append(("build", "not run"))

    d = cfg.stage_dir("train")
    m = _manifest(d)
    if m:
        mt = m.get("metrics", {})
        peak = m.get("process_peak_resident_gib")
        rows.append(("train", f"finished {_when(m)}: {mt.get('global_step', '?')} steps in {m.get('seconds', 0):,.0f} s"
                              + _on(m)
                              + (f", at most {peak} GiB resident" if peak else "")
                              + _changed(m, "build", cfg.stage_dir("build"))))
    else:
        rows.append(("train", _training(d, cfg.train.max_steps)))

    from specialist_kd.evaluate import PARTIAL

    m = _manifest(cfg.stage_dir("eval"))
    saved = list((cfg.root / PARTIAL).glob("*.json"))
    if saved:
        rows.append(("eval", f"unfinished: {len(saved)} (suite, model) results saved; a rerun goes on from them"))
    elif m:
        rows.append(("eval", f"finished {_when(m)}: models {', '.join(m.get('models', []))}"))
    else:
        rows.append(("eval", "not run"))

    m = _manifest(cfg.stage_dir("report"))
    rows.append(("report", f"finished {_when(m)}: {cfg.stage_dir('report') / 'report.md'}" if m else "not run"))
    return rows


def run_status(cfg: PipelineConfig) -> str:
    rows = stage_status(cfg)
    width = max(len(s) for s, _ in rows)
    return f"{cfg.name} in {cfg.root}:\n" + "\n".join(f"  {s.ljust(width)}  {line}" for s, line in rows)
