"""Parse spatial claims: numbers, units, hedges, directions and qualitative relations.

Numeric claims state a figure ("around 30 kilometres", "between 5 and 8 miles", "a 20-km radius",
"10 km inside Russian territory") with an optional direction ("north-east of", "NNE of");
qualitative claims state a relation without a figure ("near the border with Egypt", "the border town
of X", "just across from Romania", "on the outskirts of X", "just west of Y", "a city on the
Mediterranean", "a Syrian border town", "on the Egyptian side of the border"). Each claim gets its
:mod:`reference <geomap.claims.reference>` (what it measures from) and its :mod:`subject
<geomap.claims.subject>` (the place it is about). The figures are read by :mod:`.figures`; the forms
"..., about 10 km away" and the subject links that span several claims are in :mod:`.forms`.
"""

from __future__ import annotations

import bisect
import math
import re

from ..model import Claim, Document, Place, Reference
from ..model.claim import KM_PER_UNIT
from ..text import NUMBER_RE, Sentence, split_sentences, trie_regex
from .figures import DIRECTION_RE as _DIRECTION_RE
from .figures import NUMBER as _NUMBER
from .figures import QUAL_RE as _QUAL_RE
from .figures import UNIT_RE as _UNIT_RE
from .figures import figures as _figures
from .figures import unit_key as _unit_key
from .forms import attach_subject as _attach_subject
from .forms import (
    away_claims,
    border_town,
    coordinated,
    doubtful_back,
    out_of_references,
    place_after,
    same_predicate,
)
from .forms import reference_back as _reference_back
from .namesake import known_town
from .pairs import across_pair_claims, apart_claims, halfway_claims
from .part import division_subject, part_of_country, split_borders
from .reference import NAME, NAMED_TOWN, REFERENCE_BACK, UNPLACEABLE, parse_reference
from .subject import IMPLIED, SubjectLink, find_subject, places_between

_CLAIM_RE = re.compile(
    rf"(?<![\w.,])(?:(?P<qual>{_QUAL_RE})\s+)?(?:an?\s+)?"
    rf"(?<![\w.,])(?P<num>{_NUMBER})"
    rf"(?:\s*(?:-|–|to|and)\s*(?P<num2>{NUMBER_RE}))?"
    rf"(?:\s*-\s*|\s+|(?<=\d))"
    rf"{_UNIT_RE}"
    r"(?:\s*\([^()\n]{1,40}\))?"  # a conversion in brackets: "30 kilometres (19 miles)"
    rf"(?:\s+(?P<radius>radius)\s+(?:of|around|from))?"
    rf"(?:\s+(?:or\s+so|away))?"
    rf"(?(radius)|\s+(?P<conn>(?:to\s+the\s+|due\s+|directly\s+)?{_DIRECTION_RE}\s+of|from|of|outside(?:\s+of)?|off|"
    r"(?:offshore|inland|upstream|downstream)\s+(?:from|of)|"
    r"(?:deep\s+)?(?:inside|into|within)))\s+",
    re.I,
)
_TERRITORY_RE = re.compile(rf"(?:the\s+)?(?P<a>{NAME})\s+(?i:territory|soil|airspace)\b")

# Every unit _CLAIM_RE knows contains one of these (lower case); one search finds whether any occurs.
_UNIT_HINTS = ("km", "kilomet", "mile", "metre", "meter", "nmi", " m ", " m,", " m.", "mi ", "mi.", "mi,")
_UNIT_HINT = re.compile(trie_regex(_UNIT_HINTS))


_UNIT_AT = re.compile(r"(?<![^\W\d_])" + _UNIT_RE + r"(?![^\W\d_])", re.I)


def _claim_matches(text: str) -> list[re.Match]:
    """_CLAIM_RE matches, searched only in windows around the units the text names (much faster)."""
    found: dict[tuple[int, int], re.Match] = {}
    last_end = -1
    for u in _UNIT_AT.finditer(text):
        lo = max(0, u.start() - 120)
        if lo < last_end:
            lo = last_end
        hi = min(len(text), u.end() + 160)
        for m in _CLAIM_RE.finditer(text, lo, hi):
            found.setdefault(m.span(), m)
        last_end = max(last_end, u.start())
    return [found[k] for k in sorted(found)]


