"""Arabic orthographic normalization for matching, with an offset map back to the original text.

Matching (gazetteer, trigger lexicon, gold scoring) runs on a normalized form: no diacritics
or tatweel, أ/إ/آ/ٱ→ا, ى→ي, ة→ه, ؤ→و, ئ→ي, Arabic-Indic digits → ASCII, Latin case-folded.
Offsets into the original text are never lost: :func:`normalize_with_map` returns, for each
normalized character, the index of the original character it came from.

>>> normalize("أعلنَ «الجيشُ» الليبيّ")
'اعلن «الجيش» الليبي'
>>> strip_proclitics("للجيش")
'الجيش'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "DIACRITICS",
    "TATWEEL",
    "normalize",
    "normalize_with_map",
    "strip_proclitics",
    "normalize_for_match",
    "is_arabic_letter",
]

TATWEEL = "\u0640"
#: Harakat, tanwin, shadda, sukun, superscript alef, Quranic marks.
DIACRITICS = frozenset(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
)
# Zero-width and bidi controls that are invisible in text but break matching.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff")
_MAP = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    "ک": "ك",
    "ی": "ي",
}
_MAP.update({chr(0x0660 + i): str(i) for i in range(10)})
_MAP.update({chr(0x06F0 + i): str(i) for i in range(10)})


def _norm_char(ch: str) -> str:
    """The normalized form of one character ('' when it is dropped)."""
    if ch == TATWEEL or ch in DIACRITICS or ch in _INVISIBLE:
        return ""
    mapped = _MAP.get(ch)
    if mapped is not None:
        return mapped
    if ch.isascii():
        return ch.lower()
    if "\uff01" <= ch <= "\uff5e":  # full-width Latin
        return unicodedata.normalize("NFKC", ch).lower()
    return ch


def normalize(text: str) -> str:
    """Normalize Arabic (and Latin) text for matching; see the module docstring."""
    return "".join(_norm_char(ch) for ch in text)


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalize ``text`` and return, per normalized character, its index in ``text``.

    >>> norm, idx = normalize_with_map("بـ«الجيش")
    >>> norm, idx[:3]
    ('ب«الجيش', [0, 2, 3])
    """
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for n in _norm_char(ch):
            out.append(n)
            index.append(i)
    return "".join(out), index


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


def is_arabic_letter(ch: str) -> bool:
    """True for letters of the Arabic blocks."""
    return ("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f") and ch.isalpha()
