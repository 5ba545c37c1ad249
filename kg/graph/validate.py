"""SHACL validation: a graph, an RDF file or a store against ``ontology/shapes.ttl``.

pySHACL checks the graph with RDFS inference over ``ontology/kg.ttl`` (so a ``kg:Assault`` is
a ``kg:Event``); every result becomes a :class:`Violation`, and :func:`validate` returns them
as a :class:`ValidationReport`, sorted, empty when the graph conforms.

Example:
    >>> import rdflib
    >>> from kg.vocab import KG
    >>> g = rdflib.Graph()
    >>> report = rdflib.URIRef("https://w3id.org/conflict-kg/id/report/0")
    >>> _ = g.add((report, rdflib.RDF.type, KG.Report))
    >>> result = validate(g)
    >>> result.conforms
    False
    >>> "article" in {v.path.rsplit("#", 1)[-1] for v in result}  # a report needs its article
    True
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import rdflib

__all__ = ["ValidationReport", "Violation", "validate"]


@dataclass(frozen=True)
class Violation:
    """One SHACL result: severity, focus node, path, value and message."""

    severity: str
    focus: str
    path: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value else ""
        return f"{self.severity}: {self.focus}{where}{value}: {self.message}"


@dataclass(frozen=True)
class ValidationReport(Sequence[Violation]):
    """The outcome of :func:`validate`: a sequence of its violations (empty if it conforms).

    Attributes:
        violations: the SHACL results, sorted by focus node, path and message.
        triples: the number of triples validated.
    """

    violations: tuple[Violation, ...] = ()
    triples: int = 0

    @property
    def conforms(self) -> bool:
        """True when there is no violation."""
        return not self.violations

    def __len__(self) -> int:
        return len(self.violations)

    def __getitem__(self, index):
        return self.violations[index]

    def __iter__(self) -> Iterator[Violation]:
        return iter(self.violations)

    def __str__(self) -> str:
        if self.conforms:
            return f"conforms ({self.triples} triples, 0 violations)"
        lines = [f"does not conform: {len(self)} violation(s)"]
        lines += [f"  {v}" for v in self.violations]
        return "\n".join(lines)


def validate(source: rdflib.Graph | str | os.PathLike) -> ValidationReport:
    """Check a graph against ``ontology/shapes.ttl`` with pySHACL.

    Args:
        source: an ``rdflib.Graph``, an RDF file (.ttl .nt .trig .nq .jsonld) or a store
            directory (read with :func:`kg.graph.store.load_graph`: the union of its graphs).

    Returns:
        The violations as a :class:`ValidationReport`, empty when the graph conforms.

    Raises:
        StoreError: ``source`` is a path that does not parse or is not a store.
    """
    from pyshacl import validate as shacl_validate
    from rdflib.namespace import SH

    from kg.vocab import ONTOLOGY_DIR

    if isinstance(source, rdflib.Graph):
        graph = source
    else:
        from kg.graph.store import load_graph

        graph = load_graph(source)
    shapes = rdflib.Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    ontology = rdflib.Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")
    _, results, _ = shacl_validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")

    def one(node, pred) -> str | None:
        value = results.value(node, pred)
        return None if value is None else str(value)

    out = []
    for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        severity = one(r, SH.resultSeverity) or ""
        out.append(
            Violation(
                severity=severity.rsplit("#", 1)[-1],
                focus=one(r, SH.focusNode) or "",
                path=one(r, SH.resultPath),
                value=one(r, SH.value),
                message=" ".join((one(r, SH.resultMessage) or "").split()),
            )
        )
    out.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return ValidationReport(tuple(out), len(graph))
