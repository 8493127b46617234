"""Incidents reported in a text: what happened, where, when, to whom.

Rule-based and offline. The text is split into sentences once; a character-trie regular expression
finds the words that can start an event trigger (air strike, shelling, clash, protest, arrest, visit,
earthquake ...) and only there are the trigger patterns tried, each mapped to an ACLED-style event
type and sub-type; uses that report no event ("by accident", a council's "special meeting", court
reporting, habits, hypotheticals) are rejected. Every trigger sentence becomes a candidate event
with its place, date, status, casualties and actors; candidates about the same event (same type
family, status, compatible place and date, close together in the text) merge into one
:class:`Incident`. Sentences that only follow an event up ("Firefighters searched the rubble",
"The death toll rose to 15") join the incident just before them.

Nothing is dropped silently: an incident without a resolvable place, date or consistent casualty
figures is kept and says so in ``flags``.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .model import Analysis, Place
from .text import NUMBER_WORDS, Sentence, split_sentences, trie_regex
from .timeexpr import TimeExpr, find_time_expressions, is_reporting_date

__all__ = ["Incident", "extract_incidents", "split_sentences", "place_dict", "EVENT_TYPES"]

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"
DISASTER = "Natural disaster"
ACCIDENT = "Accident"
EVENT_TYPES = (BATTLES, EXPLOSIONS, VAC, PROTESTS, RIOTS, STRATEGIC, DISASTER, ACCIDENT)

# Flags an incident can carry (documented in the README).
FLAG_NO_PLACE = "no_place"  # no place mention tied to the event
FLAG_PLACE_UNRESOLVED = "place_unresolved"  # a place is named but could not be geocoded
FLAG_NO_DATE = "no_date"  # no date could be given
FLAG_RELATIVE_DATE = "relative_date_unresolved"  # a relative date and no publication date
FLAG_DATE_FROM_PUB = "date_from_publication"  # no date in the text: the publication date is used
FLAG_DATE_CONFLICT = "conflicting_dates"  # its sentences give different days
FLAG_CASUALTY_CONFLICT = "contradictory_casualties"  # its sentences give different figures
FLAG_CASUALTY_APPROX = "approximate_casualties"  # "dozens", "several": ACLED-style conservative number
FLAG_PLACE_CONFLICT = "several_places"  # its sentences name places that do not contain each other


# ----------------------------------------------------------------------------- triggers

# (anchor stems, pattern, type, sub_type, priority). The highest priority trigger of a sentence gives
# its event. A pattern is only tried where a word starting with one of its stems begins (lowercase),
# so every alternative of a pattern must start with such a word: context words that come before go
# into lookbehinds. This keeps extraction to a few hundred microseconds per article.
_TRIGGERS: list[tuple[str, str, str, str, int]] = [
    # Explosions / remote violence
    ("suicide", r"suicide\s+(?:bomb(?:ing|ings|er|ers)?|attacks?|attackers?)", EXPLOSIONS, "Suicide bomb", 95),
    ("air drone glide aerial guided cluster barrel bomb warplane jet aircraft helicopter",
     r"air[- ]?strikes?|air[- ]?raids?(?![- ](?:sirens?|alerts?|alarms?|warnings?|shelters?))|"
     r"drones?\s+(?:strikes?|attacks?)|(?:glide|aerial|guided|cluster|barrel)\s+bombs?|aerial\s+(?:attacks?|bombardment)|"
     r"bombing\s+raids?|(?:warplanes?|jets?|aircraft|helicopters?|drones?)\s+(?:struck|hit|bombed|attacked|targeted|"
     r"slammed\s+into|crashed\s+into|dropped)|bombed|bombardment",
     EXPLOSIONS, "Air/drone strike", 92),
    ("shell artiller ballistic cruise missile rocket mortar barrage",
     r"shell(?:ed|ing)|artillery\s+(?:fire|strikes?|attacks?|barrages?|shells?)|"
     r"(?:ballistic\s+|cruise\s+)?missile\s+(?:strikes?|attacks?|barrages?)|missiles?\s+(?:struck|hit|slammed\s+into|"
     r"landed)|rockets?\s+(?:struck|hit|slammed\s+into|landed|attacks?|fire)|mortar\s+(?:fire|rounds?|attacks?|shells?)|"
     r"barrage\s+of\s+(?:missiles|rockets|shells)",
     EXPLOSIONS, "Shelling/artillery/missile attack", 91),
    ("roadside improvised ied land explosive booby bomb",
     r"roadside\s+bombs?|improvised\s+explosive\s+devices?|IEDs?|land\s?mines?|(?<=car\s)bombs?|explosive\s+devices?|"
     r"booby[- ]trap(?:s|ped)?", EXPLOSIONS, "Remote explosive/landmine/IED", 90),
    ("grenade", r"grenades?", EXPLOSIONS, "Grenade", 89),
    ("bomb shell projectile munition explosion blast explod detonat",
     r"(?:bombs?|shells?|projectiles?|munitions?)\s+(?:(?:that|which)\s+)?(?:hit|struck|landed|exploded|slammed)|"
     r"explosions?|blasts?|"
     r"exploded|detonated", EXPLOSIONS, "Explosion", 58),
    # Violence against civilians (and excessive force against protesters)
    ("killed shot opened fired",
     r"(?:killed|shot|shot\s+dead|opened\s+fire\s+on|fired\s+(?:live\s+ammunition\s+)?(?:on|at))\s+(?:\w+\s+){0,2}"
     r"(?:protesters|demonstrators|marchers)", PROTESTS, "Excessive force against protesters", 88),
    ("shot gunned stab massacre executed opened shooting murder attacked killed targeted beat gunmen",
     r"shot\s+dead|gunned\s+down|stabbed|stabbing|massacred?|executed|opened\s+fire\s+on|(?<=mass\s)shooting|"
     r"shooting\s+attack|murdered|(?:attacked|killed|murdered|targeted|beat)\s+(?:\w+\s+){0,2}(?:civilians|villagers|"
     r"worshippers|residents|farmers|passengers|students|journalists|aid\s+workers)|gunmen\s+(?:killed|attacked|stormed)",
     VAC, "Attack", 86),
    ("abduct kidnap hostage",
     r"abduct(?:ed|ion|ions|s)|kidnapp?(?:ed|ing|ings)|(?<=taken\s)hostage|(?<=held\s)hostage", VAC,
     "Abduction/forced disappearance", 85),
    ("raped sexual", r"raped|sexual(?:ly)?\s+(?:violence|assault(?:ed)?)", VAC, "Sexual violence", 85),
    # Battles
    ("clash gun fire exchange fighting ambush attacked stormed assaulted overran",
     r"clash(?:ed|es)?|gun\s?battles?|fire\s?fights?|exchanged\s+fire|exchange\s+of\s+fire|"
     r"fighting\s+(?:broke\s+out|erupted|raged)|(?<=heavy\s)fighting|(?<=fierce\s)fighting|ambush(?:ed)?|"
     r"(?:attacked|stormed|assaulted|overran)\s+(?:a|an|the)\s+(?:\w+\s+){0,2}(?:military|army|police|border)\s+"
     r"(?:posts?|bases?|checkpoints?|positions?|convoys?|outposts?)", BATTLES, "Armed clash", 80),
    ("recaptured retook regained liberated", r"recaptured|retook|regained\s+control|liberated", BATTLES,
     "Government regains territory", 81),
    ("captured control fell",
     r"captured\s+(?:the\s+)?(?:town|village|city|settlement|district|base|airport)|(?<=seized\s)control\s+of|"
     r"(?<=took\s)control\s+of|fell\s+to", BATTLES, "Non-state actor overtakes territory", 81),
    # Riots and protests
    ("riot turned threw hurled torched fire",
     r"riot(?:s|ed|ing|ers)?(?!\s+(?:police|gear|shields?|squad))|turned\s+violent|"
     r"(?:threw|hurled)\s+(?:stones|rocks|petrol\s+bombs|molotov\s+cocktails|bottles)|torched|"
     r"(?<=set\s)fire\s+to\s+(?:cars|police|shops|vehicles|buildings|a\s+police)", RIOTS, "Violent demonstration", 70),
    ("mob lynch vigilante", r"mobs?|lynch(?:ed|ing)|vigilantes?", RIOTS, "Mob violence", 69),
    ("tear cannon rubber riot dispersed broke",
     r"tear\s?gas|(?<=water\s)cannons?|rubber\s+bullets|riot\s+police|(?:dispersed|broke\s+up)\s+(?:the\s+|a\s+)?"
     r"(?:protest|protesters|demonstrators|crowds?|rally|march)", PROTESTS, "Protest with intervention", 62),
    ("protest demonstrat rall marched streets sit strike walkout vigil",
     r"(?<!in\s)protest(?:s|ed|ers|ing)?|demonstrators|demonstrations?|rall(?:y|ies|ied)|marched|"
     r"(?<=took\sto\sthe\s)streets|sit-ins?|(?<=went\son\s)strike|(?<=staged\sa\s)strike|walkouts?|vigils?",
     PROTESTS, "Peaceful protest", 60),
    # Natural disasters
    ("earthquake quake tremor aftershock", r"earthquakes?|quakes?|tremors?|aftershocks?", DISASTER, "Earthquake", 66),
    ("flood", r"floods?|flooded|flooding|floodwaters?", DISASTER, "Flood", 65),
    ("hurricane typhoon cyclone tornado storm blizzard",
     r"hurricanes?|typhoons?|cyclones?|tornado(?:e?s)?|storms?|blizzards?", DISASTER, "Storm", 64),
    ("wild forest bush", r"wild\s?fires?|forest\s+fires?|bush\s?fires?", DISASTER, "Wildfire", 65),
    ("landslide mudslide avalanche", r"landslides?|mudslides?|avalanches?", DISASTER, "Landslide", 65),
    ("volcan eruption", r"volcan(?:o|oes)\s+erupted|volcanic\s+eruptions?|eruption\s+of", DISASTER,
     "Volcanic eruption", 65),
    ("tsunami", r"tsunamis?", DISASTER, "Tsunami", 65),
    ("heat drought", r"heat\s?waves?|droughts?", DISASTER, "Extreme heat or drought", 63),
    # Accidents
    ("gas explosion blast fire collaps",
     r"gas\s+(?:explosion|leak|blast)|(?:explosion|blast|fire)\s+at\s+(?:a|an|the)\s+(?:\w+\s+)?(?:factory|plant|mine|"
     r"refinery|warehouse|depot)|(?:(?<=building\s)|(?<=bridge\s)|(?<=dam\s)|(?<=mine\s)|(?<=roof\s)|(?<=house\s)|"
     r"(?<=tower\s)|(?<=block\s))collapse[ds]?", ACCIDENT, "Industrial accident or collapse", 59),
    ("crash accident derail collided collision capsized sank",
     r"crash(?:ed|es)?|accidents?|derail(?:ed|ment)|collided|collisions?|capsized|sank", ACCIDENT,
     "Transport accident", 56),
    ("fire blaze caught flames",
     r"(?:fire|blaze)\s+(?:broke\s+out|engulfed|swept|destroyed|gutted|ripped)|caught\s+fire|"
     r"(?<=went\sup\sin\s)flames", ACCIDENT, "Fire", 55),
    # Strategic developments
    ("signed sealed struck reached agreed brokered announced ceasefire truce prisoner exchanged",
     r"(?:signed|sealed|struck|reached|agreed(?:\s+on|\s+to)?|brokered|announced)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}"
     r"(?:agreement|deal|accord|treaty|ceasefire|truce|memorandum)|(?:ceasefire|truce)\s+(?:took\s+effect|came\s+into\s+"
     r"force|was\s+agreed|was\s+announced|began|will\s+take\s+effect)|prisoner\s+(?:swap|exchange)|exchanged\s+prisoners",
     STRATEGIC, "Agreement", 52),
    ("arrest detained custody rounded",
     r"arrest(?:ed|s)?(?!\s+warrants?)|detained|(?<=taken\sinto\s)custody|rounded\s+up", STRATEGIC, "Arrests", 50),
    ("shot intercept downed defused air",
     r"shot\s+down|intercepted|downed|defused|air\s+defen[cs]es?\s+(?:destroyed|repelled)", STRATEGIC,
     "Disrupted weapons use", 48),
    ("loot vandal ransack burned burnt",
     r"looted|looting|vandali[sz]ed|ransacked|(?:burned|burnt)\s+down", STRATEGIC, "Looting/property destruction", 47),
    ("curfew emergency martial", r"curfews?|(?<=state\sof\s)emergency|martial\s+law", STRATEGIC, "Other", 30),
    ("visit trip tour arrived travel",
     r"visit(?:ed|s|ing)?(?!\s+(?:cards?|rights|visas?))|(?:trip|tour)\s+to|arrived\s+in|travell?ed\s+to|toured",
     STRATEGIC, "Visit", 42),
    ("met meet summit talks conference",
     r"met(?!\s+with\s+(?:criticism|resistance|opposition|scepticism|skepticism|anger|silence))|meets|"
     r"(?:(?<=will\s)|(?<=to\s)|(?<=would\s)|(?<=shall\s))meet|meetings?|summits?|(?<=held\s)talks|"
     r"talks\s+(?:with|in|between)|(?<!press\s)(?<!news\s)conference", STRATEGIC, "Meeting", 41),
]
_TRIGGER_PATTERNS = [re.compile(rf"\b(?:{p})\b", re.IGNORECASE) for _s, p, *_r in _TRIGGERS]
_STEMS: dict[str, list[int]] = {}
for _i, (_stems, *_r) in enumerate(_TRIGGERS):
    for _st in _stems.split():
        _STEMS.setdefault(_st, []).append(_i)




_ANCHOR_RE = re.compile(r"(?<!\w)" + trie_regex(_STEMS))
_WORD_RE = re.compile(r"[\w-]+")


_WORD_TRIGGERS: dict[str, tuple[int, ...]] = {}


def _triggers_for(word: str) -> tuple[int, ...]:
    """Indices of the triggers whose stems start ``word`` (cached: news vocabulary is small)."""
    found = _WORD_TRIGGERS.get(word)
    if found is None:
        idx: dict[int, None] = {}
        for k in range(1, len(word) + 1):
            for i in _STEMS.get(word[:k], ()):
                idx[i] = None
        found = tuple(sorted(idx, key=lambda i: -_TRIGGERS[i][4]))  # highest priority first
        if len(_WORD_TRIGGERS) > 100_000:
            _WORD_TRIGGERS.clear()
        _WORD_TRIGGERS[word] = found
    return found


def _find_triggers(text: str, low: str) -> list[tuple[int, re.Match]]:
    """(trigger index, match) for every trigger in the text (lowercased copy in ``low``)."""
    out = []
    last = -1
    for a in _ANCHOR_RE.finditer(low):
        pos = a.start()
        if pos < last:
            continue
        for i in _triggers_for(_WORD_RE.match(low, pos).group()):
            m = _TRIGGER_PATTERNS[i].match(text, pos)
            if m:  # the first that matches has the highest priority
                out.append((i, m))
                last = m.end()
                break
    return out


_VIOLENT = {BATTLES, EXPLOSIONS, VAC, RIOTS}
_PHYSICAL = _VIOLENT | {DISASTER, ACCIDENT}
_DIPLOMATIC = {"Visit", "Meeting"}

# A definite reference back to an event ("The bomb hit ...", "the attack") links sentences further apart.
_ANAPHORA = re.compile(
    r"\b(?:the|this|that)\s+(?:\w+\s+)?(?:bomb|attack|strike|blast|explosion|shelling|raid|quake|earthquake|flood|"
    r"fire|blaze|storm|protest|rally|clash|fighting|visit|meeting|talks|crash|collapse|arrests?)\b", re.IGNORECASE)
# Sentences that follow an event up without a trigger of their own.
_FOLLOW_UP = re.compile(r"(?<!\w)" + trie_regex([
    "firefighters", "rescuers", "rescue workers", "rescue teams", "rescue crews", "emergency services",
    "emergency workers", "emergency crews", "survivors", "rubble", "debris", "death toll", "the wounded",
    "the injured", "the dead", "the victims", "hospitalised", "hospitalized", "taken to hospital", "bodies",
    "casualties"]) + r"\b", re.IGNORECASE)
# Habits and generalities are not incidents ("Kharkiv has been a frequent target of aerial attacks").
_HABITUAL = re.compile(r"(?<!\w)" + trie_regex([
    "frequent", "frequently", "regular", "regularly", "often", "routinely", "repeated", "repeatedly", "constant",
    "constantly", "daily", "nightly", "every day", "every night", "every week", "every year", "throughout",
    "usually", "typically", "in general"]) + r"\b", re.IGNORECASE)
# Modal / hypothetical context before a trigger (same clause), and words that make an event planned.
_HYPO_WORDS = frozenset("could might may can cannot can't should if unless feared prevent preventing avoid avoiding "
                        "denied".split())
_HYPO_PHRASES = ("threaten to", "threatened to", "threatens to", "threat to", "warned of", "warned that",
                 "warned against", "warns of", "warns that", "warn of", "warn that", "to help", "in order to",
                 "risk of", "fear of", "fears of", "against possible", "against future", "need to", "needs to",
                 "needed to", "no sign of", "no signs of", "no report of", "no reports of")
_FUTURE_WORDS = frozenset("will shall planned scheduled upcoming forthcoming would next".split())
_FUTURE_PHRASES = ("is to", "are to", "to be held", "is due to", "are due to", "due to hold", "due to visit",
                   "due to meet", "due to sign", "due to travel", "plans to", "plan to", "planning to", "ahead of",
                   "set to", "expected to", "is going to", "are going to", "intends to", "intend to")
_TOKEN_RE = re.compile(r"[\w'’]+")


def _has_words(text: str, words: frozenset, phrases: tuple[str, ...]) -> bool:
    toks = _TOKEN_RE.findall(text.lower())
    if not toks:
        return False
    if not words.isdisjoint(toks):
        return True
    joined = " " + " ".join(toks) + " "
    return any(f" {p} " in joined for p in phrases)


_ONGOING = re.compile(r"(?<!\w)" + trie_regex([
    "continues", "continuing", "ongoing", "underway", "under way", "still burning", "still raging",
    "still going on", "remain trapped", "remains trapped", "remain cut off", "remains cut off"]) + r"\b",
    re.IGNORECASE)

# ----------------------------------------------------------------------------- casualties

_NUMWORD = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
            "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety")
_NUM = (rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{_NUMWORD})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
        r"(?:\s+hundred)?|a\s+dozen|dozens|scores|hundreds|several|a\s+few|a|an)(?![-\w])")
_QUAL = (r"(?:(?:at\s+least|more\s+than|over|nearly|almost|about|around|roughly|some|up\s+to|as\s+many\s+as|"
         r"fewer\s+than|an\s+estimated|another|a\s+further|further)\s+)?")
_PERSON = (r"(?:people|persons?|civilians?|children|child|kids?|babies|baby|infants?|toddlers?|girls?|boys?|women|woman|"
           r"men|man|residents?|soldiers?|troops|servicemen|servicemembers|police(?:men|\s+officers)?|officers?|"
           r"protesters?|demonstrators?|workers?|passengers?|students?|pupils?|fighters?|militants?|villagers?|"
           r"journalists?|others|teenagers?|climbers?|hikers?|fishermen|sailors?|worshippers?|pilgrims?|pedestrians?|members?|employees?|miners?|firefighters?|rescuers?|"
           r"family\s+members|individuals|victims|guards?|officials?|migrants?|refugees?|tourists?|patients?|"
           r"staff|crew(?:\s+members)?|personnel|doctors?|nurses?|of\s+them|in\s+total)")
_ADJ = r"(?:[\w'’-]+\s+){0,3}?"
_KILL_V = r"(?:killed|dead|died|drowned|slain|perished|lost\s+their\s+lives|lost\s+(?:his|her)\s+life|were\s+killed|fatalities)"
_HURT_V = r"(?:injured|wounded|hurt|injuries|hospitali[sz]ed)"
_AUX = r"(?:\s+(?:were|was|have\s+been|has\s+been|had\s+been|are|is|got|reportedly|also|later|found|confirmed|had|have|has))*"
_ITEM = rf"{_QUAL}{_NUM}\s+{_ADJ}{_PERSON}"
_CAS_ANCHOR = re.compile(
    r"(?<!\w)(?:kill|dead|died|drowned|slain|perish|lost|fatalit|injur|wound|hurt|hospitali|toll|number\s+of\s+(?:dead|deaths)|"
    r"claimed|left|leaving|gunned\s+down|no(?:\s+(?:one|deaths?|casualties|fatalities|injuries|victims)|body|ne))", re.IGNORECASE)
_SUBJ_RE = re.compile(rf"(?P<subj>(?:{_ITEM}(?:\s*,\s*|\s+and\s+))*(?:{_ITEM}|{_QUAL}{_NUM})){_AUX}\s+", re.IGNORECASE)
_SUBJ_VERB = re.compile(rf"{_KILL_V}|{_HURT_V}", re.IGNORECASE)
_OBJ_RE = re.compile(
    rf"(?P<ov>killing|killed|kills|dead|gunned\s+down|claimed\s+the\s+lives\s+of|injuring|injured|wounding|wounded|injures|wounds)\s+"
    rf"(?P<obj>{_QUAL}{_NUM})(?:\s+{_ADJ}{_PERSON})?\b(?!\s*(?:km|kilomet|miles?|metres?|per\s?cent|%|years?|days?|"
    rf"hours?|minutes?))", re.IGNORECASE)
_LEFT_RE = re.compile(rf"(?:left|leaving)\s+(?P<lobj>{_QUAL}{_NUM})\s+(?:{_ADJ}{_PERSON}\s+)?(?P<lv>dead|injured|wounded)\b",
                      re.IGNORECASE)
_TOLL_RE = re.compile(
    rf"(?:toll|number\s+of\s+(?:dead|deaths))\s+(?:has\s+|had\s+)?(?:rose|risen|climbed|reached|increased|jumped|stands?|"
    rf"stood|is|was|now\s+stands)\s+(?:at\s+|to\s+)?(?P<toll>{_QUAL}{_NUM})", re.IGNORECASE)
_LIVES_RE = re.compile(rf"claimed\s+(?P<lives>{_QUAL}{_NUM})\s+lives\b", re.IGNORECASE)
_ZERO_RE = re.compile(
    r"(?P<zero>no\s+(?:one|deaths?|casualties|fatalities|injuries|victims)|nobody|none)\s*(?:was|were|has\s+been|"
    r"have\s+been|had\s+been)?\s*(?:immediately\s+)?(?P<zv>killed|injured|hurt|wounded|reported|died)?\b", re.IGNORECASE)
# Where a casualty subject can start: a number, a number word or a quantifier.
_NUM_START = re.compile(r"(?<![\w'’-])(?:\d|" + trie_regex([
    *(w for w in NUMBER_WORDS if " " not in w), "at", "more", "over", "nearly", "almost", "about", "around",
    "roughly", "some", "up", "as", "fewer", "another", "further", "dozens", "scores", "hundreds", "several"])
    + r")", re.IGNORECASE)
_ITEM_RE = re.compile(rf"(?P<q>{_QUAL})(?P<n>{_NUM})(?:\s+{_ADJ}(?P<p>{_PERSON}))?", re.IGNORECASE)
_VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "several": 10, "a few": 3}
_UPDATE = re.compile(r"\b(?:rose|risen|climbed|jumped|increased|now|later|updated|revised)\b", re.IGNORECASE)

# ----------------------------------------------------------------------------- places and actors

_SPECIFICITY = {"landmark": 0, "city": 0, "admin2": 1, "admin1": 2, "region": 3, "country": 4, "continent": 5}

_CAPRUN = r"[A-Z][\w'’.-]*(?:\s+(?:of\s+|al-|bin\s+|de\s+|van\s+|von\s+)?[A-Z][\w'’.-]*)*"
_AUX_WORDS = frozenset("has have had was were is are reportedly also then later jointly briefly".split())
_NAME_JOINERS = frozenset("of al- bin de van von".split())
_OBJECT_RE = re.compile(rf"^\s*(?:with\s+)?(?:the\s+)?(?P<name>{_CAPRUN})")
_BY_RE = re.compile(rf"(?<!\w)by\s+(?:the\s+)?(?P<name>{_CAPRUN})")
_FORCES_RE = re.compile(r"(?<!\w)" + trie_regex(
    "forces troops army military soldiers police militants rebels gunmen insurgents militia militias jihadists "
    "separatists navy protesters demonstrators rioters settlers".split() + ["air force"]) + r"\b", re.IGNORECASE)
_SPEAKER = re.compile(r"\s+(?:said|says|say|told|reported|announced|claimed|added|stated)\b")
_FORCE_ADJ = frozenset("paramilitary government security rebel armed opposition pro-government allied enemy special "
                       "federal state local riot border military militia tribal".split())
_DEMONYM = re.compile(r"(?:ian|ean|an|ese|ish|i|ic)$")
_SENT_START_WORDS = {"The", "A", "An", "New", "Meanwhile", "Later", "Earlier", "Also", "On", "In", "At", "After",
                     "Before", "When", "Last", "This", "Local", "Former", "Acting", "But", "And", "Then", "Both",
                     "Two", "Three", "Several", "Some", "It", "He", "She", "They", "We", "There", "Those", "These"}
_NOT_ACTORS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
               "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

# ----------------------------------------------------------------------------- sentences

# ----------------------------------------------------------------------------- the incident

_PLACE_FIELDS = tuple(f.name for f in dataclasses.fields(Place))


def place_dict(p: Place) -> dict[str, Any]:
    """``Place.to_dict()`` without ``dataclasses.asdict``'s deep copy (Place holds only scalars): 10x faster."""
    d = {name: getattr(p, name) for name in _PLACE_FIELDS}
    d["resolved"] = p.resolved
    return d


