"""The on-disk store, export round trips and SHACL conformance, on hand-built facts."""

from __future__ import annotations

import json

import pytest
import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Quad
from rdflib.compare import isomorphic

from labourkg.graph import iris
from labourkg.graph.store import STORE_FORMAT, KnowledgeGraph, StoreError
from labourkg.loaders.emit import emit


def _fill(kg, make_facts):
    for key in ("alpha.txt", "beta.txt"):
        kg.replace_graph(NamedNode(iris.article(key)), emit(make_facts(key)))


def test_store_persists_and_reopens_read_only(tmp_path, make_facts):
    with KnowledgeGraph.open(tmp_path / "s") as kg:
        _fill(kg, make_facts)
        n = len(kg.quads())
    with KnowledgeGraph.open(tmp_path / "s", read_only=True) as kg:
        assert len(kg.quads()) == n
        assert {r["source"] for r in kg.articles()} == {"alpha.txt", "beta.txt"}
        with pytest.raises(StoreError, match="read-only"):
            kg.remove_article("alpha.txt")


def test_missing_store_and_foreign_directory_are_clear_errors(tmp_path):
    with pytest.raises(StoreError, match="run `labourkg ingest"):
        KnowledgeGraph.open(tmp_path / "nothing", read_only=True)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a labourkg store"):
        KnowledgeGraph.open(tmp_path / "other")


def test_store_from_another_format_version_says_what_to_do(tmp_path):
    KnowledgeGraph.open(tmp_path / "s").close()
    (tmp_path / "s" / "labourkg.json").write_text(json.dumps({"format": STORE_FORMAT + 1}))
    with pytest.raises(StoreError, match="Re-ingest"):
        KnowledgeGraph.open(tmp_path / "s")


def test_remove_article(memory_kg):
    assert memory_kg.remove_article("alpha.txt")
    assert not memory_kg.remove_article("alpha.txt")
    assert {r["source"] for r in memory_kg.articles()} == {"beta.txt"}


def test_turtle_round_trip_is_isomorphic_and_deterministic(memory_kg):
    ttl = memory_kg.export(format="turtle")
    assert ttl == memory_kg.export(format="turtle")
    parsed = rdflib.Graph().parse(data=ttl, format="turtle")
    merged = rdflib.Graph()
    nt = memory_kg.export(format="ntriples").decode()
    merged.parse(data=nt, format="nt")
    assert isomorphic(parsed, merged)
    distinct = {(q.subject, q.predicate, q.object) for q in memory_kg.quads()}
    assert len(parsed) == len(distinct)


def test_trig_and_nquads_keep_one_graph_per_article(memory_kg):
    ds = rdflib.Dataset()
    ds.parse(data=memory_kg.export(format="trig"), format="trig")
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert {iris.article("alpha.txt"), iris.article("beta.txt")} <= graphs
    nq = memory_kg.export(format="nquads").decode().splitlines()
    assert len(nq) == len(memory_kg.quads())
    graph_column = [line.rsplit(" ", 2)[-2] for line in nq]
    assert graph_column == sorted(graph_column)
    assert memory_kg.export(format="nquads") == memory_kg.export(format="nquads")


def test_jsonld_parses_back(memory_kg):
    g = rdflib.Graph().parse(data=memory_kg.export(format="jsonld"), format="json-ld")
    assert len(g) == len({(q.subject, q.predicate, q.object) for q in memory_kg.quads()})


def test_export_to_file_by_suffix(memory_kg, tmp_path):
    memory_kg.export(tmp_path / "out" / "g.trig", None)
    text = (tmp_path / "out" / "g.trig").read_text()
    assert "GRAPH" in text or "{" in text
    assert not list((tmp_path / "out").glob("*.part"))
    with pytest.raises(ValueError, match="unknown export format"):
        memory_kg.export(tmp_path / "x", "yaml")


def test_built_graph_conforms_to_shapes(memory_kg):
    report = memory_kg.validate()
    assert report.conforms, report.text


def test_shapes_catch_a_fact_without_evidence(memory_kg):
    memory_kg.store.update("""
        PREFIX lkg: <https://w3id.org/labourkg/ontology#>
        DELETE { GRAPH ?g { ?a lkg:evidence ?e } } WHERE { GRAPH ?g { ?a a lkg:Agreement ; lkg:evidence ?e } }""")
    report = memory_kg.validate()
    assert not report.conforms
    assert report.violations >= 1


