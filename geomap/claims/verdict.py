"""Verdicts for spatial claims: measure on the ellipsoid, then compare with a stated tolerance.

The tolerance policy (every figure is a field of :class:`Tolerance`, so it can be changed, and
every verdict spells out the rule it applied in ``Claim.rule``):

* **Words**: an exact figure ("30 km") may be off by ``exact_rel`` (10%) of the claim; a hedged
  one ("around", "about", "some", "roughly", "approximately") by ``about_rel`` (25%); both at
  least by half the rounding step of the figure (30 -> 5 km, 35 -> 2.5 km, 1,200 -> 50 km) when
  ``rounding`` is on. "nearly"/"almost" accept ``[claimed x (1 - nearly_rel), claimed]``.
  Bounds are one-sided and, being round figures, loose by ``bound_rel`` (10%): "less than",
  "under", "within", "up to", "a 20-km radius" accept anything up to the claim; "more than",
  "over", "at least", "just over" anything from it; "between X and Y" accepts [X, Y].
* **Ambiguous band**: an "about" or exact figure measured outside its accepted range by no more than
  ``ambiguous_km`` (5 km) is ambiguous, not contradicted: at that scale 1:10m lines and town points cannot
  tell ("about 2 km from the border" measured at 4.3 km). Bounds ("less than") have no band.
* **Data precision**, added to every numeric rule as slack: the subject is a point standing for an
  extended place (``extent_factor`` x the radius of a city of that population at 4,000 people
  per km^2, between 0.5 and 15 km; 15 km for a second-level division); a reference place counts
  the same way; a 1:10m border adds ``border_precision_km`` (0.5 km); ``min_km`` (0.5 km) always.
* **Direction**: the bearing from the reference (or from the nearest border point) to the subject
  must be within ``direction_deg`` (45 deg) of an 8-point compass direction, ``direction_fine_deg``
  (33.75 deg) of a 16-point one, widened by the angle the subject's extent subtends.
* **Qualitative relations** (no figure): "on the border" / "border town" / "bordering" / "on the
  coast" are supported within ``on_km`` (10 km) of the border or coast, ambiguous within
  ``on_ambiguous_km`` (20); "across the border from" within ``across_km`` (10) of the shared border
  *and* on the other side; "near" / "close to" / "nearby" within ``near_km`` (50), ambiguous within
  ``near_ambiguous_km`` (100); "on the outskirts of" / "outside" within ``outskirts_km`` (20),
  ambiguous within ``outskirts_ambiguous_km`` (40); "just north of" within ``direction_deg`` and
  ``direction_only_km`` (500). These thresholds already allow for the data's precision.
* **Namesakes**: a claim measured ``gross_factor`` (3) times beyond what its words accept is not
  contradicted on a name that other places share: a namesake that fits is preferred (said in the
  notes); if none fits, the claim is unverifiable with the nearest namesake's distance, unless
  subject and reference are cities of ``known_population`` (200,000) or capitals, which news do
  not confuse with villages of the same name (then the contradiction stands).
* **Contradicted only when sure**: a claim whose subject was guessed (the next town named, the one town
  of the sentence) or whose subject or reference was resolved with a confidence below
  ``contradict_confidence`` (0.5) is unverifiable rather than contradicted; it may still be supported.
* Claims above ``max_km`` (half the Earth's circumference) or not above zero are unverifiable, and
  so are claims whose subject or reference place was resolved with a confidence below
  ``min_confidence`` (0.3): an ambiguous name is not measured (a confidence of 0 means "not given").
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import asdict, dataclass

from ..errors import GeomapError
from ..model import Claim, Place
from .figures import road_note
from .measure import (
    NO_SHARED_BORDER,
    POINT_FEATURES,
    Measurement,
    Unmeasurable,
    angle_diff,
    compass_deg,
    country_key,
    division_of,
    division_of_subject,
    measure_border,
    measure_coast,
    measure_division,
    measure_from_division,
    measure_place,
    reference_place,
    subject_country,
    us_state_at,
)
from .namesake import (
    city_for_division,
    claim_countries,
    gross,
    home_namesake,
    place_unrecognised,
    reference_unrecognised,
    review_namesakes,
    territory_of_city,
)
from .part import PART_OF_COUNTRY
from .reference import NO_OUTLINE
from .subject import GUESSED_LINKS, UNRECOGNISED


@dataclass(frozen=True)
class Tolerance:
    """How far a measurement may be from a claim before the claim is contradicted."""

    exact_rel: float = 0.10
    about_rel: float = 0.25
    nearly_rel: float = 0.25
    rounding: bool = True
    min_km: float = 0.5
    extent_factor: float = 0.5
    border_precision_km: float = 0.5
    division_extent_km: float = 15.0
    direction_deg: float = 45.0
    direction_fine_deg: float = 33.75
    max_km: float = 20_038.0
    min_confidence: float = 0.3
    bound_rel: float = 0.10
    on_km: float = 10.0
    on_ambiguous_km: float = 20.0
    across_km: float = 10.0
    across_ambiguous_km: float = 20.0
    near_km: float = 50.0
    near_ambiguous_km: float = 100.0
    outskirts_km: float = 20.0
    outskirts_ambiguous_km: float = 40.0
    suburb_km: float = 45.0  # "a western suburb of Kyiv": commuter towns lie 20-45 km from a big city's centre
    suburb_ambiguous_km: float = 70.0
    direction_only_km: float = 500.0
    ambiguous_km: float = 5.0
    gross_factor: float = 3.0
    known_population: int = 200_000
    contradict_confidence: float = 0.5

    def relation_km(self, qualifier: str) -> tuple[float, float]:
        """(supported up to, ambiguous up to) in km for a qualitative relation."""
        if qualifier == "direction_only":
            return self.direction_only_km, self.direction_only_km
        return {"on": (self.on_km, self.on_ambiguous_km), "across": (self.across_km, self.across_ambiguous_km),
                "near": (self.near_km, self.near_ambiguous_km),
                "outskirts": (self.outskirts_km, self.outskirts_ambiguous_km),
                "suburb": (self.suburb_km, self.suburb_ambiguous_km)}[qualifier]

    def to_dict(self) -> dict:
        return asdict(self)


DEFAULT_TOLERANCE = Tolerance()


def rounding_step_km(value: float) -> float:
    """Half the step a round figure was probably rounded to: 30 -> 5, 35 -> 2.5, 1200 -> 50, 2.5 -> 0.05."""
    if value <= 0 or not math.isfinite(value):
        return 0.0
    if value != int(value):  # decimals were given: half the last decimal
        decimals = len(repr(float(value)).split(".")[1].rstrip("0")) or 1
        return 0.5 * 10 ** (-decimals)
    v = int(value)
    step = 1
    while v % (step * 10) == 0 and step * 10 <= v:
        step *= 10
    if v % (step * 5) == 0 and step * 5 <= v and step * 5 < v:
        step *= 5
    return step / 2.0


def place_extent_km(place: Place | None, tol: Tolerance) -> float:
    """Radius (times ``extent_factor``) of the area a place's point stands for, in km."""
    if place is None:
        return 0.0
    if place.feature == "admin2":
        return tol.division_extent_km
    pop = place.population or 0
    if pop <= 0:
        r = 1.0
    else:
        r = math.sqrt(pop / 4000.0 / math.pi)
    return tol.extent_factor * min(15.0, max(0.5, r)) if place.feature != "landmark" else 0.5


