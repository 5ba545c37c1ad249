"""The whole NER recipe, :func:`run_ner` (``kg train ner``, whose command is :mod:`kg.cli.train`)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from kg.train.data import ANT, NEWSFANE, prepare_newsfane
from kg.train.ner import evaluate_ner, model_size, train_ner, write_model_readme
from kg.train.vectors import train_vectors


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
