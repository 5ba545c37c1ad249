"""The extraction recipes behind ``kg train relevance`` and ``kg train extraction``.

Reproduce the shipped models (docs/extraction.md)::

    kg train relevance  --shared ../shared --models kg/lang/ar/models
    kg train extraction --shared ../shared --models kg/lang/ar/models

``relevance`` fits the ANT-section model (:mod:`kg.train.relevance`); ``extraction`` reads
every annotated sentence of ``data/annotations/ar`` inside its ANT article and every judged
sentence of ``up_arabic_detect_dev.jsonl``, with the relevance model's features when it is
there, and fits the detector and the role model (:func:`kg.train.extraction.train_extraction`).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.extract.linear import LinearModel
from kg.extract.trees import WordVectors
from kg.fileio import atomic_write_text
from kg.train.annotations import DATA, load_annotations, load_sentences
from kg.train.data import ANT, ant_articles

__all__ = ["run_relevance", "run_extraction", "DETECT_GOLD"]

log = logging.getLogger(__name__)

#: The judged yes/no sentences, relative to ``../shared``.
DETECT_GOLD = Path("eval") / "up_arabic_detect_dev.jsonl"


def run_relevance(shared: Path, models: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Fit the relevance model on ANT (leaving out the corpus dev/test articles)."""
    from kg.train.relevance import train_relevance

    t0 = time.perf_counter()
    sentences = load_sentences()
    held = {s.article for s in sentences.values() if s.split != "train"}
    report = train_relevance(
        Path(shared) / ANT, Path(models) / "relevance", exclude=held, limit=limit
    )
    return {**report, "seconds": round(time.perf_counter() - t0, 1)}


def _ant_texts(path: Path, ids: set[str]) -> dict[str, str]:
    if not path.exists():
        return {}
    return {
        a["id"]: (a.get("text") or "").strip() for a in ant_articles(path) if a.get("id") in ids
    }


def _vectors(models: Path) -> WordVectors | None:
    """The word vectors of the NER beside the models (else the shipped NER's), or None."""
    from kg.lang.ar.pipeline import ner_model_path

    for folder in (models / "ner" / "vocab", ner_model_path() / "vocab"):
        if (folder / "vectors").is_file():
            return WordVectors.from_disk(folder)
    log.warning("no NER word vectors found: the detector is a linear model alone")
    return None


def run_extraction(
    shared: Path,
    models: Path,
    *,
    data: Path = DATA,
    detect_gold: Path | None = None,
    cs: Sequence[float] = (0.03, 0.1, 0.3, 1.0),
    folds: int = 5,
    dev_models: Path | None = None,
    select: str = "cv",
) -> dict[str, Any]:
    """Collect the examples and fit the detector and role model into ``models``.

    ``data``: the corpus folder (``sentences.jsonl``, ``events.jsonl``); ``detect_gold``:
    the judged sentences (default ``shared/eval/up_arabic_detect_dev.jsonl``; skipped when
    absent). Sentences whose ANT article is not found are read after their context sentence.
    ``dev_models``: where to write models that never saw the corpus dev split (for scoring
    the whole pipeline on it, ``bench/extraction.py --dev-models``). ``select``: how C and the
    thresholds are chosen (:func:`kg.train.extraction.train_extraction`).
    """
    from kg.evaluate.detection import load_detection_gold
    from kg.train.extraction import (
        collect_detection_examples,
        collect_examples,
        train_extraction,
    )

    t0 = time.perf_counter()
    models = Path(models)
    rel_dir = models / "relevance"
    relevance = LinearModel.from_disk(rel_dir) if (rel_dir / "model.json").exists() else None
    if relevance is None:
        log.warning(
            "no relevance model in %s: the detector learns without the article's section "
            "(run `kg train relevance` into it first, or copy the shipped one)",
            rel_dir,
        )
    sentences = load_sentences(Path(data) / "sentences.jsonl")
    annotations = load_annotations(Path(data) / "events.jsonl", sentences=sentences)
    articles = _ant_texts(Path(shared) / ANT, {s.article for s in sentences.values()})
    examples, stats = collect_examples(
        sentences, annotations, articles=articles, relevance=relevance
    )
    gold_path = detect_gold or Path(shared) / DETECT_GOLD
    gold = {g.id: g for g in load_detection_gold(gold_path)} if gold_path.exists() else {}
    examples += collect_detection_examples(list(gold.values()), folds=folds, relevance=relevance)
    vectors = _vectors(models)
    report = train_extraction(
        examples,
        models,
        detection_gold=gold,
        cs=cs,
        folds=folds,
        dev_models=dev_models,
        vectors=vectors,
        select=select,
    )
    if dev_models is not None and (rel_dir / "model.json").exists():
        relevance.to_disk(Path(dev_models) / "relevance")
    report["collected"] = dict(sorted(stats.items()))
    report["relevance"] = relevance is not None
    report["articles_found"] = len(articles)
    report["seconds"] = round(time.perf_counter() - t0, 1)
    atomic_write_text(models / "report.json", json.dumps(report, indent=1, ensure_ascii=False))
    return report
