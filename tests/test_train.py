"""Tests for NER training (kg.train) and the shipped model (kg/lang/ar/models/ner, kg.nlp.ner).

The smoke test trains a few steps on ``tests/data/ner_tiny.txt``: hand-written sentences in
the NewsFANE Gold format (BOM-free, LRM marks, CRLF, tab-only separator lines), not corpus text.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import numpy
import pytest
import spacy

from kg.cli.train import train_main as main
from kg.lang import make_nlp
from kg.lang.ar.pipeline import ner_model_path
from kg.nlp.ner import load_ner
from kg.train import (
    LABEL_MAP,
    LABELS,
    NEWSFANE,
    NerArch,
    augment_mentions,
    evaluate_ner,
    model_size,
    pipeline_tokenizer,
    prepare_newsfane,
    read_newsfane,
    split_blocks,
)
from kg.train.ner import _inner_tok2vec, _ner_model_config

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


def test_character_embedding_option(tmp_path):
    """--char-bytes swaps the affix features for spaCy's CharacterEmbed (NORM + bytes)."""
    out = tmp_path / "ner"
    argv = ["ner", "--data", str(TINY), "--out", str(out), "--no-vectors", "--max-steps", "3"]
    assert main([*argv, "--width", "32", "--char-bytes", "16", "--char-width", "8"]) == 0
    nlp = spacy.load(out)
    embed = nlp.config["components"]["ner"]["model"]["tok2vec"]["embed"]
    assert embed["@architectures"] == "spacy.CharacterEmbed.v2"
    assert (embed["nC"], embed["nM"], embed["feature"]) == (16, 8, "NORM")
    nlp.tokenizer = pipeline_tokenizer(nlp)
    nlp(SENTENCE)


def test_augment_mentions_swaps_names_within_label():
    docs = prepare_newsfane(TINY).train
    nlp = spacy.blank("ar")
    pool = {(e.label_, e.text) for d in docs for e in d.ents}
    same = augment_mentions(nlp, docs, random.Random(0), prob=0.0)
    assert [d.text for d in same] == [d.text for d in docs if d.ents]
    swapped = augment_mentions(nlp, docs, random.Random(1), copies=2, prob=1.0)
    assert len(swapped) == 2 * sum(1 for d in docs if d.ents)
    assert {d.text for d in swapped} - {d.text for d in docs}, "no mention was replaced"
    for new in swapped:
        # every entity is a mention of the same label from the data, at exact offsets
        assert {(e.label_, e.text) for e in new.ents} <= pool
        for e in new.ents:
            assert new.text[e.start_char : e.end_char] == e.text
    # the words around the names are kept
    assert {t.text for d in swapped for t in d if not t.ent_type_} <= {
        t.text for d in docs for t in d
    }


def _write_ant(path: Path) -> Path:
    """A tiny file in the ANT v1.1 format (hand-written sentences, not corpus text)."""
    texts = [
        "أعلن الجيش الليبي أمس سيطرته على مدينة سرت بعد معارك عنيفة مع قوات الحكومة.",
        "قال المتحدث باسم القوات إن الطائرات قصفت مواقع في جنوب العاصمة طرابلس.",
        "وأكدت وزارة الصحة مقتل ثلاثة مدنيين وإصابة عشرة آخرين في القصف.",
        "دعت الأمم المتحدة الأطراف إلى وقف إطلاق النار والعودة إلى الحوار.",
    ]
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            art = {"id": i, "title": text.split("،")[0], "abstract": "", "text": text}
            f.write(json.dumps(art, ensure_ascii=False) + "\n")
    return path


def test_pretrain_then_init_tok2vec_smoke(tmp_path):
    """`pretrain` writes tok2vec weights that `ner --init-tok2vec` starts from."""
    corpus = tmp_path / "corpora" / "ant_v1.1"
    corpus.mkdir(parents=True)
    _write_ant(corpus / "articles.jsonl.gz")
    weights = tmp_path / "t2v.bin"
    net = ["--width", "32", "--rows", "500,100,200,50"]
    pre = ["pretrain", "--shared", str(tmp_path), "--out", str(weights), "--epochs", "2"]
    assert main([*pre, *net]) == 0
    assert weights.stat().st_size > 0
    out = tmp_path / "ner"
    argv = ["ner", "--data", str(TINY), "--out", str(out), "--no-vectors", "--max-steps", "0"]
    assert main([*argv, *net, "--init-tok2vec", str(weights)]) == 0
    # no training step: the saved tok2vec is exactly the pretrained one, not a fresh init
    saved = _inner_tok2vec(spacy.load(out).get_pipe("ner"))
    expected = _inner_tok2vec(spacy.load(out).get_pipe("ner")).from_bytes(weights.read_bytes())
    other = tmp_path / "ner_fresh"
    assert (
        main(
            [
                "ner",
                "--data",
                str(TINY),
                "--out",
                str(other),
                "--no-vectors",
                "--max-steps",
                "0",
                "--seed",
                "1",
                *net,
            ]
        )
        == 0
    )
    fresh = _inner_tok2vec(spacy.load(other).get_pipe("ner"))
    n_equal = n_fresh_equal = 0
    for a, b, c in zip(saved.walk(), expected.walk(), fresh.walk(), strict=True):
        for name in a.param_names:
            if a.has_param(name):
                assert numpy.array_equal(a.get_param(name), b.get_param(name)), (a.name, name)
                n_equal += 1
                n_fresh_equal += numpy.array_equal(a.get_param(name), c.get_param(name))
    assert n_equal and n_fresh_equal < n_equal


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
    load_ner(nlp, shipped)
    assert nlp.pipe_names.index("ner") < nlp.pipe_names.index("kg_gazetteer")
    assert nlp.vocab.vectors.shape == spacy.load(shipped).vocab.vectors.shape
    doc = nlp(SENTENCE)
    labels = {e.label_ for e in doc.ents}
    assert {"PER", "LOC"} <= labels
    load_ner(nlp, shipped)  # idempotent
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


@pytest.mark.shared
def test_shipped_ner_meets_the_target_on_newsfane_test(shipped):
    """Issue 3's target: F1 >= 0.75 on the held-out split, with the document pass (kg's run
    time setting); the model alone on single sentences is held to its measured 0.747."""
    path = SHARED / NEWSFANE
    if not path.is_file():
        pytest.skip(f"NewsFANE Gold not found at {path} (needs the ../shared corpora)")
    scores = evaluate_ner(shipped, prepare_newsfane(path).test)
    assert scores["f"] >= 0.74
    assert scores["document"]["f"] >= 0.75
    assert all(scores["document"]["per_type"][label]["f"] >= 0.65 for label in LABELS)
