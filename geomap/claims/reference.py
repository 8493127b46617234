"""What a claim measures from: the reference phrase after "from", "of", "near", "across from" ...

    the Russian border / the border with Russia / Ukraine's border with Belarus    kind "border"
    the border (no country: the subject's own land borders)                        kind "border"
    NATO member Romania (a country after "bordering", "across from", "near")       kind "border"
    the coast / the Black Sea / the Mediterranean / the coast of Libya              kind "coast"
    Kharkiv / the city of Kharkiv / the capital, Khartoum / the Ukrainian capital  kind "place"
    the capital (of the subject's country)                                         kind "place"
    the Kharkiv region / Ukraine's Sumy Oblast / the border of the Sumy region     kind "region"
      (measured to the division's admin-1 outline when the data has it, see geomap.divisions)
    the Line of Control / the Blue Line / the Durand Line / the DMZ                kind "border" (claims.lines)
    the front line / the line of contact / the river                               kind "unknown"

:func:`parse_reference` reads the phrase that starts at an offset; it never raises.
"""

from __future__ import annotations

import bisect
import re

from ..model import Place, Reference
from .lines import NAMED_LINE_RE, named_line

NAME = r"[A-Z](?:[\w'’-]|\.(?=\w))*(?:\s+[A-Z](?:[\w'’-]|\.(?=\w))*){0,2}"
_BORDER_WORD = (r"(?:(?:state|international|national|land|northern|southern|eastern|western|common|shared)\s+)?"
                r"(?:border|frontier|state\s+line)s?")
_BORDER_NOUNS = (r"guards?|police|patrols?|troops|forces|agency|agents?|officials?|security|control|checks?|"
                 r"crossings?|posts?|points?|towns?|city|cities|villages?|areas?|regions?|zones?|walls?|fences?|"
                 r"disputes?|clashes|skirmishes|dispute|deal|closure|restrictions?")
_US_STATES = (r"Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|"
              r"Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|"
              r"Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New\s+Hampshire|New\s+Jersey|New\s+Mexico|"
              r"New\s+York|North\s+Carolina|North\s+Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode\s+Island|"
              r"South\s+Carolina|South\s+Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West\s+Virginia|"
              r"Wisconsin|Wyoming")
_BORDER_PATTERNS = [
    # the border between Ukraine and Belarus
    re.compile(rf"(?i:the)\s+{_BORDER_WORD}\s+between\s+(?P<a>{NAME})\s+and\s+(?P<b>{NAME})"),
    # Ukraine's border with Belarus / Russia's border
    re.compile(rf"(?:the\s+)?(?P<a>{NAME})(?:'s|’s)\s+{_BORDER_WORD}(?:\s+with\s+(?P<b>{NAME}))?"),
    # the border with Russia
    re.compile(rf"(?:(?i:the|its|their)\s+)?{_BORDER_WORD}\s+(?:with|of)\s+(?P<a>{NAME})"  # article: not in headlines
               rf"(?:(?:\s*,\s*{NAME})*\s*,?\s+and\s+{NAME})?"),  # several: split into one claim each
    # the Russian border / the Ukraine-Russia border / the Russian-Ukrainian border
    re.compile(rf"(?:(?i:the)\s+)?(?P<a>{NAME})(?:\s*[–/]\s*(?P<b>{NAME}))?\s+"
               rf"(?:{_BORDER_WORD}(?:\s+(?:fence|wall|barrier))?|(?:(?:perimeter|security|border)\s+)?(?:fence|barrier))\b"),
    # the border fence / the border wall: the subject's own border
    re.compile(r"(?i:the)\s+(?:border|frontier)\s+(?:fence|wall|barrier)\b"),
    # the Oregon line / the Idaho state line (US news: a state's line, named without "border")
    re.compile(rf"(?i:the)\s+(?P<a>{_US_STATES})\s+(?:state\s+)?line\b"),
    # the border; "30 km from border" (a headline drops the article: not "border guards")
    re.compile(rf"(?i:the)\s+{_BORDER_WORD}\b|{_BORDER_WORD}\b(?!\s+(?:{_BORDER_NOUNS})\b)"),
]
# Seas named without the word "Sea" (world knowledge, not a list of the dev set's sentences).
_BARE_SEAS = r"Mediterranean|Adriatic|Aegean|Baltic|Caribbean|Atlantic|Pacific|Arctic|Caspian|Ionian|Tyrrhenian"
_COAST_RE = re.compile(
    rf"(?:the\s+)?(?:(?P<a>{NAME})(?:'s|’s)?\s+)?(?P<word>(?i:coast(?:line)?|shore(?:line)?|seafront|seaside))"
    rf"(?:\s+of\s+(?P<b>{NAME}))?\b"
    rf"|(?i:the)\s+(?P<sea>(?:{NAME}\s+)?(?:Sea|Ocean|Gulf)(?:\s+of\s+{NAME})?|(?:{_BARE_SEAS})(?:\s+Sea)?)\b"
    r"|(?P<plain>(?i:the)\s+sea)\b"
)
_SEA_NAME = re.compile(rf"\b(?:Sea|Ocean|Gulf|{_BARE_SEAS})\b")
_CAPITAL_RE = re.compile(rf"(?:(?i:the)\s+(?P<a>{NAME})|(?P<a2>{NAME})(?:'s|’s))\s+capital\b")
# "the regional capital" (not followed by its name): measured to the seat of the subject's division
REGIONAL_CAPITAL = "(the subject's division)"
_REGIONAL_CAPITAL_RE = re.compile(r"(?i:the)\s+(?:regional|provincial|state|oblast|governorate|departmental)\s+"
                                  r"capital\b(?P<comma>,?\s+(?=[A-Z]))?")
