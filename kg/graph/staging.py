"""The store's internal graph names, and how a staged build is committed to the store.

A build stages its new graphs in memory (:meth:`kg.graph.store.Store.stage`); the commit
(:func:`commit_staged`) is then :func:`patch_update` for a graph the store holds that changes
by a few triples, one transaction, and :func:`removal_update`, another (the union loses what
only the replaced or dropped graphs stated; those graphs and their extraction caches go),
then the new quads in transactions of whole graphs (:func:`commit_batches`: the graphs, their
triples in the union, each article graph with its cache). Set-wise operations, not one ``MOVE`` per graph:
thousands of operations in one transaction grew faster than linearly, and a SPARQL
``INSERT`` ran three times slower than ``extend``. Whether a query needs the list of data
graphs at all: :func:`uses_graph_keyword`.

>>> print(removal_update({"https://e.org/g/1"}, ["https://e.org/g/1", "https://e.org/g/2"], []))
DELETE { ?s ?p ?o } WHERE { VALUES ?old { <https://e.org/g/1> } GRAPH ?old { ?s ?p ?o } FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } FILTER(?other NOT IN (<https://e.org/g/1>)) } } ;
DROP SILENT GRAPH <https://e.org/g/1>
>>> removal_update(set(), ["https://e.org/g/2"], [])
''
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

import pyoxigraph as ox

__all__ = [
    "STAGING_PREFIX",
    "EXTRACTION_PREFIX",
    "EXTRACTION_JSON",
    "COMMIT_BATCH",
    "extraction_graph",
    "removal_update",
    "commit_batches",
    "commit_staged",
    "patch_update",
    "uses_graph_keyword",
]

STAGING_PREFIX = "urn:kg:staging:"
EXTRACTION_PREFIX = "urn:kg:extraction:"
#: The predicate of an extraction cache's one quad (a JSON literal; see :mod:`kg.graph.store`).
EXTRACTION_JSON = ox.NamedNode("urn:kg:extraction:json")
#: Quads per transaction of a commit (whole graphs each; see :func:`commit_batches`).
COMMIT_BATCH = 50_000
#: A staged graph the store already holds is patched instead of replaced when at most this
#: many of its triples differ: the registry and labels graphs of a build that adds a few
#: articles to a large store change by a few dozen of their tens of thousands of triples.
PATCH_LIMIT = 10_000

_IRI_OK = re.compile(r'^[^\s<>"{}|^`\\]+$')

# What cannot hold a keyword: IRIs, string literals (long ones first), comments.
_NOT_KEYWORDS = re.compile(
    r'<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*'
)
_GRAPH_WORD = re.compile(r"(?<![\w:?$-])GRAPH(?![\w-])", re.I)


def uses_graph_keyword(sparql: str) -> bool:
    """Whether a query has a ``GRAPH`` pattern: only then can it see named graphs.

    A query without one reads the default graph alone, so it need not be given the list
    of data graphs (which hides the caches): naming 32k graphs made every pattern of
    Oxigraph's evaluation 10–100 times slower. The word in an IRI, a string or a comment
    does not count; anything unsure (``ex:a.GRAPH``) counts, which only costs time.

    >>> uses_graph_keyword("SELECT ?g { GRAPH ?g { ?s ?p ?o } }")
    True
    >>> uses_graph_keyword("ASK{.graph?g{}}")
    True
    >>> uses_graph_keyword('SELECT * { ?s <http://x/GRAPH> "GRAPH" } # GRAPH ?g')
    False
    """
    return bool(_GRAPH_WORD.search(_NOT_KEYWORDS.sub(" ", sparql)))


def extraction_graph(graph_iri: str) -> str:
    """The name of the graph caching an article graph's extraction."""
    return EXTRACTION_PREFIX + graph_iri


def _iri(value: str) -> str:
    """``<value>`` for SPARQL Update text, after checking it is a plain IRI."""
    if not _IRI_OK.match(value):
        raise ValueError(f"not a graph IRI: {value!r}")
    return f"<{value}>"


def removal_update(present: Iterable[str], staged: Iterable[str], drop: Iterable[str]) -> str:
    """The SPARQL Update text that removes what ``staged`` graphs replace and ``drop`` drops.

    ``present`` are the named graphs in the store now. The union (the default graph) loses
    the triples that only those graphs state; the graphs and their extraction caches go.
    Empty text: nothing to remove.

    Raises:
        ValueError: a graph name is not a plain IRI.
    """
    present = set(present)
    old = sorted(g for g in {*drop, *staged} if not g.startswith(EXTRACTION_PREFIX))
    gone = sorted(g for g in {*old, *map(extraction_graph, old)} if g in present)
    old_data = [_iri(g) for g in old if g in present]
    ops = []
    if old_data:
        ops.append(
            "DELETE { ?s ?p ?o } WHERE { VALUES ?old { " + " ".join(old_data) + " } "
            "GRAPH ?old { ?s ?p ?o } "
            "FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } "
            "FILTER(?other NOT IN (" + ", ".join(old_data) + ")) } }"
        )
    ops += [f"DROP SILENT GRAPH {_iri(g)}" for g in gone]
    return " ;\n".join(ops)


