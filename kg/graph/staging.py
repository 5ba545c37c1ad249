"""The names of the store's internal graphs, and the SPARQL Update that removes replaced graphs.

A build stages its new graphs in memory (:meth:`kg.graph.store.Store.stage`); the commit is
then two transactions: :func:`removal_update` (the union loses what only the replaced or
dropped graphs stated; those graphs and their extraction caches go), then one ``extend``
with every new quad (the graphs, their triples in the union, the caches). Set-wise
operations, not one ``MOVE`` per graph: thousands of operations in one transaction grew
faster than linearly, and a SPARQL ``INSERT`` ran three times slower than ``extend``.

>>> print(removal_update({"https://e.org/g/1"}, ["https://e.org/g/1", "https://e.org/g/2"], []))
DELETE { ?s ?p ?o } WHERE { VALUES ?old { <https://e.org/g/1> } GRAPH ?old { ?s ?p ?o } FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } FILTER(?other NOT IN (<https://e.org/g/1>)) } } ;
DROP SILENT GRAPH <https://e.org/g/1>
>>> removal_update(set(), ["https://e.org/g/2"], [])
''
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "STAGING_PREFIX",
    "EXTRACTION_PREFIX",
    "extraction_graph",
    "removal_update",
    "uses_graph_keyword",
]

STAGING_PREFIX = "urn:kg:staging:"
EXTRACTION_PREFIX = "urn:kg:extraction:"

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

    >>> uses_graph_keyword("SELECT ?g { GRAPH ?g { ?s ?p ?o } }"), uses_graph_keyword("ASK{.graph?g{}}")
    (True, True)
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
