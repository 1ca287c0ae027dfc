"""The ``chainkg`` command line: parse options, call one library function, print.

Library errors (:class:`chainkg.errors.ChainKGError`) become a one-line ``Error: …`` and
exit status 1; usage errors keep click's exit status 2. Only click is imported at start-up:
every command imports what it needs, so ``chainkg --help`` answers at once.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Any, Callable, TypeVar

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
@click.pass_context
@_handle_errors
def build(ctx: click.Context, paths: tuple[Path, ...], seed: bool | None) -> None:
    """Build the graph from curated tables (YAML/CSV) into the workspace.

    With no PATHS, builds the bundled seed dataset: the facts of five articles on
    Hunan parks. The previous graph stays live until the new one is complete.
    """
    from chainkg.loaders import SEED_DIR
    from chainkg.loaders.tables import load_tables

    inputs = list(paths)
    if seed or (seed is None and not paths):
        inputs.insert(0, SEED_DIR)
    facts = load_tables(inputs)
    progress = _progress("build")
    manifest = _workspace(ctx).build(facts, progress=progress,
                                     inputs=[str(p) for p in inputs])
    progress.finish()
    counts = manifest["counts"]
    nodes = sum(v for k, v in counts.items() if not k.isupper())
    rels = sum(v for k, v in counts.items() if k.isupper())
    click.echo(f"built {ctx.obj['workspace']}: {nodes} nodes, {rels} relationships, "
               f"{manifest['quads']} quads from {len(manifest['sources'])} source documents")


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
        click.echo(f"{q.name:<24} {q.title_zh} / {q.title_en}" + (f"  [{params}]" if params else ""))


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
        text = store.serialize(fmt, vocabulary=vocabulary)
    if output is None:
        click.echo(text, nl=False)
        return
    tmp = output.with_name(output.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, output)
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
@click.pass_context
@_handle_errors
def push_neo4j(ctx: click.Context, uri: str, user: str | None, password: str | None,
               database: str | None, schema: bool) -> None:
    """MERGE the graph into Neo4j in batches (re-running is safe: nothing duplicates)."""
    from chainkg.graph.neo4j_store import Neo4jStore

    facts = _workspace(ctx).facts()
    progress = _progress("push")
    with Neo4jStore(uri=uri, user=user, password=password, database=database) as store:
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


# -- validate / stats -----------------------------------------------------------------------
@main.command()
@click.pass_context
@_handle_errors
def validate(ctx: click.Context) -> None:
    """Check the graph against the SHACL shapes; list violations in plain words."""
    from chainkg.ontology.validate import validate as run_validation

    with _workspace(ctx).rdf() as store:
        report = run_validation(store.dataset)
    if report.conforms:
        click.echo("the graph conforms to the chainkg shapes")
        return
    for line in report.lines():
        click.echo(line)
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


if __name__ == "__main__":  # pragma: no cover
    main()
