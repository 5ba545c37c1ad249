"""The conflict ontology's vocabulary: one source for every IRI, event type, mode and kind.

Everything here comes from ``ontology/kg.ttl``:

- ``KG``, the closed namespace of the ontology's terms: a misspelt term raises instead of
  minting a wrong IRI. It is written out term by term (so that editors and linters know the
  names); ``tests/test_ontology.py`` checks that it equals what kg.ttl declares;
- the namespaces of the graph (``KGR`` for registry and minted resources, ``KGMODE`` for
  modes, ``SEM``, ``GEO``) and the prefixes bound in every serialization (:data:`PREFIXES`);
- the tables, **read from kg.ttl** when this module is imported (about 20 ms): the PLOVER
  event types (:data:`PLOVER_TYPES`), the class of each (:data:`PLOVER_CLASS`), its quad class
  (:data:`QUAD_CLASS`, :data:`QUAD_CLASSES`), the event modes (:data:`MODES`) and the kinds of
  entity (:data:`ACTOR_KINDS`, :data:`ENTITY_KINDS`). A mode or an actor kind added to kg.ttl
  is known to every stage without touching Python.

>>> KG.Assault
rdflib.term.URIRef('https://w3id.org/conflict-kg/ontology#Assault')
>>> PLOVER_CLASS["ASSAULT"] == KG.Assault and QUAD_CLASS["ASSAULT"] == KG.MaterialConflict
True
>>> QUAD_CLASSES["PROTEST"], "aerial" in MODES, "ArmedGroup" in ACTOR_KINDS
('MaterialConflict', True, True)
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, DefinedNamespace

__all__ = [
    "ACTOR_KINDS",
    "ENTITY_KINDS",
    "GEO",
    "KG",
    "KGMODE",
    "KGR",
    "MODES",
    "ONTOLOGY_DIR",
    "PLOVER_CLASS",
    "PLOVER_TYPES",
    "PREFIXES",
    "QUAD_CLASS",
    "QUAD_CLASSES",
    "SEM",
    "local_name",
]


class KG(DefinedNamespace):
    """Terms of the conflict ontology ``https://w3id.org/conflict-kg/ontology#``."""

    _fail = True
    _NS = Namespace("https://w3id.org/conflict-kg/ontology#")

    # classes
    Event: URIRef  # Something that happened, reported in news; typed with one PLOVER class.
    VerbalCooperation: URIRef  # Quad class: cooperative statements (agree, consult, support, …).
    MaterialCooperation: URIRef  # Quad class: cooperative actions (cooperate, aid, retreat).
    VerbalConflict: URIRef  # Quad class: hostile statements (request, accuse, reject, threaten).
    MaterialConflict: URIRef  # Quad class: hostile actions (protest, sanction, …, assault).
    Agree: URIRef  # Agree to, sign or announce an agreement or a commitment.
    Consult: URIRef  # Meet, visit, phone or negotiate with another actor.
    Support: URIRef  # Praise, endorse or express support for another actor.
    Concede: URIRef  # Yield, apologize, ease restrictions or accept demands.
    Cooperate: URIRef  # Cooperate materially: joint operations, exchanges, shared work.
    Aid: URIRef  # Provide military, economic or humanitarian aid.
    Retreat: URIRef  # Withdraw forces, release prisoners, demobilize or de-escalate.
    Request: URIRef  # Demand, call for or appeal for something.
    Accuse: URIRef  # Accuse, blame, criticize or condemn another actor.
    Reject: URIRef  # Reject a proposal, a demand or a request.
    Threaten: URIRef  # Threaten or warn of force, sanctions or other harm.
    Protest: URIRef  # Demonstrate, strike, sit in or riot.
    Sanction: URIRef  # Impose sanctions, embargoes, or cut ties.
    Mobilize: URIRef  # Mobilize or deploy forces, raise alert levels.
    Coerce: URIRef  # Arrest, detain, besiege, seize, or repress without mass violence.
    Assault: URIRef  # Use armed force: attacks, bombardment, killing, abduction, destruction.
    Mode: URIRef  # How an event was carried out; SKOS concepts in kgmode:scheme.
    Actor: URIRef  # Someone or something that takes part in events: states, forces, groups, people.
    Place: URIRef  # A named place: country, city, district, site or facility.
    Article: URIRef  # One input news article.
    Report: URIRef  # One statement of an event in one sentence of one article, with its provenance.
    State: URIRef  # A sovereign state acting as one actor.
    Government: URIRef  # A government or governing body of a state or territory.
    ArmedForce: URIRef  # A regular military force, service or unit of a state or government.
    ArmedGroup: URIRef  # A non-state armed group: militia, rebel or insurgent group, mercenaries.
    Operation: URIRef  # A named military operation acting as an actor (its command and forces).
    Person: URIRef  # A named individual.
    IntergovernmentalOrganization: URIRef  # Organization of states, or one of its organs.
    Organization: URIRef  # Any other organization: NGO, media office, agency, company.
    Group: URIRef  # An unnamed or collective group of people acting together.
    Civilians: URIRef  # Civilians as victims or participants, not organized as an actor.

    # object properties
    actor: URIRef  # The actor who carried out the event.
    target: URIRef  # The actor or place the event was directed at.
    place: URIRef  # Where the event happened.
    mode: URIRef  # How the event was carried out.
    report: URIRef  # A report that states this event.
    claimedBy: URIRef  # The actor the report attributes the statement to (the source of the claim).
    article: URIRef  # The article the report was extracted from.
    leads: URIRef  # The subject heads or commands the object actor.
    memberOf: URIRef  # The subject is a member, officer or envoy of the object actor.
    partOf: URIRef  # The subject is a unit, branch, organ or operation of the object actor.
    spokespersonOf: URIRef  # The subject person speaks officially for the object actor.
    locatedIn: URIRef  # The subject place lies within the object place.

    # datatype properties
    date: URIRef  # The calendar date of the event, when the text allows resolving it.
    timeText: URIRef  # The time expression of the report as written in the sentence.
    sentenceText: URIRef  # The sentence that states the event.
    sentenceStart: URIRef  # Character offset where the sentence starts in the article text.
    sentenceEnd: URIRef  # Character offset where the sentence ends in the article text (exclusive).
    triggerText: URIRef  # The word or phrase that signals the event.
    triggerStart: URIRef  # Character offset where the trigger starts in the article text.
    triggerEnd: URIRef  # Character offset where the trigger ends in the article text (exclusive).
    confidence: URIRef  # Extractor confidence in the report, between 0 and 1.
    killed: URIRef  # How many people the report says the event killed (PLOVER size).
    injured: URIRef  # How many people the report says the event injured (PLOVER size).
    arrested: URIRef  # How many people the report says were arrested (PLOVER size).
    extractorVersion: URIRef  # Version of the software and rules that produced the report.
    sector: URIRef  # CAMEO sector code of the actor (GOV, MIL, REB, PRM, IGO, CVL, OPP, MED, …).
    country: URIRef  # ISO 3166-1 alpha-3 code of the country the actor or place belongs to.
    demonym: URIRef  # Nisba adjective of a state or place (تركية, Turkish).
    contentHash: URIRef  # SHA-256 of the article text, hex.

    # annotation properties
    ploverCode: URIRef  # The PLOVER event-type code (ASSAULT, COERCE, …) of an event class.


