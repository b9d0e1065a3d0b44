"""End to end on the real stack: every `skd` stage as a subprocess at toy size, the real vLLM CPU engine
serving the bundled SmolLM2-135M-Instruct and LoRA adapters (LoRARequest), and parity of vLLM's soft
targets with a transformers forward pass. Slow (~5 min); `make test` runs it, `-m "not integration"` skips it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

SKD = [sys.executable, "-m", "specialist_kd.cli"]


def skd(*args: str, workdir: Path) -> subprocess.CompletedProcess:
    cmd = [*SKD, *args, "-c", "toy", "-w", str(workdir), "-s", "eval.lora_mode=request"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    return proc


@pytest.fixture(scope="module")
def toy_run(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("toy-run")
    for stage in ("specialize", "generate", "build", "train", "eval", "report"):
        skd(stage, workdir=work)
    return work


def test_every_stage_wrote_a_manifest(toy_run):
    for stage in ("specialize/datetime", "generate", "build", "train", "eval", "report"):
        m = json.loads((toy_run / stage / "manifest.json").read_text())
        assert m["stage"] == stage.split("/")[0]
        assert m["versions"]["transformers"] and m["config"]["name"] == "toy"
        if stage in ("specialize/datetime", "train"):  # the training process's peak: the model alone is 0.5 GiB
            assert 0.5 < m["process_peak_resident_gib"] < 64
        if stage in ("specialize/datetime", "train", "eval"):  # what their seconds were measured on
            assert m["machine"]["cpu_count"] == os.cpu_count() and m["machine"]["cpu_capability"]
    assert not list(toy_run.rglob("*.tmp"))
    assert not (toy_run / ".eval-partial").exists()  # removed once the eval is whole


def test_records_carry_vllm_soft_targets(toy_run):
    from specialist_kd.records import read_records

    general = read_records(toy_run / "generate" / "general.parquet")
    assert len(general) == 6
    for r in general:
        assert r.logprobs_mode == "raw_logprobs" and r.sampling_temperature == 0.0
        assert len(r.topk_ids) == len(r.response_token_ids) > 0 and all(len(k) == 20 for k in r.topk_ids)
        # greedy decoding: the sampled token is the teacher's top-1 at every position
        assert [k[0] for k in r.topk_ids] == r.response_token_ids
        assert all(a >= b for row in r.topk_logprobs for a, b in zip(row, row[1:]))
    expert = read_records(toy_run / "generate" / "datetime_expert.parquet")
    assert len(expert) == 6 and all(r.has_soft_targets and r.teacher_adapter for r in expert)
    rule = read_records(toy_run / "generate" / "weekday.parquet")
    assert all(not r.has_soft_targets and r.answer for r in rule)


def test_vllm_logprobs_match_transformers_forward(toy_run):
    """vLLM's generation logprobs (raw) == a teacher-forced transformers pass over the same tokens."""
    from specialist_kd.models import load_tokenizer, render_prompt, resolve_model
    from specialist_kd.records import read_records
    from specialist_kd.teacher import HFScorer

    tok = load_tokenizer("smollm2-135m-instruct")
    recs = read_records(toy_run / "generate" / "general.parquet")[:3]
    scorer = HFScorer(resolve_model("smollm2-135m-instruct"))
    pairs = [(render_prompt(tok, r.messages), r.response_token_ids) for r in recs]
    for r, (ids, lps, _) in zip(recs, scorer.topk(pairs, 20, None)):
        for pos in range(len(r.response_token_ids)):
            assert ids[pos][0] == r.topk_ids[pos][0]
            assert abs(lps[pos][0] - r.topk_logprobs[pos][0]) < 1e-3


def test_build_and_train_outputs(toy_run):
    bm = json.loads((toy_run / "build" / "manifest.json").read_text())
    assert bm["counts"]["train"]["rows"] > 0 and bm["counts"]["train"]["soft_rows"] > 0
    assert bm["filtered"].get("kl_dropped_tokenizer_mismatch", 0) == 0
    adapter = toy_run / "train" / "adapter"
    assert json.loads((adapter / "adapter_config.json").read_text())["peft_type"] == "LORA"
    assert (adapter / "adapter_model.safetensors").is_file()


