"""KDTrainer on a tiny random Llama: the collator's alignment, only LoRA weights change, PEFT output, resume."""

import json

import pytest
import torch
from datasets import Dataset

from specialist_kd.build import encode_record
from specialist_kd.models import tokenizer_fingerprint
from specialist_kd.specialist import get_specialist
from specialist_kd.trainer import KDCollator, train_lora


@pytest.fixture(scope="module")
def rows(tokenizer):
    fp = tokenizer_fingerprint(tokenizer)
    recs = get_specialist("weekday")().generate(12, seed=0, ctx=None)
    out = []
    for i, r in enumerate(recs):
        row, _ = encode_record(r, tokenizer, fp, 256)
        if i % 2:  # give half of them synthetic teacher soft targets
            c = len(row["input_ids"]) - row["completion_start"]
            row["teacher_topk_ids"] = [[row["input_ids"][row["completion_start"] + j], 1, 2, 3] for j in range(c)]
            row["teacher_topk_logprobs"] = [[-0.05, -4.0, -5.0, -6.0]] * c
        out.append(row)
    return Dataset.from_list(out)


def test_collator_aligns_targets_and_teacher_positions(rows):
    batch = KDCollator(pad_token_id=0, top_k=4)([rows[0], rows[1]])
    for i in range(2):
        r = rows[i]
        n, s = len(r["input_ids"]), r["completion_start"]
        pm = batch["predict_mask"][i]
        assert pm.sum() == n - s and pm[s - 1] and not pm[s - 2] and not pm[n - 1]
        assert batch["targets"][i][pm].tolist() == r["input_ids"][s:]
    assert not batch["has_soft"][0].any() and batch["has_soft"][1].sum() == len(rows[1]["input_ids"]) - rows[1]["completion_start"]
    # the teacher's top-1 at a position is the very token that position predicts
    hs = batch["has_soft"][1]
    assert torch.equal(batch["topk_ids"][1][hs][:, 0], batch["targets"][1][hs])


def test_only_lora_weights_change_and_adapter_is_peft(tmp_path, tiny_model_dir, rows):
    from safetensors.torch import load_file
    from transformers import AutoModelForCausalLM

    adapter = train_lora(model_name=str(tiny_model_dir), train_rows=rows, val_rows=rows.select(range(2)),
                         out_dir=tmp_path, max_steps=3, batch_size=4, learning_rate=1e-2, lora_r=4,
                         kd_weight=0.5, temperature=2.0, temperature_end=1.0, temperature_schedule="linear",
                         divergence="jsd", jsd_beta=0.3, save_steps=2, logging_steps=1)
    args = torch.load(tmp_path / "checkpoints" / "checkpoint-2" / "training_args.bin", weights_only=False)
    assert (args.divergence, args.jsd_beta) == ("jsd", 0.3)  # the divergence reached the trainer
    assert (adapter / "adapter_config.json").is_file() and (adapter / "adapter_model.safetensors").is_file()
    cfg = json.loads((adapter / "adapter_config.json").read_text())
    assert cfg["peft_type"] == "LORA" and cfg["r"] == 4
    saved = load_file(str(adapter / "adapter_model.safetensors"))
    assert saved and all("lora_" in k for k in saved)
    assert any(v.abs().sum() > 0 for k, v in saved.items() if "lora_B" in k)  # B starts at 0: it trained
    # the base weights on disk are untouched, and merging the adapter changes the model's outputs
    from peft import PeftModel

    base = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    ref = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    peft_model = PeftModel.from_pretrained(base, str(adapter))
    x = torch.tensor([rows[0]["input_ids"]])
    with torch.no_grad():
        assert not torch.allclose(ref(x).logits, peft_model(x).logits)
    base_sd = {k: v for k, v in peft_model.get_base_model().state_dict().items() if "lora_" not in k}
    ref_sd = ref.state_dict()
    for k, v in base_sd.items():
        rk = k.replace(".base_layer", "")
        assert torch.equal(v, ref_sd[rk]), f"base weight {k} changed"
    hist = json.loads((tmp_path / "train_metrics.json").read_text())["log_history"]
    logged = [h for h in hist if "kd/divergence" in h]
    assert logged and all(h["kd/temperature"] <= 2.0 for h in logged)
    assert "val_loss" in json.loads((tmp_path / "train_metrics.json").read_text())["metrics"]


