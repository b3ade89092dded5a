"""The project's quality gate: build a graph from tests/gold and hold every
category's F1 at or above its floor in tests/quality_floors.toml.

The gold fixtures themselves are checked first, so that a malformed gold file
fails loudly instead of quietly moving the score.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from labourkg.graph.evaluate import CATEGORIES, evaluate_store, load_gold, matches, normalize

HERE = Path(__file__).parent
GOLD = HERE / "gold"
FLOORS = HERE / "quality_floors.toml"

ORG_KINDS = {"government", "intergovernmental", "country", "programme", "union", "employer", "ngo", "other"}
AGREEMENT_KINDS = {"mou", "protocol", "agreement", "framework", "plan_of_action", "declaration", "other"}
STATUSES = {"signed", "renewed", "proposed", "negotiating", "in_force", "expired", "unknown"}
TOP_KEYS = {"article", "language", "published", "organizations", "officials", "agreements", "meetings"}

GOLD_FILES = sorted(GOLD.glob("*.json"))


def _iso(value) -> bool:
    if value is None:
        return True
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(date.fromisoformat(value))


def _in_text(text: str, names: list[str]) -> bool:
    haystack = normalize(text)
    return any(normalize(n) and f" {normalize(n)} " in f" {haystack} " for n in names)


def _resolves(gold: dict, names: list[str]) -> bool:
    """At least one of `names` names an organization of the article."""
    orgs = [[o["name"], *o["aliases"]] for o in gold["organizations"]]
    return any(matches(n, o) for n in names for o in orgs)


def test_gold_corpus_size_and_languages():
    gold = load_gold(GOLD)
    langs = [g["language"] for g in gold.values()]
    assert len(gold) >= 32
    assert langs.count("id") >= 18 and langs.count("en") >= 10
    assert sorted(p.stem for p in GOLD.glob("*.txt")) == sorted(gold)
    assert not list(GOLD.glob("*.html")) and not list(GOLD.glob("*.jsonl"))


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_is_well_formed(path: Path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = path.with_suffix(".txt").read_text(encoding="utf-8")
    assert set(gold) == TOP_KEYS
    assert gold["article"] == path.with_suffix(".txt").name
    assert gold["language"] in {"id", "en"} and _iso(gold["published"])
    assert 500 <= len(text) <= 3200

    org_names = []
    for org in gold["organizations"]:
        assert set(org) == {"name", "aliases", "kind", "country"}, org
        assert org["kind"] in ORG_KINDS, org
        names = [org["name"], *org["aliases"]]
        # a unit may be implied by its head's title alone ("Dirjen Binalavotas")
        implied = any(matches(n, off["agency"]) for n in names for off in gold["officials"])
        assert _in_text(text, names) or implied, f"organization not in the text: {org['name']}"
        if org["country"] is not None:
            assert _resolves(gold, [org["country"]]) or org["kind"] != "country", org
        org_names.append(names)
    for i, a in enumerate(org_names):
        for b in org_names[i + 1:]:
            assert not any(matches(n, b) for n in a), f"organizations overlap: {a[0]} / {b[0]}"

    official_names = []
    for off in gold["officials"]:
        assert set(off) == {"name", "aliases", "role", "role_aliases", "agency", "country"}, off
        names = [off["name"], *off["aliases"]]
        assert _in_text(text, names), f"official not in the text: {off['name']}"
        if off["role"]:
            assert _in_text(text, [off["role"], *off["role_aliases"]]), f"role not in the text: {off['role']}"
        if off["agency"]:
            assert _resolves(gold, off["agency"]), f"agency of {off['name']} is no organization"
        official_names.append(names)
    for i, a in enumerate(official_names):
        for b in official_names[i + 1:]:
            assert not any(matches(n, b) for n in a), f"officials overlap: {a[0]} / {b[0]}"

    for agr in gold["agreements"]:
        assert set(agr) == {"name", "aliases", "kind", "status", "parties", "date", "place"}, agr
        assert agr["kind"] in AGREEMENT_KINDS and agr["status"] in STATUSES, agr
        assert _in_text(text, [agr["name"], *agr["aliases"]]), f"agreement not in the text: {agr['name']}"
        assert agr["parties"] and _iso(agr["date"])
        for party in agr["parties"]:
            assert _resolves(gold, party), f"party {party} of {agr['name']} is no organization"

    for meet in gold["meetings"]:
        assert set(meet) == {"participants", "officials", "date", "place"}, meet
        assert meet["participants"] and _iso(meet["date"])
        for party in meet["participants"]:
            assert _resolves(gold, party), f"participant {party} is no organization"
        for name in meet["officials"]:
            assert any(name in names for names in official_names), f"meeting official {name} unknown"


def _floors() -> dict[str, float]:
    data = tomllib.loads(FLOORS.read_text(encoding="utf-8"))
    return data["f1"]


def test_floors_cover_every_category():
    floors = _floors()
    assert set(CATEGORIES) | {"macro_f1"} == set(floors)
    assert all(0.0 <= v <= 1.0 for v in floors.values())


def test_quality_gate(tmp_path):
    from labourkg.graph.store import KnowledgeGraph

    articles = tmp_path / "articles"
    articles.mkdir()
    for src in sorted(GOLD.glob("*.txt")):
        (articles / src.name).write_bytes(src.read_bytes())
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        ingest = kg.ingest([articles])
        assert not ingest.failures, ingest.failures
        report = evaluate_store(kg, GOLD)

    assert report.articles == len(GOLD_FILES)
    floors = _floors()
    below = [f"{name}: F1 {report.category(name).f1:.3f} < floor {floors[name]:.3f}"
             for name in CATEGORIES if report.category(name).f1 < floors[name]]
    if report.macro_f1 < floors["macro_f1"]:
        below.append(f"macro_f1: {report.macro_f1:.3f} < floor {floors['macro_f1']:.3f}")
    assert not below, "quality below the floor:\n" + "\n".join(below) + "\n\n" + report.to_table()
