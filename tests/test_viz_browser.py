"""The network page in headless Chromium, with every network request blocked.

Needs /usr/bin/chromium (apt-get install chromium) and the playwright package; the
tests skip without them locally and fail under CI=true.
"""

from __future__ import annotations

import importlib.util
import os
import random
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from pyoxigraph import NamedNode

from labourkg.graph import iris
from labourkg.graph.viz import render_html, write_html
from labourkg.loaders.emit import emit
from labourkg.loaders.model import (Agreement, Article, ArticleFacts, Evidence, Meeting, Official,
                                    Organization)

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("LABOURKG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
@pytest.fixture(scope="module")
def browser(need):
    need(os.path.exists(CHROMIUM), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "the playwright package is not installed (pip install playwright)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Loaded:
    page: object
    errors: list[str] = field(default_factory=list)
    web_requests: list[str] = field(default_factory=list)

    def eval(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def node_index(self, label: str) -> int:
        index = self.eval("(l) => JSON.parse(document.getElementById('graph-data').textContent)"
                          ".info.findIndex(d => d.label === l)", label)
        assert index >= 0, label
        return index

    def click_node(self, index: int) -> None:
        where = self.eval("(i) => { const n = window.labourkg.network;"
                          " return n.canvasToDOM(n.getPositions([i])[i]); }", index)
        box = self.page.locator("#network").bounding_box()
        self.page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])

    def panel_text(self) -> str:
        return self.page.locator("#panel").inner_text()


@pytest.fixture
def load(browser):
    contexts = []

    def opener(path: Path, timeout_ms: int = 30_000) -> Loaded:
        context = browser.new_context(viewport={"width": 1400, "height": 850})
        contexts.append(context)
        page = context.new_page()
        loaded = Loaded(page)

        def route(r):
            url = r.request.url
            if url.startswith(("http:", "https:", "ws:", "wss:")):
                loaded.web_requests.append(url)
            if url.startswith("file:") and url.split("#", 1)[0] == path.as_uri():
                r.continue_()
            else:
                r.abort()

        context.route("**/*", route)
        page.on("request", lambda req: req.url.startswith(("http:", "https:")) and
                loaded.web_requests.append(req.url))
        page.on("websocket", lambda ws: loaded.web_requests.append(ws.url))
        page.on("console", lambda msg: msg.type in ("error", "assert") and
                loaded.errors.append(f"console {msg.type}: {msg.text}"))
        page.on("pageerror", lambda exc: loaded.errors.append(f"page error: {exc}"))
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=timeout_ms)
        return loaded

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture
def demo(memory_kg, tmp_path, load) -> Loaded:
    return load(write_html(memory_kg, tmp_path / "demo.html"))


def distinct_canvas_colours(loaded: Loaded) -> int:
    return loaded.eval("""() => {
        const c = document.querySelector('#network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let i = 0; i < d.length; i += 4) seen.add(((d[i] << 16) | (d[i+1] << 8) | d[i+2]) * 256 + d[i+3]);
        return seen.size; }""")


# -- the demo graph ---------------------------------------------------------------------------


def test_demo_draws_without_network_or_errors(demo, tmp_path):
    assert distinct_canvas_colours(demo) > 40          # nodes, labels, edges: not a blank canvas
    demo.page.screenshot(path=str(tmp_path / "demo.png"))
    assert (tmp_path / "demo.png").stat().st_size > 10_000
    legend = demo.page.locator("#legend-list li")
    assert legend.count() == 8
    assert "official" in demo.page.locator("#legend").inner_text()
    assert demo.page.locator("#summary").inner_text() == "15 nodes, 39 edges"
    assert demo.errors == []
    assert demo.web_requests == []


