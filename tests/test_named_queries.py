"""Every named question in queries/ run on the two invented articles of the fixture.

CASES lists, for each question, the parameters to pass and the rows expected
(only the columns named, in order), so a question whose answer changes fails
here. A new .rq file without a case fails `test_every_question_has_a_case`.
"""

from __future__ import annotations

import importlib.util
import re
from importlib import resources

import pytest

from labourkg.graph.query import QueryError, named_queries

DG = "Direktorat Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja"
DG_EN = "Directorate General of Manpower Placement and Expansion of Employment Opportunities"
DG_ROLE = "Direktur Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja"
MHLW = "Kementerian Kesehatan, Tenaga Kerja dan Kesejahteraan Jepang"
MHLW_EN = "Ministry of Health, Labour and Welfare"
MOU = "MoU Penempatan Pekerja Terampil"
MEETING = f"Kementerian Ketenagakerjaan – {MHLW}, 2024-06-10"
RINA, TANABE = "Rina Kusumawati", "Hiroshi Tanabe"
SENTENCE = "Dirjen Binapenta dan PKK Rina Kusumawati menandatangani MoU dengan MHLW."
ID = "https://w3id.org/labourkg/id/"
BOTH = ("alpha.txt", "beta.txt")


def per_source(*row):
    """The same row once for each article, the source first."""
    return [(s, *row) for s in BOTH]


