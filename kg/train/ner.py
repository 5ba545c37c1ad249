"""The NER model: its network, training, evaluation, speed and the shipped model's README."""

from __future__ import annotations

import logging
import random
import shutil
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.scorer import get_ner_prf
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import compounding, fix_random_seed, minibatch
from thinc.api import Model

from kg.lang.ar.pipeline import common_words
from kg.nlp.ner import COMMON_TOP, NER_DOCUMENT, propagate_names
from kg.train.data import BLOCK, SEED, NerData, _tokenizer

log = logging.getLogger(__name__)


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


def _inner_tok2vec(ner) -> Model:
    """The ``Tok2Vec`` (embed + encode) inside a ``TransitionBasedParser`` model.

    The parser's ``"tok2vec"`` reference is ``chain(tok2vec, list2array, Linear)``; its
    first layer is the network ``spacy pretrain`` trains and ``init_tok2vec`` loads.
    """
    return ner.model.get_ref("tok2vec").layers[0]


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
    project's, as in :func:`kg.lang.make_nlp`. The scores are those of the model on
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
`kg.lang.ar.tokenizer.ArabicTokenizer`; it carries its own tok2vec, so it can be sourced alone.

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
