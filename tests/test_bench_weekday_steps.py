"""bench/weekday_steps.py, the step-by-step diagnostic of weekday derivations: every step of the calculator's
own derivations checks out, so do the earlier forms (divisions written "n = q x k + r"; the four terms summed
at once), and a slip fails exactly the step it is in."""

import datetime as dt
import importlib.util
from pathlib import Path

from specialists._dates import weekday_steps

_spec = importlib.util.spec_from_file_location("weekday_steps", Path(__file__).parents[1] / "bench" / "weekday_steps.py")
ws = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ws)


def _check(text: str, prompt: str, output: str = "") -> dict[str, bool]:
    g = ws.parse(text)
    assert g, text
    return ws.check(g, prompt, output)


# the current form (session 9, runs/weekday-dec): the year by its decade, the leap years listed up to it
LISTED = ("Weekday of November 14, 2077: year 77: 70s key 3, 3 + 7 = 10; leap years after 70 up to 77: 72, 76, "
          "10 + 2 = 12. Century 20 = 5 x 4 + 0, key 6: 12 + 6 = 18. November's key is 3: 18 + 3 = 21. Day 14: 21 + 14 "
          "= 35; mod 7 (a ten leaves 3): 35: 3 x 3 = 9, 9 + 5 = 14; 14: 1 x 3 = 3, 3 + 4 = 7; 7 - 7 = 0: Sunday (0 = "
          "Sunday). So November 14, 2077 is a Sunday.")


def test_the_calculators_own_derivations_pass_every_step():
    for d in (dt.date(2024, 3, 5), dt.date(2000, 1, 1), dt.date(1752, 2, 29), dt.date(9998, 12, 31)):
        steps = _check(weekday_steps(d), f"What day of the week is {d.isoformat()}?")
        assert steps and all(steps.values()), (d, steps)
        assert "year: decade key (lookup)" in steps and "total mod 7: tens x 3" in steps  # the current form
    text = weekday_steps(dt.date(2077, 11, 14))
    assert text == LISTED


def test_the_leap_rule_and_sums_options_are_checked_step_by_step():
    """weekday's `leap_rule` and `sums` (session 36): the leap year derived for January and February, and the
    sum with the day as a chain; a slip in either fails its own step."""
    for d in (dt.date(2351, 2, 21), dt.date(2000, 1, 19), dt.date(1900, 2, 22), dt.date(2077, 11, 14)):
        steps = _check(weekday_steps(d, leap_rule=True, sums="carry"), f"What day of the week is {d.isoformat()}?")
        assert all(steps.values()), (d, steps)
        assert ("leap year derived (January, February)" in steps) == (d.month <= 2)
        assert "sum: + day, each link of its chain" in steps  # the four days are all chained
    text = weekday_steps(dt.date(2351, 2, 21), leap_rule=True, sums="carry")
    # 2351 taken as a leap year, with February's leap key: the derivation and the lookup fail
    leap = _check(text.replace("52, 56: not a leap year, so February's key is 3: 7 + 3 = 10. Day 21: 10 + 21 = 10 "
                               "+ 20 + 1 = 30 + 1 = 31",
                               "52, 56: a leap year, so February's key is 2: 7 + 2 = 9. Day 21: 9 + 21 = 9 + 20 + 1 "
                               "= 29 + 1 = 30"), "2351-02-21")
    # (the mod 7 goes on from the right total, 31, where 30 was reached: the copy and the remainder fail too)
    assert [k for k, ok in leap.items() if not ok] == [
        "leap year derived (January, February)", "month key (lookup)",
        "total mod 7: the number is the total, then the sum before it", "total mod 7 (the remainder)"]
    # a link off by ten, the chain's end still the right sum
    link = _check(text.replace("10 + 20 + 1 = 30 + 1 = 31", "10 + 20 + 1 = 40 + 1 = 31"), "2351-02-21")
    assert [k for k, ok in link.items() if not ok] == ["sum: + day, each link of its chain"]


