"""What kinds of event there are (ACLED-style types and sub-types) and the words that report them.

``TRIGGERS`` is the table the trigger finder works from: each row names the word stems where its
pattern can start, the pattern, the event type and sub-type, and a priority (the highest priority
trigger of a sentence gives the sentence's event).
"""

from __future__ import annotations

from typing import NamedTuple

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
FLAG_DATE_FROM_EVENT = "date_from_other_event"  # "two days after the attack": dated from the event it names
FLAG_DATE_FROM_CONTEXT = "date_from_context"  # no date in its sentences: the day an earlier event of the story has
FLAG_DATE_CONFLICT = "conflicting_dates"  # its sentences give different days
FLAG_CASUALTY_CONFLICT = "contradictory_casualties"  # its sentences give different figures
FLAG_CASUALTY_APPROX = "approximate_casualties"  # "dozens", "several": ACLED-style conservative number
FLAG_PLACE_CONFLICT = "several_places"  # its sentences name places that do not contain each other

# Event families: candidates merge only within a family.
VIOLENT_TYPES = frozenset({BATTLES, EXPLOSIONS, VAC, RIOTS})
PHYSICAL_TYPES = VIOLENT_TYPES | {DISASTER, ACCIDENT}  # events that leave victims and rubble to follow up on
DIPLOMATIC_SUBTYPES = frozenset({"Visit", "Meeting"})


class Trigger(NamedTuple):
    """One row of the trigger table."""

    stems: str  # space-separated lowercase word starts where the pattern can begin
    pattern: str  # regex tried (case-insensitively) at those word starts
    type: str
    sub_type: str
    priority: int


