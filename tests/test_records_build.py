"""Records round-trip through Parquet; build dedups, decontaminates, splits stably and aligns soft targets."""

from pathlib import Path

import pytest

from specialist_kd import SKDError
from specialist_kd.build import encode_record, merge, normalize_prompt
from specialist_kd.models import render_prompt, render_response, tokenizer_fingerprint
from specialist_kd.records import Record, read_records, write_records
from specialist_kd.specialist import make_messages


def _rec(i, q="What is 2+2?", soft=False, weight=1.0, fp=None, tok=None):
    r = Record(id=f"r{i}", domain="d", specialist="s", messages=make_messages(q, "sys"), response="Four.",
               weight=weight)
    if soft:
        _, comp = render_response(tok, r.messages, r.response)
        r.response_token_ids = comp
        r.topk_ids = [[t, 5, 6] for t in comp]
        r.topk_logprobs = [[-0.1, -3.0, -4.0] for _ in comp]
        r.tokenizer_fingerprint = fp
    return r


def test_roundtrip_and_corrupt_shard(tmp_path, tokenizer):
    fp = tokenizer_fingerprint(tokenizer)
    recs = [_rec(0), _rec(1, soft=True, fp=fp, tok=tokenizer)]
    p = write_records(tmp_path / "x.parquet", recs)
    back = read_records(p)
    assert back[0] == recs[0]
    assert back[1].topk_ids == recs[1].topk_ids and back[1].response_token_ids == recs[1].response_token_ids
    assert back[1].topk_logprobs[0] == pytest.approx(recs[1].topk_logprobs[0])
    assert not list(tmp_path.glob("*.tmp"))
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(p.read_bytes()[:100])
    with pytest.raises(SKDError, match="corrupt or unreadable record shard"):
        read_records(bad)


def test_merge_dedups_preferring_soft_targets_and_decontaminates(tokenizer):
    fp = tokenizer_fingerprint(tokenizer)
    hard = _rec(0)
    soft = _rec(1, q="what is 2+2 ?", soft=True, fp=fp, tok=tokenizer)
    other = _rec(2, q="Name a color.")
    banned = {normalize_prompt("Name a color.")}
    splits, stats = merge([hard, soft, other], banned, val_fraction=0.0)
    assert [r.id for r in splits["train"]] == ["r1"]
    assert stats["dropped_duplicate"] == 1 and stats["dropped_eval_overlap"] == 1


def test_split_is_stable_and_roughly_proportional():
    recs = [_rec(i, q=f"question number {i}") for i in range(2000)]
    a, _ = merge(recs, set(), 0.1)
    b, _ = merge(list(reversed(recs)), set(), 0.1)
    assert {r.id for r in a["val"]} == {r.id for r in b["val"]}
    assert 120 < len(a["val"]) < 280


def test_encode_aligns_soft_targets_and_refuses_mismatched_tokenizer(tokenizer):
    fp = tokenizer_fingerprint(tokenizer)
    r = _rec(0, soft=True, fp=fp, tok=tokenizer)
    row, stats = encode_record(r, tokenizer, fp, max_length=512)
    start = row["completion_start"]
    assert row["input_ids"][:start] == render_prompt(tokenizer, r.messages)
    assert row["input_ids"][start:] == r.response_token_ids
    assert len(row["teacher_topk_ids"]) == len(row["input_ids"]) - start and stats["soft"] == 1
    r.tokenizer_fingerprint = "someone-else"
    row2, stats2 = encode_record(r, tokenizer, fp, max_length=512)
    assert row2["teacher_topk_ids"] == [] and stats2["kl_dropped_tokenizer_mismatch"] == 1
    assert row2["input_ids"] == row["input_ids"]  # same text, re-tokenised by the student
    row3, stats3 = encode_record(r, tokenizer, fp, max_length=start + 2)
    assert len(row3["input_ids"]) == start + 2 and stats3["truncated"] == 1
    assert stats3["needed_length"] == len(row["input_ids"])


def test_build_warns_when_max_length_cuts_records(tmp_path, caplog):
    """A build.max_length too small for the records is a warning naming the count, the domain and the length
    needed, and the manifest keeps the same figures; a length that fits warns nothing."""
    import json

    import pyarrow.parquet as pq

    from specialist_kd import build
    from specialist_kd.config import load_config
    from specialist_kd.records import write_records
    from specialist_kd.specialist import get_specialist
    from specialist_kd.utils import write_manifest

    cfg = load_config("toy", workdir=str(tmp_path))
    gen = cfg.stage_dir("generate")
    write_records(gen / "weekday.parquet", get_specialist("weekday")().generate(20, 0, None))
    write_manifest(gen, "generate", {})
    cfg.build.max_length = 2048
    with caplog.at_level("WARNING", logger="specialist_kd.build"):
        man = json.loads((build.run_build(cfg) / "manifest.json").read_text())
    assert not caplog.records and man["truncated_by_domain"] == {} and man["max_length_needed"] is None
    longest = max(len(ids) for f in cfg.stage_dir("build").glob("*.parquet")
                  for ids in pq.read_table(f, columns=["input_ids"]).column("input_ids").to_pylist())
    cfg.build.max_length = longest - 1
    with caplog.at_level("WARNING", logger="specialist_kd.build"):
        man = json.loads((build.run_build(cfg) / "manifest.json").read_text())
    assert man["max_length_needed"] == longest and sum(man["truncated_by_domain"].values()) >= 1
    (msg,) = [r.getMessage() for r in caplog.records]
    assert f"longer than build.max_length={longest - 1}" in msg and f"set build.max_length >= {longest}" in msg
    assert "weekday: " in msg


