"""Seas and named lines that news measure from, drawn from the country outlines geomap already has.

A sea's shore is every country's coastline (Natural Earth 1:10m admin-0 outline minus land borders) inside
the sea's bounding boxes: "a city on the Black Sea" is measured to the Black Sea, not to the nearest coast of
the subject's country (Astrakhan is on the Caspian). Boxes are generous rectangles (lon_min, lat_min, lon_max,
lat_max) from general geographic knowledge; they are chosen so that no other sea's shore falls inside them
(the Bay of Biscay is outside the Mediterranean's). Seas whose shores a rectangle cannot separate from another
ocean's (the Caribbean from Central America's Pacific coast, the Sea of Japan from Japan's Pacific coast) are
not listed: such a reference is measured to the nearest coast of the country, as before, and says so.

A river mouth is not the open sea: at 1:10m the coastline runs up wide estuaries and limans (the Dnipro-Buh
liman to Kherson and Mykolaiv, the Elbe to Hamburg, the Scheldt to Antwerp), so "Kherson, about 60 km from the
Black Sea" would measure 0.2 km. ESTUARIES lists, per sea, boxes of such inland water (from general
geographic knowledge, their seaward edge at the mouth): shore segments starting inside them are not the sea's.

Named lines are land borders the data draws under another name:

* the Line of Control (LoC): the India-Pakistan line north of 32.85 N (Natural Earth's de facto view of
  Kashmir; south of it the line is the international border);
* the Blue Line: the Israel-Lebanon line; the Durand Line: the Afghanistan-Pakistan border; the Green Line:
  the Israel-Palestine line around the West Bank (measured only for a subject in Israel or Palestine);
* the demilitarised zone (DMZ) of Korea: the North-South Korea line (the Military Demarcation Line), the zone
  reaching 2 km either side of it; measured only for a subject in Korea (other zones have no data).
"""

from __future__ import annotations

import re
from typing import NamedTuple

Box = tuple[float, float, float, float]

SEAS: dict[str, tuple[Box, ...]] = {
    "Black Sea": ((27.2, 40.8, 42.0, 47.5),),  # with the Sea of Azov and the Kerch Strait
    "Sea of Azov": ((34.7, 45.2, 39.5, 47.4),),
    "Caspian Sea": ((46.5, 36.5, 55.0, 47.3),),
    "Mediterranean": ((-5.7, 35.0, 3.3, 42.5), (3.0, 30.0, 16.5, 46.0), (16.5, 30.0, 36.3, 41.0)),
    "Adriatic": ((12.0, 39.8, 20.1, 45.9),),
    "Aegean": ((22.5, 35.0, 28.3, 41.0),),
    "Ionian": ((15.5, 36.5, 22.5, 40.5),),
    "Tyrrhenian": ((8.5, 37.8, 16.3, 44.1),),
    "Red Sea": ((32.0, 12.4, 43.6, 30.0),),
    "Gulf of Aden": ((43.0, 10.4, 51.5, 15.0),),
    "Persian Gulf": ((47.5, 23.5, 56.5, 30.5),),
    "Baltic": ((12.0, 53.5, 30.5, 66.0), (9.5, 53.5, 12.0, 56.5)),
    "North Sea": ((-3.5, 51.0, 9.5, 61.0),),
}
# Estuaries, limans and lagoons (lon_min, lat_min, lon_max, lat_max), seaward edge at the mouth (the town at the
# mouth - Ochakiv, Cuxhaven, Vlissingen, Bremerhaven, Klaipeda - stays on the sea).
ESTUARIES: dict[str, tuple[Box, ...]] = {
    "Black Sea": ((31.56, 46.48, 32.8, 47.3), (32.25, 46.42, 32.8, 46.48),  # Dnipro-Buh liman, delta: Kherson
                  (30.25, 46.17, 30.6, 46.45)),  # Dniester liman: Bilhorod-Dnistrovskyi (its mouth at Zatoka)
    "North Sea": ((8.75, 53.35, 10.2, 53.93),  # Elbe below Cuxhaven: Hamburg
                  (8.42, 53.0, 8.9, 53.5),  # Weser below Bremerhaven: Bremen
                  (3.62, 51.18, 4.5, 51.47),  # Western Scheldt: Antwerp
                  (3.75, 51.47, 4.4, 51.66),  # Eastern Scheldt
                  (-0.6, 51.35, 0.6, 51.6)),  # Thames above Southend: London
    "Baltic": ((19.96, 54.55, 20.6, 54.74),  # the Vistula lagoon's east end, the Pregolya: Kaliningrad
               (13.8, 53.4, 14.8, 53.88)),  # Szczecin lagoon and the Oder: Szczecin
}
_SEA_ALIASES = {"black": "Black Sea", "azov": "Sea of Azov", "caspian": "Caspian Sea", "mediterranean": "Mediterranean",
                "med": "Mediterranean", "adriatic": "Adriatic", "aegean": "Aegean", "ionian": "Ionian",
                "tyrrhenian": "Tyrrhenian", "red": "Red Sea", "aden": "Gulf of Aden", "persian": "Persian Gulf",
                "arabian gulf": "Persian Gulf", "baltic": "Baltic", "north": "North Sea"}
