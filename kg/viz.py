"""Render the actor network as one self-contained, offline HTML page (pyvis / vis-network).

Article text is untrusted, so every piece of text that reaches the page (labels, tooltips,
the heading, the legend) goes through :func:`html.escape`. vis-network 9.1.2, the version
pyvis 0.3.2 inlines, shows a string ``title`` with ``innerText`` (only DOM elements are
inserted as markup), which would display ``&lt;`` literally; a small inline script therefore
decodes each escaped title inside a ``<textarea>`` (RCDATA: no element can be created) and
gives vis a ``<div>`` filled with ``textContent``, so tooltips show the original text and
never parse it as markup. The escaping still matters where pyvis itself uses
``innerHTML``: the node popup template it switches to when a node title contains ``href``
(node titles then stay escaped strings), and the ``<h1>`` heading it renders unescaped (we
never pass it one).

pyvis always links Bootstrap from a CDN; those tags are removed, and the page is checked to
load nothing remote before it is written.

Example:
    >>> import networkx as nx, tempfile, pathlib
    >>> m = nx.MultiDiGraph()
    >>> m.add_node("a", label="الجيش الوطني الليبي", label_ar="الجيش الوطني الليبي",
    ...            label_en="Libyan National Army", kind="ArmedForce", iri="a")
    >>> m.add_node("b", label="تركيا", label_ar="تركيا", label_en="Turkey", kind="State", iri="b")
    >>> _ = m.add_edge("a", "b", key="e1", event_type="ASSAULT", quad="MaterialConflict")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     page = render_html(m, pathlib.Path(d) / "net.html").read_text(encoding="utf-8")
    >>> "Libyan National Army" in page and "cdn.jsdelivr" not in page
    True
"""

from __future__ import annotations

import html
import json
import os
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from kg.fileio import atomic_write_text

__all__ = [
    "KIND_COLORS",
    "EDGE_COLORS",
    "FONT_FACE",
    "PHYSICS_MAX_NODES",
    "to_html",
    "render_html",
]

#: Node colour per entity kind (kg class local name); ``Actor`` is the untyped fallback.
KIND_COLORS: dict[str, str] = {
    "State": "#4e79a7",
    "Government": "#a0cbe8",
    "ArmedForce": "#f28e2b",
    "ArmedGroup": "#d37295",
    "Operation": "#ffbe7d",
    "Person": "#b07aa1",
    "IntergovernmentalOrganization": "#499894",
    "Organization": "#edc948",
    "Group": "#9c755f",
    "Civilians": "#bab0ac",
    "Place": "#86bcb6",
    "Actor": "#cccccc",
}

#: Edge colour for conflict and cooperation quads and for affiliation relations.
EDGE_COLORS: dict[str, str] = {
    "conflict": "#d62728",
    "cooperation": "#2ca02c",
    "affiliation": "#9e9e9e",
}

#: A font stack whose members cover Arabic (Noto Naskh, KACST) with a Latin fallback.
FONT_FACE = "Noto Naskh Arabic, KacstOne, DejaVu Sans, sans-serif"

#: Above this many nodes, positions come from ``nx.spring_layout`` and physics is off.
PHYSICS_MAX_NODES = 200

_REMOTE_TAG = re.compile(
    r"""<script\b[^>]*\bsrc\s*=\s*["']?\s*(?:https?:)?//[^>]*>\s*</script\s*>"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//[^>]*>""",
    re.IGNORECASE | re.DOTALL,
)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)
# pyvis's template keeps a commented-out <link>/<script> pair pointing at ../node_modules
_DEAD_COMMENT = re.compile(r"<!--(?:(?!-->).)*node_modules(?:(?!-->).)*-->", re.DOTALL)


def _esc(value: Any) -> str:
    """Escape text for HTML element content (quotes kept: never used in attributes)."""
    return html.escape("" if value is None else str(value), quote=False)


def _edge_class(data: dict[str, Any]) -> str:
    quad = data.get("quad") or ""
    if quad.endswith("Conflict"):
        return "conflict"
    if quad.endswith("Cooperation"):
        return "cooperation"
    return "affiliation"


def _node_label(d: dict[str, Any], node: Any) -> str:
    ar, en = d.get("label_ar"), d.get("label_en")
    parts = [p for p in (ar, en) if p]
    if len(parts) == 2 and ar == en:
        parts = [ar]
    return "\n".join(parts) or str(d.get("label") or node)


