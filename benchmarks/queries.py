"""Time every canned query on the embedded engines (ladybug and Oxigraph) at scale.

Usage::

    python benchmarks/queries.py --workspace /tmp/ckg-100k            # build once, then reuse
    python benchmarks/queries.py --workspace /tmp/ckg-100k --only projects,chain_gaps
    python benchmarks/queries.py --workspace /tmp/ckg-100k --engines sparql --runs 7

The workspace is built from ``synthetic_facts(size, seed)`` when it does not exist yet
(100k enterprises take ~90 s) and reused afterwards, so query experiments do not pay for a
build each time. Each query runs in a child process stopped after ``--cap`` seconds; the
figure is the median of ``--runs`` runs after one warm-up. Nothing here asserts a time:
the target (each canned query <= 200 ms median at 100k enterprises) is read off the table.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import synthetic_facts  # noqa: E402
from run import query_params, time_query  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, required=True,
                        help="workspace folder: built when absent, reused when present")
    parser.add_argument("--size", type=int, default=100_000, help="enterprises (default 100000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5, help="runs per median (default 5)")
    parser.add_argument("--cap", type=float, default=20.0,
                        help="stop a query after this many seconds (default 20)")
    parser.add_argument("--only", default="", help="comma-separated query names")
    parser.add_argument("--engines", default="cypher,sparql",
                        help="comma-separated: cypher (ladybug), sparql (Oxigraph)")
    args = parser.parse_args(argv)

    from chainkg.graph.workspace import Workspace
    from chainkg.queries.registry import all_queries

    facts = synthetic_facts(args.size, args.seed)
    ws = Workspace(args.workspace)
    if not ws.exists():
        t = time.perf_counter()
        ws.build(facts)
        print(f"built {args.workspace} in {time.perf_counter() - t:.1f} s", flush=True)
    given = query_params(facts)
    only = set(filter(None, args.only.split(",")))
    engines = [e for e in args.engines.split(",") if e]
    label = {"cypher": "ladybug", "sparql": "Oxigraph"}
    print("| query | " + " | ".join(label.get(e, e) for e in engines) + " | params |")
    print("|---|" + "---|" * len(engines) + "---|")
    for q in all_queries():
        if only and q.name not in only:
            continue
        params = {p.name: given[p.name] for p in q.params if p.name in given}
        cells = [time_query(ws, e, q.name, params, args.runs, args.cap) for e in engines]
        print(f"| {q.name} | " + " | ".join(cells) + f" | {params} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
