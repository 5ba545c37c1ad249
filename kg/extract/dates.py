"""Date arithmetic every language's time expressions share, against the publication date.

A language pack's ``timex`` module finds its expressions; these functions turn them into
dates the same way in every language, so "أمس" and "yesterday" in articles of one day
give one date.

>>> import datetime as dt
>>> pub = dt.date(2020, 5, 6)  # a Wednesday
>>> relative_day("yesterday", pub), weekday_before(pub, 0), year_less(pub, 12, 30)
(datetime.date(2020, 5, 5), datetime.date(2020, 5, 4), datetime.date(2019, 12, 30))
"""

from __future__ import annotations

import bisect
import datetime as dt

__all__ = ["DAYS_BEFORE", "relative_day", "weekday_before", "year_less", "overlaps"]

#: Expressions of one day before the publication date, by how many days.
DAYS_BEFORE = {"today": 0, "yesterday": 1, "lastnight": 1, "dby": 2}


def relative_day(kind: str, pub: dt.date) -> dt.date | None:
    """The date of a :data:`DAYS_BEFORE` expression, or None for another kind."""
    days = DAYS_BEFORE.get(kind)
    return None if days is None else pub - dt.timedelta(days=days)


def weekday_before(pub: dt.date, weekday: int) -> dt.date:
    """The last ``weekday`` (Monday = 0) strictly before ``pub``.

    "Monday" in a Monday's news is the Monday of the week before.
    """
    return pub - dt.timedelta(days=(pub.weekday() - weekday) % 7 or 7)


def year_less(pub: dt.date, month: int, day: int) -> dt.date:
    """A day and month without a year: the last one on or before ``pub``.

    Raises:
        ValueError: no such day (30 February).
    """
    year = pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1
    return dt.date(year, month, day)


def overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of ``taken`` (sorted spans that do not overlap)."""
    i = bisect.bisect_left(taken, (start, end))
    return (i > 0 and taken[i - 1][1] > start) or (i < len(taken) and taken[i][0] < end)
