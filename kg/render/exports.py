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

__all__ = ["flat_copy", "write_graphml", "write_gexf", "metrics_csv", "write_metrics_csv"]


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


def write_gexf(graph: nx.Graph, path: str | os.PathLike) -> Path:
    """Write ``graph`` as GEXF (Gephi), atomically; returns the path."""
    flat = flat_copy(graph)
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
