"""Deterministic serialisations of the store, streamed with bounded memory.

Turtle and JSON-LD hold all facts with the article graphs merged; TriG and N-Quads
keep one named graph per article. Output is sorted, so the same store always
gives the same bytes, and diffs between two exports show only what changed.

How: Oxigraph dumps graphs as N-Triples (in Rust, a few at a time in threads: it
releases the GIL, so a 2-core machine dumps about 1.5x faster); the lines of a
graph are sorted in Python and graphs are written in IRI order, so N-Quads and
TriG never hold more than one article graph. The merged formats need the distinct
triples of all graphs in order: sorted runs of at most RUN_LINES lines are spilled
to temporary files and merged (an external sort), and the Turtle, JSON-LD and
RDF/XML serialisers read that sorted N-Triples stream. Sorting N-Triples lines as
bytes is the same order as sorting (subject, predicate, object) by their N-Triples
text, because a term's text never continues with a character below the space
that separates it from the next term.
"""

from __future__ import annotations

import heapq
import io
import itertools
import os
import tempfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import DefaultGraph, RdfFormat, Store, parse, serialize

FORMATS = {
    "turtle": (RdfFormat.TURTLE, False),
    "ttl": (RdfFormat.TURTLE, False),
    "ntriples": (RdfFormat.N_TRIPLES, False),
    "nt": (RdfFormat.N_TRIPLES, False),
    "trig": (RdfFormat.TRIG, True),
    "nquads": (RdfFormat.N_QUADS, True),
    "nq": (RdfFormat.N_QUADS, True),
    "jsonld": (RdfFormat.JSON_LD, False),
    "json-ld": (RdfFormat.JSON_LD, False),
    "rdfxml": (RdfFormat.RDF_XML, False),
    "xml": (RdfFormat.RDF_XML, False),
}
SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".trig": "trig", ".nq": "nquads",
            ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "rdfxml", ".xml": "rdfxml"}
DUMP_THREADS = min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
DUMP_AHEAD = 4 * DUMP_THREADS   # graphs dumped ahead of the one being sorted
RUN_LINES = 400_000      # distinct triples held in memory before a sorted run is spilled (~60 MB)


def format_for(dest: str | os.PathLike | None, format: str | None) -> str:
    """The format named, else the one the file suffix implies, else Turtle."""
    if format:
        if format.lower() not in FORMATS:
            raise ValueError(f"unknown export format {format!r}; use one of "
                             + ", ".join(sorted({"turtle", "trig", "nquads", "ntriples", "jsonld", "rdfxml"})))
        return format.lower()
    if dest is not None:
        return SUFFIXES.get(Path(dest).suffix.lower(), "turtle")
    return "turtle"


def export(store: Store, dest: str | os.PathLike | BinaryIO | None = None,
           format: str | None = "turtle") -> bytes | None:
    """Write the store to `dest` (a path or a binary file object), or return the bytes.

    A path is written through `<name>.part` and renamed at the end, so a failed or
    interrupted export never leaves a half-written file under the real name.
    """
    fmt = format_for(None if dest is None or hasattr(dest, "write") else dest, format)
    if dest is None:
        buffer = io.BytesIO()
        write_export(store, buffer, fmt)
        return buffer.getvalue()
    if hasattr(dest, "write"):
        write_export(store, dest, fmt)
        return None
    path = Path(dest)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as out:
            write_export(store, out, fmt, spill_dir=path.parent)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return None


def write_export(store: Store, out: BinaryIO, format: str, *,
                 spill_dir: str | os.PathLike | None = None) -> None:
    """Serialise the store to an open binary stream (the streaming core of `export`)."""
    rdf_format, keeps_graphs = FORMATS[format_for(None, format)]
    prefixes = _prefixes() if rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDF_XML) else None
    if rdf_format == RdfFormat.N_QUADS:
        for graph_key, lines in graph_lines(store):
            tail = b" .\n" if graph_key is None else b" " + graph_key + b" .\n"
            out.write(b"".join(line[:-2] + tail for line in lines))
        return
    if keeps_graphs:   # TriG: the same sorted quads, through the serialiser
        serialize(_sorted_quads(store), out, rdf_format, prefixes=prefixes)
        return
    with ExitStack() as stack:
        lines = distinct_triple_lines(store, stack, spill_dir)
        if rdf_format == RdfFormat.N_TRIPLES:
            for chunk in _chunks(lines):
                out.write(chunk)
            return
        source = stack.enter_context(_LineReader(lines))
        serialize(parse(source, RdfFormat.N_TRIPLES), out, rdf_format, prefixes=prefixes)


