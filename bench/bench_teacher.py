"""Benchmark the vLLM teacher on this machine: engine start-up, generation and scoring throughput.

    python bench/bench_teacher.py [--model smollm2-135m-instruct] [--n 64] [--max-tokens 32]

Prints wall-clock figures; it asserts nothing about time (that is not a test's job).
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="smollm2-135m-instruct")
    ap.add_argument("--n", type=int, default=64)
    ap.add_argument("--max-tokens", type=int, default=32)
    ap.add_argument("--top-k", type=int, default=20)
    ap.add_argument("--lora", default=None, help="optional PEFT adapter dir to serve")
    ap.add_argument("--vllm-score", action="store_true", help="score through vLLM prompt_logprobs even with LoRA")
    args = ap.parse_args()

    from specialist_kd.specialist import get_specialist, make_messages
    from specialist_kd.teacher import VLLMTeacher

    fam = get_specialist("date_add_days")()
    exs = fam.examples(args.n, seed=123)
    prompts = [make_messages(e.question, "You are a helpful assistant.") for e in exs]
    t0 = time.perf_counter()
    from specialist_kd.teacher import adapter_target_modules

    teacher = VLLMTeacher(args.model, max_model_len=1024, max_logprobs=args.top_k, enable_lora=bool(args.lora),
                          lora_target_modules=adapter_target_modules([args.lora]) if args.lora else None)
    if args.vllm_score:
        teacher.lora_enabled = False  # force the vLLM prompt_logprobs path, to test it with LoRA
    t_start = time.perf_counter() - t0
    print(f"engine start-up: {t_start:.1f} s  (VLLM_CPU_OMP_THREADS_BIND={os.environ.get('VLLM_CPU_OMP_THREADS_BIND')}, "
          f"reserved={os.environ.get('VLLM_CPU_NUM_OF_RESERVED_CPU')})")
    for label, adapter in [("base", None)] + ([("lora", args.lora)] if args.lora else []):
        t0 = time.perf_counter()
        outs = teacher.generate(prompts, max_tokens=args.max_tokens, top_k=args.top_k, adapter=adapter)
        dt = time.perf_counter() - t0
        ntok = sum(len(o.token_ids) for o in outs)
        print(f"[{label}] generate: {len(outs)} prompts, {ntok} tokens, top-{args.top_k} logprobs: "
              f"{dt:.1f} s = {ntok / dt:.1f} tok/s")
        t0 = time.perf_counter()
        responses = [fam.format_response(e, True) for e in exs]
        scored = teacher.score(prompts, responses, top_k=args.top_k, adapter=adapter)
        dt = time.perf_counter() - t0
        ntok = sum(len(s.token_ids) for s in scored)
        print(f"[{label}] score: {len(scored)} responses, {ntok} response tokens: {dt:.1f} s = {ntok / dt:.1f} tok/s")
    print("sample:", repr(outs[0].text[:200]))


if __name__ == "__main__":
    main()
