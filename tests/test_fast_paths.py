"""The speed-ups give the same answers as the plain definitions they replace."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from geomap.claims import parse
from geomap.divisions import _GENERIC, name_key
from geomap.text import trie_regex

# the relation hint as first written: a word trie after \b, case-insensitive, or a compass code ("NE of")
PLAIN_HINT = re.compile(r"\b(?:" + trie_regex(parse._HINT_WORDS) + r")|(?-i:\b[NSEW]{1,3}(?:ward)?\s+of\b)", re.I)

HINT_TEXTS = [
    "Troops massed near the frontier, north-east of the capital.",
    "The NORTHERN suburbs and the seafront were shelled; the sea was calm.",
    "A village NNE of the dam; another one WSW of it; a third Eward of nothing.",
    "Researchers in Southampton measured the least bordering distance.",
    "Close to the Ionian coast, far from the Gulf, across the Adriatic.",
    "x-north _south 9east west_ (edge) \u2019fringe\u2019 caf\u00e9 near",
    "\u0130onian \u0131onian \u017fea \u212aelvin",  # letters re.IGNORECASE folds differently from str.lower
    "N of", "S  of the river", "E ofx", "",
]


@pytest.mark.parametrize("text", HINT_TEXTS)
def test_relation_hints_match_the_plain_regex(text):
    assert parse._relation_hints(text, text.lower()) == [m.span() for m in PLAIN_HINT.finditer(text)]


def test_relation_hints_match_the_plain_regex_on_random_text():
    pieces = [*parse._HINT_WORDS, *(w.title() for w in parse._HINT_WORDS), *"NSEW ward of-_.9\u00e9\u2019\u0131"]
    rng = random.Random(14)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 9)))
        assert parse._relation_hints(text, text.lower()) == [m.span() for m in PLAIN_HINT.finditer(text)], text


def test_compiled_hint_regex_matches_the_plain_one():
    for text in HINT_TEXTS:
        assert [m.span() for m in parse._RELATION_HINT.finditer(text)] == \
            [m.span() for m in PLAIN_HINT.finditer(text)], text


def _plain_name_key(text: str) -> str:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    t = re.sub(r"['\u2019`\u02b9]", "", t)
    t = _GENERIC.sub(" ", re.sub(r"[^a-z0-9']+", " ", t))
    return " ".join(t.split())


@pytest.mark.parametrize("name", ["Sums'ka Oblast'", "Kharkiv region", "The State of Gezira", "Dnipropetrovs\u2019k",
                                  "\u00celes-de-France", "OKRUG 7", "Stra\u00dfe", ""])
def test_name_key_ascii_fast_path_agrees(name):
    assert name_key(name) == _plain_name_key(name)


def test_join_gap_limit_covers_the_longest_connector():
    from geomap.recognize import recognizer

    assert re._parser.parse(recognizer._JOIN.pattern).getwidth()[1] <= recognizer._JOIN_MAX
    assert recognizer._JOIN.fullmatch(" upon the ")  # the longest gap does join


def test_memoized_name_scores_resolve_like_fresh_ones():
    from geomap.resolve import resolver

    texts = ["Springfield, Illinois, got snow; Springfield was closed.", "Officials in Springfield met.",
             "Paris, Texas, is not Paris.", "Paris hosted the talks.", "Georgia's capital Tbilisi; Georgia state.",
             "Springfield, Illinois, again."]
    spans = [[(m.start(), m.end()) for m in re.finditer(r"Springfield|Illinois|Paris|Texas|Georgia|Tbilisi", t)]
             for t in texts]

    def places(text, text_spans):
        return [(p.name, p.lat, p.lon, p.confidence) for p in resolver.resolve(text, text_spans)]

    fresh = []
    for text, text_spans in zip(texts, spans):
        resolver._SCORED.clear()
        fresh.append(places(text, text_spans))
    memoized = [places(text, text_spans) for text, text_spans in zip(texts * 2, spans * 2)]
    assert memoized == fresh * 2
    assert resolver._SCORED  # the memo was used


def test_divisions_parsed_per_country_answer_as_all_parsed_at_once():
    """get_divisions parses a country's rows when first asked; a Divisions of every row parsed up front
    (the plain way) finds the same division for every name, id and country asked, and lists the same rows."""
    import gzip

    from geomap.divisions import DATA_NAME, Divisions, _row, data_file

    with gzip.open(data_file(DATA_NAME), "rt", encoding="utf-8") as fh:
        text = fh.read()
    rows = [_row(line) for line in text.splitlines() if not line.startswith("#")]
    plain, lazy = Divisions(rows), Divisions.from_lines(text.split("\n"))
    asks = [(d.name, d.country, d.geonameid) for d in rows] + [(o, d.country, None) for d in rows for o in d.other_names]
    rng = random.Random(14)
    for name, country, gid in rng.sample(asks, 1500):
        other = rng.choice(rows).country
        for args in ((name, country, gid), (name, None, gid), (name, country, None), (name, other, gid),
                     (name.upper(), country, (gid or 0) + 1)):
            assert lazy.find(*args) == plain.find(*args), args
    assert lazy.find("nowhere at all") is None and lazy.find("Kharkiv", None) == plain.find("Kharkiv", None)
    assert lazy.rows == rows


def test_a_lazy_regex_answers_as_the_compiled_pattern():
    from geomap.text import LazyRegex

    source = r"(?P<n>\d+)\s+(?P<what>people|persons?)\b"
    plain, lazy = re.compile(source, re.IGNORECASE), LazyRegex(source, re.IGNORECASE)
    assert "match" not in vars(lazy)  # nothing compiled until used
    text = "Two said 12 People and 3 persons, not 4 personnel; 5 PERSON."
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert "match" in vars(lazy)  # the first use put the compiled pattern's methods in place
    for pos in range(len(text)):
        for method in ("match", "search"):
            a, b = getattr(lazy, method)(text, pos), getattr(plain, method)(text, pos)
            assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict()))
    assert lazy.fullmatch("7 people") and not lazy.fullmatch("7 people!")
    assert lazy.sub("N", text) == plain.sub("N", text) and lazy.findall(text) == plain.findall(text)
    assert (lazy.pattern, lazy.flags, lazy.groupindex) == (plain.pattern, plain.flags, plain.groupindex)
    with pytest.raises(AttributeError):
        lazy.no_such_method  # noqa: B018
