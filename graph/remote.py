"""Remote SPARQL stores: ask them the named questions, and push the graph to them.

A remote endpoint has no Oxigraph substitutions, so parameters are bound on the
client: each becomes an RDF term written in N-Triples syntax (every quote,
backslash and line break escaped) inside a VALUES block placed at the start of
the query's WHERE group. The value never becomes query syntax. The named
questions test parameters only where such a block reaches (see
`labourkg.graph.query`), so they mean the same thing locally and remotely.

The named questions read the default graph as the union of the article graphs:
Virtuoso does that by default; start Oxigraph with `--union-default-graph` and
Fuseki with `tdb:unionDefaultGraph true`.

`push` copies the store to a remote one, article graph by article graph, with
the SPARQL 1.1 Graph Store Protocol (PUT replaces a graph, so pushing twice
leaves the same data) or with SPARQL Update (DROP + INSERT DATA).
"""

from __future__ import annotations

import ast
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from pyoxigraph import (Literal, NamedNode, QueryResultsFormat, RdfFormat, Triple,
                        parse, parse_query_results, serialize)

from labourkg.graph.query import (NamedQuery, QueryError, QueryResult, bind_params, fold, inlined_text,
                                  pick_entity, resolve_query, to_result)
from labourkg.graph.sparql_text import TOKEN, bind_values, sparql_term

