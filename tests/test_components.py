"""The language-neutral parts on hand-built Docs: sentences, gazetteer, triggers, the event-type
table, mode cues and the extraction driver; and the language seam (kg.lang)."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

from kg.errors import UnsupportedLanguage
from kg.extract.driver import extract
from kg.extract.event_types import EVENT_TYPES
from kg.extract.model import Draft, Frame
from kg.extract.roles import ModeCue, refine_mode
from kg.lang import available, extractor_version, get_pack, has_pack, make_nlp
from kg.lang.ar.lexicon import load_lexicon
from kg.nlp.extensions import CANDIDATES, ENTITIES, TRIGGERS, article_doc
from kg.nlp.gazetteer import Gazetteer, GazetteerTable
from kg.nlp.sentences import KgSentencizer
from kg.nlp.triggers import NormMatcher, TriggerMatcher, TriggerRule
from kg.registry import load_registry
from kg.types import Article, Event
from kg.vocab import MODES, PLOVER_TYPES

VOCAB = spacy.blank("xx").vocab


def doc(words: list[str], spaces: list[bool] | None = None) -> Doc:
    return Doc(VOCAB, words=words, spaces=spaces)


# -- sentences ----------------------------------------------------------------------------


def test_sentences_at_full_stops_and_line_breaks_not_in_numbers():
    d = doc(["A", "b", ".", "C", "1.5", "d", "\n", "E", "«", "f", ".", "»", "G"],
            [True, False, True, True, True, False, False, True, False, False, False, True, False])  # fmt: skip
    KgSentencizer()(d)
    assert d.text == "A b. C 1.5 d\nE «f.» G"
    assert [s.text for s in d.sents] == ["A b.", "C 1.5 d\n", "E «f.»", "G"]


def test_sentence_marks_are_config():
    d = doc(["a", "؟", "b"], [False, True, False])
    KgSentencizer(punct_chars=["."])(d)
    assert len(list(d.sents)) == 1


# -- gazetteer ----------------------------------------------------------------------------


def test_gazetteer_longest_name_quotes_inside_and_readings():
    table = GazetteerTable()
    table.add(("a", "b"), "ArmedForce", "iri:ab")
    table.add(("a",), "Place", "iri:a")
    table.add(("t",), "Place", "iri:t1")
    table.add(("t",), "Place", "iri:t2")  # an ambiguous name: two readings, the first wins
    table.add(("t",), "Place", "iri:t1")  # repeated: not a third reading
    d = doc(["x", "a", "«", "b", "»", "y", "t"])
    Gazetteer(table, quotes=["«", "»"])(d)
    assert [(s.text, s.id_) for s in d.spans[ENTITIES]] == [("a « b", "iri:ab"), ("t", "iri:t1")]
    assert d._.readings == {(6, 7): [("Place", "iri:t1"), ("Place", "iri:t2")]}


# -- triggers -----------------------------------------------------------------------------


def rule(key, etype, pos, words, mode=None, not_after=()):
    return TriggerRule(key, etype, mode, pos, ({"ORTH": {"IN": words}},), frozenset(not_after))


def test_trigger_spans_carry_their_rule():
    rules = [
        rule("1:noun", "ASSAULT", "noun", ["shelling"], mode="artillery"),
        rule("2:verb", "ASSAULT", "verb", ["shelling"]),  # same span: the verb reading wins
        rule("3:noun", "PROTEST", "noun", ["march"], not_after=["drone"]),
    ]
    d = doc(["the", "shelling", "a", "drone", "march", "then", "a", "march"])
    TriggerMatcher(VOCAB, rules)(d)
    found = [(t.text, t.start, t._.rule.key, t._.rule.event_type, t._.rule.mode) for t in d.spans[TRIGGERS]]  # fmt: skip
    assert found == [("shelling", 1, "2:verb", "ASSAULT", None), ("march", 7, "3:noun", "PROTEST", None)]  # fmt: skip
    assert all(t.label_ == t._.rule.event_type for t in d.spans[TRIGGERS])


def test_recall_candidates_do_not_touch_the_triggers():
    """A recall-only rule over the same word: a candidate only where no trigger is, and the
    trigger keeps its own rule (spaCy keys span attributes by offsets alone)."""
    recall = TriggerRule("9:participle", "PROTEST", None, "participle", ({"ORTH": {"IN": ["march", "rally"]}},), recall_only=True)  # fmt: skip
    rules = [rule("3:agent", "PROTEST", "agent", ["march"]), recall]
    d = doc(["a", "march", "and", "a", "rally"])
    TriggerMatcher(VOCAB, rules)(d)
    assert [(t.text, t._.rule.key) for t in d.spans[TRIGGERS]] == [("march", "3:agent")]
    assert [(t.text, t._.rule.key) for t in d.spans[CANDIDATES]] == [("rally", "9:participle")]


def test_the_norm_matcher_gives_what_spacys_matcher_gives():
    """NORM sets with gaps of non-punctuation tokens, looked up by first word: the same
    matches as spaCy's Matcher (every gap length that fits); other patterns go to it."""
    patterns = {
        "shell": [{"NORM": {"IN": ["shelled", "shell"]}}],
        "launch": [
            {"NORM": {"IN": ["launched", "launch"]}},
            {"IS_PUNCT": False, "OP": "{0,2}"},
            {"NORM": {"IN": ["strikes", "raids", "new"]}},
        ],
        "pair": [{"NORM": "air"}, {"NORM": {"IN": ["raids", "strikes"]}}],
        "orth": [{"ORTH": "Raids"}],
    }
    words = (
        "they launched new air raids , launched , strikes and Raids ; shell launched the strikes"
    )
    d = doc(words.split())
    ours, theirs = NormMatcher(VOCAB), Matcher(VOCAB)
    for key, pattern in patterns.items():
        ours.add(key, [pattern])
        theirs.add(key, [pattern])
    expected = sorted((VOCAB.strings[m], s, e) for m, s, e in theirs(d))
    assert sorted(ours(d)) == expected
    assert ("launch", 1, 3) in expected and ("launch", 1, 5) in expected  # both gap lengths
    assert not any(k == "launch" and s == 6 for k, s, _ in expected)  # no gap over a comma
    assert ("orth", 10, 11) in expected and len(ours) == 4


