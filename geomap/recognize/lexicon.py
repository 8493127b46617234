"""Word lists and name facts for toponym recognition (see :mod:`geomap.recognize.recognizer`).

Closed word classes written by the geomap authors (titles, organisation heads, calendar words,
function words, place cues), data lists from ``data/`` (common English words that are also
place names, given names, known dotted abbreviations) and what the gazetteer says of a name
(a country, a demonym, a well-known place).
"""

from __future__ import annotations

from functools import lru_cache

from .._paths import data_file
from ..gazetteer import get_gazetteer, normalize
from ..gazetteer.store import ALT, DEMONYM

NAME_PREFIXES = {"st.", "mt.", "ft.", "pt."}

CALENDAR = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "today",
    "christmas", "easter", "ramadan", "thanksgiving",
}

# Words before a capitalized name that make it a person.
PERSON_TITLES = {
    "president", "governor", "gov", "senator", "sen", "rep", "representative", "mr", "mrs", "ms", "dr",
    "secretary", "minister", "mayor", "general", "gen", "col", "colonel", "sgt", "sergeant", "lt",
    "lieutenant", "capt", "captain", "officer", "judge", "justice", "pope", "king", "queen", "prince",
    "princess", "sheriff", "coach", "rev", "reverend", "father", "sister", "brother", "chief", "chairman",
    "commissioner", "spokesman", "spokeswoman", "deputy", "detective", "trooper", "attorney", "prof",
    "professor", "sir", "lord", "lady", "saint", "prime", "chancellor", "ambassador", "envoy", "director",
    "leader", "speaker", "councilman", "councilwoman", "superintendent", "principal", "pastor", "bishop",
    "archbishop", "imam", "rabbi", "sheikh", "emir", "ayatollah", "cardinal", "dean", "host", "actor",
    "actress", "singer", "author", "writer", "player", "pitcher", "quarterback", "manager", "ceo",
    "founder", "son", "daughter", "wife", "husband", "mother", "uncle", "aunt", "cousin", "major", "maj",
    "cpl", "corporal", "pvt", "private", "adm", "admiral", "commander", "cmdr", "brig", "brigadier", "marshal",
    "spokesperson", "sultan", "shaikh", "mullah", "maulana", "hajji", "mufti",
}

# Words that make a capitalized run an organisation or a facility rather than a person; a place
# name in front of them is still a toponym ("Dublin City Council", "Ohio State University").
ORG_HEADS = {
    "university", "college", "school", "academy", "hospital", "church", "company", "corp", "corporation",
    "inc", "ltd", "llc", "department", "police", "council", "party", "club", "bank", "airlines", "airways",
    "times", "post", "news", "herald", "journal", "tribune", "gazette", "daily", "press", "telegraph",
    "observer", "chronicle", "review", "magazine", "tv", "radio", "network", "institute", "foundation",
    "association", "society", "union", "federation", "league", "team", "fc", "united", "city fc",
    "senate", "assembly", "legislature", "congress", "parliament", "court", "board", "commission",
    "agency", "authority", "ministry", "office", "bureau", "service", "services", "group", "center",
    "centre", "museum", "library", "stadium", "arena", "mall", "hotel", "restaurant", "theatre", "theater",
    "street", "avenue", "road", "boulevard", "drive", "lane", "highway", "freeway", "bridge", "tech",
    "state", "symphony", "orchestra", "festival", "fair", "prize", "award", "awards", "cup", "open",
    "games", "times-dispatch", "register", "sun", "star", "examiner", "bee", "inquirer", "courier",
    "republic", "sentinel", "standard", "guardian", "express", "mirror", "globe", "record", "reporter",
    "enquirer", "democrat", "republican", "monitor", "bulletin", "weekly", "online", "today", "now",
    "county school", "schools", "district", "jail", "prison", "airport", "station", "temple",
    "mosque", "synagogue", "cathedral", "cemetery", "park", "zoo", "lake", "river", "mountain",
}

