import pytest

from specialist_kd import SKDError
from specialist_kd.config import load_config


def test_quickstart_preset_loads_and_overrides_apply(tmp_path):
    cfg = load_config("quickstart", overrides=["train.max_steps=3", "eval.n=2"], workdir=str(tmp_path))
    assert cfg.train.max_steps == 3 and cfg.eval.n == 2 and cfg.root == tmp_path
    assert "date_add_days" in cfg.specialists and cfg.specialize["datetime"].families


@pytest.mark.parametrize(
    "yaml_text,match",
    [
        ("train:\n  kd_wieght: 0.5\n", r"unknown config key 'train.kd_wieght'; did you mean 'kd_weight'"),
        # -s 'eval={suites: [weekday], n:400}': YAML's flow style reads "n:400" as a key with no value
        ("eval: {suites: [weekday], n:400}\n", r"unknown config key 'eval.n:400'; YAML reads 'n:400' as one key: write a space after the colon \(n: 400\)"),
        ("specialists:\n  weekday: {n: 5, rationale:false}\n", r"YAML reads 'rationale:false' as one key: write a space after the colon \(rationale: false\)"),
        ("specialists:\n  weekdai: {}\n", r"unknown specialist 'weekdai'; did you mean 'weekday'"),
        ("specialists:\n  weekday: {n: 5, rationle: true}\n", r"unknown option 'rationle'.*did you mean 'rationale'"),
        ("train:\n  max_steps: many\n", r"'train.max_steps' must be int"),
        # a specialist's options are typed too: a quoted "no" is not a truthy string that turns rationales on
        ("specialists:\n  weekday: {n: 5, rationale: 'no'}\n", r"specialist 'weekday': config key 'rationale' must be bool, got 'no'"),
        ("specialists:\n  date_add_days: {questions: days}\n", r"'questions' must be a list, got 'days'"),
        ("train:\n  kd_weight: 1.5\n", r"kd_weight=1.5 must be in \[0, 1\]"),
        ("train:\n  divergence: kl\n", r"train.divergence='kl' \(accepted: forward_kl, reverse_kl, jsd\)"),
        ("train:\n  divergence: jsd\n  jsd_beta: 1\n", r"train.jsd_beta=1.0 must be in \(0, 1\)"),
        ("train:\n  temperature: 0\n", r"train.temperature=0.0 and temperature_end=1.0 must be > 0"),
        ("train:\n  temperature_schedule: cosine\n", r"train.temperature_schedule='cosine' \(accepted: constant, linear\)"),
        ("train: [1, 2\n", r"malformed YAML"),
        ("build:\n  val_fraction: 2\n", r"val_fraction"),
        ("train:\n  keep_checkpoints: 0\n", r"train.keep_checkpoints=0 \(accepted: an integer >= 1, or null"),
        ("train:\n  base_dtype: float16\n", r"train.base_dtype='float16' \(accepted: float32, bfloat16\)"),
        ("train:\n  bf16: fast\n", r"train.bf16='fast' \(accepted: true, false, auto\)"),
        ("train:\n  bf16: 1\n", r"'train.bf16' must be bool or str, got 1"),
        ("eval:\n  checkpoints: [0]\n", r"eval.checkpoints: 0 is not a training step \(accepted: integers >= 1\)"),
        ("eval:\n  checkpoints: 600\n", r"'eval.checkpoints' must be a list, got 600"),
        ("specialize:\n  x: {families: [general]}\n", r"'general' is not a rule-based specialist"),
    ],
)
def test_bad_configs_give_one_line_errors(tmp_path, yaml_text, match):
    p = tmp_path / "c.yaml"
    p.write_text(yaml_text)
    with pytest.raises(SKDError, match=match) as e:
        load_config(str(p))
    assert "\n" not in str(e.value)


def test_unknown_preset():
    with pytest.raises(SKDError, match="neither a file nor a preset"):
        load_config("quickstrat")


