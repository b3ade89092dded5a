"""ArticleFacts -> RDF quads in the article's named graph: the only module that writes triples.

Each article's facts go into one named graph whose IRI is the article's, so the
graph can be replaced as a whole on re-ingest. Every graph stands alone: it holds
the labels, kinds and controlled-value concepts of what it mentions, which makes
SHACL validation and per-article export work without the rest of the store.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from labourkg.graph import iris
from labourkg.loaders.model import Article, ArticleFacts, Evidence, Official, Organization
from labourkg.ontology import PREFIXES, data_file

EXTRACTOR_VERSION = "1"


def _ns(prefix: str):
    """The terms of one namespace, each made once: the same few dozen are in every article."""
    base = PREFIXES[prefix]
    return functools.lru_cache(maxsize=None)(lambda local: NamedNode(base + local))


LKG, ORG, PROV, SCHEMA, SKOS, TIME, RDF, XSD = (
    _ns(p) for p in ("lkg", "org", "prov", "schema", "skos", "time", "rdf", "xsd"))
A = RDF("type")
XSD_DATE = XSD("date")
XSD_DECIMAL = XSD("decimal")

ORG_CLASSES = {
    "government": SCHEMA("GovernmentOrganization"),
    "intergovernmental": LKG("IntergovernmentalOrganization"),
    "country": SCHEMA("Country"),
    "programme": LKG("Programme"),
    "union": SCHEMA("WorkersUnion"),
    "employer": LKG("Employer"),
    "ngo": SCHEMA("NGO"),
    "other": ORG("FormalOrganization"),
}


@functools.lru_cache(maxsize=1)
def _concepts() -> dict[str, list[tuple[NamedNode, NamedNode, object]]]:
    """Triples of each controlled-value concept, keyed by concept IRI."""
    out: dict[str, list] = {}
    for q in parse(data_file("concepts.ttl").encode(), format=RdfFormat.TURTLE):
        out.setdefault(q.subject.value, []).append((q.subject, q.predicate, q.object))
    return out


@functools.lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """A digest of the loaders' own code, so that a new version of the extractor
    re-extracts articles a re-ingest would otherwise skip as unchanged."""
    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(article: Article, salt: str = "") -> str:
    """Changes when the article, the extractor or the lexicon (`salt`) changes,
    so that unchanged articles can be skipped on re-ingest."""
    parts = (extractor_fingerprint(), salt, article.key, article.source, article.title, article.url,
             article.published, article.publisher, article.language, article.text)
    h = hashlib.sha256("\0".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()


class _Writer:
    """Collects the triples of one article graph, deduplicated."""

    def __init__(self, article: Article):
        self.article = article
        self.graph = NamedNode(iris.article(article.key))
        self.lang = article.language or "en"
        self.triples: set[tuple] = set()

    def add(self, s, p, o) -> None:
        if o is not None:
            self.triples.add((s, p, o))

    def text(self, value: str | None, lang: str | None = None) -> Literal | None:
        if not value:
            return None
        return Literal(value, language=lang) if lang else Literal(value)

    def concept(self, scheme: str, code: str) -> NamedNode:
        node = NamedNode(iris.concept(scheme, code))
        for triple in _concepts().get(node.value, ()):
            self.triples.add(triple)
        return node

    def evidence(self, fact: NamedNode, ev: Evidence | None) -> None:
        if ev is None:
            return
        node = NamedNode(iris.evidence(self.article.key, fact.value))
        self.add(fact, LKG("evidence"), node)
        self.add(node, A, LKG("Evidence"))
        self.add(node, LKG("sentence"), Literal(ev.sentence))
        self.add(node, LKG("confidence"), Literal(f"{max(0.0, min(1.0, ev.confidence)):.2f}",
                                                   datatype=XSD_DECIMAL))
        self.add(node, PROV("wasQuotedFrom"), self.graph)

    def derived(self, fact: NamedNode) -> None:
        self.add(fact, PROV("wasDerivedFrom"), self.graph)
        self.add(self.graph, LKG("mentions"), fact)

    def quads(self) -> list[Quad]:
        return [Quad(s, p, o, self.graph) for s, p, o in sorted(self.triples, key=_sort_key)]

    def body(self) -> str:
        """The triples as N-Triples lines (without the final " ."), in `quads()` order."""
        rows = sorted((str(s), str(p), str(o)) for s, p, o in self.triples)
        return " .\n".join(f"{a} {b} {c}" for a, b, c in rows)


def _sort_key(triple) -> tuple[str, str, str]:
    s, p, o = triple
    return str(s), str(p), str(o)


def _date(value: date | None) -> Literal | None:
    return Literal(value.isoformat(), datatype=XSD_DATE) if value else None


def _write(facts: ArticleFacts, content_hash: str | None = None) -> "_Writer":
    """The triples of one article's graph, collected."""
    article = facts.article
    w = _Writer(article)
    _article(w, article, content_hash or fingerprint(article))
    org_nodes = {o.key: _organization(w, o) for o in facts.organizations}
    person_nodes = {p.key: _official(w, p, org_nodes) for p in facts.officials}
    agreement_nodes = {}
    for agr in facts.agreements:
        node = NamedNode(iris.agreement(agr.key))
        agreement_nodes[agr.key] = node
        w.add(node, A, LKG("Agreement"))
        w.add(node, A, PROV("Entity"))
        w.add(node, SKOS("prefLabel"), w.text(agr.name, w.lang))
        for alias in sorted(set(agr.aliases) - {agr.name}):
            w.add(node, SKOS("altLabel"), w.text(alias))
        w.add(node, LKG("agreementKind"), w.concept("agreementKind", agr.kind))
        w.add(node, LKG("status"), w.concept("status", agr.status))
        for key in agr.parties:
            w.add(node, LKG("party"), org_nodes.get(key) or NamedNode(iris.organization(key)))
        for key in agr.signatories:
            if key in person_nodes:
                w.add(node, LKG("signatory"), person_nodes[key])
        w.add(node, LKG("date"), _date(agr.date))
        w.add(node, LKG("place"), _place(w, agr.place))
        for t in agr.topics:
            w.add(node, SCHEMA("about"), _topic(w, t))
        w.derived(node)
        w.evidence(node, agr.evidence)
    for meet in facts.meetings:
        node = NamedNode(iris.meeting(meet.key))
        w.add(node, A, LKG("Meeting"))
        w.add(node, A, SCHEMA("Event"))
        w.add(node, LKG("meetingKind"), w.concept("meetingKind", meet.kind))
        names = [o.name for k in meet.participants for o in facts.organizations if o.key == k]
        label = " – ".join(names) or "meeting"
        if meet.date:
            label += f", {meet.date.isoformat()}"
        w.add(node, SKOS("prefLabel"), w.text(label, w.lang))
        for key in meet.participants:
            w.add(node, LKG("participant"), org_nodes.get(key) or NamedNode(iris.organization(key)))
        for key in meet.officials:
            if key in person_nodes:
                w.add(node, SCHEMA("attendee"), person_nodes[key])
        for key in meet.agreements:
            if key in agreement_nodes:
                w.add(node, LKG("signed"), agreement_nodes[key])
        w.add(node, SCHEMA("startDate"), _date(meet.date))
        w.add(node, SCHEMA("location"), _place(w, meet.place))
        for t in meet.topics:
            w.add(node, SCHEMA("about"), _topic(w, t))
        w.derived(node)
        w.evidence(node, meet.evidence)
    return w


