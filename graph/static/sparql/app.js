// The labourkg query page: named questions from /queries, SPARQL through /sparql.
// Plain DOM, no library and nothing fetched from elsewhere: it works offline.
"use strict";

const $ = (id) => document.getElementById(id);
const RESULT_TYPES = "application/sparql-results+json, text/turtle;q=0.9";
let lastRequest = null;   // {path, params} of the last answer, for the download links
let current = null;       // the named question shown in the form

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value; else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function showError(text) {
  $("error").textContent = text;
  $("error").hidden = false;
  $("results").replaceChildren();
  $("status").textContent = "";
}

async function ask(path, params, init) {
  $("error").hidden = true;
  $("status").textContent = "asking…";
  const started = performance.now();
  const url = path + (params ? "?" + new URLSearchParams(params) : "");
  let response;
  try {
    response = await fetch(url, Object.assign({ headers: { Accept: RESULT_TYPES } }, init || {}));
  } catch (err) {
    showError("The server did not answer: " + err);
    return;
  }
  const body = await response.text();
  if (!response.ok) {
    showError(response.status + " " + response.statusText + "\n" + body);
    return;
  }
  lastRequest = init && init.body ? { path: "/sparql", params: { query: init.body.get("query") } }
                                  : { path, params: params || {} };
  updateDownloads();
  const ms = Math.round(performance.now() - started);
  const capped = response.headers.get("X-SPARQL-MaxRows");
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("json")) {
    render(JSON.parse(body), ms, capped);
  } else {
    $("results").replaceChildren(el("pre", {}, body));
    $("status").textContent = "graph answer in " + ms + " ms";
  }
}

function render(data, ms, capped) {
  if (typeof data.boolean === "boolean") {
    $("results").replaceChildren(el("p", {}, "Answer: " + data.boolean));
    $("status").textContent = "answered in " + ms + " ms";
    return;
  }
  const vars = data.head.vars;
  const rows = data.results.bindings;
  const head = el("tr", {}, ...vars.map((v) => el("th", {}, v)));
  const body = rows.map((row) => el("tr", {}, ...vars.map((v) => {
    const term = row[v];
    if (!term) return el("td", { class: "none" }, "");
    const cell = el("td", term.type === "uri" ? { class: "uri" } : {}, term.value);
    if (term["xml:lang"]) cell.title = "@" + term["xml:lang"];
    else if (term.datatype) cell.title = term.datatype;
    return cell;
  })));
  $("results").replaceChildren(el("table", {}, el("thead", {}, head), el("tbody", {}, ...body)));
  let status = rows.length + (rows.length === 1 ? " row" : " rows") + " in " + ms + " ms";
  if (capped) status += " (cut at " + capped + " rows: narrow the question to see the rest)";
  $("status").textContent = status;
}

function updateDownloads() {
  for (const fmt of ["csv", "tsv", "json", "xml"]) {
    const link = $("dl-" + fmt);
    if (!lastRequest) { link.removeAttribute("href"); continue; }
    const params = Object.assign({}, lastRequest.params, { format: fmt });
    link.href = lastRequest.path + "?" + new URLSearchParams(params);
    link.download = "answer." + fmt;
  }
}

function showQuestion(q, button) {
  current = q;
  document.querySelectorAll("nav li button").forEach((b) => b.classList.remove("active"));
  button.classList.add("active");
  $("named-title").textContent = q.name;
  $("named-summary").textContent = q.summary;
  const fields = q.params.map((p) => {
    const input = el("input", { id: "param-" + p.name, name: p.name,
                                placeholder: p.default ? "default: " + p.default : p.type });
    if (p.required) input.required = true;
    return el("div", { class: "param" },
              el("label", { for: "param-" + p.name }, p.name + (p.required ? " *" : "")),
              input, el("small", {}, p.doc));
  });
  if (!fields.length) fields.push(el("p", { class: "hint" }, "No parameters."));
  $("named-params").replaceChildren(...fields);
  $("named-form").hidden = false;
  if (!q.params.some((p) => p.required)) runQuestion();
}

function runQuestion() {
  const params = {};
  for (const p of current.params) {
    const value = $("param-" + p.name).value.trim();
    if (value) params[p.name] = value;
  }
  ask("/queries/" + encodeURIComponent(current.name), params);
}

async function loadQuestions() {
  try {
    const response = await fetch("/queries", { headers: { Accept: "application/json" } });
    const data = await response.json();
    $("question-list").replaceChildren(...data.queries.map((q) => {
      const button = el("button", { type: "button" }, el("b", {}, q.name), el("small", {}, q.summary));
      button.addEventListener("click", () => showQuestion(q, button));
      return el("li", {}, button);
    }));
    $("questions-status").textContent = data.queries.length + " questions, one click away";
  } catch (err) {
    $("questions-status").textContent = "could not list the questions: " + err;
  }
}

$("named-form").addEventListener("submit", (event) => { event.preventDefault(); runQuestion(); });
$("named-edit").addEventListener("click", () => {
  if (current) $("query").value = current.text;
  $("query").focus();
});
$("query-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const body = new URLSearchParams({ query: $("query").value });
  ask("/sparql", null, { method: "POST", body });
});
$("query").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    $("query-form").requestSubmit();
  }
});
updateDownloads();
loadQuestions();
