"""Benchmark student training on this machine: tokens/s of the KD training step (LoRA, logits only at
completion positions), for the bundled model and rule-based date/time data with rationales.

    python bench/bench_train.py [--steps 4] [--batch-size 8] [--lora-r 16] [--bf16] [--gradient-checkpointing]
                                [--base-dtype bfloat16] [--build runs/NAME/build] [--profile]
                                [--model NAME_OR_PATH [--random-weights]] [--sdpa efficient|flash|cudnn|math]
                                [--trim-memory-steps N] [--huge-pages on|off]

Prints four figures: the whole call, model load included; the training loop alone (the trainer's own
`train_runtime`), which is what a long run's steps cost; the process's peak resident memory (and the GPU's peak
allocation); and the median step past the third, the steady pace.
Asserts nothing about time. It trains on the GPU when torch sees one. `--build` times a build's own rows (its
train.parquet) instead of fresh rule records; `--profile` adds torch.profiler's tables of the operators that
took the most time (on the GPU: CUDA time) and of the most host time, children included (the data loader,
the optimizer step, the backward pass), to find where a step's time goes. `--random-weights` times a model of
the same shapes with random weights, built from `--model`'s config and tokenizer alone (a directory with
config.json and the tokenizer's files does): the time a step takes does not depend on the weights' values,
and no weights need to travel. `--sdpa` keeps torch's scaled-dot-product attention to one backend (by
default torch picks; on an H200 it picked cuDNN's). `--trim-memory-steps` (train.trim_memory_steps, 0 never):
on CPU, how often the allocator's free memory goes back to the system; the resident size between steps is
printed (the lowest, the highest and the last) beside the peak. The CPU time the training call spent in user
code and in the kernel, and its minor page faults, are printed too: on CPU, fresh pages for each step's large
tensors (the logits, their softmax and gradients) are faulted in and zeroed by the kernel. `--huge-pages`
sets THP_MEM_ALLOC_ENABLE for torch's CPU allocator (tensors of 2 MiB and more on transparent huge pages);
without the flag the environment's value is used. On this machine (session 48) it made steps ~40% slower:
fewer faults, but each one zeroes (and may compact) 2 MiB, and the system time went from 13 to 70 s.
The bench runs on the allocator it is started with: `LD_PRELOAD=libtcmalloc_minimal.so.4 python bench/...`
times TCMalloc, which the `skd` command restarts itself on where the system has it (session 56: 4.68 against
6.50 and 6.26 s a step on glibc, 1.6 M against 19 M faults; README "Measured on this machine").
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from specialist_kd.config import BASE_DTYPES, TrainConfig
from specialist_kd.utils import machine_info, machine_text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="smollm2-135m-instruct")
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--lora-r", type=int, default=16)
    ap.add_argument("--bf16", action="store_true", help="bfloat16 autocast (train.bf16)")
    ap.add_argument("--gradient-checkpointing", action="store_true",
                    help="recompute activations in the backward pass (train.gradient_checkpointing)")
    ap.add_argument("--build", type=Path, help="time the rows of this build directory's train.parquet")
    ap.add_argument("--base-dtype", default="float32", choices=BASE_DTYPES,
                    help="dtype of the frozen base weights (train.base_dtype)")
    ap.add_argument("--profile", action="store_true", help="print torch.profiler's top operators")
    ap.add_argument("--sdpa", choices=["efficient", "flash", "cudnn", "math"],
                    help="the one attention backend torch may use (default: torch's choice)")
    ap.add_argument("--random-weights", action="store_true",
                    help="random weights in --model's shapes (needs only its config and tokenizer)")
    ap.add_argument("--trim-memory-steps", type=int, default=TrainConfig().trim_memory_steps,
                    help="CPU: every N steps the allocator's free memory goes back to the system (0: never)")
    ap.add_argument("--huge-pages", choices=["on", "off"],
                    help="THP_MEM_ALLOC_ENABLE=1 or 0 for torch's CPU allocator (default: the environment's)")
    args = ap.parse_args()
    if args.huge_pages:
        if "torch" in sys.modules:
            raise SystemExit("--huge-pages: torch is already imported here, and it reads THP_MEM_ALLOC_ENABLE once, "
                             "at its first allocation; run the script as its own process")
        os.environ["THP_MEM_ALLOC_ENABLE"] = "1" if args.huge_pages == "on" else "0"

    import torch
    from datasets import Dataset

    from specialist_kd.build import encode_record
    from specialist_kd.models import load_tokenizer, tokenizer_fingerprint
    from specialist_kd.specialist import registry
    from specialist_kd.trainer import train_lora

    n = args.steps * args.batch_size
    model = args.model
    tmp_model = tempfile.TemporaryDirectory() if args.random_weights else contextlib.nullcontext()
    if args.random_weights:
        from transformers import AutoConfig, AutoModelForCausalLM

        from specialist_kd.models import resolve_model

        torch.manual_seed(0)
        model = tmp_model.name
        AutoModelForCausalLM.from_config(AutoConfig.from_pretrained(resolve_model(args.model))).save_pretrained(model)
        load_tokenizer(args.model).save_pretrained(model)
    if args.build:
        from specialist_kd.trainer import _load_split

        ds = _load_split(args.build, "train")
        if ds is None:
            raise SystemExit(f"--build {args.build}: no train.parquet there (run `skd build` first)")
        ds = ds.shuffle(seed=0).select(range(min(n, len(ds))))
    else:
        tok = load_tokenizer(model)
        fp = tokenizer_fingerprint(tok)
        rows = []
        rule = [cls for cls in registry().values() if cls.kind == "rule"]
        for cls in rule:  # every family, n rows in all
            for r in cls().generate(-(-n // len(rule)), seed=0, ctx=None):
                rows.append(encode_record(r, tok, fp, 320)[0])
        ds = Dataset.from_list(rows).shuffle(seed=0).select(range(n))
    n_tok = sum(len(r) for r in ds["input_ids"])
    n_comp = sum(len(r["input_ids"]) - r["completion_start"] for r in ds)
    cuda = torch.cuda.is_available()
    activities = [torch.profiler.ProfilerActivity.CPU] + ([torch.profiler.ProfilerActivity.CUDA] if cuda else [])
    profiler = torch.profiler.profile(activities=activities) if args.profile else contextlib.nullcontext()
    from transformers import TrainerCallback

    from specialist_kd.utils import peak_resident_gib, resident_gib

    class StepTimes(TrainerCallback):  # the wall clock at each step's end: the steady pace, past the first steps'
        def __init__(self):            # warm-up; the resident size as each step begins, after the last one's trim
            self.ends: list[float] = []
            self.rss: list[float] = []

        def on_step_begin(self, *a, **kw):
            self.rss.append(resident_gib())

        def on_step_end(self, *a, **kw):
            self.ends.append(time.perf_counter())

    step_times = StepTimes()
    from torch.nn.attention import SDPBackend, sdpa_kernel

    backend = {"efficient": SDPBackend.EFFICIENT_ATTENTION, "flash": SDPBackend.FLASH_ATTENTION,
               "cudnn": SDPBackend.CUDNN_ATTENTION, "math": SDPBackend.MATH}.get(args.sdpa)
    attention = sdpa_kernel(backend) if backend is not None else contextlib.nullcontext()
    with tmp_model, tempfile.TemporaryDirectory() as d, profiler, attention:
        t0, r0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        train_lora(model_name=model, train_rows=ds, val_rows=None, out_dir=Path(d), max_steps=args.steps,
                   batch_size=args.batch_size, learning_rate=3e-4, lora_r=args.lora_r, save_steps=10**6,
                   bf16=args.bf16, gradient_checkpointing=args.gradient_checkpointing, base_dtype=args.base_dtype,
                   trim_memory_steps=args.trim_memory_steps, callbacks=[step_times])
        dt, r1 = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF)
        loop = json.loads((Path(d) / "train_metrics.json").read_text())["metrics"]["train_runtime"]
    if args.profile:  # model load included; the training loop dominates once steps > a few
        averages = profiler.key_averages()
        print(averages.table(sort_by="self_cuda_time_total" if cuda else "self_cpu_time_total", row_limit=20))
        print(averages.table(sort_by="cpu_time_total", row_limit=25))
    mode = ("bf16 autocast" if args.bf16 else "no autocast") + f", base weights {args.base_dtype}"
    mode += f", attention {args.sdpa} only" if args.sdpa else ""
    mode += ", gradient checkpointing" if args.gradient_checkpointing else ""
    device = machine_text(machine_info()) + ("" if cuda else f", threads={torch.get_num_threads()}")
    print(f"{device}: {args.model}{' (random weights)' if args.random_weights else ''}: "
          f"steps={args.steps} batch={args.batch_size} r={args.lora_r} {mode}"
          + (f", rows of {args.build}" if args.build else ""))
    print(f"train: {len(ds)} examples, {n_tok} tokens ({n_comp} completion) in {dt:.1f} s "
          f"(incl. model load) = {n_tok / dt:.0f} tokens/s, {dt / args.steps:.1f} s/step")
    print(f"training loop alone: {loop:.1f} s = {n_tok / loop:.0f} tokens/s, {loop / args.steps:.1f} s/step")
    print(f"CPU time in it: user {r1.ru_utime - r0.ru_utime:.1f} s, system {r1.ru_stime - r0.ru_stime:.1f} s; "
          f"{r1.ru_minflt - r0.ru_minflt:,} minor page faults "
          f"(THP_MEM_ALLOC_ENABLE={os.environ.get('THP_MEM_ALLOC_ENABLE', 'unset')})")
    print(f"peak resident memory of this process: {peak_resident_gib()} GiB" + (
        f"; GPU peak allocated {torch.cuda.max_memory_allocated() / 2**30:.2f} GiB" if cuda else ""))
    between = step_times.rss[1:]  # as steps 2..N begin
    if between:
        trim = f"trim every {args.trim_memory_steps} steps" if args.trim_memory_steps else "never trimmed"
        print(f"resident between steps ({trim}): lowest {min(between):.2f}, "
              f"highest {max(between):.2f}, last {between[-1]:.2f} GiB")
    gaps = sorted(b - a for a, b in zip(step_times.ends[2:], step_times.ends[3:]))  # steps 4..N
    if gaps:
        med = gaps[len(gaps) // 2]
        print(f"steady pace (median of steps 4..{args.steps}): {med:.3f} s/step = {n_tok / args.steps / med:.0f} "
              f"tokens/s at the mean row")


if __name__ == "__main__":
    main()