# -- the lexicon is valid data -----------------------------------------------------------


def test_lexicon_uses_only_ontology_types_and_modes():
    lex = load_lexicon()
    assert lex.triggers and {r.event_type for r in lex.triggers} <= set(PLOVER_TYPES)
    assert {r.mode for r in lex.triggers} - {None} <= MODES
    assert len({r.key for r in lex.triggers}) == len(lex.triggers)
    assert {r.pos for r in lex.triggers} <= {"verb", "noun", "agent", "passive", "participle"}
    assert lex.mode_cues and {c.mode for c in lex.mode_cues} <= MODES
    assert set().union(*(c.types for c in lex.mode_cues)) <= set(PLOVER_TYPES)


# -- the event-type table ---------------------------------------------------------------


def test_event_type_table_covers_every_plover_type():
    assert set(EVENT_TYPES) == set(PLOVER_TYPES)
    assert EVENT_TYPES["ASSAULT"].noun_genitive == "target"
    assert EVENT_TYPES["ASSAULT"].place_can_be_target is False
    assert EVENT_TYPES["CONSULT"].noun_genitive == "actor" and EVENT_TYPES["CONSULT"].needs_actor
    assert not EVENT_TYPES["ASSAULT"].needs_actor and EVENT_TYPES["ASSAULT"].material
    assert {t for t, e in EVENT_TYPES.items() if e.content_irrealis} == {"REQUEST", "THREATEN"}
    for e in EVENT_TYPES.values():
        assert set(e.target_from) <= set(PLOVER_TYPES)


def test_event_type_table_rejects_unknown_types(monkeypatch, tmp_path):
    import kg.extract.event_types as et

    bad = tmp_path / "event_types.json"
    bad.write_text(json.dumps({"_defaults": {}, "ASAULT": {}}), encoding="utf-8")
    monkeypatch.setattr(et.resources, "files", lambda _pkg: tmp_path)
    with pytest.raises(ValueError, match="ASAULT"):
        et._load()


# -- mode cues ------------------------------------------------------------------------------


def test_mode_cues_first_applicable_wins_and_final_stops():
    drone = ModeCue("drone", frozenset({"uav"}), frozenset({None, "aerial"}), final=True)
    aerial = ModeCue("aerial", frozenset({"jet"}))
    ceasefire = ModeCue("ceasefire", frozenset({"truce"}), None, frozenset({"REQUEST"}))
    cues = [drone, aerial, ceasefire]
    assert refine_mode(cues, ["jet"], "ASSAULT", None) == "aerial"
    assert refine_mode(cues, ["jet"], "ASSAULT", "artillery") == "artillery"
    assert refine_mode(cues, ["uav", "jet"], "ASSAULT", "aerial") == "drone"
    assert refine_mode(cues, ["uav", "truce"], "REQUEST", "kill") == "kill"  # final: stops
    assert refine_mode(cues, ["truce"], "REQUEST", "kill") == "ceasefire"
    assert refine_mode(cues, ["truce"], "ASSAULT", None) is None


# -- the driver with a grammar of its own -----------------------------------------------------


class OneEventPerTrigger:
    """A toy grammar: every trigger is an event; frames hold until a paragraph ends."""

    version = "toy-1"

    def __init__(self):
        self.previous: list[Frame | None] = []

    def context(self, doc, article, pub_date):
        from kg.extract.context import ArticleContext

        return ArticleContext(doc, load_registry(), article, pub_date, [])

    def register_mentions(self, ctx):
        pass

    def relations(self, ctx, sent):
        pass

    def frames(self, ctx, sent, previous):
        self.previous.append(previous)
        says = [t for t in sent if t.text == "says"]
        return [Frame(t.i, None, None, t.i + 1, sent.end) for t in says]

    def events(self, ctx, sent, frames, earlier):
        return [
            Draft(t, t._.rule.event_type, t._.rule.mode, t._.rule.pos)
            for t in ctx.doc.spans[TRIGGERS]
            if sent.start <= t.start < sent.end
        ]


