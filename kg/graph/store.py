"""The persistent embedded store: Oxigraph (pyoxigraph), one named graph per article.

What a store directory holds (all in one Oxigraph database):

- every article's triples in its own named graph (``kgr:graph/<16 hex>``, as
  :func:`kg.graph.rdf.build_dataset` makes them), and the other graphs of the dataset (the
  registry graph) likewise;
- the **default graph = the set union** of those graphs, kept up to date by every update.
  Oxigraph's ``use_default_graph_as_union`` is a *bag* union (a triple stated in two article
  graphs is matched twice, so ``COUNT`` double-counts shared registry triples and merged
  events); a materialized union is a set, so queries here and through ``kg serve`` run on the
  default graph and count each fact once, while ``GRAPH ?g { … }`` still finds its source;
- per article, an extraction cache graph ``urn:kg:extraction:<article graph IRI>`` holding one
  JSON literal (the article's ``events.jsonl`` objects and its relation count), so that a build
  can skip an unchanged article and still write every event. It is not in the union;
- the summary counts of three aggregate queries, updated by every commit
  (:mod:`kg.graph.summary`).

Failure guarantees: an update (:meth:`Store.update`) first loads each new graph into a staging
graph **in memory** (the store is untouched; a build writes its outputs from this staged state),
then commits: one SPARQL Update (one Oxigraph transaction) patches a stored graph changed by a
few triples (the registry and labels graphs of a small build), another removes the graphs it
replaces or drops (with their caches and their share of the union), then ``extend`` transactions
of about 50k quads add the new graphs, each whole with its triples in the union and, for an
article, its cache. A failure or crash before the commit leaves the store as it was; one during
it leaves the replaced articles removed and some new ones added, consistent (each graph whole,
the union theirs; an article not there or without its cache is extracted again by the next
build); after it, the whole change is there. No query ever sees a half-loaded article.
A first build, into an empty store, writes each part of its article graphs during
extraction, each article whole with its cache (:meth:`PendingUpdate.add`, in
:mod:`kg.graph.pending`); if it then fails, the store is emptied again.
(:func:`open_store` drops on-disk staging graphs that older versions of kg left.)

SHACL validation lives in :mod:`kg.graph.validate`, the SPARQL endpoint (``kg serve``) in
:mod:`kg.graph.serve`. Later stages read a store (or a staged update, or any graph) through a
:class:`GraphView`: pyoxigraph's engine over the right default graph, never rdflib's.

Queries take the fast path: the query *text* goes to pyoxigraph's own engine with
``substitutions`` for bound variables (SEP-0007), never through rdflib's SPARQL engine (an
rdflib-prepared query given to an oxrdflib graph silently runs on rdflib's slow engine).

Example:
    >>> import rdflib
    >>> ds = rdflib.Dataset()
    >>> g = ds.graph(rdflib.URIRef("https://example.org/graph/1"))
    >>> _ = g.add((rdflib.URIRef("https://example.org/a"), rdflib.RDF.type,
    ...            rdflib.URIRef("https://example.org/T")))
    >>> store = open_store()          # in memory; open_store("out/store") persists
    >>> store.update(ds)
    >>> store.query("SELECT ?x ?t WHERE { ?x a ?t }", {"t": rdflib.URIRef("https://example.org/T")})
    (['x', 't'], [(rdflib.term.URIRef('https://example.org/a'), rdflib.term.URIRef('https://example.org/T'))])
    >>> len(store)
    1
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox
import rdflib
from rdflib.namespace import DCTERMS

from kg.errors import QueryError, StoreError
from kg.fileio import atomic_open
from kg.graph.pending import PendingUpdate
from kg.graph.staging import (
    COMMIT_BATCH,
    EXTRACTION_JSON,
    EXTRACTION_PREFIX,
    STAGING_PREFIX,
    commit_staged,
    extraction_graph,
    uses_graph_keyword,
)
from kg.graph.summary import SUMMARY_GRAPH, Refresh, default_graphs
from kg.graph.view import GraphView, as_rdflib, from_ox, to_ox, turtle_prefixes
from kg.vocab import KG

__all__ = ["Store", "StoreError", "StoredArticle", "PendingUpdate", "open_store", "load_graph",
           "EXPORT_FORMATS", "STAGING_PREFIX", "EXTRACTION_PREFIX"]  # fmt: skip


#: ``kg export --format`` → (pyoxigraph format, whole dataset?). Turtle is the union graph;
#: the others keep the named graphs (provenance: which article states what).
EXPORT_FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}

_ARTICLES = f"""
PREFIX kg: <{KG._NS}>
PREFIX dcterms: <{DCTERMS}>
SELECT ?g ?hash ?id WHERE {{
    GRAPH ?g {{ ?a a kg:Article ; kg:contentHash ?hash . OPTIONAL {{ ?a dcterms:identifier ?id }} }}
}}
"""

#: How RocksDB (under Oxigraph) words a damaged or unreadable file.
_ROCKSDB_ERRORS = ("Corruption:", "IO error:")

#: A query that names its own dataset (FROM / FROM NAMED) keeps it.
_FROM = re.compile(r"\bFROM\b", re.I)


@dataclass(frozen=True)
class StoredArticle:
    """An article graph in the store: its graph IRI, article id and text hash (sha256)."""

    graph: str
    hash: str
    id: str | None = None


# --- the store ------------------------------------------------------------------------------


class Store:
    """A pyoxigraph store holding article graphs and their materialized union.

    Use :func:`open_store` to get one. ``store.inner`` is the ``pyoxigraph.Store``.
    """

    def __init__(self, inner: ox.Store, path: Path | None = None, *, read_only: bool = False):
        self.inner = inner
        self.path = path
        self.read_only = read_only

    def __repr__(self) -> str:
        return f"<kg Store {self.path or 'in memory'}: {len(self)} triples>"

    def __len__(self) -> int:
        """Number of triples in the union (the default graph)."""
        result = self.inner.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(result))["n"].value)

    # -- reading -------------------------------------------------------------------------

    def articles(self) -> dict[str, StoredArticle]:
        """The article graphs: graph IRI → :class:`StoredArticle`."""
        out = {}
        for sol in self.inner.query(_ARTICLES):
            g = sol["g"].value
            if g.startswith(STAGING_PREFIX):
                continue
            ident = sol["id"]
            out[g] = StoredArticle(g, sol["hash"].value, ident.value if ident else None)
        return out

    def graphs(self) -> list[str]:
        """The named graphs holding data (articles, registry), not caches or staging."""
        return sorted(
            g.value
            for g in self.inner.named_graphs()
            if isinstance(g, ox.NamedNode)
            and not g.value.startswith((STAGING_PREFIX, EXTRACTION_PREFIX))
            and g.value != SUMMARY_GRAPH
        )

    def extraction(self, graph_iri: str) -> dict | None:
        """The cached extraction (a JSON object) of an article graph, or None."""
        graph = ox.NamedNode(extraction_graph(graph_iri))
        for q in self.inner.quads_for_pattern(None, EXTRACTION_JSON, None, graph):
            return json.loads(q.object.value)
        return None

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, rdflib.term.Node] | None = None,
    ) -> tuple[list[str], list[tuple[rdflib.term.Node | None, ...]]]:
        """Run a SELECT query on the union with pyoxigraph's engine (the fast path).

        Args:
            sparql: the query text.
            bindings: variable name (with or without ``?``) → rdflib term, passed as
                pyoxigraph ``substitutions`` (the query text is never formatted). Oxigraph
                follows SEP-0007: a bound variable must be in the SELECT clause.

        Returns:
            ``(columns, rows)`` like :func:`kg.graph.query.run_query`: variable names and tuples of
            rdflib terms (None when unbound). :meth:`iter_query` yields the rows instead.

        Raises:
            QueryError: the query does not parse, fails, or is not a SELECT.
        """
        columns, rows = self.iter_query(sparql, bindings)
        return columns, list(rows)

    def iter_query(
        self,
        sparql: str,
        bindings: Mapping[str, rdflib.term.Node] | None = None,
    ) -> tuple[list[str], Iterator[tuple[rdflib.term.Node | None, ...]]]:
        """:meth:`query`, with the rows yielded as Oxigraph's engine makes them.

        Nothing is held but the row at hand. Read the rows while the store is open, and
        read them to the end or ``close()`` the iterator: the solutions keep the database
        (and its lock) open. A failure while they are made is raised as
        :class:`QueryError` from the iterator.
        """
        result = self.execute(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            kind = "ASK" if isinstance(result, ox.QueryBoolean) else "CONSTRUCT/DESCRIBE"
            raise QueryError(f"only SELECT queries give a table (got {kind})")
        variables = result.variables
        return [v.value for v in variables], _solutions(result)

    def execute(
        self,
        sparql: str,
        bindings: Mapping[str, rdflib.term.Node] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a query of any form (SELECT, ASK, CONSTRUCT, DESCRIBE) on the union.

        ``GRAPH ?g`` ranges over the article graphs and the registry and labels graphs, not
        the extraction caches or staging graphs (unless the query has its own FROM); a query
        naming the summary (:mod:`kg.graph.summary`) reads it beside the union.

        Returns pyoxigraph's own result, whose ``serialize`` writes the W3C formats as the
        engine makes the solutions (:mod:`kg.graph.results`). Bindings as for :meth:`query`.

        Raises:
            QueryError: the query does not parse or fails.
            StoreError: the store's files are unreadable.
        """
        subs = {ox.Variable(k.lstrip("?$")): to_ox(v) for k, v in (bindings or {}).items()}
        dataset = {}
        if not _FROM.search(sparql):
            if uses_graph_keyword(sparql):  # not caches or staging
                dataset["named_graphs"] = [ox.NamedNode(g) for g in self.graphs()]
            if defaults := default_graphs(sparql):
                dataset["default_graph"] = defaults
        try:
            return self.inner.query(sparql, substitutions=subs or None, **dataset)
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"SPARQL syntax error: {' '.join(str(exc).split())}") from exc
        except (OSError, RuntimeError) as exc:
            if str(exc).startswith(_ROCKSDB_ERRORS):
                raise StoreError(f"{self.path or 'store'}: {_unreadable(exc)}") from exc
            raise QueryError(f"query failed: {' '.join(str(exc).split())}") from exc

    def view(self) -> GraphView:
        """The union, read with pyoxigraph's engine (for :func:`kg.network.actor_network`)."""
        return GraphView(self.inner)

    def union_graph(self) -> rdflib.Graph:
        """The union as an rdflib Graph (for Turtle and pySHACL)."""
        return as_rdflib(self.inner)

    def _dataset_quads(self) -> Iterator[ox.Quad]:
        for g in self.graphs():
            yield from self.inner.quads_for_pattern(None, None, None, ox.NamedNode(g))

    def export(self, path: str | os.PathLike | IO[bytes], fmt: str = "turtle") -> None:
        """Write the store in one of :data:`EXPORT_FORMATS`: to a file (atomically) or a stream.

        ``turtle`` writes the union; ``trig``, ``nquads`` and ``jsonld`` the named graphs, so
        each statement keeps the article graph it came from. JSON-LD is compacted with kg's
        ``@context`` (:mod:`kg.graph.jsonld`), a ``@graph`` per named graph.
        """
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r} ({', '.join(EXPORT_FORMATS)})")
        if hasattr(path, "write"):
            self._export(path, fmt)
            return
        with atomic_open(path, "wb") as fh:
            self._export(fh, fmt)

    def _export(self, fh: IO[bytes], fmt: str) -> None:
        ox_format, dataset = EXPORT_FORMATS[fmt]
        prefixes = turtle_prefixes()
        if fmt == "jsonld":
            from kg.graph.jsonld import write_jsonld

            write_jsonld(self._dataset_quads(), fh)
        elif dataset:
            kwargs = {"prefixes": prefixes} if fmt == "trig" else {}
            ox.serialize(self._dataset_quads(), fh, ox_format, **kwargs)
        else:
            self.inner.dump(fh, ox_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)

    # -- writing -------------------------------------------------------------------------

    def update(
        self,
        dataset: rdflib.Dataset | None = None,
        *,
        drop: Iterable[str] = (),
        extraction: Mapping[str, dict] | None = None,
    ) -> None:
        """Replace the graphs of ``dataset`` and drop the graphs ``drop``, in one transaction.

        Every named graph of ``dataset`` replaces the store graph of the same name. Dropping
        or replacing an article graph also drops its cached extraction; ``extraction`` maps
        article graph IRIs to their new extraction (any JSON object). Triples in the dataset's
        default graph are refused: everything in the store belongs to a named graph.
        """
        with self.stage(dataset, drop=drop, extraction=extraction) as pending:
            pending.commit()

    def stage(
        self,
        dataset: rdflib.Dataset | None = None,
        *,
        drop: Iterable[str] = (),
        extraction: Mapping[str, dict] | None = None,
        extra: Mapping[str, bytes | Iterable[ox.Quad | ox.Triple]] | None = None,
    ) -> PendingUpdate:
        """Load an update into staging graphs (in memory) without changing the store.

        Use as a context manager: ``with store.stage(ds) as pending: … pending.commit()``;
        leaving the block without :meth:`PendingUpdate.commit` discards the staging graphs.
        Arguments as for :meth:`update` and :meth:`PendingUpdate.load`, which adds more.
        """
        pending = PendingUpdate(self, set(drop))
        pending.load(dataset, extraction=extraction, extra=extra)
        return pending

    def drop_article(self, graph_iri: str) -> None:
        """Remove an article graph (and its cached extraction) in one transaction."""
        self.update(drop=[graph_iri])

    def _commit(self, staged: Mapping[str, str], drop: set[str], mem: ox.Store) -> None:
        """Patches, removals, new graphs; the summary counts around them (:mod:`kg.graph.summary`).

        Each ``extend`` (:func:`kg.graph.staging.commit_staged`) is a transaction of about
        :data:`COMMIT_BATCH` quads of whole graphs: one for 10k articles took 850 MB and 12 s.
        """
        try:
            summary = Refresh(self.inner)
            summary.before(mem, staged, old={*drop, *staged})  # the graphs it replaces or drops
            commit_staged(self.inner, staged, drop, mem, COMMIT_BATCH)
            summary.after()
        except ValueError as exc:
            raise StoreError(str(exc)) from None

    def _drop_staging(self) -> None:
        for g in list(self.inner.named_graphs()):
            if isinstance(g, ox.NamedNode) and g.value.startswith(STAGING_PREFIX):
                self.inner.remove_graph(g)

    def flush(self) -> None:
        """Write buffered data to disk (a no-op in memory).

        Raises:
            StoreError: the store's files are corrupt or unreadable.
        """
        if self.path is not None:
            try:
                self.inner.flush()
            except RuntimeError as exc:
                if str(exc).startswith(_ROCKSDB_ERRORS):
                    raise StoreError(f"{self.path}: {_unreadable(exc)}") from exc
                raise

    def close(self) -> None:
        """Flush and release the store (and its directory lock)."""
        if self.inner is not None:
            try:
                if not self.read_only:
                    self.flush()
            finally:
                self.inner = None  # pyoxigraph closes the database when the last reference goes

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.close()
        except StoreError:
            if exc is None:
                raise  # else the error of the block, below, is the one to report
        if isinstance(exc, RuntimeError) and str(exc).startswith(_ROCKSDB_ERRORS):
            # a damaged file found while reading, after the open succeeded
            raise StoreError(f"{self.path or 'store'}: {_unreadable(exc)}") from exc