def test_search_by_alias_selects_and_shows_the_entity(demo):
    demo.page.fill("#search", "kemnaker")
    first = demo.page.locator("#search-results button").first
    assert first.inner_text().startswith("Kementerian Ketenagakerjaan")
    demo.page.keyboard.press("Enter")
    demo.page.wait_for_selector("#panel:not([hidden])")
    assert demo.page.locator("#panel h2").inner_text() == "Kementerian Ketenagakerjaan"
    text = demo.panel_text()
    assert "Ministry of Manpower" in text and "Kemnaker" in text
    assert "subOrganizationOf" in text                 # its unit points at it
    index = demo.node_index("Kementerian Ketenagakerjaan")
    assert demo.eval("() => window.labourkg.network.getSelectedNodes()") == [index]
    demo.page.fill("#search", "Japan")                 # the English name of "Jepang"
    demo.page.locator("#search-results button").first.click()
    assert demo.page.locator("#panel h2").inner_text() == "Jepang"
    demo.page.fill("#search", "zzzz no such name")
    assert demo.page.locator("#search-results").inner_text() == "no match"
    assert demo.errors == []


def test_clicking_a_node_shows_evidence_and_sources(demo):
    demo.click_node(demo.node_index("Rina Kusumawati"))
    demo.page.wait_for_selector("#panel:not([hidden])")
    assert demo.page.locator("#panel h2").inner_text() == "Rina Kusumawati"
    text = demo.panel_text()
    assert "Dirjen Binapenta dan PKK Rina Kusumawati menandatangani MoU dengan MHLW." in text
    assert "alpha.txt" in text and "beta.txt" in text
    assert "Dirjen Rina" in text                       # an alias
    # a fact in the panel leads to the neighbour
    demo.page.locator("#panel button.link", has_text="MoU Penempatan Pekerja Terampil").first.click()
    assert demo.page.locator("#panel h2").inner_text() == "MoU Penempatan Pekerja Terampil"
    assert "Memorandum of Understanding on Skilled Worker Placement" in demo.panel_text()
    assert demo.errors == []


def test_hovering_a_node_shows_a_text_tooltip(demo):
    index = demo.node_index("Hiroshi Tanabe")
    where = demo.eval("(i) => { const n = window.labourkg.network;"
                      " return n.canvasToDOM(n.getPositions([i])[i]); }", index)
    box = demo.page.locator("#network").bounding_box()
    demo.page.mouse.move(box["x"] + where["x"], box["y"] + where["y"])
    demo.page.wait_for_selector("#tooltip:not([hidden])")
    assert demo.page.locator("#tooltip strong").inner_text() == "Hiroshi Tanabe"


def hidden_labels(loaded: Loaded) -> set[str]:
    return set(loaded.eval("""() => {
        const info = JSON.parse(document.getElementById('graph-data').textContent).info;
        return window.labourkg.network.body.data.nodes.get({filter: n => n.hidden})
            .map(n => info[n.id].label); }"""))


def test_type_date_partner_and_article_filters(demo):
    page = demo.page
    page.locator("#legend-list input[data-type='article']").uncheck()
    assert hidden_labels(demo) == {"Judul"}
    assert page.locator("#hide-articles").is_checked()
    page.locator("#hide-articles").uncheck()
    assert hidden_labels(demo) == set()
    page.fill("#since", "2025-01-01")
    page.locator("#since").dispatch_event("change")
    assert hidden_labels(demo) == {"MoU Penempatan Pekerja Terampil",
                                   "Kementerian Ketenagakerjaan – Kementerian Kesehatan, Tenaga Kerja "
                                   "dan Kesejahteraan Jepang, 2024-06-10"}
    assert "of 15 nodes visible" in page.locator("#visible-count").inner_text()
    page.click("#reset")
    assert hidden_labels(demo) == set()
    options = page.locator("#partner option").all_inner_texts()
    assert "MHLW" not in options and any(o.startswith("Kementerian Kesehatan") for o in options)
    mhlw = demo.node_index("Kementerian Kesehatan, Tenaga Kerja dan Kesejahteraan Jepang")
    page.select_option("#partner", str(mhlw))
    hidden = hidden_labels(demo)
    assert "Sari Dewi" in hidden and "Indonesia" in hidden
    assert "MoU Penempatan Pekerja Terampil" not in hidden and "Rina Kusumawati" not in hidden
    assert demo.errors == []


