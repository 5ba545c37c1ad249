"""The English PLOVER gold standard: loading (old names mapped, DOCUMENT skipped) and scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import GoldError
from kg.evaluate.plover_gsr import load_plover_gsr, score_plover_gsr

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "plover_gsr_en.json"


def _write(tmp_path, records) -> Path:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(records), "utf-8")
    return path


RECORDS = [
    {"id": "d", "event": "DOCUMENT", "eventText": "internal documentation"},
    {
        "id": "a",
        "event": "FIGHT",
        "text": "Rebels shelled the capital.",
        "source": [{"actorText": "Rebels"}],
        "target": [{"actorText": "the capital"}],
    },
    {
        "id": "b",
        "event": "DEMAND",
        "text": "Egypt urged Libya to talk.",
        "source": [{"actorText": "Egypt"}],
        "target": [{"actorText": "Libya"}, {"actorText": "its rivals"}],
    },
]


def test_old_names_are_mapped_and_documents_skipped(tmp_path):
    gold = load_plover_gsr(_write(tmp_path, RECORDS))
    assert [(g.id, g.category) for g in gold] == [("a", "ASSAULT"), ("b", "REQUEST")]
    assert gold[1].events[0].targettext == "Libya its rivals"


def test_type_is_the_first_events_and_roles_overlap(tmp_path):
    gold = load_plover_gsr(_write(tmp_path, RECORDS))
    events = [
        {"article": "a", "event_type": "ASSAULT", "trigger": {"start": 7},
         "actor": {"text": "Rebels"}, "target": {"text": "Kabul"}},
        {"article": "b", "event_type": "REQUEST", "trigger": {"start": 6},
         "actor": {"text": "Egypt"}, "target": {"text": "Libya"}},
        {"article": "b", "event_type": "CONSULT", "trigger": {"start": 1}},
    ]  # fmt: skip
    r = score_plover_gsr(gold, events)
    assert (r.sentences, r.type_right, r.with_event) == (2, 1, 2)  # b's first event is CONSULT
    o = r.overlap.overall
    assert (o.detected, o.actor_overlap, o.target_overlap, o.target_total) == (2, 2, 1, 2)


@pytest.mark.parametrize("content", ["{not json", '{"a": 1}', '[{"text": "no event"}]'])
def test_a_bad_file_is_a_gold_error_naming_it(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    with pytest.raises(GoldError, match="bad.json"):
        load_plover_gsr(path)


def test_the_shared_file_loads():
    if not SHARED.exists():
        pytest.skip(f"{SHARED} not found (../shared is beside the project in CI only)")
    gold = load_plover_gsr(SHARED)
    assert len(gold) == 322 and {g.category for g in gold} >= {"ASSAULT", "REQUEST", "ACCUSE"}
    assert not {"FIGHT", "DEMAND", "DISAPPROVE", "INVESTIGATE", "DOCUMENT"} & {
        g.category for g in gold
    }
