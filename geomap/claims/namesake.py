"""Other places of the same name: the town a claim means when the resolver chose a namesake.

A claim is a clue the resolver did not use: "Paradise, some 90 miles north of Sacramento" says
which Paradise is meant. When the chosen place gives a gross error, the gazetteer's other
candidates of that name are tried and one that fits the claim is preferred (the claim's notes
say so); when none fits, the claim is not contradicted on a namesake: it is unverifiable, with
the nearest namesake's distance. A division used as a point ("Herat" the province, in "40 km from
the western city of Herat") is replaced by the city of the same name in that country.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from typing import Any

from ..model import Claim, Place
from .measure import distance_km, gazetteer
from .reference import UNLOCATED
from .subject import IMPLIED

_POINT_FEATURES = ("city", "landmark")
# the Arabic definite article, often dropped in English news ("Obeid", "Fasher", "Arish")
_ARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an)[- ]", re.I)


def _as_place(entry: Any, mention: Place, reason: str) -> Place:
    return Place(text=mention.text, start=mention.start, end=mention.end, name=entry.name, lat=entry.lat,
                 lon=entry.lon, country_code=entry.country_code or None, feature=entry.feature,
                 geonameid=entry.geonameid, confidence=mention.confidence, population=entry.population or None,
                 feature_code=entry.feature_code, mention=mention.mention, reason=reason)


_CROSS_BORDER_TOWN = 100_000  # a town of another country may stand for a division of its name: a big one ...
_CROSS_BORDER_KM = 60.0  # ... near the division's point

# Russian and Ukrainian adjective endings, romanised several ways ("-sky" / "-skiy" / "-skii", "-oye" / "-oe")
_ENDINGS = (("skiy", ("sky", "skii", "ski")), ("sky", ("skiy", "skii")), ("skii", ("skiy", "sky")),
            ("ski", ("skiy", "sky")), ("oye", ("oe",)), ("oe", ("oye",)), ("aya", ("aia", "aja")),
            ("iy", ("yy", "yi")), ("yy", ("iy",)), ("yi", ("iy",)))


def transliterations(name: str) -> list[str]:
    """Other romanisations of a name's ending ("Oktyabrsky" -> "Oktyabrskiy", "Oktyabrskii")."""
    low = name.lower()
    for end, others in _ENDINGS:
        if low.endswith(end) and len(low) > len(end) + 2:
            return [name[: -len(end)] + o for o in others]
    return []


def namesakes(place: Place, limit: int = 25) -> Iterator[Place]:
    """Point places (towns, landmarks) of the gazetteer that share ``place``'s surface name, except itself."""
    gaz = gazetteer()
    if gaz is None or not place.text:
        return
    entries = gaz.lookup(place.text)
    if not entries and not _ARTICLE.match(place.text):  # "Obeid" for El Obeid, "Fasher" for El Fasher
        entries = gaz.lookup(f"El {place.text}") or gaz.lookup(f"Al {place.text}")
    seen = {e.geonameid for e in entries}
    for variant in transliterations(place.text):  # "Oktyabrsky" is also written "Oktyabr'skiy"
        extra = [e for e in gaz.lookup(variant) if e.geonameid not in seen]
        seen.update(e.geonameid for e in extra)
        entries = [*entries, *extra]
    for n, entry in enumerate(entries):
        if n >= limit:
            return
        if entry.feature in _POINT_FEATURES and entry.geonameid != place.geonameid:
            yield _as_place(entry, place, f"namesake of {place.name or place.text!r} chosen because it fits the claim")


def known_town(name: str | None) -> bool:
    """True when the gazetteer has a town of this name ("Phoenix", which recognition may take for a word)."""
    name = re.sub(r"^the\s+", "", name or "", flags=re.I).strip()
    gaz = gazetteer()
    return bool(name) and gaz is not None and any(e.feature == "city" for e in gaz.lookup(name)[:10])