def test_notebook_iframe_draws_in_its_sandbox(memory_kg, tmp_path, browser, need):
    need(importlib.util.find_spec("IPython") is not None, "IPython (test extra) is not installed")
    from labourkg.graph.viz import display

    host = tmp_path / "notebook.html"
    host.write_text("<!DOCTYPE html><html><body><h1>cell</h1>"
                    + display(memory_kg, height=600).data + "</body></html>", encoding="utf-8")
    context = browser.new_context(viewport={"width": 1300, "height": 800})
    try:
        errors, web = [], []
        context.route("**/*", lambda r: (web.append(r.request.url), r.abort())
                      if r.request.url.startswith(("http:", "https:")) else r.continue_())
        page = context.new_page()
        page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(host.as_uri())
        frame = page.frame_locator("iframe")
        frame.locator("body[data-ready='1']").wait_for(timeout=30_000)
        assert frame.locator("#summary").inner_text() == "15 nodes, 39 edges"
        frame.locator("#search").fill("MHLW")
        frame.locator("#search").press("Enter")
        assert frame.locator("#panel h2").inner_text() == "Kementerian Kesehatan, Tenaga Kerja dan Kesejahteraan Jepang"
        # the sandbox keeps the drawing away from the notebook page
        assert page.evaluate("() => { try { return window.frames[0].document === undefined; }"
                             " catch (e) { return true; } }")
        assert errors == [] and web == []
    finally:
        context.close()


# -- hostile article text -------------------------------------------------------------------

PAYLOADS = [
    "</script><script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=1>",
    "<svg onload=window.__pwned=1>",
    '<a href="javascript:window.__pwned=1">Kemnaker</a>',
    '"><iframe srcdoc="<script>parent.__pwned=1</script>">',
    "'><details open ontoggle=window.__pwned=1>",
    "<!--<script>window.__pwned=1//-->",
    "{{constructor.constructor('window.__pwned=1')()}}",
    "<style>@import 'http://evil.example/x.css';</style>",
    "<img src=http://evil.example/beacon.png>",
    "&lt;script&gt;window.__pwned=1&lt;/script&gt;",
    "\u2028</script><script>window.__pwned=1</script>\u2029",
    "<base href=http://evil.example/>",
    "<body onload=window.__pwned=1>",
]
URLS = [
    "javascript:window.__pwned=1",
    "  JaVaScRiPt:window.__pwned=1",
    "data:text/html,<script>window.__pwned=1</script>",
    'https://news.example/a"><img src=x onerror=window.__pwned=1>',
]


def hostile_kg():
    """Four invented articles whose every text field carries an attack."""
    from labourkg.graph.store import KnowledgeGraph

    kg = KnowledgeGraph.memory()
    home = Organization("kemnaker", "Kementerian Ketenagakerjaan", "government", ["Kemnaker"],
                        {"id": "Kementerian Ketenagakerjaan", "en": "Ministry of Manpower"})
    for n, url in enumerate(URLS):
        p = PAYLOADS
        key = f"evil{n}.txt"
        article = Article(key=key, source=key, text="x", format="txt", path=key,
                          title=p[(n * 3) % len(p)], url=url, published=date(2024, 5, 1 + n),
                          publisher=p[(n * 3 + 1) % len(p)], language="id")
        org = Organization(f"evil-org-{n}", p[(n * 3 + 1) % len(p)], "government",
                           [p[(n * 3 + 2) % len(p)]], {"en": p[(n * 3 + 3) % len(p)]},
                           evidence=Evidence(p[(n * 3 + 4) % len(p)]))
        person = Official(f"evil person {n}", p[(n * 3 + 5) % len(p)], [p[(n * 3 + 6) % len(p)]],
                          p[(n * 3 + 7) % len(p)], [], f"evil role {n}", [org.key], None,
                          Evidence(p[(n * 3 + 8) % len(p)]))
        deal = Agreement(f"evil deal {n}", p[(n * 3 + 9) % len(p)], "mou", [p[(n * 3 + 10) % len(p)]],
                         "signed", [org.key, "kemnaker"], [person.key], date(2024, 5, 1 + n),
                         p[(n * 3 + 11) % len(p)], [], Evidence(p[(n * 3 + 12) % len(p)]))
        meet = Meeting(f"evil meeting {n}", "visit", [org.key, "kemnaker"], [person.key],
                       date(2024, 5, 1 + n), p[(n * 3 + 13) % len(p)], [], [deal.key],
                       Evidence(p[(n * 3 + 2) % len(p)] + " dan " + p[(n * 3) % len(p)]))
        facts = ArticleFacts(article, [org, home], [person], [deal], [meet])
        kg.replace_graph(NamedNode(iris.article(key)), emit(facts))
    return kg


