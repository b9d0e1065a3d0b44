"""Where a student leaves the calculator's path: its eval suite's questions, teacher-forced on the rationales its
run was trained to write (a diagnostic; no generation).

    python bench/gold_departures.py runs/db-s2-quote --suite days_between [--at "Counting days"] [--n 400]
        [--templates inclusive:5] [--model base] [--options '{quote_meaning: null}']

For each held-out question of the suite (the questions `skd eval` asks), the gold response is the calculator's
answer and rationale with the run's own specialist options (`specialists.<family>` in its train manifest; checked
against the first training records the run generated, so a run trained before a default changed fails with a
one-line error instead of being read against the wrong form: pass `--options '{quote_meaning: null}'` for a
days_between run trained before `quote_meaning: sentence` became the default, `'{quote: false}'` before `quote`,
`'{read_dates: false}'` for a weekday run trained before `read_dates` became its default).
The student (base + the run's adapter; `--model base` for the base alone) reads the question and the gold response
in one forward pass, and at each gold token we note the student's most likely token. Printed:

- by question type, template and date style: how many questions, how many the student would write to the end
  unchanged (its most likely token is the gold's at every step), the mean log-probability per gold token, and
  with `--at TEXT` the mean probability of the gold's token right after TEXT's first occurrence (a decision, e.g.
  after "Counting days" the "," of "Counting days, both ends." against the "." of "Counting days.");
- the most common departures, anywhere in the response: the gold text just before (digits as #), the gold's
  token and the student's most likely one there (given the gold before it, so a departure does not hide the
  later ones, as the first wrong step of a sampled output does).

A sampled output shows one path; this shows how near the student is to the calculator's at each step, and on
which wording and date style a decision turns (session 32: after 'Asked: "inclusive". Counting days' on "{a} through
{b}, inclusive: how many calendar days?", the "," of "both ends" 0.21 and 0.23 likely with numeric dates, 0.56
and 0.59 with ISO dates and dates in words; runs/db-s2-quote).
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._samples import date_style  # noqa: E402
from specialist_kd import SKDError  # noqa: E402
from specialist_kd.config import PipelineConfig, build_typed  # noqa: E402
from specialist_kd.evaluate import load_suites  # noqa: E402
from specialist_kd.models import render_response, resolve_model  # noqa: E402
from specialist_kd.records import read_records  # noqa: E402
from specialist_kd.specialist import Example, RuleSpecialist, get_specialist, make_messages  # noqa: E402
from specialist_kd.utils import read_manifest  # noqa: E402


def token_index_after(pieces: list[str], text: str, marker: str) -> int | None:
    """The index of the token that holds the first character after `marker`'s first occurrence in `text`, where
    `pieces` are the tokens' texts in order (their concatenation starts with `text`); None if absent."""
    at = text.find(marker)
    if at < 0:
        return None
    end, pos = at + len(marker), 0
    for i, p in enumerate(pieces):
        pos += len(p)
        if pos > end:
            return i
    return None


def departures(gold: list[int], best: list[int]) -> list[int]:
    """The positions where the student's most likely next token, given the gold before it, is not the gold's."""
    return [i for i, (g, b) in enumerate(zip(gold, best)) if g != b]


def gold_spec(cfg: PipelineConfig, family: str, options: dict[str, Any] | None) -> RuleSpecialist:
    """The family's calculator with the options the run trained with (`options` on top), checked against the
    run's generated records where there are some."""
    opts = {**(cfg.specialists.get(family) or {}), **(options or {})}
    spec = get_specialist(family).from_config(opts)
    if not isinstance(spec, RuleSpecialist):
        raise SKDError(f"{family!r} is not a rule-based family: accepted suites are those of rule families")
    shard = cfg.stage_dir("generate") / f"{family}.parquet"
    if shard.is_file():
        theirs = [r.response for r in read_records(shard)[:20]]
        ours = [spec.format_response(e, spec.options.rationale) for e in spec.examples(len(theirs), cfg.seed)]
        if theirs != ours:
            raise SKDError(f"{shard}: the run's {family} responses differ from this code's with options {opts}; "
                           "pass the options it was trained with, e.g. --options '{quote_meaning: null}' for a "
                           "days_between run trained before quote_meaning: sentence was the default, "
                           "'{read_dates: false}' for a weekday run trained before read_dates was")
    return spec


def read_run(run: Path) -> PipelineConfig:
    """The config a run's student was trained with, from its train manifest."""
    return build_typed(PipelineConfig, read_manifest(run / "train", "train")["config"], "")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("run", type=Path, help="a run directory with train/manifest.json and train/adapter")
    ap.add_argument("--suite", required=True, help="an eval suite of a rule family, e.g. days_between")
    ap.add_argument("--n", type=int, default=None,
                    help="the suite's first N questions (default: as many as the run's eval asked)")
    ap.add_argument("--at", default=None, help="also report P(the gold's token right after this text)")
    ap.add_argument("--templates", default=None,
                    help="only these of the suite's templates, comma-separated ids as printed (e.g. inclusive:5)")
    ap.add_argument("--model", choices=("student", "base"), default="student")
    ap.add_argument("--options", default=None, help="YAML mapping over the run's specialist options")
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--top", type=int, default=12, help="how many departures to list")
    args = ap.parse_args(argv)
    try:
        report(args)
    except SKDError as e:
        sys.exit(f"error: {e}")