def _place_label(p: Place) -> str:
    pop = f", pop. {p.population:,}" if p.population else ""
    return f"{p.name or p.text} ({p.feature or 'place'}{pop})"


def judge(claim: Claim, tol: Tolerance = DEFAULT_TOLERANCE, boundaries=None) -> Claim:
    """Measure ``claim`` and set its verdict, tolerance, rule, reason and data fields (in place)."""
    def once(c: Claim) -> None:
        _judge_once(c, tol, boundaries)

    if claim.subject_link == UNRECOGNISED and claim.subject is not None and not claim.subject.resolved \
            and not claim.reason:
        if place_unrecognised(claim, once, tol.to_dict()):
            return claim
    once(claim)
    if claim.verdict == "unverifiable" and reference_unrecognised(claim, once):
        return claim
    if claim.verdict == "contradicted" and claim.subject_link != PART_OF_COUNTRY:
        if gross(claim, tol):  # (a part of a country stands for a town of the story: not a namesake)
            review_namesakes(claim, tol, once)
        else:  # "Quetta, 700 km southwest of Islamabad": the Islamabad of the subject's country
            home_namesake(claim, once)
    if claim.verdict == "contradicted":
        _contradict_only_when_sure(claim, tol)
    return claim


_LAST_NAMED = ", the town last named"  # the note parse adds when a reference refers back ("north of the city")


