"""Rule-based specialist: durations in hours, minutes and seconds: add, subtract, convert.

Answer convention: a duration as "H h M min S s" (e.g. "3 h 24 min 2 s"), or an integer number of seconds for
"how many seconds" questions. The rationale carries seconds into minutes and minutes into hours with every
step one operation on two numbers (a carried or borrowed 1 aside; `two_term`, the default since session 39):
products and remainders each their own equation after the number split, "21286: 5 x 3600 = 18000; 21286 -
18000 = 3286", a carry "Seconds: 4 + 58 = 62; 62 - 60 = 2, one minute more.", a borrow "13 + 60 = 73; 73 - 32
= 41", and the seconds of "6 h 15 min 14 s" summed two at a time. `lead_digits` writes from_seconds'
subtractions by leading digits ("21286 - 18000: 21 - 18 = 3, so 3286"); `brackets` splits from_seconds in
hundreds of seconds, each quotient between two rows of a short table ("28073 s is 280 hundreds and 73. Hours:
7 h = 252 hundreds, 8 h = 288; 252 <= 280 < 288, so 7 h. 280 - 252 = 28, so 2873 s left. ...");
`long_division` divides by 60 as the tens by 6, a quotient digit a step ("21286 s is 2128 tens and 6 s. 2128 /
6: 21: 3 x 6 = 18, 21 - 18 = 3; 3 and 2 make 32: ..."), with `running_quotient` the quotient so far after each
step (", quotient 35; ...") and with `digits_to_come` the digits still to be brought down after each number
divided ("3 and 2 make 32, 8 to come: ..."). With `two_term` off: "Seconds: 4 + 58 = 62 = 1 min 2 s. Minutes:
3 + 20 + 1 = 24. Hours: 2 + 1 = 3."
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from specialist_kd import SKDError
from specialist_kd.specialist import RuleSpecialist, register
from specialists._dates import (
    FamilyOptions,
    borrow_step,
    check_at_least_one,
    column_sub,
    first_cue,
    split_off,
    wrap_step,
)


def fmt_duration(seconds: int, style: str = "short") -> str:
    assert seconds >= 0, f"negative duration {seconds}"
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    if style == "long":
        return f"{h} hours {m} minutes {s} seconds"
    return f"{h} h {m} min {s} s"


def parse_duration_arg(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+):([0-5]\d):([0-5]\d)\s*", text)
    if m is None:
        raise SKDError(f"invalid duration {text!r}: expected H:MM:SS with minutes and seconds 00-59 (not negative)")
    return int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])


def bracket(n: int, step: int, name: Callable[[int], str], unit: str) -> tuple[int, str]:
    """The multiple of `step` at or below `n` found between two rows of its table, each row `k` named as `name`
    writes it: (k, "7 h = 252 hundreds, 8 h = 288; 252 <= 280 < 288, so 7 h")."""
    k = n // step
    lo, hi = k * step, (k + 1) * step
    return k, f"{name(k)} = {lo} {unit}, {name(k + 1)} = {hi}; {lo} <= {n} < {hi}, so {name(k)}"


def bracket_steps(n: int) -> str:
    """from_seconds' `brackets` split of `n` seconds: in hundreds of seconds, the hours and then the tens of
    minutes each a bracket from a short table (an hour is 36 hundreds, ten minutes 6), the minutes one from the
    multiples of 60 under 600; each subtraction on numbers under 600 (the last two digits carried along
    untouched): "28073 s is 280 hundreds and 73. Hours: 7 h = 252 hundreds, 8 h = 288; 252 <= 280 < 288, so 7
    h. 280 - 252 = 28, so 2873 s left. Tens of minutes: 40 min = 24 hundreds, 50 min = 30; 24 <= 28 < 30, so
    40 min. 28 - 24 = 4, so 473 s left. Minutes: 7 min = 420 s, 8 min = 480; 420 <= 473 < 480, so 7 min. 473 -
    420 = 53 s. 40 + 7 = 47 min." """
    hundreds, last = divmod(n, 100)
    h, hours = bracket(hundreds, 36, lambda k: f"{k} h", "hundreds")
    left = hundreds - 36 * h
    t, tens = bracket(left, 6, lambda k: f"{10 * k} min", "hundreds")
    rest = (left - 6 * t) * 100 + last
    m, mins = bracket(rest, 60, lambda k: f"{k} min", "s")
    assert h * 3600 + t * 600 + m * 60 + rest - 60 * m == n
    return (f"{n} s is {hundreds} hundreds and {last:02d}. Hours: {hours}. {hundreds} - {36 * h} = {left}, so "
            f"{left * 100 + last} s left. Tens of minutes: {tens}. {left} - {6 * t} = {left - 6 * t}, so {rest} s "
            f"left. Minutes: {mins}. {rest} - {60 * m} = {rest - 60 * m} s. {10 * t} + {m} = {10 * t + m} min.")


