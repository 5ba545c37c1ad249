"""The shipped statistical Arabic NER (PER, LOC, ORG), sourced into the kg pipeline.

The model in ``kg/models/ar_ner`` is trained by ``python -m kg.train ner`` (see
``docs/ner.md``) on text tokenized by :class:`~kg.nlp.tokenizer.ArabicTokenizer`; it has its
own tok2vec and floret vectors keyed on ``NORM``, so only the ``ner`` component and the
vectors are taken from it::

    nlp = make_nlp()          # or any pipeline using the project tokenizer
    load_ner(nlp)             # adds "ner" before "kg_gazetteer"; fills doc.ents
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

__all__ = ["ner_model_path", "load_ner", "NER"]

#: Name of the sourced component in the kg pipeline.
NER = "ner"


def ner_model_path() -> Path:
    """Directory of the shipped NER model (``kg/models/ar_ner``)."""
    return Path(__file__).resolve().parents[1] / "models" / "ar_ner"


def load_ner(
    nlp: Language, path: Path | None = None, *, before: str = "kg_gazetteer", name: str = NER
) -> None:
    """Add the trained ``ner`` to ``nlp`` (before ``before`` when present, else last).

    The model's floret vectors are installed in ``nlp.vocab`` first (the component looks up
    its static vectors there). Does nothing if ``nlp`` already has a component ``name``.
    Offline: reads only files under ``path``.
    """
    if name in nlp.pipe_names:
        return
    source = spacy.load(path or ner_model_path())
    if source.vocab.vectors.shape[0]:
        # The vocab setter re-points the table's string store to nlp's (floret hashes strings).
        nlp.vocab.vectors = source.vocab.vectors
    kwargs = {"before": before} if before in nlp.pipe_names else {}
    nlp.add_pipe(NER, name=name, source=source, **kwargs)
