"""Tests of kg.evaluate on small hand-made gold articles, events and sentence lines."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from kg.errors import GoldError, InputError
from kg.evaluate import (
    GoldArticle,
    SentenceGold,
    load_events,
    load_gold,
    load_sentence_gold,
    paragraph_of,
    role_matches,
    score,
    score_sentences,
    sentences_as_articles,
)

DATA = Path(__file__).parent / "data"

ARTICLE = "\n".join(
    [
        "الجيش الوطني يقصف مصراتة",  # 0: headline
        "",
        "أعلن الجيش الوطني الليبي أنه دمر مخزنا للأسلحة بمدينة مصراتة.",  # 1
        "وقال المتحدث إن سلاح الجو أسقط طائرة تركية.",  # 2
        "وتظاهر سكان طرابلس ضد الحرب.",  # 3
        "وأكد الجيش أنه استهدف مخزن الأسلحة في مصراتة.",  # 4: restates paragraph 1
    ]
)

ENTITIES = [
    {
        "id": "LNA",
        "type": "ArmedForce",
        "en": "Libyan National Army",
        "ar": "الجيش الوطني الليبي",
        "aliases": ["الجيش الوطني", "الجيش"],
    },
    {"id": "LNA_AF", "en": "LNA Air Force", "ar": "سلاح الجو", "aliases": ["سلاح الجو"]},
    {"id": "GNA", "en": "Government of National Accord", "ar": "حكومة الوفاق", "aliases": []},
    {"id": "TUR", "en": "Turkey", "ar": "تركيا", "aliases": ["تركيا", "تركية"]},
    {"id": "MISRATA", "en": "Misrata", "ar": "مصراتة", "aliases": ["مدينة مصراتة"]},
    {"id": "TRIPOLI", "en": "Tripoli", "ar": "طرابلس", "aliases": []},
    {"id": "RESIDENTS", "en": "residents", "ar": "سكان", "aliases": ["سكان طرابلس"]},
]

GOLD = {
    "article": "a.txt",
    "language": "ar",
    "entities": ENTITIES,
    "relations": [{"subject": "LNA_AF", "predicate": "partOf", "object": "LNA"}],
    "events": [
        {"id": "g0", "paragraph": 0, "trigger": "يقصف", "type": "ASSAULT", "actor": ["LNA"],
         "target": None, "place": ["MISRATA"], "claimed_by": None},
        {"id": "g1", "paragraph": 1, "trigger": "دمر", "type": "ASSAULT", "actor": ["LNA"],
         "target": ["GNA", None], "place": ["MISRATA"], "claimed_by": ["LNA"],
         "corroborated_in": [4]},
        {"id": "g2", "paragraph": 2, "trigger": "أسقط", "type": "ASSAULT",
         "alt_types": ["COERCE"], "actor": ["LNA_AF", "LNA"], "target": ["TUR", "GNA"],
         "place": [None], "claimed_by": ["LNA", None]},
        {"id": "g3", "paragraph": 3, "trigger": "وتظاهر", "type": "PROTEST",
         "actor": ["RESIDENTS"], "target": None, "place": ["TRIPOLI"], "claimed_by": None},
    ],
}  # fmt: skip


def gold_copy(**event_changes: dict) -> dict:
    """A deep copy of GOLD with some events' keys changed (by event id)."""
    data = copy.deepcopy(GOLD)
    for event in data["events"]:
        event.update(event_changes.get(event["id"], {}))
    return data


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A directory holding the article a.txt."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def write_gold(directory: Path, data: dict, name: str = "a.gold.json") -> Path:
    """Write a gold dict as JSON and return its path."""
    path = directory / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def load(directory: Path, data: dict | None = None) -> list[GoldArticle]:
    """Write and load a gold file."""
    return load_gold(write_gold(directory, GOLD if data is None else data))