_NAMED_AFTER = re.compile(r",?\s+")
_BARE_CAPITAL_RE = re.compile(r"(?i:the)\s+(?:country's\s+|country’s\s+|national\s+)?capital\b(?P<comma>,?\s+)?")
_UNKNOWN_REF = re.compile(
    r"(?:the\s+)?(?:(?:current|present|nearest|closest|southern|northern|eastern|western)\s+)*"
    r"(?P<what>front\s*-?\s*lines?|front|line\s+of\s+contact|contact\s+line|frontier\s+zone|"
    r"(?i:line\s+of\s+control)|LoC|breakaway\s+region|separatist\s+region|"
    r"(?:[A-Z]\w+\s+)?(?:River|river|Lake|lake|Bay)(?:\s+of\s+[A-Z]\w+)?|positions?|trenches|epicentre|epicenter|"
    r"impact\s+site|(?:the\s+)?(?:nearest|closest)\s+\w+)\b",
)
PLACE_LEAD = re.compile(
    r"(?:the\s+)?(?:(?:main|major|key|small|tiny|big|large|nearby|strategic|provincial|regional|border|frontline|"
    r"front-line|besieged|embattled|war-torn|coastal|occupied|contested|disputed|ancient|historic|industrial|"
    r"[\w'’]+-(?:held|controlled|occupied|run|administered|backed)|"  # "the Russian-held city of Donetsk"
    r"southern|northern|eastern|western|central|north-?eastern|north-?western|south-?eastern|south-?western)\s+)*"
    r"(?:(?:city|town|village|settlement|hamlet|port|capital|centre|center|outskirts|heart)"
    r"(?:\s+of\s+|\s+|(?<=capital),\s+)|(?:central|downtown|northern|southern|eastern|western|regional\s+capital)\s+)*",
    re.I,
)
_SETTLEMENT_LEAD = re.compile(r"\b(?:city|town|village|settlement|hamlet|port)\s+of\s+$", re.I)
# descriptions that may stand before a country or town name: "NATO member Romania", "neighbouring Poland"
_DESCRIPTOR = re.compile(
    r"(?:(?:NATO|EU|European\s+Union|fellow)\s+(?:member(?:\s+state)?|ally|neighbou?r|country)|"
    r"neighbou?ring|nearby|the\s+(?:neighbou?ring\s+)?(?:country|state)\s+of)\s+",
)
_REGION_WORD = re.compile(r"\s+(?:region|oblast|province|district|governorate|state|county|territory|township|"
                          r"municipality|prefecture|raion|rayon|okrug|borough|parish)\b", re.I)
REGION_WORD = _REGION_WORD  # "region", "oblast", "state" ... after a name: a division is meant
UNLOCATED = "is not a place geomap could locate"
NAMED_TOWN = " (a town not in the data)"  # "the town of X" that recognition or the gazetteer lacks
UNPLACEABLE = "the data cannot place"
REFERENCE_BACK = "the reference is a town named earlier"
_REFERENCE_BACK = re.compile(r"(?i:the|this|that)\s+(?:city|town|village|settlement|port|hamlet)\b(?!\s+of\b|['’]s)")
NO_OUTLINE = "the data has no outline for"  # a division (admin1, region): no polygon to measure to  # the front line, a river: known kinds of reference without data


