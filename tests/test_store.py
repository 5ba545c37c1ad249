"""The Oxigraph store: set-union default graph, one-transaction updates, the fast query path,
incremental builds, export, and SHACL validation (:mod:`kg.graph.validate`) of what it holds."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import to_isomorphic

import kg.batch
import kg.build
import kg.graph.store
import kg.graph.view
from kg.build import build
from kg.cli import main
from kg.errors import QueryError
from kg.graph.query import bind_params, list_queries, load_query, run_query
from kg.graph.store import StoreError, load_graph, open_store
from kg.graph.validate import ValidationReport, validate
from kg.graph.view import to_ox

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
E = rdflib.Namespace("https://example.org/")
LNA = rdflib.URIRef("https://w3id.org/conflict-kg/id/actor/LNA")


def dataset(**graphs: list[tuple[str, str, str]]) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    for name, triples in graphs.items():
        g = ds.graph(E[name])
        for s, p, o in triples:
            g.add((E[s], E[p], E[o]))
    return ds


def union(store) -> set[tuple]:
    return set(store.union_graph())


# --- the store ------------------------------------------------------------------------------


def _graph(store, name: str) -> set[tuple]:
    return {tuple(rdflib.URIRef(t.value) for t in (q.subject, q.predicate, q.object)) for q in store.inner.quads_for_pattern(None, None, None, ox.NamedNode(E[name]))}  # fmt: skip


@pytest.mark.parametrize("limit", [10_000, 0])
def test_a_graph_changed_by_a_few_triples_is_patched_and_the_union_kept_right(monkeypatch, limit):
    """A graph the store holds is patched (or, past the limit, replaced) with the same result:
    a triple it loses leaves the union unless another graph states it, also one that a graph
    dropped in the same update stated; a new one enters both."""
    import kg.graph.staging as staging

    monkeypatch.setattr(staging, "PATCH_LIMIT", limit)
    calls = []
    real = staging.patch_update
    monkeypatch.setattr(staging, "patch_update", lambda *a: calls.append(r := real(*a)) or r)
    store = open_store()
    store.update(
        dataset(
            labels=[("a", "p", "1"), ("b", "p", "2"), ("c", "p", "3"), ("d", "p", "4")],
            art1=[("b", "p", "2")],
            art2=[("c", "p", "3")],
        )
    )
    store.update(
        dataset(labels=[("a", "p", "1"), ("e", "p", "5")], art3=[("f", "q", "g")]),
        drop=[str(E.art2)],
    )
    assert _graph(store, "labels") == {(E.a, E.p, E["1"]), (E.e, E.p, E["5"])}
    assert _graph(store, "art1") == {(E.b, E.p, E["2"])}
    assert union(store) == {
        (E.a, E.p, E["1"]),
        (E.b, E.p, E["2"]),  # labels lost it, art1 still states it
        (E.e, E.p, E["5"]),
        (E.f, E.q, E.g),
    }  # c (labels and the dropped art2) and d (labels only) are gone
    assert {str(E.labels)} == calls[-1][0] if limit else not calls[-1][0]


@pytest.mark.parametrize("text", ['a\\u0041"b', "line\nnext\t\\", "x'''y\"\"\"z", "\u202e\x00"])
def test_a_patch_carries_any_literal(text):
    store = open_store()
    ds = dataset(labels=[("a", "p", "1")])
    store.update(ds)
    ds.graph(E.labels).add((E.a, E.p, rdflib.Literal(text, lang="ar")))
    store.update(ds)
    assert (E.a, E.p, rdflib.Literal(text, lang="ar")) in union(store)
    assert len(_graph(store, "labels")) == 2


def test_a_patch_the_engine_rejects_changes_nothing_and_the_graph_is_replaced(monkeypatch):
    import kg.graph.staging as staging

    real = staging.patch_update
    monkeypatch.setattr(staging, "patch_update", lambda *a: (real(*a)[0], "NOT SPARQL"))
    store = open_store()
    store.update(dataset(labels=[("a", "p", "1"), ("b", "p", "2")], art1=[("b", "p", "2")]))
    store.update(dataset(labels=[("a", "p", "1"), ("c", "p", "3")]))
    assert _graph(store, "labels") == {(E.a, E.p, E["1"]), (E.c, E.p, E["3"])}
    assert union(store) == {(E.a, E.p, E["1"]), (E.b, E.p, E["2"]), (E.c, E.p, E["3"])}


def test_a_graph_with_blank_nodes_is_replaced_not_patched():
    from kg.graph.staging import patch_update

    store, mem = ox.Store(), ox.Store()
    g, stage = ox.NamedNode(E.g), ox.NamedNode("urn:kg:staging:x")
    store.add(ox.Quad(ox.BlankNode(), ox.NamedNode(E.p), ox.Literal("1"), g))
    mem.add(ox.Quad(ox.BlankNode(), ox.NamedNode(E.p), ox.Literal("2"), stage))
    assert patch_update(store, mem, {g.value: stage.value}, [g.value]) == (set(), "")


def test_union_counts_a_shared_triple_once():
    """Oxigraph's own union-default-graph is a bag; the store's default graph is a set."""
    store = open_store()
    store.update(dataset(g1=[("a", "p", "b")], g2=[("a", "p", "b"), ("c", "p", "d")]))
    assert store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[1] == [(rdflib.Literal(2),)]
    bag = store.inner.query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        use_default_graph_as_union=True,
        named_graphs=[ox.NamedNode(g) for g in store.graphs()],  # not the summary
    )
    assert next(iter(bag))["n"].value == "3"  # why the union is materialized
    graphs = store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")[1]
    assert [g for (g,) in graphs] == [E.g1, E.g2, E.g2]


def test_replace_and_drop_keep_the_union_exact():
    store = open_store()
    store.update(dataset(g1=[("a", "p", "b"), ("c", "p", "d")], g2=[("a", "p", "b")]))
    store.update(dataset(g1=[("c", "p", "d"), ("e", "p", "f")]))  # replaces g1 only
    assert union(store) == {(E.a, E.p, E.b), (E.c, E.p, E.d), (E.e, E.p, E.f)}
    store.drop_article(str(E.g2))
    assert union(store) == {(E.c, E.p, E.d), (E.e, E.p, E.f)}
    store.drop_article(str(E.g1))
    assert len(store) == 0 and list(store.inner.named_graphs()) == []


def test_failed_update_changes_nothing(monkeypatch):
    store = open_store()
    store.update(dataset(g1=[("a", "p", "b")]))
    before = set(store.inner)

    def broken(self, *args):
        raise OSError("simulated failure")

    monkeypatch.setattr(kg.graph.store.Store, "_commit", broken)
    with pytest.raises(StoreError, match="simulated"):
        store.update(dataset(g1=[("x", "p", "y")], g2=[("c", "p", "d")]), drop=[str(E.g1)])
    assert set(store.inner) == before  # no staging graph left, the union untouched


def test_a_failure_between_the_two_commit_transactions_leaves_a_consistent_store():
    """The removals committed, the new quads not: the replaced graph is gone with its share of
    the union and its cache; every other graph and its share stay (so a rerun re-extracts)."""
    store = open_store()
    store.update(
        dataset(g1=[("a", "p", "b"), ("s", "p", "t")], g2=[("s", "p", "t")]),
        extraction={str(E.g1): {"n": 1}, str(E.g2): {"n": 2}},
    )
    real = store.inner

    class NoExtend:
        def __getattr__(self, name):
            return getattr(real, name)

        def extend(self, quads):
            raise OSError("disk full")

    store.inner = NoExtend()
    with pytest.raises(StoreError, match="disk full"):
        store.update(dataset(g1=[("x", "p", "y")]), extraction={str(E.g1): {"n": 3}})
    store.inner = real
    assert store.graphs() == [str(E.g2)]
    assert union(store) == {(E.s, E.p, E.t)}  # still stated by g2
    assert store.extraction(str(E.g1)) is None and store.extraction(str(E.g2)) == {"n": 2}


def test_commit_batches_hold_whole_graphs_each_article_with_its_cache():
    """A crash between two commit transactions must leave every article whole or absent."""
    from kg.graph.staging import EXTRACTION_PREFIX, commit_batches

    store = open_store()
    graphs = {f"g{i}": [("a", "p", f"o{j}") for j in range(i % 4 + 1)] for i in range(12)}
    pending = store.stage(
        dataset(**graphs), extraction={str(E[f"g{i}"]): {"i": i} for i in range(12)}
    )
    batches = list(commit_batches(pending.staged, pending.mem, 5))
    assert len(batches) > 3
    seen = []
    for batch in batches:
        names = {q.graph_name.value for q in batch if isinstance(q.graph_name, ox.NamedNode)}
        articles = {g for g in names if not g.startswith(EXTRACTION_PREFIX)}
        assert {EXTRACTION_PREFIX + g for g in articles} <= names  # each with its cache
        assert {g[len(EXTRACTION_PREFIX) :] for g in names - articles} <= articles
        for g in articles:  # whole: every triple of its staging graph
            assert sum(1 for q in batch if q.graph_name == ox.NamedNode(g)) == len(
                graphs[g.rsplit("/", 1)[-1]]
            )
        seen += articles
    assert sorted(seen) == sorted(str(E[g]) for g in graphs)
    pending.commit()
    assert store.graphs() == sorted(str(E[g]) for g in graphs)
    assert [store.extraction(str(E[f"g{i}"])) for i in range(12)] == [{"i": i} for i in range(12)]


def test_staged_update_is_invisible_until_commit():
    store = open_store()
    store.update(dataset(g1=[("a", "p", "b")]))
    with store.stage(dataset(g2=[("c", "p", "d")]), drop=[str(E.g1)]) as pending:
        assert union(store) == {(E.a, E.p, E.b)}
        assert set(pending.union_graph()) == {(E.c, E.p, E.d)}
    assert union(store) == {(E.a, E.p, E.b)}  # left without commit: discarded
    assert store.graphs() == [str(E.g1)]


def test_view_of_a_staged_update_is_the_union_after_commit():
    """What kg build reads the network from: the union as the commit will leave it."""
    store = open_store()
    store.update(dataset(g1=[("a", "p", "b")], g2=[("a", "p", "b"), ("x", "p", "y")]))
    with store.stage(dataset(g2=[("c", "p", "d")])) as pending:
        rows = {(r["s"], r["o"]) for r in pending.view().select("SELECT ?s ?o { ?s ?p ?o }")}
        assert rows == {(E.a, E.b), (E.c, E.d)}  # g2 replaced, g1 kept, each triple once
        assert set(pending.union_graph()) == {(E.a, E.p, E.b), (E.c, E.p, E.d)}
        pending.new_stage(str(E.g3))  # staging more (an empty graph) makes the view anew
        assert len(list(pending.view().select("SELECT * { ?s ?p ?o }"))) == 2
        pending.commit()
    assert union(store) == {(E.a, E.p, E.b), (E.c, E.p, E.d)}


def test_leftover_staging_graphs_are_dropped_on_open(tmp_path):
    inner = ox.Store(str(tmp_path / "s"))
    inner.add(ox.Quad(ox.NamedNode(E.a), ox.NamedNode(E.p), ox.NamedNode(E.b), ox.NamedNode(kg.graph.store.STAGING_PREFIX + "x:0")))  # fmt: skip
    del inner
    with open_store(tmp_path / "s") as store:
        assert list(store.inner.named_graphs()) == []


def test_second_writer_is_refused(tmp_path):
    with open_store(tmp_path / "s"):
        with pytest.raises(StoreError, match="in use"):
            open_store(tmp_path / "s")


def test_not_a_store(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "notes.txt").write_text("x")
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        open_store(tmp_path / "d")


# --- the fast query path --------------------------------------------------------------------


def test_query_goes_to_pyoxigraph_with_substitutions(monkeypatch):
    """Query text and substitutions reach pyoxigraph; rdflib's SPARQL engine is never used."""
    store = open_store()
    store.update(dataset(g1=[("a", "p", "b"), ("c", "p", "d")]))
    calls = []

    class Spy:
        def __init__(self, inner):
            self.inner = inner

        def query(self, text, **kwargs):
            calls.append((text, kwargs))
            return self.inner.query(text, **kwargs)

        def named_graphs(self):
            return self.inner.named_graphs()

    def no_rdflib(*args, **kwargs):
        raise AssertionError("rdflib's SPARQL engine was used")

    monkeypatch.setattr(rdflib.Graph, "query", no_rdflib)
    monkeypatch.setattr("rdflib.plugins.sparql.processor.SPARQLProcessor.query", no_rdflib)
    store.inner = Spy(store.inner)
    cols, rows = store.query("SELECT ?s ?o WHERE { ?s ?p ?o }", {"s": E.c})
    assert (cols, rows) == (["s", "o"], [(E.c, E.d)])
    [(text, kwargs)] = calls
    assert isinstance(text, str) and "?s" in text  # the text, not a prepared rdflib query
    assert kwargs["substitutions"] == {ox.Variable("s"): ox.NamedNode(str(E.c))}
    assert "named_graphs" not in kwargs  # no GRAPH pattern: the named graphs are not read
    calls.clear()
    store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    [(_, kwargs)] = calls
    assert kwargs["named_graphs"] == [ox.NamedNode(str(E.g1))]


