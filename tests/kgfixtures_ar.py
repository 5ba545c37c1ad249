"""Helpers for tests of the Arabic grammar: the role candidates the role model is offered."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import article_doc
from kg.train.extraction import _collector
from kg.types import Article


def trigger_candidate(nlp: Language, text: str, trigger: str) -> tuple[Doc, object]:
    """The doc of ``text`` and the detector candidate whose trigger contains ``trigger``.

    The candidate (``kg.lang.ar.grammar.decide.Candidate``) holds the role candidates
    (``mentions``) and their features (``role_features``), collected as in training.
    """
    grammar = nlp.get_pipe("kg_events").grammar
    seen: list = []
    grammar.decider = _collector(seen.append)
    try:
        doc = nlp(article_doc(nlp, Article("t.txt", text, "ar", "t.txt")))
    finally:
        grammar.decider = None
    cands = [c for _, c in seen if trigger in c.trigger.text]
    assert cands, [c.trigger.text for _, c in seen]
    return doc, cands[0]
