"""The `labourkg` command: each verb opens the KnowledgeGraph, calls one method, prints.

Library errors become a one-line message on stderr and a non-zero exit status;
`--debug` shows the traceback instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="labourkg: a knowledge graph of labour diplomacy built from news articles.")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)

StoreOpt = typer.Option(None, "--store", "-s", envvar="LABOURKG_STORE",
                        help="Store directory (default: $LABOURKG_STORE or .labourkg/).")
_state = {"debug": False}


@app.callback()
def _main(debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors.")) -> None:
    _state["debug"] = debug


def _fail(exc: BaseException, code: int = 1) -> None:
    if _state["debug"]:
        raise exc
    from rich.markup import escape
    err.print(f"[red]error:[/red] {escape(str(exc))}", markup=True, highlight=False)
    raise typer.Exit(code)


def _open(store: Optional[Path], read_only: bool, wait: bool = False):
    from labourkg.graph.store import KnowledgeGraph, StoreError
    try:
        return KnowledgeGraph.open(store, read_only=read_only, wait=wait)
    except StoreError as exc:
        _fail(exc)


def _params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            _fail(ValueError(f"--param {pair!r}: write KEY=VALUE"), 2)
        params[key.strip()] = value
    return params


@app.command()
def ingest(paths: list[Path] = typer.Argument(..., help="Files and folders of .txt, .html, .jsonl."),
           store: Optional[Path] = StoreOpt,
           lexicon: list[Path] = typer.Option([], "--lexicon", help="Extra entities (TSV, organizations.tsv columns)."),
           force: bool = typer.Option(False, "--force", help="Re-extract articles even when unchanged."),
           jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0 = all cores when there is enough work)."),
           wait: bool = typer.Option(False, "--wait", help="If another ingest holds the store, wait for it."),
           strict: bool = typer.Option(False, "--strict/--keep-going",
                                       help="--keep-going (default): report inputs that fail, ingest the rest. "
                                            "--strict: stop at the first failure; the articles before it are "
                                            "stored, none after it. Either way the exit status is 1 when "
                                            "anything failed."),
           quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only failures.")) -> None:
    """Read articles into the store, one named graph per article (re-ingest replaces).

    Every input that cannot be used is named (file:line) with the reason; the
    store keeps what it had for it. Exit status: 0 all ingested, 1 something
    failed (or the store could not be opened), 130 interrupted.
    """
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from labourkg.graph.ingest import printable, run_ingest
    from labourkg.graph.store import StoreError
    from labourkg.loaders.read import iter_inputs

    kg = _open(store, read_only=False, wait=wait)
    show = sys.stderr.isatty() and not quiet
    options = dict(lexicon=lexicon, force=force, jobs=jobs, strict=strict, debug=_state["debug"])
    try:
        if show:
            total = sum(1 for _ in iter_inputs(paths))
            with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                          TextColumn("{task.description}"), TimeElapsedColumn(),
                          console=err, transient=True) as bar:
                task = bar.add_task("", total=total)
                report = run_ingest(kg, paths, **options,
                                    progress=lambda ev: bar.update(
                                        task, completed=min(ev.done, total),
                                        description=escape(printable(ev.source[-40:]))))
        else:
            report = run_ingest(kg, paths, **options)
    except KeyboardInterrupt:
        err.print("interrupted: the articles stored so far are complete; run the same ingest "
                  "again to finish", highlight=False)
        raise typer.Exit(130)
    except Exception as exc:
        if _state["debug"]:
            raise
        text = str(exc) if isinstance(exc, (ValueError, OSError, StoreError)) else \
            f"unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)"
        _fail(RuntimeError(printable(text)))
    finally:
        kg.close()
    for problem in report.failures:
        err.print(f"[red]failed:[/red] {escape(printable(str(problem)))}", markup=True, highlight=False,
                  soft_wrap=True)                       # one line per failure, for grep and logs
    if strict and report.failures:
        err.print("stopped at the first failure (--strict): the inputs after it were not ingested",
                  highlight=False)
    if not quiet:
        out.print(f"{report.articles} articles ingested, {report.unchanged} unchanged, "
                  f"{report.quads} facts written, {len(report.failures)} failed", markup=False)
    if report.failures:
        raise typer.Exit(1)


@app.command()
def query(question: str = typer.Argument(..., help="A named question, a .rq file, or SPARQL text."),
          store: Optional[Path] = StoreOpt,
          param: list[str] = typer.Option([], "--param", "-p", help="KEY=VALUE, bound as an RDF term."),
          format: str = typer.Option("table", "--format", "-f", help="table, csv, tsv, json, xml (turtle for CONSTRUCT)."),
          endpoint: Optional[str] = typer.Option(None, "--endpoint", "-e", help="Ask this remote SPARQL endpoint instead of the store."),
          user: Optional[str] = typer.Option(None, "--user", "-u", envvar="LABOURKG_REMOTE_USER", help="User for the remote endpoint."),
          password: Optional[str] = typer.Option(None, "--password", envvar="LABOURKG_REMOTE_PASSWORD", help="Password for the remote endpoint."),
          ) -> None:
    """Ask a question of the graph (or of a remote endpoint with --endpoint)."""
    from labourkg.graph.query import QueryError
    from labourkg.graph.remote import RemoteError, remote_query
    kg = None if endpoint else _open(store, read_only=True)
    try:
        if endpoint:
            result = remote_query(endpoint, question, _params(param),
                                  auth=(user, password or "") if user else None)
        else:
            result = kg.query(question, **_params(param))
        if format == "table" and result.triples is None and result.boolean is None:
            _print_table(result)
        elif format == "table":
            out.print(result.serialize("turtle" if result.triples is not None else "json"), markup=False)
        else:
            sys.stdout.write(result.serialize(format))
    except (QueryError, RemoteError) as exc:
        _fail(exc, 2)
    finally:
        if kg is not None:
            kg.close()


def _print_table(result) -> None:
    from rich.table import Table
    table = Table(*result.vars, show_lines=False)
    for row in result.rows:
        table.add_row(*["" if row[v] is None else row[v] for v in result.vars])
    out.print(table)
    out.print(f"{len(result)} rows")


@app.command("queries")
def list_queries() -> None:
    """List the named questions with their summaries and parameters."""
    from rich.table import Table

    from labourkg.graph.query import named_queries
    table = Table("name", "summary", "parameters")
    for name, nq in named_queries().items():
        params = ", ".join(p.name + ("" if p.required else "?") + f" ({p.type})" for p in nq.params)
        table.add_row(name, nq.summary, params)
    out.print(table)


@app.command()
def export(store: Optional[Path] = StoreOpt,
           format: Optional[str] = typer.Option(None, "--format", "-f",
                                                help="turtle, trig, nquads, ntriples, jsonld, rdfxml, or graphml, gexf "
                                                     "for network tools (default: from -o suffix, else turtle)."),
           output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: stdout)."),
           view: Optional[str] = typer.Option(None, "--view", help="graphml/gexf: full (default), organizations, people or agreements."),
           since: Optional[str] = typer.Option(None, "--since", help="graphml/gexf: only facts on or after YYYY-MM-DD."),
           until: Optional[str] = typer.Option(None, "--until", help="graphml/gexf: only facts on or before YYYY-MM-DD.")) -> None:
    """Export the graph: Turtle/JSON-LD merged, TriG/N-Quads with one graph per article,
    GraphML/GEXF (a network view, for Gephi or Cytoscape)."""
    from labourkg.graph.export_network import network_format
    network = network_format(output, format)
    if network is None and (view or since or until):
        _fail(ValueError("--view, --since and --until apply to --format graphml or gexf"), 2)
    kg = _open(store, read_only=True)
    try:
        if network:
            data = kg.export_network(output, network, view or "full", since, until)
        else:
            data = kg.export(output, format or ("turtle" if output is None else None))
    except (ValueError, OSError) as exc:
        _fail(exc, 2)
    finally:
        kg.close()
    if data is not None:
        sys.stdout.buffer.write(data)
    else:
        err.print(f"wrote {output}")


@app.command()
def viz(store: Optional[Path] = StoreOpt,
        output: Path = typer.Option(Path("network.html"), "-o", "--output", help="HTML file to write."),
        focus: Optional[str] = typer.Option(None, "--focus", help="Centre on this entity (any name or alias)."),
        depth: int = typer.Option(2, "--depth", help="Hops around --focus."),
        max_nodes: int = typer.Option(2000, "--max-nodes", help="Trim to this many nodes (by degree)."),
        query: Optional[str] = typer.Option(None, "--query", help="Only the entities a named question returns."),
        since: Optional[str] = typer.Option(None, "--since", help="Only facts on or after YYYY-MM-DD."),
        until: Optional[str] = typer.Option(None, "--until", help="Only facts on or before YYYY-MM-DD."),
        partner: Optional[str] = typer.Option(None, "--partner", help="Only what involves this partner."),
        hide_articles: bool = typer.Option(False, "--hide-articles", help="Leave article nodes out."),
        view: str = typer.Option("full", "--view", help="full, organizations, people or agreements.")) -> None:
    """Draw the graph as one self-contained interactive HTML file."""
    import warnings

    from labourkg.graph.viz import TrimmedWarning
    kg = _open(store, read_only=True)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", TrimmedWarning)
            path = kg.to_html(output, focus=focus, depth=depth, max_nodes=max_nodes, since=since,
                              until=until, partner=partner, query=query,
                              hide_articles=hide_articles, view=view)
    except (ValueError, OSError) as exc:
        _fail(exc, 2)
    finally:
        kg.close()
    for w in caught:
        if issubclass(w.category, TrimmedWarning):
            err.print(str(w.message))
    err.print(f"wrote {path}")


@app.command()
def stats(store: Optional[Path] = StoreOpt,
          format: str = typer.Option("table", "--format", "-f", help="table or json.")) -> None:
    """Count articles, entities by type and triples."""
    import json
    kg = _open(store, read_only=True)
    try:
        counts = kg.stats()
    finally:
        kg.close()
    if format == "json":
        out.print(json.dumps(counts, indent=2), markup=False)
        return
    from rich.table import Table
    table = Table("what", "count")
    for key, value in counts.items():
        table.add_row(key, str(value))
    out.print(table)


@app.command()
def validate(store: Optional[Path] = StoreOpt) -> None:
    """Check the graph against the SHACL shapes in the ontology."""
    kg = _open(store, read_only=True)
    try:
        report = kg.validate()
    finally:
        kg.close()
    if report.conforms:
        out.print("the graph conforms to the labourkg SHACL shapes")
        return
    out.print(report.text, markup=False)
    raise typer.Exit(1)


from labourkg.graph.cli_sparql import push_command, serve_command  # noqa: E402

app.command("serve")(serve_command)
from labourkg.graph.cli_extract import extract_command, load_command  # noqa: E402

app.command("extract")(extract_command)
app.command("load")(load_command)
app.command("push")(push_command)

from labourkg.graph.cli_analysis import analyze_command, plot_command  # noqa: E402

app.command("analyze")(analyze_command)
app.command("plot")(plot_command)


def main() -> None:
    """Entry point of the `labourkg` script."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app(prog_name="labourkg")


if __name__ == "__main__":
    main()