def report(args: argparse.Namespace) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    cfg = read_run(args.run)
    (suite,) = load_suites(cfg.eval.suites_dir, [args.suite], cfg.eval.options)
    src = suite.source
    if not src.specialist:
        raise SKDError(f"suite {args.suite!r} has no rule family behind it (it reads {src.file})")
    options = yaml.safe_load(args.options) if args.options else None
    if options is not None and not isinstance(options, dict):
        raise SKDError(f"--options must be a YAML mapping, got {args.options!r}")
    spec = gold_spec(cfg, src.specialist, options)
    n = args.n or cfg.eval.n or src.n  # as many as the run's `skd eval` asked, by default
    questions = suite.examples(n)
    templates = {f"{q}:{i}": t for q, ts in spec.template_groups().items() for i, t in enumerate(ts)}
    wanted = set(args.templates.split(",")) if args.templates else None
    if wanted and not wanted <= set(templates):
        raise SKDError(f"unknown template id(s) {sorted(wanted - set(templates))}: accepted: {', '.join(templates)}")
    golds: list[Example] = []
    for e in questions:
        if wanted and e.template not in wanted:
            continue
        answer, rationale = spec.solve({**e.params, "prompt": e.question})
        assert answer == e.answer, (e.question, answer, e.answer)
        golds.append(dataclasses.replace(e, rationale=rationale))
    if not golds:
        raise SKDError(f"none of the suite's first {n} questions uses template(s) {args.templates}: raise --n")

    base = resolve_model(cfg.model)
    tok = AutoTokenizer.from_pretrained(base)
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32)
    if args.model == "student":
        from peft import PeftModel

        adapter = cfg.stage_dir("train") / "adapter"
        if not (adapter / "adapter_config.json").is_file():
            raise SKDError(f"no student adapter in {adapter}: train it first (`skd train`), or pass --model base")
        model = PeftModel.from_pretrained(model, str(adapter))
    model.eval()

    rows = []
    for e in golds:
        response = spec.format_response(e, spec.options.rationale)
        prompt, completion = render_response(tok, make_messages(e.question, cfg.system_prompt), response)
        rows.append((e, response, prompt, completion))
    groups: dict[tuple[str, str], list[tuple[bool, float, float | None]]] = defaultdict(list)
    missed: Counter[tuple[str, str, str]] = Counter()
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0
    for b in range(0, len(rows), args.batch_size):
        batch = rows[b: b + args.batch_size]
        seqs = [p + c for _, _, p, c in batch]
        width = max(map(len, seqs))
        ids = torch.tensor([s + [pad] * (width - len(s)) for s in seqs])
        mask = torch.tensor([[1] * len(s) + [0] * (width - len(s)) for s in seqs])
        with torch.no_grad():
            logp = model(input_ids=ids, attention_mask=mask).logits.float().log_softmax(-1)
        for k, (e, response, prompt, completion) in enumerate(batch):
            lp = logp[k, len(prompt) - 1: len(prompt) + len(completion) - 1]
            gold = torch.tensor(completion)
            gold_lp = lp.gather(-1, gold[:, None])[:, 0]
            best = lp.argmax(-1).tolist()
            deps = departures(completion, best)
            decision = None
            if args.at:
                pieces = [tok.decode([t]) for t in completion]
                i = token_index_after(pieces, response, args.at)
                decision = gold_lp[i].exp().item() if i is not None else None
            groups[(e.template, date_style(e.question))].append((not deps, gold_lp.mean().item(), decision))
            for i in deps:
                before = re.sub(r"\d", "#", tok.decode(completion[:i])[-40:])
                missed[(before, tok.decode([completion[i]]), tok.decode([best[i]]))] += 1
        print(f"\r{min(b + args.batch_size, len(rows))}/{len(rows)} questions", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)

    opts = {k: v for k, v in dataclasses.asdict(spec.options).items() if k not in ("n", "weight")}
    print(f"{args.run}: {args.model} on {len(rows)} {args.suite} questions, teacher-forced on {src.specialist}'s "
          f"rationales with {opts}")
    at = f"  P(after {args.at!r})" if args.at else ""
    print(f"{'template':<12} {'dates':<11} {'n':>4}  {'followed':>8}  {'log-p/token':>11}{at}")
    for (tid, style), vals in sorted(groups.items()):
        followed = sum(v[0] for v in vals)
        lp = sum(v[1] for v in vals) / len(vals)
        ds = [v[2] for v in vals if v[2] is not None]
        dec = f"  {sum(ds) / len(ds):>.2f} of {len(ds)}" if ds else ("  -" if args.at else "")
        print(f"{tid:<12} {style:<11} {len(vals):>4}  {followed:>8}  {lp:>11.3f}{dec}")
    for tid in sorted({t for t, _ in groups}):
        print(f"  {tid}: {templates.get(tid, '?')}")
    print(f"departures from the gold: {sum(missed.values())} tokens in {sum(not v[0] for g in groups.values() for v in g)}"
          f" of {len(rows)} questions; the most common (the gold before, digits as # | the gold's token | the student's):")
    for (before, g, s), c in missed.most_common(args.top):
        print(f"  {c:>4}  {before!r} | {g!r} | {s!r}")


if __name__ == "__main__":
    main()
