"""The C allocator `skd` runs on. On CPU, glibc's malloc hands each training step's large tensors back to the
system and faults them in again at the next step (tens of thousands of page faults a second, the kernel's time
5-13% of a 2-core machine's); TCMalloc keeps them. Over 30 steps of relative_date rows a step took 4.7 s on it
against 6.3 and 6.5 on glibc, with 1.6 M page faults against 19 M and a lower peak (6.3 against 8.6-8.8 GiB;
README "Measured on this machine", bench/bench_train.py). vLLM's CPU backend recommends it too. An allocator
must be loaded before the process starts, so the `skd` command starts itself again with TCMalloc in LD_PRELOAD
when the system has it (Debian/Ubuntu: libtcmalloc-minimal4) and nothing is preloaded yet.
SKD_ALLOCATOR=system keeps the C library's malloc."""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Callable, Mapping

from specialist_kd import SKDError

ENV = "SKD_ALLOCATOR"  # "auto" (the default): TCMalloc when the system has it; "system": the C library's malloc
CHOICES = ("auto", "system")
_STARTED = "SKD_ALLOCATOR_STARTED"  # set in the restarted process: it never restarts twice
_LIBRARIES = ("tcmalloc_minimal", "tcmalloc")  # the minimal build first: no heap profiler, no libunwind


def preload_env(environ: Mapping[str, str], find: Callable[[str], str | None] | None = None,
                platform: str | None = None) -> dict[str, str] | None:
    """The environment to start `skd` again in, with TCMalloc preloaded; None to go on as it is: with
    SKD_ALLOCATOR=system, off Linux, when TCMalloc or another allocator is preloaded already, when this process
    is the restarted one, or when no TCMalloc is found."""
    choice = environ.get(ENV, "auto")
    if choice not in CHOICES:
        raise SKDError(f"{ENV}={choice!r} is not an allocator choice: use one of {', '.join(CHOICES)}")
    preloaded = environ.get("LD_PRELOAD", "")
    if (choice == "system" or not (platform or sys.platform).startswith("linux") or environ.get(_STARTED)
            or any(name in preloaded for name in ("tcmalloc", "jemalloc", "mimalloc"))):
        return None
    find = find or ctypes.util.find_library  # "libtcmalloc_minimal.so.4": LD_PRELOAD finds a bare name as ld.so does
    library = next((found for name in _LIBRARIES if (found := find(name))), None)
    if library is None:
        return None
    return {**environ, "LD_PRELOAD": f"{library}:{preloaded}" if preloaded else library, _STARTED: "1"}


def restart_with_tcmalloc(argv: list[str]) -> None:
    """Replace this process by `python -m specialist_kd.cli ARGV` with TCMalloc preloaded, where
    `preload_env` says so; otherwise return."""
    env = preload_env(os.environ)
    if env is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, [sys.executable, "-m", "specialist_kd.cli", *argv], env)
