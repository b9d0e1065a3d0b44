"""Where a student's days_between month walks go wrong, step by step (a diagnostic over a run's eval outputs).

    python bench/days_between_walks.py runs/db-plain-3x [--model student]

Reads <run>/eval/samples.jsonl and takes the `days_between` outputs written as the calculator writes its walk
(`skd solve days_between start=2024-05-03 end=2024-07-14 count=days`), in either form:

    plain:    "To the end of May 2024: 31 - 3 = 28. June 2024: 28 + 30 = 58. Then 14 days into July 2024: 58 + 14
              = 72." (within one month: "Same month: 20 - 3 = 17.")
    compare:  "From May 3, 2024 to July 14, 2024. May 2024 is before July 2024, to its end: 31 - 3 = 28. June 2024
              is before July 2024: 28 + 30 = 58. July 2024 is the end month, 14 days into it: 58 + 14 = 72."
              (days_between's compare: true; within one month "May 2024 is the end month: 20 - 3 = 17.")

opened by what is counted where days_between's restate: true writes it ("Counting full weeks."), after the
question's words on it where quote: true quotes them ('Asked: "whole weeks". Counting full weeks.', or with
quote_meaning: colon 'Asked: "whole weeks": full weeks count.', or sentence '... Full weeks count.'), and by each
numeric date read field by field where read_dates: true writes it ("05/03/2024 (MM/DD/YYYY) reads month 05, day
03: May 3, 2024."), and
with the sums written plain or as chains (`sums`) and Februaries derived or not (`leap_rule`), then the
inclusive count's "Both ends count: 72 + 1 = 73." or the weeks' "72 = 10 x 7 + 2, so 10 full weeks." (with
days_between's weeks: digits, "72 mod 7 (a ten leaves 3): 72: 7 x 3 = 21, ...; 9 - 7 = 2. 72 - 2 = 70 = 10 x
7, so 10 full weeks.", each link of the digits checked). The two
dates are read from the question. Each step is checked on the numbers as written, so one early slip does not
fail every later step: the words quoted (quote: copied from the question, and words of the count it asks);
what is counted (restate); each numeric date's fields and the date named (read_dates);
the dates restated (compare); the start's month, its length and the start day; each
month step the month after the one before, its length, the running value copied; every sum; each decision
against the end's month (compare) and the end month it names; whether the walk stopped in the end's month;
the days into it; the count the question asks for (days, both ends or weeks, told from the gold answer) and its
tail. Prints right / checked per step, the wrong answers by the first step they got wrong,
where the walks stopped against the end's month (months early or late), the dates restated right by how the
question wrote them (numeric, ISO, words), and the right answers for dates in one month and in different months.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._samples import READ, date_style, reading_checks, suite_outputs  # noqa: E402
from specialist_kd.evaluate import _holds, arithmetic_claims, parse_dates  # noqa: E402
from specialists._dates import MONTHS, month_len, next_month  # noqa: E402
from specialists.days_between import COUNTING as SAID  # noqa: E402
from specialists.days_between import CUES, MEANING  # noqa: E402

CHAIN = r"(?: = \d+(?: [+-] \d+)+)*"  # a sum written as a chain of small steps (sums: chain / carry)
SUM = r"(?P<s1>\d+) [+-] (?P<s2>\d+)" + CHAIN + r" = (?P<r>-?\d+)\."
MON = r"(?P<mon>[A-Z][a-z]+) (?P<yr>\d+)"  # the month a sentence names: "July 2024"
END = r"(?P<emon>[A-Z][a-z]+) (?P<eyr>\d+)"  # the end month it is compared with (compare)
FEB = r"(?:\d+ ends in [^.]*?, so February \d+ has \d+ days\. )?"  # leap_rule: February's length derived first
MD = r"([A-Z][a-z]+) (\d+), (\d+)"  # "July 14, 2024"
HEAD = re.compile(rf"From {MD} to {MD}\. ")
# the question's words on what is counted, quoted first (days_between's quote: true): 'Asked: "whole weeks". ',
# or 'Asked: "whole weeks": ' before what they mean (quote_meaning: colon)
ASKED = re.compile(r'Asked: "([^"]*)"(?:\. |: )')
# what is counted, said first (days_between's restate: true): "Counting full weeks. ", or what the quoted words
# mean (quote_meaning): "full weeks count. " or "Full weeks count. "; the sentence -> the count it says
COUNTED = {sentence: qtype for said in (SAID, MEANING) for qtype, sentence in said.items()}
COUNTED |= {sentence.capitalize(): qtype for qtype, sentence in MEANING.items()}
COUNTING = re.compile("(" + "|".join(map(re.escape, COUNTED)) + ") ")
# a sentence of the student's own after the quote, in words only ("The end counts.", after the unseen quote "end"
# with quote_meaning: sentence, session 34): not judged, and the walk after it is read on
OWN = re.compile(r"([A-Z][a-z ,]*\.) ")
# the walk's sentences in either form, by kind: "same" (one subtraction within a month), "first" (to the end of
# the start's month), "month" (a whole month added), "last" (the days into the end month)
SENTENCES = [
    ("same", re.compile(r"Same month: " + SUM)),
    ("same", re.compile(rf"{FEB}{MON} is the end month: " + SUM)),
    ("first", re.compile(rf"{FEB}To the end of {MON}: " + SUM)),
    ("first", re.compile(rf"{FEB}{MON} is before {END}, to its end: " + SUM)),
    ("month", re.compile(rf"{FEB}{MON}(?: is before {END})?: " + SUM)),
    ("last", re.compile(rf"Then (?P<d>\d+) days? into {MON}: " + SUM)),
    ("last", re.compile(rf"{MON} is the end month, (?P<d>\d+) days? into it: " + SUM)),
]
INCLUSIVE = re.compile(r"Both ends count: (\d+) \+ 1 = (\d+)\.")
WEEKS = re.compile(r"(\d+) = (\d+) x 7 \+ (\d+), so (\d+) full weeks?\.")
# days_between's weeks: digits: the remainder by the digits, then the multiple of 7 left
DIGITS = re.compile(r"(\d+) mod 7 \(a ten leaves 3\): ([^.]*)\. (\d+) - (\d+) = (\d+) = (\d+) x 7, so (\d+) full "
                    r"weeks?\.")


def _month(name: str | None, year: str | None) -> tuple[int, int] | None:
    """(year, month) as written; None for a name no month has or a year the calendar lacks (1..9999)."""
    return (int(year), MONTHS.index(name) + 1) if name in MONTHS and 1 <= int(year) <= 9999 else None


def _digit_links(mod: str, n: int) -> bool:
    """Whether "72: 7 x 3 = 21, 21 + 2 = 23; 23: 2 x 3 = 6, 6 + 3 = 9; 9 - 7 = 2" takes each number apart by its
    own digits, starting from n, and takes 7 off only a last digit of 7, 8 or 9 (the sums are checked apart)."""
    at = n
    for part in mod.split("; "):
        step = re.fullmatch(r"(\d+): (\d+) x 3 = (\d+), (\d+) \+ (\d+) = (\d+)", part)
        if step:
            x, a, _, a3, b, y = (int(v) for v in step.groups())
            if x != at or (a, b) != divmod(x, 10) or a3 != 3 * a:
                return False
            at = y
        elif (last := re.fullmatch(r"(\d) - 7 = (\d+)", part)) and int(last[1]) == at and at >= 7:
            at = int(last[2])
        else:
            return False
    return at < 7


def parse(output: str) -> dict | None:
    """The walk's sentences in order, with the restated dates (compare) and what follows the walk; None where
    the output does not open with a walk in one of the two forms."""
    body = output.split("Answer:")[0].strip()
    asked = ASKED.match(body)
    counting = COUNTING.match(body, asked.end() if asked else 0)
    # OWN takes words only, so never a date reading ("05/03/2024 ...") nor the walk's first sentence
    own = OWN.match(body, asked.end()) if asked and not counting else None
    pos, reads = next((m.end() for m in (counting, own, asked) if m), 0), []
    while read := READ.match(body, pos):
        reads.append(read)
        pos = read.end()
    head = HEAD.match(body, pos)
    pos, walk = (head.end() if head else pos), []
    while pos < len(body):
        found = next(((kind, m) for kind, pat in SENTENCES if (m := pat.match(body, pos))), None)
        if found is None:
            break
        walk.append(found)
        pos = found[1].end() + (body[found[1].end():found[1].end() + 1] == " ")
        if found[0] in ("same", "last"):
            break
    return {"asked": asked, "counting": counting, "own": own, "reads": reads, "head": head, "walk": walk,
            "rest": body[pos:]} if walk else None


def question_type(start: dt.date, end: dt.date, gold: str) -> str:
    """What the question asked, told from its gold answer: "days", "inclusive" (one more) or "weeks"."""
    days = (end - start).days
    return {days: "days", days + 1: "inclusive"}.get(int(gold), "weeks")


def check(g: dict, start: dt.date, end: dt.date, qtype: str, prompt: str = "") -> dict[str, bool]:
    """Each step's verdict, keyed in the order the output first writes it: true where every instance held.
    `prompt`: the question, which the quoted words (quote) are checked against."""
    res: dict[str, bool] = {}

    def mark(key: str, ok: bool) -> None:
        res[key] = res.get(key, True) and bool(ok)

    em, sm = (end.year, end.month), (start.year, start.month)
    if g.get("asked"):
        quoted = g["asked"][1]
        mark("words quoted from the question", quoted in prompt)
        # one of the asked count's phrases, or two or more words of one ("both the arrival and the departure day")
        mark("words quoted say what is asked", quoted in CUES[qtype] or len(quoted.split()) > 1 and any(
            quoted in c for c in CUES[qtype]))
    if g.get("counting"):
        mark("what is counted, said first", COUNTED[g["counting"][1]] == qtype)
    for r, d in zip(g.get("reads", []), (start, end)):
        for key, ok in reading_checks(r, d).items():
            mark(key, ok)
    if g["head"]:
        h = g["head"]
        mark("dates restated", (_month(h[1], h[3]), int(h[2]), _month(h[4], h[6]), int(h[5])) ==
             (sm, start.day, em, end.day))
    prev, value = None, None
    for i, (kind, m) in enumerate(g["walk"]):
        named = _month(m["mon"], m["yr"]) if "mon" in m.groupdict() else None
        x, y = int(m["s1"]), int(m["s2"])
        claims = arithmetic_claims(m.group(0))
        mark("sums hold", bool(claims) and all(_holds(v) for _, v in claims))
        if m.groupdict().get("emon"):
            mark("end month named in each decision", _month(m["emon"], m["eyr"]) == em)
        if i == 0:
            mark("same-month form where the dates share a month, a walk where not", (kind == "same") == (sm == em))
            if kind == "same":
                mark("the two days", (x, y) == (end.day, start.day))
            elif kind == "first":
                mark("start month", named == sm)
                mark("start month's length and start day", named is not None and (x, y) == (month_len(*named),
                                                                                            start.day))
            else:
                mark("start month", False)
        else:
            mark("each month the one after the last", named is not None and prev is not None
                 and named == next_month(*prev))
            mark("running value copied", x == value)
            if kind == "month":
                mark("month length", named is not None and y == month_len(*named))
                if g["head"]:
                    mark("decision: before the end month", named != em)
            else:
                if g["head"]:
                    mark("decision: the end month", named == em)
                mark("walk stops in the end's month", named == em)
                mark("days into the end month", (int(m["d"]), y) == (end.day, end.day))
        prev, value = named, int(m["r"])
    if g["walk"][-1][0] not in ("same", "last"):
        mark("walk stops in the end's month", False)
    inc, wk, dg = INCLUSIVE.match(g["rest"]), WEEKS.match(g["rest"]), DIGITS.match(g["rest"])
    wk = wk or dg
    mark("the count the question asks (days, both ends, weeks)", qtype == ("inclusive" if inc else "weeks" if wk
                                                                           else "days"))
    if inc:
        mark("both ends count: the walk's days + 1", (int(inc[1]), int(inc[2])) == (value, value + 1))
    elif dg:
        n, mod, n2, rem, rest, q, said = dg.groups()
        n, n2, rem, rest, q, said = (int(v) for v in (n, n2, rem, rest, q, said))
        claims = arithmetic_claims(mod)
        last = re.search(r"(\d+)$", mod)
        mark("weeks: the walk's days copied", n == value and n2 == n)
        mark("weeks: n mod 7 by the digits, each step", bool(claims) and all(_holds(v) for _, v in claims)
             and _digit_links(mod, n))
        mark("weeks: the remainder reached and copied", last is not None and int(last[1]) == rem == n % 7)
        mark("weeks: n - r and the multiple of 7", rest == n - rem and q * 7 == rest)
        mark("weeks: q full weeks said", said == q)
    elif wk:
        n, q, rem, said = (int(v) for v in wk.groups())
        mark("weeks: the walk's days copied", n == value)
        mark("weeks: the quotient (n // 7)", q == n // 7)
        mark("weeks: the remainder (n = q x 7 + r)", q * 7 + rem == n and 0 <= rem < 7)
        mark("weeks: q full weeks said", said == q)
    return res


def stop_offset(g: dict, end: dt.date) -> int | None:
    """Months from the end's month to the month the walk stopped in (negative: early); None if it did not stop,
    or stopped without naming a month (the plain form's "Same month:")."""
    kind, m = g["walk"][-1]
    named = _month(m["mon"], m["yr"]) if "mon" in m.groupdict() else None
    if kind not in ("same", "last") or named is None:
        return None
    return (named[0] - end.year) * 12 + named[1] - end.month


def main(argv: list[str] | None = None) -> None:
    a, rows = suite_outputs(__doc__, "days_between", argv)
    right, seen, first_wrong, offsets, by_span, by_form, own = (Counter() for _ in range(7))
    parsed = 0
    for r in rows:
        dates = parse_dates(r["prompt"])
        if len(dates) != 2:
            continue
        start, end = dates
        correct = bool(r["correct"])
        span = "one month" if (start.year, start.month) == (end.year, end.month) else "different months"
        by_span[span, correct] += 1
        g = parse(r["output"])
        if g is None:
            continue
        parsed += 1
        if g["own"]:
            own[g["own"][1]] += 1
        res = check(g, start, end, question_type(start, end, r["gold"]), r["prompt"])
        if "dates restated" in res:
            style = date_style(r["prompt"])
            by_form["numeric" if "/" in style else style, res["dates restated"]] += 1
        for k, ok in res.items():
            seen[k] += 1
            right[k] += ok
        if not correct:
            first_wrong[next((k for k, ok in res.items() if not ok), "(every step held)")] += 1
        offsets[stop_offset(g, end)] += 1
    correct = sum(bool(r["correct"]) for r in rows)
    print(f"{a.run}: {a.model}, {len(rows)} days_between outputs, {correct} correct, {parsed} written as a walk")
    for k in seen:
        print(f"  {right[k]:>4}/{seen[k]:<4} {k}")
    if own:
        print(f"sentences of their own after the quote, not judged (the walk read on): {own.total()} (" +
              ", ".join(f'"{k}" {v}' for k, v in own.most_common(3)) + ")")
    print("wrong answers by the first step they got wrong:")
    for k, v in first_wrong.most_common():
        print(f"  {v:>4}  {k}")
    print("where the walks stopped, in months from the end's month (none: did not stop, or 'Same month:'):")
    print("  " + ", ".join(f"{k}: {v}" for k, v in sorted(offsets.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))))
    if by_form:
        print("dates restated right, by how the question wrote them: " + ", ".join(
            f"{f} {by_form[f, True]} of {by_form[f, True] + by_form[f, False]}" for f in ("numeric", "ISO", "words")))
    for span in ("one month", "different months"):
        n = by_span[span, True] + by_span[span, False]
        if n:
            print(f"dates in {span}: {by_span[span, True]} of {n} right")


if __name__ == "__main__":
    main()