# Capitalized words that are never places on their own in news text.
NON_PLACES = {
    "nato", "un", "isis", "isil", "hamas", "hezbollah", "taliban", "al qaeda", "fbi", "cia", "nasa",
    "god", "allah", "jesus", "christ", "bible", "koran", "internet", "web", "twitter", "facebook",
    "western", "eastern", "northern", "southern", "central", "north", "south", "east", "west",
    "mr", "mrs", "ms", "dr", "st", "i", "a", "an", "the", "we", "us", "he", "she", "it", "they", "you",
    "governor", "president", "will", "bill", "may", "said", "new", "old", "more", "most",
    "earth", "heaven", "hell", "downtown", "uptown", "midtown",
    "democrats", "republicans", "democrat", "republican", "congress", "senate", "white house", "pentagon",
    "kremlin", "parliament", "police", "army", "navy", "air force", "marines", "national guard",
    "olympics", "olympic", "world cup", "super bowl", "google", "apple", "microsoft", "amazon",
    "christian", "christians", "muslim", "muslims", "jewish", "jews", "catholic", "catholics", "islamic",
    "sunni", "shiite", "shia", "arab", "arabs", "latino", "latinos", "hispanic", "hispanics", "black",
    "white", "english language", "northeast", "northwest", "southeast", "southwest", "northeastern",
    "northwestern", "southeastern", "southwestern", "duma", "obama", "xinhua", "reuters", "irna", "tass", "interfax", "yonhap", "bernama",
    "kyodo", "ahram", "wafa", "toyota", "honda",
    "nissan", "mazda", "subaru", "hyundai", "nokia", "centre", "center", "metro", "miss",
}

# Words right before a name that make it a place.
PLACE_PREPOSITIONS = {"in", "at", "near", "from", "to", "into", "outside", "across", "toward", "towards",
                      "via", "around", "throughout", "within", "through", "between", "over", "inside",
                      "visited", "visit", "leaving", "left", "reached", "entered", "bombed", "struck", "hit"}

# Capitalized only because they open a sentence.
FUNCTION_WORDS = {
    "the", "a", "an", "in", "on", "at", "but", "and", "or", "this", "that", "these", "those", "for", "from",
    "to", "with", "by", "as", "after", "before", "when", "while", "if", "of", "it", "its", "he", "she",
    "they", "we", "i", "his", "her", "their", "our", "my", "there", "here", "then", "so", "yet", "also",
    "both", "each", "every", "all", "some", "many", "most", "no", "not", "since", "during", "under", "over",
    "about", "according", "meanwhile", "however", "although", "though", "because", "until", "near",
    "outside", "inside", "across", "between", "among", "last", "next", "other", "such", "what", "who",
    "which", "where", "why", "how", "one", "two", "three", "several", "former", "local", "police",
    "officials", "residents", "like", "unlike", "despite", "instead", "even", "just", "only", "now",
}

PLACE_NOUNS_BEFORE = ("city of", "town of", "village of", "province of", "state of", "region of",
                      "county of", "capital of", "port of", "suburb of", "district of", "island of",
                      "republic of", "kingdom of", "outskirts of")

