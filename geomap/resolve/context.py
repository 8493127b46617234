"""Document context for place resolution: what the other names of a text say about each candidate.

Two passes over the candidates that :mod:`geomap.resolve.resolver` scored without context: a pair bonus
(a candidate within 30 km of a candidate of another name) and the document's focus (countries and
first-level divisions its names point to, nearness to its other places, local-news cues, the user's
country hint). Context is bounded: it never lifts a candidate over one whose prior is
``max_overturn`` orders of magnitude larger, unless the text names a container right after it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from typing import NamedTuple

from ..gazetteer import Entry
from ..text import trie_regex

KM_PER_DEGREE = math.pi * 6371.0088 / 180  # one degree of latitude on the mean Earth sphere


class ScoredCandidate(NamedTuple):
    """One candidate of a name: total score, entry, kind of name match, the context-free prior part
    of the score, and whether a container named after the mention ("Paris, Texas") supports it."""

    score: float
    entry: Entry
    kind: int
    prior: float
    contained: bool


@dataclass(frozen=True)
class ContextWeights:
    """Context weights in log10 units; tuned on LGL given spans, confirmed on TR-News and real news."""

    country: float = 1.6  # another name of the document lies in the candidate's country
    admin1: float = 2.5  # ... in its first-level division
    near: tuple[float, float, float] = (2.0, 1.4, 0.6)  # another place within 40 / 150 / 500 km
    hint: float = 1.5  # the user's --country
    pair: float = 1.0  # a candidate of another name within pair_km ("Paris" + "Henry County")
    pair_km: float = 30.0
    pair_top: int = 15  # candidates per name that take part in the pair bonus (speed)
    locale: float = 1.5  # the country whose local news the text looks like (see LOCALE_CUES)
    locale_min_uses: int = 3  # uses of a country's local-news cues, in the first 4,000 characters
    locale_min_cues: int = 2  # ... of that many different cues; LGL, real news
    # A prior gap that context cannot overturn when the stronger candidate is an area (country,
    # division, region): two orders of magnitude, e.g. a state or country against a town of its name
    # ("New York" the state, "Lebanon" the country). Cities can still be overturned ("Paris" in
    # Tennessee). Tried 1.5 / 2 / 2.5 / 3 / none on LGL; 2 is best there and on TR-News.
    max_overturn: float = 2.0 * 0.4  # in score units: orders of magnitude times resolver.W_PRIOR
    passes: int = 1  # re-scorings, each with the focus the previous one gave; 2 and 3 tried: no gain on LGL+TR
    km_per_degree: float = KM_PER_DEGREE


CONTEXT = ContextWeights()

# Words that show which country's local news a text is (used only as a weak prior).
LOCALE_CUES = {
    "US": ("$", " County", "Sheriff", "Police Department", "City Council", "Township", "Sgt.", "Gov.", "Sen.",
           "Rep.", " mph", "Interstate", "Highway Patrol", "school board", "GOP", "Democrat", "Republican",
           "Walmart", "Wal-Mart"),
    "GB": ("£", " MP ", " MPs", "borough council", "constabulary", "Labour", "Tory", "Tories", "NHS",
           " pence", "Scotland Yard", "district council"),
    "CA": ("RCMP", " MLA", " MPP", "provincial", "Premier ", "First Nations"),
    "AU": ("A$", "Queensland Police", "Labor Party"),
}


def _overlaps(a: str, b: str) -> bool:
    """Whether an occurrence of ``b`` can start inside one of ``a`` (at its start too, when they differ)."""
    return any(a[k:k + len(b)] == b[:len(a) - k] for k in range(0 if a != b else 1, len(a)))


# Counting every cue is a scan of the text per cue. A cue occurs only where its core (the cue without leading
# spaces) does; the cores that begin with a capital or a sign are found together in one regex pass (sre skips
# ahead to capitals and signs). A core the pass does not report occurs nowhere, unless a reported one overlapped
# it: those are counted too. The cues whose core is lower case are always counted (the pass would stop at
# every letter of their first). Counts stay those of str.count.
_CORES = sorted({cue.lstrip(" ") for cues in LOCALE_CUES.values() for cue in cues} - {""})
_SCANNED = [c for c in _CORES if not c[0].islower()]
_CORE_RE = re.compile(trie_regex(_SCANNED))
_HIDDEN_BY = {a: frozenset(b for b in _SCANNED if b != a and _overlaps(a, b)) for a in _SCANNED}
_LOCALE_PLAN = {cc: tuple((cue, cue.lstrip(" ") if cue.lstrip(" ") in _HIDDEN_BY else None) for cue in cues)
                for cc, cues in LOCALE_CUES.items()}
_POINT_FEATURES = frozenset(("city", "admin2", "landmark"))
BY_SCORE = itemgetter(0)  # a ScoredCandidate's score
BOUNDED_FEATURES = frozenset(("country", "admin1", "region", "continent"))
_NEAR_DEG2 = tuple((km / KM_PER_DEGREE) ** 2 for km in (40.0, 150.0, 500.0))
_NEAR_MAX_DLAT = 500.0 / KM_PER_DEGREE
_PAIR_DEG2 = (CONTEXT.pair_km / KM_PER_DEGREE) ** 2


class ContextRow(NamedTuple):
    """What the context pass needs of a candidate, computed once."""

    base: float
    entry: Entry
    kind: int
    prior: float
    contained: bool
    country: str
    admin1: tuple[str, str] | None
    lat: float
    lon: float
    cos_lat: float | None  # None for area features: nearness counts for points only


# Named tuples built straight from a tuple (C speed: these are made for every candidate of every name).
new_candidate = partial(tuple.__new__, ScoredCandidate)
_new_row = partial(tuple.__new__, ContextRow)


class NameFocus(NamedTuple):
    """A name's current choice as context for the others: its country, division and weight."""

    country: str
    admin1: tuple[str, str] | None
    weight: float


