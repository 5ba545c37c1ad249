"""The actor network: from the RDF graph (by SPARQL) to networkx, plus a few metrics.

networkx style: the graph comes first, results are plain dicts, nothing mutates its input.

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
    >>> summary_graph(mdg).edges["https://w3id.org/conflict-kg/id/actor/LNA",
    ...                          "https://w3id.org/conflict-kg/id/actor/TUR"]["conflict"]
    1
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
import rdflib
from rdflib.plugins.sparql import prepareQuery

from kg.fileio import atomic_write_with
from kg.rdf.namespace import KG as _KG
from kg.types import QUAD_CLASSES

__all__ = [
    "ACTOR_KINDS",
    "AFFILIATIONS",
    "actor_network",
    "summary_graph",
    "centrality",
    "write_graphml",
    "find_node",
    "rollup",
    "ego_network",
    "time_slice",
]

KG = _KG._NS  # the closed namespace's IRI, for SPARQL prefixes and string comparisons

#: Entity kinds (local names of kg classes), most specific first; ``Place`` last.
ACTOR_KINDS: tuple[str, ...] = (
    "State",
    "Government",
    "ArmedForce",
    "ArmedGroup",
    "Operation",
    "Person",
    "IntergovernmentalOrganization",
    "Organization",
    "Group",
    "Civilians",
    "Place",
)

#: Affiliation properties (local names in ``kg:``) drawn as edges with a ``relation``.
AFFILIATIONS: tuple[str, ...] = ("leads", "memberOf", "partOf", "spokespersonOf")

_INIT_NS = {
    "kg": KG,
    "rdf": rdflib.RDF,
    "rdfs": rdflib.RDFS,
    "skos": rdflib.SKOS,
}

_EVENTS = prepareQuery(
    """
    SELECT ?event ?cls ?code ?actor ?target ?mode ?date WHERE {
        ?event kg:actor ?actor ; kg:target ?target ; a ?cls .
        FILTER(STRSTARTS(STR(?cls), STR(kg:)))
        OPTIONAL { ?cls kg:ploverCode ?code }
        OPTIONAL { ?event kg:mode ?mode }
        OPTIONAL { ?event kg:date ?date }
    }
    """,
    initNs=_INIT_NS,
)

_REPORTS = prepareQuery(
    """
    SELECT ?event ?report ?article ?start ?sentence ?claimant WHERE {
        ?event kg:actor ?actor ; kg:target ?target ; kg:report ?report .
        OPTIONAL { ?report kg:article ?article }
        OPTIONAL { ?report kg:sentenceStart ?start }
        OPTIONAL { ?report kg:sentenceText ?sentence }
        OPTIONAL { ?report kg:claimedBy ?claimant }
    }
    """,
    initNs=_INIT_NS,
)

_AFFILIATIONS = prepareQuery(
    """
    SELECT ?s ?rel ?o WHERE {
        VALUES ?rel { kg:leads kg:memberOf kg:partOf kg:spokespersonOf }
        ?s ?rel ?o .
    }
    """,
    initNs=_INIT_NS,
)

_ENTITY = prepareQuery(
    """
    SELECT ?type ?pref ?label WHERE {
        { ?e a ?type } UNION { ?e skos:prefLabel ?pref } UNION { ?e rdfs:label ?label }
    }
    """,
    initNs=_INIT_NS,
)


def _local(iri: rdflib.term.Node | str) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _plover_code(cls: rdflib.term.Node, code: rdflib.term.Node | None) -> str | None:
    value = str(code) if code is not None else _local(cls).upper()
    return value if value in QUAD_CLASSES else None


def _pick(labels: dict[str, str], *langs: str) -> str | None:
    for lang in langs:
        if lang in labels:
            return labels[lang]
    return None


def _entity_attrs(graph: rdflib.Graph, iri: rdflib.term.Node) -> dict[str, Any]:
    """Node attributes of one entity: labels by language, kind, IRI."""
    types: set[str] = set()
    pref: dict[str, str] = {}
    rdfs: dict[str, str] = {}
    for row in graph.query(_ENTITY, initBindings={"e": iri}):
        if row.type is not None and str(row.type).startswith(str(KG)):
            types.add(_local(row.type))
        for lit, into in ((row.pref, pref), (row.label, rdfs)):
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
        or _local(iri)
    )
    kind = next((k for k in ACTOR_KINDS if k in types), "Actor")
    return {
        "label": label,
        "label_en": label_en,
        "label_ar": label_ar,
        "kind": kind,
        "iri": str(iri),
    }


def actor_network(graph: rdflib.Graph) -> nx.MultiDiGraph:
    """Build the actor network of an RDF knowledge graph, by SPARQL.

    Nodes are the actors and places that take part in an event as ``kg:actor`` or
    ``kg:target``, or that claim a report (``kg:claimedBy``), keyed by IRI (a string), with
    the attributes ``label`` (the ``@ar`` ``skos:prefLabel``, else ``rdfs:label``),
    ``label_en``, ``label_ar``, ``kind`` (the kg class local name: ``ArmedForce`` …
    ``Place``; ``Actor`` when untyped) and ``iri``.

    There is one edge actor → target per event (and per actor/target pair when an event
    has several), keyed by the event IRI, with ``event_type`` (PLOVER code, from the class's
    ``kg:ploverCode`` or its upper-cased local name), ``quad`` (``MaterialConflict`` …),
    ``mode`` (local name of the mode concept, or None), ``date`` (ISO string or None),
    ``event`` (IRI), ``reports`` (number of ``kg:report``), ``claimed_by`` (claimant labels,
    sorted and joined with ``"; "``, or None) and ``evidence`` (the sentence of the first
    report, ordered by article and sentence offset). Events without both an actor and a
    target have no edge.

    Affiliation edges (``kg:leads``, ``kg:memberOf``, ``kg:partOf``, ``kg:spokespersonOf``)
    carry ``relation`` (the property local name), key ``"<relation>:<subject IRI>"`` and
    are added when at least one end already is a node (the other end then becomes one), so
    a loaded registry does not pull in every known actor.

    Args:
        graph: an RDF graph in the shape of ``docs/graph-shape.md``. Not modified.

    Returns:
        A new ``nx.MultiDiGraph``; ``graph["name"]`` is ``"actor network"``.

    Example:
        >>> actor_network(rdflib.Graph()).number_of_nodes()
        0
    """
    mdg = nx.MultiDiGraph(name="actor network")

    # events: one row per (event, class, actor, target, mode, date) combination
    events: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in graph.query(_EVENTS):
        code = _plover_code(row.cls, row.code)
        if code is None:  # kg:Event, a quad class, or not an event class at all
            continue
        key = (str(row.event), str(row.actor), str(row.target))
        attrs = events.setdefault(
            key,
            {
                "event_type": code,
                "quad": QUAD_CLASSES[code],
                "mode": None,
                "date": None,
                "event": str(row.event),
            },
        )
        # several values (should not happen): keep the smallest, deterministically
        if row.mode is not None and (attrs["mode"] is None or _local(row.mode) < attrs["mode"]):
            attrs["mode"] = _local(row.mode)
        if row.date is not None and (attrs["date"] is None or str(row.date) < attrs["date"]):
            attrs["date"] = str(row.date)

    reports: dict[str, dict[str, tuple]] = defaultdict(dict)
    claimants: dict[str, set[str]] = defaultdict(set)
    for row in graph.query(_REPORTS):
        ev = str(row.event)
        order = (
            str(row.article or ""),
            int(row.start) if row.start is not None else -1,
            str(row.report),
        )
        reports[ev][str(row.report)] = (order, str(row.sentence) if row.sentence else None)
        if row.claimant is not None:
            claimants[ev].add(str(row.claimant))

    node_iris: set[str] = set()
    for _, actor, target in events:
        node_iris.update((actor, target))
    for ev in {k[0] for k in events}:
        node_iris.update(claimants[ev])

    affiliations = []
    for row in graph.query(_AFFILIATIONS):
        s, o = str(row.s), str(row.o)
        affiliations.append((s, _local(row.rel), o))
    affiliations = sorted(
        (s, rel, o) for s, rel, o in set(affiliations) if s in node_iris or o in node_iris
    )
    for s, _, o in affiliations:
        node_iris.update((s, o))

    for iri in sorted(node_iris):
        mdg.add_node(iri, **_entity_attrs(graph, rdflib.URIRef(iri)))

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
        )
    for s, rel, o in affiliations:
        mdg.add_edge(s, o, key=f"{rel}:{s}", relation=rel)
    return mdg


def summary_graph(mdg: nx.MultiDiGraph) -> nx.DiGraph:
    """Collapse the actor network into one edge per ordered pair, with counts.

    Each edge has ``conflict`` and ``cooperation`` (number of events whose quad class ends
    in ``Conflict`` / ``Cooperation``), ``events`` (all events), ``affiliation`` (number of
    affiliation relations) and ``weight`` (``events + affiliation``). Node attributes are
    copied.

    Example:
        >>> m = nx.MultiDiGraph()
        >>> _ = m.add_edge("a", "b", key="e1", quad="MaterialConflict")
        >>> _ = m.add_edge("a", "b", key="e2", quad="VerbalCooperation")
        >>> _ = m.add_edge("a", "b", key="partOf:a", relation="partOf")
        >>> dict(sorted(summary_graph(m).edges["a", "b"].items()))
        {'affiliation': 1, 'conflict': 1, 'cooperation': 1, 'events': 2, 'weight': 3}
    """
    dg = nx.DiGraph(name="actor summary")
    dg.add_nodes_from((n, dict(d)) for n, d in mdg.nodes(data=True))
    for u, v, d in mdg.edges(data=True):
        if not dg.has_edge(u, v):
            dg.add_edge(u, v, conflict=0, cooperation=0, events=0, affiliation=0, weight=0)
        e = dg.edges[u, v]
        quad = d.get("quad")
        if quad:
            e["events"] += 1
            if quad.endswith("Conflict"):
                e["conflict"] += 1
            elif quad.endswith("Cooperation"):
                e["cooperation"] += 1
        elif d.get("relation"):
            e["affiliation"] += 1
        e["weight"] = e["events"] + e["affiliation"]
    return dg


def centrality(mdg: nx.MultiDiGraph) -> dict[str, float]:
    """PageRank of each node on ``summary_graph(mdg)``, weighted by ``weight``.

    PageRank is a deterministic power iteration (no random start), so there is no ``seed``.
    Edges point from actor to target and from member to group, so targets of many
    attacks and groups with many members rank high. Uses scipy when installed.

    Example:
        >>> m = nx.MultiDiGraph()
        >>> _ = m.add_edge("a", "b", key="e1", quad="MaterialConflict")
        >>> c = centrality(m)
        >>> c["b"] > c["a"], round(sum(c.values()), 6)
        (True, 1.0)
    """
    dg = summary_graph(mdg)
    if dg.number_of_nodes() == 0:
        return {}
    try:
        return dict(nx.pagerank(dg, weight="weight"))
    except ImportError:  # no scipy: the pure-Python iteration gives the same numbers
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return dict(_pagerank_python(dg, weight="weight"))


def _graphml_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def write_graphml(mdg: nx.MultiDiGraph, path: str | os.PathLike) -> Path:
    """Write the network as GraphML, atomically (a temporary file, then ``os.replace``).

    None attributes become ``""`` and other non-scalar values their ``str()``, since GraphML
    has no null. The input graph is not modified.

    Returns:
        The path written.

    Example:
        >>> import tempfile, pathlib
        >>> m = nx.MultiDiGraph()
        >>> _ = m.add_edge("a", "b", key="e1", mode=None)
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = write_graphml(m, pathlib.Path(d) / "g.graphml")
        ...     list(nx.read_graphml(p, force_multigraph=True).edges(keys=True, data=True))
        [('a', 'b', 'e1', {'mode': ''})]
    """
    path = Path(path)
    out = mdg.__class__()
    out.graph.update({k: _graphml_value(v) for k, v in mdg.graph.items()})
    out.add_nodes_from(
        (n, {k: _graphml_value(v) for k, v in d.items()}) for n, d in mdg.nodes(data=True)
    )
    if mdg.is_multigraph():
        out.add_edges_from(
            (u, v, k, {a: _graphml_value(x) for a, x in d.items()})
            for u, v, k, d in mdg.edges(keys=True, data=True)
        )
    else:
        out.add_edges_from(
            (u, v, {a: _graphml_value(x) for a, x in d.items()}) for u, v, d in mdg.edges(data=True)
        )
    return atomic_write_with(path, lambda fh: nx.write_graphml(out, fh))


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
        keys = {_local(node), d.get("label_en"), d.get("label_ar"), d.get("label")}
        if want in {" ".join(str(k).split()).casefold() for k in keys if k}:
            hits.add(node)
    if len(hits) != 1:
        why = "no node" if not hits else f"{len(hits)} nodes"
        raise nx.NodeNotFound(f"{why} named {name!r} in the actor network")
    return hits.pop()


def rollup(
    mdg: nx.MultiDiGraph,
    *,
    relation: str = "partOf",
    stop_kinds: tuple[str, ...] = ("State", "Place"),
) -> nx.MultiDiGraph:
    """Merge sub-units into their parent organisations (``LNA Air Force`` → ``LNA``).

    Every node with a ``relation`` edge (``kg:partOf`` by default) to a parent is merged
    into the parent, transitively (a unit of a unit ends at the top organisation), except
    into parents whose ``kind`` is in ``stop_kinds``: a government that is ``partOf`` its
    state stays itself. A node with several parents goes to the smallest IRI among them.
    Edges are moved to the merged ends; the ``relation`` edges that become self-loops are
    dropped, events between merged units stay as self-loops. A merged node keeps its own
    attributes and gets ``members``: the sorted keys of the nodes merged into it, itself
    included (``[]`` for nodes that absorbed nothing).

    Args:
        mdg: an actor network (:func:`actor_network`). Not modified.
        relation: the affiliation that means "is a sub-unit of".
        stop_kinds: kinds of parents nothing is merged into.

    Returns:
        A new ``nx.MultiDiGraph``.

    Example:
        >>> m = nx.MultiDiGraph()
        >>> m.add_nodes_from(["lna", "af", "tur"], kind="ArmedForce")
        >>> _ = m.add_edge("af", "lna", key="partOf:af", relation="partOf")
        >>> _ = m.add_edge("af", "tur", key="e1", event_type="ASSAULT", quad="MaterialConflict")
        >>> r = rollup(m)
        >>> sorted(r), list(r.edges(keys=True)), r.nodes["lna"]["members"]
        (['lna', 'tur'], [('lna', 'tur', 'e1')], ['af', 'lna'])
    """
    parent: dict[Any, Any] = {}
    for u, v, d in mdg.edges(data=True):
        if d.get("relation") != relation or u == v:
            continue
        if mdg.nodes[v].get("kind") in stop_kinds:
            continue
        if u not in parent or str(v) < str(parent[u]):
            parent[u] = v

    def top(node: Any) -> Any:
        seen = {node}
        while node in parent and parent[node] not in seen:
            node = parent[node]
            seen.add(node)
        return node

    root = {n: top(n) for n in mdg}
    members: dict[Any, list] = defaultdict(list)
    for n, r in root.items():
        if n != r:
            members[r].append(n)
    out = nx.MultiDiGraph(**mdg.graph)
    for n, d in mdg.nodes(data=True):
        if root[n] == n:
            merged = sorted([n, *members[n]], key=str) if members[n] else []
            out.add_node(n, **{**d, "members": merged})
    for u, v, k, d in mdg.edges(keys=True, data=True):
        ru, rv = root[u], root[v]
        if ru == rv and d.get("relation") == relation:
            continue
        if out.has_edge(ru, rv, k):  # the same affiliation from two merged members
            continue
        out.add_edge(ru, rv, key=k, **d)
    return out


def ego_network(mdg: nx.MultiDiGraph, node: str, radius: int = 1) -> nx.MultiDiGraph:
    """The actors within ``radius`` steps of ``node`` (edges in either direction).

    ``node`` is resolved by :func:`find_node` (IRI, IRI local name or label). All edges
    between the kept nodes are kept; ``graph["ego"]`` is the centre.

    Example:
        >>> m = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
        >>> sorted(ego_network(m, "a")), sorted(ego_network(m, "a", radius=2))
        (['a', 'b'], ['a', 'b', 'c'])
    """
    centre = find_node(mdg, node)
    keep = set(nx.ego_graph(mdg, centre, radius=radius, undirected=True))
    # Rebuilt in mdg's order: a subgraph view of a few nodes iterates them in set order,
    # which changes with string hashing from one run to the next.
    ego = nx.MultiDiGraph()
    ego.add_nodes_from((n, d) for n, d in mdg.nodes(data=True) if n in keep)
    ego.add_edges_from(
        (u, v, k, d) for u, v, k, d in mdg.edges(keys=True, data=True) if u in keep and v in keep
    )
    ego.graph.update(mdg.graph)
    ego.graph["ego"] = centre
    return ego


def _as_iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def time_slice(
    mdg: nx.MultiDiGraph,
    since: Any = None,
    until: Any = None,
    *,
    keep_undated: bool = False,
) -> nx.MultiDiGraph:
    """The events dated between ``since`` and ``until`` (inclusive), by ``kg:date``.

    Bounds are ``datetime.date`` objects or ISO strings (``"2020-01"`` compares as a prefix:
    ``until="2020-01"`` keeps all of January); ``None`` leaves that side open. Undated events
    are dropped when a bound is given, unless ``keep_undated``. The nodes kept are those of
    the kept events; affiliation edges are kept when one of their ends is such a node (as in
    :func:`actor_network`).

    Example:
        >>> m = nx.MultiDiGraph()
        >>> _ = m.add_edge("a", "b", key="e1", event_type="ASSAULT", date="2020-01-05")
        >>> _ = m.add_edge("a", "c", key="e2", event_type="ASSAULT", date="2020-02-01")
        >>> _ = m.add_edge("a", "d", key="e3", event_type="ASSAULT", date=None)
        >>> list(time_slice(m, until="2020-01").edges(keys=True))
        [('a', 'b', 'e1')]
        >>> sorted(k for *_, k in time_slice(m, "2020-01-06", keep_undated=True).edges(keys=True))
        ['e2', 'e3']
    """
    lo, hi = _as_iso(since), _as_iso(until)

    def keep(date: str | None) -> bool:
        if date is None or date == "":
            return keep_undated or (lo is None and hi is None)
        if lo is not None and date < lo:
            return False
        return hi is None or date[: len(hi)] <= hi

    out = nx.MultiDiGraph(**mdg.graph)
    events = [
        (u, v, k, d)
        for u, v, k, d in mdg.edges(keys=True, data=True)
        if d.get("event_type") and keep(d.get("date"))
    ]
    nodes = {u for u, *_ in events} | {v for _, v, *_ in events}
    affiliations = [
        (u, v, k, d)
        for u, v, k, d in mdg.edges(keys=True, data=True)
        if not d.get("event_type") and (u in nodes or v in nodes)
    ]
    keep_nodes = nodes | {u for u, *_ in affiliations} | {v for _, v, *_ in affiliations}
    out.add_nodes_from((n, dict(d)) for n, d in mdg.nodes(data=True) if n in keep_nodes)
    out.add_edges_from((u, v, k, dict(d)) for u, v, k, d in events + affiliations)
    out.graph["since"], out.graph["until"] = lo, hi
    return out
