"""floret subword vectors and tok2vec pretraining on ANT v1.1 news."""

from __future__ import annotations

import logging
import random
import tempfile
import time
from pathlib import Path

from spacy.tokens import Doc
from spacy.util import fix_random_seed

from kg.fileio import atomic_write_with
from kg.train.data import SEED, _ant_paragraphs, ant_sentences
from kg.train.ner import NerArch, _blank, _inner_tok2vec, _ner_model_config

log = logging.getLogger(__name__)


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
