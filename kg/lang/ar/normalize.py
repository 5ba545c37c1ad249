"""Arabic normalization: the script folding of :mod:`kg.text` plus proclitic stripping.

>>> normalize("أعلنَ «الجيشُ» الليبيّ")
'اعلن «الجيش» الليبي'
>>> strip_proclitics("للجيش")
'الجيش'
"""

from __future__ import annotations

import re

from kg.text import DIACRITICS, TATWEEL, is_arabic_letter, normalize, normalize_with_map

__all__ = [
    "match_words",
    "DIACRITICS",
    "TATWEEL",
    "normalize",
    "normalize_with_map",
    "strip_proclitics",
    "normalize_for_match",
    "is_arabic_letter",
]

_CLITIC_ARTICLE_RE = re.compile(r"^([وف]?)([بكل]?)ال(?=..)")
_CLITIC_LAM_RE = re.compile(r"^([وف]?)لل(?=..)")
_BARE_RE = re.compile(r"^[وف]?[بكل]?(?=...)")


def strip_proclitics(word: str, *, article: bool = False, bare: bool = False) -> str:
    """Strip leading proclitics from one word (normalized first).

    By default only clitics glued to the article are stripped: و/ف and ب/ك/ل before ال,
    and ل+ال written لل (``للجيش`` → ``الجيش``). ``article=True`` also drops ال
    (``الجيش`` → ``جيش``). ``bare=True`` strips و/ف/ب/ك/ل even without ال when three letters
    remain — too greedy for matching names (``بركان``), but it is the gold-scoring rule, where
    both sides are stripped alike.

    >>> strip_proclitics("وبالعاصمة"), strip_proclitics("للجيش", article=True)
    ('العاصمه', 'جيش')
    >>> strip_proclitics("بمدينة"), strip_proclitics("بمدينة", bare=True)
    ('بمدينه', 'مدينه')
    """
    w = normalize(word)
    m = _CLITIC_LAM_RE.match(w)
    if m:
        rest = w[m.end() :]
        return rest if article else "ال" + rest
    m = _CLITIC_ARTICLE_RE.match(w)
    if m:
        return w[m.end() :] if article else w[m.end(2) :]
    if bare:
        m = _BARE_RE.match(w)
        if m:
            return w[m.end() :]
    return w


def normalize_for_match(text: str) -> str:
    """The gold-scoring comparison form: normalized, every word stripped of proclitics and ال.

    >>> normalize_for_match("وقال «الجيش الوطني»")
    'قال جيش وطني'
    """
    return " ".join(
        strip_proclitics(w, article=True, bare=True) for w in re.findall(r"\w+", normalize(text))
    )


def match_words(text: str | None) -> set[str]:
    """The words of :func:`normalize_for_match` as a set (empty for None).

    Two spans overlap, in the scorers, when these share a word.

    >>> sorted(match_words("قوات الجيش"))
    ['جيش', 'قوات']
    """
    return set(normalize_for_match(text).split()) if text else set()
