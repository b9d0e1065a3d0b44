"""`skd export`: a trained adapter merged into its base, saved as one plain checkpoint that loads without PEFT."""

from __future__ import annotations

import json

import pytest

from specialist_kd import SKDError
from specialist_kd.cli import main
from specialist_kd.config import load_config
from specialist_kd.export import EXPORT_MANIFEST, run_export
from specialist_kd.utils import sha256_tree, write_manifest


def _trained(tmp_path, tiny_model_dir, stage: str = "train"):
    """A work dir whose student (or the toy config's specialist) is a random, non-zero LoRA on the tiny Llama,
    with the manifest its stage writes."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    cfg = load_config("toy", workdir=str(tmp_path / "work"), overrides=[f"model={tiny_model_dir}"])
    torch.manual_seed(1)
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(tiny_model_dir),
                           LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"],
                                      init_lora_weights=False))
    if stage == "train":
        d = cfg.stage_dir("train")
        extra = {"inputs": {"build": "b" * 64}}
    else:
        d = cfg.stage_dir("specialize") / next(iter(cfg.specialize))
        extra = {"families": ["weekday"]}
    model.save_pretrained(d / "adapter")
    write_manifest(d, stage, cfg.to_dict(), **extra)
    return cfg, d / "adapter"


def _logits(model, tokenizer):
    import torch

    ids = tokenizer("What day of the week is 2024-03-05?", return_tensors="pt").input_ids
    with torch.no_grad():
        return model(ids).logits


def test_export_is_the_merged_student_and_loads_without_peft(tmp_path, tiny_model_dir, tokenizer):
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    cfg, adapter = _trained(tmp_path, tiny_model_dir)
    out = run_export(cfg, tmp_path / "exported")

    merged = AutoModelForCausalLM.from_pretrained(out)
    base = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    with_adapter = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny_model_dir), adapter)
    got, want, plain = (_logits(m, tokenizer) for m in (merged, with_adapter, base))
    assert torch.allclose(got, want, atol=1e-5), (got - want).abs().max()
    assert not torch.allclose(got, plain, atol=1e-3)  # the adapter changed the model: the merge is not a no-op
    assert not (out / "adapter_config.json").exists()

    tok = AutoTokenizer.from_pretrained(out)  # the base's tokenizer and chat template travel with it
    msgs = [{"role": "user", "content": "hi"}]
    assert tok.apply_chat_template(msgs, tokenize=False) == tokenizer.apply_chat_template(msgs, tokenize=False)

    note = json.loads((out / EXPORT_MANIFEST).read_text())
    assert note["model"] == "student" and note["base_model"] == str(tiny_model_dir)
    assert note["adapter_sha256"] == sha256_tree(adapter)
    assert note["trained_on"] == {"build": "b" * 64} and note["dtype"] == "float32"
    assert {p.name for p in tmp_path.iterdir()} == {"work", "exported"}  # no temporary folder left beside it


def test_export_a_specialist_in_bfloat16(tmp_path, tiny_model_dir):
    import torch
    from transformers import AutoModelForCausalLM

    cfg, _ = _trained(tmp_path, tiny_model_dir, stage="specialize")
    name = next(iter(cfg.specialize))
    out = run_export(cfg, tmp_path / "spec", which=f"specialist:{name}", dtype="bfloat16")
    assert AutoModelForCausalLM.from_pretrained(out, dtype="auto").dtype == torch.bfloat16
    note = json.loads((out / EXPORT_MANIFEST).read_text())
    assert note["model"] == f"specialist:{name}" and note["trained_on"] == {"families": ["weekday"]}


def test_export_a_training_checkpoint(tmp_path, tiny_model_dir, tokenizer):
    """`student@STEP` exports a checkpoint's adapter (as eval.checkpoints scores it), checked against run.json."""
    import shutil

    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from specialist_kd.models import model_fingerprint

    cfg, adapter = _trained(tmp_path, tiny_model_dir)
    ckpts = cfg.stage_dir("train") / "checkpoints"
    shutil.copytree(adapter, ckpts / "checkpoint-2")
    (ckpts / "checkpoint-2" / "trainer_state.json").write_text("{}")
    (ckpts / "checkpoint-4").mkdir()  # cut off while being saved: no trainer_state.json
    (ckpts / "run.json").write_text(json.dumps({"model": model_fingerprint(str(tiny_model_dir)), "data": "d" * 64}))
    out = run_export(cfg, tmp_path / "ck", which="student@2")
    want = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny_model_dir), ckpts / "checkpoint-2")
    assert torch.allclose(_logits(AutoModelForCausalLM.from_pretrained(out), tokenizer), _logits(want, tokenizer),
                          atol=1e-5)
    note = json.loads((out / EXPORT_MANIFEST).read_text())
    assert note["model"] == "student@2" and note["trained_on"] == {"build": "d" * 64}
    with pytest.raises(SKDError, match=r"no complete checkpoint-4 under .* \(have: 2\)"):
        run_export(cfg, tmp_path / "x", which="student@4")
    (ckpts / "run.json").write_text(json.dumps({"model": "0123456789abcdef"}))
    with pytest.raises(SKDError, match="checkpoint-2 under .* was trained on another base model"):
        run_export(cfg, tmp_path / "x", which="student@2")


