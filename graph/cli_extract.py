"""The `extract` and `load` commands; graph/cli.py registers them on the `labourkg` app.

    labourkg extract news/ --out shards/ [--jobs N] [--dask [--scheduler ADDRESS]]
    labourkg load shards/ --store DIR

`extract` needs no store: it writes N-Quads shards (graph/shards.py) that
`labourkg load`, `oxigraph load` or any SPARQL engine's bulk loader reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

err = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)


def _debug() -> bool:
    from labourkg.graph.cli import _state
    return _state["debug"]


def _say_failures(failures) -> None:
    from rich.markup import escape

    from labourkg.graph.ingest import printable
    for problem in failures:
        err.print(f"[red]failed:[/red] {escape(printable(str(problem)))}", markup=True,
                  highlight=False, soft_wrap=True)


def _error(exc: BaseException, code: int = 1) -> None:
    from rich.markup import escape

    from labourkg.graph.ingest import printable
    if _debug():
        raise exc
    err.print(f"[red]error:[/red] {escape(printable(str(exc)))}", markup=True, highlight=False)
    raise typer.Exit(code)


def extract_command(
        paths: list[Path] = typer.Argument(..., help="Files and folders of .txt, .html, .jsonl."),
        out_dir: Path = typer.Option(..., "--out", "-o", help="Folder for the N-Quads shards."),
        lexicon: list[Path] = typer.Option([], "--lexicon", help="Extra entities (TSV, organizations.tsv columns)."),
        jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0 = all cores); Dask workers with --dask."),
        shard_size: int = typer.Option(250, "--shard-size", help="Input files per shard (a .jsonl file counts once)."),
        prefix: str = typer.Option("shard", "--prefix", help="Shard file names: PREFIX-000000.nq (one per machine when several write to one folder)."),
        overwrite: bool = typer.Option(False, "--overwrite", help="Replace shards of the same prefix already in --out."),
        dask: bool = typer.Option(False, "--dask", help="Run on Dask (extra `distributed`): a local cluster of --jobs workers, or --scheduler."),
        scheduler: Optional[str] = typer.Option(None, "--scheduler", help="With --dask: address of a running Dask scheduler (tcp://host:8786)."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only failures."),
) -> None:
    """Extract articles to N-Quads shards, one named graph per article, without a store.

    Shards of the same inputs are byte-identical however they were made, and
    shards from several machines merge without conflicts (IRIs are deterministic).
    Load them with `labourkg load DIR`, `oxigraph load`, or any SPARQL engine.
    Exit status 1 when an input failed (the others are still written).
    """
    from labourkg.graph import shards

    try:
        if dask:
            report = _with_dask(paths, out_dir, lexicon, jobs, shard_size, prefix, overwrite, scheduler)
        else:
            report = shards.extract_shards(paths, out_dir, jobs=jobs, lexicon=lexicon,
                                           shard_size=shard_size, prefix=prefix, overwrite=overwrite)
    except KeyboardInterrupt:
        err.print("interrupted: the shards written so far are complete; run again with --overwrite")
        raise typer.Exit(130)
    except (ValueError, OSError, ImportError) as exc:
        _error(exc)
    _say_failures(report.failures)
    if not quiet:
        out.print(f"{report.articles} articles extracted, {report.quads} facts in "
                  f"{len(report.shards)} shards in {out_dir}, {len(report.failures)} failed"
                  + (f", {report.duplicates} repeated (the later kept)" if report.duplicates else ""),
                  markup=False)
    if report.failures:
        raise typer.Exit(1)


def _with_dask(paths, out_dir, lexicon, jobs, shard_size, prefix, overwrite, scheduler):
    from labourkg.graph.shards import extract_with_dask
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ImportError("--dask needs Dask: pip install 'labourkg[distributed]'") from exc
    if scheduler:
        with Client(scheduler) as client:
            return extract_with_dask(paths, out_dir, client, lexicon=lexicon, shard_size=shard_size,
                                     prefix=prefix, overwrite=overwrite)
    from labourkg.graph.ingest import default_jobs
    workers = jobs or default_jobs()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        return extract_with_dask(paths, out_dir, client, lexicon=lexicon, shard_size=shard_size,
                                 prefix=prefix, overwrite=overwrite)


def load_command(
        sources: list[Path] = typer.Argument(..., help="Shard files (.nq) or folders of them."),
        store: Optional[Path] = typer.Option(None, "--store", "-s", envvar="LABOURKG_STORE",
                                             help="Store directory (default: $LABOURKG_STORE or .labourkg/)."),
        force: bool = typer.Option(False, "--force", help="Rewrite article graphs even when unchanged."),
        wait: bool = typer.Option(False, "--wait", help="If another ingest holds the store, wait for it."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only failures."),
) -> None:
    """Load N-Quads shards (from `labourkg extract`) into the store, as an ingest would."""
    from labourkg.graph.shards import load_shards
    from labourkg.graph.store import KnowledgeGraph, StoreError

    try:
        kg = KnowledgeGraph.open(store, wait=wait)
    except StoreError as exc:
        _error(exc)
    try:
        report = load_shards(kg, sources, force=force)
    except KeyboardInterrupt:
        err.print("interrupted: the article graphs loaded so far are complete; run the same load again")
        raise typer.Exit(130)
    except (ValueError, OSError, StoreError) as exc:
        _error(exc)
    finally:
        kg.close()
    _say_failures(report.failures)
    if not quiet:
        out.print(f"{report.articles} articles loaded, {report.unchanged} unchanged, "
                  f"{report.quads} facts written, {len(report.failures)} failed", markup=False)
    if report.failures:
        raise typer.Exit(1)
