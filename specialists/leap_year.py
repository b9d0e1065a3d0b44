"""Rule-based specialist: leap years (is X a leap year; the next leap year after X).

Answer convention: "Yes" / "No", or the year as an integer. Gregorian rule: divisible by 4, except
centuries, except centuries divisible by 400. The rationale derives each verdict from numbers under 100 (the
defaults since session 54: `first_multiple`, `lookup`, `century_first`):
"The first multiple of 4 from 2096 on is 2096, the year itself. 2096 ends in 96, and the 90s' multiples of 4 are
92, 96: a leap year."; "... 1900 ends in 00: a leap year only if 19 is a multiple of 4; the first multiple of 4
from 19 on is 20, after it: not a leap year."
With the three off it states the rule: "1900 is divisible by 4 and by 100 but not by 400, so it is not a leap
year."
"""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass
from typing import Any

from specialist_kd import SKDError
from specialist_kd.specialist import RuleSpecialist, register
from specialists._dates import (
    DateOptions,
    century_first,
    check_share,
    first_multiple_head,
    first_multiple_of_4,
    leap_moved,
    leap_steps,
    parse_int,
)


def leap_reason(y: int) -> str:
    if y % 4:
        return f"{y} is not divisible by 4, so it is not a leap year."
    if y % 100:
        return f"{y} is divisible by 4 and not by 100, so it is a leap year."
    if y % 400:
        return f"{y} is divisible by 4 and by 100 but not by 400, so it is not a leap year."
    return f"{y} is divisible by 400, so it is a leap year."


def ending_first(y: int) -> str:
    """Whether `y` is a leap year by the first multiple of 4 from its last two digits on, as `century_first`
    decides a century by its first two: "1896 ends in 96; the first multiple of 4 from 96 on is 96, 96 itself: a
    leap year."; "2097 ends in 97; ... from 97 on is 100, after it: not a leap year."; a century by
    `century_first`."""
    yy = y % 100
    if not yy:
        return century_first(y)
    m = first_multiple_of_4(yy)
    assert (m == yy) == calendar.isleap(y)
    return (f"{y} ends in {yy:02d}; the first multiple of 4 from {yy:02d} on is {m:02d}, "
            f"{f'{yy:02d} itself: a leap year' if m == yy else 'after it: not a leap year'}.")


def century_check(y: int) -> str:
    """Whether `y`, a multiple of 4, is a leap year, by its last two digits alone: "2096 ends in 96, not 00: a
    leap year."; a century by `leap_steps`' lookup of its first two digits."""
    assert y % 4 == 0, f"{y} is not a multiple of 4"
    return f"{y} ends in {y % 100:02d}, not 00: a leap year." if y % 100 else leap_steps(y) + "."


