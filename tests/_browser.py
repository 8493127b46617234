"""Headless Chromium for the browser tests: every non-file:// request aborted, console errors recorded.

Used by tests/test_browser*.py and benchmarks/bench_maps.py. Chromium is Debian's package
(/usr/bin/chromium, or $GEOMAP_CHROMIUM), driven by Playwright for Python; tests are skipped only
when that browser is missing.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-default-apps", "--disable-extensions",
    "--disable-sync", "--metrics-recording-only", "--mute-audio",
]


def chromium_path() -> str | None:
    """The Chromium executable to use, or None when there is none."""
    for cand in (os.environ.get("GEOMAP_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                 shutil.which("chromium-browser")):
        if cand and Path(cand).exists():
            return cand
    return None


@dataclass
class PageLog:
    """What happened while a page loaded: console messages, page errors, blocked requests, dialogs."""

    console: list[tuple[str, str]] = field(default_factory=list)  # (type, text)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    seconds_to_ready: float | None = None  # wall time from navigation to every map drawn

    def errors(self, *, allow_blocked_tiles: bool = True) -> list[str]:
        """Console errors and page errors. "Failed to load resource" lines are tolerated only when every
        failed request was a blocked map tile (tiles need the network; the outline basemap stays)."""
        tiles_only = all(_is_tile(u) for u in self.failed)
        out = []
        for kind, text in self.console:
            if kind != "error":
                continue
            if allow_blocked_tiles and tiles_only and text.startswith("Failed to load resource"):
                continue
            out.append(text)
        return out + self.page_errors


def _is_tile(url: str) -> bool:
    return url.endswith(".png") and ("tile.openstreetmap.org" in url or "basemaps.cartocdn.com" in url)


@contextmanager
def browser() -> Iterator[object]:
    """A headless Chromium (Playwright Browser); the caller skips when chromium_path() is None."""
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def open_page(b, path: Path, *, wait_ready: bool = True, viewport=(1200, 800)) -> Iterator[tuple[object, PageLog]]:
    """Open a local HTML file with the network blocked; yields (page, log)."""
    log = PageLog()
    ctx = b.new_context(viewport={"width": viewport[0], "height": viewport[1]}, java_script_enabled=True)
    page = ctx.new_page()

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
            r.continue_()
        else:
            log.blocked.append(r.request.url)
            r.abort()

    page.route(lambda url: not url.startswith(("file:", "data:", "blob:", "about:")), route)
    page.on("console", lambda m: log.console.append((m.type, m.text)))
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))
    page.on("requestfailed", lambda r: log.failed.append(r.url))

    def on_dialog(d):
        log.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    try:
        t0 = time.perf_counter()
        page.goto(Path(path).resolve().as_uri(), wait_until="load")
        if wait_ready:
            page.wait_for_function(
                "() => { const m = document.querySelectorAll('.geomap');"
                " return m.length > 0 && [...m].every(e => e.getAttribute('data-state')); }",
                timeout=10000)
            log.seconds_to_ready = time.perf_counter() - t0
        yield page, log
    finally:
        ctx.close()
