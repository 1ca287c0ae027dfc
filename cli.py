"""The ``chainkg`` command line: parse options, call one library function, print.

Library errors (:class:`chainkg.errors.ChainKGError`) become a one-line ``Error: …`` and
exit status 1; usage errors keep click's exit status 2. Only click is imported at start-up:
every command imports what it needs, so ``chainkg --help`` answers at once.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from chainkg import __version__
from chainkg.errors import ChainKGError

F = TypeVar("F", bound=Callable[..., Any])


def _handle_errors(fn: F) -> F:
    """Turn library errors into one line on stderr and exit status 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ChainKGError as e:
            raise click.ClickException(str(e)) from e

    return wrapper  # type: ignore[return-value]


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--param")
        out[key.strip()] = value
    return out


def _progress(label: str) -> Any:
    """A progress callback drawing a click progress bar on stderr (hidden when not a tty)."""
    state: dict[str, Any] = {}

    def callback(what: str, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            # click prints the bare label once per bar when it cannot draw; in a pipe or a
            # log that is noise, so stay silent there.
            return
        bar = state.get("bar")
        if bar is None or state.get("what") != what:
            if bar is not None:
                bar.render_finish()
            bar = click.progressbar(length=max(total, 1), label=f"{label}: {what}",
                                    file=sys.stderr)
            state.update(bar=bar, what=what, done=0)
        bar.update(done - state["done"])
        state["done"] = done

    def finish() -> None:
        if state.get("bar") is not None:
            state["bar"].render_finish()

    callback.finish = finish  # type: ignore[attr-defined]
    return callback


param_option = click.option(
    "-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
    help="A query parameter; repeat for several.")
format_option = click.option(
    "-f", "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
    show_default=True, help="Output format.")


def _workspace(ctx: click.Context) -> Any:
    from chainkg.graph.workspace import Workspace

    return Workspace(ctx.obj["workspace"])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chainkg")
@click.option("-w", "--workspace", type=click.Path(file_okay=False, path_type=Path),
              envvar="CHAINKG_WORKSPACE", default="chainkg-data", show_default=True,
              help="Workspace folder holding the embedded stores (env CHAINKG_WORKSPACE).")
@click.pass_context
def main(ctx: click.Context, workspace: Path) -> None:
    """chainkg: industry-chain knowledge graphs of Chinese industrial parks (招商引资).

    Build the graph (`chainkg build`), then ask it canned questions
    (`chainkg query run park_overview -p park=株洲高新区`), draw it (`chainkg viz`),
    export it as linked data (`chainkg export`) or push it to Neo4j or a SPARQL endpoint.
    """
    ctx.ensure_object(dict)
    ctx.obj["workspace"] = workspace


# -- build ----------------------------------------------------------------------------------
@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--seed/--no-seed", default=None,
              help="Include the bundled seed dataset (default: only when no PATHS are given).")
@click.option("--templates/--no-templates", "bundled_templates", default=True,
              show_default=True,
              help="Apply the bundled chain templates (ontology/chains) to the chains the "
                   "facts name: their segments, FEEDS links and keyword placements.")
@click.option("-t", "--template", "template_paths", multiple=True,
              type=click.Path(exists=True, path_type=Path),
              help="A chain template YAML file or folder of them; repeat for several. "
                   "Replaces a bundled template of the same chain.")
@click.pass_context
@_handle_errors
def build(ctx: click.Context, paths: tuple[Path, ...], seed: bool | None,
          bundled_templates: bool, template_paths: tuple[Path, ...]) -> None:
    """Build the graph from curated tables (YAML/CSV) into the workspace.

    With no PATHS, builds the bundled seed dataset: the facts of five articles on
    Hunan parks. The previous graph stays live until the new one is complete.
    Chain templates add the segments of the chains the facts name (not of every
    template) and place enterprises and projects on them.
    """
    from chainkg.loaders import SEED_DIR
    from chainkg.loaders.tables import load_tables

    inputs = list(paths)
    if seed or (seed is None and not paths):
        inputs.insert(0, SEED_DIR)
    facts = load_tables(inputs)
    if bundled_templates or template_paths:
        from chainkg.graph.placement import with_templates
        from chainkg.loaders.templates import chain_templates

        facts = with_templates(facts, chain_templates(template_paths, bundled_templates))
    progress = _progress("build")
    manifest = _workspace(ctx).build(facts, progress=progress,
                                     inputs=[str(p) for p in inputs])
    progress.finish()
    counts = manifest["counts"]
    nodes = sum(v for k, v in counts.items() if not k.isupper())
    rels = sum(v for k, v in counts.items() if k.isupper())
    templates = sum(1 for key in manifest["sources"] if key.startswith("template-"))
    documents = len(manifest["sources"]) - templates
    click.echo(f"built {ctx.obj['workspace']}: {nodes} nodes, {rels} relationships, "
               f"{manifest['quads']} quads from {documents} source documents"
               + (f" and {templates} chain templates" if templates else ""))


