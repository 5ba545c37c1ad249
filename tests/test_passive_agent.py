"""A passive's agent (من قبل، من طرف، على يد …) is the actor of a material act.

Rules only (no NER, no trained models) for the candidates and spans; the decision rule is
tested on hand-built drafts.
"""

from __future__ import annotations

import pytest
from kgfixtures_ar import trigger_candidate

from kg.extract.model import Draft, Mention
from kg.lang import make_nlp
from kg.lang.ar.grammar.candidates import agent_marker, states_agent
from kg.lang.ar.grammar.clauses import passive_agent
from kg.lang.ar.grammar.context import ArabicContext
from kg.lang.ar.grammar.spans import widen
from kg.lang.ar.lexicon import load_lexicon
from kg.nlp.extensions import CANDIDATES, TRIGGERS, article_doc
from kg.types import Article


@pytest.fixture(scope="module")
def nlp():
    return make_nlp.__wrapped__("ar", ner=False, learned=False)


def _candidates(nlp, text: str, trigger: str):
    """The doc and the (mention, features) of every role candidate of ``trigger``."""
    doc, cand = trigger_candidate(nlp, text, trigger)
    return doc, list(zip(cand.mentions, cand.role_features, strict=True))


def _text(doc, m: Mention) -> str:
    return doc[m.start : m.end].text


@pytest.mark.parametrize(
    ("text", "trigger", "agent"),
    [
        ("وقد تم اختطاف الصحفي من قبل ملثمين مجهولين.", "اختطاف", "ملثمين مجهولين"),
        ("وتعرض الشاب لاعتداء من طرف منحرفين ليلة أمس.", "اعتداء", "منحرفين"),
        ("وقد قتل الصياد على يد حرس الحدود.", "قتل", "حرس الحدود"),
    ],
)  # fmt: skip
def test_the_agent_is_a_candidate_marked_as_such(nlp, text, trigger, agent):
    doc, cands = _candidates(nlp, text, trigger)
    found = {_text(doc, m): f for m, f in cands}
    head = next((t for t in found if agent.startswith(t)), None)  # spans widen after the choice
    assert head is not None, sorted(found)
    assert "agent_prep=after" in found[head]
    assert f"{trigger_type(nlp, text, trigger)}|agent_prep=after" in found[head]
    assert not any(t.startswith(("طرف", "قبل", "يد")) for t in found), sorted(found)
    others = [f for t, f in found.items() if t != head]
    assert not any("agent_prep=after" in f for f in others)


def trigger_type(nlp, text: str, trigger: str) -> str:
    doc = nlp(article_doc(nlp, Article("t.txt", text, "ar", "t.txt")))
    spans = [*doc.spans[TRIGGERS], *doc.spans[CANDIDATES]]
    return next(t._.rule.event_type for t in spans if trigger in t.text)


def test_the_marker_noun_is_no_party_and_no_head_of_the_agent(nlp):
    """طرف is a participant noun («طرف في النزاع»), but not in من طرف الشرطة."""
    doc, cands = _candidates(nlp, "فر المشتبه به قبل اعتقاله من طرف الشرطة في المدينة.", "اعتقال")
    police = next(m for m, _ in cands if _text(doc, m) == "الشرطة")
    ctx = ArabicContext(doc, load_lexicon(), "t.txt", None)
    sent = doc[police.start].sent
    assert agent_marker(ctx, police.start, sent.start) == police.start - 2
    assert agent_marker(ctx, police.start - 1, sent.start) is None
    trig = next(t for t in doc.spans[TRIGGERS] if "اعتقال" in t.text)
    assert _text(doc, widen(ctx, sent, police, None, trig)) == "الشرطة"
    assert states_agent(ctx, sent, trig, police)
    # the party of a conflict is still a candidate where no marker precedes it
    doc, cands = _candidates(nlp, "واتهم الحزب طرفا سياسيا بالتحريض.", "اتهم")
    assert any(_text(doc, m).startswith("طرف") for m, _ in cands)


def _draft(nlp, text: str, trigger: str, event_type: str):
    doc = nlp(article_doc(nlp, Article("t.txt", text, "ar", "t.txt")))
    ctx = ArabicContext(doc, load_lexicon(), "t.txt", None)
    trig = next(t for t in [*doc.spans[TRIGGERS], *doc.spans[CANDIDATES]] if trigger in t.text)

    def mention(words: str) -> Mention:
        start = next(t.i for t in doc if t.text == words.split()[0])
        return Mention(start, start + len(words.split()), "x:" + words, "Group", False)

    return ctx, trig.sent, Draft(trig, event_type, None, "noun"), mention


def test_the_agent_of_a_material_act_is_its_actor(nlp):
    ctx, sent, draft, mention = _draft(
        nlp, "وقد تم اختطاف الصحفي من قبل ملثمين مجهولين.", "اختطاف", "ASSAULT"
    )
    journalist, gunmen = mention("الصحفي"), mention("ملثمين مجهولين")
    draft.actor, draft.target = journalist, gunmen  # the role model's swap
    passive_agent(ctx, sent, draft, [journalist, gunmen])
    assert (draft.actor, draft.target) == (gunmen, journalist)
    draft.actor, draft.target = None, None
    passive_agent(ctx, sent, draft, [journalist, gunmen])
    assert (draft.actor, draft.target) == (gunmen, None)


def test_a_verbal_act_and_a_far_marker_are_left_alone(nlp):
    # the agent of a nested act: the accused, not the accuser
    ctx, sent, draft, mention = _draft(
        nlp, "وندد الحزب باستعمال العنف من طرف قوات الأمن.", "ندد", "ACCUSE"
    )
    party, police = mention("الحزب"), mention("قوات الأمن")
    draft.actor, draft.target = party, police
    passive_agent(ctx, sent, draft, [party, police])
    assert (draft.actor, draft.target) == (party, police)
    # the agent of the verb between: the army killed the attacker, not attacked
    ctx, sent, draft, mention = _draft(
        nlp, "وقال إن منفذ الاعتداء الذي قتل على يد قوات الجيش معروف.", "الاعتداء", "ASSAULT"
    )
    army = mention("قوات الجيش")
    passive_agent(ctx, sent, draft, [army])
    assert draft.actor is None
    # more than AGENT_GAP words between the trigger and the marker
    ctx, sent, draft, mention = _draft(
        nlp, "وتم اقتحام مقر الحزب في وسط المدينة ليلا من قبل مجهولين.", "اقتحام", "ASSAULT"
    )
    unknown = mention("مجهولين")
    passive_agent(ctx, sent, draft, [unknown])
    assert draft.actor is None
