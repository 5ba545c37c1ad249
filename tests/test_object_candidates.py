"""Role candidates in a trigger's object slots and groups with a possessive suffix (حزبه).

Objects: after a verb's subject, a number, على / ضد.

Rules only (no NER, no trained models): the tests see the candidates the role model is
offered, not its choice.
"""

from __future__ import annotations

import pytest
from kgfixtures_ar import trigger_candidate

from kg.lang import make_nlp


@pytest.fixture(scope="module")
def nlp():
    return make_nlp.__wrapped__("ar", ner=False, learned=False)


def _candidates(nlp, text: str, trigger: str) -> list[tuple[str, str, str]]:
    """(text, how, kind) of every role candidate of the trigger containing ``trigger``."""
    doc, cand = trigger_candidate(nlp, text, trigger)
    return [(doc[m.start : m.end].text, m.how, m.kind) for m in cand.mentions]


def _objects(cands: list[tuple[str, str, str]]) -> list[str]:
    return [text for text, how, _ in cands if how == "object"]


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # a verb's object follows its subject
        ("قصف الطيران الإسرائيلي نفقا قرب الحدود.", "قصف", ("نفقا", "object", "Group")),
        # the object after على of a verbal noun
        ("قامت مجموعة إرهابية بإطلاق النار على حاجز أمني.", "إطلاق", ("حاجز أمني", "object", "Group")),
        # a facility is a place of the article
        ("قصف الجيش مطارا قرب المدينة.", "قصف", ("مطارا", "object", "Place")),
        # a counted object, without the verb after it
        ("تمكنت دورية عسكرية من إيقاف 3 سيارات اقتربت من الحدود.", "إيقاف", ("3 سيارات", "object", "Group")),
        # a group with a possessive suffix
        ("وقال الحامدي، خلال مسيرة نظمها حزبه اليوم، إن الحكومة فشلت.", "مسيرة", ("حزبه", "possessed", "Organization")),
    ],
)  # fmt: skip
def test_object_and_possessed_candidates(nlp, text, trigger, expected):
    assert expected in _candidates(nlp, text, trigger)


def test_the_subject_is_not_taken_for_the_object(nlp):
    cands = _candidates(nlp, "قصف الطيران الإسرائيلي نفقا قرب الحدود.", "قصف")
    assert _objects(cands) == ["نفقا"]


@pytest.mark.parametrize(
    ("text", "trigger", "word"),
    [
        ("قتل مسلحون 16 شخصا على الأقل في السوق.", "قتل", "الأقل"),  # a compound preposition
        ("وقع هجوم في المدينة، وعثر الأعوان على سيارة.", "هجوم", "سيارة"),  # across a comma
    ],
)
def test_no_object(nlp, text, trigger, word):
    assert not any(word in t for t, _, _ in _candidates(nlp, text, trigger))


def test_the_preposition_amam_is_no_imam(nlp):
    """أمام ("in front of") and إمام ("imam") normalize alike; the hamza tells them apart."""
    cands = _candidates(nlp, "وتظاهر مئات الطلاب أمام السفارة الأمريكية بسيول.", "تظاهر")
    assert not any(text.startswith("أمام") for text, _, _ in cands), cands
