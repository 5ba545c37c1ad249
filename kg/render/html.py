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
import math
import os
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from kg.fileio import atomic_write_text
from kg.render.html_data import DEFAULT_TOP, initial_view, page_data, pair_summary, script_json
from kg.render.layout import induced, layout, packed_layout
from kg.text import clean_text

__all__ = [
    "CAMP_COLORS",
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

#: Above this many nodes, positions come from :func:`layout` and physics is off (the
#: default view's size: the page then lays out only what it shows at first).
PHYSICS_MAX_NODES = DEFAULT_TOP

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


#: The language toggle: which node labels to show (the page data carries both).
_LANG_TOGGLE = """<div class="kg-lang" role="group" aria-label="labels">
  <button type="button" data-kg-lang="both" aria-pressed="true">عربي + English</button>
  <button type="button" data-kg-lang="ar" aria-pressed="false" lang="ar">عربي</button>
  <button type="button" data-kg-lang="en" aria-pressed="false" lang="en">English</button>
</div>"""

#: The quad classes, in the order the filter lists them.
QUADS: tuple[str, ...] = (
    "VerbalCooperation",
    "MaterialCooperation",
    "VerbalConflict",
    "MaterialConflict",
)

#: Colours of the largest camps (``kg analyze``), then :data:`OTHER_CAMP` for the rest.
CAMP_COLORS: tuple[str, ...] = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#d62728",
)
OTHER_CAMP = "#c7c7c7"

# Marks on <html> when vis-network first draws and first stabilises (performance.now(), ms),
# for tests and bench/. Without physics, vis draws inside its constructor, before any
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

_ASSETS = Path(__file__).resolve().parent


def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


def _head(title: str) -> str:
    css = _asset("netpage.css").replace("FONT_FACE", FONT_FACE)
    return (
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>\n{css}</style>\n"
    )


def _checkboxes(cls: str, values: list[tuple[str, int]], label: str) -> str:
    boxes = "".join(
        f'<label><input type="checkbox" class="{cls}" value="{html.escape(v)}" checked> '
        f"{_esc(v)} <small>{n}</small></label>"
        for v, n in values
    )
    return f'<fieldset><legend>{_esc(label)}</legend><div class="kg-boxes">{boxes}</div></fieldset>'


def _controls(mdg: nx.MultiDiGraph, *, top: int, camps: bool) -> str:
    """The search box, the view buttons and the filters (values escaped)."""
    types = Counter(d["event_type"] for *_, d in mdg.edges(data=True) if d.get("event_type"))
    quads = Counter(d["quad"] for *_, d in mdg.edges(data=True) if d.get("event_type"))
    kinds = Counter(d.get("kind") or "Actor" for _, d in mdg.nodes(data=True))
    countries = Counter(clean_text(str(c)) for _, c in mdg.nodes(data="country") if c)
    options = "".join(
        f'<option value="{html.escape(c)}">{_esc(c)} ({n})</option>'
        for c, n in sorted(countries.items())
    )
    colour = (
        '<label>colour by <select id="kg-colour"><option value="camp" selected>camp</option>'
        '<option value="kind">kind</option></select></label>'
        if camps
        else ""
    )
    n = mdg.number_of_nodes()
    return f"""<div class="kg-bar">
  <div class="kg-find"><input id="kg-search" type="search" dir="auto" autocomplete="off"
    placeholder="search an actor (عربي / English / id)" aria-label="search an actor">
    <ul id="kg-results" class="kg-results" dir="auto"></ul></div>
  <div class="kg-views" role="group" aria-label="view">
    <button type="button" data-kg-view-btn="top" aria-pressed="true">top {min(top, n)}</button>
    <button type="button" id="kg-show-all" data-kg-view-btn="all" aria-pressed="false">show all {n}</button>
  </div>
  {colour}
  <span id="kg-status" class="kg-status"></span>
</div>
<details class="kg-filters"><summary>filters</summary>
  {_checkboxes("kg-f-type", sorted(types.items()), "event type (PLOVER)")}
  {_checkboxes("kg-f-quad", [(q, quads[q]) for q in QUADS if q in quads], "quad class")}
  {_checkboxes("kg-f-kind", sorted(kinds.items()), "actor kind")}
  <fieldset><legend>events</legend>
    <label>country <select id="kg-f-country"><option value="">all</option>{options}</select></label>
    <label>from <input id="kg-f-from" type="date"></label>
    <label>to <input id="kg-f-to" type="date"></label>
    <label>at least <input id="kg-f-min" type="number" min="0" value="0" size="4"> events</label>
    <button type="button" id="kg-f-reset">reset</button>
    <small>a date range hides undated events</small>
  </fieldset>
</details>
<aside id="kg-panel" class="kg-panel" hidden dir="ltr">
  <button type="button" id="kg-panel-close" aria-label="close">×</button>
  <div id="kg-panel-body"></div>
</aside>"""