# -- ingest / evidence ----------------------------------------------------------------------
@main.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True,
              help="Print the extracted facts (resolved against the graph) and store nothing.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("--templates/--no-templates", "bundled_templates", default=True,
              show_default=True,
              help="Apply the bundled chain templates to the merged facts, as `build` does "
                   "(segments of the chains named, placements of new enterprises).")
@click.pass_context
@_handle_errors
def ingest(ctx: click.Context, paths: tuple[Path, ...], dry_run: bool, fmt: str,
           bundled_templates: bool) -> None:
    """Extract facts from Chinese news articles and merge them into the graph.

    PATHS are article files (.txt, .html, .htm, .md; UTF-8 or GBK/GB18030) or folders
    searched recursively. Page chrome is stripped, entities are matched with those the
    graph has (凯乐科技 = 湖北凯乐科技股份有限公司, 郴州经济开发区 = 郴州经开区), and a new
    generation is built: a bad file stops the ingest and the previous graph stays live.
    Ingesting the same article again changes nothing. See each fact's text with
    `chainkg query evidence NAME`.
    """
    import json

    from chainkg.graph.model import Facts
    from chainkg.loaders.documents import find_documents
    from chainkg.loaders.ingest import prepare

    ws = _workspace(ctx)
    base = ws.generation()
    existing = ws.facts() if base else Facts()
    files = find_documents(paths)
    bar = None
    if any(p.is_dir() for p in paths):
        bar = click.progressbar(length=len(files), label="reading articles", file=sys.stderr)
    try:
        batch = prepare(files, existing, on_file=(lambda _p: bar.update(1)) if bar else None)
    finally:
        if bar is not None:
            bar.render_finish()
    report = batch.report
    if dry_run:
        if fmt == "json":
            click.echo(json.dumps({"report": report.to_json(), "facts": batch.facts.to_json()},
                                  ensure_ascii=False, indent=1))
        else:
            from chainkg.loaders.ingest import facts_table
            from chainkg.queries.format import render

            click.echo(render(facts_table(batch.facts, batch.texts), "table"))
            click.echo(f"\ndry run: {len(files)} article(s) read, nothing stored")
        return
    enrich = None
    if bundled_templates:
        from chainkg.graph.placement import with_templates
        from chainkg.loaders.templates import chain_templates

        templates = chain_templates((), True)
        enrich = lambda facts: with_templates(facts, templates)  # noqa: E731
    progress = _progress("ingest")
    manifest = ws.ingest(batch.facts, batch.texts, progress=progress,
                         inputs=[str(p) for p in paths], base=base, enrich=enrich)
    progress.finish()
    counts = manifest["counts"]
    nodes = sum(v for k, v in counts.items() if not k.isupper())
    rels = sum(v for k, v in counts.items() if k.isupper())
    if fmt == "json":
        out = report.to_json()
        out["graph"] = {"nodes": nodes, "relationships": rels, "quads": manifest["quads"]}
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    from chainkg.graph.store import Rows
    from chainkg.queries.format import render

    click.echo(render(Rows(["kind", "added", "merged"], report.rows()), "table"))
    for kind, name, key in report.resolved:
        click.echo(f"merged {kind} {name} -> {key}")
    click.echo(f"ingested {len(files)} article(s) into {ctx.obj['workspace']}: {nodes} nodes, "
               f"{rels} relationships, {manifest['quads']} quads")


# -- query ----------------------------------------------------------------------------------
@main.group()
def query() -> None:
    """List, show and run the canned queries (Cypher and SPARQL)."""


@query.command("list")
@_handle_errors
def query_list() -> None:
    """List the canned queries with their parameters."""
    from chainkg.queries.registry import all_queries

    for q in all_queries():
        params = " ".join(f"{p.name}=" + (p.default or "''") for p in q.params)
        suffix = f"  [{params}]" if params else ""
        click.echo(f"{q.name:<24} {q.title_zh} / {q.title_en}{suffix}")


@query.command("show")
@click.argument("name")
@click.option("--engine", type=click.Choice(["cypher", "sparql"]), default=None,
              help="Show only this language's text.")
