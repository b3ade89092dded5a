"""Article text never runs as script: standard XSS payloads through every text field.

The payloads (tests/fixtures/xss/payloads.txt, from the OWASP XSS Filter Evasion and
PortSwigger XSS cheat sheets) are put into every text a graph holds: article
titles, URLs and publishers, organisation names, aliases and labels, people's names
and aliases, role titles, agreement names and aliases, places, and the evidence
sentences. Then, in headless Chromium with every network request blocked:

- the network page `labourkg viz` writes, with every node's panel opened, hovered
  and searched;
- the same for a store built by `labourkg ingest` from JSON Lines whose titles,
  URLs, sources and sentences carry the payloads;
- the query page of `labourkg serve`, showing the payloads as query results.

alert/confirm/prompt/print are replaced before any page script runs so that a
payload that executes sets a counter; dialogs are recorded too. Each must stay at
zero, no request may leave the page, every payload must be visible as text, and no
element or attribute a payload carries may appear in the DOM.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from labourkg.graph import iris
from labourkg.loaders.emit import emit
from labourkg.loaders.model import (Agreement, Article, ArticleFacts, Evidence, Meeting, Official,
                                    Organization)

pytestmark = pytest.mark.browser

PAYLOAD_FILE = Path(__file__).parent / "fixtures" / "xss" / "payloads.txt"
CLI = str(Path(sys.executable).with_name("labourkg"))
CHROMIUM = os.environ.get("LABOURKG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def load_payloads() -> list[str]:
    text = PAYLOAD_FILE.read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line.strip() and not line.startswith("#")]


PAYLOADS = load_payloads()


def test_the_list_has_at_least_30_payloads_with_named_sources():
    assert len(PAYLOADS) >= 30 and len(set(PAYLOADS)) == len(PAYLOADS)
    header = PAYLOAD_FILE.read_text(encoding="utf-8")
    assert "XSS_Filter_Evasion_Cheat_Sheet" in header and "portswigger.net" in header


# -- graphs whose every text field is hostile ------------------------------------------------


def hostile_facts() -> list[ArticleFacts]:
    """One invented article per payload; the payload is in every field it can be in."""
    home = Organization("kemnaker", "Kementerian Ketenagakerjaan", "government", ["Kemnaker"],
                        {"id": "Kementerian Ketenagakerjaan", "en": "Ministry of Manpower"})
    out = []
    for n, p in enumerate(PAYLOADS):
        key = f"xss{n:02d}.txt"
        url = p if n % 3 == 0 else f"https://news.example/{n}?q={p}"
        article = Article(key=key, source=key, text="x", format="txt", path=key, title=p, url=url,
                          published=date(2024, 1 + n % 12, 1 + n % 28), publisher=p, language="id")
        org = Organization(f"xss-org-{n}", p, "government", [p + " (alias)"], {"en": p + " (en)"},
                           evidence=Evidence(f"Kementerian {p} hadir."))
        person = Official(f"xss person {n}", p, [p + " (nama lain)"], p + " (jabatan)", [p + " (role)"],
                          f"xss role {n}", [org.key], None, Evidence(f"Menteri {p} berkata."))
        deal = Agreement(f"xss deal {n}", p + " (MoU)", "mou", [p + " (alias MoU)"], "signed",
                         [org.key, "kemnaker"], [person.key], article.published, p + " (tempat)",
                         [p + " (topik)"], Evidence(f"Nota kesepahaman {p} ditandatangani."))
        meet = Meeting(f"xss meeting {n}", "visit", [org.key, "kemnaker"], [person.key], article.published,
                       p + " (kota)", [p + " (bahasan)"], [deal.key], Evidence(f"Pertemuan {p} digelar."))
        out.append(ArticleFacts(article, [org, home], [person], [deal], [meet]))
    return out


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> Path:
    from labourkg.graph.store import KnowledgeGraph

    path = tmp_path_factory.mktemp("xss") / "store"
    with KnowledgeGraph.open(path) as kg:
        for facts in hostile_facts():
            kg.replace_graph(NamedNode(iris.article(facts.article.key)), emit(facts))
    return path


def cli(*args, timeout=120) -> subprocess.CompletedProcess:
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "HOME": "/tmp"}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    proc = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, env=env, timeout=timeout)
    assert proc.returncode == 0, proc.stderr
    return proc


# -- the browser -----------------------------------------------------------------------------

TRAP = """(() => {
    window.__xss = 0;
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
        try { Object.defineProperty(window, name, {value: () => { window.__xss += 1; }, writable: false}); }
        catch (e) { window[name] = () => { window.__xss += 1; }; }
    }
})();"""

DOM_CHECK = """() => {
    const bad = [];
    for (const sel of ['iframe', 'img', 'base', 'object', 'embed', 'details', 'math', 'mglyph', 'animate',
                       'xss', 'meta[http-equiv=refresh i]', 'input[type=image]', 'input[autofocus]', 'frame'])
        if (document.querySelector(sel)) bad.push(sel);
    for (const el of document.querySelectorAll('*'))
        for (const a of el.attributes) {
            if (/^on/i.test(a.name)) bad.push(el.tagName + '@' + a.name);
            if (/^\\s*(javascript|data|vbscript):/i.test(a.value) && /^(href|src|action|formaction|background|dynsrc|data)$/i.test(a.name))
                bad.push(el.tagName + '@' + a.name + '=' + a.value);
        }
    for (const a of document.querySelectorAll('a[href]'))
        if (!/^https?:/.test(a.href) && !a.getAttribute('href').startsWith('#') && !a.getAttribute('href').startsWith('/'))
            bad.push('href ' + a.getAttribute('href'));
    return bad; }"""


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


class Page:
    """A page with the trap installed, every request outside `allowed` blocked and recorded."""

    def __init__(self, browser, allowed: str):
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.context.add_init_script(TRAP)
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []

        def route(r):
            url = r.request.url
            if url.startswith(allowed):
                r.continue_()
            else:
                self.blocked.append(url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def eval(self, script, arg=None):
        return self.page.evaluate(script, arg)

    def executed(self) -> int:
        return self.eval("() => window.__xss")

    def close(self):
        self.context.close()


STIR = """(sel) => {
    for (const el of document.querySelectorAll(sel + ' *'))
        for (const type of ['mouseover', 'mouseenter', 'mousemove', 'focus', 'toggle', 'load', 'error',
                            'pageshow', 'animationstart', 'begin'])
            el.dispatchEvent(new Event(type));
}"""


def _stir(page: Page, selector: str) -> None:
    """Every event a payload's handler could wait for, on every element under `selector`."""
    page.eval(STIR, selector)


