"""Which capitalized tokens of a text belong to people's names (see :mod:`geomap.recognize.recognizer`).

A run of capitalized words after a title ("Gov. Oleh Syniehubov", "Maj. Jawad Ali Changezi") is a
person; so is a given name followed by a surname ("Tyler Peterson", "Mary Lodge"), a name with a
middle initial ("Kijuan D. McDonald"), and a run of two or three capitalized words that is not a
place as a whole, starts with no compass word or well-known place and holds no country or demonym
("Mark Rutte", but not "Northeast Georgia" or "Drone Strikes Ukraine"). The surname of such a person is a person wherever else it stands in the
document ("Rutte vowed"), unless it is a well-known place and the person was named with neither a
title nor a given name ("Rodeo Gainesville"). "X said" and "X, 45," make X a person unless X is a well-known place.
"""

from __future__ import annotations

import re

from ..gazetteer import normalize
from .lexicon import (
    COMPASS_WORDS,
    FUNCTION_WORDS,
    ORG_HEADS,
    PERSON_TITLES,
    first_names,
    is_area,
    is_demonym_or_country,
    is_strong,
)

# A person's name is often followed by a verb of saying, "who", or an age: "Jones said", "Smith, 45,".
_SAID = re.compile(r"[^\w.]{0,3}(?:said|says|told|added|explained|asked|wrote|noted|argued|replied|"
                   r"stated|testified|recalled|admitted|insisted|warned|vowed|pledged|met|who|whose|himself|"
                   r"herself|\(\d|,\s*\d{1,3},)\b")
# Words that end a run of capitalized words as a feature, not a surname ("Jordan Valley").
_FEATURE_ENDS = frozenset((
    "street", "avenue", "road", "river", "lake", "bay", "valley", "mountain", "mountains", "hill", "hills",
    "island", "islands", "beach", "falls", "springs", "park", "county", "city", "heights", "creek", "harbor",
    "harbour", "canyon", "point", "square", "bridge", "station", "airport", "district", "region", "province",
))


def person_tokens(text: str, toks, found) -> set[int]:
    """Indexes of the tokens ``toks`` (start, end, word) that belong to people's names.

    ``found``: the gazetteer hits of the text's candidate spans, by normalized key.
    """
    out: set[int] = set()
    surnames: set[str] = set()
    strong_surnames: set[str] = set()  # surnames of people named with a title or a given name
    for run, words, kind in _runs(text, toks, found):
        if kind in ("titled", "given"):
            out.update(run)
            strong_surnames.add(toks[run[-1]][2])
        elif _untitled_person(text, toks, run, words, found):
            out.update(run)
            surnames.add(toks[run[-1]][2])
    surnames = {x for x in surnames if not is_demonym_or_country(x) and not is_strong(x)}
    surnames |= {x for x in strong_surnames if not is_demonym_or_country(x)}
    said = _SAID.match
    add = out.add
    for k, (_s, e, tok) in enumerate(toks):  # one pass: surnames elsewhere, "X said", initials
        if tok in surnames or (said(text, e) and not is_strong(tok)):
            add(k)
        if len(tok) == 1:
            _initial(text, toks, k, out)
    return out


def _runs(text: str, toks, found):
    """Runs of two to five space-separated capitalized tokens, with their words (lower case, no dot) and what
    makes them a person: "titled" (the tokens after a title), "given" (a given name and a surname), or None
    (undecided)."""
    n = len(toks)
    spaced = _spaced(text, toks)
    given_names = first_names()
    i = 0
    while i < n:
        if i == n - 1 or not spaced[i]:  # a lone capitalized word: nothing to learn here; on to the next run
            try:
                i = spaced.index(True, i + 1)
            except ValueError:
                return
        j = i
        while j + 1 < n and spaced[j] and j - i < 4:
            j += 1
        if toks[i][2].lower() in FUNCTION_WORDS:
            i += 1  # "The Georgian", "In Kyiv": capitalized because it opens a sentence
        run = list(range(i, j + 1))
        words = [toks[k][2].lower().rstrip(".") for k in run]
        if not PERSON_TITLES.isdisjoint(words):
            last = max(k for k, w in zip(run, words) if w in PERSON_TITLES)
            if last < j:  # "President Lincoln", "Gov. Oleh Syniehubov"
                yield run[last + 1 - i:], words[last + 1 - i:], "titled"
        elif words[0] in given_names and len(run) >= 3 and is_area(toks[run[0]][2]):
            yield run, words, None  # "Israel Defense Forces": a state or country opens a long name
        elif 2 <= len(run) <= 4 and words[0] in given_names and words[-1] in ORG_HEADS:
            yield run[:-1], words[:-1], "given"  # "Charles Webb Center": named after a person
        elif 2 <= len(run) <= 3 and words[0] in given_names and _surname_like(text, toks, run, words, found):
            yield run, words, "given"
        elif len(run) >= 2:
            yield run, words, None
        i = j + 1


