"""Claim and Reference as data: to_dict / from_dict round trips."""

from __future__ import annotations

import json

import pytest
from test_claims import make_analysis

from geomap.claims import extract_claims
from geomap.model import Claim, Reference

TEXTS = [
    "Kharkiv lies about 30 km south of the Russian border.",  # border, with a direction
    "Izium, a town some 120 km south-east of Kharkiv, was shelled.",  # place to place
    "Kyiv is between 400 and 450 kilometres from Kharkiv.",  # a range
    "Kyiv lies 50 km from the front line.",  # unverifiable, with a reason
    "Chernihiv, about 130 km north-east of the Ukrainian capital, was shelled.",  # the capital
]


@pytest.mark.parametrize("text", TEXTS)
def test_claim_round_trip_through_json(text):
    (claim,) = extract_claims(make_analysis(text))
    d = claim.to_dict()
    back = Claim.from_dict(json.loads(json.dumps(d)))
    assert back.to_dict() == d
    assert back.claimed_km == pytest.approx(claim.claimed_km)
    assert back.verdict == claim.verdict and back.reference.kind == claim.reference.kind


def test_reference_round_trip_keeps_point_and_place():
    (claim,) = extract_claims(make_analysis(TEXTS[1]))
    ref = Reference.from_dict(claim.reference.to_dict())
    assert ref.point == pytest.approx(claim.reference.point)
    assert ref.place is not None and ref.place.name == "Kharkiv"


def test_analysis_from_dict_reads_claims_back():
    from geomap.model import Analysis

    a = make_analysis(TEXTS[0])
    a.claims = extract_claims(a)
    back = Analysis.from_dict(json.loads(json.dumps(a.to_dict())), text=a.document.text)
    assert [c.to_dict() for c in back.claims] == [c.to_dict() for c in a.claims]


def test_qualitative_claim_round_trip():
    from test_claims_relations import analysis

    text = "The border town of Vovchansk was shelled overnight."
    (claim,) = extract_claims(analysis(text))
    d = claim.to_dict()
    assert d["value"] is None and d["qualifier"] == "on" and d["measured_to"] is not None
    start = text.index("Vovchansk")
    assert d["subject_span"] == {"text": "Vovchansk", "start": start, "end": start + len("Vovchansk")}
    assert Claim.from_dict(json.loads(json.dumps(d))).to_dict() == d