def claim_countries(claim: Claim) -> frozenset[str]:
    """The countries a claim's subject may lie in, by its reference: a named line's two countries; a border's
    named country and its neighbours; a place's country and its neighbours (empty when unknown)."""
    from .lines import named_line
    from .measure import country_key, get_boundaries

    ref = claim.reference
    line = named_line(ref.name) if ref.kind == "border" else None
    if line is not None:
        return frozenset(line.pair)
    if ref.kind == "border":
        keys = [country_key(n) for n in ref.country_names]
    elif ref.kind == "place" and ref.place is not None and ref.place.country_code:
        keys = [ref.place.country_code]
    else:
        return frozenset()
    b = get_boundaries()
    out = set()
    for k in keys:
        if k is None or k not in b.countries:
            return frozenset()
        out.update([k, *b.neighbours(k)])
    return frozenset(out)


def city_for_division(place: Place, expected: frozenset[str] = frozenset()) -> Place | None:
    """The most populous town named like a division, in the same country ("Herat" province -> Herat city); in one
    of the ``expected`` countries when the division lies in none of them ("Uri, near the Line of Control": the
    Kashmiri town, not the Swiss canton)."""
    if place.feature not in ("admin1", "admin2"):
        return None
    cands = list(namesakes(place))
    if place.name and place.name != place.text:  # "Deir al-Balah" resolved to the governorate "Deir El Balah"
        seen = {c.geonameid for c in cands}
        cands += [c for c in namesakes(dataclasses.replace(place, text=place.name)) if c.geonameid not in seen]
    if expected and place.country_code not in expected:
        abroad = [c for c in cands if c.feature == "city" and c.country_code in expected]
        if abroad:
            best = max(abroad, key=lambda c: c.population or 0)
            best.reason = f"the town of {best.name} ({best.country_code}), which the claim's reference points to"
            return best
    best = None
    for cand in cands:
        if cand.country_code == place.country_code and cand.feature == "city" and (
                best is None or (cand.population or 0) > (best.population or 0)):
            best = cand
    if best is None:  # "Jerusalem": the Palestinian governorate of the name, the city drawn in Israel
        near = [c for c in cands if c.feature == "city" and (c.population or 0) >= _CROSS_BORDER_TOWN
                and distance_km(c.lat, c.lon, place.lat, place.lon) <= _CROSS_BORDER_KM]
        best = max(near, key=lambda c: c.population or 0, default=None)
    if best is None:
        return None
    best.reason = f"the town of {best.name}, not the division of that name"
    return best


# ----------------------------------------------------------------------------- the claim as a clue


def gross(claim: Claim, tol: Any) -> bool:
    """A contradiction too large for a wrong figure: more likely a wrong place of the same name."""
    if claim.measured_km is None:
        return False
    limit = claim.accepted_max_km
    if not claim.numeric:
        limit = tol.relation_km(claim.qualifier)[1]
    return limit is not None and claim.measured_km > tol.gross_factor * max(limit, 1.0)


def _trial(claim: Claim, subject: Place | None = None, ref_place: Place | None = None) -> Claim:
    ref = dataclasses.replace(claim.reference, countries=list(claim.reference.countries), point=None)
    if ref_place is not None:
        ref.place = ref_place
    return dataclasses.replace(claim, subject=subject or claim.subject, reference=ref, notes=[], disputed=[],
                               reason=None, verdict="unverifiable")


def review_namesakes(claim: Claim, tol: Any, judge_once: Callable[[Claim], None]) -> None:
    """A grossly contradicted claim: prefer a namesake of the subject (or the reference) that fits it;
    if none fits, the claim is unverifiable with the nearest namesake's distance (in place).
    ``tol`` is the claims' Tolerance; ``judge_once`` measures and judges a trial claim."""
    subj, rp = claim.subject, claim.reference.place if claim.reference.kind == "place" else None
    subject_alts = _others(subj)
    ref_alts = _others(rp)
    tried = [_trial(claim, subject=c) for c in subject_alts] + [_trial(claim, ref_place=c) for c in ref_alts]
    best = None
    for t in tried:
        judge_once(t)
        if t.measured_km is None:
            continue
        if t.verdict == "supported":
            was = claim.subject if t.subject is not claim.subject else claim.reference.place
            now = t.subject if t.subject is not claim.subject else t.reference.place
            t.notes = claim.notes + t.notes + [
                f"namesake preferred: {now.name} ({now.country_code}, {now.lat:.3f}, {now.lon:.3f}) fits the claim; "
                f"the place first chosen ({was.name}, {was.country_code}) is {claim.measured_km:,.0f} km away"]
            _copy_into(claim, t)
            return
        if best is None or t.measured_km < best.measured_km:
            best = t
    implied = any(n.startswith(IMPLIED) for n in claim.notes)  # "nearby X": the reference was a guess
    suspect = implied or (subject_alts and not _well_known(subj, tol)) or (ref_alts and not _well_known(rp, tol)) \
        or _far_apart_countries(claim)
    if not suspect:
        return  # no namesake, or a big city (not mistaken for a village of its name): the contradiction stands
    near = (f"; nearest namesake: {best.subject.name if best.subject is not claim.subject else best.reference.place.name}"
            f" at {best.measured_km:,.1f} km") if best is not None else ""
    claim.verdict = "unverifiable"
    claim.reason = (f"measured {claim.measured_km:,.0f} km, far beyond what the claim allows: the place is "
                    f"probably a namesake the data does not hold{near}")