def _weak_link(claim: Claim, tol: Tolerance) -> str | None:
    """Why a subject found by referring back ("The village lies 2 km from ...") may be the wrong place: the town
    named earlier is in a country that does not border the one named, or the figure is grossly off."""
    link = claim.subject_link or ""
    if not link.startswith("reference back"):
        back = next((n for n in claim.notes if n.startswith("reference ") and n.endswith(_LAST_NAMED)), None)
        if back is not None and gross(claim, tol):  # "80 km north of the city": the town last named, a guess
            return f"the {back}, and the figure is grossly off, so it is probably not the town meant"
        return None
    if any(NO_SHARED_BORDER in n for n in claim.notes):
        return (f"the subject was found by {link} and lies in a country that does not border the one named, "
                "so it is probably not the place meant")
    if gross(claim, tol):
        return f"the subject was found by {link} and the figure is grossly off, so it is probably not the place meant"
    return None


def _contradict_only_when_sure(claim: Claim, tol: Tolerance) -> None:
    """A contradiction needs a subject found by the words (not guessed) and places resolved with confidence."""
    doubt = _weak_link(claim, tol)
    if doubt:
        claim.reason = f"{claim.reason}; but {doubt}"
        claim.verdict = "unverifiable"
        return
    if claim.subject_link in GUESSED_LINKS:
        doubt = f"the subject was only guessed ({claim.subject_link})"
    else:
        rp = claim.reference.place if claim.reference.kind == "place" else None
        for role, p in (("subject", claim.subject), ("reference", rp)):
            if p is not None and 0 < p.confidence < tol.contradict_confidence:
                doubt = f"the {role} {p.text!r} was resolved with confidence {p.confidence:.2f} only"
                break
    if doubt:
        claim.verdict = "unverifiable"
        claim.reason = f"{claim.reason}; but {doubt}, so the claim is not contradicted"


def _judge_once(claim: Claim, tol: Tolerance, boundaries) -> None:
    claim.tolerance_policy = dict(_policy(tol))
    try:
        _judge(claim, tol, boundaries)
    except Unmeasurable as why:
        _unverifiable(claim, str(why))
    except (GeomapError, ValueError) as err:  # damaged data, bad coordinates: unverifiable, said why
        _unverifiable(claim, f"could not be measured: {err}")


@functools.lru_cache(maxsize=16)
def _policy(tol: Tolerance) -> dict:
    """``tol.to_dict()``, made once per policy (dataclasses.asdict deep-copies: slow for every claim)."""
    return tol.to_dict()


def _unverifiable(claim: Claim, reason: str) -> None:
    claim.verdict = "unverifiable"
    claim.reason = reason


def _check_figure(claim: Claim, tol: Tolerance) -> None:
    """Raise Unmeasurable when the stated figure cannot be a distance on Earth."""
    c = claim.claimed_km
    if c is None or not math.isfinite(c) or c <= 0 or (claim.claimed_min_km is not None and claim.claimed_min_km < 0):
        raise Unmeasurable(f"the distance is not positive or not finite ({claim.value} {claim.unit})")
    if (claim.claimed_max_km or c) > tol.max_km:
        figure = f"{c:,.0f}" if c < 1e12 else f"{c:.3g}"  # "1e308 miles": no 300-digit figure in the reason
        raise Unmeasurable(f"{figure} km is more than any distance on Earth (max {tol.max_km:,.0f} km)")


def _point_of(place: Place, claim: Claim, role: str) -> Place:
    """A division used as a point ("the western city of Herat") becomes the town of that name."""
    if place.feature in ("admin1", "admin2") and place.resolved:
        town = city_for_division(place, claim_countries(claim) if role == "subject" else frozenset())
        if town is not None:
            abroad = f" ({town.country_code})" if town.country_code != place.country_code else ""
            claim.notes.append(f"{role} {place.text!r} taken as the town of {town.name}{abroad}, "
                               f"not the {place.feature} of that name")
            return town
    return place


