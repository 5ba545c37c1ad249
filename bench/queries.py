"""Shipped-query benchmark: every kg/graph/queries/*.rq on a 1M-quad store of real ANT events.

    python bench/queries.py [--shared ../shared] [--articles 1000] [--quads 1000000] [--rdflib-cap 60]

1. A base store: ``kg build`` of ``--articles`` ANT articles with text, every tenth record
   of ``articles.jsonl.gz`` (so the sample has the corpus' mix of sections), cached under
   ``--cache`` (default /tmp/q14cache).
2. Its quads replicated with fresh IRIs up to ``--quads``: every kg id IRI (events,
   reports, articles, article graphs, minted entities) gets a copy suffix; registry
   entities (actors, places, countries) stay shared, so each copy reads as more news about
   the same actors and places. The registry graph is loaded once, the labels graph holds the
   labels of every copy's minted entities. Loaded through :mod:`kg.graph.store` (on disk,
   one update per batch of copies, then closed and reopened read-only) and into rdflib the
   way ``kg validate``/``--graph`` read a store (``load_graph``: the union as a Graph).
   The replicated store is cached too (``--fresh`` rebuilds it).
3. Every shipped query with its default parameters (and a realistic parameter for those
   that take one: the most frequent registry actor, claimant and place), warm: median of
   ``--repeat`` runs after one warm-up; rdflib capped at ``--rdflib-cap`` seconds a query
   (either engine: one run only when the warm-up takes over a second). Printed per query: project store
   ms, rdflib ms, their ratio, rows, and whether the two engines give the same rows.
   With ``--before DIR`` (default tests/data/queries_before, the formulations before
   issue 14) the old text of each query is timed on the project store too and its rows
   compared with the shipped one's.

Not part of the tests. The default run takes about 10 minutes, rdflib's load and queries
most of it.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import signal
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's kg, not an installed one

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402
from ant import records as ant_records  # noqa: E402

from kg.graph.query import bind_params, list_queries, load_query, query_params, run_query  # noqa: E402
from kg.graph.store import open_store  # noqa: E402

KGR = "https://w3id.org/conflict-kg/id/"
KG = "https://w3id.org/conflict-kg/ontology#"
SHARED_GRAPHS = {KGR + "graph/registry", KGR + "graph/labels"}
COPIED = ("event/", "report/", "article/", "graph/", "actor/x-", "place/x-")
IDENTIFIER = "http://purl.org/dc/terms/identifier"
BEFORE = ROOT / "tests" / "data" / "queries_before"


# --- the base store ---------------------------------------------------------------------------


def base_quads(shared: Path, n_articles: int, cache: Path) -> bytes:
    """N-Quads of the data graphs of a ``kg build`` of ``n_articles`` ANT articles (cached)."""
    dump = cache / f"base{n_articles}.nq"
    if dump.is_file():
        return dump.read_bytes()
    from kg.build import build

    cache.mkdir(parents=True, exist_ok=True)
    src = cache / f"ant{n_articles}.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for rec in ant_records(shared, n_articles, stride=10):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    store_dir = cache / f"base{n_articles}"
    shutil.rmtree(store_dir, ignore_errors=True)
    t = time.perf_counter()
    result = build([src], cache / f"out{n_articles}", store=store_dir)
    print(f"built base store: {result.articles} articles, {result.events} events "
          f"in {time.perf_counter() - t:.0f} s", flush=True)  # fmt: skip
    with open_store(store_dir, create=False) as st:
        st.export(dump, "nquads")
    return dump.read_bytes()


# --- replication ------------------------------------------------------------------------------


def _copy_iri(value: str, suffix: str) -> str:
    if value.startswith(KGR) and value not in SHARED_GRAPHS:
        if value[len(KGR) :].startswith(COPIED):
            return value + suffix
    return value


def replicate(quads: list[ox.Quad], copy: int) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """Copy ``copy`` of the data (0 = the base as is): (article-graph quads, labels quads).

    The registry graph is left out (it is loaded once, shared by every copy).
    """
    suffix = f"-c{copy}" if copy else ""

    def term(t):
        if isinstance(t, ox.NamedNode) and suffix:
            return ox.NamedNode(_copy_iri(t.value, suffix))
        return t

    articles, labels = [], []
    for q in quads:
        g = q.graph_name.value
        if g == KGR + "graph/registry":
            continue
        obj = term(q.object)
        if suffix and q.predicate.value == IDENTIFIER and isinstance(obj, ox.Literal):
            obj = ox.Literal(obj.value + suffix)  # one article id per copy
        new = ox.Quad(term(q.subject), q.predicate, obj, term(q.graph_name))
        (labels if g == KGR + "graph/labels" else articles).append(new)
    return articles, labels


def _dataset(quads: list[ox.Quad]) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")
    return ds


def bench_store(args: argparse.Namespace) -> Path:
    """The replicated store on disk (built through kg.graph.store, or the cached one)."""
    path = args.cache / f"bench-{args.articles}-{args.quads}"
    if (path / "CURRENT").is_file() and not args.fresh:
        return path
    shutil.rmtree(path, ignore_errors=True)
    base = list(
        ox.parse(base_quads(args.shared, args.articles, args.cache), format=ox.RdfFormat.N_QUADS)
    )
    registry = [q for q in base if q.graph_name.value == KGR + "graph/registry"]
    per_copy = len(base) - len(registry)
    copies = max(1, math.ceil((args.quads - len(registry)) / per_copy))
    print(f"base: {len(base)} quads ({len(registry)} registry); {copies} copies", flush=True)
    t = time.perf_counter()
    labels: list[ox.Quad] = []
    with open_store(path) as st:
        batch: list[ox.Quad] = []
        for c in range(copies):
            arts, labs = replicate(base, c)
            batch += arts
            labels += labs
            if len(batch) > 100_000 or c == copies - 1:
                st.update(_dataset(batch))
                batch = []
        st.update(_dataset(registry + labels))
    print(f"loaded the store in {time.perf_counter() - t:.0f} s", flush=True)
    return path


# --- timing -----------------------------------------------------------------------------------


class Timeout(BaseException):  # not caught by run_query's `except Exception`
    """rdflib ran past its cap."""


def _alarm(signum, frame):
    raise Timeout


def timed(fn: Callable[[], list], repeat: int, cap: float | None = None):
    """(median seconds of ``repeat`` runs after a warm-up, rows); (None, None) past ``cap``."""
    if cap is not None:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, cap)
    try:
        t = time.perf_counter()
        rows = fn()
        first = time.perf_counter() - t
    except Timeout:
        return None, None
    finally:
        if cap is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
    if first > 1.0:
        return first, rows  # slow: the warm-up is the measurement
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), rows


def normal(rows: list) -> list[tuple]:
    """Rows as comparable tuples (lexical form + datatype/language of each term)."""

    def key(t):
        if t is None:
            return None
        if isinstance(t, rdflib.Literal):
            return (str(t), str(t.datatype or ""), t.language or "")
        return str(t)

    return [tuple(key(t) for t in r) for r in rows]


def same(a: list, b: list) -> str:
    """Rows equal: "yes" (same rows, same order), "set" (same rows, another order of ties) or "NO"."""
    na, nb = normal(a), normal(b)
    if na == nb:
        return "yes"
    return "set" if sorted(na, key=repr) == sorted(nb, key=repr) else "NO"


def cases(st) -> list[tuple[str, dict]]:
    """Every shipped query unbound, plus the parametrized ones with a realistic value."""

    def top(prop: str, kind: str) -> str:
        _, rows = st.query(
            f"SELECT ?x (COUNT(*) AS ?n) WHERE {{ ?e <{KG}{prop}> ?x "
            f'FILTER(STRSTARTS(STR(?x), "{KGR}{kind}/") && !CONTAINS(STR(?x), "/x-")) }} '
            "GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1"
        )
        return str(rows[0][0])

    actor, claimant, place = top("actor", "actor"), top("claimedBy", "actor"), top("place", "place")
    out = [(name, {}) for name, _ in list_queries()]
    for name, params in [
        ("actor_claims", {"actor": actor}),
        ("actor_timeline", {"actor": actor}),
        ("claims_by_source", {"claimant": claimant}),
        ("events_at_place", {"place": place}),
    ]:
        out.append((name, params))
    return sorted(out, key=lambda c: (c[0], bool(c[1])))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--quads", type=int, default=1_000_000)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/q14cache"))
    ap.add_argument("--fresh", action="store_true", help="rebuild the replicated store")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rdflib-cap", type=float, default=60.0)
    ap.add_argument("--no-rdflib", action="store_true")
    ap.add_argument("--before", type=Path, default=BEFORE)
    ap.add_argument("--only", nargs="*", help="query names to run")
    args = ap.parse_args()
    path = bench_store(args)
    st = open_store(path, read_only=True)
    n_quads = sum(1 for g in st.graphs() for _ in st.inner.quads_for_pattern(None, None, None, ox.NamedNode(g)))  # fmt: skip
    print(f"store {path}: {n_quads} quads, {len(st)} union triples, {len(st.graphs())} graphs")
    graph = None
    if not args.no_rdflib:
        t = time.perf_counter()
        graph = st.union_graph()  # what load_graph(store dir) gives the --graph path
        print(f"rdflib: {len(graph)} triples loaded in {time.perf_counter() - t:.0f} s")
    head = f"{'query':<34} {'before ms':>10} {'store ms':>9} {'rdflib ms':>10} {'ratio':>7} {'rows':>6}  rdflib=  before="
    print(head + "\n" + "-" * len(head), flush=True)
    for name, params in cases(st):
        if args.only and name not in args.only:
            continue
        text, _ = load_query(name)
        bindings = bind_params(text, params) if query_params(text) else {}
        label = name + "".join(f" {k}={str(v).rsplit('/', 1)[-1]}" for k, v in params.items())
        t_ox, rows = timed(lambda t=text, b=bindings: st.query(t, b)[1], args.repeat)
        before_ms, eq_before = "", ""
        old = args.before / f"{name}.rq"
        if old.is_file() and old.read_text(encoding="utf-8") != text:
            old_text = old.read_text(encoding="utf-8")
            t_old, old_rows = timed(lambda t=old_text, b=bindings: st.query(t, b)[1], args.repeat)
            before_ms, eq_before = f"{t_old * 1000:.1f}", same(old_rows, rows)
        rd_ms, ratio, eq = "-", "-", "-"
        if graph is not None:
            t_rd, rd_rows = timed(
                lambda t=text, b=bindings: run_query(graph, t, b)[1], args.repeat, args.rdflib_cap
            )
            if t_rd is None:
                rd_ms, ratio = f">{args.rdflib_cap:.0f} s", f">{args.rdflib_cap / t_ox:.0f}"
            else:
                rd_ms, ratio, eq = f"{t_rd * 1000:.0f}", f"{t_rd / t_ox:.0f}", same(rd_rows, rows)
        print(f"{label:<34} {before_ms:>10} {t_ox * 1000:>9.1f} {rd_ms:>10} {ratio:>7} "
              f"{len(rows):>6}  {eq:<7} {eq_before}", flush=True)  # fmt: skip
    floor(st, args.repeat)
    st.close()


def floor(st, repeat: int, n: int = 10_000) -> None:
    """What reading rows costs alone: ``n`` rows of 11 columns from a scan of the union.

    No query that lists tens of thousands of rows can take less than this many milliseconds
    per row: it is the engine's term decoding and kg's conversion to rdflib terms.
    """
    cols = " ".join(f"?v{i}" for i in range(8))
    binds = " ".join(f"BIND(?{'spo'[i % 3]} AS ?v{i})" for i in range(8))
    text = f"SELECT ?s ?p ?o {cols} WHERE {{ ?s ?p ?o . {binds} }} LIMIT {n}"
    t, rows = timed(lambda: st.query(text)[1], repeat)
    print(f"floor: {len(rows)} rows of 11 columns scanned from the union in {t * 1000:.0f} ms "
          f"({t * 1e6 / max(len(rows), 1):.1f} µs a row)")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
