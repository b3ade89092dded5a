"""The knowledge graph as a networkx graph: for drawing, and for network analysis in notebooks.

A handful of bulk SPARQL SELECTs over the store (never one query per node) feed a
plain-Python picture of the entities; each view is then built from that picture.
Node ids are entity IRIs. Everything is inserted in sorted order, so the same
store always gives the same graph.

Node attributes: label, labels (language -> label, "und" for untagged names),
aliases, type (one of NODE_TYPES), dates (ISO strings), date (the date used by
the since/until filter), sources (article source files), evidence (sentences),
quotes ((sentence, source) pairs), and per type: kind, status, url, iri.
Edge attributes: relation, weight (number of sources; in the organisations and
people views the number of shared agreements and meetings), sources (the articles
that support the edge), and in those views the agreements/meetings themselves.
Graph attributes: view, since, until, articles (source file -> metadata) and facts
(agreement/meeting IRI -> type, label, kind, date, parties, sources): the dated
events that time series and partner rankings count.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

VIEWS = ("full", "organizations", "people", "agreements")
NODE_TYPES = ("official", "role", "agency", "country", "international", "programme", "union",
              "employer", "agreement", "meeting", "article", "place")
ORG_TYPES = frozenset({"agency", "country", "international", "programme", "union", "employer"})
DATED_TYPES = frozenset({"agreement", "meeting"})

_LKG = "https://w3id.org/labourkg/ontology#"
_ORG = "http://www.w3.org/ns/org#"
_SCHEMA = "https://schema.org/"
_ID = "https://w3id.org/labourkg/id/"

_PREFIXES = f"""
PREFIX lkg: <{_LKG}>
PREFIX org: <{_ORG}>
PREFIX schema: <{_SCHEMA}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

# Class -> node type, most specific first; organisations prefer their lkg:orgKind.
_CLASS_TYPES = (
    (_SCHEMA + "NewsArticle", "article"),
    (_LKG + "Official", "official"),
    (_LKG + "Agreement", "agreement"),
    (_LKG + "Meeting", "meeting"),
    (_SCHEMA + "Country", "country"),
    (_LKG + "IntergovernmentalOrganization", "international"),
    (_LKG + "Programme", "programme"),
    (_SCHEMA + "WorkersUnion", "union"),
    (_LKG + "Employer", "employer"),
    (_ORG + "Organization", "agency"),
    (_ORG + "Post", "role"),
    (_SCHEMA + "Place", "place"),
)
_CLASS_RANK = {iri: (rank, kind) for rank, (iri, kind) in enumerate(_CLASS_TYPES)}
_ORG_KIND_TYPES = {"government": "agency", "intergovernmental": "international", "country": "country",
                   "programme": "programme", "union": "union", "employer": "employer",
                   "ngo": "agency", "other": "agency"}
# IRI path segment -> type, for entities referenced but never typed (a party known only by key).
_PATH_TYPES = {"country": "country", "org": "agency", "person": "official", "agreement": "agreement",
               "meeting": "meeting", "place": "place", "post": "role", "role": "role",
               "article": "article"}

_RELATIONS = {
    _ORG + "holds": "holds",
    _ORG + "postIn": "postIn",
    _ORG + "subOrganizationOf": "subOrganizationOf",
    _LKG + "country": "country",
    _LKG + "party": "party",
    _LKG + "participant": "participant",
    _SCHEMA + "attendee": "attendee",
    _LKG + "signatory": "signatory",
    _LKG + "signed": "signed",
    _LKG + "place": "place",
    _SCHEMA + "location": "location",
    _LKG + "mentions": "mentions",
}
# What an article's "mentions" edge may point at: the facts, not their scaffolding.
_MENTIONABLE = frozenset({"official", "agreement", "meeting"}) | ORG_TYPES

_Q_TYPES = _PREFIXES + """
SELECT DISTINCT ?s ?t ?src WHERE {
  GRAPH ?g { ?s a ?t . ?g lkg:sourceFile ?src }
  VALUES ?t { %s }
}""" % " ".join(f"<{iri}>" for iri, _ in _CLASS_TYPES)

