"""A circumstantial participle (حال: «…، مطالبين بالتشغيل») shares the main clause's subject."""

from __future__ import annotations

import pytest

from kg.extract.model import Draft, Frame, Mention
from kg.lang import make_nlp
from kg.lang.ar.grammar.clauses import hal_object, hal_subject, is_hal
from kg.lang.ar.grammar.context import ArabicContext
from kg.lang.ar.lexicon import load_lexicon
from kg.nlp.extensions import CANDIDATES, TRIGGERS, article_doc
from kg.types import Article


@pytest.fixture(scope="module")
def nlp():
    return make_nlp.__wrapped__("ar", ner=False, learned=False)


def _setup(nlp, text: str):
    doc = nlp(article_doc(nlp, Article("t.txt", text, "ar", "t.txt")))
    ctx = ArabicContext(doc, load_lexicon(), "t.txt", None)
    spans = list(doc.spans[TRIGGERS]) + list(doc.spans[CANDIDATES])
    return doc, ctx, spans


def _participle(spans, word: str) -> Draft:
    trig = next(t for t in spans if t.text == word and t._.rule.pos == "participle")
    return Draft(trig, trig._.rule.event_type, None, "participle")


def _mention(doc, words: str) -> Mention:
    start = next(t.i for t in doc if t.text == words.split()[0])
    return Mention(start, start + len(words.split()), "x:" + words, "Group", False)


def test_the_participle_takes_the_actor_of_the_event_before_it(nlp):
    doc, ctx, spans = _setup(nlp, "وقام المحتجون بغلق الطريق، مطالبين بالتشغيل.")
    protesters = _mention(doc, "المحتجون")
    block = next(t for t in spans if t.text == "المحتجون")  # the agent noun states the protest
    before = Draft(block, "PROTEST", None, "noun", actor=protesters)
    draft = _participle(spans, "مطالبين")
    assert hal_subject(ctx, draft.trigger.sent, draft, [before]) is protesters
    assert hal_subject(ctx, draft.trigger.sent, draft, []) is None  # no clause to share


def test_the_participle_after_reported_speech_takes_the_speaker(nlp):
    doc, ctx, spans = _setup(nlp, "وأوضح منصر أن هناك صعوبات كبيرة، داعيا إلى الحوار.")
    speaker = _mention(doc, "منصر")
    draft = _participle(spans, "داعيا")
    draft.frame = Frame(1, speaker, None, 3, len(doc))
    assert hal_subject(ctx, draft.trigger.sent, draft, []) is speaker


def test_only_an_indefinite_participle_after_a_comma(nlp):
    doc, ctx, spans = _setup(nlp, "وقام المحتجون بغلق الطريق مطالبين بالتشغيل.")
    before = Draft(spans[0], "PROTEST", None, "noun", actor=_mention(doc, "المحتجون"))
    draft = _participle(spans, "مطالبين")
    assert hal_subject(ctx, draft.trigger.sent, draft, [before]) is None  # no comma
    doc, ctx, spans = _setup(nlp, "وقام المحتجون بغلق الطريق، المطالبين بالتشغيل.")
    before = Draft(spans[0], "PROTEST", None, "noun", actor=_mention(doc, "المحتجون"))
    draft = _participle(spans, "المطالبين")
    assert hal_subject(ctx, draft.trigger.sent, draft, [before]) is None  # definite: no حال


def test_a_chosen_actor_after_the_participle_is_its_object(nlp):
    doc, ctx, spans = _setup(nlp, "وأشار إلى خطورة الوضع، داعيا الحكومة إلى التراجع.")
    government = _mention(doc, "الحكومة")
    draft = _participle(spans, "داعيا")
    draft.actor = government
    assert is_hal(ctx, draft.trigger.sent, draft)
    hal_object(ctx, draft.trigger.sent, draft)
    assert draft.actor is None and draft.target is government
    party = _mention(doc, "خطورة")  # an actor before the participle stays
    draft.actor, draft.target = party, None
    hal_object(ctx, draft.trigger.sent, draft)
    assert draft.actor is party and draft.target is None


def test_a_passive_agent_before_the_participle_is_not_its_subject(nlp):
    doc, ctx, spans = _setup(
        nlp, "وأضافت القناة أن سبب اختفائه هو اختطافه من قبل مجهولين، داعية إلى الإفراج عنه."
    )
    unknown = _mention(doc, "مجهولين")
    kidnap = next(t for t in spans if t.text == "اختطافه")
    before = Draft(kidnap, "ASSAULT", None, "noun", actor=unknown)
    draft = _participle(spans, "داعية")
    assert hal_subject(ctx, draft.trigger.sent, draft, [before]) is None
