"""The Dask route: `extract_with_dask` on a local 2-worker cluster gives the single-process bytes.

Needs the extra `distributed` (dask[bag] + distributed, also in the test extra): skipped
locally when it is missing, a failure under CI=true (the `need` fixture).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from labourkg.graph.shards import extract_shards, extract_with_dask, load_shards
from labourkg.graph.store import KnowledgeGraph

GENERATE = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


def _generate(n: int, out: Path) -> None:
    spec = importlib.util.spec_from_file_location("labourkg_bench_generate", GENERATE)
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    module.generate(n, out, seed=11)


@pytest.fixture(scope="module")
def cluster_client(need):
    available = all(importlib.util.find_spec(m) is not None for m in ("dask", "dask.bag", "distributed"))
    need(available, "dask[bag] and distributed are not installed (extra `distributed`)")
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def test_dask_shards_are_byte_identical_and_load_like_an_ingest(cluster_client, tmp_path, monkeypatch):
    _generate(12, tmp_path / "corpus" / "news")
    (tmp_path / "corpus" / "news" / "zz-empty.txt").write_bytes(b"")
    monkeypatch.chdir(tmp_path)          # relative paths: the workers started elsewhere
    inputs = [Path("corpus/news")]

    from distributed import get_task_stream

    with get_task_stream(cluster_client) as stream:
        distributed = extract_with_dask(inputs, "dask", cluster_client, shard_size=3)
    single = extract_shards(inputs, "single", shard_size=3, jobs=1)

    # the shards really were written by both worker processes
    assert len({task["worker"] for task in stream.data}) == 2
    assert [p.name for p in distributed.shards] == [p.name for p in single.shards]
    assert len(single.shards) == 4 and single.articles == 12
    for a, b in zip(distributed.shards, single.shards):
        assert a.read_bytes() == b.read_bytes()
    assert [str(f) for f in distributed.failures] == [str(f) for f in single.failures]
    assert len(single.failures) == 1 and single.failures[0].path == "corpus/news/zz-empty.txt"
    assert distributed.shards[0] == Path("dask/shard-000000.nq")

    loaded = KnowledgeGraph.open(tmp_path / "loaded")
    ingested = KnowledgeGraph.open(tmp_path / "ingested")
    try:
        assert load_shards(loaded, ["dask"]).articles == 12
        ingested.ingest(inputs)
        assert loaded.export(format="nquads") == ingested.export(format="nquads")
    finally:
        loaded.close()
        ingested.close()


def test_missing_dask_is_a_clear_error(monkeypatch, tmp_path):
    import builtins

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name == "dask" or name.startswith("dask."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(ImportError, match=r"labourkg\[distributed\]"):
        extract_with_dask([tmp_path], tmp_path / "out")
