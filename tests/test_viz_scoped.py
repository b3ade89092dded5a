"""`labourkg viz --focus/--partner` reads only around the named entities (Neighbourhood);
what it draws must be what reading the whole store and cutting it down draws.

Both paths of build_view run on the entities of three worlds (the hand-checked network
world, the two-article sample plus a later article, and the graph the extractors build
from the 32 gold articles): focus at depths 0-2 and partner, with and without a date
window, --hide-articles and a trim to a few nodes, in every view. Nodes and edges must
be equal item by item (order and attributes included), and the graph's `articles` and
`facts` must be the whole graph's entries for what is drawn; some pages are compared
whole too (test_same_pages: drawing them takes longer than reading).
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import sample_facts
from pyoxigraph import NamedNode
from test_network_world import world_kg

from labourkg.graph import iris, network, viz
from labourkg.graph.neighbourhood import Neighbourhood
from labourkg.graph.network import VIEWS
from labourkg.graph.store import KnowledgeGraph
from labourkg.graph.viz import VizOptions, render_html
from labourkg.loaders.emit import emit

WINDOWS = {"world": ("2024-01-01", "2024-09-30"), "sample": ("2024-06-11", None),
           "gold": ("2024-01-01", "2024-12-31")}


def _sample_kg() -> KnowledgeGraph:
    """The conftest sample twice (2024) and once more in 2025 with a new MoU and meeting."""
    kg = KnowledgeGraph.memory()
    later = sample_facts("gamma.txt", date(2025, 2, 3))
    mou = replace(later.agreements[0], key="mou kedua", name="MoU Kedua", aliases=[],
                  date=date(2025, 2, 3), place=None)
    meet = replace(later.meetings[0], key="2025-02-03 kemnaker jp.mhlw", date=date(2025, 2, 3),
                   agreements=["mou kedua"], place=None)
    for facts in (sample_facts("alpha.txt"), sample_facts("beta.txt", date(2024, 6, 11)),
                  replace(later, agreements=[mou], meetings=[meet])):
        kg.replace_graph(NamedNode(iris.article(facts.article.key)), emit(facts))
    return kg


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    gold = tmp_path_factory.mktemp("gold")
    for src in sorted((Path(__file__).parent / "gold").glob("*.txt")):
        shutil.copy(src, gold / src.name)
    kg = KnowledgeGraph.memory()
    assert not kg.ingest([gold]).failures
    return {"world": world_kg(), "sample": _sample_kg(), "gold": kg}


@pytest.fixture
def whole_graphs(monkeypatch):
    """to_networkx read once per (store, view, window): the whole path, many times over."""
    cache = {}
    real = network.to_networkx

    def cached(kg, view="full", since=None, until=None):
        key = (id(kg), view, since, until)
        if key not in cache:
            cache[key] = real(kg, view, since, until)
        return cache[key].copy()
    monkeypatch.setattr(viz, "to_networkx", cached)
    return cached


def _whole(kg, options: VizOptions):
    try:
        return viz._whole_view(kg, options, viz._as_date(options.since, "since"),
                               viz._as_date(options.until, "until"))
    except ValueError as exc:
        return exc


def _scoped(kg, options: VizOptions):
    try:
        return viz._scoped_view(kg, options, viz._as_date(options.since, "since"),
                                viz._as_date(options.until, "until"))
    except viz._WholeGraph:
        return None
    except ValueError as exc:
        return exc


def _events_drawn(graph) -> set[str]:
    out = {n for n, t in graph.nodes(data="type") if t in ("agreement", "meeting")}
    for _u, _v, d in graph.edges(data=True):
        out.update(d.get("agreements", ()), d.get("meetings", ()))
    return out


def assert_same(scoped, whole, label: str, page: bool = True) -> None:
    """The scoped view is the whole one: nodes, edges, page; its graph attributes the
    whole graph's entries for what it draws."""
    assert not isinstance(scoped, Exception) and not isinstance(whole, Exception), (label, scoped, whole)
    a, b = scoped.graph, whole.graph
    assert (scoped.total, scoped.focus) == (whole.total, whole.focus), label
    assert list(a.nodes(data=True)) == list(b.nodes(data=True)), label
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True)), label
    for key in ("view", "since", "until"):
        assert a.graph[key] == b.graph[key], (label, key)
    assert a.graph["facts"] == {k: b.graph["facts"][k] for k in a.graph["facts"]}, label
    assert set(a.graph["facts"]) == _events_drawn(a) & set(b.graph["facts"]), label
    assert a.graph["articles"] == {k: b.graph["articles"][k] for k in a.graph["articles"]}, label
    used = {s for _n, d in a.nodes(data=True) for s in d["sources"]}
    used |= {s for _u, _v, d in a.edges(data=True) for s in d["sources"]}
    assert used & set(b.graph["articles"]) <= set(a.graph["articles"]), label
    if page:
        assert (render_html(a, focus=scoped.focus, total=scoped.total)
                == render_html(b, focus=whole.focus, total=whole.total)), label


