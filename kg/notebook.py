"""Display helpers for the notebooks in ``notebooks/``: tables, highlighted evidence, plots.

The notebooks call the same library functions as the CLI (:func:`kg.build.build`,
:func:`kg.graph.query.query_dataframe`, :func:`kg.analyze.analyze` …); this module only turns
their results into things a notebook shows. pandas, matplotlib and IPython are imported
lazily, inside the functions that need them.

Example:
    >>> spans = [(0, 5, "actor"), (6, 10, "trigger")]
    >>> html_text = highlight_html("الجيش قصف <b>", spans)
    >>> '<mark class="kg-actor"' in html_text, "&lt;b&gt;" in html_text
    (True, True)
    >>> shorten_iri("https://w3id.org/conflict-kg/id/actor/LNA")
    'kgr:actor/LNA'
    >>> ant_date("20/01/2017"), ant_date("2017-01-20T21:43:00+01:00")
    ('2017-01-20', '2017-01-20')
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from kg.vocab import PREFIXES

__all__ = [
    "ROLE_COLORS",
    "ant_date",
    "ant_to_jsonl",
    "event_spans",
    "events_frame",
    "highlight",
    "highlight_html",
    "plot_places",
    "plot_timeline",
    "show_html",
    "shorten",
    "shorten_iri",
    "side_by_side",
    "spans_of",
]

_PREFIXES = tuple((PREFIXES[p], f"{p}:") for p in ("kgr", "kg", "kgmode"))

#: Background colour of each kind of evidence span in :func:`highlight`.
ROLE_COLORS: dict[str, str] = {
    "sentence": "#fff7cc",
    "trigger": "#ff9e80",
    "actor": "#9ecbff",
    "target": "#ffb3c6",
    "place": "#b9f6ca",
    "claimed_by": "#e1bee7",
    "time": "#ffe0b2",
}

_ROLES = ("actor", "target", "place", "claimed_by", "time")


# --- tables -------------------------------------------------------------------------------


def shorten_iri(value: Any) -> Any:
    """``kgr:``/``kg:``/``kgmode:`` CURIE for a kg IRI; any other value unchanged."""
    if isinstance(value, str):
        for long, short in _PREFIXES:
            if value.startswith(long):
                return short + value[len(long) :]
    return value


def shorten(df):
    """A copy of a ``pandas.DataFrame`` with kg IRIs written as CURIEs (``kgr:actor/LNA``)."""
    return df.map(shorten_iri) if hasattr(df, "map") else df.applymap(shorten_iri)


def _label(role: Mapping[str, Any] | None) -> str | None:
    if not role:
        return None
    return role.get("label_en") or role.get("label_ar") or role.get("text")


def events_frame(events: str | os.PathLike | Iterable[Mapping[str, Any]], articles=None):
    """``events.jsonl`` (a path or its parsed lines) as a flat ``pandas.DataFrame``.

    One row per extracted statement (a report): ``article``, ``event`` (the merged event's
    IRI), ``type``, ``mode``, ``trigger``, ``actor``, ``target``, ``place``, ``claimed_by``
    (English label, else Arabic, else the text as written), ``date`` (the resolved event
    date or None), ``confidence``, ``sentence`` and ``sentence_start``. With ``articles``
    (:class:`kg.types.Article` objects), a ``published`` column gives each article's date.
    """
    import pandas as pd

    if isinstance(events, (str, os.PathLike)):
        with open(events, encoding="utf-8") as fh:
            events = [json.loads(line) for line in fh if line.strip()]
    published = {a.id: a.date for a in articles or ()}
    rows = []
    for ev in events:
        time = ev.get("time") or {}
        row = {
            "article": ev["article"],
            "event": ev["id"],
            "type": ev["event_type"],
            "mode": ev.get("mode"),
            "trigger": (ev.get("trigger") or {}).get("text"),
            **{role: _label(ev.get(role)) for role in ("actor", "target", "place", "claimed_by")},
            "date": time.get("date"),
            "confidence": ev.get("confidence"),
            "sentence": (ev.get("sentence") or {}).get("text"),
            "sentence_start": (ev.get("sentence") or {}).get("start"),
        }
        if articles is not None:
            row["published"] = published.get(ev["article"])
        rows.append(row)
    return pd.DataFrame(rows)


def side_by_side(frames: Mapping[str, Any], *, max_rows: int = 30):
    """Show several DataFrames next to each other, each under its title (an ``IPython`` HTML)."""
    from IPython.display import HTML

    cells = [
        f'<div style="flex:0 1 auto;overflow-x:auto"><h4>{html.escape(title)}</h4>'
        f"{df.head(max_rows).to_html(index=False, na_rep='')}</div>"
        for title, df in frames.items()
    ]
    return HTML(
        '<div style="display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start">'
        + "".join(cells)
        + "</div>"
    )


# --- the interactive graph ----------------------------------------------------------------


def show_html(path_or_html: str | os.PathLike, *, height: int = 900):
    """Embed a whole HTML page (e.g. ``network.html``) in the notebook output.

    The page goes into an ``<iframe srcdoc="…">`` (escaped), so the saved notebook carries
    the graph itself, unlike pyvis' ``show()``, which only links a file. A ``str`` containing
    ``<`` is taken as the page itself, anything else as a path.
    """
    from IPython.display import HTML

    if isinstance(path_or_html, str) and "<" in path_or_html:
        page = path_or_html
    else:
        page = Path(path_or_html).read_text(encoding="utf-8")
    return HTML(
        '<div class="kg-graph">'
        f'<iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
        "></iframe></div>"
    )


# --- evidence -----------------------------------------------------------------------------


def event_spans(event: Mapping[str, Any], roles: Sequence[str] = ("sentence", "trigger", *_ROLES)):
    """The character spans of an ``events.jsonl`` object as ``(start, end, role)`` triples."""
    out = []
    for role in roles:
        value = event.get(role)
        if isinstance(value, Mapping) and value.get("start") is not None:
            out.append((int(value["start"]), int(value["end"]), role))
    return out


def spans_of(
    events: Iterable[Mapping[str, Any]],
    *,
    event: str | None = None,
    article: str | None = None,
    roles: Sequence[str] = ("sentence", "trigger", *_ROLES),
) -> list[tuple[int, int, str]]:
    """The spans (:func:`event_spans`) of the ``events.jsonl`` statements asked for.

    Those of one merged ``event`` (its IRI, or its ``kgr:`` CURIE) and/or one ``article``
    (its id).
    """
    out: list[tuple[int, int, str]] = []
    for ev in events:
        if event is not None and event not in (ev["id"], shorten_iri(ev["id"])):
            continue
        if article is not None and ev["article"] != article:
            continue
        out.extend(event_spans(ev, roles))
    return out


def highlight_html(
    text: str,
    spans: Iterable[tuple[int, int] | tuple[int, int, str]],
    *,
    window: tuple[int, int] | str | None = None,
) -> str:
    """``text`` as escaped HTML with ``spans`` marked (``<mark class="kg-ROLE">``).

    Spans are character offsets ``(start, end)`` or ``(start, end, role)``; they may nest or
    overlap (a trigger inside its sentence): each piece of text takes the colour of the
    shortest span covering it, and its tooltip lists every role covering it. ``window``
    shows only ``text[start:end]`` (offsets stay those of the whole text); ``"spans"`` shows
    from the first span's start to the last span's end.
    """
    spans = list(spans)
    if window == "spans" and spans:
        window = (min(int(s[0]) for s in spans), max(int(s[1]) for s in spans))
    lo, hi = window if isinstance(window, tuple) else (0, len(text))
    marks = []
    for span in spans:
        start, end = int(span[0]), int(span[1])
        role = span[2] if len(span) > 2 else "evidence"
        start, end = max(start, lo), min(end, hi)
        if start < end:
            marks.append((start, end, role))
    cuts = sorted({lo, hi, *(s for s, _, _ in marks), *(e for _, e, _ in marks)})
    parts = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = html.escape(text[a:b]).replace("\n", "<br>")
        covering = sorted((e - s, r) for s, e, r in marks if s <= a and b <= e)
        if not covering:
            parts.append(piece)
            continue
        role = covering[0][1]
        color = ROLE_COLORS.get(role, "#ffff8d")
        names = ", ".join(dict.fromkeys(r for _, r in covering))
        parts.append(
            f'<mark class="kg-{html.escape(role)}" style="background:{color}" '
            f'title="{html.escape(names)} [{a}:{b}]">{piece}</mark>'
        )
    legend = " ".join(
        f'<mark style="background:{ROLE_COLORS.get(r, "#ffff8d")}">{html.escape(r)}</mark>'
        for r in dict.fromkeys(r for _, _, r in marks)
    )
    return (
        f'<div class="kg-evidence"><div style="font-size:85%">{legend}</div>'
        f'<div dir="rtl" lang="ar" style="line-height:1.9;font-size:110%">{"".join(parts)}</div>'
        "</div>"
    )


def highlight(text: str, spans, *, window: tuple[int, int] | str | None = None):
    """:func:`highlight_html` as an ``IPython.display.HTML`` object (shown in a notebook)."""
    from IPython.display import HTML

    return HTML(highlight_html(text, spans, window=window))


# --- corpora ------------------------------------------------------------------------------


def ant_date(value: str | None) -> str | None:
    """An ANT v1.1 ``time`` (``DD/MM/YYYY`` or an ISO datetime) as an ISO date, or None."""
    if not value:
        return None
    value = value.strip()
    try:
        if "/" in value:
            day, month, year = (int(x) for x in value.split()[0].split("/"))
            return dt.date(year, month, day).isoformat()
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def ant_to_jsonl(
    source: str | os.PathLike,
    dest: str | os.PathLike,
    *,
    limit: int = 300,
    categories: Sequence[str] | None = None,
) -> int:
    """Convert the first ``limit`` ANT v1.1 articles into a ``kg build`` ``.jsonl`` file.

    Args:
        source: ``articles.jsonl.gz`` (or an uncompressed ``.jsonl``) of the ANT corpus.
        dest: the ``.jsonl`` to write: ``{"id", "text", "title", "date", "url", "source"}``
            per line, ``date`` converted to ISO.
        limit: how many articles to keep (those with an empty text are skipped).
        categories: keep only these ANT categories (``internationalNews``, ``politic`` …).

    Returns:
        The number of articles written.
    """
    source = Path(source)
    opener = gzip.open if source.suffix == ".gz" else open
    written = 0
    Path(dest).parent.mkdir(parents=True, exist_ok=True)
    with opener(source, "rt", encoding="utf-8") as fh, open(dest, "w", encoding="utf-8") as out:
        for line in fh:
            if written >= limit:
                break
            doc = json.loads(line)
            if categories and doc.get("category") not in categories:
                continue
            if not (doc.get("text") or "").strip():
                continue
            record = {
                "id": doc["id"],
                "text": doc["text"],
                "title": doc.get("title") or None,
                "date": ant_date(doc.get("time")),
                "url": doc.get("url") or None,
                "source": doc.get("source") or None,
            }
            out.write(json.dumps({k: v for k, v in record.items() if v}, ensure_ascii=False))
            out.write("\n")
            written += 1
    return written


# --- plots --------------------------------------------------------------------------------


def _figure(size: tuple[float, float]):
    """A matplotlib Figure made without pyplot, whatever the backend; ``display(fig)`` shows it.

    :func:`kg.analyze.analyze` switches pyplot to Agg, so notebooks do not rely on pyplot.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="tight")
    return fig, fig.add_subplot()