def test_cli_bad_input_exits_2_with_one_line(tmp_path, capsys):
    from specialist_kd.cli import main

    p = tmp_path / "c.yaml"
    p.write_text("specialists:\n  nope: {}\n")
    assert main(["generate", "-c", str(p), "-w", str(tmp_path / "w")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: unknown specialist 'nope'")
    assert main(["build", "-c", "quickstart", "-w", str(tmp_path / "empty")]) == 2
    assert "run `skd generate` first" in capsys.readouterr().err
    assert main(["models", "path", str(tmp_path / "missing-model")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_eval_options_override_suites_and_reach_decontamination(tmp_path):
    from specialist_kd.build import eval_prompts
    from specialist_kd.evaluate import load_suites

    cfg = load_config("quickstart", workdir=str(tmp_path))
    suites = {s.name: s for s in load_suites(cfg.eval.suites_dir, ["all"], cfg.eval.options)}
    assert suites["date_add_days"].source.options == {"max_days": 28, "questions": ["days"]}
    items = suites["date_add_days"].items(cfg.system_prompt, n=50)
    import re

    assert all(int(re.search(r"(\d+) days", it["messages"][-1]["content"])[1]) <= 28 for it in items)
    assert len(eval_prompts(cfg)) > 0
    with pytest.raises(SKDError, match="eval.options names unknown suite 'nope'"):
        load_suites(cfg.eval.suites_dir, ["all"], {"nope": {}})
    with pytest.raises(SKDError, match="unknown option 'max_dayz'"):
        load_suites(cfg.eval.suites_dir, ["all"], {"date_add_days": {"max_dayz": 3}})


def test_cli_solve_errors_are_one_line(capsys):
    from specialist_kd.cli import main

    assert main(["solve", "weekday", "date=2024-03-05"]) == 0
    assert capsys.readouterr().out.strip().endswith("Answer: Tuesday")
    assert main(["solve", "date_add_days", "date=2023-02-29", "days=1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: invalid date '2023-02-29': expected an existing calendar date as YYYY-MM-DD"]


def test_cli_lists_a_specialists_options_with_types_defaults_and_comments(capsys):
    from specialist_kd.cli import main
    from specialist_kd.specialist import describe_options, registry

    assert main(["specialists", "date_add_days"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "options of date_add_days (set under specialists.date_add_days in a pipeline config):"
    rows = {line.split()[0]: line.split(None, 3) for line in out[1:]}
    assert rows["leap_rule"][1:3] == ["bool", "True"] and rows["max_days"][1:3] == ["int", "100"]
    assert rows["n"][3] == "questions to generate"  # a comment inherited from the shared options
    for name, cls in registry().items():  # every option of every specialist says what it does
        for field, _, _, comment in describe_options(cls.Options):
            assert comment, f"{name}.{field} has no comment"
    import dataclasses

    @dataclasses.dataclass
    class Opts:
        size: int  # no default
        zones: list[str] = dataclasses.field(default_factory=lambda: ["UTC"])  # zones to ask about

    assert describe_options(Opts) == [("size", "int", "(required)", "no default"),
                                      ("zones", "list[str]", "['UTC']", "zones to ask about")]
    assert main(["specialists", "date_add_dayz"]) == 2
    assert capsys.readouterr().err.startswith("error: unknown specialist 'date_add_dayz'; did you mean 'date_add_days'?")


def test_readme_config_example_loads(tmp_path):
    from specialist_kd.config import REPO_ROOT
    from specialist_kd.specialist import get_specialist

    block = (REPO_ROOT / "README.md").read_text().split("```yaml")[1].split("```")[0]
    p = tmp_path / "readme.yaml"
    p.write_text(block)
    cfg = load_config(str(p))
    expert = get_specialist("datetime_expert").from_config(cfg.specialists["datetime_expert"])
    assert set(expert.family_adapters(cfg).values()) <= set(cfg.specialize)


@pytest.mark.parametrize("preset,size", [("datetime-gpu", 8640), ("datetime-3x", 2880)])
def test_scaled_presets_have_every_family_at_their_size_and_their_options_parse(tmp_path, preset, size):
    from specialist_kd.specialist import configured_family, get_specialist, registry

    cfg = load_config(preset, workdir=str(tmp_path))
    rule = sorted(n for n, c in registry().items() if c.kind == "rule")
    assert sorted(n for n in cfg.specialists if get_specialist(n).kind == "rule") == rule
    assert {cfg.specialists[n]["n"] for n in rule} == {size} and cfg.train.bf16 == "auto" and not cfg.specialize
    assert configured_family(cfg, "date_add_days", "train").options.sums == "carry"
    if preset == "datetime-3x":  # about an epoch: what one family alone at 2,880 questions trained for (360 steps)
        assert cfg.train.max_steps == 360 * len(rule) and cfg.train.batch_size == 8 and cfg.eval.n == 400


def test_rationale_override_and_full_preset(tmp_path):
    from specialist_kd.specialist import configured_family, get_specialist, registry

    cfg = load_config("datetime-full", overrides=["rationale=false"], workdir=str(tmp_path))
    rule = sorted(n for n, c in registry().items() if c.kind == "rule")
    assert sorted(n for n in cfg.specialists if get_specialist(n).kind == "rule") == rule  # every family
    assert all(cfg.specialists[n]["rationale"] is False for n in rule)
    assert configured_family(cfg, "timezone", "test").options.rationale is False
    # each family is taught by the specialize entry trained on it
    expert = get_specialist("datetime_expert").from_config(cfg.specialists["datetime_expert"])
    plan = expert.family_adapters(cfg)
    assert plan["weekday"] == "calendar" and plan["timezone"] == "clock" and sorted(plan) == rule
    bad = get_specialist("datetime_expert").from_config({"families": ["timezone", "weekday"], "adapter": "auto"})
    cfg.specialize.pop("clock")
    with pytest.raises(SKDError, match=r"no specialize entry was trained on \['timezone'\]"):
        bad.family_adapters(cfg)


def test_kept_checkpoints_predict_the_trainer_and_run_refuses_lost_ones_before_training(tmp_path):
    from specialist_kd.cli import run_pipeline
    from specialist_kd.config import TrainConfig

    # as seen on disk: 1,200 steps saved every 300 -> 900, 1200; 27 every 13 -> 26, 27 (the last step is saved)
    assert TrainConfig(max_steps=1200, save_steps=300).kept_checkpoints() == [900, 1200]
    assert TrainConfig(max_steps=27, save_steps=13).kept_checkpoints() == [26, 27]
    assert TrainConfig(max_steps=1200, save_steps=300, keep_checkpoints=None).kept_checkpoints() == [300, 600, 900, 1200]
    cfg = load_config("toy", workdir=str(tmp_path / "w"), overrides=["eval.checkpoints=[1]", "train.max_steps=4"])
    with pytest.raises(SKDError, match=r"eval.checkpoints \[1\] will not be on disk .* keeps checkpoints \[3, 4\]"):
        run_pipeline(cfg)
    assert not (tmp_path / "w").exists()  # refused before any stage ran


def test_run_refuses_an_eval_context_too_short_before_training(tmp_path):
    """`skd run` with eval.max_model_len set below what a suite asked by the base model or the student needs
    is refused before any stage runs (`skd eval` alone refuses it before starting an engine)."""
    from specialist_kd.cli import run_pipeline

    cfg = load_config("toy", workdir=str(tmp_path / "w"), overrides=[
        "eval.suites=[business_days]", "eval.max_model_len=1024", "eval.n=2"])
    with pytest.raises(SKDError, match="eval.max_model_len=1024 is too short for suite 'business_days'"):
        run_pipeline(cfg)
    assert not (tmp_path / "w").exists()
