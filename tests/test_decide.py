"""The trained decisions over the rules: linear models, the decider, training, shipped models."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from kg.extract.linear import LinearModel, ModelError
from kg.extract.model import Draft, Mention
from kg.extract.trees import BlendedModel, load_model
from kg.lang import make_nlp
from kg.lang.ar.grammar.context import ArabicContext
from kg.lang.ar.grammar.decide import Decider, _keep_rule_roles, _named_office_holders
from kg.lang.ar.grammar.discourse import discourse_actor
from kg.lang.ar.lexicon import load_lexicon
from kg.lang.ar.pipeline import load_decider, model_path, ner_model_path
from kg.nlp.extensions import TRIGGERS, article_doc
from kg.types import Article

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "data" / "tiny_corpus"


def _doc(nlp, text: str):
    return nlp(article_doc(nlp, Article("t.txt", text, "ar", "t.txt")))


@pytest.fixture(scope="module")
def rules_nlp():
    """A private pipeline (its decider is swapped by the tests), rules alone, no NER."""
    return make_nlp.__wrapped__("ar", ner=False, learned=False)


@pytest.fixture(scope="module")
def learned_nlp():
    """The shipped pipeline: NER, rules, trained detector and role model."""
    return make_nlp("ar")


# --- LinearModel -----------------------------------------------------------------------------


def test_linear_model_round_trip(tmp_path):
    weights = np.array([[0.0, 2.0], [0.0, -3.0], [0.0, -1.0]])
    m = LinearModel(["none", "event"], ["a", "b"], weights, threshold=0.3, meta={"C": 1})
    m.to_disk(tmp_path / "m")
    back = LinearModel.from_disk(tmp_path / "m")
    rows = [["a"], ["a", "b"], ["unseen"], []]
    assert back.classes == ["none", "event"] and back.threshold == 0.3 and back.meta == {"C": 1}
    np.testing.assert_allclose(back.proba(rows), m.proba(rows), rtol=1e-6)
    p = back.proba(rows)[:, 1]
    assert p[0] == pytest.approx(1 / (1 + np.exp(-1.0)), rel=1e-5)  # a: 2 - 1
    assert p[1] < 0.5 < p[0] and p[2] == pytest.approx(p[3])  # unseen features are ignored


def test_linear_model_errors(tmp_path):
    with pytest.raises(ValueError):
        LinearModel(["a", "b"], ["x"], np.zeros((1, 2)))
    with pytest.raises(ModelError, match="cannot load"):
        LinearModel.from_disk(tmp_path / "absent")


# --- the decider over the rules' candidates ----------------------------------------------------


def _detector(weight: float, threshold: float = 0.5) -> LinearModel:
    """A detector that says yes to every ASSAULT candidate (weight > 0) or to none."""
    w = np.array([[0.0, weight], [0.0, 0.0]])
    return LinearModel(["none", "event"], ["type=ASSAULT"], w, threshold=threshold)


def test_the_detector_decides_which_candidates_are_events(rules_nlp):
    grammar = rules_nlp.get_pipe("kg_events").grammar
    text = "قصفت الطائرات مواقع المسلحين في حلب."
    try:
        grammar.decider = Decider(_detector(5.0))
        yes = _doc(rules_nlp, text)._.events
        grammar.decider = Decider(_detector(-5.0))
        no = _doc(rules_nlp, text)._.events
    finally:
        grammar.decider = None
    assert [e.event_type for e in yes] == ["ASSAULT"] and yes[0].trigger.text == "قصفت"
    assert no == []
    rules = _doc(rules_nlp, text)._.events
    assert [e.trigger.text for e in rules] == ["قصفت"]


def _candidates(nlp, text: str) -> dict:
    grammar = nlp.get_pipe("kg_events").grammar
    seen = []
    never = _detector(0.0, threshold=2.0)
    try:
        grammar.decider = Decider(never, collect=lambda sent, cand: seen.append(cand))
        _doc(nlp, text)
    finally:
        grammar.decider = None
    return {c.trigger.text: c for c in seen}


def test_candidates_reach_the_detector_with_their_features(rules_nlp):
    by_word = _candidates(rules_nlp, "لم تقصف الطائرات المدينة. تظاهر الطلاب احتجاجا على القرار.")
    assert "cue_before=negations" in by_word["تقصف"].features
    assert "rule_kept=False" in by_word["تقصف"].features  # the rules drop a negated strike
    protest = by_word["احتجاجا"].features
    assert any(f.startswith("same_type_before=") for f in protest)
    assert not any(f.startswith("same_type_before=") for f in by_word["تظاهر"].features)
    feats = _candidates(rules_nlp, "هل ستقصف الطائرات المدينة؟")["ستقصف"].features
    assert "question" in feats and "tense=future" in feats
    assert "recall=True" in feats  # the future form is a recall-only candidate


def test_the_tense_of_a_trigger_verb_comes_from_its_stem_not_its_first_letter(rules_nlp):
    """نفذ، تظاهر، ندد are perfects though they begin like imperfects; ينفذ is an imperfect."""
    feats = _candidates(rules_nlp, "نفذ الطيران غارات على المدينة.")["نفذ الطيران غارات"].features
    assert "tense=perfect" in feats, feats
    feats = _candidates(rules_nlp, "تظاهر الطلاب أمس في العاصمة.")["تظاهر"].features
    assert "tense=perfect" in feats, feats
    feats = _candidates(rules_nlp, "يتظاهر الطلاب في العاصمة.")["يتظاهر"].features
    assert "tense=imperfect" in feats, feats


def test_a_recalled_event_carries_the_background_cues(rules_nlp):
    """يذكر أن، وكان … قد، a year near the trigger: what marks a past event told as background."""
    feats = _candidates(rules_nlp, "وكان التنظيم قد تبنى الهجوم في مارس 2016.")["الهجوم"].features
    assert {"bg_pluperfect", "bg_year_near", "ASSAULT|bg_pluperfect"} <= set(feats), feats
    feats = _candidates(rules_nlp, "ويذكر أن الجيش قصف المدينة.")["قصف"].features
    assert {"bg_marker", "bg_word=يذكر"} <= set(feats) and "bg_pluperfect" not in feats, feats
    # قد before a verb with no كان before it is no pluperfect; a plain report has no cue
    feats = _candidates(rules_nlp, "وقد قصف الجيش المدينة اليوم.")["قصف"].features
    assert not any(f.startswith("bg_") for f in feats), feats


def test_an_office_named_beside_its_holder_is_the_holder():
    """The rules give the body of الناطق باسم الجبهة; the name after the comma is who spoke."""
    office = Mention(1, 6, "x:front", "Organization", True, how="role")
    person = Mention(1, 9, "x:hammami", "Person", False, how="appos")
    other = Mention(12, 14, "x:gov", "Government", True)
    d = _Draft()
    d.actor, d.target = office, other
    _named_office_holders(d, [person, other])
    assert d.actor is person and d.target is other
    d = _Draft()
    d.actor, d.target = office, None
    _named_office_holders(d, [office, other])  # no name beside the office: the body stays
    assert d.actor is office


def _m(start: int, end: int, iri: str) -> Mention:
    return Mention(start, end, iri, "Group", False)


class _Draft:
    actor = target = None
    explicit_subject = False


def test_rule_roles_win_and_the_model_may_not_reuse_them():
    victims = _m(1, 4, "x:victims")
    d = _Draft()
    d.actor, d.target = _m(1, 3, "x:other-iri"), None  # the model's actor overlaps the victims
    _keep_rule_roles(d, None, victims)  # passive قتل: the rules have no actor, a target
    assert d.target is victims and d.actor is None and not d.explicit_subject
    d = _Draft()
    army, town = _m(0, 1, "x:army"), _m(5, 6, "x:town")
    d.actor, d.target = _m(8, 9, "x:model-actor"), town
    _keep_rule_roles(d, army, None)
    assert d.actor is army and d.target is town and d.explicit_subject


# --- training ---------------------------------------------------------------------------------


def test_role_accuracy_counts_a_gold_role_no_candidate_carries():
    """A gold actor without a candidate is a miss, picked or not; both absent is no case."""
    from kg.train.extraction import Example, _role_accuracy

    model = LinearModel(
        ["none", "actor", "target"], ["near"], np.array([[0.0, 2.0, -2.0], [0.0, -1.0, -1.0]])
    )
    right = Example("s1", "dev", [], "event", roles=[(["near"], "actor"), ([], "none")])
    assert _role_accuracy(model, [right], 0.3) == 1.0  # the actor right; no target, none picked
    lost = Example("s2", "dev", [], "event", roles=[([], "none")], unreachable=["actor"])
    assert _role_accuracy(model, [right, lost], 0.3) == 0.5
    bare = Example("s3", "dev", [], "event", unreachable=["actor", "target"])
    assert _role_accuracy(model, [right, bare], 0.3) == pytest.approx(1 / 3)


def test_kg_train_extraction_smoke(tmp_path, capsys, caplog):
    """`kg train extraction` end to end on the tiny fixture: models written, loadable, used."""
    from kg.cli.train import train_main

    models = tmp_path / "models"
    argv = ["extraction", "--shared", str(tmp_path), "--models", str(models)]
    argv += ["--data", str(TINY), "--detect-gold", str(TINY / "detect.jsonl")]
    assert train_main([*argv, "--c", "1.0", "--folds", "2"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["candidates"]["train"] > 0 and report["candidates"]["detect"] > 0
    assert set(report["detect"]["detection_set_cv"]) >= {"ASSAULT", "PROTEST", "all"}
    assert json.loads((models / "report.json").read_text(encoding="utf-8"))["detect"]
    # an empty models folder has no relevance model: trained without it, and told so
    assert report["relevance"] is False and "no relevance model in" in caplog.text
    # no NER beside the models: the trees read the shipped NER's word vectors
    detector = load_model(models / "detect", ner_model_path() / "vocab")
    roles = LinearModel.from_disk(models / "roles")
    assert isinstance(detector, BlendedModel) and report["detect"]["model"] == "blended"
    assert detector.classes == ["none", "event"]
    assert roles.classes == ["none", "actor", "target"]
    assert 0 < detector.threshold < 1
    nlp = make_nlp.__wrapped__("ar", ner=False, learned=False)
    nlp.get_pipe("kg_events").grammar.decider = Decider(detector, roles)
    _doc(nlp, "قصفت الطائرات مواقع في إدلب.")  # runs: every feature name is known or ignored


def test_kg_train_extraction_selects_by_cross_validation(tmp_path, capsys):
    """``--select cv``: C and the thresholds chosen out of fold over train, models written."""
    from kg.cli.train import train_main

    models = tmp_path / "models"
    argv = ["extraction", "--shared", str(tmp_path), "--models", str(models)]
    argv += ["--data", str(TINY), "--detect-gold", str(TINY / "detect.jsonl")]
    assert train_main([*argv, "--c", "0.3,1.0", "--folds", "2", "--select", "cv"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["detect"]["select"] == report["roles"]["select"] == "cv"
    assert [c for _, c, _ in report["detect"]["tried"]] == [0.3, 1.0]
    assert len(report["roles"]["tried"]) == 2 * 5  # every C with every threshold
    assert report["detect"]["C"] in (0.3, 1.0) and 0 < report["detect"]["threshold"] < 1
    detector = load_model(models / "detect", ner_model_path() / "vocab")
    assert detector.classes == ["none", "event"]


def test_cross_validation_folds_keep_articles_whole():
    from kg.train.extraction import Example
    from kg.train.selection import fold_of

    rows = [Example(f"JA-x-{i}#{j}", "train" if j else "dev", [], "none") for i in range(40) for j in range(3)]  # fmt: skip
    by_article: dict[str, set[int]] = {}
    for e in rows:
        by_article.setdefault(e.sentence.split("#")[0], set()).add(fold_of(e, 5))
    assert all(len(f) == 1 for f in by_article.values())
    assert len({f for fs in by_article.values() for f in fs}) == 5  # 40 articles reach every fold
    assert fold_of(Example("d1", "detect2", [], "none"), 5) == 2


# --- the shipped models ------------------------------------------------------------------------


def test_shipped_models_load_offline_and_are_small():
    decider = load_decider()
    assert decider is not None and decider.roles is not None and decider.relevance is not None
    assert isinstance(decider.detector, BlendedModel)  # the trees found the NER's vectors
    total = sum(f.stat().st_size for f in model_path("detect").parent.rglob("*") if f.is_file())
    assert total <= 40e6, f"shipped models take {total / 1e6:.1f} MB"
    report = decider.detector.meta["report"]
    assert report["detection_set_cv"]["all"]["false_alarms"] <= 0.15


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصفت طائرات حربية مواقع للمسلحين في ريف إدلب صباح الثلاثاء.", ["ASSAULT"]),
        ("هاجم مسلحون مجهولون حاجزا للشرطة في مدينة العريش.", ["ASSAULT"]),
        ("تظاهر آلاف العمال أمام مقر الحكومة في تونس.", ["PROTEST"]),
        ("سجل المهاجم هدفين وقاد فريقه إلى الفوز في المباراة.", []),
        ("تحدث الفنان عن مسيرته الفنية الطويلة في السينما.", []),
    ],
)
def test_learned_pipeline_on_plain_sentences(learned_nlp, text, expected):
    events = _doc(learned_nlp, text)._.events
    assert sorted({e.event_type for e in events} & {"ASSAULT", "PROTEST"}) == expected, [
        (e.event_type, e.trigger.text) for e in events
    ]


def _mentions(nlp, text: str, trigger: str) -> list[tuple[str, str, str]]:
    cand = _candidates(nlp, text)[trigger]
    doc = cand.trigger.doc
    return [(doc[m.start : m.end].text, m.kind, m.how) for m in cand.mentions]


def test_the_subject_slot_after_a_verb_is_a_candidate(rules_nlp):
    """ودعا الوزير: an office alone; طالب شحدورة: a name no list knows (a person)."""
    assert ("الوزير", "Person", "np") in _mentions(rules_nlp, "ودعا الوزير إلى التهدئة.", "دعا")
    found = _mentions(rules_nlp, "وطالب شحدورة الأطراف النقابية بالحوار.", "طالب")
    assert found[0] == ("شحدورة", "Person", "slot"), found
    # after a verbal noun only a definite genitive or a name: not the support verb of هجوم شنه
    found = _mentions(rules_nlp, "قتل ثلاثة جنود في هجوم شنه مسلحون.", "هجوم")
    assert all(how != "slot" for _, _, how in found), found


def test_a_candidate_that_is_an_event_word_says_so_to_the_role_model(rules_nlp):
    """ودمر مقر غرفة عمليات للسيطرة: السيطرة is a taking, the headquarters is the target."""
    cand = _candidates(rules_nlp, "ودمر الطيران مقر غرفة عمليات للسيطرة.")["دمر"]
    doc = cand.trigger.doc
    pairs = zip(cand.mentions, cand.role_features, strict=True)
    feats = {doc[m.start : m.end].text: f for m, f in pairs}
    event_word = [t for t, f in feats.items() if "event_word" in f]
    assert event_word and all("سيطرة" in t for t in event_word), feats.keys()
    assert all("ASSAULT|event_word" in feats[t] for t in event_word)


def test_a_common_noun_of_a_person_or_body_is_a_candidate(rules_nlp):
    """شاب، رجلا، النيابة العمومية، إدارة المستشفى: participants no list of groups names."""
    found = _mentions(
        rules_nlp, "تمكنت الوحدات الأمنية من إيقاف شاب يبلغ من العمر 22 سنة.", "إيقاف"
    )
    assert ("شاب", "Civilians", "participant") in found, found  # not the verb after it
    found = _mentions(rules_nlp, "وأوردت الصحيفة أن رجلا يحمل فأسا هاجم ركاب القطار.", "هاجم")
    assert ("رجلا", "Civilians", "participant") in found, found
    found = _mentions(rules_nlp, "وقال إن النيابة العمومية أذنت بالاحتفاظ بشخص.", "الاحتفاظ")
    assert ("النيابة العمومية", "Organization", "participant") in found, found
    found = _mentions(rules_nlp, "وطالب المواطن إدارة المستشفى الجهوي بالتحقيق.", "طالب")
    assert ("إدارة المستشفى", "Organization", "participant") in found, found
    # the event's own trigger ends the phrase: منفذ، not منفذ الهجوم, for الهجوم
    found = _mentions(rules_nlp, "واعتقلت الشرطة منفذ الهجوم.", "الهجوم")
    assert ("منفذ", "ArmedGroup", "participant") in found, found


def test_a_toll_and_a_resumptive_verb_are_role_features(rules_nlp):
    """مقتل 4 سياح: the victims follow a casualty word; هجوم شنه مسلحون: the actor."""
    cand = _candidates(rules_nlp, "قتل ثلاثة جنود في هجوم شنه مسلحون على حاجز.")["هجوم"]
    doc = cand.trigger.doc
    feats = {
        doc[m.start : m.end].text: f for m, f in zip(cand.mentions, cand.role_features, strict=True)
    }
    assert "resumptive" in feats["مسلحون"] and "ASSAULT|resumptive" in feats["مسلحون"], feats
    assert "resumptive" not in feats["ثلاثة جنود"] and "toll_before" in feats["ثلاثة جنود"]
    assert "toll_before" not in feats["مسلحون"]


def test_an_office_and_the_name_beside_it_are_one_person(rules_nlp):
    text = "وقال المتحدث باسم الجيش الوطني، أحمد المسماري إن الطيران قصف مواقع في سرت."
    found = _mentions(rules_nlp, text, "قصف")
    assert any(how == "appos" and kind == "Person" and "المسماري" in t for t, kind, how in found), (
        found
    )


def _all_yes() -> LinearModel:
    """A detector that keeps every candidate (its bias alone says yes)."""
    return LinearModel(["none", "event"], [], np.array([[0.0, 3.0]]))


def _actors(nlp, text: str) -> list[tuple[str, str, str | None, float]]:
    grammar = nlp.get_pipe("kg_events").grammar
    try:
        grammar.decider = Decider(_all_yes())
        events = _doc(nlp, text)._.events
    finally:
        grammar.decider = None
    return [
        (e.event_type, e.trigger.text, e.actor.text if e.actor else None, e.confidence)
        for e in events
    ]


def test_a_dropped_subject_continues_the_subject_before(rules_nlp):
    """ندد الحزب … . ودعا إلى …: the party called, read from the discourse (lower confidence)."""
    found = _actors(rules_nlp, "ندد الحزب بالهجوم على المتظاهرين. ودعا إلى فتح تحقيق.")
    accuse = next(e for e in found if e[0] == "ACCUSE")
    request = next(e for e in found if e[0] == "REQUEST")
    assert accuse[2] == "الحزب" and request[2] == "الحزب", found
    assert request[3] < accuse[3]
    # a noun after the verb may be its own subject (left to the role model, absent here);
    # a paragraph break ends the discourse
    found = _actors(rules_nlp, "ندد الحزب بالهجوم. ودعا الوزير إلى التهدئة.")
    assert next(e for e in found if e[0] == "REQUEST")[2] is None, found
    found = _actors(rules_nlp, "ندد الحزب بالهجوم.\n\nودعا إلى فتح تحقيق.")
    assert next(e for e in found if e[0] == "REQUEST")[2] is None, found
    # the speaker of a reporting frame is a subject too
    found = _actors(rules_nlp, "وقال فايز السراج إن الوضع صعب. وحذر من التصعيد.")
    assert next(e for e in found if e[0] == "THREATEN")[2] == "فايز السراج", found


def test_a_coordinated_verb_shares_the_subject_of_the_verb_before(rules_nlp):
    """استهدفت الطائرات الموقع ودمرت مقرا: the planes destroyed it (the object follows دمرت)."""
    doc = _doc(rules_nlp, "استهدفت الطائرات الموقع ودمرت مقرا للمسلحين.")
    ctx = ArabicContext(doc, load_lexicon(), "t.txt", None)
    trig = {t.text: t for t in doc.spans[TRIGGERS]}
    planes = Mention(1, 2, "x:planes", "ArmedForce", False)
    first = Draft(trig["استهدفت"], "ASSAULT", None, "verb", actor=planes)
    second = Draft(trig["دمرت"], "ASSAULT", None, "verb")
    sent = trig["دمرت"].sent
    assert discourse_actor(ctx, sent, second, [], [first]) is planes
    # not when the first verb has no actor, nor for a passive second verb
    assert (
        discourse_actor(ctx, sent, second, [], [Draft(first.trigger, "ASSAULT", None, "verb")])
        is None
    )
    second.passive = True
    assert discourse_actor(ctx, sent, second, [], [first]) is None


def test_an_agent_noun_is_the_actor_of_its_own_protest(rules_nlp):
    """وردد المتظاهرون هتافات: the protesters protest, even when another trigger states it."""
    found = _actors(rules_nlp, "وخرجت مسيرات في العاصمة، وردد المتظاهرون هتافات ضد الحكومة.")
    protests = [e for e in found if e[0] == "PROTEST"]
    assert protests and all(e[2] == "المتظاهرون" for e in protests), found
    # a protest with no agent noun in its sentence keeps an empty actor
    found = _actors(rules_nlp, "وخرجت مسيرات في العاصمة ضد الحكومة.")
    assert all(e[2] is None for e in found if e[0] == "PROTEST"), found


def test_a_unit_named_with_its_place_is_the_unit_not_the_place(rules_nlp):
    """الوحدات الأمنية بسوسة، أعوان أمن بمدينة بنزرت: a force of the article serving there."""
    found = _mentions(rules_nlp, "وتمكنت الوحدات الأمنية بسوسة من إيقاف 6 أشخاص.", "إيقاف")
    assert ("الوحدات الأمنية بسوسة", "ArmedForce", "station") in found, found
    assert not any(kind == "Place" for _, kind, _ in found), found
    found = _mentions(rules_nlp, "ألقى أعوان أمن بمدينة بنزرت القبض على رجل.", "القبض")
    assert ("أعوان أمن بمدينة بنزرت", "ArmedForce", "station") in found, found
    # a place that owns no unit stays a place: قصفت الطائرات مواقع في سرت
    found = _mentions(rules_nlp, "قصفت الطائرات مواقع في سرت.", "قصفت")
    assert any(kind == "Place" and "سرت" in t for t, kind, _ in found), found


def test_linear_scores_do_not_depend_on_the_hash_seed():
    """A row's weights are summed in one order whatever Python's hash seed (float32 sums are
    not associative: 1e8 + 1 - 1e8 is 0 or 1 by the order)."""
    import subprocess
    import sys

    code = (
        "import numpy as np; from kg.extract.linear import LinearModel; "
        "feats = ['big', 'one', 'minus']; "
        "w = np.array([[1e8], [1.0], [-1e8], [0.0]]); "
        "m = LinearModel(['x'], feats, w); "
        "print(repr(float(m.scores([list(reversed(feats))])[0, 0])))"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(8)
    }
    assert len(outs) == 1, outs


def test_a_news_outlet_a_statement_was_given_to_is_no_participant(rules_nlp):
    """في تصريح لمراسل الجوهرة أف أم: the radio is where the report comes from."""
    from kg.lang.ar.grammar.decide import _drop_news_outlets, _news_outlet

    def outlet(text: str, words: str) -> bool:
        doc = _doc(rules_nlp, text)
        ctx = ArabicContext(doc, load_lexicon(), "t.txt", None)
        ws = words.split()
        i = next(k for k in range(len(doc)) if [t.text for t in doc[k : k + len(ws)]] == ws)
        return _news_outlet(ctx, Mention(i, i + len(ws), "x:m", "Organization", False))

    assert outlet(
        "وأكد الوزير في تصريح لمراسل الجوهرة أف أم أن الأمن داهم المنزل.", "الجوهرة أف أم"
    )
    assert outlet("علمت إذاعة موزاييك أن الأمن داهم المنزل.", "موزاييك")
    assert outlet("وقال في حوار مع صحيفة الشروق إن الأمن داهم المنزل.", "صحيفة الشروق")
    # an outlet that acts, and a body that is no outlet, stay
    assert not outlet("واتهمت قناة الجزيرة الحكومة بالفساد.", "قناة الجزيرة")
    assert not outlet("وقال في تصريح لمراسلنا إن الحرس الوطني داهم المنزل.", "الحرس الوطني")
    doc = _doc(rules_nlp, "وأكد في تصريح لمراسل الجوهرة أف أم أن الأمن داهم المنزل.")
    ctx = ArabicContext(doc, load_lexicon(), "t.txt", None)
    trig = next(t for t in doc.spans[TRIGGERS] if t.text == "داهم")
    radio = Mention(5, 8, "x:radio", "Organization", False)
    assert doc[5:8].text == "الجوهرة أف أم"
    draft = Draft(
        trig, "COERCE", None, "verb", actor=radio, target=Mention(11, 12, "x:h", "Group", False)
    )
    _drop_news_outlets(ctx, draft)
    assert draft.actor is None and draft.target is not None