def _assert_inert(page: Page, seen_text: str, payloads: list[str]) -> None:
    assert page.executed() == 0, "a payload ran"
    assert page.dialogs == []
    assert page.eval(DOM_CHECK) == []
    assert page.blocked == [], page.blocked
    missing = [p for p in payloads if " ".join(p.split()) not in seen_text]
    assert not missing, f"{len(missing)} payloads not shown as text, e.g. {missing[:3]!r}"


def _visit_network(page: Page, html: Path) -> str:
    """Open every node's panel, hover and search; the text the page showed."""
    page.page.goto(html.as_uri())
    page.page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    count = page.eval("() => JSON.parse(document.getElementById('graph-data').textContent).info.length")
    seen = [page.page.title(), page.page.locator("#top").inner_text()]
    seen += page.eval("""(count) => {
        const stir = """ + STIR + """;
        const out = [];
        for (let i = 0; i < count; i++) {      // every node's panel, in one round trip
            window.labourkg.select(i);
            stir('#panel');
            out.push(document.getElementById('panel').innerText);
        }
        return out; }""", count)
    box = page.page.locator("#network").bounding_box()
    page.eval("() => window.labourkg.network.fit({animation: false})")
    for index in range(0, count, max(1, count // 12)):  # real pointer hovers show the tooltip
        where = page.eval("(i) => { const n = window.labourkg.network;"
                          " return n.canvasToDOM(n.getPositions([i])[i]); }", index)
        page.page.mouse.move(box["x"] + where["x"], box["y"] + where["y"])
        _stir(page, "#tooltip")
        seen.append(page.page.locator("#tooltip").inner_text())
    for fragment in ("<img", "javascript", "onerror", "</script", "{{", "&#"):
        page.page.fill("#search", fragment)
        _stir(page, "#search-results")
        seen.append(page.page.locator("#search-results").inner_text())
        page.page.keyboard.press("Enter")
    seen.append(page.page.locator("#partner").inner_text())
    return " ".join(" ".join(seen).split())


def test_viz_page_shows_every_payload_as_text(hostile_store, tmp_path, browser):
    html = tmp_path / "network.html"
    cli("viz", "--store", hostile_store, "-o", html)
    raw = html.read_text(encoding="utf-8")
    data = raw[raw.index('id="graph-data"'):]
    assert "</script><script>alert" not in data.split("</script>", 1)[0]   # the JSON block cannot end early
    page = Page(browser, html.as_uri())
    try:
        seen = _visit_network(page, html)
        _assert_inert(page, seen, PAYLOADS)
        # the article URLs that are not http(s) are shown, never made links
        hrefs = page.eval("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
        assert all(h.startswith("https://news.example/") for h in hrefs)
        assert page.errors == []
    finally:
        page.close()


def test_ingested_payloads_stay_text_in_the_network_page(tmp_path, browser):
    """The real path: JSON Lines -> ingest -> store -> viz, payloads in metadata and sentences."""
    lines = []
    for n, p in enumerate(PAYLOADS):
        text = (f"JAKARTA - Menteri Ketenagakerjaan Ratih Pramesti bertemu Duta Besar Jepang di Jakarta "
                f"pada Senin (10/6/2024) membahas program {p} bagi pekerja migran. Kedua pihak "
                f"menandatangani nota kesepahaman tentang pelatihan vokasi.")
        lines.append(json.dumps({"title": p, "url": p if n % 2 else f"https://news.example/{n}#{p}",
                                 "source": p, "published": "2024-06-10", "language": "id", "text": text}))
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = tmp_path / "store"
    cli("ingest", feed, "--store", store)
    html = tmp_path / "network.html"
    cli("viz", "--store", store, "-o", html)
    page = Page(browser, html.as_uri())
    try:
        seen = _visit_network(page, html)
        # each title is the headline of its article node; \u2028 and \u2029 are line ends to the reader
        titles = [" ".join(p.replace("\u2028", " ").replace("\u2029", " ").split()) for p in PAYLOADS]
        _assert_inert(page, seen, titles)
        assert page.errors == []
    finally:
        page.close()


def _serve(store: Path):
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "HOME": "/tmp"}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    proc = subprocess.Popen([CLI, "serve", "--store", str(store), "--port", "0", "-q"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    m = re.search(r"SPARQL endpoint: (http://\S+/)sparql", line)
    if not m:
        proc.kill()
        pytest.fail("labourkg serve did not start: " + line + proc.stderr.read())
    return proc, m.group(1)


def test_query_page_of_the_endpoint_shows_payloads_as_text(hostile_store, browser):
    proc, base = _serve(hostile_store)
    page = Page(browser, base)
    try:
        page.page.goto(base)
        page.page.wait_for_selector("#question-list button")
        seen = []
        query = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                 "SELECT DISTINCT ?label WHERE { ?s skos:prefLabel|skos:altLabel ?label } ORDER BY ?label")
        page.page.fill("#query", query)
        page.page.click("#query-form button[type=submit]")
        page.page.wait_for_selector("#results table", timeout=30_000)
        _stir(page, "#results")
        seen.append(page.page.locator("#results").inner_text())
        # a named question, through its own button and parameter form
        page.page.locator("#question-list button", has_text="officials").first.click()
        page.page.wait_for_selector("#results table", timeout=30_000)
        _stir(page, "#results")
        seen.append(page.page.locator("#results").inner_text())
        text = " ".join(" ".join(seen).split())
        _assert_inert(page, text, [p for p in PAYLOADS])
        assert page.errors == []
    finally:
        page.close()
        proc.terminate()
        proc.wait(10)


def test_the_trap_sees_a_payload_that_runs(tmp_path, browser):
    """The checks above could fail: the same page helper on HTML that pastes payloads raw."""
    raw = tmp_path / "unsafe.html"
    raw.write_text("<!DOCTYPE html><html><body><div id='x'>" + "".join(PAYLOADS[:12])
                   + "<img src=x onerror=alert(1)><svg onload=alert(2)></svg></div></body></html>",
                   encoding="utf-8")
    page = Page(browser, raw.as_uri())
    try:
        page.page.goto(raw.as_uri())
        page.page.wait_for_timeout(300)
        _stir(page, "body")
        assert page.executed() > 0
        assert page.eval(DOM_CHECK) != []
        assert any("xss.rocks" in url for url in page.blocked)
    finally:
        page.close()
