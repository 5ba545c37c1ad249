import copy

import networkx as nx
import pytest
import rdflib
from kgfixtures import KG, KGR, XSS_SENTENCE, build_graph, entity_iri, event_iri
from rdflib.compare import to_isomorphic

from kg.network import actor_network, centrality, summary_graph
from kg.render.exports import write_graphml


def iri(ident):
    return str(entity_iri(ident))


@pytest.fixture(scope="module")
def mdg():
    return actor_network(build_graph())


def test_nodes_are_participants_claimants_and_affiliates(mdg):
    assert set(mdg) == {
        iri(x)
        for x in (
            "LNA",
            "LNA_AF",
            "TUR",
            "GNA",
            "HAFTAR",
            "MISMARI",
            "UN",
            "x-0123456789ab",
            "MISRATA",
        )
    }
    # TRIPOLI is only a kg:place, never a target: not a node
    assert str(KGR["place/TRIPOLI"]) not in mdg


def test_node_attributes(mdg):
    assert mdg.nodes[iri("LNA")] == {
        "label": "الجيش الوطني الليبي",
        "label_en": "Libyan National Army",
        "label_ar": "الجيش الوطني الليبي",
        "kind": "ArmedForce",
        "country": None,
        "iri": iri("LNA"),
    }
    minted = mdg.nodes[iri("x-0123456789ab")]
    assert minted["label"] == minted["label_ar"] == "مسلحون مجهولون"  # rdfs:label fallback
    assert minted["label_en"] is None and minted["kind"] == "Group"
    assert mdg.nodes[iri("MISRATA")]["kind"] == "Place"
    assert mdg.nodes[iri("UN")]["kind"] == "IntergovernmentalOrganization"


def test_event_edges(mdg):
    events = {k: (u, v, d) for u, v, k, d in mdg.edges(keys=True, data=True) if "event" in d}
    assert set(events) == {str(event_iri(e)) for e in ("e1", "e2", "e3", "e4", "e5", "e7", "e8")}
    u, v, d = events[str(event_iri("e2"))]
    assert (u, v) == (iri("LNA"), iri("GNA"))
    assert d == {
        "event_type": "ASSAULT",
        "quad": "MaterialConflict",
        "mode": "artillery",
        "date": "2020-01-06",
        "event": str(event_iri("e2")),
        "reports": 2,
        "claimed_by": "أحمد المسماري; الجيش الوطني الليبي",
        # first report by article IRI (article/0123… < article/af9a…), then offset
        "evidence": "قال المسماري إن المدفعية | قصفت مواقع الوفاق.",
        "contested": None,
    }
    _, _, d3 = events[str(event_iri("e3"))]
    assert (d3["event_type"], d3["quad"], d3["mode"], d3["date"]) == (
        "ACCUSE",
        "VerbalConflict",
        None,
        None,
    )
    assert d3["evidence"] == XSS_SENTENCE
    _, _, d5 = events[str(event_iri("e5"))]
    assert (d5["event_type"], d5["quad"], d5["claimed_by"]) == (
        "CONSULT",
        "VerbalCooperation",
        None,
    )
    u4, v4, _ = events[str(event_iri("e4"))]
    assert v4 == iri("MISRATA")  # a place as target
    assert mdg.number_of_edges(iri("LNA"), iri("TUR")) == 2


def test_affiliation_edges(mdg):
    rels = sorted(
        (mdg.nodes[u]["label_en"], d["relation"], mdg.nodes[v]["label_en"])
        for u, v, d in mdg.edges(data=True)
        if "relation" in d
    )
    assert rels == [
        ("Ahmed al-Mismari", "spokespersonOf", "Libyan National Army"),
        ("Government of National Accord", "memberOf", "United Nations"),
        ("Khalifa Haftar", "leads", "Libyan National Army"),
        ("LNA Air Force", "partOf", "Libyan National Army"),
    ]


def test_summary_weights(mdg):
    s = summary_graph(mdg)
    assert isinstance(s, nx.DiGraph) and not s.is_multigraph()
    lna_tur = s.edges[iri("LNA"), iri("TUR")]
    assert (lna_tur["conflict"], lna_tur["cooperation"], lna_tur["events"]) == (2, 0, 2)
    tur_gna = s.edges[iri("TUR"), iri("GNA")]
    assert (tur_gna["conflict"], tur_gna["cooperation"]) == (0, 1)
    part = s.edges[iri("LNA_AF"), iri("LNA")]
    assert (part["conflict"], part["cooperation"], part["affiliation"]) == (0, 0, 1)
    assert s.nodes[iri("LNA")]["kind"] == "ArmedForce"


def test_centrality(mdg):
    c = centrality(mdg)
    assert set(c) == set(mdg)
    assert sum(c.values()) == pytest.approx(1.0)
    assert c == centrality(mdg)  # deterministic
    top = max(c, key=c.get)
    assert top == iri("GNA")
    assert centrality(nx.MultiDiGraph()) == {}


def test_graphml_roundtrip(mdg, tmp_path):
    before = copy.deepcopy(dict(mdg.edges))
    path = write_graphml(mdg, tmp_path / "out" / "network.graphml")
    assert path.exists()
    assert [p.name for p in path.parent.iterdir()] == ["network.graphml"]  # no temp left
    back = nx.read_graphml(path, force_multigraph=True)
    assert set(back) == set(mdg)
    assert back.number_of_edges() == mdg.number_of_edges()
    e3 = [d for *_, d in back.edges(data=True) if d.get("event") == str(event_iri("e3"))][0]
    # GraphML has no null: an attribute that is None is left out (not written as "")
    assert "mode" not in e3 and e3["evidence"] == XSS_SENTENCE
    assert back.nodes[iri("LNA")]["label_ar"] == "الجيش الوطني الليبي"
    assert "label_en" not in back.nodes[iri("x-0123456789ab")]
    # None stays None in the input graph
    assert dict(mdg.edges) == before
    assert mdg.nodes[iri("x-0123456789ab")]["label_en"] is None


def test_input_graph_not_mutated():
    g = build_graph()
    iso = to_isomorphic(g)
    actor_network(g)
    assert to_isomorphic(g) == iso


def test_ploverCode_on_class_wins():
    from kgfixtures import KG
    from rdflib import Literal

    g = build_graph()
    g.add((KG.Accuse, KG.ploverCode, Literal("REJECT")))
    m = actor_network(g)
    d = m.edges[iri("GNA"), iri("LNA"), str(event_iri("e3"))]
    assert (d["event_type"], d["quad"]) == ("REJECT", "VerbalConflict")


def test_country_of_registry_actors():
    g = build_graph()
    g.add((rdflib.URIRef(iri("LNA")), KG.country, rdflib.Literal("LBY")))
    m = actor_network(g)
    assert m.nodes[iri("LNA")]["country"] == "LBY"
    assert m.nodes[iri("TUR")]["country"] is None


def test_contested_claims_on_the_edges():
    """The rival claims of contested_claims.rq reach both events' edges."""
    from kgfixtures_claims import dataset

    m = actor_network(dataset())
    contested = {d["event"]: d["contested"] for *_, d in m.edges(data=True) if d.get("contested")}
    assert len(contested) == 5
    texts = " ; ".join(contested.values())
    assert "reversed roles: " in texts and "rival actors: " in texts
    assert "claimed by Mohamed Gununu (this one by Ahmed al-Mismari)" in texts
