/* labourkg network page.
 *
 * Every text shown comes from article data and may be hostile: it is only ever
 * written with textContent or as a <option>/<button> text, never as HTML, and a
 * link gets an href only when its URL parses as http(s).
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var info = data.info;
  var N = info.length;
  var byId = function (id) { return document.getElementById(id); };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function safeUrl(url) {
    if (typeof url !== "string") { return null; }
    var parsed;
    try { parsed = new URL(url); } catch (err) { return null; }
    return (parsed.protocol === "http:" || parsed.protocol === "https:") ? parsed.href : null;
  }

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  // -- the network ------------------------------------------------------------------
  var adjacency = [];
  for (var i = 0; i < N; i++) { adjacency.push([]); }
  var edgeInfo = {};
  data.edges.forEach(function (e) {
    edgeInfo[e.id] = e;
    adjacency[e.from].push({ edge: e.id, other: e.to, rel: e.relation, out: true });
    adjacency[e.to].push({ edge: e.id, other: e.from, rel: e.relation, out: false });
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var v = { id: e.id, from: e.from, to: e.to, width: e.width };
    if (e.label) { v.label = e.label; }
    return v;
  }));
  var network = new vis.Network(byId("network"), { nodes: nodes, edges: edges }, data.options);
  network.once("afterDrawing", function () { document.body.setAttribute("data-ready", "1"); });

  // -- tooltip ----------------------------------------------------------------------
  var tip = byId("tooltip");
  function showTip(pointer, lines) {
    tip.replaceChildren();
    lines.forEach(function (line, k) { tip.appendChild(el(k === 0 ? "strong" : "div", line, k ? "sub" : "")); });
    tip.style.left = Math.round(pointer.x + 14) + "px";
    tip.style.top = Math.round(pointer.y + 14) + "px";
    tip.hidden = false;
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", function (p) {
    var d = info[p.node];
    var lines = [d.label, typeLabel(d.type) + (d.date ? " \u00b7 " + d.date : "")];
    if (d.aliases && d.aliases.length) { lines.push("also: " + d.aliases.slice(0, 3).join("; ")); }
    showTip(p.pointer.DOM, lines);
  });
  network.on("hoverEdge", function (p) {
    var e = edgeInfo[p.edge];
    showTip(p.pointer.DOM, [e.relation, info[e.from].label + " \u2192 " + info[e.to].label,
      sourcesText(total(e.sources, e.sources_total))]);
  });
  ["blurNode", "blurEdge", "dragStart", "zoom"].forEach(function (ev) { network.on(ev, hideTip); });

  function sourcesText(n) {
    return n === 1 ? "1 source" : count(n) + " sources";
  }
  // a long list comes cut to its newest entries, with the true total beside it
  function total(list, declared) {
    var n = (list || []).length;
    return typeof declared === "number" && declared > n ? declared : n;
  }
  function count(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }
  function shellWord(word) {
    return /^[\w\/:.,@%+=#~-]+$/.test(word) ? word : "'" + word.replace(/'/g, "'\\''") + "'";
  }
  function provenance(iri) {
    return "labourkg query provenance -p " + shellWord("entity=" + iri);
  }
  // "… and 12,320 more: <how to list them all>", under a list that was cut
  function moreLine(list, shown, all, how, tag) {
    if (all <= shown) { return; }
    list.appendChild(el(tag || "li", "\u2026 and " + count(all - shown) + " more" + (how ? ": " + how : ""), "more"));
  }
  function typeLabel(type) {
    return (data.types[type] && data.types[type].label) || String(type);
  }

  // -- side panel -------------------------------------------------------------------
  var panel = byId("panel");
  var body = byId("panel-body");
  byId("panel-close").addEventListener("click", function () { panel.hidden = true; network.unselectAll(); });

  function section(title) {
    body.appendChild(el("h3", title));
    var list = el("ul");
    body.appendChild(list);
    return list;
  }

  function nodeLink(k) {
    var b = el("button", info[k].label, "link");
    b.type = "button";
    b.addEventListener("click", function () { select(k); });
    return b;
  }

  function sourceItem(source) {
    var li = el("li");
    var meta = data.articles[source] || {};
    var url = safeUrl(meta.url);
    var text = meta.headline || source;
    if (url) {
      var a = el("a", text);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer nofollow";
      li.appendChild(a);
    } else {
      li.appendChild(el("span", text));
    }
    var extra = [];
    if (meta.headline) { extra.push(source); }
    if (meta.published) { extra.push(meta.published); }
    if (!url && (meta.url_text || meta.url)) { extra.push("not a web link: " + (meta.url_text || meta.url)); }
    if (extra.length) { li.appendChild(el("cite", extra.join(" \u00b7 "))); }
    return li;
  }

  var LANGS = { id: "id", en: "en", und: "name" };

  function showNode(k) {
    var d = info[k];
    body.replaceChildren();
    body.appendChild(el("h2", d.label));
    var meta = el("p", null, "meta");
    var badge = el("span", typeLabel(d.type), "badge");
    if (data.types[d.type]) { badge.style.background = data.types[d.type].color; }
    meta.appendChild(badge);
    var bits = [d.kind, d.status].filter(Boolean).map(function (x) { return String(x).replace(/_/g, " "); });
    if (bits.length) { meta.appendChild(el("span", bits.join(", "))); }
    body.appendChild(meta);

    var names = section("Names");
    Object.keys(d.labels || {}).sort().forEach(function (lang) {
      var li = el("li");
      li.appendChild(el("span", LANGS[lang] || lang, "lang"));
      li.appendChild(el("span", d.labels[lang]));
      names.appendChild(li);
    });
    (d.aliases || []).forEach(function (alias) {
      var li = el("li");
      li.appendChild(el("span", "alias", "lang"));
      li.appendChild(el("span", alias));
      names.appendChild(li);
    });

    if (d.dates && d.dates.length) {
      var dates = section("Dates");
      d.dates.forEach(function (x) { dates.appendChild(el("li", x)); });
    }

    var facts = adjacency[k].slice().sort(function (a, b) {
      return a.rel < b.rel ? -1 : a.rel > b.rel ? 1 :
        (info[a.other].label < info[b.other].label ? -1 : info[a.other].label > info[b.other].label ? 1 : 0);
    });
    if (facts.length) {
      var list = section("Facts (" + facts.length + ")");
      facts.slice(0, 300).forEach(function (f) {
        var li = el("li");
        li.appendChild(el("span", f.out ? f.rel + " \u2192 " : "\u2190 " + f.rel + " of ", "rel"));
        li.appendChild(nodeLink(f.other));
        if (info[f.other].type === "article" && info[f.other].source) {
          li.appendChild(el("span", " \u00b7 " + info[f.other].source, "rel"));
        }
        list.appendChild(li);
      });
      if (facts.length > 300) { list.appendChild(el("li", "\u2026 and " + (facts.length - 300) + " more")); }
    }

    if (d.quotes && d.quotes.length) {
      body.appendChild(el("h3", "Evidence"));
      var order = [];
      var where = new Map();     // the same sentence read from several articles: shown once
      d.quotes.forEach(function (q) {
        if (!where.has(q[0])) { where.set(q[0], []); order.push(q[0]); }
        if (q[1]) { where.get(q[0]).push(q[1]); }
      });
      order.forEach(function (sentence) {
        var bq = el("blockquote", sentence);
        if (where.get(sentence).length) { bq.appendChild(el("cite", where.get(sentence).join(" \u00b7 "))); }
        body.appendChild(bq);
      });
      moreLine(body, d.quotes.length, total(d.quotes, d.quotes_total), d.iri ? provenance(d.iri) : "", "p");
    }

    var own = d.type === "article" && d.source ? [d.source] : [];
    var sources = own.concat((d.sources || []).filter(function (s) { return own.indexOf(s) < 0; }));
    var allSources = Math.max(sources.length, total(d.sources, d.sources_total));
    if (sources.length) {
      var srcList = section("Sources (" + count(allSources) + ")");
      sources.forEach(function (s) { srcList.appendChild(sourceItem(s)); });
      moreLine(srcList, sources.length, allSources, d.iri ? provenance(d.iri) : "");
    }
    if (d.iri) { body.appendChild(el("p", d.iri, "iri")); }
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  function showEdge(id) {
    var e = edgeInfo[id];
    body.replaceChildren();
    body.appendChild(el("h2", e.relation));
    var p = el("p", null, "meta");
    p.appendChild(nodeLink(e.from));
    p.appendChild(el("span", " \u2192 " + e.relation + " \u2192 ", "rel"));
    p.appendChild(nodeLink(e.to));
    body.appendChild(p);
    if (e.weight) { body.appendChild(el("p", "weight " + e.weight, "meta")); }
    if (e.sources && e.sources.length) {
      var all = total(e.sources, e.sources_total);
      var list = section("Sources (" + count(all) + ")");
      e.sources.forEach(function (s) { list.appendChild(sourceItem(s)); });
      var ends = [info[e.from].iri, info[e.to].iri];
      moreLine(list, e.sources.length, all, ends[0] && ends[1] ?
        provenance(ends[0]) + " (and the same for " + ends[1] + ")" : "");
    }
    panel.hidden = false;
  }

  network.on("click", function (p) {
    hideTip();
    if (p.nodes.length) { showNode(p.nodes[0]); } else if (p.edges.length) { showEdge(p.edges[0]); }
  });

  // -- filters ----------------------------------------------------------------------
  var hidden = new Array(N).fill(false);
  var forced = -1;   // the node chosen by search stays visible whatever the filters say
  var typeOn = {};
  var typeBoxes = Array.prototype.slice.call(document.querySelectorAll("#legend-list input[data-type]"));
  typeBoxes.forEach(function (box) { typeOn[box.getAttribute("data-type")] = box.checked; });
  var hideArticles = byId("hide-articles");
  var since = byId("since");
  var until = byId("until");
  var partner = byId("partner");

  data.partners.forEach(function (k) {
    var opt = el("option", info[k].label + " (" + typeLabel(info[k].type) + ")");
    opt.value = String(k);
    partner.appendChild(opt);
  });

  function partnerSet(p) {
    var keep = new Set([p]);
    adjacency[p].forEach(function (a) {
      keep.add(a.other);
      var t = info[a.other].type;
      if (t === "agreement" || t === "meeting") {
        adjacency[a.other].forEach(function (b) { keep.add(b.other); });
      }
    });
    return keep;
  }

  function apply() {
    var lo = since.value, hi = until.value;
    var allowed = partner.value === "" ? null : partnerSet(Number(partner.value));
    var updates = [];
    var shown = 0;
    for (var k = 0; k < N; k++) {
      var d = info[k];
      var show = typeOn[d.type] !== false;
      if (show && (lo || hi) && (d.type === "agreement" || d.type === "meeting")) {
        show = !!d.date && (!lo || d.date >= lo) && (!hi || d.date <= hi);
      }
      if (show && allowed && !allowed.has(k)) { show = false; }
      if (k === forced) { show = true; }
      if (show) { shown++; }
      if (hidden[k] === show) {
        hidden[k] = !show;
        updates.push({ id: k, hidden: !show });
      }
    }
    if (updates.length) { nodes.update(updates); }
    byId("visible-count").textContent = shown === N ? "" : shown + " of " + N + " nodes visible";
  }

  typeBoxes.forEach(function (box) {
    box.addEventListener("change", function () {
      var type = box.getAttribute("data-type");
      typeOn[type] = box.checked;
      if (type === "article") { hideArticles.checked = !box.checked; }
      forced = -1;
      apply();
    });
  });
  hideArticles.addEventListener("change", function () {
    typeOn.article = !hideArticles.checked;
    typeBoxes.forEach(function (box) { if (box.getAttribute("data-type") === "article") { box.checked = !hideArticles.checked; } });
    forced = -1;
    apply();
  });
  [since, until, partner].forEach(function (input) {
    input.addEventListener("change", function () { forced = -1; apply(); });
  });
  byId("reset").addEventListener("click", function () {
    typeBoxes.forEach(function (box) { box.checked = true; typeOn[box.getAttribute("data-type")] = true; });
    hideArticles.checked = false;
    since.value = "";
    until.value = "";
    partner.value = "";
    forced = -1;
    apply();
  });
  byId("fit").addEventListener("click", function () { network.fit({ animation: false }); });

  // -- search -----------------------------------------------------------------------
  var names = info.map(function (d) {
    var all = [d.label].concat(d.aliases || [], Object.values(d.labels || {}));
    if (d.source) { all.push(d.source); }
    return all.map(fold);
  });
  var search = byId("search");
  var results = byId("search-results");
  var hits = [];

  function find(query) {
    var q = fold(query);
    if (!q) { return []; }
    var found = [];
    for (var k = 0; k < N; k++) {
      var best = 9;
      names[k].forEach(function (name) {
        var rank = name === q ? 0 : name.indexOf(q) === 0 ? 1 : name.indexOf(" " + q) >= 0 ? 2 :
          name.indexOf(q) >= 0 ? 3 : 9;
        if (rank < best) { best = rank; }
      });
      if (best < 9) { found.push([best, info[k].label.length, info[k].label, k]); }
    }
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : a[3] - b[3]); });
    return found.slice(0, 12).map(function (h) { return h[3]; });
  }

  function showResults() {
    hits = find(search.value);
    results.replaceChildren();
    if (!search.value.trim()) { results.hidden = true; return; }
    if (!hits.length) {
      results.appendChild(el("li", "no match", "empty"));
    }
    hits.forEach(function (k, n) {
      var li = el("li");
      var b = el("button", info[k].label, n === 0 ? "active" : "");
      b.type = "button";
      b.setAttribute("role", "option");
      b.appendChild(el("span", typeLabel(info[k].type), "type"));
      b.addEventListener("click", function () { choose(k); });
      li.appendChild(b);
      results.appendChild(li);
    });
    results.hidden = false;
  }

  function choose(k) {
    results.hidden = true;
    select(k);
  }

  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      ev.preventDefault();
      if (!hits.length) { hits = find(search.value); }
      if (hits.length) { choose(hits[0]); }
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  document.addEventListener("click", function (ev) {
    if (!byId("search-box").contains(ev.target)) { results.hidden = true; }
  });

  function select(k) {
    if (hidden[k]) { forced = k; apply(); }
    network.selectNodes([k]);
    network.focus(k, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300 } });
    showNode(k);
  }

  // -- start ------------------------------------------------------------------------
  byId("summary").textContent = data.summary;
  apply();
  network.fit({ animation: false });
  if (data.focus !== null && data.focus !== undefined) { select(data.focus); }
  window.labourkg = Object.freeze({ network: network, select: select, find: find });
})();
