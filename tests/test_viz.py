"""The network views and the HTML page, without a browser.

The browser behaviour (drawing, search, panel, hostile text) is in test_viz_browser.py.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import warnings
from dataclasses import replace
from datetime import date

import networkx as nx
import pytest
from pyoxigraph import NamedNode

from labourkg.graph import iris
from labourkg.graph.layout import positions
from labourkg.graph.network import NODE_TYPES, to_networkx
from labourkg.graph.viz import (MAX_LISTED, TrimmedWarning, VizOptions, build_view, display,
                                render_html, script_json, write_html)
from labourkg.loaders.emit import emit
from labourkg.loaders.model import Agreement, Article, ArticleFacts, Evidence, Organization

SCRIPT_PAYLOAD = "</script><script>window.__pwned=1</script>"
IMG_PAYLOAD = "<img src=x onerror=window.__pwned=1>"
RINA = iris.person("rina kusumawati")
KEMNAKER = iris.organization("kemnaker")
MHLW = iris.organization("jp.mhlw")
DITJEN = iris.organization("kemnaker.ditjen-binapenta")
MOU = iris.agreement("mou penempatan pekerja terampil")
TOKYO = iris.place("Tokyo")


def page_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert m, "no graph-data block"
    return json.loads(m.group(1))


def script_blocks(page: str) -> list[tuple[str, str]]:
    """Script elements as an HTML parser splits them (each ends at the first </script),
    checking that nothing outside them looks like a script."""
    blocks = re.findall(r"(<script\b[^>]*>)(.*?)</script>", page, re.S | re.I)
    rest = re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S | re.I)
    assert "<script" not in rest.lower()
    for _tag, body in blocks:
        assert "<!--" not in body            # would put the parser in "double escaped" state
    return blocks


def labels_of(graph) -> set[str]:
    return {graph.nodes[n]["label"] for n in graph}


@pytest.fixture
def demo_page(memory_kg, tmp_path) -> str:
    path = write_html(memory_kg, tmp_path / "net.html")
    return path.read_text(encoding="utf-8")


def hostile_kg(make_facts):
    """The demo graph plus an article whose title, organisation and evidence are attacks."""
    from labourkg.graph.store import KnowledgeGraph

    kg = KnowledgeGraph.memory()
    base = make_facts("alpha.txt")
    kg.replace_graph(NamedNode(iris.article("alpha.txt")), emit(base))
    article = Article(key="evil.txt", source="evil.txt", text="x", format="txt", path="evil.txt",
                      title=SCRIPT_PAYLOAD, url="javascript:window.__pwned=1",
                      published=date(2024, 7, 1), publisher=IMG_PAYLOAD, language="id")
    evil = Organization("evil", IMG_PAYLOAD, "government", [SCRIPT_PAYLOAD], {"id": IMG_PAYLOAD},
                        country="country:ID", evidence=Evidence(SCRIPT_PAYLOAD + " & " + IMG_PAYLOAD))
    deal = Agreement("evil deal", "MoU \u2028" + SCRIPT_PAYLOAD, "mou", [], "signed", ["evil", "kemnaker"],
                     date=date(2024, 7, 1), evidence=Evidence("Ditandatangani\u2029hari ini."))
    facts = ArticleFacts(article, [evil, *[o for o in base.organizations if o.key == "kemnaker"]],
                         [], [deal], [])
    kg.replace_graph(NamedNode(iris.article("evil.txt")), emit(facts))
    return kg


# -- the page is self-contained ---------------------------------------------------------------


def test_page_loads_nothing_from_the_network(demo_page):
    lower = demo_page.lower()
    assert 'src="http' not in lower and "src='http" not in lower
    assert 'href="http' not in lower and "href='http" not in lower
    assert "<link" not in lower
    assert '<link rel="stylesheet" href=' not in lower
    for word in ("cdn", "bootstrap", "googleapis", "@import", "tom-select", "jsdelivr", "unpkg"):
        assert word not in lower, word
    assert [tag for tag, _body in script_blocks(demo_page)] == [
        '<script type="application/json" id="graph-data">', "<script>", "<script>"]
    assert "vis-network" in demo_page and "@license" in demo_page    # vis inlined with its licence header
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', demo_page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]


def test_csp_hashes_match_the_inline_scripts(demo_page):
    import base64
    import hashlib

    csp = re.search(r'content="(default-src[^"]+)"', demo_page).group(1)
    bodies = [body for tag, body in script_blocks(demo_page) if tag == "<script>"]
    assert len(bodies) == 2
    for body in bodies:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_legend_lists_the_types_present(demo_page):
    legend = re.search(r'<section id="legend".*?</section>', demo_page, re.S).group(0)
    for kind in ("official", "agency", "country", "agreement", "meeting", "article", "place"):
        assert f'data-type="{kind}"' in legend
    assert 'data-type="union"' not in legend          # no union in the demo graph
    assert re.search(r'data-type="official".*?<span class="count">3</span>', legend, re.S)


def test_node_and_edge_counts_match_the_graph(memory_kg, demo_page):
    graph = to_networkx(memory_kg)
    data = page_data(demo_page)
    assert len(data["nodes"]) == graph.number_of_nodes() == 15
    assert len(data["edges"]) == graph.number_of_edges()
    assert len(data["info"]) == len(data["nodes"])
    assert {n["group"] for n in data["nodes"]} <= set(NODE_TYPES)
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert data["options"]["physics"]["enabled"] is False     # positions are precomputed
    assert "15 nodes" in demo_page


def test_page_has_search_filters_and_panel(demo_page):
    for element in ('id="search"', 'id="since"', 'id="until"', 'id="partner"', 'id="hide-articles"',
                    'id="panel"', 'id="legend"'):
        assert element in demo_page


def test_app_script_never_writes_html():
    from importlib import resources

    js = resources.files("labourkg.graph").joinpath("static/network.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "setAttribute(\"href\"", ".title ="):
        assert sink not in js, sink


def test_same_graph_same_page(memory_kg, tmp_path):
    a = write_html(memory_kg, tmp_path / "a.html").read_bytes()
    b = write_html(memory_kg, tmp_path / "b.html").read_bytes()
    assert a == b


# -- hostile text ---------------------------------------------------------------------------


def test_hostile_labels_appear_only_json_escaped(make_facts, tmp_path):
    kg = hostile_kg(make_facts)
    page = write_html(kg, tmp_path / "evil.html", title=IMG_PAYLOAD).read_text(encoding="utf-8")
    assert SCRIPT_PAYLOAD not in page
    assert IMG_PAYLOAD not in page
    assert "window.__pwned=1</script>" not in page
    assert "\u2028" not in page and "\u2029" not in page
    assert "\\u003c/script\\u003e\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e" in page
    assert "\\u003cimg src=x onerror=window.__pwned=1\\u003e" in page
    assert "<title>&lt;img src=x onerror=window.__pwned=1&gt;</title>" in page
    assert len(script_blocks(page)) == 3                    # no script was smuggled in
    data = page_data(page)
    labels = {d["label"] for d in data["info"]}
    assert IMG_PAYLOAD in labels and SCRIPT_PAYLOAD in labels          # headline of the article
    quotes = [q[0] for d in data["info"] for q in d["quotes"]]
    assert SCRIPT_PAYLOAD + " & " + IMG_PAYLOAD in quotes
    assert data["articles"]["evil.txt"]["url"] is None                 # javascript: is not a link
    assert data["articles"]["evil.txt"]["url_text"] == "javascript:window.__pwned=1"


def test_script_json_round_trips_and_hides_markup():
    value = {"a": "</script><!--<script>&amp;\u2028\u2029", "b": ["<", ">", "&"], "c": 1.5}
    text = script_json(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


# -- what is drawn -------------------------------------------------------------------------


def test_focus_and_depth(memory_kg):
    one = build_view(memory_kg, VizOptions(focus="Rina", depth=1)).graph
    assert labels_of(one) == {"Rina Kusumawati", "MoU Penempatan Pekerja Terampil", "Judul",
                              "Direktur Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja",
                              next(one.nodes[n]["label"] for n in one if one.nodes[n]["type"] == "meeting")}
    assert sum(1 for n in one if one.nodes[n]["type"] == "article") == 2
    zero = build_view(memory_kg, VizOptions(focus="rina kusumawati", depth=0))
    assert list(zero.graph) == [RINA] and zero.focus == RINA
    two = build_view(memory_kg, VizOptions(focus="Rina", depth=2)).graph
    assert DITJEN in two and MHLW in two and len(two) > len(one)
    # articles are reached but not gone through: Sari Dewi is only linked to the articles
    assert "Sari Dewi" not in labels_of(two)


def test_focus_by_alias_in_the_other_language(memory_kg):
    view = build_view(memory_kg, VizOptions(focus="Ministry of Manpower", depth=1))
    assert view.focus == KEMNAKER
    assert DITJEN in view.graph                       # its unit
    assert iris.organization("country:ID") in view.graph


def test_focus_on_unknown_name_is_a_clear_error(memory_kg, tmp_path):
    with pytest.raises(ValueError, match=r"--focus 'Nobody Here': no entity"):
        write_html(memory_kg, tmp_path / "x.html", focus="Nobody Here")
    assert not (tmp_path / "x.html").exists()


def test_focus_filtered_out_names_the_reason(memory_kg, tmp_path):
    with pytest.raises(ValueError, match="not in this view"):
        write_html(memory_kg, tmp_path / "x.html", focus="Rina", view="organizations")


def test_max_nodes_keeps_the_best_connected_and_the_focus(memory_kg, tmp_path):
    with pytest.warns(TrimmedWarning) as caught:
        page = write_html(memory_kg, tmp_path / "t.html", max_nodes=5).read_text(encoding="utf-8")
    warning = caught[0].message
    assert (warning.shown, warning.total) == (5, 15)
    assert str(warning) == "showing 5 of 15 nodes (--max-nodes)"
    data = page_data(page)
    assert len(data["nodes"]) == 5
    assert "showing 5 of 15 nodes" in page
    graph = to_networkx(memory_kg)
    top = sorted(graph, key=lambda n: (-graph.degree(n), n))[:5]
    assert {d["iri"] for d in data["info"]} == set(top)
    view = build_view(memory_kg, VizOptions(focus="Sari Dewi", max_nodes=2))
    assert iris.person("sari dewi") in view.graph and view.shown == 2 and view.trimmed


def test_no_warning_when_nothing_is_trimmed(memory_kg, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        write_html(memory_kg, tmp_path / "ok.html")


def test_hide_articles(memory_kg):
    view = build_view(memory_kg, VizOptions(hide_articles=True))
    assert view.shown == 13
    assert "article" not in {t for _n, t in view.graph.nodes(data="type")}
    assert not any(rel == "mentions" for _u, _v, rel in view.graph.edges(data="relation"))


@pytest.fixture
def two_years_kg(make_facts):
    """alpha.txt (2024) states the 2024 MoU; beta.txt (2025) a second MoU with a 2025 meeting."""
    from labourkg.graph.store import KnowledgeGraph

    kg = KnowledgeGraph.memory()
    first = make_facts("alpha.txt", date(2024, 6, 10))
    second = make_facts("beta.txt", date(2025, 2, 3))
    mou2 = replace(second.agreements[0], key="mou kedua", name="MoU Kedua", aliases=[],
                   date=date(2025, 2, 3), place=None)
    meet2 = replace(second.meetings[0], key="2025-02-03 kemnaker jp.mhlw", date=date(2025, 2, 3),
                    agreements=["mou kedua"], place=None)
    second = replace(second, agreements=[mou2], meetings=[meet2])
    for f in (first, second):
        kg.replace_graph(NamedNode(iris.article(f.article.key)), emit(f))
    return kg


def test_since_until(two_years_kg):
    def kinds(graph, kind):
        return {graph.nodes[n]["label"] for n in graph if graph.nodes[n]["type"] == kind}

    everything = to_networkx(two_years_kg)
    assert kinds(everything, "agreement") == {"MoU Penempatan Pekerja Terampil", "MoU Kedua"}
    later = build_view(two_years_kg, VizOptions(since=date(2025, 1, 1))).graph
    assert kinds(later, "agreement") == {"MoU Kedua"}
    assert len(kinds(later, "meeting")) == 1
    assert {later.nodes[n]["date"] for n in later if later.nodes[n]["type"] == "article"} == {"2025-02-03"}
    assert TOKYO not in later                      # only the 2024 facts happened in Tokyo
    assert RINA in later                           # officials stay while they have edges
    earlier = build_view(two_years_kg, VizOptions(until="2024-12-31")).graph
    assert kinds(earlier, "agreement") == {"MoU Penempatan Pekerja Terampil"}
    assert TOKYO in earlier
    nothing = build_view(two_years_kg, VizOptions(since="2026-01-01")).graph
    assert not kinds(nothing, "agreement") and not kinds(nothing, "article")
    assert iris.person("sari dewi") not in nothing     # she hung on the articles only
    with pytest.raises(ValueError, match="not a date"):
        build_view(two_years_kg, VizOptions(since="last year"))


def test_partner(memory_kg):
    view = build_view(memory_kg, VizOptions(partner="MHLW", hide_articles=True))
    graph = view.graph
    assert MHLW in graph and MOU in graph and KEMNAKER in graph and DITJEN in graph
    assert iris.organization("country:ID") not in graph      # not on any agreement or meeting
    assert iris.person("sari dewi") not in graph
    with pytest.raises(ValueError, match="--partner 'Atlantis'"):
        build_view(memory_kg, VizOptions(partner="Atlantis"))


def test_query_selects_the_entities_it_returns(memory_kg):
    meetings = build_view(memory_kg, VizOptions(query="meetings")).graph
    types = {t for _n, t in meetings.nodes(data="type")}
    assert "meeting" in types and "article" in types          # ?meeting IRIs, ?source files
    assert KEMNAKER in meetings and MHLW in meetings           # participants, by label
    assert RINA not in meetings
    sparql = build_view(memory_kg, VizOptions(
        query=f"SELECT ?x WHERE {{ VALUES ?x {{ <{RINA}> <{MOU}> }} }}")).graph
    assert set(sparql) == {RINA, MOU}
    assert sparql.has_edge(MOU, RINA)
    with pytest.raises(ValueError, match="returned no entity"):
        build_view(memory_kg, VizOptions(query="SELECT ?x WHERE { VALUES ?x { 1 } }"))


def test_bad_options(memory_kg):
    with pytest.raises(ValueError, match="unknown view"):
        to_networkx(memory_kg, "everything")
    with pytest.raises(ValueError, match="max_nodes"):
        build_view(memory_kg, VizOptions(max_nodes=0))
    with pytest.raises(ValueError, match="depth"):
        build_view(memory_kg, VizOptions(focus="Rina", depth=-1))


# -- to_networkx -----------------------------------------------------------------------------


def test_full_view_node_attributes(memory_kg):
    graph = to_networkx(memory_kg)
    for node, attrs in graph.nodes(data=True):
        assert attrs["type"] in NODE_TYPES
        for key in ("label", "labels", "aliases", "dates", "sources", "evidence"):
            assert key in attrs, (node, key)
        assert attrs["sources"] == sorted(attrs["sources"])
    kemnaker = graph.nodes[KEMNAKER]
    assert kemnaker["type"] == "agency"
    assert kemnaker["label"] == "Kementerian Ketenagakerjaan"              # the Indonesian name first
    assert kemnaker["labels"] == {"id": "Kementerian Ketenagakerjaan", "en": "Ministry of Manpower"}
    assert "Kemnaker" in kemnaker["aliases"] and "Ministry of Manpower" not in kemnaker["aliases"]
    assert kemnaker["sources"] == ["alpha.txt", "beta.txt"]
    japan = graph.nodes[iris.organization("country:JP")]
    assert japan["type"] == "country" and japan["labels"] == {"id": "Jepang", "en": "Japan"}
    rina = graph.nodes[RINA]
    assert rina["type"] == "official" and rina["label"] == "Rina Kusumawati"
    assert set(rina["aliases"]) == {"Rina", "Dirjen Rina"}
    assert rina["evidence"] == ["Dirjen Binapenta dan PKK Rina Kusumawati menandatangani MoU dengan MHLW."]
    assert rina["dates"] == ["2024-06-10", "2024-06-11"]                   # observed in both articles
    mou = graph.nodes[MOU]
    assert (mou["type"], mou["kind"], mou["status"], mou["date"]) == ("agreement", "mou", "signed", "2024-06-10")
    assert mou["aliases"] == ["Memorandum of Understanding on Skilled Worker Placement"]
    articles = [a for n, a in graph.nodes(data=True) if a["type"] == "article"]
    assert sorted(a["sources"][0] for a in articles) == ["alpha.txt", "beta.txt"]
    assert graph.nodes[TOKYO]["type"] == "place"
    assert {graph.nodes[n]["type"] for n in graph} == {"official", "role", "agency", "country", "agreement",
                                                       "meeting", "article", "place"}


def test_full_view_edges(memory_kg):
    graph = to_networkx(memory_kg)
    post = iris.post("dirjen binapenta", "kemnaker.ditjen-binapenta")
    meeting = iris.meeting("2024-06-10 jp.mhlw kemnaker")
    expected = [(RINA, "holds", post), (post, "postIn", DITJEN), (DITJEN, "subOrganizationOf", KEMNAKER),
                (KEMNAKER, "country", iris.organization("country:ID")), (MOU, "party", MHLW),
                (MOU, "signatory", RINA), (meeting, "participant", KEMNAKER), (meeting, "attendee", RINA),
                (meeting, "signed", MOU), (MOU, "place", TOKYO)]
    for u, rel, v in expected:
        assert graph.has_edge(u, v, key=rel), (u, rel, v)
        attrs = graph.edges[u, v, rel]
        assert attrs["relation"] == rel and attrs["weight"] == 2
        assert attrs["sources"] == ["alpha.txt", "beta.txt"]
    mentions = [(u, v) for u, v, rel in graph.edges(data="relation") if rel == "mentions"]
    assert len(mentions) == 2 * 10          # each article -> its officials, orgs, agreement, meeting
    assert not any(graph.nodes[v]["type"] in ("role", "place") for _u, v in mentions)


def test_officials_without_a_post(make_facts):
    """A role without an agency, or an agency without a role, still links the official."""
    from labourkg.graph.store import KnowledgeGraph
    from labourkg.loaders.model import Official

    base = make_facts("gamma.txt")
    attache = Official("budi hartono", "Budi Hartono", ["Budi"], "Atase Ketenagakerjaan",
                       ["Labour Attache"], "atase ketenagakerjaan", [], "country:ID",
                       Evidence("Atase Ketenagakerjaan Budi Hartono hadir.", 0.7))
    staff = Official("wulan sari", "Wulan Sari", [], None, [], None, ["kemnaker"], "country:ID", None)
    kg = KnowledgeGraph.memory()
    facts = replace(base, officials=[*base.officials, attache, staff])
    kg.replace_graph(NamedNode(iris.article("gamma.txt")), emit(facts))
    graph = to_networkx(kg)
    role = iris.role("atase ketenagakerjaan")
    budi, wulan = iris.person("budi hartono"), iris.person("wulan sari")
    assert graph.has_edge(budi, role, key="holds")
    assert graph.nodes[role]["type"] == "role"
    assert graph.nodes[role]["label"] == "Atase Ketenagakerjaan"
    assert graph.nodes[role]["aliases"] == ["Labour Attache"]
    assert graph.nodes[budi]["evidence"] == ["Atase Ketenagakerjaan Budi Hartono hadir."]
    assert graph.has_edge(wulan, KEMNAKER, key="memberOf")
    assert graph.nodes[wulan]["dates"] == ["2024-06-10"]
    assert not graph.has_edge(budi, iris.organization("country:ID"), key="nationality")  # linked already
    rina_links = {k for _u, _v, k in graph.out_edges(RINA, keys=True)}
    assert rina_links == {"holds"}          # her post shows her agency: no extra memberOf


def test_organizations_view(memory_kg):
    graph = to_networkx(memory_kg, "organizations")
    assert {t for _n, t in graph.nodes(data="type")} == {"agency", "country"}
    edge = graph.edges[DITJEN, MHLW, "partners"] if graph.has_edge(DITJEN, MHLW) else graph.edges[MHLW, DITJEN, "partners"]
    assert edge["agreements"] == [MOU] and edge["weight"] == 1
    assert edge["sources"] == ["alpha.txt", "beta.txt"]
    pair = (KEMNAKER, MHLW) if graph.has_edge(KEMNAKER, MHLW) else (MHLW, KEMNAKER)
    met = graph.edges[pair[0], pair[1], "partners"]
    assert met["meetings"] == [iris.meeting("2024-06-10 jp.mhlw kemnaker")] and met["agreements"] == []
    assert graph.has_edge(DITJEN, KEMNAKER, key="subOrganizationOf")


def test_people_view(memory_kg):
    graph = to_networkx(memory_kg, "people")
    tanabe = iris.person("hiroshi tanabe")
    assert set(graph) == {RINA, tanabe}
    u, v = sorted((RINA, tanabe))
    assert graph.edges[u, v, "met"]["weight"] == 1
    assert graph.edges[u, v, "met"]["meetings"] == [iris.meeting("2024-06-10 jp.mhlw kemnaker")]


def test_agreements_view_is_bipartite(memory_kg):
    graph = to_networkx(memory_kg, "agreements")
    assert set(graph) == {MOU, DITJEN, MHLW}
    assert nx.is_bipartite(graph.to_undirected())
    assert graph.nodes[MOU]["bipartite"] == 1 and graph.nodes[MHLW]["bipartite"] == 0
    assert {rel for _u, _v, rel in graph.edges(data="relation")} == {"party"}


def test_to_networkx_is_deterministic(memory_kg):
    a, b = to_networkx(memory_kg), to_networkx(memory_kg)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
    assert list(a) == sorted(a)


def test_positions_are_deterministic_and_spread():
    graph = nx.MultiDiGraph()
    graph.add_edges_from((i, (i * 7 + 3) % 60) for i in range(60))
    graph.add_nodes_from(range(60, 64))                 # isolated nodes are placed too
    first, second = positions(graph), positions(graph)
    assert first == second and set(first) == set(graph)
    coords = set(first.values())
    assert len(coords) == len(graph)                    # no two nodes on the same spot


# -- other entry points ---------------------------------------------------------------------


def test_render_html_draws_a_plain_networkx_graph():
    graph = nx.MultiDiGraph()
    graph.add_edge(1, 2)
    graph.add_edge(2, 3, relation="knows", sources=["a.txt"])
    graph.add_node(4, type="<b>odd</b>", label=IMG_PAYLOAD)
    page = render_html(graph, title="plain")
    data = page_data(page)
    assert len(data["nodes"]) == 4 and len(data["edges"]) == 2
    assert data["edges"][1]["relation"] == "knows"
    assert IMG_PAYLOAD not in page and "<b>odd</b>" not in page


# -- long source lists are cut to the newest ------------------------------------------------

BIG_ORG = iris.organization("big.agency")
SMALL_ORG = iris.organization("small.agency")
DEAL = iris.agreement("big deal")


def many_sources_graph(node_sources: int = 60, edge_sources: int = 60) -> nx.MultiDiGraph:
    """An agency cited by `node_sources` articles (one quote each), an agreement naming it
    in `edge_sources` articles, and a small agency under the cap. Article names and dates
    disagree in order (s0000 is not the oldest), and every twentieth article is undated."""
    graph = nx.MultiDiGraph()
    articles = {}
    count = max(node_sources, edge_sources)
    for i in range(count):
        src = f"s{i:04d}.txt"
        day = date.fromordinal(date(2020, 1, 1).toordinal() + (i * 37) % count * 3)
        published = None if i % 20 == 7 else day.isoformat()
        articles[src] = {"url": f"https://news.example/{i}", "headline": f"Headline {i}",
                         "published": published}
    articles["quiet.txt"] = {"url": None, "headline": "Quiet", "published": "2030-01-01"}
    graph.graph["articles"] = articles
    numbered = sorted(s for s in articles if s != "quiet.txt")
    node_srcs = numbered[:node_sources]
    graph.add_node(BIG_ORG, label="Big Agency", type="agency", iri=BIG_ORG, sources=node_srcs,
                   quotes=sorted((f"Sentence from {s}.", s) for s in node_srcs))
    graph.add_node(SMALL_ORG, label="Small Agency", type="agency", iri=SMALL_ORG,
                   sources=["s0003.txt", "s0001.txt", "quiet.txt"],
                   quotes=[("Small one.", "s0003.txt"), ("Small two.", "quiet.txt")])
    graph.add_node(DEAL, label="Big Deal", type="agreement", iri=DEAL, sources=["s0002.txt"])
    edge_srcs = numbered[:edge_sources]
    graph.add_edge(DEAL, BIG_ORG, key="party", relation="party", weight=len(edge_srcs),
                   sources=edge_srcs)
    graph.add_edge(BIG_ORG, SMALL_ORG, key="partners", relation="partners", weight=3,
                   sources=edge_srcs)
    graph.add_edge(DEAL, SMALL_ORG, key="party", relation="party", weight=1, sources=["quiet.txt"])
    return graph


def newest(graph: nx.MultiDiGraph, sources, n: int = MAX_LISTED) -> list[str]:
    """The n newest sources by the article's date (ties by name), the undated last by name."""
    meta = graph.graph["articles"]
    dated = [s for s in sources if meta[s]["published"]]
    undated = sorted(s for s in sources if not meta[s]["published"])
    dated.sort(key=lambda s: (-date.fromisoformat(meta[s]["published"]).toordinal(), s))
    return (dated + undated)[:n]