# name -> list of (params, columns, expected rows)
CASES: dict[str, list[tuple[dict, tuple[str, ...], list[tuple]]]] = {
    "articles": [({}, ("source", "published", "language", "facts"),
                  [("alpha.txt", "2024-06-10", "id", "14"), ("beta.txt", "2024-06-11", "id", "14")])],
    "officials": [({}, ("source", "name", "role", "agency"),
                   [r for s in BOTH for r in [(s, TANABE, "Wakil Menteri", MHLW),
                                              (s, RINA, DG_ROLE, DG),
                                              (s, RINA, DG_ROLE, "Kementerian Ketenagakerjaan"),
                                              (s, "Sari Dewi", None, None)]])],
    "organizations": [({}, ("source", "name", "kind"),
                       [r for s in BOTH for r in [(s, "Indonesia", "country"), (s, "Jepang", "country"),
                                                  (s, DG, "government"), (s, MHLW, "government"),
                                                  (s, "Kementerian Ketenagakerjaan", "government")]])],
    "agreements": [({}, ("source", "agreement", "kind", "party", "date"),
                    [r for s in BOTH for r in [(s, MOU, "mou", DG, "2024-06-10"),
                                               (s, MOU, "mou", MHLW, "2024-06-10")]])],
    "meetings": [({}, ("source", "participant", "date", "place"),
                  [r for s in BOTH for r in [(s, MHLW, "2024-06-10", "Tokyo"),
                                             (s, "Kementerian Ketenagakerjaan", "2024-06-10", "Tokyo")]])],
    "chain": [({}, ("source", "official", "agreement", "partner"),
               [r for s in BOTH for r in [(s, TANABE, MOU, DG), (s, RINA, MOU, MHLW)]])],
    "officials_of_agency": [
        ({"agency": "Kemnaker"}, ("source", "name", "role", "unit", "observed"),
         [("alpha.txt", RINA, DG_ROLE, DG, "2024-06-10"), ("beta.txt", RINA, DG_ROLE, DG, "2024-06-11")]),
        ({"agency": "Ministry of Health, Labour and Welfare"}, ("source", "name", "unit"),
         per_source(TANABE, MHLW)),
        ({"agency": "Jepang"}, ("name",), []),   # a country is not an agency: no org:subOrganizationOf
    ],
    "career": [
        ({"person": "Dirjen Rina"}, ("role", "agency", "first", "last", "articles", "sources"),
         [(DG_ROLE, DG_EN, "2024-06-10", "2024-06-11", "2", "alpha.txt, beta.txt")]),
        ({"person": "tanabe"}, ("role", "agency", "articles"), [("Wakil Menteri", MHLW_EN, "2")]),
        ({"person": "Sari Dewi"}, ("role",), []),
    ],
    "agreements_with_partner": [
        ({"partner": "Jepang"}, ("source", "agreement", "kind", "status", "date", "party"),
         per_source(MOU, "mou", "signed", "2024-06-10", MHLW)),
        ({"partner": "MHLW", "until": "2024-06-10"}, ("source", "party"), per_source(MHLW)),
        ({"partner": "Japan", "since": "2024-06-11"}, ("source",), []),
        ({"partner": "Indonesia", "since": "2024-01-01", "until": "2024-12-31"}, ("source", "party"),
         per_source(DG)),
    ],
    "partners_ranked": [
        ({}, ("partner", "country", "agreements", "meetings", "total"),
         [(MHLW_EN, "Japan", "1", "1", "2")]),
        ({"home": "Japan"}, ("partner", "country", "agreements", "meetings", "total"),
         [(DG_EN, "Indonesia", "1", "0", "1"), ("Ministry of Manpower", "Indonesia", "0", "1", "1")]),
    ],
    "meetings_in_range": [
        ({}, ("date", "meeting", "kind", "place", "source"),
         [("2024-06-10", MEETING, "signing", "Tokyo", s) for s in BOTH]),
        ({"since": "2024-06-10", "until": "2024-06-10"}, ("source",), [("alpha.txt",), ("beta.txt",)]),
        ({"since": "2024-06-11"}, ("source",), []),
        ({"until": "2024-06-09"}, ("source",), []),
    ],
    "who_met_whom": [
        ({}, ("official", "other", "date", "place", "source"),
         [(TANABE, RINA, "2024-06-10", "Tokyo", s) for s in BOTH]),
        ({"person": "Rina"}, ("official", "other"), [(TANABE, RINA)] * 2),
        ({"person": "Sari Dewi"}, ("official",), []),
    ],
    "timeline": [
        ({}, ("date", "what", "kind", "event", "source"),
         [("2024-06-10", "agreement", "mou", MOU, s) for s in BOTH]
         + [("2024-06-10", "meeting", "signing", MEETING, s) for s in BOTH]),
        ({"entity": "Japan"}, ("what", "source"),
         [("agreement", "alpha.txt"), ("agreement", "beta.txt"),
          ("meeting", "alpha.txt"), ("meeting", "beta.txt")]),
        ({"entity": "Sari Dewi"}, ("what",), []),
    ],
    "agreements_by_status": [
        ({}, ("status", "agreement", "kind", "date", "source"),
         [("signed", MOU, "mou", "2024-06-10", s) for s in BOTH]),
        ({"status": "signed"}, ("status", "source"), [("signed", s) for s in BOTH]),
        ({"status": "expired"}, ("status",), []),
    ],
    "agreements_to_renew": [
        ({"today": "2030-01-01"}, ("agreement", "status", "date", "reason", "source"),
         [(MOU, "signed", "2024-06-10", "older than 5 years", s) for s in BOTH]),
        ({"today": "2029-06-10"}, ("agreement",), []),          # exactly five years: not older
        ({"today": "2029-06-11"}, ("source",), [("alpha.txt",), ("beta.txt",)]),
        ({"today": "2026-06-11", "years": "2"}, ("reason",), [("older than 2 years",)] * 2),
        ({"today": "2025-01-01"}, ("agreement",), []),
    ],
    "topics_by_partner": [
        ({}, ("partner", "topic", "agreements", "meetings"), [(MHLW_EN, "penempatan", "1", "1")]),
        ({"home": "Jepang"}, ("partner", "topic", "agreements", "meetings"),
         [(DG_EN, "penempatan", "1", "0"), ("Ministry of Manpower", "penempatan", "0", "1")]),
    ],
    "provenance": [
        ({"entity": "Rina"}, ("source", "type", "relation", "sentence", "confidence"),
         [r for s in BOTH for r in [(s, "Agreement", "signatory", SENTENCE, "0.9"),
                                    (s, "Meeting", "attendee", SENTENCE, "0.9"),
                                    (s, "Membership", "member", SENTENCE, "0.9"),
                                    (s, "Post", "heldBy", SENTENCE, "0.9")]]),
        ({"entity": "MHLW"}, ("source", "type", "relation"),
         [r for s in BOTH for r in [(s, "Agreement", "party"), (s, "Meeting", "participant"),
                                    (s, "Membership", "organization"), (s, "Post", "postIn")]]),
        ({"entity": "Rina", "min_confidence": "0.95"}, ("fact",), []),
        ({"entity": "Sari Dewi"}, ("fact",), []),   # named, but no fact was read about her
    ],
    "aliases": [
        ({"entity": "Kemnaker"}, ("entity_name", "kind", "name", "language", "form"),
         [("Ministry of Manpower", "Organization", "Kemnaker", "", "alt"),
          ("Ministry of Manpower", "Organization", "Ministry of Manpower", "en", "pref"),
          ("Ministry of Manpower", "Organization", "Kementerian Ketenagakerjaan", "id", "pref")]),
        ({"entity": "Tanabe"}, ("name", "form"), [("Tanabe", "alt"), (TANABE, "pref")]),
        ({"entity": "Sari Dewi"}, ("name",), []),       # one name only
    ],
    "chain_for_official": [
        ({"official": "Rina Kusumawati"}, ("source", "name", "role", "agency", "agreement", "partner"),
         per_source(RINA, DG_ROLE, DG, MOU, MHLW)),
        ({"official": "Tanabe"}, ("source", "name", "partner"), per_source(TANABE, DG)),
        ({"official": "Sari Dewi"}, ("source",), []),
    ],
    "low_confidence": [
        ({}, ("fact",), []),
        ({"threshold": "0.95"}, ("source", "type"),
         [r for s in BOTH for r in [(s, "Agreement"), (s, "Meeting"), (s, "Membership"),
                                    (s, "Membership"), (s, "Post"), (s, "Post")]]),
        ({"threshold": "0.9"}, ("fact",), []),           # under, not at
    ],
}