@dataclass
class Incident:
    """One event the text reports, with its evidence, place, date and casualties."""

    id: str
    type: str
    sub_type: str | None
    text: str  # the main evidence sentence
    start: int
    end: int
    sentences: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # offsets of the evidence sentences
    trigger: str | None = None
    place: Place | None = None
    geo_precision: int | None = None
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_text: str | None = None
    time_precision: int | None = None
    time_of_day: str | None = None
    status: str = "past"  # past | planned | ongoing
    killed: int | None = None
    injured: int | None = None
    casualties_text: str | None = None
    actors: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "sub_type": self.sub_type,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentences": list(self.sentences),
            "spans": [list(s) for s in self.spans],
            "trigger": self.trigger,
            "place": place_dict(self.place) if self.place is not None else None,
            "geo_precision": self.geo_precision,
            "date": self.date.isoformat() if self.date else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "date_text": self.date_text,
            "time_precision": self.time_precision,
            "time_of_day": self.time_of_day,
            "status": self.status,
            "casualties": {"killed": self.killed, "injured": self.injured, "text": self.casualties_text},
            "actors": list(self.actors),
            "flags": list(self.flags),
        }


# ----------------------------------------------------------------------------- per-sentence candidates


@dataclass
class _Cand:
    """What one sentence says about an event (before merging)."""

    sent: int  # sentence index
    type: str
    sub_type: str
    priority: int
    trig_start: int
    trig_end: int
    trigger: str
    status: str
    place: Place | None = None
    place_rank: tuple = (9, 9, 10**9)
    near: bool = False
    tied: list[Place] = field(default_factory=list)  # resolved places tied to the trigger
    times: list[tuple[int, TimeExpr]] = field(default_factory=list)  # (distance to trigger, expr)
    casualties: list[tuple[str, int, bool, bool, str]] = field(default_factory=list)  # kind,n,update,approx,text
    actors: list[str] = field(default_factory=list)
    anaphoric: bool = False
    follow_up: bool = False