def test_the_leap_first_form_is_checked_step_by_step():
    """weekday's `leap_first` (the default since session 57): the leap year decided after the first multiple of
    4 from the year on, centuries by their own first multiple; every step of the calculator's text checks out, and
    a first multiple taken wrong, or a leap year called common after "the year itself", fails the derivation."""
    for d in (dt.date(2352, 1, 2), dt.date(2351, 2, 21), dt.date(2000, 1, 19), dt.date(1900, 2, 22)):
        steps = _check(weekday_steps(d, leap_rule=True, leap_first=True), f"What day of the week is {d.isoformat()}?")
        assert all(steps.values()) and "leap year derived (January, February)" in steps, (d, steps)
    text = weekday_steps(dt.date(1844, 1, 18), leap_rule=True, leap_first=True)
    assert "The first multiple of 4 from 1844 on is 1844, the year itself." in text
    # the slips a 3x student made (runs/weekday-3x-lf-s1): "from 1844 on is 1846, after it"; "not a leap year"
    # after "the year itself", with the common year's key carried on
    head = _check(text.replace("on is 1844, the year itself.", "on is 1846, after it."), "1844-01-18")
    assert [k for k, ok in head.items() if not ok] == ["leap year derived (January, February)"]
    verdict = _check(text.replace("a leap year, so January's key is 6: 8 + 6 = 14. Day 18: 14 + 18 = 32",
                                  "not a leap year, so January's key is 0: 8 + 0 = 8. Day 18: 8 + 18 = 26"),
                     "1844-01-18")
    assert [k for k, ok in verdict.items() if not ok][:2] == ["leap year derived (January, February)",
                                                              "month key (lookup)"]


# the form measured in session 9 and not kept (runs/weekday-cmp): the decade's two leap years compared with
# the year
COMPARED = ("Weekday of March 3, 1954: year 54: 50s key 6, leap years 52 and 56: 52 <= 54, 56 > 54, so 1; 6 + 4 = "
            "10, 10 + 1 = 11. Century 19 = 4 x 4 + 3, key 0: 11 + 0 = 11. March's key is 3: 11 + 3 = 14. Day 3: 14 + "
            "3 = 17; mod 7 (a ten leaves 3): 17: 1 x 3 = 3, 3 + 7 = 10; 10: 1 x 3 = 3, 3 + 0 = 3: Wednesday (0 = "
            "Sunday). So March 3, 1954 is a Wednesday.")


def test_slips_in_the_compared_decade_form_fail_their_own_steps():
    text = COMPARED
    assert all(_check(text, "1954-03-03").values())
    # the decade's pair taken as the leap years whatever the year, counted and added rightly from there: the
    # comparison, then the year part and the century line's copy of it (11, where 12 was reached)
    both = _check(text.replace("56 > 54, so 1; 6 + 4 = 10, 10 + 1 = 11", "56 <= 54, so 2; 6 + 4 = 10, 10 + 2 = 12"),
                  "1954-03-03")
    assert [k for k, ok in both.items() if not ok] == ["year: the comparisons", "year part (y + y // 4 mod 7)",
                                                       "sum copies its four terms"]
    # the other parity's pair (an odd decade's for an even one), compared and counted rightly
    parity = _check(text.replace("leap years 52 and 56: 52 <= 54, 56", "leap years 54 and 58: 54 <= 54, 58"),
                    "1954-03-03")
    assert [k for k, ok in parity.items() if not ok] == ["year: the decade's two leap years (lookup)"]
    key = _check(text.replace("50s key 6, leap", "50s key 5, leap").replace("; 6 + 4 = 10", "; 5 + 4 = 9"),
                 "1954-03-03")
    assert [k for k, ok in key.items() if not ok] == ["year: decade key (lookup)", "year: copies the sum and the count"]