def open_store(
    path: str | os.PathLike | None = None, *, read_only: bool = False, create: bool = True
) -> Store:
    """Open (or create) the store in directory ``path``; in memory when ``path`` is None.

    A writable store holds the directory's lock until closed: a second writer (another
    ``kg build``) gets a :class:`StoreError`. ``read_only=True`` opens without the lock (the
    way ``oxigraph serve-read-only`` does); it must not be used while a writer runs.
    ``create=False`` (what the commands that only read use) refuses a directory that holds
    no store instead of making one there. Leftover staging graphs of an interrupted update
    are dropped on a writable open.

    Raises:
        StoreError: ``path`` is not a store directory (or, to create one, not empty), the
            store is in use by another process, or its files are corrupt or unreadable; the
            message is one line naming ``path``.
    """
    if path is None:
        return Store(ox.Store())
    path = Path(path)
    try:
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: not a directory")
        if (read_only or not create) and not (path / "CURRENT").is_file():
            raise StoreError(f"{path}: not a store (no Oxigraph store in this folder)")
        if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").exists():
            raise StoreError(f"{path}: not an Oxigraph store directory (and not empty)")
        if read_only:
            inner = ox.Store.read_only(os.fspath(path))
        else:
            path.mkdir(parents=True, exist_ok=True)
            inner = ox.Store(os.fspath(path))
        store = Store(inner, path, read_only=read_only)
        if not read_only:
            store._drop_staging()
    except OSError as exc:
        msg = " ".join(str(exc).split())
        if "lock" in msg.lower():
            raise StoreError(f"{path}: the store is in use by another process ({msg})") from exc
        raise StoreError(f"{path}: cannot open the store ({msg})") from exc
    except RuntimeError as exc:  # RocksDB: "Corruption: …", "IO error: …"
        raise StoreError(f"{path}: {_unreadable(exc)}") from exc
    return store


