"""A local, read-only SPARQL 1.1 endpoint over the graph, on the standard library's HTTP server.

    GET  /sparql?query=...                       SPARQL 1.1 Protocol query (also /query)
    POST /sparql  query=... (form) or a application/sparql-query body
    GET  /queries                                the named questions, as JSON
    GET  /queries/NAME?partner=Jepang&since=...  a named question, parameters bound as RDF terms
    GET  /                                       a query page that works offline

Answers are negotiated with Accept (or `format=`): SPARQL JSON, XML, CSV, TSV for
SELECT and ASK; Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE.
Nothing can be written: SPARQL Update and Graph Store writes are refused, and so
is SERVICE (the server would otherwise fetch whatever URL a query names). Each
query runs in a worker thread: after `timeout_s` the client gets 503 and the
query is stopped between rows (a query still computing its first row keeps its
worker until it is done; while all workers are busy new queries get 503). At
most `max_rows` rows are sent; a cut answer carries `X-SPARQL-MaxRows`.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import socket
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources

from labourkg.graph.query import (NamedQuery, QueryError, QueryResult, QueryTimeout, bind_params,
                                  named_queries, parse_query, run_query)
from labourkg.graph.remote import keywords

log = logging.getLogger("labourkg.serve")

DEFAULT_PORT = 7878
_READ_ONLY = "this endpoint is read-only: SPARQL Update and Graph Store writes are not accepted"
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_DRAIN_LIMIT = 16 * 1024 * 1024   # read (and drop) an oversized body up to this, for a clean 413
_STATIC = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8",
           "index.html": "text/html; charset=utf-8"}
_RESULT_MEDIA = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
_GRAPH_MEDIA = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/turtle": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/ld+json": "jsonld", "application/rdf+xml": "xml",
}
_CONTENT_TYPES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
}
_GRAPH_CONTENT_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples",
                        "jsonld": "application/ld+json", "xml": "application/rdf+xml"}
_FORMAT_ARGS = ("format", "output", "results")   # not parameters of a named question
_FORMAT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle",
                 "ttl": "turtle", "ntriples": "ntriples", "nt": "ntriples", "jsonld": "jsonld"}


@dataclass(frozen=True)
class Limits:
    """What one request may cost."""

    timeout_s: float = 10.0
    max_rows: int = 10000
    max_body_bytes: int = 1_000_000
    workers: int = 2              # queries running at once; more wait for none and get 503
    allow_service: bool = False   # SERVICE makes the server fetch URLs chosen by the client


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: `serve_forever()` in a thread, `shutdown()` from another, `url` to share."""

    daemon_threads = True

    def __init__(self, kg, host: str, port: int, limits: Limits):
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.kg = kg
        self.limits = limits
        self.warnings: list[str] = []
        self._pool = ThreadPoolExecutor(max_workers=limits.workers, thread_name_prefix="labourkg-query")
        self._slots = threading.BoundedSemaphore(limits.workers)
        super().__init__((host, port), _Handler)
        if not _is_loopback(host):
            self.warnings.append(
                f"serving on {host}: anyone who can reach this machine on port {self.port} can "
                f"query the graph; use --host 127.0.0.1 to keep it local")

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        host = self.server_address[0]
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    def server_close(self) -> None:
        super().server_close()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def run(self, nq: NamedQuery, bindings: dict) -> QueryResult:
        """Run a question in a worker; QueryTimeout after the time limit or when all are busy."""
        if not self._slots.acquire(blocking=False):
            raise QueryTimeout("the server is busy with other queries; try again shortly")
        stop = threading.Event()

        def job() -> QueryResult:
            # pyoxigraph's solution iterators must be dropped on the thread that made them:
            # an error leaves here as a fresh exception, without the traceback that holds one
            try:
                return self.kg.read(lambda store: run_query(
                    store, nq, bindings, max_rows=self.limits.max_rows, should_stop=stop.is_set))
            except QueryError as exc:
                error: Exception = type(exc)(str(exc))
            except Exception as exc:
                log.error("query failed: %s: %s", type(exc).__name__, exc)
                error = RuntimeError("the query failed")
            finally:
                self._slots.release()
            raise error

        try:
            future = self._pool.submit(job)
        except RuntimeError:        # the pool is shut down: the server is stopping
            self._slots.release()
            raise QueryTimeout("the server is stopping") from None
        try:
            return future.result(timeout=self.limits.timeout_s)
        except FutureTimeout:
            stop.set()
            raise QueryTimeout(f"the query took longer than {self.limits.timeout_s:g} s "
                               f"and was stopped") from None


