"""One incident per real-world event across reports.

When several documents (a batch, a folder, a feed) report the same event, :func:`merge_reports` makes
them one :class:`~geomap.model.Incident` whose ``sources`` keep every report's document id, evidence
and figures. Two incidents are the same event when their types are compatible (same family; the same
sub-type for disasters and strategic developments), their places lie within a few kilometres or one
contains the other (a town and its province or country), and their dates overlap.

Reconciled figures: the highest stated toll (reports are usually updates), with the
``figures_differ_across_sources`` flag when the sources disagree. Incidents without a date or a
located place cannot be matched and are passed through unchanged, never dropped.

Fast: incidents are bucketed by type family, day and a 0.5° grid cell (coarse places by country), so
only neighbours are compared; 100,000 incidents merge in a few seconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..geodesy import distance_km
from ..model import Analysis, Incident, IncidentSource, Place
from .places import specificity
from .taxonomy import DIPLOMATIC_SUBTYPES, DISASTER, STRATEGIC, VIOLENT_TYPES

__all__ = ["MergeOptions", "merge_reports", "merge_incidents", "FLAG_FIGURES_DIFFER"]

FLAG_FIGURES_DIFFER = "figures_differ_across_sources"  # the reports give different killed/injured figures
_CELL_DEG = 0.5  # grid cell size; a cell is at least 25 km wide below 60° latitude
_LONGEST_RANGE_DAYS = 31  # longer date ranges ("in 2023") are too vague to match on
_ONGOING_DAYS = 7  # an ongoing event dated only by its report may have begun this many days before
_FINE = 1  # specificity up to which a place is a point (town, landmark, district)


@dataclass(frozen=True)
class MergeOptions:
    """How close two reports must be to be the same event."""

    max_km: float = 25.0  # two point places within this distance can be the same event's
    slack_days: int = 1  # allowed gap between date ranges when a date is only the publication day or a night


def _family(inc: Incident) -> str:
    if inc.type in VIOLENT_TYPES:
        return "violence"
    if inc.type in (DISASTER, STRATEGIC) or inc.sub_type in DIPLOMATIC_SUBTYPES:
        return f"{inc.type}/{inc.sub_type}"  # an earthquake is not a flood; a visit is not an arrest
    return inc.type


def _shift(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held within the calendar (an event on 0001-01-01 or 9999-12-31 is no crash)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def _days(inc: Incident) -> tuple[dt.date, dt.date] | None:
    if inc.date is None:
        return None
    end = inc.date_end or inc.date
    if inc.status == "ongoing":
        return _shift(inc.date, -_ONGOING_DAYS), end  # going on when reported: it began earlier
    if (end - inc.date).days > _LONGEST_RANGE_DAYS:
        return None
    return inc.date, end


def _slack(inc: Incident, options: MergeOptions) -> int:
    """A date that is only the publication day, or a night, may be one day off another report's."""
    loose = "date_from_publication" in inc.flags or inc.time_of_day == "night"
    return options.slack_days if loose else 0


def _located(place: Place | None) -> bool:
    return place is not None and place.resolved


def _contains(coarse: Place, fine: Place) -> bool:
    """True when the coarse place (a country or a province) holds the finer one."""
    if not coarse.country_code or coarse.country_code != fine.country_code:
        return False
    if coarse.feature == "country":
        return True
    if coarse.feature == "admin1":
        return bool(fine.admin1 and coarse.name and fine.admin1.lower() in coarse.name.lower())
    return False


class _Cluster:
    """Reports of one event: the first (most specific) one is the representative."""

    def __init__(self, inc: Incident, document: str, options: MergeOptions) -> None:
        self.members: list[tuple[str, Incident]] = [(document, inc)]
        self.documents = {document}
        self.head = inc
        first, last = _days(inc) or (dt.date.min, dt.date.min)
        slack = _slack(inc, options)
        self.first, self.last = _shift(first, -slack), _shift(last, slack)

    def matches(self, document: str, inc: Incident, days: tuple[dt.date, dt.date], options: MergeOptions) -> bool:
        if document in self.documents:
            return False  # one document's incidents were already told apart by its extraction
        slack = _slack(inc, options)
        if _shift(days[1], slack) < self.first or _shift(days[0], -slack) > self.last:
            return False
        a, b = self.head.place, inc.place
        assert a is not None and b is not None
        if a.geonameid is not None and a.geonameid == b.geonameid:
            return True
        if specificity(a) <= _FINE and specificity(b) <= _FINE:
            return distance_km(a.lat, a.lon, b.lat, b.lon) <= options.max_km
        coarse, fine = (a, b) if specificity(a) > specificity(b) else (b, a)
        return _contains(coarse, fine) or (coarse.name is not None and coarse.name == fine.name)


def _cells(place: Place) -> Iterator[tuple[int, int]]:
    """The grid cell of a point place and its eight neighbours."""
    row, col = math.floor(place.lat / _CELL_DEG), math.floor(place.lon / _CELL_DEG)
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            yield row + dr, col + dc