def _parse_num(s: str) -> tuple[int | None, bool]:
    """(value, approximate) of a number as written ("12", "1,200", "twenty-one", "dozens")."""
    s = re.sub(r"\s+", " ", s.strip().lower())
    if s in _VAGUE:
        return _VAGUE[s], True
    if s[0].isdigit():
        return int(s.replace(",", "")), False
    if s in NUMBER_WORDS:
        return NUMBER_WORDS[s], False
    total = 0
    for part in re.split(r"[- ]", s):
        if part == "hundred":
            total = max(total, 1) * 100
        elif part in NUMBER_WORDS:
            total += NUMBER_WORDS[part]
        else:
            return None, False
    return total, False


def _strip_qual(s: str) -> str:
    return re.sub(_QUAL, "", s, count=1, flags=re.IGNORECASE)


def _casualties(text: str) -> list[tuple[str, int, bool, bool, str]]:
    """(kind, number, is_update, approximate, matched text) for the casualty phrases of a sentence.

    Anchored on the casualty words, so a sentence without any costs one regex scan.
    """
    out: list[tuple[str, int, bool, bool, str]] = []
    last = 0
    for a in _CAS_ANCHOR.finditer(text):
        pos = a.start()
        if pos < last:
            continue
        word = a.group(0).lower()
        found = None  # (kind, n, approx, start, end)
        if word.startswith(("no", "none")):
            m = _ZERO_RE.match(text, pos)
            if m:
                z = m.group("zero").lower()
                zv = (m.group("zv") or "").lower()
                if not zv and z.split()[-1] not in ("deaths", "death", "casualties", "fatalities", "injuries"):
                    continue  # "no one" / "none" without a verb says nothing
                upd = False
                if "injur" in z or zv in ("injured", "hurt", "wounded"):
                    out.append(("injured", 0, upd, False, m.group(0)))
                elif "casualties" in z:
                    out.append(("killed", 0, upd, False, m.group(0)))
                    out.append(("injured", 0, upd, False, m.group(0)))
                else:
                    out.append(("killed", 0, upd, False, m.group(0)))
                last = m.end()
            continue
        if word.startswith(("toll", "number")):
            m = _TOLL_RE.match(text, pos)
            if m:
                n, ap = _parse_num(_strip_qual(m.group("toll")))
                if n is not None:
                    out.append(("killed", n, True, ap, text[max(0, pos - 6):m.end()].lstrip()))
                    last = m.end()
            continue
        if word in ("left", "leaving"):
            m = _LEFT_RE.match(text, pos)
            if m:
                n, ap = _parse_num(_strip_qual(m.group("lobj")))
                if n is not None:
                    found = ("killed" if m.group("lv").lower() == "dead" else "injured", n, ap, pos, m.end())
        elif word == "claimed":
            m = _LIVES_RE.match(text, pos) or _OBJ_RE.match(text, pos)
            if m:
                n, ap = _parse_num(_strip_qual(m.group("lives") if "lives" in m.groupdict() else m.group("obj")))
                if n is not None:
                    found = ("killed", n, ap, pos, m.end())
        else:
            v = _SUBJ_VERB.match(text, pos)
            if v:
                kind = "killed" if word.startswith(("kill", "dead", "died", "drown", "slain", "perish", "lost", "fatal")) \
                    else "injured"
                # a subject ending right before the verb: "two women and a child were killed"
                ws0 = max(0, pos - 120)
                for w in _NUM_START.finditer(text, ws0, pos):
                    sm = _SUBJ_RE.fullmatch(text, w.start(), pos)
                    if sm is None:
                        continue
                    total, approx, ok = 0, False, False
                    for im in _ITEM_RE.finditer(sm.group("subj")):
                        num = im.group("n")
                        if num.lower() in ("a", "an") and not im.group("p"):
                            continue
                        val, ap = _parse_num(num)
                        if val is None:
                            continue
                        total, approx, ok = total + val, approx or ap, True
                    if ok:
                        found = (kind, total, approx, w.start(), v.end())
                    break
            if found is None:
                m = _OBJ_RE.match(text, pos)
                if m:
                    num = _strip_qual(m.group("obj"))
                    n, ap = _parse_num(num)
                    if n is not None and num.lower() not in ("a", "an"):
                        kind = "killed" if m.group("ov").lower().startswith(("kill", "claimed", "dead", "gunned")) else "injured"
                        found = (kind, n, ap, pos, m.end())
        if found:
            kind, n, ap, s0, e0 = found
            upd = bool(_UPDATE.search(text, max(0, s0 - 30), s0))
            out.append((kind, n, upd, ap, text[s0:e0]))
            last = e0
    return out