def _inside_reference(text: str, pos: int, places: list[Place]) -> Reference | None:
    """ "Russian territory" / "Russia" after "N km inside": the named country's border, subject inside it."""
    m = _TERRITORY_RE.match(text, pos)
    if m:
        return Reference(kind="border", text=m.group(0), start=m.start(), end=m.end(), name=m.group(0),
                         country_names=[m.group("a")], inside=True)
    ref = parse_reference(text, pos, places)
    if ref.kind == "border" and ref.place is not None:
        ref.inside = True
        return ref
    return None


def _numeric_claims(text: str, places: list[Place], sentences: list[Sentence], matches: list[re.Match]) -> list[Claim]:
    out: list[Claim] = []
    for m in matches:
        figures = _figures(m)
        if figures is None:
            continue
        num, num2, qualifier, qual_text = figures
        conn = (m.group("conn") or "").lower()
        if conn.endswith(("inside", "into", "within")):
            ref = _inside_reference(text, m.end(), places)
            if ref is None:
                continue
        else:
            ref = parse_reference(text, m.end(), places)
        if conn.startswith(("upstream", "downstream")) and qualifier in ("exact", "about"):
            qualifier = "at_most"  # along a river: the straight line is at most as long as the river's course
        unit = _unit_key(m.group("unit"))
        c = Claim(text=text[m.start():ref.end], start=m.start(), end=ref.end, value=num, value_max=num2,
                  unit=unit, km_per_unit=KM_PER_UNIT[unit], qualifier=qualifier, qualifier_text=qual_text,
                  reference=ref, direction=m.group("dir"))
        if qualifier == "at_most" and conn.startswith(("upstream", "downstream")):
            c.notes.append("a distance along a river: the straight line is at most as long")
        _attach_subject(c, find_subject(text, m.start(), ref, places, sentences))
        _reference_back(c, text, places)
        if num2 is not None and num2 < num:
            c.reason = f"the range {num:g}–{num2:g} {c.unit} runs backwards"
        out.append(c)
    return out


# ----------------------------------------------------------------------------- qualitative relations

_SEA_WORDS = (r"coast|coastline|shore|shores|seafront|Sea|Ocean|Gulf|Mediterranean|Adriatic|Aegean|Baltic|"
              r"Caribbean|Atlantic|Pacific|Caspian|Ionian|Tyrrhenian")