def _entities(kg, view: str) -> list[str]:
    """Every node of the view, and some entities that are not in it."""
    nodes = sorted(network.to_networkx(kg, view))
    others = sorted(network.to_networkx(kg, "full")) if view != "full" else []
    return nodes + [n for n in others if n not in nodes][:8]


def _compare(kg, options: VizOptions, label: str, page: bool = True) -> bool:
    """Both paths; True when the scoped one drew (False: it handed over to the whole read)."""
    whole = _whole(kg, options)
    scoped = _scoped(kg, options)
    if scoped is None:
        # it may hand over only what it cannot find from the neighbourhood: a name
        # outside the view, or known only by the drawn labels
        return False
    if isinstance(whole, Exception):
        assert isinstance(scoped, Exception) and str(scoped) == str(whole), (label, scoped, whole)
        return True
    assert_same(scoped, whole, label, page)
    return True


def _options(view: str, window, sampled: bool, **select):
    """Every entity plainly; sampled ones with each date window, --hide-articles (in the
    full view, the only one with articles) and a trim to 4 nodes."""
    yield VizOptions(view=view, **select)
    if not sampled:
        return
    for since, until in ((None, None), window):
        for hide in ((False, True) if view == "full" else (False,)):
            for max_nodes in (2000, 4):
                yield VizOptions(view=view, since=since, until=until, hide_articles=hide,
                                 max_nodes=max_nodes, **select)


