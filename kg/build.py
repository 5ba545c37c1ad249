"""The main job: articles → events → RDF store → actor network → HTML and reports.

The graph lives in an Oxigraph store (:mod:`kg.store`), one named graph per article, and a
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
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from kg import EXTRACTOR_VERSION
from kg.errors import KgError
from kg.ingest import content_hash, read_articles
from kg.network import actor_network, centrality, write_graphml
from kg.rdf.build import (
    REGISTRY_GRAPH,
    article_graph_iri,
    assign_event_iris,
    build_dataset,
    registry_graph,
)
from kg.registry import Registry, load_registry
from kg.report import write_report
from kg.store import Store, StoreError, open_store
from kg.types import Article, Event, Relation
from kg.viz import render_html

__all__ = ["BuildResult", "extract_articles", "build", "events_jsonl", "OUTPUT_FILES"]

log = logging.getLogger(__name__)

OUTPUT_FILES = ("graph.ttl", "events.jsonl", "actors.graphml", "network.html", "report.md")

_KGR_ID = "https://w3id.org/conflict-kg/id/"
_ENTITIES = (
    "SELECT DISTINCT ?g ?x WHERE { GRAPH ?g { { ?x ?p ?o } UNION { ?s ?p ?x } } "
    'FILTER(isIRI(?x) && STRSTARTS(STR(?x), "' + _KGR_ID + '")) }'
)


@dataclass(frozen=True)
class BuildResult:
    """What a build produced.

    ``articles``, ``events``, ``relations`` and ``triples`` count the whole graph after the
    build; ``extracted``, ``unchanged`` and ``removed`` count this run's work.
    """

    out: Path
    articles: int
    events: int
    relations: int
    triples: int
    files: tuple[Path, ...]
    extracted: int = 0
    unchanged: int = 0
    removed: int = 0
    store: Path | None = None
    removed_ids: tuple[str, ...] = field(default=())


def extract_articles(
    articles: Sequence[Article], *, n_process: int = 1
) -> tuple[list[Event], list[Relation]]:
    """Run the NLP pipeline over ``articles``; events and relations in article order.

    ``n_process > 1`` splits the articles over worker processes (each loads the pipeline
    once); the result is identical to a single-process run.
    """
    if n_process > 1 and len(articles) > 1:
        import concurrent.futures as cf
        import multiprocessing as mp

        chunks = [list(articles[i::n_process]) for i in range(n_process)]
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with cf.ProcessPoolExecutor(max_workers=n_process, mp_context=ctx) as pool:
            parts = list(pool.map(_extract_chunk, chunks))
        by_article: dict[str, tuple[list[Event], list[Relation]]] = {}
        for part in parts:
            by_article.update(part)
        events = [e for a in articles for e in by_article[a.id][0]]
        relations = [r for a in articles for r in by_article[a.id][1]]
        return events, relations
    result = _extract_chunk(list(articles))
    events = [e for a in articles for e in result[a.id][0]]
    relations = [r for a in articles for r in result[a.id][1]]
    return events, relations


def _extract_chunk(articles: list[Article]) -> dict[str, tuple[list[Event], list[Relation]]]:
    """Events and relations per article id (runs in a worker process when parallel)."""
    from kg.nlp.pipeline import make_nlp

    nlp = make_nlp()

    def docs() -> Iterable:
        for art in articles:
            doc = nlp.make_doc(art.text)
            doc.user_data["article_id"] = art.id
            doc.user_data["pub_date"] = art.date
            yield doc

    out: dict[str, tuple[list[Event], list[Relation]]] = {}
    for art, doc in zip(articles, nlp.pipe(docs()), strict=True):
        out[art.id] = (list(doc._.events), list(doc._.relations))
    return out


def events_jsonl(
    events: Sequence[Event], articles: Sequence[Article], *, registry: Registry | None = None
) -> str:
    """One JSON object per event (see the README for the fields); ``id`` is the merged event."""
    iris = assign_event_iris(events, articles, registry=registry)
    lines = [
        json.dumps(ev.to_json(str(iri)), ensure_ascii=False)
        for ev, iri in zip(events, iris, strict=True)
    ]
    return "".join(line + "\n" for line in lines)


def fingerprint(article: Article) -> str:
    """What decides that a stored article is unchanged: its text, metadata and extractor."""
    parts = (
        content_hash(article.text),
        article.id,
        article.lang,
        article.title or "",
        article.date.isoformat() if article.date else "",
        article.url or "",
        article.source or "",
        EXTRACTOR_VERSION,
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


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
) -> BuildResult:
    """Add the articles under ``inputs`` to the graph in ``store`` and write ``out``.

    Args:
        inputs: files or directories of articles (may be empty when only removing).
        out: the output directory (graph.ttl, events.jsonl, actors.graphml, network.html,
            report.md), rewritten for the whole store.
        date: publication date for articles that carry none.
        n_process: worker processes for extraction (same output as one process).
        store: a store directory (created if missing), an open :class:`kg.store.Store`, or
            None for a store in memory.
        remove: article ids to drop from the store.
        rebuild: extract every input article again, even unchanged ones.

    Raises:
        InputError: an input cannot be read (nothing is changed).
        StoreError: the store is in use or unreadable, or ``remove`` names an article that
            is not in it (nothing is changed).
    """
    out = Path(out)
    articles = read_articles(inputs, default_date=date) if inputs else []
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
                and cache.get("fingerprint") == fingerprint(art)
            )
            if same:
                unchanged.append(art)
                continue
            todo.append(art)
            drop.update(x for x in by_id.get(art.id, []) if x != g)  # its older versions
        events, relations = extract_articles(todo, n_process=n_process) if todo else ([], [])
        dataset = build_dataset(todo, events, relations, registry=registry)
        extraction = _extraction(todo, events, relations, registry)
        kept = [g for g in stored if g not in drop]
        _set_registry_graph(dataset, st, kept, registry)
        with st.stage(dataset, drop=drop, extraction=extraction) as pending:
            graph = pending.union_graph()
            caches = {**{g: cached[g] for g in kept if cached.get(g)}, **extraction}
            order = {a.id: i for i, a in enumerate(articles)}
            entries = sorted(
                caches.values(), key=lambda c: (order.get(c["article"], len(order)), c["article"])
            )
            event_dicts = [ev for c in entries for ev in c["events"]]
            n_relations = sum(c["relations"] for c in entries)
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
            try:
                written = _write_outputs(tmp, graph, event_dicts)
                pending.commit()
                out.mkdir(parents=True, exist_ok=True)
                for name in written:
                    os.replace(tmp / name, out / name)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        st.flush()
        n_articles = len(st.articles())
    log.info("built %s: %d articles, %d events", out, n_articles, len(event_dicts))
    return BuildResult(
        out=out,
        articles=n_articles,
        events=len(event_dicts),
        relations=n_relations,
        triples=len(graph),
        files=tuple(out / n for n in OUTPUT_FILES),
        extracted=len(todo),
        unchanged=len(unchanged),
        removed=len(remove),
        store=st.path,
        removed_ids=tuple(remove),
    )


def _extraction(
    articles: Sequence[Article],
    events: Sequence[Event],
    relations: Sequence[Relation],
    registry: Registry,
) -> dict[str, dict]:
    """Per article graph: the fingerprint, events.jsonl objects and relation count."""
    out = {}
    for art in articles:
        evs = [ev for ev in events if ev.article == art.id]
        lines = events_jsonl(evs, [art], registry=registry).splitlines()
        out[str(article_graph_iri(art))] = {
            "article": art.id,
            "fingerprint": fingerprint(art),
            "events": [json.loads(line) for line in lines],
            "relations": sum(1 for r in relations if r.article == art.id),
        }
    return out


def _set_registry_graph(dataset, store: Store, kept: Sequence[str], registry: Registry) -> None:
    """Make the dataset's registry graph cover the articles kept in the store too.

    :func:`kg.rdf.build.build_dataset` puts into the registry graph the entries that its own
    articles use; in an incremental build the store's other articles use entries as well.
    """
    used = set()
    kept_set = set(kept) - {str(REGISTRY_GRAPH)}
    for sol in store.inner.query(_ENTITIES):
        if sol["g"].value in kept_set and sol["x"].value in registry.entries:
            used.add(sol["x"].value)
    for g in dataset.graphs():
        if g.identifier == REGISTRY_GRAPH:
            continue
        for s, _, o in g:
            used.update(
                str(t) for t in (s, o) if isinstance(t, URIRef) and str(t) in registry.entries
            )
    dataset.remove_graph(REGISTRY_GRAPH)
    reg = dataset.graph(REGISTRY_GRAPH)
    reg += registry_graph(used, registry)


def _write_outputs(tmp: Path, graph: Graph, event_dicts: Sequence[dict]) -> list[str]:
    graph.serialize(destination=tmp / "graph.ttl", format="turtle", encoding="utf-8")
    text = "".join(json.dumps(ev, ensure_ascii=False) + "\n" for ev in event_dicts)
    (tmp / "events.jsonl").write_text(text, encoding="utf-8")
    mdg = actor_network(graph)
    write_graphml(mdg, tmp / "actors.graphml")
    scores = centrality(mdg)
    render_html(mdg, tmp / "network.html", title="Actor network", scores=scores)
    write_report(list(event_dicts), mdg, tmp / "report.md")
    return list(OUTPUT_FILES)