def test_val_loss_sends_each_batch_through_the_trainers_prepare_inputs(rows):
    """The collator builds batches on the CPU; on a GPU they must reach the model's device as in the training
    loop (on an H200, without it: "index is on cpu, different from other tensors on cuda:0")."""
    from types import SimpleNamespace

    from specialist_kd.trainer import _val_loss

    class Trainer:
        args = SimpleNamespace(per_device_eval_batch_size=4)
        model = torch.nn.Linear(1, 1)
        data_collator = KDCollator(0, 4)

        def __init__(self):
            self.prepared, self._kd_logs = [], {"ce": [0.5]}

        def _prepare_inputs(self, batch):
            self.prepared.append(len(batch["input_ids"]))
            return {**batch, "prepared": True}

        def compute_loss(self, model, batch):
            assert batch.get("prepared"), "compute_loss got a batch that did not go through _prepare_inputs"
            return torch.tensor(2.0)

    t = Trainer()
    assert _val_loss(t, rows.select(range(6))) == {"loss": 2.0}
    assert t.prepared == [4, 2] and t._kd_logs == {"ce": []}


def test_resume_continues_from_checkpoint(tmp_path, tiny_model_dir, rows):
    kw = dict(model_name=str(tiny_model_dir), train_rows=rows, val_rows=None, out_dir=tmp_path, batch_size=4,
              learning_rate=1e-2, lora_r=4, save_steps=2, logging_steps=1)
    train_lora(max_steps=2, **kw)
    assert (tmp_path / "checkpoints" / "checkpoint-2").is_dir()
    train_lora(max_steps=4, resume=True, **kw)
    m = json.loads((tmp_path / "train_metrics.json").read_text())
    assert m["metrics"]["resumed_from"].endswith("checkpoint-2")
    assert m["metrics"]["steps_run"] == 2 and m["metrics"]["global_step"] == 4  # steps 1-2 came from the checkpoint
    assert [h["step"] for h in m["log_history"] if "loss" in h] == [1, 2, 3, 4]


def test_resume_skips_a_checkpoint_cut_off_while_being_saved(tmp_path, tiny_model_dir, rows, caplog):
    """A run stopped while the Trainer wrote checkpoint-4 leaves it without trainer_state.json (written last):
    --resume goes on from the newest complete one, says so, and saves checkpoint-4 again over the pieces."""
    from specialist_kd.utils import saved_checkpoints

    kw = dict(model_name=str(tiny_model_dir), train_rows=rows, val_rows=None, out_dir=tmp_path, batch_size=4,
              learning_rate=1e-2, lora_r=4, save_steps=2, logging_steps=1)
    train_lora(max_steps=2, **kw)
    ckpts = tmp_path / "checkpoints"
    (ckpts / "checkpoint-4").mkdir()
    (ckpts / "checkpoint-4" / "adapter_model.safetensors").write_bytes(b"\0" * 10)  # the adapter, half written
    (ckpts / "checkpoint-final").mkdir()  # not the Trainer's: ignored
    assert list(saved_checkpoints(ckpts)) == [2] and list(saved_checkpoints(ckpts, complete=False)) == [2, 4]
    with caplog.at_level("WARNING", logger="specialist_kd.trainer"):
        train_lora(max_steps=6, resume=True, **kw)
    assert "checkpoint-4 under" in caplog.text and "resuming from checkpoint-2" in caplog.text
    m = json.loads((tmp_path / "train_metrics.json").read_text())
    assert m["metrics"]["resumed_from"].endswith("checkpoint-2") and m["metrics"]["global_step"] == 6
    assert (ckpts / "checkpoint-4" / "trainer_state.json").is_file()  # saved again, whole
    assert list(saved_checkpoints(ckpts)) == [4, 6]  # keep_checkpoints=2 (the default) rotated checkpoint-2 out


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_a_signal_saves_a_checkpoint_at_the_step_and_resume_goes_on_from_it(tmp_path, tiny_model_dir, rows, sig):
    """Ctrl-C (or SIGTERM) in the middle of step 3: the step ends, checkpoint-3 is saved though save_steps is
    100, the stage stops with a one-line error saying how to go on, the process's handlers are back, and
    --resume trains steps 4-5 from it."""
    import os
    import signal

    from transformers import TrainerCallback

    from specialist_kd.trainer import TrainingStopped

    class SendAtStep3(TrainerCallback):
        def on_step_begin(self, args, state, control, **kw):
            if state.global_step == 2:  # step 3 is under way
                os.kill(os.getpid(), getattr(signal, sig))

    kw = dict(model_name=str(tiny_model_dir), train_rows=rows, val_rows=None, out_dir=tmp_path, batch_size=4,
              learning_rate=1e-2, lora_r=4, save_steps=100, logging_steps=1)
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    with pytest.raises(TrainingStopped, match=rf"stopped by {sig} at step 3 of 5; checkpoint saved .*--resume"):
        train_lora(max_steps=5, callbacks=[SendAtStep3()], **kw)
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
    assert (tmp_path / "checkpoints" / "checkpoint-3" / "trainer_state.json").is_file()
    assert not (tmp_path / "adapter").exists()  # the stage did not finish
    train_lora(max_steps=5, resume=True, **kw)
    m = json.loads((tmp_path / "train_metrics.json").read_text())
    assert m["metrics"]["resumed_from"].endswith("checkpoint-3") and m["metrics"]["steps_run"] == 2


