"""Stage 5 — report: per-domain table of base vs specialists vs student, as markdown, JSON and PNG.

    skd report -c quickstart
    skd report -c datetime-full -s 'report.compare={answer-only: runs/datetime-full-answers}'

`report.compare` adds other runs' results as columns "<label>/<model>"; suites must match (same version and
options), or the comparison would be of different questions and is refused. A model both runs evaluated is
also paired question by question (right only here / only there, McNemar's exact p), from eval/samples.jsonl;
`report.pairs` pairs any two models, this run's or a compared run's ("<label>/<model>"):

    skd report -c datetime-full -w runs/b -s 'report.compare={a: runs/a}' \\
        -s 'report.pairs=[[student@1080, a/student], [student, student@1080]]'
"""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path
from typing import Any

from specialist_kd import SKDError
from specialist_kd.config import PipelineConfig
from specialist_kd.utils import atomic_dir, read_manifest, write_manifest

log = logging.getLogger(__name__)


def _fmt(res: dict[str, Any] | None) -> str:
    if res is None:
        return "—"
    if res["metric"] == "accuracy":
        return f"{100 * res['value']:.1f}%"
    return f"{res['value']:.3f}"


def _model_order(m: str) -> tuple[int, int, str, bool]:
    """base first, then specialists, then the student's checkpoints by step, then the student; each of this
    run's models before compared runs'."""
    own = m.split("/")[-1]
    name, _, step = own.partition("@")  # "student@<step>": a training checkpoint (eval.checkpoints)
    if name == "student" and step.isdigit():
        return 2, int(step), "", "/" in m
    return (0 if own == "base" else 3 if own == "student" else 1), 0, own, "/" in m


def _models(results: dict[str, Any]) -> list[str]:
    """Every model in the results, in a stable order (base, specialists..., student)."""
    models: list[str] = []
    for per_model in results["results"].values():
        for m in per_model:
            if m not in models:
                models.append(m)
    return sorted(models, key=_model_order)


