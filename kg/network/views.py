"""Views of the actor network: sub-units rolled into their parents, ego networks, time slices."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from kg.network.actors import find_node

__all__ = ["rollup", "ego_network", "time_slice", "as_iso"]


def rollup(
    mdg: nx.MultiDiGraph,
    *,
    relation: str = "partOf",
    stop_kinds: tuple[str, ...] = ("State", "Place"),
) -> nx.MultiDiGraph:
    """Merge sub-units into their parent organisations (``LNA Air Force`` → ``LNA``).

    Every node with a ``relation`` edge (``kg:partOf`` by default) to a parent is merged
    into the parent, transitively (a unit of a unit ends at the top organisation), except
    into parents whose ``kind`` is in ``stop_kinds``: a government that is ``partOf`` its
    state stays itself. A node with several parents goes to the smallest IRI among them.
    Edges are moved to the merged ends; the ``relation`` edges that become self-loops are
    dropped, events between merged units stay as self-loops. A merged node keeps its own
    attributes and gets ``members``: the sorted keys of the nodes merged into it, itself
    included (``[]`` for nodes that absorbed nothing).

    Args:
        mdg: an actor network (:func:`actor_network`). Not modified.
        relation: the affiliation that means "is a sub-unit of".
        stop_kinds: kinds of parents nothing is merged into.

    Returns:
        A new ``nx.MultiDiGraph``.

    Example:
        >>> m = nx.MultiDiGraph()
        >>> m.add_nodes_from(["lna", "af", "tur"], kind="ArmedForce")
        >>> _ = m.add_edge("af", "lna", key="partOf:af", relation="partOf")
        >>> _ = m.add_edge("af", "tur", key="e1", event_type="ASSAULT", quad="MaterialConflict")
        >>> r = rollup(m)
        >>> sorted(r), list(r.edges(keys=True)), r.nodes["lna"]["members"]
        (['lna', 'tur'], [('lna', 'tur', 'e1')], ['af', 'lna'])
    """
    parent: dict[Any, Any] = {}
    for u, v, d in mdg.edges(data=True):
        if d.get("relation") != relation or u == v:
            continue
        if mdg.nodes[v].get("kind") in stop_kinds:
            continue
        if u not in parent or str(v) < str(parent[u]):
            parent[u] = v

    def top(node: Any) -> Any:
        seen = {node}
        while node in parent and parent[node] not in seen:
            node = parent[node]
            seen.add(node)
        return node

    root = {n: top(n) for n in mdg}
    members: dict[Any, list] = defaultdict(list)
    for n, r in root.items():
        if n != r:
            members[r].append(n)
    out = nx.MultiDiGraph(**mdg.graph)
    for n, d in mdg.nodes(data=True):
        if root[n] == n:
            merged = sorted([n, *members[n]], key=str) if members[n] else []
            out.add_node(n, **{**d, "members": merged})
    for u, v, k, d in mdg.edges(keys=True, data=True):
        ru, rv = root[u], root[v]
        if ru == rv and d.get("relation") == relation:
            continue
        if out.has_edge(ru, rv, k):  # the same affiliation from two merged members
            continue
        out.add_edge(ru, rv, key=k, **d)
    return out


def ego_network(mdg: nx.MultiDiGraph, node: str, radius: int = 1) -> nx.MultiDiGraph:
    """The actors within ``radius`` steps of ``node`` (edges in either direction).

    ``node`` is resolved by :func:`find_node` (IRI, IRI local name or label). All edges
    between the kept nodes are kept; ``graph["ego"]`` is the centre.

    Example:
        >>> m = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
        >>> sorted(ego_network(m, "a")), sorted(ego_network(m, "a", radius=2))
        (['a', 'b'], ['a', 'b', 'c'])
    """
    centre = find_node(mdg, node)
    keep = set(nx.ego_graph(mdg, centre, radius=radius, undirected=True))
    # Rebuilt in mdg's order: a subgraph view of a few nodes iterates them in set order,
    # which changes with string hashing from one run to the next.
    ego = nx.MultiDiGraph()
    ego.add_nodes_from((n, d) for n, d in mdg.nodes(data=True) if n in keep)
    ego.add_edges_from(
        (u, v, k, d) for u, v, k, d in mdg.edges(keys=True, data=True) if u in keep and v in keep
    )
    ego.graph.update(mdg.graph)
    ego.graph["ego"] = centre
    return ego


def as_iso(value: Any) -> str | None:
    """A date as an ISO string (strings as they are; None stays None)."""
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def time_slice(
    mdg: nx.MultiDiGraph,
    since: Any = None,
    until: Any = None,
    *,
    keep_undated: bool = False,
) -> nx.MultiDiGraph:
    """The events dated between ``since`` and ``until`` (inclusive), by ``kg:date``.

    Bounds are ``datetime.date`` objects or ISO strings (``"2020-01"`` compares as a prefix:
    ``until="2020-01"`` keeps all of January); ``None`` leaves that side open. Undated events
    are dropped when a bound is given, unless ``keep_undated``. The nodes kept are those of
    the kept events; affiliation edges are kept when one of their ends is such a node (as in
    :func:`actor_network`).

    Example:
        >>> m = nx.MultiDiGraph()
        >>> _ = m.add_edge("a", "b", key="e1", event_type="ASSAULT", date="2020-01-05")
        >>> _ = m.add_edge("a", "c", key="e2", event_type="ASSAULT", date="2020-02-01")
        >>> _ = m.add_edge("a", "d", key="e3", event_type="ASSAULT", date=None)
        >>> list(time_slice(m, until="2020-01").edges(keys=True))
        [('a', 'b', 'e1')]
        >>> sorted(k for *_, k in time_slice(m, "2020-01-06", keep_undated=True).edges(keys=True))
        ['e2', 'e3']
    """
    lo, hi = as_iso(since), as_iso(until)

    def keep(date: str | None) -> bool:
        if date is None or date == "":
            return keep_undated or (lo is None and hi is None)
        if lo is not None and date < lo:
            return False
        return hi is None or date[: len(hi)] <= hi

    out = nx.MultiDiGraph(**mdg.graph)
    events = [
        (u, v, k, d)
        for u, v, k, d in mdg.edges(keys=True, data=True)
        if d.get("event_type") and keep(d.get("date"))
    ]
    nodes = {u for u, *_ in events} | {v for _, v, *_ in events}
    affiliations = [
        (u, v, k, d)
        for u, v, k, d in mdg.edges(keys=True, data=True)
        if not d.get("event_type") and (u in nodes or v in nodes)
    ]
    keep_nodes = nodes | {u for u, *_ in affiliations} | {v for _, v, *_ in affiliations}
    out.add_nodes_from((n, dict(d)) for n, d in mdg.nodes(data=True) if n in keep_nodes)
    out.add_edges_from((u, v, k, dict(d)) for u, v, k, d in events + affiliations)
    out.graph["since"], out.graph["until"] = lo, hi
    return out
