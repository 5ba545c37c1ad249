"""The blended event detector: numpy trees equal LightGBM's, embeddings, saving and loading."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.strings import StringStore
from spacy.vectors import Vectors

from kg.extract.linear import LinearModel, ModelError
from kg.extract.trees import (
    BlendedModel,
    TreeEnsemble,
    WordVectors,
    embed,
    is_blended,
    load_model,
)
from kg.train.trees import fit_trees

WORDS = ["قصف", "غاره", "هجوم", "مباراه", "مهرجان", "فريق", "الجيش", "مدينه", "اليوم", "في"]


def _vectors(seed: int = 0) -> WordVectors:
    data = np.random.default_rng(seed).normal(size=(64, 8)).astype("f")
    table = Vectors(strings=StringStore(), data=data, mode="floret", minn=2, maxn=3, hash_count=2)
    return WordVectors(table)


def _rows(n: int, seed: int = 1) -> tuple[list[list[str]], list[bool]]:
    """Candidates whose label depends on a conjunction and on word sense (the sport words)."""
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for _ in range(n):
        words = list(rng.choice(WORDS, size=5))
        cue = bool(rng.random() < 0.5)
        feats = [
            f"tw={words[0]}",
            *(f"bs={w}" for w in words),
            "w-1=<edge>",
            f"REQUEST|w1={words[1]}",
        ]
        feats += ["neg_before"] if cue else []
        sport = any(w in ("مباراه", "مهرجان", "فريق") for w in words)
        rows.append(feats)
        labels.append((words[0] in ("قصف", "غاره", "هجوم")) and not (cue and sport))
    return rows, labels


def test_numpy_trees_give_lightgbms_scores():
    """The exported arrays score every row as LightGBM's own booster does."""
    import lightgbm as lgb
    from scipy.sparse import csr_matrix

    rows, labels = _rows(400)
    vec = _vectors()
    params = {"n_estimators": 30, "min_child_samples": 5}
    trees = fit_trees(rows, labels, vec, params=params)
    assert trees.dense and len(trees.roots) == 30
    # the same model fitted by hand on the same columns
    names = sorted({f for r in rows for f in r})
    counts = {f: sum(f in set(r) for r in rows) for f in names}
    names = [f for f in names if counts[f] >= 3]
    binary = np.array([[float(f in r) for f in names] for r in rows])
    x = np.hstack([binary, embed(rows, vec).astype(np.float64)])
    booster = lgb.LGBMClassifier(
        n_estimators=30,
        learning_rate=0.05,
        num_leaves=15,
        min_child_samples=5,
        colsample_bytree=0.5,
        subsample=0.8,
        subsample_freq=1,
        random_state=0,
        deterministic=True,
        force_col_wise=True,
        n_jobs=2,
        verbose=-1,
    ).fit(csr_matrix(x), np.array(labels, dtype=int))
    test_rows, _ = _rows(100, seed=7)
    tb = np.array([[float(f in r) for f in names] for r in test_rows])
    expected = booster.predict_proba(
        csr_matrix(np.hstack([tb, embed(test_rows, vec).astype(np.float64)])), raw_score=True
    )
    got = trees.raw(trees.matrix(test_rows, embed(test_rows, vec)))
    np.testing.assert_allclose(got, expected, atol=1e-9)
    assert np.ptp(got) > 0.5  # the trees learned something


def test_trees_are_reproducible():
    rows, labels = _rows(200)
    a = fit_trees(rows, labels, _vectors(), params={"n_estimators": 10, "min_child_samples": 5})
    b = fit_trees(rows, labels, _vectors(), params={"n_estimators": 10, "min_child_samples": 5})
    assert a.names == b.names
    for k, v in a.arrays().items():
        np.testing.assert_array_equal(v, b.arrays()[k])


def test_tree_walk_by_hand():
    # node 0: column a <= 0.5 → leaf 0, else node 1; node 1: column dense:1 <= 0.0 → leaf 1, else 2
    t = TreeEnsemble(
        ["a", "dense:1"],
        feature=np.array([0, 1]),
        threshold=np.array([0.5, 0.0]),
        left=np.array([-1, -2]),
        right=np.array([1, -3]),
        values=np.array([-1.0, 0.5, 2.0]),
        roots=np.array([0]),
    )
    dense = np.array([[9.0, -1.0], [9.0, -1.0], [9.0, 3.0]])  # only column 1 is read
    x = t.matrix([[], ["a", "unknown"], ["a"]], dense)
    assert x.tolist() == [[0.0, -1.0], [1.0, -1.0], [1.0, 3.0]]
    assert t.raw(x).tolist() == [-1.0, 0.5, 2.0]
    with pytest.raises(ValueError):
        TreeEnsemble(
            ["a"],
            feature=np.array([3]),
            threshold=np.zeros(1),
            left=np.array([-1]),
            right=np.array([-2]),
            values=np.zeros(2),
            roots=np.array([0]),
        )


