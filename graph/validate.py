"""SHACL validation of the graph against ontology/shapes.ttl (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Store

from labourkg.ontology import data_file


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    text: str          # pyshacl's human-readable report
    violations: int


def validate(store: Store) -> ValidationReport:
    """Validate the union of all article graphs (each article graph alone conforms too)."""
    import pyshacl
    import rdflib
    from pyoxigraph import RdfFormat, serialize

    data = rdflib.Graph()
    triples = {(q.subject, q.predicate, q.object) for q in store}
    from pyoxigraph import Triple
    if triples:
        nt = serialize(sorted((Triple(*t) for t in triples), key=str), format=RdfFormat.N_TRIPLES)
        data.parse(data=nt.decode("utf-8"), format="nt")
    shapes = rdflib.Graph().parse(data=data_file("shapes.ttl"), format="turtle")
    conforms, results, text = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                               advanced=True, allow_warnings=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    count = sum(1 for _ in results.subjects(rdflib.RDF.type, sh.ValidationResult))
    return ValidationReport(bool(conforms), text, count)