def test_a_second_ctrl_c_stops_at_once():
    import signal

    from specialist_kd.trainer import StopOnSignal

    stop = StopOnSignal()
    stop._handle(signal.SIGTERM, None)
    assert stop.received == "SIGTERM"
    stop._handle(signal.SIGTERM, None)  # a second SIGTERM waits for the step like the first
    with pytest.raises(KeyboardInterrupt):
        stop._handle(signal.SIGINT, None)


def test_kd_config_rejects_bad_distillation_options(tmp_path):
    from specialist_kd.trainer import KDConfig

    with pytest.raises(ValueError, match=r"divergence='kl' \(accepted: forward_kl, reverse_kl, jsd\)"):
        KDConfig(output_dir=str(tmp_path), divergence="kl", use_cpu=True)
    with pytest.raises(ValueError, match=r"kd_weight=2 must be in \[0, 1\]"):
        KDConfig(output_dir=str(tmp_path), kd_weight=2, use_cpu=True)
    assert KDConfig(output_dir=str(tmp_path), divergence="reverse_kl", use_cpu=True).divergence == "reverse_kl"


def _assert_float32_adapter_trained_two_steps(adapter, out_dir):
    """The saved LoRA weights are float32 and moved; the two logged losses are finite."""
    from safetensors.torch import load_file

    saved = load_file(str(adapter / "adapter_model.safetensors"))
    assert {v.dtype for v in saved.values()} == {torch.float32}
    assert any(v.abs().sum() > 0 for k, v in saved.items() if "lora_B" in k)
    losses = [h["loss"] for h in json.loads((out_dir / "train_metrics.json").read_text())["log_history"] if "loss" in h]
    assert len(losses) == 2 and all(torch.isfinite(torch.tensor(losses)))


@pytest.mark.parametrize("bf16", [True, False])
def test_bf16_autocast_trains_float32_lora_weights(tmp_path, tiny_model_dir, rows, monkeypatch, caplog, bf16):
    import specialist_kd.trainer as trainer_mod
    import specialist_kd.utils as utils_mod

    monkeypatch.setattr(utils_mod, "cpu_bf16", lambda: False)  # a CPU without bfloat16 instructions

    seen = []  # (dtype of the student's logits, dtype of the loss) at each step

    def recording_loss(logits, *a, **kw):
        loss, parts = kd_ce_loss(logits, *a, **kw)
        seen.append((logits.dtype, loss.dtype))
        return loss, parts

    kd_ce_loss = trainer_mod.kd_ce_loss
    monkeypatch.setattr(trainer_mod, "kd_ce_loss", recording_loss)
    adapter = train_lora(model_name=str(tiny_model_dir), train_rows=rows, val_rows=None, out_dir=tmp_path,
                         max_steps=2, batch_size=4, learning_rate=1e-2, lora_r=4, kd_weight=0.5, save_steps=2,
                         logging_steps=1, bf16=bf16, gradient_checkpointing=bf16)
    args = torch.load(tmp_path / "checkpoints" / "checkpoint-2" / "training_args.bin", weights_only=False)
    assert args.bf16 == bf16 and not args.fp16
    assert args.gradient_checkpointing == bf16  # our option, not SFTConfig's default (True)
    # with bf16 the forward ran under autocast, without it in float32; the loss is float32 either way
    assert seen == [(torch.bfloat16 if bf16 else torch.float32, torch.float32)] * 2
    _assert_float32_adapter_trained_two_steps(adapter, tmp_path)  # autocast computes in bf16, stores float32
    slow = [r.getMessage() for r in caplog.records if "no bfloat16 instructions" in r.getMessage()]
    assert len(slow) == (bf16 and not torch.cuda.is_available())  # said once, only when autocast is asked on CPU


