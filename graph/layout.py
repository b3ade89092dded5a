"""Node positions for the network page, computed before it is written so the page is still.

Each connected part is laid out by force (Fruchterman-Reingold, started from a
radial tree so that few iterations settle it), then the parts are packed in rows,
largest first. The force steps are numpy array operations: repulsion is cut off
at two edge lengths and found through a grid of that size, so an iteration is
linear in the nodes (5,000 nodes in a fraction of a second, where the same loop
in Python took two). Sums go through `np.bincount`, which adds in index order,
so the same graph gets the same positions on any machine.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

EXACT_UPTO = 120          # below this, every pair repels (the best-looking small graphs)
WORK_BUDGET = 2_500_000   # pair checks per component, split over the iterations
_CELL = 2.0               # repulsion cut-off and grid cell, in edge lengths


def positions(graph: nx.Graph, *, scale: float = 150.0) -> dict:
    """Node -> (x, y) in pixels, deterministic; `scale` is the edge length."""
    nodes = list(graph)
    index = {n: i for i, n in enumerate(nodes)}
    adj: list[set[int]] = [set() for _ in nodes]
    for u, v in graph.edges():
        if u != v:
            i, j = index[u], index[v]
            adj[i].add(j)
            adj[j].add(i)
    nbrs = [sorted(a) for a in adj]
    parts = []
    for comp in _components(nbrs):
        local = {g: l for l, g in enumerate(comp)}
        ladj = [[local[j] for j in nbrs[g]] for g in comp]
        xs, ys = _spring(*_radial(ladj), ladj)
        parts.append((comp, xs, ys))
    out = {}
    for comp, xs, ys in _pack(parts):
        for g, x, y in zip(comp, xs, ys):
            out[nodes[g]] = (round(x * scale, 1), round(y * scale, 1))
    return out


def _components(nbrs: list[list[int]]) -> list[list[int]]:
    seen = [False] * len(nbrs)
    comps = []
    for start in range(len(nbrs)):
        if seen[start]:
            continue
        seen[start] = True
        comp = [start]
        for u in comp:
            for v in nbrs[u]:
                if not seen[v]:
                    seen[v] = True
                    comp.append(v)
        comps.append(sorted(comp))
    comps.sort(key=lambda c: (-len(c), c[0]))
    return comps


def _radial(adj: list[list[int]]) -> tuple[list[float], list[float]]:
    """A BFS tree from the best-connected node on rings, wedges sized by leaves."""
    n = len(adj)
    if n == 1:
        return [0.0], [0.0]
    root = max(range(n), key=lambda i: (len(adj[i]), -i))
    depth = [-1] * n
    depth[root] = 0
    children: list[list[int]] = [[] for _ in range(n)]
    order = [root]
    for u in order:
        for v in adj[u]:
            if depth[v] < 0:
                depth[v] = depth[u] + 1
                children[u].append(v)
                order.append(v)
    leaves = [1] * n
    for u in reversed(order):
        if children[u]:
            leaves[u] = sum(leaves[c] for c in children[u])
    # radius grows with the square root of the BFS rank: an even disc of about the
    # area n nodes need, hubs in the middle, each subtree in its own wedge
    rank = {u: r for r, u in enumerate(order)}
    start = [0.0] * n
    span = [0.0] * n
    span[root] = 2 * math.pi
    xs, ys = [0.0] * n, [0.0] * n
    for u in order:
        a = start[u]
        for c in children[u]:
            start[c] = a
            span[c] = span[u] * leaves[c] / leaves[u]
            a += span[c]
        theta = start[u] + span[u] / 2
        r = 0.9 * math.sqrt(rank[u] + (0.5 if rank[u] else 0.0)) + (0.6 if rank[u] else 0.0)
        xs[u] = r * math.cos(theta)
        ys[u] = r * math.sin(theta)
    return xs, ys


def _spring(xs: list[float], ys: list[float], adj: list[list[int]]) -> tuple[list[float], list[float]]:
    """Fruchterman-Reingold with ideal edge length 1."""
    n = len(xs)
    if n < 3:
        return ([-0.5, 0.5], [0.0, 0.0]) if n == 2 else (xs, ys)
    ei = np.array([i for i in range(n) for j in adj[i] if i < j], dtype=np.int64)
    ej = np.array([j for i in range(n) for j in adj[i] if i < j], dtype=np.int64)
    exact = n <= EXACT_UPTO
    per_iteration = (n * n / 2 if exact else n * 60) + len(ei)
    iterations = max(25, min(200, int(WORK_BUDGET / per_iteration)))
    extent = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    temperature = max(1.0, min(extent / 10, 6.0))
    cooling = temperature / (iterations + 1)
    x = np.array(xs, dtype=np.float64)
    y = np.array(ys, dtype=np.float64)
    spread = None if exact else _rms(x, y)
    all_pairs = np.triu_indices(n, 1) if exact else None
    for _ in range(iterations):
        pi, pj = all_pairs if exact else _near_pairs(x, y)
        dx, dy = _repel(x, y, pi, pj, n, cut2=math.inf if exact else _CELL * _CELL)
        ex = x[ei] - x[ej]
        ey = y[ei] - y[ej]
        d = np.sqrt(ex * ex + ey * ey)
        dx -= _sum_at(ei, ex * d, n) - _sum_at(ej, ex * d, n)
        dy -= _sum_at(ei, ey * d, n) - _sum_at(ej, ey * d, n)
        length = np.sqrt(dx * dx + dy * dy)
        over = length > temperature
        f = np.where(over, temperature / np.where(over, length, 1.0), 1.0)
        x += dx * f
        y += dy * f
        temperature -= cooling
        if spread is not None:
            # repulsion cut off at 2 edge lengths cannot hold back thousands of long
            # edges: keep the starting density, or the middle collapses onto itself
            _rescale(x, y, spread)
    return x.tolist(), y.tolist()


def _sum_at(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(index, weights=values, minlength=n)


def _repel(x, y, pi, pj, n: int, cut2: float) -> tuple[np.ndarray, np.ndarray]:
    """Displacements from 1/d repulsion between the pairs (pi, pj) closer than sqrt(cut2)."""
    ex = x[pi] - x[pj]
    ey = y[pi] - y[pj]
    d2 = ex * ex + ey * ey
    keep = d2 < cut2
    pi, pj, ex, ey, d2 = pi[keep], pj[keep], ex[keep], ey[keep], d2[keep]
    close = d2 < 1e-6
    if close.any():   # coincident: separate deterministically
        k = ((pi[close] * 7 + pj[close]) % 5 - 2.1).astype(np.float64)
        ex[close] = 0.01 * k
        ey[close] = 0.01
        d2[close] = 0.0001 * (k * k + 1)
    fx = ex / d2
    fy = ey / d2
    return _sum_at(pi, fx, n) - _sum_at(pj, fx, n), _sum_at(pi, fy, n) - _sum_at(pj, fy, n)


_HALF_NEIGHBOURS = ((1, 0), (-1, 1), (0, 1), (1, 1))


def _near_pairs(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of nodes in the same or adjacent grid cells, each pair once."""
    cx = np.floor(x / _CELL).astype(np.int64)
    cy = np.floor(y / _CELL).astype(np.int64)
    cx -= cx.min() - 1
    cy -= cy.min() - 1
    height = int(cy.max()) + 2
    key = cx * height + cy
    order = np.argsort(key, kind="stable")
    cells, start, count = np.unique(key[order], return_index=True, return_counts=True)
    cell_of = np.repeat(np.arange(len(cells)), count)        # for each sorted position
    pos = np.arange(len(order))
    # the same cell: each node with the ones after it
    seg_from, seg_to, owner = [pos + 1], [start[cell_of] + count[cell_of]], [pos]
    for ox, oy in _HALF_NEIGHBOURS:
        target = cells + ox * height + oy
        at = np.searchsorted(cells, target)
        found = (at < len(cells)) & (cells[np.minimum(at, len(cells) - 1)] == target)
        has = found[cell_of]
        v = at[cell_of][has]
        seg_from.append(start[v])
        seg_to.append(start[v] + count[v])
        owner.append(pos[has])
    lo = np.concatenate(seg_from)
    sizes = np.concatenate(seg_to) - lo
    own = np.concatenate(owner)
    total = int(sizes.sum())
    first = np.repeat(own, sizes)
    offsets = np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    second = np.repeat(lo, sizes) + offsets
    return order[first], order[second]


