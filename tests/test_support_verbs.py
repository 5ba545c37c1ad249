"""A verbal noun taken up by a support verb (هجوم شنه مسلحون): the verb's subject is the actor.

Rules only (no NER, no trained models), so the tests see the grammar, not the models.
"""

from __future__ import annotations

import pytest

from kg.lang import make_nlp
from kg.nlp.extensions import article_doc
from kg.types import Article


@pytest.fixture(scope="module")
def nlp():
    return make_nlp.__wrapped__("ar", ner=False, learned=False)


def _assault(nlp, text: str, trigger: str):
    doc = nlp(article_doc(nlp, Article("t.txt", text, "ar", "t.txt")))
    events = [e for e in doc._.events if e.event_type == "ASSAULT" and trigger in e.trigger.text]
    assert events, [(e.event_type, e.trigger.text) for e in doc._.events]
    return events[0]


def _label(ev, role: str) -> str:
    ref = getattr(ev, role)
    return ref.text if ref is not None else ""


@pytest.mark.parametrize(
    ("text", "trigger", "actor", "target"),
    [
        ("قتل حارس جراء هجوم شنه مسلحون على الشرطة في طهران.", "هجوم", "مسلحون", "الشرطة"),
        (
            "نددت الحكومة بالغارات الجوية التي نفذها التحالف على الجيش.",
            "غارات",
            "التحالف",
            "الجيش",
        ),
    ],
)
def test_the_subject_of_a_support_verb_is_the_actor(nlp, text, trigger, actor, target):
    ev = _assault(nlp, text, trigger)
    assert actor in _label(ev, "actor")
    assert target in _label(ev, "target")


def test_a_support_verbs_clause_is_not_the_object_of_the_noun(nlp):
    ev = _assault(
        nlp, "تسببت غارات شنها التحالف في منطقة يسيطر عليها المتمردون في مقتل عشرة.", "غارات"
    )
    assert "التحالف" in _label(ev, "actor")
    assert "المتمردون" not in _label(ev, "target")


def test_a_verb_form_after_a_preposition_is_the_verbal_noun(nlp):
    ev = _assault(nlp, "أصيب جنديان بقصف نفذه الجيش على القرية.", "قصف")
    assert "الجيش" in _label(ev, "actor")