def test_graph_queries_see_the_data_graphs_not_the_caches():
    """GRAPH ?g lists article graphs, not urn:kg:extraction: caches (unless FROM is given)."""
    store = open_store()
    g1 = str(E["g1"])
    store.update(dataset(g1=[("a", "p", "b")]), extraction={g1: {"events": []}})
    assert any(g.value.startswith("urn:kg:extraction:") for g in store.inner.named_graphs())
    _, rows = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert rows == [(E["g1"],)]
    _, rows = store.query(f"SELECT ?s FROM NAMED <{g1}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert rows == [(E["a"],)]  # a query's own dataset is kept


def test_query_errors_are_query_errors():
    store = open_store()
    with pytest.raises(QueryError, match="syntax"):
        store.query("SELECT ?x WHERE {")
    with pytest.raises(QueryError, match="only SELECT"):
        store.query("ASK { ?s ?p ?o }")
    with pytest.raises(QueryError, match="projection"):
        store.query("SELECT ?x WHERE { ?x ?p ?o }", {"o": E.b})


def test_terms_round_trip():
    terms = [
        rdflib.Literal("تركيا", lang="ar"),
        rdflib.Literal("x"),
        rdflib.Literal(3),
        rdflib.Literal("2019-05-09", datatype=rdflib.XSD.date),
        E.a,
    ]
    assert [kg.graph.view.from_ox(kg.graph.view.to_ox(t)) for t in terms] == terms


# --- builds into a store --------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("store")
    result = build([SEEDS], root / "out", store=root / "store")
    return root, result


def test_store_union_is_the_built_graph(seed_store):
    root, result = seed_store
    ttl = rdflib.Graph().parse(root / "out" / "graph.ttl", format="turtle")
    with open_store(root / "store") as store:
        assert to_isomorphic(store.union_graph()) == to_isomorphic(ttl)
        assert len(store) == result.triples == len(ttl)
        arts = store.articles()
    assert [a.id for a in arts.values()] == ["000_af9ab40275ef7aca.txt"]
    assert all(len(a.hash) == 64 for a in arts.values())


#: Parameter bindings checked on both engines besides "no parameter": an actor of its own
#: (KARAMA), one with its units' events (GNA, through GNA_AF kg:partOf GNA), a country and a
#: claimant.
BOUND_CASES = [
    ("actor_claims", {"actor": "KARAMA"}),
    ("actor_claims", {"actor": "GNA"}),
    ("actor_timeline", {"actor": "LNA_AF"}),
    ("actor_timeline", {"actor": "LBY"}),
    ("claims_by_source", {"claimant": "GUNUNU"}),
]


@pytest.mark.parametrize(("name", "params"), [(n, {}) for n, _ in list_queries()] + BOUND_CASES)
def test_every_shipped_query_agrees_with_rdflib(seed_store, name, params):
    """The same rows (as a multiset) from rdflib on graph.ttl and from Oxigraph on the store."""
    root, _ = seed_store
    text, _ = load_query(name)
    bindings = bind_params(text, params)
    ttl = rdflib.Graph().parse(root / "out" / "graph.ttl", format="turtle")
    expected = run_query(ttl, text, bindings)
    with open_store(root / "store") as store:
        got = store.query(text, bindings)
    assert got[0] == expected[0]
    assert sorted(map(repr, got[1])) == sorted(map(repr, expected[1]))
    if params:
        assert got[1], "the bound case should have rows"


def test_rows_without_a_counterpart_are_kept(seed_store, tmp_path):
    """An event with an actor and no target still has its row (SPARQL 1.1 LeftJoin).

    A copy of the seed store with the targets of one event deleted: whether the extractor
    leaves some event of the seed without a target is not what this tests.
    """
    import shutil

    root, _ = seed_store
    kg = rdflib.Namespace("https://w3id.org/conflict-kg/ontology#")
    ttl = rdflib.Graph().parse(root / "out" / "graph.ttl", format="turtle")
    ev, actor = min(
        (ev, actor)
        for ev, actor in ttl.subject_objects(kg.actor)
        if ttl.value(ev, kg.target) is not None
    )
    lone = {(ev, actor)}
    shutil.copytree(root / "store", tmp_path / "store")
    with open_store(tmp_path / "store") as store:
        for quad in list(store.inner.quads_for_pattern(to_ox(ev), to_ox(kg.target), None)):
            store.inner.remove(quad)
        assert not store.query(f"SELECT ?t {{ <{ev}> <{kg.target}> ?t }}")[1]
        for ev, actor in sorted(lone):
            for name in ("actor_claims", "actor_timeline"):
                cols, rows = store.query(load_query(name)[0], {"actor": actor})
                found = [dict(zip(cols, r, strict=True)) for r in rows]
                assert any(
                    r["event"] == ev
                    and r["role"] == rdflib.Literal("actor")
                    and r["counterpart"] is None
                    for r in found
                ), (name, ev, found)


def test_unchanged_article_is_not_extracted(seed_store, tmp_path, monkeypatch):
    root, first = seed_store
    store_copy = tmp_path / "store"
    import shutil

    shutil.copytree(root / "store", store_copy)

    def no_extraction(*args, **kwargs):
        raise AssertionError("an unchanged article was extracted again")

    monkeypatch.setattr(kg.batch, "extract_chunk", no_extraction)
    again = build([SEEDS], tmp_path / "out", store=store_copy)
    assert (again.extracted, again.unchanged) == (0, 1)
    for name in kg.build.OUTPUT_FILES:
        assert (tmp_path / "out" / name).read_bytes() == (root / "out" / name).read_bytes(), name


def test_an_edited_registry_extracts_the_stored_articles_again(seed_store, tmp_path, monkeypatch):
    """Names are matched against the registry: a registry edit makes every stored article stale."""
    root, _ = seed_store
    import shutil

    from kg.registry import ONTOLOGY_DIR, REGISTRY_FILES, load_registry

    shutil.copytree(root / "store", tmp_path / "store")
    edited = tmp_path / "ontology"
    edited.mkdir()
    files = [ONTOLOGY_DIR / n for n in REGISTRY_FILES if (ONTOLOGY_DIR / n).exists()]
    for f in files:
        shutil.copy(f, edited / f.name)
    turtle = edited / REGISTRY_FILES[0]
    turtle.write_text(turtle.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    changed = load_registry([edited / f.name for f in files])
    assert changed.digest != load_registry().digest
    monkeypatch.setattr(kg.build, "load_registry", lambda: changed)
    again = build([SEEDS], tmp_path / "out", store=tmp_path / "store")
    assert (again.extracted, again.unchanged) == (1, 0)


def test_changed_article_replaces_its_graph_and_remove_drops_it(seed_store, tmp_path):
    root, _ = seed_store
    import shutil

    shutil.copytree(root / "store", tmp_path / "store")
    src = next(SEEDS.glob("*.txt"))
    inputs = tmp_path / "in"
    inputs.mkdir()
    first_line = src.read_text(encoding="utf-8").splitlines()[0]
    (inputs / src.name).write_text(first_line + "\n", encoding="utf-8")  # same id, new text
    (inputs / "extra.txt").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    result = build([inputs], tmp_path / "out", store=tmp_path / "store")
    assert (result.extracted, result.unchanged) == (2, 0)
    with open_store(tmp_path / "store") as store:
        ids = sorted(a.id for a in store.articles().values())
        assert ids == ["000_af9ab40275ef7aca.txt", "extra.txt"]
        assert len({a.hash for a in store.articles().values()}) == 2
    events = [json.loads(x) for x in (tmp_path / "out" / "events.jsonl").read_text().splitlines()]
    assert {e["article"] for e in events} >= {"extra.txt"}
    short = len(first_line) + 1
    assert all(e["sentence"]["end"] <= short for e in events if e["article"] == src.name)
    removed = build([], tmp_path / "out", store=tmp_path / "store", remove=["extra.txt"])
    assert removed.removed == 1 and removed.articles == 1
    left = (tmp_path / "out" / "events.jsonl").read_text().splitlines()
    assert {json.loads(x)["article"] for x in left} <= {src.name}
    with open_store(tmp_path / "store") as store:
        assert [a.id for a in store.articles().values()] == ["000_af9ab40275ef7aca.txt"]
        reports = store.query(
            "SELECT ?r ?a WHERE { ?r <https://w3id.org/conflict-kg/ontology#article> ?a }"
        )[1]
        assert len({a for _, a in reports}) <= 1  # only the remaining article's reports
    with pytest.raises(StoreError, match="not in the store"):
        build([], tmp_path / "out", store=tmp_path / "store", remove=["nope.txt"])


def test_failed_build_leaves_store_and_out_untouched(seed_store, tmp_path, monkeypatch):
    root, _ = seed_store
    import shutil

    shutil.copytree(root / "store", tmp_path / "store")
    shutil.copytree(root / "out", tmp_path / "out")
    extra = tmp_path / "in" / "extra.txt"
    extra.parent.mkdir()
    extra.write_text(next(SEEDS.glob("*.txt")).read_text(encoding="utf-8") + "\nx\n")
    before_out = {p.name: p.read_bytes() for p in (tmp_path / "out").glob("*.*")}

    def broken(*args, **kwargs):
        raise StoreError("report: simulated failure")

    monkeypatch.setattr(kg.build, "write_report", broken)
    with pytest.raises(StoreError):
        build([extra], tmp_path / "out", store=tmp_path / "store")
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").glob("*.*")} == before_out
    with open_store(tmp_path / "store") as store:
        assert [a.id for a in store.articles().values()] == ["000_af9ab40275ef7aca.txt"]
        assert list(store.inner.named_graphs())  # and no staging graph is left
        assert not [
            g
            for g in store.inner.named_graphs()
            if g.value.startswith(kg.graph.store.STAGING_PREFIX)
        ]


# --- validate and export --------------------------------------------------------------------


def test_seed_validates(seed_store):
    root, _ = seed_store
    report = validate(load_graph(root / "store"))
    assert isinstance(report, ValidationReport) and report.conforms and list(report) == []
    assert report.triples == len(load_graph(root / "out" / "graph.ttl"))
    assert validate(root / "store") == report  # a path is read with load_graph
    result = CliRunner().invoke(main, ["validate", str(root / "store")])
    assert result.exit_code == 0 and "conforms" in result.stdout and "0 violations" in result.stdout


def test_broken_graph_reports_the_violation(seed_store, tmp_path):
    root, _ = seed_store
    g = load_graph(root / "out" / "graph.ttl")
    report = next(g.subjects(rdflib.RDF.type, kg.vocab.KG.Report))
    g.remove((report, kg.vocab.KG.article, None))
    g.set((report, kg.vocab.KG.confidence, rdflib.Literal("high")))
    bad = tmp_path / "bad.ttl"
    g.serialize(bad, format="turtle")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "does not conform" in lines[0]
    found = [line for line in lines[1:] if str(report) in line]
    assert any("ontology#article" in line for line in found), result.stdout
    assert any("ontology#confidence" in line for line in found), result.stdout
    report = validate(bad)
    assert not report.conforms and len(report) == len(lines) - 1
    assert [f"  {v}" for v in report] == lines[1:]
    assert str(report).splitlines()[0] == f"does not conform: {len(report)} violation(s)"


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("turtle", "ttl"), ("trig", "trig"), ("nquads", "nq"), ("jsonld", "jsonld")]
)
def test_export(seed_store, tmp_path, fmt, suffix):
    root, result = seed_store
    target = tmp_path / f"graph.{suffix}"
    run = CliRunner().invoke(
        main, ["export", "--store", str(root / "store"), "--format", fmt, "--out", str(target)]
    )
    assert run.exit_code == 0, run.output
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left
    if fmt == "jsonld":
        ds = rdflib.Dataset().parse(target, format="json-ld")
    elif fmt in ("trig", "nquads"):
        ds = rdflib.Dataset().parse(target, format=fmt)
    else:
        assert len(rdflib.Graph().parse(target, format="turtle")) == result.triples
        return
    names = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert "https://w3id.org/conflict-kg/id/graph/registry" in names
    assert any(n.startswith("https://w3id.org/conflict-kg/id/graph/") for n in names - {"https://w3id.org/conflict-kg/id/graph/registry"})  # fmt: skip
    assert set(load_graph(target)) == set(load_graph(root / "out" / "graph.ttl"))


