"""Language packs: everything that depends on the language of an article, behind one seam.

A pack is a package ``kg.lang.<code>`` that defines ``CODE``, ``NAME``,
``EXTRACTOR_VERSION`` and ``make_nlp(*, ner=True, learned=True)``: a spaCy pipeline from the raw text to
``doc._.events``. It brings its tokenizer and normalization, time expressions, lexicon data,
trained models and grammar rules, and plugs them into the language-neutral components of
:mod:`kg.nlp` and :mod:`kg.extract` (which never import a pack). Packs today: Arabic
(:mod:`kg.lang.ar`) and English (:mod:`kg.lang.en`).

>>> available()
('ar', 'en')
>>> make_nlp("ar", ner=False).pipe_names[-1]
'kg_events'
"""

from __future__ import annotations

import functools
import importlib
from types import ModuleType
from typing import TYPE_CHECKING

from kg import __version__
from kg.errors import UnsupportedLanguage

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "PACKS",
    "available",
    "has_pack",
    "unavailable",
    "get_pack",
    "make_nlp",
    "extractor_version",
]

#: Language code (ISO 639-1) → the module of its pack.
PACKS: dict[str, str] = {"ar": "kg.lang.ar", "en": "kg.lang.en"}


def available() -> tuple[str, ...]:
    """The codes of the languages that have a pack."""
    return tuple(sorted(PACKS))


def has_pack(lang: str) -> bool:
    """Whether articles in ``lang`` can be extracted here (a pack, with what it needs installed)."""
    return unavailable(lang) is None


def unavailable(lang: str) -> str | None:
    """Why articles in ``lang`` cannot be extracted here, or None when they can.

    No pack for the language, or a pack whose model is not installed (the English pack needs
    spaCy's English model: the message names the package to install).
    """
    if lang not in PACKS:
        return f"no language pack for {lang!r}"
    missing = getattr(get_pack(lang), "missing", None)
    return missing() if missing is not None else None


def get_pack(lang: str) -> ModuleType:
    """The pack module of ``lang``.

    Raises:
        UnsupportedLanguage: ``lang`` has no pack.
    """
    if lang not in PACKS:
        raise UnsupportedLanguage(
            f"no language pack for {lang!r} (available: {', '.join(available())})"
        )
    return importlib.import_module(PACKS[lang])


@functools.lru_cache(maxsize=4)
def make_nlp(lang: str = "ar", *, ner: bool = True, learned: bool = True) -> Language:
    """The pipeline of ``lang`` (cached: one per language and setting per process).

    ``ner=False`` leaves out the trained NER, ``learned=False`` the trained event detection
    and role models (the rules decide alone). Raises :class:`UnsupportedLanguage` for a
    language without a pack.
    """
    return get_pack(lang).make_nlp(ner=ner, learned=learned)


def extractor_version(lang: str) -> str:
    """What produced the events of an article in ``lang``: its pack's version, or none."""
    if lang in PACKS:
        return str(get_pack(lang).EXTRACTOR_VERSION)
    return f"kg {__version__} no-pack-{lang}"