def test_export_refuses_what_it_cannot_do_and_keeps_what_is_there(tmp_path, tiny_model_dir, monkeypatch):
    import shutil

    monkeypatch.setenv("SKD_HOME", str(tmp_path / "home"))  # the fingerprint cache
    cfg, _ = _trained(tmp_path, tiny_model_dir)
    with pytest.raises(SKDError, match=r"--model 'teacher' is not accepted \(accepted: student, student@STEP, specialist:"):
        run_export(cfg, tmp_path / "x", which="teacher")
    with pytest.raises(SKDError, match="--dtype 'int8' is not accepted"):
        run_export(cfg, tmp_path / "x", dtype="int8")
    other = load_config("toy", workdir=str(cfg.root), overrides=["model=some/other-model"])
    with pytest.raises(SKDError, match="was trained on .*tiny-llama.*, not this config's model 'some/other-model'"):
        run_export(other, tmp_path / "x")
    copy = shutil.copytree(tiny_model_dir, tmp_path / "copy")  # another name of the same model: accepted
    assert run_export(load_config("toy", workdir=str(cfg.root), overrides=[f"model={copy}"]), tmp_path / "c").is_dir()
    retrained = shutil.copytree(tiny_model_dir, tmp_path / "retrained")  # same config.json, other weights
    (retrained / "model.safetensors").write_bytes((retrained / "model.safetensors").read_bytes()[:-4] + b"\0" * 4)
    with pytest.raises(SKDError, match="was trained on .*tiny-llama.*, not this config's model .*retrained"):
        run_export(load_config("toy", workdir=str(cfg.root), overrides=[f"model={retrained}"]), tmp_path / "x")
    empty = load_config("toy", workdir=str(tmp_path / "nothing"), overrides=[f"model={tiny_model_dir}"])
    with pytest.raises(SKDError, match=r"manifest.json missing \(run `skd train` first\)"):
        run_export(empty, tmp_path / "x")
    assert not (tmp_path / "x").exists()

    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "mine.txt").write_text("keep")
    with pytest.raises(SKDError, match="exists and is not empty; pass --force"):
        run_export(cfg, taken)
    assert (taken / "mine.txt").read_text() == "keep"
    run_export(cfg, taken, force=True)
    assert (taken / "model.safetensors").is_file() and not (taken / "mine.txt").exists()


def test_skd_export_command(tmp_path, tiny_model_dir, capsys):
    cfg, _ = _trained(tmp_path, tiny_model_dir)
    args = ["export", "-c", "toy", "-w", str(cfg.root), "-s", f"model={tiny_model_dir}"]
    assert main(args + ["--out", str(tmp_path / "e")]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "e")
    assert main(args + ["--out", str(tmp_path / "f"), "--model", "specialist:nope"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: --model 'specialist:nope' is not accepted")
