"""Stage 3 — train: a LoRA student on the built data with TRL's SFTTrainer and a distillation loss.

    skd train -c quickstart [--resume]

`KDConfig(SFTConfig)` adds only the distillation fields; `KDTrainer(SFTTrainer)` overrides
`compute_loss` only; the loss itself is `losses.kd_ce_loss`. Logits are computed only at the positions
that predict completion tokens (the 49k-entry lm_head dominates CPU time otherwise). The adapter is saved
in PEFT format under <workdir>/train/adapter; checkpoints under <workdir>/train/checkpoints let
`--resume` continue an interrupted run; a first Ctrl-C (or SIGTERM) ends the step under way, saves a checkpoint
there and stops (`StopOnSignal`), so nothing trained is lost; a second Ctrl-C stops at once. The checkpoints
belong to one run (`claim_checkpoints`): `--resume` refuses another run's, a new run removes a finished one's.
"""

from __future__ import annotations

import json
import logging
import math
import signal
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
from transformers import TrainerCallback
from trl import SFTConfig, SFTTrainer

from specialist_kd import SKDError
from specialist_kd.config import BASE_DTYPES, kd_options_error
from specialist_kd.losses import kd_ce_loss, temperature_at

log = logging.getLogger(__name__)


class TrainingStopped(SKDError):
    """Training stopped on a signal after saving a checkpoint: the stage did not finish."""