def make_server(kg, host: str = "127.0.0.1", port: int = 0, timeout_s: float = 10.0,
                max_rows: int = 10000, *, limits: Limits | None = None) -> SparqlServer:
    """A bound endpoint, not yet serving (port 0 picks a free port; see `.url`).

    `limits` overrides `timeout_s` and `max_rows` and sets the others (body size,
    workers, SERVICE). Binding beyond loopback adds a line to `.warnings`.
    """
    limits = limits or Limits(timeout_s=timeout_s, max_rows=max_rows)
    return SparqlServer(kg, host, port, limits)


def serve(kg, host: str = "127.0.0.1", port: int = DEFAULT_PORT, timeout_s: float = 10.0,
          max_rows: int = 10000, *, limits: Limits | None = None) -> SparqlServer:
    """The endpoint on the usual port 7878; call `.serve_forever()` to answer requests."""
    return make_server(kg, host, port, timeout_s, max_rows, limits=limits)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Refused(Exception):
    """An HTTP error answer: status and a short text for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "labourkg-sparql"
    sys_version = ""

    # -- dispatch -----------------------------------------------------------------------

    def do_GET(self) -> None:
        self._handle(self._get)

    def do_POST(self) -> None:
        self._handle(self._post)

    def do_PUT(self) -> None:
        self._handle(self._write_refused)

    def do_DELETE(self) -> None:
        self._handle(self._write_refused)

    def do_PATCH(self) -> None:
        self._handle(self._write_refused)

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "X-SPARQL-MaxRows")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def _handle(self, route) -> None:
        try:
            try:
                route()
            except _Refused as exc:
                self._text(exc.status, str(exc), exc.headers)
            except QueryTimeout as exc:
                self._text(503, str(exc), {"Retry-After": "5"})
            except QueryError as exc:
                self._text(400, str(exc))
        except (BrokenPipeError, ConnectionResetError):
            pass                # the client went away; nobody is left to tell
        except Exception:       # never show a traceback or a path to the client
            log.exception("error while answering %s %s", self.command, self.path)
            try:
                self._text(500, "internal error: the query could not be answered")
            except OSError:
                pass

    # -- routes -------------------------------------------------------------------------

    def _get(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        args = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        path = url.path.rstrip("/") or "/"
        if "update" in args:
            raise _Refused(403, _READ_ONLY)
        if path == "/" or (path in ("/sparql", "/query") and "query" not in args):
            return self._static("index.html")
        if path == "/favicon.ico":
            return self._send(204, "image/x-icon", b"")
        if path.startswith("/ui/"):
            return self._static(path[len("/ui/"):])
        if path in ("/sparql", "/query"):
            return self._query(_one(args, "query"), args)
        if path == "/queries":
            return self._send(200, "application/json", _catalogue())
        if path.startswith("/queries/"):
            return self._named(urllib.parse.unquote(path[len("/queries/"):]), args)
        raise _Refused(404, f"no such resource: {url.path}")

    def _post(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        if path not in ("/sparql", "/query"):
            raise _Refused(405, _READ_ONLY if path.startswith("/store") else
                           f"POST is accepted at /sparql only, not {url.path}",
                           {"Allow": "GET, OPTIONS"})
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            raise _Refused(403, _READ_ONLY)
        body = self._body()
        args = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if media == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(_decode(body), keep_blank_values=True)
            if "update" in form:
                raise _Refused(403, _READ_ONLY)
            for key, values in form.items():
                args.setdefault(key, []).extend(values)
            return self._query(_one(args, "query"), args)
        if media == "application/sparql-query":
            return self._query(_decode(body), args)
        raise _Refused(415, "send the query as application/x-www-form-urlencoded (query=...) "
                            "or as an application/sparql-query body")

    def _write_refused(self) -> None:
        raise _Refused(405, _READ_ONLY, {"Allow": "GET, POST, OPTIONS"})

    # -- answering ------------------------------------------------------------------------

    def _query(self, text: str | None, args: dict[str, list[str]]) -> None:
        if not text or not text.strip():
            raise _Refused(400, "give a SPARQL query: ?query=SELECT ...")
        if "default-graph-uri" in args or "named-graph-uri" in args:
            raise _Refused(400, "default-graph-uri and named-graph-uri are not supported: the "
                                "default graph is the union of all article graphs")
        words = keywords(text)
        first = next((w for w in words if w not in ("PREFIX", "BASE")), "")
        if first in _UPDATE_WORDS:
            raise _Refused(403, _READ_ONLY)
        if "SERVICE" in words and not self.server.limits.allow_service:
            raise _Refused(400, "SERVICE (federated query) is not allowed on this endpoint")
        nq = parse_query(text)
        self._answer(self.server.run(nq, {}), args)

    def _named(self, name: str, args: dict[str, list[str]]) -> None:
        queries = named_queries()
        if name not in queries:
            raise _Refused(404, f"no named question {name!r}; the list is at /queries")
        params = {k: _one(args, k) for k in args if k not in _FORMAT_ARGS}
        nq = queries[name]
        self._answer(self.server.run(nq, bind_params(nq, params, self.server.kg.find_entity)), args)

    def _answer(self, result: QueryResult, args: dict[str, list[str]]) -> None:
        graph = result.triples is not None
        fmt = self._negotiate(graph, [v for k in _FORMAT_ARGS for v in args.get(k, [])])
        if graph:
            body, media = result.serialize(fmt), _GRAPH_CONTENT_TYPES[fmt]
        else:
            body, media = result.serialize(fmt), _CONTENT_TYPES[fmt]
        extra = {"X-SPARQL-MaxRows": str(self.server.limits.max_rows)} if result.truncated else {}
        self._send(200, f"{media}; charset=utf-8", body, extra)

    def _negotiate(self, graph: bool, wanted: list[str]) -> str:
        """The format asked by `format=` (or `output=`, as some clients send), else by Accept."""
        table = _GRAPH_MEDIA if graph else _RESULT_MEDIA
        allowed = set(_GRAPH_CONTENT_TYPES) if graph else set(_CONTENT_TYPES)
        for value in wanted:
            name = _FORMAT_NAMES.get(value.lower()) or table.get(value.lower())
            if name in allowed:
                return name
        accept = self.headers.get("Accept") or "*/*"
        for media in _accepted(accept):
            if media in table:
                return table[media]
            if media in ("*/*", "application/*", "text/*"):
                return "turtle" if graph else "json"
        kinds = ", ".join(sorted({m for m in table}))
        raise _Refused(406, f"cannot answer as {accept}; this answer can be sent as {kinds}")

    # -- plumbing -----------------------------------------------------------------------

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            raise _Refused(411, "send a Content-Length")
        size = int(length)
        limit = self.server.limits.max_body_bytes
        if size > limit:
            if size <= _DRAIN_LIMIT:
                self.rfile.read(size)
            self.close_connection = True
            raise _Refused(413, f"the request body is {size} bytes; at most {limit} are accepted")
        return self.rfile.read(size)

    def _static(self, name: str) -> None:
        if name not in _STATIC:
            raise _Refused(404, f"no such resource: {name}")
        data = resources.files("labourkg.graph").joinpath("static", "sparql", name).read_bytes()
        csp = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                                          "frame-ancestors 'none'; base-uri 'none'"}
        self._send(200, _STATIC[name], data, csp)

    def _text(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, "text/plain; charset=utf-8", message.rstrip() + "\n", headers)

    def _send(self, status: int, media: str, body: str | bytes,
              headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


def _one(args: dict[str, list[str]], key: str) -> str | None:
    values = args.get(key)
    if not values:
        return None
    if len(values) > 1:
        raise _Refused(400, f"give {key} once")
    return values[0]


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise _Refused(400, "the request body is not UTF-8") from None


_MEDIA_RANGE = re.compile(r"^\s*([^;\s]+)\s*(?:;(.*))?$")


def _accepted(header: str) -> list[str]:
    """Media types of an Accept header, most wanted first (q=0 left out)."""
    ranked = []
    for i, part in enumerate(header.split(",")):
        m = _MEDIA_RANGE.match(part)
        if not m:
            continue
        q = 1.0
        for param in (m.group(2) or "").split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, m.group(1).lower()))
    return [media for _, _, media in sorted(ranked)]


def _catalogue() -> str:
    items = [{"name": nq.name, "summary": nq.summary, "vars": list(nq.vars),
              "params": [{"name": p.name, "type": p.type, "required": p.required,
                          "default": None if p.default in (None, "none") else p.default,
                          "doc": p.doc} for p in nq.params],
              "text": nq.text}
             for nq in named_queries().values()]
    return json.dumps({"queries": items}, indent=2, ensure_ascii=False)
