"""The actor network: knowledge graph → networkx, and what analysts compute on it.

- :mod:`kg.network.actors`: :func:`actor_network` (by SPARQL on pyoxigraph), :func:`find_node`;
- :mod:`kg.network.metrics`: attacks made and received, PageRank, betweenness, communities;
- :mod:`kg.network.camps`: camps by structural balance (signed ties, frustration);
- :mod:`kg.network.views`: sub-units rolled into their parents, ego networks, time slices;
- :mod:`kg.network.events`: every event as a row (date or publication date, place, coordinates).

Renderers (:mod:`kg.render`) draw the numbers computed here; they compute none themselves.
"""

from kg.network.actors import AFFILIATIONS, actor_network, find_node, label
from kg.network.camps import EXACT_MAX_NODES, balance_partition, camps, frustration, signed_graph
from kg.network.events import EVENT_FIELDS, event_table, slice_events
from kg.network.metrics import (
    METRIC_FIELDS,
    actor_metrics,
    centrality,
    conflict_pairs,
    summary_graph,
)
from kg.network.views import as_iso, ego_network, rollup, time_slice

__all__ = [
    "AFFILIATIONS",
    "EVENT_FIELDS",
    "EXACT_MAX_NODES",
    "METRIC_FIELDS",
    "actor_metrics",
    "actor_network",
    "as_iso",
    "balance_partition",
    "camps",
    "centrality",
    "conflict_pairs",
    "ego_network",
    "event_table",
    "find_node",
    "frustration",
    "label",
    "rollup",
    "signed_graph",
    "slice_events",
    "summary_graph",
    "time_slice",
]
