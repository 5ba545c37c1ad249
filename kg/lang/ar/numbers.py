"""Arabic cardinal numbers as written in news: digits (Latin or Arabic-Indic) and number words.

>>> [number_value(w) for w in ("39", "٤٢", "سبعة", "ثلاث", "عشرين", "مئات", "قتل")]
[39, 42, 7, 3, 20, None, None]
>>> compound_value(["خمسة", "و", "عشرين"]), compound_value(["احد", "عشر"])
(25, 11)
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.lang.ar.normalize import normalize

__all__ = ["number_value", "compound_value"]

_UNITS = {
    "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2,
    "ثلاثه": 3, "ثلاث": 3, "اربعه": 4, "اربع": 4, "خمسه": 5, "خمس": 5,
    "سته": 6, "ست": 6, "سبعه": 7, "سبع": 7, "ثمانيه": 8, "ثماني": 8, "ثمان": 8,
    "تسعه": 9, "تسع": 9, "عشره": 10, "عشر": 10,
}  # fmt: skip
_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}  # fmt: skip
_BIG = {"مائه": 100, "مئه": 100, "مايه": 100, "مئتين": 200, "مائتين": 200, "الف": 1000}
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def number_value(word: str) -> int | None:
    """The value of one number word or digit string, or None (vague words such as مئات too)."""
    w = word.translate(_DIGITS).replace(",", "").replace("٬", "")
    if w.isdigit():
        return int(w)
    n = normalize(word)
    for table in (_UNITS, _TENS, _BIG):
        if n in table:
            return table[n]
    return None


def compound_value(words: Sequence[str]) -> int | None:
    """The value of the number the words start with: ``خمسة وعشرين`` 25, ``احد عشر`` 11.

    Reads a unit, an optional ``و`` and a ten (25), a unit and ``عشر`` (11–19), or a single
    number; None when the first word is no number.
    """
    if not words:
        return None
    first = number_value(words[0])
    if first is None:
        return None
    rest = [normalize(w) for w in words[1:3]]
    if first < 10 and rest[:1] in (["عشر"], ["عشره"]):
        return first + 10
    if first < 10 and len(rest) == 2 and rest[0] == "و" and rest[1] in _TENS:
        return first + _TENS[rest[1]]
    if first < 10 and rest[:1] and rest[0].startswith("و") and rest[0][1:] in _TENS:
        return first + _TENS[rest[0][1:]]
    return first
