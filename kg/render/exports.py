"""The actor network for other tools: GraphML and GEXF (Gephi), and the metrics as CSV.

One rule for every file: GraphML and GEXF have no null, so an attribute whose value is None is
left out of that node or edge (the attribute keeps one type: ``camp`` stays an integer);
lists are joined with ``"; "``; other non-scalar values are written as text; every text
(attribute values, node ids, edge keys) goes through :func:`kg.text.clean_text`, so a control
character in an article cannot make the XML invalid nor a bidi control reorder a label. Files
are written atomically; the graph handed in is never modified.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from kg.fileio import atomic_write_text, atomic_write_with
from kg.text import clean_text

__all__ = [
    "CAMP_COLORS",
    "flat_copy",
    "gexf_graph",
    "write_graphml",
    "write_gexf",
    "metrics_csv",
    "write_metrics_csv",
]

#: Node colours in the GEXF: one per camp (cycled), grey for nodes outside every camp.
CAMP_COLORS: tuple[str, ...] = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
)  # fmt: skip
_NO_CAMP = "#9a9a9a"
_PLACE = "#bcbd22"


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple, set)):
        return clean_text("; ".join(str(v) for v in value))
    if isinstance(value, (int, float, bool)):
        return value
    return clean_text(str(value))


def _key(value: Any) -> Any:
    """A node id or edge key: text cleaned, other hashables kept."""
    return clean_text(value) if isinstance(value, str) else value


def flat_copy(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` (same class) whose attributes GraphML and GEXF can hold.

    Example:
        >>> m = nx.MultiDiGraph()
        >>> _ = m.add_edge("a", "b", key="e1", mode=None, members=["x", "y"])
        >>> list(flat_copy(m).edges(keys=True, data=True))
        [('a', 'b', 'e1', {'members': 'x; y'})]
    """

    def flat(d: dict[str, Any]) -> dict[str, Any]:
        return {k: _flat(v) for k, v in d.items() if v is not None}

    out = graph.__class__()
    out.graph.update(flat(graph.graph))
    out.add_nodes_from((_key(n), flat(d)) for n, d in graph.nodes(data=True))
    if graph.is_multigraph():
        out.add_edges_from(
            (_key(u), _key(v), _key(k), flat(d)) for u, v, k, d in graph.edges(keys=True, data=True)
        )
    else:
        out.add_edges_from((_key(u), _key(v), flat(d)) for u, v, d in graph.edges(data=True))
    return out


def write_graphml(graph: nx.Graph, path: str | os.PathLike) -> Path:
    """Write ``graph`` as GraphML, atomically; returns the path.

    Example:
        >>> import tempfile, pathlib
        >>> m = nx.MultiDiGraph()
        >>> _ = m.add_edge("a", "b", key="e1", mode=None, event_type="ASSAULT")
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = write_graphml(m, pathlib.Path(d) / "g.graphml")
        ...     list(nx.read_graphml(p, force_multigraph=True).edges(keys=True, data=True))
        [('a', 'b', 'e1', {'event_type': 'ASSAULT'})]
    """
    flat = flat_copy(graph)
    return atomic_write_with(path, lambda fh: nx.write_graphml(flat, fh))


def _rgb(hex_colour: str) -> dict[str, int]:
    return {c: int(hex_colour[i : i + 2], 16) for c, i in (("r", 1), ("g", 3), ("b", 5))}


def gexf_graph(
    graph: nx.Graph, positions: dict[Any, tuple[float, float]] | None = None
) -> nx.Graph:
    """A :func:`flat_copy` of ``graph`` with Gephi's ``viz`` and time attributes.

    Nodes get ``viz`` colour by ``camp`` (:data:`CAMP_COLORS`; places olive, others grey), size
    by ``pagerank`` (5–50, by its square root relative to the largest) and position from
    ``positions`` (node → (x, y), scaled ×1000). Edges with a ``date`` get ``start`` = ``end``
    = that date, so Gephi's timeline shows each event on its day (undated edges and
    affiliations are always there); networkx then writes a dynamic graph, ``timeformat="date"``.

    Example:
        >>> m = nx.MultiDiGraph()
        >>> _ = m.add_edge("a", "b", key="e", date="2020-01-05", event_type="ASSAULT")
        >>> m.nodes["a"].update(camp=0, pagerank=0.6)
        >>> g = gexf_graph(m, {"a": (0.0, 1.0), "b": (1.0, 0.0)})
        >>> g.nodes["a"]["viz"]["color"], g.nodes["a"]["viz"]["position"]
        ({'r': 31, 'g': 119, 'b': 180}, {'x': 0.0, 'y': 1000.0, 'z': 0.0})
        >>> g.edges["a", "b", "e"]["start"]
        '2020-01-05'
    """
    flat = flat_copy(graph)
    ranks = [float(d.get("pagerank") or 0) for _, d in flat.nodes(data=True)]
    top = max(ranks, default=0) or 1.0
    for node, d in flat.nodes(data=True):
        camp = d.get("camp")
        colour = (
            CAMP_COLORS[int(camp) % len(CAMP_COLORS)]
            if isinstance(camp, int)
            else (_PLACE if d.get("kind") == "Place" else _NO_CAMP)
        )
        viz: dict[str, Any] = {
            "color": _rgb(colour),
            "size": round(5 + 45 * (float(d.get("pagerank") or 0) / top) ** 0.5, 2),
        }
        pos = (positions or {}).get(node)
        if pos is not None:
            viz["position"] = {"x": round(1000 * pos[0], 2), "y": round(1000 * pos[1], 2), "z": 0.0}
        d["viz"] = viz
    edges = flat.edges(data=True, keys=True) if flat.is_multigraph() else flat.edges(data=True)
    for *_, d in edges:
        date = d.get("date")
        if isinstance(date, str) and len(date) >= 10:
            d["start"] = d["end"] = date[:10]
    return flat


def write_gexf(
    graph: nx.Graph,
    path: str | os.PathLike,
    *,
    positions: dict[Any, tuple[float, float]] | None = None,
) -> Path:
    """Write ``graph`` as GEXF 1.2 (Gephi) with viz and time attributes (:func:`gexf_graph`).

    Written atomically; returns the path.
    """
    flat = gexf_graph(graph, positions)
    return atomic_write_with(path, lambda fh: nx.write_gexf(flat, fh))


def metrics_csv(rows: Iterable[dict[str, Any]], fields: Sequence[str]) -> str:
    """The text of a CSV table of ``rows`` with the columns ``fields`` (None as empty)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row[k] is None else _flat(row[k]) for k in fields})
    return buf.getvalue()


def write_metrics_csv(
    rows: Iterable[dict[str, Any]], fields: Sequence[str], path: str | os.PathLike
) -> Path:
    """Write :func:`metrics_csv` to ``path``, atomically."""
    return atomic_write_text(path, metrics_csv(rows, fields))
