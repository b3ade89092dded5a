"""Reading only around chosen entities, for `labourkg viz --focus/--partner`.

A few hops of the graph need a few thousand rows, not the whole store: a Neighbourhood
reads, per entity, only what the view needs to know about it, through the store's
indexes (VALUES lists of IRIs, chunked), and hands the rows to the same steps
`network._read` runs on the whole store, so the graph it builds is the one the whole
read would give for those nodes (tests/test_viz_scoped.py compares them).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date

import networkx as nx

from labourkg.graph.network import (DATED_TYPES, NODE_TYPES, ORG_TYPES, VIEWS, _BUILDERS,
                                    _CLASS_TYPES, _Entity, _Facts, _ID, _LKG, _ORG, _PREFIXES,
                                    _RELATIONS, _SCHEMA, _add_articles, _add_details, _add_edges,
                                    _add_kinds, _add_types, _alias_map, _date_filter, _dated,
                                    _events, _full, _membership_edges, _membership_facts,
                                    _name_untyped, _node_attrs, _path_type, as_date)

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_KIND_PREDICATES = (_LKG + "orgKind", _LKG + "agreementKind", _LKG + "meetingKind", _LKG + "status")
_EVENT_ENDS = frozenset({"party", "participant", "attendee"})


def _iri_list(iris) -> str:
    return ", ".join(f"<{i}>" for i in iris)


# The same questions as the _Q_* above, for a list of entities (%s: a VALUES list).
# Measured on 10k articles: one triple pattern with VALUES ?s is planned as an index
# read per entity (labels of 372 entities: 0.15 s); a predicate as a constant, one
# UNION branch each, reads only its triples, where FILTER(?p IN ...) reads all of a
# hub's (dates: 0.025 s vs 0.4 s); a second VALUES list costs 4x FILTER IN;
# `?g lkg:sourceFile ?src` joined in is planned as a scan (19 s), and the membership
# join with its OPTIONALs as a worse one (170 s): those joins are made in Python.


def _each(predicates, pattern: str) -> str:
    """A UNION branch per predicate, ?p bound to it: `pattern` uses <P> for it."""
    return " UNION ".join("{ %s BIND(<%s> AS ?p) }" % (pattern.replace("<P>", f"<{p}>"), p)
                          for p in predicates)


# (the join written as nested EXISTS: 0.02 s for 372 entities, joined 1.2 s)
_Q_CLASSES_OF = _PREFIXES + """
SELECT ?s ?t WHERE {
  VALUES ?s { %%s }
  VALUES ?t { %s }
  FILTER EXISTS { GRAPH ?g { ?s a ?t } FILTER EXISTS { GRAPH ?g { ?g lkg:sourceFile ?src } } }
}""" % " ".join(f"<{iri}>" for iri, _ in _CLASS_TYPES)

# the graphs where each entity has one of the classes (its sources; the classes: above)
_Q_TYPED_IN = _PREFIXES + """
SELECT DISTINCT ?s ?g WHERE {
  VALUES ?s { %%s }
  GRAPH ?g { ?s a ?t }
  FILTER(?t IN (%s))
}""" % _iri_list(iri for iri, _ in _CLASS_TYPES)

_Q_KINDS_OF = _PREFIXES + """
SELECT ?s ?p ?kind (COUNT(DISTINCT ?g) AS ?n) WHERE {
  VALUES ?s { %%s }
  GRAPH ?g { { %s } ?c skos:notation ?kind }
} GROUP BY ?s ?p ?kind""" % _each(_KIND_PREDICATES, "?s <P> ?c")

_Q_LABELS_OF = _PREFIXES + """
SELECT ?s ?l (LANG(?l) AS ?lang) (COUNT(DISTINCT ?g) AS ?n) WHERE {
  VALUES ?s { %s }
  GRAPH ?g { ?s skos:prefLabel ?l }
} GROUP BY ?s ?l"""

_Q_ALIASES_OF = _PREFIXES + """
SELECT DISTINCT ?s ?l WHERE {
  VALUES ?s { %s }
  ?s skos:altLabel ?l
}"""

_Q_DATES_OF = _PREFIXES + """
SELECT DISTINCT ?s ?d WHERE {
  VALUES ?s { %%s }
  %s
}""" % _each((_LKG + "date", _SCHEMA + "startDate", _SCHEMA + "datePublished"), "?s <P> ?d")

_Q_EVIDENCE_OF = _PREFIXES + """
SELECT DISTINCT ?s ?sentence ?g WHERE {
  VALUES ?s { %s }
  GRAPH ?g { ?s lkg:evidence ?ev . ?ev lkg:sentence ?sentence }
}"""

_Q_EDGES_FROM = _PREFIXES + """
SELECT DISTINCT ?s ?p ?o ?g WHERE {
  VALUES ?s { %%s }
  GRAPH ?g { %s }
}""" % _each(_RELATIONS, "?s <P> ?o")

_Q_EDGES_TO = _PREFIXES + """
SELECT DISTINCT ?s ?p ?o ?g WHERE {
  VALUES ?o { %%s }
  GRAPH ?g { %s }
}""" % _each(_RELATIONS, "?s <P> ?o")

# ?s of a triple whose object is one of the list, by one predicate (%s: list, predicate)
_Q_SUBJECTS_OF = _PREFIXES + """
SELECT DISTINCT ?s ?o ?g WHERE {
  VALUES ?o { %s }
  GRAPH ?g { ?s <%s> ?o }
}"""

# the triples of the listed subjects by some predicates (%s: list, _iri_list(...)); for
# small subjects (memberships, articles) one read of all their triples beats a UNION
_Q_TRIPLES_OF = _PREFIXES + """
SELECT DISTINCT ?s ?p ?o ?g WHERE {
  VALUES ?s { %s }
  GRAPH ?g { ?s ?p ?o }
  FILTER(?p IN (%s))
}"""

# an article graph's own triples (%s: graphs, _iri_list(predicates)): naming the graph
# reads half as much as naming the subject in any graph
_Q_ARTICLE_TRIPLES = _PREFIXES + """
SELECT DISTINCT ?g ?p ?o WHERE {
  VALUES ?g { %s }
  GRAPH ?g { ?g ?p ?o }
  FILTER(?p IN (%s))
}"""

_Q_NATIONALITY_OF = _PREFIXES + """
SELECT DISTINCT ?person ?country ?g WHERE {
  VALUES ?person { %s }
  GRAPH ?g { ?person schema:nationality ?country . ?person a lkg:Official }
}"""

_Q_POSTS_OF = _PREFIXES + """
SELECT DISTINCT ?post ?org ?role WHERE {
  VALUES ?post { %s }
  GRAPH ?g { ?post org:postIn ?org ; org:role ?role ; a org:Post }
}"""

_MEMBERSHIP_PREDICATES = (_RDF_TYPE, _ORG + "member", _ORG + "organization", _ORG + "role",
                          _LKG + "observedOn", _LKG + "evidence")
_ARTICLE_PREDICATES = (_RDF_TYPE, _LKG + "sourceFile", _SCHEMA + "url", _SCHEMA + "headline",
                       _SCHEMA + "datePublished", _SCHEMA + "inLanguage", _LKG + "publisherName")
_ARTICLE_FIELDS = dict(zip(_ARTICLE_PREDICATES[2:], ("url", "headline", "published", "lang", "publisher")))

_CHUNK = 1000       # entities per VALUES list


class _Lookup:
    """The rows of the bulk queries (_Q_*) for chosen entities only.

    Rows have the keys and values of the matching query's rows, so that the same steps
    (_add_types, _add_edges, ...) read both. The entities go in as VALUES lists of
    single triple patterns, which Oxigraph reads through its indexes (see the note
    above _Q_CLASSES_OF); joins it would plan as scans are made here.
    """

    def __init__(self, kg):
        self._kg = kg
        self._src: dict[str, list[str]] = {}           # graph -> its source files
        self._article: dict[str, dict[str, list[str]]] = {}   # graph -> what it says of itself
        self._graph_of: dict[str, str] = {}            # source file -> its graph
        self._memberships: dict[tuple[str, str], dict] = {}   # (membership, graph) -> predicate -> objects
        self._memo: dict[tuple[str, str], list[dict]] = {}   # (question, entity) -> its rows

    # -- running

    def _select(self, template: str, iris, *args) -> list[tuple]:
        """The solutions for each chunk of `iris`, as tuples of values (None: unbound)."""
        iris = [i for i in dict.fromkeys(iris) if _is_iri(i)]
        out: list[tuple] = []
        for start in range(0, len(iris), _CHUNK):
            text = template % ((" ".join(f"<{i}>" for i in iris[start:start + _CHUNK]),) + args)
            out.extend(self._kg.read(lambda store: [
                tuple(None if t is None else t.value for t in sol)
                for sol in store.query(text, use_default_graph_as_union=True)]))
        return out

    def _sources(self, graphs) -> None:
        """`?g lkg:sourceFile ?src` for the graphs not read yet, with the rest of what the
        article says of itself: a page shows the articles its nodes cite, so most graphs
        whose source file is asked for are asked for as articles too (one read, not two)."""
        new = [g for g in dict.fromkeys(graphs) if g not in self._src]
        for g in new:
            self._src[g] = []
            self._article[g] = defaultdict(list)
        for g, p, o in self._select(_Q_ARTICLE_TRIPLES, new, _iri_list(_ARTICLE_PREDICATES)):
            self._article[g][p].append(o)
            if p == _LKG + "sourceFile" and o not in self._src[g]:
                self._src[g].append(o)
                self._graph_of.setdefault(o, g)

    def _with_sources(self, rows, at: int = -1) -> list[tuple]:
        """Each row once per source file of its graph (the row's item `at`)."""
        self._sources(r[at] for r in rows)
        return [(*r, src) for r in rows for src in self._src[r[at]]]

    def graphs(self, sources) -> list[str]:
        return [self._graph_of[s] for s in sources if s in self._graph_of]

    # -- the rows of the _Q_* queries

    def _memoised(self, name: str, iris, read) -> list[dict]:
        """Rows of entity-keyed questions asked again (a Neighbourhood classifies, then
        describes), read once; `read(new)` gives the new entities' rows, keyed by "s"."""
        iris = list(dict.fromkeys(iris))
        new = [i for i in iris if (name, i) not in self._memo]
        for i in new:
            self._memo[(name, i)] = []
        for row in read(new):
            self._memo[(name, row["s"])].append(row)
        return [row for i in iris for row in self._memo[(name, i)]]

    def classes(self, iris) -> list[dict]:
        """_Q_TYPES rows without their sources: which classes each entity has."""
        return self._memoised("classes", iris, lambda new: [
            {"s": s, "t": t, "src": None} for s, t in self._select(_Q_CLASSES_OF, new)])

    def types(self, iris) -> list[dict]:
        """_Q_TYPES rows: the classes, then the sources (with "t" None)."""
        return self.classes(iris) + self._memoised("sources", iris, lambda new: [
            {"s": s, "t": None, "src": src}
            for s, _g, src in self._with_sources(self._select(_Q_TYPED_IN, new))])

    def kinds(self, iris) -> list[dict]:
        return self._memoised("kinds", iris, lambda new: [
            {"s": s, "p": p, "kind": kind, "n": n} for s, p, kind, n in self._select(_Q_KINDS_OF, new)])

    def labels(self, iris) -> list[dict]:
        return [{"s": s, "l": l, "lang": lang, "n": n} for s, l, lang, n in
                self._select(_Q_LABELS_OF, [i for i in iris if i.startswith(_ID)])]

    def aliases(self, iris) -> list[dict]:
        ids = [i for i in iris if i.startswith(_ID)]
        return [{"s": s, "l": l} for s, l in self._select(_Q_ALIASES_OF, ids)]

    def dates(self, iris) -> list[dict]:
        return [{"s": s, "d": d} for s, d in self._select(_Q_DATES_OF, iris)]

    def evidence(self, iris) -> list[dict]:
        return [{"fact": s, "sentence": sentence, "src": src} for s, sentence, _g, src in
                self._with_sources(self._select(_Q_EVIDENCE_OF, iris))]

    def out_edges(self, iris) -> list[dict]:
        return [{"s": s, "p": p, "o": o, "src": src} for s, p, o, _g, src in
                self._with_sources(self._select(_Q_EDGES_FROM, iris))]

    def in_edges(self, iris) -> list[dict]:
        return [{"s": s, "p": p, "o": o, "src": src} for s, p, o, _g, src in
                self._with_sources(self._select(_Q_EDGES_TO, iris))]

    def holders(self, posts) -> list[dict]:
        """_Q_EDGES rows of people holding these posts."""
        return [{"s": s, "p": _ORG + "holds", "o": o, "src": src} for s, o, _g, src in
                self._with_sources(self._select(_Q_SUBJECTS_OF, posts, _ORG + "holds"))]

    def articles(self, graphs) -> list[dict]:
        graphs = list(dict.fromkeys(graphs))
        self._sources(graphs)
        rows = []
        for g in graphs:
            fields = self._article[g]
            if _SCHEMA + "NewsArticle" not in fields[_RDF_TYPE]:
                continue
            values = [fields[p] or [None] for p in _ARTICLE_FIELDS]
            for src, *row in itertools.product(fields[_LKG + "sourceFile"], *values):
                rows.append({"g": g, "src": src, **dict(zip(_ARTICLE_FIELDS.values(), row))})
        return rows

    def memberships(self, by: str, iris) -> list[dict]:
        """_Q_MEMBERSHIPS rows whose person (by="member"), organisation or role is one of `iris`."""
        found = self._select(_Q_SUBJECTS_OF, iris, _ORG + by)
        self._membership_triples((m, g) for m, _o, g in found)
        rows = []
        for m, _o, g in dict.fromkeys(found):
            po = self._memberships[(m, g)]
            rows.extend({"m": m, "person": person, "org": org, "role": role, "observed": observed, "src": src,
                         "g": g}
                        for person, org, role, observed, src in itertools.product(
                            po.get(_ORG + "member", ()), po.get(_ORG + "organization") or [None],
                            po.get(_ORG + "role") or [None], po.get(_LKG + "observedOn") or [None],
                            self._src[g]))
        return rows

    def _membership_triples(self, pairs) -> None:
        """What each membership says in each graph ({} where it is no org:Membership)."""
        new = [p for p in dict.fromkeys(pairs) if p not in self._memberships]
        if not new:
            return
        graphs = {m: set() for m, _g in new}
        for m, g in new:
            graphs[m].add(g)
            self._memberships[(m, g)] = defaultdict(list)
        for m, p, o, g in self._select(_Q_TRIPLES_OF, list(graphs), _iri_list(_MEMBERSHIP_PREDICATES)):
            if g in graphs[m]:
                self._memberships[(m, g)][p].append(o)
        for key in new:
            if _ORG + "Membership" not in self._memberships[key].get(_RDF_TYPE, ()):
                self._memberships[key] = {}
        self._sources(g for _m, g in new)

    def membership_evidence(self, persons) -> list[dict]:
        found = self._select(_Q_SUBJECTS_OF, persons, _ORG + "member")
        self._membership_triples((m, g) for m, _o, g in found)
        wanted = [(person, ev, g) for m, person, g in dict.fromkeys(found)
                  for ev in self._memberships[(m, g)].get(_LKG + "evidence", ())]
        said: dict[tuple[str, str], list[str]] = defaultdict(list)
        for ev, _p, sentence, g in self._select(_Q_TRIPLES_OF, [ev for _p, ev, _g in wanted],
                                                _iri_list([_LKG + "sentence"])):
            said[(ev, g)].append(sentence)
        return [{"person": person, "sentence": sentence, "src": src}
                for person, ev, g in wanted for sentence in said[(ev, g)] for src in self._src[g]]

    def posts(self, posts) -> list[dict]:
        """_Q_POSTS rows of these posts."""
        return [{"post": post, "org": org, "role": role}
                for post, org, role in self._select(_Q_POSTS_OF, posts)]

    def posts_held(self, rows) -> tuple[dict[tuple[str, str], str], set[tuple[str, str]]]:
        """_read's post_of ((agency, role) -> post) and held ((person, post)), as far as
        they decide these membership rows: whether the person holds the post of the row's
        agency and role. An article states that in the membership's own graph (four
        index lookups); rows not settled there are looked up in the whole store. (post_of
        is one-to-one: a post's IRI is made from its agency's and role's keys.)"""
        from pyoxigraph import NamedNode, Quad

        post_of: dict[tuple[str, str], str] = {}
        held: set[tuple[str, str]] = set()
        unsettled = []

        def in_graph(store) -> None:
            holds, post_in = NamedNode(_ORG + "holds"), NamedNode(_ORG + "postIn")
            role_p = NamedNode(_ORG + "role")
            a, post_class = NamedNode(_RDF_TYPE), NamedNode(_ORG + "Post")
            for r in rows:
                if not (r["org"] and r["role"]):
                    continue            # post_of has no post without an agency and a role
                try:
                    person, org, role, g = (NamedNode(r[k]) for k in ("person", "org", "role", "g"))
                except ValueError:
                    unsettled.append(r)
                    continue
                for q in store.quads_for_pattern(person, holds, None, g):
                    post = q.object
                    if (Quad(post, post_in, org, g) in store and Quad(post, role_p, role, g) in store
                            and Quad(post, a, post_class, g) in store):
                        post_of[(r["org"], r["role"])] = post.value
                        held.add((r["person"], post.value))
                        break
                else:
                    unsettled.append(r)
        self._kg.read(in_graph)
        if unsettled:
            found = self.held(sorted({r["person"] for r in unsettled}))
            for row in self.posts(sorted({post for _p, post in found})):
                post_of.setdefault((row["org"], row["role"]), row["post"])
            held |= found
        return post_of, held

    def held(self, persons) -> set[tuple[str, str]]:
        """(person, post) for the posts these people hold (org:holds, in any graph)."""
        return {(s, o) for s, _p, o, _g in self._select(_Q_TRIPLES_OF, persons, _iri_list([_ORG + "holds"]))}

    def nationality(self, persons) -> list[dict]:
        """_Q_NATIONALITY rows of these people."""
        return [{"person": s, "country": o, "src": src}
                for s, o, _g, src in self._with_sources(self._select(_Q_NATIONALITY_OF, persons))]

    def nationals(self, countries) -> list[str]:
        """Whoever has one of these nationalities, in some graph."""
        return sorted({s for s, _o, _g in self._select(_Q_SUBJECTS_OF, countries, _SCHEMA + "nationality")})

    def linked(self, persons) -> set[str]:
        """The people with a membership naming an agency or a role (_membership_edges' `linked`;
        asked with FILTER EXISTS and a UNION in it, Oxigraph takes 11 s for 100 people)."""
        return {r["person"] for r in self.memberships("member", persons) if r["org"] or r["role"]}


def _is_iri(value) -> bool:
    """Whether `value` can go in a query as <value> (entities are IRIs; anything else
    read as one, a literal object say, has nothing to look up)."""
    if not isinstance(value, str) or not value or any(c in value for c in '<>"{}|^`\\ \n\t'):
        return False
    return ":" in value


class Neighbourhood:
    """One view of the graph, read from the store only around the entities asked about.

    Per entity it reads what the view needs: its type and date (`_classify`), every
    edge touching it (`_expand`), or only the edges it starts (`_read_out`: the last
    hop, where an article mentions a few things but a country is mentioned by
    thousands). `graph(nodes)` is then the view's subgraph on those nodes, with the
    attributes to_networkx gives them (tests/test_viz_scoped.py holds it to that).
    """

    def __init__(self, kg, view: str = "full", since: date | str | None = None,
                 until: date | str | None = None, hide_articles: bool = False):
        if view not in VIEWS:
            raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
        since, until = as_date(since, "since"), as_date(until, "until")
        if since and until and since > until:
            raise ValueError(f"since {since} is after until {until}")
        self.view, self.since, self.until, self.hide_articles = view, since, until, hide_articles
        self._lo = since.isoformat() if since else None
        self._hi = until.isoformat() if until else None
        self._look = _Lookup(kg)
        self._facts = _Facts({}, defaultdict(set), {})   # types, dates and edges read so far
        self._classified: set[str] = set()
        self._role_only: set[str] = set()                 # untyped roles held without an agency
        self._dropped: set[str] = set()
        self._touching: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
        self._expanded: set[str] = set()                  # every edge touching these is known
        self._out: set[str] = set()                       # every edge leaving these is known
        self._among: list[frozenset[str]] = []            # every edge within these is known

    # -- what is known of an entity

    def type_of(self, iri: str) -> str:
        """The node type (an untyped entity is typed by its IRI, as _untyped does)."""
        ent = self._facts.entities.get(iri)
        if ent is not None:
            return ent.type
        return "role" if iri in self._role_only else _path_type(iri)

    def _exists(self, iri: str) -> bool:
        """Typed, or referenced by an edge (known once `iri` is expanded)."""
        return iri in self._facts.entities or bool(self._touching.get(iri))

    def _others(self, iri: str):
        for key in self._touching.get(iri, ()):
            yield (key[2] if key[0] == iri else key[0]), key

    # -- reading

    def _classify(self, iris) -> None:
        """Types and kinds; with a date range, the dates that decide what it drops."""
        new = [i for i in dict.fromkeys(iris) if i not in self._classified]
        if not new:
            return
        self._classified.update(new)
        facts, look = self._facts, self._look
        _add_types(facts, look.classes(new))
        typed = [i for i in new if i in facts.entities]
        # only an organisation's kind changes its type (the others' kinds: _describe)
        _add_kinds(facts, look.kinds([i for i in typed if facts.entities[i].type in ORG_TYPES]))
        untyped = [i for i in new if i not in facts.entities]
        if untyped:
            self._role_only |= {r["role"] for r in look.memberships("role", untyped) if not r["org"]}
        if self._lo is None and self._hi is None:
            return
        dated = [i for i in typed if facts.entities[i].type in DATED_TYPES | {"article"}]
        _add_types(facts, look.types(dated))        # their sources: the articles that date them
        for row in look.dates(dated):
            facts.entities[row["s"]].dates.add(row["d"])
        sources = {s for i in dated for s in facts.entities[i].sources} - set(facts.articles)
        _add_articles(facts, look.articles(look.graphs(sorted(sources))), nodes=())
        published = {src: meta["published"] for src, meta in facts.articles.items()}
        for iri in dated:
            if _dated(facts.entities[iri], published, self._lo, self._hi):
                self._dropped.add(iri)
        self._dropped |= {i for i in untyped if self.type_of(i) in DATED_TYPES | {"article"}}

    def _add(self, edges: dict, keep=None) -> list[tuple[str, str, str]]:
        added = []
        for key, sources in edges.items():
            if keep is not None and key[2] not in keep and key[1] not in ("party", "participant"):
                continue
            self._facts.edges[key] |= sources
            self._touching[key[0]].add(key)
            self._touching[key[2]].add(key)
            added.append(key)
        return added

    def _relation_edges(self, rows, keep=None) -> dict:
        """_add_edges on rows read for some entities: mention targets classified first."""
        if keep is not None:
            rows = [r for r in rows if r["o"] in keep or _RELATIONS[r["p"]] in ("party", "participant")]
        self._classify(r["o"] for r in rows if r["p"] == _LKG + "mentions")
        scratch = _Facts(self._facts.entities, defaultdict(set), {})
        _add_edges(scratch, rows)
        return scratch.edges

    def _read_out(self, iris, keep=None) -> None:
        """The edges these entities start: relations, and for people their memberships
        and nationality. With `keep`, only edges ending in `keep` (and events' parties)."""
        new = [i for i in dict.fromkeys(iris) if i not in self._out and i not in self._expanded]
        if not new:
            return
        look = self._look
        rows = look.out_edges(new)
        members = look.memberships("member", new)
        edges = self._relation_edges(rows, keep)
        post_of, held = look.posts_held(members)
        linked = {r["person"] for r in members if r["org"] or r["role"]}
        nationality = look.nationality([i for i in new if i not in linked])
        _membership_edges(edges, post_of, held, members, nationality, linked)
        added = self._add(edges, keep)
        if keep is None:
            self._out.update(new)
        self._classify(o for (_s, _r, o) in added)

    def _read_among(self, nodes: set[str]) -> None:
        """Every edge between two of `nodes` (and the parties of the events among them)."""
        if any(nodes <= among for among in self._among):
            return
        self._read_out(sorted(nodes), keep=nodes)
        self._among.append(frozenset(nodes))

    def _expand(self, iris) -> None:
        """Every edge touching these entities, and the other ends' types; in the derived
        views also every end of the events they take part in."""
        new = [i for i in dict.fromkeys(iris) if i not in self._expanded]
        if not new:
            return
        look = self._look
        self._classify(new)
        self._read_out(new)
        edges = self._relation_edges(look.in_edges(new))
        wanted = set(new)
        members = [r for r in look.memberships("organization", new) if r["org"] in wanted]
        members += [r for r in look.memberships("role", new) if not r["org"] and r["role"] in wanted]
        post_of, held = look.posts_held(members)
        people = look.nationals(new)
        linked = look.linked(people)
        nationality = [r for r in look.nationality([p for p in people if p not in linked])
                       if r["country"] in wanted]
        _membership_edges(edges, post_of, held, members, nationality, linked)
        self._add(edges)
        self._expanded.update(new)
        self._out.update(new)
        ends = {other for i in new for other, _key in self._others(i)}
        if self.view != "full":
            events = {key[0] for i in new for key in self._touching[i]
                      if key[2] == i and key[1] in _EVENT_ENDS}
            self._read_out(events)
            ends |= {key[2] for e in events for key in self._touching[e] if key[0] == e}
        self._classify(ends)

    # -- the view

    def nodes(self, iris) -> set[str]:
        """Which of these entities are nodes of the view."""
        iris = list(dict.fromkeys(iris))
        self._expand(iris)
        return {i for i in iris if self._is_node(i)}

    def _is_node(self, iri: str) -> bool:
        if not self._exists(iri):
            return False
        kind = self.type_of(iri)
        if self.view == "full":
            if kind not in NODE_TYPES or iri in self._dropped or (self.hide_articles and kind == "article"):
                return False
            return not self._stranded(iri, any(o not in self._dropped for o, _k in self._others(iri)))
        if self.view == "organizations":
            return kind in ORG_TYPES and not self._stranded(iri, bool(self._view_neighbours(iri)))
        if self.view == "people":
            return kind == "official" and any(
                key[2] == iri and key[1] == "attendee" and key[0] not in self._dropped
                for key in self._touching[iri])
        if kind == "agreement":
            return iri not in self._dropped
        return kind in ORG_TYPES and bool(self._view_neighbours(iri))

    def _stranded(self, iri: str, linked: bool) -> bool:
        """What _prune drops: left with no edge, having had one to a dropped fact."""
        return not linked and any(o in self._dropped for o, _k in self._others(iri))

    def _view_neighbours(self, iri: str) -> set[str]:
        """The node's neighbours in the view (the entity must be expanded)."""
        dropped = self._dropped
        out: set[str] = set()
        if self.view == "full":
            out = {o for o, _k in self._others(iri) if o not in dropped}
            if self.hide_articles:
                out = {o for o in out if self.type_of(o) != "article"}
        elif self.view in ("organizations", "people"):
            relations = ("party", "participant") if self.view == "organizations" else ("attendee",)
            fits = ORG_TYPES if self.view == "organizations" else {"official"}
            for s, rel, o in self._touching[iri]:
                if o == iri and rel in relations and s not in dropped:
                    out |= {k[2] for k in self._touching[s] if k[0] == s and k[1] == rel and k[2] != iri}
            out = {o for o in out if self.type_of(o) in fits}
            if self.view == "organizations":
                out |= {o for o, k in self._others(iri) if k[1] in ("subOrganizationOf", "country")
                        and self.type_of(o) in ORG_TYPES}
        elif self.type_of(iri) == "agreement":
            out = {k[2] for k in self._touching[iri] if k[0] == iri and k[1] == "party"
                   and self.type_of(k[2]) in ORG_TYPES}
        else:
            out = {k[0] for k in self._touching[iri] if k[2] == iri and k[1] == "party"
                   and self.type_of(k[0]) == "agreement" and k[0] not in dropped}
        return out

    def neighbours(self, iris, within=None) -> dict[str, set[str]]:
        """Each node's neighbours in the view, or in its subgraph on `within` (a set, or
        a function that picks the allowed ones from a set)."""
        iris = list(dict.fromkeys(iris))
        if self.view == "full" and isinstance(within, (set, frozenset)):
            # the subgraph's edges are all among `within`: the edges its nodes start
            self._read_among(set(within))
            return {i: {o for o, _k in self._others(i) if o in within and o not in self._dropped}
                    for i in iris}
        self._expand(iris)
        out = {i: self._view_neighbours(i) for i in iris}
        if isinstance(within, (set, frozenset)):
            out = {i: nbs & within for i, nbs in out.items()}
        elif within is not None:
            allowed = within(set().union(*out.values()))
            out = {i: nbs & allowed for i, nbs in out.items()}
        return out

    def degrees(self, nodes) -> dict[str, int]:
        """Each node's degree in the view's subgraph on `nodes` (reads its edges)."""
        nodes = set(nodes)
        if self.view == "full":
            self._read_among(nodes)
            degree = dict.fromkeys(nodes, 0)
            for s, _rel, o in self._facts.edges:
                if s in nodes and o in nodes:
                    degree[s] += 1
                    degree[o] += 1
            return degree
        graph = self._structure(nodes).subgraph(nodes)
        return {n: graph.degree(n) for n in nodes}

    def _structure(self, nodes) -> nx.MultiDiGraph:
        """The derived view built from what is known, its nodes barely described."""
        self._expand(sorted(nodes))
        facts = self._known()
        return _BUILDERS[self.view](facts, _date_filter(facts, self.since, self.until))

    def _known(self, described: _Facts | None = None) -> _Facts:
        """The facts read so far, untyped ends typed, `described` entities in full."""
        entities = dict(self._facts.entities)
        for key in self._facts.edges:
            for iri in (key[0], key[2]):
                if iri not in entities:
                    entities[iri] = _Entity(iri, self.type_of(iri))
        if described is not None:
            entities.update(described.entities)
        articles = dict(self._facts.articles)
        if described is not None:
            articles.update(described.articles)
        return _Facts(entities, self._facts.edges, articles)

    def graph(self, nodes, induced=None) -> nx.MultiDiGraph:
        """The view's subgraph on `nodes` (nodes of the view), as to_networkx gives it:
        attributes in full, and the graph's `facts` and `articles` for what it shows.
        `induced(graph, nodes)` takes the subgraph (default: networkx's subgraph copy)."""
        nodes = set(nodes)
        if self.view == "full":
            self._read_among(nodes)
            events = {n for n in nodes if self.type_of(n) in DATED_TYPES}
        else:
            structure = self._structure(nodes).subgraph(nodes)
            events = {e for _u, _v, d in structure.edges(data=True)
                      for e in d.get("agreements", []) + d.get("meetings", [])}
            events |= {n for n in nodes if self.type_of(n) in DATED_TYPES}
        described = self._describe(nodes | events)
        everything = self._known(described)
        dropped = _date_filter(everything, self.since, self.until)
        if self.view == "full":
            # only the edges among the nodes: an edge to a node left out would count in _prune
            facts = _Facts({n: described.entities[n] for n in nodes},
                           {k: v for k, v in self._facts.edges.items() if k[0] in nodes and k[2] in nodes},
                           described.articles)
            graph = _full(facts, dropped & nodes)
        else:
            graph = _BUILDERS[self.view](everything, dropped)
        graph = induced(graph, nodes) if induced else graph.subgraph(nodes).copy()
        facts = _events(everything, dropped, events)
        used = {s for _n, d in graph.nodes(data=True) for s in d["sources"]}
        used |= {src for _n, d in graph.nodes(data=True) for _s, src in d["quotes"]}
        used |= {s for _u, _v, d in graph.edges(data=True) for s in d["sources"]}
        used |= {s for fact in facts.values() for s in fact["sources"]}
        articles = everything.articles
        missing = sorted(used - set(articles))
        _add_articles(everything, self._look.articles(self._look.graphs(missing)), nodes=())
        graph.graph.update(view=self.view, facts=facts,
                           articles={s: articles[s] for s in sorted(used) if s in articles},
                           since=self._lo, until=self._hi)
        return graph

    def attributes(self, iris) -> dict[str, dict]:
        """The node attributes of these nodes (their names, for matching; no date)."""
        described = self._describe(iris)
        return {i: _node_attrs(described.entities[i]) for i in iris}

    def _describe(self, iris) -> _Facts:
        """Everything _read gives these entities, read for them alone."""
        look = self._look
        iris = sorted(set(iris))
        wanted = set(iris)
        facts = _Facts({}, defaultdict(set), {})
        _add_types(facts, look.types(iris))
        _add_kinds(facts, look.kinds([i for i in iris if i in facts.entities]))
        articles = [i for i in iris if facts.entities.get(i) and facts.entities[i].type == "article"]
        _add_articles(facts, look.articles(articles), nodes=wanted)
        posts = look.posts([i for i in iris if facts.entities.get(i) and facts.entities[i].type == "role"])
        post_of = {(r["org"], r["role"]): r["post"] for r in posts}
        roles = sorted({role for (_org, role) in post_of} | {i for i in iris if i not in facts.entities})
        aliases = _alias_map(look.aliases(sorted(wanted | set(roles))))
        rows = look.memberships("member", iris)
        rows += [r for r in look.memberships("role", roles)
                 if (r["org"], r["role"]) in post_of or (not r["org"] and r["role"] in wanted)]
        _membership_facts(facts, post_of, rows, look.membership_evidence(iris), aliases)
        _add_details(facts, look.labels(iris), {i: aliases[i] for i in iris if i in aliases},
                     look.dates(iris), look.evidence(iris))
        for iri in iris:
            _name_untyped(facts.entity(iri))
        facts.entities = {i: facts.entities[i] for i in iris}
        sources = {s for ent in facts.entities.values() for s in ent.sources}   # for their dates
        missing = sorted(sources - set(facts.articles))
        _add_articles(facts, look.articles(look.graphs(missing)), nodes=())
        return facts