def ent(text: str | None = None, *, en: str | None = None, ar: str | None = None) -> dict:
    """An extracted role value."""
    return {"iri": "x", "kind": "Actor", "label_en": en, "label_ar": ar, "text": text,
            "start": 0, "end": 0}  # fmt: skip


def ev(trigger: str, event_type: str = "ASSAULT", **roles: dict | None) -> dict:
    """An extracted event whose trigger is the first occurrence of ``trigger`` in ARTICLE."""
    start = ARTICLE.index(trigger)
    event = {
        "article": "a.txt",
        "id": f"ev{start}",
        "event_type": event_type,
        "mode": None,
        "trigger": {"text": trigger, "start": start, "end": start + len(trigger)},
        "time": None,
        "sentence": {"text": "", "start": start, "end": start},
        "confidence": 0.9,
    }
    event.update({role: roles.get(role) for role in ("actor", "target", "place", "claimed_by")})
    return event


def perfect() -> list[dict]:
    """Events that match every scored gold event with every slot right."""
    return [
        ev("دمر", actor=ent("الجيش الوطني الليبي"), place=ent("بمدينة مصراتة"),
           claimed_by=ent("للجيش الوطني")),
        ev("أسقط", actor=ent("سلاح الجو"), target=ent("طائرة تركية")),
        ev("وتظاهر", "PROTEST", actor=ent("سكان"), place=ent("طرابلس")),
    ]  # fmt: skip


def status(result, event_id: str) -> tuple[str, str | None]:
    """The (status, gold id) of one extracted event."""
    (detail,) = [d for d in result.events if d.event_id == event_id]
    return detail.status, detail.gold_id


def test_perfect_extraction(workdir):
    result = score(load(workdir), perfect(), workdir)
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)
    assert (result.tp, result.fp, result.fn, result.duplicates) == (3, 0, 0, 0)
    assert {name: (s.correct, s.total) for name, s in result.slots.items()} == {
        "target": (3, 3),
        "place": (3, 3),
        "claimed_by": (3, 3),
    }
    assert [g.status for g in result.gold] == ["hit", "hit", "hit"]
    json.dumps(result.to_json(), ensure_ascii=False)
    assert "precision 1.000" in result.to_text()


def test_wrong_paragraph_is_false_positive_and_miss(workdir):
    events = perfect()[:2] + [ev("المتحدث", "PROTEST", actor=ent("سكان"))]
    result = score(load(workdir), events, workdir)
    assert (result.tp, result.fp, result.fn) == (2, 1, 1)
    assert status(result, events[2]["id"]) == ("false_positive", None)
    (g3,) = [g for g in result.gold if g.gold_id == "g3"]
    assert g3.status == "miss" and "nothing extracted in paragraph 3" in g3.reason
    fp = [d for d in result.events if d.status == "false_positive"][0]
    assert "g3 (paragraph 3)" in fp.reason
    assert result.precision == pytest.approx(2 / 3) and result.recall == pytest.approx(2 / 3)


def test_alt_types_accepted_other_types_not(workdir):
    gold = load(workdir)
    coerce = perfect()
    coerce[1]["event_type"] = "COERCE"
    assert score(gold, coerce, workdir).tp == 3
    threaten = perfect()
    threaten[1]["event_type"] = "THREATEN"
    result = score(gold, threaten, workdir)
    assert (result.tp, result.fp, result.fn) == (2, 1, 1)
    assert "g2 wants ASSAULT/COERCE" in result.events[1].reason


def test_actor_by_english_label(workdir):
    gold = load(workdir)
    events = perfect()
    events[0]["actor"] = ent("قوات حفتر", en="Libyan National Army")
    assert score(gold, events, workdir).tp == 3
    events[0]["actor"] = ent("قوات حفتر")
    result = score(gold, events, workdir)
    assert (result.tp, result.fp) == (2, 1)
    assert "wants actor LNA, got 'قوات حفتر'" in result.events[0].reason


