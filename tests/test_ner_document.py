"""Tests for the document-level name pass (kg.nlp.ner.propagate_names, ``kg_ner_document``)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from kg.lang.ar.pipeline import common_words, ner_model_path
from kg.nlp.ner import NER, NER_DOCUMENT, propagate_names


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("ar").vocab


def _doc(vocab, text: str, ents: list[tuple[int, int, str]] = ()) -> Doc:
    doc = Doc(vocab, words=text.split())
    doc.ents = [Span(doc, a, b, label=lab) for a, b, lab in ents]
    return doc


def _ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


def test_surname_of_a_full_name_is_a_person_in_later_sentences(vocab):
    first = _doc(vocab, "قال الرئيس بشار الاسد ان الجيش تقدم", [(2, 4, "PER")])
    second = _doc(vocab, "و اضاف الاسد ان المعارك مستمرة")
    assert propagate_names([first, second]) == 1
    assert _ents(second) == [("الاسد", "PER")]
    assert _ents(first) == [("بشار الاسد", "PER")]  # the full name is left as it was
    # without surnames only exact repeats spread
    second = _doc(vocab, "و اضاف الاسد ان المعارك مستمرة")
    assert propagate_names([first, second], surnames=False) == 0


def test_exact_repeats_take_the_majority_label_longest_first(vocab):
    a = _doc(vocab, "اجتمع مجلس التعاون الخليجي في الرياض", [(1, 4, "ORG"), (5, 6, "LOC")])
    b = _doc(vocab, "و دعا مجلس التعاون الخليجي الي الحوار في الرياض")
    assert propagate_names([a, b]) == 2
    assert _ents(b) == [("مجلس التعاون الخليجي", "ORG"), ("الرياض", "LOC")]


def test_ties_short_common_and_non_alphabetic_keys_are_not_spread(vocab):
    a = _doc(vocab, "فاز قطر علي عمان", [(1, 2, "ORG"), (3, 4, "LOC")])
    b = _doc(vocab, "و زار الوفد قطر", [(3, 4, "LOC")])
    c = _doc(vocab, "قطر بلد و عمان بلد و مع 2020")
    d = _doc(vocab, "قال مع ان عام 2020", [(1, 2, "PER"), (4, 5, "LOC")])
    added = propagate_names([a, b, c, d], is_common={"عمان"}.__contains__)
    assert added == 0  # قطر: ORG 1 vs LOC 1; عمان: common; مع: 2 letters; 2020: a number
    assert _ents(c) == []


def test_entities_already_found_are_never_changed(vocab):
    a = _doc(vocab, "وصل علي حسن الي طرابلس", [(1, 3, "PER"), (4, 5, "LOC")])
    b = _doc(vocab, "مطار طرابلس الدولي مغلق", [(0, 3, "LOC")])
    c = _doc(vocab, "قال حسن ان مطار طرابلس الدولي مغلق", [(3, 6, "ORG")])
    propagate_names([a, b, c])
    assert _ents(b) == [("مطار طرابلس الدولي", "LOC")]
    assert _ents(c) == [("حسن", "PER"), ("مطار طرابلس الدولي", "ORG")]


def test_common_words_are_the_most_frequent_ant_words():
    common = common_words(100)
    assert len(common) == 100
    assert {"في", "من", "الي"} <= common
    assert "المسماري" not in common_words()


@pytest.mark.skipif(not (ner_model_path() / "meta.json").is_file(), reason="no shipped NER")
def test_pipeline_spreads_names_over_the_article():
    from kg.lang import make_nlp

    nlp = make_nlp()
    assert nlp.pipe_names.index(NER_DOCUMENT) == nlp.pipe_names.index(NER) + 1
    text = "أعلن المتحدث أحمد المسماري أن القوات تقدمت. وأكد المسماري أن الطيران قصف المواقع."
    with nlp.select_pipes(disable=[NER_DOCUMENT]):
        plain = set(_ents(nlp(text)))
    spread = set(_ents(nlp(text)))
    assert plain <= spread
    assert ("المسماري", "PER") in spread