@_handle_errors
def query_show(name: str, engine: str | None) -> None:
    """Show a canned query: description, parameters and text."""
    from chainkg.queries.registry import get

    q = get(name)
    click.echo(f"{q.name}: {q.title_zh} / {q.title_en}\n{q.description}")
    for p in q.params:
        default = f" (default {p.default!r})" if p.default is not None else ""
        click.echo(f"  {p.name} [{p.type}]{default}: {p.description}")
    for language in [engine] if engine else ["cypher", "sparql"]:
        click.echo(f"\n--- {language} ---\n{q.text(language).strip()}")


def _store(ctx: click.Context, engine: str) -> Any:
    if engine == "neo4j":
        from chainkg.graph.neo4j_store import Neo4jStore

        return Neo4jStore()
    return _workspace(ctx).store(engine)


@query.command("run")
@click.argument("name")
@param_option
@click.option("--engine", type=click.Choice(["cypher", "sparql", "neo4j"]), default="cypher",
              show_default=True,
              help="cypher: the embedded property graph; sparql: the embedded RDF store; "
                   "neo4j: the server at NEO4J_URI.")
@format_option
@click.pass_context
@_handle_errors
def query_run(ctx: click.Context, name: str, params: tuple[str, ...], engine: str,
              fmt: str) -> None:
    """Run a canned query, e.g. `chainkg query run park_overview -p park=株洲高新区`."""
    from chainkg.queries.format import render
    from chainkg.queries.registry import get

    q = get(name)
    values = _params(params)
    with _store(ctx, engine) as store:
        rows = q.run(store, values)
    click.echo(render(rows, fmt))


@main.command()
@click.argument("text")
@param_option
@format_option
@click.pass_context
@_handle_errors
def cypher(ctx: click.Context, text: str, params: tuple[str, ...], fmt: str) -> None:
    """Run an ad-hoc Cypher query on the embedded property graph; values via -p."""
    from chainkg.queries.format import render

    with _workspace(ctx).store("cypher") as store:
        click.echo(render(store.query(text, _params(params)), fmt))


@main.command()
@click.argument("text")
@param_option
@format_option
@click.pass_context
@_handle_errors
def sparql(ctx: click.Context, text: str, params: tuple[str, ...], fmt: str) -> None:
    """Run an ad-hoc SPARQL query on the embedded RDF store; -p k=v binds ?k."""
    from chainkg.queries.format import render

    with _workspace(ctx).store("sparql") as store:
        click.echo(render(store.query(text, _params(params)), fmt))


@query.command("evidence")
@click.argument("name")
@click.option("-c", "--context", "context", type=click.IntRange(0, 500), default=20,
              show_default=True, help="Characters of text shown on each side of a span.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")
@click.pass_context
@_handle_errors
def evidence(ctx: click.Context, name: str, context: int, fmt: str) -> None:
    """Show where each fact about NAME was read: document, rule, confidence, text span.

    NAME is an entity's key, name or alias (株洲高新区, 凯乐科技). Facts from curated
    tables have no span and are listed with their source documents.
    """
    import json

    from chainkg.graph.provenance import fact_evidence

    ws = _workspace(ctx)
    rows = fact_evidence(ws.facts(), name, ws.document_text, context=context)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    last = None
    for r in rows:
        if r["fact"] != last:
            click.echo(r["fact"])
            last = r["fact"]
        if r["start"] is None:
            click.echo(f"  《{r['document']}》 curated, no text span")
            continue
        conf = f"{r['confidence']:.2f}" if r["confidence"] is not None else "-"
        click.echo(f"  《{r['document']}》 rule {r['rule']}, confidence {conf}, "
                   f"chars {r['start']}-{r['end']}")
        click.echo(f"    {r['context'] or '(document text not stored)'}")


# -- export / push --------------------------------------------------------------------------
@main.command()
@click.option("-f", "--format", "fmt", type=click.Choice(["ttl", "jsonld", "nt", "trig", "nq"]),
              default="ttl", show_default=True,
              help="ttl, jsonld (with a context) and nt hold the union graph; trig and nq "
                   "keep one named graph per source document.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--vocabulary/--no-vocabulary", default=False, show_default=True,
              help="Include the ontology and the strategy scheme.")
