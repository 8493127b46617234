"""Lookup keys of place names: one name at a time, or hundreds of thousands at once for the index build."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Kinds of name -> entry links.
NAME, ALT, ABBR, DEMONYM = 0, 1, 2, 3

# dots and apostrophes vanish; hyphens, dashes, underscores and slashes separate words like spaces
_FOLD = str.maketrans({**dict.fromkeys(".\u2019'`´"), **dict.fromkeys("-_/\u2010\u2011\u2012\u2013\u2014\u2015", " ")})
_SHORT_FIRST_WORD = {"saint": "st", "mount": "mt", "fort": "ft"}


def _fold(text: str) -> str:
    """Key of a name without accents: case folded, punctuation dropped, one space between words."""
    words = text.casefold().translate(_FOLD).split()
    if len(words) > 1 and words[0] in _SHORT_FIRST_WORD:
        words[0] = _SHORT_FIRST_WORD[words[0]]
    return " ".join(words)


def _unaccented(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _key(name: str) -> str:
    return _fold(name if name.isascii() else _unaccented(name))


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """Lookup key of a name: accents folded, case folded, dots/apostrophes dropped, hyphens as spaces."""
    return _key(name)


def normalize_many(names: Iterable[str]) -> list[str]:
    """``[normalize(n) for n in names]`` without filling its cache (the index build keys 700,000 names)."""
    return [_key(n) for n in names]