# Joins inside one article graph (GRAPH ?g): every graph carries its concepts and posts,
# and a join over the union default graph multiplies the copies (12 s vs 50 ms at 1k articles).
# Articles may disagree on a kind or status: the one most articles give wins (then the
# first by name), as labels do, so that any read of the same store picks the same.
_Q_KINDS = _PREFIXES + """
SELECT ?s ?p ?kind (COUNT(DISTINCT ?g) AS ?n) WHERE {
  VALUES ?p { lkg:orgKind lkg:agreementKind lkg:meetingKind lkg:status }
  GRAPH ?g { ?s ?p ?c . ?c skos:notation ?kind }
} GROUP BY ?s ?p ?kind"""

_Q_LABELS = _PREFIXES + """
SELECT ?s ?l (LANG(?l) AS ?lang) (COUNT(DISTINCT ?g) AS ?n) WHERE {
  GRAPH ?g { ?s skos:prefLabel ?l }
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), "%s"))
} GROUP BY ?s ?l""" % _ID

_Q_ALIASES = _PREFIXES + """
SELECT DISTINCT ?s ?l WHERE {
  ?s skos:altLabel ?l
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), "%s"))
}""" % _ID

_Q_EDGES = _PREFIXES + """
SELECT DISTINCT ?s ?p ?o ?src WHERE {
  VALUES ?p { %s }
  GRAPH ?g { ?s ?p ?o . ?g lkg:sourceFile ?src }
}""" % " ".join(f"<{iri}>" for iri in _RELATIONS)

_Q_MEMBERSHIPS = _PREFIXES + """
SELECT DISTINCT ?m ?person ?org ?role ?observed ?src WHERE {
  GRAPH ?g {
    ?m a org:Membership ; org:member ?person . ?g lkg:sourceFile ?src .
    OPTIONAL { ?m org:organization ?org }
    OPTIONAL { ?m org:role ?role }
    OPTIONAL { ?m lkg:observedOn ?observed }
  }
}"""

_Q_MEMBERSHIP_EVIDENCE = _PREFIXES + """
SELECT DISTINCT ?person ?sentence ?src WHERE {
  GRAPH ?g {
    ?m a org:Membership ; org:member ?person ; lkg:evidence ?ev .
    ?ev lkg:sentence ?sentence . ?g lkg:sourceFile ?src
  }
}"""

_Q_POSTS = _PREFIXES + """
SELECT DISTINCT ?post ?org ?role WHERE {
  GRAPH ?g { ?post a org:Post ; org:postIn ?org ; org:role ?role }
}"""

_Q_NATIONALITY = _PREFIXES + """
SELECT DISTINCT ?person ?country ?src WHERE {
  GRAPH ?g { ?person a lkg:Official ; schema:nationality ?country . ?g lkg:sourceFile ?src }
}"""

_Q_EVIDENCE = _PREFIXES + """
SELECT DISTINCT ?fact ?sentence ?src WHERE {
  GRAPH ?g { ?fact lkg:evidence ?ev . ?ev lkg:sentence ?sentence . ?g lkg:sourceFile ?src }
}"""

_Q_DATES = _PREFIXES + """
SELECT DISTINCT ?s ?d WHERE {
  VALUES ?p { lkg:date schema:startDate schema:datePublished }
  ?s ?p ?d
}"""

_Q_ARTICLES = _PREFIXES + """
SELECT ?g ?src ?url ?headline ?published ?lang ?publisher WHERE {
  GRAPH ?g {
    ?g a schema:NewsArticle ; lkg:sourceFile ?src .
    OPTIONAL { ?g schema:url ?url }
    OPTIONAL { ?g schema:headline ?headline }
    OPTIONAL { ?g schema:datePublished ?published }
    OPTIONAL { ?g schema:inLanguage ?lang }
    OPTIONAL { ?g lkg:publisherName ?publisher }
  }
}"""


@dataclass
class _Entity:
    iri: str
    type: str = ""
    rank: int = 99
    pref: dict[tuple[str, str], int] = field(default_factory=dict)   # (lang, label) -> graphs
    alt: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    quotes: set[tuple[str, str]] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    extra: dict[str, object] = field(default_factory=dict)


@dataclass
class _Facts:
    """Everything the views are built from, read with a few bulk queries."""

    entities: dict[str, _Entity]
    edges: dict[tuple[str, str, str], set[str]]        # (s, relation, o) -> sources
    articles: dict[str, dict[str, str | None]]         # source file -> metadata

    def entity(self, iri: str) -> _Entity:
        ent = self.entities.get(iri)
        if ent is None:
            ent = self.entities[iri] = _Entity(iri)
        return ent


