"""Hostile text in, valid outputs out (issue 13): control and bidi characters, Markdown injection.

One article carries control characters, bidi controls and Markdown/HTML in its id, title and
text; it goes through the real ``kg build`` (with a store), ``kg analyze`` and ``kg export``,
and every output must parse with a strict parser and carry no control or bidi control.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from markdown_it import MarkdownIt

from kg.graph.rdf import build_dataset
from kg.render.exports import write_gexf, write_graphml
from kg.render.html import to_html
from kg.render.markdown import render_analysis, render_report
from kg.types import Article, EntityRef, Event, TextSpan

KG_EXE = shutil.which("kg")
pytestmark = pytest.mark.skipif(KG_EXE is None, reason="the kg console script is not on PATH")

#: C0 (but tab, newline, CR), DEL and C1 controls, and the bidi embedding/override/isolates.
CONTROLS = "\x01\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
FORBIDDEN = set(CONTROLS) | set(BIDI)
#: Markdown and HTML that would become a link, an image, raw HTML or formatting.
INJECTION = (
    "[x](javascript:alert(1)) ![x](http://evil/x.png) <img src=x onerror=alert(1)> "
    "<http://evil/auto> &amp; *em* _u_ `code` ~~s~~ # | \\"
)
#: ingest refuses control characters in an id (a record error); bidi controls it lets through
HOSTILE_ID = INJECTION + " \u202e\u2066"
TEXT = (
    "قصفت قوات «الوفاق» مواقع «جماعة\x0bأنصار\x1fالشريعة» في بنغازي.\n"
    "وقصفت قوات «الوفاق» مواقع جماعة\x01 في سرت.\n"
    "وقصفت قوات «الوفاق» مواقع «جماعة\u202e» في درنة.\n"
    "وقال المتحدث إن «الجيش الوطني» الليبي قصف\x01 مواقع «كتيبة\u202eالنور\x7f\x85» "
    "في مدينة مصراتة\u2066 أمس\u2069.\n"
)


def kg_cmd(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [KG_EXE, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def write_article(path: Path, **fields: str) -> Path:
    record = {"id": HOSTILE_ID, "title": "عنوان\x0b\u202e" + INJECTION, "text": TEXT, **fields}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The hostile article built with a store, analysed, and the store exported."""
    work = tmp_path_factory.mktemp("hostile")
    out = work / "out"
    done = kg_cmd("build", write_article(work / "a.jsonl"), "--out", out, "--date", "2020-05-06")
    assert done.returncode == 0, done.stderr
    done = kg_cmd("analyze", "-g", out, "-o", out / "analysis")
    assert done.returncode == 0, done.stderr
    for fmt, name in (("trig", "x.trig"), ("jsonld", "x.jsonld"), ("turtle", "x.ttl")):
        done = kg_cmd("export", "--store", out / "store", "--format", fmt, "-o", work / name)
        assert done.returncode == 0, done.stderr
    # the hostile text got through, and the pipeline made entities of names that carry a
    # control and a bidi control (else the tests would prove nothing)
    events = (out / "events.jsonl").read_text(encoding="utf-8")
    assert "\\u000b" in events and "\u202e" in events  # events.jsonl keeps the exact text
    assert '"جماعة\\u0001"' in events and '"جماعة\u202e"' in events
    return out


def test_every_output_parses(built):
    """GraphML and GEXF with a strict XML parser, and free of controls; RDF with rdflib."""
    for name in ("actors.graphml", "analysis/network.graphml", "analysis/network.gexf"):
        root = ET.parse(built / name).getroot()
        texts = " ".join(root.itertext()) + " ".join(v for e in root.iter() for v in e.attrib.values())  # fmt: skip
        assert FORBIDDEN.isdisjoint(texts), name
    formats = {
        "out/graph.ttl": "turtle",
        "x.ttl": "turtle",
        "x.trig": "trig",
        "x.jsonld": "json-ld",
    }
    for name, fmt in formats.items():
        graph = rdflib.Dataset(default_union=True)
        graph.parse(built.parent / name, format=fmt)
        ids = {str(o) for o in graph.objects(None, rdflib.DCTERMS.identifier)}
        assert HOSTILE_ID in ids, name  # RDF keeps the article id exactly


@pytest.mark.parametrize(
    "name",
    ["report.md", "network.html", "analysis/analysis.md", "analysis/network.html"]
    + ["analysis/metrics.csv", "actors.graphml", "analysis/network.gexf"],
)
def test_no_control_or_bidi_character_in_text_outputs(built, name):
    text = (built / name).read_text(encoding="utf-8")
    if name.endswith(".html"):
        assert forbidden(text) == forbidden(BENIGN_PAGE)
    else:
        assert forbidden(text) == {}


def forbidden(text: str) -> dict[str, int]:
    """How often each control and bidi control occurs in ``text``, raw or JSON-escaped."""
    counts = {}
    for ch in sorted(FORBIDDEN):
        for form in (ch, f"\\u{ord(ch):04x}"):
            if form in text:
                counts[form] = text.count(form)
    return counts


#: The page of a harmless network: the vis-network bundle pyvis inlines has a raw NEL (U+0085)
#: in a core-js string literal; that one is not from the data.
BENIGN_PAGE = to_html(nx.MultiDiGraph([("a", "b")]), scores={})


# --- labels: no bidi control or control character, the marks kept -------------------------


def hostile_ref(start: int = 0) -> EntityRef:
    name = "لواء\u202eالصمود\u2066 الحر\u2069\x01\x0b\u200f"
    return EntityRef(
        "https://w3id.org/conflict-kg/id/actor/x-hostile", "ArmedGroup", None, name, name,
        start, start + len(name), registered=False,
    )  # fmt: skip


