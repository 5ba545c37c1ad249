"""The ``kg`` command line: thin wrappers that turn library calls and errors into terminal output."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sys
from pathlib import Path

import click

from kg import __version__
from kg.cli.options import existing, folder_out, output, say, store_option
from kg.errors import KgError

__all__ = ["main", "EXIT_SKIPPED"]

#: ``kg build`` exit status when it built the graph but skipped some bad input records.
EXIT_SKIPPED = 3


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


#: Exit status of an unexpected error (sysexits.h EX_SOFTWARE); 1 is a KgError, 2 bad usage.
EXIT_INTERNAL = 70
#: Exit status after Ctrl-C (128 + SIGINT, as a shell reports it).
EXIT_INTERRUPTED = 130


def _date_prefix(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Click callback: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, a real date (kept as given)."""
    if value is None:
        return None
    full = {4: "-01-01", 7: "-01"}.get(len(value), "")
    try:
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            raise ValueError(value)
        dt.date.fromisoformat(value + full)
    except ValueError:
        raise click.BadParameter(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}") from None
    return value


class _Group(click.Group):
    """Turn every error into one line on stderr: never a traceback, unless KG_DEBUG is set.

    A :class:`KgError` (bad input, store, query …) prints ``kg: error: …`` and exits 1, and so
    does an :class:`OSError` that names a path (``kg: error: PATH: reason``). Any other
    exception is a bug: it prints ``kg: internal error: <Type>: <message>`` and exits
    :data:`EXIT_INTERNAL`; with ``KG_DEBUG=1`` it is re-raised (the full traceback). Ctrl-C
    exits :data:`EXIT_INTERRUPTED` quietly; a closed stdout (``kg queries | head -1``) is left
    to click, which exits 1 quietly.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"kg: error: {_one_line(exc)}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            sys.exit(EXIT_INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            if isinstance(exc, OSError) and exc.filename is not None:
                # a path the system refused (a file where a folder goes, no permission …)
                click.echo(f"kg: error: {exc.filename}: {exc.strerror or _one_line(exc)}", err=True)
                sys.exit(1)
            if os.environ.get("KG_DEBUG", "") not in ("", "0"):
                raise
            click.echo(
                f"kg: internal error: {type(exc).__name__}: {_one_line(exc)} "
                "(set KG_DEBUG=1 for the traceback)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="kg")
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Only warnings and errors: no summary lines, no progress bars.",
)
@click.pass_context
def main(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Build knowledge graphs of armed-conflict news (Arabic first).

    Progress bars are drawn on stderr when it is a terminal (not with -q).
    """
    if verbose and quiet:
        raise click.UsageError("-v/--verbose and -q/--quiet exclude each other")
    ctx.obj = {"quiet": quiet}
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    from kg.progress import configure

    configure(enabled=not quiet)


@main.command("build")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path), callback=existing)
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    callback=folder_out,
    default=Path("out"),
    show_default=True,
    help="Output directory.",
)
@click.option(
    "--store",
    "store",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Oxigraph store directory to update.  [default: OUT/store]",
)
@click.option("--no-store", is_flag=True, help="Keep the graph in memory only (a full build).")
@click.option(
    "--remove",
    multiple=True,
    metavar="ARTICLE_ID",
    help="Drop an article (by its id) from the store; repeatable.",
)
@click.option("--rebuild", is_flag=True, help="Extract every input again, even unchanged ones.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes for extraction (same output as one).",
)
@click.option(
    "--dask",
    metavar="ADDRESS",
    help="Extract on the workers of a Dask scheduler (tcp://host:8786; needs kg[dask]).",
)
@click.option(
    "--date",
    callback=_date,
    metavar="YYYY-MM-DD",
    help="Publication date for articles that carry none (resolves أمس, الاثنين الماضي …).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Stop on the first bad input record (default: skip it, list it in OUT/rejected.jsonl).",
)
@click.option(
    "--no-outputs",
    is_flag=True,
    help="Update the store only, not the files in OUT (kg build without INPUTS writes them).",
)
def build_cmd(
    inputs: tuple[Path, ...],
    out: Path,
    store: Path | None,
    no_store: bool,
    remove: tuple[str, ...],
    rebuild: bool,
    jobs: int,
    dask: str | None,
    date: dt.date | None,
    strict: bool,
    no_outputs: bool,
) -> None:
    """Extract events from articles (.txt/.jsonl files or directories) and write the graph.

    Adds the articles to the Oxigraph store (unchanged articles are skipped, changed ones
    replaced), then writes graph.ttl, events.jsonl, actors.graphml, network.html and
    report.md for the whole store into --out. --no-outputs updates the store only (fast
    for a few articles added to a large store); without INPUTS, kg build writes the files
    of the store as it is.

    Every record is checked before extraction starts. A bad one (a .txt file or a .jsonl
    line) is skipped and named as FILE:LINE: problem; all are written to OUT/rejected.jsonl
    and the exit status is 3. With --strict the first bad record stops the build.
    """
    from kg.build import build

    if no_store and (store is not None or remove or no_outputs):
        raise click.UsageError(
            "--no-store cannot be combined with --store, --remove or --no-outputs"
        )
    if not inputs and not remove and (no_store or no_outputs):
        raise click.UsageError("give INPUTS to add, or --remove ARTICLE_ID")
    target = None if no_store else (store if store is not None else out / "store")
    if not inputs and not remove and not target.is_dir():
        raise KgError(f"{target}: no such store (give INPUTS to build one)")
    result = build(
        inputs,
        out,
        date=date,
        store=target,
        remove=remove,
        rebuild=rebuild,
        n_process=jobs,
        strict=strict,
        dask=dask,
        outputs=not no_outputs,
    )
    written = (
        f"{result.triples} triples → {result.out}/"
        if result.triples is not None
        else "no outputs written"
    )
    say(
        f"{result.articles} article(s), {result.events} event(s), {result.relations} relation(s), "
        + written
    )
    if result.store is not None:
        say(
            f"  store {result.store}/: {result.extracted} extracted, {result.unchanged} "
            f"unchanged, {result.removed} removed"
        )
    for f in result.files:
        say(f"  {f}")
    if result.rejected:
        click.echo(
            f"kg: {len(result.rejected)} bad record(s) skipped, listed in "
            f"{result.out / 'rejected.jsonl'}",
            err=True,
        )
        sys.exit(EXIT_SKIPPED)


@main.command("validate")
@click.argument(
    "source", type=click.Path(path_type=Path), default=Path("out/store"), callback=existing
)
def validate_cmd(source: Path) -> None:
    """Check a graph (an RDF file or a store directory) against the SHACL shapes.

    Runs pySHACL with ontology/shapes.ttl and RDFS inference over ontology/kg.ttl; prints
    each violation (focus node, path, message) and exits with status 1 if there is any.
    """
    from kg.graph.store import load_graph
    from kg.graph.validate import validate

    graph = load_graph(source)
    violations = validate(graph)
    if not violations:
        say(f"{source}: conforms ({len(graph)} triples, 0 violations)")
        return
    click.echo(f"{source}: does not conform: {len(violations)} violation(s)")
    for v in violations:
        click.echo(f"  {v}")
    sys.exit(1)


@main.command("export")
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "trig", "nquads", "jsonld"]),
    default="trig",
    show_default=True,
    help="turtle: the union graph; trig, nquads, jsonld: one named graph per article.",
)
@click.option(
    "--out",
    "-o",
    "out_path",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    required=True,
    metavar="FILE|-",
    help="File to write (atomically); - is standard output.",
)
def export_cmd(store_path: Path, fmt: str, out_path: Path) -> None:
    """Write the store as Turtle, TriG, N-Quads or JSON-LD (compacted with kg's @context)."""
    from kg.graph.store import open_store

    with open_store(store_path, create=False) as store:
        with output(out_path) as out:
            store.export(out, fmt)
        n = len(store)
    if str(out_path) != "-":
        say(f"{n} triples ({fmt}) → {out_path}")


@main.command("queries")
def queries_cmd() -> None:
    """List the shipped SPARQL queries."""
    from kg.graph.query import list_queries

    for name, title in list_queries():
        click.echo(f"{name:28} {title}")


@main.command("evaluate")
@click.argument("gold", type=click.Path(path_type=Path), callback=existing)
@click.option(
    "--events",
    "events_path",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=existing,
    default=Path("out/events.jsonl"),
    show_default=True,
    help="events.jsonl written by `kg build`.",
)
@click.option(
    "--articles",
    "articles_dir",
    type=click.Path(file_okay=False, path_type=Path),
    callback=existing,
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


@main.command("analyze")
@click.option(
    "--graph",
    "-g",
    "source",
    type=click.Path(path_type=Path),
    callback=existing,
    default=Path("out"),
    show_default=True,
    help="A `kg build` output directory (its store), a store or a graph file.",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    callback=folder_out,
    default=Path("out/analysis"),
    show_default=True,
    help="Directory for metrics, GraphML/GEXF, analysis.md, plots and HTML.",
)
@click.option("--rollup", is_flag=True, help="Merge sub-units into their parent organisations.")
@click.option(
    "--ego", metavar="ACTOR", help="Only the ego network of ACTOR (IRI, registry ID or label)."
)
@click.option("--radius", type=int, default=1, show_default=True, help="Radius of the ego network.")
@click.option(
    "--since",
    metavar="DATE",
    callback=_date_prefix,
    help="Only events on or after DATE (YYYY[-MM[-DD]]).",
)
@click.option(
    "--until",
    metavar="DATE",
    callback=_date_prefix,
    help="Only events on or before DATE (YYYY[-MM[-DD]]).",
)
@click.option(
    "--seed", type=int, default=42, show_default=True, help="Random seed (communities, layout)."
)
def analyze_cmd(
    source: Path,
    out: Path,
    rollup: bool,
    ego: str | None,
    radius: int,
    since: str | None,
    until: str | None,
    seed: int,
) -> None:
    """Analyse the actor network: centrality, camps (signed balance), communities, plots."""
    import networkx as nx

    from kg.analyze import analyze

    try:
        result = analyze(
            source, out, rollup=rollup, ego=ego, radius=radius, since=since, until=until, seed=seed
        )
    except nx.NodeNotFound as exc:
        raise click.ClickException(str(exc)) from None
    say(
        f"{result.network.number_of_nodes()} actors, {len(result.camps)} camp(s), "
        f"frustration {result.frustration} → {result.out}/"
    )
    for f in result.files:
        say(f"  {f}")


# commands kept in their own modules register themselves on ``main`` when imported
from kg.cli import query as _query  # noqa: E402,F401
from kg.cli import serve as _serve  # noqa: E402,F401
from kg.cli import train as _train  # noqa: E402,F401