def as_date(value, name: str = "date") -> date | None:
    """A date from a date or an ISO string (YYYY-MM-DD); None stays None."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a date (write YYYY-MM-DD)") from None


def to_networkx(kg, view: str = "full", since: date | str | None = None,
                until: date | str | None = None) -> nx.MultiDiGraph:
    """The graph (or one of its views) as a networkx MultiDiGraph with IRIs as node ids.

    Views: "full" (every entity and fact), "organizations" (organisations and
    countries linked by the agreements and meetings they share), "people"
    (officials linked when they attend the same meeting), "agreements" (bipartite
    organisation-agreement). `since`/`until` keep only agreements and meetings
    dated in the range (undated ones are dated by the earliest article reporting
    them, and dropped when that is unknown too) and articles published in it;
    entities left with no edge by that filter are dropped as well.
    """
    return to_networkx_views(kg, (view,), since, until)[view]


def to_networkx_views(kg, views=VIEWS, since: date | str | None = None,
                      until: date | str | None = None) -> dict[str, nx.MultiDiGraph]:
    """Several views from one read of the store (analysis needs two of them)."""
    for view in views:
        if view not in VIEWS:
            raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    since, until = as_date(since, "since"), as_date(until, "until")
    if since and until and since > until:
        raise ValueError(f"since {since} is after until {until}")
    facts = _read(kg)
    dropped = _date_filter(facts, since, until)
    events = _events(facts, dropped)
    out = {}
    for view in views:
        graph = _BUILDERS[view](facts, dropped)
        graph.graph.update(view=view, articles=facts.articles, facts=events,
                           since=since.isoformat() if since else None,
                           until=until.isoformat() if until else None)
        out[view] = graph
    return out


# -- reading ------------------------------------------------------------------------------


def _rows(kg, sparql: str) -> list[dict[str, str | None]]:
    return kg.query(sparql).rows


def _read(kg) -> _Facts:
    """The whole store, with a dozen bulk queries."""
    facts = _Facts({}, defaultdict(set), {})
    _add_types(facts, _rows(kg, _Q_TYPES))
    _add_kinds(facts, _rows(kg, _Q_KINDS))
    _add_articles(facts, _rows(kg, _Q_ARTICLES))
    aliases = _alias_map(_rows(kg, _Q_ALIASES))
    _add_edges(facts, _rows(kg, _Q_EDGES))
    post_of = {(r["org"], r["role"]): r["post"] for r in _rows(kg, _Q_POSTS)}
    memberships = _rows(kg, _Q_MEMBERSHIPS)
    held = {(s, o) for (s, rel, o) in facts.edges if rel == "holds"}
    _membership_edges(facts.edges, post_of, held, memberships, _rows(kg, _Q_NATIONALITY))
    _membership_facts(facts, post_of, memberships, _rows(kg, _Q_MEMBERSHIP_EVIDENCE), aliases)
    # labels, aliases and dates last: memberships may have added people and roles
    _add_details(facts, _rows(kg, _Q_LABELS), aliases, _rows(kg, _Q_DATES), _rows(kg, _Q_EVIDENCE))
    _untyped(facts)
    return facts


# The steps below turn the rows of one query into facts. Each step only touches the
# entities its rows are about, so rows read for some entities only (Neighbourhood)
# give those entities exactly what the whole store gives them.


def _add_types(facts: _Facts, rows) -> None:
    for row in rows:
        ent = facts.entity(row["s"])
        # a Neighbourhood reads an entity's classes and its sources apart (None: not read)
        if row["src"] is not None:
            ent.sources.add(row["src"])
        if row["t"] is not None and _CLASS_RANK[row["t"]][0] < ent.rank:
            ent.rank, ent.type = _CLASS_RANK[row["t"]]


def _add_kinds(facts: _Facts, rows) -> None:
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for row in rows:
        key, pick = (row["s"], row["p"]), (-int(row["n"]), row["kind"])
        if key not in best or pick < best[key]:
            best[key] = pick
    for (iri, pred), (_n, kind) in sorted(best.items()):
        ent = facts.entities.get(iri)
        if ent is None:
            continue
        pred = pred.rsplit("#", 1)[-1]
        if pred == "orgKind":
            ent.extra["kind"] = kind
            if ent.type in ORG_TYPES:
                ent.type = _ORG_KIND_TYPES.get(kind, "agency")
        elif pred == "status":
            ent.extra["status"] = kind
        else:
            ent.extra["kind"] = kind


def _add_articles(facts: _Facts, rows, nodes=None) -> None:
    """Article metadata by source file; the articles themselves become nodes (only
    those in `nodes` when given)."""
    for row in rows:
        meta = {"url": row["url"], "headline": row["headline"], "published": row["published"],
                "language": row["lang"], "publisher": row["publisher"], "iri": row["g"]}
        facts.articles[row["src"]] = meta
        if nodes is not None and row["g"] not in nodes:
            continue
        ent = facts.entity(row["g"])
        ent.extra.update(url=row["url"], source=row["src"])
        if row["headline"]:
            ent.pref[("und", row["headline"])] = 1
            ent.alt.add(row["src"])
        else:
            ent.pref[("und", row["src"])] = 1


def _alias_map(rows) -> dict[str, set[str]]:
    aliases: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        aliases[row["s"]].add(row["l"])
    return aliases


def _add_edges(facts: _Facts, rows) -> None:
    """Relation edges; an article's mentions only of typed facts (see _MENTIONABLE)."""
    for row in rows:
        relation = _RELATIONS[row["p"]]
        if relation == "mentions":
            target = facts.entities.get(row["o"])
            if target is None or target.type not in _MENTIONABLE:
                continue
        facts.edges[(row["s"], relation, row["o"])].add(row["src"])


