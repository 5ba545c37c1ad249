"""Arabic time expressions: find them in text and resolve relative ones against a publication date.

Without a publication date relative expressions stay unresolved (``date`` is None): a date is
never invented.

>>> import datetime as dt
>>> [(t.text, t.date) for t in find_times("أسقطت مساء أول من أمس طائرة", dt.date(2020, 5, 6))]
[('مساء أول من أمس', datetime.date(2020, 5, 4))]
>>> [(t.text, t.date) for t in find_times("في 27 ديسمبر 2007 قتل", None)]
[('27 ديسمبر 2007', datetime.date(2007, 12, 27))]
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from kg.extract.dates import DAYS_BEFORE, overlaps, relative_day, weekday_before, year_less
from kg.lang.ar.normalize import normalize_with_map
from kg.types import TimeRef

__all__ = ["find_times", "MONTHS", "WEEKDAYS"]

#: Month names (Levantine/Iraqi and Egyptian/Maghrebi series), normalized → month number.
MONTHS: dict[str, int] = {
    "يناير": 1, "كانون الثاني": 1, "جانفي": 1,
    "فبراير": 2, "شباط": 2, "فيفري": 2,
    "مارس": 3, "اذار": 3,
    "ابريل": 4, "نيسان": 4, "افريل": 4,
    "مايو": 5, "ايار": 5, "ماي": 5,
    "يونيو": 6, "حزيران": 6, "جوان": 6,
    "يوليو": 7, "تموز": 7, "جويليه": 7,
    "اغسطس": 8, "اب": 8, "اوت": 8,
    "سبتمبر": 9, "ايلول": 9,
    "اكتوبر": 10, "تشرين الاول": 10,
    "نوفمبر": 11, "تشرين الثاني": 11,
    "ديسمبر": 12, "كانون الاول": 12,
}  # fmt: skip
#: Weekday names (normalized) → Python weekday number (Monday = 0).
WEEKDAYS: dict[str, int] = {
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3,
    "الجمعه": 4, "السبت": 5, "الاحد": 6,
}  # fmt: skip

_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_WD_RE = "|".join(WEEKDAYS)
_PART = r"(?:(?:في )?ساعه متاخره من |(?:في )?وقت متاخر من )?(?:مساء|صباح|ليله|فجر|ظهر|ظهيره|عصر)?"
# Ordered: longer, more specific patterns first. Each has a resolver name.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "dmy",
        re.compile(
            rf"\b(\d{{1,2}}) (?:من )?(?:شهر )?({_MONTH_RE})(?: \(?[^\d\s)]+\)?)?(?: (?:عام |سنه )?(\d{{4}}))?"
        ),
    ),
    ("my", re.compile(rf"\b(?:شهر )?({_MONTH_RE}) (?:عام |سنه )?(\d{{4}})\b")),
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("dby", re.compile(rf"\b{_PART} ?(?:اول من امس|اول امس)\b")),
    ("yesterday", re.compile(rf"\b{_PART} ?(?:امس|البارحه)\b")),
    ("lastnight", re.compile(r"\bالليله الماضيه\b")),
    ("today", re.compile(rf"\b(?:{_PART} )?اليوم\b")),
    ("hours", re.compile(r"\b(?:خلال |في )?(?:ال|الـ)?(\d+) ساعه (?:الاخيره|الماضيه)\b")),
    ("lastweek", re.compile(r"\b(?:الاسبوع|الاسبوع) (?:الماضي|المنصرم)\b")),
    ("lastmonth", re.compile(r"\bالشهر (?:الماضي|المنصرم)\b")),
    ("weekday", re.compile(rf"\b(?:يوم )?({_WD_RE})(?: (?:الماضي|الفائت))?\b")),
    ("partofday", re.compile(r"\b(?:مساء|صباح|ليله|فجر) (?:اليوم|امس)\b")),
]

#: Per pattern, words of which it holds at least one: a text with none of them is not
#: searched (most patterns start with optional words, so the search tries every position).
_NEEDS: dict[str, tuple[str, ...]] = {
    "dmy": tuple(MONTHS),
    "my": tuple(MONTHS),
    "iso": ("-",),
    "dby": ("امس",),
    "yesterday": ("امس", "البارحه"),
    "lastnight": ("الليله الماضيه",),
    "today": ("اليوم",),
    "hours": (" ساعه ",),
    "lastweek": ("الاسبوع ",),
    "lastmonth": ("الشهر ",),
    "weekday": tuple(WEEKDAYS),
    "partofday": ("اليوم", "امس"),
}


def _resolve(kind: str, m: re.Match[str], pub: dt.date | None) -> dt.date | None:
    try:
        if kind == "dmy":
            day, month = int(m.group(1)), MONTHS[m.group(2)]
            if m.group(3):
                return dt.date(int(m.group(3)), month, day)
            if pub is None:
                return None
            return year_less(pub, month, day)
        if kind == "my":
            return None  # a month is not a date; kept as text
        if kind == "iso":
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    if pub is None:
        return None
    if kind in DAYS_BEFORE:
        return relative_day(kind, pub)
    if kind == "weekday":
        return weekday_before(pub, WEEKDAYS[m.group(1)])
    return None  # ranges (last 48 hours, last week) have no single date


def find_times(text: str, pub: dt.date | None, offset: int = 0) -> list[TimeRef]:
    """Time expressions in ``text`` (offsets shifted by ``offset``), in text order, not overlapping."""
    norm, index = normalize_with_map(text)
    taken: list[tuple[int, int]] = []
    found: list[TimeRef] = []
    for kind, pattern in _PATTERNS:
        if not any(w in norm for w in _NEEDS[kind]):
            continue
        for m in pattern.finditer(norm):
            s, e = m.span()
            while s < e and norm[s] == " ":
                s += 1
            while e > s and norm[e - 1] == " ":
                e -= 1
            if s == e or overlaps(taken, s, e):
                continue
            bisect.insort(taken, (s, e))
            start, end = index[s], index[e - 1] + 1
            found.append(
                TimeRef(text[start:end], start + offset, end + offset, _resolve(kind, m, pub))
            )
    return sorted(found, key=lambda t: t.start)