@click.pass_context
@_handle_errors
def export(ctx: click.Context, fmt: str, output: Path | None, vocabulary: bool) -> None:
    """Export the graph as linked data (Turtle, JSON-LD, N-Triples, TriG, N-Quads)."""
    with _workspace(ctx).rdf() as store:
        if output is None:
            click.echo(store.serialize(fmt, vocabulary=vocabulary), nl=False)
            return
        # Streamed to <output>.part and renamed: never all in memory, never half-written.
        store.serialize(fmt, destination=output, vocabulary=vocabulary)
    click.echo(str(output))


@main.group()
def push() -> None:
    """Push the workspace graph to a Neo4j server or a SPARQL 1.1 endpoint."""


@push.command("neo4j")
@click.option("--uri", envvar="NEO4J_URI", default="bolt://localhost:7687", show_default=True,
              help="bolt://, neo4j:// or neo4j+s:// URI (env NEO4J_URI).")
@click.option("--user", envvar="NEO4J_USERNAME", default=None, help="(env NEO4J_USERNAME)")
@click.option("--password", envvar="NEO4J_PASSWORD", default=None, help="(env NEO4J_PASSWORD)")
@click.option("--database", envvar="NEO4J_DATABASE", default=None, help="(env NEO4J_DATABASE)")
@click.option("--schema/--no-schema", default=True, show_default=True,
              help="Create uniqueness constraints and indexes first.")
