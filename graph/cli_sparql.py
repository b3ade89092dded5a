"""The `serve` and `push` commands; graph/cli.py registers them on the `labourkg` app.

    app.command("serve")(serve_command)
    app.command("push")(push_command)
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

err = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)


def _open_read_only(store: Optional[Path]):
    from labourkg.graph.store import KnowledgeGraph, StoreError
    try:
        return KnowledgeGraph.open(store, read_only=True)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}", markup=True)
        raise typer.Exit(1)


def serve_command(
        store: Optional[Path] = typer.Option(None, "--store", "-s", envvar="LABOURKG_STORE",
                                             help="Store directory (default: $LABOURKG_STORE or .labourkg/)."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
        port: int = typer.Option(7878, "--port", "-p", help="Port to listen on (0: any free port)."),
        timeout: float = typer.Option(10.0, "--timeout", help="Seconds a query may run before a 503."),
        max_rows: int = typer.Option(10000, "--max-rows", help="Rows sent at most per answer."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not log each request."),
) -> None:
    """Serve the graph read-only over SPARQL 1.1 (with a query page at /) until Ctrl+C."""
    from labourkg.graph.serve import serve

    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, format="%(message)s",
                        stream=sys.stderr)
    kg = _open_read_only(store)
    try:
        server = serve(kg, host, port, timeout, max_rows)
    except OSError as exc:
        kg.close()
        err.print(f"[red]error:[/red] cannot listen on {host}:{port}: {exc.strerror or exc}", markup=True)
        raise typer.Exit(1)
    for warning in server.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", markup=True)
    err.print(f"SPARQL endpoint: {server.url}sparql   query page: {server.url}   (Ctrl+C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        kg.close()


def push_command(
        endpoint: str = typer.Option(..., "--endpoint", "-e",
                                     help="SPARQL query endpoint of the remote store (counts the result)."),
        graph_store: Optional[str] = typer.Option(None, "--graph-store",
                                                  help="SPARQL Graph Store Protocol URL: PUT each article graph."),
        update_endpoint: Optional[str] = typer.Option(None, "--update-endpoint",
                                                      help="SPARQL Update URL (default: --endpoint), used "
                                                           "without --graph-store."),
        store: Optional[Path] = typer.Option(None, "--store", "-s", envvar="LABOURKG_STORE",
                                             help="Store directory (default: $LABOURKG_STORE or .labourkg/)."),
        user: Optional[str] = typer.Option(None, "--user", "-u", envvar="LABOURKG_REMOTE_USER",
                                           help="User name for the remote store."),
        password: Optional[str] = typer.Option(None, "--password", envvar="LABOURKG_REMOTE_PASSWORD",
                                               help="Password (or set $LABOURKG_REMOTE_PASSWORD)."),
        batch_size: int = typer.Option(10000, "--batch-size", help="Triples per request."),
        timeout: float = typer.Option(60.0, "--timeout", help="Seconds to wait for each request."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Copy every article graph to a remote SPARQL store, replacing the graphs it held."""
    from labourkg.graph.remote import RemoteError, push

    if user and password is None:
        password = typer.prompt(f"password for {user}", hide_input=True)
    auth = (user, password or "") if user else None
    kg = _open_read_only(store)
    show = not quiet and sys.stderr.isatty()

    def progress(event) -> None:
        if show:
            err.print(f"\r{event.done}/{event.total} graphs", end="")

    try:
        report = push(kg, endpoint, graph_store=graph_store, update_endpoint=update_endpoint,
                      batch_size=batch_size, progress=progress, auth=auth, timeout_s=timeout)
    except (RemoteError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}", markup=True)
        raise typer.Exit(1)
    finally:
        kg.close()
    if show:
        err.print()
    if not quiet:
        out.print(f"pushed {report.graphs} graphs, {report.triples} triples in {report.requests} "
                  f"requests ({report.method}); the endpoint now holds {report.remote_triples} "
                  f"triples in them")
