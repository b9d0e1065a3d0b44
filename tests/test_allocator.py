"""`skd` restarts itself on TCMalloc where the system has it (specialist_kd/allocator.py)."""

import os
import subprocess
import sys

import pytest

from specialist_kd import SKDError, allocator, cli


def found(*names):
    return lambda name: f"lib{name}.so.4" if name in names else None


def test_preloads_tcmalloc_minimal_first_and_keeps_what_was_preloaded():
    env = allocator.preload_env({"PATH": "/bin"}, find=found("tcmalloc_minimal", "tcmalloc"), platform="linux")
    assert env == {"PATH": "/bin", "LD_PRELOAD": "libtcmalloc_minimal.so.4", "SKD_ALLOCATOR_STARTED": "1"}
    env = allocator.preload_env({"LD_PRELOAD": "libfoo.so"}, find=found("tcmalloc"), platform="linux")
    assert env["LD_PRELOAD"] == "libtcmalloc.so.4:libfoo.so"


@pytest.mark.parametrize("environ, platform", [
    ({"SKD_ALLOCATOR": "system"}, "linux"),  # asked for the C library's malloc
    ({"SKD_ALLOCATOR_STARTED": "1"}, "linux"),  # the restarted process: never twice
    ({"LD_PRELOAD": "/usr/lib/libjemalloc.so.2"}, "linux"),  # the user's own allocator
    ({"LD_PRELOAD": "libtcmalloc_minimal.so.4"}, "linux"),
    ({}, "darwin"),
])
def test_goes_on_as_it_is(environ, platform):
    assert allocator.preload_env(environ, find=found("tcmalloc_minimal"), platform=platform) is None


def test_goes_on_as_it_is_without_tcmalloc():
    assert allocator.preload_env({}, find=found(), platform="linux") is None


def test_bad_choice_names_the_value_and_the_choices():
    with pytest.raises(SKDError, match=r"SKD_ALLOCATOR='tc' is not an allocator choice: use one of auto, system"):
        allocator.preload_env({"SKD_ALLOCATOR": "tc"}, find=found("tcmalloc_minimal"), platform="linux")


def test_the_skd_command_restarts_itself_with_its_arguments(monkeypatch):
    calls = []

    class Restarted(Exception):
        pass

    def execve(path, args, env):
        calls.append((path, args, env))
        raise Restarted

    monkeypatch.setattr(os, "execve", execve)
    monkeypatch.setattr("ctypes.util.find_library", found("tcmalloc_minimal"))
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(sys, "argv", ["skd", "specialists", "-v"])
    for key in ("SKD_ALLOCATOR", "SKD_ALLOCATOR_STARTED", "LD_PRELOAD"):
        monkeypatch.delenv(key, raising=False)
    with pytest.raises(Restarted):
        cli.main()
    (path, args, env), = calls
    assert (path, args) == (sys.executable, [sys.executable, "-m", "specialist_kd.cli", "specialists", "-v"])
    assert env["LD_PRELOAD"] == "libtcmalloc_minimal.so.4" and env["SKD_ALLOCATOR_STARTED"] == "1"
    calls.clear()
    cli.main(["specialists"])  # a call from Python is never restarted
    assert calls == []


def test_the_command_rejects_a_bad_choice_in_one_line():
    env = {**os.environ, "SKD_ALLOCATOR": "fast"}
    out = subprocess.run([sys.executable, "-m", "specialist_kd.cli", "specialists"], env=env,
                         capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.strip() == "error: SKD_ALLOCATOR='fast' is not an allocator choice: use one of auto, system"
