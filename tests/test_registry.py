"""The generated registry files (countries, cities) and the loader that merges them."""

from __future__ import annotations

import importlib
import re

import pytest
import rdflib
from rdflib import RDF, SKOS, URIRef

from kg.lang.ar.normalize import normalize
from kg.registry import REGISTRY_FILES, load_registry
from kg.vocab import GEO, KG, KGR, ONTOLOGY_DIR

PLACE = "https://w3id.org/conflict-kg/id/place/"
#: Very common Arabic words that must never be an alias.
COMMON = [
    "من", "في", "على", "مع", "الى", "إلى", "عن", "قال", "اليوم", "أمس", "التي", "الذي",
    "هذا", "بين", "بعد", "قبل", "كل", "أن", "كان", "خلال", "ضد", "الباب", "الثورة", "مالي",
]  # fmt: skip


def _build_module():
    """The generator (``ontology/build_registry.py``, importable as ``kg.ontology.build_registry``)."""
    return importlib.import_module("kg.ontology.build_registry")


@pytest.fixture(scope="module")
def generated() -> dict[str, rdflib.Graph]:
    return {
        name: rdflib.Graph().parse(ONTOLOGY_DIR / name, format="turtle")
        for name in ("countries.ttl", "places.ttl")
    }


@pytest.fixture(scope="module")
def reg():
    return load_registry()


def test_generator_is_deterministic():
    build = _build_module()
    stats = build.WordStats()  # no corpus: fast, and still deterministic
    first = build.generate(None, ["LBY", "LBN"], stats=stats)
    second = build.generate(None, ["LBY", "LBN"], stats=stats)
    assert first == second
    assert "place:ZAWIYA_LBY" in first["places.ttl"]
    rdflib.Graph().parse(data=first["places.ttl"], format="turtle")


def test_generated_files_parse_and_say_how_they_were_made(generated):
    for name, graph in generated.items():
        assert len(graph) > 1000, name
        head = (ONTOLOGY_DIR / name).read_text(encoding="utf-8")[:1500]
        assert "build_registry.py" in head and "CC BY 4.0" in head and "LGPL-2.1" in head


def test_generated_entries_do_not_repeat_hand_written_ones(generated):
    hand = rdflib.Graph().parse(ONTOLOGY_DIR / "registry.ttl", format="turtle")
    hand_entries = set(hand.subjects(SKOS.inScheme, KGR.registry))
    for graph in generated.values():
        assert not hand_entries & set(graph.subjects(SKOS.inScheme, KGR.registry))


def test_every_country_is_a_state_and_a_place(reg):
    pycountry = pytest.importorskip("pycountry")
    for c in pycountry.countries:
        state, place = reg.by_id(c.alpha_3, place=False), reg.by_id(c.alpha_3, place=True)
        assert state is not None and state.kind == "State", c.alpha_3
        assert place is not None and place.kind == "Place" and place.country == c.alpha_3
        assert state.label_en and state.label_ar, c.alpha_3


def test_every_generated_place_has_coordinates_and_a_country(generated):
    g = generated["places.ttl"]
    places = set(g.subjects(RDF.type, KG.Place))
    assert len(places) > 2000
    for p in places:
        lat, long = g.value(p, GEO.lat), g.value(p, GEO.long)
        assert lat is not None and -90 <= float(lat) <= 90, p
        assert long is not None and -180 <= float(long) <= 180, p
        country = str(g.value(p, KG.country))
        assert re.fullmatch(r"[A-Z]{3}", country), p
        assert g.value(p, KG.locatedIn) == URIRef(PLACE + country), p


def test_tripoli_libya_and_lebanon_are_distinct(reg):
    tripolis = reg.places_named("طرابلس")
    assert [e.country for e in tripolis][:2] == ["LBY", "LBN"]
    assert len({e.iri for e in tripolis}) == len(tripolis)
    assert reg.places_named(normalize("طرابلس")) == tripolis


def test_shared_arabic_names_are_noted(generated):
    g = generated["places.ttl"]
    notes = [str(o) for o in g.objects(None, SKOS.note)]
    assert notes and all("Ambiguous Arabic name" in n for n in notes)


def _arabic_aliases(reg):
    for e in reg:
        for label in (e.label_ar, *e.aliases_ar):
            if label:
                yield e, label


def test_no_short_or_common_arabic_alias(reg):
    common = {normalize(w) for w in COMMON}
    for e, label in _arabic_aliases(reg):
        norm = normalize(label)
        assert sum(ch.isalpha() for ch in norm) >= 3, (e.iri, label)
        assert norm not in common, (e.iri, label)


@pytest.mark.parametrize(
    ("ar", "en", "country"),
    [
        ("حلب", "Aleppo", "SYR"),
        ("الموصل", "Mosul", "IRQ"),
        ("صنعاء", "Sanaa", "YEM"),
        ("بنغازي", "Benghazi", "LBY"),
        ("غزة", "Gaza", "PSE"),
        ("الزاوية", "Zawiya", "LBY"),
        ("درنة", "Darnah", "LBY"),
        ("منبج", "Manbij", "SYR"),
    ],
)
def test_known_cities_have_arabic_labels(reg, ar, en, country):
    found = [e for e in reg.places_named(ar) if e.country == country]
    assert found, ar
    assert found[0].lat is not None and found[0].label_ar
    assert any(e.label_en == en for e in found) or any(en in e.aliases_en for e in found)


def test_loader_reads_all_files_in_priority_order(reg):
    sources = [e.source for e in reg]
    assert set(sources) == set(REGISTRY_FILES)
    assert sources == sorted(sources, key=REGISTRY_FILES.index)
    assert reg.by_id("LNA").source == "registry.ttl"
    assert load_registry() is reg


def test_disk_cache_round_trip(tmp_path, monkeypatch):
    from kg import registry as module

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    paths = [ONTOLOGY_DIR / "registry.ttl"]
    first = module._load.__wrapped__(tuple(str(p) for p in paths))
    assert list(tmp_path.glob("registry-*.json"))
    second = module._load.__wrapped__(tuple(str(p) for p in paths))
    assert first.entries == second.entries
    assert second.graph is not None and len(second.graph) > 0


def test_new_actors_and_affiliations(reg):
    assert reg.by_id("SAREE").spokesperson_of == (reg.by_id("HOUTHIS").iri,)
    assert reg.by_id("KATAIB_HEZBOLLAH").member_of == (reg.by_id("PMF").iri,)
    assert reg.by_id("OP_PEACE_SPRING").part_of == (reg.by_id("TUR_ARMY").iri,)
    assert reg.by_id("SHABAAB").kind == "ArmedGroup"


def test_the_bare_popular_front_is_tunisias_not_the_pflp(reg):
    """In Tunisian news الجبهة الشعبية is the Tunisian coalition; the PFLP keeps its full name."""
    bare = [e for e in reg if "الجبهة الشعبية" in e.labels]
    assert [e.iri for e in bare] == [reg.by_id("TUN_POPULAR_FRONT").iri]
    assert reg.by_id("TUN_POPULAR_FRONT").country == "TUN"
    assert reg.by_id("PFLP").label_ar == "الجبهة الشعبية لتحرير فلسطين"
