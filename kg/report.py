"""A plain Markdown report of one run: counts, the most central actors, every event.

Example:
    >>> import networkx as nx, tempfile, pathlib
    >>> ev = {"article": "a.txt", "id": "e1", "event_type": "ASSAULT", "mode": None,
    ...       "trigger": {"text": "قصف", "start": 0, "end": 3},
    ...       "actor": {"iri": "x", "kind": "State", "label_en": "Turkey", "label_ar": "تركيا",
    ...                 "text": "تركيا", "start": 4, "end": 9},
    ...       "target": None, "place": None, "claimed_by": None, "time": None,
    ...       "sentence": {"text": "قصف تركيا", "start": 0, "end": 9}, "confidence": 0.5}
    >>> with tempfile.TemporaryDirectory() as d:
    ...     text = write_report([ev], nx.MultiDiGraph(), pathlib.Path(d) / "report.md").read_text()
    >>> "| articles | 1 |" in text
    True
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from kg.fileio import atomic_write_text

__all__ = ["render_report", "write_report", "render_analysis"]


def _cell(value: Any) -> str:
    """One Markdown table cell: one line, ``|`` and backslashes escaped, no raw HTML."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _row(cells: list[Any]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = [_row(header), "|" + "|".join("---" for _ in header) + "|"]
    lines += [_row(r) for r in rows]
    return lines


def _entity(ref: dict[str, Any] | None) -> str | None:
    if not ref:
        return None
    return ref.get("label_en") or ref.get("label_ar") or ref.get("text")


def _time(t: dict[str, Any] | None) -> str | None:
    if not t:
        return None
    if t.get("date") and t.get("text") and t["text"] != t["date"]:
        return f"{t['date']} ({t['text']})"
    return t.get("date") or t.get("text")


