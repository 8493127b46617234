"""The embedded gazetteer: GeoNames-derived places, divisions, countries, regions and aliases.

Built from ``data/gazetteer.tsv.gz`` and ``data/aliases.tsv`` into an SQLite index in the user's
cache folder on first use (keyed by the data's checksum), then opened read-only: start-up is
instant, memory stays small, and worker processes share the file through the OS page cache.
"""

from .store import Entry, Gazetteer, get_gazetteer, normalize

__all__ = ["Entry", "Gazetteer", "get_gazetteer", "normalize"]
