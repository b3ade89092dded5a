"""`bench/run.py` end to end at a tiny size: the benchmark runs and reports every target.

Figures are not asserted (speed is measured, not tested); what is checked is that every
step ran and the report says what it measured, so `make bench` keeps working.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[1] / "bench" / "run.py"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> str:
    work = tmp_path_factory.mktemp("bench")
    out = work / "RESULTS.md"
    done = subprocess.run([sys.executable, str(RUN), "--size", "40", "--skip-serial", "--skip-dask",
                           "--cap", "20", "--out", str(out), "--workdir", str(work / "work")],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return out.read_text(encoding="utf-8")


def test_every_target_has_a_measured_row(report):
    targets = re.search(r"### Against the targets\n\n(.*?)\n\n", report, re.S).group(1).splitlines()[2:]
    names = [row.split(" | ")[0].lstrip("| ") for row in targets]
    for wanted in ("ingest", "peak RSS", "add 10 articles", "1 MB adversarial", "targeted named questions",
                   "every named question", "`labourkg query NAME` cold", "export to Turtle",
                   "viz of a 5k-node selection"):
        assert any(n.startswith(wanted) for n in names), (wanted, names)
    assert not any("error" in row for row in targets), targets


def test_the_summary_row_holds_every_figure(report):
    data = json.loads(re.search(r"<!-- bench-data (\{.*?\}) -->", report).group(1))
    assert data["size"] == 40
    for key in ("ingest_rate", "peak_rss", "incremental_p50", "reingest_rate", "query_p50_max",
                "rdflib_ratio_min", "adversarial_max", "export_turtle", "viz", "viz_selection",
                "extract_rate", "load_rate", "quads"):
        assert data[key] is not None and data[key] > 0, key
    row = next(line for line in report.splitlines() if line.startswith("| 40 |"))
    assert row.count("|") == 14                     # one cell per column of the table across sizes


def test_every_named_question_was_asked_on_both_engines(report):
    from labourkg.graph.query import named_queries
    table = re.search(r"### Named questions\n.*?\n\n(\| question .*?)\n\n", report, re.S).group(1)
    rows = {line.split(" | ")[0].lstrip("| "): line for line in table.splitlines()[2:]}
    assert set(rows) == set(named_queries())
    for name, line in rows.items():
        cells = line.split(" | ")
        assert cells[2].isdigit(), (name, cells)                 # rows counted
        assert "≠" not in line, f"{name}: rdflib and Oxigraph disagree"


def test_shards_and_selections_were_measured(report):
    assert "byte-identical to the ingested store's" in report
    assert re.search(r"\| --focus .+ \| [\d.]+ m?s \| \d+ \| \d+ \|", report)
    assert re.search(r"\| --partner .+ \| [\d.]+ m?s \| \d+ \| \d+ \|", report)
