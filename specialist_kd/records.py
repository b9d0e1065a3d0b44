"""The Record schema: one teacher answer, stored as Parquet shards through `datasets`.

A record holds the prompt (chat messages), the teacher's response text and, for neural teachers, the
response token ids with the teacher's top-k token ids and log-probabilities at every response position
(soft targets). Rule-based teachers leave the token fields empty: their records train with CE only.

    topk_ids       (T, K)  token ids, sorted by descending teacher log-probability
    topk_logprobs  (T, K)  log-probabilities in `logprobs_mode` (vLLM "raw_logprobs": before temperature)
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specialist_kd import SKDError

SCHEMA_VERSION = 1


@dataclass
class Record:
    id: str
    domain: str
    specialist: str
    messages: list[dict[str, str]]  # prompt only: system/user turns, no assistant turn
    response: str
    answer: str | None = None  # canonical answer for exact-answer specialists
    response_token_ids: list[int] | None = None
    topk_ids: list[list[int]] | None = None
    topk_logprobs: list[list[float]] | None = None
    logprobs_mode: str | None = None  # e.g. "raw_logprobs" (vLLM): pre-temperature
    sampling_temperature: float | None = None  # temperature the teacher sampled with (0 = greedy)
    teacher_model: str | None = None
    teacher_adapter: str | None = None
    tokenizer_fingerprint: str | None = None
    weight: float = 1.0
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def has_soft_targets(self) -> bool:
        return self.topk_ids is not None and len(self.topk_ids) > 0

    def validate(self) -> None:
        assert self.messages and self.messages[-1]["role"] == "user", f"{self.id}: prompt must end with a user turn"
        if self.topk_ids is not None:
            n = len(self.response_token_ids or [])
            assert len(self.topk_ids) == n and len(self.topk_logprobs or []) == n, (
                f"{self.id}: soft targets cover {len(self.topk_ids)} positions, response has {n} tokens"
            )


def _features():
    from datasets import Features, List, Value

    msg = {"role": Value("string"), "content": Value("string")}
    return Features(
        {
            "id": Value("string"),
            "domain": Value("string"),
            "specialist": Value("string"),
            "messages": List(msg),
            "response": Value("string"),
            "answer": Value("string"),
            "response_token_ids": List(Value("int32")),
            "topk_ids": List(List(Value("int32"))),
            "topk_logprobs": List(List(Value("float32"))),
            "logprobs_mode": Value("string"),
            "sampling_temperature": Value("float32"),
            "teacher_model": Value("string"),
            "teacher_adapter": Value("string"),
            "tokenizer_fingerprint": Value("string"),
            "weight": Value("float32"),
            "meta": Value("string"),  # JSON: free-form provenance
        }
    )


def write_records(path: str | os.PathLike, records: list[Record]) -> Path:
    """Write one Parquet shard atomically (temporary name, then rename)."""
    import json

    from datasets import Dataset

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = []
    for r in records:
        r.validate()
        row = dataclasses.asdict(r)
        row["meta"] = json.dumps(r.meta, sort_keys=True)
        rows.append(row)
    ds = Dataset.from_list(rows, features=_features()) if rows else Dataset.from_dict(
        {k: [] for k in _features()}, features=_features()
    )
    tmp = path.with_name(path.name + ".tmp")
    ds.to_parquet(str(tmp))
    os.replace(tmp, path)
    return path


def read_records(path: str | os.PathLike) -> list[Record]:
    import json

    import pyarrow.parquet as pq

    path = Path(path)
    try:
        table = pq.read_table(path)
    except Exception as e:  # pyarrow raises several types for truncated / non-parquet files
        raise SKDError(f"corrupt or unreadable record shard {path}: {str(e).splitlines()[0]}") from None
    names = {f.name for f in dataclasses.fields(Record)}
    missing = names - set(table.column_names)
    if missing:
        raise SKDError(f"record shard {path} lacks columns {sorted(missing)}: not a specialist_kd shard?")
    out = []
    for row in table.to_pylist():
        row["meta"] = json.loads(row["meta"]) if row.get("meta") else {}
        out.append(Record(**{k: v for k, v in row.items() if k in names}))
    return out


def load_dataset_shards(paths: list[str]) -> Any:
    """The same shards as a `datasets.Dataset` (for users' own tooling)."""
    from datasets import load_dataset

    return load_dataset("parquet", data_files=[str(p) for p in paths], split="train")