def test_long_lists_keep_the_newest_and_the_totals():
    graph = many_sources_graph()
    data = page_data(render_html(graph))
    big = next(d for d in data["info"] if d["iri"] == BIG_ORG)
    every = graph.nodes[BIG_ORG]["sources"]
    assert len(every) == 60 and MAX_LISTED < 60
    assert big["sources_total"] == 60 and big["quotes_total"] == 60
    assert big["sources"] == newest(graph, every)                    # newest first
    assert len(big["quotes"]) == MAX_LISTED
    assert [q[1] for q in big["quotes"]] == big["sources"]           # the listed articles' quotes
    assert all(q == [f"Sentence from {q[1]}.", q[1]] for q in big["quotes"])
    edges = {(e["relation"], e["weight"]): e for e in data["edges"]}
    party = edges[("party", 60)]
    assert party["sources"] == newest(graph, graph.edges[DEAL, BIG_ORG, "party"]["sources"])
    assert party["sources_total"] == 60
    assert party["width"] == round(1 + math.log2(60), 2)             # the true count, not 25
    partners = edges[("partners", 3)]                                # a weight that is not a count
    assert partners["sources_total"] == 60 and len(partners["sources"]) == MAX_LISTED
    assert partners["width"] == round(1 + math.log2(3), 2)
    # the page describes only the articles it lists
    cited = {s for d in data["info"] for s in d["sources"]} | {s for e in data["edges"] for s in e["sources"]}
    assert set(data["articles"]) == cited
    assert "quiet.txt" in cited                                      # under the cap: all kept
    left_out = set(every) - cited
    assert len(left_out) > 20 and not left_out & set(data["articles"])
    assert data["articles"][big["sources"][0]]["headline"].startswith("Headline ")