def _spaced(text: str, toks) -> list[bool]:
    """For each token but the last, whether it and the next stand in one run: a space between, or a title's
    dot ("Dr. Caleb Chu")."""
    out = []
    append = out.append
    for (_, end, word), (next_start, _, _) in zip(toks, toks[1:]):
        gap = next_start - end
        if gap == 1:
            append(text[end] == " ")
        else:
            append(gap == 2 and text[end] == "." and text[end + 1] == " " and word.lower() in PERSON_TITLES)
    return out


def _surname_like(text: str, toks, run, words, found) -> bool:
    """Whether the words after a given name read as a surname: not a feature, an organisation, a
    demonym, a compass word or the rest of a place name ("Virginia Beach", "Jordan Valley")."""
    if any(w in ORG_HEADS or w in _FEATURE_ENDS or w in COMPASS_WORDS for w in words[1:]):
        return False
    if any(is_demonym_or_country(toks[k][2]) for k in run[1:]):
        return False
    return normalize(text[toks[run[0]][0]:toks[run[-1]][1]]) not in found


def _untitled_person(text: str, toks, run, words, found) -> bool:
    """A run of two or three capitalized words that is no place, holds no country or demonym, and
    starts with no compass word or well-known place ("Mark Rutte"); ``words``: the run's words, lower case
    without a final dot."""
    if not 2 <= len(run) <= 3:
        return False
    i, j = run[0], run[-1]
    if words[0] in COMPASS_WORDS or not ORG_HEADS.isdisjoint(words):
        return False
    if normalize(text[toks[i][0]:toks[j][1]]) in found or _starts_with_place(text, toks, i, j, found):
        return False
    first = toks[i][2]
    if is_strong(first) or (first.isupper() and len(first) > 1):  # "CTV Winnipeg": a broadcaster's acronym
        return False
    if is_strong(toks[j][2]) and words[0] not in first_names():  # "Overall Edmonton", "Rodeo Gainesville"
        return False
    return not any(is_demonym_or_country(toks[k][2]) for k in run)


def _starts_with_place(text: str, toks, i: int, j: int, found) -> bool:
    """'Texas Gov', 'Kharkiv Oblast', 'Ohio State': the run's first word is a well-known place."""
    first = text[toks[i][0]:toks[i][1]]
    if normalize(first) in found and (is_strong(first) or toks[i + 1][2].lower() in ORG_HEADS):
        return True
    two = normalize(text[toks[i][0]:toks[min(i + 1, j)][1]])
    return j > i + 1 and two in found


_INITIAL = re.compile(r"[A-Z]\.\s")


def _initial(text: str, toks, k: int, out: set[int]) -> None:
    """A capitalized word before or after a middle initial (token ``k``, one letter) is a person: "Kijuan D.
    McDonald", "L. Dale Harley" (in place). Dotted abbreviations the gazetteer knows ("W. Va.") are tokens of
    their own and do not count."""
    s, e, tok = toks[k]
    if not tok.isupper() or not _INITIAL.match(text, s):
        return
    n = len(toks)
    if k + 1 < n and toks[k + 1][0] == e + 2:  # the name after the initial
        out.add(k + 1)
        if k + 2 < n and text[toks[k + 1][1]:toks[k + 2][0]] == " ":
            out.add(k + 2)
    if k > 0 and text[toks[k - 1][1]:s] == " " and toks[k - 1][2][:1].isupper():
        out.add(k - 1)