def locale(text: str, among: set[str] | frozenset[str] = frozenset(LOCALE_CUES)) -> str | None:
    """The country whose local news this text looks like, among the countries ``among``; else None.

    It needs CONTEXT.locale_min_uses uses of its cues, of at least CONTEXT.locale_min_cues different
    ones: a dollar amount quoted three times does not make a newswire story local news.
    """
    head = text[:4000]
    found = set(_CORE_RE.findall(head))
    for core in list(found):
        found |= _HIDDEN_BY[core]
    best, best_n = None, CONTEXT.locale_min_uses - 1
    for cc, cues in _LOCALE_PLAN.items():
        if cc not in among:
            continue
        uses = [head.count(cue) if core is None or core in found else 0 for cue, core in cues]
        n = sum(uses)
        if n > best_n and len(uses) - uses.count(0) >= CONTEXT.locale_min_cues:
            best, best_n = cc, n
    return best


def _rows(cands: list[ScoredCandidate]) -> list[ContextRow]:
    rows = []
    for sc, e, kind, prior, contained in cands:
        a1 = (e.country_code, e.admin1_code) if e.feature in ("city", "admin1", "admin2") and e.admin1_code else None
        cos_lat = math.cos(math.radians(e.lat)) if e.feature in _POINT_FEATURES else None
        rows.append(_new_row((sc, e, kind, prior, contained, e.country_code, a1, e.lat, e.lon, cos_lat)))
    return rows


def _focus(data: list[list[ContextRow]], totals: list[list[float]], weight: list[float]):
    """The countries, divisions and points the document's names currently point to."""
    countries: dict[str, float] = {}
    admin1: dict[tuple[str, str], float] = {}
    points: list[tuple[float, float, float, int]] = []  # lat, lon, weight, name index
    own: list[NameFocus | None] = [None] * len(data)
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
        row = rows[best]
        if row.country:
            countries[row.country] = countries.get(row.country, 0.0) + w
        if row.admin1:
            admin1[row.admin1] = admin1.get(row.admin1, 0.0) + w
        if row.cos_lat is not None:
            points.append((row.lat, row.lon, min(1.0, w), ui))
        own[ui] = NameFocus(row.country, row.admin1, w)
    return countries, admin1, points, own


