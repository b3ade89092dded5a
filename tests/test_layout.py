"""The precomputed layout: its neighbour search against brute force, and its spread."""

from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
import pytest

from labourkg.graph.layout import _CELL, _near_pairs, positions


@pytest.mark.parametrize("seed", range(6))
def test_near_pairs_finds_every_close_pair_once(seed):
    rng = random.Random(seed)
    n = rng.randrange(2, 400)
    spread = rng.choice([0.5, 5.0, 40.0])                       # crowded cells and sparse ones
    x = np.array([rng.uniform(-spread, spread) for _ in range(n)])
    y = np.array([rng.uniform(-spread, spread) for _ in range(n)])
    x[: n // 10] = x[0]                                         # some nodes on the same spot
    y[: n // 10] = y[0]
    first, second = _near_pairs(x, y)
    found = [tuple(sorted(p)) for p in zip(first.tolist(), second.tolist())]
    assert len(found) == len(set(found))                         # each pair once
    assert all(a != b for a, b in found)
    close = {(i, j) for i in range(n) for j in range(i + 1, n)
             if math.hypot(x[i] - x[j], y[i] - y[j]) < _CELL}
    assert close <= set(found)                                    # nothing within reach is missed
    cells = np.floor(np.stack([x, y], 1) / _CELL).astype(int)
    assert all(np.abs(cells[i] - cells[j]).max() <= 1 for i, j in found)   # only neighbouring cells


def test_large_layout_keeps_nodes_apart_and_edges_short():
    graph = nx.random_geometric_graph(3000, 0.03, seed=3)
    graph = graph.subgraph(max(nx.connected_components(graph), key=len)).copy()
    first = positions(graph)
    assert first == positions(graph)
    coords = np.array([first[n] for n in graph])
    assert len({tuple(c) for c in coords.tolist()}) == len(graph)
    edges = np.array([math.dist(first[u], first[v]) for u, v in graph.edges()])
    assert np.median(edges) < 3 * 150                            # within a few edge lengths of 150 px
    extent = coords.max(0) - coords.min(0)
    assert extent.min() > 0.2 * extent.max()                      # a disc, not a line
