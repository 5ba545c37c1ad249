"""A small hand-made dataset of contested claims, built with :func:`kg.graph.rdf.build_dataset`.

Three articles (registry actors and places; one minted person):

=====  ==========  ==========================================================================
art    published   reports (type mode: actor → target @ place, date; claimant)
=====  ==========  ==========================================================================
A1     2020-01-06  r11 ASSAULT shoot_down: LNA_AF → TUR @ TAMINA, 01-05; MISMARI
                   r12 ASSAULT destroy: LNA → TUR @ MISRATA, 01-05; LNA
                   r13 ACCUSE: GNA → LNA; GNA
A2     2020-01-06  r21 ASSAULT shoot_down: LNA_AF → TUR @ TAMINA, 01-05; LNA_MEDIA  (= r11's event)
                   r22 ASSAULT shoot_down: VOLCANO → LNA @ MISRATA, 01-05; GUNUNU  (rival claim)
                   r23 ASSAULT aerial: GNA_AF → LNA @ TRIPOLI, 01-04; GUNUNU
A3     2020-01-08  r31 ASSAULT aerial: LNA_AF → GNA @ TRIPOLI, 01-04; MISMARI  (reversed r23)
                   r32 ASSAULT aerial: LNA_AF → GNA @ MISRATA, undated; MISMARI
                   r33 ASSAULT (no mode): LNA → GNA @ MISRATA, undated; unattributed (= r32's event)
                   r34 THREATEN warning: TUR → LNA, 01-07; TUR
=====  ==========  ==========================================================================

Stated relations: MISMARI spokespersonOf LNA (A1) and a minted person, «آمر الميدان سالم
الفيتوري», memberOf VOLCANO (A2). r11+r21
(across articles, equal keys) and r32+r33 (within A3, compatible roles) merge: ten reports, eight events.
"""

from __future__ import annotations

import datetime as dt

from rdflib import Dataset, URIRef

from kg.events.merge import assign_event_iris
from kg.extract import mint_iri
from kg.graph.rdf import build_dataset
from kg.registry import load_registry
from kg.types import Article, EntityRef, Event, Relation, TextSpan, TimeRef

ACTOR = "https://w3id.org/conflict-kg/id/actor/"
PLACE = "https://w3id.org/conflict-kg/id/place/"
EXTRACTOR = "kg test"

TEXT_1 = (
    "أعلن المسماري أن سلاح الجو أسقط طائرة تركية في طمينة.\n"
    "وأعلن الجيش الوطني أنه دمر مخزن سلاح تركي في مصراتة.\n"
    "واتهمت حكومة الوفاق الجيش الوطني بقصف المدنيين.\n"
)
TEXT_2 = (
    "قالت شعبة الإعلام الحربي إن سلاح الجو أسقط طائرة تركية في طمينة.\n"
    "وقال قنونو إن قوات بركان الغضب أسقطت طائرة للجيش فوق مصراتة.\n"
    "وقال قنونو إن سلاح الجو التابع للوفاق قصف مواقع الجيش في طرابلس.\n"
    "وقال آمر الميدان سالم الفيتوري إن القوات جاهزة.\n"
)
TEXT_3 = (
    "وقال المسماري إن سلاح الجو قصف مواقع الوفاق في طرابلس.\n"
    "وأضاف المسماري أن سلاح الجو شن غارات على مواقع الوفاق في مصراتة.\n"
    "الجيش الوطني يقصف مواقع الوفاق في مصراتة.\n"
    "وحذرت تركيا الجيش الوطني من مواصلة الهجوم.\n"
)

A1 = Article("a1.txt", TEXT_1, "ar", "a1.txt", "أسقاط طائرة تركية", dt.date(2020, 1, 6))
A2 = Article(
    "a2.txt", TEXT_2, "ar", "a2.txt", "الوفاق: أسقطنا طائرة", dt.date(2020, 1, 6),
    url="https://example.org/a2", source="Example News",
)  # fmt: skip
A3 = Article("a3.txt", TEXT_3, "ar", "a3.txt", "غارات على مصراتة", dt.date(2020, 1, 8))
ARTICLES = [A1, A2, A3]

FITOURI = mint_iri("Person", "آمر الميدان سالم الفيتوري")


def iri(ident: str) -> URIRef:
    """``LNA`` → ``kgr:actor/LNA``; places by their ID (``MISRATA``…); minted IRIs as is."""
    if ident.startswith("http"):
        return URIRef(ident)
    reg = load_registry()
    entry = reg.by_id(ident)
    assert entry is not None, ident
    return URIRef(entry.iri)


def _line(text: str, part: str) -> TextSpan:
    i = text.index(part)
    start = text.rfind("\n", 0, i) + 1
    end = text.index("\n", i)
    return TextSpan(text[start:end], start, end)


def _ref(text: str, sentence: TextSpan, part: str, ident: str) -> EntityRef:
    start = text.index(part, sentence.start)
    reg = load_registry()
    if ident.startswith("http"):
        return EntityRef(ident, "Person", None, part, part, start, start + len(part), False)
    entry = reg.by_id(ident)
    return EntityRef(
        entry.iri, entry.kind, entry.label_en, entry.label_ar, part, start, start + len(part)
    )


