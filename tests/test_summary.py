"""The summary counts a store keeps (kg.graph.summary): the same rows as counting, kept exact."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from kgfixtures_claims import dataset

import kg.graph.summary as summary
from kg.build import build
from kg.graph.query import load_query, run_query
from kg.graph.store import open_store
from kg.graph.summary import SUMMARY_GRAPH, SUMMARY_NS, summary_quads
from kg.graph.view import from_ox

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared" / "corpora" / "ant_v1.1" / "articles.jsonl.gz"
BEFORE = ROOT / "tests" / "data" / "queries_before"
SUMMARIZED = ["events_by_type", "most_targeted_places", "who_attacked_whom"]


def _counted(store, text: str) -> list[tuple]:
    """The rows of ``text`` on the store's union alone: the query's own counting (its fallback)."""
    result = store.inner.query(text)
    return [tuple(map(from_ox, sol)) for sol in result]


def _summary_quads(store) -> list[ox.Quad]:
    return list(store.inner.quads_for_pattern(None, None, None, ox.NamedNode(SUMMARY_GRAPH)))


def _full_count(store) -> set[str]:
    """The summary counting everything gives (whatever a test made ``count_all`` do)."""
    counted = summary.Counts(types=summary._type_memberships(store.inner))
    summary._recount(store.inner, counted)
    return set(map(str, summary_quads(store.inner, counted)))


def _check(store) -> None:
    """The summary a commit left is the one counting everything gives, and each summarized
    query gives, in order, the rows of its own counting and of its text before issue 14."""
    assert _summary_quads(store), "the store keeps a summary"
    assert set(map(str, _summary_quads(store))) == _full_count(store)
    for name in SUMMARIZED:
        text, _ = load_query(name)
        _, rows = store.query(text)
        assert rows == _counted(store, text), name
        old = BEFORE / f"{name}.rq"
        old_text = old.read_text(encoding="utf-8") if old.is_file() else None
        if old_text and old_text != text:
            assert rows == store.query(old_text)[1], name


def _delta_only(monkeypatch) -> None:
    """Make every commit update the summary by differences: counting everything fails."""

    def refuse(store):
        raise AssertionError("counted everything")

    monkeypatch.setattr(summary, "DELTA_SHARE", 100.0)
    monkeypatch.setattr(summary, "count_all", refuse)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    base = tmp_path_factory.mktemp("summary-seed")
    build([ROOT / "seeds"], base / "out", store=base / "store")
    return base


def test_the_summary_gives_the_counted_rows_on_the_seed(seed_store):
    with open_store(seed_store / "store", read_only=True) as store:
        _check(store)
        # the rows really come from the summary: its counts are what the store answers
        text, _ = load_query("events_by_type")
        counts = {
            (q.subject.value, q.object.value)
            for q in _summary_quads(store)
            if q.predicate.value == SUMMARY_NS + "events"
        }
        assert sum(int(n) for _, n in counts) == sum(int(r[2]) for r in store.query(text)[1])


def test_a_graph_file_without_the_summary_counts_the_same(seed_store):
    """rdflib on graph.ttl (no summary there) takes the fallback and gets the same rows."""
    graph = rdflib.Graph().parse(seed_store / "out" / "graph.ttl")
    assert not any(str(p).startswith(SUMMARY_NS) for p in graph.predicates())
    with open_store(seed_store / "store", read_only=True) as store:
        for name in SUMMARIZED:
            text, _ = load_query(name)
            assert run_query(graph, text)[1] == store.query(text)[1], name


def test_the_summary_is_internal(seed_store):
    """Not in the union, the data graphs, GRAPH ?g, the exports or graph.ttl."""
    with open_store(seed_store / "store", read_only=True) as store:
        assert SUMMARY_GRAPH not in store.graphs()
        listed = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")[1]
        assert rdflib.URIRef(SUMMARY_GRAPH) not in {g for (g,) in listed}
        in_union = store.inner.query(
            f"ASK {{ {{ ?s ?p ?o FILTER(STRSTARTS(STR(?p), '{SUMMARY_NS}')) }} UNION "
            f"{{ <{SUMMARY_GRAPH}> ?p ?o }} }}"
        )
        assert not in_union
        for fmt in ("nquads", "turtle"):
            out = seed_store / f"export.{fmt}"
            store.export(out, fmt)
            assert SUMMARY_GRAPH not in out.read_text(encoding="utf-8"), fmt
    assert SUMMARY_GRAPH not in (seed_store / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_every_commit_recomputes_the_summary():
    """Adding, replacing and dropping graphs: the summary follows; an empty store has none."""
    ds = dataset()
    store = open_store()
    store.update(ds)
    _check(store)
    articles = sorted(store.articles())
    store.drop_article(articles[0])
    _check(store)
    store.update(ds)  # the dropped one back, the others replaced
    _check(store)
    store.update(drop=store.graphs())
    assert len(store) == 0 and _summary_quads(store) == []
    assert [store.query(load_query(n)[0])[1] for n in SUMMARIZED] == [[], [], []]


def test_a_commit_updates_the_counts_it_touches(monkeypatch):
    """Dropping, adding back and replacing articles by differences gives the full count."""
    ds = dataset()
    store = open_store()
    store.update(ds)
    articles = sorted(store.articles())
    with monkeypatch.context() as m:
        _delta_only(m)
        for gone in articles[:-1]:
            store.drop_article(gone)
            _check(store)
    store.update(ds)
    with monkeypatch.context() as m:
        _delta_only(m)
        store.drop_article(articles[1])
        _check(store)
        store.update(ds)  # articles[1] back, the others replaced by the same
        _check(store)


def test_a_failed_commit_leaves_no_stale_summary(monkeypatch):
    """The summary's marker goes before the data changes: a commit that fails half-way
    leaves no valid summary, and the queries count what the store holds; the next commit
    writes the summary whole."""
    import kg.graph.store as store_module

    ds = dataset()
    store = open_store()
    store.update(ds)
    first = sorted(store.articles())[0]

    def fail(inner, staged, drop, mem, size):
        inner.update(f"DROP GRAPH <{first}>")  # part of the change is done, then the crash
        raise OSError("disk full")

    monkeypatch.setattr(store_module, "commit_staged", fail)
    with pytest.raises(Exception, match="disk full"):
        store.update(drop=[first])
    marker = ox.Quad(*(ox.NamedNode(x) for x in (SUMMARY_GRAPH, str(rdflib.RDF.type), SUMMARY_NS + "Summary", SUMMARY_GRAPH)))  # fmt: skip
    assert marker not in _summary_quads(store)  # the rows may be there, the queries ignore them
    for name in SUMMARIZED:
        text, _ = load_query(name)
        assert store.query(text)[1] == _counted(store, text), name
    monkeypatch.undo()
    store.update(dataset())
    _check(store)


def test_a_store_without_a_summary_counts(seed_store):
    """A store written before the summary existed (or by another tool) still answers."""
    with open_store(seed_store / "store", read_only=True) as store:
        want = {n: store.query(load_query(n)[0])[1] for n in SUMMARIZED}
    copy = open_store()
    with open_store(seed_store / "store", read_only=True) as store:
        copy.inner.extend(
            q for q in store.inner if q.graph_name != ox.NamedNode(SUMMARY_GRAPH)
        )  # fmt: skip
    assert _summary_quads(copy) == []
    for name in SUMMARIZED:
        assert copy.query(load_query(name)[0])[1] == want[name], name


@pytest.mark.shared
def test_the_summary_gives_the_counted_rows_on_real_news(tmp_path, monkeypatch):
    """200 ANT articles, then 100 more into the same store (the summary updated by
    differences), then 10 removed: the order of ties included."""
    if not ANT.exists():
        pytest.skip(f"{ANT} absent: ../shared corpora are not beside this clone")
    with gzip.open(ANT, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(2400), fh, strict=False)][::8]
    records = [
        {"id": r["id"], "text": r["text"], "date": r.get("time"), "title": r.get("title") or ""}
        for r in rows
        if (r.get("text") or "").strip()
    ][:300]
    store_dir = tmp_path / "store"
    for part, chunk in enumerate((records[:200], records[200:])):
        src = tmp_path / f"ant{part}.jsonl"
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk))
        build([src], tmp_path / "out", store=store_dir, outputs=False)
        with open_store(store_dir, read_only=True) as store:
            _check(store)
        _delta_only(monkeypatch)  # from the second build on
    removed = [r["id"] for r in records[:10]]
    build([], tmp_path / "out", store=store_dir, outputs=False, remove=removed)
    with open_store(store_dir, read_only=True) as store:
        _check(store)