def test_eval_and_report(toy_run):
    res = json.loads((toy_run / "eval" / "results.json").read_text())
    assert res["lora_mode"] == "request"
    for suite in ("date_add_days", "weekday", "days_between", "clock_add_minutes"):
        assert {"base", "student"} <= set(res["results"][suite])
        assert 0.0 <= res["results"][suite]["student"]["value"] <= 1.0
    assert "specialist:datetime" in res["results"]["date_add_days"]
    assert res["results"]["general"]["base"]["value"] < 0
    samples = [json.loads(line) for line in (toy_run / "eval" / "samples.jsonl").read_text().splitlines()]
    assert {s["model"] for s in samples} == {"base", "student", "specialist:datetime"}
    for suite, per_model in res["results"].items():  # outputs stopped at max_tokens, counted from vLLM's finish_reason
        for model, r in per_model.items():
            if r["metric"] == "accuracy":
                mine = [s for s in samples if (s["suite"], s["model"]) == (suite, model)]
                assert all(isinstance(s["cut"], bool) for s in mine) and r["cut"] == sum(s["cut"] for s in mine)
    md = (toy_run / "report" / "report.md").read_text()
    assert "| weekday | accuracy | 3 |" in md
    assert (toy_run / "report" / "report.png").stat().st_size > 1000
    # --rescore: the saved outputs scored again, without a model, give the same results
    skd("eval", "--rescore", workdir=toy_run)
    again = json.loads((toy_run / "eval" / "results.json").read_text())
    assert again["results"] == res["results"] and "steps" in again["results"]["weekday"]["student"]


def test_run_command_reruns_report(toy_run):
    proc = subprocess.run([*SKD, "run", "toy", "-w", str(toy_run), "--from", "report"], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "| suite | metric | n |" in proc.stdout and "stage wall times" in proc.stdout


def test_eval_with_merged_adapters_matches_the_request_path_shape(toy_run, tmp_path):
    """eval.lora_mode=merge (the CPU default): each adapter merged into its own engine; eval.checkpoints
    scores a training checkpoint beside the final adapter."""
    import shutil

    work = tmp_path / "merged"
    shutil.copytree(toy_run, work)
    cmd = [*SKD, "eval", "-c", "toy", "-w", str(work), "-s", "eval.lora_mode=merge",
           "-s", "eval.models=[base,student]", "-s", "eval.suites=[weekday,general]", "-s", "eval.checkpoints=[2]"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-5000:]
    res = json.loads((work / "eval" / "results.json").read_text())
    assert res["lora_mode"] == "merge" and set(res["results"]) == {"weekday", "general"}
    assert set(res["results"]["weekday"]) == {"base", "student@2", "student"}
    # toy trains 2 steps, so checkpoint-2 holds the final adapter's weights: the same scores, exactly
    for suite in ("weekday", "general"):
        assert res["results"][suite]["student@2"]["value"] == res["results"][suite]["student"]["value"]
    # the merged student and the LoRARequest student score the same reference answers alike
    req = json.loads((toy_run / "eval" / "results.json").read_text())["results"]["general"]["student"]["value"]
    assert abs(res["results"]["general"]["student"]["value"] - req) < 1e-2
    assert not (work / ".eval-merged").exists()


def test_exported_student_served_by_vllm_scores_as_the_student(toy_run, tmp_path):
    """`skd export` folds the student into its base; vLLM serves the folder as a plain model (no LoRA), and it
    scores the general suite's reference answers as the student did through LoRARequest."""
    out = tmp_path / "exported"
    proc = subprocess.run([*SKD, "export", "-c", "toy", "-w", str(toy_run), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == str(out) and (out / "skd_export.json").is_file()
    work = tmp_path / "as-base"
    cmd = [*SKD, "eval", "-c", "toy", "-w", str(work), "-s", f"model={out}", "-s", "eval.models=[base]",
           "-s", "eval.suites=[general]"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-5000:]
    got = json.loads((work / "eval" / "results.json").read_text())["results"]["general"]["base"]["value"]
    res = json.loads((toy_run / "eval" / "results.json").read_text())["results"]["general"]
    assert abs(got - res["student"]["value"]) < 1e-2
    # and it is the student, not the base it was merged into: the LoRA's update is in the saved weights
    import torch
    from transformers import AutoModelForCausalLM

    from specialist_kd.models import resolve_model

    merged = AutoModelForCausalLM.from_pretrained(out).state_dict()
    base = AutoModelForCausalLM.from_pretrained(resolve_model("smollm2-135m-instruct")).state_dict()
    assert merged.keys() == base.keys()
    changed = [k for k in base if not torch.equal(merged[k].float(), base[k].float())]
    assert changed and all(k.endswith("proj.weight") for k in changed), changed[:5]
