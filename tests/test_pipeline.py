"""The pipeline layer: analyze with a tolerance, check_text, per-document budgets, streams over inputs."""

from __future__ import annotations

import json
import threading
import time

import pytest

import geomap
from geomap.errors import BudgetExceeded
from geomap.model import Document
from geomap.pipeline import (
    AnalysisOptions,
    DocumentBudget,
    analyze_document,
    is_saved_analysis,
    iter_analyses,
    make_tolerance,
)

CLAIM = "Izium, some 120 km south-east of Kharkiv, was shelled."


def test_tolerance_settings_take_their_field_types():
    tolerance = make_tolerance({"rounding": "off", "min_km": "2", "about_rel": "0.3"})
    assert (tolerance.rounding, tolerance.min_km, tolerance.about_rel) == (False, 2.0, 0.3)


def test_analyze_passes_the_tolerance_to_the_claims():
    loose = geomap.analyze(CLAIM, tolerance=make_tolerance({"about_rel": "0.9"}))
    tight = geomap.analyze(CLAIM, tolerance=make_tolerance({"about_rel": "0.0", "rounding": "no"}))
    assert loose.claims[0].tolerance_km > tight.claims[0].tolerance_km


def test_check_text_is_the_pipeline_helper():
    assert geomap.check_text is geomap.pipeline.check_text
    (claim,) = geomap.check_text(CLAIM)
    assert claim.verdict in ("supported", "contradicted") and claim.measured_km > 50


@pytest.mark.parametrize("settings, message", [({"about": "1"}, "not a tolerance key"),
                                               ({"min_km": "x"}, "not a number"),
                                               ({"min_km": "-1"}, ">= 0"), ({"max_km": "nan"}, ">= 0"),
                                               ({"rounding": "maybe"}, "true or false")])
def test_bad_tolerance_settings_say_what_is_wrong(settings, message):
    with pytest.raises(geomap.InputError, match=message):
        make_tolerance(settings)


def test_a_document_over_the_size_budget_is_refused_before_any_work():
    doc = Document(text="Kharkiv. " * 100, id="big")
    with pytest.raises(BudgetExceeded, match="too large"):
        analyze_document(doc, AnalysisOptions(budget=DocumentBudget(max_chars=100)))


def _slow_recognizer(monkeypatch, seconds):
    import geomap.recognize

    def slow(text, ner=None):
        time.sleep(seconds)
        return []

    monkeypatch.setattr(geomap.recognize, "recognize", slow)


def test_the_time_budget_interrupts_a_slow_stage_in_the_main_thread(monkeypatch):
    _slow_recognizer(monkeypatch, 5.0)
    started = time.monotonic()
    with pytest.raises(BudgetExceeded, match="longer than"):
        analyze_document(Document(text="Kyiv."), AnalysisOptions(budget=DocumentBudget(max_seconds=0.2)))
    assert time.monotonic() - started < 2.0


def test_the_time_budget_is_checked_between_stages_in_other_threads(monkeypatch):
    _slow_recognizer(monkeypatch, 0.3)
    raised = []

    def work():
        try:
            analyze_document(Document(text="Kyiv."), AnalysisOptions(budget=DocumentBudget(max_seconds=0.1)))
        except BudgetExceeded as err:
            raised.append(err)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert len(raised) == 1


def test_a_stream_reports_an_over_budget_document_and_goes_on(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "big", "text": "Odesa. " * 50}) + "\n"
                    + json.dumps({"id": "small", "text": "Rain in Odesa."}) + "\n", encoding="utf-8")
    problems = []
    stream = iter_analyses([str(feed)], AnalysisOptions(budget=DocumentBudget(max_chars=100)),
                           on_error=problems.append)
    assert [a.id for a in stream] == ["small"]
    assert stream.several and len(problems) == 1 and problems[0].startswith("big: document too large")


def test_saved_analyses_are_recognised_by_content():
    saved = geomap.analyze("Rain in Odesa.").to_dict()
    assert is_saved_analysis(saved)
    assert not is_saved_analysis({"id": "a", "text": "Rain in Odesa.", "places": []})  # an input record
    assert not is_saved_analysis({"id": "a"}) and not is_saved_analysis([saved])


