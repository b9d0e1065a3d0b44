"""An interrupted stage never leaves an output that looks finished."""

import json
import os
import stat

import pytest

from specialist_kd.utils import atomic_dir, read_manifest, write_json_atomic


def test_atomic_dir_keeps_old_output_on_failure(tmp_path):
    final = tmp_path / "out"
    with atomic_dir(final) as d:
        (d / "a.txt").write_text("v1")
    with pytest.raises(KeyboardInterrupt), atomic_dir(final) as d:
        (d / "a.txt").write_text("half")
        raise KeyboardInterrupt
    assert (final / "a.txt").read_text() == "v1"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_interrupted_build_leaves_previous_build(tmp_path, monkeypatch):
    from specialist_kd import build
    from specialist_kd.config import load_config
    from specialist_kd.records import write_records
    from specialist_kd.specialist import get_specialist
    from specialist_kd.utils import write_manifest

    cfg = load_config("toy", workdir=str(tmp_path))
    gen = cfg.stage_dir("generate")
    write_records(gen / "weekday.parquet", get_specialist("weekday")().generate(20, 0, None))
    write_manifest(gen, "generate", {})
    out = build.run_build(cfg)
    before = json.loads((out / "manifest.json").read_text())["created"]

    calls = {"n": 0}
    real = build.encode_record

    def flaky(*a, **k):
        calls["n"] += 1
        if calls["n"] > 5:
            raise KeyboardInterrupt
        return real(*a, **k)

    monkeypatch.setattr(build, "encode_record", flaky)
    with pytest.raises(KeyboardInterrupt):
        build.run_build(cfg)
    assert json.loads((out / "manifest.json").read_text())["created"] == before
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "train.parquet", "val.parquet"] or \
        sorted(p.name for p in out.iterdir()) == ["manifest.json", "train.parquet"]
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


def test_json_and_manifest_errors(tmp_path):
    from specialist_kd import SKDError

    write_json_atomic(tmp_path / "m" / "manifest.json", {"stage": "build"})
    assert read_manifest(tmp_path / "m", "build")["stage"] == "build"
    with pytest.raises(SKDError, match="belongs to stage 'build', expected 'train'"):
        read_manifest(tmp_path / "m", "train")
    (tmp_path / "m" / "manifest.json").write_text("{not json")
    with pytest.raises(SKDError, match="corrupt manifest"):
        read_manifest(tmp_path / "m", "build")


def test_generate_reuses_unchanged_shards_and_drops_stale_ones(tmp_path, monkeypatch):
    """Rule-based specialists only: no engine starts. A re-run (e.g. after an interruption) reuses shards
    whose options and code are unchanged, regenerates changed ones and removes shards of dropped specialists."""
    from specialist_kd.config import load_config
    from specialist_kd.generate import run_generate

    def cfg(*sets):
        return load_config("toy", workdir=str(tmp_path), overrides=[
            "specialize={}", "specialists={}", "specialists.weekday.n=5", "specialists.days_between.n=5", *sets])

    out = run_generate(cfg())
    first = {p.name: p.stat().st_mtime_ns for p in out.glob("*.parquet")}
    assert set(first) == {"weekday.parquet", "days_between.parquet"}
    (out / "manifest.json").unlink()  # as if interrupted before the end
    run_generate(cfg("specialists.days_between.n=6"))
    second = {p.name: p.stat().st_mtime_ns for p in out.glob("*.parquet")}
    assert second["weekday.parquet"] == first["weekday.parquet"]
    assert second["days_between.parquet"] != first["days_between.parquet"]
    assert json.loads((out / "days_between.json").read_text())["records"] == 6
    # new calculator code (e.g. rewritten rationales) regenerates every shard, with unchanged options
    (out / "manifest.json").unlink()
    monkeypatch.setattr("specialist_kd.generate.specialists_code_fingerprint", lambda: "a newer version")
    run_generate(cfg("specialists.days_between.n=6"))
    third = {p.name: p.stat().st_mtime_ns for p in out.glob("*.parquet")}
    assert all(third[n] != second[n] for n in third)
    run_generate(load_config("toy", workdir=str(tmp_path), overrides=[
        "specialize={}", "specialists={}", "specialists.weekday.n=5"]))
    assert sorted(p.name for p in out.glob("*.parquet")) == ["weekday.parquet"]
    assert (out / "manifest.json").is_file()


@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_atomic_outputs_get_the_umask_modes(tmp_path, mask):
    """tempfile makes owner-only files and folders and safetensors writes 0600; the atomic writers give their
    outputs what open() and mkdir() would under the umask."""
    old = os.umask(mask)
    try:
        write_json_atomic(tmp_path / "m.json", {"a": 1})
        with atomic_dir(tmp_path / "d") as d:
            (d / "w.bin").write_bytes(b"x")
            os.chmod(d / "w.bin", 0o600)
            (d / "sub").mkdir(mode=0o700)
            (d / "run.sh").write_text("#!/bin/sh\n")
            os.chmod(d / "run.sh", 0o700)
    finally:
        os.umask(old)

    def mode(p):
        return stat.S_IMODE(p.stat().st_mode)

    assert mode(tmp_path / "m.json") == 0o666 & ~mask
    assert mode(tmp_path / "d") == mode(tmp_path / "d" / "sub") == 0o777 & ~mask
    assert mode(tmp_path / "d" / "w.bin") == 0o666 & ~mask
    assert mode(tmp_path / "d" / "run.sh") == 0o700 | (0o666 & ~mask)  # an executable keeps its bits
