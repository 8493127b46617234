"""Incidents reported in a text: what happened, where, when, to whom.

Rule-based and offline. The text is split into sentences once; a character-trie regular expression
finds the words that can start an event trigger (air strike, shelling, clash, protest, arrest, visit,
earthquake ...) and only there are the trigger patterns tried, each mapped to an ACLED-style event
type and sub-type (:mod:`.taxonomy`, :mod:`.triggers`); uses that report no event ("by accident", a
council's "special meeting", court reporting, habits, hypotheticals) are rejected (:mod:`.rejection`).
Every trigger sentence becomes an event mention with its place, date, status, casualties and actors
(:mod:`.candidates`, :mod:`.places`, :mod:`.casualties`, :mod:`.actors`); mentions of the same event
merge into one :class:`~geomap.model.Incident` (:mod:`.merge`); :func:`merge_reports` then makes one incident per
real-world event across documents (:mod:`.crossdoc`). Sentences that only follow an event up
("Firefighters searched the rubble", "The death toll rose to 15") join the incident just before them.

Nothing is dropped silently: an incident without a resolvable place, date or consistent casualty
figures is kept and says so in ``flags``.
"""

from __future__ import annotations

from ..model import Analysis, Incident
from ..text import split_sentences
from .candidates import event_mentions
from .crossdoc import FLAG_FIGURES_DIFFER, MergeOptions, merge_incidents, merge_reports
from .merge import build_incident, date_from_story, dates_from_offsets, group_mentions, settle_background
from .taxonomy import (
    ACCIDENT,
    BATTLES,
    DISASTER,
    EVENT_TYPES,
    EXPLOSIONS,
    FLAG_CASUALTY_APPROX,
    FLAG_CASUALTY_CONFLICT,
    FLAG_DATE_CONFLICT,
    FLAG_DATE_FROM_CONTEXT,
    FLAG_DATE_FROM_EVENT,
    FLAG_DATE_FROM_PUB,
    FLAG_NO_DATE,
    FLAG_NO_PLACE,
    FLAG_PLACE_CONFLICT,
    FLAG_PLACE_UNRESOLVED,
    FLAG_RELATIVE_DATE,
    PROTESTS,
    RIOTS,
    STRATEGIC,
    VAC,
)
from .triggers import find_triggers

__all__ = ["Incident", "extract_incidents", "merge_reports", "merge_incidents", "MergeOptions", "FLAG_FIGURES_DIFFER",
           "split_sentences", "EVENT_TYPES", "ACCIDENT", "BATTLES", "DISASTER",
           "EXPLOSIONS", "PROTESTS", "RIOTS", "STRATEGIC", "VAC", "FLAG_CASUALTY_APPROX", "FLAG_CASUALTY_CONFLICT",
           "FLAG_DATE_CONFLICT", "FLAG_DATE_FROM_CONTEXT", "FLAG_DATE_FROM_EVENT",
           "FLAG_DATE_FROM_PUB", "FLAG_NO_DATE", "FLAG_NO_PLACE", "FLAG_PLACE_CONFLICT",
           "FLAG_PLACE_UNRESOLVED", "FLAG_RELATIVE_DATE"]


def extract_incidents(analysis: Analysis) -> list[Incident]:
    """Incidents of an analysed document (its places must already be resolved).

    Appends a warning to ``analysis.warnings`` when the document has no publication date and some
    incident dates therefore stay relative.
    """
    text = analysis.document.text
    triggers = find_triggers(text, text.lower())
    if not triggers:
        return []  # no event word at all: nothing to split or match
    sentences = analysis.document.sentences  # split once per document, shared with claims
    groups = group_mentions(event_mentions(analysis, sentences, triggers), sentences)
    incidents = [build_incident(g, k, analysis, sentences) for k, g in enumerate(groups, 1)]
    dates_from_offsets(groups, incidents)
    settle_background(incidents)
    date_from_story(incidents)
    relative = sum(FLAG_RELATIVE_DATE in i.flags for i in incidents)
    if relative:
        msg = f"no publication date: {relative} incident date(s) stay relative (give --date or a \"date\" field)"
        if msg not in analysis.warnings:  # extracting twice must not warn twice
            analysis.warnings.append(msg)
    return incidents
