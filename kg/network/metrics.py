"""Per-actor metrics of the actor network: attacks, centrality, betweenness, communities.

networkx style: every function takes a graph first, returns plain dicts and lists, never
mutates its input, and draws randomness only from an explicit ``seed``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from kg.network.actors import label

__all__ = [
    "METRIC_FIELDS",
    "summary_graph",
    "centrality",
    "actor_metrics",
    "conflict_pairs",
]

#: Columns of ``metrics.csv`` (and keys of each actor in ``metrics.json``), in order.
METRIC_FIELDS: tuple[str, ...] = (
    "id",
    "label_en",
    "label_ar",
    "kind",
    "camp",
    "attacks_made",
    "attacks_received",
    "conflict_made",
    "conflict_received",
    "cooperation_made",
    "cooperation_received",
    "weighted_degree",
    "pagerank",
    "betweenness",
    "community",
)


def summary_graph(mdg: nx.MultiDiGraph) -> nx.DiGraph:
    """Collapse the actor network into one edge per ordered pair, with counts.

    Each edge has ``conflict`` and ``cooperation`` (number of events whose quad class ends
    in ``Conflict`` / ``Cooperation``), ``events`` (all events), ``affiliation`` (number of
    affiliation relations) and ``weight`` (``events + affiliation``). Node attributes are
    copied.

    Example:
        >>> m = nx.MultiDiGraph()
        >>> _ = m.add_edge("a", "b", key="e1", quad="MaterialConflict")
        >>> _ = m.add_edge("a", "b", key="e2", quad="VerbalCooperation")
        >>> _ = m.add_edge("a", "b", key="partOf:a", relation="partOf")
        >>> dict(sorted(summary_graph(m).edges["a", "b"].items()))
        {'affiliation': 1, 'conflict': 1, 'cooperation': 1, 'events': 2, 'weight': 3}
    """
    dg = nx.DiGraph(name="actor summary")
    dg.add_nodes_from((n, dict(d)) for n, d in mdg.nodes(data=True))
    for u, v, d in mdg.edges(data=True):
        if not dg.has_edge(u, v):
            dg.add_edge(u, v, conflict=0, cooperation=0, events=0, affiliation=0, weight=0)
        e = dg.edges[u, v]
        quad = d.get("quad")
        if quad:
            e["events"] += 1
            if quad.endswith("Conflict"):
                e["conflict"] += 1
            elif quad.endswith("Cooperation"):
                e["cooperation"] += 1
        elif d.get("relation"):
            e["affiliation"] += 1
        e["weight"] = e["events"] + e["affiliation"]
    return dg


def centrality(mdg: nx.MultiDiGraph) -> dict[str, float]:
    """PageRank of each node on ``summary_graph(mdg)``, weighted by ``weight``.

    PageRank is a deterministic power iteration (no random start), so there is no ``seed``.
    Edges point from actor to target and from member to group, so targets of many
    attacks and groups with many members rank high. Uses scipy when installed.

    Example:
        >>> m = nx.MultiDiGraph()
        >>> _ = m.add_edge("a", "b", key="e1", quad="MaterialConflict")
        >>> c = centrality(m)
        >>> c["b"] > c["a"], round(sum(c.values()), 6)
        (True, 1.0)
    """
    dg = summary_graph(mdg)
    if dg.number_of_nodes() == 0:
        return {}
    try:
        return dict(nx.pagerank(dg, weight="weight"))
    except ImportError:  # no scipy: the pure-Python iteration gives the same numbers
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return dict(_pagerank_python(dg, weight="weight"))


def _undirected_weights(mdg: nx.MultiDiGraph) -> nx.Graph:
    """Simple undirected graph weighted by the number of ties (events and affiliations)."""
    ug = nx.Graph()
    ug.add_nodes_from(mdg)
    for u, v in mdg.edges():
        if u != v:
            w = ug.edges[u, v]["weight"] + 1 if ug.has_edge(u, v) else 1
            ug.add_edge(u, v, weight=w)
    return ug


def actor_metrics(
    mdg: nx.MultiDiGraph,
    *,
    partition: dict[Any, int] | None = None,
    seed: Any = None,
    betweenness_k: int | None = None,
) -> dict[Any, dict[str, Any]]:
    """Per-node metrics of an actor network.

    ``attacks_made`` / ``attacks_received`` count ``ASSAULT`` events, ``conflict_*`` and
    ``cooperation_*`` all events of the conflict / cooperation quad classes, by direction;
    ``weighted_degree`` counts every tie (events and affiliations, in and out);
    ``pagerank`` is :func:`kg.network.centrality`; ``betweenness`` the normalised
    betweenness on the undirected tie graph (sampled from ``betweenness_k`` sources with
    ``seed`` when given, as for large graphs); ``community`` the Louvain community
    (``seed``) on the undirected tie graph weighted by tie counts, numbered by decreasing
    size; ``camp`` the node's camp in ``partition`` (None when absent).

    Returns:
        ``{node: {field: value}}`` with the keys of :data:`METRIC_FIELDS`.

    Example:
        >>> m = nx.MultiDiGraph()
        >>> _ = m.add_edge("a", "b", event_type="ASSAULT", quad="MaterialConflict")
        >>> _ = m.add_edge("a", "b", event_type="ASSAULT", quad="MaterialConflict")
        >>> _ = m.add_edge("b", "c", event_type="AID", quad="MaterialCooperation")
        >>> r = actor_metrics(m, seed=1)
        >>> r["a"]["attacks_made"], r["b"]["attacks_received"], r["b"]["weighted_degree"]
        (2, 2, 3)
        >>> r["b"]["betweenness"]
        1.0
    """
    pr = centrality(mdg)
    ug = _undirected_weights(mdg)
    if ug.number_of_nodes() > 2:
        k = betweenness_k if betweenness_k and betweenness_k < ug.number_of_nodes() else None
        btw = nx.betweenness_centrality(ug, k=k, seed=seed if k else None, normalized=True)
    else:
        btw = dict.fromkeys(ug, 0.0)
    comms = nx.community.louvain_communities(ug, weight="weight", seed=seed) if len(ug) else []
    comms = sorted((sorted(c, key=str) for c in comms), key=lambda c: (-len(c), str(c[0])))
    community = {n: i for i, c in enumerate(comms) for n in c}
    partition = partition or {}
    out: dict[Any, dict[str, Any]] = {}
    for node, d in mdg.nodes(data=True):
        row: dict[str, Any] = {
            "id": str(node),
            "label_en": d.get("label_en"),
            "label_ar": d.get("label_ar"),
            "kind": d.get("kind"),
            "camp": partition.get(node),
        }
        counts = Counter()
        for direction, edges in (("made", mdg.out_edges), ("received", mdg.in_edges)):
            for *_, e in edges(node, data=True):
                quad = e.get("quad") or ""
                if e.get("event_type") == "ASSAULT":
                    counts[f"attacks_{direction}"] += 1
                if quad.endswith("Conflict"):
                    counts[f"conflict_{direction}"] += 1
                elif quad.endswith("Cooperation"):
                    counts[f"cooperation_{direction}"] += 1
        for name in METRIC_FIELDS[5:11]:
            row[name] = counts[name]
        row["weighted_degree"] = mdg.in_degree(node) + mdg.out_degree(node)
        row["pagerank"] = round(float(pr.get(node, 0.0)), 6)
        row["betweenness"] = round(float(btw.get(node, 0.0)), 6)
        row["community"] = community.get(node)
        out[node] = row
    return out


def conflict_pairs(mdg: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Who fights whom: conflict and cooperation events per ordered pair, most conflict first.

    Example:
        >>> m = nx.MultiDiGraph()
        >>> _ = m.add_edge("a", "b", event_type="ASSAULT", quad="MaterialConflict")
        >>> _ = m.add_edge("a", "b", event_type="THREATEN", quad="VerbalConflict")
        >>> [(p["source"], p["target"], p["conflict"], p["types"]) for p in conflict_pairs(m)]
        [('a', 'b', 2, 'ASSAULT 1, THREATEN 1')]
    """
    pairs: dict[tuple, dict[str, Any]] = {}
    for u, v, d in mdg.edges(data=True):
        quad = d.get("quad") or ""
        if not quad.endswith("Conflict"):
            continue
        p = pairs.setdefault((u, v), {"conflict": 0, "types": Counter()})
        p["conflict"] += 1
        p["types"][d.get("event_type") or "?"] += 1
    rows = []
    for (u, v), p in pairs.items():
        coop = sum(
            1
            for _, x, d in mdg.out_edges(u, data=True)
            if x == v and (d.get("quad") or "").endswith("Cooperation")
        )
        rows.append(
            {
                "source": str(u),
                "target": str(v),
                "source_label": label(mdg.nodes[u], u),
                "target_label": label(mdg.nodes[v], v),
                "conflict": p["conflict"],
                "cooperation": coop,
                "types": ", ".join(f"{t} {n}" for t, n in sorted(p["types"].items())),
            }
        )
    return sorted(rows, key=lambda r: (-r["conflict"], r["source_label"], r["target_label"]))
