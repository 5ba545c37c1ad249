"""Tests for NER training (kg.train) and the shipped model (kg/models/ar_ner, kg.nlp.ner).

The smoke test trains a few steps on ``tests/data/ner_tiny.txt``: hand-written sentences in
the NewsFANE Gold format (BOM-free, LRM marks, CRLF, tab-only separator lines), not corpus text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from kg.nlp.ner import load_ner, ner_model_path
from kg.nlp.pipeline import make_nlp
from kg.train import (
    LABEL_MAP,
    NEWSFANE,
    NerArch,
    _ner_model_config,
    main,
    model_size,
    pipeline_tokenizer,
    prepare_newsfane,
    read_newsfane,
    split_blocks,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TINY = ROOT / "tests" / "data" / "ner_tiny.txt"
SENTENCE = "قال الرئيس عبد الفتاح السيسي في القاهرة إن الحوار الوطني سيستمر حتى نهاية العام."
MAX_MB = 30


def test_read_and_map_tiny_fixture():
    sents = read_newsfane(TINY)
    assert len(sents) == 17
    assert sents[0][0] == ("قال", "O")  # LRM stripped
    data = prepare_newsfane(TINY)
    assert data.stats["misaligned_dropped"] == 0
    doc = data.train[0]
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("عبد الفتاح السيسي", "PER"),
        ("القاهرة", "LOC"),
    ]
    # Group (nationalities) is dropped; facilities and water bodies are LOC.
    assert "Group" not in LABEL_MAP and LABEL_MAP["Water-Body"] == "LOC"
    labels = {e.label_ for d in data.train + data.dev + data.test for e in d.ents}
    assert labels == {"PER", "LOC", "ORG"}


def test_clitic_trimmed_from_entity():
    """The tokenizer splits للامم into ل|لامم; the clitic stays outside the ORG span."""
    data = prepare_newsfane(TINY, block=100)
    ents = {(e.text, e.label_) for d in data.train for e in d.ents}
    assert ("لامم المتحدة", "ORG") in ents and ("قطر", "LOC") in ents
    assert data.stats["clitic_trimmed"] >= 1


def test_split_blocks_is_contiguous():
    parts = split_blocks(2400, block=150, period=8)
    assert parts[:150] == ["train"] * 150
    assert set(parts[450:600]) == {"dev"} and set(parts[1050:1200]) == {"test"}


def test_train_smoke(tmp_path):
    out = tmp_path / "ner"
    assert (
        main(["ner", "--data", str(TINY), "--out", str(out), "--no-vectors", "--max-steps", "5"])
        == 0
    )
    assert (out / "ner" / "model").is_file() and (out / "LICENSE.md").is_file()
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["ner"]
    assert nlp.get_pipe("ner").labels == ("LOC", "ORG", "PER")
    nlp(SENTENCE)


def test_train_options_smoke(tmp_path):
    """Architecture options reach the saved config; --train-on-dev keeps the last step."""
    out = tmp_path / "ner"
    argv = ["ner", "--data", str(TINY), "--out", str(out), "--no-vectors", "--max-steps", "4"]
    argv += ["--width", "32", "--rows", "500,100,200,50", "--hidden-width", "16"]
    assert main([*argv, "--maxout-pieces", "3", "--train-on-dev", "--averages"]) == 0
    model = spacy.load(out).config["components"]["ner"]["model"]
    assert model["tok2vec"]["embed"]["width"] == 32
    assert model["tok2vec"]["embed"]["rows"] == [500, 100, 200, 50]
    assert (model["hidden_width"], model["maxout_pieces"]) == (16, 3)


@pytest.fixture(scope="module")
def shipped():
    if not (ner_model_path() / "meta.json").is_file():
        pytest.skip(f"no shipped model in {ner_model_path()}")
    return ner_model_path()


def test_shipped_model_loads_offline_and_is_small(shipped):
    assert model_size(shipped) <= MAX_MB * 1024 * 1024
    nlp = spacy.load(shipped)
    nlp.tokenizer = pipeline_tokenizer(nlp)
    ents = {(e.text, e.label_) for e in nlp(SENTENCE).ents}
    assert ("عبد الفتاح السيسي", "PER") in ents
    assert ("القاهرة", "LOC") in ents


def test_default_recipe_is_the_shipped_one(shipped):
    """`python -m kg.train ner` with default options builds the shipped network."""
    model = dict(spacy.load(shipped).config["components"]["ner"]["model"])
    expected = _ner_model_config(static_vectors=True, arch=NerArch())
    assert model == expected


def test_shipped_model_sources_into_make_nlp(shipped):
    nlp = make_nlp.__wrapped__()  # a fresh pipeline, not the cached one other tests use
    load_ner(nlp)
    assert nlp.pipe_names.index("ner") < nlp.pipe_names.index("kg_gazetteer")
    assert nlp.vocab.vectors.shape == spacy.load(shipped).vocab.vectors.shape
    doc = nlp(SENTENCE)
    labels = {e.label_ for e in doc.ents}
    assert {"PER", "LOC"} <= labels
    load_ner(nlp)  # idempotent
    assert nlp.pipe_names.count("ner") == 1


@pytest.mark.shared
def test_newsfane_split_shares_no_sentence():
    path = SHARED / NEWSFANE
    if not path.is_file():
        pytest.skip(f"NewsFANE Gold not found at {path} (needs the ../shared corpora)")
    data = prepare_newsfane(path)
    train = {d.text for d in data.train}
    assert train and data.test and data.dev
    assert not train & {d.text for d in data.test}
    assert not train & {d.text for d in data.dev}
    assert len(data.train) > 5 * len(data.test)
