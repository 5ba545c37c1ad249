"""A store update staged in memory (:class:`PendingUpdate`), and a first build's early writes.

:meth:`kg.graph.store.Store.stage` loads an update into staging graphs in memory; the store
is untouched until :meth:`PendingUpdate.commit` (see the failure guarantees of
:mod:`kg.graph.store`). A build writes its outputs from the staged state, then commits.

One exception, for speed: into a store that was **empty** when the update began,
:meth:`PendingUpdate.add` puts article graphs (each whole, with its union triples and its
cache, as the commit would) while the build is still extracting the next ones, so
that ``kg build -j N`` writes the store while its workers extract. If the update then fails
or is abandoned, the store is emptied again, so it is left as it was: empty. A crash in
between leaves whole articles with their caches, as a crash during a commit does (the next
build keeps them and extracts the rest).
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
import rdflib

from kg.errors import StoreError
from kg.graph.staging import (
    COMMIT_BATCH,
    EXTRACTION_JSON,
    EXTRACTION_PREFIX,
    STAGING_PREFIX,
    extraction_graph,
)
from kg.graph.view import GraphView, as_rdflib, turtle_prefixes

__all__ = ["PendingUpdate"]


class Store(Protocol):
    """What an update needs of :class:`kg.graph.store.Store` (which imports this module)."""

    inner: ox.Store
    path: Path | None

    def graphs(self) -> list[str]: ...

    def _commit(self, staged: Mapping[str, str], drop: set[str], mem: ox.Store) -> None: ...


class PendingUpdate:
    """An update loaded into staging graphs in memory (see :meth:`Store.stage`)."""

    def __init__(self, store: Store, drop: set[str]):
        self.store = store
        self.drop = drop
        self.nonce = uuid.uuid4().hex
        self.mem = ox.Store()  # the staging graphs: nothing reaches the store before commit
        self.staged: dict[str, str] = {}  # target graph → staging graph in self.mem
        self.written: set[str] = set()  # graphs add() wrote to the store (not staged)
        self._unflushed = 0  # quads add() wrote since the last flush
        self.empty = next(store.inner.quads_for_pattern(None, None, None), None) is None  # now
        self.done = False
        self._union: ox.Store | None = None  # the post-commit union, made on first use

    def load(
        self,
        dataset: rdflib.Dataset | None = None,
        *,
        extraction: Mapping[str, dict] | None = None,
        extra: Mapping[str, bytes | Iterable[ox.Quad | ox.Triple]] | None = None,
    ) -> None:
        """Stage more of the update: named graphs, extraction caches, N-Triples or triples.

        ``dataset``: its named graphs; ``extraction``: article graph IRI → its cache (a JSON
        object); ``extra``: named graphs as N-Triples text or pyoxigraph triples (a quad's
        graph name is ignored), which skips rdflib for the article graphs the workers wrote.
        A graph staged before under the same name is extended by ``extra``, replaced by the
        others. On an error, the whole update is discarded.

        Raises:
            StoreError: the dataset has triples outside named graphs, or reading failed.
        """
        with self._aborting():
            if dataset is not None:
                if len(dataset.default_graph):
                    raise StoreError("the dataset has triples outside named graphs")
                for graph in dataset.graphs():
                    name = graph.identifier
                    if name == rdflib.graph.DATASET_DEFAULT_GRAPH_ID:
                        continue
                    data = graph.serialize(format="nt", encoding="utf-8")
                    stage = self.new_stage(str(name))
                    self.mem.load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(stage))
            for name, triples in (extra or {}).items():
                stage = ox.NamedNode(self.staged.get(name) or self.new_stage(name))
                if isinstance(triples, bytes):
                    self.mem.load(triples, ox.RdfFormat.N_TRIPLES, to_graph=stage)
                else:
                    self.mem.extend(ox.Quad(t.subject, t.predicate, t.object, stage) for t in triples)  # fmt: skip
            for graph_iri, value in (extraction or {}).items():
                stage = self.new_stage(extraction_graph(graph_iri))
                self.mem.extend([_cache_quad(graph_iri, value, stage)])
        self._union = None

    def add(self, graphs: Mapping[str, bytes], extraction: Mapping[str, dict]) -> None:
        """Article graphs (N-Triples text) and their caches: staged, or written now.

        Into a store that was empty when the update began (:attr:`empty`) they go to the
        store straight away, each graph with its union triples and its cache, in
        transactions of whole articles of about :data:`~kg.graph.staging.COMMIT_BATCH`
        quads, and are not kept in memory: the commit then writes the rest, and
        :meth:`abort` empties the store again. The store is flushed every
        :data:`~kg.graph.staging.COMMIT_BATCH` quads or so: unflushed, RocksDB's write
        buffers held about 500 MB for 600k quads. Into any other store they are staged, as
        :meth:`load` stages them.

        Raises:
            StoreError: a graph is already staged or written, or the write failed.
        """
        if not self.empty:
            self.load(extraction=extraction, extra=graphs)
            return
        again = sorted(g for g in {*graphs, *extraction} if g in self.staged or g in self.written)
        if again:
            raise StoreError(f"{again[0]}: already staged or written")
        self.written.update(graphs)  # before the first write: abort() must see every one
        self.written.update(map(extraction_graph, extraction))
        with self._aborting():
            for lines in _article_quads(graphs, extraction, COMMIT_BATCH):
                self.store.inner.load(b"".join(lines), ox.RdfFormat.N_QUADS)
                self._unflushed += len(lines)
                if self._unflushed >= COMMIT_BATCH:
                    self.store.inner.flush()
                    self._unflushed = 0
        self._union = None

    def new_stage(self, target: str) -> str:
        """A new staging graph that will replace the graph ``target`` on commit."""
        stage = f"{STAGING_PREFIX}{self.nonce}:{len(self.staged)}"
        self.staged[target] = stage
        self._union = None
        return stage

    def data_graphs(self) -> list[str]:
        """The store's data graphs as they will be after the commit."""
        new = {g for g in self.staged if not g.startswith(EXTRACTION_PREFIX)}
        kept = {g for g in self.store.graphs() if g not in self.drop and g not in new}
        return sorted(kept | new)

    def view(self) -> GraphView:
        """The union as it will be after the commit, read with pyoxigraph's engine.

        The union is copied once into a store in memory: a query whose default graph lists
        thousands of named graphs is an order of magnitude slower than one on a plain graph.
        """
        if self._union is None:
            graphs = self.data_graphs()
            kept = [ox.NamedNode(g) for g in graphs if g not in self.staged]
            if self.empty:  # what is in the store is what add() wrote: the union is its own
                kept = [ox.DefaultGraph()] if kept else []
            new = [ox.NamedNode(self.staged[g]) for g in graphs if g in self.staged]
            self._union = ox.Store()
            for store, names in ((self.store.inner, kept), (self.mem, new)):
                if names:
                    triples = store.query("CONSTRUCT WHERE { ?s ?p ?o }", default_graph=names)
                    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
                    self._union.bulk_load(data, ox.RdfFormat.N_TRIPLES)
        return GraphView(self._union)

    def write_turtle(self, path: str | os.PathLike) -> int:
        """Write the union after the commit as Turtle (Oxigraph's writer); its triple count.

        Triples in the order of their N-Triples lines, so the same graph gives the same bytes
        however it was built, streamed (rdflib's round trip took 30× longer, and much memory).
        """
        lines = self.view().store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        lines = sorted(lines.splitlines())
        triples = ox.parse(b"\n".join(lines), ox.RdfFormat.N_TRIPLES)
        with open(path, "wb") as fh:
            ox.serialize(triples, fh, ox.RdfFormat.TURTLE, prefixes=turtle_prefixes())
        return len(lines)

    def union_graph(self) -> rdflib.Graph:
        """The union as it will be after the commit, as an rdflib Graph."""
        return as_rdflib(self.view().store)

    def commit(self) -> None:
        """Make the update visible: removals, then the new graphs (:meth:`Store._commit`).

        A failure empties a store that was empty before (:meth:`add`).
        """
        with self._aborting():  # what add() wrote is not staged: already in the store
            self.store._commit(self.staged, self.drop, self.mem)
        self.mem = ox.Store()
        self.done = True

    @contextlib.contextmanager
    def _aborting(self) -> Iterator[None]:
        """On any error inside, :meth:`abort`; an OSError is reported as a StoreError."""
        try:
            yield
        except OSError as exc:
            self.abort()
            raise StoreError(f"{self.store.path or 'store'}: update failed: {exc}") from exc
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Drop the staging graphs; a store that was empty before is emptied again."""
        self.mem = ox.Store()
        self._union = None
        if self.written and not self.done:
            self.store.inner.clear()
            self.written = set()

    def __enter__(self) -> PendingUpdate:
        return self

    def __exit__(self, *exc) -> None:
        if not self.done:
            self.abort()


def _cache_quad(graph_iri: str, value: dict, graph: str) -> ox.Quad:
    """The one quad of an article graph's extraction cache (a JSON literal), in ``graph``."""
    literal = ox.Literal(json.dumps(value, ensure_ascii=False))
    return ox.Quad(ox.NamedNode(graph_iri), EXTRACTION_JSON, literal, ox.NamedNode(graph))


