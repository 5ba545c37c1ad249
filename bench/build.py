"""Benchmark: ``kg build`` end to end on ANT articles, -j 1 against -j 2, and an incremental step.

Usage: python bench/build.py [--shared ../shared] [--articles N] [--add 10] [--dask]

Writes the first N ANT v1.1 articles with text (all 10,138 by default) to a JSONL file and
times, side by side in one run, as separate ``kg build`` processes into fresh stores:

- ``-j 1`` and ``-j 2``: wall time, peak memory of the whole process tree (RSS summed over
  the build and its workers, sampled every 0.1 s), and whether the two give the same store
  (N-Quads) and the same events.jsonl, report.md and graph.ttl;
- ``--add`` new articles (the next ones in ANT) added to the ``-j 2`` store, with every
  output rewritten and with ``--no-outputs`` (the store only): wall time and share of the
  full build; then the files of the whole store written on request (``kg build -o OUT``);
- with ``--dask``, the same build on a Dask ``LocalCluster`` of two single-threaded worker
  processes on loopback (``kg build --dask``), compared with the local build.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from ant import records as ant_records

ROOT = Path(__file__).resolve().parents[1]


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


def _run(args: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak MB of the process tree and exit status of ``kg ARGS``."""
    cmd = [sys.executable, "-m", "kg", "-q", *args]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
    root, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            rss = sum(p.memory_info().rss for p in tree if p.is_running())
        except psutil.Error:
            rss = 0
        peak = max(peak, rss)
        time.sleep(0.1)
    return time.perf_counter() - t0, peak / 2**20, proc.returncode


def _quads(store: Path) -> set[str]:
    from kg.graph.store import open_store

    with open_store(store, create=False) as st:
        import pyoxigraph as ox

        return set(st.inner.dump(format=ox.RdfFormat.N_QUADS).decode().splitlines())


def _same(a: Path, b: Path) -> str:
    """Which outputs of two builds differ ('identical' if none)."""
    import rdflib
    from rdflib.compare import isomorphic

    diff = [
        n for n in ("events.jsonl", "report.md") if (a / n).read_bytes() != (b / n).read_bytes()
    ]
    if _quads(a / "store") != _quads(b / "store"):
        diff.append("store")
    ga = rdflib.Graph().parse(a / "graph.ttl")
    gb = rdflib.Graph().parse(b / "graph.ttl")
    if not isomorphic(ga, gb):
        diff.append("graph.ttl")
    return "identical" if not diff else "DIFFER: " + ", ".join(diff)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--articles", type=int, default=20000, help="first N ANT articles (all)")
    ap.add_argument("--add", type=int, default=10, help="articles added incrementally")
    ap.add_argument("--dask", action="store_true", help="also build on a Dask LocalCluster")
    args = ap.parse_args()
    records = ant_records(args.shared, args.articles + args.add)
    base, extra = records[: len(records) - args.add], records[len(records) - args.add :]
    words = sum(len(r["text"].split()) for r in base)
    with tempfile.TemporaryDirectory(prefix="kg-bench-build-") as tmp:
        tmp = Path(tmp)
        src = _write(tmp / "ant.jsonl", base)
        more = _write(tmp / "more.jsonl", extra)
        print(f"{len(base):,} ANT articles, {words:,} words; machine: {psutil.cpu_count()} cores")
        rows = {}
        for j in (1, 2):
            out = tmp / f"j{j}"
            rows[j] = _run(["build", str(src), "-o", str(out), "-j", str(j)])
            sec, mb, rc = rows[j]
            print(
                f"kg build -j {j}: {sec:7.1f} s  peak {mb:,.0f} MB  exit {rc}  {words / sec:,.0f} words/s"
            )
        print(
            f"-j 2 speed-up over -j 1: {rows[1][0] / rows[2][0]:.2f}x; outputs {_same(tmp / 'j1', tmp / 'j2')}"
        )
        if extra:
            shutil.copytree(tmp / "j2", tmp / "j2-copy")
            sec, mb, rc = _run(["build", str(more), "-o", str(tmp / "j2-copy")])
            print(f"+{len(extra)} articles with every output rewritten: {sec:.1f} s = {sec / rows[2][0]:.1%} of the full -j 2 build, peak {mb:,.0f} MB, exit {rc}")  # fmt: skip
            inc = ["build", str(more), "-o", str(tmp / "j2"), "--no-outputs"]
            sec, mb, rc = _run(inc)
            print(f"+{len(extra)} articles, store only (--no-outputs): {sec:.1f} s = {sec / rows[2][0]:.1%} of the full -j 2 build, peak {mb:,.0f} MB, exit {rc}")  # fmt: skip
            sec, mb, rc = _run(["build", "-o", str(tmp / "j2")])
            print(f"then the files of the whole store (kg build without inputs): {sec:.1f} s, peak {mb:,.0f} MB, exit {rc}")  # fmt: skip
        if args.dask:
            from distributed import LocalCluster

            with LocalCluster(
                n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
            ) as lc:
                out = tmp / "dask"
                sec, mb, rc = _run(
                    ["build", str(src), "-o", str(out), "--dask", lc.scheduler_address]
                )
                print(f"kg build --dask (LocalCluster, 2 workers): {sec:.1f} s, builder peak {mb:,.0f} MB (workers not counted), exit {rc}; outputs {_same(tmp / 'j1', out)}")  # fmt: skip


if __name__ == "__main__":
    main()
