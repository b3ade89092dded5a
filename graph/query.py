"""Named questions, parameter binding and result serialisation.

Each named question is a `.rq` file in `labourkg.queries` whose header declares it:

    #+ summary: Agreements with a partner
    #+ vars: source agreement kind status date
    #+ param: partner entity -- the partner, by any name or alias in either language
    #+ param: since date = none -- only agreements dated on or after this day

A parameter is bound as an RDF term through Oxigraph's substitutions (SEP-0007),
never pasted into the query text, so a value stays a value whatever it contains.
A default after `=` is used when the parameter is not given; `= none` leaves it unbound.

Oxigraph's substitutions only reach variables the outer SELECT projects, and
`BOUND(?param)` stays false for a substituted variable. So a question projects its
parameters after its own columns (the `#+ vars` line names the columns kept; the
others are dropped from the result) and tests an optional parameter with
`sameTerm(COALESCE(?p, <urn:labourkg:unset>), <urn:labourkg:unset>)`, never BOUND.
Filters that use a parameter sit in the outermost group, so that binding the same
parameters with a VALUES block (how `labourkg.graph.remote` asks a remote endpoint)
means the same thing.

A filter on a parameter does not tell the engine where to start; a hint line does:

    #+ if person: ?m schema:attendee ?person .

is a comment (the file stays valid SPARQL that any engine runs) until `person` is
bound, when its text joins the query in place. A hint must only repeat what the
filters already require, so the answer is the same with or without it
(tests/test_inline_params.py checks every question both ways).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, Triple, Variable

PARAM_TYPES = ("entity", "date", "string", "iri", "integer", "decimal")
RESULT_FORMATS = ("json", "csv", "tsv", "xml", "table")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
_HINT = re.compile(r"^([ \t]*)#\+[ \t]*if[ \t]+(\w+)[ \t]*:[ \t]?(.*)$", re.M)
_SPREAD = re.compile(r"^[ \t]*#\+[ \t]*each[ \t]+[?$](\w+)[ \t]+if[ \t]+(\w+)[ \t]*:[ \t]?(.*)$", re.M)
SPREAD_MAX = 64     # a `#+ each` hint is followed for at most this many values
_PARAM = re.compile(r"^(\w+)\s+(\w+)(?:\s*=\s*(\S+))?\s*(?:--\s*(.*))?$")
_INTEGER = re.compile(r"^\s*[+-]?\d+\s*$")
_VAR_NAME = re.compile(r"^[A-Za-z_]\w*$")
_SYNTAX_AT = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)
UNSET = "none"   # a default of `none` leaves an optional parameter unbound


class QueryError(ValueError):
    """A question that cannot run: unknown name, bad parameter, syntax error."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None     # "none" = optional and left unbound
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    summary: str = ""
    vars: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    path: str | None = None

    def text_for(self, bound: Iterable[str]) -> str:
        """The text with the `#+ if NAME:` hint lines of the bound parameters made live."""
        bound = set(bound)
        return _HINT.sub(lambda m: m.group(1) + m.group(3) if m.group(2) in bound else m.group(0),
                         self.text)

    def spread_hint(self) -> tuple[str, str, str] | None:
        """(variable, parameter, pattern) of the `#+ each ?VAR if NAME: PATTERN` line."""
        m = _SPREAD.search(self.text)
        return (m.group(1), m.group(2), m.group(3)) if m else None


