#!/usr/bin/env python3
"""Claims on the real-news dev set, each gold claim paired with its own predicted claim.

    python benchmarks/eval_claims_pairing.py [GOLD.jsonl] [PRED.jsonl] [--show]

`../shared/eval/score_news.py` (the official figure) judges each gold claim by the predicted claim that
overlaps it most. When the gold splits one phrase into several claims over the same words ("near the
borders with Mali and Burkina Faso": one claim per neighbour), every one of them is judged by the same
predicted claim, so at most one can be right whatever geomap says. This script reports the official rule
and, beside it, a one-to-one pairing: a gold claim takes the overlapping predicted claim that measures to
the same neighbour (gold ``reference.countries``) first, then the one that overlaps most, and no predicted
claim serves two gold claims. Everything else (which claims count, numeric vs qualitative) is as in
score_news.py. Default files: ../shared/realnews/dev.jsonl and a fresh ``geomap extract`` of it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "realnews" / "dev.jsonl"


def _overlap(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def _same_neighbour(gold: dict, pred: dict) -> bool:
    g = set((gold.get("reference") or {}).get("countries") or [])
    p = set((pred.get("reference") or {}).get("countries") or [])
    return bool(g) and g == p


def score(gold_docs: list[dict], pred: dict[str, dict], show: bool = False) -> dict[str, list[int]]:
    """{"numeric"|"qualitative": [claims, right by the official rule, right one to one]}."""
    out = {"numeric": [0, 0, 0], "qualitative": [0, 0, 0]}
    for g in gold_docs:
        pc = [c for c in pred.get(g["id"], {}).get("claims", []) if c.get("start") is not None]
        used: set[int] = set()
        for c in g.get("claims", []):
            if c["expected_verdict"] == "ambiguous":
                continue
            kind = "numeric" if (c.get("claimed") or {}).get("value") is not None else "qualitative"
            out[kind][0] += 1
            hits = [i for i, x in enumerate(pc) if _overlap(c, x)]
            if not hits:
                continue
            official = max(hits, key=lambda i: _overlap(c, pc[i]))
            out[kind][1] += pc[official].get("verdict") == c["expected_verdict"]
            free = [i for i in hits if i not in used] or hits
            mine = max(free, key=lambda i: (_same_neighbour(c, pc[i]), _overlap(c, pc[i])))
            used.add(mine)
            right = pc[mine].get("verdict") == c["expected_verdict"]
            out[kind][2] += right
            if show and not right:
                print(f"  {g['id']}: {c['text']!r} expected {c['expected_verdict']}, got {pc[mine].get('verdict')}",
                      file=sys.stderr)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="?", default=str(GOLD))
    ap.add_argument("pred", nargs="?", help="geomap extract output (default: made now from GOLD)")
    ap.add_argument("--show", action="store_true", help="list the gold claims judged wrong one to one")
    a = ap.parse_args()
    gold = [json.loads(line) for line in Path(a.gold).read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        pred_path = a.pred
        if pred_path is None:
            pred_path = str(Path(tmp) / "pred.jsonl")
            subprocess.run([sys.executable, "-m", "geomap", "extract", a.gold, "-o", pred_path], cwd=ROOT,
                           check=True, stderr=subprocess.DEVNULL)
        pred = {}
        for line in Path(pred_path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                pred[doc.get("id")] = doc
    for kind, (n, official, paired) in score(gold, pred, a.show).items():
        print(f"{kind} claims right: {official}/{n} (score_news.py's rule), {paired}/{n} (one to one)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
