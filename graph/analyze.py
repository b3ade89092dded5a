"""Network analysis of the graph: who is central, who brokers, who clusters, with whom and when.

Measures are computed on an undirected, weighted simplification of one view of
`to_networkx` (parallel edges summed; in the organisations view only the "partners"
edges, since subOrganizationOf/country edges say what belongs to what, not who deals
with whom). Partner rankings and time series count the agreements and meetings of
the organisations view, seen from a home side (by default Indonesia and its bodies).

Deterministic: nodes are visited in sorted order, ties are broken by label and IRI,
and the only random choice (Louvain's node order) is seeded. The library never prints.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field, fields
from datetime import date

import networkx as nx

from labourkg.graph.network import VIEWS, as_date, to_networkx_views

MEASURES = ("degree", "weighted_degree", "betweenness", "eigenvector")
COMMUNITY_METHODS = ("louvain", "greedy")
TABLES = ("nodes", "partners", "communities", "years", "partner_years")
DEFAULT_HOME = "Indonesia"
STRUCTURE = frozenset({"subOrganizationOf", "country"})
EXACT_BETWEENNESS_UPTO = 2000     # above this many nodes, betweenness is estimated
BETWEENNESS_SAMPLE = 500          # ... from this many seeded source nodes
UNDATED = "undated"
_DIGITS = 6


@dataclass(frozen=True)
class AnalysisOptions:
    """What to analyse. `home`: the side whose partners are ranked (a name, alias or
    IRI); None means Indonesia when the graph has it, "" means no home side (every
    organisation is ranked by all its agreements and meetings)."""

    view: str = "organizations"
    since: date | str | None = None
    until: date | str | None = None
    home: str | None = None
    seed: int = 42
    communities: str = "louvain"
    top: int | None = None          # rows kept in the node and partner tables
    by: str = "weighted_degree"     # the measure the node table is sorted by

    def check(self) -> "AnalysisOptions":
        if self.view not in VIEWS:
            raise ValueError(f"unknown view {self.view!r}; choose one of {', '.join(VIEWS)}")
        if self.communities not in COMMUNITY_METHODS:
            raise ValueError(f"unknown community method {self.communities!r}; "
                             f"choose one of {', '.join(COMMUNITY_METHODS)}")
        if self.by not in MEASURES:
            raise ValueError(f"unknown measure {self.by!r}; choose one of {', '.join(MEASURES)}")
        if self.top is not None and self.top < 1:
            raise ValueError(f"top must be at least 1, not {self.top}")
        return self


@dataclass(frozen=True)
class NodeScore:
    """One node's measures; `community` is the number of its community (1 = largest)."""

    node: str
    label: str
    label_en: str | None
    type: str
    degree: int
    weighted_degree: float
    betweenness: float
    eigenvector: float
    community: int


@dataclass(frozen=True)
class PartnerEvent:
    """One agreement or meeting a partner shares with the home side."""

    partner: str
    label: str
    date: str | None
    year: str
    type: str                  # "agreement" | "meeting"
    fact: str
    fact_label: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartnerRank:
    rank: int
    partner: str
    label: str
    label_en: str | None
    type: str
    country: str | None        # the partner's country (itself for a country)
    agreements: int
    meetings: int
    total: int
    first: str | None
    last: str | None
    sources: tuple[str, ...]   # the articles that report these agreements and meetings


@dataclass(frozen=True)
class Community:
    community: int
    size: int
    hub: str                   # label of the member with the highest weighted degree
    members: tuple[str, ...]   # labels, best connected first
    nodes: tuple[str, ...]     # IRIs in the same order


@dataclass(frozen=True)
class YearCount:
    year: str
    agreements: int
    meetings: int
    total: int


@dataclass(frozen=True)
class PartnerYear:
    partner: str
    label: str
    year: str
    agreements: int
    meetings: int
    total: int


