"""Extraction of many articles: in this process, over worker processes, or on a Dask cluster.

``kg build -j N`` uses worker processes, ``kg build --dask ADDRESS`` the workers of a Dask
distributed cluster; the events are the same every way. A build asks for each article's
graph (:func:`extract_graphs`): the worker that extracts an article also makes its named
graph as N-Triples and its extraction cache (:mod:`kg.graph.article`; an article graph
depends on its article and the registry only), so the building process loads text instead
of building every article's graph in rdflib. Worker processes take chunks of a few dozen
articles as they free up, so one slow chunk does not leave the other workers idle.

On a cluster, the scheduler at ``ADDRESS`` hands partitions of articles to its workers; each
worker runs :func:`graph_partition` (or :func:`extract_partition` for events alone),
importable from the installed package, so a worker process loads each language pipeline
once and keeps it. Everything across articles (the registry and labels graphs, the store,
the outputs) runs in the building process, as in a local build, so the graph is the same as
without ``--dask`` (tested on a ``LocalCluster``).

Workers must run the same kg, models and registry as the building process:
:func:`extract_on_cluster` asks every worker for its extractor versions and registry digest
first and refuses a cluster that differs.
Start workers with one thread each (``dask worker ADDRESS --nthreads 1 --nworkers N``):
the pipelines are not thread-safe, so threads of one worker process take turns.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence

from kg.errors import KgError
from kg.graph.article import ArticleGraph, article_graph
from kg.lang import available, extractor_version, make_nlp, unavailable
from kg.nlp.extensions import article_docs
from kg.progress import progress
from kg.registry import Registry, load_registry
from kg.types import Article, Event, Relation

__all__ = [
    "ClusterError",
    "extract_articles",
    "extract_chunk",
    "extract_graphs",
    "iter_graphs",
    "graph_chunk",
    "graph_partition",
    "extract_on_cluster",
    "extract_partition",
    "worker_versions",
]

log = logging.getLogger(__name__)

#: Articles per task on a cluster: enough to amortize the scheduler, few enough to balance.
PARTITION = 100

_LOCK = threading.Lock()  # one extraction at a time per worker process
_REGISTRY: Registry | None = None  # a worker process's, for its article graphs


class ClusterError(KgError):
    """The Dask cluster cannot be reached, is not installed, or runs another kg."""


def extract_articles(
    articles: Sequence[Article], *, n_process: int = 1, dask: str | None = None
) -> tuple[list[Event], list[Relation]]:
    """Run each article's language pipeline over it; events and relations in article order.

    Articles in a language without a pack (:mod:`kg.lang`) give no events, with one warning
    per language naming it. ``n_process > 1`` splits the articles over worker processes
    (each loads its pipelines once); ``dask`` (a scheduler address) over the workers of a
    Dask cluster (:func:`extract_on_cluster`). The result is identical to a single-process run.
    """
    by_article = _dispatch(articles, n_process, dask, None)
    empty: tuple[list[Event], list[Relation]] = ([], [])
    events = [e for a in articles for e in by_article.get(a.id, empty)[0]]
    relations = [r for a in articles for r in by_article.get(a.id, empty)[1]]
    return events, relations


def extract_graphs(
    articles: Sequence[Article],
    *,
    registry: Registry | None = None,
    n_process: int = 1,
    dask: str | None = None,
) -> list[ArticleGraph]:
    """Each article's graph and extraction cache (:mod:`kg.graph.article`), in article order.

    Made where the article is extracted (in the worker processes or on the cluster, as for
    :func:`extract_articles`), so that the building process only loads their N-Triples. An
    article in a language without a pack gets the graph of its metadata alone.
    """
    parts = iter_graphs(articles, registry=registry, n_process=n_process, dask=dask)
    return [m for part in parts for m in part]


def iter_graphs(
    articles: Sequence[Article],
    *,
    registry: Registry | None = None,
    n_process: int = 1,
    dask: str | None = None,
) -> Iterator[list[ArticleGraph]]:
    """:func:`extract_graphs` in parts, in article order, each as soon as its articles are done.

    With worker processes a part is one chunk of articles, so the building process can store
    a part while the workers extract the next ones; in this process or on a cluster, one part.
    """
    registry = registry or load_registry()
    todo = _supported(articles)
    waiting = {a.id for a in todo}
    made: dict[str, ArticleGraph] = {}

    def take(done: Sequence[Article]) -> list[ArticleGraph]:  # no pack: its metadata alone
        return [made.pop(a.id, None) or article_graph(a, [], registry=registry) for a in done]

    i = 0
    for part in _parts(todo, n_process, dask, registry):
        made.update(part)
        start = i
        while i < len(articles) and (articles[i].id in made or articles[i].id not in waiting):
            i += 1
        yield take(articles[start:i])
    if i < len(articles):  # nothing to extract, or articles after the last extracted one
        yield take(articles[i:])


def _dispatch(
    articles: Sequence[Article], n_process: int, dask: str | None, registry: Registry | None
) -> dict:
    """Per article id: its events and relations, or (``registry`` given) its ArticleGraph."""
    out: dict = {}
    for part in _parts(_supported(articles), n_process, dask, registry):
        out.update(part)
    return out


def _supported(articles: Sequence[Article]) -> list[Article]:
    """The articles whose language has a pack; one warning per language for the others."""
    # whether a language can be extracted is asked once per language, not per article
    problems = {lang: unavailable(lang) for lang in {a.lang for a in articles}}
    _warn_unsupported(articles, problems)
    return [a for a in articles if problems[a.lang] is None]


def _parts(
    todo: list[Article], n_process: int, dask: str | None, registry: Registry | None
) -> Iterator[dict]:
    """The results of :func:`_dispatch` in parts, as they come (worker chunks in order)."""
    if not todo:
        return
    if dask is not None:
        yield extract_on_cluster(todo, dask, registry=registry)
    elif n_process > 1 and len(todo) > 1:
        import concurrent.futures as cf
        import multiprocessing as mp

        # chunks of a few dozen articles, handed out as the workers free up (balanced)
        size = max(1, min(PARTITION, -(-len(todo) // (4 * n_process))))
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with cf.ProcessPoolExecutor(
            max_workers=n_process, mp_context=ctx, initializer=_set_registry, initargs=(registry,)
        ) as pool:
            done = pool.map(_pool_chunk, chunks)
            try:
                yield from progress(done, total=len(chunks), desc="extracting (workers)")
            except BaseException:  # closed early (the build failed): run no more chunks
                pool.shutdown(cancel_futures=True)
                raise
    elif registry is not None:
        yield graph_chunk(todo, show=True, registry=registry)
    else:
        yield extract_chunk(todo, show=True)


def _set_registry(registry: Registry | None) -> None:
    """In a worker process: the registry its article graphs use (None: events only)."""
    global _REGISTRY
    _REGISTRY = registry


def _pool_chunk(articles: list[Article]) -> dict:
    if _REGISTRY is not None:
        return graph_chunk(articles, registry=_REGISTRY)
    return extract_chunk(articles)


def _warn_unsupported(articles: Sequence[Article], problems: dict[str, str | None]) -> None:
    by_lang: dict[str, list[str]] = defaultdict(list)
    for art in articles:
        if problems[art.lang] is not None:
            by_lang[art.lang].append(art.id)
    for lang, ids in sorted(by_lang.items()):
        shown = ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
        log.warning(
            "warning: %s: %d article(s) stored without events (%s)",
            problems[lang],
            len(ids),
            shown,
        )


def extract_chunk(
    articles: list[Article], show: bool = False
) -> dict[str, tuple[list[Event], list[Relation]]]:
    """Events and relations per article id (in a worker process or on a Dask worker too).

    ``show``: a progress bar over the articles (on a terminal; not in worker processes).
    """
    by_lang: dict[str, list[Article]] = defaultdict(list)
    for art in articles:
        by_lang[art.lang].append(art)
    out: dict[str, tuple[list[Event], list[Relation]]] = {}
    for lang, group in sorted(by_lang.items()):
        docs = article_docs(make_nlp(lang), group)
        if show:
            docs = progress(docs, total=len(group), desc=f"extracting ({lang})")
        for doc in docs:
            out[doc._.article.id] = (list(doc._.events), list(doc._.relations))
    return out


def graph_chunk(
    articles: list[Article], show: bool = False, registry: Registry | None = None
) -> dict[str, ArticleGraph]:
    """Each article's :class:`~kg.graph.article.ArticleGraph`, by article id (in a worker too)."""
    registry = registry or load_registry()
    by_article = extract_chunk(articles, show=show)
    return {a.id: article_graph(a, *by_article[a.id], registry=registry) for a in articles}


