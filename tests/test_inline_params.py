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

from labourkg.graph import query as query_module
from labourkg.graph.query import (QueryError, bind_params, named_queries, parse_query, run_query,
                                  spread_text)
from labourkg.graph.sparql_text import inline_params, spread
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
        assert text is not None
        code = re.sub(r"#[^\n<>]*$", "", text, flags=re.M)        # comments stay as written
        assert f"?{param.name}" not in code.replace(f"?{param.name}_", "")
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


def _spread_questions():
    return [nq for nq in named_queries().values() if nq.spread_hint()]


def test_questions_with_an_each_line_are_asked_per_value_and_answer_the_same(kg):
    """timeline and agreements_with_partner are spread over their events for most entities
    of the test graph, and give the answer of the whole question substituted."""
    assert {nq.name for nq in _spread_questions()} >= {"timeline", "agreements_with_partner"}
    spread_used = 0
    for nq in _spread_questions():
        var, param, _pattern = nq.spread_hint()
        for value in _entities(kg):
            bindings = bind_params(nq, {param: value}, kg.find_entity)
            text = spread_text(kg.store, nq, bindings)
            if text is not None:
                spread_used += 1
                assert not re.search(rf"\?{var}\b", re.sub(r"#[^\n<>]*$", "", text, flags=re.M))
            assert _answer(kg, nq, bindings, True) == _answer(kg, nq, bindings, False), (nq.name, value)
    assert spread_used > 50


def test_above_the_cap_the_question_is_asked_whole(kg, monkeypatch):
    nq = named_queries()["timeline"]
    asked = [bind_params(nq, {"entity": e}, kg.find_entity) for e in _entities(kg)]
    bindings = max((b for b in asked if spread_text(kg.store, nq, b) is not None),
                   key=lambda b: len(run_query(kg.store, nq, b)))
    spread_answer = _answer(kg, nq, bindings, True)
    assert len(spread_answer) > 3
    monkeypatch.setattr(query_module, "SPREAD_MAX", 2)
    assert spread_text(kg.store, nq, bindings) is None
    assert _answer(kg, nq, bindings, True) == spread_answer


def test_spread_writes_one_copy_of_the_where_group_per_value():
    store = Store()
    ex = "http://example.org/"
    for s, o in (("a", "x"), ("b", "y"), ("c", "x")):
        store.add(Quad(NamedNode(ex + s), NamedNode(ex + "p"), NamedNode(ex + o)))
    text = f"SELECT ?s ?o WHERE {{ ?s <{ex}p> ?o }} ORDER BY ?s"
    two = spread(text, "s", [NamedNode(ex + "a"), NamedNode(ex + "c")])
    assert two.count("UNION") == 1 and two.endswith("ORDER BY ?s")
    assert [(r["s"], r["o"]) for r in store.query(two)] == [(None, NamedNode(ex + "x"))] * 2
    none = spread(text, "s", [])
    assert list(store.query(none)) == []


def test_an_each_line_must_name_a_parameter_and_come_once():
    with pytest.raises(QueryError, match="names no parameter"):
        parse_query("#+ param: who entity\n#+ each ?s if whom: ?s ?p ?whom\nSELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="more than one"):
        parse_query("#+ param: who entity\n#+ each ?s if who: ?s ?p ?who\n"
                    "#+ each ?o if who: ?o ?p ?who\nSELECT * WHERE { ?s ?p ?o }")
    nq = parse_query("#+ param: who entity\n#+ each ?s if who: ?s ?p ?who\nSELECT * WHERE { ?s ?p ?o }")
    assert nq.spread_hint() == ("s", "who", "?s ?p ?who")
