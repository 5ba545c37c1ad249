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

import numpy as np

__all__ = [
    "BIDI_CONTROLS",
    "CONTROL_CHARS",
    "clean_text",
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
    """Code point → normalized form, filled on first sight (a ``str.translate`` table).

    ``wide`` tells whether a form of two or more characters was ever made (none is today).
    """

    wide = False

    def __missing__(self, code: int) -> str:
        form = _norm_char(chr(code))
        if len(form) > 1:
            self.wide = True
        if len(self) < _TABLE_SIZE:  # hostile text cannot grow it without bound
            self[code] = form
        return form


class _Widths(dict):
    """Code point → ``chr(len(normalized form))``, filled on first sight (a translate table)."""

    def __missing__(self, code: int) -> str:
        width = chr(len(_TABLE[code]))
        if len(self) < _TABLE_SIZE:
            self[code] = width
        return width


_TABLE_SIZE = 1 << 16
_TABLE = _Table()
_WIDTHS = _Widths()


def normalize(text: str) -> str:
    """Normalize Arabic (and Latin) text for matching; see the module docstring."""
    return text.translate(_TABLE)


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalize ``text`` and return, per normalized character, its index in ``text``.

    >>> norm, idx = normalize_with_map("بـ«الجيش")
    >>> norm, idx[:3]
    ('ب«الجيش', [0, 2, 3])
    """
    norm = text.translate(_TABLE)
    if len(norm) == len(text) and not _TABLE.wide:  # no character dropped: the identity map
        return norm, list(range(len(text)))
    widths = text.translate(_WIDTHS)  # per character, chr(length of its normalized form)
    lengths = np.frombuffer(widths.encode("utf-32-le"), dtype=np.uint32)
    return norm, np.repeat(np.arange(len(text)), lengths).tolist()


#: Characters no output may carry: the C0 controls but tab, newline and carriage return, DEL,
#: the C1 controls, lone surrogates and U+FFFE/U+FFFF (XML 1.0 forbids all but DEL and C1,
#: which are invisible and mean nothing in news text either).
CONTROL_CHARS = frozenset(
    [chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n\r"]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0xD800, 0xE000)]
    + ["\ufffe", "\uffff"]
)
#: The bidi embedding, override and isolate controls (LRE RLE PDF LRO RLO, LRI RLI FSI PDI):
#: invisible, and they reorder the text around them (an RLO shows "gpj.exe" as "exe.jpg").
#: The marks LRM, RLM and ALM are not here: they only set the direction of neutral
#: characters next to them, cannot reverse or hide text, and Arabic text uses them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_CLEAN = {ord(ch): (" " if ch.isspace() else None) for ch in CONTROL_CHARS | BIDI_CONTROLS}


def clean_text(text: str) -> str:
    r"""``text`` fit to show or to write to any output: no control or bidi control characters.

    Control characters (:data:`CONTROL_CHARS`) that Python counts as whitespace (vertical
    tab, form feed, the separators U+001C–U+001F, NEL) become a space, the others and the
    :data:`BIDI_CONTROLS` are removed; everything else is kept. Labels are made with it, and
    every renderer (GraphML, GEXF, HTML, Markdown) passes its text through it.

    >>> clean_text("a\x0bb\x01c\u202ed")
    'a bcd'
    """
    return text.translate(_CLEAN)


def is_arabic_letter(ch: str) -> bool:
    """True for letters of the Arabic blocks."""
    return ("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f") and ch.isalpha()
