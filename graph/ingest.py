"""Ingest orchestration: stream inputs, extract in worker processes, write in batches.

Extraction is a pure function article -> quads, so it runs in a process pool;
the store is written only by the parent, a batch of article graphs per atomic
SPARQL Update. A process killed mid-ingest leaves every article graph either
as it was or complete; running the ingest again finishes the job.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from labourkg.graph import iris
from labourkg.loaders.model import ReadProblem

BATCH_ARTICLES = 64
AUTO_THRESHOLD = 64      # articles read before `jobs=0` decides to start worker processes
_LEXICON = None


@dataclass(frozen=True)
class _Outcome:
    source: str
    status: str                       # "written" | "unchanged" | "failed"
    graph: str | None = None
    body: str | None = None           # N-Triples lines of the article graph
    quads: int = 0
    problem: ReadProblem | None = None


def _init_worker(extra: tuple[Path, ...]) -> None:
    global _LEXICON
    from labourkg.loaders.lexicon import load_lexicon
    _LEXICON = load_lexicon(extra)


def _extract(task: tuple[str, object, str | None]) -> _Outcome:
    """Runs in a worker: one article to the text of its graph (or why it failed)."""
    from labourkg.graph.store import triples_text
    from labourkg.loaders.pipeline import article_quads

    kind, item, content_hash = task
    if kind == "problem":
        return _Outcome(item.path, "failed", problem=item)
    if kind == "unchanged":
        return _Outcome(item.source, "unchanged")
    try:
        quads = article_quads(item, _LEXICON, content_hash)
    except Exception as exc:  # an extractor bug must not stop the other articles
        problem = ReadProblem(item.path or item.source,
                              f"could not extract facts: {type(exc).__name__}: {exc}",
                              "please report this with the file", item.line)
        return _Outcome(item.source, "failed", problem=problem)
    return _Outcome(item.source, "written", iris.article(item.key), triples_text(quads), len(quads))


def run_ingest(kg, paths: Iterable[Path], *, lexicon: Sequence[Path] = (), force: bool = False,
               jobs: int = 1, progress: Callable | None = None):
    from labourkg.graph.store import IngestEvent, IngestReport
    from labourkg.loaders.emit import fingerprint
    from labourkg.loaders.lexicon import load_lexicon
    from labourkg.loaders.read import read_inputs

    extra = tuple(Path(p) for p in lexicon)
    lex = load_lexicon(extra)   # fails early, in the parent, on a malformed user lexicon
    salt = getattr(lex, "fingerprint", "")

    def tasks() -> Iterator[tuple[str, object, str | None]]:
        for item in read_inputs([Path(p) for p in paths]):
            if isinstance(item, ReadProblem):
                yield ("problem", item, None)
                continue
            content_hash = fingerprint(item, salt)
            if not force and kg.content_hash(item.key) == content_hash:
                yield ("unchanged", item, content_hash)
            else:
                yield ("work", item, content_hash)

    report = IngestReport()
    batch: list[tuple[str, str]] = []
    global _LEXICON
    _LEXICON = lex
    pending = tasks()
    pool = None
    if jobs == 0:   # auto: small ingests stay in-process, large ones spread over the cores
        head = list(itertools.islice(pending, AUTO_THRESHOLD))
        jobs = default_jobs() if len(head) == AUTO_THRESHOLD else 1
        pending = itertools.chain(head, pending)
    if jobs > 1:
        pool = multiprocessing.get_context("spawn").Pool(jobs, _init_worker, (extra,))
        outcomes = pool.imap(_extract, pending, chunksize=4)
    else:
        outcomes = map(_extract, pending)
    try:
        for done in outcomes:
            if done.status == "failed":
                report.failures.append(done.problem)
            elif done.status == "unchanged":
                report.unchanged += 1
            else:
                batch.append((done.graph, done.body))
                report.articles += 1
                report.quads += done.quads
                if len(batch) >= BATCH_ARTICLES:
                    kg.write_graphs(batch)
                    batch = []
            if progress is not None:
                progress(IngestEvent(done.source, done.status,
                                     report.articles + report.unchanged + len(report.failures)))
        if batch:
            kg.write_graphs(batch)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    return report


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)