def _clean_actor(name: str) -> str | None:
    words = name.split()
    while words and words[0] in _SENT_START_WORDS:
        words.pop(0)
    while words and words[-1].rstrip(".'’s") in _NOT_ACTORS:
        words.pop()
    name = " ".join(words).rstrip(".,'’")
    if name.endswith(("'s", "’s")):
        name = name[:-2]
    if not name or name in _NOT_ACTORS or len(name) < 2:
        return None
    return name


def _actors(stext: str, ts: int, te: int, typ: str, sub: str, place_names: set[str]) -> list[str]:
    """Who did it / who took part, when the sentence names them near the trigger."""
    found: list[str] = []
    # a name directly before a verb trigger ("Rutte met", "Police arrested") or an acronym before a
    # noun trigger ("a NATO meeting")
    toks = stext[max(0, ts - 80):ts].split()
    while toks and toks[-1] in _AUX_WORDS:
        toks.pop()
    name: list[str] = []
    while toks:
        t = toks[-1]
        if _CUT.search(t) or not (t[0].isupper() or (name and t in _NAME_JOINERS)):
            break
        name.insert(0, toks.pop())
    while name and name[0] in _NAME_JOINERS:
        name.pop(0)
    if name:
        found.append(" ".join(name))
    if sub in _DIPLOMATIC or sub == "Agreement":
        m2 = _OBJECT_RE.match(stext[te:])
        if m2:
            obj = m2.group("name")
            nxt = _next_word(stext, te + m2.end())
            if " " not in obj and _DEMONYM.search(obj) and nxt in _ROLES:
                obj = f"{obj} {nxt}"  # "talks with Egyptian officials"
            found.append(obj)
    m3 = _BY_RE.search(stext[te:te + 80])
    if m3:
        found.append(m3.group("name"))
    if typ not in (DISASTER, ACCIDENT):
        for fm in _FORCES_RE.finditer(stext):
            if _SPEAKER.match(stext, fm.end()):
                continue  # "the army said": the source, not an actor
            prev = stext[max(0, fm.start() - 25):fm.start()].split()
            adj = prev[-1] if prev else ""
            if adj[:1].isupper() and adj.isalpha() or adj.lower() in _FORCE_ADJ:
                found.append(f"{adj} {fm.group(0)}")
            else:
                found.append(fm.group(0))
    out: list[str] = []
    for a in found:
        c = _clean_actor(a)
        if c and typ in _VIOLENT and " " not in c and _DEMONYM.search(c):
            c = f"{c} forces"  # "Russian missiles struck ..." -> Russian forces
        if c is None or c in place_names:
            continue
        if c.lower() in ("police",):
            c = "police"
        out.append(c)
    return out


