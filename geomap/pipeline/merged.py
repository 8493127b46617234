"""Analyses of several documents with one incident per real-world event (issue 12).

The outputs (export, map, report, a batch run's combined files) show an event that several documents
report as one incident with its ``sources``. The merge itself is :func:`geomap.incidents.merge_incidents`;
this module only hands it the incidents of many analyses and gives each merged incident back to one
analysis: the document of its most specific report (whose evidence, offsets and place it keeps). The
other reports' copies leave their analyses, so that an output listing every analysis's incidents shows
each event once. ``extract`` does not use this: one document's analysis is unchanged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..model import Analysis, Incident

if TYPE_CHECKING:
    from ..incidents.crossdoc import MergeOptions

__all__ = ["merge_analyses", "merged_incidents_by_position"]


def merged_incidents_by_position(incidents_of: Iterable[tuple[str, Sequence[Incident]]],
                                 options: MergeOptions | None = None) -> dict[int, list[Incident]]:
    """The incidents each analysis keeps after merging, by the analysis's position in ``incidents_of``.

    ``incidents_of`` gives (document id, incidents) per analysis in order; it is read once, so a batch
    run can stream it from its analyses file and keep only the incidents in memory. Positions that keep
    no incident are missing from the result.
    """
    from ..incidents.crossdoc import merge_incidents  # imported on use: `import geomap` stays light

    reports: list[tuple[str, Incident]] = []
    owner: dict[int, int] = {}  # id() of an incident as given -> position of its analysis
    head_owner: dict[tuple[str, str], int] = {}  # (document id, incident id) -> position
    for position, (doc_id, incidents) in enumerate(incidents_of):
        for inc in incidents:
            reports.append((doc_id, inc))
            owner[id(inc)] = position
            head_owner.setdefault((doc_id, inc.id), position)
    kept: dict[int, list[Incident]] = {}
    for inc in merge_incidents(reports, options):
        if id(inc) in owner:  # reported once: the same object comes back
            position = owner[id(inc)]
        else:  # merged: its first source is the report that represents it
            head = inc.sources[0]
            position = head_owner[(head.document, head.incident)]
        kept.setdefault(position, []).append(inc)
    return kept


def merge_analyses(analyses: Iterable[Analysis], options: MergeOptions | None = None) -> list[Analysis]:
    """Copies of the analyses in which an event reported by several documents is one incident, held by
    the analysis of its most specific report (see the module docstring). Places and claims are unchanged;
    an incident without a date or a located place cannot be matched and is kept where it was."""
    analyses = list(analyses)
    if len(analyses) < 2 or not all(isinstance(i, Incident) for a in analyses for i in a.incidents):
        return analyses  # one document, or records that are not incidents (nothing to compare)
    kept = merged_incidents_by_position(((a.document.id, list(a.incidents)) for a in analyses), options)
    return [dataclasses.replace(a, incidents=kept.get(k, [])) for k, a in enumerate(analyses)]
