"""Unit tests for the Arabic pipeline: tokenizer, sentences, gazetteer, persons, triggers, roles.

The sentences here are written for the tests (Syria, Yemen, Sudan …), not taken from the seed,
so they check that the rules follow the language rather than one article.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
from pathlib import Path

import pytest
from spacy.tokens import Doc

from kg.extract import mint_iri
from kg.lang import make_nlp
from kg.lang.ar.normalize import normalize, strip_proclitics
from kg.nlp.extensions import ENTITIES, TRIGGERS, article_doc
from kg.types import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def nlp():
    """The rules alone: registry names and name rules, no trained NER or models (fast).

    These tests pin what the rules propose; the trained detector and role model that decide
    over them are tested in tests/test_decide.py.
    """
    return make_nlp("ar", ner=False, learned=False)


@pytest.fixture(scope="module")
def nlp_ner():
    """The rules with the shipped NER (for the rules that use its names)."""
    return make_nlp("ar", learned=False)


def run(nlp, text: str, pub_date: dt.date | None = None) -> Doc:
    """The doc of an article ``t.txt`` with this text (published ``pub_date``)."""
    return nlp(article_doc(nlp, Article("t.txt", text, "ar", "t.txt", date=pub_date)))


def ents(doc: Doc) -> list[tuple[str, str]]:
    return [(s.text, s.id_.rsplit("/", 1)[-1]) for s in doc.spans[ENTITIES]]


# -- normalization and tokens ------------------------------------------------------------


def test_normalize_folds_orthographic_variants():
    assert normalize("إِسْقَاطُ طائرةٍ مُسيّرةٍ") == "اسقاط طايره مسيره"
    assert normalize("مستشفى") == "مستشفي"
    assert normalize("٢٠٢٠") == "2020"


def test_strip_proclitics_keeps_names_whole():
    assert strip_proclitics("بركان") == "بركان"
    assert strip_proclitics("وبالعاصمة") == "العاصمه"


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("بـ«الجيش الوطني»", ["بـ", "«", "الجيش", "الوطني", "»"]),
        ("تركيا».", ["تركيا", "»", "."]),
        ("للجيش", ["ل", "لجيش"]),
        ("وبالعاصمة", ["و", "ب", "العاصمة"]),
        ("نفذ 9.5 طلعات", ["نفذ", "9.5", "طلعات"]),
        ("بركان", ["بركان"]),
        # one proclitic is tried before two: و + ليبيا, not ول + يبيا (left whole)
        ("وليبيا ولبنان وكانت", ["و", "ليبيا", "و", "لبنان", "و", "كانت"]),
        # not وك + مية: two proclitics need the stricter share (كمية is no lexicon word)
        ("وكمية", ["وكمية"]),
        # a frequent word is not two proclitics and a rarer stem (ولاية: و ل اية)
        ("ولاية سوسة", ["ولاية", "سوسة"]),
        # nor ك + ال before a rest never seen alone (a name)
        ("كاليفورنيا والدها", ["كاليفورنيا", "والدها"]),
    ],
)
def test_tokenizer_splits_glued_punctuation_and_clitics(nlp, text, tokens):
    doc = nlp.make_doc(text)
    assert [t.text for t in doc] == tokens
    assert doc.text == text


def test_tokenizer_norm_restores_article_after_lam(nlp):
    doc = nlp.make_doc("للجيش")
    assert [t.norm_ for t in doc] == ["ل", "الجيش"]


@pytest.mark.parametrize(
    "text",
    [
        "سطر أول\n\n  سطر  ثانٍ\t مع مسافات   \r\nوثالث\u200f «مقتبس»…",
        "  يبدأ بمسافة وينتهي بسطر جديد\n",
        "mixed English عربي، 2020-05-06; «TB2 بيرقدار»",
        "ـــ تطويل ـ و بـ و لـ",
    ],
)
def test_doc_text_equals_input_exactly(nlp, text):
    doc = nlp.make_doc(text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text


def test_doc_text_exact_on_seed(nlp):
    for path in (ROOT / "seeds").glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        assert nlp.make_doc(text).text == text


@pytest.mark.shared
def test_doc_text_exact_on_random_corpus_articles(nlp):
    corpus = SHARED / "corpora" / "ant_v1.1" / "articles.jsonl.gz"
    if not corpus.exists():
        pytest.skip(f"{corpus} absent: ../shared corpora are not beside this clone")
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(3000), fh, strict=False)]
    sample = random.Random(7).sample([t for t in texts if t], 200)
    for text in sample:
        doc = nlp.make_doc(text)
        assert doc.text == text


# -- sentences ------------------------------------------------------------------------------


def test_sentences_split_at_paragraphs_and_full_stops(nlp):
    doc = run(
        nlp, "العنوان هنا\n\nقال المتحدث إن القوات تقدمت. وأضاف أن 2.5 طن وصلت؟ نعم\nفقرة جديدة"
    )
    sents = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sents == [
        "العنوان هنا",
        "قال المتحدث إن القوات تقدمت.",
        "وأضاف أن 2.5 طن وصلت؟",
        "نعم",
        "فقرة جديدة",
    ]


# -- gazetteer and persons -----------------------------------------------------------------


def test_gazetteer_matches_through_clitics_and_quotes(nlp):
    doc = run(nlp, "قصفت القوات مواقع بمدينة مصراتة تابعة لحكومة «الوفاق» وللجيش الوطني.")
    found = ents(doc)
    assert ("مصراتة", "MISRATA") in found
    assert any(iri == "GNA" for _, iri in found)
    assert any(iri == "LNA" for _, iri in found)


def test_demonyms_are_marked(nlp):
    doc = run(nlp, "أسقطت الدفاعات طائرة تركية فوق إدلب.")
    labels = {(s.text, s.label_) for s in doc.spans[ENTITIES]}
    assert ("تركية", "DEMONYM") in labels


def test_person_after_title_and_before_role(nlp):
    doc = run(nlp, "وقال العقيد سامر الحلبي، المتحدث باسم الجيش السوري، إن الهجوم فشل.")
    persons = [s.text for s in doc.spans[ENTITIES] if s.label_ == "Person"]
    assert persons == ["سامر الحلبي"]


def test_name_after_title_starts_where_the_ner_says(nlp_ner):
    """Not every word after a title is the name: القائد الميداني خالد بوزريبة."""
    doc = run(nlp_ner, "قال القائد الميداني خالد بوزريبة إن قواته تقدمت نحو المدينة.")
    persons = [s.text for s in doc.spans[ENTITIES] if s.label_ == "Person"]
    assert persons == ["خالد بوزريبة"]


def test_surname_alone_is_the_same_unregistered_person(nlp_ner):
    """The NER (and its document pass) tags the surname alone; it must not become a 2nd node."""
    doc = run(
        nlp_ner,
        "قال القائد الميداني خالد بوزريبة إن قواته تقدمت نحو المدينة. "
        "واتهم بوزريبة قوات الحكومة بقصف الأحياء السكنية.",
    )
    assert ("بوزريبة", "PER") in {(e.text, e.label_) for e in doc.ents}
    accuse = [e for e in doc._.events if e.event_type == "ACCUSE"]
    assert accuse and accuse[0].actor is not None
    assert accuse[0].actor.text == "بوزريبة"
    assert accuse[0].actor.iri == mint_iri("Person", "خالد بوزريبة")


# -- triggers -----------------------------------------------------------------------------


def test_trigger_inflections_and_modes(nlp):
    doc = run(
        nlp, "يقصفون المدينة. قصفت الطائرات القرية. شنت المقاتلات غارات جوية. اعتقلت الشرطة ناشطين."
    )
    found = [(t.text, t._.rule.event_type, t._.rule.mode) for t in doc.spans[TRIGGERS]]
    assert ("يقصفون", "ASSAULT", None) in found
    assert ("قصفت", "ASSAULT", None) in found
    assert ("شنت المقاتلات غارات", "ASSAULT", "aerial") in found
    assert ("اعتقلت", "COERCE", "arrest") in found
    assert all(t.label_ == t._.rule.event_type for t in doc.spans[TRIGGERS])


def test_drone_is_not_a_march(nlp):
    doc = run(nlp, "أسقطت الدفاعات طائرة مسيرة. وانطلقت مسيرة حاشدة في صنعاء.")
    protests = [t.text for t in doc.spans[TRIGGERS] if t.label_ == "PROTEST"]
    assert protests == ["مسيرة"]
    assert doc.spans[TRIGGERS][-1].start > 5  # the second one, after "انطلقت"


# -- roles ------------------------------------------------------------------------------


def one(doc: Doc, event_type: str):
    evs = [e for e in doc._.events if e.event_type == event_type]
    assert len(evs) == 1, [(e.event_type, e.trigger.text) for e in doc._.events]
    return evs[0]


def label(ref) -> str | None:
    return None if ref is None else (ref.label_en or ref.label_ar)


def test_reporting_frame_sets_claimed_by_and_pronoun_subject(nlp):
    doc = run(
        nlp,
        "أعلنت قوات الدعم السريع أن قواتها دمرت مخزن أسلحة للجيش السوداني في مدينة الفاشر.",
    )
    ev = one(doc, "ASSAULT")
    assert label(ev.actor) == "Rapid Support Forces"
    assert ev.actor.text == "قواتها"
    assert label(ev.target) == "Sudanese Armed Forces"
    assert ev.place is not None and "الفاشر" in ev.place.text
    assert label(ev.claimed_by) == "Rapid Support Forces"
    assert ev.mode == "destroy"


def test_svo_after_complementizer_and_target_after_ala(nlp):
    doc = run(nlp, "وقالت مصادر محلية إن مسلحين هاجموا على حاجز للشرطة في تعز.")
    ev = one(doc, "ASSAULT")
    assert ev.actor is not None and "مسلحين" in ev.actor.text
    assert ev.actor.kind == "ArmedGroup"
    assert ev.place is not None and ev.place.label_en == "Taiz"


def test_vso_subject_after_verb(nlp):
    doc = run(nlp, "قصف الجيش الإسرائيلي مواقع لحركة حماس في خان يونس.")
    ev = one(doc, "ASSAULT")
    assert label(ev.actor) in ("Israel Defense Forces", "Israeli army")
    assert label(ev.target) == "Hamas"


def test_request_actor_and_ceasefire_mode_and_no_assault_inside_the_call(nlp):
    doc = run(nlp, "دعا الأمين العام للأمم المتحدة إلى وقف فوري للقتال وإطلاق النار في اليمن.")
    ev = one(doc, "REQUEST")
    assert label(ev.actor) == "United Nations"
    assert ev.mode == "ceasefire"
    assert not [e for e in doc._.events if e.event_type == "ASSAULT"]


def test_negated_and_anaphoric_triggers_are_not_new_events(nlp):
    doc = run(nlp, "لم يقصف الجيش السوري المدينة. وقال المرصد إن هذه الغارات كانت الأعنف.")
    assert [e.event_type for e in doc._.events] == []


def test_relative_time_resolves_only_with_a_publication_date(nlp):
    text = "وقال الجيش اليمني إن قواته أسقطت أمس طائرة مسيرة أطلقها الحوثيون."
    with_date = one(run(nlp, text, dt.date(2021, 3, 10)), "ASSAULT")
    without = one(run(nlp, text), "ASSAULT")
    assert with_date.time is not None and with_date.time.date == dt.date(2021, 3, 9)
    assert without.time is not None and without.time.date is None


def test_protesters_are_the_actor_of_their_protest(nlp):
    doc = run(nlp, "وتجمع مئات المتظاهرين أمام مقر البرلمان في بغداد.")
    ev = one(doc, "PROTEST")
    assert ev.actor is not None and ev.actor.kind == "Civilians"
    assert ev.place is not None and ev.place.label_en == "Baghdad"


def test_offsets_point_into_the_text(nlp):
    text = "العنوان\n\nأعلنت قوات الدعم السريع أن قواتها دمرت مخزن أسلحة للجيش السوداني."
    doc = run(nlp, text)
    for ev in doc._.events:
        for span in (ev.trigger, ev.sentence):
            assert text[span.start : span.end] == span.text
        for ref in (ev.actor, ev.target, ev.place, ev.claimed_by):
            if ref is not None:
                assert text[ref.start : ref.end] == ref.text


def test_pipeline_contracts_are_consistent(nlp):
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values())


def test_casualty_verbs_are_passive(nlp):
    doc = run(nlp, "قتل خمسة جنود عراقيين في انفجار عبوة ناسفة.")
    ev = next(e for e in doc._.events if e.trigger.text == "قتل")
    assert ev.actor is None
    assert ev.target is not None and "جنود" in ev.target.text
    ev = one(run(nlp, "وقالت الشرطة إن ثلاثة مدنيين أصيبوا بجروح."), "ASSAULT")
    assert ev.actor is None and ev.target is not None and "مدنيين" in ev.target.text


def test_active_killing_keeps_its_actor(nlp):
    ev = one(run(nlp, "قال الجيش إن القوات الأميركية قتلت 11 مسلحا من تنظيم القاعدة."), "ASSAULT")
    assert label(ev.actor) == "United States Armed Forces"
    assert label(ev.target) == "al-Qaeda"


def test_what_a_protest_is_against(nlp):
    ev = one(
        run(nlp, "تظاهر مئات الطلاب في عمان احتجاجا على زيارة وزير الخارجية الإسرائيلي."), "PROTEST"
    )
    assert ev.actor is not None and "الطلاب" in ev.actor.text
    assert ev.target is not None and "وزير الخارجية" in ev.target.text


def test_abducted_foreigners_are_the_target(nlp):
    ev = one(run(nlp, "خطف مسلحون مجهولون مهندسا فرنسيا في بنغازي."), "ASSAULT")
    assert ev.actor is not None and "مسلحون" in ev.actor.text
    assert ev.target is not None and "فرنسيا" in ev.target.text
    assert ev.mode == "abduction"


def test_ambiguous_place_names_follow_the_article_country(nlp):
    lebanon = one(
        run(nlp, "قصفت طائرات مواقع في طرابلس شمال لبنان، وقال الجيش اللبناني إن بيروت ستتحرك."),
        "ASSAULT",
    )
    libya = one(run(nlp, "قصف الجيش الوطني الليبي مواقع في طرابلس."), "ASSAULT")
    assert lebanon.place is not None and lebanon.place.label_en == "Tripoli (Lebanon)"
    assert libya.place is not None and libya.place.label_en == "Tripoli"
    jordan = one(
        run(nlp, "تظاهر مئات الطلاب في عمان احتجاجا على قرار الحكومة الأردنية."), "PROTEST"
    )
    assert jordan.place is not None and jordan.place.label_en == "Amman"
