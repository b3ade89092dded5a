"""A store that writes slower than the workers extract must not make the parent hold
the corpus: articles read but not yet written stay within the read-ahead window."""

from __future__ import annotations

import time

import labourkg.graph.ingest as ingest
import labourkg.loaders.read as read
from labourkg.graph.store import KnowledgeGraph

ARTICLE = """Kabar Kerja Harian

Menteri Ketenagakerjaan Bertemu Delegasi Jepang Nomor {i}

Jakarta - Menteri Ketenagakerjaan menerima delegasi Kementerian Kesehatan, Tenaga Kerja dan Kesejahteraan Jepang pada Senin (3/6/2024) untuk membahas penempatan perawat, pertemuan ke-{i}.
"""


def test_a_slow_store_bounds_what_the_parent_reads_ahead(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(80):
        (folder / f"a{i:03d}.txt").write_text(ARTICLE.format(i=i), encoding="utf-8")
    monkeypatch.setattr(ingest, "READ_AHEAD_PER_JOB", 4)      # a window of 8 articles with 2 jobs
    monkeypatch.setenv("LABOURKG_INGEST_BATCH", "2")
    counts = {"read": 0, "written": 0, "ahead": 0}
    reader = read.read_inputs

    def counted(*args, **kwargs):
        for item in reader(*args, **kwargs):
            counts["read"] += 1
            counts["ahead"] = max(counts["ahead"], counts["read"] - counts["written"])
            yield item

    monkeypatch.setattr(read, "read_inputs", counted)
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        write = kg.write_graphs

        def slow(graphs):
            time.sleep(0.05)                                  # a store slower than extraction
            write(graphs)
            counts["written"] += len(graphs)

        monkeypatch.setattr(kg, "write_graphs", slow)
        report = kg.ingest([folder], jobs=2)
    assert report.articles == 80 and not report.failures
    assert counts["written"] == 80
    # the window (8), the batch being gathered (2), and the one article the reader holds
    # while it waits for room
    assert counts["ahead"] <= 8 + 2 + 1, counts