def plot_timeline(events_df, *, freq: str = "MS"):
    """Bar chart of statements per month, stacked by type; returns the matplotlib ``Figure``.

    A statement counts at its event date, else at the article's ``published`` date.
    """
    import pandas as pd

    when = pd.to_datetime(events_df["date"], errors="coerce")
    if "published" in events_df:
        when = when.fillna(pd.to_datetime(events_df["published"], errors="coerce"))
    counts = (
        events_df.assign(when=when, n=1)
        .dropna(subset=["when"])
        .groupby([pd.Grouper(key="when", freq=freq), "type"])["n"]
        .sum()
        .unstack(fill_value=0)
    )
    fig, ax = _figure((9, 3.5))
    if counts.empty:
        ax.set_title("no dated events")
        return fig
    counts.index = counts.index.strftime("%Y-%m")
    counts.plot.bar(stacked=True, ax=ax, width=0.85, colormap="tab20")
    ax.set_xlabel("month (event date, else publication date)")
    ax.set_ylabel("statements")
    ax.legend(fontsize=8, ncols=2)
    return fig


def plot_places(places_df, *, labels: int = 12):
    """Scatter of places on longitude/latitude, sized by ``events`` (no map tiles needed).

    ``places_df`` needs the columns ``lat``, ``long``, ``events`` and ``place_en``; the
    ``labels`` biggest places are named. Returns the matplotlib ``Figure``.
    """
    df = places_df.dropna(subset=["lat", "long"])
    fig, ax = _figure((8, 5))
    if df.empty:
        ax.set_title("no place with coordinates")
        return fig
    sizes = df["events"].astype(float)
    ax.scatter(
        df["long"].astype(float),
        df["lat"].astype(float),
        s=20 + 40 * sizes,
        alpha=0.55,
        color="#c62828",
        edgecolor="black",
        linewidth=0.4,
    )
    for _, row in df.sort_values("events", ascending=False).head(labels).iterrows():
        ax.annotate(
            str(row["place_en"]),
            (float(row["long"]), float(row["lat"])),
            fontsize=8,
            xytext=(4, 4),
            textcoords="offset points",
        )
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.grid(alpha=0.3)
    ax.set_aspect("equal", adjustable="datalim")
    return fig
