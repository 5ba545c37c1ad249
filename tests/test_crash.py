"""Crash safety: ``kill -9`` at random moments of a store build never leaves a broken store.

Ten builds of the same real articles are killed with SIGKILL at random moments (from the
model load to the last file move). After each, the store opens, its union graph conforms to
the shapes, and its content is all or nothing (the state before the build, or the whole
build); a rerun then gives exactly what a clean build gives, and leaves no temporary files.
Slow (a few minutes): ``pytest -m slow tests/test_crash.py``.
"""

from __future__ import annotations

import gzip
import json
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph.store import open_store
from kg.graph.validate import validate

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared" / "corpora" / "ant_v1.1" / "articles.jsonl.gz"
KG_EXE = shutil.which("kg")
KILLS = 10

pytestmark = [pytest.mark.slow, pytest.mark.shared]


def _quads(store_dir: Path) -> set[str]:
    with open_store(store_dir) as st:
        return set(st.inner.dump(format=ox.RdfFormat.N_QUADS).decode().splitlines())


def _build(src: Path, out: Path, store: Path) -> subprocess.Popen:
    args = [KG_EXE, "build", str(src), "--out", str(out), "--store", str(store)]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _articles(tmp: Path, n: int) -> Path:
    with gzip.open(ANT, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(n * 2), fh, strict=False)]
    recs = [
        {"id": r["id"], "text": r["text"], "date": r.get("time")} for r in rows if r.get("text")
    ]
    src = tmp / "ant.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs[:n]))
    return src


def test_kill_9_during_builds(tmp_path):
    if KG_EXE is None:
        pytest.skip("the kg console script is not on PATH")
    if not ANT.exists():
        pytest.skip(f"{ANT} absent: ../shared corpora are not beside this clone")
    src = _articles(tmp_path, 120)
    clean_out, clean_store = tmp_path / "clean", tmp_path / "clean-store"
    start = time.monotonic()
    proc = _build(src, clean_out, clean_store)
    assert proc.wait(timeout=600) == 0, proc.stderr.read()
    duration = time.monotonic() - start
    clean = _quads(clean_store)
    rng = random.Random(2026)
    outcomes = []
    for i in range(KILLS):
        out, store = tmp_path / f"out{i}", tmp_path / f"store{i}"
        proc = _build(src, out, store)
        time.sleep(rng.uniform(0.3, duration * 1.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        if not store.exists():
            outcomes.append("before the store")
            continue
        after_kill = _quads(store)
        assert after_kill in (set(), clean), f"kill {i}: a half-applied build"
        assert not validate(store), f"kill {i}: the store does not conform"
        outcomes.append("all" if after_kill == clean else "nothing")
        proc = _build(src, out, store)
        assert proc.wait(timeout=600) == 0, proc.stderr.read()
        assert _quads(store) == clean, f"kill {i}: the rerun differs from a clean build"
        for name in ("events.jsonl", "report.md"):
            assert (out / name).read_bytes() == (clean_out / name).read_bytes(), name
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(f".out{i}.")]
        leftovers += [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
        assert not leftovers, f"kill {i}: temporary files left behind: {leftovers}"
    assert "nothing" in outcomes, outcomes  # some kills did land mid-build
