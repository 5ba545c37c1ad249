"""Actor-network analysis: who fights whom, who sides with whom, who is central.

networkx style: every function takes a graph first, returns plain dicts and lists, never
mutates its input, and draws randomness only from an explicit ``seed``.

* :func:`signed_graph` turns the actor network into a signed graph (conflict ties negative,
  cooperation and affiliation ties positive) and :func:`balance_partition` splits it into
  camps by structural balance: the partition that minimises the *frustration*
  (:func:`frustration`: negative ties inside a camp plus positive ties across camps).
* :func:`actor_metrics` gives per-actor attacks made and received, weighted degree,
  PageRank, betweenness, Louvain community and camp.
* :func:`analyze` runs everything on a knowledge graph and writes the files (CSV, JSON,
  GraphML, GEXF, Markdown, PNG plots, HTML).

Example:
    >>> m = nx.MultiDiGraph()
    >>> m.add_nodes_from(["lna", "af", "gna", "tur"], kind="ArmedForce")
    >>> _ = m.add_edge("af", "lna", key="partOf:af", relation="partOf")
    >>> _ = m.add_edge("lna", "gna", key="e1", event_type="ASSAULT", quad="MaterialConflict")
    >>> _ = m.add_edge("af", "tur", key="e2", event_type="ASSAULT", quad="MaterialConflict")
    >>> _ = m.add_edge("tur", "gna", key="e3", event_type="AID", quad="MaterialCooperation")
    >>> sg = signed_graph(m)
    >>> camps = balance_partition(sg, seed=42)
    >>> sorted(n for n in camps if camps[n] == camps["lna"]), frustration(sg, camps)
    (['af', 'lna'], 0)
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from kg.fileio import atomic_open, atomic_write_text, atomic_write_with

__all__ = [
    "METRIC_FIELDS",
    "EXACT_MAX_NODES",
    "AnalysisResult",
    "signed_graph",
    "frustration",
    "balance_partition",
    "camps",
    "actor_metrics",
    "conflict_pairs",
    "plot_conflict_matrix",
    "plot_events_over_time",
    "analyze",
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

#: Connected components up to this many nodes are split into two camps by exhaustive search.
EXACT_MAX_NODES = 20


def _tie(d: dict[str, Any]) -> int:
    """+1 for a cooperation or affiliation edge, -1 for conflict, 0 for anything else."""
    quad = d.get("quad") or ""
    if quad.endswith("Conflict"):
        return -1
    if quad.endswith("Cooperation") or (not quad and d.get("relation")):
        return 1
    return 0


def signed_graph(mdg: nx.MultiDiGraph, *, places: bool = False) -> nx.Graph:
    """The signed, undirected tie network of the actors.

    Each unordered pair of actors gets ``positive`` (cooperation events and affiliations
    between them, either direction) and ``negative`` (conflict events) counts; the tie's
    ``sign`` is the sign of ``positive - negative`` and its ``weight`` the absolute
    difference. Pairs with as many positive as negative ties are ambivalent and get no edge;
    self-loops are ignored. Places (``kind == "Place"``) are left out unless ``places``.
    Every actor is a node, with its attributes copied.

    Example:
        >>> m = nx.MultiDiGraph()
        >>> _ = m.add_edge("a", "b", quad="MaterialConflict")
        >>> _ = m.add_edge("b", "a", quad="MaterialConflict")
        >>> _ = m.add_edge("a", "b", quad="VerbalCooperation")
        >>> _ = m.add_edge("a", "c", relation="leads")
        >>> sorted(signed_graph(m).edges(data="sign"))
        [('a', 'b', -1), ('a', 'c', 1)]
        >>> signed_graph(m).edges["a", "b"]["weight"]
        1
    """
    sg = nx.Graph(name="signed actor network")
    keep = {n for n, d in mdg.nodes(data=True) if places or d.get("kind") != "Place"}
    sg.add_nodes_from((n, dict(mdg.nodes[n])) for n in mdg if n in keep)
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for u, v, d in mdg.edges(data=True):
        if u == v or u not in keep or v not in keep:
            continue
        tie = _tie(d)
        if tie:
            pair = (u, v) if str(u) <= str(v) else (v, u)
            counts[pair][0 if tie > 0 else 1] += 1
    for (u, v), (pos, neg) in sorted(counts.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        if pos != neg:
            sg.add_edge(
                u,
                v,
                positive=pos,
                negative=neg,
                sign=1 if pos > neg else -1,
                weight=abs(pos - neg),
            )
    return sg


def _violated(sign: int, same: bool) -> bool:
    return (sign < 0 and same) or (sign > 0 and not same)


def frustration(sg: nx.Graph, partition: dict[Any, Any], weight: str | None = "weight") -> int:
    """The frustration of a partition: negative ties inside camps plus positive ties across.

    Each frustrated edge counts its ``weight`` attribute (1 when ``weight`` is None). Edges
    with an end missing from ``partition`` are not counted. 0 means perfectly balanced.

    Example:
        >>> sg = nx.Graph()
        >>> sg.add_edge("a", "b", sign=-1)
        >>> sg.add_edge("b", "c", sign=-1)
        >>> sg.add_edge("a", "c", sign=-1)  # three mutual enemies: never balanced in 2 camps
        >>> frustration(sg, {"a": 0, "b": 1, "c": 0}), frustration(sg, {"a": 0, "b": 0, "c": 0})
        (1, 3)
    """
    total = 0
    for u, v, d in sg.edges(data=True):
        if u in partition and v in partition and _violated(d["sign"], partition[u] == partition[v]):
            total += 1 if weight is None else d.get(weight, 1)
    return total


def _exact_two(nodes: list, edges: list[tuple[int, int, int, int]]) -> list[int]:
    """Exhaustive search over 2**(n-1) bipartitions (node 0 fixed in camp 0), with numpy."""
    import numpy as np

    n = len(nodes)
    masks = np.arange(1 << (n - 1), dtype=np.int64)

    def bit(i: int):
        return np.zeros_like(masks) if i == 0 else (masks >> (i - 1)) & 1

    cost = np.zeros_like(masks)
    for i, j, sign, w in edges:
        across = bit(i) ^ bit(j)
        cost += w * (across if sign > 0 else 1 - across)
    best = int(np.argmin(cost))  # the first minimum: deterministic
    return [0] + [(best >> (i - 1)) & 1 for i in range(1, n)]


def _local_search(
    nodes: list, adj: list[list[tuple[int, int, int]]], k: int, rng: Any, restarts: int
) -> list[int]:
    """Seeded local search: spanning-tree start, then single-node moves until none helps."""
    n = len(nodes)

    def cost_of(camp: list[int]) -> int:
        return sum(
            w for i in range(n) for j, s, w in adj[i] if i < j and _violated(s, camp[i] == camp[j])
        )

    best: list[int] | None = None
    best_cost = None
    for _ in range(max(1, restarts)):
        camp = [-1] * n
        start = rng.randrange(n)
        camp[start] = 0
        queue = [start]
        while queue:  # balanced start along a random spanning tree (exact if balanced)
            i = queue.pop(rng.randrange(len(queue)))
            for j, s, _w in sorted(adj[i], key=lambda _e: rng.random()):
                if camp[j] < 0:
                    if s > 0:
                        camp[j] = camp[i]
                    else:
                        camp[j] = rng.choice([c for c in range(k) if c != camp[i]])
                    queue.append(j)
        improved = True
        order = list(range(n))
        while improved:
            improved = False
            rng.shuffle(order)
            for i in order:
                local = [0] * k
                for j, s, w in adj[i]:
                    for c in range(k):
                        if _violated(s, c == camp[j]):
                            local[c] += w
                c_best = min(range(k), key=lambda c: (local[c], c != camp[i]))
                if local[c_best] < local[camp[i]]:
                    camp[i] = c_best
                    improved = True
        c = cost_of(camp)
        if best_cost is None or c < best_cost:
            best, best_cost = camp, c
            if c == 0:
                break
    assert best is not None
    return best


def balance_partition(
    sg: nx.Graph,
    k: int = 2,
    *,
    weight: str | None = "weight",
    seed: Any = None,
    restarts: int = 20,
    exact_max: int = EXACT_MAX_NODES,
) -> dict[Any, int]:
    """Split a signed graph into camps by structural balance (minimum frustration).

    Each connected component (through signed edges) is split on its own, since two
    components have no tie that could say which of their camps go together: into two camps
    by exhaustive search when it has at most ``exact_max`` nodes and ``k == 2`` (an exact
    minimum), otherwise by a seeded local search (``restarts`` random spanning-tree starts,
    each refined by moving single nodes to the camp that frustrates the fewest of their ties;
    exact for balanced components, a good upper bound otherwise). A component with no
    negative tie is one camp. Camps are numbered from 0 across the whole graph: components
    by decreasing size, and inside a component by decreasing camp size (ties by the smallest
    member). Nodes without any signed edge are not in the result: they take no side.

    Args:
        sg: a signed graph (:func:`signed_graph`): every edge has ``sign`` (+1 or -1).
        k: the most camps per component (2 for the classic balance theorem).
        weight: edge attribute counted per frustrated edge (None counts edges).
        seed: random seed for the local search (an int, a ``random.Random`` or None).
        restarts: local-search starts per component.
        exact_max: largest component solved exhaustively (2**(n-1) partitions).

    Returns:
        ``{node: camp}`` for every node with at least one signed edge.

    Example:
        >>> sg = nx.Graph()
        >>> sg.add_edge("a", "b", sign=1, weight=2)
        >>> sg.add_edge("b", "c", sign=-1, weight=1)
        >>> sg.add_edge("c", "d", sign=1, weight=1)
        >>> sg.add_edge("x", "y", sign=1, weight=1)
        >>> balance_partition(sg, seed=1)
        {'a': 0, 'b': 0, 'c': 1, 'd': 1, 'x': 2, 'y': 2}
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    rng = nx.utils.create_py_random_state(seed)
    active = nx.Graph()
    active.add_edges_from((u, v) for u, v in sg.edges() if u != v)
    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(active)),
        key=lambda c: (-len(c), str(c[0])),
    )
    result: dict[Any, int] = {}
    next_camp = 0
    for comp in components:
        index = {node: i for i, node in enumerate(comp)}
        adj: list[list[tuple[int, int, int]]] = [[] for _ in comp]
        edges = []
        for u, v, d in sg.edges(comp, data=True):  # comp's order: independent of hashing
            if u == v:
                continue
            w = 1 if weight is None else d.get(weight, 1)
            i, j, s = index[u], index[v], int(d["sign"])
            adj[i].append((j, s, w))
            adj[j].append((i, s, w))
            edges.append((i, j, s, w))
        if k == 1 or all(s > 0 for *_, s, _ in edges):
            camp = [0] * len(comp)
        elif k == 2 and len(comp) <= exact_max:
            camp = _exact_two(comp, edges)
        else:
            camp = _local_search(comp, adj, k, rng, restarts)
        groups: dict[int, list] = defaultdict(list)
        for node, c in zip(comp, camp, strict=True):
            groups[c].append(node)
        for members in sorted(groups.values(), key=lambda m: (-len(m), str(m[0]))):
            for node in members:
                result[node] = next_camp
            next_camp += 1
    return {n: result[n] for n in sorted(result, key=lambda n: (result[n], str(n)))}