def parse_query(text: str, name: str = "query", path: str | None = None) -> NamedQuery:
    """Read the `#+` header of a query; a query without one is still a query."""
    summary, variables, params = "", (), []
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "summary":
            summary = value
        elif key == "vars":
            variables = tuple(value.split())
        elif key == "param":
            pm = _PARAM.match(value)
            if not pm or pm.group(2) not in PARAM_TYPES:
                raise QueryError(f"{path or name}: bad '#+ param:' line {value!r}; "
                                 f"write '#+ param: NAME TYPE [= DEFAULT] -- doc' with TYPE one of "
                                 f"{', '.join(PARAM_TYPES)}")
            params.append(Param(pm.group(1), pm.group(2), pm.group(3), pm.group(4) or ""))
    declared = {p.name for p in params}
    spreads = list(_SPREAD.finditer(text))
    if len(spreads) > 1:
        raise QueryError(f"{path or name}: more than one '#+ each' line; a question is spread "
                         f"over the values of one variable at most")
    for m in list(_HINT.finditer(text)) + spreads:
        if m.group(2) not in declared:
            raise QueryError(f"{path or name}: '#+ if {m.group(2)}:' names no parameter of the "
                             f"question; declare it with '#+ param: {m.group(2)} TYPE ...'")
    return NamedQuery(name, text, summary, variables, tuple(params), path)


def named_queries() -> dict[str, NamedQuery]:
    """Every named question shipped with the package, by name."""
    out = {}
    for entry in sorted(resources.files("labourkg.queries").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = parse_query(entry.read_text(encoding="utf-8"), name, entry.name)
    return out


def resolve_query(spec: str) -> NamedQuery:
    """A named question, a path to a .rq file, or SPARQL text."""
    spec = spec.strip()
    queries = named_queries()
    if spec in queries:
        return queries[spec]
    if spec.endswith(".rq") and "\n" not in spec:
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"query file not found: {spec}")
        return parse_query(path.read_text(encoding="utf-8"), path.stem, str(path))
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", spec, re.I):
        return parse_query(spec)
    raise QueryError(f"unknown query {spec!r}: give a named question (see `labourkg queries`), "
                     f"a .rq file or SPARQL text")