def test_graph_labels_are_clean():
    """prefLabel and altLabel are made with kg.text.clean_text; the RLM mark is kept."""
    ref = hostile_ref()
    art = Article(id="a", text=ref.text + " قصف", lang="ar", path="a")
    trigger = TextSpan("قصف", len(ref.text) + 1, len(ref.text) + 4)
    ev = Event("a", "ASSAULT", trigger, TextSpan(art.text, 0, len(art.text)), actor=ref)
    ds = build_dataset([art], [ev])
    labels = [
        str(o)
        for pred in (rdflib.SKOS.prefLabel, rdflib.SKOS.altLabel, rdflib.RDFS.label)
        for o in ds.objects(rdflib.URIRef(ref.iri), pred)
    ]
    assert labels and all(FORBIDDEN.isdisjoint(label) for label in labels), labels
    assert any("\u200f" in label for label in labels)  # the altLabel keeps the written form
    assert "لواء" in labels[0] and "الصمود" in labels[0]


def hostile_network() -> nx.MultiDiGraph:
    m = nx.MultiDiGraph()
    bad = hostile_ref().label_ar
    m.add_node("a\x0b", label=bad, label_ar=bad, label_en=INJECTION + BIDI, kind="ArmedGroup")
    m.add_node("b", label="تركيا", label_ar="تركيا", label_en="Turkey", kind="State", iri="b")
    m.add_edge("a\x0b", "b", key="e\x01", event_type="ASSAULT", quad="MaterialConflict",
               evidence="قصف\x0b" + BIDI + CONTROLS, members=[bad, bad])  # fmt: skip
    return m


@pytest.mark.parametrize("writer", [write_graphml, write_gexf])
def test_graphml_and_gexf_of_a_hostile_network(tmp_path, writer):
    path = writer(hostile_network(), tmp_path / "g.xml")
    text = path.read_text(encoding="utf-8")
    ET.parse(path)
    assert FORBIDDEN.isdisjoint(text), sorted(FORBIDDEN & set(text))
    assert "\u200f" in text  # LRM/RLM/ALM are kept


def test_html_of_a_hostile_network():
    page = to_html(hostile_network(), title="t" + BIDI + CONTROLS, scores={"b": 1.0})
    assert forbidden(page) == forbidden(BENIGN_PAGE)


# --- Markdown: nothing from the data becomes a link, an image or HTML --------------------

_MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")
_ACTIVE = {"link_open", "image", "html_inline", "html_block", "em_open", "strong_open"}
_ACTIVE |= {"s_open", "code_inline", "heading_open"}


def active_nodes(markdown: str) -> list[str]:
    """The links, images, raw HTML, formatting and headings the Markdown parses into."""
    found = []
    stack = list(_MD.parse(markdown))
    while stack:
        tok = stack.pop()
        stack.extend(tok.children or [])
        if tok.type in _ACTIVE:
            found.append(f"{tok.type} {tok.attrs} {tok.content!r}")
    return found


def plain_text(markdown: str) -> str:
    """The text a reader sees, one line per heading, paragraph or table cell."""
    lines = []
    for tok in _MD.parse(markdown):
        if tok.type == "inline":
            lines.append("".join(c.content for c in tok.children or [] if c.type == "text"))
    return "\n".join(lines)


def test_report_md_of_the_build_has_no_injected_markup(built):
    text = (built / "report.md").read_text(encoding="utf-8")
    assert all(n.startswith("heading_open") for n in active_nodes(text)), active_nodes(text)
    assert INJECTION in plain_text(text)  # shown as it was written


def hostile_event(n: int) -> tuple[str, Event]:
    ref = EntityRef("x", "ArmedGroup", INJECTION, INJECTION, INJECTION, 0, 3, registered=False)
    trigger = TextSpan("- 1. " + INJECTION, 0, 3)
    ev = Event(f"{n}. {INJECTION}", "ASSAULT", trigger, TextSpan("x", 0, 1), actor=ref,
               target=ref, place=ref)  # fmt: skip
    return f"e{n}", ev


def test_render_report_escapes_every_cell():
    text = render_report([hostile_event(1), hostile_event(2)], nx.MultiDiGraph(), scores={},
                         title=INJECTION)  # fmt: skip
    assert all(n.startswith("heading_open") for n in active_nodes(text)), active_nodes(text)
    assert plain_text(text).count(INJECTION) >= 11  # title; id, trigger and 3 roles twice


def test_render_analysis_escapes_labels_and_parameters():
    actor = {"id": INJECTION, "label_en": INJECTION, "label_ar": "لواء " + INJECTION,
             "kind": "ArmedGroup", "camp": 0, "pagerank": 0.5, "betweenness": 0.0}  # fmt: skip
    summary = {
        "parameters": {"ego": INJECTION, "since": "2020"},
        "counts": {"nodes": 1},
        "frustration": 0,
        "camps": [{"camp": 0, "name": INJECTION, "labels": [INJECTION], "size": 1}],
        "conflict_pairs": [
            {
                "source_label": INJECTION,
                "target_label": INJECTION,
                "conflict": 1,
                "cooperation": 0,
                "types": INJECTION,
            }
        ],  # fmt: skip
        "actors": [actor],
    }
    text = render_analysis(summary, title=INJECTION)
    found = active_nodes(text)
    assert all(n.startswith(("heading_open", "strong_open")) for n in found), found
    assert "لواء " + INJECTION in plain_text(text)  # Arabic stays readable
    assert plain_text(text).count(INJECTION) >= 10