def _label(d: dict[str, Any], node: Any) -> str:
    return d.get("label_en") or d.get("label_ar") or d.get("label") or str(node)


def camps(
    sg: nx.Graph, partition: dict[Any, int], weight: str | None = "weight"
) -> list[dict[str, Any]]:
    """Describe each camp of a partition: name, members, and the ties inside and around it.

    The camp is named after its member with the largest signed strength (sum of tie
    weights), then the smallest key. ``internal_conflict`` counts the negative ties inside
    the camp and ``broken_alliances`` the positive ties from it to other camps (the camp's
    share of the frustration), ``opponents`` the other camps it has negative ties with.

    Example:
        >>> sg = nx.Graph()
        >>> sg.add_edge("a", "b", sign=1, weight=1)
        >>> sg.add_edge("b", "c", sign=-1, weight=2)
        >>> [(c["camp"], c["name"], c["members"], c["opponents"]) for c in camps(sg, {"a": 0, "b": 0, "c": 1})]
        [(0, 'b', ['b', 'a'], [1]), (1, 'c', ['c'], [0])]
    """
    strength = dict(sg.degree(weight=weight))
    by_camp: dict[int, list] = defaultdict(list)
    for node, c in partition.items():
        by_camp[c].append(node)
    out = []
    for c in sorted(by_camp):
        members = sorted(by_camp[c], key=lambda n: (-strength.get(n, 0), str(n)))
        inside = across = 0
        opponents: set[int] = set()
        for u in members:
            for v, d in sg[u].items():
                if v not in partition:
                    continue
                w = 1 if weight is None else d.get(weight, 1)
                if partition[v] == c and d["sign"] < 0 and str(u) < str(v):
                    inside += w
                elif partition[v] != c and d["sign"] > 0:
                    across += w
                elif partition[v] != c and d["sign"] < 0:
                    opponents.add(partition[v])
        lead = members[0]
        out.append(
            {
                "camp": c,
                "name": _label(sg.nodes[lead], lead) if lead in sg else str(lead),
                "members": members,
                "labels": [_label(sg.nodes[n], n) for n in members],
                "size": len(members),
                "internal_conflict": inside,
                "broken_alliances": across,
                "opponents": sorted(opponents),
            }
        )
    return out


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
    from kg.network import centrality

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
                "source_label": _label(mdg.nodes[u], u),
                "target_label": _label(mdg.nodes[v], v),
                "conflict": p["conflict"],
                "cooperation": coop,
                "types": ", ".join(f"{t} {n}" for t, n in sorted(p["types"].items())),
            }
        )
    return sorted(rows, key=lambda r: (-r["conflict"], r["source_label"], r["target_label"]))