@pytest.mark.parametrize(("has_bf16", "warned"), [(False, True), (True, False), (None, False)])
def test_bf16_on_a_cpu_without_bf16_instructions_is_warned_about(monkeypatch, caplog, has_bf16, warned):
    import specialist_kd.utils as utils_mod
    from specialist_kd.trainer import warn_slow_bf16

    monkeypatch.setattr(utils_mod, "cpu_bf16", lambda: has_bf16)
    assert warn_slow_bf16() == warned
    messages = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(messages) == warned
    if warned:  # what is wrong, what this CPU has, and what to set
        assert "no bfloat16 instructions" in messages[0] and torch.backends.cpu.get_cpu_capability() in messages[0]
        assert "set train.bf16: false" in messages[0]


@pytest.mark.parametrize(("has_bf16", "on"), [(True, True), (False, False), (None, False)])
def test_bf16_auto_turns_autocast_on_only_where_the_cpu_has_bf16(tmp_path, tiny_model_dir, rows, monkeypatch,
                                                                  caplog, has_bf16, on):
    import specialist_kd.utils as utils_mod
    from specialist_kd.trainer import resolve_bf16

    monkeypatch.setattr(utils_mod, "cpu_bf16", lambda: has_bf16)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert resolve_bf16("auto") is on and resolve_bf16(True) is True and resolve_bf16(False) is False
    if has_bf16 is not None:  # trained: autocast as resolved, and no warning ("auto" never asks for emulation)
        train_lora(model_name=str(tiny_model_dir), train_rows=rows, val_rows=None, out_dir=tmp_path, max_steps=1,
                   batch_size=4, learning_rate=1e-2, lora_r=4, kd_weight=0.5, save_steps=1, bf16="auto")
        args = torch.load(tmp_path / "checkpoints" / "checkpoint-1" / "training_args.bin", weights_only=False)
        assert args.bf16 is on
        assert not [r for r in caplog.records if "no bfloat16 instructions" in r.getMessage()]


def test_machine_info_names_this_machine():
    import os

    from specialist_kd.utils import cpu_bf16, machine_info

    info = machine_info()
    assert info["cpu_count"] == os.cpu_count() and info["torch_threads"] == torch.get_num_threads()
    assert info["cpu_capability"] == torch.backends.cpu.get_cpu_capability() and info["cpu_bf16"] is cpu_bf16()
    assert ("gpu" in info) == torch.cuda.is_available()


@pytest.mark.parametrize("autocast", [True, False])
def test_bfloat16_base_weights_train_float32_lora_weights(tmp_path, tiny_model_dir, rows, autocast):
    from transformers import TrainerCallback

    seen = {}

    class Dtypes(TrainerCallback):  # the model as the trainer holds it when training begins
        def on_train_begin(self, args, state, control, model=None, **kw):
            for name, p in model.named_parameters():
                seen.setdefault("lora" if "lora_" in name else "base", set()).add(p.dtype)

    adapter = train_lora(model_name=str(tiny_model_dir), train_rows=rows, val_rows=None, out_dir=tmp_path,
                         max_steps=2, batch_size=4, learning_rate=1e-2, lora_r=4, kd_weight=0.5, save_steps=2,
                         logging_steps=1, bf16=autocast, base_dtype="bfloat16", callbacks=[Dtypes()])
    assert seen == {"base": {torch.bfloat16}, "lora": {torch.float32}}
    _assert_float32_adapter_trained_two_steps(adapter, tmp_path)


def test_unknown_base_dtype_is_named(tmp_path, tiny_model_dir, rows):
    from specialist_kd import SKDError

    with pytest.raises(SKDError, match=r"base_dtype='float16' \(accepted: float32, bfloat16\)"):
        train_lora(model_name=str(tiny_model_dir), train_rows=rows, val_rows=None, out_dir=tmp_path, max_steps=1,
                   batch_size=4, learning_rate=1e-2, lora_r=4, base_dtype="float16")
    assert not (tmp_path / "checkpoints").exists()


