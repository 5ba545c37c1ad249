"""The English verb lexicon: the shipped file, its conversion from PETRARCH2, the parser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.lang.en import convert as cv

DATA = Path(cv.__file__).resolve().parent / "data"
VERBS = DATA / "verbs.jsonl"
REVIEW = DATA / "verbs_review.json"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "kg.ttl"


def _records() -> list[dict]:
    return [json.loads(line) for line in VERBS.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return _records()


@pytest.fixture(scope="module")
def by_lemma(records) -> dict[str, dict]:
    return {r["lemma"]: r for r in records}


def test_shipped_file_is_valid(records):
    assert len(records) > 1000
    modes = set(re.findall(r"^kgmode:([a-z_]+)", ONTOLOGY.read_text(encoding="utf-8"), re.M))
    lemmas = [r["lemma"] for r in records]
    assert lemmas == sorted(set(lemmas)), "lemmas sorted, no duplicates"
    for r in records:
        assert list(r) == ["lemma", "type", "mode", "cameo", "patterns", "source"]
        assert re.fullmatch(r"[a-z][a-z-]*", r["lemma"]), r["lemma"]
        assert r["source"].startswith(("CAMEO.2.0.txt:", "verbs_review.json"))
        for item in [r, *r["patterns"]]:
            assert item["type"] is None or item["type"] in cv.ALLOWED_TYPES
            assert item["mode"] is None or item["mode"] in modes
            assert item["mode"] is None or item["type"] is not None
        for p in r["patterns"]:
            assert p["particles"] or p["object"] or p.get("prep_object")
            assert (p["type"], p["mode"]) != (r["type"], r["mode"]), "redundant pattern"
            assert all(w == w.lower() for w in p["particles"] + p["object"])


@pytest.mark.parametrize("lemma", ["say", "tell", "state", "announce", "add", "claim", "report"])
def test_reporting_verbs_are_not_events(by_lemma, lemma):
    record = by_lemma.get(lemma)
    assert record is None or (record["type"] is None and not record["patterns"])


CORE = {
    "attack": "ASSAULT", "strike": "ASSAULT", "shell": "ASSAULT", "bomb": "ASSAULT",
    "bombard": "ASSAULT", "kill": "ASSAULT", "shoot": "ASSAULT", "raid": "ASSAULT",
    "ambush": "ASSAULT", "abduct": "ASSAULT", "kidnap": "ASSAULT", "capture": "COERCE",
    "seize": "COERCE", "arrest": "COERCE", "detain": "COERCE", "besiege": "COERCE",
    "impose": "COERCE", "sanction": "COERCE", "protest": "PROTEST",
    "demonstrate": "PROTEST", "rally": "PROTEST", "march": "PROTEST",
    "threaten": "THREATEN", "warn": "THREATEN", "accuse": "ACCUSE", "condemn": "ACCUSE",
    "blame": "ACCUSE", "demand": "REQUEST", "urge": "REQUEST", "reject": "REJECT",
    "deny": "REJECT", "withdraw": "RETREAT", "retreat": "RETREAT", "release": "RETREAT",
    "deploy": "MOBILIZE", "mobilize": "MOBILIZE", "agree": "AGREE", "sign": "SUPPORT",
    "meet": "CONSULT", "visit": "CONSULT", "aid": "AID", "support": "SUPPORT",
    "praise": "SUPPORT", "cooperate": "COOPERATE",
}  # fmt: skip


@pytest.mark.parametrize(("lemma", "kind"), sorted(CORE.items()))
def test_core_conflict_verbs(by_lemma, lemma, kind):
    assert by_lemma[lemma]["type"] == kind


def test_common_verbs_reviewed(by_lemma):
    for lemma in ("take", "give", "go", "come", "hold", "lead", "call", "leave", "make"):
        assert by_lemma[lemma]["type"] is None, lemma
    call_for = [p for p in by_lemma["call"]["patterns"] if p["particles"] == ["for"]]
    assert any(p["type"] == "REQUEST" for p in call_for)
    assert by_lemma["kidnap"]["mode"] == "abduction"


def test_review_file_is_well_formed():
    review = json.loads(REVIEW.read_text(encoding="utf-8"))
    lemmas = [item["lemma"] for item in review]
    assert lemmas == sorted(set(lemmas))
    for item in review:
        assert item["action"] in ("drop", "set")
        assert item["reason"].strip()
        if item["action"] == "set":
            assert item["type"] is None or item["type"] in cv.ALLOWED_TYPES


@pytest.mark.shared
def test_conversion_reproduces_shipped_file(tmp_path):
    if not (SHARED / "lexicons").exists():
        pytest.skip(f"needs the third-party lexicons in {SHARED / 'lexicons'} (not shipped)")
    out = tmp_path / "verbs.jsonl"
    assert cv.main(["--shared", str(SHARED), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == VERBS.read_text(encoding="utf-8")
    assert cv.convert(SHARED) == _records()


TINY = """\
&WEAPON
+GUN
+TEAR_GAS_
+DIFFERENCE_OF_OPINION_

####### VERB PATTERNS #######

---  ATTACK   [190]  ---
ATTACK
SHELL {SHELLS SHELLED SHELLING} [194]
DETERRING
- * &WEAPON                 [195]   # ATTACK
- * (WITH {HEAVY &WEAPON})  [042:043]
- * (BEFORE COURT)          [:173]
- * $ +                     [110]
- &WEAPON * +               [180]
- * POLICE                  [190]
- * OUT {NEW STRATEGY}      [---]