def fold(text: str) -> str:
    """Case, accents, punctuation and spacing folded: how names are compared."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def literal_for(param: Param, value: object) -> Literal | NamedNode:
    """The RDF term a parameter value is bound as (entities are looked up by the store)."""
    text = str(value)
    try:
        if param.type == "date":
            d = value if isinstance(value, date) else date.fromisoformat(text)
            return Literal(d.isoformat(), datatype=NamedNode(_XSD + "date"))
        if param.type == "integer":
            if not _INTEGER.match(text):
                raise ValueError("not a whole number")
            return Literal(str(int(text)), datatype=NamedNode(_XSD + "integer"))
        if param.type == "decimal":
            try:
                number = Decimal(text.strip())
            except InvalidOperation:
                raise ValueError("not a number") from None
            if not number.is_finite():
                raise ValueError("not a finite number")
            return Literal(format(number, "f"), datatype=NamedNode(_XSD + "decimal"))
        if param.type == "iri":
            if not re.match(r"^[a-zA-Z][\w+.-]*:[^\s<>\"{}|\\^`]*$", text):
                raise ValueError("not an absolute IRI")
            return NamedNode(text)
    except ValueError as exc:
        raise QueryError(f"parameter {param.name}: {text!r} is not a valid {param.type} ({exc})") from None
    return Literal(text)


class QueryTimeout(QueryError):
    """The question ran longer than it was allowed to."""


# -- binding ---------------------------------------------------------------------------

def bind_params(nq: NamedQuery, params: dict[str, object],
                resolve_entity: Callable[[str], NamedNode | None]) -> dict[str, Literal | NamedNode]:
    """The RDF term each parameter is bound to, by variable name.

    Declared parameters are typed (an entity is looked up by any of its names with
    `resolve_entity`), defaults are filled in, and a name the question does not
    declare is an error. SPARQL text without a header binds any `?name` as a plain
    literal. An empty value counts as not given.
    """
    declared = {p.name: p for p in nq.params}
    given = {k: v for k, v in params.items() if v is not None and v != ""}
    unknown = sorted(set(params) - set(declared))
    if unknown and (declared or nq.path is not None):
        takes = ", ".join(declared) or "no parameters"
        raise QueryError(f"{nq.name} has no parameter {', '.join(unknown)}; it takes: {takes}")
    out: dict[str, Literal | NamedNode] = {}
    for name in unknown:
        if not _VAR_NAME.match(name):
            raise QueryError(f"parameter {name!r}: a parameter name is a SPARQL variable name "
                             f"(letters, digits and _)")
        if name in given:
            out[name] = Literal(str(given[name]))
    missing = []
    for p in nq.params:
        if p.name in given:
            value = given[p.name]
            term = resolve_entity(str(value)) if p.type == "entity" else literal_for(p, value)
            if term is None:
                raise QueryError(f"parameter {p.name}: no entity is named {str(value)!r} in this graph "
                                 f"(try another name, an acronym, or `labourkg query aliases`)")
            out[p.name] = term
        elif p.required:
            missing.append(p.name)
        elif p.default != UNSET:
            # a default entity that this graph does not know leaves the parameter unbound
            term = resolve_entity(p.default) if p.type == "entity" else literal_for(p, p.default)
            if term is not None:
                out[p.name] = term
    if missing:
        needed = " ".join(f"--param {m}=..." for m in missing)
        raise QueryError(f"{nq.name} needs a value for {', '.join(missing)} ({needed})")
    return out


# an entity is found by a name of an organisation or person before one of an
# agreement or meeting, and before roles, places and topics that share a name
_TYPE_RANK = {
    "http://www.w3.org/ns/org#Organization": 0,
    "https://w3id.org/labourkg/ontology#Official": 0,
    "https://schema.org/Person": 0,
    "https://w3id.org/labourkg/ontology#Agreement": 1,
    "https://w3id.org/labourkg/ontology#Meeting": 1,
}
_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"

# every label with its entity and type: the full scan whose answer find_entity must give
# (the store looks names up through its index; the tests compare with this)
ENTITY_LABELS = """
SELECT DISTINCT ?s ?p ?label ?type WHERE {
  VALUES ?p { <http://www.w3.org/2004/02/skos/core#prefLabel> <http://www.w3.org/2004/02/skos/core#altLabel> }
  GRAPH ?g { ?s ?p ?label . OPTIONAL { ?s a ?type } }
  FILTER(isIRI(?s))
}"""

DISTINCT_LABELS = """
SELECT DISTINCT ?l WHERE {
  VALUES ?p { <http://www.w3.org/2004/02/skos/core#prefLabel> <http://www.w3.org/2004/02/skos/core#altLabel> }
  GRAPH ?g { ?s ?p ?l }
}"""


def pick_entity(name: str, rows: Iterable[tuple[str, str, str, str | None]]) -> NamedNode | None:
    """The entity `name` refers to, from (subject, predicate, label, type) rows.

    Names are compared folded (case, accents, punctuation); an organisation or
    person beats other things, then a preferred label beats an alternative one,
    then the smallest IRI wins so that the choice is deterministic.
    """
    key = fold(name)
    if not key:
        return None
    best: dict[str, tuple[int, int]] = {}
    for subject, predicate, label, type_ in rows:
        if _folded(label) != key:
            continue
        label_rank = 0 if predicate == _PREF_LABEL else 1
        type_rank = _TYPE_RANK.get(type_ or "", 2)
        old = best.get(subject, (9, 9))
        best[subject] = (min(old[0], type_rank), min(old[1], label_rank))
    if not best:
        return None
    return NamedNode(min(best, key=lambda s: (best[s], s)))


@functools.lru_cache(maxsize=65536)
def _folded(label: str) -> str:
    return fold(label)


# -- running ---------------------------------------------------------------------------

def run_query(store, nq: NamedQuery, bindings: dict[str, Literal | NamedNode], *,
              max_rows: int | None = None,
              should_stop: Callable[[], bool] | None = None, inline: bool = True) -> QueryResult:
    """Run a question on a pyoxigraph Store (named graphs seen as one default graph).

    Parameters are written into the query as constants where the question's columns
    do not include them (see `sparql_text.inline_params`), else substituted.
    `max_rows` stops reading after that many rows and marks the result truncated;
    `should_stop` is asked between rows and raises QueryTimeout when it says yes.
    """
    where = nq.path or nq.name
    substitutions = {Variable(k): v for k, v in bindings.items()}
    text = nq.text_for(bindings)
    inlined = inlined_text(nq, text, bindings) if inline else None
    try:
        if inlined is not None:
            inlined = spread_text(store, nq, bindings) or inlined
        if inlined is not None:
            try:
                answer = store.query(inlined, use_default_graph_as_union=True)
            except SyntaxError:     # a constant where the grammar wants a variable
                inlined = None
        if inlined is None:
            answer = store.query(text, use_default_graph_as_union=True,
                                 substitutions=substitutions or None)
        result = to_result(answer, max_rows, should_stop)
    except SyntaxError as exc:
        raise QueryError(syntax_message(text, str(exc), where)) from None
    except (RuntimeError, OSError) as exc:
        if file_retired(exc):
            raise           # the caller reopens the store and asks again
        raise QueryError(_evaluation_message(where, str(exc))) from None
    return result.keep(nq.vars)


def inlined_text(nq: NamedQuery, text: str, bindings: dict) -> str | None:
    """The question's text with its parameters as constants, when its declared columns
    leave the parameters out (so the answer looks the same); else None."""
    if not bindings or not nq.vars or set(bindings) & set(nq.vars):
        return None
    from labourkg.graph.sparql_text import inline_params
    try:
        return inline_params(text, bindings)
    except QueryError:          # a term that cannot be written as text: substitute it
        return None


def spread_text(store, nq: NamedQuery, bindings: dict) -> str | None:
    """The question asked once per value of its `#+ each ?VAR if NAME: PATTERN` line, as a
    UNION of its WHERE group with ?VAR written as each value; None when NAME is unbound,
    PATTERN finds more than SPREAD_MAX values, or a value cannot be written in.

    Oxigraph starts a join from a constant but hash-joins a VALUES block, a subquery or a
    path against the whole of the other side: one entity's timeline read every meeting
    and agreement of the store (15 s at 100k articles for one row). PATTERN must find
    every value of ?VAR the question's own filters let through (tests/test_inline_params.py
    asks every question both ways)."""
    hint = nq.spread_hint()
    if hint is None or hint[1] not in bindings:
        return None
    var, _param, pattern = hint
    whole = inlined_text(nq, nq.text, bindings)      # the `if` hints stay comments
    if whole is None:
        return None
    from labourkg.graph.sparql_text import inline_params, prologue, spread
    first = inline_params(f"{prologue(nq.text)}SELECT DISTINCT ?{var} WHERE {{ {pattern} }} "
                          f"LIMIT {SPREAD_MAX + 1}", bindings)
    if first is None:
        return None
    try:
        values = [sol[var] for sol in store.query(first, use_default_graph_as_union=True)]
    except SyntaxError as exc:
        raise QueryError(f"{nq.path or nq.name}: the '#+ each ?{var}' line is not a SPARQL "
                         f"pattern: {exc}") from None
    if len(values) > SPREAD_MAX or not all(isinstance(v, NamedNode) for v in values):
        return None
    return spread(whole, var, sorted(values, key=lambda v: v.value))


def file_retired(exc: BaseException) -> bool:
    """A read-only store tried a data file that a writer's compaction has since deleted.

    RocksDB opens a read-only store's files lazily, so a reader that started before an
    ingest's compaction can hit this; a store opened again sees the current files.
    """
    return isinstance(exc, (OSError, RuntimeError)) and "No such file or directory" in str(exc)


def to_result(answer, max_rows: int | None = None,
              should_stop: Callable[[], bool] | None = None) -> QueryResult:
    """A pyoxigraph answer (solutions, boolean or triples) read into a QueryResult."""
    if isinstance(answer, (bool, QueryBoolean)):
        return QueryResult(boolean=bool(answer))
    items: list = []
    truncated = False
    as_row = tuple if isinstance(answer, QuerySolutions) else (lambda t: t)
    for item in answer:
        if should_stop is not None and should_stop():
            raise QueryTimeout("the query took too long and was stopped")
        if max_rows is not None and len(items) >= max_rows:
            truncated = True
            break
        items.append(as_row(item))
    if isinstance(answer, QuerySolutions):
        return QueryResult(vars=[v.value for v in answer.variables], solutions=items,
                           truncated=truncated)
    return QueryResult(triples=items, truncated=truncated)


def syntax_message(text: str, error: str, where: str = "query") -> str:
    """Oxigraph's `error at L:C: ...` as `line L, column C`, with the line and a caret."""
    m = _SYNTAX_AT.match(error.strip())
    if not m:
        return f"syntax error in {where}: {error}"
    line_no, byte_col, detail = int(m.group(1)), int(m.group(2)), m.group(3)
    undeclared = undeclared_prefixes(text)
    if undeclared:
        detail = (f"unknown prefix {undeclared[0]}: declare it with "
                  f"PREFIX {undeclared[0]}: <...>")
    elif "Prefix not found" in detail:
        detail = "unknown prefix: declare it with PREFIX"
    else:
        detail = " ".join(detail.split())
        if len(detail) > 160:
            detail = detail[:157] + "..."
    lines = text.splitlines()
    column = byte_col
    shown = ""
    if 1 <= line_no <= len(lines):
        src = lines[line_no - 1]
        # Oxigraph counts bytes; people count characters
        column = len(src.encode("utf-8")[:max(byte_col - 1, 0)].decode("utf-8", "ignore")) + 1
        shown = f"\n  {src}\n  {' ' * (column - 1)}^"
    return f"syntax error in {where} at line {line_no}, column {column}: {detail}{shown}"


_NOT_CODE = re.compile("|".join([
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',        # long strings
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n]|\\.)*"',                # strings
    r"'(?:[^'\\\n]|\\.)*'",
    r'<[^<>"{}|^`\\\s]*>',                 # IRIs
    r"#[^\n]*",                            # comments
]))
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.I)
_PREFIXED = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w-]*):(?=[\w%\\])")