def commit_batches(staged: Mapping[str, str], mem: ox.Store, size: int) -> Iterator[list[ox.Quad]]:
    """The new quads of a commit, in lists of about ``size`` quads that hold whole graphs.

    ``staged`` maps target graphs to their staging graphs in ``mem``. Each target's triples
    go to its graph, a data graph's to the union (the default graph) too, and an article
    graph is in the same list as its extraction cache: a crash between two transactions
    leaves every article whole, or absent and extracted again by the next build.
    """
    data = [t for t in staged if not t.startswith(EXTRACTION_PREFIX)]
    order = [x for t in data for x in (t, extraction_graph(t)) if x in staged]
    seen = set(order)
    order += [t for t in staged if t not in seen]  # a cache staged alone
    batch: list[ox.Quad] = []
    for target in order:
        graph, union = ox.NamedNode(target), not target.startswith(EXTRACTION_PREFIX)
        for q in mem.quads_for_pattern(None, None, None, ox.NamedNode(staged[target])):
            batch.append(ox.Quad(q.subject, q.predicate, q.object, graph))
            if union:
                batch.append(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()))
        whole = not union or extraction_graph(target) not in staged  # with its cache
        if whole and len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _triples(store: ox.Store, graph: str) -> set[tuple]:
    return {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}  # fmt: skip


def patch_update(
    store: ox.Store, mem: ox.Store, staged: Mapping[str, str], present: Iterable[str]
) -> tuple[set[str], str]:
    """The staged graphs to patch rather than replace, and the SPARQL Update that patches them.

    A staged graph qualifies when the store holds it, it is not an article graph staged with
    its extraction cache, at most :data:`PATCH_LIMIT` triples differ and none of those has a
    blank node. The update (one transaction) deletes the triples the graph loses, then drops
    from the union those no named graph states any more, then inserts the new triples into the
    graph and the union. A triple it keeps in the union because a graph dropped in the same
    commit states it goes with that graph's :func:`removal_update`, run after it; the
    :func:`commit_batches` that follow put back into the union whatever a new graph states.

    >>> store, mem = ox.Store(), ox.Store()
    >>> a, b, p, g = (ox.NamedNode(f"https://e.org/{x}") for x in "abpg")
    >>> store.extend([ox.Quad(a, p, a, g), ox.Quad(a, p, a)])
    >>> mem.extend([ox.Quad(b, p, b, ox.NamedNode("urn:kg:staging:1"))])
    >>> patched, text = patch_update(store, mem, {g.value: "urn:kg:staging:1"}, [g.value])
    >>> store.update(text)
    >>> patched, sorted(str(q) for q in store)
    ({'https://e.org/g'}, ['<https://e.org/b> <https://e.org/p> <https://e.org/b>', \
'<https://e.org/b> <https://e.org/p> <https://e.org/b> <https://e.org/g>'])
    """
    present = set(present)
    patched: set[str] = set()
    ops: list[str] = []
    for target, stage in staged.items():
        if (
            target.startswith(EXTRACTION_PREFIX)
            or target not in present
            or extraction_graph(target) in staged
        ):
            continue
        old, new = _triples(store, target), _triples(mem, stage)
        gone, added = sorted(old - new, key=str), sorted(new - old, key=str)
        changed = (*gone, *added)
        if len(changed) > PATCH_LIMIT or any(
            isinstance(t, ox.BlankNode) for x in changed for t in x
        ):
            continue
        patched.add(target)
        graph = _iri(target)
        if gone:
            data = " ".join(f"{s} {p} {o} ." for s, p, o in gone)
            rows = " ".join(f"({s} {p} {o})" for s, p, o in gone)
            ops.append(f"DELETE DATA {{ GRAPH {graph} {{ {data} }} }}")
            ops.append(
                "DELETE { ?s ?p ?o } WHERE { VALUES (?s ?p ?o) { " + rows + " } "
                "FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } } }"
            )
        if added:
            data = " ".join(f"{s} {p} {o} ." for s, p, o in added)
            ops.append(f"INSERT DATA {{ GRAPH {graph} {{ {data} }} {data} }}")
    return patched, " ;\n".join(ops)


def commit_staged(
    store: ox.Store, staged: Mapping[str, str], drop: Iterable[str], mem: ox.Store, size: int
) -> None:
    """Commit staged graphs: the patches (one SPARQL Update), the removals (another), the new graphs.

    ``staged`` maps target graphs to their staging graphs in ``mem``; ``drop`` are graphs to
    remove; the new graphs go in :func:`commit_batches` of about ``size`` quads.

    Raises:
        ValueError: a graph name is not a plain IRI.
    """
    present = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    patched, patch = patch_update(store, mem, staged, present)
    if patch:  # first: what it keeps in the union for a dropped graph, the removal drops next
        try:
            store.update(patch)
        except SyntaxError:  # a term the engine cannot read back: nothing changed, replace
            patched = set()
    staged = {t: s for t, s in staged.items() if t not in patched}
    removal = removal_update(present, staged, drop)
    if removal:
        store.update(removal)
    for batch in commit_batches(staged, mem, size):
        store.extend(batch)
        store.flush()  # RocksDB's write buffers held 500 MB for 600k quads unflushed
