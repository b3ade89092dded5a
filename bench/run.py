"""Benchmark labourkg end to end on a synthetic corpus, and say how fast it is with numbers.

    .venv/bin/python bench/run.py --size 1000            # the quick size (under 2 minutes)
    .venv/bin/python bench/run.py --size 100000 --skip-rdflib

One run generates N articles (bench/generate.py), ingests them through the real
`labourkg` command, asks every named question warm (in a long-lived process) and
cold (a new `labourkg query` process each time), runs the same SPARQL on rdflib's
in-memory Dataset loaded with the same quads, exports, draws, and extracts a 1 MB
adversarial text. Everything that could hang runs in a child process with a time
cap, so one pathological query is reported as "> cap" instead of stopping the run.
The report goes to stdout and replaces this size's section of bench/RESULTS.md.
See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import math
import os
import platform
import re
import selectors
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
RDFLIB_MAX = 10_000          # above this size rdflib runs only when asked (--rdflib)
QUICK = 1_000                # up to this size: fewer repetitions and a 5 s cap, to stay short
GB = 1000 ** 3               # decimal units throughout, as the targets are written
MB = 1000 ** 2

TARGETS = {                  # the targets, for the verdict table
    "ingest_rate": 500.0,          # articles/s with all cores, end to end
    "peak_rss": 2 * GB,            # at 100k articles, and flat in the number of articles
    "incremental": 2.0,            # s to add 10 articles to a big store
    "adversarial": 1.0,            # s to extract a 1 MB adversarial article
    "targeted_p50": 0.050,         # s, parameterised named questions, warm
    "rdflib_ratio": 20.0,          # every named question, rdflib p50 / oxigraph p50
    "cold_query": 1.0,             # s, `labourkg query NAME` from a new process
    "viz": 2.0,                    # s, 5k-node selection to HTML
}


# --- measuring processes --------------------------------------------------------------------------


@dataclass
class ProcessRun:
    """One child process: wall time, exit status, memory, output."""

    seconds: float
    returncode: int | None          # None: killed at the time cap
    peak_rss: int                   # largest single process of the tree (wait4 ru_maxrss), bytes
    peak_tree_rss: int              # largest sum over the live tree, sampled, bytes
    stdout: str = ""
    stderr: str = ""

    @property
    def timed_out(self) -> bool:
        return self.returncode is None


def _children_map() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(b")", 1)[1].split()[1])
        out.setdefault(ppid, []).append(int(entry))
    return out


_PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root: int) -> int:
    """Resident memory of a process and all its descendants now, in bytes."""
    children = _children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            pass
        stack.extend(children.get(pid, ()))
    return total


def run_process(cmd: list[str], *, timeout: float | None = None, cwd: Path | None = None,
                sample: float = 0.05, env: dict | None = None) -> ProcessRun:
    """Run `cmd`, timing it and sampling the memory of its process tree."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    peak = [0]
    done = threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd,
                            env=env, start_new_session=True)

    def sampler() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(proc.pid))
            done.wait(sample)

    watcher = threading.Thread(target=sampler, daemon=True)
    watcher.start()
    killed = []
    timer = None
    if timeout is not None:
        def kill() -> None:
            killed.append(True)
            try:
                os.killpg(proc.pid, 9)     # the child and any workers it started
            except ProcessLookupError:
                pass
        timer = threading.Timer(timeout, kill)
        timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if timer is not None:
        timer.cancel()
    done.set()
    watcher.join()
    out.seek(0)
    err.seek(0)
    return ProcessRun(seconds, None if killed else proc.returncode, usage.ru_maxrss * 1024,
                      peak[0], out.read().decode("utf-8", "replace"),
                      err.read().decode("utf-8", "replace"))


def labourkg_cmd() -> list[str]:
    """The `labourkg` script next to this Python, as a user runs it."""
    script = Path(sys.executable).with_name("labourkg")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "labourkg.graph.cli"]


# --- worker processes: queries on oxigraph or rdflib, adversarial extraction ----------------------


class Worker:
    """A child that answers JSON requests one line at a time, killed at a time cap."""

    def __init__(self, engine: str, path: Path):
        self.engine, self.path = engine, path
        self.proc: subprocess.Popen | None = None
        self.load_seconds: float | None = None
        self.loads = 0
        self.ready: dict = {}

    def start(self, timeout: float) -> dict | None:
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--_worker",
                                      self.engine, str(self.path)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        ready = self._read(timeout)
        if ready is None:
            return None
        self.loads += 1
        self.load_seconds = ready.get("load_seconds")
        self.ready = ready
        return ready

    def ask(self, request: dict, timeout: float) -> dict | None:
        """The answer, or None when the cap was reached (the worker is then stopped)."""
        if self.proc is None or self.proc.poll() is not None:
            if self.start(max(timeout, 600.0)) is None:
                return {"error": "worker could not start"}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return self._read(timeout)

    def _read(self, timeout: float) -> dict | None:
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        ready = sel.select(timeout)
        sel.close()
        if not ready:
            self.stop()
            return None
        line = self.proc.stdout.readline()
        if not line:
            self.stop()
            return {"error": "worker died"}
        return json.loads(line)

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            self.proc = None


def _worker_main(engine: str, path: str) -> int:
    """The child side of Worker: load once, then answer requests until stdin closes."""
    start = time.perf_counter()
    if engine == "oxigraph":
        from labourkg.graph.store import KnowledgeGraph
        kg = KnowledgeGraph.open(path, read_only=True)
        ready = {"load_seconds": time.perf_counter() - start, "quads": len(kg.store)}
    else:
        from rdflib import Dataset
        ds = Dataset(default_union=True)
        ds.parse(path, format="nquads")
        ready = {"load_seconds": time.perf_counter() - start,
                 "quads": sum(1 for _ in ds.quads((None, None, None, None)))}
        import gc
        gc.collect()
        gc.freeze()     # forked children must not walk (and so copy) the loaded graph in a GC pass
    print(json.dumps(ready), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if engine == "rdflib" and request["op"] == "query":
            answer = _forked(lambda: _rdflib_timings(ds, request), request["deadline"])
        elif engine == "rdflib":
            answer = _forked(lambda: iter([_rdflib_request(ds, request)]), request["deadline"])
            answer = (answer["answers"] or [{"capped": True}])[0]
        else:
            try:
                answer = (_ox_request(kg, request) if engine == "oxigraph" else _rdflib_request(ds, request))
            except Exception as exc:     # reported, not fatal: the next request still runs
                answer = {"error": f"{type(exc).__name__}: {exc}"[:500]}
        print(json.dumps(answer), flush=True)
    return 0


def _forked(work, deadline: float) -> dict:
    """Run `work` (a generator of answers) in a forked child killed after `deadline` seconds.

    The loaded data survives a kill. rdflib is pure Python without threads, so forking is
    safe; the graph was frozen out of the garbage collector after loading, so the child
    does not copy it page by page in a GC pass. Answers stream back one JSON line each, and
    the ones that arrived before a kill are kept.
    """
    sys.stdout.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            for answer in work():
                os.write(write_end, (json.dumps(answer) + "\n").encode("utf-8"))
        except Exception as exc:
            os.write(write_end, (json.dumps({"error": f"{type(exc).__name__}: {exc}"[:500]}) + "\n").encode())
        os._exit(0)
    os.close(write_end)
    end = time.monotonic() + deadline
    data, killed = b"", False
    with selectors.DefaultSelector() as sel:
        sel.register(read_end, selectors.EVENT_READ)
        while True:
            left = end - time.monotonic()
            if left <= 0 or not sel.select(left):
                os.kill(pid, 9)
                killed = True
                break
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            data += chunk
    os.close(read_end)
    os.waitpid(pid, 0)
    answers = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
    return {"answers": answers, "killed": killed}


def _rdflib_timings(ds, request: dict):
    """One first run, then (when it was fast) timed runs until `runs` or `budget`: as for Oxigraph."""
    first = _rdflib_request(ds, request)
    yield {"warmup": True, **first}
    if first["seconds"] > request["budget"]:
        return
    spent = 0.0
    for _ in range(request["runs"]):
        answer = _rdflib_request(ds, request)
        yield answer
        spent += answer["seconds"]
        if spent > request["budget"]:
            return


def _ox_request(kg, request: dict) -> dict:
    op = request["op"]
    if op == "query":
        start = time.perf_counter()
        result = kg.query(request["name"], **request.get("params", {}))
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "rows": len(result)}
    if op == "sparql":
        start = time.perf_counter()
        rows = kg.query(request["text"]).rows
        return {"seconds": time.perf_counter() - start, "rows": rows}
    if op == "bind":
        from labourkg.graph.query import resolve_query
        nq = resolve_query(request["name"])
        try:
            from labourkg.graph.query import bind_params
        except ImportError:          # an older store API: bind what was given, as given
            return {"bindings": None}
        terms = bind_params(nq, request.get("params", {}), kg.find_entity)
        return {"bindings": {k: str(v) for k, v in terms.items()}}
    if op == "find":
        start = time.perf_counter()
        term = kg.find_entity(request["value"])
        return {"seconds": time.perf_counter() - start, "term": None if term is None else term.value}
    if op == "stats":
        start = time.perf_counter()
        stats = kg.stats()
        return {"seconds": time.perf_counter() - start, "stats": stats}
    if op == "export":
        start = time.perf_counter()
        kg.export(request["out"], request["format"])
        return {"seconds": time.perf_counter() - start, "bytes": Path(request["out"]).stat().st_size}
    if op == "viz":
        # what kg.to_html does (build_view, render_html, write), keeping the view's node count
        from labourkg.graph.viz import VizOptions, build_view, render_html
        options = VizOptions(max_nodes=request["max_nodes"], focus=request.get("focus"),
                             partner=request.get("partner"))
        start = time.perf_counter()
        chosen = build_view(kg, options)
        page = render_html(chosen.graph, title=options.title, focus=chosen.focus, total=chosen.total)
        Path(request["out"]).write_text(page, encoding="utf-8")
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "bytes": Path(request["out"]).stat().st_size,
                "nodes": chosen.graph.number_of_nodes(), "edges": chosen.graph.number_of_edges(),
                "shown": chosen.shown if chosen.trimmed else None,
                "total": chosen.total if chosen.trimmed else None}
    raise ValueError(f"unknown op {op!r}")


