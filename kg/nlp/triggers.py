"""Event triggers: typed rules from a language's lexicon, and the matcher that marks them.

A :class:`TriggerRule` is what a lexicon line means once compiled: the PLOVER type, the mode,
the reading (``verb``, ``noun``, ``agent``: the word names the actor, ``passive``: the subject
undergoes the event) and the spaCy token pattern. The matcher puts every match in
``doc.spans[TRIGGERS]`` (label = PLOVER type, ``id_`` = the rule's key); ``span._.rule`` gives
the rule itself, so later stages read the rule's fields and never parse a string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from kg.nlp.extensions import CANDIDATES, TRIGGERS
from kg.nlp.gazetteer import longest

__all__ = ["TriggerRule", "TriggerMatcher", "NormMatcher", "READINGS"]

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


#: Norms whose one-word rule key is remembered before the memo starts afresh.
MAX_WORD_KEYS = 200_000


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
        self.matcher = NormMatcher(vocab)
        self.recall = NormMatcher(vocab)
        self.words: dict[str, str] = {}  # one-word recall forms → rule key (the first rule wins)
        self.variants = variants or (lambda norm: (norm,))
        self.word_keys: dict[str, str | None] = {}  # norm → its one-word rule key, once seen
        self.rules: dict[str, TriggerRule] = {}
        for rule in rules:
            self.rules[rule.key] = rule
            forms = _one_word_forms(rule)
            if rule.recall_only and forms is not None and not rule.not_after:
                for form in forms:
                    self.words.setdefault(form, rule.key)
            else:
                (self.recall if rule.recall_only else self.matcher).add(rule.key, [list(rule.pattern)])  # fmt: skip

    def _spans(self, doc: Doc, matcher: NormMatcher) -> list[Span]:
        spans = []
        if len(matcher) == 0:
            return spans
        for key, s, e in matcher(doc):
            rule = self.rules[key]
            if s > 0 and doc[s - 1].norm_ in rule.not_after:
                continue
            spans.append(Span(doc, s, e, label=rule.event_type, span_id=rule.key))
        # Unvocalized قصف/خطف is a verb or its verbal noun: on a tie the verb reading wins
        # (filter_spans keeps the first of equally long spans).
        spans.sort(key=lambda sp: self.rules[sp.id_].pos != "verb")
        return longest(spans)

    def _word_key(self, norm: str) -> str | None:
        """The key of the first variant of ``norm`` that is a one-word form (memoised)."""
        try:
            return self.word_keys[norm]
        except KeyError:
            pass
        words = self.words
        key = next((k for k in map(words.get, self.variants(norm)) if k is not None), None)
        if len(self.word_keys) >= MAX_WORD_KEYS:
            self.word_keys.clear()
        self.word_keys[norm] = key
        return key

    def _word_spans(self, doc: Doc) -> list[Span]:
        spans = []
        for token in doc:
            if not token.is_alpha:
                continue
            key = self._word_key(token.norm_)
            if key is not None:
                rule = self.rules[key]
                spans.append(Span(doc, token.i, token.i + 1, label=rule.event_type, span_id=key))
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


#: A pattern step of :class:`NormMatcher`: the allowed norms, or a gap of up to N
#: non-punctuation tokens (``int``).
_Step = frozenset[str] | int
_GAP = re.compile(r"\{0,(\d+)\}")


def _norm_steps(pattern: tuple[dict[str, Any], ...]) -> list[_Step] | None:
    """The steps of a pattern made of ``NORM`` sets and non-punctuation gaps, else None."""
    steps: list[_Step] = []
    for item in pattern:
        norm = item.get("NORM")
        if set(item) == {"NORM"} and isinstance(norm, str):
            steps.append(frozenset({norm}))
        elif set(item) == {"NORM"} and isinstance(norm, dict) and set(norm) == {"IN"}:
            steps.append(frozenset(norm["IN"]))
        elif item.get("IS_PUNCT") is False and set(item) == {"IS_PUNCT", "OP"}:
            gap = _GAP.fullmatch(str(item["OP"]))
            if gap is None:
                return None
            steps.append(int(gap.group(1)))
        else:
            return None
    if not steps or isinstance(steps[0], int) or isinstance(steps[-1], int):
        return None
    return steps


class NormMatcher:
    """spaCy's ``Matcher`` for the patterns a lexicon compiles to, indexed by first word.

    A pattern of ``NORM`` sets (``{"NORM": {"IN": [...]}}``) and gaps of non-punctuation
    tokens (``{"IS_PUNCT": False, "OP": "{0,2}"}``) is looked up by the norm of its first
    token: a dictionary probe per token instead of every pattern's predicates on every
    token. Any other pattern goes to a ``Matcher``. Calls yield ``(key, start, end)``, every
    match as the ``Matcher`` gives it (each gap length that fits).
    """

    def __init__(self, vocab: Vocab) -> None:
        self.first: dict[str, list[tuple[str, list[_Step]]]] = {}
        self.other = Matcher(vocab)
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def add(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        """Add ``patterns`` under ``key``."""
        for pattern in patterns:
            self.count += 1
            steps = _norm_steps(tuple(pattern))
            if steps is None:
                self.other.add(key, [pattern])
                continue
            for norm in steps[0]:
                self.first.setdefault(norm, []).append((key, steps))

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Every match in ``doc``: ``(key, start, end)``, by start."""
        found: list[tuple[str, int, int]] = []
        norms = [t.norm_ for t in doc]
        for i, norm in enumerate(norms):
            for key, steps in self.first.get(norm, ()):
                for end in _ends(doc, norms, steps, 1, i + 1):
                    found.append((key, i, end))
        if len(self.other):
            strings = doc.vocab.strings
            found += [(strings[m], s, e) for m, s, e in self.other(doc)]
            found.sort(key=lambda m: m[1])
        return found


def _ends(doc: Doc, norms: list[str], steps: list[_Step], k: int, at: int) -> list[int]:
    """The ends of the matches of ``steps[k:]`` starting at token ``at``."""
    if k == len(steps):
        return [at]
    step = steps[k]
    if isinstance(step, int):
        out = []
        for skip in range(step + 1):
            if skip and (at + skip > len(norms) or doc[at + skip - 1].is_punct):
                break
            out += _ends(doc, norms, steps, k + 1, at + skip)
        return out
    if at < len(norms) and norms[at] in step:
        return _ends(doc, norms, steps, k + 1, at + 1)
    return []
