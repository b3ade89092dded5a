"""A read-only graph keeps answering while a writer compacts the files under it.

RocksDB opens a read-only store's data files lazily; a bulk-loading writer's compaction
deletes files such a reader has not opened yet: the reader's next read fails with "No
such file or directory", and an aggregate spins on that error with growing memory. A
reader therefore reads a private view of hard links (graph/snapshot.py), and should a
read still find a file gone, KnowledgeGraph.read opens a new view and asks again.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import textwrap

import pytest
from pyoxigraph import NamedNode, Quad, Store

from labourkg.graph import store as store_module
from labourkg.graph.store import KnowledgeGraph

RETIRED = "IO error: No such file or directory: While open a file for random read: /x/000123.sst"


class _RetiresOnce:
    """A store whose first call of `method` fails as a retired file does."""

    def __init__(self, real: Store, method: str, error: type[Exception] = OSError):
        self._real, self._method, self._error, self.failed = real, method, error, 0

    def __getattr__(self, name):
        attr = getattr(self._real, name)
        if name != self._method or self.failed:
            return attr

        def fail(*args, **kwargs):
            self.failed += 1
            raise self._error(RETIRED)
        return fail

    def __len__(self):
        return len(self._real)

    def __iter__(self):
        return iter(self._real)


@pytest.fixture()
def small_store(tmp_path):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as kg:
        kg.write_graphs([("http://example.org/g1", '<http://example.org/a> '
                          '<http://www.w3.org/2004/02/skos/core#prefLabel> "Alpha"')])
    return path


@pytest.mark.parametrize("error", [OSError, RuntimeError])
def test_a_query_is_asked_again_on_a_reopened_store(small_store, monkeypatch, error):
    kg = KnowledgeGraph.open(small_store, read_only=True)
    flaky = _RetiresOnce(kg._store, "query", error)
    kg._store = flaky
    reopened = []
    real_open = store_module.open_view
    monkeypatch.setattr(store_module, "open_view", lambda *a: reopened.append(a) or real_open(*a))
    rows = kg.query("SELECT ?s WHERE { ?s ?p ?o }").rows
    assert flaky.failed == 1 and len(reopened) == 1
    assert rows == [{"s": "http://example.org/a"}]
    assert kg._store is not flaky
    kg.close()


def test_export_to_a_stream_is_redone_only_when_nothing_was_written(small_store, monkeypatch):
    kg = KnowledgeGraph.open(small_store, read_only=True)
    kg._store = _RetiresOnce(kg._store, "named_graphs")
    out = io.BytesIO()
    kg.export(out, "nquads")
    assert out.getvalue().count(b"\n") == 1 and b"Alpha" in out.getvalue()
    kg.close()


def test_other_errors_and_writable_stores_are_not_retried(small_store):
    kg = KnowledgeGraph.open(small_store, read_only=True)
    calls = []

    def broken(store):
        calls.append(store)
        raise OSError("IO error: permission denied")
    with pytest.raises(OSError, match="permission denied"):
        kg.read(broken)
    assert len(calls) == 1
    kg.close()
    kg = KnowledgeGraph.open(small_store)          # a writer's files are its own: never retired
    with pytest.raises(OSError, match="No such file"):
        kg.read(lambda store: (calls.append(store), (_ for _ in ()).throw(OSError(RETIRED))))
    assert len(calls) == 2
    kg.close()


def test_a_reader_reads_its_own_view_and_removes_it_when_closed(small_store):
    readers = small_store / "readers"
    kg = KnowledgeGraph.open(small_store, read_only=True)
    views = list(readers.iterdir())
    assert len(views) == 1 and views[0].name.startswith(f"{os.getpid()}-")
    assert any(p.suffix == ".sst" for p in views[0].iterdir())
    with KnowledgeGraph.open(small_store, read_only=True) as other:
        assert len(list(readers.iterdir())) == 2
        assert other.stats()["quads"] == kg.stats()["quads"] == 1
    assert len(list(readers.iterdir())) == 1
    kg.close()
    assert list(readers.iterdir()) == []


def test_views_of_readers_that_died_are_removed(small_store):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = small_store / "readers" / f"{dead}-abc"
    stale.mkdir(parents=True)
    (stale / "000001.sst").write_bytes(b"x")
    KnowledgeGraph.open(small_store, read_only=True).close()
    assert not stale.exists()
    stale.mkdir()
    KnowledgeGraph.open(small_store).close()        # a writer tidies them too
    assert not stale.exists()


WRITER = textwrap.dedent("""
    import sys, time
    from pyoxigraph import Literal, NamedNode, Quad, Store
    store = Store(sys.argv[1])
    k = 0
    while True:       # bulk loads make RocksDB compact and delete the files they replace;
        n = k % 20    # the same 20 graphs again and again, so the store does not grow
        g = NamedNode(f"http://example.org/g{n}")
        store.bulk_extend(Quad(NamedNode(f"http://example.org/s{n}_{i}"),
                               NamedNode("http://example.org/p"), Literal(f"v{i}"), g)
                          for i in range(3000))
        store.flush()
        if k % 40 == 39:
            store.optimize()
        k += 1
        if k == 20:
            print("ready", flush=True)
        time.sleep(0.01)
""")

READER = textwrap.dedent("""
    import json, sys, time
    from labourkg.graph.store import KnowledgeGraph
    COUNT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    reads, failures = 0, []
    for _ in range(10):
        kg = KnowledgeGraph.open(sys.argv[1], read_only=True)
        for _ in range(3):          # the same reader, later and later after its open
            time.sleep(0.4)
            try:
                counts = {r["g"]: int(r["n"]) for r in kg.query(COUNT).rows}
                assert sorted(counts.values()) == [3000] * 20, counts
                assert len(kg.export(None, "nquads").splitlines()) == 20 * 3000
                reads += 1
            except Exception as exc:
                failures.append(f"{type(exc).__name__}: {exc}"[:300])
        kg.close()
    print(json.dumps({"reads": reads, "failures": failures}))
""")


def _limit_memory():
    # an aggregate spinning on a lost file grows without bound: fail fast, not the machine
    resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))


@pytest.mark.slow
def test_readers_answer_while_a_writer_compacts(tmp_path):
    path = tmp_path / "store"
    KnowledgeGraph.open(path).close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path / "oxigraph")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        reader = subprocess.run([sys.executable, "-c", READER, str(path)], capture_output=True,
                                text=True, timeout=180, preexec_fn=_limit_memory)
        assert writer.poll() is None, writer.stderr.read()
    finally:
        writer.kill()
        writer.wait(10)
    assert reader.returncode == 0, reader.stderr[-2000:]
    result = json.loads(reader.stdout)
    assert result["failures"] == [], f"{len(result['failures'])} reads failed, e.g. {result['failures'][:2]}"
    assert result["reads"] == 30
    assert list((path / "readers").iterdir()) == []