def emit(facts: ArticleFacts, content_hash: str | None = None) -> list[Quad]:
    """All quads of one article, sorted, in the article's named graph.

    `content_hash` is the fingerprint of the article as read (before cleaning),
    which the store compares to skip unchanged articles on re-ingest.
    """
    return _write(facts, content_hash).quads()


def emit_text(facts: ArticleFacts, content_hash: str | None = None) -> tuple[str, str, int]:
    """(graph IRI, N-Triples body, triple count): the same graph as `emit`, as text.

    The bulk path: building a Quad object per triple costs more than the
    extraction steps it follows, and the store parses text anyway.
    """
    w = _write(facts, content_hash)
    return w.graph.value, w.body(), len(w.triples)


def _article(w: _Writer, article: Article, content_hash: str) -> None:
    g = w.graph
    w.add(g, A, SCHEMA("NewsArticle"))
    w.add(g, A, PROV("Entity"))
    w.add(g, LKG("sourceFile"), Literal(article.source))
    w.add(g, LKG("articleKey"), Literal(article.key))
    w.add(g, LKG("contentHash"), Literal(content_hash))
    w.add(g, SCHEMA("headline"), w.text(article.title))
    if article.url:
        w.add(g, SCHEMA("url"), Literal(article.url, datatype=XSD("anyURI")))
    w.add(g, SCHEMA("datePublished"), _date(article.published))
    w.add(g, SCHEMA("inLanguage"), Literal(w.lang))
    w.add(g, LKG("publisherName"), w.text(article.publisher))


