"""`skd status` reads a work dir's manifests, checkpoints and saved eval suites, and runs nothing."""

from __future__ import annotations

import json

from specialist_kd.cli import main
from specialist_kd.evaluate import PARTIAL
from specialist_kd.utils import sha256_tree, write_manifest


def _status(capsys, work) -> dict[str, str]:
    assert main(["status", "-c", "toy", "-w", str(work)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"toy in {work}:"
    return {line.split()[0]: line.split(None, 1)[1] for line in out[1:]}


def test_status_follows_a_run_from_nothing_to_a_stopped_training_and_a_stopped_eval(tmp_path, capsys):
    work = tmp_path / "w"
    assert set(_status(capsys, work).values()) == {"not run"}

    gen = work / "generate"
    gen.mkdir(parents=True)
    for name in ("weekday", "clock_add_minutes"):  # two of toy's shards written, then stopped
        (gen / f"{name}.parquet").write_bytes(b"x")
        (gen / f"{name}.json").write_text("{}")
    assert _status(capsys, work)["generate"].startswith("unfinished: 2 of ")
    (gen / ".partial").mkdir()
    (gen / ".partial" / "general-0123.jsonl").write_text('{"i": 0}\n{"i": 1}\n')
    assert _status(capsys, work)["generate"].endswith("shards written, 2 answers of a neural shard kept; a rerun "
                                                      "reuses what is still up to date")

    write_manifest(gen, "generate", {}, shards={"weekday": {"records": 6}, "clock_add_minutes": {"records": 4}})
    write_manifest(work / "build", "build", {}, inputs={"generate": sha256_tree(gen)},
                   counts={"train": {"rows": 9}, "val": {"rows": 1}})
    ckpt = work / "train" / "checkpoints" / "checkpoint-3"
    ckpt.mkdir(parents=True)
    (ckpt / "trainer_state.json").write_text(json.dumps({"global_step": 3, "max_steps": 8}))
    (work / "train" / "checkpoints" / "checkpoint-4").mkdir()  # cut off while saving: not one to go on from
    (work / PARTIAL).mkdir()
    (work / PARTIAL / "0123.json").write_text("{}")
    st = _status(capsys, work)
    assert st["generate"].endswith("2 shards, 10 records")
    assert st["build"].endswith("9 train, 1 val rows")  # its input unchanged
    assert st["train"] == "unfinished at step 3 of 8 (checkpoint-3); --resume goes on from it"
    assert st["eval"] == "unfinished: 1 (suite, model) results saved; a rerun goes on from them"

    write_manifest(work / "train", "train", {}, inputs={"build": sha256_tree(work / "build")}, seconds=41.6,
                   metrics={"global_step": 8}, process_peak_resident_gib=1.25)
    assert _status(capsys, work)["train"].endswith(": 8 steps in 42 s, at most 1.25 GiB resident")
    for machine, on in (({"cpu": "AMD EPYC", "cpu_count": 2, "cpu_capability": "AVX2", "cpu_bf16": False},
                         " on AMD EPYC (2 cores, AVX2)"),
                        ({"cpu": "Intel(R) Xeon(R)", "cpu_count": 2, "cpu_capability": "AVX512", "cpu_bf16": True},
                         " on Intel(R) Xeon(R) (2 cores, AVX512, bf16)"),
                        ({"cpu": None, "cpu_count": 16, "cpu_capability": "AVX512", "gpu": "NVIDIA H200"},
                         " on NVIDIA H200")):
        write_manifest(work / "train", "train", {}, inputs={"build": sha256_tree(work / "build")}, seconds=41.6,
                       metrics={"global_step": 8}, process_peak_resident_gib=1.25, machine=machine)
        assert _status(capsys, work)["train"].endswith(f": 8 steps in 42 s{on}, at most 1.25 GiB resident")

    (gen / "weekday.parquet").write_bytes(b"y")  # generate ran again after build
    assert _status(capsys, work)["build"].endswith("rows; generate changed since: run it again")


def test_sigterm_ends_a_command_as_ctrl_c_does(tmp_path):
    """A stage stopped by SIGTERM (a scheduler, `kill`) unwinds like Ctrl-C: its `finally` blocks run (an
    engine shut down) and the command says what to do, exit 130; the handler is put back afterwards."""
    import signal
    import subprocess
    import sys
    import time

    marker = tmp_path / "cleaned-up"
    code = f"""
import pathlib, time
import specialist_kd.cli as cli
def stage(cfg, **kw):
    try:
        print("started", flush=True)  # inside the try: a signal right after it must find the finally armed
        time.sleep(60)
    finally:
        pathlib.Path({str(marker)!r}).write_text("yes")
cli._stage_fn = lambda name: stage
raise SystemExit(cli.main(["build", "-c", "toy", "-w", {str(tmp_path / "w")!r}]))
"""
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "started"
    t0 = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and time.monotonic() - t0 < 30
    assert "interrupted: finished outputs are intact; run the same command again to go on" in err
    assert marker.read_text() == "yes"

    before = signal.getsignal(signal.SIGTERM)
    assert main(["status", "-c", "toy", "-w", str(tmp_path / "w")]) == 0
    assert signal.getsignal(signal.SIGTERM) is before
