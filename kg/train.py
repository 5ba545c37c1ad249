"""Train the shipped Arabic NER (PER, LOC, ORG) on NewsFANE Gold, with floret vectors from ANT.

Reproduce the shipped model (see ``docs/ner.md``)::

    python -m kg.train ner --shared ../shared --out kg/models/ar_ner

Stages, each a plain function the CLI and notebooks can call:

- :func:`prepare_newsfane` reads the corpus, maps its 45 fine classes to PER/LOC/ORG
  (:data:`LABEL_MAP`), splits it by contiguous blocks (:func:`split_blocks`) and tokenizes
  every sentence with the project's :class:`~kg.nlp.tokenizer.ArabicTokenizer`, so training
  sees the tokens and ``norm_`` values the pipeline produces at run time;
- :func:`train_vectors` trains small floret subword vectors on the ANT v1.1 news corpus
  (normalized and tokenized like the pipeline);
- :func:`train_ner` trains a CNN NER with its own tok2vec (no listener, so the ``ner``
  component can be sourced alone into :func:`kg.nlp.pipeline.make_nlp`);
- :func:`evaluate_ner` scores a model per label and measures words per second.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import logging
import random
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.scorer import get_ner_prf
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import compounding, fix_random_seed, minibatch
from thinc.api import Model

from kg.errors import InputError
from kg.fileio import atomic_write_with
from kg.nlp.ner import COMMON_TOP, NER_DOCUMENT, common_words, propagate_names
from kg.nlp.tokenizer import ArabicTokenizer

__all__ = [
    "LABELS",
    "LABEL_MAP",
    "NerArch",
    "NerData",
    "read_newsfane",
    "split_blocks",
    "prepare_newsfane",
    "ant_sentences",
    "train_vectors",
    "pretrain_tok2vec",
    "augment_mentions",
    "train_ner",
    "evaluate_ner",
    "measure_speed",
    "pipeline_tokenizer",
    "model_size",
    "main",
]

log = logging.getLogger(__name__)

LABELS = ("PER", "LOC", "ORG")
NEWSFANE = Path("corpora/newsfane_gold/NewsFANE_Gold_2014_170K.txt")
ANT = Path("corpora/ant_v1.1/articles.jsonl.gz")
SEED = 0
#: ``Doc.user_data`` key: the corpus block (150 consecutive sentences) a sentence comes from.
BLOCK = "kg_block"

_PER = (
    "Politician Athlete Artist Other_PER Religious_PER Scientist Businessperson Lawyer"
    " Engineer Police"
)
_LOC = (
    "Nation Population-Center State-or-Province County-or-District GPE-Cluster Continent"
    " Water-Body Land-Region-Natural Building-Grounds Airport Path Plant"
)
_ORG = (
    "Government Non-Governmental Sports Media Commercial Educational Medical-Science"
    " Entertainment Religious_ORG"
)
#: NewsFANE fine class → coarse label. Classes not listed become ``O``: Group (nationalities
#: and religions: العرب, المسلمين — demonyms, which the gazetteer handles), products
#: (Book, Movie, Software, Hardware, Food, Drug), vehicles (Land, Air, Water), weapons
#: (Projectile, Shooting), Celestial and Subarea-Facility (room-like parts: المحراب, المسبح).
LABEL_MAP: dict[str, str] = {
    **dict.fromkeys(_PER.split(), "PER"),
    **dict.fromkeys(_LOC.split(), "LOC"),
    **dict.fromkeys(_ORG.split(), "ORG"),
}
_CLITICS = frozenset("وفبلكس")

#: The NER model: the spaCy "efficiency" CNN, with its own tok2vec (no listener).
_TOK2VEC_WIDTH = 96


@dataclass(frozen=True)
class NerArch:
    """Hyper-parameters of the NER network; the defaults are the shipped recipe's.

    ``width``/``depth`` are the tok2vec's (``MultiHashEmbed`` + ``MaxoutWindowEncoder``),
    ``rows`` the hash-embedding rows per attribute in ``attrs``, ``hidden_width`` and
    ``maxout_pieces`` the transition parser's hidden layer. With ``char_bytes`` > 0 the
    embedding is ``CharacterEmbed`` instead: the NORM hash embedding (``rows[0]`` rows) plus
    ``char_bytes`` UTF-8 bytes from the two ends of each word, each embedded in
    ``char_width`` dimensions (Arabic letters are 2 bytes: 16 bytes = 4 letters per end).
    """

    width: int = _TOK2VEC_WIDTH
    depth: int = 4
    attrs: tuple[str, ...] = ("NORM", "PREFIX", "SUFFIX", "SHAPE")
    rows: tuple[int, ...] = (5000, 1000, 2500, 2500)
    hidden_width: int = 64
    maxout_pieces: int = 2
    char_bytes: int = 0
    char_width: int = 32


def _embed_config(static_vectors: bool, arch: NerArch) -> dict:
    if arch.char_bytes:
        return {
            "@architectures": "spacy.CharacterEmbed.v2",
            "width": arch.width,
            "rows": arch.rows[0],
            "nM": arch.char_width,
            "nC": arch.char_bytes,
            "include_static_vectors": static_vectors,
            "feature": "NORM",
        }
    return {
        "@architectures": "spacy.MultiHashEmbed.v2",
        "width": arch.width,
        "attrs": list(arch.attrs),
        "rows": list(arch.rows),
        "include_static_vectors": static_vectors,
    }


def _ner_model_config(static_vectors: bool, arch: NerArch | None = None) -> dict:
    arch = arch or NerArch()
    return {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": arch.hidden_width,
        "maxout_pieces": arch.maxout_pieces,
        "use_upper": True,
        "nO": None,
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": _embed_config(static_vectors, arch),
            "encode": {
                "@architectures": "spacy.MaxoutWindowEncoder.v2",
                "width": arch.width,
                "depth": arch.depth,
                "window_size": 1,
                "maxout_pieces": 3,
            },
        },
    }


# --------------------------------------------------------------------------- data


@dataclass
class NerData:
    """NewsFANE split into reference docs (``doc.ents`` set), plus alignment statistics."""

    train: list[Doc]
    dev: list[Doc]
    test: list[Doc]
    stats: Counter = field(default_factory=Counter)


def read_newsfane(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of ``(token, fine BIO tag)`` from the NewsFANE Gold file.

    The BOM and the left-to-right marks are stripped; lines holding only a tab (or nothing)
    separate sentences.
    """
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    text = Path(path).read_text(encoding="utf-8")
    for lineno, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r").replace("\ufeff", "").replace("\u200e", "")
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip():
            raise InputError(f"{path}:{lineno}: expected 'token<TAB>tag', got {line!r}")
        cur.append((parts[0].strip(), parts[1].strip()))
    if cur:
        sents.append(cur)
    return sents


