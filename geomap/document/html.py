"""HTML pages: main text, headline, publication date and URL.

Read with trafilatura (imported on the first page, never before), the field's standard for news
pages; a small parser of our own is kept only for pages where trafilatura finds no text.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from html.parser import HTMLParser
from typing import NamedTuple

from .limits import parse_date


class HtmlPage(NamedTuple):
    """What a news page holds for an analysis."""

    text: str
    title: str | None
    date: dt.date | None
    url: str | None  # the page's own address (canonical link or og:url), when it gives one


def read_html(markup: str) -> HtmlPage:
    """Main text, headline, date and URL of a page (trafilatura; the fallback parser if it finds no text)."""
    page = _trafilatura_page(markup)
    if page is not None and page.text.strip():
        return page
    text, title, date = _fallback_html_to_text(markup)
    if page is not None:  # trafilatura read the metadata but no body: keep what it found
        return HtmlPage(text, page.title or title, page.date or date, page.url)
    return HtmlPage(text, title, date, None)


def html_to_text(markup: str) -> tuple[str, str | None, dt.date | None]:
    """(main text, title, publication date) of an HTML page, without any markup."""
    page = read_html(markup)
    return page.text, page.title, page.date


def _trafilatura_page(markup: str) -> HtmlPage | None:
    try:
        import trafilatura
    except ImportError:
        return None
    for name in ("trafilatura", "htmldate", "courlan"):  # their warnings would repeat ours on every page
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        got = trafilatura.bare_extraction(
            markup, with_metadata=True, favor_precision=True, include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception:  # a page its parser cannot take (encoding declarations, odd trees): use ours
        return None
    if got is None:
        return None
    text = "\n".join(ln.strip() for ln in (got.text or "").splitlines() if ln.strip())
    title = " ".join((got.title or "").split()) or None
    url = got.url if isinstance(got.url, str) and re.match(r"https?://", got.url) else None
    return HtmlPage(text, title, parse_date(got.date), url)


# ----------------------------------------------------------------------------- fallback parser

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "footer", "header", "aside", "form",
              "button", "iframe", "head"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "tr",
               "blockquote", "figcaption", "pre", "td", "dd", "dt"}
_DATE_META = ("article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date",
              "dc.date.issued", "og:published_time", "sailthru.date", "parsely-pub-date")


class _MainText(HTMLParser):
    """Collects visible text (preferring <article>), the <title> and a publication date."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.article_parts: list[str] = []
        self.skip = 0
        self.in_article = 0
        self.in_title = False
        self.title = ""
        self.date: dt.date | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta" and self.date is None:
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in _DATE_META:
                self.date = parse_date(a.get("content"))
        if tag == "time" and self.date is None and a.get("datetime"):
            self.date = parse_date(a["datetime"])
        if tag == "title":
            self.in_title = True
        if tag in _SKIP_TAGS:
            self.skip += 1
        if tag == "article":
            self.in_article += 1
        if tag in _BLOCK_TAGS:
            self._add("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP_TAGS and self.skip:
            self.skip -= 1
        if tag == "article" and self.in_article:
            self.in_article -= 1
        if tag in _BLOCK_TAGS:
            self._add("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        if not self.skip:
            self._add(data)

    def _add(self, s: str) -> None:
        self.parts.append(s)
        if self.in_article:
            self.article_parts.append(s)


def _fallback_html_to_text(markup: str) -> tuple[str, str | None, dt.date | None]:
    """(main text, title, publication date) of an HTML page, without any markup."""
    p = _MainText()
    p.feed(markup)
    p.close()
    raw = "".join(p.article_parts) if "".join(p.article_parts).strip() else "".join(p.parts)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", ln).strip() for ln in raw.split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    title = html.unescape(p.title).strip() or None
    return text, title, p.date
