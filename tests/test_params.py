"""Parameter values stay values: bound as RDF terms, never read as query syntax.

Locally a value goes through Oxigraph's substitutions; for a remote endpoint it
is written as an escaped N-Triples term in a VALUES block (remote.bind_values).
Both are checked with hostile values and with random text: the value comes back
verbatim, nothing else matches, and the store is unchanged.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Store

from labourkg.graph.query import QueryError
from labourkg.graph.sparql_text import bind_values, sparql_term, where_group

HOSTILE = [
    '"',
    "'",
    "{",
    "}",
    "} }",
    " UNION { ?s ?p ?o }",
    '" } UNION { ?s ?p ?o } #',
    '"; DROP ALL; #',
    "'; DROP ALL; #",
    "\"\"\"'''",
    "line one\nline two\r\n}",
    "\n} } SELECT * WHERE { ?s ?p ?o } #",
    "tab\there",
    "back\\slash \\\" \\u0022 \\U0001F600",
    "<http://evil.example/> . ?s ?p ?o",
    "?s ?p ?o",
    "nul\x00char \x7f",
    "Menaker & ILO — 労働 👷",
    "",
]
HOSTILE_NON_EMPTY = [h for h in HOSTILE if h]
ECHO = "SELECT ?x (STRLEN(?x) AS ?n) WHERE { }"


def _snapshot(kg) -> list[str]:
    return sorted(str(q) for q in kg.quads())


@pytest.mark.parametrize("value", HOSTILE_NON_EMPTY)
def test_local_value_is_returned_verbatim(memory_kg, value):
    before = _snapshot(memory_kg)
    rows = memory_kg.query(ECHO, x=value).rows
    assert rows == [{"x": value, "n": str(len(value))}]
    assert _snapshot(memory_kg) == before


@pytest.mark.parametrize("value", HOSTILE_NON_EMPTY)
def test_local_string_parameter_of_a_named_question_matches_nothing(memory_kg, value):
    before = _snapshot(memory_kg)
    assert memory_kg.query("agreements_by_status", status=value).rows == []
    assert _snapshot(memory_kg) == before


@pytest.mark.parametrize("value", HOSTILE_NON_EMPTY)
def test_hostile_entity_name_is_an_unknown_entity(memory_kg, value):
    before = _snapshot(memory_kg)
    with pytest.raises(QueryError, match=r"parameter partner: no entity is named"):
        memory_kg.query("agreements_with_partner", partner=value)
    assert _snapshot(memory_kg) == before


@pytest.mark.parametrize("value", HOSTILE_NON_EMPTY)
def test_hostile_date_is_not_a_date(memory_kg, value):
    with pytest.raises(QueryError, match=r"parameter since: .* is not a valid date"):
        memory_kg.query("meetings_in_range", since=value)


@pytest.mark.parametrize("value", HOSTILE_NON_EMPTY)
def test_text_binding_returns_the_value_verbatim(value):
    store = Store()
    text = bind_values(ECHO, {"x": Literal(value)})
    rows = [(s["x"].value, s["n"].value) for s in store.query(text)]
    assert rows == [(value, str(len(value)))]


@pytest.mark.parametrize("value", HOSTILE_NON_EMPTY)
def test_text_binding_of_a_named_question_adds_no_rows(memory_kg, value):
    from labourkg.graph.query import named_queries
    nq = named_queries()["agreements_by_status"]
    text = bind_values(nq.text, {"status": Literal(value)})
    before = _snapshot(memory_kg)
    assert list(memory_kg.store.query(text, use_default_graph_as_union=True)) == []
    assert _snapshot(memory_kg) == before


def test_text_binding_keeps_language_and_datatype():
    store = Store()
    terms = {"a": Literal('x"y', language="id"),
             "b": Literal("2024-06-10", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date")),
             "c": NamedNode("https://w3id.org/labourkg/id/country/jp")}
    text = bind_values("SELECT ?a ?b ?c WHERE { }", terms)
    [row] = list(store.query(text))
    assert (row["a"], row["b"], row["c"]) == (terms["a"], terms["b"], terms["c"])


def test_text_binding_goes_into_the_where_group_not_strings_or_comments():
    text = 'PREFIX ex: <http://ex.example/a#b>\nSELECT ?x # not here {\nWHERE { ?s ex:p "{" . }'
    bound = bind_values(text, {"x": Literal("v")})
    assert bound.index("VALUES") > bound.index("WHERE {")
    assert bound.splitlines()[:2] == text.splitlines()[:2]
    assert where_group("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") == 29


@pytest.mark.parametrize("iri", ["http://x.example/a b", "http://x.example/>", "http://x.example/{}",
                                 'http://x.example/"', "http://x.example/\n"])
def test_an_iri_that_would_break_out_is_refused(iri):
    # pyoxigraph refuses to build it; sparql_term would refuse to write it (QueryError is a ValueError)
    with pytest.raises(ValueError):
        sparql_term(NamedNode(iri))


@pytest.mark.parametrize("value", ["a b", "bad>iri", "x:{}", "javascript:alert(1)>"])
def test_iri_parameter_is_checked(memory_kg, value):
    from labourkg.graph.query import Param, literal_for
    with pytest.raises(QueryError, match=r"parameter g: .* is not a valid iri"):
        literal_for(Param("g", "iri"), value)


@pytest.mark.parametrize("name", ["x y", "x}", "x;DROP", "", "?x"])
def test_ad_hoc_parameter_names_must_be_variable_names(memory_kg, name):
    with pytest.raises(QueryError):
        memory_kg.query("SELECT ?x WHERE { }", **{name: "1"})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(min_size=1, max_size=60))
def test_random_text_stays_a_value_locally_and_as_text(memory_kg, value):
    rows = memory_kg.query(ECHO, x=value).rows
    assert rows == [{"x": value, "n": str(len(value))}]
    store = Store()
    text = bind_values(ECHO, {"x": Literal(value)})
    assert [(s["x"].value, s["n"].value) for s in store.query(text)] == [(value, str(len(value)))]


@settings(max_examples=100, deadline=None)
@given(value=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40),
       lang=st.sampled_from(["id", "en", "en-GB"]))
def test_random_terms_round_trip_through_sparql_syntax(value, lang):
    term = Literal(value, language=lang)
    [row] = list(Store().query(f"SELECT ?x WHERE {{ VALUES ?x {{ {sparql_term(term)} }} }}"))
    assert row["x"] == term
