"""`labourkg ingest` killed with SIGKILL at random (seeded) moments never damages the store.

Forty small generated articles exist in two versions, A and B, under the same file
names (so each article has one named graph that B replaces). One store is ingested
alternately with A and B, each run killed after a random delay, with one or two
worker processes and with the default or a small batch size. After every kill the
store must open, and every article graph in it must be exactly the graph a clean
ingest of that article gives (its A or its B graph, never a mix or a part). Every few
kills the same ingest is run again without a kill and must end with the N-Quads
export of an uninterrupted ingest, byte for byte; then the store is emptied, so that
the next runs write new graphs (which the store may write by another path, a bulk
load, than the transactions that replace graphs).

Half the runs are killed after a random delay; the other half a random moment after
the ingest's first commit (seen as its write-ahead log growing), so that kills land
between the commits of one run, not only during start-up.
"""

from __future__ import annotations

import importlib.util
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).with_name("labourkg"))
ARTICLES = 40
KILLS = 20
MID_INGEST = 4           # kills between two commits of one run, at least
MAX_RUNS = 28
RERUN_EVERY = 5
# (kill when the first transaction has been written, batch size): batches of 1 and 4 articles
# put many commits inside one run; the default batch writes all 40 in one transaction
MODES = [(False, None), (True, "1"), (False, "4"), (True, "4"), (False, "1"), (True, None)]
SEED = 20240610


def _generator():
    spec = importlib.util.spec_from_file_location("labourkg_bench_generate_kill", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _env(batch: str | None = None) -> dict[str, str]:
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "HOME": "/tmp"}
    if os.environ.get("PYTHONPATH"):             # a frozen copy of the code, when the tree is busy
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    if batch:
        env["LABOURKG_INGEST_BATCH"] = batch
    return env


