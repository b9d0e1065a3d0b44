"""bench/duration_steps.py, the step-by-step diagnostic of from_seconds splits: every step of the calculator's own
derivations checks out in each of its forms (two-term, `lead_digits`, `ladder`, `quote`), and a slip fails the
step it is in first, a leading-digit step whose equations hold but which the calculator would not write too."""

from _bench import assert_slips_fail_first, calculator_outputs, first_wrong, load, run_with_samples

ds = load("duration_steps")

FORMS = ({}, {"lead_digits": True}, {"lead_digits": True, "ladder": True}, {"ladder": True, "quote": True})


def _examples(options, n=80, held_out=False):
    return calculator_outputs("duration", {**options, "questions": ["from_seconds"]}, n, 4, held_out)


def _steps(prompt, output):
    m = ds.FORM.search(output)
    assert m, output
    return ds.check(m, prompt)


def test_the_calculators_own_derivations_pass_every_step():
    for options in FORMS:
        for held_out in (False, True):
            for prompt, output in _examples(options, held_out=held_out):
                assert ds.is_from_seconds(prompt), prompt
                steps = _steps(prompt, output)
                assert all(steps.values()), (options, output, steps)
                assert ("hours: the ladder stops at the first multiple past n" in steps) == bool(options.get("ladder"))
    other = calculator_outputs("duration", {"questions": ["add", "sub", "to_seconds"]}, 80, 4, True)
    assert not any(ds.is_from_seconds(q) for q, _ in other)


def _first_wrong(prompt, output):
    return first_wrong(_steps(prompt, output))


def test_a_slip_fails_its_own_step_first():
    prompt = "A video is 38364 seconds long. How many hours, minutes and seconds is that?"
    good = ("38364: 3600 (1), 7200 (2), 10800 (3), 14400 (4), 18000 (5), 21600 (6), 25200 (7), 28800 (8), 32400 (9), "
            "36000 (10), 39600 (11) is more than 38364, so 10 x 3600 = 36000; 38364 - 36000: 38 - 36 = 2, so 2364. "
            "2364: 39 x 60 = 2340; 2364 - 2340: 2 - 2 = 0, so 364; 3 - 3 = 0, so 64; 6 - 4 = 2, so 24. "
            "So 10 h 39 min 24 s.")
    plain = good[:7] + good[good.index("10 x 3600"):]  # without the ladder
    assert plain.startswith("38364: 10 x 3600 = 36000; ")
    assert _first_wrong(prompt, good) is None and _first_wrong(prompt, plain) is None
    slips = {
        "the number copied from the question": good.replace("38364", "38634"),
        "hours: the ladder's multiples right": good.replace("25200 (7)", "25300 (7)"),
        "hours: the ladder counted in order": good.replace("14400 (4), ", ""),  # a rung skipped
        "hours: the ladder stops at the first multiple past n": good.replace(", 39600 (11) is more", " is more"),
        "hours: the quotient": plain.replace(
            "10 x 3600 = 36000; 38364 - 36000: 38 - 36 = 2, so 2364",
            "9 x 3600 = 32400; 38364 - 32400: 38 - 32 = 6, so 6364; 63 - 4 = 59, so 5964"),
        "hours: the quotient is the ladder's last count - 1": good.replace("so 10 x 3600 = 36000",
                                                                           "so 11 x 3600 = 36000"),
        # every equation holds, but 36000 has no hundreds to take: 3600's 6 copied
        "hours: the subtraction, as the calculator writes it": good.replace(
            "so 2364. 2364:", "so 2364; 23 - 6 = 17, so 1764. 2364:"),
        "minutes: the remainder copied": good.replace("2364. 2364:", "2364. 2634:"),
        "minutes: the product": good.replace("39 x 60 = 2340", "39 x 60 = 2350"),
        "the answer: hours, minutes and seconds reached": good.replace("So 10 h 39 min 24 s", "So 10 h 39 min 42 s"),
    }
    assert_slips_fail_first(_steps, prompt, good, slips)


def test_main_counts_the_remainder_after_a_right_quotient(tmp_path, capsys):
    rows = []
    for i, (prompt, output) in enumerate(_examples({"lead_digits": True}, n=12, held_out=True)):
        wrong = i % 4 == 0
        if wrong:  # the seconds read off wrong, nothing before them changed
            output = output.replace(" s.", "1 s.")
        rows.append((prompt, output, not wrong))
    rows.append(("Add 1:00:00 and 0:30:00.", "x", False))  # not a from_seconds question: not read
    # a ladder counted on past the number until the budget cut it (session 41, runs/cd-3x-tl)
    rows.append(("A video is 7300 seconds long. How many hours, minutes and seconds is that?",
                 "7300: 3600 (1), 7200 (2), 10800 (3), 14400 (4), 18000 (5), 21600 (6), 25200 (", False))
    ds.main([str(run_with_samples(tmp_path, "duration", rows))])
    out = capsys.readouterr().out
    assert "13 from_seconds outputs, 9 right, 12 in the calculator's two-term form" in out
    assert "1  the ladder never stops (counted past the number until cut)" in out
    assert "hours: the remainder reached where the quotient and product are right: 12 of 12" in out
    assert "3  the answer: hours, minutes and seconds reached" in out
