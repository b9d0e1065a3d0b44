import datetime as dt

import pytest

from specialist_kd.evaluate import extract_answer, parse_dates, parse_times, score_answer


@pytest.mark.parametrize(
    "text,want",
    [
        ("Answer: 2024-04-19", dt.date(2024, 4, 19)),
        ("It is April 19, 2024.", dt.date(2024, 4, 19)),
        ("that gives 19 April 2024", dt.date(2024, 4, 19)),
        ("the 19th of April 2024", dt.date(2024, 4, 19)),
        ("Apr 19 2024", dt.date(2024, 4, 19)),
        ("From 2024-03-05 we reach ... Answer: March 6, 2024", dt.date(2024, 3, 6)),
    ],
)
def test_date_parsing_formats(text, want):
    assert extract_answer("date", text) == want


def test_answer_line_wins_over_later_mentions_and_invalid_dates_are_skipped():
    assert extract_answer("integer", "5 + 10 = 15. Answer: 15 days (not 20)") == 15
    assert parse_dates("2023-02-30 and 2023-03-01") == [dt.date(2023, 3, 1)]
    assert extract_answer("weekday", "It was a sunny Monday... Answer: Tuesday") == "Tuesday"


def test_times_24h_and_12h():
    assert parse_times("13:05") == [785]
    assert parse_times("1:05 PM") == [785]
    assert parse_times("12:30 a.m.") == [30]
    assert parse_times("12:00 pm") == [720]
    assert score_answer("time", "The clock shows 1:05 p.m.", "13:05")
    assert not score_answer("time", "Answer: 13:06", "13:05")


def test_no_answer_is_wrong_not_an_error():
    assert not score_answer("date", "I cannot compute dates.", "2024-01-01")
    assert extract_answer("weekday", "no idea") is None
