"""The actor network: from the knowledge graph, by SPARQL on pyoxigraph, to networkx.

The source is a store (:class:`kg.graph.store.Store`), a staged update, a
:class:`~kg.graph.view.GraphView` or an rdflib graph (copied into pyoxigraph); the queries
always run on pyoxigraph's engine. networkx style: the graph comes first, results are plain
dicts, nothing mutates its input.

Example:
    >>> import rdflib
    >>> g = rdflib.Graph().parse(format="turtle", data='''
    ... @prefix kg: <https://w3id.org/conflict-kg/ontology#> .
    ... @prefix actor: <https://w3id.org/conflict-kg/id/actor/> .
    ... @prefix event: <https://w3id.org/conflict-kg/id/event/> .
    ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ... actor:LNA a kg:ArmedForce ; skos:prefLabel "الجيش الوطني الليبي"@ar,
    ...     "Libyan National Army"@en .
    ... actor:TUR a kg:State ; skos:prefLabel "Turkey"@en .
    ... event:1 a kg:Assault ; kg:actor actor:LNA ; kg:target actor:TUR .
    ... ''')
    >>> mdg = actor_network(g)
    >>> [(mdg.nodes[u]["label_en"], mdg.nodes[v]["label_en"], d["event_type"], d["quad"])
    ...  for u, v, d in mdg.edges(data=True)]
    [('Libyan National Army', 'Turkey', 'ASSAULT', 'MaterialConflict')]
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
import rdflib

from kg.graph.query import load_query
from kg.graph.view import GraphView, view_of
from kg.vocab import ENTITY_KINDS, KG, QUAD_CLASSES, local_name

__all__ = ["AFFILIATIONS", "actor_network", "entity_attrs", "find_node", "label"]

#: Affiliation properties (local names in ``kg:``) drawn as edges with a ``relation``.
AFFILIATIONS: tuple[str, ...] = ("leads", "memberOf", "partOf", "spokespersonOf")

_PREFIXES = f"""PREFIX kg: <{KG._NS}>
PREFIX rdf: <{rdflib.RDF}>
PREFIX rdfs: <{rdflib.RDFS}>
PREFIX skos: <{rdflib.SKOS}>
"""

_EVENTS = (
    _PREFIXES
    + """
    SELECT ?event ?cls ?code ?actor ?target ?mode ?date WHERE {
        ?event kg:actor ?actor ; kg:target ?target ; a ?cls .
        FILTER(STRSTARTS(STR(?cls), STR(kg:)))
        OPTIONAL { ?cls kg:ploverCode ?code }
        OPTIONAL { ?event kg:mode ?mode }
        OPTIONAL { ?event kg:date ?date }
    }
    """
)

_REPORTS = (
    _PREFIXES
    + """
    SELECT ?event ?report ?article ?start ?sentence ?claimant WHERE {
        ?event kg:actor ?actor ; kg:target ?target ; kg:report ?report .
        OPTIONAL { ?report kg:article ?article }
        OPTIONAL { ?report kg:sentenceStart ?start }
        OPTIONAL { ?report kg:sentenceText ?sentence }
        OPTIONAL { ?report kg:claimedBy ?claimant }
    }
    """
)

_AFFILIATIONS = (
    _PREFIXES
    + """
    SELECT ?s ?rel ?o WHERE {
        VALUES ?rel { """
    + " ".join(f"kg:{a}" for a in AFFILIATIONS)
    + """ }
        ?s ?rel ?o .
    }
    """
)

# Types and labels of the nodes, in one query (VALUES ?e is filled in per call).
_ENTITIES = (
    _PREFIXES
    + """
    SELECT ?e ?type ?pref ?label ?country WHERE {
        VALUES ?e { %s }
        { ?e a ?type } UNION { ?e skos:prefLabel ?pref } UNION { ?e rdfs:label ?label }
        UNION { ?e kg:country ?country }
    }
    """
)


def _plover_code(cls: rdflib.term.Node, code: rdflib.term.Node | None) -> str | None:
    value = str(code) if code is not None else local_name(cls).upper()
    return value if value in QUAD_CLASSES else None


def _pick(labels: dict[str, str], *langs: str) -> str | None:
    for lang in langs:
        if lang in labels:
            return labels[lang]
    return None


def entity_attrs(view: GraphView, iris: list[str]) -> dict[str, dict[str, Any]]:
    """Node attributes of each entity: labels by language, kind, IRI."""
    rows: dict[str, list[dict]] = {iri: [] for iri in iris}
    for start in range(0, len(iris), 500):
        chunk = iris[start : start + 500]
        values = " ".join(str(rdflib.URIRef(i).n3()) for i in chunk)
        for row in view.select(_ENTITIES % values):
            rows[str(row["e"])].append(row)
    return {iri: _attrs_of(rdflib.URIRef(iri), found) for iri, found in rows.items()}


def _attrs_of(iri: rdflib.URIRef, rows: list[dict]) -> dict[str, Any]:
    types: set[str] = set()
    countries: set[str] = set()
    pref: dict[str, str] = {}
    rdfs: dict[str, str] = {}
    for row in rows:
        if row["type"] is not None and str(row["type"]).startswith(str(KG._NS)):
            types.add(local_name(row["type"]))
        if row["country"] is not None:
            countries.add(str(row["country"]))
        for lit, into in ((row["pref"], pref), (row["label"], rdfs)):
            if isinstance(lit, rdflib.Literal):
                # the smallest value per language, so that the choice is deterministic
                lang = lit.language or ""
                if lang not in into or str(lit) < into[lang]:
                    into[lang] = str(lit)
    label_ar = _pick(pref, "ar") or _pick(rdfs, "ar")
    label_en = _pick(pref, "en") or _pick(rdfs, "en")
    label = (
        _pick(pref, "ar")
        or _pick(rdfs, "ar")
        or _pick(pref, "en", "")
        or _pick(rdfs, "en", "")
        or next(iter(sorted({**rdfs, **pref}.items())), (None, None))[1]
        or local_name(iri)
    )
    kind = next((k for k in ENTITY_KINDS if k in types), "Actor")
    return {
        "label": label,
        "label_en": label_en,
        "label_ar": label_ar,
        "kind": kind,
        "country": min(countries) if countries else None,
        "iri": str(iri),
    }


def _contested(view: GraphView) -> dict[str, set[tuple[str, str, str, str]]]:
    """Per event, its rival claims (``contested_claims.rq``): kind, other event, claimants."""
    text, _ = load_query("contested_claims")
    out: dict[str, set[tuple[str, str, str, str]]] = defaultdict(set)
    for row in view.select(text):
        e1, e2, c1, c2 = (str(row[k]) for k in ("event1", "event2", "claimant1", "claimant2"))
        kind = str(row["kind"])
        out[e1].add((kind, e2, c1, c2))
        out[e2].add((kind, e1, c2, c1))
    return out


def _contested_text(mdg: nx.MultiDiGraph, rivals: set[tuple[str, str, str, str]]) -> str | None:
    def name(iri: str) -> str:
        return label(mdg.nodes[iri], iri) if iri in mdg else local_name(iri)

    parts = sorted(
        f"{kind}: {local_name(other)} claimed by {name(theirs)} (this one by {name(ours)})"
        for kind, other, ours, theirs in rivals
    )
    return "; ".join(parts) or None


def actor_network(graph: Any) -> nx.MultiDiGraph:
    """Build the actor network of an RDF knowledge graph, by SPARQL on pyoxigraph.

    Nodes are the actors and places that take part in an event as ``kg:actor`` or
    ``kg:target``, or that claim a report (``kg:claimedBy``), keyed by IRI (a string), with
    the attributes ``label`` (the ``@ar`` ``skos:prefLabel``, else ``rdfs:label``),
    ``label_en``, ``label_ar``, ``kind`` (the kg class local name: ``ArmedForce`` …
    ``Place``; ``Actor`` when untyped), ``country`` (``kg:country``, an ISO 3166-1 alpha-3
    code, or None) and ``iri``.

    There is one edge actor → target per event (and per actor/target pair when an event
    has several), keyed by the event IRI, with ``event_type`` (PLOVER code, from the class's
    ``kg:ploverCode`` or its upper-cased local name), ``quad`` (``MaterialConflict`` …),
    ``mode`` (local name of the mode concept, or None), ``date`` (ISO string or None),
    ``event`` (IRI), ``reports`` (number of ``kg:report``), ``claimed_by`` (claimant labels,
    sorted and joined with ``"; "``, or None) and ``evidence`` (the sentence of the first
    report, ordered by article and sentence offset), ``contested`` (the rival claims of
    ``contested_claims.rq`` about the event, "kind: other event claimed by X (this one by
    Y)" joined with ``"; "``, or None). Events without both an actor and a target have no
    edge.

    Affiliation edges (``kg:leads``, ``kg:memberOf``, ``kg:partOf``, ``kg:spokespersonOf``)
    carry ``relation`` (the property local name), key ``"<relation>:<subject IRI>"`` and
    are added when at least one end already is a node (the other end then becomes one), so
    a loaded registry does not pull in every known actor.

    Args:
        graph: a knowledge graph in the shape of ``docs/graph-shape.md``: a store, a staged
            update, a :class:`~kg.graph.view.GraphView` or an rdflib graph. Not modified.

    Returns:
        A new ``nx.MultiDiGraph``; ``graph["name"]`` is ``"actor network"``.

    Example:
        >>> actor_network(rdflib.Graph()).number_of_nodes()
        0
    """
    view = view_of(graph)
    mdg = nx.MultiDiGraph(name="actor network")

    # events: one row per (event, class, actor, target, mode, date) combination
    events: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in view.select(_EVENTS):
        code = _plover_code(row["cls"], row["code"])
        if code is None:  # kg:Event, a quad class, or not an event class at all
            continue
        key = (str(row["event"]), str(row["actor"]), str(row["target"]))
        attrs = events.setdefault(
            key,
            {
                "event_type": code,
                "quad": QUAD_CLASSES[code],
                "mode": None,
                "date": None,
                "event": str(row["event"]),
            },
        )
        # several values (should not happen): keep the smallest, deterministically
        mode, date = row["mode"], row["date"]
        if mode is not None and (attrs["mode"] is None or local_name(mode) < attrs["mode"]):
            attrs["mode"] = local_name(mode)
        if date is not None and (attrs["date"] is None or str(date) < attrs["date"]):
            attrs["date"] = str(date)

    reports: dict[str, dict[str, tuple]] = defaultdict(dict)
    claimants: dict[str, set[str]] = defaultdict(set)
    for row in view.select(_REPORTS):
        ev = str(row["event"])
        order = (
            str(row["article"] or ""),
            int(row["start"]) if row["start"] is not None else -1,
            str(row["report"]),
        )
        sentence = row["sentence"]
        reports[ev][str(row["report"])] = (order, str(sentence) if sentence else None)
        if row["claimant"] is not None:
            claimants[ev].add(str(row["claimant"]))

    node_iris: set[str] = set()
    for _, actor, target in events:
        node_iris.update((actor, target))
    for ev in {k[0] for k in events}:
        node_iris.update(claimants[ev])

    affiliations = []
    for row in view.select(_AFFILIATIONS):
        s, o = str(row["s"]), str(row["o"])
        affiliations.append((s, local_name(row["rel"]), o))
    affiliations = sorted(
        (s, rel, o) for s, rel, o in set(affiliations) if s in node_iris or o in node_iris
    )
    for s, _, o in affiliations:
        node_iris.update((s, o))

    contested = _contested(view)
    attrs_by_iri = entity_attrs(view, sorted(node_iris))
    for iri in sorted(node_iris):
        mdg.add_node(iri, **attrs_by_iri[iri])

    for (ev, actor, target), attrs in sorted(events.items()):
        evidence = None
        if reports[ev]:
            evidence = min(reports[ev].values())[1]
        labels = sorted(mdg.nodes[c]["label"] for c in claimants[ev])
        mdg.add_edge(
            actor,
            target,
            key=ev,
            **attrs,
            reports=len(reports[ev]),
            claimed_by="; ".join(labels) if labels else None,
            evidence=evidence,
            contested=_contested_text(mdg, contested[ev]) if ev in contested else None,
        )
    for s, rel, o in affiliations:
        mdg.add_edge(s, o, key=f"{rel}:{s}", relation=rel)
    return mdg


def find_node(mdg: nx.Graph, name: str) -> str:
    """Return the node of ``mdg`` that ``name`` designates.

    ``name`` may be a node key (IRI), the last segment of an IRI (``LNA``), or an English or
    Arabic label (compared without case and surrounding space). An exact key wins; a label
    must designate one node only.

    Raises:
        nx.NodeNotFound: no node, or several nodes, match.

    Example:
        >>> m = nx.MultiDiGraph()
        >>> m.add_node("https://w3id.org/conflict-kg/id/actor/LNA", label_en="Libyan National Army")
        >>> find_node(m, "lna"), find_node(m, "Libyan national army ") == find_node(m, "LNA")
        ('https://w3id.org/conflict-kg/id/actor/LNA', True)
    """
    if name in mdg:
        return name
    want = " ".join(str(name).split()).casefold()
    hits = set()
    for node, d in mdg.nodes(data=True):
        keys = {local_name(node), d.get("label_en"), d.get("label_ar"), d.get("label")}
        if want in {" ".join(str(k).split()).casefold() for k in keys if k}:
            hits.add(node)
    if len(hits) != 1:
        why = "no node" if not hits else f"{len(hits)} nodes"
        raise nx.NodeNotFound(f"{why} named {name!r} in the actor network")
    return hits.pop()


def label(d: dict[str, Any], node: Any) -> str:
    """The English label of a node, else its Arabic label, else its key."""
    return d.get("label_en") or d.get("label_ar") or d.get("label") or str(node)