def _place_at(places: list[Place], pos: int, *, max_skip: int = 0, text: str = "") -> Place | None:
    """The non-demonym place mention starting at ``pos`` (after skipping a lead like "the city of")."""
    if text:
        m = PLACE_LEAD.match(text, pos)
        if m:
            pos = m.end()
        m = _DESCRIPTOR.match(text, pos)
        if m:
            pos = m.end()
    i = bisect.bisect_left(places, pos, key=_start)  # places are sorted by start: no scan of the whole text
    while i < len(places) and places[i].start <= pos + max_skip:
        if places[i].mention != "demonym":
            return places[i]
        i += 1
    return None


def _start(place: Place) -> int:
    return place.start


def _border(text: str, pos: int) -> Reference | None:
    for rx in _BORDER_PATTERNS:
        m = rx.match(text, pos)
        if m:
            names = [g for g in (m.groupdict().get("a"), m.groupdict().get("b")) if g]
            return Reference(kind="border", text=m.group(0), start=m.start(), end=m.end(),
                             name=m.group(0), country_names=names)
    return None


def _coast(text: str, pos: int) -> Reference | None:
    m = _COAST_RE.match(text, pos)
    if not m or (m.group("a") and m.group("word")[0].isupper() and not _SEA_NAME.search(m.group("a"))):
        return None  # "the Sunshine Coast", "the Gold Coast": the name of a region, not a coastline
    names = [g for g in (m.group("a"), m.group("b")) if g and not _SEA_NAME.search(g)]  # "the Black Sea coast"
    return Reference(kind="coast", text=m.group(0), start=m.start(), end=m.end(), name=m.group(0),
                     country_names=names[:1])


def _capital(text: str, pos: int, places: list[Place]) -> Reference | None:
    m = _CAPITAL_RE.match(text, pos)
    if m:  # "the Ukrainian capital", "Russia's capital": the country's capital (GeoNames point)
        after = _NAMED_AFTER.match(text, m.end())
        named = _place_at(places, after.end()) if after else None
        if named is not None and named.start == after.end() and named.feature in ("city", None):
            # "the Houthi-controlled capital, Sanaa": the city named, whatever the words before "capital" are
            return Reference(kind="place", text=text[pos:named.end], start=pos, end=named.end, name=named.name,
                             place=named)
        return Reference(kind="place", text=m.group(0), start=m.start(), end=m.end(), name=m.group(0),
                         capital_of=m.group("a") or m.group("a2"))
    m = _REGIONAL_CAPITAL_RE.match(text, pos)
    if m and m.group("comma") is None:  # "the regional capital": the seat of the subject's division
        return Reference(kind="place", text=m.group(0), start=pos, end=m.end(), name=m.group(0),
                         capital_of=REGIONAL_CAPITAL)
    m = _BARE_CAPITAL_RE.match(text, pos)
    if not m:
        return None
    named = _place_at(places, m.end()) if m.group("comma") is not None else None
    if named is not None and named.feature in ("city", None):  # "the capital, Khartoum" / "the capital Mogadishu"
        return Reference(kind="place", text=text[pos:named.end], start=pos, end=named.end, name=named.name,
                         place=named)
    end = m.end() - len(m.group("comma") or "")
    # "the capital": the capital of the subject's country, looked up when measuring
    return Reference(kind="place", text=text[pos:end], start=pos, end=end, name=text[pos:end], capital_of="")


def _possessed(text: str, place: Place, places: list[Place]) -> Place:
    """"Ukraine's Sumy Oblast" names Sumy Oblast, not Ukraine."""
    m = re.compile(r"(?:'s|’s)\s+").match(text, place.end)
    if m:
        nxt = _place_at(places, m.end())
        if nxt is not None:
            return nxt
    return place


def _from_place(text: str, pos: int, place: Place, places: list[Place]) -> Reference:
    place = _possessed(text, place, places)
    if place.feature == "country" and place.country_code:
        return Reference(kind="border", text=text[pos:place.end], start=pos, end=place.end,
                         name=place.name, country_names=[place.country_code], place=place)
    region_word = _REGION_WORD.match(text, place.end)
    if place.feature in ("admin1", "admin2", "region", "continent") or (region_word and place.feature == "city"):
        end = region_word.end() if region_word else place.end
        return Reference(kind="region", text=text[pos:end], start=pos, end=end, name=place.name, place=place,
                         reason=(f"{NO_OUTLINE} {text[place.start:end]!r} "
                                 f"({place.feature if not region_word else 'a division'}); "
                                 "distances to regions are not checked"))
    return Reference(kind="place", text=text[pos:place.end], start=pos, end=place.end, name=place.name, place=place)