_LOC_WORDS = frozenset("in at on near outside into over across around inside toward towards of to hit struck visited "
                       "shelled bombed attacked targeted captured recaptured".split())
_NEAR_WORDS = frozenset("near outside around".split())
_NEAR_OF = frozenset("outskirts edge vicinity north south east west northeast northwest southeast southwest "
                     "north-east north-west south-east south-west northern southern eastern western part".split())
_SUBPLACES = frozenset("town village city district suburb suburbs settlement villages towns".split())
_UNITS = frozenset("km kilometres kilometers kilometre kilometer miles mile metres meters m".split())
_CUT = re.compile(r"[,;:()\[\]\"“”]")


def _words_before(stext: str, pos: int) -> list[str]:
    """The (at most five) lowercased words just before ``pos``, within the same clause."""
    seg = stext[max(0, pos - 50):pos]
    return _CUT.split(seg)[-1].lower().split()[-5:]


def _strictly_tied(stext: str, rel_start: int, rel_end: int, ts: int, te: int) -> bool:
    """A place right after a locative word ("in Odesa", "at the base"), after "and" ("Odesa and
    Kharkiv"), or next to the trigger ("Kharkiv strike", "attack on Kharkiv")."""
    if stext.startswith(("'s", "’s"), rel_end):
        return False  # "Ukraine's victory plan": an owner, not a location
    if 0 <= ts - rel_end <= 2 or 0 <= rel_start - te <= 4:
        return True
    w = _words_before(stext, rel_start)
    if w and w[-1] == "the":
        w = w[:-1]
    return bool(w) and (w[-1] in _LOC_WORDS or w[-1] == "and") and w[-1] != "of"


