"""Checks of one article record's fields: dates in common formats, URLs made safe IRIs, strings.

Everything here is pure and raises nothing but :class:`~kg.errors.InputError` (for a field a
record cannot be read without) or returns None (for a field that is dropped with a warning).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import unicodedata
import urllib.parse

from kg.errors import InputError

__all__ = ["parse_date", "to_iri", "check_string", "MIN_YEAR", "MAX_YEAR"]

#: Publication years outside this range are typing errors, not news.
MIN_YEAR, MAX_YEAR = 1800, 2200

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}([T ][0-9:.,]+)?(Z|[+-]\d{2}(:?\d{2})?)?")
_DEFAULTS = (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))
#: What may stay unencoded in an IRI's path, query and fragment (RFC 3987 ipchar and friends).
_SAFE = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?%"
)
_JSON_TYPES = {dict: "an object", list: "an array", int: "a number", float: "a number"}
_JSON_TYPES[bool] = "true/false"
_HOST = re.compile(r"[^\s<>\"{}|\\^`\[\]/?#@]+|\[[0-9A-Fa-f:.]+\]")


def _checked(day: dt.date, raw: str, where: str) -> dt.date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InputError(f"{where}: implausible date {raw!r} (year {day.year})")
    return day


def parse_date(value: object, *, where: str = "") -> dt.date | None:
    """A publication date from ISO 8601, ``YYYYMMDD``, RFC 2822 or a day-first numeric date.

    Day, month and year must all be given; ``05/06/2020`` is read day first (5 June), as in
    Arabic and European sources. None and "" stay None. A datetime keeps the date as written
    (its own time zone), not converted to UTC.

    >>> parse_date("2017-01-20T21:43:00+01:00"), parse_date("20080110")
    (datetime.date(2017, 1, 20), datetime.date(2008, 1, 10))
    >>> parse_date("17/05/2015"), parse_date("Sun, 17 May 2015 10:00:00 +0300")
    (datetime.date(2015, 5, 17), datetime.date(2015, 5, 17))

    Raises:
        InputError: the value is not a date in one of those formats.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError(f"{where}: date must be a string, not {type(value).__name__}")
    s = str(value).strip()
    try:
        if re.fullmatch(r"\d{8}", s):
            return _checked(dt.date(int(s[:4]), int(s[4:6]), int(s[6:8])), s, where)
        if _ISO.fullmatch(s):
            return _checked(dt.date.fromisoformat(s[:10]), s, where)
    except ValueError:
        raise InputError(f"{where}: not a valid date: {s!r}") from None
    if re.search(r"[A-Za-z]{3},?\s+\d", s) or re.match(r"[A-Za-z]{3}, ", s):
        try:
            return _checked(email.utils.parsedate_to_datetime(s).date(), s, where)
        except (TypeError, ValueError, IndexError):
            pass
    return _checked(_dateutil(s, where), s, where)


def _dateutil(s: str, where: str) -> dt.date:
    from dateutil import parser

    if not re.search(r"\d", s) or len(s) > 64 or re.fullmatch(r"\d+", s):
        raise InputError(f"{where}: not a date I can read: {s!r}")
    try:
        # parsed twice with different defaults: a part missing from the text shows as a change
        a, b = (parser.parse(s, dayfirst=True, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError, parser.ParserError):
        raise InputError(f"{where}: not a date I can read: {s!r}") from None
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        raise InputError(f"{where}: incomplete date {s!r} (day, month and year are needed)")
    return a.date()


def _encode(part: str) -> str:
    """Percent-encode what may not stand raw in an IRI part (valid ``%XX`` escapes are kept)."""
    out = []
    for i, ch in enumerate(part):
        if ch == "%" and not re.fullmatch(r"[0-9A-Fa-f]{2}", part[i + 1 : i + 3]):
            out.append("%25")
        elif ch in _SAFE or (ord(ch) > 0x9F and _unicode_ok(ch)):
            out.append(ch)
        else:
            out.append(urllib.parse.quote(ch, safe="", errors="strict"))
    return "".join(out)


def _unicode_ok(ch: str) -> bool:
    """Whether a non-ASCII character may stand raw in an IRI (else it is percent-encoded).

    Letters, marks, digits, punctuation and symbols may; spaces (rdflib's N-Triples reader
    splits on U+00A0), controls, format characters (bidi), private use, surrogates and
    unassigned code points may not (RFC 3987 §4.1).
    """
    return unicodedata.category(ch)[0] in "LMNPS" and not (0xE000 <= ord(ch) <= 0xF8FF)


def to_iri(url: str) -> str | None:
    """``url`` as a valid IRI (unsafe characters percent-encoded), or None if not a web address.

    Only http and https addresses with a host are kept; characters an IRI may not hold raw
    (spaces, quotes, angle brackets, bidi controls …) are percent-encoded as UTF-8.

    >>> to_iri('https://example.org/a b?q="x"><')
    'https://example.org/a%20b?q=%22x%22%3E%3C'
    >>> to_iri("javascript:alert(1)") is None, to_iri("www.example.org") is None
    (True, True)
    """
    import pyoxigraph

    s = url.strip()
    try:
        s.encode("utf-8")
        parts = urllib.parse.urlsplit(s)
    except (UnicodeEncodeError, ValueError):  # a lone surrogate; a bad [IPv6] host
        return None
    host = parts.netloc.rpartition("@")[2].rsplit(":", 1)[0] if parts.netloc else ""
    if parts.scheme.lower() not in ("http", "https") or not _HOST.fullmatch(host or " "):
        return None
    if any(not _unicode_ok(c) or ord(c) < 0x21 or 0x7F <= ord(c) <= 0x9F for c in parts.netloc):
        return None
    iri = f"{parts.scheme.lower()}://{parts.netloc}{_encode(parts.path or '')}"
    if parts.query or s.rstrip("#").endswith("?"):
        iri += "?" + _encode(parts.query)
    if parts.fragment:
        iri += "#" + _encode(parts.fragment)
    try:
        pyoxigraph.NamedNode(iri)  # the store's own IRI check
    except ValueError:
        return None
    return iri


def check_string(obj: dict, key: str, where: str, *, required: bool = False) -> str | None:
    """``obj[key]`` if it is a string without lone surrogates; None if absent and optional."""
    value = obj.get(key)
    if value is None and not required:
        return None
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        what = "missing" if value is None else f"{_JSON_TYPES.get(type(value), 'a')}, not a string"
        raise InputError(f"{where}: field {key!r} is {what}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"{where}: field {key!r} holds a lone surrogate (\\u{ord(value[exc.start]):04x} "
            f"at character {exc.start}); not valid Unicode text"
        ) from None
    return value
