"""Seeded force-directed layouts for large actor networks, with components packed in rows.

Example:
    >>> import networkx as nx
    >>> g = nx.Graph([(0, 1), (1, 2), (3, 4)])
    >>> pos = packed_layout(g, seed=1)
    >>> sorted(pos) == [0, 1, 2, 3, 4] and pos == packed_layout(g, seed=1)
    True
"""

from __future__ import annotations

from typing import Any

import networkx as nx

__all__ = ["induced", "layout", "packed_layout"]


def _sum_by(index: Any, values: Any, n: int) -> Any:
    import numpy as np

    return np.stack(
        [
            np.bincount(index, values[:, 0], minlength=n),
            np.bincount(index, values[:, 1], minlength=n),
        ],
        axis=1,
    )


def layout(
    graph: nx.Graph, *, seed: int = 42, iterations: int = 60, scale: float = 1.0
) -> dict[Any, tuple[float, float]]:
    """Node positions for large graphs: a force-directed layout fast enough for 5,000 nodes.

    Fruchterman–Reingold forces (springs along edges, repulsion between nodes) with two
    approximations that keep each step linear in practice: repulsion between close nodes is
    exact (pairs within unit distance, from a k-d tree), repulsion from far nodes comes from
    the mass centres of a 16 × 16 grid. ~0.7 s for 5,000 nodes (``nx.spring_layout`` takes
    ~60 s here). Deterministic for a given ``seed``. Falls back to ``nx.spring_layout``
    without scipy.

    Returns:
        ``{node: (x, y)}``, centred on 0, about ``scale * 1.5 * sqrt(n)`` wide.

    Example:
        >>> pos = layout(nx.path_graph(4), seed=1)
        >>> sorted(pos) == [0, 1, 2, 3] and pos == layout(nx.path_graph(4), seed=1)
        True
    """
    import numpy as np

    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    try:
        from scipy.spatial import cKDTree
    except ImportError:  # pragma: no cover - scipy is installed with the test extra
        pos = nx.spring_layout(graph, seed=seed, scale=scale * 0.75 * n**0.5)
        return {v: (float(x), float(y)) for v, (x, y) in pos.items()}
    index = {v: i for i, v in enumerate(nodes)}
    edges = np.array(
        [(index[u], index[v]) for u, v in graph.edges() if u != v], dtype=np.int64
    ).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    side = 1.5 * np.sqrt(n)
    pos = rng.uniform(0, side, (n, 2))
    temp = side / 8
    cool = temp / (iterations + 1)
    grid = 16
    for _ in range(iterations):
        disp = np.zeros_like(pos)
        lo = pos.min(0)
        span = np.maximum(pos.max(0) - lo, 1e-9)
        cell = np.minimum(((pos - lo) / span * grid).astype(np.int64), grid - 1)
        cid = cell[:, 0] * grid + cell[:, 1]
        mass = np.bincount(cid, minlength=grid * grid).astype(float)
        centre = _sum_by(cid, pos, grid * grid) / np.maximum(mass, 1)[:, None]
        occupied = mass > 0
        centre, mass = centre[occupied], mass[occupied]
        dx = pos[:, 0, None] - centre[None, :, 0]
        dy = pos[:, 1, None] - centre[None, :, 1]
        w = mass / np.maximum(dx * dx + dy * dy, 1.0)
        disp[:, 0] += (dx * w).sum(1)
        disp[:, 1] += (dy * w).sum(1)
        pairs = cKDTree(pos).query_pairs(1.0, output_type="ndarray")
        if len(pairs):
            a, b = pairs[:, 0], pairs[:, 1]
            d = pos[a] - pos[b]
            f = d / np.maximum((d**2).sum(1), 1e-4)[:, None]
            disp += _sum_by(a, f, n) - _sum_by(b, f, n)
        if len(edges):
            d = pos[edges[:, 0]] - pos[edges[:, 1]]
            f = d * np.sqrt((d**2).sum(1))[:, None]
            disp += _sum_by(edges[:, 1], f, n) - _sum_by(edges[:, 0], f, n)
        length = np.maximum(np.sqrt((disp**2).sum(1)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp -= cool
    pos = (pos - pos.mean(0)) * scale
    return {v: (float(x), float(y)) for v, (x, y) in zip(nodes, pos, strict=True)}


def induced(graph: nx.Graph, nodes: list[Any]) -> nx.Graph:
    """The subgraph on ``nodes``, as a new graph whose nodes and edges keep that order.

    (``graph.subgraph`` iterates its nodes in the order of a set: by hash, which changes
    from one process to the next, and with it a layout's positions.)
    """
    rank = {n: i for i, n in enumerate(nodes)}
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from(
        sorted(
            ((u, v) for u in nodes for v in graph[u] if v in rank and rank[u] < rank[v]),
            key=lambda e: (rank[e[0]], rank[e[1]]),
        )
    )
    return sub


def packed_layout(
    graph: nx.Graph, *, seed: int = 42, scale: float = 1.0, gap: float = 2.0
) -> dict[Any, tuple[float, float]]:
    """Lay out each connected component with :func:`layout`, then pack them in rows.

    A force layout of a graph with many small components flings the fragments to a far
    ring around the main component; here the largest component comes first and the others
    follow, largest first, in rows as wide as the largest one (at least ``sqrt`` of the
    total area), ``gap * scale`` apart. Deterministic for a given ``seed``.

    Returns:
        ``{node: (x, y)}``.
    """
    comps = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(map(str, c))))
    boxes = []
    for comp in comps:
        sub = induced(graph, sorted(comp, key=str))
        if len(comp) <= 3:  # a pair or a triple: a row, no need for forces
            pos = {v: (i * scale * 1.5, 0.0) for i, v in enumerate(sub)}
        else:
            pos = layout(sub, seed=seed, scale=scale)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        boxes.append((pos, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    pad = gap * scale
    area = sum((w + pad) * (h + pad) for *_, w, h in boxes)
    width = max([boxes[0][3] if boxes else 0.0, area**0.5])
    out: dict[Any, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for pos, x0, y0, w, h in boxes:
        if x > 0 and x + w > width:
            x, y, row_h = 0.0, y + row_h + pad, 0.0
        for node, (px, py) in pos.items():
            out[node] = (round(x + px - x0, 3), round(y + py - y0, 3))
        x += w + pad
        row_h = max(row_h, h)
    return out