class StopOnSignal(TrainerCallback):
    """While training, the first SIGINT (Ctrl-C) or SIGTERM lets the step under way finish, then saves a
    checkpoint and stops the Trainer (its `control` flags, so the checkpoint is the Trainer's own and
    `--resume` continues from it exactly); a second SIGINT raises KeyboardInterrupt at once. The previous
    handlers come back when training ends. Only in the main thread (where Python delivers signals)."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.received: str | None = None
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: Any) -> None:
        if self.received and signum == signal.SIGINT:
            raise KeyboardInterrupt
        self.received = signal.Signals(signum).name
        log.warning("%s: stopping after this step and saving a checkpoint (Ctrl-C again stops at once)",
                    self.received)

    def on_train_begin(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
        if threading.current_thread() is threading.main_thread():
            self._previous = {s: signal.signal(s, self._handle) for s in self.SIGNALS}

    def on_step_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
        if self.received:
            control.should_save = control.should_training_stop = True

    def restore(self) -> None:
        """The handlers from before training back (once; later calls do nothing)."""
        for s, handler in self._previous.items():
            signal.signal(s, handler)
        self._previous = {}

    def on_train_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
        self.restore()


class TrimMemory(TrainerCallback):
    """Every `every` steps, at the step's end, hand the C allocator's free memory back to the system
    (glibc's `malloc_trim(0)`). On CPU the freed activations of a step stay in the process's heap: over 80
    steps of `datetime-3x` rows 8.6-11.5 GiB held between steps, 1.2-2.1 GiB after a trim; every 20 steps
    the peak was 11.7 against 13.6 GiB for a 1% slower loop, while trimming at every step made the median
    step 29% longer (the pages faulted in again): README "Measured". Does nothing where the C library has
    no malloc_trim (macOS, musl) or when `every` is 0."""

    def __init__(self, every: int):
        import ctypes

        self.every = every
        try:
            libc = ctypes.CDLL(None)  # the C library the process runs on
        except (OSError, TypeError):  # Windows: no handle for the process itself
            libc = None
        self._trim = getattr(libc, "malloc_trim", None) if every > 0 else None

    def on_step_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
        if self._trim is not None and state.global_step % self.every == 0:
            self._trim(0)


@dataclass
class KDConfig(SFTConfig):
    """SFTConfig plus the distillation knobs. Loss on a completion token with teacher soft targets:
    kd_weight * T^2 * D(teacher_T, student_T) + (1 - kd_weight) * CE, D the `divergence` (forward_kl,
    reverse_kl, or jsd with `jsd_beta`, see `losses.topk_divergence_with_tail`); without soft targets: CE."""

    kd_weight: float = 0.5
    temperature: float = 2.0
    temperature_end: float = 1.0
    temperature_schedule: str = "linear"
    divergence: str = "forward_kl"
    jsd_beta: float = 0.5

    def __post_init__(self) -> None:
        super().__post_init__()
        err = kd_options_error(self.kd_weight, self.temperature, self.temperature_end, self.temperature_schedule,
                               self.divergence, self.jsd_beta)
        if err:
            raise ValueError(err)


class KDCollator:
    """Pads rows from `build` into tensors (right padding).

    input_ids / attention_mask (B, L); predict_mask (B, L) True where the logits predict a completion
    token; targets (B, L) that next token; topk_ids / topk_logprobs (B, L, K) the teacher's distribution
    for that token; has_soft (B, L); weights (B, L).
    """

    def __init__(self, pad_token_id: int, top_k: int):
        self.pad = pad_token_id
        self.k = top_k

    def __call__(self, rows: list[dict[str, Any]]) -> dict[str, torch.Tensor]:
        b, length = len(rows), max(len(r["input_ids"]) for r in rows)
        k = max(self.k, 1)
        out = {
            "input_ids": torch.full((b, length), self.pad, dtype=torch.long),
            "attention_mask": torch.zeros((b, length), dtype=torch.long),
            "predict_mask": torch.zeros((b, length), dtype=torch.bool),
            "targets": torch.zeros((b, length), dtype=torch.long),
            "topk_ids": torch.zeros((b, length, k), dtype=torch.long),
            "topk_logprobs": torch.zeros((b, length, k), dtype=torch.float32),
            "has_soft": torch.zeros((b, length), dtype=torch.bool),
            "weights": torch.zeros((b, length), dtype=torch.float32),
        }
        for i, r in enumerate(rows):
            ids, start = r["input_ids"], r["completion_start"]
            n = len(ids)
            out["input_ids"][i, :n] = torch.tensor(ids)
            out["attention_mask"][i, :n] = 1
            # logits at position p predict token p + 1: completion tokens start..n-1 come from start-1..n-2
            out["predict_mask"][i, start - 1 : n - 1] = True
            out["targets"][i, start - 1 : n - 1] = torch.tensor(ids[start:])
            out["weights"][i, start - 1 : n - 1] = float(r.get("weight", 1.0))
            tk = r.get("teacher_topk_ids") or []
            if tk:
                c = n - start
                assert len(tk) == c, f"row {r.get('id')}: {len(tk)} teacher positions for {c} completion tokens"
                ids_t = torch.tensor(tk)[:, :k]
                lps_t = torch.tensor(r["teacher_topk_logprobs"], dtype=torch.float32)[:, :k]
                if ids_t.shape[1] < k:
                    raise SKDError(f"row {r.get('id')} has top-{ids_t.shape[1]} soft targets, training expects {k}")
                out["topk_ids"][i, start - 1 : n - 1] = ids_t
                out["topk_logprobs"][i, start - 1 : n - 1] = lps_t
                out["has_soft"][i, start - 1 : n - 1] = True
        return out


class KDTrainer(SFTTrainer):
    """SFTTrainer whose loss is `kd_ce_loss` over completion positions only."""

    args: KDConfig

    def __init__(self, *a: Any, **kw: Any):
        super().__init__(*a, **kw)
        self._kd_logs: dict[str, list[float]] = {"ce": [], "divergence": [], "temperature": []}

    def current_temperature(self) -> float:
        a = self.args
        return temperature_at(self.state.global_step, self.state.max_steps or a.max_steps,
                              a.temperature, a.temperature_end, a.temperature_schedule)

    def compute_loss(self, model: Any, inputs: dict[str, torch.Tensor], return_outputs: bool = False,
                     num_items_in_batch: Any = None) -> Any:
        base = model.get_base_model() if hasattr(model, "get_base_model") else model
        decoder, lm_head = base.get_decoder(), base.get_output_embeddings()
        mask = inputs["predict_mask"]
        # The decoder and the head are called directly (logits only where completion tokens are predicted), not
        # through the model's forward that the accelerator wraps in autocast: train.bf16 needs its own context.
        with self.accelerator.autocast():
            hidden = decoder(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]).last_hidden_state
            logits = lm_head(hidden[mask])  # (N, V): only positions that predict completion tokens
        temperature = self.current_temperature()
        loss, parts = kd_ce_loss(
            logits, inputs["targets"][mask], inputs["topk_ids"][mask], inputs["topk_logprobs"][mask],
            inputs["has_soft"][mask], inputs["weights"][mask],
            temperature=temperature, kd_weight=self.args.kd_weight,
            divergence=self.args.divergence, beta=self.args.jsd_beta,
        )
        self._kd_logs["ce"].append(parts["ce"])
        if not math.isnan(parts["divergence"]):
            self._kd_logs["divergence"].append(parts["divergence"])
        self._kd_logs["temperature"].append(temperature)
        return (loss, {"logits": logits}) if return_outputs else loss

    def log(self, logs: dict[str, float], *args: Any, **kwargs: Any) -> None:
        for key, vals in self._kd_logs.items():
            if vals:
                logs[f"kd/{key}"] = round(sum(vals) / len(vals), 4)
                vals.clear()
        super().log(logs, *args, **kwargs)


RUN_FILE = "run.json"  # in the checkpoints folder: what the checkpoints were trained on and with
_FREE_TO_CHANGE = ("max_steps", "save_steps", "keep_checkpoints", "logging_steps", "trim_memory_steps")  # a resumed run may change


def claim_checkpoints(out_dir: Path, identity: dict[str, Any], resume: bool) -> None:
    """Before training into `out_dir/checkpoints`. With `resume` the checkpoints there must come from a run
    on the same data, model and settings (its `run.json`; `max_steps`, `save_steps`, `keep_checkpoints` and
    `logging_steps` may change); without it, a finished run's checkpoints are removed (the new run replaces
    it: left in place, the Trainer's rotation would keep the old high steps and delete the new), and an
    unfinished run's checkpoints stop the stage: --resume goes on from them, deleting them starts over."""
    import shutil

    from specialist_kd.utils import MANIFEST, saved_checkpoints, write_json_atomic

    identity = json.loads(json.dumps(identity, sort_keys=True, default=str))  # as it reads back from run.json
    ckpt_dir = out_dir / "checkpoints"
    have = saved_checkpoints(ckpt_dir, complete=False)
    run_file = ckpt_dir / RUN_FILE
    if resume and have and run_file.is_file():
        try:
            old = json.loads(run_file.read_text())
        except json.JSONDecodeError as e:
            raise SKDError(f"--resume: corrupt {run_file} ({e}); it says which run the checkpoints belong to: "
                           f"delete the folder and train without --resume to start over") from None
        keys = sorted(old.keys() | identity.keys())
        differ = [k for k in keys if old.get(k) != identity.get(k)]
        if differ:
            raise SKDError(f"--resume: the checkpoints under {ckpt_dir} were trained with another "
                           f"{', '.join(differ)}; restore those settings, or delete the folder and train without "
                           f"--resume to start over")
    elif have and not resume:
        if (out_dir / MANIFEST).is_file():
            log.info("a new run replaces the finished one: removing its checkpoints under %s", ckpt_dir)
            shutil.rmtree(ckpt_dir)
        else:
            raise SKDError(f"an unfinished training run left checkpoints under {ckpt_dir} (newest: "
                           f"{list(have.values())[-1].name}): run with --resume to go on from it, or delete the "
                           f"folder to start over")
    write_json_atomic(run_file, identity)


def training_identity(data: str, model: str, settings: dict[str, Any]) -> dict[str, Any]:
    """What `claim_checkpoints` compares: the data's hash, the model and the settings that shape training."""
    from specialist_kd.models import model_fingerprint

    return {"data": data, "model": model_fingerprint(model),
            **{k: v for k, v in sorted(settings.items()) if k not in _FREE_TO_CHANGE}}


def resolve_bf16(bf16: bool | str) -> bool:
    """train.bf16 as training uses it: True or False as given; "auto" on where the hardware has bfloat16
    (a CUDA GPU that supports it; a CPU whose kernels have bf16 instructions, `utils.cpu_bf16()`)."""
    if bf16 != "auto":
        if not isinstance(bf16, bool):
            raise SKDError(f"bf16={bf16!r} (accepted: True, False, 'auto')")
        return bf16
    from specialist_kd import utils

    if torch.cuda.is_available():
        return torch.cuda.is_bf16_supported()
    return utils.cpu_bf16() is True


def warn_slow_bf16() -> bool:
    """Warn (and return True) when bfloat16 autocast is asked for on a CPU without bfloat16 instructions:
    there torch emulates it, 10x slower than float32 or more (README "Measured", a 2-core AVX2 AMD EPYC: 79
    against 7.8 s a step at batch 2; at batch 8 a first step of 288 s against 7.1). No warning where torch
    cannot tell (`utils.cpu_bf16()` None)."""
    from specialist_kd import utils

    if utils.cpu_bf16() is not False:
        return False
    log.warning("train.bf16 is on, but this CPU has no bfloat16 instructions (torch's CPU capability: %s; "
                "x86 needs AVX512-BF16 or AMX): autocast is emulated, 10x slower than float32 or more on a "
                "2-core AVX2 CPU (README); set train.bf16: false or auto",
                torch.backends.cpu.get_cpu_capability())
    return True


def train_lora(
    *,
    model_name: str,
    train_rows: Any,
    val_rows: Any | None,
    out_dir: Path,
    max_steps: int,
    batch_size: int,
    learning_rate: float,
    lora_r: int,
    lora_alpha: int | None = None,
    lora_dropout: float = 0.0,
    gradient_accumulation_steps: int = 1,
    warmup_steps: int = 0,
    kd_weight: float = 0.0,
    temperature: float = 1.0,
    temperature_end: float = 1.0,
    temperature_schedule: str = "constant",
    divergence: str = "forward_kl",
    jsd_beta: float = 0.5,
    save_steps: int = 50,
    keep_checkpoints: int | None = 2,
    logging_steps: int = 5,
    seed: int = 0,
    resume: bool = False,
    bf16: bool | str = False,
    gradient_checkpointing: bool = False,
    base_dtype: str = "float32",
    trim_memory_steps: int = 0,
    callbacks: list[Any] | None = None,
) -> Path:
    """Train a LoRA adapter on encoded rows (see build.encode_record); returns the adapter directory.

    Checkpoints go to out_dir/checkpoints; the final adapter to out_dir/adapter (atomically). `base_dtype` is
    the dtype the frozen base weights are loaded in ("float32" or "bfloat16"); the LoRA weights, the optimizer and
    the loss stay float32 either way. `trim_memory_steps`: every that many steps on CPU, the allocator's free
    memory goes back to the system (`TrimMemory`; 0 never). `callbacks`: TrainerCallbacks added to the trainer's own.
    `bf16`: bfloat16 autocast, True, False or "auto" (`resolve_bf16`).
    """
    if base_dtype not in BASE_DTYPES:
        raise SKDError(f"base_dtype={base_dtype!r} (accepted: {', '.join(BASE_DTYPES)})")
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from specialist_kd.models import load_tokenizer, resolve_model
    from specialist_kd.utils import atomic_dir, saved_checkpoints

    path = resolve_model(model_name)
    tokenizer = load_tokenizer(model_name)
    model = AutoModelForCausalLM.from_pretrained(path, dtype=getattr(torch, base_dtype))
    peft_cfg = LoraConfig(
        r=lora_r, lora_alpha=lora_alpha or 2 * lora_r, lora_dropout=lora_dropout,
        target_modules="all-linear", task_type="CAUSAL_LM",
    )
    model = get_peft_model(model, peft_cfg, autocast_adapter_dtype=True)  # LoRA weights float32 on any base
    top_k = max((len(r[0]) for r in train_rows["teacher_topk_ids"] if r), default=1)
    ckpt_dir = out_dir / "checkpoints"
    use_cpu = not torch.cuda.is_available()
    if use_cpu and bf16 is True:  # asked for outright ("auto" is off on such a CPU)
        warn_slow_bf16()
    bf16 = resolve_bf16(bf16)
    args = KDConfig(
        output_dir=str(ckpt_dir),
        max_steps=max_steps,
        per_device_train_batch_size=batch_size,
        per_device_eval_batch_size=batch_size,
        gradient_accumulation_steps=gradient_accumulation_steps,
        learning_rate=learning_rate,
        warmup_steps=warmup_steps,
        lr_scheduler_type="cosine",
        logging_steps=logging_steps,
        save_strategy="steps",
        save_steps=save_steps,
        save_total_limit=keep_checkpoints,
        eval_strategy="no",
        report_to=[],
        seed=seed,
        data_seed=seed,
        use_cpu=use_cpu,
        bf16=bf16,  # autocast; the LoRA weights and the optimizer stay float32
        fp16=False,
        gradient_checkpointing=gradient_checkpointing,  # SFTConfig's default is True
        remove_unused_columns=False,
        dataset_kwargs={"skip_prepare_dataset": True},
        dataloader_num_workers=0,
        train_sampling_strategy="group_by_length",  # similar lengths per batch: less padding on CPU
        kd_weight=kd_weight,
        temperature=temperature,
        temperature_end=temperature_end,
        temperature_schedule=temperature_schedule,
        divergence=divergence,
        jsd_beta=jsd_beta,
        disable_tqdm=False,
    )
    stop = StopOnSignal()
    trainer = KDTrainer(
        model=model,
        args=args,
        train_dataset=train_rows,
        eval_dataset=val_rows,
        processing_class=tokenizer,
        data_collator=KDCollator(tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0, top_k),
        callbacks=[*(callbacks or []), stop, *([TrimMemory(trim_memory_steps)] if use_cpu else [])],
    )
    resume_from, start_step = None, 0
    if resume:
        ckpts = list(saved_checkpoints(ckpt_dir).values())
        cut = [p.name for p in saved_checkpoints(ckpt_dir, complete=False).values() if p not in ckpts]
        if cut:
            log.warning("--resume: %s under %s cut off while being saved (no trainer_state.json); %s", ", ".join(cut),
                        ckpt_dir, f"resuming from {ckpts[-1].name}" if ckpts else "no complete checkpoint")
        if ckpts:
            resume_from = str(ckpts[-1])
            start_step = int(json.loads((ckpts[-1] / "trainer_state.json").read_text())["global_step"])
            log.info("resuming from %s (step %d)", resume_from, start_step)
        else:
            log.warning("--resume: no checkpoint under %s; starting from step 0", ckpt_dir)
    try:
        result = trainer.train(resume_from_checkpoint=resume_from)
    finally:
        stop.restore()  # even when training raised before the Trainer's on_train_end
    if stop.received and trainer.state.global_step < max_steps:
        raise TrainingStopped(f"training stopped by {stop.received} at step {trainer.state.global_step} of "
                              f"{max_steps}; checkpoint saved under {ckpt_dir}: run again with --resume to go on")
    metrics = dict(result.metrics)
    metrics.update(resumed_from=resume_from, steps_run=trainer.state.global_step - start_step,
                   global_step=trainer.state.global_step)
    if val_rows is not None and len(val_rows):
        metrics.update({f"val_{k}": v for k, v in _val_loss(trainer, val_rows).items()})
    with atomic_dir(out_dir / "adapter") as tmp:
        trainer.model.save_pretrained(str(tmp))
        tokenizer.save_pretrained(str(tmp))
    (out_dir / "train_metrics.json").write_text(
        json.dumps({"metrics": metrics, "log_history": trainer.state.log_history}, indent=2))
    return out_dir / "adapter"


@torch.no_grad()
def _val_loss(trainer: KDTrainer, val_rows: Any) -> dict[str, float]:
    model = trainer.model
    model.eval()
    collate = trainer.data_collator
    bs = trainer.args.per_device_eval_batch_size
    tot, n = 0.0, 0
    for i in range(0, len(val_rows), bs):
        batch = trainer._prepare_inputs(collate([val_rows[j] for j in range(i, min(i + bs, len(val_rows)))]))
        tot += float(trainer.compute_loss(model, batch)) * len(batch["input_ids"])
        n += len(batch["input_ids"])
    for vals in trainer._kd_logs.values():
        vals.clear()
    return {"loss": tot / max(n, 1)}


def _load_split(build_dir: Path, split: str) -> Any:
    from datasets import load_dataset

    path = build_dir / f"{split}.parquet"
    if not path.is_file():
        return None
    try:
        return load_dataset("parquet", data_files=str(path), split="train")
    except Exception as e:  # a truncated / foreign file
        raise SKDError(f"corrupt build shard {path}: {str(e).splitlines()[0]}") from None


def run_train(cfg: Any, resume: bool = False) -> Path:
    """`skd train`: the student LoRA on <workdir>/build; writes <workdir>/train/adapter + manifest."""
    from specialist_kd.models import load_tokenizer, tokenizer_fingerprint
    from specialist_kd.utils import (
        MANIFEST,
        Timer,
        machine_info,
        peak_resident_gib,
        read_manifest,
        sha256_tree,
        write_manifest,
    )

    build_dir = cfg.stage_dir("build")
    bm = read_manifest(build_dir, "build")
    fp = tokenizer_fingerprint(load_tokenizer(cfg.model))
    if bm["tokenizer_fingerprint"] != fp:
        raise SKDError(
            f"build was made for tokenizer {bm['tokenizer_fingerprint']} ({bm.get('student_model')}), but the "
            f"student {cfg.model!r} has {fp}: re-run `skd build` for this student"
        )
    out = cfg.stage_dir("train")
    out.mkdir(parents=True, exist_ok=True)
    t = cfg.train
    build_hash = sha256_tree(build_dir)
    claim_checkpoints(out, training_identity(build_hash, cfg.model, asdict(t)), resume)
    (out / MANIFEST).unlink(missing_ok=True)
    with Timer() as timer:
        adapter = train_lora(
            model_name=cfg.model, train_rows=_load_split(build_dir, "train"), val_rows=_load_split(build_dir, "val"),
            out_dir=out, max_steps=t.max_steps, batch_size=t.batch_size, learning_rate=t.learning_rate,
            lora_r=t.lora_r, lora_alpha=t.lora_alpha, lora_dropout=t.lora_dropout,
            gradient_accumulation_steps=t.gradient_accumulation_steps, warmup_steps=t.warmup_steps,
            kd_weight=t.kd_weight, temperature=t.temperature, temperature_end=t.temperature_end,
            temperature_schedule=t.temperature_schedule, divergence=t.divergence, jsd_beta=t.jsd_beta,
            save_steps=t.save_steps, keep_checkpoints=t.keep_checkpoints, logging_steps=t.logging_steps,
            seed=t.seed, resume=resume, bf16=t.bf16, gradient_checkpointing=t.gradient_checkpointing,
            base_dtype=t.base_dtype, trim_memory_steps=t.trim_memory_steps,
        )
    metrics = json.loads((out / "train_metrics.json").read_text())["metrics"]
    peak = peak_resident_gib()
    write_manifest(out, "train", cfg.to_dict(), inputs={"build": build_hash},
                   tokenizer_fingerprint=fp, adapter=str(adapter), seconds=round(timer.seconds, 1), metrics=metrics,
                   process_peak_resident_gib=peak, machine=machine_info(), bf16_autocast=resolve_bf16(t.bf16))
    log.info("train: %d steps done; this stage %.0f s, the process at most %s GiB resident", t.max_steps,
             timer.seconds, peak)
    return out