# "along the coast road", "on the Coast Guard cutter": a road or a service named after the coast, not the coast
_NOT_SEA = r"(?:road|highway|motorway|railway|path|trail|route|guards?|patrol|ship|vessel)\b"
_RELATION_RE = re.compile(
    # every branch opens with one of these letters (case-insensitive, the compass codes N/S/E/W too): other word
    # starts fail at once instead of in each branch
    r"(?<![\w-])(?=[tanvqrciojdbsew])(?:"
    r"(?P<border_town>(?:the|a|an)\s+(?:(?P<bt_of>(?-i:[A-Z][a-z]+))\s+)?border\s+"
    r"(?:town|city|village|settlement|crossing|post|district|area)(?:\s+of\s+|\s+|\b))"
    r"|(?P<side>on\s+the\s+(?P<side_of>(?-i:[A-Z][a-z]+))\s+side\s+of\s+the\s+(?:border|frontier)\b)"
    r"|(?P<nearby>nearby\s+)(?=[A-Z])"
    r"|(?P<near>(?:very\s+|quite\s+|relatively\s+)?(?:near(?:\s+to)?|close\s+to|not\s+far\s+from|"
    r"in\s+the\s+vicinity\s+of|a\s+short\s+distance\s+from)\s+)"
    r"|(?P<outskirts>(?:on|at|in)\s+the\s+(?:outskirts|edges?|fringes?|suburbs)\s+of\s+|outside(?:\s+of)?\s+"
    r"|(?:a|an|one\s+of\s+the)\s+(?:(?P<sdir>(?:north|south)?-?(?:east|west)|north|south)(?:ern)?\s+)?suburbs?\s+of\s+)"
    r"|(?P<across>(?:just\s+|right\s+)?(?:across\s+(?:the\s+(?:(?-i:[A-Z][\w'’-]*)\s+){0,2}(?:(?:border|frontier|river|state\s+line)\s+)?)?|"
    r"over\s+the\s+(?:border|frontier|state\s+line)\s+)from\s+)"
    r"|(?P<on>(?:right\s+|directly\s+)?on\s+(?=the\s+(?:(?:[\w-]+\s+){0,2}(?:border|frontier)s?\b"
    r"(?!\s+(?:town|city|village|settlement|crossing|post|district|area)\b)"
    r"|(?-i:(?:[A-Z][\w-]+\s+){0,2})(?:state\s+)?line\b|(?-i:LoC|Blue\s+Line|Durand\s+Line)\b))"  # state, named lines
    r"|bordering\s+|borders\s+(?=[A-Z])"
    rf"|(?:on|along)\s+(?=the\s+(?:[\w-]+\s+){{0,2}}(?:{_SEA_WORDS})\b(?!\s+{_NOT_SEA}))|off\s+(?=the\s+coast\b))"
    rf"|(?P<direction>(?:(?:just|due|directly|immediately|slightly)\s+)?(?:to\s+the\s+)?{_DIRECTION_RE}\s+of\s+)"
    r")",
    re.I,
)
_BORDER_TOWN = re.compile(r"(?:the|a)\s+border\s+(?:town|city|village|settlement|crossing|post)\s+of\s+", re.I)
# Every branch of _RELATION_RE holds one of these words: where none occurs, no relation can match. The regex
# is run only in windows around them (it is slow to try at every position of a long text).
_HINT_WORDS = ("near close far vicinity distance outskirts edge fringe suburb outside across border frontier line north "
               "south east west coast shore seafront sea ocean gulf mediterranean adriatic aegean baltic caribbean "
               "atlantic pacific caspian ionian tyrrhenian").split()


def _hint_regex(words: list[str]) -> re.Pattern:
    """Case-insensitive ``\\b(?:words)`` or a compass code ("NE of"), written to start with one character class.

    sre skips ahead in C to a character of a leading class, then the lookbehind rejects the middle of a word:
    about a third faster than trying ``\\b`` and the word trie at every position. The class holds both cases
    of each first letter and the non-ASCII letters re.IGNORECASE equates with them (dotted/dotless i, long s).
    """
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w[1:])
    firsts = "".join(sorted(by_first))
    extra = "".join(ch for letter, ch in (("i", "\u0130\u0131"), ("s", "\u017f"), ("k", "\u212a"))
                    if letter in by_first)
    words_after_first = "|".join(f"(?<={re.escape(c)}){trie_regex(by_first[c])}" for c in sorted(by_first))
    return re.compile(rf"[{firsts}{firsts.upper()}{extra}](?<!\w.)"
                      rf"(?:(?i:{words_after_first})|(?<=[NSEW])[NSEW]{{0,2}}(?:ward)?\s+of\b)")


_RELATION_HINT = _hint_regex(_HINT_WORDS)
_COMPASS_OF = re.compile(r"[NSEW](?<!\w.)[NSEW]{0,2}(?:ward)?\s+of\b")  # _RELATION_HINT's second branch
# letters re.IGNORECASE equates with an ASCII letter although str.lower() does not lower them to it
_CASE_ODD = re.compile("[\u0130\u0131\u017f]")


# The hint words on the lower-cased text: a character trie, longest word first. Matched with the character
# before it, which must be no ASCII letter, digit or underscore: sre skips ahead in C to the next such character
# (a lookbehind first would make it try every position). On non-ASCII text a non-ASCII character before it is
# then checked to be no word character either; a match is all letters, so a rejected one hides no word start.
# (A character is a word character exactly when its lower-case form is one.)
_HINT_WORD = re.compile(trie_regex(_HINT_WORDS))
_HINT_WORD_AFTER = re.compile(rf"[^0-9A-Za-z_]({_HINT_WORD.pattern})")