def _check_subject(subj: Place | None, tol: Tolerance) -> Place:
    """The subject if it can be measured from; raises Unmeasurable with the reason if not."""
    if subj is None:
        raise Unmeasurable("no named subject: the text does not say which place is at this distance")
    if not subj.resolved:
        raise Unmeasurable(f"the subject {subj.text!r} could not be located"
                           + (f" ({subj.reason})" if subj.reason else ""))
    if 0 < subj.confidence < tol.min_confidence:
        raise Unmeasurable(f"the subject {subj.text!r} is ambiguous (resolved to {subj.name} with "
                           f"confidence {subj.confidence:.2f} < {tol.min_confidence:g})")
    if subj.feature not in POINT_FEATURES and subj.feature != "admin2":
        raise Unmeasurable(f"the subject {subj.name or subj.text!r} is a {subj.feature}, not a point")
    return subj


def _region_as_place(claim: Claim) -> object | None:
    """A reference parsed as a division may name its town ("40 km from Herat"): use the town if there is one;
    else the division's outline when the data has it ("Ukraine's Sumy Oblast"), returned to measure to."""
    ref = claim.reference
    if ref.kind != "region" or ref.place is None:
        return None
    if ref.end == ref.place.end:
        town = _point_of(ref.place, claim, "reference")
        if town is not ref.place:
            ref.kind, ref.place, ref.reason = "place", town, None
            if claim.reason and claim.reason.startswith(NO_OUTLINE):
                claim.reason = None
            return None
    division = division_of(ref)
    if division is not None and claim.reason == ref.reason:
        ref.reason = claim.reason = None
    return division


def _judge(claim: Claim, tol: Tolerance, boundaries) -> None:
    division = _region_as_place(claim)
    ref = claim.reference
    if claim.reason:  # the parser already knows it cannot be checked
        claim.verdict = "unverifiable"
        return
    if claim.numeric:
        _check_figure(claim, tol)
    subject_division = division_of_subject(claim)
    if subject_division is not None:  # "the Kursk region, which borders Ukraine": from the outline
        _judge_from_division(claim, tol, boundaries, subject_division)
        return
    if claim.subject is not None:
        claim.subject = _point_of(claim.subject, claim, "subject")
    subj = _check_subject(claim.subject, tol)
    division = division or territory_of_city(claim, boundaries)  # "Sderot, a mile from Gaza": the Strip
    if ref.kind == "unknown":
        raise Unmeasurable(ref.reason or f"the data cannot place {ref.text!r}")
    if ref.kind not in ("border", "place", "coast") and division is None:  # "region"
        raise Unmeasurable(ref.reason or f"the data has no outline for the region {ref.text!r}")

    extent_s = place_extent_km(subj, tol)
    data = [f"subject: GeoNames point of {_place_label(subj)}, standing for ±{extent_s:.1f} km"]
    slack_parts = [(extent_s, "subject extent")]
    same_side = claim.qualifier == "across" and _across_reference(claim, boundaries)
    if ref.kind in ("border", "coast") or division is not None:
        if division is not None:
            m = measure_division(claim, division)
        else:
            m = measure_border(claim, boundaries) if ref.kind == "border" else measure_coast(claim, boundaries)
        precision = tol.border_precision_km if m.precision_km is None else m.precision_km
        slack_parts.append((precision, "border precision"))
        lat, lon = m.point
        data.append(f"reference: {m.border_label}, {m.source}, "
                    f"good to ~{precision:g} km; nearest point "
                    f"{lat:.4f}, {lon:.4f}" + (f" ({'-'.join(m.border_pair)})" if m.border_pair else ""))
    else:
        rp = reference_place(claim, tol.min_confidence, boundaries)
        if _same_place(subj, rp):  # "Pyinmana lies south of Naypyitaw", both resolved to one place
            raise Unmeasurable(f"the subject {subj.text!r} and the reference {rp.text!r} were both placed at "
                               f"{rp.name}: one of them is probably a place the data lacks or misnames")
        m = measure_place(claim, rp, boundaries)
        extent_r = place_extent_km(rp, tol)
        slack_parts.append((extent_r, "reference extent"))
        data.append(f"reference: GeoNames point of {_place_label(rp)}, standing for ±{extent_r:.1f} km")
    _record(claim, m, data)
    if not claim.numeric:
        _apply_relation(claim, tol, extent_s, same_side)
        return
    slack = tol.min_km + sum(s for s, _ in slack_parts)
    slack_txt = " + ".join([f"{tol.min_km:g} km minimum"] + [f"{s:.1f} km {what}" for s, what in slack_parts])
    _apply_rule(claim, tol, slack, slack_txt)
    _apply_direction(claim, tol, extent_s)
    if ref.inside:
        _apply_inside(claim, boundaries)


