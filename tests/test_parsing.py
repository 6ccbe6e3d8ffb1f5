from datetime import date

import pytest

from police_breaches.core.errors import InputError
from police_breaches.sources.parsing import parse_count, parse_period


@pytest.mark.parametrize("cell, value, status", [
    ("7", 7, "reported"),
    (" 12 ", 12, "reported"),
    ("1,283", 1283, "reported"),
    ("0", 0, "reported"),
    ("No cases.", 0, "nil"),
    ("No information is held", None, "not_held"),
    ("figures not revealed", None, "not_revealed"),
    ("<5", None, "suppressed"),
    ("Refused under section 31", None, "refused"),
])
def test_counts_and_statuses(vocab, cell, value, status):
    count = parse_count(cell, vocab.statuses, "f.csv", 2)
    assert (count.value, count.status) == (value, status)


def test_a_status_column_beside_an_empty_value(vocab):
    count = parse_count("", vocab.statuses, "f.csv", 2, status_hint="figures not revealed")
    assert (count.value, count.status) == (None, "not_revealed")


@pytest.mark.parametrize("cell, problem", [
    ("-1", "negative count"),
    ("2.5", "fractional count"),
    ("", "missing value"),
    ("lots", "neither a whole number nor a known status"),
])
def test_bad_counts_name_file_row_and_problem(vocab, cell, problem):
    with pytest.raises(InputError) as err:
        parse_count(cell, vocab.statuses, "data/raw/x.csv", 9)
    assert str(err.value).startswith("data/raw/x.csv, row 9: ")
    assert problem in str(err.value)


@pytest.mark.parametrize("text, start, end", [
    ("2014", date(2014, 1, 1), date(2014, 12, 31)),
    ("2017/18", date(2017, 4, 1), date(2018, 3, 31)),
    ("April 2011", date(2011, 4, 1), date(2011, 4, 30)),
    ("February 2012", date(2012, 2, 1), date(2012, 2, 29)),
    ("Apr-19", date(2019, 4, 1), date(2019, 4, 30)),
    ("March 2004- July 2009", date(2004, 3, 1), date(2009, 7, 31)),
    ("2004- September 2012", date(2004, 1, 1), date(2012, 9, 30)),
    ("January – February 2013", date(2013, 1, 1), date(2013, 2, 28)),
    ("November 2012- February 2013", date(2012, 11, 1), date(2013, 2, 28)),
    ("2011-06-01/2015-12-31", date(2011, 6, 1), date(2015, 12, 31)),
])
def test_periods_become_explicit_start_and_end(text, start, end):
    period = parse_period(text, "f.csv", 2)
    assert (period.start, period.end) == (start, end)


def test_date_not_recorded_keeps_the_year_and_says_so():
    period = parse_period("2011 (Date   not recorded)", "f.csv", 4)
    assert (period.start, period.end) == (date(2011, 1, 1), date(2011, 12, 31))
    assert period.note == "exact date not recorded"


@pytest.mark.parametrize("text, problem", [
    ("July 2013 - March 2012", "ends before it starts"),
    ("2017/19", "consecutive years"),
    ("soon", "cannot read the period"),
])
def test_bad_periods(text, problem):
    with pytest.raises(InputError, match=problem):
        parse_period(text, "f.csv", 3)


@pytest.mark.parametrize("text, year", [("Dec-99", 1999), ("Apr-19", 2019), ("Jan-68", 2068), ("Jan-69", 1969)])
def test_two_digit_years_are_read_as_strptime_reads_them(text, year):
    assert parse_period(text, "f.csv", 2).start.year == year


def test_a_nil_status_beside_an_empty_value_is_a_real_zero(vocab):
    count = parse_count("", vocab.statuses, "f.csv", 2, status_hint="No cases.")
    assert (count.value, count.status) == (0, "nil")
