"""Remote stores: push to a real Oxigraph server and ask it every named question.

The server is the `oxigraph` binary of the PyPI package (a test dependency),
started on a free port with the union default graph that the named questions
read. Missing locally, these tests skip; under CI they fail.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from labourkg.graph.remote import (AUTH_FAILED, USER_AGENT, RemoteError, count_remote_triples,
                                   find_remote_entity, push, remote_query)

HERE = Path(__file__).parent

def _named_query_cases() -> dict:
    """The parameter table of test_named_queries.py (one source for both tests)."""
    spec = importlib.util.spec_from_file_location("named_query_cases", HERE / "test_named_queries.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CASES


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory, need):
    """Base URL of a running Oxigraph server, stopped after the module's tests."""
    binary = _oxigraph_binary()
    if binary is None:
        need(False, "the oxigraph server binary is not installed (pip install oxigraph)")
    port = _free_port()
    log = tmp_path_factory.mktemp("oxigraph-log") / "server.log"
    with open(log, "wb") as sink:
        proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                                 "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                                stdout=sink, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                need(False, f"the oxigraph server did not start: {log.read_text(errors='replace')[-500:]}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@pytest.fixture
def pushed(oxigraph, memory_kg):
    """The fixture graph pushed to the server with the Graph Store Protocol."""
    report = push(memory_kg, oxigraph + "/query", graph_store=oxigraph + "/store")
    return oxigraph, memory_kg, report