def _judge_from_division(claim: Claim, tol: Tolerance, boundaries, division) -> None:
    """Judge a claim whose subject is a division named as one, measured from its outline."""
    ref = claim.reference
    if ref.kind not in ("border", "coast", "place"):
        raise Unmeasurable(ref.reason or f"distances between a division and {ref.text!r} are not checked")
    rp = reference_place(claim, tol.min_confidence, boundaries) if ref.kind == "place" else None
    m = measure_from_division(claim, division, boundaries, rp)
    _record(claim, m, [f"subject: the outline of {division.name} ({division.kind or 'division'}, "
                       f"{division.country}), good to ~{m.precision_km:g} km; reference: {m.border_label}"])
    if not claim.numeric:
        _apply_relation(claim, tol, 0.0, False)
        return
    slack = tol.min_km + m.precision_km
    _apply_rule(claim, tol, slack, f"{tol.min_km:g} km minimum + {m.precision_km:g} km outline precision")
    _apply_direction(claim, tol, 0.0)
    if claim.verdict != "supported":  # "Sumy Oblast, about 300 km from Kyiv" may mean its capital, not its edge
        claim.verdict = "unverifiable"
        claim.reason = (f"{claim.reason}; but a figure for a whole division may mean its edge, its centre or its "
                        "capital, so it is not judged against the edge alone")


def _record(claim: Claim, m: Measurement, data: list[str]) -> None:
    """Copy a measurement onto the claim, with the data it was made on."""
    claim.measured_km = m.km
    claim.measured_bearing_deg = m.bearing_deg
    claim.measured_to = m.point
    claim.alt_measured_km = m.alt_km
    claim.notes.extend(m.notes)
    data.append("distances are geodesic on the WGS84 ellipsoid")
    if m.disputed:
        claim.disputed = [{"area": d.name, "drawn_as": d.drawn_as, "claimed_by": list(d.claimed_by),
                           "note": d.note} for d in m.disputed]
        views = "; ".join(d.view() for d in m.disputed)
        data.append(f"disputed area involved: {views}; measured on the data's view")
        if m.alt_km is not None:
            data.append(f"without the disputed line: {m.alt_km:.1f} km")
    claim.data = "; ".join(data)


# ----------------------------------------------------------------------------- qualitative relations


def _across_reference(claim: Claim, boundaries) -> bool:
    """ "across from Romania" / "across the border from Kharkiv": the border between the subject's country
    and the other side's is the reference; True when the subject lies on the other side itself (wrong)."""
    ref = claim.reference
    states = _across_states(claim)
    if states is not None:  # "just across the state line from Portland": Washington and Oregon
        home, other_state = states
        ref.kind, ref.country_names = "border", [other_state]
        return home == other_state
    if _across_river_at_home(claim):
        claim.notes.append("across a river within one country: no border between them, judged as 'near' the "
                           "town on the other bank")
        return False
    other = None
    if ref.kind == "border" and ref.country_names:
        other = country_key(ref.country_names[0], boundaries)
    elif ref.kind == "place" and ref.place is not None and ref.place.country_code:
        other = country_key(ref.place.country_code, boundaries)
    if other is None:
        raise Unmeasurable(f"no country known for the other side in {ref.text!r}")
    ref.kind, ref.country_names = "border", [other]
    # the subject's own country (GeoNames) first: a town on a river border may fall just inside the
    # neighbour's generalised outline (Narva, drawn on the Russian side at 1:10m)
    home = country_key(claim.subject.country_code, boundaries) if claim.subject.country_code else None
    return (home or subject_country(claim, boundaries)) == other


def _across_river_at_home(claim: Claim) -> bool:
    """ "Enerhodar, across the Dnipro from Nikopol": a river named between two towns of one country."""
    ref, subj = claim.reference, claim.subject
    words = claim.qualifier_text or ""
    return (ref.kind == "place" and ref.place is not None and subj.country_code is not None
            and ref.place.country_code == subj.country_code and re.search(r"across\s+the\s+", words, re.I) is not None
            and re.search(r"\b(?:border|frontier|line)\b", words, re.I) is None)