_RESULT_TYPES = {
    "json": ("application/sparql-results+json", QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", QueryResultsFormat.XML),
    "tsv": ("text/tab-separated-values", QueryResultsFormat.TSV),
}
_GRAPH_TYPES = {"text/turtle": RdfFormat.TURTLE, "application/n-triples": RdfFormat.N_TRIPLES,
                "application/rdf+xml": RdfFormat.RDF_XML, "application/ld+json": RdfFormat.JSON_LD}
AUTH_FAILED = "authentication failed: pass --user/--password or check the endpoint"


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("labourkg")
    except Exception:  # not installed (a source checkout): still say who we are
        return "0"


USER_AGENT = f"labourkg/{_version()} (+https://w3id.org/labourkg)"


class RemoteError(RuntimeError):
    """A remote endpoint could not be reached, refused us, or answered with an error."""


# -- asking ---------------------------------------------------------------------------------

def remote_query(endpoint: str, query: str | NamedQuery, params: dict | None = None,
                 fmt: str = "json", *, auth: tuple[str, str] | None = None,
                 timeout_s: float = 30.0) -> QueryResult:
    """Ask a remote SPARQL endpoint a named question, a .rq file or SPARQL text.

    Parameters are typed as for a local query; entity names are looked up at the
    endpoint. `fmt` is the results format asked of the endpoint (json, xml or tsv);
    CONSTRUCT and DESCRIBE answers are asked as Turtle. The answer is a QueryResult
    with the named question's columns, as `KnowledgeGraph.query` gives.
    """
    nq = query if isinstance(query, NamedQuery) else resolve_query(query)
    if fmt not in _RESULT_TYPES:
        raise QueryError(f"unknown results format {fmt!r} for a remote query; use json, xml or tsv")
    client = _Client(endpoint, auth, timeout_s)
    bindings = bind_params(nq, params or {}, lambda name: _find_entity(client, name))
    # constants where they keep the answer's columns (engines plan around them), as locally
    text = nq.text_for(bindings)
    text = inlined_text(nq, text, bindings) or bind_values(text, bindings)
    graph_form = query_form(text) in ("CONSTRUCT", "DESCRIBE")
    accept = ("text/turtle, application/n-triples;q=0.9" if graph_form
              else _RESULT_TYPES[fmt][0])
    body, content_type = client.ask(text, accept)
    return _parse_answer(body, content_type, graph_form).keep(nq.vars)


def find_remote_entity(endpoint: str, name: str, *, auth: tuple[str, str] | None = None,
                       timeout_s: float = 30.0) -> NamedNode | None:
    """The entity a name refers to at a remote endpoint, ranked as locally.

    Labels are narrowed at the endpoint by the longest word of the name, so a
    label whose accents differ in that word from the name given is not found.
    """
    return _find_entity(_Client(endpoint, auth, timeout_s), name)


def _find_entity(client: "_Client", name: str) -> NamedNode | None:
    from labourkg.graph import iris
    name = name.strip()
    if name.startswith(iris.BASE):
        return NamedNode(name)
    words = fold(name).split()
    if not words:
        return None
    text = bind_values(_REMOTE_LABELS, {"needle": Literal(max(words, key=len))})
    body, content_type = client.ask(text, _RESULT_TYPES["json"][0])
    result = _parse_answer(body, content_type, False)
    rows = ((r["s"], r["p"], r["label"], r["type"]) for r in result.rows)
    return pick_entity(name, rows)


# as query.ENTITY_LABELS, narrowed at the endpoint to labels containing ?needle
_REMOTE_LABELS = """
SELECT DISTINCT ?s ?p ?label ?type WHERE {
  VALUES ?p { <http://www.w3.org/2004/02/skos/core#prefLabel> <http://www.w3.org/2004/02/skos/core#altLabel> }
  GRAPH ?g { ?s ?p ?label . OPTIONAL { ?s a ?type } }
  FILTER(isIRI(?s) && CONTAINS(LCASE(STR(?label)), ?needle))
}"""


def keywords(query_text: str) -> list[str]:
    """The bare words of a query in upper case, outside strings, IRIs, names and comments."""
    return [m.group().upper() for m in TOKEN.finditer(query_text) if m.lastgroup == "word"]


def query_form(query_text: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the first such keyword outside strings and IRIs."""
    for m in TOKEN.finditer(query_text):
        if m.lastgroup == "word" and m.group().upper() in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
            return m.group().upper()
    return None


def _parse_answer(body: bytes, content_type: str, graph_form: bool) -> QueryResult:
    media = content_type.split(";")[0].strip().lower()
    try:
        if media in _GRAPH_TYPES or graph_form:
            fmt = _GRAPH_TYPES.get(media, RdfFormat.TURTLE)
            return QueryResult(triples=[Triple(q.subject, q.predicate, q.object)
                                        for q in parse(body, format=fmt)])
        by_media = {v[0]: v[1] for v in _RESULT_TYPES.values()}
        by_media["application/json"] = QueryResultsFormat.JSON
        by_media["application/xml"] = QueryResultsFormat.XML
        if media not in by_media:
            raise RemoteError(f"the endpoint answered with {media or 'no content type'}, "
                              f"not SPARQL results")
        return to_result(parse_query_results(body, format=by_media[media]))
    except SyntaxError as exc:
        raise RemoteError(f"the endpoint's answer could not be read: {exc}") from None


class _Client:
    """HTTP to one endpoint: queries through SPARQLWrapper, writes through urllib."""

    def __init__(self, endpoint: str, auth: tuple[str, str] | None, timeout_s: float):
        if not re.match(r"^https?://", endpoint):
            raise RemoteError(f"{endpoint!r} is not an http(s) URL")
        self.endpoint = endpoint
        self.auth = auth
        self.timeout_s = timeout_s

    def ask(self, text: str, accept: str) -> tuple[bytes, str]:
        from SPARQLWrapper import BASIC, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        client = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
        client.setMethod(POST)
        client.setOnlyConneg(True)
        client.setTimeout(max(1, int(round(self.timeout_s))))
        client.addCustomHttpHeader("Accept", accept)
        if self.auth:
            client.setHTTPAuth(BASIC)
            client.setCredentials(*self.auth)
        client.setQuery(text)
        try:
            response = client.query().response
            return response.read(), response.headers.get("Content-Type", "")
        except SPARQLWrapperException as exc:
            raise self._error(exc) from None
        except (urllib.error.URLError, OSError) as exc:
            raise self._error(exc) from None

    def send(self, method: str, url: str, body: bytes, content_type: str) -> None:
        request = urllib.request.Request(url, data=body, method=method, headers={
            "Content-Type": content_type, "User-Agent": USER_AGENT})
        handlers = []
        if self.auth:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, url, *self.auth)
            handlers = [urllib.request.HTTPBasicAuthHandler(passwords),
                        urllib.request.HTTPDigestAuthHandler(passwords)]
        try:
            with urllib.request.build_opener(*handlers).open(request, timeout=self.timeout_s) as r:
                r.read()
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise self._error(exc, url) from None

    def _error(self, exc: BaseException, url: str | None = None) -> RemoteError:
        url = urllib.parse.urlsplit(url or self.endpoint)._replace(query="", fragment="").geturl()
        code = getattr(exc, "code", None) or _WRAPPER_CODES.get(type(exc).__name__)
        if code in (401, 403):
            return RemoteError(f"{url}: {AUTH_FAILED}")
        reason = getattr(exc, "reason", None)
        if isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError):
            return RemoteError(f"{url} did not answer within {self.timeout_s:g} s")
        if isinstance(exc, ConnectionRefusedError) or isinstance(reason, ConnectionRefusedError):
            return RemoteError(f"cannot connect to {url}: connection refused (is the server running?)")
        if code is not None:
            detail = _short(_response_body(exc))
            return RemoteError(f"{url} answered HTTP {code}" + (f": {detail}" if detail else ""))
        return RemoteError(f"cannot reach {url}: {_short(str(reason or exc))}")


_WRAPPER_CODES = {"QueryBadFormed": 400, "Unauthorized": 401, "EndPointNotFound": 404,
                  "URITooLong": 414, "EndPointInternalError": 500}


def _response_body(exc: BaseException) -> bytes | str:
    if isinstance(exc, urllib.error.HTTPError):
        try:
            return exc.read()
        except OSError:
            return b""
    # SPARQLWrapper keeps the body only inside its message, as a bytes repr
    text = str(exc)
    if "Response:\n" in text:
        try:
            return ast.literal_eval(text.split("Response:\n", 1)[1])
        except (ValueError, SyntaxError):
            return text
    return ""


def _short(text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = " ".join(str(text).split())
    return text if len(text) <= 300 else text[:297] + "..."


# -- pushing ------------------------------------------------------------------------------

@dataclass
class PushReport:
    """What a push sent, and how many triples the endpoint holds in those graphs afterwards."""

    method: str                      # "graph-store" or "update"
    graphs: int = 0
    triples: int = 0                 # triples sent
    requests: int = 0
    remote_triples: int | None = None  # counted at the query endpoint after the push

    def to_dict(self) -> dict:
        return {"method": self.method, "graphs": self.graphs, "triples": self.triples,
                "requests": self.requests, "remote_triples": self.remote_triples}


@dataclass(frozen=True)
class PushEvent:
    """Reported to a progress callback once per graph sent."""

    graph: str
    triples: int
    done: int
    total: int


def push(kg, endpoint: str, graph_store: str | None = None, update_endpoint: str | None = None,
         batch_size: int = 10000, progress: Callable[[PushEvent], None] | None = None, *,
         auth: tuple[str, str] | None = None, timeout_s: float = 60.0,
         verify: bool = True) -> PushReport:
    """Copy every article graph of `kg` to a remote store, replacing what it held in them.

    With `graph_store` (a SPARQL 1.1 Graph Store Protocol URL, e.g. Oxigraph's /store
    or Virtuoso's /sparql-graph-crud-auth), each graph is PUT as N-Triples (a graph of
    more than `batch_size` triples continues with POSTs). Otherwise SPARQL Update is
    sent to `update_endpoint` (default: `endpoint`): DROP SILENT GRAPH, then
    INSERT DATA in batches. `endpoint` is the query endpoint, used to count the
    pushed triples afterwards (`verify`).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    store = kg.store
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, NamedNode)), key=lambda g: g.value)
    report = PushReport("graph-store" if graph_store else "update")
    writer = _Client(graph_store or update_endpoint or endpoint, auth, timeout_s)
    for done, graph in enumerate(graphs, 1):
        triples = sorted((Triple(q.subject, q.predicate, q.object)
                          for q in store.quads_for_pattern(None, None, None, graph)),
                         key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        batches = [triples[i:i + batch_size] for i in range(0, len(triples), batch_size)] or [[]]
        for i, batch in enumerate(batches):
            data = serialize(batch, format=RdfFormat.N_TRIPLES) if batch else b""
            if graph_store:
                url = _with_query(graph_store, {"graph": graph.value})
                writer.send("PUT" if i == 0 else "POST", url, data, "application/n-triples")
            else:
                drop = f"DROP SILENT GRAPH <{graph.value}> ;\n" if i == 0 else ""
                insert = (f"INSERT DATA {{ GRAPH <{graph.value}> {{\n{data.decode('utf-8')}}} }}"
                          if batch else "")
                writer.send("POST", writer.endpoint, (drop + insert).encode("utf-8"),
                            "application/sparql-update")
            report.requests += 1
        report.graphs += 1
        report.triples += len(triples)
        if progress is not None:
            progress(PushEvent(graph.value, len(triples), done, len(graphs)))
    if verify and graphs:
        report.remote_triples = count_remote_triples(endpoint, [g.value for g in graphs],
                                                     auth=auth, timeout_s=timeout_s)
    return report


def count_remote_triples(endpoint: str, graphs: list[str], *, auth: tuple[str, str] | None = None,
                         timeout_s: float = 60.0) -> int:
    """How many triples the endpoint holds in these named graphs."""
    if not graphs:
        return 0
    values = " ".join(sparql_term(NamedNode(g)) for g in graphs)
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    body, content_type = _Client(endpoint, auth, timeout_s).ask(text, _RESULT_TYPES["json"][0])
    rows = _parse_answer(body, content_type, False).rows
    return int(rows[0]["n"]) if rows and rows[0]["n"] is not None else 0


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urllib.parse.urlsplit(url)
    query = "&".join(filter(None, [parts.query, urllib.parse.urlencode(params)]))
    return urllib.parse.urlunsplit(parts._replace(query=query))