def _article_quads(
    graphs: Mapping[str, bytes], extraction: Mapping[str, dict], size: int
) -> Iterator[list[bytes]]:
    """N-Quads lines of article graphs and caches in lists of about ``size`` lines.

    Each graph, its triples in the union and its cache are in one list
    (:meth:`PendingUpdate.add` loads each list in a transaction).

    >>> nt = b"<https://e.org/s> <https://e.org/p> <https://e.org/o> ."
    >>> parts = _article_quads({"https://e.org/g": nt}, {"https://e.org/g": {}}, 10)
    >>> print(b"".join(next(parts)).decode().strip())
    <https://e.org/s> <https://e.org/p> <https://e.org/o> <https://e.org/g> .
    <https://e.org/s> <https://e.org/p> <https://e.org/o> .
    <https://e.org/g> <urn:kg:extraction:json> "{}" <urn:kg:extraction:https://e.org/g> .
    """
    lines: list[bytes] = []
    for name in [*graphs, *(g for g in extraction if g not in graphs)]:
        triples = graphs.get(name, b"").splitlines()  # each "<s> <p> <o> ." (kg.graph.article)
        tag = b"<" + name.encode("utf-8") + b"> .\n"
        lines += [t[:-1] + tag for t in triples]  # in the article graph
        lines += [t + b"\n" for t in triples]  # in the union
        if name in extraction:
            quad = _cache_quad(name, extraction[name], extraction_graph(name))
            lines.append(f"{quad} .\n".encode())
        if len(lines) >= size:
            yield lines
            lines = []
    if lines:
        yield lines
