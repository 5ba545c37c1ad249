"""A trained statistical NER (PER, LOC, ORG) sourced into a kg pipeline, and its document pass.

A language pack ships its model (the Arabic one: ``kg/lang/ar/models/ner``, trained by
``kg train ner``, see ``docs/ner.md``) with its own tok2vec and vectors keyed on ``NORM``, so
only the ``ner`` component and the vectors are taken from it::

    load_ner(nlp, path)       # adds "ner" before "kg_gazetteer"; fills doc.ents

The model reads one sentence window at a time, so a name it tags in one sentence can go
unseen in the next (``الرئيس بشار الأسد`` … ``وقال الأسد``). :func:`propagate_names` applies
the one-sense-per-document heuristic over a whole article; :class:`NameSpreader` is the
component (``kg_ner_document``, registered by each pack with its language's common words)
that runs it after ``ner``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.nlp.vectors import cached_vectors

__all__ = ["load_ner", "propagate_names", "NameSpreader", "NER", "NER_DOCUMENT", "COMMON_TOP"]

#: Name of the sourced component in the kg pipeline.
NER = "ner"
#: Name of the document-level pass that spreads names to their other mentions.
NER_DOCUMENT = "kg_ner_document"
#: Single words among the most frequent ANT words are not spread (chosen on NewsFANE dev).
COMMON_TOP = 2000


def load_ner(nlp: Language, path: Path, *, before: str = "kg_gazetteer", name: str = NER) -> None:
    """Add the trained ``ner`` of the model at ``path`` to ``nlp`` (before ``before`` when present).

    The model's floret vectors are installed in ``nlp.vocab`` first (the component looks up
    its static vectors there), memoised per key (:mod:`kg.nlp.vectors`). A ``kg_ner_document`` component (the language's
    :class:`NameSpreader`) is added right after it when the pipeline's language registers one.
    Does nothing if ``nlp`` already has a component ``name``. Offline: reads only files under
    ``path``.
    """
    if name in nlp.pipe_names:
        return
    source = spacy.load(path)
    if source.vocab.vectors.shape[0]:
        # The vocab setter re-points the table's string store to nlp's (floret hashes strings).
        nlp.vocab.vectors = cached_vectors(source.vocab.vectors)
    kwargs = {"before": before} if before in nlp.pipe_names else {}
    nlp.add_pipe(NER, name=name, source=source, **kwargs)
    if NER_DOCUMENT not in nlp.pipe_names and nlp.has_factory(NER_DOCUMENT):
        nlp.add_pipe(NER_DOCUMENT, after=name)


def _is_name_token(token) -> bool:  # noqa: ANN001
    return token.is_alpha and not token.is_space


def propagate_names(  # noqa: C901 (docs/architecture.md)
    docs: Sequence[Doc],
    *,
    min_chars: int = 3,
    is_common: Callable[[str], bool] = lambda norm: False,
    surnames: bool = True,
) -> int:
    """Label the other mentions of names already found in ``docs``; return how many were added.

    ``docs`` are the sentences of one document, or the one ``Doc`` of an article.

    Keys are the ``norm_`` sequences of the entities in ``docs``; each key takes its most
    frequent label (ties: no label). With ``surnames`` the last word of a multi-word PER is
    also a PER key (``بشار الأسد`` → ``الأسد``). Every maximal run of tokens, not inside an
    entity, equal to a key becomes an entity, longest key first. Single-word keys shorter
    than ``min_chars`` or for which ``is_common(norm)`` holds are not spread, nor are keys
    with a non-alphabetic word. Entities already found are never changed.
    """
    votes: dict[tuple[str, ...], Counter] = {}
    for doc in docs:
        for ent in doc.ents:
            if not all(_is_name_token(t) for t in ent):
                continue
            key = tuple(t.norm_ for t in ent)
            votes.setdefault(key, Counter())[ent.label_] += 1
            if surnames and ent.label_ == "PER" and len(ent) >= 2:
                votes.setdefault((ent[-1].norm_,), Counter())["PER"] += 0.5
    keys: dict[tuple[str, ...], str] = {}
    for key, counter in votes.items():
        (label, n), *rest = counter.most_common(2) + [("", 0)]
        if rest[0][1] == n:
            continue
        if len(key) == 1 and (len(key[0]) < min_chars or is_common(key[0])):
            continue
        keys[key] = label
    if not keys:
        return 0
    lengths: dict[str, list[int]] = {}  # first word → key lengths, longest first
    for key in keys:
        lengths.setdefault(key[0], []).append(len(key))
    for first in lengths:
        lengths[first] = sorted(set(lengths[first]), reverse=True)
    added = 0
    for doc in docs:
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        norms = [t.norm_ for t in doc]
        new: list[Span] = []
        i = 0
        while i < len(doc):
            for n in lengths.get(norms[i], ()):
                label = keys.get(tuple(norms[i : i + n]))
                if label and not taken.intersection(range(i, i + n)):
                    new.append(Span(doc, i, i + n, label=label))
                    i += n
                    break
            else:
                i += 1
        if new:
            doc.ents = filter_spans([*doc.ents, *new])
            added += len(new)
    return added


class NameSpreader:
    """The ``kg_ner_document`` component: :func:`propagate_names` over each doc.

    ``common`` holds the language's most frequent words (normalized), which are not spread
    when alone.
    """

    def __init__(self, common: frozenset[str] = frozenset()) -> None:
        """Spread names, except the single words in ``common``."""
        self.common = common

    def __call__(self, doc: Doc) -> Doc:
        """Label the other mentions of the names ``ner`` found in ``doc``."""
        propagate_names([doc], is_common=self.common.__contains__)
        return doc
