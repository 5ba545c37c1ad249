"""Plots as PNG files: the conflict matrix, events over time and the map (:mod:`kg.render.maps`).

Every label is a human one: the English label, else the Arabic one, never an IRI (its last
segment only when an entity has no label at all). Arabic is drawn shaped (joined letters) and
right to left: matplotlib 3.11+ lays text out with libraqm (HarfBuzz shaping, FriBiDi order),
so the text is handed over as it is; an older matplotlib gets it reshaped by
``arabic_reshaper`` and reordered by ``python-bidi`` (:func:`plot_text`). The font is DejaVu Sans,
which matplotlib ships and which has the Arabic letters, with an installed Arabic font
(Noto Naskh Arabic, KacstOne from Debian's ``fonts-kacst``) as fallback. Files are written
atomically.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from kg.fileio import atomic_write_with
from kg.vocab import local_name

__all__ = [
    "NATIVE_SHAPING",
    "plot_conflict_matrix",
    "plot_events_over_time",
    "plot_text",
    "timeline_rows",
]


def _native_shaping() -> bool:
    try:
        from matplotlib import ft2font
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        return False
    return bool(getattr(ft2font, "__libraqm_version__", None))


#: True when matplotlib shapes complex scripts itself (built with libraqm: 3.11 and later).
NATIVE_SHAPING: bool = _native_shaping()


def plot_text(text: str, *, native: bool | None = None) -> str:
    """``text`` as matplotlib must receive it to draw Arabic joined and right to left.

    With libraqm (``native``, default :data:`NATIVE_SHAPING`) matplotlib shapes and orders the
    text itself: it is returned unchanged. Otherwise Arabic is reshaped into presentation forms
    (``arabic_reshaper``) and put in display order (``python-bidi``), when those are installed.

    Example:
        >>> plot_text("Misrata", native=False)
        'Misrata'
    """
    if (NATIVE_SHAPING if native is None else native) or text.isascii():
        return text
    try:
        import arabic_reshaper
        from bidi import get_display
    except ImportError:
        return text
    return str(get_display(arabic_reshaper.reshape(text)))


def _plot_label(d: dict[str, Any], node: Any) -> str:
    """The human label of a node for a plot: English, else Arabic (shaped), else the id's tail."""
    if d.get("label_en"):
        return str(d["label_en"])
    ar = d.get("label_ar") or d.get("label")
    if ar:
        return plot_text(str(ar))
    return local_name(str(node))


def _interactive_backend(matplotlib: Any) -> bool:
    """True inside Jupyter (inline) or a GUI session: keep the user's backend."""
    return "inline" in matplotlib.get_backend().lower() or "ipykernel" in __import__("sys").modules


def _pyplot() -> Any:
    import matplotlib

    # Only pick the file backend when none was chosen yet (headless runs); never override a
    # notebook's inline backend.
    if matplotlib.get_backend().lower() not in ("agg",) and not _interactive_backend(matplotlib):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    have = {f.name for f in font_manager.fontManager.ttflist}
    # DejaVu Sans (shipped with matplotlib) has Latin and Arabic letters; the others are fallbacks
    fonts = ("DejaVu Sans", "Noto Naskh Arabic", "Noto Sans Arabic", "KacstOne")
    wanted = [f for f in fonts if f in have]
    plt.rcParams["font.family"] = wanted or ["sans-serif"]
    return plt


def _save_png(fig: Any, path: str | os.PathLike) -> Path:
    try:
        return atomic_write_with(path, lambda fh: fig.savefig(fh, format="png", dpi=110))
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)


def plot_conflict_matrix(
    mdg: nx.MultiDiGraph,
    path: str | os.PathLike,
    *,
    partition: dict[Any, int] | None = None,
    top: int = 25,
) -> Path | None:
    """Heatmap of conflict events, attacker (row) × target (column), as a PNG.

    Shows the ``top`` actors most involved in conflict, ordered by camp (so that camps show
    as blocks) then label. Returns None (and writes nothing) when there is no conflict event.
    """
    count: Counter = Counter()
    involved: Counter = Counter()
    for u, v, d in mdg.edges(data=True):
        if (d.get("quad") or "").endswith("Conflict"):
            count[u, v] += 1
            involved[u] += 1
            involved[v] += 1
    if not count:
        return None
    chosen = sorted(involved, key=lambda n: (-involved[n], str(n)))[:top]
    part = partition or {}
    labels = {n: _plot_label(mdg.nodes[n], n) for n in chosen}
    chosen.sort(key=lambda n: (part.get(n, 1 << 30), labels[n]))
    import numpy as np

    mat = np.array([[count[u, v] for v in chosen] for u in chosen])
    plt = _pyplot()
    size = 2.5 + 0.38 * len(chosen)
    fig, ax = plt.subplots(figsize=(size + 1.5, size))
    im = ax.imshow(mat, cmap="Reds", vmin=0)
    ticks = [f"{labels[n]} [{part[n]}]" if n in part else labels[n] for n in chosen]
    ax.set_xticks(range(len(chosen)), ticks, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(chosen)), ticks, fontsize=8)
    for i in range(len(chosen)):
        for j in range(len(chosen)):
            if mat[i, j]:
                colour = "white" if mat[i, j] > mat.max() / 2 else "black"
                ax.text(j, i, str(mat[i, j]), ha="center", va="center", fontsize=7, color=colour)
    ax.set_xlabel("target")
    ax.set_ylabel("actor (attacker)")
    ax.set_title("Conflict events (actor × target) [camp]")
    from matplotlib.ticker import MaxNLocator

    fig.colorbar(im, ax=ax, shrink=0.7, label="events", ticks=MaxNLocator(integer=True))
    fig.tight_layout()
    return _save_png(fig, path)