@click.option("--batch-size", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Rows per UNWIND ... MERGE statement.")
@click.pass_context
@_handle_errors
def push_neo4j(ctx: click.Context, uri: str, user: str | None, password: str | None,
               database: str | None, schema: bool, batch_size: int) -> None:
    """MERGE the graph into Neo4j in batches (re-running is safe: nothing duplicates)."""
    from chainkg.graph.neo4j_store import Neo4jStore

    facts = _workspace(ctx).facts()
    progress = _progress("push")
    with Neo4jStore(uri=uri, user=user, password=password, database=database,
                    batch_size=batch_size) as store:
        if schema:
            store.ensure_schema()
        store.load(facts, progress=progress)
        progress.finish()
        counts = store.counts()
    click.echo(f"pushed to {uri}: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v))


@push.command("sparql")
@click.argument("url")
@click.option("--query-url", default=None, help="Query service (default URL/query).")
@click.option("--update-url", default=None, help="Update service (default URL/update).")
@click.option("--store-url", default=None,
              help="Graph Store Protocol service (default URL/store; Fuseki: DATASET/data).")
@click.pass_context
@_handle_errors
def push_sparql(ctx: click.Context, url: str, query_url: str | None, update_url: str | None,
                store_url: str | None) -> None:
    """Write the graph to a SPARQL 1.1 endpoint: one named graph per source, union in the
    default graph. Re-running replaces, never duplicates."""
    from chainkg.graph.sparql_endpoint import SparqlEndpoint

    facts = _workspace(ctx).facts()
    progress = _progress("push")
    with SparqlEndpoint(url, query_url=query_url, update_url=update_url,
                        store_url=store_url) as endpoint:
        endpoint.load(facts, progress=progress)
        progress.finish()
        n = endpoint.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    click.echo(f"pushed to {url}: {n} triples in the default graph")


# -- viz ------------------------------------------------------------------------------------
def _viz_options(fn: F) -> F:
    fn = click.option("--max-nodes", type=click.IntRange(min=0), default=2000,
                      show_default=True,
                      help="Show at most this many nodes (the page says when it trims); "
                           "0 for no cap.")(fn)
    fn = click.option("--open", "open_", is_flag=True,
                      help="Open the page in the default browser.")(fn)
    fn = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                      help="HTML file to write (default: <view>-<name>.html here).")(fn)
    return fn


def _viz_write(view: Any, output: Path | None, default: str, open_: bool) -> None:
    path = view.write(output or Path(default))
    note = (f" (showing {view.nodes:,} of {view.total_nodes:,} nodes)"
            if view.trimmed else "")
    click.echo(f"{path}{note}")
    if open_:
        click.launch(str(path.resolve()))


@main.group()
def viz() -> None:
    """Draw interactive network views as self-contained HTML (opens offline)."""


@viz.command("park")
@click.argument("name")
@_viz_options
@click.pass_context
@_handle_errors
def viz_park(ctx: click.Context, name: str, output: Path | None, open_: bool,
             max_nodes: int) -> None:
    """A park, its chains by strategy, projects, leaders, investors and supply links."""
    from chainkg.viz.views import default_filename, render_park

    view = render_park(_workspace(ctx), name, max_nodes=max_nodes or None)
    _viz_write(view, output, default_filename("park", view.graph.title), open_)


@viz.command("chain")
@click.argument("name")
@_viz_options
@click.pass_context
@_handle_errors
def viz_chain(ctx: click.Context, name: str, output: Path | None, open_: bool,
              max_nodes: int) -> None:
    """One chain across every park, segments laid out upstream -> downstream."""
    from chainkg.viz.views import default_filename, render_chain

    view = render_chain(_workspace(ctx), name, max_nodes=max_nodes or None)
    _viz_write(view, output, default_filename("chain", view.graph.title), open_)


@viz.command("overview")
@_viz_options
@click.pass_context
@_handle_errors
def viz_overview(ctx: click.Context, output: Path | None, open_: bool, max_nodes: int) -> None:
    """Every park and chain, with the parks' strategy for each chain."""
    from chainkg.viz.views import default_filename, render_overview

    view = render_overview(_workspace(ctx), max_nodes=max_nodes or None)
    _viz_write(view, output, default_filename("overview"), open_)


@viz.command("query")
@click.argument("name")
@param_option
@_viz_options
@click.pass_context
@_handle_errors
def viz_query(ctx: click.Context, name: str, params: tuple[str, ...], output: Path | None,
              open_: bool, max_nodes: int) -> None:
    """The rows of a canned query drawn as a graph, e.g. `chainkg viz query chain_leaders`."""
    from chainkg.viz.views import default_filename, render_query

    view = render_query(_workspace(ctx), name, _params(params), max_nodes=max_nodes or None)
    _viz_write(view, output, default_filename("query", name), open_)


# -- validate / stats -----------------------------------------------------------------------
@main.command()
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the messages.")
@click.pass_context
@_handle_errors
def validate(ctx: click.Context, lang: str) -> None:
    """Check the graph against the SHACL shapes; list violations (and warnings, which do
    not fail the check) in plain words. Exit status 1 when there is a violation."""
    from chainkg.ontology.validate import validate as run_validation

    with _workspace(ctx).rdf() as store:
        report = run_validation(store.dataset, lang=lang)
    for line in report.lines():
        click.echo(line)
    if report.conforms:
        warned = f" ({len(report.warnings)} warning(s))" if report.warnings else ""
        click.echo(f"the graph conforms to the chainkg shapes{warned}")
        return
    raise click.ClickException(f"{len(report.violations)} violation(s) of the chainkg shapes")


@main.command()
@format_option
@click.pass_context
@_handle_errors
def stats(ctx: click.Context, fmt: str) -> None:
    """Nodes per label and relationships per type, in both embedded stores."""
    from chainkg.graph.store import Rows
    from chainkg.queries.format import render

    ws = _workspace(ctx)
    with ws.property_graph() as pg:
        pg_counts = pg.counts()
    with ws.rdf() as rdf:
        rdf_counts = rdf.counts()
        quads = rdf.quad_count()
    manifest = ws.manifest()
    rows = Rows(["kind", "name", "property_graph", "rdf"])
    for name, n in pg_counts.items():
        rows.rows.append(("relationship" if name.isupper() else "node", name, n,
                          rdf_counts.get(name)))
    click.echo(render(rows, fmt))
    if fmt == "table":
        click.echo(f"\n{quads} quads; built {manifest['built']} from "
                   f"{len(manifest['sources'])} source documents")


# -- map ------------------------------------------------------------------------------------
@main.command("map")
@click.argument("park")
@click.argument("chain")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("chain-map.html"), show_default=True,
              help="The HTML chain map to write (self-contained, works offline).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Also write the 现状图 table (one row per segment) as CSV.")
@click.option("--engine", type=click.Choice(["cypher", "sparql", "neo4j"]), default="cypher",
              show_default=True, help="Which store answers the queries (as `query run`).")
@click.pass_context
@_handle_errors
def map_(ctx: click.Context, park: str, chain: str, output: Path, csv_path: Path | None,
         engine: str) -> None:
    """Draw a park's chain map (产业链现状图): covered segments, gaps, 补链 targets,
    derived vs claimed stance, e.g. `chainkg map 株洲高新区 新能源汽车 --csv status.csv`."""
    from chainkg.queries.chain_status import chain_status
    from chainkg.viz.chain_map import write_chain_map, write_status_csv

    with _store(ctx, engine) as store:
        status = chain_status(store, park, chain)
    click.echo(str(write_chain_map(status, output)))
    if csv_path is not None:
        click.echo(str(write_status_csv(status, csv_path)))


if __name__ == "__main__":  # pragma: no cover
    main()
