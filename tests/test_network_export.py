"""GraphML and GEXF export of the network views, read back by networkx as Gephi would read them."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from typer.testing import CliRunner

from labourkg.graph import iris
from labourkg.graph.cli import app
from labourkg.graph.export_network import export_network, flat_graph, network_format

import test_network_world as W  # the hand-checked world (tests/ is on pythonpath)


SCALARS = (str, int, float, bool)


@pytest.fixture(scope="module")
def world():
    return W.world_kg()


def test_flat_graph_holds_only_scalars(world):
    flat = flat_graph(world.to_networkx("full"))
    for _n, data in flat.nodes(data=True):
        assert all(isinstance(v, SCALARS) for v in data.values()), data
    for *_e, data in flat.edges(keys=True, data=True):
        assert all(isinstance(v, SCALARS) for v in data.values()), data
    assert set(flat.graph) == {"view", "generator"}       # since/until were None: left out


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_round_trip_keeps_types_labels_dates_and_sources(world, tmp_path, fmt, read):
    path = tmp_path / f"orgs.{fmt}"
    assert world.export_network(path, fmt, view="organizations") is None
    graph = read(path)
    assert graph.number_of_nodes() == 9
    mhlw = graph.nodes[W.MHLW]
    assert mhlw["type"] == "agency" and mhlw["label"].startswith("Kementerian Kesehatan")
    assert mhlw["label_en"] == "Ministry of Health, Labour and Welfare"
    assert mhlw["sources"] == "world1.txt; world2.txt"
    u, v = sorted((W.MHLW, W.KEMNAKER))
    edge = next(d for _u, _v, d in graph.edges(data=True) if {_u, _v} == {u, v})
    assert edge["relation"] == "partners" and float(edge["weight"]) == 3
    assert edge["sources"] == "world1.txt; world2.txt"
    assert edge["agreement_labels"] == "MoU Pemagangan; Plan of Action on Skilled Workers"


def test_full_view_keeps_dates_and_evidence(world):
    data = export_network(world, None, "graphml", view="full")
    graph = nx.read_graphml(io.BytesIO(data))
    mou = graph.nodes[iris.agreement("mou pemagangan")]
    assert mou["type"] == "agreement" and mou["date"] == "2023-03-01" and mou["dates"] == "2023-03-01"
    assert mou["evidence"] == "Kedua kementerian meneken MoU Pemagangan. [world1.txt]"
    assert mou["kind"] == "mou" and mou["status"] == "signed"


def test_same_graph_same_bytes_and_no_date_of_today(world):
    for fmt in ("graphml", "gexf"):
        assert export_network(world, None, fmt) == export_network(world, None, fmt)
    gexf = export_network(world, None, "gexf", view="people")
    meta = ET.fromstring(gexf).find("{http://www.gexf.net/1.2draft}meta")
    assert "lastmodifieddate" not in meta.attrib


def test_window(world):
    data = export_network(world, None, "gexf", view="organizations", since="2024-06-01")
    graph = nx.read_gexf(io.BytesIO(data))
    partners = {frozenset((u, v)) for u, v, d in graph.edges(data=True) if d["relation"] == "partners"}
    assert frozenset((W.MHLW, W.KEMNAKER)) not in partners       # 2023 and May 2024 only
    assert frozenset((W.ILO, W.KEMNAKER)) in partners


def test_format_from_option_or_suffix():
    assert network_format("x.gexf", None) == "gexf"
    assert network_format("x.GraphML", None) == "graphml"
    assert network_format("x.ttl", None) is None
    assert network_format("x.ttl", "gexf") == "gexf"
    assert network_format(None, "turtle") is None
    with pytest.raises(ValueError, match="graphml or gexf"):
        export_network(None, None, "dot")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "store"
    W.world_kg(path)
    return path


def test_cli_export(store, tmp_path):
    runner = CliRunner()
    out = tmp_path / "people.gexf"
    done = runner.invoke(app, ["export", "--store", str(store), "-o", str(out), "--view", "people"])
    assert done.exit_code == 0, done.output
    assert nx.read_gexf(out).number_of_nodes() == 4
    piped = runner.invoke(app, ["export", "--store", str(store), "-f", "graphml"])
    assert piped.exit_code == 0 and piped.stdout.startswith("<?xml")
    assert "graphml" in piped.stdout[:400]
    wrong = runner.invoke(app, ["export", "--store", str(store), "-f", "turtle", "--view", "people"])
    assert wrong.exit_code == 2 and "graphml or gexf" in wrong.output
    turtle = runner.invoke(app, ["export", "--store", str(store), "-f", "turtle"])
    assert turtle.exit_code == 0 and "@prefix" in turtle.stdout
