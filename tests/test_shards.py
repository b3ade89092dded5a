"""Shards (`labourkg extract` / `load`) and the store's write path: the same graphs as an ingest."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse
from typer.testing import CliRunner

from labourkg.graph import iris
from labourkg.graph.shards import (ShardTask, extract_shards, load_shards, shard_files, shard_tasks,
                                   write_shard)
from labourkg.graph.store import KnowledgeGraph, nquads_text, triples_text
from labourkg.loaders.emit import emit

GENERATE = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


def _generator():
    spec = importlib.util.spec_from_file_location("labourkg_bench_generate", GENERATE)
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """14 generated articles in two folders, a .jsonl whose second line repeats the first's
    URL with other text (the later one wins), and three inputs that cannot be used."""
    root = tmp_path_factory.mktemp("corpus")
    _generator().generate(14, root / "news", seed=3)
    lines = [
        {"url": "https://kabar.example/berita/1", "title": "Menaker bertemu Dubes Korea",
         "published": "2024-03-05", "language": "id",
         "text": "Jakarta - Menteri Ketenagakerjaan Budi Santosa bertemu Duta Besar Korea Selatan "
                 "Kim Daeho di kantor Kemnaker, Selasa (5/3), membahas penempatan pekerja migran."},
        {"url": "https://kabar.example/berita/1", "title": "Menaker bertemu Dubes Korea (diperbarui)",
         "published": "2024-03-05", "language": "id",
         "text": "Jakarta - Menteri Ketenagakerjaan Budi Santosa dan Duta Besar Korea Selatan Kim Daeho "
                 "menandatangani MoU tentang pelatihan vokasi, Selasa (5/3)."},
        {"url": "https://kabar.example/berita/2", "title": "ILO and Indonesia launch programme",
         "published": "2024-04-02", "language": "en",
         "text": "Jakarta - The International Labour Organization and the Ministry of Manpower "
                 "launched a Better Work programme on Tuesday, Director Anna Lindqvist said."},
    ]
    (root / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n{broken json\n",
                                     encoding="utf-8")
    (root / "news" / "zz-empty.txt").write_bytes(b"")
    (root / "news" / "zz-image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    return root


def _inputs(corpus: Path) -> list[Path]:
    return [corpus / "news", corpus / "feed.jsonl"]


def _ingested(corpus: Path, tmp: Path) -> bytes:
    kg = KnowledgeGraph.open(tmp / "ingested")
    try:
        kg.ingest(_inputs(corpus))
        return kg.export(format="nquads")
    finally:
        kg.close()


def test_shards_loaded_equal_an_ingest_of_the_same_files(corpus, tmp_path):
    report = extract_shards(_inputs(corpus), tmp_path / "shards", shard_size=4)
    assert report.articles == 16 and report.duplicates == 1
    assert [p.name for p in report.shards] == [f"shard-{k:06d}.nq" for k in range(5)]
    reasons = sorted(f.reason.split(" (")[0].split(":")[0] for f in report.failures)
    assert len(report.failures) == 3, reasons          # empty, binary, broken JSON line
    assert any(f.line == 4 and f.path.endswith("feed.jsonl") for f in report.failures)
    kg = KnowledgeGraph.open(tmp_path / "loaded")
    try:
        loaded = load_shards(kg, [tmp_path / "shards"])
        assert loaded.articles == 16 and not loaded.failures
        exported = kg.export(format="nquads")
        again = load_shards(kg, [tmp_path / "shards"])
        assert again.unchanged == 16 and again.articles == 0
    finally:
        kg.close()
    assert exported == _ingested(corpus, tmp_path)
    assert report.quads == exported.count(b"\n")


def test_a_shard_is_the_sorted_export_of_its_articles(corpus, tmp_path):
    tasks = shard_tasks(_inputs(corpus), 100)
    assert len(tasks) == 1 and len(tasks[0].files) == 17
    out = write_shard(tasks[0], tmp_path)
    text = Path(out.path).read_bytes()
    assert text == _ingested(corpus, tmp_path)         # one shard of everything = the export
    lines = text.decode().splitlines()
    graphs = [line.rsplit(" ", 2)[-2] for line in lines]
    assert graphs == sorted(graphs)
    assert len(set(graphs)) == out.articles == 16
    assert not list(tmp_path.glob(".*.part"))


def test_the_same_inputs_give_the_same_bytes_with_worker_processes(corpus, tmp_path):
    one = extract_shards(_inputs(corpus), tmp_path / "one", shard_size=5, jobs=1)
    two = extract_shards(_inputs(corpus), tmp_path / "two", shard_size=5, jobs=2)
    assert [p.name for p in one.shards] == [p.name for p in two.shards]
    for a, b in zip(one.shards, two.shards):
        assert a.read_bytes() == b.read_bytes()
    assert [str(f) for f in one.failures] == [str(f) for f in two.failures]


def test_existing_shards_are_kept_unless_overwrite(corpus, tmp_path):
    extract_shards([corpus / "feed.jsonl"], tmp_path)
    with pytest.raises(FileExistsError, match="overwrite"):
        extract_shards([corpus / "feed.jsonl"], tmp_path)
    extract_shards([corpus / "feed.jsonl"], tmp_path, prefix="host2")     # another machine's prefix
    report = extract_shards([corpus / "news"], tmp_path, overwrite=True, shard_size=100)
    assert sorted(p.name for p in tmp_path.glob("*.nq")) == ["host2-000000.nq", "shard-000000.nq"]
    assert report.articles == 14
    with pytest.raises(ValueError, match="prefix"):
        extract_shards([corpus / "news"], tmp_path, prefix="../x")
    with pytest.raises(ValueError, match="shard_size"):
        shard_tasks([corpus], 0)


def test_shards_from_two_machines_merge_without_conflicts(corpus, tmp_path):
    """Each machine takes part of the archive; the merged folder loads to what one ingest gives."""
    extract_shards([corpus / "news"], tmp_path / "all", prefix="a")
    extract_shards([corpus / "feed.jsonl"], tmp_path / "all", prefix="b")
    kg = KnowledgeGraph.memory()
    report = load_shards(kg, [tmp_path / "all"])
    assert report.articles == 16
    assert kg.export(format="nquads") == _ingested(corpus, tmp_path)


def test_load_reports_a_file_that_is_not_nquads(tmp_path):
    (tmp_path / "bad.nq").write_text("<a> <b> .\n")
    (tmp_path / "triples.nq").write_text('<http://x/s> <http://x/p> "o" .\n')
    kg = KnowledgeGraph.memory()
    report = load_shards(kg, [tmp_path])
    assert sorted(Path(f.path).name for f in report.failures) == ["bad.nq", "triples.nq"]
    assert "outside any named graph" in str(report.failures[1])
    with pytest.raises(FileNotFoundError):
        shard_files([tmp_path / "missing"])


def test_cli_extract_reports_bad_input_and_exits_1(corpus, tmp_path):
    from labourkg.graph.cli import app

    result = CliRunner().invoke(app, ["extract", *map(str, _inputs(corpus)), "--out", str(tmp_path / "s"),
                                      "--jobs", "1", "--shard-size", "50"])
    assert result.exit_code == 1, result.output
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 3 and any("zz-empty.txt" in line for line in failed)
    assert "16 articles extracted" in result.stdout and "1 repeated" in result.stdout
    result = CliRunner().invoke(app, ["load", str(tmp_path / "s"), "--store", str(tmp_path / "db")])
    assert result.exit_code == 0, result.output
    assert "16 articles loaded" in result.stdout
    result = CliRunner().invoke(app, ["extract", str(corpus / "news"), "--out", str(tmp_path / "s")])
    assert result.exit_code == 1 and "--overwrite" in result.stderr


def test_write_shard_reports_a_missing_file(tmp_path):
    out = write_shard(ShardTask(7, ((str(tmp_path / "gone.txt"), str(tmp_path)),)), tmp_path)
    assert out.path is None and out.articles == 0
    assert len(out.failures) == 1 and "gone.txt" in str(out.failures[0])


# -- the write path ----------------------------------------------------------------------------------


def _graphs(make_facts, keys):
    return [(iris.article(k), triples_text(emit(make_facts(k)))) for k in keys]


def test_bulk_and_transactional_writes_store_the_same(make_facts, tmp_path):
    batch = _graphs(make_facts, ["a.txt", "b.txt", "c.txt"])
    disk = KnowledgeGraph.open(tmp_path / "disk")
    mem = KnowledgeGraph.memory()
    try:
        disk.write_graphs(batch)                 # new graphs on disk: the bulk loader
        assert disk._bulk_writes == 1
        mem.write_graphs(batch)                  # in memory: one transactional load
        sparql = KnowledgeGraph.memory()
        sparql.write_graphs([(iris.article("a.txt"), "")])
        sparql.store.update(f"INSERT DATA {{ GRAPH <{iris.article('a.txt')}> {{ <http://x/s> <http://x/p> 1 }} }}")
        sparql.write_graphs(batch)               # a graph exists: one SPARQL Update for the batch
        assert disk.export(format="nquads") == mem.export(format="nquads") == sparql.export(format="nquads")
    finally:
        disk.close()


def test_rewriting_replaces_and_the_last_body_wins(make_facts, tmp_path):
    kg = KnowledgeGraph.open(tmp_path / "s")
    try:
        a, b = _graphs(make_facts, ["a.txt", "b.txt"])
        kg.write_graphs([a, (a[0], b[1].replace(iris.article("b.txt"), iris.article("a.txt")))])
        once = kg.export(format="nquads")
        kg.write_graphs([a])                     # exists now: replaced, not added to
        kg.write_graphs([a])
        expected = KnowledgeGraph.memory()
        expected.write_graphs([a])
        assert kg.export(format="nquads") == expected.export(format="nquads") != once
        kg.write_graphs([(a[0], "")])            # an empty body removes the graph
        assert not kg.store.contains_named_graph(NamedNode(a[0]))
    finally:
        kg.close()


def test_optimize_runs_after_many_bulk_batches_only(make_facts, tmp_path, monkeypatch):
    import labourkg.graph.store as store_module

    monkeypatch.setattr(store_module, "OPTIMIZE_AFTER", 2)
    kg = KnowledgeGraph.open(tmp_path / "s")
    try:
        kg.write_graphs(_graphs(make_facts, ["a.txt"]))
        assert kg.optimize() is False            # one batch: a few small files, not worth a compaction
        kg.write_graphs(_graphs(make_facts, ["b.txt"]))
        assert kg.optimize() is True and kg._bulk_writes == 0
        assert KnowledgeGraph.memory().optimize(force=True) is False
    finally:
        kg.close()


def test_nquads_text_keeps_escaped_newlines_inside_literals():
    body = '<http://x/s> <http://x/p> "one .\\ntwo" .\n<http://x/s> <http://x/q> <http://x/o>'
    quads = list(parse(nquads_text([("http://x/g", body)]), RdfFormat.N_QUADS))
    assert len(quads) == 2 and quads[0].object.value == "one .\ntwo"
    assert all(q.graph_name == NamedNode("http://x/g") for q in quads)
    assert nquads_text([("http://x/g", "")]) == ""
