"""The closed namespace of the conflict ontology and the other namespaces of the graph.

``KG`` mirrors ``ontology/kg.ttl`` term for term (``tests/test_ontology.py`` checks that the
two agree); being closed, a misspelt term raises instead of minting a wrong IRI:

>>> KG.Assault
rdflib.term.URIRef('https://w3id.org/conflict-kg/ontology#Assault')
>>> PLOVER_CLASS["ASSAULT"] == KG.Assault and QUAD_CLASS["ASSAULT"] == KG.MaterialConflict
True
>>> KGMODE.aerial in {KGMODE[m] for m in MODES}
True
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "GEO",
    "KG",
    "KGMODE",
    "KGR",
    "MODES",
    "ONTOLOGY_DIR",
    "PLOVER_CLASS",
    "QUAD_CLASS",
    "SEM",
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
    Coerce: URIRef  # Arrest, abduct, besiege, seize, or repress without mass violence.
    Assault: URIRef  # Use armed force: attacks, bombardment, killing, destruction.
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

#: PLOVER event code → its ontology class.
PLOVER_CLASS: dict[str, URIRef] = {
    "AGREE": KG.Agree,
    "CONSULT": KG.Consult,
    "SUPPORT": KG.Support,
    "CONCEDE": KG.Concede,
    "COOPERATE": KG.Cooperate,
    "AID": KG.Aid,
    "RETREAT": KG.Retreat,
    "REQUEST": KG.Request,
    "ACCUSE": KG.Accuse,
    "REJECT": KG.Reject,
    "THREATEN": KG.Threaten,
    "PROTEST": KG.Protest,
    "SANCTION": KG.Sanction,
    "MOBILIZE": KG.Mobilize,
    "COERCE": KG.Coerce,
    "ASSAULT": KG.Assault,
}

#: PLOVER event code → the quad class its event class is a subclass of.
QUAD_CLASS: dict[str, URIRef] = {
    "AGREE": KG.VerbalCooperation,
    "CONSULT": KG.VerbalCooperation,
    "SUPPORT": KG.VerbalCooperation,
    "CONCEDE": KG.VerbalCooperation,
    "COOPERATE": KG.MaterialCooperation,
    "AID": KG.MaterialCooperation,
    "RETREAT": KG.MaterialCooperation,
    "REQUEST": KG.VerbalConflict,
    "ACCUSE": KG.VerbalConflict,
    "REJECT": KG.VerbalConflict,
    "THREATEN": KG.VerbalConflict,
    "PROTEST": KG.MaterialConflict,
    "SANCTION": KG.MaterialConflict,
    "MOBILIZE": KG.MaterialConflict,
    "COERCE": KG.MaterialConflict,
    "ASSAULT": KG.MaterialConflict,
}

#: Local names of the event modes in kg.ttl; the trigger lexicon may only use these.
MODES: frozenset[str] = frozenset(
    {
        "aerial",
        "drone",
        "missile",
        "artillery",
        "heavy_weapons",
        "shooting",
        "bombing",
        "ground",
        "naval",
        "destroy",
        "shoot_down",
        "assassination",
        "kill",
        "arrest",
        "abduction",
        "siege",
        "capture",
        "raid",
        "demonstration",
        "strike",
        "sit_in",
        "ceasefire",
        "military",
        "humanitarian",
        "economic",
        "diplomatic",
        "deploy",
        "withdraw",
        "release",
        "negotiation",
        "meeting",
        "visit",
        "statement",
        "condemnation",
        "warning",
    }
)

#: Directory holding kg.ttl, shapes.ttl and registry.ttl (the ``kg.ontology`` package).
ONTOLOGY_DIR: Path = Path(str(files("kg.ontology")))
