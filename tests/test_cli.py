"""Every CLI verb, run as the installed `labourkg` script on the e2e fixture articles."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "e2e"
CLI = str(Path(sys.executable).with_name("labourkg"))


def run(*args, cwd=None, check=None):
    proc = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=300, env={"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
                                            "HOME": str(cwd or ROOT)})
    if check is not None:
        assert proc.returncode == check, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    work = tmp_path_factory.mktemp("cli")
    shutil.copytree(FIXTURES, work / "articles")
    run("ingest", work / "articles", "--store", work / "store", check=0)
    return work


def commands() -> list[str]:
    out = run("--help", check=0).stdout
    names = re.findall(r"^│ (\w[\w-]*)\s", out, re.M)
    assert names, out
    return names


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = commands()
    assert {"ingest", "query", "queries", "export", "viz", "stats", "validate"} <= set(names)
    for name in names:
        assert run(name, "--help", check=0).stdout.strip()
        assert f"labourkg {name}" in readme, f"`labourkg {name}` is not documented in README.md"


def test_ingest_summary_and_default_store(tmp_path):
    shutil.copy(FIXTURES / "id_mou_malaysia.txt", tmp_path)
    proc = run("ingest", "id_mou_malaysia.txt", cwd=tmp_path, check=0)
    assert re.search(r"1 articles ingested, 0 unchanged, \d+ facts written, 0 failed", proc.stdout)
    assert (tmp_path / ".labourkg" / "labourkg.json").exists()


def test_ingest_twice_equals_once(store):
    first = run("export", "--store", store / "store", "-f", "nquads", check=0).stdout
    proc = run("ingest", store / "articles", "--store", store / "store", check=0)
    assert "0 articles ingested, 2 unchanged" in proc.stdout
    assert run("export", "--store", store / "store", "-f", "nquads", check=0).stdout == first
    run("ingest", store / "articles", "--store", store / "store", "--force", check=0)
    assert run("export", "--store", store / "store", "-f", "nquads", check=0).stdout == first


def test_query_formats(store):
    s = store / "store"
    table = run("query", "officials", "--store", s, check=0).stdout
    assert "Ratna Wulandari" in table
    data = json.loads(run("query", "officials", "--store", s, "--format", "json", check=0).stdout)
    assert data["head"]["vars"] == ["source", "name", "role", "agency"]
    assert any(b["name"]["value"] == "Ratna Wulandari" for b in data["results"]["bindings"])
    csv_text = run("query", "organizations", "--store", s, "-f", "csv", check=0).stdout
    assert csv_text.splitlines()[0] == "source,name,kind"
    tsv = run("query", "organizations", "--store", s, "-f", "tsv", check=0).stdout
    assert tsv.splitlines()[0] == "?source\t?name\t?kind"
    xml = run("query", "chain", "--store", s, "-f", "xml", check=0).stdout
    assert "<sparql" in xml and "<variable name=\"partner\"/>" in xml


def test_query_file_text_and_errors(store, tmp_path):
    s = store / "store"
    rq = tmp_path / "mine.rq"
    rq.write_text("PREFIX lkg: <https://w3id.org/labourkg/ontology#>\n"
                  "SELECT (COUNT(*) AS ?n) WHERE { ?a a lkg:Agreement }\n")
    assert json.loads(run("query", rq, "--store", s, "-f", "json", check=0).stdout)[
        "results"]["bindings"][0]["n"]["value"] != "0"
    text = run("query", "ASK { ?s ?p ?o }", "--store", s, "-f", "json", check=0).stdout
    assert json.loads(text)["boolean"] is True
    bad = run("query", "SELECT ?x WHERE { ?x ?y }", "--store", s, check=2)
    assert "syntax error" in bad.stderr and "Traceback" not in bad.stderr
    unknown = run("query", "no_such_question", "--store", s, check=2)
    assert "unknown query" in unknown.stderr
    missing = run("query", "officials", "--store", store / "nowhere", check=1)
    assert "labourkg ingest" in missing.stderr


def test_queries_lists_named_questions():
    out = run("queries", check=0).stdout
    for name in ("officials", "organizations", "agreements", "meetings", "chain"):
        assert name in out


def test_export_formats_round_trip(store, tmp_path):
    s = store / "store"
    run("export", "--store", s, "-o", tmp_path / "g.ttl", check=0)
    run("export", "--store", s, "-f", "trig", "-o", tmp_path / "g.trig", check=0)
    run("export", "--store", s, "-f", "jsonld", "-o", tmp_path / "g.jsonld", check=0)
    ttl = rdflib.Graph().parse(tmp_path / "g.ttl", format="turtle")
    jsonld = rdflib.Graph().parse(tmp_path / "g.jsonld", format="json-ld")
    assert len(ttl) == len(jsonld) > 0
    ds = rdflib.Dataset()
    ds.parse(tmp_path / "g.trig", format="trig")
    assert len([g for g in ds.graphs() if len(g)]) == 2
    assert run("export", "--store", s, "-f", "yaml", check=2).returncode == 2


def test_viz_writes_self_contained_html(store, tmp_path):
    run("viz", "--store", store / "store", "-o", tmp_path / "n.html", check=0)
    html = (tmp_path / "n.html").read_text(encoding="utf-8")
    assert "Ratna Wulandari" in html
    assert not re.search(r"<script[^>]+src=\"?https?:", html)
    assert not re.search(r"<link[^>]+href=\"?https?:", html)


def test_stats_and_validate(store):
    stats = json.loads(run("stats", "--store", store / "store", "-f", "json", check=0).stdout)
    assert stats["articles"] == 2 and stats["officials"] >= 2
    out = run("validate", "--store", store / "store", check=0).stdout
    assert "conforms" in out


def test_bad_input_is_reported_and_nothing_is_lost(store, tmp_path):
    s = tmp_path / "store"
    shutil.copytree(store / "store", s)
    before = run("export", "--store", s, "-f", "nquads", check=0).stdout
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (bad / "lines.jsonl").write_text(
        '{"text": "Menteri Ketenagakerjaan Ratna Wulandari membuka pameran kerja di Bandung.", '
        '"url": "https://kabar.example/a"}\n{"text": broken\n', encoding="utf-8")
    proc = run("ingest", bad, "--store", s, check=1)
    assert "empty.txt" in proc.stderr and "image.txt" in proc.stderr
    assert re.search(r"lines\.jsonl:2", proc.stderr)
    assert "1 articles ingested" in proc.stdout and "3 failed" in proc.stdout
    after = run("export", "--store", s, "-f", "nquads", check=0).stdout
    assert set(before.splitlines()) <= set(after.splitlines())
    assert "Traceback" not in proc.stderr


def _rows(store, name):
    data = json.loads(run("query", name, "--store", store / "store", "-f", "json", check=0).stdout)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_articles_to_rows_of_each_canonical_question(store):
    """End to end on our own two articles: the facts a careful reader takes from them."""
    orgs = {(r["source"], r["name"], r["kind"]) for r in _rows(store, "organizations")}
    assert ("id_mou_malaysia.txt", "Kementerian Ketenagakerjaan", "government") in orgs
    assert ("id_mou_malaysia.txt", "Malaysia", "country") in orgs
    assert ("en_moc_japan.txt", "Japan", "country") in orgs

    officials = _rows(store, "officials")
    names = {r["name"] for r in officials}
    assert {"Ratna Wulandari", "Ahmad Faizal Rahman"} <= names
    assert not names & {"Agus Salim", "Dimas Prasetyo", "Ratna"}   # bylines; a short mention merges
    assert {"source": "id_mou_malaysia.txt", "name": "Ratna Wulandari", "role": "Menteri Ketenagakerjaan",
            "agency": "Kementerian Ketenagakerjaan"} in officials

    agreements = [r for r in _rows(store, "agreements") if r["source"] == "id_mou_malaysia.txt"]
    assert {r["kind"] for r in agreements} == {"mou"}
    assert {r["date"] for r in agreements} == {"2024-03-14"}
    assert {"Indonesia", "Malaysia"} <= {r["party"] for r in agreements}

    meetings = _rows(store, "meetings")
    by_source = {(r["source"], r["date"], r["place"]) for r in meetings}
    assert ("id_mou_malaysia.txt", "2024-03-14", "Kuala Lumpur") in by_source
    assert ("en_moc_japan.txt", "2024-05-14", "Tokyo") in by_source   # "Tuesday, May 14, 2024"

    chain = {(r["official"], r["partner"]) for r in _rows(store, "chain")
             if r["source"] == "id_mou_malaysia.txt"}
    assert ("Ratna Wulandari", "Malaysia") in chain
    assert ("Ahmad Faizal Rahman", "Indonesia") in chain
    assert ("Ratna Wulandari", "Indonesia") not in chain

    # the same person from two articles is one entity
    people = run("query", "SELECT DISTINCT ?p WHERE { ?p <http://www.w3.org/2004/02/skos/core#prefLabel> "
                 "\"Ratna Wulandari\" }", "--store", store / "store", "-f", "csv", check=0).stdout
    assert len(people.strip().splitlines()) == 2
