"""A small linear classifier over named features: what the trained extraction models are.

A model is a vocabulary of feature names (``w-1=قصف``, ``rule=ASSAULT:noun``, ``neg_before``
…), one weight row per class and a bias, and a decision threshold. Features are plain
strings that a language's grammar computes; a feature the model never saw is ignored. The
weights are learned by ``kg train`` (logistic regression, :mod:`kg.train.extraction`) and
stored as ``model.json`` (classes, threshold, provenance) beside ``weights.npy``
(``len(features)`` rows plus the bias row, one column per class): inspectable, a few MB at
most, loaded with numpy only.

>>> m = LinearModel(["no", "yes"], ["w=قصف", "neg"], np.array([[-1.0, 1.0], [1.0, -1.0], [0.0, 0.0]]))
>>> round(m.proba([["w=قصف"], ["w=قصف", "neg"], ["unknown"]])[:, 1].tolist()[0], 3)
0.881
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kg.errors import KgError
from kg.fileio import atomic_write_text, atomic_write_with

__all__ = ["LinearModel", "ModelError"]


class ModelError(KgError):
    """A model directory is missing or unreadable."""


class LinearModel:
    """Softmax (or, with two classes, logistic) regression over named features."""

    def __init__(
        self,
        classes: Sequence[str],
        features: Sequence[str],
        weights: np.ndarray,
        *,
        threshold: float = 0.5,
        meta: dict[str, Any] | None = None,
    ) -> None:
        """``weights`` has one row per feature plus a last row of biases, a column per class."""
        if weights.shape != (len(features) + 1, len(classes)):
            raise ValueError(f"weights of shape {weights.shape} for {len(features)} features")
        self.classes = list(classes)
        self.index = {f: i for i, f in enumerate(features)}
        self.weights = weights.astype(np.float32)
        self.threshold = float(threshold)
        self.meta = dict(meta or {})

    def scores(self, rows: Iterable[Iterable[str]]) -> np.ndarray:
        """The linear scores (one row per example, a column per class)."""
        # One dict lookup a feature (most of the time here: a call has 3 rows on average, and
        # a batched sparse product measured slower). Each row's weights are summed in the
        # order of their indices: the same floats whatever Python's hash seed (the order of a
        # set of strings is not).
        get = self.index.get
        rows = [sorted({i for i in map(get, feats) if i is not None}) for feats in rows]
        weights = self.weights
        out = np.tile(weights[-1], (len(rows), 1))
        for r, idx in enumerate(rows):
            if idx:
                out[r] += weights[idx].sum(axis=0)
        return out

    def proba(self, rows: Iterable[Iterable[str]]) -> np.ndarray:
        """Class probabilities (softmax of :meth:`scores`)."""
        s = self.scores(rows)
        s -= s.max(axis=1, keepdims=True)
        e = np.exp(s)
        return e / e.sum(axis=1, keepdims=True)

    def to_disk(self, path: str | os.PathLike) -> Path:
        """Write ``model.json`` and ``weights.npy`` into the directory ``path``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        atomic_write_with(path / "weights.npy", lambda fh: np.save(fh, self.weights))
        features = sorted(self.index, key=self.index.__getitem__)
        info = {
            "classes": self.classes,
            "threshold": self.threshold,
            "meta": self.meta,
            "features": features,
        }
        atomic_write_text(path / "model.json", json.dumps(info, ensure_ascii=False, indent=0))
        return path

    @classmethod
    def from_disk(cls, path: str | os.PathLike) -> LinearModel:
        """Load a model written by :meth:`to_disk`.

        Raises:
            ModelError: the directory or one of its files is missing or unreadable.
        """
        path = Path(path)
        try:
            info = json.loads((path / "model.json").read_text(encoding="utf-8"))
            weights = np.load(path / "weights.npy", allow_pickle=False)
            return cls(
                info["classes"],
                info["features"],
                weights,
                threshold=info.get("threshold", 0.5),
                meta=info.get("meta"),
            )
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"{path}: cannot load the model ({exc})") from None