@dataclass
class Options(DateOptions):
    century: float = 0.3  # share of years that are (near) a century, where the rule's exceptions bite
    questions: list[str] | None = None  # "is_leap", "next_leap" (None: both)
    # session 49 alone at 3x (runs/leap_year-3x, 73.5%): on the unseen "Will February have 29 days in the year
    # {year}?" every one of 211 answers began "{year} is not divisible by 4" (all 64 leap years wrong), and
    # each of the 39 next-leap questions whose multiples of 4 pass a century that is not a leap year (1700,
    # 1800, 1900, 2100, ...) called it "divisible by 4 and not by 100" (3 more slipped at the next multiple of
    # 4; 147 of 189 right): the rationale states divisibility, never derives it
    lookup: bool = True  # (on by default since session 54) derive each verdict from the year's last two digits by the decade's multiples of 4, as date_add_days' and weekday's leap_rule do (`_dates.leap_steps`): "2096 ends in 96, and the 90s' multiples of 4 are 92, 96: a leap year"; "2100 ends in 00: a leap year only if 21 is a multiple of 4; the 20s' multiples of 4 are 20, 24, 28: not a leap year"
    # session 50: with `lookup` or `reword` the unseen yes/no still answers "No" to every leap year, after a
    # lookup that lists the year's own ending ("2096 ends in 96, and the 90s' multiples of 4 are 92, 96: not a
    # leap year"); about 3 in 4 training years are not leap. Session 51 at 0.5 (runs/leap_year-3x-half, 72.5%):
    # still 0 of 64, and these students say "No" to every leap year in the training wording too
    # session 51: the next-leap walk's "The next multiple of 4 after {year} is {m}" is right 186 of 189 times
    # (runs/leap_year-3x), where the yes/no verdict, one token after the year, is "not divisible" for every year
    first_multiple: bool = True  # (on by default since session 54) open each yes/no rationale with the first multiple of 4 from the year on, so the verdict follows a number derived as next-leap derives its own: "The first multiple of 4 from 2097 on is 2100, after it. 2097 is not divisible by 4, so it is not a leap year."; "... from 2096 on is 2096, the year itself. 2096 is divisible by 4 and not by 100, ..."
    # session 52 at 3x: `first_multiple` 84.0% and 84.2% (two seeds; leap years asked yes or no 48 and 56 of 64,
    # from 0), the non-leap centuries still "divisible by 4 and not by 100"; with `lookup` too 92.2% and 90.8%,
    # but after "the year itself" the decade lookup took another number ("2000", the wording's "29") or missed
    # the year in its list (24 and 27 of 64 leap years)
    century_check: bool = False  # decide a multiple of 4 by its last two digits alone: "2096 ends in 96, not 00: a leap year", a century by `lookup`'s form ("2100 ends in 00: a leap year only if 21 is a multiple of 4; ..."); in next-leap walks, and with `first_multiple` after "the year itself" (after "after it", only "so 2097 is not a leap year.")
    # with `first_multiple` (runs/leap_year-3x-first-cc, -cc-s1): 88.8% and 87.0%, one question type or the
    # other worse by seed: the next-leap walk wrote the yes/no step's inclusive multiple, or the yes/no step
    # took the wording's "February 29"; not kept over `lookup`
    from_year_after: bool = False  # open each next-leap walk with `first_multiple`'s inclusive step from the year after ("The first multiple of 4 from 2097 on is 2100.") where it says "The next multiple of 4 after 2096 is 2100.", so both question types derive their first multiple of 4 by one step, from a different year
    # session 53 at 3x with first_multiple: with century_check 91.0% (the walk past a non-leap century 34 of 39,
    # from 11; but 14 yes/no rationales began "from {year + 1} on", 8 of them wrong), with lookup 81.0% (the walk
    # past a non-leap century 0 of 39, 35 answers the century, and 51 yes/no began "from {year + 1}"): the two steps,
    # now one form, leak both ways. With century_check 1600, asked 12 times, got "the 10s' multiples of 4 are 12,
    # 16: not a leap year" each time: the century's verdict one token after a list
    century_first: bool = True  # (on by default since session 54) decide every century by the first multiple of 4 from its first two digits on, as `first_multiple` does the year: "2100 ends in 00: a leap year only if 21 is a multiple of 4; the first multiple of 4 from 21 on is 24, after it: not a leap year."
    # with first_multiple, century_check and from_year_after (runs/leap_year-3x-first-cc-fya-cf, -s1): 95.0% and
    # 91.5%, a non-leap century passed in 36 and 39 of 39 walks; without from_year_after 92.8% and 92.8% (two
    # seeds, -first-cc-cf, -cc-cf-s1); with first_multiple and lookup (runs/leap_year-3x-first-lookup-cf, -s1)
    # 96.8% and 97.2%, the best yet: the walk 188 and 186 of 189, 1600 right; the form to keep
    ending_first: bool = False  # decide each yes/no year in one sentence by the first multiple of 4 from its last two digits on, as `century_first` decides a century by its first two (a century yes/no by `century_first`): "1896 ends in 96; the first multiple of 4 from 96 on is 96, 96 itself: a leap year."; "... from 97 on is 100, after it: not a leap year." (the rationale `first_multiple` and `lookup` write is then not used for yes/no)
    # session 53's kept form (runs/leap_year-3x-first-lookup-cf, -s1) missed yes/no leap years whose first
    # multiple of 4 from the year on it took past the year ("from 1896 on is 1900", 12 and 4 of them, the
    # next-leap walk's "after 1896 is 1900" on the same four digits), or whose lookup took the wording's "29"
    # as the year (5 at seed 1). Session 54 at 3x (runs/leap_year-3x-ending): 82.8% against 96.8%, p = 4.2e-05:
    # its sentence's end, "after it: not a leap year.", ended 36 of the 39 walks past a non-leap century at the
    # century, and 111 of 211 yes/no outputs began "29 ends in 9": not kept
    leap_share: float | None = None  # share of is_leap questions asked about a leap year (None: as drawn, about 1 in 4): a drawn year is moved to the nearest leap year at or below it (above it near year_min), or to the year after it

    def __post_init__(self) -> None:
        super().__post_init__()
        check_share("leap_share", self.leap_share)