def _node_tooltip(d: dict[str, Any], node: Any, score: float) -> str:
    lines = [_node_label(d, node), f"kind: {d.get('kind') or 'Actor'}"]
    lines.append(f"iri: {d.get('iri') or node}")
    lines.append(f"centrality: {score:.3f}")
    return "\n".join(_esc(line) for line in lines)


def _edge_tooltip(d: dict[str, Any]) -> str:
    if not d.get("event_type"):
        return _esc(d.get("relation") or "")
    lines = [f"{d['event_type']} ({d.get('quad') or '?'})"]
    for name in ("mode", "date", "claimed_by", "reports"):
        if d.get(name) not in (None, ""):
            lines.append(f"{name.replace('_', ' ')}: {d[name]}")
    if d.get("evidence"):
        lines.append(f"«{d['evidence']}»")
    if d.get("event"):
        lines.append(str(d["event"]))
    return "\n".join(_esc(line) for line in lines)


def _legend(mdg: nx.MultiDiGraph) -> str:
    kinds = sorted({d.get("kind") or "Actor" for _, d in mdg.nodes(data=True)})
    items = [
        f'<li><span class="kg-swatch" style="background:{KIND_COLORS.get(k, KIND_COLORS["Actor"])}">'
        f"</span>{_esc(k)}</li>"
        for k in kinds
    ]
    items += [
        f'<li><span class="kg-line" style="background:{color}"></span>{_esc(name)}</li>'
        for name, color in EDGE_COLORS.items()
    ]
    return '<ul class="kg-legend" dir="auto">' + "".join(items) + "</ul>"


def _head(title: str) -> str:
    return f"""<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(title)}</title>
<style>
  body {{ font-family: {FONT_FACE}; margin: 8px; }}
  .kg-header h1 {{ font-size: 1.4em; margin: 4px 0; }}
  .kg-legend {{ list-style: none; padding: 0; margin: 4px 0 8px; display: flex;
               flex-wrap: wrap; gap: 4px 16px; font-size: 0.9em; }}
  .kg-swatch {{ display: inline-block; width: 12px; height: 12px; border-radius: 50%;
               margin-inline-end: 4px; vertical-align: middle; }}
  .kg-line {{ display: inline-block; width: 22px; height: 3px; margin-inline-end: 4px;
             vertical-align: middle; }}
  #mynetwork div.vis-tooltip {{ font-family: {FONT_FACE}; white-space: pre-wrap; max-width: 36em;
                    unicode-bidi: plaintext; text-align: start; }}
</style>
"""


_STOP_PHYSICS = """<script type="text/javascript">
  if (typeof network !== "undefined" && network) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
    });
  }
</script>
"""

# Tooltips are stored HTML-escaped. vis-network shows a string title with innerText, which
# would display "&lt;" literally; instead, decode the entities in a <textarea> (RCDATA: no
# element can be created) and hand vis a <div> whose content is set with textContent.
_TEXT_TOOLTIPS = """<script type="text/javascript">
  (function () {
    function textTitle(s) {
      var t = document.createElement("textarea");
      t.innerHTML = s;
      var d = document.createElement("div");
      d.textContent = t.value;
      return d;
    }
    function convert(ds) {
      ds.update(ds.get({filter: function (x) { return typeof x.title === "string"; }})
        .map(function (x) { return {id: x.id, title: textTitle(x.title)}; }));
    }
    if (typeof nodes !== "undefined" && nodes) { NODES_CONVERT }
    if (typeof edges !== "undefined" && edges) { convert(edges); }
  })();
</script>
"""


def _options(physics: bool) -> dict[str, Any]:
    opts: dict[str, Any] = {
        "layout": {"randomSeed": 42},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "edges": {"smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.15}},
    }
    if physics:
        opts["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -9000,
                "centralGravity": 0.3,
                "springLength": 180,
                "springConstant": 0.04,
                "damping": 0.09,
                "avoidOverlap": 0.3,
            },
            "stabilization": {"enabled": True, "iterations": 1000, "fit": True},
        }
    else:
        opts["physics"] = {"enabled": False}
    return opts


