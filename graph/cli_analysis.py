"""The `analyze` and `plot` commands; graph/cli.py registers them on the `labourkg` app.

    app.command("analyze")(analyze_command)
    app.command("plot")(plot_command)

Each opens the store read-only, calls one library function and prints or saves
what comes back. graph/cli.py is imported inside the functions: it imports this
module at its end, so a module-level import would be circular.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

_STORE = typer.Option(None, "--store", "-s", envvar="LABOURKG_STORE",
                      help="Store directory (default: $LABOURKG_STORE or .labourkg/).")
_VIEW = typer.Option("organizations", "--view", help="full, organizations, people or agreements.")
_SINCE = typer.Option(None, "--since", help="Only agreements and meetings on or after YYYY-MM-DD.")
_UNTIL = typer.Option(None, "--until", help="Only agreements and meetings on or before YYYY-MM-DD.")
_HOME = typer.Option(None, "--home", help="Whose partners to rank (default Indonesia; '' for no home side).")
_SEED = typer.Option(42, "--seed", help="Seed of the community detection (same seed, same answer).")
_COMMUNITIES = typer.Option("louvain", "--communities", help="louvain or greedy (modularity).")
TABLE_ROWS = 20      # rows a terminal table shows without --top


def _fail(exc: BaseException, code: int) -> None:
    from labourkg.graph import cli
    cli._fail(exc, code)


def analyze_command(
        store: Optional[Path] = _STORE,
        view: str = _VIEW,
        since: Optional[str] = _SINCE,
        until: Optional[str] = _UNTIL,
        home: Optional[str] = _HOME,
        seed: int = _SEED,
        communities: str = _COMMUNITIES,
        by: str = typer.Option("weighted_degree", "--by",
                               help="Sort nodes by degree, weighted_degree, betweenness or eigenvector."),
        top: Optional[int] = typer.Option(None, "--top", help="Rows of the node and partner tables."),
        table: str = typer.Option("all", "--table", help="all, nodes, partners, communities, years, partner_years."),
        format: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
        output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: stdout)."),
) -> None:
    """Centrality, partner rankings, communities and time series of a network view."""
    from labourkg.graph import cli
    from labourkg.graph.analyze import TABLES

    name = table.replace("-", "_")
    if name != "all" and name not in TABLES:
        _fail(ValueError(f"--table {table!r}: choose all or one of {', '.join(TABLES)}"), 2)
    if format not in ("table", "csv", "json"):
        _fail(ValueError(f"--format {format!r}: choose table, csv or json"), 2)
    kg = cli._open(store, read_only=True)
    try:
        result = kg.analyze(view=view, since=since, until=until, home=home, seed=seed,
                            communities=communities, top=top, by=by)
    except ValueError as exc:
        _fail(exc, 2)
    finally:
        kg.close()
    names = list(TABLES) if name == "all" else [name]
    if format == "table":
        _print_tables(cli.out, result, names, top)
        return
    if format == "json":
        data = result.to_dict()
        if name != "all":
            data = {k: v for k, v in data.items() if k not in TABLES or k == name}
        import json
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = result.to_csv(None if name == "all" else name)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        cli.err.print(f"wrote {output}")


def plot_command(
        kind: str = typer.Argument(..., help="timeline, partners or centrality."),
        output: Path = typer.Option(..., "-o", "--output", help="Image to write: .png, .svg or .pdf."),
        store: Optional[Path] = _STORE,
        view: str = _VIEW,
        since: Optional[str] = _SINCE,
        until: Optional[str] = _UNTIL,
        home: Optional[str] = _HOME,
        seed: int = _SEED,
        communities: str = _COMMUNITIES,
        top: int = typer.Option(10, "--top", help="Partners or nodes drawn."),
        measure: str = typer.Option("betweenness", "--measure",
                                    help="centrality: degree, weighted_degree, betweenness or eigenvector."),
) -> None:
    """Draw a chart: partners over time, top partners, or centrality bars (needs labourkg[plot])."""
    from labourkg.graph import cli
    from labourkg.graph.plot import PlotDependencyError

    kg = cli._open(store, read_only=True)
    try:
        path = kg.plot(kind, output, view=view, since=since, until=until, home=home, seed=seed,
                       communities=communities, top=top, measure=measure)
    except PlotDependencyError as exc:
        _fail(exc, 1)
    except (ValueError, OSError) as exc:
        _fail(exc, 2)
    finally:
        kg.close()
    cli.err.print(f"wrote {path}")


# -- terminal tables ---------------------------------------------------------------------------


def _name(label: str, label_en: Optional[str]):
    """The name, with the English one dimmed under it when it differs (as Text: no markup)."""
    from rich.text import Text
    text = Text(label)
    if label_en and label_en.casefold() != label.casefold():
        text.append(f"\n({label_en})", style="dim")
    return text


def _number(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) and not value.is_integer() else f"{value:g}"


def _table(title: str, *columns: str):
    """A table whose name column wraps and whose other columns never do."""
    from rich.table import Table
    table = Table(title=title, title_justify="left")
    for col in columns:
        if col in ("name", "partner", "members", "best connected"):
            table.add_column(col, min_width=22, ratio=1)
        else:
            table.add_column(col, no_wrap=True, justify="left" if col in ("type", "country", "year") else "right")
    return table


def _print_tables(console, result, names: list[str], top: Optional[int]) -> None:
    limit = top or TABLE_ROWS
    home = (f"home side {result.home_label} ({len(result.home_side)} bodies)" if result.home
            else "no home side")
    sample = ("exact" if result.betweenness_sample is None
              else f"estimated from {result.betweenness_sample} sources")
    window = " ".join(x for x in (f"since {result.since}" if result.since else "",
                                  f"until {result.until}" if result.until else "") if x)
    console.print(f"{result.view} view{' ' + window if window else ''} · {home} · "
                  f"{result.community_method} communities (seed {result.seed}), "
                  f"modularity {result.modularity:.3f} · betweenness {sample}")

    def show(table, rows: list, shown: int, what: str) -> None:
        if not rows:
            console.print(f"{table.title}: no {what}")
            return
        console.print(table)
        if len(rows) > shown:
            console.print(f"… {len(rows) - shown} more rows (--top N, or --format csv for all)")

    if "nodes" in names:
        table = _table("Centrality", "#", "name", "type", "deg", "w.deg", "betw.", "eigen", "comm.")
        for i, n in enumerate(result.nodes[:limit], 1):
            table.add_row(str(i), _name(n.label, n.label_en), n.type, str(n.degree),
                          _number(n.weighted_degree), f"{n.betweenness:.3f}", f"{n.eigenvector:.3f}",
                          str(n.community))
        show(table, result.nodes, limit, "nodes")
    if "partners" in names:
        table = _table(f"Partners of {result.home_label or 'anyone'}", "#", "partner", "country",
                       "agr.", "meet.", "total", "first", "last")
        for p in result.partners[:limit]:
            table.add_row(str(p.rank), _name(p.label, p.label_en), p.country or "",
                          str(p.agreements), str(p.meetings), str(p.total), p.first or "", p.last or "")
        show(table, result.partners, limit, "partners (no agreement or meeting with the home side)")
    if "communities" in names:
        table = _table("Communities", "#", "size", "best connected", "members")
        for c in result.communities:
            members = ", ".join(c.members[:8]) + (f", … (+{c.size - 8})" if c.size > 8 else "")
            table.add_row(str(c.community), str(c.size), c.hub, members)
        show(table, result.communities, len(result.communities), "communities")
    if "years" in names:
        table = _table("Agreements and meetings per year", "year", "agreements", "meetings", "total")
        for y in result.years:
            table.add_row(y.year, str(y.agreements), str(y.meetings), str(y.total))
        show(table, result.years, len(result.years), "agreements or meetings")
    if "partner_years" in names:
        shown = {p.partner for p in result.partners[:limit]}
        rows = [r for r in result.partner_years if r.partner in shown]
        table = _table("Per partner and year", "partner", "year", "agreements", "meetings")
        for r in rows:
            table.add_row(r.label, r.year, str(r.agreements), str(r.meetings))
        show(table, rows, len(rows), "partners")
