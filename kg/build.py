"""The main job: articles → events → RDF store → actor network → HTML and reports.

The graph lives in an Oxigraph store (:mod:`kg.graph.store`), one named graph per article, and a
build is incremental: an article already in the store with the same text, metadata and
extractor version is not extracted again, a changed article replaces its graph, and
``remove`` drops articles. ``store=None`` uses a store in memory (a full build every time).

The files in ``out`` describe the whole store after the build (every article in it, not
only this run's inputs): ``graph.ttl`` is the union of the article graphs, ``events.jsonl``
every event (from the store's extraction cache for unchanged articles), and the network and
report are computed from them.

Nothing is changed before every input is read and checked. The new article graphs are
staged in the store (invisible to queries), the outputs are written into a temporary
directory beside ``out`` from the staged state, then the store update is committed in one
transaction and the files are moved into place one by one. A failure before the commit
leaves both the store and ``out`` as they were.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDFS, Dataset, Literal

from kg.batch import extract_articles, iter_graphs
from kg.errors import InputError, KgError
from kg.events.jsonl import parse_events
from kg.fileio import jsonl_line, remove_stale, temp_prefix
from kg.graph.article import fingerprint
from kg.graph.rdf import (
    LABELS_GRAPH,
    REGISTRY_GRAPH,
    article_graph_iri,
    is_minted,
    label_rows,
    registry_graph,
)
from kg.graph.store import PendingUpdate, Store, StoreError, open_store
from kg.ingest import ReadResult, Rejected, scan_articles
from kg.network import actor_network, centrality
from kg.progress import steps
from kg.registry import Registry, load_registry
from kg.render.exports import write_graphml
from kg.render.html import render_html
from kg.render.markdown import write_report
from kg.types import Article
from kg.vocab import KGR

__all__ = ["BuildResult", "extract_articles", "build", "fingerprint", "OUTPUT_FILES"]

log = logging.getLogger(__name__)

OUTPUT_FILES = ("graph.ttl", "events.jsonl", "actors.graphml", "network.html", "report.md")
#: Written beside the outputs when some input records were skipped (one JSON object each).
REJECTED_FILE = "rejected.jsonl"
#: How many skipped records and warnings are named on the terminal (all are in the file).
SHOWN = 10

_ENTITIES = (
    "SELECT DISTINCT ?g ?x WHERE { GRAPH ?g { { ?x ?p ?o } UNION { ?s ?p ?x } } "
    'FILTER(isIRI(?x) && STRSTARTS(STR(?x), "' + str(KGR) + '")) }'
)

# The spellings of minted entities, per graph (kg.graph.rdf.label_rows picks the prefLabel).
_SPELLINGS = (
    f"SELECT ?g ?x ?l WHERE {{ GRAPH ?g {{ ?x <{RDFS.label}> ?l }} "
    f'FILTER(STRSTARTS(STR(?x), "{KGR}actor/x-") || STRSTARTS(STR(?x), "{KGR}place/x-")) }}'
)


@dataclass(frozen=True)
class BuildResult:
    """What a build produced.

    ``articles``, ``events``, ``relations`` and ``triples`` count the whole graph after the
    build (``triples`` is None when no outputs were written: the union was not made);
    ``extracted``, ``unchanged`` and ``removed`` count this run's work.
    """

    out: Path
    articles: int
    events: int
    relations: int
    triples: int | None
    files: tuple[Path, ...]
    extracted: int = 0
    unchanged: int = 0
    removed: int = 0
    store: Path | None = None
    removed_ids: tuple[str, ...] = field(default=())
    rejected: tuple[Rejected, ...] = field(default=())


@contextlib.contextmanager
def _opened(store: Store | str | os.PathLike | None) -> Iterator[Store]:
    if isinstance(store, Store):
        yield store
        return
    st = open_store(store)
    try:
        yield st
    finally:
        st.close()


def build(
    inputs: Sequence[str | os.PathLike],
    out: str | os.PathLike,
    *,
    date: dt.date | None = None,
    store: Store | str | os.PathLike | None = None,
    remove: Sequence[str] = (),
    rebuild: bool = False,
    n_process: int = 1,
    strict: bool = False,
    dask: str | None = None,
    outputs: bool = True,
) -> BuildResult:
    """Add the articles under ``inputs`` to the graph in ``store`` and write ``out``.

    Every input record is read and checked first. A record that cannot be read (a .txt file
    or a .jsonl line: malformed, a field of the wrong type, a repeated id …) is skipped and
    logged as ``file:line: problem``, and all of them are written to ``out/rejected.jsonl``
    (``BuildResult.rejected``); ``strict=True`` makes any bad record fatal instead.

    Args:
        inputs: files or directories of articles (may be empty when only removing).
        out: the output directory (graph.ttl, events.jsonl, actors.graphml, network.html,
            report.md), rewritten for the whole store.
        date: publication date for articles that carry none.
        n_process: worker processes for extraction (same output as one process).
        dask: the address of a Dask scheduler whose workers extract instead (same output).
        outputs: write the files of ``out``; False updates the store only (the files in
            ``out`` stay as they were, and ``rejected.jsonl`` is still written), for adding
            a few articles to a large store fast; a build without inputs writes them later.
        store: a store directory (created if missing), an open :class:`kg.graph.store.Store`, or
            None for a store in memory.
        remove: article ids to drop from the store.
        rebuild: extract every input article again, even unchanged ones.
        strict: fail on the first bad record instead of skipping it.

    Raises:
        InputError: an input path is missing, a record is bad and ``strict`` is set, or no
            input record can be read at all (nothing is changed).
        StoreError: the store is in use or unreadable, or ``remove`` names an article that
            is not in it (nothing is changed).
    """
    out = Path(out)
    read = _read_inputs(inputs, date, strict=strict, removing=bool(remove))
    articles = read.articles
    registry = load_registry()
    with _opened(store) as st:
        stored = st.articles()
        cached = {g: st.extraction(g) for g in stored}
        by_id: dict[str, list[str]] = {}
        for g, rec in stored.items():
            by_id.setdefault(rec.id or "", []).append(g)
        missing = [a for a in remove if a not in by_id]
        if missing:
            known = ", ".join(sorted(i for i in by_id if i)) or "none"
            raise StoreError(f"cannot remove {', '.join(missing)}: not in the store (has: {known})")
        input_ids = {a.id for a in articles}
        clash = sorted(set(remove) & input_ids)
        if clash:
            raise KgError(f"article {clash[0]} is both an input and --remove'd")
        drop = {g for a in remove for g in by_id[a]}
        todo: list[Article] = []
        unchanged: list[Article] = []
        for art in articles:
            g = str(article_graph_iri(art))
            cache = cached.get(g)
            same = (
                not rebuild
                and g in stored
                and cache is not None
                and cache.get("fingerprint") == fingerprint(art, registry)
            )
            if same:
                unchanged.append(art)
                continue
            todo.append(art)
            drop.update(x for x in by_id.get(art.id, []) if x != g)  # its older versions
        with st.stage(drop=drop) as pending:
            # each article's graph and cache, made where it is extracted (kg.graph.article);
            # into an empty store written as they come, while the workers extract the rest
            extraction: dict[str, dict] = {}
            parts = iter_graphs(todo, registry=registry, n_process=n_process, dask=dask)
            with contextlib.closing(parts):  # a failure below stops the workers
                for part in parts:
                    made = {m.graph: m.cache for m in part}
                    pending.add({m.graph: m.ntriples for m in part}, made)
                    extraction.update(made)
            uses = _graph_uses(extraction)
            dataset = Dataset(default_union=True)  # the registry and labels graphs (below)
            replaced = {str(article_graph_iri(a)) for a in todo}  # their stored copies are old
            kept = [g for g in stored if g not in drop and g not in replaced]
            _set_registry_graph(dataset, st, kept, registry, cached, uses)
            labels = _labels_graph(st, stored, kept, cached, uses)
            pending.load(dataset, extra={str(LABELS_GRAPH): labels})
            del dataset, labels  # staged
            caches = {**{g: cached[g] for g in kept if cached.get(g)}, **extraction}
            order = {a.id: i for i, a in enumerate(articles)}
            entries = sorted(
                caches.values(), key=lambda c: (order.get(c["article"], len(order)), c["article"])
            )
            event_dicts = [ev for c in entries for ev in c["events"]]
            n_relations = sum(c["relations"] for c in entries)
            out.parent.mkdir(parents=True, exist_ok=True)
            # temporaries of builds killed mid-write: this output folder's, and its files'
            remove_stale(out.parent, names=[out.name])
            remove_stale(out, names=[*OUTPUT_FILES, REJECTED_FILE])
            tmp = Path(tempfile.mkdtemp(prefix=temp_prefix(out.name), dir=out.parent))
            try:
                written, n_triples = (
                    _write_outputs(tmp, pending, event_dicts, fork=n_process > 1)
                    if outputs
                    else ([], None)
                )
                if read.rejected:
                    _write_rejected(tmp / REJECTED_FILE, read.rejected)
                    written.append(REJECTED_FILE)
                pending.commit()
                out.mkdir(parents=True, exist_ok=True)
                for name in written:
                    os.replace(tmp / name, out / name)
                if not read.rejected:
                    (out / REJECTED_FILE).unlink(missing_ok=True)  # a past run's, now stale
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        st.flush()
        n_articles = len(kept) + len(replaced)  # the article graphs now in the store
    log.info("built %s: %d articles, %d events", out, n_articles, len(event_dicts))
    return BuildResult(
        out=out,
        articles=n_articles,
        events=len(event_dicts),
        relations=n_relations,
        triples=n_triples,
        files=tuple(out / n for n in written),
        extracted=len(todo),
        unchanged=len(unchanged),
        removed=len(remove),
        store=st.path,
        removed_ids=tuple(remove),
        rejected=tuple(read.rejected),
    )


def _read_inputs(
    inputs: Sequence[str | os.PathLike], date: dt.date | None, *, strict: bool, removing: bool
) -> ReadResult:
    """Every input record read and checked; bad ones logged (or fatal when ``strict``)."""
    read = scan_articles(inputs, default_date=date) if inputs else ReadResult()
    bad = read.rejected
    if bad and strict:
        raise InputError(f"{bad[0].message()} ({len(bad)} bad record(s); --strict stops on any)")
    if bad and not read.articles and not removing:
        raise InputError(f"no article could be read ({len(bad)} bad record(s)): {bad[0].message()}")
    for line in [f"skipped {r.message()}" for r in bad[:SHOWN]] + read.warnings[:SHOWN]:
        log.warning("warning: %s", line)
    if len(bad) > SHOWN:
        log.warning("warning: … and %d more skipped record(s)", len(bad) - SHOWN)
    if len(read.warnings) > SHOWN:
        log.warning("warning: … and %d more warning(s)", len(read.warnings) - SHOWN)
    return read


def _write_rejected(path: Path, rejected: Sequence[Rejected]) -> None:
    text = "".join(jsonl_line(r.to_json()) for r in rejected)
    path.write_text(text, encoding="utf-8")


@dataclass
class GraphUses:
    """Per new article graph: the registry entries it uses and its minted spellings."""

    registry: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    spellings: dict[str, list[list]] = field(default_factory=lambda: defaultdict(list))


def _graph_uses(extraction: dict[str, dict]) -> GraphUses:
    """The registry entries and minted spellings of the new article graphs, from their caches."""
    uses = GraphUses()
    for g, cache in extraction.items():
        if cache["registry"]:
            uses.registry[g] = set(cache["registry"])
        if cache["spellings"]:
            uses.spellings[g] = cache["spellings"]
    return uses


def _cached_uses(graphs: Sequence[str], cached: dict, key: str) -> list | None:
    """The ``key`` cache of every article graph, or None when one lacks it (an older store)."""
    out = []
    for g in graphs:
        cache = cached.get(g)
        if not cache or key not in cache:
            return None
        out.append(cache[key])
    return out


def _set_registry_graph(
    dataset, store: Store, kept: Sequence[str], registry: Registry, cached: dict, uses: GraphUses
) -> None:
    """Put into the dataset the registry graph of every article graph after this build.

    The new article graphs' entries come with their caches (``uses``); in an incremental
    build the store's other articles use entries as well: read from their extraction caches,
    or (a store built before they held them) from the article graphs themselves.
    """
    used = set().union(*uses.registry.values())
    from_cache = _cached_uses(kept, cached, "registry")
    if from_cache is not None:
        used.update(iri for iris in from_cache for iri in iris if iri in registry.entries)
    else:
        kept_set = set(kept) - {str(REGISTRY_GRAPH)}
        for sol in store.inner.query(_ENTITIES):
            if sol["g"].value in kept_set and sol["x"].value in registry.entries:
                used.add(sol["x"].value)
    dataset.remove_graph(REGISTRY_GRAPH)
    reg = dataset.graph(REGISTRY_GRAPH)
    reg += registry_graph(used, registry)


def _labels_graph(
    store: Store, stored: Sequence[str], kept: Sequence[str], cached: dict, uses: GraphUses
) -> list[ox.Triple | ox.Quad]:
    """The labels graph from the spellings of every article graph after this build.

    :func:`kg.graph.rdf.label_rows` picks each minted entity's prefLabel from the spellings
    (``rdfs:label``) of all the article graphs that mention it, so the kept graphs in the store
    count as much as this run's: an incremental build gives the labels of a clean build. The
    triples are pyoxigraph's, made without rdflib (its graph and copy took 2 s at 10k articles).

    When every stored article graph's extraction cache holds its spellings, only the entities
    this build adds, replaces or drops a spelling of are recomputed, from the caches; the
    stored labels of the others stay as they are (labels are per entity) and are returned as
    they are read. Else every label is recomputed from the store's article graphs.
    """
    new = [
        (g, x, Literal(t, lang=lang)) for g, rows in uses.spellings.items() for x, t, lang in rows
    ]
    articles = list(stored)  # article graphs only (Store.articles)
    from_cache = _cached_uses(articles, cached, "spellings")
    if from_cache is None:
        return _labels_from_store(store, kept, new)
    kept_set = set(kept)
    affected = {x for _, x, _ in new}
    for g, rows in zip(articles, from_cache, strict=True):
        if g not in kept_set:  # dropped or replaced: its entities may change label
            affected.update(x for x, _, _ in rows)
    spellings = list(new)
    for g, rows in zip(articles, from_cache, strict=True):
        if g in kept_set:
            spellings.extend((g, x, Literal(t, lang=lang)) for x, t, lang in rows if x in affected)
    stored_labels = store.inner.quads_for_pattern(None, None, None, ox.NamedNode(str(LABELS_GRAPH)))
    return [*_label_triples(spellings), *(q for q in stored_labels if q.subject.value not in affected)]  # fmt: skip


def _labels_from_store(store: Store, kept: Sequence[str], new: list) -> list[ox.Triple]:
    """The labels graph from every kept article graph's spellings, read from the store."""
    kept_set = set(kept) - {str(REGISTRY_GRAPH), str(LABELS_GRAPH)}
    spellings = list(new)
    for sol in store.inner.query(_SPELLINGS):
        g = sol["g"].value
        if g in kept_set and is_minted(sol["x"].value):
            lit = sol["l"]
            spellings.append((g, sol["x"].value, Literal(lit.value, lang=lit.language)))
    return _label_triples(spellings)