def divide_by_6(n: int, running: bool = False, to_come: bool = False) -> tuple[int, int, str]:
    """`n` divided by 6 by long division, one digit of the quotient a step, each step a product from 6's table
    and a subtraction under 60: the first step takes the leading digits up to the first number of 6 or more
    (or all of them), each later step the remainder and the next digit: divide_by_6(2128) == (354, 4, "21: 3 x
    6 = 18, 21 - 18 = 3; 3 and 2 make 32: 5 x 6 = 30, 32 - 30 = 2; 2 and 8 make 28: 4 x 6 = 24, 28 - 24 = 4");
    `running` ends each step with the quotient so far, the digits up to it: "21: 3 x 6 = 18, 21 - 18 = 3,
    quotient 3; 3 and 2 make 32: ..., quotient 35; ..."; `to_come` names after each number divided the digits
    still to be brought down, or none: "21, 2 8 to come: ...; 3 and 2 make 32, 8 to come: ...; 2 and 8 make 28,
    none to come: ...". Returns (quotient, remainder, text)."""
    digits = str(n)
    k = next((i for i in range(1, len(digits) + 1) if int(digits[:i]) >= 6), len(digits))
    part, said = int(digits[:k]), f"{digits[:k]}"
    steps, q, r = [], 0, 0
    for i, nxt in enumerate([None, *digits[k:]]):
        if nxt is not None:  # the remainder and the next digit
            part = r * 10 + int(nxt)
            said = f"{r} and {nxt} make {part}"
        if to_come:
            said += f", {' '.join(digits[k + i:]) or 'none'} to come"
        said += ": "
        d, r = divmod(part, 6)
        q = q * 10 + d
        steps.append(f"{said}{d} x 6 = {6 * d}, {part} - {6 * d} = {r}" + (f", quotient {q}" if running else ""))
    assert (q, r) == divmod(n, 6), (n, q, r)
    return q, r, "; ".join(steps)


def long_division_steps(n: int, running: bool = False, to_come: bool = False) -> str:
    """from_seconds' `long_division`: `n` seconds divided by 60 as its tens divided by 6 (`divide_by_6`), the
    seconds the remainder's tens and the units digit, then the minutes the same way into hours: "21286 s is
    2128 tens and 6 s. 2128 / 6: 21: 3 x 6 = 18, 21 - 18 = 3; 3 and 2 make 32: 5 x 6 = 30, 32 - 30 = 2; 2 and
    8 make 28: 4 x 6 = 24, 28 - 24 = 4. So 354 min and 4 tens and 6 s: 40 + 6 = 46 s. 354 min is 35 tens and 4
    min. 35 / 6: 35: 5 x 6 = 30, 35 - 30 = 5. So 5 h and 5 tens and 4 min: 50 + 4 = 54 min."; `running`
    (`running_quotient`) writes the quotient so far after each step and `to_come` (`digits_to_come`) the digits
    still to come after each number divided (`divide_by_6`)."""
    x, out, parts = n, [], []
    for big, small in (("min", "s"), ("h", "min")):
        tens, unit = divmod(x, 10)
        q, r, steps = divide_by_6(tens, running, to_come)
        out.append(f"{x} {small} is {tens} tens and {unit} {small}. {tens} / 6: {steps}. So {q} {big} and {r} tens "
                   f"and {unit} {small}: {10 * r} + {unit} = {10 * r + unit} {small}.")
        parts.append(10 * r + unit)
        x = q
    assert x * 3600 + parts[1] * 60 + parts[0] == n, n
    return " ".join(out)


