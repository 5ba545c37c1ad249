"""SPARQL queries kept in ``kg/queries/*.rq`` files: load, run with bound parameters, print.

Each ``.rq`` file asks one question and starts with a comment header::

    # title: Who attacked whom
    # description: Number of ASSAULT events per actor → target pair …

Parameters are bound with ``initBindings`` (never by formatting the query text).

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
import json
import os
import re
from pathlib import Path
from typing import Any

import rdflib
from rdflib.plugins.sparql import prepareQuery

from kg.errors import QueryError

__all__ = ["load_query", "run_query", "format_table", "list_queries"]

_HEADER = re.compile(r"^#\s*(title|description)\s*:\s*(.*?)\s*$")


def _queries_dir():
    return importlib.resources.files("kg") / "queries"


def _meta(text: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _HEADER.match(stripped)
        if m:
            meta[m.group(1)] = m.group(2)
    return meta


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
            ``kg/queries/<name>.rq`` inside the package; anything with a path separator or an
            ``.rq`` suffix, or any ``os.PathLike``, is read as a file path.

    Returns:
        ``(text, meta)``: the query text and ``{"name", "path", "title", "description"}``
        (title and description from the header, ``""`` when missing).

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
            raise QueryError(f"{where}: no such query file") from exc
        names = ", ".join(n for n, _ in list_queries())
        raise QueryError(f"no shipped query named {raw!r} (known: {names})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{where}: cannot read query: {_one_line(exc)}") from exc
    _check_syntax(text, where)
    meta = {"name": name, "path": where, "title": "", "description": ""}
    meta.update(_meta(text))
    return text, meta


def run_query(
    graph: rdflib.Graph,
    query: str,
    bindings: dict[str, rdflib.term.Node] | None = None,
) -> tuple[list[str], list[tuple[rdflib.term.Node | None, ...]]]:
    """Run a SELECT query on ``graph`` with ``initBindings``.

    Args:
        graph: the graph to query.
        query: SPARQL text, or a query name / ``.rq`` path (anything without ``{``), which
            goes through :func:`load_query`.
        bindings: variable name (without ``?``) → RDF term, bound before evaluation.

    Returns:
        ``(columns, rows)``: variable names and tuples of RDF terms (None when unbound).

    Raises:
        QueryError: the query cannot be loaded or parsed, or is not a SELECT.

    Example:
        >>> g = rdflib.Graph()
        >>> run_query(g, "SELECT ?x WHERE { }", {"x": rdflib.Literal(1)})
        (['x'], [(rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')),)])
    """
    if "{" in query:
        text, where = query, "<query text>"
        _check_syntax(text, where)
    else:
        text, meta = load_query(query)
        where = meta["path"]
    init = {rdflib.Variable(k.lstrip("?$")): v for k, v in (bindings or {}).items()}
    try:
        result = graph.query(text, initBindings=init)
    except Exception as exc:
        raise QueryError(f"{where}: query failed: {_one_line(exc)}") from exc
    if result.type != "SELECT":
        raise QueryError(f"{where}: only SELECT queries give a table (got {result.type})")
    columns = [str(v) for v in result.vars or []]
    rows = [tuple(row) for row in result]
    return columns, rows


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


def format_table(
    columns: list[str],
    rows: list[tuple[rdflib.term.Node | None, ...]],
    fmt: str = "table",
) -> str:
    """Format a query result as an aligned text table, CSV or JSON.

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
    if fmt == "table":
        cells = [[_lexical(t).replace("\n", " ") for t in row] for row in rows]
        widths = [len(c) for c in columns]
        for row in cells:
            widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
            "  ".join("-" * w for w in widths),
        ]
        lines += [
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in cells
        ]
        return "\n".join(lines)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_lexical(t) for t in row] for row in rows)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps(
            [{c: _json_value(t) for c, t in zip(columns, row, strict=True)} for row in rows],
            ensure_ascii=False,
        )
    raise ValueError(f"unknown format {fmt!r} (table, csv or json)")


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
