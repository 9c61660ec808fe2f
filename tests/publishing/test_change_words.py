"""Unusual change in a force's series, said as people say it: no rule names, no SPC terms, months in words."""

from datetime import date

from openpeel.indicators.read import Point
from openpeel.publishing.charts import change_sentences, change_words


def month(i: int, value: float, *signals: str) -> Point:
    return Point(date(2024, i, 1), 100, value, None, None, False, signals)


def test_a_run_at_the_end_of_the_series_is_the_last_months_all_above_the_average():
    shown = [month(i, 10) for i in range(1, 6)] + [month(i, 14, "run: deterioration") for i in range(6, 13)]
    assert change_sentences(shown, mean=11.5) == [
        "the last 7 months (June 2024 to December 2024) were all above the average"
    ]


def test_a_month_outside_the_range_earlier_on_is_named_by_its_month():
    shown = [month(1, 10), month(2, 2, "beyond_limit: improvement"), month(3, 10)]
    assert change_sentences(shown, mean=9) == ["February 2024 was below the usual range"]


def test_a_months_signals_in_the_table_are_words_with_better_or_worse():
    assert change_words(("run: deterioration",)) == "7 or more months in a row on one side of the average (worse)"
    assert change_words(("two_of_three: improvement", "beyond_limit: improvement")) == (
        "2 of 3 months near the edge of the usual range (better); outside the usual range (better)"
    )
    assert change_words(()) == ""