# --- plots ---------------------------------------------------------------------------------


def _plot_label(d: dict[str, Any], node: Any) -> str:
    """A label matplotlib can draw: English, else shaped Arabic when the optional
    ``arabic_reshaper`` and ``python-bidi`` are installed, else the IRI's last segment
    (matplotlib itself neither joins Arabic letters nor lays them out right to left)."""
    if d.get("label_en"):
        return str(d["label_en"])
    ar = d.get("label_ar") or d.get("label")
    if ar:
        try:
            import arabic_reshaper
            from bidi.algorithm import get_display

            return str(get_display(arabic_reshaper.reshape(str(ar))))
        except ImportError:
            pass
        if ar.isascii():
            return str(ar)
    return str(node).rsplit("/", 1)[-1]


def _interactive_backend(matplotlib) -> bool:
    """True inside Jupyter (inline) or a GUI session: keep the user's backend."""
    return "inline" in matplotlib.get_backend().lower() or "ipykernel" in __import__("sys").modules


def _pyplot():
    import matplotlib

    # Only pick the file backend when none was chosen yet (headless runs); never override a
    # notebook's inline backend.
    if matplotlib.get_backend().lower() not in ("agg",) and not _interactive_backend(matplotlib):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    have = {f.name for f in font_manager.fontManager.ttflist}
    # DejaVu Sans has the Arabic presentation forms that shaped labels use
    wanted = [f for f in ("DejaVu Sans", "Noto Sans Arabic", "Noto Naskh Arabic") if f in have]
    plt.rcParams["font.family"] = wanted or ["sans-serif"]
    return plt