def test_embed_groups():
    vec = _vectors()
    rows = [["tw=قصف", "bs=قصف", "bs=مدينه", "w-1=<edge>", "ASSAULT|w-1=في", "w1=في"], []]
    e = embed(rows, vec)
    assert e.shape == (2, 5 * vec.width)
    w = vec.width
    np.testing.assert_allclose(e[0, :w], vec.mean(["قصف"]), rtol=1e-6)
    np.testing.assert_allclose(e[0, w : 2 * w], vec.mean(["قصف", "مدينه"]), rtol=1e-6)
    assert not e[0, 3 * w : 4 * w].any()  # w-1 is the edge; ASSAULT|w-1 is in no group
    np.testing.assert_allclose(e[0, 4 * w :], vec.mean(["في"]), rtol=1e-6)
    assert not e[1].any()
    assert np.linalg.norm(vec.mean(["قصف"])) == pytest.approx(1.0, rel=1e-4)


def _blended(vec: WordVectors) -> BlendedModel:
    rows, labels = _rows(300)
    linear = LinearModel(["none", "event"], ["tw=قصف"], np.array([[0.0, 1.5], [0.0, -1.0]]))
    trees = fit_trees(rows, labels, vec, params={"n_estimators": 20, "min_child_samples": 5})
    return BlendedModel(linear, trees, vec, threshold=0.4, meta={"C": 0.1})


def test_blended_model_round_trip(tmp_path):
    vec = _vectors()
    m = _blended(vec)
    rows, _ = _rows(50, seed=3)
    p = m.proba(rows)
    assert p.shape == (50, 2) and np.allclose(p.sum(axis=1), 1.0)
    lin = m.linear.proba(rows)[:, 1]
    tree = 1 / (1 + np.exp(-m.trees.raw(m.trees.matrix(rows, embed(rows, vec)))))
    np.testing.assert_allclose(p[:, 1], (lin + tree) / 2, rtol=1e-6)
    m.to_disk(tmp_path / "detect")
    assert is_blended(tmp_path / "detect")
    back = BlendedModel.from_disk(tmp_path / "detect", vec)
    assert back.threshold == 0.4 and back.meta == {"C": 0.1} and back.classes == ["none", "event"]
    np.testing.assert_allclose(back.proba(rows), p, rtol=1e-6)


def test_blended_model_refuses_other_vectors(tmp_path):
    m = _blended(_vectors())
    m.to_disk(tmp_path / "detect")
    with pytest.raises(ModelError, match="other word vectors"):
        BlendedModel.from_disk(tmp_path / "detect", _vectors(seed=5))
    (tmp_path / "detect" / "trees.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="cannot load"):
        BlendedModel.from_disk(tmp_path / "detect", _vectors())


def test_load_model_reads_either_kind(tmp_path):
    linear = LinearModel(["none", "event"], ["a"], np.zeros((2, 2)))
    linear.to_disk(tmp_path / "lin")
    assert isinstance(load_model(tmp_path / "lin", tmp_path / "no-vectors"), LinearModel)
    _blended(_vectors()).to_disk(tmp_path / "bl")
    with pytest.raises(ModelError):  # the vectors folder is missing
        load_model(tmp_path / "bl", tmp_path / "no-vectors")


def test_every_shipped_model_file_is_package_data():
    """A wheel holds every file of the shipped models (``detect/linear/`` was left out once)."""
    from fnmatch import fnmatch
    from pathlib import Path

    tomllib = pytest.importorskip("tomllib", reason="tomllib is in Python 3.11 and later")

    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["kg.lang.ar"]
    package = root / "kg" / "lang" / "ar"
    files = [f for f in (package / "models").rglob("*") if f.is_file()]
    assert any(f.name == "trees.npz" for f in files)

    def packaged(rel: str) -> bool:  # setuptools globs: "*" does not cross a "/"
        return any(fnmatch(rel, p) and rel.count("/") == p.count("/") for p in patterns)

    missing = [
        str(f.relative_to(package)) for f in files if not packaged(str(f.relative_to(package)))
    ]
    assert not missing, f"not in pyproject's package-data: {missing}"
