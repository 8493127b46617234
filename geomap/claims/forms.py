"""Claim forms beyond "N km from X" and the links between a claim and its subject that span several claims.

    "Nikopol, which sits across the river from X, about 10 km away"        the figure after its reference
    "Ras al-Ain, a Syrian border town opposite Ceylanpinar in Turkey"      a border town of a named country
    "off the coast of Ecuador, near the town of X"                         a reference is no subject
    "the village of X near Y, around 10 km from the border"                claims in a row share their subject
    "The village lies 2 km from the Lebanese border" (after a Ukrainian town)   a doubtful reference back
    "Vovchansk and Kupiansk, both near the Russian border"                  one claim per place
"""

from __future__ import annotations

import copy
import dataclasses
import re

from ..model import Claim, Place, Reference
from ..model.claim import KM_PER_UNIT
from ..text import NUMBER_RE, Sentence, sentence_at
from .figures import NUMBER, QUAL_RE, UNIT_RE, figures, unit_key
from .reference import PLACE_LEAD, REFERENCE_BACK, parse_reference
from .subject import (
    DOUBTFUL_BACK,
    GUESSED_LINKS,
    LIGHT,
    NEAR_PROXY,
    NOT_A_PLACE,
    ONLY_IN_SENTENCE,
    SubjectLink,
    appositive_np,
    find_subject,
    is_point,
    light_gap,
    places_between,
    prior_place,
)

_FEW_KM = 100.0  # a claim of at most this many km to a border says the subject's country borders it


def doubtful_back(c: Claim) -> None:
    """ "The village lies 2 km from the Lebanese border" referred back to a town of a country that does not
    border Lebanon: the link, not the claim, is likely wrong; the claim may then support, never contradict."""
    subj, ref = c.subject, c.reference
    if not (c.subject_link or "").startswith("reference back") or ref.kind != "border" \
            or len(ref.country_names) != 1 or subj is None or not subj.country_code \
            or (c.value is not None and c.value * c.km_per_unit > _FEW_KM):
        return
    from ..boundaries import get_boundaries

    b = get_boundaries()
    other = b.code_for(ref.country_names[0])
    if other is None or subj.country_code not in b.countries or other == subj.country_code \
            or not b.border(subj.country_code, other).empty:
        return
    c.notes.append(f"{c.subject_link}: {subj.name} is in a country that does not border {b.countries[other].name}")
    c.subject_link = DOUBTFUL_BACK


# "Nikopol, which sits across the river from Enerhodar, about 10 km away": the figure after its reference
_AWAY_RE = re.compile(
    rf"(?<![\w.,])(?:(?P<qual>{QUAL_RE})\s+)?(?<![\w.,])(?P<num>{NUMBER})"
    rf"(?:\s*(?:-|–|to|and)\s*(?P<num2>{NUMBER_RE}))?(?:\s*-\s*|\s+|(?<=\d)){UNIT_RE}"
    r"(?:\s*\([^()\n]{1,40}\))?\s+away\b(?!\s+(?:from|of)\b)", re.I)
_FROM_BEFORE = re.compile(r"\b(?:from|of|opposite|near|to)\s+(?=(?:the\s+)?[A-Z])")


def _away_matches(text: str):
    """_AWAY_RE's matches, searched only just before each "away" (the regex is slow to try everywhere)."""
    low_end = 0
    pos = text.find(" away")
    while pos != -1:
        lo = max(low_end, pos - 120)
        for m in _AWAY_RE.finditer(text, lo, pos + 20):  # past "away": the lookahead sees "from"
            low_end = m.end()
            yield m
        pos = text.find(" away", pos + 5)


def away_claims(text: str, places: list[Place], sentences: list[Sentence]) -> list[Claim]:
    """ "..., about 10 km away": measured from the place named last before it in the sentence after "from",
    "of", "opposite" (the claim's words run from there); its subject is found as for a claim starting there."""
    out: list[Claim] = []
    for m in _away_matches(text):
        figs = figures(m)
        sent = sentence_at(sentences, m.start())
        if figs is None or sent is None:
            continue
        leads = list(_FROM_BEFORE.finditer(text, sent.start, m.start()))
        if not leads:
            continue
        lead = leads[-1]
        between = text[lead.end():m.start()]  # the reference's words, a comma, then only light words
        if "," not in between or not light_gap(between[between.index(",") + 1:], LIGHT):
            continue
        ref = parse_reference(text, lead.end(), places)
        if ref.kind not in ("place", "border") or (ref.place is None and ref.reason != REFERENCE_BACK):
            continue
        num, num2, qualifier, qual_text = figs
        unit = unit_key(m.group("unit"))
        c = Claim(text=text[lead.start():m.end()], start=lead.start(), end=m.end(), value=num, value_max=num2,
                  unit=unit, km_per_unit=KM_PER_UNIT[unit], qualifier=qualifier, qualifier_text=qual_text,
                  reference=ref)
        link = find_subject(text, lead.start(), ref, places, sentences)
        if link.place is None:  # "Nikopol, which sits across the river from X", "fled from Y to X, 40 km away"
            link = _other_place(text, sent.start, lead.start(), places, ref) or link
        attach_subject(c, link)
        reference_back(c, text, places)
        out.append(c)
    return out


