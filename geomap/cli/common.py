"""Options and helpers the analysing commands share: what to analyse, how, and how problems are shown."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import GeomapError, OutputError
from ..model import Analysis
from ..pipeline import AnalysisOptions, AnalysisStream, DocumentBudget, check_country, iter_analyses
from ..pipeline.options import DEFAULT_MAX_CHARS, DEFAULT_MAX_SECONDS
from .group import BadInput

if TYPE_CHECKING:
    from ..geocoders import FallbackGeocoder

SHOWN_WARNINGS = 10  # analysis warnings printed one by one before they are only counted


class Reporter:
    """Prints per-item problems and analysis warnings to stderr as one line each, and counts problems.

    A feed of thousands of undated documents would repeat the same warning thousands of times: the
    first :data:`SHOWN_WARNINGS` are printed, the rest counted in one closing line.
    """

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self.count = 0
        self.warnings = 0

    def __call__(self, msg: str) -> None:
        self.count += 1
        if not self.quiet:
            click.echo(f"geomap: {msg}", err=True)

    def warnings_of(self, analyses: Iterable[Analysis]) -> Iterator[Analysis]:
        """The analyses, unchanged, each one's warnings printed as it passes."""
        for a in analyses:
            for warning in a.warnings:
                self.warnings += 1
                if not self.quiet and self.warnings <= SHOWN_WARNINGS:
                    click.echo(f"geomap: warning: {a.id}: {warning}", err=True)
            yield a
        hidden = self.warnings - SHOWN_WARNINGS
        if hidden > 0 and not self.quiet:
            click.echo(f"geomap: warning: {hidden} more warning(s) not shown (each analysis lists its own "
                       "in \"warnings\")", err=True)

    def nothing(self, what: str) -> BadInput:
        """The error for a run that produced nothing, pointing at the problems printed above."""
        return BadInput(what + (f" ({self.count} problem(s) above)" if self.count else ""))


def parse_key_values(items: Iterable[str], option: str) -> dict[str, str]:
    """``KEY=VALUE`` option values as a dict (keys stripped); a usage error names the bad item."""
    values = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint=option)
        values[key.strip()] = value
    return values


def _date_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    from ..document import date_problem, parse_date

    if value is None:
        return None
    date = parse_date(value)
    if date is None:
        raise click.BadParameter(f"{date_problem(value) or repr(value)} (use YYYY-MM-DD)")
    return date


def _country_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check_country(value)
    except GeomapError as err:
        raise click.BadParameter(str(err)) from None


DATE_OPTION = click.option("--date", "date", default=None, metavar="YYYY-MM-DD", callback=_date_option,
                           help="Publication date: replaces an HTML page's own date; for JSON Lines, the date "
                                "of records that carry none.")
COUNTRY_OPTION = click.option("--country", default=None, metavar="CC", callback=_country_option,
                              help="ISO country code to prefer for ambiguous names (e.g. US).")
KEEP_APART_OPTION = click.option(
    "--keep-reports-apart", "keep_apart", is_flag=True,
    help="Show each document's incidents as it reported them; by default an event that several documents "
         "report is one incident listing its sources.")


def one_incident_per_event(analyses: list[Analysis], keep_apart: bool) -> list[Analysis]:
    """The analyses with the incidents of several reports of one event merged, unless ``keep_apart``."""
    from ..pipeline import merge_analyses

    return analyses if keep_apart else merge_analyses(analyses)