def worker_versions() -> dict[str, str]:
    """The extractor version of every language pack, and the registry's digest, in this process."""
    return {**{lang: extractor_version(lang) for lang in available()}, "registry": _digest()}


def _digest() -> str:
    return load_registry().digest


def extract_partition(
    articles: list[Article],
) -> dict[str, tuple[list[Event], list[Relation]]]:
    """Events and relations per article id of one partition (runs on a worker)."""
    with _LOCK:
        return extract_chunk(articles)


def graph_partition(articles: list[Article]) -> dict[str, ArticleGraph]:
    """The ArticleGraph per article id of one partition (runs on a worker; its registry)."""
    with _LOCK:
        return graph_chunk(articles)


def extract_on_cluster(
    articles: Sequence[Article],
    address: str,
    *,
    partition: int = PARTITION,
    timeout: float = 30,
    registry: Registry | None = None,
) -> dict:
    """Extract ``articles`` on the Dask scheduler at ``address``; results per article id.

    The events and relations of each article, or with ``registry`` its
    :class:`~kg.graph.article.ArticleGraph`, made on the worker with the worker's registry
    (which must have the digest of ``registry``).

    Raises:
        ClusterError: ``distributed`` is not installed, the scheduler does not answer within
            ``timeout`` seconds, it has no workers, or a worker runs other extractor versions
            or another registry.
    """
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(
            "kg build --dask needs Dask's distributed scheduler: pip install 'kg[dask]'"
        ) from None
    _check_address(address)
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        _check_workers(client, address, registry)
        parts = [list(articles[i : i + partition]) for i in range(0, len(articles), partition)]
        # sent ahead as data, not embedded in the task graph (a 10k-article graph is ~90 MB)
        work = extract_partition if registry is None else graph_partition
        futures = client.map(work, client.scatter(parts), pure=False)
        out: dict = {}
        for future in progress(futures, total=len(futures), desc="extracting (dask)"):
            out.update(future.result())  # in order; the cluster works ahead on the rest
    return out


def _check_address(address: str) -> None:
    """Refuse an address Dask cannot dial (before a Client is made: a failed one hangs)."""
    from distributed.comm import parse_address
    from distributed.comm.addressing import parse_host_port
    from distributed.comm.registry import backends

    try:
        scheme, location = parse_address(address)
        if scheme not in backends:
            raise ValueError(f"unknown scheme {scheme!r} (known: {', '.join(sorted(backends))})")
        if scheme != "inproc":
            parse_host_port(location)
    except ValueError as exc:
        raise ClusterError(f"bad Dask scheduler address {address!r}: {exc}") from None


def _check_workers(client, address: str, registry: Registry | None = None) -> None:
    """Refuse a cluster without workers, or whose workers run other extractors or registry."""
    versions = client.run(worker_versions)
    if not versions:
        raise ClusterError(f"the Dask scheduler at {address} has no workers")
    here = worker_versions()
    if registry is not None:
        here["registry"] = registry.digest
    for worker, theirs in sorted(versions.items()):
        if theirs != here:
            raise ClusterError(
                f"Dask worker {worker} runs extractor {theirs}, this build {here}: "
                "install the same kg (and registry) on every worker"
            )
    log.info("dask: %d worker(s) at %s", len(versions), address)