def split_blocks(n: int, block: int = 150, period: int = 8) -> list[str]:
    """Assign ``n`` sentences to train/dev/test by contiguous blocks.

    Sentences are cut into blocks of ``block`` consecutive sentences; block ``k`` goes to
    dev when ``k % period == period - 5``, to test when ``k % period == period - 1``, else
    to train (6/8 train, 1/8 dev, 1/8 test).

    >>> s = split_blocks(1200)
    >>> s[0], s[3 * 150], s[7 * 150], s.count("test")
    ('train', 'dev', 'test', 150)
    """
    out = []
    for i in range(n):
        k = (i // block) % period
        out.append("test" if k == period - 1 else "dev" if k == period - 5 else "train")
    return out


def _coarse_spans(sent: Sequence[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Token spans ``(start, end, coarse label)`` from fine BIO tags (a stray I- opens one)."""
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(sent):
        tag = sent[i][1]
        if tag == "O" or "-" not in tag:
            i += 1
            continue
        fine = tag.split("-", 1)[1]
        j = i + 1
        while j < len(sent) and sent[j][1] == f"I-{fine}":
            j += 1
        label = LABEL_MAP.get(fine)
        if label:
            spans.append((i, j, label))
        i = j
    return spans


def _sentence_doc(
    tokenizer: ArabicTokenizer, sent: Sequence[tuple[str, str]], stats: Counter
) -> Doc:
    """Tokenize the sentence as the pipeline would and project its entities onto the tokens."""
    words = [w for w, _ in sent]
    starts = []
    pos = 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    doc = tokenizer(" ".join(words))
    ents = []
    for i, j, label in _coarse_spans(sent):
        start, end = starts[i], starts[j - 1] + len(words[j - 1])
        stats["entities"] += 1
        span = doc.char_span(start, end, label=label, alignment_mode="strict")
        if span is None:
            span = doc.char_span(start, end, label=label, alignment_mode="contract")
            stats["misaligned_contract"] += 1
        if span is None or not len(span):
            stats["misaligned_dropped"] += 1
            continue
        # Leading proclitics split off by the tokenizer (للامم → ل|لامم) stay outside the name.
        k = span.start
        while k < span.end - 1 and doc[k].text in _CLITICS:
            k += 1
        if k != span.start:
            stats["clitic_trimmed"] += 1
            span = doc[k : span.end]
            span.label_ = label
        ents.append(span)
    doc.ents = ents
    return doc


def pipeline_tokenizer(nlp: Language) -> ArabicTokenizer:
    """The tokenizer of :func:`kg.nlp.pipeline.make_nlp` (same lexicons), bound to ``nlp.vocab``.

    Training, evaluation and run time must tokenize alike, so this copies the pipeline's own
    tokenizer instead of re-creating one with possibly different settings.
    """
    from kg.nlp.pipeline import make_nlp

    tokenizer = copy.copy(make_nlp().tokenizer)
    if not isinstance(tokenizer, ArabicTokenizer):
        raise TypeError(f"make_nlp() has an unexpected tokenizer: {type(tokenizer).__name__}")
    tokenizer.vocab = nlp.vocab
    return tokenizer


_tokenizer = pipeline_tokenizer


def prepare_newsfane(
    path: Path, nlp: Language | None = None, *, block: int = 150, period: int = 8
) -> NerData:
    """Read, map, split and tokenize NewsFANE Gold (or a file in its format).

    Sentences of dev and test whose text also occurs in train are dropped (the corpus repeats
    a few sentences), so test shares no sentence with training.
    """
    nlp = nlp or spacy.blank("ar")
    tokenizer = _tokenizer(nlp)
    sents = read_newsfane(path)
    parts = split_blocks(len(sents), block, period)
    stats: Counter = Counter()
    train_texts = {
        " ".join(w for w, _ in s) for s, p in zip(sents, parts, strict=True) if p == "train"
    }
    out: dict[str, list[Doc]] = {"train": [], "dev": [], "test": []}
    for i, (sent, part) in enumerate(zip(sents, parts, strict=True)):
        if part != "train" and " ".join(w for w, _ in sent) in train_texts:
            stats[f"{part}_dropped_duplicate"] += 1
            continue
        doc = _sentence_doc(tokenizer, sent, stats)
        doc.user_data[BLOCK] = i // block  # the document a sentence belongs to for evaluation
        out[part].append(doc)
    for part, docs in out.items():
        stats[f"{part}_sentences"] = len(docs)
        stats[f"{part}_tokens"] = sum(len(d) for d in docs)
    log.info("NewsFANE prepared: %s", dict(stats))
    return NerData(out["train"], out["dev"], out["test"], stats)


# ------------------------------------------------------------------------ vectors


def _ant_paragraphs(path: Path, nlp: Language) -> Iterator[Doc]:
    """ANT v1.1 titles, abstracts and text paragraphs, tokenized like the pipeline (≥ 3 tokens)."""
    tokenizer = _tokenizer(nlp)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            for field_ in ("title", "abstract", "text"):
                for para in (art.get(field_) or "").split("\n"):
                    doc = tokenizer(para.strip())
                    if sum(not t.is_space for t in doc) >= 3:
                        yield doc


def ant_sentences(path: Path, nlp: Language | None = None) -> Iterator[str]:
    """ANT v1.1 titles, abstracts and texts as lines of normalized pipeline tokens."""
    for doc in _ant_paragraphs(path, nlp or spacy.blank("ar")):
        yield " ".join(t.norm_ for t in doc if not t.is_space)


def train_vectors(
    corpus: Path,
    out: Path,
    *,
    dim: int = 100,
    bucket: int = 50_000,
    minn: int = 3,
    maxn: int = 5,
    epoch: int = 10,
) -> Path:
    """Train floret vectors (floret mode, 2 hashes) on ANT v1.1; write and return ``out``.

    ``corpus`` is ``articles.jsonl.gz``. One thread, so that runs are reproducible (floret's
    own random seed is fixed).
    """
    import floret

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "ant.txt"
        n = 0
        with text.open("w", encoding="utf-8") as f:
            for line in ant_sentences(corpus):
                f.write(line + "\n")
                n += len(line.split())
        log.info("floret: %d tokens of ANT v1.1, dim %d, %d buckets", n, dim, bucket)
        t0 = time.perf_counter()
        model = floret.train_unsupervised(
            str(text),
            model="cbow",
            mode="floret",
            hashCount=2,
            bucket=bucket,
            minn=minn,
            maxn=maxn,
            dim=dim,
            epoch=epoch,
            minCount=3,
            thread=1,
            verbose=0,
        )
        model.save_floret_vectors(str(out))
        log.info("floret trained in %.0f s → %s", time.perf_counter() - t0, out)
    return out


# ------------------------------------------------------------------ pretraining


def _inner_tok2vec(ner) -> Model:
    """The ``Tok2Vec`` (embed + encode) inside a ``TransitionBasedParser`` model.

    The parser's ``"tok2vec"`` reference is ``chain(tok2vec, list2array, Linear)``; its
    first layer is the network ``spacy pretrain`` trains and ``init_tok2vec`` loads.
    """
    return ner.model.get_ref("tok2vec").layers[0]


def pretrain_tok2vec(
    corpus: Path,
    out: Path,
    *,
    vectors: Path | None = None,
    arch: NerArch | None = None,
    epochs: int = 5,
    batch_words: int = 3000,
    dropout: float = 0.2,
    seed: int = SEED,
    max_paragraphs: int | None = None,
) -> dict:
    """Pretrain the NER's tok2vec on unlabeled ANT v1.1 news (spaCy's characters objective).

    The network is the one :func:`train_ner` builds for ``arch`` (same attributes, widths and
    static vectors), wrapped in spaCy's masked-language-model "characters" objective
    (``spacy.PretrainCharacters.v1``: predict the first and last 4 characters of masked
    words from their context), as ``spacy pretrain`` does. The averaged tok2vec weights of
    the last epoch are written to ``out``; :func:`train_ner` loads them with
    ``init_tok2vec``. Returns a log: words, loss per epoch, seconds.
    """
    from spacy.util import registry
    from thinc.api import Adam, set_dropout_rate

    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = _blank(vectors)
    nlp.add_pipe(
        "ner", config={"model": _ner_model_config(static_vectors=vectors is not None, arch=arch)}
    )
    tok2vec = _inner_tok2vec(nlp.get_pipe("ner"))
    paragraphs: list[Doc] = []
    for doc in _ant_paragraphs(corpus, nlp):
        paragraphs.append(doc)
        # The objective re-creates (masked) docs from their words, which drops token-level
        # norms: keep them as the lexemes' norms instead.
        for t in doc:
            if t.norm != t.lex.norm:
                nlp.vocab[t.orth].norm_ = t.norm_
        if max_paragraphs is not None and len(paragraphs) >= max_paragraphs:
            break
    sample = paragraphs[:8]
    tok2vec.initialize(X=sample)
    objective = registry.architectures.get("spacy.PretrainCharacters.v1")(
        maxout_pieces=3, hidden_size=300, n_characters=4
    )
    model = objective(nlp.vocab, tok2vec)
    model.initialize(X=sample)
    set_dropout_rate(model, dropout)
    loss_fn = model.attrs["loss"]
    optimizer = Adam(0.001, L2=0.01, L2_is_weight_decay=True, grad_clip=1.0, use_averages=True)
    words = sum(len(d) for d in paragraphs)
    log.info("pretraining on %d paragraphs, %d tokens, %d epochs", len(paragraphs), words, epochs)
    t0 = time.perf_counter()
    epoch_losses = []
    for epoch in range(epochs):
        rng.shuffle(paragraphs)
        total = 0.0
        batch: list[Doc] = []
        n = 0
        for doc in paragraphs:
            batch.append(doc)
            n += len(doc)
            if n >= batch_words:
                predictions, backprop = model.begin_update(batch)
                loss, gradients = loss_fn(model.ops, batch, predictions)
                backprop(gradients)
                model.finish_update(optimizer)
                total += float(loss)
                batch, n = [], 0
        epoch_losses.append(total / words)
        log.info(
            "pretrain epoch %d  loss/word %.4f  %4.0f s",
            epoch,
            epoch_losses[-1],
            time.perf_counter() - t0,
        )
        # every epoch, so an interrupted run still leaves the last finished epoch's weights
        with model.use_params(optimizer.averages):
            data = tok2vec.to_bytes()
        atomic_write_with(out, lambda fh, data=data: fh.write(data))
    return {
        "paragraphs": len(paragraphs),
        "words": words,
        "epoch_loss_per_word": epoch_losses,
        "seconds": time.perf_counter() - t0,
    }


# --------------------------------------------------------------------------- NER


def _examples(nlp: Language, docs: Iterable[Doc]) -> list[Example]:
    """Examples whose predicted side is a fresh run of the pipeline tokenizer (with norms)."""
    tokenizer = _tokenizer(nlp)
    out = []
    for ref in docs:
        pred = tokenizer(ref.text)
        if [t.text for t in pred] != [t.text for t in ref]:
            raise ValueError(f"tokenization changed: {ref.text[:60]!r}")
        out.append(Example(pred, ref))
    return out


def _blank(vectors: Path | None) -> Language:
    nlp = spacy.blank("ar")
    if vectors is not None:
        from spacy.training.initialize import convert_vectors

        convert_vectors(nlp, Path(vectors), truncate=0, prune=-1, mode="floret", attr="NORM")
        nlp.vocab.vectors.name = "kg_ant_floret"
    return nlp


def augment_mentions(
    nlp: Language,
    docs: Sequence[Doc],
    rng: random.Random,
    *,
    copies: int = 1,
    prob: float = 0.5,
) -> list[Doc]:
    """Copies of ``docs`` with entity mentions swapped for other mentions of the same label.

    Mention replacement (Dai and Adel, COLING 2020): each entity of a copy is replaced, with
    probability ``prob``, by a mention drawn uniformly from the distinct surfaces of that label
    in ``docs`` themselves (so no outside text enters). The model then sees known contexts
    with names it cannot have memorized there, which is the situation of unseen names at run
    time. Copies are re-tokenized by the pipeline tokenizer and their entities projected by
    character offsets; docs without entities are not copied.
    """
    tokenizer = _tokenizer(nlp)
    pool: dict[str, list[str]] = {}
    for doc in docs:
        for ent in doc.ents:
            pool.setdefault(ent.label_, []).append(ent.text)
    pool = {label: sorted(set(texts)) for label, texts in pool.items()}
    out: list[Doc] = []
    for _ in range(copies):
        for doc in docs:
            if not doc.ents:
                continue
            parts: list[str] = []
            spans: list[tuple[int, int, str]] = []
            pos = 0
            length = 0
            for ent in doc.ents:
                parts.append(doc.text[pos : ent.start_char])
                length += len(parts[-1])
                name = ent.text
                if rng.random() < prob:
                    name = rng.choice(pool[ent.label_])
                spans.append((length, length + len(name), ent.label_))
                parts.append(name)
                length += len(name)
                pos = ent.end_char
            parts.append(doc.text[pos:])
            new = tokenizer("".join(parts))
            ents = [new.char_span(a, b, label=lab, alignment_mode="strict") for a, b, lab in spans]
            if any(e is None for e in ents):
                continue  # a swapped name merged with a neighbour: skip this copy
            new.ents = ents
            out.append(new)
    return out


def train_ner(
    data: NerData,
    out: Path,
    *,
    vectors: Path | None = None,
    max_steps: int = 4500,
    patience: int = 1200,
    eval_every: int = 200,
    dropout: float = 0.1,
    seed: int = SEED,
    arch: NerArch | None = None,
    train_on_dev: bool = False,
    averages: bool = False,
    init_tok2vec: Path | None = None,
    augment: int = 0,
) -> dict:
    """Train the NER on ``data.train``, keep the best ``data.dev`` checkpoint, save to ``out``.

    With ``train_on_dev`` the dev docs are added to the training data and the model after
    exactly ``max_steps`` steps is saved (no checkpoint selection, no early stopping): the
    final fit once ``max_steps`` was chosen on dev. Its logged dev scores are on seen data.
    With ``averages`` the optimizer keeps a moving average of the weights, which is what is
    evaluated and saved (spaCy's ``use_averages``; otherwise the same Adam settings).
    ``init_tok2vec`` is a file of tok2vec weights from :func:`pretrain_tok2vec` (same
    ``arch`` and vectors), loaded after initialization, as spaCy's ``init_tok2vec`` does.
    ``augment`` adds that many mention-replaced copies of the training data
    (:func:`augment_mentions`).

    Returns the training log: best dev scores, steps and seconds.
    """
    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = _blank(vectors)
    # re-home the docs in this nlp's vocab (strings) via their text and entity offsets
    train = _examples(nlp, _rehome(nlp, data.train))
    dev = _examples(nlp, _rehome(nlp, data.dev)) if data.dev else train[:200]
    if train_on_dev:
        train = train + _examples(nlp, _rehome(nlp, data.dev))
        patience = max_steps + 1
    if augment:
        extra = augment_mentions(nlp, [eg.reference for eg in train], rng, copies=augment)
        log.info("mention replacement: %d augmented sentences", len(extra))
        train = train + _examples(nlp, extra)
    model = _ner_model_config(static_vectors=vectors is not None, arch=arch)
    nlp.add_pipe("ner", config={"model": model})
    if averages:
        from thinc.api import Adam

        sgd = Adam(0.001, L2=0.01, L2_is_weight_decay=True, grad_clip=1.0, use_averages=True)
        optimizer = nlp.initialize(lambda: train, sgd=sgd)
    else:
        optimizer = nlp.initialize(lambda: train)
    ner = nlp.get_pipe("ner")
    if init_tok2vec is not None:
        _inner_tok2vec(ner).from_bytes(Path(init_tok2vec).read_bytes())
    best, best_step, best_bytes, step = -1.0, 0, None, 0
    losses: dict[str, float] = {}
    t0 = time.perf_counter()
    sizes = compounding(4.0, 32.0, 1.001)
    while step < max_steps and step - best_step < patience:
        rng.shuffle(train)
        for batch in minibatch(train, size=sizes):
            nlp.update(batch, drop=dropout, sgd=optimizer, losses=losses)
            step += 1
            if step % eval_every == 0 or step == max_steps:
                with nlp.use_params(optimizer.averages if averages else {}):
                    scores = nlp.evaluate(dev)
                    f = scores["ents_f"] or 0.0
                    if f > best and not train_on_dev:
                        best, best_step, best_bytes = f, step, ner.to_bytes()
                log.info(
                    "step %5d  loss %8.1f  dev P %.3f R %.3f F %.3f  %4.0f s",
                    step,
                    losses.get("ner", 0.0),
                    scores["ents_p"] or 0.0,
                    scores["ents_r"] or 0.0,
                    f,
                    time.perf_counter() - t0,
                )
                losses = {}
            if step >= max_steps or step - best_step >= patience:
                break
    if train_on_dev:
        with nlp.use_params(optimizer.averages if averages else {}):
            best, best_step, best_bytes = f, step, ner.to_bytes()
    if best_bytes is not None:
        ner.from_bytes(best_bytes)
    seconds = time.perf_counter() - t0
    nlp.meta.update(
        {
            "name": "kg_ar_ner",
            "version": "0.1.0",
            "description": "Arabic news NER (PER, LOC, ORG) for kg; tokenized by kg's ArabicTokenizer",
            "license": "CC BY-SA 3.0",
            "sources": [
                {"name": "NewsFANE Gold 2014", "author": "Fahd Alotaibi and Mark Lee"},
                *([{"name": "ANT Corpus v1.1 (floret vectors)"}] if vectors else []),
            ],
        }
    )
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    log.info("NER saved to %s: best dev F %.3f at step %d, %.0f s", out, best, best_step, seconds)
    return {"dev_f": best, "best_step": best_step, "steps": step, "seconds": seconds}


def _rehome(nlp: Language, docs: Iterable[Doc]) -> Iterator[Doc]:
    """The same docs rebuilt in ``nlp``'s vocab (tokens from the project tokenizer)."""
    tokenizer = _tokenizer(nlp)
    for ref in docs:
        doc = tokenizer(ref.text)
        doc.ents = [
            doc.char_span(e.start_char, e.end_char, label=e.label_, alignment_mode="strict")
            for e in ref.ents
        ]
        if BLOCK in ref.user_data:
            doc.user_data[BLOCK] = ref.user_data[BLOCK]
        yield doc


def _pipeline_for(model: Path | Language) -> Language:
    nlp = spacy.load(model) if isinstance(model, str | Path) else model
    nlp.tokenizer = _tokenizer(nlp)
    return nlp


def evaluate_ner(
    model: Path | Language,
    docs: Sequence[Doc],
    *,
    documents: bool = True,
    window: int | None = None,
) -> dict:
    """Precision, recall and F1 overall and per label on reference ``docs`` (exact spans).

    ``model`` is a model directory or a loaded pipeline; its tokenizer is replaced by the
    project's, as in :func:`kg.nlp.pipeline.make_nlp`. The scores are those of the model on
    each sentence alone. With ``documents`` (and docs from :func:`prepare_newsfane`), the
    result also holds ``"document"``: the scores after :func:`kg.nlp.ner.propagate_names`
    ran over each corpus block (150 consecutive sentences, several articles) as one
    document, as the ``kg_ner_document`` component does over an article at run time;
    ``window`` = n takes every n consecutive sentences as a document instead.
    """
    nlp = _pipeline_for(model)
    examples = _examples(nlp, _rehome(nlp, docs))
    preds = list(nlp.pipe(eg.predicted for eg in examples))
    scored = [Example(p, eg.reference) for p, eg in zip(preds, examples, strict=True)]
    result = _prf(get_ner_prf(scored))
    result.update(sentences=len(docs), entities=sum(len(d.ents) for d in docs))
    blocks = [eg.reference.user_data.get(BLOCK) for eg in examples]
    if window:
        blocks = [i // window for i in range(len(examples))]
    if documents and blocks and None not in blocks:
        common = common_words(COMMON_TOP)
        added = 0
        for block in dict.fromkeys(blocks):
            group = [p for p, b in zip(preds, blocks, strict=True) if b == block]
            added += propagate_names(group, is_common=common.__contains__)
        scored = [Example(p, eg.reference) for p, eg in zip(preds, examples, strict=True)]
        result["document"] = {**_prf(get_ner_prf(scored)), "added": added}
    return result


def _prf(scores: dict) -> dict:
    per = scores.get("ents_per_type") or {}
    return {
        "p": scores["ents_p"],
        "r": scores["ents_r"],
        "f": scores["ents_f"],
        "per_type": {k: per[k] for k in sorted(per)},
    }


def measure_speed(
    model: Path | Language, texts: Sequence[str], *, batch_size: int = 256, document: bool = False
) -> dict:
    """Words (whitespace-separated) per second of tokenizer + NER through ``nlp.pipe``.

    With ``document``, the ``kg_ner_document`` pass runs after the NER on each text.
    """
    nlp = _pipeline_for(model)
    if document and NER_DOCUMENT not in nlp.pipe_names:
        nlp.add_pipe(NER_DOCUMENT)
    list(nlp.pipe(texts[:20]))  # warm up
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    seconds = time.perf_counter() - t0
    return {"words": words, "seconds": seconds, "words_per_s": words / seconds}


def model_size(path: Path) -> int:
    """Bytes on disk of every file under ``path``."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


_LICENSE = """\
# kg Arabic NER model (`ar_ner`)

A spaCy `ner` component (CNN tok2vec, PER / LOC / ORG) for Arabic news, trained by
`python -m kg.train ner` (see `docs/ner.md`). It expects the tokens and `norm_` values of
`kg.nlp.tokenizer.ArabicTokenizer`; it carries its own tok2vec, so it can be sourced alone.

## Licence

* Trained on **NewsFANE Gold 2014** (Fahd Alotaibi and Mark Lee, "A Hybrid Approach to
  Features Representation for Fine-grained Arabic Named Entity Recognition", COLING 2014),
  licensed **CC BY-SA 3.0** (Creative Commons Attribution-ShareAlike 3.0 Unported). As a work
  derived from it, **this model is licensed CC BY-SA 3.0**:
  https://creativecommons.org/licenses/by-sa/3.0/
* {vectors}
"""
_VECTORS = """The static vectors are floret subword vectors trained on the **ANT Corpus v1.1**
  (Arabic News Texts, JawharaFM articles; Apache License 2.0 with a citation request):
  A. Chouigui, O. Ben Khiroun and B. Elayeb, "ANT Corpus: An Arabic News Text Collection
  for Textual Classification", 14th ACS/IEEE International Conference on Computer Systems
  and Applications (AICCSA 2017), pp. 135-142, Hammamet, Tunisia, 2017;
  http://antcorpus.github.io. No vectors from non-commercial corpora are included."""


def write_model_readme(out: Path, vectors: bool) -> None:
    """Write ``LICENSE.md`` (licence and attribution) into the model directory."""
    text = _LICENSE.replace("{vectors}", _VECTORS if vectors else "No static vectors.")
    (Path(out) / "LICENSE.md").write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- CLI


def run_ner(
    shared: Path,
    out: Path,
    *,
    vectors: bool = True,
    newsfane: Path | None = None,
    vectors_path: Path | None = None,
    work: Path | None = None,
    bucket: int = 50_000,
    dim: int = 100,
    **train_options: Any,
) -> dict:
    """The whole recipe: prepare data, train vectors (unless given/disabled), train, evaluate.

    The floret file (tens of MB of text) goes to ``work``, not into the model directory.
    ``train_options`` (``max_steps``, ``arch``, ``averages`` …) go to :func:`train_ner`.
    """
    t0 = time.perf_counter()
    data = prepare_newsfane(newsfane or Path(shared) / NEWSFANE)
    vec = None
    if vectors:
        vec = vectors_path
        if vec is None or not Path(vec).exists():
            work = Path(work or Path(tempfile.gettempdir()) / "kg_train")
            name = f"ant_{bucket}x{dim}.floret"
            vec = train_vectors(Path(shared) / ANT, vec or work / name, dim=dim, bucket=bucket)
    log_ = train_ner(data, out, vectors=vec, **train_options)
    write_model_readme(out, vectors=vec is not None)
    dev = evaluate_ner(out, data.dev) if data.dev else None
    test = evaluate_ner(out, data.test) if data.test else None
    return {
        "train": log_,
        "dev": dev,
        "test": test,
        "data": dict(data.stats),
        "size_bytes": model_size(out),
        "seconds": time.perf_counter() - t0,
    }


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(","))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m kg.train ner --shared ../shared --out kg/models/ar_ner``."""
    parser = argparse.ArgumentParser(prog="python -m kg.train", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ner = sub.add_parser("ner", help="train the Arabic NER on NewsFANE Gold")
    ner.add_argument("--shared", type=Path, default=Path("../shared"), help="shared data dir")
    ner.add_argument("--out", type=Path, default=Path("kg/models/ar_ner"), help="model dir")
    ner.add_argument("--max-steps", type=int, default=4500)
    ner.add_argument("--patience", type=int, default=1200)
    ner.add_argument("--seed", type=int, default=SEED)
    ner.add_argument("--no-vectors", action="store_true", help="train without floret vectors")
    ner.add_argument(
        "--vectors", type=Path, default=None, help="reuse this .floret file (trained if absent)"
    )
    ner.add_argument("--vector-buckets", type=int, default=50_000, help="floret hash buckets")
    ner.add_argument("--vector-dim", type=int, default=100, help="floret dimensions")
    default = NerArch()
    ner.add_argument("--hidden-width", type=int, default=default.hidden_width)
    ner.add_argument("--maxout-pieces", type=int, default=default.maxout_pieces)
    ner.add_argument(
        "--train-on-dev",
        action="store_true",
        help="add dev to the training data and keep the model after exactly --max-steps",
    )
    ner.add_argument("--averages", action="store_true", help="evaluate and save averaged weights")
    ner.add_argument("--dropout", type=float, default=0.1, help="dropout rate while training")
    ner.add_argument(
        "--augment", type=int, default=0, help="add N mention-replaced copies of the training data"
    )
    ner.add_argument(
        "--init-tok2vec",
        type=Path,
        default=None,
        help="start from tok2vec weights written by `pretrain` (same network and vectors)",
    )
    ner.add_argument("--data", type=Path, default=None, help="a NewsFANE-format file instead")
    ner.add_argument("--work", type=Path, default=None, help="scratch dir for the vectors")
    pre = sub.add_parser("pretrain", help="pretrain the NER's tok2vec on ANT v1.1 (characters)")
    pre.add_argument("--shared", type=Path, default=Path("../shared"), help="shared data dir")
    pre.add_argument("--out", type=Path, required=True, help="tok2vec weights file to write")
    pre.add_argument(
        "--vectors", type=Path, default=None, help="the .floret file the NER will use (or none)"
    )
    pre.add_argument("--epochs", type=int, default=5)
    pre.add_argument("--seed", type=int, default=SEED)
    for sub_parser in (ner, pre):
        sub_parser.add_argument(
            "--char-bytes",
            type=int,
            default=default.char_bytes,
            help="embed this many UTF-8 bytes per word (CharacterEmbed) instead of affixes",
        )
        sub_parser.add_argument(
            "--char-width", type=int, default=default.char_width, help="width per byte"
        )
        sub_parser.add_argument("--width", type=int, default=default.width, help="tok2vec width")
        sub_parser.add_argument("--depth", type=int, default=default.depth, help="tok2vec depth")
        sub_parser.add_argument(
            "--rows",
            type=_ints,
            default=default.rows,
            help="hash rows for NORM,PREFIX,SUFFIX,SHAPE (comma-separated)",
        )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    arch = NerArch(
        width=args.width,
        depth=args.depth,
        rows=args.rows,
        hidden_width=getattr(args, "hidden_width", default.hidden_width),
        maxout_pieces=getattr(args, "maxout_pieces", default.maxout_pieces),
        char_bytes=args.char_bytes,
        char_width=args.char_width,
    )
    if len(arch.rows) != len(arch.attrs):
        parser.error(f"--rows needs {len(arch.attrs)} numbers ({','.join(arch.attrs)})")
    if args.command == "pretrain":
        result = pretrain_tok2vec(
            args.shared / ANT,
            args.out,
            vectors=args.vectors,
            arch=arch,
            epochs=args.epochs,
            seed=args.seed,
        )
    else:
        result = _run_ner_from(args, arch)
    print(json.dumps(result, ensure_ascii=False, indent=1))  # noqa: T201
    return 0


def _run_ner_from(args: argparse.Namespace, arch: NerArch) -> dict:
    return run_ner(
        args.shared,
        args.out,
        vectors=not args.no_vectors,
        max_steps=args.max_steps,
        patience=args.patience,
        newsfane=args.data,
        vectors_path=args.vectors,
        work=args.work,
        bucket=args.vector_buckets,
        dim=args.vector_dim,
        arch=arch,
        train_on_dev=args.train_on_dev,
        averages=args.averages,
        seed=args.seed,
        dropout=args.dropout,
        init_tok2vec=args.init_tok2vec,
        augment=args.augment,
    )


if __name__ == "__main__":
    raise SystemExit(main())
