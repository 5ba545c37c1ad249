"""Summary counts the store keeps for the whole-store aggregate queries (a materialized index).

Three shipped queries visit every event of the store: ``events_by_type``,
``most_targeted_places`` and ``who_attacked_whom``. At a million quads each took 250–400 ms
on the on-disk store (about 8–10 µs a pattern lookup, for every event). So every commit of a
:class:`kg.graph.store.Store` brings their counts up to date in the internal graph
:data:`SUMMARY_GRAPH` (:class:`Refresh`), and the queries read one row per type, place or
pair instead of every event. A commit that touches few events updates the counts it touches
(the events of the graphs it replaces, drops or adds: their type and mode memberships before
and after, and a recount of their places and pairs); a large one, or a store without a
summary, counts everything again. Both give the rows of the queries' own counting. Each
place and pair row also holds its rank in the query's order (``kgs:materialRank``,
``kgs:rank``: SPARQL's ``ORDER BY``, done in Python) and each pair's actor and target their
names: sorting by IRI and looking up eight labels per row cost more than reading the rows.

The summary graph is an index, not data:

- it is not in the union (the default graph), not among the data graphs (``GRAPH ?g``,
  ``kg export``, ``graph.ttl``) and not shown by ``kg serve``; only a query whose text names
  ``urn:kg:summary`` gets it, as a second default graph (:func:`default_graphs`);
- its rows count only with its marker (``<urn:kg:summary> a kgs:Summary``), which a commit
  removes before it changes any data graph and puts back after the rows are updated (a crash
  in between leaves no valid summary, never a stale one; the next commit writes it whole);
- each of the three queries has a **guarded fallback**: when its default graph holds no
  marker (an rdflib graph read from ``graph.ttl``, a store written by an older kg, Oxigraph's
  own server on the store directory), it counts the events itself, as before. Both ways give
  the same rows (``tests/test_summary.py`` compares them on stores built from the seed and
  from ANT articles).

The counts here and the fallbacks in the ``.rq`` files must say the same thing: change both.

>>> print(SUMMARY_GRAPH)
urn:kg:summary
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

import pyoxigraph as ox

from kg.vocab import KG, PLOVER_CLASS, QUAD_CLASSES

__all__ = [
    "SUMMARY_GRAPH",
    "SUMMARY_NS",
    "Refresh",
    "default_graphs",
    "names_summary",
    "summary_quads",
]

#: The internal graph holding the counts, and the subject of its marker triple.
SUMMARY_GRAPH = "urn:kg:summary"
#: The vocabulary of the count rows (internal to kg, like the graph).
SUMMARY_NS = "urn:kg:summary:"
#: A commit touching more than this share of the store's events counts everything (at a
#: million quads: 10 articles 0.37 s by differences against 1.2 s; 3,000 articles, 9 % of
#: the events, 4.8–7.0 s against 6.3–8.8 s, the data's own commit included).
DELTA_SHARE = 0.25
_CHUNK = 2_000  # IRIs per VALUES list
_DROP = f"DROP SILENT GRAPH <{SUMMARY_GRAPH}>"

_PREFIXES = f"""PREFIX kg: <{KG._NS}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

# The event classes of kg.ttl (the lists the .rq files spell out): all 16, and the material
# conflict ones (most_targeted_places).
_ALL = " ".join(f"<{cls}>" for cls in PLOVER_CLASS.values())
_MATERIAL = " ".join(
    f"<{cls}>" for code, cls in PLOVER_CLASS.items() if QUAD_CLASSES[code] == "MaterialConflict"
)

# The counting of each query's fallback branch. {r}: a VALUES clause restricting it to some
# events, places or pairs, or nothing; {all} / {material}: the event's class among the 16 or
# the five, as VALUES before the pattern when counting everything (a scan per class), as a
# FILTER after it when restricted (a VALUES list of classes joined with a VALUES list of
# events made a lookup per pair: 1 ms an event). Where a UNION follows, the restriction goes
# inside each branch: outside, Oxigraph evaluated the whole UNION and joined it after (32 s
# for 144 places at a million quads).
_BY_TYPE = """
SELECT DISTINCT ?event ?type ?mode
WHERE {{
    {r}
    {all[0]} ?event a ?class . {all[1]}
    OPTIONAL {{ ?class kg:ploverCode ?code }}
    OPTIONAL {{ ?event kg:mode ?mode_iri }}
    BIND(COALESCE(?code, UCASE(STRAFTER(STR(?class), "#"))) AS ?type)
    BIND(COALESCE(REPLACE(STR(?mode_iri), "^.*/", ""), "") AS ?mode)
}}"""

