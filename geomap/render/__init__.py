"""Rendering analyses: interactive Leaflet maps (folium)."""

from __future__ import annotations

from .map import write_map

__all__ = ["write_map"]
