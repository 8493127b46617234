"""`geomap check`: human and JSON output, exit status, bad input; end to end on the seed article."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from geographiclib.geodesic import Geodesic

from geomap.claims import Tolerance
from geomap.cli import _TOLERANCE_KEYS, main

SEED = Path("/work/shared/articles/kharkiv-glide-bomb-2024-10-03.txt")
FRONTED = "Located around 30 kilometres from the Russian border, Kharkiv has often been struck from the air."


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_text_argument_human_output_and_exit_0():
    r = run("check", FRONTED)
    assert r.exit_code == 0, r.output
    assert "SUPPORTED" in r.output and "Kharkiv" in r.output
    assert "rule:" in r.output and "data:" in r.output


def test_json_output_follows_the_claim_contract():
    r = run("check", "--json", FRONTED)
    assert r.exit_code == 0, r.output
    (line,) = r.output.strip().splitlines()
    d = json.loads(line)
    for key in ("text", "start", "end", "subject", "reference", "value", "unit", "claimed_km", "claimed_min_km",
                "claimed_max_km", "qualifier", "direction", "measured_km", "measured_bearing_deg", "verdict",
                "tolerance_km", "rule", "reason", "data"):
        assert key in d
    assert d["verdict"] == "supported"
    assert d["reference"]["kind"] == "border" and d["reference"]["countries"] == ["RU", "UA"]
    assert set(d["reference"]["point"]) == {"lat", "lon"}
    assert FRONTED[d["start"]:d["end"]] == d["text"]
    # measured distance is the geodesic distance from the subject to the reported border point
    s, p = d["subject"], d["reference"]["point"]
    km = Geodesic.WGS84.Inverse(s["lat"], s["lon"], p["lat"], p["lon"])["s12"] / 1000
    assert d["measured_km"] == pytest.approx(km, abs=0.01)


def test_contradicted_claim_exits_3():
    r = run("check", "Lviv is about 300 km from the Russian border.")
    assert r.exit_code == 3, r.output
    assert "CONTRADICTED" in r.output and "reason:" in r.output


def test_unverifiable_only_exits_0():
    r = run("check", "Kyiv lies 50 km from the front line.")
    assert r.exit_code == 0, r.output
    assert "UNVERIFIABLE" in r.output and "front line" in r.output


def test_no_claim_exits_0():
    r = run("check", "Nothing here mentions a distance.")
    assert r.exit_code == 0
    assert "no distance claim" in r.output


def test_file_and_stdin_inputs(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Izium, some 120 km south-east of Kharkiv, was shelled.\n", encoding="utf-8")
    r = run("check", str(f))
    assert r.exit_code == 0, r.output
    assert r.output.startswith("a: SUPPORTED")
    r = run("check", "--json", "-", input="Lviv is about 300 km from the Russian border.")
    assert r.exit_code == 3
    assert json.loads(r.output.splitlines()[0])["verdict"] == "contradicted"


def test_tolerance_option_changes_the_verdict():
    text = "Kyiv lies about 600 km west of Kharkiv."
    assert run("check", text).exit_code == 3
    r = run("check", "--json", "--tolerance", "about_rel=0.5", text)
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["tolerance_policy"]["about_rel"] == 0.5


@pytest.mark.parametrize("opt", ["about_rel", "nope=1", "about_rel=abc", "min_km=-1"])
def test_bad_tolerance_option_is_a_usage_error(opt):
    r = CliRunner().invoke(main, ["check", "--tolerance", opt, "Kyiv is 5 km from Kharkiv."])
    assert r.exit_code == 2
    assert "Traceback" not in r.output


def test_tolerance_keys_in_help_match_the_dataclass():
    assert _TOLERANCE_KEYS.split(", ") == [f.name for f in dataclasses.fields(Tolerance)]


def test_bad_inputs_never_raise():
    for text in ("Kharkiv lies 300,000 km from Kyiv.", "Kharkiv is 0 km from Kyiv.",
                 "Kharkiv is 30 km from the Wakandan border.", "A village 10 km from Kupiansk was hit.",
                 "km km 30 km from from the the border"):
        r = CliRunner().invoke(main, ["check", "--json", text])
        assert r.exit_code in (0, 3), (text, r.output)
        for line in r.output.splitlines():
            assert json.loads(line)["verdict"] == "unverifiable"


@pytest.mark.skipif(not SEED.exists(), reason="seed article not present")
def test_seed_article_kharkiv_claim():
    r = run("check", "--json", str(SEED))
    assert r.exit_code == 0, r.output
    claims = [json.loads(x) for x in r.output.splitlines()]
    (k,) = [c for c in claims if c["subject"] and c["subject"]["name"] == "Kharkiv"]
    assert k["verdict"] == "supported"
    assert 30 <= k["measured_km"] <= 36
    assert k["reference"]["countries"] == ["RU", "UA"]
    assert "RU-UA" in k["data"]


def test_check_text_library_helper():
    from geomap.pipeline import check_text

    (c,) = check_text("Izium, some 120 km south-east of Kharkiv, was shelled.", tolerance=Tolerance(about_rel=0.1))
    assert c.verdict == "supported" and c.subject.country_code == "UA"
    assert c.to_dict()["tolerance_policy"]["about_rel"] == 0.1


def test_empty_text_is_an_error():
    from click.testing import CliRunner

    from geomap.cli import main

    r = CliRunner().invoke(main, ["check", "   "])
    assert r.exit_code == 1 and "empty text" in r.stderr


def test_a_relation_without_a_figure_prints_its_words():
    from geomap.cli.check import claim_lines

    claim = {"text": "near the border", "verdict": "supported", "value": None, "unit": None,
             "qualifier": "near", "qualifier_text": "near", "measured_km": 12.34, "tolerance_km": None,
             "subject": {"name": "Sumy"}, "reference": {"point": {"lat": 51.0, "lon": 35.0}}, "notes": []}
    text = claim_lines("doc", claim)
    assert text.startswith('doc: SUPPORTED  "near the border"  (subject: Sumy)')
    assert "measured 12.3 km to 51.0000, 35.0000; claimed 'near' (near)" in text
