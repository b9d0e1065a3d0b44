"""bench/timezone_steps.py, the step-by-step diagnostic of time-zone conversions: every step of the calculator's
own derivations checks out, over training and held-out wordings, and a slip fails the step it is in first."""

import re

from _bench import assert_slips_fail_first, calculator_outputs, first_wrong, load, run_with_samples

ts = load("timezone_steps")


def _examples(n=120, held_out=False, options=None):
    return calculator_outputs("timezone", options or {}, n, 5, held_out)


def _steps(prompt, output):
    m = ts.FORM.search(output)
    assert m, output
    return ts.check(m, prompt, output)


def test_the_calculators_own_derivations_pass_every_step():
    for held_out, options in ((False, None), (True, None), (False, {"minute_steps": True})):
        for prompt, output in _examples(held_out=held_out, options=options):
            steps = _steps(prompt, output)
            assert len(steps) == 10 and all(steps.values()), (prompt, output, steps)
            assert all(ok for _, ok in ts.offsets_written(ts.FORM.search(output)))
            assert all(ok for _, ok in ts.sums_written(ts.FORM.search(output)))


def _first_wrong(prompt, output):
    return first_wrong(_steps(prompt, output))


def test_a_slip_fails_its_own_step_first():
    prompt = "It is 22:15 on 2000-10-30 in Australia/Sydney. What are the date and time in Asia/Tokyo?"
    good = ("At 2000-10-30 22:15 Australia/Sydney is at UTC+11:00. 22:15 - 11 h = 11:15 UTC on 2000-10-30. "
            "Then Asia/Tokyo is at UTC+09:00. 11:15 + 9 h = 20:15 on 2000-10-30.\nAnswer: 2000-10-30 20:15")
    slips = {  # Sydney's standard offset on a date in its daylight saving time, carried through consistently
        "source offset at the wall time": good.replace("UTC+11:00. 22:15 - 11 h = 11:15",
                                                       "UTC+10:00. 22:15 - 10 h = 12:15")
        .replace("11:15 + 9 h = 20:15", "12:15 + 9 h = 21:15").replace("20:15", "21:15"),
        "to UTC: the offset applied, sign opposite": good.replace("22:15 - 11 h = 11:15", "22:15 + 11 h = 09:15"),
        "to UTC: the time": good.replace("= 11:15 UTC", "= 10:15 UTC"),
        "to UTC: the date": good.replace("UTC on 2000-10-30", "UTC on 2000-10-29"),
        "moment and zones restated from the question": good.replace("At 2000-10-30 22:15", "At 2000-10-30 22:45"),
        "target offset at the UTC moment": good.replace("UTC+09:00. 11:15 + 9 h = 20:15",
                                                        "UTC+08:00. 11:15 + 8 h = 19:15"),
        "from UTC: the date": good.replace("20:15 on 2000-10-30.", "20:15 on 2000-10-31."),
        "answer line = the derivation's result": good.replace("Answer: 2000-10-30 20:15", "Answer: 2000-10-30 20:45"),
    }
    assert_slips_fail_first(_steps, prompt, good, slips)


def test_offset_kinds():
    m = ts.FORM.search("At 2000-10-30 22:15 Australia/Sydney is at UTC+10:00. 22:15 - 10 h = 12:15 UTC on 2000-10-30. "
                       "Then UTC is at UTC+00:00. 12:15 = 12:15 on 2000-10-30.")
    assert ts.offsets_written(m) == [("DST that year, in it", False), ("UTC", True)]
    m = ts.FORM.search("At 2001-07-12 05:15 Asia/Kolkata is at UTC+05:30. 05:15 - 5 h 30 min = 23:45 UTC on "
                       "2001-07-11. "
                       "Then Europe/London is at UTC+01:00. 23:45 + 1 h = 00:45 on 2001-07-12.")
    assert ts.offsets_written(m) == [("no DST that year", True), ("DST that year, in it", True)]
    assert _steps("It is 05:15 on July 12, 2001 in Asia/Kolkata. What are the date and time in Europe/London?",
                  m[0] + "\nAnswer: 2001-07-12 00:45")["from UTC: the date"]


def test_main_prints_the_steps_and_the_first_wrong_one(tmp_path, capsys):
    rows = []
    for i, (prompt, output) in enumerate(_examples(12, held_out=True)):
        wrong = i % 3 == 0
        if wrong:  # the source offset an hour off, nothing else changed
            output = re.sub(r"is at UTC([+-])(\d\d)", lambda m: f"is at UTC{m[1]}{int(m[2]) + 1:02d}", output, count=1)
        rows.append((prompt, output, not wrong))
    ts.main([str(run_with_samples(tmp_path, "timezone", rows))])
    out = capsys.readouterr().out
    assert "12 timezone outputs, 8 right, 12 in the calculator's form" in out
    assert "   8 / 12   source offset at the wall time" in out
    assert "wrong answers by their first wrong step (4):" in out and "4  source offset at the wall time" in out


def test_minute_steps_are_read_and_their_result_checked():
    """With `minute_steps` (session 42) a sum with an offset's minutes is written in steps before its result;
    the result is what is checked."""
    prompt = "It is 22:40 on 2016-05-02 in Asia/Kolkata. What are the date and time in America/Sao_Paulo?"
    good = ("At 2016-05-02 22:40 Asia/Kolkata is at UTC+05:30. 22:40 - 5 h 30 min: minutes 40 - 30 = 10; hours 22 - "
            "5 = 17, so 17:10 UTC on 2016-05-02. Then America/Sao_Paulo is at UTC-03:00. 17:10 - 3 h = 14:10 on "
            "2016-05-02.\nAnswer: 2016-05-02 14:10")
    assert _first_wrong(prompt, good) is None
    assert _first_wrong(prompt, good.replace("= 17, so 17:10 UTC", "= 17, so 18:10 UTC")) == "to UTC: the time"


def test_time_sums_by_offset_and_day():
    m = ts.FORM.search("At 2001-07-12 05:15 Asia/Kolkata is at UTC+05:30. 05:15 - 5 h 30 min = 23:45 UTC on "
                       "2001-07-11. Then Europe/London is at UTC+01:00. 23:45 + 1 h = 00:45 on 2001-07-12.")
    assert ts.sums_written(m) == [("hours and minutes, day crossed", True), ("whole hours, day crossed", True)]
    # the minutes moved and the hour's carry lost (runs/tz-3x wrote this); a zero offset is no sum
    m = ts.FORM.search("At 2001-07-12 13:45 UTC is at UTC+00:00. 13:45 = 13:45 UTC on 2001-07-12. Then Asia/Kolkata "
                       "is at UTC+05:30. 13:45 + 5 h 30 min = 18:15 on 2001-07-12.")
    assert ts.sums_written(m) == [("hours and minutes, day kept", False)]