# the words of each template that say which operation is asked, quoted from the question with `quote` (each
# template holds one of its own type's, the first found is quoted): the held-out "A timer is set to X. How many
# seconds is that in total?" was answered as X + X 54 times in 84 (session 39, duration alone at 3x)
CUES = {
    "add": ("plus", "Add", "together", "+", "total"),
    "sub": ("minus", "Subtract", "left", "-", "remains"),
    "to_seconds": ("How many seconds", "to seconds", "number of seconds", "how many seconds"),
    "from_seconds": ("hours, minutes and seconds", "h, min and s", "? h ? min ? s"),
}
# what the quoted words mean, right after them; each type's first word differs
MEANING = {"add": "Adding.", "sub": "Subtracting.", "to_seconds": "Converting to seconds.",
           "from_seconds": "Splitting into hours, minutes and seconds."}


# the options that write from_seconds' steps another way; brackets and long_division go with none of the others
FROM_SECONDS_FORMS = ("lead_digits", "ladder", "brackets", "long_division")


@dataclass
class Options(FamilyOptions):
    max_hours: int = 12  # durations of 1 second to max_hours hours
    questions: list[str] | None = None  # "add", "sub", "to_seconds", "from_seconds" (None: all)
    # session 37 at 3x: "21286 = 5 x 3600 + 2286" (the remainder copied from n's last digits) wrong 95 times
    # of 96, a three-term sum the first false equation in 91 wrong answers, "22 min = 1220 s" unchecked
    two_term: bool = True  # each step one operation on two numbers: "21286: 5 x 3600 = 18000; 21286 - 18000 = 3286", "71 - 60 = 11, one minute more", "13 + 60 = 73; 73 - 32 = 41" (at 3x: 37.2%, 34.2% and 35.0% in three runs against 17.5% without, from_seconds 0 of 95; the default since session 39)
    # session 38: from_seconds 0 of 95 with two_term, the quotient by 3600 right 66 of 96, the five-digit
    # subtraction after it 7 of 96
    lead_digits: bool = False  # with two_term, from_seconds' subtractions by leading digits: "21286 - 18000: 21 - 18 = 3, so 3286" (session 40 beside clock at 3x, two runs: the remainder after a right quotient 22 of 26 and 24 of 40 against 7 of 66, but the quotient by 3600 right 26 and 40 of 96, against 66 and 36 in two runs without; 32.2% and 34.0% against 34.2%)
    # session 40: the quotient by 3600 right 26, 36 and 66 of 95 in three runs; in the first, one too few 29
    # times, one too many 8, "0 x 3600" for a five-digit number 13
    ladder: bool = False  # with two_term, from_seconds' quotient by 3600 found by counting up the multiples to the first past the number: "21286: 3600 (1), 7200 (2), ..., 18000 (5), 21600 (6) is more than 21286, so 5 x 3600 = 18000; ..." (session 41 at 3x with lead_digits: the ladder never stopped, 0 of 96, counted on past the number until cut; not kept)
    # session 47 alone at 6x (runs/dur-6x, 39.2%): from_seconds 1 of 96, the quotient by 3600 right 52 of 95 and
    # the five-digit subtraction after it 5 of 95; none of 74 overshot quotients gave a negative remainder
    # session 58 alone at 6x (runs/dur-6x-br): 36.0% against 39.2% (30 vs 43, p = 0.16), from_seconds 1 of 96:
    # 88 of 96 hours brackets were the table's first row ("1 h = 36 hundreds, 2 h = 72; 36 <= 212 < 72"); not kept
    brackets: bool = False  # from_seconds in hundreds of seconds, each quotient a bracket from a short table (the 12 hours in hundreds, 36 to 432; ten minutes, 6 hundreds; minutes, 60 s) and each subtraction on numbers under 600: "28073 s is 280 hundreds and 73. Hours: 7 h = 252 hundreds, 8 h = 288; 252 <= 280 < 288, so 7 h. 280 - 252 = 28, so 2873 s left. Tens of minutes: 40 min = 24 hundreds, 50 min = 30; 24 <= 28 < 30, so 40 min. 28 - 24 = 4, so 473 s left. Minutes: 7 min = 420 s, 8 min = 480; 420 <= 473 < 480, so 7 min. 473 - 420 = 53 s. 40 + 7 = 47 min."; not with lead_digits or ladder
    # sessions 41 and 58: a quotient by 3600 counted up (`ladder`) or chosen between two rows (`brackets`) was
    # not learnt: the ladder never stopped, the bracket was the table's first row 88 times of 96
    # session 59 alone at 6x (runs/dur-6x-ld): 29.8% against 39.2% (18 vs 56, p = 1.1e-05), from_seconds 0 of 96:
    # the products right 96 of 96 and every step of the seconds' division right in 40, but the quotient never
    # written as the digits its steps spell ("... So 49 min" for 354); not kept
    long_division: bool = False  # from_seconds by 60 twice, each time the tens divided by 6 by long division, a digit of the quotient a step from 6's table under 60: "21286 s is 2128 tens and 6 s. 2128 / 6: 21: 3 x 6 = 18, 21 - 18 = 3; 3 and 2 make 32: 5 x 6 = 30, 32 - 30 = 2; 2 and 8 make 28: 4 x 6 = 24, 28 - 24 = 4. So 354 min and 4 tens and 6 s: 40 + 6 = 46 s. 354 min is 35 tens and 4 min. 35 / 6: 35: 5 x 6 = 30, 35 - 30 = 5. So 5 h and 5 tens and 4 min: 50 + 4 = 54 min."; not with lead_digits, ladder or brackets
    # session 59's dur-6x-ld wrote every step of the division but not the quotient its digits spell. Session 60
    # alone at 6x (runs/dur-6x-rq): 40.0% against 39.2% (60 vs 57, p = 0.85), from_seconds 43 of 96 (1), each
    # quotient so far right in 95; but to_seconds 19 of 84 (42; the timer wording answered with a duration 60
    # times) and sub 12 of 97 (28), as with long_division alone
    running_quotient: bool = False  # with long_division, each step ends with the quotient so far, one digit longer than the last: "21: 3 x 6 = 18, 21 - 18 = 3, quotient 3; 3 and 2 make 32: 5 x 6 = 30, 32 - 30 = 2, quotient 35; 2 and 8 make 28: 4 x 6 = 24, 28 - 24 = 4, quotient 354. So 354 min and ..."; on its own it turns long_division on
    # sessions 60-61 (runs/dur-6x-rq-q, -rq-q-s1): of the wrong from_seconds, 23 and 21 first went wrong at the
    # digit brought down: a step added past the number's last digit in 18 of 95 and 19 of 96 seconds' divisions.
    # Session 62 at 6x with running_quotient (runs/dur-6x-dtc-rq): 26.8% against 40.0% (16 vs 69, p = 5.2e-09):
    # the digits to come right 94 of 94, but the digit from 6's table, now written after them, not the number it
    # divides, the largest that fits in 10 of 94 seconds' divisions (68 of 96); from_seconds 7 of 96; not kept
    digits_to_come: bool = False  # with long_division, each number divided is followed by the digits still to be brought down, or none, so the division stops where they end: "2128 / 6: 21, 2 8 to come: 3 x 6 = 18, 21 - 18 = 3; 3 and 2 make 32, 8 to come: ...; 2 and 8 make 28, none to come: ..."; on its own it turns long_division on
    # session 60 alone at 6x with running_quotient (runs/dur-6x-rq-q): 46.5% against 39.2% (65 vs 36, p = 0.0051)
    # and 40.0% with running_quotient alone (74 vs 48, p = 0.023): the operation named right in 400 of 400, the
    # timer wording never answered with a duration (60 without quote), to_seconds 57 of 84; one seed. At seed 1
    # (runs/dur-6x-rq-q-s1) 30.8% against 42.5% (63 vs 110, p = 0.00044): add's held-out wording got a meaning
    # sentence that went on past "Adding" ("Adding up the hours, minutes, and seconds."), add 0 of 123; not kept
    # session 66: sub's two-number subtractions were right 145 of 211 and 137 of 208 times in dur-6x and -s1 (the
    # additions 93-94%), the first false equation in 63 of 69 and 63 of 72 wrong sub answers ("57 - 6 = 55");
    # alone at 6x (runs/dur-6x-col) 48.8% against 39.2% and 42.5%, sub 53 of 97 (28, 25), those subtractions
    # 307 of 311
    columns: bool = False  # with two_term, sub's subtractions of the seconds and minutes a column at a time, each a fact on single digits: "Seconds: 34 - 25: 4 - 5 needs a ten: 14 - 5 = 9; 3 - 1 - 2 = 0; so 9.", "Minutes: 44 - 1 = 43; 43 - 36: ...", "30 + 60 = 90; 90 - 41: 0 - 1 needs a ten: 10 - 1 = 9; 9 - 1 - 4 = 4; so 49."
    quote: bool = False  # open with the question's words on the operation, then what they mean: 'Asked: "How many seconds". Converting to seconds.' (beside clock, to_seconds was never read as an addition)

    def __post_init__(self) -> None:
        check_at_least_one(max_hours=self.max_hours)
        if self.columns and not self.two_term:
            raise ValueError("columns needs two_term: it writes two_term's subtractions a column at a time")
        self.long_division |= self.running_quotient or self.digits_to_come
        forms = [name for name in FROM_SECONDS_FORMS if getattr(self, name)]
        if (self.brackets or self.long_division) and len(forms) > 1:
            raise ValueError(f"{' and '.join(forms)} cannot be set together: brackets and long_division each write "
                             "from_seconds' steps their own way, without lead_digits, ladder or each other"
                             + "".join(f" ({x} turns long_division on)" for x in ("running_quotient",
                                       "digits_to_come") if getattr(self, x)))


