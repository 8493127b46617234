#!/usr/bin/env python3
"""Score geomap's geoparser on gold corpora with the shared scorer.

    python benchmarks/eval_geoparse.py [CORPUS.jsonl ...] [--scorer PATH] [--out DIR] [--news GOLD.jsonl]

For each corpus (default: ../shared/corpora/dev/lgl.jsonl and trnews.jsonl) it writes two
prediction files and scores them with ``score_geoparse.py``:
  * ``<name>.given.jsonl``: resolution of the gold spans (``--given-spans``): acc@161;
  * ``<name>.e2e.jsonl``: recognition + resolution: exact-span F1 and acc@161.
It also reports documents/s of the end-to-end run (gazetteer already loaded). Then it scores the
places of the annotated real news (default ../shared/realnews/dev.jsonl, when present) with
``score_news.py``: place F1 (a predicted toponym overlapping a gold one) and resolution (acc@161 of
the found ones), so that the three sets are reported from one run (``--news ''`` skips it).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.gazetteer import get_gazetteer  # noqa: E402
from geomap.pipeline import analyze  # noqa: E402


def predict(docs, given: bool) -> tuple[list[dict], float]:
    out = []
    t0 = time.perf_counter()
    for d in docs:
        spans = [(t["start"], t["end"]) for t in d["toponyms"]] if given else None
        a = analyze(d["text"], doc_id=d["id"], given_spans=spans, claims=False, incidents=False)
        out.append({"id": d["id"], "toponyms": [
            {"start": p.start, "end": p.end, "text": p.text, "lat": p.lat, "lon": p.lon} for p in a.places]})
    return out, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    shared = ROOT.parent / "shared"
    ap.add_argument("corpora", nargs="*", default=[str(shared / "corpora/dev/lgl.jsonl"),
                                                     str(shared / "corpora/dev/trnews.jsonl")])
    ap.add_argument("--scorer", default=str(shared / "eval/score_geoparse.py"))
    ap.add_argument("--out", default=str(ROOT / "benchmarks/out"))
    ap.add_argument("--news", default=str(shared / "realnews/dev.jsonl"))
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    get_gazetteer().lookup("warm up")
    for corpus in a.corpora:
        docs = [json.loads(line) for line in open(corpus, encoding="utf-8") if line.strip()]
        name = Path(corpus).stem
        for mode in ("given", "e2e"):
            preds, secs = predict(docs, mode == "given")
            path = out / f"{name}.{mode}.jsonl"
            with open(path, "w", encoding="utf-8") as fh:
                for p in preds:
                    fh.write(json.dumps(p) + "\n")
            res = subprocess.run([sys.executable, a.scorer, corpus, str(path)], capture_output=True, text=True)
            last = res.stdout.strip().splitlines()[-1] if res.stdout.strip() else res.stderr
            print(f"{name:8s} {mode:5s} {last}  ({len(docs) / secs:.0f} docs/s)")
    if a.news and Path(a.news).exists():
        print(f"{Path(a.news).stem:8s} news  {score_news(Path(a.news), out, Path(a.scorer).with_name('score_news.py'))}")
    return 0


def score_news(gold: Path, out: Path, scorer: Path) -> str:
    """Place F1 and resolution on annotated real news (the places part of score_news.py's summary)."""
    docs = [json.loads(line) for line in open(gold, encoding="utf-8") if line.strip()]
    path = out / f"{gold.stem}.news.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for d in docs:
            a = analyze(d["text"], doc_id=d["id"], claims=False, incidents=False)
            fh.write(json.dumps({"id": d["id"], "places": [p.to_dict() for p in a.places]}) + "\n")
    res = subprocess.run([sys.executable, str(scorer), str(gold), str(path)], capture_output=True, text=True)
    last = res.stdout.strip().splitlines()[-1] if res.stdout.strip() else res.stderr.strip()
    return " ".join(part for part in last.split() if part.startswith(("places_f1", "resolution")))


if __name__ == "__main__":
    sys.exit(main())
