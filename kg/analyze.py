"""``kg analyze``: the actor network analysed by :mod:`kg.network`, written by :mod:`kg.render`.

The files: CSV, JSON, GraphML, GEXF, Markdown, PNG plots and the interactive HTML.

The knowledge graph is read once: from the build's store (``OUT/store``), a store directory,
an RDF file, an rdflib graph or an actor network already built.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import rdflib

from kg.errors import InputError
from kg.fileio import atomic_open, atomic_write_text
from kg.graph.store import Store, StoreError, open_store
from kg.graph.view import GraphView, read_graph_file
from kg.network import (
    EVENT_FIELDS,
    METRIC_FIELDS,
    actor_metrics,
    actor_network,
    as_iso,
    balance_partition,
    camps,
    conflict_pairs,
    ego_network,
    event_table,
    frustration,
    label,
    signed_graph,
    slice_events,
    time_slice,
)
from kg.network import rollup as network_rollup
from kg.progress import steps
from kg.render.exports import write_gexf, write_graphml, write_metrics_csv
from kg.render.html import render_html
from kg.render.layout import packed_layout
from kg.render.maps import plot_event_map, render_event_map
from kg.render.markdown import render_analysis
from kg.render.plots import plot_conflict_matrix, plot_events_over_time, timeline_rows

log = logging.getLogger(__name__)  # the stages, at INFO: what ``kg -v`` shows

__all__ = ["AnalysisResult", "analyze"]


@dataclass(frozen=True)
class AnalysisResult:
    """What :func:`analyze` computed and wrote."""

    out: Path
    network: nx.MultiDiGraph = field(repr=False)
    metrics: dict[Any, dict[str, Any]] = field(repr=False)
    camps: list[dict[str, Any]] = field(repr=False)
    frustration: int
    files: tuple[Path, ...]


def _network_events(mdg: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Event rows from a network's edges, for a network handed in without its graph."""
    rows = []
    for _, _, key, d in sorted(mdg.edges(keys=True, data=True), key=lambda e: str(e[2])):
        if d.get("event_type"):
            date = d.get("date")
            rows.append(
                dict.fromkeys(EVENT_FIELDS)
                | {"event": str(key), "event_type": d["event_type"], "quad": d.get("quad")}
                | {"date": date, "date_source": "event" if date else None}
            )
    return rows


def _read(graph: Any) -> tuple[nx.MultiDiGraph, list[dict[str, Any]]]:
    return actor_network(graph), event_table(graph)


def _load(source: Any) -> tuple[nx.MultiDiGraph, list[dict[str, Any]]]:
    """The actor network and the event table of ``source``, read once (see :func:`analyze`)."""
    if isinstance(source, nx.MultiDiGraph):
        return source, _network_events(source)
    if isinstance(source, (rdflib.Graph, Store, GraphView)):
        return _read(source)
    path = Path(source)
    if path.is_dir():
        store_dir = path / "store" if (path / "store" / "CURRENT").exists() else path
        if (store_dir / "CURRENT").exists():
            try:
                with open_store(store_dir, read_only=True) as store:
                    return _read(store)
            except StoreError as exc:
                raise InputError(str(exc)) from None
        path = path / "graph.ttl"
    if not path.is_file():
        raise InputError(f"no knowledge graph at {path}")
    return _read(read_graph_file(path))


def _layout(graph: nx.MultiDiGraph, seed: int | None) -> dict[Any, tuple[float, float]]:
    """Node positions for the GEXF, in [-1, 1]²: the seeded layout of network.html.

    :func:`kg.render.layout.packed_layout` (components laid out and packed in rows), not
    ``nx.spring_layout``: that took 19 s for the 5,500 actors of the 10k ANT build.
    """
    simple = nx.Graph(graph.to_undirected())
    if not len(simple):
        return {}
    pos = packed_layout(simple, seed=42 if seed is None else seed)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {n: ((x - cx) / half, (y - cy) / half) for n, (x, y) in pos.items()}


def _plot_events(events: list[dict[str, Any]], out: Path, files: list, plots: dict) -> None:
    """The timeline (PNG and CSV), the event table and the map (PNG and HTML) into ``out``."""
    files.append(write_metrics_csv(events, EVENT_FIELDS, out / "events.csv"))
    rows, _, _ = timeline_rows(events)
    if rows:
        files.append(write_metrics_csv(rows, list(rows[0]), out / "events_over_time.csv"))
    for name, written in (
        ("events_over_time", plot_events_over_time(events, out / "events_over_time.png")),
        ("map", plot_event_map(events, out / "map.png")),
        ("map_html", render_event_map(events, out / "map.html")),
    ):
        if written:
            files.append(written)
            plots[name] = written.name