def test_proclitic_forms_match_aliases(workdir):
    (gold,) = load(workdir)
    assert role_matches(ent("بمدينة مصراتة"), ["MISRATA"], gold)
    assert role_matches(ent("للجيش الوطني"), ["LNA"], gold)
    assert role_matches(ent("وقوات الجيش الوطني الليبيّ"), ["LNA"], gold)
    # whole tokens only: a word that merely starts with an alias does not match
    assert not role_matches(ent("الجيشين"), ["LNA"], gold)
    assert not role_matches(ent("تركيات"), ["TUR"], gold)
    result = score([gold], perfect(), workdir)
    assert result.events[0].slots == {"target": True, "place": True, "claimed_by": True}


def test_restatement_is_duplicate_not_false_positive(workdir):
    gold = load(workdir)
    events = perfect() + [
        # paragraph 4 is in g1's corroborated_in: same paragraph set, type and actor
        ev("استهدف", actor=ent("الجيش")),
        # paragraph 3 restates g2 (same type, actor and target)
        ev("ضد", actor=ent("الجيش الوطني"), target=ent("تركيا")),
    ]
    result = score(gold, events, workdir)
    assert (result.tp, result.fp, result.fn, result.duplicates) == (3, 0, 0, 2)
    assert status(result, events[3]["id"]) == ("duplicate", "g1")
    assert status(result, events[4]["id"]) == ("duplicate", "g2")
    assert result.precision == 1.0
    # a different target elsewhere is a new event, hence a false positive
    events[4]["target"] = ent("سكان طرابلس")
    result = score(gold, events, workdir)
    assert (result.fp, result.duplicates) == (1, 1)
    assert status(result, events[4]["id"]) == ("false_positive", None)


def test_corroborated_paragraph_matches_and_own_paragraph_preferred(workdir):
    gold = load(workdir)
    result = score(gold, [ev("استهدف", actor=ent("الجيش"))], workdir)
    assert status(result, result.events[0].event_id) == ("hit", "g1")
    # a gold event stated in paragraph 4 wins over g1, which only lists 4 as corroborating
    data = copy.deepcopy(GOLD)
    data["events"].append({**data["events"][1], "id": "g4", "paragraph": 4, "corroborated_in": []})
    result = score(load(workdir, data), [ev("استهدف", actor=ent("الجيش"))], workdir)
    assert result.events[0].gold_id == "g4"


def test_null_in_list_semantics(workdir):
    gold = load(workdir)
    events = perfect()
    events[1]["place"] = ent("مصراتة")  # g2 place [null]: only absence is right
    events[2]["target"] = ent("الحرب")  # g3 target null: only absence is right
    events[0]["claimed_by"] = None  # g1 claimed_by [LNA]: absence is wrong
    result = score(gold, events, workdir)
    assert result.tp == 3
    assert [d.slots for d in result.events] == [
        {"target": True, "place": True, "claimed_by": False},
        {"target": True, "place": False, "claimed_by": True},
        {"target": False, "place": True, "claimed_by": True},
    ]
    # an absent actor matches only when null is listed
    events = perfect()
    events[0]["actor"] = None
    assert score(gold, events, workdir).fp == 1
    gold_null = load(workdir, gold_copy(g1={"actor": ["LNA", None]}))
    assert score(gold_null, events, workdir).tp == 3
    gold_empty = load(workdir, gold_copy(g1={"actor": []}))
    assert score(gold_empty, events, workdir).tp == 3
    assert score(gold_empty, perfect(), workdir).tp == 2


def test_headline_events_ignored(workdir):
    events = perfect() + [ev("يقصف", actor=ent("الجيش الوطني"), place=ent("مصراتة"))]
    result = score(load(workdir), events, workdir)
    assert (result.tp, result.fp, result.fn, result.headline) == (3, 0, 0, 1)
    assert status(result, events[3]["id"]) == ("headline", None)
    assert "g0" not in {g.gold_id for g in result.gold}