def render_report(
    events: list[dict[str, Any]],
    mdg: nx.MultiDiGraph,
    *,
    title: str = "Knowledge graph report",
    top: int = 10,
) -> str:
    """Return the Markdown report (what :func:`write_report` writes).

    Args:
        events: the ``events.jsonl`` dicts (one per event report).
        mdg: the actor network (:func:`kg.network.actor_network`), for centrality.
        title: the first heading.
        top: how many actors the centrality table lists.

    Returns:
        Markdown text: counts (articles, events by type, actors, places), the ``top``
        actors by PageRank (:func:`kg.network.centrality`; places are left out) and one
        table row per event, in input order.
    """
    from kg.network import centrality

    articles = {e.get("article") for e in events if e.get("article")}
    reports_by_type = Counter(e.get("event_type") or "?" for e in events)
    events_by_type = Counter(
        t for (_, t) in {(e.get("id"), e.get("event_type") or "?") for e in events}
    )
    actors: set[str] = set()
    places: set[str] = set()
    for e in events:
        for role in ("actor", "target", "claimed_by", "place"):
            ref = e.get(role)
            if not ref:
                continue
            key = ref.get("iri") or ref.get("text") or ""
            (places if ref.get("kind") == "Place" else actors).add(key)

    lines = [f"# {_cell(title)}", "", "## Counts", ""]
    lines += _table(
        ["what", "count"],
        [
            ["articles", len(articles)],
            ["event reports", len(events)],
            ["events", len({e.get("id") for e in events})],
            ["actors", len(actors)],
            ["places", len(places)],
        ],
    )
    lines += ["", "### Events by type", ""]
    lines += _table(
        ["type", "events", "reports"],
        [
            [t, n, reports_by_type[t]]
            for t, n in sorted(events_by_type.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    )

    scores = centrality(mdg)
    ranked = sorted(
        (n for n in scores if mdg.nodes[n].get("kind") != "Place"),
        key=lambda n: (-scores[n], str(n)),
    )[:top]
    lines += ["", "## Top actors by centrality", ""]
    lines.append("PageRank on the actor network (events and affiliations, by count).")
    lines.append("")
    rows = []
    for rank, node in enumerate(ranked, 1):
        d = mdg.nodes[node]
        n_out = sum(1 for *_, a in mdg.out_edges(node, data=True) if a.get("event_type"))
        n_in = sum(1 for *_, a in mdg.in_edges(node, data=True) if a.get("event_type"))
        rows.append(
            [
                rank,
                d.get("label_en") or d.get("label") or node,
                d.get("label_ar"),
                d.get("kind"),
                f"{scores[node]:.4f}",
                n_out,
                n_in,
            ]
        )
    lines += _table(["#", "actor", "Arabic", "kind", "PageRank", "as actor", "as target"], rows)

    lines += ["", "## Events", ""]
    rows = []
    for e in events:
        trig = e.get("trigger") or {}
        rows.append(
            [
                e.get("article"),
                e.get("event_type"),
                e.get("mode"),
                _entity(e.get("actor")),
                _entity(e.get("target")),
                _entity(e.get("place")),
                _entity(e.get("claimed_by")),
                _time(e.get("time")),
                trig.get("text"),
            ]
        )
    lines += _table(
        [
            "article",
            "type",
            "mode",
            "actor",
            "target",
            "place",
            "claimed by",
            "time",
            "trigger",
        ],
        rows,
    )
    return "\n".join(lines) + "\n"


def write_report(
    events: list[dict[str, Any]],
    mdg: nx.MultiDiGraph,
    path: str | os.PathLike,
    *,
    title: str = "Knowledge graph report",
    top: int = 10,
) -> Path:
    """Write :func:`render_report` to ``path`` (e.g. ``report.md``) atomically.

    Returns:
        The path written.
    """
    return atomic_write_text(path, render_report(events, mdg, title=title, top=top))


def _camp_name(camps: list[dict[str, Any]], camp: Any) -> str:
    for c in camps:
        if c["camp"] == camp:
            return f"{camp} ({c['name']})"
    return "" if camp is None else str(camp)


def render_analysis(
    summary: dict[str, Any], *, title: str = "Actor network analysis", top: int = 15
) -> str:
    """Return the Markdown report of an analysis (``analysis.md``, see :func:`kg.analyze.analyze`).

    Args:
        summary: the dict written to ``metrics.json``: ``parameters``, ``counts``,
            ``frustration``, ``camps``, ``conflict_pairs``, ``plots`` and ``actors`` (rows of
            :data:`kg.analyze.METRIC_FIELDS`, most central first).
        title: the first heading.
        top: rows of the top-actors and conflict-pairs tables.

    Example:
        >>> text = render_analysis({"frustration": 0, "actors": [], "camps": [
        ...     {"camp": 0, "name": "LNA", "labels": ["LNA", "Haftar"], "size": 2,
        ...      "internal_conflict": 0, "broken_alliances": 0, "opponents": [1]}]})
        >>> "| 0 | LNA | 2 | LNA, Haftar | 1 | 0 | 0 |" in text
        True
    """
    params = summary.get("parameters") or {}
    counts = summary.get("counts") or {}
    camps = summary.get("camps") or []
    lines = [f"# {_cell(title)}", ""]
    scope = [f"{k}={v}" for k, v in params.items() if v not in (None, False)]
    if scope:
        lines += ["Parameters: " + _cell(", ".join(scope)), ""]
    if counts:
        lines += ["## Counts", ""]
        lines += _table(["what", "count"], [[k.replace("_", " "), v] for k, v in counts.items()])
        lines.append("")

    lines += ["## Camps", ""]
    lines.append(
        "Structural balance on the signed tie network (conflict events negative; cooperation "
        "events and affiliations positive; each pair of actors signed by its net count). "
        "Camps minimise the frustration: negative ties inside a camp plus positive ties "
        "across camps."
    )
    lines.append("")
    frust = summary.get("frustration", 0)
    verdict = "perfectly balanced" if frust == 0 else "not perfectly balanced"
    lines.append(f"**Frustration: {_cell(frust)}** ({verdict}).")
    lines.append("")
    lines += _table(
        [
            "camp",
            "named after",
            "size",
            "members",
            "opposes",
            "conflict inside",
            "alliances across",
        ],
        [
            [
                c["camp"],
                c["name"],
                c["size"],
                ", ".join(c["labels"]),
                ", ".join(str(o) for o in c.get("opponents", [])),
                c.get("internal_conflict", 0),
                c.get("broken_alliances", 0),
            ]
            for c in camps
        ],
    )

    actors = [a for a in summary.get("actors") or [] if a.get("kind") != "Place"][:top]
    lines += ["", "## Top actors", ""]
    lines.append("By PageRank on the actor network (events and affiliations, by count).")
    lines.append("")
    lines += _table(
        [
            "#",
            "actor",
            "Arabic",
            "kind",
            "camp",
            "attacks made",
            "attacks received",
            "weighted degree",
            "PageRank",
            "betweenness",
            "community",
        ],
        [
            [
                i,
                a.get("label_en") or a.get("label_ar") or a.get("id"),
                a.get("label_ar"),
                a.get("kind"),
                _camp_name(camps, a.get("camp")),
                a.get("attacks_made"),
                a.get("attacks_received"),
                a.get("weighted_degree"),
                f"{a.get('pagerank', 0):.4f}",
                f"{a.get('betweenness', 0):.4f}",
                a.get("community"),
            ]
            for i, a in enumerate(actors, 1)
        ],
    )

    pairs = (summary.get("conflict_pairs") or [])[:top]
    lines += ["", "## Conflict pairs", ""]
    if pairs:
        lines += _table(
            ["actor", "target", "conflict events", "cooperation events", "types"],
            [
                [p["source_label"], p["target_label"], p["conflict"], p["cooperation"], p["types"]]
                for p in pairs
            ],
        )
    else:
        lines.append("No conflict events.")

    plots = summary.get("plots") or {}
    lines += ["", "## Plots", ""]
    if plots.get("conflict_matrix"):
        lines.append(f"![Conflict matrix]({plots['conflict_matrix']})")
        lines.append("")
    if plots.get("events_over_time"):
        lines.append(f"![Events over time]({plots['events_over_time']})")
    else:
        lines.append("No dated events (kg:date): no timeline.")
    return "\n".join(lines) + "\n"