def _membership_edges(edges, post_of: dict, held: set, rows, nationality_rows,
                      linked: set[str] | None = None) -> None:
    """Memberships are not drawn: they link officials to an agency or role that no
    post of theirs already shows; an official linked to neither gets a nationality edge.
    `linked` (officials with an agency or role) defaults to the people of `rows`."""
    if linked is None:
        linked = {r["person"] for r in rows if r["org"] or r["role"]}
    for row in rows:
        person_iri, org_iri, role_iri, src = row["person"], row["org"], row["role"], row["src"]
        post = post_of.get((org_iri, role_iri))
        if post is not None and (person_iri, post) in held:
            continue
        if org_iri:
            edges[(person_iri, "memberOf", org_iri)].add(src)
        elif role_iri:
            edges[(person_iri, "holds", role_iri)].add(src)
    for row in nationality_rows:
        if row["person"] not in linked:
            edges[(row["person"], "nationality", row["country"])].add(row["src"])


def _membership_facts(facts: _Facts, post_of: dict, rows, evidence_rows,
                      aliases: dict[str, set[str]]) -> None:
    """What memberships say about their people, posts and roles: dates, evidence, the
    role's aliases on its posts; a role held without an agency becomes a node."""
    for (_org, role), post in post_of.items():
        if post in facts.entities:
            facts.entities[post].alt |= aliases.get(role, set())
    for row in rows:
        person_iri, org_iri, role_iri, src = row["person"], row["org"], row["role"], row["src"]
        person = facts.entity(person_iri)
        post = post_of.get((org_iri, role_iri))
        if row["observed"]:
            person.dates.add(row["observed"])
            if post is not None and post in facts.entities:
                facts.entities[post].dates.add(row["observed"])
        if not org_iri and role_iri:
            role = facts.entity(role_iri)
            role.type = role.type or "role"
            role.sources.add(src)
    for row in evidence_rows:
        person = facts.entities.get(row["person"])
        if person is not None:
            person.quotes.add((row["sentence"], row["src"]))


def _add_details(facts: _Facts, label_rows, aliases: dict[str, set[str]], date_rows,
                 evidence_rows) -> None:
    """Labels (with the number of articles giving each), aliases, dates and evidence of
    the entities already known."""
    for row in label_rows:
        ent = facts.entities.get(row["s"])
        if ent is not None and ent.type != "article":
            ent.pref[(row["lang"] or "und", row["l"])] = int(row["n"])
    for iri, names in aliases.items():
        if iri in facts.entities:
            facts.entities[iri].alt |= names
    for row in date_rows:
        ent = facts.entities.get(row["s"])
        if ent is not None:
            ent.dates.add(row["d"])
    for row in evidence_rows:
        ent = facts.entities.get(row["fact"])
        if ent is not None:
            ent.quotes.add((row["sentence"], row["src"]))


def _untyped(facts: _Facts) -> None:
    """An entity only referenced (a party known by its key alone) still becomes a node."""
    for s, _rel, o in facts.edges:
        for iri in (s, o):
            _name_untyped(facts.entity(iri))