def _ingest(folder: Path, store: Path, jobs: int = 1, batch: str | None = None) -> subprocess.Popen:
    return subprocess.Popen([CLI, "ingest", str(folder), "--store", str(store), "-j", str(jobs), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(batch),
                            start_new_session=True)


def _export(store: Path) -> bytes:
    """What `labourkg export -f nquads` prints (the same call, in this process)."""
    from labourkg.graph.store import KnowledgeGraph
    with KnowledgeGraph.open(store, read_only=True) as kg:
        return kg.export(None, "nquads")


def _graphs(store: Path) -> dict[str, frozenset[str]]:
    """Quads of each named graph; the default graph under ''."""
    if not (store / "oxigraph" / "CURRENT").exists():
        return {}                                  # killed before the store was created
    try:
        db = Store.read_only(str(store / "oxigraph"))
    except RuntimeError as exc:
        # killed while RocksDB was creating the store: CURRENT is written before the column
        # families, so nothing was stored; the next writer creates the rest
        if "Column family not found" not in str(exc):
            raise
        return {}
    out: dict[str, set[str]] = defaultdict(set)
    for q in db:
        name = q.graph_name.value if isinstance(q.graph_name, NamedNode) else ""
        out[name].add(f"{q.subject} {q.predicate} {q.object}")
    return {k: frozenset(v) for k, v in out.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Folders A and B (same names, other texts) and the stores of their clean ingests."""
    gen = _generator()
    root = tmp_path_factory.mktemp("kill")
    for version, seed in (("A", 11), ("B", 12)):
        for i in range(ARTICLES):
            text, _ = gen.article_text(seed, i)
            path = root / version / f"{i // 10:02d}" / f"{i:03d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    timings = {}
    for version in ("A", "B"):
        started = time.perf_counter()
        proc = _ingest(root / version, root / f"clean{version}")
        out, err = proc.communicate(timeout=120)
        timings[version] = time.perf_counter() - started
        assert proc.returncode == 0, err
    return root, timings


def _logs(store: Path) -> dict[str, int]:
    """Size of each write-ahead log file of the store."""
    sizes = {}
    for path in (store / "oxigraph").glob("*.log"):
        try:
            sizes[path.name] = path.stat().st_size
        except FileNotFoundError:                  # RocksDB retired it meanwhile
            pass
    return sizes


def _kill_after_first_write(proc: subprocess.Popen, store: Path, extra: float) -> None:
    """Wait until the ingest has committed a transaction, then `extra` seconds.

    Each open of the store starts a new log file; a commit appends to it. (A bulk load
    of new graphs bypasses the log: then this waits for the end and the run counts as
    finished, not killed; the time-based kills cover bulk loads.)
    """
    old = set(_logs(store))
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if any(size > 1000 for name, size in _logs(store).items() if name not in old):
            break
        time.sleep(0.002)
    time.sleep(extra)


def _diagnose(root: Path, version: str, graph: str, quads: frozenset[str]) -> str:
    """Tell a torn write from code that changed while the test ran (other work in the tree)."""
    again = root / f"again{time.monotonic_ns()}"
    proc = _ingest(root / version, again)
    proc.communicate(timeout=120)
    if _graphs(again).get(graph) == quads:
        return "a clean ingest now gives exactly this graph: the extractors changed during the test run"
    return "a clean ingest now still gives another graph: the write was torn"


def _kills(landed: dict[str, int]) -> int:
    return sum(landed.values()) - landed["finished first"]


def test_kill_at_random_moments_never_leaves_a_partial_article(corpus):
    root, timings = corpus
    clean = {v: _graphs(root / f"clean{v}") for v in ("A", "B")}
    exports = {v: _export(root / f"clean{v}") for v in ("A", "B")}
    assert "" not in clean["A"] and len(clean["A"]) == len(clean["B"]) == ARTICLES
    assert exports["A"] != exports["B"]

    rng = random.Random(SEED)
    store = root / "victim"
    span = max(timings.values())
    landed = {"before any write": 0, "mid-ingest": 0, "after the last write": 0, "finished first": 0}
    reruns = 0
    after: dict[str, frozenset[str]] = {}
    log = []
    run = 0
    while run < MAX_RUNS and (_kills(landed) < KILLS or landed["mid-ingest"] < MID_INGEST):
        done = {v: sum(1 for g, q in after.items() if q == clean[v][g]) for v in "AB"}
        version = "A" if done["A"] < done["B"] or (done["A"] == done["B"] and run % 2 == 0) else "B"
        jobs = 2 if run % 3 == 1 else 1
        by_write, batch = MODES[run % len(MODES)]
        delay = rng.uniform(0, 0.1) if by_write else rng.uniform(0.25, 0.9) * span
        before = after
        proc = _ingest(root / version, store, jobs, batch)
        if by_write:
            _kill_after_first_write(proc, store, delay)
        else:
            time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)        # the CLI and its worker processes
        proc.communicate(timeout=60)

        after = _graphs(store)                          # the store opens ...
        assert "" not in after, f"run {run}: quads outside any article graph"
        for graph, quads in after.items():              # ... and every article in it is whole
            if quads not in (clean["A"].get(graph), clean["B"].get(graph)):
                pytest.fail(f"run {run} ({version}, jobs {jobs}, batch {batch}, killed after {delay:.2f} s): "
                            f"graph {graph} is not the graph of a clean ingest ({len(quads)} quads, clean: "
                            f"{len(clean['A'].get(graph, ()))} or {len(clean['B'].get(graph, ()))}); "
                            + _diagnose(root, version, graph, quads))
        now = sum(1 for g, q in after.items() if q == clean[version][g])
        was = sum(1 for g, q in before.items() if q == clean[version].get(g))
        if proc.returncode != -signal.SIGKILL:
            assert proc.returncode == 0
            landed["finished first"] += 1
        elif now == was:
            landed["before any write"] += 1
        elif now == ARTICLES:
            landed["after the last write"] += 1
        else:
            landed["mid-ingest"] += 1
        log.append(f"run {run} {version} jobs={jobs} batch={batch} by_write={by_write} "
                   f"delay={delay:.2f} rc={proc.returncode} {was}->{now}")
        run += 1

        if _kills(landed) % RERUN_EVERY == 0 and proc.returncode == -signal.SIGKILL:
            proc = _ingest(root / version, store, jobs)   # running it again finishes the job
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            if _export(store) != exports[version]:
                again = root / f"again{time.monotonic_ns()}"
                _ingest(root / version, again).communicate(timeout=120)
                pytest.fail(f"run {run}: the re-run ingest did not end with the export of an uninterrupted "
                            f"one; " + ("a clean ingest now gives this export: the extractors changed during "
                                        "the test run" if _export(again) == _export(store) else
                                        "a clean ingest now gives the old export: the re-run left damage"))
            reruns += 1
            shutil.rmtree(store)                        # start again empty: new graphs take the bulk path
            after = {}

    kills = _kills(landed)
    summary = f"{kills} kills: {landed}; {reruns} re-runs matched an uninterrupted ingest"
    print(f"\nclean ingest {span:.2f} s; " + summary + "\n" + "\n".join(log))
    assert kills >= KILLS, summary
    assert landed["mid-ingest"] >= MID_INGEST, summary         # the kills reach into the writing, not only startup
    assert reruns >= 4, summary
