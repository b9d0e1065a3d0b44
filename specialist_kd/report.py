"""Stage 5 — report: per-domain table of base vs specialists vs student, as markdown, JSON and PNG.

    skd report -c quickstart
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from specialist_kd.config import PipelineConfig
from specialist_kd.utils import atomic_dir, read_manifest, write_manifest

log = logging.getLogger(__name__)


def _fmt(res: dict[str, Any] | None) -> str:
    if res is None:
        return "—"
    if res["metric"] == "accuracy":
        return f"{100 * res['value']:.1f}%"
    return f"{res['value']:.3f}"


def make_table(results: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Rows = suites, columns = models in a stable order (base, specialists..., student)."""
    models: list[str] = []
    for per_model in results["results"].values():
        for m in per_model:
            if m not in models:
                models.append(m)
    order = sorted(models, key=lambda m: (m != "base", m == "student", m))
    header = ["suite", "metric", "n"] + order
    rows = []
    for suite, per_model in results["results"].items():
        any_res = next(iter(per_model.values()), None)
        if any_res is None:
            continue
        metric = "accuracy" if any_res["metric"] == "accuracy" else "logprob/token"
        rows.append([suite, metric, str(any_res["n"])] + [_fmt(per_model.get(m)) for m in order])
    return header, rows


def to_markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    acc = {s: r for s, r in results["results"].items() if r and next(iter(r.values()))["metric"] == "accuracy"}
    if not acc:
        return
    models = sorted({m for r in acc.values() for m in r}, key=lambda m: (m != "base", m == "student", m))
    fig, ax = plt.subplots(figsize=(1.8 + 1.6 * len(acc), 3.6))
    width = 0.8 / len(models)
    for j, m in enumerate(models):
        xs = [i + j * width for i in range(len(acc))]
        ys = [100 * acc[s][m]["value"] if m in acc[s] else 0 for s in acc]
        ax.bar(xs, ys, width, label=m)
    ax.set_xticks([i + 0.4 - width / 2 for i in range(len(acc))], list(acc), rotation=15, fontsize=8)
    ax.set_ylabel("exact-match accuracy (%)")
    ax.set_ylim(0, 100)
    ax.legend(fontsize=7)
    ax.set_title("held-out phrasings, by domain")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def run_report(cfg: PipelineConfig) -> Path:
    src = cfg.stage_dir("eval")
    read_manifest(src, "eval")
    results = json.loads((src / "results.json").read_text())
    header, rows = make_table(results)
    md = to_markdown(header, rows)
    out = cfg.stage_dir("report")
    with atomic_dir(out) as tmp:
        (tmp / "report.md").write_text(f"# specialist_kd report: {cfg.name}\n\nmodel: `{cfg.model}`\n\n{md}\n")
        (tmp / "report.json").write_text(json.dumps({"header": header, "rows": rows, **results}, indent=2))
        plot(results, tmp / "report.png")
        write_manifest(tmp, "report", cfg.to_dict())
    print(md)
    return out