# the compared form with the key and the count each added just after it is reached (session 10, not kept:
# runs/weekday-cmp-il)
COMPARED_IL = ("Weekday of November 14, 2077: year 77: 70s key 3, 3 + 7 = 10; leap years 72 and 76: 72 <= 77, "
               "76 <= 77, so 2, 10 + 2 = 12. Century 20 = 5 x 4 + 0, key 6: 12 + 6 = 18. November's key is 3: 18 + "
               "3 = 21. Day 14: 21 + 14 = 35; mod 7 (a ten leaves 3): 35: 3 x 3 = 9, 9 + 5 = 14; 14: 1 x 3 = 3, 3 + "
               "4 = 7; 7 - 7 = 0: Sunday (0 = Sunday). So November 14, 2077 is a Sunday.")


def test_slips_in_the_interleaved_compared_form_fail_their_own_steps():
    text = COMPARED_IL
    assert all(_check(text, "2077-11-14").values())
    # the favourite wrong key of runs/weekday-cmp-il (2), added rightly: the lookup and the sum's copy of it
    key = _check(text.replace("70s key 3, 3 + 7 = 10; leap", "70s key 2, 2 + 7 = 9; leap").replace(
        "so 2, 10 + 2 = 12", "so 2, 9 + 2 = 11").replace("key 6: 12 + 6", "key 6: 11 + 6"), "2077-11-14")
    assert [k for k, ok in key.items() if not ok] == ["year: decade key (lookup)", "year part (y + y // 4 mod 7)",
                                                      "sum: century key + year part"]
    # a comparison the wrong way, counted and added from there
    cmp = _check(text.replace("76 <= 77, so 2, 10 + 2 = 12", "76 > 77, so 1, 10 + 1 = 11"), "2077-11-14")
    assert [k for k, ok in cmp.items() if not ok] == ["year: the comparisons", "year part (y + y // 4 mod 7)",
                                                      "sum copies its four terms"]


def test_slips_in_the_listed_decade_form_fail_their_own_steps():
    text = LISTED
    assert all(_check(text, "2077-11-14").values())
    # a wrong key added rightly, and the sum after it copied from the right one
    key = _check(text.replace("70s key 3, 3 + 7 = 10", "70s key 4, 4 + 7 = 11"), "2077-11-14")
    assert [k for k, ok in key.items() if not ok] == ["year: decade key (lookup)", "year: copies the sum and the count"]
    # a leap year too many, counted and added rightly: the listing, the year part and the copy of it that
    # the century line makes (12, where 13 was reached)
    extra = _check(text.replace("72, 76, 10 + 2 = 12", "72, 76, 80, 10 + 3 = 13"), "2077-11-14")
    assert [k for k, ok in extra.items() if not ok] == ["year: lists the leap years after the decade up to the year",
                                                        "year part (y + y // 4 mod 7)", "sum copies its four terms"]
    # a leap year left out of the list but still counted
    short = _check(text.replace("72, 76, 10", "76, 10"), "2077-11-14")
    assert [k for k, ok in short.items() if not ok] == ["year: lists the leap years after the decade up to the year",
                                                        "year: counts the leap years"]


def test_a_date_misread_from_the_question_fails_the_restatement():
    """Day and month swapped in a numeric date with its order stated, or a digit dropped, as students do."""
    text = weekday_steps(dt.date(1831, 9, 4))
    assert _check(text, "Born on 09/04/1831 (MM/DD/YYYY)?")["date restated from the question"]
    assert not _check(text, "Born on 04/09/1831 (MM/DD/YYYY)?")["date restated from the question"]
    assert not _check(weekday_steps(dt.date(1719, 5, 2)), "20/05/1719 (DD/MM/YYYY)")["date restated from the question"]


