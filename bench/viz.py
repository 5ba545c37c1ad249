"""How long until a rendered actor network is drawn in headless Chromium (500 vs 5,000 actors).

Generates synthetic actor networks (seeded: kinds, Arabic and English labels, conflict and
cooperation events, affiliations, a few places), renders each with :func:`kg.render.html.to_html`
and opens it in headless Chromium. The page marks ``performance.now()`` when vis-network
fires its first ``afterDrawing`` (``data-kg-first-draw-ms`` on ``<html>``), read back with
``--dump-dom``; the wall time of the whole Chromium run is printed beside it, with a blank
page's as the baseline. Usage::

    python bench/viz.py                 # 500 and 5,000 actors
    python bench/viz.py --sizes 50 500 5000 --runs 3 --keep /tmp/bench-viz
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.network import centrality  # noqa: E402
from kg.render.html import PHYSICS_MAX_NODES, to_html  # noqa: E402
from kg.vocab import QUAD_CLASSES  # noqa: E402

KINDS = ["State", "Government", "ArmedForce", "ArmedGroup", "Operation", "Person", "Group"]
AR_WORDS = ["الجيش", "قوات", "حكومة", "لواء", "كتيبة", "ميليشيا", "عملية", "جبهة", "مجلس"]
AR_PLACES = ["طرابلس", "مصراتة", "بنغازي", "سرت", "درنة", "غريان", "الزاوية", "صبراتة"]


def synthetic_network(n_actors: int, *, seed: int = 0, events_per_actor: float = 2.0):
    """A seeded MultiDiGraph shaped like :func:`kg.network.actor_network` output."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph(name="synthetic")
    actors = [f"https://w3id.org/conflict-kg/id/actor/A{i}" for i in range(n_actors)]
    places = [f"https://w3id.org/conflict-kg/id/place/P{i}" for i in range(max(2, n_actors // 20))]
    for i, iri in enumerate(actors):
        ar = f"{rng.choice(AR_WORDS)} {rng.choice(AR_PLACES)} {i}"
        g.add_node(
            iri, label=ar, label_ar=ar, label_en=f"Actor {i}", kind=rng.choice(KINDS), iri=iri
        )
    for i, iri in enumerate(places):
        ar = f"{rng.choice(AR_PLACES)} {i}"
        g.add_node(iri, label=ar, label_ar=ar, label_en=f"Place {i}", kind="Place", iri=iri)
    types = list(QUAD_CLASSES)
    # preferential attachment: a few actors take part in many events, like real news
    weights = [1.0 / (i + 1) ** 0.7 for i in range(n_actors)]
    for e in range(int(events_per_actor * n_actors)):
        u, v = rng.choices(actors, weights, k=2)
        if u == v:
            continue
        if rng.random() < 0.1:
            v = rng.choice(places)
        code = rng.choice(types)
        g.add_edge(
            u,
            v,
            key=f"e{e}",
            event_type=code,
            quad=QUAD_CLASSES[code],
            mode=None,
            date=f"2020-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            event=f"https://w3id.org/conflict-kg/id/event/{e}",
            reports=rng.randint(1, 3),
            claimed_by=None,
            evidence=f"جملة الدليل رقم {e} <b>غير موثوقة</b>",
        )
    for _ in range(n_actors // 10):
        u, v = rng.sample(actors, 2)
        g.add_edge(u, v, key=f"partOf:{u}", relation="partOf")
    return g


def chromium() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def open_in_chromium(exe: str, url: str, profile: Path, budget_ms: int) -> tuple[float, str]:
    cmd = [
        exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
        "--window-size=1200,800", "--dump-dom", url,
    ]  # fmt: skip
    if budget_ms:
        cmd.insert(-2, f"--virtual-time-budget={budget_ms}")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    return time.perf_counter() - t0, proc.stdout


def mark(dom: str, name: str) -> float | None:
    m = re.search(rf'data-kg-{name}-ms="(\d+)"', dom)
    return float(m.group(1)) / 1000 if m else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    ap.add_argument("--runs", type=int, default=2, help="Chromium runs per size (median)")
    ap.add_argument("--budget", type=int, default=30000, help="--virtual-time-budget in ms")
    ap.add_argument("--keep", type=Path, help="write the pages into this directory")
    args = ap.parse_args(argv)

    exe = chromium()
    out = args.keep or Path(tempfile.mkdtemp(prefix="bench-viz-"))
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    baseline = None
    if exe:
        blank = out / "blank.html"
        blank.write_text("<html><body>blank</body></html>", encoding="utf-8")
        baseline = statistics.median(
            open_in_chromium(exe, blank.as_uri(), out / "profile", args.budget)[0]
            for _ in range(args.runs)
        )
    for n in args.sizes:
        g = synthetic_network(n, seed=n)
        t0 = time.perf_counter()
        page = to_html(g, title=f"synthetic {n}", scores=centrality(g))
        render_s = time.perf_counter() - t0
        path = out / f"network-{n}.html"
        path.write_text(page, encoding="utf-8")
        row = {
            "actors": n,
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
            "layout": "physics" if g.number_of_nodes() <= PHYSICS_MAX_NODES else "precomputed",
            "render_s": render_s,
            "html_mb": len(page.encode()) / 1e6,
        }
        if exe:
            walls, draws, stables = [], [], []
            for _ in range(args.runs):
                wall, dom = open_in_chromium(exe, path.as_uri(), out / "profile", args.budget)
                walls.append(wall)
                draws.append(mark(dom, "first-draw"))
                stables.append(mark(dom, "stabilized"))
            row["chromium_wall_s"] = statistics.median(walls)
            row["first_draw_s"] = None if None in draws else statistics.median(draws)
            row["stabilized_s"] = None if None in stables else statistics.median(stables)
        rows.append(row)

    print(
        f"chromium: {exe or 'not found'}; blank page wall time: "
        + (f"{baseline:.2f} s" if baseline is not None else "n/a")
    )
    head = ["actors", "nodes", "edges", "layout", "render_s", "html_mb", "chromium_wall_s",
            "first_draw_s", "stabilized_s"]  # fmt: skip
    print(" | ".join(f"{h:>15}" for h in head))
    for r in rows:
        cells = []
        for h in head:
            v = r.get(h)
            cells.append(f"{v:>15.2f}" if isinstance(v, float) else f"{str(v):>15}")
        print(" | ".join(cells))
    if args.keep is None:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
