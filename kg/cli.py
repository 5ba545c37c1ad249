"""The ``kg`` command line: thin wrappers that turn library calls and errors into terminal output."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path

import click

from kg import __version__
from kg.errors import KgError

__all__ = ["main"]


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


class _Group(click.Group):
    """Turn every KgError into a one-line message and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="kg")
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
def main(verbose: bool) -> None:
    """Build knowledge graphs of armed-conflict news (Arabic first)."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")


@main.command("build")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Output directory.",
)
@click.option(
    "--date",
    callback=_date,
    metavar="YYYY-MM-DD",
    help="Publication date for articles that carry none (resolves أمس, الاثنين الماضي …).",
)
def build_cmd(inputs: tuple[Path, ...], out: Path, date: dt.date | None) -> None:
    """Extract events from articles (.txt/.jsonl files or directories) and write the graph.

    Writes graph.ttl, events.jsonl, actors.graphml, network.html and report.md into --out.
    """
    from kg.build import build

    result = build(inputs, out, date=date)
    click.echo(
        f"{result.articles} article(s), {result.events} event(s), {result.relations} relation(s), "
        f"{result.triples} triples → {result.out}/"
    )
    for f in result.files:
        click.echo(f"  {f}")


@main.command("query")
@click.argument("query")
@click.option(
    "--graph",
    "-g",
    "graph_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("out/graph.ttl"),
    show_default=True,
    help="Turtle graph to query.",
)
@click.option(
    "--param",
    "-p",
    multiple=True,
    metavar="KEY=VALUE",
    help="Bind ?KEY to VALUE (an IRI if it looks like one, else a literal).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
def query_cmd(query: str, graph_path: Path, param: tuple[str, ...], fmt: str) -> None:
    """Run a SPARQL query (a .rq file, or the name of a shipped query) and print the result.

    Shipped queries: see `kg queries`.
    """
    from rdflib import Graph, Literal, URIRef

    from kg.errors import QueryError
    from kg.query import format_table, load_query, run_query

    text, _ = load_query(query)
    bindings = {}
    for item in param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise QueryError(f"--param {item!r}: expected KEY=VALUE")
        bindings[key.lstrip("?")] = (
            URIRef(value) if value.startswith(("http://", "https://", "urn:")) else Literal(value)
        )
    graph = Graph()
    try:
        graph.parse(graph_path, format="turtle")
    except Exception as exc:  # rdflib raises many parser exception types
        raise QueryError(f"{graph_path}: cannot parse graph ({str(exc).splitlines()[0]})") from None
    columns, rows = run_query(graph, text, bindings or None)
    click.echo(format_table(columns, rows, fmt=fmt))


@main.command("queries")
def queries_cmd() -> None:
    """List the shipped SPARQL queries."""
    from kg.query import list_queries

    for name, title in list_queries():
        click.echo(f"{name:28} {title}")


@main.command("evaluate")
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--events",
    "events_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("out/events.jsonl"),
    show_default=True,
    help="events.jsonl written by `kg build`.",
)
@click.option(
    "--articles",
    "articles_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("seeds"),
    show_default=True,
    help="Directory holding the gold articles.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_cmd(gold: Path, events_path: Path, articles_dir: Path, as_json: bool) -> None:
    """Score extracted events against gold annotations (a .gold.json file or a directory)."""
    import json

    from kg.evaluate import load_events, load_gold, score

    result = score(load_gold(gold), load_events(events_path), articles_dir)
    click.echo(
        json.dumps(result.to_json(), ensure_ascii=False, indent=2) if as_json else result.to_text()
    )


if __name__ == "__main__":  # pragma: no cover
    main()
