"""Hand-built analyses for the incident and export tests (no gazetteer needed)."""

from __future__ import annotations

import datetime as dt
import re

from geomap.model import Analysis, Document, Place

# name: (lat, lon, country code, feature, admin1). Approximate points, enough for the tests.
GAZ = {
    "Kharkiv": (49.99, 36.23, "UA", "city", "Kharkiv Oblast"),
    "Kyiv": (50.45, 30.52, "UA", "city", "Kyiv City"),
    "Odesa": (46.48, 30.73, "UA", "city", "Odesa Oblast"),
    "Dnipro": (48.46, 35.04, "UA", "city", "Dnipropetrovsk Oblast"),
    "Kherson": (46.64, 32.61, "UA", "city", "Kherson Oblast"),
    "Ukraine": (49.0, 32.0, "UA", "country", None),
    "Lithuania": (55.42, 24.0, "LT", "country", None),
    "Germany": (51.5, 10.5, "DE", "country", None),
    "Ramstein Air Base": (49.44, 7.60, "DE", "landmark", "Rheinland-Pfalz"),
    "Brussels": (50.85, 4.35, "BE", "city", "Brussels Capital"),
    "Geneva": (46.20, 6.14, "CH", "city", "Geneva"),
    "Maiduguri": (11.85, 13.16, "NG", "city", "Borno"),
    "Kano": (12.00, 8.52, "NG", "city", "Kano"),
    "Lagos": (6.45, 3.39, "NG", "city", "Lagos"),
    "Zamfara State": (12.17, 6.25, "NG", "admin1", "Zamfara"),
    "Kabul": (34.53, 69.17, "AF", "city", "Kabul"),
    "Mogadishu": (2.04, 45.34, "SO", "city", "Banaadir"),
    "Goma": (-1.68, 29.22, "CD", "city", "North Kivu"),
    "Beni": (0.49, 29.47, "CD", "city", "North Kivu"),
    "Kalehe": (-2.10, 28.90, "CD", "city", "South Kivu"),
    "Sake": (-1.57, 29.04, "CD", "city", "North Kivu"),
    "Tbilisi": (41.69, 44.83, "GE", "city", "Tbilisi"),
    "Nairobi": (-1.28, 36.82, "KE", "city", "Nairobi Area"),
    "Dhaka": (23.71, 90.41, "BD", "city", "Dhaka Division"),
    "Marseille": (43.30, 5.38, "FR", "city", "Provence-Alpes-Cote d'Azur"),
    "Paris": (48.85, 2.35, "FR", "city", "Ile-de-France"),
    "Istanbul": (41.01, 28.95, "TR", "city", "Istanbul"),
    "Turkey": (39.0, 35.0, "TR", "country", None),
    "Zonguldak province": (41.35, 31.85, "TR", "admin1", "Zonguldak"),
    "Sindh province": (26.0, 68.5, "PK", "admin1", "Sindh"),
    "Luzon": (16.0, 121.0, "PH", "region", None),
    "Valparaiso": (-33.05, -71.62, "CL", "city", "Valparaiso"),
    "Jakarta": (-6.21, 106.85, "ID", "city", "Jakarta"),
    "Washington": (38.90, -77.04, "US", "city", "District of Columbia"),
    "Moscow": (55.75, 37.62, "RU", "city", "Moscow"),
    "Minsk": (53.90, 27.57, "BY", "city", "Minsk City"),
    "Tokyo": (35.69, 139.69, "JP", "city", "Tokyo"),
    "Caracas": (10.49, -66.88, "VE", "city", "Capital District"),
    "Beirut": (33.89, 35.50, "LB", "city", "Beirut"),
    "Omaha": (41.26, -95.94, "US", "city", "Nebraska"),
    "Tampa": (27.95, -82.46, "US", "city", "Florida"),
    "Suva": (-18.14, 178.44, "FJ", "city", "Central"),
    "Fiji": (-18.0, 178.0, "FJ", "country", None),
    "Irpin": (50.52, 30.25, "UA", "city", "Kyiv Oblast"),
    "Nabatieh": (33.38, 35.48, "LB", "city", "Nabatieh"),
    "Tyre": (33.27, 35.20, "LB", "city", "South Governorate"),
    "Lebanon": (33.83, 35.83, "LB", "country", None),
    "Israel": (31.5, 34.75, "IL", "country", None),
    "Herat": (34.35, 62.20, "AF", "city", "Herat"),
    "Afghanistan": (33.0, 66.0, "AF", "country", None),
    "El Obeid": (13.18, 30.22, "SD", "city", "North Kordofan"),
    "North Kordofan": (14.0, 29.5, "SD", "admin1", "North Kordofan"),
    "Derna": (32.77, 22.64, "LY", "city", "Darnah"),
    "Libya": (26.0, 17.0, "LY", "country", None),
    "Sudzha": (51.19, 35.27, "RU", "city", "Kursk Oblast"),
    "Mombasa": (-4.05, 39.67, "KE", "city", "Mombasa"),
    "Atlantis": (None, None, None, None, None),  # a name that cannot be geocoded
}


def make_places(text: str, names: list[str] | None = None) -> list[Place]:
    """Place mentions for every GAZ name found in the text (or only the given names)."""
    out = []
    for name, (lat, lon, cc, feature, admin1) in GAZ.items():
        if names is not None and name not in names:
            continue
        for m in re.finditer(r"\b" + re.escape(name) + r"\b", text):
            out.append(Place(text=name, start=m.start(), end=m.end(), name=name if lat is not None else None,
                             lat=lat, lon=lon, country_code=cc, feature=feature, admin1=admin1,
                             confidence=0.9 if lat is not None else 0.0,
                             reason=None if lat is not None else "not in the gazetteer"))
    return sorted(out, key=lambda p: p.start)


def make_analysis(text: str, date: str | None = None, doc_id: str = "t", source: str | None = None) -> Analysis:
    d = dt.date.fromisoformat(date) if date else None
    return Analysis(document=Document(text=text, id=doc_id, date=d, source=source), places=make_places(text))
