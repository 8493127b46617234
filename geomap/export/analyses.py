"""The JSON contract itself as an output: one JSON document, or JSON Lines with one analysis a line."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from typing import IO

from .._atomic import atomic_open
from ..errors import GeomapError
from ..model import Analysis


class NothingToWrite(GeomapError):
    """No analysis reached the writer; raised inside the atomic write so an existing file is kept."""

    def __init__(self) -> None:
        super().__init__("nothing could be analysed; no output written")


def _emit(analyses: Iterable[Analysis], fh: IO[str], *, lines: bool, pretty: bool | None) -> int:
    indent = None if lines or pretty is False else 2
    n = 0
    for a in analyses:
        fh.write(json.dumps(a.to_dict(), ensure_ascii=False, indent=indent) + "\n")
        n += 1
    return n


def write_analyses_json(analyses: Iterable[Analysis], path: str | os.PathLike | None, *, lines: bool,
                        pretty: bool | None = None) -> int:
    """Write analyses as JSON Lines (``lines``) or indented JSON (unless ``pretty`` is False) to ``path``
    (None or ``-``: stdout); returns how many were written.

    A file is replaced atomically and only when at least one analysis was written
    (:class:`NothingToWrite` otherwise).
    """
    if path is None or str(path) == "-":
        return _emit(analyses, sys.stdout, lines=lines, pretty=pretty)
    with atomic_open(path) as fh:
        n = _emit(analyses, fh, lines=lines, pretty=pretty)
        if n == 0:
            raise NothingToWrite()
    return n