def test_slot_accuracies(workdir):
    events = perfect()
    events[0]["target"] = ent("طائرة تركية")  # g1 target GNA or none
    events[2]["place"] = ent("مصراتة")  # g3 place Tripoli
    result = score(load(workdir), events, workdir)
    slots = result.slots
    assert (slots["target"].correct, slots["target"].total) == (2, 3)
    assert (slots["place"].correct, slots["place"].total) == (2, 3)
    assert slots["claimed_by"].share == 1.0
    assert slots["target"].share == pytest.approx(2 / 3)
    assert result.to_json()["slots"]["place"] == {"correct": 2, "total": 3, "share": 2 / 3}
    assert "target=WRONG" in result.to_text()


def test_optional_gold_events(workdir):
    gold = load(workdir, gold_copy(g3={"optional": True}))
    result = score(gold, perfect()[:2], workdir)
    assert (result.tp, result.fn, result.optional_missed, result.recall) == (2, 0, 1, 1.0)
    result = score(gold, perfect(), workdir)
    assert (result.tp, result.fn, result.optional_missed) == (3, 0, 0)


def test_events_of_other_articles_are_unscored(workdir):
    other = ev("دمر", actor=ent("الجيش"))
    other["article"] = "b.txt"
    result = score(load(workdir), [*perfect(), other], workdir)
    assert (result.tp, result.fp, result.unscored) == (3, 0, 1)


def test_bad_json_gold(tmp_path):
    path = tmp_path / "bad.gold.json"
    path.write_text('{\n "article": "a.txt",\n "entities": [,]\n}', encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad\.gold\.json:3: invalid JSON"):
        load_gold(path)


def test_unknown_entity_gold(tmp_path):
    path = write_gold(tmp_path, gold_copy(g2={"target": ["TUR", "FOO"]}))
    with pytest.raises(GoldError) as info:
        load_gold(path)
    assert str(info.value) == f"{path}: event g2 refers to unknown entity 'FOO'"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"g1": {"actor": "LNA"}}, "event g1: 'actor' must be a list of entity ids or null"),
        ({"g1": {"paragraph": "1"}}, "event g1: paragraph must be a non-negative integer"),
        ({"g1": {"corroborated_in": [4.5]}}, "event g1: corroborated_in must be a list"),
        ({"g1": {"type": "ASSAUT"}}, 'event g1: unknown event type "ASSAUT"'),
    ],
)
def test_malformed_event_gold(tmp_path, change, message):
    path = write_gold(tmp_path, gold_copy(**change))
    with pytest.raises(GoldError, match=f"^{path}: {message}"):
        load_gold(path)


def test_missing_key_gold(tmp_path):
    data = gold_copy()
    del data["events"][2]["actor"]
    path = write_gold(tmp_path, data)
    with pytest.raises(GoldError, match=r"a\.gold\.json: event g2: missing key 'actor'$"):
        load_gold(path)
    data = gold_copy()
    del data["entities"]
    with pytest.raises(GoldError, match=r"x\.gold\.json: missing key 'entities'$"):
        load_gold(write_gold(tmp_path, data, "x.gold.json"))


def test_gold_directory(tmp_path):
    with pytest.raises(GoldError, match="no \\*.gold.json files"):
        load_gold(tmp_path)
    write_gold(tmp_path, GOLD, "a.gold.json")
    write_gold(tmp_path, {**GOLD, "article": "b.txt"}, "b.gold.json")
    (tmp_path / "notes.json").write_text("{", encoding="utf-8")
    assert [g.article for g in load_gold(tmp_path)] == ["a.txt", "b.txt"]


def test_gold_paragraph_beyond_article(workdir):
    gold = load(workdir, gold_copy(g3={"paragraph": 9}))
    with pytest.raises(GoldError, match="event g3: paragraph 9 is beyond the article's 5"):
        score(gold, [], workdir)