def test_stats_counts(memory_kg):
    s = memory_kg.stats()
    assert s["articles"] == 2
    assert s["agreements"] == 1 and s["meetings"] == 1
    assert s["officials"] == 3
    assert s["quads"] > s["triples"] > 0


# -- streaming export: the same bytes as sorting everything in memory ------------------------------


def _sorted_in_memory(store, fmt):
    """The export as it was first written: every quad sorted in memory (the reference)."""
    from pyoxigraph import Triple, serialize

    from labourkg.graph.export import FORMATS
    from labourkg.ontology import PREFIXES

    rdf_format, keeps_graphs = FORMATS[fmt]
    if keeps_graphs:
        items = sorted(store, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate),
                                             str(q.object)))
    else:
        seen = {(q.subject, q.predicate, q.object) for q in store}
        items = [Triple(*t) for t in sorted(seen, key=lambda t: tuple(map(str, t)))]
    prefixes = PREFIXES if fmt in ("turtle", "trig", "rdfxml") else None
    return serialize(items, format=rdf_format, prefixes=prefixes)


@pytest.fixture
def awkward_kg(memory_kg):
    """The two articles plus what sorts awkwardly: a default-graph triple, a blank-node graph,
    IRIs that are prefixes of each other, literals that differ only by language or type."""
    memory_kg.store.update("""
        INSERT DATA {
          <http://x/a> <http://x/p> "v" , "v"@en , "v"@en-gb , "v\\nw" , 7 .
          GRAPH <http://x/g> { <http://x/a-b> <http://x/p> <http://x/a> . <http://x/a> <http://x/p> "z" }
          GRAPH <http://x/g-2> { <http://x/a> <http://x/p> "v" }
        }""")
    memory_kg.store.add(Quad(NamedNode("http://x/a"), NamedNode("http://x/q"),
                             Literal("in a blank graph"), BlankNode("bnode")))
    return memory_kg


@pytest.mark.parametrize("fmt", ["nquads", "trig", "ntriples", "turtle", "jsonld", "rdfxml"])
def test_streaming_export_equals_sorting_in_memory(awkward_kg, fmt):
    assert awkward_kg.export(format=fmt) == _sorted_in_memory(awkward_kg.store, fmt)


@pytest.mark.parametrize("fmt", ["ntriples", "turtle"])
def test_spilled_runs_merge_to_the_same_bytes(awkward_kg, tmp_path, monkeypatch, fmt):
    import labourkg.graph.export as export_module

    whole = awkward_kg.export(format=fmt)
    monkeypatch.setattr(export_module, "RUN_LINES", 7)       # many runs, duplicates across them
    awkward_kg.export(tmp_path / f"g.{fmt}", fmt)
    assert (tmp_path / f"g.{fmt}").read_bytes() == whole
    assert [p.name for p in tmp_path.iterdir()] == [f"g.{fmt}"]   # runs and .part removed


def test_export_to_an_open_binary_file(memory_kg):
    import io

    buffer = io.BytesIO()
    assert memory_kg.export(buffer, "nquads") is None
    assert buffer.getvalue() == memory_kg.export(format="nquads")


def test_a_store_killed_while_being_created_says_so_and_the_next_ingest_finishes_it(tmp_path, make_facts):
    """RocksDB writes CURRENT before the column families: a first ingest killed in between
    leaves a store that a reader cannot open. The reader is told what happened and what
    to do, and the next writer completes the store."""
    import signal
    import subprocess
    import sys
    import time

    opener = ("import sys, time\nfrom labourkg.graph.store import KnowledgeGraph\n"
              "KnowledgeGraph.open(sys.argv[1])\ntime.sleep(30)\n")
    for attempt in range(60):
        root = tmp_path / f"s{attempt}"
        proc = subprocess.Popen([sys.executable, "-c", opener, str(root)])
        deadline = time.monotonic() + 20
        while not (root / "oxigraph" / "CURRENT").exists() and time.monotonic() < deadline:
            time.sleep(0.0002)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        try:
            KnowledgeGraph.open(root, read_only=True).close()
        except StoreError as exc:
            assert "half-created" in str(exc) and "labourkg ingest" in str(exc), exc
            break
    else:
        pytest.fail("60 kills never landed between CURRENT and the column families")
    with KnowledgeGraph.open(root) as kg:
        assert len(kg.quads()) == 0
        _fill(kg, make_facts)
    with KnowledgeGraph.open(root, read_only=True) as kg:
        assert kg.quads()