def test_query_cli_on_store(seed_store):
    root, _ = seed_store
    result = CliRunner().invoke(
        main,
        ["query", "claims_by_source", "--store", str(root / "store"), "--format", "json",
         "-p", f"claimant={LNA}"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]  # SPARQL Results JSON
    assert rows and {r["claimant"]["value"] for r in rows} == {str(LNA)}


def test_read_only_store_closes_cleanly(tmp_path):
    from kg.graph.store import open_store

    with open_store(tmp_path / "s") as store:
        store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    with open_store(tmp_path / "s", read_only=True) as store:
        store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


def test_a_reader_never_creates_a_store(tmp_path):
    """``create=False`` and ``read_only`` refuse a folder without a store, and leave it empty."""
    (tmp_path / "empty").mkdir()
    for kwargs in ({"create": False}, {"read_only": True}):
        with pytest.raises(StoreError, match="not a store"):
            open_store(tmp_path / "empty", **kwargs)
    with pytest.raises(StoreError, match="not a store"):
        load_graph(tmp_path / "empty")
    assert list((tmp_path / "empty").iterdir()) == []


@pytest.mark.parametrize("read_only", [False, True])
def test_a_corrupt_store_raises_store_error(tmp_path, read_only):
    with open_store(tmp_path / "s") as store:
        store.update(dataset(g1=[("a", "p", "b")]))
    (tmp_path / "s" / "CURRENT").write_bytes(b"garbage\n")
    with pytest.raises(StoreError, match=r"s: the store is corrupt or unreadable \(Corruption: "):
        open_store(tmp_path / "s", read_only=read_only)
