"""Claims about part of a country, and claims naming several borders at once.

    "that part of Niger near the borders with Mali and Burkina Faso"

* **Several borders**: "the borders with Mali and Burkina Faso" (or "with A, B and C") is one claim per
  neighbour, each measured to its own shared border: being near one of them says nothing of the other.
* **Part of a country**: a country has no point to measure from, but "that part of Niger", "the area of
  Niger", "southern Niger" points at the part of Niger the story is about. The subject becomes the last
  town in that country named before the claim in the same paragraph (at most ``LOOK_BACK`` sentences
  back: the place of the events told), and the claim's notes say so; when there is none, the claim is
  unverifiable with that reason.
"""

from __future__ import annotations

import bisect
import copy
import dataclasses
import re

from ..model import Claim, Place
from ..text import Sentence
from .reference import NAME, REGION_WORD
from .subject import is_point

LOOK_BACK = 3  # sentences before the claim's own
PART_OF_COUNTRY = "part of a country"  # how the subject was found (Claim.subject_link)
_PART_BEFORE = re.compile(
    r"(?:\b(?:that|this|the|a|some|those|these|parts?|areas?|corners?|regions?|stretch(?:es)?|sections?|zones?|"
    r"swathes?|pockets?)\s+)*\b(?:parts?|areas?|corners?|regions?|stretch(?:es)?|sections?|zones?|swathes?|pockets?|"
    r"(?:the\s+)?(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?)\s+of\s+(?:the\s+)?$"
    r"|\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|central)(?:ern)?\s+$",
    re.I,
)
_NEIGHBOUR_LIST = re.compile(rf"\bwith\s+(?P<names>{NAME}(?:\s*,\s*{NAME})*\s*,?\s+and\s+{NAME})\s*$")
_NAME_IN_LIST = re.compile(NAME)


def split_borders(claim: Claim, places: list[Place], starts: list[int]) -> list[Claim]:
    """One claim per neighbour when the reference names several ("the borders with Mali and Burkina Faso").

    Only countries count: "near the border with Lebanon, and Metula" keeps "the border with Lebanon" (the list
    stops at the first name that is not a country). ``places`` sorted by start, ``starts`` their offsets."""
    ref = claim.reference
    m = _NEIGHBOUR_LIST.search(ref.text) if ref.kind == "border" else None
    if m is None:
        return [claim]
    base = ref.start + m.start("names")
    names: list[tuple[str, int]] = []  # (name, end offset in the text)
    for part in _NAME_IN_LIST.finditer(m.group("names")):
        if names and not _is_country_at(places, starts, base + part.start()):
            break
        names.append((part.group(0), base + part.end()))
    if len(names) < 2:
        end = names[0][1] if names else ref.end
        claim.reference = dataclasses.replace(ref, text=ref.text[:end - ref.start], end=end)
        if claim.end == ref.end:  # the claim's words end with the reference: they end where it now ends
            claim.text, claim.end = claim.text[:end - claim.start], end
        return [claim]
    out = []
    for i, (name, _) in enumerate(names):
        c = copy.copy(claim)
        c.reference = dataclasses.replace(ref, country_names=[name])
        c.notes = [*claim.notes, f"one of {len(names)} claims for {ref.text!r}: the border with {name}"]
        out.append(c)
        if i == 0:
            claim.reference = c.reference
    return out


def _is_country_at(places: list[Place], starts: list[int], pos: int) -> bool:
    i = bisect.bisect_left(starts, pos)
    return i < len(places) and places[i].start == pos and places[i].feature == "country"


def part_of_country(claim: Claim, text: str, places: list[Place], starts: list[int],
                    sentences: list[Sentence]) -> None:
    """Give "that part of Niger" the point of the last town in Niger named before it (see module doc).

    ``places`` are sorted by start and ``starts`` are their start offsets (for bisect: no rescans)."""
    subj = claim.subject
    if subj is None or subj.feature != "country" or not subj.country_code:
        return
    words = _PART_BEFORE.search(text, max(0, subj.start - 60), subj.start)
    if words is None:
        return
    phrase = text[words.start():subj.end]
    claim.subject_span = (phrase, words.start(), subj.end)
    lo = _window_start(text, words.start(), sentences)
    i = bisect.bisect_left(starts, words.start()) - 1
    while i >= 0 and places[i].start >= lo:
        p = places[i]
        if p.resolved and p.country_code == subj.country_code and p.mention != "demonym" and is_point(p, text) \
                and not _dateline(text, p):
            claim.subject, claim.subject_link = p, PART_OF_COUNTRY
            claim.notes.append(f"{phrase!r} measured from {p.name}, the last place in {subj.name} named before "
                               "the claim (the place the story is about)")
            return
        i -= 1
    claim.reason = claim.reason or (
        f"the subject {phrase!r} is part of a country, and the text names no town in {subj.name} shortly "
        "before it to measure from")


def _dateline(text: str, p: Place) -> bool:
    """ "NIAMEY, Niger (AP) --": where the story was filed, not where it happened."""
    line_start = text.rfind("\n", max(0, p.start - 200), p.start) + 1
    return p.text.isupper() and not text[line_start:p.start].strip()


def _sentence_start(s: Sentence) -> int:
    return s.start


def _window_start(text: str, pos: int, sentences: list[Sentence]) -> int:
    """Start of the sentence ``LOOK_BACK`` sentences before ``pos``, not crossing a line break."""
    k = bisect.bisect_right(sentences, pos, key=_sentence_start) - 1
    start = sentences[k].start if k >= 0 else 0
    for j in range(k - 1, max(k - 1 - LOOK_BACK, -1), -1):
        if "\n" in text[sentences[j].end:start]:
            break
        start = sentences[j].start
    return start


def division_subject(claim: Claim, text: str) -> None:
    """ "the Kursk region, which borders Ukraine": the subject is the division itself (its span includes the
    word "region"), not the town of that name; :mod:`verdict` then measures from the division's outline."""
    subj = claim.subject
    if subj is None or subj.feature != "admin1" or claim.subject_span is None:
        return
    word = REGION_WORD.match(text, subj.end)
    if word is not None or REGION_WORD.search(" " + subj.text):
        end = word.end() if word is not None else subj.end
        claim.subject_span = (text[subj.start:end], subj.start, end)