def _same_place(a: Place, b: Place) -> bool:
    """Two mentions resolved to one gazetteer place (same GeoNames id, or the same point)."""
    if a.geonameid and b.geonameid:
        return a.geonameid == b.geonameid
    return (a.lat, a.lon) == (b.lat, b.lon)


def _across_states(claim: Claim) -> tuple[str, str] | None:
    """(subject's state, reference's state) names when both places are in the US: across a state line."""
    ref, subj = claim.reference, claim.subject
    if ref.kind != "place" or ref.place is None or subj.country_code != "US" or ref.place.country_code != "US":
        return None
    home, other = us_state_at(subj.lat, subj.lon), us_state_at(ref.place.lat, ref.place.lon)
    return (home, other) if home and other else None


def _apply_relation(claim: Claim, tol: Tolerance, extent_km: float, same_side: bool) -> None:
    """Verdict of a qualitative claim: thresholds of the relation (see the module's policy)."""
    q = claim.qualifier
    m = claim.measured_km
    suburb = q == "outskirts" and re.match(r"(?:a|an|one)\b.*\bsuburbs?\b", claim.qualifier_text or "", re.I)
    ok_km, maybe_km = tol.relation_km("near" if q == "across" and claim.reference.kind == "place"
                                      else "suburb" if suburb else q)
    claim.accepted_min_km, claim.accepted_max_km, claim.tolerance_km = 0.0, ok_km, ok_km
    claim.rule = (f"{q}: supported if measured <= {ok_km:g} km"
                  + (f", ambiguous if <= {maybe_km:g} km" if maybe_km > ok_km else "") + ", else contradicted")
    claim.verdict = "supported" if m <= ok_km else "ambiguous" if m <= maybe_km else "contradicted"
    if claim.verdict != "supported":
        claim.reason = (f"measured {m:.1f} km from {claim.reference.text!r}: beyond the {ok_km:g} km that "
                        f"{claim.qualifier_text!r} allows")
    if same_side:  # "across the border from X", said of a place in X's own country
        claim.verdict = "contradicted"
        claim.reason = "the subject lies on the same side of the border as the reference"
    if q == "direction_only" or (suburb and claim.direction):  # "a western suburb of Kyiv"
        _apply_direction(claim, tol, extent_km)


def _apply_inside(claim: Claim, boundaries) -> None:
    """ "10 km inside Russian territory": the subject must lie in that country."""
    want = claim.reference.countries[0] if claim.reference.countries else None
    home = subject_country(claim, boundaries)
    if want is not None and home != want:
        claim.verdict = "contradicted"
        why = f"the subject lies in {home or 'no country of the data'}, not inside {want}"
        claim.reason = f"{claim.reason}; {why}" if claim.reason else why