def _other_place(text: str, lo: int, hi: int, places: list[Place], ref: Reference) -> SubjectLink | None:
    """The last town named in [lo, hi) that is not the reference: the distance between two named places is
    the same both ways, but the link is a guess (it may support the claim, not contradict it)."""
    for p in reversed(places_between(places, lo, hi)):
        if p.mention != "demonym" and p.resolved and is_point(p, text) and p is not ref.place:
            return SubjectLink(p, ONLY_IN_SENTENCE, p.text, p.start, p.end)
    return None


def reference_back(c: Claim, text: str, places: list[Place]) -> None:
    """ "10 km north of the city": the reference is the town last named before the claim (not its subject)."""
    ref = c.reference
    if ref.reason != REFERENCE_BACK:
        return
    prior = prior_place(text, c.start, places, ref, other=c.subject)
    if prior is None:
        ref.reason = f"{ref.text!r} refers back to a town, but none is named before it"
        c.reason = c.reason or ref.reason
        return
    ref.place, ref.name, ref.reason = prior, prior.name, None
    c.notes.append(f"reference {ref.text!r} taken as {prior.name}, the town last named")


def attach_subject(c: Claim, link: SubjectLink) -> None:
    c.subject = link.place
    if link.how == NOT_A_PLACE:
        c.reason = f"the claim's subject is {link.text!r}, {NOT_A_PLACE}: it has no point to measure from"
    c.subject_link = link.how if link.place is not None else None
    if link.place is not None:
        c.subject_span = (link.text, link.start, link.end)
    if link.note:
        c.notes.append(link.note)
    ref = c.reference
    if ref.reason and ref.kind in ("unknown", "region") and not c.reason:
        c.reason = ref.reason


# "opposite Ceylanpinar in Turkey", "across from the Turkish town of Akcakale": the other side of the border
_OPPOSITE = re.compile(r"\s*,?\s*(?:just\s+|directly\s+)?(?:opposite|facing|across\s+from)\s+")


def border_town(text: str, m: re.Match, places: list[Place]) -> tuple[Reference, Place | None] | None:
    """ "the border town of Sudzha" (subject after), "Ras al-Ain, a Syrian border town" (subject before: the
    border of Syria), "... opposite Ceylanpinar in Turkey" (the border between the two countries)."""
    word = re.compile(r"border", re.I).search(text, m.start(), m.end())
    ref = Reference(kind="border", text=word.group(0), start=word.start(), end=word.end(), name="the border")
    subj = place_after(text, m.end(), places) if m.group(0).rstrip().endswith("of") else None
    country = m.group("bt_of") and next((p for p in places_between(places, m.start("bt_of"), m.start("bt_of") + 1)
                                         if p.feature == "country"), None)
    if m.group("bt_of") and country is None:
        return None  # "the Rafah border crossing": a name, not a country's border
    if country is not None:  # "a Syrian border town": Syria's border
        ref.text, ref.start, ref.name = text[m.start("bt_of"):word.end()], m.start("bt_of"), None
        ref.name, ref.country_names = ref.text, [m.group("bt_of")]
    elif subj is None:
        return None
    other = _OPPOSITE.match(text, subj.end if subj is not None else m.end() - 1)
    if other is not None and ref.country_names:
        far = place_after(text, other.end(), places)
        if far is not None and far.country_code and far.resolved:
            ref.country_names = [*ref.country_names, far.country_code]
            ref.text, ref.end = text[ref.start:far.end], far.end
            ref.name = ref.text
    return ref, subj


def place_after(text: str, pos: int, places: list[Place]) -> Place | None:
    lead = PLACE_LEAD.match(text, pos)
    pos = lead.end() if lead else pos
    return next((p for p in places_between(places, pos, pos + 1) if p.mention != "demonym"), None)