PLACE_SUFFIX_WORDS = ("-based", "-born", "-area", "-bound")
# Words right after a name that make it a place: "Concord residents", "Oxford Police".
PLACE_NOUNS_AFTER = frozenset((
    "resident", "residents", "native", "natives", "police", "mayor", "council", "county", "city", "town",
    "township", "area", "officials", "neighborhood", "neighbourhood", "suburb", "suburbs", "streets",
    "airport", "harbor", "harbour", "region", "district", "province", "governorate", "oblast",
))
# Compass words: "Northeast Georgia" is not a person, and "Northeast" alone is not a place.
COMPASS_WORDS = frozenset((
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "northern",
    "southern", "eastern", "western", "northeastern", "northwestern", "southeastern", "southwestern",
    "central", "upper", "lower", "greater", "metropolitan", "historic", "downtown", "new",
))
# Abbreviated ranks and titles written with a dot ("Maj.", "Gen."): never a town.
RANK_ABBREVIATIONS = frozenset((
    "maj", "gen", "col", "lt", "sgt", "capt", "cpl", "pvt", "adm", "cmdr", "gov", "sen", "rep", "rev", "dr",
    "mr", "mrs", "ms", "prof", "supt", "insp", "det", "brig", "cdr", "lieut", "atty", "pres", "sec", "hon",
    "sens", "reps", "govs", "gens", "messrs",
))
# Words right after a name that make it something named after the place: an agency, a disease, a
# weather pattern ("US Geological Survey", "Xinhua news agency", "Marburg virus", "Moscow Railway").
NAMED_AFTER_PLACE = (
    " Geological Survey", " news agency", " News Agency", " Railway", " Railways", " virus", " fever",
    " disease", " flu ", " flu,", " flu.", " variant", " strain", " syndrome", " Emergency Situations",
)
# Multi-word names that are never places; their words are not places either ("Red Cross", "El Niño").
NON_PLACE_PHRASES = frozenset((
    "red cross", "red crescent", "el nino", "la nina", "anadolu agency", "ria novosti", "wal mart", "united russia", "state duma",
    "united way", "coca cola", "rolls royce", "mercedes benz", "harley davidson", "st patricks day",
))


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """One-word place names that are also common lowercase English words (data/common_words.txt)."""
    return _word_list("common_words.txt")


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Given names, lower case (data/first_names.txt): "Tyler Peterson" is a person, Tyler a town."""
    return _word_list("first_names.txt")


def _word_list(name: str) -> frozenset[str]:
    path = data_file(name)
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8").splitlines()
                     if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def known_abbreviations() -> frozenset[str]:
    """Dotted abbreviations listed in data/aliases.tsv ("w.va.", "u.s.", "calif."), lower case, no spaces."""
    out = set(NAME_PREFIXES)
    for line in data_file("aliases.tsv").read_text(encoding="utf-8").splitlines():
        alias = line.split("\t", 1)[0]
        if "." in alias and not line.startswith("#"):
            out.add(alias.lower().replace(" ", ""))
    return frozenset(out)


@lru_cache(maxsize=50_000)
def _strong_key(key: str) -> bool:
    gaz = get_gazetteer()
    for e, k in gaz.lookup_keys([key]).get(key, ()):
        if e.feature in ("country", "continent", "region") and k != ALT:
            return True
        if e.feature in ("city", "admin1") and e.population >= 100_000 * (3 if e.feature == "admin1" else 1) \
                and k != ALT:
            return True
    return False


@lru_cache(maxsize=50_000)
def _kinds_features(key: str) -> frozenset[tuple[int, str]]:
    return frozenset((k, e.feature) for e, k in get_gazetteer().lookup_keys([key]).get(key, ()))


def is_country(surface: str) -> bool:
    """Whether a name is a country's name (not only an alternate name)."""
    return any(f == "country" and k != ALT for k, f in _kinds_features(normalize(surface)))


@lru_cache(maxsize=50_000)
def is_demonym_or_country(surface: str) -> bool:
    """Whether a word is a known demonym ("Russian", "Israelis") or a country's name, in one memoized call
    (people's names are checked word by word)."""
    return any(k == DEMONYM or (f == "country" and k != ALT) for k, f in _kinds_features(normalize(surface)))


@lru_cache(maxsize=50_000)
def _sizable_key(key: str) -> bool:
    return any(e.population >= 50_000 or e.feature in ("country", "admin1", "region", "continent")
               for e, _k in get_gazetteer().lookup_keys([key]).get(key, ()))


def is_sizable(surface: str) -> bool:
    """A place of 50,000 people or more, or an area, by any of its names (alternate names too)."""
    return _sizable_key(normalize(surface))


def is_area(surface: str) -> bool:
    """Whether a name is a country's or a first-level division's own name ("Georgia", "Israel")."""
    return any(f in ("country", "admin1") and k != ALT for k, f in _kinds_features(normalize(surface)))


def is_strong(surface: str) -> bool:
    """A well-known place name: a country, first-level division, region or city of 100,000+."""
    return _strong_key(normalize(surface))