def test_the_start_of_an_input_tells_saved_analyses_from_records():
    from geomap.pipeline.saved import sniff_saved

    saved = geomap.analyze("Rain in Odesa.").to_dict()
    line = json.dumps(saved).encode()
    assert sniff_saved(line + b"\n" + line) == "lines"
    assert sniff_saved(line[:200]) == "lines"  # a long first line cut short still tells
    assert sniff_saved(json.dumps(saved, indent=2).encode()) == "whole"
    assert sniff_saved(json.dumps([saved, saved], indent=2).encode()) == "whole"
    assert sniff_saved(json.dumps({"id": "r", "text": "Rain in Odesa.", "places": []}).encode()) is None
    assert sniff_saved(json.dumps({"text": "Rain.", "id": "r"}).encode()) is None
    assert sniff_saved(b"Rain in Odesa.") is None and sniff_saved(b"") is None


def test_source_label_replaces_the_file_name(tmp_path):
    f = tmp_path / "private-notes.txt"
    f.write_text("Rain in Odesa.", encoding="utf-8")
    (a,) = iter_analyses([str(f)], AnalysisOptions(source_label="https://example.org/rain"))
    assert a.document.source == "https://example.org/rain"


def test_a_stage_failing_on_odd_input_costs_one_document_not_the_run(tmp_path, monkeypatch):
    import geomap.recognize

    real = geomap.recognize.recognize

    def fragile(text, ner=None):
        if "9999" in text:
            raise OverflowError("date value out of range")
        return real(text, ner=ner)

    monkeypatch.setattr(geomap.recognize, "recognize", fragile)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "odd", "text": "On 31 December 9999 in Kyiv."}) + "\n"
                    + json.dumps({"id": "fine", "text": "Rain in Kyiv."}) + "\n", encoding="utf-8")
    problems = []
    assert [a.id for a in iter_analyses([str(feed)], on_error=problems.append)] == ["fine"]
    assert problems == ["odd: analysis failed (OverflowError: date value out of range); document skipped"]


def test_the_time_budget_cannot_be_swallowed_by_a_stage(monkeypatch):
    import geomap.recognize

    def careless(text, ner=None):
        try:
            time.sleep(5.0)
        except Exception:  # a stage that hides its errors must not hide the deadline
            pass
        return []

    monkeypatch.setattr(geomap.recognize, "recognize", careless)
    with pytest.raises(BudgetExceeded):
        analyze_document(Document(text="Kyiv."), AnalysisOptions(budget=DocumentBudget(max_seconds=0.2)))


def test_a_callers_timer_keeps_its_deadline():
    import signal

    from geomap.pipeline.options import deadline

    class CallerTimeout(BaseException):
        pass

    def caller_handler(signum, frame):
        raise CallerTimeout

    previous = signal.signal(signal.SIGALRM, caller_handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(CallerTimeout):
            with deadline(5.0):
                time.sleep(3.0)
        signal.setitimer(signal.ITIMER_REAL, 5.0)
        with pytest.raises(BudgetExceeded):
            with deadline(0.1):
                time.sleep(3.0)
        left = signal.getitimer(signal.ITIMER_REAL)[0]
        assert 4.0 < left <= 5.0  # the caller's timer runs on
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_publication_date_that_cannot_be_used_is_a_warning_not_a_crash():
    a = geomap.analyze("A missile hit Kharkiv on Monday.", date="0001-01-01")
    assert a.document.date is None
    assert a.warnings[0] == "publication date not used: date 0001-01-01 is outside 1800-2200"
    assert geomap.analyze("A missile hit Kharkiv on Monday.", date="2024-10-03").warnings == []


_FUZZ_WORDS = ("Kharkiv Kyiv Odesa Russian border km miles north south-east of about nearly 30 120 1e400 9999 0001 "
               "killed injured two dozen hundreds Monday yesterday last week {{ }} {% %} <script> = + - @ \t \r "
               "\u202e \ud800 Springfield Paris , . ; : ( ) \" ' 10,000 3.5 -40 between and from to near on across "
               "outskirts capital Ukrainian the a missile drone shelling struck hit in at 1 January 2024 Sept 31 "
               "February 30").split(" ")


def test_generated_texts_never_raise_anything_but_geomap_errors():
    """Issue 10's fuzz: GEOMAP_FUZZ_N=20000 for the full run (400 by default, about a second)."""
    import os
    import random

    rng = random.Random(3)
    slowest = 0.0
    for _ in range(int(os.environ.get("GEOMAP_FUZZ_N", "400"))):
        text = " ".join(rng.choice(_FUZZ_WORDS) for _ in range(rng.randint(1, 60)))
        date = rng.choice([None, "2024-10-03", "0001-01-01", "9999-12-31", "garbage"])
        started = time.perf_counter()
        try:
            geomap.analyze(text, date=date)
        except geomap.GeomapError:
            pass
        slowest = max(slowest, time.perf_counter() - started)
    assert slowest < 5.0
