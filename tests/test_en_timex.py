"""English time expressions (kg.lang.en.timex): matching, spans and resolution."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.lang.en.timex import find_times

D = dt.date
WED = D(2020, 5, 6)  # a Wednesday
MON = D(2020, 5, 4)  # a Monday


def times(text, pub):
    found = find_times(text, pub)
    for t in found:
        assert text[t.start : t.end] == t.text
    return [(t.text, t.date) for t in found]


@pytest.mark.parametrize(
    ("text", "pub", "expected"),
    [
        # explicit dates: no publication date needed
        ("killed on 5 May 2020 in Idlib", None, [("5 May 2020", D(2020, 5, 5))]),
        ("killed on May 5, 2020 in Idlib", None, [("May 5, 2020", D(2020, 5, 5))]),
        ("on May 5 2020", None, [("May 5 2020", D(2020, 5, 5))]),
        ("on the 5th of May 2020", None, [("5th of May 2020", D(2020, 5, 5))]),
        ("on Monday, May 4, 2020, a", None, [("Monday, May 4, 2020", D(2020, 5, 4))]),
        ("on Monday 4 May 2020", WED, [("Monday 4 May 2020", D(2020, 5, 4))]),
        ("on 2020-05-05 at", None, [("2020-05-05", D(2020, 5, 5))]),
        ("on 3 Sept. 2019 there", None, [("3 Sept. 2019", D(2019, 9, 3))]),
        ("on Dec 3, 2019", None, [("Dec 3, 2019", D(2019, 12, 3))]),
        ("on 31 February 2020", None, [("31 February 2020", None)]),
        # day and month without a year: the most recent on or before the publication date
        ("on May 5 the army", WED, [("May 5", D(2020, 5, 5))]),
        ("on 5 May the army", WED, [("5 May", D(2020, 5, 5))]),
        ("on the 5th of May", WED, [("5th of May", D(2020, 5, 5))]),
        ("on 6 May", WED, [("6 May", D(2020, 5, 6))]),
        ("on 7 May", WED, [("7 May", D(2019, 5, 7))]),
        ("on December 30", D(2021, 1, 2), [("December 30", D(2020, 12, 30))]),
        ("on 29 February", D(2021, 3, 1), [("29 February", None)]),
        ("on May 5", None, [("May 5", None)]),
        # months: matched, never a date
        ("in May 2020", WED, [("May 2020", None)]),
        ("fighting in May killed", WED, [("May", None)]),
        ("In March the", WED, [("March", None)]),
        ("since mid-May", WED, [("mid-May", None)]),
        ("in early June", WED, [("early June", None)]),
        # relative days
        ("today", WED, [("today", WED)]),
        ("Earlier today the", WED, [("Earlier today", WED)]),
        ("this morning", WED, [("this morning", WED)]),
        ("this afternoon", WED, [("this afternoon", WED)]),
        ("this evening", WED, [("this evening", WED)]),
        ("tonight", WED, [("tonight", WED)]),
        ("Yesterday, a drone", WED, [("Yesterday", D(2020, 5, 5))]),
        ("yesterday morning", WED, [("yesterday morning", D(2020, 5, 5))]),
        ("late yesterday", WED, [("late yesterday", D(2020, 5, 5))]),
        ("last night", WED, [("last night", D(2020, 5, 5))]),
        ("late last night", WED, [("late last night", D(2020, 5, 5))]),
        ("the day before yesterday", WED, [("the day before yesterday", D(2020, 5, 4))]),
        ("the night before last", WED, [("the night before last", D(2020, 5, 4))]),
        ("two days ago", WED, [("two days ago", D(2020, 5, 4))]),
        ("2 days ago", WED, [("2 days ago", D(2020, 5, 4))]),
        ("ten days ago", WED, [("ten days ago", D(2020, 4, 26))]),
        ("twelve days ago", WED, [("twelve days ago", D(2020, 4, 24))]),
        ("a day ago", WED, [("a day ago", D(2020, 5, 5))]),
        # weekdays: the most recent such day strictly before the publication date
        ("on Monday", WED, [("Monday", D(2020, 5, 4))]),
        ("on Tuesday", WED, [("Tuesday", D(2020, 5, 5))]),
        ("on Wednesday", WED, [("Wednesday", D(2020, 4, 29))]),
        ("on Thursday", WED, [("Thursday", D(2020, 4, 30))]),
        ("on Monday", MON, [("Monday", D(2020, 4, 27))]),
        ("on Sunday", MON, [("Sunday", D(2020, 5, 3))]),
        ("Monday night", WED, [("Monday night", D(2020, 5, 4))]),
        ("late on Monday", WED, [("late on Monday", D(2020, 5, 4))]),
        ("early Tuesday", WED, [("early Tuesday", D(2020, 5, 5))]),
        ("early Tuesday morning", WED, [("early Tuesday morning", D(2020, 5, 5))]),
        ("last Monday", WED, [("last Monday", D(2020, 5, 4))]),
        ("this past Sunday", WED, [("this past Sunday", D(2020, 5, 3))]),
        ("on MONDAY", WED, [("MONDAY", D(2020, 5, 4))]),
        ("Monday last week", WED, [("Monday last week", D(2020, 4, 27))]),
        ("on Friday of last week", WED, [("Friday of last week", D(2020, 5, 1))]),
        ("Friday last week", MON, [("Friday last week", D(2020, 5, 1))]),
        # weeks, months and longer: matched, no date
        ("last week", WED, [("last week", None)]),
        ("earlier this week", WED, [("earlier this week", None)]),
        ("this week", WED, [("this week", None)]),
        ("last month", WED, [("last month", None)]),
        ("earlier this month", WED, [("earlier this month", None)]),
        ("last year", WED, [("last year", None)]),
        ("a week ago", WED, [("a week ago", None)]),
        ("three weeks ago", WED, [("three weeks ago", None)]),
        ("two months ago", WED, [("two months ago", None)]),
        ("a few days ago", WED, [("a few days ago", None)]),
        ("in the past 24 hours", WED, [("past 24 hours", None)]),
        ("over the last two days", WED, [("last two days", None)]),
        # anchored on another event, or in the future: matched, no date
        ("a day earlier", WED, [("a day earlier", None)]),
        ("two days later", WED, [("two days later", None)]),
        ("the next day", WED, [("the next day", None)]),
        ("the previous day", WED, [("the previous day", None)]),
        ("tomorrow", WED, [("tomorrow", None)]),
        ("next Monday", WED, [("next Monday", None)]),
        ("Monday next week", WED, [("Monday next week", None)]),
        ("next week", WED, [("next week", None)]),
    ],
)
def test_find_times(text, pub, expected):
    assert times(text, pub) == expected


@pytest.mark.parametrize(
    "text",
    [
        "yesterday",
        "last night",
        "the day before yesterday",
        "today",
        "tonight",
        "on Monday",
        "last Monday",
        "two days ago",
        "5 May",
        "December 30",
        "Monday last week",
    ],
)
def test_no_publication_date_no_date(text):
    (found,) = find_times(text, None)
    assert found.date is None


@pytest.mark.parametrize(
    "text",
    [
        "the army may attack",
        "The army may 5 times",
        "Theresa May said",
        "May God have mercy",
        "protesters march 5 miles",
        "Black Friday sales",
        "on Good Friday",
        "Bloody Sunday",
        "the Mondays",
        "Mayor Smith",
        "on 05/06/2020",
        "mayday",
        "nothing here",
        "",
    ],
)
def test_no_match(text):
    assert find_times(text, WED) == []


def test_several_in_text_order_with_offsets():
    text = "A drone struck on Monday night; two days ago a shell hit. On 1 May 2020, yesterday."
    found = find_times(text, WED)
    assert [(t.text, t.date) for t in found] == [
        ("Monday night", D(2020, 5, 4)),
        ("two days ago", D(2020, 5, 4)),
        ("1 May 2020", D(2020, 5, 1)),
        ("yesterday", D(2020, 5, 5)),
    ]
    assert all(text[t.start : t.end] == t.text for t in found)
    assert [t.start for t in found] == sorted(t.start for t in found)


def test_offset_shifts_spans():
    text = "fighting on Monday"
    (plain,) = find_times(text, WED)
    (shifted,) = find_times(text, WED, offset=100)
    assert (shifted.start, shifted.end) == (plain.start + 100, plain.end + 100)
    assert shifted.text == plain.text == "Monday"


def test_longer_pattern_wins_over_overlap():
    # "the day before yesterday" is one expression, not "yesterday"; a full date holds its weekday
    assert times("the day before yesterday", WED) == [("the day before yesterday", D(2020, 5, 4))]
    assert times("Tuesday, 5 May 2020", D(2020, 6, 1)) == [("Tuesday, 5 May 2020", D(2020, 5, 5))]


def test_case_insensitive_relative_words():
    assert times("YESTERDAY", WED) == [("YESTERDAY", D(2020, 5, 5))]
    assert times("Two Days Ago", WED) == [("Two Days Ago", D(2020, 5, 4))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("after Friday prayers", [("Friday", D(2020, 5, 1))]),
        ("Saturday's strike", [("Saturday", D(2020, 5, 2))]),
        ("the army may, in May, attack", [("May", None)]),
        ("since March 2011", [("March 2011", None)]),
        ("March 15", [("March 15", D(2020, 3, 15))]),
    ],
)
def test_names_in_context(text, expected):
    assert times(text, WED) == expected


def test_long_text_is_linear_enough():
    text = "The army said on Monday that yesterday it may attack in May. " * 5000
    found = find_times(text, WED)
    assert len(found) == 15000
    assert all(text[t.start : t.end] == t.text for t in found)
