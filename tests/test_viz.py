import copy
import json
import re

import networkx as nx
import pytest
from kgfixtures import XSS, build_graph, entity_iri

from kg.network import actor_network, centrality
from kg.render.html import EDGE_COLORS, KIND_COLORS, PHYSICS_MAX_NODES, render_html, to_html

REMOTE = re.compile(
    r"""<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE
)


@pytest.fixture(scope="module")
def mdg():
    return actor_network(build_graph())


@pytest.fixture(scope="module")
def page(mdg, tmp_path_factory):
    path = tmp_path_factory.mktemp("viz") / "network.html"
    assert render_html(mdg, path, title="شبكة <b>الفاعلين</b>", scores=centrality(mdg)) == path
    return path.read_text(encoding="utf-8")


def dataset(page, name):
    m = re.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);", page, re.DOTALL)
    return json.loads(m.group(1))


def test_written_and_offline(page):
    assert page.startswith("<html")
    assert "vis.Network" in page
    assert REMOTE.search(page) is None
    for tag in re.findall(r"<(?:script|link)\b[^>]*>", page, re.IGNORECASE):
        assert "http://" not in tag and "https://" not in tag, tag
    assert "node_modules" not in page


def test_untrusted_text_escaped(page):
    assert XSS not in page
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "<b>الفاعلين</b>" not in page and "&lt;b&gt;الفاعلين&lt;/b&gt;" in page
    edges = dataset(page, "edges")
    titles = [e["title"] for e in edges if "alert" in e["title"]]
    assert len(titles) == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in titles[0]


def test_colours_labels_and_sizes(page, mdg):
    nodes = {n["id"]: n for n in dataset(page, "nodes")}
    assert set(nodes) == set(mdg)
    for node, d in mdg.nodes(data=True):
        assert nodes[node]["color"] == KIND_COLORS[d["kind"]]
    lna = nodes[str(entity_iri("LNA"))]
    assert lna["label"] == "الجيش الوطني الليبي\nLibyan National Army"
    assert "Noto Naskh Arabic" in lna["font"]["face"]
    assert nodes[str(entity_iri("x-0123456789ab"))]["label"] == "مسلحون مجهولون"
    sizes = {n: v["size"] for n, v in nodes.items()}
    assert max(sizes, key=sizes.get) == str(entity_iri("GNA"))
    for kind in {d["kind"] for _, d in mdg.nodes(data=True)}:
        assert f"background:{KIND_COLORS[kind]}" in page and f"</span>{kind}</li>" in page


def test_edge_colours_and_tooltips(page):
    edges = dataset(page, "edges")
    by_label = {}
    for e in edges:
        by_label.setdefault(e["label"], set()).add(e["color"])
    assert by_label["ASSAULT"] == {EDGE_COLORS["conflict"]}
    assert by_label["ACCUSE"] == {EDGE_COLORS["conflict"]}
    assert by_label["CONSULT"] == {EDGE_COLORS["cooperation"]}
    assert by_label["partOf"] == {EDGE_COLORS["affiliation"]}
    assert all(e["arrows"] == "to" for e in edges)
    e2 = [e for e in edges if "mode: artillery" in e["title"]][0]
    assert e2["title"].splitlines()[:5] == [
        "ASSAULT (MaterialConflict)",
        "mode: artillery",
        "date: 2020-01-06",
        "claimed by: أحمد المسماري; الجيش الوطني الليبي",
        "reports: 2",
    ]


def test_physics_small_graph(page):
    assert '"solver": "barnesHut"' in page
    assert "stabilizationIterationsDone" in page


def _chain(n: int) -> nx.MultiDiGraph:
    """A path of ``n`` persons, each attacking the next: too big for the physics layout."""
    g = nx.MultiDiGraph()
    for i in range(n):
        g.add_node(f"n{i}", label=f"n{i}", kind="Person")
    for i in range(n - 1):
        g.add_edge(f"n{i}", f"n{i + 1}", key=f"e{i}", event_type="ASSAULT", quad="MaterialConflict")
    return g


def test_large_graph_precomputed_positions():
    g = _chain(PHYSICS_MAX_NODES + 5)
    page = to_html(g, scores=centrality(g))
    nodes = dataset(page, "nodes")
    assert all("x" in v and "y" in v and v["physics"] is False for v in nodes)
    assert '"physics": {"enabled": false}' in page
    assert to_html(g, scores=centrality(g)) == page  # seeded layout: same page twice


def test_input_not_mutated(mdg, tmp_path):
    before = (
        copy.deepcopy(dict(mdg.nodes(data=True))),
        copy.deepcopy(list(mdg.edges(keys=True, data=True))),
    )
    render_html(mdg, tmp_path / "x.html", scores=centrality(mdg))
    assert (dict(mdg.nodes(data=True)), list(mdg.edges(keys=True, data=True))) == before
    assert [p.name for p in tmp_path.iterdir()] == ["x.html"]


def test_shapes_and_language_fields(page, mdg):
    nodes = {n["id"]: n for n in dataset(page, "nodes")}
    assert nodes[str(entity_iri("MISRATA"))]["shape"] == "square"
    lna = nodes[str(entity_iri("LNA"))]
    assert lna["shape"] == "dot"
    assert (lna["label_ar"], lna["label_en"]) == ("الجيش الوطني الليبي", "Libyan National Army")
    assert lna["label_both"] == lna["label"]
    minted = nodes[str(entity_iri("x-0123456789ab"))]
    assert minted["label_en"] == "" and minted["label_ar"] == "مسلحون مجهولون"


def test_language_toggle_present(page):
    for mode in ("both", "ar", "en"):
        assert f'data-kg-lang="{mode}"' in page
    assert "window.kgSetLang = setLang" in page
    assert "nodes.update(" in page
    assert "</span>place</li>" in page and "</span>actor</li>" in page
    assert "data-kg-first-draw-ms" in page  # draw-time mark for tests and bench/viz.py


def test_large_graph_straight_edges():
    g = _chain(PHYSICS_MAX_NODES + 5)
    page = to_html(g, scores=centrality(g))
    assert all("smooth" not in e for e in dataset(page, "edges"))
    assert '"improvedLayout": false' in page and '"smooth": false' in page


def test_layout_deterministic_and_spread():
    from kg.render.html import layout

    g = nx.barabasi_albert_graph(300, 2, seed=1)
    pos = layout(g, seed=42)
    assert pos == layout(g, seed=42) and pos != layout(g, seed=43)
    xs = sorted(x for x, _ in pos.values())
    assert xs[-1] - xs[0] > 5  # not collapsed to a point
    close = sum(
        1
        for i, (x1, y1) in enumerate(pos.values())
        for (x2, y2) in list(pos.values())[i + 1 :]
        if (x1 - x2) ** 2 + (y1 - y2) ** 2 < 0.01
    )
    assert close < 10  # nodes do not pile up