_OF_THE = re.compile(r"\s+(?:of|with)\s+(?:the\s+)?")


def _division_border(text: str, ref: Reference, places: list[Place]) -> Reference | None:
    """ "the border of the Sumy region", "the Sumy Oblast border", "the border with Sumy Oblast": the outline
    of a first-level division (a region reference), not a country's border. US states keep their state lines."""
    if ref.kind != "border":
        return None
    after = _OF_THE.match(text, ref.end)
    hi = after.end() if after and not ref.country_names else ref.end
    i = bisect.bisect_left(places, ref.start, key=_start)
    while i < len(places) and places[i].start <= hi:
        p = places[i]
        i += 1
        if p.mention == "demonym" or p.feature == "country" or p.country_code == "US" or not p.resolved:
            continue
        if p.feature == "admin1" or _REGION_WORD.match(text, p.end):
            div = _from_place(text, ref.start, p, places)
            end = max(div.end, ref.end)
            other = _with_country(text, end, places)
            if other is not None and p.country_code and other.country_code != p.country_code:
                # "the West Bank border with Jordan": the part of the division's country's border with Jordan
                return Reference(kind="border", text=text[ref.start:other.end], start=ref.start, end=other.end,
                                 name=text[ref.start:other.end], country_names=[p.country_code, other.country_code])
            return Reference(kind="region", text=text[ref.start:end], start=ref.start, end=end, name=div.name,
                             place=p, reason=div.reason)
    return None


_WITH = re.compile(r"\s+with\s+(?:the\s+)?")


def _with_country(text: str, pos: int, places: list[Place]) -> Place | None:
    """The country named in "... with Jordan" right after ``pos``, or None."""
    m = _WITH.match(text, pos)
    p = _place_at(places, m.end()) if m else None
    return p if p is not None and p.start == m.end() and p.feature == "country" and p.country_code else None


def parse_reference(text: str, pos: int, places: list[Place]) -> Reference:
    """The reference phrase that starts at ``pos`` (``places`` sorted by start offset)."""
    ref = _border(text, pos) or _capital(text, pos, places)
    if ref is not None:
        return _division_border(text, ref, places) or ref
    m = NAMED_LINE_RE.match(text, pos)
    line = named_line(m.group(0)) if m else None
    if line is not None:  # "the Line of Control", "the DMZ": a land border the data draws under another name
        return Reference(kind="border", text=m.group(0), start=m.start(), end=m.end(), name=line.name,
                         country_names=list(line.pair))
    m = _REFERENCE_BACK.match(text, pos)
    if m:  # "10 km north of the city": the town last named, chosen once the subject is known
        return Reference(kind="place", text=m.group(0), start=pos, end=m.end(), name=m.group(0), reason=REFERENCE_BACK)
    place = _place_at(places, pos, text=text)
    m = _UNKNOWN_REF.match(text, pos)
    if m and (place is None or place.start >= m.end() or place.feature in (None, "region", "continent")):
        what = m.group("what")
        return Reference(kind="unknown", text=m.group(0), start=m.start(), end=m.end(),
                         reason=f"{UNPLACEABLE} {m.group(0)!r} (no {what.lower()} in geomap's data)")
    coast = _coast(text, pos)
    if coast is not None and (place is None or place.start >= coast.end or place.feature in (None, "region")):
        return coast
    if place is not None:
        return _from_place(text, pos, place, places)
    lead = PLACE_LEAD.match(text, pos)
    m = re.compile(r"(?:the\s+)?" + NAME).match(text, lead.end() if lead else pos)
    if m:
        named = bool(lead and _SETTLEMENT_LEAD.search(lead.group(0)))  # "the northern town of Al-Kafour"
        return Reference(kind="place", text=text[pos:m.end()], start=pos, end=m.end(), name=m.group(0),
                         reason=f"the reference {text[pos:m.end()]!r} {UNLOCATED}"
                         + (NAMED_TOWN if named else ""))
    m = re.compile(r"[\w'’-]+(?:\s+[\w'’-]+){0,2}").match(text, pos)
    end = m.end() if m else pos
    return Reference(kind="unknown", text=text[pos:end], start=pos, end=end,
                     reason=f"the reference {text[pos:end]!r} is not something the data can place")