def _place_rank(p: Place, stext: str, rel_start: int, rel_end: int, ts: int, te: int) -> tuple[tuple, bool, bool]:
    """(rank, tied, near) of a place for the trigger at ts..te of the sentence; lower rank is better."""
    w = _words_before(stext, rel_start)
    for i, word in enumerate(w):
        unit = word in _UNITS or (word.endswith(("km", "mi")) and word[:-2].replace(".", "").isdigit())
        if unit and any(x in ("from", "of") for x in w[i + 1:i + 3]):
            return (9, 9, 10**9), False, False  # the reference of a distance claim, not where it happened
    tied = any(x in _LOC_WORDS for x in w[-4:]) or 0 <= ts - rel_end <= 2 or 0 <= rel_start - te <= 2
    v = w
    if len(v) >= 2 and v[-1] == "of" and v[-2] in _NEAR_OF:
        return (0 if tied else 1, _SPECIFICITY.get(p.feature or "", 3), min(abs(rel_start - te), abs(ts - rel_end))), \
            tied, True
    if len(v) >= 2 and v[-1] == "of" and v[-2] in _SUBPLACES:
        v = v[:-2]
    if v and v[-1] == "the":
        v = v[:-1]
    near = bool(v) and (v[-1] in _NEAR_WORDS or (len(v) >= 2 and (
        (v[-1] == "of" and v[-2] in _NEAR_OF) or (v[-1] == "to" and v[-2] == "close")
        or (v[-1] == "in" and v[-2] in _SUBPLACES))))
    spec = _SPECIFICITY.get(p.feature or "", 3)
    dist = min(abs(rel_start - te), abs(ts - rel_end))
    return (0 if tied else 1, spec, dist), tied, near


_ARMED = re.compile(r"(?<!\w)" + trie_regex(
    "forces troops army soldiers militants rebels fighters gunmen insurgents militia militias police security "
    "separatists jihadists military armed guerrillas combatants troopers".split()) + r"\b", re.IGNORECASE)
_LEGAL = re.compile(r"(?<!\w)" + trie_regex([
    "charged with", "charge of", "charges of", "charge against", "court", "trial", "sentenced", "convicted",
    "accused of", "pleaded", "guilty", "indicted", "prosecutors", "jury", "lawsuit"]) + r"\b", re.IGNORECASE)
_DETERMINERS = frozenset("a an the this that his her their its our two three four five several another".split())
_ACCIDENT_BEFORE = frozenset("a an the car road traffic bus train plane boat fatal serious deadly industrial mining "
                             "rail vehicle motorcycle truck lorry ferry helicopter".split())
_PROTESTISH = re.compile(r"(?<!\w)(?:protest|demonstrat|rall(?:y|ies)|crowds?|marche[sd]|marchers)", re.IGNORECASE)
_ROLES = frozenset("president prime minister ministers foreign defence defense king queen leader leaders head chief "
                   "secretary ambassador envoy delegation mayor governor pope chancellor commander families "
                   "counterpart counterparts officials delegates representatives".split())
_BEFORE_MURDER = frozenset("was were been had have has being who and allegedly brutally reportedly".split())


def _prev_word(st: str, ts: int) -> str:
    w = st[max(0, ts - 30):ts].split()
    return w[-1].lower().strip("\"'“”‘’(") if w else ""


def _capitalised_before(st: str, ts: int) -> bool:
    """True when the word before ``ts`` is capitalised and is not the sentence's first word."""
    w = st[:ts].split()
    return len(w) >= 2 and w[-1][:1].isupper() or (len(w) == 1 and w[0].isupper() and len(w[0]) > 1)


def _next_word(st: str, te: int) -> str:
    w = st[te:te + 40].split()
    return w[0].strip("\"'“”‘’(),.;:") if w else ""


def _rejected(typ: str, sub: str, trig: str, st: str, ts: int, te: int) -> bool:  # noqa: C901
    """Uses of a trigger word that do not report an event ("by accident", "a special meeting" of a
    council, "Democrats blast ...", "fell to 18th", a court case)."""
    t = trig.lower()
    prev, nxt = _prev_word(st, ts), _next_word(st, te)
    if typ in (VAC, EXPLOSIONS, BATTLES) and sub != "Excessive force against protesters" and _LEGAL.search(st):
        return True  # court reporting about an old crime, not the event itself
    if sub == "Meeting":
        if trig[:1].isupper() and _capitalised_before(st, ts):
            return True  # part of a name: "the Nebraska Centennial Conference"
        if t.startswith("meeting"):
            # "a NATO meeting", "meeting with", "meetings between": not any council's meeting
            return not (nxt.lower() in ("with", "between") or _capitalised_before(st, ts))
        if t in ("met", "meets") or t.endswith("meet"):
            if nxt.lower() in ("the", "his", "her", "their", "a", "an"):
                return _next_word(st, st.find(nxt, te) + len(nxt)).lower() not in _ROLES
            return not (nxt[:1].isupper() or nxt.lower() in ("with", "in", "at", "on", "next", "later", "again", "for"))
        return False
    if sub == "Visit":
        if t == "visit" and ts == 0:
            return True  # "Visit www.example.org": an imperative
        if t == "visit" and prev in ("to", "will", "would", "shall"):
            return not nxt[:1].isupper()  # "due to visit Jakarta", not "unable to visit his daughter"
        if t == "visit" and nxt.lower() not in ("to", "by", "of", "in", "on") and prev not in _DETERMINERS | {
                "to", "will", "would", "shall", "first", "official", "state", "surprise", "rare", "planned"}:
            return True
        if t.startswith("trip") or t.startswith("tour"):
            return not nxt[:1].isupper() and nxt.lower() != "the"
        return False
    if sub == "Transport accident" and t.startswith("accident"):
        return prev not in _ACCIDENT_BEFORE
    if sub == "Explosion" and t.startswith("blast") and nxt[:1].isupper():
        return True  # "Democrats blast Smith's ads"
    if sub == "Explosion" and t.startswith("explosion") and nxt.lower() == "of":
        return _next_word(st, te + 4).lower() not in _DETERMINERS
    if sub == "Storm":
        if nxt.lower() == "of" or (trig[:1].isupper() and _capitalised_before(st, ts)):
            return True  # "a storm of criticism", "Six Flags Hurricane Harbor"
    if sub == "Non-state actor overtakes territory" and t.startswith("fell"):
        return not nxt[:1].isupper() and nxt.lower() != "the"
    if sub == "Armed clash" and t.startswith("clash"):
        return not _ARMED.search(st)
    if t == "riot police":
        return not _PROTESTISH.search(st)  # "a member of the riot police squad" is no protest
    if t in ("flood", "arrest", "downed", "visit", "storm") and prev in ("will", "to", "would", "shall", "could"):
        return sub not in _DIPLOMATIC  # "will flood the valley": a plan or a threat, not an event
    if t == "arrest" and prev not in _DETERMINERS and nxt.lower() != "of":
        return True  # "we will identify, arrest and ..."
    if t == "downed" and prev in _DETERMINERS:
        return True  # "the downed branches"
    if t == "murdered" and prev not in _BEFORE_MURDER and nxt.lower() not in _DETERMINERS and not nxt[:1].isupper():
        return True  # "the family of murdered soldier X": an attribute
    return False


