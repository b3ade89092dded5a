"""The interactive network: one self-contained HTML file (or a notebook cell).

pyvis is the node/edge/option model, but its sharp edges are avoided: nodes and
edges are appended to `Network.nodes`/`Network.edges` directly (its add_node and
add_edge are quadratic), options are set as a dict (its `set_options` strips every
space from the JSON), and the page comes from labourkg's own template, because
pyvis's writes titles with innerHTML and loads Bootstrap and tom-select from CDNs.

The page inlines vis-network (graph/static/, MIT/Apache-2.0) and its own script and
stylesheet; it loads nothing from the network, and a Content-Security-Policy with
script hashes forbids it to. The graph goes in as JSON in a
<script type="application/json"> block with <, >, &, U+2028 and U+2029 escaped,
and the page writes every text with textContent. A node lists at most MAX_LISTED sources
and quotes and an edge MAX_LISTED sources, the newest, beside their true totals, and the
page describes only the articles it lists.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
import tempfile
import warnings
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import networkx as nx
from pyoxigraph import NamedNode

from labourkg.graph.neighbourhood import Neighbourhood
from labourkg.graph.layout import positions
from labourkg.graph.network import NODE_TYPES, ORG_TYPES, to_networkx

DEFAULT_TITLE = "labourkg network"

# type -> (colour, vis shape, legend text); colours from the Tableau 10 palette.
TYPE_STYLES: dict[str, tuple[str, str, str]] = {
    "official": ("#e15759", "dot", "official"),
    "role": ("#ff9da7", "dot", "post / role"),
    "agency": ("#4e79a7", "square", "agency"),
    "country": ("#59a14f", "hexagon", "country"),
    "international": ("#76b7b2", "hexagon", "international body"),
    "programme": ("#edc948", "triangle", "programme"),
    "union": ("#b07aa1", "triangleDown", "union"),
    "employer": ("#9c755f", "triangleDown", "employer"),
    "agreement": ("#f28e2b", "diamond", "agreement"),
    "meeting": ("#af7aa1", "star", "meeting"),
    "article": ("#bab0ac", "square", "article"),
    "place": ("#86bcb6", "triangle", "place"),
}
_OTHER_STYLE = ("#8c8c8c", "dot", "other")

_BIG = 1500            # above this many nodes/edges the page trades polish for speed
_SMALL = 80           # up to this many nodes the whole graph is readable at fit-to-screen zoom
_LABEL_MAX = 36        # longer names are drawn as an alias or shortened (full name on click)
# Sources and quotes listed per node, and sources per edge: the newest (the page keeps the
# true totals and names the query that lists them all). A 100k-article store gives some
# nodes 100k sources, which would make the page tens of megabytes and the list useless.
MAX_LISTED = 25
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")
_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")


class TrimmedWarning(UserWarning):
    """The graph had more nodes than max_nodes; the page shows the best-connected ones."""

    def __init__(self, shown: int, total: int):
        super().__init__(f"showing {shown} of {total} nodes (--max-nodes)")
        self.shown = shown
        self.total = total


@dataclass(frozen=True)
class VizOptions:
    """What to draw; every option narrows the graph, in the order listed."""

    view: str = "full"                # one of labourkg.graph.network.VIEWS
    since: date | str | None = None   # ISO strings are accepted too
    until: date | str | None = None
    hide_articles: bool = False
    query: str | None = None
    partner: str | None = None
    focus: str | None = None
    depth: int = 2
    max_nodes: int = 2000
    title: str = DEFAULT_TITLE


@dataclass
class View:
    """The graph to draw, with how much of it survived max_nodes."""

    graph: nx.MultiDiGraph
    total: int                        # nodes before trimming to max_nodes
    focus: str | None = None          # node id of the focus entity

    @property
    def shown(self) -> int:
        return self.graph.number_of_nodes()

    @property
    def trimmed(self) -> bool:
        return self.shown < self.total


# -- choosing what to draw ----------------------------------------------------------------


def build_view(kg, options: VizOptions = VizOptions()) -> View:
    """The subgraph the options ask for; ValueError when a name or query selects nothing.

    With --focus or --partner only the neighbourhood of the named entities is read
    (Neighbourhood); when the selection cannot be found that way (a name that only the
    drawn labels resolve, a name outside the view) the whole graph is read, as without.
    """
    if options.depth < 0:
        raise ValueError(f"depth must be 0 or more, not {options.depth}")
    if options.max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, not {options.max_nodes}")
    since, until = _as_date(options.since, "since"), _as_date(options.until, "until")
    if (options.focus or options.partner) and hasattr(kg, "read"):
        try:
            return _scoped_view(kg, options, since, until)
        except _WholeGraph:
            pass
    return _whole_view(kg, options, since, until)


def _whole_view(kg, options: VizOptions, since: date | None, until: date | None) -> View:
    graph = to_networkx(kg, options.view, since, until)
    if options.hide_articles:
        graph.remove_nodes_from([n for n, t in graph.nodes(data="type") if t == "article"])
    if options.query:
        graph = _induced(graph, _query_nodes(kg, graph, options.query))
    keep = []
    if options.partner:
        node = _resolve(kg, graph, options.partner, "--partner")
        graph = _induced(graph, _partner_nodes(*_adjacency(graph), node))
        keep.append(node)
    focus = None
    if options.focus:
        focus = _resolve(kg, graph, options.focus, "--focus")
        graph = _induced(graph, _ego_nodes(*_adjacency(graph), focus, options.depth))
        keep.insert(0, focus)
    total = graph.number_of_nodes()
    if total > options.max_nodes:
        graph = _induced(graph, _best_connected(graph, graph.degree, options.max_nodes, keep))
    return View(graph, total, focus)


def _induced(graph: nx.MultiDiGraph, nodes) -> nx.MultiDiGraph:
    """graph.subgraph(nodes).copy() in graph's order: a subgraph view of a small part
    lists nodes in the order of a set, which changes with the process's hash seed (and
    the page's layout with it)."""
    keep = set(nodes)
    out = graph.__class__()
    out.graph.update(graph.graph)
    out.add_nodes_from((n, attrs) for n, attrs in graph.nodes(data=True) if n in keep)
    out.add_edges_from((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
                       if u in keep and v in keep)
    return out


class _WholeGraph(Exception):
    """The selection cannot be found from the named entities' neighbourhood alone."""


def _scoped_view(kg, options: VizOptions, since: date | None, until: date | None) -> View:
    """build_view reading only around --partner and --focus; the same View."""
    hood = Neighbourhood(kg, options.view, since, until, options.hide_articles)
    within = _query_filter(kg, hood, options.query) if options.query else None
    keep = []
    if options.partner:
        node = _resolve_near(kg, hood, options.partner, within)
        within = _partner_nodes(lambda nodes: hood.neighbours(nodes, within), hood.type_of, node)
        keep.append(node)
    focus = None
    if options.focus:
        focus = _resolve_near(kg, hood, options.focus, within)
        nodes = _ego_nodes(lambda nodes: hood.neighbours(nodes, within), hood.type_of, focus,
                           options.depth)
        keep.insert(0, focus)
    else:
        nodes = within
    total = len(nodes)
    if total > options.max_nodes:
        nodes = _best_connected(nodes, hood.degrees(nodes).__getitem__, options.max_nodes, keep)
    return View(hood.graph(nodes, _induced), total, focus)


def _resolve_near(kg, hood: Neighbourhood, name: str, within) -> str:
    """_resolve for a Neighbourhood: the name as a node id, else the entity kg.find_entity
    names; anything else (a name only the drawn labels know, an error) needs the whole graph."""
    candidates = []
    try:
        NamedNode(name)
        candidates.append(name)
    except ValueError:
        pass
    term = kg.find_entity(name)
    if term is not None:
        candidates.append(term.value)
    for iri in candidates:
        if iri in hood.nodes([iri]) and _allowed({iri}, within):
            return iri
    raise _WholeGraph(name)


def _allowed(nodes: set[str], within) -> set[str]:
    if within is None:
        return nodes
    if isinstance(within, (set, frozenset)):
        return nodes & within
    return within(nodes)


def _query_filter(kg, hood: Neighbourhood, query: str):
    """_query_nodes for a Neighbourhood, as a test of nodes: whether the answer names each."""
    from labourkg.graph.query import fold

    result = kg.query(query)
    if result.boolean is not None:
        raise ValueError(f"--query {query!r} is an ASK query; it selects no entities")
    named, folded = set(), set()
    for term in _answer_terms(result):
        value = getattr(term, "value", None)
        if value is None:
            continue
        if type(term).__name__ == "Literal" and value not in hood.nodes(_iris([value])):
            folded.add(fold(value))
        else:
            named.add(value)

    def allowed(nodes: set[str]) -> set[str]:
        out = nodes & named
        rest = sorted(nodes - out)
        if folded and rest:
            attrs = hood.attributes(rest)
            out |= {n for n in rest if {fold(name) for name in _node_names(attrs[n])} & folded}
        return out
    return allowed


def _iris(values) -> list[str]:
    out = []
    for value in values:
        try:
            NamedNode(value)
            out.append(value)
        except ValueError:
            pass
    return out


def _answer_terms(result) -> list:
    if result.triples is not None:
        return [t for triple in result.triples for t in (triple.subject, triple.object)]
    return [t for sol in result.solutions for t in sol if t is not None]


def _as_date(value, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a date (write YYYY-MM-DD)") from None


def _label_index(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Every name a node goes by (label, labels, aliases, article source), folded."""
    from labourkg.graph.query import fold

    index: dict[str, list[str]] = {}
    for node, attrs in graph.nodes(data=True):
        for name in _node_names(attrs):
            index.setdefault(fold(name), []).append(node)
    return index


def _node_names(attrs: dict) -> set[str]:
    names = {attrs.get("label") or ""} | set((attrs.get("labels") or {}).values())
    names |= set(attrs.get("aliases") or ())
    if attrs.get("type") == "article":
        names |= set(attrs.get("sources") or ())
    return {name for name in names if name}


def _resolve(kg, graph: nx.MultiDiGraph, name: str, option: str) -> str:
    """The node a name, alias, acronym or IRI refers to, in this view."""
    from labourkg.graph.query import fold

    if name in graph:
        return name
    term = kg.find_entity(name)
    if term is not None and term.value in graph:
        return term.value
    candidates = sorted(_label_index(graph).get(fold(name), ()))
    if candidates:
        return candidates[0]
    if term is not None:
        raise ValueError(f"{option} {name!r} names {term.value}, which is not in this view "
                         f"(it may be filtered out by the date range, --partner, --query or "
                         f"--hide-articles)")
    raise ValueError(f"{option} {name!r}: no entity has that name or alias in this graph "
                     f"(try another spelling, an acronym, or `labourkg query aliases`)")


def _query_nodes(kg, graph: nx.MultiDiGraph, query: str) -> set[str]:
    """The nodes a query's answer names: its IRIs, and values equal to a node's name."""
    from labourkg.graph.query import fold

    result = kg.query(query)
    if result.boolean is not None:
        raise ValueError(f"--query {query!r} is an ASK query; it selects no entities")
    index = None
    found = set()
    for term in _answer_terms(result):
        value = getattr(term, "value", None)
        if value is None:
            continue
        if value in graph:
            found.add(value)
        elif type(term).__name__ == "Literal":
            if index is None:
                index = _label_index(graph)
            found.update(index.get(fold(value), ()))
    if not found:
        raise ValueError(f"--query {query!r} returned no entity that is in this view "
                         f"({len(result)} rows)")
    return found


# The selection, over either kind of graph: `neighbours(nodes)` gives each node's
# neighbours, `kind(node)` its type (_adjacency for a networkx graph, or a Neighbourhood).


def _adjacency(graph: nx.MultiDiGraph):
    und = graph.to_undirected(as_view=True)
    return (lambda nodes: {n: set(und.neighbors(n)) for n in nodes},
            lambda node: graph.nodes[node].get("type"))


def _partner_nodes(neighbours, kind, partner: str) -> set[str]:
    """The partner, what it is linked to, and everything on its agreements and meetings."""
    near = neighbours([partner])[partner]
    keep = {partner} | near
    events = sorted(nb for nb in near if kind(nb) in ("agreement", "meeting"))
    for nbs in neighbours(events).values():
        keep |= nbs
    return keep


def _ego_nodes(neighbours, kind, focus: str, depth: int) -> set[str]:
    """Nodes within `depth` hops; an article is reached but not gone through (it would
    pull in everything else it mentions), unless it is the focus."""
    seen = {focus}
    frontier = [focus]
    for _hop in range(depth):
        passed = [n for n in frontier if n == focus or kind(n) != "article"]
        nxt = []
        for nbs in neighbours(passed).values():
            for nb in sorted(nbs, key=str):
                if nb not in seen:
                    seen.add(nb)
                    nxt.append(nb)
        frontier = nxt
    return seen


def _best_connected(nodes, degree, limit: int, keep: list[str]) -> list:
    ranked = sorted(nodes, key=lambda n: (-degree(n), str(n)))
    chosen = [n for n in keep if n in nodes][:limit]
    chosen_set = set(chosen)
    for node in ranked:
        if len(chosen) >= limit:
            break
        if node not in chosen_set:
            chosen.append(node)
            chosen_set.add(node)
    return chosen


# -- the page ----------------------------------------------------------------------------


def write_html(kg, dest: Path, *, focus: str | None = None, depth: int = 2, max_nodes: int = 2000,
               since: date | str | None = None, until: date | str | None = None,
               partner: str | None = None, query: str | None = None, hide_articles: bool = False,
               view: str = "full", title: str = DEFAULT_TITLE) -> Path:
    """Write the network as one self-contained HTML file and return its path.

    Warns TrimmedWarning (with .shown and .total) when max_nodes cut the graph.
    """
    options = VizOptions(view, since, until, hide_articles, query, partner, focus, depth,
                         max_nodes, title)
    chosen = build_view(kg, options)
    page = render_html(chosen.graph, title=title, focus=chosen.focus, total=chosen.total)
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".viz-", suffix=".html", dir=dest.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(page)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)   # mkstemp makes 0600; the page is for sharing
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if chosen.trimmed:
        warnings.warn(TrimmedWarning(chosen.shown, chosen.total), stacklevel=2)
    return dest


def display(kg, *, height: int = 700, **options):
    """The network for a notebook cell: an IPython HTML object holding a sandboxed
    <iframe srcdoc=...>. IPython is imported here, so it is not a dependency."""
    try:
        from IPython.display import HTML
    except ImportError as exc:
        raise ImportError("display() needs IPython (it runs in Jupyter); use "
                          "KnowledgeGraph.to_html(path) to write a file instead") from exc
    unknown = sorted(set(options) - set(VizOptions.__dataclass_fields__))
    if unknown:
        raise TypeError(f"display() got unknown options: {', '.join(unknown)}")
    opts = VizOptions(**options)
    chosen = build_view(kg, opts)
    page = render_html(chosen.graph, title=opts.title, focus=chosen.focus, total=chosen.total)
    # no allow-same-origin: the page cannot reach the notebook it is shown in
    frame = (f'<div class="labourkg-network"><iframe srcdoc="{html.escape(page, quote=True)}" '
             f'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
             f'style="width:100%;height:{int(height)}px;border:1px solid #d0d7de" '
             f'title="{html.escape(opts.title, quote=True)}"></iframe></div>')
    return HTML(frame)


def render_html(graph: nx.MultiDiGraph, *, title: str = DEFAULT_TITLE, focus=None,
                total: int | None = None) -> str:
    """The page for any graph with labourkg's node/edge attributes (missing ones are
    tolerated, so synthetic graphs draw too). Nodes with x/y keep their positions."""
    net = _network(graph, focus)
    shown = graph.number_of_nodes()
    total = shown if total is None else total
    summary = (f"showing {shown} of {total} nodes (--max-nodes)" if total > shown
               else f"{shown} nodes, {graph.number_of_edges()} edges")
    payload = {
        "summary": summary,
        "focus": net.focus_index,
        "types": {t: {"color": c, "label": lbl} for t, (c, _s, lbl) in _styles(graph).items()},
        "nodes": net.nodes,
        "edges": net.edges,
        "info": net.info,
        "articles": _articles(graph, net.info, net.edges),
        "partners": _partners(graph, net.index),
        "options": net.options,
    }
    assets = _assets()
    parts = {
        "TITLE": html.escape(title, quote=True),
        "SUMMARY": html.escape(summary),
        "LEGEND": _legend(graph),
        "DATA": script_json(payload),
        "VIS_CSS": assets["vis_css"],
        "PAGE_CSS": assets["page_css"],
        "VIS_JS": assets["vis_js"],
        "APP_JS": assets["app_js"],
        "CSP": assets["csp"],
    }
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], assets["template"])


def script_json(value) -> str:
    """JSON safe inside <script type="application/json">: no <, >, & or line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


@dataclass
class _Net:
    nodes: list
    edges: list
    options: dict
    info: list
    index: dict
    focus_index: int | None


def _network(graph: nx.MultiDiGraph, focus) -> _Net:
    """Fill a pyvis Network by appending to its lists (add_node/add_edge are quadratic)."""
    from pyvis.network import Network

    order = list(graph)
    index = {node: i for i, node in enumerate(order)}
    big = len(order) > _BIG or graph.number_of_edges() > _BIG
    placed = all("x" in graph.nodes[n] and "y" in graph.nodes[n] for n in order)
    where = ({n: (graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in order} if placed
             else positions(graph))
    net = Network(directed=True, cdn_resources="in_line")
    net.options = _vis_options(graph, big)
    info = []
    published = _published(graph)
    for node in order:
        attrs = graph.nodes[node]
        kind = attrs.get("type") or "other"
        label = str(attrs.get("label") or node)
        x, y = where[node]
        degree = graph.degree(node)
        vis_node = {"id": index[node], "label": _short_label(attrs, label), "group": kind,
                    "x": x, "y": y, "size": _size(degree, kind)}
        if degree >= 3 and len(order) > _SMALL:   # hubs keep their names readable zoomed out
            vis_node["font"] = {"size": round(14 + min(14.0, 2.5 * math.sqrt(degree)))}
        net.nodes.append(vis_node)
        info.append(_node_info(node, attrs, kind, label, published))
    if not placed:
        _declutter(net.nodes)
    for n, (u, v, key, attrs) in enumerate(graph.edges(keys=True, data=True)):
        relation = str(attrs.get("relation") or (key if isinstance(key, str) else ""))
        weight = attrs.get("weight") or 1
        sources = list(attrs.get("sources") or ())
        edge = {"id": n, "from": index[u], "to": index[v], "relation": relation,
                "weight": weight, "sources": _listed(sources, published),
                "sources_total": len(sources),
                "width": round(1 + math.log(max(1, float(weight)), 2), 2)}
        if not big:
            edge["label"] = relation
        net.edges.append(edge)
    focus_index = index.get(focus) if focus is not None else None
    return _Net(net.nodes, net.edges, net.options, info, index, focus_index)


def _node_info(node, attrs: dict, kind: str, label: str, published: dict | None = None) -> dict:
    """What the panel shows of a node: at most MAX_LISTED sources and quotes, with the totals."""
    published = published or {}
    quotes = [list(q) for q in attrs.get("quotes") or ()]
    if not quotes:
        quotes = [[s, ""] for s in attrs.get("evidence") or ()]
    sources = list(attrs.get("sources") or ())
    own = sources[0] if kind == "article" and sources else None
    listed = _listed(sources, published, own)
    out = {"label": label, "type": kind, "labels": dict(attrs.get("labels") or {}),
           "aliases": list(attrs.get("aliases") or ()), "dates": list(attrs.get("dates") or ()),
           "date": attrs.get("date"), "sources": listed,
           "quotes": _listed_quotes(quotes, sources, listed, published),
           "sources_total": len(sources), "quotes_total": len(quotes),
           "iri": attrs.get("iri") or (node if isinstance(node, str) else None)}
    for key in ("kind", "status"):
        if attrs.get(key):
            out[key] = attrs[key]
    if own is not None:
        out["source"] = own
    return out


def _published(graph: nx.MultiDiGraph) -> dict:
    """source -> its article's published date (as text), for the articles that have one."""
    out = {}
    for source, meta in (graph.graph.get("articles") or {}).items():
        when = meta.get("published") if isinstance(meta, dict) else None
        if when:
            out[source] = str(when)
    return out


def _newest_first(sources, published: dict) -> list:
    """Sources by their article's published date, newest first; ties, then the undated
    ones, by source name."""
    out = sorted(sources, key=str)
    out.sort(key=lambda s: published.get(s, ""), reverse=True)    # stable: ties keep name order
    return out


def _listed(sources: list, published: dict, own=None) -> list:
    """The sources the page lists: all of them (as given) up to MAX_LISTED, else the
    MAX_LISTED newest (an article's own source first)."""
    if len(sources) <= MAX_LISTED:
        return list(sources)
    first = [own] if own is not None else []
    return first + [s for s in _newest_first(sources, published) if s != own][:MAX_LISTED - len(first)]


def _listed_quotes(quotes: list, sources: list, listed: list, published: dict) -> list:
    """The (sentence, source) pairs the page lists: all up to MAX_LISTED, else the
    quotes of the listed sources first, newest source first, then by sentence."""
    if len(quotes) <= MAX_LISTED:
        return quotes
    kept = set(listed)
    rank = {s: i for i, s in enumerate(_newest_first(set(sources) | {q[1] for q in quotes},
                                                     published))}
    quotes = sorted(quotes, key=lambda q: (q[1] not in kept, rank[q[1]], str(q[0])))
    return quotes[:MAX_LISTED]


def _short_label(attrs: dict, label: str) -> str:
    """What the canvas draws: a name that fits; the panel shows every name in full."""
    if attrs.get("type") == "meeting":
        kind = str(attrs.get("kind") or "meeting").replace("_", " ")
        return f"{kind} {attrs['date']}" if attrs.get("date") else kind
    if len(label) <= _LABEL_MAX:
        return label
    names = list((attrs.get("labels") or {}).values()) + list(attrs.get("aliases") or ())
    fits = sorted({n for n in names if 2 <= len(n) <= _LABEL_MAX}, key=lambda n: (-len(n), n))
    if fits:
        return fits[0]
    cut = label[:_LABEL_MAX - 1]
    if " " in cut[_LABEL_MAX // 2:]:
        cut = cut[:cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "\u2026"


def _declutter(nodes: list[dict], rounds: int = 40) -> None:
    """Push apart nodes whose shape-and-label boxes overlap (small graphs only: the
    force layout knows edge lengths, not how wide a name is)."""
    n = len(nodes)
    if n < 2 or n > 300:
        return
    boxes = []
    for nd in nodes:
        em = nd.get("font", {}).get("size", 14) / 14
        wide = 8.2 * em * len(nd["label"])                   # generous: wrapping wastes space
        text_w = min(170.0, wide)
        lines = max(1, math.ceil(wide / 150.0))
        half_w = max(nd["size"], text_w / 2) + 6
        half_h = nd["size"] + 9 * em * lines + 6
        boxes.append((half_w, half_h, 9.0 * em * lines))   # the label hangs below the shape
    xs = [float(nd["x"]) for nd in nodes]
    ys = [float(nd["y"]) for nd in nodes]
    for _ in range(rounds):
        moved = False
        for i in range(n):
            wi, hi, oi = boxes[i]
            for j in range(i + 1, n):
                wj, hj, oj = boxes[j]
                dx = xs[j] - xs[i]
                dy = (ys[j] + oj) - (ys[i] + oi)
                ox = wi + wj - abs(dx)
                oy = hi + hj - abs(dy)
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                if ox * 1.6 < oy:     # cheaper to separate sideways (labels are wide)
                    step = ox / 2 + 0.5
                    sign = 1.0 if dx > 0 or (dx == 0 and i % 2) else -1.0
                    xs[i] -= sign * step
                    xs[j] += sign * step
                else:
                    step = oy / 2 + 0.5
                    sign = 1.0 if dy > 0 or (dy == 0 and i % 2) else -1.0
                    ys[i] -= sign * step
                    ys[j] += sign * step
        if not moved:
            break
    for nd, x, y in zip(nodes, xs, ys):
        nd["x"], nd["y"] = round(x, 1), round(y, 1)


def _size(degree: int, kind: str) -> float:
    base = 7 if kind in ("article", "role", "place") else 10
    return round(min(42.0, base + 3.2 * math.sqrt(degree)), 1)


def _styles(graph: nx.MultiDiGraph) -> dict[str, tuple[str, str, str]]:
    present = {t or "other" for _n, t in graph.nodes(data="type")}
    order = [t for t in NODE_TYPES if t in present] + sorted(present - set(NODE_TYPES))
    return {t: TYPE_STYLES.get(t, (_OTHER_STYLE[0], _OTHER_STYLE[1], t)) for t in order}


def _darker(colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(int(r * factor), int(g * factor), int(b * factor))


def _vis_options(graph: nx.MultiDiGraph, big: bool) -> dict:
    groups = {}
    for kind, (colour, shape, _label) in _styles(graph).items():
        border = _darker(colour)
        groups[kind] = {"shape": shape, "color": {
            "background": colour, "border": border,
            "highlight": {"background": colour, "border": "#1f2328"},
            "hover": {"background": colour, "border": "#1f2328"}}}
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 0},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "navigationButtons": False, "keyboard": False,
                        "multiselect": False, "zoomSpeed": 0.8},
        "nodes": {"borderWidth": 1, "borderWidthSelected": 3,
                  "font": {"size": 14, "face": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif",
                           "color": "#1f2328", "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "widthConstraint": {"maximum": 170},
                  "scaling": {"label": {"drawThreshold": 6}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
                  "color": {"color": "#b4bcc4", "highlight": "#1f2328", "hover": "#57606a",
                            "inherit": False},
                  "font": {"size": 9, "color": "#6e7781", "strokeWidth": 2, "strokeColor": "#ffffff",
                           "align": "middle"},
                  "smooth": False, "selectionWidth": 1.5, "hoverWidth": 0.5},
        "groups": groups,
    }


def _articles(graph: nx.MultiDiGraph, info: list, edges: list) -> dict:
    """Metadata of the articles the page lists (the nodes' and edges' listed sources, an
    article node's own); a URL goes in only if http(s)."""
    known = graph.graph.get("articles") or {}
    used = set()
    for node in info:
        used.update(node["sources"])
        if node.get("source") is not None:
            used.add(node["source"])
    for edge in edges:
        used.update(edge["sources"])
    out = {}
    for source in sorted(used):
        meta = known.get(source) or {}
        url = meta.get("url")
        entry = {"headline": meta.get("headline"), "published": meta.get("published")}
        if url:
            entry["url"] = url if _is_web_url(url) else None
            if entry["url"] is None:
                entry["url_text"] = url
        out[source] = entry
    return out


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _partners(graph: nx.MultiDiGraph, index: dict) -> list[int]:
    """Organisations that are a party to an agreement or take part in a meeting, by name."""
    found = set()
    for u, v, rel in graph.edges(data="relation"):
        if rel in ("party", "participant") and graph.nodes[v].get("type") in ORG_TYPES:
            found.add(v)
        elif rel == "partners":
            found.update((u, v))
    return [index[n] for n in sorted(found, key=lambda n: (str(graph.nodes[n].get("label") or n),
                                                             index[n]))]


def _legend(graph: nx.MultiDiGraph) -> str:
    counts = Counter(t or "other" for _n, t in graph.nodes(data="type"))
    rows = []
    for kind, (colour, shape, label) in _styles(graph).items():
        rows.append(
            f'<li><label><input type="checkbox" data-type="{html.escape(kind, quote=True)}" checked>'
            f'{_swatch(shape, colour)}<span>{html.escape(label)}</span>'
            f'<span class="count">{counts[kind]}</span></label></li>')
    return "".join(rows)


def _swatch(shape: str, colour: str) -> str:
    border = _darker(colour)
    style = f'fill="{colour}" stroke="{border}" stroke-width="1"'
    if shape == "square":
        body = f'<rect x="2.5" y="2.5" width="11" height="11" {style}/>'
    elif shape in ("triangle", "triangleDown", "diamond", "hexagon", "star"):
        body = f'<polygon points="{_polygon(shape)}" {style}/>'
    else:
        body = f'<circle cx="8" cy="8" r="5.5" {style}/>'
    return f'<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">{body}</svg>'


def _polygon(shape: str) -> str:
    if shape == "triangle":
        pts = [(8, 2), (14.5, 14), (1.5, 14)]
    elif shape == "triangleDown":
        pts = [(1.5, 2), (14.5, 2), (8, 14)]
    elif shape == "diamond":
        pts = [(8, 1.5), (14.5, 8), (8, 14.5), (1.5, 8)]
    elif shape == "hexagon":
        pts = [(8 + 6.5 * math.cos(math.pi / 3 * k), 8 + 6.5 * math.sin(math.pi / 3 * k)) for k in range(6)]
    else:  # star
        pts = [(8 + (7 if k % 2 == 0 else 3) * math.cos(math.pi / 5 * k - math.pi / 2),
                8 + (7 if k % 2 == 0 else 3) * math.sin(math.pi / 5 * k - math.pi / 2)) for k in range(10)]
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    """The template and the inlined scripts and styles, read once, with the CSP that
    allows exactly these two scripts and nothing from anywhere."""
    static = resources.files("labourkg.graph").joinpath("static")
    read = lambda name: static.joinpath(name).read_text(encoding="utf-8")  # noqa: E731
    out = {"template": read("network.html"), "vis_js": read("vis-network.min.js"),
           "app_js": read("network.js"), "vis_css": read("vis-network.css"),
           "page_css": read("network.css")}
    for key in ("vis_js", "app_js"):
        if "</script" in out[key].lower():
            raise RuntimeError(f"static asset {key} contains </script and cannot be inlined")
    for key in ("vis_css", "page_css"):
        if "</style" in out[key].lower():
            raise RuntimeError(f"static asset {key} contains </style and cannot be inlined")
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(out[k].encode("utf-8")).digest()).decode() + "'"
        for k in ("vis_js", "app_js"))
    out["csp"] = ("default-src 'none'; " f"script-src {hashes}; " "style-src 'unsafe-inline'; "
                  "img-src data:; font-src 'none'; connect-src 'none'; frame-src 'none'; "
                  "object-src 'none'; base-uri 'none'; form-action 'none'")
    return out


__all__ = ["write_html", "render_html", "display", "build_view", "script_json", "VizOptions", "View",
           "TrimmedWarning", "TYPE_STYLES", "MAX_LISTED"]
