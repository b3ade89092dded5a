"""The local SPARQL endpoint, queried over real HTTP with SPARQLWrapper and urllib.

Each test starts the server on a free port in a thread, over an on-disk store
(opened read-only, as `labourkg serve` opens it) holding the two invented
articles of the fixtures.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse
from SPARQLWrapper import CSV, GET, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from labourkg.graph import iris
from labourkg.graph.serve import Limits, make_server
from labourkg.graph.store import KnowledgeGraph
from labourkg.loaders.emit import emit

ORGS = """PREFIX org: <http://www.w3.org/ns/org#>
SELECT DISTINCT ?o WHERE { ?o a org:Organization } ORDER BY ?o"""
SLOW = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"   # 416 quads cubed: minutes of rows


@pytest.fixture
def store_path(tmp_path, make_facts):
    path = tmp_path / "store"
    kg = KnowledgeGraph.open(path)
    for f in (make_facts("alpha.txt"), make_facts("beta.txt")):
        kg.replace_graph(NamedNode(iris.article(f.article.key)), emit(f))
    kg.close()
    return path


@pytest.fixture
def start(store_path):
    """Start an endpoint with the given limits; every one started is stopped at the end."""
    running = []

    def _start(**limits):
        kg = KnowledgeGraph.open(store_path, read_only=True)
        server = make_server(kg, "127.0.0.1", 0, limits=Limits(**limits) if limits else None)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                  daemon=True)
        thread.start()
        running.append((server, thread, kg))
        return server

    yield _start
    for server, thread, kg in running:
        server.shutdown()
        server.server_close()
        thread.join(5)
        kg.close()


@pytest.fixture
def server(start):
    return start()


def _wrapper(server, query, fmt=JSON, method=GET):
    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(POST if method == POSTDIRECTLY else method)
    if method == POSTDIRECTLY:
        client.setRequestMethod(POSTDIRECTLY)
    return client


def _http(server, path, data=None, headers=None, method=None):
    """(status, headers, body text) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(server.url.rstrip("/") + path, data=data, headers=headers or {},
                                     method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


def _local(store_path, query, **params):
    kg = KnowledgeGraph.open(store_path, read_only=True)
    try:
        return kg.query(query, **params)
    finally:
        kg.close()


def test_port_zero_gives_a_real_port_and_loopback_has_no_warning(server):
    assert server.port > 0
    assert server.url == f"http://127.0.0.1:{server.port}/"
    assert server.warnings == []


def test_binding_beyond_loopback_is_warned_about(store_path):
    kg = KnowledgeGraph.open(store_path, read_only=True)
    server = make_server(kg, "0.0.0.0", 0)
    try:
        assert len(server.warnings) == 1
        assert "0.0.0.0" in server.warnings[0] and "127.0.0.1" in server.warnings[0]
    finally:
        server.server_close()
        kg.close()


def test_get_json(server, store_path):
    data = _wrapper(server, ORGS, JSON, GET).queryAndConvert()
    got = [b["o"]["value"] for b in data["results"]["bindings"]]
    assert got == [r["o"] for r in _local(store_path, ORGS).rows]
    assert iris.ID + "org/jp/mhlw" in got


def test_post_form_xml(server):
    document = _wrapper(server, ORGS, XML, POST).queryAndConvert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert len(uris) == 5 and iris.ID + "country/jp" in uris


def test_post_direct_csv(server):
    text = _wrapper(server, ORGS, CSV, POSTDIRECTLY).queryAndConvert().decode("utf-8")
    lines = text.strip().splitlines()
    assert lines[0] == "o" and len(lines) == 6


def test_tsv_keeps_rdf_terms(server):
    text = _wrapper(server, ORGS, TSV, GET).queryAndConvert().decode("utf-8")
    assert text.splitlines()[0] == "?o"
    assert f"<{iris.ID}org/kemnaker>" in text


def test_ask_answers_a_boolean(server):
    data = _wrapper(server, "ASK { ?s a <http://www.w3.org/ns/org#Organization> }").queryAndConvert()
    assert data["boolean"] is True


def test_construct_as_turtle_and_ntriples(server):
    query = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        CONSTRUCT { ?s skos:altLabel ?l } WHERE { ?s skos:altLabel ?l }"""
    client = _wrapper(server, query, TURTLE, GET)
    result = client.query()
    assert result.info()["content-type"].startswith("text/turtle")
    triples = list(parse(result.response.read(), format=RdfFormat.TURTLE))
    assert len(triples) == 10   # the aliases of the fixture's entities
    status, headers, body = _http(server, "/sparql?" + urllib.parse.urlencode({"query": query}),
                                  headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert len(body.strip().splitlines()) == 10


def test_named_question_url_binds_parameters(server, store_path):
    status, headers, body = _http(server, "/queries/agreements_with_partner?partner=Jepang&since=2024-01-01")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    data = json.loads(body)
    assert data["head"]["vars"] == ["source", "agreement", "kind", "status", "date", "party"]
    rows = [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    local = _local(store_path, "agreements_with_partner", partner="Jepang", since="2024-01-01").rows
    assert rows == local and len(rows) == 2
    status, _, csv_text = _http(server, "/queries/partners_ranked?format=csv")
    assert status == 200
    assert csv_text.splitlines()[1] == "\"Ministry of Health, Labour and Welfare\",Japan,1,1,2"


def test_named_question_values_stay_values(server):
    hostile = '" } UNION { ?s ?p ?o } #'
    status, _, body = _http(server, "/queries/agreements_by_status?" + urllib.parse.urlencode({"status": hostile}))
    assert status == 200 and json.loads(body)["results"]["bindings"] == []


def test_named_question_errors_name_the_parameter(server):
    status, _, body = _http(server, "/queries/career")
    assert status == 400 and "person" in body
    status, _, body = _http(server, "/queries/career?persn=Rina")
    assert status == 400 and "no parameter persn" in body
    status, _, body = _http(server, "/queries/career?person=Nobody%20Here")
    assert status == 400 and "no entity is named 'Nobody Here'" in body
    status, _, body = _http(server, "/queries/no_such_question")
    assert status == 404 and "/queries" in body


def test_question_list(server):
    status, headers, body = _http(server, "/queries")
    assert status == 200 and headers["Content-Type"] == "application/json"
    listed = {q["name"]: q for q in json.loads(body)["queries"]}
    assert len(listed) >= 15
    assert {p["name"]: p["required"] for p in listed["agreements_with_partner"]["params"]} == {
        "partner": True, "since": False, "until": False}
    assert listed["partners_ranked"]["params"][0]["default"] == "Indonesia"


def test_cors_on_answers_errors_and_preflight(server):
    _, headers, _ = _http(server, "/sparql?" + urllib.parse.urlencode({"query": ORGS}))
    assert headers["Access-Control-Allow-Origin"] == "*"
    _, headers, _ = _http(server, "/sparql?query=SELEC")
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = _http(server, "/sparql", method="OPTIONS",
                               headers={"Origin": "http://localhost:3000",
                                        "Access-Control-Request-Method": "POST"})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]


def test_updates_and_graph_store_writes_are_refused(server, store_path):
    before = len(_local(store_path, "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"))
    insert = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    client = SPARQLWrapper(server.url + "sparql", updateEndpoint=server.url + "sparql")
    client.setMethod(POST)
    client.setQuery(insert)
    with pytest.raises(urllib.error.HTTPError) as err:
        client.query()
    assert err.value.code == 403
    assert _http(server, "/sparql", urllib.parse.urlencode({"update": insert}).encode(),
                 {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert _http(server, "/sparql?" + urllib.parse.urlencode({"query": insert}))[0] == 403
    for method in ("PUT", "POST", "DELETE"):
        status, headers, body = _http(server, "/store?graph=urn:x:g", b"<urn:x:a> <urn:x:b> <urn:x:c> .",
                                      {"Content-Type": "application/n-triples"}, method)
        assert 400 <= status < 500 and "read-only" in body
    assert len(_local(store_path, "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")) == before


def test_service_is_refused(server):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    with pytest.raises(QueryBadFormed) as err:
        _wrapper(server, query).query()
    assert "SERVICE" in str(err.value)
    # the word inside a string or as a prefix name is not a SERVICE clause
    ok = 'PREFIX service: <urn:x:> SELECT ?x WHERE { BIND("SERVICE" AS ?x) }'
    assert _wrapper(server, ok).queryAndConvert()["results"]["bindings"][0]["x"]["value"] == "SERVICE"


def test_body_too_large_is_413(start):
    server = start(max_body_bytes=2000)
    body = ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 5000).encode()
    status, _, text = _http(server, "/sparql", body, {"Content-Type": "application/sparql-query"})
    assert status == 413 and "2000" in text
    small = b"ASK { ?s ?p ?o }"
    assert _http(server, "/sparql", small, {"Content-Type": "application/sparql-query"})[0] == 200


def test_slow_query_gets_503_after_the_time_limit_and_is_stopped(start):
    # one worker, and no row limit to end the cross join early: only the time limit stops it
    server = start(timeout_s=0.5, max_rows=10**9, workers=1)
    began = time.monotonic()
    status, headers, body = _http(server, "/sparql?" + urllib.parse.urlencode({"query": SLOW}))
    elapsed = time.monotonic() - began
    assert status == 503 and "0.5 s" in body and headers["Retry-After"]
    assert elapsed < 3.0
    # the query was stopped between rows: the only worker is free again soon
    deadline = time.monotonic() + 5
    while True:
        status, _, body = _http(server, "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert status == 200 and json.loads(body)["boolean"] is True


def test_row_limit_cuts_the_answer_and_says_so(start):
    server = start(max_rows=3)
    status, headers, body = _http(server, "/sparql?" + urllib.parse.urlencode({"query": ORGS}))
    assert status == 200 and headers["X-SPARQL-MaxRows"] == "3"
    assert len(json.loads(body)["results"]["bindings"]) == 3


def test_stop_is_checked_between_rows(store_path):
    from labourkg.graph.query import QueryTimeout, parse_query, run_query
    kg = KnowledgeGraph.open(store_path, read_only=True)
    try:
        with pytest.raises(QueryTimeout):
            run_query(kg.store, parse_query(ORGS), {}, should_stop=lambda: True)
    finally:
        kg.close()


def test_errors_are_short_text_without_paths(server):
    status, headers, body = _http(server, "/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT * WHERE {\n ?s ?p \n}"}))
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert "line 3, column" in body
    for leak in ("Traceback", "/work", "site-packages", ".py", "File \""):
        assert leak not in body
    assert len(body) < 600
    status, _, body = _http(server, "/nowhere/../etc/passwd")
    assert status == 404 and "Traceback" not in body


def test_unacceptable_format_is_406(server):
    status, _, body = _http(server, "/sparql?" + urllib.parse.urlencode({"query": ORGS}),
                            headers={"Accept": "image/png"})
    assert status == 406 and "application/sparql-results+json" in body


def test_query_page_works_offline(server):
    status, headers, page = _http(server, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<textarea" in page and 'src="/ui/app.js"' in page
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assets = [page]
    for name, media in (("app.js", "text/javascript"), ("style.css", "text/css")):
        status, headers, text = _http(server, "/ui/" + name)
        assert status == 200 and headers["Content-Type"].startswith(media)
        assets.append(text)
    for text in assets:
        assert "http://" not in text and "https://" not in text and "//cdn" not in text
    assert 'fetch("/queries"' in assets[1]
    assert _http(server, "/ui/serve.py")[0] == 404
