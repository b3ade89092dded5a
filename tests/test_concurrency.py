"""Readers work while an ingest writes, on a consistent snapshot; writers queue or are told.

One `labourkg ingest` of a few hundred generated articles commits a batch of eight
articles at a time. While it runs, `labourkg query`, `export`, `stats`, `viz` and a
`labourkg serve` started mid-ingest read the same store. Each must succeed and see
whole articles only: every article graph it shows equals that article's graph at the
end, and the articles it sees are a prefix of the input (batches commit in order).
Between those reads the store is opened read-only again and again, as a reader might
at any moment: every open must succeed. A second writer is refused with the PID of
the first, or queues behind it with --wait.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store, parse

from labourkg.graph import iris

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).with_name("labourkg"))
ARTICLES = 480
BATCH = "8"


def _env(**extra) -> dict[str, str]:
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "HOME": "/tmp", **extra}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


def run(*args, check: int | None = 0) -> subprocess.CompletedProcess:
    proc = subprocess.run([CLI, *map(str, args)], capture_output=True, env=_env(), timeout=120)
    if check is not None:
        assert proc.returncode == check, proc.stderr.decode()
    return proc


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[str]]:
    """ARTICLES generated articles in one folder; their keys in ingest order."""
    spec = importlib.util.spec_from_file_location("labourkg_bench_generate_conc", ROOT / "bench" / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = gen
    spec.loader.exec_module(gen)
    folder = tmp_path_factory.mktemp("conc") / "articles"
    folder.mkdir()
    keys = []
    for i in range(ARTICLES):
        text, _ = gen.article_text(21, i)
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
        keys.append(f"{i:04d}.txt")
    return folder, keys


def _graphs_of_nquads(data: bytes) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for q in parse(data, format=RdfFormat.N_QUADS):
        out[q.graph_name.value].add(f"{q.subject} {q.predicate} {q.object}")
    return {k: frozenset(v) for k, v in out.items()}


def _graphs_of_store(path: Path) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for q in Store.read_only(str(path / "oxigraph")):
        out[q.graph_name.value].add(f"{q.subject} {q.predicate} {q.object}")
    return {k: frozenset(v) for k, v in out.items()}


def _wait_for_first_commit(proc, store: Path) -> None:
    """Until the ingest has committed a batch: a transaction (the write-ahead log grows) or
    a bulk load (a sorted file appears) that readers can see."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            names = [(p.suffix, p.stat().st_size) for p in (store / "oxigraph").glob("*")]
        except FileNotFoundError:
            names = []
        if sum(size for suffix, size in names if suffix == ".log") > 10_000 or \
                sum(size for suffix, size in names if suffix == ".sst") > 100_000:
            return
        time.sleep(0.02)


def _start_server(store: Path):
    proc = subprocess.Popen([CLI, "serve", "--store", str(store), "--port", "0", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), text=True)
    line = proc.stderr.readline()
    m = re.search(r"SPARQL endpoint: (http://\S+/)sparql", line)
    assert m, line + proc.stderr.read() if proc.poll() is not None else line
    return proc, m.group(1)


def _ask(base: str, query: str) -> dict:
    url = base + "sparql?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.load(resp)


def _open_often(store: Path, times: int, failures: list[str]) -> int:
    """Open the store read-only `times` times in a row, as a reader would at any moment."""
    from labourkg.graph.store import KnowledgeGraph
    for _ in range(times):
        try:
            with KnowledgeGraph.open(store, read_only=True) as kg:
                assert kg.stats()["articles"] >= int(BATCH)
        except Exception as exc:
            failures.append(f"{type(exc).__name__}: {exc}")
        time.sleep(0.01)
    return times


COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def test_readers_see_whole_articles_while_an_ingest_writes(corpus, tmp_path):
    folder, keys = corpus
    store = tmp_path / "store"
    order = [iris.article(k) for k in keys]
    writer = subprocess.Popen([CLI, "ingest", str(folder), "--store", str(store), "-j", "1", "-q"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=_env(LABOURKG_INGEST_BATCH=BATCH))
    snapshots: list[tuple[str, dict[str, frozenset[str]] | dict[str, int]]] = []
    server = None
    try:
        _wait_for_first_commit(writer, store)
        assert writer.poll() is None, "the ingest ended before the readers could start: make it longer"
        server, base = _start_server(store)
        reads = opens = 0
        open_failures: list[str] = []
        while writer.poll() is None and reads < 12:
            kind = ("export", "serve", "query", "viz", "stats")[reads % 5]
            if kind == "export":
                snapshots.append(("export", _graphs_of_nquads(run("export", "--store", store, "-f", "nquads").stdout)))
            elif kind == "query":
                rows = json.loads(run("query", "articles", "--store", store, "-f", "json").stdout)
                snapshots.append(("query", {b["source"]["value"]: int(b["facts"]["value"])
                                            for b in rows["results"]["bindings"]}))
            elif kind == "stats":
                stats = json.loads(run("stats", "--store", store, "-f", "json").stdout)
                assert stats["articles"] >= int(BATCH)
            elif kind == "viz":
                run("viz", "--store", store, "-o", tmp_path / f"net{reads}.html")
                assert "graph-data" in (tmp_path / f"net{reads}.html").read_text(encoding="utf-8")
            else:
                data = _ask(base, COUNTS)
                snapshots.append(("serve", {b["g"]["value"]: int(b["n"]["value"])
                                            for b in data["results"]["bindings"]}))
            reads += 1
            opens += _open_often(store, 6, open_failures)
        still_running = writer.poll() is None
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err.decode()
        # the server opened mid-ingest keeps answering from its snapshot after the writer is gone
        late = {b["g"]["value"]: int(b["n"]["value"]) for b in _ask(base, COUNTS)["results"]["bindings"]}
    finally:
        if writer.poll() is None:
            writer.kill()
        if server is not None:
            server.terminate()
            server.wait(10)
    assert reads >= 4 and still_running is not None
    assert not open_failures, f"{len(open_failures)} of {opens} read-only opens failed, e.g. {open_failures[:2]}"
    final = _graphs_of_store(store)
    assert len(final) == ARTICLES
    sizes = {g: len(q) for g, q in final.items()}

    def is_prefix(graphs) -> bool:
        n = len(graphs)
        return n % int(BATCH) == 0 and set(graphs) == set(order[:n])

    partial = 0
    for kind, seen in snapshots + [("serve after", late)]:
        if kind == "export":
            for graph, quads in seen.items():
                assert quads == final[graph], f"{kind}: {graph} is not whole"
            assert is_prefix(seen), (kind, len(seen))
        elif kind == "query":
            assert set(seen) <= set(keys) and is_prefix([iris.article(k) for k in seen]), (kind, len(seen))
        else:
            assert all(sizes[g] == n for g, n in seen.items()), f"{kind}: an article graph is not whole"
            assert is_prefix(seen), (kind, len(seen))
        partial += 0 < len(seen) < ARTICLES
    assert partial >= 3, "the reads should have happened while the ingest was under way"


def test_a_second_writer_is_told_who_holds_the_store_or_waits(corpus, tmp_path):
    folder, keys = corpus
    store = tmp_path / "store"
    small = tmp_path / "small"
    small.mkdir()
    (small / "extra.txt").write_text("Menteri Ketenagakerjaan Ratih Pramesti bertemu Duta Besar Kenya "
                                     "di Jakarta untuk membahas penempatan perawat.\n", encoding="utf-8")
    first = subprocess.Popen([CLI, "ingest", str(folder), "--store", str(store), "-j", "1", "-q"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(LABOURKG_INGEST_BATCH=BATCH))
    try:
        _wait_for_first_commit(first, store)
        assert first.poll() is None
        refused = run("ingest", small, "--store", store, check=1)
        message = " ".join(refused.stderr.decode().split())     # rich wraps long lines
        assert f"in use by PID {first.pid}" in message and "--wait" in message
        assert "Traceback" not in message
        waiting = subprocess.Popen([CLI, "ingest", str(small), "--store", str(store), "--wait", "-q"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
        time.sleep(0.5)
        assert waiting.poll() is None or first.poll() is not None   # queued behind the first
        assert first.wait(300) == 0
        _, err = waiting.communicate(timeout=120)
        assert waiting.returncode == 0, err.decode()
    finally:
        for proc in (first,):
            if proc.poll() is None:
                proc.kill()
    final = _graphs_of_store(store)
    assert len(final) == ARTICLES + 1 and iris.article("extra.txt") in final