def _camp_legend(camps: list[dict[str, Any]]) -> str:
    items = [
        f'<li><span class="kg-swatch" style="background:{CAMP_COLORS[i]}"></span>'
        f"{_esc(c['name'])} <small>({c['size']})</small></li>"
        for i, c in enumerate(_top_camps(camps))
    ]
    items.append(f'<li><span class="kg-swatch" style="background:{OTHER_CAMP}"></span>other</li>')
    return '<ul class="kg-legend kg-legend-camp" dir="auto">' + "".join(items) + "</ul>"


def _top_camps(camps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The camps that get their own colour: the largest (with at least two members)."""
    big = sorted((c for c in camps if c["size"] > 1), key=lambda c: (-c["size"], c["camp"]))
    return big[: len(CAMP_COLORS)]


def _options(physics: bool) -> dict[str, Any]:
    opts: dict[str, Any] = {
        "layout": {"randomSeed": 42, "improvedLayout": physics},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "nodes": {
            "font": {"face": FONT_FACE, "strokeWidth": 4, "strokeColor": "#ffffff"},
            "borderWidth": 1,
        },
        "edges": {
            "smooth": False,
            "font": {
                "face": FONT_FACE,
                "size": 12,
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "top",
            },
            "selectionWidth": 2,
        },
    }
    if not physics:  # large graph: light dragging
        opts["interaction"].update({"hideEdgesOnDrag": True, "hideEdgesOnZoom": True})
        opts["physics"] = {"enabled": False}
        return opts
    opts["physics"] = {
        "enabled": True,
        "solver": "barnesHut",
        "barnesHut": {
            "gravitationalConstant": -6000,
            "centralGravity": 0.4,
            "springLength": 160,
            "springConstant": 0.04,
            "damping": 0.09,
            "avoidOverlap": 0.6,
        },
        "stabilization": {"enabled": True, "iterations": 1000, "fit": True},
    }
    return opts


def _round_half_up(x: float, digits: int = 0) -> float:
    """Rounding as JavaScript's ``Math.round`` does it (the page recomputes these values)."""
    k = 10**digits
    return math.floor(x * k + 0.5) / k


def _positions(mdg: nx.MultiDiGraph, shown: list[Any]) -> dict[str, dict[Any, Any]]:
    """Seeded layouts of the whole graph ("all") and of the default view ("top")."""
    whole = nx.Graph(mdg)  # simple and undirected: independent of edge multiplicity order
    return {
        "all": packed_layout(whole, seed=42, scale=60.0),
        "top": packed_layout(induced(whole, shown), seed=42, scale=110.0),
    }


def _initial_items(
    data: dict[str, Any], shown: list[Any], pairs: dict, index: dict[Any, int], camp_order: list
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The vis items of the first view, as the page's script computes them for any view."""
    recs = data["nodes"]
    top = max((r["score"] for r in recs), default=0.0) or 1.0
    big = len(recs) > data["top"]
    camp_colour = {str(c): CAMP_COLORS[i] for i, c in enumerate(camp_order)}
    items = []
    for node in shown:
        r = recs[index[node]]
        ar, en = r["ar"], r["en"]
        label = f"{ar}\n{en}" if ar and en and ar != en else ar or en or r["label"]
        if camp_order:
            colour = camp_colour.get(str(r["camp"]), OTHER_CAMP)
        else:
            colour = KIND_COLORS.get(r["kind"], KIND_COLORS["Actor"])
        share = math.sqrt(r["score"] / top)
        item = {
            "id": r["id"],
            "label": label,
            "color": colour,
            "size": _round_half_up(10 + 30 * share, 2),
            "shape": KIND_SHAPES.get(r["kind"], "dot"),
            "font": {"size": int(_round_half_up(_FONT[big][0] + _FONT[big][1] * share))},
        }
        if "top" in r:
            item["x"], item["y"] = r["top"]
        items.append(item)
    edges = [_edge_item(recs, index, pair, triples) for pair, triples in pairs.items()]
    return items, edges


def _edge_item(recs: list[dict], index: dict[Any, int], pair: tuple, triples: list) -> dict:
    """One actor pair's edge: drawn from the first event's source, counts as label."""
    s = pair_summary([d for *_, d in triples])
    src = triples[0][0]
    fwd = sum(1 for u, *_ in triples if u == src)
    dst = pair[1] if src == pair[0] else pair[0]
    ia, ib = sorted((index[pair[0]], index[pair[1]]))
    count = len(triples)
    return {
        "id": f"p:{ia}:{ib}",
        "from": recs[index[src]]["id"],
        "to": recs[index[dst]]["id"],
        "arrows": "to, from" if 0 < fwd < count else "to",
        "color": EDGE_COLORS[s["class"]],
        "dashes": s["class"] == "affiliation",
        "width": 1.5 if s["class"] == "affiliation" else min(2 + 1.5 * math.log2(count), 10),
        "label": str(count) if count > 1 else "",
    }


#: Node font size (base, growth with centrality) for small and large graphs.
_FONT = {False: (20, 6), True: (14, 30)}


def to_html(
    mdg: nx.MultiDiGraph,
    *,
    scores: Mapping[Any, float],
    title: str = "Actor network",
    height: str = "760px",
    camps: list[dict[str, Any]] | None = None,
    top: int = DEFAULT_TOP,
) -> str:
    """Return the offline, interactive HTML page of the network (what :func:`render_html` writes).

    Args:
        mdg: an actor network as built by :func:`kg.network.actor_network`. Not modified.
        scores: centrality per node: node sizes and the order of the default view.
        title: page heading (escaped).
        height: CSS height of the canvas.
        camps: :func:`kg.network.camps` (``kg analyze``): nodes are then coloured by their
            ``camp`` attribute, with the camp names in the legend.
        top: how many actors (by ``scores``) the page shows before "show all".

    Returns:
        A complete HTML document with vis-network, the page data and its script inlined
        and no remote resources; useful to embed in a notebook (``IPython.display.HTML``).
    """
    from pyvis.network import Network

    physics = mdg.number_of_nodes() <= top
    shown, pairs = initial_view(mdg, scores, top)
    positions = None if physics else _positions(mdg, shown)
    data = page_data(mdg, scores=scores, positions=positions, camps=camps, top=top)
    camp_order = [c["camp"] for c in _top_camps(camps or [])]
    colour_by = "camp" if camps else "kind"
    index = {n: i for i, n in enumerate(mdg)}
    items, edge_items = _initial_items(data, shown, pairs, index, camp_order)
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line", heading="")
    net.nodes = items  # the items as vis takes them (Network.add_node would re-check each)
    net.node_ids = [i["id"] for i in items]
    net.edges = edge_items
    net.options = _options(physics)  # a dict: pyvis's set_options strips every space
    page = net.generate_html()

    page = _REMOTE_TAG.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = _DEAD_COMMENT.sub("", page)
    page = page.replace("<html>", '<html lang="ar" dir="ltr">', 1)
    page = page.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + _head(title), 1)
    legends = _legend(mdg) + (_camp_legend(camps) if camps else "")
    header = (
        f'<header class="kg-header"><h1 dir="auto">{_esc(title)}</h1>'
        f"{legends}{_LANG_TOGGLE}</header>{_controls(mdg, top=top, camps=bool(camps))}"
    )
    page = page.replace("<body>", "<body>\n" + header, 1)
    style = {
        "kinds": KIND_COLORS,
        "edges": EDGE_COLORS,
        "campColours": {str(c): CAMP_COLORS[i] for i, c in enumerate(camp_order)},
        "otherCamp": OTHER_CAMP,
        "colourBy": colour_by,
        "fontBase": _FONT[not physics][0],
        "fontGrow": _FONT[not physics][1],
    }
    scripts = (
        f'<script type="application/json" id="kg-data">{script_json(data)}</script>\n'
        f'<script type="application/json" id="kg-style">{script_json(style)}</script>\n'
        f'<script type="text/javascript">\n{_asset("netpage.js")}</script>\n'
    )
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
    camps: list[dict[str, Any]] | None = None,
) -> Path:
    """Write the network as a self-contained, interactive, offline HTML page, atomically.

    The page opens on the :data:`~kg.render.html_data.DEFAULT_TOP` actors with the highest
    ``scores`` ("show all" shows every one), one edge per actor pair (width and label: the
    number of events; red when conflict dominates, green for cooperation, grey dashed for
    affiliation). A search box finds actors by Arabic (normalized: أ/إ/آ, ة, ى, diacritics)
    or English name or id; filters select event types, quad classes, a date range, actor
    kinds, a country and a minimum number of events. Clicking an actor shows its ego
    network and, in a side panel, its events with the evidence sentence and claimants;
    clicking an edge lists the pair's events. Nodes are coloured by kind, or by camp when
    ``camps`` is given. Up to that many nodes vis-network's seeded physics lays the graph
    out; above, :func:`layout` positions (seeded) are fixed.

    Args:
        mdg: an actor network (:func:`kg.network.actor_network`). Not modified.
        path: the HTML file to write; its directory is created.
        scores: centrality per node, e.g. :func:`kg.network.centrality`.
        title: page heading (escaped).
        height: CSS height of the canvas.
        camps: :func:`kg.network.camps`, to colour nodes by camp (``kg analyze``).

    Returns:
        The path written.
    """
    page = to_html(mdg, title=title, scores=scores, height=height, camps=camps)
    return atomic_write_text(path, page)
