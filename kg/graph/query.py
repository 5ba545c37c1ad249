"""SPARQL queries kept in ``kg/graph/queries/*.rq`` files: load, run with bound parameters, print.

Each ``.rq`` file asks one question and starts with a comment header::

    # title: Events at a place and in a date range
    # description: Events with a place, at the given place or anywhere inside it …
    # param: place iri — the place, e.g. kgr:place/MISRATA (or MISRATA)
    # param: since xsd:date — earliest event date, inclusive

A ``# param: NAME TYPE — meaning`` line declares a variable the caller may bind; TYPE is
``iri`` (a full IRI, a ``kgr:``/``kg:`` CURIE, or a registry ID such as ``LNA``) or an XSD
datatype (``xsd:date``, ``xsd:integer``, ``xsd:string`` …). Parameters are bound with
``initBindings`` (never by formatting the query text); an unbound parameter means "any". Every
parameter is also projected by its query, so the same files run on Oxigraph with
``substitutions=`` (SEP-0007 requires substituted variables in the projection) and, over a
store of named graphs, with ``use_default_graph_as_union=True``.

Example:
    >>> import rdflib
    >>> g = rdflib.Graph()
    >>> text, meta = load_query("events_by_type")
    >>> meta["title"]
    'Events by type and mode'
    >>> run_query(g, text)
    (['type', 'mode', 'events'], [])
"""

from __future__ import annotations

import csv
import importlib.resources
import io
import itertools
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import rdflib
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor

from kg.errors import QueryError
from kg.vocab import KG, KGR

__all__ = [
    "Param",
    "bind_params",
    "format_table",
    "iter_query",
    "list_queries",
    "load_query",
    "query_dataframe",
    "query_params",
    "resolve_query",
    "run_query",
    "write_result",
    "FORMATS",
    "TABLE_WIDTH_ROWS",
]

#: One row of a SELECT result: an RDF term per column, None where unbound.
Row = tuple[rdflib.term.Node | None, ...]
#: How many rows the ``table`` format reads before it fixes the column widths.
TABLE_WIDTH_ROWS = 1000

_HEADER = re.compile(r"^#\s*(title|description)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^#\s*param\s*:\s*(\w+)\s+(\S+)\s*(?:[—–-]+\s*(.*?))?\s*$")
_KG = str(KG._NS)
_KGR = str(KGR)
_XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Param:
    """A bindable variable declared by a ``# param:`` header line."""

    name: str
    type: str  # "iri" or an XSD datatype CURIE such as "xsd:date"
    description: str = ""


def query_params(text: str) -> dict[str, Param]:
    r"""The parameters a query's header declares, by name.

    Example:
        >>> query_params("# param: since xsd:date — earliest date\nSELECT * WHERE { }")
        {'since': Param(name='since', type='xsd:date', description='earliest date')}
    """
    params: dict[str, Param] = {}
    for line in _header_lines(text):
        m = _PARAM.match(line)
        if m:
            params[m.group(1)] = Param(m.group(1), m.group(2), m.group(3) or "")
    return params


def _to_term(name: str, param: Param, value: Any, where: str) -> rdflib.term.Node:
    if isinstance(value, rdflib.term.Node):
        return value
    if param.type == "iri":
        raw = str(value).strip()
        if raw.startswith("<") and raw.endswith(">"):
            raw = raw[1:-1]
        if raw.startswith("kgr:"):
            return rdflib.URIRef(_KGR + raw[4:])
        if raw.startswith("kg:"):
            return rdflib.URIRef(_KG + raw[3:])
        if re.match(r"^[a-z][a-z0-9+.-]*:", raw, re.I):
            return rdflib.URIRef(raw)
        if re.match(r"^[A-Z][A-Z0-9_]*$", raw):
            from kg.registry import load_registry

            entry = load_registry().by_id(raw)
            if entry is not None:
                return rdflib.URIRef(entry.iri)
        raise QueryError(f"{where}: parameter {name!r} wants an IRI or a registry ID, got {raw!r}")
    prefix, _, local = param.type.partition(":")
    if prefix != "xsd" or not local:
        raise QueryError(f"{where}: parameter {name!r} has an unknown type {param.type!r}")
    datatype = rdflib.URIRef(_XSD + local)
    lexical = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if local == "string":
        return rdflib.Literal(lexical)
    # rdflib logs a warning with a traceback for an ill-typed lexical form: our message says it
    rdflib_log = logging.getLogger("rdflib.term")
    disabled, rdflib_log.disabled = rdflib_log.disabled, True
    try:
        term = rdflib.Literal(lexical, datatype=datatype)
    finally:
        rdflib_log.disabled = disabled
    if term.ill_typed:
        raise QueryError(
            f"{where}: parameter {name!r} wants an {param.type} value, got {lexical!r}"
        )
    return term