def _path_type(iri: str) -> str:
    path = iri[len(_ID):].split("/") if iri.startswith(_ID) else []
    return _PATH_TYPES.get(path[0], "agency") if path else "agency"


def _name_untyped(ent: _Entity) -> None:
    """Type an untyped entity by its IRI's path, and name it by its tail if it has no label."""
    if ent.type:
        return
    iri = ent.iri
    path = iri[len(_ID):].split("/") if iri.startswith(_ID) else []
    ent.type = _path_type(iri)
    if not ent.pref:
        tail = path[-1] if path else iri.rstrip("/#").rsplit("/", 1)[-1]
        ent.pref[("und", tail.replace("-", " ") or iri)] = 0


# -- dates --------------------------------------------------------------------------------


def _date_filter(facts: _Facts, since: date | None, until: date | None) -> set[str]:
    """Date every agreement, meeting and article; return those outside [since, until]."""
    published = {src: meta["published"] for src, meta in facts.articles.items()}
    lo = since.isoformat() if since else None
    hi = until.isoformat() if until else None
    dropped = set()
    for iri, ent in facts.entities.items():
        if _dated(ent, published, lo, hi):
            dropped.add(iri)
    return dropped


def _dated(ent: _Entity, published: dict, lo: str | None, hi: str | None) -> bool:
    """Date one agreement, meeting or article (undated events by the earliest article
    reporting them); whether it falls outside [lo, hi]."""
    if ent.type not in DATED_TYPES and ent.type != "article":
        return False
    when = min(ent.dates) if ent.dates else None
    if when is None and ent.type != "article":
        reported = [published[s] for s in ent.sources if published.get(s)]
        when = min(reported) if reported else None
    ent.extra["date"] = when
    if lo is None and hi is None:
        return False
    return when is None or (lo is not None and when < lo) or (hi is not None and when > hi)


def _events(facts: _Facts, dropped: set[str], only=None) -> dict[str, dict]:
    """The agreements and meetings kept by the date filter (those in `only` when given),
    with their parties."""
    ends = {"agreement": _by_relation(facts, "party", dropped),
            "meeting": _by_relation(facts, "participant", dropped)}
    out = {}
    for iri in sorted(facts.entities if only is None else set(only) & set(facts.entities)):
        ent = facts.entities[iri]
        if ent.type not in DATED_TYPES or iri in dropped:
            continue
        attrs = _node_attrs(ent)
        parties = sorted(o for o in ends[ent.type].get(iri, {})
                         if facts.entities[o].type in ORG_TYPES)
        out[iri] = {"type": ent.type, "label": attrs["label"], "kind": attrs.get("kind"),
                    "date": attrs["date"], "parties": parties, "sources": attrs["sources"]}
    return out


# -- views --------------------------------------------------------------------------------


