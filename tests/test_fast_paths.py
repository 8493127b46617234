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


# ----------------------------------------------------------------------------- hot-path regexes and indexes
# Each fast form against the plain definition it replaces, written here as first written.

_RANDOM_PIECES = ["Lake ", "Mount ", "Mt. ", "Fort ", "Ft. ", "Port ", "Cape ", "Isle of ", "Gulf of ", "Sea of ",
                  "U.S. ", "US ", "Interstate ", "Highway ", "Route ", "State Route ", "I-", "95", "7 ", "Main ",
                  "Street", "County", "River", "Springs", "of ", "the ", "-", ".", ", ", "x", "Élan ", "élan ",
                  "O'Neil ", "Dr. ", "St. ", "W.Va. ", "the Gov. ", "\u2019s ", "Ωmega ", "ωmega ", "_", "9", "\n"]


def _random_texts(seed: int, n: int = 3000):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(_RANDOM_PIECES) for _ in range(rng.randint(1, 12)))


def test_feature_pattern_matches_the_plain_one():
    from geomap.recognize import recognizer

    plain = re.compile(
        r"[A-Z](?:(?:[a-z]+|\.)(?:[ -](?:[A-Z][a-z]+|of|the)){0,4} " + recognizer._FEATURE_WORDS
        + r"|(?:(?<=L)ake|(?<=M)ount|(?<=M)t\.|(?<=F)ort|(?<=F)t\.|(?<=P)ort|(?<=C)ape|(?<=I)sle of|(?<=G)ulf of"
          r"|(?<=B)ay of|(?<=S)ea of) [A-Z][a-z]+(?: [A-Z][a-z]+)?\b"
          r"|(?:(?<=U)\.S\.|(?<=U)S|(?<=I)nterstate|(?<=H)ighway|(?<=R)oute|(?<=S)tate Route|(?<=I)-)\s?\d{1,3}\b)")
    for text in [*_random_texts(21), "Lake Lanier and Wichita Drive near Interstate 95, Gulf of Mexico"]:
        for pos in range(0, len(text), 3):
            fast, slow = recognizer._FEATURE_PATTERN.search(text, pos), plain.search(text, pos)
            assert (fast and fast.span()) == (slow and slow.span()), (text, pos)


def test_token_pattern_matches_the_plain_one():
    from geomap.recognize import recognizer

    plain = re.compile(recognizer._TOKEN.pattern.replace(r"[^ a-z\u00df-\u00f6\u00f8-\u00ff\W\d_]",
                                                         r"[^\W\d_a-z\u00df-\u00f6\u00f8-\u00ff]"))
    assert plain.pattern != recognizer._TOKEN.pattern
    for text in [*_random_texts(22), "Ünal met Łukasz in Zürich; ß ΑΒΓ αβγ 東京 ǅ ²"]:
        assert [m.span() for m in recognizer._TOKEN.finditer(text)] == [m.span() for m in plain.finditer(text)]
        toks = recognizer.tokenize(text)
        assert all(tok[0].isupper() for _, _, tok in toks), text  # ASCII texts skip the case filter


def test_trigger_stems_match_the_plain_regex():
    from geomap.incidents import triggers

    plain = re.compile(r"(?<!\w)" + trie_regex(triggers._TRIGGERS_BY_STEM))
    stems = sorted(triggers._TRIGGERS_BY_STEM)
    rng = random.Random(23)
    pieces = [*stems[:40], *stems[-40:], " ", "-", "_", "x", "9", "é", "\u2019", ".", "\n"]
    for _ in range(3000):
        low = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        assert list(triggers._stem_starts(low)) == [m.start() for m in plain.finditer(low)], low


def test_unit_hint_regex_is_any_unit_hint():
    rng = random.Random(24)
    pieces = ["km", "kilomet", "mile", "metre", "meter", "nmi", " m ", " m,", " m.", "mi ", "mi.", "mi,",
              "k", "m", "i", "n", " ", ",", ".", "e", "t", "r", "l"]
    for _ in range(3000):
        low = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        assert (parse._UNIT_HINT.search(low) is not None) == any(u in low for u in parse._UNIT_HINTS), low


