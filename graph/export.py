"""Deterministic serialisations of the store.

Turtle and JSON-LD hold all facts with the article graphs merged; TriG and N-Quads
keep one named graph per article. Output is sorted, so the same store always
gives the same bytes, and diffs between two exports show only what changed.
"""

from __future__ import annotations

import os
from pathlib import Path

from pyoxigraph import RdfFormat, Store, Triple, serialize

from labourkg.ontology import PREFIXES

FORMATS = {
    "turtle": (RdfFormat.TURTLE, False),
    "ttl": (RdfFormat.TURTLE, False),
    "ntriples": (RdfFormat.N_TRIPLES, False),
    "nt": (RdfFormat.N_TRIPLES, False),
    "trig": (RdfFormat.TRIG, True),
    "nquads": (RdfFormat.N_QUADS, True),
    "nq": (RdfFormat.N_QUADS, True),
    "jsonld": (RdfFormat.JSON_LD, False),
    "json-ld": (RdfFormat.JSON_LD, False),
    "rdfxml": (RdfFormat.RDF_XML, False),
    "xml": (RdfFormat.RDF_XML, False),
}
SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".trig": "trig", ".nq": "nquads",
            ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "rdfxml", ".xml": "rdfxml"}


def format_for(dest: str | os.PathLike | None, format: str | None) -> str:
    """The format named, else the one the file suffix implies, else Turtle."""
    if format:
        if format.lower() not in FORMATS:
            raise ValueError(f"unknown export format {format!r}; use one of "
                             + ", ".join(sorted({"turtle", "trig", "nquads", "ntriples", "jsonld", "rdfxml"})))
        return format.lower()
    if dest is not None:
        return SUFFIXES.get(Path(dest).suffix.lower(), "turtle")
    return "turtle"


def _key(term) -> str:
    return str(term)


def export(store: Store, dest: str | os.PathLike | None = None, format: str | None = "turtle") -> bytes | None:
    """Write the store to `dest` (or return the bytes) in one of FORMATS."""
    fmt = format_for(dest, format)
    rdf_format, keeps_graphs = FORMATS[fmt]
    if keeps_graphs:
        items = sorted(store, key=lambda q: (_key(q.graph_name), _key(q.subject),
                                             _key(q.predicate), _key(q.object)))
    else:
        seen = {(q.subject, q.predicate, q.object) for q in store}
        items = [Triple(s, p, o) for s, p, o in
                 sorted(seen, key=lambda t: (_key(t[0]), _key(t[1]), _key(t[2])))]
    prefixes = PREFIXES if rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDF_XML) else None
    data = serialize(items, format=rdf_format, prefixes=prefixes)
    if dest is None:
        return data
    path = Path(dest)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)   # never leave a half-written export behind
    return None