def test_a_tie_and_undated_articles_are_ordered_by_name():
    graph = many_sources_graph()
    meta = graph.graph["articles"]
    big = next(d for d in page_data(render_html(graph))["info"] if d["iri"] == BIG_ORG)
    dates = [meta[s]["published"] for s in big["sources"]]
    assert all(dates) and dates == sorted(dates, reverse=True)
    assert dates[0] == max(m["published"] for s, m in meta.items() if m["published"] and s != "quiet.txt")
    # only the undated ones: they come after every dated one, by name
    graph = many_sources_graph()
    for src in graph.graph["articles"]:
        graph.graph["articles"][src]["published"] = None
    big = next(d for d in page_data(render_html(graph))["info"] if d["iri"] == BIG_ORG)
    assert big["sources"] == sorted(graph.nodes[BIG_ORG]["sources"])[:MAX_LISTED]
    graph = many_sources_graph()
    meta = graph.graph["articles"]
    meta["s0059.txt"]["published"] = meta["s0058.txt"]["published"] = "2099-01-01"
    big = next(d for d in page_data(render_html(graph))["info"] if d["iri"] == BIG_ORG)
    assert big["sources"][:2] == ["s0058.txt", "s0059.txt"]
    # undated articles come after the dated ones, by name, and are the first left out
    undated = [s for s in graph.nodes[BIG_ORG]["sources"] if not meta[s]["published"]]
    assert undated == ["s0007.txt", "s0027.txt", "s0047.txt"]
    dated = [s for s in graph.nodes[BIG_ORG]["sources"] if meta[s]["published"]][:MAX_LISTED - 2]
    graph.nodes[BIG_ORG]["sources"] = sorted(dated + undated)
    big = next(d for d in page_data(render_html(graph))["info"] if d["iri"] == BIG_ORG)
    assert big["sources_total"] == MAX_LISTED + 1
    assert big["sources"] == newest(graph, dated, MAX_LISTED) + ["s0007.txt", "s0027.txt"]