def to_html(
    mdg: nx.MultiDiGraph,
    *,
    title: str = "Actor network",
    scores: dict[Any, float] | None = None,
    height: str = "760px",
) -> str:
    """Return the offline HTML page of the network (what :func:`render_html` writes).

    Args:
        mdg: an actor network as built by :func:`kg.network.actor_network`. Not modified.
        title: page heading (escaped).
        scores: node sizes; defaults to :func:`kg.network.centrality`.
        height: CSS height of the canvas.

    Returns:
        A complete HTML document with vis-network inlined and no remote resources; useful
        to embed in a notebook (``IPython.display.HTML``).
    """
    from pyvis.edge import Edge
    from pyvis.network import Network

    from kg.network import centrality

    if scores is None:
        scores = centrality(mdg)
    top = max(scores.values(), default=0.0) or 1.0
    n = mdg.number_of_nodes()
    physics = n <= PHYSICS_MAX_NODES
    positions: dict[Any, Any] = {}
    if not physics:
        # a simple undirected copy: the layout must not depend on edge multiplicity order
        positions = nx.spring_layout(nx.Graph(mdg), seed=42, scale=60.0 * n**0.5)

    net = Network(
        height=height,
        width="100%",
        directed=True,
        cdn_resources="in_line",
        heading="",
        bgcolor="#ffffff",
    )
    font = {"face": FONT_FACE, "size": 15, "multi": False}
    for node, d in mdg.nodes(data=True):
        kind = d.get("kind") or "Actor"
        score = float(scores.get(node, 0.0))
        extra: dict[str, Any] = {}
        if not physics:
            x, y = positions[node]
            extra = {"x": float(x), "y": float(y), "physics": False}
        net.add_node(
            str(node),
            label=_esc(_node_label(d, node)),
            title=_node_tooltip(d, node, score),
            color=KIND_COLORS.get(kind, KIND_COLORS["Actor"]),
            shape="dot",
            size=round(10 + 30 * (score / top) ** 0.5, 2),
            font=dict(font),
            **extra,
        )

    # parallel edges (either direction) get increasing curvature so that they stay visible
    seen: dict[frozenset, int] = defaultdict(int)
    for u, v, d in mdg.edges(data=True):
        pair = frozenset((u, v))
        rank = seen[pair]
        seen[pair] += 1
        cls = _edge_class(d)
        opts = {
            "label": _esc(d.get("event_type") or d.get("relation") or ""),
            "title": _edge_tooltip(d),
            "color": EDGE_COLORS[cls],
            "width": 1.5 if cls == "affiliation" else 2.5,
            "dashes": cls == "affiliation",
            "font": {"face": FONT_FACE, "size": 11, "align": "middle"},
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.12 + 0.18 * rank},
        }
        # Edge() directly: Network.add_edge scans the node list twice per edge
        net.edges.append(Edge(str(u), str(v), True, **opts).options)

    net.set_options(json.dumps(_options(physics)))
    page = net.generate_html()

    page = _REMOTE_TAG.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = _DEAD_COMMENT.sub("", page)
    page = page.replace("<html>", '<html lang="ar" dir="ltr">', 1)
    page = page.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + _head(title), 1)
    header = f'<header class="kg-header"><h1 dir="auto">{_esc(title)}</h1>{_legend(mdg)}</header>'
    page = page.replace("<body>", "<body>\n" + header, 1)
    # pyvis switches node tooltips to its own innerHTML popup when a title contains "href";
    # that popup needs string titles (still escaped, hence safe), so leave nodes alone then
    nodes_convert = "" if 'class="popup"' in page or "div.popup" in page else "convert(nodes);"
    scripts = _TEXT_TOOLTIPS.replace("NODES_CONVERT", nodes_convert)
    if physics:
        scripts += _STOP_PHYSICS
    page = page.replace("</body>", scripts + "</body>", 1)
    if _REMOTE_TAG.search(page):  # pragma: no cover - a future pyvis template
        raise RuntimeError("the pyvis page still loads a remote resource")
    return page


def render_html(
    mdg: nx.MultiDiGraph,
    path: str | os.PathLike,
    *,
    title: str = "Actor network",
    scores: dict[Any, float] | None = None,
    height: str = "760px",
) -> Path:
    """Write the network as a self-contained offline HTML page, atomically.

    Nodes are coloured by ``kind`` (:data:`KIND_COLORS`, with a legend), labelled in Arabic
    and English, and sized by centrality; edges are red for conflict, green for
    cooperation and grey (dashed) for affiliation, labelled with the event type or the
    relation, with a tooltip giving type, mode, date, claimants and the evidence sentence.
    Up to :data:`PHYSICS_MAX_NODES` nodes, Barnes-Hut physics lays the graph out (and is
    switched off once stabilised); above, ``nx.spring_layout(seed=42)`` positions are fixed.

    Args:
        mdg: an actor network (:func:`kg.network.actor_network`). Not modified.
        path: the HTML file to write; its directory is created.
        title: page heading (escaped).
        scores: node sizes; defaults to :func:`kg.network.centrality`.
        height: CSS height of the canvas.

    Returns:
        The path written.
    """
    return atomic_write_text(path, to_html(mdg, title=title, scores=scores, height=height))