def test_driver_walks_sentences_and_resets_frames_at_paragraphs():
    d = doc(["X", "says", "shelling", ".", "shelling", ".", "\n", "shelling", "."],
            [True, True, False, True, False, False, False, False, False])  # fmt: skip
    assert d.text == "X says shelling. shelling.\nshelling."
    KgSentencizer()(d)
    TriggerMatcher(VOCAB, [rule("1:verb", "ASSAULT", "verb", ["shelling"])])(d)
    d.spans[ENTITIES] = []
    grammar = OneEventPerTrigger()
    events, relations = extract(d, grammar, article="a.txt", pub_date=dt.date(2020, 1, 1))
    assert [(e.article, e.event_type, e.trigger.start, e.extractor) for e in events] == [
        ("a.txt", "ASSAULT", 7, "toy-1"),
        ("a.txt", "ASSAULT", 17, "toy-1"),
        ("a.txt", "ASSAULT", 27, "toy-1"),
    ]
    assert relations == []
    # the frame of sentence 1 is still open in sentence 2, not after the paragraph break
    first_frame = grammar.previous[1]
    assert first_frame is not None and first_frame.verb == 1
    assert grammar.previous[2] is None


# -- the language seam -----------------------------------------------------------------------


def test_packs():
    assert available() == ("ar", "en") and has_pack("ar") and has_pack("en")
    assert not has_pack("fr")
    assert get_pack("ar").NAME == "Arabic" and get_pack("en").NAME == "English"
    assert extractor_version("ar").startswith("kg ") and "learned-ar" in extractor_version("ar")
    assert "rules-en" in extractor_version("en")
    assert extractor_version("fr").endswith("no-pack-fr")
    with pytest.raises(UnsupportedLanguage, match="'fr'"):
        make_nlp("fr")


def test_article_metadata_reaches_the_components():
    nlp = make_nlp("ar", ner=False)  # the shipped models decide: the version says so
    art = Article("x.txt", "قصفت قوات الجيش الوطني الليبي مدينة مصراتة أمس.", "ar", "x.txt",
                  date=dt.date(2020, 5, 6))  # fmt: skip
    d = nlp(article_doc(nlp, art))
    assert d._.article is art
    (ev,) = d._.events
    assert ev.article == "x.txt" and ev.time.date == dt.date(2020, 5, 5)
    assert ev.extractor == extractor_version("ar")  # what a stored article's fingerprint holds
    bare = nlp(art.text)  # no article: no id, no date to resolve أمس against
    assert [(e.article, e.time.date) for e in bare._.events] == [("", None)]


def test_event_round_trips_through_json():
    nlp = make_nlp("ar", ner=False)
    text = (
        "وقال المتحدث باسم الجيش الوطني الليبي أحمد المسماري إن قواته دمرت طائرة تركية في مصراتة."
    )
    art = Article("x.txt", text, "ar", "x.txt", date=dt.date(2020, 5, 6))
    events = nlp(article_doc(nlp, art))._.events
    assert events
    for ev in events:
        assert Event.from_json(json.loads(json.dumps(ev.to_json("e")))) == ev


def test_build_warns_once_per_language_without_a_pack(tmp_path, caplog):
    from kg.build import build

    src = tmp_path / "in.jsonl"
    lines = [
        {"id": "fr1", "text": "Des drones turcs ont frappé Misrata lundi.", "lang": "fr"},
        {"id": "fr2", "text": "L'ANL a bombardé Tripoli.", "lang": "fr"},
        {"id": "ar1", "text": "قصفت قوات الجيش الوطني الليبي مدينة مصراتة.", "lang": "ar"},
    ]
    src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    with caplog.at_level(logging.WARNING, logger="kg"):
        result = build([src], tmp_path / "out", store=None)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [
        "warning: no language pack for 'fr': 2 article(s) stored without events (fr1, fr2)"
    ]
    assert result.articles == 3 and result.events == 1


def test_the_definite_form_of_a_candidate_sequence_keeps_the_rest_of_it():
    """وقفة احتجاجية → الوقفة الاحتجاجية, not الوقفة alone; القضاء على, not the judiciary القضاء."""
    from kg.lang.ar.lexicon import load_lexicon

    rules = {r.key: r for r in load_lexicon().triggers if r.recall_only}
    definite = [r for k, r in rules.items() if k.endswith("+") and k[:-1] in rules]
    assert definite
    for r in definite:
        assert len(r.pattern) == len(rules[r.key[:-1]].pattern), r.key