def _near_bonus(row: ContextRow, points, ui: int) -> float:
    """The best nearness bonus of a point candidate to another name's chosen point."""
    near = 0.0
    lat, lon, cl = row.lat, row.lon, row.cos_lat
    w_near = CONTEXT.near
    for plat, plon, pw, pu in points:
        if pu == ui:
            continue
        dy = plat - lat
        if dy > _NEAR_MAX_DLAT or dy < -_NEAR_MAX_DLAT:
            continue
        dx = (plon - lon + 540.0) % 360.0 - 180.0
        d2 = dy * dy + (dx * cl) ** 2  # equirectangular, degrees squared
        v = w_near[0] if d2 < _NEAR_DEG2[0] else w_near[1] if d2 < _NEAR_DEG2[1] else w_near[2] if d2 < _NEAR_DEG2[2] \
            else 0.0
        if v * pw > near:
            near = v * pw
    return near


def _bound(rows: list[ContextRow], tot: list[float], text_locale: str | None) -> None:
    """Context cannot lift a candidate over an area feature (country, division, region) whose prior is
    CONTEXT.max_overturn larger (in place). In a country's local news its own towns still can beat a
    foreign area: "Lebanon" is a town of Tennessee in Tennessee's local news."""
    top = max(range(len(rows)), key=lambda i: rows[i].prior)
    top_row = rows[top]
    if top_row.entry.feature not in BOUNDED_FEATURES:
        return
    limit = top_row.prior - CONTEXT.max_overturn
    ceiling = tot[top] - 1e-3
    local = text_locale if text_locale != top_row.country else None
    for ci, row in enumerate(rows):
        if row.prior < limit and not row.contained and tot[ci] > ceiling and row.country != local:
            tot[ci] = ceiling


def _context_pass(data: list[list[ContextRow]], totals: list[list[float]], weight: list[float],
                  text_locale: str | None, hint: str | None) -> list[list[float]]:
    """One re-scoring of every candidate with the focus that the current totals give."""
    countries, admin1, points, own = _focus(data, totals, weight)
    if text_locale:
        countries[text_locale] = countries.get(text_locale, 0.0) + CONTEXT.locale
    w_hint, w_country, w_admin1 = CONTEXT.hint, CONTEXT.country, CONTEXT.admin1
    new_totals = []
    for ui, rows in enumerate(data):
        if len(rows) <= 1:
            new_totals.append(totals[ui])
            continue
        my_country, my_admin1, my_weight = own[ui]
        tot = [0.0] * len(rows)
        for ci, row in enumerate(rows):
            base, _e, _k, _p, _c, cc, a1, _lat, _lon, cos_lat = row
            bonus = w_hint if hint and cc == hint else 0.0
            if cc:
                c = countries.get(cc, 0.0) - (my_weight if cc == my_country else 0.0)
                if c > 1e-9:
                    bonus += w_country * min(1.0, 0.5 + 0.25 * c)
            if a1:
                a = admin1.get(a1, 0.0) - (my_weight if a1 == my_admin1 else 0.0)
                if a > 1e-9:
                    bonus += w_admin1 * min(1.0, 0.6 + 0.2 * a)
            if cos_lat is not None and points:
                bonus += _near_bonus(row, points, ui)
            tot[ci] = base + bonus
        _bound(rows, tot, text_locale)
        new_totals.append(tot)
    return new_totals


def rescore_in_context(text: str, counts: list[int], scored: list[list[ScoredCandidate]],
                       hint: str | None) -> list[list[ScoredCandidate]]:
    """Re-score the candidates of ambiguous names with the document's context.

    Each name's current best candidate, weighted by its confidence, adds to the countries and
    divisions the document is about and, when it is a point, to the points near which other
    names' candidates gain. A name's own choice never counts for itself.
    """
    if all(len(c) <= 1 for c in scored):
        return scored  # nothing to choose
    weight = [min(n, 3) ** 0.5 for n in counts]
    data = [_rows(cands) for cands in scored]
    # only the countries some candidate lies in can gain from looking like their local news
    text_locale = locale(text, {r.country for rows in data if len(rows) > 1 for r in rows})
    totals = [[r.base for r in rows] for rows in data]
    for _ in range(CONTEXT.passes):
        totals = _context_pass(data, totals, weight, text_locale, hint)
    out = []
    for rows, tot in zip(data, totals):
        order = sorted(range(len(rows)), key=tot.__getitem__, reverse=True)
        out.append([new_candidate((tot[i], *rows[i][1:5])) for i in order])
    return out