def _node_attrs(ent: _Entity) -> dict:
    labels: dict[str, str] = {}
    for (lang, label), count in sorted(ent.pref.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
        labels.setdefault(lang, label)
    label = (labels.get("id") or labels.get("en") or labels.get("und")
             or next(iter(labels.values()), ent.iri))
    others = {lbl for (_lang, lbl) in ent.pref} | ent.alt
    attrs = {
        "label": label,
        "labels": labels,
        "aliases": sorted(others - set(labels.values())),
        "type": ent.type,
        "dates": sorted(ent.dates),
        "date": ent.extra.get("date"),
        "sources": sorted(ent.sources),
        "evidence": sorted({sentence for sentence, _src in ent.quotes}),
        "quotes": sorted(ent.quotes),
        "iri": ent.iri,
    }
    for key in ("kind", "status", "url"):
        if ent.extra.get(key) is not None:
            attrs[key] = ent.extra[key]
    return attrs


def _new_graph(facts: _Facts, iris) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for iri in sorted(iris):
        graph.add_node(iri, **_node_attrs(facts.entities[iri]))
    return graph


def _add_edge(graph: nx.MultiDiGraph, s: str, relation: str, o: str, sources, **extra) -> None:
    sources = sorted(sources)
    graph.add_edge(s, o, key=relation, relation=relation, weight=max(1, len(sources)),
                   sources=sources, **extra)


def _prune(graph: nx.MultiDiGraph, facts: _Facts, dropped: set[str]) -> nx.MultiDiGraph:
    """Drop what the date filter left stranded: nodes that only hung on dropped facts."""
    if not dropped:
        return graph
    touched = {x for (s, _r, o) in facts.edges if s in dropped or o in dropped for x in (s, o)}
    graph.remove_nodes_from(sorted(n for n in touched if n in graph and graph.degree(n) == 0))
    return graph


def _full(facts: _Facts, dropped: set[str]) -> nx.MultiDiGraph:
    keep = {iri for iri, ent in facts.entities.items() if ent.type in NODE_TYPES} - dropped
    graph = _new_graph(facts, keep)
    for (s, rel, o) in sorted(facts.edges):
        if s in keep and o in keep:
            _add_edge(graph, s, rel, o, facts.edges[(s, rel, o)])
    return _prune(graph, facts, dropped)


def _by_relation(facts: _Facts, relation: str, dropped: set[str]) -> dict[str, dict[str, set[str]]]:
    """fact -> {other end: sources} for one relation, without dropped facts."""
    out: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for (s, rel, o), sources in facts.edges.items():
        if rel == relation and s not in dropped:
            out[s][o] = sources
    return out


def _pairs(ends: dict[str, set[str]], keep) -> list[tuple[str, str, set[str]]]:
    """Every pair of kept ends of one fact, with the sources stating both (else either)."""
    members = sorted(e for e in ends if e in keep)
    out = []
    for u, v in itertools.combinations(members, 2):
        both = ends[u] & ends[v]
        out.append((u, v, both or (ends[u] | ends[v])))
    return out


def _organizations(facts: _Facts, dropped: set[str]) -> nx.MultiDiGraph:
    keep = {iri for iri, ent in facts.entities.items() if ent.type in ORG_TYPES}
    graph = _new_graph(facts, keep)
    links: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(
        lambda: {"agreements": set(), "meetings": set(), "sources": set()})
    for relation, bucket in (("party", "agreements"), ("participant", "meetings")):
        for fact, ends in _by_relation(facts, relation, dropped).items():
            for u, v, sources in _pairs(ends, keep):
                links[(u, v)][bucket].add(fact)
                links[(u, v)]["sources"] |= sources
    for (u, v) in sorted(links):
        link = links[(u, v)]
        sources = sorted(link["sources"])
        graph.add_edge(u, v, key="partners", relation="partners",
                       weight=len(link["agreements"]) + len(link["meetings"]), sources=sources,
                       agreements=sorted(link["agreements"]), meetings=sorted(link["meetings"]))
    for (s, rel, o) in sorted(facts.edges):
        if rel in ("subOrganizationOf", "country") and s in keep and o in keep:
            _add_edge(graph, s, rel, o, facts.edges[(s, rel, o)])
    return _prune(graph, facts, dropped)


def _people(facts: _Facts, dropped: set[str]) -> nx.MultiDiGraph:
    officials = {iri for iri, ent in facts.entities.items() if ent.type == "official"}
    attended = _by_relation(facts, "attendee", dropped)
    keep = {p for ends in attended.values() for p in ends if p in officials}
    graph = _new_graph(facts, keep)
    met: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(
        lambda: {"meetings": set(), "sources": set()})
    for meeting, ends in attended.items():
        for u, v, sources in _pairs(ends, keep):
            met[(u, v)]["meetings"].add(meeting)
            met[(u, v)]["sources"] |= sources
    for (u, v) in sorted(met):
        graph.add_edge(u, v, key="met", relation="met", weight=len(met[(u, v)]["meetings"]),
                       sources=sorted(met[(u, v)]["sources"]), meetings=sorted(met[(u, v)]["meetings"]))
    return graph


def _agreements(facts: _Facts, dropped: set[str]) -> nx.MultiDiGraph:
    parties = _by_relation(facts, "party", dropped)
    agreements = {iri for iri, ent in facts.entities.items()
                  if ent.type == "agreement" and iri not in dropped}
    orgs = {o for a in agreements for o in parties.get(a, {})
            if facts.entities[o].type in ORG_TYPES}
    graph = _new_graph(facts, agreements | orgs)
    for node in graph:
        graph.nodes[node]["bipartite"] = 1 if node in agreements else 0
    for a in sorted(agreements):
        for o in sorted(parties.get(a, {})):
            if o in orgs:
                _add_edge(graph, a, "party", o, parties[a][o])
    return graph


_BUILDERS = {"full": _full, "organizations": _organizations, "people": _people, "agreements": _agreements}


__all__ = ["to_networkx", "to_networkx_views", "Neighbourhood", "as_date", "VIEWS", "NODE_TYPES",
           "ORG_TYPES"]