def _day_keys(days: tuple[dt.date, dt.date], slack: int) -> Iterator[int]:
    first, last = days[0].toordinal() - slack, days[1].toordinal() + slack
    yield from range(first, last + 1)


class _Index:
    """Clusters by (family, day, cell) for point places, by (family, day, country) for every place, and the
    clusters of coarse places (a province, a country) by (family, day, country) apart, so that a town's report
    looks only at its neighbourhood and at the coarse reports that may contain it."""

    def __init__(self, options: MergeOptions) -> None:
        self.options = options
        self.by_cell: dict[tuple, list[_Cluster]] = defaultdict(list)
        self.by_country: dict[tuple, list[_Cluster]] = defaultdict(list)
        self.coarse_by_country: dict[tuple, list[_Cluster]] = defaultdict(list)
        self.clusters: list[_Cluster] = []

    def _candidates(self, family: str, inc: Incident, days: tuple[dt.date, dt.date]) -> Iterator[_Cluster]:
        place = inc.place
        assert place is not None
        slack = self.options.slack_days
        coarse = specificity(place) > _FINE
        countries = self.by_country if coarse else self.coarse_by_country
        for day in _day_keys(days, slack):
            if not coarse:
                for cell in _cells(place):
                    yield from self.by_cell.get((family, day, cell), ())
            yield from countries.get((family, day, place.country_code), ())

    def add(self, document: str, inc: Incident) -> None:
        family, days = _family(inc), _days(inc)
        if days is None or not _located(inc.place):
            self.clusters.append(_Cluster(inc, document, self.options))  # cannot be matched: kept as it is
            return
        for cluster in self._candidates(family, inc, days):
            if cluster.matches(document, inc, days, self.options):
                cluster.members.append((document, inc))
                cluster.documents.add(document)
                return
        cluster = _Cluster(inc, document, self.options)
        self.clusters.append(cluster)
        place = inc.place
        assert place is not None
        for day in _day_keys(days, 0):
            if specificity(place) <= _FINE:
                self.by_cell[(family, day, (math.floor(place.lat / _CELL_DEG), math.floor(place.lon / _CELL_DEG)))] \
                    .append(cluster)
            self.by_country[(family, day, place.country_code)].append(cluster)
            if specificity(place) > _FINE:
                self.coarse_by_country[(family, day, place.country_code)].append(cluster)


def _highest(values: Iterable[int | None]) -> tuple[int | None, bool]:
    """(highest stated figure, whether the stated figures differ)."""
    stated = {v for v in values if v is not None}
    return (max(stated) if stated else None), len(stated) > 1


def _merged(cluster: _Cluster) -> Incident:
    if len(cluster.members) == 1:
        return cluster.head
    head = cluster.head
    incidents = [inc for _doc, inc in cluster.members]
    killed, killed_differ = _highest(i.killed for i in incidents)
    injured, injured_differ = _highest(i.injured for i in incidents)
    flags = list(dict.fromkeys(f for i in incidents for f in i.flags))
    if killed_differ or injured_differ:
        flags.append(FLAG_FIGURES_DIFFER)
    texts = list(dict.fromkeys(i.casualties_text for i in incidents if i.casualties_text))
    actors = list(dict.fromkeys(a for i in incidents for a in i.actors))
    sources = [IncidentSource(document=doc, incident=i.id, text=i.text, killed=i.killed, injured=i.injured,
                              date=i.date, place=(i.place.name or i.place.text) if i.place else None)
               for doc, i in cluster.members]
    return dataclasses.replace(
        head, id=f"{head.id}+{len(incidents) - 1}", killed=killed, injured=injured,
        casualties_text="; ".join(texts) or None, actors=actors, flags=flags,
        background=all(i.background for i in incidents), sources=sources)


def _precision_order(item: tuple[int, str, Incident]) -> tuple:
    _k, _doc, inc = item
    return (specificity(inc.place) if _located(inc.place) else 9, inc.time_precision or 9, _k)


def merge_incidents(reports: Iterable[tuple[str, Incident]], options: MergeOptions | None = None) -> list[Incident]:
    """Incidents of many documents, given as (document id, incident), with reports of one event merged.

    The most specific report (finest place, then most precise date) represents the event; the result keeps
    the order in which each event was first reported."""
    options = options or MergeOptions()
    items = [(k, doc, inc) for k, (doc, inc) in enumerate(reports)]
    index = _Index(options)
    for _k, doc, inc in sorted(items, key=_precision_order):
        index.add(doc, inc)
    first_seen = {id(inc): k for k, _doc, inc in items}
    clusters = sorted(index.clusters, key=lambda c: min(first_seen[id(i)] for _d, i in c.members))
    return [_merged(c) for c in clusters]


def merge_reports(analyses: Iterable[Analysis], options: MergeOptions | None = None) -> list[Incident]:
    """The incidents of several analysed documents, one per real-world event (see :func:`merge_incidents`)."""
    return merge_incidents(((a.document.id, inc) for a in analyses for inc in a.incidents), options)