def test_the_reading_of_a_numeric_date_and_its_slips():
    """The reading measured in session 9 and not kept (runs/weekday-read)."""
    assert "reading: month named" not in _check(LISTED, "2077-11-14", LISTED)  # no reading, no reading checks
    text = "Reading 04/09/1831 (MM/DD/YYYY): month 04 = April, day 09, year 1831. " + weekday_steps(dt.date(1831, 4, 9))
    prompt = "If I was born on 04/09/1831 (MM/DD/YYYY), on which day of the week was I born?"
    assert all(_check(text, prompt, text).values())
    # the order taken as DD/MM, read rightly in it: the order, the fields, and the date the derivation uses
    swapped = "Reading 04/09/1831 (DD/MM/YYYY): day 04, month 09 = September, year 1831. " + weekday_steps(
        dt.date(1831, 9, 4))
    assert [k for k, ok in _check(swapped, prompt, swapped).items() if not ok] == [
        "reading: its order copied from the question", "date restated from the question"]
    # read in the stated order, then carried on swapped
    carried = text.split("Weekday")[0] + weekday_steps(dt.date(1831, 9, 4))
    assert [k for k, ok in _check(carried, prompt, carried).items() if not ok] == [
        "reading: the date carried to the derivation", "date restated from the question"]
    misnamed = text.replace("04 = April", "04 = March")
    assert [k for k, ok in _check(misnamed, prompt, misnamed).items() if not ok] == ["reading: month named"]


def test_read_dates_reading_and_its_slips():
    """weekday's read_dates option: the calculator's own outputs pass every step, its reading included; a
    reading in the wrong order, carried on wrongly, or naming another month fails its own step."""
    from specialist_kd.specialist import get_specialist

    read = 0
    for e in get_specialist("weekday").from_config({"read_dates": True}).examples(200, 5):
        steps = _check(e.rationale, e.question, e.rationale)
        assert steps and all(steps.values()), (e.rationale, steps)
        read += "numeric date named" in steps
    assert read > 40
    prompt = "If I was born on 04/09/1831 (MM/DD/YYYY), on which day of the week was I born?"
    text = "04/09/1831 (MM/DD/YYYY) reads month 04, day 09: April 9, 1831. " + weekday_steps(dt.date(1831, 4, 9))
    assert all(_check(text, prompt, text).values())
    swapped = "04/09/1831 (MM/DD/YYYY) reads day 04, month 09: September 4, 1831. " + weekday_steps(dt.date(1831, 9, 4))
    assert [k for k, ok in _check(swapped, prompt, swapped).items() if not ok] == [
        "numeric date's fields copied in its stated order", "numeric date named", "date restated from the question"]
    carried = text.split("Weekday")[0] + weekday_steps(dt.date(1831, 9, 4))
    assert [k for k, ok in _check(carried, prompt, carried).items() if not ok] == [
        "reading: the date carried to the derivation", "date restated from the question"]
    misnamed = text.replace("April 9", "March 9", 1)  # the reading only
    assert [k for k, ok in _check(misnamed, prompt, misnamed).items() if not ok] == ["numeric date named",
                                                                                     "reading: the date carried to the derivation"]


# the form measured in session 8 (runs/weekday-dig): the year's divisions as a multiple and a subtraction,
# the total mod 7 by its digits
DIGITS = ("Weekday of November 14, 2077: year 77: 2 x 28 = 56, 77 - 56 = 21; 21: 5 x 4 = 20, 21 - 20 = 1, "
          "21 + 5 = 26. Century 20 = 5 x 4 + 0, key 6: 26 + 6 = 32. November's key is 3: 32 + 3 = 35. Day 14: "
          "35 + 14 = 49; mod 7 (a ten leaves 3): 49: 4 x 3 = 12, 12 + 9 = 21; 21: 2 x 3 = 6, 6 + 1 = 7; 7 - 7 = 0: "
          "Sunday (0 = Sunday). So November 14, 2077 is a Sunday.")


