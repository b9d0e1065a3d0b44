"""bench/date_add_months_steps.py, the step-by-step diagnostic of month and year shifts: every step of the
calculator's own derivations checks out with its options off and on, and a slip fails the step it is in first."""

from _bench import assert_slips_fail_first, calculator_outputs, first_wrong, load, run_with_samples

ms = load("date_add_months_steps")


def _examples(options, n=100, held_out=False):
    return calculator_outputs("date_add_months", options, n, 6, held_out)


def _first_wrong(prompt, output):
    return first_wrong(ms.check(prompt, output))


def test_the_calculators_own_derivations_pass_every_step():
    for options in ({"year_digits": False, "quote": False}, {}, {"read_dates": True, "year_borrow": True},
                    {"year_two_term": True}, {"year_two_term": True, "year_borrow": True}):
        for held_out in (False, True):
            for prompt, output in _examples(options, held_out=held_out):
                steps = ms.check(prompt, output)
                assert steps and all(steps.values()), (options, prompt, output, steps)
                assert ("quote: the question's words copied" in steps) == options.get("quote", True)
    assert ms.forward("17 months after") and ms.forward("+ 3 months") and ms.forward("5 calendar years forward")
    assert not ms.forward("17 months before") and not ms.forward("- 3 months") and not ms.forward("2 years ago")


def test_a_slip_fails_its_own_step_first():
    prompt = "My subscription renews 14 months before 1948-03-31. On which date?"
    good = ('Asked: "14 months before". 1948-03-31 - 14 months: 14 = 1 x 12 + 2: 1 year and 2 months back. March '
            "is month 3; 3 - 2 = 1: January. 1948 ends in 48: 48 - 1 = 47, so 1947: January 1947.\nAnswer: 1947-01-31")
    slips = {
        "quote: the question's words copied": good.replace('"14 months before"', '"14 months"'),
        "header: the start date": good.replace("1948-03-31 - 14", "1948-03-13 - 14"),
        "header: the amount and unit": good.replace("- 14 months:", "- 14 years:"),
        # the renewal read as after, the quote right: both signs checked, the question's first
        "header: the sign, the question's direction": good.replace("1948-03-31 - 14", "1948-03-31 + 14"),
        "every equation after the header holds": good.replace("3 - 2 = 1: January", "3 - 2 = 2: January"),
        # every equation holds, on the wrong operand: the year moved by 2 (the months) instead of 1
        "month and year reached, from the header": good.replace("48 - 1 = 47, so 1947: January 1947",
                                                                "48 - 2 = 46, so 1946: January 1946"),
        "answer: the month and year reached": good.replace("Answer: 1947-01-31", "Answer: 1947-02-28"),
        "answer: the day, clamped to the month": good.replace("Answer: 1947-01-31", "Answer: 1947-01-30"),
    }
    assert_slips_fail_first(ms.check, prompt, good, slips)
    clamped = ("1948-03-31 - 1 month: March is month 3; 3 - 1 = 2: February. So February 1948. February 1948 has 29 "
               "days, so day 31 is clamped to 29.\nAnswer: 1948-02-29")
    assert _first_wrong("What date is 1 month before 1948-03-31?", clamped) is None
    assert _first_wrong("What date is 1 month before 1948-03-31?", clamped.replace("02-29", "02-28")) == \
        "answer: the day, clamped to the month"


def test_main_prints_the_steps_and_the_wordings(tmp_path, capsys):
    rows = []
    for i, (prompt, output) in enumerate(_examples({}, n=16, held_out=True)):
        wrong = i % 4 == 0
        if wrong:  # the header's sign flipped, nothing else changed
            head = ms.HEADER.search(output)
            at = head.start(4)
            output = output[:at] + "+-"[output[at] == "+"] + output[at + 1:]
        rows.append((prompt, output, not wrong))
    ms.main([str(run_with_samples(tmp_path, "date_add_months", rows))])
    out = capsys.readouterr().out
    assert "16 date_add_months outputs, 12 right, 16 with the calculator's header" in out
    assert "  12 / 16   header: the sign, the question's direction" in out
    assert "4  header: the sign, the question's direction" in out
    assert "renews" in out and "move ... calendar" in out
