"""Extraction of many articles: in this process, over worker processes, or on a Dask cluster.

``kg build -j N`` uses worker processes, ``kg build --dask ADDRESS`` the workers of a Dask
distributed cluster; the events are the same every way.

On a cluster, the scheduler at ``ADDRESS`` hands partitions of articles to its workers; each
worker runs :func:`extract_partition` (importable from the installed package, so a worker
process loads each language pipeline once and keeps it) and sends back the events and
relations of its articles. Everything after extraction (the merge of reports into
happenings, the RDF, the store, the outputs) runs in the building process, as in a local
build, so the graph is the same as without ``--dask`` (tested on a ``LocalCluster``).

Workers must run the same kg and models as the building process: :func:`extract_on_cluster`
asks every worker for its extractor versions first and refuses a cluster that differs.
Start workers with one thread each (``dask worker ADDRESS --nthreads 1 --nworkers N``):
the pipelines are not thread-safe, so threads of one worker process take turns.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Sequence

from kg.errors import KgError
from kg.lang import available, extractor_version, make_nlp, unavailable
from kg.nlp.extensions import article_docs
from kg.progress import progress
from kg.types import Article, Event, Relation

__all__ = [
    "ClusterError",
    "extract_articles",
    "extract_chunk",
    "extract_on_cluster",
    "extract_partition",
    "worker_versions",
]

log = logging.getLogger(__name__)

#: Articles per task on a cluster: enough to amortize the scheduler, few enough to balance.
PARTITION = 100

_LOCK = threading.Lock()  # one extraction at a time per worker process


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
    # whether a language can be extracted is asked once per language, not per article
    problems = {lang: unavailable(lang) for lang in {a.lang for a in articles}}
    _warn_unsupported(articles, problems)
    todo = [a for a in articles if problems[a.lang] is None]
    if dask is not None and todo:
        by_article = extract_on_cluster(todo, dask)
    elif n_process > 1 and len(todo) > 1:
        import concurrent.futures as cf
        import multiprocessing as mp

        chunks = [list(todo[i::n_process]) for i in range(n_process)]
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with cf.ProcessPoolExecutor(max_workers=n_process, mp_context=ctx) as pool:
            done = pool.map(extract_chunk, chunks)
            parts = list(progress(done, total=len(chunks), desc="extracting (workers)"))
        by_article: dict[str, tuple[list[Event], list[Relation]]] = {}
        for part in parts:
            by_article.update(part)
    else:
        by_article = extract_chunk(todo, show=True)
    empty: tuple[list[Event], list[Relation]] = ([], [])
    events = [e for a in articles for e in by_article.get(a.id, empty)[0]]
    relations = [r for a in articles for r in by_article.get(a.id, empty)[1]]
    return events, relations


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


def worker_versions() -> dict[str, str]:
    """The extractor version of every language pack, as this process has them."""
    return {lang: extractor_version(lang) for lang in available()}


def extract_partition(
    articles: list[Article],
) -> dict[str, tuple[list[Event], list[Relation]]]:
    """Events and relations per article id of one partition (runs on a worker)."""
    with _LOCK:
        return extract_chunk(articles)


def extract_on_cluster(
    articles: Sequence[Article], address: str, *, partition: int = PARTITION, timeout: float = 30
) -> dict[str, tuple[list[Event], list[Relation]]]:
    """Extract ``articles`` on the Dask scheduler at ``address``; results per article id.

    Raises:
        ClusterError: ``distributed`` is not installed, the scheduler does not answer within
            ``timeout`` seconds, it has no workers, or a worker runs other extractor versions.
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
        _check_workers(client, address)
        parts = [list(articles[i : i + partition]) for i in range(0, len(articles), partition)]
        # sent ahead as data, not embedded in the task graph (a 10k-article graph is ~90 MB)
        futures = client.map(extract_partition, client.scatter(parts), pure=False)
        out: dict[str, tuple[list[Event], list[Relation]]] = {}
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


def _check_workers(client, address: str) -> None:
    """Refuse a cluster without workers, or whose workers run other extractor versions."""
    versions = client.run(worker_versions)
    if not versions:
        raise ClusterError(f"the Dask scheduler at {address} has no workers")
    here = worker_versions()
    for worker, theirs in sorted(versions.items()):
        if theirs != here:
            raise ClusterError(
                f"Dask worker {worker} runs extractor {theirs}, this build {here}: "
                "install the same kg on every worker"
            )
    log.info("dask: %d worker(s) at %s", len(versions), address)
