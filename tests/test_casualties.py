"""Casualty counts as the size of an event, and the detector's probability as confidence.

The decider here keeps every candidate (a detector of constant probability) and has no role
model, so the tests see the merge of casualty clauses and the counts, not the models.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import rdflib

from kg.extract.linear import LinearModel
from kg.graph.rdf import build_dataset
from kg.graph.validate import validate
from kg.lang import make_nlp
from kg.lang.ar.grammar.decide import Decider
from kg.nlp.extensions import article_doc
from kg.types import Article
from kg.vocab import KG

P_EVENT = 0.9


@pytest.fixture(scope="module")
def nlp():
    nlp = make_nlp.__wrapped__("ar", ner=False, learned=False)
    bias = np.log(P_EVENT / (1 - P_EVENT))
    always = LinearModel(["none", "event"], [], np.array([[0.0, bias]]), threshold=0.5)
    nlp.get_pipe("kg_events").grammar.decider = Decider(always)
    return nlp


def _events(nlp, text: str):
    return nlp(article_doc(nlp, Article("t.txt", text, "ar", "t.txt")))._.events


def _assaults(events):
    return [e for e in events if e.event_type == "ASSAULT"]


def test_a_toll_is_the_size_of_the_attack_it_reports(nlp):
    events = _assaults(_events(nlp, "أسفر هجوم على حاجز للشرطة عن مقتل 42 شخصا وإصابة سبعة آخرين."))
    assert [(e.trigger.text, e.killed, e.injured) for e in events] == [("هجوم", 42, 7)]


def test_casualty_clauses_alone_make_one_event(nlp):
    events = _assaults(_events(nlp, "قتل شخص وأصيب أربعة في مدينة سرت."))
    assert [(e.killed, e.injured) for e in events] == [(1, 4)]


def test_dates_years_and_measures_are_no_tolls(nlp):
    text = "أسفر القصف عن مقتل 3 أشخاص يوم 5 ماي 2016 وإصابة 20 كم من الطريق."
    (event,) = _assaults(_events(nlp, text))
    assert (event.killed, event.injured) == (3, None)


def test_duals_and_vague_counts(nlp):
    (dual,) = _assaults(_events(nlp, "أسفر الهجوم عن إصابة شخصين."))
    assert dual.injured == 2
    (vague,) = _assaults(_events(nlp, "أسفر الهجوم عن مقتل عشرات المدنيين."))
    assert vague.killed is None


def test_arrests_count_the_people_arrested(nlp):
    arrests = [
        e for e in _events(nlp, "اعتقلت الشرطة 25 شخصا في مدينة تونس.") if e.mode == "arrest"
    ]
    assert [e.arrested for e in arrests] == [25]


def test_confidence_is_the_detector_probability(nlp):
    (event,) = _assaults(_events(nlp, "قصفت الطائرات مواقع المسلحين في حلب."))
    assert event.confidence == pytest.approx(P_EVENT, abs=1e-3)
    rules = make_nlp.__wrapped__("ar", ner=False, learned=False)
    (ruled,) = _assaults(
        rules(
            article_doc(rules, Article("t", "قصفت الطائرات مواقع المسلحين في حلب.", "ar", "t"))
        )._.events
    )
    assert ruled.killed is None and ruled.confidence != pytest.approx(P_EVENT, abs=1e-3)


def test_tolls_reach_events_jsonl_and_the_graph(nlp):
    text = "أسفر هجوم على حاجز للشرطة عن مقتل 42 شخصا وإصابة سبعة آخرين."
    art = Article("t.txt", text, "ar", "t.txt", date=dt.date(2020, 1, 5))
    events = nlp(article_doc(nlp, art))._.events
    (ev,) = _assaults(events)
    line = ev.to_json("e1")
    assert (line["killed"], line["injured"], line["arrested"]) == (42, 7, None)
    assert type(ev).from_json(line) == ev
    ds = build_dataset([art], events)
    counts = {
        (p, o)
        for _, p, o, _ in ds.quads((None, None, None, None))
        if p in (KG.killed, KG.injured, KG.arrested)
    }
    xsd = rdflib.XSD.nonNegativeInteger
    assert counts == {
        (KG.killed, rdflib.Literal(42, datatype=xsd)),
        (KG.injured, rdflib.Literal(7, datatype=xsd)),
    }
    report = validate(ds)
    assert report.conforms, report


def test_tolls_conform_after_a_round_trip_through_the_store(nlp):
    """Oxigraph keeps "42"^^xsd:nonNegativeInteger as the equal xsd:integer: still valid."""
    from kg.graph.store import open_store

    text = "أسفر هجوم على حاجز للشرطة عن مقتل 42 شخصا وإصابة سبعة آخرين."
    art = Article("t.txt", text, "ar", "t.txt", date=dt.date(2020, 1, 5))
    store = open_store()
    store.update(build_dataset([art], nlp(article_doc(nlp, art))._.events))
    graph = store.union_graph()
    assert {o.datatype for o in graph.objects(None, KG.killed)} == {rdflib.XSD.integer}
    report = validate(graph)
    assert report.conforms, report


def test_a_negative_toll_breaks_the_shapes(nlp):
    text = "أسفر هجوم على حاجز للشرطة عن مقتل 42 شخصا."
    art = Article("t.txt", text, "ar", "t.txt")
    ds = build_dataset([art], nlp(article_doc(nlp, art))._.events)
    (g, rep) = next((g, s) for s, _, _, g in ds.quads((None, KG.killed, None, None)))
    ds.graph(g).set((rep, KG.killed, rdflib.Literal(-3)))
    assert not validate(ds).conforms


def test_words_that_only_begin_like_casualty_words_give_no_toll(nlp):
    text = "أسفر الهجوم عن مقتل 3 أشخاص وتوفير 500 منصب وإتلاف مصابيح 20 شارعا."
    (event,) = _assaults(_events(nlp, text))
    assert (event.killed, event.injured) == (3, None)