@pytest.mark.parametrize("where", ["dotdot", "absolute", "symlink"])
def test_gold_article_outside_the_articles_folder(tmp_path, where):
    """The gold names a file outside --articles (``..``, absolute, a link out): not read."""
    articles, outside = tmp_path / "articles", tmp_path / "secret"
    articles.mkdir()
    outside.mkdir()
    (outside / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (articles / "link.txt").symlink_to(outside / "a.txt")
    name = {"dotdot": "../secret/a.txt", "absolute": str(outside / "a.txt"), "symlink": "link.txt"}
    gold_path = write_gold(tmp_path, {**GOLD, "article": name[where]})
    with pytest.raises(GoldError) as info:
        score(load_gold(gold_path), [], articles)
    assert str(info.value) == (
        f"{gold_path}: article {name[where]!r} is outside the articles folder {articles}"
    )


def test_evaluate_command_refuses_a_gold_article_outside_the_folder(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    (tmp_path / "events.jsonl").write_text("", encoding="utf-8")
    gold_path = write_gold(tmp_path, {**GOLD, "article": "../../../../../../../etc/passwd"})
    result = CliRunner().invoke(
        main, ["evaluate", str(gold_path), "--events", str(tmp_path / "events.jsonl"),
               "--articles", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"kg: error: {gold_path}: article '../../../../../../../etc/passwd' is outside the "
        f"articles folder {tmp_path}"
    ]


def test_load_events(tmp_path):
    path = tmp_path / "events.jsonl"
    lines = [json.dumps(e, ensure_ascii=False) for e in perfect()]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    assert load_events(path) == perfect()
    path.write_text(lines[0] + "\n{oops\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"events\.jsonl:2: invalid JSON"):
        load_events(path)
    broken = {**perfect()[0], "trigger": {"text": "x"}}
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(InputError, match=r"events\.jsonl:1: 'trigger' must be an object"):
        load_events(path)


def test_paragraph_of():
    text = "\n\nHeadline\n \nOne\r\nTwo"
    assert paragraph_of(text, 0) == 0
    assert paragraph_of(text, text.index("Headline")) == 0
    assert paragraph_of(text, text.index(" ")) == 0
    assert paragraph_of(text, text.index("One")) == 1
    assert paragraph_of(text, text.index("Two")) == 2
    assert [paragraph_of(ARTICLE, ARTICLE.index(t)) for t in ("يقصف", "دمر", "استهدف")] == [
        0,
        1,
        4,
    ]
    with pytest.raises(ValueError):
        paragraph_of(text, len(text) + 1)


def test_seed_gold_validates_and_scores():
    (gold,) = load_gold(DATA / "seed_000.gold.json")
    assert len(gold.events) == 16 and len(gold.scored_events) == 15
    assert gold.article == "000_af9ab40275ef7aca.txt"
    assert score([gold], [], DATA).fn == 15
    # one event per scored gold event, at its paragraph's first character, naming each role
    # by the Arabic name of its first acceptable entity: every one must match
    text = (DATA / gold.article).read_text(encoding="utf-8")
    starts, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(pos)
        pos += len(line) + 1
    events = []
    for g in gold.scored_events:
        event = {"article": gold.article, "id": g.id, "event_type": g.type,
                 "trigger": {"text": g.trigger, "start": starts[g.paragraph], "end": 0}}  # fmt: skip
        for role in ("actor", "target", "place", "claimed_by"):
            first = g.role(role)[0]
            event[role] = None if first is None else ent(gold.entities[first].ar)
        events.append(event)
    result = score([gold], events, DATA)
    assert (result.tp, result.fp, result.fn, result.duplicates) == (15, 0, 0, 0)
    assert all(s.share == 1.0 for s in result.slots.values())
    assert [d.gold_id for d in result.events] == [g.id for g in gold.scored_events]


SENTENCES = [
    {"id": "s1", "date": "20080110", "category": "ASSAULT", "text": "قتلت القوات الإسرائيلية 3 فلسطينيين",
     "events": [{"eid": "0", "eventtext": "قتلت", "sourcetext": "القوات الإسرائيلية",
                 "targettext": "3 فلسطينيين", "plover": "ASSAULT", "cameo": "",
                 "sourcecode": "ISR MIL", "targetcode": "PSE"}]},
    {"id": "s2", "date": "20070506", "category": "PROTEST", "text": "تظاهر طلاب الجامعة",
     "events": [{"eventtext": "تظاهر", "sourcetext": "الطلاب", "targettext": "",
                 "plover": "PROTEST"}]},
    {"id": "s3", "date": "20061201", "category": "ASSAULT", "text": "هدد المسلحون الشرطة",
     "events": [{"eventtext": "", "sourcetext": "", "targettext": "الشرطة",
                 "plover": "ASSAULT"}]},
]  # fmt: skip


def sentence_event(article: str, event_type: str, actor=None, target=None) -> dict:
    """An extracted event of a gold sentence."""
    return {"article": article, "event_type": event_type, "trigger": {"start": 0, "end": 1},
            "actor": actor, "target": target, "place": None, "claimed_by": None}  # fmt: skip


@pytest.fixture
def sentence_gold(tmp_path: Path) -> list[SentenceGold]:
    """The three hand-made sentence lines, loaded from a JSONL file."""
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in SENTENCES) + "\n")
    return load_sentence_gold(path)


def test_score_sentences(sentence_gold):
    events = [
        # s1: actor overlaps (قوات اسراييليه); target shares only the 1-char token "3"
        sentence_event("s1", "ASSAULT", ent("قوات إسرائيلية"), ent("3 مسلحين")),
        sentence_event("s1", "PROTEST"),
        # s2: actor overlaps after clitic stripping (طلاب); no targettext, target not measured
        sentence_event("s2", "PROTEST", ent(None, ar="طلاب الجامعة")),
        # s3: no ASSAULT found, one event of another type; no sourcetext
        sentence_event("s3", "THREATEN", ent("المسلحون"), ent("الشرطة")),
        sentence_event("elsewhere", "ASSAULT"),
    ]
    result = score_sentences(sentence_gold, events)
    all_ = result.overall
    assert (all_.sentences, all_.detected, all_.detection) == (3, 2, pytest.approx(2 / 3))
    assert (all_.actor_overlap, all_.actor_total, all_.actor_share) == (2, 2, 1.0)
    assert (all_.target_overlap, all_.target_total, all_.target_share) == (0, 1, 0.0)
    assert (all_.other_type_events, all_.other_per_sentence) == (2, pytest.approx(2 / 3))
    assault, protest = result.by_category["ASSAULT"], result.by_category["PROTEST"]
    assert list(result.by_category) == ["ASSAULT", "PROTEST"]
    assert (assault.sentences, assault.detection, assault.actor_share) == (2, 0.5, 1.0)
    assert (assault.target_total, assault.target_share, assault.other_per_sentence) == (1, 0, 1)
    assert (protest.sentences, protest.detection, protest.actor_share) == (1, 1.0, 1.0)
    assert (protest.target_total, protest.other_per_sentence) == (0, 0.0)
    assert [(d.detected, d.actor, d.target) for d in result.sentences] == [
        (True, True, False),
        (True, True, None),
        (False, None, None),
    ]
    assert result.to_json()["overall"]["detected"] == 2
    assert result.to_text().splitlines()[1].startswith("all")


def test_sentences_as_articles(sentence_gold):
    assert sentences_as_articles(sentence_gold)[0] == {
        "id": "s1",
        "text": SENTENCES[0]["text"],
        "date": "2008-01-10",
    }


def test_bad_sentence_gold(tmp_path):
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(SENTENCES[0]) + "\n" + json.dumps({"id": "x"}) + "\n")
    with pytest.raises(GoldError, match=r"dev\.jsonl:2: missing key 'category'"):
        load_sentence_gold(path)


@pytest.mark.shared
def test_shared_sentence_gold_loads():
    path = Path(__file__).resolve().parents[2] / "shared" / "eval" / "up_arabic_dev.jsonl"
    if not path.exists():
        pytest.skip("shared corpora absent")
    lines = load_sentence_gold(path)
    assert len(lines) == 459
    assert score_sentences(lines, []).overall.detection == 0.0


def test_span_scores_count_the_words_of_right_roles_and_exact_spans():
    """أعوان for أعوان الحراسة is right for the event score, half the words for the span score."""
    from kg.evaluate.corpus import score_corpus, span_scores
    from kg.train.annotations import AnnotatedEvent, Annotation, Sentence

    text = "وأوقف أعوان الحراسة شخصين. واعتقلت الشرطة مسلحا."
    sents = {"s1": Sentence("s1", "a", "localNews", "test", text)}
    gold = (
        AnnotatedEvent("وأوقف", "COERCE", "asserted", actor="أعوان الحراسة", target="شخصين"),
        AnnotatedEvent("واعتقلت", "COERCE", "asserted", actor="الشرطة", target="مسلحا"),
    )
    ann = {"s1": Annotation("s1", gold)}

    def ev(trigger: str, actor: str, target: str | None) -> dict:
        start = text.index(trigger)
        return {
            "article": "s1",
            "event_type": "COERCE",
            "trigger": {"start": start, "end": start + len(trigger)},
            "actor": {"text": actor},
            "target": {"text": target} if target else None,
        }

    events = [ev("وأوقف", "أعوان", "شخصين"), ev("واعتقلت", "الشرطة", None)]
    assert score_corpus(sents, ann, events).hits == 2  # any shared word makes the actor right
    actors = span_scores(sents, ann, events, "actor")
    assert (actors.pairs, actors.shared, actors.predicted_words, actors.gold_words) == (2, 2, 2, 3)
    assert actors.precision == 1.0 and actors.recall == pytest.approx(2 / 3)
    assert actors.exact_share == 0.5
    targets = span_scores(sents, ann, events, "target")
    assert (targets.pairs, targets.exact) == (1, 1)  # an empty target is not a span pair


def test_paired_bootstrap_over_articles():
    """B finds the event in 18 of 20 articles, A in 10: sure; the same run against itself: 0."""
    from kg.evaluate.corpus import paired_bootstrap
    from kg.train.annotations import AnnotatedEvent, Annotation, Sentence

    text = "واعتقلت الشرطة مسلحا."
    sents = {f"s{k}": Sentence(f"s{k}", f"a{k}", "localNews", "dev", text) for k in range(20)}
    gold = (AnnotatedEvent("واعتقلت", "COERCE", "asserted", actor="الشرطة", target="مسلحا"),)
    ann = {sid: Annotation(sid, gold) for sid in sents}

    def run(n: int) -> list[dict]:
        return [
            {
                "article": f"s{k}",
                "event_type": "COERCE",
                "trigger": {"start": 0, "end": len("واعتقلت")},
                "actor": {"text": "الشرطة"},
            }
            for k in range(n)
        ]

    d = paired_bootstrap(sents, ann, run(10), run(18), draws=500, seed=1)
    assert d.articles == 20
    assert (d.f1_a, d.f1_b) == (pytest.approx(2 * 10 / 30), pytest.approx(2 * 18 / 38))
    assert 0 < d.low < d.mean < d.high and d.b_better > 0.97
    same = paired_bootstrap(sents, ann, run(10), run(10), draws=200)
    assert (same.mean, same.low, same.high, same.b_better) == (0.0, 0.0, 0.0, 0.0)