def out_of_references(claims: list[Claim], text: str, places: list[Place], sentences: list[Sentence]) -> None:
    """A place named inside another claim's reference is not this claim's subject: in "struck off the coast of
    Ecuador, near the town of X" Ecuador is what the first claim measures to, not what the second is about.
    Claims in a row share their subject: "the village of X near Y, around 10 km from the border" is about X
    (when X cannot be placed, Y, which X is said to be near, stands in for it: a guessed subject)."""
    if len(claims) < 2:
        return
    own = [d for d in claims if d.start <= d.reference.start < d.end]  # references written in the claim's words
    spans = tuple((d.reference.start, d.reference.end) for d in own)
    for c in claims:
        subj = c.subject
        if subj is None or subj.start >= c.start:
            continue
        d = next((d for d in own if d is not c and d.reference.start <= subj.start < d.reference.end), None)
        if d is None or appositive_np(text[subj.end:c.start]):
            continue  # "within 8 km of Pokrovsk, a key logistics hub 70 km west of X": about Pokrovsk itself
        old = SubjectLink(subj, c.subject_link or "", subj.text, subj.start, subj.end).note
        c.subject = c.subject_span = c.subject_link = None
        c.notes = [n for n in c.notes if n != old]
        if d.end <= c.start and light_gap(text[d.end:c.start], LIGHT):
            if d.subject is not None and d.subject.resolved:
                how = d.subject_link if d.subject_link in GUESSED_LINKS else "appositive"
                span = d.subject_span or (d.subject.text, d.subject.start, d.subject.end)
                attach_subject(c, SubjectLink(d.subject, how, *span))
                continue
            if d.qualifier in ("near", "outskirts") and subj.resolved and is_point(subj, text):
                # "hit near Marib, some 120 km east of Sanaa": an event near Y, so the figure is about Y itself;
                # "the village of X near Y, 10 km from ...": X cannot be placed, Y stands in for it (a guess)
                event = bool(d.reason and NOT_A_PLACE in d.reason) or not _NAME_BEFORE.search(
                    text, max(0, d.start - 60), d.start)
                attach_subject(c, SubjectLink(subj, "appositive" if event else NEAR_PROXY,
                                              subj.text, subj.start, subj.end))
                continue
        attach_subject(c, find_subject(text, c.start, c.reference, places, sentences, spans))


# "X lies 40 km north of the border and about 80 km from Y": a second figure in the same predicate
_AND_FIGURE = re.compile(r"\s*,?\s*(?:and|but)\s+(?:(?:is|lies|sits|only|just|also|still)\s+){0,2}")


def same_predicate(claims: list[Claim], text: str) -> None:
    """A claim without a subject right after "and" that joins it to the claim before shares that claim's subject."""
    for d, c in zip(claims, claims[1:]):
        if c.subject is None and not c.reason and d.subject is not None and d.end <= c.start \
                and _AND_FIGURE.fullmatch(text, d.end, c.start):
            how = d.subject_link if d.subject_link in GUESSED_LINKS else "predicate"
            attach_subject(c, SubjectLink(d.subject, how, *(d.subject_span or (d.subject.text, d.subject.start,
                                                                               d.subject.end))))


_NAME_BEFORE = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*,?\s+$")  # "Kfarjouz near", not "a ravine outside"
_BOTH_AFTER = re.compile(r"\s*,\s*(?:both|all|each)\b")
_AND_BETWEEN = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")


def coordinated(claims: list[Claim], text: str, places: list[Place]) -> list[Claim]:
    """ "Vovchansk and Kupiansk, both near the Russian border": the claim is made of every place of the list
    (one claim each, measured on its own), not only of the last one named."""
    out: list[Claim] = []
    for c in claims:
        out.append(c)
        p = c.subject
        if p is None or c.subject_link != "appositive" or not _BOTH_AFTER.match(text, p.end, c.start):
            continue
        pos = p.start
        for q in reversed(places_between(places, max(0, p.start - 200), p.start)):
            if q.end > pos or not _AND_BETWEEN.fullmatch(text, q.end, pos):
                break
            pos = q.start
            if q.mention == "demonym" or not is_point(q, text):
                continue
            d = copy.copy(c)
            d.reference = dataclasses.replace(c.reference)
            d.subject, d.subject_span = q, (q.text, q.start, q.end)
            d.notes = [*c.notes, f"said of {q.text} and {p.text} alike: one claim each"]
            out.append(d)
    return out