@dataclass
class Analysis:
    """Everything `labourkg analyze` reports, as rows (see `table()` and `to_dict()`)."""

    view: str
    since: str | None
    until: str | None
    home: str | None                      # IRI of the home entity, None without one
    home_label: str | None
    home_side: tuple[str, ...]            # the home entity and its bodies
    seed: int
    community_method: str
    modularity: float
    betweenness_sample: int | None        # None: exact
    nodes: list[NodeScore] = field(default_factory=list)
    partners: list[PartnerRank] = field(default_factory=list)
    communities: list[Community] = field(default_factory=list)
    years: list[YearCount] = field(default_factory=list)
    partner_years: list[PartnerYear] = field(default_factory=list)
    events: list[PartnerEvent] = field(default_factory=list)

    def table(self, name: str) -> list[dict]:
        """One table as a list of plain dicts (tuples stay tuples)."""
        if name not in TABLES:
            raise ValueError(f"unknown table {name!r}; choose one of {', '.join(TABLES)}")
        return [asdict(row) for row in getattr(self, name)]

    def columns(self, name: str) -> list[str]:
        kind = {"nodes": NodeScore, "partners": PartnerRank, "communities": Community,
                "years": YearCount, "partner_years": PartnerYear}[name]
        return [f.name for f in fields(kind)]

    def to_dict(self) -> dict:
        return {"view": self.view, "since": self.since, "until": self.until, "home": self.home,
                "home_label": self.home_label,
                "home_side": list(self.home_side), "seed": self.seed,
                "community_method": self.community_method, "modularity": self.modularity,
                "betweenness_sample": self.betweenness_sample,
                **{name: [_plain(row) for row in self.table(name)] for name in TABLES}}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_csv(self, name: str | None = None) -> str:
        """One table as CSV; without a name every table, each after a `# name` line."""
        names = [name] if name else list(TABLES)
        buf = io.StringIO()
        for i, table in enumerate(names):
            if name is None:
                buf.write(("\n" if i else "") + f"# {table}\n")
            writer = csv.DictWriter(buf, fieldnames=self.columns(table), lineterminator="\n")
            writer.writeheader()
            for row in self.table(table):
                writer.writerow({k: _cell(v) for k, v in row.items()})
        return buf.getvalue()

    def to_dataframe(self, name: str):
        """One table as a pandas DataFrame (pandas is imported here, not a dependency)."""
        import pandas as pd
        return pd.DataFrame(self.table(name), columns=self.columns(name))


def _plain(row: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in row.items()}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "; ".join(value)
    return str(value)


# -- entry points ---------------------------------------------------------------------------


def analyze(kg, options: AnalysisOptions | None = None) -> Analysis:
    """Read the chosen view and the organisations view once, and analyse them."""
    options = (options or AnalysisOptions()).check()
    views = to_networkx_views(kg, sorted({options.view, "organizations"}),
                              as_date(options.since, "since"), as_date(options.until, "until"))
    return analyze_graphs(views[options.view], views["organizations"], options)


def analyze_graphs(graph: nx.Graph, organizations: nx.Graph,
                   options: AnalysisOptions | None = None) -> Analysis:
    """The analysis of `graph` (any view) with partners counted in `organizations`,
    both as `to_networkx` makes them (hand-built graphs with the same attributes work)."""
    options = (options or AnalysisOptions()).check()
    simple = interaction_graph(graph)
    scores, sample = centrality(simple, options.seed)
    groups, modularity = find_communities(simple, options.communities, options.seed)
    member_of = {node: c.community for c in groups for node in c.nodes}
    nodes = [NodeScore(node=n, label=_label(simple, n), label_en=_label_en(simple, n),
                       type=simple.nodes[n].get("type", ""), community=member_of.get(n, 0),
                       **scores[n]) for n in simple]
    nodes.sort(key=lambda s: (-getattr(s, options.by), -s.weighted_degree, -s.betweenness,
                              s.label.casefold(), s.node))
    home, side = home_side(organizations, options.home)
    events = partner_events(organizations, side)
    partners = rank_partners(organizations, events)
    if options.top is not None:
        nodes, partners = nodes[:options.top], partners[:options.top]
    shown = {p.partner for p in partners}
    return Analysis(
        view=graph.graph.get("view", options.view), since=graph.graph.get("since"),
        until=graph.graph.get("until"), home=home,
        home_label=_label(organizations, home) if home else None, home_side=tuple(sorted(side)),
        seed=options.seed, community_method=options.communities, modularity=modularity,
        betweenness_sample=sample, nodes=nodes, partners=partners, communities=groups,
        years=per_year(organizations.graph.get("facts", {})),
        partner_years=[row for row in per_partner_year(events) if row.partner in shown],
        events=[e for e in events if e.partner in shown])


# -- measures ------------------------------------------------------------------------------


