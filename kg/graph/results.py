"""Query answers of every form (SELECT, ASK, CONSTRUCT, DESCRIBE), written in the W3C formats.

:func:`answer` runs a query on a :class:`~kg.graph.store.Store` (pyoxigraph's engine) or an
rdflib graph and returns an :class:`Answer`, whose :meth:`Answer.write` writes it to a binary
stream with the engine's own serializers (pyoxigraph's write as the engine makes the solutions;
rdflib's gather them first):

- solutions (SELECT) and booleans (ASK): ``table`` (aligned text for people, the default),
  ``json`` (`SPARQL 1.1 Query Results JSON <https://www.w3.org/TR/sparql11-results-json/>`_),
  ``xml`` (`SPARQL Query Results XML <https://www.w3.org/TR/rdf-sparql-XMLres/>`_), ``csv``
  and ``tsv`` (`SPARQL 1.1 Query Results CSV and TSV
  <https://www.w3.org/TR/sparql11-results-csv-tsv/>`_);
- graphs (CONSTRUCT, DESCRIBE): ``turtle`` (the default), ``ntriples``, ``jsonld`` (compacted
  with kg's ``@context``, :mod:`kg.graph.jsonld`; held in memory while written), ``rdfxml``.

Example:
    >>> import io, json, rdflib
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef("http://e/a"), rdflib.RDFS.label, rdflib.Literal("a")))
    >>> out = io.BytesIO()
    >>> answer(g, "ASK { ?s ?p ?o }").write(out, "json")
    >>> json.loads(out.getvalue())
    {'head': {}, 'boolean': True}
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

import pyoxigraph as ox
import rdflib
from rdflib.plugins.sparql.processor import SPARQLProcessor, SPARQLResult

from kg.errors import QueryError
from kg.graph.query import Row, write_result
from kg.vocab import PREFIXES

__all__ = [
    "Answer",
    "answer",
    "FORMATS",
    "SOLUTION_FORMATS",
    "GRAPH_FORMATS",
    "format_for_suffix",
]

#: SELECT/ASK formats → pyoxigraph's serializer (None: the human ``table``).
SOLUTION_FORMATS: dict[str, ox.QueryResultsFormat | None] = {
    "table": None,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: CONSTRUCT/DESCRIBE formats → (pyoxigraph format, rdflib serializer name).
GRAPH_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    "turtle": (ox.RdfFormat.TURTLE, "turtle"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "nt"),
    "jsonld": (ox.RdfFormat.JSON_LD, "json-ld"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "xml"),
}
#: Every ``--format`` name, solutions' first.
FORMATS: tuple[str, ...] = (*SOLUTION_FORMATS, *GRAPH_FORMATS)

_SUFFIXES = {
    ".srj": "json",
    ".json": "json",
    ".srx": "xml",
    ".xml": "xml",
    ".csv": "csv",
    ".tsv": "tsv",
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".jsonld": "jsonld",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
}
_FORMS = {"solutions": "SELECT", "boolean": "ASK", "graph": "CONSTRUCT/DESCRIBE"}


def format_for_suffix(suffix: str, form: str) -> str | None:
    """The format a file suffix names for an answer of ``form`` (None: none of its formats).

    Example:
        >>> format_for_suffix(".srj", "solutions"), format_for_suffix(".ttl", "solutions")
        ('json', None)
    """
    fmt = _SUFFIXES.get(suffix.lower())
    if fmt is None:
        return None
    wanted = GRAPH_FORMATS if form == "graph" else SOLUTION_FORMATS
    return fmt if fmt in wanted else None


class _Utf8:
    """A text ``write`` over a binary stream."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out

    def write(self, text: str) -> int:
        self.out.write(text.encode("utf-8"))
        return len(text)


