"""bench/clock_steps.py, the step-by-step diagnostic of clock arithmetic: every step of the calculator's own
derivations checks out with its `sums` and `two_term_hours` options too, and a slip fails the step it is in
first; bench/_samples.add_in_order keeps steps only some derivations have in their place."""

from _bench import assert_slips_fail_first, calculator_outputs, first_wrong, load, run_with_samples

cs = load("clock_steps")
from bench._samples import add_in_order  # noqa: E402  (clock_steps put the repository on the path)


def _examples(options, n=120, held_out=False):
    return calculator_outputs("clock_add_minutes", options, n, 8, held_out)


def _first_wrong(prompt, output):
    return first_wrong(cs.check(prompt, output))


def test_the_calculators_own_derivations_pass_every_step():
    for options in ({}, {"sums": "chain"}, {"sums": "carry", "two_term_hours": True}, {"twelve_steps": True}):
        for held_out in (False, True):
            for prompt, output in _examples(options, held_out=held_out):
                steps = cs.check(prompt, output)
                assert steps and all(steps.values()), (options, prompt, output, steps)


def test_a_slip_fails_its_own_step_first():
    prompt = "Starting from 7:59 PM, move the clock 74 minutes forward. What time is it?"
    good = ("Start: 7:59 PM = 19:59. 74: 1 x 60 = 60; 74 - 60 = 14: 1 h 14 min. Minutes: 59 + 14 = 73; 73 - 60 = 13, "
            "one hour more. Hours: 19 + 1 + 1 = 21. Result: 21:13. 21:13 = 9:13 PM.\nAnswer: 9:13 PM")
    slips = {
        "start restated from the question": good.replace("Start: 7:59 PM", "Start: 7:39 PM"),
        "start read to 24 hours": good.replace("PM = 19:59", "PM = 07:59"),
        "split: the shift copied from the question": good.replace("74: 1 x 60 = 60; 74 - 60",
                                                                  "47: 1 x 60 = 60; 47 - 60"),
        "split: the remainder reached": good.replace("74 - 60 = 14: 1 h 14 min", "74 - 60 = 4: 1 h 4 min"),
        "minutes: the sign, the question's direction": good.replace("59 + 14 = 73; 73 - 60 = 13, one hour more",
                                                                    "59 - 14 = 45"),
        "minutes: every equation holds": good.replace("59 + 14 = 73", "59 + 14 = 63"),
        # every equation holds; the carry left out
        "minutes: the hour carried exactly when past the hour": good.replace(", one hour more.", "."),
        "hours: the start's hour": good.replace("Hours: 19 + 1 + 1 = 21", "Hours: 17 + 1 + 1 = 19"),
        "hours: every equation holds": good.replace("19 + 1 + 1 = 21", "19 + 1 + 1 = 22"),
        "result: the hour and minutes reached": good.replace("Result: 21:13. 21:13 = 9:13 PM",
                                                             "Result: 21:31. 21:31 = 9:31 PM"),
        "result: read to 12 hours": good.replace("= 9:13 PM.", "= 9:13 AM."),
        "answer line = the result": good.replace("Answer: 9:13 PM", "Answer: 9:13 AM"),
    }
    assert_slips_fail_first(cs.check, prompt, good, slips)
    back = ("Start: 00:11. 299: 4 x 60 = 240; 299 - 240 = 59: 4 h 59 min. Minutes: 11 - 59 needs a borrow: "
            "11 + 60 = 71; 71 - 59 = 12, one hour less. Hours: 0 - 4 - 1 = -5; -5 + 24 = 19. Result: 19:12."
            "\nAnswer: 19:12")
    q = "Starting from 00:11, move the clock 299 minutes backward. What time is it?"
    assert _first_wrong(q, back) is None
    too_few = back.replace("299: 4 x 60 = 240; 299 - 240 = 59: 4 h 59 min",
                           "299: 3 x 60 = 180; 299 - 180 = 119: 3 h 119 min")
    assert _first_wrong(q, too_few) == "split: the quotient by 60"
    # the wrap past midnight left out: every equation holds
    assert _first_wrong(q, back.replace("= -5; -5 + 24 = 19. Result: 19:12", "= -5. Result: 05:12")) == \
        "hours: the hour reached, one wrap at most"


def test_twelve_steps_readings_are_checked():
    """clock's `twelve_steps` (session 41) writes each reading by its rule; a wrong rule fails the reading."""
    prompt = "Starting from 10:26 PM, move the clock 74 minutes forward. What time is it?"
    good = ("Start: 10:26 PM: 10 + 12 = 22, so 22:26. 74: 1 x 60 = 60; 74 - 60 = 14: 1 h 14 min. Minutes: 26 + 14 = "
            "40. Hours: 22 + 1 = 23. Result: 23:40. 23 - 12 = 11, so 11:40 PM.\nAnswer: 11:40 PM")
    assert _first_wrong(prompt, good) is None
    assert _first_wrong(prompt, good.replace("10 + 12 = 22, so 22:26", "an AM hour stays, so 10:26")) == \
        "start read to 24 hours"
    assert _first_wrong(prompt, good.replace("23 - 12 = 11, so 11:40 PM", "23 - 12 = 11, so 11:40 AM")) == \
        "result: read to 12 hours"


def test_add_in_order():
    order = []
    add_in_order(order, ["start", "split", "minutes"])
    add_in_order(order, ["start", "read to 24 hours", "minutes", "12 hours"])
    assert order == ["start", "read to 24 hours", "split", "minutes", "12 hours"]


def test_main_prints_the_steps_and_the_first_wrong_one(tmp_path, capsys):
    rows = []
    for i, (prompt, output) in enumerate(_examples({}, n=20, held_out=True)):
        wrong = i % 5 == 0
        if wrong:  # the answer line garbled ("Answer: 119:13"), nothing else
            output = output.replace("\nAnswer: ", "\nAnswer: 1")
        rows.append((prompt, output, not wrong))
    cs.main([str(run_with_samples(tmp_path, "clock_add_minutes", rows))])
    out = capsys.readouterr().out
    assert "20 clock_add_minutes outputs, 16 right, 20 in the calculator's form" in out
    assert "  16 / 20   answer line = the result" in out and "4  answer line = the result" in out