def test_quotes_of_listed_sources_come_first():
    graph = many_sources_graph(node_sources=30)
    attrs = graph.nodes[BIG_ORG]
    # the newest article's quotes are many; an old article has the alphabetically first sentence
    top = newest(graph, attrs["sources"], 1)[0]
    old = newest(graph, attrs["sources"], 30)[-1]
    attrs["quotes"] = sorted(attrs["quotes"] + [(f"Another from {top} {k}.", top) for k in range(3)]
                             + [("AAA first by name.", old), ("Unlisted source.", "s0059.txt")])
    big = next(d for d in page_data(render_html(graph))["info"] if d["iri"] == BIG_ORG)
    assert big["quotes_total"] == 35 and len(big["quotes"]) == MAX_LISTED
    assert {q[1] for q in big["quotes"]} <= set(big["sources"])
    assert [q[1] for q in big["quotes"][:4]] == [top] * 4
    assert ["AAA first by name.", old] not in big["quotes"]
    assert ["Unlisted source.", "s0059.txt"] not in big["quotes"]


def test_lists_under_the_cap_are_unchanged(memory_kg):
    graph = many_sources_graph(node_sources=MAX_LISTED, edge_sources=MAX_LISTED)
    data = page_data(render_html(graph))
    for d in data["info"]:
        attrs = graph.nodes[d["iri"]]
        assert d["sources"] == list(attrs["sources"])                    # as given, not re-sorted
        assert d["quotes"] == [list(q) for q in attrs.get("quotes", ())]
        assert (d["sources_total"], d["quotes_total"]) == (len(d["sources"]), len(d["quotes"]))
    small = next(d for d in data["info"] if d["iri"] == SMALL_ORG)
    assert small["sources"] == ["s0003.txt", "s0001.txt", "quiet.txt"]
    for e, (_u, _v, attrs) in zip(data["edges"], graph.edges(data=True)):
        assert e["sources"] == attrs["sources"] and e["sources_total"] == len(attrs["sources"])
    # a store's graph: every node's and edge's sources, and every cited article
    graph = to_networkx(memory_kg)
    data = page_data(render_html(graph))
    for d, (_n, attrs) in zip(data["info"], graph.nodes(data=True)):
        assert d["sources"] == attrs["sources"] and d["sources_total"] == len(attrs["sources"])
        assert d["quotes"] == [list(q) for q in attrs["quotes"]]
    for e, (_u, _v, attrs) in zip(data["edges"], graph.edges(data=True)):
        assert e["sources"] == attrs["sources"] and e["weight"] == attrs["weight"]
    assert sorted(data["articles"]) == ["alpha.txt", "beta.txt"]


def test_page_size_does_not_grow_with_long_lists():
    few, many = (len(render_html(many_sources_graph(n, n))) for n in (MAX_LISTED, 2000))
    assert many < few + 2000


def test_display_returns_an_escaped_sandboxed_iframe(memory_kg, need):
    need(importlib.util.find_spec("IPython") is not None, "IPython (test extra) is not installed")
    shown = display(memory_kg, hide_articles=True, height=500)
    markup = shown.data
    assert markup.startswith('<div class="labourkg-network"><iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert 'sandbox="allow-scripts' in markup and "allow-same-origin" not in markup
    assert "<script" not in markup and "height:500px" in markup
    with pytest.raises(TypeError, match="unknown options"):
        display(memory_kg, colour="red")


def test_kg_to_html_uses_write_html(memory_kg, tmp_path):
    path = memory_kg.to_html(tmp_path / "sub" / "kg.html", focus="MHLW", depth=1)
    assert path.exists() and len(page_data(path.read_text(encoding="utf-8"))["nodes"]) < 15
