"""Shared fixtures: the project's ../shared folder (articles, dev corpora), skipped when absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GEOMAP_SHARED_DIR", ROOT.parent / "shared"))
KHARKIV = SHARED / "articles" / "kharkiv-glide-bomb-2024-10-03.txt"
DEV = SHARED / "corpora" / "dev"


@pytest.fixture(scope="session")
def kharkiv_text() -> str:
    """The seed news article (third-party text: read in place, never copied)."""
    if not KHARKIV.exists():
        pytest.skip(f"{KHARKIV} not available")
    return KHARKIV.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def dev_corpus():
    """Loader for a dev gold corpus by name ('lgl' or 'trnews'), skipping when absent."""
    import json

    def load(name: str, limit: int | None = None) -> list[dict]:
        path = DEV / f"{name}.jsonl"
        if not path.exists():
            pytest.skip(f"{path} not available")
        docs = []
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    docs.append(json.loads(line))
                if limit and len(docs) >= limit:
                    break
        return docs

    return load
