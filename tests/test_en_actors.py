"""The English actor data: demonyms and agent nouns converted from PETRARCH2/Phoenix.

The shipped files are checked on any clone; re-running the converter reproduces them only
where the Phoenix dictionaries are at hand (``../shared`` beside the repository, ``$KG_SHARED``
or ``/work/shared``) and the spaCy English model is installed.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from kg.lang.en import convert_actors as ca
from kg.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
CLASSES = {
    "State",
    "Government",
    "ArmedForce",
    "ArmedGroup",
    "Operation",
    "Person",
    "IntergovernmentalOrganization",
    "Organization",
    "Group",
    "Civilians",
}


def _shared() -> Path | None:
    """The ../shared folder with the PETRARCH2 lexicons, or None."""
    candidates = [os.environ.get("KG_SHARED"), ROOT.parent / "shared", "/work/shared"]
    for c in candidates:
        if c and (Path(c) / ca.PETRARCH / "Phoenix.agents.txt").exists():
            return Path(c)
    return None


SHARED = _shared()
needs_shared = pytest.mark.skipif(
    SHARED is None,
    reason="the PETRARCH2 lexicons (../shared/lexicons/petrarch2, $KG_SHARED or /work/shared) "
    "are not beside this clone",
)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_ontology_classes_are_those_of_kg_ttl():
    text = (ROOT / "ontology" / "kg.ttl").read_text(encoding="utf-8")
    declared = set(re.findall(r"^kg:(\w+)\s+a\s+owl:Class", text, flags=re.M))
    assert CLASSES <= declared or not declared


def test_shipped_demonyms_are_states_of_the_registry():
    reg = load_registry()
    demonyms = _load(ca.DEMONYMS_FILE)
    assert list(demonyms) == sorted(demonyms)
    assert len(demonyms) > 150
    for code, forms in demonyms.items():
        entry = reg.by_id(code, place=False)
        assert entry is not None and entry.kind == "State", code
        assert forms == sorted(set(forms)) and forms, code
        for f in forms:
            assert re.fullmatch(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*", f), (code, f)
    assert demonyms["TUR"] == ["Turkish"]
    assert "Emirati" in demonyms["ARE"]
    assert {"Saudi", "Saudi Arabian"} <= set(demonyms["SAU"])


def test_hand_written_demonyms_are_kept():
    reg = load_registry()
    demonyms = _load(ca.DEMONYMS_FILE)
    for e in reg.entries.values():
        if e.kind == "State" and e.demonyms_en:
            assert set(e.demonyms_en) <= set(demonyms[e.id]), e.id


def test_registry_reads_english_demonyms():
    reg = load_registry()
    assert "Libyan" in reg.by_id("LBY").demonyms_en
    assert "ليبي" in reg.by_id("LBY").demonyms_ar
    assert "Libyan" not in reg.by_id("LBY").demonyms_ar


def test_review_file_is_well_formed():
    review = _load(ca.REVIEW_FILE)
    reg = load_registry()
    for part in ("drop", "add"):
        for code, forms in review[part].items():
            assert reg.by_id(code, place=False).kind == "State", code
            assert all(isinstance(r, str) and r for r in forms.values()), (part, code)
    for forms in review["drop"].values():
        assert all(f == f.lower() for f in forms)


def test_shipped_agents_are_lemmas_with_ontology_classes():
    data = _load(ca.AGENTS_FILE)
    assert set(data) == {"_comment", "_source", "_dropped", "generic_heads", "nouns"}
    nouns = data["nouns"]
    assert list(nouns) == sorted(nouns) and len(nouns) > 1000
    for noun, cls in nouns.items():
        assert re.fullmatch(r"[a-z]+(?:[ -][a-z]+){0,3}", noun), noun
        assert cls in CLASSES, (noun, cls)
    assert nouns["militant"] == "ArmedGroup"
    assert nouns["police"] == "ArmedForce"
    assert nouns["soldier"] == "ArmedForce"
    assert nouns["protester"] == "Civilians"
    assert nouns["civilian"] == "Civilians"
    assert nouns["government"] == "Government"
    assert "prison" not in nouns and "cutpurse" not in nouns
    heads = data["generic_heads"]
    assert heads["the government"] == "Government"
    assert heads["the army"] == "ArmedForce"
    assert set(heads.values()) <= CLASSES


def test_parse_countries_codes_and_synonyms():
    text = "# c\nTURKMENISTAN_\n+TURKMEN_ \n+ASHGABAT_ \n\t[USRTKM >911016]\n\t[TKM >911221]\n"
    text += "SAPARMURAT_NIYAZOV_  # CountryInfo.txt\n\t[TKMGOV 901102-061221]\n"
    blocks = ca.parse_countries(text)
    assert [b.name for b in blocks] == ["turkmenistan", "saparmurat niyazov"]
    assert blocks[0].synonyms == ["turkmen", "ashgabat"]
    codes = [ca.current_country_code(c) for c in blocks[0].codes + blocks[1].codes]
    assert codes == [None, "TKM", None]


def test_demonym_candidates():
    syn = ["turkish", "turkish republic", "turk", "turkiye", "ankara", "turkmen"]
    assert ca.demonym_candidates(syn, ["turkey"]) == ["turkish"]
    assert ca.demonym_candidates(["emirati", "dubai"], ["united arab emirates", "emirates"]) == [
        "emirati"
    ]
    assert ca.demonym_candidates(["bosnian", "sarajevo"], ["bosnia and herzegovina"]) == ["bosnian"]
    assert ca.demonym_candidates(["french", "paris", "fr"], ["france"], ["french"]) == ["french"]
    assert ca.demonym_candidates(["french"], ["belgium"]) == []
    assert ca.demonym_candidates(["azerbajan", "azerbaijani"], ["azerbaijan"]) == ["azerbaijani"]


def test_convert_demonyms_merges_registry_and_review():
    class Entry:
        def __init__(self, id, label, demonyms=()):
            self.id, self.kind, self.label_en = id, "State", label
            self.aliases_en, self.demonyms_en = (), tuple(demonyms)

    class Reg:
        entries = {
            "LBY": Entry("LBY", "Libya", ["Libyan"]),
            "TUR": Entry("TUR", "Turkey"),
            "NER": Entry("NER", "Niger"),
        }

        def by_id(self, id, place=None):
            return self.entries[id]

    text = "LIBYA_ [LBY]\n+LIBYAN_\nTURKEY_ [TUR]\n+TURKISH_\n+TURKEI_\nANKARA_ [TURGOV]\n+X_\n"
    review = {"drop": {"TUR": {"turkei": "r"}}, "add": {"NER": {"Nigerien": "r"}}}
    assert ca.convert_demonyms(text, Reg(), review) == {
        "LBY": ["Libyan"],
        "NER": ["Nigerien"],
        "TUR": ["Turkish"],
    }


def test_parse_agents_sets_plurals_and_codes():
    text = (
        "!PERSON! = MAN, MEN, WOMAN\n"
        "# POSSE [~COP]\n"
        "POLICE {} [~COP]\n"
        "HITMAN {HITMEN} [~UAF]\n"
        "MILITARY_SPOKES!PERSON! [~MIL]\n"
        "HUSBAND!PERSON![~AGR]\n"
        "ARMED_GROUP [~UAF] # comment\n"
        "PEACEKEEPER [IGO~]\n"
        "ISLAMIC_EXTREMIST\n"
    )
    nouns = ca.parse_agents(text)
    assert [(n.phrase, n.plural, n.role) for n in nouns] == [
        ("police", "", "COP"),
        ("hitman", "hitmen", "UAF"),
        ("military spokesman", None, "MIL"),
        ("military spokesmen", None, "MIL"),
        ("military spokeswoman", None, "MIL"),
        ("husbandman", None, "AGR"),
        ("husbandmen", None, "AGR"),
        ("husbandwoman", None, "AGR"),
        ("armed group", None, "UAF"),
        ("peacekeeper", None, "IGO"),
    ]


def test_convert_agents_classes_and_drops():
    text = (
        "MILITANT [~UAF]\nPROTESTER [~OPP]\nDISSIDENT [~OPP]\nJOURNALIST [~MED]\n"
        "NEWSPAPER [~MED]\nPRISON [~COP]\nF-16 [~MIL]\nMINISTER_OF_WOMEN [~GOV]\n"
        "ACTOR [~ELI]\nCUTPURSE [~CRM]\nPOLICE {} [~COP]\n"
    )
    kept, dropped = ca.convert_agents(ca.parse_agents(text), lambda p: p.removesuffix("s"))
    assert kept == {
        "dissident": "Group",
        "journalist": "Civilians",
        "militant": "ArmedGroup",
        "newspaper": "Organization",
        "police": "ArmedForce",
        "protester": "Civilians",
    }
    flat = {p for items in dropped.values() for p in items}
    assert {"prison", "f-16", "minister of women", "actor", "cutpurse"} <= flat


def test_regular_plural():
    assert ca.regular_plural("militiaman") == "militiamen"
    assert ca.regular_plural("authority") == "authorities"
    assert ca.regular_plural("force") == "forces"


@pytest.fixture(scope="module")
def lemma():
    pytest.importorskip("spacy")
    try:
        return ca.spacy_lemmatizer()
    except OSError:
        pytest.skip(f"the spaCy model {ca.SPACY_MODEL} is not installed")


def test_spacy_lemmas_of_agent_nouns(lemma):
    assert lemma("militants") == "militant"
    assert lemma("police") == "police"
    assert lemma("security forces") == "security force"
    assert lemma("gunmen") == "gunman"


@needs_shared
def test_demonyms_reproduce_from_phoenix():
    assert ca._dump(ca.build_demonyms(SHARED)) == ca.DEMONYMS_FILE.read_text(encoding="utf-8")


@needs_shared
def test_review_drops_are_all_used():
    text = (SHARED / ca.PETRARCH / "Phoenix.Countries.actors.txt").read_text(encoding="utf-8")
    found = ca.convert_demonyms(text, load_registry(), {"drop": {}, "add": {}})
    review = _load(ca.REVIEW_FILE)
    for code, forms in review["drop"].items():
        for f in forms:
            assert ca._title(f) in found.get(code, []), f"stale drop {code} {f}"


@needs_shared
def test_agents_reproduce_from_phoenix(lemma):
    assert ca._dump(ca.build_agents(SHARED, lemma)) == ca.AGENTS_FILE.read_text(encoding="utf-8")


@needs_shared
def test_main_writes_both_files(tmp_path, lemma, monkeypatch):
    monkeypatch.setattr(ca, "spacy_lemmatizer", lambda model=ca.SPACY_MODEL: lemma)
    assert ca.main(["--shared", str(SHARED), "--out", str(tmp_path)]) == 0
    for f in (ca.DEMONYMS_FILE, ca.AGENTS_FILE):
        assert (tmp_path / f.name).read_bytes() == f.read_bytes()


def test_data_files_are_package_data():
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in Python 3.11 and later")
    from fnmatch import fnmatch

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["kg.lang.en"]
    package = ROOT / "kg" / "lang" / "en"
    files = [str(f.relative_to(package)) for f in (package / "data").iterdir() if f.is_file()]
    assert files
    assert all(any(fnmatch(f, p) for p in patterns) for f in files), files