_BY_PLACE = """
SELECT ?place (COUNT(DISTINCT ?event) AS ?events) (COUNT(DISTINCT ?report) AS ?reports)
WHERE {{
    {{
        {r}
        {material[0]} ?event kg:place ?place ; a ?class ; kg:report ?report . {material[1]}
    }} UNION {{
        {r}
        {material[0]} ?event kg:target ?place ; a ?class ; kg:report ?report . {material[1]}
        ?place a kg:Place
    }}
}}
GROUP BY ?place"""

_BY_PAIR = """
SELECT ?actor ?target (COUNT(DISTINCT ?event) AS ?events) (COUNT(DISTINCT ?report) AS ?reports)
WHERE {{
    {r}
    ?event a kg:Assault ; kg:actor ?actor ; kg:target ?target ; kg:report ?report .
}}
GROUP BY ?actor ?target"""

# The places and pairs an event counts in (a superset is fine: they are counted again).
_PLACES_OF = """
SELECT DISTINCT ?place
WHERE {{
    {{ {r} ?event kg:place ?place }} UNION {{ {r} ?event kg:target ?place }}
    ?event a ?class . {material[1]}
}}"""

_PAIRS_OF = """
SELECT DISTINCT ?actor ?target
WHERE {{ {r} ?event a kg:Assault ; kg:actor ?actor ; kg:target ?target . }}"""

_EVENTS_IN = """
SELECT DISTINCT ?event
WHERE {{ {r} GRAPH ?g {{ ?event a ?class }} {all[1]} }}"""

# who_attacked_whom's names: the skos:prefLabel in a language, else the rdfs:label.
_NAMES = """
SELECT ?entity ?name
WHERE {{
    {r}
    OPTIONAL {{ ?entity skos:prefLabel ?pref . FILTER(LANGMATCHES(LANG(?pref), "{lang}")) }}
    OPTIONAL {{ ?entity rdfs:label ?label . FILTER(LANGMATCHES(LANG(?label), "{lang}")) }}
    BIND(COALESCE(?pref, ?label) AS ?name)
    FILTER(BOUND(?name))
}}"""

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_PLOVER_CODE = ox.NamedNode(f"{KG._NS}ploverCode")
_MARKER = ox.Quad(
    ox.NamedNode(SUMMARY_GRAPH),
    _RDF_TYPE,
    ox.NamedNode(SUMMARY_NS + "Summary"),
    ox.NamedNode(SUMMARY_GRAPH),
)

Term = ox.NamedNode | ox.BlankNode | ox.Literal


def _p(name: str) -> ox.NamedNode:
    return ox.NamedNode(SUMMARY_NS + name)


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_INTEGER)


def _values(var: str | tuple[str, ...], rows: list) -> str:
    """A VALUES clause: one variable and terms, or several and tuples of terms."""
    if isinstance(var, str):
        return f"VALUES ?{var} {{ {' '.join(map(str, rows))} }}"
    cells = " ".join("(" + " ".join(map(str, r)) + ")" for r in rows)
    return f"VALUES ({' '.join('?' + v for v in var)}) {{ {cells} }}"


def _chunks(items: Iterable, size: int = _CHUNK) -> Iterator[list]:
    items = sorted(items, key=_order_key)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _classes(names: str, restricted: bool) -> tuple[str, str]:
    """The class constraint on ``?class``: (before the pattern, after it)."""
    if restricted:
        return "", f"FILTER(?class IN ({', '.join(names.split())}))"
    return f"VALUES ?class {{ {names} }}", ""


def _select(
    store: ox.Store, sparql: str, restrict: str = "", **fields: str
) -> Iterator[ox.QuerySolution]:
    """``sparql`` restricted by ``restrict`` (a VALUES clause, or nothing: the whole union)."""
    text = sparql.format(
        r=restrict,
        all=_classes(_ALL, bool(restrict)),
        material=_classes(_MATERIAL, bool(restrict)),
        **fields,
    )
    yield from store.query(_PREFIXES + text)


def _order_key(term) -> tuple:
    """SPARQL's ORDER BY order of terms: blank nodes, then IRIs, then literals (by text)."""
    if isinstance(term, tuple):
        return tuple(_order_key(t) for t in term)
    kind = 0 if isinstance(term, ox.BlankNode) else 1 if isinstance(term, ox.NamedNode) else 2
    return (kind, term.value)


@dataclass
class Counts:
    """The summary's rows: events per (type, mode); (events, reports) per place and per pair."""

    types: Counter = field(default_factory=Counter)
    places: dict[Term, tuple[int, int]] = field(default_factory=dict)
    pairs: dict[tuple[Term, Term], tuple[int, int]] = field(default_factory=dict)

    @property
    def events(self) -> int:
        return sum(self.types.values())