def _all_triples(base: str) -> int:
    rows = remote_query(base + "/query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    return int(rows[0]["n"])


def test_push_with_graph_store_twice_leaves_the_same_triples(pushed):
    base, kg, first = pushed
    assert first.method == "graph-store"
    assert (first.graphs, first.triples, first.requests) == (2, len(kg.store), 2)
    assert first.remote_triples == len(kg.store)
    events = []
    again = push(kg, base + "/query", graph_store=base + "/store", progress=events.append)
    assert again.remote_triples == first.remote_triples
    assert _all_triples(base) == len(kg.store)
    assert [(e.done, e.total, e.triples) for e in events] == [(1, 2, 208), (2, 2, 208)]


def test_push_with_sparql_update_in_batches(pushed):
    base, kg, _ = pushed
    report = push(kg, base + "/query", update_endpoint=base + "/update", batch_size=50)
    assert report.method == "update"
    assert report.requests == 2 * 5          # 208 triples per graph in batches of 50
    assert report.remote_triples == len(kg.store)
    assert _all_triples(base) == len(kg.store)


def test_graph_store_batches_put_then_post(pushed):
    base, kg, _ = pushed
    report = push(kg, base + "/query", graph_store=base + "/store", batch_size=100)
    assert report.requests == 2 * 3
    assert report.remote_triples == len(kg.store)


@pytest.mark.parametrize("name,params,cols,rows", [
    pytest.param(name, params, cols, rows, id=f"{name}-{i}")
    for name, cases in sorted(_named_query_cases().items())
    for i, (params, cols, rows) in enumerate(cases)])
def test_every_named_question_answers_the_same_remotely(pushed, name, params, cols, rows):
    base, kg, _ = pushed
    local = kg.query(name, **params)
    remote = remote_query(base + "/query", name, params)
    assert remote.vars == local.vars
    assert remote.rows == local.rows


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_results_formats_give_the_same_rows(pushed, fmt):
    base, kg, _ = pushed
    remote = remote_query(base + "/query", "agreements_with_partner", {"partner": "Japan"}, fmt)
    assert remote.rows == kg.query("agreements_with_partner", partner="Japan").rows
    assert len(remote.rows) == 2


def test_construct_answers_triples(pushed):
    base, _, _ = pushed
    result = remote_query(base + "/query", """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        CONSTRUCT { ?s skos:altLabel ?l } WHERE { ?s skos:altLabel ?l FILTER(STR(?l) = "MHLW") }""")
    assert [(t.subject.value, t.object.value) for t in result.triples] == [
        ("https://w3id.org/labourkg/id/org/jp/mhlw", "MHLW")]


def test_remote_entity_lookup(pushed):
    base, kg, _ = pushed
    for name in ("Jepang", "japan", "MHLW", "Dirjen Rina", "Ditjen Binapenta dan PKK"):
        assert find_remote_entity(base + "/query", name) == kg.find_entity(name)
    assert find_remote_entity(base + "/query", "Atlantis") is None


@pytest.mark.parametrize("value", ['" } UNION { ?s ?p ?o } #', '"; DROP ALL; #', "}\n}\nSELECT * {",
                                   "back\\slash \\u0022", "'''\"\"\""])
def test_hostile_values_stay_values_remotely(pushed, value):
    base, kg, _ = pushed
    before = _all_triples(base)
    assert remote_query(base + "/query", "agreements_by_status", {"status": value}).rows == []
    echo = remote_query(base + "/query", "SELECT ?x (STRLEN(?x) AS ?n) WHERE { }", {"x": value})
    assert echo.rows == [{"x": value, "n": str(len(value))}]
    with pytest.raises(Exception, match="no entity is named"):
        remote_query(base + "/query", "career", {"person": value})
    assert _all_triples(base) == before


def test_count_of_graphs_not_pushed_is_zero(oxigraph):
    assert count_remote_triples(oxigraph + "/query", ["https://w3id.org/labourkg/id/article/none"]) == 0


def test_cli_push_command(oxigraph, memory_kg, tmp_path, make_facts):
    import typer
    from typer.testing import CliRunner

    from labourkg.graph import iris
    from labourkg.graph.cli_sparql import push_command
    from labourkg.graph.store import KnowledgeGraph
    from labourkg.loaders.emit import emit
    from pyoxigraph import NamedNode

    store = tmp_path / "store"
    kg = KnowledgeGraph.open(store)
    for f in (make_facts("alpha.txt"), make_facts("beta.txt")):
        kg.replace_graph(NamedNode(iris.article(f.article.key)), emit(f))
    triples = len(kg.store)
    kg.close()
    app = typer.Typer()
    app.command("push")(push_command)
    app.command("noop")(lambda: None)   # two commands: the first is a sub-command, not the app
    result = CliRunner().invoke(app, ["push", "--endpoint", oxigraph + "/query",
                                      "--graph-store", oxigraph + "/store", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert f"pushed 2 graphs, {triples} triples" in result.output
    refused = CliRunner().invoke(app, ["push", "--endpoint", "http://127.0.0.1:9/query",
                                       "--graph-store", "http://127.0.0.1:9/store", "--store", str(store)])
    assert refused.exit_code == 1 and "connection refused" in refused.output


# -- errors, against small stand-in servers ----------------------------------------------

class _StandIn(BaseHTTPRequestHandler):
    seen: list = []
    mode = "ok"

    def _reply(self) -> None:
        type(self).seen.append({"method": self.command, "path": self.path,
                                "agent": self.headers.get("User-Agent"),
                                "auth": self.headers.get("Authorization")})
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.mode == "slow":
            time.sleep(3)
        if self.mode == "auth" and not self.headers.get("Authorization"):
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="labourkg-test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.mode == "forbidden":
            self.send_response(403)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [
            {"n": {"type": "literal", "value": "0",
                   "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _reply

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def stand_in():
    servers = []

    def _start(mode: str):
        handler = type("Handler", (_StandIn,), {"seen": [], "mode": mode})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}", handler.seen

    yield _start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_user_agent_names_labourkg(stand_in):
    base, seen = stand_in("ok")
    remote_query(base + "/sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert seen[0]["agent"] == USER_AGENT
    assert USER_AGENT.startswith("labourkg/") and USER_AGENT.endswith("(+https://w3id.org/labourkg)")


@pytest.mark.parametrize("mode", ["auth", "forbidden"])
def test_authentication_failure_is_explained(stand_in, memory_kg, mode):
    base, _ = stand_in(mode)
    with pytest.raises(RemoteError, match=AUTH_FAILED):
        remote_query(base + "/sparql", "ASK { ?s ?p ?o }")
    with pytest.raises(RemoteError, match=AUTH_FAILED):
        push(memory_kg, base + "/sparql", graph_store=base + "/store")


def test_credentials_are_sent_when_asked(stand_in, memory_kg):
    base, seen = stand_in("auth")
    report = push(memory_kg, base + "/sparql", graph_store=base + "/store", auth=("ana", "s3cret"))
    assert report.graphs == 2
    puts = [s for s in seen if s["method"] == "PUT"]
    assert puts and all(s["auth"] is None or s["auth"].startswith("Basic ") for s in puts)
    assert any(s["auth"] for s in puts)


def test_connection_refused_is_explained(memory_kg):
    port = _free_port()
    with pytest.raises(RemoteError, match="connection refused"):
        remote_query(f"http://127.0.0.1:{port}/sparql", "ASK { ?s ?p ?o }")
    with pytest.raises(RemoteError, match="connection refused"):
        push(memory_kg, f"http://127.0.0.1:{port}/sparql", graph_store=f"http://127.0.0.1:{port}/store")


def test_timeout_is_explained(stand_in):
    base, _ = stand_in("slow")
    with pytest.raises(RemoteError, match=r"did not answer within 1 s"):
        remote_query(base + "/sparql", "ASK { ?s ?p ?o }", timeout_s=1)


def test_not_an_http_url_is_refused():
    with pytest.raises(RemoteError, match="not an http"):
        remote_query("file:///etc/passwd", "ASK { ?s ?p ?o }")