def test_slips_in_the_total_mod_7_by_digits_fail_their_own_steps():
    assert all(_check(DIGITS, "2077-11-14").values())
    text = DIGITS
    # stops at a 7 without taking 7 off it
    unfinished = _check(text.replace("6 + 1 = 7; 7 - 7 = 0: Sunday", "6 + 1 = 7: Saturday"), "2077-11-14")
    assert [k for k, ok in unfinished.items() if not ok] == ["total mod 7: takes 7 off a 7, 8 or 9 (only)",
                                                             "total mod 7 (the remainder)", "weekday named for r"]
    # a wrong addition, carried on rightly from there: only the addition and the remainder fail
    added = _check(text.replace("12 + 9 = 21; 21: 2 x 3 = 6, 6 + 1 = 7; 7 - 7 = 0: Sunday",
                                "12 + 9 = 22; 22: 2 x 3 = 6, 6 + 2 = 8; 8 - 7 = 1: Monday"), "2077-11-14")
    assert [k for k, ok in added.items() if not ok] == ["total mod 7: adds the units", "total mod 7 (the remainder)"]
    split = _check(text.replace("49: 4 x 3 = 12, 12 + 9", "49: 9 x 3 = 12, 12 + 9"), "2077-11-14")
    assert [k for k, ok in split.items() if not ok] == ["total mod 7: splits into tens and units",
                                                        "total mod 7: tens x 3"]


# the form on main in session 7 (runs/weekday-il): the total's division by 7 as a multiple and a subtraction
INTERLEAVED = ("Weekday of November 14, 2077: year 77: 2 x 28 = 56, 77 - 56 = 21; 21: 5 x 4 = 20, 21 - 20 = 1, "
               "21 + 5 = 26. Century 20 = 5 x 4 + 0, key 6: 26 + 6 = 32. November's key is 3: 32 + 3 = 35. Day 14: "
               "35 + 14 = 49; 7 x 7 = 49, 49 - 49 = 0: Sunday (0 = Sunday). So November 14, 2077 is a Sunday.")


def test_slips_in_a_multiple_and_a_subtraction_fail_their_own_steps():
    text = INTERLEAVED
    assert all(_check(text, "2077-11-14").values())
    wrong_multiple = _check(text.replace("2 x 28 = 56", "2 x 28 = 54"), "2077-11-14")  # then 56 subtracted
    assert [k for k, ok in wrong_multiple.items() if not ok] == ["year / 28: the multiple (q x 28)",
                                                                  "year / 28: copies the number and the multiple"]
    # the slip students make: a multiple that is right as arithmetic but not the largest under the number
    too_big = _check(text.replace("Day 14: 35 + 14 = 49; 7 x 7 = 49, 49 - 49 = 0: Sunday",
                                  "Day 14: 35 + 14 = 49; 8 x 7 = 56, 49 - 56 = 3: Wednesday"), "2077-11-14")
    assert [k for k, ok in too_big.items() if not ok] == ["total / 7 and remainder",
                                                          "total / 7: the quotient (the largest q with q x 7 <= n)",
                                                          "total / 7: the subtraction"]
    wrong_difference = _check(text.replace("49 - 49 = 0: Sunday", "49 - 49 = 1: Monday"), "2077-11-14")
    assert [k for k, ok in wrong_difference.items() if not ok] == ["total / 7 and remainder",
                                                                    "total / 7: the subtraction"]
    # a quotient one short: every equation holds, the remainder is not under 7
    short = _check(text.replace("7 x 7 = 49, 49 - 49 = 0", "6 x 7 = 42, 49 - 42 = 7"), "2077-11-14")
    assert [k for k, ok in short.items() if not ok] == ["total / 7 and remainder",
                                                        "total / 7: the quotient (the largest q with q x 7 <= n)",
                                                        "weekday named for r"]
    # a term carried into the running sum as another number
    miscopied = _check(text.replace("key 6: 26 + 6 = 32", "key 6: 26 + 2 = 28"), "2077-11-14")
    assert [k for k, ok in miscopied.items() if not ok][0] == "sum copies its four terms"


def test_the_session_6_subtraction_form_with_the_terms_summed_after():
    """runs/weekday-sub: the century key first, the four terms summed two at a time after all of them."""
    sub = ("Weekday of November 14, 2077: century 20 = 5 x 4 + 0, key 6; year 77: 2 x 28 = 56, 77 - 56 = 21; "
           "21: 5 x 4 = 20, 21 - 20 = 1, 21 + 5 = 26; November's key is 3; day 14. 6 + 26 = 32; 32 + 3 = 35; "
           "35 + 14 = 49; 7 x 7 = 49, 49 - 49 = 0: Sunday (0 = Sunday).")
    steps = _check(sub, "2077-11-14")
    assert all(steps.values()) and "total / 7: the subtraction" in steps and "sum: + day" in steps
    slipped = _check(sub.replace("6 + 26 = 32; 32 + 3", "2 + 26 = 28; 28 + 3").replace("35 + 14", "31 + 14"),
                     "2077-11-14")
    assert not slipped["sum copies its four terms"]


