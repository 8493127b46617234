"""Article text never reaches a template as source: Jinja2 payloads in any text stay inert text.

Regression for the first item of the security issue: map pages and fragments were composed with
branca's ``Element``, which compiles its argument as a Jinja2 template, so ``{{ ... }}`` in an
evidence sentence was evaluated (and could run shell commands) when a map was drawn.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.model import Analysis, Document
from geomap.render import render_fragment, render_page
from geomap.render._doc import RawHTML
from geomap.render.mapdata import build_map_data

# Each payload would change the output (or a file on disk) if it were evaluated as a template.
RCE = "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}"
ARITH = "{{ 7*7 }}"
BLOCK = "{% if x %}open block"
COMMENT = "{# hidden #}"
RAW = "{% raw %}"
PAYLOADS = (RCE, ARITH, BLOCK, COMMENT, RAW)


def _article() -> str:
    return (f"A missile struck Kharkiv on Tuesday, killing two people {RCE}. "
            f"Officials in Kyiv said {ARITH} homes were damaged {BLOCK} and {COMMENT} {RAW}.\n")


def test_raw_html_element_emits_markup_verbatim():
    for payload in PAYLOADS:
        assert RawHTML(f"<p>{payload}</p>").render() == f"<p>{payload}</p>"


@pytest.mark.parametrize("fragment", [False, True])
def test_map_of_hostile_article_evaluates_nothing(tmp_path, monkeypatch, fragment):
    monkeypatch.chdir(tmp_path)
    text = _article()
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    args = ["map", "a.txt", "-o", "m.html", "--date", "2024-10-01"] + (["--fragment"] if fragment else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "PWNED").exists()
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "49" not in page.split("aria-label=", 1)[1][:40]
    blocks = [b for b in page.split('type="application/json"')[1:]]
    data = json.loads(blocks[0].split(">", 1)[1].split("</script>", 1)[0])
    # The sentences come back exactly as the article has them: nothing evaluated, nothing dropped.
    dumped = json.dumps(data, ensure_ascii=False)
    assert "os.system" in dumped and "7*7" in dumped


def test_title_with_template_syntax_is_kept_as_text():
    a = Analysis(Document(text="Shelling hit Kharkiv.", id="t", title=f"Kharkiv {ARITH} {BLOCK}"))
    a.places = []  # the title alone is the payload
    from geomap.model import Place

    a.places.append(Place("Kharkiv", 13, 20, name="Kharkiv", lat=49.98, lon=36.25, country_code="UA",
                          feature="city"))
    md = build_map_data([a])
    page = render_page(md, title=a.document.title)
    assert "Map: Kharkiv {{ 7*7 }} {% if x %}open block" in page
    assert "<title>Kharkiv {{ 7*7 }} {% if x %}open block</title>" in page
    frag = render_fragment(md, title=a.document.title)
    assert "{{ 7*7 }}" in frag and "Map: Kharkiv 49" not in frag