def _relation_hints(text: str, low: str) -> list[tuple[int, int]]:
    """The spans of _RELATION_HINT's matches, in order; found on the lower-cased text.

    Same result as the regex: a word counts at a word start only, the longest word at a position wins, and
    the compass codes are matched on the original text. Texts whose lower-casing is not one character for one
    (or holds a letter the two treat differently) go through the regex.
    """
    if len(low) != len(text) or (not text.isascii() and _CASE_ODD.search(text)):
        return [h.span() for h in _RELATION_HINT.finditer(text)]
    ends: dict[int, int] = {}
    first = _HINT_WORD.match(low)  # at the start of the text; elsewhere after the non-word character before it
    if first:
        ends[0] = first.end()
    ascii_text = low.isascii()
    for m in _HINT_WORD_AFTER.finditer(low, first.end() if first else 0):
        if ascii_text or not (low[m.start()].isalnum() or low[m.start()] == "_"):
            ends[m.start(1)] = m.end(1)
    for m in _COMPASS_OF.finditer(text):
        ends.setdefault(m.start(), m.end())
    return sorted(ends.items())
_HINT_BEFORE = 60  # characters: the longest lead of a relation before its hint word ("directly on the ... border")
_HINT_AFTER = 80  # characters: the longest tail after it ("just across the border from ")
_NOT_DIRECTION_BEFORE = re.compile(r"(?:\bthe|\bfar|\bkm|\bmiles?|\bmetres?|\bkilomet\w+)\s*$", re.I)
_RELATION_OF = {"border_town": "on", "side": "near", "nearby": "near", "near": "near", "outskirts": "outskirts", "across": "across",
                "on": "on", "direction": "direction_only"}


def _measurable(ref: Reference, qualifier: str, bare_name: bool = False) -> bool:
    """A qualitative relation is a claim only when its reference is something geographic: a border, a coast,
    a place (located or not, when the words say it is a town or the relation only applies to places)."""
    if ref.kind in ("border", "coast"):
        return True
    if qualifier == "on":  # "on the Sunshine Coast" names a region: "on" is only about borders and coasts
        return False
    if ref.kind == "region":
        return True
    if ref.kind == "place":
        if ref.place is not None or ref.capital_of is not None or ref.reason == REFERENCE_BACK:
            return True
        return bool(ref.reason) and (ref.reason.endswith(NAMED_TOWN) or qualifier in ("outskirts", "direction_only")
                                     or (qualifier == "near" and bare_name and known_town(ref.name)))  # "near Phoenix"
    return bool(ref.reason and ref.reason.startswith(UNPLACEABLE))


def _topic(text: str, pos: int, places: list[Place], earlier: tuple[list[Claim], ...],
           subj: Place | None) -> Place | None:
    """The place under discussion before ``pos``: the subject of the last claim in the last few sentences of
    the paragraph, else the last town named that is not an earlier claim's reference (a reference is never
    the topic)."""
    lo = max(pos - 400, text.rfind("\n\n", max(0, pos - 400), pos))
    recent = [c for c in _claims_near(earlier, lo) if c.start < pos and c.end >= lo and c.subject is not None]
    if recent:
        return max(recent, key=lambda c: c.start).subject
    refs = {(c.reference.start, c.reference.end) for c in _claims_near(earlier, lo)}
    for p in reversed(places_between(places, max(0, lo), pos)):
        if p.end <= pos and p.resolved and p.feature in ("city", None) and p.mention != "demonym" \
                and (subj is None or p.name != subj.name) and not any(s <= p.start < e for s, e in refs):
            return p
    return None


def _claims_near(runs: tuple[list[Claim], ...], lo: int) -> list[Claim]:
    """The claims that may reach past ``lo``: each run is sorted by start and no claim spans 2,000 characters,
    so a binary search finds them (no scan of every earlier claim)."""
    out = []
    for run in runs:
        i = bisect.bisect_left(run, lo - 2000, key=_claim_start)
        out.extend(run[i:])
    return out


def _claim_start(c: Claim) -> int:
    return c.start


