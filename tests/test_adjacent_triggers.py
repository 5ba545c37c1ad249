"""Triggers of one type that touch are one act (عبوة ناسفة انفجرت).

The decider keeps every candidate (a detector of constant probability) and has no role
model, so the tests see the merge of touching triggers, not the models.
"""

from __future__ import annotations

import numpy as np
import pytest

from kg.extract.linear import LinearModel
from kg.lang import make_nlp
from kg.lang.ar.grammar.decide import Decider
from kg.nlp.extensions import article_doc
from kg.types import Article


@pytest.fixture(scope="module")
def nlp():
    nlp = make_nlp.__wrapped__("ar", ner=False, learned=False)
    bias = np.log(0.9 / 0.1)
    always = LinearModel(["none", "event"], [], np.array([[0.0, bias]]), threshold=0.5)
    nlp.get_pipe("kg_events").grammar.decider = Decider(always)
    yield nlp
    nlp.get_pipe("kg_events").grammar.decider = None


def _triggers(nlp, text: str, etype: str = "ASSAULT") -> list[str]:
    doc = nlp(article_doc(nlp, Article("t.txt", text, "ar", "t.txt")))
    return [e.trigger.text for e in doc._.events if e.event_type == etype]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bomb that exploded: the noun, its adjective and the verb tell one act
        ("قالت الشرطة إن عبوة ناسفة انفجرت في السوق.", ["عبوة"]),
        # a verb whose subject is the attack noun: the noun names the act
        ("استهدف تفجيران انتحاريان مركزين أمنيين في المدينة.", ["تفجيران"]),
        # a conjunction makes two acts
        ("وقع قصف واشتباكات في المدينة.", ["قصف", "اشتباكات"]),
        # a definite noun is no construct head: the noun after it is another act
        ("وأعقب الانفجار إطلاق النار على الحاجز.", ["الانفجار", "إطلاق النار"]),
    ],
)  # fmt: skip
def test_touching_triggers_of_one_type_are_one_event(nlp, text, expected):
    assert _triggers(nlp, text) == expected
