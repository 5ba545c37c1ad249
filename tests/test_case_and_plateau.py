"""The case ending a role candidate shows, and the per-type threshold at the middle of its plateau."""

from __future__ import annotations

import pytest
from kgfixtures_ar import trigger_candidate

from kg.lang import make_nlp
from kg.train.thresholds import best_event_threshold, plateau_threshold, type_thresholds


@pytest.fixture(scope="module")
def nlp():
    return make_nlp.__wrapped__("ar", ner=False, learned=False)


def _case_of(nlp, text: str, trigger: str) -> dict[str, str]:
    """Candidate text → its ``case_side=`` feature (the candidates that have one)."""
    doc, cand = trigger_candidate(nlp, text, trigger)
    out = {}
    for m, feats in zip(cand.mentions, cand.role_features, strict=True):
        sides = [f.split("=", 1)[1] for f in feats if f.startswith("case_side=")]
        if sides:
            out[doc[m.start : m.end].text] = sides[0]
    return out


def test_a_nominative_plural_after_a_verb_and_an_accusative_object(nlp):
    cases = _case_of(nlp, "هاجم مسلحون مجهولون حاجزا أمنيا قرب الحدود.", "هاجم")
    assert any(v == "nom:after:verb:active" for k, v in cases.items() if "مسلحون" in k), cases
    assert any(v == "acc:after:verb:active" for k, v in cases.items() if "حاجزا" in k), cases


def test_an_oblique_plural_is_read_as_such(nlp):
    cases = _case_of(nlp, "واعتقلت الشرطة عددا من المتظاهرين أمس.", "اعتقلت")
    assert any(v.startswith("obl:after:") for k, v in cases.items() if "المتظاهرين" in k), cases


def test_names_show_no_case(nlp):
    cases = _case_of(nlp, "قصفت إسرائيل مواقع في فلسطين.", "قصفت")
    assert not any("فلسطين" in k or "إسرائيل" in k for k in cases), cases


def _two_peaks(drop: int = 0) -> tuple[list[float], list[bool]]:
    """A held-out curve with two near-tied peaks far apart (REQUEST's shape), less ``drop`` rows.

    At 0.8: 60 events and 10 others (F1 0.706); at 0.45, 20 events and 37 − ``drop`` others
    more (F1 0.705, or 0.711 with two fewer); at 0.1 the rest.
    """
    groups = [(0.8, 60, 10), (0.45, 20, 37 - drop), (0.1, 20, 200)]
    s = [x for x, yes, no in groups for x in [x] * (yes + no)]
    g = [b for _, yes, no in groups for b in [True] * yes + [False] * no]
    return s, g


def test_the_plateau_stays_where_the_argmax_jumps_between_near_ties():
    before, after = _two_peaks(), _two_peaks(drop=2)
    assert best_event_threshold(*before, [1.0] * len(before[0]))[0] == 0.8
    assert best_event_threshold(*after, [1.0] * len(after[0]))[0] == 0.45
    assert plateau_threshold(*before) == plateau_threshold(*after) == 0.625
    # the role model's rightness weighs the events: with half of the low peak's events
    # wrong, only the high peak is within the tie
    right = [1.0] * 70 + [0.5] * 57 + [1.0] * 220
    assert plateau_threshold(*before, right) == 0.8


class _Row:
    def __init__(self, etype: str, event: bool) -> None:
        self.event_type, self.label = etype, "event" if event else "none"


def test_type_thresholds_skips_small_types_and_the_default():
    s, g = _two_peaks()
    rows = [_Row("ASSAULT", x) for x in g] + [_Row("AID", True)] * 5
    scores = s + [0.9] * 5
    assert type_thresholds(rows, scores, 0.5) == {"ASSAULT": 0.625}
    assert type_thresholds(rows, scores, 0.625) == {}