@dataclass(frozen=True)
class AnalysisRequest:
    """What the common options ask for: how to read and analyse the inputs."""

    date: dt.date | None = None
    country: str | None = None
    ner: str = "none"
    geocoder: str | None = None
    geocoder_options: tuple[str, ...] = ()
    geocoder_only: bool = False
    max_chars: int | None = DEFAULT_MAX_CHARS
    time_limit: float | None = DEFAULT_MAX_SECONDS
    source_label: str | None = None

    def make_geocoder(self) -> FallbackGeocoder | None:
        """The fallback online geocoder ``--geocoder`` asks for, or None."""
        if not self.geocoder:
            if self.geocoder_only:
                raise click.UsageError("--geocoder-only needs --geocoder NAME")
            return None
        from ..geocoders import make_fallback_geocoder

        options = parse_key_values(self.geocoder_options, "--geocoder-option")
        return make_fallback_geocoder(self.geocoder, options=options, replace=self.geocoder_only)

    def options(self, **stages: Any) -> AnalysisOptions:
        """The pipeline's options for this request (``stages``: claims, incidents, tolerance, given_spans)."""
        budget = DocumentBudget(max_chars=self.max_chars or None, max_seconds=self.time_limit or None)
        return AnalysisOptions(country=self.country, ner=None if self.ner == "none" else self.ner,
                               geocoder=self.make_geocoder(), budget=budget, source_label=self.source_label,
                               **stages)

    def stream(self, inputs: Sequence[str], reporter: Reporter, **stages: Any) -> AnalysisStream:
        """The analyses of the inputs, problems reported (iterate through ``reporter.warnings_of``)."""
        return iter_analyses(inputs, self.options(**stages), date=self.date, on_error=reporter)

    def analyses(self, inputs: Sequence[str], reporter: Reporter, *, nothing: str) -> list[Analysis]:
        """All analyses of the inputs; :class:`BadInput` saying ``nothing`` when there are none."""
        found = list(reporter.warnings_of(self.stream(inputs, reporter)))
        if not found:
            raise reporter.nothing(nothing)
        return found


_REQUEST_KEYS = tuple(f.name for f in dataclasses.fields(AnalysisRequest))


def analysis_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options every analysing command shares; the command gets them as one ``request``."""

    @functools.wraps(command)
    def with_request(*args: Any, **kwargs: Any) -> Any:
        request = AnalysisRequest(**{k: kwargs.pop(k) for k in _REQUEST_KEYS})
        return command(*args, request=request, **kwargs)

    options = [
        DATE_OPTION,
        COUNTRY_OPTION,
        click.option("--ner", type=click.Choice(["none", "spacy"]), default="none", show_default=True,
                     help="Add spaCy entities as a recognition signal (needs spaCy and an English pipeline)."),
        click.option("--geocoder", default=None, metavar="NAME",
                     help="Online geocoder for places the embedded gazetteer cannot resolve "
                          "(nominatim, photon, arcgis, geonames, ...). Off by default."),
        click.option("--geocoder-option", "geocoder_options", multiple=True, metavar="KEY=VALUE",
                     help="Option passed to the online geocoder (e.g. user_agent=myapp)."),
        click.option("--geocoder-only", is_flag=True,
                     help="Use the online geocoder instead of the embedded gazetteer."),
        click.option("--max-chars", type=click.IntRange(min=0), default=DEFAULT_MAX_CHARS, show_default=True,
                     help="Skip (and report) a document longer than this many characters; 0: no limit."),
        click.option("--time-limit", type=click.FloatRange(min=0), default=DEFAULT_MAX_SECONDS,
                     show_default=True, metavar="SECONDS",
                     help="Stop (and report) the analysis of one document after this long; 0: no limit."),
        click.option("--source-label", default=None, metavar="TEXT",
                     help="Source shown in the outputs instead of the input's file name (e.g. a URL)."),
    ]
    for option in reversed(options):
        with_request = option(with_request)
    return with_request


def require_inputs(inputs: Sequence[str], *outputs: str | None) -> None:
    """At least one input, and no output that would overwrite an input."""
    if not inputs:
        raise click.UsageError("give at least one INPUT (a file, a folder, or - for stdin)")
    ins = {Path(i).resolve() for i in inputs if i != "-"}
    for out in outputs:
        if out and out != "-" and Path(out).resolve() in ins:
            raise click.UsageError(f"the output {out} is also an input; geomap never overwrites its inputs")


def default_output(inputs: Sequence[str], suffix: str) -> str:
    """maps/<name of the first input><suffix>, creating maps/ when needed."""
    stem = Path(inputs[0]).stem if inputs[0] != "-" else "stdin"
    folder = Path("maps")
    try:
        folder.mkdir(exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create the folder {folder}/: {err.strerror or err}") from err
    return str(folder / f"{stem or 'map'}{suffix}")