def home_namesake(claim: Claim, judge_once: Callable[[Claim], None]) -> bool:
    """A contradicted claim (not grossly) whose reference town lies in another country than the subject: a town
    of that name in the subject's own country that fits the claim is preferred ("Quetta, 700 km southwest of
    Islamabad" read with the Kashmiri Islamabad; "Menaka, 300 km southeast of Gao" with a Gao of Burkina Faso).
    True when one was taken (the claim re-judged in place, with a note)."""
    subj, rp = claim.subject, claim.reference.place
    if (claim.reference.kind != "place" or subj is None or not subj.country_code or rp is None or not rp.resolved
            or rp.country_code == subj.country_code):
        return False
    home = sorted((c for c in _others(rp) if c.country_code == subj.country_code and c.feature == "city"),
                  key=lambda c: -(c.population or 0))
    for cand in home[:3]:
        t = _trial(claim, ref_place=cand)
        judge_once(t)
        if t.verdict == "supported":
            t.notes = claim.notes + t.notes + [
                f"namesake preferred: {cand.name} ({cand.country_code}, {cand.lat:.3f}, {cand.lon:.3f}), in the "
                f"subject's country, fits the claim; the place first chosen ({rp.name}, {rp.country_code}) is "
                f"{claim.measured_km:,.0f} km away"]
            _copy_into(claim, t)
            return True
    return False


def _others(place: Place | None) -> list[Place]:
    """Namesakes of a resolved place, without the records of the place itself (within 5 km of it)."""
    if place is None or not place.resolved or not place.text:
        return []
    return [c for c in namesakes(place) if distance_km(c.lat, c.lon, place.lat, place.lon) > 5.0]


def _far_apart_countries(claim: Claim) -> bool:
    """ "Mocimboa da Praia, 70 km south of Palma" read with Palma in Spain: the subject's country neither is nor
    borders the reference place's, so a gross error is a place the data lacks rather than a wrong figure."""
    subj = claim.subject
    if subj is None or not subj.country_code or claim.reference.kind != "place":
        return False  # a border named far away stays a contradiction ("Kramatorsk, 2 km from the Lebanese border")
    try:
        expected = claim_countries(claim)
    except Exception:  # noqa: BLE001 - no boundary data: no such judgement
        return False
    return bool(expected) and subj.country_code not in expected


def _well_known(place: Place, tol: Any) -> bool:
    return (place.population or 0) >= tol.known_population or place.feature_code == "PPLC"


def place_unrecognised(claim: Claim, judge_once: Callable[[Claim], None], tol_dict: dict[str, Any]) -> bool:
    """A subject name that recognition missed: the gazetteer entry of that name that fits the claim, if one
    does (True, claim judged); otherwise False (the claim is judged as it is: unverifiable)."""
    entries = list(namesakes(claim.subject, limit=10))
    if not entries:  # "Towns near the Montana border": a capitalised word, not a place name
        claim.verdict = "unverifiable"
        claim.reason = (f"the subject could not be located: {claim.subject.text!r} stands where it would, but "
                        "neither recognition nor the gazetteer knows a place of that name")
        claim.subject = claim.subject_span = claim.subject_link = None
        claim.tolerance_policy = tol_dict
        return True
    return _first_fit(claim, [_trial(claim, subject=cand) for cand in entries], entries, judge_once,
                      f"{claim.subject.text!r} was not recognised as a place; of its {len(entries)} gazetteer entries")


