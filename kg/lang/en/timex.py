"""English time expressions: find them in text and resolve relative ones against a publication date.

The English counterpart of :mod:`kg.lang.ar.timex`, with the same interface and rules. Without
a publication date relative expressions stay unresolved (``date`` is None): a date is never
invented. What resolves to a date:

- explicit dates: "5 May 2020", "May 5, 2020", "Monday, 5 May 2020", ISO "2020-05-05";
  an impossible date ("31 February 2020") is matched with ``date`` None;
- a day and month without a year ("May 5", "5th of May"): the most recent such day on or
  before the publication date ("December 30" published 2021-01-02 is 2020-12-30);
- "today", "earlier today", "this morning", "tonight": the publication date;
- "yesterday" (with "morning", "evening" …), "last night": the day before;
- "the day before yesterday", "the night before last": two days before;
- "N days ago" (digits, "a"/"an", one … twelve): N days before;
- a weekday ("Monday", "on Monday", "late on Monday", "early Tuesday", "Monday night",
  "last Monday"): the most recent such day strictly before the publication date (as in
  Arabic: "Monday" in an article of Monday is the Monday before);
- "Monday last week": that weekday in the calendar week (Monday to Sunday) before the
  publication's.

Matched but left with ``date`` None, because they name no single day (the Arabic module does
the same for "last week", "last month", "the last 48 hours" and "May 2020"): months ("May 2020",
"in May", "early May"), weeks and longer ("last week", "earlier this week", "three weeks ago",
"a week ago", "the past 24 hours"), expressions anchored on another event rather than the
publication ("a day earlier", "the next day", "two days later") and the future ("tomorrow",
"next Monday", "next week"; matched so that "next Monday" is not read as the last one).

Slashed numeric dates ("05/06/2020") are not read at all: 5 June or May 6 depends on the
writer's country. Month names and weekdays are matched case-insensitively, except "May" and
"March", which must be capitalized ("the army may attack" holds no month); a bare month needs
a preposition or qualifier before it ("in May", "since March", "mid-May"), so that
"Theresa May" holds none either. Weekdays that are part of a name ("Black Friday",
"Bloody Sunday") are not read. A span holds the expression without its preposition ("on
Monday" gives "Monday"), but with its qualifiers ("late on Monday night", "last Monday").
The words of an expression are separated by single spaces, as the patterns write them (a line
break between "May" and "5" breaks it). Overlaps are resolved as in Arabic: the patterns are
tried in order, longer and more specific first, and a match that overlaps one already taken is
dropped.

>>> import datetime as dt
>>> [(t.text, t.date) for t in find_times("Gunmen attacked late on Monday night", dt.date(2020, 5, 6))]
[('late on Monday night', datetime.date(2020, 5, 4))]
>>> [(t.text, t.date) for t in find_times("On 27 December 2007 he was killed", None)]
[('27 December 2007', datetime.date(2007, 12, 27))]
>>> [(t.text, t.date) for t in find_times("Two days ago, and last week", dt.date(2020, 5, 6))]
[('Two days ago', datetime.date(2020, 5, 4)), ('last week', None)]
>>> find_times("The army may attack", dt.date(2020, 5, 6))
[]
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from kg.extract.dates import DAYS_BEFORE, overlaps, relative_day, weekday_before, year_less
from kg.types import TimeRef

__all__ = ["find_times", "MONTHS", "WEEKDAYS", "NUMBERS"]

#: Month names and abbreviations, lower case → month number.
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
#: Weekday names, lower case → Python weekday number (Monday = 0).
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
#: Number words of "N days ago", lower case → value.
NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
#: Words before a weekday that make it part of a name, not a day of the article's week.
NAMED_DAYS = frozenset(
    "black good bloody ash palm easter super cyber holy maundy shrove".split()
)  # fmt: skip

#: "May" (the modal) and "March" (the verb) must be capitalized; every other name is matched
#: whatever its case.
_CASED = {"may", "march", "mar"}
#: Full month names (a bare month, "in Dec", is too weak a cue for an abbreviation).
_FULL_MONTHS = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]


def _names(words: list[str]) -> str:
    alts = []
    for w in sorted(words, key=len, reverse=True):
        if w in _CASED:
            alts.append(f"(?-i:{w.capitalize()}|{w.upper()})")
        else:
            alts.append(re.escape(w))
    return "|".join(alts)


_MONTH_RE = rf"(?:{_names(list(MONTHS))})"
_FULL_MONTH_RE = rf"(?:{_names(_FULL_MONTHS)})"
_WD_RE = rf"(?:{'|'.join(WEEKDAYS)})"
_NUM_RE = rf"(?:\d{{1,3}}|{'|'.join(sorted(NUMBERS, key=len, reverse=True))})"
_FEW_RE = rf"(?:{_NUM_RE}|a few|a couple of|few|several|some|many)"
_UNIT_RE = r"(?:hours?|days?|nights?|weeks?|months?|years?)"
_DAYPART = r"(?:morning|afternoon|evening|night)"
_EDGE = r"(?:(?:late|early|earlier|later) (?:on )?)?"
_DAY = r"(\d{1,2})(?!\d)(?:st|nd|rd|th)?"
_LEAD_WD = rf"(?:{_WD_RE},? (?:the )?)?"
_YEAR = r"(?:,? (\d{4}))?"
#: A bare month needs one of these words before it ("in May").
_MONTH_PREPS = ("in", "since", "until", "till", "during", "by", "from", "through")
_MONTH_CUE = "(?:" + "|".join(rf"(?<=\b{w} )" for w in _MONTH_PREPS) + ")"
_FLAGS = re.IGNORECASE
_LAST_WORD = re.compile(r"(\w+)\s+$")

# Ordered: longer, more specific patterns first. Each has a resolver name.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("dmy", re.compile(rf"\b{_LEAD_WD}{_DAY}(?: of)? ({_MONTH_RE})\b\.?{_YEAR}\b", _FLAGS)),
    ("mdy", re.compile(rf"\b{_LEAD_WD}({_MONTH_RE})\.? {_DAY}\b{_YEAR}\b", _FLAGS)),
    ("my", re.compile(rf"\b({_MONTH_RE})\b\.?(?: of)?,? (\d{{4}})\b", _FLAGS)),
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    (
        "dby",
        re.compile(
            rf"\b{_EDGE}(?:the day before yesterday|the night before last)(?: {_DAYPART})?\b",
            _FLAGS,
        ),
    ),
    ("yesterday", re.compile(rf"\b{_EDGE}yesterday(?: {_DAYPART})?\b", _FLAGS)),
    ("lastnight", re.compile(r"\b(?:(?:late|early|earlier) )?last (?:night|evening)\b", _FLAGS)),
    (
        "today",
        re.compile(
            rf"\b{_EDGE}(?:today|tonight|this (?:morning|afternoon|evening))(?: {_DAYPART})?\b",
            _FLAGS,
        ),
    ),
    (
        "future",
        re.compile(
            r"\b(?:the day after )?tomorrow(?: (?:morning|afternoon|evening|night))?\b", _FLAGS
        ),
    ),
    ("daysago", re.compile(rf"\b({_NUM_RE}) days? ago\b", _FLAGS)),
    ("ago", re.compile(rf"\b{_FEW_RE} {_UNIT_RE} (?:ago|earlier|later|before|after)\b", _FLAGS)),
    (
        "anchored",
        re.compile(
            r"\bthe (?:(?:previous|following|next) (?:day|night|morning|evening|week|month)"
            r"|day (?:before|after)|week before|week after)\b",
            _FLAGS,
        ),
    ),
    (
        "wdweek",
        re.compile(rf"\b{_EDGE}({_WD_RE})(?: {_DAYPART})? (?:of )?(last|next|this) week\b", _FLAGS),
    ),
    ("span", re.compile(rf"\b(?:past|last|next|coming) (?:{_FEW_RE} )?{_UNIT_RE}\b", _FLAGS)),
    (
        "coarse",
        re.compile(
            r"\b(?:earlier |later )?(?:this|next) (?:week|month|year)\b"
            r"|\b(?:earlier|later) in the (?:week|month|year)\b",
            _FLAGS,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b{_EDGE}(?:(last|this past|past|next|this coming|coming) )?"
            rf"({_WD_RE})(?: {_DAYPART})?\b",
            _FLAGS,
        ),
    ),
    (
        "month",
        re.compile(rf"\b(?:(?:early|mid|late)[- ]|{_MONTH_CUE})({_FULL_MONTH_RE})\b", _FLAGS),
    ),
]

#: Per pattern, words of which it holds at least one (lower case): a text with none of them is
#: not searched.
_NEEDS: dict[str, tuple[str, ...]] = {
    "dmy": tuple(MONTHS),
    "mdy": tuple(MONTHS),
    "my": tuple(MONTHS),
    "iso": ("-",),
    "dby": ("yesterday", "before last"),
    "yesterday": ("yesterday",),
    "lastnight": ("last night", "last evening"),
    "today": ("today", "tonight", "this "),
    "future": ("tomorrow",),
    "daysago": (" ago",),
    "ago": (" ago", "earlier", "later", "before", "after"),
    "anchored": ("the ",),
    "wdweek": (" week",),
    "span": ("past ", "last ", "next ", "coming "),
    "coarse": ("this ", "next ", " in the "),
    "weekday": tuple(WEEKDAYS),
    "month": tuple(MONTHS),
}


def _calendar(kind: str, m: re.Match[str], pub: dt.date | None) -> dt.date | None:
    """The date of an explicit or year-less date (None when impossible or unanchored)."""
    try:
        if kind == "iso":
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if kind == "dmy":
            day, month, year = m.group(1), m.group(2), m.group(3)
        else:
            month, day, year = m.group(1), m.group(2), m.group(3)
        d, mo = int(day), MONTHS[month.lower()]
        if year:
            return dt.date(int(year), mo, d)
        if pub is None:
            return None
        return year_less(pub, mo, d)
    except ValueError:
        return None


def _weekday(kind: str, m: re.Match[str], pub: dt.date) -> dt.date | None:
    """The date of a weekday: the last such day before ``pub``, or one of the week before."""
    if kind == "wdweek":
        if m.group(2).lower() != "last":
            return None  # this week's Monday may be before or after pub; next week's is ahead
        wd = WEEKDAYS[m.group(1).lower()]
        return pub - dt.timedelta(days=pub.weekday() + 7 - wd)
    qualifier = (m.group(1) or "").lower()
    if qualifier in ("next", "this coming", "coming"):
        return None  # the future is not resolved
    return weekday_before(pub, WEEKDAYS[m.group(2).lower()])


def _resolve(kind: str, m: re.Match[str], pub: dt.date | None) -> dt.date | None:
    if kind in ("dmy", "mdy", "iso"):
        return _calendar(kind, m, pub)
    if pub is None:
        return None
    if kind in DAYS_BEFORE:
        return relative_day(kind, pub)
    if kind == "daysago":
        n = m.group(1).lower()
        return pub - dt.timedelta(days=int(n) if n.isdigit() else NUMBERS[n])
    if kind in ("weekday", "wdweek"):
        return _weekday(kind, m, pub)
    return None  # months, weeks, spans, anchored and future expressions have no single date


def _named_day(text: str, m: re.Match[str], kind: str) -> bool:
    """Whether the weekday of ``m`` is part of a name ("Black Friday")."""
    if kind not in ("weekday", "wdweek"):
        return False
    before = _LAST_WORD.search(text, max(0, m.start() - 24), m.start())
    return before is not None and before.group(1).lower() in NAMED_DAYS


def find_times(text: str, pub: dt.date | None, offset: int = 0) -> list[TimeRef]:
    """Time expressions in ``text`` (offsets shifted by ``offset``), in text order, not overlapping."""
    low = text.lower()
    taken: list[tuple[int, int]] = []
    found: list[TimeRef] = []
    for kind, pattern in _PATTERNS:
        if not any(w in low for w in _NEEDS[kind]):
            continue
        for m in pattern.finditer(text):
            s, e = m.span()
            if s == e or overlaps(taken, s, e) or _named_day(text, m, kind):
                continue
            bisect.insort(taken, (s, e))
            found.append(TimeRef(text[s:e], s + offset, e + offset, _resolve(kind, m, pub)))
    return sorted(found, key=lambda t: t.start)