def _rms(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    n = len(x)
    mx, my = math.fsum(x.tolist()) / n, math.fsum(y.tolist()) / n
    return mx, my, math.sqrt(math.fsum(((x - mx) ** 2 + (y - my) ** 2).tolist()) / n)


def _rescale(x: np.ndarray, y: np.ndarray, spread: tuple[float, float, float]) -> None:
    """Even out the density, in place: each node keeps its direction from the centre and its
    rank by distance, and gets the radius that rank has in a uniform disc of the starting size."""
    n = len(x)
    mx, my, _rms_now = _rms(x, y)
    radius = spread[2] * math.sqrt(2)          # a uniform disc of radius R has RMS R/sqrt(2)
    ox, oy = x - mx, y - my
    dist = np.sqrt(ox * ox + oy * oy)
    rank = np.empty(n, dtype=np.float64)
    rank[np.argsort(dist, kind="stable")] = np.arange(n)
    target = radius * np.sqrt((rank + 0.5) / n)
    away = dist > 1e-9
    f = np.where(away, target / np.where(away, dist, 1.0), 0.0)
    x[:] = np.where(away, spread[0] + ox * f, spread[0] + target)
    y[:] = np.where(away, spread[1] + oy * f, spread[1])


def _pack(parts):
    """Connected parts in rows, largest first, each shifted into its own box."""
    boxes = []
    for comp, xs, ys in parts:
        x0, y0 = min(xs), min(ys)
        boxes.append((comp, [x - x0 for x in xs], [y - y0 for y in ys],
                      max(xs) - x0 + 1.5, max(ys) - y0 + 1.5))
    row_width = max(max(b[3] for b in boxes), math.sqrt(sum(b[3] * b[4] for b in boxes)) * 1.3)
    x = y = row_height = 0.0
    out = []
    for comp, xs, ys, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        out.append((comp, [v + x for v in xs], [v + y for v in ys]))
        x += w
        row_height = max(row_height, h)
    return out