def test_datetime_full_max_length_cuts_no_rule_record(tokenizer):
    """The datetime-full preset's build.max_length holds every rule record the preset generates (a cut drops
    the Answer line)."""
    from types import SimpleNamespace

    from specialist_kd.config import load_config
    from specialist_kd.specialist import RuleSpecialist, get_specialist

    cfg = load_config("datetime-full")
    ctx = SimpleNamespace(system_prompt=cfg.system_prompt)
    fp = tokenizer_fingerprint(tokenizer)
    longest = 0
    for name, opts in cfg.specialists.items():
        spec = get_specialist(name).from_config(opts)
        if not isinstance(spec, RuleSpecialist):
            continue
        for rec in spec.generate(spec.options.n, cfg.seed, ctx):
            row, stats = encode_record(rec, tokenizer, fp, cfg.build.max_length)
            assert not stats["truncated"] and not stats["dropped_prompt_too_long"], (name, rec.response)
            longest = max(longest, len(row["input_ids"]))
    assert longest > cfg.build.max_length * 0.75  # the check is near the limit, not trivially far from it


def _together(cls: type, options: dict, alone: list[dict], first: dict) -> dict:
    """`first` and every option of `alone` after it that the family takes beside those already taken (an
    option refused beside another, as duration's brackets beside ladder, is left out)."""
    taken = dict(first)
    for x in alone:
        try:
            cls.from_config({**options, **taken, **x})
            taken.update(x)
        except SKDError:
            pass
    return taken


def test_every_suites_token_budget_holds_the_rationale_it_expects(tokenizer):
    """A student that writes its family's rationale in full must reach the Answer line inside the suite's
    max_tokens (with 5% to spare); checked on the first 400 questions of each suite's own held-out stream (the
    questions a 400-question eval asks, the most any run here asks; a longer tail is not checked: date_add_months'
    226 tokens against its old 224 was one of 6,000, not among these), with the suite's options, with each
    option that is off by default switched on alone (`sums: carry` too) and with all of them on together (those
    that go together; a student trained with `leap_rule` on top of days_between's default `read_dates`
    writes 312 tokens here, past the old 320's 304)."""
    import dataclasses

    from specialist_kd.evaluate import EvalSuite
    from specialist_kd.specialist import RuleSpecialist, get_specialist

    checked = switched = 0
    for path in sorted((Path(__file__).parents[1] / "eval").glob("*.yaml")):
        suite = EvalSuite.from_yaml(path)
        if not suite.source.specialist or not issubclass(get_specialist(suite.source.specialist), RuleSpecialist):
            continue
        cls = get_specialist(suite.source.specialist)
        base = cls.from_config(suite.source.options).options
        off = [f.name for f in dataclasses.fields(base) if getattr(base, f.name) is False and f.name != "rationale"]
        # and the month walks' and weekday's sums with the carry written, their longest form; then all together
        carry = [{"sums": "carry"}] if getattr(base, "sums", "carry") != "carry" else []
        alone = [{name: True} for name in off] + carry
        first = _together(cls, suite.source.options, alone, {})
        every = [first] + [_together(cls, suite.source.options, alone, x) for x in alone if not x.items() <= first.items()]
        for extra in [{}] + alone + (every if len(alone) > 1 else []):
            spec = cls.from_config({**suite.source.options, **extra})
            longest = max(len(tokenizer(spec.format_response(ex, True))["input_ids"])
                          for ex in spec.examples(400, seed=suite.source.seed, heldout=suite.source.heldout))
            assert longest <= 0.95 * suite.max_tokens, \
                f"{path.name} {extra}: a rationale of {longest} tokens, max_tokens {suite.max_tokens}"
            switched += bool(extra)
        checked += 1
    # business_days leap_rule, sums and both, date_add_days compare_back, days_between leap_rule, restate, sums,
    # weekday leap_rule, sums, ...
    assert checked >= 12 and switched >= 16


def test_specialize_warns_when_max_length_cuts_its_records(caplog):
    """The specialists' training rows go through the same cut, and say so the same way."""
    from specialist_kd.config import load_config
    from specialist_kd.specialize import specialist_rows

    cfg = load_config("quickstart")
    cfg.specialize["datetime"].n_per_family = 4
    with caplog.at_level("WARNING", logger="specialist_kd.build"):
        full = specialist_rows(cfg, "datetime")
    assert not caplog.records
    longest = max(len(x) for x in full["input_ids"])
    cfg.build.max_length = longest - 1
    with caplog.at_level("WARNING", logger="specialist_kd.build"):
        cut = specialist_rows(cfg, "datetime")
    (msg,) = [r.getMessage() for r in caplog.records]
    assert msg.startswith("specialize.datetime: ") and f"set build.max_length >= {longest}" in msg
    assert len(cut) == len(full) and max(len(x) for x in cut["input_ids"]) == longest - 1
