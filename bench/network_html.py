"""How fast the network page is at the 10k-article scale, in headless Chromium (Selenium).

Builds the 10k ANT articles once (or reuses the output directory), renders the actor network
page with :func:`kg.render.html.to_html`, and opens it in headless Chromium through Selenium
and Debian's chromedriver. Measured per run, in a fresh page load:

- first draw: ``performance.now()`` at vis-network's first ``afterDrawing`` (the page marks it
  as ``data-kg-first-draw-ms``), i.e. from navigation start;
- search: typing a name into the search box until the result list is painted (the input
  event, then two animation frames);
- filters: one change (a quad class unchecked, a date range, "at least 3 events", a kind)
  until the network has redrawn, same measure; "show all" and a click on an actor (ego
  network + side panel) are reported too.

Targets: first draw < 3 s, search and filter < 200 ms. Nothing is asserted: the table is
printed. Usage::

    python bench/network_html.py                                  # builds /tmp/kg-bench-ant once
    python bench/network_html.py --out /tmp/html_h/ant --runs 3 --screenshot docs/img/network-10k.png
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# (not bench/html.py: a script's folder comes first on sys.path, and that name would shadow
# the standard library's html module for every script in bench/)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.graph.store import open_store  # noqa: E402
from kg.network import actor_network, centrality  # noqa: E402
from kg.render.html import to_html  # noqa: E402

TARGETS = {"first draw": 3000.0, "search": 200.0, "filter": 200.0}

# Runs `action` (JS statements), then resolves after two animation frames: the paint.
MEASURE = """
var done = arguments[arguments.length - 1], t0 = performance.now();
ACTION
requestAnimationFrame(function () { requestAnimationFrame(function () {
  done(performance.now() - t0); }); });
"""

SEARCHES = {
    "search 'ليبيا'": "ليبيا",
    "search 'الجيش'": "الجيش",
    "search 'tunisia'": "tunisia",
    "search 'ال' (broad)": "ال",
}

_SET = "var x = document.getElementById('{id}'); x.value = '{value}';"
_CHANGE = "x.dispatchEvent(new Event('change'));"
FILTERS = {
    "filter: quad unchecked": "var x = document.querySelector("
    "'input.kg-f-quad[value=\"MaterialConflict\"]'); x.checked = false;" + _CHANGE,
    "filter: date range": _SET.format(id="kg-f-from", value="2018-01-01")
    + _CHANGE
    + _SET.format(id="kg-f-to", value="2018-12-31")
    + _CHANGE,
    "filter: at least 3 events": _SET.format(id="kg-f-min", value="3") + _CHANGE,
    "filter: kind unchecked": "var x = document.querySelector("
    "'input.kg-f-kind[value=\"Person\"]'); x.checked = false;" + _CHANGE,
}
OTHERS = {
    "show all": "kg.setView('all');",
    "click actor (ego + panel)": "kg.focus(kg.search('ليبيا')[0]);",
}


def build(inp: Path, out: Path) -> float:
    """Build ``inp`` into ``out`` unless its store is there; returns the seconds spent."""
    if (out / "store" / "CURRENT").exists():
        return 0.0
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "kg.cli", "build", str(inp), "--out", str(out), "-j", "2"]
    proc = subprocess.run(cmd, check=False)
    if proc.returncode not in (0, 3):  # 3: some empty records skipped
        raise SystemExit(f"bench: kg build {inp} failed with exit status {proc.returncode}")
    return time.perf_counter() - t0


def driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--window-size=1400,1000"):  # fmt: skip
        opts.add_argument(arg)
    drv = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    d = webdriver.Chrome(service=Service(drv), options=opts)
    d.set_script_timeout(120)
    return d


def load(d, url: str) -> tuple[float, float]:
    """Open the page; returns (first draw ms from navigation start, wall seconds to ready)."""
    t0 = time.perf_counter()
    d.get(url)
    while True:
        mark = d.execute_script(
            "var r = document.documentElement; return r.getAttribute('data-kg-ready') &&"
            " r.getAttribute('data-kg-first-draw-ms')"
        )
        if mark:
            return float(mark), time.perf_counter() - t0
        if time.perf_counter() - t0 > 120:
            raise SystemExit("bench: the page did not draw within 120 s")
        time.sleep(0.02)


def measure(d, action: str) -> float:
    return float(d.execute_async_script(MEASURE.replace("ACTION", action)))


def search_action(query: str) -> str:
    q = query.replace("\\", "\\\\").replace("'", "\\'")
    return (
        f"var x = document.getElementById('kg-search'); x.value = '{q}';"
        "x.dispatchEvent(new Event('input'));"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--input", type=Path, default=Path("/tmp/ant_all.jsonl"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/kg-bench-ant"))
    ap.add_argument("--runs", type=int, default=3, help="page loads (median, max)")
    ap.add_argument("--screenshot", type=Path, help="save the default view as a PNG here")
    args = ap.parse_args(argv)

    build_s = build(args.input, args.out)
    t0 = time.perf_counter()
    with open_store(args.out / "store", read_only=True) as store:
        mdg = actor_network(store)
    network_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    page = to_html(mdg, title="Actor network (10k ANT articles)", scores=centrality(mdg))
    render_s = time.perf_counter() - t0
    path = args.out / "bench-network.html"
    path.write_text(page, encoding="utf-8")

    results: dict[str, list[float]] = {}
    wall: list[float] = []
    d = driver()
    try:
        for run in range(args.runs):
            first, seconds = load(d, path.as_uri())
            results.setdefault("first draw", []).append(first)
            wall.append(seconds)
            if run == 0 and args.screenshot:
                time.sleep(0.5)
                d.save_screenshot(str(args.screenshot))
            for name, query in SEARCHES.items():
                results.setdefault(name, []).append(measure(d, search_action(query)))
            measure(d, search_action(""))
            for name, action in FILTERS.items():
                load(d, path.as_uri())
                results.setdefault(name, []).append(measure(d, action))
            for name, action in OTHERS.items():
                load(d, path.as_uri())
                results.setdefault(name, []).append(measure(d, action))
    finally:
        d.quit()

    nodes = mdg.number_of_nodes()
    actors = sum(1 for _, k in mdg.nodes(data="kind") if k != "Place")
    print(f"input: {args.out} (build {build_s:.0f} s{' (reused)' if not build_s else ''})")
    print(
        f"network: {nodes} nodes ({actors} actors), {mdg.number_of_edges()} edges; "
        f"actor_network {network_s:.1f} s, to_html {render_s:.1f} s; "
        f"page {len(page.encode()) / 1e6:.1f} MB; wall time to ready "
        f"{statistics.median(wall):.2f} s (median of {len(wall)})"
    )
    print(f"{'measure':<28} | {'median ms':>9} | {'max ms':>8} | {'target ms':>9} | ok")
    for name, values in results.items():
        target = TARGETS.get(name.split(":")[0].split(" '")[0]) or TARGETS.get(name.split()[0])
        mid, top = statistics.median(values), max(values)
        ok = "" if target is None else ("yes" if top < target else "NO")
        shown = f"{target:>9.0f}" if target else f"{'—':>9}"
        print(f"{name:<28} | {mid:>9.1f} | {top:>8.1f} | {shown} | {ok}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
