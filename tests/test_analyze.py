"""Analytics on the hand-checked world of tests/test_network_world.py (answers worked out there),
on tiny graphs built in the test, and through `labourkg analyze`."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from labourkg.graph.analyze import (AnalysisOptions, analyze, analyze_graphs, centrality,
                                    find_communities, interaction_graph)
from labourkg.graph.cli import app

import test_network_world as W  # the hand-checked world (tests/ is on pythonpath)


@pytest.fixture(scope="module")
def world():
    return W.world_kg()


@pytest.fixture(scope="module")
def result(world):
    return analyze(world)


def by_node(result):
    return {n.node: n for n in result.nodes}


# -- the hand-checked answers ---------------------------------------------------------------


def test_top_partner_is_japans_ministry(result):
    assert result.home == W.INDONESIA
    assert set(result.home_side) == {W.INDONESIA, W.KEMNAKER, W.BP2MI}
    rows = [(p.partner, p.agreements, p.meetings, p.total) for p in result.partners]
    assert rows == [(W.MHLW, 2, 1, 3), (W.ILO, 0, 2, 2)]
    top = result.partners[0]
    assert top.rank == 1 and top.label_en == "Ministry of Health, Labour and Welfare"
    assert top.country == "Jepang" and top.type == "agency"
    assert (top.first, top.last) == ("2023-03-01", "2024-05-02")
    assert top.sources == ("world1.txt", "world2.txt")


def test_ilo_is_the_broker(result):
    scores = by_node(result)
    best = max(result.nodes, key=lambda n: n.betweenness)
    assert best.node == W.ILO
    assert scores[W.ILO].betweenness == pytest.approx(9 / 28, abs=1e-6)
    assert scores[W.KEMNAKER].betweenness == pytest.approx(8 / 28, abs=1e-6)
    assert scores[W.MOEL].betweenness == pytest.approx(8 / 28, abs=1e-6)
    assert scores[W.MHLW].betweenness == 0.0 and scores[W.INDONESIA].betweenness == 0.0


def test_degrees(result):
    scores = by_node(result)
    assert result.nodes[0].node == W.KEMNAKER          # sorted by weighted degree
    assert (scores[W.KEMNAKER].degree, scores[W.KEMNAKER].weighted_degree) == (3, 7)
    assert (scores[W.MHLW].degree, scores[W.MHLW].weighted_degree) == (2, 4)
    assert (scores[W.MOEL].degree, scores[W.MOEL].weighted_degree) == (3, 4)
    # country edges say what belongs to what: not interaction, so the countries stand alone
    assert scores[W.INDONESIA].degree == 0 and scores[W.INDONESIA].eigenvector == 0.0
    assert scores[W.KEMNAKER].eigenvector == max(n.eigenvector for n in result.nodes)


def test_communities(result):
    groups = [set(c.nodes) for c in result.communities]
    assert groups == [{W.KEMNAKER, W.BP2MI, W.MHLW, W.ILO}, {W.MOEL, W.HRDK, W.KESUMA},
                      {W.INDONESIA}, {W.JAPAN}]
    assert result.communities[0].hub == "Kementerian Ketenagakerjaan"
    assert result.modularity == pytest.approx(12 / 13 - (17 ** 2 + 9 ** 2) / 26 ** 2, abs=1e-6)
    assert by_node(result)[W.ILO].community == 1 and by_node(result)[W.KESUMA].community == 2


def test_greedy_modularity_agrees_on_this_world(world):
    greedy = analyze(world, AnalysisOptions(communities="greedy"))
    assert [set(c.nodes) for c in greedy.communities][:2] == [
        {W.KEMNAKER, W.BP2MI, W.MHLW, W.ILO}, {W.MOEL, W.HRDK, W.KESUMA}]


def test_relations_per_year_and_per_partner(result):
    assert [(y.year, y.agreements, y.meetings) for y in result.years] == [("2023", 1, 1), ("2024", 2, 5)]
    rows = [(r.partner, r.year, r.agreements, r.meetings) for r in result.partner_years]
    assert rows == [(W.MHLW, "2023", 1, 1), (W.MHLW, "2024", 1, 0), (W.ILO, "2024", 0, 2)]


def test_window_changes_the_answer(world):
    later = analyze(world, AnalysisOptions(since="2024-01-01"))
    assert [(p.partner, p.total) for p in later.partners] == [(W.ILO, 2), (W.MHLW, 1)]
    assert [y.year for y in later.years] == ["2024"]
    earlier = analyze(world, AnalysisOptions(until="2023-12-31"))
    assert [(p.partner, p.agreements, p.meetings) for p in earlier.partners] == [(W.MHLW, 1, 1)]
    assert earlier.since is None and earlier.until == "2023-12-31"


def test_no_home_side_ranks_every_party(world):
    everyone = analyze(world, AnalysisOptions(home=""))
    assert everyone.home is None and not everyone.home_side
    assert everyone.partners[0].partner == W.KEMNAKER
    assert (everyone.partners[0].agreements, everyone.partners[0].meetings) == (2, 4)


def test_another_home_side_by_alias(world):
    korea = analyze(world, AnalysisOptions(home="MOEL"))
    assert set(korea.home_side) == {W.MOEL, W.HRDK}            # HRD Korea is under the ministry
    assert [(p.partner, p.agreements, p.meetings) for p in korea.partners] == [(W.KESUMA, 1, 1), (W.ILO, 0, 1)]
    with pytest.raises(ValueError, match="Atlantis"):
        analyze(world, AnalysisOptions(home="Atlantis"))


def test_people_view(world):
    people = analyze(world, AnalysisOptions(view="people"))
    assert people.view == "people"
    top = max(people.nodes, key=lambda n: n.betweenness)
    assert top.label == "Amara Diallo"       # the ILO director links the Indonesian and Korean sides
    assert top.betweenness == pytest.approx(2 / 3, abs=1e-6)   # 4 people: 2 of the 3 other pairs
    assert people.partners[0].partner == W.MHLW                 # partners always from organisations


def test_same_input_same_output(world):
    a = analyze(world, AnalysisOptions(view="full", seed=7))
    b = analyze(world, AnalysisOptions(view="full", seed=7))
    assert a.to_json() == b.to_json()


def test_top_limits_rows(world):
    short = analyze(world, AnalysisOptions(top=1))
    assert len(short.nodes) == 1 and len(short.partners) == 1
    assert {r.partner for r in short.partner_years} == {W.MHLW}


def test_bad_options(world):
    for options, message in ((AnalysisOptions(view="galaxy"), "unknown view"),
                             (AnalysisOptions(communities="kmeans"), "community method"),
                             (AnalysisOptions(by="pagerank"), "unknown measure"),
                             (AnalysisOptions(since="yesterday"), "not a date"),
                             (AnalysisOptions(top=0), "top")):
        with pytest.raises(ValueError, match=message):
            analyze(world, options)


def test_kg_method_delegates(world):
    assert world.analyze(view="organizations").partners[0].partner == W.MHLW
    assert world.to_networkx("people").number_of_nodes() == 4


# -- the measures on graphs built here ----------------------------------------------------------


def test_interaction_graph_sums_parallel_edges_and_skips_structure():
    graph = nx.MultiDiGraph(view="organizations")
    graph.add_edge("a", "b", key="partners", relation="partners", weight=2)
    graph.add_edge("b", "a", key="x", relation="partners", weight=1)
    graph.add_edge("a", "c", key="country", relation="country", weight=5)
    graph.add_edge("a", "a", key="self", relation="partners", weight=1)
    simple = interaction_graph(graph)
    assert simple.edges["a", "b"]["weight"] == 3
    assert not simple.has_edge("a", "c") and "c" in simple and not simple.has_edge("a", "a")
    graph.graph["view"] = "full"                # in other views every relation counts
    assert interaction_graph(graph).has_edge("a", "c")


def test_star_centre_brokers_everything():
    star = nx.star_graph(4)
    nx.set_node_attributes(star, {n: f"n{n}" for n in star}, "label")
    scores, sample = centrality(star)
    assert sample is None
    assert scores[0]["betweenness"] == 1.0 and scores[1]["betweenness"] == 0.0
    assert scores[0]["degree"] == 4 and scores[0]["eigenvector"] > scores[1]["eigenvector"]


def test_two_cliques_and_a_bridge_are_two_communities():
    graph = nx.Graph()
    graph.add_edges_from([(u, v) for group in ("abcd", "wxyz") for i, u in enumerate(group)
                          for v in group[i + 1:]], weight=1)
    graph.add_edge("d", "w", weight=1)
    nx.set_node_attributes(graph, {n: n for n in graph}, "label")
    for method in ("louvain", "greedy"):
        groups, modularity = find_communities(graph, method, seed=1)
        assert [set(g.nodes) for g in groups] == [set("abcd"), set("wxyz")]
        assert modularity > 0.4
    edgeless, q = find_communities(nx.empty_graph(3))
    assert [g.size for g in edgeless] == [1, 1, 1] and q == 0.0


def test_analyze_graphs_works_without_a_store():
    orgs = nx.MultiDiGraph(view="organizations", facts={
        "urn:m": {"type": "meeting", "label": "m", "date": None, "parties": ["h", "p"], "sources": ["s"]}})
    orgs.add_node("h", label="Home", type="country")
    orgs.add_node("p", label="Partner", type="agency", labels={"en": "Partner EN"})
    orgs.add_edge("h", "p", key="partners", relation="partners", weight=1)
    result = analyze_graphs(orgs, orgs, AnalysisOptions(home="Home"))
    assert [(p.label, p.meetings, p.first) for p in result.partners] == [("Partner", 1, None)]
    assert [(y.year, y.meetings) for y in result.years] == [("undated", 1)]
    assert result.to_dataframe("partners")["label_en"].tolist() == ["Partner EN"]


# -- serialisation and the command ----------------------------------------------------------------


def test_csv_and_json(result):
    rows = list(csv.DictReader(io.StringIO(result.to_csv("partners"))))
    assert rows[0]["label"].startswith("Kementerian Kesehatan") and rows[0]["total"] == "3"
    assert rows[0]["sources"] == "world1.txt; world2.txt"
    everything = result.to_csv()
    assert everything.startswith("# nodes\n") and "\n# partner_years\n" in everything
    data = json.loads(result.to_json())
    assert data["partners"][0]["sources"] == ["world1.txt", "world2.txt"]
    assert data["communities"][0]["size"] == 4 and data["seed"] == 42


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("analyze") / "store"
    W.world_kg(path)
    return path


def invoke(*args):
    return CliRunner().invoke(app, [*map(str, args)])


def test_cli_json(store):
    done = invoke("analyze", "--store", store, "--format", "json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert data["partners"][0]["partner"] == W.MHLW
    assert max(data["nodes"], key=lambda n: n["betweenness"])["node"] == W.ILO


def test_cli_csv_one_table_to_a_file(store, tmp_path):
    out = tmp_path / "years.csv"
    done = invoke("analyze", "--store", store, "-f", "csv", "--table", "years", "-o", out)
    assert done.exit_code == 0, done.output
    assert out.read_text(encoding="utf-8").splitlines() == [
        "year,agreements,meetings,total", "2023,1,1,2", "2024,2,5,7"]


def test_cli_table(store):
    done = invoke("analyze", "--store", store, "--since", "2024-01-01", "--view", "people")
    assert done.exit_code == 0, done.output
    for text in ("Centrality", "Amara Diallo", "Partners of Indonesia", "Communities",
                 "per year", "since 2024-01-01"):
        assert text in done.stdout


def test_cli_errors(store):
    assert invoke("analyze", "--store", store, "--view", "galaxy").exit_code == 2
    bad = invoke("analyze", "--store", store, "--table", "everything")
    assert bad.exit_code == 2 and "--table" in bad.output
    assert invoke("analyze", "--store", store, "--format", "xml").exit_code == 2