def test_the_session_5_form_and_a_slip_in_it():
    s5 = ("Weekday of March 14, 2077: century 20 = 5 x 4 + 0, key 6; year 77 = 19 x 4 + 1, 77 + 19 = 96; March's "
          "key is 3; day 14. 6 + 96 = 102; 102 + 3 = 105; 105 + 14 = 119 = 17 x 7 + 0: Sunday (0 = Sunday).")
    steps = _check(s5, "2077-03-14")
    assert all(steps.values()) and "year / 28 and remainder" not in steps and "sum: + day" in steps
    slipped = _check(s5.replace("19 x 4 + 1", "19 x 4 + 2"), "2077-03-14")
    assert [k for k, ok in slipped.items() if not ok] == ["year / 4 and remainder"]


def test_the_28_year_form_and_a_slip_in_it():
    """The form measured in session 6 (runs/weekday-28), the year brought under 28 before its / 4."""
    s6 = ("Weekday of March 14, 2077: century 20 = 5 x 4 + 0, key 6; year 77 = 2 x 28 + 21, 21 = 5 x 4 + 1, "
          "21 + 5 = 26; March's key is 3; day 14. 6 + 26 = 32; 32 + 3 = 35; 35 + 14 = 49 = 7 x 7 + 0: Sunday "
          "(0 = Sunday).")
    steps = _check(s6, "2077-03-14")
    assert all(steps.values()) and "year / 28 and remainder" in steps
    slipped = _check(s6.replace("2 x 28 + 21, 21 =", "2 x 28 + 22, 21 ="), "2077-03-14")
    assert [k for k, ok in slipped.items() if not ok] == ["year / 28 and remainder", "year under 28 carried to the / 4"]


def test_the_four_term_form_and_a_slip():
    old = ("Weekday of March 5, 2024: century 20 = 5 x 4 + 0, key 6; year 24 = 6 x 4 + 0, 24 + 6 = 30; March's "
           "key is 3; day 5. 6 + 30 + 3 + 5 = 44 = 6 x 7 + 2: Tuesday (0 = Sunday).")
    steps = _check(old, "2024-03-05")
    assert all(steps.values()) and "sum of the four terms at once" in steps
    slipped = _check(old.replace("key is 3", "key is 4").replace("+ 3 + 5 = 44", "+ 4 + 5 = 44"), "2024-03-05")
    assert [k for k, ok in slipped.items() if not ok] == ["month key (lookup)", "sum of the four terms at once"]


COUNTED = ("Weekday of November 14, 2077: year 77: 28, 56, 84 > 77, so 2 x 28 = 56, 77 - 56 = 21; 21: 4, 8, 12, 16, "
           "20, 24 > 21, so 5 x 4 = 20, 21 - 20 = 1, 21 + 5 = 26. Century 20 = 5 x 4 + 0, key 6: 26 + 6 = 32. "
           "November's key is 3: 32 + 3 = 35. Day 14: 35 + 14 = 49; 7, 14, 21, 28, 35, 42, 49, 56 > 49, so 7 x 7 = "
           "49, 49 - 49 = 0: Sunday (0 = Sunday).")


