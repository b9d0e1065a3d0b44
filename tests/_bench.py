"""What the tests of the step-by-step diagnostics (bench/*_steps.py) share: a script loaded as a module, a
family's own responses, the first wrong step, and a run directory holding saved eval outputs."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from specialist_kd.specialist import get_specialist


def load(name: str):
    """bench/<name>.py as a module (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).parents[1] / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def calculator_outputs(family: str, options: dict, n: int, seed: int, held_out: bool = False) -> list[tuple[str, str]]:
    """(question, response) pairs as the family's calculator writes them with `options`."""
    spec = get_specialist(family).from_config(options)
    return [(e.question, spec.format_response(e, True)) for e in spec.examples(n, seed, held_out)]


def first_wrong(steps: dict[str, bool] | None) -> str | None:
    assert steps is not None, "not in the form the script reads"
    return next((k for k, ok in steps.items() if not ok), None)


def run_with_samples(run: Path, suite: str, outputs: list[tuple[str, str, bool]]) -> Path:
    """A run directory whose eval/samples.jsonl holds the student's (prompt, output, correct) for `suite`."""
    (run / "eval").mkdir(parents=True)
    rows = [{"suite": suite, "model": "student", "prompt": p, "output": o, "gold": "", "correct": c}
            for p, o, c in outputs]
    (run / "eval" / "samples.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return run


def assert_slips_fail_first(steps_of, prompt: str, good: str, slips: dict[str, str]) -> None:
    """`good` holds at every step (`steps_of(prompt, output)`), and each output of `slips`, `good` with one slip,
    differs from it and fails the step it is filed under first."""
    assert first_wrong(steps_of(prompt, good)) is None
    for step, output in slips.items():
        assert output != good, step
        steps = steps_of(prompt, output)
        assert first_wrong(steps) == step, (step, steps)
