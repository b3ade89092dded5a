"""Extraction without a store: N-Quads shards that any SPARQL engine bulk-loads.

Extraction is a pure function article -> triples (`labourkg.loaders.pipeline.article_text`),
so it can run anywhere: on this machine's cores, on a Dask cluster, on several
machines that each take part of an archive. The output is a folder of N-Quads
files ("shards"), one named graph per article with the same IRIs as an ingest
(they are minted from the article's identity), so shards built apart merge
without conflicts: load them all into one store and each article graph appears
once, whatever machine wrote it.

A shard is the articles of `shard_size` consecutive input files (in the order an
ingest reads them), written by one `write_shard` call. Inside it, graphs are in
IRI order and each graph's lines are sorted: a shard is exactly the part of
`labourkg export -f nquads` for its articles, and the same inputs give the same
bytes however the work is spread (`jobs`, Dask, machines).

    extract_shards(["news/"], "shards/", jobs=2)          # this machine
    extract_with_dask(["news/"], "shards/", client=c)     # a Dask cluster (extra `distributed`)
    load_shards(kg, "shards/")                            # into a labourkg store
    oxigraph load --location DIR --file shards/shard-000000.nq   # or any other engine
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from labourkg.loaders.model import ReadProblem

DEFAULT_SHARD_SIZE = 250        # input files per shard (a .jsonl file counts once, with all its lines)
DEFAULT_PREFIX = "shard"
_LKG_CONTENT_HASH = "https://w3id.org/labourkg/ontology#contentHash"
_LEXICONS: dict[tuple[str, ...], object] = {}


@dataclass(frozen=True)
class ShardTask:
    """One shard to write: its number and its input files as (file, root folder)."""

    index: int
    files: tuple[tuple[str, str], ...]


@dataclass
class ShardOutcome:
    """What one `write_shard` call did."""

    index: int
    path: str | None                 # None when no article of its files could be used
    articles: int = 0
    quads: int = 0
    duplicates: int = 0              # articles whose graph IRI came again later (the later wins)
    failures: list[ReadProblem] = field(default_factory=list)


@dataclass
class ShardReport:
    """What an extraction wrote; `failures` lists every input that could not be used."""

    articles: int = 0
    quads: int = 0
    duplicates: int = 0
    shards: list[Path] = field(default_factory=list)
    failures: list[ReadProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def add(self, outcome: ShardOutcome) -> None:
        self.articles += outcome.articles
        self.quads += outcome.quads
        self.duplicates += outcome.duplicates
        if outcome.path is not None:
            self.shards.append(Path(outcome.path))
        self.failures.extend(outcome.failures)

    def to_dict(self) -> dict:
        return {"articles": self.articles, "facts": self.quads, "duplicates": self.duplicates,
                "shards": [str(p) for p in self.shards], "failures": [str(f) for f in self.failures]}


# -- planning and writing one shard ---------------------------------------------------------------


def shard_tasks(paths: Iterable[str | os.PathLike], shard_size: int = DEFAULT_SHARD_SIZE) -> list[ShardTask]:
    """The input files under `paths`, in ingest order, cut into shards of `shard_size` files."""
    from labourkg.loaders.read import iter_inputs

    if shard_size < 1:
        raise ValueError(f"shard_size must be at least 1, not {shard_size}")
    files = [(str(path), str(root)) for path, root in iter_inputs([Path(p) for p in paths])]
    return [ShardTask(k // shard_size, tuple(files[k:k + shard_size]))
            for k in range(0, len(files), shard_size)]


def shard_name(prefix: str, index: int) -> str:
    return f"{prefix}-{index:06d}.nq"


def write_shard(task: ShardTask, out_dir: str | os.PathLike, *, lexicon: Sequence[str] = (),
                prefix: str = DEFAULT_PREFIX) -> ShardOutcome:
    """Extract the articles of one shard's files and write them as one sorted N-Quads file.

    A pure function of the files, the lexicon and the code: it runs the same in this
    process, a worker process or a Dask worker (which must see `out_dir`).
    """
    from pyoxigraph import NamedNode, RdfFormat, Store

    from labourkg.graph.export import write_export
    from labourkg.loaders.emit import fingerprint
    from labourkg.loaders.model import Article
    from labourkg.loaders.pipeline import article_text

    lex = _lexicon(tuple(lexicon))
    salt = getattr(lex, "fingerprint", "")
    outcome = ShardOutcome(task.index, None)
    # an in-memory store gives the literals the canonical form a store keeps ("0.90" is
    # stored as "0.9"), and the export code writes the shard: a shard is its part of an export.
    # Graphs go in as N-Triples text, as an ingest writes them: cheaper than Quad objects.
    shard = Store()
    for item in _read(task.files):
        if not isinstance(item, Article):
            outcome.failures.append(item)
            continue
        try:
            iri, body, count = article_text(item, lex, fingerprint(item, salt))
        except Exception as exc:  # an extractor bug must not stop the other articles
            outcome.failures.append(ReadProblem(
                item.path or item.source, f"could not extract facts: {type(exc).__name__}: {exc}",
                "please report this with the file (run with --debug for the traceback)", item.line))
            continue
        graph = NamedNode(iri)
        if shard.contains_named_graph(graph):
            outcome.duplicates += 1
            outcome.articles -= 1
            outcome.quads -= sum(1 for _ in shard.quads_for_pattern(None, None, None, graph))
            shard.remove_graph(graph)
        shard.load(body + " .\n", format=RdfFormat.N_TRIPLES, to_graph=graph)
        outcome.articles += 1
        outcome.quads += count
    if outcome.articles:
        path = Path(out_dir) / shard_name(prefix, task.index)
        tmp = path.with_name("." + path.name + ".part")
        with open(tmp, "wb") as fh:
            write_export(shard, fh, "nquads")
        os.replace(tmp, path)     # a shard is there whole or not at all
        outcome.path = str(path)
    return outcome


def _read(files: Sequence[tuple[str, str]]) -> Iterator[object]:
    """Articles and problems of these files, as `read_inputs` gives them."""
    from labourkg.loaders.read import read_file

    for path, root in files:
        try:
            yield from read_file(Path(path), Path(root))
        except Exception as exc:
            yield ReadProblem(path, f"could not be read: {type(exc).__name__}: {exc}",
                              "please report this with the file (run with --debug for the traceback)")


def _lexicon(extra: tuple[str, ...]):
    lex = _LEXICONS.get(extra)
    if lex is None:
        from labourkg.loaders.lexicon import load_lexicon
        lex = _LEXICONS[extra] = load_lexicon(tuple(Path(p) for p in extra))
    return lex


def _prepare(out_dir: str | os.PathLike, prefix: str, overwrite: bool,
             lexicon: Sequence[str]) -> Path:
    """Check the options, the lexicon and the output folder before any work starts."""
    if not prefix or "/" in prefix or os.sep in prefix or prefix.startswith("."):
        raise ValueError(f"prefix {prefix!r}: give a plain file-name prefix such as 'shard' or 'host1'")
    _lexicon(tuple(lexicon))      # a malformed user lexicon fails here, once, not in every worker
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    old = sorted(out.glob(f"{prefix}-*.nq"))
    if old and not overwrite:
        raise FileExistsError(f"{out} already holds {len(old)} shard(s) named {prefix}-*.nq; pass "
                              f"overwrite=True (--overwrite) to replace them, or another prefix")
    for path in old:
        path.unlink()
    return out


# -- running many shards ---------------------------------------------------------------------------


def extract_shards(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike, *, jobs: int = 1,
                   lexicon: Sequence[str | os.PathLike] = (), shard_size: int = DEFAULT_SHARD_SIZE,
                   prefix: str = DEFAULT_PREFIX, overwrite: bool = False,
                   progress: Callable[[ShardOutcome], None] | None = None) -> ShardReport:
    """Extract every article under `paths` into N-Quads shards in `out_dir`.

    `jobs` > 1 writes shards in that many worker processes, 0 uses every core when
    there is more than one shard. Inputs that cannot be used are reported in
    `ShardReport.failures`; every other article is still written.
    """
    extra = tuple(str(Path(p)) for p in lexicon)
    tasks = shard_tasks(paths, shard_size)
    out = _prepare(out_dir, prefix, overwrite, extra)
    if jobs == 0:
        from labourkg.graph.ingest import default_jobs
        jobs = default_jobs()
    jobs = max(1, min(jobs, len(tasks)))
    report = ShardReport()
    work = _ShardJob(str(out), extra, prefix)
    if jobs > 1:
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            for outcome in pool.imap(work, tasks, chunksize=1):
                report.add(outcome)
                if progress is not None:
                    progress(outcome)
    else:
        for task in tasks:
            outcome = work(task)
            report.add(outcome)
            if progress is not None:
                progress(outcome)
    return report


@dataclass(frozen=True)
class _ShardJob:
    """`write_shard` with its fixed arguments, picklable for worker processes."""

    out_dir: str
    lexicon: tuple[str, ...]
    prefix: str

    def __call__(self, task: ShardTask) -> ShardOutcome:
        return write_shard(task, self.out_dir, lexicon=self.lexicon, prefix=self.prefix)


def extract_with_dask(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike, client=None, *,
                      lexicon: Sequence[str | os.PathLike] = (), shard_size: int = DEFAULT_SHARD_SIZE,
                      prefix: str = DEFAULT_PREFIX, overwrite: bool = False) -> ShardReport:
    """`extract_shards` on Dask: a `dask.bag` of shard tasks mapped with `write_shard`.

    `client` is a `distributed.Client` (None: Dask's current default scheduler).
    Workers read the inputs and write the shards themselves, so `paths`, `out_dir`
    and any `lexicon` file must be at the same place on every worker (a shared
    or synchronised folder). The output is byte-identical to `extract_shards`.
    Needs the extra `distributed` (`pip install 'labourkg[distributed]'`).
    """
    try:
        import dask.bag as db
    except ImportError as exc:
        raise ImportError("the Dask route needs Dask: install the extra with "
                          "pip install 'labourkg[distributed]' (dask[bag] and distributed)") from exc
    extra = tuple(os.path.abspath(p) for p in lexicon)
    tasks = shard_tasks(paths, shard_size)
    out = _prepare(out_dir, prefix, overwrite, extra)
    report = ShardReport()
    if not tasks:
        return report
    # workers may not share this process's working directory: give them absolute paths, and
    # name the inputs in the report as they were given (as extract_shards does)
    given = {os.path.abspath(f): f for task in tasks for f, _root in task.files}
    absolute = [ShardTask(t.index, tuple((os.path.abspath(f), os.path.abspath(r)) for f, r in t.files))
                for t in tasks]
    bag = db.from_sequence(absolute, npartitions=len(absolute)).map(
        _ShardJob(os.path.abspath(out), extra, prefix))
    outcomes = bag.compute(scheduler=client) if client is not None else bag.compute()
    for outcome in sorted(outcomes, key=lambda o: o.index):
        outcome.failures = [replace(f, path=given.get(f.path, f.path)) for f in outcome.failures]
        outcome.path = None if outcome.path is None else str(out / Path(outcome.path).name)
        report.add(outcome)
    return report


# -- loading shards into a labourkg store ----------------------------------------------------------


def shard_files(sources: Iterable[str | os.PathLike]) -> list[Path]:
    """The .nq files named, and those in the folders named, in name order per folder."""
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix == ".nq" and not p.name.startswith(".")))
        elif path.exists():
            files.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such shard file or folder")
    return files


def load_shards(kg, sources: Iterable[str | os.PathLike], *, force: bool = False,
                progress: Callable[[Path], None] | None = None):
    """Load shard files (or folders of them) into `kg`, as an ingest of the same articles would.

    Each article graph replaces the one stored under its IRI, in the order given
    (a later shard wins, as a later input does in an ingest), by the same atomic
    batches as an ingest; a graph whose content fingerprint is already stored is
    left as it is unless `force`. Returns an IngestReport; `failures` names the
    shard files that could not be parsed (nothing of such a file is loaded).
    """
    from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store

    from labourkg.graph.ingest import batch_size
    from labourkg.graph.store import IngestReport

    report = IngestReport()
    per_batch = batch_size()
    content_hash = NamedNode(_LKG_CONTENT_HASH)
    batch: list[tuple[str, str]] = []

    def flush() -> None:
        if batch:
            kg.write_graphs(batch)
            batch.clear()

    def fingerprint(store, graph):
        return next((q.object for q in store.quads_for_pattern(graph, content_hash, None, graph)), None)

    for path in shard_files(sources):
        shard = Store()         # parsed in Rust, one shard at a time
        try:
            shard.load(path=str(path), format=RdfFormat.N_QUADS)
        except (SyntaxError, ValueError, OSError) as exc:
            report.failures.append(ReadProblem(str(path), f"could not be loaded as N-Quads: {exc}",
                                               "is it a shard written by `labourkg extract`?"))
            continue
        stray = next(iter(shard.quads_for_pattern(None, None, None, DefaultGraph())), None)
        if stray is not None:
            report.failures.append(ReadProblem(
                str(path), f"a triple outside any named graph ({stray.subject} {stray.predicate} ...)",
                "shards hold one named graph per article, as `labourkg extract` writes them"))
            continue
        for graph in sorted(shard.named_graphs(), key=str):
            if not isinstance(graph, NamedNode):
                continue
            new = fingerprint(shard, graph)
            if not force and new is not None and fingerprint(kg.store, graph) == new:
                report.unchanged += 1
                continue
            body = shard.dump(format=RdfFormat.N_TRIPLES, from_graph=graph).decode("utf-8")
            report.articles += 1
            report.quads += body.count("\n")
            batch.append((graph.value, body[:-3]))      # the body of write_graphs: no final " .\n"
            if len(batch) >= per_batch:
                flush()
        if progress is not None:
            progress(path)
    flush()
    if kg.path is not None:
        kg.store.flush()
        kg.optimize()
    return report


__all__ = ["extract_shards", "extract_with_dask", "load_shards", "write_shard", "shard_tasks",
           "shard_files", "ShardReport", "ShardOutcome", "ShardTask", "DEFAULT_SHARD_SIZE"]