def make_table(results: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Rows = suites, columns = models in a stable order (base, specialists..., student); with two or more
    accuracy suites, a last row of their unweighted mean ("—" for a model not scored on all of them)."""
    order = _models(results)
    header = ["suite", "metric", "n"] + order
    rows = []
    for suite, per_model in results["results"].items():
        any_res = next(iter(per_model.values()), None)
        if any_res is None:
            continue
        metric = "accuracy" if any_res["metric"] == "accuracy" else "logprob/token"
        rows.append([suite, metric, str(any_res["n"])] + [_fmt(per_model.get(m)) for m in order])
    acc = [per_model for per_model in results["results"].values()
           if next(iter(per_model.values()), {}).get("metric") == "accuracy"]
    if len(acc) > 1:  # the unweighted mean of the accuracy suites, for a model that has them all
        rows.append([f"mean of {len(acc)} suites", "accuracy", ""] + [
            f"{100 * sum(p[m]['value'] for p in acc) / len(acc):.1f}%" if all(m in p for p in acc) else "—"
            for m in order])
    return header, rows


def steps_table(results: dict[str, Any]) -> tuple[list[str], list[list[str]]] | None:
    """Rows = suites whose outputs contain arithmetic, cells = equations that hold / equations written (see
    `evaluate.check_steps`); None when no output has any. Runs from before step checking show "—"."""
    order = _models(results)
    rows = []
    for suite, per_model in results["results"].items():
        found = {m: r["steps"] for m, r in per_model.items() if r.get("steps") and r["steps"][1]}
        if found:
            rows.append([suite] + [f"{100 * found[m][0] / found[m][1]:.0f}% of {found[m][1]}" if m in found
                                   else "—" for m in order])
    return (["suite"] + order, rows) if rows else None


def cut_table(results: dict[str, Any]) -> tuple[list[str], list[list[str]]] | None:
    """Rows = suites where some output stopped at the suite's max_tokens, cells = how many of n; None when none
    did. Runs from before this was recorded show "—"."""
    order = _models(results)
    rows = []
    for suite, per_model in results["results"].items():
        if any(r.get("cut") for r in per_model.values()):
            rows.append([suite] + [f"{per_model[m]['cut']} of {per_model[m]['n']}" if "cut" in per_model.get(m, {})
                                   else "—" for m in order])
    return (["suite"] + order, rows) if rows else None


def steps_by_size_table(results: dict[str, Any]) -> tuple[list[str], list[list[str]]] | None:
    """Rows = models, cells = equations that hold by the digits of their largest number, over every suite
    (see `evaluate.steps_by_size`); None when no output has any or the run predates the split."""
    from specialist_kd.evaluate import STEP_SIZES

    totals: dict[str, dict[str, list[int]]] = {}
    for per_model in results["results"].values():
        for model, r in per_model.items():
            for size, (held, found) in (r.get("steps_by_size") or {}).items():
                cell = totals.setdefault(model, {s: [0, 0] for s in STEP_SIZES})[size]
                cell[0] += held
                cell[1] += found
    rows = [[m] + [f"{100 * c[0] / c[1]:.0f}% of {c[1]}" if c[1] else "—" for c in totals[m].values()]
            for m in _models(results) if m in totals and any(c[1] for c in totals[m].values())]
    return (["model"] + [f"{s} digit{'s' * (s != '1')}" for s in STEP_SIZES], rows) if rows else None


def mcnemar_p(only_here: int, only_there: int) -> float:
    """McNemar's exact test, two-sided: if two models were equally good, each question only one of them gets
    right would be either's with probability 1/2; p is the chance of a split at least this uneven."""
    n = only_here + only_there
    tail = sum(math.comb(n, i) for i in range(min(only_here, only_there) + 1)) / 2**n
    return min(1.0, 2 * tail)


Saved = dict[tuple[str, str], list[dict[str, Any]]]  # (suite, model) -> an eval's saved outputs


def saved_samples(workdir: Path) -> Saved:
    """A run's saved eval outputs (eval/samples.jsonl) by (suite, model); none for a run saved without them.
    Read once per run: both the question check and the paired table come from it."""
    from specialist_kd.evaluate import read_samples

    if not (workdir / "eval" / "samples.jsonl").is_file():
        return {}
    return read_samples(workdir / "eval")


def _right_by_prompt(saved: Saved) -> dict[tuple[str, str], dict[str, bool]]:
    """(suite, model) -> {question: answered right}; scores without a right/wrong (log-likelihood suites)
    give none."""
    return {key: {s["prompt"]: bool(s["correct"]) for s in samples}
            for key, samples in saved.items() if all("correct" in s for s in samples)}


def paired_table(mine: Saved, others: dict[str, Saved],
                 pairs: list[list[str]] | None = None) -> tuple[list[str], list[list[str]]] | None:
    """From the runs' saved outputs (`saved_samples`), rows = each model this run and a compared run both
    evaluated, on the questions both were asked (matched by prompt): how many each got right, how many only
    one did, and McNemar's p. Two runs' totals can match while they get different questions right; the paired
    counts show it. `pairs` adds any two models, [model, model], this run's by name and a compared run's as
    "<label>/<model>": a checkpoint of one run against another run's final student, or a run's final student
    against its own checkpoint. None when nothing pairs."""
    if not others and not pairs:
        return None
    right = _right_by_prompt(mine)  # (suite, model) -> {question: right}; compared runs' as "<label>/<model>"
    own = list(right)
    for label, other in others.items():
        right |= {(suite, f"{label}/{model}"): r for (suite, model), r in _right_by_prompt(other).items()}
    triples = [(suite, model, f"{label}/{model}") for label in others for suite, model in own
               if (suite, f"{label}/{model}") in right]
    answered = sorted({m for _, m in right}, key=_model_order)
    for a, b in pairs or []:
        for m in (a, b):
            if m not in answered:
                raise SKDError(f"report.pairs: no saved outputs of model {m!r} (models with outputs: "
                               f"{', '.join(answered) or 'none'})")
        suites = [suite for suite, m in right if m == a and (suite, b) in right]
        if not suites:
            raise SKDError(f"report.pairs: {a!r} and {b!r} answered no suite in common")
        triples += [t for t in ((suite, a, b) for suite in suites) if t not in triples]
    rows = []
    for suite, a, b in triples:
        here, there = right[suite, a], right[suite, b]
        both = [q for q in here if q in there]
        if not both:
            continue
        only_here = sum(here[q] and not there[q] for q in both)
        only_there = sum(there[q] and not here[q] for q in both)
        rows.append([suite, a, b, str(len(both)), str(sum(here[q] for q in both)),
                     str(sum(there[q] for q in both)), str(only_here), str(only_there),
                     f"{mcnemar_p(only_here, only_there):.2g}"])
    header = ["suite", "model", "compared with", "questions", "right", "right there", "only here",
              "only there", "McNemar p"]
    return (header, rows) if rows else None


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
    models = sorted({m for r in acc.values() for m in r}, key=_model_order)
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


def _load_results(workdir: Path) -> dict[str, Any]:
    src = workdir / "eval"
    read_manifest(src, "eval")
    return json.loads((src / "results.json").read_text())


def saved_questions(saved: Saved) -> dict[str, set[tuple[str, str]]]:
    """suite -> the (question, gold answer) pairs an eval's saved outputs answered, all models together."""
    asked: dict[str, set[tuple[str, str]]] = {}
    for (suite, _), samples in saved.items():
        asked.setdefault(suite, set()).update((s["prompt"], str(s.get("gold"))) for s in samples)
    return asked


def merge_compared(results: dict[str, Any], others: dict[str, dict[str, Any]],
                   same_questions: dict[str, dict[str, set[tuple[str, str]]]] | None = None) -> dict[str, Any]:
    """This run's results plus each other run's models as "<label>/<model>", suite by suite. A suite whose
    version or options differ is refused, unless `same_questions[label]` holds it (suite -> the questions):
    the two runs' saved outputs answered the same questions with the same gold answers (a version that changed
    only the token budget)."""
    merged = {"suites": dict(results["suites"]), "results": {s: dict(r) for s, r in results["results"].items()}}
    for label, other in others.items():
        for suite, per_model in other["results"].items():
            if suite not in merged["suites"]:
                continue  # a suite only the other run has: nothing to set it beside
            mine, theirs = merged["suites"][suite], other["suites"][suite]
            differs = (mine.get("version"), mine.get("options")) != (theirs.get("version"), theirs.get("options"))
            if differs and suite not in (same_questions or {}).get(label, ()):
                raise SKDError(f"report.compare.{label}: suite {suite!r} differs (version/options "
                               f"{theirs.get('version')}/{theirs.get('options')} vs {mine.get('version')}/"
                               f"{mine.get('options')}) and the saved outputs do not show the same questions: "
                               "the two runs asked different questions")
            if differs:
                note = (f"report.compare.{label}: suite {suite!r} is version {theirs.get('version')} there, "
                        f"{mine.get('version')} here, but both runs asked the same {len(same_questions[label][suite])} "
                        "questions with the same answers: compared (token budgets may differ)")
                log.warning(note)
                merged.setdefault("notes", []).append(note)
            for model, res in per_model.items():
                merged["results"][suite][f"{label}/{model}"] = res
    return merged


def run_report(cfg: PipelineConfig) -> Path:
    results = _load_results(cfg.root)
    compared = {label: Path(d) for label, d in cfg.report.compare.items()}
    # each run's saved outputs, read once, only where something is compared or paired
    own = saved_samples(cfg.root) if compared or cfg.report.pairs else {}
    saved = {label: saved_samples(d) for label, d in compared.items()}
    if compared:
        mine = saved_questions(own)
        same = {label: {suite: q for suite, q in saved_questions(theirs).items() if q and mine.get(suite) == q}
                for label, theirs in saved.items()}
        results = merge_compared(results, {label: _load_results(d) for label, d in compared.items()}, same)
    header, rows = make_table(results)
    md = to_markdown(header, rows)
    steps = steps_table(results)
    if steps:
        md += ("\n\nArithmetic steps that hold (equations in the models' outputs, e.g. \"25 - 98 = -73\"; "
               "answer-only outputs have none):\n\n" + to_markdown(*steps))
    sizes = steps_by_size_table(results)
    if sizes:
        md += ("\n\nThe same equations, all suites together, by the digits of their largest number (\"8 + 4 = 12\": "
               "2 digits):\n\n" + to_markdown(*sizes))
    cut = cut_table(results)
    if cut:
        md += ("\n\nOutputs that stopped at the suite's token budget (`max_tokens`) before they ended; an answer "
               "cut off there scores wrong:\n\n" + to_markdown(*cut))
    md += "".join(f"\n\nNote: {note}." for note in results.get("notes", []))
    paired = paired_table(own, saved, cfg.report.pairs)
    if paired:
        md += ("\n\nPaired question by question (the questions both models were asked, matched by prompt; "
               "McNemar's exact p: how likely a split of the questions only one model gets right at least this "
               "uneven would be, were the two equally good):\n\n" + to_markdown(*paired))
    pairs = {"header": paired[0], "rows": paired[1]} if paired else None
    out = cfg.stage_dir("report")
    with atomic_dir(out) as tmp:
        (tmp / "report.md").write_text(f"# specialist_kd report: {cfg.name}\n\nmodel: `{cfg.model}`\n\n{md}\n")
        (tmp / "report.json").write_text(
            json.dumps({"header": header, "rows": rows, **results, "paired": pairs}, indent=2))
        plot(results, tmp / "report.png")
        write_manifest(tmp, "report", cfg.to_dict())
    print(md)
    return out