def interaction_graph(graph: nx.Graph) -> nx.Graph:
    """Undirected and simple: parallel edges summed into `weight`, self-loops dropped;
    in the organisations view only the partners edges count."""
    simple = nx.Graph()
    for node in sorted(graph.nodes):
        simple.add_node(node, **graph.nodes[node])
    skip = STRUCTURE if graph.graph.get("view") == "organizations" else frozenset()
    weights: dict[tuple, float] = defaultdict(float)
    for u, v, data in graph.edges(data=True):
        if u == v or data.get("relation") in skip:
            continue
        weights[tuple(sorted((u, v)))] += data.get("weight", 1) or 1
    for (u, v) in sorted(weights):
        simple.add_edge(u, v, weight=weights[(u, v)])
    return simple


def centrality(simple: nx.Graph, seed: int = 42) -> tuple[dict[str, dict], int | None]:
    """Degree, weighted degree, betweenness and eigenvector centrality per node, and
    the betweenness sample size (None when exact)."""
    n = simple.number_of_nodes()
    sample = BETWEENNESS_SAMPLE if n > EXACT_BETWEENNESS_UPTO else None
    if simple.number_of_edges():
        between = nx.betweenness_centrality(simple, k=sample, normalized=True, seed=seed)
        try:
            eigen = nx.eigenvector_centrality(simple, max_iter=1000, tol=1e-9, weight="weight")
        except nx.PowerIterationFailedConvergence:   # pragma: no cover - shifted iteration converges
            eigen = dict.fromkeys(simple, 0.0)
    else:
        between = eigen = dict.fromkeys(simple, 0.0)
    weighted = dict(simple.degree(weight="weight"))
    return {node: {"degree": simple.degree(node),
                   "weighted_degree": round(float(weighted[node]), _DIGITS),
                   "betweenness": round(between[node], _DIGITS),
                   "eigenvector": round(eigen[node] if simple.degree(node) else 0.0, _DIGITS)}
            for node in simple}, sample


def find_communities(simple: nx.Graph, method: str = "louvain",
                     seed: int = 42) -> tuple[list[Community], float]:
    """Communities (numbered 1.. by size) and the modularity of the partition."""
    if method not in COMMUNITY_METHODS:
        raise ValueError(f"unknown community method {method!r}; choose one of {', '.join(COMMUNITY_METHODS)}")
    if not simple.number_of_edges():
        parts = [{n} for n in simple]
    elif method == "louvain":
        parts = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    else:
        parts = nx.community.greedy_modularity_communities(simple, weight="weight")
    modularity = (round(nx.community.modularity(simple, parts, weight="weight"), _DIGITS)
                  if simple.number_of_edges() else 0.0)
    weighted = dict(simple.degree(weight="weight"))

    def order(node):
        return (-weighted[node], _label(simple, node).casefold(), node)

    ranked = sorted((sorted(p, key=order) for p in parts),
                    key=lambda members: (-len(members), order(members[0])))
    return [Community(community=i, size=len(members), hub=_label(simple, members[0]),
                      members=tuple(_label(simple, m) for m in members), nodes=tuple(members))
            for i, members in enumerate(ranked, 1)], modularity


# -- partners and time ------------------------------------------------------------------------


def home_side(organizations: nx.Graph, home: str | None) -> tuple[str | None, frozenset[str]]:
    """The home entity and every body under it or of its country (through the
    subOrganizationOf and country edges). `home=None` tries Indonesia quietly."""
    if home == "":
        return None, frozenset()
    found = find_node(organizations, home or DEFAULT_HOME)
    if found is None:
        if home is None:
            return None, frozenset()
        raise ValueError(f"home {home!r} is not an organisation or country in the graph")
    structure = nx.DiGraph()
    structure.add_node(found)
    structure.add_edges_from((u, v) for u, v, rel in organizations.edges(data="relation")
                             if rel in STRUCTURE)
    return found, frozenset({found} | nx.ancestors(structure, found))


def find_node(graph: nx.Graph, name: str) -> str | None:
    """The node an IRI, label (either language) or alias names; countries first."""
    if name in graph:
        return name
    wanted = name.strip().casefold()
    hits = []
    for node, data in graph.nodes(data=True):
        names = {data.get("label") or "", *(data.get("labels") or {}).values(), *(data.get("aliases") or ())}
        if wanted in {x.casefold() for x in names if x}:
            hits.append((data.get("type") != "country", node))
    return min(hits)[1] if hits else None


