"""`skd`: the command line. Thin: every subcommand calls the stage function of the same name.

    skd models prepare                  # the bundled SmolLM2-135M-Instruct, once
    skd run quickstart                  # every stage: specialize, generate, build, train, eval, report
    skd generate -c quickstart          # one stage (each reads the previous stage's output)
    skd train -c my.yaml --resume -s train.max_steps=200
    skd status -c my.yaml               # where a run stands, stage by stage
    skd export -c my.yaml --out DIR     # the student merged into its base: one plain checkpoint
    skd specialists                     # list registered specialists
    skd specialists date_add_days       # one family's options, with types and defaults
    skd solve date_add_days date=2024-03-05 days=45   # ask a calculator directly

Errors in user input print one line (`error: ...`) and exit with status 2.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from typing import Any

from specialist_kd import SKDError

STAGES = ["specialize", "generate", "build", "train", "eval", "report"]


def _config(args: argparse.Namespace) -> Any:
    from specialist_kd.config import load_config

    return load_config(args.config, overrides=args.set, workdir=args.workdir)


def _stage_fn(stage: str) -> Callable[..., Any]:
    if stage == "specialize":
        from specialist_kd.specialize import run_specialize as fn
    elif stage == "generate":
        from specialist_kd.generate import run_generate as fn
    elif stage == "build":
        from specialist_kd.build import run_build as fn
    elif stage == "train":
        from specialist_kd.trainer import run_train as fn
    elif stage == "eval":
        from specialist_kd.evaluate import run_eval as fn
    elif stage == "report":
        from specialist_kd.report import run_report as fn
    else:
        raise SKDError(f"unknown stage {stage!r} (accepted: {', '.join(STAGES)})")
    return fn


def run_pipeline(cfg: Any, start: str = "specialize", stop: str = "report", resume: bool = False) -> dict[str, float]:
    """All stages in order (from `start` to `stop`); prints and saves each stage's wall time."""
    from specialist_kd.utils import write_json_atomic

    for s in (start, stop):
        if s not in STAGES:
            raise SKDError(f"unknown stage {s!r} (accepted: {', '.join(STAGES)})")
    stages = STAGES[STAGES.index(start): STAGES.index(stop) + 1]
    if not cfg.specialize and "specialize" in stages:
        stages.remove("specialize")
    if "train" in stages and "eval" in stages and cfg.eval.checkpoints:  # fail now, not after training
        kept = cfg.train.kept_checkpoints()
        lost = [s for s in cfg.eval.checkpoints if s not in kept]
        if lost:
            raise SKDError(
                f"eval.checkpoints {lost} will not be on disk after training: it keeps checkpoints {kept} "
                f"(train.save_steps={cfg.train.save_steps}, keep_checkpoints={cfg.train.keep_checkpoints}); "
                f"set train.keep_checkpoints=null and steps that are multiples of save_steps"
            )
    if "eval" in stages and stages[0] != "eval" and cfg.eval.max_model_len is not None and (
            {"base", "student"} & set(cfg.eval.models)):  # a context too short: refused now, not after training
        from specialist_kd.evaluate import context_needed, engine_context, load_suites

        suites = load_suites(cfg.eval.suites_dir, cfg.eval.suites, cfg.eval.options)
        engine_context(cfg.eval.max_model_len, *context_needed(
            cfg.model, [(s, s.items(cfg.system_prompt, n=cfg.eval.n)) for s in suites]))
    timings: dict[str, float] = {}
    for stage in stages:
        print(f"==> {stage}", flush=True)
        t0 = time.perf_counter()
        fn = _stage_fn(stage)
        out = fn(cfg, resume=resume) if stage in ("train", "specialize") else fn(cfg)
        timings[stage] = round(time.perf_counter() - t0, 1)
        print(f"<== {stage}: {out} ({timings[stage]:.0f} s)", flush=True)
    timings["total"] = round(sum(timings.values()), 1)
    write_json_atomic(cfg.root / "timings.json", timings)
    print("stage wall times (s): " + ", ".join(f"{k} {v:.0f}" for k, v in timings.items()))
    return timings


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("-c", "--config", default="quickstart",
                   help="pipeline YAML file or shipped preset name (default: quickstart)")
    p.add_argument("-w", "--workdir", default=None, help="output root (default: runs/<config name>)")
    p.add_argument("-s", "--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a config value, e.g. -s train.max_steps=10 (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="skd", description="Distil specialist teachers into one small LoRA student.")
    ap.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = ap.add_subparsers(dest="cmd", required=True, metavar="COMMAND")

    m = sub.add_parser("models", help="prepare / locate models")
    msub = m.add_subparsers(dest="models_cmd", required=True)
    mp = msub.add_parser("prepare", help="convert the bundled SmolLM2-135M-Instruct GGUF into a local HF checkpoint")
    mp.add_argument("--force", action="store_true", help="prepare again even if a verified copy exists")
    mpath = msub.add_parser("path", help="print the local path a model name resolves to")
    mpath.add_argument("name", nargs="?", default="smollm2-135m-instruct")

    sp = sub.add_parser("specialists", help="list registered specialists, or one's options",
                        description="List the registered specialists; with a NAME, that specialist's options "
                                    "(set under `specialists.NAME` in a pipeline config), with types and defaults.")
    sp.add_argument("name", nargs="?", default=None, help="a specialist whose options to list")
    sv = sub.add_parser("solve", help="ask a rule-based specialist directly, e.g. skd solve weekday date=2024-03-05",
                        description="Run one rule-based calculator on KEY=VALUE arguments; prints the rationale "
                                    "and the answer. Missing or unknown arguments get an error that lists the accepted ones.")
    sv.add_argument("family", help="a rule-based specialist (see `skd specialists`)")
    sv.add_argument("args", nargs="*", metavar="KEY=VALUE")

    helps = {
        "specialize": "train LoRA specialists on rule-based data (served later as neural teachers)",
        "generate": "specialists -> records (Parquet), one vLLM engine for all neural teachers",
        "build": "merge, weight, dedup, decontaminate, split, align teacher top-k to student tokens",
        "train": "LoRA student with KD (top-k KL + tail, T^2) + CE loss, TRL SFTTrainer subclass",
        "eval": "score base, specialists and student on the per-domain suites in eval/ (a stopped eval goes on "
                "from the suites it finished)",
        "report": "markdown + JSON table and PNG chart of the eval results",
    }
    for stage in STAGES:
        p = sub.add_parser(stage, help=helps[stage], description=helps[stage])
        _add_common(p)
        if stage in ("train", "specialize"):
            p.add_argument("--resume", action="store_true", help="continue from the last checkpoint")
        if stage == "specialize":
            p.add_argument("--only", default=None, help="train just this specialize entry")
        if stage == "eval":
            p.add_argument("--rescore", action="store_true",
                           help="score the saved outputs again (new parsers, step checks) without running models")

    st = sub.add_parser("status", help="where a run stands, stage by stage (reads the work dir, runs nothing)",
                        description="Each stage of a run: finished (when), unfinished (what a rerun goes on from: "
                                    "shards and answers, the newest checkpoint, saved eval suites) or not run.")
    _add_common(st)

    ex = sub.add_parser("export", help="merge the trained student (or a specialist) into its base: one plain "
                                       "transformers checkpoint with the tokenizer",
                        description="The LoRA adapter folded into the base model (PEFT merge_and_unload), saved "
                                    "with the base's tokenizer and chat template and an skd_export.json naming "
                                    "what it came from; for tools that take one model folder and no adapter.")
    _add_common(ex)
    ex.add_argument("--out", required=True, help="the folder to write (refused if it exists and is not empty)")
    ex.add_argument("--model", default="student",
                    help="student (default), student@STEP (a training checkpoint) or specialist:NAME")
    ex.add_argument("--dtype", default="float32", choices=["float32", "bfloat16", "float16"],
                    help="the saved weights' dtype (default float32)")
    ex.add_argument("--force", action="store_true", help="replace --out if it exists")

    r = sub.add_parser("run", help="run every stage from one config", description="run every stage from one config")
    r.add_argument("config", nargs="?", default="quickstart", help="pipeline YAML or preset (default: quickstart)")
    r.add_argument("-w", "--workdir", default=None, help="output root (default: runs/<config name>)")
    r.add_argument("-s", "--set", action="append", default=[], metavar="KEY=VALUE", help="override a config value")
    r.add_argument("--from", dest="start", default="specialize", choices=STAGES, help="first stage to run")
    r.add_argument("--to", dest="stop", default="report", choices=STAGES, help="last stage to run")
    r.add_argument("--resume", action="store_true", help="resume training stages from their last checkpoint")
    return ap


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # as Ctrl-C: `finally` blocks run (vLLM engines shut down, temporaries removed)


def main(argv: list[str] | None = None) -> int:
    if argv is None:  # the `skd` command itself (not a call from Python): on TCMalloc where the system has it
        from specialist_kd.allocator import restart_with_tcmalloc

        try:
            restart_with_tcmalloc(sys.argv[1:])
        except SKDError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
    args = build_parser().parse_args(argv)
    # SIGTERM (a scheduler's stop, `kill`) ends a command as Ctrl-C does; training saves a checkpoint first
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        return _run(args)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S")
    try:
        if args.cmd == "models":
            from specialist_kd import models

            if args.models_cmd == "prepare":
                print(models.prepare_bundled(force=args.force))
            else:
                print(models.resolve_model(args.name))
        elif args.cmd == "specialists" and args.name:
            from specialist_kd.specialist import describe_options, get_specialist

            rows = describe_options(get_specialist(args.name).Options)
            print(f"options of {args.name} (set under specialists.{args.name} in a pipeline config):")
            width = [max(len(r[i]) for r in rows) for i in range(3)]
            for r in rows:
                print("  " + "  ".join(c.ljust(w) for c, w in zip(r, width)) + f"  {r[3]}".rstrip())
        elif args.cmd == "specialists":
            from specialist_kd.specialist import registry

            for name, cls in sorted(registry().items()):
                if cls.kind == "rule":
                    qtypes = [q for q in cls.template_groups() if q]
                    extra = f"  questions: {', '.join(qtypes)}" if qtypes else ""
                    print(f"{name:20s} rule    answer: {cls.answer_format}{extra}")
                else:
                    doc = (sys.modules[cls.__module__].__doc__ or "neural specialist").strip().splitlines()[0]
                    print(f"{name:20s} neural  {doc}")
        elif args.cmd == "solve":
            from specialist_kd.specialist import get_specialist

            fam = get_specialist(args.family)()
            if fam.kind != "rule":
                raise SKDError(f"{args.family!r} is a neural specialist; `skd solve` runs rule-based ones")
            kv = {}
            for a in args.args:
                if "=" not in a:
                    raise SKDError(f"argument {a!r} must look like KEY=VALUE")
                k, v = a.split("=", 1)
                kv[k] = v
            answer, rationale = fam.solve_args_checked(kv)
            print(f"{rationale}\nAnswer: {answer}")
        elif args.cmd == "status":
            from specialist_kd.status import run_status

            print(run_status(_config(args)))
        elif args.cmd == "export":
            from specialist_kd.export import run_export

            print(run_export(_config(args), args.out, args.model, args.dtype, args.force))
        elif args.cmd == "run":
            cfg = _config(args)
            run_pipeline(cfg, args.start, args.stop, resume=args.resume)
        else:
            cfg = _config(args)
            fn = _stage_fn(args.cmd)
            if args.cmd == "eval" and args.rescore:
                from specialist_kd.evaluate import rescore_eval as fn
            kwargs: dict[str, Any] = {}
            if args.cmd in ("train", "specialize"):
                kwargs["resume"] = args.resume
            if args.cmd == "specialize":
                kwargs["only"] = args.only
            print(fn(cfg, **kwargs))
    except SKDError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: finished outputs are intact; run the same command again to go on", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `skd ... | head`: the reader left; no traceback (Python docs, "SIGPIPE")
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return 0


if __name__ == "__main__":
    sys.exit(main())