def _unreadable(exc: BaseException) -> str:
    """The one-line message for a store whose files cannot be read."""
    return f"the store is corrupt or unreadable ({' '.join(str(exc).split())})"


# --- reading any graph -------------------------------------------------------------------------

_PARSE_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}


def load_graph(path: str | os.PathLike) -> rdflib.Graph:
    """The union graph of a store directory or of an RDF file (.ttl .nt .trig .nq .jsonld).

    Raises:
        StoreError: the file does not parse, or the store cannot be opened.
    """
    path = Path(path)
    if path.is_dir():
        with open_store(path, create=False) as store:
            return store.union_graph()
    fmt = _PARSE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StoreError(f"{path}: unknown RDF file type (use {', '.join(_PARSE_FORMATS)})")
    try:
        if fmt in ("trig", "nquads", "json-ld"):
            ds = rdflib.Dataset()
            ds.parse(path, format=fmt)
            graph = rdflib.Graph()
            for quad in ds.quads():
                graph.add(quad[:3])
            return graph
        return rdflib.Graph().parse(path, format=fmt)
    except FileNotFoundError:
        raise StoreError(f"{path}: no such file or store directory") from None
    except Exception as exc:  # rdflib raises many parser exception types
        raise StoreError(f"{path}: cannot parse ({str(exc).splitlines()[0]})") from None


def _solutions(result: ox.QuerySolutions) -> Iterator[tuple[rdflib.term.Node | None, ...]]:
    """The rows of ``result`` as rdflib terms, one at a time."""
    try:
        for sol in result:
            yield tuple(map(from_ox, sol))  # a solution iterates its values in variable order
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())}") from exc
