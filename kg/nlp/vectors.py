"""Floret vectors that compute each key's vector once: the NER's static vectors, cached.

A floret table has no row per word: a word's vector is the mean of the rows its character
n-grams hash to, which spaCy recomputes (n-grams, MurmurHash, gather, mean) for every
distinct key of every batch, about a third of the NER's embedding time. :class:`CachedFloretVectors`
keeps the vector of each key it has seen. A key's vector does not depend on the other keys
of its batch (spaCy's mean is taken per key), so the cached vectors are the very same
numbers and the model's output is unchanged.

>>> import numpy as np
>>> from spacy.strings import StringStore
>>> src = Vectors(strings=StringStore(), data=np.arange(40, dtype="f").reshape(10, 4),
...               mode="floret", minn=1, maxn=2, hash_count=1)
>>> cached = CachedFloretVectors(src)
>>> keys = [src.strings.add(w) for w in ("قصف", "غارة", "قصف")]
>>> bool((cached.get_batch(keys) == src.get_batch(keys)).all())
True
>>> bool((cached.get_batch(keys[1:]) == src.get_batch(keys[1:])).all()), len(cached.rows)
(True, 2)

When full it starts afresh, the batch at hand included:

>>> small = CachedFloretVectors(src, max_keys=3)
>>> a, b, c, d = (src.strings.add(w) for w in ("أ", "ب", "ج", "د"))
>>> _ = small.get_batch([a, b])
>>> bool((small.get_batch([a, c, d]) == src.get_batch([a, c, d])).all()), len(small.rows)
(True, 3)

Not thread-safe (a reset in one thread breaks another's lookup): ``kg build -j`` runs
worker processes, each with its own table.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from spacy.vectors import Mode, Vectors

__all__ = ["CachedFloretVectors", "cached_vectors"]

#: Keys kept before the cache starts afresh (100 floats each: 40 MB at 100,000 keys).
MAX_KEYS = 100_000


class CachedFloretVectors(Vectors):
    """A floret :class:`~spacy.vectors.Vectors` table whose :meth:`get_batch` is memoised."""

    def __init__(self, source: Vectors, *, max_keys: int = MAX_KEYS) -> None:
        """The table of ``source`` (floret mode), sharing its data and string store."""
        super().__init__(
            strings=source.strings,
            data=source.data,
            name=source.name,
            mode=source.mode,
            minn=source.minn,
            maxn=source.maxn,
            hash_count=source.hash_count,
            hash_seed=source.hash_seed,
            bow=source.bow,
            eow=source.eow,
            attr=source.attr,
        )
        self.max_keys = max_keys
        self.rows: dict[int, int] = {}  # key → row of self.table
        self.table = np.zeros((0, self.data.shape[1]), dtype=self.data.dtype)

    def get_batch(self, keys: Iterable[int | str]) -> np.ndarray:
        """The vectors of ``keys`` (one row each), as :meth:`Vectors.get_batch` computes them."""
        if self.mode != Mode.floret or not isinstance(self.data, np.ndarray):
            return super().get_batch(keys)
        try:
            flat = np.asarray(keys, dtype=np.uint64)
        except (TypeError, ValueError, OverflowError):  # string keys: no caching
            return super().get_batch(keys)
        if flat.ndim != 1 or not len(flat):
            return super().get_batch(keys)
        uniq, inverse = np.unique(flat, return_inverse=True)
        ukeys = uniq.tolist()
        if len(ukeys) > self.max_keys:
            return super().get_batch(keys)
        missing = [k for k in ukeys if k not in self.rows]
        if len(self.rows) + len(missing) > self.max_keys:  # full: start afresh with this batch
            self.rows = {}
            self.table = self.table[:0]
            missing = ukeys
        if missing and not self._remember(missing):
            return super().get_batch(keys)
        index = np.fromiter((self.rows[k] for k in ukeys), dtype=np.intp, count=len(ukeys))
        return self.table[index[inverse]]

    def _remember(self, keys: list[int]) -> bool:
        # An empty key has no n-gram: spaCy's batch of empty keys alone is a float64 zero
        # table, so a batch with one is left to spaCy, uncached, to stay exactly the same.
        if any(not self.strings.as_string(k) for k in keys):
            return False
        vecs = super().get_batch(keys)
        start = len(self.rows)
        if start + len(keys) > len(self.table):
            grown = np.zeros(
                (max(2 * len(self.table), start + len(keys)), vecs.shape[1]), vecs.dtype
            )
            grown[:start] = self.table[:start]
            self.table = grown
        self.table[start : start + len(keys)] = vecs
        self.rows.update(zip(keys, range(start, start + len(keys)), strict=True))
        return True


def cached_vectors(vectors: Vectors) -> Vectors:
    """``vectors`` with a memoised :meth:`~spacy.vectors.Vectors.get_batch` when in floret mode."""
    if isinstance(vectors, Vectors) and vectors.mode == Mode.floret:
        return CachedFloretVectors(vectors)
    return vectors
