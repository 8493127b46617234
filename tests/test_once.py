"""process_wide: the one way data modules hold what they loaded."""

from __future__ import annotations

import threading
import time

from geomap import boundaries, divisions, reverse
from geomap._once import ProcessWide, process_wide
from geomap.gazetteer import get_gazetteer


def test_built_once_even_when_threads_race():
    calls = []

    @process_wide
    def load() -> list[int]:
        calls.append(1)
        time.sleep(0.05)  # long enough for every thread to arrive while it is being built
        return [42]

    results = []
    threads = [threading.Thread(target=lambda: results.append(load())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and all(r is results[0] for r in results)
    assert load.__doc__ is None and load.__name__ == "load"


def test_peek_and_set():
    holder = ProcessWide(lambda: "built")
    assert holder.peek() is None
    holder.set("given")
    assert holder() == "given"
    holder.set(None)
    assert holder() == "built" and holder.peek() == "built"


def test_every_data_module_uses_it():
    for getter in (get_gazetteer, boundaries.get_boundaries, boundaries.get_us_states, divisions.get_divisions,
                   reverse.get_reverse_geocoder):
        assert isinstance(getter, ProcessWide), getter
