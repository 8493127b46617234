"""A batch run's input, streamed: a JSON Lines file (.gz too), ``-`` for stdin, a folder, or one text file."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..document import HTML_SUFFIXES, TEXT_SUFFIXES, is_jsonl, iter_lines, open_binary
from ..errors import InputError
from .common import InputItem


def head_sha1(path: Path, n: int) -> str:
    """SHA-1 of the first ``n`` bytes of a file: a file replaced by another one is caught by it."""
    with open(path, "rb") as fh:
        return hashlib.sha1(fh.read(n)).hexdigest()


class BatchInput:
    """A streamed input: a JSON Lines file (.gz too), ``-`` for stdin, a folder, or one text file."""

    def __init__(self, spec: str | os.PathLike) -> None:
        self.spec = str(spec)
        self.cut_short: str | None = None  # why the input could not be read to its end (damaged .gz ...)
        if self.spec == "-":
            self.kind, self.root, self.name = "jsonl", None, "<stdin>"
            return
        p = Path(self.spec)
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
        self.name = str(p)
        if p.is_dir():
            self.kind, self.root = "files", str(p)
            if next(self._files(), None) is None:
                raise InputError(f"{p}: folder holds no .txt or .html files")
        else:
            self.kind, self.root = ("jsonl" if is_jsonl(p) else "files"), None
            if p.stat().st_size == 0:
                raise InputError(f"{p}: empty file")

    def fingerprint(self) -> dict:
        """What identifies this input across an interruption."""
        if self.spec == "-":
            return {"input": "-"}
        p = Path(self.spec).resolve()
        fp: dict[str, Any] = {"input": str(p)}
        if p.is_file():
            fp["size"] = p.stat().st_size
            fp["head_len"] = min(fp["size"], 1 << 16)
            fp["head_sha1"] = head_sha1(p, fp["head_len"])
        return fp

    def check_resume_point(self, skip: int, last: str | None) -> None:
        """Make sure item ``skip - 1`` is still the one the interrupted run ended on (folders)."""
        if self.kind != "files" or skip == 0 or last is None:
            return
        for seq, path in enumerate(self._files()):
            if seq == skip - 1:
                if os.path.abspath(path) == last:
                    return
                break
        raise InputError(f"{self.name} changed since the interrupted run (item {skip} was {last}); "
                         "cannot resume safely: start again with --overwrite")

    def _files(self) -> Iterator[str]:
        if self.root is None:
            yield self.spec
            return
        suffixes = TEXT_SUFFIXES | HTML_SUFFIXES
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames.sort()
            for fn in sorted(filenames):
                if Path(fn).suffix.lower() in suffixes and not fn.startswith("."):
                    yield os.path.join(dirpath, fn)

    def items(self, skip: int = 0) -> Iterator[InputItem]:
        """Every input item from number ``skip`` on, streamed (one line or one file path at a time)."""
        if self.kind == "files":
            for seq, path in enumerate(self._files()):
                if seq >= skip:
                    yield InputItem(seq, None, path, None)
            return
        fh = open_binary(self.spec)
        try:
            for seq, line in enumerate(iter_lines(fh, self.name)):
                if line.ends_input:
                    self.cut_short = line.problem
                if seq >= skip:
                    yield InputItem(seq, line.number, None, line.data, line.problem)
        finally:
            if fh is not sys.stdin.buffer:
                fh.close()

    def count(self) -> int | None:
        """Number of items (for the progress bar's ETA); None for stdin."""
        if self.spec == "-":
            return None
        if self.kind == "files":
            return sum(1 for _ in self._files())
        return sum(1 for _ in self.items())
