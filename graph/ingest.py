"""Ingest orchestration: stream inputs, extract in worker processes, write in batches.

Extraction is a pure function article -> quads, so it runs in a process pool;
the store is written only by the parent, a batch of article graphs per atomic
SPARQL Update. A process killed mid-ingest leaves every article graph either
as it was or complete; running the ingest again finishes the job.

Failures: an input that cannot be read, or an article whose extraction or
storage fails, becomes a `ReadProblem` in the report and leaves the store as it
was for that article. By default the ingest keeps going; `strict=True` stops at
the first failure, after storing the articles that came before it in input
order (and none after it), so the store holds exactly a prefix of the input.
`debug=True` lets unexpected errors propagate with their traceback instead.

`LABOURKG_INGEST_BATCH` sets the articles per transaction (default 64): fewer
lose less work when a process is killed, more write faster.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from labourkg.loaders.model import ReadProblem

BATCH_ARTICLES = 64
READ_AHEAD_PER_JOB = 128  # articles read but not yet written, per worker: bounds the parent's memory
_CHUNK = 4                # articles per task sent to a worker
AUTO_THRESHOLD = 64      # articles read before `jobs=0` decides to start worker processes
_LEXICON = None
_DEBUG = False


@dataclass(frozen=True)
class _Outcome:
    source: str
    status: str                       # "written" | "unchanged" | "failed"
    graph: str | None = None
    body: str | None = None           # N-Triples lines of the article graph
    quads: int = 0
    problem: ReadProblem | None = None
    path: str = ""                    # where the article was read, to name it if storing fails
    line: int | None = None


def _init_worker(extra: tuple[Path, ...], debug: bool = False) -> None:
    global _LEXICON, _DEBUG
    from labourkg.loaders.lexicon import load_lexicon
    _LEXICON = load_lexicon(extra)
    _DEBUG = debug


def _extract(task: tuple[str, object, str | None]) -> _Outcome:
    """Runs in a worker: one article to the text of its graph (or why it failed)."""
    from labourkg.loaders.pipeline import article_text

    kind, item, content_hash = task
    if kind == "problem":
        return _Outcome(item.path, "failed", problem=item)
    if kind == "unchanged":
        return _Outcome(item.source, "unchanged")
    try:
        graph, body, count = article_text(item, _LEXICON, content_hash)
    except Exception as exc:  # an extractor bug must not stop the other articles
        if _DEBUG:
            raise
        problem = ReadProblem(item.path or item.source,
                              f"could not extract facts: {type(exc).__name__}: {exc}",
                              "please report this with the file (run with --debug for the traceback)",
                              item.line)
        return _Outcome(item.source, "failed", problem=problem)
    return _Outcome(item.source, "written", graph, body, count, path=item.path or item.source, line=item.line)


class _Window:
    """At most `size` articles between reading and writing. Pool.imap reads its input and
    collects results as fast as the workers go; when the store writes slower than they
    extract (replacing every graph after an upgrade), extracted graphs would pile up in
    the parent without this."""

    def __init__(self, size: int):
        self._free = threading.Semaphore(size)
        self._stop = threading.Event()

    def feed(self, items: Iterable) -> Iterator:
        for item in items:
            while not self._free.acquire(timeout=0.1):
                if self._stop.is_set():
                    return
            yield item

    def done(self) -> None:
        self._free.release()

    def stop(self) -> None:
        self._stop.set()


def batch_size() -> int:
    """Articles per transaction: LABOURKG_INGEST_BATCH, else BATCH_ARTICLES."""
    value = os.environ.get("LABOURKG_INGEST_BATCH", "").strip()
    if not value:
        return BATCH_ARTICLES
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"LABOURKG_INGEST_BATCH={value!r}: give a whole number of articles, at least 1")
    return int(value)


def run_ingest(kg, paths: Iterable[Path], *, lexicon: Sequence[Path] = (), force: bool = False,
               jobs: int = 1, progress: Callable | None = None, strict: bool = False,
               debug: bool = False):
    """Read, extract and store `paths` into `kg`; an IngestReport of what happened.

    `strict`: stop at the first failure (see the module docstring). `debug`:
    unexpected errors raise instead of becoming failures in the report.
    """
    from labourkg.graph.store import IngestEvent, IngestReport
    from labourkg.loaders.emit import fingerprint
    from labourkg.loaders.lexicon import load_lexicon
    from labourkg.loaders.read import read_inputs

    per_batch = batch_size()
    extra = tuple(Path(p) for p in lexicon)
    lex = load_lexicon(extra)   # fails early, in the parent, on a malformed user lexicon
    salt = getattr(lex, "fingerprint", "")

    def tasks() -> Iterator[tuple[str, object, str | None]]:
        for item in read_inputs([Path(p) for p in paths], raise_errors=debug):
            if isinstance(item, ReadProblem):
                yield ("problem", item, None)
                continue
            content_hash = fingerprint(item, salt)
            if not force and kg.content_hash(item.key) == content_hash:
                yield ("unchanged", item, content_hash)
            else:
                yield ("work", item, content_hash)

    report = IngestReport()
    batch: list[_Outcome] = []
    global _LEXICON, _DEBUG
    _LEXICON, _DEBUG = lex, debug
    pending = tasks()
    pool = window = None
    if jobs == 0:   # auto: small ingests stay in-process, large ones spread over the cores
        head = list(itertools.islice(pending, AUTO_THRESHOLD))
        jobs = default_jobs() if len(head) == AUTO_THRESHOLD else 1
        pending = itertools.chain(head, pending)
    if jobs > 1:
        window = _Window(max(jobs * READ_AHEAD_PER_JOB, _CHUNK))
        pool = multiprocessing.get_context("spawn").Pool(jobs, _init_worker, (extra, debug))
        outcomes = pool.imap(_extract, window.feed(pending), chunksize=_CHUNK)
    else:
        outcomes = map(_extract, pending)

    def flush() -> None:
        for done, why in _write(kg, batch, debug, strict):
            if why is None:
                report.articles += 1
                report.quads += done.quads
            else:
                report.failures.append(ReadProblem(done.path, f"could not be stored: {why}",
                                                   "please report this with the file", done.line))
        batch.clear()

    try:
        for done in outcomes:
            if window is not None:
                window.done()
            if done.status == "failed":
                report.failures.append(done.problem)
            elif done.status == "unchanged":
                report.unchanged += 1
            else:
                batch.append(done)
                if len(batch) >= per_batch:
                    flush()
            if progress is not None:
                progress(IngestEvent(done.source, done.status,
                                     report.articles + len(batch) + report.unchanged + len(report.failures)))
            if strict and report.failures:
                break
        if batch:
            flush()
    finally:
        if window is not None:
            window.stop()
        if pool is not None:
            pool.terminate()
            pool.join()
    return report


def _write(kg, batch: list[_Outcome], debug: bool, strict: bool) -> list[tuple[_Outcome, str | None]]:
    """Store a batch in one transaction: (outcome, None) when stored, (outcome, why) when not.

    When the batch is refused (not for a disk or store error: those stop the
    ingest), each article is stored alone, so one bad graph costs only itself;
    `strict` stops at the first one refused and leaves the rest unattempted.
    """
    try:
        kg.write_graphs([(done.graph, done.body) for done in batch])
        return [(done, None) for done in batch]
    except OSError:
        raise
    except Exception:
        if debug:
            raise
    out: list[tuple[_Outcome, str | None]] = []
    for done in batch:
        try:
            kg.write_graphs([(done.graph, done.body)])
            out.append((done, None))
        except OSError:
            raise
        except Exception as exc:
            out.append((done, f"{type(exc).__name__}: {exc}"))
            if strict:
                break
    return out


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def printable(text: str) -> str:
    """`text` safe for a terminal: control, bidi and zero-width characters shown as \\uXXXX,
    so a file name cannot move the cursor, recolour the screen or reorder the line."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
