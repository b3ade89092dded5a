"""Shared fixtures: hand-built facts of two invented articles, and helpers.

The facts are written by hand (not extracted), so store, query, export and
validation tests do not depend on the extractors' quality.
"""

from __future__ import annotations

import os
from datetime import date

import pytest

from labourkg.loaders.model import (Agreement, Article, ArticleFacts, Evidence, Meeting,
                                    Official, Organization)

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """Skip when a real part is missing, but fail under CI, where nothing may be missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required under CI: {reason}")
    pytest.skip(reason)


def _orgs() -> dict[str, Organization]:
    return {
        "kemnaker": Organization("kemnaker", "Kementerian Ketenagakerjaan", "government",
                                 ["Kemnaker", "Ministry of Manpower"],
                                 {"id": "Kementerian Ketenagakerjaan", "en": "Ministry of Manpower"},
                                 country="country:ID"),
        "kemnaker.ditjen-binapenta": Organization(
            "kemnaker.ditjen-binapenta",
            "Direktorat Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja",
            "government", ["Ditjen Binapenta dan PKK"],
            {"id": "Direktorat Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja",
             "en": "Directorate General of Manpower Placement and Expansion of Employment Opportunities"},
            country="country:ID", parent="kemnaker"),
        "country:ID": Organization("country:ID", "Indonesia", "country", ["RI"],
                                   {"id": "Indonesia", "en": "Indonesia"}),
        "country:JP": Organization("country:JP", "Jepang", "country", ["Japan"],
                                   {"id": "Jepang", "en": "Japan"}),
        "jp.mhlw": Organization("jp.mhlw", "Kementerian Kesehatan, Tenaga Kerja dan Kesejahteraan Jepang",
                                "government", ["MHLW"],
                                {"id": "Kementerian Kesehatan, Tenaga Kerja dan Kesejahteraan Jepang",
                                 "en": "Ministry of Health, Labour and Welfare"},
                                country="country:JP"),
    }


def sample_facts(key: str = "alpha.txt", published: date | None = date(2024, 6, 10),
                 text: str = "Isi artikel.") -> ArticleFacts:
    """An invented Indonesian article: a DG official signs an MoU with Japan's ministry."""
    orgs = _orgs()
    ev = Evidence("Dirjen Binapenta dan PKK Rina Kusumawati menandatangani MoU dengan MHLW.", 0.9)
    article = Article(key=key, source=key, text=text, format="txt", path=key, title="Judul",
                      published=published, publisher="kabarkerja.example", language="id")
    rina = Official("rina kusumawati", "Rina Kusumawati", ["Rina", "Dirjen Rina"],
                    "Direktur Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja",
                    ["Dirjen Binapenta dan PKK"], "dirjen binapenta",
                    ["kemnaker.ditjen-binapenta", "kemnaker"], "country:ID", ev)
    tanabe = Official("hiroshi tanabe", "Hiroshi Tanabe", ["Tanabe"], "Wakil Menteri",
                      ["Deputy Minister"], "wakil menteri jp.mhlw", ["jp.mhlw"], "country:JP", ev)
    plain = Official("sari dewi", "Sari Dewi", [], None, [], None, [], None,
                     Evidence("Sari Dewi hadir.", 0.5))
    mou = Agreement("mou penempatan pekerja terampil", "MoU Penempatan Pekerja Terampil", "mou",
                    ["Memorandum of Understanding on Skilled Worker Placement"], "signed",
                    ["kemnaker.ditjen-binapenta", "jp.mhlw"], ["rina kusumawati", "hiroshi tanabe"],
                    date(2024, 6, 10), "Tokyo", ["penempatan"], ev)
    meet = Meeting("2024-06-10 jp.mhlw kemnaker", "signing", ["kemnaker", "jp.mhlw"],
                   ["rina kusumawati", "hiroshi tanabe"], date(2024, 6, 10), "Tokyo",
                   ["penempatan"], [mou.key], ev)
    return ArticleFacts(article, list(orgs.values()), [rina, tanabe, plain], [mou], [meet])


@pytest.fixture(scope="session")
def need():
    """`need(condition, reason)`: skip locally when a real part is missing, fail under CI."""
    return require


@pytest.fixture
def facts() -> ArticleFacts:
    return sample_facts()


@pytest.fixture
def make_facts():
    """The builder itself, for tests that need several articles."""
    return sample_facts


@pytest.fixture
def memory_kg():
    from labourkg.graph.store import KnowledgeGraph
    from labourkg.loaders.emit import emit
    from pyoxigraph import NamedNode
    from labourkg.graph import iris

    kg = KnowledgeGraph.memory()
    for f in (sample_facts("alpha.txt"), sample_facts("beta.txt", date(2024, 6, 11))):
        kg.replace_graph(NamedNode(iris.article(f.article.key)), emit(f))
    return kg
