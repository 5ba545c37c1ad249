"""Event triggers: typed rules from a language's lexicon, and the matcher that marks them.

A :class:`TriggerRule` is what a lexicon line means once compiled: the PLOVER type, the mode,
the reading (``verb``, ``noun``, ``agent``: the word names the actor, ``passive``: the subject
undergoes the event) and the spaCy token pattern. The matcher puts every match in
``doc.spans[TRIGGERS]`` (label = PLOVER type, ``id_`` = the rule's key); ``span._.rule`` gives
the rule itself, so later stages read the rule's fields and never parse a string.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from kg.nlp.extensions import CANDIDATES, TRIGGERS
from kg.nlp.gazetteer import longest

__all__ = ["TriggerRule", "TriggerMatcher", "READINGS"]

#: The readings a trigger can have (``participle``: an active participle, داعيا، منددا).
READINGS = ("verb", "noun", "agent", "passive", "participle")


@dataclass(frozen=True)
class TriggerRule:
    """One compiled trigger pattern and what a match means.

    ``key`` names the rule uniquely (its lexicon line and reading: ``"12:noun"``); it is an
    identifier, not data to parse. ``not_after``: the match is void right after one of these
    normalized words. A ``recall_only`` rule proposes candidates for a trained detector
    (``doc.spans[CANDIDATES]``), never a trigger the rules decide on.
    """

    key: str
    event_type: str
    mode: str | None
    pos: str
    pattern: tuple[dict[str, Any], ...]
    not_after: frozenset[str] = frozenset()
    recall_only: bool = False

    @property
    def verbal(self) -> bool:
        """A verb reading (``verb`` or ``passive``): the trigger heads a clause."""
        return self.pos in ("verb", "passive")


class TriggerMatcher:
    """Mark the matches of ``rules``; of overlapping matches the longest wins, then the verb.

    Rules decide on ``doc.spans[TRIGGERS]``; the matches of ``recall_only`` rules that no
    trigger overlaps go to ``doc.spans[CANDIDATES]``, for a trained detector. A one-word
    recall rule also matches a token whose ``variants`` hold one of its forms (a language
    passes the token with its proclitics stripped: ووصف → وصف), since a candidate the
    tokenizer left glued to a conjunction is still a candidate.
    """

    def __init__(
        self,
        vocab: Vocab,
        rules: Iterable[TriggerRule],
        *,
        variants: Callable[[str], Iterable[str]] | None = None,
    ) -> None:
        """Compile ``rules`` (their order decides between equally long, equally typed matches)."""
        self.matcher = Matcher(vocab)
        self.recall = Matcher(vocab)
        self.words: dict[str, str] = {}  # one-word recall forms → rule key (the first rule wins)
        self.variants = variants or (lambda norm: (norm,))
        self.rules: dict[str, TriggerRule] = {}
        for rule in rules:
            self.rules[rule.key] = rule
            forms = _one_word_forms(rule)
            if rule.recall_only and forms is not None and not rule.not_after:
                for form in forms:
                    self.words.setdefault(form, rule.key)
            else:
                (self.recall if rule.recall_only else self.matcher).add(rule.key, [list(rule.pattern)])  # fmt: skip

    def _spans(self, doc: Doc, matcher: Matcher) -> list[Span]:
        spans = []
        if len(matcher) == 0:
            return spans
        for m, s, e in matcher(doc):
            rule = self.rules[doc.vocab.strings[m]]
            if s > 0 and doc[s - 1].norm_ in rule.not_after:
                continue
            spans.append(Span(doc, s, e, label=rule.event_type, span_id=rule.key))
        # Unvocalized قصف/خطف is a verb or its verbal noun: on a tie the verb reading wins
        # (filter_spans keeps the first of equally long spans).
        spans.sort(key=lambda sp: self.rules[sp.id_].pos != "verb")
        return longest(spans)

    def _word_spans(self, doc: Doc) -> list[Span]:
        spans = []
        for token in doc:
            if not token.is_alpha:
                continue
            for form in self.variants(token.norm_):
                key = self.words.get(form)
                if key is not None:
                    rule = self.rules[key]
                    spans.append(
                        Span(doc, token.i, token.i + 1, label=rule.event_type, span_id=key)
                    )
                    break
        return spans

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc.spans[TRIGGERS]``, ``doc.spans[CANDIDATES]`` and ``doc._.trigger_rules``."""
        doc._.trigger_rules = self.rules
        found = self._spans(doc, self.matcher)
        doc.spans[TRIGGERS] = found
        taken = {i for s in found for i in range(s.start, s.end)}
        recall = self._spans(doc, self.recall) + self._word_spans(doc)
        doc.spans[CANDIDATES] = [
            s for s in longest(recall) if not taken.intersection(range(s.start, s.end))
        ]
        return doc


def _one_word_forms(rule: TriggerRule) -> list[str] | None:
    """The forms of a one-token ``NORM IN`` pattern, else None."""
    if len(rule.pattern) != 1:
        return None
    (item,) = rule.pattern
    norm = item.get("NORM") if set(item) == {"NORM"} else None
    if isinstance(norm, dict) and set(norm) == {"IN"}:
        return list(norm["IN"])
    return None