#: Event modes, SKOS concepts ``kgmode:<name>`` in ``kgmode:scheme`` (declared in kg.ttl).
KGMODE = Namespace("https://w3id.org/conflict-kg/mode/")
#: Registry and minted resources: ``kgr:actor/<ID>``, ``kgr:place/<ID>``, ``kgr:event/<hash>`` …
KGR = Namespace("https://w3id.org/conflict-kg/id/")
#: Simple Event Model.
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
#: W3C WGS84 geo positioning vocabulary.
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

#: Prefix → namespace IRI, bound in every Turtle/TriG the project writes (order kept).
PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "kgmode": str(KGMODE),
    "kgr": str(KGR),
    "sem": str(SEM),
    "geo": str(GEO),
    **{
        kind: str(KGR[f"{kind}/"])
        for kind in ("actor", "place", "event", "report", "article", "graph")
    },
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
}

#: Directory holding kg.ttl, shapes.ttl and registry.ttl (the ``kg.ontology`` package).
ONTOLOGY_DIR: Path = Path(str(files("kg.ontology")))


def local_name(iri: object) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/conflict-kg/ontology#Assault"), local_name(KGMODE.aerial)
    ('Assault', 'aerial')
    """
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _read_tables() -> tuple[dict[str, URIRef], dict[str, URIRef], frozenset[str], tuple[str, ...]]:
    """PLOVER classes, their quad classes, modes and actor kinds, as kg.ttl declares them."""
    onto = rdflib.Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")
    quads = {
        q for q in onto.subjects(RDFS.subClassOf, KG.Event) if (q, RDF.type, OWL.Class) in onto
    }
    plover: dict[str, URIRef] = {}
    quad_of: dict[str, URIRef] = {}
    for cls, code in onto.subject_objects(KG.ploverCode):
        parents = [p for p in onto.objects(cls, RDFS.subClassOf) if p in quads]
        if len(parents) != 1:
            raise ValueError(f"kg.ttl: {cls} needs exactly one quad class, has {parents}")
        plover[str(code)] = URIRef(cls)
        quad_of[str(code)] = URIRef(parents[0])
    modes = frozenset(local_name(m) for m in onto.subjects(SKOS.inScheme, KGMODE.scheme))
    kinds = tuple(sorted(local_name(k) for k in onto.subjects(RDFS.subClassOf, KG.Actor)))
    return plover, quad_of, modes, kinds


_PLOVER, _QUAD, _MODES, _KINDS = _read_tables()

#: The 16 PLOVER event types (codes), in alphabetical order.
PLOVER_TYPES: tuple[str, ...] = tuple(sorted(_PLOVER))
#: PLOVER code → its ontology class (``ASSAULT`` → ``kg:Assault``).
PLOVER_CLASS: dict[str, URIRef] = {code: _PLOVER[code] for code in PLOVER_TYPES}
#: PLOVER code → the quad class its event class is a subclass of (``kg:MaterialConflict`` …).
QUAD_CLASS: dict[str, URIRef] = {code: _QUAD[code] for code in PLOVER_TYPES}
#: PLOVER code → the local name of its quad class (``"MaterialConflict"`` …).
QUAD_CLASSES: dict[str, str] = {code: local_name(q) for code, q in QUAD_CLASS.items()}
#: Local names of the event modes (SKOS concepts of ``kgmode:scheme``).
MODES: frozenset[str] = _MODES
#: Local names of the kinds of actor (the subclasses of ``kg:Actor``), alphabetical.
ACTOR_KINDS: tuple[str, ...] = _KINDS
#: Every kind of entity an event role can hold: the actor kinds, then ``Place``.
ENTITY_KINDS: tuple[str, ...] = (*ACTOR_KINDS, "Place")