def undeclared_prefixes(text: str) -> list[str]:
    """Prefixes used in a query but not declared, e.g. `ex` for `ex:p` with no PREFIX ex:."""
    code = _NOT_CODE.sub(" ", text)
    declared = {m.group(1) or "" for m in _DECLARED.finditer(code)}
    used = [m.group(1) for m in _PREFIXED.finditer(code)]
    return sorted({u for u in used if u not in declared and u.lower() not in ("http", "https", "urn")})


def _evaluation_message(where: str, error: str) -> str:
    m = re.search(r"does not contains? variable \?(\w+) in its SELECT projection", error)
    if m:
        return (f"{where}: parameter {m.group(1)} must be listed in the SELECT clause "
                f"(Oxigraph binds parameters only to projected variables)")
    return f"{where}: the query could not run: {error}"


def _term_json(term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype.value != _XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {"type": "triple", "value": {k: _term_json(getattr(term, k))
                                            for k in ("subject", "predicate", "object")}}
    raise TypeError(term)


def _value(term) -> str | None:
    if term is None:
        return None
    return term.value if hasattr(term, "value") else str(term)


@dataclass
class QueryResult:
    """The answer to one question: solutions (SELECT), a boolean (ASK) or triples."""

    vars: list[str] = field(default_factory=list)
    solutions: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] | None = None
    truncated: bool = False    # stopped at a row limit: more answers exist

    def keep(self, names: Iterable[str]) -> "QueryResult":
        """Only the columns `names` lists (a named question's `#+ vars`), in result order.

        Unchanged when `names` is empty or shares no column with the result.
        """
        wanted = set(names)
        idx = [i for i, v in enumerate(self.vars) if v in wanted]
        if not wanted or not idx or len(idx) == len(self.vars):
            return self
        return QueryResult(vars=[self.vars[i] for i in idx],
                           solutions=[tuple(sol[i] for i in idx) for sol in self.solutions],
                           boolean=self.boolean, triples=self.triples, truncated=self.truncated)

    @property
    def rows(self) -> list[dict[str, str | None]]:
        """Solutions as plain strings, one dict per row (unbound = None)."""
        return [{v: _value(t) for v, t in zip(self.vars, sol)} for sol in self.solutions]

    def __len__(self) -> int:
        if self.triples is not None:
            return len(self.triples)
        return len(self.solutions)

    def to_dataframe(self):
        """A pandas DataFrame of the rows (pandas is optional, not a dependency)."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError("to_dataframe() needs pandas: pip install pandas") from exc
        return pd.DataFrame(self.rows, columns=self.vars)

    def serialize(self, format: str = "json") -> str:
        """json (SPARQL 1.1 Query Results JSON), csv, tsv, xml; turtle/ntriples for graphs."""
        if self.triples is not None:
            return _serialize_triples(self.triples, format)
        fmt = format.lower()
        if fmt == "json":
            if self.boolean is not None:
                return json.dumps({"head": {}, "boolean": self.boolean}, indent=2)
            bindings = [{v: _term_json(t) for v, t in zip(self.vars, sol) if t is not None}
                        for sol in self.solutions]
            return json.dumps({"head": {"vars": self.vars}, "results": {"bindings": bindings}},
                              indent=2, ensure_ascii=False)
        if fmt == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\r\n")
            writer.writerow(self.vars if self.boolean is None else ["boolean"])
            if self.boolean is not None:
                writer.writerow([str(self.boolean).lower()])
            for row in self.rows:
                writer.writerow(["" if row[v] is None else row[v] for v in self.vars])
            return buf.getvalue()
        if fmt == "tsv":
            lines = ["\t".join("?" + v for v in self.vars)]
            for sol in self.solutions:
                lines.append("\t".join("" if t is None else _tsv_term(t) for t in sol))
            return "\n".join(lines) + "\n"
        if fmt == "xml":
            return _xml(self)
        if fmt == "table":
            return _plain_table(self)
        raise QueryError(f"unknown result format {format!r}; use one of {', '.join(RESULT_FORMATS)}")


def _tsv_term(term) -> str:
    text = str(term)
    return text.replace("\t", "\\t").replace("\n", "\\n")


def _xml(result: QueryResult) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
           "  <head>"]
    out += [f"    <variable name={quoteattr(v)}/>" for v in result.vars]
    out.append("  </head>")
    if result.boolean is not None:
        out.append(f"  <boolean>{str(result.boolean).lower()}</boolean>")
    else:
        out.append("  <results>")
        for sol in result.solutions:
            out.append("    <result>")
            for v, t in zip(result.vars, sol):
                if t is None:
                    continue
                if isinstance(t, NamedNode):
                    inner = f"<uri>{escape(t.value)}</uri>"
                elif isinstance(t, BlankNode):
                    inner = f"<bnode>{escape(t.value)}</bnode>"
                elif t.language:
                    inner = f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
                elif t.datatype and t.datatype.value != _XSD + "string":
                    inner = f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
                else:
                    inner = f"<literal>{escape(t.value)}</literal>"
                out.append(f"      <binding name={quoteattr(v)}>{inner}</binding>")
            out.append("    </result>")
        out.append("  </results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _plain_table(result: QueryResult) -> str:
    rows = [["" if r[v] is None else r[v] for v in result.vars] for r in result.rows]
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(result.vars)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(result.vars), line(["-" * w for w in widths])] + [line(r) for r in rows]) + "\n"


def _serialize_triples(triples: list[Triple], format: str) -> str:
    from pyoxigraph import RdfFormat, serialize

    from labourkg.ontology import PREFIXES

    formats = {"turtle": RdfFormat.TURTLE, "ttl": RdfFormat.TURTLE,
               "ntriples": RdfFormat.N_TRIPLES, "nt": RdfFormat.N_TRIPLES,
               "jsonld": RdfFormat.JSON_LD, "xml": RdfFormat.RDF_XML, "json": RdfFormat.JSON_LD}
    if format.lower() not in formats:
        raise QueryError(f"graph results serialize as turtle, ntriples, jsonld or xml, not {format!r}")
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    data = serialize(ordered, format=formats[format.lower()], prefixes=PREFIXES)
    return data.decode("utf-8")