#: The series of the timeline: (quad group, date source) → (legend, colour, hatch).
TIMELINE_SERIES: dict[tuple[str, str], tuple[str, str, str]] = {
    ("conflict", "event"): ("conflict, by event date", "#d62728", ""),
    ("conflict", "publication"): ("conflict, by publication date", "#f4a3a3", "//"),
    ("cooperation", "event"): ("cooperation, by event date", "#2ca02c", ""),
    ("cooperation", "publication"): ("cooperation, by publication date", "#a6dba0", "//"),
}


def _periods(first: str, last: str, *, monthly: bool) -> list[str]:
    """Every day (``YYYY-MM-DD``) or month (``YYYY-MM``) from ``first`` to ``last``, gaps included."""
    import datetime as dt

    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    if not monthly:
        return [(start + dt.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
    months = (end.year - start.year) * 12 + end.month - start.month
    return [
        f"{start.year + (start.month - 1 + i) // 12:04d}-{(start.month - 1 + i) % 12 + 1:02d}"
        for i in range(months + 1)
    ]


def timeline_rows(events: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str, int]:
    """Events per period and series, from :func:`kg.network.event_table` rows.

    Returns ``(rows, unit, undated)``: one row per period (a day, or a month past 120 days:
    ``unit``; periods without events included, so that gaps show) with a count per
    :data:`TIMELINE_SERIES` column ``<group>_<source>_date`` and
    ``total``; ``undated`` counts the events with neither an event nor a publication date.

    Example:
        >>> rows, unit, undated = timeline_rows([
        ...     {"date": "2020-01-05", "date_source": "event", "quad": "MaterialConflict"},
        ...     {"date": "2020-01-05", "date_source": "publication", "quad": "VerbalCooperation"},
        ...     {"date": None, "date_source": None, "quad": "MaterialConflict"}])
        >>> rows[0]["period"], rows[0]["conflict_event_date"], rows[0]["total"], unit, undated
        ('2020-01-05', 1, 2, 'day', 1)
    """
    import datetime as dt

    dated = [e for e in events if e.get("date")]
    if not dated:
        return [], "day", len(events)
    days = sorted({e["date"][:10] for e in dated})
    span = (dt.date.fromisoformat(days[-1]) - dt.date.fromisoformat(days[0])).days
    width = 7 if span > 120 else 10
    count: Counter = Counter()
    for e in dated:
        group = "conflict" if (e.get("quad") or "").endswith("Conflict") else "cooperation"
        count[e["date"][:width], group, e["date_source"] or "publication"] += 1
    rows = []
    for period in _periods(days[0], days[-1], monthly=width == 7):
        row: dict[str, Any] = {"period": period}
        for group, source in TIMELINE_SERIES:
            row[f"{group}_{source}_date"] = count[period, group, source]
        row["total"] = sum(v for k, v in row.items() if k != "period")
        rows.append(row)
    return rows, "month" if width == 7 else "day", len(events) - len(dated)


def plot_events_over_time(events: list[dict[str, Any]], path: str | os.PathLike) -> Path | None:
    """Stacked bars of events per day (per month past 120 days), as a PNG.

    ``events`` are :func:`kg.network.event_table` rows: an event counts at its ``kg:date``, else
    at the publication date of its earliest article, and the legend says which (hatched bars:
    by publication date). Returns None (and writes nothing) when no event has a date.
    """
    rows, unit, undated = timeline_rows(events)
    if not rows:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(max(6.0, 0.35 * len(rows) + 2), 4))
    xs = range(len(rows))
    bottom = [0] * len(rows)
    for (group, source), (legend, colour, hatch) in TIMELINE_SERIES.items():
        heights = [r[f"{group}_{source}_date"] for r in rows]
        if any(heights):
            ax.bar(xs, heights, bottom=bottom, color=colour, hatch=hatch, label=legend)
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    step = max(1, len(rows) // 20)
    periods = [r["period"] for r in rows]
    ax.set_xticks(list(xs)[::step], periods[::step], rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("events")
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    title = f"Events over time (per {unit}: event date, else publication date)"
    if undated:
        title += f"; {undated} undated not shown"
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return _save_png(fig, path)
