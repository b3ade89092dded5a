"""A small invented world of labour diplomacy whose network answers are worked out by hand.

Four invented articles. In the organisations view (partners edges, weight = shared
agreements + meetings):

    jp.mhlw ─3─ kemnaker ─2─ ilo ─1─ kr.moel ─2─ my.kesuma
        └─1─ bp2mi ─2─┘                 └─1─ kr.hrdk ─1─┘

plus Indonesia and Japan, which take part in nothing (only country edges) and so
stand alone. Worked out by hand:

- weighted degree: kemnaker 3+2+2 = 7 is the highest.
- betweenness (unweighted, 9 nodes, normalised by (8*7)/2 = 28 pairs): every path
  between the two triangles runs kemnaker - ilo - kr.moel, so ilo lies on 3*3 = 9
  of them (9/28 = 0.321429), kemnaker and kr.moel on 2*4 = 8 (8/28 = 0.285714).
  ILO is the broker.
- communities: m = 13; {kemnaker, bp2mi, jp.mhlw, ilo} + {kr.moel, kr.hrdk,
  my.kesuma} has modularity 12/13 - (17^2 + 9^2)/26^2 = 0.375740, better than ILO on
  the Korean side (0.343195): ILO (2 meetings with kemnaker, 1 with kr.moel) sits
  with the Indonesian triangle; Indonesia and Japan are singletons.
- partners of Indonesia (home side: Indonesia, kemnaker, bp2mi): MHLW 2 agreements
  + 1 meeting = 3 (2023-03-01 .. 2024-05-02), ILO 2 meetings; the Korean and
  Malaysian bodies never deal with the home side directly, so they are no partners.
- per year: 2023 one agreement and one meeting; 2024 two agreements, five meetings.

Other test files load this module by path (`world_kg()`): tests import no siblings.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import networkx as nx
import pytest
from pyoxigraph import NamedNode

from labourkg.graph import iris
from labourkg.graph.network import to_networkx, to_networkx_views
from labourkg.graph.store import KnowledgeGraph
from labourkg.loaders.emit import emit
from labourkg.loaders.model import (Agreement, Article, ArticleFacts, Evidence, Meeting, Official,
                                    Organization)

ORGS = {
    "country:ID": Organization("country:ID", "Indonesia", "country", ["RI"],
                               {"id": "Indonesia", "en": "Indonesia"}),
    "country:JP": Organization("country:JP", "Jepang", "country", ["Japan"],
                               {"id": "Jepang", "en": "Japan"}),
    "kemnaker": Organization("kemnaker", "Kementerian Ketenagakerjaan", "government", ["Kemnaker"],
                             {"id": "Kementerian Ketenagakerjaan", "en": "Ministry of Manpower"},
                             country="country:ID"),
    "bp2mi": Organization("bp2mi", "Badan Pelindungan Pekerja Migran Indonesia", "government", ["BP2MI"],
                          {"id": "Badan Pelindungan Pekerja Migran Indonesia",
                           "en": "Indonesian Migrant Workers Protection Agency"}, country="country:ID"),
    "jp.mhlw": Organization("jp.mhlw", "Kementerian Kesehatan, Tenaga Kerja dan Kesejahteraan Jepang",
                            "government", ["MHLW"],
                            {"id": "Kementerian Kesehatan, Tenaga Kerja dan Kesejahteraan Jepang",
                             "en": "Ministry of Health, Labour and Welfare"}, country="country:JP"),
    "ilo": Organization("ilo", "Organisasi Perburuhan Internasional", "intergovernmental", ["ILO"],
                        {"id": "Organisasi Perburuhan Internasional",
                         "en": "International Labour Organization"}),
    "kr.moel": Organization("kr.moel", "Kementerian Ketenagakerjaan dan Tenaga Kerja Korea Selatan",
                            "government", ["MOEL"],
                            {"id": "Kementerian Ketenagakerjaan dan Tenaga Kerja Korea Selatan",
                             "en": "Ministry of Employment and Labor"}),
    "kr.hrdk": Organization("kr.hrdk", "Human Resources Development Service of Korea", "government",
                            ["HRD Korea"], {"en": "Human Resources Development Service of Korea"},
                            parent="kr.moel"),
    "my.kesuma": Organization("my.kesuma", "Kementerian Sumber Daya Manusia Malaysia", "government",
                              ["KESUMA"], {"id": "Kementerian Sumber Daya Manusia Malaysia",
                                           "en": "Ministry of Human Resources"}),
}

KEMNAKER, BP2MI, MHLW, ILO = (iris.organization(k) for k in ("kemnaker", "bp2mi", "jp.mhlw", "ilo"))
MOEL, HRDK, KESUMA = (iris.organization(k) for k in ("kr.moel", "kr.hrdk", "my.kesuma"))
INDONESIA, JAPAN = iris.organization("country:ID"), iris.organization("country:JP")

# invented people, met at the meetings below
PEOPLE = {
    "wulan sekarsari": Official("wulan sekarsari", "Wulan Sekarsari", [], "Menteri Ketenagakerjaan", [],
                                "menteri ketenagakerjaan", ["kemnaker"], "country:ID"),
    "kenji oyama": Official("kenji oyama", "Kenji Oyama", [], "Vice Minister", [], "vice minister jp.mhlw",
                            ["jp.mhlw"], "country:JP"),
    "amara diallo": Official("amara diallo", "Amara Diallo", [], "Country Director", [],
                             "country director ilo", ["ilo"], None),
    "lee jun-ho": Official("lee jun-ho", "Lee Jun-ho", [], "Minister", [], "minister kr.moel",
                           ["kr.moel"], None),
}


def _ev(sentence: str) -> Evidence:
    return Evidence(sentence, 0.9)


def _article(key: str, published: date, lang: str, orgs, officials=(), agreements=(), meetings=()):
    article = Article(key=key, source=key, text="Isi artikel.", format="txt", path=key,
                      title=f"Berita {key}", published=published, publisher="contoh.example",
                      language=lang)
    # an article names each body in its own language
    named = [replace(ORGS[k], name=ORGS[k].labels.get(lang, ORGS[k].name)) for k in orgs]
    return ArticleFacts(article, named, [PEOPLE[p] for p in officials],
                        list(agreements), list(meetings))


def world_facts() -> list[ArticleFacts]:
    a1 = Agreement("mou pemagangan", "MoU Pemagangan", "mou", [], "signed", ["kemnaker", "jp.mhlw"],
                   [], date(2023, 3, 1), "Jakarta", [], _ev("Kedua kementerian meneken MoU Pemagangan."))
    m1 = Meeting("2023-03-01 pemagangan", "signing", ["kemnaker", "jp.mhlw", "bp2mi"],
                 ["wulan sekarsari", "kenji oyama"], date(2023, 3, 1), "Jakarta", [], ["mou pemagangan"],
                 _ev("Penandatanganan disaksikan kepala BP2MI."))
    a2 = Agreement("plan of action skilled workers", "Plan of Action on Skilled Workers", "plan_of_action",
                   [], "signed", ["kemnaker", "jp.mhlw"], [], date(2024, 5, 2), "Tokyo", [],
                   _ev("The two ministries adopted a plan of action."))
    m2 = Meeting("2024-05-02 koordinasi", "meeting", ["kemnaker", "bp2mi"], [], date(2024, 5, 2),
                 "Jakarta", [], [], _ev("Kemnaker and BP2MI coordinated the departures."))
    m3 = Meeting("2024-08-08 ilo kemnaker", "bilateral_meeting", ["ilo", "kemnaker"],
                 ["wulan sekarsari", "amara diallo"], date(2024, 8, 8), "Jakarta", [], [],
                 _ev("Menaker menerima Direktur ILO."))
    m4 = Meeting("2024-09-09 ilo kemnaker", "meeting", ["ilo", "kemnaker"], [], date(2024, 9, 9),
                 "Jenewa", [], [], _ev("Delegasi Kemnaker bertemu ILO di Jenewa."))
    m5 = Meeting("2024-10-10 ilo moel", "meeting", ["ilo", "kr.moel"], ["amara diallo", "lee jun-ho"],
                 date(2024, 10, 10), "Seoul", [], [], _ev("The ILO director met the Korean minister."))
    m6 = Meeting("2024-10-11 moel kesuma", "bilateral_meeting", ["kr.moel", "kr.hrdk", "my.kesuma"],
                 ["lee jun-ho"], date(2024, 10, 11), "Seoul", [], ["eps cooperation"],
                 _ev("Korea and Malaysia met on worker training."))
    a3 = Agreement("eps cooperation", "EPS Cooperation Arrangement", "agreement", [], "signed",
                   ["kr.moel", "my.kesuma"], [], date(2024, 10, 11), "Seoul", [],
                   _ev("Korea and Malaysia signed an arrangement."))
    return [
        _article("world1.txt", date(2023, 3, 2), "id", ["country:ID", "country:JP", "kemnaker", "bp2mi", "jp.mhlw"],
                 ["wulan sekarsari", "kenji oyama"], [a1], [m1]),
        _article("world2.txt", date(2024, 5, 3), "en", ["country:ID", "country:JP", "kemnaker", "bp2mi", "jp.mhlw"],
                 [], [a2], [m2]),
        _article("world3.txt", date(2024, 9, 10), "id", ["country:ID", "kemnaker", "ilo"],
                 ["wulan sekarsari", "amara diallo"], [], [m3, m4]),
        _article("world4.txt", date(2024, 10, 12), "en", ["ilo", "kr.moel", "kr.hrdk", "my.kesuma"],
                 ["amara diallo", "lee jun-ho"], [a3], [m5, m6]),
    ]


def world_kg(path=None) -> KnowledgeGraph:
    """The world in memory, or in a store directory (closed for you to reopen) when `path` is given."""
    kg = KnowledgeGraph.memory() if path is None else KnowledgeGraph.open(path)
    for facts in world_facts():
        kg.replace_graph(NamedNode(iris.article(facts.article.key)), emit(facts))
    if path is not None:
        kg.close()
    return kg


# -- the world is what the docstring says -----------------------------------------------------


def _partners(graph) -> dict[frozenset, int]:
    return {frozenset((u, v)): d["weight"] for u, v, d in graph.edges(data=True)
            if d["relation"] == "partners"}


def test_organizations_view_is_the_drawn_world():
    graph = to_networkx(world_kg(), "organizations")
    assert set(graph) == {KEMNAKER, BP2MI, MHLW, ILO, MOEL, HRDK, KESUMA, INDONESIA, JAPAN}
    assert _partners(graph) == {
        frozenset((MHLW, KEMNAKER)): 3, frozenset((KEMNAKER, BP2MI)): 2, frozenset((BP2MI, MHLW)): 1,
        frozenset((KEMNAKER, ILO)): 2, frozenset((ILO, MOEL)): 1, frozenset((MOEL, KESUMA)): 2,
        frozenset((MOEL, HRDK)): 1, frozenset((HRDK, KESUMA)): 1}


def test_partner_edges_carry_their_supporting_articles():
    graph = to_networkx(world_kg(), "organizations")
    u, v = sorted((MHLW, KEMNAKER))
    edge = graph.edges[u, v, "partners"]
    assert edge["sources"] == ["world1.txt", "world2.txt"]
    assert edge["agreements"] == [iris.agreement("mou pemagangan"),
                                  iris.agreement("plan of action skilled workers")]
    assert edge["meetings"] == [iris.meeting("2023-03-01 pemagangan")]


def test_graph_carries_the_dated_facts_with_their_parties():
    facts = to_networkx(world_kg(), "organizations").graph["facts"]
    assert len(facts) == 9
    mou = facts[iris.agreement("mou pemagangan")]
    assert mou["type"] == "agreement" and mou["date"] == "2023-03-01" and mou["label"] == "MoU Pemagangan"
    assert mou["parties"] == sorted([KEMNAKER, MHLW]) and mou["sources"] == ["world1.txt"]
    assert facts[iris.meeting("2024-10-11 moel kesuma")]["parties"] == sorted([MOEL, HRDK, KESUMA])


def test_people_view_is_who_met_whom():
    graph = to_networkx(world_kg(), "people")
    labels = {graph.nodes[n]["label"] for n in graph}
    assert labels == {"Wulan Sekarsari", "Kenji Oyama", "Amara Diallo", "Lee Jun-ho"}
    met = {frozenset((graph.nodes[u]["label"], graph.nodes[v]["label"])) for u, v in graph.edges()}
    assert met == {frozenset(("Wulan Sekarsari", "Kenji Oyama")),
                   frozenset(("Wulan Sekarsari", "Amara Diallo")),
                   frozenset(("Amara Diallo", "Lee Jun-ho"))}


def test_agreements_view_is_bipartite_agency_agreement():
    graph = to_networkx(world_kg(), "agreements")
    agreements = {n for n, d in graph.nodes(data=True) if d["bipartite"] == 1}
    assert {graph.nodes[n]["label"] for n in agreements} == {
        "MoU Pemagangan", "Plan of Action on Skilled Workers", "EPS Cooperation Arrangement"}
    assert nx.is_bipartite(graph.to_undirected())
    assert set(graph) - agreements == {KEMNAKER, MHLW, MOEL, KESUMA}


def test_views_read_once_equal_views_read_alone():
    kg = world_kg()
    both = to_networkx_views(kg, ("organizations", "people"), since="2024-01-01")
    alone = to_networkx(kg, "organizations", since=date(2024, 1, 1))
    assert list(both["organizations"].edges(keys=True, data=True)) == list(alone.edges(keys=True, data=True))
    assert both["organizations"].graph["since"] == "2024-01-01"
    assert iris.agreement("mou pemagangan") not in both["organizations"].graph["facts"]


def test_bad_windows_are_clear_errors():
    kg = world_kg()
    with pytest.raises(ValueError, match="not a date"):
        to_networkx(kg, "organizations", since="spring")
    with pytest.raises(ValueError, match="after until"):
        to_networkx(kg, "organizations", since="2025-01-01", until="2024-01-01")
