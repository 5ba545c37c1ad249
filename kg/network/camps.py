"""Camps by structural balance: who sides with whom, from who fights and helps whom.

:func:`signed_graph` turns the actor network into a signed graph (conflict ties negative,
cooperation and affiliation ties positive) and :func:`balance_partition` splits it into camps:
the partition that minimises the *frustration* (:func:`frustration`: negative ties inside a
camp plus positive ties across camps). :func:`camps` describes each camp.

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

from collections import defaultdict
from typing import Any

import networkx as nx

from kg.network.actors import label

__all__ = ["EXACT_MAX_NODES", "signed_graph", "frustration", "balance_partition", "camps"]

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
                "name": label(sg.nodes[lead], lead) if lead in sg else str(lead),
                "members": members,
                "labels": [label(sg.nodes[n], n) for n in members],
                "size": len(members),
                "internal_conflict": inside,
                "broken_alliances": across,
                "opponents": sorted(opponents),
            }
        )
    return out
