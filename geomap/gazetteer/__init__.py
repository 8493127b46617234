"""The embedded gazetteer: GeoNames-derived places, divisions, countries, regions and aliases.

Built from ``data/gazetteer.tsv.gz`` and ``data/aliases.tsv`` into an SQLite index in the user's
cache folder on first use (a few seconds, announced by one line on stderr; :mod:`.build`), named by
the data's content and checked on every open (:mod:`.cache`), then opened read-only (:mod:`.store`):
later start-ups are instant, memory stays small, and worker processes share the file through the OS
page cache.
"""

from .store import Entry, Gazetteer, get_gazetteer, normalize

__all__ = ["Entry", "Gazetteer", "get_gazetteer", "normalize"]
