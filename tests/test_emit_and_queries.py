"""emit -> store -> the five canonical queries, on hand-built facts."""

from __future__ import annotations

from labourkg.graph import iris
from labourkg.loaders.emit import emit


def test_emit_is_sorted_and_deterministic(make_facts):
    a, b = emit(make_facts()), emit(make_facts())
    assert [str(q) for q in a] == [str(q) for q in b]
    assert len(a) > 50
    graphs = {q.graph_name.value for q in a}
    assert graphs == {iris.article("alpha.txt")}


def test_every_fact_has_evidence_and_article(memory_kg):
    rows = memory_kg.query("""
        PREFIX lkg: <https://w3id.org/labourkg/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?fact WHERE {
          VALUES ?type { lkg:Agreement lkg:Meeting org:Membership org:Post }
          ?fact a ?type .
          FILTER NOT EXISTS { ?fact lkg:evidence/lkg:sentence ?s ; prov:wasDerivedFrom ?a }
        }""").rows
    assert rows == []


def test_officials_rows(memory_kg):
    rows = [r for r in memory_kg.query("officials").rows if r["source"] == "alpha.txt"]
    rina = {(r["role"], r["agency"]) for r in rows if r["name"] == "Rina Kusumawati"}
    assert ("Direktur Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja",
            "Kementerian Ketenagakerjaan") in rina
    assert len(rina) == 2  # the unit and its ministry
    sari = [r for r in rows if r["name"] == "Sari Dewi"]
    assert sari == [{"source": "alpha.txt", "name": "Sari Dewi", "role": None, "agency": None}]


def test_organizations_use_article_language(memory_kg):
    rows = memory_kg.query("organizations").rows
    names = {(r["name"], r["kind"]) for r in rows if r["source"] == "alpha.txt"}
    assert ("Jepang", "country") in names
    assert ("Japan", "country") not in names
    assert ("Kementerian Ketenagakerjaan", "government") in names


def test_agreements_and_meetings(memory_kg):
    agr = [r for r in memory_kg.query("agreements").rows if r["source"] == "beta.txt"]
    assert {r["party"] for r in agr} == {
        "Direktorat Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja",
        "Kementerian Kesehatan, Tenaga Kerja dan Kesejahteraan Jepang"}
    assert {(r["kind"], r["date"]) for r in agr} == {("mou", "2024-06-10")}
    meet = memory_kg.query("meetings").rows
    # the same meeting from two articles is one node with two sources
    assert len({r["meeting"] for r in meet}) == 1
    assert {r["source"] for r in meet} == {"alpha.txt", "beta.txt"}
    assert {r["place"] for r in meet} == {"Tokyo"}


def test_chain(memory_kg):
    rows = [r for r in memory_kg.query("chain").rows if r["source"] == "alpha.txt"]
    triples = {(r["official"], r["agreement"], r["partner"]) for r in rows}
    assert ("Rina Kusumawati", "MoU Penempatan Pekerja Terampil",
            "Kementerian Kesehatan, Tenaga Kerja dan Kesejahteraan Jepang") in triples
    assert ("Hiroshi Tanabe", "MoU Penempatan Pekerja Terampil",
            "Direktorat Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja") in triples
    # nobody's own side is their partner
    assert all(not (o == "Rina Kusumawati" and p.startswith("Kementerian Ketenagakerjaan"))
               for o, _, p in triples)
    assert len(triples) == 2


def test_replace_graph_twice_equals_once(memory_kg, make_facts):
    from pyoxigraph import NamedNode
    before = sorted(str(q) for q in memory_kg.quads())
    f = make_facts("alpha.txt")
    memory_kg.replace_graph(NamedNode(iris.article("alpha.txt")), emit(f))
    assert sorted(str(q) for q in memory_kg.quads()) == before


def test_emit_text_is_emit_as_n_triples(make_facts):
    from labourkg.graph.store import triples_text
    from labourkg.loaders.emit import emit_text

    facts = make_facts("alpha.txt")
    quads = emit(facts)
    graph, body, count = emit_text(facts)
    assert graph == quads[0].graph_name.value and count == len(quads)
    assert body == triples_text(quads)
