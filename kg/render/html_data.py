r"""The data of the interactive network page: actors, events, pairs, escaped for a ``<script>``.

:func:`page_data` turns an actor network into the compact JSON the page's script works on
(one record per actor and per event); :func:`script_json` serialises it so that nothing in
it can end the ``<script>`` element it sits in (``<``, ``>``, ``&``, U+2028 and U+2029 become
escapes such as ``\u003c``, which ``JSON.parse`` reads back as the same characters). The first view
the page draws (:func:`initial_view`: the top actors by centrality and one edge per actor
pair) is computed here with the rule the script uses for every later view.

Example:
    >>> script_json({"name": "</script><b>x</b>"})
    '{"name":"\\u003c/script\\u003e\\u003cb\\u003ex\\u003c/b\\u003e"}'
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

import networkx as nx

from kg.text import clean_text, normalize

__all__ = ["DEFAULT_TOP", "EVENT_FIELDS", "fold_table", "initial_view", "page_data", "script_json"]

#: How many actors (by centrality) the page shows before "show all".
DEFAULT_TOP = 150

#: The fields of one event record in the page data, in order.
EVENT_FIELDS: tuple[str, ...] = (
    "source",
    "target",
    "event_type",
    "quad",
    "date",
    "mode",
    "claimed_by",
    "evidence",
    "event",
    "reports",
    "relation",
    "contested",
)

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028"}
_SCRIPT_ESCAPES["\u2029"] = "\\u2029"


def script_json(value: Any) -> str:
    """JSON text that is safe inside a ``<script>`` element (no ``</script>`` breakout)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return "".join(_SCRIPT_ESCAPES.get(ch, ch) for ch in text)


def fold_table() -> dict[str, str]:
    """The folding of :func:`kg.text.normalize` on the Arabic block and invisible characters.

    ``{character: its normalized form}`` for every character it changes (``""`` when it is
    dropped), so that the page's search box folds a query exactly as the search keys were
    folded here (ASCII is lower-cased by the script itself).

    >>> fold_table()["أ"], fold_table()["ة"], fold_table()["\u064e"]
    ('ا', 'ه', '')
    """
    codes = [*range(0x0600, 0x0700), *range(0x06F0, 0x06FA), *range(0x200B, 0x2010)]
    codes += [*range(0x202A, 0x202F), 0xFEFF, 0x06A9, 0x06CC]
    table = {}
    for code in codes:
        ch = chr(code)
        form = normalize(ch)
        if form != ch:
            table[ch] = form
    return table


def _text(value: Any) -> str | None:
    return clean_text(str(value)) if value not in (None, "") else None


def _event_record(index: dict[Any, int], u: Any, v: Any, d: dict[str, Any]) -> list[Any]:
    record: list[Any] = [index[u], index[v]]
    for name in EVENT_FIELDS[2:]:
        value = d.get(name)
        record.append(value if name == "reports" else _text(value))
    return record


def _search_key(d: dict[str, Any], node: Any) -> str:
    iri = str(d.get("iri") or node)
    parts = [d.get("label_ar"), d.get("label_en"), d.get("label"), iri.rsplit("/", 1)[-1]]
    return normalize(clean_text(" | ".join(p for p in parts if p)))


def ranked(mdg: nx.MultiDiGraph, scores: Mapping[Any, float]) -> list[Any]:
    """The nodes by decreasing score, then by key (the page's order for "top N")."""
    return sorted(mdg, key=lambda n: (-float(scores.get(n, 0.0)), str(n)))


def initial_view(
    mdg: nx.MultiDiGraph, scores: Mapping[Any, float], top: int = DEFAULT_TOP
) -> tuple[list[Any], dict[tuple[Any, Any], list[tuple[Any, Any, dict[str, Any]]]]]:
    """The first view: the ``top`` nodes by score and their edges grouped per node pair.

    Returns:
        ``(nodes, pairs)``: the nodes shown, and for each unordered pair (ordered as in
        the graph's node order) its edges ``(u, v, data)``, events and affiliations.
    """
    order = {n: i for i, n in enumerate(mdg)}
    shown = ranked(mdg, scores)[:top]
    keep = set(shown)
    pairs: dict[tuple[Any, Any], list[tuple[Any, Any, dict[str, Any]]]] = defaultdict(list)
    for u, v, d in mdg.edges(data=True):
        if u in keep and v in keep:
            a, b = sorted((u, v), key=order.__getitem__)
            pairs[(a, b)].append((u, v, d))
    return shown, dict(pairs)


def pair_summary(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts of one actor pair's edges: events, by class, and the class it is drawn in."""
    classes = Counter()
    for d in events:
        quad = d.get("quad") or ""
        classes[
            "conflict"
            if quad.endswith("Conflict")
            else "cooperation"
            if quad.endswith("Cooperation")
            else "affiliation"
        ] += 1
    n_events = classes["conflict"] + classes["cooperation"]
    if n_events == 0:
        cls = "affiliation"
    else:
        cls = "conflict" if classes["conflict"] >= classes["cooperation"] else "cooperation"
    return {"events": n_events, "class": cls, "total": len(events), **classes}


def page_data(
    mdg: nx.MultiDiGraph,
    *,
    scores: Mapping[Any, float],
    positions: Mapping[str, Mapping[Any, tuple[float, float]]] | None = None,
    camps: list[dict[str, Any]] | None = None,
    top: int = DEFAULT_TOP,
) -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON-ready values (text cleaned).

    Args:
        mdg: the actor network (:func:`kg.network.actor_network`), nodes possibly carrying
            ``camp`` (from ``kg analyze``). Not modified.
        scores: centrality per node (the order of "top N" and node sizes).
        positions: ``{"top": {node: (x, y)}, "all": {...}}`` precomputed layouts (large
            graphs), or None when the browser lays the graph out.
        camps: :func:`kg.network.camps` output, for the camp names in the legend.
        top: how many actors the default view shows.
    """
    positions = positions or {}
    index = {n: i for i, n in enumerate(mdg)}
    nodes = []
    for node, d in mdg.nodes(data=True):
        rec: dict[str, Any] = {
            "id": clean_text(str(node)),
            "ar": _text(d.get("label_ar")),
            "en": _text(d.get("label_en")),
            "label": _text(d.get("label")) or clean_text(str(node)),
            "kind": d.get("kind") or "Actor",
            "country": _text(d.get("country")),
            "score": round(float(scores.get(node, 0.0)), 6),
            "camp": d.get("camp"),
            "q": _search_key(d, node),
        }
        for view, pos in positions.items():
            if node in pos:
                rec[view] = [round(pos[node][0], 1), round(pos[node][1], 1)]
        nodes.append(rec)
    events = [_event_record(index, u, v, d) for u, v, d in mdg.edges(data=True)]
    camp_names = {
        str(c["camp"]): {"name": clean_text(str(c["name"])), "size": c["size"]} for c in camps or []
    }
    return {
        "nodes": nodes,
        "fields": list(EVENT_FIELDS),
        "events": events,
        "camps": camp_names,
        "top": top,
        "fold": fold_table(),
    }