def partner_events(organizations: nx.Graph, side: frozenset[str]) -> list[PartnerEvent]:
    """Each agreement and meeting once per partner that shares it with the home side
    (with no home side: once per party)."""
    facts = organizations.graph.get("facts", {})
    out = []
    for iri in sorted(facts):
        fact = facts[iri]
        parties = [p for p in fact.get("parties", ()) if p in organizations]
        if side and not side.intersection(parties):
            continue
        when = fact.get("date")
        for partner in parties:
            if partner in side:
                continue
            out.append(PartnerEvent(partner=partner, label=_label(organizations, partner), date=when,
                                    year=when[:4] if when else UNDATED, type=fact["type"], fact=iri,
                                    fact_label=fact.get("label") or iri,
                                    sources=tuple(fact.get("sources", ()))))
    out.sort(key=lambda e: (e.partner, e.date or "9999", e.type, e.fact))
    return out


def rank_partners(organizations: nx.Graph, events: list[PartnerEvent]) -> list[PartnerRank]:
    """Partners by agreements + meetings shared with the home side, most first."""
    by_partner: dict[str, list[PartnerEvent]] = defaultdict(list)
    for event in events:
        by_partner[event.partner].append(event)
    rows = []
    for partner, evs in by_partner.items():
        agreements = len({e.fact for e in evs if e.type == "agreement"})
        meetings = len({e.fact for e in evs if e.type == "meeting"})
        dated = sorted(e.date for e in evs if e.date)
        country = _country_of(organizations, partner)
        rows.append(dict(partner=partner, label=_label(organizations, partner),
                         label_en=_label_en(organizations, partner),
                         type=organizations.nodes[partner].get("type", ""),
                         country=_label(organizations, country) if country else None,
                         agreements=agreements, meetings=meetings, total=agreements + meetings,
                         first=dated[0] if dated else None, last=dated[-1] if dated else None,
                         sources=tuple(sorted({s for e in evs for s in e.sources}))))
    rows.sort(key=lambda r: (-r["total"], -r["agreements"], -r["meetings"],
                             r["label"].casefold(), r["partner"]))
    return [PartnerRank(rank=i, **row) for i, row in enumerate(rows, 1)]


def per_year(facts: dict[str, dict]) -> list[YearCount]:
    """Agreements and meetings per year of their date (undated ones last)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for fact in facts.values():
        year = fact["date"][:4] if fact.get("date") else UNDATED
        counts[year][0 if fact["type"] == "agreement" else 1] += 1
    return [YearCount(year, a, m, a + m) for year, (a, m) in sorted(counts.items(), key=_year_key)]


def per_partner_year(events: list[PartnerEvent]) -> list[PartnerYear]:
    """Agreements and meetings per partner and year."""
    counts: dict[tuple[str, str], list] = {}
    for e in events:
        row = counts.setdefault((e.partner, e.year), [e.label, set(), set()])
        row[1 if e.type == "agreement" else 2].add(e.fact)
    rows = [PartnerYear(partner, label, year, len(a), len(m), len(a) + len(m))
            for (partner, year), (label, a, m) in counts.items()]
    rows.sort(key=lambda r: (r.label.casefold(), r.partner, _year_key((r.year, None))))
    return rows


def _year_key(item) -> tuple:
    year = item[0]
    return (year == UNDATED, year)


def _country_of(graph: nx.Graph, node: str) -> str | None:
    """Follow country and subOrganizationOf edges up to a country."""
    seen = set()
    frontier = [node]
    while frontier:
        current = frontier.pop(0)
        if current in seen:
            continue
        seen.add(current)
        if graph.nodes[current].get("type") == "country":
            return current
        ups = sorted(v for _u, v, rel in graph.out_edges(current, data="relation")
                     if rel in STRUCTURE) if graph.is_directed() else []
        # a body's own country edge before its parent's
        ups.sort(key=lambda v: graph.nodes[v].get("type") != "country")
        frontier.extend(ups)
    return None


def _label(graph: nx.Graph, node: str) -> str:
    return graph.nodes[node].get("label") or str(node)


def _label_en(graph: nx.Graph, node: str) -> str | None:
    return (graph.nodes[node].get("labels") or {}).get("en")


__all__ = ["AnalysisOptions", "Analysis", "NodeScore", "PartnerRank", "PartnerEvent", "Community",
           "YearCount", "PartnerYear", "analyze", "analyze_graphs", "interaction_graph",
           "centrality", "find_communities", "home_side", "find_node", "partner_events",
           "rank_partners", "per_year", "per_partner_year", "MEASURES", "TABLES",
           "COMMUNITY_METHODS"]
