"""Reading any graph with pyoxigraph's engine: :class:`GraphView`, and term conversion.

The later stages (:mod:`kg.network`, ``kg analyze``) read a graph through a
:class:`GraphView`: a pyoxigraph store and the graphs that form the default graph of every
query. :func:`view_of` makes one of a store, a staged update or an rdflib graph;
:func:`read_graph_file` parses an RDF file. :func:`to_ox` and :func:`from_ox` convert terms
between rdflib and pyoxigraph.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

from kg.errors import InputError
from kg.graph.rdf import bind_prefixes

__all__ = ["GraphView", "GraphFileError", "view_of", "read_graph_file", "to_ox", "from_ox"]


class GraphFileError(InputError):
    """An RDF file is missing, of an unknown type, or does not parse."""


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_ox(term: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


@functools.lru_cache(maxsize=1 << 16)
def from_ox(term: Any) -> rdflib.term.Node | None:
    """A pyoxigraph term as an rdflib term (``None`` stays ``None``).

    Cached (the terms of both libraries are immutable): the labels, counts and IRIs of a
    result repeat, and rdflib's ``Literal`` costs 10–20 µs to make.
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


def as_rdflib(inner: ox.Store) -> rdflib.Graph:
    """The default graph of ``inner`` as an rdflib Graph with the project's prefixes."""
    data = inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return bind_prefixes(rdflib.Graph()).parse(data=data.decode("utf-8"), format="nt")


def turtle_prefixes() -> dict[str, str]:
    """The project's prefixes and rdflib's core ones (rdf, rdfs, xsd, owl …), for Turtle/TriG."""
    return {p: str(ns) for p, ns in bind_prefixes(rdflib.Graph()).namespaces() if p}


@dataclass(frozen=True)
class GraphView:
    """A read-only view for SPARQL with pyoxigraph: a store and what its default graph is.

    ``graphs`` are the named graphs whose union is the default graph of every query (None:
    the store's own default graph); ``union`` makes the default graph the union of all named
    graphs (for a TriG or N-Quads file loaded as it is).
    """

    store: ox.Store
    graphs: tuple[ox.NamedNode, ...] | None = None
    union: bool = False

    def select(self, sparql: str) -> Iterator[dict[str, rdflib.term.Node | None]]:
        """The solutions of a SELECT query, as ``{variable: rdflib term or None}``."""
        kwargs: dict = {}
        if self.graphs is not None:
            kwargs["default_graph"] = list(self.graphs)
        elif self.union:
            kwargs["use_default_graph_as_union"] = True
        result = self.store.query(sparql, **kwargs)
        names = [v.value for v in result.variables]
        for sol in result:
            yield {n: from_ox(sol[n]) for n in names}


def view_of(source: Any) -> GraphView:
    """A :class:`GraphView` of a store, a staged update, an rdflib graph or a pyoxigraph store.

    A :class:`~kg.graph.store.Store` or :class:`~kg.graph.store.PendingUpdate` gives its own
    view (anything with a ``view()`` method does); an rdflib graph is copied into an
    in-memory pyoxigraph store (a ``Dataset`` or ``ConjunctiveGraph`` as the union of its
    graphs).
    """
    if isinstance(source, GraphView):
        return source
    if callable(getattr(source, "view", None)):
        return source.view()
    if isinstance(source, ox.Store):
        return GraphView(source)
    if isinstance(source, rdflib.Graph):
        triples = source.quads() if isinstance(source, rdflib.ConjunctiveGraph) else source
        store = ox.Store()
        store.extend(
            ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o, *_ in triples
        )
        return GraphView(store)
    raise TypeError(f"cannot read a graph from {type(source).__name__}")


def read_graph_file(path: str | os.PathLike) -> GraphView:
    """An RDF file (.ttl .nt .trig .nq .jsonld) parsed by pyoxigraph into a store in memory.

    Raises:
        GraphFileError: the file is missing, of an unknown type, or does not parse.
    """
    path = Path(path)
    fmt = _OX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphFileError(f"{path}: unknown RDF file type (use {', '.join(_OX_FORMATS)})")
    store = ox.Store()
    try:
        store.bulk_load(path=os.fspath(path), format=fmt)
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no such file or store directory") from None
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphFileError(f"{path}: cannot parse ({str(exc).splitlines()[0]})") from None
    return GraphView(
        store, union=fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD)
    )


_OX_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}