def bind_params(
    text: str, params: dict[str, Any], *, where: str = "<query text>"
) -> dict[str, rdflib.term.Node]:
    """Type and check ``params`` against the ``# param:`` header of ``text``.

    Strings become the declared RDF term (IRIs, registry IDs, typed literals); RDF terms pass
    through unchanged.

    Raises:
        QueryError: a parameter the query does not declare (the message names the query and
            lists its parameters), or a value that is not of the declared type.
    """
    declared = query_params(text)
    out: dict[str, rdflib.term.Node] = {}
    for key, value in params.items():
        name = key.lstrip("?$")
        if name not in declared:
            known = ", ".join(declared) or "none"
            raise QueryError(f"{where}: unknown parameter {name!r} (parameters: {known})")
        if value is None:
            continue
        out[name] = _to_term(name, declared[name], value, where)
    return out


def _queries_dir():
    return importlib.resources.files("kg.graph") / "queries"


def _meta(text: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line in _header_lines(text):
        m = _HEADER.match(line)
        if m:
            meta[m.group(1)] = m.group(2)
    return meta


def _header_lines(text: str) -> Iterator[str]:
    """The comment lines at the top of a query file, stripped (blank lines skipped)."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            return
        yield stripped


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _check_syntax(text: str, where: str) -> None:
    try:
        prepareQuery(text)
    except Exception as exc:  # pyparsing.ParseException and rdflib's own errors
        raise QueryError(f"{where}: SPARQL syntax error: {_one_line(exc)}") from exc


def load_query(name_or_path: str | os.PathLike) -> tuple[str, dict[str, str]]:
    """Read a query file and check its syntax.

    Args:
        name_or_path: a bare name (``"who_attacked_whom"``) resolves to
            ``kg/graph/queries/<name>.rq`` inside the package; anything with a path separator or an
            ``.rq`` suffix, or any ``os.PathLike``, is read as a file path.

    Returns:
        ``(text, meta)``: the query text and ``{"name", "path", "title", "description",
        "params"}`` (from the header, ``""`` when missing; ``params`` comma-separated).

    Raises:
        QueryError: the file is missing or unreadable, or the query does not parse; the
            one-line message names the file.
    """
    raw = os.fspath(name_or_path)
    is_path = isinstance(name_or_path, os.PathLike) or raw.endswith(".rq") or os.sep in raw
    if "/" in raw:
        is_path = True
    if is_path:
        source: Any = Path(raw)
        name = Path(raw).stem
    else:
        source = _queries_dir() / f"{raw}.rq"
        name = raw
    where = str(source)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        if is_path:
            raise QueryError(f"{where}: no such file or directory") from exc
        names = ", ".join(n for n, _ in list_queries())
        raise QueryError(f"no shipped query named {raw!r} (known: {names})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{where}: cannot read query: {_one_line(exc)}") from exc
    _check_syntax(text, where)
    meta = {"name": name, "path": where, "title": "", "description": ""}
    meta.update(_meta(text))
    meta["params"] = ", ".join(query_params(text))
    return text, meta


_NAME = re.compile(r"^[A-Za-z_][\w-]*$")


def resolve_query(arg: str, stdin: TextIO | None = None) -> tuple[str, dict[str, str]]:
    """What ``kg query QUERY`` runs: the first of these that ``arg`` is.

    1. ``-``: the query text read from ``stdin``;
    2. the name of a shipped query (``kg queries``), e.g. ``who_attacked_whom``;
    3. an existing file (a ``.rq`` file, any name), read as UTF-8;
    4. SPARQL text: anything with a space or a ``{`` in it (``'ASK { ?s ?p ?o }'``), left to
       the engine to parse.

    Returns:
        ``(text, meta)`` as :func:`load_query` (for text, ``path`` is ``<stdin>`` or
        ``<query text>`` and the header fields are read from the text).

    Raises:
        QueryError: ``arg`` is none of these (a one-line message: a missing file, or an
            unknown name with the shipped names), or a file cannot be read.

    Example:
        >>> resolve_query("ASK { ?s ?p ?o }")[1]["path"]
        '<query text>'
        >>> resolve_query("who_attacked_whom")[1]["title"]
        'Who attacked whom'
    """
    if arg == "-":
        text, where = (stdin.read() if stdin is not None else ""), "<stdin>"
        if not text.strip():
            raise QueryError("<stdin>: no query text on standard input")
    elif _NAME.match(arg) and (_queries_dir() / f"{arg}.rq").is_file():
        return load_query(arg)
    elif Path(arg).is_file():
        return load_query(Path(arg))
    elif any(c.isspace() for c in arg) or "{" in arg:
        text, where = arg, "<query text>"
    elif arg.endswith(".rq") or "/" in arg or os.sep in arg:
        raise QueryError(f"{arg}: no such file or directory")
    else:
        names = ", ".join(n for n, _ in list_queries())
        raise QueryError(
            f"{arg!r} is no shipped query, no file and no SPARQL text (shipped: {names})"
        )
    meta = {"name": "", "path": where, "title": "", "description": ""}
    meta.update(_meta(text))
    meta["params"] = ", ".join(query_params(text))
    return text, meta


def run_query(
    graph: rdflib.Graph,
    query: str,
    bindings: dict[str, rdflib.term.Node] | None = None,
) -> tuple[list[str], list[Row]]:
    """Run a SELECT query on ``graph`` with ``initBindings``; every row in a list.

    Args:
        graph: the graph to query.
        query: SPARQL text, or a query name / ``.rq`` path (anything without ``{``), which
            goes through :func:`load_query`.
        bindings: variable name (without ``?``) → RDF term (or a string typed by the
            query's ``# param:`` header), bound before evaluation. A query with a header
            accepts only the parameters it declares.

    Returns:
        ``(columns, rows)``: variable names and tuples of RDF terms (None when unbound).
        :func:`iter_query` gives the rows one at a time instead.

    Raises:
        QueryError: the query cannot be loaded or parsed, is not a SELECT, or is given a
            parameter it does not declare.

    Example:
        >>> g = rdflib.Graph()
        >>> run_query(g, "SELECT ?x WHERE { }", {"x": rdflib.Literal(1)})
        (['x'], [(rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')),)])
    """
    columns, rows = iter_query(graph, query, bindings)
    return columns, list(rows)


def iter_query(
    graph: rdflib.Graph,
    query: str,
    bindings: dict[str, rdflib.term.Node] | None = None,
) -> tuple[list[str], Iterator[Row]]:
    """:func:`run_query`, with the rows yielded as rdflib's evaluation makes them.

    No row is kept once it is yielded (rdflib's ``Result`` would keep them all); a query
    that sorts or groups still gathers its solutions inside rdflib first. A failure while
    the rows are made is raised as :class:`QueryError` from the iterator.
    """
    if "{" in query:
        text, where = query, "<query text>"
        _check_syntax(text, where)
    else:
        text, meta = load_query(query)
        where = meta["path"]
    if _meta(text).get("title") or query_params(text):
        bindings = bind_params(text, dict(bindings or {}), where=where)
    init = {rdflib.Variable(k.lstrip("?$")): v for k, v in (bindings or {}).items()}
    try:  # Graph.query, without the Result that keeps every solution it yields
        result = SPARQLProcessor(graph).query(text, init, dict(graph.namespaces()))
    except Exception as exc:
        raise QueryError(f"{where}: query failed: {_one_line(exc)}") from exc
    if result.get("type_") != "SELECT":
        raise QueryError(f"{where}: only SELECT queries give a table (got {result.get('type_')})")
    variables = list(result.get("vars_") or [])
    columns = [str(v) for v in variables]
    return columns, _rows(result["bindings"], variables, where)


def _rows(solutions: Iterable[Any], variables: list[rdflib.Variable], where: str) -> Iterator[Row]:
    try:
        for sol in solutions:
            if sol:  # rdflib's Result skips an empty binding too
                yield tuple(sol.get(v) for v in variables)
    except QueryError:
        raise
    except Exception as exc:
        raise QueryError(f"{where}: query failed: {_one_line(exc)}") from exc


def _lexical(term: rdflib.term.Node | None) -> str:
    return "" if term is None else str(term)


def _json_value(term: rdflib.term.Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, rdflib.Literal):
        value = term.toPython()
        if isinstance(value, (bool, int, float)):
            return value
    return str(term)


def format_table(columns: list[str], rows: Iterable[Row], fmt: str = "table") -> str:
    """Format a query result as an aligned text table, CSV or JSON (:func:`write_result`).

    Terms are shown by their lexical value (a label without its language tag, an IRI as
    is); unbound values are empty (``null`` in JSON, where numbers and booleans stay
    numbers).

    Example:
        >>> rows = [(rdflib.Literal("تركيا", lang="ar"), rdflib.Literal(3))]
        >>> print(format_table(["actor", "events"], rows))
        actor  events
        -----  ------
        تركيا  3
        >>> format_table(["actor", "events"], rows, fmt="json")
        '[{"actor": "تركيا", "events": 3}]'
    """
    buf = io.StringIO()
    write_result(columns, rows, buf, fmt)
    return buf.getvalue()


def write_result(
    columns: list[str],
    rows: Iterable[Row],
    out: TextIO,
    fmt: str = "table",
    *,
    limit: int | None = None,
) -> int:
    """Write a query result to ``out`` as the rows come (one of :data:`FORMATS`); the row count.

    ``limit``: write at most that many rows (and read no more from ``rows``). Only the
    ``table`` format holds rows back: the first :data:`TABLE_WIDTH_ROWS`, which fix the
    column widths (a longer cell further down widens its own line only). The text has no
    final line break after a table or JSON (CSV ends every line).
    """
    try:
        writer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r} ({', '.join(FORMATS)})") from None
    counted = _Counter(itertools.islice(rows, limit) if limit is not None else rows)
    writer(columns, counted, out)
    return counted.n


class _Counter:
    """An iterator over rows that counts what it yields."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self.rows = iter(rows)
        self.n = 0

    def __iter__(self) -> Iterator[Row]:
        return self

    def __next__(self) -> Row:
        row = next(self.rows)
        self.n += 1
        return row


def _write_table(columns: list[str], rows: Iterator[Row], out: TextIO) -> None:
    def cells(row: Row) -> list[str]:
        return [_lexical(t).replace("\n", " ") for t in row]

    first = [cells(row) for row in itertools.islice(rows, TABLE_WIDTH_ROWS)]
    widths = [len(c) for c in columns]
    for row in first:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(row: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()

    out.write(line(columns) + "\n" + "  ".join("-" * w for w in widths))
    for row in itertools.chain(first, map(cells, rows)):
        out.write("\n" + line(row))


def _write_csv(columns: list[str], rows: Iterator[Row], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_lexical(t) for t in row])


def _write_json(columns: list[str], rows: Iterator[Row], out: TextIO) -> None:
    out.write("[")
    for i, row in enumerate(rows):
        obj = {c: _json_value(t) for c, t in zip(columns, row, strict=True)}
        out.write((", " if i else "") + json.dumps(obj, ensure_ascii=False))
    out.write("]")


#: Output formats of a SELECT result: name → writer of ``(columns, rows, out)``.
FORMATS: dict[str, Callable[[list[str], Iterator[Row], TextIO], None]] = {
    "table": _write_table,
    "csv": _write_csv,
    "json": _write_json,
}


def list_queries() -> list[tuple[str, str]]:
    """The packaged queries as ``(name, title)``, sorted by name.

    Example:
        >>> ("who_attacked_whom", "Who attacked whom") in list_queries()
        True
    """
    out = []
    for entry in _queries_dir().iterdir():
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            out.append((entry.name[: -len(".rq")], _meta(text).get("title", "")))
    return sorted(out)


def query_dataframe(source: Any, name_or_text: str, **params: Any):
    """Run a SELECT query and return a ``pandas.DataFrame`` (pandas is imported here, lazily).

    ``source`` is an rdflib graph (rdflib's engine) or a :class:`~kg.graph.store.Store`
    (pyoxigraph's). Parameters are typed by the query's ``# param:`` header; values are plain
    Python: IRIs as strings, literals as their Python value, unbound as missing; the columns
    get pandas' nullable types (``convert_dtypes``: ``Int64``, ``Float64``, ``string`` …),
    dates stay ``datetime.date`` objects.

    Example:
        >>> df = query_dataframe(rdflib.Graph(), "events_at_place", since="2020-01-01")
        >>> list(df.columns)[:4], len(df)
        (['place', 'since', 'until', 'at'], 0)
    """
    import pandas as pd

    if isinstance(source, rdflib.Graph):
        columns, rows = run_query(source, name_or_text, params)
    else:  # a Store: the query text goes to pyoxigraph
        if "{" in name_or_text:
            text, where = name_or_text, "<query text>"
        else:
            text, meta = load_query(name_or_text)
            where = meta["path"]
        bindings = bind_params(text, params, where=where) if query_params(text) else params
        columns, rows = source.query(text, bindings or None)
    frame = pd.DataFrame(
        [[_py_value(t) for t in row] for row in rows], columns=columns, dtype=object
    )
    return frame.convert_dtypes()


def _py_value(term: rdflib.term.Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, rdflib.Literal):
        return term.toPython()
    return str(term)