QUERIES = named_queries()
ALL_CASES = [pytest.param(name, params, cols, rows, id=f"{name}-{i}")
             for name, cases in sorted(CASES.items()) for i, (params, cols, rows) in enumerate(cases)]


def test_every_question_has_a_case():
    files = sorted(e.name[:-3] for e in resources.files("labourkg.queries").iterdir()
                   if e.name.endswith(".rq"))
    assert files == sorted(QUERIES)
    assert sorted(CASES) == files
    assert len(files) >= 15


@pytest.mark.parametrize("name,params,cols,expected", ALL_CASES)
def test_question_rows(memory_kg, name, params, cols, expected):
    result = memory_kg.query(name, **params)
    assert result.vars == list(QUERIES[name].vars)
    got = [tuple(row[c] for c in cols) for row in result.rows]
    assert got == expected


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_is_complete(name):
    nq = QUERIES[name]
    assert nq.summary and nq.vars
    # a comment that says what the question answers, besides the #+ header
    assert any(line.startswith("# ") for line in nq.text.splitlines())
    for p in nq.params:
        assert re.search(rf"\?{p.name}\b", nq.text), f"{name}: ?{p.name} is not used"
        assert p.doc, f"{name}: parameter {p.name} has no description"
    for v in nq.vars:
        assert re.search(rf"\?{v}\b", nq.text), f"{name}: column ?{v} is not in the query"