def _rdflib_request(ds, request: dict) -> dict:
    from rdflib import Graph
    from rdflib.util import from_n3

    op = request["op"]
    if op == "query":
        bindings = {k: from_n3(v) for k, v in request.get("bindings", {}).items()}
        start = time.perf_counter()
        rows = len(list(ds.query(request["text"], initBindings=bindings)))
        return {"seconds": time.perf_counter() - start, "rows": rows}
    if op == "turtle":
        graph = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            graph.add((s, p, o))
        start = time.perf_counter()
        data = graph.serialize(format="turtle", encoding="utf-8")
        return {"seconds": time.perf_counter() - start, "bytes": len(data), "triples": len(graph)}
    raise ValueError(f"unknown op {op!r}")


def _adversarial_main(size: int, mode: str) -> int:
    """Child: one extraction of the adversarial text, as Indonesian, English, or as an ingest reads it."""
    import importlib.util

    from labourkg.loaders.lexicon import load_lexicon
    from labourkg.loaders.model import Article
    from labourkg.loaders.pipeline import article_quads, read_facts
    from labourkg.loaders.read import read_file

    spec = importlib.util.spec_from_file_location("bench_generate", HERE / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = gen
    spec.loader.exec_module(gen)
    text = gen.adversarial(size)
    lexicon = load_lexicon()
    out: dict = {"bytes": len(text.encode("utf-8"))}
    if mode in ("id", "en"):
        article = Article(key=f"adversarial-{mode}", source="adversarial.txt", text=text, format="txt",
                          language=mode)
        start = time.perf_counter()
        facts = read_facts(article, lexicon)
        out["seconds"] = time.perf_counter() - start
        out["facts"] = sum(len(getattr(facts, k)) for k in ("organizations", "officials", "agreements",
                                                             "meetings"))
    else:                             # read the file and emit quads, as an ingest does
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "adversarial.txt"
            path.write_text(text, encoding="utf-8")
            start = time.perf_counter()
            quads = sum(len(article_quads(item, lexicon)) for item in read_file(path, Path(tmp)))
            out["seconds"] = time.perf_counter() - start
            out["quads"] = quads
    print(json.dumps(out), flush=True)
    return 0


def adversarial_part(size: int, cap: float, runs: int = 3) -> dict:
    """Each way of extracting the text up to `runs` times, one process per run, capped."""
    out: dict = {"bytes": size, "cap": cap, "modes": {}, "peak_rss": 0}
    for mode in ("id", "en", "ingest"):
        m: dict = {"times": []}
        if mode == "ingest" and all(out["modes"][k].get("capped") for k in ("id", "en")):
            m["skipped"] = "read_facts alone is over the cap"
            out["modes"][mode] = m
            continue
        for _ in range(runs):
            run = run_process([sys.executable, str(Path(__file__).resolve()), "--_adversarial",
                               str(size), mode], timeout=cap)
            out["peak_rss"] = max(out["peak_rss"], run.peak_rss)
            if run.timed_out:
                m["capped"] = True
                break
            if run.returncode != 0:
                m["error"] = (run.stderr.strip().splitlines() or ["failed"])[-1][:300]
                break
            answer = json.loads(run.stdout.strip().splitlines()[-1])
            m["times"].append(answer["seconds"])
            m["found"] = answer.get("facts", answer.get("quads"))
            if answer["seconds"] > cap / 3:      # slow: one measurement says enough
                break
        out["modes"][mode] = m
    return out


def adversarial_worst(adv: dict) -> tuple[float | None, bool]:
    """The slowest read_facts time (id or en), and whether it hit the cap."""
    modes = [adv.get("modes", {}).get(k, {}) for k in ("id", "en")]
    if any(m.get("capped") for m in modes):
        return adv.get("cap"), True
    times = [t for m in modes for t in m.get("times", [])]
    return (max(times) if times else None), False


# --- statistics and formatting ---------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def fmt_s(seconds: float | None, capped: bool = False) -> str:
    if seconds is None:
        return "–"
    prefix = "> " if capped else ""
    if seconds < 0.001:
        return f"{prefix}{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{prefix}{seconds * 1000:.1f} ms"
    return f"{prefix}{seconds:.2f} s"


def fmt_bytes(n: float | None) -> str:
    if n is None:
        return "–"
    if n >= GB:
        return f"{n / GB:.2f} GB"
    if n >= MB:
        return f"{n / MB:.1f} MB"
    return f"{n / 1000:.0f} kB"


def fmt_ratio(x: float | None, lower_bound: bool = False) -> str:
    if x is None:
        return "–"
    text = f"{x:.0f}×" if x >= 10 else f"{x:.1f}×" if x >= 1 else f"{x:.2f}×"
    return ("> " if lower_bound else "") + text


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


# --- the run ---------------------------------------------------------------------------------------


@dataclass
class Options:
    size: int
    jobs: int
    seed: int = 0
    skip_rdflib: bool = False
    rdflib: bool = False
    cap: float = 60.0
    warm_runs: int = 20
    warm_budget: float = 10.0
    cold_runs: int = 5
    rdflib_runs: int = 5
    rdflib_budget: float = 10.0
    out: Path = RESULTS
    argv: tuple[str, ...] = ()
    workdir: Path | None = None
    keep: bool = False
    serial: bool = True       # also ingest with one process, for the speed-up
    dask: bool = True


@dataclass
class Report:
    size: int
    data: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def machine() -> dict:
    info: dict = {"python": platform.python_version(), "platform": platform.platform()}
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next((line.split(":", 1)[1].strip() for line in cpu.splitlines()
                            if line.startswith("model name")), platform.processor())
        mem = Path("/proc/meminfo").read_text()
        info["ram"] = int(re.search(r"MemTotal:\s+(\d+)", mem).group(1)) * 1024
    except OSError:
        info.setdefault("cpu", platform.processor())
    info["cores"] = os.cpu_count()
    info["usable_cores"] = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    for dist in ("labourkg", "pyoxigraph", "rdflib"):
        try:
            info[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            info[dist] = "not installed"
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        info["commit"] = head + ("+uncommitted changes" if dirty else "") if head else "unknown"
    except (OSError, subprocess.SubprocessError):
        info["commit"] = "unknown"
    try:
        from labourkg.loaders.lexicon import load_lexicon
        lex = load_lexicon()
        info["lexicon"] = {"organizations": len(lex.orgs), "countries": len(lex.countries),
                           "titles": len(lex.titles)}
    except Exception as exc:
        info["lexicon"] = f"unavailable ({type(exc).__name__})"
    return info


def _load_generator():
    import importlib.util
    spec = importlib.util.spec_from_file_location("bench_generate", HERE / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


_SUMMARY = re.compile(r"(\d+) articles ingested, (\d+) unchanged, (\d+) facts written, (\d+) failed")


def ingest_run(store: Path, inputs: list[Path], jobs: int | None, timeout: float | None = None) -> dict:
    cmd = [*labourkg_cmd(), "ingest", *map(str, inputs), "--store", str(store)]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    run = run_process(cmd, timeout=timeout)
    m = _SUMMARY.search(run.stdout)
    out = {"seconds": run.seconds, "returncode": run.returncode, "peak_rss": run.peak_rss,
           "peak_tree_rss": run.peak_tree_rss}
    if m:
        out.update(written=int(m.group(1)), unchanged=int(m.group(2)), quads=int(m.group(3)),
                   failed=int(m.group(4)))
    if run.returncode not in (0, 1) or not m:
        out["error"] = (run.stderr.strip().splitlines() or ["no output"])[-1][:300]
    return out


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


_PICK = {
    "official": """SELECT ?label (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g lkg:mentions ?x .
        ?x a lkg:Official ; skos:prefLabel ?label } } GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT 1""",
    "partner": """SELECT ?label (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a lkg:Agreement ;
        lkg:party ?x . ?x skos:prefLabel ?label FILTER(lang(?label) = "en")
        FILTER(?x != <https://w3id.org/labourkg/id/country/id>)
        FILTER(?x != <https://w3id.org/labourkg/id/org/kemnaker>) } }
        GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT 1""",
    "organization": """SELECT ?label (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g lkg:mentions ?x .
        ?x a org:Organization ; lkg:orgKind/skos:notation "government" ;
           skos:prefLabel ?label FILTER(lang(?label) = "en") } }
        GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT 1""",
    "dates": """SELECT DISTINCT ?d WHERE { ?g schema:datePublished ?d } ORDER BY ?d""",
}
_PICK_PREFIXES = """PREFIX lkg: <https://w3id.org/labourkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def pick_params(worker: Worker, nq, cap: float) -> tuple[dict, dict, str | None]:
    """Values for a question's required parameters, taken from the data.

    Entities: the most frequent one of the right sort (the largest answer: worst case);
    dates: the last quarter of the publication dates. Returns (params by label,
    params by IRI, why not) — IRIs bind exactly what rdflib gets.
    """
    by_label, by_iri = {}, {}
    for p in nq.params:
        if not p.required:
            continue
        name = p.name.lower()
        if p.type in ("entity", "iri") or (p.type == "string" and name in ("name", "person", "partner")):
            sort = ("official" if any(k in name for k in ("person", "official", "name", "who")) else
                    "partner" if any(k in name for k in ("partner", "country")) else "organization")
            answer = worker.ask({"op": "sparql", "text": _PICK_PREFIXES + _PICK[sort]}, cap)
            rows = (answer or {}).get("rows") or []
            if not rows and sort != "organization":
                answer = worker.ask({"op": "sparql", "text": _PICK_PREFIXES + _PICK["organization"]}, cap)
                rows = (answer or {}).get("rows") or []
            if not rows:
                return {}, {}, f"no value for {p.name} in the data"
            label = rows[0]["label"]
            by_label[p.name] = label
            if p.type == "string":
                by_iri[p.name] = label
                continue
            found = worker.ask({"op": "find", "value": label}, cap)
            if not found or not found.get("term"):
                return {}, {}, f"{label!r} not found for {p.name}"
            by_iri[p.name] = found["term"]
        elif p.type == "date":
            answer = worker.ask({"op": "sparql", "text": _PICK_PREFIXES + _PICK["dates"]}, cap)
            dates = [r["d"] for r in (answer or {}).get("rows") or [] if r.get("d")]
            if not dates:
                return {}, {}, f"no dates for {p.name}"
            upper = any(k in name for k in ("until", "to", "end", "before"))
            value = dates[-1] if upper else dates[(3 * len(dates)) // 4]
            by_label[p.name] = by_iri[p.name] = value[:10]
        elif p.type == "integer":
            by_label[p.name] = by_iri[p.name] = "10"
        elif p.type == "string":
            value = {"kind": "mou", "lang": "id", "language": "id"}.get(name, "mou")
            by_label[p.name] = by_iri[p.name] = value
        else:
            return {}, {}, f"cannot pick a {p.type} for {p.name}"
    return by_label, by_iri, None


def n3_bindings(nq, params: dict) -> dict:
    """The parameters as the RDF terms Oxigraph binds, in N-Triples syntax for rdflib."""
    from pyoxigraph import NamedNode

    from labourkg.graph.query import Param, literal_for
    declared = {p.name: p for p in nq.params}
    out = {}
    for name, value in params.items():
        param = declared.get(name, Param(name, "string"))
        term = NamedNode(value) if param.type == "entity" else literal_for(param, value)
        out[name] = str(term)
    return out


def timed_runs(worker: Worker, request: dict, *, runs: int, budget: float, cap: float,
               warmup: bool = True, at_least: int = 3) -> dict:
    """Up to `runs` timings (fewer when `budget` seconds are spent, at least `at_least`)."""
    if warmup:
        first = worker.ask(request, cap)
        if first is None or first.get("capped"):
            return {"capped": True, "times": [], "rows": None}
        if "error" in first:
            return {"error": first["error"], "times": [], "rows": None}
        if first["seconds"] > budget:
            at_least = 1        # one slow run says enough; the cap bounds the whole phase
    times, rows, spent = [], None, 0.0
    while len(times) < runs:
        answer = worker.ask(request, cap)
        if answer is None or answer.get("capped"):
            return {"capped": True, "times": times, "rows": rows}
        if "error" in answer:
            return {"error": answer["error"], "times": times, "rows": rows}
        times.append(answer["seconds"])
        rows = answer["rows"]
        spent += answer["seconds"]
        if spent > budget and len(times) >= at_least:
            break
    return {"times": times, "rows": rows}


def summarise(result: dict) -> dict:
    times = result.get("times") or []
    if times:
        result.update(p50=statistics.median(times), p95=pct(times, 0.95), min=min(times),
                      max=max(times), runs=len(times))
    return result


def bench(opts: Options) -> Report:
    gen = _load_generator()
    report = Report(opts.size)
    d = report.data
    d["size"] = opts.size
    d["date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    d["machine"] = machine()
    d["load_start"] = os.getloadavg()
    d["options"] = {"size": opts.size, "jobs": opts.jobs, "seed": opts.seed, "cap": opts.cap,
                    "warm_runs": opts.warm_runs, "warm_budget": opts.warm_budget,
                    "cold_runs": opts.cold_runs, "rdflib_runs": opts.rdflib_runs,
                    "rdflib_budget": opts.rdflib_budget, "argv": list(opts.argv)}
    work = Path(opts.workdir or tempfile.mkdtemp(prefix="labourkg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        _bench_in(work, gen, opts, report)
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            report.notes.append(f"work files kept in {work}")
    d["total_seconds"] = time.perf_counter() - started
    d["load_end"] = os.getloadavg()
    return report


def _bench_in(work: Path, gen, opts: Options, report: Report) -> None:
    d, n, cap = report.data, opts.size, opts.cap
    d["phases"] = {}
    clock = [time.perf_counter()]

    def log(msg: str, phase: str | None = None) -> None:
        if phase:
            now = time.perf_counter()
            d["phases"][phase] = d["phases"].get(phase, 0.0) + now - clock[0]
            clock[0] = now
        print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    # (a) corpus
    corpus = work / "corpus"
    start = time.perf_counter()
    made = gen.generate(n, corpus, seed=opts.seed)
    d["generate"] = {"seconds": time.perf_counter() - start, "bytes": made.bytes,
                     "languages": made.languages, "sha256": made.sha256}
    log(f"generated {n} articles ({made.bytes / MB:.1f} MB)", "generate")

    # (b) ingest, one process then all cores, each into a fresh store
    d["ingest"] = []
    stores = {}
    for jobs in dict.fromkeys((1, opts.jobs) if opts.serial else (opts.jobs,)):
        store = work / f"store-j{jobs}"
        run = ingest_run(store, [corpus], jobs)
        run.update(jobs=jobs, rate=n / run["seconds"], store_bytes=du(store))
        d["ingest"].append(run)
        stores[jobs] = store
        log(f"ingest --jobs {jobs}: {run['seconds']:.1f} s, {run['rate']:.0f} articles/s", "ingest")
    store = stores[opts.jobs]
    for jobs, other in stores.items():
        if jobs != opts.jobs:
            shutil.rmtree(other, ignore_errors=True)

    # (e) named questions, warm in a long-lived process and cold from a new one
    from labourkg.graph.query import named_queries
    questions = named_queries()
    ox = Worker("oxigraph", store)
    if ox.start(600) is None:
        raise RuntimeError("the store could not be opened for queries")
    stats = ox.ask({"op": "stats"}, cap)
    d["stats"] = (stats or {}).get("stats") or {}
    d["stats_seconds"] = (stats or {}).get("seconds")
    d["queries"] = {}
    for name, nq in questions.items():
        by_label, by_iri, why = pick_params(ox, nq, cap)
        q = {"params": by_label, "targeted": any(p.required and p.type in ("entity", "iri")
                                                    for p in nq.params)}
        if why:
            q["skipped"] = why
            d["queries"][name] = q
            continue
        q["warm"] = summarise(timed_runs(ox, {"op": "query", "name": name, "params": by_iri},
                                         runs=opts.warm_runs, budget=opts.warm_budget, cap=cap))
        if by_label != by_iri:       # the same question with names looked up, as a user asks it
            q["warm_by_name"] = summarise(timed_runs(
                ox, {"op": "query", "name": name, "params": by_label},
                runs=5, budget=opts.warm_budget, cap=cap))
        bound = ox.ask({"op": "bind", "name": name, "params": by_iri}, cap) or {}
        q["bindings"] = bound.get("bindings") or n3_bindings(nq, by_iri)
        if q["warm"].get("capped") or q["warm"].get("error"):
            q["cold"] = {"skipped": "warm run already over the cap" if q["warm"].get("capped")
                         else "query fails"}
        else:
            cold = []
            cmd = [*labourkg_cmd(), "query", name, "--store", str(store)]
            for key, value in by_label.items():
                cmd += ["--param", f"{key}={value}"]
            slow = (q["warm"].get("p50") or 0) > opts.warm_budget
            for _ in range(1 if slow else opts.cold_runs):
                run = run_process(cmd, timeout=cap)
                if run.timed_out:
                    q["cold_capped"] = True
                    break
                if run.returncode != 0:
                    q["cold_error"] = (run.stderr.strip().splitlines() or ["failed"])[-1][:200]
                    break
                cold.append(run.seconds)
            q["cold"] = summarise({"times": cold})
        d["queries"][name] = q
        w = q["warm"]
        log(f"query {name}: warm p50 {fmt_s(w.get('p50'), w.get('capped'))}"
            f"{' (capped)' if w.get('capped') else ''}, rows {w.get('rows')}", "questions")

    # the floor under every cold figure: a command that starts, opens nothing and prints
    floor = [run_process([*labourkg_cmd(), "queries"], timeout=cap).seconds for _ in range(3)]
    d["startup_floor"] = statistics.median(floor)
    log("start-up floor measured", "questions")

    # (i) viz of the whole graph trimmed to 5k nodes
    answer = ox.ask({"op": "viz", "out": str(work / "network.html"), "max_nodes": 5000}, max(cap, 60))
    d["viz"] = {"capped": True} if answer is None else answer
    # (i') selections, as `labourkg viz --focus NAME` / `--partner NAME` draw them: the most
    # mentioned official (depth 2) and the partner in the most agreements, by name
    d["viz_selections"] = {}
    for sort, option in (("official", "focus"), ("partner", "partner")):
        picked = ox.ask({"op": "sparql", "text": _PICK_PREFIXES + _PICK[sort]}, cap)
        rows = (picked or {}).get("rows") or []
        if not rows:
            continue
        name = rows[0]["label"]
        answer = ox.ask({"op": "viz", "out": str(work / f"network-{option}.html"), "max_nodes": 5000,
                         option: name}, max(cap, 60))
        d["viz_selections"][option] = {"name": name, **({"capped": True} if answer is None else answer)}
    answer = ox.ask({"op": "export", "format": "turtle", "out": str(work / "inprocess.ttl")}, max(cap, 600))
    d["export_inprocess"] = {"capped": True} if answer is None else answer
    ox.stop()
    log("viz done", "viz")

    # (g) export through the command, as a user runs it
    d["export"] = {}
    for fmt, suffix in (("turtle", "ttl"), ("nquads", "nq")):
        dest = work / f"graph.{suffix}"
        run = run_process([*labourkg_cmd(), "export", "--store", str(store), "-f", fmt, "-o", str(dest)],
                          timeout=max(cap, 600))
        d["export"][fmt] = {"seconds": run.seconds, "returncode": run.returncode,
                            "bytes": dest.stat().st_size if dest.exists() else None,
                            "peak_rss": run.peak_rss}
        if run.returncode != 0:
            d["export"][fmt]["error"] = (run.stderr.strip().splitlines() or ["killed"])[-1][:300]
    log("export done", "export")

    # (f) the same SPARQL on rdflib's in-memory Dataset, loaded from the N-Quads export
    nquads = work / "graph.nq"
    run_rdflib = not opts.skip_rdflib and (n <= RDFLIB_MAX or opts.rdflib)
    if run_rdflib and nquads.exists():
        _rdflib_part(nquads, questions, opts, report, log)
        log("rdflib done", "rdflib")
    else:
        d["rdflib"] = {"skipped": "--skip-rdflib" if opts.skip_rdflib else
                       f"size above {RDFLIB_MAX} (pass --rdflib to run it anyway)"
                       if n > RDFLIB_MAX else "no N-Quads export"}

    # (h) a 1 MB adversarial article
    d["adversarial"] = adversarial_part(1_000_000, cap)
    log("adversarial done", "adversarial")

    # (c) incremental: 10 new articles into the big store, three times
    inc = []
    for k in range(3):
        extra = work / f"extra-{k}"
        gen.generate(10, extra, seed=opts.seed, start=n + 10 * k)
        run = ingest_run(store, [extra], None)
        inc.append(run)
    d["incremental"] = summarise({"times": [r["seconds"] for r in inc],
                                  "written": [r.get("written") for r in inc],
                                  "peak_rss": max(r["peak_rss"] for r in inc)})
    log("incremental done", "incremental")

    # (d) re-ingest of the unchanged corpus: every article skipped
    run = ingest_run(store, [corpus], None)
    run["rate"] = n / run["seconds"]
    d["reingest"] = run
    log("re-ingest done", "re-ingest")

    # (j) beyond one machine: shards, loaded into a fresh store, and the Dask route
    d["shards"] = shards_part(work, corpus, opts, log)


_EXTRACTED = re.compile(r"(\d+) articles extracted, (\d+) facts in (\d+) shards")
_LOADED = re.compile(r"(\d+) articles loaded, (\d+) unchanged, (\d+) facts written, (\d+) failed")


def _sha256(paths: list[Path]) -> str:
    import hashlib
    h = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def _command(cmd: list[str], pattern: re.Pattern, fields: tuple[str, ...], n: int) -> dict:
    run = run_process(cmd)
    out = {"seconds": run.seconds, "rate": n / run.seconds, "returncode": run.returncode,
           "peak_rss": run.peak_rss, "peak_tree_rss": run.peak_tree_rss}
    m = pattern.search(run.stdout)
    if m:
        out.update(zip(fields, map(int, m.groups())))
    if run.returncode != 0 or not m:
        out["error"] = (run.stderr.strip().splitlines() or ["no output"])[-1][:300]
    return out


def _first_difference(a: Path, b: Path) -> str:
    """Where two exports first differ (line number and the two lines, cut short)."""
    with open(a, "rb") as fa, open(b, "rb") as fb:
        for number, (x, y) in enumerate(zip(fa, fb), 1):
            if x != y:
                return f"line {number}: {x[:160]!r} vs {y[:160]!r}"
    return "one export is a prefix of the other"


def shards_part(work: Path, corpus: Path, opts: Options, log) -> dict:
    """`labourkg extract` (all cores, then on a local Dask cluster), `labourkg load` into a new
    store, and whether that store exports the same N-Quads as the ingest did."""
    n = opts.size
    out: dict = {}
    shards = work / "shards"
    out["extract"] = _command([*labourkg_cmd(), "extract", str(corpus), "--out", str(shards),
                               "--jobs", str(opts.jobs)], _EXTRACTED, ("articles", "quads", "shards"), n)
    files = sorted(shards.glob("*.nq"))
    out["extract"]["bytes"] = sum(p.stat().st_size for p in files)
    log(f"extract: {out['extract']['seconds']:.1f} s, {out['extract']['rate']:.0f} articles/s", "shards")
    loaded = work / "store-shards"
    out["load"] = _command([*labourkg_cmd(), "load", str(shards), "--store", str(loaded)], _LOADED,
                           ("articles", "unchanged", "quads", "failed"), n)
    out["load"]["store_bytes"] = du(loaded) if loaded.exists() else None
    log(f"load: {out['load']['seconds']:.1f} s, {out['load']['rate']:.0f} articles/s", "shards")
    reference = work / "graph.nq"          # the ingested store's export, before the +10 articles
    if reference.exists():
        mine = work / "shards.nq"
        run = run_process([*labourkg_cmd(), "export", "--store", str(loaded), "-f", "nquads", "-o", str(mine)])
        out["same_as_ingest"] = run.returncode == 0 and _sha256([mine]) == _sha256([reference])
        if not out["same_as_ingest"] and mine.exists():
            out["difference"] = _first_difference(reference, mine)
        mine.unlink(missing_ok=True)
    shutil.rmtree(loaded, ignore_errors=True)
    import importlib.util
    if not opts.dask:
        out["dask"] = {"skipped": "--skip-dask"}
    elif all(importlib.util.find_spec(m) is not None for m in ("dask", "distributed")):
        other = work / "shards-dask"
        out["dask"] = _command([*labourkg_cmd(), "extract", str(corpus), "--out", str(other), "--dask",
                                "--jobs", str(opts.jobs)], _EXTRACTED, ("articles", "quads", "shards"), n)
        theirs = sorted(other.glob("*.nq"))
        out["dask"]["identical"] = ([p.name for p in theirs] == [p.name for p in files]
                                    and _sha256(theirs) == _sha256(files))
        shutil.rmtree(other, ignore_errors=True)
        log(f"extract --dask: {out['dask']['seconds']:.1f} s, identical: {out['dask']['identical']}", "shards")
    else:
        out["dask"] = {"skipped": "dask/distributed not installed (extra `distributed`)"}
    shutil.rmtree(shards, ignore_errors=True)
    return out


def _rdflib_part(nquads: Path, questions: dict, opts: Options, report: Report, log) -> None:
    d, cap = report.data, opts.cap
    rd = Worker("rdflib", nquads)
    rdflib_info: dict = {"queries": {}}
    ready = rd.start(max(cap, 600))
    if ready is None:
        d["rdflib"] = {"skipped": "rdflib could not load the N-Quads within the cap"}
        return
    rdflib_info.update(load_seconds=ready["load_seconds"], quads=ready["quads"])
    log(f"rdflib loaded {ready['quads']} quads in {ready['load_seconds']:.1f} s")
    # Fast questions first, so that the figures a reader compares come before any surprise.
    order = sorted(questions, key=lambda q: (d["queries"][q].get("warm", {}).get("capped", False),
                                             d["queries"][q].get("warm", {}).get("p50") or 0, q))
    for name in order:
        q = d["queries"][name]
        if "skipped" in q:
            continue
        request = {"op": "query", "text": questions[name].text, "bindings": q["bindings"],
                   "runs": opts.rdflib_runs, "budget": opts.rdflib_budget,
                   "deadline": cap + 2 * opts.rdflib_budget}
        answer = rd.ask(request, request["deadline"] + 60) or {"answers": [], "killed": True}
        result = rdflib_result(answer)
        rdflib_info["queries"][name] = result
        log(f"rdflib {name}: p50 {fmt_s(result.get('p50'), result.get('capped'))}")
    answer = rd.ask({"op": "turtle", "deadline": max(cap, 120)}, max(cap, 120) + 60)
    rdflib_info["turtle"] = {"capped": True} if answer is None else answer
    rdflib_info["loads"] = rd.loads
    rd.stop()
    d["rdflib"] = rdflib_info


# --- the report ------------------------------------------------------------------------------------


def _selection_outcome(run: dict, detail: str) -> str:
    """A viz selection's time and `detail` (formatted with its fields), or why there is none."""
    if run.get("seconds") is not None:
        return f"{fmt_s(run['seconds'])} {detail.format(**run)}".rstrip()
    return "over the cap" if run.get("capped") else f"error: {str(run.get('error'))[:120]}"


def _worst_seconds(runs) -> float | None:
    """The longest of the runs' seconds; None when there were none or one was capped."""
    seconds = [r.get("seconds") for r in runs]
    return max(seconds) if seconds and None not in seconds else None


def _best_ingest(d: dict) -> dict:
    runs = d.get("ingest") or []
    top = max(r["jobs"] for r in runs) if runs else None
    return next((r for r in runs if r["jobs"] == top), {})


def verdicts(d: dict) -> list[tuple[str, str, str, str]]:
    """(target, measured, ratio to target, verdict) rows."""
    rows = []
    best = _best_ingest(d)
    if best:
        rate = best.get("rate")
        rows.append((f"ingest ≥ {TARGETS['ingest_rate']:.0f} articles/s with all cores "
                     f"(--jobs {best['jobs']})", f"{rate:.0f} articles/s",
                     fmt_ratio(rate / TARGETS["ingest_rate"]) + " of target",
                     verdict(rate >= TARGETS["ingest_rate"] and not best.get("error"))))
        peak = max(max(r["peak_tree_rss"], r["peak_rss"]) for r in d["ingest"])
        rows.append(("peak RSS < 2 GB (at 100k) and flat in N", fmt_bytes(peak),
                     f"{peak / TARGETS['peak_rss']:.2f}× of limit",
                     verdict(peak < TARGETS["peak_rss"]) + ("" if d["size"] >= 100_000 else
                                                            " (at this size; see the table across sizes)")))
    inc = d.get("incremental") or {}
    if inc.get("times"):
        rows.append(("add 10 articles to the store < 2 s", f"p50 {fmt_s(inc['p50'])}, max {fmt_s(inc['max'])}",
                     f"{inc['max'] / TARGETS['incremental']:.2f}× of limit",
                     verdict(inc["max"] < TARGETS["incremental"])))
    adv = d.get("adversarial") or {}
    if adv:
        worst, capped = adversarial_worst(adv)
        errors = [m["error"] for m in adv["modes"].values() if m.get("error")]
        if worst is None:
            rows.append(("1 MB adversarial article extracted < 1 s", f"error: {errors[:1]}", "–", verdict(False)))
        else:
            rows.append(("1 MB adversarial article extracted < 1 s", f"max {fmt_s(worst, capped)} (read_facts)",
                         ("> " if capped else "") + f"{worst / TARGETS['adversarial']:.1f}× of limit",
                         verdict(not capped and worst < TARGETS["adversarial"])))
    qs = d.get("queries") or {}
    targeted = {k: v for k, v in qs.items() if v.get("targeted") and "warm" in v}
    if targeted:
        worst_name = max(targeted, key=lambda k: (targeted[k]["warm"].get("capped", False),
                                                  targeted[k]["warm"].get("p50") or 0))
        w = targeted[worst_name]["warm"]
        ok = not w.get("capped") and all((v["warm"].get("p50") or 1e9) < TARGETS["targeted_p50"]
                                         for v in targeted.values())
        rows.append(("targeted named questions p50 < 50 ms",
                     f"worst: {worst_name} {fmt_s(w.get('p50') or d['options']['cap'], w.get('capped'))}",
                     "–", verdict(ok) + ("" if d["size"] >= 10_000 else " (small size)")))
    else:
        rows.append(("targeted named questions p50 < 50 ms",
                     "no named question takes an entity parameter in this build", "–", "n/a"))
    ratios = rdflib_ratios(d)
    if ratios:
        worst = min(ratios, key=lambda k: ratios[k][0])
        value, lower = ratios[worst]
        rows.append(("every named question ≥ 20× faster than rdflib",
                     f"worst: {worst} {fmt_ratio(value, lower)}", "–",
                     verdict(all(v >= TARGETS["rdflib_ratio"] for v, _ in ratios.values()))))
    else:
        rows.append(("every named question ≥ 20× faster than rdflib", "rdflib not run at this size",
                     "–", "n/a"))
    cold = {k: v["cold"] for k, v in qs.items() if isinstance(v.get("cold"), dict) and v["cold"].get("p50")}
    if qs:
        unmeasured = sorted(k for k, v in qs.items() if k not in cold)
        worst = max(cold, key=lambda k: cold[k]["p50"]) if cold else None
        text = f"worst measured: {worst} p50 {fmt_s(cold[worst]['p50'])}" if worst else "none measured"
        cap_s = f"{d['options']['cap']:.0f} s"
        why = {k: ("cold > " + cap_s if qs[k].get("cold_capped") else "warm > " + cap_s
                   if (qs[k].get("warm") or {}).get("capped") else "failed" if qs[k].get("cold_error")
                   else "skipped") for k in unmeasured}
        if unmeasured:
            text += "; over the cap: " + ", ".join(f"{k} ({why[k]})" for k in unmeasured)
        ok = bool(cold) and not unmeasured and all(v["p50"] < TARGETS["cold_query"] for v in cold.values())
        rows.append(("`labourkg query NAME` cold < 1 s", text, "–", verdict(ok)))
    exp = (d.get("export") or {}).get("turtle") or {}
    inproc = d.get("export_inprocess") or {}
    if exp.get("bytes"):
        base = ((d.get("rdflib") or {}).get("turtle") or {}).get("seconds")
        ratio = (f"rdflib takes {fmt_ratio(base / inproc['seconds'])} as long" if base and inproc.get("seconds")
                 else "–")
        rows.append(("export to Turtle fast", f"{fmt_s(exp['seconds'])} for {fmt_bytes(exp['bytes'])} "
                     f"(command); {fmt_s(inproc.get('seconds'))} in process", ratio, "n/a (no number set)"))
    viz = d.get("viz") or {}
    picks = d.get("viz_selections") or {}
    if picks:
        worst = max(picks.values(), key=lambda v: math.inf if v.get("seconds") is None else v["seconds"])
        text = "; ".join(f"--{k} {v['name']}: " + _selection_outcome(v, "({nodes} nodes)")
                         for k, v in sorted(picks.items()))
        if viz.get("seconds") is not None:
            text += f"; whole graph trimmed to 5k: {fmt_s(viz['seconds'])}"
        ok = worst.get("seconds") is not None and worst["seconds"] < TARGETS["viz"]
        rows.append(("viz of a 5k-node selection < 2 s", text,
                     f"{worst['seconds'] / TARGETS['viz']:.2f}× of limit" if worst.get("seconds") else "–",
                     verdict(ok)))
    elif viz.get("seconds") is not None:
        nodes = f"{viz['shown']} of {viz['total']} nodes" if viz.get("shown") else "not trimmed"
        rows.append(("viz of a 5k-node selection < 2 s", f"{fmt_s(viz['seconds'])} ({nodes})",
                     f"{viz['seconds'] / TARGETS['viz']:.2f}× of limit", verdict(viz["seconds"] < TARGETS["viz"])))
    elif viz:
        rows.append(("viz of a 5k-node selection < 2 s",
                     "over the cap" if viz.get("capped") else f"error: {viz.get('error')}", "–",
                     verdict(False) if viz.get("capped") else "n/a"))
    return rows


def rdflib_result(answer: dict) -> dict:
    """Timings of one rdflib question from the forked child's answers."""
    answers = answer.get("answers", [])
    errors = [a["error"] for a in answers if "error" in a]
    if errors:
        return {"error": errors[0], "times": []}
    if not answers:
        return {"capped": True, "times": [], "rows": None}
    first, timed = answers[0], [a for a in answers if not a.get("warmup")]
    # a first run slower than the budget is the only one (it then includes first-run costs)
    times = [a["seconds"] for a in timed] or [first["seconds"]]
    return summarise({"times": times, "rows": answers[-1]["rows"], "first": first["seconds"]})


def rdflib_ratios(d: dict) -> dict[str, tuple[float, bool]]:
    """rdflib p50 / oxigraph p50 per question; bool = rdflib hit the cap (a lower bound)."""
    out = {}
    rdq = (d.get("rdflib") or {}).get("queries") or {}
    for name, r in rdq.items():
        w = d["queries"][name].get("warm") or {}
        if w.get("capped") or not w.get("p50"):
            continue
        if r.get("capped"):
            out[name] = (d["options"]["cap"] / w["p50"], True)
        elif r.get("p50"):
            out[name] = (r["p50"] / w["p50"], False)
    return out


def render(report: Report) -> str:
    d, n = report.data, report.size
    m = d["machine"]
    cap = d["options"]["cap"]
    phases = ", ".join(f"{k} {v:.0f} s" for k, v in d.get("phases", {}).items())
    header = (f"Run {d['date']} on {m.get('cpu')}, {m.get('usable_cores')} usable cores, "
              f"{fmt_bytes(m.get('ram'))} RAM; Python {m['python']}, pyoxigraph {m['pyoxigraph']}, "
              f"rdflib {m['rdflib']}, labourkg {m['labourkg']} at commit {m.get('commit')}; "
              f"lexicon: {_lexicon_text(m.get('lexicon'))}. Load average at start "
              f"{d['load_start'][0]:.2f}, at end {d['load_end'][0]:.2f} (other work on the machine "
              f"inflates every figure). Whole run: {d['total_seconds']:.0f} s ({phases}). Command: "
              f"`bench/run.py {' '.join(d['options'].get('argv') or ['--size', str(n)])}` (jobs "
              f"{d['options']['jobs']}, seed {d['options']['seed']}, time cap {cap:.0f} s per run).")
    lines = [f"<!-- bench:begin size={n} -->", f"## {n:,} articles".replace(",", " "), "",
             f"<!-- bench-data {json.dumps(_compact(d), sort_keys=True)} -->", "", header, "",
             "### Against the targets", "", "| target | measured | ratio | verdict |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {v} |" for a, b, c, v in verdicts(d)]
    g = d["generate"]
    langs = ", ".join(f"{k} {v}" for k, v in sorted(g["languages"].items()))
    s = d.get("stats") or {}
    lines += ["", "### Corpus and store", "",
              f"{n} synthetic articles ({langs}; {fmt_bytes(g['bytes'])}, sha256 `{g['sha256'][:16]}`), "
              f"generated in {fmt_s(g['seconds'])}. The store holds {s.get('quads', '?')} quads "
              f"({s.get('triples', '?')} distinct triples; "
              + ", ".join(f"{k} {v}" for k, v in s.items() if k not in ("quads", "triples"))
              + f"); `kg.stats()` took {fmt_s(d.get('stats_seconds'))}."]
    lines += ["", "### Ingest (`labourkg ingest`, end to end)", "",
              "| jobs | wall | articles/s | speed-up | quads | peak RSS, process tree | largest process | store on disk | failed |",
              "|---|---|---|---|---|---|---|---|---|"]
    base = next((r["seconds"] for r in d.get("ingest", []) if r["jobs"] == 1), None)
    for r in d.get("ingest", []):
        lines.append(f"| {r['jobs']} | {fmt_s(r['seconds'])} | {r['rate']:.0f} | "
                     f"{fmt_ratio(base / r['seconds'] if base else None)} | {r.get('quads', '?')} | {fmt_bytes(r['peak_tree_rss'])} | "
                     f"{fmt_bytes(r['peak_rss'])} | {fmt_bytes(r['store_bytes'])} | "
                     f"{r.get('failed', '?')}{' — ' + r['error'] if r.get('error') else ''} |")
    inc, re_ = d.get("incremental") or {}, d.get("reingest") or {}
    if inc.get("times"):
        per_article_full = base / n if base else None
        lines += ["", f"Adding 10 new articles to the {n}-article store (`labourkg ingest NEW/`, 3 runs): "
                  f"p50 {fmt_s(inc['p50'])}, min {fmt_s(inc['min'])}, max {fmt_s(inc['max'])}"
                  + (f" ({inc['p50'] / 10 / per_article_full:.0f}× the per-article cost of the full "
                     f"single-process ingest: process start-up dominates)" if per_article_full else "")
                  + f". Re-ingest of the unchanged corpus (all skipped): {fmt_s(re_.get('seconds'))}, "
                  f"{re_.get('rate', 0):.0f} articles/s, {re_.get('unchanged', '?')} unchanged."]
    o = d["options"]
    lines += ["", "### Named questions", "",
              f"Warm: `kg.query(NAME, **params)` in one process that keeps the store open (result rows "
              f"built); 1 warm-up run, then up to {o['warm_runs']} runs, at least 3, stopping once they add "
              f"up to {o['warm_budget']:.0f} s. Cold: `labourkg query NAME` as a new process printing its "
              f"table, {o['cold_runs']} runs; the start-up floor of a `labourkg` command that opens no "
              f"store (`labourkg queries`) is {fmt_s(d.get('startup_floor'))}. rdflib: the same query text "
              f"on `Dataset(default_union=True)` loaded from the store's N-Quads export, the same terms "
              f"bound with `initBindings`, up to {o['rdflib_runs']} runs, at least 1, stopping once they "
              f"add up to {o['rdflib_budget']:.0f} s. Ratio = rdflib p50 / Oxigraph warm p50. Required "
              f"parameters: the most frequent entity of the right sort (the largest answer), bound as its "
              f"IRI; \"by name\" passes the name instead, as a user types it (name lookup included).", "",
              "| question | parameters | rows | warm p50 | warm p95 | by name p50 | cold p50 (max) | rdflib p50 (runs) | rdflib rows | ratio |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    rdq = (d.get("rdflib") or {}).get("queries") or {}
    ratios = rdflib_ratios(d)
    for name, q in sorted((d.get("queries") or {}).items()):
        if "skipped" in q:
            lines.append(f"| {name} | – | skipped: {q['skipped']} | | | | | | | |")
            continue
        w, bn, c, r = q["warm"], q.get("warm_by_name") or {}, q.get("cold") or {}, rdq.get(name) or {}
        params = ", ".join(f"{k}={v}" for k, v in q["params"].items()) or "–"
        warm50 = "error: " + w["error"][:60] if w.get("error") else fmt_s(w.get("p50") or cap, w.get("capped"))
        cold = (fmt_s(c["p50"]) + f" ({fmt_s(c['max'])})" if c.get("p50") else
                f"> {cap:.0f} s" if q.get("cold_capped") else
                "error: " + q["cold_error"][:60] if q.get("cold_error") else c.get("skipped", "–"))
        rd = ("–" if not r else f"> {cap:.0f} s" if r.get("capped") and not r.get("p50") else
              "error: " + r["error"][:60] if r.get("error") else f"{fmt_s(r.get('p50'))} ({r.get('runs')})")
        ratio = fmt_ratio(*ratios[name]) if name in ratios else "–"
        same = "" if r.get("rows") is None or r.get("rows") == w.get("rows") else " ≠"
        lines.append(f"| {name} | {params} | {w.get('rows') if w.get('rows') is not None else '–'} | {warm50} | "
                     f"{fmt_s(w.get('p95'))} | {fmt_s(bn.get('p50')) if bn else '–'} | {cold} | {rd} | "
                     f"{r.get('rows', '–') if r else '–'}{same} | {ratio} |")
    rdi = d.get("rdflib") or {}
    if rdi.get("skipped"):
        lines += ["", f"rdflib comparison not run: {rdi['skipped']}."]
    elif rdi:
        lines += ["", f"rdflib loaded {rdi['quads']} quads in {fmt_s(rdi['load_seconds'])}; each query runs "
                  f"in a process forked from the loaded one, killed at the cap. Rows marked ≠ differ "
                  f"between the engines."]
    inproc = d.get("export_inprocess") or {}
    lines += ["", "### Export", "",
              f"`labourkg export` as a new process (start-up included). In process, `kg.export(path, "
              f"\"turtle\")` on the open store took {fmt_s(inproc.get('seconds'))}; the baseline is "
              f"rdflib serialising the same triples to Turtle in memory.", "",
              "| format | wall | size | MB/s | peak RSS | rdflib Turtle serialisation (vs in-process export) |",
              "|---|---|---|---|---|---|"]
    rt = rdi.get("turtle") or {}
    for fmt, e in (d.get("export") or {}).items():
        base_txt = "–"
        if fmt == "turtle" and rt:
            base_txt = (f"> {max(cap, 120):.0f} s" if rt.get("capped") else f"error: {rt['error'][:60]}"
                        if rt.get("error") else f"{fmt_s(rt['seconds'])} ({fmt_bytes(rt['bytes'])})"
                        + (f", {fmt_ratio(rt['seconds'] / inproc['seconds'])} as long" if inproc.get("seconds")
                           else ""))
        rate = f"{e['bytes'] / MB / e['seconds']:.1f}" if e.get("bytes") else "–"
        lines.append(f"| {fmt} | {fmt_s(e['seconds'])} | {fmt_bytes(e.get('bytes'))} | {rate} | "
                     f"{fmt_bytes(e['peak_rss'])} | {base_txt}{' — ' + e['error'] if e.get('error') else ''} |")
    adv = d.get("adversarial") or {}
    lines += ["", "### Adversarial input", ""]
    if adv:
        lines.append(f"A {fmt_bytes(adv['bytes'])} adversarial text (repeated capitalised words, endless "
                     f"titles, nested parentheses, runs without punctuation, chained dates and agreement "
                     f"words), one process per run, cap {adv['cap']:.0f} s; a run over a third of the cap "
                     f"is not repeated. Peak RSS {fmt_bytes(adv.get('peak_rss'))}.")
        lines += ["", "| how | runs | min | p50 | max | facts / quads |", "|---|---|---|---|---|---|"]
        labels = {"id": "`read_facts`, as Indonesian", "en": "`read_facts`, as English",
                  "ingest": "read file + `article_quads` (as an ingest)"}
        for mode, m in adv["modes"].items():
            t = m.get("times") or []
            if m.get("skipped"):
                lines.append(f"| {labels[mode]} | – | skipped: {m['skipped']} | | | |")
            elif m.get("error"):
                lines.append(f"| {labels[mode]} | – | error: {m['error'][:80]} | | | |")
            elif m.get("capped") and not t:
                lines.append(f"| {labels[mode]} | 1 | > {adv['cap']:.0f} s | | | |")
            else:
                lines.append(f"| {labels[mode]} | {len(t)} | {fmt_s(min(t))} | {fmt_s(statistics.median(t))} | "
                             f"{fmt_s(max(t))}{' (then > cap)' if m.get('capped') else ''} | {m.get('found')} |")
    lines += _shards_lines(d)
    viz = d.get("viz") or {}
    lines += ["", "### Viz", ""]
    if viz.get("seconds") is not None:
        shown = (f"{viz['shown']} of {viz['total']} nodes shown" if viz.get("shown") else
                 "not trimmed (the graph has at most 5000 nodes)")
        lines.append(f"`kg.to_html(path, max_nodes=5000)` on the whole graph (warm process): "
                     f"{fmt_s(viz['seconds'])}, {fmt_bytes(viz['bytes'])}, {shown}.")
    else:
        lines.append("Over the cap (60 s)." if viz.get("capped") else f"Not measured: {viz.get('error')}")
    picks = d.get("viz_selections") or {}
    if picks:
        lines += ["", "Selections, as `labourkg viz --focus NAME` (the most mentioned official, depth 2) and "
                  "`--partner NAME` (the partner in the most agreements) draw them, by name, same process:", "",
                  "| selection | wall | nodes | edges | page |", "|---|---|---|---|---|"]
        for option, v in sorted(picks.items()):
            if v.get("seconds") is None:
                lines.append(f"| --{option} {v['name']} | {_selection_outcome(v, '')} | | | |")
            else:
                lines.append(f"| --{option} {v['name']} | {fmt_s(v['seconds'])} | {v['nodes']} | {v['edges']} | "
                             f"{fmt_bytes(v['bytes'])} |")
    for note in report.notes:
        lines += ["", f"Note: {note}"]
    lines += ["", f"<!-- bench:end size={n} -->", ""]
    return "\n".join(lines)


def _shards_lines(d: dict) -> list[str]:
    sh = d.get("shards") or {}
    if not sh:
        return []
    lines = ["", "### Beyond one machine: shards and Dask", "",
             "`labourkg extract CORPUS --out DIR --jobs J` (N-Quads shards of 250 input files, no store), "
             "`labourkg extract ... --dask --jobs J` (the same on a local Dask cluster of J worker processes, "
             "cluster start-up included), and `labourkg load DIR` into a new store; each a new process, "
             "wall time from start to exit.", "",
             "| step | wall | articles/s | shards | output | peak RSS, process tree | notes |",
             "|---|---|---|---|---|---|---|"]
    ex, ld, dk = sh.get("extract") or {}, sh.get("load") or {}, sh.get("dask") or {}
    if ex:
        lines.append(f"| extract (--jobs {d['options']['jobs']}) | {fmt_s(ex['seconds'])} | {ex['rate']:.0f} | "
                     f"{ex.get('shards', '?')} | {fmt_bytes(ex.get('bytes'))} | {fmt_bytes(ex['peak_tree_rss'])} | "
                     f"{ex.get('error', '')} |")
    if dk.get("skipped"):
        lines.append(f"| extract --dask | – | – | – | – | – | skipped: {dk['skipped']} |")
    elif dk:
        same = "byte-identical to extract" if dk.get("identical") else "**differs from extract**"
        lines.append(f"| extract --dask (--jobs {d['options']['jobs']}) | {fmt_s(dk['seconds'])} | "
                     f"{dk['rate']:.0f} | {dk.get('shards', '?')} | – | {fmt_bytes(dk['peak_tree_rss'])} | "
                     f"{same}{' — ' + dk['error'] if dk.get('error') else ''} |")
    if ld:
        same = sh.get("same_as_ingest")
        note = ("N-Quads export byte-identical to the ingested store's" if same else
                f"**export differs from the ingested store's** ({sh.get('difference')})" if same is False
                else "not compared")
        lines.append(f"| load into a new store | {fmt_s(ld['seconds'])} | {ld['rate']:.0f} | – | "
                     f"{fmt_bytes(ld.get('store_bytes'))} | {fmt_bytes(ld['peak_tree_rss'])} | {note}"
                     f"{' — ' + ld['error'] if ld.get('error') else ''} |")
    return lines


def _lexicon_text(lex) -> str:
    if isinstance(lex, dict):
        return ", ".join(f"{v} {k}" for k, v in lex.items())
    return str(lex)


def _compact(d: dict) -> dict:
    """The figures the table across sizes needs."""
    best = _best_ingest(d)
    qs = d.get("queries") or {}
    warm = [v["warm"].get("p50") for v in qs.values() if "warm" in v and v["warm"].get("p50")]
    ratios = rdflib_ratios(d)
    adv = d.get("adversarial") or {}
    return {
        "size": d["size"], "date": d["date"],
        "ingest_rate": round(best.get("rate", 0), 1),
        "serial_rate": next((round(r["rate"], 1) for r in d.get("ingest", []) if r["jobs"] == 1), None),
        "peak_rss": max((max(r["peak_tree_rss"], r["peak_rss"]) for r in d.get("ingest", [])), default=None),
        "incremental_p50": (d.get("incremental") or {}).get("p50"),
        "reingest_rate": round((d.get("reingest") or {}).get("rate", 0), 1),
        "query_p50_max": max(warm) if warm else None,
        "query_capped": sorted(k for k, v in qs.items() if (v.get("warm") or {}).get("capped")),
        "rdflib_ratio_min": round(min(v for v, _ in ratios.values()), 1) if ratios else None,
        "adversarial_max": adversarial_worst(adv)[0] if adv else None,
        "adversarial_capped": adversarial_worst(adv)[1] if adv else False,
        "export_turtle": ((d.get("export") or {}).get("turtle") or {}).get("seconds"),
        "viz": (d.get("viz") or {}).get("seconds"),
        "viz_selection": _worst_seconds((d.get("viz_selections") or {}).values()),
        "quads": (d.get("stats") or {}).get("quads") or _best_ingest(d).get("quads"),
        "extract_rate": round(((d.get("shards") or {}).get("extract") or {}).get("rate", 0), 1) or None,
        "dask_rate": round(((d.get("shards") or {}).get("dask") or {}).get("rate", 0), 1) or None,
        "load_rate": round(((d.get("shards") or {}).get("load") or {}).get("rate", 0), 1) or None,
    }


_SECTION = re.compile(r"<!-- bench:begin size=(\d+) -->.*?<!-- bench:end size=\1 -->\n?", re.S)
_DATA = re.compile(r"<!-- bench-data (\{.*?\}) -->")
_HEADER = """# labourkg benchmark results

Written by `bench/run.py` (see bench/README.md for the method and what each figure means).
Each run replaces the section of its size; the table below is rebuilt from every section.
Figures are from a shared 2-core machine: compare ratios more than seconds.

"""


def write_results(path: Path, section: str, size: int) -> None:
    """Replace this size's section of RESULTS.md (keep the others) and rebuild the summary."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    sections = {int(m.group(1)): m.group(0).rstrip("\n") + "\n" for m in _SECTION.finditer(old)}
    sections[size] = section.rstrip("\n") + "\n"
    rows = []
    for s in sorted(sections):
        m = _DATA.search(sections[s])
        if not m:
            continue
        c = json.loads(m.group(1))
        serial = f" ({c['serial_rate']})" if c.get("serial_rate") else ""
        rows.append(f"| {s} | {c.get('date', '?')} | {c.get('ingest_rate')}{serial} | "
                    f"{fmt_bytes(c.get('peak_rss'))} | {fmt_s(c.get('incremental_p50'))} | "
                    f"{c.get('reingest_rate')} | {fmt_s(c.get('query_p50_max'))}"
                    f"{' + capped: ' + ', '.join(c['query_capped']) if c.get('query_capped') else ''} | "
                    f"{fmt_ratio(c.get('rdflib_ratio_min'))} | "
                    f"{fmt_s(c.get('adversarial_max'), c.get('adversarial_capped'))} | "
                    f"{fmt_s(c.get('export_turtle'))} | {fmt_s(c.get('viz'))}"
                    f"{' / ' + fmt_s(c['viz_selection']) if c.get('viz_selection') else ''} | "
                    f"{c.get('extract_rate') or '–'} / {c.get('dask_rate') or '–'} / {c.get('load_rate') or '–'} | "
                    f"{c.get('quads') or '–'} |")
    summary = ["## Across sizes", "",
               "| articles | run | ingest articles/s, all cores (1 core) | peak RSS | +10 articles | "
               "re-ingest articles/s | slowest question p50 | min rdflib ratio | 1 MB adversarial | "
               "Turtle export | viz: whole graph to 5k nodes / slowest selection | extract / Dask / load articles/s | quads |",
               "|---|---|---|---|---|---|---|---|---|---|---|---|---|", *rows, ""]
    text = _HEADER + "\n".join(summary) + "\n" + "\n".join(sections[s] for s in sorted(sections))
    path.write_text(text, encoding="utf-8")


# --- command line ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_worker"]:
        return _worker_main(argv[1], argv[2])
    if argv[:1] == ["--_adversarial"]:
        return _adversarial_main(int(argv[1]), argv[2])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    parser = argparse.ArgumentParser(description="Benchmark labourkg on N synthetic articles.")
    parser.add_argument("--size", type=int, required=True, help="number of articles")
    parser.add_argument("--jobs", type=int, default=cores, help=f"ingest workers for the parallel run "
                                                                  f"(default: all {cores} cores)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-rdflib", action="store_true", help="do not run the rdflib baseline")
    parser.add_argument("--rdflib", action="store_true",
                        help=f"run the rdflib baseline even above {RDFLIB_MAX} articles")
    parser.add_argument("--cap", type=float, default=None,
                        help="time cap per query/run in seconds (default 60; 5 up to 1000 articles, "
                             "so that the quick size stays short)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results file (default bench/RESULTS.md)")
    parser.add_argument("--no-write", action="store_true", help="print the report only")
    parser.add_argument("--workdir", type=Path, help="where to put the corpus and store (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and the store")
    parser.add_argument("--skip-serial", action="store_true",
                        help="ingest with --jobs J only (no one-process run, so no speed-up figure)")
    parser.add_argument("--skip-dask", action="store_true", help="do not run the Dask extraction")
    args = parser.parse_args(argv)
    if args.size < 1 or args.jobs < 1:
        parser.error("--size and --jobs must be at least 1")
    quick = args.size <= QUICK
    cap = args.cap if args.cap is not None else (5.0 if quick else 60.0)
    opts = Options(size=args.size, jobs=args.jobs, seed=args.seed, skip_rdflib=args.skip_rdflib,
                   rdflib=args.rdflib, cap=cap, out=args.out, workdir=args.workdir, keep=args.keep,
                   argv=tuple(argv), serial=not args.skip_serial, dask=not args.skip_dask,
                   warm_budget=1.0 if quick else 10.0, cold_runs=3 if quick else 5,
                   rdflib_runs=3 if quick else 5,
                   rdflib_budget=1.0 if quick else 10.0)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))     # clean up the work folder
    report = bench(opts)
    section = render(report)
    print(section)
    if not args.no_write:
        write_results(args.out, section, args.size)
        print(f"[bench] wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
