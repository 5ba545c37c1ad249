"""What each PLOVER event type means for role assignment: the table in ``event_types.json``.

Per-type behaviour is data, not ``if type == …`` in the grammar: whether the genitive of an
event noun is its actor or its target, whether a place can be the target, whether the
content of the trigger is irrealis (a call, a warning), and so on (the ``_fields`` of the JSON
file explain each). ``needs_actor`` and ``material`` follow from the type's quad class in the
ontology: a statement without a speaker is no event, and a material act can be described by
the noun before its verb.

>>> EVENT_TYPES["ASSAULT"].noun_genitive, EVENT_TYPES["ACCUSE"].needs_actor
('target', True)
>>> EVENT_TYPES["PROTEST"].target_from
('REQUEST', 'ACCUSE', 'REJECT')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from kg.vocab import PLOVER_TYPES, QUAD_CLASSES

__all__ = ["EventType", "EVENT_TYPES"]


@dataclass(frozen=True)
class EventType:
    """The role-assignment behaviour of one PLOVER type (see ``event_types.json``)."""

    code: str
    needs_actor: bool
    material: bool
    noun_genitive: str = "actor"
    place_can_be_target: bool = True
    content_irrealis: bool = False
    noun_restates_event: bool = False
    against_target: bool = False
    actor_from_agent_nouns: bool = False
    target_from: tuple[str, ...] = ()


def _load() -> dict[str, EventType]:
    raw = json.loads((resources.files("kg.extract") / "event_types.json").read_text("utf-8"))
    defaults = raw["_defaults"]
    unknown = {k for k in raw if not k.startswith("_")} - set(PLOVER_TYPES)
    if unknown:
        raise ValueError(f"event_types.json: not PLOVER types: {sorted(unknown)}")
    table = {}
    for code in PLOVER_TYPES:
        fields = {**defaults, **raw.get(code, {})}
        if fields["noun_genitive"] not in ("actor", "target"):
            raise ValueError(f"event_types.json: {code}.noun_genitive must be actor or target")
        fields["target_from"] = tuple(fields["target_from"])
        quad = QUAD_CLASSES[code]
        table[code] = EventType(
            code=code,
            needs_actor=quad.startswith("Verbal"),
            material=quad.startswith("Material"),
            **fields,
        )
    return table


#: PLOVER code → its :class:`EventType`.
EVENT_TYPES: dict[str, EventType] = _load()
