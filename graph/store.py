"""KnowledgeGraph: the one object a user holds.

An embedded Oxigraph (RocksDB) database under a store directory, one named graph
per article. Every command of the CLI opens it, calls one method and prints what
comes back; the library itself never prints or exits.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store

from labourkg.graph import iris
from labourkg.graph.query import (DISTINCT_LABELS, NamedQuery, QueryResult, bind_params, file_retired, fold,
                                  pick_entity, resolve_query, run_query)
from labourkg.graph.snapshot import READERS, close_view, open_view, remove_stale
from labourkg.loaders.model import Article, ReadProblem

STORE_FORMAT = 1
DEFAULT_STORE = ".labourkg"
_META = "labourkg.json"
_DB = "oxigraph"
BULK_MAX_QUADS = 500_000   # under the bulk loader's own batch (1M quads): one ingestion per call
OPTIMIZE_AFTER = 16        # bulk batches (about 1,000 articles) after which an ingest compacts the store
_LKG = "https://w3id.org/labourkg/ontology#"


class StoreError(RuntimeError):
    """The store cannot be opened or written: missing, in use, or from another version."""


@dataclass
class IngestReport:
    """What an ingest did; `failures` lists every input that could not be used."""

    articles: int = 0          # articles written (new or changed)
    unchanged: int = 0         # articles skipped because their graph is already current
    quads: int = 0             # quads written
    failures: list[ReadProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict:
        return {"articles": self.articles, "unchanged": self.unchanged, "facts": self.quads,
                "failures": [str(f) for f in self.failures]}


@dataclass(frozen=True)
class IngestEvent:
    """Reported to a progress callback once per input item."""

    source: str
    status: str                # "written" | "unchanged" | "failed"
    done: int


def default_store_path() -> Path:
    return Path(os.environ.get("LABOURKG_STORE") or DEFAULT_STORE)


class KnowledgeGraph:
    """The labour-diplomacy graph: ingest articles, ask questions, export, draw."""

    def __init__(self, store: Store, path: Path | None = None, read_only: bool = False):
        self._store = store
        self.path = path
        self.read_only = read_only
        self._bulk_writes = 0      # bulk loads since the last optimize()

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, read_only: bool = False,
             create: bool = True, wait: bool = False) -> "KnowledgeGraph":
        """Open (or create) the store at `path` (default `$LABOURKG_STORE` or `.labourkg/`).

        One writer at a time: a second writer gets a StoreError naming the PID that
        holds the store, or with `wait=True` blocks until it is free. Readers open
        read-only and never wait.
        """
        root = Path(path) if path is not None else default_store_path()
        meta = root / _META
        if meta.exists():
            try:
                info = json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise StoreError(f"{meta}: unreadable store metadata ({exc})") from None
            if info.get("format") != STORE_FORMAT:
                raise StoreError(
                    f"{root} was written by a labourkg store format {info.get('format')!r}; this "
                    f"version reads format {STORE_FORMAT}. Re-ingest your articles into a new "
                    f"store (labourkg ingest ... --store NEW_DIR).")
        elif root.exists() and any(root.iterdir()):
            raise StoreError(f"{root} exists and is not a labourkg store; choose another --store")
        elif read_only or not create:
            raise StoreError(f"no labourkg store at {root}: run `labourkg ingest PATH --store {root}` first")
        else:
            root.mkdir(parents=True, exist_ok=True)
            meta.write_text(json.dumps({"format": STORE_FORMAT}) + "\n", encoding="utf-8")
        lock = None if read_only else _writer_lock(root, wait)
        db = str(root / _DB)
        try:
            if read_only:
                store, view = open_view(root / _DB, root / READERS)
            else:
                store, view = Store(db), None
                (root / READERS).mkdir(exist_ok=True)     # readers' views go here (graph/snapshot.py)
                remove_stale(root / READERS)
        except (OSError, RuntimeError) as exc:
            if lock is not None:
                lock.close()
            if "lock" in str(exc).lower():
                raise StoreError(f"the store {root} is in use by another labourkg process "
                                 f"(an ingest?); wait for it to finish and try again") from None
            if "column family not found" in str(exc).lower():
                raise StoreError(f"the store {root} was left half-created (its first ingest was stopped "
                                 f"while creating it) and holds nothing yet; run `labourkg ingest` "
                                 f"into it again to finish it") from None
            raise StoreError(f"cannot open the store {root}: {exc}") from None
        kg = cls(store, root, read_only)
        kg._lock = lock
        kg._views = [view] if view is not None else []
        return kg

    @classmethod
    def memory(cls) -> "KnowledgeGraph":
        """An in-memory graph, for tests, notebooks and one-off analyses."""
        return cls(Store(), None, False)

    def close(self) -> None:
        try:
            if self._store is not None and not self.read_only and self.path is not None:
                self._store.flush()
                self.optimize()       # only after a large bulk ingest (see write_graphs)
        finally:
            self._store = None
            lock, self._lock = getattr(self, "_lock", None), None
            if lock is not None:
                lock.close()   # closing the descriptor releases the flock
            views, self._views = getattr(self, "_views", []), []
            for view in views:
                close_view(view)

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def store(self) -> Store:
        """The underlying pyoxigraph Store, for anything this API does not cover."""
        return self._store

    # -- writing ---------------------------------------------------------------------

    def ingest(self, paths: Iterable[str | os.PathLike], *, lexicon: Sequence[str | os.PathLike] = (),
               force: bool = False, jobs: int = 1,
               progress: Callable[[IngestEvent], None] | None = None,
               strict: bool = False) -> IngestReport:
        """Read files and folders (.txt, .html, .jsonl) into the graph, one named graph per article.

        An article already in the store with the same content and extractor is left
        as it is; a changed one replaces its graph whole. Inputs that cannot be read
        are reported in `IngestReport.failures` and the rest is still ingested.
        `jobs` > 1 extracts in that many worker processes; 0 decides by the amount of work.
        `strict` stops at the first input that fails (what was stored before it stays).
        """
        from labourkg.graph.ingest import run_ingest

        self._writable()
        report = run_ingest(self, [Path(p) for p in paths], lexicon=[Path(p) for p in lexicon],
                            force=force, jobs=jobs, progress=progress, strict=strict)
        self._store.flush()
        self.optimize()
        return report

    def content_hash(self, key: str) -> str | None:
        """The fingerprint of the article stored under `key`, if any."""
        graph = NamedNode(iris.article(key))
        for q in self._store.quads_for_pattern(graph, NamedNode(_LKG + "contentHash"), None, graph):
            return q.object.value
        return None

    def replace_graph(self, graph: NamedNode, quads: Sequence[Quad]) -> None:
        """Swap one article's graph in a single transaction: readers see old or new, never half."""
        self.write_graphs([(graph.value, triples_text(quads))])

    def write_graphs(self, graphs: Sequence[tuple[str, str]]) -> None:
        """Replace several article graphs (IRI, N-Triples body) in one atomic write.

        An empty body removes the graph; an IRI given twice keeps its last body.
        Graphs new to the store (a first ingest) are written as one N-Quads load:
        on disk through Oxigraph's bulk loader, which builds sorted files for every
        index and adds them to RocksDB in one atomic ingestion (about 4x faster than
        a transaction, which reads every key before writing it); in memory as one
        transactional load. A batch that replaces a graph already stored is one
        SPARQL Update (DROP SILENT GRAPH + INSERT DATA), which Oxigraph runs as a
        transaction. Either way a crash leaves every graph of the batch as it was
        or complete. bench/README.md ("Write path") has the measurements.
        """
        self._writable()
        latest = dict(graphs)     # DROP + INSERT in order: the last body of an IRI wins
        if not latest:
            return
        if not any(self._store.contains_named_graph(NamedNode(iri)) for iri in latest):
            data = nquads_text(latest.items())
            if not data:
                return
            if self.path is None:
                self._store.load(data, RdfFormat.N_QUADS)
                return
            if data.count("\n") < BULK_MAX_QUADS:
                self._store.bulk_load(data.encode("utf-8"), RdfFormat.N_QUADS)
                self._bulk_writes += 1
                return
        ops = []
        for iri, body in latest.items():
            ops.append(f"DROP SILENT GRAPH <{iri}>")
            if body:
                ops.append(f"INSERT DATA {{ GRAPH <{iri}> {{\n{body} .\n}} }}")
        self._store.update(" ;\n".join(ops))

    def optimize(self, force: bool = False) -> bool:
        """Compact the store after many bulk writes (reads get several times faster); True if it ran.

        Bulk loads add small files to RocksDB's first level; until they are merged,
        every lookup visits each of them. Compaction rewrites the whole store, so
        it runs only after OPTIMIZE_AFTER bulk batches (a large ingest), not after
        adding a few articles, unless `force`.
        """
        self._writable()
        if self.path is None or not (force or self._bulk_writes >= OPTIMIZE_AFTER):
            return False
        self._store.optimize()
        self._bulk_writes = 0
        return True

    def remove_article(self, key: str) -> bool:
        """Drop one article's graph; True when there was one."""
        self._writable()
        graph = NamedNode(iris.article(key))
        if not self._store.contains_named_graph(graph):
            return False
        self._store.remove_graph(graph)
        return True

    def _writable(self) -> None:
        if self._store is None:
            raise StoreError("the graph is closed")
        if self.read_only:
            raise StoreError("the store is open read-only")

    # -- reading ---------------------------------------------------------------------

    def read(self, work: Callable[[Store], object], attempts: int = 5):
        """`work(store)`, asked again on a freshly opened store when a read-only store
        finds a file retired by a concurrent ingest (see `file_retired`).

        Every read goes through here, so a reader that opened before an ingest compacted
        still answers, from a newer snapshot of whole articles.
        """
        for attempt in range(attempts):
            store = self._store
            if store is None:
                raise StoreError("the graph is closed")
            try:
                return work(store)
            except (OSError, RuntimeError) as exc:
                if not (self.read_only and self.path is not None and file_retired(exc)) \
                        or attempt == attempts - 1:
                    raise
            if self._store is store:        # another thread may have reopened it already
                self._store, view = open_view(self.path / _DB, self.path / READERS)
                self._views.append(view)    # the old view may still serve a running read
                self.__dict__.pop("_names", None)
        raise AssertionError("unreachable")

    def query(self, query: str | NamedQuery, **params) -> QueryResult:
        """Run a named question, a .rq file or SPARQL text, with parameters bound as RDF terms."""
        nq = query if isinstance(query, NamedQuery) else resolve_query(query)
        bindings = self._bind(nq, params)
        return self.read(lambda store: run_query(store, nq, bindings))

    def _bind(self, nq: NamedQuery, params: dict) -> dict[str, Literal | NamedNode]:
        """Parameter values as RDF terms by variable name (entities looked up by name)."""
        return bind_params(nq, params, self.find_entity)

    def find_entity(self, name: str) -> NamedNode | None:
        """The entity a name, alias or acronym (any language, any case) refers to."""
        return self.read(lambda _store: self._find_entity(name.strip()))

    def _find_entity(self, name: str) -> NamedNode | None:
        if name.startswith(iris.BASE):
            try:
                return NamedNode(name)
            except ValueError:
                return None         # not a valid IRI: no entity has it
        spellings = dict.fromkeys((name, name.title(), name.upper(), name.lower(), name.capitalize()))
        exact = pick_entity(name, self._label_rows_for(
            Literal(text, language=lang) if lang else Literal(text)
            for text in spellings for lang in (None, "id", "en")))
        if exact is not None:
            return exact        # a label written as typed: found through the index, no scan
        # Otherwise the distinct label texts are folded and compared (one DISTINCT in
        # Rust, not a row per article's copy of a label), then looked up like exact ones.
        key = fold(name)
        if not self.read_only:
            return pick_entity(name, self._label_rows_for(
                label for label in self._distinct_labels() if fold(label.value) == key))
        # a read-only store does not change: index the names once (a server looks up many)
        index = self.__dict__.get("_names")
        if index is None:
            index = {}
            for label in self._distinct_labels():
                index.setdefault(fold(label.value), []).append(label)
            self._names = index
        return pick_entity(name, self._label_rows_for(index.get(key, ())))

    def _label_rows_for(self, labels: Iterable[Literal]):
        """(subject, predicate, label, type) of the entities carrying one of these exact
        label terms, found through the store's object index."""
        rows = []
        for label in labels:
            for pred in (_PREF, _ALT):
                seen: set[str] = set()
                for q in self._store.quads_for_pattern(None, pred, label, None):
                    if not isinstance(q.subject, NamedNode) or q.subject.value in seen:
                        continue
                    seen.add(q.subject.value)
                    kinds = {t.object.value for t in
                             self._store.quads_for_pattern(q.subject, _TYPE, None, q.graph_name)}
                    rows.extend((q.subject.value, pred.value, label.value, k) for k in sorted(kinds) or [None])
        return rows

    def _distinct_labels(self) -> list[Literal]:
        return [s["l"] for s in self._store.query(DISTINCT_LABELS) if isinstance(s["l"], Literal)]

    def articles(self) -> list[dict[str, str | None]]:
        """The articles in the store with their metadata, sorted by source."""
        return self.query("articles").rows

    def stats(self) -> dict:
        """Counts: articles, quads, distinct triples, entities by type."""
        by_type = {r["type"]: int(r["n"]) for r in self.query("""
            SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type""").rows}
        triples = self.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                             "WHERE { ?s ?p ?o } }").rows[0]["n"]
        short = {
            "https://schema.org/NewsArticle": "articles",
            _LKG + "Official": "officials",
            "http://www.w3.org/ns/org#Organization": "organizations",
            "https://schema.org/Country": "countries",
            "http://www.w3.org/ns/org#Post": "posts",
            "http://www.w3.org/ns/org#Membership": "memberships",
            _LKG + "Agreement": "agreements",
            _LKG + "Meeting": "meetings",
            "https://schema.org/Place": "places",
            _LKG + "Evidence": "evidence",
        }
        out = {name: by_type.get(iri, 0) for iri, name in short.items()}
        out["quads"] = self.read(len)
        out["triples"] = int(triples)
        return out

    # -- output ------------------------------------------------------------------------

    def export(self, dest: str | os.PathLike | None = None, format: str = "turtle") -> bytes | None:
        """Serialise the graph deterministically; bytes when `dest` is None."""
        from labourkg.graph.export import export
        if not hasattr(dest, "write"):       # bytes, or a file written through a .part
            return self.read(lambda store: export(store, dest, format))
        out = _Counting(dest)       # a stream can be asked again only while nothing is written
        try:
            return export(self._store, out, format)
        except (OSError, RuntimeError) as exc:
            if out.written or not file_retired(exc):
                raise
        return self.read(lambda store: export(store, dest, format))

    def to_html(self, dest: str | os.PathLike, **options) -> Path:
        """Write the interactive network as one self-contained HTML file."""
        from labourkg.graph.viz import write_html
        return write_html(self, Path(dest), **options)

    # -- network analysis (graph/network.py, analyze.py, plot.py, export_network.py) ---

    def to_networkx(self, view: str = "full", since=None, until=None):
        """One view as a networkx MultiDiGraph: full, organizations, people or agreements."""
        from labourkg.graph.network import to_networkx
        return to_networkx(self, view, since, until)

    def analyze(self, **options):
        """Centralities, partner rankings, communities and time series (AnalysisOptions fields)."""
        from labourkg.graph.analyze import AnalysisOptions, analyze
        return analyze(self, AnalysisOptions(**options))

    def plot(self, kind: str, dest: str | os.PathLike, **options) -> Path:
        """Save a chart (timeline, partners, centrality) as PNG, SVG or PDF; needs labourkg[plot]."""
        from labourkg.graph.plot import PlotOptions, write_plot
        return write_plot(self, dest, PlotOptions.from_keywords(kind, **options))

    def export_network(self, dest: str | os.PathLike | None = None, format: str = "graphml",
                       view: str = "full", since=None, until=None) -> bytes | None:
        """One view as GraphML or GEXF (for Gephi, Cytoscape); bytes when `dest` is None."""
        from labourkg.graph.export_network import export_network
        return export_network(self, dest, format, view, since, until)

    def validate(self):
        """SHACL validation of the whole graph against ontology/shapes.ttl."""
        from labourkg.graph.validate import validate
        return self.read(validate)

    def quads(self) -> list[Quad]:
        return self.read(list)