def graph_lines(store: Store) -> Iterator[tuple[bytes | None, list[bytes]]]:
    """(graph name as N-Triples bytes, or None for the default graph; its triples as
    sorted N-Triples lines without newline), graphs in the order of their names."""
    keys = [(str(g), g) for g in store.named_graphs()]
    default = DefaultGraph()
    if next(iter(store.quads_for_pattern(None, None, None, default)), None) is not None:
        keys.append((str(default), default))   # "DEFAULT" sorts as the old export did
    keys.sort(key=lambda k: k[0])

    def dump(graph) -> bytes:
        return store.dump(format=RdfFormat.N_TRIPLES, from_graph=graph)

    # Oxigraph decodes terms with the GIL released: graphs are dumped by a few threads,
    # a bounded window ahead of the one being sorted, and yielded in order.
    with ThreadPoolExecutor(DUMP_THREADS) as pool:
        window: deque = deque()
        todo = iter(keys)
        for key, graph in itertools.islice(todo, DUMP_AHEAD):
            window.append((key, graph, pool.submit(dump, graph)))
        while window:
            key, graph, done = window.popleft()
            lines = done.result().splitlines()
            nxt = next(todo, None)
            if nxt is not None:
                window.append((*nxt, pool.submit(dump, nxt[1])))
            lines.sort()
            yield (None if graph == default else key.encode("utf-8")), lines


def _sorted_quads(store: Store):
    for graph_key, lines in graph_lines(store):
        if not lines:
            continue
        tail = b" .\n" if graph_key is None else b" " + graph_key + b" .\n"
        yield from parse(b"".join(line[:-2] + tail for line in lines), RdfFormat.N_QUADS)


def distinct_triple_lines(store: Store, stack: ExitStack,
                          spill_dir: str | os.PathLike | None = None) -> Iterator[bytes]:
    """The distinct triples of all graphs as sorted N-Triples lines (with newline).

    Up to RUN_LINES distinct lines stay in memory; beyond that, sorted runs go to
    temporary files (removed when `stack` closes) and are merged.
    """
    seen: set[bytes] = set()
    runs: list[Path] = []
    folder = None
    for _key, lines in graph_lines(store):
        seen.update(lines)
        if len(seen) >= RUN_LINES:
            if folder is None:
                folder = Path(stack.enter_context(tempfile.TemporaryDirectory(
                    prefix=".labourkg-export-", dir=spill_dir)))
            runs.append(_spill(sorted(seen), folder / f"run-{len(runs):05d}.nt"))
            seen = set()
    if not runs:
        return (line + b"\n" for line in sorted(seen))
    if seen:
        runs.append(_spill(sorted(seen), folder / f"run-{len(runs):05d}.nt"))
    files = [stack.enter_context(open(run, "rb")) for run in runs]
    return _unique(heapq.merge(*files))


def _spill(lines: list[bytes], path: Path) -> Path:
    with open(path, "wb") as fh:
        for chunk in _chunks(line + b"\n" for line in lines):
            fh.write(chunk)
    return path


def _unique(lines: Iterator[bytes]) -> Iterator[bytes]:
    last = None
    for line in lines:
        if line != last:
            yield line
            last = line


def _chunks(lines: Iterator[bytes], size: int = 1 << 20) -> Iterator[bytes]:
    """Lines joined into blocks of about `size` bytes (fewer, larger writes)."""
    block: list[bytes] = []
    filled = 0
    for line in lines:
        block.append(line)
        filled += len(line)
        if filled >= size:
            yield b"".join(block)
            block, filled = [], 0
    if block:
        yield b"".join(block)


class _LineReader(io.RawIOBase):
    """A binary stream over an iterator of byte blocks, for pyoxigraph's parser."""

    def __init__(self, lines: Iterator[bytes]):
        self._blocks = _chunks(lines)
        self._block = memoryview(b"")
        self._at = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._at >= len(self._block):
            block = next(self._blocks, None)
            if block is None:
                return 0
            self._block, self._at = memoryview(block), 0
        n = min(len(buffer), len(self._block) - self._at)
        buffer[:n] = self._block[self._at:self._at + n]
        self._at += n
        return n


def _prefixes() -> dict[str, str]:
    from labourkg.ontology import PREFIXES
    return PREFIXES
