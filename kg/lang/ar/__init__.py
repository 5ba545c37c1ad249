"""The Arabic language pack.

- :mod:`~kg.lang.ar.normalize`, :mod:`~kg.lang.ar.tokenizer`: clitic-aware tokenization with
  exact offsets, on the script folding of :mod:`kg.text`;
- :mod:`~kg.lang.ar.timex`: time expressions (أمس، الاثنين الماضي، 5 مايو) resolved against
  the publication date;
- :mod:`~kg.lang.ar.lexicon` and ``data/``: the trigger lexicon, cue words and word counts;
- ``models/ner``: the trained NER (see ``docs/ner.md``);
- :mod:`~kg.lang.ar.persons` and :mod:`~kg.lang.ar.grammar`: the language's rules;
- :mod:`~kg.lang.ar.pipeline`: the spaCy pipeline that puts them together.

Importing this package is cheap; the pipeline modules (spaCy, the lexicon) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg import __version__

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["CODE", "NAME", "EXTRACTOR_VERSION", "RULES_VERSION", "make_nlp"]

CODE = "ar"
NAME = "Arabic"
#: Written into every Arabic event's ``extractor`` field and into the fingerprint of every
#: stored Arabic article: change it when the rules or models change, so stores re-extract.
#: The shipped pipeline: the rules propose, the trained models (``models/``) decide.
EXTRACTOR_VERSION = f"kg {__version__} learned-ar-21"
#: The rules alone (``make_nlp(learned=False)``), what they were before the models.
RULES_VERSION = f"kg {__version__} rules-ar-8"


def make_nlp(*, ner: bool = True, learned: bool = True) -> Language:
    """A new Arabic pipeline (:func:`kg.lang.ar.pipeline.make_nlp`)."""
    from kg.lang.ar.pipeline import make_nlp as _make

    return _make(ner=ner, learned=learned)
