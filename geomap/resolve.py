"""Choosing the place each toponym mention refers to, in the context of the whole document.

Each candidate gets a score in log10 units: a prior (population, feature class, how the name
matched) plus context: the countries and first-level divisions the document is about, an
explicit container ("Springfield, Illinois", "Paris, Texas"), closeness to the other places of
the document, and the user's ``--country`` hint. Scores are computed twice: once without context
to find the document's focus, then with it. A mention with no candidate stays unresolved, with a
reason, rather than being guessed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from .gazetteer import Entry, get_gazetteer, normalize
from .gazetteer.store import ABBR, ALT, DEMONYM
from .model import Place

_DIVISION_WORDS = re.compile(r"\b(county|parish|district|oblast|province|region|governorate|prefecture|"
                             r"borough|township|raion|municipality|state)\b", re.I)
_CONTAINER = re.compile(r"\s*,\s*((?:[A-Z][\w.'\u2019-]*\.?)(?:\s+[A-Z][\w.'\u2019-]*\.?){0,3})")


def _prior(e: Entry, kind: int, surface: str) -> float:
    """Context-free score of a candidate (log10 of an 'effective population')."""
    pop = max(e.population, 1)
    f = e.feature
    if f == "country":
        eff = max(pop, 3e6) * 30
    elif f in ("continent", "region"):
        eff = 3e8 if f == "continent" else 1e8
    elif f == "landmark":
        eff = 3e7
    elif f == "admin1":
        eff = pop * 2
    elif f == "admin2":
        eff = pop * 50 if _DIVISION_WORDS.search(surface) else pop / 20
    else:  # city
        eff = pop * (6 if e.feature_code == "PPLC" else 1)
        if _DIVISION_WORDS.search(surface) and not normalize(e.name).endswith(normalize(surface)):
            eff /= 100
    if kind == ALT:
        eff /= 30
    return math.log10(eff + 10)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (spherical; accurate enough for ranking candidates)."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


class _Context:
    """What the document is about: weighted countries, divisions and points of its places."""

    def __init__(self) -> None:
        self.countries: Counter[str] = Counter()
        self.admin1: Counter[tuple[str, str]] = Counter()
        self.points: list[tuple[float, float, float, int]] = []  # lat, lon, weight, mention index

    def add(self, e: Entry, weight: float, mention: int) -> None:
        if e.country_code:
            self.countries[e.country_code] += weight
        if e.feature in ("city", "admin1", "admin2") and e.admin1_code:
            self.admin1[(e.country_code, e.admin1_code)] += weight
        if e.feature in ("city", "admin2", "landmark"):
            self.points.append((e.lat, e.lon, weight, mention))


# Context weights (log10 units), tuned on the LGL and TR-News dev corpora.
W_PRIOR = 0.4
W_COUNTRY = 1.6
W_ADMIN1 = 2.5
W_NEAR = (2.0, 1.4, 0.6)  # another place of the document within 40 / 150 / 500 km
W_HINT = 1.5
ITERATIONS = 3


def _context_bonus(e: Entry, ctx: _Context, own: Counter, own_a1: Counter, mention: int,
                   country_hint: str | None) -> float:
    bonus = 0.0
    c = ctx.countries.get(e.country_code, 0.0) - own.get(e.country_code, 0.0)
    if c > 0:
        bonus += W_COUNTRY * min(1.0, 0.5 + 0.25 * c)
    if e.feature in ("city", "admin2", "admin1"):
        a = ctx.admin1.get((e.country_code, e.admin1_code), 0.0) - own_a1.get((e.country_code, e.admin1_code), 0.0)
        if a > 0:
            bonus += W_ADMIN1 * min(1.0, 0.6 + 0.2 * a)
    if e.feature in ("city", "admin2", "landmark") and ctx.points:
        best = 0.0
        for lat, lon, w, m in ctx.points:
            if m == mention:
                continue
            d = _km((e.lat, e.lon), (lat, lon))
            v = W_NEAR[0] if d < 40 else W_NEAR[1] if d < 150 else W_NEAR[2] if d < 500 else 0.0
            best = max(best, v * min(1.0, w))
        bonus += best
    if country_hint and e.country_code == country_hint:
        bonus += W_HINT
    return bonus


def _container_bonus(text: str, end: int, e: Entry, gaz) -> float:
    """'Springfield, Illinois' / 'Paris, Texas' / 'Kharkiv, Ukraine': a named container that holds e."""
    m = _CONTAINER.match(text, end)
    if not m:
        return 0.0
    words = m.group(1).split()
    for n in range(len(words), 0, -1):
        key = normalize(" ".join(words[:n]))
        hits = gaz.lookup_keys([key]).get(key, ())
        for c, _k in hits:
            if c.feature == "country" and c.country_code == e.country_code and e.feature != "country":
                return 2.5
            if c.feature == "admin1" and c.country_code == e.country_code and c.admin1_code == e.admin1_code \
                    and e.feature in ("city", "admin2"):
                return 4.0
        if hits:
            break
    return 0.0


def _candidates(gaz, surface: str) -> tuple[tuple[Entry, int], ...]:
    key = normalize(surface)
    hits = gaz.lookup_keys([key]).get(key)
    if hits:
        return hits
    # fallbacks for given spans: "the X", possessives, all-caps datelines
    for alt in (re.sub(r"^the\s+", "", surface, flags=re.I), re.sub(r"['\u2019]s$", "", surface),
                re.sub(r"\s+(City|Town|Township)$", "", surface)):
        if alt != surface:
            k = normalize(alt)
            hits = gaz.lookup_keys([k]).get(k)
            if hits:
                return hits
    return ()


def resolve(text: str, spans: Sequence[tuple[int, int]], *, country: str | None = None) -> list[Place]:
    """A Place for every (start, end) span: resolved to a gazetteer entry, or unresolved with a reason."""
    gaz = get_gazetteer()
    hint = country.upper() if country else None
    mentions = []
    for s, e in spans:
        if not (0 <= s < e <= len(text)):
            mentions.append((s, e, "", ()))
            continue
        surface = text[s:e]
        mentions.append((s, e, surface, _candidates(gaz, surface)))
    # pass 1: priors (+ explicit containers) only
    scored: list[list[tuple[float, Entry, int]]] = []
    for s, e, surface, cands in mentions:
        best: dict[int, tuple[float, Entry, int]] = {}
        for ent, kind in cands:
            sc = W_PRIOR * _prior(ent, kind, surface) + _container_bonus(text, e, ent, gaz)
            if ent.idx not in best or sc > best[ent.idx][0]:
                best[ent.idx] = (sc, ent, kind)
        scored.append(sorted(best.values(), key=lambda x: -x[0]))
    # document context, refined: pass 1 uses priors only, later passes the previous choice
    current = [[(sc, ent, kind) for sc, ent, kind in cands] for cands in scored]
    for _ in range(ITERATIONS):
        ctx, own_c, own_a = _build_context(current)
        current = [sorted(((sc + _context_bonus(ent, ctx, own_c[mi], own_a[mi], mi, hint), ent, kind)
                           for sc, ent, kind in cands), key=lambda x: -x[0])
                   for mi, cands in enumerate(scored)]
    places: list[Place] = []
    for (s, e, surface, _), cands in zip(mentions, current):
        if not surface:
            places.append(Place(text="", start=s, end=e, reason="span outside the text"))
            continue
        if not cands:
            places.append(Place(text=surface, start=s, end=e, reason="no gazetteer entry for this name"))
            continue
        sc, ent, kind = cands[0]
        places.append(_place(gaz, surface, s, e, ent, kind, _confidence([x[0] for x in cands])))
    return places


def _build_context(scored) -> tuple[_Context, list[Counter], list[Counter]]:
    """The document's focus from each mention's current best candidate, weighted by confidence."""
    ctx = _Context()
    own_c: list[Counter] = []
    own_a: list[Counter] = []
    for mi, cands in enumerate(scored):
        oc, oa = Counter(), Counter()
        if cands:
            conf = _confidence([c[0] for c in cands])
            top = cands[0][1]
            ctx.add(top, conf, mi)
            if top.country_code:
                oc[top.country_code] += conf
            if top.feature in ("city", "admin1", "admin2") and top.admin1_code:
                oa[(top.country_code, top.admin1_code)] += conf
        own_c.append(oc)
        own_a.append(oa)
    return ctx, own_c, own_a


def _confidence(scores: list[float]) -> float:
    """Softmax share of the best candidate (scores are log10 units)."""
    if not scores:
        return 0.0
    top = scores[0]
    total = sum(10 ** (x - top) for x in scores)
    return round(1.0 / total, 3)


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