class _Counting:
    """A binary stream that remembers whether anything was written to it."""

    def __init__(self, out):
        self._out = out
        self.written = False

    def write(self, data) -> int:
        self.written = self.written or len(data) > 0
        return self._out.write(data)

    def __getattr__(self, name):
        return getattr(self._out, name)


_PREF = NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
_ALT = NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def triples_text(quads: Iterable[Quad]) -> str:
    """The triples of one article graph as N-Triples lines, the body `write_graphs` takes."""
    return " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)


def nquads_text(graphs: Iterable[tuple[str, str]]) -> str:
    """(IRI, N-Triples body) pairs as N-Quads lines, each triple placed in its graph.

    Bodies come from `triples_text`: terms never contain a raw newline (N-Triples
    escapes it), so " .\\n" only ever ends a line.
    """
    parts = []
    for iri, body in graphs:
        if body:
            tail = f" <{iri}> .\n"
            parts.append(body.replace(" .\n", tail))
            parts.append(tail)
    return "".join(parts)


def _writer_lock(root: Path, wait: bool):
    """An exclusive flock on <store>/writer.lock holding the writer's PID."""
    import fcntl

    handle = open(root / "writer.lock", "a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        handle.seek(0)
        pid = handle.read().strip() or "?"
        handle.close()
        raise StoreError(f"the store {root} is in use by PID {pid} (another ingest?); wait for it "
                         f"to finish, or pass --wait to queue behind it") from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle

