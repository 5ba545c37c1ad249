"""Training data: NewsFANE Gold for the NER, ANT v1.1 news text for vectors and pretraining."""

from __future__ import annotations

import copy
import gzip
import json
import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import InputError
from kg.lang.ar.tokenizer import ArabicTokenizer

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
    """The tokenizer of the Arabic pipeline (:func:`kg.lang.make_nlp`), bound to ``nlp.vocab``.

    Training, evaluation and run time must tokenize alike, so this copies the pipeline's own
    tokenizer instead of re-creating one with possibly different settings.
    """
    from kg.lang import make_nlp

    tokenizer = copy.copy(make_nlp("ar").tokenizer)
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


def ant_articles(path: Path) -> Iterator[dict[str, Any]]:
    """The articles of ANT v1.1 (``articles.jsonl.gz``: id, category, title, text …) in order."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def _ant_paragraphs(path: Path, nlp: Language) -> Iterator[Doc]:
    """ANT v1.1 titles, abstracts and text paragraphs, tokenized like the pipeline (≥ 3 tokens)."""
    tokenizer = _tokenizer(nlp)
    for art in ant_articles(path):
        for field_ in ("title", "abstract", "text"):
            for para in (art.get(field_) or "").split("\n"):
                doc = tokenizer(para.strip())
                if sum(not t.is_space for t in doc) >= 3:
                    yield doc


def ant_sentences(path: Path, nlp: Language | None = None) -> Iterator[str]:
    """ANT v1.1 titles, abstracts and texts as lines of normalized pipeline tokens."""
    for doc in _ant_paragraphs(path, nlp or spacy.blank("ar")):
        yield " ".join(t.norm_ for t in doc if not t.is_space)
