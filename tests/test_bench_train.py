"""bench/bench_train.py end to end on the tiny model: random weights built from its config and tokenizer, the
base weights in bfloat16, and the figures it prints (the steady pace past the first steps among them)."""

import importlib.util
import re
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location("bench_train", Path(__file__).parents[1] / "bench" / "bench_train.py")
bt = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bt)


def test_bench_train_random_weights_prints_its_figures(tiny_model_dir, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["bench_train.py", "--model", str(tiny_model_dir), "--random-weights",
                                      "--steps", "5", "--batch-size", "2", "--base-dtype", "bfloat16", "--bf16",
                                      "--trim-memory-steps", "2"])
    bt.main()
    out = capsys.readouterr().out
    assert f"{tiny_model_dir} (random weights): steps=5 batch=2 r=16 bf16 autocast, base weights bfloat16" in out
    from specialist_kd.utils import machine_info, machine_text

    assert machine_text(machine_info()) in out  # the machine its figures were measured on
    assert re.search(r"train: 10 examples, \d+ tokens \(\d+ completion\) in [\d.]+ s", out)
    assert re.search(r"steady pace \(median of steps 4\.\.5\): [\d.]+ s/step = \d+ tokens/s", out)
    user, system, faults = re.search(r"CPU time in it: user ([\d.]+) s, system ([\d.]+) s; ([\d,]+) minor page "
                                     r"faults \(THP_MEM_ALLOC_ENABLE=(?:0|1|unset)\)", out).groups()
    assert float(user) > 0 and int(faults.replace(",", "")) > 0
    peak = float(re.search(r"peak resident memory of this process: ([\d.]+) GiB", out)[1])
    assert 0.1 < peak < 64  # the interpreter and torch alone hold more than 0.1 GiB
    low, high, last = map(float, re.search(r"resident between steps \(trim every 2 steps\): lowest ([\d.]+), "
                                           r"highest ([\d.]+), last ([\d.]+) GiB", out).groups())
    assert 0.1 < low <= last <= high <= peak + 0.01  # the peak is printed to 0.01 GiB