def _event(
    art: Article,
    sentence_part: str,
    trigger: str,
    event_type: str,
    mode: str | None,
    actor: tuple[str, str] | None,
    target: tuple[str, str] | None,
    place: tuple[str, str] | None,
    claimant: tuple[str, str] | None,
    date: dt.date | None,
) -> Event:
    text = art.text
    s = _line(text, sentence_part)
    t0 = text.index(trigger, s.start)
    return Event(
        article=art.id,
        event_type=event_type,
        trigger=TextSpan(trigger, t0, t0 + len(trigger)),
        sentence=s,
        mode=mode,
        actor=_ref(text, s, *actor) if actor else None,
        target=_ref(text, s, *target) if target else None,
        place=_ref(text, s, *place) if place else None,
        claimed_by=_ref(text, s, *claimant) if claimant else None,
        time=TimeRef("أمس", t0, t0 + len(trigger), date) if date else None,
        confidence=0.8,
        extractor=EXTRACTOR,
    )


def inputs() -> tuple[list[Article], list[Event], list[Relation]]:
    """The articles, the nine reports (r11 … r34, in that order) and the two relations."""
    d = dt.date
    events = [
        _event(A1, "المسماري", "أسقط", "ASSAULT", "shoot_down", ("سلاح الجو", "LNA_AF"),
               ("تركية", "TUR"), ("طمينة", "TAMINA"), ("المسماري", "MISMARI"), d(2020, 1, 5)),
        _event(A1, "دمر", "دمر", "ASSAULT", "destroy", ("الجيش الوطني", "LNA"),
               ("تركي", "TUR"), ("مصراتة", "MISRATA"), ("الجيش الوطني", "LNA"), d(2020, 1, 5)),
        _event(A1, "اتهمت", "اتهمت", "ACCUSE", None, ("حكومة الوفاق", "GNA"),
               ("الجيش الوطني", "LNA"), None, ("حكومة الوفاق", "GNA"), None),
        _event(A2, "شعبة", "أسقط", "ASSAULT", "shoot_down", ("سلاح الجو", "LNA_AF"),
               ("تركية", "TUR"), ("طمينة", "TAMINA"), ("شعبة الإعلام الحربي", "LNA_MEDIA"),
               d(2020, 1, 5)),
        _event(A2, "بركان", "أسقطت", "ASSAULT", "shoot_down", ("بركان الغضب", "VOLCANO"),
               ("للجيش", "LNA"), ("مصراتة", "MISRATA"), ("قنونو", "GUNUNU"), d(2020, 1, 5)),
        _event(A2, "التابع للوفاق", "قصف", "ASSAULT", "aerial", ("سلاح الجو", "GNA_AF"),
               ("الجيش", "LNA"), ("طرابلس", "TRIPOLI"), ("قنونو", "GUNUNU"), d(2020, 1, 4)),
        _event(A3, "قصف مواقع الوفاق في طرابلس", "قصف", "ASSAULT", "aerial",
               ("سلاح الجو", "LNA_AF"), ("الوفاق", "GNA"), ("طرابلس", "TRIPOLI"),
               ("المسماري", "MISMARI"), d(2020, 1, 4)),
        _event(A3, "شن غارات", "شن غارات", "ASSAULT", "aerial", ("سلاح الجو", "LNA_AF"),
               ("الوفاق", "GNA"), ("مصراتة", "MISRATA"), ("المسماري", "MISMARI"), None),
        _event(A3, "يقصف", "يقصف", "ASSAULT", None, ("الجيش الوطني", "LNA"),
               ("الوفاق", "GNA"), ("مصراتة", "MISRATA"), None, None),
        _event(A3, "وحذرت", "وحذرت", "THREATEN", "warning", ("تركيا", "TUR"),
               ("الجيش الوطني", "LNA"), None, ("تركيا", "TUR"), d(2020, 1, 7)),
    ]  # fmt: skip
    s1 = _line(TEXT_1, "المسماري")
    s2 = _line(TEXT_2, "الفيتوري")
    relations = [
        Relation(A1.id, _ref(TEXT_1, s1, "المسماري", "MISMARI"), "spokespersonOf",
                 _ref(TEXT_1, _line(TEXT_1, "الجيش الوطني"), "الجيش الوطني", "LNA"), s1),
        Relation(A2.id, _ref(TEXT_2, s2, "آمر الميدان سالم الفيتوري", FITOURI), "memberOf",
                 _ref(TEXT_2, _line(TEXT_2, "بركان"), "بركان الغضب", "VOLCANO"), s2),
    ]  # fmt: skip
    return ARTICLES, events, relations


#: Report names in the order of ``inputs()[1]``.
REPORTS = ["r11", "r12", "r13", "r21", "r22", "r23", "r31", "r32", "r33", "r34"]


def dataset() -> Dataset:
    """The dataset of the three articles (named graphs, union as the default graph)."""
    articles, events, relations = inputs()
    return build_dataset(articles, events, relations)


def event_of() -> dict[str, URIRef]:
    """Report name (``r11``…) → the IRI of the event it states."""
    articles, events, _ = inputs()
    return dict(zip(REPORTS, assign_event_iris(events, articles), strict=True))