def _type_memberships(store: ox.Store, events: Iterable | None = None) -> Counter:
    """Events per (type, mode): of ``events`` only, or of the whole union."""
    if events is None:
        return Counter((s["type"].value, s["mode"].value) for s in _select(store, _BY_TYPE))
    out: Counter = Counter()
    for chunk in _chunks(events):
        rows = _select(store, _BY_TYPE, _values("event", chunk))
        out.update((s["type"].value, s["mode"].value) for s in rows)
    return out


def _recount(store: ox.Store, counts: Counts, places=None, pairs=None) -> None:
    """Count the places and pairs given (all of them when None) into ``counts``."""
    for text, var, todo, into in (
        (_BY_PLACE, "place", places, counts.places),
        (_BY_PAIR, ("actor", "target"), pairs, counts.pairs),
    ):
        restricts = [""] if todo is None else [_values(var, c) for c in _chunks(todo)]
        for key in todo or ():
            into.pop(key, None)
        for restrict in restricts:
            for s in _select(store, text, restrict):
                key = s[var] if isinstance(var, str) else tuple(s[v] for v in var)
                into[key] = (int(s["events"].value), int(s["reports"].value))


def count_all(store: ox.Store) -> Counts:
    """The summary's rows counted over the whole union of ``store``."""
    counts = Counts(types=_type_memberships(store))
    _recount(store, counts)
    return counts


def _stored_counts(quads: set[ox.Quad]) -> Counts | None:
    """The rows of the summary graph's ``quads``, or None without the marker (no valid summary)."""
    if _MARKER not in quads:
        return None
    rows: dict[Term, dict[str, Term]] = {}
    for q in quads:
        if q.predicate.value.startswith(SUMMARY_NS):
            rows.setdefault(q.subject, {})[q.predicate.value[len(SUMMARY_NS) :]] = q.object
    counts = Counts()
    for subject, row in rows.items():
        if "type" in row:
            counts.types[row["type"].value, row["mode"].value] = int(row["events"].value)
        if "materialEvents" in row:
            counts.places[subject] = (int(row["materialEvents"].value), int(row["materialReports"].value))  # fmt: skip
        if "assaultActor" in row:
            key = (row["assaultActor"], row["assaultTarget"])
            counts.pairs[key] = (int(row["assaultEvents"].value), int(row["assaultReports"].value))  # fmt: skip
    return counts


