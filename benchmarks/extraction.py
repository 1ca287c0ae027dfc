"""Accuracy and speed of the Chinese news extractor on the hand-annotated seed articles.

Usage: ``python benchmarks/extraction.py [--seeds DIR] [--gold DIR]``

Prints precision / recall / F1 per entity type and per relation type (micro-averaged over
the articles, plus an overall micro average of each group), the accuracy of project amounts,
the LAC model load time and the extraction throughput in characters per second. Matching
rules: see chainkg.loaders.news_eval.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "gold")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from chainkg.loaders.news import _lac

    _lac()
    load = time.perf_counter() - t0
    from chainkg.loaders.news_eval import ENTITY_TYPES, RELATION_TYPES, evaluate, prf

    counts, chars, seconds = evaluate(args.seeds, args.gold)
    print(f"{'type':<22}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}")
    for group, names in (("entities", ENTITY_TYPES), ("relations", RELATION_TYPES)):
        tot = [0, 0, 0]
        for name in names:
            tp, n_pred, n_gold = counts[name]
            tot = [tot[0] + tp, tot[1] + n_pred, tot[2] + n_gold]
            p, r, f = prf(tp, n_pred, n_gold)
            print(f"{name:<22}{p:>7.3f}{r:>7.3f}{f:>7.3f}{tp:>6}{n_pred:>6}{n_gold:>6}")
        p, r, f = prf(*tot)
        print(f"{'ALL ' + group:<22}{p:>7.3f}{r:>7.3f}{f:>7.3f}{tot[0]:>6}{tot[1]:>6}{tot[2]:>6}")
        print()
    ok, n, _ = counts["project_amounts"]
    print(f"project amounts correct: {ok}/{n}")
    print(f"LAC model load: {load:.2f} s")
    print(f"extraction: {chars} chars in {seconds:.2f} s = {chars / seconds:,.0f} chars/s")


if __name__ == "__main__":
    main()
