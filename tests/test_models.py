"""Model fingerprints: what resuming and the adapter-base checks compare."""

from __future__ import annotations

import json
import shutil

import pytest


@pytest.fixture()
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SKD_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _retrained(src, dst):
    """`src` with the same config.json and other weights: another fine-tune of one architecture."""
    import torch
    from transformers import AutoModelForCausalLM

    torch.manual_seed(1)
    model = AutoModelForCausalLM.from_pretrained(src)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.01)
    shutil.copytree(src, dst)
    model.save_pretrained(dst)
    return dst


def test_fingerprint_is_the_checkpoints_content(tmp_path, tiny_model_dir, home):
    from specialist_kd.models import model_fingerprint

    fp = model_fingerprint(str(tiny_model_dir))
    copy = shutil.copytree(tiny_model_dir, tmp_path / "copy")
    assert model_fingerprint(str(copy)) == fp
    other = _retrained(tiny_model_dir, tmp_path / "other")
    assert (other / "config.json").read_bytes() == (tiny_model_dir / "config.json").read_bytes()
    assert model_fingerprint(str(other)) != fp
    assert model_fingerprint("some-org/some-model") == "some-org/some-model"  # a hub id: itself


def test_fingerprint_hashes_a_weight_file_once_until_it_changes(tmp_path, tiny_model_dir, home, monkeypatch):
    import specialist_kd.models as models

    model = shutil.copytree(tiny_model_dir, tmp_path / "m")
    read = []
    real = models.sha256_file
    monkeypatch.setattr(models, "sha256_file", lambda p: read.append(p.name) or real(p))
    fp = models.model_fingerprint(str(model))
    assert sorted(read) == ["config.json", "model.safetensors"]
    cached = json.loads((home / models.FINGERPRINT_CACHE).read_text())
    assert cached[str((model / "model.safetensors").resolve())][2] == real(model / "model.safetensors")
    read.clear()
    assert models.model_fingerprint(str(model)) == fp and read == []
    _retrained(tiny_model_dir, tmp_path / "new")
    shutil.copy(tmp_path / "new" / "model.safetensors", model / "model.safetensors")  # rewritten in place
    assert models.model_fingerprint(str(model)) != fp and read == ["model.safetensors"]
    (home / models.FINGERPRINT_CACHE).write_text("{not json")  # a corrupt cache is read as empty, then rewritten
    assert models.model_fingerprint(str(model)) == models.model_fingerprint(str(tmp_path / "new"))
    assert json.loads((home / models.FINGERPRINT_CACHE).read_text())


def test_fingerprint_cache_drops_the_files_since_deleted(tmp_path, tiny_model_dir, home):
    """The cache is written with the entries of files no longer there left out, so it does not grow by every
    checkpoint ever fingerprinted; the files still there keep theirs."""
    import specialist_kd.models as models

    kept, gone = (shutil.copytree(tiny_model_dir, tmp_path / n) for n in ("kept", "gone"))
    models.model_fingerprint(str(kept))
    models.model_fingerprint(str(gone))
    cache_file = home / models.FINGERPRINT_CACHE
    assert len(json.loads(cache_file.read_text())) == 4  # config.json and model.safetensors of each
    shutil.rmtree(gone)
    models.model_fingerprint(str(_retrained(tiny_model_dir, tmp_path / "new")))
    paths = set(json.loads(cache_file.read_text()))
    assert len(paths) == 4 and not any(p.startswith(str(gone.resolve())) for p in paths)
    assert str((kept / "model.safetensors").resolve()) in paths