def _save_png(fig: Any, path: str | os.PathLike) -> Path:
    try:
        return atomic_write_with(path, lambda fh: fig.savefig(fh, format="png", dpi=110))
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)


def plot_conflict_matrix(
    mdg: nx.MultiDiGraph,
    path: str | os.PathLike,
    *,
    partition: dict[Any, int] | None = None,
    top: int = 25,
) -> Path | None:
    """Heatmap of conflict events, attacker (row) × target (column), as a PNG.

    Shows the ``top`` actors most involved in conflict, ordered by camp (so that camps show
    as blocks) then label. Returns None (and writes nothing) when there is no conflict event.
    """
    count: Counter = Counter()
    involved: Counter = Counter()
    for u, v, d in mdg.edges(data=True):
        if (d.get("quad") or "").endswith("Conflict"):
            count[u, v] += 1
            involved[u] += 1
            involved[v] += 1
    if not count:
        return None
    chosen = sorted(involved, key=lambda n: (-involved[n], str(n)))[:top]
    part = partition or {}
    labels = {n: _plot_label(mdg.nodes[n], n) for n in chosen}
    chosen.sort(key=lambda n: (part.get(n, 1 << 30), labels[n]))
    import numpy as np

    mat = np.array([[count[u, v] for v in chosen] for u in chosen])
    plt = _pyplot()
    size = 2.5 + 0.38 * len(chosen)
    fig, ax = plt.subplots(figsize=(size + 1.5, size))
    im = ax.imshow(mat, cmap="Reds", vmin=0)
    ticks = [f"{labels[n]} [{part[n]}]" if n in part else labels[n] for n in chosen]
    ax.set_xticks(range(len(chosen)), ticks, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(chosen)), ticks, fontsize=8)
    for i in range(len(chosen)):
        for j in range(len(chosen)):
            if mat[i, j]:
                colour = "white" if mat[i, j] > mat.max() / 2 else "black"
                ax.text(j, i, str(mat[i, j]), ha="center", va="center", fontsize=7, color=colour)
    ax.set_xlabel("target")
    ax.set_ylabel("actor (attacker)")
    ax.set_title("Conflict events (actor × target) [camp]")
    from matplotlib.ticker import MaxNLocator

    fig.colorbar(im, ax=ax, shrink=0.7, label="events", ticks=MaxNLocator(integer=True))
    fig.tight_layout()
    return _save_png(fig, path)


