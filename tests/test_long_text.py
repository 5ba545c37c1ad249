"""Cost that stays bounded: long sentences are cut, an unpunctuated article runs in linear work."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from kg.build import extract_articles
from kg.ingest import MAX_ARTICLE_CHARS, read_articles
from kg.lang import make_nlp
from kg.lang.ar.pipeline import make_nlp as fresh_nlp
from kg.nlp.extensions import article_doc
from kg.nlp.sentences import MAX_SENTENCE_TOKENS, KgSentencizer
from kg.types import Article

ROOT = Path(__file__).resolve().parents[1]
VOCAB = spacy.blank("xx").vocab


def unpunctuated(chars: int) -> str:
    """The seed article without punctuation or line breaks, repeated to ``chars`` characters."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    text = " ".join(re.sub(r"[.،,؛;:؟?!«»\"“”'()\-]", " ", text).split())
    return ((text + " ") * (chars // len(text) + 1))[:chars].strip()


def test_an_overlong_sentence_is_cut_at_a_clause_start_or_a_comma_else_at_the_limit():
    cut = KgSentencizer(max_tokens=10, clause_starts=["and"])
    words = ["w"] * 7 + ["and"] + ["w"] * 6 + [","] + ["w"] * 12
    doc = cut(Doc(VOCAB, words=words))
    # the last boundary in the window's second half: "and" (7), the comma (14 → 15), then 10
    assert [s.start for s in doc.sents] == [0, 7, 15, 25]
    assert max(len(s) for s in doc.sents) <= 10
    # a sentence of the limit's length is left whole
    assert len(list(cut(Doc(VOCAB, words=["w"] * 10)).sents)) == 1


def test_no_sentence_of_an_unpunctuated_article_is_longer_than_the_limit():
    text = unpunctuated(50_000)
    t0 = time.perf_counter()
    doc = make_nlp("ar")(article_doc(make_nlp("ar"), Article("long", text, "ar", "test")))
    elapsed = time.perf_counter() - t0
    lengths = [len(s) for s in doc.sents]
    assert max(lengths) <= MAX_SENTENCE_TOKENS
    assert sum(lengths) == len(doc) > 8_000
    assert doc._.events  # the pieces still hold events
    assert elapsed < 120  # does it stop at all (about 3 s here; 8 minutes before the cut)


@pytest.fixture(scope="module")
def counted() -> tuple[object, list[int]]:
    """A pipeline whose decider counts the (trigger, candidate entity) pairs it examines."""
    nlp = fresh_nlp()
    pairs = [0]
    decider = nlp.get_pipe("kg_events").grammar.decider
    decider.collect = lambda sent, cand: pairs.__setitem__(0, pairs[0] + len(cand.mentions))
    return nlp, pairs


def test_the_candidate_pairs_grow_linearly_with_the_article(counted):
    nlp, pairs = counted
    seen = []
    for chars in (6_000, 12_000):
        pairs[0] = 0
        nlp(article_doc(nlp, Article(f"long{chars}", unpunctuated(chars), "ar", "test")))
        seen.append(pairs[0])
    assert seen[0] > 100
    assert seen[1] / seen[0] < 2.5  # twice the text, twice the pairs (one sentence: 4×)


def test_the_pipeline_takes_every_article_ingest_accepts():
    assert make_nlp("ar").max_length >= MAX_ARTICLE_CHARS
    assert fresh_nlp(ner=False).max_length >= MAX_ARTICLE_CHARS


def test_the_pipeline_limit_follows_the_ingest_limit(monkeypatch):
    """Set from the constant, not equal by chance (spaCy's default is 1M, as the limit today)."""
    monkeypatch.setattr("kg.lang.ar.pipeline.MAX_ARTICLE_CHARS", 1_500_000)
    assert fresh_nlp(ner=False).max_length == 1_500_000


@pytest.mark.slow
def test_an_article_at_the_size_limit_goes_through(tmp_path):
    """About 2.5 minutes and 3 GB here (the NER reads the whole text at once)."""
    path = tmp_path / "long.txt"
    text = unpunctuated(MAX_ARTICLE_CHARS + 1000)[: MAX_ARTICLE_CHARS - 1] + "."
    path.write_text(text, encoding="utf-8")
    (article,) = read_articles([path])
    assert len(article.text) == MAX_ARTICLE_CHARS
    events, _ = extract_articles([article])
    assert len(events) > 1000
