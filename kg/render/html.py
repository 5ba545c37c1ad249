"""Render the actor network as one self-contained, offline HTML page (pyvis / vis-network).

Article text is untrusted, so every piece of text that reaches the page (labels, tooltips,
the heading, the legend) goes through :func:`html.escape`, after :func:`kg.text.clean_text`
has dropped control and bidi control characters. vis-network 9.1.2, the version
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
    ...     path = render_html(m, pathlib.Path(d) / "net.html", scores={"a": 0.6, "b": 0.4})
    ...     page = path.read_text(encoding="utf-8")
    >>> "Libyan National Army" in page and "cdn.jsdelivr" not in page
    True
"""

from __future__ import annotations

import html
import json
import os
import re
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from kg.fileio import atomic_write_text
from kg.text import clean_text

__all__ = [
    "KIND_COLORS",
    "EDGE_COLORS",
    "FONT_FACE",
    "PHYSICS_MAX_NODES",
    "KIND_SHAPES",
    "layout",
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

#: Node shape per kind; every other kind (the actors) is a ``dot``.
KIND_SHAPES: dict[str, str] = {"Place": "square"}

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
    """Escape text for HTML element content (quotes kept: never used in attributes).

    Control and bidi control characters are dropped first (:func:`kg.text.clean_text`).
    """
    return html.escape(clean_text("" if value is None else str(value)), quote=False)


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
    for name in ("camp", "community"):
        if d.get(name) not in (None, ""):
            lines.append(f"{name}: {d[name]}")
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
    items += [
        '<li><span class="kg-shape">&#9679;</span>actor</li>',
        '<li><span class="kg-shape">&#9632;</span>place</li>',
    ]
    return '<ul class="kg-legend" dir="auto">' + "".join(items) + "</ul>"


#: The language toggle: which node labels to show (the DataSet items carry both).
_LANG_TOGGLE = """<div class="kg-lang" role="group" aria-label="labels">
  <button type="button" data-kg-lang="both" aria-pressed="true">عربي + English</button>
  <button type="button" data-kg-lang="ar" aria-pressed="false" lang="ar">عربي</button>
  <button type="button" data-kg-lang="en" aria-pressed="false" lang="en">English</button>
</div>"""

_LANG_SCRIPT = """<script type="text/javascript">
  (function () {
    function pick(n, mode) {
      var ar = n.label_ar || "", en = n.label_en || "";
      if (mode === "ar") { return ar || en || n.label_both; }
      if (mode === "en") { return en || ar || n.label_both; }
      return n.label_both;
    }
    function setLang(mode) {
      if (typeof nodes === "undefined" || !nodes) { return; }
      nodes.update(nodes.get({fields: ["id", "label_ar", "label_en", "label_both"]})
        .map(function (n) { return {id: n.id, label: pick(n, mode)}; }));
      document.querySelectorAll("[data-kg-lang]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-kg-lang") === mode));
      });
      document.documentElement.setAttribute("data-kg-lang", mode);
    }
    document.querySelectorAll("[data-kg-lang]").forEach(function (b) {
      b.addEventListener("click", function () { setLang(b.getAttribute("data-kg-lang")); });
    });
    window.kgSetLang = setLang;
  })();
</script>
"""

# Marks on <html> when vis-network first draws and first stabilises (performance.now(), ms),
# for tests and bench/viz.py. Without physics, vis draws inside its constructor, before any
# listener could be added, so the mark wraps the emitter before the network is created.
_DRAWN_MARK = """<script type="text/javascript">
  (function () {
    if (!(window.vis && vis.Network && vis.Network.prototype.emit)) { return; }
    var emit = vis.Network.prototype.emit, root = document.documentElement;
    var marks = {afterDrawing: "data-kg-first-draw-ms", stabilized: "data-kg-stabilized-ms"};
    vis.Network.prototype.emit = function (name) {
      if (marks[name] && !root.hasAttribute(marks[name])) {
        root.setAttribute(marks[name], performance.now().toFixed(0));
      }
      return emit.apply(this, arguments);
    };
  })();
</script>
"""


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
  .kg-shape {{ margin-inline-end: 4px; color: #555; }}
  .kg-lang {{ margin: 4px 0; }}
  .kg-lang button {{ font-family: {FONT_FACE}; padding: 2px 10px; border: 1px solid #888;
                    background: #f4f4f4; border-radius: 4px; cursor: pointer; }}
  .kg-lang button[aria-pressed="true"] {{ background: #333; color: #fff; }}
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
# element can be created) and hand vis a <div> whose content is set with textContent. Done
# lazily, when the pointer first hovers an item (vis shows the popup tooltipDelay ms later):
# converting 15,000 titles up front costs seconds on a large graph.
_TEXT_TOOLTIPS = """<script type="text/javascript">
  (function () {
    function textTitle(s) {
      var t = document.createElement("textarea");
      t.innerHTML = s;
      var d = document.createElement("div");
      d.textContent = t.value;
      return d;
    }
    function convert(ds, id) {
      var x = ds.get(id);
      if (x && typeof x.title === "string") { ds.update({id: id, title: textTitle(x.title)}); }
    }
    if (typeof network === "undefined" || !network) { return; }
    if (typeof nodes !== "undefined" && nodes) {
      NODES_CONVERT
    }
    if (typeof edges !== "undefined" && edges) {
      network.on("hoverEdge", function (p) { convert(edges, p.edge); });
    }
  })();
</script>
"""


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


def _options(physics: bool) -> dict[str, Any]:
    opts: dict[str, Any] = {
        "layout": {"randomSeed": 42},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "edges": {"smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.15}},
    }
    if not physics:  # large graph: straight edges, no clustering pre-pass, light dragging
        opts["layout"]["improvedLayout"] = False
        opts["edges"] = {"smooth": False}
        opts["interaction"].update({"hideEdgesOnDrag": True, "hideEdgesOnZoom": True})
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
    scores: Mapping[Any, float],
    title: str = "Actor network",
    height: str = "760px",
) -> str:
    """Return the offline HTML page of the network (what :func:`render_html` writes).

    Args:
        mdg: an actor network as built by :func:`kg.network.actor_network`. Not modified.
        title: page heading (escaped).
        scores: node sizes, e.g. :func:`kg.network.centrality` (a node without one is
            drawn smallest).
        height: CSS height of the canvas.

    Returns:
        A complete HTML document with vis-network inlined and no remote resources; useful
        to embed in a notebook (``IPython.display.HTML``).
    """
    from pyvis.edge import Edge
    from pyvis.network import Network

    top = max(scores.values(), default=0.0) or 1.0
    n = mdg.number_of_nodes()
    physics = n <= PHYSICS_MAX_NODES
    positions: dict[Any, Any] = {}
    if not physics:
        # a simple undirected copy: the layout must not depend on edge multiplicity order
        positions = layout(nx.Graph(mdg), seed=42, scale=60.0)

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
        both = _esc(_node_label(d, node))
        net.add_node(
            clean_text(str(node)),  # an id, never shown: cleaned like the GraphML ids
            label=both,
            title=_node_tooltip(d, node, score),
            color=KIND_COLORS.get(kind, KIND_COLORS["Actor"]),
            shape=KIND_SHAPES.get(kind, "dot"),
            size=round(10 + 30 * (score / top) ** 0.5, 2),
            font=dict(font),
            # for the language toggle (vis ignores unknown fields)
            label_ar=_esc(d.get("label_ar") or ""),
            label_en=_esc(d.get("label_en") or ""),
            label_both=both,
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
        }
        if physics:
            opts["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.12 + 0.18 * rank}
        # Edge() directly: Network.add_edge scans the node list twice per edge
        net.edges.append(Edge(clean_text(str(u)), clean_text(str(v)), True, **opts).options)

    net.set_options(json.dumps(_options(physics)))
    page = net.generate_html()

    page = _REMOTE_TAG.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = _DEAD_COMMENT.sub("", page)
    page = page.replace("<html>", '<html lang="ar" dir="ltr">', 1)
    page = page.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + _head(title), 1)
    header = (
        f'<header class="kg-header"><h1 dir="auto">{_esc(title)}</h1>'
        f"{_legend(mdg)}{_LANG_TOGGLE}</header>"
    )
    page = page.replace("<body>", "<body>\n" + header, 1)
    # pyvis switches node tooltips to its own innerHTML popup when a title contains "href";
    # that popup needs string titles (still escaped, hence safe), so leave nodes alone then
    nodes_convert = (
        ""
        if 'class="popup"' in page or "div.popup" in page
        else 'network.on("hoverNode", function (p) { convert(nodes, p.node); });'
    )
    scripts = _TEXT_TOOLTIPS.replace("NODES_CONVERT", nodes_convert) + _LANG_SCRIPT
    if physics:
        scripts += _STOP_PHYSICS
    page = page.replace("</body>", scripts + "</body>", 1)
    page = page.replace("</head>", _DRAWN_MARK + "</head>", 1)
    if _REMOTE_TAG.search(page):  # pragma: no cover - a future pyvis template
        raise RuntimeError("the pyvis page still loads a remote resource")
    return page


def render_html(
    mdg: nx.MultiDiGraph,
    path: str | os.PathLike,
    *,
    scores: Mapping[Any, float],
    title: str = "Actor network",
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
        scores: node sizes, e.g. :func:`kg.network.centrality`.
        height: CSS height of the canvas.

    Returns:
        The path written.
    """
    return atomic_write_text(path, to_html(mdg, title=title, scores=scores, height=height))
