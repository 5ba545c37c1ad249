"""Every event of the knowledge graph as a row: type, when (and by which date), where, who.

The actor network (:mod:`kg.network.actors`) has an edge only for events with both an actor
and a target; timelines and maps count every event, so they read this table instead. Rows
come from SPARQL on pyoxigraph, like the network; nothing here mutates its input.
"""

from __future__ import annotations

from typing import Any

from kg.graph.view import view_of
from kg.network.actors import entity_attrs, label
from kg.network.views import as_iso
from kg.vocab import GEO, KG, QUAD_CLASSES, local_name

__all__ = ["EVENT_FIELDS", "event_table", "slice_events"]

#: The columns of :func:`event_table` (and of ``events_over_time.csv``).
EVENT_FIELDS: tuple[str, ...] = (
    "event",
    "event_type",
    "quad",
    "date",
    "date_source",
    "place",
    "place_label",
    "lat",
    "long",
    "actor",
    "actor_label",
    "target",
    "target_label",
    "reports",
)

_EVENTS = f"""PREFIX kg: <{KG._NS}>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX geo: <{GEO}>
SELECT ?event ?cls ?code ?date ?pub ?report ?place ?lat ?long ?alat ?along ?actor ?target
WHERE {{
    ?event kg:report ?report ; a ?cls .
    FILTER(STRSTARTS(STR(?cls), STR(kg:)))
    OPTIONAL {{ ?cls kg:ploverCode ?code }}
    OPTIONAL {{ ?event kg:date ?date }}
    OPTIONAL {{ ?report kg:article/dcterms:date ?pub }}
    OPTIONAL {{ ?event kg:actor ?actor }}
    OPTIONAL {{ ?event kg:target ?target }}
    OPTIONAL {{
        ?event kg:place ?place .
        OPTIONAL {{ ?place geo:lat ?lat ; geo:long ?long }}
        OPTIONAL {{ ?place kg:locatedIn+ ?at . ?at geo:lat ?alat ; geo:long ?along }}
    }}
}}
"""


def _smallest(current: Any, value: Any) -> Any:
    """The smaller of two values, None counting as missing (a deterministic choice)."""
    if value is None:
        return current
    return value if current is None or value < current else current


def _collect(view: Any) -> dict[str, dict[str, Any]]:
    """One record per event from the query's rows (several values: the smallest)."""
    events: dict[str, dict[str, Any]] = {}
    for row in view.select(_EVENTS):
        code = str(row["code"]) if row["code"] is not None else local_name(row["cls"]).upper()
        if code not in QUAD_CLASSES:  # kg:Event, a quad class, or not an event class
            continue
        rec = events.setdefault(str(row["event"]), {"event_type": code, "reports": set()})
        rec["reports"].add(str(row["report"]))
        for name in ("date", "pub", "place", "actor", "target"):
            value = row[name]
            if value is not None:
                text = str(value)[:10] if name in ("date", "pub") else str(value)
                rec[name] = _smallest(rec.get(name), text)
        for lat, long, key in (("lat", "long", "coords"), ("alat", "along", "outer")):
            if row[lat] is not None and row[long] is not None:
                rec[key] = _smallest(rec.get(key), (float(row[lat]), float(row[long])))
    return events


def event_table(graph: Any) -> list[dict[str, Any]]:
    """Every typed event with its date and place, one dict per event, sorted by date then IRI.

    ``date`` is the event's ``kg:date`` (``date_source`` ``"event"``), else the earliest
    publication date (``dcterms:date``) of the articles that report it (``"publication"``),
    else None (``date_source`` None). ``place`` is the ``kg:place`` IRI, ``place_label`` its
    English label, else Arabic, else the IRI's last segment; ``lat``/``long`` are the place's
    ``geo:lat``/``geo:long``, else those of a place it is ``kg:locatedIn`` (directly or not).
    ``actor``/``target`` (IRIs) and their labels are None when absent; ``reports`` counts the
    event's ``kg:report``. The keys are :data:`EVENT_FIELDS`.

    Args:
        graph: a store, a staged update, a :class:`~kg.graph.view.GraphView` or an rdflib
            graph in the shape of ``docs/graph-shape.md``. Not modified.

    Example:
        >>> import rdflib
        >>> g = rdflib.Graph().parse(format="turtle", data='''
        ... @prefix kg: <https://w3id.org/conflict-kg/ontology#> .
        ... @prefix dcterms: <http://purl.org/dc/terms/> .
        ... @prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
        ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ... @prefix place: <https://w3id.org/conflict-kg/id/place/> .
        ... @prefix x: <https://w3id.org/conflict-kg/id/x/> .
        ... place:MISRATA skos:prefLabel "Misrata"@en ; geo:lat 32.37 ; geo:long 15.09 .
        ... x:e1 a kg:Assault ; kg:place place:MISRATA ; kg:report x:r1 .
        ... x:r1 kg:article x:a1 .
        ... x:a1 dcterms:date "2020-01-06" .
        ... ''')
        >>> [(r["event_type"], r["date"], r["date_source"], r["place_label"], r["lat"])
        ...  for r in event_table(g)]
        [('ASSAULT', '2020-01-06', 'publication', 'Misrata', 32.37)]
    """
    view = view_of(graph)
    events = _collect(view)
    iris = sorted(
        {rec[k] for rec in events.values() for k in ("place", "actor", "target") if rec.get(k)}
    )
    attrs = entity_attrs(view, iris)
    rows = []
    for iri, rec in events.items():
        date = rec.get("date") or rec.get("pub")
        source = "event" if rec.get("date") else ("publication" if date else None)
        lat, long = rec.get("coords") or rec.get("outer") or (None, None)
        row: dict[str, Any] = {
            "event": iri,
            "event_type": rec["event_type"],
            "quad": QUAD_CLASSES[rec["event_type"]],
            "date": date,
            "date_source": source,
            "lat": lat,
            "long": long,
            "reports": len(rec["reports"]),
        }
        for role in ("place", "actor", "target"):
            node = rec.get(role)
            row[role] = node
            row[role + "_label"] = label(attrs[node], local_name(node)) if node else None
        rows.append({k: row[k] for k in EVENT_FIELDS})
    return sorted(rows, key=lambda r: (r["date"] or "9999", r["event"]))


def slice_events(rows: list[dict[str, Any]], since: Any = None, until: Any = None) -> list[dict]:
    """The rows dated between ``since`` and ``until`` (inclusive, as :func:`time_slice`).

    Bounds compare with the row's ``date`` (event date, else publication date); undated rows
    are dropped when a bound is given.

    Example:
        >>> rows = [{"date": "2020-01-05"}, {"date": "2020-02-01"}, {"date": None}]
        >>> slice_events(rows, until="2020-01")
        [{'date': '2020-01-05'}]
    """
    lo, hi = as_iso(since), as_iso(until)
    if lo is None and hi is None:
        return list(rows)
    return [
        r
        for r in rows
        if r["date"]
        and (lo is None or r["date"] >= lo)
        and (hi is None or r["date"][: len(hi)] <= hi)
    ]
