"""Write a synthetic JSON Lines news corpus for batch benchmarks.

Documents are recombined from the short articles in ``data/samples/batch_*.txt`` (written for this
project): each one takes 3 to 7 sentences from randomly chosen samples, so documents differ while
their length and place density stay close to real news briefs. Deterministic for a given --seed.

    python benchmarks/make_synthetic.py -n 100000 -o /tmp/geomap-synth-100k.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import random
import re
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def load_sentences(folder: Path = SAMPLES) -> list[list[str]]:
    """The sentences of every batch_*.txt sample, one list per sample."""
    out = []
    for p in sorted(folder.glob("batch_*.txt")):
        text = " ".join(p.read_text(encoding="utf-8").split())
        out.append([s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if s])
    if not out:
        raise SystemExit(f"no batch_*.txt samples in {folder}")
    return out


def synthetic_records(n: int, *, seed: int = 7):
    """``n`` records {"id", "date", "title", "text"}."""
    rng = random.Random(seed)
    samples = load_sentences()
    start = dt.date(2026, 1, 1)
    for i in range(n):
        lead = rng.choice(samples)
        sentences = [lead[0]]
        for _ in range(rng.randint(2, 6)):
            sentences.append(rng.choice(rng.choice(samples)))
        yield {"id": f"synth-{i + 1:06d}", "date": (start + dt.timedelta(days=i % 300)).isoformat(),
               "title": lead[0][:60], "text": " ".join(sentences)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=100_000, help="number of documents (default 100000)")
    ap.add_argument("-o", "--output", required=True, help="file to write (.jsonl or .jsonl.gz)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    opener = gzip.open if args.output.endswith(".gz") else open
    with opener(args.output, "wt", encoding="utf-8") as fh:
        for rec in synthetic_records(args.n, seed=args.seed):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(args.output)


if __name__ == "__main__":
    main()