---  HAND   [---]  ---
+HAND_OVER {+HANDS_OVER +HANDED_OVER} [0841]
DETER {DETERRING DETERS}

~ a (a b ATTACK) SAY = a b 015
"""

TABLE = {"19": ("ASSAULT", None), "195": ("ASSAULT", "aerial"), "042": ("CONSULT", "visit"),
         "0841": ("RETREAT", "release"), "17": ("COERCE", None)}  # fmt: skip


def test_parse_tiny_dictionary():
    dic = cv.parse_cameo_text(TINY)
    assert dic.synsets == {"WEAPON": ["gun", "tear_gas_", "difference_of_opinion_"]}
    attack, hand = dic.blocks
    assert (attack.name, attack.code, hand.code) == ("ATTACK", "190", None)
    assert [(v.word, v.code) for v in attack.verbs] == [
        ("ATTACK", None), ("SHELL", "194"), ("DETERRING", None)
    ]  # fmt: skip
    assert attack.verbs[1].forms == ("SHELLS", "SHELLED", "SHELLING")
    assert [p.code for p in attack.patterns] == ["195", "042", "173", "110", "180", "190", None]
    assert hand.verbs[0] == cv.Verb(hand.verbs[0].line, "HAND_OVER", "0841",
                                    ("HANDS_OVER", "HANDED_OVER"))  # fmt: skip
    assert cv.parse_code("042:043") == "042"


def test_pattern_keys():
    syn = cv.parse_cameo_text(TINY).synsets
    assert cv.pattern_keys("&WEAPON", syn) == {
        "particles": [],
        "object": ["difference", "gas", "gun"],
    }
    assert cv.pattern_keys("(WITH {HEAVY &WEAPON})", syn) == {
        "particles": ["with"], "object": [], "prep_object": ["difference", "gas", "gun"]
    }  # fmt: skip
    assert cv.pattern_keys("$ +", syn) == {"particles": [], "object": []}


def test_convert_tiny(tmp_path):
    root = tmp_path / "lexicons"
    (root / "petrarch2").mkdir(parents=True)
    (root / "plover").mkdir()
    (root / "petrarch2" / "CAMEO.2.0.txt").write_text(TINY, encoding="utf-8")
    (root / "plover" / "CAMEO2PLOVER-2021.txt").write_text(
        "19: ASSAULT\n195: ASSAULT, heavy-weapons, military\n042: CONSULT, visit,\n"
        "0841: RETREAT, release,   legal\n17: COERCE, ,\n010: NOTHING, ,\n",
        encoding="utf-8",
    )
    got = {r["lemma"]: r for r in cv.convert(tmp_path, review=None)}
    assert sorted(got) == ["attack", "deter", "hand", "shell"]
    attack = got["attack"]
    assert (attack["type"], attack["mode"], attack["cameo"]) == ("ASSAULT", None, "190")
    assert attack["source"] == "CAMEO.2.0.txt:9"
    patterns = {json.dumps([p["particles"], p["object"]]): p for p in attack["patterns"]}
    # [195] gets its mode; [042:043] is read as 042; [:173] → 173 → 17; [---] blocks coding;
    # "$ +" has no words; the pre-verb "&WEAPON *" is dropped; POLICE [190] is the default
    # 195 is "Employ aerial weapons": the ontology's aerial, not the crosswalk's heavy-weapons
    assert patterns['[[], ["difference", "gas", "gun"]]']["mode"] == "aerial"
    assert patterns['[["with"], []]']["type"] == "CONSULT"
    assert patterns['[["before"], []]']["prep_object"] == ["court"]
    assert patterns['[["before"], []]']["type"] == "COERCE"
    assert patterns['[["out"], ["strategy"]]']["type"] is None
    assert len(attack["patterns"]) == 4
    assert (got["shell"]["cameo"], got["shell"]["type"]) == ("194", "ASSAULT")
    # a coded verb keeps the block's patterns written for it or for no verb: "&WEAPON" was
    # written for ATTACK ("# ATTACK"), so SHELL does not take it
    shell = {json.dumps([p["particles"], p["object"]]) for p in got["shell"]["patterns"]}
    assert '[[], ["difference", "gas", "gun"]]' not in shell and '[["with"], []]' in shell
    hand = got["hand"]
    assert hand["type"] is None
    assert hand["patterns"][0] == {
        "particles": ["over"], "object": [], "type": "RETREAT", "mode": "release", "cameo": "0841"
    }  # fmt: skip


def test_apply_review():
    records = [{"lemma": "say", "type": None, "mode": None, "cameo": "010", "patterns": [],
                "source": "x"},
               {"lemma": "go", "type": "CONSULT", "mode": None, "cameo": "040",
                "patterns": [{"particles": [], "object": ["x"], "type": None, "mode": None,
                              "cameo": None}], "source": "y"}]  # fmt: skip
    review = [{"lemma": "say", "action": "drop", "reason": "r"},
              {"lemma": "go", "action": "set", "type": None, "mode": None, "reason": "r"},
              {"lemma": "urge", "action": "set", "type": "REQUEST", "mode": None, "reason": "r"}]  # fmt: skip
    got = cv.apply_review(records, review)
    assert [r["lemma"] for r in got] == ["go", "urge"]
    assert got[0]["type"] is None and got[0]["patterns"] == []
    assert got[1]["source"] == "verbs_review.json"