DOM_CHECK = """() => {
    const allowed = new Set(['H1','H2','H3','SECTION','P','SPAN','UL','LI','BUTTON','BLOCKQUOTE','CITE','A','STRONG',
                             'DIV','OPTION','SELECT','INPUT','LABEL']);
    const bad = [];
    for (const root of ['#panel', '#search-results', '#tooltip', '#partner', '#top', '#controls']) {
        for (const el of document.querySelectorAll(root + ' *')) {
            if (!allowed.has(el.tagName) && !el.closest('svg')) bad.push(el.tagName);
            for (const a of el.attributes) if (a.name.startsWith('on')) bad.push(el.tagName + '@' + a.name);
        }
    }
    for (const a of document.querySelectorAll('a[href]'))
        if (!/^https?:/.test(a.getAttribute('href'))) bad.push('href ' + a.getAttribute('href'));
    for (const tag of ['iframe', 'img', 'base', 'details', 'object', 'embed'])
        if (document.querySelector(tag)) bad.push(tag);
    if (document.querySelectorAll('script').length !== 3) bad.push('scripts');
    if (document.querySelectorAll('style').length !== 2) bad.push('styles');
    return bad; }"""


def test_hostile_text_stays_text(tmp_path, load):
    kg = hostile_kg()
    title = PAYLOADS[1]
    loaded = load(write_html(kg, tmp_path / "evil.html", title=title))
    page = loaded.page
    assert page.title() == title
    assert page.locator("#top h1").inner_text() == title
    assert loaded.eval("() => window.__pwned") is None
    count = loaded.eval("() => JSON.parse(document.getElementById('graph-data').textContent).info.length")
    seen = []
    for index in range(count):                          # every node's panel
        loaded.eval("(i) => window.labourkg.select(i)", index)
        seen.append(loaded.panel_text())
    for index in range(0, count, 3):                     # real clicks and hovers too
        loaded.eval("() => window.labourkg.network.fit({animation: false})")
        loaded.click_node(index)
        where = loaded.eval("(i) => { const n = window.labourkg.network;"
                            " return n.canvasToDOM(n.getPositions([i])[i]); }", index)
        box = page.locator("#network").bounding_box()
        page.mouse.move(box["x"] + where["x"] + 1, box["y"] + where["y"] + 1)
        seen.append(loaded.panel_text())
    for fragment in ("<svg", "<img", "iframe", "javascript:", "ontoggle"):
        page.fill("#search", fragment)
        seen.append(page.locator("#search-results").inner_text())
        page.keyboard.press("Enter")
        seen.append(loaded.panel_text())
    seen.append(page.locator("#partner").inner_text())
    text = "\n".join(seen)
    for payload in PAYLOADS:
        visible = payload.strip("\u2028\u2029")
        assert visible in text, payload                  # shown, as text
    assert "javascript:window.__pwned=1" in text          # the unsafe URLs are shown, not linked
    assert "data:text/html,<script>window.__pwned=1</script>" in text
    hrefs = loaded.eval("() => [...document.querySelectorAll('#panel a[href]')].map(a => a.href)")
    assert all(h.startswith("https://news.example/") for h in hrefs)
    assert loaded.eval(DOM_CHECK) == []
    assert loaded.eval("() => window.__pwned") is None
    assert loaded.web_requests == []
    assert loaded.errors == []


# -- a big graph ------------------------------------------------------------------------------


def big_graph(n: int = 5000) -> nx.MultiDiGraph:
    rng = random.Random(3)
    kinds = ["official", "agency", "agreement", "meeting", "article", "role", "country"]
    graph = nx.MultiDiGraph()
    for i in range(n):
        graph.add_node(f"n{i}", label=f"Entity {i}", type=kinds[i % len(kinds)], aliases=[f"E{i}"],
                       date=f"2024-{1 + i % 12:02d}-01", sources=[f"a{i % 400}.txt"])
    for i in range(1, n):
        graph.add_edge(f"n{i}", f"n{rng.randrange(i)}", key="party", relation="party")
        if i % 2:
            graph.add_edge(f"n{i}", f"n{rng.randrange(n)}", key="mentions", relation="mentions")
    return graph


