"""Lookup keys of place names: one name at a time, or hundreds of thousands at once for the index build."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Kinds of name -> entry links.
NAME, ALT, ABBR, DEMONYM = 0, 1, 2, 3

_PUNCT = re.compile(r"[.\u2019'`´]")
_SPACE = re.compile(r"[\s\-\u2010-\u2015_/]+")
_SHORT_PREFIX = {"saint": "st ", "mount": "mt ", "fort": "ft "}



def _key(name: str) -> str:
    if name.isascii():
        s = name
    else:
        s = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    s = _PUNCT.sub("", s.casefold())
    s = _SPACE.sub(" ", s).strip()
    if s.startswith("saint "):
        s = "st " + s[6:]
    elif s.startswith("mount "):
        s = "mt " + s[6:]
    elif s.startswith("fort "):
        s = "ft " + s[5:]
    return s


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """Lookup key of a name: accents folded, case folded, dots/apostrophes dropped, hyphens as spaces."""
    return _key(name)


def normalize_many(names: Iterable[str]) -> list[str]:
    """Keys of many names, as :func:`normalize` gives them, without filling its cache (index build)."""
    return [_key(n) for n in names]