@pytest.mark.parametrize("name", sorted(n for n, q in QUERIES.items() if q.params))
def test_parameters_are_projected_and_never_tested_with_bound(name):
    """Oxigraph substitutes only projected variables, and BOUND() of one stays false."""
    nq = QUERIES[name]
    head = nq.text[nq.text.index("SELECT"):]
    select_clause = re.split(r"\bWHERE\b", head, maxsplit=1)[0]
    for p in nq.params:
        assert re.search(rf"\?{p.name}\b", select_clause), f"{name}: ?{p.name} is not projected"
        assert not re.search(rf"BOUND\(\s*\?{p.name}\b", nq.text, re.I)


def test_required_parameter_missing_names_it(memory_kg):
    with pytest.raises(QueryError, match=r"career needs a value for person \(--param person=\.\.\.\)"):
        memory_kg.query("career")


def test_unknown_parameter_names_it_and_lists_the_good_ones(memory_kg):
    with pytest.raises(QueryError, match=r"timeline has no parameter partner; it takes: entity"):
        memory_kg.query("timeline", partner="Japan")
    with pytest.raises(QueryError, match=r"officials has no parameter x; it takes: no parameters"):
        memory_kg.query("officials", x="1")


def test_unknown_entity_is_named(memory_kg):
    with pytest.raises(QueryError, match=r"parameter partner: no entity is named 'Atlantis'"):
        memory_kg.query("agreements_with_partner", partner="Atlantis")


@pytest.mark.parametrize("name,param,value,kind", [
    ("meetings_in_range", "since", "10/06/2024", "date"),
    ("agreements_to_renew", "years", "five", "integer"),
    ("agreements_to_renew", "years", "2.5", "integer"),
    ("low_confidence", "threshold", "high", "decimal"),
    ("low_confidence", "threshold", "nan", "decimal"),
])
def test_badly_typed_parameter_is_named(memory_kg, name, param, value, kind):
    with pytest.raises(QueryError, match=rf"parameter {param}: '{re.escape(value)}' is not a valid {kind}"):
        memory_kg.query(name, **{param: value})


def test_decimal_parameter_in_exponent_form_is_a_valid_decimal(memory_kg):
    rows = memory_kg.query("low_confidence", threshold="9.5e-1").rows
    assert len(rows) == 12


def test_empty_value_counts_as_not_given(memory_kg):
    assert memory_kg.query("meetings_in_range", since="").rows == memory_kg.query("meetings_in_range").rows


def test_entity_names_resolve_in_both_languages_any_case_and_accents(memory_kg):
    japan = memory_kg.find_entity("Jepang")
    assert japan is not None and japan.value == ID + "country/jp"
    assert memory_kg.find_entity("JAPAN") == japan
    assert memory_kg.find_entity("  japán ") == japan
    assert memory_kg.find_entity("mhlw").value == ID + "org/jp/mhlw"
    assert memory_kg.find_entity("Kementerian Ketenagakerjaan").value == ID + "org/kemnaker"
    assert memory_kg.find_entity(ID + "org/kemnaker").value == ID + "org/kemnaker"
    assert memory_kg.find_entity("Atlantis") is None
    assert memory_kg.find_entity("") is None


def test_a_name_shared_by_a_unit_and_a_role_means_the_unit(memory_kg):
    # "Ditjen Binapenta dan PKK" is an alias of the directorate and of its head's role
    assert memory_kg.find_entity("Ditjen Binapenta dan PKK").value == ID + "org/kemnaker/ditjen-binapenta"


def test_home_default_is_ignored_when_the_graph_does_not_know_it():
    from labourkg.graph.store import KnowledgeGraph
    kg = KnowledgeGraph.memory()
    assert kg.query("partners_ranked").rows == []


def test_syntax_error_points_at_line_and_column(memory_kg):
    bad_line = '  ?s ?p "é" ) ?o }'
    text = "SELECT ?s WHERE {\n  ?s ?p ?o .\n" + bad_line
    with pytest.raises(QueryError) as err:
        memory_kg.query(text)
    message = str(err.value)
    assert message.startswith("syntax error in query at line 3, column ")
    column = int(re.search(r"column (\d+)", message).group(1))
    # Oxigraph counts bytes ("é" is two); the column counts characters, at or after the ")"
    assert bad_line.index(")") + 1 <= column <= len(bad_line) + 1
    assert bad_line in message
    caret = message.splitlines()[-1]
    assert caret == "  " + " " * (column - 1) + "^"