def _check_all(kg, name: str, view: str, select) -> None:
    """`select(iri, sampled)` gives the selections to draw around each entity."""
    entities = _entities(kg, view)
    step = max(1, len(entities) // 8)
    drawn = 0
    for i, iri in enumerate(entities):
        sampled = i % step == 0
        for chosen in select(iri, sampled):
            for options in _options(view, WINDOWS[name], sampled, **chosen):
                label = f"{name} {options}"
                if _compare(kg, options, label, page=False):
                    drawn += 1
                else:
                    assert iri not in _node_set(kg, options), f"handed over: {label}"
    assert drawn


@pytest.mark.parametrize("name", ["world", "sample", "gold"])
@pytest.mark.parametrize("view", VIEWS)
def test_focus_reads_the_same_graph(worlds, whole_graphs, name, view):
    _check_all(worlds[name], name, view,
               lambda iri, sampled: [{"focus": iri, "depth": d} for d in ((1, 0, 2) if sampled else (1,))])


@pytest.mark.parametrize("name", ["world", "sample", "gold"])
@pytest.mark.parametrize("view", VIEWS)
def test_partner_reads_the_same_graph(worlds, whole_graphs, name, view):
    _check_all(worlds[name], name, view, lambda iri, sampled: [{"partner": iri}])


def _node_set(kg, options: VizOptions) -> set[str]:
    graph = viz.to_networkx(kg, options.view, options.since, options.until)   # the cached read
    if options.hide_articles:
        return {n for n, t in graph.nodes(data="type") if t != "article"}
    return set(graph)


def test_same_pages(worlds, whole_graphs):
    """The pages themselves (their layout follows node and edge order)."""
    kg = worlds["gold"]
    graph = network.to_networkx(kg, "full")
    hubs = sorted(graph, key=lambda n: (-graph.degree(n), n))[:3]
    for focus in hubs + [iris.person("ida fauziyah")]:
        for options in (VizOptions(focus=focus, depth=1), VizOptions(focus=focus, max_nodes=30),
                        VizOptions(partner=focus, since="2024-01-01", hide_articles=True),
                        VizOptions(view="organizations", partner=focus)):
            _compare(kg, options, str(options), page=True)


def test_partner_and_focus_together(worlds, whole_graphs):
    kg = worlds["gold"]
    orgs = sorted(n for n, t in network.to_networkx(kg, "full").nodes(data="type")
                  if t in network.ORG_TYPES)[:12]
    officials = sorted(n for n, t in network.to_networkx(kg, "full").nodes(data="type")
                       if t == "official")[:12]
    for partner in orgs:
        for focus in officials + orgs[:4]:
            for depth in (1, 2):
                options = VizOptions(partner=partner, focus=focus, depth=depth, hide_articles=True)
                _compare(kg, options, f"partner={partner} focus={focus} depth={depth}")


def test_names_and_queries(worlds, whole_graphs):
    """Names go through kg.find_entity; a query's IRIs and labels narrow the graph first."""
    kg = worlds["gold"]
    for name in ("Japan", "Jepang", "Kemnaker", "ILO", "BP2MI", "Ida Fauziyah", "Nobody Here"):
        for view in VIEWS:
            _compare(kg, VizOptions(view=view, focus=name, depth=1), f"focus {name} {view}")
            _compare(kg, VizOptions(view=view, partner=name), f"partner {name} {view}")
    meetings = "meetings"       # a named question: meeting IRIs, labels and source files
    iri_query = ("PREFIX lkg: <https://w3id.org/labourkg/ontology#> SELECT ?x WHERE { { ?x a lkg:Meeting } "
                 "UNION { ?x a lkg:Official } UNION { ?x a <http://www.w3.org/ns/org#Organization> } }")
    for query in (meetings, iri_query):
        for partner in ("Japan", "Kemnaker", "ILO"):
            assert _compare(kg, VizOptions(query=query, partner=partner), f"{query} partner {partner}")
            assert _compare(kg, VizOptions(query=query, focus=partner, depth=2), f"{query} focus {partner}")
            both = VizOptions(query=query, partner=partner, focus="Kemnaker", hide_articles=True)
            assert _compare(kg, both, f"{query} partner {partner} focus Kemnaker")


def test_neighbourhood_reads_less_than_the_store(worlds):
    """A depth-1 focus on one official does not look at most of the graph."""
    kg = worlds["gold"]
    whole = network.to_networkx(kg, "full")
    official = next(n for n, t in sorted(whole.nodes(data="type")) if t == "official")
    hood = Neighbourhood(kg, "full")
    viz._ego_nodes(hood.neighbours, hood.type_of, official, 1)
    assert len(hood._classified) < whole.number_of_nodes() / 2


def test_build_view_takes_the_scoped_path(worlds, monkeypatch):
    calls = []
    monkeypatch.setattr(viz, "to_networkx", lambda *a, **k: calls.append(a) or network.to_networkx(*a, **k))
    kg = worlds["world"]
    view = viz.build_view(kg, VizOptions(focus="ILO", depth=1))
    assert view.focus == iris.organization("ilo") and not calls
    with pytest.raises(ValueError, match="not in this view"):
        viz.build_view(kg, VizOptions(focus="Organisasi Perburuhan Internasional", view="people"))
    assert calls            # an organisation is no node of the people view: the whole read says so
