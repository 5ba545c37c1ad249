"""Script-level text normalization: the one folding that decides identity in every stage.

Matching (gazetteer, trigger lexicon, registry lookups) and identity (minted IRIs, canonical
labels) run on a normalized form: no diacritics or tatweel, أ/إ/آ/ٱ→ا, ى→ي, ة→ه, ؤ→و, ئ→ي,
Arabic-Indic digits → ASCII, invisible format and bidi characters dropped, ASCII and full-width
Latin lower-cased; every other character unchanged. It works on characters, not words, so it
serves every language; what a language adds on top (Arabic proclitics) lives in its pack
(:mod:`kg.lang.ar.normalize`). Offsets into the original text are never lost:
:func:`normalize_with_map` returns, for each normalized character, the index of the original
character it came from.

>>> normalize("أعلنَ «الجيشُ» الليبيّ")
'اعلن «الجيش» الليبي'
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "DIACRITICS",
    "TATWEEL",
    "normalize",
    "normalize_with_map",
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


class _Table(dict):
    """Code point → normalized form, filled on first sight (a ``str.translate`` table)."""

    def __missing__(self, code: int) -> str:
        form = _norm_char(chr(code))
        if len(self) < _TABLE_SIZE:  # hostile text cannot grow it without bound
            self[code] = form
        return form


_TABLE_SIZE = 1 << 16
_TABLE = _Table()


def normalize(text: str) -> str:
    """Normalize Arabic (and Latin) text for matching; see the module docstring."""
    return text.translate(_TABLE)


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalize ``text`` and return, per normalized character, its index in ``text``.

    >>> norm, idx = normalize_with_map("بـ«الجيش")
    >>> norm, idx[:3]
    ('ب«الجيش', [0, 2, 3])
    """
    out: list[str] = []
    index: list[int] = []
    table = _TABLE
    for i, ch in enumerate(text):
        form = table[ord(ch)]
        if form:
            out.append(form)
            index.extend([i] * len(form))
    return "".join(out), index


def is_arabic_letter(ch: str) -> bool:
    """True for letters of the Arabic blocks."""
    return ("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f") and ch.isalpha()