def _label_triples(spellings: list) -> list[ox.Triple]:
    """The labels graph (:func:`kg.graph.rdf.label_rows`) as pyoxigraph triples, not rdflib's."""
    return [
        ox.Triple(ox.NamedNode(x), ox.NamedNode(p), ox.Literal(text, language=lang or None))
        for x, p, text, lang in label_rows(spellings)
    ]


def _write_outputs(
    tmp: Path, pending: PendingUpdate, event_dicts: Sequence[dict], *, fork: bool = False
) -> tuple[list[str], int]:
    """Write the outputs for the store as it will be once ``pending`` is committed.

    ``fork``: write graph.ttl in a forked process meanwhile (``-j N``: after extraction a
    core is free, and pyoxigraph's writer holds the GIL, so a thread would not run beside).
    Returns the file names and the number of triples in the union.
    """
    with steps(6, "writing outputs") as bar, _turtle_writer(pending, tmp / "graph.ttl", fork) as turtle:  # fmt: skip
        bar.step("graph.ttl")
        bar.step("events.jsonl")
        text = "".join(jsonl_line(ev) for ev in event_dicts)
        (tmp / "events.jsonl").write_text(text, encoding="utf-8")
        bar.step("actors.graphml")
        mdg = actor_network(pending)
        write_graphml(mdg, tmp / "actors.graphml")
        bar.step("network.html")
        scores = centrality(mdg)
        render_html(mdg, tmp / "network.html", title="Actor network", scores=scores)
        bar.step("report.md")
        write_report(parse_events(event_dicts), mdg, tmp / "report.md", scores=scores)
        bar.step("done")
        n_triples = turtle()
    return list(OUTPUT_FILES), n_triples


@contextlib.contextmanager
def _turtle_writer(pending: PendingUpdate, path: Path, fork: bool) -> Iterator[Callable[[], int]]:
    """Write ``path`` (:meth:`PendingUpdate.write_turtle`) now, or in a forked process.

    Yields a function that waits for the file and returns its triple count. Leaving the
    block on an error stops the process first, so nothing writes into the folder after.

    Raises:
        StoreError: the forked process failed (its one-line message).
    """
    import multiprocessing as mp

    if not fork or "fork" not in mp.get_all_start_methods():
        n = pending.write_turtle(path)
        yield lambda: n
        return
    pending.view()  # the union, made once here: the process inherits it
    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_turtle_process, args=(pending, path, send), daemon=True)
    proc.start()
    send.close()

    def wait() -> int:
        try:
            answer = receive.recv()  # the triple count, or the error
        except EOFError:  # it died without a word (killed)
            answer = "the writer stopped without an answer"
        proc.join()
        if proc.exitcode != 0 and not isinstance(answer, str):
            answer = f"the writer exited with {proc.exitcode}"
        if isinstance(answer, str):
            raise StoreError(f"{path.name}: {answer}")
        return answer

    try:
        yield wait
    finally:
        if proc.is_alive():  # left on an error: stop it before the folder is removed
            proc.kill()
        proc.join()
        receive.close()


def _turtle_process(pending: PendingUpdate, path: Path, send) -> None:
    """In the forked process: write graph.ttl, then send its triple count (or the error, one line)."""
    try:
        send.send(pending.write_turtle(path))
    except BaseException as exc:  # reported by the building process
        send.send(f"{type(exc).__name__}: {' '.join(str(exc).split())}")
