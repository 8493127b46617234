"""The ``geomap`` command group and the plumbing its commands share.

Library errors (:mod:`geomap.errors`) become :class:`CommandError` subclasses, which carry their
exit codes: 0 done; 1 nothing could be produced (bad input, unwritable output, missing data, or an
unexpected error, reported in one line); 2 usage error (click); 130 interrupted; 141 the reader of
stdout went away. ``geomap check`` adds 3 (a claim is contradicted).
"""

from __future__ import annotations

import atexit
import gc
import io
import os
import sys
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


class Unexpected(CommandError):
    """An error geomap did not foresee: one line asking for a report (GEOMAP_DEBUG=1 shows the traceback)."""


def _tune_collector() -> None:
    """One BLAS thread; fewer cyclic garbage collections for a command, and none at exit.

    An extract allocates millions of short-lived objects (tokens, candidates, match objects) and hardly
    any cycles: Python's default (a young-generation pass every 700 allocations, 220 passes over a
    588-document corpus) costs ~50 ms of its 1.4 s; with 10,000 it is ~13 passes and ~25 ms. Reference
    counting still frees everything else at once. At exit the interpreter collects again and again while
    it tears the modules down, walking the ~90,000 objects the data and caches are (~0.2 s after an
    extract); freezing them first (an exit handler) leaves only the frees."""
    global _TUNED
    if _TUNED:
        return
    _TUNED = True
    # numpy (loaded later, for measuring) starts OpenBLAS's thread pool, whose idle threads spin after each
    # of geomap's small array operations: ~0.1 s of CPU on another core per corpus and nothing gained. A
    # command keeps one BLAS thread unless the user says otherwise (batch runs its own worker processes).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if gc.get_threshold()[0] < 10_000:
        gc.set_threshold(10_000, 50, 100)
    atexit.register(gc.freeze)


_TUNED = False


class GeomapGroup(click.Group):
    """A click group whose commands end with one line and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        _tune_collector()
        try:
            return super().invoke(ctx)
        except GeomapError as err:
            raise command_error(err) from err
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            raise Interrupted("interrupted") from None
        except BrokenPipeError:
            _silence_stdout()  # the reader went away (| head): stop quietly, as other tools do
            raise click.exceptions.Exit(141) from None
        except EOFError as err:
            raise BadInput(f"an input ended unexpectedly ({err or 'truncated'})") from err
        except Exception as err:
            if os.environ.get("GEOMAP_DEBUG"):
                raise
            raise Unexpected(f"unexpected {type(err).__name__}: {err} (please report it with the input; "
                             "GEOMAP_DEBUG=1 shows where it happened)") from err


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


@click.group(cls=GeomapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geomap")
def main() -> None:
    """geomap: find the places in news text, check its spatial claims, map its incidents.

    Works offline with an embedded gazetteer; online geocoders are opt-in.
    """