_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_UNTIL = re.compile(r"\b(?:until|till|from)\s+$", re.IGNORECASE)
_SINCE_PENALTY = 1000  # a "since" date is used only when the sentence gives no other date


def _candidates(analysis: Analysis, sents: list[Sentence], triggers) -> list[_Cand]:
    doc = analysis.document
    pub = doc.date
    places = sorted((p for p in analysis.places if p.mention != "demonym"), key=lambda p: p.start)
    pstarts = [p.start for p in places]
    sstarts = [s.start for s in sents]
    by_sent: dict[int, list[tuple[int, re.Match]]] = {}
    for i, m in triggers:
        si = bisect.bisect_right(sstarts, m.start()) - 1
        if si >= 0 and m.end() <= sents[si].end:
            by_sent.setdefault(si, []).append((i, m))
    cands: list[_Cand] = []
    last_event = -10
    for si, s in enumerate(sents):
        st = s.text
        best = None
        for i, m in sorted(by_sent.get(si, ()), key=lambda x: -_TRIGGERS[x[0]][4]):
            _stems, _p, typ, sub, pr = _TRIGGERS[i]
            ts, te_ = m.start() - s.start, m.end() - s.start
            if _rejected(typ, sub, m.group(0), st, ts, te_):
                continue
            clause = st[:ts]
            clause = clause[max(clause.rfind(","), clause.rfind(";"), clause.rfind("\u2013"), clause.rfind(" - ")) + 1:]
            window = st[max(0, ts - 60):ts]
            future = _has_words(window[window.find(" ") + 1:] if ts > 60 else window, _FUTURE_WORDS, _FUTURE_PHRASES)
            if _has_words(clause, _HYPO_WORDS, _HYPO_PHRASES):
                if sub in _DIPLOMATIC or sub == "Agreement":
                    future = True
                else:
                    continue
            if sub == "Peaceful protest" and any(_TRIGGERS[j][3] in ("Arrests", "Protest with intervention")
                                                 for j, _m in by_sent[si]):
                sub = "Protest with intervention"  # "police detained 30 protesters at the rally"
            best = (pr, ts, te_, m.group(0), typ, sub, future)
            break
        if best is None:
            if si - last_event <= 2:
                cas = _casualties(st)
                if cas or _FOLLOW_UP.search(st) or _ANAPHORA.match(st):
                    last_event = si
                    c = _Cand(si, "", "", 0, 0, 0, "", "past", follow_up=True)
                    c.casualties = cas
                    cands.append(c)
            continue
        pr, ts, te_, trig, typ, sub, future = best
        times = []
        since = False
        for tx in find_time_expressions(st, pub_date=pub, future=future):
            if is_reporting_date(st, tx.start):
                continue
            dist = abs(tx.start - te_ if tx.start >= te_ else ts - tx.end)
            if tx.text.lower().startswith("since") or _SINCE.search(st, max(0, tx.start - 8), tx.start):
                # "flooding since Sunday": an ongoing event that began then (only recent starts count;
                # "the worst since 1998" dates nothing)
                if pub and tx.date and not future and 0 <= (pub - tx.date).days <= 31:
                    if not tx.text.lower().startswith("since"):
                        tx = dataclasses.replace(tx, text=f"since {tx.text}")
                    tx = dataclasses.replace(tx, date_end=pub, precision=2)
                    times.append((dist + _SINCE_PENALTY, tx))
                    since = True
                continue
            if tx.kind == "duration" or _UNTIL.search(st, max(0, tx.start - 8), tx.start):
                continue
            times.append((dist, tx))
        casualties = _casualties(st)
        if _HABITUAL.search(st) and not casualties and not any(t.precision == 1 for _, t in times):
            continue
        if any(t.tense == "future" for _, t in times) and not any(t.tense == "past" for _, t in times):
            future = True
        status = "planned" if future else "ongoing" if _ONGOING.search(st) or (
            since and all(d >= _SINCE_PENALTY for d, _t in times)) else "past"
        c = _Cand(si, typ, sub, pr, s.start + ts, s.start + te_, trig, status)
        last_event = si
        c.times = times
        c.casualties = casualties
        c.anaphoric = ts < 40 and bool(_ANAPHORA.search(st, 0, te_ + 1))
        # places of this sentence
        lo = bisect.bisect_left(pstarts, s.start)
        hi = bisect.bisect_left(pstarts, s.end)
        names = set()
        for p in places[lo:hi]:
            if p.end > s.end:
                continue
            names.add(p.text)
            rank, tied, near = _place_rank(p, st, p.start - s.start, p.end - s.start, ts, te_)
            if rank[0] == 9:
                continue
            # a resolved place always beats an unresolved one
            rank = (rank[0], 0 if p.resolved else 1) + rank[1:]
            if p.resolved and _strictly_tied(st, p.start - s.start, p.end - s.start, ts, te_):
                c.tied.append(p)
            if rank < c.place_rank:
                c.place, c.place_rank, c.near = p, rank, near
        c.actors = _actors(st, ts, te_, typ, sub, names)
        cands.append(c)
    return cands


# ----------------------------------------------------------------------------- merging


def _family(c: _Cand) -> str:
    if c.sub_type in _DIPLOMATIC:
        return "diplomacy"
    if c.type in _VIOLENT:
        return "violence"
    return c.type


