"""Gradient-boosted trees over named features and word vectors, blended with a linear model.

The event detector since ``learned-ar-7`` is :class:`BlendedModel`: the mean of the
probabilities of a :class:`~kg.extract.linear.LinearModel` over the candidate's named
features and of a :class:`TreeEnsemble` that reads the same features (present or not) plus
the mean word vector of a few groups of them (:func:`embed`: the trigger's words, the
sentence's, the window's, the words before and after), taken from the NER's floret table.
The trees learn conjunctions (this cue with that section, a word near this sense) that a
linear model cannot; the vectors let a word never seen in training count like its
neighbours. Trained with LightGBM (``kg train extraction``, the ``train`` extra); stored as
plain numpy arrays (``trees.npz``) and evaluated here with numpy only.

>>> t = TreeEnsemble(["a", "b"], feature=np.array([0, 1]), threshold=np.array([0.5, 0.5]),
...     left=np.array([-1, -2]), right=np.array([1, -3]), values=np.array([-1.0, 0.5, 2.0]),
...     roots=np.array([0]))
>>> t.raw(np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]])).tolist()
[-1.0, 0.5, 2.0]
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kg.extract.linear import LinearModel, ModelError
from kg.fileio import atomic_write_text, atomic_write_with

__all__ = [
    "TreeEnsemble",
    "BlendedModel",
    "WordVectors",
    "embed",
    "is_blended",
    "load_model",
    "vectors_digest",
]


class TreeEnsemble:
    """Binary gradient-boosted trees: the sum of one leaf value per tree, then a sigmoid.

    Nodes of all trees are numbered together: node ``i`` sends a row to ``left[i]`` when its
    column ``feature[i]`` is ``<= threshold[i]``, else to ``right[i]``; a child ``< 0`` is the
    leaf ``-child - 1`` (``values``). ``roots`` holds each tree's first node (or leaf code).
    ``names`` are the columns: named features, then ``dense:K`` for the K-th embedding value.
    """

    def __init__(
        self,
        names: Sequence[str],
        *,
        feature: np.ndarray,
        threshold: np.ndarray,
        left: np.ndarray,
        right: np.ndarray,
        values: np.ndarray,
        roots: np.ndarray,
    ) -> None:
        """Trees over the columns ``names`` (see the class docstring for the arrays)."""
        self.names = list(names)
        self.feature = np.asarray(feature, dtype=np.int32)
        self.threshold = np.asarray(threshold, dtype=np.float64)
        self.left = np.asarray(left, dtype=np.int32)
        self.right = np.asarray(right, dtype=np.int32)
        self.values = np.asarray(values, dtype=np.float64)
        self.roots = np.asarray(roots, dtype=np.int32)
        n = len(self.feature)
        if not (len(self.threshold) == len(self.left) == len(self.right) == n):
            raise ValueError("node arrays of different lengths")
        if n and (self.feature.min() < 0 or self.feature.max() >= len(self.names)):
            raise ValueError("a node reads a column the model does not name")
        self.index = {f: i for i, f in enumerate(self.names)}
        self._walk_tables()
        #: (column, K) of the ``dense:K`` columns: which embedding value each one reads.
        self.dense = [(i, int(f[6:])) for i, f in enumerate(self.names) if f.startswith("dense:")]

    def raw(self, x: np.ndarray) -> np.ndarray:
        """The summed leaf values of each row of ``x`` (rows × ``len(names)``)."""
        x = np.asarray(x, dtype=np.float64)
        width = len(self._next) // 2
        # every node's test at once (1: go left); a leaf is a node that sends a row to itself
        left = np.ones((len(x), width), dtype=np.intp)
        left[:, : len(self.feature)] = x[:, self.feature] <= self.threshold
        left = left.ravel()
        offset = (np.arange(len(x)) * width)[:, None]
        cur = np.tile(self._start, (len(x), 1))
        for _ in range(self._depth):
            cur = self._next.take(2 * cur + left.take(cur + offset))
        return self.values.take(cur - len(self.feature)).sum(axis=1)

    def _walk_tables(self) -> None:
        """Children with leaves as self-looping nodes after the internal ones; the depth."""
        n = len(self.feature)
        leaves = n + np.arange(len(self.values), dtype=np.int32)

        def node(child: np.ndarray) -> np.ndarray:
            return np.where(child < 0, n - child - 1, child).astype(np.int32)

        next_left = np.concatenate([node(self.left), leaves])
        next_right = np.concatenate([node(self.right), leaves])
        #: node ``i``'s next node: ``_next[2 i]`` when its test fails, ``_next[2 i + 1]`` if not
        self._next = np.stack([next_right, next_left], axis=1).ravel().astype(np.intp)
        self._start = node(self.roots).astype(np.intp)
        depth, level = 0, set(self._start[self._start < n].tolist())
        while level:
            depth += 1
            level = {int(c) for i in level for c in (next_left[i], next_right[i])}
            level = {c for c in level if c < n}
        self._depth = depth

    def matrix(self, rows: Iterable[Iterable[str]], dense: np.ndarray | None = None) -> np.ndarray:
        """The columns of each row: 1.0 for each named feature present, then ``dense``."""
        rows = list(rows)
        x = np.zeros((len(rows), len(self.names)))
        get = self.index.get
        for r, feats in enumerate(rows):
            idx = [i for i in map(get, feats) if i is not None]
            x[r, idx] = 1.0
        if self.dense and dense is not None:
            cols, ks = zip(*self.dense, strict=True)
            x[:, list(cols)] = dense[:, list(ks)]
        return x

    @classmethod
    def from_lightgbm(cls, dump: dict[str, Any], names: Sequence[str]) -> TreeEnsemble:
        """The trees of a LightGBM binary model's ``Booster.dump_model()`` over ``names``.

        Only the columns some node reads are kept (a few thousand of the named features).
        """
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        values: list[float] = []
        roots: list[int] = []

        def visit(node: dict[str, Any]) -> int:
            if "leaf_value" in node:
                values.append(float(node["leaf_value"]))
                return -len(values)
            if node.get("decision_type", "<=") != "<=":
                raise ValueError(f"unsupported decision {node.get('decision_type')}")
            i = len(feature)
            feature.append(int(node["split_feature"]))
            threshold.append(float(node["threshold"]))
            left.append(0)
            right.append(0)
            left[i] = visit(node["left_child"])
            right[i] = visit(node["right_child"])
            return i

        for tree in dump["tree_info"]:
            roots.append(visit(tree["tree_structure"]))
        used = sorted(set(feature))
        column = {c: i for i, c in enumerate(used)}
        return cls(
            [names[c] for c in used],
            feature=np.array([column[c] for c in feature]),
            threshold=np.array(threshold),
            left=np.array(left),
            right=np.array(right),
            values=np.array(values),
            roots=np.array(roots),
        )

    def arrays(self) -> dict[str, np.ndarray]:
        """The node arrays, as written to ``trees.npz``."""
        keys = ("feature", "threshold", "left", "right", "values", "roots")
        return {k: getattr(self, k) for k in keys}


def vectors_digest(data: np.ndarray) -> str:
    """A fingerprint of a vectors table (the detector must read the table it was trained on)."""
    return hashlib.sha1(np.ascontiguousarray(data).tobytes()).hexdigest()[:16]


class WordVectors:
    """Unit-length word vectors from a spaCy (floret) :class:`~spacy.vectors.Vectors` table."""

    def __init__(self, vectors: Any, *, max_words: int = 200_000) -> None:
        """``vectors``: the table (its ``strings`` store hashes the words)."""
        self.vectors = vectors
        self.width = int(vectors.shape[1])
        self.max_words = max_words
        self.cache: dict[str, np.ndarray] = {}

    @classmethod
    def from_disk(cls, path: str | os.PathLike) -> WordVectors:
        """The table of a spaCy vocab folder (``vectors`` and ``vectors.cfg``)."""
        from spacy.strings import StringStore
        from spacy.vectors import Vectors

        try:
            return cls(Vectors(strings=StringStore()).from_disk(path))
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"{path}: cannot load the word vectors ({exc})") from None

    def digest(self) -> str:
        """:func:`vectors_digest` of the table."""
        return vectors_digest(self.vectors.data)

    def lookup(self, words: Sequence[str]) -> np.ndarray:
        """The unit vectors of ``words``, one row each."""
        new = [w for w in set(words) if w not in self.cache]
        if new:
            if len(self.cache) + len(new) > self.max_words:
                self.cache.clear()
            strings = self.vectors.strings
            block = np.asarray(self.vectors.get_batch([strings.add(w) for w in new]))
            block = block / (np.linalg.norm(block, axis=1, keepdims=True) + 1e-6)
            self.cache.update(zip(new, block.astype(np.float32), strict=True))
        cache = self.cache
        return np.stack([cache[w] for w in words]) if words else np.zeros((0, self.width), "f")

    def mean(self, words: Sequence[str]) -> np.ndarray:
        """The mean of the unit vectors of ``words`` (zeros when there are none)."""
        return embed([[f"tw={w}" for w in words]], self, (("tw",),))[0]


#: The feature prefixes whose values are embedded, one mean vector per group.
GROUPS: tuple[tuple[str, ...], ...] = (("tw",), ("bs",), ("bw",), ("w-1", "w-2"), ("w1", "w2"))

#: A word value that is no word (the sentence edge).
_NOT_WORDS = frozenset({"", "<edge>"})


def embed(
    rows: Iterable[Iterable[str]], vectors: WordVectors, groups: Sequence[Sequence[str]] = GROUPS
) -> np.ndarray:
    """One row per feature list: the mean vector of each group's word values, side by side.

    A feature ``p=w`` belongs to the group holding the prefix ``p``; ``REQUEST|w-1=،`` (a
    prefix with a type) belongs to none. A group without words gives zeros. The vectors are
    summed in the order of the features (the same floats on every run).
    """
    where = {p: g for g, prefixes in enumerate(groups) for p in prefixes}
    words: list[str] = []
    slot: list[int] = []  # row × len(groups) + group of each word
    n = 0
    for n, feats in enumerate(rows, start=1):
        base = (n - 1) * len(groups)
        for f in feats:
            prefix, _, value = f.partition("=")
            g = where.get(prefix)
            if g is not None and value not in _NOT_WORDS:
                words.append(value)
                slot.append(base + g)
    out = np.zeros((n * len(groups), vectors.width), dtype=np.float32)
    if words:
        np.add.at(out, slot, vectors.lookup(words))
        out /= np.maximum(np.bincount(slot, minlength=len(out)), 1)[:, None].astype(np.float32)
    return out.reshape(n, len(groups) * vectors.width)


class BlendedModel:
    """The mean of a linear model's and a tree ensemble's probability of the class ``event``.

    Same interface as :class:`~kg.extract.linear.LinearModel` (``classes``, ``threshold``,
    ``meta``, :meth:`proba`); two classes only.
    """

    def __init__(
        self,
        linear: LinearModel,
        trees: TreeEnsemble,
        vectors: WordVectors,
        *,
        groups: Sequence[Sequence[str]] = GROUPS,
        threshold: float = 0.5,
        meta: dict[str, Any] | None = None,
    ) -> None:
        """``vectors`` must be the table the trees were trained with."""
        if len(linear.classes) != 2:
            raise ValueError("a blended model has two classes")
        self.linear = linear
        self.trees = trees
        self.vectors = vectors
        self.groups = [list(g) for g in groups]
        self.classes = list(linear.classes)
        self.threshold = float(threshold)
        self.meta = dict(meta or {})

    def proba(self, rows: Iterable[Iterable[str]]) -> np.ndarray:
        """Class probabilities: the mean of the two models'."""
        rows = [list(r) for r in rows]
        p_lin = self.linear.proba(rows)[:, 1]
        dense = embed(rows, self.vectors, self.groups) if self.trees.dense else None
        p_tree = 1.0 / (1.0 + np.exp(-self.trees.raw(self.trees.matrix(rows, dense))))
        p = (p_lin + p_tree) / 2
        return np.stack([1 - p, p], axis=1)

    def to_disk(self, path: str | os.PathLike) -> Path:
        """Write ``linear/`` (a LinearModel), ``trees.npz`` and ``model.json``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.linear.to_disk(path / "linear")
        atomic_write_with(path / "trees.npz", lambda fh: np.savez(fh, **self.trees.arrays()))
        info = {
            "kind": "blended",
            "classes": self.classes,
            "threshold": self.threshold,
            "groups": self.groups,
            "vectors": self.vectors.digest(),
            "meta": self.meta,
            "columns": self.trees.names,
        }
        atomic_write_text(path / "model.json", json.dumps(info, ensure_ascii=False, indent=0))
        return path

    @classmethod
    def from_disk(cls, path: str | os.PathLike, vectors: WordVectors) -> BlendedModel:
        """Load a model written by :meth:`to_disk`, reading ``vectors`` (checked by digest).

        Raises:
            ModelError: a file is missing or unreadable, or ``vectors`` is not the table the
                model was trained with.
        """
        path = Path(path)
        try:
            info = json.loads((path / "model.json").read_text(encoding="utf-8"))
            with np.load(path / "trees.npz", allow_pickle=False) as npz:
                trees = TreeEnsemble(info["columns"], **{k: npz[k] for k in npz.files})
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"{path}: cannot load the model ({exc})") from None
        if info.get("vectors") != vectors.digest():
            raise ModelError(
                f"{path}: trained with other word vectors than the NER's (retrain it: "
                "kg train extraction)"
            )
        return cls(
            LinearModel.from_disk(path / "linear"),
            trees,
            vectors,
            groups=info.get("groups", GROUPS),
            threshold=info.get("threshold", 0.5),
            meta=info.get("meta"),
        )


def is_blended(path: str | os.PathLike) -> bool:
    """The model directory holds a :class:`BlendedModel` (else a LinearModel)."""
    return (Path(path) / "trees.npz").exists()


def load_model(
    path: str | os.PathLike, vectors: WordVectors | str | os.PathLike
) -> LinearModel | BlendedModel:
    """The model of the directory ``path``: blended or linear.

    ``vectors``: the word vectors, or the spaCy vocab folder to read them from (only when
    the model is blended).
    """
    if not is_blended(path):
        return LinearModel.from_disk(path)
    if not isinstance(vectors, WordVectors):
        vectors = WordVectors.from_disk(vectors)
    return BlendedModel.from_disk(path, vectors)