def test_checkpoints_are_claimed_by_the_run_that_trained_them(tmp_path, tiny_model_dir):
    """--resume refuses checkpoints trained on other data or settings (max_steps and the saving cadence may
    change); without it a finished run's checkpoints go, an unfinished run's stop the stage."""
    from specialist_kd import SKDError
    from specialist_kd.config import TrainConfig
    from specialist_kd.trainer import claim_checkpoints, training_identity

    model = str(tiny_model_dir)
    ident = training_identity("data-1", model, {**vars(TrainConfig()), "bf16": (True,)})  # a tuple reads back a list
    assert "max_steps" not in ident and ident["learning_rate"] == TrainConfig().learning_rate
    claim_checkpoints(tmp_path, ident, resume=False)  # nothing there yet
    ckpt = tmp_path / "checkpoints" / "checkpoint-40"
    ckpt.mkdir()
    claim_checkpoints(tmp_path, ident, resume=True)
    longer = training_identity("data-1", model, {**vars(TrainConfig(max_steps=900, save_steps=7, trim_memory_steps=0)),
                                                 "bf16": (True,)})
    claim_checkpoints(tmp_path, longer, resume=True)
    (tmp_path / "checkpoints" / "run.json").write_text('{"data": ')  # cut off
    with pytest.raises(SKDError, match=r"--resume: corrupt .*run.json"):
        claim_checkpoints(tmp_path, longer, resume=True)
    (tmp_path / "checkpoints" / "run.json").write_text(json.dumps(ident))
    other = training_identity("data-2", model, {**vars(TrainConfig(learning_rate=1e-3)), "bf16": (True,)})
    with pytest.raises(SKDError, match=r"--resume: the checkpoints under .*checkpoints were trained with another "
                                       r"data, learning_rate; restore those settings"):
        claim_checkpoints(tmp_path, other, resume=True)
    with pytest.raises(SKDError, match=r"unfinished training run left checkpoints under .* \(newest: checkpoint-40\): "
                                       r"run with --resume"):
        claim_checkpoints(tmp_path, other, resume=False)
    assert ckpt.is_dir()
    (tmp_path / "manifest.json").write_text("{}")  # the run finished: a new one replaces it
    claim_checkpoints(tmp_path, other, resume=False)
    assert not ckpt.exists()
    assert json.loads((tmp_path / "checkpoints" / "run.json").read_text())["data"] == "data-2"


def test_trim_memory_trims_every_n_steps_and_only_then():
    from types import SimpleNamespace

    from specialist_kd.trainer import TrimMemory

    cb, calls = TrimMemory(3), []
    cb._trim = calls.append
    for step in range(1, 10):
        cb.on_step_end(None, SimpleNamespace(global_step=step), None)
    assert calls == [0, 0, 0]  # steps 3, 6, 9
    assert TrimMemory(0)._trim is None  # 0: never


@pytest.mark.skipif(not hasattr(__import__("ctypes").CDLL(None), "malloc_trim"), reason="no glibc malloc_trim")
def test_trim_memory_hands_freed_heap_pages_back():
    """The real call: 3,000 touched 64 KiB blocks (under glibc's mmap threshold, so on the heap) freed but the
    last stay resident until the trim; after it the process is at least 150 MiB smaller."""
    import ctypes
    from types import SimpleNamespace

    from specialist_kd.trainer import TrimMemory
    from specialist_kd.utils import resident_gib

    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]

    def rss() -> int:
        return int(resident_gib() * 2**30)

    libc.malloc_trim(0)
    blocks = [libc.malloc(64 << 10) for _ in range(3000)]
    for b in blocks:
        ctypes.memset(b, 1, 64 << 10)
    keep = blocks.pop()  # the newest block stays: the heap's top cannot simply shrink past it
    for b in blocks:
        libc.free(b)
    before = rss()
    TrimMemory(1).on_step_end(None, SimpleNamespace(global_step=1), None)
    after = rss()
    libc.free(keep)
    assert before - after > 150 << 20, (before >> 20, after >> 20)


def test_negative_trim_memory_steps_is_named():
    from specialist_kd import SKDError
    from specialist_kd.config import load_config

    with pytest.raises(SKDError, match=r"train.trim_memory_steps=-1 must be >= 0"):
        load_config("quickstart", overrides=["train.trim_memory_steps=-1"])


def test_peak_resident_gib_is_the_process_high_water_mark():
    """In a fresh interpreter: 300 MiB written and freed raise the peak by about that much, and it stays."""
    import subprocess
    import sys

    code = ("from specialist_kd.utils import peak_resident_gib as p; a = p(); b = b'x' * (300 << 20); del b; "
            "print(a, p())")
    before, after = map(float, subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                              check=True).stdout.split())
    assert 0.005 < before < 1 and 0.25 < after - before < 0.35
