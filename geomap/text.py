"""The text toolkit every stage shares: sentences, number words, word windows, trie regexes.

Pure functions of strings (no data, no other geomap module), so any layer may use them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import NamedTuple

__all__ = ["CASE_TRAPS", "NUMBER_WORDS", "LazyRegex", "lower_copy", "Sentence", "parse_number", "sentence_at", "split_sentences", "trie_regex",
           "words_before", "words_after"]

# ----------------------------------------------------------------------------- regexes

# Lowercasing these does not give what matching ignoring case compares: U+0130 lowercases to two characters,
# U+0131 (dotless i) and U+017F (long s) match "i" / "s" ignoring case but stay as they are (tests check all of
# Unicode). Any other text's lowercased copy answers an ASCII pattern as the text does ignoring case.
CASE_TRAPS = "\u0130\u0131\u017f"
_CASE_TRAP_RE = re.compile(f"[{CASE_TRAPS}]")
_last_lowered: tuple[str, str | None] = ("", "")  # the last text asked for, and its answer


def lower_copy(text: str) -> str | None:
    """``text.lower()`` when matching an ASCII pattern case-sensitively on it finds what matching ignoring case on
    ``text`` finds, at the same offsets (the text holds none of :data:`CASE_TRAPS`); None otherwise. Matching
    without folding case is several times cheaper for sre. The last answer is kept: a sentence is asked for by
    several patterns in a row."""
    global _last_lowered
    last = _last_lowered  # read once: the pair stays consistent even if another thread replaces it
    if text is last[0]:
        return last[1]
    low = None if not text.isascii() and _CASE_TRAP_RE.search(text) else text.lower()
    _last_lowered = (text, low)
    return low



class LazyRegex:
    """A module-level regex compiled on first use: for the large patterns only some documents need
    (compiling one costs ~1-4 ms, most of a short run's start-up). After the first use its methods are
    the compiled pattern's own, found in the instance's dict without a detour."""

    _METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "pattern", "flags",
                "groups", "groupindex")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def compiled(self) -> re.Pattern:
        """The compiled pattern (compiled now if not yet)."""
        compiled = re.compile(*self._source)
        for name in self._METHODS:
            self.__dict__[name] = getattr(compiled, name)
        return compiled

    def __getattr__(self, name: str):  # only until the first use: then the names are in __dict__
        if name.startswith("__") or name not in self._METHODS:
            raise AttributeError(name)
        return getattr(self.compiled(), name)



def trie_regex(words: Iterable[str]) -> str:
    """A regex matching any of the words, as a character trie (sre has no trie optimisation of its own)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return build(trie)


# ----------------------------------------------------------------------------- number words

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "dozen": 12, "a dozen": 12,
}

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000}
_NUMWORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "dozen", "half", "a", "an", "and"], key=len, reverse=True))
NUMBER_WORDS_RE = rf"(?:{_NUMWORD})(?:(?:\s+|-)(?:{_NUMWORD}))*"
DIGITS_RE = r"[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d+(?:\.\d+)?"
NUMBER_RE = rf"(?:{DIGITS_RE}|{NUMBER_WORDS_RE})"


def parse_number(text: str) -> float | None:
    """"30" / "1,200" / "2.5" / "thirty-five" / "a dozen" / "two hundred" / "one and a half" -> float."""
    t = text.strip().lower().replace("−", "-")
    if re.fullmatch(DIGITS_RE, t):
        try:
            return float(t.replace(",", ""))
        except ValueError:
            return None
    words = [w for w in re.split(r"[\s-]+", t) if w]
    if not words or all(w in ("a", "an", "and") for w in words):
        return None
    total = 0.0
    current = 0.0
    seen = False
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("a", "an"):
            if i + 1 < len(words) and words[i + 1] in ("dozen", "hundred", "thousand", "half"):
                current += 1 if words[i + 1] != "half" else 0
            i += 1
            continue
        if w == "and":
            i += 1
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "half":
            current += 0.5
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "thousand":
            total += (current or 1) * 1000
            current = 0
        else:
            return None
        seen = True
        i += 1
    return total + current if seen else None


# ----------------------------------------------------------------------------- sentences

# ("[.!?][.!?]*", not "[.!?]+": a pattern that opens with a character class lets sre skip ahead to it in C)
_SPLIT_RE = re.compile(r"[.!?][.!?]*[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_ABBREV = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "st", "sen", "rep", "gov", "prof", "capt", "maj",
           "no", "jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec", "u.s", "u.k", "u.n", "vs", "cpl", "pvt",
           "adm", "brig", "insp", "supt", "rev", "fr", "jr", "sr", "inc", "co", "corp", "ltd", "mt", "ft"}


class Sentence(NamedTuple):
    """A sentence of a document: ``start``/``end`` are offsets into the document text (end exclusive)."""

    start: int
    end: int
    text: str
    headline: bool  # a line without final punctuation (a title or cross-heading)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their document offsets; every line break also ends a sentence."""
    out: list[Sentence] = []

    def add(s: int, e: int) -> None:
        seg = text[s:e]
        stripped = seg.strip()
        if stripped:
            s += len(seg) - len(seg.lstrip())
            out.append(Sentence(s, s + len(stripped), stripped, stripped[-1] not in ".!?\"”’')]:;"))

    line_start = 0
    for line in text.split("\n"):
        start = line_start
        for m in _SPLIT_RE.finditer(line):
            # an abbreviation or an initial does not end a sentence
            tail = line[max(0, m.start() - 12):m.start()].split()
            w = tail[-1].lower() if tail else ""
            if w in _ABBREV or (len(w) == 1 and w.isalpha()):
                continue
            add(start, line_start + m.end())
            start = line_start + m.end()
        add(start, line_start + len(line))
        line_start += len(line) + 1
    return out


def _start(item) -> int:
    return item.start


def sentence_at(sentences: list[Sentence], pos: int) -> Sentence | None:
    """The sentence holding offset ``pos`` (binary search over :func:`split_sentences`' output)."""
    i = bisect.bisect_right(sentences, pos, key=_start) - 1
    if i >= 0 and sentences[i].start <= pos < max(sentences[i].end, sentences[i].start + 1):
        return sentences[i]
    return None


# ----------------------------------------------------------------------------- word windows

_WORD_RE = re.compile(r"[\w'’-]+")


def words_before(text: str, pos: int, n: int) -> list[str]:
    """Up to ``n`` words ending before offset ``pos`` (nearest last), looking back at most 40 chars a word."""
    return _WORD_RE.findall(text, max(0, pos - 40 * n), pos)[-n:]


def words_after(text: str, pos: int, n: int) -> list[str]:
    """Up to ``n`` words starting at or after offset ``pos``."""
    out = []
    for m in _WORD_RE.finditer(text, pos, min(len(text), pos + 40 * n)):
        out.append(m.group())
        if len(out) == n:
            break
    return out