@register
class LeapYear(RuleSpecialist):
    name = "leap_year"
    domain = "leap_year"
    answer_kind = "yesno"
    answer_kinds = {"is_leap": "yesno", "next_leap": "integer"}
    answer_format = "Yes/No, or a year"
    Options = Options
    n_heldout = 1
    templates = {
        "is_leap": [
            "Is {year} a leap year?",
            "Was {year} a leap year? Answer yes or no.",
            "Does the year {year} have a February 29?",
            "Is {year} a leap year in the Gregorian calendar?",
            # held out: eval only
            "Will February have 29 days in the year {year}?",
        ],
        "next_leap": [
            "What is the next leap year after {year}?",
            "Which is the first leap year after {year}?",
            "After {year}, when is the next year with a February 29?",
            "Name the first leap year that comes after {year}.",
            # held out: eval only
            "Counting from {year} (not included), which year is the next leap year?",
        ],
    }

    def sample(self, rng: random.Random) -> dict[str, Any]:
        o = self.options
        year = rng.randint(o.year_min, o.year_max - 8)
        if rng.random() < o.century:
            year = min(max(o.year_min, year // 100 * 100 + rng.randint(-4, 0)), o.year_max - 8)
        qtype = self.pick_qtype(rng)
        if o.leap_share is not None and qtype == "is_leap":
            year = leap_moved(year, rng.random() < o.leap_share, o.year_min, o.year_max)
        return {"qtype": qtype, "year": year}

    solve_args = {"year": "integer 1-9990", "question": "is_leap|next_leap"}

    def params_from_args(self, args: dict[str, str]) -> dict[str, Any]:
        year = parse_int("year", args["year"])
        if not 1 <= year <= 9990:
            raise SKDError(f"invalid year {year}: accepted 1-9990")
        return {"qtype": self.qtype_arg(args, "question"), "year": year}

    def solve(self, p: dict[str, Any]) -> tuple[str, str]:
        y, o = p["year"], self.options
        reason = (lambda x: leap_steps(x) + ".") if o.lookup else leap_reason
        of4 = century_check if o.century_check else reason  # the verdict on a multiple of 4
        if o.century_first:  # every century's verdict by its own first multiple of 4
            reason, of4 = ((lambda x, f=f: century_first(x) if x % 100 == 0 else f(x)) for f in (reason, of4))
        if p["qtype"] == "is_leap":
            why = reason(y)
            if o.ending_first:
                why = ending_first(y)
            elif o.first_multiple:
                head = first_multiple_head(y)
                # of4 is reason without century_check; with it, a year after its multiple needs no more
                why = f"{head}, so {y} is not a leap year." if o.century_check and y % 4 else f"{head}. {of4(y)}"
            return ("Yes" if calendar.isleap(y) else "No"), why
        cand = first_multiple_of_4(y + 1)  # the next multiple of 4 after y
        opener = f"The first multiple of 4 from {y + 1} on" if o.from_year_after else f"The next multiple of 4 after {y}"
        steps = [f"{opener} is {cand}."]
        while not calendar.isleap(cand):
            steps.append(of4(cand))
            cand += 4
        steps.append(of4(cand))
        return str(cand), " ".join(steps)
