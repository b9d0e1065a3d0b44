"""The Specialist interface, its registry, and the shared machinery of rule-based specialists.

A specialist is one file in `specialists/` that defines a subclass and decorates it with `@register`.
Rule-based specialists sample a question from their own parameters, compute the exact answer with a
calendar library and (optionally) a short checkable rationale; neural specialists answer or score
prompts through a vLLM teacher (see `specialists/general.py`, `specialists/datetime_expert.py`).
"""

from __future__ import annotations

import dataclasses
import difflib
import importlib
import inspect
import pkgutil
import random
import re
import typing
from dataclasses import dataclass
from typing import Any, ClassVar

from specialist_kd import SKDError
from specialist_kd.config import build_typed, unknown_key
from specialist_kd.records import Record
from specialist_kd.utils import stable_hash

_REGISTRY: dict[str, type[Specialist]] = {}


def register(cls: type[Specialist]) -> type[Specialist]:
    assert cls.name not in _REGISTRY, f"specialist {cls.name!r} registered twice"
    _REGISTRY[cls.name] = cls
    return cls


def _load_all() -> None:
    import specialists

    for mod in pkgutil.iter_modules(specialists.__path__):
        if not mod.name.startswith("_"):
            importlib.import_module(f"specialists.{mod.name}")


def registry() -> dict[str, type[Specialist]]:
    _load_all()
    return dict(_REGISTRY)


def get_specialist(name: str) -> type[Specialist]:
    reg = registry()
    if name not in reg:
        close = difflib.get_close_matches(name, reg, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise SKDError(f"unknown specialist {name!r}{hint} (known: {', '.join(sorted(reg))})")
    return reg[name]


def describe_options(cls: type) -> list[tuple[str, str, str, str]]:
    """(name, type, default, comment) for each field of an options dataclass, in field order; the comment is
    the one written after the field in its class's source (`skd specialists NAME` prints them)."""
    comments: dict[str, str] = {}
    for klass in reversed([k for k in cls.__mro__ if dataclasses.is_dataclass(k)]):  # a subclass's wins
        try:
            src = inspect.getsource(klass)
        except (OSError, TypeError):
            continue
        for m in re.finditer(r"^\s+(\w+): [^=#\n]+(?:= [^#\n]+)?#\s*(.+)$", src, re.M):
            comments[m.group(1)] = m.group(2).strip()
    hints = typing.get_type_hints(cls)
    rows = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            default = repr(f.default)
        else:
            default = repr(f.default_factory()) if f.default_factory is not dataclasses.MISSING else "(required)"
        tp = hints[f.name]
        name = tp.__name__ if isinstance(tp, type) else str(tp).replace("typing.", "")
        rows.append((f.name, name, default, comments.get(f.name, "")))
    return rows


def parse_options(cls: type, values: dict[str, Any] | None, where: str) -> Any:
    """Build an options dataclass from a config mapping; unknown keys are errors, not silently ignored."""
    values = dict(values or {})
    fields = [f.name for f in dataclasses.fields(cls)]
    for key in values:
        if key not in fields:
            raise unknown_key(key, fields, f"option {key!r} in {where}")
    try:  # typed like the pipeline config: `leap_rule: "no"` is an error, not a truthy string
        hints = typing.get_type_hints(cls)
        return cls(**{key: build_typed(hints[key], v, key) for key, v in values.items()})
    except (SKDError, TypeError, ValueError) as e:
        raise SKDError(f"bad options in {where}: {e}") from None


def configured_family(cfg: Any, name: str, where: str) -> RuleSpecialist:
    """A rule-based family as this pipeline configures it (`specialists.<name>` options: ranges, rationale),
    so LoRA specialists and scored teachers see the same questions and answer style as the student.
    `where` names the config key that asked for it, for the error message."""
    cls = get_specialist(name)
    if cls.kind != "rule":
        raise SKDError(f"{where}: {name!r} is not a rule-based specialist")
    return cls.from_config({k: v for k, v in (cfg.specialists.get(name) or {}).items() if k not in ("n", "weight")})


def make_messages(question: str, system_prompt: str | None) -> list[dict[str, str]]:
    msgs = [{"role": "system", "content": system_prompt}] if system_prompt else []
    return msgs + [{"role": "user", "content": question}]


class Specialist:
    name: ClassVar[str]
    domain: ClassVar[str]
    kind: ClassVar[str]  # "rule" or "neural"

    @dataclass
    class Options:
        n: int = 100
        weight: float = 1.0

    def __init__(self, options: Any = None):
        self.options = options if options is not None else self.Options()

    @classmethod
    def from_config(cls, values: dict[str, Any] | None) -> Specialist:
        return cls(parse_options(cls.Options, values, f"specialist {cls.name!r}"))

    def generate(self, n: int, seed: int, ctx: Any) -> list[Record]:
        raise NotImplementedError


@dataclass
class Example:
    question: str
    answer: str  # canonical form, see the family's `answer_format`
    rationale: str  # short derivation a reader can check line by line
    template: str  # "<question type>:<index>" into the family's templates (train ones first, then held-out)
    heldout: bool
    kind: str  # how the answer is parsed for scoring: date | weekday | integer | time | ...
    params: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False)  # what `solve` was given