def _relation_reference(text: str, m: re.Match, places: list[Place],
                        earlier: tuple[list[Claim], ...]) -> tuple[Reference, Place | None] | None:
    """(reference, subject named after the phrase) of a relation match, or None."""
    kind = m.lastgroup
    if kind == "border_town":  # "the border town of Sudzha": the town's own land border
        return border_town(text, m, places)
    if kind == "side":  # "on the Syrian side of the border": near Syria's border, seen from Syria
        country = next((p for p in places_between(places, m.start("side_of"), m.start("side_of") + 1)
                        if p.feature == "country"), None)
        if country is None:
            return None
        return Reference(kind="border", text=text[m.start("side_of"):m.end()], start=m.start("side_of"),
                         end=m.end(), name=text[m.start("side_of"):m.end()], country_names=[m.group("side_of")]), None
    if kind == "nearby":  # "nearby Chico": near the place under discussion
        subj = place_after(text, m.end(), places)
        topic = _topic(text, m.start(), places, earlier, subj)
        if subj is None or topic is None:
            return None
        return Reference(kind="place", text=topic.text, start=topic.start, end=topic.end, name=topic.name,
                         place=topic), subj
    if kind == "near" and _BORDER_TOWN.match(text, m.end()):
        return None  # "near the border town of X": the claim is that X is a border town (matched next)
    ref = parse_reference(text, m.end(), places)
    return (ref, None) if _measurable(ref, _RELATION_OF[kind], _bare_name(text, ref)) else None


# a name standing alone ("near Phoenix."), not one that opens a longer noun phrase ("near the Marsh home",
# "near City Hall", "close to the Arab world", "near the Re/Max office")
_NAME_ALONE_AFTER = re.compile(r"\s*(?:[,.;:!?)\]—–]|$|\s(?:and|or|in|on|at|to|for|after|before|where|when|as|"
                               r"with|on|by|but|while|since|until|[a-z]+(?:ed|s)\b(?!\s+(?:home|office|house)\b)))")


def _bare_name(text: str, ref: Reference) -> bool:
    if ref.kind != "place" or text[ref.start:ref.start + 4].lower() == "the ":
        return False
    return bool(_NAME_ALONE_AFTER.match(text, ref.end)) and not re.search(r"\b(?:Hall|Street|Avenue|Road)$",
                                                                          ref.name or "")


