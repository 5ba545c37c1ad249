"""The main job: articles → events → RDF graph → actor network → HTML and reports, written atomically.

All inputs are read and checked before anything is written; outputs are written into a
temporary directory beside ``out`` and moved into place file by file, so a failed run never
leaves a half-written output and never destroys the previous one.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.ingest import read_articles
from kg.network import actor_network, centrality, write_graphml
from kg.rdf.build import build_graph, event_iri
from kg.report import write_report
from kg.types import Article, Event, Relation
from kg.viz import render_html

__all__ = ["BuildResult", "extract_articles", "build", "OUTPUT_FILES"]

log = logging.getLogger(__name__)

OUTPUT_FILES = ("graph.ttl", "events.jsonl", "actors.graphml", "network.html", "report.md")


@dataclass(frozen=True)
class BuildResult:
    """What a build produced."""

    out: Path
    articles: int
    events: int
    relations: int
    triples: int
    files: tuple[Path, ...]


def extract_articles(
    articles: Sequence[Article], *, n_process: int = 1
) -> tuple[list[Event], list[Relation]]:
    """Run the NLP pipeline over ``articles``; events and relations in article order."""
    from kg.nlp.pipeline import make_nlp

    nlp = make_nlp()
    events: list[Event] = []
    relations: list[Relation] = []

    def docs() -> Iterable:
        for art in articles:
            doc = nlp.make_doc(art.text)
            doc.user_data["article_id"] = art.id
            doc.user_data["pub_date"] = art.date
            yield doc

    for doc in nlp.pipe(docs(), n_process=n_process):
        events.extend(doc._.events)
        relations.extend(doc._.relations)
    return events, relations


def events_jsonl(events: Sequence[Event], articles: Sequence[Article]) -> str:
    """One JSON object per event (see the README for the fields)."""
    by_id = {a.id: a for a in articles}
    lines = [
        json.dumps(ev.to_json(str(event_iri(ev, by_id[ev.article]))), ensure_ascii=False)
        for ev in events
    ]
    return "".join(line + "\n" for line in lines)


def build(
    inputs: Sequence[str | os.PathLike],
    out: str | os.PathLike,
    *,
    date: dt.date | None = None,
) -> BuildResult:
    """Build the knowledge graph of the articles under ``inputs`` into the directory ``out``."""
    out = Path(out)
    articles = read_articles(inputs, default_date=date)  # raises before anything is written
    events, relations = extract_articles(articles)
    graph = build_graph(articles, events, relations)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        written = _write_outputs(tmp, graph, events, articles)
        out.mkdir(parents=True, exist_ok=True)
        for name in written:
            os.replace(tmp / name, out / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("built %s: %d articles, %d events", out, len(articles), len(events))
    return BuildResult(
        out=out,
        articles=len(articles),
        events=len(events),
        relations=len(relations),
        triples=len(graph),
        files=tuple(out / n for n in OUTPUT_FILES),
    )


def _write_outputs(
    tmp: Path, graph: Graph, events: Sequence[Event], articles: Sequence[Article]
) -> list[str]:
    graph.serialize(destination=tmp / "graph.ttl", format="turtle", encoding="utf-8")
    (tmp / "events.jsonl").write_text(events_jsonl(events, articles), encoding="utf-8")
    mdg = actor_network(graph)
    write_graphml(mdg, tmp / "actors.graphml")
    scores = centrality(mdg)
    render_html(mdg, tmp / "network.html", title="Actor network", scores=scores)
    event_dicts = [json.loads(line) for line in events_jsonl(events, articles).splitlines()]
    write_report(event_dicts, mdg, tmp / "report.md")
    return list(OUTPUT_FILES)
