"""Store benchmark: ~1M triples (100k synthetic events in the shape of docs/graph-shape.md),
load time and four typical queries on rdflib's Memory store vs pyoxigraph in memory and on
disk (through kg.graph.store, reopened), printed side by side.

    python bench/store.py [--events 100000]

Takes a few minutes (rdflib's load and queries dominate). Not part of the tests.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time

import pyoxigraph as ox
import rdflib

from kg.graph.store import open_store

KG = "https://w3id.org/conflict-kg/ontology#"
ID = "https://w3id.org/conflict-kg/id/"
TYPES = ["Assault", "Coerce", "Threaten", "Accuse", "Protest", "Aid", "Consult", "Mobilize"]
MODES = ["aerial", "drone", "artillery", "destroy", "shoot_down"]

QUERIES = {
    "by type": f"""PREFIX kg: <{KG}>
SELECT ?class (COUNT(?e) AS ?n) WHERE {{ ?e a ?class ; kg:report ?r }} GROUP BY ?class""",
    "ASSAULT pairs": f"""PREFIX kg: <{KG}>
SELECT ?a ?t (COUNT(?e) AS ?n) WHERE {{ ?e a kg:Assault ; kg:actor ?a ; kg:target ?t }}
GROUP BY ?a ?t ORDER BY DESC(?n) LIMIT 20""",
    "place+dates": f"""PREFIX kg: <{KG}>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?e ?d WHERE {{ ?e kg:place <{ID}place/P7> ; kg:date ?d
FILTER(?d >= "2019-05-01"^^xsd:date && ?d <= "2019-05-31"^^xsd:date) }}""",
    "2-hop": f"""PREFIX kg: <{KG}>
SELECT ?b (COUNT(DISTINCT ?c) AS ?n) WHERE {{
  ?e1 kg:actor <{ID}actor/A7> ; kg:target ?b . ?e2 kg:actor ?b ; kg:target ?c }} GROUP BY ?b""",
}


def synthetic(n_events: int, seed: int = 0) -> bytes:
    """N-Quads: each event and its report in the graph of one of n_events/10 articles."""
    rnd = random.Random(seed)
    lines = []
    n_articles = max(1, n_events // 10)
    for i in range(n_events):
        g = f"<{ID}graph/{i % n_articles:016x}>"
        e, r = f"<{ID}event/{i:016x}>", f"<{ID}report/{i:016x}>"
        art = f"<{ID}article/{i % n_articles:016x}>"
        a, t = rnd.randrange(300), rnd.randrange(300)
        day = f"2019-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d}"
        lines += [
            f"{e} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{KG}{rnd.choice(TYPES)}> {g} .",
            f"{e} <{KG}actor> <{ID}actor/A{a}> {g} .",
            f"{e} <{KG}target> <{ID}actor/A{t}> {g} .",
            f"{e} <{KG}place> <{ID}place/P{rnd.randrange(500)}> {g} .",
            f"{e} <{KG}mode> <https://w3id.org/conflict-kg/mode/{rnd.choice(MODES)}> {g} .",
            f'{e} <{KG}date> "{day}"^^<http://www.w3.org/2001/XMLSchema#date> {g} .',
            f"{e} <{KG}report> {r} {g} .",
            f"{r} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{KG}Report> {g} .",
            f"{r} <{KG}article> {art} {g} .",
            f'{r} <{KG}confidence> "0.{rnd.randrange(10)}"^^<http://www.w3.org/2001/XMLSchema#decimal> {g} .',
        ]
    return ("\n".join(lines) + "\n").encode()


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=100_000)
    args = ap.parse_args()
    nq = synthetic(args.events)
    nt = b"\n".join(line.rsplit(b" ", 2)[0] + b" ." for line in nq.splitlines()) + b"\n"
    n_quads = nq.count(b"\n")
    print(f"{args.events} events, {n_quads} quads")
    rows: dict[str, dict[str, float]] = {}

    # rdflib Memory store (the union as one graph).
    g = rdflib.Graph()
    t, _ = timed(lambda: g.parse(data=nt, format="nt"))
    rows["rdflib Memory"] = {"load": t}
    for name, q in QUERIES.items():
        rows["rdflib Memory"][name] = timed(lambda q=q: list(g.query(q)))[0]

    # pyoxigraph in memory: bulk load, union materialized into the default graph as kg does.
    mem = ox.Store()
    t, _ = timed(lambda: (mem.bulk_load(nq, ox.RdfFormat.N_QUADS), mem.bulk_load(nt, ox.RdfFormat.N_TRIPLES)))  # fmt: skip
    rows["pyoxigraph memory"] = {"load": t}
    for name, q in QUERIES.items():
        rows["pyoxigraph memory"][name] = timed(lambda q=q: list(mem.query(q)))[0]

    # On disk, reopened, queried through kg.graph.store (the fast path kg query --store uses).
    with tempfile.TemporaryDirectory() as d:
        disk = ox.Store(d)
        t, _ = timed(lambda: (disk.bulk_load(nq, ox.RdfFormat.N_QUADS), disk.bulk_load(nt, ox.RdfFormat.N_TRIPLES)))  # fmt: skip
        disk.flush()
        disk = None  # close it: open_store reopens the directory
        rows["pyoxigraph disk (kg.graph.store)"] = {"load": t}
        with open_store(d) as store:
            for name, q in QUERIES.items():
                rows["pyoxigraph disk (kg.graph.store)"][name] = timed(lambda q=q: store.query(q))[
                    0
                ]
            # An incremental update through kg.graph.store: replace 10 article graphs.
            ds = rdflib.Dataset()
            ds.parse(data=b"\n".join(x for x in nq.splitlines() if f"graph/{0:016x}".encode() in x or f"graph/{1:016x}".encode() in x), format="nquads")  # fmt: skip
            t, _ = timed(lambda: store.update(ds))
            print(
                f"kg.graph.store update replacing 2 article graphs ({len(list(ds.quads()))} quads): {t:.2f} s"
            )

    cols = ["load", *QUERIES]
    print(f"{'backend':28}" + "".join(f"{c:>15}" for c in cols))
    for backend, vals in rows.items():
        print(f"{backend:28}" + "".join(f"{vals[c]:>14.3f}s" for c in cols))


if __name__ == "__main__":
    main()