def test_pair_bonus_matches_the_plain_neighbourhood_scan():
    import math

    from geomap.gazetteer import Entry
    from geomap.resolve import context

    rng = random.Random(25)
    for _ in range(300):
        scored = []
        for _ui in range(rng.randint(2, 6)):
            cands = []
            for _ci in range(rng.randint(1, 18)):
                lat, lon = rng.uniform(40, 41.5), rng.uniform(-1, 1.5)  # dense: many cells meet
                feature = rng.choice(["city", "city", "admin2", "admin1", "landmark", "country"])
                entry = Entry(len(cands), 0, "x", feature, "", "XX", "", lat, lon, 1000)
                cands.append(context.new_candidate((rng.uniform(0, 5), entry, 0, 1.0, False)))
            cands.sort(key=context.BY_SCORE, reverse=True)
            scored.append(cands)
        expected = _plain_pair_bonus(scored, context, math)
        context.add_pair_bonus(scored)
        assert scored == expected


def _plain_pair_bonus(scored, context, math):
    """The pair bonus as first written: every candidate scans the 3 x 3 cells around its own."""
    top, points = context.CONTEXT.pair_top, []
    for ui, cands in enumerate(scored):
        points += [(c.entry.lat, c.entry.lon, ui) for c in cands[:top] if c.entry.feature in ("city", "admin2", "landmark")]
    out = []
    for ui, cands in enumerate(scored):
        cands = list(cands)
        if len(cands) >= 2:
            for ci, c in enumerate(cands[:top]):
                e = c.entry
                if e.feature not in ("city", "admin2", "landmark"):
                    continue
                cy, cx, cl = int(e.lat // 0.5), int(e.lon // 0.5), math.cos(math.radians(e.lat))
                if any(other != ui and abs(int(lat // 0.5) - cy) <= 1 and abs(int(lon // 0.5) - cx) <= 1
                       and (lat - e.lat) ** 2 + ((lon - e.lon) * cl) ** 2 <= (context.CONTEXT.pair_km / context.KM_PER_DEGREE) ** 2
                       for lat, lon, other in points):
                    cands[ci] = c._replace(score=c.score + context.CONTEXT.pair)
            cands.sort(key=context.BY_SCORE, reverse=True)
        out.append(cands)
    return out


def test_locale_counts_every_cue_like_str_count():
    from geomap.resolve import context

    def plain(text, among):
        head, best, best_n = text[:4000], None, context.CONTEXT.locale_min_uses - 1
        for cc, cues in context.LOCALE_CUES.items():
            uses = [head.count(c) for c in cues]
            if cc in among and sum(uses) > best_n and len(uses) - uses.count(0) >= context.CONTEXT.locale_min_cues:
                best, best_n = cc, sum(uses)
        return best

    cues = [c for cs in context.LOCALE_CUES.values() for c in cs]
    pieces = [*cues, *(c[1:] for c in cues), "A", "S", "NH", "RCM", " ", "x", "$", "Police"]
    rng = random.Random(26)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        among = set(rng.sample(sorted(context.LOCALE_CUES), rng.randint(1, 4)))
        assert context.locale(text, among) == plain(text, among), text


def test_fast_word_start_scans_rely_on_all_letter_words():
    """The hint and stem scans skip a match after a non-ASCII word character whole: sound only while every hint
    word and trigger stem is made of word characters alone (no space or hyphen inside)."""
    from geomap.incidents import triggers

    assert all(w.isalnum() for w in parse._HINT_WORDS)
    assert all(s.isalnum() for s in triggers._TRIGGERS_BY_STEM)


def test_relation_regex_guard_keeps_every_match():
    guard = "(?=[tanvqrciojdbsew])"
    assert guard in parse._RELATION_RE.pattern
    plain = re.compile(parse._RELATION_RE.pattern.replace(guard, "", 1), parse._RELATION_RE.flags)
    pieces = ["the ", "a ", "border ", "town ", "of ", "nearby ", "Near ", "very ", "quite ", "close to ", "not far from ",
              "in the vicinity of ", "on ", "at ", "outskirts ", "outside ", "just ", "right ", "across ", "from ",
              "directly ", "bordering ", "borders ", "along ", "coast ", "off ", "due ", "north ", "South-east ", "NNE ",
              "E ", "W ", "to the ", "of ", "Kyiv ", "Sea ", "-", "x", "\u017fouth ", "\u0130n ", "Ukraine"]
    rng = random.Random(27)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        assert [(m.span(), m.lastgroup) for m in parse._RELATION_RE.finditer(text)] == \
            [(m.span(), m.lastgroup) for m in plain.finditer(text)], text


def test_sentence_split_pattern_matches_the_plain_one():
    from geomap import text as text_module

    plain = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
    rng = random.Random(28)
    pieces = [".", "!", "?", "..", "\"", "”", "’", "'", ")", "]", " ", "\n", "A", "a", "9", "“", "(", "x"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert [m.span() for m in text_module._SPLIT_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _plain_tokenize(text):
    """tokenize as first written: every token in turn, dotted ones split into known abbreviations."""
    from geomap.recognize import recognizer
    from geomap.recognize.lexicon import known_abbreviations

    out = []
    for m in recognizer._TOKEN.finditer(text):
        st, tok = m.start(), m.group()
        if tok[-1] != ".":
            if tok[0].isupper():
                out.append((st, m.end(), tok))
            continue
        parts = [(st + p.start(), st + p.end()) for p in recognizer._DOTTED.finditer(tok)]
        k = 0
        while k < len(parts):
            for size in (3, 2, 1):
                if k + size <= len(parts):
                    s0, e0 = parts[k][0], parts[k + size - 1][1]
                    low = text[s0:e0].lower().replace(" ", "")
                    if low in known_abbreviations() or (size >= 2 and re.fullmatch(r"(?:[a-z]\.)+", low)):
                        out.append((s0, e0, text[s0:e0]))
                        k += size
                        break
            else:
                out.append((parts[k][0], parts[k][1] - 1, text[parts[k][0]:parts[k][1] - 1]))
                k += 1
    return out


def test_tokenize_matches_the_plain_one():
    from geomap.recognize import recognizer

    for text in [*_random_texts(29), "Gov. Abbott met U.S. Sen. Ted Cruz in W. Va. with Ünal and Łukasz; ωmega Ωmega"]:
        assert recognizer.tokenize(text) == _plain_tokenize(text), text


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


def _word_start_patterns():
    """Every WordStartRegex of the incidents stage, by module and name."""
    from geomap.incidents import actors, candidates, casualties, rejection, triggers
    from geomap.incidents.wordre import WordStartRegex

    found = {f"{m.__name__}.{name}": value for m in (actors, candidates, casualties, rejection, triggers)
             for name, value in vars(m).items() if isinstance(value, WordStartRegex)}
    assert len(found) >= 14  # casualty anchors, follow-ups, habits, rejections, targets, forces, background
    return found


_WORD_START_PIECES = [
    "killed", "Kill", "dead", "DIED", "drowned", "slain", "perished", "lost", "fatalities", "injured", "wounded",
    "hurt", "hospitalised", "toll", "death", "number of dead", "shot dead", "claimed", "left", "leaving",
    "gunned down", "no one", "no deaths", "nobody", "none", "no", "frequent", "Daily", "series of", "multiple",
    "rubble", "death toll", "the injured", "Rescue workers", "ongoing", "under way", "still burning", "civilians",
    "Market", "troops", "police", "forest", "acres", "court", "charged with", "Guilty", "protest", "rallies",
    "crowds", "marched", "on strike", "union", "walkout", "goal", "league", "stocks", "oil", "recently",
    "years ago", "in the past", "earlier this month", "air force", "gunmen", "settlers", "rioters",
    " ", " ", "  ", "-", "_", "9", ".", ",", "\n", "x", "un", "s", "é", "\u2019", "'", "(",
    "\u0130", "\u0131", "\u017f", "\u212a", "\u0130njured", "ki\u0131led", "\u017feries of", "\u212aILLED",
]


def _word_start_texts(seed: int, n: int = 2500):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(_WORD_START_PIECES) for _ in range(rng.randint(1, 10)))


def test_case_traps_are_every_character_lowercasing_does_not_fold_as_ignorecase():
    """The lowercased copy stands for the text ignoring case except at these characters: a lowercase that is
    not one character, an ASCII letter matched ignoring case but not lowercasing to it (or the other way round),
    or a word, space or digit class that lowercasing changes. Checked over all of Unicode."""
    from geomap.text import CASE_TRAPS

    letter = re.compile("[a-z]", re.IGNORECASE)
    classes = [re.compile(c) for c in (r"\w", r"\s", r"\d")]
    traps = set()
    for cp in range(0x80, 0x110000):
        ch = chr(cp)
        low = ch.lower()
        if len(low) != 1 or bool(letter.fullmatch(ch)) != ("a" <= low <= "z") \
                or any(bool(c.fullmatch(ch)) != bool(c.fullmatch(low)) for c in classes):
            traps.add(ch)
    assert traps == set(CASE_TRAPS)


def test_word_start_patterns_answer_as_their_plain_form():
    """Each pattern, searched on the lowercased copy from a character class, finds what "(?<!\\w)" + its words
    ignoring case finds: search and finditer (from every position, and in windows), match, and the casualty
    anchors' (start, word) list and the forces' spans."""
    patterns = _word_start_patterns()
    plain = {name: re.compile(r"(?<!\w)" + p.pattern[len(r"(?<!\w)(?:"):-1], re.IGNORECASE)
             for name, p in patterns.items()}
    texts = [*_word_start_texts(31), *_random_texts(32, 500), "Nobody was hurt; none died.", "",
             "Two people were killed and 5 INJURED, the death toll rose. No one left.", "\u0130 killed \u017f"]
    for text in texts:
        for name, p in patterns.items():
            ref = plain[name]
            assert [m.span() for m in p.finditer(text)] == [m.span() for m in ref.finditer(text)], (name, text)
            assert list(p.words(text)) == [(m.start(), m.group(0).lower()) for m in ref.finditer(text)], (name, text)
            assert list(p.spans(text)) == [m.span() for m in ref.finditer(text)], (name, text)
            for pos in range(0, len(text) + 1, 2):
                for endpos in (len(text), pos + 7):
                    fast, slow = p.search(text, pos, endpos), ref.search(text, pos, endpos)
                    assert (fast and fast.span()) == (slow and slow.span()), (name, text, pos, endpos)
                assert bool(p.match(text, pos)) == bool(ref.match(text, pos)), (name, text, pos)


def test_word_start_regex_refuses_what_it_cannot_stand_for():
    from geomap.incidents.wordre import WordStartRegex

    with pytest.raises(ValueError):
        WordStartRegex("caf\u00e9")  # a non-ASCII word: lowercasing and ignoring case may differ
    empty = WordStartRegex("(?:ab)?")
    WordStartRegex._instances.remove(empty)  # not one of the stage's patterns
    with pytest.raises(ValueError):
        empty.compiled()  # an empty match: the scan would not move on
    lazy = WordStartRegex("kill(?:ed|ing)")
    assert "plain" not in vars(lazy)  # nothing compiled until used
    assert lazy.search("Two were KILLED").span() == (9, 15) and "plain" in vars(lazy)


def test_every_word_start_pattern_compiles_before_workers_fork():
    from geomap.incidents import casualties
    from geomap.incidents.wordre import WordStartRegex

    casualties.compile_patterns()
    assert all("plain" in vars(p) for p in WordStartRegex._instances)


_TIME_PIECES = ["Monday", "on ", "the ", "last ", "Last Week", "week", "2024-05-01", "in 2019", "two ", "days ago",
                "yesterday", " morning", "Jan. ", "5", "March 3", "since ", "until ", "\u2019s", "'s", "-", "night",
                "Tonight", "earlier this month", "over the weekend", " ", " ", ", ", ".", "x", "_", "\u00e9",
                "\u0130", "\u0131", "\u017f", "\u212a", "\u017finc\u0131 ", "MONDAY", "1998", "20", "mid-", "the coming"]


def test_time_expressions_found_on_the_lowercased_copy_as_on_the_text(monkeypatch):
    """find_time_expressions scans its anchors and word starts on the lowercased copy: the same expressions as
    the patterns ignoring case find on the text itself (lower_copy disabled)."""
    import datetime as dt

    from geomap import timeexpr

    rng = random.Random(41)
    texts = ["".join(rng.choice(_TIME_PIECES) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    texts += [*_random_texts(42, 500), "Shelling on Monday night killed two; on 12 March 2024 a second strike hit."]
    pub = dt.date(2024, 3, 20)
    fast = [(timeexpr.find_time_expressions(t, pub_date=pub), timeexpr.find_time_expressions(t, future=True))
            for t in texts]
    monkeypatch.setattr(timeexpr, "lower_copy", lambda text: None)
    plain = [(timeexpr.find_time_expressions(t, pub_date=pub), timeexpr.find_time_expressions(t, future=True))
             for t in texts]
    assert fast == plain
    assert sum(bool(f[0]) for f in fast) > 500  # the texts do hold time expressions


def test_lower_copy_is_the_lowercased_text_unless_it_holds_a_case_trap():
    from geomap.text import lower_copy

    assert lower_copy("Killed on MONDAY \u00c9") == "killed on monday \u00e9"
    assert lower_copy("\u212aILLED") == "killed"  # the Kelvin sign folds and lowercases to k alike
    for trap in ("\u0130stanbul", "k\u0131lled", "\u017fhelling"):
        assert lower_copy(trap) is None
        assert lower_copy(trap + "!") is None  # a new text, not the kept answer


def _plain_has_words(text, words, phrases):
    tokens = re.findall(r"[\w'\u2019]+", text.lower())
    joined = " " + " ".join(tokens) + " "
    return bool(tokens) and (not words.isdisjoint(tokens) or any(f" {p} " in joined for p in phrases))


def test_has_words_finds_phrases_as_the_plain_substring_test():
    from geomap.incidents import triggers

    tables = [(triggers.FUTURE_WORDS, triggers.FUTURE_PHRASES),
              (triggers.HYPOTHETICAL_WORDS, triggers.HYPOTHETICAL_PHRASES), (frozenset(), ("a b", "b")),
              (frozenset(), ())]
    pieces = [w for _, ps in tables for p in ps for w in p.split()] + ["Will", "IS", "to", " ", " ", ",", "-", "x",
                                                                       "\u2019", "'", "toe", "is.to"]
    rng = random.Random(51)
    hits = 0
    for _ in range(4000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        for words, phrases in tables:
            plain = _plain_has_words(text, words, phrases)
            assert triggers.has_words(text, words, phrases) == plain, (text, phrases)
            hits += plain
    assert hits > 800


def test_time_anchor_starts_are_the_plain_anchor_matches():
    """The anchor scan opening on a character class ([\\W\\d]) finds where the plain anchor pattern's matches start."""
    from geomap import timeexpr

    plain = re.compile(r"(?<!\w)(?:" + timeexpr._ANCHOR_WORDS + r")|\d{4}-\d\d-\d\d|(?<!\w)(?:19|20)\d\d\b")
    pieces = [*_TIME_PIECES, "2019", "2024-05-0", "12", "1919", "x2000", "20001", "2099-", "0", "\u0661\u0662", "a",
              "mondays", "weekday", "agony", "ago"]
    rng = random.Random(61)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))).lower() for _ in range(4000)]
    found = 0
    for low in [*texts, "", "2019", "monday", "1999-12-31 2000", "x1999 -2001"]:
        starts = [m.start() for m in plain.finditer(low)]
        assert list(timeexpr._anchor_starts(low)) == starts, low
        found += len(starts)
    assert found > 4000
