"""Reading dates and words out of what a person typed."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patients.search_terms import MAX_SEARCH_WORDS, parse_date, split_search_query

APRIL_12 = date(1961, 4, 12)


@pytest.mark.parametrize(
    "text",
    [
        "1961-04-12",
        "04/12/1961",
        "4/12/1961",
        "12 Apr 1961",
        "12 april 1961",
        "Apr 12, 1961",
        "April 12 1961",
        " 12  Apr  1961 ",
        "12-Apr-1961",
        "12 Apr. 1961",
    ],
)
def test_accepted_date_forms(text):
    assert parse_date(text) == APRIL_12


@pytest.mark.parametrize(
    "text",
    ["04/12/61", "1961-13-01", "02/30/1961", "12 Foo 1961", "smith", "", "1961", "0000-01-01"],
)
def test_refused_dates(text):
    assert parse_date(text) is None


def test_us_order_is_month_first():
    assert parse_date("01/02/2000") == date(2000, 1, 2)


def test_split_finds_dates_among_words():
    terms = split_search_query("smith 04/12/1961")
    assert terms.dates == (APRIL_12,)
    assert terms.words == ("smith",)


def test_split_a_named_month_date_is_not_three_words():
    terms = split_search_query("12 Apr 1961")
    assert terms.dates == (APRIL_12,)
    assert terms.words == ()


def test_split_keeps_an_mrn_as_a_word():
    assert split_search_query("N-1001").words == ("N-1001",)


def test_split_caps_the_number_of_words():
    assert len(split_search_query("a b c d e f g h").words) == MAX_SEARCH_WORDS


@given(st.text(max_size=300))
def test_split_never_crashes(text):
    terms = split_search_query(text)
    assert len(terms.words) <= MAX_SEARCH_WORDS