def reference_unrecognised(claim: Claim, judge_once: Callable[[Claim], None]) -> bool:
    """A reference named after the claim's "of" / "from" that recognition missed ("145 miles north of Phoenix"):
    the words place it, so the gazetteer's towns of that name are tried and the first that fits the claim is
    used (True, claim judged, said in the notes). False when no entry fits (the claim stays as it was)."""
    ref = claim.reference
    if ref.kind != "place" or ref.place is not None or ref.capital_of is not None or not ref.reason \
            or UNLOCATED not in ref.reason or claim.subject is None or not claim.subject.resolved:
        return False
    name = re.sub(r"^(?:the\s+)", "", ref.name or "", flags=re.I).strip()
    if not name:
        return False
    probe = Place(text=name, start=ref.start, end=ref.end, confidence=0.0)
    entries = [c for c in namesakes(probe, limit=10) if c.feature == "city"]
    trials = []
    for cand in entries:
        cand.reason = "a reference recognition missed, chosen because it fits the claim"
        t = _trial(claim, ref_place=cand)
        t.reference.reason = None
        trials.append(t)
    if _first_fit(claim, trials, entries, judge_once,
                  f"reference {name!r} was not recognised as a place; of its {len(entries)} gazetteer towns"):
        return True
    if entries:
        claim.notes.append(f"reference {name!r} was not recognised as a place; none of its {len(entries)} "
                           "gazetteer towns fits the claim")
    return False


def _first_fit(claim: Claim, trials: list[Claim], entries: list[Place], judge_once: Callable[[Claim], None],
               said: str) -> bool:
    """Judge the trials in order; the first supported one becomes the claim, its entry named in the notes."""
    for t, cand in zip(trials, entries):
        judge_once(t)
        if t.verdict == "supported":
            t.notes = claim.notes + t.notes + [
                f"{said}, {cand.name} ({cand.country_code}, {cand.lat:.3f}, {cand.lon:.3f}) fits the claim"]
            _copy_into(claim, t)
            return True
    return False


def _copy_into(claim: Claim, other: Claim) -> None:
    for f in dataclasses.fields(claim):
        setattr(claim, f.name, getattr(other, f.name))



# a territory called by the name of its main town and a landform word ("Gaza Strip"), and by the bare name too;
# a division named after its seat ("Kursk", "Bratislavsky kraj", "Kinshasa City") is not one: there the bare name
# is the town
_TERRITORY_NAME = re.compile(r"(?P<town>.+?)\s+(?:Strip|Enclave|Corridor|Bank|Valley|Peninsula)")


def territory_of_city(claim: Claim, boundaries: Any = None) -> Any:
    """ "Sderot, about a mile from Gaza": a bare name that is both a city and the territory around it ("Gaza",
    the Gaza Strip), said of a place in a neighbouring country, means the territory: the division whose outline
    the data draws, or None. A division merely named after its seat ("Kursk" region, "Bratislavsky kraj") keeps
    the town, and so does the city's own name ("Gaza City") or a subject in the territory's own country."""
    ref, subj = claim.reference, claim.subject
    rp = ref.place
    if (ref.kind != "place" or rp is None or not rp.resolved or rp.feature != "city" or not rp.country_code
            or subj is None or not subj.resolved or ref.text.strip().lower() != (rp.text or "").strip().lower()):
        return None
    from ..divisions import get_divisions
    from .measure import _home_country, get_boundaries

    b = get_boundaries(boundaries)
    division = get_divisions().find(rp.text, rp.country_code)
    named = _TERRITORY_NAME.fullmatch(division.name) if division is not None else None
    if named is None or named.group("town").lower() != rp.text.lower() \
            or rp.text.lower() not in (o.lower() for o in division.other_names) or not division.contains(rp.lat, rp.lon):
        return None
    home = _home_country(subj, b)
    if home is None or home == division.country or division.country not in b.neighbours(home) \
            or division.contains(subj.lat, subj.lon):
        return None
    claim.notes.append(f"{rp.text!r} said of a place in {b.countries[home].name}, a neighbour: the territory "
                       f"({division.name}), not its city: measured to its outline, the border along it")
    return division
