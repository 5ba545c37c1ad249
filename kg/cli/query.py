"""``kg query``: any SPARQL query on a store or a graph file, in the W3C result formats."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import main
from kg.cli.options import existing, output

__all__ = ["query_cmd"]

_FORMATS = ("table", "json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml")


@main.command("query")
@click.argument("query")
@click.option(
    "--graph",
    "-g",
    "graph_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("out/graph.ttl"),
    show_default=True,
    help="Turtle graph to query (rdflib); not read when --store is given.",
)
@click.option(
    "--store",
    "store_path",
    type=click.Path(file_okay=False, path_type=Path),
    callback=existing,
    metavar="DIR",
    help="Query an Oxigraph store instead of --graph (fast).",
)
@click.option(
    "--param",
    "-p",
    multiple=True,
    metavar="KEY=VALUE",
    help="Bind ?KEY to VALUE (typed by a shipped query's `# param:` header; else an IRI "
    "if it looks like one, else a literal).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    help="SELECT/ASK: table, json, xml, csv, tsv (the W3C SPARQL results formats). "
    "CONSTRUCT/DESCRIBE: turtle, ntriples, jsonld, rdfxml.  [default: table or turtle, "
    "or as the --out suffix says: .srj .srx .csv .tsv .ttl .nt .jsonld .rdf]",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    metavar="N",
    help="Print at most N rows (or triples) and stop the query there.",
)
@click.option(
    "--out",
    "-o",
    "out_path",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default="-",
    show_default=True,
    metavar="FILE|-",
    help="Write the result to FILE (atomically); - is standard output.",
)
def query_cmd(
    query: str,
    graph_path: Path,
    store_path: Path | None,
    param: tuple[str, ...],
    fmt: str | None,
    limit: int | None,
    out_path: Path,
) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) and print its result.

    QUERY is, first match wins: - (the text on standard input); the name of a
    shipped query (`kg queries`); an existing file (a .rq file); else SPARQL text
    with a space or a { in it, e.g. 'SELECT * WHERE { ?s ?p ?o } LIMIT 3'.

    json, xml, csv and tsv are written by the engine's own serializer: pyoxigraph
    with --store (as the solutions come), rdflib with --graph. A table fixes its
    column widths on the first 1,000 rows.
    """
    from rdflib import Graph

    from kg.errors import QueryError
    from kg.graph.results import answer, format_for_suffix

    text, meta = _load(query)
    bindings = _bindings(text, meta, param)
    where = meta["path"]
    if store_path is not None:
        from kg.graph.store import open_store

        with open_store(store_path, create=False) as store:
            try:
                result = answer(store, text, bindings or None)
                try:
                    fmt = fmt or _guess(out_path, result.form, format_for_suffix)
                    result.check_format(fmt or result.default_format)
                    with output(out_path) as out:
                        result.write(out, fmt, limit=limit)
                finally:
                    result.close()  # the solutions hold the store (and its lock) until closed
            except QueryError as exc:
                raise QueryError(f"{where}: {exc}") from None
        return
    if not graph_path.is_file():
        raise QueryError(
            f"{graph_path}: no such file or directory (run `kg build` or give --store)"
        )
    graph = Graph()
    try:
        graph.parse(graph_path, format="turtle")
    except Exception as exc:  # rdflib raises many parser exception types
        raise QueryError(f"{graph_path}: cannot parse graph ({str(exc).splitlines()[0]})") from None
    try:
        result = answer(graph, text, bindings or None)
        fmt = fmt or _guess(out_path, result.form, format_for_suffix)
        result.check_format(fmt or result.default_format)
        with output(out_path) as out:
            result.write(out, fmt, limit=limit)
    except QueryError as exc:
        raise QueryError(f"{where}: {exc}") from None


def _load(query: str) -> tuple[str, dict[str, str]]:
    from kg.graph.query import resolve_query

    return resolve_query(query, click.get_text_stream("stdin") if query == "-" else sys.stdin)


def _guess(out_path: Path, form: str, format_for_suffix) -> str | None:
    if str(out_path) == "-":
        return None
    return format_for_suffix(out_path.suffix, form)


def _bindings(text: str, meta: dict[str, str], param: tuple[str, ...]) -> dict:
    from rdflib import Literal, URIRef

    from kg.errors import QueryError
    from kg.graph.query import bind_params, query_params

    raw = {}
    for item in param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise QueryError(f"--param {item!r}: expected KEY=VALUE")
        raw[key] = value
    if query_params(text) or meta.get("title"):
        # typed by the query's `# param:` header: IRIs, registry IDs (MISRATA), dates; a query
        # with a header takes only the parameters it declares
        return bind_params(text, raw, where=meta["path"])
    return {
        k.lstrip("?"): URIRef(v) if v.startswith(("http://", "https://", "urn:")) else Literal(v)
        for k, v in raw.items()
    }
