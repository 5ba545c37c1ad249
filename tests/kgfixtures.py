"""A small hand-made knowledge graph that follows docs/graph-shape.md, for tests.

Import it from test modules (``from kgfixtures import build_graph``); ``tests/conftest.py``
is shared with other engineers, so the builders live here.

The graph has eight events from two articles:

====  ===========  ==============  ==============  =========  ==========  ==========  =======
id    class        actor           target          place      mode        date        reports
====  ===========  ==============  ==============  =========  ==========  ==========  =======
e1    Assault      LNA             TUR             MISRATA    destroy     2020-01-05  1 (LNA)
e2    Assault      LNA             GNA             TRIPOLI    artillery   2020-01-06  2 (LNA, MISMARI)
e3    Accuse       GNA             LNA             —          —           —           1 (GNA, XSS sentence)
e4    Assault      LNA_AF          MISRATA         MISRATA    aerial      —           1 (none)
e5    Consult      TUR             GNA             —          —           2020-01-07  1 (none)
e6    Mobilize     LNA             —               TRIPOLI    —           —           1 (none)
e7    Assault      GUNMEN (x-…)    GNA             TRIPOLI    —           —           1 (none)
e8    Assault      LNA             TUR             MISRATA    drone       2020-01-08  1 (TUR)
====  ===========  ==============  ==============  =========  ==========  ==========  =======

Affiliations: HAFTAR leads LNA, LNA_AF partOf LNA, MISMARI spokespersonOf LNA,
GNA memberOf UN (UN takes part in no event). ``kg:Consult`` carries ``kg:ploverCode`` in the
graph; the other classes do not (the ontology is not loaded), so the code falls back to the
upper-cased local name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import rdflib
from rdflib import RDF, RDFS, SKOS, XSD, Literal, Namespace

KG = Namespace("https://w3id.org/conflict-kg/ontology#")
KGMODE = Namespace("https://w3id.org/conflict-kg/mode/")
KGR = Namespace("https://w3id.org/conflict-kg/id/")

XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>"
XSS_SENTENCE = f"واتهمت حكومة الوفاق الجيش الوطني بقصف المدنيين {XSS} في طرابلس."

ARTICLE_1 = "000_af9ab40275ef7aca.txt"
ARTICLE_2 = "001_0123456789abcdef.txt"

#: id → (kind, English label, Arabic label, has skos:prefLabel)
ENTITIES: dict[str, tuple[str, str | None, str | None, bool]] = {
    "LNA": ("ArmedForce", "Libyan National Army", "الجيش الوطني الليبي", True),
    "LNA_AF": ("ArmedForce", "LNA Air Force", "سلاح الجو التابع للجيش الوطني", True),
    "TUR": ("State", "Turkey", "تركيا", True),
    "GNA": ("Government", "Government of National Accord", "حكومة الوفاق", True),
    "HAFTAR": ("Person", "Khalifa Haftar", "خليفة حفتر", True),
    "MISMARI": ("Person", "Ahmed al-Mismari", "أحمد المسماري", True),
    "UN": ("IntergovernmentalOrganization", "United Nations", "الأمم المتحدة", True),
    # minted: only an Arabic rdfs:label (and no skos:prefLabel)
    "x-0123456789ab": ("Group", None, "مسلحون مجهولون", False),
    "MISRATA": ("Place", "Misrata", "مصراتة", True),
    "TRIPOLI": ("Place", "Tripoli", "طرابلس", True),
}

#: event id → fields (see the module docstring)
EVENTS: list[dict[str, Any]] = [
    {
        "id": "e1",
        "cls": "Assault",
        "actor": "LNA",
        "target": "TUR",
        "place": "MISRATA",
        "mode": "destroy",
        "date": "2020-01-05",
        "reports": [
            {
                "article": ARTICLE_1,
                "claimed_by": "LNA",
                "sentence": "أعلن الجيش الوطني الليبي أن قواته دمرت مخزن سلاح تركي في مصراتة.",
                "start": 57,
                "trigger": "دمرت",
                "trigger_start": 85,
                "time": "أمس",
            }
        ],
    },
    {
        "id": "e2",
        "cls": "Assault",
        "actor": "LNA",
        "target": "GNA",
        "place": "TRIPOLI",
        "mode": "artillery",
        "date": "2020-01-06",
        "reports": [
            {
                "article": ARTICLE_1,
                "claimed_by": "LNA",
                "sentence": "وقصف الجيش مواقع قوات الوفاق في طرابلس.",
                "start": 300,
                "trigger": "قصف",
                "trigger_start": 301,
            },
            {
                "article": ARTICLE_2,
                "claimed_by": "MISMARI",
                "sentence": "قال المسماري إن المدفعية | قصفت مواقع الوفاق.",
                "start": 10,
                "trigger": "قصفت",
                "trigger_start": 36,
            },
        ],
    },
    {
        "id": "e3",
        "cls": "Accuse",
        "actor": "GNA",
        "target": "LNA",
        "reports": [
            {
                "article": ARTICLE_2,
                "claimed_by": "GNA",
                "sentence": XSS_SENTENCE,
                "start": 100,
                "trigger": "اتهمت",
                "trigger_start": 101,
            }
        ],
    },
    {
        "id": "e4",
        "cls": "Assault",
        "actor": "LNA_AF",
        "target": "MISRATA",
        "place": "MISRATA",
        "mode": "aerial",
        "reports": [
            {
                "article": ARTICLE_1,
                "sentence": "وشن سلاح الجو غارات على مصراتة.",
                "start": 400,
                "trigger": "غارات",
                "trigger_start": 414,
            }
        ],
    },
    {
        "id": "e5",
        "cls": "Consult",
        "actor": "TUR",
        "target": "GNA",
        "date": "2020-01-07",
        "reports": [
            {
                "article": ARTICLE_2,
                "sentence": "والتقى وزير الخارجية التركي برئيس حكومة الوفاق.",
                "start": 200,
                "trigger": "التقى",
                "trigger_start": 201,
            }
        ],
    },
    {
        "id": "e6",
        "cls": "Mobilize",
        "actor": "LNA",
        "place": "TRIPOLI",
        "reports": [
            {
                "article": ARTICLE_1,
                "sentence": "وحشد الجيش قواته حول طرابلس.",
                "start": 500,
                "trigger": "حشد",
                "trigger_start": 501,
            }
        ],
    },
    {
        "id": "e7",
        "cls": "Assault",
        "actor": "x-0123456789ab",
        "target": "GNA",
        "place": "TRIPOLI",
        "reports": [
            {
                "article": ARTICLE_2,
                "sentence": "وهاجم مسلحون مجهولون مقرا للحكومة في طرابلس.",
                "start": 600,
                "trigger": "هاجم",
                "trigger_start": 601,
            }
        ],
    },
    {
        "id": "e8",
        "cls": "Assault",
        "actor": "LNA",
        "target": "TUR",
        "place": "MISRATA",
        "mode": "drone",
        "date": "2020-01-08",
        "reports": [
            {
                "article": ARTICLE_2,
                "claimed_by": "TUR",
                "sentence": "وقالت تركيا إن طائرة مسيرة تابعة للجيش الوطني قصفت مواقعها في مصراتة.",
                "start": 700,
                "trigger": "قصفت",
                "trigger_start": 740,
            }
        ],
    },
]

AFFILIATIONS = [
    ("HAFTAR", "leads", "LNA"),
    ("LNA_AF", "partOf", "LNA"),
    ("MISMARI", "spokespersonOf", "LNA"),
    ("GNA", "memberOf", "UN"),
]


def entity_iri(ident: str) -> rdflib.URIRef:
    """The IRI of a fixture entity (``kgr:actor/<ID>`` or ``kgr:place/<ID>``)."""
    kind = ENTITIES[ident][0]
    return KGR[("place/" if kind == "Place" else "actor/") + ident]


def event_iri(ident: str) -> rdflib.URIRef:
    return KGR["event/" + ident]


def build_graph() -> rdflib.Graph:
    """Return a fresh fixture graph (see the module docstring)."""
    g = rdflib.Graph()
    g.bind("kg", KG)
    g.bind("kgmode", KGMODE)
    g.bind("kgr", KGR)
    for ident, (kind, en, ar, pref) in ENTITIES.items():
        iri = entity_iri(ident)
        g.add((iri, RDF.type, KG[kind]))
        g.add((iri, RDF.type, SKOS.Concept))
        if pref:
            g.add((iri, SKOS.prefLabel, Literal(ar, lang="ar")))
            g.add((iri, SKOS.prefLabel, Literal(en, lang="en")))
            g.add((iri, RDFS.label, Literal(en, lang="en")))
        else:
            g.add((iri, RDFS.label, Literal(ar, lang="ar")))
    g.add((KG.Consult, KG.ploverCode, Literal("CONSULT")))
    for subj, rel, obj in AFFILIATIONS:
        g.add((entity_iri(subj), KG[rel], entity_iri(obj)))
    for ev in EVENTS:
        e = event_iri(ev["id"])
        g.add((e, RDF.type, KG[ev["cls"]]))
        for role in ("actor", "target", "place"):
            if ev.get(role):
                g.add((e, KG[role], entity_iri(ev[role])))
        if ev.get("mode"):
            g.add((e, KG.mode, KGMODE[ev["mode"]]))
        if ev.get("date"):
            g.add((e, KG.date, Literal(ev["date"], datatype=XSD.date)))
        for i, rep in enumerate(ev["reports"]):
            r = KGR[f"report/{ev['id']}-{i}"]
            g.add((e, KG.report, r))
            g.add((r, RDF.type, KG.Report))
            g.add((r, KG.article, KGR["article/" + rep["article"][4:20]]))
            if rep.get("claimed_by"):
                g.add((r, KG.claimedBy, entity_iri(rep["claimed_by"])))
            start = rep["start"]
            g.add((r, KG.sentenceText, Literal(rep["sentence"])))
            g.add((r, KG.sentenceStart, Literal(start)))
            g.add((r, KG.sentenceEnd, Literal(start + len(rep["sentence"]))))
            ts = rep["trigger_start"]
            g.add((r, KG.triggerText, Literal(rep["trigger"])))
            g.add((r, KG.triggerStart, Literal(ts)))
            g.add((r, KG.triggerEnd, Literal(ts + len(rep["trigger"]))))
            if rep.get("time"):
                g.add((r, KG.timeText, Literal(rep["time"])))
            g.add((r, KG.confidence, Literal("0.8", datatype=XSD.decimal)))
    return g


def _ref(ident: str | None, text: str, start: int) -> dict[str, Any] | None:
    if ident is None:
        return None
    kind, en, ar, _ = ENTITIES[ident]
    return {
        "iri": str(entity_iri(ident)),
        "kind": kind,
        "label_en": en,
        "label_ar": ar,
        "text": text,
        "start": start,
        "end": start + len(text),
    }


def build_events() -> list[dict[str, Any]]:
    """The events.jsonl dicts matching the fixture graph (one dict per report)."""
    out = []
    for ev in EVENTS:
        for rep in ev["reports"]:
            s0 = rep["start"]
            ts = rep["trigger_start"]
            time = None
            if rep.get("time") or ev.get("date"):
                text = rep.get("time") or ev["date"]
                time = {
                    "text": text,
                    "start": s0,
                    "end": s0 + len(text),
                    "date": dt.date.fromisoformat(ev["date"]).isoformat()
                    if ev.get("date")
                    else None,
                }
            out.append(
                {
                    "article": rep["article"],
                    "id": str(event_iri(ev["id"])),
                    "event_type": ev["cls"].upper(),
                    "mode": ev.get("mode"),
                    "trigger": {
                        "text": rep["trigger"],
                        "start": ts,
                        "end": ts + len(rep["trigger"]),
                    },
                    "actor": _ref(ev.get("actor"), "actor", s0),
                    "target": _ref(ev.get("target"), "target", s0),
                    "place": _ref(ev.get("place"), "place", s0),
                    "claimed_by": _ref(rep.get("claimed_by"), "claimant", s0),
                    "time": time,
                    "sentence": {
                        "text": rep["sentence"],
                        "start": s0,
                        "end": s0 + len(rep["sentence"]),
                    },
                    "confidence": 0.8,
                }
            )
    return out


class Listener:
    """An HTTP server on 127.0.0.1 that records every request and answers an empty result."""

    def __init__(self):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        hits = self.hits = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                body = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