def _organization(w: _Writer, org: Organization) -> NamedNode:
    node = NamedNode(iris.organization(org.key))
    w.add(node, A, ORG("Organization"))
    w.add(node, A, ORG_CLASSES.get(org.kind, ORG("FormalOrganization")))
    w.add(node, LKG("orgKind"), w.concept("orgKind", org.kind))
    labels = dict(org.labels)
    labels[w.lang] = org.name  # the name as this article's language says it
    for lang, label in sorted(labels.items()):
        w.add(node, SKOS("prefLabel"), w.text(label, lang))
    for alias in sorted(set(org.aliases) - set(labels.values())):
        w.add(node, SKOS("altLabel"), w.text(alias))
    if org.parent:
        w.add(node, ORG("subOrganizationOf"), NamedNode(iris.organization(org.parent)))
    if org.country and org.kind != "country":
        w.add(node, LKG("country"), NamedNode(iris.organization(org.country)))
    w.derived(node)
    w.evidence(node, org.evidence)
    return node


def _official(w: _Writer, off: Official, org_nodes: dict[str, NamedNode]) -> NamedNode:
    person = NamedNode(iris.person(off.key))
    w.add(person, A, SCHEMA("Person"))
    w.add(person, A, LKG("Official"))
    w.add(person, SKOS("prefLabel"), w.text(off.name))
    w.add(person, SCHEMA("name"), w.text(off.name))
    for alias in sorted(set(off.aliases) - {off.name}):
        w.add(person, SKOS("altLabel"), w.text(alias))
    w.add(w.graph, LKG("mentions"), person)
    if off.country:
        w.add(person, SCHEMA("nationality"), NamedNode(iris.organization(off.country)))
    if not off.role and not off.agency:
        return person
    agency_key = off.agency[0] if off.agency else None
    agency = (org_nodes.get(agency_key) or NamedNode(iris.organization(agency_key))) if agency_key else None
    role = None
    if off.role:
        role = NamedNode(iris.role(off.role_key or off.role))
        w.add(role, A, ORG("Role"))
        w.add(role, SKOS("prefLabel"), w.text(off.role, w.lang))
        for alias in sorted(set(off.role_aliases) - {off.role}):
            w.add(role, SKOS("altLabel"), w.text(alias))
    if role is not None and agency is not None:
        post = NamedNode(iris.post(off.role_key or off.role, agency_key))
        w.add(post, A, ORG("Post"))
        w.add(post, ORG("postIn"), agency)
        w.add(post, ORG("role"), role)
        w.add(post, ORG("heldBy"), person)
        w.add(person, ORG("holds"), post)
        w.add(post, SKOS("prefLabel"), w.text(off.role, w.lang))
        w.derived(post)
        w.evidence(post, off.evidence)
    membership = NamedNode(iris.membership(off.key, off.role_key or off.role or "",
                                           agency_key or "", w.article.key))
    w.add(membership, A, ORG("Membership"))
    w.add(membership, ORG("member"), person)
    if agency is not None:
        w.add(membership, ORG("organization"), agency)
    w.add(membership, ORG("role"), role)
    for key in off.agency[1:]:
        w.add(membership, LKG("agency"), org_nodes.get(key) or NamedNode(iris.organization(key)))
    observed = w.article.published
    if observed:
        during = NamedNode(iris.interval(membership.value))
        instant = NamedNode(during.value + "/observed")
        w.add(membership, ORG("memberDuring"), during)
        w.add(during, A, TIME("Interval"))
        w.add(during, TIME("inside"), instant)
        w.add(instant, A, TIME("Instant"))
        w.add(instant, TIME("inXSDDate"), _date(observed))
        w.add(membership, LKG("observedOn"), _date(observed))
    w.derived(membership)
    w.evidence(membership, off.evidence)
    return person


def _place(w: _Writer, name: str | None) -> NamedNode | None:
    if not name:
        return None
    node = NamedNode(iris.place(name))
    w.add(node, A, SCHEMA("Place"))
    w.add(node, SKOS("prefLabel"), w.text(name, w.lang))
    return node


def _topic(w: _Writer, name: str) -> NamedNode:
    node = NamedNode(iris.topic(name))
    w.add(node, A, SKOS("Concept"))
    w.add(node, SKOS("inScheme"), LKG("Topics"))
    w.add(node, SKOS("prefLabel"), w.text(name, w.lang))
    return node


__all__ = ["emit", "fingerprint", "EXTRACTOR_VERSION"]