class Answer:
    """A query's answer, not yet read: ``form`` is ``solutions``, ``boolean`` or ``graph``.

    Write it once with :meth:`write`; :meth:`close` releases what the engine holds (a
    store's solutions keep the database open until read or closed).
    """

    def __init__(
        self,
        form: str,
        *,
        columns: list[str] | None = None,
        rows: Iterator[Row] | None = None,
        boolean: bool | None = None,
        triples: Iterator[Any] | None = None,
        native: Callable[[IO[bytes], str], None] | None = None,
        engine: str = "rdflib",
    ) -> None:
        self.form = form
        self.columns = columns or []
        self.rows = rows
        self.boolean = boolean
        self.triples = triples
        self._native = native
        self.engine = engine

    @property
    def default_format(self) -> str:
        """``table`` for solutions and booleans, ``turtle`` for graphs."""
        return "turtle" if self.form == "graph" else "table"

    def check_format(self, fmt: str) -> None:
        """Raise :class:`QueryError` when ``fmt`` is not a format of this answer's form."""
        wanted = GRAPH_FORMATS if self.form == "graph" else SOLUTION_FORMATS
        if fmt not in wanted:
            raise QueryError(
                f"a {_FORMS[self.form]} query cannot be written as {fmt!r} "
                f"(use --format {'|'.join(wanted)})"
            )

    def write(self, out: IO[bytes], fmt: str | None = None, *, limit: int | None = None) -> None:
        """Write the answer to ``out`` in ``fmt`` (default :attr:`default_format`).

        ``limit``: at most that many rows (or triples). Without a limit the W3C formats
        come from the engine's serializer, which writes as the solutions come; with one, the
        first rows are taken and written by rdflib's (the same formats; TSV by
        :func:`_write_tsv`, rdflib having none). A table ends with a line break.
        """
        fmt = fmt or self.default_format
        self.check_format(fmt)
        try:
            if self.form == "graph":
                self._write_graph(out, fmt, limit)
            elif self.form == "boolean":
                self._write_boolean(out, fmt)
            else:
                self._write_solutions(out, fmt, limit)
        finally:
            self.close()

    def close(self) -> None:
        """Drop the engine's iterators (and with them a store's read lock)."""
        for it in (self.rows, self.triples):
            close = getattr(it, "close", None)
            if close is not None:
                close()
        self.rows = self.triples = None
        self._native = None

    def _write_solutions(self, out: IO[bytes], fmt: str, limit: int | None) -> None:
        if fmt == "table":
            write_result(self.columns, self.rows or iter(()), _Utf8(out), "table", limit=limit)
            out.write(b"\n")
            return
        if limit is None and self._native is not None:
            self._native(out, fmt)
            return
        rows = list(itertools.islice(self.rows or iter(()), limit))
        if fmt == "tsv":
            _write_tsv(self.columns, rows, out)
        else:
            variables = [rdflib.Variable(c) for c in self.columns]
            bindings = (
                {v: t for v, t in zip(variables, row, strict=True) if t is not None} for row in rows
            )
            result = SPARQLResult({"type_": "SELECT", "vars_": variables, "bindings": bindings})
            result.serialize(out, format=fmt)

    def _write_boolean(self, out: IO[bytes], fmt: str) -> None:
        if fmt in ("table", "csv", "tsv"):  # what Oxigraph writes for CSV and TSV too
            out.write(b"true" if self.boolean else b"false")
            if fmt == "table":
                out.write(b"\n")
        elif self._native is not None:
            self._native(out, fmt)
        else:
            SPARQLResult({"type_": "ASK", "askAnswer": self.boolean}).serialize(out, format=fmt)

    def _write_graph(self, out: IO[bytes], fmt: str, limit: int | None) -> None:
        triples = self.triples or iter(())
        counted = itertools.islice(triples, limit) if limit is not None else triples
        ox_format, rdflib_format = GRAPH_FORMATS[fmt]
        if fmt == "jsonld":  # compacted with kg's @context, as `kg export` writes it
            from kg.graph.jsonld import write_jsonld

            write_jsonld(counted, out)
        elif self.engine == "oxigraph":
            prefixes = PREFIXES if fmt == "turtle" else None
            ox.serialize(counted, out, ox_format, prefixes=prefixes)
        else:
            graph = rdflib.Graph()
            for prefix, iri in PREFIXES.items():
                graph.bind(prefix, iri)
            for t in counted:
                graph.add(t)
            graph.serialize(out, format=rdflib_format, encoding="utf-8")


def _tsv_term(term: rdflib.term.Node | None) -> str:
    return "" if term is None else term.n3()


def _write_tsv(columns: list[str], rows: Iterable[Row], out: IO[bytes]) -> None:
    """SPARQL 1.1 TSV: ``?var`` headers, terms in N-Triples syntax (rdflib has no TSV writer)."""
    out.write(("\t".join(f"?{c}" for c in columns) + "\n").encode("utf-8"))
    for row in rows:
        out.write(("\t".join(_tsv_term(t) for t in row) + "\n").encode("utf-8"))


def answer(source: Any, text: str, bindings: dict[str, rdflib.term.Node] | None = None) -> Answer:
    """Run ``text`` on a :class:`~kg.graph.store.Store` or an rdflib graph; its :class:`Answer`.

    A store runs it with pyoxigraph (``substitutions`` for ``bindings``), a graph with
    rdflib (``initBindings``); a graph's prefixes are known to the query.

    Raises:
        QueryError: the query does not parse or fails.
    """
    if isinstance(source, rdflib.Graph):
        return _rdflib_answer(source, text, bindings)
    return _ox_answer(source.execute(text, bindings))


def _ox_answer(result: Any) -> Answer:
    from kg.graph.store import _solutions

    if isinstance(result, ox.QueryBoolean):
        return Answer(
            "boolean",
            boolean=bool(result),
            native=lambda out, fmt: result.serialize(out, SOLUTION_FORMATS[fmt]),
            engine="oxigraph",
        )
    if isinstance(result, ox.QuerySolutions):
        variables = result.variables

        def native(out: IO[bytes], fmt: str) -> None:
            try:
                result.serialize(out, SOLUTION_FORMATS[fmt])
            except (OSError, RuntimeError, ValueError) as exc:
                if isinstance(exc, BrokenPipeError):
                    raise
                raise QueryError(f"query failed: {' '.join(str(exc).split())}") from exc

        return Answer(
            "solutions",
            columns=[v.value for v in variables],
            rows=_solutions(result),
            native=native,
            engine="oxigraph",
        )
    return Answer("graph", triples=iter(result), engine="oxigraph")


def _rdflib_answer(
    graph: rdflib.Graph, text: str, bindings: dict[str, rdflib.term.Node] | None
) -> Answer:
    from kg.graph.query import _rows

    init = {rdflib.Variable(k.lstrip("?$")): v for k, v in (bindings or {}).items()}
    try:
        result = SPARQLProcessor(graph).query(text, init, dict(graph.namespaces()))
    except Exception as exc:  # pyparsing's ParseException and rdflib's evaluation errors
        what = "SPARQL syntax error" if type(exc).__name__ == "ParseException" else "query failed"
        raise QueryError(f"{what}: {' '.join(str(exc).split())}") from exc
    kind = result.get("type_")
    if kind == "ASK":
        return Answer("boolean", boolean=bool(result.get("askAnswer")))
    if kind in ("CONSTRUCT", "DESCRIBE"):
        return Answer("graph", triples=iter(result.get("graph") or ()))
    variables = list(result.get("vars_") or [])
    return Answer(
        "solutions",
        columns=[str(v) for v in variables],
        rows=_rows(result["bindings"], variables, "<query>"),
    )
