"""The chosen actor or target widened to its whole noun phrase (kg.lang.ar.grammar.spans)."""

from __future__ import annotations

import pytest

from kg.extract.context import mint_iri
from kg.extract.model import Draft, Mention
from kg.lang import make_nlp
from kg.lang.ar.grammar import ArabicGrammar
from kg.lang.ar.grammar.spans import widen, widen_roles
from kg.nlp.extensions import article_doc
from kg.types import Article


@pytest.fixture(scope="module")
def nlp():
    """Rules alone, no NER: the names are the registry's."""
    return make_nlp.__wrapped__("ar", ner=False, learned=False)


def _setup(nlp, text: str, trigger: str):
    """The doc, its article context (mentions registered) and the trigger's one-token span."""
    doc = nlp(article_doc(nlp, Article("t.txt", text, "ar", "t.txt")))
    grammar: ArabicGrammar = nlp.get_pipe("kg_events").grammar
    ctx = grammar.context(doc, "t.txt", None)
    grammar.register_mentions(ctx)
    k = next(t.i for t in doc if t.text == trigger)
    return doc, ctx, doc[k : k + 1]


def _at(doc, words: str, kind: str = "Group", how: str = "group", iri: str = "x:m") -> Mention:
    """A mention over the first occurrence of ``words`` (token texts, space-separated)."""
    ws = words.split()
    for i in range(len(doc) - len(ws) + 1):
        if [t.text for t in doc[i : i + len(ws)]] == ws:
            return Mention(i, i + len(ws), iri, kind, False, how=how)
    raise AssertionError(f"{words!r} not in {[t.text for t in doc]}")


def _widened(nlp, text: str, trigger: str, words: str, **kw) -> tuple[str, Mention, Mention]:
    doc, ctx, trig = _setup(nlp, text, trigger)
    m = _at(doc, words, **kw)
    out = widen(ctx, trig.sent, m, None, trig)
    return doc[out.start : out.end].text, m, out


def test_a_head_noun_in_construct_takes_its_genitive_and_the_entity_is_minted_again(nlp):
    """أعوان الحراسة, not أعوان: the guards are named by the whole phrase."""
    text, m, out = _widened(nlp, "وأوقف أعوان الحراسة شخصين.", "وأوقف", "أعوان", kind="ArmedForce")
    assert text == "أعوان الحراسة"
    assert out.iri == mint_iri("ArmedForce", "أعوان الحراسة", "t.txt") != m.iri
    assert out.kind == "ArmedForce" and not out.registered


def test_a_unit_takes_its_genitive_adjectives_and_the_place_it_serves_in(nlp):
    """فرقة الشرطة العدلية بالمنستير; أعوان فرقة شرطة النجدة: a chain of unit nouns."""
    text, _, _ = _widened(nlp, "تمكنت فرقة الشرطة العدلية بالمنستير من إيقاف شخص.", "إيقاف", "فرقة")
    assert text == "فرقة الشرطة العدلية بالمنستير"
    text, _, _ = _widened(nlp, "وأوقف أعوان فرقة شرطة النجدة شابا.", "وأوقف", "أعوان")
    assert text == "أعوان فرقة شرطة النجدة"


def test_an_adjective_takes_its_noun_the_noun_in_construct_and_a_partitive(nlp):
    """المدني → عدد من نشطاء المجتمع المدني; the label leaves the partitive out."""
    doc, ctx, trig = _setup(nlp, "نفذ عدد من نشطاء المجتمع المدني وقفة احتجاجية.", "وقفة")
    out = widen(ctx, trig.sent, _at(doc, "المدني", kind="Civilians"), None, trig)
    assert doc[out.start : out.end].text == "عدد من نشطاء المجتمع المدني"
    assert ctx.labels[out.iri] == (None, "نشطاء المجتمع المدني")
    assert out.iri == mint_iri("Civilians", "نشطاء المجتمع المدني", "t.txt")


def test_a_kin_noun_before_the_mention_is_another_entity(nlp):
    """عائلة التلميذ رفضت: the family refused, not the pupil; صاحب الضيعة is a person."""
    text, m, out = _widened(
        nlp, "وقالت إن عائلة التلميذ رفضت تسلم الجثمان.", "رفضت", "التلميذ", kind="Civilians"
    )
    assert text == "عائلة التلميذ" and out.how == "kin" and out.kind == "Civilians"
    assert out.iri != m.iri
    text, _, out = _widened(nlp, "وهدد صاحب الضيعة النائبة.", "هدد", "الضيعة")
    assert text == "صاحب الضيعة" and out.kind == "Person"


def test_a_registered_entity_keeps_its_iri_when_its_span_grows(nlp):
    """قوات + الأمن الإسرائيلية: still Israel (the state the demonym names), with the phrase."""
    doc, ctx, trig = _setup(nlp, "وقتلت قوات الأمن الإسرائيلية شابا.", "قتلت")
    span = _at(doc, "الأمن الإسرائيلية")
    israel = Mention(span.start, span.end, "kg:ISR", "State", True, how="owner")
    out = widen(ctx, trig.sent, israel, None, trig)
    assert doc[out.start : out.end].text == "قوات الأمن الإسرائيلية"
    assert (out.iri, out.kind, out.registered) == ("kg:ISR", "State", True)


def test_a_phrase_stops_at_the_other_role_the_trigger_a_verb_and_a_sound_plural(nlp):
    """هاجم مسلحون الشرطة: subject and object; أعوان يحملون السلاح: a verb ends it."""
    doc, ctx, trig = _setup(nlp, "هاجم مسلحون الشرطة.", "هاجم")
    m = _at(doc, "مسلحون", kind="ArmedGroup")
    assert widen(ctx, trig.sent, m, None, trig) is m
    _, m, out = _widened(nlp, "وقال إن أعوان يحملون السلاح اعتقلوا شابا.", "اعتقلوا", "أعوان")
    assert out is m
    doc, ctx, trig = _setup(nlp, "واعتقلت أعوان الحراسة.", "اعتقلت")
    m = _at(doc, "أعوان", kind="ArmedForce")
    other = _at(doc, "الحراسة", how="np", iri="x:o")
    assert widen(ctx, trig.sent, m, other, trig) is m  # never over the other role
    doc, ctx, trig = _setup(nlp, "وطالب عائلة بالتحقيق.", "طالب")
    m = _at(doc, "عائلة", kind="Civilians")
    assert widen(ctx, trig.sent, m, None, trig) is m  # never over the trigger


def test_widen_roles_gives_each_draft_the_phrases_of_its_actor_and_target(nlp):
    doc, ctx, trig = _setup(nlp, "وأوقف أعوان الحراسة عائلة المتهم.", "وأوقف")
    actor = _at(doc, "أعوان", kind="ArmedForce")
    target = _at(doc, "المتهم", how="np", iri="x:t")
    draft = Draft(trig, "COERCE", None, "verb", actor=actor, target=target)
    widen_roles(ctx, trig.sent, [draft])
    assert doc[draft.actor.start : draft.actor.end].text == "أعوان الحراسة"
    assert doc[draft.target.start : draft.target.end].text == "عائلة المتهم"
