"""Parameters written into a question as constants give the answers substitution gives.

`run_query` inlines bound parameters (Oxigraph plans around constants, not around
substituted variables); it must never change an answer. Every named question with
parameters is asked both ways on the graph of the invented articles in tests/gold,
for every entity, partner and official there, and for dates and thresholds.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from labourkg.graph.query import QueryError, bind_params, named_queries, parse_query, run_query
from labourkg.graph.sparql_text import inline_params
from labourkg.graph.store import KnowledgeGraph

GOLD = Path(__file__).parent / "gold"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def kg():
    graph = KnowledgeGraph.memory()
    report = graph.ingest(sorted(GOLD.glob("*.txt")))
    assert report.ok and report.articles >= 30
    return graph


def _entities(kg) -> list[str]:
    rows = kg.query("""SELECT DISTINCT ?e WHERE { ?e a ?t
        VALUES ?t { <http://www.w3.org/ns/org#Organization> <https://schema.org/Country>
                    <https://w3id.org/labourkg/ontology#Official> <https://w3id.org/labourkg/ontology#Agreement> }
    } ORDER BY ?e""").rows
    return [r["e"] for r in rows]


def _values(kg, param) -> list:
    if param.type == "entity":
        return _entities(kg)
    if param.type == "date":
        return ["2019-01-01", "2023-06-30", "2025-01-01"]
    if param.type == "decimal":
        return ["0", "0.8", "0.95"]
    if param.type == "integer":
        return ["1", "3"]
    return ["mou", "id", "en"]


def _answer(kg, nq, bindings, inline):
    result = run_query(kg.store, nq, bindings, inline=inline)
    return sorted((tuple(row.get(v) or "" for v in nq.vars), tuple(row.get(v) is None for v in nq.vars))
                  for row in result.rows)


def _without_hints(nq):
    return dataclasses.replace(nq, text=re.sub(r"#\+\s*if\b", "# (hint)", nq.text))


def test_every_parameterised_question_answers_the_same_inlined(kg):
    """...and the same with its `#+ if` hint lines made live as without them."""
    asked = 0
    nonempty = 0
    hinted = 0
    for name, nq in named_queries().items():
        for param in nq.params:
            for value in _values(kg, param):
                try:
                    bindings = bind_params(nq, {param.name: value}, kg.find_entity)
                except QueryError:
                    continue            # e.g. a string value a typed parameter refuses
                others = {p.name for p in nq.params if p.required and p.name not in bindings}
                if others:              # a second required parameter: give it its first value
                    extra = {p.name: _values(kg, p)[0] for p in nq.params if p.name in others}
                    bindings = bind_params(nq, {param.name: value, **extra}, kg.find_entity)
                inlined = _answer(kg, nq, bindings, True)
                assert inlined == _answer(kg, nq, bindings, False), (name, param.name, value)
                if nq.text_for(bindings) != nq.text:
                    assert inlined == _answer(kg, _without_hints(nq), bindings, False), \
                        ("hint changes the answer", name, param.name, value)
                    hinted += 1
                asked += 1
                nonempty += bool(inlined)
    assert asked > 300 and nonempty > 100 and hinted > 50


def test_the_targeted_questions_are_inlined():
    for name in ("chain_for_official", "agreements_with_partner", "officials_of_agency", "career",
                 "provenance", "timeline"):
        nq = named_queries()[name]
        param = next(p for p in nq.params if p.type == "entity")
        text = inline_params(nq.text_for({param.name}), {param.name: NamedNode("https://w3id.org/labourkg/id/x")})
        assert text is not None and f"?{param.name}" not in text.replace(f"?{param.name}_", "")
        assert "<https://w3id.org/labourkg/id/x>" in text


def test_hint_lines_join_the_query_only_when_their_parameter_is_bound():
    nq = parse_query("#+ vars: s\n#+ param: who entity = none\nSELECT ?s WHERE {\n"
                     "  #+ if who: ?s <http://p> ?who .\n  ?s ?p ?o }")
    assert nq.text_for(()) == nq.text
    live = nq.text_for({"who"})
    assert "  ?s <http://p> ?who .\n" in live and "#+ if" not in live
    with pytest.raises(QueryError, match="names no parameter"):
        parse_query("#+ param: who entity\nSELECT * WHERE {\n#+ if whom: ?s ?p ?whom .\n}")


def test_a_value_stays_a_value():
    nq = parse_query('#+ vars: s\nSELECT ?s WHERE { ?s ?p ?o FILTER(?o = ?v) }')
    hostile = '" } ; DROP ALL ; SELECT * { "'
    text = inline_params(nq.text, {"v": Literal(hostile)})
    store = Store()
    assert run_query(store, nq, {"v": Literal(hostile)}).rows == []
    assert text.count('"') == hostile.count('"') + 2 and '\\"' in text


@pytest.mark.parametrize("query", [
    "SELECT ?s WHERE { ?s ?p ?o BIND(1 AS ?v) }",                      # a BIND target
    "SELECT ?s WHERE { VALUES ?v { 1 2 } ?s ?p ?v }",                  # a VALUES variable
    "SELECT ?s (COUNT(*) AS ?v) WHERE { ?s ?p ?o } GROUP BY ?s",       # a projection alias
    "SELECT ?s WHERE { ?s ?p ?o FILTER(!BOUND( ?v )) }",               # BOUND takes a variable
])
def test_where_a_constant_would_change_the_meaning_nothing_is_inlined(query):
    assert inline_params(query, {"v": Literal("1", datatype=NamedNode(XSD + "integer"))}) is None


def test_the_parameter_leaves_every_select_clause_and_nothing_else():
    query = ("SELECT ?a ?v WHERE { { SELECT ?a ?v WHERE { ?a <http://p> ?v } } "
             "FILTER(?v != \"?v\") } # ?v in a comment")
    text = inline_params(query, {"v": NamedNode("http://x")})
    assert text == ("SELECT ?a  WHERE { { SELECT ?a  WHERE { ?a <http://p> <http://x> } } "
                    "FILTER(<http://x> != \"?v\") } # ?v in a comment")


def test_a_constant_in_group_by_or_order_by_is_bracketed():
    """The grammar takes a variable or a bracketed expression there, not a bare term."""
    nq = parse_query("#+ vars: s n\nSELECT ?s ?v (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?o != ?v) }"
                     " GROUP BY ?s ?v ORDER BY DESC(?v) ?s")
    text = inline_params(nq.text, {"v": Literal("x")})
    assert text.endswith('GROUP BY ?s ("x") ORDER BY DESC(("x")) ?s')
    store = Store()
    store.add(Quad(NamedNode("http://s"), NamedNode("http://p"), Literal("o")))
    assert store.query(text)    # parses
    assert run_query(store, nq, {"v": Literal("x")}).rows == [{"s": "http://s", "n": "1"}]


def test_a_constant_the_grammar_refuses_falls_back_to_substitution():
    nq = parse_query("#+ vars: s\nSELECT ?s ?v WHERE { ?s ?v ?o }")
    assert 'SELECT ?s  WHERE { ?s "x" ?o }' in inline_params(nq.text, {"v": Literal("x")})
    store = Store()
    store.add(Quad(NamedNode("http://s"), NamedNode("http://p"), Literal("o")))
    assert run_query(store, nq, {"v": NamedNode("http://p")}).rows == [{"s": "http://s"}]
    assert run_query(store, nq, {"v": Literal("x")}).rows == []
