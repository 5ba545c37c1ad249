"""The per-article state of the Arabic grammar: the neutral context plus the lexicon's word lists."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span

from kg.extract.context import ArticleContext
from kg.lang.ar.lexicon import Lexicon
from kg.lang.ar.timex import find_times

__all__ = ["ArabicContext", "MILITARY_KINDS"]

#: Kinds of organisation a spokesman's unit may belong to (شعبة الإعلام الحربي، التابعة للجيش).
MILITARY_KINDS = ("ArmedForce", "ArmedGroup", "Government", "State", "Operation")


class ArabicContext(ArticleContext):
    """:class:`~kg.extract.context.ArticleContext` with the cue words the rules test."""

    def __init__(self, doc: Doc, lex: Lexicon, article: str, pub_date: dt.date | None) -> None:
        """Start the extraction of ``doc``; time expressions resolve against ``pub_date``."""
        super().__init__(doc, lex.registry, article, pub_date, find_times(doc.text, pub_date))
        self.lex = lex
        c = lex.cue
        self.reporting = c("reporting_verbs")
        self.participles = c("reporting_participles")
        self.compl = c("complementizers")
        self.breaks = c("clause_breaks")
        self.force = c("force_nouns")
        self.generic = c("generic_heads")
        self.affiliated = c("affiliated")
        self.blocking_preps = c("subject_blocking_preps")
        self.owner_markers = c("owner_markers")
        self.proclitics = c("proclitics")
        # word beginnings, for str.startswith
        self.against_heads = tuple(sorted(c("against_heads")))
        self.clash_heads = tuple(sorted(c("clash_heads")))
        self.outcome_verb_heads = tuple(sorted(c("outcome_verb_heads")))
        self.passive_verb_heads = tuple(sorted(c("passive_verb_heads")))
        self.group_adjective_heads = tuple(sorted(c("group_adjective_heads")))
        self.killed_heads = tuple(sorted(c("killed_heads")))
        self.injured_heads = tuple(sorted(c("injured_heads")))
        self.plan_heads = tuple(sorted(c("plan_heads")))
        self.blame_heads = tuple(sorted(c("blame_heads")))
        self.relatives = c("relative_pronouns") | c("dual_relatives")  # الذي، اللذين …
        # words that begin an office (الأمين العام، الوزير): titles and role nouns
        self.office_heads = c("titles") | c("role_nouns")
        self.section_features: list[str] | None = None  # the article's section (decide.py)
        self._sentence_facts: dict[tuple[int, int], tuple[list[str], bool, bool]] = {}
        # possessive pronoun suffixes, longest first (قواتهما before قواته)
        self.support_verbs = c("support_verbs")
        self.pronoun_suffixes = tuple(sorted(c("pronoun_suffixes"), key=lambda s: (-len(s), s)))

    def sentence_facts(self, sent: Span) -> tuple[list[str], bool, bool]:
        """What the detector reads of a sentence, for each of its triggers (computed once).

        The ``bs=`` features of its words, whether it asks (؟) and whether it names a year.
        """
        facts = self._sentence_facts.get((sent.start, sent.end))
        if facts is None:
            tokens = list(sent)
            facts = (
                [f"bs={t.norm_}" for t in tokens if t.is_alpha],
                any(t.text in ("؟", "?") for t in tokens),
                any(t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20") for t in tokens),
            )
            self._sentence_facts[(sent.start, sent.end)] = facts
        return facts
