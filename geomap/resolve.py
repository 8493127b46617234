"""Choosing the place each toponym mention refers to, in the context of the whole document.

Each candidate gets a score in log10 units: a prior (population, feature class, how the name
matched), an explicit container ("Springfield, Illinois", "Paris, Texas"), and a bonus when a
candidate of another name lies within 30 km ("Paris" + "Henry County" -> Tennessee). Then the
context: the countries and first-level divisions the document is about, closeness to the other
places it names, cues of a country's local news, and the user's ``--country`` hint. The first
scores (without context) give the document's focus; the candidates are then scored again with it
(ITERATIONS times). All mentions of one name get the same place. A mention with no candidate
stays unresolved, with a reason, rather than being guessed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from .gazetteer import Entry, get_gazetteer, normalize
from .gazetteer.store import ABBR, ALT, DEMONYM
from .model import Place

_DIVISION_WORDS = re.compile(r"\b(county|parish|district|oblast|province|region|governorate|prefecture|"
                             r"borough|township|raion|municipality|state)\b", re.I)
# Words that show which country's local news a text is (used only as a weak prior).
_LOCALE_CUES = {
    "US": ("$", " County", "Sheriff", "Police Department", "City Council", "Township", "Sgt.", "Gov.", "Sen.",
           "Rep.", " mph", "Interstate", "Highway Patrol", "school board", "GOP", "Democrat", "Republican",
           "Walmart", "Wal-Mart"),
    "GB": ("£", " MP ", " MPs", "borough council", "constabulary", "Labour", "Tory", "Tories", "NHS",
           " pence", "Scotland Yard", "district council"),
    "CA": ("RCMP", " MLA", " MPP", "provincial", "Premier ", "First Nations"),
    "AU": ("A$", "Queensland Police", "Labor Party"),
}
_CONTAINER = re.compile(r"\s*,\s*((?:[A-Z][\w.'\u2019-]*\.?)(?:\s+[A-Z][\w.'\u2019-]*\.?){0,3})")


def _prior(e: Entry, kind: int, surface: str, division: bool | None = None) -> float:
    """Context-free score of a candidate (log10 of an 'effective population').

    ``division``: whether the mention names a division ("... County"); computed when not given.
    """
    if division is None:
        division = _DIVISION_WORDS.search(surface) is not None
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
        eff = pop * 50 if division else pop / 20
    else:  # city
        eff = pop * (6 if e.feature_code == "PPLC" else 1)
        if division and not normalize(e.name).endswith(normalize(surface)):
            eff /= 100
    if kind == ALT:
        eff /= 30
    return math.log10(eff + 10)


# Context weights (log10 units), tuned on the LGL and TR-News dev corpora.
W_PRIOR = 0.4
W_COUNTRY = 1.6
W_ADMIN1 = 2.5
W_NEAR = (2.0, 1.4, 0.6)  # another place of the document within 40 / 150 / 500 km
W_HINT = 1.5
W_PAIR = 1.0  # some candidate of another name within PAIR_KM ("Paris" + "Henry County" -> Tennessee)
PAIR_KM = 30.0
PAIR_TOP = 15
W_LOCALE = 1.5  # weight of the text's local-news country (see _LOCALE_CUES) in the context
ITERATIONS = 1


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
            return 4.0
        if feature == "country" and e.feature != "country":
            best = 2.5
    return best


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


PRUNE = 10  # candidates per name kept after the context-free pass


def resolve(text: str, spans: Sequence[tuple[int, int]], *, country: str | None = None) -> list[Place]:
    """A Place for every (start, end) span: resolved to a gazetteer entry, or unresolved with a reason.

    Mentions of the same name are resolved together (one sense per name and document).
    """

    gaz = get_gazetteer()
    hint = country.upper() if country else None
    # group mentions by name
    keys: list[str | None] = []
    units: dict[str, dict] = {}
    for s, e in spans:
        if not (0 <= s < e <= len(text)):
            keys.append(None)
            continue
        surface = text[s:e]
        key = normalize(surface)
        keys.append(key)
        u = units.get(key)
        if u is None:
            units[key] = {"surface": surface, "ends": [e], "count": 1}
        else:
            u["ends"].append(e)
            u["count"] += 1
    names = list(units)
    scored: list[list[tuple[float, Entry, int]]] = []
    direct = gaz.lookup_keys(names)
    for key in names:
        u = units[key]
        best: dict[int, tuple[float, Entry, int]] = {}
        containers = tuple(c for e in u["ends"][:5] for c in _containers(text, e, gaz))
        division = _DIVISION_WORDS.search(u["surface"]) is not None
        for ent, kind in direct.get(key) or _candidates(gaz, u["surface"]):
            sc = W_PRIOR * _prior(ent, kind, u["surface"], division)
            if containers:
                sc += _container_bonus(ent, containers)
            if ent.idx not in best or sc > best[ent.idx][0]:
                best[ent.idx] = (sc, ent, kind)
        scored.append(sorted(best.values(), key=lambda x: -x[0]))
    _add_pair_bonus(names, scored)
    scored = [c[:PRUNE] for c in scored]
    final = _iterate_context(text, names, [units[k]["count"] for k in names], scored, hint)
    by_key = dict(zip(names, final))
    places: list[Place] = []
    conf_of = {k: _place_confidence(c) for k, c in by_key.items() if c}
    for (s, e), key in zip(spans, keys):
        if key is None:
            places.append(Place(text="", start=s, end=e, reason="span outside the text"))
            continue
        cands = by_key[key]
        surface = text[s:e]
        if not cands:
            places.append(Place(text=surface, start=s, end=e, reason="no gazetteer entry for this name"))
            continue
        sc, ent, kind = cands[0]
        places.append(_place(gaz, surface, s, e, ent, kind, conf_of[key]))
    return places


def _iterate_context(text, names, counts, scored, hint):
    """Re-score the candidates of ambiguous names with the document's context, ITERATIONS times.

    Each name's current best candidate, weighted by its confidence, adds to the countries and
    divisions the document is about and, when it is a point, to the points near which other
    names' candidates gain (see W_NEAR). A name's own choice never counts for itself.
    """
    if all(len(c) <= 1 for c in scored):
        return scored  # nothing to choose
    locale = _locale(text)
    nu = len(scored)
    weight = [min(n, 3) ** 0.5 for n in counts]
    # static per-candidate data: (base, entry, kind, cc, admin1 key or None, lat, lon, cos(lat) or None)
    data = []
    for cands in scored:
        rows = []
        for sc, e, kind in cands:
            a1 = (e.country_code, e.admin1_code) if e.feature in ("city", "admin1", "admin2") and e.admin1_code \
                else None
            point = e.feature in ("city", "admin2", "landmark")
            rows.append((sc, e, kind, e.country_code, a1, e.lat, e.lon,
                         math.cos(math.radians(e.lat)) if point else None))
        data.append(rows)
    totals = [[r[0] for r in rows] for rows in data]
    for _ in range(ITERATIONS):
        countries: dict[str, float] = {}
        admin1: dict[tuple[str, str], float] = {}
        points = []  # (lat, lon, weight, unit)
        own = [None] * nu
        for ui, rows in enumerate(data):
            if not rows:
                continue
            tot = totals[ui]
            if len(tot) == 1:
                best, conf = 0, 1.0
            else:
                best = max(range(len(tot)), key=tot.__getitem__)
                top = tot[best]
                conf = 1.0 / sum(10.0 ** (x - top) for x in tot)
            w = conf * weight[ui]
            _, _, _, cc, a1, lat, lon, cl = rows[best]
            if cc:
                countries[cc] = countries.get(cc, 0.0) + w
            if a1:
                admin1[a1] = admin1.get(a1, 0.0) + w
            if cl is not None:
                points.append((lat, lon, min(1.0, w), ui))
            own[ui] = (cc, a1, w)
        if locale:
            countries[locale] = countries.get(locale, 0.0) + W_LOCALE
        for ui, rows in enumerate(data):
            if len(rows) <= 1:
                continue
            occ, oa1, ow = own[ui]
            tot = totals[ui]
            for ci, (sc, _e, _k, cc, a1, lat, lon, cl) in enumerate(rows):
                bonus = W_HINT if hint and cc == hint else 0.0
                c = countries.get(cc, 0.0) - (ow if cc == occ else 0.0) if cc else 0.0
                if c > 1e-9:
                    bonus += W_COUNTRY * min(1.0, 0.5 + 0.25 * c)
                if a1:
                    a = admin1.get(a1, 0.0) - (ow if a1 == oa1 else 0.0)
                    if a > 1e-9:
                        bonus += W_ADMIN1 * min(1.0, 0.6 + 0.2 * a)
                if cl is not None and points:
                    near = 0.0
                    for plat, plon, pw, pu in points:
                        if pu == ui:
                            continue
                        dy = plat - lat
                        if dy > 4.6 or dy < -4.6:  # > 500 km apart in latitude alone
                            continue
                        dx = (plon - lon + 540.0) % 360.0 - 180.0
                        d2 = dy * dy + (dx * cl) ** 2  # equirectangular, degrees squared
                        v = W_NEAR[0] if d2 < 0.1298 else W_NEAR[1] if d2 < 1.826 else W_NEAR[2] if d2 < 20.29 \
                            else 0.0  # 40 / 150 / 500 km at 111.2 km per degree
                        if v * pw > near:
                            near = v * pw
                    bonus += near
                tot[ci] = sc + bonus
    out = []
    for rows, tot in zip(data, totals):
        order = sorted(range(len(rows)), key=lambda i: -tot[i])
        out.append([(tot[i], rows[i][1], rows[i][2]) for i in order])
    return out


_POINT_FEATURES = frozenset(("city", "admin2", "landmark"))
_PAIR_DEG2 = (PAIR_KM / 111.2) ** 2


def _add_pair_bonus(keys, scored) -> None:
    """Reward candidates that lie within PAIR_KM of a candidate of another name (in place).

    Candidates are put in 0.5-degree cells; each candidate of an ambiguous name looks at its own
    and the eight neighbouring cells (equirectangular distance: enough to rank candidates).
    """
    if len(keys) < 2:
        return
    cells: dict[tuple[int, int], list[tuple[float, float, int]]] = {}
    for ui, cands in enumerate(scored):
        for _sc, ent, _k in cands[:PAIR_TOP]:
            if ent.feature in _POINT_FEATURES:
                cells.setdefault((int(ent.lat // 0.5), int(ent.lon // 0.5)), []).append((ent.lat, ent.lon, ui))
    for ui, cands in enumerate(scored):
        if len(cands) < 2:
            continue  # nothing to choose; it still anchors the others through `cells`
        changed = False
        for ci, (sc, ent, kind) in enumerate(cands[:PAIR_TOP]):
            if ent.feature not in _POINT_FEATURES:
                continue
            lat0, lon0 = ent.lat, ent.lon
            cy, cx = int(lat0 // 0.5), int(lon0 // 0.5)
            cl = math.cos(math.radians(lat0))
            near = False
            for cell in ((cy, cx), (cy - 1, cx), (cy + 1, cx), (cy, cx - 1), (cy, cx + 1),
                         (cy - 1, cx - 1), (cy - 1, cx + 1), (cy + 1, cx - 1), (cy + 1, cx + 1)):
                for lat, lon, other in cells.get(cell, ()):
                    if other != ui and (lat - lat0) ** 2 + ((lon - lon0) * cl) ** 2 <= _PAIR_DEG2:
                        near = True
                        break
                if near:
                    break
            if near:
                cands[ci] = (sc + W_PAIR, ent, kind)
                changed = True
        if changed:
            cands.sort(key=lambda x: -x[0])


def _locale(text: str) -> str | None:
    """The country whose local news this text looks like, from at least three cues; else None."""
    head = text[:4000]
    best, best_n = None, 2
    for cc, cues in _LOCALE_CUES.items():
        n = sum(head.count(c) for c in cues)
        if n > best_n:
            best, best_n = cc, n
    return best


def _place_confidence(cands) -> float:
    """Softmax share of the candidates lying within 50 km of the best one.

    A city and the division named after it ("Kyiv" the city, "Kyiv" the city-region) are two
    candidates but one location: the confidence is about the location, so their shares add up.
    """
    top_sc, top, _ = cands[0]
    cl = math.cos(math.radians(top.lat))
    total = near = 0.0
    for sc, e, _k in cands:
        w = 10 ** (sc - top_sc)
        total += w
        if (e.lat - top.lat) ** 2 + ((e.lon - top.lon) * cl) ** 2 <= (50 / 111.2) ** 2:
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