# (anchor stems, pattern, type, sub_type, priority). The highest priority trigger of a sentence gives
# its event. A pattern is only tried where a word starting with one of its stems begins (lowercase),
# so every alternative of a pattern must start with such a word: context words that come before go
# into lookbehinds. This keeps extraction to a few hundred microseconds per article.
TRIGGERS: list[Trigger] = [Trigger(*row) for row in [
    # Explosions / remote violence
    ("suicide", r"suicide\s+(?:bomb(?:ing|ings|er|ers)?|attacks?|attackers?)", EXPLOSIONS, "Suicide bomb", 95),
    ("air drone glide aerial guided cluster barrel bomb warplane jet aircraft helicopter",
     r"air[- ]?strikes?|air[- ]?raids?(?![- ](?:sirens?|alerts?|alarms?|warnings?|shelters?))|"
     r"drones?\s+(?:strikes?|attacks?|assaults?)|(?:glide|aerial|guided|cluster|barrel)\s+bombs?|aerial\s+(?:attacks?|bombardment)|"
     r"bombing\s+raids?|(?:warplanes?|jets?|aircraft|helicopters?|drones?)\s+(?:(?:had|has)\s+)?(?:struck|hit|bombed|attacked|targeted|"
     r"slammed\s+into|crashed\s+into|dropped)|bombed|bombardment",
     EXPLOSIONS, "Air/drone strike", 92),
    ("shell artiller ballistic cruise missile rocket mortar barrage",
     r"shell(?:ed|ing)|artillery\s+(?:fire|strikes?|attacks?|barrages?|shells?)|"
     r"(?:ballistic\s+|cruise\s+)?missile\s+(?:strikes?|attacks?|barrages?)|missiles?\s+(?:struck|hit|slammed\s+into|"
     r"landed|(?:were|was|had\s+been|have\s+been)\s+(?:fired|launched))|"
     r"rockets?\s+(?:struck|hit|slammed\s+into|landed|attacks?|fire|(?:fired|launched)\s+from|(?:were|was|had\s+been|have\s+been)\s+"
     r"(?:fired|launched))|mortar\s+(?:fire|rounds?|attacks?|shells?)|"
     r"barrage\s+of\s+(?:[\w-]+\s+)?(?:missiles|rockets|shells)",
     EXPLOSIONS, "Shelling/artillery/missile attack", 91),
    ("fired launched", r"(?:fired|launched)\s+(?:[\w-]+\s+){0,5}?(?:rockets?|missiles?|shells?|mortars?|projectiles?)",
     EXPLOSIONS, "Shelling/artillery/missile attack", 84),
    ("violated ceasefire", r"violated\s+(?:the\s+)?(?:ceasefire|truce)|(?:ceasefire|truce)\s+violations?",
     EXPLOSIONS, "Shelling/artillery/missile attack", 57),
    # "an Israeli strike on the village", "a strike that hit": a military strike (labour strikes are rejected)
    ("strike", r"strikes?", EXPLOSIONS, "Air/drone strike", 87),
    ("roadside improvised ied land explosive booby bomb packed laden loaded",
     r"roadside\s+bombs?|(?:(?<=car\s)|(?<=truck\s)|(?<=vehicle\s))(?:packed|laden|loaded)\s+with\s+explosives|improvised\s+explosive\s+devices?|IEDs?|land\s?mines?|(?<=car\s)bombs?|explosive\s+devices?|"
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
    ("shooting", r"shootings|shooting\s+(?:spree|rampage|attack|incident)|(?<=the\s)shooting|(?<=fatal\s)shooting|"
     r"(?<=deadly\s)shooting|(?<=school\s)shooting|(?<=drive-by\s)shooting|(?<=a\s)shooting(?=\s+(?:at|in|on|near))",
     VAC, "Attack", 83),
    ("abduct kidnap hostage",
     r"abduct(?:ed|ion|ions|s)|kidnapp?(?:ed|ing|ings)|(?<=taken\s)hostage|(?<=held\s)hostage", VAC,
     "Abduction/forced disappearance", 85),
    ("raped sexual", r"raped|sexual(?:ly)?\s+(?:violence|assault(?:ed)?)", VAC, "Sexual violence", 85),
    # Battles
    ("clash gun fire exchange fighting ambush attacked stormed assaulted overran battle firing",
     r"clash(?:ed|es)?|gun\s?battles?|fire\s?fights?|exchanged\s+fire|exchange\s+of\s+fire|"
     r"fighting\s+(?:broke\s+out|erupted|raged)|(?<=heavy\s)fighting|(?<=fierce\s)fighting|ambush(?:ed)?|"
     r"(?:attacked|stormed|assaulted|overran)\s+(?:a|an|the)\s+(?:\w+\s+){0,2}(?:military|army|police|border)\s+"
     r"(?:[\w-]+\s+)?"
     r"(?:posts?|bases?|checkpoints?|positions?|convoys?|outposts?|missions?|patrols?|units?|detachments?|camps?|"
     r"barracks|garrisons?)|battles?\s+(?:continued|raged|erupted|broke\s+out)|(?<=intense\s)battles?|"
     r"(?<=heavy\s)battles?|(?<=fierce\s)battles?|firing\s+(?:between|broke\s+out|erupted)|"
     r"(?<=cross-border\s)firing|(?<=heavy\s)firing", BATTLES, "Armed clash", 80),
    # "an attack on a town", "attacks against soldiers", "the Saturday attack by the RSF": typed by its context
    ("attack assault offensive retaliat",
     r"attacks?|assaults?\s+on|"
     r"offensives?|retaliated|retaliatory\s+(?:strikes?|fire|attacks?)", BATTLES, "Armed clash", 57),
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
     r"(?:fire|blaze)\s+(?:(?:had|has)\s+)?(?:broke\s+out|engulfed|swept|destroyed|gutted|ripped|scorched|"
     r"burned|charred|flared|spread)|caught\s+fire|"
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
    ("curfew emergency martial", r"curfews?|(?<=state\sof\s)emergency|(?<=federal\s)emergency|(?<=national\s)emergency|"
     r"martial\s+law", STRATEGIC, "Other", 30),
    ("visit trip tour arrived travel",
     r"visit(?:ed|s|ing)?(?!\s+(?:cards?|rights|visas?))|(?:trip|tour)\s+to|arrived\s+in|travell?ed\s+to|toured",
     STRATEGIC, "Visit", 42),
    ("met meet summit talks conference",
     r"met(?!\s+with\s+(?:criticism|resistance|opposition|scepticism|skepticism|anger|silence))|meets|"
     r"(?:(?<=will\s)|(?<=to\s)|(?<=would\s)|(?<=shall\s))meet|meetings?|summits?|(?<=held\s)talks|"
     r"talks\s+(?:with|in|between)|(?<!press\s)(?<!news\s)conference", STRATEGIC, "Meeting", 41),
]]
