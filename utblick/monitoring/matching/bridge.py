"""The bilingual bridge: Swedish words of steering documents → English words of EU calls.

The profiles are Swedish and the calls English, so a Swedish query is expanded with the
English words an EU call would use for the same thing. The list is curated by hand for the
domain (municipal international work and EU programmes), small on purpose, and documented
in docs/funding-calls.md; add a line where a profile's word finds nothing it should.

How a Swedish word matches a key (lower-case, with å, ä and ö folded to a, a and o so that
the ASCII tags of a profile — "tillvaxt-naringslivet" — match too):

* a key of several words ("barn och unga") matches that sequence of words;
* a one-word key matches a word with the same Swedish Snowball stem ("medborgare" →
  "medborgarna"), or a word that begins with the key ("kultur" → "kulturutbyte": the first
  part of a compound), or — for keys of five letters or more — a word that ends with it
  ("utveckling" → "verksamhetsutveckling", "hälsa" → "folkhälsa");
* stop words ("och", "kommunen" …) match no one-word key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from utblick.monitoring.matching.text import SWEDISH_STOP, swedish_stem

# (Swedish key, English words). English words joined by "_" are a phrase ("civil_society"):
# they match those words next to each other in a call, not each word anywhere.
TERMS: tuple[tuple[str, str], ...] = (
    # People and groups
    ("barn och unga", "children youth young_people"),
    ("barn och ungdomar", "children youth young_people"),
    ("barn", "children child"),
    ("unga", "youth young_people"),
    ("ungdom", "youth young_people"),
    ("elev", "pupils school"),
    ("skolelev", "pupils school"),
    ("lärare", "teachers"),
    ("medborgare", "citizens civic"),
    ("invånare", "citizens residents"),
    ("medarbetare", "staff employees"),
    ("anställda", "staff employees"),
    ("förtroendevald", "elected_representatives politicians"),
    ("politiker", "politicians elected_representatives"),
    ("äldre", "older_people ageing"),
    ("nyanlända", "newcomers migrants refugees integration"),
    ("flykting", "refugees migrants"),
    ("volontär", "volunteering volunteers solidarity"),
    ("frivillig", "volunteering"),
    # Education, skills, learning
    ("utbildning", "education training"),
    ("yrkesutbildning", "vocational_education vocational_training"),
    ("vuxenutbildning", "adult_education adult_learning"),
    ("skola", "school education"),
    ("skol", "school"),
    ("förskola", "early_childhood"),
    ("kompetensutveckling", "skills training upskilling"),
    ("kompetenshöjning", "skills training upskilling"),
    ("kompetens", "skills competence"),
    ("kunskap", "knowledge"),
    ("kunskapsutbyte", "knowledge exchange peer_learning good_practices"),
    ("kunskapsöverföring", "knowledge_transfer exchange good_practices"),
    ("erfarenhet", "experience good_practices"),
    ("utbyte", "exchange exchanges"),
    ("lärdom", "lessons learning"),
    ("projektledning", "project_management capacity_building"),
    ("talang", "talent"),
    ("forskning", "research"),
    ("universitet", "university higher_education"),
    # Culture, leisure, sport
    ("kultur", "culture cultural"),
    ("kulturarv", "cultural_heritage heritage"),
    ("olika kulturer", "intercultural intercultural_dialogue"),
    ("fritid", "leisure sport"),
    ("idrott", "sport"),
    ("bibliotek", "libraries"),
    ("museum", "museums"),
    ("museer", "museums"),
    # Democracy, rights, society
    ("demokrati", "democracy democratic"),
    ("delaktighet", "participation engagement"),
    ("inflytande", "participation"),
    ("fred", "peace"),
    ("solidaritet", "solidarity"),
    ("mänskliga rättigheter", "human_rights"),
    ("jämställdhet", "gender_equality"),
    ("jämlikhet", "equality"),
    ("diskriminering", "discrimination equality"),
    ("inkludering", "inclusion"),
    ("mångfald", "diversity"),
    ("civilsamhälle", "civil_society"),
    ("idéburen", "civil_society associations"),
    ("idéburna", "civil_society associations"),
    ("förening", "associations civil_society"),
    ("samhälle", "society communities"),
    ("integration", "integration migrants"),
    ("migration", "migration migrants"),
    ("social", "social_inclusion"),
    ("sociala", "social_inclusion"),
    ("sysselsättning", "employment jobs"),
    ("arbetsmarknad", "labour_market employment"),
    ("arbetsgivare", "employer workforce"),
    ("ukraina", "ukraine"),
    # Health and care
    ("hälsa", "health"),
    ("folkhälsa", "public_health health_promotion health"),
    ("psykisk", "mental_health"),
    ("omsorg", "care"),
    ("vård", "care health"),
    # Environment, climate, energy, transport
    ("miljö", "environment environmental"),
    ("klimat", "climate"),
    ("klimatanpassning", "climate_adaptation resilience"),
    ("hållbar", "sustainable sustainability"),
    ("hållbarhet", "sustainability sustainable"),
    ("ekologisk", "environmental ecological green"),
    ("energi", "energy"),
    ("naturvård", "nature biodiversity"),
    ("naturmiljö", "nature biodiversity"),
    ("biologisk mångfald", "biodiversity"),
    ("vatten", "water"),
    ("avfall", "waste circular_economy"),
    ("cirkulär", "circular_economy"),
    ("transport", "transport"),
    ("trafik", "transport"),
    ("kollektivtrafik", "public_transport"),
    ("krisberedskap", "preparedness resilience"),
    ("säkerhet", "security safety"),
    # Place: city, region, countryside
    ("stad", "city cities urban"),
    ("städer", "cities urban"),
    ("stadsutveckling", "urban_development urban"),
    ("stadens utveckling", "urban_development urban"),
    ("kommuner", "municipalities towns local_authorities"),
    ("lokal", "local"),
    ("lokala", "local"),
    ("regional", "regional regions"),
    ("regionala", "regional regions"),
    ("regionen", "region regional"),
    ("regional utveckling", "regional_development"),
    ("regionala utvecklingen", "regional_development"),
    ("landsbygd", "rural"),
    ("bostad", "housing"),
    ("bostäder", "housing"),
    ("boende", "housing"),
    ("vänort", "twin_towns town_twinning twinning"),
    ("vänorter", "twin_towns town_twinning twinning"),
    ("partnerstad", "twin_towns partner_cities"),
    ("gränsöverskridande", "cross_border interregional"),
    # Economy and business
    ("näringsliv", "business sme enterprises entrepreneurship"),
    ("företag", "business companies sme"),
    ("företagande", "entrepreneurship business"),
    ("entreprenörskap", "entrepreneurship"),
    ("tillväxt", "growth"),
    ("investering", "investment"),
    ("etablering", "investment attract"),
    ("innovation", "innovation"),
    ("turism", "tourism visitors"),
    ("besöksmål", "tourism destination visitors"),
    ("besöksnäring", "tourism visitors"),
    ("handel", "trade"),
    ("export", "export internationalisation"),
    ("attraktiv", "attractiveness attract"),
    ("attraktionskraft", "attractiveness attract"),
    ("profilering", "visibility profile"),
    ("marknadsföra", "marketing visibility"),
    ("synliggöra", "visibility"),
    ("styrkeområde", "strengths smart_specialisation"),
    ("konferens", "conferences"),
    ("kongress", "conferences congresses"),
    ("studiebesök", "study_visits"),
    ("seminarier", "seminars"),
    # Public administration and EU work
    ("verksamhetsutveckling", "public_services capacity_building innovation"),
    ("digitalisering", "digital digitalisation"),
    ("digital", "digital"),
    ("förvaltning", "public_administration administration"),
    ("offentlig", "public_sector"),
    ("nätverk", "networks network"),
    ("nätverksbyggande", "networks networking"),
    ("samarbete", "cooperation"),
    ("samarbetsavtal", "cooperation_agreements"),
    ("samverka", "cooperation"),
    ("samarbetspartner", "partners partnerships"),
    ("partnerskap", "partnerships"),
    ("påverka", "influence advocacy"),
    ("politisk", "political"),
    ("omvärld", "foresight"),
    ("intressebevakning", "advocacy"),
    ("lagstiftning", "legislation"),
    ("positionspapper", "position_papers"),
    ("remiss", "consultation"),
    ("extern finansiering", "funding"),
    ("finansier", "funding funded"),
    ("fonder", "funds funding"),
    ("fondprogram", "funding_programmes"),
    ("information", "information communication awareness"),
    ("informera", "information communication awareness"),
    ("kommunikation", "communication"),
    ("media", "media"),
    ("medier", "media"),
)


_FOLD = str.maketrans("åäöéü", "aaoeu")


def fold(word: str) -> str:
    return word.lower().translate(_FOLD)


_FOLDED_TERMS = tuple((fold(key), fold(swedish_stem(key)), key, english) for key, english in TERMS)


@dataclass(frozen=True)
class Expansion:
    """English words a Swedish text stands for, each with the Swedish words it came from."""

    english: dict[str, tuple[str, ...]]  # English word or phrase -> Swedish sources
    counts: dict[str, int]  # English word -> how many Swedish words gave it

    def words(self) -> list[str]:
        return list(self.english)


def _matches(key: str, key_stem: str, word: str, word_stem: str) -> bool:
    if word_stem == key_stem or word.startswith(key):
        return True
    return len(key) >= 5 and word.endswith(key)


def expand(swedish_words: Iterable[str]) -> Expansion:
    """The English words the bridge gives for a sequence of Swedish words (stop words included,
    so that phrases such as "barn och unga" are found)."""
    original = [word.lower() for word in swedish_words]
    sequence = [fold(word) for word in original]
    content = [
        (position, word, folded, fold(swedish_stem(word)))
        for position, (word, folded) in enumerate(zip(original, sequence, strict=True))
        if word not in SWEDISH_STOP
    ]
    found: dict[str, list[str]] = {}
    counts: Counter[str] = Counter()
    seen: set[tuple[str, int]] = set()  # a Swedish word counts once for each English word

    def add(english: str, source: str, position: int) -> None:
        for word in english.lower().split():
            word = word.replace("_", " ")
            if (word, position) not in seen:
                seen.add((word, position))
                counts[word] += 1
            sources = found.setdefault(word, [])
            if source not in sources:
                sources.append(source)

    for key, key_stem, label, english in _FOLDED_TERMS:
        parts = key.split()
        if len(parts) > 1:
            width = len(parts)
            for i in range(len(sequence) - width + 1):
                if sequence[i : i + width] == parts:
                    add(english, label, i)
            continue
        for position, word, folded, stem in content:
            if _matches(key, key_stem, folded, stem):
                add(english, word, position)
    return Expansion(
        english={word: tuple(sources) for word, sources in found.items()}, counts=dict(counts)
    )
