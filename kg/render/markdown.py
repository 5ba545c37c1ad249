"""Markdown reports: the build's ``report.md`` and the ``analysis.md`` of ``kg analyze``.

``report.md`` has counts, the central actors and every event. The reports draw the numbers
they are handed (centrality comes from :mod:`kg.network`). Every text that comes from data
(cells, the title, the parameters) goes through :func:`_cell`: one line, no control or bidi
control characters (:func:`kg.text.clean_text`), and every character that would give it a
Markdown meaning escaped, so an article id such as ``[x](javascript:…)`` or ``![x](http://…)``
stays text; letters (Arabic included) are left as they are.

Example:
    >>> import networkx as nx, tempfile, pathlib
    >>> from kg.types import EntityRef, Event, TextSpan
    >>> turkey = EntityRef("x", "State", "Turkey", "تركيا", "تركيا", 4, 9)
    >>> ev = Event("a.txt", "ASSAULT", TextSpan("قصف", 0, 3), TextSpan("قصف تركيا", 0, 9),
    ...            actor=turkey)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = write_report([("e1", ev)], nx.MultiDiGraph(), pathlib.Path(d) / "report.md",
    ...                         scores={})
    ...     text = path.read_text()
    >>> "| articles | 1 |" in text
    True
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from kg.fileio import atomic_write_text
from kg.text import clean_text
from kg.types import EntityRef, Event, TimeRef

__all__ = ["render_report", "write_report", "render_analysis"]


#: What gives Markdown text a meaning, backslash-escaped (CommonMark lets any ASCII punctuation
#: be): the escape itself, code spans, emphasis, links and images (an image needs ``![``, a
#: link ``](``: escaping the brackets is enough), GFM strikethrough and table cells; the
#: characters that start raw HTML, an autolink or an entity are written as entities. Not
#: escaped, because they mean nothing where a value can stand (never at the start of a line):
#: ``!`` ``(`` ``)`` ``#`` ``-`` ``+`` digits and ``.``; ``#`` is escaped in headings.
_MD_ESCAPES = {ord(c): "\\" + c for c in "\\`*[]~|"}
_MD_ESCAPES.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})
#: An underscore opens or closes emphasis unless it stands between two letters or digits.
_ACTIVE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")


def _cell(value: Any) -> str:
    """Text from data as Markdown inline text: one line, every active Markdown character escaped.

    Control and bidi control characters are dropped (:func:`kg.text.clean_text`); letters,
    Arabic included, are kept as they are.
    """
    if value is None:
        return ""
    text = " ".join(clean_text(str(value)).split()).translate(_MD_ESCAPES)
    return _ACTIVE_UNDERSCORE.sub(r"\\_", text)


def _heading(level: int, value: Any) -> str:
    """A heading line: :func:`_cell`, with ``#`` escaped too (a trailing run would close it)."""
    return "#" * level + " " + _cell(value).replace("#", "\\#")


def _row(cells: list[Any]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = [_row(header), "|" + "|".join("---" for _ in header) + "|"]
    lines += [_row(r) for r in rows]
    return lines


def _entity(ref: EntityRef | None) -> str | None:
    if ref is None:
        return None
    return ref.label_en or ref.label_ar or ref.text


def _time(t: TimeRef | None) -> str | None:
    if t is None:
        return None
    date = t.date.isoformat() if t.date else None
    if date and t.text and t.text != date:
        return f"{date} ({t.text})"
    return date or t.text


def render_report(
    events: Sequence[tuple[str, Event]],
    mdg: nx.MultiDiGraph,
    *,
    scores: Mapping[Any, float],
    title: str = "Knowledge graph report",
    top: int = 10,
) -> str:
    """Return the Markdown report (what :func:`write_report` writes).

    Args:
        events: ``(event IRI, report)`` pairs, one per event report
            (:func:`kg.events.jsonl.parse_events` reads them from ``events.jsonl``).
        mdg: the actor network (:func:`kg.network.actor_network`).
        scores: the centrality of each node (:func:`kg.network.centrality`).
        title: the first heading.
        top: how many actors the centrality table lists.

    Returns:
        Markdown text: counts (articles, events by type, actors, places), the ``top``
        actors by ``scores`` (places are left out) and one table row per event, in input
        order.
    """
    articles = {e.article for _, e in events if e.article}
    reports_by_type = Counter(e.event_type or "?" for _, e in events)
    events_by_type = Counter(t for (_, t) in {(iri, e.event_type or "?") for iri, e in events})
    actors: set[str] = set()
    places: set[str] = set()
    for _, e in events:
        for ref in (e.actor, e.target, e.claimed_by, e.place):
            if ref is None:
                continue
            key = ref.iri or ref.text or ""
            (places if ref.kind == "Place" else actors).add(key)

    lines = [_heading(1, title), "", "## Counts", ""]
    lines += _table(
        ["what", "count"],
        [
            ["articles", len(articles)],
            ["event reports", len(events)],
            ["events", len({iri for iri, _ in events})],
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
    for _, e in events:
        rows.append(
            [
                e.article,
                e.event_type,
                e.mode,
                _entity(e.actor),
                _entity(e.target),
                _entity(e.place),
                _entity(e.claimed_by),
                _time(e.time),
                e.trigger.text,
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
    events: Sequence[tuple[str, Event]],
    mdg: nx.MultiDiGraph,
    path: str | os.PathLike,
    *,
    scores: Mapping[Any, float],
    title: str = "Knowledge graph report",
    top: int = 10,
) -> Path:
    """Write :func:`render_report` to ``path`` (e.g. ``report.md``) atomically.

    Returns:
        The path written.
    """
    text = render_report(events, mdg, scores=scores, title=title, top=top)
    return atomic_write_text(path, text)


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
    lines = [_heading(1, title), ""]
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
        lines.append("No dated events (no kg:date nor publication date): no timeline.")
    lines.append("")
    if plots.get("map"):
        lines.append(f"![Map of events]({plots['map']})")
        if plots.get("map_html"):
            lines += ["", f"With a date slider: [{plots['map_html']}]({plots['map_html']})."]
    else:
        lines.append("No event at a place with coordinates: no map.")
    return "\n".join(lines) + "\n"