def _relation_matches(text: str, hints: list[tuple[int, int]]):
    """_RELATION_RE's matches in text order, searched only in the windows around the hint words' spans."""
    windows: list[list[int]] = []
    for hint_start, hint_end in hints:
        start, end = max(0, hint_start - _HINT_BEFORE), min(len(text), hint_end + _HINT_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    for start, end in windows:
        yield from _RELATION_RE.finditer(text, start, end)


def _relation_claims(text: str, places: list[Place], sentences: list[Sentence],
                     earlier: list[Claim], matches: list[re.Match]) -> list[Claim]:
    out: list[Claim] = []
    earlier = sorted(earlier, key=_claim_start)
    taken = sorted((c.start, c.end) for c in earlier)  # claim spans, kept sorted for bisect
    figured = {(c.reference.start, c.reference.end) for c in earlier if c.reference.kind != "unknown"}
    for m in matches:
        if _inside_any(taken, m.start()):
            continue
        if m.lastgroup == "direction" and _NOT_DIRECTION_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "the north of Ukraine" is a region; "30 km north of" is a numeric claim
        found = _relation_reference(text, m, places, (earlier, out))
        if found is None:
            continue
        ref, subj_after = found
        if (ref.start, ref.end) in figured:
            continue  # "across the river from X, about 10 km away": the figure says more
        qualifier = _RELATION_OF[m.lastgroup]
        end = max(ref.end, subj_after.end if subj_after else 0)
        if m.lastgroup == "border_town":  # "a Syrian border town": the words up to "town"
            end = max(end, m.start() + len(m.group(0).rstrip()))
        c = Claim(text=text[m.start():end], start=m.start(), end=end, value=None, unit=None, km_per_unit=1.0,
                  qualifier=qualifier, qualifier_text=m.group(0).strip(), reference=ref,
                  direction=m.group("dir") if qualifier == "direction_only" else m.group("sdir"))
        if m.lastgroup == "nearby":
            c.notes.append(f"{IMPLIED}: {ref.text!r}, the place under discussion")
        if subj_after is not None:
            _attach_subject(c, SubjectLink(subj_after, "appositive", subj_after.text, subj_after.start,
                                           subj_after.end))
        else:
            _attach_subject(c, find_subject(text, m.start(), ref, places, sentences))
        _reference_back(c, text, places)
        if qualifier == "direction_only" and _within_own_country(c):
            continue  # "Perpignan, south of France": a part of the country, not a bearing from its border
        out.append(c)
        bisect.insort(taken, (m.start(), end))
    return out


def _inside_any(spans: list[tuple[int, int]], pos: int) -> bool:
    """True when ``pos`` lies in one of the sorted, mostly disjoint ``spans`` (the few starting just before it)."""
    i = bisect.bisect_right(spans, (pos, math.inf))
    return any(s <= pos < e for s, e in spans[max(0, i - 4):i])


def _within_own_country(c: Claim) -> bool:
    """True when a claim's subject lies in the country whose border is its reference."""
    ref, subj = c.reference, c.subject
    return (ref.kind == "border" and ref.place is not None and subj is not None
            and subj.country_code is not None and subj.country_code == ref.place.country_code)


def parse_claims(text: str, places: list[Place], document: Document | None = None) -> list[Claim]:
    """Every distance or proximity claim in ``text``, with subject and reference found (not yet judged)."""
    low = text.lower()
    has_units = _UNIT_HINT.search(low) is not None
    hints = _relation_hints(text, low)  # found once: fast path and relation windows
    halfway = "way between" in low  # "halfway / midway between X and Y" (pairs.halfway_claims)
    if not has_units and not hints and not halfway:
        return []  # fast path: most texts state no distance at all
    numeric_matches = _claim_matches(text) if has_units else []
    relation_matches = list(_relation_matches(text, hints))
    away = has_units and " away" in low  # "..., about 10 km away" (forms.away_claims)
    apart = has_units and (" apart" in low or "distance between" in low)  # "X and Y, 80 km apart" (pairs)
    if not numeric_matches and not relation_matches and not away and not apart and not halfway:
        return []  # words that hint at a claim, but no claim: the sentences are not needed
    places = sorted((p for p in places if p is not None), key=lambda p: (p.start, -p.end))
    # the document's sentences are split once and shared with the incidents stage
    sentences = document.sentences if document is not None and document.text is text else split_sentences(text)
    numeric = _numeric_claims(text, places, sentences, numeric_matches)
    if away:
        numeric = sorted(numeric + away_claims(text, places, sentences), key=_claim_start)
    if apart:
        numeric = sorted(numeric + apart_claims(text, places), key=_claim_start)
    if halfway:
        numeric = sorted(numeric + halfway_claims(text, places, sentences), key=_claim_start)
    if hints and (" each other" in low or " one another" in low):  # "X and Y, across the Nile from each other"
        numeric = sorted(numeric + across_pair_claims(text, places), key=_claim_start)
    starts = [p.start for p in places]
    claims = [one for c in numeric + _relation_claims(text, places, sentences, numeric, relation_matches)
              for one in split_borders(c, places, starts)]
    out_of_references(claims, text, places, sentences)
    same_predicate(claims, text)
    claims = coordinated(claims, text, places)
    for c in claims:
        doubtful_back(c)
        part_of_country(c, text, places, starts, sentences)
        division_subject(c, text)
    return sorted((c for c in claims if not _noise(c)), key=_claim_start)


def _noise(c: Claim) -> bool:
    """No place on either side and a reference no data could ever place ("about a mile from the boat", "the
    site of"): nothing to check. A known kind of unmappable reference stays, unverifiable with its reason
    ("forces are 15 km from the front line", "the breakaway region"): a fact-checker wants those listed."""
    ref = c.reference
    return c.subject is None and ref.kind == "unknown" and not (ref.reason or "").startswith(UNPLACEABLE)