def summary_quads(store: ox.Store, counts: Counts | None = None) -> list[ox.Quad]:
    """The summary graph's quads for ``counts`` (counted over the union of ``store`` if None).

    Rows are named by what they count (a type and mode, a place, a hash of a pair), so equal
    unions give equal summaries and a change of a few counts changes a few quads (and the
    ranks that move). The marker comes last. An empty union has no summary.
    """
    if next(store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is None:
        return []
    counts = count_all(store) if counts is None else counts
    g = ox.NamedNode(SUMMARY_GRAPH)
    out: list[ox.Quad] = []

    def add(subject, **values) -> None:
        out.extend(ox.Quad(subject, _p(k), v, g) for k, v in values.items())

    for (kind, mode), n in sorted(counts.types.items()):
        if n <= 0:
            continue
        name = f"type/{quote(kind, safe='')}/{quote(mode, safe='')}"
        add(_p(name), type=ox.Literal(kind), mode=ox.Literal(mode), events=_int(n))
    # ORDER BY DESC(?events) DESC(?reports) ?place, and DESC(?events) ?actor ?target
    places = sorted(counts.places.items(), key=lambda kv: (-kv[1][0], -kv[1][1], _order_key(kv[0])))  # fmt: skip
    for rank, (place, (events, reports)) in enumerate(places):
        if not isinstance(place, ox.Literal):  # a literal is no subject (and no place)
            add(place, materialEvents=_int(events), materialReports=_int(reports),
                materialRank=_int(rank))  # fmt: skip
    pairs = sorted(counts.pairs.items(), key=lambda kv: (-kv[1][0], _order_key(kv[0])))
    for rank, ((actor, target), (events, reports)) in enumerate(pairs):
        row = _p("pair/" + hashlib.sha1(f"{actor} {target}".encode()).hexdigest()[:20])
        add(row, assaultActor=actor, assaultTarget=target,
            assaultEvents=_int(events), assaultReports=_int(reports), rank=_int(rank))  # fmt: skip
    named = {e for pair in counts.pairs for e in pair if isinstance(e, ox.NamedNode)}
    for chunk in _chunks(named):
        for lang in ("en", "ar"):
            for s in _select(store, _NAMES, _values("entity", chunk), lang=lang):
                add(s["entity"], **{f"name_{lang}": s["name"]})
    return [*out, _MARKER]


class Refresh:
    """Bring the summary up to date across one commit: :meth:`before`, the commit, :meth:`after`.

    ``before`` reads the stored counts and what the touched events count in, then removes the
    summary's marker, which the queries require: from then on they count for themselves, and
    a crash during the commit leaves no valid summary, never a stale one. ``after`` applies
    the differences, or counts everything when the commit was large or there was no summary,
    writes the quads that changed (or the whole graph, when most did), and the marker last.
    The caller holds the store's write lock.
    """

    def __init__(self, store: ox.Store):
        self.store = store
        self.stored: set[ox.Quad] = set()
        self.counts: Counts | None = None
        self.events: set[ox.NamedNode] = set()
        self.types_before: Counter = Counter()
        self.places: set[Term] = set()
        self.pairs: set[tuple[Term, Term]] = set()

    def before(self, mem: ox.Store, staged: Mapping[str, str], old: Iterable[str]) -> None:
        """``staged``: target graph → its staging graph in ``mem``; ``old``: graphs replaced or dropped."""
        store = self.store
        self.stored = set(store.quads_for_pattern(None, None, None, ox.NamedNode(SUMMARY_GRAPH)))
        self.counts = _stored_counts(self.stored)
        if self.counts is not None and not self._has_codes():
            graphs = [ox.NamedNode(g) for g in old]
            self.events = self._events(store, graphs) | self._events(
                mem, [ox.NamedNode(g) for g in staged.values()]
            )
            many = len(self.events) > self.counts.events * DELTA_SHARE
            if many or any(isinstance(e, ox.BlankNode) for e in self.events):
                self.counts = None
            else:
                self._touched(store)
                self.types_before = _type_memberships(store, self.events)
        if _MARKER in self.stored:
            store.remove(_MARKER)
        else:
            self.stored = set()  # left by a crash, or by nobody: replaced whole

    def after(self) -> int:
        """Write the summary for the union after the commit; the number of quads written."""
        store = self.store
        counts = None if self._has_codes() else self.counts
        if counts is not None:
            self._touched(store)
            keys = [*self.places, *(t for pair in self.pairs for t in pair)]
            if any(isinstance(t, ox.BlankNode) for t in keys):  # cannot be named in VALUES
                counts = None
        if counts is not None:
            counts.types.update(_type_memberships(store, self.events))
            counts.types.subtract(self.types_before)
            _recount(store, counts, self.places, self.pairs)
        quads = summary_quads(store, counts)
        new = set(quads) - {_MARKER}
        old = self.stored - {_MARKER}
        gone, added = old - new, new - old
        if self.stored and len(gone) + len(added) < len(new):
            for q in gone:
                store.remove(q)
            store.extend(added)
        else:
            store.update(_DROP)
            store.extend(new)
        if quads:
            store.add(_MARKER)
        return len(quads)

    def _touched(self, store: ox.Store) -> None:
        """Add the places and pairs the touched events count in, in ``store``'s union now."""
        for chunk in _chunks(self.events):
            restrict = _values("event", chunk)
            self.places.update(s["place"] for s in _select(store, _PLACES_OF, restrict))
            self.pairs.update((s["actor"], s["target"]) for s in _select(store, _PAIRS_OF, restrict))  # fmt: skip

    def _has_codes(self) -> bool:
        """Whether the union gives classes PLOVER codes (a type name could then change: recount)."""
        return next(self.store.quads_for_pattern(None, _PLOVER_CODE, None, ox.DefaultGraph()), None) is not None  # fmt: skip

    @staticmethod
    def _events(store: ox.Store, graphs: list[ox.NamedNode]) -> set[ox.NamedNode]:
        out: set[ox.NamedNode] = set()
        for chunk in _chunks(graphs):
            out.update(s["event"] for s in _select(store, _EVENTS_IN, _values("g", chunk)))
        return out


def names_summary(sparql: str) -> bool:
    """Whether a query reads the summary: its text names ``urn:kg:summary``.

    >>> names_summary("PREFIX kgs: <urn:kg:summary:> SELECT * { ?r kgs:events ?n }")
    True
    >>> names_summary("SELECT * { ?s ?p ?o }")
    False
    """
    return SUMMARY_GRAPH in sparql


def default_graphs(sparql: str) -> list[ox.NamedNode | ox.DefaultGraph] | None:
    """The default graph for a query on a kg store: the union, plus the summary if it names it.

    None when the query does not name the summary (query the union alone, as Oxigraph does by
    default).
    """
    if not names_summary(sparql):
        return None
    return [ox.DefaultGraph(), ox.NamedNode(SUMMARY_GRAPH)]
