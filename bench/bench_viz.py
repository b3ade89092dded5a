"""How long writing the network page takes, and how big it is.

Builds synthetic labour-diplomacy-shaped graphs (1k and 5k nodes, with labels,
aliases, evidence and sources like `to_networkx` gives), times
`labourkg.graph.viz.render_html` + writing the file (and, separately, the layout
it includes), and for 1k nodes compares with pyvis's own path
(Network.add_node/add_edge + write_html, which computes no layout: pyvis leaves
that to the browser's physics) measured in the same run. Prints a Markdown
table. Not a test.

    .venv/bin/python bench/bench_viz.py [--sizes 1000 5000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

# type -> share of the nodes
_MIX = {"article": 0.22, "official": 0.22, "role": 0.15, "agency": 0.14, "country": 0.02,
        "international": 0.01, "programme": 0.01, "agreement": 0.1, "meeting": 0.13}


def synthetic_graph(n: int, seed: int = 7) -> nx.MultiDiGraph:
    """A graph of about `n` nodes shaped like the labourkg full view."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    by_type: dict[str, list[str]] = {}
    for kind, share in _MIX.items():
        for i in range(max(1, int(n * share))):
            node = f"https://w3id.org/labourkg/id/{kind}/{i}"
            name = f"{kind.title()} {i} {rng.choice(['Jakarta', 'Tokyo', 'Seoul', 'Riyadh', 'Geneva'])}"
            graph.add_node(node, label=name, labels={"id": name, "en": f"{name} (en)"},
                           aliases=[f"{kind[:3].upper()}{i}"], type=kind,
                           dates=[f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"],
                           date=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                           sources=[f"article-{rng.randrange(10_000)}.txt"],
                           evidence=[f"Kalimat bukti nomor {i} tentang {name} yang cukup panjang."])
            by_type.setdefault(kind, []).append(node)

    def link(u, v, rel):
        graph.add_edge(u, v, key=rel, relation=rel, weight=1, sources=["article-1.txt"])

    orgs = by_type["agency"] + by_type["international"] + by_type["programme"]
    for agency in by_type["agency"]:
        link(agency, rng.choice(by_type["country"]), "country")
    for i, role in enumerate(by_type["role"]):
        link(role, rng.choice(by_type["agency"]), "postIn")
        link(by_type["official"][i % len(by_type["official"])], role, "holds")
    for agreement in by_type["agreement"]:
        for org in rng.sample(orgs, 2):
            link(agreement, org, "party")
        link(agreement, rng.choice(by_type["official"]), "signatory")
    for meeting in by_type["meeting"]:
        for org in rng.sample(orgs, 2):
            link(meeting, org, "participant")
        for person in rng.sample(by_type["official"], 2):
            link(meeting, person, "attendee")
    facts = by_type["official"] + by_type["agreement"] + by_type["meeting"] + orgs
    for article in by_type["article"]:
        for target in rng.sample(facts, 4):
            link(article, target, "mentions")
    return graph


def time_labourkg(graph: nx.MultiDiGraph, dest: Path) -> tuple[float, float, int]:
    """Seconds to write the page, seconds of that spent on the layout, bytes."""
    from labourkg.graph.layout import positions
    from labourkg.graph.viz import render_html

    start = time.perf_counter()
    positions(graph)
    layout = time.perf_counter() - start
    start = time.perf_counter()
    dest.write_text(render_html(graph, title="bench"), encoding="utf-8")
    return time.perf_counter() - start, layout, dest.stat().st_size


def time_pyvis(graph: nx.MultiDiGraph, dest: Path) -> tuple[float, int]:
    """pyvis's documented path: add_node/add_edge one by one, then write_html."""
    from pyvis.network import Network

    start = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line")
    ids = {node: i for i, node in enumerate(graph)}
    for node, attrs in graph.nodes(data=True):
        net.add_node(ids[node], label=attrs["label"], title=attrs["label"], group=attrs["type"])
    for u, v, attrs in graph.edges(data=True):
        net.add_edge(ids[u], ids[v], title=attrs["relation"])
    with contextlib.redirect_stdout(sys.stderr):
        net.write_html(str(dest))
    return time.perf_counter() - start, dest.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--keep", type=Path, help="write the pages into this folder")
    args = parser.parse_args(argv)
    import pyvis.network  # noqa: F401  (its import, IPython included, is not what is timed)
    import labourkg.graph.viz  # noqa: F401
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            graph = synthetic_graph(size)
            seconds, layout, nbytes = time_labourkg(graph, out / f"labourkg-{size}.html")
            row = [f"{graph.number_of_nodes():,}", f"{graph.number_of_edges():,}",
                   f"{seconds:.2f}", f"{layout:.2f}", f"{nbytes / 1024:,.0f}", "", "", ""]
            if size <= 1000:
                cwd = os.getcwd()
                os.chdir(tmp)   # pyvis writes a lib/ folder into the working directory
                try:
                    p_seconds, p_bytes = time_pyvis(graph, Path(tmp) / f"pyvis-{size}.html")
                finally:
                    os.chdir(cwd)
                row[5:] = [f"{p_seconds:.2f}", f"{p_bytes / 1024:,.0f}", f"{seconds / p_seconds:.1f}x"]
            rows.append(row)
    head = ["nodes", "edges", "labourkg write (s)", "of which layout (s)", "labourkg size (KiB)",
            "pyvis write (s)", "pyvis size (KiB)", "labourkg / pyvis time"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" for _ in head) + "|")
    for row in rows:
        print("| " + " | ".join(cell or "–" for cell in row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
