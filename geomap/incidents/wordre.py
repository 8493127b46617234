"""Word-start patterns ("(?<!\\w)" then a word list, ignoring case) searched fast.

sre tries a pattern that opens with a lookbehind at every position of the text, and a pattern
ignoring case folds every character it compares. :class:`WordStartRegex` first searches the
lowercased copy of the text, case-sensitively, with the pattern opening on a character class
(``\\W`` before the word, so sre skips ahead in C to such characters; the text's start is tried
apart). Most sentences hold none of the words: the answer is then "no match" at that cost. When
there is a match, the pattern as written runs on the text itself, so a caller gets exactly the match
the plain pattern gives.

The lowercased copy answers as the text ignoring case unless the text holds one of
:data:`geomap.text.CASE_TRAPS` (:func:`geomap.text.lower_copy`): such a text is searched with the plain pattern.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from ..text import lower_copy

__all__ = ["WordStartRegex", "compile_all"]


class WordStartRegex:
    """``(?<!\\w)(?:BODY)`` ignoring case, for an ASCII ``BODY``; :attr:`plain` is that pattern compiled.

    Compiled on first use (three patterns of a long word list cost a few tenths of a millisecond each, and a
    run meets only some of them); :func:`compile_all` compiles every one now (a process forking workers)."""

    _instances: list[WordStartRegex] = []
    _COMPILED = ("plain", "pattern", "flags", "match", "fullmatch", "_at", "_after")

    def __init__(self, body: str) -> None:
        if not body.isascii():
            raise ValueError("WordStartRegex needs an ASCII pattern")
        self._body = body
        WordStartRegex._instances.append(self)

    def compiled(self) -> re.Pattern:
        """The plain pattern (every pattern compiled now if not yet)."""
        body = self._body
        at = re.compile(rf"(?<!\w)(?:{body})")  # on the lowercased copy, at one position only
        if at.fullmatch(""):
            raise ValueError("WordStartRegex needs a pattern that matches no empty text")
        plain = re.compile(rf"(?<!\w)(?:{body})", re.IGNORECASE)
        self.__dict__.update(plain=plain, pattern=plain.pattern, flags=plain.flags, match=plain.match,
                             fullmatch=plain.fullmatch, _at=at,
                             _after=re.compile(rf"\W((?:{body}))"))  # opens with a character class: sre skips in C
        return plain

    def __getattr__(self, name: str):  # only until the first use: then the names are in __dict__
        if name not in self._COMPILED:
            raise AttributeError(name)
        self.compiled()
        return self.__dict__[name]

    def _absent(self, low: str, pos: int, endpos: int) -> bool:
        return self._at.match(low, pos, endpos) is None and self._after.search(low, pos, endpos) is None

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        """As ``plain.search``."""
        low = lower_copy(text)
        if low is not None and self._absent(low, pos, endpos):
            return None
        return self.plain.search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match]:
        """As ``plain.finditer``."""
        low = lower_copy(text)
        if low is not None and self._absent(low, pos, endpos):
            return iter(())
        return self.plain.finditer(text, pos, endpos)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """The span of every match of ``plain.finditer(text)``, in order (found on the lowercased copy)."""
        low = lower_copy(text)
        if low is None:
            for m in self.plain.finditer(text):
                yield m.span()
            return
        pos = 0
        while True:
            m = self._at.match(low, pos)  # a match ending on no word character may be followed by one at once
            if m:
                start, pos = m.span()
            else:
                m = self._after.search(low, pos)
                if m is None:
                    return
                start, pos = m.span(1)
            yield start, pos

    def words(self, text: str) -> Iterator[tuple[int, str]]:
        """(start, lowercased matched text) of every match of ``plain.finditer(text)``, in order."""
        for start, end in self.spans(text):
            yield start, text[start:end].lower()


def compile_all() -> None:
    """Compile every word-start pattern now (they are compiled on first use)."""
    for p in WordStartRegex._instances:
        if "plain" not in p.__dict__:
            p.compiled()