class RuleSpecialist(Specialist):
    """A calculator with question templates. Subclasses define `sample(rng) -> params` and
    `solve(params) -> (answer, rationale)`; templates are `str.format` strings over the params.

    `templates` is a list, or for a family that asks several kinds of question a mapping from the
    question type (`params["qtype"]`) to its list, with `answer_kinds` giving each type's answer kind.
    The last `n_heldout` templates of each list are never used for training: eval suites use only them,
    so they measure generalisation to unseen wording.
    """

    kind = "rule"
    answer_kind: ClassVar[str]  # which scorer parses the answer: see `specialist_kd.evaluate.PARSERS`
    answer_kinds: ClassVar[dict[str, str]] = {}  # per question type, when it differs from `answer_kind`
    answer_format: ClassVar[str]
    templates: ClassVar[list[str] | dict[str, list[str]]]
    n_heldout: ClassVar[int] = 2

    @dataclass
    class Options:
        n: int = 100
        weight: float = 1.0
        rationale: bool = True

    def sample(self, rng: random.Random) -> dict[str, Any]:
        raise NotImplementedError

    def solve(self, params: dict[str, Any]) -> tuple[str, str]:
        """(answer, rationale) for `sample`'s params; from `example` they also hold the question as asked,
        under "prompt" (absent from `skd solve`, which has none)."""
        raise NotImplementedError

    solve_args: ClassVar[dict[str, str]] = {}  # `skd solve` argument -> what it accepts

    def params_from_args(self, args: dict[str, str]) -> dict[str, Any]:
        """`skd solve` arguments (strings) -> the parameters `solve` takes; bad values raise SKDError."""
        raise NotImplementedError

    def qtype_arg(self, args: dict[str, str], key: str) -> str:
        """A `skd solve` argument that names one of the family's question types, checked."""
        if args[key] not in self.template_groups():
            raise SKDError(f"invalid {key} {args[key]!r}: accepted: {', '.join(self.template_groups())}")
        return args[key]

    def solve_args_checked(self, args: dict[str, str]) -> tuple[str, str]:
        missing = [k for k in self.solve_args if k not in args]
        extra = [k for k in args if k not in self.solve_args]
        if missing or extra:
            accepted = ", ".join(f"{k}=<{v}>" for k, v in self.solve_args.items())
            what = f"missing {missing}" if missing else f"unknown {extra}"
            raise SKDError(f"{self.name}: {what} argument(s); accepted: {accepted}")
        return self.solve(self.params_from_args(args))

    @classmethod
    def template_groups(cls) -> dict[str, list[str]]:
        return cls.templates if isinstance(cls.templates, dict) else {"": cls.templates}

    def groups(self) -> dict[str, list[str]]:
        """The templates this instance asks from: the class's `template_groups`, which a family's option may
        extend with training templates (inserted before each list's held-out ones, which stay last)."""
        return self.template_groups()

    def pick_qtype(self, rng: random.Random) -> str:
        """A question type for `sample`: one of the family's, or of the `questions` option when it is set."""
        return rng.choice(getattr(self.options, "questions", None) or list(self.template_groups()))

    def __init__(self, options: Any = None):
        super().__init__(options)
        for key in ("n", "drill"):
            if getattr(self.options, key, 0) < 0:
                raise SKDError(f"specialist {self.name!r}: option {key!r} is {getattr(self.options, key)}; "
                               f"accepted: 0 or more")
        unknown = [q for q in getattr(self.options, "questions", None) or [] if q not in self.template_groups()]
        if unknown:
            raise SKDError(f"specialist {self.name!r}: unknown question type(s) {unknown} in 'questions' "
                           f"(accepted: {', '.join(self.template_groups())})")

    def example(self, rng: random.Random, heldout: bool = False) -> Example:
        params = self.sample(rng)
        qtype = params.get("qtype", "")
        group = self.groups()[qtype]
        n_train = len(group) - self.n_heldout
        assert n_train > 0, f"{self.name}: needs at least one training template per question type"
        idx = rng.randrange(n_train, len(group)) if heldout else rng.randrange(n_train)
        question = group[idx].format(**params)
        answer, rationale = self.solve({**params, "prompt": question})
        if getattr(self.options, "reword", False):  # every wording of a type asks the same of the same params
            rationale = f"Reworded: {group[0].format(**params)} {rationale}"
        kind = self.answer_kinds.get(qtype, self.answer_kind)
        return Example(question, answer, rationale, f"{qtype}:{idx}", heldout, kind, params)

    def examples(self, n: int, seed: int, heldout: bool = False) -> list[Example]:
        # Seed mixes in the name: two specialists with the same seed draw different streams.
        rng = random.Random(stable_hash(f"{self.name}:{seed}:{int(heldout)}"))
        return [self.example(rng, heldout) for _ in range(n)]

    def format_response(self, ex: Example, rationale: bool) -> str:
        return f"{ex.rationale}\nAnswer: {ex.answer}" if rationale else f"Answer: {ex.answer}"

    def to_record(self, ex: Example, i: int, seed: int, system_prompt: str | None) -> Record:
        return Record(
            id=f"{self.name}-{seed}-{i}",
            domain=self.domain,
            specialist=self.name,
            messages=make_messages(ex.question, system_prompt),
            response=self.format_response(ex, self.options.rationale),
            answer=ex.answer,
            weight=self.options.weight,
            meta={"template": ex.template, "rationale": str(self.options.rationale), "answer_kind": ex.kind},
        )

    def generate(self, n: int, seed: int, ctx: Any) -> list[Record]:
        sp = getattr(ctx, "system_prompt", None)
        records = [self.to_record(ex, i, seed, sp) for i, ex in enumerate(self.examples(n, seed))]
        return records + self.drill_records(getattr(self.options, "drill", 0), seed, sp)

    drill_size: ClassVar[int] = 8  # equations in one drill row

    def drills(self, n: int, seed: int) -> list[list[tuple[str, int]]]:
        """`n` drill rows of `drill_size` (equation, value) pairs, the equations as this family's rationales
        write them ("26 + 60 = 86", "21 - 6 - 1 = 14"), taken in order from fresh training questions (a stream
        of their own, so the family's questions are the same with or without drill rows). Only equations whose
        first side is an operation are asked ("25 = 2 x 12 + 1" states a split, it does not ask one). Each is
        checked by evaluating it; a family whose rationales write none cannot be drilled."""
        from specialist_kd.evaluate import _holds, arithmetic_claims

        rng = random.Random(stable_hash(f"{self.name}:{seed}:drill"))
        rows: list[list[tuple[str, int]]] = []
        pending: list[tuple[str, int]] = []
        barren = 0  # questions in a row whose rationale gave no equation to ask
        while len(rows) < n:
            while len(pending) < self.drill_size:
                found = []
                for claim, values in arithmetic_claims(self.example(rng).rationale):
                    assert _holds(values), f"{self.name}: false step {claim!r}"
                    if re.search(r"\d\s+\S+\s+-?\d", claim.split("=")[0]):  # "25 = 2 x 12 + 1" asks nothing
                        found.append((claim, values[0]))
                barren = 0 if found else barren + 1
                if barren == 100:
                    raise SKDError(f"specialist {self.name!r}: option 'drill' needs equations in the family's "
                                   f"rationales, and they write none: set drill: 0 for it")
                pending += found
            rows.append(pending[:self.drill_size])
            pending = pending[self.drill_size:]
        return rows

    def drill_records(self, n: int, seed: int, system_prompt: str | None) -> list[Record]:
        records = []
        for i, row in enumerate(self.drills(n, seed)):
            asked = ", ".join(claim.split("=")[0].strip() for claim, _ in row)
            answer = ", ".join(str(value) for _, value in row)
            records.append(Record(
                id=f"{self.name}-drill-{seed}-{i}",
                domain=self.domain,
                specialist=self.name,
                messages=make_messages(f"Work out: {asked}.", system_prompt),
                response=f"{'. '.join(claim for claim, _ in row)}.\nAnswer: {answer}",
                answer=answer,
                weight=self.options.weight,
                meta={"template": "drill", "rationale": "True", "answer_kind": "integers"},
            ))
        return records
