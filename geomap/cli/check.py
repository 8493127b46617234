"""``geomap check``: the verdict of each distance and direction claim, for people and for tools."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from ..claims import Tolerance
from ..errors import GeomapError, InputError
from ..model import Analysis, Document
from ..pipeline import AnalysisOptions, analyze_document, iter_analyses, make_tolerance
from ..pipeline.saved import SAVED_SUFFIXES
from .common import AnalysisRequest, Reporter, analysis_options, parse_key_values
from .group import main

# the keys --tolerance accepts: the fields of the tolerance policy
TOLERANCE_KEYS = ", ".join(f.name for f in dataclasses.fields(Tolerance))

_INPUT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".gz") + SAVED_SUFFIXES


@main.command()
@click.argument("sources", nargs=-1, metavar="TEXT-or-FILE...")
@analysis_options
@click.option("--json", "as_json", is_flag=True, help="JSON Lines for tools: one claim object per line.")
@click.option("--tolerance", "tolerance_opts", multiple=True, metavar="KEY=VALUE",
              help=f"Change the tolerance policy (keys: {TOLERANCE_KEYS}); e.g. --tolerance about_rel=0.2.")
def check(sources: Sequence[str], request: AnalysisRequest, as_json: bool, tolerance_opts: tuple[str, ...]) -> None:
    """Check the distance and direction claims of each TEXT-or-FILE.

    TEXT-or-FILE is a file (.txt, .html, .jsonl, or `geomap extract` output), a folder, - for stdin,
    or the text itself; a name that looks like a file but does not exist is an error.
    Prints each claim with its verdict (supported, contradicted, unverifiable), the distance
    measured on the WGS84 ellipsoid and the rule applied; --json prints one JSON object per claim.

    Exit status: 0 no claim contradicted (including when there is no claim); 3 at least one
    claim contradicted; 1 nothing could be analysed; 2 usage error.
    """
    if not sources:
        raise click.UsageError("give a text, a file, a folder or - for stdin")
    try:
        tolerance = make_tolerance(parse_key_values(tolerance_opts, "--tolerance"))
    except InputError as err:
        raise click.BadParameter(str(err), param_hint="--tolerance") from None
    reporter = Reporter()
    options = request.options(incidents=False, tolerance=tolerance)
    contradicted = analysed = 0
    for analysis, named in _analyses(sources, request, options, reporter):
        analysed += 1
        for claim in analysis.claims:
            contradicted += _verdict_of(claim) == "contradicted"
            if as_json:
                click.echo(json.dumps({"id": analysis.id, **_as_dict(claim)}, ensure_ascii=False))
            else:
                click.echo(claim_lines(analysis.id if named else None, _as_dict(claim)))
        if not analysis.claims and not as_json:
            click.echo(f"{analysis.id + ': ' if named else ''}no distance claim found")
    if analysed == 0:
        raise reporter.nothing("nothing could be analysed")
    click.get_current_context().exit(3 if contradicted else 0)


def _analyses(sources: Sequence[str], request: AnalysisRequest, options: AnalysisOptions,
              reporter: Reporter) -> Iterator[tuple[Analysis, bool]]:
    """(analysis, whether to name it) for each source: inputs are read, text arguments analysed."""
    texts = 0
    for source in sources:
        if source == "-" or _is_existing_path(source):
            stream = iter_analyses([source], options, date=request.date, on_error=reporter)
            yield from ((a, True) for a in reporter.warnings_of(stream))
            continue
        if _looks_like_path(source):
            reporter(f"{source}: no such file")
            continue
        if not source.strip():
            reporter("empty text: give a text, a file, a folder or - for stdin")
            continue
        texts += 1
        doc = Document(text=source, id="text" if texts == 1 else f"text{texts}", date=request.date,
                       source=request.source_label)
        try:
            analysis = analyze_document(doc, options)
        except GeomapError as err:
            reporter(f"{doc.id}: {err}")
            continue
        yield from ((a, len(sources) > 1) for a in reporter.warnings_of([analysis]))


def _is_existing_path(source: str) -> bool:
    """True when SOURCE names a file or folder (not text that happens to be short)."""
    if not source.strip() or "\n" in source or len(source) > 4096:
        return False
    try:
        return Path(source).exists()
    except OSError:  # e.g. a name too long for the file system: it is text
        return False


def _looks_like_path(source: str) -> bool:
    """A single word ending in an input file suffix, or with a folder separator: a file name, not a text."""
    word = source.strip()
    if not word or any(ch.isspace() for ch in word):
        return False
    return word.lower().endswith(_INPUT_SUFFIXES) or "/" in word


def _as_dict(claim: Any) -> dict[str, Any]:
    return claim if isinstance(claim, dict) else claim.to_dict()


def _verdict_of(claim: Any) -> str | None:
    return _as_dict(claim).get("verdict")


def _said(c: dict[str, Any]) -> str:
    """What the text claims: "30 km", "5–10 mi = 12.1 km", or the words of a relation ("near")."""
    if c.get("value") is None:  # a relation without a figure: near, on, across, outskirts, a direction
        return repr(c.get("qualifier_text") or c.get("qualifier") or "?")
    said = f"{c['value']:g}" + (f"–{c['value_max']:g}" if c.get("value_max") is not None else "")
    said += f" {c.get('unit') or 'km'}"
    if c.get("unit") in (None, "km"):
        return said
    lo, hi = c.get("claimed_min_km"), c.get("claimed_max_km")
    if c.get("value_max") is not None and lo is not None and hi is not None:
        said += f" = {lo:.1f}–{hi:.1f} km"
    elif c.get("claimed_km") is not None:
        said += f" = {c['claimed_km']:.1f} km"
    return said


def claim_lines(doc_id: str | None, c: dict[str, Any]) -> str:
    """Human-readable verdict of one claim (its contract dict), a few lines."""
    mark = str(c.get("verdict") or "unverifiable").upper()
    subject = c.get("subject") or {}
    name = subject.get("name") or subject.get("text") or "?"
    lines = [f"{doc_id + ': ' if doc_id else ''}{mark}  \"{c.get('text')}\"  (subject: {name})"]
    if c.get("measured_km") is not None:
        point = (c.get("reference") or {}).get("point")
        where = f" to {point['lat']:.4f}, {point['lon']:.4f}" if point else ""
        tolerance = c.get("tolerance_km")
        lines.append(f"    measured {c['measured_km']:.1f} km{where}; claimed {_said(c)} ({c.get('qualifier')}); "
                     f"tolerance {tolerance if tolerance is None else format(tolerance, '.1f')} km")
    for label in ("rule", "reason", "data"):
        if c.get(label):
            lines.append(f"    {label}: {c[label]}")
    lines.extend(f"    note: {n}" for n in c.get("notes") or [])
    return "\n".join(lines)
