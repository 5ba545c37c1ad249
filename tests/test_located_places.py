"""A place named as where something is (في سوسة، بالمنستير، ولاية المهدية) is not the actor.

The role model may prefer it (the gold actor «النيابة العمومية بالمنستير» holds the place, and
the scorer counts any overlap); the decoding does not let it be the actor. A hand-built role
model that prefers every place shows the rule, not the trained models.
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
    nlp = make_nlp.__wrapped__("ar", ner=True, learned=False)
    always = LinearModel(["none", "event"], [], np.array([[0.0, 3.0]]), threshold=0.5)
    w = np.zeros((2, 3))
    w[0, 1] = 6.0  # kind=Place → actor
    w[1] = [0.0, -3.0, -6.0]  # biases: none, actor, target
    places = LinearModel(["none", "actor", "target"], ["kind=Place"], w, threshold=0.5)
    nlp.get_pipe("kg_events").grammar.decider = Decider(always, places, keep_rule_roles=False)
    yield nlp
    nlp.get_pipe("kg_events").grammar.decider = None


def _actors(nlp, text: str) -> list[tuple[str, str | None]]:
    doc = nlp(article_doc(nlp, Article("t.txt", text, "ar", "t.txt")))
    return [(e.trigger.text, e.actor.text if e.actor else None) for e in doc._.events]


@pytest.mark.parametrize(
    "text",
    [
        "وقد تم إيقافه ونقله إلى مقر الأمن بسوسة لمواصلة الأبحاث.",
        "دخل البحارة في ولاية المهدية في إضراب مفتوح.",
    ],
)
def test_a_place_where_it_happened_is_not_the_actor(nlp, text):
    found = _actors(nlp, text)
    assert found and all(actor is None for _, actor in found)


def test_a_place_named_bare_may_still_be_chosen(nlp):
    # the same role model, a place with no preposition or place noun before it
    assert ("قصفت", "سوسة") in _actors(nlp, "قصفت سوسة مواقع المسلحين.")
