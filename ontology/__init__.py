"""labourkg.ontology: the vocabulary as data (Turtle and SHACL) and its namespace object."""

from __future__ import annotations


if __name__ != "labourkg.ontology":  # pragma: no cover - the guard is the point
    raise ImportError(f"this folder is the package labourkg.ontology; import it as labourkg.ontology "
                      f"(install the project with `pip install -e .`), not as {__name__!r}")


from importlib import resources

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")

PREFIXES = {
    "lkg": "https://w3id.org/labourkg/ontology#",
    "org": str(ORG),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": str(TIME),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "dcterms": "http://purl.org/dc/terms/",
}


class LKG(DefinedNamespace):
    """Own terms; a mistyped term raises instead of minting a new IRI."""

    _fail = True
    _NS = Namespace("https://w3id.org/labourkg/ontology#")

    IntergovernmentalOrganization: URIRef
    Programme: URIRef
    Employer: URIRef
    Official: URIRef
    Agreement: URIRef
    Meeting: URIRef
    Evidence: URIRef
    OrganizationKinds: URIRef
    AgreementKinds: URIRef
    AgreementStatuses: URIRef
    MeetingKinds: URIRef
    Topics: URIRef
    sourceFile: URIRef
    articleKey: URIRef
    contentHash: URIRef
    mentions: URIRef
    publisherName: URIRef
    orgKind: URIRef
    country: URIRef
    embassyOf: URIRef
    observedOn: URIRef
    agency: URIRef
    agreementKind: URIRef
    status: URIRef
    party: URIRef
    signatory: URIRef
    date: URIRef
    place: URIRef
    meetingKind: URIRef
    participant: URIRef
    signed: URIRef
    evidence: URIRef
    sentence: URIRef
    confidence: URIRef


def data_file(name: str) -> str:
    """Text of one of the ontology's data files (labour.ttl, concepts.ttl, shapes.ttl)."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
