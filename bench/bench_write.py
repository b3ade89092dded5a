"""How fast each way of writing article graphs into an on-disk Oxigraph store is.

    .venv/bin/python bench/bench_write.py 1000            # articles (generated, extracted once)

The articles' graphs are extracted once (not timed); then each strategy writes them,
in batches of 64 articles as an ingest does, into a fresh on-disk store:

- `sparql`: one SPARQL Update per batch (DROP SILENT GRAPH + INSERT DATA), transactional;
  what `KnowledgeGraph.write_graphs` did before, and still does when a graph is replaced;
- `load`: `Store.load` of the batch as N-Quads, transactional;
- `bulk`: `KnowledgeGraph.write_graphs` today: new graphs through `Store.bulk_load`
  (one atomic RocksDB ingestion per batch), then `optimize()` at the end (timed apart);
- `replace`: the `bulk` store written again, every graph already there: the SPARQL path.

After each, one join over the whole store (memberships of officials) is timed, as a
check that the store reads as fast as a transactionally written one.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
import time
from pathlib import Path

from pyoxigraph import RdfFormat, Store

HERE = Path(__file__).resolve().parent
BATCH = 64
JOIN = """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g {
  ?m a <http://www.w3.org/ns/org#Membership> ; <http://www.w3.org/ns/org#member> ?p } }"""


def _bodies(n: int, folder: Path) -> list[tuple[str, str]]:
    from labourkg.graph import iris
    from labourkg.graph.store import triples_text
    from labourkg.loaders.lexicon import load_lexicon
    from labourkg.loaders.pipeline import article_quads
    from labourkg.loaders.read import read_inputs

    spec = importlib.util.spec_from_file_location("bench_generate", HERE / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = gen
    spec.loader.exec_module(gen)
    gen.generate(n, folder / "corpus")
    lex = load_lexicon()
    return [(iris.article(a.key), triples_text(article_quads(a, lex)))
            for a in read_inputs([folder / "corpus"]) if hasattr(a, "key")]


def _join(store: Store) -> float:
    start = time.perf_counter()
    list(store.query(JOIN))
    return time.perf_counter() - start


def main(n: int) -> int:
    from labourkg.graph.store import KnowledgeGraph, nquads_text

    with tempfile.TemporaryDirectory(prefix="labourkg-bench-write-") as tmp:
        work = Path(tmp)
        bodies = _bodies(n, work)
        batches = [bodies[i:i + BATCH] for i in range(0, len(bodies), BATCH)]
        quads = sum(body.count("\n") + 1 for _, body in bodies)
        print(f"{len(bodies)} articles, {quads} quads, {len(batches)} batches of {BATCH}")
        print("| strategy | write | articles/s | then | join after |")
        print("|---|---|---|---|---|")

        def row(name, seconds, then="", store=None):
            join = f"{_join(store) * 1000:.0f} ms" if store is not None else "–"
            print(f"| {name} | {seconds:.2f} s | {len(bodies) / seconds:.0f} | {then} | {join} |", flush=True)

        for name in ("sparql", "load"):
            store = Store(str(work / name))
            start = time.perf_counter()
            for batch in batches:
                if name == "sparql":
                    store.update(" ;\n".join(
                        op for iri, body in batch for op in (
                            f"DROP SILENT GRAPH <{iri}>", f"INSERT DATA {{ GRAPH <{iri}> {{\n{body} .\n}} }}")))
                else:
                    store.load(nquads_text(batch), RdfFormat.N_QUADS)
            store.flush()
            row(name, time.perf_counter() - start, store=store)
            del store
            shutil.rmtree(work / name)

        kg = KnowledgeGraph.open(work / "bulk")
        start = time.perf_counter()
        for batch in batches:
            kg.write_graphs(batch)
        kg.store.flush()
        wrote = time.perf_counter() - start
        before = _join(kg.store)
        start = time.perf_counter()
        kg.optimize(force=True)
        row("bulk (write_graphs)", wrote, f"optimize {time.perf_counter() - start:.2f} s "
            f"(join before it: {before * 1000:.0f} ms)", kg.store)
        start = time.perf_counter()
        for batch in batches:
            kg.write_graphs(batch)
        kg.store.flush()
        row("replace (write_graphs, graphs exist)", time.perf_counter() - start, store=kg.store)
        kg.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