def test_unknown_prefix_says_so(memory_kg):
    with pytest.raises(QueryError, match=r"line 1, column \d+: unknown prefix"):
        memory_kg.query("SELECT * WHERE { ?s ex:p ?o }")


def test_ad_hoc_parameter_must_be_projected(memory_kg):
    q = "SELECT ?s WHERE { ?s ?p ?o FILTER(?o = ?x) }"
    with pytest.raises(QueryError, match=r"parameter x must be listed in the SELECT clause"):
        memory_kg.query(q, x="1")
    rows = memory_kg.query("SELECT DISTINCT ?s ?x WHERE { ?s <https://schema.org/name> ?x }",
                           x="Sari Dewi").rows
    assert rows == [{"s": ID + "person/sari-dewi", "x": "Sari Dewi"}]


def test_construct_result_serializes_as_turtle(memory_kg):
    result = memory_kg.query("""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        CONSTRUCT { ?s skos:altLabel ?l } WHERE { ?s skos:altLabel ?l FILTER(STR(?l) = "MHLW") }""")
    assert len(result) == 1
    text = result.serialize("turtle")
    assert "skos:altLabel" in text and '"MHLW"' in text


def test_to_dataframe_has_the_columns(memory_kg, need):
    need(importlib.util.find_spec("pandas") is not None, "pandas (test extra) is not installed")
    import pandas as pd
    frame = memory_kg.query("partners_ranked").to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["partner", "country", "agreements", "meetings", "total"]


def _label_rows(kg) -> list[tuple[str, str, str, str | None]]:
    """Every (subject, predicate, label, type) of the store: the full scan, the reference answer."""
    from labourkg.graph.query import ENTITY_LABELS

    return [(s["s"].value, s["p"].value, s["label"].value,
             s["type"].value if s["type"] is not None else None)
            for s in kg.store.query(ENTITY_LABELS)]


def test_names_found_by_index_are_the_names_the_full_scan_finds(memory_kg):
    """find_entity looks exact spellings up through the index; its answer must be the scan's."""
    from labourkg.graph.query import pick_entity

    rows = _label_rows(memory_kg)
    labels = sorted({r[2] for r in rows})
    assert len(labels) > 20
    for label in labels:
        for typed in (label, label.lower(), label.upper()):
            assert memory_kg.find_entity(typed) == pick_entity(typed, rows), typed


def test_names_found_by_folding_are_the_names_the_full_scan_finds(memory_kg, tmp_path):
    """Spellings no label has as written (accents, punctuation, spacing) go through the
    folded distinct labels: same answer as the scan, on a writable and a read-only store."""
    import unicodedata
    from labourkg.graph.query import fold, pick_entity
    from labourkg.graph.store import KnowledgeGraph

    rows = _label_rows(memory_kg)
    variants = set()
    for label in {r[2] for r in rows}:
        variants.add(fold(label))
        variants.add("  " + label.replace(" ", "   ").upper() + ". ")
        variants.add(unicodedata.normalize("NFD", label.title()))
    variants |= {"no such entity at all", "Ministry of Nowhere"}
    expected = {v: pick_entity(v, rows) for v in sorted(variants)}
    assert sum(e is not None for e in expected.values()) > 20
    assert expected["no such entity at all"] is None
    for typed, entity in expected.items():
        assert memory_kg.find_entity(typed) == entity, typed
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as kg:
        kg.store.extend(memory_kg.store.quads_for_pattern(None, None, None, None))
    with KnowledgeGraph.open(path, read_only=True) as kg:
        for typed, entity in expected.items():
            assert kg.find_entity(typed) == entity, typed