def _apply_rule(claim: Claim, tol: Tolerance, slack: float, slack_txt: str) -> None:
    q = claim.qualifier
    c = claim.claimed_km
    m = claim.measured_km
    unit = claim.unit
    if q in ("exact", "about"):
        rel = tol.exact_rel if q == "exact" else tol.about_rel
        step = rounding_step_km(claim.value) * claim.km_per_unit if tol.rounding else 0.0
        spread = max(rel * c, step)
        lo, hi = c - spread - slack, c + spread + slack
        claim.tolerance_km = spread + slack
        claim.rule = (f"{q}: |measured - {c:g} km| <= max({rel:.0%} of claim, {step:g} km rounding) "
                      f"+ {slack_txt} = {claim.tolerance_km:.1f} km")
    elif q == "nearly":
        lo, hi = c * (1 - tol.nearly_rel) - slack, c + slack
        claim.tolerance_km = slack
        claim.rule = (f"nearly: {1 - tol.nearly_rel:.0%} of {c:g} km <= measured <= {c:g} km, "
                      f"± {slack_txt} = {slack:.1f} km")
    elif q == "at_most":
        loose = tol.bound_rel * c
        lo, hi = 0.0, c + loose + slack
        claim.tolerance_km = loose + slack
        claim.rule = (f"at most: measured <= {c:g} km + {tol.bound_rel:.0%} ({loose:.1f} km) + {slack_txt} "
                      f"= {hi:.1f} km")
    elif q == "at_least":
        loose = tol.bound_rel * c
        lo, hi = max(0.0, c - loose - slack), math.inf
        claim.tolerance_km = loose + slack
        claim.rule = (f"at least: measured >= {c:g} km - {tol.bound_rel:.0%} ({loose:.1f} km) - ({slack_txt}) "
                      f"= {lo:.1f} km")
    elif q == "vague":  # "a few km" read as 2-5 km: ambiguous within a factor of two of that range
        lo, hi = claim.claimed_min_km - slack, claim.claimed_max_km + slack
        claim.tolerance_km = slack
        claim.rule = (f"vague: {claim.qualifier_text!r} read as {claim.claimed_min_km:g}–{claim.claimed_max_km:g} km"
                      f" ± {slack_txt} = {slack:.1f} km; ambiguous within half to twice that range")
        claim.accepted_min_km, claim.accepted_max_km = max(0.0, lo), hi
        if lo <= m <= hi:
            claim.verdict = "supported"
            return
        near = lo / 2 <= m <= 2 * hi
        claim.verdict = "ambiguous" if near else "contradicted"
        claim.reason = (f"measured {m:.1f} km is {'short of' if m < lo else 'beyond'} the "
                        f"{max(0.0, lo):.1f}–{hi:.1f} km that {claim.qualifier_text!r} {unit} is read as"
                        + (" (a vague amount: not contradicted so close)" if near else ""))
        return
    elif q == "between":
        lo, hi = claim.claimed_min_km - slack, claim.claimed_max_km + slack
        claim.tolerance_km = slack
        claim.rule = (f"between: {claim.claimed_min_km:g} km - {slack:.1f} km <= measured <= "
                      f"{claim.claimed_max_km:g} km + {slack:.1f} km ({slack_txt})")
    else:  # pragma: no cover - the parser only produces the kinds above
        raise ValueError(f"unknown qualifier {q!r}")
    claim.accepted_min_km = max(0.0, lo)
    claim.accepted_max_km = None if math.isinf(hi) else hi
    ok = lo <= m <= hi
    claim.verdict = "supported" if ok else "contradicted"
    if not ok:
        side = "short of" if m < lo else "beyond"
        bound = lo if m < lo else hi
        claim.reason = (f"measured {m:.1f} km is {side} the accepted range "
                        f"({max(0.0, lo):.1f}–{'∞' if math.isinf(hi) else f'{hi:.1f}'} km) for "
                        f"'{claim.qualifier_text or ''} {claim.value:g} {unit}'".replace("' ", "'").strip()
                        + f" (off by {abs(m - bound):.1f} km)")
        if q in ("exact", "about") and tol.ambiguous_km > 0:
            claim.rule += f"; ambiguous (not contradicted) up to {tol.ambiguous_km:g} km outside that range"
            if abs(m - bound) <= tol.ambiguous_km:
                claim.verdict = "ambiguous"
                claim.reason += (f": within the {tol.ambiguous_km:g} km outside the range where 1:10m lines and town "
                                 "points cannot tell, so not contradicted")
        road_note(claim, m, lo)



def _apply_direction(claim: Claim, tol: Tolerance, extent_km: float) -> None:
    if not claim.direction:
        return
    want = compass_deg(claim.direction)
    if want is None:
        claim.notes.append(f"direction {claim.direction!r} not understood; not checked")
        return
    claim.direction_deg = want
    fine = len(claim.direction.replace("-", " ").split()) == 3 or (
        claim.direction.isupper() and len(claim.direction) == 3)
    limit = tol.direction_fine_deg if fine else tol.direction_deg
    m = claim.measured_km or 0.0
    widen = math.degrees(math.atan2(extent_km, m)) if m > 0 else 180.0
    limit = min(180.0, limit + widen)
    off = angle_diff(claim.measured_bearing_deg, want)
    claim.rule = (claim.rule or "") + (f"; direction {claim.direction}: bearing within {limit:.0f} deg of "
                                       f"{want:g} deg (measured {claim.measured_bearing_deg:.0f} deg)")
    if off > limit:
        claim.verdict = "contradicted"
        why = (f"the subject lies at bearing {claim.measured_bearing_deg:.0f} deg from the reference, "
               f"{off:.0f} deg away from {claim.direction} ({want:g} deg)")
        claim.reason = f"{claim.reason}; {why}" if claim.reason else why
