"""A first build writes the store while it extracts (:meth:`kg.graph.pending.PendingUpdate.add`):
the same store and outputs as a build that writes it all at the commit, and a store left
empty again when the build fails after those early writes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

import kg.build
import kg.graph.pending
from kg.build import build
from kg.graph.store import StoreError, open_store

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "seeds").glob("*.txt"))
E = rdflib.Namespace("https://example.org/")


def _articles(folder: Path, n: int = 3) -> Path:
    """The seed article cut into ``n`` articles of whole paragraphs."""
    paras = [p for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip()]
    folder.mkdir()
    size = -(-len(paras) // n)
    for i in range(n):
        (folder / f"part{i}.txt").write_text("\n".join(paras[i * size : (i + 1) * size]) + "\n")
    return folder


def _quads(store) -> set[str]:
    return set(store.inner.dump(format=ox.RdfFormat.N_QUADS).decode().splitlines())


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def _nt(triples: list[tuple[str, str, str]]) -> bytes:
    return "".join(" ".join(f"<{E[x]}>" for x in t) + " .\n" for t in triples).encode()


def _staged(store, **graphs: list[tuple[str, str, str]]):
    pending = store.stage(drop=[])
    pending.load(
        extra={str(E[g]): _nt(ts) for g, ts in graphs.items()},
        extraction={str(E[g]): {"g": g} for g in graphs},
    )
    return pending


def test_early_writes_then_commit_give_the_store_of_one_commit():
    early, late = open_store(), open_store()
    graphs = {"a1": [("s", "p", "o"), ("x", "p", "y")], "a2": [("s", "p", "o")], "reg": [("r", "p", "q")]}  # fmt: skip
    with _staged(early, reg=graphs["reg"]) as pending:
        assert pending.empty
        pending.add({str(E.a1): _nt(graphs["a1"])}, {str(E.a1): {"g": "a1"}})
        assert early.graphs() == [str(E.a1)] and early.extraction(str(E.a1)) == {"g": "a1"}
        assert len(early) == 2  # the union
        pending.add({str(E.a2): _nt(graphs["a2"])}, {str(E.a2): {"g": "a2"}})
        assert sorted(map(str, pending.data_graphs())) == [str(E[g]) for g in graphs]
        assert len(pending.union_graph()) == 3
        pending.commit()
    with _staged(late, **graphs) as pending:
        pending.commit()
    assert _quads(early) == _quads(late) and early.graphs() == [str(E[g]) for g in graphs]


def test_an_update_abandoned_after_early_writes_leaves_the_store_empty():
    store = open_store()
    with _staged(store) as pending:
        pending.add({str(E.a1): _nt([("s", "p", "o")])}, {str(E.a1): {}})
        assert _quads(store)
    assert not _quads(store)  # left without a commit
    with _staged(store, reg=[("r", "p", "q")]) as pending:
        pending.add({str(E.a1): _nt([("s", "p", "o")])}, {str(E.a1): {}})

        def broken(*args):
            raise OSError("disk full")

        store._commit = broken
        with pytest.raises(StoreError, match="disk full"):
            pending.commit()
    assert not _quads(store)
    with _staged(store) as pending:
        pending.add({str(E.a1): _nt([("s", "p", "o")])}, {str(E.a1): {}})
        with pytest.raises(SyntaxError):  # pyoxigraph's parse error: nothing of it written
            pending.add({str(E.a2): b"<s> broken .\n"}, {})
    assert not _quads(store)  # and the part written before it is gone


def test_a_store_that_holds_anything_is_written_at_the_commit_only():
    store = open_store()
    with _staged(store, a1=[("s", "p", "o")]) as pending:
        pending.commit()
    before = _quads(store)
    with _staged(store) as pending:
        assert not pending.empty
        pending.add({str(E.a2): _nt([("x", "p", "y")])}, {str(E.a2): {"n": 5}})
        assert _quads(store) == before  # staged, not written
        pending.commit()
    assert store.graphs() == [str(E.a1), str(E.a2)] and store.extraction(str(E.a2)) == {"n": 5}
    with _staged(open_store(), a1=[("s", "p", "o")]) as pending:
        with pytest.raises(StoreError, match="already staged"):
            pending.add({str(E.a1): _nt([("s", "p", "o")])}, {})


def test_a_first_build_in_parts_equals_one_written_at_the_commit(tmp_path, monkeypatch):
    """-j 2 hands the articles out one per chunk: each part is written as it comes."""
    src = _articles(tmp_path / "in")
    calls = []
    real_add = kg.graph.pending.PendingUpdate.add

    def add(self, graphs, extraction):
        real_add(self, graphs, extraction)
        calls.append((list(graphs), len(self.written)))  # written so far: this part's too

    monkeypatch.setattr(kg.graph.pending.PendingUpdate, "add", add)
    build([src], tmp_path / "early" / "out", store=tmp_path / "early" / "store", n_process=2)
    assert [(len(g), n) for g, n in calls] == [(1, 2), (1, 4), (1, 6)]  # a part per article

    real_init = kg.graph.pending.PendingUpdate.__init__

    def never_empty(self, *args):
        real_init(self, *args)
        self.empty = False  # as for a store that holds something: all at the commit

    monkeypatch.setattr(kg.graph.pending.PendingUpdate, "__init__", never_empty)
    build([src], tmp_path / "late" / "out", store=tmp_path / "late" / "store", n_process=2)
    assert [n for _, n in calls[3:]] == [0, 0, 0]  # no early write this time
    with (
        open_store(tmp_path / "early" / "store") as a,
        open_store(tmp_path / "late" / "store") as b,
    ):
        assert _quads(a) == _quads(b) and len(a.articles()) == 3
    assert _files(tmp_path / "early" / "out") == _files(tmp_path / "late" / "out")


def test_a_failed_first_build_leaves_the_store_empty(tmp_path, monkeypatch):
    src = _articles(tmp_path / "in")

    def broken(*args, **kwargs):
        raise StoreError("report: simulated failure")

    monkeypatch.setattr(kg.build, "write_report", broken)
    with pytest.raises(StoreError, match="simulated"):
        build([src], tmp_path / "out", store=tmp_path / "store")
    with open_store(tmp_path / "store") as store:
        assert not _quads(store)
    assert not (tmp_path / "out").exists() or not _files(tmp_path / "out")


def test_a_first_build_stopped_during_extraction_leaves_the_store_empty(tmp_path, monkeypatch):
    src = _articles(tmp_path / "in")
    store = open_store()
    seen = []
    real = kg.build.iter_graphs

    def stopped(*args, **kwargs):
        parts = real(*args, **kwargs)
        yield next(parts)  # the first part, written by the build before it asks for more
        seen.append(len(store.graphs()))
        parts.close()
        raise KeyboardInterrupt

    monkeypatch.setattr(kg.build, "iter_graphs", stopped)
    with pytest.raises(KeyboardInterrupt):
        build([src], tmp_path / "out", store=store, n_process=2)
    assert seen == [1]  # the first article was in the store
    assert not _quads(store)


def test_early_writes_go_in_transactions_of_whole_articles():
    """A part of 10k articles (-j 1 is one part) is not one transaction of a million quads."""
    from kg.graph.pending import _article_quads

    graphs = {str(E[f"a{i}"]): _nt([("s", "p", f"o{i}"), ("x", "p", "y")]) for i in range(5)}
    lists = list(_article_quads(graphs, {g: {"i": g} for g in graphs}, size=4))
    assert len(lists) == 5 and all(len(x) == 5 for x in lists)  # 2 in the graph, 2 union, cache
    for name, lines in zip(graphs, lists, strict=True):
        quads = list(ox.parse(b"".join(lines), ox.RdfFormat.N_QUADS))
        assert {q.graph_name for q in quads} == {
            ox.NamedNode(name),
            ox.DefaultGraph(),
            ox.NamedNode("urn:kg:extraction:" + name),
        }


def test_graph_ttl_is_written_by_a_forked_process_under_j2_and_its_failure_fails_the_build(
    tmp_path, monkeypatch
):
    import os

    src = _articles(tmp_path / "in")
    real = kg.graph.pending.PendingUpdate.write_turtle
    pids = tmp_path / "pids"

    def recording(self, path):
        with open(pids, "a") as fh:
            fh.write(f"{os.getpid()}\n")
        return real(self, path)

    monkeypatch.setattr(kg.graph.pending.PendingUpdate, "write_turtle", recording)
    build([src], tmp_path / "a" / "out", store=tmp_path / "a" / "store", n_process=2)
    build([src], tmp_path / "b" / "out", store=tmp_path / "b" / "store", n_process=1)
    forked, here = (int(x) for x in pids.read_text().split())
    assert forked != os.getpid() and here == os.getpid()
    assert _files(tmp_path / "a" / "out") == _files(tmp_path / "b" / "out")

    def broken(self, path):
        raise OSError("disk full")

    monkeypatch.setattr(kg.graph.pending.PendingUpdate, "write_turtle", broken)
    with pytest.raises(StoreError, match=r"^graph.ttl: OSError: disk full$"):
        build([src], tmp_path / "c" / "out", store=tmp_path / "c" / "store", n_process=2)
    with open_store(tmp_path / "c" / "store") as store:
        assert not _quads(store)
    assert not (tmp_path / "c" / "out").exists()