def add_pair_bonus(scored: list[list[ScoredCandidate]]) -> None:
    """Reward candidates that lie within CONTEXT.pair_km of a candidate of another name (in place).

    Candidates are put in 0.5-degree cells; a candidate of an ambiguous name is paired with the candidates
    of its own and the eight neighbouring cells (equirectangular distance: enough to rank candidates).
    Each cell meets its neighbours once (itself and four of them), and both candidates of a pair are tested
    there, each with its own distance (the cosine is the candidate's own latitude's).
    """
    if len(scored) < 2:
        return
    top = CONTEXT.pair_top
    cells: dict[int, list[_PairPoint]] = {}
    for ui, cands in enumerate(scored):
        for ci, c in enumerate(cands[:top]):
            ent = c.entry
            if ent.feature in _POINT_FEATURES:
                lat, lon = ent.lat, ent.lon
                key = int(lat // 0.5) * _ROW + int(lon // 0.5)
                found = cells.get(key)
                if found is None:
                    cells[key] = [[lat, lon, ui, ci, None]]
                else:
                    found.append([lat, lon, ui, ci, None])
    paired: set[tuple[int, int]] = set()  # (name, candidate)
    get = cells.get
    for key, here in cells.items():
        if len(here) > 1:
            _pair_cells(here, here, paired)
        for off in _FORWARD_CELLS:
            there = get(key + off)
            if there is not None:
                _pair_cells(here, there, paired)
    for ui, ci in sorted(paired):
        cands = scored[ui]
        if len(cands) < 2:
            continue  # nothing to choose; it still anchors the others
        c = cands[ci]
        cands[ci] = c._replace(score=c.score + CONTEXT.pair)
    for ui in {ui for ui, _ in paired}:
        if len(scored[ui]) >= 2:
            scored[ui].sort(key=BY_SCORE, reverse=True)


# Cells of 0.5 degree as one int (row * _ROW + column; columns run from -360 to 360, rows from -180 to 180):
# an int key hashes faster than a (row, column) tuple, and a neighbour is one addition away. The four
# "forward" neighbours: with the cell itself, every pair of neighbouring cells meets once.
_ROW = 1024
_FORWARD_CELLS = (1, _ROW - 1, _ROW, _ROW + 1)
_PairPoint = list  # [lat, lon, name index, candidate index, cosine of lat (None until needed)]


def _pair_cells(here: list[_PairPoint], there: list[_PairPoint], paired: set[tuple[int, int]]) -> None:
    """Add to ``paired`` the candidates of ``here`` with a candidate of another name of ``there`` within
    CONTEXT.pair_km, and those of ``there`` with one of ``here`` (the same list twice: a cell with itself)."""
    for p in here:
        lat0, lon0, ui, ci, _ = p
        for q in there:
            if q[2] == ui:
                continue
            lat, lon = q[0], q[1]
            if (ui, ci) not in paired:
                cl = p[4]
                if cl is None:
                    cl = p[4] = math.cos(math.radians(lat0))
                if (lat - lat0) ** 2 + ((lon - lon0) * cl) ** 2 <= _PAIR_DEG2:
                    paired.add((ui, ci))
            if there is not here and (q[2], q[3]) not in paired:
                cl = q[4]
                if cl is None:
                    cl = q[4] = math.cos(math.radians(lat))
                if (lat0 - lat) ** 2 + ((lon0 - lon) * cl) ** 2 <= _PAIR_DEG2:
                    paired.add((q[2], q[3]))
