"""Plots of the actor network as PNG files: the conflict matrix and events over time.

Labels are English, else shaped Arabic when the optional ``arabic_reshaper`` and
``python-bidi`` are installed (matplotlib neither joins Arabic letters nor lays them out right
to left). Files are written atomically.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from kg.fileio import atomic_write_with

__all__ = ["plot_conflict_matrix", "plot_events_over_time"]


def _plot_label(d: dict[str, Any], node: Any) -> str:
    """A label matplotlib can draw.

    English, else shaped Arabic when the optional ``arabic_reshaper`` and ``python-bidi`` are
    installed, else the IRI's last segment (matplotlib itself neither joins Arabic letters nor
    lays them out right to left).
    """
    if d.get("label_en"):
        return str(d["label_en"])
    ar = d.get("label_ar") or d.get("label")
    if ar:
        try:
            import arabic_reshaper
            from bidi.algorithm import get_display

            return str(get_display(arabic_reshaper.reshape(str(ar))))
        except ImportError:
            pass
        if ar.isascii():
            return str(ar)
    return str(node).rsplit("/", 1)[-1]


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
    # DejaVu Sans has the Arabic presentation forms that shaped labels use
    wanted = [f for f in ("DejaVu Sans", "Noto Sans Arabic", "Noto Naskh Arabic") if f in have]
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


def plot_events_over_time(mdg: nx.MultiDiGraph, path: str | os.PathLike) -> Path | None:
    """Bar chart of dated events per day (per month past 120 days), as a PNG.

    Conflict and cooperation are stacked. Returns None (and writes nothing) when no event
    has a date.
    """
    dated = [
        (str(d["date"])[:10], d.get("quad") or "")
        for *_, d in mdg.edges(data=True)
        if d.get("event_type") and d.get("date")
    ]
    if not dated:
        return None
    import datetime as dt

    days = sorted({day for day, _ in dated})
    span = (dt.date.fromisoformat(days[-1]) - dt.date.fromisoformat(days[0])).days
    width = 7 if span > 120 else 10
    buckets = sorted({day[:width] for day, _ in dated})
    series = {"conflict": Counter(), "cooperation": Counter()}
    for day, quad in dated:
        series["conflict" if quad.endswith("Conflict") else "cooperation"][day[:width]] += 1
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(max(6.0, 0.35 * len(buckets) + 2), 4))
    xs = range(len(buckets))
    conflict = [series["conflict"][b] for b in buckets]
    coop = [series["cooperation"][b] for b in buckets]
    ax.bar(xs, conflict, color="#d62728", label="conflict")
    ax.bar(xs, coop, bottom=conflict, color="#2ca02c", label="cooperation")
    step = max(1, len(buckets) // 20)
    ax.set_xticks(list(xs)[::step], buckets[::step], rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("events")
    ax.set_title("Events over time (by kg:date, per " + ("month)" if width == 7 else "day)"))
    ax.legend()
    fig.tight_layout()
    return _save_png(fig, path)