def analyze(
    graph_path_or_graph: Any,
    out_dir: str | os.PathLike,
    *,
    rollup: bool = False,
    ego: str | None = None,
    radius: int = 1,
    since: Any = None,
    until: Any = None,
    seed: int | None = 42,
    k: int = 2,
    html: bool = True,
    top: int = 15,
) -> AnalysisResult:
    """Analyse the actor network of a knowledge graph and write the results into ``out_dir``.

    Steps, in order: build the network (:func:`kg.network.actor_network`), keep a time slice
    when ``since``/``until`` are given (:func:`kg.network.time_slice`), roll sub-units into
    their parents when ``rollup`` (:func:`kg.network.rollup`), keep the ego network of
    ``ego`` within ``radius`` (:func:`kg.network.ego_network`), then split it into camps
    (:func:`balance_partition` on :func:`signed_graph`) and compute :func:`actor_metrics`.

    Files written (each atomically): ``metrics.csv`` and ``metrics.json`` (one record per
    node, :data:`METRIC_FIELDS`; the JSON also has ``camps``, ``frustration``,
    ``conflict_pairs`` and the parameters), ``network.graphml`` and ``network.gexf`` (the
    analysed network with the metrics as node attributes; Gephi opens the GEXF),
    ``analysis.md`` (tables: top actors, camps with members and frustration, conflict
    pairs), ``conflict_matrix.png`` (when there is a conflict event),
    ``events_over_time.png`` (when an event has a ``kg:date``) and ``network.html``
    (:func:`kg.render.html.render_html`, when ``html``).

    Args:
        graph_path_or_graph: a ``kg build`` output directory (its ``store``, else its
            ``graph.ttl``), a store directory (opened read-only), an RDF file (.ttl .nt .trig
            .nq .jsonld, parsed by pyoxigraph), a :class:`~kg.graph.store.Store`, an
            ``rdflib.Graph``, or an actor network (``nx.MultiDiGraph``) already built.
        out_dir: the output directory, created when missing.
        rollup: merge ``kg:partOf`` sub-units into their parent organisations.
        ego: an actor (IRI, registry ID such as ``LNA``, or label) to centre on.
        radius: the ego network's radius (steps, either direction).
        since: only events on or after this ISO date (or prefix such as ``"2020-01"``, or
            ``datetime.date``).
        until: only events on or before this date (same forms as ``since``).
        seed: seed of Louvain, sampled betweenness and the local search of the camps.
        k: the most camps per connected component.
        html: also write the interactive ``network.html``.
        top: rows of the top-actors and conflict-pairs tables, actors in the matrix plot.

    Returns:
        An :class:`AnalysisResult`.

    Raises:
        kg.errors.InputError: the graph file or store is missing or unreadable.
        networkx.NodeNotFound: ``ego`` names no node (or several).
    """
    out = Path(out_dir)
    mdg, events = _load(graph_path_or_graph)
    log.info("read the network: %d nodes, %d edges, %d events", len(mdg), mdg.size(), len(events))
    if since is not None or until is not None:
        mdg = time_slice(mdg, since, until)
        events = slice_events(events, since, until)
    if rollup:
        mdg = network_rollup(mdg)
    if ego is not None:
        mdg = ego_network(mdg, ego, radius=radius)

    sg = signed_graph(mdg)
    partition = balance_partition(sg, k, seed=seed)
    camp_list = camps(sg, partition)
    frust = frustration(sg, partition)
    log.info("camps: %d, frustration %s", len(camp_list), frust)
    metrics = actor_metrics(
        mdg, partition=partition, seed=seed, betweenness_k=500 if len(mdg) > 2000 else None
    )
    pairs = conflict_pairs(mdg)

    analysed = mdg.copy()
    for node, row in metrics.items():
        analysed.nodes[node].update(
            {f: row[f] for f in METRIC_FIELDS if f not in ("id", "label_en", "label_ar", "kind")}
        )

    files: list[Path] = []
    rows = sorted(metrics.values(), key=lambda r: (-r["pagerank"], r["id"]))
    log.info("metrics: %d nodes; writing outputs into %s", len(metrics), out)
    bar = steps(5 if html else 4, "writing outputs")
    files.append(write_metrics_csv(rows, METRIC_FIELDS, out / "metrics.csv"))
    bar.step("plots")

    plots: dict[str, str] = {}
    matrix = plot_conflict_matrix(mdg, out / "conflict_matrix.png", partition=partition, top=top)
    if matrix:
        files.append(matrix)
        plots["conflict_matrix"] = matrix.name
    _plot_events(events, out, files, plots)

    summary = {
        "parameters": {
            "rollup": rollup,
            "ego": analysed.graph.get("ego"),
            "radius": radius if ego is not None else None,
            "since": None if since is None else as_iso(since),
            "until": None if until is None else as_iso(until),
            "seed": seed,
            "k": k,
        },
        "counts": {
            "nodes": mdg.number_of_nodes(),
            "actors": sum(1 for _, d in mdg.nodes(data=True) if d.get("kind") != "Place"),
            "events": sum(1 for *_, d in mdg.edges(data=True) if d.get("event_type")),
            "affiliations": sum(1 for *_, d in mdg.edges(data=True) if d.get("relation")),
            "signed_ties": sg.number_of_edges(),
            "negative_ties": sum(1 for *_, s in sg.edges(data="sign") if s < 0),
        },
        "frustration": frust,
        "camps": camp_list,
        "conflict_pairs": pairs,
        "plots": plots,
        "actors": rows,
    }
    files.append(
        atomic_write_text(
            out / "metrics.json", json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
        )
    )
    bar.step("network.graphml")
    files.append(write_graphml(analysed, out / "network.graphml"))
    bar.step("network.gexf")
    files.append(write_gexf(analysed, out / "network.gexf", positions=_layout(analysed, seed)))
    bar.step("analysis.md")
    with atomic_open(out / "analysis.md") as fh:
        fh.write(render_analysis(summary, top=top))
    files.append(out / "analysis.md")
    bar.step("network.html")
    if html:
        title = "Actor network" + (
            f" — {label(mdg.nodes[analysed.graph['ego']], '')}" if ego else ""
        )
        files.append(
            render_html(
                analysed,
                out / "network.html",
                title=title,
                scores={n: r["pagerank"] for n, r in metrics.items()},
                camps=camp_list,
            )
        )
    bar.close()
    return AnalysisResult(
        out=out,
        network=analysed,
        metrics=metrics,
        camps=camp_list,
        frustration=frust,
        files=tuple(files),
    )