@register
class Duration(RuleSpecialist):
    name = "duration"
    domain = "duration"
    answer_kind = "duration"
    answer_kinds = {"add": "duration", "sub": "duration", "to_seconds": "integer", "from_seconds": "duration"}
    answer_format = "H h M min S s, or an integer number of seconds"
    Options = Options
    n_heldout = 1
    templates = {
        "add": [
            "What is {a} plus {b}?",
            "Add {a} and {b}. Give the total duration.",
            "A task takes {a} and another takes {b}. How long do both take together?",
            "{a} + {b} = ?",
            # held out: eval only
            "I ran for {a}, rested, then ran for {b}. What is my total running time?",
        ],
        "sub": [
            "What is {a} minus {b}?",
            "Subtract {b} from {a}.",
            "A film lasts {a}; I have watched {b}. How much is left?",
            "{a} - {b} = ?",
            # held out: eval only
            "The whole trip takes {a} and {b} have passed. How long remains?",
        ],
        "to_seconds": [
            "How many seconds are in {a}?",
            "Convert {a} to seconds.",
            "Express {a} as a number of seconds.",
            "{a} = how many seconds?",
            # held out: eval only
            "A timer is set to {a}. How many seconds is that in total?",
        ],
        "from_seconds": [
            "Convert {secs} seconds to hours, minutes and seconds.",
            "How long is {secs} seconds in hours, minutes and seconds?",
            "Express {secs} s as h, min and s.",
            "{secs} seconds = ? h ? min ? s",
            # held out: eval only
            "A video is {secs} seconds long. How many hours, minutes and seconds is that?",
        ],
    }

    def sample(self, rng: random.Random) -> dict[str, Any]:
        qtype = self.pick_qtype(rng)
        a, b = (rng.randint(1, self.options.max_hours * 3600) for _ in range(2))
        if qtype == "sub" and a < b:
            a, b = b, a
        return self._params(qtype, a, b, rng.choice(("short", "long")))

    @staticmethod
    def _params(qtype: str, a: int, b: int, style: str) -> dict[str, Any]:
        return {"qtype": qtype, "sa": a, "sb": b, "a": fmt_duration(a, style), "b": fmt_duration(b, style),
                "secs": a}

    solve_args = {"op": "add|sub|to_seconds|from_seconds", "a": "H:MM:SS", "b": "H:MM:SS (add, sub)"}

    def params_from_args(self, args: dict[str, str]) -> dict[str, Any]:
        self.qtype_arg(args, "op")
        a = parse_duration_arg(args["a"])
        b = parse_duration_arg(args["b"]) if args["op"] in ("add", "sub") else 0
        if args["op"] == "sub" and b > a:
            raise SKDError(f"invalid duration: {args['a']} - {args['b']} would be negative")
        return self._params(args["op"], a, b, "short")

    def solve(self, p: dict[str, Any]) -> tuple[str, str]:
        answer, rationale = self._solve(p)
        if self.options.quote and "prompt" in p:  # `skd solve` has no question to quote
            cue = first_cue(p["prompt"], CUES[p["qtype"]])
            rationale = f'Asked: "{cue}". {MEANING[p["qtype"]]} {rationale}'
        return answer, rationale

    def _solve(self, p: dict[str, Any]) -> tuple[str, str]:
        a, b, q = p["sa"], p["sb"], p["qtype"]
        (ah, am, as_), (bh, bm, bs) = (divmod(a // 60, 60) + (a % 60,)), (divmod(b // 60, 60) + (b % 60,))
        two = self.options.two_term
        if q == "to_seconds":
            if two:
                hs, ms = ah * 3600, am * 60
                return str(a), (f"{ah} x 3600 = {hs}; {am} x 60 = {ms}; {hs} + {ms} = {hs + ms}; "
                                f"{hs + ms} + {as_} = {a}.")
            return str(a), f"{ah} h = {ah * 3600} s; {am} min = {am * 60} s; {ah * 3600} + {am * 60} + {as_} = {a}."
        o = self.options
        own = (partial(long_division_steps, running=o.running_quotient, to_come=o.digits_to_come)
               if o.long_division else bracket_steps if o.brackets else None)
        if q == "from_seconds" and own:  # a form of its own, in place of the splits below
            return fmt_duration(a), f"{own(a)} So {fmt_duration(a)}."
        if q == "from_seconds":
            lead = self.options.lead_digits  # split_off uses it only with two_term's subtraction
            _, rest, hours = split_off(a, 3600, two, lead, self.options.ladder)
            minutes = split_off(rest, 60, two, lead)[2]
            return fmt_duration(a), f"{hours}{'.' if two else ';'} {minutes}. So {fmt_duration(a)}."
        if q == "add":
            s, m = as_ + bs, am + bm
            c1 = s // 60
            m += c1
            c2 = m // 60
            h = ah + bh + c2
            truth = a + b

            def carry(x: int, up: str, big: str, small: str) -> str:  # x past 60: one `up` more
                return f"{wrap_step(x, 60)[0]}, one {up} more." if two else f" = 1 {big} {x - 60} {small}."

            steps = [f"Seconds: {as_} + {bs} = {s}" + (carry(s, "minute", "min", "s") if c1 else "."),
                     f"Minutes: {am} + {bm}{' + 1' if c1 else ''} = {m}" + (carry(m, "hour", "h", "min") if c2 else "."),
                     f"Hours: {ah} + {bh}{' + 1' if c2 else ''} = {h}."]
            reached = h * 3600 + (m % 60) * 60 + s % 60
        else:
            s, borrow1 = (as_ - bs, 0) if as_ >= bs else (as_ + 60 - bs, 1)
            m0 = am - borrow1
            m, borrow2 = (m0 - bm, 0) if m0 >= bm else (m0 + 60 - bm, 1)
            h = ah - borrow2 - bh
            truth = a - b

            def borrow(x: int, y: int, r: int) -> str:
                if self.options.columns:
                    return f"{x} + 60 = {x + 60}; {column_sub(x + 60, y)}."
                return f"{borrow_step(x, y)}." if two else f"{x} + 60 - {y} = {r}."

            def plain(x: int, lent: int, y: int) -> str:  # x - lent - y >= 0: no borrow of a whole unit
                if self.options.columns:  # each column's fact, the unit lent taken first
                    return f"{f'{x} - 1 = {x - 1}; ' if lent else ''}{column_sub(x - lent, y)}."
                return f"{x}{' - 1' if lent else ''} - {y} = {x - lent - y}."

            steps = [f"Seconds: {as_} - {bs} needs a borrow: {borrow(as_, bs, s)}" if borrow1
                     else f"Seconds: {plain(as_, 0, bs)}",
                     f"Minutes: {am}{' - 1' if borrow1 else ''} - {bm} needs a borrow: {borrow(m0, bm, m)}"
                     if borrow2 else f"Minutes: {plain(am, borrow1, bm)}",
                     f"Hours: {ah}{' - 1' if borrow2 else ''} - {bh} = {h}."]
            reached = h * 3600 + m * 60 + s
        assert reached == truth, f"rationale reached {reached} s, arithmetic says {truth} s"
        return fmt_duration(truth), " ".join(steps)
