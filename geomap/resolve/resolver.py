"""Choosing the place each toponym mention refers to, in the context of the whole document.

Each candidate gets a score in log10 units: a prior (population, feature class, how the name
matched, the words around the mention: "the city of X", "the X region"), an explicit container
("Springfield, Illinois", "Paris, Texas"), and a bonus when a candidate of another name lies within
30 km ("Paris" + "Henry County" -> Tennessee). Then the context: the countries and first-level
divisions the document is about, closeness to the other places it names, cues of a country's local
news, and the user's ``--country`` hint. The first scores (without context) give the document's
focus; the candidates are then scored again with it. Context is bounded: it cannot lift a candidate
over one whose prior is several orders of magnitude larger (a village named "Lebanon" near the
document's other places does not beat the country). All mentions of one name get the same place.
A mention with no candidate stays unresolved, with a reason, rather than being guessed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ..gazetteer import Entry, get_gazetteer, normalize
from ..gazetteer.store import ABBR, ALT, DEMONYM
from ..model import Place
from .context import BY_SCORE, CONTEXT, ScoredCandidate, add_pair_bonus, new_candidate, rescore_in_context

# --- tuned numbers (log10 units unless said; tuned on LGL given spans, confirmed on TR-News and
# ../shared/realnews/dev.jsonl)
W_PRIOR = 0.4  # weight of log10(effective population); LGL
COUNTRY_FLOOR, COUNTRY_FACTOR = 3e6, 30  # a country counts as at least 3 M people, x30: beats any namesake town
CONTINENT_EFF, REGION_EFF, LANDMARK_EFF = 3e8, 1e8, 3e7  # area features without a population
ADMIN1_FACTOR = 2  # a first-level division beats its own capital of the same name only with a division cue
ADMIN2_CUED, ADMIN2_BARE = 50, 1 / 20  # "Henry County" vs a bare "Henry" that is also a county
CAPITAL_FACTOR = 30  # a national capital beats a state or province of its name ("Washington"); LGL
ALT_PENALTY = 30  # a name that is only an alternate name of the place; LGL
CUE_PENALTY = 100  # a city where the text says "the X region", a division where it says "the city of X"
CONTAINER_ADMIN1, CONTAINER_COUNTRY = 4.0, 2.5  # "Springfield, Illinois" / "Kharkiv, Ukraine"
PRUNE = 10  # candidates per name kept after the context-free pass; speed, no loss on LGL
NAMESAKE_MARGIN = 0.05  # a city takes the place of the division named after it (Herat, Zaporizhzhia) ...
NAMESAKE_MIN_SHARE = 0.2  # ... when it holds this share of the division's people (not Quebec City); TR-News

_DIVISION_WORDS = re.compile(r"\b(county|parish|district|oblast|province|region|governorate|prefecture|"
                             r"borough|township|raion|municipality|state)\b", re.I)
_DIVISION_AFTER = re.compile(r"[ -](?:region|oblast|province|governorate|prefecture|district|raion|krai|"
                             r"Region|Oblast|Province|Governorate|Prefecture|District|Raion|Krai)\b")
_DIVISION_INITIALS = frozenset("roPpgdkRODGK")
_DIVISION_BEFORE = re.compile(r"\b(?:province|region|governorate|prefecture|oblast|district) of\s+(?:the\s+)?$", re.I)
_CITY_BEFORE = re.compile(r"\b(?:city|town|village|mayor|outskirts|suburbs?|downtown|centre|center) of\s+(?:the\s+)?$",
                          re.I)
_CITY_AFTER = re.compile(r" city\b")
_DIVISION_SUFFIX = re.compile(r"\s+(?:Region|Oblast|Province|Governorate|Prefecture|Krai|State|region|oblast|"
                              r"province|governorate|prefecture|krai|state)$")
_CONTAINER = re.compile(r"\s*,\s*((?:[A-Z][\w.'\u2019-]*\.?)(?:\s+[A-Z][\w.'\u2019-]*\.?){0,3})")
_DIVISIONS = ("admin1", "admin2")

DIVISION, CITY = "division", "city"  # what the words around a mention say it is


class NameUnit:
    """All mentions of one name in a document: its lookup key, its first surface form, where each
    mention ends, how many there are, and what the words around them say it is (DIVISION, CITY or None)."""

    __slots__ = ("key", "surface", "ends", "count", "cue")

    def __init__(self, key: str, surface: str, end: int, cue: str | None) -> None:
        self.key, self.surface, self.ends, self.count, self.cue = key, surface, [end], 1, cue


def _is_code(surface: str) -> bool:
    """A short all-caps code ("US", "EU", "U.K."): read as an abbreviation only."""
    code = surface.replace(".", "")
    return len(code) <= 3 and code.isupper()


def _feature_cue(text: str, start: int, end: int) -> str | None:
    """DIVISION for "the X region", "X Oblast", "the province of X"; CITY for "the city of X", "X city"."""
    nxt = text[end:end + 1]
    after = text[end + 1:end + 2]  # the first letter of the next word: most mentions need no regex
    if (nxt == " " or nxt == "-") and after in _DIVISION_INITIALS and _DIVISION_AFTER.match(text, end):
        return DIVISION
    surface = text[start:end]
    if " " in surface and _DIVISION_WORDS.search(surface):
        return DIVISION
    if text.endswith(" of ", 0, start) or text.endswith(" of the ", 0, start):
        before = text[max(0, start - 24):start]
        if _DIVISION_BEFORE.search(before):
            return DIVISION
        if _CITY_BEFORE.search(before):
            return CITY
    if nxt == " " and after == "c" and _CITY_AFTER.match(text, end):
        return CITY
    return None


def _prior(e: Entry, kind: int, surface: str, cue: str | None = None) -> float:
    """Context-free score of a candidate: log10 of an 'effective population'.

    ``cue``: what the words around the mention say it is (DIVISION, CITY or None).
    """
    pop = max(e.population, 1)
    f = e.feature
    if f == "country":
        eff = max(pop, COUNTRY_FLOOR) * COUNTRY_FACTOR
    elif f == "continent":
        eff = CONTINENT_EFF
    elif f == "region":
        eff = REGION_EFF
    elif f == "landmark":
        eff = LANDMARK_EFF
    elif f == "admin1":
        eff = pop * ADMIN1_FACTOR
    elif f == "admin2":
        eff = pop * (ADMIN2_CUED if cue == DIVISION else ADMIN2_BARE)
    else:  # city
        eff = pop * (CAPITAL_FACTOR if e.feature_code == "PPLC" else 1)
        if cue == DIVISION and (not _DIVISION_WORDS.search(surface)  # "the Kursk region"
                                or not normalize(e.name).endswith(normalize(surface))):  # "Henry County"
            eff /= CUE_PENALTY
    if cue == CITY and f in _DIVISIONS:
        eff /= CUE_PENALTY
    if kind == 1:  # ALT
        eff /= ALT_PENALTY
    return math.log10(eff + 10)


def _containers(text: str, end: int, gaz) -> tuple[tuple[str, str, str], ...]:
    """Countries/divisions named right after a mention: 'Springfield, Illinois', 'Kharkiv, Ukraine'.

    Returns (feature, country_code, admin1_code) of each entry the following name may be.
    """
    m = _CONTAINER.match(text, end)
    if not m:
        return ()
    words = m.group(1).split()
    for n in range(len(words), 0, -1):
        key = normalize(" ".join(words[:n]))
        hits = gaz.lookup_keys([key]).get(key, ())
        if hits:
            return tuple((c.feature, c.country_code, c.admin1_code) for c, _k in hits
                         if c.feature in ("country", "admin1"))
    return ()


def _container_bonus(e: Entry, containers) -> float:
    """Bonus for a candidate that lies inside a container named right after the mention."""
    best = 0.0
    for feature, cc, a1 in containers:
        if cc != e.country_code:
            continue
        if feature == "admin1" and a1 == e.admin1_code and e.feature in ("city", "admin2"):
            return CONTAINER_ADMIN1
        if feature == "country" and e.feature != "country":
            best = CONTAINER_COUNTRY
    return best


def _candidates(gaz, surface: str) -> tuple[tuple[Entry, int], ...]:
    """Candidates of a name that has no direct match: "the X", possessives, "X City", "X Region"."""
    for alt in (re.sub(r"^the\s+", "", surface, flags=re.I), re.sub(r"['\u2019]s$", "", surface),
                re.sub(r"\s+(City|Town|Township)$", "", surface)):
        if alt != surface:
            k = normalize(alt)
            hits = gaz.lookup_keys([k]).get(k)
            if hits:
                return hits
    base = _DIVISION_SUFFIX.sub("", surface)
    if base != surface:  # "Kursk Region": the division, found through its namesake city when needed
        k = normalize(base)
        hits = gaz.lookup_keys([k]).get(k, ())
        return _divisions_of(gaz, base, hits)
    return _transliteration_candidates(gaz, normalize(surface))


# Spellings that transliterations of one name differ by ("Gorodische" / "Gorodishche", "Oktyabrsky" /
# "Oktyabrskiy", "Qasr" / "Kasr", "Horlivka" / "Gorlivka", "Touline" / "Tuline"): (written, also written).
# Vowel changes (e/a, ee/i, ya/ia) were tried too: on LGL they found more false friends than places.
_TRANSLITERATIONS = (("shch", "sch"), ("sch", "shch"), ("skiy", "sky"), ("sky", "skiy"), ("skyi", "sky"),
                     ("iy", "y"), ("q", "k"), ("k", "q"), ("h", "g"), ("g", "h"), ("ou", "u"), ("u", "ou"))
TRANSLITERATION_MIN_POPULATION = 1_000  # a respelt name reaches only a place this size or more: fewer false friends


def _transliteration_candidates(gaz, key: str) -> tuple[tuple[Entry, int], ...]:
    """Candidates of a name no spelling of which the gazetteer holds, through one spelling change
    (see _TRANSLITERATIONS), as alternate names (kind ALT): the nearest spelling must be a real place."""
    if len(key) < 5 or " " in key:
        return ()
    variants = {key.replace(a, b, 1) for a, b in _TRANSLITERATIONS if a in key} | {
        key[: key.rindex(a)] + b + key[key.rindex(a) + len(a):] for a, b in _TRANSLITERATIONS if a in key}
    variants.discard(key)
    found = gaz.lookup_keys(variants)
    hits = {e.idx: (e, ALT) for v in sorted(found) for e, _k in found[v]
            if e.population >= TRANSLITERATION_MIN_POPULATION or e.feature in ("country", "admin1")}
    return tuple(hits.values())


def _divisions_of(gaz, name: str, hits) -> tuple[tuple[Entry, int], ...]:
    """The divisions among ``hits``; else the first-level divisions of its cities that are named
    after them (the city Kursk -> the Kursk Oblast, whatever the oblast's local name)."""
    divisions = tuple(h for h in hits if h[0].feature in _DIVISIONS)
    if divisions:
        return divisions
    stem = normalize(name)[:3]
    out, seen = [], set()
    for e, kind in hits:
        if e.feature != "city" or not e.admin1_code:
            continue
        d = gaz.admin1(e.country_code, e.admin1_code)
        if d is not None and d.idx not in seen and normalize(d.name)[:3] == stem:
            seen.add(d.idx)
            out.append((d, kind))
    return tuple(out)


def _group_mentions(text: str, spans) -> tuple[list[str | None], dict[str, NameUnit]]:
    """The name key of each span (None when outside the text) and the mentions of each name."""
    keys: list[str | None] = []
    units: dict[str, NameUnit] = {}
    for s, e in spans:
        if not (0 <= s < e <= len(text)):
            keys.append(None)
            continue
        surface = text[s:e]
        key = normalize(surface)
        group = key + "\x00code" if len(surface) <= 5 and _is_code(surface) else key  # "US" is not "Us"
        keys.append(group)
        u = units.get(group)
        if u is None:
            units[group] = NameUnit(key, surface, e, _feature_cue(text, s, e))
        else:
            u.ends.append(e)
            u.count += 1
            if u.cue is None:
                u.cue = _feature_cue(text, s, e)
    return keys, units


# Context-free scores of names no container follows, by (gazetteer, key, surface, cue): news repeats its
# names from one document to the next ("U.S.", "Washington"), and scoring hundreds of candidates is not free.
_SCORED: dict[tuple, tuple[ScoredCandidate, ...]] = {}
_SCORED_LIMIT = 50_000


def _score_name(gaz, text: str, unit: NameUnit, hits) -> list[ScoredCandidate]:
    """Context-free scores of one name's candidates, best first (``hits``: the name's candidates by key, or
    by surface when the key has none: a function of the gazetteer, the key and the surface)."""
    containers = tuple(c for e in unit.ends[:5] for c in _containers(text, e, gaz))
    memo_key = None if containers else (gaz, unit.key, unit.surface, unit.cue)
    if memo_key is not None:
        known = _SCORED.get(memo_key)
        if known is not None:
            return list(known)  # a new list: the caller re-sorts it in place
    cands = _score_hits(unit, hits, gaz, containers)
    if memo_key is not None:
        if len(_SCORED) > _SCORED_LIMIT:
            _SCORED.clear()
        _SCORED[memo_key] = tuple(cands)
    return cands


def _score_hits(unit: NameUnit, hits, gaz, containers) -> list[ScoredCandidate]:
    """The candidates of :func:`_score_name`, scored."""
    if unit.cue == DIVISION:
        hits = tuple(hits) + tuple(h for h in _divisions_of(gaz, unit.surface, hits) if h not in hits)
    if _is_code(unit.surface):  # "US", "EU": an abbreviation, not the village "Us"
        hits = tuple(h for h in hits if h[1] == ABBR) or hits
    elif len(unit.surface) <= 3 and "." not in unit.surface:  # "Us" the village is not "US" folded
        hits = tuple(h for h in hits if h[1] != ABBR) or hits
    best: dict[int, ScoredCandidate] = {}
    for ent, kind in hits:
        prior = W_PRIOR * _prior(ent, kind, unit.surface, unit.cue)
        sc = prior + (_container_bonus(ent, containers) if containers else 0.0)
        if ent.idx not in best or sc > best[ent.idx].score:
            best[ent.idx] = new_candidate((sc, ent, kind, prior, sc > prior))
    cands = sorted(best.values(), key=BY_SCORE, reverse=True)
    if unit.cue != DIVISION:
        cands = _namesake_city_first(cands)
    return cands


def _namesake_city_first(cands: list[ScoredCandidate]) -> list[ScoredCandidate]:
    """A city takes the place of a division named after it and holding it ("Herat", "Zaporizhzhia"):
    news names the city unless it says "province" or "region". The city must hold a good share of the
    division's people (Quebec City does not displace Quebec) and match the name at least as directly
    as the division does (an alternate name of New York City does not displace the state).
    """
    divisions = [c for c in cands[:PRUNE] if c.entry.feature in _DIVISIONS]
    if not divisions:
        return cands
    out = list(cands)
    for i, c in enumerate(cands[:PRUNE]):
        e = c.entry
        if e.feature != "city":
            continue
        for d in divisions:
            de = d.entry
            inside = de.feature == "admin1" or abs(de.lat - e.lat) + abs(de.lon - e.lon) < 1
            if de.country_code == e.country_code and de.admin1_code == e.admin1_code and c.kind <= d.kind \
                    and d.score >= c.score and e.population >= NAMESAKE_MIN_SHARE * de.population and inside:
                lift = d.score - c.score + NAMESAKE_MARGIN
                out[i] = c._replace(score=c.score + lift, prior=c.prior + lift)
    out.sort(key=BY_SCORE, reverse=True)
    return out


def resolve(text: str, spans: Sequence[tuple[int, int]], *, country: str | None = None) -> list[Place]:
    """A Place for every (start, end) span: resolved to a gazetteer entry, or unresolved with a reason.

    Mentions of the same name are resolved together (one sense per name and document).
    """
    gaz = get_gazetteer()
    hint = country.upper() if country else None
    keys, units = _group_mentions(text, spans)
    names = list(units)
    direct = gaz.lookup_keys(u.key for u in units.values())
    scored = [_score_name(gaz, text, u, direct.get(u.key) or _candidates(gaz, u.surface))
              for u in units.values()]
    add_pair_bonus(scored)
    scored = [c[:PRUNE] for c in scored]
    final = rescore_in_context(text, [units[k].count for k in names], scored, hint)
    by_key = dict(zip(names, final))
    conf_of = {k: _place_confidence(c) for k, c in by_key.items() if c}
    places: list[Place] = []
    for (s, e), key in zip(spans, keys):
        if key is None:
            places.append(Place(text="", start=s, end=e, reason="span outside the text"))
            continue
        cands = by_key[key]
        surface = text[s:e]
        if not cands:
            places.append(Place(text=surface, start=s, end=e, reason="no gazetteer entry for this name"))
            continue
        best = cands[0]
        places.append(_place(gaz, surface, s, e, best.entry, best.kind, conf_of[key]))
    return places


def _place_confidence(cands: list[ScoredCandidate]) -> float:
    """Softmax share of the candidates lying within 50 km of the best one.

    A city and the division named after it ("Kyiv" the city, "Kyiv" the city-region) are two
    candidates but one location: the confidence is about the location, so their shares add up.
    """
    top = cands[0].entry
    top_sc = cands[0].score
    cl = math.cos(math.radians(top.lat))
    total = near = 0.0
    for c in cands:
        w = 10 ** (c.score - top_sc)
        total += w
        e = c.entry
        if (e.lat - top.lat) ** 2 + ((e.lon - top.lon) * cl) ** 2 <= (50 / CONTEXT.km_per_degree) ** 2:
            near += w
    return round(near / total, 3)


def _place(gaz, surface: str, s: int, e: int, ent: Entry, kind: int, conf: float) -> Place:
    admin1 = None
    if ent.feature in ("city", "admin2") and ent.admin1_code:
        admin1 = gaz.admin1_name(ent.country_code, ent.admin1_code)
    elif ent.feature == "admin1":
        admin1 = ent.name
    return Place(
        text=surface, start=s, end=e, name=ent.name, lat=ent.lat, lon=ent.lon,
        country_code=ent.country_code or None, feature=ent.feature,
        geonameid=ent.geonameid if ent.geonameid > 0 else None, confidence=conf, admin1=admin1,
        population=ent.population or None, feature_code=ent.feature_code,
        mention="demonym" if kind == DEMONYM else "toponym",
        reason="abbreviation" if kind == ABBR else None,
    )