_SEA_RE = re.compile(r"\b(?:(?P<a>Black|Caspian|Red|North|Mediterranean|Adriatic|Aegean|Ionian|Tyrrhenian|Baltic|"
                     r"Persian|Arabian)\s+(?:Sea|Gulf)|Sea\s+of\s+(?P<b>Azov)|Gulf\s+of\s+(?P<c>Aden)|"
                     r"(?P<d>Mediterranean|Adriatic|Aegean|Ionian|Tyrrhenian|Baltic|Caspian))\b")


def sea_of(text: str | None) -> str | None:
    """The listed sea a reference names ("the Black Sea coast" -> "Black Sea"), or None."""
    m = _SEA_RE.search(text or "")
    if not m:
        return None
    word = (m.group("a") or m.group("b") or m.group("c") or m.group("d")).lower()
    if m.group("a") == "Arabian":
        word = "arabian gulf" if "Gulf" in m.group(0) else ""
    if m.group("a") == "Persian" and "Gulf" not in m.group(0):
        return None
    return _SEA_ALIASES.get(word)


class NamedLine(NamedTuple):
    name: str
    pair: tuple[str, str]
    boxes: tuple[Box, ...] | None  # None: the whole border of the pair
    label: str
    precision_km: float | None = None  # beyond the data's border precision (a zone's half-width)
    only_in: tuple[str, ...] = ()  # measured only for a subject in these countries


NAMED_LINES = {
    "Line of Control": NamedLine("Line of Control", ("IN", "PK"), ((73.0, 32.85, 78.0, 36.0),),
                                 "Line of Control (the India-Pakistan line in Kashmir, Natural Earth's de facto view)"),
    "Blue Line": NamedLine("Blue Line", ("IL", "LB"), None, "Blue Line (the Israel-Lebanon line)"),
    "Durand Line": NamedLine("Durand Line", ("AF", "PK"), None, "Durand Line (the Afghanistan-Pakistan border)"),
    "Green Line": NamedLine("Green Line", ("IL", "PS"), ((34.8, 31.3, 35.6, 32.6),),
                            "Green Line (the 1949 armistice line around the West Bank, Israel-Palestine)",
                            only_in=("IL", "PS")),
    "demilitarized zone": NamedLine("demilitarized zone", ("KP", "KR"), None,
                                    "Korean demilitarized zone (its centre line, North-South Korea)", 2.0,
                                    ("KP", "KR")),
}
NAMED_LINE_RE = re.compile(
    r"(?:the\s+)?(?:(?P<loc>(?i:line\s+of\s+control)|LoC)|(?P<blue>Blue\s+Line)|(?P<durand>Durand\s+Line)|(?P<green>Green\s+Line)"
    r"|(?P<dmz>(?:(?:inter-?)?Korean\s+)?(?i:demilitari[sz]ed\s+zone)|DMZ))\b")


def named_line(text: str | None) -> NamedLine | None:
    """The named line a reference's words name ("the LoC", "the DMZ"), or None."""
    m = NAMED_LINE_RE.search(text or "")
    if not m:
        return None
    key = ("Line of Control" if m.group("loc") else "Blue Line" if m.group("blue")
           else "Durand Line" if m.group("durand") else "Green Line" if m.group("green") else "demilitarized zone")
    return NAMED_LINES[key]