def plot_events_over_time(mdg: nx.MultiDiGraph, path: str | os.PathLike) -> Path | None:
    """Bar chart of dated events per day (or per month past 120 days), conflict vs
    cooperation, as a PNG. Returns None (and writes nothing) when no event has a date."""
    dated = [
        (str(d["date"])[:10], d.get("quad") or "")
        for *_, d in mdg.edges(data=True)
        if d.get("event_type") and d.get("date")
    ]
    if not dated:
        return None
    import datetime as dt

    days = sorted({day for day, _ in dated})
    span = (dt.date.fromisoformat(days[-1]) - dt.date.fromisoformat(days[0])).days
    width = 7 if span > 120 else 10
    buckets = sorted({day[:width] for day, _ in dated})
    series = {"conflict": Counter(), "cooperation": Counter()}
    for day, quad in dated:
        series["conflict" if quad.endswith("Conflict") else "cooperation"][day[:width]] += 1
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(max(6.0, 0.35 * len(buckets) + 2), 4))
    xs = range(len(buckets))
    conflict = [series["conflict"][b] for b in buckets]
    coop = [series["cooperation"][b] for b in buckets]
    ax.bar(xs, conflict, color="#d62728", label="conflict")
    ax.bar(xs, coop, bottom=conflict, color="#2ca02c", label="cooperation")
    step = max(1, len(buckets) // 20)
    ax.set_xticks(list(xs)[::step], buckets[::step], rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("events")
    ax.set_title("Events over time (by kg:date, per " + ("month)" if width == 7 else "day)"))
    ax.legend()
    fig.tight_layout()
    return _save_png(fig, path)


# --- the whole analysis ------------------------------------------------------------------


@dataclass(frozen=True)
class AnalysisResult:
    """What :func:`analyze` computed and wrote."""

    out: Path
    network: nx.MultiDiGraph = field(repr=False)
    metrics: dict[Any, dict[str, Any]] = field(repr=False)
    camps: list[dict[str, Any]] = field(repr=False)
    frustration: int
    files: tuple[Path, ...]


def _load(source: Any) -> nx.MultiDiGraph:
    import rdflib

    from kg.errors import InputError
    from kg.network import actor_network

    if isinstance(source, nx.MultiDiGraph):
        return source
    if isinstance(source, rdflib.Graph):
        return actor_network(source)
    path = Path(source)
    if path.is_dir():
        path = path / "graph.ttl"
    if not path.is_file():
        raise InputError(f"no knowledge graph at {path}")
    fmt = rdflib.util.guess_format(str(path)) or "turtle"
    try:
        graph = rdflib.Graph().parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise InputError(f"cannot parse {path} as {fmt}: {exc}") from exc
    return actor_network(graph)


def _flat(value: Any) -> Any:
    """A GraphML/GEXF-safe attribute value: lists joined, other objects as text."""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _flat_copy(mdg: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy for GraphML and GEXF: None attributes left out (so that an attribute keeps one
    type, e.g. ``camp`` stays an integer), lists joined with ``"; "``."""

    def flat(d: dict[str, Any]) -> dict[str, Any]:
        return {k: _flat(v) for k, v in d.items() if v is not None}

    out = nx.MultiDiGraph()
    out.graph.update(flat(mdg.graph))
    out.add_nodes_from((n, flat(d)) for n, d in mdg.nodes(data=True))
    out.add_edges_from((u, v, k, flat(d)) for u, v, k, d in mdg.edges(keys=True, data=True))
    return out


def _csv_text(rows: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(METRIC_FIELDS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row[k] is None else row[k] for k in METRIC_FIELDS})
    return buf.getvalue()


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
    (:func:`kg.viz.render_html`, when ``html``).

    Args:
        graph_path_or_graph: an ``rdflib.Graph``, a graph file rdflib can read (format from
            the extension, Turtle otherwise), a ``kg build`` output directory (its
            ``graph.ttl``), or an actor network (``nx.MultiDiGraph``) already built.
        out_dir: the output directory, created when missing.
        rollup: merge ``kg:partOf`` sub-units into their parent organisations.
        ego: an actor (IRI, registry ID such as ``LNA``, or label) to centre on.
        radius: the ego network's radius (steps, either direction).
        since, until: ISO dates (or prefixes such as ``"2020-01"``) or ``datetime.date``.
        seed: seed of Louvain, sampled betweenness and the local search of the camps.
        k: the most camps per connected component.
        html: also write the interactive ``network.html``.
        top: rows of the top-actors and conflict-pairs tables, actors in the matrix plot.

    Returns:
        An :class:`AnalysisResult`.

    Raises:
        kg.errors.InputError: the graph file is missing or unreadable.
        networkx.NodeNotFound: ``ego`` names no node (or several).
    """
    from kg import network as kn
    from kg.report import render_analysis

    out = Path(out_dir)
    mdg = _load(graph_path_or_graph)
    if since is not None or until is not None:
        mdg = kn.time_slice(mdg, since, until)
    if rollup:
        mdg = kn.rollup(mdg)
    if ego is not None:
        mdg = kn.ego_network(mdg, ego, radius=radius)

    sg = signed_graph(mdg)
    partition = balance_partition(sg, k, seed=seed)
    camp_list = camps(sg, partition)
    frust = frustration(sg, partition)
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
    files.append(atomic_write_text(out / "metrics.csv", _csv_text(rows)))

    plots: dict[str, str] = {}
    matrix = plot_conflict_matrix(mdg, out / "conflict_matrix.png", partition=partition, top=top)
    if matrix:
        files.append(matrix)
        plots["conflict_matrix"] = matrix.name
    timeline = plot_events_over_time(mdg, out / "events_over_time.png")
    if timeline:
        files.append(timeline)
        plots["events_over_time"] = timeline.name

    summary = {
        "parameters": {
            "rollup": rollup,
            "ego": analysed.graph.get("ego"),
            "radius": radius if ego is not None else None,
            "since": None if since is None else kn._as_iso(since),
            "until": None if until is None else kn._as_iso(until),
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
    flat = _flat_copy(analysed)
    files.append(atomic_write_with(out / "network.graphml", lambda fh: nx.write_graphml(flat, fh)))
    files.append(atomic_write_with(out / "network.gexf", lambda fh: nx.write_gexf(flat, fh)))
    with atomic_open(out / "analysis.md") as fh:
        fh.write(render_analysis(summary, top=top))
    files.append(out / "analysis.md")
    if html:
        from kg.viz import render_html

        title = "Actor network" + (
            f" — {_label(mdg.nodes[analysed.graph['ego']], '')}" if ego else ""
        )
        files.append(
            render_html(
                analysed,
                out / "network.html",
                title=title,
                scores={n: r["pagerank"] for n, r in metrics.items()},
            )
        )
    return AnalysisResult(
        out=out,
        network=analysed,
        metrics=metrics,
        camps=camp_list,
        frustration=frust,
        files=tuple(files),
    )
