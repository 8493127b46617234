"""The ``geomap`` command group and the plumbing its commands share.

Library errors (:mod:`geomap.errors`) become :class:`CommandError` subclasses, which carry their
exit codes: 0 done; 1 nothing could be produced (bad input, unwritable output, missing data);
2 usage error (click); 130 interrupted. ``geomap check`` adds 3 (a claim is contradicted).
"""

from __future__ import annotations

from typing import IO, Any

import click

from .._version import __version__
from ..errors import DataError, GeomapError, InputError, OutputError


class CommandError(click.ClickException):
    """A one-line ``geomap: error: ...`` on stderr and exit status 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"geomap: error: {self.format_message()}", err=True, file=file)


class BadInput(CommandError):
    """An input cannot be read or holds nothing usable."""


class CannotWrite(CommandError):
    """An output cannot be written."""


class MissingData(CommandError):
    """geomap's reference data is missing or damaged."""


class Interrupted(CommandError):
    """The user stopped the run (Ctrl-C)."""

    exit_code = 130


_BY_LIBRARY_ERROR: tuple[tuple[type[GeomapError], type[CommandError]], ...] = (
    (InputError, BadInput), (OutputError, CannotWrite), (DataError, MissingData))


def command_error(err: GeomapError) -> CommandError:
    """The :class:`CommandError` (and so the exit code) for a library error."""
    for library_type, command_type in _BY_LIBRARY_ERROR:
        if isinstance(err, library_type):
            return command_type(str(err))
    return CommandError(str(err))


class GeomapGroup(click.Group):
    """A click group whose commands' library errors end as one line and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GeomapError as err:
            raise command_error(err) from err


@click.group(cls=GeomapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geomap")
def main() -> None:
    """geomap: find the places in news text, check its spatial claims, map its incidents.

    Works offline with an embedded gazetteer; online geocoders are opt-in.
    """
