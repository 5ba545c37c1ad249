"""One article's graph as N-Triples, with its extraction cache: made where it is extracted.

An article graph depends on its article and the registry only (the happening keys are merged
within one article: :func:`kg.events.merge.happening_keys`), so the extraction workers of
``kg build -j N`` and of a Dask cluster make it themselves, beside the events, and the
building process loads the text into its staging store without building it again in rdflib
(:mod:`kg.batch`). What an :class:`ArticleGraph` holds is what :func:`kg.build.build` stores
for the article: the triples :func:`kg.graph.rdf.build_dataset` gives its graph, and the cache
the store keeps beside it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import RDFS, Literal

from kg.events.jsonl import event_records
from kg.events.merge import happening_keys
from kg.graph.rdf import article_graph_iri, article_triples, is_minted
from kg.graph.view import to_ox
from kg.ingest import content_hash
from kg.lang import extractor_version
from kg.registry import Registry, load_registry
from kg.types import Article, Event, Relation

__all__ = ["ArticleGraph", "article_graph", "fingerprint"]


@dataclass(frozen=True)
class ArticleGraph:
    """An article's named graph (``graph``), its triples as N-Triples, and its extraction cache.

    The cache (a JSON object) holds the article id, its :func:`fingerprint`, its events as
    ``events.jsonl`` objects, its relation count, the registry entries the graph uses and its
    minted entities' spellings (``[entity, text, language]``), as the store keeps them.
    """

    graph: str
    ntriples: bytes
    cache: dict


def fingerprint(article: Article, registry: Registry | None = None) -> str:
    """What decides that a stored article is unchanged: its text, metadata and extractor.

    The extractor is the version of the article's language pack
    (:func:`kg.lang.extractor_version`), so a new version re-extracts that language only,
    and the content of the registry the extractor matches names against, so an edited
    registry re-extracts every article (``registry``: the build's, else the packaged one).
    """
    parts = (
        content_hash(article.text),
        article.id,
        article.lang,
        article.title or "",
        article.date.isoformat() if article.date else "",
        article.url or "",
        article.source or "",
        extractor_version(article.lang),
        (registry or load_registry()).digest,
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def article_graph(
    article: Article,
    events: Sequence[Event],
    relations: Sequence[Relation] = (),
    *,
    registry: Registry | None = None,
) -> ArticleGraph:
    """The graph and extraction cache of ``article`` from its own events and relations.

    Example:
        >>> from kg.types import Article
        >>> made = article_graph(Article(id="a1", text="نص.", lang="ar", path="a1.txt"), [])
        >>> made.graph == str(article_graph_iri(Article("a1", "", "ar", "a1.txt")))
        True
        >>> len(made.ntriples.splitlines()), made.cache["events"], made.cache["registry"]
        (5, [], [])
    """
    registry = registry or load_registry()
    keys = happening_keys(events, [article], registry=registry)
    used: set[str] = set()  # the registry entries the graph names
    triples = article_triples(article, events, keys, relations, registry=registry, used=used)
    spellings = sorted(
        [str(s), str(o), o.language]
        for s, p, o in triples
        if p == RDFS.label and isinstance(o, Literal) and is_minted(str(s))
    )
    text = "".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} .\n" for s, p, o in triples)
    cache = {
        "article": article.id,
        "fingerprint": fingerprint(article, registry),
        "events": event_records(events, keys=keys),
        "relations": len(relations),
        "registry": sorted(used),
        "spellings": spellings,
    }
    return ArticleGraph(str(article_graph_iri(article)), text.encode("utf-8"), cache)
