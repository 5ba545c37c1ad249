"""Fitting the tree half of the blended event detector (LightGBM, the ``train`` extra).

:func:`fit_trees` trains gradient-boosted trees on a candidate's named features (present or
not) and the mean word vectors of :func:`kg.extract.trees.embed`, and returns them as a
:class:`~kg.extract.trees.TreeEnsemble` (numpy arrays; LightGBM is not needed at run time).
The settings (:data:`TREE_PARAMS`) were chosen on corpus dev and on the detection set out of
fold (docs/extraction.md, learned-ar-7); the corpus test split was not looked at.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kg.extract.trees import GROUPS, TreeEnsemble, WordVectors, embed

__all__ = ["TREE_PARAMS", "fit_trees", "fresh_dir"]

#: LightGBM settings of the shipped detector's trees (fixed seed, deterministic).
TREE_PARAMS: dict[str, Any] = {
    "n_estimators": 400,
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_child_samples": 20,
    "colsample_bytree": 0.5,
    "subsample": 0.8,
    "subsample_freq": 1,
}

#: A named feature is a column of the trees when seen this many times in training.
MIN_COUNT = 3


def fit_trees(
    rows: Sequence[Sequence[str]],
    labels: Sequence[bool],
    vectors: WordVectors,
    *,
    groups: Sequence[Sequence[str]] = GROUPS,
    seed: int = 0,
    params: dict[str, Any] | None = None,
) -> TreeEnsemble:
    """Boosted trees for "``labels[i]``" from the features ``rows[i]`` and their embedding."""
    import lightgbm as lgb
    from scipy.sparse import csr_matrix, hstack

    counts = Counter(f for row in rows for f in set(row))
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(names)}
    cols: list[int] = []
    ptr = [0]
    for row in rows:
        cols += sorted({index[f] for f in row if f in index})
        ptr.append(len(cols))
    binary = csr_matrix((np.ones(len(cols)), cols, ptr), shape=(len(rows), len(names)))
    dense = embed(rows, vectors, groups)
    x = hstack([binary, csr_matrix(dense.astype(np.float64))]).tocsr()
    names += [f"dense:{k}" for k in range(dense.shape[1])]
    model = lgb.LGBMClassifier(
        **{**TREE_PARAMS, **(params or {})},
        random_state=seed,
        deterministic=True,
        force_col_wise=True,
        n_jobs=2,
        verbose=-1,
    )
    model.fit(x, np.asarray(labels, dtype=int))
    return TreeEnsemble.from_lightgbm(model.booster_.dump_model(), names)


#: What a linear or blended model writes into its directory (a README beside them stays).
MODEL_FILES = ("model.json", "weights.npy", "trees.npz", "linear")


def fresh_dir(path: Path) -> None:
    """Remove a model's files from ``path`` (a linear model leaves no blended files behind)."""
    for name in MODEL_FILES:
        f = path / name
        if f.is_dir():
            shutil.rmtree(f)
        elif f.exists():
            f.unlink()