def _places_compatible(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None or not a.resolved or not b.resolved:
        return True
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if (a.name or a.text) == (b.name or b.text):
        return True
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    sa, sb = _SPECIFICITY.get(a.feature or "", 3), _SPECIFICITY.get(b.feature or "", 3)
    if sa == sb:
        return False  # two different towns (or two different regions)
    coarse, fine = (a, b) if sa > sb else (b, a)
    if coarse.feature == "admin1" and fine.admin1 and coarse.name and fine.admin1 != coarse.name:
        return False
    return True


def _day_set(c: _Cand) -> tuple[dt.date, dt.date] | None:
    best = _best_time(c.times)
    if best is None or best.date is None:
        return None
    return best.date, best.date_end or best.date


def _best_time(times: list[tuple[int, TimeExpr]]) -> TimeExpr | None:
    if not times:
        return None
    return min(times, key=lambda x: (x[0] > 80, x[1].precision or 9 if x[1].date else 5,
                                     (x[1].date_end - x[1].date).days if x[1].date and x[1].date_end else 0, x[0]))[1]


class _Group:
    def __init__(self, c: _Cand) -> None:
        self.cands = [c]

    @property
    def head(self) -> _Cand:
        return self.cands[0]

    @property
    def last_sent(self) -> int:
        return self.cands[-1].sent

    def place(self) -> Place | None:
        return _group_place(self.cands)[0]

    def accepts(self, c: _Cand) -> bool:
        h = self.head
        if c.follow_up:
            return h.type in _PHYSICAL and c.sent - self.last_sent <= 2
        if _family(c) != _family(h):
            return False
        if c.status != h.status and "ongoing" not in (c.status, h.status):
            return False
        gap = c.sent - self.last_sent
        if gap > (6 if c.anaphoric else 3):
            return False
        if not _places_compatible(self.place(), c.place):
            return False
        if c.type != h.type and not (c.sub_type == "Explosion" or h.sub_type == "Explosion" or c.anaphoric):
            return False
        d1 = [d for d in (_day_set(x) for x in self.cands) if d]
        d2 = _day_set(c)
        if d1 and d2:
            a0, a1 = d1[0]
            if d2[1] < a0 or d2[0] > a1:
                return False
        return True


def _group_place(cands: list[_Cand]) -> tuple[Place | None, bool, bool]:
    """(place, near, conflict): the most specific tied place, consistent with the others."""
    with_place = [c for c in cands if c.place is not None]
    if not with_place:
        return None, False, False
    best = min(with_place, key=lambda c: c.place_rank)
    # "struck Odesa and Kharkiv": another place of the same kind that neither contains the other
    conflict = any(not _places_compatible(best.place, p) for c in with_place for p in [c.place, *c.tied])
    return best.place, best.near, conflict


def _build(g: _Group, k: int, analysis: Analysis, sents: list[Sentence]) -> Incident:
    doc = analysis.document
    cands = g.cands
    triggered = [c for c in cands if not c.follow_up]
    main_c = max(triggered, key=lambda c: c.priority)
    main_s = next((sents[c.sent] for c in triggered if not sents[c.sent].headline), sents[triggered[0].sent])
    flags: list[str] = []
    inc = Incident(id=f"{doc.id}-i{k}", type=main_c.type, sub_type=main_c.sub_type, text=main_s.text,
                   start=main_s.start, end=main_s.end, trigger=main_c.trigger,
                   status=triggered[0].status)
    seen = []
    for c in cands:
        if c.sent not in seen:
            seen.append(c.sent)
    inc.sentences = [sents[i].text for i in seen]
    inc.spans = [(sents[i].start, sents[i].end) for i in seen]
    # place
    place, near, conflict = _group_place(triggered)
    if place is None:
        flags.append(FLAG_NO_PLACE)
    elif not place.resolved:
        flags.append(FLAG_PLACE_UNRESOLVED)
    else:
        spec = _SPECIFICITY.get(place.feature or "", 3)
        inc.geo_precision = 1 if spec == 0 and not near else 2 if spec <= 1 else 3
    inc.place = place
    if conflict:
        flags.append(FLAG_PLACE_CONFLICT)
    # date
    all_times = [t for c in triggered for t in c.times]
    best = _best_time(all_times)
    if best is not None:
        inc.date_text = best.text
        inc.time_of_day = best.time_of_day
        if best.date is not None:
            inc.date, inc.date_end, inc.time_precision = best.date, best.date_end, best.precision
            days = {t.date for dist, t in all_times if t.date is not None and t.precision == 1 and dist < 80}
            if any(not (inc.date <= d <= (inc.date_end or inc.date)) for d in days):
                flags.append(FLAG_DATE_CONFLICT)
        elif doc.date is None and best.relative:
            flags.append(FLAG_RELATIVE_DATE)
        else:
            flags.append(FLAG_NO_DATE)
    elif inc.status == "past" and doc.date is not None:
        # a news report of an undated past event: it happened on or shortly before publication
        inc.date, inc.date_end, inc.time_precision = doc.date, doc.date, 2
        flags.append(FLAG_DATE_FROM_PUB)
    else:
        flags.append(FLAG_NO_DATE)
    if inc.time_of_day is None:
        inc.time_of_day = next((t.time_of_day for _d, t in all_times if t.time_of_day), None)
    if inc.date is not None and doc.date is not None and inc.status == "past" and inc.date > doc.date:
        inc.status = "planned"
    # casualties
    texts = []
    for kind in ("killed", "injured"):
        per_sent: dict[int, int] = {}
        updates: list[int] = []
        for c in cands:
            for kd, n, upd, approx, txt in c.casualties:
                if kd != kind:
                    continue
                if approx:
                    flags.append(FLAG_CASUALTY_APPROX) if FLAG_CASUALTY_APPROX not in flags else None
                if txt not in texts:
                    texts.append(txt)
                if upd:
                    updates.append(n)
                else:
                    per_sent[c.sent] = per_sent.get(c.sent, 0) + n
        if updates:
            value: int | None = updates[-1]
        elif per_sent:
            values = set(per_sent.values())
            nonzero = {v for v in values if v}
            value = min(nonzero) if nonzero else 0
            if len(nonzero) > 1 or (nonzero and 0 in values):
                flags.append(FLAG_CASUALTY_CONFLICT) if FLAG_CASUALTY_CONFLICT not in flags else None
        else:
            value = None
        setattr(inc, kind, value)
    inc.casualties_text = "; ".join(texts) or None
    # actors
    actors: list[str] = []
    for c in triggered:
        for a in c.actors:
            if any(a != b and a in b for b in c.actors + actors):
                continue
            actors = [b for b in actors if not (b != a and b in a)]
            if a not in actors:
                actors.append(a)
    inc.actors = actors
    inc.flags = flags
    return inc


def extract_incidents(analysis: Analysis) -> list[Incident]:
    """Incidents of an analysed document (its places must already be resolved).

    Appends a warning to ``analysis.warnings`` when the document has no publication date and some
    incident dates therefore stay relative.
    """
    text = analysis.document.text
    triggers = list(_find_triggers(text, text.lower()))
    if not triggers:
        return []  # no event word at all: nothing to split or match
    sents = split_sentences(text)
    cands = _candidates(analysis, sents, triggers)
    groups: list[_Group] = []
    for c in cands:
        target = None
        for g in reversed(groups[-4:]):
            if g.accepts(c):
                target = g
                break
        if target is not None:
            target.cands.append(c)
        elif not c.follow_up:
            groups.append(_Group(c))
    incidents = [_build(g, k, analysis, sents) for k, g in enumerate(groups, 1)]
    n_rel = sum(FLAG_RELATIVE_DATE in i.flags for i in incidents)
    if n_rel:
        msg = f"no publication date: {n_rel} incident date(s) stay relative (give --date or a \"date\" field)"
        if msg not in analysis.warnings:  # extracting twice must not warn twice
            analysis.warnings.append(msg)
    return incidents