@pytest.mark.slow
def test_five_thousand_nodes_stay_usable(tmp_path, load):
    path = tmp_path / "big.html"
    started = time.perf_counter()
    path.write_text(render_html(big_graph()), encoding="utf-8")
    written = time.perf_counter() - started
    started = time.perf_counter()
    loaded = load(path, timeout_ms=60_000)
    ready = time.perf_counter() - started
    assert written < 30 and ready < 30, (written, ready)
    assert distinct_canvas_colours(loaded) > 10
    loaded.page.fill("#search", "Entity 4321")
    loaded.page.keyboard.press("Enter")
    loaded.page.wait_for_selector("#panel:not([hidden])")
    assert loaded.page.locator("#panel h2").inner_text() == "Entity 4321"
    loaded.page.locator("#legend-list input[data-type='article']").uncheck()
    assert len(hidden_labels(loaded)) == len([i for i in range(5000) if i % 7 == 4])
    assert loaded.errors == [] and loaded.web_requests == []


# -- long source lists ------------------------------------------------------------------------


def test_long_lists_show_totals_and_how_to_get_the_rest(tmp_path, load):
    from test_viz import BIG_ORG, DEAL, many_sources_graph

    from labourkg.graph.viz import MAX_LISTED

    path = tmp_path / "many.html"
    path.write_text(render_html(many_sources_graph(node_sources=60, edge_sources=1200)), encoding="utf-8")
    loaded = load(path)
    page = loaded.page
    loaded.click_node(loaded.node_index("Big Agency"))
    page.wait_for_selector("#panel:not([hidden])")
    assert page.locator("#panel h2").inner_text() == "Big Agency"
    listing = """(heading) => {
        const h = [...document.querySelectorAll('#panel h3')].find(h => h.textContent.startsWith(heading));
        if (!h) return null;
        return {heading: h.textContent, items: [...h.nextElementSibling.children].map(li => li.textContent),
                more: [...h.nextElementSibling.querySelectorAll('li.more')].map(li => li.textContent)}; }"""
    sources = loaded.eval(listing, "Sources")
    assert sources["heading"] == "Sources (60)"
    assert len(sources["items"]) == MAX_LISTED + 1
    assert sources["more"] == [f"\u2026 and {60 - MAX_LISTED} more: labourkg query provenance -p entity={BIG_ORG}"]
    assert sources["items"][-1] == sources["more"][0]
    assert sources["items"][0].startswith("Headline ")               # the newest article, by headline
    evidence = loaded.eval("() => [...document.querySelectorAll('#panel blockquote')].length")
    assert evidence == MAX_LISTED
    assert page.locator("#panel p.more").inner_text() == (
        f"\u2026 and {60 - MAX_LISTED} more: labourkg query provenance -p entity={BIG_ORG}")
    # an edge: the tooltip and the panel give its true number of sources
    ends = loaded.eval("(ids) => { const n = window.labourkg.network; const p = n.getPositions(ids);"
                       " return ids.map(i => n.canvasToDOM(p[i])); }",
                       [loaded.node_index("Big Deal"), loaded.node_index("Big Agency")])
    box = page.locator("#network").bounding_box()
    x = box["x"] + (ends[0]["x"] + ends[1]["x"]) / 2
    y = box["y"] + (ends[0]["y"] + ends[1]["y"]) / 2
    page.mouse.move(x, y)
    page.wait_for_selector("#tooltip:not([hidden])")
    assert "1,200 sources" in page.locator("#tooltip").inner_text()
    page.mouse.click(x, y)
    page.wait_for_function("() => document.querySelector('#panel h2').textContent === 'party'")
    sources = loaded.eval(listing, "Sources")
    assert sources["heading"] == "Sources (1,200)"
    assert len(sources["items"]) == MAX_LISTED + 1
    assert sources["more"] == [f"\u2026 and 1,175 more: labourkg query provenance -p entity={DEAL} "
                               f"(and the same for {BIG_ORG})"]
    assert loaded.errors == [] and loaded.web_requests == []