def test_the_counted_form_and_its_slips():
    """runs/weekday-cu (session 7, not on main): the multiples counted up to the first above n before each
    division."""
    steps = _check(COUNTED, "2077-11-14")
    assert all(steps.values()) and "total / 7: stops at the first multiple above n" in steps
    late = _check(COUNTED.replace("49, 56 > 49, so 7 x 7 = 49, 49 - 49 = 0: Sunday",
                                  "49, 56, 63 > 49, so 8 x 7 = 56, 49 - 56 = 3: Wednesday"), "2077-11-14")
    assert [k for k, ok in late.items() if not ok] == ["total / 7 and remainder",
                                                       "total / 7: stops at the first multiple above n",
                                                       "total / 7: the quotient (the largest q with q x 7 <= n)",
                                                       "total / 7: the subtraction"]
    skipped = _check(COUNTED.replace("21: 4, 8, 12, 16, 20", "21: 4, 8, 12, 20"), "2077-11-14")
    assert [k for k, ok in skipped.items() if not ok] == ["year / 4: counts up the multiples of 4"]
    taken = _check(COUNTED.replace("56 > 49, so 7 x 7 = 49, 49 - 49 = 0", "56 > 49, so 6 x 7 = 42, 49 - 42 = 7"),
                   "2077-11-14")
    assert not taken["total / 7: takes the multiple before the stop"] and taken["total / 7: the multiple (q x 7)"]


def test_counts_are_found_in_outputs_that_do_not_parse():
    """A count that runs on past n, to the end of the output, is still found and scored."""
    assert [c["stops at the first multiple above n"] for c in ws.counts(COUNTED)] == [True, True, True]
    runaway = "Day 14: 35 + 14 = 49; 7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 75, 84, 91"
    assert ws.parse(runaway) is None
    (c,) = ws.counts(runaway)
    assert c["k"] == 7 and c["runs past n"] and not c["closed"] and c["in order up to n"] and not c["in order"]
    assert ws.counts(weekday_steps(dt.date(2077, 11, 14))) == ws.counts(INTERLEAVED) == []  # nothing counted
    assert not ws.counts("21: 4, 8, 12, 16, 20, 24 > 22")[0]["stops at the first multiple above n"]  # "> n" of another n


def test_main_counts_whole_derivations(tmp_path, monkeypatch, capsys):
    """The bench's summary line: outputs in the rule's format, and those right at every step."""
    import json
    import sys

    (tmp_path / "eval").mkdir()
    slipped = LISTED.replace("70s key 3, 3 + 7 = 10", "70s key 4, 4 + 7 = 11")
    rows = [{"suite": "weekday", "model": "student", "prompt": "What day of the week is 2077-11-14?", "output": out,
             "correct": ok} for out, ok in ((LISTED, True), (slipped, True), ("It is a Sunday.", True))]
    (tmp_path / "eval" / "samples.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    monkeypatch.setattr(sys, "argv", ["weekday_steps.py", str(tmp_path)])
    ws.main()
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith("3 weekday outputs, 3 correct, 2 in the rule's format, 1 right at every step "
                          "(1 of them answered right)"), first


def test_main_splits_by_date_style_and_wrong_answers_by_their_restated_date(tmp_path, monkeypatch, capsys):
    """The right answers per date style of the question, and the wrong answers in the rule's format split into
    those that restated the question's date wrong and those that slipped later."""
    import json
    import sys

    (tmp_path / "eval").mkdir()
    slipped = LISTED.replace("70s key 3, 3 + 7 = 10", "70s key 4, 4 + 7 = 11")
    rows = [("What day of the week is 2077-11-14?", LISTED, True),
            ("What day of the week is 2077-11-15?", LISTED, False),  # November 14 restated: misread
            ("What day of the week is November 14, 2077?", slipped, False),
            ("What day of the week is 11/14/2077 (MM/DD/YYYY)?", "It is a Sunday.", True)]
    (tmp_path / "eval" / "samples.jsonl").write_text("\n".join(json.dumps(
        {"suite": "weekday", "model": "student", "prompt": q, "output": out, "correct": ok}) for q, out, ok in rows))
    monkeypatch.setattr(sys, "argv", ["weekday_steps.py", str(tmp_path)])
    ws.main()
    out = capsys.readouterr().out.splitlines()
    assert "correct by the question's date style: ISO 1/2, MM/DD/YYYY 1/1, words 0/1" in out, out
    assert "wrong answers in the rule's format: 1 restated the date wrong, 1 restated it right and slipped later" in out
